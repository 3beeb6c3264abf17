/* A fast schema check for the part of XSD our schemas use: see the header.
 *
 * The schema documents are read with libxml2 into trees, and their
 * components compiled on demand into the structures below.  Patterns are
 * compiled by libxml2's XSD regular expressions (xmlregexp), the engine
 * its validator uses, so a pattern means the same thing in both.  Every
 * XSD construct, attribute or facet not listed here makes the compilation
 * fail: a new construct in a schema costs speed, never correctness. */
#include "sne/xsdtable.h"

#include "sne/date.h"
#include "sne/xsdregex.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/uri.h>
#include <libxml/xmlregexp.h>

#define XS_NS "http://www.w3.org/2001/XMLSchema"
#define XSI_NS "http://www.w3.org/2001/XMLSchema-instance"
#define XML_NS "http://www.w3.org/XML/1998/namespace"
#define UNBOUNDED UINT32_MAX
#define MAX_DEPTH 257          /* the stream refuses deeper records */
#define TEXT_MAX 4096          /* longer simple content: left to libxml2 */
#define MAX_IMPORTS 16
#define GLOBALS_SIZE 256       /* hash of global elements, a power of 2 */
#define SEEN_BITS 9
#define SEEN_SIZE (1 << SEEN_BITS) /* names met in the input */
#define NS_NONE (-1)           /* an element in no namespace */
#define NS_OTHER (-2)          /* in a namespace no schema here targets */

/* The built-in types a simple type can be built on. */
enum builtin {
	B_ANY_SIMPLE,          /* an attribute without a type */
	B_STRING,
	B_TOKEN,
	B_DATE,
	B_DATE_TIME,
	B_BOOLEAN,
	B_DECIMAL,
	B_NON_NEGATIVE_INTEGER,
	B_G_YEAR,
};

/* A pattern: our matcher when the pattern is in its subset, else
 * libxml2's automaton (about a microsecond a value). */
struct pattern {
	struct sne_xsdregex *fast;        /* NULL: outside the subset */
	xmlRegexpPtr regexp;
};

/* The short values a simple type accepted lately: codes, booleans and
 * names come back record after record, and a value found here is not
 * checked again.  A value is kept in MEMO_WORDS words (see memo_key). */
#define MEMO_SLOTS 256
#define MEMO_WORDS 3
#define MEMO_LEN (MEMO_WORDS * 8)
struct value_memo {
	uint64_t words[MEMO_SLOTS][MEMO_WORDS];
};

/* The facets of one restriction step: a value must match one of the
 * patterns (when any), be one of the enumerations (when any), and have a
 * length in [min_length, max_length]. */
struct facets {
	struct pattern **patterns;
	size_t npatterns;
	char **enumerations;
	size_t nenumerations;
	size_t min_length, max_length;
};

struct simple {
	enum builtin base;
	struct facets *steps;      /* each restriction step, all apply */
	size_t nsteps;
	struct value_memo *memo;   /* NULL when any string is allowed */
};

struct element;

struct particle {
	const struct element *element;  /* NULL for a wildcard */
	int any_other;                  /* wildcard ##other (else ##any) */
	int skip;                       /* wildcard processContents="skip" */
	int target_id;                  /* of the schema declaring a wildcard */
	uint32_t min, max;
};

struct attribute {
	char *name;
	size_t name_id;                 /* its entry in parser_names */
	const struct simple *type;
	int required;
};

enum content { C_EMPTY, C_ELEMENTS, C_ANY_TYPE };

struct complex {
	enum content content;
	struct particle *particles;
	size_t nparticles;
	struct attribute *attributes;
	size_t nattributes;
	size_t nrequired;               /* of the attributes, use="required" */
	int any_attribute;
};

struct element {
	const char *ns;                 /* "" for no namespace */
	int ns_id;                      /* its index in the table's namespaces */
	const char *local;
	size_t name_id;                 /* its entry in parser_names */
	const struct simple *simple;    /* simple content, or */
	const struct complex *complex;  /* complex content */
};

/* A named component of a schema document, compiled on first use. */
struct named {
	const char *ns;
	const char *name;
	xmlNodePtr node;
	void *compiled;
	int compiling;                  /* a type defined through itself */
};

struct named_list {
	struct named *items;
	size_t count, cap;
};

/* A name met in the current input, by the parser's pointers, and its
 * global declaration (NULL: none). */
struct seen_name {
	const char *local, *uri;
	const struct element *element;
	unsigned input;                 /* the input it was met in */
};

/* The parser's string for a name of the schema, in the input it was met
 * in: libxml2 interns names, so within one input a name is that pointer. */
struct parser_name {
	const char *name;
	unsigned input;                 /* 0: not met yet */
};

/* One element open in the record being checked. */
struct frame {
	const struct complex *complex;  /* complex content, or NULL */
	const struct simple *simple;    /* simple content, or NULL */
	int skip;                       /* under a skip wildcard: not checked */
	size_t particle;                /* where the sequence stands */
	uint32_t count;                 /* matches of that particle so far */
};

struct sne_xsdtable {
	xmlDocPtr docs[MAX_IMPORTS];
	size_t ndocs;
	const char *namespaces[MAX_IMPORTS];  /* target namespace of docs[i] */
	struct named_list simple_types, complex_types, elements;
	struct complex any_type;
	struct particle any_type_particle;
	struct element any_element;     /* an element of type anyType */
	void **allocs;                  /* everything compiled, for free() */
	size_t nallocs, allocs_cap;
	struct pattern **patterns;      /* every pattern, for freeing */
	size_t npatterns;
	const struct element *globals[GLOBALS_SIZE];
	struct parser_name *parser_names;  /* per element and attribute name */
	size_t nnames;
	char *why;                      /* compilation: the first problem */
	size_t why_size;
	int failed;

	/* the record being checked */
	struct seen_name seen[SEEN_SIZE];
	unsigned input;                 /* inputs begun, from 1 */
	const char *last_uri;           /* a parser's (interned) URI string */
	int last_uri_id;                /* and its namespace id */
	struct sne_stream_observer observer;
	struct frame frames[MAX_DEPTH];
	int depth;
	int passed;                     /* 0 once the record is not shown valid */
	char text[TEXT_MAX];
	size_t text_len;
};

/* ------------------------------------------------------------------ */
/* memory and failure */

static void *keep(struct sne_xsdtable *t, void *p)
{
	if (p == NULL)
		abort();
	if (t->nallocs == t->allocs_cap) {
		t->allocs_cap = t->allocs_cap ? 2 * t->allocs_cap : 64;
		t->allocs = realloc(t->allocs, t->allocs_cap * sizeof *t->allocs);
		if (t->allocs == NULL)
			abort();
	}
	t->allocs[t->nallocs++] = p;
	return p;
}

static void *alloc(struct sne_xsdtable *t, size_t size)
{
	return keep(t, calloc(1, size));
}

static char *copy(struct sne_xsdtable *t, const char *text)
{
	return keep(t, strdup(text));
}

/* Grows the array *ITEMS of *COUNT elements of SIZE bytes by one (kept
 * arrays: the old one stays allocated until the end, which is small). */
static void *grow(struct sne_xsdtable *t, void *items, size_t count, size_t size)
{
	void *bigger = alloc(t, (count + 1) * size);

	if (count > 0)
		memcpy(bigger, items, count * size);
	return bigger;
}

