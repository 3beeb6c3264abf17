/* The suivi element edited in place: the stream listed its children's
 * spans in the pass that read the record (SNE_SUIVI_FIELD), the program's
 * edits are kept on a small model of those children, and storing splices
 * them into the suivi's bytes.  Nothing is parsed a second time and no
 * tree is built: a changed record costs about what an untouched one does.
 * New elements are written the way the contract orders and indents them. */
#include "sne/suivi.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "sne/copy.h"
#include "sne/err.h"
#include "sne/xmltext.h"

/* An attribute of an element read from the record (parsed from its start
 * tag when first asked for), or added by the program. */
struct attr {
	char *name;
	char *value;           /* decoded; NULL once removed */
	int original;          /* in the start tag as read */
	int changed;           /* original, and set or removed since */
	size_t blank_start;    /* original: the blanks before its name */
	struct sne_span span;  /* original: name="value", quotes included */
};

struct sne_suivi_node {
	struct sne_suivi *suivi;
	const char *name;      /* local name: borrowed from the stream, or copied */
	int in_suivi_ns;       /* only those are found, and ranked */
	int original;          /* read from the record, else new */
	int removed;
	/* original: where it lies in the record */
	struct sne_span element, content;
	int self_closing;
	size_t name_end;       /* the end of its qualified name in the start tag */
	/* the prefix of its name (new elements take their parent's) */
	const char *prefix;
	size_t prefix_len;
	int attrs_read;
	struct attr *attrs;
	size_t nattrs, attrs_cap;
	char *text;            /* text set by the program, or NULL */
	/* the root: all its element children, in order; another original
	 * element: the new ones appended to it; a new one: all of them */
	struct sne_suivi_node **children;
	size_t nchildren, children_cap;
};

/* One change of the suivi's bytes: [start, end) becomes LEN bytes of out
 * at TEXT.  Inserts (start == end) go before a replacement at the same
 * offset; otherwise in the order made. */
struct splice {
	size_t start, end, text, len, seq;
};

/* The memory of a suivi: bump allocation in chunks, released at once. */
struct chunk {
	struct chunk *prev;
	size_t used, cap;
	max_align_t data[];
};

struct sne_suivi {
	struct chunk *chunk;   /* the model's memory: nodes, names, values */
	struct sne_record *record;
	int from_record;       /* read from the record (else new) */
	struct sne_span span;  /* its bytes in the record, when from_record */
	struct sne_suivi_node root;
	struct sne_suivi_node *originals;  /* the root's children as read */
	char *out;             /* written text: splices, or the new suivi */
	size_t out_len, out_cap;
	struct splice *splices;
	size_t nsplices, splices_cap;
	char unit[64];         /* one level of indentation, once known */
};

/* The contract's order of suivi children; unknown ones rank last. */
static const char *const child_order[] = {
	"etat", "origine", "modification", "renouvellement", "radiation",
	"invalidation", "avertissement", "envoi", "historique",
};

static int rank_of(const char *name)
{
	size_t n = sizeof child_order / sizeof child_order[0];

	for (size_t i = 0; i < n; i++)
		if (strcmp(name, child_order[i]) == 0)
			return (int)i;
	return (int)n;
}

