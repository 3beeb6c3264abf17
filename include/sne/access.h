/* Who may run what, checked once the command line is read: the
 * habilitations of the real user (sne/habilitation.h), then the guichet
 * register when the configuration names one (key "guichets"). */
#ifndef SNE_ACCESS_H
#define SNE_ACCESS_H

#include <stddef.h>

#include "sne/cli.h"

/* Applies the habilitations file of the build to CLI's profile and
 * guichet: a profile or guichet the user is not granted is 77, a file
 * others may write 78; without the file, a note on a terminal that
 * profiles are not enforced.  Then, with a guichet register configured,
 * refuses a guichet it does not hold or one closed at CLI's date (64
 * naming the nearest codes; 65/66 when the register cannot be read).  GDPUB and sne-guichet's own
 * runs (CLI->own_register) are not checked.  The register and the guichet
 * are kept in CLI->guichets and CLI->guichet_info (freed by sne_cli_free()).
 * Returns 0 when all is well, else the SNE_EX_* of the refusal after its
 * message. */
int sne_access_check(struct sne_cli *cli);
/* Loads the configured register into CLI->guichets when the run's guichet
 * did not (sne-notice names every demande's guichet).  Returns 0 (also
 * without the key "guichets"), or the loader's SNE_EX_* after its message. */
int sne_access_load_register(struct sne_cli *cli);
/* Whether the run's guichet serves TERRITOIRE: 0 when it does or when no
 * register is configured; else -1 with a French reason in WHY naming the
 * territories it serves. */
int sne_access_check_territoire(const struct sne_cli *cli, const char *territoire, char *why,
                                size_t why_size);

#endif
