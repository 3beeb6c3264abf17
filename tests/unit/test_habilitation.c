/* Unit tests of lib/habilitation.c: entries of a login and of its groups
 * added up, narrowing by the configuration, the guichet of the run, and
 * the refusal of a file others may write.  The owner allowed is the
 * process's own uid, so that the tests need not run as root. */
#include "sne/habilitation.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "sne/err.h"

static char dir[] = "/tmp/test_habilitation.XXXXXX";
static char path[256];

static void write_file(const char *text, mode_t mode)
{
	FILE *f = fopen(path, "w");

	fputs(text, f);
	fclose(f);
	chmod(path, mode);
}

static int load(const char *login, const char *const *groups, size_t ngroups,
                struct sne_habilitation *h)
{
	return sne_habilitation_load(path, login, groups, ngroups, (unsigned)getuid(), h);
}

/* Runs the check for CONFIG's profile (GIVEN: the file said it) and
 * GUICHET; returns its status, *PROFIL the profile that applies. */
static int check(const struct sne_habilitation *h, enum sne_profil profil, int given,
                 char guichet[SNE_GUICHET_SIZE], enum sne_profil *applied)
{
	struct sne_config config;
	int rc;

	memset(&config, 0, sizeof config);
	config.profil = profil;
	rc = sne_habilitation_check(h, &config, given, guichet, 0);
	*applied = config.profil;
	return rc;
}

int main(void)
{
	static const char *const groups[] = { "users", "sne-support" };
	struct sne_habilitation h;
	enum sne_profil applied;
	char guichet[SNE_GUICHET_SIZE];

	sne_err_init("test_habilitation");
	sne_err_set_stream(fopen("/dev/null", "w"));
	if (mkdtemp(dir) == NULL)
		return 1;
	chmod(dir, 0755);
	snprintf(path, sizeof path, "%s/habilitations.yaml", dir);

	CHECK(load("alice", NULL, 0, &h) == 0 && !h.enforced, "sans fichier : rien d'imposé");
	sne_habilitation_free(&h);

	write_file("alice: { profil: guichet, guichets: [g 0417, G0420] }\n"
	           "bob: { profil: bailleur, guichets: B7401 }\n"
	           "\"%sne-support\": { profil: [gestionnaire, guichet] }\n", 0644);
	CHECK(load("alice", NULL, 0, &h) == 0 && h.enforced && h.found, "alice a une entrée");
	CHECK(h.nguichets == 2 && strcmp(h.guichets[0], "G0417") == 0, "codes canoniques");
	strcpy(guichet, "");
	CHECK(check(&h, SNE_PROFIL_GESTIONNAIRE, 1, guichet, &applied) == SNE_EX_NOPERM,
	      "un profil non accordé, demandé par la configuration : 77");
	CHECK(check(&h, SNE_PROFIL_GESTIONNAIRE, 0, guichet, &applied) == 0 &&
	      applied == SNE_PROFIL_GUICHET, "aucun profil demandé : celui qui est accordé");
	CHECK(guichet[0] == '\0', "deux guichets accordés : aucun choisi");
	strcpy(guichet, "G0420");
	CHECK(check(&h, SNE_PROFIL_GUICHET, 1, guichet, &applied) == 0, "son propre guichet");
	strcpy(guichet, "G0421");
	CHECK(check(&h, SNE_PROFIL_GUICHET, 1, guichet, &applied) == SNE_EX_NOPERM,
	      "un autre guichet : 77");
	sne_habilitation_free(&h);

	CHECK(load("bob", NULL, 0, &h) == 0, "bob");
	strcpy(guichet, "");
	CHECK(check(&h, SNE_PROFIL_GUICHET, 0, guichet, &applied) == 0 &&
	      applied == SNE_PROFIL_BAILLEUR && strcmp(guichet, "B7401") == 0,
	      "un seul guichet accordé : c'est celui du passage");
	sne_habilitation_free(&h);

	CHECK(load("carole", groups, 2, &h) == 0 && h.found && h.all_guichets, "par son groupe");
	strcpy(guichet, "G9999");
	CHECK(check(&h, SNE_PROFIL_GUICHET, 1, guichet, &applied) == 0 &&
	      applied == SNE_PROFIL_GUICHET,
	      "un groupe gestionnaire : tout guichet, profil restreint");
	CHECK(check(&h, SNE_PROFIL_GUICHET, 0, guichet, &applied) == 0 &&
	      applied == SNE_PROFIL_GESTIONNAIRE, "le premier profil listé par défaut");
	sne_habilitation_free(&h);

	CHECK(load("dan", NULL, 0, &h) == 0 && !h.found, "dan n'en a aucune");
	strcpy(guichet, "");
	CHECK(check(&h, SNE_PROFIL_GUICHET, 0, guichet, &applied) == SNE_EX_NOPERM, "aucune : 77");
	{
		struct sne_config config;

		memset(&config, 0, sizeof config);
		CHECK(sne_habilitation_check(&h, &config, 0, guichet, 1) == 0,
		      "consultation : permise");
	}
	sne_habilitation_free(&h);

	write_file("alice: { profil: guichet, guichets: [G0417] }\n", 0666);
	CHECK(load("alice", NULL, 0, &h) == SNE_EX_CONFIG, "modifiable par tous : 78");
	sne_habilitation_free(&h);
	write_file("alice: { profil: guichet, guichets: [G0417] }\n", 0644);
	chmod(dir, 0777);
	CHECK(load("alice", NULL, 0, &h) == SNE_EX_CONFIG, "dossier modifiable par tous : 78");
	sne_habilitation_free(&h);
	chmod(dir, 0755);
	write_file("bob: { profil: bailleur }\n", 0644);
	CHECK(load("alice", NULL, 0, &h) == SNE_EX_CONFIG, "un bailleur sans guichets : 78");
	sne_habilitation_free(&h);
	write_file("bob: { profil: bailleur, guichets: [B74] }\n", 0644);
	CHECK(load("alice", NULL, 0, &h) == SNE_EX_CONFIG, "un code incorrect : 78");
	sne_habilitation_free(&h);
	write_file("alice: { profil: guichet, guichet: [G0417] }\n", 0644);
	CHECK(load("alice", NULL, 0, &h) == SNE_EX_CONFIG, "une clé inconnue : 78");
	sne_habilitation_free(&h);

	unlink(path);
	rmdir(dir);
	return check_done();
}
