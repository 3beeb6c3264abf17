/* sne-validate: the guichet's side of the portail grand public.  Finds the
 * demandes en attente de validation of one e-mail address, validates them
 * (numéro unique with code guichet GDPUB) or invalidates them with a
 * motif; --check checks every record against the XSD and the rules. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sne/check.h"
#include "sne/access.h"
#include "sne/cli.h"
#include "sne/count.h"
#include "sne/demande.h"
#include "sne/enregistrement.h"
#include "sne/err.h"
#include "sne/paths.h"
#include "sne/suivi.h"
#include "sne_programs.h"

static const char usage[] =
	"usage : sne-validate --courriel ADRESSE [FICHIER...]\n"
	"        sne-validate --courriel ADRESSE --valider [--numero-pgp RANG] [options]\n"
	"        sne-validate --courriel ADRESSE --invalider --motif TEXTE\n"
	"                     [--numero-pgp RANG] [options]\n"
	"        sne-validate --check [FICHIER...]\n"
	"Valide les demandes du portail grand public soumises pour validation.\n"
	"\n"
	"Avec --courriel seul, écrit sur la sortie (flux interfaceNuu) les demandes\n"
	"« en-attente-validation » de cette adresse, et les liste sur l'erreur avec leur\n"
	"rang. Les brouillons ne sont jamais montrés. Avec --valider ou --invalider, le\n"
	"programme est un filtre du registre : toutes les demandes sont écrites, seules\n"
	"celles trouvées (ou celle du rang donné) sont modifiées ; utilisez -i pour\n"
	"réécrire le registre sur place.\n"
	"\n"
	"      --courriel ADRESSE  adresse électronique du demandeur ; seule clé de\n"
	"                          recherche, sans casse ni blancs autour\n"
	"      --valider           enregistrer la demande ; numéro unique …GDPUB, état\n"
	"                          « active », dépôt à la date de soumission\n"
	"      --invalider         refuser la demande ; état « invalidee » avec --motif,\n"
	"                          le demandeur corrige et soumet de nouveau\n"
	"      --motif TEXTE       motif de l'invalidation (avec --invalider)\n"
	"      --numero-pgp RANG   ne traiter que la demande de ce rang (1, 2…) ; parmi\n"
	"                          celles trouvées pour l'adresse, dans l'ordre du flux\n"
	"      --check             contrôler chaque demande (schéma XSD et règles) ;\n"
	"                          signaler chaque erreur avec sa ligne ; rien sur la\n"
	"                          sortie ; code 0 si tout est valide, 65 sinon\n"
	"  -g, --guichet CODE      code guichet qui valide ; obligatoire pour --valider\n"
	"                          et --invalider\n"
	"  -d, --date DATE         date du jour (AAAA-MM-JJ ou JJ/MM/AAAA)\n"
	"  -i, --in-place REGISTRE réécrire le registre sur place (verrouillé)\n"
	"      --wait              attendre le verrou au lieu d'échouer (code 75)\n"
	"  -c, --config FICHIER    configuration YAML\n"
	"  -q, --quiet             pas de bilan\n"
	"  -v, --verbose           nommer les demandes conformes (--check)\n"
	"      --progress          avancement sur le terminal\n"
	"  -h, --help              cette aide ;   -V, --version  la version\n"
	"\n"
	"Codes de sortie : 0 fait ; 1 aucune demande en attente pour l'adresse, ou des\n"
	"demandes refusées ; 64 usage ; 65 entrée invalide (ou erreurs de --check) ;\n"
	"66 entrée absente ; 74 E/S ; 75 registre verrouillé ; 78 configuration.\n";

enum {
	OPT_COURRIEL = SNE_OPT_FIRST_PROGRAM,
	OPT_VALIDER,
	OPT_INVALIDER,
	OPT_MOTIF,
	OPT_NUMERO_PGP,
	OPT_CHECK
};

static const struct option long_options[] = {
	SNE_CLI_LONG,
	{ "courriel", required_argument, NULL, OPT_COURRIEL },
	{ "valider", no_argument, NULL, OPT_VALIDER },
	{ "invalider", no_argument, NULL, OPT_INVALIDER },
	{ "motif", required_argument, NULL, OPT_MOTIF },
	{ "numero-pgp", required_argument, NULL, OPT_NUMERO_PGP },
	{ "check", no_argument, NULL, OPT_CHECK },
	{ NULL, 0, NULL, 0 }
};

enum mode { MODE_LISTE, MODE_VALIDER, MODE_INVALIDER, MODE_CHECK };

struct options {
	enum mode mode;
	const char *courriel;
	const char *motif;
	long rang;        /* 0: every match */
};

