/* Every program run in-process through its entry point sne_<program>_main()
 * (the list comes from cmd/, by the generated sne_programs.h): --version and
 * --help on standard output with 0, an unknown option refused in French on
 * the error stream given with 64, each twice in a row (a fresh getopt and a
 * fresh state per run); then whole runs as a guichet script makes them:
 * sne-validate --check (-q for one run only), sne-renew -n, sne-registre --importer and
 * --exporter, sne-renew -i and sne-show on the SQLite register, sne-stats; a
 * program stopped by a usage error leaves nothing behind for the next. */
#include "buf.h"
#include "check.h"
#include "sne_programs.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef int entry_point(int argc, char **argv, FILE *err);

static char dir[] = "/tmp/sne-test-programs-XXXXXX";
static const char REGISTRE[] = "share/exemples/registre.xml";
static const char NUMERO[] = "0740217000001G0417";

/* What one run gave: its code, its standard output, its error stream. */
struct run {
	int rc;
	struct buf out, err;
};

static void run_free(struct run *r)
{
	free(r->out.data);
	free(r->err.data);
	*r = (struct run){ 0 };
}

/* Runs ENTRY with the arguments ARGS (NULL-terminated, the program's name
 * first), its standard output into a file of the test's folder. */
static struct run run_entry(entry_point *entry, const char *const *args)
{
	struct run r = { 0 };
	char *argv[32];
	int argc = 0, saved, fd;
	const char *out_path = check_path(dir, "stdout");
	FILE *err = tmpfile();

	while (args[argc] != NULL && argc < 31) {
		argv[argc] = (char *)args[argc];
		argc++;
	}
	argv[argc] = NULL;
	fflush(stdout);
	saved = dup(STDOUT_FILENO);
	fd = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (err == NULL || saved < 0 || fd < 0 || dup2(fd, STDOUT_FILENO) < 0)
		abort();
	close(fd);
	r.rc = entry(argc, argv, err);
	fflush(stdout);
	if (dup2(saved, STDOUT_FILENO) < 0)
		abort();
	close(saved);
	buf_str(&r.out, "");
	buf_load(&r.out, out_path);
	buf_str(&r.err, "");
	rewind(err);
	for (int c; (c = fgetc(err)) != EOF;)
		buf_add(&r.err, &(char){ (char)c }, 1);
	fclose(err);
	return r;
}

static void test_common_options(entry_point *entry, const char *name)
{
	char want[256];

	for (int round = 1; round <= 2; round++) {
		struct run r = run_entry(entry, (const char *const[]){ name, "--version", NULL });

		snprintf(want, sizeof want, "%s (sne) %s\n", name, SNE_VERSION);
		CHECK(r.rc == 0 && strcmp(r.out.data, want) == 0 && r.err.len == 0,
		      "%s --version (%de appel) : 0, « %s (sne) … » sur la sortie (%d)", name, round,
		      name, r.rc);
		run_free(&r);

		r = run_entry(entry, (const char *const[]){ name, "--help", NULL });
		snprintf(want, sizeof want, "usage : %s ", name);
		CHECK(r.rc == 0 && strncmp(r.out.data, want, strlen(want)) == 0 && r.err.len == 0,
		      "%s --help (%de appel) : 0, l'usage sur la sortie (%d)", name, round, r.rc);
		run_free(&r);

		r = run_entry(entry, (const char *const[]){ name, "--pas-une-option", NULL });
		snprintf(want, sizeof want, "%s: option inconnue « --pas-une-option »\n"
		         "Essayez « %s --help ».\n", name, name);
		CHECK(r.rc == 64 && r.out.len == 0 && strcmp(r.err.data, want) == 0,
		      "%s --pas-une-option (%de appel) : 64, dit en français sur le flux d'erreur "
		      "donné (%d)", name, round, r.rc);
		run_free(&r);
	}
}

static void test_every_program(void)
{
#define TEST_PROGRAM(entry, name) test_common_options(entry, name);
	SNE_PROGRAMS(TEST_PROGRAM)
#undef TEST_PROGRAM
}

static void test_validate(void)
{
	struct run r;

	r = run_entry(sne_validate_main, (const char *const[]){ "sne-validate", "--check", REGISTRE, NULL });
	CHECK(r.rc == 0 && r.out.len == 0, "sne-validate --check : 0, rien sur la sortie (%d)", r.rc);
	CHECK(strstr(r.err.data, "sne-validate: 20 demandes contrôlées, aucune en erreur") != NULL,
	      "sne-validate --check : le bilan sur le flux d'erreur donné");
	run_free(&r);
	r = run_entry(sne_validate_main, (const char *const[]){ "sne-validate", "-q", "--check", REGISTRE, NULL });
	CHECK(r.rc == 0 && r.err.len == 0, "sne-validate -q --check : aucun bilan");
	run_free(&r);
	/* -q does not outlive its run */
	r = run_entry(sne_validate_main, (const char *const[]){ "sne-validate", "--check", REGISTRE, NULL });
	CHECK(r.rc == 0 && strstr(r.err.data, "20 demandes contrôlées") != NULL,
	      "l'appel suivant, sans -q : le bilan revient");
	run_free(&r);
}

