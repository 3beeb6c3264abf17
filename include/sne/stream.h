/* Record streams: one document (interfaceNuu, RPLS reference, notices)
 * holding many records, read one record at a time in flat memory.
 *
 * The reader is libxml2's SAX2 parser, pulling 64 KB at a time; it checks
 * well-formedness of the whole document, tracks the byte offset of every
 * element the program asked about, and hands each record to a callback as
 * the bytes it had in the input.  A program copies the bytes it does not
 * change (sne_record_write) and splices only what it changes
 * (sne_record_replace / sne_record_insert), so a record left unchanged is
 * byte-identical on output and so are the untouched parts of a changed one.
 *
 * Fields are declared as paths relative to the record element, steps
 * separated by '/', each step "p:local" where p names a namespace URI:
 *   n  http://nuu.application.i2/     s  urn:sne:suivi:1
 *   r  urn:sne:rpls:1                 e  urn:sne:envoi:1
 * A last step "@name" selects an attribute (no namespace).  The path "." is
 * the record element itself.  Examples:
 *   "n:demandeLogement/n:numUnique"  "s:suivi/s:etat"
 *   "s:suivi/s:renouvellement/@prochain"  "@rpls"
 * Namespaces are matched by URI, never by prefix.  A field can match many
 * times (all communes souhaitées); each match is a struct sne_value.
 * A last step "..." ("s:suivi/...") matches the element before it, as
 * without it, and also lists the spans of its child elements, collected in
 * the same pass (sne_record_children): a program edits the element by
 * splicing its bytes, without parsing it again. */
#ifndef SNE_STREAM_H
#define SNE_STREAM_H

#include <stddef.h>

#include "sne/envelope.h"
#include "sne/io.h"

#define SNE_NS_NUU "http://nuu.application.i2/"
#define SNE_NS_SUIVI "urn:sne:suivi:1"
#define SNE_NS_RPLS "urn:sne:rpls:1"
#define SNE_NS_ENVOI "urn:sne:envoi:1"

/* Returned by on_record: stop reading, successfully. */
#define SNE_STREAM_STOP (-1)

/* Largest record accepted (bytes); a bigger one is a data error (65). */
#define SNE_RECORD_MAX (4u << 20)
/* Largest text kept for one field value; longer text is cut (and flagged). */
#define SNE_VALUE_MAX 4096
/* Hostile-input bounds, far above any real demande (sne-records(5)): the
 * attributes and the namespace declarations of one element, and the bytes
 * of one token the parser holds whole (a start tag with its attributes, an
 * attribute value, a comment, a CDATA section, a processing instruction).
 * Beyond them the document is refused (65) before libxml2's quadratic
 * handling of attributes and declarations can hold the run. */
#define SNE_ATTRIBUTES_MAX 256
#define SNE_NAMESPACES_MAX 64
#define SNE_TOKEN_MAX (64u << 10)

/* Bytes [start, end) inside the record (offsets from sne_record.bytes). */
struct sne_span {
	size_t start;
	size_t end;
};

/* One match of a field. */
struct sne_value {
	const char *text;          /* attribute value, or the element's text
	                              (its character data, entities decoded);
	                              NUL-terminated, borrowed from the record */
	struct sne_span element;   /* the whole matched element, tags included */
	struct sne_span content;   /* between its start and end tags (empty at
	                              element.end - 2 for <x/>) */
	int self_closing;          /* the element was written <x/> */
	long line;                 /* line of the element's start tag */
	size_t element_id;         /* the same for every match on one element
	                              (the attributes of a repeated element),
	                              different for two elements; set with
	                              text_only too (no span then) */
};

/* A child element of a match of a "..." field. */
struct sne_child {
	const char *uri;           /* namespace URI, or NULL; borrowed */
	const char *local;         /* local name; borrowed */
	struct sne_span element;   /* tags included */
	struct sne_span content;   /* as in struct sne_value */
	int self_closing;
};

struct sne_record;
struct _xmlSchemaValidCtxt;

/* A schema error met inside a record (sne_stream_spec.schema). */
struct sne_schema_error {
	int code;                /* libxml2's error code (xmlParserErrors) */
	const char *message;     /* libxml2's message, in English */
	const char *element;     /* local name of the element being validated */
	long line;               /* line of its start tag */
};

