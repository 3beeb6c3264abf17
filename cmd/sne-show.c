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
#include "sne/lookup.h"
#include "sne/numero.h"
#include "sne/selection.h"

static const char usage[] =
	"usage : sne-show -n NUMERO [options] [REGISTRE...]\n"
	"        sne-show [options] [FICHIER...]\n"
	"Affiche la consultation d'une demande, avec les onglets et les mots de\n"
	"l'écran du SNE ; sans numéro, chaque demande du flux (entrée standard ou\n"
	"fichiers).\n"
	"\n"
	"  -n, --numero NUMERO   la demande NUMERO (répétable ; espaces, tirets et\n"
	"                        minuscules acceptés)\n"
	"      --numeros FICHIER les numéros du fichier, un par ligne\n"
	"  -o, --onglet NOM      n'afficher que cet onglet (répétable ; le début du\n"
	"                        nom suffit, sans accents : « echanges »)\n"
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

/* A numéro not found, and what it probably meant. */
struct absent {
	char numero[SNE_NUMERO_SIZE];
	char proche[SNE_NUMERO_SIZE];  /* same numéro, another code guichet */
	char citee[SNE_NUMERO_SIZE];   /* a demande that mentions it */
	int fusion;                    /* ... in an evenement "fusion" */
};

struct show {
	struct sne_selection *selection; /* NULL: every demande of the input */
	size_t found;                    /* takes, to stop once all are found */
	int json;
	int onglets[SNE_ONGLET_COUNT];
	int some_onglet;
	struct sne_affichage affichage;
	struct sne_output *out;
	size_t shown;
	int status;
	const char *source;              /* the input being read */
	/* the prefixes (territory, month, year, sequence) of the numéros
	 * asked for, sorted, and the absent ones */
	char (*prefixes)[SNE_NUMERO_SIZE];
	size_t nprefixes;
	struct absent *absents;
	size_t nabsents;
};

#define PREFIX_LEN (SNE_NUMERO_LEN - 5)

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

/* The numéro of demande element RECORD, canonical, into OUT; -1 when it
 * has none that reads. */
static int numero_of(xmlNodePtr record, char *out)
{
	struct sne_numero numero;

	for (xmlNodePtr dl = record->children; dl != NULL; dl = dl->next) {
		if (dl->type != XML_ELEMENT_NODE || dl->ns == NULL ||
		    strcmp((const char *)dl->ns->href, SNE_NS_NUU) != 0 ||
		    strcmp((const char *)dl->name, "demandeLogement") != 0)
			continue;
		for (xmlNodePtr n = dl->children; n != NULL; n = n->next) {
			xmlChar *text;
			int rc;

			if (n->type != XML_ELEMENT_NODE || n->ns == NULL ||
			    strcmp((const char *)n->ns->href, SNE_NS_NUU) != 0 ||
			    strcmp((const char *)n->name, "numUnique") != 0)
				continue;
			text = xmlNodeGetContent(n);
			rc = text ? sne_numero_parse((const char *)text, &numero, NULL, 0) : -1;
			xmlFree(text);
			if (rc == 0)
				sne_numero_format(&numero, out);
			return rc;
		}
	}
	return -1;
}

static int is_demande(const xmlNode *record)
{
	return record != NULL && record->ns != NULL &&
	       strcmp((const char *)record->ns->href, SNE_NS_NUU) == 0 &&
	       strcmp((const char *)record->name, SNE_DEMANDE_NAME) == 0;
}

static int show_record(struct show *show, xmlNodePtr record)
{
	struct sne_consultation *c = sne_consultation_new(record);
	int rc = write_one(show, c);

	sne_consultation_free(c);
	return rc;
}

static int cannot_parse(struct show *show, long long offset, const char *what, const char *why)
{
	sne_warn("%s: octet %lld : demande %s illisible : %s ; contrôlez le fichier avec "
	         "sne-validate --check", show->source, offset, what, why);
	show->status = sne_exit_worst(show->status, SNE_EX_DATAERR);
	return 0;
}

/* ------------------------------------------------------------ by numéro */

static int compare_prefix(const void *a, const void *b)
{
	return memcmp(a, b, PREFIX_LEN);
}

/* Sorted prefixes of the numéros asked for, for the near misses. */
static void collect_prefixes(struct show *show)
{
	size_t cursor = 0, n = sne_selection_size(show->selection);
	const char *numero;

	show->prefixes = calloc(n ? n : 1, sizeof *show->prefixes);
	if (show->prefixes == NULL)
		sne_die(SNE_EX_SOFTWARE, "mémoire épuisée");
	while ((numero = sne_selection_next_unseen(show->selection, &cursor)) != NULL)
		memcpy(show->prefixes[show->nprefixes++], numero, SNE_NUMERO_SIZE);
	qsort(show->prefixes, show->nprefixes, sizeof *show->prefixes, compare_prefix);
}

