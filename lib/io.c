#include "sne/io.h"
#include "sne/xmltext.h"

#include "sne/err.h"
#include "sne/privilege.h"
#include "sne/store.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#define IO_BUF 65536
/* Blocks queued between the thread that reads ahead and the reader. */
#define AHEAD_SLOTS 4
#define AHEAD_SLOT_SIZE (256 * 1024)

/* gzip input is inflated by a second thread, a few blocks ahead of the
 * parser, so that decompression overlaps parsing on another core; so is a
 * producer's input that asked for it (sne_input_read_ahead). */
struct read_pipe {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t filled, emptied;
	unsigned char *slot[AHEAD_SLOTS];
	size_t slot_len[AHEAD_SLOTS];
	int head, count;       /* queue of filled slots */
	size_t head_pos;       /* bytes of the head slot already taken */
	int done;              /* the thread hit the end or an error */
	int failed_errno;      /* errno of that error, 0 at a clean end */
	int quit;              /* the reader closes early */
};

struct sne_input {
	int fd;
	char *name;
	long long size;
	long long raw_offset;
	int sniffed;           /* the first bytes were read, and is_gz set */
	int is_gz;
	z_stream z;
	int z_ended;           /* inflate reached a stream end */
	unsigned char *raw;    /* compressed bytes waiting for inflate */
	size_t raw_len, raw_pos;
	char error[128];
	struct read_pipe *pipe;  /* NULL until the first read ahead */
	int ahead;             /* a producer's input read ahead */
	/* a producer's input (fd -1): its callbacks */
	ssize_t (*produce)(void *ctx, void *buf, size_t size, char *error, size_t error_size);
	void (*release)(void *ctx);
	void *produce_ctx;
};

struct sne_output {
	int fd;
	char *name;
	int is_gz;
	int failed;            /* errno of the first failure, 0 if none */
	int finished;          /* the gzip trailer has been written */
	z_stream z;
	unsigned char *buf;    /* plain bytes waiting (plain) or deflated (gz) */
	size_t len;
	unsigned long long given; /* bytes handed to sne_output_write() */
	/* a record sink (fd -1): BUF grows to hold one record */
	int (*record)(void *ctx, const struct sne_record *rec, const char *bytes, size_t len);
	void *record_ctx;
	size_t cap;
};

static char *copy_name(const char *name)
{
	char *copy = strdup(name ? name : "?");

	if (copy == NULL)
		abort();
	return copy;
}

static ssize_t read_fully(int fd, unsigned char *buf, size_t size)
{
	ssize_t n;

	do
		n = read(fd, buf, size);
	while (n < 0 && errno == EINTR);
	return n;
}

struct sne_input *sne_input_fdopen(int fd, const char *name)
{
	struct sne_input *in = calloc(1, sizeof *in);
	struct stat st;

	if (in == NULL)
		abort();
	in->fd = fd;
	in->name = copy_name(name);
	in->size = (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) ? (long long)st.st_size : -1;
	in->raw = malloc(IO_BUF);
	if (in->raw == NULL)
		abort();
	return in;
}

struct sne_input *sne_input_open(const char *path)
{
	int fd;

	if (path == NULL || strcmp(path, "-") == 0)
		return sne_input_fdopen(dup(STDIN_FILENO), "<entrée standard>");
	if (sne_store_is_store(path)) /* the SQLite register, read as its stream */
		return sne_store_open_input(path);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	return sne_input_fdopen(fd, path);
}

struct sne_input *sne_input_producer(const char *name,
                                     ssize_t (*produce)(void *ctx, void *buf, size_t size,
                                                        char *error, size_t error_size),
                                     void (*release)(void *ctx), void *ctx)
{
	struct sne_input *in = calloc(1, sizeof *in);

	if (in == NULL)
		abort();
	in->fd = -1;
	in->name = copy_name(name);
	in->size = -1;
	in->produce = produce;
	in->release = release;
	in->produce_ctx = ctx;
	return in;
}

static ssize_t read_produced(struct sne_input *in, void *buf, size_t size)
{
	ssize_t n = in->produce(in->produce_ctx, buf, size, in->error, sizeof in->error);

	if (n > 0)
		__atomic_add_fetch(&in->raw_offset, n, __ATOMIC_RELAXED);
	return n;
}

