/* Notice templates: load, check placeholders, render; SMS length. */
#include "sne/template.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlstring.h>

#include "sne/err.h"

/* Largest template file accepted: a letter is a page or two. */
#define TEMPLATE_MAX (64u * 1024)

/* The header line that gives an e-mail its subject. */
#define SUBJECT_HEADER "Sujet :"

/* One piece of a text: LEN bytes of it from START, or the placeholder of
 * NAMES[NAME] when NAME is not LITERAL. */
#define LITERAL ((size_t)-1)
struct piece {
	size_t start, len;
	size_t name;
};

/* A text cut once, at load, into literal runs and placeholders, so that a
 * rendering copies the runs and the values without looking for braces. */
struct text_form {
	char *text;
	size_t len;
	struct piece *pieces;
	size_t npieces;
};

struct sne_template {
	char *name;
	struct text_form body;
	struct text_form subject;  /* the "Sujet :" header's text; text NULL: none */
	const char *const *names;
	size_t nnames;
	unsigned char *used;  /* used[i]: NAMES[i] appears */
};

static void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (p == NULL)
		abort();
	return p;
}

static int is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_';
}

/* Length of the placeholder name after the '{' at P (up to END), or 0
 * when the brace opens no "{name}". */
static size_t placeholder_length(const char *p, const char *end)
{
	size_t n = 0;

	while (p + 1 + n < end && is_name_char(p[1 + n]))
		n++;
	if (n == 0 || p + 1 + n >= end || p[1 + n] != '}')
		return 0;
	return n;
}

static long index_of(const struct sne_template *t, const char *name, size_t len)
{
	for (size_t i = 0; i < t->nnames; i++)
		if (strlen(t->names[i]) == len && memcmp(t->names[i], name, len) == 0)
			return (long)i;
	return -1;
}

static void list_names(const struct sne_template *t, char *buf, size_t size)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < t->nnames && used < size; i++)
		used += (size_t)snprintf(buf + used, size - used, "%s{%s}", i ? ", " : "",
		                         t->names[i]);
}

static void add_piece(struct text_form *form, size_t start, size_t len, size_t name)
{
	if (len == 0 && name == LITERAL)
		return;
	form->pieces = realloc(form->pieces, (form->npieces + 1) * sizeof *form->pieces);
	if (form->pieces == NULL)
		abort();
	form->pieces[form->npieces++] = (struct piece){ start, len, name };
}

/* Cuts FORM's text into pieces, marking the placeholders used (the text
 * starts at line FIRST_LINE of the file); a name not allowed is an
 * error. */
static int compile_text(struct sne_template *t, struct text_form *form, long first_line,
                        char *why, size_t why_size)
{
	const char *text = form->text, *end = text + form->len, *run = text;
	long line = first_line;

	for (const char *p = text; p < end; p++) {
		size_t n;
		long index;
		char allowed[512];

		if (*p == '\n')
			line++;
		if (*p != '{' || (n = placeholder_length(p, end)) == 0)
			continue;
		index = index_of(t, p + 1, n);
		if (index < 0) {
			list_names(t, allowed, sizeof allowed);
			snprintf(why, why_size, "%s:%ld: paramètre « {%.*s} » inconnu pour ce modèle "
			         "(possibles : %s)", t->name, line, (int)n, p + 1, allowed);
			return -1;
		}
		t->used[index] = 1;
		add_piece(form, (size_t)(run - text), (size_t)(p - run), LITERAL);
		add_piece(form, 0, 0, (size_t)index);
		p += n + 1;
		run = p + 1;
	}
	add_piece(form, (size_t)(run - text), (size_t)(end - run), LITERAL);
	return 0;
}

static char *copy_text(const char *text, size_t len)
{
	char *copy = xmalloc(len + 1);

	memcpy(copy, text, len);
	copy[len] = '\0';
	return copy;
}

/* A first line "Sujet : TEXT" followed by an empty line is the subject:
 * kept in T, and *TEXT, *LEN moved past it to the body. */
