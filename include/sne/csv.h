/* A streaming CSV reader for the files bailleurs send (RPLS batches,
 * attribution batches): a header line then one row a line.
 *
 * - Separator ';' or ',', detected on the header line (the more frequent
 *   outside quotes; ';' on a tie).
 * - Quoted fields ("a;b", "say ""hi""", line breaks inside quotes), CRLF or
 *   LF line ends, a UTF-8 byte-order mark at the start.
 * - Encoding: a row that is valid UTF-8 is kept; once a row is not, the
 *   file is taken as Latin-1 and every row from then on is converted to
 *   UTF-8 (a valid UTF-8 row of a Latin-1 file would be mojibake anyway,
 *   which real files do not hold).
 * - A row longer than SNE_CSV_LINE_MAX bytes is skipped up to the next line
 *   break and returned as an error row: memory stays bounded whatever the
 *   input.
 * - Blank lines are skipped.
 * Input through sne_input, so gzip is transparent. */
#ifndef SNE_CSV_H
#define SNE_CSV_H

#include <stddef.h>

#include "sne/err.h"
#include "sne/io.h"

/* Largest row accepted, in input bytes. */
#define SNE_CSV_LINE_MAX (64u * 1024u)
/* Most fields in a row; more is an error row. */
#define SNE_CSV_FIELDS_MAX 256

struct sne_csv;

/* One row.  Every pointer is borrowed from the reader and valid until the
 * next sne_csv_next() call. */
struct sne_csv_row {
	long line;                 /* physical line where the row starts (1-based) */
	size_t nfields;
	const char *fields[SNE_CSV_FIELDS_MAX]; /* UTF-8, unquoted, NUL-terminated */
	const char *text;          /* the whole row as UTF-8 text, without its line
	                              end ("" for a row too long) */
	int error;                 /* non-zero: the row could not be read */
	char why[SNE_WHY_MAX];     /* French reason when error */
};

/* Reads from IN (borrowed: the caller closes it after sne_csv_free()).
 * Never NULL (aborts when out of memory).  Free with sne_csv_free(). */
struct sne_csv *sne_csv_open(struct sne_input *in);
void sne_csv_free(struct sne_csv *csv);
/* Reads the next row into ROW: 1 a row (maybe an error row), 0 at the end,
 * -1 on a read error (reason from sne_input_error()). */
int sne_csv_next(struct sne_csv *csv, struct sne_csv_row *row);
/* The separator detected on the first row (';' before any row). */
char sne_csv_separator(const struct sne_csv *csv);
/* Whether the file was found to be Latin-1 so far. */
int sne_csv_is_latin1(const struct sne_csv *csv);

/* Index of the column named NAME in HEADER (blanks around header names
 * ignored, case ignored), or -1. */
int sne_csv_column(const struct sne_csv_row *header, const char *name);
/* Field INDEX of ROW, blanks around it removed, copied into BUF (SIZE
 * bytes, cut when longer); "" when INDEX < 0 or past the row. Returns BUF. */
const char *sne_csv_field(const struct sne_csv_row *row, int index, char *buf, size_t size);

/* Writes FIELD quoted for CSV with separator SEP when it needs it. */
int sne_csv_write_field(struct sne_output *out, const char *field, char sep);

#endif
