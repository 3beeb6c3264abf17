/* Unit tests of lib/acces.c (with sne_acces_load of lib/habilitation.c):
 * the entries of the habilitations file found, added, removed, their
 * guichets added once and removed, described for the history with the
 * default profile first, and written back as YAML that reads again the
 * same (names quoted when YAML would read them otherwise). */
#include "sne/acces.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "capture.h"
#include "check.h"
#include "sne/err.h"

static char dir[] = "/tmp/sne-test-acces-XXXXXX";

static const char *describe(const struct sne_acces_entree *e)
{
	static char buf[512];

	sne_acces_describe(e, buf, sizeof buf);
	return buf;
}

/* What sne_acces_write writes, into a string to free. */
static char *written(const struct sne_acces *a, int *rc)
{
	FILE *f = tmpfile();
	struct buf b = { 0 };
	char chunk[4096];
	size_t n;

	if (f == NULL)
		abort();
	*rc = sne_acces_write(a, f);
	rewind(f);
	buf_add(&b, "", 0);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	return b.data;
}

static void test_entrees(void)
{
	struct sne_acces a = { 0 };
	struct sne_acces_entree *e;

	CHECK(sne_acces_find(&a, "alice") == NULL, "un fichier vide : personne");
	e = sne_acces_get(&a, "alice");
	CHECK(e != NULL && a.n == 1 && strcmp(e->nom, "alice") == 0 && e->profils == 0 &&
	      e->nguichets == 0,
	      "get : ajoutée vide quand elle manque");
	CHECK(sne_acces_get(&a, "alice") == &a.entrees[0] && a.n == 1, "get : la même, pas de doublon");
	sne_acces_get(&a, "bob");
	sne_acces_get(&a, "%support");
	CHECK(a.n == 3 && sne_acces_find(&a, "%support") == &a.entrees[2], "trois entrées, dans l'ordre d'ajout");
	CHECK(sne_acces_find(&a, "Alice") == NULL, "find : le nom exact (casse)");

	e = sne_acces_find(&a, "alice");
	sne_acces_add_guichet(e, "G0417");
	sne_acces_add_guichet(e, "G0420");
	sne_acces_add_guichet(e, "G0417");
	CHECK(e->nguichets == 2 && strcmp(e->guichets[0], "G0417") == 0 &&
	      strcmp(e->guichets[1], "G0420") == 0,
	      "un guichet ajouté deux fois : une seule fois");
	sne_acces_add_guichet(e, "G1104");
	sne_acces_remove_guichet(e, "G0420");
	CHECK(e->nguichets == 2 && strcmp(e->guichets[0], "G0417") == 0 &&
	      strcmp(e->guichets[1], "G1104") == 0,
	      "retirer celui du milieu : l'ordre des autres gardé");
	sne_acces_remove_guichet(e, "G1104");
	CHECK(e->nguichets == 1, "retirer le dernier");
	sne_acces_remove_guichet(e, "G9999");
	CHECK(e->nguichets == 1, "retirer un guichet absent : rien");

	sne_acces_remove(&a, "bob");
	CHECK(a.n == 2 && sne_acces_find(&a, "bob") == NULL &&
	      strcmp(a.entrees[1].nom, "%support") == 0 && a.entrees[0].nguichets == 1,
	      "retirer une entrée : les autres gardées, dans l'ordre");
	sne_acces_remove(&a, "bob");
	CHECK(a.n == 2, "retirer une entrée absente : rien");
	sne_acces_remove(&a, "%support");
	sne_acces_remove(&a, "alice");
	CHECK(a.n == 0, "toutes retirées");
	sne_acces_free(&a);
	CHECK(a.entrees == NULL && a.n == 0, "free : vide");
}

static void test_describe(void)
{
	struct sne_acces a = { 0 };
	struct sne_acces_entree *e = sne_acces_get(&a, "alice");

	e->profils = 1u << SNE_PROFIL_GUICHET;
	e->premier = SNE_PROFIL_GUICHET;
	CHECK_STR(describe(e), "profil: guichet", "un profil, sans guichet");
	sne_acces_add_guichet(e, "G0417");
	CHECK_STR(describe(e), "profil: guichet, guichets: [G0417]", "un guichet, entre crochets");
	sne_acces_add_guichet(e, "G0420");
	CHECK_STR(describe(e), "profil: guichet, guichets: [G0417, G0420]", "deux guichets");
	e->profils |= 1u << SNE_PROFIL_GESTIONNAIRE;
	CHECK_STR(describe(e), "profil: [guichet, gestionnaire], guichets: [G0417, G0420]",
	          "deux profils : une liste, le premier en tête");
	e->premier = SNE_PROFIL_GESTIONNAIRE;
	CHECK_STR(describe(e), "profil: [gestionnaire, guichet], guichets: [G0417, G0420]",
	          "le profil par défaut en tête, même après un autre dans l'ordre");
	e->profils = 7;
	e->premier = SNE_PROFIL_BAILLEUR;
	CHECK_STR(describe(e), "profil: [bailleur, guichet, gestionnaire], guichets: [G0417, G0420]",
	          "trois profils, le bailleur par défaut");
	e->profils = (1u << SNE_PROFIL_BAILLEUR) | (1u << SNE_PROFIL_GESTIONNAIRE);
	e->premier = SNE_PROFIL_GUICHET;
	CHECK_STR(describe(e), "profil: [bailleur, gestionnaire], guichets: [G0417, G0420]",
	          "un premier profil qui n'est pas accordé : la liste dans l'ordre, sans virgule en tête");
	e->profils = 1u << SNE_PROFIL_GESTIONNAIRE;
	CHECK_STR(describe(e), "profil: gestionnaire, guichets: [G0417, G0420]",
	          "un seul profil, autre que le premier : sans crochets");
	e->profils = 7;
	e->premier = SNE_PROFIL_BAILLEUR;
	{
		char small[12];

		sne_acces_describe(e, small, sizeof small);
		CHECK(strcmp(small, "profil: [ba") == 0, "un tampon court : coupé, terminé par NUL (« %s »)", small);
	}
	sne_acces_free(&a);
}

