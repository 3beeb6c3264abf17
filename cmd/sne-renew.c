/* sne-renew: renew demandes, reactivate RADREN ones within their window
 * and RADCON ones within radiation + 5 months, and with --expirer radiate
 * RADREN the demandes past anniversary + 1 month.
 *
 * A record not selected, or refused, is written as it came in; a changed
 * one gets only its suivi spliced.  A reactivated demande loses its
 * radiation element (an active demande holding a radiation would mislead
 * every other program); the radiation stays in the historique, as the
 * evenement "radiation" written when it was radiated and as the
 * radiation="DATE" attribute of the evenement "reactivation". */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sne/avertissement.h"
#include "sne/cli.h"
#include "sne/count.h"
#include "sne/demande.h"
#include "sne/err.h"
#include "sne/operateur.h"
#include "sne/radiation.h"
#include "sne/renouvellement.h"
#include "sne/selection.h"
#include "sne/suivi.h"
#include "sne_programs.h"

static const char usage[] =
	"usage : sne-renew [options] [FICHIER...]\n"
	"        sne-renew --expirer [options] [FICHIER...]\n"
	"Renouvelle les demandes choisies (toutes celles de l'entrée si aucune n'est\n"
	"nommée), réactive une demande radiée RADREN jusqu'à anniversaire + 6 mois\n"
	"ou RADCON jusqu'à radiation + 5 mois, ou radie RADREN les demandes non\n"
	"renouvelées (--expirer).\n"
	"\n"
	"  -n, --numero NU       renouveler la demande NU (répétable)\n"
	"      --numeros FICHIER renouveler les numéros du fichier, un par ligne\n"
	"      --canal CANAL     guichet (défaut) ou pgp\n"
	"      --force           renouveler avant la fenêtre ; profil gestionnaire,\n"
	"                        avec --motif, l'opérateur inscrit est votre\n"
	"                        identifiant\n"
	"      --motif TEXTE     raison du --force, inscrite dans l'historique\n"
	"      --expirer         radier RADREN les demandes non renouvelées ; les\n"
	"                        actives dont anniversaire + 1 mois est passé\n"
	"  -d, --date DATE       date du jour (AAAA-MM-JJ ou JJ/MM/AAAA)\n"
	"  -g, --guichet CODE    code guichet qui agit\n"
	"  -i, --in-place REGISTRE  réécrire le registre sur place (verrouillé)\n"
	"      --wait            attendre le verrou au lieu d'échouer (code 75)\n"
	"  -c, --config FICHIER  configuration YAML\n"
	"  -q, --quiet           pas de bilan\n"
	"  -v, --verbose         détailler\n"
	"      --progress        avancement sur le terminal\n"
	"  -h, --help            cette aide ;   -V, --version  la version\n"
	"\n"
	"Codes de sortie : 0 fait ; 1 des demandes refusées ou absentes ; 64 usage ;\n"
	"65 entrée invalide ; 66 entrée absente ; 74 E/S ; 75 registre verrouillé ;\n"
	"77 profil insuffisant ; 78 configuration.\n";

enum {
	OPT_NUMEROS = SNE_OPT_FIRST_PROGRAM,
	OPT_CANAL,
	OPT_FORCE,
	OPT_MOTIF,
	OPT_EXPIRER
};

static const struct option long_options[] = {
	SNE_CLI_LONG,
	{ "numero", required_argument, NULL, 'n' },
	{ "numeros", required_argument, NULL, OPT_NUMEROS },
	{ "canal", required_argument, NULL, OPT_CANAL },
	{ "force", no_argument, NULL, OPT_FORCE },
	{ "motif", required_argument, NULL, OPT_MOTIF },
	{ "expirer", no_argument, NULL, OPT_EXPIRER },
	{ NULL, 0, NULL, 0 }
};

enum field {
	F_NUM_UNIQUE,
	F_DATE_CREATION,
	F_SUIVI,
	F_ETAT,
	F_PROCHAIN,
	F_DERNIER,
	F_RADIATION_MOTIF,
	F_RADIATION_DATE,
	F_RADIATION_GUICHET,
	F_COUNT
};

static const char *const fields[F_COUNT] = {
	[F_NUM_UNIQUE] = SNE_F_NUM_UNIQUE,
	[F_DATE_CREATION] = SNE_F_DATE_CREATION,
	[F_SUIVI] = SNE_SUIVI_FIELD,
	[F_ETAT] = SNE_F_ETAT,
	[F_PROCHAIN] = SNE_F_PROCHAIN,
	[F_DERNIER] = SNE_F_DERNIER,
	[F_RADIATION_MOTIF] = SNE_F_RADIATION_MOTIF,
	[F_RADIATION_DATE] = SNE_F_RADIATION_DATE,
	[F_RADIATION_GUICHET] = SNE_F_RADIATION_GUICHET,
};

