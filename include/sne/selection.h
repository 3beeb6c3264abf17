/* A selection of demandes by numéro unique (--numero NU, --numeros FILE):
 * a hash set of canonical numéros, so that looking a record up costs the
 * same for 1 or 100,000 numéros, and that remembers which ones were seen in
 * the stream, to report the others after the run. */
#ifndef SNE_SELECTION_H
#define SNE_SELECTION_H

#include <stddef.h>

struct sne_selection;

/* An empty selection.  Returns NULL when out of memory.  Free with
 * sne_selection_free(). */
struct sne_selection *sne_selection_new(void);
void sne_selection_free(struct sne_selection *selection);

/* Adds numéro TEXT, parsed tolerantly (blanks, dashes, lower case) and kept
 * canonical; adding one twice is harmless.  Returns 0, or -1 with a French
 * reason in WHY (invalid numéro, out of memory). */
int sne_selection_add(struct sne_selection *selection, const char *text, char *why,
                      size_t why_size);
/* Adds the numéros of file PATH, one per line; blank lines and lines
 * starting with '#' are skipped, CR LF is accepted.  Returns 0, or
 * SNE_EX_NOINPUT (cannot open, WHY has strerror) or SNE_EX_DATAERR (WHY:
 * "ligne N : numéro « ... » invalide : ...") or SNE_EX_IOERR. */
int sne_selection_add_file(struct sne_selection *selection, const char *path, char *why,
                           size_t why_size);

/* Number of distinct numéros selected. */
size_t sne_selection_size(const struct sne_selection *selection);
/* Whether numéro NUMERO (as found in a record, parsed tolerantly) is
 * selected; when it is, it is marked seen.  A text that is not a numéro is
 * never selected. */
int sne_selection_take(struct sne_selection *selection, const char *numero);
/* Whether canonical NUMERO is selected, without marking it. */
int sne_selection_contains(const struct sne_selection *selection, const char *numero);

/* The selected numéros never taken, in the order they were added: call
 * with *CURSOR = 0 first; returns the next canonical numéro (borrowed, valid
 * until the selection is freed) or NULL at the end. */
const char *sne_selection_next_unseen(const struct sne_selection *selection, size_t *cursor);
/* Warns « demande NU MISSED » for each selected numéro never taken (MISSED
 * says where it was looked for and what was not done); returns how many.
 * SELECTION may be NULL (nothing selected). */
size_t sne_selection_report_unseen(const struct sne_selection *selection, const char *missed);

#endif
