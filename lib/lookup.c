/* A byte search for records by key, over a sliding window of the input. */
#include "sne/lookup.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "sne/err.h"
#include "sne/fragment.h"
#include "sne/stream.h"

/* Read size, and what is kept before the search point: a record that
 * started up to SNE_RECORD_MAX bytes earlier can still be handed over. */
#define BLOCK ((size_t)16 << 20)
#define KEEP ((size_t)SNE_RECORD_MAX + 4096)
/* Bytes a hit may look at after itself (the rest of a key tag, its text). */
#define TAIL ((size_t)1024)

struct window {
	struct sne_input *in;     /* NULL when the file is mapped */
	const char *name;         /* for messages */
	int mapped;               /* buf is the whole file, mapped */
	size_t released;          /* mapped bytes given back (window_release) */
	char *buf;
	size_t len, cap;
	long long base;   /* input offset of buf[0] */
	int eof;
	char *root_tag;
	size_t root_len;
};

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int is_name_end(char c)
{
	return is_space(c) || c == '>' || c == '/';
}

/* How common byte C is in a register's XML (lower is rarer): markup and
 * blanks everywhere, lower-case letters and digits in every value,
 * capitals and the rare letters seldom. */
static int commonness(unsigned char c)
{
	if (strchr("<>/=\" :\n\t ", c) != NULL)
		return 5;
	if (c >= 'A' && c <= 'Z')
		return 1;
	if (strchr("jkqwxyz", c) != NULL)
		return 2;
	return 3;
}

/* A needle ready to be searched: its two rarest bytes are compared first. */
struct finder {
	const char *needle;
	size_t len;
	size_t p1, p2;     /* positions of the anchors, p1 < p2 (len >= 2) */
};

static struct finder finder_of(const char *needle, size_t len)
{
	struct finder f = { needle, len, 0, len > 0 ? len - 1 : 0 };
	size_t a = 0, b;

	if (len < 2)
		return f;
	for (size_t i = 0; i < len; i++)
		if (commonness((unsigned char)needle[i]) < commonness((unsigned char)needle[a]))
			a = i;
	b = a == len - 1 ? 0 : len - 1;
	for (size_t i = 0; i < len; i++)
		if (i != a && commonness((unsigned char)needle[i]) < commonness((unsigned char)needle[b]))
			b = i;
	f.p1 = a < b ? a : b;
	f.p2 = a < b ? b : a;
	return f;
}

#ifdef __SSE2__
/* The first needle of F in HAY (SIZE bytes), or NULL: memmem, 32
 * positions at a time (two rare bytes of the needle compared at once over
 * SSE2 vectors, the whole needle only where both match; Muła's "generic
 * SIMD" search).  glibc's memmem tests about one position per
 * instruction: this is about 3 times faster on a register, where a key
 * tag comes every kilobyte.  SSE2 is part of every x86-64. */
static const char *find_bytes(const struct finder *f, const char *hay, size_t size)
{
	size_t i = 0, len = f->len;

	if (len >= 2 && size >= len + 32) {
		const __m128i first = _mm_set1_epi8(f->needle[f->p1]);
		const __m128i second = _mm_set1_epi8(f->needle[f->p2]);
		const char *p1 = hay + f->p1, *p2 = hay + f->p2;
		size_t stop = size - len - 31; /* the last i whose 32 positions fit */

		for (; i <= stop; i += 32) {
			__m128i a0 = _mm_loadu_si128((const __m128i *)(p1 + i));
			__m128i b0 = _mm_loadu_si128((const __m128i *)(p2 + i));
			__m128i a1 = _mm_loadu_si128((const __m128i *)(p1 + i + 16));
			__m128i b1 = _mm_loadu_si128((const __m128i *)(p2 + i + 16));
			unsigned lo = (unsigned)_mm_movemask_epi8(
				_mm_and_si128(_mm_cmpeq_epi8(a0, first), _mm_cmpeq_epi8(b0, second)));
			unsigned hi = (unsigned)_mm_movemask_epi8(
				_mm_and_si128(_mm_cmpeq_epi8(a1, first), _mm_cmpeq_epi8(b1, second)));

			for (uint32_t mask = lo | hi << 16; mask != 0; mask &= mask - 1) {
				const char *at = hay + i + (size_t)__builtin_ctz(mask);

				if (memcmp(at, f->needle, len) == 0)
					return at;
			}
		}
	}
	return i < size ? memmem(hay + i, size - i, f->needle, len) : NULL;
}
#else
static const char *find_bytes(const struct finder *f, const char *hay, size_t size)
{
	return memmem(hay, size, f->needle, f->len);
}
#endif

