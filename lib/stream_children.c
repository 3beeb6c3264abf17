/* The child elements of a match of a field declared "path/...": their
 * spans, collected in the pass that reads the record, so that a program
 * edits the element by splicing bytes (sne/suivi.h) without parsing it a
 * second time.  One match is listed at a time: a "..." match nested in
 * another gets no list (no path of the toolkit does that). */
#include "stream_internal.h"

#include <stdlib.h>

/* Match INDEX of FIELD, at relative DEPTH, has just started. */
void stream_children_begin(struct stream *st, size_t field, size_t index, int depth)
{
	st->values[field].child_first[index] = st->nchildren;
	st->values[field].child_count[index] = 0;
	if (st->collect_depth >= 0)
		return;
	st->collect_depth = depth;
	st->collect_field = field;
	st->collect_index = index;
}

/* A child of the match listed has just started. */
void stream_children_start(struct stream *st, struct located *at, const xmlChar *local,
                           const xmlChar *uri)
{
	struct sne_child *child;

	if (st->nchildren == st->children_cap) {
		st->children_cap = st->children_cap ? 2 * st->children_cap : 16;
		st->children = realloc(st->children, st->children_cap * sizeof *st->children);
		if (st->children == NULL)
			abort();
	}
	stream_locate(st, at);
	child = &st->children[st->nchildren++];
	child->uri = (const char *)uri;
	child->local = (const char *)local;
	child->element.start = at->tag_start - st->record_start;
	child->content.start = at->content_start - st->record_start;
	child->element.end = child->content.end = child->content.start;
	child->self_closing = 0;
	st->values[st->collect_field].child_count[st->collect_index]++;
}

/* An element at relative DEPTH ends: a child of the match listed (its
 * spans are completed as match_end() completes a value's), or the match
 * itself. */
void stream_children_end(struct stream *st, int depth)
{
	struct sne_child *child;
	size_t end, last_tag;

	if (depth == st->collect_depth) {
		st->collect_depth = -1;
		return;
	}
	child = &st->children[st->nchildren - 1];
	end = consumed(st);
	last_tag = tag_start_before(st, end);
	child->element.end = end - st->record_start;
	child->self_closing = end >= 2 && *raw_at(st, end - 2) == '/' &&
	                      last_tag == child->element.start + st->record_start;
	if (child->self_closing)
		child->content.start = child->content.end = child->element.end - 2;
	else
		child->content.end = last_tag - st->record_start;
}
