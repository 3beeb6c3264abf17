/* sne-notice: emit every préavis and attestation due on a date, as a
 * stream of envois on standard output; with -i, record each one on its
 * demande so that it is never sent twice.
 *
 * Order with -i, so that nothing is lost and nothing is sent twice: the
 * envois are written to standard output and the register to its temporary
 * file record by record; at the end the envois are flushed (and fsync'ed
 * when standard output is a file), and only then is the register
 * committed.  If writing the envois fails the register is left as it was
 * (the next run emits them again); if the commit fails the exit status is
 * 74 and the envois written must not be passed on: the register does not
 * know them, so the next run emits them again.  The consumer of the envois
 * passes them on only when the exit status is 0 or 1. */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "notice.h"
#include "sne/access.h"
#include "sne/cli.h"
#include "sne/count.h"
#include "sne/err.h"
#include "sne/inplace.h"
#include "sne/paths.h"
#include "sne/suivi.h"
#include "sne_programs.h"

static const char usage[] =
	"usage : sne-notice [options] [REGISTRE...]\n"
	"        sne-notice -i REGISTRE [options]\n"
	"Écrit sur la sortie standard les envois dus à la date donnée (préavis de\n"
	"renouvellement, attestations d'enregistrement et de renouvellement), y\n"
	"compris ceux d'un jour où rien n'a tourné.  Sans -i, rien n'est inscrit\n"
	"(essai à blanc) ; avec -i, chaque envoi est inscrit sur sa demande.\n"
	"\n"
	"  -d, --date DATE       date des envois (AAAA-MM-JJ ou JJ/MM/AAAA) ; défaut :\n"
	"                        aujourd'hui\n"
	"  -i, --in-place REGISTRE  inscrire les envois dans le registre (verrouillé)\n"
	"      --wait            attendre le verrou au lieu d'échouer (code 75)\n"
	"      --modeles DOSSIER modèles des textes ; défaut : clé « modeles », sinon\n"
	"                        share/modeles\n"
	"      --pdf CHEMIN      écrire aussi les courriers en PDF ; A4, l'adresse dans\n"
	"                        la fenêtre, un fichier par courrier dans le dossier\n"
	"                        CHEMIN, ou tous dans CHEMIN s'il finit par .pdf\n"
	"  -g, --guichet CODE    code guichet inscrit dans l'historique (facultatif)\n"
	"  -c, --config FICHIER  configuration YAML (calendrier « preavis », « modeles »)\n"
	"  -q, --quiet           pas de bilan\n"
	"  -v, --verbose         nommer chaque envoi\n"
	"      --progress        avancement sur le terminal\n"
	"  -h, --help            cette aide ;   -V, --version  la version\n"
	"\n"
	"Codes de sortie : 0 fait ; 1 des demandes refusées (aucun envoi pour elles) ;\n"
	"64 usage ; 65 entrée invalide ; 66 entrée absente ; 74 E/S (ne transmettez\n"
	"pas les envois) ; 75 registre verrouillé ; 78 configuration ou modèles.\n";

enum { OPT_MODELES = SNE_OPT_FIRST_PROGRAM, OPT_PDF };

static const struct option options[] = {
	SNE_CLI_LONG,
	{ "modeles", required_argument, NULL, OPT_MODELES },
	{ "pdf", required_argument, NULL, OPT_PDF },
	{ NULL, 0, NULL, 0 }
};

/* The channels, in the order envois are written. */
static const unsigned canal_order[] = { SNE_CANAL_SMS, SNE_CANAL_COURRIEL, SNE_CANAL_COURRIER,
                                        SNE_CANAL_COURRIER_AR };
#define NCANAL (sizeof canal_order / sizeof canal_order[0])

/* Count of envois of one type, per channel of canal_order. */
struct tally {
	char type[SNE_NOTICE_TYPE_SIZE];
	unsigned long by_canal[NCANAL];
};

struct notice_run {
	struct sne_cli *cli;
	struct notice_modeles *modeles;
	struct sne_communes *communes;  /* the towns of the letters */
	struct sne_output *envois;    /* standard output */
	struct sne_output *registre;  /* the rewritten register with -i, else NULL */
	struct notice_pdf *pdf;       /* --pdf, else NULL */
	struct tally tallies[SNE_NOTICE_MAX];
	size_t ntallies;
	unsigned long notified, refused;
	unsigned long injoignables;   /* demandes with a notice no channel reaches */
	unsigned long mobiles_invalides, courriels_invalides, adresses_absentes;
	unsigned long avertissements_impossibles;
};

