/* The stream of refused records of a run. */
#include "sne/rejets.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sne/io.h"

struct sne_rejets {
	struct sne_output *out;
	const char *path, *root_ns, *root_name, *root_attrs;
	char prefix[64];       /* of the root, "" for the default namespace */
	unsigned long count;
	int failed;
};

struct sne_rejets *sne_rejets_open(const char *path, const char *root_ns, const char *root_name,
                                   const char *root_attrs)
{
	struct sne_rejets *r = calloc(1, sizeof *r);

	if (r == NULL)
		abort();
	r->out = sne_output_create(path);
	if (r->out == NULL) {
		int saved = errno;
		free(r);
		errno = saved;
		return NULL;
	}
	r->path = path;
	r->root_ns = root_ns;
	r->root_name = root_name;
	r->root_attrs = root_attrs ? root_attrs : "";
	return r;
}

static void put(struct sne_rejets *r, const char *text, size_t len)
{
	if (!r->failed && sne_output_write(r->out, text, len) != 0)
		r->failed = errno ? errno : EIO;
}

static void puts_(struct sne_rejets *r, const char *text)
{
	put(r, text, strlen(text));
}

/* Whether the declaration of prefix P (length N; N 0 for the default one)
 * comes again in the declarations from AFTER on. */
static int declared_again(const char *after, const char *p, size_t n)
{
	for (const char *q = strstr(after, " xmlns"); q; q = strstr(q + 1, " xmlns")) {
		const char *name = q + 6;
		if (n == 0 ? *name == '=' : *name == ':' && strncmp(name + 1, p, n) == 0 && name[1 + n] == '=')
			return 1;
	}
	return 0;
}

/* The namespace declarations in scope at REC, each prefix once (the last
 * one wins, as in the record). */
static void put_namespaces(struct sne_rejets *r, const char *decls)
{
	for (const char *d = strstr(decls, " xmlns"); d; ) {
		const char *next = strstr(d + 1, " xmlns");
		const char *name = d + 6;
		size_t n = *name == ':' ? strcspn(name + 1, "=") : 0;
		size_t len = next ? (size_t)(next - d) : strlen(d);
		if (!declared_again(d + 1, name + 1, n))
			put(r, d, len);
		d = next;
	}
}

static void start(struct sne_rejets *r, const struct sne_record *rec)
{
	const char *prefix = sne_record_prefix_of(rec, r->root_ns);

	snprintf(r->prefix, sizeof r->prefix, "%s%s", prefix && *prefix ? prefix : "",
	         prefix && *prefix ? ":" : "");
	puts_(r, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<");
	puts_(r, r->prefix);
	puts_(r, r->root_name);
	puts_(r, r->root_attrs);
	if (prefix == NULL) {
		puts_(r, " xmlns=\"");
		puts_(r, r->root_ns);
		puts_(r, "\"");
	}
	put_namespaces(r, sne_record_namespaces(rec));
	puts_(r, ">");
}

/* The reason inside a comment, where "--" may not appear. */
static void put_comment(struct sne_rejets *r, const char *reason)
{
	puts_(r, "\n  <!-- refusée : ");
	for (const char *p = reason; *p; p++) {
		put(r, p, 1);
		if (*p == '-' && (p[1] == '-' || p[1] == '\0'))
			puts_(r, " ");
	}
	puts_(r, " -->\n  ");
}

/* REASON as a comment, then the LEN bytes of a refused record. */
static int append(struct sne_rejets *r, const char *bytes, size_t len, const char *reason)
{
	put_comment(r, reason);
	put(r, bytes, len);
	r->count++;
	if (r->failed) {
		errno = r->failed;
		return -1;
	}
	return 0;
}

/* The root with ROOT_NS as the default namespace, its start tag ended by
 * END (">" for standalone records, "/>\n" for an empty stream). */
static void put_default_root(struct sne_rejets *r, const char *end)
{
	r->prefix[0] = '\0';
	puts_(r, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<");
	puts_(r, r->root_name);
	puts_(r, r->root_attrs);
	puts_(r, " xmlns=\"");
	puts_(r, r->root_ns);
	puts_(r, "\"");
	puts_(r, end);
}

int sne_rejets_write(struct sne_rejets *r, const struct sne_record *rec, const char *reason)
{
	size_t len;
	const char *bytes = sne_record_bytes(rec, &len);

	if (r->count == 0)
		start(r, rec);
	return append(r, bytes, len, reason);
}

int sne_rejets_write_text(struct sne_rejets *r, const char *bytes, size_t len, const char *reason)
{
	if (r->count == 0)
		put_default_root(r, ">");
	return append(r, bytes, len, reason);
}

const char *sne_rejets_path(const struct sne_rejets *r)
{
	return r->path;
}

int sne_rejets_close(struct sne_rejets *r)
{
	int rc, failed;

	if (r->count == 0) {
		put_default_root(r, "/>\n");
	} else {
		puts_(r, "\n</");
		puts_(r, r->prefix);
		puts_(r, r->root_name);
		puts_(r, ">\n");
	}
	failed = r->failed;
	rc = sne_output_close(r->out);
	free(r);
	if (failed) {
		errno = failed;
		return -1;
	}
	return rc;
}
