/* Unit tests of lib/guichets.c, lib/guichets_edit.c and lib/guichets_print.c:
 * the shipped register share/exemples/guichets.xml read and looked up by
 * code, open or closed the day before, the day of and the day after its
 * opening and closing, the territories served, the nearest codes; the
 * gestionnaire's edits (create, modify, close, contacts) with their
 * evenements and refusals, written back and read again; the listing
 * (table and TSV) and one guichet in full.  Run from the repository root. */
#include "sne/guichets.h"

#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "capture.h"
#include "check.h"
#include "sne/err.h"
#include "sne/guichets_edit.h"
#include "sne/guichets_print.h"
#include "sne/io.h"
#include "sne/stream.h"

#define EXEMPLE "share/exemples/guichets.xml"

static char dir[] = "/tmp/sne-test-guichets-XXXXXX";

static struct sne_date d(int year, int month, int day)
{
	struct sne_date date = { year, month, day };

	return date;
}

static struct sne_guichets *load_exemple(void)
{
	struct sne_guichets *reg = NULL;
	int rc = sne_guichets_load(EXEMPLE, &reg);

	if (rc != 0 || reg == NULL) {
		printf("Bail out! %s illisible (%d) : lancer depuis la racine du dépôt\n", EXEMPLE, rc);
		exit(1);
	}
	return reg;
}

/* What FN writes, into a string to free; *RC its status (or the close's). */
static char *output_of(int (*fn)(void *ctx, struct sne_output *out), void *ctx, int *rc)
{
	FILE *f = tmpfile();
	struct sne_output *out;
	struct buf b = { 0 };
	char chunk[4096];
	size_t n;

	if (f == NULL)
		abort();
	out = sne_output_fdopen(dup(fileno(f)), "<test>", 0, 0);
	*rc = fn(ctx, out);
	*rc |= sne_output_close(out);
	rewind(f);
	buf_add(&b, "", 0);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	return b.data;
}

struct list_args {
	const struct sne_guichets *reg;
	const struct sne_guichet *g;
	struct sne_date date;
	enum sne_guichets_format format;
};

static int write_list(void *ctx, struct sne_output *out)
{
	struct list_args *a = ctx;

	return sne_guichets_print_list(a->reg, a->date, a->format, out);
}

static int write_one(void *ctx, struct sne_output *out)
{
	struct list_args *a = ctx;

	return sne_guichet_print(a->g, a->date, out);
}

static int write_register(void *ctx, struct sne_output *out)
{
	return sne_guichets_write(ctx, out);
}

static int count_of(const char *text, const char *what)
{
	int n = 0;

	for (const char *p = text; (p = strstr(p, what)) != NULL; p += strlen(what))
		n++;
	return n;
}

/* ------------------------------------------------------------------ */
/* reading and lookups */

static void test_lecture(void)
{
	struct sne_guichets *reg = load_exemple();
	const struct sne_guichet *g;

	CHECK(sne_guichets_count(reg) == 4, "l'exemple : quatre guichets (%zu)", sne_guichets_count(reg));
	CHECK_STR(sne_guichets_path(reg), EXEMPLE, "le chemin gardé pour les messages");
	CHECK_STR(sne_guichets_at(reg, 0)->code, "G0417", "dans l'ordre du fichier : G0417 d'abord");
	CHECK_STR(sne_guichets_at(reg, 3)->code, "G0399", "G0399 en dernier");
	g = sne_guichets_find(reg, "G0417");
	CHECK(g != NULL, "G0417 trouvé par son code");
	if (g != NULL) {
		CHECK_STR(g->nom, "Service logement de la ville d'Annecy", "son nom");
		CHECK_STR(g->type, "commune", "son type");
		CHECK(g->nterritoires == 1 && strcmp(g->territoires[0], "074") == 0, "son territoire");
		CHECK(g->adresse.nlignes == 2 && strcmp(g->adresse.lignes[0], "Hôtel de ville") == 0 &&
		      strcmp(g->adresse.lignes[1], "1 rue Jean Jaurès") == 0,
		      "son adresse : deux lignes");
		CHECK_STR(g->adresse.code_postal, "74000", "son code postal");
		CHECK_STR(g->adresse.commune, "Annecy", "sa commune");
		CHECK(sne_date_cmp(g->ouverture, d(2011, 4, 1)) == 0 && !g->ferme,
		      "ouvert le 1er avril 2011, jamais fermé");
	}
	CHECK(sne_guichets_find(reg, "G0418") == NULL, "un code absent : NULL");
	CHECK(sne_guichets_find(reg, "g0417") == NULL, "la recherche prend le code canonique (exact)");
	CHECK(sne_guichets_find(reg, "GDPUB") == NULL, "GDPUB n'est jamais au registre");
	g = sne_guichets_find(reg, "G0399");
	CHECK(g != NULL && g->ferme && sne_date_cmp(g->fermeture, d(2016, 12, 31)) == 0,
	      "G0399 fermé le 31 décembre 2016");
	sne_guichets_free(reg);
}