static void test_stopped_run(void)
{
	struct run r = run_entry(sne_renew_main, (const char *const[]){ "sne-renew", "-n", NUMERO,
	                                                              "--force", REGISTRE, NULL });

	CHECK(r.rc == 64 && strstr(r.err.data, "--force demande un --motif") != NULL && r.out.len == 0,
	      "sne-renew --force sans --motif : arrêté, 64, rien sur la sortie (%d)", r.rc);
	run_free(&r);
	r = run_entry(sne_renew_main, (const char *const[]){ "sne-renew", "-n", NUMERO, "-d", "2018-01-15",
	                                                    "-g", "G0417", REGISTRE, NULL });
	CHECK(r.rc == 0 &&
	      strstr(r.out.data, "<s:modification date=\"2018-01-15\" guichet=\"G0417\"/>") != NULL &&
	      strstr(r.err.data, "1 demande renouvelée") != NULL,
	      "puis sne-renew -n : la demande renouvelée, comme dans un processus neuf (%d)",
	      r.rc);
	run_free(&r);
}

static void test_store(void)
{
	struct buf registre = { 0 };
	char store[600];
	struct run r;

	snprintf(store, sizeof store, "%s/registre.sqlite", dir);
	buf_load(&registre, REGISTRE);
	r = run_entry(sne_registre_main, (const char *const[]){ "sne-registre", "-q", "--importer",
	                                                       REGISTRE, store, NULL });
	CHECK(r.rc == 0 && r.out.len == 0 && r.err.len == 0, "sne-registre --importer : 0 (%d)", r.rc);
	run_free(&r);
	r = run_entry(sne_registre_main, (const char *const[]){ "sne-registre", "--exporter", store, NULL });
	CHECK(r.rc == 0 && r.out.len == registre.len &&
	      memcmp(r.out.data, registre.data, registre.len) == 0,
	      "sne-registre --exporter : le registre importé, octet pour octet (%d)", r.rc);
	run_free(&r);
	r = run_entry(sne_renew_main, (const char *const[]){ "sne-renew", "-q", "-n", NUMERO, "-d",
	                                                    "2018-01-15", "-g", "G0417", "-i", store, NULL });
	CHECK(r.rc == 0 && r.out.len == 0, "sne-renew -n -i registre.sqlite : 0, rien sur la sortie (%d)",
	      r.rc);
	run_free(&r);
	r = run_entry(sne_show_main, (const char *const[]){ "sne-show", "-n", NUMERO, store, NULL });
	CHECK(r.rc == 0 && strstr(r.out.data, "Demande 0740217000001G0417 — Girard Paul") != NULL &&
	      strstr(r.out.data, "15/01/2018                        Renouvellement — guichet G0417") != NULL,
	      "sne-show -n : la demande renouvelée, lue dans le registre SQLite (%d)", r.rc);
	run_free(&r);
	free(registre.data);
}

static void test_stats(void)
{
	struct run r = run_entry(sne_stats_main, (const char *const[]){ "sne-stats", "-q", "--format", "tsv",
	                                                              "--du", "2017-01-01", "--au",
	                                                              "2017-12-31", REGISTRE, NULL });

	CHECK(r.rc == 0 && strncmp(r.out.data, "mois\tterritoire\tguichet\t", 24) == 0 &&
	      strstr(r.out.data, "\n2017-02\t074\tG0417\t") != NULL,
	      "sne-stats --format tsv : 0, l'en-tête puis les mois par guichet (%d)", r.rc);
	run_free(&r);
}

int main(void)
{
	char config[600];

	if (mkdtemp(dir) == NULL)
		return 99;
	snprintf(config, sizeof config, "%s/sne.yaml", dir);
	FILE *f = fopen(config, "w");
	if (f == NULL)
		return 99;
	fprintf(f, "repertoire: %s/etat\n", dir);
	fclose(f);
	setenv("SNE_CONFIG", config, 1);
	setenv("HOME", dir, 1);
	test_every_program();
	test_validate();
	test_stopped_run();
	test_store();
	test_stats();
	return check_done();
}
