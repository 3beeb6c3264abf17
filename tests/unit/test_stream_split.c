/* A stream read in parts (lib/stream_split.c): the records the parts see,
 * joined in the order of the file, are those of one pass, whatever the
 * number of parts and the record's prefix; a start tag of a record met in a
 * comment, a CDATA section or inside a record makes the run fall back to
 * one pass, as do a document that is not well-formed, a gzip file, a file
 * with one record and a part that says anything; the tail goes to on_tail
 * once. */
#include "buf.h"
#include "capture.h"
#include "check.h"
#include "sne/err.h"
#include "sne/io.h"
#include "sne/stream.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static char dir[] = "/tmp/sne-test-split-XXXXXX";

/* What a run saw: the numéros, one per line, in the order handed over. */
struct seen {
	struct buf numeros;
	struct buf tail;
	int tails, forks, joins, drops;
	int warn_at;        /* the record (numéro) that warns, or 0 */
};

enum { F_NUMERO };
static const char *const fields[] = { "n:demandeLogement/n:numUnique" };

static int on_record(struct sne_record *record, void *ctx)
{
	struct seen *s = ctx;
	const char *numero = sne_record_get(record, F_NUMERO);

	buf_printf(&s->numeros, "%s\n", numero ? numero : "?");
	if (s->warn_at != 0 && numero != NULL && atoi(numero) == s->warn_at)
		sne_warn("demande %s : un avertissement", numero);
	return 0;
}

static int on_tail(const char *bytes, size_t len, void *ctx)
{
	struct seen *s = ctx;

	s->tails++;
	buf_add(&s->tail, bytes, len);
	return 0;
}

static int fork_part(const struct sne_stream_spec *spec, struct sne_stream_spec *part)
{
	struct seen *whole = spec->ctx, *p = calloc(1, sizeof *p);

	whole->forks++;
	p->warn_at = whole->warn_at;
	part->ctx = p;
	return 0;
}

static void join_part(const struct sne_stream_spec *spec, const struct sne_stream_spec *part)
{
	struct seen *whole = spec->ctx, *p = part->ctx;

	whole->joins++;
	buf_add(&whole->numeros, p->numeros.data ? p->numeros.data : "", p->numeros.len);
}

static void drop_part(struct sne_stream_spec *part)
{
	struct seen *p = part->ctx;

	free(p->numeros.data);
	free(p->tail.data);
	free(p);
}

static const struct sne_stream_split split = { fork_part, join_part, drop_part };

static void seen_free(struct seen *s)
{
	free(s->numeros.data);
	free(s->tail.data);
}

/* Runs the stream over PATH with PARTS parts ("1": one pass); returns
 * sne_stream_run()'s code. */
static int run(const char *path, const char *parts, struct seen *s, int warn_at)
{
	struct sne_stream_spec spec = {
		.record_ns = "http://nuu.application.i2/",
		.record_name = "demande",
		.fields = fields,
		.nfields = 1,
		.text_only = 1,
		.on_record = on_record,
		.on_tail = on_tail,
		.ctx = s,
		.split = &split,
	};
	struct sne_input *in = sne_input_open(path);
	int rc;

	memset(s, 0, sizeof *s);
	s->warn_at = warn_at;
	setenv("SNE_PARTIES", parts, 1);
	rc = in ? sne_stream_run(in, &spec) : -2;
	sne_input_close(in);
	unsetenv("SNE_PARTIES");
	return rc;
}

/* A register of N records with PREFIX ("ns1:" or ""); record K gets
 * EXTRA[K] inside it when given. */
static char *document(const char *name, const char *prefix, int n, const char *(*extra)(int k))
{
	struct buf b = { 0 };
	char *path = strdup(check_path(dir, name));

	buf_printf(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<%sinterfaceNuu "
	           "versionInterface=\"02.01\" xmlns%s%.*s=\"http://nuu.application.i2/\">\n"
	           "  <%sentete><%sdateFichier>2026-03-16T02:00:00+01:00</%sdateFichier></%sentete>\n",
	           prefix, prefix[0] ? ":" : "", prefix[0] ? (int)strlen(prefix) - 1 : 0, prefix,
	           prefix, prefix, prefix, prefix);
	for (int k = 1; k <= n; k++) {
		buf_printf(&b, "  <%sdemande>\n    <%sdemandeLogement><%snumUnique>%d</%snumUnique>"
		           "</%sdemandeLogement>", prefix, prefix, prefix, k, prefix, prefix);
		buf_str(&b, extra ? extra(k) : "");
		buf_printf(&b, "\n  </%sdemande>\n", prefix);
	}
	buf_printf(&b, "</%sinterfaceNuu>\n", prefix);
	if (buf_save(path, b.data) != 0)
		abort();
	free(b.data);
	return path;
}

