/* Habilitations: who may act with which profile for which guichets,
 * decided by a file only the administrator writes (the Makefile's
 * HABILITATIONS, /etc/sne/habilitations.yaml by default), keyed by the
 * login of the real user (getpwuid(getuid())) or by one of its groups
 * ("%sne-support").  A user's configuration can only narrow what it grants. */
#ifndef SNE_HABILITATION_H
#define SNE_HABILITATION_H

#include <stddef.h>

#include "sne/config.h"
#include "sne/guichet.h"

/* What the entries matching one user grant, all of them together. */
struct sne_habilitation {
	int enforced;            /* 0 when the file does not exist */
	int found;               /* an entry names the user or one of its groups */
	unsigned profils;        /* bit (1 << enum sne_profil) per profile granted */
	enum sne_profil first;   /* the first profile granted: the default */
	int all_guichets;        /* a gestionnaire entry without guichets */
	char (*guichets)[SNE_GUICHET_SIZE]; /* owned; free with sne_habilitation_free() */
	size_t nguichets;
	char path[512];          /* the file read */
	char login[256];         /* whom it was read for */
};

/* The habilitations file of this build (static string). */
const char *sne_habilitation_default_path(void);
/* Loads from PATH what LOGIN (with its GROUPS, NGROUPS names) is granted.
 * A missing file gives OUT->enforced = 0 and returns 0.  A file writable
 * by anyone but root or OWNER_UID (or in such a directory), or a bad
 * entry, prints "prog: file:line:col: message" and returns SNE_EX_CONFIG. */
int sne_habilitation_load(const char *path, const char *login, const char *const *groups,
                          size_t ngroups, unsigned owner_uid, struct sne_habilitation *out);
/* The uid of the build's HABILITATIONS_OWNER (root's when unknown). */
unsigned sne_habilitation_owner_uid(void);
/* Loads the build's file for the real user of the process. */
int sne_habilitation_load_user(struct sne_habilitation *out);
/* Checks CONFIG (profile, PROFIL_GIVEN when the file said "profil:") and
 * GUICHET (the code the run acts for, "" if none; filled with the only
 * guichet granted when empty) against H.  Narrows CONFIG->profil to what
 * is granted.  ANYONE: the run is one every user may make (reading), no
 * entry needed.  Returns 0, or SNE_EX_NOPERM after a French message naming
 * what the user may do. */
int sne_habilitation_check(const struct sne_habilitation *h, struct sne_config *config,
                           int profil_given, char guichet[SNE_GUICHET_SIZE], int anyone);
/* Whether H lets its user act for CODE. */
int sne_habilitation_allows_guichet(const struct sne_habilitation *h, const char *code);
/* "profil guichet, guichets G0417, G0420" into BUF (SIZE bytes). */
void sne_habilitation_describe(const struct sne_habilitation *h, char *buf, size_t size);
void sne_habilitation_free(struct sne_habilitation *h);

#endif
