/* The consultation as text in two aligned columns, or as JSON. */
#include "sne/consultation.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define INDENT 2
#define GAP 2
/* Below this many columns for the values, each value goes under its label. */
#define VALUE_MIN 16

size_t sne_text_columns(const char *text, size_t len)
{
	size_t columns = 0;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];

		if ((c & 0xC0) == 0x80)
			continue;
		/* U+0300..U+036F, combining diacritical marks: CC 80..CD AF */
		if ((c == 0xCC || (c == 0xCD && i + 1 < len && (unsigned char)text[i + 1] <= 0xAF)))
			continue;
		columns++;
	}
	return columns;
}

/* The bytes of TEXT (LEN) that fit in COLUMNS columns, at a character
 * boundary (at least one character). */
static size_t fit_bytes(const char *text, size_t len, size_t columns)
{
	size_t i = 0, used = 0;

	while (i < len) {
		size_t next = i + 1;

		while (next < len && ((unsigned char)text[next] & 0xC0) == 0x80)
			next++;
		if (used + sne_text_columns(text + i, next - i) > columns && i > 0)
			break;
		used += sne_text_columns(text + i, next - i);
		i = next;
	}
	return i;
}

/* The next line of TEXT within WIDTH columns, cut at a space (dropped)
 * or, in a text without spaces (a path), after a '/', when it can be: sets *LINE_LEN and returns where
 * the following line starts. */
static const char *next_line(const char *text, size_t width, size_t *line_len)
{
	size_t len = strlen(text), cut = 0, skip = 0;
	int paths = memchr(text, ' ', len) == NULL;

	if (sne_text_columns(text, len) <= width) {
		*line_len = len;
		return text + len;
	}
	for (size_t i = 0; i < len; i++) {
		size_t end = text[i] == ' ' ? i : paths && text[i] == '/' ? i + 1 : 0;

		if (end == 0)
			continue;
		if (sne_text_columns(text, end) > width)
			break;
		cut = end;
		skip = text[i] == ' ';
	}
	if (cut == 0) {
		*line_len = fit_bytes(text, len, width);
		return text + *line_len;
	}
	*line_len = cut;
	return text + cut + skip;
}

struct writer {
	struct sne_output *out;
	const struct sne_affichage *a;
	int failed;
};

static void put(struct writer *w, const char *text, size_t len)
{
	if (!w->failed && sne_output_write(w->out, text, len) != 0)
		w->failed = 1;
}

static void puts_(struct writer *w, const char *text)
{
	put(w, text, strlen(text));
}

static void spaces(struct writer *w, size_t n)
{
	static const char blanks[] = "                                        ";

	while (n > 0) {
		size_t k = n < sizeof blanks - 1 ? n : sizeof blanks - 1;

		put(w, blanks, k);
		n -= k;
	}
}

static void bold(struct writer *w, int on)
{
	if (w->a->couleurs)
		puts_(w, on ? "\033[1m" : "\033[0m");
}

/* TEXT wrapped within WIDTH columns, every line after INDENT blanks. */
static void paragraph(struct writer *w, const char *text, size_t indent, int strong)
{
	size_t width = (size_t)w->a->largeur - indent, len;
	const char *p = text;

	do {
		const char *next = next_line(p, width, &len);

		spaces(w, indent);
		if (strong)
			bold(w, 1);
		put(w, p, len);
		if (strong)
			bold(w, 0);
		puts_(w, "\n");
		p = next;
	} while (*p != '\0');
}

static int champ_shown(const struct sne_affichage *a, const struct sne_champ *c)
{
	return !a->compact || c->valeur[0] != '\0';
}

static int bloc_shown(const struct sne_affichage *a, const struct sne_bloc *b)
{
	for (size_t i = 0; i < b->nchamps; i++)
		if (champ_shown(a, &b->champs[i]))
			return 1;
	return !a->compact && b->titre[0] != '\0';
}

static int onglet_shown(const struct sne_affichage *a, const struct sne_onglet *o, int id)
{
	if (a->onglets != NULL && !a->onglets[id])
		return 0;
	for (size_t i = 0; i < o->nblocs; i++)
		if (bloc_shown(a, &o->blocs[i]))
			return 1;
	return 0;
}

/* The widest label shown in tab O. */
static size_t label_columns(const struct sne_affichage *a, const struct sne_onglet *o)
{
	size_t widest = 0;

	for (size_t b = 0; b < o->nblocs; b++)
		for (size_t f = 0; f < o->blocs[b].nchamps; f++) {
			const struct sne_champ *c = &o->blocs[b].champs[f];
			size_t n = sne_text_columns(c->libelle, strlen(c->libelle));

			if (champ_shown(a, c) && n > widest)
				widest = n;
		}
	return widest;
}

/* One field: the label's lines beside the value's, LABEL_W columns of
 * label; or, when the values would have too little room, the value under
 * the label. */
static void champ_write(struct writer *w, const struct sne_champ *c, size_t label_w)
{
	size_t width = (size_t)w->a->largeur, value_col = INDENT + label_w + GAP;
	const char *label = c->libelle, *value = c->valeur;

	if (value_col + VALUE_MIN > width) {
		paragraph(w, label, INDENT, 0);
		if (value[0] != '\0')
			paragraph(w, value, INDENT + 4, 0);
		return;
	}
	while (*label != '\0' || *value != '\0') {
		size_t llen = 0, vlen = 0;
		const char *lnext = *label ? next_line(label, label_w, &llen) : label;
		const char *vnext = *value ? next_line(value, width - value_col, &vlen) : value;

		spaces(w, INDENT);
		put(w, label, llen);
		if (vlen > 0) {
			spaces(w, label_w - sne_text_columns(label, llen) + GAP);
			put(w, value, vlen);
		}
		puts_(w, "\n");
		label = lnext;
		value = vnext;
	}
}

