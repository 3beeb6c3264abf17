/* Unit tests of lib/config.c: keys, values, errors with file:line:col,
 * and the search order. */
#include "capture.h"
#include "check.h"
#include "sne/config.h"
#include "sne/err.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[] = "/tmp/sne-test-config-XXXXXX";

static char *write_file(const char *name, const char *text)
{
	static char path[512];
	FILE *file;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	file = fopen(path, "w");
	if (file == NULL) {
		perror(path);
		exit(2);
	}
	fputs(text, file);
	fclose(file);
	return path;
}

static int load_text(const char *text, struct sne_config *config, const char **said)
{
	int rc;

	capture_start();
	rc = sne_config_load_file(write_file("sne.yaml", text), config);
	*said = capture_end();
	return rc;
}

static void test_defaults(void)
{
	struct sne_config config;

	sne_config_defaults(&config);
	CHECK(config.profil == SNE_PROFIL_GUICHET, "le profil par défaut est guichet");
	CHECK(config.npreavis == 2, "le calendrier par défaut a deux préavis");
	CHECK(config.preavis[0].mois_avant == 2 &&
	      config.preavis[0].canaux == (SNE_CANAL_SMS | SNE_CANAL_COURRIEL),
	      "2 mois : sms et courriel");
	CHECK(config.preavis[1].mois_avant == 1 &&
	      config.preavis[1].canaux == (SNE_CANAL_COURRIER | SNE_CANAL_SMS),
	      "1 mois : courrier et sms");
	CHECK_STR(config.guichet, "", "aucun guichet par défaut");
	CHECK(config.repertoire == NULL && config.rpls == NULL && config.modeles == NULL,
	      "aucun chemin par défaut");
	sne_config_free(&config);
}

static void test_full_file(void)
{
	struct sne_config config;
	const char *said;
	int rc = load_text("# exemple\n"
	                   "guichet: g 0417\n"
	                   "profil: bailleur\n"
	                   "repertoire: /var/lib/sne\n"
	                   "rpls: /var/lib/sne/rpls.xml.gz\n"
	                   "modeles: /usr/share/sne/modeles\n"
	                   "preavis:\n"
	                   "  - { avant: 3 mois, canaux: [courriel] }\n"
	                   "  - avant: 1 mois\n"
	                   "    canaux: [courrier, sms]\n", &config, &said);

	CHECK(rc == 0, "le fichier complet se charge (rc %d, message « %s »)", rc, said);
	CHECK_STR(config.guichet, "G0417", "guichet normalisé");
	CHECK(config.profil == SNE_PROFIL_BAILLEUR, "profil bailleur");
	CHECK_STR(config.repertoire, "/var/lib/sne", "repertoire");
	CHECK_STR(config.rpls, "/var/lib/sne/rpls.xml.gz", "rpls");
	CHECK_STR(config.modeles, "/usr/share/sne/modeles", "modeles");
	CHECK(config.npreavis == 2, "deux préavis personnalisés");
	CHECK(config.preavis[0].mois_avant == 3 && config.preavis[0].canaux == SNE_CANAL_COURRIEL,
	      "3 mois : courriel");
	CHECK(config.preavis[1].mois_avant == 1 &&
	      config.preavis[1].canaux == (SNE_CANAL_COURRIER | SNE_CANAL_SMS),
	      "1 mois : courrier, sms");
	CHECK(config.path != NULL && strstr(config.path, "sne.yaml") != NULL, "chemin retenu");
	CHECK_STR(said, "", "rien d'affiché");
	sne_config_free(&config);
}

static void test_unknown_key(void)
{
	struct sne_config config;
	const char *said;
	int rc = load_text("guichet: G0417\nprofil: guichet\nguicher: G1104\n", &config, &said);

	CHECK(rc == SNE_EX_CONFIG, "une clé inconnue donne 78 (obtenu %d)", rc);
	CHECK(strstr(said, "sne.yaml:3:1: ") != NULL,
	      "le message a fichier:ligne:colonne (%s)", said);
	CHECK(strstr(said, "clé « guicher » inconnue") != NULL, "le message nomme la clé");
	CHECK(strstr(said, "clés connues : guichet, profil") != NULL,
	      "le message liste les clés connues");
	CHECK(config.path == NULL, "rien de gardé après une erreur");
	sne_config_free(&config);
}

