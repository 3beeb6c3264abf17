/* Durable numéro sequences: one fixed-width counter file per (territory,
 * MMYY), advanced under flock(2) and fsync'ed before a number is used. */
#include "sne/alloc.h"

#include "sne/err.h"
#include "sne/io.h"
#include "sne/privilege.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define SEQUENCE_MAX 999999L
#define BLOCK_MAX 1024L
#define COUNTER_LEN 7            /* "NNNNNN\n" */
#define COUNTER_DIR "compteurs"
#define KEY_SIZE 9               /* "TTT-MMYY" */

/* The numbers reserved for one key and not handed out yet: next..end.
 * A held counter (sne_alloc_hold) has FD locked instead, and no end. */
struct alloc_block {
	char key[KEY_SIZE];
	long next;
	long end;
	long size;                   /* size of the next block to reserve */
	int fd;                      /* held: the locked counter, or -1 */
	long written;                /* held: the value its file holds */
};

struct sne_alloc {
	char *dir;                   /* STATE/compteurs */
	pid_t pid;                   /* a forked child must not reuse our blocks */
	int hold;                    /* counters held until close (sne_alloc_hold) */
	struct alloc_block *blocks;
	size_t nblocks, cap;
};

/* mkdir 0700 (02770 in the setgid deployment) whatever the umask; an
 * existing folder is left as it is. */
static int make_dir(const char *path)
{
	struct stat st;

	if (mkdir(path, 0700) == 0)
		return chmod(path, sne_register_dir_mode()) == 0 ? sne_fsync_parent(path) : -1;
	if (errno != EEXIST)
		return -1;
	if (stat(path, &st) != 0)
		return -1;
	if (!S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		return -1;
	}
	return 0;
}

/* mkdir -p, each created folder mode 0700. */
static int make_dirs(char *path)
{
	char *slash;

	for (slash = strchr(path + 1, '/'); slash != NULL; slash = strchr(slash + 1, '/')) {
		if (slash[-1] == '/')
			continue;
		*slash = '\0';
		if (make_dir(path) != 0) {
			*slash = '/';
			return -1;
		}
		*slash = '/';
	}
	return make_dir(path);
}

struct sne_alloc *sne_alloc_open(const char *state_dir, char *why, size_t why_size)
{
	struct sne_alloc *alloc = calloc(1, sizeof *alloc);

	if (alloc == NULL || asprintf(&alloc->dir, "%s/%s", state_dir, COUNTER_DIR) < 0)
		abort();
	if (make_dirs(alloc->dir) != 0) {
		sne_why(why, why_size, "impossible de créer le dossier des compteurs « %s » : %s",
		        alloc->dir, sne_strerror(errno));
		free(alloc->dir);
		free(alloc);
		return NULL;
	}
	alloc->pid = getpid();
	return alloc;
}

/* "TTT-MMYY", the counter's file name; -1 when an argument is out of range. */
static int make_key(const char *territoire, int mois, int annee, char *key,
                    char *why, size_t why_size)
{
	int i;

	for (i = 0; i < 3; i++)
		if (!isdigit((unsigned char)territoire[i]) && !isupper((unsigned char)territoire[i]))
			break;
	if (i < 3 || territoire[3] != '\0' || mois < 1 || mois > 12 || annee < 0 || annee > 99) {
		sne_why(why, why_size, "territoire « %s » ou mois %02d/%02d invalide pour "
		        "l'attribution d'un numéro", territoire, mois, annee);
		return -1;
	}
	/* "%.3s-%02d%02d" by hand: a key is made for every numéro */
	memcpy(key, territoire, 3);
	key[3] = '-';
	key[4] = (char)('0' + mois / 10);
	key[5] = (char)('0' + mois % 10);
	key[6] = (char)('0' + annee / 10);
	key[7] = (char)('0' + annee % 10);
	key[8] = '\0';
	return 0;
}

static int flock_retry(int fd, int operation)
{
	int rc;

	do
		rc = flock(fd, operation);
	while (rc != 0 && errno == EINTR);
	return rc;
}

/* Opens the counter file, creating it durably (its folder entry is synced
 * before any number it holds can be given: a counter lost after its
 * numbers were given would give them again). */
static int open_counter(const char *path)
{
	int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);

	if (fd >= 0 && sne_fsync_parent(path) != 0) {
		int saved = errno;

		close(fd);
		errno = saved;
		return -1;
	}
	if (fd < 0 && errno == EEXIST)
		fd = open(path, O_RDWR | O_NOFOLLOW | O_CLOEXEC);
	return fd;
}