static void test_ecriture(void)
{
	struct sne_acces a = { 0 }, b = { 0 };
	struct sne_acces_entree *e;
	char path[256], *text;
	const char *said;
	FILE *f;
	int rc;

	e = sne_acces_get(&a, "alice");
	e->profils = 1u << SNE_PROFIL_GUICHET;
	sne_acces_add_guichet(e, "G0417");
	sne_acces_add_guichet(e, "G0420");
	e = sne_acces_get(&a, "%sne-support");
	e->profils = (1u << SNE_PROFIL_GESTIONNAIRE) | (1u << SNE_PROFIL_GUICHET);
	e->premier = SNE_PROFIL_GESTIONNAIRE;
	e = sne_acces_get(&a, "dupont: jean");
	e->profils = 1u << SNE_PROFIL_GUICHET;
	sne_acces_add_guichet(e, "G1104");
	e = sne_acces_get(&a, "jean.dupont_2-b");
	e->profils = 1u << SNE_PROFIL_BAILLEUR;
	e->premier = SNE_PROFIL_BAILLEUR;
	sne_acces_add_guichet(e, "B7401");

	text = written(&a, &rc);
	CHECK(rc == 0, "écrit");
	CHECK(strncmp(text, "# Habilitations des programmes sne", 34) == 0, "un commentaire en tête");
	CHECK(strstr(text, "\nalice: { profil: guichet, guichets: [G0417, G0420] }\n") != NULL,
	      "une entrée par ligne, en mapping de flux");
	CHECK(strstr(text, "\n\"%sne-support\": { profil: [gestionnaire, guichet] }\n") != NULL,
	      "un groupe (« %% ») entre guillemets");
	CHECK(strstr(text, "\njean.dupont_2-b: { profil: bailleur, guichets: [B7401] }\n") != NULL,
	      "lettres, chiffres, « . », « _ », « - » : sans guillemets");
	CHECK(strstr(text, "\n\"dupont: jean\": { profil: guichet, guichets: [G1104] }\n") != NULL,
	      "un nom avec « : » et une espace : entre guillemets");

	snprintf(path, sizeof path, "%s/habilitations.yaml", dir);
	buf_save(path, text);
	chmod(path, 0644);
	free(text);
	capture_start();
	rc = sne_acces_load(path, (unsigned)getuid(), &b);
	said = capture_end();
	CHECK(rc == 0 && b.n == 4, "relu : quatre entrées (%d%s%s)", rc, rc ? " : " : "", rc ? said : "");
	if (rc == 0 && b.n == 4) {
		for (size_t i = 0; i < 4; i++) {
			char want[512];

			sne_acces_describe(&a.entrees[i], want, sizeof want);
			CHECK(strcmp(b.entrees[i].nom, a.entrees[i].nom) == 0 &&
			      strcmp(describe(&b.entrees[i]), want) == 0,
			      "relu : %s, %s", a.entrees[i].nom, want);
		}
		CHECK(b.entrees[1].premier == SNE_PROFIL_GESTIONNAIRE, "relu : le profil par défaut");
	}
	sne_acces_free(&b);

	chmod(path, 0666);
	capture_start();
	rc = sne_acces_load(path, (unsigned)getuid(), &b);
	capture_end();
	CHECK(rc == SNE_EX_CONFIG && b.n == 0 && b.entrees == NULL,
	      "un fichier que d'autres peuvent écrire : 78, rien de lu");
	unlink(path);

	capture_start();
	rc = sne_acces_load(path, (unsigned)getuid(), &b);
	capture_end();
	CHECK(rc == 0 && b.n == 0, "un fichier absent : vide, sans erreur");
	sne_acces_free(&b);

	f = fopen("/dev/full", "w");
	if (f != NULL) {
		int failed = 0;

		/* stdio buffers: enough lines to reach the device */
		for (int i = 0; i < 200 && !failed; i++)
			failed = sne_acces_write(&a, f) != 0;
		failed |= fclose(f) != 0;
		CHECK(failed, "un disque plein : une erreur");
	}
	sne_acces_free(&a);
}

int main(void)
{
	if (mkdtemp(dir) == NULL)
		return 99;
	test_entrees();
	test_describe();
	test_ecriture();
	rmdir(dir);
	return check_done();
}
