/* Where the data lives (lib/paths.c): $SNE_SHARE when set and not empty;
 * else the share/ of the build tree the program runs from (bin/../share,
 * or build-san/bin/../../share), known by a man page source; else
 * PREFIX/share/sne beside PREFIX/bin when it holds the schema; else the
 * DATADIR compiled in, never another package's share/xsd.  The program is
 * copied into trees of each kind and asked. */
#include "check.h"
#include "sne/paths.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[] = "/tmp/sne-test-paths-XXXXXX";

/* What a copy of this program at DIR/WHERE/test_paths says, with SNE_SHARE
 * unset, into OUT. */
static void ask_copy(const char *where, char *out, size_t size)
{
	char command[PATH_MAX * 3];
	FILE *p;

	snprintf(command, sizeof command,
	         "mkdir -p '%s/%s' && cp /proc/%ld/exe '%s/%s/test_paths' && "
	         "env -u SNE_SHARE '%s/%s/test_paths' print",
	         dir, where, (long)getpid(), dir, where, dir, where);
	out[0] = '\0';
	p = popen(command, "r");
	if (p == NULL)
		return;
	if (fgets(out, (int)size, p) != NULL)
		out[strcspn(out, "\n")] = '\0';
	pclose(p);
}

static void test_environment(void)
{
	setenv("SNE_SHARE", "/opt/sne/share", 1);
	CHECK_STR(sne_share_dir(), "/opt/sne/share", "$SNE_SHARE l'emporte");
}

static void make_file(const char *relative)
{
	char command[PATH_MAX * 2];

	snprintf(command, sizeof command, "f='%s/%s' && mkdir -p \"${f%%/*}\" && touch \"$f\"", dir,
	         relative);
	if (system(command) != 0)
		abort();
}

static void test_own_trees(void)
{
	char got[PATH_MAX], want[PATH_MAX], path[PATH_MAX + 20];

	setenv("SNE_SHARE", "", 1);
	make_file("autre/share/xsd/interfaceNuu.xsd");
	ask_copy("autre/bin", got, sizeof got);
	CHECK_STR(got, SNE_DATADIR, "PREFIX/share/xsd d'un autre paquet : pas le nôtre, le dossier compilé");
	make_file("arbre/share/man/sne-records.5");
	ask_copy("arbre/bin", got, sizeof got);
	snprintf(path, sizeof path, "%s/arbre/share", dir);
	CHECK(realpath(path, want) != NULL, "arbre de construction fait");
	CHECK_STR(got, want, "bin/../share/man/sne-records.5 : le share/ de l'arbre de construction");
	ask_copy("arbre/build-san/bin", got, sizeof got);
	CHECK_STR(got, want, "build-san/bin/../../share : celui-là aussi");
	ask_copy("arbre/a/b/c", got, sizeof got);
	CHECK_STR(got, SNE_DATADIR, "trois niveaux plus bas : le dossier compilé");
	make_file("prefixe/share/sne/xsd/interfaceNuu.xsd");
	ask_copy("prefixe/bin", got, sizeof got);
	snprintf(path, sizeof path, "%s/prefixe/share/sne", dir);
	CHECK(realpath(path, want) != NULL && strcmp(got, want) == 0,
	      "PREFIX/bin à côté de PREFIX/share/sne/xsd/interfaceNuu.xsd : ce dossier (arbre déplacé)");
}

static void test_empty_environment(void)
{
	char want[PATH_MAX], path[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", path, sizeof path - 20);

	path[n > 0 ? n : 0] = '\0';
	*strrchr(path, '/') = '\0';   /* build/tests/, or build-san/tests/ */
	strcat(path, "/../../share");
	setenv("SNE_SHARE", "", 1);
	CHECK(realpath(path, want) != NULL && strcmp(sne_share_dir(), want) == 0,
	      "$SNE_SHARE vide : ignoré, le share/ de l'arbre des tests");
}

int main(int argc, char **argv)
{
	char command[PATH_MAX];

	if (argc == 2 && strcmp(argv[1], "print") == 0) {
		puts(sne_share_dir());
		return 0;
	}
	if (mkdtemp(dir) == NULL)
		return 99;
	test_environment();
	test_own_trees();
	test_empty_environment();
	snprintf(command, sizeof command, "rm -rf '%s'", dir);
	if (system(command) != 0)
		return 99;
	return check_done();
}
