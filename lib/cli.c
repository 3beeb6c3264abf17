/* The common command line of every program, and running a stream over the
 * program's inputs. */
#include "sne/cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sne/access.h"
#include "sne/copy.h"
#include "sne/err.h"
#include "sne/inplace.h"
#include "sne/merge.h"
#include "sne/selection.h"
#include "sne/stop.h"

static void free_stopped_cli(void *ctx)
{
	struct sne_cli *cli = ctx;

	if (cli->selection_on_stop != NULL) {
		sne_selection_free(*cli->selection_on_stop);
		*cli->selection_on_stop = NULL;
	}
	sne_cli_free(cli);
}

void sne_cli_init(struct sne_cli *cli, const char *argv0, const char *usage)
{
	memset(cli, 0, sizeof *cli);
	sne_err_init(argv0);
	sne_xml_silence();
	cli->usage = usage;
	optind = 0; /* a fresh getopt for each run of an entry point */
	sne_stop_on_cleanup(free_stopped_cli, cli);
}

int sne_cli_main(int argc, char **argv, FILE *err, int (*program)(int argc, char **argv))
{
	int rc;

	sne_err_set_stream(err);
	rc = sne_stop_catch(program, argc, argv);
	if (fflush(stdout) != 0 && rc < SNE_EX_IOERR) {
		sne_warn("écriture impossible sur la sortie standard :");
		rc = SNE_EX_IOERR;
	}
	fflush(sne_err_file());
	sne_err_set_stream(NULL);
	return rc;
}

void sne_cli_usage_error(const char *fmt, ...)
{
	va_list ap;
	char *text;

	va_start(ap, fmt);
	text = sne_vasprintf(fmt, ap);
	va_end(ap);
	sne_warn("%s", text); /* control characters of an option's value shown, not obeyed */
	free(text);
	fprintf(sne_err_file(), "Essayez « %s --help ».\n", sne_progname);
	sne_stop(SNE_EX_USAGE);
}

static _Noreturn void print_and_stop(const char *text)
{
	if (fputs(text, stdout) == EOF || fflush(stdout) != 0 || ferror(stdout)) {
		sne_warn("écriture impossible sur la sortie standard :");
		sne_stop(SNE_EX_IOERR);
	}
	sne_stop(SNE_EX_OK);
}

int sne_cli_common(struct sne_cli *cli, int opt, const char *arg)
{
	char version[128];

	switch (opt) {
	case 'h':
		print_and_stop(cli->usage);
	case 'V':
		snprintf(version, sizeof version, "%s (sne) %s\n", sne_progname, SNE_VERSION);
		print_and_stop(version);
	case 'c': cli->config_path = arg; return 1;
	case 'g': cli->guichet_arg = arg; return 1;
	case 'd': cli->date_arg = arg; return 1;
	case 'i': cli->in_place = arg; return 1;
	case 'q': cli->quiet = 1; return 1;
	case 'v': cli->verbose = 1; return 1;
	case SNE_OPT_PROGRESS: cli->progress = 1; return 1;
	case SNE_OPT_WAIT: cli->wait = 1; return 1;
	default:
		return 0;
	}
}

/* ------------------------------------------------------------------ */
/* option errors, in French (getopt's own messages are glibc's English) */

/* The name of the long option written in ARG ("--name" or "--name=value"),
 * without its dashes and value, into NAME. */
static void long_name(const char *arg, char *name, size_t size)
{
	size_t len = strcspn(arg + 2, "=");

	if (len >= size)
		len = size - 1;
	memcpy(name, arg + 2, len);
	name[len] = '\0';
}

/* The long options whose name begins with PREFIX, written "--a, --b" into
 * LIST; returns how many. */
static int long_matches(const struct option *longopts, const char *prefix, char *list,
                        size_t size)
{
	size_t len = strlen(prefix), used = 0;
	int count = 0;

	list[0] = '\0';
	for (const struct option *o = longopts; o->name != NULL; o++) {
		if (strncmp(o->name, prefix, len) != 0)
			continue;
		if (strlen(o->name) == len)
			return 1; /* an exact match is never ambiguous */
		if (used < size)
			used += (size_t)snprintf(list + used, size - used, "%s--%s",
			                         count ? ", " : "", o->name);
		count++;
	}
	return count;
}

