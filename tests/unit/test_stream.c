/* Unit tests of lib/stream.c (and the suivi splice of lib/suivi.c): a copy
 * filter reproduces its input byte for byte, fields are found by namespace
 * URI, edits touch only what they name, records cross the 64 KiB reads,
 * and hostile input is refused with 65 in bounded time and memory. */
#include "buf.h"
#include "check.h"
#include "sne/err.h"
#include "sne/io.h"
#include "sne/stream.h"
#include "sne/suivi.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

static char dir[] = "/tmp/sne-test-stream-XXXXXX";

/* ------------------------------------------------------------------ */
/* one run of a copy filter */

struct run;
typedef void (*edit_fn)(struct sne_record *record, struct run *run);

struct run {
	/* what to ask */
	const char *record_ns, *record_name;
	const char *const *fields;
	size_t nfields;
	edit_fn edit;
	int continuation;
	const char *outer_namespaces;
	int text_only;
	/* what happened */
	size_t spans;           /* values with an element span worked out */
	size_t children_spans;  /* the same, of a "..." field */
	struct sne_output *out;
	size_t records;
	int tail_calls;
	struct buf seen;        /* "rank:field:index=text|" for every match */
	int status;
	char *output;           /* what the filter wrote */
	size_t output_len;
	char messages[4096];    /* what the library printed */
	struct buf lines;       /* "rank@line|" */
};

static int copy_record(struct sne_record *record, void *ctx)
{
	struct run *run = ctx;
	size_t rank = sne_record_rank(record);

	run->records++;
	buf_printf(&run->lines, "%zu@%ld|", rank, sne_record_line(record));
	for (size_t f = 0; f < run->nfields; f++) {
		for (size_t i = 0; i < sne_record_count(record, f); i++) {
			const struct sne_value *v = sne_record_value(record, f, i);
			buf_printf(&run->seen, "%zu:%zu:%zu=%s|", rank, f, i, v->text);
			if (strstr(run->fields[f], "...") != NULL)
				run->children_spans += v->element.end > 0;
			else
				run->spans += v->element.end > 0;
		}
	}
	if (run->edit != NULL)
		run->edit(record, run);
	return sne_record_write(record, run->out) == 0 ? 0 : SNE_EX_IOERR;
}

static int copy_tail(const char *bytes, size_t len, void *ctx)
{
	struct run *run = ctx;

	run->tail_calls++;
	return sne_output_write(run->out, bytes, len) == 0 ? 0 : SNE_EX_IOERR;
}

static void read_back(FILE *file, char **data, size_t *len)
{
	long size;

	fflush(file);
	fseek(file, 0, SEEK_END);
	size = ftell(file);
	rewind(file);
	*data = malloc((size_t)size + 1);
	if (*data == NULL)
		abort();
	*len = fread(*data, 1, (size_t)size, file);
	(*data)[*len] = '\0';
}

/* Runs the copy filter over IN (closed here). */
static int run_input(struct run *run, struct sne_input *in)
{
	struct sne_stream_spec spec = {
		.record_ns = run->record_ns ? run->record_ns : SNE_NS_NUU,
		.record_name = run->record_name ? run->record_name : "demande",
		.fields = run->fields,
		.nfields = run->nfields,
		.on_record = copy_record,
		.on_tail = copy_tail,
		.ctx = run,
		.continuation = run->continuation,
		.outer_namespaces = run->outer_namespaces,
		.text_only = run->text_only,
	};
	FILE *out_file = tmpfile(), *msg_file = tmpfile();
	char *msg;
	size_t msg_len;

	if (out_file == NULL || msg_file == NULL || in == NULL)
		abort();
	run->out = sne_output_fdopen(dup(fileno(out_file)), "<test>", 0, 0);
	sne_err_set_stream(msg_file);
	run->status = sne_stream_run(in, &spec);
	sne_err_set_stream(NULL);
	sne_input_close(in);
	if (sne_output_close(run->out) != 0)
		abort();
	read_back(out_file, &run->output, &run->output_len);
	read_back(msg_file, &msg, &msg_len);
	/* the last newline is dropped to keep the TAP output on one line */
	if (msg_len > 0 && msg[msg_len - 1] == '\n')
		msg[msg_len - 1] = '\0';
	snprintf(run->messages, sizeof run->messages, "%s", msg);
	free(msg);
	fclose(out_file);
	fclose(msg_file);
	return run->status;
}

static const char *write_temp(const char *name, const void *bytes, size_t len)
{
	static char path[512];
	int fd;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || write(fd, bytes, len) != (ssize_t)len) {
		perror(path);
		exit(2);
	}
	close(fd);
	return path;
}

/* Runs the copy filter over the document TEXT (LEN bytes) from a file. */
static int run_doc(struct run *run, const char *text, size_t len)
{
	return run_input(run, sne_input_open(write_temp("doc.xml", text, len)));
}

static int run_str(struct run *run, const char *text)
{
	return run_doc(run, text, strlen(text));
}

static void run_free(struct run *run)
{
	free(run->output);
	free(run->seen.data);
	free(run->lines.data);
	run->output = NULL;
	run->seen.data = run->lines.data = NULL;
	run->seen.len = run->seen.cap = run->lines.len = run->lines.cap = 0;
}

/* Whether the run copied TEXT exactly. */
static int copied(const struct run *run, const char *text, size_t len)
{
	return run->status == 0 && run->output_len == len && memcmp(run->output, text, len) == 0;
}

static int contains(const char *hay, size_t len, const char *needle)
{
	return memmem(hay, len, needle, strlen(needle)) != NULL;
}

/* Copies TEXT and checks it came out unchanged, with NRECORDS records. */
static void check_copy(const char *what, const char *text, size_t len, size_t nrecords)
{
	struct run run = { 0 };

	run_doc(&run, text, len);
	CHECK(run.status == 0,
	      "%s : le passage réussit (statut %d, %s)", what, run.status, run.messages);
	CHECK(run.records == nrecords,
	      "%s : %zu enregistrements comptés (obtenu %zu)", what, nrecords,
	      run.records);
	CHECK(copied(&run, text, len), "%s : la copie est identique à l'octet près", what);
	CHECK(run.tail_calls == 1, "%s : la fin du flux transmise une fois", what);
	run_free(&run);
}

