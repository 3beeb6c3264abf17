/* Exclusive locks with flock(2) on a lock file, naming their holder. */
#ifndef SNE_LOCK_H
#define SNE_LOCK_H

#include <stddef.h>

struct sne_lock {
	int fd;   /* -1 when not held */
};

/* Takes an exclusive lock on LOCK_PATH (created mode 0600, never followed
 * through a symlink).  WAIT != 0 blocks until free; otherwise a lock held
 * elsewhere returns SNE_EX_TEMPFAIL with HOLDER filled from the file ("pid
 * 1234 (sne-renew)").  Records this process as the holder.  Returns 0, or an
 * SNE_EX_* code with a French reason in WHY. */
int sne_lock_acquire(struct sne_lock *lock, const char *lock_path, int wait,
                     char *why, size_t why_size);
void sne_lock_release(struct sne_lock *lock);

#endif