static void test_ouverture(void)
{
	struct sne_guichets *reg = load_exemple();
	const struct sne_guichet *g = sne_guichets_find(reg, "G0399"); /* 2010-01-04 .. 2016-12-31 */
	const struct sne_guichet *open = sne_guichets_find(reg, "G0417");

	CHECK(!sne_guichet_is_open(g, d(2010, 1, 3)), "la veille de l'ouverture : fermé");
	CHECK(sne_guichet_is_open(g, d(2010, 1, 4)), "le jour de l'ouverture : ouvert");
	CHECK(sne_guichet_is_open(g, d(2016, 12, 30)), "la veille de la fermeture : ouvert");
	CHECK(!sne_guichet_is_open(g, d(2016, 12, 31)), "le jour de la fermeture : fermé (premier jour)");
	CHECK(!sne_guichet_is_open(g, d(2026, 1, 1)), "après la fermeture : fermé");
	CHECK(!sne_guichet_is_open(open, d(2011, 3, 31)) && sne_guichet_is_open(open, d(2011, 4, 1)) &&
	      sne_guichet_is_open(open, d(2099, 12, 31)),
	      "sans fermeture : ouvert du jour de l'ouverture à toujours");
	sne_guichets_free(reg);
}

static void test_territoires(void)
{
	struct sne_guichets *reg = load_exemple();
	const struct sne_guichet *g = sne_guichets_find(reg, "G0420");

	CHECK(g->nterritoires == 2, "G0420 : deux territoires");
	CHECK(sne_guichet_serves(g, "074") && sne_guichet_serves(g, "001"), "sert 074 et 001");
	CHECK(!sne_guichet_serves(g, "111"), "ne sert pas 111");
	CHECK(!sne_guichet_serves(g, "07"), "un préfixe n'est pas un territoire");
	CHECK(!sne_guichet_serves(sne_guichets_find(reg, "G1104"), "074") &&
	      sne_guichet_serves(sne_guichets_find(reg, "G1104"), "111"),
	      "G1104 : 111 seulement");
	sne_guichets_free(reg);
}

static void test_proches(void)
{
	struct sne_guichets *reg = load_exemple();
	const char *said;
	char buf[64];
	int rc;

	sne_guichets_nearest(reg, "G0418", d(2026, 1, 1), buf, sizeof buf);
	CHECK_STR(buf, "G0417, G0420, G0399",
	          "codes proches de G0418 : un caractère de différence, puis deux, l'ouvert avant le fermé");
	sne_guichets_nearest(reg, "G0417", d(2026, 1, 1), buf, sizeof buf);
	CHECK(strstr(buf, "G0417") == NULL, "le code lui-même n'est pas proposé");
	sne_guichets_nearest(reg, "G0398", d(2026, 1, 1), buf, sizeof buf);
	CHECK(strncmp(buf, "G0399", 5) == 0, "G0398 : G0399 d'abord, même fermé (une différence)");

	CHECK(sne_guichets_check_active(reg, "G0417", d(2026, 1, 1)) == 0, "G0417 actif en 2026");
	capture_start();
	rc = sne_guichets_check_active(reg, "G0418", d(2026, 1, 1));
	said = capture_end();
	CHECK(rc == SNE_EX_USAGE && strstr(said, "guichet G0418 inconnu du registre des guichets") != NULL &&
	      strstr(said, "(codes proches : G0417") != NULL,
	      "un code inconnu : 64, les codes proches (« %s »)", said);
	capture_start();
	rc = sne_guichets_check_active(reg, "G0399", d(2016, 12, 31));
	said = capture_end();
	CHECK(rc == SNE_EX_USAGE && strstr(said, "guichet G0399 fermé : fermeture le 2016-12-31") != NULL,
	      "le jour de la fermeture : 64, fermé (« %s »)", said);
	CHECK(sne_guichets_check_active(reg, "G0399", d(2016, 12, 30)) == 0, "la veille : actif");
	capture_start();
	rc = sne_guichets_check_active(reg, "G0417", d(2011, 3, 31));
	said = capture_end();
	CHECK(rc == SNE_EX_USAGE && strstr(said, "pas encore ouvert : ouverture le 2011-04-01") != NULL,
	      "la veille de l'ouverture : 64, pas encore ouvert (« %s »)", said);
	capture_start();
	rc = sne_guichets_check_active(reg, "GDPUB", d(2026, 1, 1));
	capture_end();
	CHECK(rc == SNE_EX_USAGE, "GDPUB n'est pas un guichet du registre");
	sne_guichets_free(reg);
}