static void refuse(struct notice_run *run, struct sne_record *record, const char *numero,
                   const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void refuse(struct notice_run *run, struct sne_record *record, const char *numero,
                   const char *fmt, ...)
{
	char label[32], reason[1024];
	va_list ap;

	numero = sne_record_label(record, numero, label, sizeof label);
	va_start(ap, fmt);
	vsnprintf(reason, sizeof reason, fmt, ap);
	va_end(ap);
	sne_warn_at(sne_record_source(record), sne_record_line(record), numero,
	            "%s ; aucun envoi pour elle", reason);
	run->refused++;
}

static void tally(struct notice_run *run, const struct sne_notice *n, size_t canal_index)
{
	size_t i;

	for (i = 0; i < run->ntallies; i++)
		if (strcmp(run->tallies[i].type, n->type) == 0)
			break;
	if (i == run->ntallies) {
		if (run->ntallies == SNE_NOTICE_MAX)
			return;
		memset(&run->tallies[i], 0, sizeof run->tallies[i]);
		memcpy(run->tallies[i].type, n->type, sizeof run->tallies[i].type);
		run->ntallies++;
	}
	run->tallies[i].by_canal[canal_index]++;
}

static void count_skipped(struct notice_run *run, const struct sne_notice *n)
{
	run->mobiles_invalides += (n->manques & SNE_CANAL_SMS) != 0;
	run->courriels_invalides += (n->manques & SNE_CANAL_COURRIEL) != 0;
	run->adresses_absentes += (n->manques & SNE_CANAL_COURRIER) != 0;
}

static void free_texts(struct notice_texte texts[][NCANAL], size_t count)
{
	for (size_t i = 0; i < count; i++)
		for (size_t c = 0; c < NCANAL; c++)
			notice_texte_free(&texts[i][c]);
}

/* Renders every text of the N notices into TEXTS; all or none. */
static int render_all(struct notice_run *run, struct sne_record *record,
                      const struct notice_demande *d, const struct sne_notice *n, size_t count,
                      struct notice_texte texts[][NCANAL])
{
	const char *missing = NULL;

	memset(texts, 0, count * sizeof texts[0]);
	for (size_t i = 0; i < count; i++) {
		for (size_t c = 0; c < NCANAL; c++) {
			if (!(n[i].canaux & canal_order[c]))
				continue;
			if (notice_render(run->modeles, &n[i], canal_order[c], record, d,
			                  run->cli->date, run->cli->guichets, &texts[i][c],
			                  &missing) != 0) {
				refuse(run, record, d->numero, "%s par %s : valeur de « {%s} » absente "
				       "de la demande", n[i].type, notice_canal_name(canal_order[c]),
				       missing);
				free_texts(texts, count);
				return -1;
			}
		}
	}
	return 0;
}

static int write_envois(struct notice_run *run, const struct notice_demande *d,
                        const struct sne_notice *n, size_t count,
                        struct notice_texte texts[][NCANAL])
{
	for (size_t i = 0; i < count; i++)
		for (size_t c = 0; c < NCANAL; c++) {
			if (texts[i][c].corps == NULL)
				continue;
			if (notice_write_envoi(run->envois, &n[i], canal_order[c], d, run->cli->date,
			                       &texts[i][c]) != 0) {
				sne_warn("écriture impossible des envois sur la sortie standard :");
				return SNE_EX_IOERR;
			}
			if (run->pdf != NULL &&
			    (canal_order[c] & (SNE_CANAL_COURRIER | SNE_CANAL_COURRIER_AR)) &&
			    notice_pdf_letter(run->pdf, d->numero, n[i].type, d->adresse,
			                      texts[i][c].corps) != 0)
				return SNE_EX_IOERR;
			tally(run, &n[i], c);
			if (run->cli->verbose)
				sne_info("demande %s : %s par %s", d->numero, n[i].type,
				         notice_canal_name(canal_order[c]));
		}
	return 0;
}

/* "sms courriel" for the canaux attribute. */
static void canaux_text(unsigned canaux, char *buf, size_t size)
{
	buf[0] = '\0';
	for (size_t c = 0; c < NCANAL; c++)
		if (canaux & canal_order[c])
			snprintf(buf + strlen(buf), size - strlen(buf), "%s%s", buf[0] ? " " : "",
			         notice_canal_name(canal_order[c]));
}

/* The avertissement de radiation sent: its envoi gets the motif and the
 * échéance, and the avertissement the day it was sent and the end of its
 * delay, from which sne-radiate --echeances radiates. */
static void record_avertissement(struct notice_run *run, struct sne_suivi *suivi,
                                 sne_suivi_node *envoi, const struct sne_notice *n)
{
	sne_suivi_node *av = sne_suivi_find(suivi, "avertissement");

	sne_suivi_set_attr(envoi, "motif", n->motif);
	sne_suivi_set_attr(envoi, "sous-motif", n->sous_motif[0] ? n->sous_motif : NULL);
	sne_suivi_set_date(envoi, "echeance", n->echeance);
	if (av == NULL)
		return;
	sne_suivi_set_date(av, "envoi", run->cli->date);
	sne_suivi_set_date(av, "echeance", n->echeance);
}

/* Whether notice N is written in the suivi: all but an avertissement no
 * letter can carry, which stays due, and reported, until it is sent. */
static int is_recorded(const struct sne_notice *n)
{
	return !(n->avertissement && n->canaux == 0);
}

static size_t count_recorded(const struct sne_notice *n, size_t count)
{
	size_t k = 0;

	for (size_t i = 0; i < count; i++)
		k += is_recorded(&n[i]);
	return k;
}

/* Records <s:envoi> of each notice on the demande, and the change in its
 * historique: a notice sent with its canaux, one not sent with why
 * (non-envoye: remplace, superseded by a later préavis; aucun-canal, none
 * of its channels reaches the household), so that it is not due again and
 * its skipped contacts are counted once. */
static int record_envois(struct notice_run *run, struct sne_record *record,
                         const struct notice_demande *d, const struct sne_notice *n,
                         size_t count)
{
	struct sne_suivi *suivi = sne_suivi_load(record, F_SUIVI);
	char canaux[64];

	if (suivi == NULL) {
		refuse(run, record, d->numero, "élément suivi illisible");
		return -1;
	}
	for (size_t i = 0; i < count; i++) {
		sne_suivi_node *envoi;

		if (!is_recorded(&n[i]))
			continue;
		envoi = sne_suivi_append(suivi, "envoi");
		sne_suivi_set_attr(envoi, "type", n[i].type);
		sne_suivi_set_date(envoi, "date", run->cli->date);
		if (n[i].canaux != 0) {
			canaux_text(n[i].canaux, canaux, sizeof canaux);
			sne_suivi_set_attr(envoi, "canaux", canaux);
		} else {
			sne_suivi_set_attr(envoi, "non-envoye", n[i].remplace ? "remplace"
			                                                      : "aucun-canal");
		}
		if (n[i].preavis)
			sne_suivi_set_date(envoi, "anniversaire", n[i].anniversaire);
		if (n[i].avertissement)
			record_avertissement(run, suivi, envoi, &n[i]);
	}
	sne_suivi_add_evenement(suivi, run->cli->date, "envoi",
	                        run->cli->guichet[0] ? run->cli->guichet : NULL);
	sne_suivi_store(suivi, record);
	sne_suivi_free(suivi);
	return 0;
}

static int write_register(struct notice_run *run, struct sne_record *record)
{
	if (run->registre == NULL || sne_record_write(record, run->registre) == 0)
		return 0;
	sne_warn("%s: écriture impossible :", sne_output_name(run->registre));
	return SNE_EX_IOERR;
}

static size_t with_channel(const struct sne_notice *n, size_t count)
{
	size_t k = 0;

	for (size_t i = 0; i < count; i++)
		k += n[i].canaux != 0;
	return k;
}

/* The notices due for the demande into N (SNE_NOTICE_MAX): préavis and
 * attestations, then the avertissement de radiation. */
static size_t notices_due(struct notice_run *run, const struct notice_demande *d,
                          struct sne_notice *n)
{
	size_t count = sne_preavis_dus(&d->faits, run->cli->config.preavis,
	                               run->cli->config.npreavis, run->cli->date, n);

	return count + (size_t)sne_avertissement_du(&d->avertissement, run->cli->date,
	                                            run->cli->config.delai_avertissement,
	                                            &n[count]);
}

/* Whether some notice is due for the demande, whatever its channels (they
 * do not change which notices are due). */
static int any_due(struct notice_run *run, const struct notice_demande *d)
{
	struct sne_notice n[SNE_NOTICE_MAX];

	return notices_due(run, d, n) > 0;
}

/* An avertissement that no letter can carry is reported: it needs a
 * person (an address to fix, or the avertissement to cancel), and until
 * it is sent its delay does not run. */
static void report_impossible(struct notice_run *run, struct sne_record *record,
                              const struct notice_demande *d, const struct sne_notice *n,
                              size_t count)
{
	for (size_t i = 0; i < count; i++)
		if (n[i].avertissement && n[i].canaux == 0) {
			run->avertissements_impossibles++;
			run->refused++;
			sne_warn_at(sne_record_source(record), sne_record_line(record), d->numero,
			            "avertissement de radiation %s impossible à envoyer en recommandé "
			            "avec accusé de réception : adresse postale absente ou à l'étranger ; "
			            "corrigez l'adresse ou annulez l'avertissement (sne-radiate "
			            "--annuler-avertissement) : tant qu'il n'est pas envoyé, son délai ne "
			            "court pas", n[i].motif);
		}
}

/* Counts the demande once when a notice is due and no channel at all can
 * reach the household, and names it with -v. */
static void report_unreachable(struct notice_run *run, const struct notice_demande *d,
                               const struct sne_notice *n, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++)
		if (!n[i].remplace && n[i].canaux == 0)
			break;
	if (i == count || !sne_preavis_injoignable(&d->faits))
		return;
	run->injoignables++;
	if (run->cli->verbose)
		sne_info("demande %s : %s non envoyé, ménage injoignable (%s)", d->numero, n[i].type,
		         d->faits.etranger ? "adresse à l'étranger, pas de courriel valide"
		                           : "ni mobile ni courriel valides, pas d'adresse postale");
}

