/* sne-attrib: radiate demandes for attribution (RADATT), one from the
 * command line or a bailleur's batch file.
 *
 * The attributions are read and checked first; the RPLS reference is then
 * asked for just the numbers they name: through its index, one block of
 * logements per number, or else read from the start until they are all
 * found (see sne/rpls_index.h); then the register is
 * streamed: a demande with an attribution is checked against its state and
 * dates and radiated (its suivi spliced), every other record is copied as
 * it came in.  A dwelling the reference does not know must be described in
 * full (adresse, commune, type, surface, loyer, qpv); it is then written as
 * attributes of the attribution's logement element. */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sne/cli.h"
#include "sne/count.h"
#include "sne/csv.h"
#include "sne/demande.h"
#include "sne/err.h"
#include "sne/numero.h"
#include "sne/radiation.h"
#include "sne/rpls.h"
#include "sne/rpls_index.h"
#include "sne/suivi.h"
#include "sne/territoire.h"

static const char usage[] =
	"usage : sne-attrib --numero NU --rpls NUMERO --bailleur NOM --date-bail DATE\n"
	"                   [options] [REGISTRE...]\n"
	"        sne-attrib --attributions FICHIER [options] [REGISTRE...]\n"
	"Radie pour attribution (RADATT) les demandes actives attribuées par un\n"
	"bailleur (profil « bailleur » seulement).\n"
	"\n"
	"  -n, --numero NU             numéro unique de la demande\n"
	"      --rpls NUMERO           numéro RPLS du logement (10 caractères)\n"
	"      --bailleur NOM          bailleur qui attribue\n"
	"      --date-bail DATE        date de signature du bail\n"
	"      --date-cal DATE         date de la commission d'attribution\n"
	"      --contingent C          COLTER, COLACT, PPRIOR, PFONCT, AUTRES ou AUCUN\n"
	"      --accord-collectif A    ACD, ACI, AUCUN ou NONDOC\n"
	"      --dalo D                OUI, NON ou NONDOC\n"
	"  logement inconnu du référentiel RPLS, tous obligatoires :\n"
	"      --adresse TEXTE  --commune INSEE  --type T1..T8|T9P\n"
	"      --surface M2  --loyer EUROS  --qpv ZUSOUI|ZUSNON|ZUSNSP\n"
	"      --attributions FICHIER  lot CSV, une attribution par ligne ; colonnes\n"
	"                              nommées comme les options (numero;rpls;...)\n"
	"      --reference FICHIER     référentiel RPLS (défaut : clé « rpls »)\n"
	"  -d, --date DATE             date du jour (AAAA-MM-JJ ou JJ/MM/AAAA)\n"
	"  -g, --guichet CODE          code guichet qui agit\n"
	"  -i, --in-place REGISTRE     réécrire le registre sur place (verrouillé)\n"
	"      --wait                  attendre le verrou au lieu d'échouer (code 75)\n"
	"  -c, --config FICHIER        configuration YAML\n"
	"  -q, --quiet                 pas de bilan\n"
	"  -v, --verbose               nommer les demandes radiées\n"
	"      --progress              avancement sur le terminal\n"
	"  -h, --help                  cette aide ;   -V, --version  la version\n"
	"\n"
	"Codes de sortie : 0 fait ; 1 des attributions refusées ; 64 usage ;\n"
	"65 entrée invalide ; 66 entrée absente ; 74 E/S ; 75 registre verrouillé ;\n"
	"77 profil autre que bailleur ; 78 configuration.\n";

/* The fields of an attribution: option names and CSV column names. */
enum field {
	A_NUMERO, A_RPLS, A_BAILLEUR, A_DATE_BAIL, A_DATE_CAL, A_CONTINGENT, A_ACCORD, A_DALO,
	A_ADRESSE, A_COMMUNE, A_TYPE, A_SURFACE, A_LOYER, A_QPV, A_COUNT
};
static const char *const field_names[A_COUNT] = {
	"numero", "rpls", "bailleur", "date-bail", "date-cal", "contingent",
	"accord-collectif", "dalo", "adresse", "commune", "type", "surface", "loyer", "qpv",
};
#define FIRST_DWELLING_FIELD A_ADRESSE

