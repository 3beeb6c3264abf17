/* The order of the RPLS reference and its sparse index (see
 * include/sne/rpls_index.h for the format). */
#include "sne/rpls_index.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "sne/err.h"
#include "sne/inplace.h"
#include "sne/stream.h"

#define INDEX_MAGIC "sne-rpls-index 1"
/* Largest index read: 5.4 million logements take about 160 KB. */
#define INDEX_MAX (64u << 20)
/* Largest prolog (before the first logement) and epilog (after the last)
 * copied around a block: a root tag and some blanks in practice. */
#define FRAME_MAX (64u << 10)
/* Blocks are read through the index only while they add up to less than
 * this share of the reference; past it one full reading is cheaper. */
#define LOOKUP_MAX_SHARE 8
#define COPY_CHUNK 65536

struct sample {
	char rpls[SNE_RPLS_SIZE];
	unsigned long long offset;
};

static void *xrealloc(void *p, size_t size)
{
	p = realloc(p, size);
	if (p == NULL)
		abort();
	return p;
}

static char *index_path_of(const char *reference)
{
	size_t n = strlen(reference);
	char *path = xrealloc(NULL, n + sizeof SNE_RPLS_INDEX_SUFFIX);

	memcpy(path, reference, n);
	memcpy(path + n, SNE_RPLS_INDEX_SUFFIX, sizeof SNE_RPLS_INDEX_SUFFIX);
	return path;
}

static void file_id_from_stat(const struct stat *st, struct sne_file_id *id)
{
	id->size = (unsigned long long)st->st_size;
	id->inode = (unsigned long long)st->st_ino;
	id->device = (unsigned long long)st->st_dev;
	id->mtime_sec = (long long)st->st_mtim.tv_sec;
	id->mtime_nsec = (long)st->st_mtim.tv_nsec;
}

int sne_file_id_of_path(const char *path, struct sne_file_id *id)
{
	struct stat st;

	if (stat(path, &st) != 0)
		return -1;
	file_id_from_stat(&st, id);
	return 0;
}

static int same_file_id(const struct sne_file_id *a, const struct sne_file_id *b)
{
	return a->size == b->size && a->inode == b->inode && a->device == b->device &&
	       a->mtime_sec == b->mtime_sec && a->mtime_nsec == b->mtime_nsec;
}

/* Whether A < B as RPLS numbers, both valid. */
static int rpls_before(const char *a, const char *b)
{
	return strcmp(a, b) < 0;
}

/* ------------------------------------------------------------------ */
/* building */

struct sne_rpls_index_builder {
	struct sample *samples;
	size_t nsamples, cap;
	unsigned long long count, start, end;
	char last[SNE_RPLS_SIZE];
	int sorted;
};

struct sne_rpls_index_builder *sne_rpls_index_builder_new(void)
{
	struct sne_rpls_index_builder *b = xrealloc(NULL, sizeof *b);

	memset(b, 0, sizeof *b);
	b->sorted = 1;
	return b;
}

void sne_rpls_index_builder_add(struct sne_rpls_index_builder *b, const char *rpls,
                                unsigned long long start, unsigned long long end)
{
	if (rpls == NULL || !sne_rpls_is_valid(rpls) || (b->count > 0 && !rpls_before(b->last, rpls)))
		b->sorted = 0;
	if (!b->sorted)
		return; /* never indexed: no need to sample */
	if (b->count == 0)
		b->start = start;
	if (b->count % SNE_RPLS_INDEX_STEP == 0) {
		if (b->nsamples == b->cap) {
			b->cap = b->cap ? 2 * b->cap : 256;
			b->samples = xrealloc(b->samples, b->cap * sizeof *b->samples);
		}
		memcpy(b->samples[b->nsamples].rpls, rpls, SNE_RPLS_SIZE);
		b->samples[b->nsamples++].offset = start;
	}
	memcpy(b->last, rpls, SNE_RPLS_SIZE);
	b->end = end;
	b->count++;
}

