/* sne-attrib: radiate demandes for attribution (RADATT), one from the
 * command line or a bailleur's batch file.
 *
 * The attributions are read and checked first; the RPLS reference is then
 * asked for just the numbers they name: through its index, one block of
 * logements per number, or else read from the start until they are all
 * found (see sne/rpls_index.h); then the register is
 * streamed: a demande with an attribution is checked against its state and
 * dates and radiated (its suivi spliced), every other record is copied as
 * it came in.  A dwelling the reference does not know must be described in
 * full (adresse, commune, type, surface, loyer, qpv); it is then written as
 * attributes of the attribution's logement element.  The rules are
 * sne/attribution.h's; this file reads the options and wires the streams. */
#include <getopt.h>

#include "sne/attribution.h"
#include "sne/cli.h"
#include "sne/count.h"
#include "sne/demande.h"
#include "sne/err.h"
#include "sne_programs.h"

static const char usage[] =
	"usage : sne-attrib --numero NU --rpls NUMERO --bailleur NOM --date-bail DATE\n"
	"                   [options] [REGISTRE...]\n"
	"        sne-attrib --attributions FICHIER [options] [REGISTRE...]\n"
	"Radie pour attribution (RADATT) les demandes actives attribuées par un\n"
	"bailleur (profil « bailleur » seulement).\n"
	"\n"
	"  -n, --numero NU             numéro unique de la demande\n"
	"      --rpls NUMERO           numéro RPLS du logement (10 caractères)\n"
	"      --bailleur NOM          bailleur qui attribue\n"
	"      --date-bail DATE        date de signature du bail\n"
	"      --date-cal DATE         date de la commission d'attribution\n"
	"      --contingent C          COLTER, COLACT, PPRIOR, PFONCT, AUTRES ou AUCUN\n"
	"      --accord-collectif A    ACD, ACI, AUCUN ou NONDOC\n"
	"      --dalo D                OUI, NON ou NONDOC\n"
	"  logement inconnu du référentiel RPLS, tous obligatoires :\n"
	"      --adresse TEXTE  --commune INSEE  --type T1..T8|T9P\n"
	"      --surface M2  --loyer EUROS  --qpv ZUSOUI|ZUSNON|ZUSNSP\n"
	"      --attributions FICHIER  lot CSV, une attribution par ligne ; colonnes\n"
	"                              nommées comme les options (numero;rpls;...)\n"
	"      --reference FICHIER     référentiel RPLS (défaut : clé « rpls »)\n"
	"  -d, --date DATE             date du jour (AAAA-MM-JJ ou JJ/MM/AAAA)\n"
	"  -g, --guichet CODE          code guichet qui agit\n"
	"  -i, --in-place REGISTRE     réécrire le registre sur place (verrouillé)\n"
	"      --wait                  attendre le verrou au lieu d'échouer (code 75)\n"
	"  -c, --config FICHIER        configuration YAML\n"
	"  -q, --quiet                 pas de bilan\n"
	"  -v, --verbose               nommer les demandes radiées\n"
	"      --progress              avancement sur le terminal\n"
	"  -h, --help                  cette aide ;   -V, --version  la version\n"
	"\n"
	"Codes de sortie : 0 fait ; 1 des attributions refusées ; 64 usage ;\n"
	"65 entrée invalide ; 66 entrée absente ; 74 E/S ; 75 registre verrouillé ;\n"
	"77 profil autre que bailleur ; 78 configuration.\n";

enum {
	OPT_FIELD = SNE_OPT_FIRST_PROGRAM, /* + enum sne_attribution_field */
	OPT_ATTRIBUTIONS = OPT_FIELD + SNE_ATTRIBUTION_NFIELDS,
	OPT_REFERENCE
};

static const struct option long_options[] = {
	SNE_CLI_LONG,
	{ "numero", required_argument, NULL, OPT_FIELD + SNE_ATTRIBUTION_NUMERO },
	{ "rpls", required_argument, NULL, OPT_FIELD + SNE_ATTRIBUTION_RPLS },
	{ "bailleur", required_argument, NULL, OPT_FIELD + SNE_ATTRIBUTION_BAILLEUR },
	{ "date-bail", required_argument, NULL, OPT_FIELD + SNE_ATTRIBUTION_DATE_BAIL },
	{ "date-cal", required_argument, NULL, OPT_FIELD + SNE_ATTRIBUTION_DATE_CAL },
	{ "contingent", required_argument, NULL, OPT_FIELD + SNE_ATTRIBUTION_CONTINGENT },
	{ "accord-collectif", required_argument, NULL, OPT_FIELD + SNE_ATTRIBUTION_ACCORD },
	{ "dalo", required_argument, NULL, OPT_FIELD + SNE_ATTRIBUTION_DALO },
	{ "adresse", required_argument, NULL, OPT_FIELD + SNE_ATTRIBUTION_ADRESSE },
	{ "commune", required_argument, NULL, OPT_FIELD + SNE_ATTRIBUTION_COMMUNE },
	{ "type", required_argument, NULL, OPT_FIELD + SNE_ATTRIBUTION_TYPE },
	{ "surface", required_argument, NULL, OPT_FIELD + SNE_ATTRIBUTION_SURFACE },
	{ "loyer", required_argument, NULL, OPT_FIELD + SNE_ATTRIBUTION_LOYER },
	{ "qpv", required_argument, NULL, OPT_FIELD + SNE_ATTRIBUTION_QPV },
	{ "attributions", required_argument, NULL, OPT_ATTRIBUTIONS },
	{ "reference", required_argument, NULL, OPT_REFERENCE },
	{ NULL, 0, NULL, 0 }
};

