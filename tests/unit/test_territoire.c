/* Unit tests of lib/territoire.c: territory codes, the territory of INSEE
 * codes (metropole, Île-de-France, Corse, outre-mer) and of a list of
 * communes souhaitées. */
#include "sne/territoire.h"

#include <string.h>

#include "check.h"

static void valid(const char *code, int want)
{
	CHECK(sne_territoire_is_valid(code) == want, "territoire « %s » est %s", code,
	      want ? "valid" : "invalid");
}

static void test_is_valid(void)
{
	valid("001", 1);
	valid("074", 1);
	valid("076", 1);
	valid("090", 1);
	valid("111", 1);
	valid("02A", 1);
	valid("02B", 1);
	valid("971", 1);
	valid("974", 1);
	valid("976", 1);
	valid("000", 0);
	valid("020", 0);  /* Corse is 02A / 02B */
	valid("075", 0);  /* Paris is in 111 */
	valid("077", 0);
	valid("078", 0);
	valid("091", 0);
	valid("095", 0);
	valid("096", 0);
	valid("098", 0);
	valid("099", 0);
	valid("970", 0);
	valid("977", 0);
	valid("112", 0);
	valid("02C", 0);
	valid("02a", 0);  /* codes are canonical here; parsers normalise first */
	valid("74", 0);
	valid("0740", 0);
	valid("", 0);
	CHECK(!sne_territoire_is_valid(NULL), "NULL n'est aucun territoire");
}

static void of_commune(const char *insee, const char *want)
{
	char out[SNE_TERRITOIRE_SIZE] = "";
	char why[256] = "";
	int rc = sne_territoire_of_commune(insee, out, why, sizeof why);

	if (!CHECK(rc == 0, "la commune %s a un territoire", insee))
		printf("#   why: %s\n", why);
	else
		CHECK_STR(out, want, "la commune %s est dans le territoire %s", insee, want);
}

static void commune_refused(const char *insee, const char *want)
{
	char out[SNE_TERRITOIRE_SIZE] = "xx";
	char why[256] = "";

	CHECK(sne_territoire_of_commune(insee, out, why, sizeof why) == -1,
	      "la commune « %s » est refusée", insee ? insee : "(null)");
	CHECK_STR(out, "xx", "OUT est intact en cas d'erreur");
	if (!CHECK(strstr(why, want) != NULL, "le motif dit « %s »", want))
		printf("#   why: %s\n", why);
}

static void test_of_commune(void)
{
	of_commune("74010", "074");
	of_commune("01001", "001");
	of_commune("73065", "073");
	of_commune("76540", "076");
	of_commune("75056", "111");
	of_commune("75113", "111");
	of_commune("77288", "111");
	of_commune("78646", "111");
	of_commune("91228", "111");
	of_commune("92012", "111");
	of_commune("93066", "111");
	of_commune("94041", "111");
	of_commune("95018", "111");
	of_commune("2A004", "02A");
	of_commune("2B033", "02B");
	of_commune("2a004", "02A"); /* lower case accepted and normalised */
	of_commune("2b033", "02B");
	of_commune("97105", "971");
	of_commune("97209", "972");
	of_commune("97302", "973");
	of_commune("97411", "974");
	of_commune("97502", "975");
	of_commune("97611", "976");
	commune_refused("00001", "département 00 inconnu");
	commune_refused("20004", "département 20 inconnu (la Corse s'écrit 2A ou 2B)");
	commune_refused("96001", "« 96001 » : département 96 inconnu");
	commune_refused("98000", "département 98 inconnu");
	commune_refused("99134", "département 99 inconnu");
	commune_refused("97011", "département 970 inconnu (outre-mer : 971 à 976)");
	commune_refused("97701", "département 977 inconnu");
	commune_refused("98811", "département 98 inconnu");
	commune_refused("2C004", "« 2C004 » invalide");
	commune_refused("2A0O4", "« 2A0O4 » invalide");
	commune_refused("7401", "« 7401 » invalide : attendu le code INSEE de 5 caractères");
	commune_refused("740100", "attendu le code INSEE de 5 caractères");
	commune_refused(" 7401", "«  7401 » invalide : attendu 5 chiffres");
	commune_refused("", "«  » invalide");
	commune_refused(NULL, "invalide");
	commune_refused("74000", "aucune commune n'a le numéro 000");
	commune_refused("97400", "aucune commune n'a le numéro 00");
}

/* Territory of the N communes of LIST, which must be WANT. */
static void of_communes(const char *const *list, size_t n, const char *want)
{
	char out[SNE_TERRITOIRE_SIZE] = "";
	char why[256] = "";
	int rc = sne_territoire_of_communes(list, n, out, why, sizeof why);

	if (!CHECK(rc == 0, "les communes %s.. (%zu) ont un seul territoire", list[0], n))
		printf("#   why: %s\n", why);
	else
		CHECK_STR(out, want,
		          "les communes %s.. (%zu) sont dans le territoire %s", list[0], n, want);
}

static void communes_refused(const char *const *list, size_t n, const char *want)
{
	char out[SNE_TERRITOIRE_SIZE] = "xx";
	char why[256] = "";

	CHECK(sne_territoire_of_communes(list, n, out, why, sizeof why) == -1,
	      "la liste de %zu communes est refusée", n);
	CHECK_STR(out, "xx", "OUT est intact en cas d'erreur");
	if (!CHECK(strstr(why, want) != NULL, "le motif dit « %s »", want))
		printf("#   why: %s\n", why);
}

static void test_of_communes(void)
{
	static const char *const annecy[] = { "74010" };
	static const char *const savoies[] = { "74010", "73065" };
	static const char *const haute_savoie[] = { "74010", "74011", "74281" };
	static const char *const idf[] = { "75113", "94041" };
	static const char *const idf_all[] = { "75056", "77288", "78646", "91228",
		                               "92012", "93066", "94041", "95018" };
	static const char *const corse[] = { "2A004", "2B033" };
	static const char *const reunion[] = { "97411", "97415" };
	static const char *const third_bad[] = { "74010", "74011", "96001" };
	static const char *const idf_then_oise[] = { "75113", "94041", "60057" };

	of_communes(annecy, 1, "074");
	of_communes(haute_savoie, 3, "074");
	of_communes(idf, 2, "111");
	of_communes(idf_all, 8, "111");
	of_communes(reunion, 2, "974");
	communes_refused(savoies, 2,
	                 "communes « 74010 » (territoire 074) et « 73065 » (territoire 073) "
	                 "dans deux territoires : une demande par département");
	communes_refused(corse, 2,
	                 "communes « 2A004 » (territoire 02A) et « 2B033 » (territoire 02B) "
	                 "dans deux territoires");
	communes_refused(idf_then_oise, 3, "« 75113 » (territoire 111) et « 60057 » "
	                 "(territoire 060)");
	communes_refused(third_bad, 3, "département 96 inconnu");
	communes_refused(annecy, 0, "aucune commune souhaitée");
	CHECK(sne_territoire_of_communes(savoies, 2, (char[SNE_TERRITOIRE_SIZE]){ 0 }, NULL, 0)
	      == -1, "WHY peut être NULL");
}

int main(void)
{
	test_is_valid();
	test_of_commune();
	test_of_communes();
	return check_done();
}