/* ------------------------------------------------------------------ */
/* documents */

#define NS1 "xmlns:ns1=\"http://nuu.application.i2/\""
#define HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"

static const char sample[] =
	HEAD
	"<!-- export du guichet G0417 -->\n"
	"<ns1:interfaceNuu versionInterface=\"02.01\" " NS1 ">\n"
	"    <ns1:entete><ns1:dateFichier>2017-03-05T10:00:00+01:00</ns1:dateFichier></ns1:entete>\n"
	"    <ns1:demande>\n"
	"        <ns1:demandeLogement>\n"
	"            <ns1:numUnique>0740317000123G0417</ns1:numUnique>\n"
	"            <ns1:personnePhysique><ns1:demandeur>\n"
	"                <ns1:civilite code=\"2\"/><ns1:nom>Martin &amp; Fils</ns1:nom>\n"
	"                <ns1:prenom><![CDATA[Élodie <la> grande]]></ns1:prenom>\n"
	"            </ns1:demandeur></ns1:personnePhysique>\n"
	"            <ns1:logementRecherche>\n"
	"                <ns1:listeLocalisationSouhaite>\n"
	"                    <ns1:localisationSouhaite><ns1:commune code=\"74010\"/></ns1:localisationSouhaite>\n"
	"                    <ns1:localisationSouhaite><ns1:commune code=\"74011\"/></ns1:localisationSouhaite>\n"
	"                    <ns1:localisationSouhaite><ns1:commune code=\"74012\"/></ns1:localisationSouhaite>\n"
	"                </ns1:listeLocalisationSouhaite>\n"
	"            </ns1:logementRecherche>\n"
	"        </ns1:demandeLogement>\n"
	"        <s:suivi xmlns:s=\"urn:sne:suivi:1\">\n"
	"            <s:etat>active</s:etat>\n"
	"            <s:renouvellement prochain=\"2018-03-05\"/>\n"
	"        </s:suivi>\n"
	"    </ns1:demande>\n"
	"    <!-- entre deux demandes -->\n"
	"    <ns1:demande>\n"
	"        <ns1:demandeLogement>\n"
	"            <ns1:numUnique>1110318016982G1104</ns1:numUnique>\n"
	"            <ns1:personnePhysique><ns1:demandeur><ns1:civilite code=\"a&amp;b&#233;&lt;\"/>"
	"</ns1:demandeur></ns1:personnePhysique>\n"
	"        </ns1:demandeLogement>\n"
	"    </ns1:demande>\n"
	"    <ns1:entete><ns1:dateFichier>2017-03-06</ns1:dateFichier></ns1:entete>\n"
	"    <ns1:demande><ns1:demandeLogement><ns1:numUnique/></ns1:demandeLogement></ns1:demande>\n"
	"</ns1:interfaceNuu>\n"
	"<!-- fin -->\n";

static const char *const sample_fields[] = {
	"n:demandeLogement/n:numUnique",                                        /* 0 */
	"n:demandeLogement/n:personnePhysique/n:demandeur/n:civilite/@code",   /* 1 */
	"n:demandeLogement/n:logementRecherche/n:listeLocalisationSouhaite/"
	"n:localisationSouhaite/n:commune/@code",                              /* 2 */
	"s:suivi/s:etat",                                                      /* 3 */
	"s:suivi/s:renouvellement/@prochain",                                  /* 4 */
	"n:demandeLogement/n:personnePhysique/n:demandeur/n:nom",              /* 5 */
	"n:demandeLogement/n:personnePhysique/n:demandeur/n:prenom",           /* 6 */
	SNE_SUIVI_FIELD,                                                       /* 7 */
};
#define NSAMPLE_FIELDS (sizeof sample_fields / sizeof sample_fields[0])

/* Replaces every "\n" of TEXT by "\r\n". */
static char *crlf(const char *text)
{
	struct buf b = { 0 };

	for (; *text; text++)
		buf_str(&b, *text == '\n' ? "\r\n" : (char[]){ *text, 0 });
	return b.data;
}

static void test_copies(void)
{
	char *windows = crlf(sample);
	struct buf bom = { 0 };
	static const char default_ns[] =
		HEAD "<interfaceNuu xmlns=\"http://nuu.application.i2/\">\n"
		"  <entete/>\n"
		"  <demande><demandeLogement><numUnique>0740317000123G0417</numUnique>"
		"</demandeLogement></demande>\n"
		"  <demande/>\n"
		"</interfaceNuu>\n";
	static const char other_prefix[] =
		"<x:interfaceNuu xmlns:x=\"http://nuu.application.i2/\" a='1 &gt; 0'>"
		"<x:demande id='&quot;un&quot;'><x:b/></x:demande><x:demande>"
		"<x:c>t</x:c></x:demande></x:interfaceNuu>";
	static const char no_record[] =
		HEAD "<ns1:interfaceNuu " NS1 ">\n  <ns1:entete/>\n</ns1:interfaceNuu>\n";
	static const char empty_root[] = "<ns1:interfaceNuu " NS1 "/>";
	static const char record_root_ns[] =
		"<root><ns1:demande " NS1 "><ns1:x/></ns1:demande>"
		"<demande xmlns=\"http://nuu.application.i2/\"/></root>";

	check_copy("sample", sample, strlen(sample), 3);
	check_copy("CRLF line ends", windows, strlen(windows), 3);
	buf_add(&bom, "\xEF\xBB\xBF", 3);
	buf_str(&bom, sample);
	check_copy("BOM", bom.data, bom.len, 3);
	check_copy("default namespace", default_ns, strlen(default_ns), 2);
	check_copy("other prefix, entities in attributes", other_prefix, strlen(other_prefix), 2);
	check_copy("no record", no_record, strlen(no_record), 0);
	check_copy("empty self-closing root", empty_root, strlen(empty_root), 0);
	check_copy("record declaring its own namespace", record_root_ns, strlen(record_root_ns), 2);
	free(windows);
	free(bom.data);
}

