/* Record streams over libxml2's SAX2 parser, with byte offsets.
 *
 * We keep our own copy of the raw input from the end of the last record
 * handed over; libxml2's cursor in its input tells us where each element
 * starts and ends (see consumed()), so a record is handed to the program
 * as the very bytes it had in the input, and the program's edits are
 * spliced into them. */
#include "sne/stream.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>

#include "sne/err.h"
#include "sne/xmltext.h"

#define READ_CHUNK 65536
#define MAX_STEPS 12
#define MAX_OPEN 16
/* Deepest element accepted: records are a dozen levels deep, and libxml2
 * does not enforce its own limit of 256 in every mode and version. */
#define MAX_DEPTH 256

struct path {
	int wanted;       /* 0: a NULL path, a field the program does not want */
	size_t nsteps;
	const char *uri[MAX_STEPS];
	char *local[MAX_STEPS];
	char *attr;       /* last step "@name", or NULL for the element's text */
	/* attr interned in the parser's dictionary, where libxml2 takes the
	 * attribute names it hands to SAX: it matches on pointers */
	const xmlChar *attr_interned;
};

#define NO_NODE ((size_t)-1)

/* A node of the field trie: one chain of element steps from the record
 * element (node 0), shared by every field whose path starts with it.  An
 * element then costs one look among the children of its parent's node,
 * whatever the number of fields declared. */
struct field_node {
	const char *uri;              /* the step, borrowed from a struct path */
	const char *local;
	/* the same interned in the parser's dictionary: a step matches on
	 * pointers */
	const xmlChar *uri_interned;
	const xmlChar *local_interned;
	size_t parent;                /* node 0 is its own parent */
	size_t *fields;               /* fields whose path ends here, ascending */
	size_t nfields;
	/* the children side by side, with their names interned once the
	 * parser exists: most elements match none, and a scan of this array
	 * costs no chain of dependent loads */
	size_t *child_nodes;
	const xmlChar **child_locals;
	size_t nchildren;
};

struct value_list {
	size_t count, cap;
	struct sne_value *items;
	size_t *text_offsets; /* into the text arena, fixed into items at record end */
};

struct edit {
	size_t start, end, order;
	size_t text_offset, len; /* into the edit arena */
};

struct growbuf {
	char *data;
	size_t len, cap;
};

/* An element fully matched by a field and still open. */
struct open_match {
	size_t field;
	size_t index;
	int depth;          /* relative depth of the element */
	struct growbuf text;
};

/* An element open inside the record, as the schema validator sees it. */
struct schema_element {
	const xmlChar *local;
	long line;
};

/* The XSD validator plugged into the stream (sne_stream_spec.schema). */
struct schema_plug {
	xmlSchemaSAXPlugPtr plug;
	xmlSAXHandlerPtr sax;         /* the validator's own SAX handlers */
	void *data;                   /* and their user data */
	int depth;                    /* elements open in the validator */
	int starting;                 /* inside the validator's start handler */
	struct schema_element open[MAX_DEPTH + 1];
	const xmlChar **root_ns;      /* the root's declarations (dict strings) */
	int root_nb;
	const xmlChar **record_ns;    /* a record's own, then the root's */
	int record_ns_cap;
};

struct stream;

struct sne_record {
	struct stream *st;
	const char *bytes;
	size_t len;
	const char *gap;
	size_t gap_len;
	size_t rank;
	long line;
	struct sne_span content;
	struct growbuf edit_text;
	struct edit *edits;
	size_t nedits, edits_cap;
	char indent[128];
};

struct stream {
	const struct sne_stream_spec *spec;
	struct sne_input *in;
	xmlParserCtxtPtr ctxt;
	struct path *paths;
	struct field_node *nodes;     /* the field trie of the paths */
	size_t nnodes;
	size_t node;                  /* node of the deepest open element that
	                                 lies on a path */
	int node_depth;               /* its depth, relative to the record: an
	                                 element deeper than node_depth + 1
	                                 cannot match */
	struct value_list *values;    /* per field */
	struct growbuf text_arena;
	struct open_match open[MAX_OPEN];
	int nopen;

	struct growbuf raw;           /* input bytes from raw_base on */
	size_t raw_base;              /* absolute offset of raw.data[0] */
	size_t emitted;               /* absolute end of the last record */
	size_t fed;                   /* absolute end of what libxml2 was given */

	int depth;                    /* current element depth, root = 1 */
	int in_record;
	int skip_fields;              /* the program wants no field of this record */
	size_t record_start;          /* absolute */
	size_t record_content_start;  /* absolute */
	long record_line;
	size_t rank;

	struct schema_plug *schema;   /* NULL without validation */
	/* Where the events of the current element go: the program's observer
	 * and the validator, while inside a record and before any failure
	 * (else NULL; kept by watch(), read three times an element). */
	const struct sne_stream_observer *observer;
	struct schema_plug *validator;

	struct growbuf root_ns;       /* declarations of the root element */
	const xmlChar **root_decls;   /* the same, as (prefix, URI) dict strings */
	int root_ndecls;
	struct growbuf record_ns;     /* root's and the record element's */
	struct growbuf inherited_ns;  /* root's not redeclared by the record */
	struct sne_record record;

	/* the envelope, outside records */
	struct sne_head head;
	int head_done;                /* on_head was called */
	int in_header;                /* inside the header element */
	int header_seen;
	int header_child_simple;      /* the header child being read has no children */
	struct growbuf header_text;   /* its text */
	char header_child[64];        /* its local name */
	struct growbuf gap_text;      /* a first gap made of spec->head_text */
	size_t last_event_fed;        /* st->fed at the last SAX event */
	size_t root_tag_start;        /* absolute offset of the root's '<' */

	int status;                   /* first failure: SNE_EX_* */
	int error_reported;
	int nerrors;
};

/* ------------------------------------------------------------------ */
/* small buffers */

static void grow(struct growbuf *b, size_t need)
{
	size_t cap;

	if (b->len + need + 1 <= b->cap)
		return;
	cap = b->cap ? b->cap : 256;
	while (cap < b->len + need + 1)
		cap *= 2;
	b->data = realloc(b->data, cap);
	if (b->data == NULL)
		abort();
	b->cap = cap;
}

/* Not inlined: where a caller bounds LEN (a value is cut at
 * SNE_VALUE_MAX), GCC would expand memcpy as "rep movsq", whose start-up
 * costs more than libc's memcpy takes for the few bytes of a value (it was
 * a fifth of the stream's own time). */
__attribute__((noinline)) static void append(struct growbuf *b, const char *bytes, size_t len)
{
	grow(b, len);
	memcpy(b->data + b->len, bytes, len);
	b->len += len;
	b->data[b->len] = '\0';
}

static void append_str(struct growbuf *b, const char *text)
{
	append(b, text, strlen(text));
}

static int growbuf_sink(void *ctx, const char *bytes, size_t len)
{
	append(ctx, bytes, len);
	return 0;
}

static void append_attr_escaped(struct growbuf *b, const char *text)
{
	sne_xml_escape(text, 1, growbuf_sink, b);
}

/* ------------------------------------------------------------------ */
/* field paths */

static const char *uri_of_alias(const char *alias, size_t len)
{
	if (len == 1) {
		switch (alias[0]) {
		case 'n': return SNE_NS_NUU;
		case 's': return SNE_NS_SUIVI;
		case 'r': return SNE_NS_RPLS;
		case 'e': return SNE_NS_ENVOI;
		}
	}
	return NULL;
}

static char *dup_range(const char *s, size_t len)
{
	char *copy = malloc(len + 1);

	if (copy == NULL)
		abort();
	memcpy(copy, s, len);
	copy[len] = '\0';
	return copy;
}

/* Compiles "p:a/p:b/@c"; a bad path is a programming error. */
static void path_compile(struct path *path, const char *text)
{
	const char *p = text;

	memset(path, 0, sizeof *path);
	if (text == NULL)
		return;
	path->wanted = 1;
	if (strcmp(text, ".") == 0)
		return;
	while (*p) {
		const char *end = strchr(p, '/');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		const char *colon = memchr(p, ':', len);

		if (*p == '@') {
			path->attr = dup_range(p + 1, len - 1);
		} else {
			if (colon == NULL || path->nsteps == MAX_STEPS ||
			    uri_of_alias(p, (size_t)(colon - p)) == NULL) {
				sne_warn("chemin de champ invalide « %s » (erreur interne)", text);
				abort();
			}
			path->uri[path->nsteps] = uri_of_alias(p, (size_t)(colon - p));
			path->local[path->nsteps] = dup_range(colon + 1, len - (size_t)(colon - p) - 1);
			path->nsteps++;
		}
		p += len;
		if (*p == '/')
			p++;
	}
}

static void path_free(struct path *path)
{
	for (size_t i = 0; i < path->nsteps; i++)
		free(path->local[i]);
	free(path->attr);
}

