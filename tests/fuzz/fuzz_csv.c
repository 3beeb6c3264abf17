/* libFuzzer harness: the CSV reader.  Every row comes back with its fields
 * NUL-terminated, valid UTF-8, within the documented limits, and the line
 * numbers never go backwards. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "sne/csv.h"
#include "sne/err.h"
#include "sne/io.h"

/* Whether TEXT is valid UTF-8 (no overlong forms, no surrogates). */
static int valid_utf8(const unsigned char *s)
{
	while (*s) {
		int n = *s < 0x80 ? 0 : (*s & 0xE0) == 0xC0 ? 1 : (*s & 0xF0) == 0xE0 ? 2
		        : (*s & 0xF8) == 0xF0 ? 3 : -1;
		if (n < 0 || (n == 1 && *s < 0xC2))
			return 0;
		for (int i = 1; i <= n; i++)
			if ((s[i] & 0xC0) != 0x80)
				return 0;
		s += n + 1;
	}
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *devnull;
	static struct sne_csv_row row;
	int fd = memfd_create("lot.csv", MFD_CLOEXEC), r;
	struct sne_input *in;
	struct sne_csv *csv;
	long last_line = 0;
	size_t rows = 0;
	char buf[64];

	if (devnull == NULL) {
		devnull = fopen("/dev/null", "w");
		sne_err_set_stream(devnull);
	}
	if (fd < 0 || write(fd, data, size) != (ssize_t)size || lseek(fd, 0, SEEK_SET) != 0)
		abort();
	in = sne_input_fdopen(fd, "lot.csv");
	csv = sne_csv_open(in);
	while ((r = sne_csv_next(csv, &row)) == 1) {
		if (row.line < last_line || row.line < 1)
			abort();
		last_line = row.line;
		if (row.error) {
			if (memchr(row.why, '\0', sizeof row.why) == NULL || row.why[0] == '\0')
				abort();
			continue;
		}
		if (row.nfields > SNE_CSV_FIELDS_MAX || row.text == NULL)
			abort();
		if (!valid_utf8((const unsigned char *)row.text))
			abort();
		for (size_t i = 0; i < row.nfields; i++)
			if (row.fields[i] == NULL || !valid_utf8((const unsigned char *)row.fields[i]) ||
			    strlen(row.fields[i]) > 4 * SNE_CSV_LINE_MAX)
				abort();
		rows++;
		sne_csv_field(&row, (int)(rows % 4) - 1, buf, sizeof buf);
		if (strlen(buf) >= sizeof buf)
			abort();
	}
	if (r != 0 && r != -1)
		abort();
	if (sne_csv_separator(csv) != ';' && sne_csv_separator(csv) != ',')
		abort();
	sne_csv_free(csv);
	sne_input_close(in);
	return 0;
}
