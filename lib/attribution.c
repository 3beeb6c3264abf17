/* Radiation for attribution (RADATT): see sne/attribution.h. */
#include "sne/attribution.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sne/count.h"
#include "sne/csv.h"
#include "sne/demande.h"
#include "sne/err.h"
#include "sne/io.h"
#include "sne/numero.h"
#include "sne/radiation.h"
#include "sne/rpls_index.h"
#include "sne/suivi.h"
#include "sne/territoire.h"

const char *const sne_attribution_field_names[SNE_ATTRIBUTION_NFIELDS] = {
	"numero", "rpls", "bailleur", "date-bail", "date-cal", "contingent",
	"accord-collectif", "dalo", "adresse", "commune", "type", "surface", "loyer", "qpv",
};

/* The register fields, in the order of sne_attribution_register_fields. */
enum { F_NUM_UNIQUE, F_ETAT, F_DATE_CREATION, F_SUIVI };
const char *const sne_attribution_register_fields[SNE_ATTRIBUTION_REGISTER_NFIELDS] = {
	SNE_F_NUM_UNIQUE, SNE_F_ETAT, SNE_F_DATE_CREATION, SNE_SUIVI_FIELD,
};

/* The values of lot->rpls_asked: a number asked for, and one the
 * reference holds. */
#define RPLS_ASKED ((void *)1)
#define RPLS_KNOWN ((void *)2)

/* ------------------------------------------------------------------ */
/* checking one attribution's values */

static const char *const contingents[] = { "COLTER", "COLACT", "PPRIOR", "PFONCT", "AUTRES",
	                                   "AUCUN", NULL };
static const char *const accords[] = { "ACD", "ACI", "AUCUN", "NONDOC", NULL };
static const char *const dalos[] = { "OUI", "NON", "NONDOC", NULL };
static const char *const types[] = { "T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8", "T9P",
	                             NULL };
static const char *const qpvs[] = { "ZUSOUI", "ZUSNON", "ZUSNSP", NULL };

/* A field whose value is one of a list: the list, and how the refusal
 * names it. */
struct enumerated_field {
	enum sne_attribution_field field;
	const char *const *choices;
	const char *expected;
};
static const struct enumerated_field enumerated_fields[] = {
	{ SNE_ATTRIBUTION_CONTINGENT, contingents, "COLTER, COLACT, PPRIOR, PFONCT, AUTRES ou AUCUN" },
	{ SNE_ATTRIBUTION_ACCORD, accords, "ACD, ACI, AUCUN ou NONDOC" },
	{ SNE_ATTRIBUTION_DALO, dalos, "OUI, NON ou NONDOC" },
	{ SNE_ATTRIBUTION_TYPE, types, "T1 à T8 ou T9P" },
	{ SNE_ATTRIBUTION_QPV, qpvs, "ZUSOUI, ZUSNON ou ZUSNSP" },
};

static const struct enumerated_field *enumerated_field_of(int f)
{
	for (size_t i = 0; i < sizeof enumerated_fields / sizeof enumerated_fields[0]; i++)
		if ((int)enumerated_fields[i].field == f)
			return &enumerated_fields[i];
	return NULL;
}

static int one_of(const char *text, const char *const *choices)
{
	for (; *choices; choices++)
		if (strcmp(text, *choices) == 0)
			return 1;
	return 0;
}

int sne_attribution_normalize_amount(char *text)
{
	char *sep = strpbrk(text, ".,");
	size_t whole = sep ? (size_t)(sep - text) : strlen(text), decimals;

	if (whole < 1 || whole > 6 || strspn(text, "0123456789") != whole)
		return SNE_EX_DATAERR;
	if (sep != NULL) {
		*sep = '.';
		decimals = strlen(sep + 1);
		if (decimals < 1 || decimals > 2 || strspn(sep + 1, "0123456789") != decimals)
			return SNE_EX_DATAERR;
	}
	return strtod(text, NULL) > 0 ? 0 : SNE_EX_DATAERR;
}

static void upper(char *text)
{
	for (; *text; text++)
		*text = (char)toupper((unsigned char)*text);
}

