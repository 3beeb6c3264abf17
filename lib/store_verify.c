/* The SQLite register: verification of the columns against the bytes,
 * upgrade of a store of an earlier version, online backup. */
#include "store_internal.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sne/count.h"
#include "sne/demande.h"
#include "sne/err.h"
#include "sne/privilege.h"

/* ------------------------------------------------------------------ */
/* verification */

static const char *const stored_names[] = {
	"numero", "territoire", "guichet", "etat", "depot", "prochain", "radiation_motif",
	"radiation_date", "identite", "courriel", "avertissement", "preavis", "attestation"
};
#define NSTORED (sizeof stored_names / sizeof stored_names[0])

struct verifier {
	struct sne_store *st;
	sqlite3_stmt *rows;
	unsigned long records, wrong;
};

static int same_text(const unsigned char *stored, const char *computed)
{
	if (computed == NULL || computed[0] == '\0')
		return stored == NULL;
	return stored != NULL && strcmp((const char *)stored, computed) == 0;
}

static int verify_record(struct sne_record *rec, void *ctx)
{
	struct verifier *v = ctx;
	sqlite3_stmt *s = v->rows;
	char why[SNE_WHY_MAX], identite[32], preavis[16], label[32];
	const char *computed[NSTORED];
	struct columns c;
	int rc = sqlite3_step(s);

	v->records++;
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? 0 : store_sql_error(v->st, "lecture");
	if (store_columns_of(rec, &c, why, sizeof why) != 0) {
		sne_warn("%s: demande de rang %lld : %s", v->st->path,
		         (long long)sqlite3_column_int64(s, NSTORED), why);
		v->wrong++;
		return 0;
	}
	snprintf(identite, sizeof identite, "%lld", (long long)c.identite);
	computed[0] = c.numero; computed[1] = c.territoire; computed[2] = c.guichet;
	computed[3] = c.etat; computed[4] = c.depot; computed[5] = c.prochain;
	computed[6] = c.motif; computed[7] = c.date_radiation; computed[8] = identite;
	computed[9] = c.courriel; computed[10] = c.avertissement;
	snprintf(preavis, sizeof preavis, "%u", c.preavis);
	computed[11] = c.active ? preavis : NULL; computed[12] = c.attestation;
	for (size_t i = 0; i < NSTORED; i++) {
		const unsigned char *stored = sqlite3_column_text(s, (int)i);
		if (same_text(stored, computed[i]))
			continue;
		sne_warn("%s: demande %s : la colonne %s dit « %s », la demande « %s » ; "
		         "réimportez le registre (sne-registre --exporter puis --importer)",
		         v->st->path, sne_record_label(rec, c.numero, label, sizeof label),
		         stored_names[i], stored ? (const char *)stored : "",
		         computed[i] ? computed[i] : "");
		v->wrong++;
	}
	return 0;
}

static int integrity(struct sne_store *st)
{
	sqlite3_stmt *s;
	int rc, bad = 0;

	if (sqlite3_prepare_v2(st->db, "PRAGMA integrity_check", -1, &s, NULL) != SQLITE_OK)
		return store_sql_error(st, "vérification");
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *line = (const char *)sqlite3_column_text(s, 0);
		if (line != NULL && strcmp(line, "ok") == 0)
			continue;
		sne_warn("%s: intégrité SQLite : %s", st->path, line ? line : "?");
		bad = 1;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_sql_error(st, "vérification");
	return bad ? SNE_EX_DATAERR : 0;
}

/* Runs ON_RECORD (with CTX) over every row of ST, in the register's
 * order, with the column fields. */
static int each_row(struct sne_store *st, int (*on_record)(struct sne_record *, void *),
                    void *ctx)
{
	struct sne_stream_spec spec = store_column_spec(&sne_envelope_interface, on_record, ctx);
	struct sne_input *in = store_make_input(st, NULL, NULL);
	int rc = sne_stream_run(in, &spec);

	sne_input_close(in);
	return rc;
}

