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
	CHECK(sne_ressemblance_une_lettre("martin", "martim"), "one letter changed");
	CHECK(sne_ressemblance_une_lettre("martin", "martins"), "one letter added at the end");
	CHECK(sne_ressemblance_une_lettre("martin", "marin"), "one letter removed inside");
	CHECK(sne_ressemblance_une_lettre("martin", "amrtin"), "two neighbours swapped");
	CHECK(sne_ressemblance_une_lettre("bernard", "bernadr"), "last two swapped");
	CHECK(!sne_ressemblance_une_lettre("martin", "martin"), "equal is not one apart");
	CHECK(!sne_ressemblance_une_lettre("martin", "marton s"), "two apart");
	CHECK(!sne_ressemblance_une_lettre("martin", "mratni"), "two swaps");
	CHECK(!sne_ressemblance_une_lettre("", "a"), "empty never matches");
	CHECK(sne_ressemblance_une_lettre("nikolaos", "nikolaσs"), "a letter is a code point (2 bytes)");
	CHECK(sne_ressemblance_une_lettre("иванов", "иваноа"), "Cyrillic, one letter changed");
	CHECK(sne_ressemblance_une_lettre("иванов", "ивнаов"), "Cyrillic, two neighbours swapped");
	CHECK(sne_ressemblance_une_lettre("иванов", "иваов"), "Cyrillic, one letter removed");
	CHECK(!sne_ressemblance_une_lettre("иванов", "иваон"), "Cyrillic, two apart");
	CHECK(cmp("martin", "elodie", NULL, "martin", "elodie", NULL) == SNE_RESSEMBLANCE_IDENTITE,
	      "same identity is certain");
	CHECK(sne_ressemblance_est_certaine(SNE_RESSEMBLANCE_IDENTITE) &&
	      !sne_ressemblance_est_certaine(SNE_RESSEMBLANCE_INVERSION), "only identity is certain");
	CHECK(cmp("martin", "elodie", NULL, "elodie", "martin", NULL) == SNE_RESSEMBLANCE_INVERSION,
	      "nom and prénom swapped");
	CHECK(cmp("martin", "jean pierre", NULL, "martin", "jean", NULL) ==
	      SNE_RESSEMBLANCE_PRENOM_COUPE, "compound prénom cut to its first name");
	CHECK(cmp("martin", "pierre", NULL, "martin", "jean pierre", NULL) ==
	      SNE_RESSEMBLANCE_PRENOM_COUPE, "compound prénom cut to its last name");
	CHECK(cmp("martin", "jeanne", NULL, "martin", "jean pierre", NULL) ==
	      SNE_RESSEMBLANCE_AUCUNE, "a prefix that is not a whole word is not a cut");
	CHECK(cmp("martin", "elodie", NULL, "martin", "elodye", NULL) == SNE_RESSEMBLANCE_UNE_LETTRE,
	      "prénoms one letter apart");
	CHECK(cmp("martin", "elodie", NULL, "marti", "elodie", NULL) == SNE_RESSEMBLANCE_UNE_LETTRE,
	      "noms one letter apart");
	CHECK(cmp("martin", "elodie", NULL, "martim", "elodye", NULL) == SNE_RESSEMBLANCE_AUCUNE,
	      "both one letter apart is too far");
	CHECK(cmp("durand", "elodie", "martin", "martin", "elodie", NULL) ==
	      SNE_RESSEMBLANCE_PATRONYMIQUE, "nom patronymique of one is the nom of the other");
	CHECK(cmp("martin", "elodie", NULL, "durand", "elodie", "martin") ==
	      SNE_RESSEMBLANCE_PATRONYMIQUE, "and the other way round");
	CHECK(cmp("durand", "elodie", "martin", "martin", "sophie", NULL) == SNE_RESSEMBLANCE_AUCUNE,
	      "nom patronymique with another prénom is not a case");
	CHECK(cmp("", "elodie", NULL, "", "elodie", NULL) == SNE_RESSEMBLANCE_AUCUNE,
	      "unknown noms match nothing");
	CHECK(cmp("martin", "elodie", NULL, "dupont", "paul", NULL) == SNE_RESSEMBLANCE_AUCUNE,
	      "different people");
	CHECK_STR(sne_ressemblance_name(SNE_RESSEMBLANCE_PRENOM_COUPE), "prenom-coupe", "name");
	return check_done();
}