/* ------------------------------------------------------------------ */
/* the field trie */

static size_t trie_new_node(struct stream *st, size_t parent, const char *uri, const char *local)
{
	struct field_node *node;

	if ((st->nnodes & (st->nnodes - 1)) == 0) { /* full at 0, 1, 2, 4...: double */
		st->nodes = realloc(st->nodes, (st->nnodes ? 2 * st->nnodes : 1) * sizeof *st->nodes);
		if (st->nodes == NULL)
			abort();
	}
	node = &st->nodes[st->nnodes];
	memset(node, 0, sizeof *node);
	node->uri = uri;
	node->local = local;
	node->parent = parent;
	if (parent != NO_NODE) {
		struct field_node *p = &st->nodes[parent];
		p->child_nodes = realloc(p->child_nodes, (p->nchildren + 1) * sizeof *p->child_nodes);
		if (p->child_nodes == NULL)
			abort();
		p->child_nodes[p->nchildren++] = st->nnodes;
	}
	return st->nnodes++;
}

/* The child of PARENT for step (URI, LOCAL), made when missing. */
static size_t trie_step(struct stream *st, size_t parent, const char *uri, const char *local)
{
	const struct field_node *p = &st->nodes[parent];

	for (size_t i = 0; i < p->nchildren; i++) {
		const struct field_node *child = &st->nodes[p->child_nodes[i]];
		if (strcmp(child->uri, uri) == 0 && strcmp(child->local, local) == 0)
			return p->child_nodes[i];
	}
	return trie_new_node(st, parent, uri, local);
}

/* Adds field FIELD, its path compiled: fields are added in order, so each
 * node lists its fields in ascending order, the order of their matches. */
static void trie_add(struct stream *st, size_t field)
{
	const struct path *path = &st->paths[field];
	struct field_node *end;
	size_t node = 0;

	for (size_t i = 0; i < path->nsteps; i++)
		node = trie_step(st, node, path->uri[i], path->local[i]);
	end = &st->nodes[node];
	end->fields = realloc(end->fields, (end->nfields + 1) * sizeof *end->fields);
	if (end->fields == NULL)
		abort();
	end->fields[end->nfields++] = field;
}

/* Builds the trie of all the fields: node 0 is the record element. */
static void trie_build(struct stream *st)
{
	trie_new_node(st, NO_NODE, "", "");
	st->nodes[0].parent = 0;
	for (size_t f = 0; f < st->spec->nfields; f++)
		if (st->paths[f].wanted)
			trie_add(st, f);
}

static void trie_free(struct stream *st)
{
	for (size_t i = 0; i < st->nnodes; i++) {
		free(st->nodes[i].fields);
		free(st->nodes[i].child_locals);
		free(st->nodes[i].child_nodes);
	}
	free(st->nodes);
}

/* The child of NODE the element (LOCAL, URI) leads to, or NO_NODE: names
 * and URIs come from the parser's dictionary, as the trie's do. */
static size_t trie_child(const struct stream *st, size_t node, const xmlChar *local,
                         const xmlChar *uri)
{
	const struct field_node *n = &st->nodes[node];

	for (size_t i = 0; i < n->nchildren; i++)
		if (n->child_locals[i] == local && st->nodes[n->child_nodes[i]].uri_interned == uri)
			return n->child_nodes[i];
	return NO_NODE;
}

static const xmlChar *intern(xmlDictPtr dict, const char *name)
{
	const xmlChar *interned = xmlDictLookup(dict, BAD_CAST name, -1);

	if (interned == NULL)
		abort();
	return interned;
}

/* The interned names of NODE's children, beside their indices. */
static void children_intern(struct stream *st, struct field_node *node)
{
	node->child_locals = malloc((node->nchildren + 1) * sizeof *node->child_locals);
	if (node->child_locals == NULL)
		abort();
	for (size_t i = 0; i < node->nchildren; i++)
		node->child_locals[i] = st->nodes[node->child_nodes[i]].local_interned;
}

/* Once the parser exists: its dictionary holds every name it will hand
 * over, so equal names are equal pointers. */
static void paths_intern(struct stream *st)
{
	xmlDictPtr dict = st->ctxt->dict;

	for (size_t i = 1; i < st->nnodes; i++) {
		st->nodes[i].uri_interned = intern(dict, st->nodes[i].uri);
		st->nodes[i].local_interned = intern(dict, st->nodes[i].local);
	}
	for (size_t i = 0; i < st->nnodes; i++)
		children_intern(st, &st->nodes[i]);
	for (size_t f = 0; f < st->spec->nfields; f++)
		if (st->paths[f].attr != NULL)
			st->paths[f].attr_interned = intern(dict, st->paths[f].attr);
}

/* ------------------------------------------------------------------ */
/* offsets in the raw copy */

/* xmlByteConsumed(), whose encoder branch is never taken here (the stream
 * refuses all but UTF-8), without a call per element. */
static size_t consumed(struct stream *st)
{
	const xmlParserInput *in = st->ctxt->input;

	if (in->buf != NULL && in->buf->encoder != NULL)
		return (size_t)xmlByteConsumed(st->ctxt);
	return (size_t)in->consumed + (size_t)(in->cur - in->base);
}

static const char *raw_at(struct stream *st, size_t abs)
{
	return st->raw.data + (abs - st->raw_base);
}

/* The '<' that opens the tag ending at or before ABS (memrchr: this runs
 * for every element of every record). */
static size_t tag_start_before(struct stream *st, size_t abs)
{
	const char *lt = memrchr(st->raw.data, '<', abs - st->raw_base);

	return lt != NULL ? st->raw_base + (size_t)(lt - st->raw.data) : st->raw_base;
}

/* XML's white space (S); strchr() on a set costs a call per byte. */
static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* After a start tag's attributes: the offset just past '>' (or of '/' in
 * "/>", which the end callback completes). */
static size_t start_tag_end(struct stream *st, size_t abs)
{
	size_t end = st->raw_base + st->raw.len;

	while (abs < end && is_blank(*raw_at(st, abs)))
		abs++;
	if (abs < end && *raw_at(st, abs) == '>')
		return abs + 1;
	return abs;
}

/* ------------------------------------------------------------------ */
/* errors */

/* Sets where events go after a change of in_record or status. */
static void watch(struct stream *st)
{
	int live = st->in_record && st->status == 0;

	st->observer = live ? st->spec->observer : NULL;
	st->validator = live ? st->schema : NULL;
}

/* The first failure is the one told; the parser stops at the next token.
 * (Not from on_read: libxml2 2.9 would then move its cursor off its buffer.) */
static void record_failure(struct stream *st, int status, long line, int col, const char *what)
{
	if (st->status != 0)
		return;
	st->status = status;
	watch(st);
	if (line > 0)
		sne_warn("%s:%ld:%d: %s", sne_input_name(st->in), line, col, what);
	else
		sne_warn("%s: %s", sne_input_name(st->in), what);
}

static void fail(struct stream *st, int status, long line, int col, const char *what)
{
	record_failure(st, status, line, col, what);
	xmlStopParser(st->ctxt);
}

/* libxml2's well-formedness errors in French: its English text never
 * reaches the user (it may also quote personal data). */