void sne_rpls_index_builder_free(struct sne_rpls_index_builder *b)
{
	if (b == NULL)
		return;
	free(b->samples);
	free(b);
}

/* Why the reference written cannot be indexed, or NULL. */
static const char *not_indexable(const struct sne_rpls_index_builder *b,
                                 unsigned long long written)
{
	if (!b->sorted)
		return "logements hors de l'ordre des numéros RPLS";
	if (b->count == 0)
		return "aucun logement";
	if (b->start > FRAME_MAX || b->end > written || written - b->end > FRAME_MAX)
		return "trop de contenu avant le premier ou après le dernier logement";
	return NULL;
}

/* The index text with its crc32 line.  Freed by the caller; *LEN set. */
static char *index_text(const struct sne_rpls_index_builder *b, const struct sne_file_id *id,
                        size_t *len)
{
	char *text = NULL;
	FILE *fp = open_memstream(&text, len);
	uLong crc;

	if (fp == NULL)
		abort();
	fprintf(fp, "%s\nreference %llu %lld.%09ld %llu %llu\nlogements %llu %llu %llu %u\n",
	        INDEX_MAGIC, id->size, id->mtime_sec, id->mtime_nsec, id->inode, id->device,
	        b->start, b->end, b->count, (unsigned)SNE_RPLS_INDEX_STEP);
	for (size_t i = 0; i < b->nsamples; i++)
		fprintf(fp, "%s %llu\n", b->samples[i].rpls, b->samples[i].offset);
	fflush(fp);
	crc = crc32(crc32(0L, Z_NULL, 0), (const Bytef *)text, (uInt)*len);
	fprintf(fp, "crc32 %08lx\n", (unsigned long)crc);
	if (fclose(fp) != 0)
		abort();
	return text;
}

int sne_rpls_index_write(const struct sne_rpls_index_builder *b, const char *reference,
                         const struct sne_file_id *id, unsigned long long written, char *why,
                         size_t why_size)
{
	const char *reason = not_indexable(b, written);
	char *path, *text;
	struct sne_inplace *ip;
	size_t len;
	int rc;

	if (reason != NULL) {
		sne_why(why, why_size, "%s", reason);
		return -1;
	}
	sne_why(why, why_size, "écriture impossible");
	path = index_path_of(reference);
	/* its own lock is only taken under the reference's: always free */
	rc = sne_inplace_begin_or_create(path, 0, &ip);
	free(path);
	if (rc != 0)
		return -1;
	text = index_text(b, id, &len);
	if (sne_output_write(sne_inplace_output(ip), text, len) != 0) {
		sne_warn("%s: écriture impossible :", sne_output_name(sne_inplace_output(ip)));
		sne_inplace_abort(ip);
		free(text);
		return -1;
	}
	free(text);
	return sne_inplace_commit(ip) == 0 ? 0 : -1;
}

int sne_rpls_index_remove(const char *reference)
{
	char *path = index_path_of(reference);
	int rc = unlink(path);

	free(path);
	return rc != 0 && errno != ENOENT ? -1 : 0;
}

/* ------------------------------------------------------------------ */
/* reading the index */

struct sne_rpls_index {
	char *path;                /* REFERENCE.idx */
	char *reference;
	int fd;                    /* the reference: checked and read through it */
	struct sne_file_id id;     /* as the index names it, checked against fd */
	unsigned long long start, end, count;
	unsigned step;
	struct sample *samples;
	size_t nsamples;
	size_t blocks_read;
};

/* Reads all of the regular file FD (at most INDEX_MAX bytes) into a
 * NUL-terminated buffer freed by the caller; NULL when it cannot. */
