/* sne-fix: the gestionnaire territorial's corrections (profile
 * gestionnaire only): identity, date de dépôt, reactivation whatever the
 * motif, the listing of suspected doublons and the merge of a pair.
 *
 * Every correction carries --motif and the login of the person running
 * the program, in an evenement; one that changes nothing says so and
 * writes nothing.  Records not concerned pass through byte for byte. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fix.h"
#include "sne/count.h"
#include "sne/cli.h"
#include "sne/correction.h"
#include "sne/demande.h"
#include "sne/doublon.h"
#include "sne/err.h"
#include "sne/fusion.h"
#include "sne/operateur.h"
#include "sne/selection.h"
#include "sne_programs.h"

static const char usage[] =
	"usage : sne-fix -n NUMERO --motif TEXTE CORRECTION [options] [REGISTRE]\n"
	"        sne-fix --fusionner GARDE RADIEE --motif TEXTE -i REGISTRE [options]\n"
	"        sne-fix --doublons REGISTRE [--format xml|tsv]\n"
	"Corrections du gestionnaire territorial (profil gestionnaire) : identité,\n"
	"date de dépôt, réactivation, doublons.  Chaque correction est inscrite dans\n"
	"l'historique avec le motif et l'identifiant de connexion de l'opérateur ; une\n"
	"correction déjà faite ne change rien et le dit.\n"
	"\n"
	"  -n, --numero NU       corriger la demande NU (répétable)\n"
	"      --numeros FICHIER corriger les numéros du fichier, un par ligne\n"
	"      --motif TEXTE     raison de la correction (obligatoire)\n"
	"Corrections (une sorte par appel) :\n"
	"      --civilite CODE   civilité du demandeur (1 monsieur, 2 madame)\n"
	"      --nom TEXTE       nom du demandeur\n"
	"      --prenom TEXTE    prénom du demandeur\n"
	"      --date-naissance DATE  date de naissance du demandeur\n"
	"      --cotitulaire     corriger l'identité du cotitulaire, pas du demandeur\n"
	"      --doublon-accepte accepter une identité déjà prise ; la nouvelle\n"
	"                        identité est celle d'une autre demande du territoire\n"
	"      --date-depot DATE corriger la date de dépôt (l'ancienneté) ; le numéro\n"
	"                        ne change pas\n"
	"      --reactiver       réactiver une demande radiée, quel que soit le motif\n"
	"      --prochain DATE   (--reactiver) prochain renouvellement ; défaut : dans\n"
	"                        un an\n"
	"      --fusionner GARDE RADIEE  fusionner deux doublons ; GARDE prend la date\n"
	"                        de dépôt la plus ancienne, RADIEE est radiée\n"
	"                        (motif fusion)\n"
	"      --doublons REGISTRE  lister les doublons suspectés du registre\n"
	"      --format FORMAT   (--doublons) xml (défaut) ou tsv\n"
	"Communes :\n"
	"  -d, --date DATE       date du jour (AAAA-MM-JJ ou JJ/MM/AAAA)\n"
	"  -g, --guichet CODE    code guichet inscrit dans l'historique (facultatif)\n"
	"  -i, --in-place REGISTRE  réécrire le registre sur place (verrouillé)\n"
	"      --wait            attendre le verrou au lieu d'échouer (code 75)\n"
	"  -c, --config FICHIER  configuration YAML\n"
	"  -q, --quiet           pas de bilan ;  -v, --verbose  détailler\n"
	"      --progress        avancement sur le terminal\n"
	"  -h, --help            cette aide ;   -V, --version  la version\n"
	"\n"
	"Codes de sortie : 0 fait (ou rien à changer) ; 1 des demandes refusées ou\n"
	"absentes ; 64 usage ; 65 entrée invalide ; 66 entrée absente ; 74 E/S ;\n"
	"75 registre verrouillé ; 77 profil autre que gestionnaire ; 78 configuration.\n";

enum {
	OPT_NUMEROS = SNE_OPT_FIRST_PROGRAM,
	OPT_MOTIF,
	OPT_CIVILITE,
	OPT_NOM,
	OPT_PRENOM,
	OPT_NAISSANCE,
	OPT_COTITULAIRE,
	OPT_DOUBLON_ACCEPTE,
	OPT_DATE_DEPOT,
	OPT_REACTIVER,
	OPT_PROCHAIN,
	OPT_FUSIONNER,
	OPT_DOUBLONS,
	OPT_FORMAT
};

static const struct option long_options[] = {
	SNE_CLI_LONG,
	{ "numero", required_argument, NULL, 'n' },
	{ "numeros", required_argument, NULL, OPT_NUMEROS },
	{ "motif", required_argument, NULL, OPT_MOTIF },
	{ "civilite", required_argument, NULL, OPT_CIVILITE },
	{ "nom", required_argument, NULL, OPT_NOM },
	{ "prenom", required_argument, NULL, OPT_PRENOM },
	{ "date-naissance", required_argument, NULL, OPT_NAISSANCE },
	{ "cotitulaire", no_argument, NULL, OPT_COTITULAIRE },
	{ "doublon-accepte", no_argument, NULL, OPT_DOUBLON_ACCEPTE },
	{ "date-depot", required_argument, NULL, OPT_DATE_DEPOT },
	{ "reactiver", no_argument, NULL, OPT_REACTIVER },
	{ "prochain", required_argument, NULL, OPT_PROCHAIN },
	{ "fusionner", required_argument, NULL, OPT_FUSIONNER },
	{ "doublons", required_argument, NULL, OPT_DOUBLONS },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ NULL, 0, NULL, 0 }
};

enum action { ACTION_NONE, ACTION_CORRIGER, ACTION_FUSIONNER, ACTION_DOUBLONS };

struct options {
	struct sne_selection *selection;
	struct sne_correction correction;
	int kinds;                 /* bit per kind of correction asked */
	const char *naissance_arg, *depot_arg, *prochain_arg;
	char naissance[SNE_DATE_ISO_SIZE];
	char garde[SNE_NUMERO_SIZE], radiee[SNE_NUMERO_SIZE];
	int fusionner;
	const char *doublons;      /* --doublons REGISTRE */
	enum fix_format format;
	int format_given;
};

