/* sne-stats: volumes per code guichet and per territory, the Suivi Qualité
 * indicators and alerts, and the extraction of the demandes concerned, in
 * one pass over a register (lib/stats.c counts, lib/stats_rendu.c writes the
 * tables, lib/alertes.c the alerts; this file reads the command line and
 * writes the extraction). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "sne/check.h"
#include "sne/cli.h"
#include "sne/count.h"
#include "sne/demande.h"
#include "sne/err.h"
#include "sne/paths.h"
#include "sne/alertes.h"
#include "sne/stats_rendu.h"
#include "sne/territoire.h"
#include "sne_programs.h"

static const char usage[] =
	"usage : sne-stats [--du DATE --au DATE] [--par CLE] [--format FORMAT]\n"
	"                  [FICHIER...]\n"
	"        sne-stats --alertes DOSSIER [options] [FICHIER...]\n"
	"        sne-stats --extraire INDICATEUR [--guichet CODE] [--format tsv]\n"
	"                  [FICHIER...]\n"
	"Compte en une lecture du registre les volumes par code guichet et par mois,\n"
	"le stock et les indicateurs du suivi qualité (voir sne-stats(1)).\n"
	"\n"
	"      --du DATE           premier jour de la période ; défaut : le premier du\n"
	"                          dernier mois entier avant la date du jour\n"
	"      --au DATE           dernier jour de la période, un dernier du mois\n"
	"      --par CLE           guichet, modification ou territoire ; guichet du\n"
	"                          numéro par défaut, ou de la dernière modification\n"
	"      --format FORMAT     table (défaut), tsv, csv, json ou html\n"
	"      --indicateurs LISTE les indicateurs à calculer ; codes séparés par des\n"
	"                          virgules, tous par défaut\n"
	"      --alertes DOSSIER   les alertes du mois ; un courriel par guichet qui\n"
	"                          a quelque chose à signaler, dossier créé au besoin\n"
	"      --extraire INDICATEUR  les demandes concernées en flux ; avec\n"
	"                          --format tsv, le numéro et les champs en cause\n"
	"  -g, --guichet CODE      ne compter que ce code guichet\n"
	"      --territoire CODE   ne compter que ce territoire (074, 02A, 111...)\n"
	"  -d, --date DATE         date du jour (AAAA-MM-JJ ou JJ/MM/AAAA)\n"
	"  -c, --config FICHIER    configuration YAML\n"
	"  -q, --quiet             pas de bilan\n"
	"      --progress          avancement sur le terminal\n"
	"  -h, --help              cette aide ;   -V, --version  la version\n"
	"\n"
	"Codes de sortie : 0 fait ; 64 usage ; 65 entrée invalide ; 66 entrée absente ;\n"
	"73 dossier des alertes impossible à créer ; 74 E/S ; 78 configuration.\n";

enum {
	OPT_DU = SNE_OPT_FIRST_PROGRAM,
	OPT_AU,
	OPT_PAR,
	OPT_FORMAT,
	OPT_INDICATEURS,
	OPT_ALERTES,
	OPT_EXTRAIRE,
	OPT_TERRITOIRE
};

static const struct option long_options[] = {
	SNE_CLI_LONG,
	{ "du", required_argument, NULL, OPT_DU },
	{ "au", required_argument, NULL, OPT_AU },
	{ "par", required_argument, NULL, OPT_PAR },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "indicateurs", required_argument, NULL, OPT_INDICATEURS },
	{ "alertes", required_argument, NULL, OPT_ALERTES },
	{ "extraire", required_argument, NULL, OPT_EXTRAIRE },
	{ "territoire", required_argument, NULL, OPT_TERRITOIRE },
	{ NULL, 0, NULL, 0 }
};

struct options {
	const char *du, *au, *par, *format, *indicateurs, *alertes, *extraire, *territoire;
};

struct run {
	struct sne_output *out;
	struct sne_stats *stats;
	struct sne_stats_options so; /* what stats counts */
	enum sne_stats_format format;
	int extraire;            /* indicator, or -1 */
	const char *alertes;     /* folder, or NULL */
	const char *registre;    /* how the alerts name the register */
	struct sne_stats_rendu rendu;
	int finished;
};

