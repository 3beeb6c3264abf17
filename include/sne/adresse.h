/* The postal address block of a letter, per La Poste's standard NF Z10-011
 * (at most 6 lines of 38 characters, spaces included; the last line is
 * the postal code and the town, in capitals), and the salutation that
 * goes with the civilité. */
#ifndef SNE_ADRESSE_H
#define SNE_ADRESSE_H

#include <stddef.h>

#include "sne/commune.h"

#define SNE_ADRESSE_LIGNES 6
#define SNE_ADRESSE_LARGEUR 38
/* Room for the block: every line at its widest in UTF-8, and its '\n'. */
#define SNE_ADRESSE_SIZE (SNE_ADRESSE_LIGNES * (SNE_ADRESSE_LARGEUR * 4 + 1) + 1)

/* The parts of an interface adressePostale and of its destinataire; any
 * may be NULL.  Borrowed. */
struct sne_adresse {
	const char *civilite;    /* interface code: "1" Monsieur, "2" Madame */
	const char *prenom, *nom;
	const char *complement;  /* complementAdresse: appartement, bâtiment, résidence */
	const char *numero, *voie;
	const char *lieu_dit;
	const char *code_postal;
	const char *ville;       /* the town as typed, when the record has it */
	const char *commune;     /* INSEE code of the commune (commune/@code) */
	const char *pays;        /* abroad: the country */
	int etranger;
};

/* Lays the block of A out into OUT (SNE_ADRESSE_SIZE bytes), lines joined
 * by '\n':
 *   1 civilité abbreviated, prénom and nom;
 *   2-3 complement (wrapped);
 *   4 number and street (long words abbreviated as La Poste does, then
 *     wrapped);
 *   5 lieu-dit, or else the name of the former commune when the INSEE code
 *     is that of a merged commune (La Poste's "ligne 5");
 *   6 postal code and town in capitals (Unicode upper-casing: BESANÇON):
 *     the town typed, or else La Poste's libellé d'acheminement of the
 *     commune's INSEE code for that postal code (PARIS for 75113),
 *     looked up in COMMUNES (may be NULL: the town must then be typed).
 * Abroad (ETRANGER) the last line is the country in capitals and the line
 * before it the postal code and town as typed.
 * Returns 0 ("" when A has no postal address: no postal code in France,
 * or no street and no lieu-dit), or -1 with a French reason in WHY when
 * the block does not fit in 6 lines, or no town can be named. */
int sne_adresse_format(const struct sne_adresse *a, const struct sne_communes *communes,
                       char *out, char *why, size_t why_size);

/* "Madame" (civilité 2), "Monsieur" (1), else "Madame, Monsieur".  Static. */
const char *sne_adresse_salutation(const char *civilite);

/* TEXT (UTF-8) in capitals into OUT (SIZE bytes), Unicode's full case
 * mapping (é → É, ß → SS), cut at a character boundary to fit.  Returns
 * OUT. */
char *sne_majuscules(const char *text, char *out, size_t size);

#endif
