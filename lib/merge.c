/* Several inputs read as one stream. */
#include "sne/merge.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sne/copy.h"
#include "sne/err.h"

/* Several files make one stream: the first file's prolog and root, every
 * file's records (those of later files carry their root's namespace
 * declarations, see sne_stream_spec.continuation), then the first file's
 * tail, which closes the root that was written. */
struct merge {
	const struct sne_stream_spec *spec;
	int first;          /* reading the first file */
	char *tail;         /* the first file's tail, written at the end */
	size_t tail_len;
	char *outer_ns;     /* the first file's root declarations */
	/* A first file that holds no record: its head (prolog, root start
	 * tag, header), written before the first record of a later file;
	 * NULL once written, or when the first file had records. */
	char *pending_head;
	char *rest;         /* and the rest, closing the root */
	size_t rest_len;
	struct sne_head empty_head; /* that first file's head, as the stream gave it */
	void (*tick)(void *ctx);    /* sne_merge_inputs.tick, with tick_ctx */
	void *tick_ctx;
};

static int merge_record(struct sne_record *record, void *ctx)
{
	struct merge *m = ctx;
	int rc;

	if (m->first && m->outer_ns == NULL) {
		m->outer_ns = strdup(sne_record_root_namespaces(record));
		if (m->outer_ns == NULL)
			abort();
	}
	if (m->tick != NULL)
		m->tick(m->tick_ctx);
	rc = m->spec->on_record(record, m->spec->ctx);
	if (!m->first && m->pending_head != NULL) {
		free(m->pending_head); /* written as the record's gap */
		m->pending_head = NULL;
	}
	return rc;
}

static int merge_head(const struct sne_head *head, void *ctx)
{
	struct merge *m = ctx;

	if (m->first && head->empty)
		m->empty_head = *head;
	return m->spec->on_head != NULL ? m->spec->on_head(head, m->spec->ctx) : 0;
}

/* A first file without record is cut where records would go: its head,
 * made to open the root ("<r/>" becomes "<r>"), is written before the
 * first record of a later file, and its rest, closing the root, at the
 * end.  Trailing blanks of the head go with the rest. */
static void split_empty_first(struct merge *m, const char *bytes, size_t len)
{
	const struct sne_head *h = &m->empty_head;
	size_t at = h->close_at < len ? h->close_at : len, head_end = at;
	size_t after = h->self_closing ? at + 2 : at;
	char *rest;
	int n;

	while (head_end > 0 && strchr(" \t\r\n", bytes[head_end - 1]) != NULL)
		head_end--;
	m->pending_head = malloc(head_end + 2);
	if (m->pending_head == NULL)
		abort();
	memcpy(m->pending_head, bytes, head_end);
	strcpy(m->pending_head + head_end, h->self_closing ? ">" : "");
	n = asprintf(&rest, "%.*s%s%s%s%.*s", (int)(at - head_end), bytes + head_end,
	             h->self_closing ? "\n</" : "", h->self_closing ? h->root_qname : "",
	             h->self_closing ? ">" : "", (int)(len - (after < len ? after : len)),
	             bytes + (after < len ? after : len));
	if (n < 0)
		abort();
	m->rest = rest;
	m->rest_len = (size_t)n;
	m->outer_ns = strdup(h->root_namespaces ? h->root_namespaces : "");
	if (m->outer_ns == NULL)
		abort();
}

static int merge_wants_fields(const char *key, void *ctx)
{
	struct merge *m = ctx;

	return m->spec->wants_fields(key, m->spec->ctx);
}

static int merge_tail(const char *bytes, size_t len, void *ctx)
{
	struct merge *m = ctx;

	if (!m->first)
		return 0;
	if (m->empty_head.empty)
		split_empty_first(m, bytes, len);
	m->tail = sne_dup_bytes(bytes, len);
	m->tail_len = len;
	return 0;
}

/* The end of the merged stream: the first file's tail, or, when that file
 * held no record but a later one did, the rest that closes its root. */
static int write_tail(struct merge *m)
{
	if (m->rest != NULL && m->pending_head == NULL)
		return m->spec->on_tail(m->rest, m->rest_len, m->spec->ctx);
	return m->spec->on_tail(m->tail ? m->tail : "", m->tail_len, m->spec->ctx);
}

int sne_merge_run(const struct sne_merge_inputs *inputs, const struct sne_stream_spec *spec)
{
	struct merge m;
	struct sne_stream_spec each = *spec;
	int worst = 0;

	/* every callback that takes the program's ctx goes through M */
	memset(&m, 0, sizeof m);
	m.spec = spec;
	m.tick = inputs->tick;
	m.tick_ctx = inputs->ctx;
	each.on_record = merge_record;
	each.on_tail = merge_tail;
	each.on_head = merge_head;
	each.wants_fields = spec->wants_fields ? merge_wants_fields : NULL;
	each.ctx = &m;
	each.split = NULL; /* tried below with the program's own spec */
	for (int i = 0; i < inputs->count; i++) {
		struct sne_input *in = inputs->open(i, inputs->ctx);
		int rc;

		if (in == NULL) {
			worst = SNE_EX_NOINPUT;
			break;
		}
		/* one file whose program works in parts: the parts run it all */
		if (inputs->count == 1 && spec->split != NULL &&
		    (rc = sne_stream_split_run(in, spec)) >= 0) {
			inputs->close(in, i, inputs->ctx);
			return rc;
		}
		m.first = i == 0;
		each.continuation = i > 0;
		each.outer_namespaces = m.outer_ns;
		each.head_text = m.pending_head;
		rc = sne_stream_run(in, &each);
		inputs->close(in, i, inputs->ctx);
		worst = sne_exit_worst(worst, rc);
		if (rc >= SNE_EX_USAGE)
			break;
	}
	if (worst < SNE_EX_USAGE && spec->on_tail != NULL)
		worst = sne_exit_worst(worst, write_tail(&m));
	free(m.tail);
	free(m.rest);
	free(m.pending_head);
	free(m.outer_ns);
	return worst;
}