/* Copies VALUE trimmed into A->values[F], upper case but for bailleur and
 * adresse; SNE_EX_DATAERR when it is too long. */
static int store_value(struct sne_attribution *a, int f, const char *value)
{
	size_t len;

	while (*value == ' ' || *value == '\t')
		value++;
	len = strlen(value);
	while (len > 0 && (value[len - 1] == ' ' || value[len - 1] == '\t'))
		len--;
	if (len >= SNE_ATTRIBUTION_TEXT_MAX)
		return SNE_EX_DATAERR;
	memcpy(a->values[f], value, len);
	a->values[f][len] = '\0';
	if (f != SNE_ATTRIBUTION_BAILLEUR && f != SNE_ATTRIBUTION_ADRESSE)
		upper(a->values[f]);
	return 0;
}

/* Field F refused: its VALUE is not what EXPECTED says. */
static int bad_value(int f, const char *value, const char *expected, char *why, size_t size)
{
	snprintf(why, size, "%s « %.40s » invalide (attendu %s)", sne_attribution_field_names[f],
	         value, expected);
	return SNE_EX_DATAERR;
}

/* The date of field F made ISO; the date de bail also kept parsed. */
static int check_date(struct sne_attribution *a, int f, char *why, size_t size)
{
	struct sne_date date;
	char reason[SNE_WHY_MAX];

	if (sne_date_parse(a->values[f], &date, reason, sizeof reason) != 0)
		return snprintf(why, size, "%s : %.200s", sne_attribution_field_names[f], reason),
		       SNE_EX_DATAERR;
	sne_date_format(date, a->values[f]);
	if (f == SNE_ATTRIBUTION_DATE_BAIL)
		a->date_bail = date;
	return 0;
}

/* The numéro unique made canonical. */
static int check_numero(struct sne_attribution *a, char *why, size_t size)
{
	char *text = a->values[SNE_ATTRIBUTION_NUMERO];
	struct sne_numero numero;
	char reason[SNE_WHY_MAX];

	if (sne_numero_parse(text, &numero, reason, sizeof reason) != 0)
		return snprintf(why, size, "numero « %.40s » invalide : %.180s", text, reason),
		       SNE_EX_DATAERR;
	sne_numero_format(&numero, text);
	return 0;
}

static int check_commune(const char *insee, char *why, size_t size)
{
	char territoire[SNE_TERRITOIRE_SIZE];

	return sne_territoire_of_commune(insee, territoire, why, size) == 0 ? 0 : SNE_EX_DATAERR;
}

/* Checks and normalizes field F when given. */
static int check_field(struct sne_attribution *a, int f, char *why, size_t size)
{
	const struct enumerated_field *enumerated = enumerated_field_of(f);
	char *v = a->values[f];

	if (v[0] == '\0')
		return 0;
	if (enumerated != NULL)
		return one_of(v, enumerated->choices) ? 0 : bad_value(f, v, enumerated->expected, why,
		                                                      size);
	switch (f) {
	case SNE_ATTRIBUTION_NUMERO: return check_numero(a, why, size);
	case SNE_ATTRIBUTION_RPLS:
		return sne_rpls_is_valid(v) ? 0 : bad_value(f, v, "10 caractères 0-9 A-Z", why, size);
	case SNE_ATTRIBUTION_DATE_BAIL: case SNE_ATTRIBUTION_DATE_CAL:
		return check_date(a, f, why, size);
	case SNE_ATTRIBUTION_SURFACE: case SNE_ATTRIBUTION_LOYER:
		/* the value refused is shown as normalized so far */
		return sne_attribution_normalize_amount(v) == 0
		       ? 0 : bad_value(f, v, "un nombre positif, par exemple 65,5", why, size);
	case SNE_ATTRIBUTION_COMMUNE: return check_commune(v, why, size);
	default: return 0;
	}
}

