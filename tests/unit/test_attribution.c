/* Radiation for attribution (lib/attribution.c): amounts normalized, each
 * enumerated field refused with the list it expects, dates (29 February,
 * impossible days), numéros, mandatory fields, the dwelling fields missing
 * for a number the reference does not know, a batch CSV, the match against
 * a small RPLS reference, and the radiation of the demandes of a small
 * register with the refusals of the register's rules. */
#include "buf.h"
#include "capture.h"
#include "check.h"
#include "sne/attribution.h"
#include "sne/err.h"
#include "sne/io.h"
#include "sne/rpls_index.h"
#include "sne/stream.h"

#include <stdlib.h>
#include <string.h>

static char dir[] = "/tmp/sne-test-attribution-XXXXXX";

static const char *path_in_dir(const char *name)
{
	static char path[2][300];
	static int turn;

	turn = !turn;
	snprintf(path[turn], sizeof path[turn], "%s/%s", dir, name);
	return path[turn];
}

/* The values of a valid attribution, one field then changed. */
struct values {
	const char *v[SNE_ATTRIBUTION_NFIELDS];
};

static struct values valid(void)
{
	struct values values = { { NULL } };

	values.v[SNE_ATTRIBUTION_NUMERO] = "0740317000123G0417";
	values.v[SNE_ATTRIBUTION_RPLS] = "74A0001234";
	values.v[SNE_ATTRIBUTION_BAILLEUR] = "Haute-Savoie Habitat";
	values.v[SNE_ATTRIBUTION_DATE_BAIL] = "02/05/2017";
	return values;
}

/* Parses VALUES with FIELD set to VALUE; the reason in WHY. */
static int parse_with(struct sne_attribution *a, int field, const char *value, char *why)
{
	struct values values = valid();

	values.v[field] = value;
	why[0] = '\0';
	return sne_attribution_parse(a, values.v, why, SNE_WHY_MAX);
}

static void test_amounts(void)
{
	static const struct {
		const char *text, *normalized;
	} accepted[] = {
		{ "420,50", "420.50" }, { "420.5", "420.5" }, { "65", "65" }, { "0,01", "0.01" },
		{ "123456", "123456" }, { "007", "007" },
	};
	static const char *const refused[] = {
		"0", "0,00", "1234567", "65,555", "65,", ",5", "", "6 5", "-5", "+5", "65.5.5", "1e3",
		"65,5a",
	};
	struct sne_attribution a;
	char text[32], why[SNE_WHY_MAX];

	for (size_t i = 0; i < sizeof accepted / sizeof accepted[0]; i++) {
		snprintf(text, sizeof text, "%s", accepted[i].text);
		CHECK(sne_attribution_normalize_amount(text) == 0, "montant « %s » accepté",
		      accepted[i].text);
		CHECK_STR(text, accepted[i].normalized, "montant « %s » normalisé", accepted[i].text);
	}
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		snprintf(text, sizeof text, "%s", refused[i]);
		CHECK(sne_attribution_normalize_amount(text) == SNE_EX_DATAERR,
		      "montant « %s » refusé", refused[i]);
	}
	CHECK(parse_with(&a, SNE_ATTRIBUTION_LOYER, " 412,30 ", why) == 0, "loyer 412,30 (%s)", why);
	CHECK_STR(a.values[SNE_ATTRIBUTION_LOYER], "412.30", "loyer gardé avec un point");
	CHECK(parse_with(&a, SNE_ATTRIBUTION_SURFACE, "65,555", why) == SNE_EX_DATAERR,
	      "surface à trois décimales refusée");
	CHECK_STR(why, "surface « 65.555 » invalide (attendu un nombre positif, par exemple 65,5)",
	          "la surface refusée est dite telle que normalisée");
	parse_with(&a, SNE_ATTRIBUTION_LOYER, "0", why);
	CHECK_STR(why, "loyer « 0 » invalide (attendu un nombre positif, par exemple 65,5)",
	          "loyer nul refusé");
}

