/* The command line every program shares (lib/cli.c): option errors in
 * French with what to do (unknown, ambiguous, a value missing or not
 * taken, abbreviations named in full), --help and --version, --date and
 * --guichet checked, the guichet of the option before the configuration's,
 * -i rules, the portail's code refused to others, the profile required.
 * What stops runs in a child, through an entry point: its status and
 * error text are compared. */
#include "buf.h"
#include "check.h"
#include "sne/cli.h"
#include "sne/err.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char dir[] = "/tmp/sne-test-cli-XXXXXX";
static const char usage[] = "usage: test_cli [options]\n";

static const struct option longopts[] = {
	SNE_CLI_LONG,
	{ "rejets", required_argument, NULL, SNE_OPT_FIRST_PROGRAM },
	{ NULL, 0, NULL, 0 },
};

/* ARGV parsed and finished as a program does, then CHECKS applied. */
struct job {
	const char *const *argv;
	int appends;
	void (*then)(struct sne_cli *cli);
};

static void parse(struct sne_cli *cli, int argc, char **argv, int appends)
{
	int opt;

	sne_cli_init(cli, "test_cli", usage);
	cli->in_place_appends = appends;
	optind = 0;
	while ((opt = sne_cli_getopt(argc, argv, SNE_CLI_SHORT, longopts)) != -1)
		if (!sne_cli_common(cli, opt, optarg) && opt != SNE_OPT_FIRST_PROGRAM)
			exit(99);
	sne_cli_finish(cli, argc, argv);
}

/* The job of the child: parsed, then its checks. */
static const struct job *child_job;

static int run_child_job(int argc, char **argv)
{
	struct sne_cli cli;

	parse(&cli, argc, argv, child_job->appends);
	if (child_job->then != NULL)
		child_job->then(&cli);
	return 0;
}

/* Runs JOB in a child, through an entry point as a program does; its exit
 * status, its stdout and stderr texts. */
static int run_child(const struct job *job, struct buf *out, struct buf *err)
{
	char out_path[300], err_path[300];
	int status = 0, argc = 0;
	pid_t pid;

	while (job->argv[argc] != NULL)
		argc++;
	snprintf(out_path, sizeof out_path, "%s/out", dir);
	snprintf(err_path, sizeof err_path, "%s/err", dir);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		char *argv[32];

		for (int i = 0; i < argc && i < 31; i++)
			argv[i] = (char *)job->argv[i];
		argv[argc] = NULL;
		if (freopen(out_path, "w", stdout) == NULL || freopen(err_path, "w", stderr) == NULL)
			_exit(98);
		child_job = job;
		_exit(sne_cli_main(argc, argv, stderr, run_child_job));
	}
	waitpid(pid, &status, 0);
	*out = (struct buf){ 0 };
	*err = (struct buf){ 0 };
	buf_load(out, out_path);
	buf_load(err, err_path);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Whether ARGV ends with STATUS and an error text holding SAYS. */
static int ends(int status, const char *says, const struct job *job)
{
	struct buf out, err;
	int got = run_child(job, &out, &err);
	int ok = got == status && (says == NULL || strstr(err.data, says) != NULL);

	if (!ok)
		printf("#   statut %d, erreur : %s\n", got, err.data);
	free(out.data), free(err.data);
	return ok;
}

#define ARGV(...) ((const char *const[]){ "test_cli", __VA_ARGS__, NULL })

static void test_option_errors(void)
{
	struct job j = { ARGV("-x"), 0, NULL };

	CHECK(ends(64, "test_cli: option inconnue « -x »\nEssayez « test_cli --help ».", &j),
	      "option courte inconnue : 64, dit, propose --help");
	j.argv = ARGV("-qx");
	CHECK(ends(64, "option inconnue « -x »", &j), "dans un groupe -qx : la lettre fautive nommée");
	j.argv = ARGV("--zzz");
	CHECK(ends(64, "option inconnue « --zzz »", &j), "option longue inconnue");
	j.argv = ARGV("--ver");
	CHECK(ends(64, "option « --ver » ambiguë : --version, --verbose", &j),
	      "abréviation ambiguë : les options possibles nommées");
	j.argv = ARGV("-d");
	CHECK(ends(64, "l'option « -d » demande une valeur", &j), "valeur manquante (courte)");
	j.argv = ARGV("--rejets");
	CHECK(ends(64, "l'option « --rejets » demande une valeur", &j), "valeur manquante (longue)");
	j.argv = ARGV("--quiet=oui");
	CHECK(ends(64, "l'option « --quiet » ne prend pas de valeur", &j), "valeur donnée à une option sans");
	j.argv = ARGV("--qui=oui");
	CHECK(ends(64, "l'option « --quiet » ne prend pas de valeur", &j),
	      "abréviation avec valeur : l'option nommée en entier");
	j.argv = ARGV("--zz\nforgé");
	CHECK(ends(64, "option inconnue « --zz\\nforgé »", &j),
	      "caractère de contrôle d'une option montré, pas obéi");
}

