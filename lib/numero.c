/* Numéro unique: TTT MM YY NNNNNN GGGGG.  Input is cleaned the way people
 * type it (blanks, dashes, lower case), then each segment is checked on its
 * own so that the reason names the segment at fault. */
#include "sne/numero.h"

#include "sne/count.h"
#include "sne/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Cleaned text kept for checking and quoting; longer input is only counted. */
#define NUMERO_CLEAN_MAX 48
/* Longest cleaned text quoted in a reason. */
#define NUMERO_QUOTE_MAX 40

/* Offsets of the segments in the 18 characters. */
enum {
	NUMERO_AT_TERRITOIRE = 0,
	NUMERO_AT_MOIS = 3,
	NUMERO_AT_ANNEE = 5,
	NUMERO_AT_SEQUENCE = 7,
	NUMERO_AT_GUICHET = 13
};

struct numero_clean {
	char text[NUMERO_CLEAN_MAX + 1]; /* the first NUMERO_CLEAN_MAX bytes */
	size_t len;                      /* bytes in the whole cleaned input */
	size_t chars;                    /* UTF-8 characters, for the reason */
	int non_ascii;                   /* a byte outside ASCII was seen */
};

/* ASCII only: toupper() would depend on the locale. */
static char numero_upper(char c)
{
	return c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
}

/* Drops blanks and dashes and raises lower case. */
static void numero_clean(const char *text, struct numero_clean *clean)
{
	clean->len = 0;
	clean->chars = 0;
	clean->non_ascii = 0;
	for (const char *p = text; *p != '\0'; p++) {
		if (*p == ' ' || *p == '\t' || *p == '-')
			continue;
		if (clean->len < NUMERO_CLEAN_MAX)
			clean->text[clean->len] = numero_upper(*p);
		clean->len++;
		/* UTF-8 continuation bytes do not start a character. */
		if (((unsigned char)*p & 0xC0) != 0x80)
			clean->chars++;
		if ((unsigned char)*p >= 0x80)
			clean->non_ascii = 1;
	}
	clean->text[clean->len < NUMERO_CLEAN_MAX ? clean->len : NUMERO_CLEAN_MAX] = '\0';
}

/* Value of the N digits at TEXT, or -1. */
static long numero_digits(const char *text, int n)
{
	long value = 0;

	for (int i = 0; i < n; i++) {
		if (text[i] < '0' || text[i] > '9')
			return -1;
		value = value * 10 + (text[i] - '0');
	}
	return value;
}

/* Bytes of CLEAN quoted in a reason: at most NUMERO_QUOTE_MAX, never
 * cutting a UTF-8 character in two. */
static int numero_quote_len(const struct numero_clean *clean)
{
	size_t len = clean->len < NUMERO_QUOTE_MAX ? clean->len : NUMERO_QUOTE_MAX;

	if (len < clean->len)
		while (len > 0 && ((unsigned char)clean->text[len] & 0xC0) == 0x80)
			len--;
	return (int)len;
}

static int numero_check_length(const struct numero_clean *clean, char *why, size_t why_size)
{
	int quoted = numero_quote_len(clean);
	const char *more = (size_t)quoted < clean->len ? "…" : "";

	if (clean->len == SNE_NUMERO_LEN && !clean->non_ascii)
		return 0;
	if (clean->len == 0) {
		sne_why(why, why_size, "numéro unique vide : attendu 18 caractères "
		           "TTT MM AA NNNNNN GGGGG, par exemple 0740317000123G0417");
	} else if (clean->non_ascii) {
		/* Only digits and letters belong in a numéro; an accented letter
		 * would also make the byte count lie about the length. */
		sne_why(why, why_size,
		           "numéro unique « %.*s%s » : caractère non autorisé (attendu chiffres et "
		           "lettres sans accent, par exemple 0740317000123G0417)",
		           quoted, clean->text, more);
	} else {
		sne_why(why, why_size,
		           "numéro unique « %.*s%s » de %s : attendu 18 caractères "
		           "TTT MM AA NNNNNN GGGGG, par exemple 0740317000123G0417",
		           quoted, clean->text, more,
		           sne_count(clean->chars, SNE_MASCULINE, "caractère", "caractères").text);
	}
	return -1;
}

