/* Field paths, compiled into a trie shared by the paths that start alike,
 * and their matches in the record being read. */
#include "stream_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sne/copy.h"
#include "sne/err.h"
#include "sne/xmltext.h"

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

/* Compiles "p:a/p:b/@c"; a bad path is a programming error. */
void stream_path_compile(struct path *path, const char *text)
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
			path->attr = sne_dup_bytes(p + 1, len - 1);
		} else if (len == 3 && memcmp(p, "...", 3) == 0 && p[3] == '\0' && path->nsteps > 0) {
			path->children = 1;
		} else {
			if (colon == NULL || path->nsteps == MAX_STEPS ||
			    uri_of_alias(p, (size_t)(colon - p)) == NULL) {
				sne_warn("chemin de champ invalide « %s » (erreur interne)", text);
				abort();
			}
			path->uri[path->nsteps] = uri_of_alias(p, (size_t)(colon - p));
			path->local[path->nsteps] = sne_dup_bytes(colon + 1, len - (size_t)(colon - p) - 1);
			path->nsteps++;
		}
		p += len;
		if (*p == '/')
			p++;
	}
}

void stream_path_free(struct path *path)
{
	for (size_t i = 0; i < path->nsteps; i++)
		free(path->local[i]);
	free(path->attr);
}

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
	end->spans |= path->spans;
}

/* Builds the trie of all the fields: node 0 is the record element. */
void stream_trie_build(struct stream *st)
{
	trie_new_node(st, NO_NODE, "", "");
	st->nodes[0].parent = 0;
	for (size_t f = 0; f < st->spec->nfields; f++)
		if (st->paths[f].wanted)
			trie_add(st, f);
}

void stream_trie_free(struct stream *st)
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
size_t stream_trie_child(const struct stream *st, size_t node, const xmlChar *local,
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
void stream_paths_intern(struct stream *st)
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

static struct sne_value *new_value(struct stream *st, size_t field, size_t *index)
{
	struct value_list *list = &st->values[field];

	if (list->count == list->cap) {
		list->cap = list->cap ? list->cap * 2 : 4;
		list->items = realloc(list->items, list->cap * sizeof *list->items);
		list->text_offsets = realloc(list->text_offsets, list->cap * sizeof(size_t));
		if (list->items == NULL || list->text_offsets == NULL)
			abort();
		if (st->paths[field].children) {
			list->child_first = realloc(list->child_first, list->cap * sizeof(size_t));
			list->child_count = realloc(list->child_count, list->cap * sizeof(size_t));
			if (list->child_first == NULL || list->child_count == NULL)
				abort();
		}
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
	stream_append(&st->text_arena, text, len);
	st->text_arena.len++; /* the NUL stream_append wrote ends the value */
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
	value->element_id = st->matched_elements;
	if (path->spans) {
		value->element.start = tag_start - st->record_start;
		value->content.start = content_start - st->record_start;
	}
	if (attribute != NULL)
		set_attr_text(st, field, index, (const char *)attribute[3],
		              (size_t)(attribute[4] - attribute[3]));
	if (path->children)
		stream_children_begin(st, field, index, depth);
	/* an attribute's value is whole; only its element's span is left */
	if (st->nopen == MAX_OPEN || (attribute != NULL && !path->spans))
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

	if (st->paths[m->field].spans) {
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

void stream_locate(struct stream *st, struct located *at)
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
__attribute__((noinline)) void stream_match_fields(struct stream *st, int depth,
                                                   struct located *at, int nb_attributes,
                                                   const xmlChar **attributes)
{
	const struct field_node *node = &st->nodes[st->node];

	if (node->spans)
		stream_locate(st, at);
	st->matched_elements++;
	for (size_t i = 0; i < node->nfields; i++)
		match_start(st, node->fields[i], depth, at->tag_start, at->content_start,
		            nb_attributes, attributes);
}

/* Moves up the trie: the element on a path that led there ends. */
void stream_leave_node(struct stream *st)
{
	st->node = st->nodes[st->node].parent;
	st->node_depth--;
}

/* Closes the matches of the element ending at DEPTH, and moves up the trie
 * when that element was on a path. */
void stream_fields_end(struct stream *st, int depth, size_t end)
{
	size_t last_tag = 0;
	int last_tag_found = 0;

	/* an element matched by several fields (attributes of one event) looks
	 * for its last tag once, when one of them wants its span */
	while (st->nopen > 0 && st->open[st->nopen - 1].depth == depth) {
		struct open_match *m = &st->open[st->nopen - 1];

		if (st->paths[m->field].spans && !last_tag_found) {
			last_tag = tag_start_before(st, end);
			last_tag_found = 1;
		}
		match_end(st, m, end, last_tag);
		st->nopen--;
	}
	if (depth > 0 && depth == st->node_depth)
		stream_leave_node(st);
}

void stream_fix_value_texts(struct stream *st)
{
	for (size_t f = 0; f < st->spec->nfields; f++) {
		struct value_list *list = &st->values[f];
		for (size_t i = 0; i < list->count; i++) {
			size_t off = list->text_offsets[i];
			list->items[i].text = off == (size_t)-1 ? "" : st->text_arena.data + off;
		}
	}
}

/* Asks the program, from the record's key attribute, whether it wants the
 * record's other fields. */
void stream_decide_fields(struct stream *st)
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