__attribute__((format(printf, 3, 4)))
static void *fail(struct sne_xsdtable *t, xmlNodePtr node, const char *fmt, ...)
{
	va_list ap;
	int n = 0;

	if (t->failed)
		return NULL;
	t->failed = 1;
	if (node != NULL)
		n = snprintf(t->why, t->why_size, "%s:%ld: ",
		             node->doc && node->doc->URL ? (const char *)node->doc->URL : "?",
		             (long)xmlGetLineNo(node));
	if (n < 0 || (size_t)n >= t->why_size)
		n = 0;
	va_start(ap, fmt);
	vsnprintf(t->why + n, t->why_size - (size_t)n, fmt, ap);
	va_end(ap);
	return NULL;
}

/* ------------------------------------------------------------------ */
/* reading schema documents */

static int is_xs(xmlNodePtr node, const char *name)
{
	return node->type == XML_ELEMENT_NODE && node->ns != NULL &&
	       strcmp((const char *)node->ns->href, XS_NS) == 0 &&
	       strcmp((const char *)node->name, name) == 0;
}

/* The next element child from NODE on, annotations skipped. */
static xmlNodePtr next_element(xmlNodePtr node)
{
	for (; node != NULL; node = node->next)
		if (node->type == XML_ELEMENT_NODE && !is_xs(node, "annotation"))
			return node;
	return NULL;
}

static xmlNodePtr first_child(xmlNodePtr node)
{
	return next_element(node->children);
}

/* An attribute value of NODE (no namespace), or NULL.  The string is kept
 * with the table. */
static const char *attr(struct sne_xsdtable *t, xmlNodePtr node, const char *name)
{
	xmlChar *value = xmlGetNoNsProp(node, (const xmlChar *)name);
	char *kept;

	if (value == NULL)
		return NULL;
	kept = copy(t, (const char *)value);
	xmlFree(value);
	return kept;
}

/* Fails unless every attribute of NODE is in ALLOWED (NULL-terminated). */
static int only_attrs(struct sne_xsdtable *t, xmlNodePtr node, const char *const *allowed)
{
	for (xmlAttrPtr a = node->properties; a != NULL; a = a->next) {
		size_t i;
		if (a->ns != NULL)
			continue; /* foreign attributes (documentation) change nothing */
		for (i = 0; allowed[i] != NULL; i++)
			if (strcmp((const char *)a->name, allowed[i]) == 0)
				break;
		if (allowed[i] == NULL) {
			fail(t, node, "xs:%s avec l'attribut « %s » : hors du sous-ensemble rapide",
			     (const char *)node->name, (const char *)a->name);
			return -1;
		}
	}
	return 0;
}

/* A QName attribute of NODE resolved to its namespace URI and local name. */
static int qname(struct sne_xsdtable *t, xmlNodePtr node, const char *value, const char **ns,
                 const char **local)
{
	const char *colon = strchr(value, ':');
	char prefix[64];
	xmlNsPtr decl;

	if (colon != NULL && (size_t)(colon - value) >= sizeof prefix) {
		fail(t, node, "préfixe trop long dans « %s »", value);
		return -1;
	}
	if (colon != NULL)
		snprintf(prefix, sizeof prefix, "%.*s", (int)(colon - value), value);
	decl = xmlSearchNs(node->doc, node, colon ? (const xmlChar *)prefix : NULL);
	if (colon != NULL && decl == NULL) {
		fail(t, node, "préfixe non déclaré dans « %s »", value);
		return -1;
	}
	*ns = decl ? copy(t, (const char *)decl->href) : "";
	*local = colon ? colon + 1 : value;
	return 0;
}

static struct named *find_named(struct named_list *list, const char *ns, const char *name)
{
	for (size_t i = 0; i < list->count; i++)
		if (strcmp(list->items[i].ns, ns) == 0 && strcmp(list->items[i].name, name) == 0)
			return &list->items[i];
	return NULL;
}

static void add_named(struct named_list *list, const char *ns, const char *name,
                      xmlNodePtr node)
{
	if (list->count == list->cap) {
		list->cap = list->cap ? 2 * list->cap : 16;
		list->items = realloc(list->items, list->cap * sizeof *list->items);
		if (list->items == NULL)
			abort();
	}
	list->items[list->count++] = (struct named){ ns, name, node, NULL, 0 };
}

static int load_document(struct sne_xsdtable *t, const char *path, const char *expected_ns);

/* The document's target namespace, checking the schema element itself. */
static const char *schema_namespace(struct sne_xsdtable *t, xmlNodePtr schema)
{
	static const char *const allowed[] = { "targetNamespace", "elementFormDefault",
	                                       "attributeFormDefault", "version", "id", NULL };
	const char *target = attr(t, schema, "targetNamespace");
	const char *element_form = attr(t, schema, "elementFormDefault");
	const char *attribute_form = attr(t, schema, "attributeFormDefault");

	if (only_attrs(t, schema, allowed) != 0)
		return NULL;
	/* local elements in the target namespace, local attributes in none */
	if (target == NULL || element_form == NULL || strcmp(element_form, "qualified") != 0)
		return fail(t, schema, "seuls les schémas à targetNamespace et "
		                       "elementFormDefault=\"qualified\" sont compilés");
	if (attribute_form != NULL && strcmp(attribute_form, "unqualified") != 0)
		return fail(t, schema, "attributeFormDefault=\"qualified\" hors du sous-ensemble");
	return target;
}

/* An import, relative to the importing document. */
static int load_import(struct sne_xsdtable *t, xmlNodePtr import)
{
	static const char *const allowed[] = { "namespace", "schemaLocation", "id", NULL };
	const char *ns = attr(t, import, "namespace");
	const char *location = attr(t, import, "schemaLocation");
	xmlChar *path;
	int rc;

	if (only_attrs(t, import, allowed) != 0)
		return -1;
	if (ns == NULL || location == NULL) {
		fail(t, import, "xs:import sans namespace ou schemaLocation");
		return -1;
	}
	for (size_t i = 0; i < t->ndocs; i++) {
		xmlNodePtr root = xmlDocGetRootElement(t->docs[i]);
		xmlChar *target = xmlGetNoNsProp(root, (const xmlChar *)"targetNamespace");
		int same = target != NULL && strcmp((const char *)target, ns) == 0;
		xmlFree(target);
		if (same)
			return 0; /* already read */
	}
	path = xmlBuildURI((const xmlChar *)location, import->doc->URL);
	if (path == NULL)
		abort();
	rc = load_document(t, (const char *)path, ns);
	xmlFree(path);
	return rc;
}

/* Registers the top-level components of one schema document. */
static int register_components(struct sne_xsdtable *t, xmlNodePtr schema, const char *target)
{
	for (xmlNodePtr node = first_child(schema); node != NULL; node = next_element(node->next)) {
		const char *name = attr(t, node, "name");
		if (is_xs(node, "import")) {
			if (load_import(t, node) != 0)
				return -1;
		} else if (name == NULL) {
			fail(t, node, "xs:%s sans nom au premier niveau", (const char *)node->name);
			return -1;
		} else if (is_xs(node, "simpleType")) {
			add_named(&t->simple_types, target, name, node);
		} else if (is_xs(node, "complexType")) {
			add_named(&t->complex_types, target, name, node);
		} else if (is_xs(node, "element")) {
			add_named(&t->elements, target, name, node);
		} else {
			fail(t, node, "xs:%s hors du sous-ensemble rapide", (const char *)node->name);
			return -1;
		}
	}
	return 0;
}

