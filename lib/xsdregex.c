/* XSD patterns matched without libxml2's automaton: see the header. */
#include "sne/xsdregex.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ITEMS 256          /* pieces and alternatives, all levels */
#define MAX_RANGES 16          /* ranges of one character class */
#define MAX_VALUE 256          /* longer values: libxml2 decides */
#define MAX_STEPS 20000        /* backtracking budget of one value: past
                                  it (a hostile value), libxml2 decides */

struct range {
	uint32_t lo, hi;
};

/* A character class: ranges (plus \s), maybe negated. */
struct set {
	struct range ranges[MAX_RANGES];
	int nranges;
	int space;             /* \s: #x20 #x9 #xA #xD */
	int negated;
	uint64_t ascii[2];     /* the same for characters below 128, one bit
	                          each: values are mostly ASCII */
};

struct seq;

/* A piece: a class with a quantifier, or an unquantified group of
 * alternatives. */
struct item {
	const struct set *set;     /* NULL for a group */
	uint32_t min, max;
	const struct seq *alts;    /* group: its alternatives */
	int nalts;
};

struct seq {
	const struct item *items;
	int n;
};

struct sne_xsdregex {
	struct seq top;        /* alternatives of the whole pattern, as one group */
	struct item top_group;
	struct item items[MAX_ITEMS];
	int nitems;
	struct seq seqs[MAX_ITEMS];
	int nseqs;
	struct set sets[MAX_ITEMS];
	int nsets;
};

/* ------------------------------------------------------------------ */
/* parsing */

struct parser {
	struct sne_xsdregex *re;
	const char *p;
	int failed;
};

/* One UTF-8 character at *P (valid UTF-8: the parser checked it). */
static uint32_t next_char(const char **p)
{
	const unsigned char *s = (const unsigned char *)*p;
	uint32_t c = s[0];
	int n = c < 0x80 ? 0 : c < 0xE0 ? 1 : c < 0xF0 ? 2 : 3;

	c &= n == 0 ? 0x7F : n == 1 ? 0x1F : n == 2 ? 0x0F : 0x07;
	for (int i = 1; i <= n; i++)
		c = (c << 6) | (s[i] & 0x3F);
	*p += n + 1;
	return c;
}

static int unsupported(struct parser *ps)
{
	ps->failed = 1;
	return -1;
}

/* A single-character escape after '\' (the '\' consumed): its character,
 * or -1 for \s (SPACE set), or -2 when outside the subset. */
static int32_t escape(struct parser *ps, int *space)
{
	char c = *ps->p++;

	*space = 0;
	switch (c) {
	case 'n': return '\n';
	case 'r': return '\r';
	case 't': return '\t';
	case 's': *space = 1; return -1;
	case '\\': case '|': case '.': case '-': case '^': case '?': case '*': case '+':
	case '{': case '}': case '(': case ')': case '[': case ']':
		return (unsigned char)c;
	default:
		return -2; /* \d \w \i \c \p{..} \S ...: left to libxml2 */
	}
}

static struct set *new_set(struct parser *ps)
{
	if (ps->re->nsets == MAX_ITEMS)
		return unsupported(ps), NULL;
	return memset(&ps->re->sets[ps->re->nsets++], 0, sizeof(struct set));
}

static int add_range(struct parser *ps, struct set *s, uint32_t lo, uint32_t hi)
{
	if (s->nranges == MAX_RANGES || lo > hi)
		return unsupported(ps);
	s->ranges[s->nranges++] = (struct range){ lo, hi };
	return 0;
}

/* One character of a class, escapes included: 0, or -1. */
static int class_char(struct parser *ps, uint32_t *c, int *space)
{
	*space = 0;
	if (*ps->p == '\0' || *ps->p == '[')
		return unsupported(ps); /* unterminated, or class subtraction */
	if (*ps->p == '\\') {
		int32_t e;
		ps->p++;
		e = escape(ps, space);
		if (e == -2)
			return unsupported(ps);
		*c = (uint32_t)e;
		return 0;
	}
	*c = next_char(&ps->p);
	return 0;
}

