/* Durable allocation of numéro sequences, one counter per (territory, MMYY)
 * in the state directory ("compteurs/TTT-MMYY", mode 0600, folders 0700).
 *
 * A counter is read and advanced under flock(2) and fsync'ed before any
 * number of the block is handed out, so a crash may leave a gap but never
 * gives a number twice.  Blocks grow as a run allocates more (1, 2, 4 ...
 * 1024 numbers), so a big batch costs one lock and one fsync per block;
 * numbers reserved but not used are given back at close when no other
 * process allocated after us.  A run whose numbers stay invisible until it
 * commits holds its counters instead (sne_alloc_hold): one lock and one
 * fsync per counter per run.
 *
 * An allocator is not shared across fork(): in a child, the parent's
 * blocks are forgotten (never handed out twice) and the child reserves its
 * own.  A counter holds the last sequence given, "NNNNNN\n". */
#ifndef SNE_ALLOC_H
#define SNE_ALLOC_H

#include <stddef.h>

struct sne_alloc;

/* Opens the allocator on STATE_DIR (created 0700 when missing, 02770 in
 * the setgid deployment: sne/privilege.h).  Returns
 * NULL with a French reason in WHY. */
struct sne_alloc *sne_alloc_open(const char *state_dir, char *why, size_t why_size);
/* Next sequence for (TERRITOIRE, MOIS 1..12, ANNEE 0..99) into *SEQUENCE.
 * Returns 0, or an SNE_EX_* code with WHY (counter exhausted past 999999:
 * SNE_EX_DATAERR; I/O: SNE_EX_IOERR; a territory that is not three
 * characters [0-9A-Z] or a month/year out of range: SNE_EX_SOFTWARE, a bug
 * of the caller).  The first number of a new counter is 1. */
int sne_alloc_next(struct sne_alloc *alloc, const char *territoire, int mois, int annee,
                   long *sequence, char *why, size_t why_size);
/* Reserves COUNT consecutive numbers durably, the first in *FIRST; all of
 * them or none (SNE_EX_DATAERR when they would pass 999999). */
int sne_alloc_reserve(struct sne_alloc *alloc, const char *territoire, int mois, int annee,
                      long count, long *first, char *why, size_t why_size);
/* From now until close, each counter is locked at its first number and
 * kept locked, its numbers handed out from memory and written (fsync'ed)
 * once, by sne_alloc_sync() or at close: one lock and one fsync per
 * counter per run.  Only for a caller whose numbers stay invisible until
 * it commits (a register rewritten in place): it calls sne_alloc_sync()
 * before its commit.  A counter another process holds is waited for only
 * after the counters held here are written and released, so that two
 * holding runs never wait on each other.  Called before the first number. */
void sne_alloc_hold(struct sne_alloc *alloc);
/* Writes and fsyncs every held counter that gave numbers since the last
 * call.  Returns 0, or SNE_EX_IOERR with WHY. */
int sne_alloc_sync(struct sne_alloc *alloc, char *why, size_t why_size);
/* Gives back unused reserved numbers when possible, then frees. Returns 0 or
 * SNE_EX_IOERR after printing why with sne_warn() (only a gap is left). */
int sne_alloc_close(struct sne_alloc *alloc);

/* Calls FN with each counter of STATE_DIR (the last sequence given), read
 * without lock (a snapshot: sne-registre --importer continues the
 * installation's numbering).  Stops at FN's first non-zero return, which
 * it returns; 0 when there is no counter. */
int sne_alloc_each(const char *state_dir,
                   int (*fn)(void *ctx, const char *territoire, int mois, int annee, long last),
                   void *ctx);

#endif