struct fix {
	struct sne_output *out;
	struct sne_cli *cli;
	struct options *options;
	struct sne_doublon *doublons;
	struct sne_fusion fusion;
	int fusion_ok;             /* the lookup allows the merge */
	size_t done, unchanged, refused;
	int status;
};

/* ------------------------------------------------------------------ */
/* options */

static struct sne_selection *selection_of(struct options *o)
{
	if (o->selection == NULL && (o->selection = sne_selection_new()) == NULL)
		sne_die(SNE_EX_SOFTWARE, "mémoire épuisée");
	return o->selection;
}

/* The canonical numéro of TEXT into OUT, or exits 64 naming OPTION. */
static void parse_numero(const char *option, const char *text, char out[SNE_NUMERO_SIZE])
{
	struct sne_numero numero;
	char why[SNE_WHY_MAX];

	if (sne_numero_parse(text, &numero, why, sizeof why) != 0)
		sne_cli_usage_error("%s « %s » : %s", option, text, why);
	sne_numero_format(&numero, out);
}

static void add_numero(struct options *o, const char *text)
{
	char why[SNE_WHY_MAX];

	if (sne_selection_add(selection_of(o), text, why, sizeof why) != 0)
		sne_cli_usage_error("--numero : %s", why);
}

static void add_numeros_file(struct options *o, const char *path)
{
	char why[SNE_WHY_MAX];
	int rc = sne_selection_add_file(selection_of(o), path, why, sizeof why);

	if (rc != 0)
		sne_die(rc, "%s: %s", path, why);
}

