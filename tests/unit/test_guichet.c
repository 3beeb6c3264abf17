/* Unit tests of lib/guichet.c: normalisation of what people type, and the
 * strict [0-9A-Z]{5} check after it. */
#include "sne/guichet.h"

#include <string.h>

#include "check.h"

static void accepts(const char *text, const char *want)
{
	char out[SNE_GUICHET_SIZE] = "";
	char why[256] = "";
	int rc = sne_guichet_parse(text, out, why, sizeof why);

	if (!CHECK(rc == 0, "« %s » est un code guichet", text))
		printf("#   why: %s\n", why);
	else
		CHECK_STR(out, want, "« %s » donne %s", text, want);
}

static void refuses(const char *text)
{
	char out[SNE_GUICHET_SIZE] = "keep";
	char why[256] = "";

	CHECK(sne_guichet_parse(text, out, why, sizeof why) == -1, "« %s » est refusé",
	      text ? text : "(null)");
	CHECK_STR(out, "keep", "OUT est intact en cas d'erreur");
	if (!CHECK(strstr(why, "attendu 5 caractères, chiffres ou lettres, par exemple G0417")
	           != NULL,
	           "le motif dit la forme attendue"))
		printf("#   why: %s\n", why);
}

int main(void)
{
	char out[SNE_GUICHET_SIZE], why[256];

	accepts("G1104", "G1104");
	accepts("g1104", "G1104");
	accepts("g 1104", "G1104");
	accepts(" G-11 04\t", "G1104");
	accepts("GDPUB", SNE_GUICHET_PGP);
	accepts("gdpub", "GDPUB");
	accepts("G11O4", "G11O4"); /* letter O is a letter like any other */
	accepts("00000", "00000");
	accepts("ZZZZZ", "ZZZZZ");
	refuses("G110");
	refuses("G1104X");
	refuses("G 1 1 0");
	refuses("G11_4");
	refuses("G11.4");
	refuses("G11é4");
	refuses("G1104;");
	refuses("");
	refuses("   ");
	refuses(NULL);

	sne_guichet_parse("g11", out, why, sizeof why);
	CHECK_STR(why, "code guichet « g11 » invalide : attendu 5 caractères, chiffres ou "
	          "lettres, par exemple G0417", "le motif cite le texte tel que tapé");
	sne_guichet_parse("", out, why, sizeof why);
	CHECK(strncmp(why, "code guichet vide", 17) == 0, "un texte vide est dit vide");
	CHECK(sne_guichet_parse("G110", out, NULL, 0) == -1, "WHY peut être NULL");
	return check_done();
}
