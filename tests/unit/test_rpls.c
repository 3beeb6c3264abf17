/* The RPLS reference's logement (lib/rpls.c): the number's shape, each
 * field's rule at its edges, the normalized copy (blanks, case, decimal
 * comma, French date), sameness without the lot, the one-line rendering,
 * and the hash index of short keys. */
#include "check.h"
#include "sne/rpls.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WHY 256

static void test_is_valid(void)
{
	CHECK(sne_rpls_is_valid("74A0001234"), "10 caractères 0-9 A-Z : valide");
	CHECK(sne_rpls_is_valid("0000000000"), "10 chiffres : valide");
	CHECK(!sne_rpls_is_valid("74A000123"), "9 caractères : invalide");
	CHECK(!sne_rpls_is_valid("74A00012345"), "11 caractères : invalide");
	CHECK(!sne_rpls_is_valid("74a0001234"), "minuscule : invalide");
	CHECK(!sne_rpls_is_valid("74A000123 "), "espace : invalide");
	CHECK(!sne_rpls_is_valid(""), "vide : invalide");
}

static struct sne_rpls_logement base(void)
{
	return (struct sne_rpls_logement){
		.rpls = "74A0001234", .commune = "74010", .numero = "12", .type_voie = "RUE",
		.voie = "des Lilas", .code_postal = "74000", .pieces = "3", .surface = "65.5",
		.financement = "PLUS", .construction = "1998", .mise_en_service = "2017-01-15",
		.lot_id = "lot-1", .lot_date = "2017-03-01",
	};
}

/* Whether L normalizes; on success *OUT holds the copy (freed by caller). */
static int accepted(struct sne_rpls_logement l, struct sne_rpls_logement **out, char *why)
{
	*out = sne_rpls_normalize(&l, why, WHY);
	return *out != NULL;
}

static void test_normalize(void)
{
	struct sne_rpls_logement l = base(), *n;
	char why[WHY] = "";

	l.rpls = " 74a0001234\t";
	l.commune = "2a004 ";
	l.surface = "65,50";
	l.mise_en_service = "15/01/2017";
	l.voie = "  des Lilas \r\n";
	CHECK(accepted(l, &n, why), "logement normalisé (%s)", why);
	if (n == NULL)
		return;
	CHECK_STR(n->rpls, "74A0001234", "numéro RPLS : blancs ôtés, en majuscules");
	CHECK_STR(n->commune, "2A004", "commune en majuscules (Corse 2A)");
	CHECK_STR(n->surface, "65.50", "surface : la virgule devient un point");
	CHECK_STR(n->mise_en_service, "2017-01-15", "date JJ/MM/AAAA rendue en ISO");
	CHECK_STR(n->voie, "des Lilas", "blancs de tête et de fin ôtés, retour à la ligne compris");
	CHECK_STR(n->lot_id, "lot-1", "lot gardé");
	free(n);

	l = base();
	l.numero = NULL, l.type_voie = NULL, l.voie = NULL, l.code_postal = NULL;
	l.financement = NULL, l.construction = NULL, l.lot_id = NULL, l.lot_date = NULL;
	CHECK(accepted(l, &n, why), "champs facultatifs absents : accepté");
	CHECK(n != NULL && strcmp(n->code_postal, "") == 0 && strcmp(n->lot_date, "") == 0,
	      "champs absents : chaînes vides, jamais NULL");
	free(n);

	l = base();
	l.commune = "\n 97411";
	CHECK(accepted(l, &n, why), "saut de ligne en tête (élément indenté) : ôté, outre-mer 974");
	CHECK(n != NULL && strcmp(n->commune, "97411") == 0, "commune 97411 sans blancs");
	free(n);
}

