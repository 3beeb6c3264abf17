/* The envelope of a document (sne/envelope.h): the root, the header
 * before the records, nothing else between them, and the head handed to
 * the program. */
#include "stream_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sne/err.h"
#include "sne/xmltext.h"

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
void stream_head_keep_root(struct stream *st, const xmlChar *local, const xmlChar *prefix,
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
void stream_head_finish(struct stream *st)
{
	char why[SNE_WHY_MAX * 2];
	int rc;

	st->head_done = 1;
	st->head.source = sne_input_name(st->in);
	st->head.root_namespaces = st->root_ns.data ? st->root_ns.data : "";
	if (st->spec->envelope != NULL && st->spec->envelope->check != NULL &&
	    st->spec->envelope->check(&st->head, why, sizeof why) != 0) {
		stream_fail(st, SNE_EX_DATAERR, st->head.line, 1, why);
		return;
	}
	if (st->spec->on_head == NULL || (rc = st->spec->on_head(&st->head, st->spec->ctx)) == 0)
		return;
	if (st->status == 0) {
		st->status = rc;
		stream_watch(st);
		xmlStopParser(st->ctxt);
	}
}

/* The end of a root that held no record: where records would go. */
void stream_head_finish_empty(struct stream *st)
{
	size_t end = consumed(st);

	st->head.empty = st->rank == 0;
	st->head.self_closing = end >= 2 && *raw_at(st, end - 2) == '/' &&
	                        tag_start_before(st, end) == st->root_tag_start;
	st->head.close_at = st->head.self_closing ? end - 2 : tag_start_before(st, end);
	stream_head_finish(st);
}

static const char *uri_or_none(const xmlChar *uri)
{
	return uri != NULL ? (const char *)uri : "aucun";
}

/* The root must be the envelope's, in the records' namespace. */
void stream_envelope_root(struct stream *st, const xmlChar *local, const xmlChar *uri)
{
	const struct sne_envelope *env = st->spec->envelope;
	char what[SNE_WHY_MAX * 2];

	if (env == NULL || (uri != NULL && strcmp((const char *)uri, st->spec->record_ns) == 0 &&
	                    strcmp((const char *)local, env->root_name) == 0))
		return;
	snprintf(what, sizeof what, "racine « %s » (espace de noms %s) inattendue : attendu "
	         "« %s » de l'espace de noms %s", (const char *)local, uri_or_none(uri),
	         env->root_name, st->spec->record_ns);
	stream_fail(st, SNE_EX_DATAERR, xmlSAX2GetLineNumber(st->ctxt), 1, what);
}

static int is_header_element(struct stream *st, const xmlChar *local, const xmlChar *uri)
{
	const char *header = st->spec->envelope->header_name;

	return header != NULL && uri != NULL && strcmp((const char *)uri, st->spec->record_ns) == 0 &&
	       strcmp((const char *)local, header) == 0;
}

/* An element in the root that is not a record: the header, once, before
 * the records; anything else refuses the document. */
void stream_envelope_child(struct stream *st, const xmlChar *local, const xmlChar *uri)
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
	stream_fail(st, SNE_EX_DATAERR, line, 1, what);
}

/* Text directly in the root: only blanks separate the records. */
void stream_envelope_text(struct stream *st, const xmlChar *text, int len)
{
	char what[SNE_WHY_MAX];
	int i = 0, shown;

	if (st->in_header) {
		if (st->depth == 3 && st->header_text.len < SNE_HEAD_VALUE_MAX)
			stream_append(&st->header_text, (const char *)text, (size_t)len);
		return;
	}
	if (st->spec->envelope == NULL || st->depth != 1)
		return;
	while (i < len && is_blank((char)text[i]))
		i++;
	if (i == len)
		return;
	shown = len - i > 24 ? 24 : len - i;
	while (shown < len - i && (text[i + shown] & 0xC0) == 0x80)
		shown--; /* not in the middle of a character */
	snprintf(what, sizeof what, "texte « %.*s » hors des « %s » : la racine ne contient "
	         "que des éléments", shown, (const char *)text + i, st->spec->record_name);
	stream_fail(st, SNE_EX_DATAERR, xmlSAX2GetLineNumber(st->ctxt), 1, what);
}

/* Inside the header: its simple children are kept as fields. */
void stream_header_start(struct stream *st, const xmlChar *local)
{
	if (st->depth == 3) {
		snprintf(st->header_child, sizeof st->header_child, "%s", (const char *)local);
		st->header_text.len = 0;
		st->header_child_simple = 1;
	} else {
		st->header_child_simple = 0;
	}
}

void stream_header_end(struct stream *st)
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
int stream_too_many_attributes(struct stream *st, int nb_namespaces, int nb_attributes)
{
	char what[SNE_WHY_MAX];

	if (nb_attributes <= SNE_ATTRIBUTES_MAX && nb_namespaces <= SNE_NAMESPACES_MAX)
		return 0;
	snprintf(what, sizeof what, "élément de plus de %d %s : refusé",
	         nb_attributes > SNE_ATTRIBUTES_MAX ? SNE_ATTRIBUTES_MAX : SNE_NAMESPACES_MAX,
	         nb_attributes > SNE_ATTRIBUTES_MAX ? "attributs" : "déclarations d'espace de noms");
	stream_fail(st, SNE_EX_DATAERR, xmlSAX2GetLineNumber(st->ctxt), 1, what);
	return 1;
}