enum {
	OPT_FIELD = SNE_OPT_FIRST_PROGRAM, /* + enum field */
	OPT_ATTRIBUTIONS = OPT_FIELD + A_COUNT,
	OPT_REFERENCE
};

static const struct option long_options[] = {
	SNE_CLI_LONG,
	{ "numero", required_argument, NULL, OPT_FIELD + A_NUMERO },
	{ "rpls", required_argument, NULL, OPT_FIELD + A_RPLS },
	{ "bailleur", required_argument, NULL, OPT_FIELD + A_BAILLEUR },
	{ "date-bail", required_argument, NULL, OPT_FIELD + A_DATE_BAIL },
	{ "date-cal", required_argument, NULL, OPT_FIELD + A_DATE_CAL },
	{ "contingent", required_argument, NULL, OPT_FIELD + A_CONTINGENT },
	{ "accord-collectif", required_argument, NULL, OPT_FIELD + A_ACCORD },
	{ "dalo", required_argument, NULL, OPT_FIELD + A_DALO },
	{ "adresse", required_argument, NULL, OPT_FIELD + A_ADRESSE },
	{ "commune", required_argument, NULL, OPT_FIELD + A_COMMUNE },
	{ "type", required_argument, NULL, OPT_FIELD + A_TYPE },
	{ "surface", required_argument, NULL, OPT_FIELD + A_SURFACE },
	{ "loyer", required_argument, NULL, OPT_FIELD + A_LOYER },
	{ "qpv", required_argument, NULL, OPT_FIELD + A_QPV },
	{ "attributions", required_argument, NULL, OPT_ATTRIBUTIONS },
	{ "reference", required_argument, NULL, OPT_REFERENCE },
	{ NULL, 0, NULL, 0 }
};

#define TEXT_MAX 256

/* One attribution, checked. */
struct attribution {
	char v[A_COUNT][TEXT_MAX];  /* normalized values, "" when not given */
	struct sne_date date_bail;
	const char *source;         /* batch file, or NULL from the command line */
	long line;
	int rpls_known;
	int matched;                /* its demande was found in the register */
};

struct attrib {
	struct sne_cli cli;
	const char *given[A_COUNT];  /* command-line values */
	const char *batch_path;
	const char *reference;
	struct attribution *list;
	size_t count, cap;
	struct sne_index *by_numero; /* numéro -> struct attribution */
	struct sne_index *rpls;      /* RPLS number -> (void *)1 asked, 2 known */
	size_t rpls_found;           /* asked numbers seen in the reference */
	struct sne_output *out;
	long done, refused;
};

/* Register fields. */
enum { F_NUM_UNIQUE, F_ETAT, F_DATE_CREATION, F_SUIVI, F_COUNT };
static const char *const fields[F_COUNT] = {
	SNE_F_NUM_UNIQUE, SNE_F_ETAT, SNE_F_DATE_CREATION, SNE_SUIVI_FIELD,
};

/* ------------------------------------------------------------------ */
/* checking one attribution's values */

static int one_of(const char *text, const char *const *choices)
{
	for (; *choices; choices++)
		if (strcmp(text, *choices) == 0)
			return 1;
	return 0;
}

static const char *const contingents[] = { "COLTER", "COLACT", "PPRIOR", "PFONCT", "AUTRES",
	                                   "AUCUN", NULL };
static const char *const accords[] = { "ACD", "ACI", "AUCUN", "NONDOC", NULL };
static const char *const dalos[] = { "OUI", "NON", "NONDOC", NULL };
static const char *const types[] = { "T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8", "T9P",
	                             NULL };
static const char *const qpvs[] = { "ZUSOUI", "ZUSNON", "ZUSNSP", NULL };

/* "65", "65,5", "412.30": positive, at most two decimals; ',' becomes '.'. */
static int normalize_amount(char *text)
{
	char *sep = strpbrk(text, ".,");
	size_t whole = sep ? (size_t)(sep - text) : strlen(text), decimals;

	if (whole < 1 || whole > 6 || strspn(text, "0123456789") != whole)
		return -1;
	if (sep != NULL) {
		*sep = '.';
		decimals = strlen(sep + 1);
		if (decimals < 1 || decimals > 2 || strspn(sep + 1, "0123456789") != decimals)
			return -1;
	}
	return strtod(text, NULL) > 0 ? 0 : -1;
}

