/* Unit tests of lib/stream_fields.c, the field paths and their matching:
 * the matches a stream finds
 * many random documents and random sets of paths (shared prefixes, two
 * namespaces bound to several prefixes, one name at several depths,
 * attributes with and without a namespace, "." and "@name"), with and
 * without wants_fields; plus a few cases written out. */
#include "buf.h"
#include "check.h"
#include "sne/err.h"
#include "sne/io.h"
#include "sne/stream.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#define MAX_FIELDS 12
#define MAX_PATH 64        /* characters of a path */
#define MAX_STEPS 3
#define DOCUMENTS 400

static char dir[] = "/tmp/sne-test-stream-paths-XXXXXX";

/* A value as both sides describe it: "field:text@line|". */
static void text_value(struct buf *t, size_t field, const char *value, long line)
{
	buf_printf(t, "%zu:", field);
	buf_str(t, value);
	buf_printf(t, "@%ld|", line);
}

/* ------------------------------------------------------------------ */
/* random documents */

static unsigned long long seed;

static unsigned pick(unsigned n)
{
	seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)(seed >> 33) % n;
}

static const char *const names[] = { "a", "b", "c" };

/* An element's qualified name: prefix p and q are bound on the root to
 * the two namespaces of the paths, r to the first one as well; no prefix
 * means no namespace unless an ancestor declared a default one. */
static void random_name(struct buf *doc, char *qname, size_t size)
{
	static const char *const prefixes[] = { "p:", "q:", "r:", "", "p:", "q:" };

	snprintf(qname, size, "%s%s", prefixes[pick(6)], names[pick(3)]);
	buf_str(doc, qname);
	switch (pick(12)) {
	case 0: buf_str(doc, " xmlns=\"" SNE_NS_SUIVI "\""); break;
	case 1: buf_str(doc, " xmlns:p=\"" SNE_NS_SUIVI "\""); break; /* p rebound */
	case 2: buf_str(doc, " xmlns:q=\"urn:ailleurs\""); break;
	}
}

static void random_attributes(struct buf *doc)
{
	static const char *const values[] = { "1", "0", "v&amp;w", "x &lt; y", "", "é" };

	for (int i = 0; i < 3; i++) {
		if (pick(2))
			continue;
		buf_printf(doc, " %s=\"%s\"", names[i], values[pick(6)]);
	}
	if (pick(6) == 0)
		buf_printf(doc, " q:%s=\"ns\"", names[pick(3)]); /* not an "@name" */
	if (pick(3) == 0)
		buf_printf(doc, "\n  k=\"%u\"", pick(2)); /* a tag over two lines */
}

static void random_text(struct buf *doc)
{
	switch (pick(8)) {
	case 0: buf_str(doc, "t&amp;u"); break;
	case 1: buf_str(doc, "<![CDATA[c<d]]>"); break;
	case 2: buf_str(doc, "\n   "); break;
	case 3:
		for (int i = 0; i < 5000; i++) /* longer than a value keeps */
			buf_add(doc, &"xyz"[i % 3], 1);
		break;
	case 4: buf_str(doc, "mot"); break;
	}
}

static void random_element(struct buf *doc, int depth)
{
	char qname[16];
	int children = depth < 5 ? (int)pick(4) : 0;

	buf_str(doc, "<");
	random_name(doc, qname, sizeof qname);
	random_attributes(doc);
	if (children == 0 && pick(2)) {
		buf_str(doc, pick(2) ? "/>" : " />");
		return;
	}
	buf_str(doc, ">");
	random_text(doc);
	for (int i = 0; i < children; i++) {
		random_element(doc, depth + 1);
		random_text(doc);
	}
	buf_printf(doc, "</%s>", qname);
}

/* A root holding records (p:demande or r:demande, one namespace) and,
 * between them, other elements, which are not records. */