/* [...] after the '['. */
static const struct set *class(struct parser *ps)
{
	struct set *s = new_set(ps);

	if (s == NULL)
		return NULL;
	if (*ps->p == '^')
		s->negated = 1, ps->p++;
	do {
		uint32_t lo, hi;
		int space;
		if (class_char(ps, &lo, &space) != 0)
			return NULL;
		if (space) {
			s->space = 1;
			continue;
		}
		hi = lo;
		if (ps->p[0] == '-' && ps->p[1] != ']') {
			ps->p++;
			if (class_char(ps, &hi, &space) != 0 || space)
				return unsupported(ps), NULL;
		} else if (ps->p[0] == '-') {
			return unsupported(ps), NULL; /* a '-' last: rare, left out */
		}
		if (add_range(ps, s, lo, hi) != 0)
			return NULL;
	} while (*ps->p != ']');
	ps->p++;
	return s;
}

static int number(struct parser *ps, uint32_t *out)
{
	uint32_t n = 0;

	if (*ps->p < '0' || *ps->p > '9')
		return unsupported(ps);
	while (*ps->p >= '0' && *ps->p <= '9' && n < 100000)
		n = n * 10 + (uint32_t)(*ps->p++ - '0');
	*out = n;
	return n < 100000 ? 0 : unsupported(ps);
}

/* An optional quantifier into ITEM. */
static int quantifier(struct parser *ps, struct item *item)
{
	item->min = item->max = 1;
	switch (*ps->p) {
	case '?': ps->p++; item->min = 0; return 0;
	case '*': ps->p++; item->min = 0; item->max = UINT32_MAX; return 0;
	case '+': ps->p++; item->max = UINT32_MAX; return 0;
	case '{': break;
	default: return 0;
	}
	ps->p++;
	if (number(ps, &item->min) != 0)
		return -1;
	item->max = item->min;
	if (*ps->p == ',') {
		ps->p++;
		item->max = UINT32_MAX;
		if (*ps->p != '}' && number(ps, &item->max) != 0)
			return -1;
	}
	if (*ps->p != '}' || item->max < item->min)
		return unsupported(ps);
	ps->p++;
	return 0;
}

static int alternatives(struct parser *ps, struct item *group);

/* One atom into ITEM. */
static int atom(struct parser *ps, struct item *item)
{
	char c = *ps->p;
	struct set *s;
	int space;

	memset(item, 0, sizeof *item);
	if (c == '(') {
		ps->p++;
		if (alternatives(ps, item) != 0 || *ps->p != ')')
			return unsupported(ps);
		ps->p++;
		if (strchr("?*+{", *ps->p) != NULL && *ps->p != '\0')
			return unsupported(ps); /* quantified groups: left to libxml2 */
		item->min = item->max = 1;
		return 0;
	}
	if (c == '[') {
		ps->p++;
		item->set = class(ps);
		return item->set ? quantifier(ps, item) : -1;
	}
	if (strchr("?*+{}])^$", c) != NULL)
		return unsupported(ps); /* metacharacters ('^' '$' are literal in XSD:
		                           not worth the doubt) */
	s = new_set(ps);
	if (s == NULL)
		return -1;
	if (c == '.') {
		ps->p++;
		s->negated = 1;
		if (add_range(ps, s, '\n', '\n') != 0 || add_range(ps, s, '\r', '\r') != 0)
			return -1;
	} else if (c == '\\') {
		int32_t e;
		ps->p++;
		e = escape(ps, &space);
		if (e == -2)
			return unsupported(ps);
		s->space = space;
		if (!space && add_range(ps, s, (uint32_t)e, (uint32_t)e) != 0)
			return -1;
	} else {
		uint32_t ch = next_char(&ps->p);
		if (add_range(ps, s, ch, ch) != 0)
			return -1;
	}
	item->set = s;
	return quantifier(ps, item);
}

/* A branch: atoms up to '|', ')' or the end, stored as consecutive items. */
static int branch(struct parser *ps, struct seq *seq)
{
	struct item buf[MAX_ITEMS];
	int n = 0;

	while (*ps->p != '\0' && *ps->p != '|' && *ps->p != ')') {
		if (n == MAX_ITEMS || atom(ps, &buf[n]) != 0)
			return unsupported(ps);
		n++;
	}
	if (ps->re->nitems + n > MAX_ITEMS)
		return unsupported(ps);
	memcpy(&ps->re->items[ps->re->nitems], buf, (size_t)n * sizeof *buf);
	seq->items = &ps->re->items[ps->re->nitems];
	seq->n = n;
	ps->re->nitems += n;
	return 0;
}

