/* The SQLite register: import of a register file, export as one stream. */
#include "store_internal.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sne/alloc.h"
#include "sne/demande.h"
#include "sne/err.h"
#include "sne/io.h"


struct importer {
	struct sne_store *st;
	const char *source;      /* the register file's name, for messages */
	struct row_writer *writer; /* inserts the rows while the next are read */
	size_t records;          /* read (the parser's) */
	size_t inserted;         /* inserted (the writer thread's) */
	struct sne_head empty;   /* the head of a register without record */
};

static int put_envelope(struct sne_store *st, const char *head, size_t head_len,
                        const char *tail, size_t tail_len)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, "INSERT OR REPLACE INTO enveloppe (id, tete, fin) "
	                       "VALUES (1, ?1, ?2)", -1, &s, NULL) != SQLITE_OK)
		return store_sql_error(st, "écriture de l'enveloppe");
	sqlite3_bind_blob(s, 1, head_len ? head : "", (int)head_len, SQLITE_TRANSIENT);
	sqlite3_bind_blob(s, 2, tail_len ? tail : "", (int)tail_len, SQLITE_TRANSIENT);
	rc = store_step_done(st, s, "écriture de l'enveloppe");
	sqlite3_finalize(s);
	return rc;
}

/* In the writer thread: inserts ROW, after the envelope for the first. */
static int insert_row(const struct import_row *row, void *ctx)
{
	struct importer *im = ctx;
	struct sne_store *st = im->st;
	sqlite3_stmt *s = st->stmt[S_INSERT];
	size_t gap_len = row->gap_len;
	int rc;

	if (im->inserted++ == 0) { /* the first gap is the head */
		if ((rc = put_envelope(st, row->gap, row->gap_len, "", 0)) != 0)
			return rc;
		gap_len = 0;
	}
	store_bind_row(s, &row->c, row->gap, gap_len, row->bytes, row->len);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return rc == SQLITE_DONE ? 0 : store_sql_error(st, "écriture");
}

static int import_record(struct sne_record *rec, void *ctx)
{
	struct importer *im = ctx;
	char why[SNE_WHY_MAX], label[32];
	const char *gap, *bytes;
	size_t gap_len, len;
	struct columns c;

	gap = sne_record_gap(rec, &gap_len);
	bytes = sne_record_bytes(rec, &len);
	if (store_columns_of(rec, &c, why, sizeof why) != 0) {
		sne_warn_at(sne_record_source(rec), sne_record_line(rec),
		            sne_record_label(rec, NULL, label, sizeof label), "%s", why);
		return SNE_EX_DATAERR;
	}
	im->records++;
	return row_writer_add(im->writer, &c, gap, gap_len, bytes, len);
}

/* Waits for the rows queued to be in: 0, or the code of the insert that
 * failed. */
static int rows_in(struct importer *im)
{
	int rc = 0;

	if (im->writer != NULL) {
		rc = row_writer_finish(im->writer);
		im->writer = NULL;
	}
	return rc;
}

/* Says each demande whose numéro an earlier one of the file has: the rows'
 * rangs are their places in the file, since the import inserts in order. */
static int say_doublons(struct importer *im)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(im->st->db,
	                       "SELECT numero, premier, rang FROM (SELECT numero, rang, "
	                       "first_value(rang) OVER w AS premier, row_number() OVER w AS n "
	                       "FROM demande WHERE numero IS NOT NULL "
	                       "WINDOW w AS (PARTITION BY numero ORDER BY rang)) "
	                       "WHERE n > 1 ORDER BY rang", -1, &s, NULL) != SQLITE_OK)
		return store_sql_error(im->st, "recherche des numéros en double");
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		sne_warn_at(im->source, 0, (const char *)sqlite3_column_text(s, 0),
		            "numéro unique en double dans le registre (demandes n° %lld et "
		            "n° %lld du fichier) : corrigez le registre (une demande par numéro) "
		            "avant de l'importer", (long long)sqlite3_column_int64(s, 1),
		            (long long)sqlite3_column_int64(s, 2));
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_sql_error(im->st, "recherche des numéros en double");
	return SNE_EX_DATAERR;
}

/* The unique index of the numéros, made once the rows are in: it refuses
 * the import of a register that holds a numéro twice. */
static int make_numero_key(struct importer *im)
{
	char *sql = store_schema_sql(STORE_NUMERO_KEY);
	int rc = sqlite3_exec(im->st->db, sql, NULL, NULL, NULL);

	free(sql);
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return say_doublons(im);
	return rc == SQLITE_OK ? 0 : store_sql_error(im->st, "création du schéma");
}

static int import_head(const struct sne_head *head, void *ctx)
{
	struct importer *im = ctx;

	if (head->empty)
		im->empty = *head;
	return 0;
}

/* A register without record: cut where records would go, so that the
 * demandes inserted later land inside the root ("<r/>" becomes
 * "<r>...</r>"). */
static int import_empty_tail(struct importer *im, const char *bytes, size_t len)
{
	const struct sne_head *h = &im->empty;
	size_t at = h->close_at < len ? h->close_at : len;
	char *head, *tail;
	int rc;

	if (!h->self_closing)
		return put_envelope(im->st, bytes, at, bytes + at, len - at);
	if (asprintf(&head, "%.*s>", (int)at, bytes) < 0 ||
	    asprintf(&tail, "\n</%s>%.*s", h->root_qname, (int)(len - (at + 2 < len ? at + 2 : len)),
	             bytes + (at + 2 < len ? at + 2 : len)) < 0)
		abort();
	rc = put_envelope(im->st, head, strlen(head), tail, strlen(tail));
	free(head);
	free(tail);
	return rc;
}