static void test_fields(void)
{
	struct run run = { .fields = sample_fields, .nfields = NSAMPLE_FIELDS };
	const char *want =
		"1:0:0=0740317000123G0417|"
		"1:1:0=2|"
		"1:2:0=74010|1:2:1=74011|1:2:2=74012|"
		"1:3:0=active|"
		"1:4:0=2018-03-05|"
		"1:5:0=Martin & Fils|"
		"1:6:0=Élodie <la> grande|"
		"1:7:0=\n            \n            \n        |"
		"2:0:0=1110318016982G1104|"
		"2:1:0=a&bé<|"
		"3:0:0=|";

	run_str(&run, sample);
	CHECK(run.status == 0, "champs : le passage réussit");
	CHECK_STR(run.seen.data, want,
	          "champs : texte direct, attributs, entités, CDATA, valeurs multiples");
	CHECK_STR(run.lines.data, "1@5|2@26|3@33|", "champs : ligne de chaque enregistrement");
	run_free(&run);
}

/* A program that reads only the text gets the same values, at the same
 * lines, without their spans but for the "..." field's (the suivi it may
 * edit). */
static void test_text_only(void)
{
	struct run spans = { .fields = sample_fields, .nfields = NSAMPLE_FIELDS };
	struct run text = { .fields = sample_fields, .nfields = NSAMPLE_FIELDS, .text_only = 1 };

	run_str(&spans, sample);
	run_str(&text, sample);
	CHECK(text.status == 0, "texte seul : le passage réussit");
	CHECK_STR(text.seen.data, spans.seen.data,
	          "texte seul : les mêmes valeurs (attributs, CDATA)");
	CHECK_STR(text.lines.data, spans.lines.data,
	          "texte seul : les mêmes lignes d'enregistrement");
	CHECK(spans.spans > 0 && text.spans == 0, "texte seul : aucune étendue calculée");
	CHECK(text.children_spans > 0 && text.children_spans == spans.children_spans,
	      "texte seul : l'étendue du champ « ... » calculée quand même (%zu)", text.children_spans);
	CHECK(text.output_len == strlen(sample) && memcmp(text.output, sample, text.output_len) == 0,
	      "texte seul : les enregistrements sont toujours copiés octet pour octet");
	run_free(&spans);
	run_free(&text);
}

/* The children of a "..." field's match, read back from the record: name,
 * element bytes, content bytes or "/>" when self-closing. */
static struct buf children_seen;

static void list_children(struct sne_record *record, struct run *run)
{
	const struct sne_child *c;
	size_t n, len;
	const char *bytes = sne_record_bytes(record, &len);

	(void)run;
	if (sne_record_children(record, 3, 0, &c, &n) != -1)
		buf_str(&children_seen, "a field without ... lists children|");
	if (sne_record_children(record, 7, 0, &c, &n) != 0) {
		buf_str(&children_seen, "no list|");
		return;
	}
	buf_printf(&children_seen, "%zu:%zu|", sne_record_rank(record), n);
	for (size_t i = 0; i < n; i++)
		buf_printf(&children_seen, "%s %s=%.*s=%.*s|",
		           c[i].uri != NULL && strcmp(c[i].uri, SNE_NS_SUIVI) == 0 ? "s" : "?",
		           c[i].local, (int)(c[i].element.end - c[i].element.start),
		           bytes + c[i].element.start,
		           c[i].self_closing ? 2 : (int)(c[i].content.end - c[i].content.start),
		           c[i].self_closing ? "/>" : bytes + c[i].content.start);
}

static void test_children(void)
{
	struct run run = { .fields = sample_fields, .nfields = NSAMPLE_FIELDS, .edit = list_children };

	run_str(&run, sample);
	CHECK(run.status == 0, "enfants : le passage réussit");
	CHECK_STR(children_seen.data,
	          "1:2|s etat=<s:etat>active</s:etat>=active|"
	          "s renouvellement=<s:renouvellement prochain=\"2018-03-05\"/>=/>|2:0|3:0|",
	          "enfants : les éléments enfants d'une correspondance « ... », leurs étendues ; "
	          "aucun sans correspondance ; -1 pour un champ déclaré sans « ... »");
	CHECK(copied(&run, sample, strlen(sample)),
	      "enfants : enregistrements copiés octet pour octet");
	run_free(&run);
	free(children_seen.data);
}

/* A NULL path is a field not wanted: it never matches, the others keep
 * their ids. */
static void test_unwanted_fields(void)
{
	const char *fields[NSAMPLE_FIELDS];
	struct run run = { .fields = fields, .nfields = NSAMPLE_FIELDS };

	memcpy(fields, sample_fields, sizeof fields);
	fields[2] = fields[5] = fields[7] = NULL;
	run_str(&run, sample);
	CHECK(run.status == 0, "champs non voulus : le passage réussit");
	CHECK_STR(run.seen.data,
	          "1:0:0=0740317000123G0417|1:1:0=2|1:3:0=active|1:4:0=2018-03-05|"
	          "1:6:0=Élodie <la> grande|2:0:0=1110318016982G1104|2:1:0=a&bé<|3:0:0=|",
	          "champs non voulus : jamais trouvés, les autres à leurs identifiants");
	run_free(&run);
}

/* Namespaces are matched by URI: a demande in another namespace, or with the
 * record's usual prefix bound elsewhere, is not a record. */