/* Emits the notices due for one demande (all of them or, when a text
 * cannot be rendered, none); with -i records them, those not sent too. */
static int notify(struct notice_run *run, struct sne_record *record,
                  const struct notice_demande *d)
{
	struct sne_notice n[SNE_NOTICE_MAX];
	struct notice_texte texts[SNE_NOTICE_MAX][NCANAL];
	size_t count = notices_due(run, d, n);
	int rc;

	for (size_t i = 0; i < count; i++)
		count_skipped(run, &n[i]);
	report_impossible(run, record, d, n, count);
	if (render_all(run, record, d, n, count, texts) != 0)
		return 0;
	report_unreachable(run, d, n, count);
	rc = write_envois(run, d, n, count, texts);
	free_texts(texts, count);
	if (rc != 0)
		return rc;
	run->notified += with_channel(n, count) > 0;
	if (run->registre != NULL && count_recorded(n, count) > 0)
		record_envois(run, record, d, n, count);
	return 0;
}

static int on_record(struct sne_record *record, void *ctx)
{
	struct notice_run *run = ctx;
	struct notice_demande d;
	char why[1024];
	int rc;

	if (notice_demande_read(record, run->cli->date, &d, why, sizeof why) != 0)
		refuse(run, record, d.numero, "%s", why);
	else if (!any_due(run, &d))
		; /* nothing to send: its contacts are not even read */
	else if (notice_contacts_read(record, run->communes, &d, why, sizeof why) != 0)
		refuse(run, record, d.numero, "%s", why);
	else if ((rc = notify(run, record, &d)) != 0)
		return rc;
	return write_register(run, record);
}