int sne_store_verify(struct sne_store *st)
{
	struct verifier v = { st, NULL, 0, 0 };
	int rc = integrity(st);

	if (rc != 0)
		return rc;
	if (sqlite3_prepare_v2(st->db, "SELECT numero, territoire, guichet, etat, depot, prochain, "
	                       "radiation_motif, radiation_date, identite, courriel, avertissement, "
	                       "preavis, attestation, rang FROM demande ORDER BY rang", -1, &v.rows,
	                       NULL) != SQLITE_OK)
		return store_sql_error(st, "vérification");
	rc = each_row(st, verify_record, &v);
	sqlite3_finalize(v.rows);
	if (rc != 0)
		return rc;
	if (v.wrong > 0) {
		sne_warn("%s: %s entre les colonnes et les demandes", st->path,
		         sne_count(v.wrong, SNE_FEMININE, "différence", "différences").text);
		return SNE_EX_DATAERR;
	}
	sne_info("%s: %lu demandes vérifiées, registre intègre", st->path, v.records);
	return 0;
}

/* ------------------------------------------------------------------ */
/* upgrade from version 1: the columns of sne-notice */

struct filler {
	struct sne_store *st;
	sqlite3_stmt *rows, *update;
};

static int fill_record(struct sne_record *rec, void *ctx)
{
	struct filler *f = ctx;
	char why[SNE_WHY_MAX];
	struct columns c;

	if (sqlite3_step(f->rows) != SQLITE_ROW)
		return store_sql_error(f->st, "mise à niveau");
	if (store_columns_of(rec, &c, why, sizeof why) != 0) {
		sne_warn("%s: demande de rang %lld : %s", f->st->path,
		         (long long)sqlite3_column_int64(f->rows, 0), why);
		return SNE_EX_DATAERR;
	}
	if (c.active)
		sqlite3_bind_int64(f->update, 1, c.preavis);
	store_bind_text_or_null(f->update, 2, c.attestation);
	sqlite3_bind_int64(f->update, 3, sqlite3_column_int64(f->rows, 0));
	return store_step_done(f->st, f->update, "mise à niveau");
}

/* Fills the columns added to a store of version 1, makes their indexes
 * and sets the version, in the open transaction. */
int store_fill_notice_columns(struct sne_store *st)
{
	struct filler f = { st, NULL, NULL };
	char pragma[64];
	int rc = 0;

	if (sqlite3_prepare_v2(st->db, "SELECT rang FROM demande ORDER BY rang", -1, &f.rows,
	                       NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(st->db, "UPDATE demande SET preavis = ?1, attestation = ?2 "
	                       "WHERE rang = ?3", -1, &f.update, NULL) != SQLITE_OK)
		rc = store_sql_error(st, "mise à niveau");
	if (rc == 0)
		rc = each_row(st, fill_record, &f);
	sqlite3_finalize(f.rows);
	sqlite3_finalize(f.update);
	snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", SNE_STORE_VERSION);
	if (rc == 0)
		rc = store_run_schema(st, STORE_INDEXES); /* those missing (IF NOT EXISTS) */
	if (rc == 0)
		rc = store_exec(st, pragma, "mise à niveau");
	return rc;
}

/* ------------------------------------------------------------------ */
/* backup */

int sne_store_backup(struct sne_store *st, const char *dest)
{
	sqlite3 *copy;
	sqlite3_backup *b;
	int rc;

	if (access(dest, F_OK) == 0) {
		sne_warn("« %s » existe déjà : la sauvegarde crée un fichier neuf ; donnez un autre "
		         "nom", dest);
		return SNE_EX_CANTCREAT;
	}
	/* a file the user names: with his rights, never the program's group's */
	sne_user_rights_begin();
	rc = sqlite3_open_v2(dest, &copy, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
	                     SQLITE_OPEN_EXCLUSIVE, NULL);
	if (rc == SQLITE_OK)
		chmod(dest, 0600);
	sne_user_rights_end();
	if (rc != SQLITE_OK) {
		sne_warn("« %s » : création impossible : %s", dest, sqlite3_errmsg(copy));
		sqlite3_close(copy);
		return SNE_EX_CANTCREAT;
	}
	b = sqlite3_backup_init(copy, "main", st->db, "main");
	rc = b != NULL ? sqlite3_backup_step(b, -1) : SQLITE_ERROR;
	if (b != NULL)
		sqlite3_backup_finish(b);
	if (rc == SQLITE_DONE)
		rc = sqlite3_exec(copy, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
	if (rc != SQLITE_OK && rc != SQLITE_DONE) {
		sne_warn("« %s » : sauvegarde impossible : %s", dest, sqlite3_errmsg(copy));
		sqlite3_close(copy);
		sne_user_rights_begin();
		unlink(dest);
		sne_user_rights_end();
		return SNE_EX_IOERR;
	}
	sqlite3_close(copy);
	return 0;
}

