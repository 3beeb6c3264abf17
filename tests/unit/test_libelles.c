/* The words of the codes (lib/libelles.c): every list ends, knows each of
 * its codes once and gives each words; the lookup of a code not listed or
 * NULL; the lists agree with the rules that accept the codes (the types
 * de logement of lib/check.c, the sous-motifs of lib/avertissement.c). */
#include "check.h"
#include "sne/avertissement.h"
#include "sne/libelles.h"

#include <string.h>

static const struct {
	const char *name;
	const struct sne_libelle *list;
} lists[] = {
	{ "civilite", sne_libelles_civilite },
	{ "nationalite", sne_libelles_nationalite },
	{ "situation_familiale", sne_libelles_situation_familiale },
	{ "sexe", sne_libelles_sexe },
	{ "lien_parente", sne_libelles_lien_parente },
	{ "coparentalite", sne_libelles_coparentalite },
	{ "lien_demandeur", sne_libelles_lien_demandeur },
	{ "contrat", sne_libelles_contrat },
	{ "ressource", sne_libelles_ressource },
	{ "modele_logement", sne_libelles_modele_logement },
	{ "categorie_logement", sne_libelles_categorie_logement },
	{ "type_logement", sne_libelles_type_logement },
	{ "origine", sne_libelles_origine },
	{ "canal", sne_libelles_canal },
	{ "motif_radiation", sne_libelles_motif_radiation },
	{ "sous_motif", sne_libelles_sous_motif },
	{ "contingent", sne_libelles_contingent },
	{ "accord_collectif", sne_libelles_accord_collectif },
	{ "dalo", sne_libelles_dalo },
	{ "qpv", sne_libelles_qpv },
	{ "envoi", sne_libelles_envoi },
	{ "canal_envoi", sne_libelles_canal_envoi },
	{ "evenement", sne_libelles_evenement },
};

static void test_lists(void)
{
	for (size_t l = 0; l < sizeof lists / sizeof lists[0]; l++) {
		const struct sne_libelle *list = lists[l].list;
		size_t n = 0;
		int words = 1, once = 1;

		for (; list[n].code != NULL && n < 1000; n++) {
			words &= list[n].mots != NULL && list[n].mots[0] != '\0';
			once &= sne_libelle(list, list[n].code) == list[n].mots;
		}
		CHECK(n > 0 && n < 1000 && list[n].mots == NULL, "liste %s : finie, non vide", lists[l].name);
		CHECK(words, "liste %s : des mots pour chaque code", lists[l].name);
		CHECK(once, "liste %s : chaque code une fois", lists[l].name);
	}
}

static void test_lookup(void)
{
	static const char *const types[] = { "CHA", "T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8",
		                             "T9P" };
	int all = 1;

	CHECK_STR(sne_libelle(sne_libelles_civilite, "2"), "Madame", "civilité 2 : Madame");
	CHECK_STR(sne_libelle(sne_libelles_motif_radiation, "RADIRR"), "irrecevabilité",
	          "RADIRR : irrecevabilité");
	CHECK(sne_libelle(sne_libelles_civilite, "3") == NULL, "code absent de la liste : NULL");
	CHECK(sne_libelle(sne_libelles_civilite, NULL) == NULL, "code NULL : NULL");
	CHECK(sne_libelle(sne_libelles_type_logement, "t3") == NULL, "la casse compte");
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
		all &= sne_libelle(sne_libelles_type_logement, types[i]) != NULL;
	CHECK(all, "chaque type de logement accepté par les règles a ses mots");
}

static void test_sous_motifs_agree(void)
{
	CHECK_STR(sne_radiation_sous_motif_libelle("IRRSEJ"), "irrégularité du séjour",
	          "IRRSEJ : irrégularité du séjour (les mots des pages de manuel)");
	CHECK_STR(sne_libelle(sne_libelles_sous_motif, "IRRSEJ"),
	          sne_radiation_sous_motif_libelle("IRRSEJ"),
	          "la consultation et les avertissements disent IRRSEJ avec les mêmes mots");
	CHECK_STR(sne_libelle(sne_libelles_sous_motif, "IRRRES"),
	          sne_radiation_sous_motif_libelle("IRRRES"), "IRRRES : les mêmes mots");
	CHECK(sne_radiation_sous_motif_libelle("IRRXXX") == NULL, "sous-motif inconnu : NULL");
}

int main(void)
{
	test_lists();
	test_lookup();
	test_sous_motifs_agree();
	return check_done();
}