static int load_document(struct sne_xsdtable *t, const char *path, const char *expected_ns)
{
	xmlDocPtr doc;
	xmlNodePtr schema;
	const char *target;

	if (t->ndocs == MAX_IMPORTS) {
		fail(t, NULL, "plus de %d schémas importés", MAX_IMPORTS);
		return -1;
	}
	doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (doc == NULL) {
		fail(t, NULL, "schéma « %s » illisible", path);
		return -1;
	}
	t->docs[t->ndocs++] = doc;
	schema = xmlDocGetRootElement(doc);
	if (schema == NULL || !is_xs(schema, "schema")) {
		fail(t, schema, "pas un schéma XSD");
		return -1;
	}
	target = schema_namespace(t, schema);
	if (target == NULL)
		return -1;
	if (expected_ns != NULL && strcmp(target, expected_ns) != 0) {
		fail(t, schema, "l'espace de noms importé n'est pas celui du schéma");
		return -1;
	}
	t->namespaces[t->ndocs - 1] = target;
	return register_components(t, schema, target);
}

/* The id of namespace NS ("" for none): the index of the schema document
 * targeting it, NS_NONE or NS_OTHER. */
static int namespace_id(const struct sne_xsdtable *t, const char *ns)
{
	if (ns[0] == '\0')
		return NS_NONE;
	for (size_t i = 0; i < t->ndocs; i++)
		if (strcmp(t->namespaces[i], ns) == 0)
			return (int)i;
	return NS_OTHER;
}

/* ------------------------------------------------------------------ */
/* simple types */

static const struct {
	const char *name;
	enum builtin base;
} builtins[] = {
	{ "string", B_STRING },   { "token", B_TOKEN },
	{ "date", B_DATE },       { "dateTime", B_DATE_TIME },
	{ "boolean", B_BOOLEAN }, { "decimal", B_DECIMAL },
	{ "nonNegativeInteger", B_NON_NEGATIVE_INTEGER },
	{ "gYear", B_G_YEAR },    { "anySimpleType", B_ANY_SIMPLE },
};

static const struct simple *simple_named(struct sne_xsdtable *t, xmlNodePtr at, const char *ns,
                                         const char *name);
static const struct simple *simple_type(struct sne_xsdtable *t, xmlNodePtr node);

/* Gives S a memo of accepted values, unless a value costs less to check
 * than a miss: a date, a boolean, a number (a token is collapsed byte by
 * byte, a string with facets may have patterns). */
static struct simple *with_memo(struct sne_xsdtable *t, struct simple *s)
{
	if (s->nsteps > 0 || s->base == B_TOKEN)
		s->memo = alloc(t, sizeof *s->memo);
	return s;
}

static const struct simple *builtin_simple(struct sne_xsdtable *t, xmlNodePtr at,
                                           const char *name)
{
	for (size_t i = 0; i < sizeof builtins / sizeof builtins[0]; i++)
		if (strcmp(builtins[i].name, name) == 0) {
			struct simple *s = alloc(t, sizeof *s);
			s->base = builtins[i].base;
			return with_memo(t, s);
		}
	return fail(t, at, "type xs:%s hors du sous-ensemble rapide", name);
}

static int parse_size(struct sne_xsdtable *t, xmlNodePtr node, const char *text, size_t *out)
{
	char *end;
	unsigned long long value = text ? strtoull(text, &end, 10) : 0;

	if (text == NULL || end == text || *end != '\0' || value > 1000000) {
		fail(t, node, "valeur de facette « %s » inattendue", text ? text : "");
		return -1;
	}
	*out = (size_t)value;
	return 0;
}

/* Whether TEXT is already what whiteSpace="collapse" makes of it. */
static int is_collapsed(const char *text, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		char c = text[i];
		if (c == '\t' || c == '\n' || c == '\r')
			return 0;
		if (c == ' ' && (i == 0 || i + 1 == len || text[i + 1] == ' '))
			return 0;
	}
	return 1;
}

static int add_facet(struct sne_xsdtable *t, struct facets *f, enum builtin base, xmlNodePtr node)
{
	const char *value = attr(t, node, "value");
	int stringlike = base == B_STRING || base == B_TOKEN;
	static const char *const allowed[] = { "value", "id", NULL };

	if (only_attrs(t, node, allowed) != 0)
		return -1;
	if (value == NULL || !stringlike) {
		fail(t, node, "facette xs:%s sur ce type : hors du sous-ensemble rapide",
		     (const char *)node->name);
		return -1;
	}
	if (is_xs(node, "pattern")) {
		xmlRegexpPtr re = xmlRegexpCompile((const xmlChar *)value);
		if (re == NULL) {
			fail(t, node, "motif « %s » invalide", value);
			return -1;
		}
		struct pattern *pattern = alloc(t, sizeof *pattern);
		t->patterns = realloc(t->patterns, (t->npatterns + 1) * sizeof *t->patterns);
		if (t->patterns == NULL)
			abort();
		t->patterns[t->npatterns++] = pattern;
		pattern->regexp = re;
		pattern->fast = sne_xsdregex_compile(value);
		f->patterns = grow(t, f->patterns, f->npatterns, sizeof *f->patterns);
		f->patterns[f->npatterns++] = pattern;
		return 0;
	}
	if (is_xs(node, "enumeration")) {
		if (base == B_TOKEN && !is_collapsed(value, strlen(value))) {
			fail(t, node, "énumération à espaces : hors du sous-ensemble rapide");
			return -1;
		}
		f->enumerations = grow(t, f->enumerations, f->nenumerations, sizeof *f->enumerations);
		f->enumerations[f->nenumerations++] = (char *)value;
		return 0;
	}
	if (is_xs(node, "minLength"))
		return parse_size(t, node, value, &f->min_length);
	if (is_xs(node, "maxLength"))
		return parse_size(t, node, value, &f->max_length);
	fail(t, node, "facette xs:%s hors du sous-ensemble rapide", (const char *)node->name);
	return -1;
}

/* An xs:restriction: its base's steps, then its own facets. */
static const struct simple *restriction(struct sne_xsdtable *t, xmlNodePtr node)
{
	static const char *const allowed[] = { "base", "id", NULL };
	const char *base_name = attr(t, node, "base");
	const char *ns, *local;
	const struct simple *base;
	struct simple *s;
	struct facets *own;

	if (only_attrs(t, node, allowed) != 0)
		return NULL;
	if (base_name == NULL)
		return fail(t, node, "xs:restriction sans base : hors du sous-ensemble rapide");
	if (qname(t, node, base_name, &ns, &local) != 0)
		return NULL;
	base = simple_named(t, node, ns, local);
	if (base == NULL)
		return NULL;
	s = alloc(t, sizeof *s);
	s->base = base->base;
	s->steps = alloc(t, (base->nsteps + 1) * sizeof *s->steps);
	if (base->nsteps > 0)
		memcpy(s->steps, base->steps, base->nsteps * sizeof *s->steps);
	own = &s->steps[base->nsteps];
	own->max_length = SIZE_MAX;
	for (xmlNodePtr facet = first_child(node); facet != NULL; facet = next_element(facet->next))
		if (add_facet(t, own, s->base, facet) != 0)
			return NULL;
	s->nsteps = base->nsteps + 1;
	return with_memo(t, s);
}

/* An xs:simpleType node: only restrictions. */
static const struct simple *simple_type(struct sne_xsdtable *t, xmlNodePtr node)
{
	static const char *const allowed[] = { "name", "id", NULL };
	xmlNodePtr body = first_child(node);

	if (only_attrs(t, node, allowed) != 0)
		return NULL;
	if (body == NULL || !is_xs(body, "restriction") || next_element(body->next) != NULL)
		return fail(t, node, "xs:simpleType autre qu'une restriction : hors du sous-ensemble");
	return restriction(t, body);
}