struct attrib {
	struct sne_cli cli;
	const char *given[SNE_ATTRIBUTION_NFIELDS]; /* command-line values */
	const char *batch_path;
	struct sne_attribution_lot lot;
	struct sne_output *out;
};

static void program_option(struct attrib *at, int opt, const char *arg)
{
	if (opt >= OPT_FIELD && opt < OPT_FIELD + SNE_ATTRIBUTION_NFIELDS)
		at->given[opt - OPT_FIELD] = arg;
	else if (opt == OPT_ATTRIBUTIONS)
		at->batch_path = arg;
	else if (opt == OPT_REFERENCE)
		at->lot.reference = arg;
	else
		sne_cli_usage_error("option inconnue");
}

static void add_from_command_line(struct attrib *at)
{
	char why[SNE_WHY_MAX];

	if (sne_attribution_lot_add(&at->lot, at->given, NULL, 0, why, sizeof why) != 0)
		sne_cli_usage_error("option --%s", why);
}

static void parse_args(struct attrib *at, int argc, char **argv)
{
	int opt, any_given = 0;

	sne_cli_init(&at->cli, argv[0], usage);
	while ((opt = sne_cli_getopt(argc, argv, SNE_CLI_SHORT "n:", long_options)) != -1) {
		if (opt == 'n')
			opt = OPT_FIELD + SNE_ATTRIBUTION_NUMERO;
		if (!sne_cli_common(&at->cli, opt, optarg))
			program_option(at, opt, optarg);
	}
	sne_cli_finish(&at->cli, argc, argv);
	sne_cli_refuse_portail(&at->cli);
	sne_cli_require_profil(&at->cli, SNE_PROFIL_BAILLEUR, "radier une demande pour attribution");
	for (int f = 0; f < SNE_ATTRIBUTION_NFIELDS; f++)
		any_given |= at->given[f] != NULL;
	if (at->batch_path != NULL && any_given)
		sne_cli_usage_error("--attributions exclut les options d'une attribution seule "
		                    "(--numero, --rpls...)");
	if (at->lot.reference == NULL)
		at->lot.reference = at->cli.config.rpls;
	at->lot.today = at->cli.date;
	at->lot.guichet = at->cli.guichet[0] ? at->cli.guichet : NULL;
	at->lot.verbose = at->cli.verbose;
	if (at->batch_path == NULL)
		add_from_command_line(at);
}

static int on_record(struct sne_record *record, void *ctx)
{
	struct attrib *at = ctx;
	struct sne_attribution *a = sne_attribution_lot_find(&at->lot, record);

	if (a != NULL && !a->matched)
		sne_attribution_lot_apply(&at->lot, a, record);
	return sne_record_emit(record, at->out);
}

static int on_tail(const char *bytes, size_t len, void *ctx)
{
	struct attrib *at = ctx;

	return sne_output_emit(at->out, bytes, len);
}

static int program(int argc, char **argv)
{
	static struct attrib at;
	struct sne_stream_spec spec = {
		.record_ns = SNE_NS_NUU,
		.envelope = &sne_envelope_interface, .record_name = SNE_DEMANDE_NAME,
		.fields = sne_attribution_register_fields,
		.nfields = SNE_ATTRIBUTION_REGISTER_NFIELDS,
		.on_record = on_record, .on_tail = on_tail, .ctx = &at,
	};
	int rc = 0;

	parse_args(&at, argc, argv);
	if (at.batch_path != NULL)
		rc = sne_attribution_lot_read(&at.lot, at.batch_path);
	if (rc < SNE_EX_USAGE) {
		sne_attribution_lot_index(&at.lot);
		rc = sne_exit_worst(rc, sne_attribution_lot_ask_reference(&at.lot));
	}
	if (rc < SNE_EX_USAGE)
		rc = sne_exit_worst(rc, sne_cli_run(&at.cli, &spec, &at.out));
	if (rc < SNE_EX_USAGE) {
		sne_attribution_lot_report_unmatched(&at.lot);
		sne_info("%s pour attribution, %s",
		         sne_count((unsigned long)at.lot.radiated, SNE_FEMININE, "demande radiée",
		                   "demandes radiées").text,
		         sne_count((unsigned long)at.lot.refused, SNE_FEMININE, "attribution refusée",
		                   "attributions refusées").text);
		if (at.lot.refused > 0)
			rc = sne_exit_worst(rc, SNE_EX_REFUSED);
	}
	sne_attribution_lot_free(&at.lot);
	sne_cli_free(&at.cli);
	return rc;
}

int sne_attrib_main(int argc, char **argv, FILE *err)
{
	return sne_cli_main(argc, argv, err, program);
}