static const char *french_reason(int code)
{
	switch (code) {
	case XML_ERR_DOCUMENT_EMPTY: return "document vide";
	case XML_ERR_DOCUMENT_END:
	case XML_ERR_EXTRA_CONTENT: return "contenu après la fin du document";
	case XML_ERR_TAG_NAME_MISMATCH: return "balise fermante qui ne correspond pas";
	case XML_ERR_TAG_NOT_FINISHED: return "élément non fermé (fichier tronqué ?)";
	case XML_ERR_INVALID_CHAR:
	case XML_ERR_INVALID_ENCODING: return "caractère invalide (UTF-8 invalide ou octet nul)";
	case XML_ERR_INVALID_HEX_CHARREF:
	case XML_ERR_INVALID_DEC_CHARREF:
	case XML_ERR_INVALID_CHARREF: return "référence de caractère invalide (&#…;)";
	case XML_ERR_UNDECLARED_ENTITY:
	case XML_WAR_UNDECLARED_ENTITY: return "entité non déclarée (seules &lt; &gt; &amp; &quot; "
	                                       "&apos; existent)";
	case XML_ERR_ENTITYREF_SEMICOL_MISSING: return "« ; » manquant après une référence d'entité";
	case XML_ERR_ENTITYREF_NO_NAME:
	case XML_ERR_NAME_REQUIRED: return "nom attendu (un « & » ou un « < » seul ?)";
	case XML_ERR_ENTITY_LOOP: return "boucle d'entités";
	case XML_ERR_UNSUPPORTED_ENCODING: return "encodage non pris en charge";
	case XML_ERR_NS_DECL_ERROR:
	case XML_NS_ERR_UNDEFINED_NAMESPACE: return "préfixe d'espace de noms non déclaré";
	case XML_NS_ERR_QNAME: return "nom qualifié mal formé";
	case XML_NS_ERR_XML_NAMESPACE: return "préfixe xml réservé mal employé";
	case XML_NS_ERR_EMPTY: return "espace de noms vide pour un préfixe";
	case XML_NS_ERR_COLON: return "nom avec plusieurs « : »";
	case XML_ERR_ATTRIBUTE_REDEFINED:
	case XML_NS_ERR_ATTRIBUTE_REDEFINED: return "attribut en double dans un élément";
	case XML_ERR_LT_IN_ATTRIBUTE: return "« < » dans une valeur d'attribut";
	case XML_ERR_ATTRIBUTE_NOT_STARTED: return "valeur d'attribut sans guillemets";
	case XML_ERR_ATTRIBUTE_NOT_FINISHED: return "valeur d'attribut non terminée";
	case XML_ERR_ATTRIBUTE_WITHOUT_VALUE: return "attribut sans valeur";
	case XML_ERR_STRING_NOT_STARTED:
	case XML_ERR_STRING_NOT_CLOSED:
	case XML_ERR_LITERAL_NOT_STARTED:
	case XML_ERR_LITERAL_NOT_FINISHED: return "chaîne entre guillemets mal formée";
	case XML_ERR_COMMENT_NOT_FINISHED: return "commentaire non terminé (« --> » manquant)";
	case XML_ERR_HYPHEN_IN_COMMENT: return "« -- » dans un commentaire";
	case XML_ERR_PI_NOT_STARTED:
	case XML_ERR_PI_NOT_FINISHED: return "instruction de traitement (<?…?>) mal formée";
	case XML_ERR_CDATA_NOT_FINISHED: return "section CDATA non terminée (« ]]> » manquant)";
	case XML_ERR_MISPLACED_CDATA_END: return "« ]]> » dans le texte";
	case XML_ERR_RESERVED_XML_NAME: return "déclaration XML ailleurs qu'au début du fichier";
	case XML_ERR_XMLDECL_NOT_STARTED:
	case XML_ERR_XMLDECL_NOT_FINISHED:
	case XML_ERR_VERSION_MISSING:
	case XML_ERR_STANDALONE_VALUE:
	case XML_ERR_ENCODING_NAME: return "déclaration XML (<?xml …?>) mal formée";
	case XML_ERR_SPACE_REQUIRED: return "espace attendu entre deux attributs";
	case XML_ERR_GT_REQUIRED: return "« > » attendu à la fin de la balise";
	case XML_ERR_LTSLASH_REQUIRED: return "balise fermante « </ » attendue";
	case XML_ERR_EQUAL_REQUIRED: return "« = » attendu après le nom d'un attribut";
	case XML_ERR_VALUE_REQUIRED: return "valeur attendue";
	case XML_ERR_NOT_WELL_BALANCED: return "balises mal imbriquées";
	case XML_ERR_DOCTYPE_NOT_FINISHED: return "déclaration DOCTYPE non terminée";
	case XML_ERR_NAME_TOO_LONG: return "nom trop long";
	case XML_ERR_NO_MEMORY: return "mémoire insuffisante";
	default: return NULL;
	}
}

static void on_xml_error(void *data, xmlErrorPtr error)
{
	struct stream *st = data;
	char what[SNE_WHY_MAX];
	const char *fr;

	if (error == NULL || error->level < XML_ERR_ERROR || st->status != 0)
		return;
	fr = french_reason(error->code);
	if (fr != NULL)
		snprintf(what, sizeof what, "XML mal formé : %s", fr);
	else
		snprintf(what, sizeof what, "XML mal formé (erreur %d de libxml2)", error->code);
	fail(st, SNE_EX_DATAERR, error->line, error->int2, what);
}

static void on_dtd(void *ctx, const xmlChar *name, const xmlChar *external_id,
                   const xmlChar *system_id)
{
	struct stream *st = ctx;

	(void)name, (void)external_id, (void)system_id;
	fail(st, SNE_EX_DATAERR, xmlSAX2GetLineNumber(st->ctxt), 1,
	     "déclaration DOCTYPE refusée : un flux sne ne contient ni DTD ni entités");
}

/* The encoding the document declares, or NULL: libxml2 2.9 keeps the
 * name of an encoding it switched to in the input, not the context. */
static const char *declared_encoding(struct stream *st)
{
	if (st->ctxt->input->encoding != NULL)
		return (const char *)st->ctxt->input->encoding;
	return (const char *)st->ctxt->encoding;
}

static int is_utf8_name(const char *enc)
{
	static const char *const names[] = { "UTF-8", "UTF8", "US-ASCII", "ASCII", "ANSI_X3.4-1968" };

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcasecmp(enc, names[i]) == 0)
			return 1;
	return 0;
}

/* Only UTF-8, of which US-ASCII is a subset (libxml2 then checks every
 * byte is ASCII). */
static void on_start_document(void *ctx)
{
	struct stream *st = ctx;
	const char *enc = declared_encoding(st);
	int converted = st->ctxt->input->buf != NULL && st->ctxt->input->buf->encoder != NULL;
	char what[SNE_WHY_MAX];

	if (enc != NULL ? is_utf8_name(enc) : !converted)
		return;
	snprintf(what, sizeof what, "encodage « %s » non pris en charge : convertissez le fichier "
	         "en UTF-8 (iconv -f %s -t UTF-8)", enc ? enc : "UTF-16", enc ? enc : "UTF-16");
	fail(st, SNE_EX_DATAERR, 1, 1, what);
}

/* ------------------------------------------------------------------ */
/* matches */

static struct sne_value *new_value(struct stream *st, size_t field, size_t *index)
{
	struct value_list *list = &st->values[field];

	if (list->count == list->cap) {
		list->cap = list->cap ? list->cap * 2 : 4;
		list->items = realloc(list->items, list->cap * sizeof *list->items);
		list->text_offsets = realloc(list->text_offsets, list->cap * sizeof(size_t));
		if (list->items == NULL || list->text_offsets == NULL)
			abort();
	}
	*index = list->count++;
	memset(&list->items[*index], 0, sizeof list->items[*index]);
	list->text_offsets[*index] = (size_t)-1;
	return &list->items[*index];
}

static void set_value_text(struct stream *st, size_t field, size_t index, const char *text,
                           size_t len)
{
	if (len > SNE_VALUE_MAX)
		len = SNE_VALUE_MAX;
	st->values[field].text_offsets[index] = st->text_arena.len;
	append(&st->text_arena, text, len);
	st->text_arena.len++; /* the NUL append wrote ends the value */
}

/* Attribute values: without XML_PARSE_NOENT, libxml2 hands a '&' (written
 * &amp; or &#38;) as the five characters "&#38;"; any other '&' was decoded. */
static void set_attr_text(struct stream *st, size_t field, size_t index, const char *text,
                          size_t len)
{
	struct growbuf *arena = &st->text_arena;
	size_t start = arena->len, end, w;
	const char *amp;

	set_value_text(st, field, index, text, len);
	end = arena->len - 1; /* the text, without its NUL */
	amp = memchr(arena->data + start, '&', end - start);
	if (amp == NULL)
		return; /* the common case: nothing to decode */
	start = (size_t)(amp - arena->data);
	for (size_t r = w = start; r < end; w++) {
		int amp = end - r >= 5 && memcmp(arena->data + r, "&#38;", 5) == 0;
		arena->data[w] = amp ? '&' : arena->data[r];
		r += amp ? 5 : 1;
	}
	arena->data[w] = '\0';
	arena->len = w + 1;
}

/* The attribute without namespace named NAME (interned: libxml2 hands
 * attribute names from its dictionary too). */
static const xmlChar **find_attribute(const xmlChar **attributes, int nb, const xmlChar *name)
{
	for (int i = 0; i < nb; i++) {
		const xmlChar **a = attributes + 5 * i;
		if (a[0] == name && a[2] == NULL)
			return a;
	}
	return NULL;
}

/* Records a full match of FIELD on the element just started. */
static void match_start(struct stream *st, size_t field, int depth, size_t tag_start,
                        size_t content_start, int nb_attributes, const xmlChar **attributes)
{
	const struct path *path = &st->paths[field];
	const xmlChar **attribute = NULL;
	struct sne_value *value;
	size_t index;

	if (path->attr != NULL) {
		attribute = find_attribute(attributes, nb_attributes, path->attr_interned);
		if (attribute == NULL)
			return;
	}
	value = new_value(st, field, &index);
	value->line = xmlSAX2GetLineNumber(st->ctxt);
	if (!st->spec->text_only) {
		value->element.start = tag_start - st->record_start;
		value->content.start = content_start - st->record_start;
	}
	if (attribute != NULL)
		set_attr_text(st, field, index, (const char *)attribute[3],
		              (size_t)(attribute[4] - attribute[3]));
	/* an attribute's value is whole; only its element's span is left */
	if (st->nopen == MAX_OPEN || (attribute != NULL && st->spec->text_only))
		return;
	st->open[st->nopen].field = field;
	st->open[st->nopen].index = index;
	st->open[st->nopen].depth = depth;
	st->open[st->nopen].text.len = 0;
	st->nopen++;
}