static const struct simple *simple_named(struct sne_xsdtable *t, xmlNodePtr at, const char *ns,
                                         const char *name)
{
	struct named *n;

	if (strcmp(ns, XS_NS) == 0)
		return builtin_simple(t, at, name);
	n = find_named(&t->simple_types, ns, name);
	if (n == NULL)
		return fail(t, at, "type simple « %s » inconnu", name);
	if (n->compiling)
		return fail(t, at, "type « %s » défini par lui-même", name);
	if (n->compiled == NULL) {
		n->compiling = 1;
		n->compiled = (void *)simple_type(t, n->node);
		n->compiling = 0;
	}
	return n->compiled;
}

/* ------------------------------------------------------------------ */
/* complex types and elements */

static const struct element *element_named(struct sne_xsdtable *t, xmlNodePtr at, const char *ns,
                                           const char *name);
static int element_type(struct sne_xsdtable *t, xmlNodePtr node, const char *target,
                        struct element *e);

static int parse_occurs(struct sne_xsdtable *t, xmlNodePtr node, const char *name,
                        uint32_t *out)
{
	const char *text = attr(t, node, name);
	size_t value;

	*out = 1;
	if (text == NULL)
		return 0;
	if (strcmp(name, "maxOccurs") == 0 && strcmp(text, "unbounded") == 0) {
		*out = UNBOUNDED;
		return 0;
	}
	if (parse_size(t, node, text, &value) != 0)
		return -1;
	*out = (uint32_t)value;
	return 0;
}

static int add_particle(struct sne_xsdtable *t, struct complex *c, const struct particle *p)
{
	c->particles = grow(t, c->particles, c->nparticles, sizeof *c->particles);
	c->particles[c->nparticles++] = *p;
	return 0;
}

/* An xs:element inside a sequence: a reference or a local declaration. */
static int element_particle(struct sne_xsdtable *t, struct complex *c, xmlNodePtr node,
                            const char *target)
{
	static const char *const allowed[] = { "name", "ref", "type", "minOccurs", "maxOccurs",
	                                       "id", NULL };
	struct particle p = { 0 };
	const char *ref = attr(t, node, "ref");

	if (only_attrs(t, node, allowed) != 0 || parse_occurs(t, node, "minOccurs", &p.min) != 0 ||
	    parse_occurs(t, node, "maxOccurs", &p.max) != 0)
		return -1;
	if (ref != NULL) {
		const char *ns, *local;
		if (qname(t, node, ref, &ns, &local) != 0)
			return -1;
		p.element = element_named(t, node, ns, local);
	} else {
		struct element *e = alloc(t, sizeof *e);
		e->ns = target;
		e->ns_id = namespace_id(t, target);
		e->local = attr(t, node, "name");
		e->name_id = t->nnames++;
		if (e->local == NULL || element_type(t, node, target, e) != 0)
			return fail(t, node, "xs:element local sans nom"), -1;
		p.element = e;
	}
	return p.element ? add_particle(t, c, &p) : -1;
}

static int wildcard_particle(struct sne_xsdtable *t, struct complex *c, xmlNodePtr node,
                             const char *target)
{
	static const char *const allowed[] = { "namespace", "processContents", "minOccurs",
	                                       "maxOccurs", "id", NULL };
	const char *ns = attr(t, node, "namespace");
	const char *process = attr(t, node, "processContents");
	struct particle p = { 0 };

	if (only_attrs(t, node, allowed) != 0 || parse_occurs(t, node, "minOccurs", &p.min) != 0 ||
	    parse_occurs(t, node, "maxOccurs", &p.max) != 0)
		return -1;
	if (ns != NULL && strcmp(ns, "##any") != 0 && strcmp(ns, "##other") != 0)
		return fail(t, node, "xs:any namespace=\"%s\" hors du sous-ensemble", ns), -1;
	if (process == NULL || (strcmp(process, "lax") != 0 && strcmp(process, "skip") != 0))
		return fail(t, node, "xs:any strict hors du sous-ensemble rapide"), -1;
	p.any_other = ns != NULL && strcmp(ns, "##other") == 0;
	p.skip = strcmp(process, "skip") == 0;
	p.target_id = namespace_id(t, target);
	return add_particle(t, c, &p);
}

static int sequence(struct sne_xsdtable *t, struct complex *c, xmlNodePtr node,
                    const char *target)
{
	static const char *const allowed[] = { "id", NULL };

	if (only_attrs(t, node, allowed) != 0)
		return -1;
	c->content = C_ELEMENTS;
	for (xmlNodePtr item = first_child(node); item != NULL; item = next_element(item->next)) {
		int rc;
		if (is_xs(item, "element"))
			rc = element_particle(t, c, item, target);
		else if (is_xs(item, "any"))
			rc = wildcard_particle(t, c, item, target);
		else
			rc = (fail(t, item, "xs:%s dans une séquence : hors du sous-ensemble rapide",
			           (const char *)item->name), -1);
		if (rc != 0)
			return -1;
	}
	if (c->nparticles == 0)
		c->content = C_EMPTY; /* an empty sequence allows no text either */
	return 0;
}

static void add_attribute(struct sne_xsdtable *t, struct complex *c, const struct attribute *a)
{
	c->attributes = grow(t, c->attributes, c->nattributes, sizeof *c->attributes);
	c->attributes[c->nattributes++] = *a;
	c->nrequired += a->required;
}

static int attribute(struct sne_xsdtable *t, struct complex *c, xmlNodePtr node)
{
	static const char *const allowed[] = { "name", "type", "use", "id", NULL };
	const char *name = attr(t, node, "name");
	const char *type = attr(t, node, "type");
	const char *use = attr(t, node, "use");
	xmlNodePtr inline_type = first_child(node);
	struct attribute a = { 0 };

	if (only_attrs(t, node, allowed) != 0)
		return -1;
	if (name == NULL || (use != NULL && strcmp(use, "optional") != 0 &&
	                     strcmp(use, "required") != 0))
		return fail(t, node, "xs:attribute hors du sous-ensemble rapide"), -1;
	a.name = (char *)name;
	a.name_id = t->nnames++;
	a.required = use != NULL && strcmp(use, "required") == 0;
	if (type != NULL) {
		const char *ns, *local;
		if (qname(t, node, type, &ns, &local) != 0)
			return -1;
		a.type = simple_named(t, node, ns, local);
	} else if (inline_type != NULL && is_xs(inline_type, "simpleType")) {
		a.type = simple_type(t, inline_type);
	} else {
		a.type = builtin_simple(t, node, "anySimpleType");
	}
	if (a.type == NULL)
		return -1;
	add_attribute(t, c, &a);
	return 0;
}

static int any_attribute(struct sne_xsdtable *t, struct complex *c, xmlNodePtr node)
{
	static const char *const allowed[] = { "namespace", "processContents", "id", NULL };
	const char *ns = attr(t, node, "namespace");
	const char *process = attr(t, node, "processContents");

	if (only_attrs(t, node, allowed) != 0)
		return -1;
	if ((ns != NULL && strcmp(ns, "##any") != 0) || process == NULL ||
	    (strcmp(process, "lax") != 0 && strcmp(process, "skip") != 0))
		return fail(t, node, "xs:anyAttribute hors du sous-ensemble rapide"), -1;
	c->any_attribute = 1;
	return 0;
}

static const struct complex *complex_named(struct sne_xsdtable *t, xmlNodePtr at,
                                           const char *ns, const char *name);

/* The children of a complexType (or of an extension): a sequence, then
 * attributes. */