/* Opens and locks the counter KEY; returns the descriptor or -1 with WHY.
 * When ONLY_IF_FREE, a counter another process holds is not waited for:
 * -2, and nothing in WHY. */
static int counter_lock_as(struct sne_alloc *alloc, const char *key, int only_if_free,
                           char *why, size_t why_size)
{
	char *path;
	int fd;

	if (asprintf(&path, "%s/%s", alloc->dir, key) < 0)
		abort();
	fd = open_counter(path);
	if (fd >= 0 && (sne_register_mode_set(fd) != 0 ||
	                flock_retry(fd, only_if_free ? LOCK_EX | LOCK_NB : LOCK_EX) != 0)) {
		int saved = errno;

		close(fd);
		errno = saved;
		fd = only_if_free && saved == EWOULDBLOCK ? -2 : -1;
	}
	if (fd == -1)
		sne_why(why, why_size, "compteur « %s » inutilisable : %s", path, sne_strerror(errno));
	free(path);
	return fd;
}

static int counter_lock(struct sne_alloc *alloc, const char *key, char *why, size_t why_size)
{
	return counter_lock_as(alloc, key, 0, why, why_size);
}

/* The last sequence given for KEY (0 for a new counter); -1 on a read
 * error, -2 on a corrupt counter, with WHY. */
static long counter_read(int fd, const char *key, char *why, size_t why_size)
{
	char text[COUNTER_LEN + 1];
	ssize_t n = pread(fd, text, sizeof text, 0);
	long value = 0;
	int i;

	if (n == 0)
		return 0;
	for (i = 0; n == COUNTER_LEN && i < COUNTER_LEN - 1 && isdigit((unsigned char)text[i]); i++)
		value = value * 10 + (text[i] - '0');
	if (n == COUNTER_LEN && i == COUNTER_LEN - 1 && text[i] == '\n')
		return value;
	if (n < 0) {
		sne_why(why, why_size, "lecture du compteur %s impossible : %s", key, sne_strerror(errno));
		return -1;
	}
	sne_why(why, why_size, "compteur %s illisible (attendu six chiffres) ; "
	        "corrigez le fichier « compteurs/%s » avec le dernier numéro attribué", key, key);
	return -2;
}

/* Rewrites the counter in place (never renamed: the flock stays valid). */
static int counter_write(int fd, const char *key, long value, char *why, size_t why_size)
{
	char text[24]; /* room for any long: the callers keep VALUE in 0..SEQUENCE_MAX */

	if (snprintf(text, sizeof text, "%06ld\n", value) != COUNTER_LEN)
		abort();
	errno = 0;
	if (pwrite(fd, text, COUNTER_LEN, 0) != COUNTER_LEN || fsync(fd) != 0) {
		sne_why(why, why_size, "écriture du compteur %s impossible : %s", key,
		        errno ? sne_strerror(errno) : "écriture incomplète");
		return -1;
	}
	return 0;
}

static int exhausted(const char *key, char *why, size_t why_size)
{
	sne_why(why, why_size, "séquence épuisée pour le territoire %.3s en %.2s/%.2s "
	        "(%ld numéros)", key, key + 4, key + 6, SEQUENCE_MAX);
	return SNE_EX_DATAERR;
}

/* Reserves COUNT numbers of KEY, fewer when SHRINK and the sequence ends
 * sooner: *FIRST .. *FIRST + *GOT - 1. */
static int reserve_block(struct sne_alloc *alloc, const char *key, long count, int shrink,
                         long *first, long *got, char *why, size_t why_size)
{
	int rc = 0, fd = counter_lock(alloc, key, why, why_size);
	long last;

	if (fd < 0)
		return SNE_EX_IOERR;
	last = counter_read(fd, key, why, why_size);
	if (last < 0)
		rc = last == -1 ? SNE_EX_IOERR : SNE_EX_DATAERR;
	else if (last >= SEQUENCE_MAX || (!shrink && count > SEQUENCE_MAX - last))
		rc = exhausted(key, why, why_size);
	else {
		*got = count < SEQUENCE_MAX - last ? count : SEQUENCE_MAX - last;
		*first = last + 1;
		if (counter_write(fd, key, last + *got, why, why_size) != 0)
			rc = SNE_EX_IOERR;
	}
	close(fd);
	return rc;
}

/* The cached block of KEY, added empty when new. */
static struct alloc_block *find_block(struct sne_alloc *alloc, const char *key)
{
	struct alloc_block *block;
	size_t i;

