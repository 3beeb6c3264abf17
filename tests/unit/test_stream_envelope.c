/* The envelope checked by the stream (lib/stream_envelope.c): the root,
 * one header before the records, nothing else between them, each refusal
 * said with its line; the header's simple children kept as fields (at
 * most SNE_HEAD_FIELDS); elements with too many attributes or
 * declarations refused before libxml2 spends quadratic time on them. */
#include "buf.h"
#include "capture.h"
#include "check.h"
#include "sne/envelope.h"
#include "sne/err.h"
#include "sne/io.h"
#include "sne/stream.h"

#include <stdlib.h>
#include <string.h>

static char dir[] = "/tmp/sne-test-stream-envelope-XXXXXX";
static const struct sne_envelope envelope = { "r", "h", NULL };

struct run {
	int records, heads;
	size_t nfields;
	char fields[512];
};

static int on_record(struct sne_record *record, void *ctx)
{
	(void)record;
	((struct run *)ctx)->records++;
	return 0;
}

static int on_head(const struct sne_head *head, void *ctx)
{
	struct run *run = ctx;

	run->heads++;
	run->nfields = head->nfields;
	run->fields[0] = '\0';
	for (size_t i = 0; i < head->nfields; i++) {
		size_t n = strlen(run->fields);
		snprintf(run->fields + n, sizeof run->fields - n, "%s=%s|", head->fields[i].name,
		         head->fields[i].value);
	}
	return 0;
}

/* Runs DOC; the message printed in MESSAGE (SIZE). */
static int run_doc(const char *doc, struct run *run, char *message, size_t size)
{
	struct sne_stream_spec spec = {
		.record_ns = "urn:t", .record_name = "rec", .envelope = &envelope,
		.on_record = on_record, .on_head = on_head, .ctx = run,
	};
	char path[300];
	int rc;

	memset(run, 0, sizeof *run);
	snprintf(path, sizeof path, "%s/doc.xml", dir);
	buf_save(path, doc);
	capture_start();
	rc = sne_stream_run_path(path, &spec, "ouverture impossible");
	{
		const char *said = capture_end();
		size_t n = strnlen(said, size - 1);

		memcpy(message, said, n);
		message[n] = '\0';
	}
	return rc;
}

#define T "xmlns:t=\"urn:t\""

static void test_refusals(void)
{
	static const struct {
		const char *doc, *says;
	} cases[] = {
		{ "<t:x " T "/>", ":1:1: racine « x » (espace de noms urn:t) inattendue : attendu « r » "
		                 "de l'espace de noms urn:t" },
		{ "<r/>", "racine « r » (espace de noms aucun) inattendue" },
		{ "<t:r " T ">\n<t:h/>\n<t:h/></t:r>", ":3:1: « h » en double : un flux n'a qu'un « h », "
		                                       "avant les « rec »" },
		{ "<t:r " T ">\n<t:rec/>\n<t:h/></t:r>", ":3:1: « h » après les enregistrements" },
		{ "<t:r " T "><rec/></t:r>", "« rec » de l'espace de noms aucun : attendu l'espace de "
		                             "noms urn:t" },
		{ "<t:r " T ">\n\n<t:autre/></t:r>", ":3:1: élément « autre » inattendu dans « r » : "
		                                     "seuls « h » puis des « rec » y sont admis" },
		{ "<t:r " T "><t:rec/>\n  texte perdu entre deux enregistrements<t:rec/></t:r>",
		  "texte « texte perdu entre deux e » hors des « rec » : la racine ne contient que des "
		  "éléments" },
		{ "<t:r " T "><t:rec/>é€€€€€€€€<t:rec/></t:r>", "texte « é€€€€€€€ » hors" },
	};
	struct run run;
	char said[1024];

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		CHECK(run_doc(cases[i].doc, &run, said, sizeof said) == SNE_EX_DATAERR,
		      "enveloppe fautive refusée : 65 (cas %zu)", i + 1);
		if (!CHECK(strstr(said, cases[i].says) != NULL, "dit « %s »", cases[i].says))
		printf("#   %s\n", said);
	}
	CHECK(run_doc("<t:r " T "><t:rec/><t:autre/><t:rec/></t:r>", &run, said, sizeof said) ==
	      SNE_EX_DATAERR && run.records == 1, "refus au milieu : les enregistrements d'avant sont "
	      "rendus, pas ceux d'après");
}