static void upper(char *text)
{
	for (; *text; text++)
		*text = (char)toupper((unsigned char)*text);
}

/* Copies VALUE trimmed into A->v[F]; -1 when it is too long. */
static int store_value(struct attribution *a, int f, const char *value)
{
	size_t len;

	while (*value == ' ' || *value == '\t')
		value++;
	len = strlen(value);
	while (len > 0 && (value[len - 1] == ' ' || value[len - 1] == '\t'))
		len--;
	if (len >= TEXT_MAX)
		return -1;
	memcpy(a->v[f], value, len);
	a->v[f][len] = '\0';
	if (f != A_BAILLEUR && f != A_ADRESSE)
		upper(a->v[f]);
	return 0;
}

static int check_date(struct attribution *a, int f, char *why, size_t size)
{
	struct sne_date date;
	char reason[SNE_WHY_MAX];

	if (sne_date_parse(a->v[f], &date, reason, sizeof reason) != 0)
		return snprintf(why, size, "%s : %.200s", field_names[f], reason), -1;
	sne_date_format(date, a->v[f]);
	if (f == A_DATE_BAIL)
		a->date_bail = date;
	return 0;
}

static int check_numero(struct attribution *a, char *why, size_t size)
{
	struct sne_numero numero;
	char reason[SNE_WHY_MAX];

	if (sne_numero_parse(a->v[A_NUMERO], &numero, reason, sizeof reason) != 0)
		return snprintf(why, size, "numero « %.40s » invalide : %.180s", a->v[A_NUMERO],
		                reason), -1;
	sne_numero_format(&numero, a->v[A_NUMERO]);
	return 0;
}

static int bad_choice(int f, const char *value, const char *expected, char *why, size_t size)
{
	snprintf(why, size, "%s « %.40s » invalide (attendu %s)", field_names[f], value, expected);
	return -1;
}

/* Checks field F when given; -1 with WHY. */
static int check_field(struct attribution *a, int f, char *why, size_t size)
{
	char territoire[SNE_TERRITOIRE_SIZE];
	const char *v = a->v[f];

	if (v[0] == '\0')
		return 0;
	switch (f) {
	case A_NUMERO: return check_numero(a, why, size);
	case A_RPLS:
		return sne_rpls_is_valid(v) ? 0 : bad_choice(f, v, "10 caractères 0-9 A-Z", why, size);
	case A_DATE_BAIL: case A_DATE_CAL: return check_date(a, f, why, size);
	case A_CONTINGENT:
		return one_of(v, contingents) ? 0 : bad_choice(f, v, "COLTER, COLACT, PPRIOR, "
		                                                "PFONCT, AUTRES ou AUCUN", why, size);
	case A_ACCORD:
		return one_of(v, accords) ? 0 : bad_choice(f, v, "ACD, ACI, AUCUN ou NONDOC", why, size);
	case A_DALO: return one_of(v, dalos) ? 0 : bad_choice(f, v, "OUI, NON ou NONDOC", why, size);
	case A_TYPE: return one_of(v, types) ? 0 : bad_choice(f, v, "T1 à T8 ou T9P", why, size);
	case A_QPV:
		return one_of(v, qpvs) ? 0 : bad_choice(f, v, "ZUSOUI, ZUSNON ou ZUSNSP", why, size);
	case A_SURFACE: case A_LOYER:
		return normalize_amount(a->v[f]) == 0
		       ? 0 : bad_choice(f, v, "un nombre positif, par exemple 65,5", why, size);
	case A_COMMUNE:
		return sne_territoire_of_commune(v, territoire, why, size);
	default: return 0;
	}
}

/* Fills A from VALUES (NULL or "" when absent) and checks it. */
static int attribution_parse(struct attribution *a, const char *const values[A_COUNT],
                             char *why, size_t size)
{
	static const int required[] = { A_NUMERO, A_RPLS, A_BAILLEUR, A_DATE_BAIL };

	memset(a, 0, sizeof *a);
	for (int f = 0; f < A_COUNT; f++)
		if (store_value(a, f, values[f] ? values[f] : "") != 0)
			return snprintf(why, size, "%s trop long (%d caractères au plus)", field_names[f],
			                TEXT_MAX - 1), -1;
	for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
		if (a->v[required[i]][0] == '\0')
			return snprintf(why, size, "%s manquant", field_names[required[i]]), -1;
	for (int f = 0; f < A_COUNT; f++)
		if (check_field(a, f, why, size) != 0)
			return -1;
	return 0;
}