static int refill(struct sne_input *in)
{
	ssize_t n = read_fully(in->fd, in->raw, IO_BUF);

	if (n < 0) {
		snprintf(in->error, sizeof in->error, "%s", sne_strerror(errno));
		return -1;
	}
	in->raw_len = (size_t)n;
	in->raw_pos = 0;
	__atomic_add_fetch(&in->raw_offset, n, __ATOMIC_RELAXED);
	return (int)(n > 0);
}

/* Decides plain or gzip from the first bytes. */
static int sniff(struct sne_input *in)
{
	int r = refill(in);

	if (r <= 0)
		return r;
	if (in->raw_len >= 2 && in->raw[0] == 0x1f && in->raw[1] == 0x8b) {
		in->is_gz = 1;
		if (inflateInit2(&in->z, 15 + 32) != Z_OK)
			abort();
	}
	return 1;
}

/* Once the block read to sniff is handed over, a plain input is read
 * straight into the caller's buffer: one copy less. */
static ssize_t read_plain(struct sne_input *in, unsigned char *buf, size_t size)
{
	size_t avail;

	if (in->raw_pos == in->raw_len) {
		ssize_t n = read_fully(in->fd, buf, size);
		if (n < 0) {
			snprintf(in->error, sizeof in->error, "%s", sne_strerror(errno));
			return -1;
		}
		__atomic_add_fetch(&in->raw_offset, n, __ATOMIC_RELAXED);
		return n;
	}
	avail = in->raw_len - in->raw_pos;
	if (avail > size)
		avail = size;
	memcpy(buf, in->raw + in->raw_pos, avail);
	in->raw_pos += avail;
	return (ssize_t)avail;
}

/* Inflates; concatenated gzip members are read one after the other. */
static ssize_t read_gz(struct sne_input *in, unsigned char *buf, size_t size)
{
	in->z.next_out = buf;
	in->z.avail_out = (uInt)size;
	while (in->z.avail_out == size) {
		int zr;

		if (in->raw_pos == in->raw_len) {
			int r = refill(in);
			if (r < 0)
				return -1;
			if (r == 0) {
				if (in->z_ended)
					return 0;
				snprintf(in->error, sizeof in->error, "fichier gzip tronqué");
				errno = EBADMSG;
				return -1;
			}
		}
		if (in->z_ended) {
			if (inflateReset(&in->z) != Z_OK)
				abort();
			in->z_ended = 0;
		}
		in->z.next_in = in->raw + in->raw_pos;
		in->z.avail_in = (uInt)(in->raw_len - in->raw_pos);
		zr = inflate(&in->z, Z_NO_FLUSH);
		in->raw_pos = in->raw_len - in->z.avail_in;
		if (zr == Z_STREAM_END)
			in->z_ended = 1;
		else if (zr != Z_OK && zr != Z_BUF_ERROR) {
			/* zlib's own z.msg is English: say it from the code */
			snprintf(in->error, sizeof in->error, "fichier gzip corrompu (%s)",
			         zr == Z_MEM_ERROR ? "mémoire insuffisante"
			         : zr == Z_NEED_DICT ? "dictionnaire de compression inconnu"
			         : "données compressées invalides");
			errno = EBADMSG;
			return -1;
		}
	}
	return (ssize_t)(size - in->z.avail_out);
}

/* Fills one slot with decompressed or produced bytes and returns their
 * count; at the end or on an error it stops short, setting *END and
 * *FAILED (errno), so that the bytes before a truncation still reach the
 * parser. */
static size_t fill_slot(struct sne_input *in, unsigned char *slot, int *end, int *failed)
{
	size_t len = 0;

	while (len < AHEAD_SLOT_SIZE) {
		ssize_t n = in->produce != NULL
		            ? read_produced(in, slot + len, AHEAD_SLOT_SIZE - len)
		            : read_gz(in, slot + len, AHEAD_SLOT_SIZE - len);
		if (n <= 0) {
			*end = 1;
			*failed = n < 0 ? (errno ? errno : EIO) : 0;
			break;
		}
		len += (size_t)n;
	}
	return len;
}