/* --fusionner GARDE RADIEE: RADIEE is the next word of the command line. */
static void take_fusion(struct options *o, int argc, char **argv, const char *garde)
{
	if (optind >= argc || argv[optind][0] == '-')
		sne_cli_usage_error("--fusionner attend deux numéros : la demande gardée puis la "
		                    "demande radiée");
	parse_numero("--fusionner", garde, o->garde);
	parse_numero("--fusionner", argv[optind++], o->radiee);
	if (strcmp(o->garde, o->radiee) == 0)
		sne_cli_usage_error("--fusionner : les deux numéros sont le même (%s)", o->garde);
	o->fusionner = 1;
}

static void identity_option(struct options *o, int opt, const char *arg)
{
	struct sne_correction *c = &o->correction;

	o->kinds |= 1 << SNE_CORRECTION_IDENTITE;
	switch (opt) {
	case OPT_CIVILITE:
		if (strcmp(arg, "1") != 0 && strcmp(arg, "2") != 0)
			sne_cli_usage_error("--civilite « %s » inconnue : attendu 1 (monsieur) ou "
			                    "2 (madame)", arg);
		c->civilite = arg;
		break;
	case OPT_NOM: c->nom = arg; break;
	case OPT_PRENOM: c->prenom = arg; break;
	case OPT_NAISSANCE: o->naissance_arg = arg; break;
	}
	if ((opt == OPT_NOM || opt == OPT_PRENOM) && arg[strspn(arg, " \t")] == '\0')
		sne_cli_usage_error("--%s vide : donnez le texte corrigé",
		                    opt == OPT_NOM ? "nom" : "prenom");
}

static void program_option(struct options *o, int opt, const char *arg, int argc, char **argv)
{
	switch (opt) {
	case 'n': add_numero(o, arg); break;
	case OPT_NUMEROS: add_numeros_file(o, arg); break;
	case OPT_MOTIF: o->correction.motif = arg; break;
	case OPT_CIVILITE: case OPT_NOM: case OPT_PRENOM: case OPT_NAISSANCE:
		identity_option(o, opt, arg);
		break;
	case OPT_COTITULAIRE: o->correction.cotitulaire = 1; break;
	case OPT_DOUBLON_ACCEPTE: o->correction.doublon_accepte = 1; break;
	case OPT_DATE_DEPOT: o->depot_arg = arg; o->kinds |= 1 << SNE_CORRECTION_DEPOT; break;
	case OPT_REACTIVER: o->kinds |= 1 << SNE_CORRECTION_REACTIVER; break;
	case OPT_PROCHAIN: o->prochain_arg = arg; break;
	case OPT_FUSIONNER: take_fusion(o, argc, argv, arg); break;
	case OPT_DOUBLONS: o->doublons = arg; break;
	case OPT_FORMAT:
		if (strcmp(arg, "xml") != 0 && strcmp(arg, "tsv") != 0)
			sne_cli_usage_error("--format « %s » inconnu : attendu xml ou tsv", arg);
		o->format = strcmp(arg, "tsv") == 0 ? FORMAT_TSV : FORMAT_XML;
		o->format_given = 1;
		break;
	default: sne_cli_usage_error("option inattendue");
	}
}

static int count_bits(int bits)
{
	int n = 0;

	for (; bits; bits &= bits - 1)
		n++;
	return n;
}

static enum sne_correction_kind kind_of(int bits)
{
	return bits & (1 << SNE_CORRECTION_DEPOT) ? SNE_CORRECTION_DEPOT
	       : bits & (1 << SNE_CORRECTION_REACTIVER) ? SNE_CORRECTION_REACTIVER
	                                                : SNE_CORRECTION_IDENTITE;
}

static enum action action_of(const struct options *o)
{
	int actions = (o->kinds != 0) + o->fusionner + (o->doublons != NULL);

