/* The consultation written (lib/consultation_write.c): labels aligned on
 * the widest one shown (in characters, not bytes), values wrapped at a
 * space or after a '/' within the width, under their label when the
 * width is too narrow, --compact hiding what is empty, the tabs asked
 * for, JSON escaped; widths of UTF-8 text; a write failure reported. */
#include "buf.h"
#include "check.h"
#include "sne/consultation.h"
#include "sne/io.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static char dir[] = "/tmp/sne-test-consultation-write-XXXXXX";

static struct sne_source source = { "demandeLogement/numUnique", "0740324000001G0417" };
static struct sne_champ champs[] = {
	{ "Numéro", "0740324000001G0417", &source, 1 },
	{ "Nom", "Martin \"dit\" \\ Élodie", NULL, 0 },
	{ "Vide", "", NULL, 0 },
};
static struct sne_bloc blocs[] = {
	{ "Identité", champs, 3 },
	{ "Rien", champs + 2, 1 },
};
static struct sne_champ long_champ[] = {
	{ "Adresse", "12 rue des Lilas, bâtiment B, escalier 3, 74000 Annecy", NULL, 0 },
	{ "Chemin", "demandeLogement/personnePhysique/demandeur/adressePostale/ligne2", NULL, 0 },
};
static struct sne_bloc long_bloc[] = { { "", long_champ, 2 } };

static struct sne_consultation make(void)
{
	struct sne_consultation c;

	memset(&c, 0, sizeof c);
	c.numero = "0740324000001G0417";
	c.demandeur = "Martin Élodie";
	for (int i = 0; i < SNE_ONGLET_COUNT; i++)
		c.onglets[i].nom = "Onglet";
	c.onglets[SNE_ONGLET_DEMANDE] = (struct sne_onglet){ "Demande", blocs, 2 };
	c.onglets[SNE_ONGLET_DEMANDEUR] = (struct sne_onglet){ "Demandeur", long_bloc, 1 };
	return c;
}

/* What WRITE gives for C with A, as text (freed by the caller). */
static char *written(int json, const struct sne_consultation *c, const struct sne_affichage *a,
                     int *rc)
{
	char path[300];
	struct sne_output *out;
	struct buf got = { 0 };

	snprintf(path, sizeof path, "%s/out.txt", dir);
	out = sne_output_create(path);
	*rc = json ? sne_consultation_write_json(c, a, out) : sne_consultation_write_text(c, a, out);
	sne_output_close(out);
	buf_load(&got, path);
	return got.data;
}

static void test_text(void)
{
	struct sne_consultation c = make();
	int onglets[SNE_ONGLET_COUNT] = { 0 };
	struct sne_affichage a = { 60, 0, 0, onglets };
	int rc;
	char *text;

	onglets[SNE_ONGLET_DEMANDE] = 1;
	text = written(0, &c, &a, &rc);
	CHECK(rc == 0, "texte écrit");
	CHECK_STR(text,
	          "Consultation d'une demande de logement social\n"
	          "Demande 0740324000001G0417 — Martin Élodie\n"
	          "\n"
	          "── Demande ─────────────────────────────────────────────────\n"
	          "Identité\n"
	          "  Numéro  0740324000001G0417\n"
	          "  Nom     Martin \"dit\" \\ Élodie\n"
	          "  Vide\n"
	          "Rien\n"
	          "  Vide\n",
	          "titre, onglet demandé seul, libellés alignés en caractères (« Numéro » : 6), "
	          "champ vide montré");
	free(text);
	a.compact = 1;
	text = written(0, &c, &a, &rc);
	CHECK(strstr(text, "Vide") == NULL && strstr(text, "Rien") == NULL,
	      "--compact : champ vide et bloc sans valeur cachés");
	free(text);
	onglets[SNE_ONGLET_DEMANDE] = 0;
	onglets[SNE_ONGLET_PRECISIONS] = 1;
	text = written(0, &c, &a, &rc);
	CHECK(strstr(text, "──") == NULL, "onglet demandé sans rien : pas d'onglet");
	free(text);
	c.numero = "", c.demandeur = "";
	text = written(0, &c, &a, &rc);
	CHECK(strstr(text, "Demande sans numéro unique\n") != NULL, "sans numéro ni nom : dit");
	free(text);
}