int sne_attribution_parse(struct sne_attribution *out,
                          const char *const values[SNE_ATTRIBUTION_NFIELDS], char *why,
                          size_t why_size)
{
	memset(out, 0, sizeof *out);
	for (int f = 0; f < SNE_ATTRIBUTION_NFIELDS; f++)
		if (store_value(out, f, values[f] ? values[f] : "") != 0)
			return snprintf(why, why_size, "%s trop long (%d caractères au plus)",
			                sne_attribution_field_names[f], SNE_ATTRIBUTION_TEXT_MAX - 1),
			       SNE_EX_DATAERR;
	for (int f = 0; f <= SNE_ATTRIBUTION_LAST_MANDATORY_FIELD; f++)
		if (out->values[f][0] == '\0')
			return snprintf(why, why_size, "%s manquant", sne_attribution_field_names[f]),
			       SNE_EX_DATAERR;
	for (int f = 0; f < SNE_ATTRIBUTION_NFIELDS; f++)
		if (check_field(out, f, why, why_size) != 0)
			return SNE_EX_DATAERR;
	return 0;
}

int sne_attribution_list_missing(const struct sne_attribution *a, char *why, size_t why_size)
{
	int missing[SNE_ATTRIBUTION_NFIELDS], n = 0;
	size_t len = 0;

	for (int f = SNE_ATTRIBUTION_FIRST_DWELLING_FIELD; f < SNE_ATTRIBUTION_NFIELDS; f++)
		if (a->values[f][0] == '\0')
			missing[n++] = f;
	why[0] = '\0';
	for (int i = 0; i < n && len < why_size; i++)
		len += (size_t)snprintf(why + len, why_size - len, "%s%s%s",
		                        i == 0 ? "" : i == n - 1 ? " et " : ", ",
		                        a->source ? "" : "--", sne_attribution_field_names[missing[i]]);
	return n;
}

/* ------------------------------------------------------------------ */
/* the lot: its attributions */

/* A new slot at the end of the list; aborts when out of memory. */
static struct sne_attribution *list_add(struct sne_attribution_lot *lot)
{
	if (lot->count == lot->capacity) {
		lot->capacity = lot->capacity ? 2 * lot->capacity : 16;
		lot->attributions = realloc(lot->attributions,
		                            lot->capacity * sizeof *lot->attributions);
		if (lot->attributions == NULL)
			abort();
	}
	return &lot->attributions[lot->count++];
}

int sne_attribution_lot_add(struct sne_attribution_lot *lot,
                            const char *const values[SNE_ATTRIBUTION_NFIELDS], const char *source,
                            long line, char *why, size_t why_size)
{
	struct sne_attribution *a = list_add(lot);

	if (sne_attribution_parse(a, values, why, why_size) != 0) {
		lot->count--;
		return SNE_EX_DATAERR;
	}
	a->source = source;
	a->line = line;
	return 0;
}

/* Says and counts a refused attribution. */
static void refuse(struct sne_attribution_lot *lot, const char *file, long line,
                   const char *record, const char *why)
{
	lot->refused++;
	sne_warn_at(file, line, record, "attribution refusée : %s", why);
}

/* Column of each field in HEADER; SNE_EX_DATAERR naming a missing
 * mandatory column. */
static int map_columns(const char *file, const struct sne_csv_row *header,
                       int columns[SNE_ATTRIBUTION_NFIELDS])
{
	for (int f = 0; f < SNE_ATTRIBUTION_NFIELDS; f++) {
		columns[f] = sne_csv_column(header, sne_attribution_field_names[f]);
		if (columns[f] < 0 && f <= SNE_ATTRIBUTION_LAST_MANDATORY_FIELD) {
			sne_warn("%s:%ld: colonne « %s » absente de l'en-tête", file, header->line,
			         sne_attribution_field_names[f]);
			return SNE_EX_DATAERR;
		}
	}
	return 0;
}

/* Adds the attribution of ROW, or refuses it. */
static void add_from_row(struct sne_attribution_lot *lot, const char *file,
                         const struct sne_csv_row *row, const int columns[SNE_ATTRIBUTION_NFIELDS])
{
	const char *values[SNE_ATTRIBUTION_NFIELDS];
	char why[SNE_WHY_MAX];

	if (row->error) {
		refuse(lot, file, row->line, NULL, row->why);
		return;
	}
	for (int f = 0; f < SNE_ATTRIBUTION_NFIELDS; f++)
		values[f] = columns[f] >= 0 && (size_t)columns[f] < row->nfields
		            ? row->fields[columns[f]] : NULL;
	if (sne_attribution_lot_add(lot, values, file, row->line, why, sizeof why) != 0)
		refuse(lot, file, row->line, NULL, why);
}