/* Sees the events inside records, in document order: for a check that
 * needs the whole record (sne_xsdtable).  start gets the element's depth
 * in the record (0 for the record element), its namespace URI (NULL without), its local name and its attributes in
 * libxml2's layout: 5 pointers per attribute (local name, prefix, URI,
 * value start, value end; the value is not NUL-terminated and entity
 * references in it are not decoded).  text gets character data (entities
 * decoded), cdata the content of a CDATA section (maybe empty).  The
 * record element's end comes before on_record.  begin (may be NULL) comes
 * before the first event of each input: the name and URI strings of the
 * previous input are gone (within one input, a name is always given by the
 * same pointer, which an observer may use as a key). */
struct sne_stream_observer {
	void (*begin)(void *ctx);
	void (*start)(void *ctx, int depth, const char *uri, const char *local, int nb_attributes,
	              const char *const *attributes);
	void (*text)(void *ctx, const char *text, size_t len);
	void (*cdata)(void *ctx, const char *text, size_t len);
	void (*end)(void *ctx);
};

/* What a program asks of a stream. */
struct sne_stream_split;

struct sne_stream_spec {
	const char *record_ns;       /* namespace URI of a record element */
	const char *record_name;     /* local name: "demande", "logement" ... */
	const char *const *fields;   /* paths; the index is the field id; a NULL
	                                path is a field not wanted (no match) */
	size_t nfields;
	/* The program reads only the text and line of the values: their
	 * element and content spans are not worked out (left at 0), but for
	 * a field whose last step is "..." (the suivi a program edits), whose
	 * spans and children are. */
	int text_only;
	/* Called for each record, in order.  Return 0 to go on, an SNE_EX_*
	 * code to stop the run with it, or SNE_STREAM_STOP to stop reading
	 * there, successfully: the rest of the input is neither read nor
	 * checked, and on_tail is not called (a lookup that found all it
	 * wanted). */
	int (*on_record)(struct sne_record *record, void *ctx);
	/* Called once at the end with the bytes after the last record (the
	 * closing root tag...), or the whole document when it holds no record.
	 * May be NULL. */
	int (*on_tail)(const char *bytes, size_t len, void *ctx);
	void *ctx;
	/* Set by a caller merging several files into one output stream: this
	 * input continues a stream already started, so the first record's gap
	 * is cut to the whitespace before the record (no second prolog). */
	int continuation;
	/* Optional: once the record element's own attributes are read, decides
	 * from the text of field KEY_FIELD (a path "@name") whether the other
	 * fields of this record are wanted.  A record not wanted is still
	 * handed to on_record, with only its attribute fields, at little more
	 * than the cost of copying it (sne-rpls-load looks at the few dwellings
	 * of its batch among millions). */
	int (*wants_fields)(const char *key, void *ctx);
	size_t key_field;
	/* With continuation: the declarations of the root actually written
	 * (text as sne_record_root_namespaces() gives it); the records of this
	 * file do not repeat those.  May be NULL. */
	const char *outer_namespaces;
	/* Optional XSD validation in the same pass (NULL: none): each record
	 * element is validated as it is read, the way
	 * xmlSchemaValidateOneElement() would validate the record alone (the
	 * root and what lies between records are not validated).  The errors
	 * of a record go to on_schema_error, with schema_ctx, before on_record
	 * is called for it.  The stream owns the context's error handler while
	 * it runs. */
	struct _xmlSchemaValidCtxt *schema;
	void (*on_schema_error)(const struct sne_schema_error *error, void *schema_ctx);
	void *schema_ctx;
	/* Optional (NULL: none): events inside records, with observer_ctx. */
	const struct sne_stream_observer *observer;
	void *observer_ctx;
	/* The envelope the document must have (sne/envelope.h): a document of
	 * another shape is refused (65) where the difference is met.  NULL:
	 * any root, anything between records (unit tests). */
	const struct sne_envelope *envelope;
	/* Optional: called once per input with what its envelope says, once
	 * the envelope's own check passed: before the first record, or at the
	 * end of the root when there is none.  Returns 0 to go on, or an
	 * SNE_EX_* code that stops the run with it. */
	int (*on_head)(const struct sne_head *head, void *ctx);
	/* With continuation: written in place of the first record's gap,
	 * before the blanks that precede the record (the head of a first input
	 * that held no record: sne_cli's merge).  NULL: none. */
	const char *head_text;
	/* Optional (NULL: one pass): the program's work can be done in parts
	 * of the input, each in a thread of its own (see sne_stream_split). */
	const struct sne_stream_split *split;
};