static char *slurp(int fd, size_t *len)
{
	struct stat st;
	size_t size;
	char *text;

	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > (off_t)INDEX_MAX)
		return NULL;
	size = (size_t)st.st_size;
	text = xrealloc(NULL, size + 1);
	for (*len = 0; *len < size;) {
		ssize_t n = read(fd, text + *len, size - *len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			free(text);
			return NULL;
		}
		*len += (size_t)n;
	}
	text[*len] = '\0';
	return text;
}

/* Checks the last line "crc32 X" against the bytes before it; returns the
 * length of those bytes, or 0 when they do not match. */
static size_t checked_body(const char *text, size_t len)
{
	size_t body;
	unsigned long expected;
	char end;

	if (len < 2 || text[len - 1] != '\n')
		return 0;
	body = len - 1;
	while (body > 0 && text[body - 1] != '\n')
		body--;
	if (sscanf(text + body, "crc32 %8lx%c", &expected, &end) != 2 || end != '\n')
		return 0;
	return crc32(crc32(0L, Z_NULL, 0), (const Bytef *)text, (uInt)body) == expected ? body : 0;
}

/* Splits off the next line of *TEXT (NUL-terminated in place), or NULL. */
static char *next_line(char **text, char *end)
{
	char *line = *text, *nl;

	if (line >= end)
		return NULL;
	nl = memchr(line, '\n', (size_t)(end - line));
	if (nl == NULL)
		return NULL;
	*nl = '\0';
	*text = nl + 1;
	return line;
}

static int parse_header(struct sne_rpls_index *ix, char **text, char *end)
{
	char *magic = next_line(text, end), *ref = next_line(text, end), *recs = next_line(text, end);
	int n = -1, m = -1;

	if (magic == NULL || ref == NULL || recs == NULL || strcmp(magic, INDEX_MAGIC) != 0)
		return -1;
	if (sscanf(ref, "reference %llu %lld.%9ld %llu %llu%n", &ix->id.size, &ix->id.mtime_sec,
	           &ix->id.mtime_nsec, &ix->id.inode, &ix->id.device, &n) != 5 ||
	    ref[n] != '\0')
		return -1;
	if (sscanf(recs, "logements %llu %llu %llu %u%n", &ix->start, &ix->end, &ix->count,
	           &ix->step, &m) != 4 || recs[m] != '\0')
		return -1;
	return ix->step > 0 && ix->count > 0 && ix->start < ix->end ? 0 : -1;
}

/* One "RPLS OFFSET" line, after the previous sample PREV (or NULL). */
static int parse_sample(const char *line, const struct sample *prev, struct sample *s)
{
	int n = -1;

	if (sscanf(line, "%10[0-9A-Z] %llu%n", s->rpls, &s->offset, &n) != 2 || line[n] != '\0' ||
	    !sne_rpls_is_valid(s->rpls))
		return -1;
	if (prev != NULL && (!rpls_before(prev->rpls, s->rpls) || prev->offset >= s->offset))
		return -1;
	return 0;
}

static int parse_samples(struct sne_rpls_index *ix, char *text, char *end)
{
	unsigned long long expected = (ix->count + ix->step - 1) / ix->step;
	char *line;

	if (expected > (unsigned long long)(end - text) / 12 + 1)
		return -1; /* more samples than the text could hold */
	ix->samples = xrealloc(NULL, (size_t)expected * sizeof *ix->samples);
	while ((line = next_line(&text, end)) != NULL) {
		struct sample *prev = ix->nsamples ? &ix->samples[ix->nsamples - 1] : NULL;
		if (ix->nsamples == expected ||
		    parse_sample(line, prev, &ix->samples[ix->nsamples]) != 0)
			return -1;
		ix->nsamples++;
	}
	if (ix->nsamples != expected || ix->samples[0].offset != ix->start ||
	    ix->samples[ix->nsamples - 1].offset >= ix->end)
		return -1;
	return 0;
}