static struct attribution *list_add(struct attrib *at)
{
	if (at->count == at->cap) {
		at->cap = at->cap ? 2 * at->cap : 16;
		at->list = realloc(at->list, at->cap * sizeof *at->list);
		if (at->list == NULL)
			abort();
	}
	return &at->list[at->count++];
}

/* ------------------------------------------------------------------ */
/* command line and batch file */

static void program_option(struct attrib *at, int opt, const char *arg)
{
	if (opt >= OPT_FIELD && opt < OPT_FIELD + A_COUNT)
		at->given[opt - OPT_FIELD] = arg;
	else if (opt == OPT_ATTRIBUTIONS)
		at->batch_path = arg;
	else if (opt == OPT_REFERENCE)
		at->reference = arg;
	else
		sne_cli_usage_error("option inconnue");
}

static void add_from_command_line(struct attrib *at)
{
	char why[SNE_WHY_MAX];
	struct attribution *a = list_add(at);

	if (attribution_parse(a, at->given, why, sizeof why) != 0)
		sne_cli_usage_error("option --%s", why);
}

static void parse_args(struct attrib *at, int argc, char **argv)
{
	int opt, any_given = 0;

	sne_cli_init(&at->cli, argv[0], usage);
	while ((opt = sne_cli_getopt(argc, argv, SNE_CLI_SHORT "n:", long_options)) != -1) {
		if (opt == 'n')
			opt = OPT_FIELD + A_NUMERO;
		if (!sne_cli_common(&at->cli, opt, optarg))
			program_option(at, opt, optarg);
	}
	sne_cli_finish(&at->cli, argc, argv);
	sne_cli_refuse_portail(&at->cli);
	sne_cli_require_profil(&at->cli, SNE_PROFIL_BAILLEUR, "radier une demande pour attribution");
	for (int f = 0; f < A_COUNT; f++)
		any_given |= at->given[f] != NULL;
	if (at->batch_path != NULL && any_given)
		sne_cli_usage_error("--attributions exclut les options d'une attribution seule "
		                    "(--numero, --rpls...)");
	if (at->reference == NULL)
		at->reference = at->cli.config.rpls;
	if (at->batch_path == NULL)
		add_from_command_line(at);
}

/* Column of each field in HEADER; -1 naming a missing required column. */
static int map_columns(const char *file, const struct sne_csv_row *header, int columns[A_COUNT])
{
	for (int f = 0; f < A_COUNT; f++) {
		columns[f] = sne_csv_column(header, field_names[f]);
		if (columns[f] < 0 && f <= A_DATE_BAIL) {
			sne_warn("%s:%ld: colonne « %s » absente de l'en-tête", file, header->line,
			         field_names[f]);
			return -1;
		}
	}
	return 0;
}

static void refuse(struct attrib *at, const char *file, long line, const char *record,
                   const char *why)
{
	at->refused++;
	sne_warn_at(file, line, record, "attribution refusée : %s", why);
}

static void add_from_row(struct attrib *at, const char *file, const struct sne_csv_row *row,
                         const int columns[A_COUNT])
{
	const char *values[A_COUNT];
	char why[SNE_WHY_MAX];
	struct attribution *a;

	if (row->error) {
		refuse(at, file, row->line, NULL, row->why);
		return;
	}
	for (int f = 0; f < A_COUNT; f++)
		values[f] = columns[f] >= 0 && (size_t)columns[f] < row->nfields
		            ? row->fields[columns[f]] : NULL;
	a = list_add(at);
	if (attribution_parse(a, values, why, sizeof why) != 0) {
		at->count--;
		refuse(at, file, row->line, NULL, why);
		return;
	}
	a->source = file;
	a->line = row->line;
}

