/* Mobile numbers and e-mail addresses for notices. */
#include <string.h>

#include "check.h"
#include "sne/contact.h"

static void mobile_is(const char *text, const char *want)
{
	char out[SNE_MOBILE_SIZE] = "";
	int ok = sne_contact_mobile(text, out, sizeof out);

	if (want == NULL) {
		CHECK(!ok, "mobile « %s » refusé", text);
		return;
	}
	CHECK(ok, "mobile « %s » accepté", text);
	CHECK_STR(out, want, "mobile « %s » normalisé", text);
}

static void courriel_is(const char *text, const char *want)
{
	char out[SNE_COURRIEL_SIZE] = "";
	int ok = sne_contact_courriel(text, out, sizeof out);

	if (want == NULL) {
		CHECK(!ok, "courriel « %s » refusé", text ? text : "(null)");
		return;
	}
	CHECK(ok, "courriel « %s » accepté", text);
	CHECK_STR(out, want, "courriel « %s » copié sans blancs", text);
}

static void test_metropolitan_mobiles(void)
{
	mobile_is("0612345678", "+33612345678");
	mobile_is("07 81 22 40 19", "+33781224019");
	mobile_is("06.12.34.56.78", "+33612345678");
	mobile_is("06-12-34-56-78", "+33612345678");
	mobile_is("+33 6 12 34 56 78", "+33612345678");
	mobile_is("+33712345678", "+33712345678");
	mobile_is("0033612345678", "+33612345678");
	mobile_is(" 0612345678 ", "+33612345678");
}

static void test_not_mobiles(void)
{
	mobile_is("0112345678", NULL);        /* landline */
	mobile_is("0812345678", NULL);
	mobile_is("061234567", NULL);         /* 9 digits */
	mobile_is("06123456789", NULL);       /* 11 digits */
	mobile_is("+33 0612345678", NULL);    /* trunk 0 after +33 */
	mobile_is("+33112345678", NULL);
	mobile_is("+44 7911 123456", NULL);   /* foreign */
	mobile_is("06 12 34 56 7a", NULL);
	mobile_is("06/12/34/56/78", NULL);
	mobile_is("", NULL);
	mobile_is("+", NULL);
	mobile_is("612345678", NULL);         /* no leading 0 */
	mobile_is("06123456781234567890", NULL);
	CHECK(!sne_contact_mobile(NULL, (char[SNE_MOBILE_SIZE]){ 0 }, SNE_MOBILE_SIZE),
	      "mobile NULL refusé");
}

static void test_overseas_mobiles(void)
{
	mobile_is("0639 12 34 56", "+262639123456");   /* Mayotte */
	mobile_is("0692123456", "+262692123456");      /* Réunion */
	mobile_is("0693123456", "+262693123456");
	mobile_is("0690123456", "+590690123456");      /* Guadeloupe */
	mobile_is("0691123456", "+590691123456");
	mobile_is("0694123456", "+594694123456");      /* Guyane */
	mobile_is("0696123456", "+596696123456");      /* Martinique */
	mobile_is("0697123456", "+596697123456");
	mobile_is("+262 692 12 34 56", "+262692123456");
	mobile_is("+262639123456", "+262639123456");
	mobile_is("00262692123456", "+262692123456");
	mobile_is("+590 690 12 34 56", "+590690123456");
	mobile_is("+594694123456", "+594694123456");
	mobile_is("00596696123456", "+596696123456");
	mobile_is("+33 6 92 12 34 56", "+262692123456");
	/* an overseas code only reaches its own ranges */
	mobile_is("+262 612345678", NULL);
	mobile_is("+590692123456", NULL);
	mobile_is("+596694123456", NULL);
	mobile_is("+2626921234567", NULL);
}

static void test_courriels(void)
{
	courriel_is("elodie.martin@example.org", "elodie.martin@example.org");
	courriel_is("  a@b.fr \n", "a@b.fr");
	courriel_is("prenom+sne@sous.domaine.gouv.fr", "prenom+sne@sous.domaine.gouv.fr");
	courriel_is("a@localhost", NULL);
	courriel_is("a@@b.fr", NULL);
	courriel_is("a@b@c.fr", NULL);
	courriel_is("@b.fr", NULL);
	courriel_is("a@", NULL);
	courriel_is("a@.b.fr", NULL);
	courriel_is("a@b.fr.", NULL);
	courriel_is("a@b..fr", NULL);
	courriel_is("élodie martin@example.org", NULL);
	courriel_is("a\t@b.fr", NULL);
	courriel_is("a.b.fr", NULL);
	courriel_is("", NULL);
	courriel_is(NULL, NULL);
}

static void test_courriel_length(void)
{
	char text[400];

	memset(text, 'a', sizeof text);
	memcpy(text + 254 - 5, "@b.fr", 6);  /* 254 bytes */
	courriel_is(text, text);
	memset(text, 'a', sizeof text);
	memcpy(text + 255 - 5, "@b.fr", 6);  /* 255 bytes */
	courriel_is(text, NULL);
}

int main(void)
{
	test_metropolitan_mobiles();
	test_not_mobiles();
	test_overseas_mobiles();
	test_courriels();
	test_courriel_length();
	return check_done();
}