static void test_enumerated(void)
{
	static const struct {
		int field;
		const char *good, *normalized, *bad, *why;
	} cases[] = {
		{ SNE_ATTRIBUTION_CONTINGENT, "pfonct", "PFONCT", "XXX",
		  "contingent « XXX » invalide (attendu COLTER, COLACT, PPRIOR, PFONCT, AUTRES ou AUCUN)" },
		{ SNE_ATTRIBUTION_ACCORD, "NONDOC", "NONDOC", "ACX",
		  "accord-collectif « ACX » invalide (attendu ACD, ACI, AUCUN ou NONDOC)" },
		{ SNE_ATTRIBUTION_DALO, " oui ", "OUI", "peut-etre",
		  "dalo « PEUT-ETRE » invalide (attendu OUI, NON ou NONDOC)" },
		{ SNE_ATTRIBUTION_TYPE, "t9p", "T9P", "T9",
		  "type « T9 » invalide (attendu T1 à T8 ou T9P)" },
		{ SNE_ATTRIBUTION_QPV, "ZUSNSP", "ZUSNSP", "ZUS",
		  "qpv « ZUS » invalide (attendu ZUSOUI, ZUSNON ou ZUSNSP)" },
		{ SNE_ATTRIBUTION_RPLS, "74a0001234", "74A0001234", "74A000123",
		  "rpls « 74A000123 » invalide (attendu 10 caractères 0-9 A-Z)" },
	};
	struct sne_attribution a;
	char why[SNE_WHY_MAX];

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *name = sne_attribution_field_names[cases[i].field];
		CHECK(parse_with(&a, cases[i].field, cases[i].good, why) == 0, "%s « %s » accepté (%s)",
		      name, cases[i].good, why);
		CHECK_STR(a.values[cases[i].field], cases[i].normalized, "%s en majuscules", name);
		CHECK(parse_with(&a, cases[i].field, cases[i].bad, why) == SNE_EX_DATAERR,
		      "%s « %s » refusé", name, cases[i].bad);
		CHECK_STR(why, cases[i].why, "%s : la liste attendue est dite", name);
	}
	CHECK(parse_with(&a, SNE_ATTRIBUTION_COMMUNE, "74000", why) == SNE_EX_DATAERR,
	      "commune 74000 (un code postal) refusée");
	CHECK_STR(why, "code commune « 74000 » inconnu : aucune commune n'a le numéro 000 (code "
	          "postal au lieu du code INSEE ?)", "la raison de la commune est celle du territoire");
	CHECK(parse_with(&a, SNE_ATTRIBUTION_COMMUNE, "2a004", why) == 0, "commune 2a004 acceptée");
	CHECK_STR(a.values[SNE_ATTRIBUTION_COMMUNE], "2A004", "commune en majuscules");
}

static void test_dates(void)
{
	struct sne_attribution a;
	char why[SNE_WHY_MAX];

	CHECK(parse_with(&a, SNE_ATTRIBUTION_DATE_BAIL, "29/02/2024", why) == 0,
	      "bail le 29 février d'une année bissextile (%s)", why);
	CHECK_STR(a.values[SNE_ATTRIBUTION_DATE_BAIL], "2024-02-29", "date de bail mise en ISO");
	CHECK(a.date_bail.year == 2024 && a.date_bail.month == 2 && a.date_bail.day == 29,
	      "date de bail gardée lue");
	CHECK(parse_with(&a, SNE_ATTRIBUTION_DATE_BAIL, "29/02/2023", why) == SNE_EX_DATAERR,
	      "29 février 2023 refusé");
	CHECK_STR(why, "date-bail : « 29/02/2023 » : date inexistante ; format attendu AAAA-MM-JJ "
	          "ou JJ/MM/AAAA", "la raison nomme date-bail");
	CHECK(parse_with(&a, SNE_ATTRIBUTION_DATE_BAIL, "2017-13-01", why) == SNE_EX_DATAERR,
	      "mois 13 refusé (%s)", why);
	CHECK(parse_with(&a, SNE_ATTRIBUTION_DATE_CAL, "31/04/2017", why) == SNE_EX_DATAERR,
	      "31 avril refusé");
	CHECK(strncmp(why, "date-cal : ", 11) == 0, "la raison nomme date-cal (%s)", why);
	CHECK(parse_with(&a, SNE_ATTRIBUTION_DATE_CAL, "2017-04-25", why) == 0 &&
	      strcmp(a.values[SNE_ATTRIBUTION_DATE_CAL], "2017-04-25") == 0, "date-cal ISO acceptée");
	CHECK(a.date_bail.year == 2017 && a.date_bail.month == 5 && a.date_bail.day == 2,
	      "date-cal ne change pas la date de bail");
}