/* Reads until the buffer is full or the input ends. */
static int window_read(struct window *w)
{
	while (w->len < w->cap && !w->eof) {
		ssize_t n = sne_input_read(w->in, w->buf + w->len, w->cap - w->len);

		if (n < 0) {
			sne_warn("%s: lecture impossible : %s", sne_input_name(w->in),
			         sne_input_error(w->in));
			return errno == EBADMSG ? SNE_EX_DATAERR : SNE_EX_IOERR;
		}
		if (n == 0)
			w->eof = 1;
		w->len += (size_t)n;
	}
	return 0;
}

/* Drops the bytes before input offset KEEP_FROM and reads more. */
static int window_advance(struct window *w, long long keep_from)
{
	size_t drop = keep_from > w->base ? (size_t)(keep_from - w->base) : 0;

	if (drop > w->len)
		drop = w->len;
	memmove(w->buf, w->buf + drop, w->len - drop);
	w->len -= drop;
	w->base += (long long)drop;
	return window_read(w);
}

static size_t at(const struct window *w, long long offset)
{
	return (size_t)(offset - w->base);
}

static long long end_of(const struct window *w)
{
	return w->base + (long long)w->len;
}

/* The end of the construct starting at P that ends with TERM, or NULL. */
static const char *skip_to(const char *p, const char *end, const char *term)
{
	const char *q = memmem(p, (size_t)(end - p), term, strlen(term));

	return q != NULL ? q + strlen(term) : NULL;
}

/* The end ('>' + 1) of the start tag at P, quotes respected, or NULL. */
static const char *tag_end(const char *p, const char *end)
{
	char quote = 0;

	for (; p < end; p++) {
		if (quote != 0)
			quote = *p == quote ? 0 : quote;
		else if (*p == '"' || *p == '\'')
			quote = *p;
		else if (*p == '>')
			return p + 1;
	}
	return NULL;
}

/* Finds the root's start tag past the prolog; sets *AFTER to the input
 * offset after it. */
static int read_root(struct window *w, long long *after)
{
	const char *p = w->buf, *end = w->buf + w->len, *t;
	const char *what = "aucun élément racine";

	if (w->len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	while (p < end) {
		if (is_space(*p)) {
			p++;
		} else if (end - p >= 2 && memcmp(p, "<?", 2) == 0) {
			if ((p = skip_to(p, end, "?>")) == NULL)
				break;
		} else if (end - p >= 4 && memcmp(p, "<!--", 4) == 0) {
			if ((p = skip_to(p, end, "-->")) == NULL)
				break;
		} else if (end - p >= 2 && memcmp(p, "<!", 2) == 0) {
			what = "DOCTYPE refusé (aucune DTD n'est lue)";
			break;
		} else if (*p == '<' && (t = tag_end(p, end)) != NULL) {
			w->root_len = (size_t)(t - p);
			if ((w->root_tag = malloc(w->root_len + 1)) == NULL)
				sne_die(SNE_EX_SOFTWARE, "mémoire épuisée");
			memcpy(w->root_tag, p, w->root_len);
			w->root_tag[w->root_len] = '\0';
			*after = w->base + (t - w->buf);
			return 0;
		} else {
			break;
		}
	}
	sne_warn("%s: %s : ce n'est pas un flux XML de demandes", w->name, what);
	return SNE_EX_DATAERR;
}

/* Maps PATH whole when it is a regular file that is not gzip: the search
 * then reads the page cache in place, with no copy.  0, or -1 when it
 * cannot (then it is read). */
static int window_map(struct window *w, const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	unsigned char magic[2];
	void *map = MAP_FAILED;

	if (fd < 0)
		return -1;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 2 &&
	    (unsigned long long)st.st_size < SIZE_MAX / 2 && pread(fd, magic, 2, 0) == 2 &&
	    !(magic[0] == 0x1f && magic[1] == 0x8b))
		map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED)
		return -1;
	madvise(map, (size_t)st.st_size, MADV_SEQUENTIAL);
	w->buf = map;
	w->len = w->cap = (size_t)st.st_size;
	w->eof = 1;
	w->mapped = 1;
	return 0;
}

