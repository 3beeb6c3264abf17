/* sne-create: register new demandes.  A guichet demande is checked, gets
 * its territory, its numéro unique and a suivi "active"; a demande of the
 * portail grand public (--origine pgp, or numGuichet GDPUB) becomes a
 * "brouillon", or "en-attente-validation" with --soumise, without numéro.
 * --soumise also submits a brouillon again, or brings an "invalidee"
 * demande back to "en-attente-validation" once corrected: one given as
 * input, never one already in the register rewritten by -i.
 *
 * Records that are already registered pass through unchanged; a refused
 * record passes through unchanged too (or goes to --rejets). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sne/check.h"
#include "sne/access.h"
#include "sne/cli.h"
#include "sne/count.h"
#include "sne/demande.h"
#include "sne/doublon.h"
#include "sne/enregistrement.h"
#include "sne/err.h"
#include "sne/identite.h"
#include "sne/rejets.h"
#include "sne/suivi.h"
#include "sne_programs.h"

static const char usage[] =
	"usage : sne-create [options] [FICHIER...]\n"
	"        sne-create -i REGISTRE [options] [FICHIER...]\n"
	"Enregistre les nouvelles demandes du flux (interfaceNuu) : contrôle du contenu\n"
	"obligatoire, territoire des communes souhaitées, numéro unique, suivi\n"
	"« active ».\n"
	"Les demandes déjà enregistrées passent inchangées ; une demande refusée passe\n"
	"inchangée sur la sortie (ou va dans --rejets) avec un message, et le code de\n"
	"sortie vaut 1.\n"
	"\n"
	"      --origine ORIGINE  guichet (défaut) ou pgp ; une demande du portail grand\n"
	"                         public (ou de numGuichet GDPUB) devient « brouillon »,\n"
	"                         sans numéro\n"
	"      --soumise          (pgp) demande soumise pour validation ; état\n"
	"                         « en-attente-validation » ; soumet aussi un brouillon\n"
	"                         ou une demande invalidée puis corrigée\n"
	"      --registre FICHIER refuser un doublon du registre ; même nom, prénom et\n"
	"                         date de naissance, sans casse ni accents, demande\n"
	"                         active ou en attente du même territoire ; avec -i, le\n"
	"                         registre réécrit sert aussi\n"
	"      --rejets FICHIER   écrire les demandes refusées dans FICHIER ; un flux\n"
	"                         interfaceNuu valide, motif en commentaire, au lieu de\n"
	"                         les laisser passer sur la sortie\n"
	"  -g, --guichet CODE     code guichet qui enregistre ; obligatoire, ou clé\n"
	"                         « guichet »\n"
	"  -d, --date DATE        date du jour (AAAA-MM-JJ ou JJ/MM/AAAA) ; date de dépôt\n"
	"                         des demandes sans dateCreationDemande\n"
	"  -i, --in-place REGISTRE  réécrire le registre sur place (verrouillé) ; y\n"
	"                         ajouter les demandes des FICHIERs nommés\n"
	"      --wait             attendre le verrou au lieu d'échouer (code 75)\n"
	"  -c, --config FICHIER   configuration YAML\n"
	"  -q, --quiet            pas de bilan\n"
	"  -v, --verbose          nommer chaque numéro attribué\n"
	"      --progress         avancement sur le terminal\n"
	"  -h, --help             cette aide ;   -V, --version  la version\n"
	"\n"
	"Codes de sortie : 0 fait ; 1 des demandes refusées ; 64 usage ; 65 entrée\n"
	"invalide ; 66 entrée absente ; 73 sortie impossible à créer ; 74 E/S ;\n"
	"75 registre verrouillé ; 78 configuration.\n";

enum { OPT_ORIGINE = SNE_OPT_FIRST_PROGRAM, OPT_SOUMISE, OPT_REGISTRE, OPT_REJETS };

static const struct option long_options[] = {
	SNE_CLI_LONG,
	{ "origine", required_argument, NULL, OPT_ORIGINE },
	{ "soumise", no_argument, NULL, OPT_SOUMISE },
	{ "registre", required_argument, NULL, OPT_REGISTRE },
	{ "rejets", required_argument, NULL, OPT_REJETS },
	{ NULL, 0, NULL, 0 }
};

struct options {
	int pgp;
	int soumise;
	const char *registre;
	const char *rejets;
};

struct counts {
	unsigned long actives, brouillons, soumises, inchangees, refusees;
};

struct create {
	struct sne_output *out;
	const struct sne_cli *cli;
	const struct options *opt;
	struct sne_doublon *doublons;
	struct sne_numeroteur *numeros;
	struct sne_rejets *rejets;
	struct sne_communes *communes;  /* the INSEE codes that exist */
	struct counts counts;
	int status;
};

