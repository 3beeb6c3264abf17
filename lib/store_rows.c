/* The SQLite register: the rows of an import, inserted by a thread of
 * their own while the next ones are parsed (see store_internal.h).
 *
 * Two batches take turns: the parser copies rows into one while the writer
 * inserts the other.  A batch holds its rows' bytes and texts in an arena
 * that does not move while it has rows, so the rows point into it. */
#include "store_internal.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "sne/err.h"
#include "sne/stop.h"

#define BATCH_ROWS 256
#define ARENA_MIN (1u << 20)

struct batch {
	struct import_row row[BATCH_ROWS];
	size_t n;
	char *arena;
	size_t used, cap;
};

struct row_writer {
	int (*insert)(const struct import_row *row, void *ctx);
	void *ctx;
	struct batch batch[2];
	struct batch *filling;         /* the parser's */
	struct batch *full;            /* the writer's, NULL when it waits for one */
	int finished;                  /* no batch after full */
	int rc;                        /* the first insert that failed, 0 until then */
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t changed;
};

static void insert_batch(struct row_writer *w, struct batch *b)
{
	for (size_t i = 0; i < b->n && w->rc == 0; i++)
		w->rc = w->insert(&b->row[i], w->ctx);
}

static int write_batches(void *ctx)
{
	struct row_writer *w = ctx;
	struct batch *b;

	pthread_mutex_lock(&w->lock);
	for (;;) {
		while (w->full == NULL && !w->finished)
			pthread_cond_wait(&w->changed, &w->lock);
		if ((b = w->full) == NULL)
			break;
		pthread_mutex_unlock(&w->lock);
		insert_batch(w, b); /* w->rc is the writer's own until it hands b back */
		pthread_mutex_lock(&w->lock);
		w->full = NULL;
		pthread_cond_signal(&w->changed);
	}
	pthread_mutex_unlock(&w->lock);
	return 0;
}

static void *writer_thread(void *ctx)
{
	struct row_writer *w = ctx;
	int rc = sne_stop_catch_call(write_batches, w);

	pthread_mutex_lock(&w->lock);
	if (!w->finished) { /* stopped: nothing more is inserted, nor handed over */
		if (w->rc == 0)
			w->rc = rc != 0 ? rc : SNE_EX_SOFTWARE;
		w->full = NULL;
		pthread_cond_signal(&w->changed);
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

struct row_writer *row_writer_start(int (*insert)(const struct import_row *row, void *ctx),
                                    void *ctx)
{
	struct row_writer *w = calloc(1, sizeof *w);

	if (w == NULL)
		abort();
	w->insert = insert;
	w->ctx = ctx;
	w->filling = &w->batch[0];
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->changed, NULL);
	if (pthread_create(&w->thread, NULL, writer_thread, w) != 0)
		abort();
	return w;
}

/* Hands the batch filled over to the writer once it is done with the
 * other, which the parser fills next: the writer's rc. */
static int hand_over(struct row_writer *w)
{
	int rc;

	pthread_mutex_lock(&w->lock);
	while (w->full != NULL)
		pthread_cond_wait(&w->changed, &w->lock);
	rc = w->rc;
	if (rc == 0 && w->filling->n > 0) {
		w->full = w->filling;
		w->filling = w->full == &w->batch[0] ? &w->batch[1] : &w->batch[0];
		pthread_cond_signal(&w->changed);
	}
	pthread_mutex_unlock(&w->lock);
	w->filling->n = 0;
	w->filling->used = 0;
	return rc;
}

/* Copies LEN bytes at TEXT into B's arena (which has room). */
static const char *keep(struct batch *b, const char *text, size_t len)
{
	char *at = b->arena + b->used;

	if (len > 0)
		memcpy(at, text, len);
	b->used += len;
	return at;
}

static const char *keep_string(struct batch *b, const char *text)
{
	return text == NULL ? NULL : keep(b, text, strlen(text) + 1);
}

/* The texts of C that point into its record, to copy with the row. */
#define ROW_TEXTS 6
static void row_texts(struct columns *c, const char **text[ROW_TEXTS])
{
	text[0] = &c->guichet;
	text[1] = &c->depot;
	text[2] = &c->etat;
	text[3] = &c->motif;
	text[4] = &c->date_radiation;
	text[5] = &c->avertissement;
}

/* What a row takes in an arena: its TEXT, GAP_LEN and LEN bytes. */
static size_t row_size(const char **const text[ROW_TEXTS], size_t gap_len, size_t len)
{
	size_t size = gap_len + len;

	for (size_t i = 0; i < ROW_TEXTS; i++)
		size += *text[i] ? strlen(*text[i]) + 1 : 0;
	return size;
}

/* Makes room in the batch filling for SIZE bytes: 0, or the writer's rc. */
static int make_room(struct row_writer *w, size_t size)
{
	struct batch *b = w->filling;
	int rc;

	if (b->n == BATCH_ROWS || (b->n > 0 && size > b->cap - b->used)) {
		if ((rc = hand_over(w)) != 0)
			return rc;
		b = w->filling;
	}
	if (size > b->cap - b->used) { /* an empty batch: nothing points in */
		b->cap = size > ARENA_MIN ? size : ARENA_MIN;
		free(b->arena);
		if ((b->arena = malloc(b->cap)) == NULL)
			abort();
	}
	return 0;
}

int row_writer_add(struct row_writer *w, const struct columns *c, const char *gap,
                   size_t gap_len, const char *bytes, size_t len)
{
	struct columns copy = *c;
	const char **text[ROW_TEXTS];
	struct import_row *row;
	struct batch *b;
	int rc;

	row_texts(&copy, text);
	if ((rc = make_room(w, row_size(text, gap_len, len))) != 0)
		return rc;
	b = w->filling;
	row = &b->row[b->n++];
	row->c = copy;
	row_texts(&row->c, text);
	for (size_t i = 0; i < ROW_TEXTS; i++)
		*text[i] = keep_string(b, *text[i]);
	row->gap = keep(b, gap, gap_len);
	row->gap_len = gap_len;
	row->bytes = keep(b, bytes, len);
	row->len = len;
	return 0;
}

int row_writer_finish(struct row_writer *w)
{
	int rc = hand_over(w);

	pthread_mutex_lock(&w->lock);
	w->finished = 1;
	pthread_cond_signal(&w->changed);
	pthread_mutex_unlock(&w->lock);
	pthread_join(w->thread, NULL);
	if (rc == 0)
		rc = w->rc;
	pthread_mutex_destroy(&w->lock);
	pthread_cond_destroy(&w->changed);
	free(w->batch[0].arena);
	free(w->batch[1].arena);
	free(w);
	return rc;
}
