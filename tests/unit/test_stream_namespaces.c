/* Namespaces of an input that continues a stream (lib/stream_namespaces.c):
 * its root is not written, so each record carries the root's declarations
 * it needs: not those it makes itself, not those the root written out
 * already makes with the same URI; none when the input does not continue. */
#include "buf.h"
#include "check.h"
#include "sne/err.h"
#include "sne/io.h"
#include "sne/stream.h"

#include <stdlib.h>
#include <string.h>

static char dir[] = "/tmp/sne-test-stream-namespaces-XXXXXX";

struct run {
	struct sne_output *out;
};

static int write_record(struct sne_record *record, void *ctx)
{
	struct run *run = ctx;

	return sne_record_write(record, run->out) == 0 ? 0 : SNE_EX_IOERR;
}

/* The records of DOC as written, read as a continuation (or not) of a
 * stream whose root declares OUTER. */
static char *records(const char *doc, int continuation, const char *outer)
{
	struct run run;
	struct sne_stream_spec spec = {
		.record_ns = SNE_NS_NUU, .record_name = "demande", .on_record = write_record,
		.ctx = &run, .continuation = continuation, .outer_namespaces = outer,
	};
	char in[300], out[300];
	struct buf got = { 0 };

	snprintf(in, sizeof in, "%s/in.xml", dir);
	snprintf(out, sizeof out, "%s/out.xml", dir);
	buf_save(in, doc);
	run.out = sne_output_create(out);
	if (sne_stream_run_path(in, &spec, "ouverture impossible") != 0)
		abort();
	sne_output_close(run.out);
	buf_load(&got, out);
	return got.data;
}

#define NUU "\"" SNE_NS_NUU "\""
#define SUIVI "\"" SNE_NS_SUIVI "\""

static void test_carried(void)
{
	static const char doc[] = "<n:interfaceNuu xmlns:n=" NUU " xmlns:s=" SUIVI " xmlns:x=\"a&amp;b\">"
	                          "\n<n:demande id=\"1\"/>\n<n:demande xmlns:s=\"urn:autre\"><s:y/></n:demande>"
	                          "</n:interfaceNuu>";
	char *got = records(doc, 1, " xmlns:n=" NUU);

	CHECK(strstr(got, "<n:demande xmlns:s=" SUIVI " xmlns:x=\"a&#38;b\" id=\"1\"/>") != NULL,
	      "la demande porte les déclarations de sa racine, sauf celle que la racine écrite fait "
	      "déjà ; l'URI « a&b » reste « a&b »");
	CHECK(strstr(got, "<n:demande xmlns:x=\"a&#38;b\" xmlns:s=\"urn:autre\"><s:y/>") != NULL,
	      "une déclaration que la demande refait n'est pas ajoutée");
	free(got);
	got = records(doc, 1, " xmlns:n=\"urn:autre\"");
	CHECK(strstr(got, "<n:demande xmlns:n=" NUU " xmlns:s=") != NULL,
	      "même préfixe, autre URI sur la racine écrite : la déclaration est portée");
	free(got);
	got = records(doc, 1, " xmlns:nn=" NUU);
	CHECK(strstr(got, "<n:demande xmlns:n=" NUU) != NULL,
	      "« xmlns:nn » sur la racine écrite ne vaut pas « xmlns:n »");
	free(got);
	got = records(doc, 1, NULL);
	CHECK(strstr(got, "<n:demande xmlns:n=" NUU " xmlns:s=" SUIVI " xmlns:x=") != NULL,
	      "sans racine écrite connue : toutes les déclarations portées");
	free(got);
}

static void test_not_carried(void)
{
	static const char doc[] = "<n:interfaceNuu xmlns:n=" NUU "><n:demande id=\"1\"/></n:interfaceNuu>";
	static const char plain[] = "<interfaceNuu xmlns=" NUU "><demande/></interfaceNuu>";
	char *got = records(doc, 0, NULL);

	CHECK_STR(got, "<n:interfaceNuu xmlns:n=" NUU "><n:demande id=\"1\"/>",
	          "entrée qui ne continue pas un flux : la demande telle quelle, après son prologue");
	free(got);
	got = records(plain, 1, NULL);
	CHECK_STR(got, "<demande xmlns=" NUU "/>", "espace de noms par défaut de la racine porté");
	free(got);
	got = records(plain, 1, " xmlns=" NUU);
	CHECK_STR(got, "<demande/>", "la racine écrite le déclare déjà : rien d'ajouté");
	free(got);
	got = records("<interfaceNuu xmlns=" NUU " xmlns:s=" SUIVI "><demande xmlns=" NUU " xmlns:s=" SUIVI "/>"
	              "</interfaceNuu>", 1, NULL);
	CHECK_STR(got, "<demande xmlns=" NUU " xmlns:s=" SUIVI "/>",
	          "la demande déclare tout elle-même : rien d'ajouté");
	free(got);
}

int main(void)
{
	char command[400];

	if (mkdtemp(dir) == NULL)
		return 99;
	sne_xml_silence();
	test_carried();
	test_not_carried();
	snprintf(command, sizeof command, "rm -rf '%s'", dir);
	if (system(command) != 0)
		return 99;
	return check_done();
}
