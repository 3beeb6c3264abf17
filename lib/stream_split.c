/* A stream read in parts, each by a thread of its own (see
 * sne_stream_split in sne/stream.h).
 *
 * A document of records is cut at the start tags of records: part K reads
 * the head of the file (up to its first record), its own records, and the
 * tail (from the root's end tag), so that each part is a document of the
 * same envelope.  The cuts are found by looking for the first record's
 * start tag ("<nuu:demande" as written there) in the bytes; one found in
 * a comment, a CDATA section or inside a record leaves an element or a
 * comment open at the end of a part, which is then not well-formed: that
 * part fails, and the run starts again in one pass.  So a part that parses
 * is made of whole records, and the parts together hold each record of the
 * file once. */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "sne/copy.h"
#include "sne/err.h"
#include "sne/io.h"
#include "sne/stop.h"
#include "sne/stream.h"

/* Where the head's first record is looked for, and a cut after its
 * place: a record is found within this many bytes (SNE_RECORD_MAX is
 * smaller). */
#define SPLIT_WINDOW (4u << 20)
#define TAIL_WINDOW (64u << 10)

struct piece {
	long long start, len;
};

struct part {
	struct sne_stream_spec program;  /* the program's spec, with the part's context */
	int fd;
	const char *name;
	struct piece piece[3];
	int npieces, at;
	long long pos;                   /* in piece[at] */
	int forked, started;
	pthread_t thread;
	int rc;
	char *said;                      /* what it said (sne_warn...) */
	size_t said_len;
	char *tail;                      /* the bytes after its last record */
	size_t tail_len;
};

int sne_stream_split_parts(long long size)
{
	const char *text = getenv("SNE_PARTIES");
	long n;

	if (text != NULL && text[0] != '\0') {
		char *end;

		errno = 0;
		n = strtol(text, &end, 10);
		if (errno == 0 && *end == '\0' && n >= 1 && n <= 64)
			return n > SNE_SPLIT_MAX ? SNE_SPLIT_MAX : (int)n;
	}
	if (size < SNE_SPLIT_MIN)
		return 1;
	n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > SNE_SPLIT_MAX ? SNE_SPLIT_MAX : (int)n;
}

/* ------------------------------------------------------------------ */
/* finding the cuts */

/* Reads up to SIZE bytes at START into BUF: how many, 0 on error. */
static size_t read_at(int fd, char *buf, size_t size, long long start)
{
	size_t got = 0;

	while (got < size) {
		ssize_t n = pread(fd, buf + got, size - got, (off_t)(start + (long long)got));

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	return got;
}

static int is_name_end(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '>' || c == '/';
}

static int is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-' || c == '.' || (unsigned char)c >= 0x80;
}

/* Where the markup at BUF[I] (a '<') that is not a tag ends: after the
 * comment, CDATA section or processing instruction; LEN when it does not
 * end in BUF, or for a DOCTYPE (refused by the stream anyway); I when it
 * is a tag. */
static size_t skip_markup(const char *buf, size_t len, size_t i)
{
	static const struct {
		const char *open, *close;
	} markup[] = { { "<!--", "-->" }, { "<![CDATA[", "]]>" }, { "<?", "?>" } };

	for (size_t k = 0; k < sizeof markup / sizeof markup[0]; k++) {
		size_t open = strlen(markup[k].open), close = strlen(markup[k].close);
		const char *end;

		if (len - i < open || memcmp(buf + i, markup[k].open, open) != 0)
			continue;
		end = memmem(buf + i + open, len - i - open, markup[k].close, close);
		return end != NULL ? (size_t)(end - buf) + close : len;
	}
	return len - i >= 2 && buf[i + 1] == '!' ? len : i;
}

/* Where the tag at BUF[I] ends (after its '>', outside quoted attribute
 * values), or LEN. */
static size_t skip_tag(const char *buf, size_t len, size_t i)
{
	char quote = 0;

	while (++i < len) {
		if (quote ? buf[i] == quote : (buf[i] == '"' || buf[i] == '\''))
			quote = quote ? 0 : buf[i];
		else if (!quote && buf[i] == '>')
			return i + 1;
	}
	return len;
}