struct options {
	struct sne_selection *selection; /* NULL: every demande of the input */
	const char *canal;
	const char *motif;
	const char *operateur;
	int force;
	int expirer;
};

struct renew {
	struct sne_output *out;
	const struct sne_cli *cli;
	struct options *options;
	const char *guichet; /* NULL when none is known */
	size_t renewed, reactivated, radiated, refused;
};

/* The selection, created on first use (exits 70 out of memory). */
static struct sne_selection *selection_of(struct options *options)
{
	if (options->selection == NULL && (options->selection = sne_selection_new()) == NULL)
		sne_die(SNE_EX_SOFTWARE, "mémoire épuisée");
	return options->selection;
}

static void add_numero(struct options *options, const char *text)
{
	char why[SNE_WHY_MAX];

	if (sne_selection_add(selection_of(options), text, why, sizeof why) != 0)
		sne_cli_usage_error("--numero : %s", why);
}

static void add_numeros_file(struct options *options, const char *path)
{
	char why[SNE_WHY_MAX];
	int rc = sne_selection_add_file(selection_of(options), path, why, sizeof why);

	if (rc != 0)
		sne_die(rc, "%s: %s", path, why);
}

/* Handles one option of this program; exits 64 on a bad value. */
static void program_option(struct options *options, int opt, const char *arg)
{
	switch (opt) {
	case 'n': add_numero(options, arg); break;
	case OPT_NUMEROS: add_numeros_file(options, arg); break;
	case OPT_CANAL:
		if (strcmp(arg, "guichet") != 0 && strcmp(arg, "pgp") != 0)
			sne_cli_usage_error("--canal « %s » inconnu : attendu guichet ou pgp", arg);
		options->canal = arg;
		break;
	case OPT_FORCE: options->force = 1; break;
	case OPT_MOTIF: options->motif = arg; break;
	case OPT_EXPIRER: options->expirer = 1; break;
	default: sne_cli_usage_error("option inattendue");
	}
}

/* Checks that the options fit together and the profile allows them. */
static void check_options(struct sne_cli *cli, struct options *options)
{
	if (options->expirer && (options->selection != NULL || options->force ||
	                         options->motif != NULL ||
	                         strcmp(options->canal, "guichet") != 0))
		sne_cli_usage_error("--expirer ne se combine pas avec --numero, --numeros, "
		                    "--canal, --force ou --motif");
	if (!options->force && options->motif != NULL)
		sne_cli_usage_error("--motif ne sert qu'avec --force");
	if (options->force && (options->motif == NULL || options->motif[0] == '\0'))
		sne_cli_usage_error("--force demande un --motif, inscrit dans l'historique");
	if (options->force)
		sne_cli_require_profil(cli, SNE_PROFIL_GESTIONNAIRE,
		                       "renouveler une demande avant sa fenêtre (--force)");
	if (options->force)
		options->operateur = sne_operateur_login();
}

/* Reports RECORD refused with REASON; it is written unchanged. */
__attribute__((format(printf, 3, 4)))
static void refuse(struct renew *renew, const struct sne_record *record, const char *fmt, ...)
{
	char label[32], reason[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof reason, fmt, ap);
	va_end(ap);
	sne_warn_at(sne_record_source(record), sne_record_line(record),
	            sne_record_label(record, sne_record_get(record, F_NUM_UNIQUE), label, sizeof label),
	            "%s", reason);
	renew->refused++;
}

/* The anniversary of RECORD; refuses it and returns -1 when unreadable. */
static int record_anniversary(struct renew *renew, const struct sne_record *record,
                              struct sne_date *anniversary)
{
	char why[SNE_WHY_MAX];

	if (sne_renouvellement_anniversaire_de(sne_record_get(record, F_PROCHAIN),
	                                       sne_record_get(record, F_DERNIER),
	                                       sne_record_get(record, F_DATE_CREATION),
	                                       anniversary, why, sizeof why) == 0)
		return 0;
	refuse(renew, record, "date d'anniversaire introuvable (%s) ; corrigez la demande", why);
	return -1;
}

static int is_equal(const char *text, const char *expected)
{
	return text != NULL && strcmp(text, expected) == 0;
}

