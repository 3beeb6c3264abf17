/* The address block of a letter (NF Z10-011): 6 lines of 38 characters,
 * the town from the INSEE code, capitals, abroad, salutation. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "sne/adresse.h"

#define TABLE "share/communes/communes.tsv"

static char out[SNE_ADRESSE_SIZE], why[512];
static struct sne_communes *table;

static int format(const struct sne_adresse *a)
{
	why[0] = '\0';
	return sne_adresse_format(a, table, out, why, sizeof why);
}

/* Line N (from 1) of the block, or "" */
static const char *line(int n)
{
	static char buf[SNE_ADRESSE_SIZE];
	const char *p = out;

	for (int i = 1; i < n && p; i++)
		p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL;
	snprintf(buf, sizeof buf, "%.*s", p ? (int)strcspn(p, "\n") : 0, p ? p : "");
	return buf;
}

static int lines(void)
{
	int n = out[0] != '\0';

	for (const char *p = out; *p; p++)
		n += *p == '\n';
	return n;
}

static void test_town_from_insee(void)
{
	struct sne_adresse a = { .civilite = "1", .prenom = "Thành", .nom = "Nguyen",
	                         .numero = "48", .voie = "boulevard Vincent Auriol",
	                         .code_postal = "75013", .commune = "75113" };

	CHECK(format(&a) == 0, "adresse de l'échantillon");
	CHECK_STR(out, "M. Thành Nguyen\n48 boulevard Vincent Auriol\n75013 PARIS",
	          "75113 : PARIS, libellé d'acheminement");
	a.code_postal = "69003", a.commune = "69383";
	CHECK(format(&a) == 0 && strcmp(line(3), "69003 LYON") == 0, "Lyon 3e : %s", line(3));
	a.code_postal = "13016", a.commune = "13216";
	CHECK(format(&a) == 0 && strcmp(line(3), "13016 MARSEILLE") == 0, "Marseille 16e");
	a.code_postal = "20000", a.commune = "2A004";
	CHECK(format(&a) == 0 && strcmp(line(3), "20000 AJACCIO") == 0, "Corse 2A");
	a.code_postal = "20200", a.commune = "2B033";
	CHECK(format(&a) == 0 && strcmp(line(3), "20200 BASTIA") == 0, "Corse 2B");
	a.code_postal = "97139", a.commune = "97101";
	CHECK(format(&a) == 0 && strcmp(line(3), "97139 LES ABYMES") == 0, "Guadeloupe 971");
	a.code_postal = "97600", a.commune = "97611";
	CHECK(format(&a) == 0 && strcmp(line(3), "97600 MAMOUDZOU") == 0, "Mayotte 976 : %s",
	      line(3));
}

static void test_former_commune(void)
{
	struct sne_adresse a = { .civilite = "2", .prenom = "Élodie", .nom = "Martin",
	                         .numero = "3", .voie = "rue du Lac",
	                         .code_postal = "74940", .commune = "74011" };

	CHECK(format(&a) == 0, "commune déléguée");
	CHECK_STR(out, "Mme Élodie Martin\n3 rue du Lac\nANNECY-LE-VIEUX\n74940 ANNECY",
	          "ligne 5 : l'ancienne commune, ligne 6 : la commune actuelle");
	a.lieu_dit = "Les Barattes";
	CHECK(format(&a) == 0 && strcmp(line(3), "Les Barattes") == 0, "le lieu-dit l'emporte");
}

static void test_capitals(void)
{
	struct sne_adresse a = { .nom = "Roy", .voie = "rue Battant", .code_postal = "25000",
	                         .ville = "Besançon" };
	char buf[64];

	CHECK(format(&a) == 0 && strcmp(line(3), "25000 BESANÇON") == 0, "BESANÇON : %s", line(3));
	a.ville = "Villeneuve-lès-Avignon", a.code_postal = "30400";
	CHECK(format(&a) == 0 && strcmp(line(3), "30400 VILLENEUVE-LÈS-AVIGNON") == 0, "LÈS");
	CHECK_STR(sne_majuscules("œuvre à l'Haÿ-les-Roses", buf, sizeof buf),
	          "ŒUVRE À L'HAŸ-LES-ROSES", "Œ, À, Ÿ");
	CHECK_STR(sne_majuscules("éé", buf, 4), "É", "coupé entre deux caractères");
	a.ville = NULL, a.commune = "25056", a.code_postal = "25000";
	CHECK(format(&a) == 0 && strcmp(line(3), "25000 BESANCON") == 0,
	      "sans ville : le libellé de La Poste, sans accent");
}

