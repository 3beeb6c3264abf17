/* The gestionnaire's changes to the register of guichets (sne-guichet):
 * each one checks what it is given, edits the tree, appends an evenement
 * (date, type, operateur, and what changed) to the guichet's historique,
 * and reindexes the register.  Each returns 0, or SNE_EX_USAGE with a
 * French reason in WHY (SNE_GUICHETS_WHY bytes) and the register
 * untouched.  The strings given are copied. */
#ifndef SNE_GUICHETS_EDIT_H
#define SNE_GUICHETS_EDIT_H

#include "sne/guichet_saisie.h"
#include "sne/guichets.h"

#define SNE_GUICHETS_WHY 512
#define SNE_GUICHET_TERRITOIRES_MAX 32

/* An address as given: NULL or 0 for what was not given. */
struct sne_adresse_saisie {
	const char *lignes[SNE_GUICHET_LIGNES_MAX];
	size_t nlignes;
	const char *code_postal, *commune;
};

struct sne_guichet_saisie {
	const char *nom;                /* NULL: not given */
	const char *type;               /* canonical (sne_saisie_type_guichet), or NULL */
	char territoires[SNE_GUICHET_TERRITOIRES_MAX][SNE_TERRITOIRE_SIZE];
	size_t nterritoires;            /* 0: not given (they replace the old ones) */
	struct sne_adresse_saisie adresse; /* each part replaces its old value */
	int ouverture_given;
	struct sne_date ouverture;
};

struct sne_contact_saisie {
	const char *type;               /* "physique" | "telephone", or NULL */
	const char *libelle;
	struct sne_adresse_saisie adresse;
	const char *telephone;          /* canonical, "" to remove, NULL: not given */
	int horaires_given[7];          /* lundi first */
	char horaires[7][SNE_HORAIRES_SIZE]; /* canonical ranges, "" for closed */
};

/* Who changes the register, and when (the evenement's date and operateur). */
struct sne_guichets_change {
	struct sne_date date;
	const char *operateur;
};

/* A new guichet CODE (canonical; GDPUB refused), opened on S's ouverture
 * or the change's date; S must give nom, type, territoires and adresse. */
int sne_guichets_create(struct sne_guichets *reg, const char *code,
                        const struct sne_guichet_saisie *s,
                        const struct sne_guichets_change *change, char *why);
/* Changes what S gives of guichet CODE; nothing given is refused. */
int sne_guichets_modify(struct sne_guichets *reg, const char *code,
                        const struct sne_guichet_saisie *s,
                        const struct sne_guichets_change *change, char *why);
/* Closes CODE from the change's date on (that day is the first closed). */
int sne_guichets_close(struct sne_guichets *reg, const char *code,
                       const struct sne_guichets_change *change, char *why);
/* Adds contact C to CODE; *ID gets its number (1 + the highest). */
int sne_guichets_contact_add(struct sne_guichets *reg, const char *code,
                             const struct sne_contact_saisie *c,
                             const struct sne_guichets_change *change, unsigned *id, char *why);
/* Changes what C gives of contact ID of CODE. */
int sne_guichets_contact_modify(struct sne_guichets *reg, const char *code, unsigned id,
                                const struct sne_contact_saisie *c,
                                const struct sne_guichets_change *change, char *why);
int sne_guichets_contact_remove(struct sne_guichets *reg, const char *code, unsigned id,
                                const struct sne_guichets_change *change, char *why);
/* Validates the register against its schema and writes it to OUT.
 * Returns 0, SNE_EX_DATAERR (not written) or SNE_EX_IOERR. */
int sne_guichets_write(struct sne_guichets *reg, struct sne_output *out);

#endif
