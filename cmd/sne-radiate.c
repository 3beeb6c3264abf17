/* sne-radiate: the radiations of CCH R441-2-8 other than attribution
 * (sne-attrib) and non-renewal (sne-renew --expirer).
 *
 *   --motif RADABA -n NU          radiates at once (renonciation), dated the
 *                                 applicant's letter (--date-courrier);
 *   --avertir --motif RADIRR|RADCON -n NU
 *                                 records an avertissement on the demande,
 *                                 which stays active; sne-notice sends it
 *                                 with proof of delivery and records the
 *                                 day it was sent and the end of its delay;
 *   --echeances                   the nightly job: radiates every demande
 *                                 whose avertissement's delay has run;
 *   --annuler-avertissement -n NU the applicant answered, or the CAL
 *                                 changed its mind: the avertissement is
 *                                 closed in the historique.
 *
 * The dates rules are in sne/avertissement.h.  A radiated demande loses
 * its avertissement element: the radiation keeps the day it was sent and
 * its échéance, and the historique keeps every step.  A record not
 * selected, not due or refused is written as it came in. */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sne/count.h"
#include "sne/avertissement.h"
#include "sne/cli.h"
#include "sne/demande.h"
#include "sne/err.h"
#include "sne/radiation.h"
#include "sne/selection.h"
#include "sne/suivi.h"
#include "sne_programs.h"

static const char usage[] =
	"usage : sne-radiate --motif RADABA -n NU [options] [FICHIER...]\n"
	"        sne-radiate --avertir --motif RADIRR|RADCON [--sous-motif CODE] -n NU\n"
	"                    [options]\n"
	"        sne-radiate --annuler-avertissement -n NU --motif-texte TEXTE [options]\n"
	"        sne-radiate --echeances [options] [FICHIER...]\n"
	"Radie une demande pour renonciation (RADABA) ; pour irrecevabilité (RADIRR)\n"
	"ou impossibilité de contact (RADCON), inscrit d'abord un avertissement, que\n"
	"sne-notice envoie en recommandé avec accusé de réception : la demande est\n"
	"radiée par --echeances une fois le délai écoulé depuis l'envoi (un mois par\n"
	"défaut, clé « delai-avertissement »).\n"
	"\n"
	"  -n, --numero NU       la demande NU (répétable)\n"
	"      --numeros FICHIER les numéros du fichier, un par ligne (liste d'une CAL)\n"
	"      --motif CODE      RADABA, RADIRR ou RADCON\n"
	"      --sous-motif CODE obligatoire avec RADIRR ; IRRSEJ (séjour) ou IRRRES\n"
	"                        (ressources)\n"
	"      --date-courrier DATE  RADABA : date du courrier de renonciation ; par\n"
	"                        défaut, la date du jour\n"
	"      --avertir         inscrire l'avertissement RADIRR ou RADCON, sans radier\n"
	"      --annuler-avertissement  clore l'avertissement en cours, sans radier\n"
	"      --motif-texte TEXTE  pourquoi l'avertissement est annulé (historique)\n"
	"      --echeances       radier les demandes dont l'avertissement est échu\n"
	"  -d, --date DATE       date du jour (AAAA-MM-JJ ou JJ/MM/AAAA)\n"
	"  -g, --guichet CODE    code guichet qui agit\n"
	"  -i, --in-place REGISTRE  réécrire le registre sur place (verrouillé)\n"
	"      --wait            attendre le verrou au lieu d'échouer (code 75)\n"
	"  -c, --config FICHIER  configuration YAML (profil, delai-avertissement)\n"
	"  -q, --quiet           pas de bilan ;  -v, --verbose  détailler\n"
	"      --progress        avancement sur le terminal\n"
	"  -h, --help            cette aide ;   -V, --version  la version\n"
	"\n"
	"Codes de sortie : 0 fait ; 1 des demandes refusées ou absentes ; 64 usage ;\n"
	"65 entrée invalide ; 66 entrée absente ; 74 E/S ; 75 registre verrouillé ;\n"
	"77 profil insuffisant ; 78 configuration.\n";

enum {
	OPT_NUMEROS = SNE_OPT_FIRST_PROGRAM,
	OPT_MOTIF,
	OPT_SOUS_MOTIF,
	OPT_DATE_COURRIER,
	OPT_AVERTIR,
	OPT_ANNULER,
	OPT_MOTIF_TEXTE,
	OPT_ECHEANCES
};

