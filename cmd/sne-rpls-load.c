/* sne-rpls-load: load batches of RPLS registrations into the reference.
 *
 * The batches (CSV or RPLS XML, gzip or not) are read first into an index
 * of their RPLS numbers, then sorted by number; then the reference is
 * streamed once: a logement of the batch that it already holds is compared
 * and replaced when its content changed, every other logement is copied
 * byte for byte.  The reference is kept sorted by RPLS number: when it is
 * known sorted (its index says so, or a first reading checked it), the
 * batch's new logements are merged at their place; otherwise (a hand-edited
 * reference) they are appended before the closing root tag.  With -i, the
 * index of the new reference is written beside it (sne/rpls_index.h).
 * Memory is the batch plus one record (and one index entry per 1024
 * logements).  Loading a batch twice changes nothing: a known logement with
 * the same content keeps its bytes (and its lot). */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sne/cli.h"
#include "sne/count.h"
#include "sne/csv.h"
#include "sne/err.h"
#include "sne/inplace.h"
#include "sne/rejets.h"
#include "sne/rpls.h"
#include "sne/rpls_index.h"

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

/* The batch columns, by their RPLS names, in the order of the logement
 * fields they fill. */
enum column {
	COL_RPLS, COL_DATIMMAT, COL_DEPCOM, COL_NUMVOIE, COL_TYPVOIE, COL_NOMVOIE,
	COL_CODEPOSTAL, COL_NBPIECE, COL_SURFHAB, COL_FINAN, COL_CONSTRUCT, COL_COUNT
};
static const char *const column_names[COL_COUNT] = {
	"RPLS", "DATIMMAT", "DEPCOM", "NUMVOIE", "TYPVOIE", "NOMVOIE",
	"CODEPOSTAL", "NBPIECE", "SURFHAB", "FINAN", "CONSTRUCT",
};

/* One logement of the batches. */
struct entry {
	struct sne_rpls_logement *logement; /* normalized, owned */
	int seen;                           /* found in the reference */
	int placed;                         /* written as a new logement */
	int refused;                        /* its number came twice with two contents */
	const char *file;                   /* where it was read (borrowed argv) */
	long line;
	char *raw;                          /* its row or record as read, owned, for
	                                       --rejets if a second one refuses it */
	size_t raw_len;
};

struct counts {
	long read, fresh, known, updated, excluded, rejected, doubles;
};

struct load {
	struct sne_cli cli;
	const char *reference;     /* --reference, or the configured rpls */
	const char *in_place;      /* -i FICHIER */
	const char *rejets_path;
	const char *lot_id;
	char lot_date[SNE_DATE_ISO_SIZE];
	int has_cutoff;
	struct sne_date cutoff;
	const char *column_alias[COL_COUNT];
	struct sne_index *index;   /* RPLS number -> 1 + its place in entries */
	struct entry *entries;
	size_t nentries, cap;
	struct sne_output *rejets;        /* CSV batches: rows and motif */
	struct sne_rejets *rejets_xml;    /* XML batches: records and motif */
	const char *batch;                /* the batch file being read */
	struct counts counts;
	/* merging */
	struct sne_output *out;
	unsigned long long written;  /* bytes written to out */
	char prefix[64];
	int prefix_known;
	char indent[64];
	int in_order;                /* the reference is sorted: new logements merged in order */
	int verified;                /* its index vouches for the order (else it is checked
	                                while it is read, once) */
	size_t next_new;             /* in order: first entry neither placed nor seen */
	char last_rpls[SNE_RPLS_SIZE]; /* in order: the reference's previous number */
	int resolved;                /* current and insert_* are the current record's */
	struct entry *current;       /* the batch's entry of the current record, or NULL */
	size_t insert_from, insert_to; /* new entries written before the current record */
	struct sne_rpls_index_builder *sidecar; /* -i: the index of the output, or NULL */
};

/* ------------------------------------------------------------------ */
/* command line */

static void set_column_alias(struct load *load, const char *arg)
{
	const char *eq = strchr(arg, '=');

	for (int c = 0; c < COL_COUNT && eq != NULL && eq[1] != '\0'; c++) {
		if (strlen(column_names[c]) == (size_t)(eq - arg) &&
		    strncasecmp(arg, column_names[c], (size_t)(eq - arg)) == 0) {
			load->column_alias[c] = eq + 1;
			return;
		}
	}
	sne_cli_usage_error("option --colonne « %s » : attendu NOM=AUTRE, NOM parmi RPLS, "
	                    "DATIMMAT, DEPCOM, NUMVOIE, TYPVOIE, NOMVOIE, CODEPOSTAL, NBPIECE, "
	                    "SURFHAB, FINAN, CONSTRUCT", arg);
}

