/* Territories of the register and the territory of INSEE commune codes.
 * Only ASCII is looked at, by hand: <ctype.h> would depend on the locale. */
#include "sne/territoire.h"

#include "sne/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define TERRITOIRE_INSEE_LEN 5
/* Longest input quoted in a reason. */
#define TERRITOIRE_QUOTE_MAX 40

static int territoire_is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Value of the N digits at TEXT, or -1. */
static int territoire_digits(const char *text, int n)
{
	int value = 0;

	for (int i = 0; i < n; i++) {
		if (!territoire_is_digit(text[i]))
			return -1;
		value = value * 10 + (text[i] - '0');
	}
	return value;
}

/* Île-de-France départements share the one territory 111. */
static int territoire_is_idf(int departement)
{
	switch (departement) {
	case 75: case 77: case 78: case 91: case 92: case 93: case 94: case 95:
		return 1;
	default:
		return 0;
	}
}

/* Metropolitan départements with a numeric code: 01..95 without 20, which
 * was split into 2A and 2B in 1976. */
static int territoire_is_metropole(int departement)
{
	return departement >= 1 && departement <= 95 && departement != 20;
}

static int territoire_is_outremer(int departement)
{
	return departement >= 971 && departement <= 976;
}

int sne_territoire_is_valid(const char *text)
{
	int number;

	if (text == NULL || strlen(text) != 3)
		return 0;
	if (strcmp(text, SNE_TERRITOIRE_IDF) == 0 || strcmp(text, "02A") == 0
	    || strcmp(text, "02B") == 0)
		return 1;
	number = territoire_digits(text, 3);
	if (territoire_is_outremer(number))
		return 1;
	/* "075" is no territory: Paris belongs to 111. */
	return text[0] == '0' && territoire_is_metropole(number) && !territoire_is_idf(number);
}

/* The département part of an INSEE code and the length it takes (2, or 3
 * overseas); "2A"/"2B" (either case) give 0 with *CORSE set to 'A'/'B'.
 * -1 when it is no département. */
static int territoire_departement(const char *insee, int *len, char *corse)
{
	int departement = territoire_digits(insee, 2);

	*len = 2;
	*corse = '\0';
	if (insee[0] == '2' && (insee[1] == 'A' || insee[1] == 'a' || insee[1] == 'B'
	                        || insee[1] == 'b')) {
		*corse = insee[1] == 'A' || insee[1] == 'a' ? 'A' : 'B';
		return 0;
	}
	if (departement == 97) {
		*len = 3;
		return territoire_digits(insee, 3);
	}
	return departement;
}

/* Territory of INSEE code INSEE, whose département (LEN characters) is
 * known to be valid: the département padded to 3 characters. */
static void territoire_of_departement(const char *insee, int len, int departement,
                                      char corse, char *out)
{
	if (territoire_is_idf(departement) && corse == '\0') {
		memcpy(out, SNE_TERRITOIRE_IDF, SNE_TERRITOIRE_SIZE);
		return;
	}
	if (len == 3) {
		memcpy(out, insee, 3);
	} else {
		out[0] = '0';
		out[1] = insee[0];
		out[2] = corse != '\0' ? corse : insee[1];
	}
	out[3] = '\0';
}

/* The reason a département is refused, with a hint for the usual mistakes. */
static void territoire_why_departement(const char *insee, int len, char *why,
                                       size_t why_size)
{
	const char *hint = "";

	if (len == 3)
		hint = " (outre-mer : 971 à 976)";
	else if (strncmp(insee, "20", 2) == 0)
		hint = " (la Corse s'écrit 2A ou 2B)";
	else if (strncmp(insee, "98", 2) == 0 || strncmp(insee, "99", 2) == 0)
		hint = " (Monaco, collectivités d'outre-mer et étranger sont hors du registre)";
	sne_why(why, why_size, "code commune « %s » : département %.*s inconnu%s", insee,
	               len, insee, hint);
}

int sne_territoire_of_commune(const char *insee, char *out, char *why, size_t why_size)
{
	int len, departement, commune;
	char corse;

	if (insee == NULL || strlen(insee) != TERRITOIRE_INSEE_LEN) {
		sne_why(why, why_size,
		               "code commune « %.*s » invalide : attendu le code INSEE de 5 "
		               "caractères, par exemple 74010, 2A004 ou 97411",
		               TERRITOIRE_QUOTE_MAX, insee ? insee : "");
		return -1;
	}
	departement = territoire_departement(insee, &len, &corse);
	commune = territoire_digits(insee + len, TERRITOIRE_INSEE_LEN - len);
	if (departement < 0 || commune < 0) {
		sne_why(why, why_size,
		               "code commune « %s » invalide : attendu 5 chiffres, ou 2A/2B et 3 "
		               "chiffres en Corse",
		               insee);
		return -1;
	}
	if (corse == '\0' && !territoire_is_metropole(departement)
	    && !territoire_is_outremer(departement)) {
		territoire_why_departement(insee, len, why, why_size);
		return -1;
	}
	/* No commune is numbered 000; it is usually a code postal typed instead. */
	if (commune == 0) {
		sne_why(why, why_size,
		               "code commune « %s » inconnu : aucune commune n'a le numéro %s "
		               "(code postal au lieu du code INSEE ?)",
		               insee, insee + len);
		return -1;
	}
	territoire_of_departement(insee, len, departement, corse, out);
	return 0;
}

int sne_territoire_of_communes(const char *const *insee, size_t n, char *out, char *why,
                               size_t why_size)
{
	char first[SNE_TERRITOIRE_SIZE], other[SNE_TERRITOIRE_SIZE];

	if (n == 0) {
		sne_why(why, why_size,
		               "aucune commune souhaitée : indiquez au moins une commune");
		return -1;
	}
	if (sne_territoire_of_commune(insee[0], first, why, why_size) != 0)
		return -1;
	for (size_t i = 1; i < n; i++) {
		if (sne_territoire_of_commune(insee[i], other, why, why_size) != 0)
			return -1;
		if (strcmp(first, other) != 0) {
			sne_why(why, why_size,
			               "communes « %s » (territoire %s) et « %s » (territoire %s) "
			               "dans deux territoires : une demande par département",
			               insee[0], first, insee[i], other);
			return -1;
		}
	}
	memcpy(out, first, SNE_TERRITOIRE_SIZE);
	return 0;
}
