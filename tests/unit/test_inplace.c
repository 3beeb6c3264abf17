/* Unit tests of lib/inplace.c and lib/lock.c: rewrite, abort, a register
 * locked by another process, symlinks, stale temporary files. */
#include "capture.h"
#include "check.h"
#include "sne/err.h"
#include "sne/inplace.h"
#include "sne/lock.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char dir[] = "/tmp/sne-test-inplace-XXXXXX";

static char *path_in(const char *name)
{
	return check_path(dir, name);
}

static void write_file(const char *path, const char *text, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);

	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		exit(2);
	close(fd);
}

static const char *read_file(const char *path)
{
	static char text[4096];
	int fd = open(path, O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, text, sizeof text - 1);

	text[n > 0 ? n : 0] = '\0';
	if (fd >= 0)
		close(fd);
	return text;
}

/* Files of the test folder whose name contains ".tmp.". */
static int count_temps(void)
{
	DIR *d = opendir(dir);
	struct dirent *entry;
	int n = 0;

	while (d != NULL && (entry = readdir(d)) != NULL)
		if (strstr(entry->d_name, ".tmp.") != NULL)
			n++;
	if (d != NULL)
		closedir(d);
	return n;
}

static void copy_upper(struct sne_inplace *ip)
{
	char buf[256];
	ssize_t n, i;

	while ((n = sne_input_read(sne_inplace_input(ip), buf, sizeof buf)) > 0) {
		for (i = 0; i < n; i++)
			if (buf[i] >= 'a' && buf[i] <= 'z')
				buf[i] = (char)(buf[i] - 'a' + 'A');
		sne_output_write(sne_inplace_output(ip), buf, (size_t)n);
	}
}

static void test_rewrite(void)
{
	const char *path = path_in("registre.xml");
	struct sne_inplace *ip = NULL;
	struct stat st;
	int rc;

	write_file(path, "<demandes/>\n", 0644);
	rc = sne_inplace_begin(path, 0, &ip);
	CHECK(rc == 0 && ip != NULL, "début sur un fichier ordinaire (rc %d)", rc);
	if (ip == NULL)
		return;
	copy_upper(ip);
	CHECK(count_temps() == 1, "un fichier temporaire existe pendant le passage");
	rc = sne_inplace_commit(ip);
	CHECK(rc == 0, "validation");
	CHECK_STR(read_file(path), "<DEMANDES/>\n", "contenu remplacé");
	CHECK(stat(path, &st) == 0 && (st.st_mode & 07777) == 0600, "le registre est en mode 0600");
	CHECK(count_temps() == 0, "aucun fichier temporaire laissé");
	CHECK_STR(read_file(path_in("registre.xml.lock")), "",
	          "fichier verrou vidé après libération");
}

static void test_abort(void)
{
	const char *path = path_in("registre.xml");
	struct sne_inplace *ip = NULL;
	int rc;

	write_file(path, "original\n", 0600);
	rc = sne_inplace_begin(path, 0, &ip);
	CHECK(rc == 0, "début avant abandon");
	if (ip == NULL)
		return;
	sne_output_puts(sne_inplace_output(ip), "changed\n");
	sne_inplace_abort(ip);
	CHECK_STR(read_file(path), "original\n", "l'abandon garde l'original");
	CHECK(count_temps() == 0, "l'abandon retire le fichier temporaire");
}

static void test_gzip(void)
{
	const char *path = path_in("registre.xml.gz");
	struct sne_inplace *ip = NULL;
	unsigned char magic[2] = { 0, 0 };
	int fd, rc;

	write_file(path, "plain\n", 0600);
	rc = sne_inplace_begin(path, 0, &ip);
	if (ip == NULL) {
		CHECK(0, "début sur .gz (rc %d)", rc);
		return;
	}
	copy_upper(ip);
	rc = sne_inplace_commit(ip);
	fd = open(path, O_RDONLY);
	if (fd >= 0 && read(fd, magic, 2) != 2)
		magic[0] = 0;
	close(fd);
	CHECK(rc == 0 && magic[0] == 0x1f && magic[1] == 0x8b, "un registre .gz est écrit en gzip");
	rc = sne_inplace_begin(path, 0, &ip);
	if (ip == NULL) {
		CHECK(0, "début sur un registre gzip (rc %d)", rc);
		return;
	}
	{
		char buf[64];
		ssize_t n = sne_input_read(sne_inplace_input(ip), buf, sizeof buf - 1);

		buf[n > 0 ? n : 0] = '\0';
		CHECK_STR(buf, "PLAIN\n", "un registre gzip est lu décompressé");
	}
	sne_inplace_abort(ip);
}

/* A child holds the lock until the parent has tried, then exits. */
static void test_locked(void)
{
	const char *path = path_in("registre.xml");
	struct sne_inplace *ip = NULL;
	int ready[2], done[2], rc;
	const char *said;
	char expected[128], c;
	pid_t child;

	write_file(path, "original\n", 0600);
	if (pipe(ready) != 0 || pipe(done) != 0)
		exit(2);
	child = fork();
	if (child == 0) {
		struct sne_lock lock;
		char why[SNE_WHY_MAX];

		sne_err_init("sne-renew");
		if (sne_lock_acquire(&lock, path_in("registre.xml.lock"), 0, why, sizeof why) != 0)
			_exit(3);
		if (write(ready[1], "x", 1) != 1 || read(done[0], &c, 1) != 1)
			_exit(4);
		sne_lock_release(&lock);
		_exit(0);
	}
	if (read(ready[0], &c, 1) != 1)
		exit(2);
	capture_start();
	rc = sne_inplace_begin(path, 0, &ip);
	said = capture_end();
	CHECK(rc == SNE_EX_TEMPFAIL && ip == NULL, "un registre verrouillé donne 75 (rc %d)", rc);
	snprintf(expected, sizeof expected, "verrouillé par pid %ld (sne-renew)", (long)child);
	CHECK(strstr(said, expected) != NULL, "le message nomme le détenteur (%s)", said);
	CHECK(strstr(said, "« ") != NULL && strstr(said, "registre.xml » est verrouillé") != NULL,
	      "le message nomme le registre, pas le fichier verrou");
	CHECK(strstr(said, "--wait") != NULL, "le message dit quoi faire");
	if (write(done[1], "x", 1) != 1)
		exit(2);
	waitpid(child, NULL, 0);
	rc = sne_inplace_begin(path, 0, &ip);
	CHECK(rc == 0, "le verrou est libre une fois le détenteur parti");
	if (ip != NULL)
		sne_inplace_abort(ip);
	close(ready[0]);
	close(ready[1]);
	close(done[0]);
	close(done[1]);
}