/* ------------------------------------------------------------------ */
/* the extraction */

static int put(struct run *run, const char *bytes, size_t len)
{
	return sne_output_emit(run->out, bytes, len);
}

static int write_tsv_line(struct run *run, const struct sne_record *rec,
                          const struct sne_stats_motif *why)
{
	const char *numero = sne_record_get(rec, SNE_CK_NUM_UNIQUE);
	char rank[32];
	int rc;

	snprintf(rank, sizeof rank, "n°%zu", sne_record_rank(rec));
	rc = sne_output_printf(run->out, "%s", numero ? numero : rank);
	for (int i = 0; rc == 0 && i < why->n; i++) {
		char value[sizeof why->valeur[0]];

		snprintf(value, sizeof value, "%s", why->valeur[i]);
		for (char *p = value; *p; p++)
			if (*p == '\t' || *p == '\n' || *p == '\r')
				*p = ' ';
		rc = sne_output_printf(run->out, "\t%s=%s", why->champ[i], value);
	}
	return rc == 0 ? sne_output_puts(run->out, "\n") : rc;
}

static int on_record(struct sne_record *rec, void *ctx)
{
	struct run *run = ctx;
	struct sne_stats_motif why;
	size_t len;
	const char *gap;
	int hit = sne_stats_add(run->stats, rec, run->extraire, &why);

	if (run->extraire < 0)
		return 0;
	if (run->format == SNE_STATS_TSV)
		return hit ? (write_tsv_line(run, rec, &why) ? SNE_EX_IOERR : 0) : 0;
	if (hit)
		return sne_record_emit(rec, run->out);
	gap = sne_record_gap(rec, &len);
	return sne_record_rank(rec) == 1 ? put(run, gap, len) : 0;
}

/* The counts once the register is read: the table, or the alerts. */
static int write_results(struct run *run)
{
	sne_stats_finish(run->stats);
	run->finished = 1;
	if (run->extraire >= 0)
		return 0;
	if (run->alertes)
		return sne_alertes_write(&run->rendu, run->alertes, run->registre);
	return sne_stats_rendu_write(&run->rendu, run->format, run->out);
}

static int on_tail(const char *bytes, size_t len, void *ctx)
{
	struct run *run = ctx;
	int rc = 0;

	if (run->extraire >= 0 && run->format != SNE_STATS_TSV)
		rc = put(run, bytes, len);
	return rc != 0 ? rc : write_results(run);
}

/* ------------------------------------------------------------------ */
/* command line */

static unsigned parse_indicateurs(const char *list)
{
	char copy[1024], *save = NULL;
	unsigned bits = 0;

	if (list == NULL)
		return ~0u;
	snprintf(copy, sizeof copy, "%s", list);
	for (char *code = strtok_r(copy, ", ", &save); code; code = strtok_r(NULL, ", ", &save)) {
		int m = sne_stats_mesure_of(code);

		if (m < 0 || sne_stats_mesures[m].kind != SNE_STATS_INDICATEUR)
			sne_cli_usage_error("option --indicateurs : indicateur « %s » inconnu (voir "
			                    "sne-stats(1) : ATTENTE, CONTACT, ATTESTATION, INCOMPLET, "
			                    "RPLS-ABSENT, RPLS-INCONNU, DOUBLON, REACTIVATION, CONTROLE)",
			                    code);
		bits |= 1u << (m - SNE_STATS_I_ATTENTE);
	}
	return bits;
}

static int parse_extraire(const char *code)
{
	int m;

	if (code == NULL)
		return -1;
	m = sne_stats_mesure_of(code);
	if (m < 0 || sne_stats_mesures[m].kind != SNE_STATS_INDICATEUR)
		sne_cli_usage_error("option --extraire : indicateur « %s » inconnu (voir sne-stats(1))",
		                    code);
	return m;
}

static enum sne_stats_format parse_format(const char *text)
{
	static const char *const names[] = { "table", "tsv", "csv", "json", "html" };

	if (text == NULL)
		return SNE_STATS_TABLE;
	for (int i = 0; i < 5; i++)
		if (strcmp(text, names[i]) == 0)
			return (enum sne_stats_format)i;
	sne_cli_usage_error("option --format : « %s » inconnu (table, tsv, csv, json ou html)", text);
}