static int on_tail(const char *bytes, size_t len, void *ctx)
{
	struct notice_run *run = ctx;

	if (run->registre == NULL || sne_output_write(run->registre, bytes, len) == 0)
		return 0;
	sne_warn("%s: écriture impossible :", sne_output_name(run->registre));
	return SNE_EX_IOERR;
}

/* Reads the register from the files named, or standard input (dry run). */
static int read_inputs(struct sne_cli *cli, struct sne_stream_spec *spec)
{
	int n = cli->ninputs > 0 ? cli->ninputs : 1, worst = 0;

	for (int i = 0; i < n && worst < SNE_EX_USAGE; i++) {
		const char *path = cli->ninputs > 0 ? cli->inputs[i] : NULL;
		struct sne_input *in = sne_input_open(path);

		if (in == NULL) {
			sne_warn("%s: ouverture impossible :", path ? path : "<entrée standard>");
			return SNE_EX_NOINPUT;
		}
		worst = sne_exit_worst(worst, sne_stream_run(in, spec));
		sne_input_close(in);
	}
	return worst;
}

/* Flushes and closes the envois, fsync'ed when they go to a file, and the
 * PDF (kept only when COMPLETE).  0 or 74. */
static int close_envois(struct notice_run *run, int complete)
{
	struct stat st;
	int failed = complete && notice_write_tail(run->envois) != 0;
	int pdf_failed = notice_pdf_close(run->pdf, complete && !failed) != 0;

	if (!failed && complete && fstat(STDOUT_FILENO, &st) == 0 && S_ISREG(st.st_mode))
		failed = sne_output_sync(run->envois) != 0;
	failed |= sne_output_close(run->envois) != 0;
	run->envois = NULL;
	run->pdf = NULL;
	if (failed)
		sne_warn("écriture impossible des envois sur la sortie standard :");
	return failed || pdf_failed ? SNE_EX_IOERR : 0;
}