/* The numéros 1..N, one per line. */
static char *numeros(int n)
{
	struct buf b = { 0 };

	for (int k = 1; k <= n; k++)
		buf_printf(&b, "%d\n", k);
	return b.data;
}

static void test_parts_as_one_pass(void)
{
	const char *prefixes[] = { "ns1:", "" };
	char *want = numeros(400);

	for (int i = 0; i < 2; i++) {
		char *path = document(i ? "defaut.xml" : "ns1.xml", prefixes[i], 400, NULL);
		struct seen one, parts;

		CHECK(run(path, "1", &one, 0) == 0 && one.forks == 0, "préfixe « %s » : une lecture",
		      prefixes[i]);
		CHECK_STR(one.numeros.data, want, "une lecture : les 400 demandes dans l'ordre");
		for (int n = 2; n <= 8; n++) {
			char count[4];

			snprintf(count, sizeof count, "%d", n);
			CHECK(run(path, count, &parts, 0) == 0, "%d parties : 0", n);
			CHECK(parts.forks == n && parts.joins == n, "%d parties faites et réunies (%d, %d)",
			      n, parts.forks, parts.joins);
			CHECK_STR(parts.numeros.data, want, "%d parties : les demandes d'une lecture", n);
			CHECK(parts.tails == 1 && strcmp(parts.tail.data, one.tail.data) == 0,
			      "%d parties : la fin, une fois, celle d'une lecture", n);
			seen_free(&parts);
		}
		seen_free(&one);
		free(path);
	}
	free(want);
}

/* Record 2 holds a big run (where the cut falls) of record start tags:
 * in a comment, in a CDATA section, as elements inside the record. */
static const char *big_run(char **kept, const char *open, const char *tag, const char *close)
{
	if (*kept == NULL) {
		struct buf b = { 0 };

		buf_str(&b, open);
		for (int i = 0; i < 4000; i++)
			buf_str(&b, tag);
		buf_str(&b, close);
		*kept = b.data;
	}
	return *kept;
}

static char *comment_run, *cdata_run, *nested_run;

static const char *comment_in_middle(int k)
{
	return k == 2 ? big_run(&comment_run, "<!-- ", "<ns1:demande> ", "-->") : "";
}

static const char *cdata_in_middle(int k)
{
	return k == 2 ? big_run(&cdata_run, "<ns1:note><![CDATA[ ", "<ns1:demande> ", "]]></ns1:note>")
	              : "";
}

static const char *nested_in_middle(int k)
{
	return k == 2 ? big_run(&nested_run, "", "<ns1:demande/>", "") : "";
}

static void test_false_cuts(void)
{
	const char *(*extras[])(int) = { comment_in_middle, cdata_in_middle, nested_in_middle };
	const char *names[] = { "commentaire", "CDATA", "demande dans une demande" };
	char *want = numeros(3);

	for (int i = 0; i < 3; i++) {
		char *path = document("faux.xml", "ns1:", 3, extras[i]);
		struct seen s;

		capture_start();
		CHECK(run(path, "2", &s, 0) == 0, "%s : 0", names[i]);
		CHECK_STR(capture_end(), "", "%s : rien n'est dit (la partie mal coupée se tait)",
		          names[i]);
		CHECK(s.forks == 2 && s.joins == 0, "%s : deux parties lues, aucune réunie (%d, %d)",
		      names[i], s.forks, s.joins);
		CHECK_STR(s.numeros.data, want, "%s : les 3 demandes, d'une lecture", names[i]);
		CHECK(s.tails == 1, "%s : la fin une fois", names[i]);
		seen_free(&s);
		free(path);
	}
	free(want);
}

/* DOC with HEAD_TEXT put after the root's start tag (before the entête). */
static char *with_head(const char *name, const char *head_text)
{
	char *path = document(name, "ns1:", 60, NULL);
	struct buf b = { 0 }, out = { 0 };
	char *at;

	if (buf_load(&b, path) != 0)
		abort();
	at = strstr(b.data, "\n  <ns1:entete>");
	buf_add(&out, b.data, (size_t)(at - b.data));
	buf_str(&out, head_text);
	buf_str(&out, at);
	if (buf_save(path, out.data) != 0)
		abort();
	free(b.data);
	free(out.data);
	return path;
}

