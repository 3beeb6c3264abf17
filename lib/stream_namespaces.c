/* Namespace declarations: the root's, kept for the records of an input
 * that continues a stream (its root is not written), so that each carries
 * what it needs. */
#include "stream_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sne/copy.h"
#include "sne/err.h"
#include "sne/xmltext.h"

/* A namespace URI as libxml2 hands it: as in an attribute value, a '&'
 * comes as the five characters "&#38;", already a reference (written as
 * it is), and every other character decoded (escaped here).  Escaping the
 * whole would turn "a&amp;b" into another URI, "a&#38;b". */
static void append_uri(struct growbuf *b, const char *uri)
{
	const char *amp;

	while ((amp = strstr(uri, "&#38;")) != NULL) {
		char *part = sne_dup_bytes(uri, (size_t)(amp - uri));

		stream_append_attr_escaped(b, part);
		free(part);
		stream_append_str(b, "&#38;");
		uri = amp + 5;
	}
	stream_append_attr_escaped(b, uri);
}

void stream_append_ns_decls(struct growbuf *b, int nb, const xmlChar **namespaces)
{
	for (int i = 0; i < nb; i++) {
		const xmlChar *prefix = namespaces[2 * i], *uri = namespaces[2 * i + 1];
		stream_append_str(b, " xmlns");
		if (prefix != NULL) {
			stream_append_str(b, ":");
			stream_append_str(b, (const char *)prefix);
		}
		stream_append_str(b, "=\"");
		append_uri(b, uri ? (const char *)uri : "");
		stream_append_str(b, "\"");
	}
}

/* Keeps the root's declarations: a record of a file that continues a
 * stream carries them itself, since that root is not written. */
void stream_keep_root_decls(struct stream *st, int nb, const xmlChar **namespaces)
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
void stream_inherit_root_decls(struct stream *st, int nb, const xmlChar **namespaces)
{
	struct growbuf decl = { 0 };

	st->inherited_ns.len = 0;
	for (int i = 0; i < st->root_ndecls; i++) {
		if (declares_prefix(nb, namespaces, st->root_decls[2 * i]))
			continue;
		decl.len = 0;
		stream_append_ns_decls(&decl, 1, st->root_decls + 2 * i);
		if (!declared_outside(st, decl.data))
			stream_append(&st->inherited_ns, decl.data, decl.len);
	}
	free(decl.data);
}

/* In a file that continues a stream, the record's start tag gets the
 * declarations it inherited from its own root, which is not written. */
void stream_carry_root_decls(struct stream *st, struct sne_record *rec)
{
	size_t name_end;

	if (!st->spec->continuation || st->inherited_ns.len == 0)
		return;
	name_end = 1 + strcspn(rec->bytes + 1, " \t\r\n/>");
	stream_add_edit(rec, name_end, name_end, st->inherited_ns.data, st->inherited_ns.len);
}