static void *read_ahead(void *arg)
{
	struct sne_input *in = arg;
	struct read_pipe *p = in->pipe;
	int end = 0;

	while (!end) {
		int tail, quit, failed = 0;
		size_t n;

		pthread_mutex_lock(&p->lock);
		while (p->count == AHEAD_SLOTS && !p->quit)
			pthread_cond_wait(&p->emptied, &p->lock);
		tail = (p->head + p->count) % AHEAD_SLOTS;
		quit = p->quit;
		pthread_mutex_unlock(&p->lock);
		if (quit)
			break;
		n = fill_slot(in, p->slot[tail], &end, &failed);
		pthread_mutex_lock(&p->lock);
		if (n > 0) {
			p->slot_len[tail] = n;
			p->count++;
		}
		p->done = end;
		p->failed_errno = failed;
		pthread_cond_signal(&p->filled);
		pthread_mutex_unlock(&p->lock);
	}
	return NULL;
}

static void pipe_start(struct sne_input *in)
{
	struct read_pipe *p = calloc(1, sizeof *p);

	if (p == NULL)
		abort();
	for (int i = 0; i < AHEAD_SLOTS; i++)
		if ((p->slot[i] = malloc(AHEAD_SLOT_SIZE)) == NULL)
			abort();
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->filled, NULL);
	pthread_cond_init(&p->emptied, NULL);
	in->pipe = p;
	if (pthread_create(&p->thread, NULL, read_ahead, in) != 0)
		abort();
}

static void pipe_stop(struct sne_input *in)
{
	struct read_pipe *p = in->pipe;

	if (p == NULL)
		return;
	pthread_mutex_lock(&p->lock);
	p->quit = 1;
	pthread_cond_signal(&p->emptied);
	pthread_mutex_unlock(&p->lock);
	pthread_join(p->thread, NULL);
	for (int i = 0; i < AHEAD_SLOTS; i++)
		free(p->slot[i]);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->filled);
	pthread_cond_destroy(&p->emptied);
	free(p);
	in->pipe = NULL;
}

/* Takes up to SIZE bytes from the head slot, waiting for the thread. */
static ssize_t read_piped(struct sne_input *in, unsigned char *buf, size_t size)
{
	struct read_pipe *p = in->pipe;
	size_t n;

	pthread_mutex_lock(&p->lock);
	while (p->count == 0 && !p->done)
		pthread_cond_wait(&p->filled, &p->lock);
	if (p->count == 0) {
		int failed = p->failed_errno;
		pthread_mutex_unlock(&p->lock);
		errno = failed;
		return failed ? -1 : 0;
	}
	n = p->slot_len[p->head] - p->head_pos;
	if (n > size)
		n = size;
	memcpy(buf, p->slot[p->head] + p->head_pos, n);
	p->head_pos += n;
	if (p->head_pos == p->slot_len[p->head]) {
		p->head = (p->head + 1) % AHEAD_SLOTS;
		p->count--;
		p->head_pos = 0;
		pthread_cond_signal(&p->emptied);
	}
	pthread_mutex_unlock(&p->lock);
	return (ssize_t)n;
}

void sne_input_read_ahead(struct sne_input *in)
{
	if (in->produce != NULL)
		in->ahead = 1;
}

ssize_t sne_input_read(struct sne_input *in, void *buf, size_t size)
{
	if (in->produce != NULL && !in->ahead)
		return read_produced(in, buf, size);
	if (!in->sniffed) { /* not raw_offset: the thread reading ahead adds to it */
		in->sniffed = 1;
		if (in->produce == NULL) {
			int r = sniff(in);
			if (r <= 0)
				return r;
		}
		if (in->is_gz || in->ahead)
			pipe_start(in);
	}
	return in->pipe != NULL ? read_piped(in, buf, size) : read_plain(in, buf, size);
}

int sne_input_file_fd(const struct sne_input *in)
{
	if (in->produce != NULL || in->fd < 0 || in->size < 0 || in->raw_offset != 0 ||
	    in->raw_len != 0 || lseek(in->fd, 0, SEEK_CUR) != 0)
		return -1;
	return in->fd;
}

