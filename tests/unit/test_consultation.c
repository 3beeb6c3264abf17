/* Unit tests of lib/consultation.c and lib/consultation_write.c: tab
 * names as typed, columns of UTF-8 text, every leaf of a demande shown
 * (unknown ones under «Autres informations» with their path), the état in
 * words, and the text within its width. */
#include "sne/consultation.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "check.h"
#include "sne/err.h"
#include "sne/fragment.h"

static void test_onglets(void)
{
	char why[1024];

	CHECK(sne_onglet_find("Gestion des échanges", why, sizeof why) == SNE_ONGLET_ECHANGES,
	      "le nom entier");
	CHECK(sne_onglet_find("echanges", why, sizeof why) == SNE_ONGLET_ECHANGES,
	      "un de ses mots, sans accents");
	CHECK(sne_onglet_find("SITUATION-PROF", why, sizeof why) == SNE_ONGLET_SITUATION,
	      "majuscules et tirets");
	CHECK(sne_onglet_find("demande", why, sizeof why) == SNE_ONGLET_DEMANDE,
	      "un nom exact l'emporte sur les onglets qu'il commence (Demandeur)");
	CHECK(sne_onglet_find("logement", why, sizeof why) == -1 && strstr(why, "ambigu"),
	      "ambigu : %s", why);
	CHECK(sne_onglet_find("xyz", why, sizeof why) == -1 && strstr(why, "inconnu"),
	      "inconnu, avec la liste");
}

static void test_columns(void)
{
	CHECK(sne_text_columns("Prénom", strlen("Prénom")) == 6,
	      "une lettre accentuée fait une colonne");
	CHECK(sne_text_columns("Pre\xcc\x81nom", 8) == 6, "un accent combinant n'en fait aucune");
	CHECK(sne_text_columns("Bảo", strlen("Bảo")) == 3,
	      "une lettre vietnamienne fait une colonne");
}

static const char demande[] =
	"<n:demande xmlns:n=\"http://nuu.application.i2/\" xmlns:s=\"urn:sne:suivi:1\" n:rang=\"3\">"
	"<n:demandeLogement><n:numUnique>0740316000077G0417</n:numUnique>"
	"<n:dateCreationDemande>2016-03-10</n:dateCreationDemande>"
	"<n:personnePhysique><n:demandeur><n:civilite code=\"2\"/><n:nom>Durand</n:nom>"
	"<n:prenom>Paule</n:prenom><n:inconnu>valeur inconnue</n:inconnu><n:vide/>"
	"</n:demandeur></n:personnePhysique></n:demandeLogement>"
	"<s:suivi><s:etat>radiee</s:etat><s:radiation date=\"2018-04-06\" motif=\"RADREN\"/>"
	"<s:avertissement date=\"2018-01-02\" motif=\"RADCON\"/></s:suivi></n:demande>";

/* The value of the field LIBELLE of tab ONGLET, or NULL. */
static const char *value_of(const struct sne_consultation *c, int onglet, const char *libelle)
{
	const struct sne_onglet *o = &c->onglets[onglet];

	for (size_t b = 0; b < o->nblocs; b++)
		for (size_t f = 0; f < o->blocs[b].nchamps; f++)
			if (strcmp(o->blocs[b].champs[f].libelle, libelle) == 0)
				return o->blocs[b].champs[f].valeur;
	return NULL;
}

static void test_model(void)
{
	char why[SNE_WHY_MAX];
	xmlDocPtr doc = sne_fragment_parse_ns("", demande, strlen(demande), why, sizeof why);
	struct sne_consultation *c;

	CHECK(doc != NULL, "la demande se lit : %s", doc ? "" : why);
	if (doc == NULL)
		return;
	c = sne_consultation_new(sne_fragment_record(doc));
	CHECK_STR(c->numero, "0740316000077G0417", "le numéro");
	CHECK_STR(c->demandeur, "Durand Paule", "le demandeur");
	CHECK_STR(value_of(c, SNE_ONGLET_DEMANDE, "État de la demande"),
	          "Radiée le 6 avril 2018 — non-renouvellement (RADREN)", "l'état en mots");
	CHECK_STR(value_of(c, SNE_ONGLET_DEMANDE, "Date de dépôt"), "10/03/2016",
	          "dates JJ/MM/AAAA");
	CHECK_STR(value_of(c, SNE_ONGLET_DEMANDEUR, "Civilité"), "Madame (2)", "codes en mots");
	CHECK_STR(value_of(c, SNE_ONGLET_AUTRES, "demandeLogement/personnePhysique/demandeur/inconnu"),
	          "valeur inconnue", "un élément inconnu, avec son chemin");
	CHECK_STR(value_of(c, SNE_ONGLET_AUTRES, "demandeLogement/personnePhysique/demandeur/vide"),
	          "", "un élément vide inconnu, montré vide");
	CHECK_STR(value_of(c, SNE_ONGLET_AUTRES, "@rang"), "3",
	          "un attribut de l'élément demande lui-même");
	CHECK(value_of(c, SNE_ONGLET_ECHANGES, "avertissement") != NULL &&
	      strstr(value_of(c, SNE_ONGLET_ECHANGES, "avertissement"), "motif « RADCON »"),
	      "un élément du suivi qu'aucun bloc ne connaît, dans Gestion des échanges");
	sne_consultation_free(c);
	sne_fragment_free(doc);
}

static void test_width(void)
{
	char why[SNE_WHY_MAX], line[512];
	xmlDocPtr doc = sne_fragment_parse_ns("", demande, strlen(demande), why, sizeof why);
	struct sne_consultation *c = sne_consultation_new(sne_fragment_record(doc));
	FILE *f = tmpfile();
	struct sne_output *out;
	size_t widest = 0, lines = 0;

	for (int width = 20; width <= 60; width += 40) {
		struct sne_affichage a = { .largeur = width };

		rewind(f);
		if (ftruncate(fileno(f), 0) != 0)
			abort();
		out = sne_output_fdopen(dup(fileno(f)), "tmp", 0, 0);
		CHECK(sne_consultation_write_text(c, &a, out) == 0 && sne_output_close(out) == 0,
		      "écrit sur %d colonnes", width);
		rewind(f);
		widest = lines = 0;
		while (fgets(line, sizeof line, f) != NULL) {
			size_t n = sne_text_columns(line, strcspn(line, "\n"));

			widest = n > widest ? n : widest;
			lines++;
		}
		CHECK(lines > 20 && widest <= (size_t)width,
		      "%zu lignes, la plus large de %zu colonnes <= %d",
		      lines, widest, width);
	}
	fclose(f);
	sne_consultation_free(c);
	sne_fragment_free(doc);
}

int main(void)
{
	sne_err_init("test_consultation");
	test_onglets();
	test_columns();
	test_model();
	test_width();
	return check_done();
}