static void test_numero(void)
{
	struct sne_attribution a;
	char why[SNE_WHY_MAX];

	CHECK(parse_with(&a, SNE_ATTRIBUTION_NUMERO, " 074-03-17-000123-g0417 ", why) == 0,
	      "numéro avec tirets et minuscules accepté (%s)", why);
	CHECK_STR(a.values[SNE_ATTRIBUTION_NUMERO], "0740317000123G0417", "numéro canonique");
	CHECK(parse_with(&a, SNE_ATTRIBUTION_NUMERO, "0741317000123G0417", why) == SNE_EX_DATAERR,
	      "numéro au mois 13 refusé");
	CHECK_STR(why, "numero « 0741317000123G0417 » invalide : mois « 13 » invalide (attendu 01 "
	          "à 12)", "la raison dit le numéro et le segment");
	CHECK(parse_with(&a, SNE_ATTRIBUTION_NUMERO, "074", why) == SNE_EX_DATAERR,
	      "numéro trop court refusé (%s)", why);
}

static void test_mandatory(void)
{
	static const int mandatory[] = { SNE_ATTRIBUTION_NUMERO, SNE_ATTRIBUTION_RPLS,
		                         SNE_ATTRIBUTION_BAILLEUR, SNE_ATTRIBUTION_DATE_BAIL };
	struct sne_attribution a;
	struct values values = valid();
	char why[SNE_WHY_MAX], want[64], longest[SNE_ATTRIBUTION_TEXT_MAX + 1];

	CHECK(sne_attribution_parse(&a, values.v, why, sizeof why) == 0, "attribution minimale (%s)",
	      why);
	CHECK_STR(a.values[SNE_ATTRIBUTION_BAILLEUR], "Haute-Savoie Habitat",
	          "le bailleur garde sa casse");
	CHECK(a.source == NULL && a.line == 0 && !a.matched && !a.rpls_known, "ni source ni ligne");
	for (size_t i = 0; i < sizeof mandatory / sizeof mandatory[0]; i++) {
		const char *name = sne_attribution_field_names[mandatory[i]];
		snprintf(want, sizeof want, "%s manquant", name);
		CHECK(parse_with(&a, mandatory[i], " \t ", why) == SNE_EX_DATAERR, "%s blanc refusé",
		      name);
		CHECK_STR(why, want, "%s manquant dit", name);
	}
	values.v[SNE_ATTRIBUTION_RPLS] = NULL;
	values.v[SNE_ATTRIBUTION_DATE_BAIL] = NULL;
	sne_attribution_parse(&a, values.v, why, sizeof why);
	CHECK_STR(why, "rpls manquant", "le premier champ manquant est dit");
	memset(longest, 'a', sizeof longest - 1);
	longest[sizeof longest - 1] = '\0';
	CHECK(parse_with(&a, SNE_ATTRIBUTION_ADRESSE, longest, why) == SNE_EX_DATAERR,
	      "adresse de 256 caractères refusée");
	CHECK_STR(why, "adresse trop long (255 caractères au plus)", "trop long dit");
	longest[sizeof longest - 2] = '\0';
	CHECK(parse_with(&a, SNE_ATTRIBUTION_ADRESSE, longest, why) == 0 &&
	      strcmp(a.values[SNE_ATTRIBUTION_ADRESSE], longest) == 0,
	      "adresse de 255 caractères gardée telle quelle");
}

