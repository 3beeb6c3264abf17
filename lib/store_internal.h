/* The SQLite register's insides, shared by its files: lib/store.c
 * (opening, transactions, the columns of a record, reading, writing,
 * counters, identities), lib/store_import.c (import, export),
 * lib/store_verify.c (verification, upgrade, backup) and
 * lib/store_lookup.c (sne/lookup.h).  Not for the programs: they use
 * sne/store.h. */
#ifndef SNE_STORE_INTERNAL_H
#define SNE_STORE_INTERNAL_H

#include <sqlite3.h>
#include <stddef.h>

#include "sne/date.h"
#include "sne/numero.h"
#include "sne/store.h"
#include "sne/stream.h"
#include "sne/territoire.h"

/* The indexed columns an update changes: an UPDATE rewrites the entries
 * of every index whose columns it sets, changed or not, so each row is
 * updated by the statement that sets only those that changed (most edits
 * change the bytes, the état and the radiation, never the identity). */
enum {
	U_NUMERO = 1,      /* the UNIQUE index of numero */
	U_ECHEANCE = 2,    /* demande_echeance (etat, prochain, preavis) */
	U_IDENTITE = 4,    /* demande_identite */
	U_COURRIEL = 8,    /* demande_courriel */
	U_AVERTISSEMENT = 16, /* demande_avertissement */
	U_ATTESTATION = 32, /* demande_attestation */
	U_ALL = 63,
	U_NVARIANTS = 64
};

enum stmt_id {
	S_INSERT, S_INDEXED, S_DEMANDE, S_FIND, S_FETCH, S_CHUNK, S_COUNTER, S_DELETE, S_IDENTITE, S_NCOUNT
};

struct pending_row;

/* Bytes that grow (sne_grow's doubling). */
struct store_bytes {
	char *data;
	size_t len, cap;
};

struct sne_store {
	sqlite3 *db;
	char *path;
	int flags;
	int in_tx;             /* a transaction of ours is open */
	int batches;           /* batches committed by this run */
	int batch;             /* commit every SNE_STORE_BATCH rows written */
	int failure;           /* SNE_EX_* that stopped the sink, 0 if none */
	sqlite3_stmt *stmt[S_NCOUNT];
	sqlite3_stmt *update[U_NVARIANTS]; /* by the indexed columns changed */
	char *head, *tail;     /* the envelope */
	size_t head_len, tail_len;
	/* the rows a run selected (sorted), and those its stream gave, in
	 * order: the record of rank K of that input is row yielded[K - 1] */
	sqlite3_int64 *read;
	size_t nread;
	const struct sne_input *input;
	sqlite3_int64 *yielded;
	size_t nyielded, yielded_cap;
	size_t handled;         /* ranks of that input up to this one are done */
	unsigned long written;  /* rows written since the last commit */
	/* records written and not yet in their rows (see queue_row) */
	struct pending_row *pending;
	size_t npending, pending_cap;
	struct store_bytes pending_bytes; /* their bytes, one after the other */
	struct store_bytes parsed;        /* what is parsed for their columns */
};

enum {
	C_NUMERO, C_GUICHET, C_DEPOT, C_ETAT, C_PROCHAIN, C_DERNIER, C_RAD_MOTIF, C_RAD_DATE,
	C_NOM, C_PRENOM, C_NAISSANCE, C_MEL, C_COMMUNE, C_AVERTISSEMENT,
	C_EVT_TYPE, C_EVT_DATE, C_EVT_CANAL, C_ENVOI_TYPE, C_ENVOI_DATE, C_ENVOI_ANNIVERSAIRE,
	C_COUNT
};

/* What the store keeps of a record beside its bytes; the texts are
 * borrowed from the record. */
