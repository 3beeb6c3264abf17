/* Streaming CSV reader: separator and encoding detection, quotes, bounded
 * rows (see sne/csv.h). */
#include "sne/csv.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define READ_CHUNK 65536

struct sne_csv {
	struct sne_input *in;
	char chunk[READ_CHUNK];
	size_t pos, len;
	int eof;
	long line;                            /* next physical line */
	char sep;
	int sep_known;
	int latin1;
	char raw[SNE_CSV_LINE_MAX + 1];       /* the row's input bytes */
	size_t raw_len;
	char text[2 * SNE_CSV_LINE_MAX + 1];  /* as UTF-8 (Latin-1 doubles at most) */
	char split[2 * SNE_CSV_LINE_MAX + SNE_CSV_FIELDS_MAX + 1]; /* unquoted fields */
};

struct sne_csv *sne_csv_open(struct sne_input *in)
{
	struct sne_csv *csv = malloc(sizeof *csv);

	if (csv == NULL)
		abort();
	csv->in = in;
	csv->pos = csv->len = 0;
	csv->eof = 0;
	csv->line = 1;
	csv->sep = ';';
	csv->sep_known = 0;
	csv->latin1 = 0;
	csv->raw_len = 0;
	return csv;
}

void sne_csv_free(struct sne_csv *csv)
{
	free(csv);
}

char sne_csv_separator(const struct sne_csv *csv) { return csv->sep; }
int sne_csv_is_latin1(const struct sne_csv *csv) { return csv->latin1; }

/* Next input byte, EOF at the end, -2 on a read error. */
static int next_byte(struct sne_csv *csv)
{
	if (csv->pos == csv->len) {
		ssize_t n;

		if (csv->eof)
			return EOF;
		n = sne_input_read(csv->in, csv->chunk, sizeof csv->chunk);
		if (n < 0)
			return -2;
		if (n == 0) {
			csv->eof = 1;
			return EOF;
		}
		csv->pos = 0;
		csv->len = (size_t)n;
	}
	return (unsigned char)csv->chunk[csv->pos++];
}

/* Skips to the next line break (quotes ignored: a row too long is resynced
 * on the next physical line). 0, or -1 on a read error. */
static int skip_line(struct sne_csv *csv)
{
	int c;

	while ((c = next_byte(csv)) != EOF && c != '\n')
		if (c == -2)
			return -1;
	return 0;
}

/* Reads one row's bytes into raw.  1 a row, 0 at the end, -1 on a read
 * error.  *TOO_LONG is set when the row was cut. */
static int read_raw(struct sne_csv *csv, int *too_long, long *lines)
{
	int c, in_quotes = 0, any = 0;

	csv->raw_len = 0;
	*too_long = 0;
	*lines = 1;
	while ((c = next_byte(csv)) != EOF) {
		if (c == -2)
			return -1;
		any = 1;
		if (c == '"')
			in_quotes = !in_quotes;
		if (c == '\n' && !in_quotes)
			break;
		if (c == '\n')
			(*lines)++;
		if (csv->raw_len == SNE_CSV_LINE_MAX) {
			*too_long = 1;
			return skip_line(csv) == 0 ? 1 : -1;
		}
		csv->raw[csv->raw_len++] = (char)c;
	}
	csv->raw[csv->raw_len] = '\0';
	return any;
}

/* Length of the UTF-8 sequence at S (N bytes left), or 0 when invalid. */
static size_t utf8_sequence(const unsigned char *s, size_t n)
{
	size_t len;
	unsigned long cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		len = 2, cp = s[0] & 0x1F;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		len = 3, cp = s[0] & 0x0F;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
	    (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
		return 0;
	return len;
}

static int is_utf8(const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;

	for (size_t i = 0; i < len;) {
		size_t n = utf8_sequence(s + i, len - i);
		if (n == 0)
			return 0;
		i += n;
	}
	return 1;
}

static void latin1_to_utf8(const char *in, size_t len, char *out)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)in[i];
		if (c < 0x80) {
			*out++ = (char)c;
		} else {
			*out++ = (char)(0xC0 | (c >> 6));
			*out++ = (char)(0x80 | (c & 0x3F));
		}
	}
	*out = '\0';
}

/* Fills text from raw, converting from Latin-1 when needed. */
static void decode_row(struct sne_csv *csv, const char *raw, size_t len)
{
	if (!csv->latin1 && !is_utf8(raw, len))
		csv->latin1 = 1;
	if (csv->latin1) {
		latin1_to_utf8(raw, len, csv->text);
	} else {
		memcpy(csv->text, raw, len);
		csv->text[len] = '\0';
	}
}