/* What a new demande becomes. */
enum cible { CIBLE_ACTIVE, CIBLE_BROUILLON, CIBLE_SOUMISE };

/* ------------------------------------------------------------------ */
/* writing records */

static int write_record(struct create *c, struct sne_record *rec)
{
	return sne_record_emit(rec, c->out);
}

/* A refused record: the message, then the record unchanged, on the output
 * or in the rejets file. */
static int refuse(struct create *c, struct sne_record *rec, const char *why)
{
	char id[32];
	size_t gap_len;
	const char *gap = sne_record_gap(rec, &gap_len);

	sne_warn_at(sne_record_source(rec), sne_record_line(rec),
	            sne_record_label(rec, sne_record_get(rec, SNE_CK_NUM_UNIQUE), id, sizeof id),
	            "%s", why);
	c->counts.refusees++;
	c->status = sne_exit_worst(c->status, SNE_EX_REFUSED);
	if (c->rejets == NULL)
		return write_record(c, rec);
	if (sne_rejets_write(c->rejets, rec, why) != 0) {
		sne_warn("%s: écriture impossible :", sne_rejets_path(c->rejets));
		return SNE_EX_IOERR;
	}
	return sne_output_emit(c->out, gap, gap_len);
}

/* ------------------------------------------------------------------ */
/* checks */

static uint64_t identity_key(const struct sne_record *rec, const char *territoire)
{
	return sne_identite_key(sne_record_get(rec, SNE_CK_NOM), sne_record_get(rec, SNE_CK_PRENOM),
	                        sne_record_get(rec, SNE_CK_DATE_NAISSANCE), territoire);
}

/* 0, or -1 with WHY naming the demande this one doubles. */
static int check_doublon(struct create *c, uint64_t key, const char *territoire, char *why,
                         size_t size)
{
	const struct sne_doublon_entry *e = sne_doublon_find(c->doublons, key);

	if (e == NULL && sne_doublon_error(c->doublons) != NULL) {
		snprintf(why, size, "%s", sne_doublon_error(c->doublons));
		return -1;
	}
	if (e == NULL)
		return 0;
	if (e->numero[0])
		snprintf(why, size, "doublon de la demande %s (même nom, prénom et date de naissance, "
		         "territoire %s) ; mettez à jour ou renouvelez la demande existante", e->numero,
		         territoire);
	else
		snprintf(why, size, "doublon de la demande n°%u du registre, en attente de validation "
		         "(même nom, prénom et date de naissance, territoire %s) ; validez-la avec "
		         "sne-validate", (unsigned)e->rank, territoire);
	return -1;
}

/* The date de dépôt: the dateCreationDemande given, else the run's date. */
static struct sne_date depot_of(const struct create *c, const struct sne_record *rec)
{
	struct sne_date depot;
	const char *text = sne_record_get(rec, SNE_CK_DATE_CREATION);

	if (text != NULL && sne_date_parse_iso(text, &depot, NULL, 0) == 0)
		return depot;
	return c->cli->date;
}

/* Content, territory and doublon checks of a demande to register. */
static int check_registrable(struct create *c, const struct sne_record *rec, char *territoire,
                             uint64_t *key, char *why, size_t size)
{
	if (sne_check_contenu_first(rec, c->cli->date, why, size) != 0)
		return -1;
	if (sne_check_territoire_connu(rec, c->communes, territoire, why, size) != 0 ||
	    sne_access_check_territoire(c->cli, territoire, why, size) != 0)
		return -1;
	*key = identity_key(rec, territoire);
	return check_doublon(c, *key, territoire, why, size);
}

/* ------------------------------------------------------------------ */
/* the suivi */

