/* In-place rewrite of a register file: an exclusive lock on "FILE.lock",
 * a temporary file in the same folder (mode 0600, O_EXCL), fsync, rename(2)
 * over the original, fsync of the folder.  A crash at any moment leaves the
 * old file or the new one, never a mix; stale temporary files of a killed
 * run (".FILE.tmp.XXXXXX") are removed by the next run, under the lock.
 * The rewritten register is mode 0600 whatever the original mode. */
#ifndef SNE_INPLACE_H
#define SNE_INPLACE_H

#include "sne/io.h"
#include "sne/store.h"

struct sne_inplace;

/* An SQLite register (recognised by its header, sne/store.h) is not
 * rewritten: the session is the store's transaction, the input the stream
 * of its selected rows, the output its sink (records upserted by numéro),
 * the commit SQLite's; while it is open, sne_store_current() is that store.
 *
 * Locks PATH (waits when WAIT != 0, else fails with SNE_EX_TEMPFAIL naming
 * the holder), opens it for reading and creates the temporary output (gzip
 * when PATH ends in ".gz").  Refuses a PATH that is a symlink, is not a
 * regular file or belongs to another user than the effective one
 * (SNE_EX_CANTCREAT); a missing PATH gives SNE_EX_NOINPUT and leaves no
 * lock file.  Returns 0 and *OUT (freed by commit or abort), or an SNE_EX_*
 * code after printing the French reason with sne_warn(). */
int sne_inplace_begin(const char *path, int wait, struct sne_inplace **out);
/* Like sne_inplace_begin(), but a missing PATH is not an error: it is
 * created by the commit, under the same lock (sne_inplace_input() is then
 * NULL: the program writes a whole new file). */
int sne_inplace_begin_or_create(const char *path, int wait, struct sne_inplace **out);
/* For an SQLite register, before sne_inplace_input(): the rows to read
 * (NULL: all) and whether to commit in batches.  Nothing for a file. */
void sne_inplace_select(struct sne_inplace *ip, const struct sne_store_select *select,
                        int batches);
/* The run's status RC, made worse by what stopped a store's sink (75 when
 * another writer came in between two batches...). */
int sne_inplace_status(struct sne_inplace *ip, int rc);
/* Whether batches of a store were committed already: an abort keeps them
 * (and says so). */
int sne_inplace_partial(const struct sne_inplace *ip);
/* The original file, to read, or NULL for a file being created.  Borrowed. */
struct sne_input *sne_inplace_input(struct sne_inplace *ip);
/* The temporary file, to write.  Borrowed. */
struct sne_output *sne_inplace_output(struct sne_inplace *ip);
/* Syncs and renames the temporary file over PATH, then unlocks and frees.
 * Returns 0, or SNE_EX_IOERR after printing why (the original is kept). */
int sne_inplace_commit(struct sne_inplace *ip);
/* Removes the temporary file, unlocks and frees; the original is untouched. */
void sne_inplace_abort(struct sne_inplace *ip);

#endif