static void test_contacts(void)
{
	struct sne_guichets *reg = load_exemple();
	struct sne_guichet_contact c[4];
	size_t n = sne_guichet_contacts(sne_guichets_find(reg, "G0417"), c, 4);
	char text[1024];

	CHECK(n == 2, "G0417 : deux points de contact");
	CHECK(c[0].id == 1 && strcmp(c[0].type, "physique") == 0 && c[0].has_adresse &&
	      strcmp(c[0].libelle, "Accueil logement") == 0 && c[0].telephone == NULL,
	      "le premier : physique, avec une adresse, sans téléphone");
	CHECK(c[0].horaires[0] != NULL && strcmp(c[0].horaires[0], "08:30-12:00 13:30-17:00") == 0 &&
	      c[0].horaires[1] == NULL && c[0].horaires[2] != NULL && c[0].horaires[6] == NULL,
	      "ses horaires par jour, lundi d'abord, NULL les jours fermés");
	CHECK(c[1].id == 2 && strcmp(c[1].type, "telephone") == 0 && !c[1].has_adresse &&
	      strcmp(c[1].telephone, "04 50 33 88 88") == 0,
	      "le second : téléphonique");
	CHECK(sne_guichet_contacts(sne_guichets_find(reg, "G0417"), c, 1) == 2,
	      "MAX plus petit : le nombre total rendu quand même");
	CHECK(sne_guichet_contacts(sne_guichets_find(reg, "G0420"), c, 4) == 0, "G0420 : aucun");
	CHECK_STR(sne_guichet_jours[0], "lundi", "les jours : lundi d'abord");
	CHECK_STR(sne_guichet_jours[6], "dimanche", "dimanche en dernier");

	sne_guichet_contacts_text(sne_guichets_find(reg, "G0417"), text, sizeof text);
	CHECK_STR(text, "Accueil logement : Hôtel de ville, rez-de-chaussée, 1 rue Jean Jaurès, 74000 "
	                "Annecy ; lundi 8h30-12h et 13h30-17h, mercredi 8h30-12h, vendredi 8h30-12h "
	                "et 13h30-16h\nStandard logement : 04 50 33 88 88 ; mardi 9h-12h, jeudi "
	                "9h-12h et 14h-16h30",
	          "les points de contact pour une lettre");
	sne_guichet_contacts_text(sne_guichets_find(reg, "G0420"), text, sizeof text);
	CHECK_STR(text, "", "sans point de contact : vide");
	sne_guichet_adresse_text(&sne_guichets_find(reg, "G0417")->adresse, "\n", text, sizeof text);
	CHECK_STR(text, "Hôtel de ville\n1 rue Jean Jaurès\n74000 Annecy", "l'adresse pour une lettre");
	sne_guichet_adresse_text(&sne_guichets_find(reg, "G0417")->adresse, ", ", text, 20);
	CHECK(strlen(text) == 19, "adresse : coupée au tampon, terminée par NUL");
	sne_guichets_free(reg);
}

static void test_refus_lecture(void)
{
	struct sne_guichets *reg = (void *)1;
	char path[256];
	const char *said;
	int rc;

	capture_start();
	rc = sne_guichets_load("/nonexistent/guichets.xml", &reg);
	said = capture_end();
	CHECK(rc == SNE_EX_NOINPUT && reg == NULL, "un fichier absent : 66, *OUT NULL (%d)", rc);
	(void)said;

	snprintf(path, sizeof path, "%s/autre.xml", dir);
	buf_save(path, "<?xml version=\"1.0\"?>\n<guichets/>\n");
	capture_start();
	rc = sne_guichets_load(path, &reg);
	said = capture_end();
	CHECK(rc == SNE_EX_DATAERR && reg == NULL, "une autre racine : 65 (« %s »)", said);

	buf_save(path, "<?xml version=\"1.0\"?>\n<!DOCTYPE g:guichets [<!ENTITY x \"y\">]>\n"
	               "<g:guichets xmlns:g=\"urn:sne:guichet:1\"/>\n");
	capture_start();
	rc = sne_guichets_load(path, &reg);
	said = capture_end();
	CHECK(rc == SNE_EX_DATAERR && reg == NULL, "un DOCTYPE : refusé, 65 (« %s »)", said);

	buf_save(path, "<?xml version=\"1.0\"?>\n<g:guichets xmlns:g=\"urn:sne:guichet:1\">\n"
	               "  <g:guichet code=\"G0417\"><g:nom>X</g:nom></g:guichet>\n</g:guichets>\n");
	capture_start();
	rc = sne_guichets_load(path, &reg);
	said = capture_end();
	CHECK(rc == SNE_EX_DATAERR && reg == NULL && strstr(said, "autre.xml:3:") != NULL &&
	      strstr(said, "non conforme à guichet.xsd") != NULL,
	      "non conforme au schéma : 65, chemin et ligne (« %s »)", said);

	buf_save(path, "<?xml version=\"1.0\"?>\n<g:guichets xmlns:g=\"urn:sne:guichet:1\">\n");
	capture_start();
	rc = sne_guichets_load(path, &reg);
	said = capture_end();
	CHECK(rc == SNE_EX_DATAERR && reg == NULL, "mal formé : 65 (« %s »)", said);
	unlink(path);
}

/* ------------------------------------------------------------------ */
/* edits */

static struct sne_guichet_saisie saisie_complete(void)
{
	struct sne_guichet_saisie s = { 0 };

	s.nom = "Antenne d'Annecy-le-Vieux";
	s.type = "commune";
	strcpy(s.territoires[0], "074");
	s.nterritoires = 1;
	s.adresse.lignes[0] = "3 place de l'Église";
	s.adresse.nlignes = 1;
	s.adresse.code_postal = "74940";
	s.adresse.commune = "Annecy";
	return s;
}

/* The evenements of G's historique, as sne_guichet_print writes them. */
static char *printed(const struct sne_guichets *reg, const char *code, struct sne_date date)
{
	struct list_args a = { reg, sne_guichets_find(reg, code), date, 0 };
	int rc;

	if (a.g == NULL)
		return NULL;
	return output_of(write_one, &a, &rc);
}

