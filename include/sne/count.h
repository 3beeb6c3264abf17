/* Counts in messages for people, with French agreement: «aucune demande
 * créée», «1 demande créée», «2 demandes créées».  Every program's bilan
 * writes its counts this way, never «demande(s)». */
#ifndef SNE_COUNT_H
#define SNE_COUNT_H

/* Gender of the counted noun: it chooses «aucun» or «aucune» for zero. */
enum sne_gender { SNE_MASCULINE, SNE_FEMININE };

/* A count written out; the text is held in the value itself, so that
 * sne_count(...).text can be passed to printf within one expression. */
struct sne_count {
	char text[128];
};

/* N and the noun phrase agreed with it: ONE for 0 and 1 (French takes the
 * singular below two), MANY from 2; 0 is written «aucun» or «aucune» by
 * GENDER.  ONE and MANY are borrowed, e.g. "demande créée", "demandes
 * créées"; a phrase too long for the text is cut at its end. */
struct sne_count sne_count(unsigned long n, enum sne_gender gender, const char *one,
                           const char *many);

#endif