static void test_missing_dwelling(void)
{
	struct sne_attribution a;
	struct values values = valid();
	char why[SNE_WHY_MAX];

	sne_attribution_parse(&a, values.v, why, sizeof why);
	a.source = "lot.csv";
	CHECK(sne_attribution_list_missing(&a, why, sizeof why) == 6, "six champs du logement manquent");
	CHECK_STR(why, "adresse, commune, type, surface, loyer et qpv", "lot : noms des colonnes");
	a.source = NULL;
	sne_attribution_list_missing(&a, why, sizeof why);
	CHECK_STR(why, "--adresse, --commune, --type, --surface, --loyer et --qpv",
	          "ligne de commande : noms des options");
	values.v[SNE_ATTRIBUTION_ADRESSE] = "3 rue du Lac";
	values.v[SNE_ATTRIBUTION_COMMUNE] = "74010";
	values.v[SNE_ATTRIBUTION_TYPE] = "T3";
	values.v[SNE_ATTRIBUTION_QPV] = "ZUSNON";
	sne_attribution_parse(&a, values.v, why, sizeof why);
	CHECK(sne_attribution_list_missing(&a, why, sizeof why) == 2, "deux manquent");
	CHECK_STR(why, "--surface et --loyer", "deux : « et » seul");
	values.v[SNE_ATTRIBUTION_SURFACE] = "65,5";
	sne_attribution_parse(&a, values.v, why, sizeof why);
	CHECK(sne_attribution_list_missing(&a, why, sizeof why) == 1, "un manque");
	CHECK_STR(why, "--loyer", "un : son nom seul");
	values.v[SNE_ATTRIBUTION_LOYER] = "412,30";
	sne_attribution_parse(&a, values.v, why, sizeof why);
	CHECK(sne_attribution_list_missing(&a, why, sizeof why) == 0 && why[0] == '\0',
	      "logement décrit en entier : rien ne manque");
}

static const char batch_header[] =
	"numero;rpls;bailleur;date-bail;date-cal;contingent;accord-collectif;dalo;adresse;commune;"
	"type;surface;loyer;qpv\n";

