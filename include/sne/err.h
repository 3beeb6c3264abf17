/* Diagnostics and exit codes shared by every sne program.
 *
 * Messages are written "prog: message" on the error stream.  A format that
 * ends with ':' gets " " and sne_strerror(errno) appended (sbase's eprintf
 * idiom).
 * Messages are French, start lower-case, and never carry personal data
 * beyond the numéro unique and the name of the field in error. */
#ifndef SNE_ERR_H
#define SNE_ERR_H

#include <stdio.h>

/* Exit codes: BSD sysexits, as the contract's table says. */
enum sne_exit {
	SNE_EX_OK = 0,        /* done */
	SNE_EX_REFUSED = 1,   /* done, but some records were refused */
	SNE_EX_USAGE = 64,    /* bad command line */
	SNE_EX_DATAERR = 65,  /* input not well-formed or not valid */
	SNE_EX_NOINPUT = 66,  /* input missing */
	SNE_EX_SOFTWARE = 70, /* internal error */
	SNE_EX_CANTCREAT = 73,/* output cannot be created */
	SNE_EX_IOERR = 74,    /* I/O error */
	SNE_EX_TEMPFAIL = 75, /* register locked by another process */
	SNE_EX_NOPERM = 77,   /* the profile may not do this */
	SNE_EX_CONFIG = 78    /* bad configuration */
};

/* Size of the "why" buffers that parsers fill with a French reason. */
#define SNE_WHY_MAX 256

/* Writes a French reason into WHY (SIZE bytes) for a caller that asked for
 * one; WHY may be NULL.  Every parser of the library reports this way. */
void sne_why(char *why, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* The French text of the system error ERRNUM, whatever the locale: the
 * programs never print strerror().  Borrowed: a static string, or for an
 * errno the table does not know, "erreur système n° N" in a per-thread
 * buffer overwritten by the next such call. */
const char *sne_strerror(int errnum);

/* Name used as the message prefix; set by sne_err_init() (basename of argv0). */
extern const char *sne_progname;

/* Sets the program name from argv[0] (the string is borrowed), and starts
 * a run: not quiet, not stopped. */
void sne_err_init(const char *argv0);
/* Redirects messages (an entry point's error stream, tests); NULL restores
 * stderr. */
void sne_err_set_stream(FILE *stream);
/* The stream messages go to: the one set, else stderr. */
FILE *sne_err_file(void);
/* When non-zero, sne_info() prints nothing (-q). */
void sne_err_set_quiet(int quiet);
/* After a run stopped by an error: the bilan that follows (sne_info) says
 * it counts what was done before the stop. */
void sne_err_set_stopped(void);

/* "prog: message" on the error stream. */
void sne_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "prog: file:line: demande RECORD : message"; line <= 0 or record NULL are
 * left out.  RECORD is a numéro unique or a rank such as "n°12".  The
 * control characters of FILE and RECORD are made visible as those of the
 * message are (they may come from the input). */
void sne_warn_at(const char *file, long line, const char *record,
                 const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Like sne_warn() but silenced by -q: summaries and progress reports. */
void sne_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints like sne_warn() and stops the program with CODE (sne/stop.h). */
_Noreturn void sne_die(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The larger of two exit codes: 1 (refused) < 65.. errors. Used to fold the
 * outcome of many records into one status. */
int sne_exit_worst(int a, int b);

#endif
