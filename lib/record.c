/* The record handed to the program: what it came as, its fields, its
 * edits spliced into its bytes when it is written. */
#include "stream_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sne/copy.h"
#include "sne/err.h"
#include "sne/xmltext.h"

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
const struct sne_input *sne_record_input(const struct sne_record *rec) { return rec->st->in; }
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

const char *sne_record_attribute_of(const struct sne_record *rec, size_t field,
                                    const struct sne_value *of)
{
	const struct sne_value *v;

	for (size_t i = 0; (v = sne_record_value(rec, field, i)) != NULL; i++)
		if (v->element_id == of->element_id)
			return v->text;
	return NULL;
}

int sne_record_children(const struct sne_record *rec, size_t field, size_t index,
                        const struct sne_child **children, size_t *n)
{
	const struct stream *st = rec->st;

	*children = NULL;
	*n = 0;
	if (field >= st->spec->nfields || !st->paths[field].children)
		return -1;
	if (index >= st->values[field].count)
		return 0;
	*children = st->children + st->values[field].child_first[index];
	*n = st->values[field].child_count[index];
	return 0;
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
	static _Thread_local char prefix[64];
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

void stream_add_edit(struct sne_record *rec, size_t start, size_t end, const char *text, size_t len)
{
	struct edit *e;

	rec->edits = sne_grow(rec->edits, rec->nedits, &rec->edits_cap, sizeof *rec->edits, 8);
	e = &rec->edits[rec->nedits];
	e->start = start;
	e->end = end;
	e->order = rec->nedits++;
	e->text_offset = rec->edit_text.len;
	e->len = len;
	stream_append(&rec->edit_text, text, len);
}

void sne_record_replace(struct sne_record *rec, struct sne_span span, const char *text, size_t len)
{
	stream_add_edit(rec, span.start, span.end, text, len);
}

void sne_record_insert(struct sne_record *rec, size_t offset, const char *text, size_t len)
{
	stream_add_edit(rec, offset, offset, text, len);
}

void sne_record_set_text(struct sne_record *rec, const struct sne_value *value, const char *text)
{
	struct growbuf b = { 0 };

	if (value->self_closing) {
		/* "<p:name attributes/>" becomes "<p:name attributes>text</p:name>" */
		const char *tag = rec->bytes + value->element.start, *name = tag + 1;
		size_t n = strcspn(name, " \t\r\n/>");
		size_t tag_len = value->element.end - value->element.start - 2; /* without "/>" */
		stream_append(&b, tag, tag_len);
		stream_append_str(&b, ">");
		stream_append_text_escaped(&b, text);
		stream_append_str(&b, "</");
		stream_append(&b, name, n);
		stream_append_str(&b, ">");
		stream_add_edit(rec, value->element.start, value->element.end, b.data, b.len);
	} else {
		stream_append_text_escaped(&b, text);
		stream_add_edit(rec, value->content.start, value->content.end, b.data ? b.data : "", b.len);
	}
	free(b.data);
}

int sne_record_changed(const struct sne_record *rec) { return rec->nedits > 0; }

int sne_record_suivi(const struct sne_record *rec, struct sne_span *span)
{
	if (rec->has_suivi)
		*span = rec->suivi;
	return rec->has_suivi;
}

void sne_record_note_suivi(struct sne_record *rec, struct sne_span span)
{
	rec->suivi = span;
	rec->has_suivi = 1;
}

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
	if (sne_output_record_begin(out)) { /* the register store's sink */
		if (sne_record_write_bytes(rec, out) != 0)
			return -1;
		return sne_output_record_end(out, rec);
	}
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