static int read_batch(struct attrib *at)
{
	struct sne_input *in = sne_input_open(at->batch_path);
	struct sne_csv *csv;
	struct sne_csv_row *row = malloc(sizeof *row);
	int columns[A_COUNT], rc, status = 0;

	if (row == NULL)
		abort();
	if (in == NULL) {
		sne_warn("%s: ouverture impossible :", at->batch_path);
		free(row);
		return SNE_EX_NOINPUT;
	}
	csv = sne_csv_open(in);
	rc = sne_csv_next(csv, row);
	if (rc == 1 && (row->error || map_columns(at->batch_path, row, columns) != 0))
		status = SNE_EX_DATAERR;
	else if (rc == 1)
		while ((rc = sne_csv_next(csv, row)) == 1)
			add_from_row(at, at->batch_path, row, columns);
	if (rc < 0) {
		sne_warn("%s: lecture impossible : %s", at->batch_path, sne_input_error(in));
		status = SNE_EX_IOERR;
	}
	sne_csv_free(csv);
	sne_input_close(in);
	free(row);
	return status;
}

/* Indexes the attributions by numéro; a second one for a numéro is refused. */
static void index_attributions(struct attrib *at)
{
	at->by_numero = sne_index_new();
	at->rpls = sne_index_new();
	for (size_t i = 0; i < at->count; i++) {
		struct attribution *a = &at->list[i];
		if (sne_index_get(at->by_numero, a->v[A_NUMERO]) != NULL) {
			a->matched = 1; /* not reported as missing either */
			refuse(at, a->source, a->line, a->v[A_NUMERO],
			       "une autre attribution du lot vise déjà cette demande");
			continue;
		}
		sne_index_put(at->by_numero, a->v[A_NUMERO], a);
		sne_index_put(at->rpls, a->v[A_RPLS], (void *)1);
	}
}

/* ------------------------------------------------------------------ */
/* the RPLS reference: which numbers it knows */

/* Notes that the reference holds RPLS, when it is a number asked for. */
static void mark_known(const char *rpls, void *ctx)
{
	struct attrib *at = ctx;

	if (sne_index_get(at->rpls, rpls) != (void *)1)
		return;
	sne_index_put(at->rpls, rpls, (void *)2);
	at->rpls_found++;
}

static int on_logement(struct sne_record *record, void *ctx)
{
	struct attrib *at = ctx;
	const char *rpls = sne_record_get(record, 0);

	if (rpls != NULL)
		mark_known(rpls, at);
	/* every number asked for is known: the rest of the reference is not read */
	return at->rpls_found == sne_index_count(at->rpls) ? SNE_STREAM_STOP : 0;
}

/* Reads the reference from the start until every number asked is found. */
static int scan_whole_reference(struct attrib *at)
{
	static const char *const rpls_field[] = { "@rpls" };
	struct sne_stream_spec spec = {
		.record_ns = SNE_NS_RPLS, .record_name = "logement",
		.envelope = &sne_envelope_rpls,
		.fields = rpls_field, .nfields = 1, .on_record = on_logement, .ctx = at,
	};

	return sne_stream_run_path(at->reference, &spec, "référentiel RPLS illisible");
}

static void say_full_reading(const struct attrib *at, const char *why)
{
	if (at->cli.verbose)
		sne_info("%s: %s ; lecture complète du référentiel", at->reference, why);
}

/* Answers from the reference's index (REFERENCE.idx, kept by
 * sne-rpls-load), reading only the blocks where the numbers asked would
 * be; -1 when it cannot, the caller then reads the whole reference. */
static int lookup_by_index(struct attrib *at)
{
	const char **numbers = malloc(at->count * sizeof *numbers);
	struct sne_rpls_index *index;
	char why[SNE_WHY_MAX];
	int rc;

	if (numbers == NULL)
		abort();
	for (size_t i = 0; i < at->count; i++)
		numbers[i] = at->list[i].v[A_RPLS];
	rc = sne_rpls_index_open(at->reference, &index, why, sizeof why);
	if (rc == 0)
		rc = sne_rpls_index_lookup(index, numbers, at->count, mark_known, at, why, sizeof why);
	if (rc == 0 && at->cli.verbose)
		sne_info("%s: index « %s » utilisé : %s (de %d logements au plus)",
		         at->reference, sne_rpls_index_path(index),
		         sne_count(sne_rpls_index_blocks_read(index), SNE_MASCULINE, "bloc lu",
		                   "blocs lus").text, SNE_RPLS_INDEX_STEP);
	if (rc != 0)
		say_full_reading(at, why);
	sne_rpls_index_close(index);
	free(numbers);
	return rc;
}