static void test_namespaces(void)
{
	static const char *const fields[] = { "n:numUnique", "n:numUnique/@code" };
	static const char doc[] =
		"<a:interfaceNuu xmlns:a=\"http://nuu.application.i2/\" xmlns:o=\"urn:autre\">\n"
		" <o:demande><a:numUnique>pas-moi</a:numUnique></o:demande>\n"
		" <ns1:demande xmlns:ns1=\"urn:faux\"><a:numUnique>pas-moi</a:numUnique></ns1:demande>\n"
		" <a:demande><o:numUnique>non</o:numUnique><a:numUnique code='c'>oui</a:numUnique>"
		"</a:demande>\n"
		" <demande xmlns=\"http://nuu.application.i2/\"><numUnique>défaut</numUnique></demande>\n"
		" <a:demande xmlns:a=\"urn:faux\"><a:numUnique>rebound</a:numUnique></a:demande>\n"
		" <a:entete><a:demande><a:numUnique>trop-profond</a:numUnique></a:demande></a:entete>\n"
		"</a:interfaceNuu>\n";
	struct run run = { .fields = fields, .nfields = 2 };

	run_str(&run, doc);
	CHECK(run.records == 2,
	      "espaces de noms : seulement les 2 demandes de l'URI NUU (obtenu %zu)",
	      run.records);
	CHECK_STR(run.seen.data, "1:0:0=oui|1:1:0=c|2:0:0=défaut|",
	          "espaces de noms : champs trouvés par URI, jamais par préfixe");
	CHECK(copied(&run, doc, strlen(doc)),
	      "espaces de noms : la copie est identique à l'octet près");
	run_free(&run);

	/* the RPLS vocabulary, for a program streaming the reference */
	static const char rpls[] =
		"<r:logements xmlns:r=\"urn:sne:rpls:1\"><r:logement rpls=\"74A0001234\"/>"
		"<logement xmlns=\"urn:sne:rpls:1\" rpls=\"75B0000001\"><commune>75113</commune>"
		"</logement></r:logements>";
	static const char *const rpls_fields[] = { "@rpls", "r:commune", "." };
	struct run r2 = { .record_ns = SNE_NS_RPLS, .record_name = "logement",
	                  .fields = rpls_fields, .nfields = 3 };
	run_str(&r2, rpls);
	CHECK_STR(r2.seen.data, "1:0:0=74A0001234|1:2:0=|2:0:0=75B0000001|2:1:0=75113|2:2:0=|",
	          "rpls : attribut de l'élément de l'enregistrement, « . » est l'enregistrement");
	CHECK(copied(&r2, rpls, strlen(rpls)), "rpls : la copie est identique à l'octet près");
	run_free(&r2);
}

/* ------------------------------------------------------------------ */
/* edits */

static void edit_numero(struct sne_record *record, struct run *run)
{
	(void)run;
	if (sne_record_rank(record) == 2)
		sne_record_set_text(record, sne_record_value(record, 0, 0), "0740317000999G0417");
}

static void edit_self_closing(struct sne_record *record, struct run *run)
{
	(void)run;
	if (sne_record_rank(record) == 3)
		sne_record_set_text(record, sne_record_value(record, 0, 0), "a<b&c>d");
}

static void edit_insert(struct sne_record *record, struct run *run)
{
	struct sne_span content = sne_record_content(record);
	static const char first[] = "<ns1:x/>", second[] = "<ns1:y/>";

	(void)run;
	if (sne_record_rank(record) != 1)
		return;
	sne_record_insert(record, content.start, first, strlen(first));
	sne_record_insert(record, content.start, second, strlen(second));
	sne_record_replace(record, sne_record_value(record, 3, 0)->content, "radiee", 6);
}

static void edit_nothing_but_check(struct sne_record *record, struct run *run)
{
	(void)run;
	CHECK(!sne_record_changed(record),
	      "modifications : un enregistrement sans modification n'est pas changé");
}

/* Returns SAMPLE with FROM (first occurrence) replaced by TO. */
static char *sample_with(const char *from, const char *to)
{
	const char *at = strstr(sample, from);
	struct buf b = { 0 };

	if (at == NULL)
		abort();
	buf_add(&b, sample, (size_t)(at - sample));
	buf_str(&b, to);
	buf_str(&b, at + strlen(from));
	return b.data;
}

static void test_edits(void)
{
	struct run run = { .fields = sample_fields, .nfields = NSAMPLE_FIELDS };
	char *want;

	run.edit = edit_numero;
	run_str(&run, sample);
	want = sample_with("1110318016982G1104", "0740317000999G0417");
	CHECK(copied(&run, want, strlen(want)),
	      "modifications : set_text change l'enregistrement 2 seulement, les enregistrements 1 "
	      "et 3 identiques à l'octet près");
	free(want);
	run_free(&run);

	run.edit = edit_self_closing;
	run_str(&run, sample);
	want = sample_with("<ns1:numUnique/>", "<ns1:numUnique>a&lt;b&amp;c&gt;d</ns1:numUnique>");
	CHECK(copied(&run, want, strlen(want)),
	      "modifications : set_text sur <x/> l'ouvre, échappé");
	if (!copied(&run, want, strlen(want)))
		printf("# got:\n%s\n", run.output);
	free(want);
	run_free(&run);

	run.edit = edit_insert;
	run_str(&run, sample);
	{
		char *step = sample_with("<ns1:demande>\n        <ns1:demandeLogement>",
		                         "<ns1:demande><ns1:x/><ns1:y/>\n        <ns1:demandeLogement>");
		const char *at = strstr(step, "<s:etat>active");
		struct buf b = { 0 };
		buf_add(&b, step, (size_t)(at - step));
		buf_str(&b, "<s:etat>radiee");
		buf_str(&b, at + strlen("<s:etat>active"));
		CHECK(copied(&run, b.data, b.len),
		      "modifications : des insertions à une même position gardent leur ordre ; "
		      "remplacement d'une étendue de contenu");
		free(step);
		free(b.data);
	}
	run_free(&run);

	run.edit = edit_nothing_but_check;
	run_str(&run, sample);
	CHECK(copied(&run, sample, strlen(sample)),
	      "modifications : aucune modification, identique");
	run_free(&run);
}