static int store_suivi(struct sne_record *rec, const char *etat, const char *origine,
                       const struct sne_date *prochain, struct sne_date today,
                       const char *guichet, const char *const *evenements)
{
	struct sne_suivi *s;

	if (sne_record_value(rec, SNE_CK_SUIVI, 0) == NULL) {
		/* the usual new demande: its suivi written as text, no tree */
		struct sne_suivi_nouveau nouveau = { etat, origine, today, guichet, prochain,
		                                     evenements };
		sne_suivi_store_new(rec, &nouveau);
		return 0;
	}
	s = sne_suivi_load(rec, SNE_CK_SUIVI);
	if (s == NULL)
		return -1;
	sne_suivi_set_text(s, "etat", etat);
	if (origine != NULL)
		sne_suivi_set_text(s, "origine", origine);
	sne_suivi_touch(s, today, guichet);
	if (prochain != NULL)
		sne_suivi_set_date(sne_suivi_ensure(s, "renouvellement"), "prochain", *prochain);
	sne_suivi_remove(s, "invalidation");
	for (; *evenements; evenements++)
		sne_suivi_add_evenement(s, today, *evenements, guichet);
	sne_suivi_store(s, rec);
	sne_suivi_free(s);
	return 0;
}

/* ------------------------------------------------------------------ */
/* the three ways in */

static int create_active(struct create *c, struct sne_record *rec)
{
	static const char *const evenements[] = { "creation", NULL };
	char territoire[SNE_TERRITOIRE_SIZE], numero[SNE_NUMERO_SIZE], iso[SNE_DATE_ISO_SIZE];
	char why[SNE_WHY_MAX * 2];
	struct sne_date depot = depot_of(c, rec), prochain = sne_date_add_years(depot, 1);
	uint64_t key;
	int rc;

	if (check_registrable(c, rec, territoire, &key, why, sizeof why) != 0)
		return refuse(c, rec, why);
	rc = sne_numeroteur_next(c->numeros, territoire, depot, c->cli->guichet, numero, why,
	                         sizeof why);
	if (rc == SNE_EX_DATAERR)
		return refuse(c, rec, why);
	if (rc != 0) {
		sne_warn("%s", why);
		return rc;
	}
	sne_date_format(depot, iso);
	if (sne_enregistrement_set_entete(rec, c->cli->guichet, numero, iso, why, sizeof why) != 0 ||
	    store_suivi(rec, "active", "guichet", &prochain, c->cli->date, c->cli->guichet,
	                evenements) != 0)
		return refuse(c, rec, why);
	sne_doublon_add(c->doublons, key, numero, sne_record_rank(rec));
	c->counts.actives++;
	if (c->cli->verbose)
		sne_info("demande n°%zu enregistrée : numéro unique %s", sne_record_rank(rec), numero);
	return write_record(c, rec);
}

static int create_pgp(struct create *c, struct sne_record *rec, enum cible cible)
{
	static const char *const brouillon[] = { "creation", NULL };
	static const char *const soumise[] = { "creation", "soumission", NULL };
	char territoire[SNE_TERRITOIRE_SIZE], iso[SNE_DATE_ISO_SIZE], why[SNE_WHY_MAX * 2];
	uint64_t key = 0;

	if (cible == CIBLE_SOUMISE &&
	    check_registrable(c, rec, territoire, &key, why, sizeof why) != 0)
		return refuse(c, rec, why);
	sne_date_format(depot_of(c, rec), iso);
	snprintf(why, sizeof why, "suivi illisible");
	if (sne_enregistrement_set_entete(rec, SNE_GUICHET_PGP, NULL,
	                                  cible == CIBLE_SOUMISE ? iso : NULL, why, sizeof why) != 0 ||
	    store_suivi(rec, cible == CIBLE_SOUMISE ? "en-attente-validation" : "brouillon", "pgp",
	                NULL, c->cli->date, SNE_GUICHET_PGP,
	                cible == CIBLE_SOUMISE ? soumise : brouillon) != 0)
		return refuse(c, rec, why);
	if (cible == CIBLE_SOUMISE) {
		sne_doublon_add(c->doublons, key, NULL, sne_record_rank(rec));
		c->counts.soumises++;
	} else {
		c->counts.brouillons++;
	}
	return write_record(c, rec);
}

