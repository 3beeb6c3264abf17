#include "sne/err.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

const char *sne_progname = "sne";
static FILE *err_stream;
static int err_quiet;
static int err_stopped;

void sne_err_init(const char *argv0)
{
	const char *slash;

	if (argv0 == NULL || *argv0 == '\0')
		return;
	slash = strrchr(argv0, '/');
	sne_progname = slash ? slash + 1 : argv0;
}

void sne_err_set_stream(FILE *stream) { err_stream = stream; }
void sne_err_set_quiet(int quiet) { err_quiet = quiet; }
void sne_err_set_stopped(void) { err_stopped = 1; }

static FILE *stream(void) { return err_stream ? err_stream : stderr; }

/* Writes TEXT with its control characters made visible (\n, \t, \r,
 * \xHH): a message is one line, and a value read from the input (a numéro,
 * a file name) cannot forge a second one. */
static void put_visible(const char *text)
{
	for (const unsigned char *p = (const unsigned char *)text; *p != '\0'; p++) {
		if (*p >= 0x20 && *p != 0x7f)
			fputc(*p, stream());
		else if (*p == '\n')
			fputs("\\n", stream());
		else if (*p == '\t')
			fputs("\\t", stream());
		else if (*p == '\r')
			fputs("\\r", stream());
		else
			fprintf(stream(), "\\x%02X", *p);
	}
}

static void vprint(const char *fmt, va_list ap)
{
	int saved = errno;
	size_t n = strlen(fmt);
	char *text;

	if (vasprintf(&text, fmt, ap) < 0)
		abort();
	put_visible(text);
	free(text);
	if (n > 0 && fmt[n - 1] == ':')
		fprintf(stream(), " %s", strerror(saved));
	fputc('\n', stream());
}

void sne_warn(const char *fmt, ...)
{
	va_list ap;

	fprintf(stream(), "%s: ", sne_progname);
	va_start(ap, fmt);
	vprint(fmt, ap);
	va_end(ap);
}

void sne_warn_at(const char *file, long line, const char *record, const char *fmt, ...)
{
	va_list ap;

	fprintf(stream(), "%s: ", sne_progname);
	if (file != NULL) {
		put_visible(file);
		if (line > 0)
			fprintf(stream(), ":%ld", line);
		fputs(": ", stream());
	}
	if (record != NULL) {
		fputs("demande ", stream());
		put_visible(record);
		fputs(" : ", stream());
	}
	va_start(ap, fmt);
	vprint(fmt, ap);
	va_end(ap);
}

void sne_info(const char *fmt, ...)
{
	va_list ap;

	if (err_quiet)
		return;
	fprintf(stream(), "%s: %s", sne_progname, err_stopped ? "avant l'arrêt : " : "");
	va_start(ap, fmt);
	vprint(fmt, ap);
	va_end(ap);
}

void sne_die(int code, const char *fmt, ...)
{
	va_list ap;

	fprintf(stream(), "%s: ", sne_progname);
	va_start(ap, fmt);
	vprint(fmt, ap);
	va_end(ap);
	exit(code);
}

void sne_why(char *why, size_t size, const char *fmt, ...)
{
	va_list ap;

	if (why == NULL || size == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(why, size, fmt, ap);
	va_end(ap);
}

int sne_exit_worst(int a, int b)
{
	return a > b ? a : b;
}
