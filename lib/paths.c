/* Where the installed data lives: $SNE_SHARE, the build tree, or DATADIR. */
#include "sne/paths.h"

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

/* Whether DIR/xsd is a folder: the mark of a share/ tree. */
static int has_xsd(const char *dir)
{
	char path[PATH_MAX];
	struct stat st;

	if (snprintf(path, sizeof path, "%s/xsd", dir) >= (int)sizeof path)
		return 0;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* bin/../share, or build-san/bin/../../share for sanitizer builds. */
static int find_build_tree(void)
{
	static const char *const relative[] = { "/../share", "/../../share" };
	char exe[PATH_MAX], candidate[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	char *slash;
	size_t i;

	if (n <= 0)
		return 0;
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (slash == NULL)
		return 0;
	*slash = '\0';
	for (i = 0; i < sizeof relative / sizeof relative[0]; i++) {
		if (snprintf(candidate, sizeof candidate, "%s%s", exe, relative[i]) >= (int)sizeof candidate)
			continue;
		if (!has_xsd(candidate))
			continue;
		if (realpath(candidate, share_dir) == NULL)
			snprintf(share_dir, sizeof share_dir, "%s", candidate);
		return 1;
	}
	return 0;
}

const char *sne_share_dir(void)
{
	const char *env = getenv("SNE_SHARE");

	if (env != NULL && *env != '\0')
		return env;
	if (share_dir[0] == '\0' && !find_build_tree())
		snprintf(share_dir, sizeof share_dir, "%s", SNE_DATADIR);
	return share_dir;
}