/* Field F of the base logement set to VALUE: accepted or not. */
static int with(const char *field, const char *value, char *why)
{
	struct sne_rpls_logement l = base(), *n;
	int ok;

	if (strcmp(field, "rpls") == 0) l.rpls = value;
	else if (strcmp(field, "commune") == 0) l.commune = value;
	else if (strcmp(field, "pieces") == 0) l.pieces = value;
	else if (strcmp(field, "surface") == 0) l.surface = value;
	else if (strcmp(field, "code_postal") == 0) l.code_postal = value;
	else if (strcmp(field, "construction") == 0) l.construction = value;
	else if (strcmp(field, "date") == 0) l.mise_en_service = value;
	else abort();
	why[0] = '\0';
	ok = accepted(l, &n, why);
	free(n);
	return ok;
}

static void test_field_edges(void)
{
	char why[WHY];

	CHECK(!with("rpls", "74A000123", why) && strstr(why, "numéro RPLS « 74A000123 » invalide"),
	      "RPLS de 9 caractères refusé, dit pourquoi");
	CHECK(!with("commune", "20004", why), "commune du département 20 refusée (Corse : 2A/2B)");
	CHECK(with("commune", "2B033", why), "commune 2B033 acceptée");
	CHECK(with("commune", "97611", why), "Mayotte 976 acceptée");
	CHECK(!with("commune", "97711", why), "977 refusé");
	CHECK(!with("commune", "74000", why), "commune 000 refusée (un code postal)");
	CHECK(!with("pieces", "0", why) && strstr(why, "nombre de pièces « 0 »"), "0 pièce refusé");
	CHECK(with("pieces", "1", why), "1 pièce acceptée");
	CHECK(with("pieces", "99", why), "99 pièces acceptées");
	CHECK(!with("pieces", "100", why), "100 pièces refusées");
	CHECK(!with("pieces", "", why), "pièces absentes refusées");
	CHECK(!with("pieces", "3a", why), "pièces « 3a » refusées");
	CHECK(with("surface", "9999.99", why), "surface 9999,99 acceptée");
	CHECK(!with("surface", "10000", why), "surface de 5 chiffres refusée");
	CHECK(with("surface", "0,01", why), "surface 0,01 acceptée");
	CHECK(!with("surface", "0", why) && strstr(why, "surface « 0 » invalide"), "surface 0 refusée");
	CHECK(!with("surface", "0,00", why), "surface 0,00 refusée");
	CHECK(!with("surface", "65.", why), "surface « 65. » refusée");
	CHECK(!with("surface", ",5", why), "surface « ,5 » refusée");
	CHECK(!with("surface", "65.555", why), "trois décimales refusées");
	CHECK(!with("surface", "-5", why), "surface négative refusée");
	CHECK(!with("surface", "65.5.1", why), "deux séparateurs refusés");
	CHECK(with("code_postal", "", why), "code postal absent accepté");
	CHECK(!with("code_postal", "7400", why) && strstr(why, "code postal « 7400 »"),
	      "code postal de 4 chiffres refusé");
	CHECK(!with("code_postal", "740000", why), "code postal de 6 chiffres refusé");
	CHECK(with("construction", "", why), "année absente acceptée");
	CHECK(!with("construction", "98", why) && strstr(why, "année de construction"),
	      "année de 2 chiffres refusée");
	CHECK(with("date", "2024-02-29", why), "29 février d'une année bissextile accepté");
	CHECK(!with("date", "2023-02-29", why) && strstr(why, "date d'immatriculation « 2023-02-29 »"),
	      "29 février 2023 refusé, dit pourquoi");
	CHECK(with("date", "31/12/1999", why), "31/12/1999 accepté");
	CHECK(!with("date", "", why), "date absente refusée");
}

static void test_same(void)
{
	struct sne_rpls_logement a = base(), b = base();

	CHECK(sne_rpls_same(&a, &b), "mêmes champs : même logement");
	b.lot_id = "lot-2", b.lot_date = "2020-01-01";
	CHECK(sne_rpls_same(&a, &b), "autre lot : même logement (le lot ne compte pas)");
	b.surface = "65.6";
	CHECK(!sne_rpls_same(&a, &b), "autre surface : autre logement");
	b = base(), b.financement = NULL, a.financement = "";
	CHECK(sne_rpls_same(&a, &b), "NULL et vide : pareils");
	b.construction = "1999";
	CHECK(!sne_rpls_same(&a, &b), "autre année de construction : autre logement");
}