/* Says what is wrong with the long option ARG that getopt refused. */
static _Noreturn void bad_long_option(const char *arg, const struct option *longopts)
{
	char name[64], list[256];
	int count;

	long_name(arg, name, sizeof name);
	count = long_matches(longopts, name, list, sizeof list);
	if (count == 0)
		sne_cli_usage_error("option inconnue « --%s »", name);
	if (count > 1)
		sne_cli_usage_error("option « --%s » ambiguë : %s", name, list);
	if (list[0] != '\0') /* an abbreviation: name the option in full */
		sne_cli_usage_error("l'option « %s » ne prend pas de valeur", list);
	sne_cli_usage_error("l'option « --%s » ne prend pas de valeur", name);
}

/* Says which option lacks its value: ARG is the option as written. */
static _Noreturn void missing_value(const char *arg, int short_opt)
{
	char name[64];

	if (short_opt != 0 && (arg == NULL || strncmp(arg, "--", 2) != 0))
		sne_cli_usage_error("l'option « -%c » demande une valeur", short_opt);
	long_name(arg, name, sizeof name);
	sne_cli_usage_error("l'option « --%s » demande une valeur", name);
}

int sne_cli_getopt(int argc, char **argv, const char *shortopts, const struct option *longopts)
{
	char colon_first[128];
	int opt, before = optind;
	const char *arg;

	/* a leading ':' makes getopt tell a missing value (':') from an
	 * unknown option ('?'); opterr = 0 silences its English */
	if (shortopts[0] != ':') {
		snprintf(colon_first, sizeof colon_first, ":%s", shortopts);
		shortopts = colon_first;
	}
	opterr = 0;
	opt = getopt_long(argc, argv, shortopts, longopts, NULL);
	if (opt != '?' && opt != ':')
		return opt;
	/* getopt has moved past a long option in error, not always past a
	 * short one inside a cluster such as -qx */
	arg = optind > before ? argv[optind - 1] : argv[optind];
	if (opt == ':')
		missing_value(arg, optopt);
	if (arg != NULL && strncmp(arg, "--", 2) == 0 && (optopt == 0 || strchr(arg, '=') != NULL))
		bad_long_option(arg, longopts);
	sne_cli_usage_error("option inconnue « -%c »", optopt);
}

struct sne_date sne_cli_parse_date(const char *option, const char *text)
{
	struct sne_date date;
	char why[SNE_WHY_MAX];

	if (sne_date_parse(text, &date, why, sizeof why) != 0)
		sne_cli_usage_error("option %s : %s", option, why);
	return date;
}

static void resolve_guichet(struct sne_cli *cli)
{
	char why[SNE_WHY_MAX];

	if (cli->guichet_arg == NULL) {
		memcpy(cli->guichet, cli->config.guichet, sizeof cli->guichet);
		return;
	}
	if (sne_guichet_parse(cli->guichet_arg, cli->guichet, why, sizeof why) != 0)
		sne_cli_usage_error("option --guichet : %s", why);
}

void sne_cli_finish(struct sne_cli *cli, int argc, char **argv)
{
	int rc;

	sne_err_set_quiet(cli->quiet);
	rc = sne_config_load(cli->config_path, &cli->config);
	if (rc != 0)
		sne_stop(rc);
	resolve_guichet(cli);
	cli->date = cli->date_arg ? sne_cli_parse_date("--date", cli->date_arg) : sne_date_today();
	rc = sne_access_check(cli);
	if (rc != 0)
		sne_stop(rc);
	cli->inputs = argv + optind;
	cli->ninputs = argc - optind;
	if (cli->in_place != NULL && strcmp(cli->in_place, "-") == 0)
		sne_cli_usage_error("--in-place - : l'entrée standard ne se réécrit pas en place ; "
		                    "donnez le fichier du registre, ou lisez l'entrée standard sans -i");
	if (cli->in_place != NULL && cli->ninputs > 0 && !cli->in_place_appends)
		sne_cli_usage_error("--in-place réécrit un registre : ne donnez pas d'autre fichier");
}

void sne_cli_require_guichet(struct sne_cli *cli)
{
	if (cli->guichet[0] == '\0')
		sne_cli_usage_error("code guichet manquant : donnez --guichet CODE (5 caractères, "
		                    "par exemple G0417) ou la clé « guichet » de la configuration");
}