/* The first start tag "<NAME" or "<prefix:NAME" of BUF outside comments,
 * CDATA sections and processing instructions: its offset, the tag's
 * "<qname" copied into TAG; -1 when none, or when BUF ends inside markup
 * first.  (A cut at a record tag inside a comment of the head would leave
 * the other parts' head open in that comment, which a later "-->" could
 * close: a part would then parse with records missing.) */
static long long first_record_tag(const char *buf, size_t len, const char *name, char *tag,
                                  size_t tag_size)
{
	size_t name_len = strlen(name), i = 0;

	while (i < len) {
		const char *lt = memchr(buf + i, '<', len - i), *q, *local;
		size_t after;

		if (lt == NULL)
			return -1;
		i = (size_t)(lt - buf);
		if ((after = skip_markup(buf, len, i)) != i) {
			i = after;
			continue;
		}
		for (q = local = lt + 1; q < buf + len && is_name_char(*q); q++)
			;
		if (q < buf + len && *q == ':')
			for (local = ++q; q < buf + len && is_name_char(*q); q++)
				;
		if (q < buf + len && is_name_end(*q) && (size_t)(q - local) == name_len &&
		    memcmp(local, name, name_len) == 0 && (size_t)(q - lt) < tag_size) {
			memcpy(tag, lt, (size_t)(q - lt));
			tag[q - lt] = '\0';
			return lt - buf;
		}
		i = skip_tag(buf, len, i);
	}
	return -1;
}

/* The first "TAG" followed by the end of a name at or after FROM and before
 * LIMIT: its offset, or -1. */
static long long find_tag(int fd, char *buf, const char *tag, long long from, long long limit)
{
	size_t tag_len = strlen(tag);
	size_t want = (long long)SPLIT_WINDOW < limit - from ? SPLIT_WINDOW : (size_t)(limit - from);
	size_t got = read_at(fd, buf, want, from);

	for (const char *p = buf; got > tag_len && p != NULL;) {
		p = memmem(p, got - (size_t)(p - buf), tag, tag_len);
		if (p == NULL || (size_t)(p - buf) + tag_len >= got)
			return -1;
		if (is_name_end(p[tag_len]))
			return from + (p - buf);
		p++;
	}
	return -1;
}

/* The offset of the last "</" of the file of SIZE bytes (the root's end
 * tag), or -1. */
static long long last_end_tag(int fd, char *buf, long long size)
{
	long long start = size > (long long)TAIL_WINDOW ? size - (long long)TAIL_WINDOW : 0;
	size_t got = read_at(fd, buf, (size_t)(size - start), start);

	for (size_t i = got; i >= 2; i--)
		if (buf[i - 2] == '<' && buf[i - 1] == '/')
			return start + (long long)(i - 2);
	return -1;
}

/* Cuts the file of SIZE bytes into at most N parts (N - 1 cuts at record
 * tags); returns how many, 1 when it cannot be cut. */
static int plan_parts(int fd, long long size, const char *record_name, struct part *parts,
                      int n)
{
	char *buf = malloc(SPLIT_WINDOW), tag[256];
	long long head, tail, cut[SNE_SPLIT_MAX + 1];
	size_t got;
	int nparts = 1;

	if (buf == NULL)
		abort();
	got = read_at(fd, buf, SPLIT_WINDOW < size ? SPLIT_WINDOW : (size_t)size, 0);
	/* a gzip file is read in one pass, through its inflater */
	head = got >= 2 && (unsigned char)buf[0] == 0x1f && (unsigned char)buf[1] == 0x8b
	               ? -1 : first_record_tag(buf, got, record_name, tag, sizeof tag);
	tail = head > 0 ? last_end_tag(fd, buf, size) : -1;
	cut[0] = head;
	for (int k = 1; tail > head && k < n; k++) {
		long long from = size / n * k, at;

		if (from <= cut[nparts - 1])
			from = cut[nparts - 1] + 1;
		if (from >= tail || (at = find_tag(fd, buf, tag, from, tail)) < 0)
			break;
		cut[nparts++] = at;
	}
	free(buf);
	for (int k = 0; nparts > 1 && k < nparts; k++) {
		struct part *p = &parts[k];
		long long end = k + 1 < nparts ? cut[k + 1] : size;

		p->npieces = 0;
		if (k > 0)
			p->piece[p->npieces++] = (struct piece){ 0, head };
		p->piece[p->npieces++] = (struct piece){ k > 0 ? cut[k] : 0, k > 0 ? end - cut[k] : end };
		if (k + 1 < nparts)
			p->piece[p->npieces++] = (struct piece){ tail, size - tail };
	}
	return nparts;
}

