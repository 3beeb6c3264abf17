/* Notice templates: placeholders checked at load, rendering, SMS length. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "sne/template.h"

static const char *const names[] = { "nom", "prenom", "numero" };
#define NNAMES (sizeof names / sizeof names[0])
#define SNE_WHY 256

static struct sne_template *parse(const char *text, char *why)
{
	return sne_template_parse("t.txt", text, strlen(text), names, NNAMES, why, SNE_WHY);
}

static void test_render(void)
{
	char why[SNE_WHY] = "";
	struct sne_template *t = parse("Bonjour {prenom} {nom}, demande {numero}.\n", why);
	const char *values[] = { "Martin", "Élodie", "0740317000123G0417" };
	const char *missing = NULL;
	char *text;

	CHECK(t != NULL, "modèle valide chargé (%s)", why);
	if (t == NULL)
		return;
	CHECK(sne_template_uses(t, 0) && sne_template_uses(t, 2), "paramètres utilisés notés");
	text = sne_template_render(t, values, &missing);
	CHECK_STR(text, "Bonjour Élodie Martin, demande 0740317000123G0417.",
	          "rendu sans le saut de ligne final");
	free(text);
	values[1] = "";
	CHECK(sne_template_render(t, values, &missing) == NULL, "valeur vide refusée");
	CHECK_STR(missing, "prenom", "paramètre manquant nommé");
	values[1] = NULL;
	missing = NULL;
	CHECK(sne_template_render(t, values, &missing) == NULL, "valeur NULL refusée");
	CHECK_STR(missing, "prenom", "paramètre NULL nommé");
	sne_template_free(t);
}

static void test_unused_value_may_be_missing(void)
{
	char why[SNE_WHY] = "";
	struct sne_template *t = parse("Dossier {numero}", why);
	const char *values[] = { NULL, NULL, "X" };
	const char *missing = NULL;
	char *text = t ? sne_template_render(t, values, &missing) : NULL;

	CHECK(!sne_template_uses(t, 0), "paramètre absent non utilisé");
	CHECK_STR(text, "Dossier X", "valeur inutile absente : rendu quand même");
	free(text);
	sne_template_free(t);
}

static void test_unknown_placeholder(void)
{
	char why[SNE_WHY] = "";

	CHECK(parse("ligne 1\nBonjour {Nom}\n", why) == NULL, "paramètre inconnu refusé");
	CHECK(strstr(why, "t.txt:2:") != NULL, "fichier et ligne nommés : %s", why);
	CHECK(strstr(why, "{Nom}") != NULL && strstr(why, "{nom}, {prenom}, {numero}") != NULL,
	      "paramètre fautif et possibles nommés : %s", why);
}

/* TEXT parsed and rendered with VALUES (NULL when either fails); free()
 * the result. */
static char *rendered(const char *text, const char *const *values)
{
	char why[SNE_WHY] = "";
	struct sne_template *t = parse(text, why);
	const char *missing = NULL;
	char *out = t ? sne_template_render(t, values, &missing) : NULL;

	sne_template_free(t);
	return out;
}

static void check_rendered(const char *text, const char *const *values, const char *expected,
                           const char *what)
{
	char *out = rendered(text, values);

	CHECK_STR(out, expected, "%s", what);
	free(out);
}

static void test_literal_braces(void)
{
	const char *values[] = { "a", "b", "c" };

	check_rendered("{} { nom } {nom", values, "{} { nom } {nom",
	               "accolades sans nom gardées telles quelles");
}

/* Placeholders side by side, first, last, twice, and a brace that opens
 * no name just before one: the pieces cut at load give the same text. */
static void test_placeholders_adjacent(void)
{
	const char *values[] = { "Martin", "Élodie", "X1" };

	check_rendered("{numero}{nom} {{prenom}} {nom}{", values, "X1Martin {Élodie} Martin{",
	               "valeurs collées, en tête, en fin, répétées");
	check_rendered("{prenom}", values, "Élodie", "modèle fait d'un seul paramètre");
}

static void test_bad_files(void)
{
	char why[SNE_WHY] = "";

	CHECK(sne_template_parse("l.txt", "caf\xe9", 4, names, NNAMES, why, sizeof why) == NULL,
	      "Latin-1 refusé");
	CHECK(strstr(why, "UTF-8") != NULL, "raison : %s", why);
	CHECK(parse("\n", why) == NULL && strstr(why, "vide") != NULL, "modèle vide refusé");
	CHECK(sne_template_load("/nonexistent/x.txt", names, NNAMES, why, sizeof why) == NULL,
	      "fichier absent refusé");
	CHECK(strstr(why, "/nonexistent/x.txt") != NULL, "fichier absent nommé : %s", why);
}

