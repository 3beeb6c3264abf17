/* Unit tests of lib/access.c: the run's guichet checked against the
 * configured register share/exemples/guichets.xml (unknown or closed at
 * the run's date: 64; GDPUB, sne-guichet's own runs and a configuration
 * without register: not checked; an unreadable register: 66), the
 * register kept for the run, loaded on demand, and the territories the
 * guichet serves.  The habilitations of the build must be absent (the checks that
 * need it are skipped otherwise). */
#include "sne/access.h"

#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "capture.h"
#include "check.h"
#include "sne/err.h"
#include "sne/guichets.h"
#include "sne/habilitation.h"
#include "sne/stream.h"

#define EXEMPLE "share/exemples/guichets.xml"

static struct sne_date d(int year, int month, int day)
{
	struct sne_date date = { year, month, day };

	return date;
}

static void set_cli(struct sne_cli *cli, const char *registre, const char *guichet,
                    struct sne_date date)
{
	memset(cli, 0, sizeof *cli);
	cli->config.guichets = (char *)registre;
	snprintf(cli->guichet, sizeof cli->guichet, "%s", guichet);
	cli->date = date;
	cli->anyone = 1;
}

/* sne_access_check() in-process, its messages silenced: its code, or 0
 * when the register and the guichet were kept, 1 when they were not; the
 * register is freed after. */
static int check_kept(struct sne_cli *cli)
{
	FILE *null = fopen("/dev/null", "w");
	int rc;

	sne_err_set_stream(null);
	rc = sne_access_check(cli);
	sne_err_set_stream(NULL);
	fclose(null);
	if (rc == 0)
		rc = cli->guichets != NULL && cli->guichet_info != NULL &&
		     strcmp(cli->guichet_info->code, cli->guichet) == 0 ? 0 : 1;
	sne_guichets_free(cli->guichets);
	cli->guichets = NULL;
	cli->guichet_info = NULL;
	return rc;
}

/* sne_access_check() in-process: its code, or 42 when it returned 0
 * without loading the register, 43 with it. */
static int check_unloaded(struct sne_cli *cli)
{
	int rc = sne_access_check(cli);

	if (rc == 0)
		rc = cli->guichets == NULL ? 42 : 43;
	sne_guichets_free(cli->guichets);
	cli->guichets = NULL;
	return rc;
}

static void test_check(void)
{
	struct sne_cli cli;

	if (access(sne_habilitation_default_path(), F_OK) == 0) {
		CHECK(1, "sne_access_check : un fichier d'habilitations est installé # SKIP");
		return;
	}
	set_cli(&cli, EXEMPLE, "G0417", d(2026, 1, 1));
	CHECK(check_kept(&cli) == 0, "un guichet du registre, ouvert : rendu, registre et guichet gardés");
	set_cli(&cli, EXEMPLE, "G0418", d(2026, 1, 1));
	CHECK(check_kept(&cli) == SNE_EX_USAGE, "un guichet inconnu du registre : 64");
	set_cli(&cli, EXEMPLE, "G0399", d(2016, 12, 30));
	CHECK(check_kept(&cli) == 0, "la veille de la fermeture : accepté");
	set_cli(&cli, EXEMPLE, "G0399", d(2016, 12, 31));
	CHECK(check_kept(&cli) == SNE_EX_USAGE, "le jour de la fermeture : 64");
	set_cli(&cli, EXEMPLE, "G0417", d(2011, 3, 31));
	CHECK(check_kept(&cli) == SNE_EX_USAGE, "la veille de l'ouverture : 64");
	set_cli(&cli, EXEMPLE, "G0417", d(2011, 4, 1));
	CHECK(check_kept(&cli) == 0, "le jour de l'ouverture : accepté");
	set_cli(&cli, EXEMPLE, "GDPUB", d(2026, 1, 1));
	CHECK(check_unloaded(&cli) == 42, "GDPUB : pas vérifié, aucun registre chargé");
	set_cli(&cli, EXEMPLE, "G0418", d(2026, 1, 1));
	cli.own_register = 1;
	CHECK(check_unloaded(&cli) == 42, "sne-guichet (own_register) : pas vérifié");
	set_cli(&cli, NULL, "G0418", d(2026, 1, 1));
	CHECK(check_unloaded(&cli) == 42, "sans registre configuré : pas vérifié");
	set_cli(&cli, EXEMPLE, "", d(2026, 1, 1));
	CHECK(check_unloaded(&cli) == 42, "sans guichet : pas vérifié");
	set_cli(&cli, "/nonexistent/guichets.xml", "G0417", d(2026, 1, 1));
	CHECK(check_kept(&cli) == SNE_EX_NOINPUT, "un registre absent : 66");
}

static void test_load_register(void)
{
	struct sne_cli cli;
	struct sne_guichets *kept;
	int rc;

	set_cli(&cli, NULL, "", d(2026, 1, 1));
	CHECK(sne_access_load_register(&cli) == 0 && cli.guichets == NULL,
	      "sans la clé guichets : 0, aucun registre");
	set_cli(&cli, EXEMPLE, "", d(2026, 1, 1));
	rc = sne_access_load_register(&cli);
	CHECK(rc == 0 && cli.guichets != NULL && sne_guichets_count(cli.guichets) == 4,
	      "chargé à la demande (%d)", rc);
	kept = cli.guichets;
	CHECK(sne_access_load_register(&cli) == 0 && cli.guichets == kept, "déjà chargé : gardé, pas relu");
	sne_guichets_free(cli.guichets);
	set_cli(&cli, "/nonexistent/guichets.xml", "", d(2026, 1, 1));
	capture_start();
	rc = sne_access_load_register(&cli);
	capture_end();
	CHECK(rc == SNE_EX_NOINPUT && cli.guichets == NULL, "un registre absent : 66 (%d)", rc);
}

static void test_territoire(void)
{
	struct sne_cli cli;
	struct sne_guichets *reg = NULL;
	char why[512] = "";

	set_cli(&cli, NULL, "G0420", d(2026, 1, 1));
	CHECK(sne_access_check_territoire(&cli, "111", why, sizeof why) == 0,
	      "sans registre configuré : tout territoire accepté");
	if (sne_guichets_load(EXEMPLE, &reg) != 0) {
		CHECK(0, "%s lisible", EXEMPLE);
		return;
	}
	cli.guichets = reg;
	cli.guichet_info = sne_guichets_find(reg, "G0420");
	CHECK(sne_access_check_territoire(&cli, "074", why, sizeof why) == 0 &&
	      sne_access_check_territoire(&cli, "001", why, sizeof why) == 0,
	      "G0420 : 074 et 001 servis");
	CHECK(sne_access_check_territoire(&cli, "111", why, sizeof why) == -1, "G0420 : 111 refusé, -1");
	CHECK(strstr(why, "territoire 111 hors des territoires du guichet G0420 (074, 001)") != NULL &&
	      strstr(why, "sne-guichet --modifier G0420 --territoire") != NULL,
	      "la raison nomme les territoires servis et la commande (« %s »)", why);
	cli.guichet_info = sne_guichets_find(reg, "G1104");
	CHECK(sne_access_check_territoire(&cli, "074", why, sizeof why) == -1 &&
	      strstr(why, "du guichet G1104 (111)") != NULL,
	      "G1104 : un seul territoire, sans virgule");
	sne_guichets_free(reg);
}

int main(void)
{
	sne_xml_silence();
	test_check();
	test_load_register();
	test_territoire();
	return check_done();
}
