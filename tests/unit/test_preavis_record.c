/* Unit tests of lib/preavis_record.c: the events and envois of a record's
 * suivi, read with and without spans (text_only: the attributes of one
 * element are paired by sne_record_attribute_of() all the same), an
 * attribute missing on one element not taken from another, the latest
 * MAX kept, the events before SINCE left out, a renewal on the PGP noted
 * whatever its date. */
#include "buf.h"
#include "check.h"
#include "sne/demande.h"
#include "sne/err.h"
#include "sne/preavis_record.h"

#include <stdlib.h>
#include <string.h>

static char dir[] = "/tmp/sne-test-preavis-record-XXXXXX";

enum { F_EVT_TYPE, F_EVT_DATE, F_EVT_CANAL, F_ENVOI_TYPE, F_ENVOI_DATE, F_ENVOI_ANNIV, F_COUNT };
static const char *const fields[F_COUNT] = {
	[F_EVT_TYPE] = SNE_F_PREAVIS_EVT_TYPE,
	[F_EVT_DATE] = SNE_F_PREAVIS_EVT_DATE,
	[F_EVT_CANAL] = SNE_F_PREAVIS_EVT_CANAL,
	[F_ENVOI_TYPE] = SNE_F_PREAVIS_ENVOI_TYPE,
	[F_ENVOI_DATE] = SNE_F_PREAVIS_ENVOI_DATE,
	[F_ENVOI_ANNIV] = SNE_F_PREAVIS_ENVOI_ANNIVERSAIRE,
};
static const struct sne_preavis_fields preavis_fields = {
	F_EVT_TYPE, F_EVT_DATE, F_EVT_CANAL, F_ENVOI_TYPE, F_ENVOI_DATE, F_ENVOI_ANNIV
};

static const char doc[] =
	"<?xml version=\"1.0\"?>\n"
	"<n:interfaceNuu xmlns:n=\"" SNE_NS_NUU "\"><n:demande>"
	"<s:suivi xmlns:s=\"urn:sne:suivi:1\"><s:historique>"
	"<s:evenement date=\"2015-01-02\" type=\"renouvellement\" canal=\"pgp\"/>"
	"<s:evenement type=\"creation\" date=\"2017-03-01\"/>"
	"<s:evenement date=\"2017-03-05\" type=\"modification\"/>"
	"<s:evenement type=\"validation\"/>"
	"<s:evenement date=\"2017-03-22\" type=\"validation\" canal=\"guichet\"/>"
	"<s:evenement date=\"2018-03-01\" canal=\"guichet\" type=\"renouvellement\"/>"
	"</s:historique>"
	"<s:envoi type=\"preavis-2-mois\" date=\"2018-01-01\" anniversaire=\"2018-03-01\"/>"
	"<s:envoi type=\"attestation-enregistrement\" date=\"2017-03-23\"/>"
	"<s:envoi type=\"preavis-1-mois\" date=\"pas une date\" anniversaire=\"2018-03-01\"/>"
	"</s:suivi></n:demande></n:interfaceNuu>\n";

struct seen {
	struct sne_date since;
	size_t max;
	struct sne_preavis_evenement evenements[8];
	struct sne_preavis_envoi envois[8];
	char types[8][32];   /* the types of the envois, copied */
	size_t nevenements, nenvois;
	int en_ligne;
};

static int on_record(struct sne_record *record, void *ctx)
{
	struct seen *s = ctx;

	s->nevenements = sne_preavis_read_evenements(record, &preavis_fields, s->since,
	                                             s->evenements, s->max, &s->en_ligne);
	s->nenvois = sne_preavis_read_envois(record, &preavis_fields, s->envois, s->max);
	for (size_t i = 0; i < s->nenvois; i++)   /* the types live as long as the record */
		snprintf(s->types[i], sizeof s->types[i], "%s", s->envois[i].type);
	return 0;
}

static struct seen read_doc(int text_only, struct sne_date since, size_t max)
{
	struct seen s = { .since = since, .max = max };
	struct sne_stream_spec spec = {
		.record_ns = SNE_NS_NUU, .record_name = "demande", .fields = fields,
		.nfields = F_COUNT, .text_only = text_only, .on_record = on_record, .ctx = &s,
	};
	char path[300];

	snprintf(path, sizeof path, "%s/in.xml", dir);
	buf_save(path, doc);
	if (sne_stream_run_path(path, &spec, "ouverture impossible") != 0)
		abort();
	return s;
}

static int is_date(struct sne_date d, int y, int m, int day)
{
	return d.year == y && d.month == m && d.day == day;
}

static void test_read(int text_only)
{
	const char *mode = text_only ? "sans étendues" : "avec étendues";
	struct seen s = read_doc(text_only, (struct sne_date){ 2017, 1, 1 }, 8);

	/* 2015 renewal before SINCE; modification not an event of
	 * attestation; the validation without date left out */
	CHECK(s.nevenements == 3, "%s : trois événements (%zu)", mode, s.nevenements);
	CHECK(s.nevenements == 3 && is_date(s.evenements[0].date, 2017, 3, 1) &&
	      !s.evenements[0].renouvellement && is_date(s.evenements[1].date, 2017, 3, 22) &&
	      is_date(s.evenements[2].date, 2018, 3, 1) && s.evenements[2].renouvellement &&
	      !s.evenements[2].en_ligne,
	      "%s : la date de chaque événement est la sienne, quel que soit l'ordre des attributs",
	      mode);
	CHECK(s.en_ligne == 1, "%s : le renouvellement en ligne de 2015 est noté", mode);
	CHECK(s.nenvois == 2 && strcmp(s.types[0], "preavis-2-mois") == 0 &&
	      s.envois[0].has_anniversaire && is_date(s.envois[0].anniversaire, 2018, 3, 1) &&
	      strcmp(s.types[1], "attestation-enregistrement") == 0 &&
	      !s.envois[1].has_anniversaire && is_date(s.envois[1].date, 2017, 3, 23),
	      "%s : deux envois datés, l'attestation sans anniversaire (pas celui d'un autre)", mode);
}

static void test_latest(void)
{
	struct seen s = read_doc(1, (struct sne_date){ 0, 0, 0 }, 2);

	CHECK(s.nevenements == 2 && is_date(s.evenements[0].date, 2017, 3, 22) &&
	      is_date(s.evenements[1].date, 2018, 3, 1), "MAX 2 : les deux derniers événements");
	CHECK(s.nenvois == 2, "MAX 2 : deux envois");
	s = read_doc(1, (struct sne_date){ 0, 0, 0 }, 0);
	CHECK(s.nevenements == 0 && s.nenvois == 0 && s.en_ligne == 1,
	      "MAX 0 : rien de gardé, le renouvellement en ligne noté quand même");
}

int main(void)
{
	sne_err_init("test_preavis_record");
	sne_xml_silence();
	if (mkdtemp(dir) == NULL)
		return 2;
	test_read(0);
	test_read(1);
	test_latest();
	return check_done();
}