/* A stream continuing another: the first record's gap is cut to the
 * blanks before it (no second prolog, no second root tag); its records
 * carry their root's declarations unless the root written out has them. */
static void test_continuation(void)
{
	struct run run = { .continuation = 1, .outer_namespaces = " " NS1 };
	const char *first = strstr(sample, "\n    <ns1:demande>");

	run_str(&run, sample);
	CHECK(run.status == 0 && run.records == 3, "continuation : 3 enregistrements");
	CHECK(copied(&run, first, strlen(first)),
	      "continuation : pas de second prologue, le reste identique");
	run_free(&run);

	run = (struct run){ .continuation = 1, .outer_namespaces = " xmlns:ns1=\"urn:autre\"" };
	run_str(&run, sample);
	CHECK(run.status == 0 && run.output != NULL &&
	      strstr(run.output, "<ns1:demande " NS1 ">") != NULL,
	      "continuation : un enregistrement porte la déclaration de sa racine quand la racine "
	      "écrite diffère");
	run_free(&run);
}

/* ------------------------------------------------------------------ */
/* records across the 64 KiB reads */

static void edit_every_seventh(struct sne_record *record, struct run *run)
{
	(void)run;
	if (sne_record_rank(record) % 7 == 0)
		sne_record_set_text(record, sne_record_value(record, 0, 0), "X");
}

static void test_chunks(void)
{
	static const char *const fields[] = { "n:demandeLogement/n:numUnique", "n:long/@n" };
	struct buf doc = { 0 }, want = { 0 }, seen = { 0 };
	struct run run = { .fields = fields, .nfields = 2 };
	size_t n = 0;

	buf_str(&doc, HEAD "<ns1:interfaceNuu " NS1 ">\n");
	/* records of growing sizes, so that starts, tags, texts and ends fall on
	 * the 65536-byte boundaries somewhere */
	for (n = 1; doc.len < 300000; n++) {
		size_t pad = (n * 37) % 700;
		buf_printf(&doc, "  <ns1:demande>\n    <ns1:demandeLogement><ns1:numUnique>N%zu"
		           "</ns1:numUnique></ns1:demandeLogement>\n    <ns1:long n=\"%zu\">", n, pad);
		for (size_t i = 0; i < pad; i++)
			buf_add(&doc, "abcdefghij" + i % 10, 1);
		buf_str(&doc, "</ns1:long>\n  </ns1:demande>\n");
		buf_printf(&seen, "%zu:0:0=N%zu|%zu:1:0=%zu|", n, n, n, pad);
	}
	n--;
	/* one record of 150 KB spanning three reads */
	buf_str(&doc, "  <ns1:demande><ns1:long>");
	for (size_t i = 0; i < 150000; i++)
		buf_add(&doc, "é" + (i % 2), 1); /* valid UTF-8: é is two bytes */
	buf_printf(&doc, "</ns1:long><ns1:demandeLogement><ns1:numUnique>big</ns1:numUnique>"
	           "</ns1:demandeLogement></ns1:demande>\n</ns1:interfaceNuu>\n");
	buf_printf(&seen, "%zu:0:0=big|", n + 1);

	run_doc(&run, doc.data, doc.len);
	CHECK(run.status == 0, "morceaux : document de %zu octets lu (%s)", doc.len, run.messages);
	CHECK(run.records == n + 1,
	      "morceaux : %zu enregistrements (obtenu %zu)", n + 1, run.records);
	CHECK(copied(&run, doc.data, doc.len), "morceaux : la copie est identique à l'octet près");
	CHECK(run.seen.data != NULL && strcmp(run.seen.data, seen.data) == 0,
	      "morceaux : chaque champ de chaque enregistrement trouvé");
	run_free(&run);

	/* every seventh record edited: the others are untouched */
	run.edit = edit_every_seventh;
	run_doc(&run, doc.data, doc.len);
	for (size_t i = 1, at = 0; i <= n + 1; i++) {
		char from[64], to[64];
		const char *p;
		snprintf(from, sizeof from, "<ns1:numUnique>%s", i == n + 1 ? "big" : "");
		if (i != n + 1)
			snprintf(from, sizeof from, "<ns1:numUnique>N%zu<", i);
		p = strstr(doc.data + at, from);
		snprintf(to, sizeof to, "<ns1:numUnique>X%s", i == n + 1 ? "" : "<");
		if (i % 7 != 0) {
			buf_add(&want, doc.data + at, (size_t)(p - doc.data) + strlen(from) - at);
		} else {
			buf_add(&want, doc.data + at, (size_t)(p - doc.data) - at);
			buf_str(&want, to);
		}
		at = (size_t)(p - doc.data) + strlen(from);
		if (i == n + 1)
			buf_str(&want, doc.data + at);
	}
	CHECK(copied(&run, want.data, want.len),
	      "morceaux : un enregistrement sur 7 modifié, les autres identiques");
	run_free(&run);

	/* gzip input: the same document compressed, read through io.c */
	{
		char path[512];
		gzFile gz;
		snprintf(path, sizeof path, "%s/doc.xml.gz", dir);
		gz = gzopen(path, "wb");
		gzwrite(gz, doc.data, (unsigned)doc.len);
		gzclose(gz);
		run.edit = NULL;
		run_input(&run, sne_input_open(path));
		CHECK(copied(&run, doc.data, doc.len),
		      "morceaux : entrée gzip décompressée et copiée");
		run_free(&run);
	}
	free(doc.data);
	free(want.data);
	free(seen.data);
}

/* ------------------------------------------------------------------ */
/* suivi load/store */

static void edit_suivi(struct sne_record *record, struct run *run)
{
	struct sne_suivi *suivi = sne_suivi_load(record, 7);

	(void)run;
	if (suivi == NULL) {
		CHECK(0, "suivi : chargé");
		return;
	}
	sne_suivi_set_text(suivi, "etat", "radiee");
	sne_suivi_store(suivi, record);
	sne_suivi_free(suivi);
}

