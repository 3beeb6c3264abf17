/* The avertissement's delay, the RADCON reactivation window, motifs and
 * sous-motifs, and the avertissement letter due (lib/avertissement.c). */
#include <string.h>

#include "check.h"
#include "sne/avertissement.h"

static struct sne_date d(int y, int m, int day)
{
	return (struct sne_date){ y, m, day };
}

static int same(struct sne_date a, struct sne_date b)
{
	return sne_date_cmp(a, b) == 0;
}

static void test_echeance(void)
{
	CHECK(same(sne_avertissement_echeance(d(2018, 1, 31), 1), d(2018, 2, 28)),
	      "envoyé le 31 janvier : un mois finit le 28 février");
	CHECK(same(sne_avertissement_echeance(d(2020, 1, 31), 1), d(2020, 2, 29)),
	      "envoyé le 31 janvier 2020 : 29 février");
	CHECK(same(sne_avertissement_echeance(d(2018, 1, 31), 2), d(2018, 3, 31)),
	      "deux mois : 31 mars");
	CHECK(same(sne_avertissement_echeance(d(2017, 12, 15), 1), d(2018, 1, 15)),
	      "à cheval sur l'année");
	CHECK(!sne_avertissement_est_echu(d(2018, 2, 28), d(2018, 2, 27)), "la veille : pas échu");
	CHECK(!sne_avertissement_est_echu(d(2018, 2, 28), d(2018, 2, 28)),
	      "le jour où le délai finit : encore celui du demandeur");
	CHECK(sne_avertissement_est_echu(d(2018, 2, 28), d(2018, 3, 1)), "le lendemain : échu");
	CHECK(sne_avertissement_delai_legal(d(2018, 1, 31), d(2018, 2, 28)), "un mois est légal");
	CHECK(!sne_avertissement_delai_legal(d(2018, 1, 31), d(2018, 2, 27)),
	      "un jour de moins ne l'est pas");
}

static void test_radcon(void)
{
	CHECK(same(sne_radcon_limite_reactivation(d(2017, 9, 30)), d(2018, 2, 28)),
	      "radiée le 30 septembre : jusqu'au 28 février");
	CHECK(same(sne_radcon_limite_reactivation(d(2019, 9, 30)), d(2020, 2, 29)),
	      "année bissextile : jusqu'au 29 février");
	CHECK(sne_radcon_peut_reactiver(d(2017, 9, 30), d(2018, 2, 28)), "dernier jour permis");
	CHECK(!sne_radcon_peut_reactiver(d(2017, 9, 30), d(2018, 3, 1)), "lendemain refusé");
}

static void test_motifs(void)
{
	char why[256];

	CHECK(sne_radiation_motif_parse("RADABA") == SNE_MOTIF_RADABA, "RADABA");
	CHECK(sne_radiation_motif_parse("RADATT") == SNE_MOTIF_INCONNU,
	      "RADATT n'est pas des nôtres");
	CHECK(sne_radiation_motif_parse(NULL) == SNE_MOTIF_INCONNU, "NULL");
	CHECK(sne_radiation_motif_avertit(SNE_MOTIF_RADCON) &&
	      sne_radiation_motif_avertit(SNE_MOTIF_RADIRR) &&
	      !sne_radiation_motif_avertit(SNE_MOTIF_RADABA),
	      "RADIRR et RADCON exigent un avertissement");
	CHECK(sne_radiation_sous_motif_check("RADIRR", "IRRSEJ", why, sizeof why) == 0, "IRRSEJ");
	CHECK(sne_radiation_sous_motif_check("RADIRR", "IRRRES", why, sizeof why) == 0, "IRRRES");
	CHECK(sne_radiation_sous_motif_check("RADIRR", NULL, why, sizeof why) != 0 &&
	      strstr(why, "sans sous-motif") != NULL, "RADIRR sans sous-motif (%s)", why);
	CHECK(sne_radiation_sous_motif_check("RADIRR", "IRRAUT", why, sizeof why) != 0,
	      "sous-motif inconnu");
	CHECK(sne_radiation_sous_motif_check("RADCON", "IRRSEJ", why, sizeof why) != 0,
	      "sous-motif avec RADCON");
	CHECK(sne_radiation_sous_motif_check("RADREN", NULL, why, sizeof why) == 0,
	      "aucun sous-motif ailleurs");
}

static void test_du(void)
{
	struct sne_avertissement_faits f = { 1, "RADIRR", "IRRRES", 0, 1 };
	struct sne_notice n;

	CHECK(sne_avertissement_du(&f, d(2018, 1, 31), 1, &n) == 1, "demandé, pas envoyé : dû");
	CHECK_STR(n.type, SNE_TYPE_AVERTISSEMENT, "son type");
	CHECK(n.avertissement && n.canaux == SNE_CANAL_COURRIER_AR && n.manques == 0,
	      "par lettre recommandée");
	CHECK_STR(n.motif, "RADIRR", "motif");
	CHECK_STR(n.sous_motif, "IRRRES", "sous-motif");
	CHECK(same(n.echeance, d(2018, 2, 28)), "échéance à partir du jour d'envoi");
	CHECK(sne_avertissement_du(&f, d(2018, 1, 31), 2, &n) == 1 &&
	      same(n.echeance, d(2018, 3, 31)), "avec un délai de deux mois");
	f.lettre_possible = 0;
	CHECK(sne_avertissement_du(&f, d(2018, 1, 31), 1, &n) == 1 && n.canaux == 0 &&
	      n.manques == SNE_CANAL_COURRIER_AR, "aucune lettre possible : dû, sans canal");
	f.envoye = 1;
	CHECK(sne_avertissement_du(&f, d(2018, 1, 31), 1, &n) == 0, "envoyé une fois, jamais plus");
	f.envoye = 0;
	f.active = 0;
	CHECK(sne_avertissement_du(&f, d(2018, 1, 31), 1, &n) == 0, "pas sur une demande radiée");
	f.active = 1;
	f.motif = NULL;
	CHECK(sne_avertissement_du(&f, d(2018, 1, 31), 1, &n) == 0, "aucun demandé");
}

int main(void)
{
	test_echeance();
	test_radcon();
	test_motifs();
	test_du();
	return check_done();
}