/* Branches separated by '|' into GROUP (consecutive seqs). */
static int alternatives(struct parser *ps, struct item *group)
{
	struct seq buf[MAX_ITEMS];
	int n = 0;

	for (;;) {
		if (n == MAX_ITEMS || branch(ps, &buf[n]) != 0)
			return unsupported(ps);
		n++;
		if (*ps->p != '|')
			break;
		ps->p++;
	}
	if (ps->re->nseqs + n > MAX_ITEMS)
		return unsupported(ps);
	memcpy(&ps->re->seqs[ps->re->nseqs], buf, (size_t)n * sizeof *buf);
	group->alts = &ps->re->seqs[ps->re->nseqs];
	group->nalts = n;
	ps->re->nseqs += n;
	return 0;
}

static int in_set(const struct set *s, uint32_t c);

/* Fills every class's ASCII bits from its ranges. */
static void tabulate_ascii(struct sne_xsdregex *re)
{
	for (int i = 0; i < re->nsets; i++) {
		struct set *s = &re->sets[i];
		s->ascii[0] = s->ascii[1] = 0;
		for (uint32_t c = 0; c < 128; c++)
			if (in_set(s, c))
				s->ascii[c >> 6] |= (uint64_t)1 << (c & 63);
	}
}

struct sne_xsdregex *sne_xsdregex_compile(const char *pattern)
{
	struct sne_xsdregex *re = calloc(1, sizeof *re);
	struct parser ps = { re, pattern, 0 };

	if (re == NULL)
		abort();
	if (alternatives(&ps, &re->top_group) != 0 || ps.failed || *ps.p != '\0') {
		free(re);
		return NULL;
	}
	re->top_group.min = re->top_group.max = 1;
	re->top.items = &re->top_group;
	re->top.n = 1;
	tabulate_ascii(re);
	return re;
}

void sne_xsdregex_free(struct sne_xsdregex *re)
{
	free(re);
}

/* ------------------------------------------------------------------ */
/* matching: backtracking, the whole value */

static int in_set(const struct set *s, uint32_t c)
{
	int in = s->space && (c == ' ' || c == '\t' || c == '\n' || c == '\r');

	for (int i = 0; i < s->nranges && !in; i++)
		in = c >= s->ranges[i].lo && c <= s->ranges[i].hi;
	return in != s->negated;
}

/* What is left to match after a sequence ends: the rest of the enclosing
 * sequences. */
struct rest {
	const struct seq *seq;
	int index;
	const struct rest *next;
};

struct subject {
	const char *text;
	size_t len;
	long steps_left;
};

static int match_seq(const struct subject *s, const struct seq *seq, int index, size_t pos,
                     const struct rest *rest);

/* The start of the character before POS. */
static size_t previous_char(const struct subject *s, size_t pos)
{
	do
		pos--;
	while (pos > 0 && ((unsigned char)s->text[pos] & 0xC0) == 0x80);
	return pos;
}

static int match_set(const struct subject *s, const struct seq *seq, int index, size_t pos,
                     const struct rest *rest)
{
	const struct item *item = &seq->items[index];
	size_t end = pos;
	uint32_t count = 0;

	/* greedy: as many as allowed, then give back one at a time */
	while (count < item->max && end < s->len) {
		unsigned char byte = (unsigned char)s->text[end];
		if (byte < 0x80) {
			if (!((item->set->ascii[byte >> 6] >> (byte & 63)) & 1))
				break;
			end++;
		} else {
			const char *p = s->text + end;
			if (!in_set(item->set, next_char(&p)))
				break;
			end = (size_t)(p - s->text);
		}
		count++;
	}
	for (;;) {
		if (count < item->min)
			return 0;
		if (match_seq(s, seq, index + 1, end, rest))
			return 1;
		if (count == 0)
			return 0;
		end = previous_char(s, end);
		count--;
	}
}

static int match_seq(const struct subject *s, const struct seq *seq, int index, size_t pos,
                     const struct rest *rest)
{
	const struct item *item;

	if (--((struct subject *)s)->steps_left < 0)
		return 0;
	if (index == seq->n)
		return rest ? match_seq(s, rest->seq, rest->index, pos, rest->next) : pos == s->len;
	item = &seq->items[index];
	if (item->set != NULL)
		return match_set(s, seq, index, pos, rest);
	for (int i = 0; i < item->nalts; i++) {
		struct rest after = { seq, index + 1, rest };
		if (match_seq(s, &item->alts[i], 0, pos, &after))
			return 1;
	}
	return 0;
}

int sne_xsdregex_match(const struct sne_xsdregex *re, const char *text, size_t len)
{
	struct subject s = { text, len, MAX_STEPS };
	int matched;

	if (len > MAX_VALUE)
		return -1;
	matched = match_seq(&s, &re->top, 0, 0, NULL);
	return s.steps_left < 0 ? -1 : matched;
}