/* SIZE zeroed bytes that live until sne_suivi_free(). */
static void *arena_alloc(struct sne_suivi *s, size_t size)
{
	struct chunk *c = s->chunk;
	void *p;

	size = (size + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
	if (c == NULL || c->used + size > c->cap) {
		size_t cap = size > 4096 ? size : 4096;
		struct chunk *fresh = malloc(sizeof *fresh + cap);
		if (fresh == NULL)
			abort();
		fresh->prev = c;
		fresh->used = 0;
		fresh->cap = cap;
		s->chunk = c = fresh;
	}
	p = (char *)c->data + c->used;
	c->used += size;
	memset(p, 0, size);
	return p;
}

static char *arena_strndup(struct sne_suivi *s, const char *text, size_t len)
{
	char *copy = arena_alloc(s, len + 1);

	memcpy(copy, text, len);
	return copy;
}

static char *arena_strdup(struct sne_suivi *s, const char *text)
{
	return arena_strndup(s, text, strlen(text));
}

/* OLD (OLD_SIZE bytes, or NULL) grown to NEW_SIZE. */
static void *arena_grow(struct sne_suivi *s, void *old, size_t old_size, size_t new_size)
{
	void *p = arena_alloc(s, new_size);

	if (old != NULL)
		memcpy(p, old, old_size);
	return p;
}

static int is_name_end(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '/' || c == '>';
}

/* ------------------------------------------------------------------ */
/* the model: the root, its children, new elements */

static void children_add(struct sne_suivi_node *parent, size_t at, struct sne_suivi_node *node)
{
	if (parent->nchildren == parent->children_cap) {
		size_t cap = parent->children_cap ? 2 * parent->children_cap : 16;
		parent->children = arena_grow(parent->suivi, parent->children,
		                              parent->nchildren * sizeof *parent->children,
		                              cap * sizeof *parent->children);
		parent->children_cap = cap;
	}
	memmove(parent->children + at + 1, parent->children + at,
	        (parent->nchildren - at) * sizeof *parent->children);
	parent->children[at] = node;
	parent->nchildren++;
}

/* Where the qualified name of the element starting at START ends, and its
 * prefix. */
static void read_name(struct sne_suivi_node *node, const char *bytes, size_t start)
{
	size_t i = start + 1;
	const char *colon = NULL;

	while (!is_name_end(bytes[i])) {
		if (bytes[i] == ':')
			colon = bytes + i;
		i++;
	}
	node->name_end = i;
	node->prefix = bytes + start + 1;
	node->prefix_len = colon ? (size_t)(colon - node->prefix) : 0;
}

static void original_child(struct sne_suivi *s, struct sne_suivi_node *node,
                           const struct sne_child *child, const char *bytes)
{
	node->suivi = s;
	node->name = child->local;
	node->in_suivi_ns = child->uri != NULL && strcmp(child->uri, SNE_NS_SUIVI) == 0;
	node->original = 1;
	node->element = child->element;
	node->content = child->content;
	node->self_closing = child->self_closing;
	read_name(node, bytes, child->element.start);
}

/* The last suivi freed, for the next: its first chunk and buffers are
 * reused (one per thread, one suivi at a time). */
static _Thread_local struct sne_suivi *spare;

static struct sne_suivi *suivi_new_empty(void)
{
	struct sne_suivi *s = spare != NULL ? spare : calloc(1, sizeof *s);
	struct sne_suivi kept;

	if (s == NULL)
		abort();
	spare = NULL;
	kept = *s;
	memset(s, 0, sizeof *s);
	s->chunk = kept.chunk;
	s->out = kept.out;
	s->out_cap = kept.out_cap;
	s->splices = kept.splices;
	s->splices_cap = kept.splices_cap;

	s->root.suivi = s;
	s->root.name = "suivi";
	s->root.in_suivi_ns = 1;
	s->root.prefix = "s";
	s->root.prefix_len = 1;
	s->root.attrs_read = 1;
	return s;
}

/* The suivi of RECORD as the stream saw it: VALUE and its CHILDREN. */
static struct sne_suivi *suivi_from_record(struct sne_record *record,
                                           const struct sne_value *value,
                                           const struct sne_child *children, size_t n)
{
	struct sne_suivi *s = suivi_new_empty();
	size_t len;
	const char *bytes = sne_record_bytes(record, &len);

	s->from_record = 1;
	s->record = record;
	s->span = value->element;
	sne_record_note_suivi(record, value->element);
	s->root.original = 1;
	s->root.element = value->element;
	s->root.content = value->content;
	s->root.self_closing = value->self_closing;
	read_name(&s->root, bytes, value->element.start);
	s->originals = n > 0 ? arena_alloc(s, n * sizeof *s->originals) : NULL;
	for (size_t i = 0; i < n; i++) {
		original_child(s, &s->originals[i], &children[i], bytes);
		children_add(&s->root, i, &s->originals[i]);
	}
	return s;
}

struct sne_suivi *sne_suivi_load(struct sne_record *record, size_t suivi_field)
{
	const struct sne_value *v = sne_record_value(record, suivi_field, 0);
	const struct sne_child *children;
	size_t n;

	if (sne_record_children(record, suivi_field, 0, &children, &n) != 0) {
		sne_warn("champ suivi déclaré sans « ... » (erreur interne : SNE_SUIVI_FIELD)");
		abort();
	}
	if (v == NULL) {
		struct sne_suivi *s = suivi_new_empty();
		s->record = record;
		return s;
	}
	if (sne_record_count(record, suivi_field) > 1) {
		sne_warn_at(sne_record_source(record), sne_record_value(record, suivi_field, 1)->line,
		            NULL, "demande n°%zu : %zu éléments suivi ; une demande n'en a qu'un, "
		            "corrigez-la (sne-validate --check)", sne_record_rank(record),
		            sne_record_count(record, suivi_field));
		return NULL;
	}
	return suivi_from_record(record, v, children, n);
}

static void chunks_free(struct chunk *c)
{
	while (c != NULL) {
		struct chunk *prev = c->prev;
		free(c);
		c = prev;
	}
}

void sne_suivi_free(struct sne_suivi *s)
{
	if (s == NULL)
		return;
	if (spare == NULL && s->chunk != NULL) {
		chunks_free(s->chunk->prev);
		s->chunk->prev = NULL;
		s->chunk->used = 0;
		spare = s;
		return;
	}
	chunks_free(s->chunk);
	free(s->out);
	free(s->splices);
	free(s);
}

sne_suivi_node *sne_suivi_find(struct sne_suivi *s, const char *name)
{
	for (size_t i = 0; i < s->root.nchildren; i++) {
		struct sne_suivi_node *c = s->root.children[i];
		if (c->in_suivi_ns && !c->removed && strcmp(c->name, name) == 0)
			return c;
	}
	return NULL;
}

static struct sne_suivi_node *new_node(struct sne_suivi_node *parent, const char *name)
{
	struct sne_suivi_node *node = arena_alloc(parent->suivi, sizeof *node);

	node->suivi = parent->suivi;
	node->name = arena_strdup(parent->suivi, name);
	node->in_suivi_ns = 1;
	node->prefix = parent->prefix;
	node->prefix_len = parent->prefix_len;
	node->attrs_read = 1;
	return node;
}

sne_suivi_node *sne_suivi_append(struct sne_suivi *s, const char *name)
{
	struct sne_suivi_node *node = new_node(&s->root, name);
	int rank = rank_of(name);
	size_t at = 0;

	while (at < s->root.nchildren) {
		struct sne_suivi_node *c = s->root.children[at];
		if (c->in_suivi_ns && !c->removed && rank_of(c->name) > rank)
			break;
		at++;
	}
	children_add(&s->root, at, node);
	return node;
}

sne_suivi_node *sne_suivi_ensure(struct sne_suivi *s, const char *name)
{
	sne_suivi_node *node = sne_suivi_find(s, name);

	return node ? node : sne_suivi_append(s, name);
}

sne_suivi_node *sne_suivi_append_child(sne_suivi_node *parent, const char *name)
{
	struct sne_suivi_node *node = new_node(parent, name);

	children_add(parent, parent->nchildren, node);
	return node;
}

void sne_suivi_remove(struct sne_suivi *s, const char *name)
{
	struct sne_suivi_node *node = sne_suivi_find(s, name);

	if (node == NULL)
		return;
	if (node->original) {
		node->removed = 1;
		return;
	}
	for (size_t i = 0; i < s->root.nchildren; i++)
		if (s->root.children[i] == node) {
			memmove(s->root.children + i, s->root.children + i + 1,
			        (s->root.nchildren - i - 1) * sizeof *s->root.children);
			s->root.nchildren--;
			break;
		}
}

void sne_suivi_set_text(struct sne_suivi *s, const char *name, const char *text)
{
	struct sne_suivi_node *node = sne_suivi_ensure(s, name);

	node->text = arena_strdup(s, text);
}

/* ------------------------------------------------------------------ */
/* attributes */

static struct attr *attr_add(struct sne_suivi_node *node, const char *name, size_t name_len)
{
	struct attr *a;

	if (node->nattrs == node->attrs_cap) {
		size_t cap = node->attrs_cap ? 2 * node->attrs_cap : 8;
		node->attrs = arena_grow(node->suivi, node->attrs, node->nattrs * sizeof *node->attrs,
		                         cap * sizeof *node->attrs);
		node->attrs_cap = cap;
	}
	a = &node->attrs[node->nattrs++];
	memset(a, 0, sizeof *a);
	a->name = arena_strndup(node->suivi, name, name_len);
	return a;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The attributes of an original element, from its start tag (well-formed:
 * the stream checked it), namespace declarations left out. */
static void attrs_read(struct sne_suivi_node *node)
{
	size_t len;
	const char *bytes = sne_record_bytes(node->suivi->record, &len);
	size_t i = node->name_end;

	node->attrs_read = 1;
	for (;;) {
		size_t blank = i, name, name_end, value;
		const char *close;
		struct attr *a;

		while (is_blank(bytes[i]))
			i++;
		if (bytes[i] == '/' || bytes[i] == '>')
			return;
		name = i;
		while (bytes[i] != '=' && !is_blank(bytes[i]))
			i++;
		name_end = i;
		while (bytes[i] != '"' && bytes[i] != '\'')
			i++;
		value = i + 1;
		close = memchr(bytes + value, bytes[i], len - value);
		i = (size_t)(close - bytes) + 1;
		if (name_end - name >= 5 && memcmp(bytes + name, "xmlns", 5) == 0 &&
		    (name_end - name == 5 || bytes[name + 5] == ':'))
			continue;
		a = attr_add(node, bytes + name, name_end - name);
		a->original = 1;
		a->blank_start = blank;
		a->span.start = name;
		a->span.end = i;
		a->value = arena_alloc(node->suivi, i - 1 - value + 1);
		sne_xml_attr_decode(bytes + value, i - 1 - value, a->value);
	}
}

static struct attr *attr_find(struct sne_suivi_node *node, const char *name)
{
	if (!node->attrs_read)
		attrs_read(node);
	for (size_t i = 0; i < node->nattrs; i++)
		if (strcmp(node->attrs[i].name, name) == 0)
			return &node->attrs[i];
	return NULL;
}

const char *sne_suivi_attr(sne_suivi_node *node, const char *name)
{
	struct attr *a = node ? attr_find(node, name) : NULL;

	return a ? a->value : NULL;
}

void sne_suivi_set_attr(sne_suivi_node *node, const char *name, const char *value)
{
	struct attr *a = attr_find(node, name);

	if (a == NULL) {
		if (value != NULL)
			attr_add(node, name, strlen(name))->value = arena_strdup(node->suivi, value);
		return;
	}
	if (a->value != NULL && value != NULL && strcmp(a->value, value) == 0)
		return; /* unchanged: its bytes stay as written */
	a->value = value ? arena_strdup(node->suivi, value) : NULL;
	a->changed = a->original;
}

/* A date and its ISO form: a run writes the same dates in every record,
 * so the last one formatted is kept (sne_date_format goes through printf). */
struct iso_cache {
	struct sne_date date;
	char iso[SNE_DATE_ISO_SIZE];
};

static const char *iso_of(struct sne_date date, struct iso_cache *cache)
{
	if (cache->iso[0] == '\0' || memcmp(&cache->date, &date, sizeof date) != 0) {
		cache->date = date;
		sne_date_format(date, cache->iso);
	}
	return cache->iso;
}

void sne_suivi_set_date(sne_suivi_node *node, const char *name, struct sne_date date)
{
	static _Thread_local struct iso_cache cache;

	sne_suivi_set_attr(node, name, iso_of(date, &cache));
}

sne_suivi_node *sne_suivi_add_evenement(struct sne_suivi *s, struct sne_date date,
                                        const char *type, const char *guichet)
{
	sne_suivi_node *historique = sne_suivi_ensure(s, "historique");
	sne_suivi_node *ev = sne_suivi_append_child(historique, "evenement");

	sne_suivi_set_date(ev, "date", date);
	sne_suivi_set_attr(ev, "type", type);
	if (guichet != NULL && *guichet)
		sne_suivi_set_attr(ev, "guichet", guichet);
	return ev;
}

void sne_suivi_touch(struct sne_suivi *s, struct sne_date date, const char *guichet)
{
	sne_suivi_node *mod = sne_suivi_ensure(s, "modification");

	sne_suivi_set_date(mod, "date", date);
	sne_suivi_set_attr(mod, "guichet", guichet && *guichet ? guichet : NULL);
}

/* ------------------------------------------------------------------ */
/* writing: our own vocabulary, indented like the record around it */

static void out_append(struct sne_suivi *s, const char *text, size_t len)
{
	if (s->out_len + len + 1 > s->out_cap) {
		s->out_cap = (s->out_len + len + 1) * 2;
		s->out = realloc(s->out, s->out_cap);
		if (s->out == NULL)
			abort();
	}
	memcpy(s->out + s->out_len, text, len);
	s->out_len += len;
	s->out[s->out_len] = '\0';
}

static void out_str(struct sne_suivi *s, const char *text)
{
	out_append(s, text, strlen(text));
}

static int out_sink(void *ctx, const char *bytes, size_t len)
{
	out_append(ctx, bytes, len);
	return 0;
}

static void out_escaped(struct sne_suivi *s, const char *text, int attribute)
{
	sne_xml_escape(text, attribute, out_sink, s);
}

static void out_qname(struct sne_suivi *s, const struct sne_suivi_node *node)
{
	if (node->prefix_len > 0) {
		out_append(s, node->prefix, node->prefix_len);
		out_str(s, ":");
	}
	out_str(s, node->name);
}

static void out_attr(struct sne_suivi *s, const char *name, const char *value)
{
	out_str(s, " ");
	out_str(s, name);
	out_str(s, "=\"");
	out_escaped(s, value, 1);
	out_str(s, "\"");
}

static void out_newline(struct sne_suivi *s, const char *indent, const char *unit, int depth)
{
	if (*indent == '\0')
		return; /* compact records stay on one line */
	out_str(s, indent);
	for (int i = 0; i < depth; i++)
		out_str(s, unit);
}

/* A new element at DEPTH below the line INDENT, as the contract writes it:
 * its children one a line, its text inline, else empty. */
static void out_new(struct sne_suivi *s, const struct sne_suivi_node *node, const char *indent,
                    const char *unit, int depth)
{
	out_str(s, "<");
	out_qname(s, node);
	if (node == &s->root)
		out_str(s, " xmlns:s=\"" SNE_NS_SUIVI "\"");
	for (size_t i = 0; i < node->nattrs; i++)
		if (node->attrs[i].value != NULL)
			out_attr(s, node->attrs[i].name, node->attrs[i].value);
	if (node->nchildren > 0) {
		out_str(s, ">");
		for (size_t i = 0; i < node->nchildren; i++) {
			out_newline(s, indent, unit, depth + 1);
			out_new(s, node->children[i], indent, unit, depth + 1);
		}
		out_newline(s, indent, unit, depth);
	} else if (node->text != NULL && node->text[0] != '\0') {
		out_str(s, ">");
		out_escaped(s, node->text, 0);
	} else {
		out_str(s, "/>");
		return;
	}
	out_str(s, "</");
	out_qname(s, node);
	out_str(s, ">");
}

/* Indentation of the first child element of the record, e.g. "\n        ". */
static const char *child_indent(struct sne_record *record)
{
	size_t len;
	const char *bytes = sne_record_bytes(record, &len);
	struct sne_span content = sne_record_content(record);
	size_t i = content.start;

	while (i < content.end && bytes[i] != '<')
		i++;
	return sne_record_indent_at(record, i);
}

/* The indentation step: the child's indentation minus the record's. */
static void indent_unit(const char *record_indent, const char *child, char *unit, size_t size)
{
	size_t r = strlen(record_indent), c = strlen(child);

	if (c > r && strncmp(record_indent, child, r) == 0)
		sne_copy_cut(unit, size, child + r);
	else
		sne_copy_cut(unit, size, "    ");
}

/* Where a new suivi goes: after the last child, before the blanks that
 * precede the record's end tag. */
static size_t insertion_point(struct sne_record *record)
{
	size_t len;
	const char *bytes = sne_record_bytes(record, &len);
	struct sne_span content = sne_record_content(record);
	size_t i = content.end;

	while (i > content.start && strchr(" \t\r\n", bytes[i - 1]))
		i--;
	return i;
}

/* A record written <demande/>: its "/>" becomes ">suivi</demande>". */
static void store_in_empty_record(struct sne_suivi *s, struct sne_record *record)
{
	size_t len, name_len;
	const char *bytes = sne_record_bytes(record, &len);
	struct sne_span close = { len - 2, len };

	name_len = strcspn(bytes + 1, " \t\r\n/>");
	out_str(s, "</");
	out_append(s, bytes + 1, name_len);
	out_str(s, ">");
	sne_record_replace(record, close, ">", 1);
	sne_record_insert(record, len, s->out, s->out_len);
}

/* How the record is laid out: the indentation of the suivi element, the
 * step of one level, and whether the record is written on one line. */
struct layout {
	char indent[128];
	char unit[64];
	int compact;
};

static void layout_of(struct sne_record *record, const struct sne_suivi *s, struct layout *l)
{
	char record_indent[128];
	size_t len;
	const char *bytes = sne_record_bytes(record, &len);

	l->compact = memchr(bytes, '\n', len) == NULL;
	sne_copy_cut(record_indent, sizeof record_indent, sne_record_indent_at(record, 0));
	/* a record of a CRLF file gets CRLF line ends: the indentation starts
	 * at the line feed, the carriage return goes before it */
	l->indent[0] = memmem(bytes, len, "\r\n", 2) != NULL ? '\r' : '\0';
	sne_copy_cut(l->indent + (l->indent[0] != '\0'), sizeof l->indent - 1,
	         s->from_record ? sne_record_indent_at(record, s->span.start) : child_indent(record));
	indent_unit(record_indent, l->indent + (l->indent[0] == '\r'), l->unit, sizeof l->unit);
	if (l->compact)
		l->indent[0] = '\0';
}

/* Inserts the new suivi written (s->out) into the record. */
static void splice(struct sne_suivi *s, struct sne_record *record)
{
	size_t len;
	const char *bytes = sne_record_bytes(record, &len);

	if (len >= 2 && bytes[len - 2] == '/')
		store_in_empty_record(s, record);
	else
		sne_record_insert(record, insertion_point(record), s->out, s->out_len);
}


/* ------------------------------------------------------------------ */
/* the splices of a suivi read from the record */

static void splice_add(struct sne_suivi *s, size_t start, size_t end, size_t text)
{
	struct splice *sp;

	if (s->nsplices == s->splices_cap) {
		s->splices_cap = s->splices_cap ? 2 * s->splices_cap : 16;
		s->splices = realloc(s->splices, s->splices_cap * sizeof *s->splices);
		if (s->splices == NULL)
			abort();
	}
	sp = &s->splices[s->nsplices];
	sp->start = start;
	sp->end = end;
	sp->text = text;
	sp->len = s->out_len - text;
	sp->seq = s->nsplices++;
}

static int splice_cmp(const void *a, const void *b)
{
	const struct splice *x = a, *y = b;
	int x_insert = x->start == x->end, y_insert = y->start == y->end;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x_insert != y_insert)
		return x_insert ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static const char *record_bytes(const struct sne_suivi *s)
{
	size_t len;

	return sne_record_bytes(s->record, &len);
}

/* The line break and indentation that precede offset AT: the blanks before
 * it from their last line feed (with the carriage return before it), or ""
 * when they hold no line break (a record on one line). */
static void line_indent(const struct sne_suivi *s, size_t at, char *buf, size_t size)
{
	const char *bytes = record_bytes(s);
	size_t i = at, n;
	const char *lf;

	while (i > 0 && is_blank(bytes[i - 1]))
		i--;
	lf = memrchr(bytes + i, '\n', at - i);
	buf[0] = '\0';
	if (lf == NULL)
		return;
	i = (size_t)(lf - bytes);
	if (i > 0 && bytes[i - 1] == '\r')
		i--;
	n = at - i < size - 1 ? at - i : size - 1;
	memcpy(buf, bytes + i, n);
	buf[n] = '\0';
}

/* One level of indentation, as layout_of() finds it. */
static const char *unit_of(struct sne_suivi *s)
{
	char record_indent[128], child[128];

	if (s->unit[0] == '\0') {
		sne_copy_cut(record_indent, sizeof record_indent, sne_record_indent_at(s->record, 0));
		sne_copy_cut(child, sizeof child, child_indent(s->record));
		indent_unit(record_indent, child, s->unit, sizeof s->unit);
	}
	return s->unit;
}

/* INNER: one level below the line OUTER, or "" on one line. */
static void indent_below(struct sne_suivi *s, const char *outer, char *inner, size_t size)
{
	inner[0] = '\0';
	if (outer[0] != '\0') {
		sne_copy_cut(inner, size, outer);
		sne_copy_cut(inner + strlen(inner), size - strlen(inner), unit_of(s));
	}
}

/* The attributes changed, removed and added on original element NODE. */
static void splice_attrs(struct sne_suivi *s, struct sne_suivi_node *node)
{
	size_t insert_at = node->name_end, text;

	if (!node->attrs_read)
		return;
	for (size_t i = 0; i < node->nattrs; i++) {
		struct attr *a = &node->attrs[i];
		if (!a->original)
			continue;
		insert_at = a->span.end;
		if (!a->changed)
			continue;
		text = s->out_len;
		if (a->value == NULL) {
			splice_add(s, a->blank_start, a->span.end, text);
		} else {
			out_attr(s, a->name, a->value);
			splice_add(s, a->span.start, a->span.end, text + 1); /* its blank stays */
		}
	}
	text = s->out_len;
	for (size_t i = 0; i < node->nattrs; i++)
		if (!node->attrs[i].original && node->attrs[i].value != NULL)
			out_attr(s, node->attrs[i].name, node->attrs[i].value);
	if (s->out_len > text)
		splice_add(s, insert_at, insert_at, text);
}

/* The text set on original element NODE: written <x/> when empty, as a
 * new element would be; left alone when it reads the same. */
static void splice_text(struct sne_suivi *s, struct sne_suivi_node *node)
{
	const char *bytes = record_bytes(s);
	size_t text = s->out_len;

	if (node->self_closing) {
		if (node->text[0] == '\0')
			return;
		out_str(s, ">");
		out_escaped(s, node->text, 0);
		out_str(s, "</");
		out_qname(s, node);
		out_str(s, ">");
		splice_add(s, node->element.end - 2, node->element.end, text);
	} else if (node->text[0] == '\0') {
		out_str(s, "/>");
		splice_add(s, node->content.start - 1, node->element.end, text);
	} else {
		out_escaped(s, node->text, 0);
		if (s->out_len - text == node->content.end - node->content.start &&
		    memcmp(s->out + text, bytes + node->content.start, s->out_len - text) == 0)
			s->out_len = text;
		else
			splice_add(s, node->content.start, node->content.end, text);
	}
}

/* New elements NODES[0..N) appended at the end of original element
 * PARENT's content, a line each, indented as its first child is (or one
 * level below it when it has none). */
static void splice_children(struct sne_suivi *s, struct sne_suivi_node *parent,
                            struct sne_suivi_node *const *nodes, size_t n)
{
	const char *bytes = record_bytes(s);
	char outer[128], inner[192];
	size_t lead = parent->content.start, at, text = s->out_len;

	while (lead < parent->content.end && is_blank(bytes[lead]))
		lead++;
	if (!parent->self_closing && lead < parent->content.end) {
		line_indent(s, lead, inner, sizeof inner);
		at = parent->content.end;
		while (at > lead && is_blank(bytes[at - 1]))
			at--;
		for (size_t i = 0; i < n; i++) {
			out_str(s, inner);
			out_new(s, nodes[i], inner, unit_of(s), 0);
		}
		splice_add(s, at, at, text);
		return;
	}
	line_indent(s, parent->element.start, outer, sizeof outer);
	indent_below(s, outer, inner, sizeof inner);
	if (parent->self_closing)
		out_str(s, ">");
	for (size_t i = 0; i < n; i++) {
		out_str(s, inner);
		out_new(s, nodes[i], inner, unit_of(s), 0);
	}
	out_str(s, outer);
	if (parent->self_closing) {
		out_str(s, "</");
		out_qname(s, parent);
		out_str(s, ">");
		splice_add(s, parent->element.end - 2, parent->element.end, text);
	} else {
		splice_add(s, parent->content.start, parent->content.end, text);
	}
}

/* Original child NODE of the suivi: removed (with the blanks before it),
 * or its attributes, text and new children. */
static void splice_original(struct sne_suivi *s, struct sne_suivi_node *node)
{
	const char *bytes = record_bytes(s);

	if (node->removed) {
		size_t start = node->element.start;
		while (is_blank(bytes[start - 1]))
			start--;
		splice_add(s, start, node->element.end, s->out_len);
		return;
	}
	splice_attrs(s, node);
	if (node->text != NULL)
		splice_text(s, node);
	if (node->nchildren > 0)
		splice_children(s, node, node->children, node->nchildren);
}

/* The original child of the suivi kept after (STEP 1) or before (STEP -1)
 * position I, or NULL. */
static struct sne_suivi_node *kept_original(struct sne_suivi *s, size_t i, int step)
{
	for (size_t j = i + (size_t)step; j < s->root.nchildren; j += (size_t)step) {
		struct sne_suivi_node *c = s->root.children[j];
		if (c->original && !c->removed)
			return c;
	}
	return NULL;
}

/* New child I of the suivi, on its own line: before the next original
 * child kept, with its indentation, or else after the previous one.
 * Returns 0 when there is neither. */
static int splice_new_child(struct sne_suivi *s, size_t i)
{
	struct sne_suivi_node *node = s->root.children[i], *next, *prev;
	char indent[128];
	size_t text = s->out_len;

	if ((next = kept_original(s, i, 1)) != NULL) {
		line_indent(s, next->element.start, indent, sizeof indent);
		out_new(s, node, indent, unit_of(s), 0);
		out_str(s, indent);
		splice_add(s, next->element.start, next->element.start, text);
		return 1;
	}
	if ((prev = kept_original(s, i, -1)) != NULL) {
		line_indent(s, prev->element.start, indent, sizeof indent);
		out_str(s, indent);
		out_new(s, node, indent, unit_of(s), 0);
		splice_add(s, prev->element.end, prev->element.end, text);
		return 1;
	}
	return 0;
}

static void store_edits(struct sne_suivi *s)
{
	struct sne_suivi_node **alone = NULL;
	size_t nalone = 0;

	for (size_t i = 0; i < s->root.nchildren; i++) {
		struct sne_suivi_node *c = s->root.children[i];
		if (c->original) {
			splice_original(s, c);
		} else if (!splice_new_child(s, i)) {
			alone = realloc(alone, (nalone + 1) * sizeof *alone);
			if (alone == NULL)
				abort();
			alone[nalone++] = c;
		}
	}
	if (nalone > 0)
		splice_children(s, &s->root, alone, nalone);
	free(alone);
	if (s->nsplices > 1)
		qsort(s->splices, s->nsplices, sizeof *s->splices, splice_cmp);
	for (size_t i = 0; i < s->nsplices; i++) {
		const struct splice *sp = &s->splices[i];
		/* a removal alone writes nothing: OUT may never have been made */
		sne_record_replace(s->record, (struct sne_span){ sp->start, sp->end },
		                   sp->len > 0 ? s->out + sp->text : "", sp->len);
	}
}

void sne_suivi_store(struct sne_suivi *s, struct sne_record *record)
{
	struct layout l;

	s->record = record;
	s->out_len = 0;
	s->nsplices = 0;
	if (s->from_record) {
		store_edits(s);
		return;
	}
	layout_of(record, s, &l);
	out_str(s, l.indent);
	out_new(s, &s->root, l.indent, l.unit, 0);
	splice(s, record);
}

/* ------------------------------------------------------------------ */
/* a new suivi written straight as text: what the tree above would give,
 * without building it (sne-create writes one per new demande) */

/* <s:NAME NAME1="VALUE1" [NAME2="VALUE2"]/>, an attribute with a NULL
 * value left out. */
static void out_empty_element(struct sne_suivi *s, const char *name, const char *const *attrs)
{
	out_str(s, "<s:");
	out_str(s, name);
	for (; attrs[0] != NULL; attrs += 2) {
		if (attrs[1] == NULL)
			continue;
		out_str(s, " ");
		out_str(s, attrs[0]);
		out_str(s, "=\"");
		out_escaped(s, attrs[1], 1);
		out_str(s, "\"");
	}
	out_str(s, "/>");
}

/* An empty text makes no text node in the tree: <s:NAME/>. */
static void out_text_element(struct sne_suivi *s, const char *name, const char *text)
{
	if (text[0] == '\0') {
		out_empty_element(s, name, (const char *const[]){ NULL });
		return;
	}
	out_str(s, "<s:");
	out_str(s, name);
	out_str(s, ">");
	out_escaped(s, text, 0);
	out_str(s, "</s:");
	out_str(s, name);
	out_str(s, ">");
}

static void out_nouveau(struct sne_suivi *s, const struct sne_suivi_nouveau *n,
                        const struct layout *l)
{
	static _Thread_local struct iso_cache date_cache, prochain_cache;
	const char *date = iso_of(n->date, &date_cache);
	/* no guichet attribute for an empty one, as sne_suivi_touch() and
	 * sne_suivi_add_evenement() do */
	const char *guichet = n->guichet != NULL && n->guichet[0] ? n->guichet : NULL;

	out_str(s, "<s:suivi xmlns:s=\"" SNE_NS_SUIVI "\">");
	out_newline(s, l->indent, l->unit, 1);
	out_text_element(s, "etat", n->etat);
	if (n->origine != NULL) {
		out_newline(s, l->indent, l->unit, 1);
		out_text_element(s, "origine", n->origine);
	}
	out_newline(s, l->indent, l->unit, 1);
	out_empty_element(s, "modification",
	                  (const char *const[]){ "date", date, "guichet", guichet, NULL });
	if (n->prochain != NULL) {
		const char *prochain = iso_of(*n->prochain, &prochain_cache);
		out_newline(s, l->indent, l->unit, 1);
		out_empty_element(s, "renouvellement", (const char *const[]){ "prochain", prochain, NULL });
	}
	if (n->evenements[0] != NULL) {
		out_newline(s, l->indent, l->unit, 1);
		out_str(s, "<s:historique>");
		for (const char *const *type = n->evenements; *type; type++) {
			out_newline(s, l->indent, l->unit, 2);
			out_empty_element(s, "evenement", (const char *const[]){
				"date", date, "type", *type, "guichet", guichet, NULL });
		}
		out_newline(s, l->indent, l->unit, 1);
		out_str(s, "</s:historique>");
	}
	out_newline(s, l->indent, l->unit, 0);
	out_str(s, "</s:suivi>");
}

void sne_suivi_store_new(struct sne_record *record, const struct sne_suivi_nouveau *n)
{
	/* one buffer for the run: a new suivi per record must not cost an
	 * allocation (one per thread, like suivi_parser()) */
	static _Thread_local struct sne_suivi s;
	struct layout l;

	layout_of(record, &s, &l);
	s.out_len = 0;
	out_str(&s, l.indent);
	out_nouveau(&s, n, &l);
	splice(&s, record);
}
