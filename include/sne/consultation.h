/* The consultation screen of a demande, as the support team reads it: the
 * seed's tabs, blocks and words, built from the record's tree (see
 * sne/fragment.h), then written as aligned text or JSON.
 *
 * Every value the demande carries is in some tab: the fields of the
 * screen take what they show, and every leaf element or attribute left
 * over is listed under «Autres informations» with its path, never dropped.
 * Dates are written JJ/MM/AAAA, booleans oui/non, codes with their words
 * and the code in parentheses ("Madame (2)"), amounts in euros. */
#ifndef SNE_CONSULTATION_H
#define SNE_CONSULTATION_H

#include <stddef.h>

#include "sne/io.h"

struct _xmlNode;

/* Where a value came from: its path below the demande element
 * ("demandeLogement/personnePhysique/demandeur/civilite/@code", "[2]"
 * after a name repeated among its siblings) and its text as written. */
struct sne_source {
	char *chemin;
	char *brut;
};

struct sne_champ {
	char *libelle;
	char *valeur;                /* as shown; "" when empty */
	struct sne_source *sources;
	size_t nsources;
};

struct sne_bloc {
	char *titre;                 /* "" for none */
	struct sne_champ *champs;
	size_t nchamps;
};

struct sne_onglet {
	const char *nom;
	struct sne_bloc *blocs;
	size_t nblocs;
};

/* The tabs, in the seed's order, then «Autres informations». */
enum sne_onglet_id {
	SNE_ONGLET_DEMANDE,
	SNE_ONGLET_DEMANDEUR,
	SNE_ONGLET_CONJOINT,
	SNE_ONGLET_PERSONNES,
	SNE_ONGLET_SITUATION,
	SNE_ONGLET_REVENU,
	SNE_ONGLET_RESSOURCES,
	SNE_ONGLET_LOGEMENT_ACTUEL,
	SNE_ONGLET_MOTIF,
	SNE_ONGLET_LOGEMENT_RECHERCHE,
	SNE_ONGLET_PRECISIONS,
	SNE_ONGLET_HANDICAP,
	SNE_ONGLET_ECHANGES,
	SNE_ONGLET_PIECES,
	SNE_ONGLET_AUTRES,
	SNE_ONGLET_COUNT
};

struct sne_consultation {
	char *numero;        /* the numéro unique as written, "" when none */
	char *demandeur;     /* "Nom Prénom", "" when unknown */
	struct sne_onglet onglets[SNE_ONGLET_COUNT];
};

/* Builds the screen of the demande element DEMANDE (borrowed; its nodes'
 * _private pointers are used as marks while building).  Exits 70 when out
 * of memory.  Free with sne_consultation_free(). */
struct sne_consultation *sne_consultation_new(struct _xmlNode *demande);
void sne_consultation_free(struct sne_consultation *consultation);

/* The tab TYPED names: its name or the start of it, in any case, with or
 * without accents, spaces or dashes ("echanges", "situation-prof").
 * Returns its id, or -1 with a French reason in WHY (unknown, or
 * ambiguous: the names it could be). */
int sne_onglet_find(const char *typed, char *why, size_t why_size);

/* How the text is laid out. */
struct sne_affichage {
	int largeur;                  /* columns of the terminal (>= 20) */
	int couleurs;                 /* ANSI bold titles */
	int compact;                  /* empty fields, blocks and tabs hidden */
	const int *onglets;           /* SNE_ONGLET_COUNT flags, or NULL: all */
};

/* Writes CONSULTATION as text: a title, then each tab, its blocks and
 * their fields in two columns, labels aligned, values wrapped within
 * largeur.  Returns 0 or -1 with errno set (write error). */
int sne_consultation_write_text(const struct sne_consultation *consultation,
                                const struct sne_affichage *affichage, struct sne_output *out);
/* Writes CONSULTATION as one JSON object (UTF-8, no trailing newline):
 * {"numero", "demandeur", "onglets": [{"nom", "blocs": [{"titre",
 * "champs": [{"libelle", "valeur", "sources": [{"chemin", "brut"}]}]}]}]}.
 * The tabs and compact choices of AFFICHAGE apply.  0 or -1 (errno). */
int sne_consultation_write_json(const struct sne_consultation *consultation,
                                const struct sne_affichage *affichage, struct sne_output *out);

/* The width in columns of UTF-8 TEXT (LEN bytes): one per character,
 * none for combining marks. */
size_t sne_text_columns(const char *text, size_t len);

#endif