static void test_batch(void)
{
	struct sne_attribution_lot lot = { 0 };
	struct buf csv = { 0 };
	const char *batch = path_in_dir("lot.csv"), *said;
	char want[600];
	int rc;

	buf_str(&csv, batch_header);
	buf_str(&csv, "0740317000123G0417;74A0001234;HSH;02/05/2017;;;;;;;;;;\n");
	buf_str(&csv, "0740317000124G0417;74B0009999;HSH;2017-05-03;;;;;\"3 rue du Lac; bât. B\";"
	              "74010;T3;65,5;412,30;ZUSNON\n");
	buf_str(&csv, "0740317000127G0417;74A0001235;HSH;2017-05-04;;XXX;;;;;;;;\n");
	buf_str(&csv, "0740317000123G0417;74A0001235;HSH;2017-05-04;;;;;;;;;;\n");
	buf_save(batch, csv.data);
	capture_start();
	rc = sne_attribution_lot_read(&lot, batch);
	said = capture_end();
	CHECK(rc == 0, "lot lu (rc %d)", rc);
	CHECK(lot.count == 3 && lot.refused == 1, "trois attributions, une refusée (%zu, %ld)",
	      lot.count, lot.refused);
	snprintf(want, sizeof want, "test_attribution: %s:4: attribution refusée : contingent « XXX » "
	         "invalide (attendu COLTER, COLACT, PPRIOR, PFONCT, AUTRES ou AUCUN)", batch);
	CHECK_STR(said, want, "la ligne refusée est dite avec sa raison");
	CHECK(lot.count == 3 && lot.attributions[1].source == batch && lot.attributions[1].line == 3,
	      "chaque attribution garde son fichier et sa ligne");
	CHECK(lot.count == 3 && strcmp(lot.attributions[1].values[SNE_ATTRIBUTION_ADRESSE],
	                               "3 rue du Lac; bât. B") == 0, "adresse entre guillemets");
	capture_start();
	sne_attribution_lot_index(&lot);
	said = capture_end();
	CHECK(lot.refused == 2, "le doublon de numéro est refusé");
	snprintf(want, sizeof want, "test_attribution: %s:5: demande 0740317000123G0417 : attribution "
	         "refusée : une autre attribution du lot vise déjà cette demande", batch);
	CHECK_STR(said, want, "le doublon est dit");
	CHECK(lot.count == 3 && lot.attributions[2].matched, "le doublon n'est pas dit introuvable");
	sne_attribution_lot_free(&lot);

	csv.len = 0;
	buf_str(&csv, "numero;rpls;bailleur\n0740317000123G0417;74A0001234;HSH\n");
	buf_save(batch, csv.data);
	capture_start();
	rc = sne_attribution_lot_read(&lot, batch);
	said = capture_end();
	CHECK(rc == SNE_EX_DATAERR && lot.count == 0, "en-tête sans date-bail : 65 (rc %d)", rc);
	snprintf(want, sizeof want, "test_attribution: %s:1: colonne « date-bail » absente de "
	         "l'en-tête", batch);
	CHECK_STR(said, want, "la colonne absente est dite");
	sne_attribution_lot_free(&lot);

	capture_start();
	rc = sne_attribution_lot_read(&lot, path_in_dir("absent.csv"));
	said = capture_end();
	CHECK(rc == SNE_EX_NOINPUT && strstr(said, "absent.csv: ouverture impossible : ") != NULL,
	      "lot absent : 66 (%s)", said);
	sne_attribution_lot_free(&lot);
	free(csv.data);
}

static const char reference_text[] =
	"<?xml version=\"1.0\"?>\n<r:logements xmlns:r=\"urn:sne:rpls:1\">\n"
	"  <r:logement rpls=\"74A0001234\"><r:commune>74010</r:commune><r:pieces>3</r:pieces>"
	"<r:surface>65.5</r:surface><r:miseEnService>2017-01-15</r:miseEnService></r:logement>\n"
	"  <r:logement rpls=\"74A0001235\"><r:commune>74010</r:commune><r:pieces>2</r:pieces>"
	"<r:surface>48</r:surface><r:miseEnService>2017-02-20</r:miseEnService></r:logement>\n"
	"  <r:logement rpls=\"74A0001236\"><r:commune>74010</r:commune><r:pieces>2</r:pieces>"
	"<r:surface>48</r:surface><r:miseEnService>2017-02-20</r:miseEnService></r:logement>\n"
	"</r:logements>\n";

/* A lot of the command line's kind: one attribution a numéro and RPLS
 * number, with the dwelling described when DESCRIBED. */
static void add(struct sne_attribution_lot *lot, const char *numero, const char *rpls,
                const char *date_bail, int described)
{
	struct values values = valid();
	char why[SNE_WHY_MAX];

	values.v[SNE_ATTRIBUTION_NUMERO] = numero;
	values.v[SNE_ATTRIBUTION_RPLS] = rpls;
	values.v[SNE_ATTRIBUTION_DATE_BAIL] = date_bail;
	if (described) {
		values.v[SNE_ATTRIBUTION_ADRESSE] = "3 rue du Lac";
		values.v[SNE_ATTRIBUTION_COMMUNE] = "74010";
		values.v[SNE_ATTRIBUTION_TYPE] = "T3";
		values.v[SNE_ATTRIBUTION_SURFACE] = "65,5";
		values.v[SNE_ATTRIBUTION_LOYER] = "412,30";
		values.v[SNE_ATTRIBUTION_QPV] = "ZUSNON";
	}
	if (sne_attribution_lot_add(lot, values.v, NULL, 0, why, sizeof why) != 0)
		printf("# %s\n", why), abort();
}