struct validate {
	struct sne_output *out;
	const struct sne_cli *cli;
	const struct options *opt;
	struct sne_numeroteur *numeros;
	struct sne_schema *schema;
	struct sne_communes *communes;  /* --check: postal codes of the communes */
	unsigned long matches, brouillons, changed, refused, records, invalid, errors, warnings;
	int status;
};

/* ------------------------------------------------------------------ */
/* output */

static int put(struct validate *v, const char *bytes, size_t len)
{
	return sne_output_emit(v->out, bytes, len);
}

static int write_record(struct validate *v, struct sne_record *rec)
{
	return sne_record_emit(rec, v->out);
}

static int refuse(struct validate *v, struct sne_record *rec, const char *why)
{
	char id[32];

	sne_warn_at(sne_record_source(rec), sne_record_line(rec),
	            sne_record_label(rec, sne_record_get(rec, SNE_CK_NUM_UNIQUE), id, sizeof id),
	            "%s", why);
	v->refused++;
	v->status = sne_exit_worst(v->status, SNE_EX_REFUSED);
	return write_record(v, rec);
}

/* ------------------------------------------------------------------ */
/* --check */

struct check_report {
	const struct sne_record *rec;
	unsigned long *errors;
};

static void report_error(void *ctx, long line, const char *message)
{
	struct check_report *r = ctx;
	char id[32];

	sne_warn_at(sne_record_source(r->rec), line,
	            sne_record_label(r->rec, sne_record_get(r->rec, SNE_CK_NUM_UNIQUE), id, sizeof id),
	            "%s",
	            message);
	(*r->errors)++;
}