	for (i = 0; i < alloc->nblocks; i++)
		if (strcmp(alloc->blocks[i].key, key) == 0)
			return &alloc->blocks[i];
	if (alloc->nblocks == alloc->cap) {
		alloc->cap = alloc->cap ? 2 * alloc->cap : 4;
		alloc->blocks = realloc(alloc->blocks, alloc->cap * sizeof *alloc->blocks);
		if (alloc->blocks == NULL)
			abort();
	}
	block = &alloc->blocks[alloc->nblocks++];
	memcpy(block->key, key, KEY_SIZE);
	block->next = 1;
	block->end = 0;
	block->size = 1;
	block->fd = -1;
	block->written = 0;
	return block;
}

/* After fork() the blocks and the held counters belong to the parent: the
 * child starts afresh, reserving blocks (closing its copies of the held
 * counters keeps the parent's locks: flock(2) belongs to the open file). */
static void forget_parent_blocks(struct sne_alloc *alloc)
{
	if (alloc->pid == getpid())
		return;
	for (size_t i = 0; i < alloc->nblocks; i++)
		if (alloc->blocks[i].fd >= 0)
			close(alloc->blocks[i].fd);
	alloc->nblocks = 0;
	alloc->hold = 0;
	alloc->pid = getpid();
}

/* ------------------------------------------------------------------ */
/* held counters (sne_alloc_hold) */

void sne_alloc_hold(struct sne_alloc *alloc)
{
	alloc->hold = 1;
}

/* Writes and fsyncs BLOCK's counter when it gave numbers since. */
static int sync_held(struct alloc_block *block, char *why, size_t why_size)
{
	if (block->fd < 0 || block->next - 1 == block->written)
		return 0;
	if (counter_write(block->fd, block->key, block->next - 1, why, why_size) != 0)
		return SNE_EX_IOERR;
	block->written = block->next - 1;
	return 0;
}

int sne_alloc_sync(struct sne_alloc *alloc, char *why, size_t why_size)
{
	forget_parent_blocks(alloc);
	for (size_t i = 0; i < alloc->nblocks; i++)
		if (sync_held(&alloc->blocks[i], why, why_size) != 0)
			return SNE_EX_IOERR;
	return 0;
}

/* Syncs and unlocks every held counter: the numbers given stay given. */
static int release_held(struct sne_alloc *alloc, char *why, size_t why_size)
{
	int rc = 0;

	for (size_t i = 0; i < alloc->nblocks; i++) {
		struct alloc_block *block = &alloc->blocks[i];

		if (block->fd < 0)
			continue;
		if (rc == 0)
			rc = sync_held(block, why, why_size);
		close(block->fd);
		block->fd = -1;
	}
	return rc;
}

/* Locks BLOCK's counter for the rest of the run and reads it.  A counter
 * another process holds is waited for only once ours are synced and
 * released: two holding runs never wait on each other. */
static int take_held(struct sne_alloc *alloc, struct alloc_block *block, char *why,
                     size_t why_size)
{
	int fd = counter_lock_as(alloc, block->key, 1, why, why_size);
	long last;

	if (fd == -2) {
		if (release_held(alloc, why, why_size) != 0)
			return SNE_EX_IOERR;
		fd = counter_lock(alloc, block->key, why, why_size);
	}
	if (fd < 0)
		return SNE_EX_IOERR;
	last = counter_read(fd, block->key, why, why_size);
	if (last < 0) {
		close(fd);
		return last == -1 ? SNE_EX_IOERR : SNE_EX_DATAERR;
	}
	block->fd = fd;
	block->written = last;
	block->next = last + 1;
	return 0;
}

/* COUNT numbers of KEY from its held counter, the first in *FIRST; all of
 * them or none. */
static int next_held(struct sne_alloc *alloc, const char *key, long count, long *first,
                     char *why, size_t why_size)
{
	struct alloc_block *block = find_block(alloc, key);
	int rc;

	if (block->fd < 0 && (rc = take_held(alloc, block, why, why_size)) != 0)
		return rc;
	if (count > SEQUENCE_MAX + 1 - block->next)
		return exhausted(key, why, why_size);
	*first = block->next;
	block->next += count;
	return 0;
}

