/* Codes guichet: five characters [0-9A-Z], e.g. G1104; GDPUB is the
 * portail grand public. */
#ifndef SNE_GUICHET_H
#define SNE_GUICHET_H

#include <stddef.h>

#define SNE_GUICHET_LEN 5
#define SNE_GUICHET_SIZE 6
#define SNE_GUICHET_PGP "GDPUB"

/* Normalises TEXT (blanks and dashes dropped, lower case raised: "g 1104"
 * gives "G1104") into OUT (SNE_GUICHET_SIZE bytes) and checks [0-9A-Z]{5}.
 * Returns 0, or -1 with a French reason in WHY (may be NULL). */
int sne_guichet_parse(const char *text, char *out, char *why, size_t why_size);

#endif
