/* The commune table: lookups in the shipped table, former codes, postal
 * codes, libellés d'acheminement, and a malformed table refused. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "sne/commune.h"

#define TABLE "share/communes/communes.tsv"

static char name[256], libelle[64];

static const char *nom(const struct sne_commune *c)
{
	snprintf(name, sizeof name, "%.*s", (int)c->nom_len, c->nom);
	return name;
}

static const char *acheminement(const struct sne_commune *c, const char *cp)
{
	sne_commune_acheminement(c, cp, libelle, sizeof libelle);
	return libelle;
}

static void test_current(const struct sne_communes *t)
{
	struct sne_commune c;

	CHECK(sne_communes_count(t) > 35000, "plus de 35 000 codes");
	CHECK(sne_communes_find(t, "25056", &c) == 0, "25056 trouvé");
	CHECK_STR(nom(&c), "Besançon", "nom avec accent");
	CHECK_STR(acheminement(&c, "25000"), "BESANCON", "libellé d'acheminement de La Poste");
	CHECK(sne_communes_find(t, "01001", &c) == 0, "01001 : la première ligne");
	CHECK(sne_communes_find(t, "99999", &c) != 0, "99999 inconnu");
	CHECK(sne_communes_find(t, "74999", &c) != 0, "74999 inconnu");
	CHECK(sne_communes_find(t, "7401", &c) != 0, "4 caractères : inconnu");
	CHECK(sne_communes_find(t, "740100", &c) != 0, "6 caractères : inconnu");
	CHECK(sne_communes_find(t, NULL, &c) != 0, "NULL : inconnu");
}

static void test_arrondissements(const struct sne_communes *t)
{
	struct sne_commune c;

	CHECK(sne_communes_find(t, "75113", &c) == 0, "Paris 13e");
	CHECK_STR(nom(&c), "Paris 13e Arrondissement", "nom officiel de l'arrondissement");
	CHECK_STR(c.actuel, "75113", "un arrondissement est courant");
	CHECK_STR(acheminement(&c, "75013"), "PARIS", "PARIS, pas « Paris 13e »");
	CHECK(sne_commune_has_code_postal(&c, "75013"), "75013 est du 13e");
	CHECK(!sne_commune_has_code_postal(&c, "75014"), "75014 n'est pas du 13e");
	CHECK(sne_communes_find(t, "75056", &c) == 0 && sne_commune_has_code_postal(&c, "75116"),
	      "Paris 75056 a les codes de ses arrondissements");
	CHECK_STR(acheminement(&c, "75116"), "PARIS 16", "75116 : PARIS 16");
	CHECK(sne_communes_find(t, "69381", &c) == 0, "Lyon 1er");
	CHECK_STR(acheminement(&c, "69001"), "LYON", "LYON");
	CHECK(sne_communes_find(t, "13216", &c) == 0, "Marseille 16e");
	CHECK_STR(acheminement(&c, "13016"), "MARSEILLE", "MARSEILLE");
}

static void test_former(const struct sne_communes *t)
{
	struct sne_commune c;

	CHECK(sne_communes_find(t, "74011", &c) == 0, "74011 Annecy-le-Vieux connu");
	CHECK_STR(nom(&c), "Annecy-le-Vieux", "nom de la commune déléguée");
	CHECK_STR(c.actuel, "74010", "fusionnée dans Annecy");
	CHECK(sne_communes_find_actuelle(t, "74011", &c) == 0, "commune actuelle de 74011");
	CHECK_STR(c.code, "74010", "74011 -> 74010");
	CHECK_STR(nom(&c), "Annecy", "Annecy");
	CHECK(sne_commune_has_code_postal(&c, "74940"), "74940 est d'Annecy");
	CHECK(sne_communes_find_actuelle(t, "20004", &c) == 0, "ancien code corse 20004");
	CHECK_STR(c.code, "2A004", "20004 -> 2A004 Ajaccio");
}

static void test_corse_outremer(const struct sne_communes *t)
{
	struct sne_commune c;

	CHECK(sne_communes_find(t, "2A004", &c) == 0, "2A004 Ajaccio");
	CHECK_STR(acheminement(&c, "20000"), "AJACCIO", "20000 AJACCIO");
	CHECK_STR(acheminement(&c, "20167"), "MEZZAVIA", "libellé propre au code postal");
	CHECK_STR(acheminement(&c, "75013"), "AJACCIO", "code postal étranger : le premier libellé");
	CHECK(sne_communes_find(t, "2a004", &c) == 0, "2a004 en minuscule");
	CHECK(sne_communes_find(t, "2B033", &c) == 0, "2B033 Bastia");
	CHECK_STR(acheminement(&c, "20200"), "BASTIA", "BASTIA");
	CHECK(sne_communes_find(t, "97101", &c) == 0, "97101 Les Abymes");
	CHECK_STR(acheminement(&c, "97139"), "LES ABYMES", "LES ABYMES");
	CHECK(sne_communes_find(t, "97411", &c) == 0, "97411 Saint-Denis (La Réunion)");
	CHECK(sne_communes_find(t, "97611", &c) == 0, "97611 Mamoudzou");
	CHECK(sne_communes_find(t, "97142", &c) != 0, "97142 est un code postal, pas un code INSEE");
}

/* A table out of order, or not in columns, is refused. */
static void test_malformed(void)
{
	static const char *const bad[] = {
		"# titre\n75113\t75113\tParis\t75013:PARIS\n01001\t01001\tX\t01400:X\n",
		"75113 75113 Paris\n",
		"",
	};
	char why[512];

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char path[] = "/tmp/test_commune_XXXXXX";
		FILE *f = fdopen(mkstemp(path), "w");

		fputs(bad[i], f);
		fclose(f);
		why[0] = '\0';
		CHECK(sne_communes_open(path, why, sizeof why) == NULL && why[0] != '\0',
		      "table mal formée %zu refusée : %s", i, why);
		remove(path);
	}
	CHECK(sne_communes_open("/nonexistent/communes.tsv", why, sizeof why) == NULL &&
	      strstr(why, "illisible") != NULL, "table absente : %s", why);
}

int main(void)
{
	char why[512];
	struct sne_communes *t = sne_communes_open(TABLE, why, sizeof why);

	if (!CHECK(t != NULL, "table livrée ouverte (%s)", t ? "" : why))
		return check_done();
	test_current(t);
	test_arrondissements(t);
	test_former(t);
	test_corse_outremer(t);
	test_malformed();
	sne_communes_close(t);
	return check_done();
}