/* Reads and parses the index file; -1 with WHY. */
static int load_index(struct sne_rpls_index *ix, char *why, size_t why_size)
{
	int fd = open(ix->path, O_RDONLY | O_CLOEXEC);
	size_t len, body;
	char *text, *cursor;
	int rc;

	if (fd < 0) {
		sne_why(why, why_size, errno == ENOENT ? "pas d'index « %s »"
		                                       : "index « %s » illisible", ix->path);
		return -1;
	}
	text = slurp(fd, &len);
	close(fd);
	body = text ? checked_body(text, len) : 0;
	cursor = text;
	rc = body > 0 && parse_header(ix, &cursor, text + body) == 0 &&
	     parse_samples(ix, cursor, text + body) == 0 ? 0 : -1;
	free(text);
	if (rc != 0)
		sne_why(why, why_size, "index « %s » illisible ou corrompu", ix->path);
	return rc;
}

/* Checks that the open reference is the file the index describes. */
static int check_reference(struct sne_rpls_index *ix, char *why, size_t why_size)
{
	struct sne_file_id now;
	struct stat st;

	if (fstat(ix->fd, &st) != 0 || !S_ISREG(st.st_mode))
		return sne_why(why, why_size, "référentiel « %s » : pas un fichier ordinaire",
		               ix->reference), -1;
	file_id_from_stat(&st, &now);
	if (!same_file_id(&now, &ix->id))
		return sne_why(why, why_size, "index « %s » périmé : le référentiel a changé depuis "
		               "son écriture", ix->path), -1;
	return 0;
}

/* Whether blocks can be read at the offsets of the index: a plain file
 * (the offsets of a gzip reference are those of its uncompressed bytes)
 * with a small prolog and epilog. */
static int seekable(const struct sne_rpls_index *ix, char *why, size_t why_size)
{
	unsigned char magic[2];

	if (pread(ix->fd, magic, 2, 0) == 2 && magic[0] == 0x1f && magic[1] == 0x8b)
		return sne_why(why, why_size, "référentiel compressé (gzip) : pas d'accès direct"), 0;
	if (ix->end > ix->id.size || ix->start > FRAME_MAX || ix->id.size - ix->end > FRAME_MAX)
		return sne_why(why, why_size, "index « %s » illisible ou corrompu", ix->path), 0;
	return 1;
}

int sne_rpls_index_open(const char *reference, struct sne_rpls_index **out, char *why,
                        size_t why_size)
{
	struct sne_rpls_index *ix = xrealloc(NULL, sizeof *ix);

	memset(ix, 0, sizeof *ix);
	ix->reference = strdup(reference);
	if (ix->reference == NULL)
		abort();
	ix->path = index_path_of(reference);
	ix->fd = -1;
	*out = NULL;
	if (load_index(ix, why, why_size) != 0) {
		sne_rpls_index_close(ix);
		return -1;
	}
	ix->fd = open(reference, O_RDONLY | O_CLOEXEC);
	if (ix->fd < 0) {
		sne_why(why, why_size, "référentiel « %s » illisible : %s", reference, sne_strerror(errno));
		sne_rpls_index_close(ix);
		return -1;
	}
	if (check_reference(ix, why, why_size) != 0) {
		sne_rpls_index_close(ix);
		return -1;
	}
	*out = ix;
	return 0;
}

size_t sne_rpls_index_blocks_read(const struct sne_rpls_index *ix) { return ix->blocks_read; }
const char *sne_rpls_index_path(const struct sne_rpls_index *ix) { return ix->path; }

void sne_rpls_index_close(struct sne_rpls_index *ix)
{
	if (ix == NULL)
		return;
	if (ix->fd >= 0)
		close(ix->fd);
	free(ix->samples);
	free(ix->path);
	free(ix->reference);
	free(ix);
}

/* ------------------------------------------------------------------ */
/* reading one block */

/* The block that would hold RPLS (the last whose first number is not
 * after it), or -1 when RPLS comes before the first logement. */
