/* sne-show: the consultation screen of a demande, the seed's tabs and
 * words, found by numéro in a register at the speed of the disk.
 *
 * With numéros (-n, --numeros), each input is searched as bytes for the
 * numUnique elements (sne/lookup.h): only the records found are parsed.
 * Without, every demande of the stream is shown (sne-stats --extraire …
 * | sne-show). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <libxml/tree.h>

#include "sne/cli.h"
#include "sne/consultation.h"
#include "sne/demande.h"
#include "sne/err.h"
#include "sne/fragment.h"
#include "sne/recherche.h"
#include "sne/selection.h"
#include "sne_programs.h"

static const char usage[] =
	"usage : sne-show -n NUMERO [options] [REGISTRE...]\n"
	"        sne-show [options] [FICHIER...]\n"
	"Affiche la consultation d'une demande, avec les onglets et les mots de\n"
	"l'écran du SNE ; sans numéro, chaque demande du flux (entrée standard ou\n"
	"fichiers).\n"
	"\n"
	"  -n, --numero NUMERO   la demande NUMERO, répétable ; espaces, tirets et\n"
	"                        minuscules acceptés\n"
	"      --numeros FICHIER les numéros du fichier, un par ligne\n"
	"  -o, --onglet NOM      n'afficher que cet onglet, répétable ; le début du\n"
	"                        nom suffit, sans accents : « echanges »\n"
	"      --compact         cacher les champs, blocs et onglets vides\n"
	"      --format FORMAT   texte (défaut) ou json\n"
	"  -c, --config FICHIER  configuration YAML\n"
	"  -q, --quiet           pas de message sauf les erreurs\n"
	"  -h, --help            cette aide ;   -V, --version  la version\n"
	"\n"
	"Codes de sortie : 0 fait ; 1 des demandes introuvables ; 64 usage ;\n"
	"65 entrée invalide ; 66 entrée absente ; 74 E/S ; 78 configuration.\n";

enum {
	OPT_NUMEROS = SNE_OPT_FIRST_PROGRAM,
	OPT_COMPACT,
	OPT_FORMAT
};

static const struct option long_options[] = {
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ "config", required_argument, NULL, 'c' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "numero", required_argument, NULL, 'n' },
	{ "numeros", required_argument, NULL, OPT_NUMEROS },
	{ "onglet", required_argument, NULL, 'o' },
	{ "compact", no_argument, NULL, OPT_COMPACT },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ NULL, 0, NULL, 0 }
};

struct show {
	struct sne_selection *selection; /* NULL: every demande of the input */
	int json;
	int onglets[SNE_ONGLET_COUNT];
	int some_onglet;
	struct sne_affichage affichage;
	struct sne_output *out;
	size_t shown;
};

static struct sne_selection *selection_of(struct show *show)
{
	if (show->selection == NULL && (show->selection = sne_selection_new()) == NULL)
		sne_die(SNE_EX_SOFTWARE, "mémoire épuisée");
	return show->selection;
}

static void add_onglet(struct show *show, const char *name)
{
	char why[4 * SNE_WHY_MAX];
	int id = sne_onglet_find(name, why, sizeof why);

	if (id < 0)
		sne_cli_usage_error("--onglet : %s", why);
	show->onglets[id] = 1;
	show->some_onglet = 1;
}

static void program_option(struct show *show, int opt, const char *arg)
{
	char why[SNE_WHY_MAX];
	int rc;

	switch (opt) {
	case 'n':
		if (sne_selection_add(selection_of(show), arg, why, sizeof why) != 0)
			sne_cli_usage_error("--numero : %s", why);
		break;
	case OPT_NUMEROS:
		if ((rc = sne_selection_add_file(selection_of(show), arg, why, sizeof why)) != 0)
			sne_die(rc, "%s: %s", arg, why);
		break;
	case 'o': add_onglet(show, arg); break;
	case OPT_COMPACT: show->affichage.compact = 1; break;
	case OPT_FORMAT:
		if (strcmp(arg, "json") != 0 && strcmp(arg, "texte") != 0)
			sne_cli_usage_error("--format « %s » inconnu : attendu texte ou json", arg);
		show->json = strcmp(arg, "json") == 0;
		break;
	default: sne_cli_usage_error("option inattendue");
	}
}

/* The width of the text: $COLUMNS, else the terminal's, else 80. */
static int text_width(void)
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
	if (width <= 0)
		width = 80;
	return width < 20 ? 20 : width > 1000 ? 1000 : (int)width;
}

static int use_colours(void)
{
	const char *term = getenv("TERM");

	return isatty(STDOUT_FILENO) && getenv("NO_COLOR") == NULL && term != NULL &&
	       strcmp(term, "dumb") != 0;
}

/* ------------------------------------------------------------ showing */

static int write_one(struct show *show, const struct sne_consultation *c)
{
	int rc;

	if (show->json) {
		rc = sne_output_puts(show->out, show->shown == 0 ? "[\n" : ",\n");
		if (rc == 0)
			rc = sne_consultation_write_json(c, &show->affichage, show->out);
	} else {
		rc = show->shown == 0 ? 0 : sne_output_puts(show->out, "\n\n");
		if (rc == 0)
			rc = sne_consultation_write_text(c, &show->affichage, show->out);
	}
	show->shown++;
	if (rc != 0) {
		sne_warn("%s: écriture impossible : %s", sne_output_name(show->out), strerror(errno));
		return SNE_EX_IOERR;
	}
	return 0;
}

static int show_record(struct show *show, xmlNodePtr record)
{
	struct sne_consultation *c = sne_consultation_new(record);
	int rc = write_one(show, c);

	sne_consultation_free(c);
	return rc;
}