static const struct option long_options[] = {
	SNE_CLI_LONG,
	{ "numero", required_argument, NULL, 'n' },
	{ "numeros", required_argument, NULL, OPT_NUMEROS },
	{ "motif", required_argument, NULL, OPT_MOTIF },
	{ "sous-motif", required_argument, NULL, OPT_SOUS_MOTIF },
	{ "date-courrier", required_argument, NULL, OPT_DATE_COURRIER },
	{ "avertir", no_argument, NULL, OPT_AVERTIR },
	{ "annuler-avertissement", no_argument, NULL, OPT_ANNULER },
	{ "motif-texte", required_argument, NULL, OPT_MOTIF_TEXTE },
	{ "echeances", no_argument, NULL, OPT_ECHEANCES },
	{ NULL, 0, NULL, 0 }
};

enum field {
	F_SUIVI,
	F_NUM_UNIQUE,
	F_DATE_CREATION,
	F_ETAT,
	F_RADIATION_MOTIF,
	F_AV_DATE,
	F_AV_MOTIF,
	F_AV_SOUS_MOTIF,
	F_AV_GUICHET,
	F_AV_ENVOI,
	F_AV_ECHEANCE,
	F_COUNT
};

static const char *const fields[F_COUNT] = {
	[F_SUIVI] = SNE_SUIVI_FIELD,
	[F_NUM_UNIQUE] = SNE_F_NUM_UNIQUE,
	[F_DATE_CREATION] = SNE_F_DATE_CREATION,
	[F_ETAT] = SNE_F_ETAT,
	[F_RADIATION_MOTIF] = SNE_F_RADIATION_MOTIF,
	[F_AV_DATE] = SNE_F_AVERTISSEMENT_DATE,
	[F_AV_MOTIF] = SNE_F_AVERTISSEMENT_MOTIF,
	[F_AV_SOUS_MOTIF] = SNE_F_AVERTISSEMENT_SOUS_MOTIF,
	[F_AV_GUICHET] = SNE_F_AVERTISSEMENT_GUICHET,
	[F_AV_ENVOI] = SNE_F_AVERTISSEMENT_ENVOI,
	[F_AV_ECHEANCE] = SNE_F_AVERTISSEMENT_ECHEANCE,
};

enum mode { MODE_RADIER, MODE_AVERTIR, MODE_ANNULER, MODE_ECHEANCES };

struct options {
	struct sne_selection *selection; /* NULL: every demande (--echeances only) */
	enum mode mode;
	int modes;                 /* how many of --avertir, --annuler..., --echeances */
	const char *motif;         /* as given */
	const char *sous_motif;
	const char *date_courrier_arg;
	struct sne_date date_courrier;
	const char *motif_texte;
};

struct radiate {
	struct sne_output *out;
	const struct sne_cli *cli;
	struct options *options;
	const char *guichet;       /* NULL when none is known */
	const char *refus_motif;   /* why every selected record is refused, or NULL */
	size_t done, refused, radirr, radcon;
	int worst;                 /* 77 when a record was refused for the profile */
};

/* ------------------------------------------------------------------ */
/* options */

static struct sne_selection *selection_of(struct options *options)
{
	if (options->selection == NULL && (options->selection = sne_selection_new()) == NULL)
		sne_die(SNE_EX_SOFTWARE, "mémoire épuisée");
	return options->selection;
}

static void set_mode(struct options *options, enum mode mode)
{
	options->mode = mode;
	options->modes++;
}

static void program_option(struct options *options, int opt, const char *arg)
{
	char why[SNE_WHY_MAX];
	int rc;

	switch (opt) {
	case 'n':
		if (sne_selection_add(selection_of(options), arg, why, sizeof why) != 0)
			sne_cli_usage_error("--numero : %s", why);
		break;
	case OPT_NUMEROS:
		rc = sne_selection_add_file(selection_of(options), arg, why, sizeof why);
		if (rc != 0)
			sne_die(rc, "%s: %s", arg, why);
		break;
	case OPT_MOTIF: options->motif = arg; break;
	case OPT_SOUS_MOTIF: options->sous_motif = arg; break;
	case OPT_DATE_COURRIER:
		options->date_courrier_arg = arg;
		options->date_courrier = sne_cli_parse_date("--date-courrier", arg);
		break;
	case OPT_AVERTIR: set_mode(options, MODE_AVERTIR); break;
	case OPT_ANNULER: set_mode(options, MODE_ANNULER); break;
	case OPT_MOTIF_TEXTE: options->motif_texte = arg; break;
	case OPT_ECHEANCES: set_mode(options, MODE_ECHEANCES); break;
	default: sne_cli_usage_error("option inattendue");
	}
}