/* Completes match M of the element ending at END, whose last tag starts at
 * LAST_TAG: its end tag, or its start tag when it is self-closing. */
static void match_end(struct stream *st, struct open_match *m, size_t end, size_t last_tag)
{
	struct sne_value *value = &st->values[m->field].items[m->index];
	size_t rel_end = end - st->record_start;

	if (!st->spec->text_only) {
		value->element.end = rel_end;
		value->self_closing = end >= 2 && *raw_at(st, end - 2) == '/' &&
		                      last_tag == value->element.start + st->record_start;
		if (value->self_closing)
			value->content.start = value->content.end = rel_end - 2;
		else
			value->content.end = last_tag - st->record_start;
	}
	if (st->paths[m->field].attr == NULL)
		set_value_text(st, m->field, m->index, m->text.data ? m->text.data : "", m->text.len);
}

/* Where the element just started lies: computed only when a field
 * matches it, since most elements of a record are of no interest. */
struct located {
	int known;
	size_t tag_start, content_start;
};

static void locate(struct stream *st, struct located *at)
{
	size_t here;

	if (at->known)
		return;
	here = consumed(st);
	at->tag_start = tag_start_before(st, here);
	at->content_start = start_tag_end(st, here);
	at->known = 1;
}

/* Records the fields ending at the trie node just entered by the element
 * started at DEPTH (out of line: most elements match no field). */
__attribute__((noinline)) static void match_fields(struct stream *st, int depth,
                                                   struct located *at, int nb_attributes,
                                                   const xmlChar **attributes)
{
	const struct field_node *node = &st->nodes[st->node];

	if (node->nfields > 0 && !st->spec->text_only)
		locate(st, at);
	for (size_t i = 0; i < node->nfields; i++)
		match_start(st, node->fields[i], depth, at->tag_start, at->content_start,
		            nb_attributes, attributes);
}

/* Moves up the trie: the element on a path that led there ends. */
static void leave_node(struct stream *st)
{
	st->node = st->nodes[st->node].parent;
	st->node_depth--;
}

/* Closes the matches of the element ending at DEPTH, and moves up the trie
 * when that element was on a path. */
static void fields_end(struct stream *st, int depth, size_t end)
{
	size_t last_tag = 0;

	/* an element matched by several fields (attributes of one event) looks
	 * for its last tag once */
	if (st->nopen > 0 && st->open[st->nopen - 1].depth == depth && !st->spec->text_only)
		last_tag = tag_start_before(st, end);
	while (st->nopen > 0 && st->open[st->nopen - 1].depth == depth) {
		match_end(st, &st->open[st->nopen - 1], end, last_tag);
		st->nopen--;
	}
	if (depth > 0 && depth == st->node_depth)
		leave_node(st);
}

/* ------------------------------------------------------------------ */
/* namespaces */

static void append_ns_decls(struct growbuf *b, int nb, const xmlChar **namespaces)
{
	for (int i = 0; i < nb; i++) {
		const xmlChar *prefix = namespaces[2 * i], *uri = namespaces[2 * i + 1];
		append_str(b, " xmlns");
		if (prefix != NULL) {
			append_str(b, ":");
			append_str(b, (const char *)prefix);
		}
		append_str(b, "=\"");
		append_attr_escaped(b, uri ? (const char *)uri : "");
		append_str(b, "\"");
	}
}

/* Keeps the root's declarations: a record of a file that continues a
 * stream carries them itself, since that root is not written. */
static void keep_root_decls(struct stream *st, int nb, const xmlChar **namespaces)
{
	st->root_decls = malloc((size_t)(nb > 0 ? 2 * nb : 1) * sizeof *st->root_decls);
	if (st->root_decls == NULL)
		abort();
	if (nb > 0) /* a root without declarations has no array at all */
		memcpy(st->root_decls, namespaces, (size_t)(2 * nb) * sizeof *st->root_decls);
	st->root_ndecls = nb;
}

static int declares_prefix(int nb, const xmlChar **namespaces, const xmlChar *prefix)
{
	for (int i = 0; i < nb; i++)
		if (namespaces[2 * i] == prefix)
			return 1; /* dict strings: same prefix, same pointer */
	return 0;
}

/* Whether the root written out already declares DECL (' xmlns:p="u"'). */
static int declared_outside(const struct stream *st, const char *decl)
{
	const char *outer = st->spec->outer_namespaces;
	size_t len = strlen(decl);

	for (const char *p = outer ? strstr(outer, decl) : NULL; p; p = strstr(p + 1, decl))
		if (p[len] == '\0' || p[len] == ' ')
			return 1;
	return 0;
}

/* The root's declarations that the record element does not redeclare and
 * the root written out does not already make. */
static void inherit_root_decls(struct stream *st, int nb, const xmlChar **namespaces)
{
	struct growbuf decl = { 0 };

	st->inherited_ns.len = 0;
	for (int i = 0; i < st->root_ndecls; i++) {
		if (declares_prefix(nb, namespaces, st->root_decls[2 * i]))
			continue;
		decl.len = 0;
		append_ns_decls(&decl, 1, st->root_decls + 2 * i);
		if (!declared_outside(st, decl.data))
			append(&st->inherited_ns, decl.data, decl.len);
	}
	free(decl.data);
}

/* ------------------------------------------------------------------ */
/* records */

static void record_begin(struct stream *st, size_t tag_start, size_t content_start,
                         int nb_namespaces, const xmlChar **namespaces)
{
	st->in_record = 1;
	watch(st);
	st->record_start = tag_start;
	st->record_content_start = content_start;
	st->record_line = xmlSAX2GetLineNumber(st->ctxt);
	st->text_arena.len = 0;
	st->nopen = 0;
	for (size_t f = 0; f < st->spec->nfields; f++)
		st->values[f].count = 0;
	st->node = 0;
	st->node_depth = 0;
	st->record_ns.len = 0;
	append(&st->record_ns, st->root_ns.data ? st->root_ns.data : "", st->root_ns.len);
	append_ns_decls(&st->record_ns, nb_namespaces, namespaces);
	if (st->spec->continuation)
		inherit_root_decls(st, nb_namespaces, namespaces);
}

static void add_edit(struct sne_record *rec, size_t start, size_t end, const char *text,
                     size_t len);

/* In a file that continues a stream, the record's start tag gets the
 * declarations it inherited from its own root, which is not written. */
static void carry_root_decls(struct stream *st, struct sne_record *rec)
{
	size_t name_end;

	if (!st->spec->continuation || st->inherited_ns.len == 0)
		return;
	name_end = 1 + strcspn(rec->bytes + 1, " \t\r\n/>");
	add_edit(rec, name_end, name_end, st->inherited_ns.data, st->inherited_ns.len);
}

static void fix_value_texts(struct stream *st)
{
	for (size_t f = 0; f < st->spec->nfields; f++) {
		struct value_list *list = &st->values[f];
		for (size_t i = 0; i < list->count; i++) {
			size_t off = list->text_offsets[i];
			list->items[i].text = off == (size_t)-1 ? "" : st->text_arena.data + off;
		}
	}
}

/* The suffix of GAP made of blanks: what precedes a record in a file that
 * continues a stream. */
static size_t blank_suffix(const char *gap, size_t len)
{
	size_t n = 0;

	while (n < len && strchr(" \t\r\n", gap[len - n - 1]))
		n++;
	return n;
}

static void record_end(struct stream *st, size_t end)
{
	struct sne_record *rec = &st->record;
	int rc;

	st->in_record = 0;
	watch(st);
	st->rank++;
	fix_value_texts(st);
	rec->st = st;
	rec->bytes = raw_at(st, st->record_start);
	rec->len = end - st->record_start;
	rec->gap = raw_at(st, st->emitted);
	rec->gap_len = st->record_start - st->emitted;
	if (st->spec->continuation && st->rank == 1) {
		size_t keep = blank_suffix(rec->gap, rec->gap_len);
		rec->gap += rec->gap_len - keep;
		rec->gap_len = keep;
		if (st->spec->head_text != NULL) {
			st->gap_text.len = 0;
			append_str(&st->gap_text, st->spec->head_text);
			append(&st->gap_text, rec->gap, rec->gap_len);
			rec->gap = st->gap_text.data;
			rec->gap_len = st->gap_text.len;
		}
	}
	rec->rank = st->rank;
	rec->line = st->record_line;
	rec->content.start = st->record_content_start - st->record_start;
	rec->content.end = *raw_at(st, end - 2) == '/' && tag_start_before(st, end) == st->record_start
	                           ? rec->len - 2
	                           : tag_start_before(st, end) - st->record_start;
	if (rec->content.end < rec->content.start)
		rec->content.start = rec->content.end;
	rec->nedits = 0;
	rec->edit_text.len = 0;
	carry_root_decls(st, rec);
	rc = st->spec->on_record(rec, st->spec->ctx);
	st->emitted = end;
	if (rc != 0 && st->status == 0) {
		st->status = rc;
		watch(st);
		xmlStopParser(st->ctxt);
	}
}