static int run_in_place(struct notice_run *run, struct sne_stream_spec *spec)
{
	struct sne_inplace *ip;
	int rc = sne_inplace_begin(run->cli->in_place, run->cli->wait, &ip), out_rc;
	/* an SQLite register reads the rows a notice can be due to only */
	struct sne_store_select rows = {
		.kind = SNE_STORE_NOTICES, .borne = run->cli->date,
		.preavis = run->cli->config.preavis, .npreavis = run->cli->config.npreavis,
	};

	if (rc != 0)
		return rc;
	sne_inplace_select(ip, &rows, 0);
	run->envois = sne_output_stdout();
	run->registre = sne_inplace_output(ip);
	rc = notice_write_head(run->envois, run->cli->date) != 0 ? SNE_EX_IOERR
	     : sne_stream_run(sne_inplace_input(ip), spec);
	out_rc = close_envois(run, rc < SNE_EX_USAGE);
	run->registre = NULL;
	if (rc >= SNE_EX_USAGE || out_rc != 0) {
		sne_inplace_abort(ip);
		sne_warn("« %s » n'a pas été modifié : aucun envoi n'est inscrit, ne transmettez pas "
		         "la sortie", run->cli->in_place);
		return sne_exit_worst(rc, out_rc);
	}
	out_rc = sne_inplace_commit(ip);
	if (out_rc != 0)
		sne_warn("les envois écrits n'ont pas été inscrits dans « %s » : ne les transmettez "
		         "pas, relancez", run->cli->in_place);
	return sne_exit_worst(rc, out_rc);
}

static int run_dry(struct notice_run *run, struct sne_stream_spec *spec)
{
	int rc;

	run->envois = sne_output_stdout();
	rc = notice_write_head(run->envois, run->cli->date) != 0 ? SNE_EX_IOERR
	     : read_inputs(run->cli, spec);
	return sne_exit_worst(rc, close_envois(run, rc < SNE_EX_USAGE));
}

