/* Record streams over libxml2's SAX2 parser, with byte offsets: the driver.
 *
 * We keep our own copy of the raw input from the end of the last record
 * handed over; libxml2's cursor in its input tells us where each element
 * starts and ends (see consumed()), so a record is handed to the program
 * as the very bytes it had in the input, and the program's edits are
 * spliced into them.  The modules it drives are listed in
 * stream_internal.h. */
#include "stream_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sne/err.h"
#include "sne/xmltext.h"

/* Sets where events go after a change of in_record or status. */
void stream_watch(struct stream *st)
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
	stream_watch(st);
	if (line > 0)
		sne_warn("%s:%ld:%d: %s", sne_input_name(st->in), line, col, what);
	else
		sne_warn("%s: %s", sne_input_name(st->in), what);
}

void stream_fail(struct stream *st, int status, long line, int col, const char *what)
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

static void on_xml_error(void *data, sne_xml_error error)
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
	stream_fail(st, SNE_EX_DATAERR, error->line, error->int2, what);
}

static void on_dtd(void *ctx, const xmlChar *name, const xmlChar *external_id,
                   const xmlChar *system_id)
{
	struct stream *st = ctx;

	(void)name, (void)external_id, (void)system_id;
	stream_fail(st, SNE_EX_DATAERR, xmlSAX2GetLineNumber(st->ctxt), 1,
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
	stream_fail(st, SNE_EX_DATAERR, 1, 1, what);
}

static void record_begin(struct stream *st, size_t tag_start, size_t content_start,
                         int nb_namespaces, const xmlChar **namespaces)
{
	st->in_record = 1;
	stream_watch(st);
	st->record_start = tag_start;
	st->record_content_start = content_start;
	st->record_line = xmlSAX2GetLineNumber(st->ctxt);
	st->text_arena.len = 0;
	st->nopen = 0;
	st->nchildren = 0;
	st->collect_depth = -1;
	for (size_t f = 0; f < st->spec->nfields; f++)
		st->values[f].count = 0;
	st->node = 0;
	st->node_depth = 0;
	st->record_ns.len = 0;
	stream_append(&st->record_ns, st->root_ns.data ? st->root_ns.data : "", st->root_ns.len);
	stream_append_ns_decls(&st->record_ns, nb_namespaces, namespaces);
	if (st->spec->continuation)
		stream_inherit_root_decls(st, nb_namespaces, namespaces);
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
	stream_watch(st);
	st->rank++;
	stream_fix_value_texts(st);
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
			stream_append_str(&st->gap_text, st->spec->head_text);
			stream_append(&st->gap_text, rec->gap, rec->gap_len);
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
	rec->has_suivi = 0;
	stream_carry_root_decls(st, rec);
	rc = st->spec->on_record(rec, st->spec->ctx);
	st->emitted = end;
	if (rc != 0 && st->status == 0) {
		st->status = rc;
		stream_watch(st);
		xmlStopParser(st->ctxt);
	}
}

static int is_record_element(struct stream *st, const xmlChar *local, const xmlChar *uri)
{
	return uri != NULL && strcmp((const char *)uri, st->spec->record_ns) == 0 &&
	       strcmp((const char *)local, st->spec->record_name) == 0;
}

__attribute__((noinline)) static void refuse_too_deep(struct stream *st)
{
	char what[SNE_WHY_MAX];

	snprintf(what, sizeof what, "XML mal formé : plus de %d niveaux d'éléments imbriqués",
	         MAX_DEPTH);
	stream_fail(st, SNE_EX_DATAERR, xmlSAX2GetLineNumber(st->ctxt), 1, what);
}

/* An element starting outside any record: the root, or a record. */
__attribute__((noinline)) static void start_outside_record(
	struct stream *st, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri,
	int nb_namespaces,
	const xmlChar **namespaces, int nb_attributes, const xmlChar **attributes)
{
	struct located at = { 0, 0, 0 };

	if (st->depth == 1) {
		stream_envelope_root(st, local, uri);
		if (st->status != 0)
			return; /* a halted parser has freed what ATTRIBUTES point to */
		stream_head_keep_root(st, local, prefix, nb_attributes, attributes);
		stream_append_ns_decls(&st->root_ns, nb_namespaces, namespaces);
		stream_keep_root_decls(st, nb_namespaces, namespaces);
		if (st->schema != NULL)
			stream_schema_keep_root_ns(st->schema, nb_namespaces, namespaces);
		return;
	}
	if (st->in_header) {
		stream_header_start(st, local);
		return;
	}
	if (st->depth != 2)
		return;
	if (!is_record_element(st, local, uri)) {
		stream_envelope_child(st, local, uri);
		return;
	}
	if (!st->head_done)
		stream_head_finish(st);
	if (st->status != 0)
		return;
	stream_locate(st, &at);
	record_begin(st, at.tag_start, at.content_start, nb_namespaces, namespaces);
	stream_match_fields(st, 0, &at, nb_attributes, attributes);
	stream_decide_fields(st);
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
		stream_too_many_attributes(st, nb_namespaces, nb_attributes);
		return;
	}
	if (!st->in_record) {
		start_outside_record(st, local, prefix, uri, nb_namespaces, namespaces,
		                     nb_attributes, attributes);
		return;
	}
	if (st->collect_depth >= 0 && st->depth - 2 == st->collect_depth + 1)
		stream_children_start(st, &at, local, uri);
	if (st->skip_fields || st->depth - 2 != st->node_depth + 1)
		return;
	child = stream_trie_child(st, st->node, local, uri);
	if (child == NO_NODE)
		return; /* no field below: its end will not move up either */
	st->node = child;
	st->node_depth = st->depth - 2;
	if (st->nodes[child].nfields > 0)
		stream_match_fields(st, st->node_depth, &at, nb_attributes, attributes);
}