static int complex_body(struct sne_xsdtable *t, struct complex *c, xmlNodePtr first,
                        const char *target)
{
	for (xmlNodePtr node = first; node != NULL; node = next_element(node->next)) {
		int rc;
		if (is_xs(node, "sequence") && c->nparticles == 0 && c->nattributes == 0)
			rc = sequence(t, c, node, target);
		else if (is_xs(node, "attribute"))
			rc = attribute(t, c, node);
		else if (is_xs(node, "anyAttribute"))
			rc = any_attribute(t, c, node);
		else
			rc = (fail(t, node, "xs:%s dans un type complexe : hors du sous-ensemble rapide",
			           (const char *)node->name), -1);
		if (rc != 0)
			return -1;
	}
	return 0;
}

/* complexContent/extension of a named complex type: its particles then
 * ours, its attributes and ours. */
static int extension(struct sne_xsdtable *t, struct complex *c, xmlNodePtr content,
                     const char *target)
{
	static const char *const allowed[] = { "base", "id", NULL };
	xmlNodePtr ext = first_child(content);
	const char *base_name, *ns, *local;
	const struct complex *base;

	if (only_attrs(t, content, (const char *const[]){ "id", NULL }) != 0)
		return -1;
	if (ext == NULL || !is_xs(ext, "extension") || next_element(ext->next) != NULL ||
	    only_attrs(t, ext, allowed) != 0)
		return fail(t, content, "xs:complexContent autre qu'une extension"), -1;
	base_name = attr(t, ext, "base");
	if (base_name == NULL || qname(t, ext, base_name, &ns, &local) != 0)
		return fail(t, ext, "xs:extension sans base"), -1;
	base = complex_named(t, ext, ns, local);
	if (base == NULL)
		return -1;
	*c = *base;
	if (c->nparticles > 0 && first_child(ext) != NULL && is_xs(first_child(ext), "sequence"))
		return fail(t, ext, "extension d'une séquence par une séquence : hors du "
		                    "sous-ensemble rapide"), -1;
	{
		struct complex own = { 0 };
		if (complex_body(t, &own, first_child(ext), target) != 0)
			return -1;
		for (size_t i = 0; i < own.nparticles; i++)
			add_particle(t, c, &own.particles[i]);
		if (own.nparticles > 0)
			c->content = C_ELEMENTS;
		for (size_t i = 0; i < own.nattributes; i++)
			add_attribute(t, c, &own.attributes[i]);
		c->any_attribute |= own.any_attribute;
	}
	return 0;
}

static const struct complex *complex_type(struct sne_xsdtable *t, xmlNodePtr node,
                                          const char *target)
{
	static const char *const allowed[] = { "name", "id", NULL };
	struct complex *c = alloc(t, sizeof *c);
	xmlNodePtr first = first_child(node);

	if (only_attrs(t, node, allowed) != 0)
		return NULL;
	c->content = C_EMPTY;
	if (first != NULL && is_xs(first, "complexContent")) {
		if (next_element(first->next) != NULL)
			return fail(t, node, "xs:complexContent suivi d'autre chose");
		return extension(t, c, first, target) == 0 ? c : NULL;
	}
	return complex_body(t, c, first, target) == 0 ? c : NULL;
}

static const struct complex *complex_named(struct sne_xsdtable *t, xmlNodePtr at,
                                           const char *ns, const char *name)
{
	struct named *n;

	if (strcmp(ns, XS_NS) == 0 && strcmp(name, "anyType") == 0)
		return &t->any_type;
	n = find_named(&t->complex_types, ns, name);
	if (n == NULL)
		return fail(t, at, "type complexe « %s » inconnu", name);
	if (n->compiling)
		return fail(t, at, "type « %s » défini par lui-même : hors du sous-ensemble", name);
	if (n->compiled == NULL) {
		n->compiling = 1;
		n->compiled = (void *)complex_type(t, n->node, ns);
		n->compiling = 0;
	}
	return n->compiled;
}

/* The type of an element declaration: type="...", an inline type, or
 * anyType. */
static int element_type(struct sne_xsdtable *t, xmlNodePtr node, const char *target,
                        struct element *e)
{
	const char *type = attr(t, node, "type");
	xmlNodePtr inline_type = first_child(node);

	if (type != NULL && inline_type != NULL)
		return fail(t, node, "xs:element avec type et type en ligne"), -1;
	if (type != NULL) {
		const char *ns, *local;
		if (qname(t, node, type, &ns, &local) != 0)
			return -1;
		if (find_named(&t->simple_types, ns, local) != NULL ||
		    (strcmp(ns, XS_NS) == 0 && strcmp(local, "anyType") != 0))
			e->simple = simple_named(t, node, ns, local);
		else
			e->complex = complex_named(t, node, ns, local);
	} else if (inline_type == NULL) {
		e->complex = &t->any_type;
	} else if (is_xs(inline_type, "simpleType") && next_element(inline_type->next) == NULL) {
		e->simple = simple_type(t, inline_type);
	} else if (is_xs(inline_type, "complexType") && next_element(inline_type->next) == NULL) {
		e->complex = complex_type(t, inline_type, target);
	} else {
		return fail(t, node, "xs:element : contenu hors du sous-ensemble rapide"), -1;
	}
	return e->simple || e->complex ? 0 : -1;
}

static const struct element *element_named(struct sne_xsdtable *t, xmlNodePtr at, const char *ns,
                                           const char *name)
{
	static const char *const allowed[] = { "name", "type", "id", NULL };
	struct named *n = find_named(&t->elements, ns, name);
	struct element *e;

	if (n == NULL)
		return fail(t, at, "élément « %s » inconnu", name);
	if (n->compiled != NULL || n->compiling)
		return n->compiled; /* a recursive reference sees it being filled */
	if (only_attrs(t, n->node, allowed) != 0)
		return NULL;
	e = alloc(t, sizeof *e);
	e->ns = n->ns;
	e->ns_id = namespace_id(t, n->ns);
	e->local = n->name;
	e->name_id = t->nnames++;
	n->compiled = e;
	n->compiling = 1;
	if (element_type(t, n->node, ns, e) != 0)
		n->compiled = NULL;
	n->compiling = 0;
	return n->compiled;
}

/* ------------------------------------------------------------------ */
/* global elements by name */

static size_t name_hash(int ns_id, const char *local)
{
	size_t h = 2166136261u ^ (size_t)(ns_id + 2);

	for (const unsigned char *p = (const unsigned char *)local; *p; p++)
		h = (h ^ *p) * 16777619u;
	return h;
}

static int hash_globals(struct sne_xsdtable *t)
{
	if (t->elements.count > GLOBALS_SIZE / 2)
		return fail(t, NULL, "plus de %d éléments globaux", GLOBALS_SIZE / 2), -1;
	for (size_t i = 0; i < t->elements.count; i++) {
		struct named *n = &t->elements.items[i];
		const struct element *e = element_named(t, n->node, n->ns, n->name);
		size_t slot;
		if (e == NULL)
			return -1;
		slot = name_hash(e->ns_id, e->local) & (GLOBALS_SIZE - 1);
		while (t->globals[slot] != NULL)
			slot = (slot + 1) & (GLOBALS_SIZE - 1);
		t->globals[slot] = e;
	}
	return 0;
}

/* Not inlined: its callers look a name up in a cache first. */
__attribute__((noinline)) static const struct element *global(const struct sne_xsdtable *t,
                                                               int ns_id, const char *local)
{
	size_t slot = name_hash(ns_id, local) & (GLOBALS_SIZE - 1);

	for (; t->globals[slot] != NULL; slot = (slot + 1) & (GLOBALS_SIZE - 1)) {
		const struct element *e = t->globals[slot];
		if (e->ns_id == ns_id && strcmp(e->local, local) == 0)
			return e;
	}
	return NULL;
}