/* Sets renouvellement dernier/canal/prochain for a renewal today. */
static void set_renewal_dates(struct renew *renew, struct sne_suivi *suivi)
{
	sne_suivi_node *node = sne_suivi_ensure(suivi, "renouvellement");
	struct sne_date today = renew->cli->date;

	sne_suivi_set_date(node, "dernier", today);
	sne_suivi_set_attr(node, "canal", renew->options->canal);
	sne_suivi_set_date(node, "prochain", sne_renouvellement_anniversaire(today));
}

/* Makes a radiated demande active again, its radiation kept in history. */
static void reactivate(struct renew *renew, struct sne_suivi *suivi)
{
	sne_suivi_node *radiation = sne_suivi_find(suivi, "radiation");
	const char *radiation_date = radiation ? sne_suivi_attr(radiation, "date") : NULL;
	const char *motif = radiation ? sne_suivi_attr(radiation, "motif") : NULL;
	sne_suivi_node *event = sne_suivi_add_evenement(suivi, renew->cli->date, "reactivation",
	                                                renew->guichet);

	sne_suivi_set_attr(event, "radiation", radiation_date);
	sne_suivi_set_attr(event, "motif-radiation", motif != NULL ? motif : "RADREN");
	sne_suivi_remove(suivi, "radiation");
	sne_suivi_set_text(suivi, "etat", "active");
}

/* apply_renewal()'s RADIATED for a reactivation without renewal. */
enum { REACTIVATE_ONLY = 2 };

/* Renews RECORD today (reactivating it first when RADIATED, or only
 * reactivating it when RADIATED is REACTIVATE_ONLY); FORCED marks a renewal
 * before the window, with operator and motif. */
static void apply_renewal(struct renew *renew, struct sne_record *record, int radiated,
                          int forced)
{
	struct sne_suivi *suivi = sne_suivi_load(record, F_SUIVI);
	sne_suivi_node *event;

	if (suivi == NULL) {
		refuse(renew, record, "élément suivi illisible ; corrigez la demande");
		return;
	}
	if (radiated)
		reactivate(renew, suivi);
	if (radiated == REACTIVATE_ONLY) {
		sne_suivi_touch(suivi, renew->cli->date, renew->guichet);
		sne_suivi_store(suivi, record);
		sne_suivi_free(suivi);
		renew->reactivated++;
		return;
	}
	set_renewal_dates(renew, suivi);
	event = sne_suivi_add_evenement(suivi, renew->cli->date, "renouvellement", renew->guichet);
	sne_suivi_set_attr(event, "canal", renew->options->canal);
	if (forced) {
		sne_suivi_set_attr(event, "force", "oui");
		sne_suivi_set_attr(event, "operateur", renew->options->operateur);
		sne_suivi_set_attr(event, "motif", renew->options->motif);
	}
	sne_suivi_touch(suivi, renew->cli->date, renew->guichet);
	sne_suivi_store(suivi, record);
	sne_suivi_free(suivi);
	if (radiated)
		renew->reactivated++;
	else
		renew->renewed++;
}

/* Renews an active demande whose anniversary is ANNIVERSARY. */
static void renew_active(struct renew *renew, struct sne_record *record,
                         struct sne_date anniversary)
{
	struct sne_date today = renew->cli->date;
	int early = !sne_renouvellement_est_ouvert(anniversary, today);

	if (!sne_renouvellement_peut_reactiver(anniversary, today)) {
		refuse(renew, record, "non renouvelée depuis l'anniversaire du %s ; le délai de "
		       "renouvellement a pris fin le %s : une nouvelle demande est nécessaire",
		       sne_date_text(anniversary).text,
		       sne_date_text(sne_renouvellement_limite_reactivation(anniversary)).text);
		return;
	}
	if (early && !renew->options->force) {
		refuse(renew, record, "renouvellement anticipé refusé : la fenêtre de "
		       "renouvellement ouvre le %s (anniversaire le %s) ; avant, faites une mise "
		       "à jour (gestionnaire : --force avec --motif)",
		       sne_date_text(sne_renouvellement_ouverture(anniversary)).text,
		       sne_date_text(anniversary).text);
		return;
	}
	apply_renewal(renew, record, 0, early);
}

/* Reactivates a RADREN demande within anniversary + 6 months. */
static void renew_radiated(struct renew *renew, struct sne_record *record,
                           struct sne_date anniversary)
{
	if (!sne_renouvellement_peut_reactiver(anniversary, renew->cli->date)) {
		refuse(renew, record, "radiée pour non-renouvellement ; la réactivation était "
		       "possible jusqu'au %s (anniversaire + 6 mois) : une nouvelle demande est "
		       "nécessaire",
		       sne_date_text(sne_renouvellement_limite_reactivation(anniversary)).text);
		return;
	}
	apply_renewal(renew, record, 1, 0);
}

