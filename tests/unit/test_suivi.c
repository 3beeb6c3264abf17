/* Unit tests of sne_suivi_store_new(): the new suivi written as text is
 * byte for byte the one the tree (sne_suivi_load of an empty suivi, the
 * setters, sne_suivi_store) writes, whatever the record's layout. */
#include "check.h"
#include "sne/err.h"
#include "sne/io.h"
#include "sne/stream.h"
#include "sne/suivi.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[] = "/tmp/sne-test-suivi-XXXXXX";

static const char *const fields[] = { SNE_SUIVI_FIELD };

/* One way of making the new suivi, and what goes in it. */
struct run {
	int as_text;
	struct sne_suivi_nouveau nouveau;
	struct sne_output *out;
};

static void store_as_tree(struct sne_record *record, const struct sne_suivi_nouveau *n)
{
	struct sne_suivi *s = sne_suivi_load(record, 0);

	sne_suivi_set_text(s, "etat", n->etat);
	if (n->origine != NULL)
		sne_suivi_set_text(s, "origine", n->origine);
	sne_suivi_touch(s, n->date, n->guichet);
	if (n->prochain != NULL)
		sne_suivi_set_date(sne_suivi_ensure(s, "renouvellement"), "prochain", *n->prochain);
	for (const char *const *type = n->evenements; *type; type++)
		sne_suivi_add_evenement(s, n->date, *type, n->guichet);
	sne_suivi_store(s, record);
	sne_suivi_free(s);
}

static int on_record(struct sne_record *record, void *ctx)
{
	struct run *run = ctx;

	if (run->as_text)
		sne_suivi_store_new(record, &run->nouveau);
	else
		store_as_tree(record, &run->nouveau);
	return sne_record_write(record, run->out) == 0 ? 0 : SNE_EX_IOERR;
}

static int on_tail(const char *bytes, size_t len, void *ctx)
{
	struct run *run = ctx;

	return sne_output_write(run->out, bytes, len) == 0 ? 0 : SNE_EX_IOERR;
}

static char *read_all(FILE *file)
{
	long size;
	char *data;
	size_t n;

	fflush(file);
	fseek(file, 0, SEEK_END);
	size = ftell(file);
	rewind(file);
	data = malloc((size_t)size + 1);
	if (data == NULL)
		abort();
	n = fread(data, 1, (size_t)size, file);
	data[n] = '\0';
	return data;
}

/* The output of the stream over PATH, the suivi made one way or the other. */
static char *run_once(const char *path, struct run *run)
{
	struct sne_stream_spec spec = {
		.record_ns = SNE_NS_NUU,
		.record_name = "demande",
		.fields = fields,
		.nfields = 1,
		.on_record = on_record,
		.on_tail = on_tail,
		.ctx = run,
	};
	FILE *out_file = tmpfile();
	struct sne_input *in = sne_input_open(path);
	char *text;

	if (out_file == NULL || in == NULL)
		abort();
	run->out = sne_output_fdopen(dup(fileno(out_file)), "<test>", 0, 0);
	if (sne_stream_run(in, &spec) != 0 || sne_output_close(run->out) != 0)
		abort();
	sne_input_close(in);
	text = read_all(out_file);
	fclose(out_file);
	return text;
}

static const char *write_doc(const char *text)
{
	static char path[512];
	int fd;
	size_t len = strlen(text);

	snprintf(path, sizeof path, "%s/doc.xml", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || write(fd, text, len) != (ssize_t)len)
		abort();
	close(fd);
	return path;
}

static void check_same(const char *what, const char *doc, struct sne_suivi_nouveau nouveau)
{
	const char *path = write_doc(doc);
	struct run tree = { 0, nouveau, NULL }, text = { 1, nouveau, NULL };
	char *want = run_once(path, &tree), *got = run_once(path, &text);

	CHECK_STR(got, want, "%s: text suivi is the tree's, byte for byte", what);
	free(want);
	free(got);
}

static const char indented[] =
	"<?xml version=\"1.0\"?>\n"
	"<ns1:interfaceNuu xmlns:ns1=\"http://nuu.application.i2/\">\n"
	"  <ns1:demande>\n"
	"    <ns1:demandeLogement><ns1:nom>A</ns1:nom></ns1:demandeLogement>\n"
	"  </ns1:demande>\n"
	"  <ns1:demande>\n"
	"\t<ns1:demandeLogement/>\n"
	"\t<x:autre xmlns:x=\"urn:x\"/>\n"
	"  </ns1:demande>\n"
	"</ns1:interfaceNuu>\n";

static const char compact[] =
	"<ns1:interfaceNuu xmlns:ns1=\"http://nuu.application.i2/\"><ns1:demande>"
	"<ns1:demandeLogement/></ns1:demande><ns1:demande/></ns1:interfaceNuu>";

static const char empty_records[] =
	"<interfaceNuu xmlns=\"http://nuu.application.i2/\">\n"
	"    <demande/>\n"
	"    <demande></demande>\n"
	"    <demande>\n"
	"    </demande>\n"
	"</interfaceNuu>\n";

int main(void)
{
	static const char *const creation[] = { "creation", NULL };
	static const char *const soumission[] = { "creation", "soumission", NULL };
	static const char *const none[] = { NULL };
	static const char *const odd_types[] = { "", "x&y<\"z\">", NULL };
	struct sne_date today = { 2026, 3, 16 }, prochain = { 2027, 3, 16 };
	struct sne_suivi_nouveau active = { "active", "guichet", today, "G0417", &prochain, creation };
	struct sne_suivi_nouveau pgp = { "en-attente-validation", "pgp", today, "GDPUB", NULL,
	                                 soumission };
	struct sne_suivi_nouveau bare = { "brouillon", NULL, today, NULL, NULL, none };
	struct sne_suivi_nouveau odd = { "a<b&\"c\">", "", today, "", &prochain, odd_types };

	if (mkdtemp(dir) == NULL)
		return 2;
	check_same("indented, active", indented, active);
	check_same("indented, pgp", indented, pgp);
	check_same("indented, no origine, guichet nor evenement", indented, bare);
	check_same("indented, texts to escape, empty ones", indented, odd);
	check_same("compact, active", compact, active);
	check_same("compact, no evenement", compact, bare);
	check_same("empty records, active", empty_records, active);
	check_same("empty records, pgp", empty_records, pgp);
	check_same("empty records, texts to escape", empty_records, odd);
	unlink(write_doc(""));
	rmdir(dir);
	return check_done();
}
