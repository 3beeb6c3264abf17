/* The postal address block of a letter (NF Z10-011: 6 lines of 38
 * characters) and the salutation of the civilité. */
#include "sne/adresse.h"

#include "sne/err.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unicase.h>

#define LINE_MAX_BYTES 1024

/* Long words of street names and their abbreviations in La Poste's list
 * (NF Z10-011, annex of standard abbreviations). */
static const struct {
	const char *word;
	const char *abbreviation;
} abbreviations[] = {
	{ "allée", "ALL" }, { "avenue", "AV" }, { "boulevard", "BD" }, { "chemin", "CHE" },
	{ "faubourg", "FG" }, { "impasse", "IMP" }, { "place", "PL" }, { "quartier", "QUA" },
	{ "résidence", "RES" }, { "route", "RTE" }, { "square", "SQ" }, { "général", "GEN" },
	{ "maréchal", "MAL" }, { "président", "PDT" }, { "saint", "ST" }, { "sainte", "STE" },
	{ "docteur", "DR" }, { "professeur", "PR" },
};

struct block {
	char *out;
	int lines;
	int overflow;
};

/* Characters (not bytes) of UTF-8 TEXT. */
static size_t utf8_chars(const char *text)
{
	size_t n = 0;

	for (; *text; text++)
		if (((unsigned char)*text & 0xC0) != 0x80)
			n++;
	return n;
}

/* Appends TEXT to BUF of SIZE bytes holding *LEN, cut at a character
 * boundary to fit. */
