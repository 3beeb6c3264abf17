/* Folding of names (case, accents, separators) and the identity key. */
#include "sne/identite.h"

#include <stdlib.h>
#include <string.h>

#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>

/* Letters that Unicode does not decompose into a base letter and a mark
 * (a stroke, a ligature), once case-folded: spelt with their base. */
struct base_letter {
	ucs4_t code;
	const char *text;
};

static const struct base_letter undecomposed[] = {
	{ 0xE6, "ae" }, { 0xF0, "d" }, { 0xF8, "o" }, { 0xFE, "th" }, { 0x111, "d" },
	{ 0x127, "h" }, { 0x131, "i" }, { 0x138, "k" }, { 0x142, "l" }, { 0x153, "oe" },
	{ 0x167, "t" }, { 0x180, "b" }, { 0x1E5, "g" }, { 0x248, "j" }, { 0x268, "i" },
};

/* Output being built, with a pending separator collapsed into one blank. */
struct folded {
	char *out;
	size_t size, len;
	int pending_blank;
};

static void put_bytes(struct folded *f, const char *bytes, size_t n)
{
	if (f->pending_blank && f->len > 0 && f->len + 1 < f->size)
		f->out[f->len++] = ' ';
	f->pending_blank = 0;
	if (f->len + n >= f->size)
		return;
	memcpy(f->out + f->len, bytes, n);
	f->len += n;
}

static void put_separator(struct folded *f)
{
	f->pending_blank = 1;
}

static const char *undecomposed_base(ucs4_t code)
{
	for (size_t i = 0; i < sizeof undecomposed / sizeof undecomposed[0]; i++)
		if (undecomposed[i].code == code)
			return undecomposed[i].text;
	return NULL;
}

/* One code point of the folded, decomposed text: marks dropped, letters
 * and digits kept, anything else a separator. */
static void put_code(struct folded *f, ucs4_t code, const uint8_t *bytes, size_t n)
{
	const char *base;

	if (code < 0x80) {
		char c = (char)code;
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			put_bytes(f, &c, 1);
		else
			put_separator(f);
	} else if (uc_is_general_category(code, UC_CATEGORY_M)) {
		return; /* the accent of a decomposed letter */
	} else if ((base = undecomposed_base(code)) != NULL) {
		put_bytes(f, base, strlen(base));
	} else if (uc_is_general_category(code, UC_CATEGORY_L) ||
	           uc_is_general_category(code, UC_CATEGORY_N)) {
		put_bytes(f, (const char *)bytes, n);
	} else {
		put_separator(f);
	}
}

static void put_ascii(struct folded *f, const char *text)
{
	for (; *text; text++) {
		char c = *text;
		put_code(f, (ucs4_t)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c), NULL, 1);
	}
}

static int is_ascii(const char *text)
{
	for (; *text; text++)
		if ((unsigned char)*text >= 0x80)
			return 0;
	return 1;
}

/* Case-folds TEXT and decomposes it (NFKD: é = e + acute, ﬁ = fi), then
 * writes what remains of each code point. */
static void put_unicode(struct folded *f, const char *text)
{
	uint8_t buf[1024];
	size_t len = sizeof buf;
	uint8_t *folded = u8_casefold((const uint8_t *)text, strlen(text), NULL, UNINORM_NFKD,
	                              buf, &len);

	if (folded == NULL) {  /* not UTF-8 (the XML parser lets none through) */
		put_bytes(f, text, strlen(text));
		return;
	}
	for (size_t i = 0; i < len;) {
		ucs4_t code;
		int n = u8_mbtouc(&code, folded + i, len - i);

		put_code(f, code, folded + i, (size_t)n);
		i += (size_t)n;
	}
	if (folded != buf)
		free(folded);
}

size_t sne_identite_fold(const char *text, char *out, size_t size)
{
	struct folded f = { out, size, 0, 0 };

	if (size == 0)
		return 0;
	text = text ? text : "";
	if (is_ascii(text))
		put_ascii(&f, text);
	else
		put_unicode(&f, text);
	out[f.len] = '\0';
	return f.len;
}

#define FNV_OFFSET 0xcbf29ce484222325ULL
#define FNV_PRIME 0x100000001b3ULL

static uint64_t hash_bytes(uint64_t h, const char *bytes, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)bytes[i];
		h *= FNV_PRIME;
	}
	return h;
}

/* Adds one part and a separator that no folded text holds. */
static uint64_t hash_part(uint64_t h, const char *text, size_t n)
{
	h = hash_bytes(h, text, n);
	return hash_bytes(h, "\x1f", 1);
}

static size_t trimmed(const char *text, const char **start)
{
	size_t n;

	text = text ? text : "";
	while (*text == ' ' || *text == '\t' || *text == '\n' || *text == '\r')
		text++;
	n = strlen(text);
	while (n > 0 && strchr(" \t\r\n", text[n - 1]))
		n--;
	*start = text;
	return n;
}

/* splitmix64's finalizer spreads FNV's weak low bits for hash tables. */
static uint64_t mix(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

uint64_t sne_identite_key(const char *nom, const char *prenom, const char *date_naissance,
                          const char *territoire)
{
	char folded[512];
	const char *start;
	size_t n;
	uint64_t h = FNV_OFFSET;

	n = sne_identite_fold(nom, folded, sizeof folded);
	h = hash_part(h, folded, n);
	n = sne_identite_fold(prenom, folded, sizeof folded);
	h = hash_part(h, folded, n);
	n = trimmed(date_naissance, &start);
	h = hash_part(h, start, n);
	n = trimmed(territoire, &start);
	h = hash_part(h, start, n);
	return mix(h);
}
