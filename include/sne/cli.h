/* What every program's command line shares: the common options of the
 * contract, configuration loading, the date and guichet of the run, and
 * running a stream over the inputs (stdin, files, or -i REGISTRE). */
#ifndef SNE_CLI_H
#define SNE_CLI_H

#include <getopt.h>
#include <stdio.h>

#include "sne/config.h"
#include "sne/date.h"
#include "sne/guichet.h"
#include "sne/guichets.h"
#include "sne/io.h"
#include "sne/store.h"
#include "sne/stream.h"

struct sne_selection;

/* Long-only option codes used by the common options. */
enum {
	SNE_OPT_PROGRESS = 1000,
	SNE_OPT_WAIT,
	SNE_OPT_FIRST_PROGRAM = 1100 /* programs number their own from here */
};

/* Short options of the common set; a program appends its own. */
#define SNE_CLI_SHORT "hVc:g:d:i:qv"
/* The common long options, to put first in a program's option table. */
#define SNE_CLI_LONG                                           \
	{ "help", no_argument, NULL, 'h' },                    \
	{ "version", no_argument, NULL, 'V' },                 \
	{ "config", required_argument, NULL, 'c' },            \
	{ "guichet", required_argument, NULL, 'g' },           \
	{ "date", required_argument, NULL, 'd' },              \
	{ "in-place", required_argument, NULL, 'i' },          \
	{ "quiet", no_argument, NULL, 'q' },                   \
	{ "verbose", no_argument, NULL, 'v' },                 \
	{ "progress", no_argument, NULL, SNE_OPT_PROGRESS },   \
	{ "wait", no_argument, NULL, SNE_OPT_WAIT }

struct sne_cli {
	const char *usage;       /* the program's --help text (French) */
	/* as given */
	const char *config_path;
	const char *guichet_arg;
	const char *date_arg;
	const char *in_place;    /* -i REGISTRE, or NULL */
	int quiet;
	int verbose;
	int progress;
	int wait;
	int in_place_appends;    /* set by a program whose -i REGISTRE takes files
	                            too: their records are added to the register */
	int anyone;              /* set by a program for a run every user may make
	                            (reading): no habilitation entry needed */
	int own_register;        /* sne-guichet: the guichet register is its input,
	                            not a check of the run's guichet */
	/* Optional, set by the program: called by sne_cli_run() once the input
	 * is ready to be read (with -i, after the register is locked, so that
	 * what it reads of the register cannot change before the rewrite).
	 * Returns 0 or an SNE_EX_* code that ends the run. */
	int (*before_run)(void *ctx);
	void *before_run_ctx;
	/* Optional, set by the program: with -i, called once the run went well
	 * and before the rewritten register replaces the old one, for what
	 * must be durable first (the numéro counters).  Returns 0 or an
	 * SNE_EX_* code; then the register is left as it was. */
	int (*before_commit)(void *ctx);
	void *before_commit_ctx;
	/* set by sne_cli_run(): with -i, 1 while the records read are the
	 * register's, 0 once they come from the files named after it */
	int reading_register;
	/* Optional, set by the program: with -i REGISTRE.sqlite, the rows the
	 * run reads (sne/store.h); the others are neither read nor written.
	 * NULL: every row. */
	const struct sne_store_select *store_select;
	/* Set by a program whose rerun finishes an interrupted run (--expirer):
	 * on an SQLite register, commit every SNE_STORE_BATCH rows. */
	int store_batches;
	/* resolved by sne_cli_finish() */
	struct sne_config config;
	char guichet[SNE_GUICHET_SIZE]; /* "" when neither option nor config */
	struct sne_guichets *guichets;  /* the configured register, when a guichet
	                                   acts and it holds it (sne_access_check) */
	const struct sne_guichet *guichet_info; /* that guichet in it, or NULL */
	struct sne_date date;    /* --date, else today */
	/* Optional, set by the program after sne_cli_init(): where it keeps the
	 * numéros of -n/--numeros, freed if a stop ends the program (a usage
	 * error found after them); the program frees it when it returns. */
	struct sne_selection **selection_on_stop;
	char **inputs;           /* files named after the options */
	int ninputs;
};

/* A program's entry point, sne_<program>_main(argc, argv, err) (the
 * process's main() is cmd/main.c): runs PROGRAM(ARGC, ARGV) with ERR as the
 * error stream, under sne_stop_catch(), and flushes standard output.
 * Returns the exit code: PROGRAM's, or that of a stop under it.  "Stops N"
 * below means sne_stop(N) (sne/stop.h): the entry point returns N. */
int sne_cli_main(int argc, char **argv, FILE *err, int (*program)(int argc, char **argv));

/* Zeroes CLI, sets the program name and usage text, starts a fresh getopt,
 * and has a stop of the program free CLI (sne_cli_free()). */
void sne_cli_init(struct sne_cli *cli, const char *argv0, const char *usage);
/* getopt_long() for every program: the next option as getopt_long()
 * returns it (-1 at the end, optarg set), but an unknown option, an
 * ambiguous abbreviation, a missing value or a value given to an option that
 * takes none is reported in French (« option inconnue « --profil » »), with
 * the --help hint, and stops 64.  getopt's own messages are never printed. */
int sne_cli_getopt(int argc, char **argv, const char *shortopts, const struct option *longopts);
/* Handles OPT if it is a common option and returns 1; returns 0 for a
 * program option.  -h prints the usage and stops 0, -V the version. */
int sne_cli_common(struct sne_cli *cli, int opt, const char *arg);
/* After option parsing: loads the configuration (stops 78 on error),
 * parses --date and --guichet (stops 64 showing the expected form), applies
 * the habilitations (sne_access_check(), stopping with its code), records
 * the input files.  Returns when all is well. */
void sne_cli_finish(struct sne_cli *cli, int argc, char **argv);
/* Stops 64 unless a code guichet is known (option or configuration). */
void sne_cli_require_guichet(struct sne_cli *cli);
/* Stops when the code guichet of the run is GDPUB, the portail grand
 * public's: only its own runs act as it (sne-create --origine pgp,
 * sne-renew --canal pgp), every other caller calls this.  64 when it came
 * from --guichet, 78 from the configuration, saying why. */
void sne_cli_refuse_portail(const struct sne_cli *cli);
/* Stops 77 unless the configured profile is PROFIL; ACTION says in French
 * what was refused ("radier une demande pour attribution"). */
void sne_cli_require_profil(struct sne_cli *cli, enum sne_profil profil, const char *action);
/* Prints "prog: MESSAGE" then "Essayez « prog --help »." and stops 64. */
_Noreturn void sne_cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Parses a date option value or stops 64 naming OPTION. */
struct sne_date sne_cli_parse_date(const char *option, const char *text);

/* Runs SPEC over the inputs: with -i, the register rewritten in place, or
 * for an SQLite register (recognised by its header) its selected rows read
 * and the records written upserted in its transaction
 * (followed by the files named, when the program allows it); else the files
 * named (one merged stream) or standard input, to standard output.  Before the run *OUT is set to the output the callbacks must
 * write to.  Adds --progress reporting.  Commits the in-place rewrite when
 * the worst status is below 65 (records refused are kept unchanged), aborts
 * it otherwise.  Returns the worst SNE_EX_* status of the run. */
int sne_cli_run(struct sne_cli *cli, struct sne_stream_spec *spec, struct sne_output **out);
/* Frees what sne_cli_finish() allocated (again without harm), and forgets
 * CLI->selection_on_stop: the program frees its selection itself. */
void sne_cli_free(struct sne_cli *cli);

#endif
