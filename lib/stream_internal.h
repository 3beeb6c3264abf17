/* Inside the record stream (sne/stream.h): the state one run shares
 * between its modules.  Not for programs: only lib/stream*.c and
 * lib/record.c include it.
 *   stream.c             the SAX driver: raw copy, offsets, errors, the run
 *   stream_fields.c      field paths, their trie, the matches of a record
 *   stream_namespaces.c  declarations carried to records of later inputs
 *   stream_envelope.c    the root, the header, what lies between records
 *   stream_schema.c      libxml2's validator plugged into the pass
 *   stream_children.c    the child elements of a match ("..." fields)
 *   stream_buffer.c      growing buffers
 *   record.c             the record: accessors, edits, writing */
#ifndef SNE_STREAM_INTERNAL_H
#define SNE_STREAM_INTERNAL_H

#include <stddef.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>

#include "sne/stream.h"
#include "xml_error.h"

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
	/* last step "...": each match also lists its child elements */
	int children;
	/* its matches get their element and content spans: every field of a
	 * spec not text_only, and a "..." field always */
	int spans;
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
	int spans;                    /* one of those fields wants spans */
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
	/* with path->children: each match's children in stream->children */
	size_t *child_first, *child_count;
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
	struct sne_span suivi;        /* noted by sne_suivi_load(), if has_suivi */
	int has_suivi;
	struct growbuf edit_text;
	struct edit *edits;
	size_t nedits, edits_cap;
	char indent[128];
};

struct stream {
	const struct sne_stream_spec *spec;
	size_t matched_elements;      /* elements that matched a field, so far:
	                                 the element_id of their values */
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
	/* the child elements of matches of "..." fields (stream_children.c):
	 * the match being listed, at relative depth collect_depth (-1: none) */
	struct sne_child *children;
	size_t nchildren, children_cap;
	int collect_depth;
	size_t collect_field, collect_index;

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

/* Where the element just started lies: computed only when a field
 * matches it, since most elements of a record are of no interest. */
struct located {
	int known;
	size_t tag_start, content_start;
};

/* ------------------------------------------------------------------ */
/* offsets in the raw copy (every element of every record: inline) */



/* xmlByteConsumed(), whose encoder branch is never taken here (the stream
 * refuses all but UTF-8), without a call per element. */
static inline size_t consumed(struct stream *st)
{
	const xmlParserInput *in = st->ctxt->input;

	if (in->buf != NULL && in->buf->encoder != NULL)
		return (size_t)xmlByteConsumed(st->ctxt);
	return (size_t)in->consumed + (size_t)(in->cur - in->base);
}


static inline const char *raw_at(struct stream *st, size_t abs)
{
	return st->raw.data + (abs - st->raw_base);
}


/* The '<' that opens the tag ending at or before ABS (memrchr: this runs
 * for every element of every record). */
static inline size_t tag_start_before(struct stream *st, size_t abs)
{
	const char *lt = memrchr(st->raw.data, '<', abs - st->raw_base);

	return lt != NULL ? st->raw_base + (size_t)(lt - st->raw.data) : st->raw_base;
}


/* XML's white space (S); strchr() on a set costs a call per byte. */
static inline int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}


/* After a start tag's attributes: the offset just past '>' (or of '/' in
 * "/>", which the end callback completes). */
static inline size_t start_tag_end(struct stream *st, size_t abs)
{
	size_t end = st->raw_base + st->raw.len;

	while (abs < end && is_blank(*raw_at(st, abs)))
		abs++;
	if (abs < end && *raw_at(st, abs) == '>')
		return abs + 1;
	return abs;
}

/* the SAX driver (stream.c) */

void stream_watch(struct stream *st);
void stream_fail(struct stream *st, int status, long line, int col, const char *what);

/* small buffers (stream_buffer.c) */

void stream_grow(struct growbuf *b, size_t need);
void stream_append(struct growbuf *b, const char *bytes, size_t len);
void stream_append_str(struct growbuf *b, const char *text);
void stream_append_attr_escaped(struct growbuf *b, const char *text);
void stream_append_text_escaped(struct growbuf *b, const char *text);

/* field paths, their trie and the matches of a record (stream_fields.c) */

void stream_path_compile(struct path *path, const char *text);
void stream_path_free(struct path *path);
void stream_trie_build(struct stream *st);
void stream_trie_free(struct stream *st);
size_t stream_trie_child(const struct stream *st, size_t node, const xmlChar *local,
                         const xmlChar *uri);
void stream_paths_intern(struct stream *st);
void stream_locate(struct stream *st, struct located *at);
void stream_match_fields(struct stream *st, int depth,
                                                   struct located *at, int nb_attributes,
                                                   const xmlChar **attributes);
void stream_leave_node(struct stream *st);
void stream_fields_end(struct stream *st, int depth, size_t end);
void stream_fix_value_texts(struct stream *st);
void stream_decide_fields(struct stream *st);

/* the child elements of "..." matches (stream_children.c) */

void stream_children_begin(struct stream *st, size_t field, size_t index, int depth);
void stream_children_start(struct stream *st, struct located *at, const xmlChar *local,
                           const xmlChar *uri);
void stream_children_end(struct stream *st, int depth);

/* namespace declarations carried across inputs (stream_namespaces.c) */

void stream_append_ns_decls(struct growbuf *b, int nb, const xmlChar **namespaces);
void stream_keep_root_decls(struct stream *st, int nb, const xmlChar **namespaces);
void stream_inherit_root_decls(struct stream *st, int nb, const xmlChar **namespaces);
void stream_carry_root_decls(struct stream *st, struct sne_record *rec);

/* the envelope: the root, the header, nothing else between records (stream_envelope.c) */

void stream_head_keep_root(struct stream *st, const xmlChar *local, const xmlChar *prefix,
                           int nb_attributes, const xmlChar **attributes);
void stream_head_finish(struct stream *st);
void stream_head_finish_empty(struct stream *st);
void stream_envelope_root(struct stream *st, const xmlChar *local, const xmlChar *uri);
void stream_envelope_child(struct stream *st, const xmlChar *local, const xmlChar *uri);
void stream_envelope_text(struct stream *st, const xmlChar *text, int len);
void stream_header_start(struct stream *st, const xmlChar *local);
void stream_header_end(struct stream *st);
int stream_too_many_attributes(struct stream *st, int nb_namespaces, int nb_attributes);

/* the XSD validator plugged into the stream (stream_schema.c) */

struct schema_plug *stream_schema_plug_new(xmlSchemaValidCtxtPtr valid);
void stream_schema_plug_free(struct schema_plug *sp);
void stream_schema_keep_root_ns(struct schema_plug *sp, int nb, const xmlChar **namespaces);
void stream_schema_start(struct stream *st, const xmlChar *local, const xmlChar *prefix,
                         const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
                         int nb_attributes, int nb_defaulted, const xmlChar **attributes);
void stream_on_schema_error(void *data, sne_xml_error error);

/* the record handed to the program: accessors, edits, writing (record.c) */

void stream_add_edit(struct sne_record *rec, size_t start, size_t end, const char *text, size_t len);

#endif