/* Whether the configured profile may act for MOTIF (RADABA and RADCON:
 * guichet or gestionnaire; RADIRR, pronounced by a bailleur's CAL:
 * bailleur or gestionnaire). */
static int profil_allows(enum sne_profil profil, enum sne_radiation_motif motif)
{
	if (profil == SNE_PROFIL_GESTIONNAIRE)
		return 1;
	if (motif == SNE_MOTIF_RADIRR)
		return profil == SNE_PROFIL_BAILLEUR;
	return profil == SNE_PROFIL_GUICHET;
}

static const char *profils_of(enum sne_radiation_motif motif)
{
	return motif == SNE_MOTIF_RADIRR ? "bailleur ou gestionnaire" : "guichet ou gestionnaire";
}

/* Exits 77 unless the profile may act for MOTIF. */
static void require_profil(const struct sne_cli *cli, enum sne_radiation_motif motif,
                           const char *code)
{
	if (profil_allows(cli->config.profil, motif))
		return;
	sne_die(SNE_EX_NOPERM, "le profil « %s » ne peut pas %s %s : il faut le profil %s (clé "
	        "« profil » de la configuration)", sne_profil_name(cli->config.profil),
	        motif == SNE_MOTIF_RADABA ? "radier une demande pour" : "demander un avertissement",
	        code, profils_of(motif));
}

static void check_combinations(const struct options *o)
{
	if (o->modes > 1)
		sne_cli_usage_error("--avertir, --annuler-avertissement et --echeances s'excluent");
	if (o->mode == MODE_ECHEANCES &&
	    (o->motif || o->sous_motif || o->date_courrier_arg || o->motif_texte))
		sne_cli_usage_error("--echeances prend le motif de chaque avertissement : il ne se "
		                    "combine pas avec --motif, --sous-motif, --date-courrier ou "
		                    "--motif-texte");
	if (o->mode == MODE_ANNULER && (o->motif || o->sous_motif || o->date_courrier_arg))
		sne_cli_usage_error("--annuler-avertissement clôt l'avertissement en cours, quel que "
		                    "soit son motif : retirez --motif, --sous-motif et --date-courrier");
	if (o->mode == MODE_ANNULER && (o->motif_texte == NULL || o->motif_texte[0] == '\0'))
		sne_cli_usage_error("--annuler-avertissement demande un --motif-texte, inscrit dans "
		                    "l'historique");
	if (o->mode != MODE_ANNULER && o->motif_texte != NULL)
		sne_cli_usage_error("--motif-texte ne sert qu'avec --annuler-avertissement");
	if ((o->mode == MODE_RADIER || o->mode == MODE_AVERTIR) && o->motif == NULL)
		sne_cli_usage_error("--motif manquant : RADABA, ou avec --avertir RADIRR ou RADCON");
	if (o->mode != MODE_ECHEANCES && o->selection == NULL)
		sne_cli_usage_error("aucune demande nommée : donnez --numero NU ou --numeros FICHIER");
	if (o->date_courrier_arg != NULL &&
	    (o->mode != MODE_RADIER || sne_radiation_motif_parse(o->motif) != SNE_MOTIF_RADABA))
		sne_cli_usage_error("--date-courrier ne sert qu'avec --motif RADABA (la renonciation "
		                    "est datée du courrier du demandeur)");
}

/* Why the motif and sous-motif asked for cannot be applied to any
 * demande, or NULL when they can.  WHY holds the text. */