	if (actions == 0)
		sne_cli_usage_error("aucune correction demandée : --nom, --prenom, --civilite, "
		                    "--date-naissance, --date-depot, --reactiver, --fusionner ou "
		                    "--doublons");
	if (actions > 1 || count_bits(o->kinds) > 1)
		sne_cli_usage_error("une sorte de correction par appel (identité, --date-depot, "
		                    "--reactiver, --fusionner ou --doublons)");
	return o->doublons ? ACTION_DOUBLONS : o->fusionner ? ACTION_FUSIONNER : ACTION_CORRIGER;
}

static void check_dates(struct sne_cli *cli, struct options *o)
{
	struct sne_correction *c = &o->correction;

	if (o->naissance_arg != NULL) {
		struct sne_date d = sne_cli_parse_date("--date-naissance", o->naissance_arg);
		if (sne_date_cmp(d, cli->date) > 0)
			sne_cli_usage_error("--date-naissance %s dans le futur", o->naissance_arg);
		sne_date_format(d, o->naissance);
		c->naissance = o->naissance;
	}
	if (o->depot_arg != NULL)
		c->depot = sne_cli_parse_date("--date-depot", o->depot_arg);
	if (o->prochain_arg != NULL) {
		c->prochain = sne_cli_parse_date("--prochain", o->prochain_arg);
		c->has_prochain = 1;
		if (sne_date_cmp(c->prochain, cli->date) <= 0)
			sne_cli_usage_error("--prochain %s : la date du prochain renouvellement doit "
			                    "suivre la date du jour", o->prochain_arg);
	}
}

/* Options that belong to one action only. */
static void check_combinations(const struct options *o, enum action action)
{
	const struct sne_correction *c = &o->correction;

	if (action != ACTION_CORRIGER && o->selection != NULL)
		sne_cli_usage_error("--numero et --numeros ne servent qu'aux corrections d'une demande");
	if (action == ACTION_CORRIGER && o->selection == NULL)
		sne_cli_usage_error("quelle demande ? donnez --numero NU ou --numeros FICHIER");
	if (action != ACTION_DOUBLONS && (c->motif == NULL || c->motif[strspn(c->motif, " \t")] == '\0'))
		sne_cli_usage_error("--motif TEXTE obligatoire : la raison est inscrite dans "
		                    "l'historique");
	if (action == ACTION_DOUBLONS && c->motif != NULL)
		sne_cli_usage_error("--doublons ne corrige rien : pas de --motif");
	if (o->format_given && action != ACTION_DOUBLONS)
		sne_cli_usage_error("--format ne sert qu'avec --doublons");
	if ((c->cotitulaire || c->doublon_accepte) &&
	    !(o->kinds & (1 << SNE_CORRECTION_IDENTITE)))
		sne_cli_usage_error("--cotitulaire et --doublon-accepte ne servent qu'aux corrections "
		                    "d'identité");
	if (o->prochain_arg != NULL && !(o->kinds & (1 << SNE_CORRECTION_REACTIVER)))
		sne_cli_usage_error("--prochain ne sert qu'avec --reactiver");
}

/* The register read before the rewrite (the doublon index, the merge's
 * lookup): -i REGISTRE or the one file named; standard input cannot be
 * read twice. */
static const char *register_path(const struct sne_cli *cli, const char *what)
{
	if (cli->in_place != NULL)
		return cli->in_place;
	if (cli->ninputs == 1)
		return cli->inputs[0];
	sne_cli_usage_error("%s lit le registre avant de le réécrire : donnez -i REGISTRE ou le "
	                    "fichier du registre (un seul)", what);
}

static enum action parse_args(struct sne_cli *cli, struct options *o, int argc, char **argv)
{
	enum action action;
	int opt;