/* Writes the index of the reference at PATH (text REFERENCE_TEXT), as
 * sne-rpls-load does. */
static void write_index(const char *path)
{
	struct sne_rpls_index_builder *builder = sne_rpls_index_builder_new();
	const char *start = reference_text;
	struct sne_file_id id;
	char why[SNE_WHY_MAX];

	while ((start = strstr(start, "<r:logement ")) != NULL) {
		const char *end = strstr(start, "</r:logement>") + strlen("</r:logement>");
		char rpls[SNE_RPLS_SIZE];

		snprintf(rpls, sizeof rpls, "%.10s", start + strlen("<r:logement rpls=\""));
		sne_rpls_index_builder_add(builder, rpls, (unsigned long long)(start - reference_text),
		                           (unsigned long long)(end - reference_text));
		start = end;
	}
	if (sne_file_id_of_path(path, &id) != 0 ||
	    sne_rpls_index_write(builder, path, &id, strlen(reference_text), why, sizeof why) != 0)
		printf("# %s\n", why), abort();
	sne_rpls_index_builder_free(builder);
}

static void test_reference(void)
{
	struct sne_attribution_lot lot = { 0 };
	const char *said;
	char want[600];
	int rc;

	buf_save(path_in_dir("rpls.xml"), reference_text);
	lot.reference = path_in_dir("rpls.xml");
	lot.verbose = 1;
	add(&lot, "0740317000123G0417", "74A0001234", "2017-05-02", 0);
	add(&lot, "0740317000124G0417", "74B0009999", "2017-05-02", 1);
	add(&lot, "0740317000125G0417", "74A0001236", "2017-05-02", 0);
	sne_attribution_lot_index(&lot);
	capture_start();
	rc = sne_attribution_lot_ask_reference(&lot);
	said = capture_end();
	CHECK(rc == 0, "référentiel lu (rc %d)", rc);
	snprintf(want, sizeof want, "test_attribution: %s: ", lot.reference);
	CHECK(strncmp(said, want, strlen(want)) == 0 &&
	      strstr(said, " ; lecture complète du référentiel") != NULL,
	      "sans index : lecture complète, dite avec -v (%s)", said);
	CHECK(lot.attributions[0].rpls_known, "74A0001234 connu du référentiel");
	CHECK(!lot.attributions[1].rpls_known, "74B0009999 inconnu du référentiel");
	CHECK(lot.attributions[2].rpls_known, "74A0001236, le dernier logement, connu");
	CHECK(lot.rpls_found == 2, "deux numéros trouvés (%zu)", lot.rpls_found);
	sne_attribution_lot_free(&lot);

	write_index(path_in_dir("rpls.xml"));
	lot = (struct sne_attribution_lot){ .reference = path_in_dir("rpls.xml"), .verbose = 1 };
	add(&lot, "0740317000123G0417", "74A0001234", "2017-05-02", 0);
	add(&lot, "0740317000124G0417", "74B0009999", "2017-05-02", 1);
	sne_attribution_lot_index(&lot);
	capture_start();
	rc = sne_attribution_lot_ask_reference(&lot);
	snprintf(want, sizeof want, "test_attribution: %s: index « %s.idx » utilisé : 1 bloc lu "
	         "(de 1024 logements au plus)", lot.reference, lot.reference);
	CHECK_STR(capture_end(), want, "par l'index : un bloc lu, dit avec -v");
	CHECK(rc == 0 && lot.attributions[0].rpls_known && !lot.attributions[1].rpls_known,
	      "par l'index : le connu et l'inconnu");
	sne_attribution_lot_free(&lot);

	lot = (struct sne_attribution_lot){ .reference = path_in_dir("absent.xml") };
	add(&lot, "0740317000123G0417", "74A0001234", "2017-05-02", 0);
	sne_attribution_lot_index(&lot);
	capture_start();
	rc = sne_attribution_lot_ask_reference(&lot);
	capture_end();
	CHECK(rc != 0 && !lot.attributions[0].rpls_known, "référentiel absent : erreur (rc %d)", rc);
	sne_attribution_lot_free(&lot);

	lot = (struct sne_attribution_lot){ 0 };
	add(&lot, "0740317000123G0417", "74A0001234", "2017-05-02", 0);
	sne_attribution_lot_index(&lot);
	CHECK(sne_attribution_lot_ask_reference(&lot) == 0 && !lot.attributions[0].rpls_known,
	      "sans référentiel : aucun numéro connu");
	sne_attribution_lot_free(&lot);
}