int sne_alloc_reserve(struct sne_alloc *alloc, const char *territoire, int mois, int annee,
                      long count, long *first, char *why, size_t why_size)
{
	char key[KEY_SIZE];
	long got;

	if (make_key(territoire, mois, annee, key, why, why_size) != 0)
		return SNE_EX_SOFTWARE;
	if (count < 1 || count > SEQUENCE_MAX) {
		sne_why(why, why_size, "réservation de %ld numéros impossible", count);
		return SNE_EX_SOFTWARE;
	}
	forget_parent_blocks(alloc);
	if (alloc->hold)
		return next_held(alloc, key, count, first, why, why_size);
	return reserve_block(alloc, key, count, 0, first, &got, why, why_size);
}

int sne_alloc_next(struct sne_alloc *alloc, const char *territoire, int mois, int annee,
                   long *sequence, char *why, size_t why_size)
{
	struct alloc_block *block;
	char key[KEY_SIZE];

	if (make_key(territoire, mois, annee, key, why, why_size) != 0)
		return SNE_EX_SOFTWARE;
	forget_parent_blocks(alloc);
	if (alloc->hold)
		return next_held(alloc, key, 1, sequence, why, why_size);
	block = find_block(alloc, key);
	if (block->next > block->end) {
		long first, got;
		int rc;

		rc = reserve_block(alloc, key, block->size, 1, &first, &got, why, why_size);
		if (rc != 0)
			return rc;
		block->next = first;
		block->end = first + got - 1;
		block->size = block->size < BLOCK_MAX ? 2 * block->size : BLOCK_MAX;
	}
	*sequence = block->next++;
	return 0;
}

/* Gives back next..end when nobody reserved after us (the counter is
 * still at END); otherwise the numbers stay a harmless gap. */
static int give_back(struct sne_alloc *alloc, const struct alloc_block *block)
{
	char why[SNE_WHY_MAX];
	int rc = 0, fd;
	long last;

	if (block->next > block->end)
		return 0;
	fd = counter_lock(alloc, block->key, why, sizeof why);
	if (fd < 0) {
		sne_warn("%s", why);
		return SNE_EX_IOERR;
	}
	last = counter_read(fd, block->key, why, sizeof why);
	if (last == block->end && counter_write(fd, block->key, block->next - 1, why, sizeof why) != 0) {
		sne_warn("%s", why);
		rc = SNE_EX_IOERR;
	}
	close(fd);
	return rc;
}

int sne_alloc_close(struct sne_alloc *alloc)
{
	int rc = 0;
	size_t i;

	if (alloc == NULL)
		return 0;
	forget_parent_blocks(alloc);
	if (alloc->hold) {
		char why[SNE_WHY_MAX];

		if (release_held(alloc, why, sizeof why) != 0) {
			sne_warn("%s", why);
			rc = SNE_EX_IOERR;
		}
	}
	for (i = 0; i < alloc->nblocks; i++)
		rc = sne_exit_worst(rc, give_back(alloc, &alloc->blocks[i]));
	free(alloc->blocks);
	free(alloc->dir);
	free(alloc);
	return rc;
}

/* ------------------------------------------------------------------ */
/* reading every counter */

/* "TTT-MMYY" into its parts; 0, or -1 for another name. */
static int parse_key(const char *name, char *territoire, int *mois, int *annee)
{
	if (strlen(name) != 8 || name[3] != '-' ||
	    strspn(name + 4, "0123456789") != 4)
		return -1;
	memcpy(territoire, name, 3);
	territoire[3] = '\0';
	*mois = (name[4] - '0') * 10 + (name[5] - '0');
	*annee = (name[6] - '0') * 10 + (name[7] - '0');
	return *mois >= 1 && *mois <= 12 ? 0 : -1;
}

int sne_alloc_each(const char *state_dir,
                   int (*fn)(void *ctx, const char *territoire, int mois, int annee, long last),
                   void *ctx)
{
	char path[4096], text[32], territoire[4];
	struct dirent *entry;
	int mois, annee, rc = 0;
	DIR *dir;

	snprintf(path, sizeof path, "%s/%s", state_dir, COUNTER_DIR);
	if ((dir = opendir(path)) == NULL)
		return 0; /* no counter yet */
	while (rc == 0 && (entry = readdir(dir)) != NULL) {
		ssize_t n;
		int fd;

		if (parse_key(entry->d_name, territoire, &mois, &annee) != 0)
			continue;
		if ((fd = openat(dirfd(dir), entry->d_name, O_RDONLY | O_CLOEXEC)) < 0)
			continue;
		n = read(fd, text, sizeof text - 1);
		close(fd);
		if (n <= 0)
			continue;
		text[n] = '\0';
		rc = fn(ctx, territoire, mois, annee, strtol(text, NULL, 10));
	}
	closedir(dir);
	return rc;
}