static void test_suivi(void)
{
	static const char doc[] =
		"<ns1:interfaceNuu " NS1 ">\n"
		"    <ns1:demande>\n"
		"        <ns1:demandeLogement>\n"
		"            <ns1:numUnique>0740317000123G0417</ns1:numUnique>\n"
		"        </ns1:demandeLogement>\n"
		"    </ns1:demande>\n"
		"    <ns1:demande>\n"
		"        <ns1:demandeLogement/>\n"
		"        <s:suivi xmlns:s=\"urn:sne:suivi:1\">\n"
		"            <s:etat>active</s:etat>\n"
		"            <s:note auteur=\"x\">garder <b xmlns=\"urn:autre\">ceci</b></s:note>\n"
		"        </s:suivi>\n"
		"    </ns1:demande>\n"
		"    <ns1:demande><ns1:demandeLogement/></ns1:demande>\n"
		"    <ns1:demande />\n"
		"</ns1:interfaceNuu>\n";
	static const char want[] =
		"<ns1:interfaceNuu " NS1 ">\n"
		"    <ns1:demande>\n"
		"        <ns1:demandeLogement>\n"
		"            <ns1:numUnique>0740317000123G0417</ns1:numUnique>\n"
		"        </ns1:demandeLogement>\n"
		"        <s:suivi xmlns:s=\"urn:sne:suivi:1\">\n"
		"            <s:etat>radiee</s:etat>\n"
		"        </s:suivi>\n"
		"    </ns1:demande>\n"
		"    <ns1:demande>\n"
		"        <ns1:demandeLogement/>\n"
		"        <s:suivi xmlns:s=\"urn:sne:suivi:1\">\n"
		"            <s:etat>radiee</s:etat>\n"
		"            <s:note auteur=\"x\">garder <b xmlns=\"urn:autre\">ceci</b></s:note>\n"
		"        </s:suivi>\n"
		"    </ns1:demande>\n"
		"    <ns1:demande><ns1:demandeLogement/><s:suivi xmlns:s=\"urn:sne:suivi:1\">"
		"<s:etat>radiee</s:etat></s:suivi></ns1:demande>\n"
		"    <ns1:demande ><s:suivi xmlns:s=\"urn:sne:suivi:1\"><s:etat>radiee</s:etat>"
		"</s:suivi></ns1:demande>\n"
		"</ns1:interfaceNuu>\n";
	struct run run = { .fields = sample_fields, .nfields = NSAMPLE_FIELDS, .edit = edit_suivi };

	run_str(&run, doc);
	CHECK(run.status == 0, "suivi : le passage réussit");
	CHECK(copied(&run, want, strlen(want)),
	      "suivi : inséré avec l'indentation de l'enregistrement (aussi dans <demande/>), "
	      "remplacé, enfant inconnu et contenu mixte gardés");
	if (!copied(&run, want, strlen(want)))
		printf("# got:\n%s\n", run.output ? run.output : "");
	run_free(&run);

	/* the result reads back: etat radiee in all three */
	{
		static const char *const f[] = { "s:suivi/s:etat", "s:suivi/s:note/@auteur" };
		struct run again = { .fields = f, .nfields = 2 };
		run_str(&again, want);
		CHECK_STR(again.seen.data, "1:0:0=radiee|2:0:0=radiee|2:1:0=x|3:0:0=radiee|4:0:0=radiee|",
		          "suivi : le suivi stocké se relit par le flux");
		run_free(&again);
	}
}

/* ------------------------------------------------------------------ */
/* hostile input */

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The document must be refused with 65, a message containing SAYS, and
 * nothing of FORBIDDEN in the output or the messages. */
static void check_refused(const char *what, const char *text, size_t len, const char *says,
                          const char *forbidden)
{
	struct run run = { .fields = sample_fields, .nfields = NSAMPLE_FIELDS };
	double start = now();

	run_doc(&run, text, len);
	CHECK(run.status == SNE_EX_DATAERR, "hostile %s : 65 (obtenu %d)", what, run.status);
	CHECK(strstr(run.messages, says) != NULL, "hostile %s : le message dit « %s » (%s)", what,
	      says, run.messages);
	CHECK(strstr(run.messages, "doc.xml:") != NULL, "hostile %s : le message nomme le fichier",
	      what);
	CHECK(now() - start < 5.0, "hostile %s : refusé vite (%.2f s)", what, now() - start);
	if (forbidden != NULL)
		CHECK(!contains(run.output, run.output_len, forbidden) &&
		      strstr(run.messages, forbidden) == NULL,
		      "hostile %s : « %s » n'apparaît jamais", what, forbidden);
	run_free(&run);
}

static void check_refused_str(const char *what, const char *text, const char *says,
                              const char *forbidden)
{
	check_refused(what, text, strlen(text), says, forbidden);
}

