/* The batches of sne-rpls-load: CSV rows or RPLS records read into
 * checked logements, their doubles and their refusals (sne/rpls_batch.h). */
#include "sne/rpls_batch.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sne/count.h"
#include "sne/csv.h"
#include "sne/envelope.h"
#include "sne/err.h"

const char *const sne_rpls_column_names[SNE_RPLS_NCOLUMNS] = {
	"RPLS", "DATIMMAT", "DEPCOM", "NUMVOIE", "TYPVOIE", "NOMVOIE",
	"CODEPOSTAL", "NBPIECE", "SURFHAB", "FINAN", "CONSTRUCT",
};

int sne_rpls_column_find(const char *name, size_t len)
{
	for (int c = 0; c < SNE_RPLS_NCOLUMNS; c++)
		if (strlen(sne_rpls_column_names[c]) == len &&
		    strncasecmp(name, sne_rpls_column_names[c], len) == 0)
			return c;
	return -1;
}

void sne_rpls_batch_init(struct sne_rpls_batch *batch,
                         const struct sne_rpls_batch_options *options)
{
	memset(batch, 0, sizeof *batch);
	batch->options = *options;
	sne_date_format(options->lot_date, batch->lot_date);
	batch->places = sne_index_new();
}

void sne_rpls_batch_free(struct sne_rpls_batch *batch)
{
	for (size_t i = 0; i < batch->nentries; i++) {
		free(batch->entries[i].logement);
		free(batch->entries[i].raw);
	}
	free(batch->entries);
	sne_index_free(batch->places);
	batch->entries = NULL;
	batch->places = NULL;
	batch->nentries = batch->capacity = 0;
}

struct sne_rpls_entry *sne_rpls_batch_find(const struct sne_rpls_batch *batch, const char *rpls)
{
	size_t place = (size_t)(uintptr_t)sne_index_get(batch->places, rpls);

	return place ? &batch->entries[place - 1] : NULL;
}

/* ------------------------------------------------------------------ */
/* rejected rows */

/* A CSV row and its motif to --rejets. */
static void write_rejet(struct sne_rpls_batch *batch, const char *text, char sep,
                        const char *why)
{
	if (batch->rejets_csv == NULL)
		return;
	if (sne_output_puts(batch->rejets_csv, text) != 0 ||
	    sne_output_write(batch->rejets_csv, &sep, 1) != 0 ||
	    sne_csv_write_field(batch->rejets_csv, why, sep) != 0 ||
	    sne_output_puts(batch->rejets_csv, "\n") != 0) {
		sne_warn("%s: écriture impossible :", batch->rejets_path);
		sne_output_close(batch->rejets_csv);
		batch->rejets_csv = NULL;
	}
}

static void reject(struct sne_rpls_batch *batch, const char *file, long line, const char *why)
{
	batch->counts.rejected++;
	sne_warn_at(file, line, NULL, "ligne rejetée : %s", why);
}

static void rejets_xml_failed(struct sne_rpls_batch *batch)
{
	sne_warn("%s: écriture impossible :", batch->rejets_path);
	sne_rejets_close(batch->rejets_xml);
	batch->rejets_xml = NULL;
}

/* A refused record of an XML batch, to --rejets. */
static void write_rejet_record(struct sne_rpls_batch *batch, const struct sne_record *record,
                               const char *why)
{
	if (batch->rejets_xml != NULL && sne_rejets_write(batch->rejets_xml, record, why) != 0)
		rejets_xml_failed(batch);
}

/* The row or record of ENTRY (read earlier, now refused) to --rejets. */
static void write_rejet_entry(struct sne_rpls_batch *batch, const struct sne_rpls_entry *entry,
                              char sep, const char *why)
{
	if (batch->rejets_xml != NULL &&
	    sne_rejets_write_text(batch->rejets_xml, entry->raw, entry->raw_len, why) != 0)
		rejets_xml_failed(batch);
	write_rejet(batch, entry->raw, sep, why);
}

int sne_rpls_batch_open_rejets(struct sne_rpls_batch *batch, const char *path, int xml)
{
	batch->rejets_path = path;
	if (xml)
		batch->rejets_xml = sne_rejets_open(path, SNE_NS_RPLS, "logements", "");
	else
		batch->rejets_csv = sne_output_create(path);
	if (batch->rejets_xml != NULL || batch->rejets_csv != NULL)
		return 0;
	sne_warn("%s: création impossible :", path);
	return SNE_EX_CANTCREAT;
}