/* A brouillon, or an invalidated demande corrected by the applicant, is
 * submitted (again): dépôt on the run's date. */
static int submit_again(struct create *c, struct sne_record *rec)
{
	static const char *const evenements[] = { "soumission", NULL };
	char territoire[SNE_TERRITOIRE_SIZE], iso[SNE_DATE_ISO_SIZE], why[SNE_WHY_MAX * 2];
	uint64_t key;

	if (check_registrable(c, rec, territoire, &key, why, sizeof why) != 0)
		return refuse(c, rec, why);
	sne_date_format(c->cli->date, iso);
	snprintf(why, sizeof why, "suivi illisible");
	if (sne_enregistrement_set_entete(rec, SNE_GUICHET_PGP, NULL, iso, why, sizeof why) != 0 ||
	    store_suivi(rec, "en-attente-validation", NULL, NULL, c->cli->date, SNE_GUICHET_PGP,
	                evenements) != 0)
		return refuse(c, rec, why);
	sne_doublon_add(c->doublons, key, NULL, sne_record_rank(rec));
	c->counts.soumises++;
	return write_record(c, rec);
}

static int is_pgp_record(const struct sne_record *rec)
{
	const char *guichet = sne_record_get(rec, SNE_CK_NUM_GUICHET);
	char code[SNE_GUICHET_SIZE];

	return guichet != NULL && sne_guichet_parse(guichet, code, NULL, 0) == 0 &&
	       strcmp(code, SNE_GUICHET_PGP) == 0;
}

static int on_record(struct sne_record *rec, void *ctx)
{
	struct create *c = ctx;
	const char *etat = sne_record_get(rec, SNE_CK_ETAT);
	int pgp = c->opt->pgp || is_pgp_record(rec);

	if (etat == NULL && sne_record_get(rec, SNE_CK_NUM_UNIQUE) != NULL)
		return refuse(c, rec, "demande déjà numérotée (numUnique) sans suivi : ce n'est pas "
		                      "une création ; retirez numUnique ou mettez la demande à jour");
	if (etat == NULL && !pgp)
		return create_active(c, rec);
	if (etat == NULL)
		return create_pgp(c, rec, c->opt->soumise ? CIBLE_SOUMISE : CIBLE_BROUILLON);
	/* only the demandes given are submitted, never the register's */
	if (pgp && c->opt->soumise && !c->cli->reading_register &&
	    (strcmp(etat, "brouillon") == 0 || strcmp(etat, "invalidee") == 0))
		return submit_again(c, rec);
	c->counts.inchangees++;
	return write_record(c, rec);
}

/* Only creation files (typeFichier CRE), or streams without a type. */
static int on_head(const struct sne_head *head, void *ctx)
{
	char why[SNE_WHY_MAX * 2];

	(void)ctx;
	if (sne_head_require_type(head, SNE_TYPE_CREATION, "sne-create", why, sizeof why) == 0)
		return 0;
	sne_warn("%s:%ld: %s", head->source, head->line, why);
	return SNE_EX_DATAERR;
}

static int on_tail(const char *bytes, size_t len, void *ctx)
{
	struct create *c = ctx;

	return sne_output_emit(c->out, bytes, len);
}

/* ------------------------------------------------------------------ */
/* command line */

static void parse_options(struct sne_cli *cli, struct options *opt, int argc, char **argv)
{
	int o;

	while ((o = sne_cli_getopt(argc, argv, SNE_CLI_SHORT, long_options)) != -1) {
		if (sne_cli_common(cli, o, optarg))
			continue;
		switch (o) {
		case OPT_ORIGINE:
			if (strcmp(optarg, "pgp") != 0 && strcmp(optarg, "guichet") != 0)
				sne_cli_usage_error("option --origine : « %s » inconnue (attendu guichet "
				                    "ou pgp)", optarg);
			opt->pgp = strcmp(optarg, "pgp") == 0;
			break;
		case OPT_SOUMISE: opt->soumise = 1; break;
		case OPT_REGISTRE: opt->registre = optarg; break;
		case OPT_REJETS: opt->rejets = optarg; break;
		}
	}
	if (opt->soumise && !opt->pgp)
		sne_cli_usage_error("--soumise ne vaut que pour --origine pgp");
}