/* A program whose work over the records of one file can be done in parts,
 * each part of the file read by a thread of its own into a context of its
 * own, the contexts then added together in the order of the file
 * (sne-stats' counts).  sne_stream_run() tries it when the spec has a
 * split, on a regular file of SNE_SPLIT_MIN bytes or more, with as many
 * parts as processors (at most SNE_SPLIT_MAX; $SNE_PARTIES sets the number,
 * whatever the size: 1 is one pass).  A part that fails or says anything (a
 * warning, an error) makes the run start again in one pass: what the
 * program says and gives is what one pass would give.  A spec with a
 * split has no on_head, wants_fields, schema, continuation nor head_text;
 * its on_tail runs once, in the calling thread, after the joins. */
struct sne_stream_split {
	/* Gives PART (a copy of the program's spec) a context of its own:
	 * sets part->ctx, and whatever else of the spec points into the
	 * program's context (the observer's context...).  0, or -1 when it
	 * cannot: then one pass. */
	int (*fork)(const struct sne_stream_spec *spec, struct sne_stream_spec *part);
	/* Adds what PART did into the program's context (SPEC's); called for
	 * each part in the order of the file, then drop. */
	void (*join)(const struct sne_stream_spec *spec, const struct sne_stream_spec *part);
	/* Frees what fork gave PART. */
	void (*drop)(struct sne_stream_spec *part);
};
#define SNE_SPLIT_MIN (32LL << 20)
#define SNE_SPLIT_MAX 8

/* Reads IN to the end, calling the spec's callbacks.  Returns 0, the code
 * a callback returned, SNE_EX_DATAERR after printing "prog: file:line:col:
 * message" for input that is not well-formed (or has a DTD, a non-UTF-8
 * encoding, a record over SNE_RECORD_MAX), or SNE_EX_IOERR on a read error.
 * Records before the error have been handed over already. */
int sne_stream_run(struct sne_input *in, const struct sne_stream_spec *spec);
/* The split run of sne_stream_run() (lib/stream_split.c): -1 when it does
 * not apply or a part failed (nothing was handed to the program's
 * context, IN was not read: run one pass), else what one pass returns. */
int sne_stream_split_run(struct sne_input *in, const struct sne_stream_spec *spec);
/* The number of parts sne_stream_split_run() makes of a file of SIZE
 * bytes: $SNE_PARTIES (1 to 64), else 1 under SNE_SPLIT_MIN, else the
 * processors online; SNE_SPLIT_MAX at most. */
int sne_stream_split_parts(long long size);
/* sne_stream_run() over the file at PATH (gzip or not): when it cannot be
 * opened, says "prog: PATH: CANNOT_OPEN : reason" and returns
 * SNE_EX_NOINPUT. */
int sne_stream_run_path(const char *path, const struct sne_stream_spec *spec,
                        const char *cannot_open);

/* Keeps libxml2 from printing anything itself (its English text, such as
 * validity errors of xml:id met when a record is parsed alone): every
 * message goes through the toolkit's own handlers.  Called once by each
 * program (sne_cli_init) and by the library's users of libxml2. */
void sne_xml_silence(void);

/* The record as it came in.  Borrowed, valid during the callback. */
const char *sne_record_bytes(const struct sne_record *record, size_t *len);
/* The bytes between the previous record (or the document start) and this
 * one: the prolog, the root start tag and header before the first record,
 * whitespace between records. Borrowed. */