int sne_rpls_batch_close_rejets(struct sne_rpls_batch *batch)
{
	int failed = batch->rejets_csv != NULL && sne_output_close(batch->rejets_csv) != 0;

	failed |= batch->rejets_xml != NULL && sne_rejets_close(batch->rejets_xml) != 0;
	batch->rejets_csv = NULL;
	batch->rejets_xml = NULL;
	if (!failed)
		return 0;
	sne_warn("%s: écriture impossible :", batch->rejets_path);
	return SNE_EX_IOERR;
}

/* ------------------------------------------------------------------ */
/* one logement read */

/* Where a row or record was read, and its text (for --rejets). */
struct source {
	long line;
	const char *text;
	size_t len;
	char sep;                            /* CSV separator, 0 for XML */
	const struct sne_record *record;     /* XML, else NULL */
};

/* The same number read again with the same content: kept once. */
static void keep_once(struct sne_rpls_batch *batch, const struct sne_rpls_entry *first,
                      const struct sne_rpls_logement *l, const struct source *src)
{
	sne_warn_at(batch->file, src->line, NULL, "numéro RPLS %s déjà lu (%s:%ld), même "
	            "contenu : gardé une fois", l->rpls, first->file, first->line);
	batch->counts.doubles++;
}

/* FIRST, read earlier, is refused now that its number came again with
 * another content: said, counted and written to --rejets (after the row
 * at SRC when the rejets are a stream, which starts with a record). */
static void refuse_first(struct sne_rpls_batch *batch, struct sne_rpls_entry *first,
                         const struct source *src, const char *why)
{
	char first_why[SNE_WHY_MAX];

	first->refused = 1;
	snprintf(first_why, sizeof first_why, "numéro RPLS %s en double dans le lot (%s:%ld) "
	         "avec un autre contenu : les deux lignes sont rejetées ; corrigez le lot",
	         first->logement->rpls, batch->file, src->line);
	reject(batch, first->file, first->line, first_why);
	if (src->record != NULL)
		write_rejet_record(batch, src->record, why);
	write_rejet_entry(batch, first, src->sep, first_why);
}

/* A number read twice: kept once when both say the same, else both
 * refused (and every later one).  Frees L.  Returns 0 when L is dropped
 * as a copy, -1 with WHY when it is refused, -2 when it is refused and
 * already written to --rejets. */
static int twice(struct sne_rpls_batch *batch, struct sne_rpls_entry *first,
                 struct sne_rpls_logement *l, const struct source *src, char *why,
                 size_t why_size)
{
	int rc = -1;

	if (!first->refused && sne_rpls_same(first->logement, l)) {
		keep_once(batch, first, l, src);
		rc = 0;
	} else if (first->refused) {
		snprintf(why, why_size, "numéro RPLS %s déjà rejeté en double (%s:%ld) : cette "
		         "ligne l'est aussi ; corrigez le lot", l->rpls, first->file, first->line);
	} else {
		snprintf(why, why_size, "numéro RPLS %s en double dans le lot (%s:%ld) avec un "
		         "autre contenu : les deux lignes sont rejetées ; corrigez le lot", l->rpls,
		         first->file, first->line);
		refuse_first(batch, first, src, why);
		rc = src->record != NULL ? -2 : -1;
	}
	free(l);
	return rc;
}

/* Appends L (owned from now on), read at SRC, to the batch. */
static void append_entry(struct sne_rpls_batch *batch, struct sne_rpls_logement *l,
                         const struct source *src)
{
	struct sne_rpls_entry *entry;

	if (batch->nentries == batch->capacity) {
		batch->capacity = batch->capacity ? 2 * batch->capacity : 1024;
		batch->entries = realloc(batch->entries, batch->capacity * sizeof *batch->entries);
		if (batch->entries == NULL)
			abort();
	}
	entry = &batch->entries[batch->nentries++];
	*entry = (struct sne_rpls_entry){ .logement = l, .file = batch->file, .line = src->line };
	entry->raw = malloc(src->len + 1);
	if (entry->raw == NULL)
		abort();
	memcpy(entry->raw, src->text, src->len);
	entry->raw[src->len] = '\0';
	entry->raw_len = src->len;
	sne_index_put(batch->places, l->rpls, (void *)(uintptr_t)batch->nentries);
}

/* Whether the normalized L is dated after the cut-off. */
static int after_cutoff(const struct sne_rpls_batch *batch, const struct sne_rpls_logement *l)
{
	struct sne_date date;

	sne_date_parse_iso(l->mise_en_service, &date, NULL, 0);
	return batch->options.has_cutoff && sne_date_cmp(date, batch->options.cutoff) > 0;
}