void sne_cli_refuse_portail(const struct sne_cli *cli)
{
	static const char why[] = "le code GDPUB est réservé au portail grand public "
	                          "(sne-create --origine pgp, sne-renew --canal pgp) ; donnez "
	                          "le code de votre guichet";

	if (strcmp(cli->guichet, SNE_GUICHET_PGP) != 0)
		return;
	if (cli->guichet_arg != NULL)
		sne_cli_usage_error("option --guichet : %s", why);
	sne_warn("clé « guichet » de la configuration : %s", why);
	sne_stop(SNE_EX_CONFIG);
}

void sne_cli_require_profil(struct sne_cli *cli, enum sne_profil profil, const char *action)
{
	if (cli->config.profil == profil)
		return;
	sne_warn("le profil « %s » ne peut pas %s : il faut le profil « %s » (clé « profil » de "
	         "la configuration)", sne_profil_name(cli->config.profil), action,
	         sne_profil_name(profil));
	sne_stop(SNE_EX_NOPERM);
}

void sne_cli_free(struct sne_cli *cli)
{
	sne_guichets_free(cli->guichets);
	cli->guichets = NULL;
	cli->guichet_info = NULL;
	sne_config_free(&cli->config);
	/* the program frees its selection as it returns: a stop after this
	 * must not free it again */
	cli->selection_on_stop = NULL;
}

/* ------------------------------------------------------------------ */
/* progress on a terminal */

struct progress {
	struct sne_input *in;  /* the input being read, NULL once closed */
	long long size, done;  /* its size and bytes read, kept when it closes */
	unsigned long long records;
	struct timespec started, last;
};

static double seconds_between(struct timespec a, struct timespec b)
{
	return (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
}

static void progress_print(struct progress *p, struct timespec now)
{
	double elapsed = seconds_between(p->started, now);
	double rate = elapsed > 0 ? (double)p->records / elapsed : 0;
	long long size = p->in ? sne_input_size(p->in) : p->size;
	long long done = p->in ? sne_input_offset(p->in) : p->done;

	fprintf(sne_err_file(), "\r%s: %llu demandes, %.0f/s", sne_progname, p->records, rate);
	if (size > 0 && done > 0) {
		double left = elapsed * (double)(size - done) / (double)done;
		fprintf(sne_err_file(), ", %.0f %%, reste %.0f s", 100.0 * (double)done / (double)size, left);
	}
	fprintf(sne_err_file(), "   ");
}

/* Counts a record; on a terminal, says where the run is twice a second. */
static void progress_tick(struct progress *p)
{
	struct timespec now;

	p->records++;
	if ((p->records & 1023) != 0)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (seconds_between(p->last, now) >= 0.5) {
		progress_print(p, now);
		p->last = now;
	}
}

/* Keeps the figures of the input about to be closed. */
static void progress_keep(struct progress *p)
{
	if (p->in == NULL)
		return;
	p->size = sne_input_size(p->in);
	p->done = sne_input_offset(p->in);
	p->in = NULL;
}

static void progress_start(struct progress *p)
{
	memset(p, 0, sizeof *p);
	clock_gettime(CLOCK_MONOTONIC, &p->started);
	p->last = p->started;
}

static void progress_end(struct progress *p)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	progress_print(p, now);
	fputc('\n', sne_err_file());
}

/* ------------------------------------------------------------------ */
/* running a stream over the inputs */

/* Opens source I of a run over FIRST (may be NULL) then PATHS; with
 * neither, standard input.  NULL with a message when it cannot be opened. */
static struct sne_input *open_source(struct sne_input *first, char **paths, int i)
{
	struct sne_input *in;
	const char *path;

	if (first != NULL && i == 0)
		return first;
	path = paths != NULL ? paths[first != NULL ? i - 1 : i] : NULL;
	in = sne_input_open(path);
	if (in == NULL)
		sne_warn("%s: ouverture impossible :", path);
	return in;
}

/* The inputs of a run: FIRST (borrowed, may be NULL) then the files
 * PATHS; with neither, standard input.  Progress follows each. */