	sne_cli_init(cli, argv[0], usage);
	cli->selection_on_stop = &o->selection;
	while ((opt = sne_cli_getopt(argc, argv, SNE_CLI_SHORT "n:", long_options)) != -1)
		if (!sne_cli_common(cli, opt, optarg))
			program_option(o, opt, optarg, argc, argv);
	sne_cli_finish(cli, argc, argv);
	sne_cli_require_profil(cli, SNE_PROFIL_GESTIONNAIRE,
	                       "corriger une demande (sne-fix est l'outil du gestionnaire "
	                       "territorial)");
	action = action_of(o);
	check_combinations(o, action);
	check_dates(cli, o);
	if (action == ACTION_DOUBLONS && (cli->in_place != NULL || cli->ninputs > 0))
		sne_cli_usage_error("--doublons REGISTRE lit le registre sans l'écrire : pas de -i ni "
		                    "d'autre fichier");
	o->correction.kind = kind_of(o->kinds);
	o->correction.today = cli->date;
	o->correction.guichet = cli->guichet[0] != '\0' ? cli->guichet : NULL;
	o->correction.operateur = sne_operateur_login();
	return action;
}

/* ------------------------------------------------------------------ */
/* the run */

static void refuse(struct fix *fix, const struct sne_record *rec, const char *why)
{
	char label[32];

	sne_warn_at(sne_record_source(rec), sne_record_line(rec),
	            sne_record_label(rec, sne_record_get(rec, SNE_CORR_NUM_UNIQUE), label,
	                             sizeof label), "%s", why);
	fix->refused++;
}

static void correct(struct fix *fix, struct sne_record *rec)
{
	char why[SNE_WHY_MAX * 2], label[32];
	const char *numero = sne_record_label(rec, sne_record_get(rec, SNE_CORR_NUM_UNIQUE),
	                                      label, sizeof label);

	switch (sne_correction_apply(&fix->options->correction, rec, why, sizeof why)) {
	case SNE_CORRECTION_FAITE:
		fix->done++;
		if (fix->cli->verbose)
			sne_info("demande %s : %s", numero, why);
		break;
	case SNE_CORRECTION_INCHANGEE:
		fix->unchanged++;
		sne_info("demande %s : %s", numero, why);
		break;
	case SNE_CORRECTION_REFUSEE:
		refuse(fix, rec, why);
		break;
	}
}

static int on_record(struct sne_record *rec, void *ctx)
{
	struct fix *fix = ctx;
	char why[SNE_WHY_MAX * 2];

	if (fix->options->fusionner) {
		if (fix->fusion_ok && sne_fusion_apply(&fix->fusion, rec, why, sizeof why) < 0) {
			refuse(fix, rec, why);
			return SNE_EX_DATAERR; /* half a merge is no merge: the register stays */
		}
	} else if (sne_selection_take(fix->options->selection,
	                              sne_record_get(rec, SNE_CORR_NUM_UNIQUE))) {
		correct(fix, rec);
	}
	return sne_record_emit(rec, fix->out);
}

static int on_tail(const char *bytes, size_t len, void *ctx)
{
	struct fix *fix = ctx;

	return sne_output_emit(fix->out, bytes, len);
}

/* Called once the register is locked: what must be read before it is
 * rewritten. */
static int before_run(void *ctx)
{
	struct fix *fix = ctx;
	const struct sne_correction *c = &fix->options->correction;
	char why[SNE_WHY_MAX * 2];
	int rc;

	if (fix->doublons != NULL)
		return sne_doublon_load(fix->doublons, register_path(fix->cli, "--nom, --prenom"));
	if (!fix->options->fusionner)
		return 0;
	sne_fusion_init(&fix->fusion, fix->options->garde, fix->options->radiee, c);
	if ((rc = sne_fusion_lookup(&fix->fusion, register_path(fix->cli, "--fusionner"))) != 0)
		return rc;
	switch (sne_fusion_check(&fix->fusion, why, sizeof why)) {
	case SNE_CORRECTION_FAITE: fix->fusion_ok = 1; fix->done++; break;
	case SNE_CORRECTION_INCHANGEE: sne_info("%s", why); fix->unchanged++; break;
	case SNE_CORRECTION_REFUSEE: sne_warn("%s", why); fix->refused++; break;
	}
	return 0;
}