/* Keeps RAW (as read) unless it is wrong or after the cut-off.
 * Returns 0; -1 with WHY when it is rejected; -2 when it is rejected and
 * already written to --rejets. */
static int accept(struct sne_rpls_batch *batch, const struct sne_rpls_logement *raw,
                  const struct source *src, char *why, size_t why_size)
{
	struct sne_rpls_logement with_lot = *raw;
	struct sne_rpls_logement *l;
	struct sne_rpls_entry *first;

	with_lot.lot_id = batch->options.lot_id;
	with_lot.lot_date = batch->lot_date;
	l = sne_rpls_normalize(&with_lot, why, why_size);
	if (l == NULL)
		return -1;
	if (after_cutoff(batch, l)) {
		batch->counts.excluded++;
		free(l);
		return 0;
	}
	first = sne_rpls_batch_find(batch, l->rpls);
	if (first != NULL)
		return twice(batch, first, l, src, why, why_size);
	append_entry(batch, l, src);
	return 0;
}

/* ------------------------------------------------------------------ */
/* CSV batches */

/* Column indexes of HEADER into COLUMNS; -1 naming a missing column. */
static int map_columns(const struct sne_rpls_batch *batch, const char *file,
                       const struct sne_csv_row *header, int columns[SNE_RPLS_NCOLUMNS])
{
	for (int c = 0; c < SNE_RPLS_NCOLUMNS; c++) {
		const char *alias = batch->options.column_alias[c];
		const char *name = alias ? alias : sne_rpls_column_names[c];
		columns[c] = sne_csv_column(header, name);
		if (columns[c] < 0) {
			sne_warn("%s:%ld: colonne « %s » absente de l'en-tête ; si elle porte un autre "
			         "nom, donnez --colonne %s=NOM", file, header->line, name,
			         sne_rpls_column_names[c]);
			return -1;
		}
	}
	return 0;
}

static void row_to_logement(const struct sne_csv_row *row, const int columns[SNE_RPLS_NCOLUMNS],
                            struct sne_rpls_logement *l)
{
	const char *v[SNE_RPLS_NCOLUMNS];

	for (int c = 0; c < SNE_RPLS_NCOLUMNS; c++)
		v[c] = (size_t)columns[c] < row->nfields ? row->fields[columns[c]] : "";
	memset(l, 0, sizeof *l);
	l->rpls = v[SNE_RPLS_COL_RPLS];
	l->mise_en_service = v[SNE_RPLS_COL_DATIMMAT];
	l->commune = v[SNE_RPLS_COL_DEPCOM];
	l->numero = v[SNE_RPLS_COL_NUMVOIE];
	l->type_voie = v[SNE_RPLS_COL_TYPVOIE];
	l->voie = v[SNE_RPLS_COL_NOMVOIE];
	l->code_postal = v[SNE_RPLS_COL_CODEPOSTAL];
	l->pieces = v[SNE_RPLS_COL_NBPIECE];
	l->surface = v[SNE_RPLS_COL_SURFHAB];
	l->financement = v[SNE_RPLS_COL_FINAN];
	l->construction = v[SNE_RPLS_COL_CONSTRUCT];
}

static int highest_column(const int columns[SNE_RPLS_NCOLUMNS])
{
	int highest = 0;

	for (int c = 0; c < SNE_RPLS_NCOLUMNS; c++)
		if (columns[c] > highest)
			highest = columns[c];
	return highest;
}

/* One data row: read, accepted, excluded or rejected. */
static void read_row(struct sne_rpls_batch *batch, const char *file, const struct sne_csv_row *row,
                     const int columns[SNE_RPLS_NCOLUMNS], char sep)
{
	struct sne_rpls_logement l;
	char why[SNE_WHY_MAX];

	batch->counts.read++;
	if (row->error)
		snprintf(why, sizeof why, "%s", row->why);
	else if (row->nfields <= (size_t)highest_column(columns))
		snprintf(why, sizeof why, "ligne incomplète : %s au lieu d'au moins %d",
		         sne_count(row->nfields, SNE_FEMININE, "colonne", "colonnes").text,
		         highest_column(columns) + 1);
	else {
		struct source src = { row->line, row->text, strlen(row->text), sep, NULL };
		row_to_logement(row, columns, &l);
		if (accept(batch, &l, &src, why, sizeof why) == 0)
			return;
	}
	reject(batch, file, row->line, why);
	write_rejet(batch, row->text, sep, why);
}

