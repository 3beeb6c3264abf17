/* sne-registre: the SQLite register's own tasks (sne/store.h): import a
 * register file into a new store, export a store as one interfaceNuu
 * stream, verify it, bring it to this version, back it up while others
 * write. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sne/cli.h"
#include "sne/err.h"
#include "sne/io.h"
#include "sne/store.h"
#include "sne_programs.h"

static const char usage[] =
	"usage : sne-registre --importer REGISTRE.xml[.gz] REGISTRE.sqlite\n"
	"        sne-registre --exporter REGISTRE.sqlite\n"
	"        sne-registre --verifier REGISTRE.sqlite\n"
	"        sne-registre --mettre-a-niveau REGISTRE.sqlite\n"
	"        sne-registre --sauvegarder COPIE.sqlite REGISTRE.sqlite\n"
	"Tient le registre SQLite, que tous les programmes lisent et modifient avec\n"
	"-i REGISTRE.sqlite comme un fichier de registre.\n"
	"\n"
	"      --importer          créer REGISTRE.sqlite ; il ne doit pas exister, les\n"
	"                          demandes viennent du fichier (« - » : l'entrée\n"
	"                          standard), un numéro en double est refusé (65)\n"
	"      --exporter          écrire le registre sur la sortie ; un flux\n"
	"                          interfaceNuu, octet pour octet celui importé pour\n"
	"                          chaque demande inchangée\n"
	"      --verifier          contrôler le registre ; intégrité SQLite et colonnes\n"
	"                          de chaque demande contre ses octets, 65 à la moindre\n"
	"                          différence\n"
	"      --mettre-a-niveau   mettre à jour un registre d'une version antérieure ;\n"
	"                          en une transaction, les autres programmes le\n"
	"                          refusent avant\n"
	"      --sauvegarder COPIE copier le registre dans le fichier neuf COPIE ;\n"
	"                          cohérent pendant que d'autres continuent d'écrire\n"
	"  -c, --config FICHIER    configuration YAML ; --importer continue les\n"
	"                          compteurs de numéros de son dossier d'état\n"
	"      --wait              attendre un autre programme qui écrit ; sinon,\n"
	"                          échouer (code 75)\n"
	"  -q, --quiet             pas de bilan\n"
	"  -h, --help              cette aide ;   -V, --version  la version\n"
	"\n"
	"Codes de sortie : 0 fait ; 64 usage ; 65 entrée invalide ou registre\n"
	"incohérent ; 66 entrée absente ; 73 fichier existant ou impossible à créer ;\n"
	"74 E/S ; 75 registre verrouillé.\n";

enum {
	OPT_IMPORTER = SNE_OPT_FIRST_PROGRAM, OPT_EXPORTER, OPT_VERIFIER, OPT_MISE_A_NIVEAU,
	OPT_SAUVEGARDER
};

static const struct option long_options[] = {
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "config", required_argument, NULL, 'c' },
	{ "wait", no_argument, NULL, SNE_OPT_WAIT },
	{ "importer", no_argument, NULL, OPT_IMPORTER },
	{ "exporter", no_argument, NULL, OPT_EXPORTER },
	{ "verifier", no_argument, NULL, OPT_VERIFIER },
	{ "mettre-a-niveau", no_argument, NULL, OPT_MISE_A_NIVEAU },
	{ "sauvegarder", required_argument, NULL, OPT_SAUVEGARDER },
	{ NULL, 0, NULL, 0 }
};

struct options {
	int task;               /* OPT_IMPORTER ... */
	const char *copie;      /* --sauvegarder COPIE */
	int wait;
	char **args;
	int nargs;
};

static void set_task(struct options *o, int task)
{
	if (o->task != 0 && o->task != task)
		sne_cli_usage_error("une seule tâche à la fois : --importer, --exporter, --verifier, "
		                    "--mettre-a-niveau ou --sauvegarder");
	o->task = task;
}