static struct absent *absent_of(struct show *show, const char *numero)
{
	for (size_t i = 0; i < show->nabsents; i++)
		if (strcmp(show->absents[i].numero, numero) == 0)
			return &show->absents[i];
	return NULL;
}

/* KEY has the prefix of a numéro asked for but another code guichet:
 * remembered as what that one probably meant. */
static void near_miss(struct show *show, const char *key)
{
	char (*p)[SNE_NUMERO_SIZE] = bsearch(key, show->prefixes, show->nprefixes,
	                                     sizeof *show->prefixes, compare_prefix);

	if (p == NULL)
		return;
	while (p > show->prefixes && memcmp(p[-1], key, PREFIX_LEN) == 0)
		p--;
	for (; p < show->prefixes + show->nprefixes && memcmp(*p, key, PREFIX_LEN) == 0; p++) {
		struct absent *a = absent_of(show, *p);

		if (a != NULL && a->proche[0] == '\0' && strlen(key) == SNE_NUMERO_LEN)
			memcpy(a->proche, key, SNE_NUMERO_SIZE);
	}
}

static int wants(const char *key, void *ctx)
{
	struct show *show = ctx;

	if (sne_selection_contains(show->selection, key))
		return 1;
	if (strlen(key) == SNE_NUMERO_LEN)
		near_miss(show, key);
	return 0;
}

/* Whether every numéro asked for was found. */
static int all_found(struct show *show)
{
	size_t cursor = 0;

	return show->found >= sne_selection_size(show->selection) &&
	       sne_selection_next_unseen(show->selection, &cursor) == NULL;
}

static int on_key_hit(const struct sne_lookup_hit *hit, void *ctx)
{
	struct show *show = ctx;
	char why[SNE_WHY_MAX], numero[SNE_NUMERO_SIZE];
	xmlDocPtr doc = sne_fragment_parse(hit->root_tag, hit->root_len, hit->bytes, hit->len, why,
	                                   sizeof why);
	xmlNodePtr record = doc ? sne_fragment_record(doc) : NULL;
	int rc = 0;

	if (doc == NULL)
		return cannot_parse(show, hit->offset, hit->key, why);
	if (is_demande(record) && numero_of(record, numero) == 0 &&
	    strcmp(numero, hit->key) == 0 && sne_selection_take(show->selection, numero)) {
		show->found++;
		rc = show_record(show, record);
		if (rc == 0 && all_found(show))
			rc = SNE_LOOKUP_STOP;
	}
	sne_fragment_free(doc);
	return rc;
}

/* Whether NODE (an element or attribute) or its text holds STRING, and the
 * type of the evenement it is in, if any (*IN_FUSION). */
static int holds(xmlNodePtr node, const char *string, int *in_fusion)
{
	xmlChar *text;
	int found = 0;

	if (node->type == XML_ELEMENT_NODE) {
		for (xmlAttrPtr a = node->properties; a != NULL && !found; a = a->next)
			found = holds((xmlNodePtr)a, string, in_fusion);
		for (xmlNodePtr c = node->children; c != NULL && !found; c = c->next)
			if (c->type == XML_ELEMENT_NODE || c->type == XML_TEXT_NODE)
				found = holds(c, string, in_fusion);
		if (found && strcmp((const char *)node->name, "evenement") == 0) {
			xmlChar *type = xmlGetNoNsProp(node, BAD_CAST "type");

			*in_fusion |= type != NULL && strcmp((const char *)type, "fusion") == 0;
			xmlFree(type);
		}
		return found;
	}
	text = xmlNodeGetContent(node);
	found = text != NULL && strstr((const char *)text, string) != NULL;
	xmlFree(text);
	return found;
}

static int on_mention(const struct sne_lookup_hit *hit, void *ctx)
{
	struct show *show = ctx;
	struct absent *a = absent_of(show, hit->key);
	char why[SNE_WHY_MAX], numero[SNE_NUMERO_SIZE];
	xmlDocPtr doc;
	xmlNodePtr record;
	int fusion = 0;

	if (a == NULL || (a->citee[0] != '\0' && a->fusion))
		return 0;
	if ((doc = sne_fragment_parse(hit->root_tag, hit->root_len, hit->bytes, hit->len, why,
	                              sizeof why)) == NULL)
		return 0;
	record = sne_fragment_record(doc);
	if (is_demande(record) && numero_of(record, numero) == 0 &&
	    strcmp(numero, a->numero) != 0 && holds(record, a->numero, &fusion)) {
		memcpy(a->citee, numero, SNE_NUMERO_SIZE);
		a->fusion = fusion;
	}
	sne_fragment_free(doc);
	return 0;
}

