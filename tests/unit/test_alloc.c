/* Unit tests of lib/alloc.c: sequences, exhaustion, give-back at close,
 * permissions, and concurrent processes never sharing a number. */
#include "check.h"
#include "sne/alloc.h"
#include "sne/err.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define CHILDREN 8
#define PER_CHILD 2000

static char dir[] = "/tmp/sne-test-alloc-XXXXXX";

static char *state_path(const char *name)
{
	static char path[512];

	snprintf(path, sizeof path, "%s/%s", dir, name);
	return path;
}

static void write_counter(const char *key, const char *text)
{
	char why[SNE_WHY_MAX];
	struct sne_alloc *alloc = sne_alloc_open(state_path("etat"), why, sizeof why);
	int fd = open(state_path(key), O_WRONLY | O_CREAT | O_TRUNC, 0600);

	if (alloc == NULL || fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		exit(2);
	close(fd);
	sne_alloc_close(alloc);
}

static void test_sequence(void)
{
	char why[SNE_WHY_MAX] = "";
	struct sne_alloc *alloc = sne_alloc_open(state_path("etat"), why, sizeof why);
	long seq, i;
	int rc = 0, ok = 1;

	CHECK(alloc != NULL, "open creates the state directory (%s)", why);
	for (i = 1; i <= 10 && ok; i++) {
		rc = sne_alloc_next(alloc, "074", 3, 17, &seq, why, sizeof why);
		ok = rc == 0 && seq == i;
	}
	CHECK(ok, "sequence 1..10 in order (stopped at %ld, rc %d)", i - 1, rc);
	rc = sne_alloc_next(alloc, "111", 3, 17, &seq, why, sizeof why);
	CHECK(rc == 0 && seq == 1, "another territory has its own counter");
	rc = sne_alloc_next(alloc, "074", 4, 17, &seq, why, sizeof why);
	CHECK(rc == 0 && seq == 1, "another month has its own counter");
	rc = sne_alloc_next(alloc, "02A", 3, 17, &seq, why, sizeof why);
	CHECK(rc == 0 && seq == 1, "Corse territory accepted");
	rc = sne_alloc_next(alloc, "../x", 3, 17, &seq, why, sizeof why);
	CHECK(rc != 0, "a territory that is not 3 characters is refused (%s)", why);
	rc = sne_alloc_next(alloc, "074", 13, 17, &seq, why, sizeof why);
	CHECK(rc != 0, "month 13 refused");
	CHECK(sne_alloc_close(alloc) == 0, "close");
}

/* test_sequence used 10 numbers of 074-0317 out of 15 reserved (blocks
 * 1+2+4+8): the next process starts at 11, nothing reserved was lost. */
static void test_give_back(void)
{
	char why[SNE_WHY_MAX] = "";
	struct sne_alloc *alloc = sne_alloc_open(state_path("etat"), why, sizeof why);
	long seq = 0;
	FILE *file;
	char text[16] = "";

	sne_alloc_next(alloc, "074", 3, 17, &seq, why, sizeof why);
	CHECK(seq == 11, "the next run continues after the numbers used (got %ld)", seq);
	sne_alloc_close(alloc);

	alloc = sne_alloc_open(state_path("etat"), why, sizeof why);
	sne_alloc_next(alloc, "075", 1, 20, &seq, why, sizeof why);
	sne_alloc_next(alloc, "075", 1, 20, &seq, why, sizeof why);
	sne_alloc_next(alloc, "075", 1, 20, &seq, why, sizeof why);
	CHECK(seq == 3, "three numbers allocated");
	sne_alloc_close(alloc);
	alloc = sne_alloc_open(state_path("etat"), why, sizeof why);
	sne_alloc_next(alloc, "075", 1, 20, &seq, why, sizeof why);
	CHECK(seq == 4, "next process gets 4 (got %ld)", seq);
	sne_alloc_next(alloc, "075", 1, 20, &seq, why, sizeof why);
	sne_alloc_next(alloc, "075", 1, 20, &seq, why, sizeof why);
	sne_alloc_next(alloc, "075", 1, 20, &seq, why, sizeof why);
	CHECK(seq == 7, "four more numbers allocated (got %ld)", seq);
	file = fopen(state_path("etat/compteurs/075-0120"), "r");
	if (file != NULL) {
		if (fgets(text, sizeof text, file) == NULL)
			text[0] = '\0';
		fclose(file);
	}
	CHECK_STR(text, "000010\n", "blocks 1+2+4 reserved before close");
	CHECK(sne_alloc_close(alloc) == 0, "close gives back");
	alloc = sne_alloc_open(state_path("etat"), why, sizeof why);
	sne_alloc_next(alloc, "075", 1, 20, &seq, why, sizeof why);
	CHECK(seq == 8, "unused 8..10 given back: next process gets 8 (got %ld)", seq);
	sne_alloc_close(alloc);
}

static void test_no_give_back_after_other(void)
{
	char why[SNE_WHY_MAX] = "";
	struct sne_alloc *a = sne_alloc_open(state_path("etat"), why, sizeof why);
	struct sne_alloc *b = sne_alloc_open(state_path("etat"), why, sizeof why);
	long seq, first;

	sne_alloc_next(a, "076", 1, 20, &seq, why, sizeof why);
	sne_alloc_next(a, "076", 1, 20, &seq, why, sizeof why);   /* block 2..3 */
	sne_alloc_reserve(b, "076", 1, 20, 5, &first, why, sizeof why);
	CHECK(first == 4, "reserve continues after another allocator's block (got %ld)", first);
	sne_alloc_close(a);  /* counter is 8, not a's end 3: nothing given back */
	sne_alloc_close(b);
	a = sne_alloc_open(state_path("etat"), why, sizeof why);
	sne_alloc_next(a, "076", 1, 20, &seq, why, sizeof why);
	CHECK(seq == 9, "no give-back when someone allocated after us (got %ld)", seq);
	sne_alloc_close(a);
}

/* The text of counter KEY ("" when absent). */
static const char *counter_text(const char *key)
{
	static char text[16];
	char name[64];
	FILE *file;

	snprintf(name, sizeof name, "etat/compteurs/%s", key);
	text[0] = '\0';
	file = fopen(state_path(name), "r");
	if (file != NULL) {
		if (fgets(text, sizeof text, file) == NULL)
			text[0] = '\0';
		fclose(file);
	}
	return text;
}

/* Held counters: nothing written before sync, one write at sync, the
 * numbers continue from memory; at close, what was given since. */
static void test_hold(void)
{
	char why[SNE_WHY_MAX] = "";
	struct sne_alloc *alloc = sne_alloc_open(state_path("etat"), why, sizeof why);
	struct sne_alloc *other;
	long seq = 0, first = 0;
	int ok = 1;

	sne_alloc_hold(alloc);
	for (long i = 1; i <= 5 && ok; i++)
		ok = sne_alloc_next(alloc, "077", 2, 24, &seq, why, sizeof why) == 0 && seq == i;
	CHECK(ok, "held: 1..5 handed out (stopped at %ld: %s)", seq, why);
	CHECK_STR(counter_text("077-0224"), "", "held: nothing written before the sync");
	CHECK(sne_alloc_sync(alloc, why, sizeof why) == 0, "sync (%s)", why);
	CHECK_STR(counter_text("077-0224"), "000005\n", "sync writes the last number given");
	CHECK(sne_alloc_reserve(alloc, "077", 2, 24, 3, &first, why, sizeof why) == 0 && first == 6,
	      "a reserve on a held counter continues (got %ld)", first);
	CHECK(sne_alloc_next(alloc, "077", 2, 24, &seq, why, sizeof why) == 0 && seq == 9,
	      "then 9 (got %ld)", seq);
	CHECK(sne_alloc_close(alloc) == 0, "close");
	CHECK_STR(counter_text("077-0224"), "000009\n", "close writes what was given since the sync");
	other = sne_alloc_open(state_path("etat"), why, sizeof why);
	CHECK(sne_alloc_next(other, "077", 2, 24, &seq, why, sizeof why) == 0 && seq == 10,
	      "the next run continues at 10 (got %ld)", seq);
	sne_alloc_close(other);
}

/* A held counter that another process holds: the counters held here are
 * written and released before waiting, so two holding runs never wait on
 * each other (each would otherwise hold one and wait for the other). */
static void test_hold_contention(void)
{
	char why[SNE_WHY_MAX] = "", go;
	struct sne_alloc *alloc;
	int ready[2], status;
	long seq = 0;
	pid_t child;

	write_counter("etat/compteurs/078-0224", "000000\n");
	if (pipe(ready) != 0)
		exit(2);
	child = fork();
	if (child == 0) { /* holds 078-0224 for a while, as a holding run does */
		int fd = open(state_path("etat/compteurs/078-0224"), O_RDWR);

		if (fd < 0 || flock(fd, LOCK_EX) != 0)
			_exit(2);
		if (write(ready[1], "x", 1) != 1)
			_exit(2);
		usleep(300000);
		_exit(0);
	}
	if (read(ready[0], &go, 1) != 1)
		exit(2);
	alloc = sne_alloc_open(state_path("etat"), why, sizeof why);
	sne_alloc_hold(alloc);
	sne_alloc_next(alloc, "077", 3, 24, &seq, why, sizeof why);
	sne_alloc_next(alloc, "077", 3, 24, &seq, why, sizeof why);
	CHECK_STR(counter_text("077-0324"), "", "held, not written yet");
	CHECK(sne_alloc_next(alloc, "078", 2, 24, &seq, why, sizeof why) == 0 && seq == 1,
	      "the counter the other process held, once it let go (got %ld: %s)", seq, why);
	CHECK_STR(counter_text("077-0324"), "000002\n",
	          "the counters held here were written before waiting");
	CHECK(sne_alloc_next(alloc, "077", 3, 24, &seq, why, sizeof why) == 0 && seq == 3,
	      "a released counter is taken again and continues (got %ld)", seq);
	CHECK(sne_alloc_close(alloc) == 0, "close");
	CHECK_STR(counter_text("077-0324"), "000003\n", "close writes it");
	CHECK_STR(counter_text("078-0224"), "000001\n", "and the other");
	waitpid(child, &status, 0);
	close(ready[0]);
	close(ready[1]);
}

static void test_exhaustion(void)
{
	char why[SNE_WHY_MAX] = "";
	struct sne_alloc *alloc;
	long seq = 0, first;
	int rc;

	write_counter("etat/compteurs/093-1299", "999998\n");
	alloc = sne_alloc_open(state_path("etat"), why, sizeof why);
	rc = sne_alloc_next(alloc, "093", 12, 99, &seq, why, sizeof why);
	CHECK(rc == 0 && seq == 999999, "last number 999999 is given (got %ld)", seq);
	rc = sne_alloc_next(alloc, "093", 12, 99, &seq, why, sizeof why);
	CHECK(rc == SNE_EX_DATAERR, "past 999999 is an error, never a wrap (rc %d)", rc);
	CHECK_STR(why, "séquence épuisée pour le territoire 093 en 12/99 (999999 numéros)",
	          "exhaustion reason");
	sne_alloc_close(alloc);

	write_counter("etat/compteurs/094-1299", "999990\n");
	alloc = sne_alloc_open(state_path("etat"), why, sizeof why);
	rc = sne_alloc_reserve(alloc, "094", 12, 99, 10, &first, why, sizeof why);
	CHECK(rc == SNE_EX_DATAERR, "a reserve that does not fit is refused whole");
	rc = sne_alloc_reserve(alloc, "094", 12, 99, 9, &first, why, sizeof why);
	CHECK(rc == 0 && first == 999991, "a reserve that fits exactly is given");
	sne_alloc_close(alloc);

	write_counter("etat/compteurs/095-1299", "12x456\n");
	alloc = sne_alloc_open(state_path("etat"), why, sizeof why);
	rc = sne_alloc_next(alloc, "095", 12, 99, &seq, why, sizeof why);
	CHECK(rc == SNE_EX_DATAERR && strstr(why, "illisible") != NULL,
	      "a corrupt counter is refused (%s)", why);
	sne_alloc_close(alloc);
}

/* The mode of PATH's permission bits, or -1 when it does not exist. */
static int mode_of(const char *path, long *size)
{
	struct stat st;

	if (stat(path, &st) != 0)
		return -1;
	if (size != NULL)
		*size = (long)st.st_size;
	return (int)(st.st_mode & 07777);
}

static void test_permissions(void)
{
	char why[SNE_WHY_MAX] = "";
	struct sne_alloc *alloc;
	mode_t old = umask(0);
	long seq, size = 0;
	int mode;

	alloc = sne_alloc_open(state_path("perm/etat"), why, sizeof why);
	CHECK(alloc != NULL, "open creates missing parents (%s)", why);
	sne_alloc_next(alloc, "001", 1, 18, &seq, why, sizeof why);
	sne_alloc_close(alloc);
	umask(old);
	mode = mode_of(state_path("perm/etat"), NULL);
	CHECK(mode == 0700, "state directory 0700 under umask 0 (%o)", mode);
	mode = mode_of(state_path("perm/etat/compteurs"), NULL);
	CHECK(mode == 0700, "compteurs 0700 (%o)", mode);
	mode = mode_of(state_path("perm/etat/compteurs/001-0118"), &size);
	CHECK(mode == 0600, "counter file 0600 (%o)", mode);
	CHECK(size == 7, "counter is fixed-width (%ld bytes)", size);
}

static void child_allocate(int fd)
{
	char why[SNE_WHY_MAX];
	struct sne_alloc *alloc = sne_alloc_open(state_path("etat"), why, sizeof why);
	long numbers[PER_CHILD];
	int i;

	for (i = 0; i < PER_CHILD; i++)
		if (alloc == NULL || sne_alloc_next(alloc, "974", 6, 24, &numbers[i], why, sizeof why) != 0)
			_exit(3);
	if (sne_alloc_close(alloc) != 0)
		_exit(4);
	if (write(fd, numbers, sizeof numbers) != (ssize_t)sizeof numbers)
		_exit(5);
	_exit(0);
}

static int read_all(int fd, void *buf, size_t size)
{
	size_t got = 0;
	ssize_t n;

	while (got < size && (n = read(fd, (char *)buf + got, size - got)) > 0)
		got += (size_t)n;
	return got == size ? 0 : -1;
}

static int compare_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return (x > y) - (x < y);
}