/* Gives back the mapped pages before offset BEFORE, so that the memory
 * of a search stays flat however large the file. */
static void window_release(struct window *w, long long before)
{
	long page = sysconf(_SC_PAGESIZE);
	size_t upto = before > 0 ? (size_t)before / (size_t)page * (size_t)page : 0;

	if (upto > w->released) {
		madvise(w->buf + w->released, upto - w->released, MADV_DONTNEED);
		w->released = upto;
	}
}

/* Opens PATH (NULL: standard input), mapped or read, and finds the root;
 * *AFTER is the offset after its start tag. */
static int window_open(struct window *w, const char *path, long long *after)
{
	int rc;

	memset(w, 0, sizeof *w);
	w->name = path ? path : "<entrée standard>";
	if (path != NULL && window_map(w, path) == 0)
		return read_root(w, after);
	if ((w->in = sne_input_open(path)) == NULL) {
		sne_warn("%s: ouverture impossible : %s", w->name, strerror(errno));
		return SNE_EX_NOINPUT;
	}
	w->cap = BLOCK + KEEP;
	if ((w->buf = malloc(w->cap)) == NULL)
		sne_die(SNE_EX_SOFTWARE, "mémoire épuisée");
	if ((rc = window_read(w)) != 0)
		return rc;
	return read_root(w, after);
}

static void window_close(struct window *w)
{
	if (w->mapped)
		munmap(w->buf, w->cap);
	else
		free(w->buf);
	sne_input_close(w->in);
	free(w->root_tag);
}

/* Whether the start tag at P (a '<') names an element of local name NAME;
 * sets its qualified name. */
static int is_start_of(const char *p, const char *end, const char *name, size_t name_len,
                       const char **qname, size_t *qlen)
{
	const char *q = p + 1, *local = q;

	if (q >= end || *q == '/' || *q == '?' || *q == '!')
		return 0;
	while (q < end && !is_name_end(*q)) {
		if (*q == ':')
			local = q + 1;
		q++;
	}
	if (q >= end || (size_t)(q - local) != name_len || memcmp(local, name, name_len) != 0)
		return 0;
	*qname = p + 1;
	*qlen = (size_t)(q - (p + 1));
	return 1;
}

/* The start of the record element NAME that starts last before input
 * offset HIT (within SNE_RECORD_MAX), or -1. */
static long long record_start(const struct window *w, long long hit, const char *name,
                              const char **qname, size_t *qlen)
{
	const char *lo = w->buf, *p = w->buf + at(w, hit), *end = w->buf + w->len;
	size_t name_len = strlen(name);

	if (hit - w->base > (long long)KEEP)
		lo = p - KEEP;
	/* A plain loop, not memrchr: the start is a kilobyte back or so, and
	 * a sanitizer's memrchr would check the whole 4 MiB each time. */
	while (p > lo)
		if (*--p == '<' && is_start_of(p, end, name, name_len, qname, qlen))
			return w->base + (p - w->buf);
	return -1;
}

/* The offset after the end tag "</QNAME>" that follows FROM, reading more
 * of the input when needed (the bytes from KEEP_FROM on are kept); -1 when
 * there is none within SNE_RECORD_MAX of START, -2 on a read error (*RC). */
