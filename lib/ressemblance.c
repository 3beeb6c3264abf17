/* Near cases of one identity, compared on folded texts. */
#include "sne/ressemblance.h"

#include <string.h>

static int known(const char *text)
{
	return text != NULL && text[0] != '\0';
}

static int same(const char *a, const char *b)
{
	return known(a) && known(b) && strcmp(a, b) == 0;
}

int sne_ressemblance_une_lettre(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i = 0;

	if (la > lb)
		return sne_ressemblance_une_lettre(b, a);
	if (lb - la > 1 || la == 0)
		return 0;
	while (i < la && a[i] == b[i])
		i++;
	if (i == la)
		return lb == la + 1; /* one letter added at the end (or equal) */
	if (lb == la + 1) /* one letter added at i */
		return strcmp(a + i, b + i + 1) == 0;
	if (strcmp(a + i + 1, b + i + 1) == 0) /* one letter changed at i */
		return 1;
	return i + 1 < la && a[i] == b[i + 1] && a[i + 1] == b[i] &&
	       strcmp(a + i + 2, b + i + 2) == 0;
}

/* Whether SHORT is the first or the last names of LONG, words whole:
 * "jean" of "jean pierre", "pierre" of "jean pierre". */
static int is_part_of(const char *shorter, const char *longer)
{
	size_t ls = strlen(shorter), ll = strlen(longer);

	if (ls == 0 || ls >= ll)
		return 0;
	if (strncmp(longer, shorter, ls) == 0 && longer[ls] == ' ')
		return 1;
	return strcmp(longer + ll - ls, shorter) == 0 && longer[ll - ls - 1] == ' ';
}

static int prenom_coupe(const char *a, const char *b)
{
	return known(a) && known(b) && (is_part_of(a, b) || is_part_of(b, a));
}

static int one_apart(const char *a, const char *b)
{
	return known(a) && known(b) && sne_ressemblance_une_lettre(a, b);
}

enum sne_ressemblance sne_ressemblance_compare(const struct sne_identite_pliee *a,
                                               const struct sne_identite_pliee *b)
{
	int same_nom = same(a->nom, b->nom), same_prenom = same(a->prenom, b->prenom);

	if (same_nom && same_prenom)
		return SNE_RESSEMBLANCE_IDENTITE;
	if (same(a->nom, b->prenom) && same(a->prenom, b->nom))
		return SNE_RESSEMBLANCE_INVERSION;
	if (same_nom && prenom_coupe(a->prenom, b->prenom))
		return SNE_RESSEMBLANCE_PRENOM_COUPE;
	if ((same_nom && one_apart(a->prenom, b->prenom)) ||
	    (same_prenom && one_apart(a->nom, b->nom)))
		return SNE_RESSEMBLANCE_UNE_LETTRE;
	if (same_prenom && (same(a->patronymique, b->nom) || same(a->nom, b->patronymique)))
		return SNE_RESSEMBLANCE_PATRONYMIQUE;
	return SNE_RESSEMBLANCE_AUCUNE;
}

const char *sne_ressemblance_name(enum sne_ressemblance kind)
{
	switch (kind) {
	case SNE_RESSEMBLANCE_IDENTITE: return "identite";
	case SNE_RESSEMBLANCE_INVERSION: return "inversion";
	case SNE_RESSEMBLANCE_PRENOM_COUPE: return "prenom-coupe";
	case SNE_RESSEMBLANCE_UNE_LETTRE: return "une-lettre";
	case SNE_RESSEMBLANCE_PATRONYMIQUE: return "patronymique";
	case SNE_RESSEMBLANCE_AUCUNE: break;
	}
	return "";
}

int sne_ressemblance_est_certaine(enum sne_ressemblance kind)
{
	return kind == SNE_RESSEMBLANCE_IDENTITE;
}