/* The global declaration of LOCAL in URI (NULL: none), by the pointers the
 * parser gives for the names of one input: no hashing of the strings for a
 * name already met. */
static const struct element *global_seen(struct sne_xsdtable *t, int ns_id, const char *uri,
                                         const char *local)
{
	/* the parser's names lie a few bytes apart in its dictionary: the
	 * multiplication spreads them over the table */
	uint64_t key = ((uint64_t)(uintptr_t)local ^ (uint64_t)(uintptr_t)uri * 31) *
	               0x9E3779B97F4A7C15u;
	struct seen_name *seen = &t->seen[key >> (64 - SEEN_BITS)];

	if (seen->input != t->input || seen->local != local || seen->uri != uri)
		*seen = (struct seen_name){ local, uri, global(t, ns_id, local), t->input };
	return seen->element;
}

/* ------------------------------------------------------------------ */
/* values: strict subsets of the XSD lexical spaces */

static int digits(const char *text, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (text[i] < '0' || text[i] > '9')
			return 0;
	return 1;
}

static int number(const char *text, size_t len)
{
	int n = 0;

	for (size_t i = 0; i < len; i++)
		n = n * 10 + (text[i] - '0');
	return n;
}

/* The decimal value of the byte at TEXT, above 9 when it is no digit. */
static unsigned digit(const char *text)
{
	return (unsigned)((unsigned char)*text - '0');
}

/* YYYY-MM-DD with year 0001 to 9999 and a day of that month: every
 * position tested at once, not digit after digit (dates are the values
 * the memo cannot hold: birth dates, dates of the historique). */
static int is_date(const char *text, size_t len)
{
	unsigned y0, y1, y2, y3, m0, m1, d0, d1;
	int year;

	if (len != 10 || text[4] != '-' || text[7] != '-')
		return 0;
	y0 = digit(text), y1 = digit(text + 1), y2 = digit(text + 2), y3 = digit(text + 3);
	m0 = digit(text + 5), m1 = digit(text + 6), d0 = digit(text + 8), d1 = digit(text + 9);
	if ((y0 > 9) | (y1 > 9) | (y2 > 9) | (y3 > 9) | (m0 > 9) | (m1 > 9) | (d0 > 9) | (d1 > 9))
		return 0;
	year = (int)(y0 * 1000 + y1 * 100 + y2 * 10 + y3);
	return year >= 1 && d0 * 10 + d1 >= 1 &&
	       (int)(d0 * 10 + d1) <= sne_date_days_in_month(year, (int)(m0 * 10 + m1));
}

/* YYYY-MM-DDThh:mm:ss, optionally Z. */
static int is_date_time(const char *text, size_t len)
{
	const char *time = text + 11;

	if (len != 19 && !(len == 20 && text[19] == 'Z'))
		return 0;
	return is_date(text, 10) && text[10] == 'T' && time[2] == ':' && time[5] == ':' &&
	       digits(time, 2) && digits(time + 3, 2) && digits(time + 6, 2) &&
	       number(time, 2) < 24 && number(time + 3, 2) < 60 && number(time + 6, 2) < 60;
}

/* [-]digits[.digits], 18 digits at most in all. */
static int is_decimal(const char *text, size_t len)
{
	const char *dot;
	size_t before;

	if (len > 0 && text[0] == '-')
		text++, len--;
	dot = memchr(text, '.', len);
	before = dot ? (size_t)(dot - text) : len;
	if (before == 0 || !digits(text, before) || len - (dot != NULL) > 18)
		return 0;
	return dot == NULL || (len - before - 1 > 0 && digits(dot + 1, len - before - 1));
}

static int is_builtin_value(enum builtin base, const char *text, size_t len)
{
	switch (base) {
	case B_ANY_SIMPLE:
	case B_STRING:
		return 1;
	case B_TOKEN:
		return is_collapsed(text, len);
	case B_DATE:
		return is_date(text, len);
	case B_DATE_TIME:
		return is_date_time(text, len);
	case B_BOOLEAN:
		return (len == 4 && memcmp(text, "true", 4) == 0) ||
		       (len == 5 && memcmp(text, "false", 5) == 0) ||
		       (len == 1 && (text[0] == '0' || text[0] == '1'));
	case B_DECIMAL:
		return is_decimal(text, len);
	case B_NON_NEGATIVE_INTEGER:
		return len > 0 && len <= 18 && digits(text, len);
	case B_G_YEAR:
		return len == 4 && digits(text, 4) && number(text, 4) >= 1;
	}
	return 0;
}

/* Characters, not bytes (the text is UTF-8). */
static size_t length(const char *text, size_t len)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++)
		n += ((unsigned char)text[i] & 0xC0) != 0x80;
	return n;
}

/* libxml2's answer for TEXT (LEN bytes): its automaton wants a
 * NUL-terminated copy (the parser never hands a NUL character: XML has
 * none).  A value too long for the copy is not shown to match. */
__attribute__((noinline)) static int regexp_matches(const struct pattern *p, const char *text,
                                                    size_t len)
{
	char copy[TEXT_MAX];

	if (len >= sizeof copy)
		return 0;
	memcpy(copy, text, len);
	copy[len] = '\0';
	return xmlRegexpExec(p->regexp, (const xmlChar *)copy) == 1;
}

/* Whether TEXT (LEN bytes) matches, by either engine. */
static int pattern_matches(const struct pattern *p, const char *text, size_t len)
{
	int fast = p->fast ? sne_xsdregex_match(p->fast, text, len) : -1;

	return fast >= 0 ? fast : regexp_matches(p, text, len);
}

static int step_allows(const struct facets *f, const char *text, size_t len)
{
	size_t chars = f->min_length > 0 || f->max_length != SIZE_MAX ? length(text, len) : 0;
	int matched = f->npatterns == 0;

	if (chars < f->min_length || chars > f->max_length)
		return 0;
	if (f->nenumerations > 0) {
		size_t i;
		for (i = 0; i < f->nenumerations; i++)
			if (strlen(f->enumerations[i]) == len && memcmp(f->enumerations[i], text, len) == 0)
				break;
		if (i == f->nenumerations)
			return 0;
	}
	for (size_t i = 0; i < f->npatterns && !matched; i++)
		matched = pattern_matches(f->patterns[i], text, len);
	return matched;
}

/* Whether TEXT (LEN bytes) is a value of S, checked in full. */
static int simple_checks(const struct simple *s, const char *text, size_t len)
{
	if (!is_builtin_value(s->base, text, len))
		return 0;
	for (size_t i = 0; i < s->nsteps; i++)
		if (!step_allows(&s->steps[i], text, len))
			return 0;
	return 1;
}

/* Bytes of TEXT as one word, the first byte lowest whatever the
 * machine's order (memo_key shifts out the bytes it has already). */
static uint64_t load64(const char *text)
{
	uint64_t word;

	memcpy(&word, text, sizeof word);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	word = __builtin_bswap64(word);
#endif
	return word;
}

static uint64_t load32(const char *text)
{
	uint32_t word;

	memcpy(&word, text, sizeof word);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	word = __builtin_bswap32(word);
#endif
	return word;
}

/* The memo key of TEXT (LEN bytes, 0 < LEN < MEMO_LEN): its bytes read by
 * a few loads that may overlap, and LEN in the top byte of the last word,
 * so the loads of one length give every byte once at least.  No load
 * leaves the value, and no loop: the lengths vary from value to value,
 * and a loop's exit would be mispredicted as often. */