static void random_document(struct buf *doc)
{
	int records = 1 + (int)pick(4);

	buf_str(doc, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	              "<p:root xmlns:p=\"" SNE_NS_NUU "\" xmlns:q=\"" SNE_NS_SUIVI "\" "
	              "xmlns:r=\"" SNE_NS_NUU "\">\n");
	for (int i = 0; i < records; i++) {
		const char *qname = pick(4) == 0 ? "r:demande" : "p:demande";

		if (pick(3) == 0) {
			random_element(doc, 3);
			buf_str(doc, "\n");
		}
		buf_printf(doc, "<%s", qname);
		random_attributes(doc);
		buf_str(doc, ">");
		for (int c = (int)pick(5); c > 0; c--) {
			random_text(doc);
			random_element(doc, 1);
		}
		random_text(doc);
		buf_printf(doc, "</%s>\n", qname);
	}
	buf_str(doc, "</p:root>\n");
}

/* ------------------------------------------------------------------ */
/* paths, as the stream reads them and as the reference walk reads them */

struct ref_path {
	int nsteps;
	const char *uri[MAX_STEPS];
	char local[MAX_STEPS][8];
	char attr[8];              /* "" for the element's text */
};

static void ref_path_parse(const char *text, struct ref_path *path)
{
	memset(path, 0, sizeof *path);
	if (strcmp(text, ".") == 0)
		return;
	for (const char *p = text; *p; p += *p == '/') {
		size_t len = strcspn(p, "/");
		if (*p == '@') {
			snprintf(path->attr, sizeof path->attr, "%.*s", (int)len - 1, p + 1);
		} else {
			path->uri[path->nsteps] = *p == 'n' ? SNE_NS_NUU : SNE_NS_SUIVI;
			snprintf(path->local[path->nsteps], sizeof path->local[0], "%.*s",
			         (int)len - 2, p + 2);
			path->nsteps++;
		}
		p += len;
	}
}

/* FIELD_TEXTS[i] gets a path: ".", "@name", or one to three steps, the
 * last maybe "@name"; field 0 is "@k", the key of wants_fields. */
static void random_paths(char texts[][MAX_PATH], size_t nfields)
{
	snprintf(texts[0], MAX_PATH, "@k");
	for (size_t f = 1; f < nfields; f++) {
		unsigned kind = pick(10), steps = 1 + pick(MAX_STEPS);
		char *t = texts[f];

		if (kind == 0) {
			snprintf(t, MAX_PATH, ".");
			continue;
		}
		if (kind == 1) {
			snprintf(t, MAX_PATH, "@%s", names[pick(3)]);
			continue;
		}
		t[0] = '\0';
		for (unsigned s = 0; s < steps; s++)
			snprintf(t + strlen(t), MAX_PATH - strlen(t), "%s%s:%s", s ? "/" : "",
			         pick(2) ? "n" : "s", names[pick(3)]);
		if (kind < 5)
			snprintf(t + strlen(t), MAX_PATH - strlen(t), "/@%s", names[pick(3)]);
	}
}

/* ------------------------------------------------------------------ */
/* the reference: a walk of the document's tree */

static int is_element(xmlNodePtr node, const char *uri, const char *local)
{
	return node->type == XML_ELEMENT_NODE && node->ns != NULL && node->ns->href != NULL &&
	       strcmp((const char *)node->ns->href, uri) == 0 &&
	       strcmp((const char *)node->name, local) == 0;
}

/* The element's own character data, its children's excluded, cut at
 * SNE_VALUE_MAX as the stream cuts it. */
static void own_text(xmlNodePtr node, struct buf *out)
{
	buf_str(out, "");
	for (xmlNodePtr c = node->children; c != NULL; c = c->next)
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE)
			buf_str(out, (const char *)c->content);
	if (out->len > SNE_VALUE_MAX)
		out->data[out->len = SNE_VALUE_MAX] = '\0';
}

static void ref_value(xmlNodePtr node, const struct ref_path *path, size_t field,
                      struct buf *out)
{
	struct buf own = { 0 };

	if (path->attr[0] != '\0') {
		xmlChar *value = xmlGetNoNsProp(node, BAD_CAST path->attr);
		if (value != NULL)
			text_value(out, field, (const char *)value, xmlGetLineNo(node));
		xmlFree(value);
		return;
	}
	own_text(node, &own);
	text_value(out, field, own.data, xmlGetLineNo(node));
	free(own.data);
}