static void test_header_fields(void)
{
	struct run run;
	char said[1024];
	struct buf doc = { 0 };

	CHECK(run_doc("<t:r " T ">\n  <t:h><t:a>1</t:a><t:b><t:c>2</t:c></t:b><t:d/></t:h>\n"
	              "  <t:rec/>\n</t:r>", &run, said, sizeof said) == 0, "en-tête accepté (%s)", said);
	CHECK(run.heads == 1 && run.records == 1, "un en-tête, avant l'enregistrement");
	CHECK_STR(run.fields, "a=1|d=|", "enfants simples gardés ; un enfant composé ne l'est pas");
	buf_str(&doc, "<t:r " T "><t:h>");
	for (int i = 0; i < SNE_HEAD_FIELDS + 2; i++)
		buf_printf(&doc, "<t:f%d>%d</t:f%d>", i, i, i);
	buf_str(&doc, "</t:h></t:r>");
	CHECK(run_doc(doc.data, &run, said, sizeof said) == 0 && run.nfields == SNE_HEAD_FIELDS,
	      "plus de %d champs : les %d premiers gardés", SNE_HEAD_FIELDS, SNE_HEAD_FIELDS);
	free(doc.data);
	CHECK(run_doc("<t:r " T "><t:rec/>\n \t\r\n<t:rec/></t:r>", &run, said, sizeof said) == 0 &&
	      run.records == 2 && run.heads == 1, "des blancs entre les enregistrements : admis");
}

static void test_too_many(void)
{
	struct run run;
	char said[1024];
	struct buf doc = { 0 };

	buf_str(&doc, "<t:r " T "><t:rec");
	for (int i = 0; i < SNE_ATTRIBUTES_MAX; i++)
		buf_printf(&doc, " a%d=\"\"", i);
	buf_str(&doc, "/></t:r>");
	CHECK(run_doc(doc.data, &run, said, sizeof said) == 0 && run.records == 1,
	      "%d attributs : admis", SNE_ATTRIBUTES_MAX);
	doc.len -= strlen("/></t:r>");
	buf_str(&doc, " z=\"\"/></t:r>");
	CHECK(run_doc(doc.data, &run, said, sizeof said) == SNE_EX_DATAERR &&
	      strstr(said, "élément de plus de 256 attributs : refusé") != NULL,
	      "%d attributs : refusé, dit", SNE_ATTRIBUTES_MAX + 1);
	free(doc.data);
	doc = (struct buf){ 0 };
	buf_str(&doc, "<t:r " T "><t:rec");
	for (int i = 0; i <= SNE_NAMESPACES_MAX; i++)
		buf_printf(&doc, " xmlns:p%d=\"urn:%d\"", i, i);
	buf_str(&doc, "/></t:r>");
	CHECK(run_doc(doc.data, &run, said, sizeof said) == SNE_EX_DATAERR &&
	      strstr(said, "élément de plus de 64 déclarations d'espace de noms : refusé") != NULL,
	      "%d déclarations : refusé, dit", SNE_NAMESPACES_MAX + 1);
	free(doc.data);
}

int main(void)
{
	char command[400];

	if (mkdtemp(dir) == NULL)
		return 99;
	sne_xml_silence();
	sne_err_init("test");
	test_refusals();
	test_header_fields();
	test_too_many();
	snprintf(command, sizeof command, "rm -rf '%s'", dir);
	if (system(command) != 0)
		return 99;
	return check_done();
}