static void test_creation(void)
{
	struct sne_guichets *reg = load_exemple();
	struct sne_guichet_saisie s = saisie_complete();
	struct sne_guichets_change ch = { d(2026, 3, 2), "gestionnaire 1" };
	const struct sne_guichet *g;
	char why[SNE_GUICHETS_WHY] = "";
	char *text;
	int rc;

	rc = sne_guichets_create(reg, "G0418", &s, &ch, why);
	CHECK(rc == 0, "création de G0418 (%s)", why);
	CHECK(sne_guichets_count(reg) == 5, "cinq guichets");
	g = sne_guichets_find(reg, "G0418");
	CHECK(g != NULL && strcmp(g->nom, "Antenne d'Annecy-le-Vieux") == 0 &&
	      strcmp(g->adresse.commune, "Annecy") == 0 && g->adresse.nlignes == 1,
	      "retrouvé par son code après réindexation");
	CHECK(g != NULL && sne_date_cmp(g->ouverture, d(2026, 3, 2)) == 0 && !g->ferme,
	      "sans --ouverture : ouvert le jour du changement");
	CHECK_STR(sne_guichets_at(reg, 1)->code, "G0418", "rangé avant le premier code plus grand (G0420)");
	text = printed(reg, "G0418", d(2026, 3, 2));
	CHECK(text != NULL && strstr(text, "historique :\n  2026-03-02 creation par gestionnaire 1\n") != NULL,
	      "un événement creation, daté, avec l'opérateur");
	free(text);

	s.ouverture_given = 1;
	s.ouverture = d(2030, 1, 1);
	rc = sne_guichets_create(reg, "G9999", &s, &ch, why);
	CHECK(rc == 0 && sne_date_cmp(sne_guichets_find(reg, "G9999")->ouverture, d(2030, 1, 1)) == 0,
	      "avec --ouverture : à cette date");
	CHECK_STR(sne_guichets_at(reg, sne_guichets_count(reg) - 1)->code, "G9999",
	          "le plus grand code : à la fin");

	rc = sne_guichets_create(reg, "G0417", &s, &ch, why);
	CHECK(rc == SNE_EX_USAGE && strstr(why, "le guichet G0417 existe déjà") != NULL,
	      "un code qui existe : 64 (« %s »)", why);
	rc = sne_guichets_create(reg, "GDPUB", &s, &ch, why);
	CHECK(rc == SNE_EX_USAGE && strstr(why, "GDPUB est réservé") != NULL, "GDPUB : 64 (« %s »)", why);
	s = saisie_complete();
	s.nterritoires = 0;
	rc = sne_guichets_create(reg, "G0500", &s, &ch, why);
	CHECK(rc == SNE_EX_USAGE && strstr(why, "guichet incomplet") != NULL,
	      "sans territoire : 64 (« %s »)", why);
	s = saisie_complete();
	s.adresse.commune = NULL;
	rc = sne_guichets_create(reg, "G0500", &s, &ch, why);
	CHECK(rc == SNE_EX_USAGE && strstr(why, "adresse du guichet incomplète") != NULL,
	      "sans commune : 64 (« %s »)", why);
	s = saisie_complete();
	s.adresse.code_postal = "7400";
	rc = sne_guichets_create(reg, "G0500", &s, &ch, why);
	CHECK(rc == SNE_EX_USAGE && strstr(why, "code postal « 7400 » invalide") != NULL,
	      "code postal de 4 chiffres : 64 (« %s »)", why);
	s.adresse.code_postal = "74000x";
	rc = sne_guichets_create(reg, "G0500", &s, &ch, why);
	CHECK(rc == SNE_EX_USAGE && strstr(why, "code postal « 74000x » invalide") != NULL,
	      "code postal de 5 chiffres et une lettre : 64 (« %s »)", why);
	s = saisie_complete();
	s.nom = "Nom\tavec tabulation";
	rc = sne_guichets_create(reg, "G0500", &s, &ch, why);
	CHECK(rc == SNE_EX_USAGE && strstr(why, "--nom : caractère de contrôle refusé") != NULL,
	      "un caractère de contrôle : 64 (« %s »)", why);
	s.nom = "";
	rc = sne_guichets_create(reg, "G0500", &s, &ch, why);
	CHECK(rc == SNE_EX_USAGE && strstr(why, "--nom : attendu 1 à") != NULL, "un nom vide : 64");
	CHECK(sne_guichets_find(reg, "G0500") == NULL && sne_guichets_count(reg) == 6,
	      "les refus laissent le registre intact");
	sne_guichets_free(reg);
}