/* ------------------------------------------------------------------ */
/* a part */

static ssize_t part_produce(void *ctx, void *out, size_t size, char *error, size_t error_size)
{
	struct part *p = ctx;
	size_t got;

	while (p->at < p->npieces && p->pos == p->piece[p->at].len) {
		p->at++;
		p->pos = 0;
	}
	if (p->at == p->npieces)
		return 0;
	if ((long long)size > p->piece[p->at].len - p->pos)
		size = (size_t)(p->piece[p->at].len - p->pos);
	got = read_at(p->fd, out, size, p->piece[p->at].start + p->pos);
	if (got == 0) {
		snprintf(error, error_size, "lecture impossible : %s", sne_strerror(errno));
		return -1;
	}
	p->pos += (long long)got;
	return (ssize_t)got;
}

static int part_record(struct sne_record *record, void *ctx)
{
	struct part *p = ctx;

	return p->program.on_record(record, p->program.ctx);
}

static int part_tail(const char *bytes, size_t len, void *ctx)
{
	struct part *p = ctx;

	p->tail = sne_dup_bytes(bytes, len);
	p->tail_len = len;
	return 0;
}

static int run_part(void *ctx)
{
	struct part *p = ctx;
	struct sne_stream_spec spec = p->program;
	struct sne_input *in = sne_input_producer(p->name, part_produce, NULL, p);
	int rc;

	spec.on_record = part_record;
	spec.on_tail = part_tail;
	spec.ctx = p;
	spec.split = NULL;
	rc = sne_stream_run(in, &spec);
	sne_input_close(in);
	return rc;
}

/* A part's thread: what it says is kept, not written. */
static void *part_thread(void *arg)
{
	struct part *p = arg;
	FILE *said = open_memstream(&p->said, &p->said_len);

	if (said == NULL) {
		p->rc = SNE_EX_SOFTWARE;
		return NULL;
	}
	sne_err_set_stream(said);
	sne_xml_silence();
	p->rc = sne_stop_catch_call(run_part, p);
	if (fclose(said) != 0)
		p->rc = SNE_EX_SOFTWARE;
	return NULL;
}

/* Whether every part ran to its end without a word. */
static int all_well(const struct part *parts, int n)
{
	for (int k = 0; k < n; k++)
		if (!parts[k].started || parts[k].rc != 0 || parts[k].said_len != 0 ||
		    parts[k].tail == NULL)
			return 0;
	return 1;
}

int sne_stream_split_run(struct sne_input *in, const struct sne_stream_spec *spec)
{
	const struct sne_stream_split *split = spec->split;
	struct part parts[SNE_SPLIT_MAX];
	int fd = split != NULL && spec->on_head == NULL && spec->wants_fields == NULL &&
	                 spec->schema == NULL && !spec->continuation && spec->head_text == NULL
	                 ? sne_input_file_fd(in) : -1;
	int n = fd >= 0 ? sne_stream_split_parts(sne_input_size(in)) : 1, rc = -1;

	if (n <= 1)
		return -1;
	memset(parts, 0, sizeof parts);
	if ((n = plan_parts(fd, sne_input_size(in), spec->record_name, parts, n)) <= 1)
		return -1;
	xmlInitParser();
	for (int k = 0; k < n; k++) {
		parts[k].program = *spec;
		parts[k].fd = fd;
		parts[k].name = sne_input_name(in);
		if (split->fork(spec, &parts[k].program) != 0)
			break;
		parts[k].forked = 1;
		parts[k].started = pthread_create(&parts[k].thread, NULL, part_thread, &parts[k]) == 0;
		if (!parts[k].started)
			break;
	}
	for (int k = 0; k < n; k++)
		if (parts[k].started)
			pthread_join(parts[k].thread, NULL);
	if (all_well(parts, n)) {
		for (int k = 0; k < n; k++)
			split->join(spec, &parts[k].program);
		rc = spec->on_tail != NULL
		             ? spec->on_tail(parts[n - 1].tail, parts[n - 1].tail_len, spec->ctx)
		             : 0;
	}
	for (int k = 0; k < n; k++) {
		if (parts[k].forked)
			split->drop(&parts[k].program);
		free(parts[k].said);
		free(parts[k].tail);
	}
	return rc;
}
