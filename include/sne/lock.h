/* Exclusive locks with flock(2) on a lock file, naming their holder. */
#ifndef SNE_LOCK_H
#define SNE_LOCK_H

#include <stddef.h>

struct sne_lock {
	int fd;   /* -1 when not held */
};

/* Takes an exclusive lock on LOCK_PATH (mode 0600, 0660 in the setgid
 * deployment: sne/privilege.h; never followed
 * through a symlink).  WAIT != 0 blocks until free; otherwise a lock held
 * elsewhere returns SNE_EX_TEMPFAIL.  Records this process as the holder
 * ("pid 1234 (sne-renew)\n", from sne_progname) in the file.  Returns 0, or
 * an SNE_EX_* code with a French reason in WHY (may be NULL):
 * SNE_EX_TEMPFAIL naming LOCK_PATH without its ".lock" suffix and the
 * holder read from the file,
 * SNE_EX_CANTCREAT when the lock file cannot be opened (a symlink...),
 * SNE_EX_IOERR otherwise.  The lock dies with the process (flock). */
int sne_lock_acquire(struct sne_lock *lock, const char *lock_path, int wait,
                     char *why, size_t why_size);
/* Empties the lock file (it is never removed: that would race with the
 * next locker) and unlocks.  Harmless on a lock not held (fd -1). */
void sne_lock_release(struct sne_lock *lock);

#endif
