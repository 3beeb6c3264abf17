/* Near cases of one identity, compared on folded texts. */
#include "sne/ressemblance.h"

#include <stdint.h>
#include <string.h>

static int known(const char *text)
{
	return text != NULL && text[0] != '\0';
}

static int same(const char *a, const char *b)
{
	return known(a) && known(b) && strcmp(a, b) == 0;
}

/* Longest name compared letter by letter; a longer one is cut. */
#define LETTERS_MAX 128

/* The code points of UTF-8 TEXT into OUT (a byte that does not start a
 * valid sequence counts as one letter); returns how many. */
static size_t letters_of(const char *text, uint32_t *out)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t n = 0;

	while (*p && n < LETTERS_MAX) {
		size_t len = *p < 0x80 ? 1 : (*p & 0xE0) == 0xC0 ? 2 : (*p & 0xF0) == 0xE0 ? 3
		           : (*p & 0xF8) == 0xF0 ? 4 : 1;
		uint32_t c = len == 1 ? *p : *p & (0x7F >> len);

		for (size_t i = 1; i < len; i++) {
			if ((p[i] & 0xC0) != 0x80) {
				len = 1;
				c = *p;
				break;
			}
			c = c << 6 | (p[i] & 0x3F);
		}
		out[n++] = c;
		p += len;
	}
	return n;
}

static int same_letters(const uint32_t *a, const uint32_t *b, size_t n)
{
	return n == 0 || memcmp(a, b, n * sizeof *a) == 0;
}

/* Whether A (LA letters) and B (LB, LA <= LB) are one edit apart. */
static int one_edit(const uint32_t *a, size_t la, const uint32_t *b, size_t lb)
{
	size_t i = 0;

	if (lb - la > 1 || la == 0)
		return 0;
	while (i < la && a[i] == b[i])
		i++;
	if (i == la)
		return lb == la + 1; /* one letter added at the end (or equal) */
	if (lb == la + 1) /* one letter added at i */
		return same_letters(a + i, b + i + 1, la - i);
	if (same_letters(a + i + 1, b + i + 1, la - i - 1)) /* one letter changed at i */
		return 1;
	return i + 1 < la && a[i] == b[i + 1] && a[i + 1] == b[i] &&
	       same_letters(a + i + 2, b + i + 2, la - i - 2);
}

int sne_ressemblance_une_lettre(const char *a, const char *b)
{
	uint32_t la[LETTERS_MAX], lb[LETTERS_MAX];
	size_t na = letters_of(a, la), nb = letters_of(b, lb);

	return na <= nb ? one_edit(la, na, lb, nb) : one_edit(lb, nb, la, na);
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
