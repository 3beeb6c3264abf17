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

	CHECK(alloc != NULL, "l'ouverture crée le dossier d'état (%s)", why);
	for (i = 1; i <= 10 && ok; i++) {
		rc = sne_alloc_next(alloc, "074", 3, 17, &seq, why, sizeof why);
		ok = rc == 0 && seq == i;
	}
	CHECK(ok, "séquence 1..10 dans l'ordre (arrêt à %ld, rc %d)", i - 1, rc);
	rc = sne_alloc_next(alloc, "111", 3, 17, &seq, why, sizeof why);
	CHECK(rc == 0 && seq == 1, "un autre territoire a son propre compteur");
	rc = sne_alloc_next(alloc, "074", 4, 17, &seq, why, sizeof why);
	CHECK(rc == 0 && seq == 1, "un autre mois a son propre compteur");
	rc = sne_alloc_next(alloc, "02A", 3, 17, &seq, why, sizeof why);
	CHECK(rc == 0 && seq == 1, "territoire corse accepté");
	rc = sne_alloc_next(alloc, "../x", 3, 17, &seq, why, sizeof why);
	CHECK(rc != 0, "un territoire qui n'a pas 3 caractères est refusé (%s)", why);
	rc = sne_alloc_next(alloc, "074", 13, 17, &seq, why, sizeof why);
	CHECK(rc != 0, "mois 13 refusé");
	CHECK(sne_alloc_close(alloc) == 0, "fermeture");
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
	CHECK(seq == 11,
	      "le passage suivant continue après les numéros utilisés (obtenu %ld)", seq);
	sne_alloc_close(alloc);

	alloc = sne_alloc_open(state_path("etat"), why, sizeof why);
	sne_alloc_next(alloc, "075", 1, 20, &seq, why, sizeof why);
	sne_alloc_next(alloc, "075", 1, 20, &seq, why, sizeof why);
	sne_alloc_next(alloc, "075", 1, 20, &seq, why, sizeof why);
	CHECK(seq == 3, "trois numéros attribués");
	sne_alloc_close(alloc);
	alloc = sne_alloc_open(state_path("etat"), why, sizeof why);
	sne_alloc_next(alloc, "075", 1, 20, &seq, why, sizeof why);
	CHECK(seq == 4, "le processus suivant obtient 4 (obtenu %ld)", seq);
	sne_alloc_next(alloc, "075", 1, 20, &seq, why, sizeof why);
	sne_alloc_next(alloc, "075", 1, 20, &seq, why, sizeof why);
	sne_alloc_next(alloc, "075", 1, 20, &seq, why, sizeof why);
	CHECK(seq == 7, "quatre numéros de plus attribués (obtenu %ld)", seq);
	file = fopen(state_path("etat/compteurs/075-0120"), "r");
	if (file != NULL) {
		if (fgets(text, sizeof text, file) == NULL)
			text[0] = '\0';
		fclose(file);
	}
	CHECK_STR(text, "000010\n", "blocs 1+2+4 réservés avant la fermeture");
	CHECK(sne_alloc_close(alloc) == 0, "la fermeture rend les numéros");
	alloc = sne_alloc_open(state_path("etat"), why, sizeof why);
	sne_alloc_next(alloc, "075", 1, 20, &seq, why, sizeof why);
	CHECK(seq == 8,
	      "8..10 inutilisés rendus : le processus suivant obtient 8 (obtenu %ld)", seq);
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
	CHECK(first == 4,
	      "la réserve continue après le bloc d'un autre allocateur (obtenu %ld)", first);
	sne_alloc_close(a);  /* counter is 8, not a's end 3: nothing given back */
	sne_alloc_close(b);
	a = sne_alloc_open(state_path("etat"), why, sizeof why);
	sne_alloc_next(a, "076", 1, 20, &seq, why, sizeof why);
	CHECK(seq == 9, "rien de rendu quand un autre a attribué après nous (obtenu %ld)", seq);
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
	CHECK(ok, "tenu : 1..5 distribués (arrêt à %ld : %s)", seq, why);
	CHECK_STR(counter_text("077-0224"), "", "tenu : rien d'écrit avant la synchronisation");
	CHECK(sne_alloc_sync(alloc, why, sizeof why) == 0, "synchronisation (%s)", why);
	CHECK_STR(counter_text("077-0224"), "000005\n",
	          "la synchronisation écrit le dernier numéro donné");
	CHECK(sne_alloc_reserve(alloc, "077", 2, 24, 3, &first, why, sizeof why) == 0 && first == 6,
	      "une réserve sur un compteur tenu continue (obtenu %ld)", first);
	CHECK(sne_alloc_next(alloc, "077", 2, 24, &seq, why, sizeof why) == 0 && seq == 9,
	      "puis 9 (obtenu %ld)", seq);
	CHECK(sne_alloc_close(alloc) == 0, "fermeture");
	CHECK_STR(counter_text("077-0224"), "000009\n",
	          "la fermeture écrit ce qui a été donné depuis la synchronisation");
	other = sne_alloc_open(state_path("etat"), why, sizeof why);
	CHECK(sne_alloc_next(other, "077", 2, 24, &seq, why, sizeof why) == 0 && seq == 10,
	      "le passage suivant continue à 10 (obtenu %ld)", seq);
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
	CHECK_STR(counter_text("077-0324"), "", "tenu, pas encore écrit");
	CHECK(sne_alloc_next(alloc, "078", 2, 24, &seq, why, sizeof why) == 0 && seq == 1,
	      "le compteur que l'autre processus tenait, une fois lâché (obtenu %ld : %s)", seq, why);
	CHECK_STR(counter_text("077-0324"), "000002\n",
	          "les compteurs tenus ici ont été écrits avant d'attendre");
	CHECK(sne_alloc_next(alloc, "077", 3, 24, &seq, why, sizeof why) == 0 && seq == 3,
	      "un compteur relâché est repris et continue (obtenu %ld)", seq);
	CHECK(sne_alloc_close(alloc) == 0, "fermeture");
	CHECK_STR(counter_text("077-0324"), "000003\n", "la fermeture l'écrit");
	CHECK_STR(counter_text("078-0224"), "000001\n", "et l'autre");
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
	CHECK(rc == 0 && seq == 999999, "le dernier numéro 999999 est donné (obtenu %ld)", seq);
	rc = sne_alloc_next(alloc, "093", 12, 99, &seq, why, sizeof why);
	CHECK(rc == SNE_EX_DATAERR,
	      "au-delà de 999999 c'est une erreur, jamais un retour à zéro (rc %d)", rc);
	CHECK_STR(why, "séquence épuisée pour le territoire 093 en 12/99 (999999 numéros)",
	          "motif de l'épuisement");
	sne_alloc_close(alloc);

	write_counter("etat/compteurs/094-1299", "999990\n");
	alloc = sne_alloc_open(state_path("etat"), why, sizeof why);
	rc = sne_alloc_reserve(alloc, "094", 12, 99, 10, &first, why, sizeof why);
	CHECK(rc == SNE_EX_DATAERR, "une réserve qui ne tient pas est refusée en entier");
	rc = sne_alloc_reserve(alloc, "094", 12, 99, 9, &first, why, sizeof why);
	CHECK(rc == 0 && first == 999991, "une réserve qui tient exactement est donnée");
	sne_alloc_close(alloc);

	write_counter("etat/compteurs/095-1299", "12x456\n");
	alloc = sne_alloc_open(state_path("etat"), why, sizeof why);
	rc = sne_alloc_next(alloc, "095", 12, 99, &seq, why, sizeof why);
	CHECK(rc == SNE_EX_DATAERR && strstr(why, "illisible") != NULL,
	      "un compteur corrompu est refusé (%s)", why);
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
	CHECK(alloc != NULL, "l'ouverture crée les dossiers parents absents (%s)", why);
	sne_alloc_next(alloc, "001", 1, 18, &seq, why, sizeof why);
	sne_alloc_close(alloc);
	umask(old);
	mode = mode_of(state_path("perm/etat"), NULL);
	CHECK(mode == 0700, "dossier d'état 0700 sous umask 0 (%o)", mode);
	mode = mode_of(state_path("perm/etat/compteurs"), NULL);
	CHECK(mode == 0700, "compteurs 0700 (%o)", mode);
	mode = mode_of(state_path("perm/etat/compteurs/001-0118"), &size);
	CHECK(mode == 0600, "fichier compteur 0600 (%o)", mode);
	CHECK(size == 7, "le compteur est de largeur fixe (%ld octets)", size);
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
	CHECK(ok_children, "%d enfants ont attribué %d numéros chacun", CHILDREN, PER_CHILD);
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
	CHECK(distinct, "%d numéros, tous distincts", CHILDREN * PER_CHILD);
	CHECK(increasing, "les numéros de chaque enfant croissent strictement");
	CHECK(all[0] >= 1 && all[CHILDREN * PER_CHILD - 1] <= 999999, "numéros dans 1..999999");
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
