/* A --rejets FILE: the records a program refused, as a valid stream of the
 * same vocabulary (root element and namespaces taken from the input), each
 * record as it came in, preceded by a comment giving the reason. */
#ifndef SNE_REJETS_H
#define SNE_REJETS_H

#include <stddef.h>

#include "sne/stream.h"

struct sne_rejets;

/* Creates PATH (mode 0600, gzip when it ends in ".gz") for records whose
 * root element is ROOT_NAME in namespace ROOT_NS ("interfaceNuu",
 * SNE_NS_NUU); ROOT_ATTRS (may be "") is added to the root start tag.
 * Returns NULL with errno set.  Strings are borrowed until close. */
struct sne_rejets *sne_rejets_open(const char *path, const char *root_ns, const char *root_name,
                                   const char *root_attrs);
/* Appends REC's input bytes (edits are ignored) after "<!-- refusée :
 * REASON -->".  0, or -1 with errno set. */
int sne_rejets_write(struct sne_rejets *rejets, const struct sne_record *rec, const char *reason);
/* Appends the record BYTES (LEN bytes, a whole record element of the same
 * vocabulary, kept past its stream: sne-update's modifications,
 * sne-rpls-load's earlier rows) after the same comment.  Written first, it
 * opens a root whose default namespace is ROOT_NS: BYTES must then declare
 * on its start tag the prefixes it uses.  0, or -1 with errno set. */
int sne_rejets_write_text(struct sne_rejets *rejets, const char *bytes, size_t len,
                          const char *reason);
/* Closes the root (an empty stream when nothing was refused) and the file.
 * 0, or -1 with errno set when any write failed. */
int sne_rejets_close(struct sne_rejets *rejets);
/* The file's name.  Borrowed. */
const char *sne_rejets_path(const struct sne_rejets *rejets);

#endif