/* The end of an element that closes field matches, or of the record. */
__attribute__((noinline)) static void end_matched(struct stream *st, int depth)
{
	size_t here = consumed(st);

	stream_fields_end(st, depth, here);
	if (depth == 0)
		record_end(st, here);
}

static void stream_end(struct stream *st)
{
	if (st->status != 0)
		return;
	if (st->in_record) {
		int depth = st->depth - 2;
		if (st->collect_depth >= 0 && depth <= st->collect_depth + 1)
			stream_children_end(st, depth);
		if (depth == 0 || (st->nopen > 0 && st->open[st->nopen - 1].depth == depth))
			end_matched(st, depth);
		else if (depth > 0 && depth == st->node_depth)
			stream_leave_node(st);
	} else if (st->in_header) {
		stream_header_end(st);
	} else if (st->depth == 1 && !st->head_done) {
		stream_head_finish_empty(st);
	}
	st->depth--;
}

static void stream_characters(struct stream *st, const xmlChar *text, int len)
{
	if (!st->in_record) {
		if (st->status == 0)
			stream_envelope_text(st, text, len);
		return;
	}
	/* several fields may match one element (its text and an attribute) */
	for (int i = st->nopen - 1; i >= 0 && st->open[i].depth == st->depth - 2; i--)
		if (st->open[i].text.len < SNE_VALUE_MAX)
			stream_append(&st->open[i].text, (const char *)text, (size_t)len);
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
		stream_schema_start(st, local, prefix, uri, nb_namespaces, namespaces, nb_attributes,
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
	stream_watch(st);
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
	stream_grow(&st->raw, READ_CHUNK);
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
		st->schema = stream_schema_plug_new(st->spec->schema);
		xmlSchemaSetValidStructuredErrors(st->spec->schema, stream_on_schema_error, st);
	}
	st->ctxt = xmlCreateIOParserCtxt(&sax, st, on_read, on_close, st, XML_CHAR_ENCODING_NONE);
	if (st->ctxt == NULL)
		abort();
	xmlCtxtUseOptions(st->ctxt, XML_PARSE_NONET);
	stream_paths_intern(st);
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
		stream_fail(st, SNE_EX_DATAERR, 0, 0, "XML mal formé : document incomplet");
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
	for (size_t f = 0; f < spec->nfields; f++) {
		stream_path_compile(&st->paths[f], spec->fields[f]);
		st->paths[f].spans = !spec->text_only || st->paths[f].children;
	}
	stream_trie_build(st);
}

static void stream_free(struct stream *st)
{
	free(st->root_decls);
	free(st->inherited_ns.data);
	for (size_t f = 0; f < st->spec->nfields; f++) {
		stream_path_free(&st->paths[f]);
		free(st->values[f].items);
		free(st->values[f].text_offsets);
		free(st->values[f].child_first);
		free(st->values[f].child_count);
	}
	free(st->children);
	for (int i = 0; i < MAX_OPEN; i++)
		free(st->open[i].text.data);
	stream_trie_free(st);
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
		stream_schema_plug_free(st->schema);
		xmlSchemaSetValidStructuredErrors(st->spec->schema, NULL, NULL); /* st is going */
	}
	if (st->ctxt != NULL)
		xmlFreeParserCtxt(st->ctxt);
}

static void discard_message(void *ctx, const char *fmt, ...)
{
	(void)ctx, (void)fmt;
}

static void discard_error(void *ctx, sne_xml_error error)
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

	if (spec->split != NULL && (status = sne_stream_split_run(in, spec)) >= 0)
		return status;
	stream_init(&st, in, spec);
	parser_open(&st);
	xmlParseDocument(st.ctxt);
	status = finish(&st);
	stream_free(&st);
	return status == SNE_STREAM_STOP ? 0 : status;
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
