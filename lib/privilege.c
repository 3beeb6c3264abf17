/* The setgid deployment (see sne/privilege.h). */
#include "sne/privilege.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/auxv.h>
#include <unistd.h>

bool sne_setgid_run(void)
{
	/* AT_SECURE: the kernel's own word that the program was started
	 * set-user-ID or set-group-ID (the flag glibc cleans the environment by). */
	return getauxval(AT_SECURE) != 0 && getegid() != getgid();
}

mode_t sne_register_file_mode(void)
{
	return sne_setgid_run() ? 0660 : 0600;
}

int sne_register_mode_set(int fd)
{
	struct stat st;

	if (fstat(fd, &st) != 0)
		return -1;
	if (st.st_uid != geteuid() || (st.st_mode & 07777) == sne_register_file_mode())
		return 0;
	return fchmod(fd, sne_register_file_mode());
}

mode_t sne_register_dir_mode(void)
{
	return sne_setgid_run() ? 02770 : 0700;
}

bool sne_register_writable(const struct stat *st)
{
	if (st->st_uid == geteuid())
		return true;
	return sne_setgid_run() && st->st_gid == getegid() &&
	       (st->st_mode & (S_IRGRP | S_IWGRP)) == (S_IRGRP | S_IWGRP);
}

int sne_access(const char *path, int mode)
{
	return faccessat(AT_FDCWD, path, mode, AT_EACCESS);
}

static gid_t program_gid;
static bool user_rights;

void sne_user_rights_begin(void)
{
	if (user_rights || !sne_setgid_run())
		return;
	program_gid = getegid();
	if (setegid(getgid()) != 0)
		abort(); /* giving up a right cannot be refused: never go on with it */
	user_rights = true;
}

void sne_user_rights_end(void)
{
	if (!user_rights)
		return;
	if (setegid(program_gid) != 0)
		abort();
	user_rights = false;
}

bool sne_config_file_trusted(int fd, const char *path, char *why, size_t why_size)
{
	struct stat st;

	if (!sne_setgid_run())
		return true;
	if (fstat(fd, &st) != 0) {
		snprintf(why, why_size, "impossible d'examiner le fichier de configuration « %s »", path);
		return false;
	}
	if (st.st_uid != getuid() && st.st_uid != 0) {
		snprintf(why, why_size,
		         "le fichier de configuration « %s » appartient à un autre utilisateur "
		         "(uid %lu) : refusé, le programme étant installé setgid ; donnez un "
		         "fichier à vous", path, (unsigned long)st.st_uid);
		return false;
	}
	if ((st.st_mode & S_IWOTH) || ((st.st_mode & S_IWGRP) && st.st_gid != getgid())) {
		snprintf(why, why_size,
		         "le fichier de configuration « %s » est modifiable par d'autres que son "
		         "propriétaire : refusé, le programme étant installé setgid ; corrigez avec "
		         "« chmod go-w %s »", path, path);
		return false;
	}
	return true;
}
