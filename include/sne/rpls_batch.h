/* The batches of sne-rpls-load: RPLS registrations sent by the bailleurs,
 * read into logements to merge into the reference (sne/rpls_load.h).
 *
 * A batch is a CSV file (header line naming the RPLS columns, ';' or ',',
 * UTF-8 or Latin-1, sne/csv.h) or an RPLS XML stream (the reference's own
 * vocabulary, sne/rpls.h), gzip or not.  Each row or record is checked and
 * normalized (sne_rpls_normalize()) with the batch's lot; one dated after
 * the cut-off is excluded.  A number read twice with the same content is
 * kept once; with two contents, both rows are refused, and every later one
 * of that number.  A refused row is said with sne_warn_at() and, with
 * --rejets, written there with its motif: CSV rows followed by a MOTIF_REJET
 * column for CSV batches, an RPLS stream with each record after its motif
 * for XML batches.
 *
 * The batch owns its logements and their rows as read; it holds every
 * logement of every file read (memory is the batch). */
#ifndef SNE_RPLS_BATCH_H
#define SNE_RPLS_BATCH_H

#include <stddef.h>

#include "sne/date.h"
#include "sne/io.h"
#include "sne/rejets.h"
#include "sne/rpls.h"

/* The CSV columns, by their RPLS names, in the order of the logement
 * fields they fill. */
enum sne_rpls_column {
	SNE_RPLS_COL_RPLS, SNE_RPLS_COL_DATIMMAT, SNE_RPLS_COL_DEPCOM, SNE_RPLS_COL_NUMVOIE,
	SNE_RPLS_COL_TYPVOIE, SNE_RPLS_COL_NOMVOIE, SNE_RPLS_COL_CODEPOSTAL,
	SNE_RPLS_COL_NBPIECE, SNE_RPLS_COL_SURFHAB, SNE_RPLS_COL_FINAN, SNE_RPLS_COL_CONSTRUCT,
	SNE_RPLS_NCOLUMNS
};
/* "RPLS", "DATIMMAT"... in the order of enum sne_rpls_column. */
extern const char *const sne_rpls_column_names[SNE_RPLS_NCOLUMNS];

/* The column whose RPLS name is the LEN bytes of NAME (case ignored), or
 * -1 when none is. */
int sne_rpls_column_find(const char *name, size_t len);

/* What the command line says of the batch.  Strings borrowed for the life
 * of the batch. */
struct sne_rpls_batch_options {
	const char *lot_id;                 /* recorded in each logement's lot */
	struct sne_date lot_date;           /* the load's date, likewise */
	int has_cutoff;                     /* --jusqu-au given */
	struct sne_date cutoff;             /* later mises en service are excluded */
	const char *column_alias[SNE_RPLS_NCOLUMNS]; /* the CSV header's name of a
	                                               column, NULL: its RPLS name */
};

/* One logement of the batch. */
struct sne_rpls_entry {
	struct sne_rpls_logement *logement; /* normalized, owned */
	int seen;                           /* found in the reference (set by the merge) */
	int placed;                         /* written as a new logement (by the merge) */
	int refused;                        /* its number came twice with two contents */
	const char *file;                   /* where it was read (borrowed path) */
	long line;
	char *raw;                          /* its row or record as read, owned, for
	                                       --rejets if a second one refuses it */
	size_t raw_len;
};

/* The rows of the batch, for the bilan. */
struct sne_rpls_batch_counts {
	long read;       /* data rows and records read */
	long excluded;   /* after the cut-off */
	long rejected;   /* refused, with their motif */
	long doubles;    /* a number read again with the same content, kept once */
};

struct sne_rpls_batch {
	struct sne_rpls_batch_options options;
	char lot_date[SNE_DATE_ISO_SIZE];   /* options.lot_date, ISO */
	struct sne_rpls_entry *entries;     /* owned; sorted by number once
	                                       sne_rpls_batch_sort() is called */
	size_t nentries, capacity;
	struct sne_index *places;           /* RPLS number -> 1 + its place in entries */
	const char *rejets_path;            /* --rejets FICHIER, or NULL */
	struct sne_output *rejets_csv;      /* CSV batches: rows and motif, or NULL */
	struct sne_rejets *rejets_xml;      /* XML batches: records and motif, or NULL */
	const char *file;                   /* the batch file being read */
	struct sne_rpls_batch_counts counts;
};

/* Sets up an empty BATCH with a copy of OPTIONS.  Free with
 * sne_rpls_batch_free(). */
void sne_rpls_batch_init(struct sne_rpls_batch *batch,
                         const struct sne_rpls_batch_options *options);
void sne_rpls_batch_free(struct sne_rpls_batch *batch);

/* Whether the file at PATH is XML (1: it starts, after blanks, with '<') or
 * CSV (0); -1 when it cannot be read. */
int sne_rpls_batch_file_is_xml(const char *path);

/* --rejets: creates PATH (borrowed) for the refused rows, as CSV rows with
 * their motif (XML 0) or as an RPLS stream (XML 1), before any file is
 * read.  Returns 0, or SNE_EX_CANTCREAT after saying why. */
int sne_rpls_batch_open_rejets(struct sne_rpls_batch *batch, const char *path, int xml);
/* Closes the --rejets file, if any.  Returns 0, or SNE_EX_IOERR after
 * saying why. */
int sne_rpls_batch_close_rejets(struct sne_rpls_batch *batch);

/* Reads the batch file at PATH (borrowed for the life of the batch), CSV
 * or XML as sne_rpls_batch_file_is_xml() says, into BATCH.  Refused rows
 * are said and counted, and make no error.  Returns 0, or SNE_EX_NOINPUT
 * (file missing), SNE_EX_DATAERR (CSV header unreadable or lacking a
 * column, XML not well-formed), SNE_EX_IOERR (read error), after saying
 * why. */
int sne_rpls_batch_read_file(struct sne_rpls_batch *batch, const char *path);
/* Reads the COUNT files of PATHS in order; stops at the first status of
 * 64 or more.  Returns the worst status. */
int sne_rpls_batch_read_files(struct sne_rpls_batch *batch, char *const *paths, int count);

/* Sorts the entries by RPLS number, the reference's order (sne/rpls_index.h),
 * once every file is read; places follows. */
void sne_rpls_batch_sort(struct sne_rpls_batch *batch);
/* The entry of number RPLS, or NULL when the batch has none. */
struct sne_rpls_entry *sne_rpls_batch_find(const struct sne_rpls_batch *batch, const char *rpls);

#endif