struct sources {
	struct sne_cli *cli;
	struct sne_input *first;
	char **paths;
	int npaths;
	struct progress *progress;   /* NULL unless --progress on a terminal */
};

static struct sne_input *source_open(int i, void *ctx)
{
	struct sources *src = ctx;
	struct sne_input *in = open_source(src->first, src->npaths > 0 ? src->paths : NULL, i);

	if (in != NULL && src->progress != NULL)
		src->progress->in = in;
	src->cli->reading_register = src->first != NULL && i == 0;
	return in;
}

static void source_close(struct sne_input *in, int i, void *ctx)
{
	struct sources *src = ctx;

	(void)i;
	if (src->progress != NULL)
		progress_keep(src->progress);
	if (in != src->first)
		sne_input_close(in);
}

static void source_tick(void *ctx)
{
	struct sources *src = ctx;

	if (src->progress != NULL)
		progress_tick(src->progress);
}

/* Runs SPEC over FIRST then the N files PATHS, as one stream. */
static int run_inputs(struct sne_cli *cli, struct sne_stream_spec *spec, struct sne_input *first,
                      char **paths, int n)
{
	struct progress progress;
	struct sources src = { cli, first, paths, n, NULL };
	struct sne_merge_inputs inputs = { (first != NULL) + n, source_open, source_close,
	                                   source_tick, &src };
	struct sne_stream_spec one_pass;
	int rc;

	if (inputs.count == 0)
		inputs.count = 1; /* standard input */
	if (cli->progress && isatty(STDERR_FILENO)) {
		progress_start(&progress);
		src.progress = &progress;
		/* the progress follows one reader */
		one_pass = *spec;
		one_pass.split = NULL;
		spec = &one_pass;
	}
	rc = sne_merge_run(&inputs, spec);
	cli->reading_register = 0;
	if (src.progress != NULL)
		progress_end(src.progress);
	return rc;
}

static int run_in_place(struct sne_cli *cli, struct sne_stream_spec *spec,
                        struct sne_output **out)
{
	struct sne_inplace *ip;
	int rc = sne_inplace_begin(cli->in_place, cli->wait, &ip);

	if (rc != 0)
		return rc;
	sne_inplace_select(ip, cli->store_select, cli->store_batches);
	if (cli->before_run != NULL && (rc = cli->before_run(cli->before_run_ctx)) != 0) {
		sne_inplace_abort(ip);
		return rc;
	}
	*out = sne_inplace_output(ip);
	rc = run_inputs(cli, spec, sne_inplace_input(ip), cli->inputs, cli->ninputs);
	*out = NULL;
	rc = sne_inplace_status(ip, rc);
	if (rc >= SNE_EX_USAGE) {
		if (!sne_inplace_partial(ip))
			sne_warn("« %s » n'a pas été modifié", cli->in_place);
		sne_inplace_abort(ip);
		sne_err_set_stopped();
		return rc;
	}
	if (cli->before_commit != NULL) {
		int hook_rc = cli->before_commit(cli->before_commit_ctx);

		if (hook_rc != 0) {
			sne_warn("« %s » n'a pas été modifié", cli->in_place);
			sne_inplace_abort(ip);
			sne_err_set_stopped();
			return hook_rc;
		}
	}
	return sne_exit_worst(rc, sne_inplace_commit(ip));
}

int sne_cli_run(struct sne_cli *cli, struct sne_stream_spec *spec, struct sne_output **out)
{
	int rc, wrote;

	if (cli->in_place != NULL)
		return run_in_place(cli, spec, out);
	if (cli->before_run != NULL && (rc = cli->before_run(cli->before_run_ctx)) != 0)
		return rc;
	*out = sne_output_stdout();
	rc = run_inputs(cli, spec, NULL, cli->inputs, cli->ninputs);
	wrote = sne_output_given(*out) > 0;
	if (sne_output_close(*out) != 0) {
		sne_warn("écriture impossible sur la sortie standard :");
		rc = sne_exit_worst(rc, SNE_EX_IOERR);
	}
	*out = NULL;
	if (rc >= SNE_EX_USAGE && wrote)
		sne_warn("sortie incomplète : elle s'arrête à l'erreur ci-dessus, ne l'utilisez pas");
	if (rc >= SNE_EX_USAGE)
		sne_err_set_stopped();
	return rc;
}