static void put(char *buf, size_t size, size_t *len, const char *text)
{
	size_t n = strlen(text);

	if (n > size - 1 - *len) {
		n = size - 1 - *len;
		while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(buf + *len, text, n);
	*len += n;
	buf[*len] = '\0';
}

/* "A SEP B" into BUF; either part may be NULL or blank (then no SEP). */
static char *join(char *buf, size_t size, const char *a, const char *sep, const char *b)
{
	size_t len = 0;
	int has_a = a != NULL && a[strspn(a, " ")] != '\0';
	int has_b = b != NULL && b[strspn(b, " ")] != '\0';

	buf[0] = '\0';
	put(buf, size, &len, has_a ? a : "");
	put(buf, size, &len, has_a && has_b ? sep : "");
	put(buf, size, &len, has_b ? b : "");
	return buf;
}

/* LINE with each long word abbreviated, in place. */
static void abbreviate(char *line)
{
	char out[LINE_MAX_BYTES] = "";
	char *save = NULL;
	size_t len = 0;

	for (char *word = strtok_r(line, " ", &save); word; word = strtok_r(NULL, " ", &save)) {
		const char *use = word;

		for (size_t i = 0; i < sizeof abbreviations / sizeof abbreviations[0]; i++)
			if (strcasecmp(word, abbreviations[i].word) == 0)
				use = abbreviations[i].abbreviation;
		put(out, sizeof out, &len, len > 0 ? " " : "");
		put(out, sizeof out, &len, use);
	}
	strcpy(line, out);
}

/* Bytes of TEXT that hold at most WIDTH characters, cut at the last space
 * when the text goes on. */
static size_t fit(const char *text, size_t width)
{
	size_t bytes = 0, chars = 0, last_space = 0;

	while (text[bytes] != '\0') {
		size_t next = bytes + 1;

		while (((unsigned char)text[next] & 0xC0) == 0x80)
			next++;
		if (chars == width)
			return last_space > 0 ? last_space : bytes;
		if (text[bytes] == ' ')
			last_space = bytes;
		chars++;
		bytes = next;
	}
	return bytes;
}

/* Appends one line as it is (it fits), or marks the overflow. */
static void add_exact(struct block *b, const char *text, size_t len)
{
	if (b->lines == SNE_ADRESSE_LIGNES) {
		b->overflow = 1;
		return;
	}
	if (b->lines > 0)
		strcat(b->out, "\n");
	strncat(b->out, text, len);
	b->lines++;
}

/* Appends TEXT, abbreviated then wrapped when too long; nothing if blank. */
static void add_line(struct block *b, const char *text)
{
	char line[LINE_MAX_BYTES];
	const char *p = line;
	size_t len = 0;

	if (text == NULL || text[strspn(text, " ")] == '\0')
		return;
	line[0] = '\0';
	put(line, sizeof line, &len, text + strspn(text, " "));
	if (utf8_chars(line) > SNE_ADRESSE_LARGEUR)
		abbreviate(line);
	while (*p != '\0' && !b->overflow) {
		size_t n = fit(p, SNE_ADRESSE_LARGEUR);

		add_exact(b, p, n);
		p += n;
		while (*p == ' ')
			p++;
	}
}

char *sne_majuscules(const char *text, char *out, size_t size)
{
	size_t len = 0, upper_len = 0;
	uint8_t *upper = u8_toupper((const uint8_t *)text, strlen(text), NULL, NULL, NULL,
	                            &upper_len);
	char *copy;

	out[0] = '\0';
	if (upper == NULL) {  /* out of memory or not UTF-8: the text as it is */
		put(out, size, &len, text);
		return out;
	}
	copy = malloc(upper_len + 1);
	if (copy == NULL)
		abort();
	memcpy(copy, upper, upper_len);
	copy[upper_len] = '\0';
	put(out, size, &len, copy);
	free(copy);
	free(upper);
	return out;
}

static const char *civilite_abbreviation(const char *code)
{
	if (code != NULL && strcmp(code, "1") == 0)
		return "M.";
	if (code != NULL && strcmp(code, "2") == 0)
		return "Mme";
	return NULL;
}

const char *sne_adresse_salutation(const char *code)
{
	if (code != NULL && strcmp(code, "1") == 0)
		return "Monsieur";
	if (code != NULL && strcmp(code, "2") == 0)
		return "Madame";
	return "Madame, Monsieur";
}

static int blank(const char *text)
{
	return text == NULL || text[strspn(text, " \t\r\n")] == '\0';
}

/* The town of a French address into TOWN, in capitals: the town typed,
 * else the libellé d'acheminement of its commune.  *FORMER gets the name
 * of a merged commune (for line 5), or "".  0, or -1 with WHY. */
static int french_town(const struct sne_adresse *a, const struct sne_communes *communes,
                       char *town, size_t size, char *former, size_t former_size,
                       char *why, size_t why_size)
{
	struct sne_commune given, current;
	char name[LINE_MAX_BYTES];
	int known = communes != NULL && !blank(a->commune) &&
	            sne_communes_find(communes, a->commune, &given) == 0 &&
	            sne_communes_find_actuelle(communes, a->commune, &current) == 0;

	former[0] = '\0';
	if (known && strcmp(given.code, current.code) != 0 && given.nom_len > 0) {
		snprintf(name, sizeof name, "%.*s", (int)given.nom_len, given.nom);
		sne_majuscules(name, former, former_size);
	}
	if (!blank(a->ville)) {
		sne_majuscules(a->ville + strspn(a->ville, " "), town, size);
		return 0;
	}
	if (known) {
		if (sne_commune_acheminement(&current, a->code_postal, town, size) == 0) {
			snprintf(name, sizeof name, "%.*s", (int)current.nom_len, current.nom);
			sne_majuscules(name, town, size);
		}
		return 0;
	}
	if (blank(a->commune))
		sne_why(why, why_size, "adresse postale sans ville ni code commune : le courrier "
		        "ne peut pas nommer sa localité ; renseignez ville ou commune");
	else
		sne_why(why, why_size, "code commune « %.40s » de l'adresse postale inconnu du code "
		        "officiel géographique ; corrigez-le ou renseignez ville", a->commune);
	return -1;
}

/* The last line "CP TOWN" (France): one line, never wrapped; when the
 * typed town makes it too long, its long words are abbreviated. */
static int add_town_line(struct block *b, const char *code_postal, const char *town,
                         char *why, size_t why_size)
{
	char line[LINE_MAX_BYTES];

	join(line, sizeof line, code_postal, " ", town);
	if (utf8_chars(line) > SNE_ADRESSE_LARGEUR)
		abbreviate(line);
	if (utf8_chars(line) > SNE_ADRESSE_LARGEUR) {
		sne_why(why, why_size, "ligne du code postal et de la ville de plus de %d "
		        "caractères : abrégez le nom de la ville (ville) ou donnez le code commune",
		        SNE_ADRESSE_LARGEUR);
		return -1;
	}
	add_exact(b, line, strlen(line));
	return 0;
}

static void add_identity(struct block *b, const struct sne_adresse *a)
{
	char name[LINE_MAX_BYTES], line[LINE_MAX_BYTES];

	join(name, sizeof name, a->prenom, " ", a->nom);
	add_line(b, join(line, sizeof line, civilite_abbreviation(a->civilite), " ", name));
}

static int overflow(char *out, char *why, size_t why_size)
{
	out[0] = '\0';
	sne_why(why, why_size, "adresse postale (adressePostale) trop longue pour un courrier "
	        "(%d lignes de %d caractères au plus) ; abrégez-la", SNE_ADRESSE_LIGNES,
	        SNE_ADRESSE_LARGEUR);
	return -1;
}

/* Abroad: the lines as typed, the town line, then the country. */
static int format_abroad(const struct sne_adresse *a, struct block *b, char *why,
                         size_t why_size)
{
	char line[LINE_MAX_BYTES], town[LINE_MAX_BYTES], pays[LINE_MAX_BYTES];

	if (blank(a->pays)) {
		sne_why(why, why_size, "adresse postale à l'étranger sans pays (pays) ; "
		        "renseignez-le");
		return -1;
	}
	add_identity(b, a);
	add_line(b, a->complement);
	add_line(b, join(line, sizeof line, a->numero, " ", a->voie));
	add_line(b, a->lieu_dit);
	sne_majuscules(blank(a->ville) ? "" : a->ville, town, sizeof town);
	add_line(b, join(line, sizeof line, a->code_postal, " ", town));
	add_line(b, sne_majuscules(a->pays + strspn(a->pays, " "), pays, sizeof pays));
	return 0;
}

int sne_adresse_format(const struct sne_adresse *a, const struct sne_communes *communes,
                       char *out, char *why, size_t why_size)
{
	struct block b = { out, 0, 0 };
	char line[LINE_MAX_BYTES], town[LINE_MAX_BYTES], former[LINE_MAX_BYTES];

	out[0] = '\0';
	if (blank(a->voie) && blank(a->lieu_dit))
		return 0;
	if (a->etranger) {
		if (format_abroad(a, &b, why, why_size) != 0)
			return out[0] = '\0', -1;
		return b.overflow ? overflow(out, why, why_size) : 0;
	}
	if (blank(a->code_postal))
		return 0;
	if (french_town(a, communes, town, sizeof town, former, sizeof former, why,
	                why_size) != 0)
		return -1;
	add_identity(&b, a);
	add_line(&b, a->complement);
	add_line(&b, join(line, sizeof line, a->numero, " ", a->voie));
	/* the former commune's name, unless it is the town line's */
	add_line(&b, !blank(a->lieu_dit) ? a->lieu_dit : strcmp(former, town) != 0 ? former : NULL);
	if (add_town_line(&b, a->code_postal, town, why, why_size) != 0)
		return out[0] = '\0', -1;
	return b.overflow ? overflow(out, why, why_size) : 0;
}
