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
#define MAX_POSITIONS 63       /* classes of the pattern, repetitions
                                  counted: more, and no automaton */
#define MAX_STATES 64          /* of the automaton: more, and none */
#define DEAD 0xFF              /* no match possible any more */

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

/* The pattern as a deterministic automaton over ASCII bytes, built from
 * its Glushkov automaton (one position per class occurrence, a counted
 * repetition spelled out): one table lookup a byte.  A value with a byte
 * outside ASCII goes to the backtracking matcher. */
struct dfa {
	uint8_t next[MAX_STATES][128];     /* state 0 is the start; DEAD */
	uint8_t accepting[MAX_STATES];
};

struct sne_xsdregex {
	struct dfa *dfa;       /* NULL: too many positions or states */
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

/* ------------------------------------------------------------------ */
/* the automaton */

/* Positions as bits; bit START stands for "nothing read yet". */
#define START ((uint64_t)1 << MAX_POSITIONS)

struct glushkov {
	const struct set *sets[MAX_POSITIONS];   /* the class of each position */
	uint64_t follow[MAX_POSITIONS + 1];      /* may come next; [63]: first */
	int npositions;
	int failed;
};

/* A piece of the pattern: the positions it can begin and end with, and
 * whether it can match nothing. */
struct fragment {
	uint64_t first, last;
	int nullable;
};

static const struct fragment empty_fragment = { 0, 0, 1 };

static struct fragment concat(struct glushkov *g, struct fragment a, struct fragment b)
{
	for (int p = 0; p < g->npositions; p++)
		if ((a.last >> p) & 1)
			g->follow[p] |= b.first;
	return (struct fragment){ a.first | (a.nullable ? b.first : 0),
		                  b.last | (b.nullable ? a.last : 0), a.nullable && b.nullable };
}

static struct fragment position(struct glushkov *g, const struct set *set)
{
	int p = g->npositions;

	if (p == MAX_POSITIONS) {
		g->failed = 1;
		return empty_fragment;
	}
	g->sets[p] = set;
	g->npositions++;
	return (struct fragment){ (uint64_t)1 << p, (uint64_t)1 << p, 0 };
}

static struct fragment seq_fragment(struct glushkov *g, const struct seq *seq);

/* A class quantified {min,max}: min positions, then max - min optional
 * ones, or one that repeats when max is unbounded. */
static struct fragment set_fragment(struct glushkov *g, const struct item *item)
{
	struct fragment f = empty_fragment, one;
	uint32_t optional = item->max == UINT32_MAX ? 1 : item->max - item->min;

	if (item->min > MAX_POSITIONS || optional > MAX_POSITIONS) {
		g->failed = 1;
		return f;
	}
	for (uint32_t i = 0; i < item->min && !g->failed; i++)
		f = concat(g, f, position(g, item->set));
	for (uint32_t i = 0; i < optional && !g->failed; i++) {
		one = position(g, item->set);
		if (item->max == UINT32_MAX && !g->failed)
			g->follow[g->npositions - 1] |= one.first;
		one.nullable = 1;
		f = concat(g, f, one);
	}
	return f;
}

static struct fragment item_fragment(struct glushkov *g, const struct item *item)
{
	struct fragment f = { 0, 0, 0 };

	if (item->set != NULL)
		return set_fragment(g, item);
	for (int i = 0; i < item->nalts; i++) {
		struct fragment alt = seq_fragment(g, &item->alts[i]);
		f.first |= alt.first;
		f.last |= alt.last;
		f.nullable |= alt.nullable;
	}
	return f;
}

static struct fragment seq_fragment(struct glushkov *g, const struct seq *seq)
{
	struct fragment f = empty_fragment;

	for (int i = 0; i < seq->n && !g->failed; i++)
		f = concat(g, f, item_fragment(g, &seq->items[i]));
	return f;
}

/* The positions that may come after those of STATE. */
static uint64_t successors(const struct glushkov *g, uint64_t state)
{
	uint64_t next = 0;

	for (int p = 0; p <= MAX_POSITIONS; p++)
		if ((state >> p) & 1)
			next |= g->follow[p];
	return next;
}

/* For each ASCII byte, the positions whose class holds it. */
static void positions_of_bytes(const struct glushkov *g, uint64_t holding[128])
{
	for (unsigned c = 0; c < 128; c++) {
		holding[c] = 0;
		for (int p = 0; p < g->npositions; p++)
			if ((g->sets[p]->ascii[c >> 6] >> (c & 63)) & 1)
				holding[c] |= (uint64_t)1 << p;
	}
}

/* The id of STATE among the KNOWN ones, added when new; -1 past
 * MAX_STATES. */
static int state_id(uint64_t *known, int *nknown, uint64_t state)
{
	for (int i = 0; i < *nknown; i++)
		if (known[i] == state)
			return i;
	if (*nknown == MAX_STATES)
		return -1;
	known[*nknown] = state;
	return (*nknown)++;
}

/* The subset construction, every state reachable by ASCII bytes. */
static struct dfa *build_dfa(const struct sne_xsdregex *re)
{
	struct glushkov g = { .npositions = 0 };
	struct fragment whole = seq_fragment(&g, &re->top);
	uint64_t known[MAX_STATES], holding[128];
	int nknown = 1;
	struct dfa *dfa;

	if (g.failed)
		return NULL;
	g.follow[MAX_POSITIONS] = whole.first;
	positions_of_bytes(&g, holding);
	known[0] = START;
	dfa = calloc(1, sizeof *dfa);
	if (dfa == NULL)
		abort();
	for (int s = 0; s < nknown; s++) {
		uint64_t next = successors(&g, known[s]);
		dfa->accepting[s] = (known[s] & whole.last) != 0 ||
		                    ((known[s] & START) && whole.nullable);
		for (unsigned c = 0; c < 128; c++) {
			uint64_t reached = next & holding[c];
			int id = reached ? state_id(known, &nknown, reached) : DEAD;
			if (id < 0) {
				free(dfa);
				return NULL;
			}
			dfa->next[s][c] = (uint8_t)id;
		}
	}
	return dfa;
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
	re->dfa = build_dfa(re);
	return re;
}

void sne_xsdregex_free(struct sne_xsdregex *re)
{
	if (re != NULL)
		free(re->dfa);
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

/* 1 or 0, or -1 when TEXT has a byte outside ASCII. */
static int dfa_match(const struct dfa *dfa, const char *text, size_t len)
{
	unsigned state = 0;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];
		if (c >= 128)
			return -1;
		state = dfa->next[state][c];
		if (state == DEAD)
			return 0;
	}
	return dfa->accepting[state];
}

int sne_xsdregex_match(const struct sne_xsdregex *re, const char *text, size_t len)
{
	struct subject s = { text, len, MAX_STEPS };
	int matched;

	if (len > MAX_VALUE)
		return -1;
	if (re->dfa != NULL && (matched = dfa_match(re->dfa, text, len)) >= 0)
		return matched;
	matched = match_seq(&s, &re->top, 0, 0, NULL);
	return s.steps_left < 0 ? -1 : matched;
}