static void test_render(void)
{
	struct sne_rpls_logement l = base();
	size_t len;
	char *text;

	l.voie = "Pré & \"Bois\"";
	text = sne_rpls_render(&l, "r", &len);
	CHECK_STR(text,
	          "<r:logement rpls=\"74A0001234\"><r:commune>74010</r:commune><r:adresse>"
	          "<r:numero>12</r:numero><r:type>RUE</r:type><r:voie>Pré &amp; &quot;Bois&quot;</r:voie>"
	          "<r:codePostal>74000</r:codePostal></r:adresse><r:pieces>3</r:pieces>"
	          "<r:surface>65.5</r:surface><r:financement>PLUS</r:financement>"
	          "<r:construction>1998</r:construction><r:miseEnService>2017-01-15</r:miseEnService>"
	          "<r:lot id=\"lot-1\" date=\"2017-03-01\"/></r:logement>",
	          "logement sur une ligne, préfixe r, texte échappé");
	CHECK(text != NULL && len == strlen(text), "longueur rendue");
	free(text);

	l = base();
	l.numero = "", l.type_voie = "", l.voie = "", l.code_postal = "";
	l.financement = "", l.lot_id = "", l.lot_date = "";
	text = sne_rpls_render(&l, "", &len);
	CHECK_STR(text,
	          "<logement rpls=\"74A0001234\"><commune>74010</commune><pieces>3</pieces>"
	          "<surface>65.5</surface><construction>1998</construction>"
	          "<miseEnService>2017-01-15</miseEnService></logement>",
	          "sans préfixe ; adresse, financement et lot vides : absents");
	free(text);
	l.lot_date = "2020-01-01";
	text = sne_rpls_render(&l, "", &len);
	CHECK(strstr(text, "<lot date=\"2020-01-01\"/>") != NULL, "lot sans id : la date seule");
	free(text);
}

static void test_index(void)
{
	struct sne_index *ix = sne_index_new();
	static int values[1000];
	char key[40], long_key[41];
	int ok = 1;

	CHECK(sne_index_get(ix, "A") == NULL && sne_index_count(ix) == 0, "index vide");
	CHECK(sne_index_put(ix, "A", &values[0]) == NULL, "première valeur : pas de précédente");
	CHECK(sne_index_put(ix, "A", &values[1]) == &values[0], "seconde valeur : la précédente rendue");
	CHECK(sne_index_count(ix) == 1 && sne_index_get(ix, "A") == &values[1],
	      "même clé : une seule entrée, la dernière valeur");
	memset(long_key, 'K', 40);
	long_key[40] = '\0';
	sne_index_put(ix, long_key, &values[2]);
	CHECK(sne_index_get(ix, long_key) == &values[2], "clé de 40 caractères retrouvée");
	for (int i = 0; i < 1000; i++) {
		snprintf(key, sizeof key, "74A%07d", i);
		sne_index_put(ix, key, &values[i]);
	}
	for (int i = 0; i < 1000; i++) {
		snprintf(key, sizeof key, "74A%07d", i);
		ok &= sne_index_get(ix, key) == &values[i];
	}
	CHECK(ok && sne_index_count(ix) == 1002, "1 000 clés de plus, l'index grandi : toutes retrouvées");
	CHECK(sne_index_get(ix, "74A0001000") == NULL, "clé absente : NULL");
	CHECK(sne_index_get(ix, long_key) == &values[2],
	      "clé de plus de 31 caractères retrouvée après que l'index a grandi");
	long_key[35] = 'x';
	CHECK(sne_index_get(ix, long_key) == &values[2],
	      "clés égales sur leurs 31 premiers caractères : la même clé (coupée)");
	sne_index_free(ix);
	sne_index_free(NULL);
}

int main(void)
{
	test_is_valid();
	test_normalize();
	test_field_edges();
	test_same();
	test_render();
	test_index();
	return check_done();
}