/* The lock dies with its holder: a SIGKILL'ed run never blocks the next. */
static void test_lock_wait(void)
{
	const char *lock_path = path_in("autre.lock");
	struct sne_lock lock;
	char why[SNE_WHY_MAX] = "";
	pid_t child;
	int ready[2], rc;
	char c;

	if (pipe(ready) != 0)
		exit(2);
	child = fork();
	if (child == 0) {
		if (sne_lock_acquire(&lock, lock_path, 0, why, sizeof why) != 0 ||
		    write(ready[1], "x", 1) != 1)
			_exit(3);
		pause();
		_exit(0);
	}
	if (read(ready[0], &c, 1) != 1)
		exit(2);
	rc = sne_lock_acquire(&lock, lock_path, 0, why, sizeof why);
	CHECK(rc == SNE_EX_TEMPFAIL, "second preneur du verrou refusé");
	CHECK(strstr(why, "« ") != NULL && strstr(why, "autre » est verrouillé par pid") != NULL,
	      "le motif nomme le détenteur (%s)", why);
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	rc = sne_lock_acquire(&lock, lock_path, 1, why, sizeof why);
	CHECK(rc == 0, "un détenteur tué laisse le verrou libre (mode attente)");
	sne_lock_release(&lock);
	close(ready[0]);
	close(ready[1]);
}

static void test_refusals(void)
{
	struct sne_inplace *ip = NULL;
	const char *said;
	int rc;

	write_file(path_in("vrai.xml"), "x\n", 0600);
	if (symlink(path_in("vrai.xml"), path_in("lien.xml")) != 0)
		exit(2);
	capture_start();
	rc = sne_inplace_begin(path_in("lien.xml"), 0, &ip);
	said = capture_end();
	CHECK(rc == SNE_EX_CANTCREAT && ip == NULL, "un lien symbolique est refusé (rc %d)", rc);
	CHECK(strstr(said, "lien symbolique") != NULL, "le motif dit lien symbolique (%s)", said);
	CHECK(access(path_in("lien.xml.lock"), F_OK) != 0,
	      "aucun fichier verrou laissé pour un chemin refusé");

	capture_start();
	rc = sne_inplace_begin(path_in("absent.xml"), 0, &ip);
	said = capture_end();
	CHECK(rc == SNE_EX_NOINPUT, "un registre absent donne 66 (rc %d)", rc);
	CHECK(strstr(said, "« ") != NULL && strstr(said, "absent.xml » introuvable") != NULL,
	      "le motif nomme le fichier absent (%s)", said);

	capture_start();
	rc = sne_inplace_begin(dir, 0, &ip);
	said = capture_end();
	CHECK(rc == SNE_EX_CANTCREAT && strstr(said, "n'est pas un fichier ordinaire") != NULL,
	      "un dossier est refusé (%s)", said);

	if (geteuid() == 0) {
		write_file(path_in("autrui.xml"), "x\n", 0600);
		if (chown(path_in("autrui.xml"), 12345, 12345) != 0)
			exit(2);
		capture_start();
		rc = sne_inplace_begin(path_in("autrui.xml"), 0, &ip);
		said = capture_end();
		CHECK(rc == SNE_EX_CANTCREAT && strstr(said, "appartient à un autre utilisateur") != NULL,
		      "le registre d'un autre utilisateur est refusé (%s)", said);
	} else {
		CHECK(1, "le registre d'un autre utilisateur est refusé # SKIP nécessite root");
	}
}

static void test_stale_temp(void)
{
	const char *path = path_in("registre.xml");
	struct sne_inplace *ip = NULL;
	int rc;

	write_file(path, "original\n", 0600);
	write_file(path_in(".registre.xml.tmp.AbC123"), "half-written", 0600);
	write_file(path_in(".registre.xml.tmp.keep"), "not ours", 0600);
	rc = sne_inplace_begin(path, 0, &ip);
	CHECK(rc == 0, "début avec un fichier temporaire périmé qui traîne");
	CHECK(access(path_in(".registre.xml.tmp.AbC123"), F_OK) != 0,
	      "le fichier temporaire du passage tué est retiré");
	CHECK(access(path_in(".registre.xml.tmp.keep"), F_OK) == 0,
	      "un fichier qui ne correspond pas au motif est gardé");
	if (ip != NULL)
		sne_inplace_commit(ip);
	unlink(path_in(".registre.xml.tmp.keep"));
}

int main(void)
{
	char command[512];

	sne_err_init("test_inplace");
	sne_err_set_quiet(1);
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 2;
	}
	test_rewrite();
	test_abort();
	test_gzip();
	test_locked();
	test_lock_wait();
	test_refusals();
	test_stale_temp();
	snprintf(command, sizeof command, "rm -rf '%s'", dir);
	if (system(command) != 0)
		printf("# could not remove %s\n", dir);
	return check_done();
}
