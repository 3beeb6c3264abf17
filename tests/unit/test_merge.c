/* Several inputs as one stream (lib/merge.c): the first input's prolog and
 * root, every input's records in order, the first input's end; a later
 * input's records keep the declarations of their own root; a first input
 * without record still opens the root; a missing input stops the run with
 * 66. */
#include "buf.h"
#include "check.h"
#include "sne/envelope.h"
#include "sne/err.h"
#include "sne/io.h"
#include "sne/merge.h"
#include "sne/stream.h"

#include <stdlib.h>
#include <string.h>

static char dir[] = "/tmp/sne-test-merge-XXXXXX";

struct files {
	const char *const *texts;   /* one document per input, NULL: missing */
	int ticks, closed;
};

static struct sne_input *open_input(int i, void *ctx)
{
	struct files *f = ctx;
	char path[300];

	if (f->texts[i] == NULL)
		return NULL;
	snprintf(path, sizeof path, "%s/in%d.xml", dir, i);
	if (buf_save(path, f->texts[i]) != 0)
		abort();
	return sne_input_open(path);
}

static void close_input(struct sne_input *in, int i, void *ctx)
{
	(void)i;
	((struct files *)ctx)->closed++;
	sne_input_close(in);
}

static void tick(void *ctx)
{
	((struct files *)ctx)->ticks++;
}

struct copy {
	struct sne_output *out;
	int heads;
	size_t records;
};

static int copy_record(struct sne_record *record, void *ctx)
{
	struct copy *c = ctx;

	c->records++;
	return sne_record_write(record, c->out) == 0 ? 0 : SNE_EX_IOERR;
}

static int copy_tail(const char *bytes, size_t len, void *ctx)
{
	return sne_output_write(((struct copy *)ctx)->out, bytes, len) == 0 ? 0 : SNE_EX_IOERR;
}

static int count_head(const struct sne_head *head, void *ctx)
{
	(void)head;
	((struct copy *)ctx)->heads++;
	return 0;
}

/* Merges the N documents; the output in *OUT (freed by the caller). */
static int merge(const char *const *texts, int n, char **out, struct files *files,
                 struct copy *copy)
{
	static const char *const fields[] = { "@rpls" };
	struct sne_stream_spec spec = {
		.record_ns = SNE_NS_RPLS, .record_name = "logement", .envelope = &sne_envelope_rpls,
		.fields = fields, .nfields = 1,
		.on_record = copy_record, .on_tail = copy_tail, .on_head = count_head, .ctx = copy,
	};
	struct sne_merge_inputs inputs = { n, open_input, close_input, tick, files };
	struct buf got = { 0 };
	char path[300];
	int rc;

	*files = (struct files){ texts, 0, 0 };
	*copy = (struct copy){ NULL, 0, 0 };
	snprintf(path, sizeof path, "%s/out.xml", dir);
	copy->out = sne_output_create(path);
	rc = sne_merge_run(&inputs, &spec);
	sne_output_close(copy->out);
	buf_load(&got, path);
	*out = got.data;
	return rc;
}

static void test_two_inputs(void)
{
	static const char *const texts[] = {
		"<?xml version=\"1.0\"?>\n<r:logements xmlns:r=\"urn:sne:rpls:1\" v=\"1\">\n"
		"  <r:logement rpls=\"A000000001\"/>\n</r:logements>\n",
		"<?xml version=\"1.0\"?>\n<x:logements xmlns:x=\"urn:sne:rpls:1\">\n"
		"  <x:logement rpls=\"A000000002\"/>\n  <x:logement rpls=\"A000000003\"/>\n</x:logements>\n",
	};
	struct files files;
	struct copy copy;
	char *out;

	CHECK(merge(texts, 2, &out, &files, &copy) == 0, "deux entrées fusionnées : 0");
	CHECK_STR(out,
	          "<?xml version=\"1.0\"?>\n<r:logements xmlns:r=\"urn:sne:rpls:1\" v=\"1\">\n"
	          "  <r:logement rpls=\"A000000001\"/>\n"
	          "  <x:logement xmlns:x=\"urn:sne:rpls:1\" rpls=\"A000000002\"/>\n"
	          "  <x:logement xmlns:x=\"urn:sne:rpls:1\" rpls=\"A000000003\"/>\n</r:logements>\n",
	          "prologue et racine de la première, ses déclarations portées par les suivantes");
	CHECK(copy.records == 3 && files.ticks == 3, "chaque enregistrement vu une fois, compté");
	CHECK(copy.heads == 2 && files.closed == 2, "chaque entrée : son en-tête vu, fermée");
	free(out);
}

static void test_empty_first(void)
{
	static const char *const texts[] = {
		"<?xml version=\"1.0\"?>\n<r:logements xmlns:r=\"urn:sne:rpls:1\"/>\n",
		"<r:logements xmlns:r=\"urn:sne:rpls:1\">\n  <r:logement rpls=\"A000000002\"/>\n"
		"</r:logements>\n",
	};
	static const char *const both_empty[] = {
		"<r:logements xmlns:r=\"urn:sne:rpls:1\"/>\n", "<r:logements xmlns:r=\"urn:sne:rpls:1\"/>",
	};
	struct files files;
	struct copy copy;
	char *out;

	CHECK(merge(texts, 2, &out, &files, &copy) == 0, "première entrée vide : 0");
	CHECK_STR(out,
	          "<?xml version=\"1.0\"?>\n<r:logements xmlns:r=\"urn:sne:rpls:1\">\n"
	          "  <r:logement rpls=\"A000000002\"/>\n</r:logements>\n",
	          "racine vide de la première ouverte pour les enregistrements des suivantes");
	free(out);
	CHECK(merge(both_empty, 2, &out, &files, &copy) == 0, "deux entrées vides : 0");
	CHECK_STR(out, "<r:logements xmlns:r=\"urn:sne:rpls:1\"/>\n",
	          "aucune demande nulle part : la première entrée telle quelle");
	free(out);
}

static void test_missing_and_bad(void)
{
	static const char *const missing[] = {
		"<r:logements xmlns:r=\"urn:sne:rpls:1\"><r:logement rpls=\"A000000001\"/></r:logements>",
		NULL,
	};
	static const char *const bad[] = {
		"<r:logements xmlns:r=\"urn:sne:rpls:1\"><r:logement rpls=\"A000000001\"/></r:logements>",
		"<r:logements xmlns:r=\"urn:sne:rpls:1\"><r:logement>",
		"<r:logements xmlns:r=\"urn:sne:rpls:1\"><r:logement rpls=\"A000000009\"/></r:logements>",
	};
	struct files files;
	struct copy copy;
	char *out;

	CHECK(merge(missing, 2, &out, &files, &copy) == SNE_EX_NOINPUT, "entrée introuvable : 66");
	CHECK(strstr(out, "</r:logements>") == NULL, "66 : la fin du document n'est pas écrite");
	free(out);
	sne_xml_silence();
	CHECK(merge(bad, 3, &out, &files, &copy) == SNE_EX_DATAERR, "entrée mal formée : 65");
	CHECK(copy.records == 1 && files.closed == 2, "65 : arrêt, la troisième n'est pas lue");
	free(out);
}

int main(void)
{
	char command[400];

	if (mkdtemp(dir) == NULL)
		return 99;
	sne_err_set_stream(fopen("/dev/null", "w"));
	test_two_inputs();
	test_empty_first();
	test_missing_and_bad();
	snprintf(command, sizeof command, "rm -rf '%s'", dir);
	if (system(command) != 0)
		return 99;
	return check_done();
}