static const char *motif_refusal(const struct options *o, char *why, size_t size)
{
	enum sne_radiation_motif motif = sne_radiation_motif_parse(o->motif);

	if (o->mode != MODE_RADIER && o->mode != MODE_AVERTIR)
		return NULL;
	if (motif == SNE_MOTIF_INCONNU) {
		snprintf(why, size, "motif « %s » refusé : sne-radiate radie pour RADABA, RADIRR ou "
		         "RADCON%s", o->motif,
		         strcmp(o->motif, "RADATT") == 0 ? " ; une attribution se radie avec sne-attrib"
		         : strcmp(o->motif, "RADREN") == 0 ? " ; le non-renouvellement se radie avec "
		                                             "sne-renew --expirer" : "");
		return why;
	}
	if (o->mode == MODE_RADIER && sne_radiation_motif_avertit(motif)) {
		snprintf(why, size, "motif %s : la radiation n'intervient qu'après un avertissement "
		         "envoyé en recommandé avec accusé de réception et le délai écoulé ; "
		         "demandez-le avec --avertir, la radiation se fera par --echeances", o->motif);
		return why;
	}
	if (o->mode == MODE_AVERTIR && !sne_radiation_motif_avertit(motif)) {
		snprintf(why, size, "motif %s : une renonciation se radie sans avertissement ; "
		         "retirez --avertir", o->motif);
		return why;
	}
	if (sne_radiation_sous_motif_check(o->motif, o->sous_motif, why, size) != 0)
		return why;
	return NULL;
}

/* ------------------------------------------------------------------ */
/* records */

__attribute__((format(printf, 3, 4)))
static void refuse(struct radiate *r, const struct sne_record *record, const char *fmt, ...)
{
	char label[32], reason[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof reason, fmt, ap);
	va_end(ap);
	sne_warn_at(sne_record_source(record), sne_record_line(record),
	            sne_record_label(record, sne_record_get(record, F_NUM_UNIQUE), label, sizeof label),
	            "%s ; demande inchangée", reason);
	r->refused++;
}

static const char *fr(struct sne_date date, char *buf)
{
	sne_date_format_fr(date, buf, 64);
	return buf;
}

static int is_equal(const char *text, const char *expected)
{
	return text != NULL && strcmp(text, expected) == 0;
}

static int parse_iso(const char *text, struct sne_date *out)
{
	return text != NULL && sne_date_parse_iso(text, out, NULL, 0) == 0;
}

/* Refuses RECORD unless it is active. */
static int need_active(struct radiate *r, const struct sne_record *record, const char *action)
{
	const char *etat = sne_record_get(record, F_ETAT);
	const char *motif = sne_record_get(record, F_RADIATION_MOTIF);

	if (is_equal(etat, "active"))
		return 0;
	if (is_equal(etat, "radiee"))
		refuse(r, record, "déjà radiée (motif %s) : seule une demande active peut %s",
		       motif != NULL ? motif : "absent", action);
	else
		refuse(r, record, "état « %s » : seule une demande active peut %s",
		       etat != NULL ? etat : "absent", action);
	return -1;
}

/* The suivi of RECORD, or NULL after refusing it. */
static struct sne_suivi *load(struct radiate *r, struct sne_record *record)
{
	struct sne_suivi *suivi = sne_suivi_load(record, F_SUIVI);

	if (suivi == NULL)
		refuse(r, record, "élément suivi illisible ; corrigez la demande");
	return suivi;
}

static void store(struct radiate *r, struct sne_record *record, struct sne_suivi *suivi)
{
	sne_suivi_touch(suivi, r->cli->date, r->guichet);
	sne_suivi_store(suivi, record);
	sne_suivi_free(suivi);
	r->done++;
}

/* Copies attribute NAME of FROM to TO under the name AS, when set. */
static void copy_attr(sne_suivi_node *from, const char *name, sne_suivi_node *to, const char *as)
{
	const char *value = sne_suivi_attr(from, name);

	if (value != NULL)
		sne_suivi_set_attr(to, as, value);
}

/* Closes the avertissement in progress (when there is one), saying WHY. */
static void close_avertissement(struct radiate *r, struct sne_suivi *suivi, const char *why)
{
	sne_radiation_clore_avertissement(suivi, r->cli->date, r->guichet, why);
}