static void test_modification(void)
{
	struct sne_guichets *reg = load_exemple();
	struct sne_guichet_saisie s = { 0 };
	struct sne_guichets_change ch = { d(2026, 3, 2), "gest" };
	const struct sne_guichet *g;
	char why[SNE_GUICHETS_WHY] = "";
	char *text;
	int rc;

	s.nom = "Service habitat d'Annecy";
	s.adresse.code_postal = "74001";
	rc = sne_guichets_modify(reg, "G0417", &s, &ch, why);
	g = sne_guichets_find(reg, "G0417");
	CHECK(rc == 0 && strcmp(g->nom, "Service habitat d'Annecy") == 0, "le nom changé (%s)", why);
	CHECK(strcmp(g->adresse.code_postal, "74001") == 0 && g->adresse.nlignes == 2 &&
	      strcmp(g->adresse.lignes[1], "1 rue Jean Jaurès") == 0 &&
	      strcmp(g->adresse.commune, "Annecy") == 0,
	      "le code postal seul changé : les lignes et la commune gardées");
	CHECK(strcmp(g->type, "commune") == 0 && g->nterritoires == 1 &&
	      sne_date_cmp(g->ouverture, d(2011, 4, 1)) == 0,
	      "ce qui n'est pas donné ne change pas");
	CHECK(sne_guichet_contacts(g, NULL, 0) == 2, "les points de contact gardés");
	text = printed(reg, "G0417", d(2026, 3, 2));
	CHECK(text != NULL && strstr(text, "  2026-03-02 modification (nom adresse) par gest\n") != NULL,
	      "l'événement nomme les champs changés");
	free(text);

	memset(&s, 0, sizeof s);
	strcpy(s.territoires[0], "001");
	strcpy(s.territoires[1], "111");
	s.nterritoires = 2;
	rc = sne_guichets_modify(reg, "G0420", &s, &ch, why);
	g = sne_guichets_find(reg, "G0420");
	CHECK(rc == 0 && g->nterritoires == 2 && !sne_guichet_serves(g, "074") &&
	      sne_guichet_serves(g, "111"),
	      "les territoires donnés remplacent les anciens");

	memset(&s, 0, sizeof s);
	rc = sne_guichets_modify(reg, "G0417", &s, &ch, why);
	CHECK(rc == SNE_EX_USAGE && strstr(why, "rien à changer") != NULL, "rien de donné : 64 (« %s »)", why);
	s.nom = "X";
	rc = sne_guichets_modify(reg, "G0418", &s, &ch, why);
	CHECK(rc == SNE_EX_USAGE && strstr(why, "guichet G0418 absent du registre") != NULL &&
	      strstr(why, "codes proches : G0417") != NULL,
	      "un code absent : 64, les codes proches (« %s »)", why);
	memset(&s, 0, sizeof s);
	s.ouverture_given = 1;
	s.ouverture = d(2016, 12, 31);
	rc = sne_guichets_modify(reg, "G0399", &s, &ch, why);
	CHECK(rc == SNE_EX_USAGE && strstr(why, "fermé avant cette date") != NULL,
	      "ouverture le jour de la fermeture : 64 (« %s »)", why);
	s.ouverture = d(2016, 12, 30);
	rc = sne_guichets_modify(reg, "G0399", &s, &ch, why);
	CHECK(rc == 0 && sne_date_cmp(sne_guichets_find(reg, "G0399")->ouverture, d(2016, 12, 30)) == 0,
	      "ouverture la veille de la fermeture : acceptée");
	sne_guichets_free(reg);
}

static void test_fermeture(void)
{
	struct sne_guichets *reg = load_exemple();
	struct sne_guichets_change ch = { d(2011, 4, 1), "gest" };
	const struct sne_guichet *g;
	char why[SNE_GUICHETS_WHY] = "";
	char *text;
	int rc;

	rc = sne_guichets_close(reg, "G0417", &ch, why);
	CHECK(rc == SNE_EX_USAGE && strstr(why, "ouvre le 2011-04-01 : sa fermeture doit suivre") != NULL,
	      "fermer le jour de l'ouverture : 64 (« %s »)", why);
	ch.date = d(2011, 4, 2);
	rc = sne_guichets_close(reg, "G0417", &ch, why);
	g = sne_guichets_find(reg, "G0417");
	CHECK(rc == 0 && g->ferme && sne_date_cmp(g->fermeture, d(2011, 4, 2)) == 0,
	      "fermer le lendemain de l'ouverture (%s)", why);
	CHECK(sne_guichet_is_open(g, d(2011, 4, 1)) && !sne_guichet_is_open(g, d(2011, 4, 2)),
	      "ouvert la veille, fermé le jour de la fermeture");
	{
		char near[64];

		sne_guichets_nearest(reg, "G0410", d(2026, 1, 1), near, sizeof near);
		CHECK_STR(near, "G0420, G0417, G0399",
		          "codes proches à égale distance : l'ouvert (G0420) avant le fermé (G0417)");
	}
	text = printed(reg, "G0417", d(2026, 1, 1));
	CHECK(text != NULL && strstr(text, "état : fermé le 2011-04-02\n") != NULL &&
	      strstr(text, "  2011-04-02 fermeture par gest\n") != NULL,
	      "l'état et l'événement fermeture");
	free(text);
	ch.date = d(2026, 1, 1);
	rc = sne_guichets_close(reg, "G0417", &ch, why);
	CHECK(rc == SNE_EX_USAGE && strstr(why, "déjà fermé (fermeture le 2011-04-02)") != NULL,
	      "déjà fermé : 64 (« %s »)", why);
	rc = sne_guichets_close(reg, "G0499", &ch, why);
	CHECK(rc == SNE_EX_USAGE && strstr(why, "guichet G0499 absent") != NULL, "absent : 64");
	sne_guichets_free(reg);
}

