/* The SQLite register (sne-records(5), sne-registre(1)): a source and a
 * sink of the record streams the programs already read and write, so that
 * their per-record logic is the same over a file and over a store.
 *
 * Reading: sne_store_input() yields a stream that reads like a register
 * file: the stored envelope head, the bytes of the selected rows, the
 * tail.  Writing: sne_store_sink() is an output whose records (written by
 * sne_record_write()) replace the row each was read from, or are inserted
 * after the others (a record of another input), in the run's
 * transaction; rows not read are untouched.  The schema is
 * share/sql/registre.sql (compiled in).
 *
 * Transactions: a writer holds SQLite's write lock (BEGIN IMMEDIATE) from
 * sne_store_open() to sne_store_commit(); readers never wait (WAL).  A run
 * that asks for batches commits every SNE_STORE_BATCH rows written and
 * goes on in a new transaction, unless another writer committed in
 * between (then the run stops with 75: a rerun finishes the work). */
#ifndef SNE_STORE_H
#define SNE_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "sne/date.h"
#include "sne/io.h"
#include "sne/preavis.h"
#include "sne/selection.h"

/* Rows written per transaction of a long run, unless the environment's
 * SNE_REGISTRE_LOT gives another count (sne-registre(1)). */
#define SNE_STORE_BATCH 10000
/* That count: SNE_REGISTRE_LOT when a whole number from 1 to 10000000. */
long sne_store_batch_size(void);
/* The schema's version (PRAGMA user_version); 1 lacked the columns of
 * sne-notice (SNE_STORE_UPGRADE). */
#define SNE_STORE_VERSION 2

struct sne_store;

/* Whether the file at PATH starts with the SQLite header ("SQLite format
 * 3\0"), whatever its name.  0 when it cannot be read. */
int sne_store_is_store(const char *path);

enum {
	SNE_STORE_READ = 0,
	SNE_STORE_WRITE = 1,   /* take the write lock (BEGIN IMMEDIATE) */
	SNE_STORE_WAIT = 2,    /* wait for another writer, else 75 at once */
	SNE_STORE_UPGRADE = 4  /* with WRITE: a store of an earlier version is
	                          brought to this one (columns added and filled,
	                          indexes rebuilt) in the transaction */
};

/* Opens the store at PATH with FLAGS.  Returns 0 and *OUT, or an SNE_EX_*
 * code after saying why (66 missing, 65 not a register of this version,
 * 75 another writer holds it, 74 I/O). */
int sne_store_open(const char *path, int flags, struct sne_store **out);
/* Creates a new store at PATH (refused, 73, when PATH exists), write lock
 * held, schema without its indexes (sne_store_import() makes them). */
int sne_store_create(const char *path, struct sne_store **out);
/* Commits the transaction; 0 or an SNE_EX_* code (said). */
int sne_store_commit(struct sne_store *st);
/* Ends a writing run: the rows read whose records were not written are
 * deleted (as a rewrite of the file leaves them out), then the commit.
 * 0 or the SNE_EX_* code of the sink's failure or of the commit. */
int sne_store_finish(struct sne_store *st);
/* Rolls the open transaction back. */
void sne_store_rollback(struct sne_store *st);
/* Whether to commit every SNE_STORE_BATCH rows written (off by default:
 * one transaction; only for a run whose rerun finishes the work). */
void sne_store_set_batches(struct sne_store *st, int on);
/* Whether a batch was committed during this run (a rollback then keeps it). */
int sne_store_batches(const struct sne_store *st);
/* Closes (rolling back what is not committed) and frees. */
void sne_store_close(struct sne_store *st);
const char *sne_store_path(const struct sne_store *st);