static void test_hostile(void)
{
	static const char laughs[] =
		"<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n"
		" <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
		" <!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n"
		" <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
		" <!ENTITY lol9 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n"
		"]>\n<ns1:interfaceNuu " NS1 "><ns1:demande><ns1:demandeLogement><ns1:numUnique>"
		"&lol9;</ns1:numUnique></ns1:demandeLogement></ns1:demande></ns1:interfaceNuu>\n";
	static const char xxe[] =
		"<?xml version=\"1.0\"?>\n<!DOCTYPE x [ <!ENTITY e SYSTEM \"file:///etc/passwd\"> ]>\n"
		"<ns1:interfaceNuu " NS1 "><ns1:demande><ns1:demandeLogement><ns1:numUnique>"
		"&e;</ns1:numUnique></ns1:demandeLogement></ns1:demande></ns1:interfaceNuu>\n";
	static const char xxe_param[] =
		"<!DOCTYPE x [ <!ENTITY % p SYSTEM \"file:///etc/passwd\"> %p; ]>\n"
		"<ns1:interfaceNuu " NS1 "/>\n";
	static const char dtd[] =
		"<!DOCTYPE ns1:interfaceNuu SYSTEM \"http://127.0.0.1:9/x.dtd\">\n"
		"<ns1:interfaceNuu " NS1 "/>\n";
	static const char undeclared[] =
		"<ns1:interfaceNuu " NS1 "><ns1:demande>&passwd;</ns1:demande></ns1:interfaceNuu>";
	static const char latin1[] =
		"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<ns1:interfaceNuu " NS1 ">"
		"<ns1:demande><ns1:nom>\xC9lodie</ns1:nom></ns1:demande></ns1:interfaceNuu>\n";
	static const char latin1_ascii[] =
		"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<ns1:interfaceNuu " NS1 "/>\n";
	static const char bad_utf8[] =
		"<ns1:interfaceNuu " NS1 ">\n<ns1:demande><ns1:nom>\xC3\x28lodie</ns1:nom>"
		"</ns1:demande></ns1:interfaceNuu>\n";
	static const char nul[] =
		"<ns1:interfaceNuu " NS1 ">\n<ns1:demande><ns1:nom>a\0b</ns1:nom>"
		"</ns1:demande></ns1:interfaceNuu>\n";
	static const char not_closed_tag[] =
		"<ns1:interfaceNuu " NS1 "><ns1:demande><ns1:nom>a</ns1:nom></ns1:demande";
	static const char mismatch[] =
		"<ns1:interfaceNuu " NS1 "><ns1:demande></ns1:demandeur></ns1:interfaceNuu>";
	static const char two_roots[] =
		"<ns1:interfaceNuu " NS1 "/><ns1:interfaceNuu " NS1 "/>";
	static const char undeclared_prefix[] =
		"<ns1:interfaceNuu " NS1 "><x:demande/></ns1:interfaceNuu>";
	const char *truncated_at;

	check_refused_str("billion laughs", laughs, "DOCTYPE", "lollollol");
	check_refused_str("external entity", xxe, "DOCTYPE", "root:");
	check_refused_str("external parameter entity", xxe_param, "DOCTYPE", "root:");
	check_refused_str("external DTD", dtd, "DOCTYPE", NULL);
	check_refused_str("undeclared entity", undeclared, "entité", NULL);
	check_refused_str("ISO-8859-1", latin1, "UTF-8", NULL);
	check_refused_str("ISO-8859-1 in ASCII", latin1_ascii, "convertissez", NULL);
	check_refused_str("invalid UTF-8", bad_utf8, "UTF-8", NULL);
	check_refused("NUL byte", nul, sizeof nul - 1, "octet nul", NULL);
	check_refused_str("unclosed document", not_closed_tag, "XML mal formé", NULL);
	check_refused_str("mismatched tag", mismatch, "balise", NULL);
	check_refused_str("two roots", two_roots, "XML mal formé", NULL);
	check_refused_str("undeclared prefix", undeclared_prefix, "espace de noms", NULL);
	check_refused_str("empty file", "", "vide", NULL);
	check_refused_str("only blanks", "\n  \n", "XML mal formé", NULL);

	/* the sample cut anywhere inside its root is refused */
	truncated_at = strstr(sample, "<ns1:entete><ns1:dateFichier>2017-03-06");
	check_refused("truncated in a record", sample, (size_t)(truncated_at - sample) - 30,
	              "XML mal formé", NULL);
	check_refused("truncated after the last record", sample,
	              (size_t)(strstr(sample, "</ns1:interfaceNuu>") - sample), "XML mal formé",
	              NULL);
	{
		/* records before the error were handed over; none after */
		struct run run = { 0 };
		run_doc(&run, sample, (size_t)(truncated_at - sample) - 2);
		CHECK(run.records == 2 && run.tail_calls == 0,
		      "tronqué : les 2 enregistrements complets transmis, pas de fin de flux (%zu, "
		      "%d)",
		      run.records, run.tail_calls);
		run_free(&run);
	}
}

static void test_deep_nesting(void)
{
	struct buf doc = { 0 };

	buf_str(&doc, "<ns1:interfaceNuu " NS1 "><ns1:demande>");
	for (int i = 0; i < 10000; i++)
		buf_str(&doc, "<a>");
	for (int i = 0; i < 10000; i++)
		buf_str(&doc, "</a>");
	buf_str(&doc, "</ns1:demande></ns1:interfaceNuu>");
	check_refused("10,000 levels", doc.data, doc.len, "XML mal formé", NULL);
	free(doc.data);
}

static long max_rss_kib(void)
{
	struct rusage usage;

	getrusage(RUSAGE_SELF, &usage);
	return usage.ru_maxrss;
}

/* A child process writes HEAD, SIZE bytes of 'a', TAIL into a pipe. */
static struct sne_input *generator(const char *head, size_t size, const char *tail, pid_t *pid)
{
	int fds[2];

	if (pipe(fds) != 0)
		abort();
	*pid = fork();
	if (*pid < 0)
		abort();
	if (*pid == 0) {
		static char block[65536];
		close(fds[0]);
		signal(SIGPIPE, SIG_DFL);
		memset(block, 'a', sizeof block);
		if (write(fds[1], head, strlen(head)) < 0)
			_exit(1);
		for (size_t done = 0; done < size;) {
			size_t n = size - done < sizeof block ? size - done : sizeof block;
			if (write(fds[1], block, n) != (ssize_t)n)
				_exit(1);
			done += n;
		}
		if (write(fds[1], tail, strlen(tail)) < 0)
			_exit(1);
		_exit(0);
	}
	close(fds[1]);
	return sne_input_fdopen(fds[0], "<générateur>");
}