static int scan_reference(struct attrib *at)
{
	int rc = 0;

	if (at->reference == NULL || at->count == 0)
		return 0;
	if (lookup_by_index(at) != 0)
		rc = scan_whole_reference(at);
	for (size_t i = 0; i < at->count; i++)
		at->list[i].rpls_known = sne_index_get(at->rpls, at->list[i].v[A_RPLS]) == (void *)2;
	return rc;
}

/* ------------------------------------------------------------------ */
/* the register */

/* "--surface et --loyer" (or the column names for a batch) into WHY. */
static int list_missing(const struct attribution *a, char *buf, size_t size)
{
	int missing[A_COUNT], n = 0;
	size_t len = 0;

	for (int f = FIRST_DWELLING_FIELD; f < A_COUNT; f++)
		if (a->v[f][0] == '\0')
			missing[n++] = f;
	buf[0] = '\0';
	for (int i = 0; i < n && len < size; i++)
		len += (size_t)snprintf(buf + len, size - len, "%s%s%s",
		                        i == 0 ? "" : i == n - 1 ? " et " : ", ",
		                        a->source ? "" : "--", field_names[missing[i]]);
	return n;
}

/* Why A cannot be applied to RECORD, or 0 when it can. */
static int check_against(const struct attrib *at, const struct attribution *a,
                         const struct sne_record *record, char *why, size_t size)
{
	const char *etat = sne_record_get(record, F_ETAT);
	const char *depot = sne_record_get(record, F_DATE_CREATION);
	struct sne_date date_depot;
	char missing[SNE_WHY_MAX];

	if (etat == NULL || strcmp(etat, "active") != 0)
		return snprintf(why, size, "demande à l'état « %s » : seule une demande active peut "
		                "être radiée pour attribution", etat ? etat : "inconnu"), -1;
	if (depot != NULL && sne_date_parse_iso(depot, &date_depot, NULL, 0) == 0 &&
	    sne_date_cmp(a->date_bail, date_depot) < 0)
		return snprintf(why, size, "date de bail du %s antérieure à la date de dépôt du %s ; "
		                "vérifiez la date de bail", sne_date_text(a->date_bail).text,
		                sne_date_text(date_depot).text), -1;
	if (sne_date_cmp(a->date_bail, at->cli.date) > 0)
		return snprintf(why, size, "date de bail du %s dans le futur (aujourd'hui %s) ; "
		                "vérifiez la date de bail", sne_date_text(a->date_bail).text,
		                sne_date_text(at->cli.date).text), -1;
	if (!a->rpls_known && list_missing(a, missing, sizeof missing) > 0)
		return snprintf(why, size, "numéro RPLS %.10s inconnu du registre RPLS ; renseignez %s%.150s",
		                a->v[A_RPLS], a->source ? "les colonnes " : "", missing), -1;
	return 0;
}

static void set_if_given(sne_suivi_node *node, const char *name, const char *value)
{
	if (value[0] != '\0')
		sne_suivi_set_attr(node, name, value);
}

static void fill_attribution(sne_suivi_node *radiation, const struct attribution *a)
{
	sne_suivi_node *attribution = sne_suivi_append_child(radiation, "attribution");
	sne_suivi_node *logement;

	sne_suivi_set_attr(attribution, "bailleur", a->v[A_BAILLEUR]);
	for (int f = A_DATE_BAIL; f <= A_DALO; f++)
		set_if_given(attribution, field_names[f], a->v[f]);
	logement = sne_suivi_append_child(attribution, "logement");
	sne_suivi_set_attr(logement, "rpls", a->v[A_RPLS]);
	if (!a->rpls_known)
		for (int f = FIRST_DWELLING_FIELD; f < A_COUNT; f++)
			sne_suivi_set_attr(logement, field_names[f], a->v[f]);
}