static void print_summary(const struct notice_run *run)
{
	/* not the demandes read: an SQLite register reads only those a notice
	 * can be due to */
	sne_info("%s : %s%s", sne_date_text(run->cli->date).text,
	         sne_count(run->notified, SNE_FEMININE, "demande avec des envois",
	                   "demandes avec des envois").text,
	         run->cli->in_place ? " (inscrits)" : " (essai à blanc, rien "
	         "d'inscrit)");
	for (size_t i = 0; i < run->ntallies; i++)
		if (strcmp(run->tallies[i].type, SNE_TYPE_AVERTISSEMENT) == 0)
			sne_info("%s : %s (recommandé avec accusé de réception)", run->tallies[i].type,
			         sne_count(run->tallies[i].by_canal[3], SNE_MASCULINE, "courrier-ar",
			                   "courriers-ar").text);
		else
			sne_info("%s : %s, %s, %s", run->tallies[i].type,
			         sne_count(run->tallies[i].by_canal[0], SNE_MASCULINE, "sms", "sms").text,
			         sne_count(run->tallies[i].by_canal[1], SNE_MASCULINE, "courriel",
			                   "courriels").text,
			         sne_count(run->tallies[i].by_canal[2], SNE_MASCULINE, "courrier",
			                   "courriers").text);
	if (run->avertissements_impossibles > 0)
		sne_info("%s à envoyer (voir ci-dessus)",
		         sne_count(run->avertissements_impossibles, SNE_MASCULINE,
		                   "avertissement de radiation impossible",
		                   "avertissements de radiation impossibles").text);
	sne_info("contacts écartés : %s, %s, %s",
	         sne_count(run->mobiles_invalides, SNE_MASCULINE, "mobile invalide",
	                   "mobiles invalides").text,
	         sne_count(run->courriels_invalides, SNE_MASCULINE, "courriel invalide",
	                   "courriels invalides").text,
	         sne_count(run->adresses_absentes, SNE_FEMININE, "adresse postale absente",
	                   "adresses postales absentes").text);
	if (run->injoignables > 0)
		sne_info("%s : aucun canal pour un avis dû (-v les nomme)",
		         sne_count(run->injoignables, SNE_FEMININE, "demande injoignable",
		                   "demandes injoignables").text);
	if (run->refused > 0)
		sne_info("%s (voir ci-dessus)",
		         sne_count(run->refused, SNE_FEMININE, "demande refusée", "demandes refusées").text);
}

static char *template_dir(const struct sne_cli *cli, const char *option)
{
	const char *base = option ? option : cli->config.modeles;
	char *dir;

	if (base != NULL)
		return strdup(base);
	if (asprintf(&dir, "%s/modeles", sne_share_dir()) < 0)
		return NULL;
	return dir;
}

static int program(int argc, char **argv)
{
	struct sne_cli cli;
	struct notice_run run;
	const char *modeles_option = NULL, *pdf_option = NULL;
	char *dir, why[SNE_WHY_MAX + 4096];
	int opt, rc;
	struct sne_stream_spec spec = {
		.record_ns = SNE_NS_NUU,
		.envelope = &sne_envelope_interface, .record_name = "demande",
		.fields = notice_fields, .nfields = F_COUNT, .text_only = 1,
		.on_record = on_record, .on_tail = on_tail, .ctx = &run,
	};

	sne_cli_init(&cli, argv[0], usage);
	while ((opt = sne_cli_getopt(argc, argv, SNE_CLI_SHORT, options)) != -1)
		if (sne_cli_common(&cli, opt, optarg))
			continue;
		else if (opt == OPT_MODELES)
			modeles_option = optarg;
		else if (opt == OPT_PDF)
			pdf_option = optarg;
	sne_cli_finish(&cli, argc, argv);
	sne_cli_refuse_portail(&cli);
	if ((rc = sne_access_load_register(&cli)) != 0) {
		sne_cli_free(&cli);
		return rc;
	}
	memset(&run, 0, sizeof run);
	run.cli = &cli;
	dir = template_dir(&cli, modeles_option);
	run.modeles = dir ? notice_modeles_load(dir, cli.config.preavis, cli.config.npreavis) : NULL;
	free(dir);
	if (run.modeles == NULL) {
		sne_cli_free(&cli);
		return SNE_EX_CONFIG;
	}
	run.communes = sne_communes_open_default(why, sizeof why);
	if (run.communes == NULL) {
		sne_warn("%s", why);
		notice_modeles_free(run.modeles);
		sne_cli_free(&cli);
		return SNE_EX_CONFIG;
	}
	if (pdf_option != NULL && (run.pdf = notice_pdf_open(pdf_option)) == NULL) {
		notice_modeles_free(run.modeles);
		sne_communes_close(run.communes);
		sne_cli_free(&cli);
		return SNE_EX_CANTCREAT;
	}
	rc = cli.in_place ? run_in_place(&run, &spec) : run_dry(&run, &spec);
	print_summary(&run);
	notice_modeles_free(run.modeles);
	sne_communes_close(run.communes);
	sne_cli_free(&cli);
	return sne_exit_worst(rc, run.refused > 0 ? SNE_EX_REFUSED : 0);
}

int sne_notice_main(int argc, char **argv, FILE *err)
{
	return sne_cli_main(argc, argv, err, program);
}