static void check_huge(const char *what, const char *head, const char *tail, const char *says)
{
	struct run run = { .fields = sample_fields, .nfields = NSAMPLE_FIELDS };
	long before = max_rss_kib();
	double start = now();
	pid_t pid;
	int wstatus;

	run_input(&run, generator(head, 200000000, tail, &pid));
	waitpid(pid, &wstatus, 0);
	CHECK(run.status == SNE_EX_DATAERR, "énorme %s : 65 (obtenu %d)", what, run.status);
	CHECK(strstr(run.messages, says) != NULL, "énorme %s : le message dit « %s » (%s)", what,
	      says, run.messages);
	CHECK(strstr(run.messages, "<générateur>:") != NULL,
	      "énorme %s : le message nomme l'entrée",
	      what);
	/* The record limit is 4 MiB: the run must stop long before 200 MB. */
	CHECK(max_rss_kib() - before < 64 * 1024, "énorme %s : mémoire bornée (+%ld Kio)", what,
	      max_rss_kib() - before);
	CHECK(now() - start < 20.0, "énorme %s : refusé en %.2f s", what, now() - start);
	CHECK(run.output_len < 1024,
	      "énorme %s : l'enregistrement trop grand n'est pas écrit (%zu octets)",
	      what, run.output_len);
	run_free(&run);
}

static void test_huge(void)
{
	check_huge("text node in a record",
	           "<ns1:interfaceNuu " NS1 "><ns1:demande><ns1:demandeLogement><ns1:nom>",
	           "</ns1:nom></ns1:demandeLogement></ns1:demande></ns1:interfaceNuu>",
	           "enregistrement de plus de 4 Mio");
	check_huge("text node in a field",
	           "<ns1:interfaceNuu " NS1 "><ns1:demande><ns1:demandeLogement><ns1:numUnique>",
	           "</ns1:numUnique></ns1:demandeLogement></ns1:demande></ns1:interfaceNuu>",
	           "enregistrement de plus de 4 Mio");
	check_huge("text node between records",
	           "<ns1:interfaceNuu " NS1 "><ns1:demande/><ns1:entete>",
	           "</ns1:entete></ns1:interfaceNuu>", "contenu hors enregistrement");
	/* one token the parser holds whole: refused at 64 KiB already */
	check_huge("attribute value", "<ns1:interfaceNuu " NS1 "><ns1:demande a=\"",
	           "\"/></ns1:interfaceNuu>", "plus de 64 Kio");
}

/* gzip cut in the middle, or with a corrupt body: bad input, 65. */
static void test_gzip(void)
{
	char path[512];
	gzFile gz;
	struct buf doc = { 0 };
	FILE *file;
	char *bytes;
	size_t len;
	struct run run = { 0 };

	buf_str(&doc, "<ns1:interfaceNuu " NS1 ">");
	for (int i = 0; i < 20000; i++)
		buf_printf(&doc, "<ns1:demande><ns1:n>%d</ns1:n></ns1:demande>\n", i * 7919);
	buf_str(&doc, "</ns1:interfaceNuu>\n");
	snprintf(path, sizeof path, "%s/full.xml.gz", dir);
	gz = gzopen(path, "wb");
	gzwrite(gz, doc.data, (unsigned)doc.len);
	gzclose(gz);
	file = fopen(path, "rb");
	read_back(file, &bytes, &len);
	fclose(file);

	run_input(&run, sne_input_open(write_temp("cut.xml.gz", bytes, len / 2)));
	CHECK(run.status == SNE_EX_DATAERR, "gzip tronqué : 65 (obtenu %d)", run.status);
	CHECK(strstr(run.messages, "fichier gzip tronqué") != NULL,
	      "gzip tronqué : le message le dit (%s)", run.messages);
	CHECK(run.records > 0 && run.tail_calls == 0,
	      "gzip tronqué : les enregistrements d'avant transmis");
	run_free(&run);

	run_input(&run, sne_input_open(write_temp("cut.xml.gz", bytes, len - 4)));
	CHECK(run.status == SNE_EX_DATAERR, "gzip sans sa taille finale : 65 (obtenu %d)",
	      run.status);
	run_free(&run);

	for (size_t i = 200; i < 400; i++)
		bytes[i] ^= 0x55;
	run_input(&run, sne_input_open(write_temp("bad.xml.gz", bytes, len)));
	CHECK(run.status == SNE_EX_DATAERR, "gzip corrompu : 65 (obtenu %d)", run.status);
	CHECK(strstr(run.messages, "gzip") != NULL, "gzip corrompu : le message le dit (%s)",
	      run.messages);
	run_free(&run);
	free(bytes);
	free(doc.data);
}

/* A callback's code stops the run and is returned; no tail is written. */
static int stop_at_two(struct sne_record *record, void *ctx)
{
	size_t *seen = ctx;

	*seen = sne_record_rank(record);
	return sne_record_rank(record) == 2 ? SNE_EX_NOPERM : 0;
}

static int count_tail(const char *bytes, size_t len, void *ctx)
{
	(void)bytes, (void)len;
	*(size_t *)ctx = 99;
	return 0;
}

static void test_callback_status(void)
{
	size_t seen = 0;
	struct sne_stream_spec spec = { .record_ns = SNE_NS_NUU, .record_name = "demande",
	                                .on_record = stop_at_two, .on_tail = count_tail,
	                                .ctx = &seen };
	struct sne_input *in = sne_input_open(write_temp("doc.xml", sample, strlen(sample)));

	CHECK(sne_stream_run(in, &spec) == SNE_EX_NOPERM, "rappel : son code arrête le passage");
	CHECK(seen == 2,
	      "rappel : aucun enregistrement après l'arrêt, pas de fin de flux (%zu)", seen);
	sne_input_close(in);
}

int main(void)
{
	char path[600];

	if (mkdtemp(dir) == NULL) {
		perror(dir);
		return 2;
	}
	sne_err_init("test_stream");
	test_copies();
	test_fields();
	test_unwanted_fields();
	test_text_only();
	test_namespaces();
	test_edits();
	test_continuation();
	test_chunks();
	test_children();
	test_suivi();
	test_hostile();
	test_deep_nesting();
	test_huge();
	test_gzip();
	test_callback_status();
	snprintf(path, sizeof path, "rm -rf '%s'", dir);
	if (system(path) != 0)
		return 2;
	return check_done();
}