const char *sne_record_gap(const struct sne_record *record, size_t *len);
/* 1 for the first record. */
size_t sne_record_rank(const struct sne_record *record);
/* Line of the record's start tag in its input. */
long sne_record_line(const struct sne_record *record);
/* Input name, for messages.  Borrowed. */
const char *sne_record_source(const struct sne_record *record);
/* The input the record was read from.  Borrowed. */
const struct sne_input *sne_record_input(const struct sne_record *record);
/* How messages name the record: NUMERO when it is non-empty, else its
 * rank "n°12" written into BUF.  Returns NUMERO or BUF. */
const char *sne_record_label(const struct sne_record *record, const char *numero, char *buf,
                             size_t size);
/* The span of the record element's content (between its tags). */
struct sne_span sne_record_content(const struct sne_record *record);

/* Number of matches of field FIELD. */
size_t sne_record_count(const struct sne_record *record, size_t field);
/* Match INDEX of FIELD, or NULL.  Borrowed. */
const struct sne_value *sne_record_value(const struct sne_record *record, size_t field,
                                         size_t index);
/* The child elements of match INDEX of FIELD, in document order: sets
 * *CHILDREN (borrowed, valid during the callback) and *N.  Returns -1 when
 * FIELD was not declared with a last step "...", else 0 (N is 0 for a match without children or no match). */
int sne_record_children(const struct sne_record *record, size_t field, size_t index,
                        const struct sne_child **children, size_t *n);
/* Text of the first match of FIELD, or NULL when absent.  Borrowed. */
const char *sne_record_get(const struct sne_record *record, size_t field);
/* The text of attribute field FIELD on the element OF was matched on (an
 * attribute of the same repeated element, e.g. the @date of the s:envoi
 * whose @type is OF), or NULL when that element has none.  Borrowed. */
const char *sne_record_attribute_of(const struct sne_record *record, size_t field,
                                    const struct sne_value *of);

/* Namespace declarations in scope at the record element, as attribute
 * text (' xmlns:ns1="..." xmlns="..."'), for parsing a piece of the record
 * on its own.  Borrowed. */
const char *sne_record_namespaces(const struct sne_record *record);
/* The declarations of the record's root element only, same form.
 * Borrowed. */
const char *sne_record_root_namespaces(const struct sne_record *record);
/* The prefix the record uses for namespace URI NS (from its declarations in
 * scope): "ns1", "" for the default namespace, NULL when not declared.
 * Borrowed. */
const char *sne_record_prefix_of(const struct sne_record *record, const char *ns);
/* The whitespace that precedes the element starting at OFFSET in the
 * record, from the last newline ("\n        "), for inserting a sibling
 * with the same indentation.  Borrowed, valid until the next call. */
const char *sne_record_indent_at(const struct sne_record *record, size_t offset);

/* Edits: replace bytes [SPAN.start, SPAN.end) of the record by TEXT (LEN
 * bytes, copied).  Spans of edits of one record must not overlap. */
void sne_record_replace(struct sne_record *record, struct sne_span span, const char *text,
                        size_t len);
/* Inserts TEXT (copied) at OFFSET; several inserts at one offset keep their
 * order. */
void sne_record_insert(struct sne_record *record, size_t offset, const char *text,
                       size_t len);
/* Replaces the content (text) of the matched element VALUE by TEXT, XML
 * escaped; a self-closing <x/> becomes <x>TEXT</x>. */
void sne_record_set_text(struct sne_record *record, const struct sne_value *value,
                         const char *text);
/* Whether the record has edits. */
int sne_record_changed(const struct sne_record *record);
/* The span of the record's suivi element as read, which sne_suivi_load()
 * notes: 1 and *SPAN, or 0 when no suivi was loaded from this record.  A
 * register store reads it to parse again only the suivi of a record whose
 * other bytes the program left as they were. */
int sne_record_suivi(const struct sne_record *record, struct sne_span *span);
void sne_record_note_suivi(struct sne_record *record, struct sne_span span);

/* Writes the record's gap then the record with its edits.  0, or -1 with
 * errno set. */
int sne_record_write(const struct sne_record *record, struct sne_output *out);
/* sne_record_write(), saying "NAME: écriture impossible : why" and
 * returning SNE_EX_IOERR on failure, else 0. */
int sne_record_emit(const struct sne_record *record, struct sne_output *out);
/* Writes only the record with its edits (no gap). */
int sne_record_write_bytes(const struct sne_record *record, struct sne_output *out);

#endif