int sne_attribution_lot_read(struct sne_attribution_lot *lot, const char *path)
{
	struct sne_input *in = sne_input_open(path);
	struct sne_csv *csv;
	struct sne_csv_row *row = malloc(sizeof *row);
	int columns[SNE_ATTRIBUTION_NFIELDS], rc, status = 0;

	if (row == NULL)
		abort();
	if (in == NULL) {
		sne_warn("%s: ouverture impossible :", path);
		free(row);
		return SNE_EX_NOINPUT;
	}
	csv = sne_csv_open(in);
	rc = sne_csv_next(csv, row);
	if (rc == 1 && (row->error || map_columns(path, row, columns) != 0))
		status = SNE_EX_DATAERR;
	else if (rc == 1)
		while ((rc = sne_csv_next(csv, row)) == 1)
			add_from_row(lot, path, row, columns);
	if (rc < 0) {
		sne_warn("%s: lecture impossible : %s", path, sne_input_error(in));
		status = SNE_EX_IOERR;
	}
	sne_csv_free(csv);
	sne_input_close(in);
	free(row);
	return status;
}

void sne_attribution_lot_index(struct sne_attribution_lot *lot)
{
	lot->by_numero = sne_index_new();
	lot->rpls_asked = sne_index_new();
	for (size_t i = 0; i < lot->count; i++) {
		struct sne_attribution *a = &lot->attributions[i];
		const char *numero = a->values[SNE_ATTRIBUTION_NUMERO];
		if (sne_index_get(lot->by_numero, numero) != NULL) {
			a->matched = 1; /* not reported as missing either */
			refuse(lot, a->source, a->line, numero,
			       "une autre attribution du lot vise déjà cette demande");
			continue;
		}
		sne_index_put(lot->by_numero, numero, a);
		sne_index_put(lot->rpls_asked, a->values[SNE_ATTRIBUTION_RPLS], RPLS_ASKED);
	}
}

/* ------------------------------------------------------------------ */
/* the RPLS reference: which numbers it knows */

/* Notes that the reference holds the dwelling RPLS, when the lot asked
 * for it; CTX is the lot. */
static void mark_known(const char *rpls, void *ctx)
{
	struct sne_attribution_lot *lot = ctx;

	if (sne_index_get(lot->rpls_asked, rpls) != RPLS_ASKED)
		return;
	sne_index_put(lot->rpls_asked, rpls, RPLS_KNOWN);
	lot->rpls_found++;
}

static int on_logement(struct sne_record *record, void *ctx)
{
	struct sne_attribution_lot *lot = ctx;
	const char *rpls = sne_record_get(record, 0);

	if (rpls != NULL)
		mark_known(rpls, lot);
	/* every number asked for is known: the rest of the reference is not read */
	return lot->rpls_found == sne_index_count(lot->rpls_asked) ? SNE_STREAM_STOP : 0;
}

/* Reads the reference from the start until every number asked is found. */
static int scan_whole_reference(struct sne_attribution_lot *lot)
{
	static const char *const rpls_field[] = { "@rpls" };
	struct sne_stream_spec spec = {
		.record_ns = SNE_NS_RPLS, .record_name = "logement",
		.envelope = &sne_envelope_rpls,
		.fields = rpls_field, .nfields = 1, .on_record = on_logement, .ctx = lot,
	};

	return sne_stream_run_path(lot->reference, &spec, "référentiel RPLS illisible");
}

/* Answers from the reference's index (REFERENCE.idx, kept by
 * sne-rpls-load), reading only the blocks where the numbers asked would
 * be; -1 when it cannot (said with verbose), the caller then reads the
 * whole reference. */