struct columns {
	char numero[SNE_NUMERO_SIZE];       /* "" when none yet */
	char territoire[SNE_TERRITOIRE_SIZE]; /* "" when unknown */
	/* the pointers point into the record (row_texts() in store_rows.c
	 * lists them, to copy a row) */
	const char *guichet, *depot, *etat, *motif, *date_radiation;
	const char *avertissement;          /* motif of the one in progress, or NULL */
	char prochain[SNE_DATE_ISO_SIZE];   /* "" when unknown */
	sqlite3_int64 identite;
	char courriel[256];                 /* "" when none */
	int active;                         /* état active: the two below are set */
	unsigned preavis;                   /* sne_preavis_envoyes() */
	char attestation[SNE_DATE_ISO_SIZE]; /* sne_attestation_attendue(), "" if none */
};

/* A row of an import: its columns, the blanks before it and its bytes. */
struct import_row {
	struct columns c;
	const char *gap, *bytes;
	size_t gap_len, len;
};
/* The rows of an import, inserted by INSERT (with CTX) in a thread of their
 * own, in their order, while the parser reads the next ones (store_rows.c).
 * INSERT returns 0 or an SNE_EX_* code; after one that fails, no other row
 * is inserted. */
struct row_writer;
struct row_writer *row_writer_start(int (*insert)(const struct import_row *row, void *ctx),
                                    void *ctx);
/* Queues a copy of a row: 0, or the code of the insert that failed. */
int row_writer_add(struct row_writer *w, const struct columns *c, const char *gap,
                   size_t gap_len, const char *bytes, size_t len);
/* Waits for the rows queued, ends the thread and frees W: 0, or the code
 * of the insert that failed. */
int row_writer_finish(struct row_writer *w);

/* The fields of a record its columns come from (C_*). */
extern const char *const store_column_fields[C_COUNT];
/* A stream of demandes with those fields, text only, calling ON_RECORD
 * with CTX; ENVELOPE checks the root (NULL: the store's own head). */
struct sne_stream_spec store_column_spec(const struct sne_envelope *envelope,
                                         int (*on_record)(struct sne_record *, void *),
                                         void *ctx);

/* Says what failed (WHAT, with SQLite's message) and returns the SNE_EX_*
 * code: 75 when another writer holds the store, 74 otherwise. */
int store_sql_error(struct sne_store *st, const char *what);
/* Runs SQL; 0 or store_sql_error(st, WHAT). */
int store_exec(struct sne_store *st, const char *sql, const char *what);
/* Steps S to its end and resets it; 0 or store_sql_error(st, WHAT). */
int store_step_done(struct sne_store *st, sqlite3_stmt *s, const char *what);
/* The parts of registre.sql, in its order: the tables, the unique index of
 * the numéros, the other indexes. */
enum store_schema_part { STORE_TABLES, STORE_NUMERO_KEY, STORE_INDEXES };
/* The SQL of PART, to free. */
char *store_schema_sql(enum store_schema_part part);
/* Runs PART of the schema. */
int store_run_schema(struct sne_store *st, enum store_schema_part part);
/* Fills C from REC; -1 with WHY when its numéro is not valid. */
int store_columns_of(const struct sne_record *rec, struct columns *c, char *why, size_t size);
/* Binds TEXT to parameter I of S, NULL when TEXT is NULL or "". */
void store_bind_text_or_null(sqlite3_stmt *s, int i, const char *text);
/* Binds the parameters of S_INSERT / an UPDATE of a row: C, the blanks
 * GAP before the record, its BYTES. */
void store_bind_row(sqlite3_stmt *s, const struct columns *c, const char *gap, size_t gap_len,
                    const char *bytes, size_t len);
/* The stream of the rows SEL selects (NULL: all), closing OWNED with it. */
struct sne_input *store_make_input(struct sne_store *st, const struct sne_store_select *sel,
                                   struct sne_store *owned);
/* qsort's order of two rangs (sqlite3_int64). */
int store_cmp_rang(const void *a, const void *b);
/* Fills the columns added to a store of version 1, makes their indexes and
 * sets the version, in the open transaction (lib/store_verify.c). */
int store_fill_notice_columns(struct sne_store *st);

#endif