static void test_help_version(void)
{
	struct job j = { ARGV("-h"), 0, NULL };
	struct buf out, err;

	CHECK(run_child(&j, &out, &err) == 0 && strcmp(out.data, usage) == 0 && err.len == 0,
	      "--help : l'aide sur la sortie standard, 0");
	free(out.data), free(err.data);
	j.argv = ARGV("--version");
	CHECK(run_child(&j, &out, &err) == 0 && strcmp(out.data, "test_cli (sne) " SNE_VERSION "\n") == 0,
	      "--version : « prog (sne) VERSION », 0");
	free(out.data), free(err.data);
}

static void test_finish(void)
{
	struct job j = { ARGV("--date", "2023-02-29"), 0, NULL };

	CHECK(ends(64, "option --date : ", &j), "--date d'un jour qui n'existe pas : 64");
	j.argv = ARGV("--guichet", "g04");
	CHECK(ends(64, "option --guichet : ", &j), "--guichet mal formé : 64");
	j.argv = ARGV("-c", "/nonexistent/sne.yaml");
	CHECK(ends(78, NULL, &j), "configuration donnée absente : 78");
	j.argv = ARGV("-i", "-");
	CHECK(ends(64, "l'entrée standard ne se réécrit pas en place", &j), "-i - : 64");
	j.argv = ARGV("-i", "registre.xml", "autre.xml");
	CHECK(ends(64, "--in-place réécrit un registre : ne donnez pas d'autre fichier", &j),
	      "-i avec des fichiers : 64");
	j.appends = 1;
	CHECK(ends(0, NULL, &j), "-i avec des fichiers, pour un programme qui les ajoute : admis");
}

static char config_path[300], pgp_path[300];

static void expect_config_guichet(struct sne_cli *cli)
{
	exit(strcmp(cli->guichet, "G0001") == 0 && cli->ninputs == 1 && cli->date.year == 2024 ? 0 : 1);
}

static void expect_option_guichet(struct sne_cli *cli)
{
	exit(strcmp(cli->guichet, "G0417") == 0 ? 0 : 1);
}

static void require_guichet(struct sne_cli *cli) { sne_cli_require_guichet(cli); }
static void refuse_portail(struct sne_cli *cli) { sne_cli_refuse_portail(cli); }
static void require_gestionnaire(struct sne_cli *cli)
{
	sne_cli_require_profil(cli, SNE_PROFIL_GESTIONNAIRE, "corriger une demande");
}

static void test_guichet_and_profile(void)
{
	struct job j = { ARGV("-c", config_path, "-d", "15/03/2024", "entree.xml"), 0,
		         expect_config_guichet };

	CHECK(ends(0, NULL, &j), "sans --guichet : celui de la configuration ; date JJ/MM/AAAA");
	j.argv = ARGV("-c", config_path, "--guichet", "g0417");
	j.then = expect_option_guichet;
	CHECK(ends(0, NULL, &j), "--guichet l'emporte sur la configuration, en majuscules");
	j.argv = ARGV("-c", "/dev/null");
	j.then = require_guichet;
	CHECK(ends(64, "code guichet manquant : donnez --guichet CODE", &j), "aucun guichet : 64");
	j.argv = ARGV("-c", "/dev/null", "--guichet", "GDPUB");
	j.then = refuse_portail;
	CHECK(ends(64, "option --guichet : le code GDPUB est réservé au portail grand public", &j),
	      "GDPUB donné en option : 64");
	j.argv = ARGV("-c", pgp_path);
	CHECK(ends(78, "clé « guichet » de la configuration : le code GDPUB est réservé", &j),
	      "GDPUB de la configuration : 78");
	j.argv = ARGV("-c", config_path);
	j.then = require_gestionnaire;
	CHECK(ends(77, "le profil « guichet » ne peut pas corriger une demande : il faut le profil "
	               "« gestionnaire »", &j), "profil insuffisant : 77, dit lequel il faut");
}

int main(void)
{
	char command[400];

	if (mkdtemp(dir) == NULL)
		return 99;
	snprintf(config_path, sizeof config_path, "%s/sne.yaml", dir);
	buf_save(config_path, "guichet: G0001\n");
	snprintf(pgp_path, sizeof pgp_path, "%s/pgp.yaml", dir);
	buf_save(pgp_path, "guichet: GDPUB\n");
	test_option_errors();
	test_help_version();
	test_finish();
	test_guichet_and_profile();
	snprintf(command, sizeof command, "rm -rf '%s'", dir);
	if (system(command) != 0)
		return 99;
	return check_done();
}