const char *sne_input_name(const struct sne_input *in) { return in->name; }
long long sne_input_size(const struct sne_input *in) { return in->size; }
/* Read without the pipe's lock: a progress figure may be a block late. */
long long sne_input_offset(const struct sne_input *in)
{
	return __atomic_load_n(&in->raw_offset, __ATOMIC_RELAXED);
}
const char *sne_input_error(const struct sne_input *in) { return in->error; }

int sne_input_close(struct sne_input *in)
{
	int rc = 0;

	if (in == NULL)
		return 0;
	pipe_stop(in);
	if (in->is_gz)
		inflateEnd(&in->z);
	if (in->release != NULL)
		in->release(in->produce_ctx);
	if (in->fd >= 0 && close(in->fd) != 0)
		rc = -1;
	free(in->raw);
	free(in->name);
	free(in);
	return rc;
}

int sne_path_is_gz(const char *path)
{
	size_t n = path ? strlen(path) : 0;

	return n > 3 && strcmp(path + n - 3, ".gz") == 0;
}

struct sne_output *sne_output_fdopen(int fd, const char *name, int gzip, int level)
{
	struct sne_output *out = calloc(1, sizeof *out);

	if (out == NULL)
		abort();
	out->fd = fd;
	out->name = copy_name(name);
	out->buf = malloc(IO_BUF);
	if (out->buf == NULL)
		abort();
	if (gzip) {
		out->is_gz = 1;
		if (deflateInit2(&out->z, level > 0 ? level : 6, Z_DEFLATED, 15 + 16, 8,
		                 Z_DEFAULT_STRATEGY) != Z_OK)
			abort();
	}
	return out;
}

struct sne_output *sne_output_stdout(void)
{
	return sne_output_fdopen(STDOUT_FILENO, "<sortie standard>", 0, 0);
}

struct sne_output *sne_output_create(const char *path)
{
	int fd;

	/* a file the user names: with his rights, never the program's group's */
	sne_user_rights_begin();
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	sne_user_rights_end();
	if (fd < 0)
		return NULL;
	if (fchmod(fd, 0600) != 0) {
		close(fd);
		return NULL;
	}
	return sne_output_fdopen(fd, path, sne_path_is_gz(path), 0);
}

static int write_fd(struct sne_output *out, const unsigned char *buf, size_t size)
{
	while (size > 0) {
		ssize_t n = write(out->fd, buf, size);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			if (!out->failed)
				out->failed = errno;
			return -1;
		}
		buf += n;
		size -= (size_t)n;
	}
	return 0;
}

static int drain(struct sne_output *out)
{
	int rc = out->len && out->fd >= 0 ? write_fd(out, out->buf, out->len) : 0;

	out->len = 0;
	return rc;
}

static int deflate_some(struct sne_output *out, const void *buf, size_t size, int flush)
{
	out->z.next_in = (unsigned char *)buf;
	out->z.avail_in = (uInt)size;
	do {
		int zr;

		out->z.next_out = out->buf + out->len;
		out->z.avail_out = (uInt)(IO_BUF - out->len);
		zr = deflate(&out->z, flush);
		out->len = IO_BUF - out->z.avail_out;
		if (zr == Z_STREAM_ERROR)
			abort();
		if (out->len == IO_BUF && drain(out) != 0)
			return -1;
		if (flush == Z_FINISH && zr == Z_STREAM_END)
			break;
	} while (out->z.avail_in > 0 || (flush == Z_FINISH));
	return 0;
}

unsigned long long sne_output_given(const struct sne_output *out) { return out->given; }

struct sne_output *sne_output_record_sink(const char *name,
                                          int (*record)(void *ctx,
                                                        const struct sne_record *rec,
                                                        const char *bytes, size_t len),
                                          void *ctx)
{
	struct sne_output *out = calloc(1, sizeof *out);

	if (out == NULL)
		abort();
	out->fd = -1;
	out->name = copy_name(name);
	out->record = record;
	out->record_ctx = ctx;
	return out;
}

int sne_output_record_begin(struct sne_output *out)
{
	if (out->record == NULL)
		return 0;
	out->len = 0; /* a head or gap written before is dropped */
	return 1;
}

