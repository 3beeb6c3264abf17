/* Closing the avertissement of a radiated demande (lib/radiation.c): the
 * element goes, an evenement "annulation-avertissement" keeps its motif,
 * sous-motif, dates and the reason; nothing happens without one. */
#include "buf.h"
#include "check.h"
#include "sne/err.h"
#include "sne/io.h"
#include "sne/radiation.h"
#include "sne/stream.h"
#include "sne/suivi.h"

#include <stdlib.h>
#include <string.h>

static char dir[] = "/tmp/sne-test-radiation-XXXXXX";

static const char *const fields[] = { SNE_SUIVI_FIELD };

struct run {
	struct sne_output *out;
	const char *guichet;
	int closed;
};

static int on_record(struct sne_record *record, void *ctx)
{
	struct run *run = ctx;
	struct sne_suivi *s = sne_suivi_load(record, 0);

	if (s == NULL)
		return SNE_EX_DATAERR;
	run->closed = sne_radiation_clore_avertissement(s, (struct sne_date){ 2024, 3, 15 },
	                                                run->guichet, "radiée pour attribution");
	sne_suivi_store(s, record);
	sne_suivi_free(s);
	return sne_record_write(record, run->out) == 0 ? 0 : SNE_EX_IOERR;
}

static int on_tail(const char *bytes, size_t len, void *ctx)
{
	return sne_output_write(((struct run *)ctx)->out, bytes, len) == 0 ? 0 : SNE_EX_IOERR;
}

/* The demande with SUIVI_CONTENT after the closing; *CLOSED the result. */
static char *closed(const char *suivi_content, const char *guichet, int *was_closed)
{
	struct run run = { NULL, guichet, -1 };
	struct sne_stream_spec spec = {
		.record_ns = SNE_NS_NUU, .record_name = "demande", .fields = fields, .nfields = 1,
		.on_record = on_record, .on_tail = on_tail, .ctx = &run,
	};
	char in[300], out[300];
	struct buf doc = { 0 }, got = { 0 };

	buf_str(&doc, "<n:interfaceNuu xmlns:n=\"" SNE_NS_NUU "\" xmlns:s=\"" SNE_NS_SUIVI "\">"
	              "<n:demande><n:demandeLogement/><s:suivi>");
	buf_str(&doc, suivi_content);
	buf_str(&doc, "</s:suivi></n:demande></n:interfaceNuu>");
	snprintf(in, sizeof in, "%s/in.xml", dir);
	snprintf(out, sizeof out, "%s/out.xml", dir);
	buf_save(in, doc.data);
	run.out = sne_output_create(out);
	if (sne_stream_run_path(in, &spec, "ouverture impossible") != 0)
		abort();
	sne_output_close(run.out);
	buf_load(&got, out);
	free(doc.data);
	*was_closed = run.closed;
	return got.data;
}

static void test_closes(void)
{
	int was;
	char *got = closed("<s:etat>radiee</s:etat><s:avertissement motif=\"RADIRR\" sous-motif=\"IRRRES\" "
	                   "date=\"2024-01-10\" envoi=\"2024-01-12\" echeance=\"2024-02-12\" "
	                   "guichet=\"G0001\"/>", "G0417", &was);

	CHECK(was == 1, "avertissement en cours : clos (1)");
	CHECK(strstr(got, "avertissement motif=") == NULL && strstr(got, "echeance=") == NULL,
	      "l'élément avertissement est retiré");
	CHECK(strstr(got, "type=\"annulation-avertissement\"") != NULL,
	      "un événement annulation-avertissement est ajouté");
	CHECK(strstr(got, "date=\"2024-03-15\"") != NULL && strstr(got, "guichet=\"G0417\"") != NULL,
	      "daté du jour, par le guichet de l'exécution");
	CHECK(strstr(got, "motif-radiation=\"RADIRR\"") != NULL &&
	      strstr(got, "sous-motif=\"IRRRES\"") != NULL, "le motif et le sous-motif gardés");
	CHECK(strstr(got, "avertissement=\"2024-01-10\"") != NULL &&
	      strstr(got, "envoi=\"2024-01-12\"") != NULL, "les dates de demande et d'envoi gardées");
	CHECK(strstr(got, "motif=\"radiée pour attribution\"") != NULL, "la raison de la clôture dite");
	free(got);
}

static void test_partial_and_none(void)
{
	int was;
	char *got = closed("<s:etat>radiee</s:etat><s:avertissement motif=\"RADCON\" date=\"2024-01-10\"/>",
	                   NULL, &was);

	CHECK(was == 1, "avertissement demandé, pas envoyé : clos aussi");
	CHECK(strstr(got, "envoi=") == NULL && strstr(got, "sous-motif=") == NULL,
	      "ce qui manquait n'est pas inventé");
	CHECK(strstr(got, "guichet=") == NULL, "sans guichet : pas d'attribut guichet");
	free(got);
	got = closed("<s:etat>radiee</s:etat>", "G0417", &was);
	CHECK(was == 0, "aucun avertissement : 0");
	CHECK(strstr(got, "annulation-avertissement") == NULL, "aucun avertissement : rien d'ajouté");
	free(got);
}

int main(void)
{
	char command[400];

	if (mkdtemp(dir) == NULL)
		return 99;
	sne_xml_silence();
	test_closes();
	test_partial_and_none();
	snprintf(command, sizeof command, "rm -rf '%s'", dir);
	if (system(command) != 0)
		return 99;
	return check_done();
}
