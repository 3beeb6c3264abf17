/* sne-notice: the postal address block of a letter (La Poste: at most 6
 * lines of 38 characters; name, complement, number and street, lieu-dit,
 * postcode and town). */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "notice.h"

#define LINE_MAX_BYTES 1024

/* Long words of street names and their postal abbreviations. */
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

/* Characters (not bytes) of UTF-8 TEXT's first LEN bytes. */
static size_t utf8_chars(const char *text, size_t len)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++)
		if (((unsigned char)text[i] & 0xC0) != 0x80)
			n++;
	return n;
}

/* LINE with each long word abbreviated, in place. */
static void abbreviate(char *line)
{
	char out[LINE_MAX_BYTES] = "";
	char *save = NULL;

	for (char *word = strtok_r(line, " ", &save); word; word = strtok_r(NULL, " ", &save)) {
		const char *put = word;

		for (size_t i = 0; i < sizeof abbreviations / sizeof abbreviations[0]; i++)
			if (strcasecmp(word, abbreviations[i].word) == 0)
				put = abbreviations[i].abbreviation;
		if (strlen(out) + strlen(put) + 2 < sizeof out)
			strcat(strcat(out, out[0] ? " " : ""), put);
	}
	strcpy(line, out);
}

/* Bytes of TEXT that hold at most WIDTH characters, cut after a space
 * when one is there (the space itself is dropped by the caller). */
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

struct block {
	char *out;
	int lines;
	int overflow;
};

/* Appends TEXT to BUF of SIZE bytes, holding *LEN of them, cut to fit as
 * snprintf would cut it: a "%s" format costs more than all the rest of an
 * address, which is laid out for every active demande. */
static void put(char *buf, size_t size, size_t *len, const char *text)
{
	size_t n = strlen(text);

	if (n > size - 1 - *len)
		n = size - 1 - *len;
	memcpy(buf + *len, text, n);
	*len += n;
	buf[*len] = '\0';
}

/* TEXT copied into BUF, cut to fit.  Returns BUF. */
static char *copy(char *buf, size_t size, const char *text)
{
	size_t len = 0;

	put(buf, size, &len, text);
	return buf;
}

/* Appends LINE to the block, abbreviated then wrapped when too long. */
static void add_line(struct block *b, const char *text)
{
	char line[LINE_MAX_BYTES];
	const char *p = line;

	if (text == NULL || text[strspn(text, " ")] == '\0')
		return;
	copy(line, sizeof line, text);
	if (utf8_chars(line, strlen(line)) > ADRESSE_LARGEUR)
		abbreviate(line);
	while (*p != '\0') {
		size_t n = fit(p, ADRESSE_LARGEUR);

		if (b->lines == ADRESSE_LIGNES) {
			b->overflow = 1;
			return;
		}
		if (b->lines > 0)
			strcat(b->out, "\n");
		strncat(b->out, p, n);
		b->lines++;
		p += n;
		while (*p == ' ')
			p++;
	}
}

static const char *civilite_abbreviation(const char *code)
{
	if (code != NULL && strcmp(code, "1") == 0)
		return "M. ";
	if (code != NULL && strcmp(code, "2") == 0)
		return "Mme ";
	return "";
}

/* "A B" into BUF, either part may be NULL. */
static const char *join(char *buf, size_t size, const char *a, const char *sep, const char *b)
{
	size_t len = 0;

	/* a line cut at LINE_MAX_BYTES is still far too long: it is wrapped */
	put(buf, size, &len, a ? a : "");
	put(buf, size, &len, a && b ? sep : "");
	put(buf, size, &len, b ? b : "");
	return buf;
}

static void upper_ascii(char *text)
{
	for (; *text; text++)
		*text = (char)toupper((unsigned char)*text);
}

int notice_adresse(struct sne_record *record, char *out, char *why, size_t why_size)
{
	struct block b = { out, 0, 0 };
	char line[LINE_MAX_BYTES], name[LINE_MAX_BYTES], town[LINE_MAX_BYTES];
	const char *code_postal = sne_record_get(record, F_ADR_CODE_POSTAL);
	const char *voie = sne_record_get(record, F_ADR_VOIE);
	const char *lieu_dit = sne_record_get(record, F_ADR_LIEU_DIT);

	out[0] = '\0';
	if (code_postal == NULL || (voie == NULL && lieu_dit == NULL))
		return 0;
	join(name, sizeof name, sne_record_get(record, F_PRENOM), " ",
	     sne_record_get(record, F_NOM));
	add_line(&b, join(line, sizeof line,
	                  civilite_abbreviation(sne_record_get(record, F_CIVILITE)), "", name));
	add_line(&b, sne_record_get(record, F_ADR_COMPLEMENT));
	add_line(&b, join(line, sizeof line, sne_record_get(record, F_ADR_NUMERO), " ", voie));
	add_line(&b, lieu_dit);
	copy(town, sizeof town, sne_record_get(record, F_ADR_VILLE) ?
	     sne_record_get(record, F_ADR_VILLE) : "");
	upper_ascii(town);
	add_line(&b, join(line, sizeof line, code_postal, " ", town[0] ? town : NULL));
	if (b.overflow) {
		out[0] = '\0';
		snprintf(why, why_size, "adresse postale (adressePostale) trop longue pour un "
		         "courrier (%d lignes de %d caractères au plus) ; abrégez-la",
		         ADRESSE_LIGNES, ADRESSE_LARGEUR);
		return -1;
	}
	return 0;
}
