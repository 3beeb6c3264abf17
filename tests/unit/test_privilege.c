/* Unit tests of lib/privilege.c outside the setgid deployment (this test is
 * never installed setgid): every answer is the plain one, files 0600,
 * folders 0700, the user's own rights, nothing changed by the
 * user-rights brackets, every configuration file trusted.  Run as root,
 * it also gives a file to another uid (its mode is left alone), takes
 * another effective group without AT_SECURE (still no setgid run) and
 * another effective uid (sne_access answers with it, access(2) does not). */
#include "check.h"
#include "sne/err.h"
#include "sne/privilege.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[] = "/tmp/sne-test-privilege-XXXXXX";

static char *path_in(const char *name)
{
	return check_path(dir, name);
}

static mode_t mode_of(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? st.st_mode & 07777 : (mode_t)-1;
}

static void test_plain_modes(void)
{
	CHECK(!sne_setgid_run(), "hors installation setgid : sne_setgid_run() faux");
	CHECK(sne_register_file_mode() == 0600, "mode d'un registre : 0600 (%04o)",
	      (unsigned)sne_register_file_mode());
	CHECK(sne_register_dir_mode() == 0700, "mode d'un dossier de l'état : 0700 (%04o)",
	      (unsigned)sne_register_dir_mode());
}

static void test_writable(void)
{
	const char *path = path_in("a-moi.xml");
	struct stat st;
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	if (fd < 0 || fstat(fd, &st) != 0)
		exit(2);
	close(fd);
	CHECK(sne_register_writable(&st), "un registre à soi peut être réécrit");
	memset(&st, 0, sizeof st);
	st.st_uid = geteuid() + 1;
	st.st_gid = getegid();
	st.st_mode = S_IFREG | 0660;
	CHECK(!sne_register_writable(&st),
	      "le registre d'un autre uid, même du groupe et inscriptible par lui : refusé "
	      "hors setgid");
	st.st_uid = geteuid();
	st.st_mode = S_IFREG | 0400;
	CHECK(sne_register_writable(&st), "à soi, même en lecture seule : le propriétaire décide");
}

/* A file of one's own created under UMASK with mode 0666. */
static void check_mode_set(mode_t mask, const char *name)
{
	const char *path = path_in(name);
	mode_t old = umask(mask);
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0666);
	int rc;

	umask(old);
	if (fd < 0)
		exit(2);
	rc = sne_register_mode_set(fd);
	close(fd);
	CHECK(rc == 0 && mode_of(path) == 0600,
	      "umask %03o : sne_register_mode_set donne 0600 au fichier à soi (%04o)",
	      (unsigned)mask, (unsigned)mode_of(path));
}

static void test_mode_set(void)
{
	const char *path = path_in("autrui.xml");
	int fd, rc;

	check_mode_set(0, "umask-000");
	check_mode_set(022, "umask-022");
	check_mode_set(0777, "umask-777");
	errno = 0;
	CHECK(sne_register_mode_set(-1) == -1 && errno == EBADF,
	      "un descripteur invalide : -1, errno EBADF");

	if (geteuid() != 0) {
		CHECK(1, "le fichier d'un autre utilisateur est laissé tel quel # SKIP nécessite root");
		return;
	}
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || fchmod(fd, 0644) != 0 || fchown(fd, 65534, 65534) != 0)
		exit(2);
	rc = sne_register_mode_set(fd);
	close(fd);
	CHECK(rc == 0 && mode_of(path) == 0644,
	      "le fichier d'un autre utilisateur (uid 65534) garde son mode 0644 (%04o)",
	      (unsigned)mode_of(path));
}