/* ------------------------------------------------------------------ */
/* the register */

struct run {
	struct sne_attribution_lot *lot;
	struct sne_output *out;
};

static int on_record(struct sne_record *record, void *ctx)
{
	struct run *run = ctx;
	struct sne_attribution *a = sne_attribution_lot_find(run->lot, record);

	if (a != NULL && !a->matched)
		sne_attribution_lot_apply(run->lot, a, record);
	return sne_record_write(record, run->out) == 0 ? 0 : SNE_EX_IOERR;
}

static int on_tail(const char *bytes, size_t len, void *ctx)
{
	return sne_output_write(((struct run *)ctx)->out, bytes, len) == 0 ? 0 : SNE_EX_IOERR;
}

static void demande(struct buf *doc, const char *numero, const char *depot, const char *etat)
{
	buf_printf(doc, "<n:demande><n:demandeLogement><n:numUnique>%s</n:numUnique>"
	           "<n:dateCreationDemande>%s</n:dateCreationDemande></n:demandeLogement>"
	           "<s:suivi><s:etat>%s</s:etat></s:suivi></n:demande>\n", numero, depot, etat);
}

/* The register after the lot's attributions; what was said in SAID. */
static char *radiated(struct sne_attribution_lot *lot, char *said, size_t said_size)
{
	struct run run = { lot, NULL };
	struct sne_stream_spec spec = {
		.record_ns = SNE_NS_NUU, .record_name = "demande",
		.fields = sne_attribution_register_fields,
		.nfields = SNE_ATTRIBUTION_REGISTER_NFIELDS,
		.on_record = on_record, .on_tail = on_tail, .ctx = &run,
	};
	struct buf doc = { 0 }, got = { 0 };
	const char *in = path_in_dir("registre.xml"), *out = path_in_dir("sortie.xml");

	buf_str(&doc, "<n:interfaceNuu xmlns:n=\"" SNE_NS_NUU "\" xmlns:s=\"" SNE_NS_SUIVI "\">\n");
	demande(&doc, "0740317000123G0417", "2017-03-05", "active");
	demande(&doc, "074-03-17-000124-G0417", "2017-03-06", "active");
	demande(&doc, "0740317000125G0417", "2017-03-06", "radiee");
	demande(&doc, "0740317000126G0417", "2017-05-10", "active");
	demande(&doc, "0740317000127G0417", "2017-03-06", "active");
	demande(&doc, "0740317000128G0417", "2017-03-06", "active");
	buf_str(&doc, "</n:interfaceNuu>\n");
	buf_save(in, doc.data);
	run.out = sne_output_create(out);
	capture_start();
	if (sne_stream_run_path(in, &spec, "ouverture impossible") != 0)
		abort();
	snprintf(said, said_size, "%s", capture_end());
	sne_output_close(run.out);
	buf_load(&got, out);
	free(doc.data);
	return got.data;
}