static int radiate(struct attrib *at, const struct attribution *a, struct sne_record *record)
{
	const char *guichet = at->cli.guichet[0] ? at->cli.guichet : NULL;
	struct sne_suivi *s = sne_suivi_load(record, F_SUIVI);
	sne_suivi_node *radiation, *evenement;

	if (s == NULL)
		return -1;
	sne_suivi_set_text(s, "etat", "radiee");
	sne_radiation_clore_avertissement(s, at->cli.date, guichet, "radiation RADATT (attribution)");
	sne_suivi_remove(s, "radiation");
	radiation = sne_suivi_ensure(s, "radiation");
	sne_suivi_set_date(radiation, "date", a->date_bail);
	sne_suivi_set_attr(radiation, "motif", "RADATT");
	fill_attribution(radiation, a);
	evenement = sne_suivi_add_evenement(s, at->cli.date, "radiation", guichet);
	sne_suivi_set_attr(evenement, "motif", "RADATT");
	sne_suivi_touch(s, at->cli.date, guichet);
	sne_suivi_store(s, record);
	sne_suivi_free(s);
	return 0;
}

static struct attribution *attribution_of(struct attrib *at, const struct sne_record *record)
{
	const char *text = sne_record_get(record, F_NUM_UNIQUE);
	struct sne_numero numero;
	char canonical[SNE_NUMERO_SIZE];

	if (text == NULL || sne_numero_parse(text, &numero, NULL, 0) != 0)
		return NULL;
	sne_numero_format(&numero, canonical);
	return sne_index_get(at->by_numero, canonical);
}

static void apply(struct attrib *at, struct attribution *a, struct sne_record *record)
{
	char why[SNE_WHY_MAX];
	const char *file = a->source ? a->source : sne_record_source(record);
	long line = a->source ? a->line : sne_record_line(record);

	a->matched = 1;
	if (check_against(at, a, record, why, sizeof why) != 0) {
		sne_warn_at(file, line, a->v[A_NUMERO], "%s", why);
		at->refused++;
	} else if (radiate(at, a, record) != 0) {
		at->refused++;
	} else {
		at->done++;
		if (at->cli.verbose)
			sne_info("demande %s radiée pour attribution (RPLS %s)", a->v[A_NUMERO],
			         a->v[A_RPLS]);
	}
}

static int on_record(struct sne_record *record, void *ctx)
{
	struct attrib *at = ctx;
	struct attribution *a = attribution_of(at, record);

	if (a != NULL && !a->matched)
		apply(at, a, record);
	return sne_record_emit(record, at->out);
}

static int on_tail(const char *bytes, size_t len, void *ctx)
{
	struct attrib *at = ctx;

	return sne_output_emit(at->out, bytes, len);
}

static void report_unmatched(struct attrib *at)
{
	for (size_t i = 0; i < at->count; i++) {
		struct attribution *a = &at->list[i];
		if (a->matched)
			continue;
		at->refused++;
		sne_warn_at(a->source, a->line, a->v[A_NUMERO], "introuvable dans le registre : "
		            "attribution non enregistrée ; vérifiez le numéro unique");
	}
}

int main(int argc, char **argv)
{
	static struct attrib at;
	struct sne_stream_spec spec = {
		.record_ns = SNE_NS_NUU,
		.envelope = &sne_envelope_interface, .record_name = SNE_DEMANDE_NAME,
		.fields = fields, .nfields = F_COUNT,
		.on_record = on_record, .on_tail = on_tail, .ctx = &at,
	};
	int rc = 0;

	parse_args(&at, argc, argv);
	if (at.batch_path != NULL)
		rc = read_batch(&at);
	if (rc < SNE_EX_USAGE) {
		index_attributions(&at);
		rc = sne_exit_worst(rc, scan_reference(&at));
	}
	if (rc < SNE_EX_USAGE)
		rc = sne_exit_worst(rc, sne_cli_run(&at.cli, &spec, &at.out));
	if (rc < SNE_EX_USAGE) {
		report_unmatched(&at);
		sne_info("%s pour attribution, %s",
		         sne_count((unsigned long)at.done, SNE_FEMININE, "demande radiée",
		                   "demandes radiées").text,
		         sne_count((unsigned long)at.refused, SNE_FEMININE, "attribution refusée",
		                   "attributions refusées").text);
		if (at.refused > 0)
			rc = sne_exit_worst(rc, SNE_EX_REFUSED);
	}
	sne_index_free(at.by_numero);
	sne_index_free(at.rpls);
	free(at.list);
	sne_cli_free(&at.cli);
	return rc;
}