static void memo_key(const char *text, size_t len, uint64_t key[MEMO_WORDS])
{
	uint64_t last = (uint64_t)len << 56;

	_Static_assert(MEMO_WORDS == 3 && MEMO_LEN == 24, "memo_key fills three words");
	if (len >= 16) {
		key[0] = load64(text);
		key[1] = load64(text + 8);
		/* bytes 16 to LEN - 1, at most 7 of them */
		key[2] = (len > 16 ? load64(text + len - 8) >> (8 * (24 - len)) : 0) | last;
	} else if (len >= 8) {
		key[0] = load64(text);
		key[1] = load64(text + len - 8);
		key[2] = last;
	} else if (len >= 4) {
		key[0] = load32(text) | load32(text + len - 4) << 32;
		key[1] = 0;
		key[2] = last;
	} else {
		key[0] = (uint64_t)(unsigned char)text[0] |
		         (uint64_t)(unsigned char)text[len / 2] << 8 |
		         (uint64_t)(unsigned char)text[len - 1] << 16;
		key[1] = 0;
		key[2] = last;
	}
}

static uint64_t *memo_slot(struct value_memo *memo, const uint64_t key[MEMO_WORDS])
{
	uint64_t h = (key[0] * 0x9E3779B97F4A7C15u) ^ (key[1] * 0xC2B2AE3D27D4EB4Fu) ^
	             (key[2] * 0x165667B19E3779F9u);

	return memo->words[(h >> 32) & (MEMO_SLOTS - 1)];
}

static int is_memo_length(size_t len)
{
	return len > 0 && len < MEMO_LEN;
}

/* Whether S's memo holds TEXT (LEN bytes, need not be NUL-terminated). */
static int memo_holds(const struct simple *s, const char *text, size_t len)
{
	uint64_t key[MEMO_WORDS], *slot;

	if (s->memo == NULL || !is_memo_length(len))
		return 0;
	memo_key(text, len, key);
	slot = memo_slot(s->memo, key);
	return slot[0] == key[0] && slot[1] == key[1] && slot[2] == key[2];
}

/* Keeps TEXT, which S allows, in its memo.  A value with '&' is not kept:
 * the memo also answers for attribute values, whose character references
 * the parser leaves undecoded, so a raw value it holds must mean itself. */
static void memo_keep(const struct simple *s, const char *text, size_t len)
{
	uint64_t key[MEMO_WORDS];

	if (s->memo == NULL || !is_memo_length(len) || memchr(text, '&', len) != NULL)
		return;
	memo_key(text, len, key);
	memcpy(memo_slot(s->memo, key), key, MEMO_LEN);
}

/* Whether simple type S allows TEXT (LEN bytes). */
static int simple_allows(const struct simple *s, const char *text, size_t len)
{
	if (memo_holds(s, text, len))
		return 1;
	if (!simple_checks(s, text, len))
		return 0;
	memo_keep(s, text, len);
	return 1;
}

/* Whether S allows an attribute's VALUE (LEN bytes) as the parser gives
 * it: a reference to '&' is left undecoded, and libxml2 judges those (the
 * memo holds no value with '&'). */
static int attribute_allows(const struct simple *s, const char *value, size_t len)
{
	if (memo_holds(s, value, len))
		return 1;
	if (memchr(value, '&', len) != NULL || !simple_checks(s, value, len))
		return 0;
	memo_keep(s, value, len);
	return 1;
}

/* ------------------------------------------------------------------ */
/* checking a record: the stream's observer */

/* Whether a byte of WORD is above 0x20, in the top bit of that byte.  The
 * parser hands no character below 0x20 but tab, newline and carriage
 * return (XML has no other), so a byte at most 0x20 is white space. */
static uint64_t above_space(uint64_t word)
{
	const uint64_t low7 = 0x7F7F7F7F7F7F7F7Fu, to_top = 0x5F5F5F5F5F5F5F5Fu;

	return (((word & low7) + to_top) | word) & ~low7;
}

/* The text between the elements of a record, eight bytes at a time (the
 * last word may overlap the one before). */
static int is_whitespace(const char *text, size_t len)
{
	uint64_t above = 0;

	if (len >= 8) {
		for (size_t i = 0; i + 8 < len; i += 8)
			above |= above_space(load64(text + i));
		above |= above_space(load64(text + len - 8));
	} else if (len >= 4) {
		above = above_space(load32(text) | load32(text + len - 4) << 32);
	} else {
		for (size_t i = 0; i < len; i++)
			above |= (unsigned char)text[i] > 0x20;
	}
	return above == 0;
}

/* Whether the parser's name PARSED is the schema's NAME (entry ID of
 * parser_names): a string compare once an input, then pointers. */
static int same_name(struct sne_xsdtable *t, size_t id, const char *name, const char *parsed)
{
	struct parser_name *seen = &t->parser_names[id];

	if (seen->input == t->input)
		return seen->name == parsed;
	if (strcmp(name, parsed) != 0)
		return 0;
	seen->name = parsed;
	seen->input = t->input;
	return 1;
}

static int particle_matches(struct sne_xsdtable *t, const struct particle *p, int ns_id,
                            const char *local)
{
	if (p->element != NULL)
		return p->element->ns_id == ns_id &&
		       same_name(t, p->element->name_id, p->element->local, local);
	return !p->any_other || (ns_id != NS_NONE && ns_id != p->target_id);
}

/* The particle of the sequence the child NS:LOCAL goes to (XSD's unique
 * particle attribution makes the first that can take it the one), or
 * NULL when none can. */
static const struct particle *next_particle(struct sne_xsdtable *t, struct frame *f, int ns_id,
                                            const char *local)
{
	const struct complex *c = f->complex;

	while (f->particle < c->nparticles) {
		const struct particle *p = &c->particles[f->particle];
		if (f->count < p->max && particle_matches(t, p, ns_id, local)) {
			f->count++;
			return p;
		}
		if (f->count < p->min)
			return NULL;
		f->particle++;
		f->count = 0;
	}
	return NULL;
}

static int sequence_complete(const struct frame *f)
{
	const struct complex *c = f->complex;

	for (size_t i = f->particle; i < c->nparticles; i++)
		if ((i == f->particle ? f->count : 0) < c->particles[i].min)
			return 0;
	return 1;
}

static const struct attribute *declared_attribute(struct sne_xsdtable *t, const struct complex *c,
                                                  const char *name)
{
	for (size_t i = 0; i < c->nattributes; i++)
		if (same_name(t, c->attributes[i].name_id, c->attributes[i].name, name))
			return &c->attributes[i];
	return NULL;
}

/* The attributes of an element of complex type C (an xsi: attribute
 * is never allowed: it would change the validation). */
static int attributes_allowed(struct sne_xsdtable *t, const struct complex *c, int nb,
                              const char *const *attributes)
{
	size_t required_seen = 0;

	for (int i = 0; i < nb; i++) {
		const char *const *a = attributes + 5 * i;
		const char *value = a[3];
		size_t len = (size_t)(a[4] - a[3]);
		const struct attribute *decl;

		if (a[2] != NULL) {
			/* xsi: changes the validation; others are taken by anyAttribute */
			if (!c->any_attribute || strcmp(a[2], XSI_NS) == 0 || strcmp(a[2], XML_NS) == 0)
				return 0;
			continue;
		}
		decl = declared_attribute(t, c, a[0]);
		if (decl == NULL) {
			if (!c->any_attribute)
				return 0;
			continue;
		}
		if (!attribute_allows(decl->type, value, len))
			return 0;
		required_seen += decl->required;
	}
	return required_seen == c->nrequired;
}

/* The frame of the element starting, one level down.  The stream refuses
 * records deeper than MAX_DEPTH: the last frame is only a guard. */