static int read_subject(struct sne_template *t, const char **text, size_t *len, char *why,
                        size_t why_size)
{
	const char *start = *text + strlen(SUBJECT_HEADER), *eol;

	if (*len < strlen(SUBJECT_HEADER) || memcmp(*text, SUBJECT_HEADER, strlen(SUBJECT_HEADER)) != 0)
		return 0;
	start += strspn(start, " ");
	eol = memchr(start, '\n', *len - (size_t)(start - *text));
	if (eol == NULL || eol == start || eol[1] != '\n' || eol[2] == '\0') {
		snprintf(why, why_size, "%s:1: l'en-tête « %s » doit donner le sujet sur sa ligne, "
		         "suivie d'une ligne vide puis du texte", t->name, SUBJECT_HEADER);
		return -1;
	}
	t->subject.len = (size_t)(eol - start);
	t->subject.text = copy_text(start, t->subject.len);
	*len -= (size_t)(eol + 2 - *text);
	*text = eol + 2;
	return 0;
}

struct sne_template *sne_template_parse(const char *name, const char *text, size_t len,
                                        const char *const *names, size_t nnames,
                                        char *why, size_t why_size)
{
	struct sne_template *t;

	if (!xmlCheckUTF8((const xmlChar *)text) || strlen(text) != len) {
		snprintf(why, why_size, "%s: le modèle n'est pas du texte UTF-8", name);
		return NULL;
	}
	if (len == 0 || (len == 1 && text[0] == '\n')) {
		snprintf(why, why_size, "%s: modèle vide", name);
		return NULL;
	}
	t = xmalloc(sizeof *t);
	memset(t, 0, sizeof *t);
	t->name = xmalloc(strlen(name) + 1);
	strcpy(t->name, name);
	t->names = names;
	t->nnames = nnames;
	t->used = xmalloc(nnames);
	memset(t->used, 0, nnames);
	if (read_subject(t, &text, &len, why, why_size) != 0) {
		sne_template_free(t);
		return NULL;
	}
	if (len > 0 && text[len - 1] == '\n')
		len--;
	t->body.text = copy_text(text, len);
	t->body.len = len;
	if ((t->subject.text != NULL && compile_text(t, &t->subject, 1, why, why_size) != 0) ||
	    compile_text(t, &t->body, t->subject.text ? 3 : 1, why, why_size) != 0) {
		sne_template_free(t);
		return NULL;
	}
	return t;
}