/* Whether the run may reactivate a RADCON demande radiated on the demand
 * of GUICHET: that guichet, or the support (gestionnaire). */
static int may_reactivate_radcon(const struct renew *renew, const char *guichet)
{
	return renew->cli->config.profil == SNE_PROFIL_GESTIONNAIRE ||
	       (guichet != NULL && renew->guichet != NULL && strcmp(guichet, renew->guichet) == 0);
}

/* Reactivates a RADCON demande within radiation + 5 months (the applicant
 * answered), renewing it too when its renewal window is open. */
static void renew_radcon(struct renew *renew, struct sne_record *record,
                         struct sne_date anniversary)
{
	const char *guichet = sne_record_get(record, F_RADIATION_GUICHET);
	const char *text = sne_record_get(record, F_RADIATION_DATE);
	struct sne_date radiation;

	if (text == NULL || sne_date_parse_iso(text, &radiation, NULL, 0) != 0) {
		refuse(renew, record, "radiée RADCON sans date de radiation lisible ; corrigez la "
		       "demande (sne-fix)");
		return;
	}
	if (!sne_radcon_peut_reactiver(radiation, renew->cli->date)) {
		refuse(renew, record, "radiée RADCON le %s ; la réactivation était possible jusqu'au "
		       "%s (radiation + 5 mois) : seul le support peut encore la réactiver "
		       "(sne-fix --reactiver)", sne_date_text(radiation).text,
		       sne_date_text(sne_radcon_limite_reactivation(radiation)).text);
		return;
	}
	if (!may_reactivate_radcon(renew, guichet)) {
		refuse(renew, record, "radiée RADCON à la demande du guichet %s : seul ce guichet ou "
		       "le support (profil gestionnaire) peut la réactiver",
		       guichet != NULL ? guichet : "(inconnu)");
		return;
	}
	apply_renewal(renew, record,
	              sne_renouvellement_est_ouvert(anniversary, renew->cli->date) ? 1
	                                                                          : REACTIVATE_ONLY,
	              0);
}

/* Renews or reactivates RECORD, or refuses it. */
static void renew_record(struct renew *renew, struct sne_record *record)
{
	const char *etat = sne_record_get(record, F_ETAT);
	const char *motif = sne_record_get(record, F_RADIATION_MOTIF);
	struct sne_date anniversary;

	if (is_equal(etat, "radiee") && !is_equal(motif, "RADREN") && !is_equal(motif, "RADCON")) {
		refuse(renew, record, "radiée (motif %s) : seule une demande radiée pour "
		       "non-renouvellement (RADREN), ou RADCON dans les 5 mois, peut être réactivée "
		       "ici ; sinon, le support la réactive (sne-fix --reactiver)",
		       motif != NULL ? motif : "absent");
		return;
	}
	if (!is_equal(etat, "active") && !is_equal(etat, "radiee")) {
		refuse(renew, record, "état « %s » : seule une demande active (ou radiée RADREN) "
		       "peut être renouvelée", etat != NULL ? etat : "absent");
		return;
	}
	if (record_anniversary(renew, record, &anniversary) != 0)
		return;
	if (is_equal(etat, "active"))
		renew_active(renew, record, anniversary);
	else if (is_equal(motif, "RADCON"))
		renew_radcon(renew, record, anniversary);
	else
		renew_radiated(renew, record, anniversary);
}

/* Radiates RECORD RADREN today. */
static void radiate(struct renew *renew, struct sne_record *record, struct sne_date anniversary)
{
	struct sne_suivi *suivi = sne_suivi_load(record, F_SUIVI);
	sne_suivi_node *node;
	char label[32];

	if (suivi == NULL) {
		refuse(renew, record, "élément suivi illisible ; corrigez la demande");
		return;
	}
	sne_radiation_clore_avertissement(suivi, renew->cli->date, renew->guichet,
	                                  "radiation RADREN (non-renouvellement)");
	node = sne_suivi_ensure(suivi, "radiation");
	sne_suivi_set_date(node, "date", renew->cli->date);
	sne_suivi_set_attr(node, "motif", "RADREN");
	sne_suivi_set_text(suivi, "etat", "radiee");
	node = sne_suivi_add_evenement(suivi, renew->cli->date, "radiation", renew->guichet);
	sne_suivi_set_attr(node, "motif", "RADREN");
	sne_suivi_touch(suivi, renew->cli->date, renew->guichet);
	sne_suivi_store(suivi, record);
	sne_suivi_free(suivi);
	renew->radiated++;
	if (renew->cli->verbose)
		sne_info("demande %s radiée RADREN (anniversaire le %s)",
		         sne_record_label(record, sne_record_get(record, F_NUM_UNIQUE), label, sizeof label),
		         sne_date_text(anniversary).text);
}