static int lookup_by_index(struct sne_attribution_lot *lot)
{
	const char **numbers = malloc(lot->count * sizeof *numbers);
	struct sne_rpls_index *index;
	char why[SNE_WHY_MAX];
	int rc;

	if (numbers == NULL)
		abort();
	for (size_t i = 0; i < lot->count; i++)
		numbers[i] = lot->attributions[i].values[SNE_ATTRIBUTION_RPLS];
	rc = sne_rpls_index_open(lot->reference, &index, why, sizeof why);
	if (rc == 0)
		rc = sne_rpls_index_lookup(index, numbers, lot->count, mark_known, lot, why,
		                           sizeof why);
	if (rc == 0 && lot->verbose)
		sne_info("%s: index « %s » utilisé : %s (de %d logements au plus)",
		         lot->reference, sne_rpls_index_path(index),
		         sne_count(sne_rpls_index_blocks_read(index), SNE_MASCULINE, "bloc lu",
		                   "blocs lus").text, SNE_RPLS_INDEX_STEP);
	if (rc != 0 && lot->verbose)
		sne_info("%s: %s ; lecture complète du référentiel", lot->reference, why);
	sne_rpls_index_close(index);
	free(numbers);
	return rc;
}

int sne_attribution_lot_ask_reference(struct sne_attribution_lot *lot)
{
	int rc = 0;

	if (lot->reference == NULL || lot->count == 0)
		return 0;
	if (lookup_by_index(lot) != 0)
		rc = scan_whole_reference(lot);
	for (size_t i = 0; i < lot->count; i++) {
		struct sne_attribution *a = &lot->attributions[i];
		a->rpls_known = sne_index_get(lot->rpls_asked, a->values[SNE_ATTRIBUTION_RPLS])
		                == RPLS_KNOWN;
	}
	return rc;
}

/* ------------------------------------------------------------------ */
/* the register */

int sne_attribution_lot_check(const struct sne_attribution_lot *lot,
                              const struct sne_attribution *a, const struct sne_record *record,
                              char *why, size_t why_size)
{
	const char *etat = sne_record_get(record, F_ETAT);
	const char *depot = sne_record_get(record, F_DATE_CREATION);
	struct sne_date date_depot;
	char missing[SNE_WHY_MAX];

	if (etat == NULL || strcmp(etat, "active") != 0)
		return snprintf(why, why_size, "demande à l'état « %s » : seule une demande active "
		                "peut être radiée pour attribution", etat ? etat : "inconnu"),
		       SNE_EX_DATAERR;
	if (depot != NULL && sne_date_parse_iso(depot, &date_depot, NULL, 0) == 0 &&
	    sne_date_cmp(a->date_bail, date_depot) < 0)
		return snprintf(why, why_size, "date de bail du %s antérieure à la date de dépôt du "
		                "%s ; vérifiez la date de bail", sne_date_text(a->date_bail).text,
		                sne_date_text(date_depot).text), SNE_EX_DATAERR;
	if (sne_date_cmp(a->date_bail, lot->today) > 0)
		return snprintf(why, why_size, "date de bail du %s dans le futur (aujourd'hui %s) ; "
		                "vérifiez la date de bail", sne_date_text(a->date_bail).text,
		                sne_date_text(lot->today).text), SNE_EX_DATAERR;
	if (!a->rpls_known && sne_attribution_list_missing(a, missing, sizeof missing) > 0)
		return snprintf(why, why_size, "numéro RPLS %.10s inconnu du registre RPLS ; "
		                "renseignez %s%.150s", a->values[SNE_ATTRIBUTION_RPLS],
		                a->source ? "les colonnes " : "", missing), SNE_EX_DATAERR;
	return 0;
}

static void set_if_given(sne_suivi_node *node, const char *name, const char *value)
{
	if (value[0] != '\0')
		sne_suivi_set_attr(node, name, value);
}