/* --motif RADABA: radiated at once, dated the applicant's letter. */
static void radier(struct radiate *r, struct sne_record *record)
{
	struct sne_date courrier = r->options->date_courrier_arg ? r->options->date_courrier
	                                                         : r->cli->date;
	struct sne_date depot;
	struct sne_suivi *suivi;
	sne_suivi_node *node;
	char a[64], b[64];

	if (need_active(r, record, "être radiée") != 0)
		return;
	if (parse_iso(sne_record_get(record, F_DATE_CREATION), &depot) &&
	    sne_date_cmp(courrier, depot) < 0) {
		refuse(r, record, "courrier de renonciation du %s antérieur au dépôt de la demande "
		       "(%s) ; vérifiez --date-courrier", fr(courrier, a), fr(depot, b));
		return;
	}
	if ((suivi = load(r, record)) == NULL)
		return;
	close_avertissement(r, suivi, "radiation RADABA (renonciation)");
	node = sne_suivi_ensure(suivi, "radiation");
	sne_suivi_set_date(node, "date", courrier);
	sne_suivi_set_attr(node, "motif", "RADABA");
	sne_suivi_set_attr(node, "guichet", r->guichet);
	sne_suivi_set_text(suivi, "etat", "radiee");
	node = sne_suivi_add_evenement(suivi, r->cli->date, "radiation", r->guichet);
	sne_suivi_set_attr(node, "motif", "RADABA");
	sne_suivi_set_date(node, "date-courrier", courrier);
	store(r, record, suivi);
}

/* --avertir: the avertissement recorded, the demande still active. */
static void avertir(struct radiate *r, struct sne_record *record)
{
	const char *en_cours = sne_record_get(record, F_AV_MOTIF);
	struct sne_date depuis;
	struct sne_suivi *suivi;
	sne_suivi_node *node;
	char a[64];

	if (need_active(r, record, "recevoir un avertissement") != 0)
		return;
	if (en_cours != NULL) {
		refuse(r, record, "un avertissement %s est déjà en cours%s%s ; annulez-le d'abord "
		       "(--annuler-avertissement)", en_cours,
		       parse_iso(sne_record_get(record, F_AV_DATE), &depuis) ? " depuis le " : "",
		       parse_iso(sne_record_get(record, F_AV_DATE), &depuis) ? fr(depuis, a) : "");
		return;
	}
	if ((suivi = load(r, record)) == NULL)
		return;
	node = sne_suivi_ensure(suivi, "avertissement");
	sne_suivi_set_date(node, "date", r->cli->date);
	sne_suivi_set_attr(node, "motif", r->options->motif);
	sne_suivi_set_attr(node, "sous-motif", r->options->sous_motif);
	sne_suivi_set_attr(node, "guichet", r->guichet);
	node = sne_suivi_add_evenement(suivi, r->cli->date, "avertissement", r->guichet);
	sne_suivi_set_attr(node, "motif-radiation", r->options->motif);
	sne_suivi_set_attr(node, "sous-motif", r->options->sous_motif);
	store(r, record, suivi);
}

/* --annuler-avertissement: closed, nothing radiated. */
static void annuler(struct radiate *r, struct sne_record *record)
{
	const char *motif = sne_record_get(record, F_AV_MOTIF);
	enum sne_radiation_motif code = sne_radiation_motif_parse(motif);
	struct sne_suivi *suivi;

	if (motif == NULL) {
		refuse(r, record, "aucun avertissement en cours : rien à annuler");
		return;
	}
	if (!profil_allows(r->cli->config.profil, code)) {
		refuse(r, record, "le profil « %s » ne peut pas annuler un avertissement %s : il faut "
		       "le profil %s", sne_profil_name(r->cli->config.profil), motif,
		       profils_of(code));
		r->worst = SNE_EX_NOPERM;
		return;
	}
	if ((suivi = load(r, record)) == NULL)
		return;
	close_avertissement(r, suivi, r->options->motif_texte);
	store(r, record, suivi);
}

/* The radiation at the échéance of a sent avertissement. */
static void radier_echu(struct radiate *r, struct sne_record *record, struct sne_date envoi,
                        struct sne_date echeance)
{
	struct sne_suivi *suivi = load(r, record);
	sne_suivi_node *av, *node, *event;
	const char *motif = sne_record_get(record, F_AV_MOTIF);
	char label[32], a[64];

	if (suivi == NULL)
		return;
	av = sne_suivi_find(suivi, "avertissement");
	node = sne_suivi_ensure(suivi, "radiation");
	sne_suivi_set_date(node, "date", r->cli->date);
	sne_suivi_set_attr(node, "motif", motif);
	copy_attr(av, "sous-motif", node, "sous-motif");
	copy_attr(av, "guichet", node, "guichet");
	sne_suivi_set_date(node, "avertissement", envoi);
	sne_suivi_set_date(node, "echeance", echeance);
	event = sne_suivi_add_evenement(suivi, r->cli->date, "radiation", r->guichet);
	sne_suivi_set_attr(event, "motif", motif);
	copy_attr(av, "sous-motif", event, "sous-motif");
	sne_suivi_set_date(event, "avertissement", envoi);
	sne_suivi_set_date(event, "echeance", echeance);
	sne_suivi_remove(suivi, "avertissement");
	sne_suivi_set_text(suivi, "etat", "radiee");
	store(r, record, suivi);
	if (is_equal(motif, "RADIRR"))
		r->radirr++;
	else
		r->radcon++;
	if (r->cli->verbose)
		sne_info("demande %s radiée %s (avertissement échu le %s)",
		         sne_record_label(record, sne_record_get(record, F_NUM_UNIQUE), label,
		                          sizeof label), motif, fr(echeance, a));
}