/* ------------------------------------------------------------------ */
/* XSD validation in the same pass */

/* libxml2's validator as SAX handlers of its own (a plug without a user
 * handler): we call them ourselves, only inside records, and end an element
 * in the validator before the stream does. */
static struct schema_plug *schema_plug_new(xmlSchemaValidCtxtPtr valid)
{
	struct schema_plug *sp = calloc(1, sizeof *sp);

	if (sp == NULL)
		abort();
	sp->plug = xmlSchemaSAXPlug(valid, &sp->sax, &sp->data);
	if (sp->plug == NULL)
		abort(); /* only fails on a bad argument or out of memory */
	return sp;
}

static void schema_plug_free(struct schema_plug *sp)
{
	if (sp == NULL)
		return;
	xmlSchemaSAXUnplug(sp->plug); /* writes NULL back into sp->sax */
	free(sp->root_ns);
	free(sp->record_ns);
	free(sp);
}

/* The root's declarations are in scope in every record: the validator
 * resolves prefixes (xsi:type...) from the elements it has seen. */
static void schema_keep_root_ns(struct schema_plug *sp, int nb, const xmlChar **namespaces)
{
	sp->root_ns = malloc((size_t)(nb > 0 ? 2 * nb : 1) * sizeof *sp->root_ns);
	if (sp->root_ns == NULL)
		abort();
	if (nb > 0)
		memcpy(sp->root_ns, namespaces, (size_t)(2 * nb) * sizeof *sp->root_ns);
	sp->root_nb = nb;
}

/* The record element's declarations, then the root's: a prefix the record
 * redeclares resolves to the record's (the first binding found wins). */
static const xmlChar **schema_record_ns(struct schema_plug *sp, int nb, const xmlChar **namespaces)
{
	int total = nb + sp->root_nb;

	if (total > sp->record_ns_cap) {
		sp->record_ns_cap = total;
		sp->record_ns = realloc(sp->record_ns, (size_t)(2 * total) * sizeof *sp->record_ns);
		if (sp->record_ns == NULL)
			abort();
	}
	if (nb > 0)
		memcpy(sp->record_ns, namespaces, (size_t)(2 * nb) * sizeof *sp->record_ns);
	if (sp->root_nb > 0)
		memcpy(sp->record_ns + 2 * nb, sp->root_ns, (size_t)(2 * sp->root_nb) * sizeof *sp->record_ns);
	return sp->record_ns;
}

static void schema_start(struct stream *st, const xmlChar *local, const xmlChar *prefix,
                         const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
                         int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
	struct schema_plug *sp = st->schema;

	if (sp->depth == 0) {
		namespaces = schema_record_ns(sp, nb_namespaces, namespaces);
		nb_namespaces += sp->root_nb;
	}
	sp->depth++;
	sp->open[sp->depth].local = local;
	sp->open[sp->depth].line = xmlSAX2GetLineNumber(st->ctxt);
	sp->starting = 1;
	sp->sax->startElementNs(sp->data, local, prefix, uri, nb_namespaces, namespaces,
	                        nb_attributes, nb_defaulted, attributes);
	sp->starting = 0;
}

/* An element starting where its parent allows no element content: libxml2
 * reports it on the parent (as tree validation does). */
static int is_parent_content_error(int code)
{
	return code == XML_SCHEMAV_CVC_COMPLEX_TYPE_2_1 || code == XML_SCHEMAV_CVC_COMPLEX_TYPE_2_2 ||
	       code == XML_SCHEMAV_CVC_TYPE_3_1_2 || code == XML_SCHEMAV_CVC_ELT_3_2_1;
}

/* The validator's structured errors: the element it is validating is the
 * innermost one open on its side. */
static void on_schema_error(void *data, xmlErrorPtr error)
{
	struct stream *st = data;
	struct schema_plug *sp = st->schema;
	struct sne_schema_error e;
	int depth = sp->depth;

	/* every level, as xmlSchemaValidateOneElement's handler gets them */
	if (error == NULL || st->spec->on_schema_error == NULL)
		return;
	if (sp->starting && depth > 1 && is_parent_content_error(error->code))
		depth--;
	e.code = error->code;
	e.message = error->message;
	e.element = depth > 0 ? (const char *)sp->open[depth].local : "?";
	e.line = depth > 0 ? sp->open[depth].line : 0;
	st->spec->on_schema_error(&e, st->spec->schema_ctx);
}

/* ------------------------------------------------------------------ */
/* the envelope: the root, the header, nothing else between records */

static void head_field_set(struct sne_head_field *f, const char *name, const char *value,
                           size_t len)
{
	snprintf(f->name, sizeof f->name, "%s", name);
	if (len >= sizeof f->value)
		len = sizeof f->value - 1;
	memcpy(f->value, value, len);
	f->value[len] = '\0';
}

/* The root's name as written and its attributes without namespace. */
static void head_keep_root(struct stream *st, const xmlChar *local, const xmlChar *prefix,
                           int nb_attributes, const xmlChar **attributes)
{
	struct sne_head *h = &st->head;

	snprintf(h->root_qname, sizeof h->root_qname, "%s%s%s", prefix ? (const char *)prefix : "",
	         prefix ? ":" : "", (const char *)local);
	h->line = xmlSAX2GetLineNumber(st->ctxt);
	st->root_tag_start = tag_start_before(st, consumed(st));
	for (int i = 0; i < nb_attributes && h->nattributes < SNE_HEAD_FIELDS; i++) {
		const xmlChar **a = attributes + 5 * i;
		if (a[2] == NULL)
			head_field_set(&h->attributes[h->nattributes++], (const char *)a[0],
			               (const char *)a[3], (size_t)(a[4] - a[3]));
	}
}

/* The head is complete: the envelope's rule, then the program's. */
static void head_finish(struct stream *st)
{
	char why[SNE_WHY_MAX * 2];
	int rc;

	st->head_done = 1;
	st->head.source = sne_input_name(st->in);
	st->head.root_namespaces = st->root_ns.data ? st->root_ns.data : "";
	if (st->spec->envelope != NULL && st->spec->envelope->check != NULL &&
	    st->spec->envelope->check(&st->head, why, sizeof why) != 0) {
		fail(st, SNE_EX_DATAERR, st->head.line, 1, why);
		return;
	}
	if (st->spec->on_head == NULL || (rc = st->spec->on_head(&st->head, st->spec->ctx)) == 0)
		return;
	if (st->status == 0) {
		st->status = rc;
		watch(st);
		xmlStopParser(st->ctxt);
	}
}

/* The end of a root that held no record: where records would go. */
static void head_finish_empty(struct stream *st)
{
	size_t end = consumed(st);

	st->head.empty = st->rank == 0;
	st->head.self_closing = end >= 2 && *raw_at(st, end - 2) == '/' &&
	                        tag_start_before(st, end) == st->root_tag_start;
	st->head.close_at = st->head.self_closing ? end - 2 : tag_start_before(st, end);
	head_finish(st);
}

static const char *uri_or_none(const xmlChar *uri)
{
	return uri != NULL ? (const char *)uri : "aucun";
}

/* The root must be the envelope's, in the records' namespace. */
static void envelope_root(struct stream *st, const xmlChar *local, const xmlChar *uri)
{
	const struct sne_envelope *env = st->spec->envelope;
	char what[SNE_WHY_MAX * 2];

	if (env == NULL || (uri != NULL && strcmp((const char *)uri, st->spec->record_ns) == 0 &&
	                    strcmp((const char *)local, env->root_name) == 0))
		return;
	snprintf(what, sizeof what, "racine « %s » (espace de noms %s) inattendue : attendu "
	         "« %s » de l'espace de noms %s", (const char *)local, uri_or_none(uri),
	         env->root_name, st->spec->record_ns);
	fail(st, SNE_EX_DATAERR, xmlSAX2GetLineNumber(st->ctxt), 1, what);
}

static int is_header_element(struct stream *st, const xmlChar *local, const xmlChar *uri)
{
	const char *header = st->spec->envelope->header_name;

	return header != NULL && uri != NULL && strcmp((const char *)uri, st->spec->record_ns) == 0 &&
	       strcmp((const char *)local, header) == 0;
}

/* An element in the root that is not a record: the header, once, before
 * the records; anything else refuses the document. */