static void test_points_de_contact(void)
{
	struct sne_guichets *reg = load_exemple();
	struct sne_guichets_change ch = { d(2026, 3, 2), "gest" };
	struct sne_contact_saisie c = { 0 };
	struct sne_guichet_contact got[8];
	char why[SNE_GUICHETS_WHY] = "";
	unsigned id = 0;
	size_t n;
	char *text;
	int rc;

	c.type = "telephone";
	c.libelle = "Permanence";
	c.telephone = "04 50 00 00 00";
	c.horaires_given[5] = 1;
	strcpy(c.horaires[5], "09:00-12:00");
	rc = sne_guichets_contact_add(reg, "G0417", &c, &ch, &id, why);
	n = sne_guichet_contacts(sne_guichets_find(reg, "G0417"), got, 8);
	CHECK(rc == 0 && id == 3 && n == 3, "ajout : le numéro 3 (1 + le plus grand) (%s)", why);
	CHECK(got[2].id == 3 && strcmp(got[2].libelle, "Permanence") == 0 &&
	      strcmp(got[2].telephone, "04 50 00 00 00") == 0 && got[2].horaires[5] != NULL &&
	      strcmp(got[2].horaires[5], "09:00-12:00") == 0 && got[2].horaires[0] == NULL,
	      "le point ajouté, ses horaires du samedi");
	rc = sne_guichets_contact_add(reg, "G0420", &c, &ch, &id, why);
	CHECK(rc == 0 && id == 1, "le premier point d'un guichet : numéro 1");

	memset(&c, 0, sizeof c);
	c.libelle = "Accueil";
	c.horaires_given[0] = 1; /* "" : fermé le lundi */
	rc = sne_guichets_contact_modify(reg, "G0417", 1, &c, &ch, why);
	n = sne_guichet_contacts(sne_guichets_find(reg, "G0417"), got, 8);
	CHECK(rc == 0 && n == 3 && got[0].id == 1 && strcmp(got[0].libelle, "Accueil") == 0,
	      "modification : le libellé changé (%s)", why);
	CHECK(got[0].horaires[0] == NULL && got[0].horaires[2] != NULL && got[0].has_adresse &&
	      strcmp(got[0].type, "physique") == 0,
	      "des horaires vides ferment le jour ; le reste gardé");

	memset(&c, 0, sizeof c);
	c.telephone = "";
	rc = sne_guichets_contact_modify(reg, "G0417", 2, &c, &ch, why);
	CHECK(rc == SNE_EX_USAGE && strstr(why, "téléphonique sans --telephone") != NULL,
	      "retirer le téléphone d'un point téléphonique : 64 (« %s »)", why);
	rc = sne_guichets_contact_modify(reg, "G0417", 9, &c, &ch, why);
	CHECK(rc == SNE_EX_USAGE && strstr(why, "n'a pas de point de contact 9") != NULL,
	      "un point absent : 64 (« %s »)", why);
	memset(&c, 0, sizeof c);
	rc = sne_guichets_contact_modify(reg, "G0417", 1, &c, &ch, why);
	CHECK(rc == SNE_EX_USAGE && strstr(why, "rien à changer") != NULL, "rien à changer : 64");

	c.type = "physique";
	c.libelle = "Guichet";
	rc = sne_guichets_contact_add(reg, "G0417", &c, &ch, &id, why);
	CHECK(rc == SNE_EX_USAGE && strstr(why, "adresse du point de contact incomplète") != NULL,
	      "un point physique sans adresse : 64 (« %s »)", why);
	c.type = NULL;
	rc = sne_guichets_contact_add(reg, "G0417", &c, &ch, &id, why);
	CHECK(rc == SNE_EX_USAGE && strstr(why, "point de contact incomplet") != NULL, "sans type : 64");

	rc = sne_guichets_contact_remove(reg, "G0417", 2, &ch, why);
	n = sne_guichet_contacts(sne_guichets_find(reg, "G0417"), got, 8);
	CHECK(rc == 0 && n == 2 && got[0].id == 1 && got[1].id == 3, "suppression du 2 : restent 1 et 3");
	rc = sne_guichets_contact_remove(reg, "G0417", 2, &ch, why);
	CHECK(rc == SNE_EX_USAGE, "supprimer deux fois : 64");
	memset(&c, 0, sizeof c);
	c.type = "telephone";
	c.libelle = "Autre";
	c.telephone = "04 50 11 11 11";
	rc = sne_guichets_contact_add(reg, "G0417", &c, &ch, &id, why);
	CHECK(rc == 0 && id == 4, "après suppression : le numéro suit le plus grand (4)");
	memset(&c, 0, sizeof c);
	c.type = "physique";
	c.libelle = "Mairie annexe";
	c.adresse.lignes[0] = "5 rue Basse";
	c.adresse.nlignes = 1;
	c.adresse.code_postal = "74960";
	c.adresse.commune = "Cran-Gevrier";
	c.telephone = "04 50 22 22 22";
	rc = sne_guichets_contact_add(reg, "G0420", &c, &ch, &id, why);
	{
		char lines[2048];

		sne_guichet_contacts_text(sne_guichets_find(reg, "G0420"), lines, sizeof lines);
		CHECK(rc == 0 && strstr(lines, "\nMairie annexe : 5 rue Basse, 74960 Cran-Gevrier, "
		                               "04 50 22 22 22") != NULL,
		      "un point physique avec téléphone : l'adresse, puis le numéro");
	}
	text = printed(reg, "G0417", d(2026, 3, 2));
	CHECK(text != NULL && strstr(text, "  2026-03-02 contact-ajout du contact 3 par gest\n") != NULL &&
	      strstr(text, "  2026-03-02 contact-modification du contact 1 (libelle horaires) par gest\n") !=
	              NULL &&
	      strstr(text, "  2026-03-02 contact-suppression du contact 2 par gest\n") != NULL,
	      "les événements des points de contact, avec leur numéro et les champs");
	free(text);
	sne_guichets_free(reg);
}