/* Which rows a run reads. */
enum sne_store_kind {
	SNE_STORE_ALL = 0,        /* every row, in the register's order */
	SNE_STORE_NUMEROS,        /* the numéros of .numeros (primary key) */
	SNE_STORE_ECHEANCE,       /* état active and prochain <= .borne, or unknown */
	SNE_STORE_ACTIVES,        /* état active */
	SNE_STORE_COURRIEL,       /* the folded e-mail of .courriel */
	SNE_STORE_AVERTISSEMENTS, /* an avertissement in progress */
	SNE_STORE_NOTICES,        /* those a notice can be due to on .borne under
	                             the schedule .preavis (sne/preavis.h): the
	                             préavis steps open and not recorded, the
	                             attestations of the last month, the
	                             avertissements, and the active demandes
	                             without anniversary or numéro (refused) */
	SNE_STORE_AUCUNE          /* none: a run that only adds rows (sne-create) */
};

struct sne_store_select {
	enum sne_store_kind kind;
	const struct sne_selection *numeros;  /* borrowed */
	struct sne_date borne;
	const char *courriel;
	const struct sne_preavis_rule *preavis;  /* SNE_STORE_NOTICES, borrowed */
	int npreavis;
};

/* The stream of the selected rows (SEL NULL: every row), named after the
 * store in messages.  The row list is taken when this is called.  Close
 * with sne_input_close() before the store. */
struct sne_input *sne_store_input(struct sne_store *st, const struct sne_store_select *sel);
/* The whole store at PATH as one stream, read in one snapshot, the store
 * closed with the input (sne_input_open() of a store).  NULL with errno
 * set after saying why. */
struct sne_input *sne_store_open_input(const char *path);
/* The SNE_EX_* code that stopped the sink, 0 if none. */
int sne_store_failure(const struct sne_store *st);
/* The output of a writing run.  A record whose numéro is invalid, or, for
 * a new one, already in the store, is refused (the write fails, the run
 * stops with sne_store_failure()). */
struct sne_output *sne_store_sink(struct sne_store *st);

/* Reads the stream IN (a register file) into the new store ST: a doublon
 * or invalid numéro is refused (65).  Sets the numéro counters past the
 * highest sequence found, and past those of the installation's state
 * folder STATE_DIR (sne/alloc.h; NULL: none), then commits. */
int sne_store_import(struct sne_store *st, struct sne_input *in, const char *state_dir);
/* Writes the whole register as one interfaceNuu stream to OUT. */
int sne_store_export(struct sne_store *st, struct sne_output *out);
/* SQLite's integrity_check, then every row's columns against its bytes;
 * says each difference.  0, or 65 when something is wrong. */
int sne_store_verify(struct sne_store *st);
/* A consistent copy of the store into the new file DEST (online backup:
 * others may go on writing). */
int sne_store_backup(struct sne_store *st, const char *dest);

/* sne_lookup_keys() (STRINGS NULL) or sne_lookup_strings() over the store
 * at PATH (sne/lookup.h), in one read snapshot: keys by the numéro index,
 * strings by a scan of the rows' bytes. */
struct sne_lookup_spec;
int sne_store_lookup(const char *path, const struct sne_lookup_spec *spec,
                     const char *const *strings, size_t nstrings);

/* The store of the running program's -i, or NULL (set by sne_cli): the
 * numéros of the demandes it inserts come from its counters. */
struct sne_store *sne_store_current(void);
void sne_store_set_current(struct sne_store *st);
/* The first row (by rank) of a demande active or en attente de validation
 * whose identity (sne_identite_key) is KEY, by the identity index: its
 * numéro ("" when it has none yet) and rank.  1 found, 0 none, or -1 with
 * WHY. */
int sne_store_find_identite(struct sne_store *st, uint64_t key, char *numero, size_t numero_size,
                            long long *rang, char *why, size_t why_size);
/* Next sequence of (TERRITOIRE, MOIS, ANNEE) from the store's counters, in
 * the run's transaction.  0, or an SNE_EX_* code with WHY. */
int sne_store_next_sequence(struct sne_store *st, const char *territoire, int mois, int annee,
                            long *sequence, char *why, size_t why_size);

#endif