/* Called by sne_cli_run() once the register given with -i is locked: the
 * index then holds every demande the rewrite will keep. */
static int load_doublons(void *ctx)
{
	struct create *c = ctx;
	const char *path = c->opt->registre ? c->opt->registre : c->cli->in_place;

	return path == NULL ? 0 : sne_doublon_load(c->doublons, path);
}

static void open_rejets(struct create *c)
{
	if (c->opt->rejets == NULL)
		return;
	c->rejets = sne_rejets_open(c->opt->rejets, SNE_NS_NUU, "interfaceNuu",
	                            " versionInterface=\"02.01\"");
	if (c->rejets == NULL)
		sne_die(SNE_EX_CANTCREAT, "%s: création du fichier de rejets impossible :",
		        c->opt->rejets);
}

static int finish(struct create *c, int rc)
{
	rc = sne_exit_worst(rc, sne_numeroteur_free(c->numeros));
	if (c->rejets != NULL && sne_rejets_close(c->rejets) != 0) {
		sne_warn("%s: écriture impossible :", c->opt->rejets);
		rc = sne_exit_worst(rc, SNE_EX_IOERR);
	}
	sne_doublon_free(c->doublons);
	sne_communes_close(c->communes);
	sne_info("%s, %s, %s, %s, %s",
	         sne_count(c->counts.actives, SNE_FEMININE, "demande créée", "demandes créées").text,
	         sne_count(c->counts.brouillons, SNE_MASCULINE, "brouillon", "brouillons").text,
	         sne_count(c->counts.soumises, SNE_FEMININE, "soumise pour validation",
	                   "soumises pour validation").text,
	         sne_count(c->counts.refusees, SNE_FEMININE, "refusée", "refusées").text,
	         sne_count(c->counts.inchangees, SNE_FEMININE, "inchangée", "inchangées").text);
	return rc;
}

static int program(int argc, char **argv)
{
	struct sne_cli cli;
	struct options opt = { 0 };
	struct create c;
	char why[SNE_WHY_MAX + 4096];
	struct sne_stream_spec spec = {
		.record_ns = SNE_NS_NUU,
		.envelope = &sne_envelope_interface,
		.record_name = SNE_DEMANDE_NAME,
		.fields = sne_check_fields,
		.nfields = SNE_CK_NFIELDS,
		.on_record = on_record,
		.on_head = on_head,
		.on_tail = on_tail,
	};
	static const struct sne_store_select no_rows = { .kind = SNE_STORE_AUCUNE };
	int rc;

	sne_cli_init(&cli, argv[0], usage);
	parse_options(&cli, &opt, argc, argv);
	cli.in_place_appends = 1;
	sne_cli_finish(&cli, argc, argv);
	sne_cli_require_guichet(&cli);
	if (!opt.pgp)
		sne_cli_refuse_portail(&cli);
	memset(&c, 0, sizeof c);
	c.cli = &cli;
	c.opt = &opt;
	c.numeros = sne_numeroteur_new(&cli.config);
	if (cli.in_place != NULL) { /* numbers unseen until the register is replaced */
		sne_numeroteur_hold(c.numeros);
		cli.before_commit = sne_numeroteur_commit_hook;
		cli.before_commit_ctx = c.numeros;
	}
	c.doublons = sne_doublon_new();
	cli.before_run = load_doublons;
	cli.before_run_ctx = &c;
	/* an SQLite register: no row read, the new ones added; the doublons
	 * are searched by its identity index (sne/doublon.h) */
	cli.store_select = &no_rows;
	c.communes = sne_communes_open_default(why, sizeof why);
	if (c.communes == NULL)
		sne_die(SNE_EX_CONFIG, "%s", why);
	open_rejets(&c);
	spec.ctx = &c;
	rc = sne_cli_run(&cli, &spec, &c.out);
	rc = finish(&c, sne_exit_worst(rc, c.status));
	sne_cli_free(&cli);
	return rc;
}

int sne_create_main(int argc, char **argv, FILE *err)
{
	return sne_cli_main(argc, argv, err, program);
}