static int numero_check_territoire(const char *text, struct sne_numero *out, char *why,
                                   size_t why_size)
{
	memcpy(out->territoire, text + NUMERO_AT_TERRITOIRE, 3);
	out->territoire[3] = '\0';
	if (sne_territoire_is_valid(out->territoire))
		return 0;
	/* "075", "092"... look right but Île-de-France has the one territory
	 * 111.  The territory holds no blank, so it can only match a whole
	 * code of the list. */
	if (strstr("075 077 078 091 092 093 094 095", out->territoire) != NULL) {
		sne_why(why, why_size,
		           "territoire « %s » inconnu : l'Île-de-France est le territoire 111",
		           out->territoire);
		return -1;
	}
	sne_why(why, why_size,
	           "territoire « %s » inconnu (attendu 001 à 095, 02A, 02B, 111 pour "
	           "l'Île-de-France ou 971 à 976)",
	           out->territoire);
	return -1;
}

static int numero_check_mois(const char *text, struct sne_numero *out, char *why,
                             size_t why_size)
{
	long mois = numero_digits(text + NUMERO_AT_MOIS, 2);

	if (mois >= 1 && mois <= 12) {
		out->mois = (int)mois;
		return 0;
	}
	sne_why(why, why_size, "mois « %.2s » invalide (attendu 01 à 12)",
	           text + NUMERO_AT_MOIS);
	return -1;
}

static int numero_check_annee(const char *text, struct sne_numero *out, char *why,
                              size_t why_size)
{
	long annee = numero_digits(text + NUMERO_AT_ANNEE, 2);

	if (annee >= 0) {
		out->annee = (int)annee;
		return 0;
	}
	sne_why(why, why_size, "année « %.2s » invalide (attendu 2 chiffres, 00 à 99)",
	           text + NUMERO_AT_ANNEE);
	return -1;
}

static int numero_check_sequence(const char *text, struct sne_numero *out, char *why,
                                 size_t why_size)
{
	long sequence = numero_digits(text + NUMERO_AT_SEQUENCE, 6);

	if (sequence >= 1) {
		out->sequence = sequence;
		return 0;
	}
	sne_why(why, why_size,
	           "numéro d'ordre « %.6s » invalide (attendu 6 chiffres, 000001 à 999999)",
	           text + NUMERO_AT_SEQUENCE);
	return -1;
}

/* The guichet segment has no separators left, so sne_guichet_parse() only
 * checks it, and its reason already names the code guichet. */
static int numero_check_guichet(const char *text, struct sne_numero *out, char *why,
                                size_t why_size)
{
	return sne_guichet_parse(text + NUMERO_AT_GUICHET, out->guichet, why, why_size);
}

int sne_numero_parse(const char *text, struct sne_numero *out, char *why, size_t why_size)
{
	struct numero_clean clean;
	struct sne_numero numero;

	numero_clean(text != NULL ? text : "", &clean);
	if (numero_check_length(&clean, why, why_size) != 0
	    || numero_check_territoire(clean.text, &numero, why, why_size) != 0
	    || numero_check_mois(clean.text, &numero, why, why_size) != 0
	    || numero_check_annee(clean.text, &numero, why, why_size) != 0
	    || numero_check_sequence(clean.text, &numero, why, why_size) != 0
	    || numero_check_guichet(clean.text, &numero, why, why_size) != 0)
		return -1;
	*out = numero;
	return 0;
}

/* The WIDTH low decimal digits of VALUE (negative as 0) into OUT. */
static void put_digits(char *out, long value, int width)
{
	unsigned long v = value > 0 ? (unsigned long)value : 0;

	for (int i = width - 1; i >= 0; i--, v /= 10)
		out[i] = (char)('0' + v % 10);
}

/* Copies the first WIDTH characters of TEXT, padded with '0' when it is
 * shorter: the form keeps its 18 characters whatever the fields hold. */
static void put_text(char *out, const char *text, size_t width)
{
	size_t len = strnlen(text, width);

	memcpy(out, text, len);
	memset(out + len, '0', width - len);
}

/* By hand: this runs once per demande in every notice (snprintf cost 2,000
 * instructions a call). */
void sne_numero_format(const struct sne_numero *numero, char *out)
{
	put_text(out, numero->territoire, 3);
	put_digits(out + 3, numero->mois, 2);
	put_digits(out + 5, numero->annee, 2);
	put_digits(out + 7, numero->sequence, 6);
	put_text(out + 13, numero->guichet, 5);
	out[SNE_NUMERO_LEN] = '\0';
}