static enum sne_stats_par parse_par(const char *text)
{
	if (text == NULL || strcmp(text, "guichet") == 0)
		return SNE_STATS_PAR_GUICHET;
	if (strcmp(text, "modification") == 0)
		return SNE_STATS_PAR_MODIFICATION;
	if (strcmp(text, "territoire") == 0)
		return SNE_STATS_PAR_TERRITOIRE;
	sne_cli_usage_error("option --par : « %s » inconnu (guichet, modification ou territoire)",
	                    text);
}

static const char *parse_territoire(const char *text)
{
	if (text != NULL && !sne_territoire_is_valid(text))
		sne_cli_usage_error("option --territoire : « %s » n'est pas un territoire (3 caractères : "
		                    "074, 02A, 02B, 111 pour l'Île-de-France, 971 à 976)", text);
	return text;
}

/* The period: whole months, the last full month before TODAY by default. */
static void parse_period(const struct options *opt, struct sne_date today,
                         struct sne_stats_options *so)
{
	struct sne_date first = today;

	first.day = 1;
	so->du = opt->du ? sne_cli_parse_date("--du", opt->du) : sne_date_add_months(first, -1);
	so->au = opt->au ? sne_cli_parse_date("--au", opt->au)
	                 : sne_date_add_days(sne_date_add_months(so->du, 1), -1);
	if (so->du.day != 1)
		sne_cli_usage_error("option --du : la période commence un premier du mois");
	if (sne_date_add_days(so->au, 1).day != 1)
		sne_cli_usage_error("option --au : la période finit un dernier jour du mois");
	if (sne_date_cmp(so->du, so->au) > 0)
		sne_cli_usage_error("--du est après --au : donnez une période dans l'ordre");
	if ((so->au.year - so->du.year) * 12 + so->au.month - so->du.month >= SNE_STATS_MOIS_MAX)
		sne_cli_usage_error("période de plus de %d mois : raccourcissez-la",
		                    SNE_STATS_MOIS_MAX);
}

static void parse_options(struct sne_cli *cli, struct options *opt, int argc, char **argv)
{
	int o;

	while ((o = sne_cli_getopt(argc, argv, SNE_CLI_SHORT, long_options)) != -1) {
		if (sne_cli_common(cli, o, optarg))
			continue;
		switch (o) {
		case OPT_DU: opt->du = optarg; break;
		case OPT_AU: opt->au = optarg; break;
		case OPT_PAR: opt->par = optarg; break;
		case OPT_FORMAT: opt->format = optarg; break;
		case OPT_INDICATEURS: opt->indicateurs = optarg; break;
		case OPT_ALERTES: opt->alertes = optarg; break;
		case OPT_EXTRAIRE: opt->extraire = optarg; break;
		case OPT_TERRITOIRE: opt->territoire = optarg; break;
		}
	}
}

static void check_options(const struct sne_cli *cli, const struct options *opt,
                          const struct run *run)
{
	if (cli->in_place != NULL)
		sne_cli_usage_error("sne-stats ne modifie pas le registre : donnez-le sans -i");
	if (opt->extraire && opt->alertes)
		sne_cli_usage_error("--extraire et --alertes s'excluent");
	if (opt->extraire && run->format != SNE_STATS_TABLE && run->format != SNE_STATS_TSV)
		sne_cli_usage_error("--extraire écrit un flux de demandes, ou --format tsv");
	if (opt->alertes && opt->format)
		sne_cli_usage_error("--alertes écrit des courriels : pas de --format");
}

/* The table's width: $COLUMNS, else the terminal's, else none (a file or a
 * pipe gets one block, for less -S). */
static size_t table_width(void)
{
	const char *columns = getenv("COLUMNS");
	struct winsize ws;
	long width = 0;

	if (columns != NULL && columns[0] != '\0') {
		char *end;

		width = strtol(columns, &end, 10);
		if (*end != '\0')
			width = 0;
	}
	if (width <= 0 && isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0)
		width = ws.ws_col;
	return width > 0 ? (size_t)width : 0;
}

static struct sne_schema *load_schema(char *why, size_t why_size)
{
	char path[4096];

	snprintf(path, sizeof path, "%s/xsd/interfaceNuu.xsd", sne_share_dir());
	return sne_schema_load(path, why, why_size);
}

