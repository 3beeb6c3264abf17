/* The setgid deployment: the programs installed setgid « sne » (as
 * crontab(1) is setgid crontab), the state folder and the registers the
 * group's (folders 2770, files 0660), out of every user's reach but the
 * programs'.  Outside that deployment every answer here is the plain one
 * (files 0600, folders 0700, the user's own rights). */
#ifndef SNE_PRIVILEGE_H
#define SNE_PRIVILEGE_H

#include <stdbool.h>
#include <sys/stat.h>
#include <sys/types.h>

/* Whether the program runs with a group the user does not have (installed
 * setgid): then the environment and the user's files may not say where the
 * data is, and what the user names for output is written with his rights. */
bool sne_setgid_run(void);
/* The mode of a register, a lock, a counter: 0660 in a setgid run (the
 * group writes it through the programs), 0600 otherwise. */
mode_t sne_register_file_mode(void);
/* Gives the file open as FD the mode of a register, whatever the umask,
 * when it is the user's; another user's (the setgid deployment) keeps the
 * mode its creator gave it, which only he may change.  0, or -1 (errno). */
int sne_register_mode_set(int fd);
/* The mode of a folder of the state: 02770 in a setgid run, 0700 otherwise. */
mode_t sne_register_dir_mode(void);
/* Whether a register the run did not create may be rewritten: owned by
 * the user, or in a setgid run the group's and writable by it. */
bool sne_register_writable(const struct stat *st);

/* access(2) asked with the program's rights (its group, in a setgid run),
 * not the user's: for the registers and the state, which only the group
 * reaches in that deployment. */
int sne_access(const char *path, int mode);

/* Between these two calls, files are opened with the user's own rights
 * (his group, not the program's): for what the user names on the command
 * line to write.  Nothing happens outside a setgid run.  Not nested. */
void sne_user_rights_begin(void);
void sne_user_rights_end(void);

/* Whether the configuration file open as FD may be read: in a setgid run
 * only when owned by the user or by root, and writable by no one else;
 * always otherwise.  Fills WHY when not. */
bool sne_config_file_trusted(int fd, const char *path, char *why, size_t why_size);

#endif