static void test_sms_parts(void)
{
	char text[400];
	size_t units;

	memset(text, 'a', 160);
	text[160] = '\0';
	CHECK(sne_sms_parts(text, &units) == 1 && units == 160, "160 caractères GSM : 1 SMS");
	text[160] = 'a';
	text[161] = '\0';
	CHECK(sne_sms_parts(text, &units) == 2, "161 caractères GSM : 2 SMS");
	memset(text, 'a', 306);
	text[306] = '\0';
	CHECK(sne_sms_parts(text, NULL) == 2, "306 caractères GSM : 2 SMS");
	text[306] = 'a';
	text[307] = '\0';
	CHECK(sne_sms_parts(text, NULL) == 3, "307 caractères GSM : 3 SMS");
	CHECK(sne_sms_parts("éèàùÉ", &units) == 1 && units == 5, "accents du jeu GSM : 7 bits");
	memset(text, 'a', 159);
	strcpy(text + 159, "€");
	CHECK(sne_sms_parts(text, &units) == 2 && units == 161, "€ compte double");
	memset(text, 'a', 69);
	strcpy(text + 69, "ê");
	CHECK(sne_sms_parts(text, &units) == 1 && units == 70, "ê : UCS-2, 70 caractères en 1 SMS");
	memset(text, 'a', 70);
	strcpy(text + 70, "ê");
	CHECK(sne_sms_parts(text, &units) == 2 && units == 71, "71 caractères UCS-2 : 2 SMS");
	CHECK(sne_sms_parts("a^{}\\[]~|b", &units) == 1 && units == 18,
	      "^ { } \\ [ ] ~ | : deux septets chacun");
	CHECK(sne_sms_parts("a`b", &units) == 1 && units == 3, "` hors du jeu GSM : UCS-2");
	CHECK(sne_sms_parts("@$_ !~", &units) == 1 && units == 7, "@ $ _ : un septet");
}

/* "Sujet : …" then an empty line is the subject, not part of the text. */
static void test_subject(void)
{
	char why[SNE_WHY] = "";
	const char *values[] = { "Martin", "Élodie", "0740317000123G0417" };
	const char *missing = NULL;
	struct sne_template *t = parse("Sujet : votre demande {numero}\n\nBonjour {prenom},\n", why);
	char *subject = t ? sne_template_render_subject(t, values, &missing) : NULL;
	char *text = t ? sne_template_render(t, values, &missing) : NULL;

	CHECK(t != NULL && sne_template_has_subject(t), "sujet lu (%s)", why);
	CHECK_STR(subject, "votre demande 0740317000123G0417", "sujet rendu");
	CHECK_STR(text, "Bonjour Élodie,", "le texte sans le sujet");
	CHECK(t && sne_template_uses(t, 2), "paramètre du sujet noté");
	free(subject);
	free(text);
	sne_template_free(t);
	t = parse("Bonjour {prenom},\nSujet : x\n", why);
	CHECK(t != NULL && !sne_template_has_subject(t), "« Sujet : » hors de la 1re ligne : du texte");
	CHECK(t && sne_template_render_subject(t, values, &missing) == NULL &&
	      strcmp(missing, "sujet") == 0, "pas de sujet à rendre");
	sne_template_free(t);
	CHECK(parse("Sujet : x\nBonjour\n", why) == NULL && strstr(why, "ligne vide"),
	      "sujet sans ligne vide : refusé (%s)", why);
	CHECK(parse("Sujet : \n\nBonjour\n", why) == NULL, "sujet vide : refusé");
	CHECK(parse("Sujet : x\n\n", why) == NULL, "sujet sans texte : refusé");
	CHECK(parse("Sujet : {solde}\n\nBonjour\n", why) == NULL && strstr(why, "t.txt:1:"),
	      "paramètre inconnu du sujet, ligne 1 : %s", why);
	CHECK(parse("Sujet : x\n\nBonjour {solde}\n", why) == NULL && strstr(why, "t.txt:3:"),
	      "paramètre inconnu du texte, ligne 3 : %s", why);
}

int main(void)
{
	test_render();
	test_subject();
	test_unused_value_may_be_missing();
	test_unknown_placeholder();
	test_literal_braces();
	test_placeholders_adjacent();
	test_bad_files();
	test_sms_parts();
	return check_done();
}