/* Searches input PATH (NULL: standard input) for the numéros not found yet. */
static int lookup_in(struct show *show, const char *path)
{
	struct sne_lookup_spec spec = {
		.record_name = SNE_DEMANDE_NAME, .key_name = "numUnique",
		.wants = wants, .on_hit = on_key_hit, .ctx = show,
	};

	show->source = path ? path : "<entrée standard>";
	return sne_lookup_keys(path, &spec);
}

/* Second pass over file PATH for the absent numéros with no near miss:
 * a demande that names them (the one kept by a merge). */
static int mentions_in(struct show *show, const char *path)
{
	struct sne_lookup_spec spec = {
		.record_name = SNE_DEMANDE_NAME, .on_hit = on_mention, .ctx = show,
	};
	const char *strings[16];
	size_t n = 0;

	for (size_t i = 0; i < show->nabsents && n < 16; i++)
		if (show->absents[i].proche[0] == '\0')
			strings[n++] = show->absents[i].numero;
	if (n == 0 || path == NULL)
		return 0;
	show->source = path;
	return sne_lookup_strings(path, &spec, strings, n);
}

/* The numéros not found yet, with what was learnt of them so far. */
static void collect_absents(struct show *show)
{
	size_t cursor = 0, n = 0;
	const char *numero;
	struct absent *absents = calloc(sne_selection_size(show->selection) + 1, sizeof *absents);

	if (absents == NULL)
		sne_die(SNE_EX_SOFTWARE, "mémoire épuisée");
	while ((numero = sne_selection_next_unseen(show->selection, &cursor)) != NULL) {
		const struct absent *known = absent_of(show, numero);

		if (known != NULL)
			absents[n] = *known;
		else
			memcpy(absents[n].numero, numero, SNE_NUMERO_SIZE);
		n++;
	}
	free(show->absents);
	show->absents = absents;
	show->nabsents = n;
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

static void report_absents(struct show *show, const struct sne_cli *cli)
{
	char *names = names_of(cli);

	for (size_t i = 0; i < show->nabsents; i++) {
		const struct absent *a = &show->absents[i];

		if (a->proche[0] != '\0')
			sne_warn("demande %s introuvable dans %s ; vouliez-vous dire %s (même numéro, "
			         "autre code guichet) ?", a->numero, names, a->proche);
		else if (a->citee[0] != '\0' && a->fusion)
			sne_warn("demande %s introuvable dans %s ; elle a été fusionnée dans la demande "
			         "%s, conservée : consultez celle-ci", a->numero, names, a->citee);
		else if (a->citee[0] != '\0')
			sne_warn("demande %s introuvable dans %s ; elle est citée par la demande %s",
			         a->numero, names, a->citee);
		else
			sne_warn("demande %s introuvable dans %s ; vérifiez le numéro et le registre",
			         a->numero, names);
	}
	free(names);
	if (show->nabsents > 0)
		show->status = sne_exit_worst(show->status, SNE_EX_REFUSED);
}

static int run_lookups(struct show *show, const struct sne_cli *cli)
{
	int rc = 0;

	collect_prefixes(show);
	collect_absents(show);
	for (int i = 0; (i < cli->ninputs || (i == 0 && cli->ninputs == 0)) && rc == 0; i++) {
		if (all_found(show))
			break;
		rc = lookup_in(show, cli->ninputs ? cli->inputs[i] : NULL);
	}
	if (rc >= SNE_EX_USAGE)
		return rc;
	collect_absents(show);
	for (int i = 0; i < cli->ninputs && show->nabsents > 0 && rc == 0; i++)
		rc = mentions_in(show, cli->inputs[i]);
	report_absents(show, cli);
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
	while ((opt = getopt_long(argc, argv, "hVc:qn:o:", long_options, NULL)) != -1)
		if (!sne_cli_common(cli, opt, optarg))
			program_option(show, opt, optarg);
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

int main(int argc, char **argv)
{
	struct sne_cli cli;
	struct show show = { 0 };
	int rc;

	parse_args(&cli, &show, argc, argv);
	show.out = sne_output_stdout();
	rc = show.selection ? run_lookups(&show, &cli) : run_stream(&show, &cli);
	rc = sne_exit_worst(rc, show.status);
	rc = finish_output(&show, rc);
	sne_selection_free(show.selection);
	free(show.prefixes);
	free(show.absents);
	sne_cli_free(&cli);
	return rc;
}
