/* Exclusive locks with flock(2); the lock file names its holder. */
#include "sne/lock.h"

#include "sne/err.h"
#include "sne/privilege.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define LOCK_SUFFIX ".lock"
#define HOLDER_MAX 128

/* The name people know: the lock path without its ".lock" suffix. */
static void display_name(const char *lock_path, char *out, size_t size)
{
	size_t n = strlen(lock_path), s = strlen(LOCK_SUFFIX);

	if (n > s && strcmp(lock_path + n - s, LOCK_SUFFIX) == 0)
		n -= s;
	snprintf(out, size, "%.*s", (int)n, lock_path);
}

static int flock_retry(int fd, int operation)
{
	int rc;

	do
		rc = flock(fd, operation);
	while (rc != 0 && errno == EINTR);
	return rc;
}

/* Reads "pid 1234 (sne-renew)" from the lock file; "" when unknown. */
static void read_holder(int fd, char *holder, size_t size)
{
	ssize_t n = pread(fd, holder, size - 1, 0);

	holder[n > 0 ? n : 0] = '\0';
	holder[strcspn(holder, "\n")] = '\0';
}

static void busy(const char *lock_path, const char *holder, char *why, size_t why_size)
{
	char name[512];

	display_name(lock_path, name, sizeof name);
	snprintf(why, why_size, "« %s » est verrouillé par %s ; "
	         "réessayez plus tard ou utilisez --wait",
	         name, *holder ? holder : "un autre processus");
}

static int write_holder(int fd)
{
	char text[HOLDER_MAX];
	int n = snprintf(text, sizeof text, "pid %ld (%s)\n", (long)getpid(), sne_progname);

	if (n < 0 || (size_t)n >= sizeof text)
		n = (int)strlen(text);
	/* write, then cut: the file is never empty while we hold the lock */
	if (pwrite(fd, text, (size_t)n, 0) != n)
		return -1;
	return ftruncate(fd, n);
}

static int open_lock_file(const char *lock_path, char *why, size_t why_size)
{
	int fd = open(lock_path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);

	if (fd < 0) {
		snprintf(why, why_size, "impossible d'ouvrir le verrou « %s » : %s",
		         lock_path, errno == ELOOP ? "c'est un lien symbolique" : sne_strerror(errno));
		return -1;
	}
	if (sne_register_mode_set(fd) != 0) {
		snprintf(why, why_size, "impossible de protéger le verrou « %s » : %s",
		         lock_path, sne_strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

/* A holder between its flock() and the write of its name, or in its
 * release, leaves the file empty for an instant: look again a few times
 * (and try the lock again) before saying "un autre processus". */
#define HOLDER_LOOKS 50

/* Takes the lock (blocking when WAIT): 0, or SNE_EX_TEMPFAIL (held
 * elsewhere) or SNE_EX_IOERR with WHY filled. */
static int take(int fd, int wait, const char *lock_path, char *why, size_t why_size)
{
	char holder[HOLDER_MAX] = "";
	const struct timespec pause = { 0, 2000000 };

	for (int look = 0;; look++) {
		if (flock_retry(fd, LOCK_EX | (wait ? 0 : LOCK_NB)) == 0)
			return 0;
		if (errno != EWOULDBLOCK) {
			snprintf(why, why_size, "impossible de verrouiller « %s » : %s", lock_path,
			         sne_strerror(errno));
			return SNE_EX_IOERR;
		}
		read_holder(fd, holder, sizeof holder);
		if (*holder || look == HOLDER_LOOKS) {
			busy(lock_path, holder, why, why_size);
			return SNE_EX_TEMPFAIL;
		}
		nanosleep(&pause, NULL);
	}
}

int sne_lock_acquire(struct sne_lock *lock, const char *lock_path, int wait,
                     char *why, size_t why_size)
{
	int fd, rc;

	if (why == NULL)
		why_size = 0;
	lock->fd = -1;
	fd = open_lock_file(lock_path, why, why_size);
	if (fd < 0)
		return SNE_EX_CANTCREAT;
	rc = take(fd, wait, lock_path, why, why_size);
	if (rc != 0) {
		close(fd);
		return rc;
	}
	if (write_holder(fd) != 0) {
		snprintf(why, why_size, "impossible d'écrire dans le verrou « %s » : %s",
		         lock_path, sne_strerror(errno));
		close(fd);
		return SNE_EX_IOERR;
	}
	lock->fd = fd;
	return 0;
}

/* The file is kept (unlinking a lock file races with the next locker) but
 * emptied, so that it never names a process that no longer holds it. */
void sne_lock_release(struct sne_lock *lock)
{
	if (lock == NULL || lock->fd < 0)
		return;
	if (ftruncate(lock->fd, 0) != 0) {
		/* harmless: the next holder rewrites it */
	}
	flock_retry(lock->fd, LOCK_UN);
	close(lock->fd);
	lock->fd = -1;
}