/* "a.xml, b.xml" for the messages. */
static char *names_of(const struct sne_cli *cli)
{
	size_t size = 32;
	char *names;

	for (int i = 0; i < cli->ninputs; i++)
		size += strlen(cli->inputs[i]) + 2;
	if ((names = calloc(1, size)) == NULL)
		sne_die(SNE_EX_SOFTWARE, "mémoire épuisée");
	if (cli->ninputs == 0)
		strcpy(names, "l'entrée standard");
	for (int i = 0; i < cli->ninputs; i++) {
		if (i > 0)
			strcat(names, ", ");
		strcat(names, cli->inputs[i]);
	}
	return names;
}

static int found(xmlNodePtr demande, void *ctx)
{
	return show_record(ctx, demande);
}

/* Names each numéro not found, with what it probably meant; returns 1
 * when there is one, else 0. */
static int report_absents(struct sne_recherche *recherche, const struct sne_cli *cli)
{
	size_t count;
	const struct sne_absent *absents = sne_recherche_absents(recherche, &count);
	char *names = names_of(cli), meant[256];

	for (size_t i = 0; i < count; i++) {
		sne_recherche_explain(&absents[i], meant, sizeof meant);
		sne_warn("demande %s introuvable dans %s ; %s", absents[i].numero, names, meant);
	}
	free(names);
	return count > 0 ? SNE_EX_REFUSED : 0;
}

/* The demandes asked for, searched in each register (or standard input). */
static int run_lookups(struct show *show, const struct sne_cli *cli)
{
	struct sne_recherche *recherche = sne_recherche_new(show->selection, found, show);
	int rc = 0;

	for (int i = 0; i < cli->ninputs || (i == 0 && cli->ninputs == 0); i++) {
		if (sne_recherche_complete(recherche) || rc >= SNE_EX_USAGE)
			break;
		rc = sne_exit_worst(rc, sne_recherche_run(recherche, cli->ninputs ? cli->inputs[i] : NULL));
	}
	for (int i = 0; i < cli->ninputs && rc < SNE_EX_USAGE; i++)
		rc = sne_exit_worst(rc, sne_recherche_mentions(recherche, cli->inputs[i]));
	if (rc < SNE_EX_USAGE)
		rc = sne_exit_worst(rc, report_absents(recherche, cli));
	sne_recherche_free(recherche);
	return rc;
}

/* ------------------------------------------------------------ a stream */

static int on_record(struct sne_record *record, void *ctx)
{
	struct show *show = ctx;
	size_t len;
	const char *bytes = sne_record_bytes(record, &len);
	char why[SNE_WHY_MAX];
	xmlDocPtr doc = sne_fragment_parse_ns(sne_record_namespaces(record), bytes, len, why,
	                                      sizeof why);
	int rc;

	if (doc == NULL) {
		sne_warn("%s:%ld: demande n°%zu illisible : %s", sne_record_source(record),
		         sne_record_line(record), sne_record_rank(record), why);
		return SNE_EX_DATAERR;
	}
	rc = show_record(show, sne_fragment_record(doc));
	sne_fragment_free(doc);
	return rc;
}

static int run_stream(struct show *show, const struct sne_cli *cli)
{
	struct sne_stream_spec spec = {
		.record_ns = SNE_NS_NUU, .record_name = SNE_DEMANDE_NAME, .text_only = 1,
		.on_record = on_record, .ctx = show,
	};
	int rc = 0;

	if (cli->ninputs == 0) {
		struct sne_input *in = sne_input_fdopen(dup(STDIN_FILENO), "<entrée standard>");

		if (in == NULL)
			sne_die(SNE_EX_IOERR, "entrée standard illisible :");
		rc = sne_stream_run(in, &spec);
		sne_input_close(in);
		return rc;
	}
	for (int i = 0; i < cli->ninputs && rc < SNE_EX_USAGE; i++)
		rc = sne_exit_worst(rc, sne_stream_run_path(cli->inputs[i], &spec,
		                                            "ouverture impossible"));
	return rc;
}

/* ------------------------------------------------------------ main */

static void parse_args(struct sne_cli *cli, struct show *show, int argc, char **argv)
{
	int opt;

	sne_cli_init(cli, argv[0], usage);
	cli->selection_on_stop = &show->selection;
	while ((opt = sne_cli_getopt(argc, argv, "hVc:qn:o:", long_options)) != -1)
		if (!sne_cli_common(cli, opt, optarg))
			program_option(show, opt, optarg);
	cli->anyone = 1; /* reading only */
	sne_cli_finish(cli, argc, argv);
	show->affichage.largeur = text_width();
	show->affichage.couleurs = !show->json && use_colours();
	show->affichage.onglets = show->some_onglet ? show->onglets : NULL;
}

static int finish_output(struct show *show, int rc)
{
	if (show->json && sne_output_puts(show->out, show->shown ? "\n]\n" : "[]\n") != 0)
		rc = sne_exit_worst(rc, SNE_EX_IOERR);
	if (sne_output_close(show->out) != 0) {
		sne_warn("sortie standard : écriture impossible : %s", strerror(errno));
		rc = sne_exit_worst(rc, SNE_EX_IOERR);
	}
	return rc;
}

static int program(int argc, char **argv)
{
	struct sne_cli cli;
	struct show show = { 0 };
	int rc;

	parse_args(&cli, &show, argc, argv);
	show.out = sne_output_stdout();
	rc = show.selection ? run_lookups(&show, &cli) : run_stream(&show, &cli);
	rc = finish_output(&show, rc);
	sne_selection_free(show.selection);
	sne_cli_free(&cli);
	return rc;
}

int sne_show_main(int argc, char **argv, FILE *err)
{
	return sne_cli_main(argc, argv, err, program);
}