static void test_register(void)
{
	struct sne_attribution_lot lot = { .today = { 2017, 5, 20 }, .guichet = "G0417" };
	char said[4096], *got, *second;

	add(&lot, "0740317000123G0417", "74A0001234", "2017-05-02", 0); /* radiated */
	add(&lot, "0740317000124G0417", "74B0009999", "2017-05-03", 1); /* described: radiated */
	add(&lot, "0740317000125G0417", "74A0001235", "2017-05-03", 0); /* not active */
	add(&lot, "0740317000126G0417", "74A0001235", "2017-05-03", 0); /* bail before dépôt */
	add(&lot, "0740317000127G0417", "74A0001235", "2017-05-21", 0); /* bail in the future */
	add(&lot, "0740317000128G0417", "74C0000001", "2017-05-03", 0); /* unknown, not described */
	add(&lot, "0740317000999G0417", "74A0001235", "2017-05-03", 0); /* not in the register */
	sne_attribution_lot_index(&lot);
	for (size_t i = 0; i < lot.count; i++)
		lot.attributions[i].rpls_known = i != 1 && i != 5;
	got = radiated(&lot, said, sizeof said);
	CHECK(lot.radiated == 2 && lot.refused == 4, "deux radiées, quatre refusées (%ld, %ld)",
	      lot.radiated, lot.refused);
	second = got ? strstr(got, "000124") : NULL;
	CHECK(got != NULL && strstr(got, "<s:etat>radiee</s:etat>") != NULL &&
	      strstr(got, "motif=\"RADATT\"") != NULL && strstr(got, "date=\"2017-05-02\"") != NULL,
	      "radiation RADATT datée du bail");
	CHECK(got != NULL && strstr(got, "bailleur=\"Haute-Savoie Habitat\"") != NULL &&
	      strstr(got, "rpls=\"74A0001234\"/>") != NULL,
	      "logement connu : son seul numéro RPLS");
	CHECK(second != NULL && strstr(second, "rpls=\"74B0009999\" adresse=\"3 rue du Lac\" "
	                               "commune=\"74010\" type=\"T3\" surface=\"65.5\" "
	                               "loyer=\"412.30\" qpv=\"ZUSNON\"") != NULL,
	      "logement inconnu : décrit en attributs, numéro du registre non canonique trouvé");
	CHECK(strstr(said, "demande 0740317000125G0417 : demande à l'état « radiee » : seule une "
	             "demande active peut être radiée pour attribution") != NULL,
	      "demande non active refusée");
	CHECK(strstr(said, "demande 0740317000126G0417 : date de bail du 3 mai 2017 antérieure à la "
	             "date de dépôt du 10 mai 2017 ; vérifiez la date de bail") != NULL,
	      "bail avant le dépôt refusé");
	CHECK(strstr(said, "demande 0740317000127G0417 : date de bail du 21 mai 2017 dans le futur "
	             "(aujourd'hui 20 mai 2017) ; vérifiez la date de bail") != NULL,
	      "bail dans le futur refusé");
	CHECK(strstr(said, "demande 0740317000128G0417 : numéro RPLS 74C0000001 inconnu du "
	             "registre RPLS ; renseignez --adresse, --commune, --type, --surface, --loyer "
	             "et --qpv") != NULL, "logement inconnu non décrit refusé");
	capture_start();
	sne_attribution_lot_report_unmatched(&lot);
	CHECK_STR(capture_end(), "test_attribution: demande 0740317000999G0417 : introuvable dans le "
	          "registre : attribution non enregistrée ; vérifiez le numéro unique",
	          "l'attribution sans demande est dite introuvable");
	CHECK(lot.refused == 5, "et comptée refusée");
	free(got);
	sne_attribution_lot_free(&lot);
}

int main(void)
{
	char command[400];

	sne_err_init("test_attribution");
	if (mkdtemp(dir) == NULL)
		return 99;
	sne_xml_silence();
	test_amounts();
	test_enumerated();
	test_dates();
	test_numero();
	test_mandatory();
	test_missing_dwelling();
	test_batch();
	test_reference();
	test_register();
	snprintf(command, sizeof command, "rm -rf '%s'", dir);
	if (system(command) != 0)
		return 99;
	return check_done();
}
