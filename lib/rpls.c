/* RPLS numbers, the reference's logement record, and a hash index of
 * short keys. */
#include "sne/rpls.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sne/date.h"
#include "sne/err.h"
#include "sne/territoire.h"
#include "sne/xmltext.h"

const char *const sne_rpls_fields[SNE_RPLS_NFIELDS] = {
	"@rpls", "r:commune", "r:adresse/r:numero", "r:adresse/r:type", "r:adresse/r:voie",
	"r:adresse/r:codePostal", "r:pieces", "r:surface", "r:financement", "r:construction",
	"r:miseEnService", "r:lot/@id", "r:lot/@date",
};

int sne_rpls_is_valid(const char *text)
{
	size_t i;

	for (i = 0; text[i] != '\0'; i++)
		if (!isdigit((unsigned char)text[i]) && !(text[i] >= 'A' && text[i] <= 'Z'))
			return 0;
	return i == SNE_RPLS_LEN;
}

/* The logement's fields as an array, in enum order. */
static const char **field_slot(struct sne_rpls_logement *l, int field)
{
	const char **slots[SNE_RPLS_NFIELDS] = {
		&l->rpls, &l->commune, &l->numero, &l->type_voie, &l->voie, &l->code_postal,
		&l->pieces, &l->surface, &l->financement, &l->construction, &l->mise_en_service,
		&l->lot_id, &l->lot_date,
	};
	return slots[field];
}

static const char *field_of(const struct sne_rpls_logement *l, int field)
{
	const char *v = *field_slot((struct sne_rpls_logement *)l, field);
	return v ? v : "";
}

void sne_rpls_from_record(const struct sne_record *record, struct sne_rpls_logement *out)
{
	for (int f = 0; f < SNE_RPLS_NFIELDS; f++) {
		const char *v = sne_record_get(record, (size_t)f);
		*field_slot(out, f) = v ? v : "";
	}
}

/* ------------------------------------------------------------------ */
/* normalizing */

static size_t trimmed(const char *text, const char **start)
{
	size_t len;

	while (*text != '\0' && strchr(" \t\r\n", *text))
		text++;
	len = strlen(text);
	while (len > 0 && strchr(" \t\r\n", text[len - 1]))
		len--;
	*start = text;
	return len;
}

static int all_digits(const char *text, size_t min, size_t max)
{
	size_t n = strlen(text);

	if (n < min || n > max)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)text[i]))
			return 0;
	return 1;
}

/* "65", "65.5", "65,50": positive, at most two decimals; ',' becomes '.'. */
static int normalize_surface(char *text)
{
	char *sep = strpbrk(text, ".,");
	size_t whole = sep ? (size_t)(sep - text) : strlen(text);

	if (whole < 1 || whole > 4)
		return -1;
	for (size_t i = 0; i < whole; i++)
		if (!isdigit((unsigned char)text[i]))
			return -1;
	if (sep != NULL) {
		*sep = '.';
		if (!all_digits(sep + 1, 1, 2))
			return -1;
	}
	return strtod(text, NULL) > 0 ? 0 : -1;
}

static void upper(char *text)
{
	for (; *text; text++)
		*text = (char)toupper((unsigned char)*text);
}

/* Checks the normalized copy; -1 with WHY. */
static int check_fields(struct sne_rpls_logement *l, char *date_buf, char *why, size_t size)
{
	char territoire[SNE_TERRITOIRE_SIZE], reason[SNE_WHY_MAX];
	struct sne_date date;

	if (!sne_rpls_is_valid(l->rpls))
		return snprintf(why, size, "numéro RPLS « %.40s » invalide (10 caractères 0-9 A-Z "
		                "attendus)", l->rpls), -1;
	if (sne_territoire_of_commune(l->commune, territoire, reason, sizeof reason) != 0)
		return snprintf(why, size, "%s", reason), -1;
	if (!all_digits(l->pieces, 1, 2) || atoi(l->pieces) < 1)
		return snprintf(why, size, "nombre de pièces « %.20s » invalide (1 à 99)",
		                l->pieces), -1;
	if (normalize_surface((char *)l->surface) != 0)
		return snprintf(why, size, "surface « %.20s » invalide (un nombre de m² positif, "
		                "par exemple 65,5)", l->surface), -1;
	if (l->code_postal[0] != '\0' && !all_digits(l->code_postal, 5, 5))
		return snprintf(why, size, "code postal « %.20s » invalide (5 chiffres)",
		                l->code_postal), -1;
	if (l->construction[0] != '\0' && !all_digits(l->construction, 4, 4))
		return snprintf(why, size, "année de construction « %.20s » invalide (AAAA)",
		                l->construction), -1;
	if (sne_date_parse(l->mise_en_service, &date, reason, sizeof reason) != 0)
		return snprintf(why, size, "date d'immatriculation « %.20s » invalide : %s",
		                l->mise_en_service, reason), -1;
	sne_date_format(date, date_buf);
	l->mise_en_service = date_buf;
	return 0;
}