static void test_width(void)
{
	/* "12 " + 35 characters = 38 exactly */
	struct sne_adresse a = { .nom = "Roy", .numero = "12",
	                         .voie = "rue des Hirondelles Blanches du Val", /* 35 */
	                         .code_postal = "74000", .commune = "74010" };

	CHECK(strlen(a.voie) == 35, "voie de 35 caractères");
	CHECK(format(&a) == 0 && lines() == 3 && strlen(line(2)) == 38,
	      "38 caractères : une ligne");
	a.voie = "rue des Hirondelles Blanches du Vals"; /* 39 with "12 " */
	CHECK(format(&a) == 0 && lines() == 4, "39 caractères : deux lignes");
	CHECK_STR(line(2), "12 rue des Hirondelles Blanches du", "coupée à un espace");
	CHECK_STR(line(3), "Vals", "la suite");
	a.voie = "avenue du Général de Gaulle prolongée"; /* 40 with "12 " */
	CHECK(format(&a) == 0 && strcmp(line(2), "12 AV du GEN de Gaulle prolongée") == 0,
	      "abrégée : %s", line(2));
	a.voie = "rue Éloïse Hirondelles Blanches du Val";  /* accents count one */
	CHECK(format(&a) == 0 && lines() == 4, "accents : caractères, pas octets");
}

static void test_six_lines(void)
{
	struct sne_adresse a = { .civilite = "2", .nom = "Roy",
	                         .complement = "Appartement 12 escalier B troisième étage "
	                                       "Résidence Les Tilleuls", /* 2 lines */
	                         .numero = "1", .voie = "rue Haute", .lieu_dit = "Les Granges",
	                         .code_postal = "74000", .commune = "74010" };

	CHECK(format(&a) == 0 && lines() == 6, "6 lignes : accepté (%s)", why);
	CHECK_STR(line(6), "74000 ANNECY", "la dernière ligne est la localité");
	a.complement = "Appartement 12 escalier B troisième étage Résidence Les Tilleuls "
	               "bâtiment C porte gauche au fond";  /* 3 lines */
	CHECK(format(&a) == -1 && strstr(why, "6 lignes de 38") != NULL && out[0] == '\0',
	      "7 lignes : refusé (%s)", why);
}

static void test_no_town(void)
{
	struct sne_adresse a = { .nom = "Roy", .voie = "rue Haute", .code_postal = "74000" };

	CHECK(format(&a) == -1 && strstr(why, "ni code commune") != NULL, "sans ville ni commune");
	a.commune = "74999";
	CHECK(format(&a) == -1 && strstr(why, "« 74999 »") != NULL, "code inconnu nommé : %s", why);
	a.commune = "74010";
	CHECK(sne_adresse_format(&a, NULL, out, why, sizeof why) == -1, "sans table : refusé");
	a.code_postal = NULL;
	CHECK(format(&a) == 0 && out[0] == '\0', "sans code postal : pas d'adresse");
	a.code_postal = "74000", a.voie = NULL;
	CHECK(format(&a) == 0 && out[0] == '\0', "sans voie ni lieu-dit : pas d'adresse");
	a.voie = "rue Haute", a.ville = "Saint-Rémy-en-Bouzemont-Saint-Genest-et-Isson-Longue";
	CHECK(format(&a) == -1 && strstr(why, "plus de 38") != NULL, "ville trop longue : %s", why);
}

static void test_abroad(void)
{
	struct sne_adresse a = { .civilite = "1", .prenom = "Hans", .nom = "Müller",
	                         .numero = "12", .voie = "Bahnhofstrasse",
	                         .code_postal = "8001", .ville = "Zürich", .pays = "Suisse",
	                         .etranger = 1 };

	CHECK(format(&a) == 0, "adresse à l'étranger");
	CHECK_STR(out, "M. Hans Müller\n12 Bahnhofstrasse\n8001 ZÜRICH\nSUISSE",
	          "dernière ligne : le pays en capitales");
	a.pays = NULL;
	CHECK(format(&a) == -1 && strstr(why, "sans pays") != NULL, "sans pays : refusé");
}

static void test_salutation(void)
{
	CHECK_STR(sne_adresse_salutation("1"), "Monsieur", "1 : Monsieur");
	CHECK_STR(sne_adresse_salutation("2"), "Madame", "2 : Madame");
	CHECK_STR(sne_adresse_salutation(NULL), "Madame, Monsieur", "inconnue");
	CHECK_STR(sne_adresse_salutation("3"), "Madame, Monsieur", "code hors liste");
}

int main(void)
{
	table = sne_communes_open(TABLE, why, sizeof why);
	if (!CHECK(table != NULL, "table des communes (%s)", why))
		return check_done();
	test_town_from_insee();
	test_former_commune();
	test_capitals();
	test_width();
	test_six_lines();
	test_no_town();
	test_abroad();
	test_salutation();
	sne_communes_close(table);
	return check_done();
}
