/* The order of the RPLS reference and its sparse index.
 *
 * sne-rpls-load keeps the reference sorted by RPLS number (byte order of
 * the 10 characters, digits before letters) and writes beside it
 * "REFERENCE.idx": the number and byte offset of every
 * SNE_RPLS_INDEX_STEP-th logement.  sne-attrib then reads one block of
 * logements instead of the whole reference; sne-rpls-load takes a valid
 * index as the proof that the reference is sorted.  The index is text:
 *
 *   sne-rpls-index 1
 *   reference SIZE MTIME_SEC.NSEC INODE DEVICE   identity of the reference
 *   logements START END COUNT STEP
 *   RPLS OFFSET                                  first logement of each block
 *   ...
 *   crc32 XXXXXXXX                               of every byte before this line
 *
 * START is the offset of the first logement, END the offset just past the
 * last one: the bytes before START (prolog, root start tag with its
 * namespace declarations) and from END on (root end tag), around the bytes
 * of one block, are a well-formed stream of that block alone.  An index is
 * used only when the reference's identity (fstat) is the one it names: a
 * rewrite or a hand edit makes it stale, and it is then ignored. */
#ifndef SNE_RPLS_INDEX_H
#define SNE_RPLS_INDEX_H

#include <stddef.h>

#include "sne/rpls.h"

#define SNE_RPLS_INDEX_STEP 1024
#define SNE_RPLS_INDEX_SUFFIX ".idx"

/* What a change of a file changes. */
struct sne_file_id {
	unsigned long long size, inode, device;
	long long mtime_sec;
	long mtime_nsec;
};

/* The identity of the file at PATH.  0, or -1 with errno set. */
int sne_file_id_of_path(const char *path, struct sne_file_id *id);

/* ------------------------------------------------------------------ */
/* building, while the reference is written */

struct sne_rpls_index_builder;
/* Never NULL.  Free with sne_rpls_index_builder_free(). */
struct sne_rpls_index_builder *sne_rpls_index_builder_new(void);
/* Notes a logement written at bytes [START, END) of the output, in output
 * order; RPLS may be NULL (a logement without number: not sorted). */
void sne_rpls_index_builder_add(struct sne_rpls_index_builder *builder, const char *rpls,
                                unsigned long long start, unsigned long long end);
/* Writes "REFERENCE.idx" for the reference written, whose identity is ID
 * and whose uncompressed length is WRITTEN bytes, through a locked
 * temporary file, fsync and rename (sne_inplace); the caller holds the
 * reference's own lock.  Returns 0, or -1 with a French reason in WHY
 * (not sorted, no logement...; a failed write is also said with
 * sne_warn()), the index file then left as it was. */
int sne_rpls_index_write(const struct sne_rpls_index_builder *builder, const char *reference,
                         const struct sne_file_id *id, unsigned long long written, char *why,
                         size_t why_size);
void sne_rpls_index_builder_free(struct sne_rpls_index_builder *builder);
/* Removes "REFERENCE.idx" if it is there (a reference that can no longer
 * be indexed); 0, or -1 with errno set. */
int sne_rpls_index_remove(const char *reference);

/* ------------------------------------------------------------------ */
/* reading */

struct sne_rpls_index;
/* Opens REFERENCE and "REFERENCE.idx" and checks that the index describes
 * the reference as it is now: it then vouches that the reference is
 * sorted.  Returns 0 and *OUT (free with sne_rpls_index_close()), or -1
 * with a French reason in WHY (no index, stale, corrupt). */
int sne_rpls_index_open(const char *reference, struct sne_rpls_index **out, char *why,
                        size_t why_size);
/* Calls ON_KNOWN(NUMBER, CTX) for each of the COUNT NUMBERS the reference
 * holds, reading only their blocks with the stream parser.  Returns 0, or
 * -1 with a French reason in WHY when the index cannot answer (a gzip
 * reference, a block that does not match it, or so many blocks that a
 * full reading is cheaper): the caller then reads the whole reference.  ON_KNOWN may have
 * been called for some numbers before a failure. */
int sne_rpls_index_lookup(struct sne_rpls_index *index, const char *const *numbers, size_t count,
                          void (*on_known)(const char *rpls, void *ctx), void *ctx, char *why,
                          size_t why_size);
/* Blocks read by the lookups, for messages. */
size_t sne_rpls_index_blocks_read(const struct sne_rpls_index *index);
/* The index file's name ("REFERENCE.idx").  Borrowed. */
const char *sne_rpls_index_path(const struct sne_rpls_index *index);
void sne_rpls_index_close(struct sne_rpls_index *index);

#endif