static void test_concurrency(void)
{
	static long numbers[CHILDREN][PER_CHILD], all[CHILDREN * PER_CHILD];
	int pipes[CHILDREN][2], i, j, status, ok_children = 1, increasing = 1, distinct = 1;

	for (i = 0; i < CHILDREN; i++) {
		if (pipe(pipes[i]) != 0)
			exit(2);
		if (fork() == 0) {
			close(pipes[i][0]);
			child_allocate(pipes[i][1]);
		}
		close(pipes[i][1]);
	}
	for (i = 0; i < CHILDREN; i++) {
		if (read_all(pipes[i][0], numbers[i], sizeof numbers[i]) != 0)
			ok_children = 0;
		close(pipes[i][0]);
	}
	for (i = 0; i < CHILDREN; i++)
		if (wait(&status) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
			ok_children = 0;
	CHECK(ok_children, "%d children allocated %d numbers each", CHILDREN, PER_CHILD);
	for (i = 0; i < CHILDREN; i++)
		for (j = 0; j < PER_CHILD; j++) {
			all[i * PER_CHILD + j] = numbers[i][j];
			if (j > 0 && numbers[i][j] <= numbers[i][j - 1])
				increasing = 0;
		}
	qsort(all, CHILDREN * PER_CHILD, sizeof all[0], compare_long);
	for (i = 1; i < CHILDREN * PER_CHILD; i++)
		if (all[i] == all[i - 1])
			distinct = 0;
	CHECK(distinct, "%d numbers, all distinct", CHILDREN * PER_CHILD);
	CHECK(increasing, "each child's numbers strictly increase");
	CHECK(all[0] >= 1 && all[CHILDREN * PER_CHILD - 1] <= 999999, "numbers in 1..999999");
}

int main(void)
{
	char command[512];

	sne_err_init("test_alloc");
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 2;
	}
	test_sequence();
	test_give_back();
	test_no_give_back_after_other();
	test_hold();
	test_hold_contention();
	test_exhaustion();
	test_permissions();
	test_concurrency();
	snprintf(command, sizeof command, "rm -rf '%s'", dir);
	if (system(command) != 0)
		printf("# could not remove %s\n", dir);
	return check_done();
}