static void program_option(struct load *load, int opt, const char *arg)
{
	switch (opt) {
	case OPT_REFERENCE: load->reference = arg; break;
	case OPT_JUSQU_AU:
		load->has_cutoff = 1;
		load->cutoff = sne_cli_parse_date("--jusqu-au", arg);
		break;
	case OPT_COLONNE: set_column_alias(load, arg); break;
	case OPT_REJETS: load->rejets_path = arg; break;
	case OPT_LOT: load->lot_id = arg; break;
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
	if (load->lot_id == NULL) {
		const char *slash = strrchr(load->cli.inputs[0], '/');
		load->lot_id = slash ? slash + 1 : load->cli.inputs[0];
	}
	sne_date_format(load->cli.date, load->lot_date);
}

/* ------------------------------------------------------------------ */
/* rejected rows */

static void write_rejet(struct load *load, const char *text, char sep, const char *why)
{
	if (load->rejets == NULL)
		return;
	if (sne_output_puts(load->rejets, text) != 0 ||
	    sne_output_write(load->rejets, &sep, 1) != 0 ||
	    sne_csv_write_field(load->rejets, why, sep) != 0 ||
	    sne_output_puts(load->rejets, "\n") != 0) {
		sne_warn("%s: écriture impossible :", load->rejets_path);
		sne_output_close(load->rejets);
		load->rejets = NULL;
	}
}

static void reject(struct load *load, const char *file, long line, const char *why)
{
	load->counts.rejected++;
	sne_warn_at(file, line, NULL, "ligne rejetée : %s", why);
}

static void rejets_xml_failed(struct load *load)
{
	sne_warn("%s: écriture impossible :", load->rejets_path);
	sne_rejets_close(load->rejets_xml);
	load->rejets_xml = NULL;
}

/* A refused record of an XML batch, to --rejets. */
static void write_rejet_record(struct load *load, const struct sne_record *record,
                               const char *why)
{
	if (load->rejets_xml != NULL && sne_rejets_write(load->rejets_xml, record, why) != 0)
		rejets_xml_failed(load);
}

/* The row or record of ENTRY (read earlier, now refused) to --rejets. */
static void write_rejet_entry(struct load *load, const struct entry *entry, char sep,
                              const char *why)
{
	if (load->rejets_xml != NULL &&
	    sne_rejets_write_text(load->rejets_xml, entry->raw, entry->raw_len, why) != 0)
		rejets_xml_failed(load);
	if (load->rejets != NULL)
		write_rejet(load, entry->raw, sep, why);
}

/* ------------------------------------------------------------------ */
/* reading the batches */

/* Where a row or record was read, and its text (for --rejets). */
struct source {
	long line;
	const char *text;
	size_t len;
	char sep;                            /* CSV separator, 0 for XML */
	const struct sne_record *record;     /* XML, else NULL */
};

/* A number read twice: kept once when both say the same, else both
 * refused (and every later one).  Returns 0 when L is dropped as a copy,
 * -1 with WHY when it is refused. */
static int twice(struct load *load, struct entry *first, struct sne_rpls_logement *l,
                 const struct source *src, char *why, size_t why_size)
{
	char first_why[SNE_WHY_MAX];

	if (!first->refused && sne_rpls_same(first->logement, l)) {
		sne_warn_at(load->batch, src->line, NULL, "numéro RPLS %s déjà lu (%s:%ld), même "
		            "contenu : gardé une fois", l->rpls, first->file, first->line);
		load->counts.doubles++;
		free(l);
		return 0;
	}
	if (first->refused) {
		snprintf(why, why_size, "numéro RPLS %s déjà rejeté en double (%s:%ld) : cette "
		         "ligne l'est aussi ; corrigez le lot", l->rpls, first->file, first->line);
		free(l);
		return -1;
	}
	snprintf(why, why_size, "numéro RPLS %s en double dans le lot (%s:%ld) avec un autre "
	         "contenu : les deux lignes sont rejetées ; corrigez le lot", l->rpls,
	         first->file, first->line);
	free(l);
	first->refused = 1;
	snprintf(first_why, sizeof first_why, "numéro RPLS %s en double dans le lot (%s:%ld) "
	         "avec un autre contenu : les deux lignes sont rejetées ; corrigez le lot",
	         first->logement->rpls, load->batch, src->line);
	reject(load, first->file, first->line, first_why);
	if (src->record != NULL)  /* the stream of rejets starts with a record */
		write_rejet_record(load, src->record, why);
	write_rejet_entry(load, first, src->sep, first_why);
	if (src->record != NULL)
		return -2;
	return -1;
}

static void keep_source(struct entry *entry, const char *file, const struct source *src)
{
	entry->file = file;
	entry->line = src->line;
	entry->raw = malloc(src->len + 1);
	if (entry->raw == NULL)
		abort();
	memcpy(entry->raw, src->text, src->len);
	entry->raw[src->len] = '\0';
	entry->raw_len = src->len;
}

/* Keeps LOGEMENT (already read) unless it is wrong or after the cut-off.
 * Returns 0; -1 with WHY when it is rejected; -2 when it is rejected and
 * already written to --rejets. */
static int accept(struct load *load, const struct sne_rpls_logement *raw,
                  const struct source *src, char *why, size_t why_size)
{
	struct sne_rpls_logement with_lot = *raw;
	struct sne_rpls_logement *l;
	struct sne_date date;
	size_t place;

	with_lot.lot_id = load->lot_id;
	with_lot.lot_date = load->lot_date;
	l = sne_rpls_normalize(&with_lot, why, why_size);
	if (l == NULL)
		return -1;
	sne_date_parse_iso(l->mise_en_service, &date, NULL, 0);
	if (load->has_cutoff && sne_date_cmp(date, load->cutoff) > 0) {
		load->counts.excluded++;
		free(l);
		return 0;
	}
	place = (size_t)(uintptr_t)sne_index_get(load->index, l->rpls);
	if (place != 0)
		return twice(load, &load->entries[place - 1], l, src, why, why_size);
	if (load->nentries == load->cap) {
		load->cap = load->cap ? 2 * load->cap : 1024;
		load->entries = realloc(load->entries, load->cap * sizeof *load->entries);
		if (load->entries == NULL)
			abort();
	}
	load->entries[load->nentries] = (struct entry){ .logement = l };
	keep_source(&load->entries[load->nentries], load->batch, src);
	load->nentries++;
	sne_index_put(load->index, l->rpls, (void *)(uintptr_t)load->nentries);
	return 0;
}

/* Column indexes of HEADER into COLUMNS; -1 naming a missing column. */
static int map_columns(struct load *load, const char *file, const struct sne_csv_row *header,
                       int columns[COL_COUNT])
{
	for (int c = 0; c < COL_COUNT; c++) {
		const char *name = load->column_alias[c] ? load->column_alias[c] : column_names[c];
		columns[c] = sne_csv_column(header, name);
		if (columns[c] < 0) {
			sne_warn("%s:%ld: colonne « %s » absente de l'en-tête ; si elle porte un autre "
			         "nom, donnez --colonne %s=NOM", file, header->line, name,
			         column_names[c]);
			return -1;
		}
	}
	return 0;
}

static void row_to_logement(const struct sne_csv_row *row, const int columns[COL_COUNT],
                            struct sne_rpls_logement *l)
{
	const char *v[COL_COUNT];

	for (int c = 0; c < COL_COUNT; c++)
		v[c] = (size_t)columns[c] < row->nfields ? row->fields[columns[c]] : "";
	memset(l, 0, sizeof *l);
	l->rpls = v[COL_RPLS];
	l->mise_en_service = v[COL_DATIMMAT];
	l->commune = v[COL_DEPCOM];
	l->numero = v[COL_NUMVOIE];
	l->type_voie = v[COL_TYPVOIE];
	l->voie = v[COL_NOMVOIE];
	l->code_postal = v[COL_CODEPOSTAL];
	l->pieces = v[COL_NBPIECE];
	l->surface = v[COL_SURFHAB];
	l->financement = v[COL_FINAN];
	l->construction = v[COL_CONSTRUCT];
}

static int highest_column(const int columns[COL_COUNT])
{
	int highest = 0;

	for (int c = 0; c < COL_COUNT; c++)
		if (columns[c] > highest)
			highest = columns[c];
	return highest;
}

/* One data row: read, accepted, excluded or rejected. */
static void load_row(struct load *load, const char *file, const struct sne_csv_row *row,
                     const int columns[COL_COUNT], char sep)
{
	struct sne_rpls_logement l;
	char why[SNE_WHY_MAX];

	load->counts.read++;
	if (row->error)
		snprintf(why, sizeof why, "%s", row->why);
	else if (row->nfields <= (size_t)highest_column(columns))
		snprintf(why, sizeof why, "ligne incomplète : %s au lieu d'au moins %d",
		         sne_count(row->nfields, SNE_FEMININE, "colonne", "colonnes").text,
		         highest_column(columns) + 1);
	else {
		struct source src = { row->line, row->text, strlen(row->text), sep, NULL };
		row_to_logement(row, columns, &l);
		if (accept(load, &l, &src, why, sizeof why) == 0)
			return;
	}
	reject(load, file, row->line, why);
	write_rejet(load, row->text, sep, why);
}

static int load_csv_rows(struct load *load, struct sne_input *in, struct sne_csv *csv)
{
	const char *file = sne_input_name(in);
	struct sne_csv_row *row = malloc(sizeof *row);
	int columns[COL_COUNT], rc, status = 0;

	if (row == NULL)
		abort();
	rc = sne_csv_next(csv, row);
	if (rc == 1 && row->error) {
		sne_warn("%s:%ld: en-tête illisible : %s", file, row->line, row->why);
		status = SNE_EX_DATAERR;
	} else if (rc == 1 && map_columns(load, file, row, columns) != 0) {
		status = SNE_EX_DATAERR;
	} else if (rc == 1) {
		char sep = sne_csv_separator(csv);
		write_rejet(load, row->text, sep, "MOTIF_REJET");
		while ((rc = sne_csv_next(csv, row)) == 1)
			load_row(load, file, row, columns, sep);
	}
	if (rc < 0) {
		sne_warn("%s: lecture impossible : %s", file, sne_input_error(in));
		status = SNE_EX_IOERR;
	}
	free(row);
	return status;
}

static int on_batch_record(struct sne_record *record, void *ctx)
{
	struct load *load = ctx;
	struct sne_rpls_logement l;
	char why[SNE_WHY_MAX];
	struct source src = { sne_record_line(record), NULL, 0, 0, record };
	int rc;

	load->counts.read++;
	src.text = sne_record_bytes(record, &src.len);
	sne_rpls_from_record(record, &l);
	rc = accept(load, &l, &src, why, sizeof why);
	if (rc == 0)
		return 0;
	reject(load, sne_record_source(record), sne_record_line(record), why);
	if (rc == -1)
		write_rejet_record(load, record, why);
	return 0;
}

static int load_xml(struct load *load, struct sne_input *in)
{
	struct sne_stream_spec spec = {
		.record_ns = SNE_NS_RPLS, .record_name = "logement",
		.envelope = &sne_envelope_rpls,
		.fields = sne_rpls_fields, .nfields = SNE_RPLS_NFIELDS,
		.on_record = on_batch_record, .ctx = load,
	};
	return sne_stream_run(in, &spec);
}

/* Whether the file starts (after blanks) with '<'.  -1 when unreadable. */
static int looks_like_xml(const char *path)
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

static int load_batch(struct load *load, const char *path)
{
	int xml = looks_like_xml(path), rc;
	struct sne_input *in = xml < 0 ? NULL : sne_input_open(path);
	struct sne_csv *csv;

	load->batch = path;
	if (in == NULL) {
		sne_warn("%s: ouverture impossible :", path);
		return SNE_EX_NOINPUT;
	}
	if (xml) {
		rc = load_xml(load, in);
	} else {
		csv = sne_csv_open(in);
		rc = load_csv_rows(load, in, csv);
		sne_csv_free(csv);
	}
	sne_input_close(in);
	return rc;
}

static int load_batches(struct load *load)
{
	int worst = 0;

	for (int i = 0; i < load->cli.ninputs && worst < SNE_EX_USAGE; i++)
		worst = sne_exit_worst(worst, load_batch(load, load->cli.inputs[i]));
	return worst;
}

/* ------------------------------------------------------------------ */
/* the batch in the order of the reference */

static int entry_cmp(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	return strcmp(x->logement->rpls, y->logement->rpls);
}

/* Sorts the batch by RPLS number, as the reference is, and indexes it
 * again (the index holds places in the array). */
static void sort_batch(struct load *load)
{
	if (load->nentries == 0)
		return; /* no array at all */
	qsort(load->entries, load->nentries, sizeof *load->entries, entry_cmp);
	for (size_t i = 0; i < load->nentries; i++)
		sne_index_put(load->index, load->entries[i].logement->rpls, (void *)(uintptr_t)(i + 1));
}

static void verbose(const struct load *load, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void verbose(const struct load *load, const char *fmt, ...)
{
	char text[1024];
	va_list ap;

	if (!load->cli.verbose)
		return;
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	sne_info("%s", text);
}

/* Whether the new logements can be merged in order: a valid index vouches
 * that the reference at PATH is sorted; without one, the merge starts in
 * order and checks the order while it reads the reference (once), falling
 * back to appending the rest at the end at the first number out of order. */
static void decide_order(struct load *load, const char *path)
{
	struct sne_rpls_index *index;
	char why[SNE_WHY_MAX];

	load->in_order = 1;
	load->verified = 0;
	if (strcmp(path, "-") != 0 && sne_rpls_index_open(path, &index, why, sizeof why) == 0) {
		sne_rpls_index_close(index);
		load->verified = 1;
		return;
	}
	if (strcmp(path, "-") != 0 && load->nentries > 0)
		verbose(load, "%s: %s ; ordre des numéros RPLS vérifié pendant la lecture", path,
		        why);
}

/* ------------------------------------------------------------------ */
/* merging into the reference */

/* Writes to the output, counting the bytes (the offsets of the index). */
static int emit(struct load *load, const char *bytes, size_t len)
{
	if (sne_output_write(load->out, bytes, len) != 0)
		return -1;
	load->written += len;
	return 0;
}

static int write_failed(struct load *load)
{
	sne_warn("%s: écriture impossible :", sne_output_name(load->out));
	return SNE_EX_IOERR;
}

/* A logement written at [START, END) of the output. */
static void note_logement(struct load *load, const char *rpls, unsigned long long start,
                          unsigned long long end)
{
	if (load->sidecar != NULL)
		sne_rpls_index_builder_add(load->sidecar, rpls, start, end);
}

static void remember_layout(struct load *load, struct sne_record *record)
{
	const char *prefix;

	if (load->prefix_known)
		return;
	prefix = sne_record_prefix_of(record, SNE_NS_RPLS);
	snprintf(load->prefix, sizeof load->prefix, "%s", prefix ? prefix : "");
	snprintf(load->indent, sizeof load->indent, "%s", sne_record_indent_at(record, 0));
	load->prefix_known = 1;
}

/* Writes LEAD, then the batch's new logement ENTRY, then TRAIL. */
static int write_new(struct load *load, struct entry *entry, const char *lead, const char *trail)
{
	size_t len;
	char *text = sne_rpls_render(entry->logement, load->prefix, &len);
	unsigned long long start;
	int rc = emit(load, lead, strlen(lead));

	start = load->written;
	if (rc == 0)
		rc = emit(load, text, len);
	if (rc == 0)
		rc = emit(load, trail, strlen(trail));
	free(text);
	note_logement(load, entry->logement->rpls, start, start + len);
	entry->placed = 1;
	load->counts.fresh++;
	verbose(load, "logement RPLS %s nouveau (%s:%ld)", entry->logement->rpls, entry->file,
	        entry->line);
	return rc;
}

static int replace_logement(struct load *load, struct sne_record *record,
                            const struct sne_rpls_logement *l)
{
	size_t len;
	char *text = sne_rpls_render(l, load->prefix, &len);
	unsigned long long start = load->written;
	int rc = emit(load, text, len);

	free(text);
	note_logement(load, l->rpls, start, load->written);
	load->counts.updated++;
	sne_info("%s:%ld: logement RPLS %s mis à jour", sne_record_source(record),
	         sne_record_line(record), l->rpls);
	return rc;
}

/* Compares two RPLS numbers of 10 characters (NUL included: a fixed
 * size, cheaper than strcmp on millions of records). */
static int rpls_cmp(const char *a, const char *b)
{
	return memcmp(a, b, SNE_RPLS_SIZE);
}

/* In order: the batch's logements before RPLS are new ones, written before
 * this record; RPLS itself may be the next one. */
static void merge_in_order(struct load *load, const char *rpls)
{
	int cmp = 1;

	load->insert_from = load->next_new;
	while (load->next_new < load->nentries &&
	       (cmp = rpls_cmp(load->entries[load->next_new].logement->rpls, rpls)) < 0)
		load->next_new++;
	load->insert_to = load->next_new;
	if (load->next_new < load->nentries && cmp == 0 &&
	    !load->entries[load->next_new++].refused)
		load->current = &load->entries[load->next_new - 1];
}

/* Whether RPLS follows the reference's previous number; the first one out
 * of order ends the merge in order (the rest is looked up by number). */
static int still_in_order(struct load *load, const char *rpls)
{
	if (rpls != NULL && strnlen(rpls, SNE_RPLS_SIZE) == SNE_RPLS_LEN &&
	    rpls_cmp(load->last_rpls, rpls) < 0) {
		memcpy(load->last_rpls, rpls, SNE_RPLS_SIZE);
		return 1;
	}
	load->in_order = 0;
	if (!load->verified)
		verbose(load, "référentiel non trié par numéro RPLS (logement %s) : les nouveaux "
		        "logements suivants sont ajoutés à la fin", rpls ? rpls : "sans numéro");
	return 0;
}

/* Finds the batch's entry of the record numbered RPLS and, in order, the
 * new logements that go before it: once per record, from the record's
 * start tag (in_batch) or at its end. */
static void resolve(struct load *load, const char *rpls)
{
	size_t place;

	load->resolved = 1;
	load->current = NULL;
	load->insert_from = load->insert_to = 0;
	if (load->in_order && still_in_order(load, rpls)) {
		merge_in_order(load, rpls);
		return;
	}
	place = rpls ? (size_t)(uintptr_t)sne_index_get(load->index, rpls) : 0;
	load->current = place ? &load->entries[place - 1] : NULL;
	if (load->current != NULL && load->current->refused)
		load->current = NULL;  /* refused: the reference's logement stays as it is */
}

/* Only the dwellings of the batch are read field by field. */
static int in_batch(const char *rpls, void *ctx)
{
	struct load *load = ctx;

	resolve(load, rpls);
	return load->current != NULL;
}

/* A logement already written as new turns up further on: the reference
 * was said sorted but is not (changed during the run, or behind an index
 * that still matched it). */
static int out_of_order(struct sne_record *record, const char *rpls)
{
	sne_warn("%s:%ld: logement RPLS %s hors de l'ordre des numéros d'un référentiel vérifié "
	         "trié : il a changé pendant le chargement ; supprimez son index (.idx) et relancez",
	         sne_record_source(record), sne_record_line(record), rpls);
	return SNE_EX_DATAERR;
}

/* Unverified order: a logement written as new at its place turns up
 * further on, past a number out of order.  The batch's version, already
 * written, stands for it: the reference's copy is not written again. */
static int written_before(struct load *load, struct sne_record *record, const char *rpls)
{
	struct sne_rpls_logement current;

	sne_rpls_from_record(record, &current);
	load->counts.fresh--;
	if (sne_rpls_same(&current, load->current->logement))
		load->counts.known++;
	else
		load->counts.updated++;
	load->current->seen = 1;
	sne_warn("%s:%ld: logement RPLS %s hors de l'ordre des numéros : le référentiel n'est pas "
	         "trié, le lot l'a déjà écrit à sa place dans l'ordre, avec son contenu",
	         sne_record_source(record), sne_record_line(record), rpls);
	return 0;
}

static int write_reference_logement(struct load *load, struct sne_record *record,
                                    const char *rpls)
{
	struct entry *entry = load->current;
	struct sne_rpls_logement current;
	unsigned long long start = load->written;
	size_t len;
	const char *bytes = sne_record_bytes(record, &len);
	int rc;

	if (entry != NULL && !entry->seen) {
		entry->seen = 1;
		sne_rpls_from_record(record, &current);
		if (!sne_rpls_same(&current, entry->logement))
			return replace_logement(load, record, entry->logement);
		load->counts.known++;
	}
	rc = emit(load, bytes, len);
	note_logement(load, rpls, start, load->written);
	return rc;
}

static int on_reference_record(struct sne_record *record, void *ctx)
{
	struct load *load = ctx;
	const char *rpls = sne_record_get(record, SNE_RPLS_F_RPLS);
	size_t gap_len;
	const char *gap = sne_record_gap(record, &gap_len);
	int rc;

	if (!load->resolved)
		resolve(load, rpls);
	load->resolved = 0;
	if (load->current != NULL && load->current->placed)
		return load->verified ? out_of_order(record, rpls) : written_before(load, record, rpls);
	remember_layout(load, record);
	rc = emit(load, gap, gap_len);
	for (size_t i = load->insert_from; rc == 0 && i < load->insert_to; i++)
		if (!load->entries[i].refused)
			rc = write_new(load, &load->entries[i], "", load->indent);
	if (rc == 0)
		rc = write_reference_logement(load, record, rpls);
	return rc == 0 ? 0 : write_failed(load);
}

/* Prefix of the root's closing tag NAME ("r" for "r:logements"). */
static void prefix_from_root(struct load *load, const char *name, size_t len)
{
	const char *colon = memchr(name, ':', len);
	size_t n = colon ? (size_t)(colon - name) : 0;

	if (n >= sizeof load->prefix)
		n = 0;
	memcpy(load->prefix, name, n);
	load->prefix[n] = '\0';
}

/* The batch's logements that the reference did not hold, in order. */
static int write_new_logements(struct load *load)
{
	for (size_t i = 0; i < load->nentries; i++) {
		struct entry *entry = &load->entries[i];
		if (!entry->seen && !entry->placed && !entry->refused &&
		    write_new(load, entry, load->indent, "") != 0)
			return -1;
	}
	return 0;
}

/* A root written <r:logements .../>: opened, filled, closed. */
static int tail_self_closing(struct load *load, const char *bytes, size_t len)
{
	const char *slash = NULL, *start = NULL;
	size_t name_len;

	for (size_t i = len; i >= 2 && slash == NULL; i--)
		if (bytes[i - 2] == '/' && bytes[i - 1] == '>')
			slash = bytes + i - 2;
	for (const char *p = slash; p != NULL && p > bytes && start == NULL; p--)
		if (p[-1] == '<')
			start = p;
	if (slash == NULL || start == NULL)
		return emit(load, bytes, len) == 0 ? 0 : write_failed(load);
	name_len = strcspn(start, " \t\r\n/>");
	if (!load->prefix_known)
		prefix_from_root(load, start, name_len);
	if (emit(load, bytes, (size_t)(slash - bytes)) != 0 || emit(load, ">", 1) != 0 ||
	    write_new_logements(load) != 0 || emit(load, "\n</", 3) != 0 ||
	    emit(load, start, name_len) != 0 || emit(load, ">", 1) != 0 ||
	    emit(load, slash + 2, len - (size_t)(slash + 2 - bytes)) != 0)
		return write_failed(load);
	return 0;
}

static int on_reference_tail(const char *bytes, size_t len, void *ctx)
{
	struct load *load = ctx;
	size_t close = len, cut;

	for (size_t i = len; i >= 2 && close == len; i--)
		if (bytes[i - 2] == '<' && bytes[i - 1] == '/')
			close = i - 2;
	if (close == len)
		return tail_self_closing(load, bytes, len);
	if (!load->prefix_known)
		prefix_from_root(load, bytes + close + 2, strcspn(bytes + close + 2, " \t\r\n>"));
	cut = close;
	while (cut > 0 && strchr(" \t\r\n", bytes[cut - 1]))
		cut--;
	if (emit(load, bytes, cut) != 0 || write_new_logements(load) != 0 ||
	    emit(load, bytes + cut, len - cut) != 0)
		return write_failed(load);
	return 0;
}

static const char empty_reference[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<r:logements xmlns:r=\"urn:sne:rpls:1\">\n"
	"</r:logements>\n";

/* Merges the batch into the reference read from IN (NULL: none yet),
 * named PATH. */
static int merge(struct load *load, struct sne_input *in, const char *path)
{
	struct sne_stream_spec spec = {
		.record_ns = SNE_NS_RPLS, .record_name = "logement",
		.envelope = &sne_envelope_rpls,
		.fields = sne_rpls_fields, .nfields = SNE_RPLS_NFIELDS,
		.on_record = on_reference_record, .on_tail = on_reference_tail, .ctx = load,
		.wants_fields = in_batch, .key_field = SNE_RPLS_F_RPLS,
	};

	if (in == NULL)
		return on_reference_tail(empty_reference, sizeof empty_reference - 1, load);
	decide_order(load, path);
	return sne_stream_run(in, &spec);
}

/* Writes the index of the reference about to be committed (or removes a
 * former one that no longer applies), under the reference's lock.  The
 * index names the temporary file, which the rename keeps: a crash before
 * that rename leaves an index that no longer matches the reference, which
 * is then ignored.  Never fails the load: without an index, sne-attrib
 * reads the whole reference. */
static void publish_index(struct load *load, struct sne_inplace *ip)
{
	struct sne_output *out = sne_inplace_output(ip);
	struct sne_file_id id;
	char why[SNE_WHY_MAX] = "écriture impossible";

	if (sne_output_sync(out) == 0 && sne_file_id_of_path(sne_output_name(out), &id) == 0 &&
	    sne_rpls_index_write(load->sidecar, load->in_place, &id, load->written, why,
	                         sizeof why) == 0) {
		verbose(load, "%s: index « %s%s » écrit (%ld logements par bloc)", load->in_place,
		        load->in_place, SNE_RPLS_INDEX_SUFFIX, (long)SNE_RPLS_INDEX_STEP);
		return;
	}
	if (sne_rpls_index_remove(load->in_place) != 0)
		sne_warn("%s%s: suppression impossible :", load->in_place, SNE_RPLS_INDEX_SUFFIX);
	verbose(load, "%s: pas d'index : %s", load->in_place, why);
}

static int merge_in_place(struct load *load)
{
	struct sne_inplace *ip;
	int rc = sne_inplace_begin_or_create(load->in_place, load->cli.wait, &ip);

	if (rc != 0)
		return rc;
	load->out = sne_inplace_output(ip);
	load->sidecar = sne_rpls_index_builder_new();
	rc = merge(load, sne_inplace_input(ip), load->in_place);
	if (rc >= SNE_EX_USAGE) {
		sne_inplace_abort(ip);
		sne_warn("« %s » n'a pas été modifié", load->in_place);
		return rc;
	}
	publish_index(load, ip);
	return sne_exit_worst(rc, sne_inplace_commit(ip));
}

static int merge_to_stdout(struct load *load)
{
	struct sne_input *in = sne_input_open(load->reference);
	int rc;

	if (in == NULL && errno != ENOENT) {
		sne_warn("%s: ouverture impossible :", load->reference);
		return SNE_EX_NOINPUT;
	}
	load->out = sne_output_stdout();
	rc = merge(load, in, load->reference);
	if (in != NULL)
		sne_input_close(in);
	if (sne_output_close(load->out) != 0) {
		sne_warn("écriture impossible sur la sortie standard :");
		rc = sne_exit_worst(rc, SNE_EX_IOERR);
	}
	return rc;
}

/* ------------------------------------------------------------------ */

/* Whether the batches are XML (1) or CSV (0); exits 64 when they mix the
 * two, since --rejets then has no one format. */
static int batches_are_xml(const struct load *load)
{
	int xml = -1;

	for (int i = 0; i < load->cli.ninputs; i++) {
		int this = looks_like_xml(load->cli.inputs[i]);
		if (this < 0)
			continue;  /* unreadable: said when it is loaded */
		if (xml >= 0 && this != xml)
			sne_cli_usage_error("--rejets : les lots mêlent CSV et XML ; chargez-les en deux "
			                    "fois, chacun avec son fichier de rejets");
		xml = this;
	}
	return xml == 1;
}

/* --rejets: CSV rows with their motif for CSV batches, an RPLS stream with
 * each record after its motif for XML batches. */
static int open_rejets(struct load *load)
{
	if (load->rejets_path == NULL)
		return 0;
	if (batches_are_xml(load)) {
		load->rejets_xml = sne_rejets_open(load->rejets_path, SNE_NS_RPLS, "logements", "");
		if (load->rejets_xml != NULL)
			return 0;
	} else {
		load->rejets = sne_output_create(load->rejets_path);
		if (load->rejets != NULL)
			return 0;
	}
	sne_warn("%s: création impossible :", load->rejets_path);
	return SNE_EX_CANTCREAT;
}

static int close_rejets(struct load *load)
{
	int failed = load->rejets != NULL && sne_output_close(load->rejets) != 0;

	failed |= load->rejets_xml != NULL && sne_rejets_close(load->rejets_xml) != 0;
	if (!failed)
		return 0;
	sne_warn("%s: écriture impossible :", load->rejets_path);
	return SNE_EX_IOERR;
}

static void print_summary(const struct load *load)
{
	const struct counts *c = &load->counts;

	sne_info("%s, %s, %s, %s, %s, %s",
	         sne_count((unsigned long)c->read, SNE_FEMININE, "ligne lue", "lignes lues").text,
	         sne_count((unsigned long)c->fresh, SNE_MASCULINE, "nouveau logement",
	                   "nouveaux logements").text,
	         sne_count((unsigned long)c->known, SNE_MASCULINE, "déjà connu", "déjà connus").text,
	         sne_count((unsigned long)c->updated, SNE_MASCULINE, "mis à jour", "mis à jour").text,
	         sne_count((unsigned long)c->excluded, SNE_MASCULINE, "exclu", "exclus").text,
	         sne_count((unsigned long)c->rejected, SNE_FEMININE, "rejetée", "rejetées").text);
	if (c->doubles > 0)
		sne_info("%s", sne_count((unsigned long)c->doubles, SNE_FEMININE,
		                         "ligne en double, de même contenu, gardée une fois",
		                         "lignes en double, de même contenu, gardées une fois").text);
}

static void free_load(struct load *load)
{
	for (size_t i = 0; i < load->nentries; i++) {
		free(load->entries[i].logement);
		free(load->entries[i].raw);
	}
	free(load->entries);
	sne_index_free(load->index);
	sne_rpls_index_builder_free(load->sidecar);
	sne_cli_free(&load->cli);
}

int main(int argc, char **argv)
{
	static struct load load;
	int rc;

	parse_args(&load, argc, argv);
	load.index = sne_index_new();
	snprintf(load.indent, sizeof load.indent, "\n  ");
	rc = open_rejets(&load);
	if (rc == 0)
		rc = load_batches(&load);
	rc = sne_exit_worst(rc, close_rejets(&load));
	sort_batch(&load);
	if (rc < SNE_EX_USAGE)
		rc = sne_exit_worst(rc, load.in_place ? merge_in_place(&load) : merge_to_stdout(&load));
	if (rc < SNE_EX_USAGE) {
		print_summary(&load);
		if (load.counts.rejected > 0)
			rc = sne_exit_worst(rc, SNE_EX_REFUSED);
	}
	free_load(&load);
	return rc;
}