static void test_user_rights(void)
{
	gid_t egid = getegid(), gid = getgid();
	uid_t euid = geteuid();

	sne_user_rights_begin();
	CHECK(getegid() == egid && getgid() == gid && geteuid() == euid,
	      "sne_user_rights_begin hors setgid : groupe effectif inchangé");
	sne_user_rights_begin(); /* not nested: harmless */
	sne_user_rights_end();
	CHECK(getegid() == egid && getgid() == gid, "sne_user_rights_end : groupe effectif inchangé");
	sne_user_rights_end();
	CHECK(getegid() == egid, "une fin de trop ne change rien");

	/* a group effectif other than the real one, without the kernel's
	 * AT_SECURE (root's setegid): still no setgid run, nothing given up */
	if (geteuid() != 0 || getgid() == 65534) {
		CHECK(1, "groupe effectif autre que le réel sans AT_SECURE # SKIP nécessite root");
		CHECK(1, "sne_user_rights_begin le garde # SKIP nécessite root");
		return;
	}
	if (setegid(65534) != 0)
		exit(2);
	CHECK(!sne_setgid_run(), "groupe effectif 65534, réel %ld, sans AT_SECURE : pas une "
	      "installation setgid", (long)getgid());
	sne_user_rights_begin();
	CHECK(getegid() == 65534, "sne_user_rights_begin le garde (%ld)", (long)getegid());
	sne_user_rights_end();
	if (setegid(egid) != 0)
		exit(2);
}

static void test_config_trusted(void)
{
	const char *path = path_in("config.yaml");
	char why[SNE_WHY_MAX] = "";
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);

	if (fd < 0)
		exit(2);
	CHECK(sne_config_file_trusted(fd, path, why, sizeof why) && why[0] == '\0',
	      "un fichier de configuration à soi est lu");
	if (fchmod(fd, 0666) != 0 || (geteuid() == 0 && fchown(fd, 65534, 65534) != 0))
		exit(2);
	CHECK(sne_config_file_trusted(fd, path, why, sizeof why) && why[0] == '\0',
	      "hors setgid, même modifiable par tous%s : lu (l'utilisateur n'a pas d'autres "
	      "droits que les siens)", geteuid() == 0 ? " et à un autre uid" : "");
	close(fd);
}

/* sne_access(PATH, MODE) and access(2) agree, errno included. */
static void check_access(const char *path, int mode, const char *what)
{
	int want, want_errno, got, got_errno;

	errno = 0;
	want = access(path, mode);
	want_errno = errno;
	errno = 0;
	got = sne_access(path, mode);
	got_errno = errno;
	CHECK(got == want && (want == 0 || got_errno == want_errno),
	      "sne_access comme access(2) : %s (%d/%d, errno %d/%d)", what, got, want, got_errno,
	      want_errno);
}

static void test_access(void)
{
	const char *path = path_in("existe.xml");
	int rc, fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	if (fd < 0)
		exit(2);
	close(fd);
	check_access(path, F_OK, "fichier existant, F_OK");
	check_access(path, R_OK | W_OK, "fichier existant, R_OK | W_OK");
	check_access(path, X_OK, "fichier 0600, X_OK");
	CHECK(sne_access(path, R_OK | W_OK) == 0, "un fichier à soi est lisible et inscriptible");
	check_access(path_in("absent.xml"), F_OK, "fichier absent, F_OK");
	errno = 0;
	CHECK(sne_access(path_in("absent.xml"), F_OK) == -1 && errno == ENOENT,
	      "fichier absent : -1, errno ENOENT");
	check_access(dir, X_OK, "dossier, X_OK");

	/* the program's rights, not the user's: with an effective uid that
	 * cannot cross the test folder (0700, root's), the real one can */
	if (geteuid() != 0) {
		CHECK(1, "sne_access avec les droits effectifs # SKIP nécessite root");
		return;
	}
	if (seteuid(65534) != 0)
		exit(2);
	errno = 0;
	rc = sne_access(path, F_OK);
	CHECK(rc == -1 && errno == EACCES && access(path, F_OK) == 0,
	      "sne_access répond avec les droits effectifs (uid 65534 : refusé), access(2) avec "
	      "les réels (%d)", rc);
	if (seteuid(0) != 0)
		exit(2);
}

int main(void)
{
	char command[600];

	sne_err_init("test_privilege");
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 2;
	}
	test_plain_modes();
	test_writable();
	test_mode_set();
	test_user_rights();
	test_config_trusted();
	test_access();
	snprintf(command, sizeof command, "rm -rf '%s'", dir);
	if (system(command) != 0)
		printf("# could not remove %s\n", dir);
	return check_done();
}