/* --expirer: radiates an active demande past anniversary + 1 month. */
static void expire_record(struct renew *renew, struct sne_record *record)
{
	struct sne_date anniversary;

	if (!is_equal(sne_record_get(record, F_ETAT), "active"))
		return;
	if (record_anniversary(renew, record, &anniversary) != 0)
		return;
	if (sne_renouvellement_est_expire(anniversary, renew->cli->date))
		radiate(renew, record, anniversary);
}

/* Whether RECORD is one the run must act on. */
static int is_selected(struct renew *renew, const struct sne_record *record)
{
	if (renew->options->selection == NULL)
		return 1;
	return sne_selection_take(renew->options->selection,
	                          sne_record_get(record, F_NUM_UNIQUE));
}

static int on_record(struct sne_record *record, void *ctx)
{
	struct renew *renew = ctx;

	if (renew->options->expirer)
		expire_record(renew, record);
	else if (is_selected(renew, record))
		renew_record(renew, record);
	return sne_record_emit(record, renew->out);
}

static int on_tail(const char *bytes, size_t len, void *ctx)
{
	struct renew *renew = ctx;

	return sne_output_emit(renew->out, bytes, len);
}

static void print_summary(const struct renew *renew)
{
	if (renew->options->expirer)
		sne_info("%s pour non-renouvellement (RADREN)",
		         sne_count(renew->radiated, SNE_FEMININE, "demande radiée",
		                   "demandes radiées").text);
	else
		sne_info("%s, %s, %s",
		         sne_count(renew->renewed, SNE_FEMININE, "demande renouvelée",
		                   "demandes renouvelées").text,
		         sne_count(renew->reactivated, SNE_FEMININE, "réactivée", "réactivées").text,
		         sne_count(renew->refused, SNE_FEMININE, "refusée", "refusées").text);
}

/* Parses the command line into CLI and OPTIONS; exits on error. */
static void parse_args(struct sne_cli *cli, struct options *options, int argc, char **argv)
{
	int opt;

	sne_cli_init(cli, argv[0], usage);
	cli->selection_on_stop = &options->selection;
	options->canal = "guichet";
	while ((opt = sne_cli_getopt(argc, argv, SNE_CLI_SHORT "n:", long_options)) != -1)
		if (!sne_cli_common(cli, opt, optarg))
			program_option(options, opt, optarg);
	sne_cli_finish(cli, argc, argv);
	check_options(cli, options);
	if (strcmp(options->canal, "pgp") != 0)
		sne_cli_refuse_portail(cli);
}

static int program(int argc, char **argv)
{
	struct sne_cli cli;
	struct options options = { 0 };
	struct renew renew = { .cli = &cli, .options = &options };
	struct sne_store_select rows = { 0 };
	struct sne_stream_spec spec = {
		.record_ns = SNE_NS_NUU,
		.envelope = &sne_envelope_interface, .record_name = SNE_DEMANDE_NAME,
		.fields = fields, .nfields = F_COUNT, .text_only = 1,
		.on_record = on_record, .on_tail = on_tail, .ctx = &renew,
	};
	int rc;

	parse_args(&cli, &options, argc, argv);
	renew.guichet = cli.guichet[0] != '\0' ? cli.guichet : NULL;
	if (options.expirer) { /* an SQLite register reads the rows due only */
		rows.kind = SNE_STORE_ECHEANCE;
		rows.borne = sne_renouvellement_borne_expiration(cli.date);
		cli.store_select = &rows;
		cli.store_batches = 1;
	} else if (options.selection != NULL) {
		rows.kind = SNE_STORE_NUMEROS;
		rows.numeros = options.selection;
		cli.store_select = &rows;
	}
	rc = sne_cli_run(&cli, &spec, &renew.out);
	if (rc < SNE_EX_USAGE) {
		size_t unseen = sne_selection_report_unseen(options.selection,
					"absente de l'entrée : elle n'a pas été renouvelée ; "
					"vérifiez le numéro et le fichier");

		if (renew.refused > 0 || unseen > 0)
			rc = sne_exit_worst(rc, SNE_EX_REFUSED);
		print_summary(&renew);
	}
	sne_selection_free(options.selection);
	sne_cli_free(&cli);
	return rc;
}

int sne_renew_main(int argc, char **argv, FILE *err)
{
	return sne_cli_main(argc, argv, err, program);
}
