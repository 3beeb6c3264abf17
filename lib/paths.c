/* Where the installed data lives: $SNE_SHARE, the build tree, the
 * program's own prefix, or DATADIR.  In a setgid run (sne/privilege.h) the
 * user may not choose the schemas and templates: no $SNE_SHARE, and no
 * tree he can write. */
#include "sne/paths.h"

#include "sne/privilege.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef SNE_DATADIR
#define SNE_DATADIR "/usr/local/share/sne"
#endif

static char share_dir[PATH_MAX];

/* Whether DIR/FILE is a regular file. */
static int holds(const char *dir, const char *file)
{
	char path[PATH_MAX];
	struct stat st;

	if (snprintf(path, sizeof path, "%s/%s", dir, file) >= (int)sizeof path)
		return 0;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Takes DIR/RELATIVE as the share directory if it holds MARK. */
static int take_if_marked(const char *dir, const char *relative, const char *mark)
{
	char candidate[PATH_MAX];

	if (snprintf(candidate, sizeof candidate, "%s%s", dir, relative) >= (int)sizeof candidate)
		return 0;
	if (!holds(candidate, mark))
		return 0;
	if (sne_setgid_run() && access(candidate, W_OK) == 0)
		return 0; /* access(2) asks with the user's own rights */
	if (realpath(candidate, share_dir) == NULL)
		snprintf(share_dir, sizeof share_dir, "%s", candidate);
	return 1;
}

/* The folder of the running program into DIR (PATH_MAX bytes). */
static int program_dir(char *dir)
{
	ssize_t n = readlink("/proc/self/exe", dir, PATH_MAX - 1);
	char *slash;

	if (n <= 0)
		return 0;
	dir[n] = '\0';
	slash = strrchr(dir, '/');
	if (slash == NULL)
		return 0;
	*slash = '\0';
	return 1;
}

/* The share/ of the program's own tree.  A mark that only sne's own
 * trees hold decides, never a bare share/xsd: /usr/bin/../share/xsd may
 * belong to another package. */
static int find_own_tree(void)
{
	char dir[PATH_MAX];

	if (!program_dir(dir))
		return 0;
	/* the build tree: bin/ or build-san/bin/ beside the sources of share/,
	 * whose man page sources no installed share/ holds */
	if (take_if_marked(dir, "/../share", "man/sne-records.5") ||
	    take_if_marked(dir, "/../../share", "man/sne-records.5"))
		return 1;
	/* an installed tree staged (DESTDIR) or moved: PREFIX/bin beside
	 * PREFIX/share/sne */
	return take_if_marked(dir, "/../share/sne", "xsd/interfaceNuu.xsd");
}

const char *sne_share_dir(void)
{
	const char *env = secure_getenv("SNE_SHARE");

	if (env != NULL && *env != '\0')
		return env;
	if (share_dir[0] == '\0' && !find_own_tree())
		snprintf(share_dir, sizeof share_dir, "%s", SNE_DATADIR);
	return share_dir;
}