static long block_of(const struct sne_rpls_index *ix, const char *rpls)
{
	size_t low = 0, high = ix->nsamples; /* answer in [low - 1, high - 1] */

	while (low < high) {
		size_t mid = low + (high - low) / 2;
		if (rpls_before(rpls, ix->samples[mid].rpls))
			high = mid;
		else
			low = mid + 1;
	}
	return (long)low - 1;
}

static unsigned long long block_start(const struct sne_rpls_index *ix, size_t k)
{
	return ix->samples[k].offset;
}

static unsigned long long block_end(const struct sne_rpls_index *ix, size_t k)
{
	return k + 1 < ix->nsamples ? ix->samples[k + 1].offset : ix->end;
}

static unsigned long long block_count(const struct sne_rpls_index *ix, size_t k)
{
	return k + 1 < ix->nsamples ? ix->step : ix->count - (unsigned long long)k * ix->step;
}

/* Copies bytes [FROM, TO) of descriptor IN to the end of OUT. */
static int copy_range(int in, unsigned long long from, unsigned long long to, int out)
{
	char buf[COPY_CHUNK];

	while (from < to) {
		size_t want = to - from < sizeof buf ? (size_t)(to - from) : sizeof buf;
		ssize_t n = pread(in, buf, want, (off_t)from);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1; /* the file got shorter than its index says */
		for (ssize_t done = 0, w; done < n; done += w) {
			w = write(out, buf + done, (size_t)(n - done));
			if (w < 0 && errno != EINTR)
				return -1;
			if (w < 0)
				w = 0;
		}
		from += (unsigned long long)n;
	}
	return 0;
}

/* Block K framed by the reference's own prolog and epilog: a stream of
 * that block alone, in an anonymous file.  NULL when it cannot be made. */
static struct sne_input *open_block(const struct sne_rpls_index *ix, size_t k)
{
	int fd = memfd_create("sne-rpls-bloc", MFD_CLOEXEC);

	if (fd < 0)
		return NULL;
	if (copy_range(ix->fd, 0, ix->start, fd) != 0 ||
	    copy_range(ix->fd, block_start(ix, k), block_end(ix, k), fd) != 0 ||
	    copy_range(ix->fd, ix->end, ix->id.size, fd) != 0 || lseek(fd, 0, SEEK_SET) != 0) {
		close(fd);
		return NULL;
	}
	return sne_input_fdopen(fd, ix->reference);
}

/* The numbers of one block, in the order read. */
struct block_numbers {
	char (*rpls)[SNE_RPLS_SIZE];
	size_t count, cap;
	int bad;                   /* a logement without a valid number */
};

static int no_fields(const char *key, void *ctx)
{
	(void)key, (void)ctx;
	return 0;
}

static int collect_number(struct sne_record *record, void *ctx)
{
	struct block_numbers *numbers = ctx;
	const char *rpls = sne_record_get(record, 0);

	if (rpls == NULL || !sne_rpls_is_valid(rpls)) {
		numbers->bad = 1;
		return SNE_STREAM_STOP;
	}
	if (numbers->count == numbers->cap) {
		numbers->cap = numbers->cap ? 2 * numbers->cap : SNE_RPLS_INDEX_STEP;
		numbers->rpls = xrealloc(numbers->rpls, numbers->cap * sizeof *numbers->rpls);
	}
	memcpy(numbers->rpls[numbers->count++], rpls, SNE_RPLS_SIZE);
	return 0;
}

/* Whether the numbers read are those block K must hold: its first number,
 * its count, in strictly increasing order, before the next block's. */
static int block_matches(const struct sne_rpls_index *ix, size_t k,
                         const struct block_numbers *numbers)
{
	if (numbers->bad || numbers->count != block_count(ix, k) ||
	    strcmp(numbers->rpls[0], ix->samples[k].rpls) != 0)
		return 0;
	for (size_t i = 1; i < numbers->count; i++)
		if (!rpls_before(numbers->rpls[i - 1], numbers->rpls[i]))
			return 0;
	return k + 1 == ix->nsamples ||
	       rpls_before(numbers->rpls[numbers->count - 1], ix->samples[k + 1].rpls);
}

