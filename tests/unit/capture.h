/* Captures what the library prints on its error stream while a test runs
 * one call: capture_start(), the call, then capture_end() gives the text
 * (last newline dropped, to keep the TAP output on one line). */
#ifndef SNE_CAPTURE_H
#define SNE_CAPTURE_H

#include <stdio.h>

#include "sne/err.h"

static FILE *capture_file;
static char capture_text[4096];

static void capture_start(void)
{
	capture_file = tmpfile();
	sne_err_set_stream(capture_file);
}

static const char *capture_end(void)
{
	size_t n;

	rewind(capture_file);
	n = fread(capture_text, 1, sizeof capture_text - 1, capture_file);
	if (n > 0 && capture_text[n - 1] == '\n')
		n--;
	capture_text[n] = '\0';
	fclose(capture_file);
	sne_err_set_stream(NULL);
	return capture_text;
}

#endif