/* --echeances on an avertissement not yet sent: the delay has not started.
 * Named when the demande was asked for (SELECTED), or when the delay would
 * have run had it started on the request. */
static void not_sent(struct radiate *r, struct sne_record *record, int selected)
{
	struct sne_date demande;
	const char *motif = sne_record_get(record, F_AV_MOTIF);
	int known = parse_iso(sne_record_get(record, F_AV_DATE), &demande);
	char a[64];

	if (!selected && (!known || !sne_avertissement_est_echu(
	                     sne_avertissement_echeance(demande, r->cli->config.delai_avertissement),
	                     r->cli->date)))
		return;
	refuse(r, record, "avertissement %s%s%s pas encore envoyé : le délai court de l'envoi en "
	       "recommandé avec accusé de réception (sne-notice -i), aucune radiation",
	       motif != NULL ? motif : "", known ? " demandé le " : "", known ? fr(demande, a) : "");
}

/* --echeances: radiates an active demande whose avertissement is due. */
static void echeance(struct radiate *r, struct sne_record *record, int selected)
{
	const char *envoi_text = sne_record_get(record, F_AV_ENVOI);
	const char *echeance_text = sne_record_get(record, F_AV_ECHEANCE);
	const char *motif = sne_record_get(record, F_AV_MOTIF);
	struct sne_date envoi, fin;
	char a[64];

	if (motif == NULL || !is_equal(sne_record_get(record, F_ETAT), "active")) {
		if (selected)
			refuse(r, record, "aucun avertissement en cours sur une demande active : rien à "
			       "radier");
		return;
	}
	if (!sne_radiation_motif_avertit(sne_radiation_motif_parse(motif))) {
		refuse(r, record, "avertissement de motif « %s » inconnu (attendu RADIRR ou RADCON) "
		       "; corrigez la demande", motif);
		return;
	}
	if (envoi_text == NULL) {
		not_sent(r, record, selected);
		return;
	}
	if (!parse_iso(envoi_text, &envoi) ||
	    (echeance_text != NULL && !parse_iso(echeance_text, &fin))) {
		refuse(r, record, "dates de l'avertissement illisibles (envoi, echeance) ; corrigez "
		       "la demande");
		return;
	}
	if (echeance_text == NULL)
		fin = sne_avertissement_echeance(envoi, r->cli->config.delai_avertissement);
	if (sne_avertissement_est_echu(fin, r->cli->date))
		radier_echu(r, record, envoi, fin);
	else if (selected)
		refuse(r, record, "avertissement %s envoyé le %s : le demandeur peut répondre "
		       "jusqu'au %s inclus, radiation possible à partir du lendemain", motif,
		       fr(envoi, a), fr(fin, (char[64]){ 0 }));
}

static int is_selected(struct radiate *r, const struct sne_record *record)
{
	if (r->options->selection == NULL)
		return 0;
	return sne_selection_take(r->options->selection, sne_record_get(record, F_NUM_UNIQUE));
}

static int on_record(struct sne_record *record, void *ctx)
{
	struct radiate *r = ctx;
	int selected = is_selected(r, record);

	if (r->options->mode == MODE_ECHEANCES) {
		if (selected || r->options->selection == NULL)
			echeance(r, record, selected);
	} else if (selected && r->refus_motif != NULL) {
		refuse(r, record, "%s", r->refus_motif);
	} else if (selected) {
		switch (r->options->mode) {
		case MODE_RADIER: radier(r, record); break;
		case MODE_AVERTIR: avertir(r, record); break;
		default: annuler(r, record); break;
		}
	}
	return sne_record_emit(record, r->out);
}

static int on_tail(const char *bytes, size_t len, void *ctx)
{
	struct radiate *r = ctx;

	return sne_output_emit(r->out, bytes, len);
}