static void envelope_child(struct stream *st, const xmlChar *local, const xmlChar *uri)
{
	const struct sne_envelope *env = st->spec->envelope;
	long line = xmlSAX2GetLineNumber(st->ctxt);
	char what[SNE_WHY_MAX * 2];

	if (env == NULL)
		return;
	if (is_header_element(st, local, uri) && !st->header_seen && st->rank == 0) {
		st->header_seen = st->in_header = 1;
		st->head.line = line;
		return;
	}
	if (is_header_element(st, local, uri))
		snprintf(what, sizeof what, "« %s » %s : un flux n'a qu'un « %s », avant les "
		         "« %s »", env->header_name, st->header_seen ? "en double" : "après les "
		         "enregistrements", env->header_name, st->spec->record_name);
	else if (strcmp((const char *)local, st->spec->record_name) == 0)
		snprintf(what, sizeof what, "« %s » de l'espace de noms %s : attendu l'espace de "
		         "noms %s", (const char *)local, uri_or_none(uri), st->spec->record_ns);
	else
		snprintf(what, sizeof what, "élément « %s » inattendu dans « %s » : seuls %s%s%s"
		         "des « %s » y sont admis", (const char *)local, env->root_name,
		         env->header_name ? "« " : "", env->header_name ? env->header_name : "",
		         env->header_name ? " » puis " : "", st->spec->record_name);
	fail(st, SNE_EX_DATAERR, line, 1, what);
}

/* Text directly in the root: only blanks separate the records. */
static void envelope_text(struct stream *st, const xmlChar *text, int len)
{
	char what[SNE_WHY_MAX];
	int i = 0;

	if (st->in_header) {
		if (st->depth == 3 && st->header_text.len < SNE_HEAD_VALUE_MAX)
			append(&st->header_text, (const char *)text, (size_t)len);
		return;
	}
	if (st->spec->envelope == NULL || st->depth != 1)
		return;
	while (i < len && is_blank((char)text[i]))
		i++;
	if (i == len)
		return;
	snprintf(what, sizeof what, "texte « %.*s » hors des « %s » : la racine ne contient "
	         "que des éléments", len - i > 24 ? 24 : len - i, (const char *)text + i,
	         st->spec->record_name);
	fail(st, SNE_EX_DATAERR, xmlSAX2GetLineNumber(st->ctxt), 1, what);
}

/* Inside the header: its simple children are kept as fields. */
static void header_start(struct stream *st, const xmlChar *local)
{
	if (st->depth == 3) {
		snprintf(st->header_child, sizeof st->header_child, "%s", (const char *)local);
		st->header_text.len = 0;
		st->header_child_simple = 1;
	} else {
		st->header_child_simple = 0;
	}
}

static void header_end(struct stream *st)
{
	struct sne_head *h = &st->head;

	if (st->depth == 2) {
		st->in_header = 0;
		return;
	}
	if (st->depth != 3 || !st->header_child_simple || h->nfields == SNE_HEAD_FIELDS)
		return;
	head_field_set(&h->fields[h->nfields++], st->header_child,
	               st->header_text.data ? st->header_text.data : "", st->header_text.len);
}

/* libxml2 handles the attributes and declarations of one element in
 * quadratic time: refuse a hostile element before that holds the run. */
static int too_many_attributes(struct stream *st, int nb_namespaces, int nb_attributes)
{
	char what[SNE_WHY_MAX];

	if (nb_attributes <= SNE_ATTRIBUTES_MAX && nb_namespaces <= SNE_NAMESPACES_MAX)
		return 0;
	snprintf(what, sizeof what, "élément de plus de %d %s : refusé",
	         nb_attributes > SNE_ATTRIBUTES_MAX ? SNE_ATTRIBUTES_MAX : SNE_NAMESPACES_MAX,
	         nb_attributes > SNE_ATTRIBUTES_MAX ? "attributs" : "déclarations d'espace de noms");
	fail(st, SNE_EX_DATAERR, xmlSAX2GetLineNumber(st->ctxt), 1, what);
	return 1;
}

/* ------------------------------------------------------------------ */
/* SAX callbacks */

static int is_record_element(struct stream *st, const xmlChar *local, const xmlChar *uri)
{
	return uri != NULL && strcmp((const char *)uri, st->spec->record_ns) == 0 &&
	       strcmp((const char *)local, st->spec->record_name) == 0;
}

/* Asks the program, from the record's key attribute, whether it wants the
 * record's other fields. */
static void decide_fields(struct stream *st)
{
	const struct value_list *key;

	st->skip_fields = 0;
	if (st->spec->wants_fields == NULL)
		return;
	key = &st->values[st->spec->key_field];
	st->skip_fields = !st->spec->wants_fields(
		key->count > 0 && key->text_offsets[0] != (size_t)-1
			? st->text_arena.data + key->text_offsets[0] : NULL,
		st->spec->ctx);
}

__attribute__((noinline)) static void refuse_too_deep(struct stream *st)
{
	char what[SNE_WHY_MAX];

	snprintf(what, sizeof what, "XML mal formé : plus de %d niveaux d'éléments imbriqués",
	         MAX_DEPTH);
	fail(st, SNE_EX_DATAERR, xmlSAX2GetLineNumber(st->ctxt), 1, what);
}

/* An element starting outside any record: the root, or a record. */
__attribute__((noinline)) static void start_outside_record(
	struct stream *st, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri,
	int nb_namespaces,
	const xmlChar **namespaces, int nb_attributes, const xmlChar **attributes)
{
	struct located at = { 0, 0, 0 };

	if (st->depth == 1) {
		envelope_root(st, local, uri);
		if (st->status != 0)
			return; /* a halted parser has freed what ATTRIBUTES point to */
		head_keep_root(st, local, prefix, nb_attributes, attributes);
		append_ns_decls(&st->root_ns, nb_namespaces, namespaces);
		keep_root_decls(st, nb_namespaces, namespaces);
		if (st->schema != NULL)
			schema_keep_root_ns(st->schema, nb_namespaces, namespaces);
		return;
	}
	if (st->in_header) {
		header_start(st, local);
		return;
	}
	if (st->depth != 2)
		return;
	if (!is_record_element(st, local, uri)) {
		envelope_child(st, local, uri);
		return;
	}
	if (!st->head_done)
		head_finish(st);
	if (st->status != 0)
		return;
	locate(st, &at);
	record_begin(st, at.tag_start, at.content_start, nb_namespaces, namespaces);
	match_fields(st, 0, &at, nb_attributes, attributes);
	decide_fields(st);
}

/* Inside a record, an element moves down the field trie only when it is
 * the next step of a path: the common case is a test or two. */
static void stream_start(struct stream *st, const xmlChar *local, const xmlChar *prefix,
                         const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
                         int nb_attributes, const xmlChar **attributes)
{
	struct located at = { 0, 0, 0 };
	size_t child;

	if (st->status != 0)
		return;
	if (++st->depth > MAX_DEPTH) {
		refuse_too_deep(st);
		return;
	}
	if (nb_attributes > SNE_ATTRIBUTES_MAX || nb_namespaces > SNE_NAMESPACES_MAX) {
		too_many_attributes(st, nb_namespaces, nb_attributes);
		return;
	}
	if (!st->in_record) {
		start_outside_record(st, local, prefix, uri, nb_namespaces, namespaces,
		                     nb_attributes, attributes);
		return;
	}
	if (st->skip_fields || st->depth - 2 != st->node_depth + 1)
		return;
	child = trie_child(st, st->node, local, uri);
	if (child == NO_NODE)
		return; /* no field below: its end will not move up either */
	st->node = child;
	st->node_depth = st->depth - 2;
	if (st->nodes[child].nfields > 0)
		match_fields(st, st->node_depth, &at, nb_attributes, attributes);
}

/* The end of an element that closes field matches, or of the record. */
__attribute__((noinline)) static void end_matched(struct stream *st, int depth)
{
	size_t here = consumed(st);

	fields_end(st, depth, here);
	if (depth == 0)
		record_end(st, here);
}

static void stream_end(struct stream *st)
{
	if (st->status != 0)
		return;
	if (st->in_record) {
		int depth = st->depth - 2;
		if (depth == 0 || (st->nopen > 0 && st->open[st->nopen - 1].depth == depth))
			end_matched(st, depth);
		else if (depth > 0 && depth == st->node_depth)
			leave_node(st);
	} else if (st->in_header) {
		header_end(st);
	} else if (st->depth == 1 && !st->head_done) {
		head_finish_empty(st);
	}
	st->depth--;
}

static void stream_characters(struct stream *st, const xmlChar *text, int len)
{
	if (!st->in_record) {
		if (st->status == 0)
			envelope_text(st, text, len);
		return;
	}
	/* several fields may match one element (its text and an attribute) */
	for (int i = st->nopen - 1; i >= 0 && st->open[i].depth == st->depth - 2; i--)
		if (st->open[i].text.len < SNE_VALUE_MAX)
			append(&st->open[i].text, (const char *)text, (size_t)len);
}