/* The header row, read into COLUMNS: 0, or SNE_EX_DATAERR after saying why. */
static int read_header(const struct sne_rpls_batch *batch, const char *file,
                       const struct sne_csv_row *header, int columns[SNE_RPLS_NCOLUMNS])
{
	if (header->error) {
		sne_warn("%s:%ld: en-tête illisible : %s", file, header->line, header->why);
		return SNE_EX_DATAERR;
	}
	return map_columns(batch, file, header, columns) == 0 ? 0 : SNE_EX_DATAERR;
}

static int read_csv(struct sne_rpls_batch *batch, struct sne_input *in, struct sne_csv *csv)
{
	const char *file = sne_input_name(in);
	struct sne_csv_row *row = malloc(sizeof *row);
	int columns[SNE_RPLS_NCOLUMNS], rc, status = 0;

	if (row == NULL)
		abort();
	rc = sne_csv_next(csv, row);
	if (rc == 1)
		status = read_header(batch, file, row, columns);
	if (rc == 1 && status == 0) {
		char sep = sne_csv_separator(csv);
		write_rejet(batch, row->text, sep, "MOTIF_REJET");
		while ((rc = sne_csv_next(csv, row)) == 1)
			read_row(batch, file, row, columns, sep);
	}
	if (rc < 0) {
		sne_warn("%s: lecture impossible : %s", file, sne_input_error(in));
		status = SNE_EX_IOERR;
	}
	free(row);
	return status;
}

/* ------------------------------------------------------------------ */
/* XML batches */

static int on_batch_record(struct sne_record *record, void *ctx)
{
	struct sne_rpls_batch *batch = ctx;
	struct sne_rpls_logement l;
	char why[SNE_WHY_MAX];
	struct source src = { sne_record_line(record), NULL, 0, 0, record };
	int rc;

	batch->counts.read++;
	src.text = sne_record_bytes(record, &src.len);
	sne_rpls_from_record(record, &l);
	rc = accept(batch, &l, &src, why, sizeof why);
	if (rc == 0)
		return 0;
	reject(batch, sne_record_source(record), sne_record_line(record), why);
	if (rc == -1)
		write_rejet_record(batch, record, why);
	return 0;
}

static int read_xml(struct sne_rpls_batch *batch, struct sne_input *in)
{
	struct sne_stream_spec spec = {
		.record_ns = SNE_NS_RPLS, .record_name = "logement",
		.envelope = &sne_envelope_rpls,
		.fields = sne_rpls_fields, .nfields = SNE_RPLS_NFIELDS,
		.on_record = on_batch_record, .ctx = batch,
	};
	return sne_stream_run(in, &spec);
}

/* ------------------------------------------------------------------ */
/* files */

int sne_rpls_batch_file_is_xml(const char *path)
{
	struct sne_input *in = sne_input_open(path);
	char head[512];
	ssize_t n;

	if (in == NULL)
		return -1;
	n = sne_input_read(in, head, sizeof head);
	sne_input_close(in);
	for (ssize_t i = 0; i < n; i++)
		if (!strchr(" \t\r\n", head[i]))
			return head[i] == '<';
	return 0;
}

int sne_rpls_batch_read_file(struct sne_rpls_batch *batch, const char *path)
{
	int xml = sne_rpls_batch_file_is_xml(path), rc;
	struct sne_input *in = xml < 0 ? NULL : sne_input_open(path);
	struct sne_csv *csv;

	batch->file = path;
	if (in == NULL) {
		sne_warn("%s: ouverture impossible :", path);
		return SNE_EX_NOINPUT;
	}
	if (xml) {
		rc = read_xml(batch, in);
	} else {
		csv = sne_csv_open(in);
		rc = read_csv(batch, in, csv);
		sne_csv_free(csv);
	}
	sne_input_close(in);
	return rc;
}

int sne_rpls_batch_read_files(struct sne_rpls_batch *batch, char *const *paths, int count)
{
	int worst = 0;

	for (int i = 0; i < count && worst < SNE_EX_USAGE; i++)
		worst = sne_exit_worst(worst, sne_rpls_batch_read_file(batch, paths[i]));
	return worst;
}

/* ------------------------------------------------------------------ */
/* the batch in the order of the reference */

static int entry_cmp(const void *a, const void *b)
{
	const struct sne_rpls_entry *x = a, *y = b;

	return strcmp(x->logement->rpls, y->logement->rpls);
}

void sne_rpls_batch_sort(struct sne_rpls_batch *batch)
{
	if (batch->nentries == 0)
		return; /* no array at all */
	qsort(batch->entries, batch->nentries, sizeof *batch->entries, entry_cmp);
	for (size_t i = 0; i < batch->nentries; i++)
		sne_index_put(batch->places, batch->entries[i].logement->rpls,
		              (void *)(uintptr_t)(i + 1));
}