static void parse_options(struct sne_cli *cli, struct options *o, int argc, char **argv)
{
	int opt;

	while ((opt = sne_cli_getopt(argc, argv, "hVqc:", long_options)) != -1) {
		if (opt == SNE_OPT_WAIT)
			o->wait = 1;
		else if (opt == OPT_SAUVEGARDER) {
			set_task(o, opt);
			o->copie = optarg;
		} else if (opt >= OPT_IMPORTER && opt <= OPT_MISE_A_NIVEAU)
			set_task(o, opt);
		else
			sne_cli_common(cli, opt, optarg);
	}
	sne_err_set_quiet(cli->quiet);
	o->args = argv + optind;
	o->nargs = argc - optind;
	if (o->task == 0)
		sne_cli_usage_error("donnez une tâche : --importer, --exporter, --verifier, "
		                    "--mettre-a-niveau ou --sauvegarder");
	if (o->task == OPT_IMPORTER && o->nargs != 2)
		sne_cli_usage_error("--importer prend deux fichiers : le registre XML et le "
		                    "registre SQLite à créer");
	if (o->task != OPT_IMPORTER && o->nargs != 1)
		sne_cli_usage_error("donnez un registre SQLite, un seul");
}

static int import(struct sne_cli *cli, const struct options *o)
{
	struct sne_store *st;
	struct sne_input *in;
	char *state_dir;
	int rc = sne_config_load(cli->config_path, &cli->config);

	if (rc != 0)
		return rc;

	if (sne_store_is_store(o->args[0]))
		sne_cli_usage_error("« %s » est déjà un registre SQLite : --importer lit un fichier "
		                    "XML (faites une copie avec --sauvegarder)", o->args[0]);
	in = sne_input_open(o->args[0]);
	if (in == NULL) {
		sne_warn("%s: ouverture impossible :", o->args[0]);
		return SNE_EX_NOINPUT;
	}
	rc = sne_store_create(o->args[1], &st);
	state_dir = sne_config_state_dir(&cli->config);
	if (rc == 0) {
		rc = sne_store_import(st, in, state_dir);
		sne_store_close(st);
		if (rc != 0) {
			sne_warn("« %s » n'a pas été créé", o->args[1]);
			remove(o->args[1]);
		}
	}
	free(state_dir);
	sne_input_close(in);
	sne_config_free(&cli->config);
	return rc;
}

static int export(struct sne_store *st)
{
	struct sne_output *out = sne_output_stdout();
	int rc = sne_store_export(st, out);

	if (sne_output_close(out) != 0 || rc < 0) {
		sne_warn("écriture impossible sur la sortie standard :");
		return SNE_EX_IOERR;
	}
	return rc;
}

/* Brings the store to this version (nothing to do when it is). */
static int upgrade(const struct options *o)
{
	struct sne_store *st;
	int rc = sne_store_open(o->args[0], SNE_STORE_WRITE | SNE_STORE_UPGRADE |
	                        (o->wait ? SNE_STORE_WAIT : 0), &st);

	if (rc != 0)
		return rc;
	rc = sne_store_commit(st);
	if (rc == 0)
		sne_info("« %s » : registre SQLite à la version %d", o->args[0], SNE_STORE_VERSION);
	sne_store_close(st);
	return rc;
}

static int program(int argc, char **argv)
{
	struct sne_cli cli;
	struct options o = { 0 };
	struct sne_store *st;
	int rc;

	sne_cli_init(&cli, argv[0], usage);
	parse_options(&cli, &o, argc, argv);
	if (o.task == OPT_IMPORTER)
		return import(&cli, &o);
	if (o.task == OPT_MISE_A_NIVEAU)
		return upgrade(&o);
	rc = sne_store_open(o.args[0], SNE_STORE_READ | (o.wait ? SNE_STORE_WAIT : 0), &st);
	if (rc != 0)
		return rc;
	switch (o.task) {
	case OPT_EXPORTER: rc = export(st); break;
	case OPT_VERIFIER: rc = sne_store_verify(st); break;
	default: rc = sne_store_backup(st, o.copie); break;
	}
	sne_store_close(st);
	return rc;
}

int sne_registre_main(int argc, char **argv, FILE *err)
{
	return sne_cli_main(argc, argv, err, program);
}
