/* sne-rpls-load: load batches of RPLS registrations into the reference.
 *
 * The program parses its options and runs the load: the batches read
 * (sne/rpls_batch.h), sorted by number, then merged into the reference
 * (sne/rpls_load.h), in place with its index under -i, else on standard
 * output; then the bilan, and the exit code. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "sne/cli.h"
#include "sne/err.h"
#include "sne/rpls_batch.h"
#include "sne/rpls_load.h"
#include "sne_programs.h"

static const char usage[] =
	"usage : sne-rpls-load [options] LOT...\n"
	"Charge des lots d'immatriculations RPLS (CSV « ; » ou « , », UTF-8 ou\n"
	"Latin-1, ou flux XML RPLS ; gzip ou non) dans le référentiel RPLS.\n"
	"\n"
	"      --reference FICHIER   référentiel à lire, le résultat sur la sortie ;\n"
	"                            défaut : clé « rpls » de la configuration\n"
	"  -i, --in-place FICHIER    mettre à jour ce référentiel sur place (verrouillé)\n"
	"      --jusqu-au DATE       ne garder que les immatriculations jusqu'à DATE\n"
	"      --colonne NOM=AUTRE   la colonne RPLS NOM s'appelle AUTRE dans le lot\n"
	"      --rejets FICHIER      écrire les lignes rejetées et leur motif\n"
	"      --lot ID              identifiant du lot (défaut : nom du premier fichier)\n"
	"  -d, --date DATE           date du chargement (AAAA-MM-JJ ou JJ/MM/AAAA)\n"
	"      --wait                attendre le verrou au lieu d'échouer (code 75)\n"
	"  -c, --config FICHIER      configuration YAML\n"
	"  -q, --quiet               pas de bilan ;  -v, --verbose  nommer les logements\n"
	"                            nouveau ou mis à jour, dire si l'index sert\n"
	"  -h, --help                cette aide ;   -V, --version  la version\n"
	"\n"
	"Colonnes : RPLS DATIMMAT DEPCOM NUMVOIE TYPVOIE NOMVOIE CODEPOSTAL NBPIECE\n"
	"SURFHAB FINAN CONSTRUCT ; les autres colonnes sont ignorées.\n"
	"\n"
	"Codes de sortie : 0 fait ; 1 des lignes rejetées ; 64 usage ; 65 lot ou\n"
	"référentiel invalide ; 66 lot absent ; 73 sortie impossible ; 74 E/S ;\n"
	"75 référentiel verrouillé ; 78 configuration.\n";

enum {
	OPT_REFERENCE = SNE_OPT_FIRST_PROGRAM,
	OPT_JUSQU_AU,
	OPT_COLONNE,
	OPT_REJETS,
	OPT_LOT
};

static const struct option long_options[] = {
	SNE_CLI_LONG,
	{ "reference", required_argument, NULL, OPT_REFERENCE },
	{ "jusqu-au", required_argument, NULL, OPT_JUSQU_AU },
	{ "colonne", required_argument, NULL, OPT_COLONNE },
	{ "rejets", required_argument, NULL, OPT_REJETS },
	{ "lot", required_argument, NULL, OPT_LOT },
	{ NULL, 0, NULL, 0 }
};

struct load {
	struct sne_cli cli;
	const char *reference;     /* --reference, or the configured rpls */
	const char *in_place;      /* -i FICHIER */
	const char *rejets_path;   /* --rejets FICHIER */
	struct sne_rpls_batch_options batch_options; /* --lot, --jusqu-au, --colonne */
	struct sne_rpls_batch batch;
	struct sne_rpls_merge merge;
};

/* ------------------------------------------------------------------ */
/* command line */

static void set_column_alias(struct load *load, const char *arg)
{
	const char *eq = strchr(arg, '=');
	int c = eq != NULL && eq[1] != '\0' ? sne_rpls_column_find(arg, (size_t)(eq - arg)) : -1;

	if (c < 0)
		sne_cli_usage_error("option --colonne « %s » : attendu NOM=AUTRE, NOM parmi RPLS, "
		                    "DATIMMAT, DEPCOM, NUMVOIE, TYPVOIE, NOMVOIE, CODEPOSTAL, NBPIECE, "
		                    "SURFHAB, FINAN, CONSTRUCT", arg);
	load->batch_options.column_alias[c] = eq + 1;
}

static void program_option(struct load *load, int opt, const char *arg)
{
	switch (opt) {
	case OPT_REFERENCE: load->reference = arg; break;
	case OPT_JUSQU_AU:
		load->batch_options.has_cutoff = 1;
		load->batch_options.cutoff = sne_cli_parse_date("--jusqu-au", arg);
		break;
	case OPT_COLONNE: set_column_alias(load, arg); break;
	case OPT_REJETS: load->rejets_path = arg; break;
	case OPT_LOT: load->batch_options.lot_id = arg; break;
	default: sne_cli_usage_error("option inconnue");
	}
}