/* The attribution element of RADIATION, with its logement. */
static void fill_attribution(sne_suivi_node *radiation, const struct sne_attribution *a)
{
	sne_suivi_node *attribution = sne_suivi_append_child(radiation, "attribution");
	sne_suivi_node *logement;

	sne_suivi_set_attr(attribution, "bailleur", a->values[SNE_ATTRIBUTION_BAILLEUR]);
	for (int f = SNE_ATTRIBUTION_DATE_BAIL; f <= SNE_ATTRIBUTION_DALO; f++)
		set_if_given(attribution, sne_attribution_field_names[f], a->values[f]);
	logement = sne_suivi_append_child(attribution, "logement");
	sne_suivi_set_attr(logement, "rpls", a->values[SNE_ATTRIBUTION_RPLS]);
	if (!a->rpls_known)
		for (int f = SNE_ATTRIBUTION_FIRST_DWELLING_FIELD; f < SNE_ATTRIBUTION_NFIELDS; f++)
			sne_suivi_set_attr(logement, sne_attribution_field_names[f], a->values[f]);
}

int sne_attribution_lot_radiate(const struct sne_attribution_lot *lot,
                                const struct sne_attribution *a, struct sne_record *record)
{
	struct sne_suivi *s = sne_suivi_load(record, F_SUIVI);
	sne_suivi_node *radiation, *evenement;

	if (s == NULL)
		return SNE_EX_DATAERR;
	sne_suivi_set_text(s, "etat", "radiee");
	sne_radiation_clore_avertissement(s, lot->today, lot->guichet,
	                                  "radiation RADATT (attribution)");
	sne_suivi_remove(s, "radiation");
	radiation = sne_suivi_ensure(s, "radiation");
	sne_suivi_set_date(radiation, "date", a->date_bail);
	sne_suivi_set_attr(radiation, "motif", "RADATT");
	fill_attribution(radiation, a);
	evenement = sne_suivi_add_evenement(s, lot->today, "radiation", lot->guichet);
	sne_suivi_set_attr(evenement, "motif", "RADATT");
	sne_suivi_touch(s, lot->today, lot->guichet);
	sne_suivi_store(s, record);
	sne_suivi_free(s);
	return 0;
}

struct sne_attribution *sne_attribution_lot_find(const struct sne_attribution_lot *lot,
                                                 const struct sne_record *record)
{
	const char *text = sne_record_get(record, F_NUM_UNIQUE);
	struct sne_numero numero;
	char canonical[SNE_NUMERO_SIZE];

	if (text == NULL || sne_numero_parse(text, &numero, NULL, 0) != 0)
		return NULL;
	sne_numero_format(&numero, canonical);
	return sne_index_get(lot->by_numero, canonical);
}

void sne_attribution_lot_apply(struct sne_attribution_lot *lot, struct sne_attribution *a,
                               struct sne_record *record)
{
	char why[SNE_WHY_MAX];
	const char *file = a->source ? a->source : sne_record_source(record);
	long line = a->source ? a->line : sne_record_line(record);

	a->matched = 1;
	if (sne_attribution_lot_check(lot, a, record, why, sizeof why) != 0) {
		sne_warn_at(file, line, a->values[SNE_ATTRIBUTION_NUMERO], "%s", why);
		lot->refused++;
	} else if (sne_attribution_lot_radiate(lot, a, record) != 0) {
		lot->refused++;
	} else {
		lot->radiated++;
		if (lot->verbose)
			sne_info("demande %s radiée pour attribution (RPLS %s)",
			         a->values[SNE_ATTRIBUTION_NUMERO], a->values[SNE_ATTRIBUTION_RPLS]);
	}
}

void sne_attribution_lot_report_unmatched(struct sne_attribution_lot *lot)
{
	for (size_t i = 0; i < lot->count; i++) {
		struct sne_attribution *a = &lot->attributions[i];
		if (a->matched)
			continue;
		lot->refused++;
		sne_warn_at(a->source, a->line, a->values[SNE_ATTRIBUTION_NUMERO],
		            "introuvable dans le registre : attribution non enregistrée ; vérifiez "
		            "le numéro unique");
	}
}

void sne_attribution_lot_free(struct sne_attribution_lot *lot)
{
	sne_index_free(lot->by_numero);
	sne_index_free(lot->rpls_asked);
	free(lot->attributions);
	lot->by_numero = lot->rpls_asked = NULL;
	lot->attributions = NULL;
	lot->count = lot->capacity = 0;
}