static long long record_end(struct window *w, long long start, long long from,
                            long long keep_from, const char *qname, size_t qlen, int *rc)
{
	char closing[SNE_LOOKUP_KEY_MAX + 2];
	struct finder finder;

	if (qlen + 2 > sizeof closing)
		return -1;
	closing[0] = '<';
	closing[1] = '/';
	memcpy(closing + 2, qname, qlen);
	finder = finder_of(closing, qlen + 2);
	for (;;) {
		const char *p = w->buf + at(w, from), *end = w->buf + w->len, *q;

		while ((q = find_bytes(&finder, p, (size_t)(end - p))) != NULL) {
			const char *r = q + qlen + 2;

			while (r < end && is_space(*r))
				r++;
			if (r < end && *r == '>')
				return w->base + (r + 1 - w->buf);
			if (r >= end)
				break;
			p = q + 1;
		}
		if (w->eof || end_of(w) - start > (long long)SNE_RECORD_MAX)
			return -1;
		from = end_of(w) > (long long)(qlen + 8) ? end_of(w) - (long long)(qlen + 8) : 0;
		if (from < start)
			from = start;
		if ((*rc = window_advance(w, keep_from < start ? keep_from : start)) != 0)
			return -2;
	}
}

/* Hands over the record around input offset HIT; *NEXT is where the
 * search goes on.  Returns 0 (also when HIT is in no record), the
 * callback's code, or an error code. */
static int hand_over(struct window *w, const struct sne_lookup_spec *spec, struct sne_lookup_hit *h,
                     long long hit, long long keep_from, long long *next)
{
	const char *qname;
	size_t qlen;
	long long start = record_start(w, hit, spec->record_name, &qname, &qlen), end;
	char name[SNE_LOOKUP_KEY_MAX];
	int rc = 0;

	*next = hit + 1;
	if (start < 0 || qlen >= sizeof name)
		return 0;
	memcpy(name, qname, qlen); /* qname points into the window, which may move */
	end = record_end(w, start, hit, keep_from, name, qlen, &rc);
	if (end == -2)
		return rc;
	if (end < 0) {
		sne_warn("%s: octet %lld : demande « %s » sans fin dans les %u Mio qui suivent ; "
		         "contrôlez le fichier avec sne-validate --check", w->name,
		         start, h->key, SNE_RECORD_MAX >> 20);
		return SNE_EX_DATAERR;
	}
	if (end <= hit)
		return 0;
	h->bytes = w->buf + at(w, start);
	h->len = (size_t)(end - start);
	h->offset = start;
	h->root_tag = w->root_tag;
	h->root_len = w->root_len;
	*next = end;
	return spec->on_hit(h, spec->ctx);
}

/* The trimmed text of the key element whose name starts at P (after '<'
 * or a prefix's ':'), into KEY; 0, or -1 when P is not such an element. */
static int key_text(const char *p, const char *end, size_t name_len, char *key)
{
	const char *q = p + name_len, *text, *stop;

	if (q >= end || !is_name_end(*q) || *q == '/')
		return -1;
	if ((q = tag_end(q, end)) == NULL || q[-2] == '/')
		return -1;
	while (q < end && is_space(*q))
		q++;
	text = q;
	stop = memchr(q, '<', (size_t)(end - q) < SNE_LOOKUP_KEY_MAX ? (size_t)(end - q)
	                                                                : SNE_LOOKUP_KEY_MAX);
	if (stop == NULL || stop + 1 >= end || stop[1] != '/')
		return -1;
	while (stop > text && is_space(stop[-1]))
		stop--;
	memcpy(key, text, (size_t)(stop - text));
	key[stop - text] = '\0';
	return 0;
}

/* Whether the name at P is preceded by '<' or '<prefix:' (a start tag,
 * not an end tag). */
static int starts_tag(const char *lo, const char *p)
{
	const char *q = p;

	if (q > lo && q[-1] == '<')
		return 1;
	if (q == lo || q[-1] != ':')
		return 0;
	for (q--; q > lo && !is_name_end(q[-1]) && q[-1] != '<'; q--)
		if (p - q > SNE_LOOKUP_KEY_MAX)
			return 0;
	return q > lo && q[-1] == '<';
}

/* The bytes memmem may look at from P so as to find every string of length
 * LEN that starts before LIMIT. */
static size_t search_room(const struct window *w, const char *p, long long limit, size_t len)
{
	size_t room = (size_t)(w->buf + at(w, limit) - p) + len - 1;
	size_t left = (size_t)(w->buf + w->len - p);

	return room < left ? room : left;
}