/* The batch files are the operands, so -i (which names the reference here)
 * is taken before the common options see it. */
static void parse_args(struct load *load, int argc, char **argv)
{
	int opt;

	sne_cli_init(&load->cli, argv[0], usage);
	while ((opt = sne_cli_getopt(argc, argv, SNE_CLI_SHORT, long_options)) != -1) {
		if (opt == 'i')
			load->in_place = optarg;
		else if (!sne_cli_common(&load->cli, opt, optarg))
			program_option(load, opt, optarg);
	}
	sne_cli_finish(&load->cli, argc, argv);
	if (load->cli.guichet_arg != NULL)
		sne_cli_usage_error("option --guichet : le référentiel RPLS n'inscrit aucun guichet ; "
		                    "retirez-la");
	if (load->cli.progress)
		sne_cli_usage_error("option --progress : pas d'avancement pour sne-rpls-load ; -v dit "
		                    "ce qui est lu et écrit");
	if (load->in_place != NULL && load->reference != NULL &&
	    strcmp(load->in_place, load->reference) != 0)
		sne_cli_usage_error("--in-place et --reference nomment deux référentiels différents");
	if (load->in_place == NULL && load->reference == NULL)
		load->reference = load->cli.config.rpls;
	if (load->in_place == NULL && load->reference == NULL)
		sne_cli_usage_error("référentiel RPLS inconnu : donnez --reference FICHIER, "
		                    "-i FICHIER ou la clé « rpls » de la configuration");
	if (load->cli.ninputs == 0)
		sne_cli_usage_error("aucun lot RPLS : nommez au moins un fichier");
	if (load->batch_options.lot_id == NULL) {
		const char *slash = strrchr(load->cli.inputs[0], '/');
		load->batch_options.lot_id = slash ? slash + 1 : load->cli.inputs[0];
	}
	load->batch_options.lot_date = load->cli.date;
}


/* ------------------------------------------------------------------ */
/* the run */

/* Whether the batches are XML (1) or CSV (0); exits 64 when they mix the
 * two, since --rejets then has no one format. */
static int batches_are_xml(const struct load *load)
{
	int xml = -1;

	for (int i = 0; i < load->cli.ninputs; i++) {
		int this = sne_rpls_batch_file_is_xml(load->cli.inputs[i]);
		if (this < 0)
			continue;  /* unreadable: said when it is loaded */
		if (xml >= 0 && this != xml)
			sne_cli_usage_error("--rejets : les lots mêlent CSV et XML ; chargez-les en deux "
			                    "fois, chacun avec son fichier de rejets");
		xml = this;
	}
	return xml == 1;
}

/* The batches read into load->batch, refused rows to --rejets, then
 * sorted.  Returns the worst status. */
static int read_batches(struct load *load)
{
	int rc = 0;

	if (load->rejets_path != NULL)
		rc = sne_rpls_batch_open_rejets(&load->batch, load->rejets_path,
		                                batches_are_xml(load));
	if (rc == 0)
		rc = sne_rpls_batch_read_files(&load->batch, load->cli.inputs, load->cli.ninputs);
	rc = sne_exit_worst(rc, sne_rpls_batch_close_rejets(&load->batch));
	sne_rpls_batch_sort(&load->batch);
	return rc;
}

static int program(int argc, char **argv)
{
	static struct load load;
	int rc;

	parse_args(&load, argc, argv);
	sne_rpls_batch_init(&load.batch, &load.batch_options);
	sne_rpls_merge_init(&load.merge, &load.batch, load.cli.verbose);
	rc = read_batches(&load);
	if (rc < SNE_EX_USAGE)
		rc = sne_exit_worst(rc, load.in_place
		                            ? sne_rpls_merge_in_place(&load.merge, load.in_place,
		                                                      load.cli.wait)
		                            : sne_rpls_merge_to_stdout(&load.merge, load.reference));
	if (rc < SNE_EX_USAGE) {
		sne_rpls_load_print_summary(&load.batch.counts, &load.merge.counts);
		if (load.batch.counts.rejected > 0)
			rc = sne_exit_worst(rc, SNE_EX_REFUSED);
	}
	sne_rpls_merge_free(&load.merge);
	sne_rpls_batch_free(&load.batch);
	sne_cli_free(&load.cli);
	return rc;
}

int sne_rpls_load_main(int argc, char **argv, FILE *err)
{
	return sne_cli_main(argc, argv, err, program);
}