struct sne_rpls_logement *sne_rpls_normalize(const struct sne_rpls_logement *in, char *why,
                                             size_t why_size)
{
	size_t total = sizeof(struct sne_rpls_logement) + SNE_DATE_ISO_SIZE;
	struct sne_rpls_logement *out;
	char *store, *date_buf;

	for (int f = 0; f < SNE_RPLS_NFIELDS; f++)
		total += strlen(field_of(in, f)) + 1;
	out = malloc(total);
	if (out == NULL)
		abort();
	date_buf = (char *)(out + 1);
	store = date_buf + SNE_DATE_ISO_SIZE;
	for (int f = 0; f < SNE_RPLS_NFIELDS; f++) {
		const char *start;
		size_t len = trimmed(field_of(in, f), &start);
		memcpy(store, start, len);
		store[len] = '\0';
		*field_slot(out, f) = store;
		store += len + 1;
	}
	upper((char *)out->rpls);
	upper((char *)out->commune);
	if (check_fields(out, date_buf, why, why_size) != 0) {
		free(out);
		return NULL;
	}
	return out;
}

int sne_rpls_same(const struct sne_rpls_logement *a, const struct sne_rpls_logement *b)
{
	for (int f = 0; f < SNE_RPLS_F_LOT_ID; f++)
		if (strcmp(field_of(a, f), field_of(b, f)) != 0)
			return 0;
	return 1;
}

/* ------------------------------------------------------------------ */
/* rendering */

struct buf {
	char *data;
	size_t len, cap;
};

static void buf_add(struct buf *b, const char *text, size_t len)
{
	if (b->len + len + 1 > b->cap) {
		b->cap = (b->len + len + 1) * 2;
		b->data = realloc(b->data, b->cap);
		if (b->data == NULL)
			abort();
	}
	memcpy(b->data + b->len, text, len);
	b->len += len;
	b->data[b->len] = '\0';
}

static void buf_str(struct buf *b, const char *text)
{
	buf_add(b, text, strlen(text));
}

static int buf_sink(void *ctx, const char *bytes, size_t len)
{
	buf_add(ctx, bytes, len);
	return 0;
}

static void buf_escaped(struct buf *b, const char *text)
{
	sne_xml_escape(text, 1, buf_sink, b);
}

/* "<p:NAME" or "</p:NAME". */
static void buf_tag(struct buf *b, const char *open, const char *prefix, const char *name)
{
	buf_str(b, open);
	if (prefix[0] != '\0') {
		buf_str(b, prefix);
		buf_str(b, ":");
	}
	buf_str(b, name);
}

/* <p:NAME>TEXT</p:NAME>, nothing when TEXT is empty. */
static void buf_element(struct buf *b, const char *prefix, const char *name, const char *text)
{
	if (text == NULL || text[0] == '\0')
		return;
	buf_tag(b, "<", prefix, name);
	buf_str(b, ">");
	buf_escaped(b, text);
	buf_tag(b, "</", prefix, name);
	buf_str(b, ">");
}

static void render_adresse(struct buf *b, const struct sne_rpls_logement *l, const char *prefix)
{
	if (!*field_of(l, SNE_RPLS_F_NUMERO) && !*field_of(l, SNE_RPLS_F_TYPE_VOIE) &&
	    !*field_of(l, SNE_RPLS_F_VOIE) && !*field_of(l, SNE_RPLS_F_CODE_POSTAL))
		return;
	buf_tag(b, "<", prefix, "adresse>");
	buf_element(b, prefix, "numero", l->numero);
	buf_element(b, prefix, "type", l->type_voie);
	buf_element(b, prefix, "voie", l->voie);
	buf_element(b, prefix, "codePostal", l->code_postal);
	buf_tag(b, "</", prefix, "adresse>");
}