/* "── Name ───…" across the width. */
static void onglet_title(struct writer *w, const char *name)
{
	size_t used = 3 + sne_text_columns(name, strlen(name)) + 1, width = (size_t)w->a->largeur;

	if (used + 2 > width) {
		paragraph(w, name, 0, 1);
		return;
	}
	bold(w, 1);
	puts_(w, "── ");
	puts_(w, name);
	puts_(w, " ");
	for (size_t i = used; i < width; i++)
		puts_(w, "─");
	bold(w, 0);
	puts_(w, "\n");
}

static void onglet_write(struct writer *w, const struct sne_onglet *o)
{
	size_t label_w = label_columns(w->a, o), cap = ((size_t)w->a->largeur - INDENT) / 2;

	if (label_w > cap)
		label_w = cap;
	puts_(w, "\n");
	onglet_title(w, o->nom);
	for (size_t b = 0; b < o->nblocs; b++) {
		const struct sne_bloc *bloc = &o->blocs[b];

		if (!bloc_shown(w->a, bloc))
			continue;
		if (bloc->titre[0] != '\0')
			paragraph(w, bloc->titre, 0, 1);
		for (size_t f = 0; f < bloc->nchamps; f++)
			if (champ_shown(w->a, &bloc->champs[f]))
				champ_write(w, &bloc->champs[f], label_w);
	}
}

int sne_consultation_write_text(const struct sne_consultation *c, const struct sne_affichage *a,
                                struct sne_output *out)
{
	struct writer w = { out, a, 0 };
	char *head;

	paragraph(&w, "Consultation d'une demande de logement social", 0, 1);
	if (asprintf(&head, "Demande %s%s%s", c->numero[0] ? c->numero : "sans numéro unique",
	             c->demandeur[0] ? " — " : "", c->demandeur) < 0)
		return -1;
	paragraph(&w, head, 0, 0);
	free(head);
	for (int i = 0; i < SNE_ONGLET_COUNT; i++)
		if (onglet_shown(a, &c->onglets[i], i))
			onglet_write(&w, &c->onglets[i]);
	return w.failed ? -1 : 0;
}

/* ------------------------------------------------------------ JSON */

static void json_string(struct writer *w, const char *text)
{
	puts_(w, "\"");
	for (const unsigned char *p = (const unsigned char *)text; *p != '\0'; p++) {
		char escaped[8];

		if (*p == '"' || *p == '\\') {
			escaped[0] = '\\';
			escaped[1] = (char)*p;
			put(w, escaped, 2);
		} else if (*p < 0x20) {
			snprintf(escaped, sizeof escaped, "\\u%04x", *p);
			puts_(w, escaped);
		} else {
			put(w, (const char *)p, 1);
		}
	}
	puts_(w, "\"");
}

static void json_key(struct writer *w, const char *key, const char *value, int comma)
{
	if (comma)
		puts_(w, ",");
	json_string(w, key);
	puts_(w, ":");
	json_string(w, value);
}

static void json_champ(struct writer *w, const struct sne_champ *c)
{
	puts_(w, "{");
	json_key(w, "libelle", c->libelle, 0);
	json_key(w, "valeur", c->valeur, 1);
	puts_(w, ",\"sources\":[");
	for (size_t s = 0; s < c->nsources; s++) {
		puts_(w, s ? ",{" : "{");
		json_key(w, "chemin", c->sources[s].chemin, 0);
		json_key(w, "brut", c->sources[s].brut, 1);
		puts_(w, "}");
	}
	puts_(w, "]}");
}

static void json_bloc(struct writer *w, const struct sne_bloc *b)
{
	int first = 1;

	puts_(w, "{");
	json_key(w, "titre", b->titre, 0);
	puts_(w, ",\"champs\":[");
	for (size_t f = 0; f < b->nchamps; f++) {
		if (!champ_shown(w->a, &b->champs[f]))
			continue;
		if (!first)
			puts_(w, ",");
		json_champ(w, &b->champs[f]);
		first = 0;
	}
	puts_(w, "]}");
}

static void json_onglet(struct writer *w, const struct sne_onglet *o)
{
	int first = 1;

	puts_(w, "{");
	json_key(w, "nom", o->nom, 0);
	puts_(w, ",\"blocs\":[");
	for (size_t b = 0; b < o->nblocs; b++) {
		if (!bloc_shown(w->a, &o->blocs[b]))
			continue;
		if (!first)
			puts_(w, ",");
		json_bloc(w, &o->blocs[b]);
		first = 0;
	}
	puts_(w, "]}");
}

int sne_consultation_write_json(const struct sne_consultation *c, const struct sne_affichage *a,
                                struct sne_output *out)
{
	struct writer w = { out, a, 0 };
	int first = 1;

	puts_(&w, "{");
	json_key(&w, "numero", c->numero, 0);
	json_key(&w, "demandeur", c->demandeur, 1);
	puts_(&w, ",\"onglets\":[");
	for (int i = 0; i < SNE_ONGLET_COUNT; i++) {
		if (!onglet_shown(a, &c->onglets[i], i))
			continue;
		if (!first)
			puts_(&w, ",");
		json_onglet(&w, &c->onglets[i]);
		first = 0;
	}
	puts_(&w, "]}");
	if (w.failed && errno == 0)
		errno = EIO;
	return w.failed ? -1 : 0;
}