static void detect_separator(struct sne_csv *csv, const char *text)
{
	size_t semicolons = 0, commas = 0;
	int in_quotes = 0;

	for (const char *p = text; *p; p++) {
		if (*p == '"')
			in_quotes = !in_quotes;
		else if (!in_quotes && *p == ';')
			semicolons++;
		else if (!in_quotes && *p == ',')
			commas++;
	}
	csv->sep = commas > semicolons ? ',' : ';';
	csv->sep_known = 1;
}

/* Reads a quoted field starting after its opening quote at *P into *OUT;
 * leaves *P after the closing quote.  -1 when the quote is not closed. */
static int split_quoted(const char **p, char **out)
{
	const char *s = *p;

	for (;;) {
		if (*s == '\0')
			return -1;
		if (*s == '"' && s[1] == '"') {
			*(*out)++ = '"';
			s += 2;
		} else if (*s == '"') {
			*p = s + 1;
			return 0;
		} else {
			*(*out)++ = *s++;
		}
	}
}

/* Splits text into row->fields. */
static void split_row(struct sne_csv *csv, struct sne_csv_row *row)
{
	const char *p = csv->text;
	char *out = csv->split;

	row->nfields = 0;
	for (;;) {
		if (row->nfields == SNE_CSV_FIELDS_MAX) {
			row->error = 1;
			snprintf(row->why, sizeof row->why, "plus de %d colonnes", SNE_CSV_FIELDS_MAX);
			return;
		}
		row->fields[row->nfields++] = out;
		if (*p == '"') {
			p++;
			if (split_quoted(&p, &out) != 0) {
				row->error = 1;
				snprintf(row->why, sizeof row->why, "guillemet non fermé");
				return;
			}
		}
		while (*p != '\0' && *p != csv->sep)
			*out++ = *p++;
		*out++ = '\0';
		if (*p == '\0')
			return;
		p++;
	}
}

static int is_blank(const char *text)
{
	while (*text == ' ' || *text == '\t')
		text++;
	return *text == '\0';
}

static void row_too_long(struct sne_csv_row *row)
{
	row->error = 1;
	row->text = "";
	row->nfields = 0;
	snprintf(row->why, sizeof row->why, "ligne trop longue (plus de %u Kio)",
	         SNE_CSV_LINE_MAX / 1024);
}

int sne_csv_next(struct sne_csv *csv, struct sne_csv_row *row)
{
	for (;;) {
		int too_long, rc;
		long lines;
		const char *raw = csv->raw;
		size_t len;

		row->line = csv->line;
		row->error = 0;
		row->why[0] = '\0';
		rc = read_raw(csv, &too_long, &lines);
		if (rc <= 0)
			return rc;
		csv->line += lines;
		if (too_long) {
			row_too_long(row);
			return 1;
		}
		len = csv->raw_len;
		if (len > 0 && raw[len - 1] == '\r')
			len--;
		if (row->line == 1 && len >= 3 && memcmp(raw, "\xEF\xBB\xBF", 3) == 0)
			raw += 3, len -= 3;
		decode_row(csv, raw, len);
		if (is_blank(csv->text))
			continue;
		if (!csv->sep_known)
			detect_separator(csv, csv->text);
		row->text = csv->text;
		split_row(csv, row);
		return 1;
	}
}

/* Copies TEXT without surrounding blanks into BUF. */
static const char *trim_copy(const char *text, char *buf, size_t size)
{
	size_t len;

	while (*text == ' ' || *text == '\t')
		text++;
	len = strlen(text);
	while (len > 0 && (text[len - 1] == ' ' || text[len - 1] == '\t'))
		len--;
	if (len >= size)
		len = size - 1;
	memcpy(buf, text, len);
	buf[len] = '\0';
	return buf;
}

int sne_csv_column(const struct sne_csv_row *header, const char *name)
{
	char buf[256];

	for (size_t i = 0; i < header->nfields; i++)
		if (strcasecmp(trim_copy(header->fields[i], buf, sizeof buf), name) == 0)
			return (int)i;
	return -1;
}

const char *sne_csv_field(const struct sne_csv_row *row, int index, char *buf, size_t size)
{
	if (index < 0 || (size_t)index >= row->nfields) {
		buf[0] = '\0';
		return buf;
	}
	return trim_copy(row->fields[index], buf, size);
}

int sne_csv_write_field(struct sne_output *out, const char *field, char sep)
{
	if (strchr(field, sep) == NULL && strchr(field, '"') == NULL &&
	    strpbrk(field, "\r\n") == NULL)
		return sne_output_puts(out, field);
	if (sne_output_puts(out, "\"") != 0)
		return -1;
	for (const char *p = field; *p; p++)
		if ((*p == '"' && sne_output_puts(out, "\"\"") != 0) ||
		    (*p != '"' && sne_output_write(out, p, 1) != 0))
			return -1;
	return sne_output_puts(out, "\"");
}