static void test_head(void)
{
	char *want = numeros(60);
	char *commented = with_head("tete-commentaire.xml", "<!-- une <ns1:demande> ancienne -->");
	char *closed = with_head("tete-fermee.xml", "<?sne note=\"<ns1:demande\"?><!-- -> -->"
	                                            "<ns1:note a=\"x>y\"><![CDATA[ <ns1:demande> ]]>"
	                                            "</ns1:note>");
	struct seen s;

	CHECK(run(commented, "2", &s, 0) == 0 && s.forks == 2 && s.joins == 2,
	      "une balise de demande dans un commentaire de l'en-tête : la première demande est "
	      "celle d'après, 2 parties réunies (%d, %d)", s.forks, s.joins);
	CHECK_STR(s.numeros.data, want, "en-tête à commentaire : les demandes d'une lecture");
	seen_free(&s);
	CHECK(run(closed, "3", &s, 0) == 0 && s.forks == 3 && s.joins == 3,
	      "instruction, commentaire, CDATA et « > » entre guillemets fermés avant la première "
	      "demande : 3 parties (%d, %d)", s.forks, s.joins);
	CHECK_STR(s.numeros.data, want, "en-tête fermé : les demandes d'une lecture");
	seen_free(&s);
	free(commented);
	free(closed);
	free(want);
}

static void test_one_pass_instead(void)
{
	char *one = document("une.xml", "ns1:", 1, NULL);
	char *path = strdup(check_path(dir, "mauvais.xml"));
	char *gz = strdup(check_path(dir, "registre.xml.gz"));
	char *good = document("bon.xml", "ns1:", 100, NULL);
	struct buf b = { 0 };
	struct seen s;
	gzFile z;

	CHECK(run(one, "4", &s, 0) == 0 && s.forks == 0 && s.tails == 1,
	      "une seule demande : une lecture");
	seen_free(&s);
	/* not well-formed in the second half: one pass says where, once */
	if (buf_load(&b, good) != 0)
		abort();
	memcpy(strstr(b.data, "<ns1:numUnique>90<") + 1, "xx:", 3);
	if (buf_save(path, b.data) != 0)
		abort();
	capture_start();
	CHECK(run(path, "2", &s, 0) == SNE_EX_DATAERR, "document mal formé : 65");
	CHECK(s.forks == 2 && s.joins == 0 && s.tails == 0, "mal formé : rien de réuni, pas de fin");
	CHECK(strstr(capture_end(), "mauvais.xml:") != NULL,
	      "mal formé : le message de la lecture d'un bout à l'autre");
	CHECK(strstr(s.numeros.data, "89\n") != NULL && strstr(s.numeros.data, "90\n") == NULL,
	      "mal formé : les demandes d'avant l'erreur, d'une lecture");
	seen_free(&s);
	/* a part that warns: the run starts again, and warns once */
	capture_start();
	CHECK(run(good, "2", &s, 70) == 0, "un avertissement : 0");
	CHECK_STR(capture_end(), "sne: demande 70 : un avertissement",
	          "un avertissement : dit une fois, par la lecture d'un bout à l'autre");
	CHECK(s.joins == 0 && s.tails == 1, "un avertissement : rien de réuni");
	seen_free(&s);
	/* gzip: one pass through its inflater */
	z = gzopen(gz, "wb");
	gzwrite(z, b.data, (unsigned)b.len);
	gzclose(z);
	capture_start();
	CHECK(run(gz, "2", &s, 0) == SNE_EX_DATAERR && s.forks == 0, "gzip : une lecture");
	CHECK(strstr(capture_end(), "registre.xml.gz:") != NULL, "gzip : l'erreur d'une lecture");
	seen_free(&s);
	free(b.data);
	free(one);
	free(path);
	free(gz);
	free(good);
}

static void test_parts_number(void)
{
	setenv("SNE_PARTIES", "3", 1);
	CHECK(sne_stream_split_parts(10) == 3, "SNE_PARTIES=3 : 3 parties, quelle que soit la taille");
	setenv("SNE_PARTIES", "64", 1);
	CHECK(sne_stream_split_parts(10) == SNE_SPLIT_MAX, "SNE_PARTIES=64 : SNE_SPLIT_MAX parties");
	setenv("SNE_PARTIES", "0", 1);
	CHECK(sne_stream_split_parts(10) == 1, "SNE_PARTIES=0 ignoré : petit fichier, une partie");
	unsetenv("SNE_PARTIES");
	CHECK(sne_stream_split_parts(SNE_SPLIT_MIN - 1) == 1, "sous SNE_SPLIT_MIN : une lecture");
	CHECK(sne_stream_split_parts(SNE_SPLIT_MIN) >= 1 &&
	      sne_stream_split_parts(SNE_SPLIT_MIN) <= SNE_SPLIT_MAX,
	      "au-dessus : un processeur par partie, SNE_SPLIT_MAX au plus");
}

int main(void)
{
	char command[400];

	if (mkdtemp(dir) == NULL)
		return 99;
	sne_err_init("sne");
	sne_xml_silence();
	test_parts_as_one_pass();
	test_false_cuts();
	test_head();
	test_one_pass_instead();
	test_parts_number();
	free(comment_run);
	free(cdata_run);
	free(nested_run);
	snprintf(command, sizeof command, "rm -rf '%s'", dir);
	if (system(command) != 0)
		return 99;
	return check_done();
}
