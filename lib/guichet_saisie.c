/* Typed values of the guichet register.  Only ASCII is folded here (the
 * accents of "département", "téléphone", "État" are known words of
 * two-byte UTF-8 letters), so no locale is involved. */
#include "sne/guichet_saisie.h"

#include <stdio.h>
#include <string.h>

#include "sne/err.h"

#define QUOTE_MAX 40
#define PLAGES_MAX 6
#define WORD_MAX 64

static const char *const idf_departements[] = { "75", "77", "78", "91", "92", "93", "94", "95" };

static char ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Folds TEXT for comparison into OUT (WORD_MAX): ASCII lower case, é É è
 * ê to e, blanks, apostrophes and underscores to '-'.  -1 when too long. */
static int fold_word(const char *text, char out[WORD_MAX])
{
	size_t len = 0;
	const unsigned char *p = (const unsigned char *)text;

	while (*p == ' ')
		p++;
	for (; *p != '\0'; p++) {
		char c = ascii_lower((char)*p);

		if (*p == 0xC3 && (p[1] == 0xA9 || p[1] == 0x89 || p[1] == 0xA8 || p[1] == 0xAA)) {
			c = 'e';
			p++;
		} else if (c == ' ' || c == '\'' || c == '_')
			c = '-';
		if (len + 1 >= WORD_MAX)
			return -1;
		out[len++] = c;
	}
	while (len > 0 && out[len - 1] == '-')
		len--;
	out[len] = '\0';
	return 0;
}

int sne_saisie_territoire(const char *text, char out[SNE_TERRITOIRE_SIZE], char *why,
                          size_t why_size)
{
	char code[SNE_TERRITOIRE_SIZE + 1];
	size_t len = 0, i;

	for (const char *p = text; *p != '\0'; p++)
		if (*p != ' ') {
			if (len == SNE_TERRITOIRE_SIZE - 1)
				goto bad;
			code[len++] = *p == 'a' || *p == 'b' ? (char)(*p - 'a' + 'A') : *p;
		}
	code[len] = '\0';
	for (i = 0; i < sizeof idf_departements / sizeof idf_departements[0]; i++)
		if (strcmp(code, idf_departements[i]) == 0 ||
		    (code[0] == '0' && strcmp(code + 1, idf_departements[i]) == 0)) {
			memcpy(out, SNE_TERRITOIRE_IDF, SNE_TERRITOIRE_SIZE);
			return 0;
		}
	if (len == 0)
		goto bad;
	/* "7" and "74" padded with zeros to 3 characters */
	memset(out, '0', SNE_TERRITOIRE_SIZE - 1);
	memcpy(out + (SNE_TERRITOIRE_SIZE - 1 - len), code, len);
	out[SNE_TERRITOIRE_SIZE - 1] = '\0';
	if (sne_territoire_is_valid(out))
		return 0;
bad:
	sne_why(why, why_size, "territoire « %.*s » invalide : attendu un département (74, 2A, "
	        "971) ou 111 pour l'Île-de-France", QUOTE_MAX, text);
	return -1;
}

int sne_saisie_telephone(const char *text, char out[SNE_TELEPHONE_SIZE], char *why,
                         size_t why_size)
{
	char digits[16];
	size_t n = 0;
	const char *p = text;

	while (*p == ' ')
		p++;
	if (p[0] == '+' && p[1] == '3' && p[2] == '3') {
		digits[n++] = '0';
		p += 3;
		while (*p == ' ')
			p++;
		if (strncmp(p, "(0)", 3) == 0)
			p += 3; /* "+33 (0)4 ..." */
	}
	for (; *p != '\0'; p++) {
		if (*p == ' ' || *p == '.' || *p == '-')
			continue;
		if (!is_digit(*p) || n + 1 >= sizeof digits)
			goto bad;
		digits[n++] = *p;
	}
	digits[n] = '\0';
	if (n == 10 && digits[0] == '0' && digits[1] != '0') {
		snprintf(out, SNE_TELEPHONE_SIZE, "%.2s %.2s %.2s %.2s %.2s", digits, digits + 2,
		         digits + 4, digits + 6, digits + 8);
		return 0;
	}
	if (n == 4 && digits[0] == '3') {
		memcpy(out, digits, 5);
		return 0;
	}
bad:
	sne_why(why, why_size, "numéro de téléphone « %.*s » invalide : attendu 10 chiffres "
	        "(04 50 33 88 88, +33 4 50 33 88 88) ou un numéro court (3975)", QUOTE_MAX, text);
	return -1;
}

/* Parses "8", "8h", "8h30", "08:30" at *P into minutes; -1 when not a time. */
static int parse_time(const char **p)
{
	int hours = 0, minutes = 0, nd = 0;
	const char *s = *p;

	while (is_digit(*s) && nd < 2) {
		hours = hours * 10 + (*s++ - '0');
		nd++;
	}
	if (nd == 0)
		return -1;
	if (*s == 'h' || *s == 'H' || *s == ':') {
		s++;
		if (is_digit(s[0]) && is_digit(s[1])) {
			minutes = (s[0] - '0') * 10 + (s[1] - '0');
			s += 2;
		} else if (s[-1] == ':')
			return -1;
	}
	if (hours > 24 || minutes > 59 || (hours == 24 && minutes > 0))
		return -1;
	*p = s;
	return hours * 60 + minutes;
}

