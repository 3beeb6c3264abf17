/* How much two identities of one territory and one date de naissance look
 * alike, for the review of suspected doublons (sne-fix --doublons): the
 * same folded identity, or a near case a person should look at.
 *
 * The texts compared are folded with sne_identite_fold() (sne/identite.h)
 * by the caller: case, accents and separators never make two identities
 * differ.  Pure functions, no allocation. */
#ifndef SNE_RESSEMBLANCE_H
#define SNE_RESSEMBLANCE_H

/* The kinds, from the surest. */
enum sne_ressemblance {
	SNE_RESSEMBLANCE_AUCUNE = 0,
	SNE_RESSEMBLANCE_IDENTITE,      /* same nom and prénom: certain */
	SNE_RESSEMBLANCE_INVERSION,     /* nom and prénom swapped */
	SNE_RESSEMBLANCE_PRENOM_COUPE,  /* same nom, one prénom is the other's
	                                   first or last names: "jean" and
	                                   "jean pierre" */
	SNE_RESSEMBLANCE_UNE_LETTRE,    /* same prénom and noms one letter apart
	                                   (or the reverse): one letter changed,
	                                   added, removed, or two neighbours
	                                   swapped */
	SNE_RESSEMBLANCE_PATRONYMIQUE   /* same prénom, the nom patronymique of
	                                   one is the nom of the other */
};

/* A folded identity; a NULL or "" text is unknown and matches nothing. */
struct sne_identite_pliee {
	const char *nom;
	const char *prenom;
	const char *patronymique;  /* nom patronymique (de naissance), or NULL */
};

/* The surest kind of resemblance between A and B, who are taken to share
 * a territory and a date de naissance. */
enum sne_ressemblance sne_ressemblance_compare(const struct sne_identite_pliee *a,
                                               const struct sne_identite_pliee *b);
/* Whether folded texts A and B are one edit apart (a letter changed,
 * added or removed, or two neighbours swapped), letters being code points
 * (a folded "σ" is one letter); equal texts are not. */
int sne_ressemblance_une_lettre(const char *a, const char *b);
/* Short name of KIND for the listing ("identite", "inversion",
 * "prenom-coupe", "une-lettre", "patronymique"), "" for AUCUNE.  Static. */
const char *sne_ressemblance_name(enum sne_ressemblance kind);
/* Whether KIND is certain (the same folded identity), else to review. */
int sne_ressemblance_est_certaine(enum sne_ressemblance kind);

#endif