static struct frame *push(struct sne_xsdtable *t)
{
	struct frame *f;

	t->depth++;
	if (t->depth >= MAX_DEPTH)
		t->passed = 0;
	f = &t->frames[t->depth < MAX_DEPTH ? t->depth : MAX_DEPTH - 1];
	*f = (struct frame){ 0 };
	return f;
}

/* Opens the frame of element E, or of a subtree not checked (SKIP), and
 * says whether its start tag is allowed. */
static int open_element(struct sne_xsdtable *t, const struct element *e, int skip, int nb,
                        const char *const *attributes)
{
	struct frame *f = push(t);

	if (skip)
		return f->skip = 1;
	if (e->simple != NULL) {
		f->simple = e->simple;
		t->text_len = 0;
		return nb == 0;
	}
	f->complex = e->complex;
	return attributes_allowed(t, e->complex, nb, attributes);
}

/* The declaration a child NS:LOCAL of the open element gets, or NULL
 * when the parent allows no such child here.  *SKIP is set under a skip
 * wildcard. */
static const struct element *child_declaration(struct sne_xsdtable *t, int ns_id,
                                               const char *uri, const char *local, int *skip)
{
	struct frame *parent = &t->frames[t->depth < MAX_DEPTH ? t->depth : MAX_DEPTH - 1];
	const struct particle *p;
	const struct element *e;

	*skip = parent->skip;
	if (parent->skip)
		return &t->any_element;
	if (parent->complex == NULL || parent->complex->content == C_EMPTY)
		return NULL; /* no element in simple or empty content */
	p = next_particle(t, parent, ns_id, local);
	if (p == NULL)
		return NULL;
	*skip = p->skip;
	if (p->element != NULL || p->skip)
		return p->element ? p->element : &t->any_element;
	/* a lax wildcard: the global declaration, or anyType (whose declared
	 * descendants are still checked) */
	e = global_seen(t, ns_id, uri, local);
	return e ? e : &t->any_element;
}

/* The namespace id of URI.  The parser interns URIs: the string of the
 * last one is remembered, within an input. */
static int uri_id(struct sne_xsdtable *t, const char *uri)
{
	if (uri == NULL)
		return NS_NONE;
	if (uri != t->last_uri) {
		t->last_uri = uri;
		t->last_uri_id = namespace_id(t, uri);
	}
	return t->last_uri_id;
}

/* A new input: the parser's strings of the last one are gone. */
static void on_begin(void *ctx)
{
	struct sne_xsdtable *t = ctx;

	t->input++;
	t->last_uri = NULL;
}

static void on_start(void *ctx, int depth, const char *uri, const char *local, int nb,
                     const char *const *attributes)
{
	struct sne_xsdtable *t = ctx;
	const struct element *e;
	int skip = 0;

	if (depth == 0) { /* the record element */
		t->depth = -1;
		t->passed = 1;
		e = global_seen(t, uri_id(t, uri), uri, local);
	} else if (!t->passed) {
		push(t); /* only counted */
		return;
	} else {
		e = child_declaration(t, uri_id(t, uri), uri, local, &skip);
	}
	if (e == NULL) {
		push(t);
		t->passed = 0;
	} else if (!open_element(t, e, skip, nb, attributes)) {
		t->passed = 0;
	}
}

/* The element text goes to, or NULL when the record is not being checked
 * (any more). */
static const struct frame *text_frame(const struct sne_xsdtable *t)
{
	return t->depth >= 0 && t->passed ? &t->frames[t->depth] : NULL;
}

static void on_text(void *ctx, const char *text, size_t len)
{
	struct sne_xsdtable *t = ctx;
	const struct frame *f = text_frame(t);

	if (f == NULL || f->skip || (f->complex != NULL && f->complex->content == C_ANY_TYPE))
		return;
	if (f->complex != NULL) {
		/* element-only content: whitespace only; empty content: nothing */
		if (f->complex->content == C_EMPTY || !is_whitespace(text, len))
			t->passed = 0;
		return;
	}
	if (t->text_len + len >= sizeof t->text) {
		t->passed = 0;
		return;
	}
	memcpy(t->text + t->text_len, text, len);
	t->text_len += len;
}

/* A CDATA section, even empty or blank, is character data that element-
 * only and empty content do not allow. */
static void on_cdata(void *ctx, const char *text, size_t len)
{
	struct sne_xsdtable *t = ctx;
	const struct frame *f = text_frame(t);

	if (f == NULL)
		return;
	if (f->complex != NULL && f->complex->content != C_ANY_TYPE && !f->skip)
		t->passed = 0;
	else
		on_text(ctx, text, len);
}

static void on_end(void *ctx)
{
	struct sne_xsdtable *t = ctx;
	const struct frame *f;

	if (t->depth < 0)
		return;
	f = &t->frames[t->depth < MAX_DEPTH ? t->depth : MAX_DEPTH - 1];
	t->depth--;
	if (!t->passed || f->skip)
		return;
	if (f->simple != NULL) {
		if (!simple_allows(f->simple, t->text, t->text_len))
			t->passed = 0;
		t->text_len = 0;
	} else if (f->complex->content == C_ELEMENTS && !sequence_complete(f)) {
		t->passed = 0;
	}
}

/* ------------------------------------------------------------------ */

static void init_any_type(struct sne_xsdtable *t)
{
	t->any_type_particle = (struct particle){ NULL, 0, 0, NS_NONE, 0, UNBOUNDED };
	t->any_type = (struct complex){ .content = C_ANY_TYPE, .particles = &t->any_type_particle,
	                                .nparticles = 1, .any_attribute = 1 };
	t->any_element = (struct element){ .ns = "", .ns_id = NS_NONE, .local = "",
	                                   .name_id = t->nnames++, .complex = &t->any_type };
}

struct sne_xsdtable *sne_xsdtable_compile(const char *path, char *why, size_t why_size)
{
	struct sne_xsdtable *t = calloc(1, sizeof *t);

	if (t == NULL)
		abort();
	t->why = why;
	t->why_size = why_size;
	t->depth = -1;
	init_any_type(t);
	if (load_document(t, path, NULL) != 0 || hash_globals(t) != 0) {
		sne_xsdtable_free(t);
		return NULL;
	}
	t->why = NULL;
	t->input = 1; /* a zeroed entry of seen[] or parser_names is of no input */
	t->parser_names = calloc(t->nnames + 1, sizeof *t->parser_names);
	if (t->parser_names == NULL)
		abort();
	t->observer = (struct sne_stream_observer){ on_begin, on_start, on_text, on_cdata, on_end };
	return t;
}

void sne_xsdtable_free(struct sne_xsdtable *t)
{
	if (t == NULL)
		return;
	for (size_t i = 0; i < t->npatterns; i++) {
		xmlRegFreeRegexp(t->patterns[i]->regexp);
		sne_xsdregex_free(t->patterns[i]->fast);
	}
	free(t->patterns);
	free(t->parser_names);
	for (size_t i = 0; i < t->nallocs; i++)
		free(t->allocs[i]);
	free(t->allocs);
	free(t->simple_types.items);
	free(t->complex_types.items);
	free(t->elements.items);
	for (size_t i = 0; i < t->ndocs; i++)
		xmlFreeDoc(t->docs[i]);
	free(t);
}

void sne_xsdtable_observe(struct sne_xsdtable *t, struct sne_stream_spec *spec)
{
	spec->observer = &t->observer;
	spec->observer_ctx = t;
}

int sne_xsdtable_record_passed(const struct sne_xsdtable *t)
{
	return t->passed && t->depth < 0;
}