static void on_start(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri,
                     int nb_namespaces, const xmlChar **namespaces, int nb_attributes,
                     int nb_defaulted, const xmlChar **attributes)
{
	struct stream *st = ctx;

	st->last_event_fed = st->fed;
	stream_start(st, local, prefix, uri, nb_namespaces, namespaces, nb_attributes, attributes);
	if (st->observer != NULL)
		st->observer->start(st->spec->observer_ctx, st->depth - 2, (const char *)uri,
		                    (const char *)local, nb_attributes,
		                    (const char *const *)attributes);
	if (st->validator != NULL)
		schema_start(st, local, prefix, uri, nb_namespaces, namespaces, nb_attributes,
		             nb_defaulted, attributes);
}

/* The validator ends the element first: the errors found at the end of the
 * record element come before the record is handed over. */
static void on_end(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri)
{
	struct stream *st = ctx;

	st->last_event_fed = st->fed;
	if (st->validator != NULL) {
		st->validator->sax->endElementNs(st->validator->data, local, prefix, uri);
		st->validator->depth--;
	}
	if (st->observer != NULL)
		st->observer->end(st->spec->observer_ctx);
	stream_end(st);
}

static void on_characters(void *ctx, const xmlChar *text, int len)
{
	struct stream *st = ctx;

	st->last_event_fed = st->fed;
	stream_characters(st, text, len);
	if (st->validator != NULL)
		st->validator->sax->characters(st->validator->data, text, len);
	if (st->observer != NULL)
		st->observer->text(st->spec->observer_ctx, (const char *)text, (size_t)len);
}

static void on_cdata(void *ctx, const xmlChar *text, int len)
{
	struct stream *st = ctx;

	st->last_event_fed = st->fed;
	stream_characters(st, text, len);
	if (st->validator != NULL)
		st->validator->sax->cdataBlock(st->validator->data, text, len);
	if (st->observer != NULL)
		st->observer->cdata(st->spec->observer_ctx, (const char *)text, (size_t)len);
}

/* Comments and processing instructions are events too, for the bound on
 * the bytes read without one (SNE_TOKEN_MAX). */
static void on_comment(void *ctx, const xmlChar *text)
{
	struct stream *st = ctx;

	(void)text;
	st->last_event_fed = st->fed;
}

static void on_processing_instruction(void *ctx, const xmlChar *target, const xmlChar *data)
{
	struct stream *st = ctx;

	(void)target, (void)data;
	st->last_event_fed = st->fed;
}

static void init_sax(xmlSAXHandler *sax)
{
	memset(sax, 0, sizeof *sax);
	sax->initialized = XML_SAX2_MAGIC;
	sax->startDocument = on_start_document;
	sax->internalSubset = on_dtd;
	sax->startElementNs = on_start;
	sax->endElementNs = on_end;
	sax->characters = on_characters;
	sax->ignorableWhitespace = on_characters;
	sax->cdataBlock = on_cdata;
	sax->serror = on_xml_error;
	sax->comment = on_comment;
	sax->processingInstruction = on_processing_instruction;
}

/* ------------------------------------------------------------------ */
/* the run */

/* Drops input bytes already handed over, keeping the current gap/record. */
static void compact(struct stream *st)
{
	size_t keep_from = st->emitted;
	size_t drop = keep_from - st->raw_base;

	if (drop == 0)
		return;
	memmove(st->raw.data, st->raw.data + drop, st->raw.len - drop);
	st->raw.len -= drop;
	st->raw_base = keep_from;
}

static int too_big(struct stream *st)
{
	size_t held = st->raw_base + st->raw.len - st->emitted;

	return held > SNE_RECORD_MAX + READ_CHUNK;
}

static void refuse_too_big(struct stream *st)
{
	char what[SNE_WHY_MAX];

	snprintf(what, sizeof what, "%s de plus de %u Mio : refusé",
	         st->in_record ? "enregistrement" : "contenu hors enregistrement",
	         SNE_RECORD_MAX >> 20);
	record_failure(st, SNE_EX_DATAERR, xmlSAX2GetLineNumber(st->ctxt), 1, what);
}

static void refuse_unreadable(struct stream *st)
{
	long line = xmlSAX2GetLineNumber(st->ctxt);

	/* a truncated or corrupt gzip is bad input, not an I/O failure */
	st->status = errno == EBADMSG ? SNE_EX_DATAERR : SNE_EX_IOERR;
	watch(st);
	if (line > 0)
		sne_warn("%s:%ld: lecture impossible après cette ligne : %s",
		         sne_input_name(st->in), line, sne_input_error(st->in));
	else
		sne_warn("%s: lecture impossible : %s", sne_input_name(st->in),
		         sne_input_error(st->in));
}

static void refuse_long_token(struct stream *st)
{
	char what[SNE_WHY_MAX];

	snprintf(what, sizeof what, "balise, valeur d'attribut, commentaire ou section CDATA de "
	         "plus de %u Kio : refusé", SNE_TOKEN_MAX >> 10);
	record_failure(st, SNE_EX_DATAERR, xmlSAX2GetLineNumber(st->ctxt), 1, what);
}

/* Reads the next chunk of input straight into the raw copy, after dropping
 * what was handed over.  Returns the bytes read, 0 at the end, -1 on
 * failure (recorded: the parser then meets the end of its input). */
static ssize_t refill(struct stream *st)
{
	ssize_t n;

	if (too_big(st)) {
		refuse_too_big(st);
		return -1;
	}
	compact(st);
	grow(&st->raw, READ_CHUNK);
	n = sne_input_read(st->in, st->raw.data + st->raw.len, READ_CHUNK);
	if (n < 0) {
		refuse_unreadable(st);
		return -1;
	}
	if (n == 0 && st->raw_base + st->raw.len == 0) {
		record_failure(st, SNE_EX_DATAERR, 0, 0, "document vide (fichier de 0 octet)");
		return -1;
	}
	st->raw.len += (size_t)n;
	return n;
}

/* libxml2's input: the parser pulls the raw copy as it needs it, so every
 * byte it parses is already in st->raw when a callback asks for offsets. */
static int on_read(void *ctx, char *buffer, int len)
{
	struct stream *st = ctx;
	size_t ready, give;

	if (st->status != 0)
		return -1;
	if (st->fed - st->last_event_fed > SNE_TOKEN_MAX) {
		refuse_long_token(st);
		return -1;
	}
	ready = st->raw_base + st->raw.len - st->fed;
	if (ready == 0) {
		ssize_t n = refill(st);
		if (n <= 0)
			return (int)n;
		ready = (size_t)n;
	}
	give = ready < (size_t)len ? ready : (size_t)len;
	memcpy(buffer, raw_at(st, st->fed), give);
	st->fed += give;
	return (int)give;
}

static int on_close(void *ctx)
{
	(void)ctx;
	return 0;
}

static void parser_open(struct stream *st)
{
	xmlSAXHandler sax;

	init_sax(&sax);
	if (st->spec->schema != NULL) {
		st->schema = schema_plug_new(st->spec->schema);
		xmlSchemaSetValidStructuredErrors(st->spec->schema, on_schema_error, st);
	}
	st->ctxt = xmlCreateIOParserCtxt(&sax, st, on_read, on_close, st, XML_CHAR_ENCODING_NONE);
	if (st->ctxt == NULL)
		abort();
	xmlCtxtUseOptions(st->ctxt, XML_PARSE_NONET);
	paths_intern(st);
	st->ctxt->_private = st;
	if (st->spec->observer != NULL && st->spec->observer->begin != NULL)
		st->spec->observer->begin(st->spec->observer_ctx);
}

static int finish(struct stream *st)
{
	const char *tail;
	size_t tail_len;

	if (st->status != 0)
		return st->status;
	if (st->ctxt->wellFormed == 0 || st->depth != 0) {
		fail(st, SNE_EX_DATAERR, 0, 0, "XML mal formé : document incomplet");
		return st->status;
	}
	tail = raw_at(st, st->emitted);
	tail_len = st->raw_base + st->raw.len - st->emitted;
	if (st->spec->on_tail != NULL)
		return st->spec->on_tail(tail, tail_len, st->spec->ctx);
	return 0;
}

static void stream_init(struct stream *st, struct sne_input *in, const struct sne_stream_spec *spec)
{
	memset(st, 0, sizeof *st);
	st->spec = spec;
	st->in = in;
	st->paths = calloc(spec->nfields + 1, sizeof *st->paths);
	st->values = calloc(spec->nfields + 1, sizeof *st->values);
	if (st->paths == NULL || st->values == NULL)
		abort();
	for (size_t f = 0; f < spec->nfields; f++)
		path_compile(&st->paths[f], spec->fields[f]);
	trie_build(st);
}