static void test_bad_values(void)
{
	struct sne_config config;
	const char *said;
	int rc;

	rc = load_text("\nprofil: administrateur\n", &config, &said);
	CHECK(rc == SNE_EX_CONFIG, "un profil incorrect donne 78");
	CHECK(strstr(said, ":2:9: valeur « administrateur » invalide pour « profil » "
	             "(attendu guichet, bailleur ou gestionnaire)") != NULL,
	      "message du profil (%s)", said);
	sne_config_free(&config);

	rc = load_text("guichet: G04170\n", &config, &said);
	CHECK(rc == SNE_EX_CONFIG, "un guichet incorrect donne 78");
	CHECK(strstr(said, ":1:10: valeur « G04170 » invalide pour « guichet »") != NULL,
	      "message du guichet (%s)", said);
	sne_config_free(&config);

	rc = load_text("preavis:\n  - { avant: 2 semaines, canaux: [sms] }\n", &config, &said);
	CHECK(rc == SNE_EX_CONFIG && strstr(said, ":2:14: valeur « 2 semaines » invalide pour "
	                                    "« avant »") != NULL, "avant incorrect (%s)", said);
	sne_config_free(&config);

	rc = load_text("preavis:\n  - { avant: 2 mois, canaux: [sms, fax] }\n", &config, &said);
	CHECK(rc == SNE_EX_CONFIG && strstr(said, ":2:36: valeur « fax » invalide pour "
	                                    "« canaux »") != NULL, "canal incorrect (%s)", said);
	sne_config_free(&config);

	rc = load_text("preavis:\n  - { avant: 2 mois }\n", &config, &said);
	CHECK(rc == SNE_EX_CONFIG && strstr(said, "« canaux » manque") != NULL,
	      "règle sans canaux (%s)", said);
	sne_config_free(&config);

	rc = load_text("profil: guichet\nprofil: bailleur\n", &config, &said);
	CHECK(rc == SNE_EX_CONFIG && strstr(said, ":2:1: clé « profil » en double") != NULL,
	      "clé en double (%s)", said);
	sne_config_free(&config);

	rc = load_text("repertoire: [a, b]\n", &config, &said);
	CHECK(rc == SNE_EX_CONFIG && strstr(said, "« repertoire »") != NULL,
	      "une liste là où un chemin est attendu (%s)", said);
	sne_config_free(&config);
}

/* delai-avertissement: 1 to 12 months, never under the legal month. */
static void test_delai_avertissement(void)
{
	struct sne_config config;
	const char *said;
	int rc;

	sne_config_defaults(&config);
	CHECK(config.delai_avertissement == 1, "le délai-avertissement par défaut est d'un mois");
	rc = load_text("delai-avertissement: 2 mois\n", &config, &said);
	CHECK(rc == 0 && config.delai_avertissement == 2, "2 mois (le cahier des charges)");
	sne_config_free(&config);
	rc = load_text("delai-avertissement: 1\n", &config, &said);
	CHECK(rc == 0 && config.delai_avertissement == 1, "un 1 seul");
	sne_config_free(&config);
	rc = load_text("delai-avertissement: ~\n", &config, &said);
	CHECK(rc == 0 && config.delai_avertissement == 1, "null garde la valeur par défaut");
	sne_config_free(&config);
	rc = load_text("delai-avertissement: 0 mois\n", &config, &said);
	CHECK(rc == SNE_EX_CONFIG && strstr(said, ":1:22: « delai-avertissement » de 0 mois "
	                                    "refusé") != NULL, "0 mois refusé (%s)", said);
	sne_config_free(&config);
	rc = load_text("delai-avertissement: 13 mois\n", &config, &said);
	CHECK(rc == SNE_EX_CONFIG && strstr(said, "valeur « 13 mois » invalide pour "
	                                    "« delai-avertissement »") != NULL,
	      "13 refusé (%s)", said);
	sne_config_free(&config);
	rc = load_text("delai-avertissement: 15 jours\n", &config, &said);
	CHECK(rc == SNE_EX_CONFIG, "jours refusés (%s)", said);
	sne_config_free(&config);
}

static void test_syntax_error(void)
{
	struct sne_config config;
	const char *said;
	int rc = load_text("guichet: G0417\nprofil: [guichet\n", &config, &said);

	CHECK(rc == SNE_EX_CONFIG, "une erreur de syntaxe YAML donne 78");
	CHECK(strstr(said, "sne.yaml:3:") != NULL && strstr(said, "syntaxe YAML invalide") != NULL,
	      "erreur de syntaxe située (%s)", said);
	sne_config_free(&config);
}

static void test_empty_and_null(void)
{
	struct sne_config config;
	const char *said;
	int rc;

	rc = load_text("# rien\n", &config, &said);
	CHECK(rc == 0 && config.npreavis == 2,
	      "un fichier de commentaires seuls donne les valeurs par défaut");
	sne_config_free(&config);

	rc = load_text("rpls:\npreavis: []\n", &config, &said);
	CHECK(rc == 0 && config.rpls == NULL, "une valeur null garde la valeur par défaut");
	CHECK(config.npreavis == 0, "une liste de préavis vide désactive les préavis");
	sne_config_free(&config);
}

