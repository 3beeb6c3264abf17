/* Folding of names (case, accents, separators) and the identity key. */
#include "sne/identite.h"

#include <string.h>

/* U+00C0..U+00FF: base letter, '*' for a digraph, ' ' for a separator. */
static const char latin1[] =
	"aaaaaa*ceeeeiiiidnooooo ouuuuy**"
	"aaaaaa*ceeeeiiiidnooooo ouuuuy*y";
/* U+0100..U+017F (Latin Extended-A). */
static const char latin_a[] =
	"aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii**jjkkkllllllllll"
	"nnnnnnnnnoooooo**rrrrrrsssssssstttttt"
	"uuuuuuuuuuuuwwyyyzzzzzzs";
/* U+1EA0..U+1EF9 (Vietnamese letters of Latin Extended Additional). */
static const char latin_viet[] =
	"aaaaaaaaaaaaaaaaaaaaaaaa" "eeeeeeeeeeeeeeee" "iiii"
	"oooooooooooooooooooooooo" "uuuuuuuuuuuuuu" "yyyyyyyy";

_Static_assert(sizeof latin1 == 0x40 + 1, "latin1 table covers U+00C0..U+00FF");
_Static_assert(sizeof latin_a == 0x80 + 1, "latin_a table covers U+0100..U+017F");
_Static_assert(sizeof latin_viet == 0x5A + 1, "latin_viet table covers U+1EA0..U+1EF9");

struct digraph {
	unsigned code;
	const char *text;
};

static const struct digraph digraphs[] = {
	{ 0xC6, "ae" }, { 0xE6, "ae" }, { 0xDE, "th" }, { 0xFE, "th" }, { 0xDF, "ss" },
	{ 0x132, "ij" }, { 0x133, "ij" }, { 0x152, "oe" }, { 0x153, "oe" },
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

static const char *digraph_of(unsigned code)
{
	for (size_t i = 0; i < sizeof digraphs / sizeof digraphs[0]; i++)
		if (digraphs[i].code == code)
			return digraphs[i].text;
	return NULL;
}

/* The base letter of a Latin code point, 0 when it has none listed. */
static char base_letter(unsigned code)
{
	if (code >= 0xC0 && code <= 0xFF)
		return latin1[code - 0xC0];
	if (code >= 0x100 && code <= 0x17F)
		return latin_a[code - 0x100];
	if (code >= 0x1EA0 && code <= 0x1EF9)
		return latin_viet[code - 0x1EA0];
	return 0;
}

static int is_separator_code(unsigned code)
{
	return code == 0xA0 || (code >= 0x2000 && code <= 0x206F) || code == 0x2BC ||
	       code == 0xB4 || code == 0x60;
}

/* Decodes one UTF-8 sequence at S (length in *N); invalid bytes decode as
 * themselves, one at a time. */
static unsigned decode(const unsigned char *s, size_t *n)
{
	unsigned c = s[0];
	size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
	unsigned code;

	if (len <= 1) {
		*n = 1;
		return c;
	}
	code = c & (0x7F >> len);
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*n = 1;
			return c;
		}
		code = (code << 6) | (s[i] & 0x3F);
	}
	*n = len;
	return code;
}

static void fold_ascii(struct folded *f, char c)
{
	if (c >= 'A' && c <= 'Z')
		c = (char)(c - 'A' + 'a');
	if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
		put_bytes(f, &c, 1);
	else
		put_separator(f);
}

static void fold_code(struct folded *f, unsigned code, const char *bytes, size_t n)
{
	const char *digraph = digraph_of(code);
	char base = base_letter(code);

	if (code >= 0x300 && code <= 0x36F)
		return; /* combining accent of a decomposed letter */
	if (digraph != NULL)
		put_bytes(f, digraph, strlen(digraph));
	else if (base == ' ' || is_separator_code(code))
		put_separator(f);
	else if (base != 0)
		put_bytes(f, &base, 1);
	else
		put_bytes(f, bytes, n);
}

size_t sne_identite_fold(const char *text, char *out, size_t size)
{
	struct folded f = { out, size, 0, 0 };
	const unsigned char *s = (const unsigned char *)(text ? text : "");

	if (size == 0)
		return 0;
	while (*s) {
		size_t n;
		unsigned code = decode(s, &n);
		if (code < 0x80)
			fold_ascii(&f, (char)code);
		else
			fold_code(&f, code, (const char *)s, n);
		s += n;
	}
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