/* The whole file into a NUL-terminated buffer; NULL with WHY. */
static char *read_file(const char *path, size_t *len, char *why, size_t why_size)
{
	FILE *f = fopen(path, "rb");
	char *buf;

	if (f == NULL) {
		snprintf(why, why_size, "%s: modèle illisible : %s", path, sne_strerror(errno));
		return NULL;
	}
	buf = xmalloc(TEMPLATE_MAX + 1);
	*len = fread(buf, 1, TEMPLATE_MAX + 1, f);
	if (ferror(f) || *len > TEMPLATE_MAX) {
		snprintf(why, why_size, "%s: %s", path, ferror(f) ? "lecture impossible du modèle"
		         : "modèle trop long (64 Kio au plus)");
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	buf[*len] = '\0';
	return buf;
}

struct sne_template *sne_template_load(const char *path, const char *const *names,
                                       size_t nnames, char *why, size_t why_size)
{
	size_t len;
	char *text = read_file(path, &len, why, why_size);
	struct sne_template *t;

	if (text == NULL)
		return NULL;
	t = sne_template_parse(path, text, len, names, nnames, why, why_size);
	free(text);
	return t;
}

void sne_template_free(struct sne_template *t)
{
	if (t == NULL)
		return;
	free(t->name);
	free(t->body.text);
	free(t->body.pieces);
	free(t->subject.text);
	free(t->subject.pieces);
	free(t->used);
	free(t);
}

int sne_template_uses(const struct sne_template *t, size_t index)
{
	return index < t->nnames && t->used[index];
}

/* Whether every value the template uses is there; else *MISSING names
 * the first one that is not. */
static int values_present(const struct sne_template *t, const char *const *values,
                          const char **missing)
{
	for (size_t i = 0; i < t->nnames; i++) {
		if (t->used[i] && (values[i] == NULL || values[i][0] == '\0')) {
			*missing = t->names[i];
			return 0;
		}
	}
	return 1;
}

/* The bytes PIECE of FORM stands for with VALUES, their length in *LEN. */
static const char *piece_bytes(const struct text_form *form, const struct piece *piece,
                               const char *const *values, size_t *len)
{
	if (piece->name == LITERAL) {
		*len = piece->len;
		return form->text + piece->start;
	}
	*len = strlen(values[piece->name]);
	return values[piece->name];
}

/* FORM rendered with VALUES, or NULL with *MISSING. */
static char *render_text(const struct sne_template *t, const struct text_form *form,
                         const char *const *values, const char **missing)
{
	size_t total = 0, out_len = 0, len;
	char *out;

	if (!values_present(t, values, missing))
		return NULL;
	for (size_t i = 0; i < form->npieces; i++) {
		piece_bytes(form, &form->pieces[i], values, &len);
		total += len;
	}
	out = xmalloc(total + 1);
	for (size_t i = 0; i < form->npieces; i++) {
		const char *from = piece_bytes(form, &form->pieces[i], values, &len);

		memcpy(out + out_len, from, len);
		out_len += len;
	}
	out[out_len] = '\0';
	return out;
}

char *sne_template_render(const struct sne_template *t, const char *const *values,
                          const char **missing)
{
	return render_text(t, &t->body, values, missing);
}

int sne_template_has_subject(const struct sne_template *t)
{
	return t->subject.text != NULL;
}

char *sne_template_render_subject(const struct sne_template *t, const char *const *values,
                                  const char **missing)
{
	if (t->subject.text == NULL) {
		*missing = "sujet";
		return NULL;
	}
	return render_text(t, &t->subject, values, missing);
}

/* ------------------------------------------------------------------ */
/* SMS length */

/* Characters of the GSM 03.38 basic set beyond printable ASCII. */
static const unsigned gsm_basic_extra[] = {
	0x0A, 0x0D, 0xA3, 0xA5, 0xE8, 0xE9, 0xF9, 0xEC, 0xF2, 0xC7, 0xD8, 0xF8, 0xC5, 0xE5,
	0x394, 0x3A6, 0x393, 0x39B, 0x3A9, 0x3A0, 0x3A8, 0x3A3, 0x398, 0x39E, 0xC6, 0xE6,
	0xDF, 0xC9, 0xA4, 0xA1, 0xC4, 0xD6, 0xD1, 0xDC, 0xA7, 0xBF, 0xE4, 0xF6, 0xF1, 0xFC,
	0xE0,
};
/* The extension set: two septets each. */
static const unsigned gsm_extension[] = { '^', '{', '}', '\\', '[', ']', '~', '|', 0x20AC, 0x0C };

static int in_set(unsigned c, const unsigned *set, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (set[i] == c)
			return 1;
	return 0;
}

/* Septets for printable ASCII C: the extension set's count two, '`' is
 * outside the alphabet (a switch, not a search: every byte of every SMS
 * comes here). */
static int ascii_septets(unsigned c)
{
	switch (c) {
	case '^': case '{': case '}': case '\\': case '[': case ']': case '~': case '|':
		return 2;
	case '`':
		return 0;
	default:
		return 1;
	}
}

/* Septets for code point C, or 0 when outside the GSM alphabet. */
static int gsm_septets(unsigned c)
{
	if (c >= 0x20 && c < 0x7F)
		return ascii_septets(c);
	if (in_set(c, gsm_extension, sizeof gsm_extension / sizeof gsm_extension[0]))
		return 2;
	return in_set(c, gsm_basic_extra, sizeof gsm_basic_extra / sizeof gsm_basic_extra[0]);
}

/* Next code point of valid UTF-8 at *P, advancing *P. */
static unsigned next_code_point(const unsigned char **p)
{
	const unsigned char *s = *p;
	int len = xmlUTF8Size(s);
	int c = xmlGetUTF8Char(s, &len);

	*p += len > 0 ? len : 1;
	return c < 0 ? 0xFFFD : (unsigned)c;
}

int sne_sms_parts(const char *text, size_t *units)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t septets = 0, chars = 0;
	int gsm = 1;

	while (*p != '\0') {
		unsigned c = *p < 0x80 ? *p++ : next_code_point(&p);
		int n = gsm_septets(c);

		chars += c > 0xFFFF ? 2 : 1;  /* UCS-2 needs a surrogate pair */
		septets += (size_t)n;
		if (n == 0)
			gsm = 0;
	}
	if (units != NULL)
		*units = gsm ? septets : chars;
	if (gsm)
		return septets <= 160 ? 1 : (int)((septets + 152) / 153);
	return chars <= 70 ? 1 : (int)((chars + 66) / 67);
}