/* Reads block K with the stream parser into NUMBERS; -1 with WHY. */
static int read_block(struct sne_rpls_index *ix, size_t k, struct block_numbers *numbers,
                      char *why, size_t why_size)
{
	static const char *const rpls_field[] = { "@rpls" };
	struct sne_stream_spec spec = {
		.record_ns = SNE_NS_RPLS, .record_name = "logement",
		.envelope = &sne_envelope_rpls,
		.fields = rpls_field, .nfields = 1, .on_record = collect_number, .ctx = numbers,
		.wants_fields = no_fields, .key_field = 0,
	};
	struct sne_input *in = open_block(ix, k);
	int rc;

	if (in == NULL)
		return sne_why(why, why_size, "bloc %zu du référentiel illisible : %s", k,
		               sne_strerror(errno)), -1;
	rc = sne_stream_run(in, &spec);
	sne_input_close(in);
	ix->blocks_read++;
	if (rc != 0 || !block_matches(ix, k, numbers))
		return sne_why(why, why_size, "le bloc %zu du référentiel ne correspond pas à l'index "
		               "« %s »", k, ix->path), -1;
	return 0;
}

static int number_cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* Calls ON_KNOWN for each number of block K among NUMBERS. */
static int lookup_block(struct sne_rpls_index *ix, size_t k, const char *const *numbers,
                        size_t count, void (*on_known)(const char *, void *), void *ctx,
                        char *why, size_t why_size)
{
	struct block_numbers read = { NULL, 0, 0, 0 };
	int rc = read_block(ix, k, &read, why, why_size);

	for (size_t i = 0; rc == 0 && i < count; i++)
		if (block_of(ix, numbers[i]) == (long)k &&
		    bsearch(numbers[i], read.rpls, read.count, sizeof *read.rpls, number_cmp) != NULL)
			on_known(numbers[i], ctx);
	free(read.rpls);
	return rc;
}

static int long_cmp(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return (x > y) - (x < y);
}

/* The distinct blocks holding NUMBERS, sorted, into BLOCKS; their count. */
static size_t blocks_of(const struct sne_rpls_index *ix, const char *const *numbers, size_t count,
                        long *blocks)
{
	size_t n = 0, distinct = 0;

	for (size_t i = 0; i < count; i++) {
		long k = sne_rpls_is_valid(numbers[i]) ? block_of(ix, numbers[i]) : -1;
		if (k >= 0)
			blocks[n++] = k;
	}
	qsort(blocks, n, sizeof *blocks, long_cmp);
	for (size_t i = 0; i < n; i++)
		if (distinct == 0 || blocks[distinct - 1] != blocks[i])
			blocks[distinct++] = blocks[i];
	return distinct;
}

int sne_rpls_index_lookup(struct sne_rpls_index *ix, const char *const *numbers, size_t count,
                          void (*on_known)(const char *rpls, void *ctx), void *ctx, char *why,
                          size_t why_size)
{
	long *blocks = xrealloc(NULL, (count + 1) * sizeof *blocks);
	size_t nblocks = blocks_of(ix, numbers, count, blocks);
	unsigned long long bytes = 0;
	int rc = seekable(ix, why, why_size) ? 0 : -1;

	for (size_t i = 0; i < nblocks; i++)
		bytes += block_end(ix, (size_t)blocks[i]) - block_start(ix, (size_t)blocks[i]);
	if (nblocks > 1 && bytes > ix->id.size / LOOKUP_MAX_SHARE) {
		sne_why(why, why_size, "%zu blocs à lire : une lecture complète est plus rapide",
		        nblocks);
		rc = -1;
	}
	for (size_t i = 0; rc == 0 && i < nblocks; i++)
		rc = lookup_block(ix, (size_t)blocks[i], numbers, count, on_known, ctx, why, why_size);
	free(blocks);
	return rc;
}