int sne_output_record_end(struct sne_output *out, const struct sne_record *rec)
{
	int rc;

	if (out->failed) {
		errno = out->failed;
		return -1;
	}
	rc = out->record(out->record_ctx, rec, (const char *)out->buf, out->len);
	out->len = 0;
	if (rc != 0) {
		out->failed = EIO;
		errno = EIO;
		return -1;
	}
	return 0;
}

/* A record sink keeps the bytes of the record being written. */
static int sink_keep(struct sne_output *out, const void *buf, size_t size)
{
	if (out->len + size > out->cap) {
		size_t cap = out->cap ? out->cap : IO_BUF;
		while (cap < out->len + size)
			cap *= 2;
		out->buf = realloc(out->buf, cap);
		if (out->buf == NULL)
			abort();
		out->cap = cap;
	}
	memcpy(out->buf + out->len, buf, size);
	out->len += size;
	return 0;
}

int sne_output_write(struct sne_output *out, const void *buf, size_t size)
{
	out->given += size;
	if (out->failed) {
		errno = out->failed;
		return -1;
	}
	if (size == 0)  /* nothing to copy; BUF may then be NULL */
		return 0;
	if (out->record != NULL)
		return sink_keep(out, buf, size);
	if (out->is_gz)
		return deflate_some(out, buf, size, Z_NO_FLUSH);
	if (out->len + size > IO_BUF && drain(out) != 0)
		return -1;
	if (size >= IO_BUF)
		return write_fd(out, buf, size);
	memcpy(out->buf + out->len, buf, size);
	out->len += size;
	return 0;
}

int sne_output_emit(struct sne_output *out, const void *buf, size_t size)
{
	if (sne_output_write(out, buf, size) == 0)
		return 0;
	sne_warn("%s: écriture impossible :", out->name);
	return SNE_EX_IOERR;
}

int sne_output_puts(struct sne_output *out, const char *text)
{
	return sne_output_write(out, text, strlen(text));
}

int sne_output_printf(struct sne_output *out, const char *fmt, ...)
{
	char small[512];
	char *text = small;
	va_list ap;
	int n, rc;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;
	if ((size_t)n >= sizeof small) {
		text = malloc((size_t)n + 1);
		if (text == NULL)
			abort();
		va_start(ap, fmt);
		vsnprintf(text, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	rc = sne_output_write(out, text, (size_t)n);
	if (text != small)
		free(text);
	return rc;
}

static int output_sink(void *ctx, const char *bytes, size_t len)
{
	return sne_output_write(ctx, bytes, len);
}

int sne_output_xml_escaped(struct sne_output *out, const char *text)
{
	return sne_xml_escape(text, 1, output_sink, out);
}

static int finish(struct sne_output *out)
{
	if (out->is_gz && !out->failed && !out->finished) {
		out->finished = 1;
		if (deflate_some(out, "", 0, Z_FINISH) != 0)
			return -1;
	}
	return drain(out);
}

int sne_output_sync(struct sne_output *out)
{
	if (finish(out) != 0)
		return -1;
	if (out->fd >= 0 && fsync(out->fd) != 0) {
		if (!out->failed)
			out->failed = errno;
		return -1;
	}
	return 0;
}

const char *sne_output_name(const struct sne_output *out) { return out->name; }

int sne_output_close(struct sne_output *out)
{
	int failed;

	if (out == NULL)
		return 0;
	if (!out->failed)
		finish(out);
	if (out->is_gz)
		deflateEnd(&out->z);
	if (out->fd >= 0 && close(out->fd) != 0 && !out->failed && errno != EINTR)
		out->failed = errno;
	failed = out->failed;
	free(out->buf);
	free(out->name);
	free(out);
	if (failed) {
		errno = failed;
		return -1;
	}
	return 0;
}

int sne_fsync_parent(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *parent;
	int fd, rc, saved;

	if (slash == NULL)
		parent = strdup(".");
	else
		parent = strndup(path, slash == path ? 1 : (size_t)(slash - path));
	if (parent == NULL)
		abort();
	fd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(parent);
	if (fd < 0)
		return -1;
	rc = fsync(fd);
	saved = errno;
	close(fd);
	errno = saved;
	return rc;
}
