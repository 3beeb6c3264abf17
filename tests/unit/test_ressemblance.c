/* Unit tests of lib/ressemblance.c: the near cases of one identity. */
#include "sne/ressemblance.h"

#include "check.h"

static enum sne_ressemblance cmp(const char *na, const char *pa, const char *ja, const char *nb,
                                 const char *pb, const char *jb)
{
	struct sne_identite_pliee a = { na, pa, ja }, b = { nb, pb, jb };

	return sne_ressemblance_compare(&a, &b);
}

int main(void)
{
	CHECK(sne_ressemblance_une_lettre("martin", "martim"), "une lettre changée");
	CHECK(sne_ressemblance_une_lettre("martin", "martins"), "une lettre ajoutée à la fin");
	CHECK(sne_ressemblance_une_lettre("martin", "marin"), "une lettre retirée au milieu");
	CHECK(sne_ressemblance_une_lettre("martin", "amrtin"), "deux voisines échangées");
	CHECK(sne_ressemblance_une_lettre("bernard", "bernadr"), "les deux dernières échangées");
	CHECK(!sne_ressemblance_une_lettre("martin", "martin"), "égal n'est pas à une lettre près");
	CHECK(!sne_ressemblance_une_lettre("martin", "marton s"), "à deux lettres près");
	CHECK(!sne_ressemblance_une_lettre("martin", "mratni"), "deux échanges");
	CHECK(!sne_ressemblance_une_lettre("", "a"), "vide ne correspond jamais");
	CHECK(sne_ressemblance_une_lettre("nikolaos", "nikolaσs"),
	      "une lettre est un point de code (2 octets)");
	CHECK(sne_ressemblance_une_lettre("иванов", "иваноа"), "cyrillique, une lettre changée");
	CHECK(sne_ressemblance_une_lettre("иванов", "ивнаов"),
	      "cyrillique, deux voisines échangées");
	CHECK(sne_ressemblance_une_lettre("иванов", "иваов"), "cyrillique, une lettre retirée");
	CHECK(!sne_ressemblance_une_lettre("иванов", "иваон"), "cyrillique, à deux lettres près");
	CHECK(cmp("martin", "elodie", NULL, "martin", "elodie", NULL) == SNE_RESSEMBLANCE_IDENTITE,
	      "la même identité est certaine");
	CHECK(sne_ressemblance_est_certaine(SNE_RESSEMBLANCE_IDENTITE) &&
	      !sne_ressemblance_est_certaine(SNE_RESSEMBLANCE_INVERSION),
	      "seule l'identité est certaine");
	CHECK(cmp("martin", "elodie", NULL, "elodie", "martin", NULL) == SNE_RESSEMBLANCE_INVERSION,
	      "nom et prénom échangés");
	CHECK(cmp("martin", "jean pierre", NULL, "martin", "jean", NULL) ==
	      SNE_RESSEMBLANCE_PRENOM_COUPE, "prénom composé réduit à son premier prénom");
	CHECK(cmp("martin", "pierre", NULL, "martin", "jean pierre", NULL) ==
	      SNE_RESSEMBLANCE_PRENOM_COUPE, "prénom composé réduit à son dernier prénom");
	CHECK(cmp("martin", "jeanne", NULL, "martin", "jean pierre", NULL) ==
	      SNE_RESSEMBLANCE_AUCUNE,
	      "un préfixe qui n'est pas un mot entier n'est pas une réduction");
	CHECK(cmp("martin", "elodie", NULL, "martin", "elodye", NULL) == SNE_RESSEMBLANCE_UNE_LETTRE,
	      "prénoms à une lettre près");
	CHECK(cmp("martin", "elodie", NULL, "marti", "elodie", NULL) == SNE_RESSEMBLANCE_UNE_LETTRE,
	      "noms à une lettre près");
	CHECK(cmp("martin", "elodie", NULL, "martim", "elodye", NULL) == SNE_RESSEMBLANCE_AUCUNE,
	      "les deux à une lettre près, c'est trop loin");
	CHECK(cmp("durand", "elodie", "martin", "martin", "elodie", NULL) ==
	      SNE_RESSEMBLANCE_PATRONYMIQUE, "le nom patronymique de l'un est le nom de l'autre");
	CHECK(cmp("martin", "elodie", NULL, "durand", "elodie", "martin") ==
	      SNE_RESSEMBLANCE_PATRONYMIQUE, "et dans l'autre sens");
	CHECK(cmp("durand", "elodie", "martin", "martin", "sophie", NULL) == SNE_RESSEMBLANCE_AUCUNE,
	      "nom patronymique avec un autre prénom : pas un cas de doublon");
	CHECK(cmp("", "elodie", NULL, "", "elodie", NULL) == SNE_RESSEMBLANCE_AUCUNE,
	      "des noms inconnus ne correspondent à rien");
	CHECK(cmp("martin", "elodie", NULL, "dupont", "paul", NULL) == SNE_RESSEMBLANCE_AUCUNE,
	      "personnes différentes");
	CHECK_STR(sne_ressemblance_name(SNE_RESSEMBLANCE_PRENOM_COUPE), "prenom-coupe",
	          "nom du genre");
	return check_done();
}
