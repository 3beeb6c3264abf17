/* Locks (lib/lock.c): one holder at a time, named in the lock file and in
 * the message of whoever finds it taken (the lock file's name without
 * ".lock"), a lock file never followed through a link and kept 0600, kept
 * but emptied at release, --wait blocking until free. */
#include "check.h"
#include "sne/err.h"
#include "sne/lock.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char dir[] = "/tmp/sne-test-lock-XXXXXX";
static char path[300];

static const char *at(const char *name)
{
	snprintf(path, sizeof path, "%s/%s", dir, name);
	return path;
}

static void file_text(const char *p, char *out, size_t size)
{
	FILE *f = fopen(p, "r");
	size_t n = f ? fread(out, 1, size - 1, f) : 0;

	out[n] = '\0';
	if (f)
		fclose(f);
}

static void test_one_holder(void)
{
	struct sne_lock a, b;
	char why[512] = "", text[200], want[200], lock_path[300];
	struct stat st;

	snprintf(lock_path, sizeof lock_path, "%s", at("registre.xml.lock"));
	close(open(lock_path, O_CREAT | O_WRONLY, 0644));
	chmod(lock_path, 0644);
	CHECK(sne_lock_acquire(&a, lock_path, 0, why, sizeof why) == 0, "verrou libre : pris (%s)", why);
	file_text(lock_path, text, sizeof text);
	snprintf(want, sizeof want, "pid %ld (test_lock)\n", (long)getpid());
	CHECK_STR(text, want, "le fichier nomme le détenteur");
	CHECK(stat(lock_path, &st) == 0 && (st.st_mode & 0777) == 0600, "verrou remis en 0600");
	CHECK(sne_lock_acquire(&b, lock_path, 0, why, sizeof why) == SNE_EX_TEMPFAIL && b.fd == -1,
	      "verrou pris : 75, rien n'est tenu");
	snprintf(want, sizeof want, "« %s/registre.xml » est verrouillé par pid %ld (test_lock) ; "
	         "réessayez plus tard ou utilisez --wait", dir, (long)getpid());
	CHECK_STR(why, want, "le message nomme le registre (sans .lock) et le détenteur");
	CHECK(sne_lock_acquire(&b, lock_path, 0, NULL, 0) == SNE_EX_TEMPFAIL, "sans WHY : 75 aussi");
	sne_lock_release(&a);
	CHECK(a.fd == -1, "relâché : plus tenu");
	CHECK(stat(lock_path, &st) == 0 && st.st_size == 0, "relâché : fichier gardé, vidé");
	CHECK(sne_lock_acquire(&b, lock_path, 0, why, sizeof why) == 0, "relâché : repris");
	sne_lock_release(&b);
	sne_lock_release(&b);
	sne_lock_release(NULL);
	CHECK(1, "relâcher deux fois, ou NULL : sans effet");
}

static void test_silent_holder(void)
{
	struct sne_lock a;
	char why[512] = "";
	int fd = open(at("muet"), O_CREAT | O_RDWR, 0600);
	struct timespec t0, t1;

	flock(fd, LOCK_EX);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	CHECK(sne_lock_acquire(&a, at("muet"), 0, why, sizeof why) == SNE_EX_TEMPFAIL,
	      "tenu sans nom : 75");
	clock_gettime(CLOCK_MONOTONIC, &t1);
	CHECK(strstr(why, "« ") != NULL && strstr(why, "/muet » est verrouillé par un autre processus"),
	      "sans nom, et sans suffixe .lock : le chemin entier, « un autre processus »");
	CHECK((t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000 >= 50,
	      "un fichier vide est relu un moment avant de conclure (détenteur en train d'écrire)");
	close(fd);
}

static void test_wait(void)
{
	struct sne_lock a;
	char why[512] = "", c;
	int ready[2];
	pid_t pid;
	struct timespec t0, t1;
	long ms;

	if (pipe(ready) != 0)
		abort();
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		struct sne_lock held;
		const struct timespec pause = { 0, 300 * 1000000 };

		if (sne_lock_acquire(&held, at("attente.lock"), 0, NULL, 0) != 0)
			_exit(1);
		if (write(ready[1], "x", 1) != 1)
			_exit(1);
		nanosleep(&pause, NULL);
		sne_lock_release(&held);
		_exit(0);
	}
	if (read(ready[0], &c, 1) != 1)
		abort();
	CHECK(sne_lock_acquire(&a, at("attente.lock"), 0, why, sizeof why) == SNE_EX_TEMPFAIL,
	      "tenu par un autre processus : 75 sans --wait");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	CHECK(sne_lock_acquire(&a, at("attente.lock"), 1, why, sizeof why) == 0,
	      "--wait : pris une fois relâché");
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	CHECK(ms >= 150, "--wait : attendu que l'autre relâche (%ld ms)", ms);
	sne_lock_release(&a);
	waitpid(pid, NULL, 0);
	close(ready[0]), close(ready[1]);
}

static void test_cannot_open(void)
{
	struct sne_lock a;
	char why[512] = "", target[300];

	snprintf(target, sizeof target, "%s", at("cible"));
	if (symlink(target, at("lien.lock")) != 0)
		abort();
	CHECK(sne_lock_acquire(&a, at("lien.lock"), 0, why, sizeof why) == SNE_EX_CANTCREAT &&
	      strstr(why, "c'est un lien symbolique") != NULL, "lien symbolique : 73, dit");
	CHECK(access(target, F_OK) != 0, "la cible du lien n'est pas créée");
	CHECK(sne_lock_acquire(&a, at("absent/x.lock"), 0, why, sizeof why) == SNE_EX_CANTCREAT &&
	      strstr(why, "impossible d'ouvrir le verrou") != NULL, "dossier absent : 73");
}

int main(void)
{
	char command[400];

	if (mkdtemp(dir) == NULL)
		return 99;
	sne_err_init("test_lock");
	test_one_holder();
	test_silent_holder();
	test_wait();
	test_cannot_open();
	snprintf(command, sizeof command, "rm -rf '%s'", dir);
	if (system(command) != 0)
		return 99;
	return check_done();
}