static void print_summary(const struct radiate *r)
{
	const struct options *o = r->options;

	switch (o->mode) {
	case MODE_RADIER:
		sne_info("%s %s, %s",
		         sne_count(r->done, SNE_FEMININE, "demande radiée", "demandes radiées").text,
		         o->motif, sne_count(r->refused, SNE_FEMININE, "refusée", "refusées").text);
		break;
	case MODE_AVERTIR:
		sne_info("%s %s, à envoyer par sne-notice ; %s",
		         sne_count(r->done, SNE_MASCULINE, "avertissement inscrit",
		                   "avertissements inscrits").text, o->motif,
		         sne_count(r->refused, SNE_MASCULINE, "refusé", "refusés").text);
		break;
	case MODE_ANNULER:
		sne_info("%s, %s",
		         sne_count(r->done, SNE_MASCULINE, "avertissement annulé",
		                   "avertissements annulés").text,
		         sne_count(r->refused, SNE_MASCULINE, "refusé", "refusés").text);
		break;
	case MODE_ECHEANCES:
		sne_info("%s à l'échéance de leur avertissement (%zu RADIRR, %zu RADCON), %s",
		         sne_count(r->done, SNE_FEMININE, "demande radiée", "demandes radiées").text,
		         r->radirr, r->radcon,
		         sne_count(r->refused, SNE_FEMININE, "refusée", "refusées").text);
		break;
	}
}

static void parse_args(struct sne_cli *cli, struct options *options, int argc, char **argv)
{
	int opt;

	sne_cli_init(cli, argv[0], usage);
	cli->selection_on_stop = &options->selection;
	while ((opt = sne_cli_getopt(argc, argv, SNE_CLI_SHORT "n:", long_options)) != -1)
		if (!sne_cli_common(cli, opt, optarg))
			program_option(options, opt, optarg);
	sne_cli_finish(cli, argc, argv);
	check_combinations(options);
	if (options->date_courrier_arg != NULL && sne_date_cmp(options->date_courrier, cli->date) > 0)
		sne_cli_usage_error("--date-courrier %s postérieure à la date du jour : la "
		                    "renonciation est datée d'un courrier reçu", options->date_courrier_arg);
	if (options->mode != MODE_ECHEANCES)
		sne_cli_require_guichet(cli);
}

static int program(int argc, char **argv)
{
	struct sne_cli cli;
	struct options options = { 0 };
	struct radiate r = { .cli = &cli, .options = &options };
	struct sne_stream_spec spec = {
		.record_ns = SNE_NS_NUU, .record_name = SNE_DEMANDE_NAME,
		.fields = fields, .nfields = F_COUNT, .text_only = 1,
		.on_record = on_record, .on_tail = on_tail, .ctx = &r,
	};
	struct sne_store_select rows = { 0 };
	char why[SNE_WHY_MAX];
	int rc;

	parse_args(&cli, &options, argc, argv);
	r.refus_motif = motif_refusal(&options, why, sizeof why);
	if (r.refus_motif == NULL && (options.mode == MODE_RADIER || options.mode == MODE_AVERTIR))
		require_profil(&cli, sne_radiation_motif_parse(options.motif), options.motif);
	r.guichet = cli.guichet[0] != '\0' ? cli.guichet : NULL;
	if (options.selection != NULL) { /* an SQLite register reads their rows only */
		rows.kind = SNE_STORE_NUMEROS;
		rows.numeros = options.selection;
		cli.store_select = &rows;
	} else if (options.mode == MODE_ECHEANCES) { /* by the index of avertissements */
		rows.kind = SNE_STORE_AVERTISSEMENTS;
		cli.store_select = &rows;
	}
	rc = sne_cli_run(&cli, &spec, &r.out);
	if (rc < SNE_EX_USAGE) {
		size_t unseen = sne_selection_report_unseen(options.selection,
					"absente de l'entrée : rien n'a été fait ; "
					"vérifiez le numéro et le fichier");

		if (r.refused > 0 || unseen > 0)
			rc = sne_exit_worst(rc, SNE_EX_REFUSED);
		rc = sne_exit_worst(rc, r.worst);
		print_summary(&r);
	}
	sne_selection_free(options.selection);
	sne_cli_free(&cli);
	return rc;
}

int sne_radiate_main(int argc, char **argv, FILE *err)
{
	return sne_cli_main(argc, argv, err, program);
}
