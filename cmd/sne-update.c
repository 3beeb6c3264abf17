/* sne-update: the guichets' modification files (typeFichier MOD) applied
 * to the register under the same numéro.  The modifications are read
 * first, then the register once, whatever their number; see
 * sne/modification.h for what a modification keeps and what it may not
 * change. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sne/count.h"
#include "sne/cli.h"
#include "sne/demande.h"
#include "sne/err.h"
#include "sne/modification.h"
#include "sne/rejets.h"
#include "sne/selection.h"
#include "sne_programs.h"

static const char usage[] =
	"usage : sne-update -g CODE -i REGISTRE [options] [MODIFICATION...]\n"
	"        sne-update -g CODE --registre REGISTRE [options] [MODIFICATION...]\n"
	"Applique au registre les fichiers de modification des guichets (typeFichier\n"
	"MOD, lus dans les fichiers nommés ou sur l'entrée standard) : le contenu de la\n"
	"demande (demandeLogement) est remplacé sous le même numéro ; le numéro, la date\n"
	"de dépôt et le suivi restent, la modification est inscrite dans l'historique.\n"
	"Refusées (code 1) : numéro inconnu, demande radiée, changement d'identité ou de\n"
	"date de dépôt (sne-fix), autre territoire, contenu incomplet.  Un fichier d'un\n"
	"autre type que MOD arrête tout (code 65, registre intact).\n"
	"\n"
	"  -i, --in-place REGISTRE  réécrire le registre sur place (verrouillé)\n"
	"      --registre REGISTRE  lire le registre ; écrire le registre modifié sur\n"
	"                         la sortie standard\n"
	"      --rejets FICHIER   écrire les modifications refusées dans FICHIER ; un\n"
	"                         flux interfaceNuu, le motif en commentaire\n"
	"  -g, --guichet CODE     code guichet qui modifie ; obligatoire, ou clé\n"
	"                         « guichet »\n"
	"  -d, --date DATE        date du jour (AAAA-MM-JJ ou JJ/MM/AAAA)\n"
	"      --wait             attendre le verrou au lieu d'échouer (code 75)\n"
	"  -c, --config FICHIER   configuration YAML\n"
	"  -q, --quiet            pas de bilan ;  -v, --verbose  nommer chaque demande\n"
	"      --progress         avancement sur le terminal\n"
	"  -h, --help             cette aide ;   -V, --version  la version\n"
	"\n"
	"Codes de sortie : 0 fait ; 1 des modifications refusées ; 64 usage ; 65 entrée\n"
	"invalide ; 66 entrée absente ; 73 sortie impossible à créer ; 74 E/S ;\n"
	"75 registre verrouillé ; 78 configuration.\n";

enum { OPT_REGISTRE = SNE_OPT_FIRST_PROGRAM, OPT_REJETS };

static const struct option long_options[] = {
	SNE_CLI_LONG,
	{ "registre", required_argument, NULL, OPT_REGISTRE },
	{ "rejets", required_argument, NULL, OPT_REJETS },
	{ NULL, 0, NULL, 0 }
};

struct update {
	struct sne_output *out;
	struct sne_cli *cli;
	struct sne_modifications *mods;
	struct sne_rejets *rejets;
	const char *rejets_path;
	size_t applied, unchanged, refused;
};

static int on_report(const struct sne_modification_info *info, const char *bytes, size_t len,
                     void *ctx)
{
	struct update *u = ctx;
	char label[32];
	const char *who = info->numero[0] ? info->numero : label;

	snprintf(label, sizeof label, "n°%zu", info->rank);
	switch (info->issue) {
	case SNE_MODIFICATION_APPLIQUEE:
		u->applied++;
		if (u->cli->verbose)
			sne_info("demande %s modifiée", who);
		return 0;
	case SNE_MODIFICATION_SANS_EFFET:
		u->unchanged++;
		sne_info("%s:%ld: demande %s : %s", info->source, info->line, who, info->why);
		return 0;
	case SNE_MODIFICATION_REFUSEE:
	case SNE_MODIFICATION_EN_ATTENTE:
		break;
	}
	u->refused++;
	sne_warn_at(info->source, info->line, who, "%s", info->why);
	if (u->rejets != NULL && sne_rejets_write_text(u->rejets, bytes, len, info->why) != 0) {
		sne_warn("%s: écriture impossible :", u->rejets_path);
		return SNE_EX_IOERR;
	}
	return 0;
}

static int on_record(struct sne_record *rec, void *ctx)
{
	struct update *u = ctx;
	int rc = sne_modifications_apply(u->mods, rec);

	return rc != 0 ? rc : sne_record_emit(rec, u->out);
}

static int on_tail(const char *bytes, size_t len, void *ctx)
{
	struct update *u = ctx;

	return sne_output_emit(u->out, bytes, len);
}

/* Parses the command line; *REGISTRE gets --registre. */
static void parse_args(struct sne_cli *cli, struct update *u, const char **registre, int argc,
                       char **argv)
{
	int opt;

	sne_cli_init(cli, argv[0], usage);
	while ((opt = sne_cli_getopt(argc, argv, SNE_CLI_SHORT, long_options)) != -1) {
		if (sne_cli_common(cli, opt, optarg))
			continue;
		switch (opt) {
		case OPT_REGISTRE: *registre = optarg; break;
		case OPT_REJETS: u->rejets_path = optarg; break;
		default: sne_cli_usage_error("option inattendue");
		}
	}
	cli->in_place_appends = 1; /* the files named are the modifications */
	sne_cli_finish(cli, argc, argv);
	sne_cli_require_guichet(cli);
	if ((cli->in_place != NULL) == (*registre != NULL))
		sne_cli_usage_error("donnez le registre à modifier, une fois : -i REGISTRE (réécrit "
		                    "sur place) ou --registre REGISTRE (écrit sur la sortie standard)");
}