static int import_tail(const char *bytes, size_t len, void *ctx)
{
	struct importer *im = ctx;
	sqlite3_stmt *s;
	int rc = rows_in(im); /* the store is the parser's again */

	if (rc != 0)
		return rc;
	if (im->records == 0)
		return import_empty_tail(im, bytes, len);
	if (sqlite3_prepare_v2(im->st->db, "UPDATE enveloppe SET fin = ?1 WHERE id = 1", -1, &s,
	                       NULL) != SQLITE_OK)
		return store_sql_error(im->st, "écriture de l'enveloppe");
	sqlite3_bind_blob(s, 1, len ? bytes : "", (int)len, SQLITE_TRANSIENT);
	rc = store_step_done(im->st, s, "écriture de l'enveloppe");
	sqlite3_finalize(s);
	return rc;
}

/* Counters past the highest sequence of each territory and month. */
static int set_counters(struct sne_store *st)
{
	return store_exec(st, "INSERT INTO compteur (territoire, mois, annee, dernier) "
	                "SELECT substr(numero, 1, 3), CAST(substr(numero, 4, 2) AS INTEGER), "
	                "CAST(substr(numero, 6, 2) AS INTEGER), "
	                "max(CAST(substr(numero, 8, 6) AS INTEGER)) FROM demande "
	                "WHERE numero IS NOT NULL GROUP BY 1, 2, 3",
	            "écriture des compteurs");
}

static int merge_counter(void *ctx, const char *territoire, int mois, int annee, long last)
{
	struct sne_store *st = ctx;
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, "INSERT INTO compteur (territoire, mois, annee, dernier) "
	                       "VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO UPDATE SET "
	                       "dernier = max(dernier, excluded.dernier)", -1, &s, NULL) != SQLITE_OK)
		return store_sql_error(st, "écriture des compteurs");
	sqlite3_bind_text(s, 1, territoire, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(s, 2, mois);
	sqlite3_bind_int(s, 3, annee);
	sqlite3_bind_int64(s, 4, last);
	rc = store_step_done(st, s, "écriture des compteurs");
	sqlite3_finalize(s);
	return rc;
}

/* fsyncs PATH and the folder that holds it. */
static int sync_file_and_folder(const char *path)
{
	int rc = -1, fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd >= 0) {
		rc = fsync(fd);
		close(fd);
	}
	return rc == 0 ? sne_fsync_parent(path) : -1;
}

/* The imported store made a register: written to disk, then its version,
 * its WAL journal and full syncs from now on. */
static int seal_import(struct sne_store *st)
{
	char pragma[64];
	int rc;

	if (sync_file_and_folder(st->path) != 0) {
		sne_warn("« %s » : écriture sur disque impossible :", st->path);
		return SNE_EX_IOERR;
	}
	snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", SNE_STORE_VERSION);
	rc = store_exec(st, "PRAGMA synchronous = FULL; PRAGMA journal_mode = WAL", "création");
	if (rc == 0)
		rc = store_exec(st, pragma, "création");
	return rc;
}

int sne_store_import(struct sne_store *st, struct sne_input *in, const char *state_dir)
{
	struct importer im = { .st = st, .source = sne_input_name(in) };
	struct sne_stream_spec spec = store_column_spec(&sne_envelope_interface, import_record, &im);
	int rc, rows_rc;

	spec.on_head = import_head;
	spec.on_tail = import_tail;
	im.writer = row_writer_start(insert_row, &im);
	rc = sne_stream_run(in, &spec);
	rows_rc = rows_in(&im); /* the tail waited for them, unless the stream failed */
	if (rc == 0)
		rc = rows_rc;
	if (rc == 0)
		rc = make_numero_key(&im);
	if (rc == 0)
		rc = set_counters(st);
	if (rc == 0 && state_dir != NULL)
		rc = sne_alloc_each(state_dir, merge_counter, st);
	if (rc == 0)
		rc = store_run_schema(st, STORE_INDEXES);
	if (rc == 0)
		rc = store_exec(st, "ANALYZE", "analyse");
	if (rc == 0)
		rc = sne_store_commit(st);
	if (rc == 0)
		rc = seal_import(st);
	if (rc == 0)
		sne_info("%zu demandes importées dans « %s »", im.records, st->path);
	return rc;
}

/* ------------------------------------------------------------------ */
/* export */

int sne_store_export(struct sne_store *st, struct sne_output *out)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, "SELECT avant, octets FROM demande ORDER BY rang", -1, &s,
	                       NULL) != SQLITE_OK)
		return store_sql_error(st, "lecture");
	if (sne_output_write(out, st->head, st->head_len) != 0) {
		sqlite3_finalize(s);
		return -1;
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (sne_output_write(out, sqlite3_column_blob(s, 0),
		                     (size_t)sqlite3_column_bytes(s, 0)) != 0 ||
		    sne_output_write(out, sqlite3_column_blob(s, 1),
		                     (size_t)sqlite3_column_bytes(s, 1)) != 0) {
			sqlite3_finalize(s);
			return -1;
		}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_sql_error(st, "lecture");
	return sne_output_write(out, st->tail, st->tail_len) != 0 ? -1 : 0;
}