static int check_record(struct validate *v, struct sne_record *rec)
{
	struct check_report r = { rec, &v->errors };
	struct check_report warnings = { rec, &v->warnings };
	size_t problems = sne_schema_check(v->schema, rec, report_error, &r);

	problems += sne_check_regles(rec, v->cli->date, report_error, &r);
	/* warnings only: neither the exit status nor the count of errors */
	sne_check_adresse(rec, v->communes, report_error, &warnings);
	v->records++;
	if (problems > 0)
		v->invalid++;
	else if (v->cli->verbose) {
		char id[32];
		sne_info("demande %s : conforme",
		         sne_record_label(rec, sne_record_get(rec, SNE_CK_NUM_UNIQUE), id, sizeof id));
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* validation and invalidation */

/* The date de dépôt of a PGP demande: its last submission. */
static struct sne_date date_of_submission(const struct validate *v, const struct sne_record *rec)
{
	struct sne_date date;
	const char *text = sne_record_get(rec, SNE_CK_DATE_CREATION);

	if (sne_check_last_evenement(rec, "soumission", &date) == 0)
		return date;
	if (text != NULL && sne_date_parse_iso(text, &date, NULL, 0) == 0)
		return date;
	return v->cli->date;
}

static int store_validation(struct validate *v, struct sne_record *rec, struct sne_date depot)
{
	struct sne_suivi *s = sne_suivi_load(rec, SNE_CK_SUIVI);

	if (s == NULL)
		return -1;
	sne_suivi_set_text(s, "etat", "active");
	sne_suivi_touch(s, v->cli->date, v->cli->guichet);
	sne_suivi_set_date(sne_suivi_ensure(s, "renouvellement"), "prochain",
	                   sne_date_add_years(depot, 1));
	sne_suivi_add_evenement(s, v->cli->date, "validation", v->cli->guichet);
	sne_suivi_store(s, rec);
	sne_suivi_free(s);
	return 0;
}

static int validate_one(struct validate *v, struct sne_record *rec)
{
	char territoire[SNE_TERRITOIRE_SIZE], numero[SNE_NUMERO_SIZE], iso[SNE_DATE_ISO_SIZE];
	char why[SNE_WHY_MAX * 2];
	struct sne_date depot = date_of_submission(v, rec);
	int rc;

	if (sne_check_contenu_first(rec, v->cli->date, why, sizeof why) != 0 ||
	    sne_check_territoire(rec, territoire, why, sizeof why) != 0 ||
	    sne_access_check_territoire(v->cli, territoire, why, sizeof why) != 0)
		return refuse(v, rec, why);
	rc = sne_numeroteur_next(v->numeros, territoire, depot, SNE_GUICHET_PGP, numero, why,
	                         sizeof why);
	if (rc == SNE_EX_DATAERR)
		return refuse(v, rec, why);
	if (rc != 0) {
		sne_warn("%s", why);
		return rc;
	}
	sne_date_format(depot, iso);
	snprintf(why, sizeof why, "suivi illisible");
	if (sne_enregistrement_set_entete(rec, SNE_GUICHET_PGP, numero, iso, why, sizeof why) != 0 ||
	    store_validation(v, rec, depot) != 0)
		return refuse(v, rec, why);
	sne_info("demande n°%zu validée : numéro unique %s", sne_record_rank(rec), numero);
	v->changed++;
	return write_record(v, rec);
}

static int invalidate_one(struct validate *v, struct sne_record *rec)
{
	struct sne_suivi *s = sne_suivi_load(rec, SNE_CK_SUIVI);
	sne_suivi_node *node;

	if (s == NULL)
		return refuse(v, rec, "suivi illisible ; corrigez la demande");
	sne_suivi_set_text(s, "etat", "invalidee");
	sne_suivi_touch(s, v->cli->date, v->cli->guichet);
	node = sne_suivi_ensure(s, "invalidation");
	sne_suivi_set_date(node, "date", v->cli->date);
	sne_suivi_set_attr(node, "motif", v->opt->motif);
	node = sne_suivi_add_evenement(s, v->cli->date, "invalidation", v->cli->guichet);
	sne_suivi_set_attr(node, "motif", v->opt->motif);
	sne_suivi_store(s, rec);
	sne_suivi_free(s);
	v->changed++;
	return write_record(v, rec);
}

/* ------------------------------------------------------------------ */
/* records */

static int is_state(const struct sne_record *rec, const char *etat)
{
	const char *text = sne_record_get(rec, SNE_CK_ETAT);

	return text != NULL && strcmp(text, etat) == 0;
}

/* Whether REC is a demande en attente of the address; counts the
 * brouillons of the address for the hint. */
static int matches(struct validate *v, const struct sne_record *rec)
{
	if (!sne_check_same_courriel(sne_record_get(rec, SNE_CK_MEL), v->opt->courriel))
		return 0;
	if (is_state(rec, "brouillon"))
		v->brouillons++;
	return is_state(rec, "en-attente-validation");
}

static void list_match(struct validate *v, const struct sne_record *rec)
{
	struct sne_date depot = date_of_submission(v, rec);

	sne_info("rang %lu : demande n°%zu (%s:%ld), soumise le %s", v->matches,
	         sne_record_rank(rec), sne_record_source(rec), sne_record_line(rec),
	         sne_date_text(depot).text);
}

/* Listing: only the matches, with the stream's prolog and tail. */
static int list_record(struct validate *v, struct sne_record *rec, int match)
{
	size_t len;
	const char *gap = sne_record_gap(rec, &len);

	if (!match)
		return sne_record_rank(rec) == 1 ? put(v, gap, len) : 0;
	list_match(v, rec);
	return write_record(v, rec);
}

static int on_record(struct sne_record *rec, void *ctx)
{
	struct validate *v = ctx;
	int match;

	if (v->opt->mode == MODE_CHECK)
		return check_record(v, rec);
	match = matches(v, rec);
	if (match)
		v->matches++;
	if (v->opt->mode == MODE_LISTE)
		return list_record(v, rec, match);
	if (!match || (v->opt->rang > 0 && (long)v->matches != v->opt->rang))
		return write_record(v, rec);
	if (v->opt->mode == MODE_VALIDER)
		return validate_one(v, rec);
	return invalidate_one(v, rec);
}

static int on_tail(const char *bytes, size_t len, void *ctx)
{
	struct validate *v = ctx;

	return v->opt->mode == MODE_CHECK ? 0 : put(v, bytes, len);
}

/* ------------------------------------------------------------------ */
/* command line */

static long parse_rang(const char *text)
{
	char *end;
	long rang = strtol(text, &end, 10);

	if (*text == '\0' || *end != '\0' || rang < 1)
		sne_cli_usage_error("option --numero-pgp : rang « %s » invalide (attendu 1, 2…)", text);
	return rang;
}

static void set_mode(struct options *opt, enum mode mode)
{
	if (opt->mode != MODE_LISTE && opt->mode != mode)
		sne_cli_usage_error("--valider, --invalider et --check s'excluent");
	opt->mode = mode;
}

static void check_options(const struct sne_cli *cli, const struct options *opt)
{
	if (opt->mode == MODE_CHECK) {
		if (opt->courriel != NULL || cli->in_place != NULL)
			sne_cli_usage_error("--check ne prend ni --courriel ni --in-place");
		return;
	}
	if (opt->courriel == NULL || opt->courriel[strspn(opt->courriel, " \t")] == '\0')
		sne_cli_usage_error("donnez --courriel ADRESSE (ou --check)");
	if ((opt->motif != NULL) != (opt->mode == MODE_INVALIDER))
		sne_cli_usage_error("--invalider demande --motif TEXTE, et --motif ne va qu'avec "
		                    "--invalider");
	if (opt->mode == MODE_LISTE && (opt->rang > 0 || cli->in_place != NULL))
		sne_cli_usage_error("--numero-pgp et --in-place vont avec --valider ou --invalider");
}

static void parse_options(struct sne_cli *cli, struct options *opt, int argc, char **argv)
{
	int o;

	while ((o = sne_cli_getopt(argc, argv, SNE_CLI_SHORT, long_options)) != -1) {
		if (sne_cli_common(cli, o, optarg))
			continue;
		switch (o) {
		case OPT_COURRIEL: opt->courriel = optarg; break;
		case OPT_VALIDER: set_mode(opt, MODE_VALIDER); break;
		case OPT_INVALIDER: set_mode(opt, MODE_INVALIDER); break;
		case OPT_CHECK: set_mode(opt, MODE_CHECK); break;
		case OPT_MOTIF: opt->motif = optarg; break;
		case OPT_NUMERO_PGP: opt->rang = parse_rang(optarg); break;
		}
	}
}

static void load_schema(struct validate *v)
{
	char path[4096], why[SNE_WHY_MAX + 4096];

	snprintf(path, sizeof path, "%s/xsd/interfaceNuu.xsd", sne_share_dir());
	v->schema = sne_schema_load(path, why, sizeof why);
	if (v->schema == NULL)
		sne_die(SNE_EX_CONFIG, "%s", why);
	v->communes = sne_communes_open_default(why, sizeof why);
	if (v->communes == NULL)
		sne_die(SNE_EX_CONFIG, "%s", why);
}

static int summary_check(struct validate *v, int rc)
{
	sne_info("%s, %s (%s)",
	         sne_count(v->records, SNE_FEMININE, "demande contrôlée", "demandes contrôlées").text,
	         sne_count(v->invalid, SNE_FEMININE, "en erreur", "en erreur").text,
	         sne_count(v->errors, SNE_FEMININE, "erreur", "erreurs").text);
	if (v->warnings > 0)
		sne_info("%s sur les adresses postales (sans effet sur le code de sortie)",
		         sne_count(v->warnings, SNE_MASCULINE, "avertissement", "avertissements").text);
	return v->errors > 0 ? sne_exit_worst(rc, SNE_EX_DATAERR) : rc;
}

/* Nothing found for the address: say why, and what to do. */
static int summary_matches(struct validate *v, int rc)
{
	if (v->matches == 0 && v->brouillons > 0) {
		sne_warn("aucune demande en attente de validation pour ce courriel : %s ; le "
		         "demandeur doit d'abord %s pour validation sur le portail grand public",
		         sne_count(v->brouillons, SNE_FEMININE, "demande encore en brouillon",
		                   "demandes encore en brouillon").text,
		         v->brouillons > 1 ? "les soumettre" : "la soumettre");
		return sne_exit_worst(rc, SNE_EX_REFUSED);
	}
	if (v->matches == 0) {
		sne_warn("aucune demande en attente de validation pour ce courriel");
		return sne_exit_worst(rc, SNE_EX_REFUSED);
	}
	if (v->opt->rang > (long)v->matches) {
		sne_warn("option --numero-pgp : rang %ld absent, %s pour ce courriel", v->opt->rang,
		         sne_count(v->matches, SNE_FEMININE, "demande en attente",
		                   "demandes en attente").text);
		return sne_exit_worst(rc, SNE_EX_REFUSED);
	}
	if (v->opt->mode == MODE_LISTE)
		sne_info("%s pour ce courriel",
		         sne_count(v->matches, SNE_FEMININE, "demande en attente de validation",
		                   "demandes en attente de validation").text);
	else
		sne_info("%s, %s",
		         v->opt->mode == MODE_VALIDER
		         ? sne_count(v->changed, SNE_FEMININE, "demande validée", "demandes validées").text
		         : sne_count(v->changed, SNE_FEMININE, "demande invalidée",
		                     "demandes invalidées").text,
		         sne_count(v->refused, SNE_FEMININE, "refusée", "refusées").text);
	return rc;
}

static int program(int argc, char **argv)
{
	struct sne_cli cli;
	struct options opt = { MODE_LISTE, NULL, NULL, 0 };
	struct validate v;
	struct sne_stream_spec spec = {
		.record_ns = SNE_NS_NUU,
		.envelope = &sne_envelope_interface,
		.record_name = SNE_DEMANDE_NAME,
		.fields = sne_check_fields,
		.nfields = SNE_CK_NFIELDS,
		.on_record = on_record,
		.on_tail = on_tail,
	};
	struct sne_store_select rows = { 0 };
	int rc;

	sne_cli_init(&cli, argv[0], usage);
	parse_options(&cli, &opt, argc, argv);
	sne_cli_finish(&cli, argc, argv);
	check_options(&cli, &opt);
	sne_cli_refuse_portail(&cli);
	if (opt.mode == MODE_VALIDER || opt.mode == MODE_INVALIDER)
		sne_cli_require_guichet(&cli);
	memset(&v, 0, sizeof v);
	v.cli = &cli;
	v.opt = &opt;
	v.numeros = sne_numeroteur_new(&cli.config);
	if (cli.in_place != NULL) { /* numbers unseen until the register is replaced */
		sne_numeroteur_hold(v.numeros);
		cli.before_commit = sne_numeroteur_commit_hook;
		cli.before_commit_ctx = v.numeros;
	}
	if (opt.mode == MODE_CHECK) {
		spec.fields = sne_check_rule_fields;
		spec.text_only = 1;
		load_schema(&v);
		sne_schema_stream(v.schema, &spec);
	}
	spec.ctx = &v;
	if (opt.courriel != NULL) { /* an SQLite register reads its rows by the e-mail index */
		rows.kind = SNE_STORE_COURRIEL;
		rows.courriel = opt.courriel;
		cli.store_select = &rows;
	}
	rc = sne_exit_worst(sne_cli_run(&cli, &spec, &v.out), v.status);
	rc = sne_exit_worst(rc, sne_numeroteur_free(v.numeros));
	if (rc < SNE_EX_USAGE)
		rc = opt.mode == MODE_CHECK ? summary_check(&v, rc) : summary_matches(&v, rc);
	sne_schema_free(v.schema);
	sne_communes_close(v.communes);
	sne_cli_free(&cli);
	return rc;
}

int sne_validate_main(int argc, char **argv, FILE *err)
{
	return sne_cli_main(argc, argv, err, program);
}