static void test_search_order(void)
{
	struct sne_config config;
	char cwd[1024], *path;
	const char *said;
	int rc;

	if (getcwd(cwd, sizeof cwd) == NULL)
		exit(2);
	path = write_file("env.yaml", "profil: gestionnaire\n");
	setenv("SNE_CONFIG", path, 1);
	rc = sne_config_load(NULL, &config);
	CHECK(rc == 0 && config.profil == SNE_PROFIL_GESTIONNAIRE, "$SNE_CONFIG est lu");
	sne_config_free(&config);

	path = write_file("explicit.yaml", "profil: bailleur\n");
	rc = sne_config_load(path, &config);
	CHECK(rc == 0 && config.profil == SNE_PROFIL_BAILLEUR, "-c l'emporte sur $SNE_CONFIG");
	sne_config_free(&config);

	setenv("SNE_CONFIG", "/nonexistent/sne.yaml", 1);
	capture_start();
	rc = sne_config_load(NULL, &config);
	said = capture_end();
	CHECK(rc == SNE_EX_CONFIG && strstr(said, "« /nonexistent/sne.yaml » introuvable") != NULL,
	      "$SNE_CONFIG absent est une erreur (%s)", said);
	sne_config_free(&config);

	unsetenv("SNE_CONFIG");
	write_file("sne.yaml", "guichet: GDPUB\n");
	if (chdir(dir) != 0)
		exit(2);
	rc = sne_config_load(NULL, &config);
	CHECK(rc == 0 && strcmp(config.guichet, "GDPUB") == 0, "./sne.yaml est lu");
	sne_config_free(&config);
	if (chdir(cwd) != 0)
		exit(2);

	capture_start();
	rc = sne_config_load("/nonexistent/explicit.yaml", &config);
	said = capture_end();
	CHECK(rc == SNE_EX_CONFIG && strstr(said, "« /nonexistent/explicit.yaml » introuvable") != NULL,
	      "un fichier -c absent est une erreur qui le nomme (%s)", said);
	sne_config_free(&config);
}

/* One state directory per installation: neither $XDG_STATE_HOME nor $HOME
 * moves it (two users of one server would share numéros otherwise). */
static void test_state_dir(void)
{
	struct sne_config config;
	char *state;

	sne_config_defaults(&config);
	setenv("XDG_STATE_HOME", "/xdg", 1);
	setenv("HOME", "/home/x", 1);
	state = sne_config_state_dir(&config);
	CHECK_STR(state, SNE_STATEDIR,
	          "le dossier de l'installation, quel que soit XDG_STATE_HOME");
	CHECK(sne_config_state_dir_is_default(&config), "sans repertoire : la valeur par défaut");
	free(state);
	unsetenv("XDG_STATE_HOME");
	setenv("HOME", "/home/y", 1);
	state = sne_config_state_dir(&config);
	CHECK_STR(state, SNE_STATEDIR, "le dossier de l'installation, quel que soit HOME");
	free(state);
	config.repertoire = strdup("/srv/sne");
	state = sne_config_state_dir(&config);
	CHECK_STR(state, "/srv/sne", "repertoire l'emporte");
	CHECK(!sne_config_state_dir_is_default(&config), "repertoire : pas la valeur par défaut");
	free(state);
	sne_config_free(&config);
}

static void test_parsers(void)
{
	CHECK(sne_profil_parse("gestionnaire") == SNE_PROFIL_GESTIONNAIRE, "lecture du profil");
	CHECK(sne_profil_parse("Guichet") == -1, "la lecture du profil est exacte");
	CHECK_STR(sne_profil_name(SNE_PROFIL_BAILLEUR), "bailleur", "nom du profil");
	CHECK(sne_canal_parse("courrier") == SNE_CANAL_COURRIER, "lecture du canal");
	CHECK(sne_canal_parse("lettre") == 0, "canal inconnu");
}

int main(void)
{
	char command[512];

	sne_err_init("test_config");
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 2;
	}
	test_defaults();
	test_full_file();
	test_unknown_key();
	test_bad_values();
	test_delai_avertissement();
	test_syntax_error();
	test_empty_and_null();
	test_search_order();
	test_state_dir();
	test_parsers();
	snprintf(command, sizeof command, "rm -rf '%s'", dir);
	if (system(command) != 0)
		printf("# could not remove %s\n", dir);
	return check_done();
}