static void stream_free(struct stream *st)
{
	free(st->root_decls);
	free(st->inherited_ns.data);
	for (size_t f = 0; f < st->spec->nfields; f++) {
		path_free(&st->paths[f]);
		free(st->values[f].items);
		free(st->values[f].text_offsets);
	}
	for (int i = 0; i < MAX_OPEN; i++)
		free(st->open[i].text.data);
	trie_free(st);
	free(st->paths);
	free(st->values);
	free(st->text_arena.data);
	free(st->raw.data);
	free(st->root_ns.data);
	free(st->record_ns.data);
	free(st->record.edit_text.data);
	free(st->record.edits);
	free(st->header_text.data);
	free(st->gap_text.data);
	if (st->schema != NULL) {
		schema_plug_free(st->schema);
		xmlSchemaSetValidStructuredErrors(st->spec->schema, NULL, NULL); /* st is going */
	}
	if (st->ctxt != NULL)
		xmlFreeParserCtxt(st->ctxt);
}

static void discard_message(void *ctx, const char *fmt, ...)
{
	(void)ctx, (void)fmt;
}

static void discard_error(void *ctx, xmlErrorPtr error)
{
	(void)ctx, (void)error;
}

void sne_xml_silence(void)
{
	xmlSetGenericErrorFunc(NULL, discard_message);
	xmlSetStructuredErrorFunc(NULL, discard_error);
}

int sne_stream_run(struct sne_input *in, const struct sne_stream_spec *spec)
{
	struct stream st;
	int status;

	stream_init(&st, in, spec);
	parser_open(&st);
	xmlParseDocument(st.ctxt);
	status = finish(&st);
	stream_free(&st);
	return status == SNE_STREAM_STOP ? 0 : status;
}

/* ------------------------------------------------------------------ */
/* record accessors */

const char *sne_record_bytes(const struct sne_record *rec, size_t *len)
{
	*len = rec->len;
	return rec->bytes;
}

const char *sne_record_gap(const struct sne_record *rec, size_t *len)
{
	*len = rec->gap_len;
	return rec->gap;
}

size_t sne_record_rank(const struct sne_record *rec) { return rec->rank; }
long sne_record_line(const struct sne_record *rec) { return rec->line; }
const char *sne_record_source(const struct sne_record *rec) { return sne_input_name(rec->st->in); }
const char *sne_record_label(const struct sne_record *rec, const char *numero, char *buf,
                             size_t size)
{
	if (numero != NULL && numero[0] != '\0')
		return numero;
	snprintf(buf, size, "n°%zu", rec->rank);
	return buf;
}

struct sne_span sne_record_content(const struct sne_record *rec) { return rec->content; }

size_t sne_record_count(const struct sne_record *rec, size_t field)
{
	return field < rec->st->spec->nfields ? rec->st->values[field].count : 0;
}

const struct sne_value *sne_record_value(const struct sne_record *rec, size_t field, size_t index)
{
	if (index >= sne_record_count(rec, field))
		return NULL;
	return &rec->st->values[field].items[index];
}

const char *sne_record_get(const struct sne_record *rec, size_t field)
{
	const struct sne_value *v = sne_record_value(rec, field, 0);

	return v ? v->text : NULL;
}

const char *sne_record_root_namespaces(const struct sne_record *rec)
{
	return rec->st->root_ns.data ? rec->st->root_ns.data : "";
}

const char *sne_record_namespaces(const struct sne_record *rec)
{
	return rec->st->record_ns.data ? rec->st->record_ns.data : "";
}

/* Scans the declarations text for the last one binding NS. */
const char *sne_record_prefix_of(const struct sne_record *rec, const char *ns)
{
	static char prefix[64];
	const char *decls = sne_record_namespaces(rec), *found = NULL;
	size_t nslen = strlen(ns);

	for (const char *p = strstr(decls, " xmlns"); p; p = strstr(p + 1, " xmlns")) {
		const char *q = strchr(p, '"');
		if (q && strncmp(q + 1, ns, nslen) == 0 && q[1 + nslen] == '"')
			found = p;
	}
	if (found == NULL)
		return NULL;
	found += 6;
	if (*found == '=')
		return "";
	found++;
	size_t len = (size_t)(strchr(found, '=') - found);
	if (len >= sizeof prefix)
		len = sizeof prefix - 1;
	memcpy(prefix, found, len);
	prefix[len] = '\0';
	return prefix;
}

const char *sne_record_indent_at(const struct sne_record *rec, size_t offset)
{
	struct sne_record *r = (struct sne_record *)rec;
	size_t i = offset, n;

	while (i > 0 && (rec->bytes[i - 1] == ' ' || rec->bytes[i - 1] == '\t'))
		i--;
	n = offset - i;
	if (i > 0 && rec->bytes[i - 1] != '\n') {
		r->indent[0] = '\0';
		return r->indent;
	}
	if (i == 0) { /* the record's own start tag: look into the gap */
		size_t g = rec->gap_len;
		while (g > 0 && (rec->gap[g - 1] == ' ' || rec->gap[g - 1] == '\t'))
			g--;
		n = rec->gap_len - g;
		if (n + 2 > sizeof r->indent)
			n = sizeof r->indent - 2;
		r->indent[0] = '\n';
		memcpy(r->indent + 1, rec->gap + g, n);
		r->indent[n + 1] = '\0';
		return r->indent;
	}
	if (n + 2 > sizeof r->indent)
		n = sizeof r->indent - 2;
	r->indent[0] = '\n';
	memcpy(r->indent + 1, rec->bytes + offset - n, n);
	r->indent[n + 1] = '\0';
	return r->indent;
}

/* ------------------------------------------------------------------ */
/* edits */

static void add_edit(struct sne_record *rec, size_t start, size_t end, const char *text, size_t len)
{
	struct edit *e;

	if (rec->nedits == rec->edits_cap) {
		rec->edits_cap = rec->edits_cap ? rec->edits_cap * 2 : 8;
		rec->edits = realloc(rec->edits, rec->edits_cap * sizeof *rec->edits);
		if (rec->edits == NULL)
			abort();
	}
	e = &rec->edits[rec->nedits];
	e->start = start;
	e->end = end;
	e->order = rec->nedits++;
	e->text_offset = rec->edit_text.len;
	e->len = len;
	append(&rec->edit_text, text, len);
}

void sne_record_replace(struct sne_record *rec, struct sne_span span, const char *text, size_t len)
{
	add_edit(rec, span.start, span.end, text, len);
}

void sne_record_insert(struct sne_record *rec, size_t offset, const char *text, size_t len)
{
	add_edit(rec, offset, offset, text, len);
}

static void append_text_escaped(struct growbuf *b, const char *text)
{
	sne_xml_escape(text, 0, growbuf_sink, b);
}

void sne_record_set_text(struct sne_record *rec, const struct sne_value *value, const char *text)
{
	struct growbuf b = { 0 };

	if (value->self_closing) {
		const char *name = rec->bytes + value->element.start + 1;
		size_t n = strcspn(name, " \t\r\n/>");
		append_str(&b, "<");
		append(&b, name, n);
		append_str(&b, ">");
		append_text_escaped(&b, text);
		append_str(&b, "</");
		append(&b, name, n);
		append_str(&b, ">");
		add_edit(rec, value->element.start, value->element.end, b.data, b.len);
	} else {
		append_text_escaped(&b, text);
		add_edit(rec, value->content.start, value->content.end, b.data ? b.data : "", b.len);
	}
	free(b.data);
}

int sne_record_changed(const struct sne_record *rec) { return rec->nedits > 0; }

static int edit_cmp(const void *a, const void *b)
{
	const struct edit *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

int sne_record_write_bytes(const struct sne_record *rec, struct sne_output *out)
{
	size_t pos = 0;

	if (rec->nedits > 1)
		qsort(rec->edits, rec->nedits, sizeof *rec->edits, edit_cmp);
	for (size_t i = 0; i < rec->nedits; i++) {
		const struct edit *e = &rec->edits[i];
		if (e->start < pos)
			abort(); /* overlapping edits: a programming error */
		if (sne_output_write(out, rec->bytes + pos, e->start - pos) != 0 ||
		    sne_output_write(out, rec->edit_text.data + e->text_offset, e->len) != 0)
			return -1;
		pos = e->end;
	}
	return sne_output_write(out, rec->bytes + pos, rec->len - pos);
}

int sne_record_write(const struct sne_record *rec, struct sne_output *out)
{
	if (sne_output_write(out, rec->gap, rec->gap_len) != 0)
		return -1;
	return sne_record_write_bytes(rec, out);
}

int sne_record_emit(const struct sne_record *rec, struct sne_output *out)
{
	if (sne_record_write(rec, out) == 0)
		return 0;
	sne_warn("%s: écriture impossible :", sne_output_name(out));
	return SNE_EX_IOERR;
}

int sne_stream_run_path(const char *path, const struct sne_stream_spec *spec,
                        const char *cannot_open)
{
	struct sne_input *in = sne_input_open(path);
	int rc;

	if (in == NULL) {
		sne_warn("%s: %s :", path, cannot_open);
		return SNE_EX_NOINPUT;
	}
	rc = sne_stream_run(in, spec);
	sne_input_close(in);
	return rc;
}