static void test_ecriture(void)
{
	struct sne_guichets *reg = load_exemple(), *again = NULL;
	struct sne_guichet_saisie s = saisie_complete();
	struct sne_guichets_change ch = { d(2026, 3, 2), "gest" };
	char why[SNE_GUICHETS_WHY] = "", path[256];
	char *text;
	int rc;

	sne_guichets_create(reg, "G0418", &s, &ch, why);
	sne_guichets_close(reg, "G0420", &ch, why);
	text = output_of(write_register, reg, &rc);
	CHECK(rc == 0, "écrit (%d)", rc);
	CHECK(strncmp(text, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", 39) == 0, "UTF-8 déclaré");
	snprintf(path, sizeof path, "%s/guichets.xml", dir);
	buf_save(path, text);
	free(text);
	rc = sne_guichets_load(path, &again);
	CHECK(rc == 0 && again != NULL && sne_guichets_count(again) == 5,
	      "relu et conforme au schéma : cinq guichets");
	if (again != NULL) {
		const struct sne_guichet *g = sne_guichets_find(again, "G0420");

		CHECK(g != NULL && g->ferme && sne_date_cmp(g->fermeture, d(2026, 3, 2)) == 0,
		      "la fermeture relue");
		CHECK(sne_guichets_find(again, "G0418") != NULL &&
		      strcmp(sne_guichets_find(again, "G0418")->adresse.lignes[0], "3 place de l'Église") == 0,
		      "le guichet créé relu");
		sne_guichets_free(again);
	}
	unlink(path);
	sne_guichets_free(reg);

	reg = sne_guichets_new("nouveau.xml");
	CHECK(sne_guichets_count(reg) == 0 && strcmp(sne_guichets_path(reg), "nouveau.xml") == 0,
	      "un registre neuf : vide, son chemin");
	rc = sne_guichets_create(reg, "G0001", &s, &ch, why);
	CHECK(rc == 0 && sne_guichets_count(reg) == 1, "un premier guichet dans un registre neuf (%s)", why);
	text = output_of(write_register, reg, &rc);
	CHECK(rc == 0 && strstr(text, "<g:guichet code=\"G0001\">") != NULL &&
	      strstr(text, "urn:sne:guichet:1") != NULL,
	      "écrit et conforme");
	free(text);
	sne_guichets_free(reg);
}

/* ------------------------------------------------------------------ */
/* print */

static void test_liste(void)
{
	struct sne_guichets *reg = load_exemple();
	struct list_args a = { reg, NULL, d(2016, 12, 31), SNE_GUICHETS_TSV };
	char *text, *line;
	int rc;

	text = output_of(write_list, &a, &rc);
	CHECK(rc == 0, "TSV : écrit");
	CHECK(strncmp(text, "code\ttype\tterritoires\tcommune\touverture\tetat\tnom\n", 48) == 0,
	      "TSV : l'en-tête");
	CHECK(count_of(text, "\n") == 5 && count_of(text, "\t") == 5 * 6,
	      "TSV : l'en-tête et un guichet par ligne, sept colonnes");
	CHECK(strstr(text, "\nG0420\tbailleur\t074,001\tAnnemasse\t2012-01-02\touvert\tHaute-Savoie "
	                   "Habitat, agence du Genevois\n") != NULL,
	      "TSV : les territoires séparés par une virgule");
	CHECK(strstr(text, "\nG0399\tdepartement\t074\tThonon-les-Bains\t2010-01-04\tfermé le 2016-12-31\t") !=
	              NULL,
	      "TSV : fermé le jour de la fermeture");
	free(text);
	a.date = d(2016, 12, 30);
	text = output_of(write_list, &a, &rc);
	CHECK(strstr(text, "\t2010-01-04\touvert\tAncienne antenne") != NULL, "TSV : ouvert la veille");
	free(text);
	a.date = d(2011, 3, 31);
	text = output_of(write_list, &a, &rc);
	CHECK(strstr(text, "\t2011-04-01\touvre le 2011-04-01\t") != NULL,
	      "TSV : avant l'ouverture, « ouvre le »");
	free(text);

	a.format = SNE_GUICHETS_TABLE;
	a.date = d(2026, 1, 1);
	text = output_of(write_list, &a, &rc);
	CHECK(rc == 0 && count_of(text, "\t") == 0 && count_of(text, "\n") == 5,
	      "tableau : sans tabulation, cinq lignes");
	line = strstr(text, "\nG0399");
	CHECK(strncmp(text, "code   type         territoires  commune           ouverture   etat",
	              66) == 0,
	      "tableau : les colonnes alignées sur la plus large, deux espaces entre elles");
	CHECK(line != NULL && strncmp(line, "\nG0399  departement  074          Thonon-les-Bains  2010-01-04  "
	                                    "fermé le 2016-12-31  Ancienne antenne de Thonon\n",
	                              strlen("\nG0399  departement  074          Thonon-les-Bains  2010-01-04  "
	                                     "fermé le 2016-12-31  Ancienne antenne de Thonon\n")) == 0,
	      "tableau : une ligne alignée (caractères, pas octets : « é »)");
	CHECK(strstr(text, "  ouvert               Service logement") != NULL,
	      "tableau : la colonne etat aussi large que « fermé le 2016-12-31 » en caractères");
	free(text);
	sne_guichets_free(reg);
}

static void test_tsv_propre(void)
{
	struct sne_guichets *reg = sne_guichets_new("x.xml");
	struct sne_guichet_saisie s = saisie_complete();
	struct sne_guichets_change ch = { d(2026, 3, 2), "gest" };
	struct list_args a = { reg, NULL, d(2026, 3, 2), SNE_GUICHETS_TSV };
	char why[SNE_GUICHETS_WHY];
	xmlNodePtr nom;
	char *text;
	int rc;

	sne_guichets_create(reg, "G0001", &s, &ch, why);
	/* a tab typed by hand in the file: the edits refuse it, the reader does not */
	nom = ((xmlNodePtr)sne_guichets_find(reg, "G0001")->node)->children;
	xmlNodeSetContent(nom, (const xmlChar *)"Nom\tsur\ndeux lignes");
	sne_guichets_reindex(reg);
	text = output_of(write_list, &a, &rc);
	CHECK(strstr(text, "\tNom sur deux lignes\n") != NULL && count_of(text, "\n") == 2,
	      "TSV : tabulations et fins de ligne des valeurs montrées en espaces");
	free(text);
	sne_guichets_free(reg);
}

static void test_fiche(void)
{
	struct sne_guichets *reg = load_exemple();
	char *text = printed(reg, "G0417", d(2026, 1, 1));

	CHECK(text != NULL && strncmp(text, "guichet G0417 : Service logement de la ville d'Annecy\n"
	                                    "type : commune\nterritoires : 074\n"
	                                    "adresse : Hôtel de ville, 1 rue Jean Jaurès, 74000 Annecy\n"
	                                    "ouverture : 2011-04-01\nétat : ouvert\n",
	                              strlen("guichet G0417 : Service logement de la ville d'Annecy\n"
	                                     "type : commune\nterritoires : 074\n"
	                                     "adresse : Hôtel de ville, 1 rue Jean Jaurès, 74000 Annecy\n"
	                                     "ouverture : 2011-04-01\nétat : ouvert\n")) == 0,
	      "la fiche : code, nom, type, territoires, adresse, ouverture, état");
	CHECK(text != NULL && strstr(text, "contact 1 (physique) : Accueil logement\n  adresse : Hôtel de "
	                                   "ville, rez-de-chaussée, 1 rue Jean Jaurès, 74000 Annecy\n"
	                                   "  lundi : 08:30-12:00 13:30-17:00\n") != NULL,
	      "la fiche : un point de contact physique, son adresse, ses horaires");
	CHECK(text != NULL && strstr(text, "contact 2 (téléphone) : Standard logement\n  téléphone : "
	                                   "04 50 33 88 88\n  mardi : 09:00-12:00\n") != NULL,
	      "la fiche : un point de contact téléphonique");
	CHECK(text != NULL && strstr(text, "historique :") != NULL &&
	      strcmp(strstr(text, "historique :"), "historique :\n  2011-04-01 creation par support\n") == 0,
	      "la fiche : l'historique en dernier");
	free(text);
	text = printed(reg, "G0417", d(2011, 3, 1));
	CHECK(text != NULL && strstr(text, "état : ouvre le 2011-04-01\n") != NULL, "la fiche : pas encore ouvert");
	free(text);
	sne_guichets_free(reg);
}

static void test_sortie_pleine(void)
{
	struct sne_guichets *reg = load_exemple();
	FILE *full = fopen("/dev/full", "w");
	struct sne_output *out;
	const char *said;
	int rc = 0;

	if (full == NULL) {
		CHECK(1, "sortie pleine : sans /dev/full # SKIP");
		sne_guichets_free(reg);
		return;
	}
	out = sne_output_fdopen(dup(fileno(full)), "plein", 0, 0);
	capture_start();
	while (rc == 0 && sne_output_given(out) < (1u << 20))
		rc = sne_guichets_print_list(reg, d(2026, 1, 1), SNE_GUICHETS_TSV, out);
	said = capture_end();
	sne_output_close(out);
	CHECK(rc != 0, "sortie pleine : la liste s'arrête en erreur (%d)", rc);
	/* the promise of sne/guichets_print.h: 74 after the output's message
	 * (the writers handed sne_output_printf's -1 back, without a word) */
	CHECK(rc == SNE_EX_IOERR, "sortie pleine : 74, comme le promet guichets_print.h (%d)", rc);
	CHECK(said != NULL && strstr(said, "plein: écriture impossible") != NULL,
	      "sortie pleine : le message nomme la sortie (%s)", said ? said : "");
	fclose(full);
	sne_guichets_free(reg);
}

int main(void)
{
	if (mkdtemp(dir) == NULL)
		return 99;
	sne_xml_silence();
	test_lecture();
	test_ouverture();
	test_territoires();
	test_proches();
	test_contacts();
	test_refus_lecture();
	test_creation();
	test_modification();
	test_fermeture();
	test_points_de_contact();
	test_ecriture();
	test_liste();
	test_tsv_propre();
	test_fiche();
	test_sortie_pleine();
	rmdir(dir);
	return check_done();
}