static void ref_collect(xmlNodePtr node, const struct ref_path *path, int step, size_t field,
                        struct buf *out)
{
	if (step == path->nsteps || step >= MAX_STEPS) { /* the second for gcc -O3 */
		ref_value(node, path, field, out);
		return;
	}
	for (xmlNodePtr c = node->children; c != NULL; c = c->next)
		if (is_element(c, path->uri[step], path->local[step]))
			ref_collect(c, path, step + 1, field, out);
}

static int ref_wants(xmlNodePtr record)
{
	xmlChar *key = xmlGetNoNsProp(record, BAD_CAST "k");
	int wanted = key != NULL && key[0] == '1';

	xmlFree(key);
	return wanted;
}

/* What the stream should find in DOC: per record, per field, the values,
 * then '#'. */
static void reference(const struct buf *doc, const struct ref_path *paths, size_t nfields,
                      int with_key, struct buf *out)
{
	xmlDocPtr tree = xmlReadMemory(doc->data, (int)doc->len, "doc.xml", NULL, XML_PARSE_NONET);

	if (tree == NULL)
		abort(); /* the generator writes well-formed documents */
	for (xmlNodePtr r = xmlDocGetRootElement(tree)->children; r != NULL; r = r->next) {
		int wanted;

		if (!is_element(r, SNE_NS_NUU, "demande"))
			continue;
		wanted = !with_key || ref_wants(r);
		for (size_t f = 0; f < nfields; f++)
			if (wanted || paths[f].nsteps == 0)
				ref_collect(r, &paths[f], 0, f, out);
		buf_str(out, "#");
	}
	xmlFreeDoc(tree);
}

/* ------------------------------------------------------------------ */
/* the stream */

struct seen {
	size_t nfields;
	struct buf values;
	int bad_spans;
};

/* Whether VALUE's spans lie as the header promises in the record BYTES. */
static int spans_ok(const char *bytes, size_t len, const struct sne_value *value)
{
	const struct sne_span e = value->element, c = value->content;

	if (e.start >= e.end || e.end > len || bytes[e.start] != '<' || bytes[e.end - 1] != '>')
		return 0;
	if (value->self_closing)
		return c.start == e.end - 2 && c.end == c.start && bytes[e.end - 2] == '/';
	return e.start < c.start && c.start <= c.end && c.end < e.end && bytes[c.start - 1] == '>' &&
	       bytes[c.end] == '<' && bytes[c.end + 1] == '/';
}

static int on_record(struct sne_record *record, void *ctx)
{
	struct seen *seen = ctx;
	size_t len;
	const char *bytes = sne_record_bytes(record, &len);

	for (size_t f = 0; f < seen->nfields; f++) {
		const struct sne_value *v;
		for (size_t i = 0; (v = sne_record_value(record, f, i)) != NULL; i++) {
			text_value(&seen->values, f, v->text, v->line);
			seen->bad_spans += !spans_ok(bytes, len, v);
		}
	}
	buf_str(&seen->values, "#");
	return 0;
}

static int wants_key_1(const char *key, void *ctx)
{
	(void)ctx;
	return key != NULL && key[0] == '1';
}

static const char *write_temp(const struct buf *doc)
{
	static char path[512];
	int fd;

	snprintf(path, sizeof path, "%s/doc.xml", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || write(fd, doc->data, doc->len) != (ssize_t)doc->len) {
		perror(path);
		exit(2);
	}
	close(fd);
	return path;
}

static int stream(const struct buf *doc, const char *const *fields, size_t nfields,
                  int with_key, struct seen *seen)
{
	struct sne_stream_spec spec = {
		.record_ns = SNE_NS_NUU,
		.record_name = "demande",
		.fields = fields,
		.nfields = nfields,
		.on_record = on_record,
		.ctx = seen,
		.wants_fields = with_key ? wants_key_1 : NULL,
		.key_field = 0,
	};
	struct sne_input *in = sne_input_open(write_temp(doc));
	int status;

	if (in == NULL)
		abort();
	seen->nfields = nfields;
	status = sne_stream_run(in, &spec);
	sne_input_close(in);
	return status;
}

/* ------------------------------------------------------------------ */
/* tests */