static void test_wrapping(void)
{
	struct sne_consultation c = make();
	int onglets[SNE_ONGLET_COUNT] = { 0 };
	struct sne_affichage a = { 40, 0, 0, onglets };
	int rc;
	char *text;

	onglets[SNE_ONGLET_DEMANDEUR] = 1;
	text = written(0, &c, &a, &rc);
	CHECK(strstr(text, "  Adresse  12 rue des Lilas, bâtiment B,\n"
	                   "           escalier 3, 74000 Annecy\n") != NULL,
	      "valeur coupée à une espace dans la largeur, la suite alignée");
	CHECK(strstr(text, "  Chemin   demandeLogement/\n           personnePhysique/demandeur/\n") != NULL,
	      "chemin sans espace : coupé après un « / »");
	free(text);
	a.largeur = 24;
	text = written(0, &c, &a, &rc);
	CHECK(strstr(text, "  Adresse\n      12 rue des Lilas,\n") != NULL,
	      "trop étroit pour deux colonnes : la valeur sous son libellé");
	free(text);
	a.couleurs = 1;
	a.largeur = 40;
	text = written(0, &c, &a, &rc);
	CHECK(strstr(text, "\033[1m── Demandeur ") != NULL && strstr(text, "─\033[0m\n") != NULL,
	      "couleurs : titres d'onglet en gras");
	free(text);
}

static void test_json(void)
{
	struct sne_consultation c = make();
	int onglets[SNE_ONGLET_COUNT] = { 0 };
	struct sne_affichage a = { 80, 0, 1, onglets };
	int rc;
	char *text;
	static struct sne_champ control[] = { { "Note", "a\nb\tc\x01", NULL, 0 } };
	static struct sne_bloc control_bloc[] = { { "", control, 1 } };

	onglets[SNE_ONGLET_DEMANDE] = 1;
	text = written(1, &c, &a, &rc);
	CHECK(rc == 0, "JSON écrit");
	CHECK_STR(text,
	          "{\"numero\":\"0740324000001G0417\",\"demandeur\":\"Martin Élodie\",\"onglets\":["
	          "{\"nom\":\"Demande\",\"blocs\":[{\"titre\":\"Identité\",\"champs\":["
	          "{\"libelle\":\"Numéro\",\"valeur\":\"0740324000001G0417\",\"sources\":["
	          "{\"chemin\":\"demandeLogement/numUnique\",\"brut\":\"0740324000001G0417\"}]},"
	          "{\"libelle\":\"Nom\",\"valeur\":\"Martin \\\"dit\\\" \\\\ Élodie\",\"sources\":[]}"
	          "]}]}]}",
	          "JSON : guillemets et barre oblique inverse échappés, compact, onglet demandé");
	free(text);
	c.onglets[SNE_ONGLET_PRECISIONS] = (struct sne_onglet){ "Précisions", control_bloc, 1 };
	onglets[SNE_ONGLET_DEMANDE] = 0;
	onglets[SNE_ONGLET_PRECISIONS] = 1;
	text = written(1, &c, &a, &rc);
	CHECK(strstr(text, "\"valeur\":\"a\\u000ab\\u0009c\\u0001\"") != NULL,
	      "caractères de contrôle en \\u00XX");
	free(text);
}

static void test_columns_and_failure(void)
{
	struct sne_consultation c = make();
	struct sne_affichage a = { 80, 0, 0, NULL };
	struct sne_output *out;

	CHECK(sne_text_columns("abc", 3) == 3, "ASCII : un octet, une colonne");
	CHECK(sne_text_columns("Élodie", strlen("Élodie")) == 6, "É sur deux octets : une colonne");
	CHECK(sne_text_columns("e\xcc\x81", 3) == 1, "e + accent combinant U+0301 : une colonne");
	CHECK(sne_text_columns("\xcd\xaf", 2) == 0, "U+036F, dernier combinant : aucune colonne");
	CHECK(sne_text_columns("\xcd\xb0", 2) == 1, "U+0370, hors des combinants : une colonne");
	CHECK(sne_text_columns("─", strlen("─")) == 1, "trait sur trois octets : une colonne");
	CHECK(sne_text_columns("abc", 2) == 2, "seuls les LEN octets comptent");

	out = sne_output_create("/dev/full");
	sne_consultation_write_json(&c, &a, out);
	errno = 0;
	CHECK(sne_output_close(out) == -1 && errno == ENOSPC,
	      "JSON sur disque plein : la fermeture le dit (ENOSPC)");
}

int main(void)
{
	char command[400];

	if (mkdtemp(dir) == NULL)
		return 99;
	test_text();
	test_wrapping();
	test_json();
	test_columns_and_failure();
	snprintf(command, sizeof command, "rm -rf '%s'", dir);
	if (system(command) != 0)
		return 99;
	return check_done();
}