/* The rows an SQLite register reads: the demandes corrected, or the two
 * of a merge (*PAIR, freed by the caller). */
static int select_rows(struct sne_cli *cli, const struct options *o,
                       struct sne_store_select *rows, struct sne_selection **pair)
{
	char why[SNE_WHY_MAX];

	if (o->fusionner) {
		if ((*pair = sne_selection_new()) == NULL ||
		    sne_selection_add(*pair, o->garde, why, sizeof why) != 0 ||
		    sne_selection_add(*pair, o->radiee, why, sizeof why) != 0) {
			sne_warn("%s", *pair == NULL ? "mémoire épuisée" : why);
			return SNE_EX_SOFTWARE;
		}
		rows->numeros = *pair;
	} else {
		rows->numeros = o->selection;
	}
	if (rows->numeros != NULL)
		cli->store_select = rows;
	return 0;
}

static int run(struct sne_cli *cli, struct options *o)
{
	struct fix fix = { .cli = cli, .options = o };
	struct sne_store_select rows = { .kind = SNE_STORE_NUMEROS };
	struct sne_selection *pair = NULL;
	struct sne_stream_spec spec = {
		.record_ns = SNE_NS_NUU, .record_name = SNE_DEMANDE_NAME,
		.envelope = &sne_envelope_interface,
		.fields = sne_correction_fields, .nfields = SNE_CORR_NFIELDS,
		.on_record = on_record, .on_tail = on_tail, .ctx = &fix,
	};
	int rc;

	if (o->correction.kind == SNE_CORRECTION_IDENTITE && !o->fusionner &&
	    !o->correction.cotitulaire && (o->correction.nom || o->correction.prenom ||
	                                   o->correction.naissance)) {
		register_path(cli, "--nom, --prenom ou --date-naissance");
		fix.doublons = sne_doublon_new();
		o->correction.doublons = fix.doublons;
	}
	if (o->fusionner)
		register_path(cli, "--fusionner");
	cli->before_run = before_run;
	cli->before_run_ctx = &fix;
	rc = select_rows(cli, o, &rows, &pair);
	if (rc == 0)
		rc = sne_cli_run(cli, &spec, &fix.out);
	cli->store_select = NULL;
	sne_selection_free(pair);
	if (rc < SNE_EX_USAGE) {
		size_t unseen = sne_selection_report_unseen(o->selection,
					"absente du registre : elle n'a pas été corrigée ; "
					"vérifiez le numéro");

		if (fix.refused > 0 || unseen > 0)
			rc = sne_exit_worst(rc, SNE_EX_REFUSED);
		sne_info("%s, %s, %s",
		         sne_count(fix.done, SNE_FEMININE, "demande corrigée", "demandes corrigées").text,
		         sne_count(fix.unchanged, SNE_FEMININE, "déjà à jour", "déjà à jour").text,
		         sne_count(fix.refused + unseen, SNE_FEMININE, "refusée", "refusées").text);
	}
	sne_doublon_free(fix.doublons);
	return rc;
}

static int program(int argc, char **argv)
{
	struct sne_cli cli;
	struct options options = { 0 };
	enum action action = parse_args(&cli, &options, argc, argv);
	int rc;

	if (action == ACTION_DOUBLONS)
		rc = fix_list_doublons(options.doublons, options.format);
	else
		rc = run(&cli, &options);
	sne_selection_free(options.selection);
	sne_cli_free(&cli);
	return rc;
}

int sne_fix_main(int argc, char **argv, FILE *err)
{
	return sne_cli_main(argc, argv, err, program);
}
