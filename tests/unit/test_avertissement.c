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
	      "sent 31 January: one month ends 28 February");
	CHECK(same(sne_avertissement_echeance(d(2020, 1, 31), 1), d(2020, 2, 29)),
	      "sent 31 January 2020: 29 February");
	CHECK(same(sne_avertissement_echeance(d(2018, 1, 31), 2), d(2018, 3, 31)),
	      "two months: 31 March");
	CHECK(same(sne_avertissement_echeance(d(2017, 12, 15), 1), d(2018, 1, 15)),
	      "across the year");
	CHECK(!sne_avertissement_est_echu(d(2018, 2, 28), d(2018, 2, 27)), "the day before: not due");
	CHECK(!sne_avertissement_est_echu(d(2018, 2, 28), d(2018, 2, 28)),
	      "the day the delay ends: still the applicant's");
	CHECK(sne_avertissement_est_echu(d(2018, 2, 28), d(2018, 3, 1)), "the day after: due");
	CHECK(sne_avertissement_delai_legal(d(2018, 1, 31), d(2018, 2, 28)), "one month is legal");
	CHECK(!sne_avertissement_delai_legal(d(2018, 1, 31), d(2018, 2, 27)), "a day less is not");
}

static void test_radcon(void)
{
	CHECK(same(sne_radcon_limite_reactivation(d(2017, 9, 30)), d(2018, 2, 28)),
	      "radiated 30 September: until 28 February");
	CHECK(same(sne_radcon_limite_reactivation(d(2019, 9, 30)), d(2020, 2, 29)),
	      "leap year: until 29 February");
	CHECK(sne_radcon_peut_reactiver(d(2017, 9, 30), d(2018, 2, 28)), "last day allowed");
	CHECK(!sne_radcon_peut_reactiver(d(2017, 9, 30), d(2018, 3, 1)), "next day refused");
}

static void test_motifs(void)
{
	char why[256];

	CHECK(sne_radiation_motif_parse("RADABA") == SNE_MOTIF_RADABA, "RADABA");
	CHECK(sne_radiation_motif_parse("RADATT") == SNE_MOTIF_INCONNU, "RADATT is not ours");
	CHECK(sne_radiation_motif_parse(NULL) == SNE_MOTIF_INCONNU, "NULL");
	CHECK(sne_radiation_motif_avertit(SNE_MOTIF_RADCON) &&
	      sne_radiation_motif_avertit(SNE_MOTIF_RADIRR) &&
	      !sne_radiation_motif_avertit(SNE_MOTIF_RADABA), "RADIRR and RADCON need an avertissement");
	CHECK(sne_radiation_sous_motif_check("RADIRR", "IRRSEJ", why, sizeof why) == 0, "IRRSEJ");
	CHECK(sne_radiation_sous_motif_check("RADIRR", "IRRRES", why, sizeof why) == 0, "IRRRES");
	CHECK(sne_radiation_sous_motif_check("RADIRR", NULL, why, sizeof why) != 0 &&
	      strstr(why, "sans sous-motif") != NULL, "RADIRR without sous-motif (%s)", why);
	CHECK(sne_radiation_sous_motif_check("RADIRR", "IRRAUT", why, sizeof why) != 0,
	      "unknown sous-motif");
	CHECK(sne_radiation_sous_motif_check("RADCON", "IRRSEJ", why, sizeof why) != 0,
	      "sous-motif with RADCON");
	CHECK(sne_radiation_sous_motif_check("RADREN", NULL, why, sizeof why) == 0,
	      "no sous-motif elsewhere");
}

static void test_du(void)
{
	struct sne_avertissement_faits f = { 1, "RADIRR", "IRRRES", 0, 1 };
	struct sne_notice n;

	CHECK(sne_avertissement_du(&f, d(2018, 1, 31), 1, &n) == 1, "asked for, not sent: due");
	CHECK_STR(n.type, SNE_TYPE_AVERTISSEMENT, "its type");
	CHECK(n.avertissement && n.canaux == SNE_CANAL_COURRIER_AR && n.manques == 0,
	      "by registered letter");
	CHECK_STR(n.motif, "RADIRR", "motif");
	CHECK_STR(n.sous_motif, "IRRRES", "sous-motif");
	CHECK(same(n.echeance, d(2018, 2, 28)), "échéance from the sending day");
	CHECK(sne_avertissement_du(&f, d(2018, 1, 31), 2, &n) == 1 &&
	      same(n.echeance, d(2018, 3, 31)), "with a two-month delay");
	f.lettre_possible = 0;
	CHECK(sne_avertissement_du(&f, d(2018, 1, 31), 1, &n) == 1 && n.canaux == 0 &&
	      n.manques == SNE_CANAL_COURRIER_AR, "no letter possible: due, no channel");
	f.envoye = 1;
	CHECK(sne_avertissement_du(&f, d(2018, 1, 31), 1, &n) == 0, "sent once, never again");
	f.envoye = 0;
	f.active = 0;
	CHECK(sne_avertissement_du(&f, d(2018, 1, 31), 1, &n) == 0, "not on a radiated demande");
	f.active = 1;
	f.motif = NULL;
	CHECK(sne_avertissement_du(&f, d(2018, 1, 31), 1, &n) == 0, "none asked for");
}

int main(void)
{
	test_echeance();
	test_radcon();
	test_motifs();
	test_du();
	return check_done();
}
