/* The habilitations file as a whole, for sne-acces(1): every entry read
 * (with the checks of sne/habilitation.h), changed, and written back
 * under a lock, through a temporary file renamed over it, with a line of
 * history per change in FILE.historique. */
#ifndef SNE_ACCES_H
#define SNE_ACCES_H

#include <stddef.h>
#include <stdio.h>

#include "sne/config.h"
#include "sne/guichet.h"

#define SNE_ACCES_NOM_SIZE 256

/* One entry: a login, or "%groupe". */
struct sne_acces_entree {
	char nom[SNE_ACCES_NOM_SIZE];
	unsigned profils;                   /* bit (1 << enum sne_profil) per profile */
	enum sne_profil premier;            /* the profile listed first: the default */
	char (*guichets)[SNE_GUICHET_SIZE]; /* owned; none: every guichet (gestionnaire) */
	size_t nguichets;
};

struct sne_acces {
	struct sne_acces_entree *entrees;   /* owned; free with sne_acces_free() */
	size_t n;
};

/* Reads every entry of PATH into OUT (empty when the file does not exist).
 * Returns 0, or SNE_EX_CONFIG after the message of a file others may
 * write (OWNER_UID: the owner allowed besides root) or of a bad entry. */
int sne_acces_load(const char *path, unsigned owner_uid, struct sne_acces *out);
void sne_acces_free(struct sne_acces *a);
/* The entry NOM, or NULL (borrowed). */
struct sne_acces_entree *sne_acces_find(struct sne_acces *a, const char *nom);
/* The entry NOM, added empty when missing (borrowed). */
struct sne_acces_entree *sne_acces_get(struct sne_acces *a, const char *nom);
/* Removes entry NOM (no-op when missing). */
void sne_acces_remove(struct sne_acces *a, const char *nom);
/* Adds / removes CODE (canonical) to / from E's guichets. */
void sne_acces_add_guichet(struct sne_acces_entree *e, const char *code);
void sne_acces_remove_guichet(struct sne_acces_entree *e, const char *code);
/* "profil: [guichet], guichets: [G0417, G0420]" of E, for the history. */
void sne_acces_describe(const struct sne_acces_entree *e, char *buf, size_t size);
/* Writes A as YAML ("nom: { profil: …, guichets: […] }" a line, a header
 * comment).  Returns 0, or -1 with errno. */
int sne_acces_write(const struct sne_acces *a, FILE *out);

#endif