/* Searches [*POS, LIMIT) of the window for key elements. */
static int scan_keys(struct window *w, const struct sne_lookup_spec *spec, long long *pos,
                     long long limit)
{
	size_t name_len = strlen(spec->key_name);
	struct finder finder = finder_of(spec->key_name, name_len);
	char key[SNE_LOOKUP_KEY_MAX + 1];
	struct sne_lookup_hit h = { .key = key };

	while (*pos < limit) {
		const char *p = w->buf + at(w, *pos), *end = w->buf + w->len;
		const char *hit = find_bytes(&finder, p, search_room(w, p, limit, name_len));
		long long offset, next;
		int rc;

		if (hit == NULL) {
			*pos = limit;
			return 0;
		}
		offset = w->base + (hit - w->buf);
		*pos = offset + 1;
		if (!starts_tag(w->buf, hit) || key_text(hit, end, name_len, key) != 0 ||
		    !spec->wants(key, spec->ctx))
			continue;
		if ((rc = hand_over(w, spec, &h, offset, limit, &next)) != 0)
			return rc;
		if (next > *pos)
			*pos = next;
	}
	return 0;
}

typedef int scan_fn(struct window *w, const struct sne_lookup_spec *spec, long long *pos,
                    long long limit, const char *const *strings, size_t nstrings);

/* Runs SCAN over the input block by block. */
static int lookup_run(const char *path, const struct sne_lookup_spec *spec, scan_fn *scan,
                      const char *const *strings, size_t nstrings)
{
	struct window w;
	long long pos;
	int rc = window_open(&w, path, &pos);

	while (rc == 0) {
		long long limit = w.eof ? end_of(&w) : end_of(&w) - (long long)TAIL;

		if (w.mapped && limit - pos > (long long)BLOCK)
			limit = pos + (long long)BLOCK;
		if ((rc = scan(&w, spec, &pos, limit, strings, nstrings)) != 0)
			break;
		if (pos < limit)
			pos = limit;
		if (w.mapped && pos < end_of(&w))
			window_release(&w, pos - (long long)KEEP);
		else if (w.eof)
			break;
		else
			rc = window_advance(&w, pos - (long long)KEEP);
	}
	window_close(&w);
	return rc == SNE_LOOKUP_STOP ? 0 : rc;
}

static int scan_keys_fn(struct window *w, const struct sne_lookup_spec *spec, long long *pos,
                        long long limit, const char *const *strings, size_t nstrings)
{
	(void)strings;
	(void)nstrings;
	return scan_keys(w, spec, pos, limit);
}

int sne_lookup_keys(const char *path, const struct sne_lookup_spec *spec)
{
	return lookup_run(path, spec, scan_keys_fn, NULL, 0);
}

/* Searches [START, LIMIT) for string I, handing over each record once. */
static int scan_string(struct window *w, const struct sne_lookup_spec *spec, long long start,
                       long long limit, const char *string, size_t i)
{
	size_t len = strlen(string);
	struct finder finder = finder_of(string, len);
	struct sne_lookup_hit h = { .key = string, .string = i };
	long long pos = start;

	while (pos < limit) {
		const char *p = w->buf + at(w, pos);
		const char *hit = find_bytes(&finder, p, search_room(w, p, limit, len));
		long long next;
		int rc;

		if (hit == NULL)
			break;
		if ((rc = hand_over(w, spec, &h, w->base + (hit - w->buf), start, &next)) != 0)
			return rc;
		pos = next;
	}
	return 0;
}

static int scan_strings_fn(struct window *w, const struct sne_lookup_spec *spec, long long *pos,
                           long long limit, const char *const *strings, size_t nstrings)
{
	for (size_t i = 0; i < nstrings; i++) {
		int rc = scan_string(w, spec, *pos, limit, strings[i], i);

		if (rc != 0)
			return rc;
	}
	*pos = limit;
	return 0;
}

int sne_lookup_strings(const char *path, const struct sne_lookup_spec *spec,
                       const char *const *strings, size_t nstrings)
{
	return lookup_run(path, spec, scan_strings_fn, strings, nstrings);
}