/* ------------------------------------------------------------------ */
/* a large register counted in parts (sne_stream_split): each part counts
 * into stats of its own, with a schema of its own for CONTROLE */

static int fork_part(const struct sne_stream_spec *spec, struct sne_stream_spec *part)
{
	const struct run *run = spec->ctx;
	struct run *p = calloc(1, sizeof *p);
	char why[SNE_WHY_MAX + 4096];

	if (p == NULL)
		return -1;
	p->extraire = -1;
	p->so = run->so;
	p->so.partie = 1;
	if (run->so.schema != NULL) {
		if ((p->so.schema = load_schema(why, sizeof why)) == NULL) {
			free(p);
			return -1;
		}
		sne_schema_stream(p->so.schema, part);
	}
	p->stats = sne_stats_new(&p->so);
	part->ctx = p;
	return 0;
}

static void join_part(const struct sne_stream_spec *spec, const struct sne_stream_spec *part)
{
	const struct run *run = spec->ctx, *p = part->ctx;

	sne_stats_join(run->stats, p->stats);
}

static void drop_part(struct sne_stream_spec *part)
{
	struct run *p = part->ctx;

	sne_stats_free(p->stats);
	sne_schema_free(p->so.schema);
	free(p);
}

static const struct sne_stream_split count_in_parts = { fork_part, join_part, drop_part };

static int program(int argc, char **argv)
{
	struct sne_cli cli;
	struct options opt = { 0 };
	struct sne_stats_options so = { 0 };
	struct run run = { 0 };
	struct sne_stream_spec spec = {
		.record_ns = SNE_NS_NUU,
		.envelope = &sne_envelope_interface,
		.record_name = SNE_DEMANDE_NAME,
		.nfields = SNE_ST_NFIELDS, .text_only = 1,
		.on_record = on_record,
		.on_tail = on_tail,
		.ctx = &run,
	};
	int rc;

	sne_cli_init(&cli, argv[0], usage);
	parse_options(&cli, &opt, argc, argv);
	sne_cli_finish(&cli, argc, argv);
	run.format = parse_format(opt.format);
	run.extraire = parse_extraire(opt.extraire);
	check_options(&cli, &opt, &run);
	parse_period(&opt, cli.date, &so);
	so.today = cli.date;
	so.par = parse_par(opt.par);
	so.indicateurs = parse_indicateurs(opt.indicateurs);
	if (run.extraire >= 0)
		so.indicateurs |= 1u << (run.extraire - SNE_STATS_I_ATTENTE);
	so.guichet = cli.guichet_arg != NULL ? cli.guichet : NULL;
	so.territoire = parse_territoire(opt.territoire);
	spec.fields = sne_stats_fields(so.indicateurs);
	if (so.indicateurs & (1u << (SNE_STATS_I_CONTROLE - SNE_STATS_I_ATTENTE))) {
		char why[SNE_WHY_MAX + 4096];

		if ((so.schema = load_schema(why, sizeof why)) == NULL)
			sne_die(SNE_EX_CONFIG, "%s", why);
		sne_schema_stream(so.schema, &spec);
	}
	/* the extraction is written in the order of the register: one pass */
	if (run.extraire < 0)
		spec.split = &count_in_parts;
	run.so = so;
	run.stats = sne_stats_new(&so);
	run.alertes = opt.alertes;
	run.registre = cli.ninputs > 0 ? cli.inputs[0] : "-";
	run.rendu = (struct sne_stats_rendu){ run.stats, so.du, so.au, cli.date, so.par, 0 };
	if (run.format == SNE_STATS_TABLE)
		run.rendu.largeur = table_width();
	rc = sne_cli_run(&cli, &spec, &run.out);
	if (rc < SNE_EX_USAGE && run.finished)
		sne_info("%s", sne_count(sne_stats_demandes(run.stats), SNE_FEMININE, "demande comptée",
		                         "demandes comptées").text);
	sne_stats_free(run.stats);
	sne_schema_free(so.schema);
	sne_cli_free(&cli);
	return rc;
}

int sne_stats_main(int argc, char **argv, FILE *err)
{
	return sne_cli_main(argc, argv, err, program);
}