/* Reads every modification file (standard input when none is named). */
static int load_modifications(struct update *u, char **paths, int n)
{
	int rc = 0;

	for (int i = 0; i < (n > 0 ? n : 1) && rc == 0; i++)
		rc = sne_modifications_load(u->mods, n > 0 ? paths[i] : NULL);
	return rc;
}

static void open_rejets(struct update *u)
{
	if (u->rejets_path == NULL)
		return;
	u->rejets = sne_rejets_open(u->rejets_path, SNE_NS_NUU, "interfaceNuu",
	                            " versionInterface=\"02.01\"");
	if (u->rejets == NULL)
		sne_die(SNE_EX_CANTCREAT, "%s: création du fichier de rejets impossible :",
		        u->rejets_path);
}

static int close_rejets(struct update *u, int rc)
{
	if (u->rejets != NULL && sne_rejets_close(u->rejets) != 0) {
		sne_warn("%s: écriture impossible :", u->rejets_path);
		rc = sne_exit_worst(rc, SNE_EX_IOERR);
	}
	return rc;
}

/* Runs the register pass over REGISTRE (or -i). */
static int update_register(struct sne_cli *cli, struct update *u, const char *registre)
{
	struct sne_stream_spec spec = {
		.record_ns = SNE_NS_NUU, .record_name = SNE_DEMANDE_NAME,
		.envelope = &sne_envelope_interface,
		.fields = sne_modification_fields, .nfields = sne_modification_nfields,
		.on_record = on_record, .on_tail = on_tail, .ctx = u,
	};
	char *inputs[1] = { (char *)registre };
	struct sne_store_select rows = { .kind = SNE_STORE_NUMEROS };
	struct sne_selection *numeros = sne_selection_new();
	char why[SNE_WHY_MAX];
	int rc;

	/* an SQLite register reads the rows of the numéros modified only */
	if (numeros == NULL || sne_modifications_select(u->mods, numeros, why, sizeof why) != 0)
		sne_die(SNE_EX_SOFTWARE, "mémoire épuisée");
	rows.numeros = numeros;
	cli->store_select = &rows;
	cli->inputs = registre != NULL ? inputs : NULL;
	cli->ninputs = registre != NULL ? 1 : 0;
	rc = sne_cli_run(cli, &spec, &u->out);
	cli->store_select = NULL;
	sne_selection_free(numeros);
	return rc;
}

static int program(int argc, char **argv)
{
	struct sne_cli cli;
	struct update u = { .cli = &cli };
	const char *registre = NULL;
	int rc;

	parse_args(&cli, &u, &registre, argc, argv);
	u.mods = sne_modifications_new(cli.date, cli.guichet, on_report, &u);
	open_rejets(&u);
	rc = load_modifications(&u, cli.inputs, cli.ninputs);
	if (rc < SNE_EX_USAGE)
		rc = sne_exit_worst(rc, update_register(&cli, &u, registre));
	if (rc < SNE_EX_USAGE)
		rc = sne_exit_worst(rc, sne_modifications_finish(u.mods));
	rc = close_rejets(&u, rc);
	if (rc < SNE_EX_USAGE) {
		if (u.refused > 0)
			rc = sne_exit_worst(rc, SNE_EX_REFUSED);
		sne_info("%s, %s, %s",
		         sne_count(u.applied, SNE_FEMININE, "modification appliquée",
		                   "modifications appliquées").text,
		         sne_count(u.unchanged, SNE_FEMININE, "sans effet", "sans effet").text,
		         sne_count(u.refused, SNE_FEMININE, "refusée", "refusées").text);
	}
	sne_modifications_free(u.mods);
	sne_cli_free(&cli);
	return rc;
}

int sne_update_main(int argc, char **argv, FILE *err)
{
	return sne_cli_main(argc, argv, err, program);
}
