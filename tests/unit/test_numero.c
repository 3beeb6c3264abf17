/* Unit tests of lib/numero.c: the contract's examples, tolerant input, and
 * a reason naming the segment for every kind of error. */
#include "sne/numero.h"

#include <string.h>

#include "check.h"

/* TEXT parses and formats back as WANT. */
static void accepts(const char *text, const char *want)
{
	struct sne_numero numero;
	char out[SNE_NUMERO_SIZE] = "";
	char why[256] = "";

	if (!CHECK(sne_numero_parse(text, &numero, why, sizeof why) == 0, "« %s » se lit",
	           text)) {
		printf("#   why: %s\n", why);
		return;
	}
	sne_numero_format(&numero, out);
	CHECK_STR(out, want, "« %s » est %s", text, want);
}

/* TEXT is refused with a reason containing WANT. */
static void refuses(const char *text, const char *want)
{
	struct sne_numero numero = { "kp", 7, 7, 7, "keep" };
	char why[256] = "";

	CHECK(sne_numero_parse(text, &numero, why, sizeof why) == -1, "« %s » est refusé",
	      text ? text : "(null)");
	CHECK(strcmp(numero.territoire, "kp") == 0 && numero.mois == 7
	      && strcmp(numero.guichet, "keep") == 0, "OUT est intact en cas d'erreur");
	if (!CHECK(strstr(why, want) != NULL, "le motif dit « %s »", want))
		printf("#   why: %s\n", why);
}

static void test_fields(void)
{
	struct sne_numero numero;
	char why[256] = "";

	CHECK(sne_numero_parse("1110318016982G1104", &numero, why, sizeof why) == 0,
	      "l'exemple 1 du contrat se lit");
	CHECK_STR(numero.territoire, "111", "territoire");
	CHECK(numero.mois == 3, "mois 03");
	CHECK(numero.annee == 18, "année 18");
	CHECK(numero.sequence == 16982, "séquence 016982");
	CHECK_STR(numero.guichet, "G1104", "code guichet");

	CHECK(sne_numero_parse("0740317000123G0417", &numero, why, sizeof why) == 0,
	      "l'exemple 2 du contrat se lit");
	CHECK_STR(numero.territoire, "074", "territoire");
	CHECK(numero.mois == 3 && numero.annee == 17 && numero.sequence == 123,
	      "mois 03, année 17, séquence 123");
	CHECK_STR(numero.guichet, "G0417", "code guichet");
}

static void test_accepts(void)
{
	accepts("1110318016982G1104", "1110318016982G1104");
	accepts("0740317000123G0417", "0740317000123G0417");
	accepts("111 03 18 016982 g1104", "1110318016982G1104");
	accepts("074-0317-000123-G0417", "0740317000123G0417");
	accepts("\t0740317000123 G0417 ", "0740317000123G0417");
	accepts("02a0101000001gdpub", "02A0101000001GDPUB");
	accepts("02B1299999999G0001", "02B1299999999G0001");
	accepts("9740100000001G11O4", "9740100000001G11O4");
	accepts("0010100000001AAAAA", "0010100000001AAAAA");
}

static void test_refuses(void)
{
	refuses("111031801698G1104", "« 111031801698G1104 » de 17 caractères : attendu 18");
	refuses("11103180169822G1104", "de 19 caractères");
	refuses("111 03 18 016982 g11", "« 1110318016982G11 » de 16 caractères");
	refuses("1110318016982G1104111031801698G1104111031801698G1104",
	        "« 1110318016982G1104111031801698G110411103… » de 52 caractères");
	refuses("", "numéro unique vide");
	refuses(" - ", "numéro unique vide");
	refuses(NULL, "numéro unique vide");
	refuses("111031801698éG1104", "caractère non autorisé");
	refuses("1111318016982G1104", "mois « 13 » invalide (attendu 01 à 12)");
	refuses("1110018016982G1104", "mois « 00 » invalide");
	refuses("1110A18016982G1104", "mois « 0A » invalide");
	refuses("0960318016982G1104", "territoire « 096 » inconnu");
	refuses("0200318016982G1104", "territoire « 020 » inconnu");
	refuses("9770318016982G1104", "territoire « 977 » inconnu");
	refuses("0750318016982G1104",
	        "territoire « 075 » inconnu : l'Île-de-France est le territoire 111");
	refuses("0920318016982G1104", "l'Île-de-France est le territoire 111");
	refuses("11103X8016982G1104", "année « X8 » invalide");
	refuses("1110318000000G1104", "numéro d'ordre « 000000 » invalide");
	refuses("111031801698AG1104", "numéro d'ordre « 01698A » invalide");
	refuses("1110318016982G11_4", "code guichet « G11_4 » invalide");
	refuses("1110318016982G11.4", "code guichet « G11.4 » invalide");
}

static void test_format(void)
{
	struct sne_numero numero = { "02A", 1, 5, 7, "GDPUB" };
	char out[SNE_NUMERO_SIZE];

	sne_numero_format(&numero, out);
	CHECK_STR(out, "02A0105000007GDPUB",
	          "le format complète mois, année et séquence par des zéros");
	numero.sequence = SNE_SEQUENCE_MAX;
	numero.mois = 12;
	numero.annee = 99;
	sne_numero_format(&numero, out);
	CHECK_STR(out, "02A1299999999GDPUB", "la plus grande séquence");
	CHECK(sne_numero_parse("1111318016982G1104", &numero, NULL, 0) == -1,
	      "WHY peut être NULL");
}

int main(void)
{
	test_fields();
	test_accepts();
	test_refuses();
	test_format();
	return check_done();
}
