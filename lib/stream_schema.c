/* libxml2's XSD validator plugged into the stream's pass
 * (sne_stream_spec.schema), for a schema outside the fast tables. */
#include "stream_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sne/err.h"
#include "sne/xmltext.h"

/* libxml2's validator as SAX handlers of its own (a plug without a user
 * handler): we call them ourselves, only inside records, and end an element
 * in the validator before the stream does. */
struct schema_plug *stream_schema_plug_new(xmlSchemaValidCtxtPtr valid)
{
	struct schema_plug *sp = calloc(1, sizeof *sp);

	if (sp == NULL)
		abort();
	sp->plug = xmlSchemaSAXPlug(valid, &sp->sax, &sp->data);
	if (sp->plug == NULL)
		abort(); /* only fails on a bad argument or out of memory */
	return sp;
}

void stream_schema_plug_free(struct schema_plug *sp)
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
void stream_schema_keep_root_ns(struct schema_plug *sp, int nb, const xmlChar **namespaces)
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

void stream_schema_start(struct stream *st, const xmlChar *local, const xmlChar *prefix,
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
void stream_on_schema_error(void *data, sne_xml_error error)
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