static void render_lot(struct buf *b, const struct sne_rpls_logement *l, const char *prefix)
{
	if (!*field_of(l, SNE_RPLS_F_LOT_ID) && !*field_of(l, SNE_RPLS_F_LOT_DATE))
		return;
	buf_tag(b, "<", prefix, "lot");
	if (*field_of(l, SNE_RPLS_F_LOT_ID)) {
		buf_str(b, " id=\"");
		buf_escaped(b, l->lot_id);
		buf_str(b, "\"");
	}
	if (*field_of(l, SNE_RPLS_F_LOT_DATE)) {
		buf_str(b, " date=\"");
		buf_escaped(b, l->lot_date);
		buf_str(b, "\"");
	}
	buf_str(b, "/>");
}

char *sne_rpls_render(const struct sne_rpls_logement *l, const char *prefix, size_t *len)
{
	struct buf b = { NULL, 0, 0 };

	buf_tag(&b, "<", prefix, "logement rpls=\"");
	buf_escaped(&b, field_of(l, SNE_RPLS_F_RPLS));
	buf_str(&b, "\">");
	buf_element(&b, prefix, "commune", l->commune);
	render_adresse(&b, l, prefix);
	buf_element(&b, prefix, "pieces", l->pieces);
	buf_element(&b, prefix, "surface", l->surface);
	buf_element(&b, prefix, "financement", l->financement);
	buf_element(&b, prefix, "construction", l->construction);
	buf_element(&b, prefix, "miseEnService", l->mise_en_service);
	render_lot(&b, l, prefix);
	buf_tag(&b, "</", prefix, "logement>");
	*len = b.len;
	return b.data;
}

/* ------------------------------------------------------------------ */
/* hash index: open addressing, linear probing, grown at half load */

struct slot {
	char key[SNE_INDEX_KEY_MAX + 1];
	void *value;
};

struct sne_index {
	struct slot *slots;
	size_t cap, count;
};

/* Over the part of KEY that is kept (SNE_INDEX_KEY_MAX characters), so
 * that a longer key and its stored cut land in the same place. */
static uint64_t hash_key(const char *key)
{
	uint64_t h = 1469598103934665603u; /* FNV-1a */
	const char *end = key + strnlen(key, SNE_INDEX_KEY_MAX);

	for (; key < end; key++)
		h = (h ^ (unsigned char)*key) * 1099511628211u;
	return h;
}

static struct slot *slots_new(size_t cap)
{
	struct slot *slots = calloc(cap, sizeof *slots);

	if (slots == NULL)
		abort();
	return slots;
}

struct sne_index *sne_index_new(void)
{
	struct sne_index *index = malloc(sizeof *index);

	if (index == NULL)
		abort();
	index->cap = 64;
	index->count = 0;
	index->slots = slots_new(index->cap);
	return index;
}

static struct slot *probe(const struct sne_index *index, const char *key)
{
	size_t i = (size_t)hash_key(key) & (index->cap - 1);

	while (index->slots[i].value != NULL &&
	       strncmp(index->slots[i].key, key, SNE_INDEX_KEY_MAX) != 0)
		i = (i + 1) & (index->cap - 1);
	return &index->slots[i];
}

static void grow(struct sne_index *index)
{
	struct slot *old = index->slots;
	size_t old_cap = index->cap;

	index->cap *= 2;
	index->slots = slots_new(index->cap);
	for (size_t i = 0; i < old_cap; i++)
		if (old[i].value != NULL)
			*probe(index, old[i].key) = old[i];
	free(old);
}

void *sne_index_get(const struct sne_index *index, const char *key)
{
	return probe(index, key)->value;
}

void *sne_index_put(struct sne_index *index, const char *key, void *value)
{
	struct slot *slot;
	void *previous;

	if (2 * (index->count + 1) > index->cap)
		grow(index);
	slot = probe(index, key);
	previous = slot->value;
	if (previous == NULL) {
		snprintf(slot->key, sizeof slot->key, "%s", key);
		index->count++;
	}
	slot->value = value;
	return previous;
}

size_t sne_index_count(const struct sne_index *index)
{
	return index->count;
}

void sne_index_free(struct sne_index *index)
{
	if (index == NULL)
		return;
	free(index->slots);
	free(index);
}
