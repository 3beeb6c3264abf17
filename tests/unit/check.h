/* A tiny TAP producer for the library's unit tests: each CHECK prints
 * "ok N - what" or "not ok N - what", and check_done() returns the exit
 * status of the test program. */
#ifndef SNE_CHECK_H
#define SNE_CHECK_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int check_count, check_failed;

#define CHECK(cond, ...) check_report(!!(cond), __FILE__, __LINE__, __VA_ARGS__)
#define CHECK_STR(got, want, ...)                                               \
	do {                                                                    \
		const char *g_ = (got), *w_ = (want);                           \
		int ok_ = g_ != NULL && w_ != NULL ? strcmp(g_, w_) == 0 : g_ == w_; \
		if (!CHECK(ok_, __VA_ARGS__))                                   \
			printf("#   got \"%s\", want \"%s\"\n", g_ ? g_ : "(null)", \
			       w_ ? w_ : "(null)");                             \
	} while (0)

/* DIR/NAME in one of four buffers used in turn, so that a call may take
 * several paths at once. */
static inline char *check_path(const char *dir, const char *name)
{
	static char paths[4][512];
	static int next;
	char *path = paths[next++ % 4];

	snprintf(path, sizeof paths[0], "%s/%s", dir, name);
	return path;
}

__attribute__((format(printf, 4, 5)))
static int check_report(int ok, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	check_count++;
	if (!ok)
		check_failed++;
	printf("%sok %d - ", ok ? "" : "not ", check_count);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (!ok)
		printf("#   at %s:%d\n", file, line);
	return ok;
}

static int check_done(void)
{
	fflush(stdout);
	return check_failed ? 1 : 0;
}

#endif