static void skip_blanks(const char **p)
{
	while (**p == ' ' || **p == ',' || **p == ';' || **p == '/')
		(*p)++;
}

int sne_saisie_plages(const char *text, char out[SNE_HORAIRES_SIZE], char *why,
                      size_t why_size)
{
	const char *p = text;
	size_t len = 0;
	int last_end = -1, count = 0;

	out[0] = '\0';
	for (skip_blanks(&p); *p != '\0'; skip_blanks(&p)) {
		int start = parse_time(&p), end;

		while (*p == ' ')
			p++;
		if (start < 0 || *p != '-')
			goto bad;
		p++;
		while (*p == ' ')
			p++;
		end = parse_time(&p);
		if (end < 0 || start >= 24 * 60 || end <= start || start < last_end ||
		    ++count > PLAGES_MAX)
			goto bad;
		last_end = end;
		len += (size_t)snprintf(out + len, SNE_HORAIRES_SIZE - len, "%s%02d:%02d-%02d:%02d",
		                        len ? " " : "", start / 60, start % 60, end / 60, end % 60);
	}
	if (count > 0)
		return 0;
bad:
	sne_why(why, why_size, "horaires « %.*s » invalides : attendu des plages dans l'ordre de "
	        "la journée, comme « 8h30-12h 13h30-17h » ou « 08:30-12:00 »", QUOTE_MAX, text);
	return -1;
}

static const char *const jours[7] = { "lundi", "mardi", "mercredi", "jeudi", "vendredi",
	                              "samedi", "dimanche" };

int sne_saisie_jour(const char *text)
{
	char word[WORD_MAX];
	size_t len;
	int i;

	if (fold_word(text, word) != 0 || (len = strlen(word)) < 3)
		return -1;
	for (i = 0; i < 7; i++)
		if (strncmp(jours[i], word, len) == 0)
			return i;
	return -1;
}

int sne_saisie_horaires(const char *text, int *jour, char out[SNE_HORAIRES_SIZE], char *why,
                        size_t why_size)
{
	char day[WORD_MAX];
	const char *rest = text;
	size_t len;

	while (*rest == ' ')
		rest++;
	len = strcspn(rest, " =:");
	if (len >= sizeof day || (snprintf(day, sizeof day, "%.*s", (int)len, rest),
	                          (*jour = sne_saisie_jour(day)) < 0)) {
		sne_why(why, why_size, "horaires « %.*s » : commencez par le jour, comme « lundi "
		        "8h30-12h 13h30-17h » ou « samedi fermé »", QUOTE_MAX, text);
		return -1;
	}
	rest += len;
	while (*rest == ' ' || *rest == '=' || *rest == ':')
		rest++;
	if (fold_word(rest, day) == 0 && (strcmp(day, "ferme") == 0 || strcmp(day, "-") == 0)) {
		out[0] = '\0';
		return 0;
	}
	return sne_saisie_plages(rest, out, why, why_size);
}

struct alias {
	const char *typed, *canonical;
};

static const struct alias types_guichet[] = {
	{ "bailleur", "bailleur" },         { "commune", "commune" },
	{ "mairie", "commune" },            { "epci", "epci" },
	{ "departement", "departement" },   { "conseil-departemental", "departement" },
	{ "etat", "etat" },                 { "services-de-l-etat", "etat" },
	{ "service-de-l-etat", "etat" },    { "prefecture", "etat" },
	{ "action-logement", "action-logement" }, { "siao", "siao" },
	{ "autre", "autre" },
};

const char *sne_saisie_type_guichet(const char *text, char *why, size_t why_size)
{
	char word[WORD_MAX];
	size_t i;

	if (fold_word(text, word) == 0)
		for (i = 0; i < sizeof types_guichet / sizeof types_guichet[0]; i++)
			if (strcmp(word, types_guichet[i].typed) == 0)
				return types_guichet[i].canonical;
	sne_why(why, why_size, "type de guichet « %.*s » inconnu : attendu bailleur, commune, "
	        "epci, departement, etat, action-logement, siao ou autre", QUOTE_MAX, text);
	return NULL;
}

const char *sne_saisie_type_contact(const char *text, char *why, size_t why_size)
{
	char word[WORD_MAX];

	if (fold_word(text, word) == 0) {
		if (strcmp(word, "physique") == 0 || strcmp(word, "accueil") == 0)
			return "physique";
		if (strcmp(word, "telephone") == 0 || strcmp(word, "telephonique") == 0)
			return "telephone";
	}
	sne_why(why, why_size, "type de contact « %.*s » inconnu : attendu physique ou "
	        "telephone", QUOTE_MAX, text);
	return NULL;
}