/* The first disagreement, shown once: enough to replay it by hand. */
static void show_disagreement(const struct buf *doc, char texts[][MAX_PATH], size_t nfields,
                              const char *want, const char *got)
{
	printf("# document:\n%s# fields:", doc->data);
	for (size_t f = 0; f < nfields; f++)
		printf(" %zu=%s", f, texts[f]);
	printf("\n# want %.2000s\n# got  %.2000s\n", want, got);
}

static void test_random(int with_key)
{
	int agree = 0, spans = 1, shown = 0;

	for (int d = 0; d < DOCUMENTS; d++) {
		char texts[MAX_FIELDS][MAX_PATH];
		const char *fields[MAX_FIELDS];
		struct ref_path paths[MAX_FIELDS];
		size_t nfields = 1 + pick(MAX_FIELDS);
		struct buf doc = { 0 }, want = { 0 };
		struct seen seen = { 0 };
		int status;

		random_document(&doc);
		random_paths(texts, nfields);
		for (size_t f = 0; f < nfields; f++) {
			fields[f] = texts[f];
			ref_path_parse(texts[f], &paths[f]);
		}
		reference(&doc, paths, nfields, with_key, &want);
		status = stream(&doc, fields, nfields, with_key, &seen);
		buf_str(&seen.values, "");
		if (status == 0 && strcmp(want.data, seen.values.data) == 0)
			agree++;
		else if (!shown++)
			show_disagreement(&doc, texts, nfields, want.data, seen.values.data);
		spans &= seen.bad_spans == 0;
		free(doc.data);
		free(want.data);
		free(seen.values.data);
	}
	CHECK(agree == DOCUMENTS,
	      "%s : le flux trouve ce que trouve un parcours de l'arbre dans %d de %d documents "
	      "aléatoires", with_key ? "with wants_fields" : "all fields", agree, DOCUMENTS);
	CHECK(spans,
	      "%s : les étendues d'élément et de contenu de chaque correspondance l'encadrent dans "
	      "l'enregistrement",
	      with_key ? "with wants_fields" : "all fields");
}

/* Cases a reader checks by eye: a name repeated below a match is not a
 * match, nor is a path step met at another depth; one element answers
 * several fields; prefixes do not matter, URIs do. */
static void test_written(void)
{
	static const char doc_text[] =
		"<?xml version=\"1.0\"?>\n"
		"<n:root xmlns:n=\"" SNE_NS_NUU "\" xmlns:s=\"" SNE_NS_SUIVI "\">\n"
		"<n:demande k=\"1\">\n"
		"  <n:a x=\"1\"><n:b>ab1</n:b><n:c><n:a><n:b>nested</n:b></n:a></n:c></n:a>\n"
		"  <n:b>top</n:b>\n"
		"  <n:a x=\"2\" y=\"3\"><s:b>suivi</s:b><b xmlns=\"" SNE_NS_NUU "\">dflt</b></n:a>\n"
		"  <s:a><n:b>other</n:b></s:a>\n"
		"</n:demande>\n"
		"</n:root>\n";
	static const char *const fields[] = {
		"n:a/n:b", "n:a/@x", "n:a/@y", "n:a", "n:b", "s:a/n:b", "n:a/s:b", "@k", "n:c/n:a",
	};
	const char *want = "0:ab1@4|0:dflt@6|1:1@4|1:2@6|2:3@6|3:@4|3:@6|4:top@5|5:other@7|"
	                   "6:suivi@6|7:1@3|#";
	struct buf doc = { 0 };
	struct seen seen = { 0 };

	buf_str(&doc, doc_text);
	CHECK(stream(&doc, fields, sizeof fields / sizeof fields[0], 0, &seen) == 0,
	      "écrit : le passage réussit");
	CHECK_STR(seen.values.data, want,
	          "écrit : correspondances par champ, dans l'ordre du document");
	CHECK(seen.bad_spans == 0, "écrit : les étendues encadrent chaque correspondance");
	free(doc.data);
	free(seen.values.data);
}

int main(void)
{
	char command[600];

	if (mkdtemp(dir) == NULL) {
		perror(dir);
		return 2;
	}
	sne_err_init("test_stream_paths");
	seed = 20260316;
	test_written();
	test_random(0);
	test_random(1);
	snprintf(command, sizeof command, "rm -rf '%s'", dir);
	if (system(command) != 0)
		return 2;
	return check_done();
}
