/* Numéro unique: TTT MM YY NNNNNN GGGGG, 18 characters, no key. */
#ifndef SNE_NUMERO_H
#define SNE_NUMERO_H

#include <stddef.h>

#include "sne/guichet.h"
#include "sne/territoire.h"

#define SNE_NUMERO_LEN 18
#define SNE_NUMERO_SIZE 19
#define SNE_SEQUENCE_MAX 999999L

struct sne_numero {
	char territoire[SNE_TERRITOIRE_SIZE]; /* "074", "111", "02A" */
	int mois;                              /* 1..12, month of the first dépôt */
	int annee;                             /* 0..99, year of the first dépôt */
	long sequence;                         /* 1..999999 */
	char guichet[SNE_GUICHET_SIZE];        /* "G0417", "GDPUB" */
};

/* Parses TEXT, tolerating blanks, dashes and lower case, and checks every
 * segment.  Returns 0, or -1 with WHY naming the wrong segment and why, in
 * French (e.g. "mois « 13 » invalide (attendu 01 à 12)"). */
int sne_numero_parse(const char *text, struct sne_numero *out, char *why, size_t why_size);
/* Canonical 18-character form into OUT (SNE_NUMERO_SIZE bytes). */
void sne_numero_format(const struct sne_numero *numero, char *out);

#endif
