/* Unit tests of lib/stats.c and lib/stats_rendu.c: the measures' codes,
 * the months of a period (the month before it included, year ends), the
 * numbers with their thousands separator, the French month names. */
#include "sne/stats.h"

#include <string.h>

#include "check.h"
#include "sne/stats_rendu.h"

static struct sne_date d(int year, int month, int day)
{
	struct sne_date date = { year, month, day };

	return date;
}

static const char *nombre(uint64_t n)
{
	static char buf[32];

	sne_stats_nombre(n, buf, sizeof buf);
	return buf;
}

static const char *mois(struct sne_date month)
{
	static char buf[64];

	sne_stats_mois_text(month, buf, sizeof buf);
	return buf;
}

static void test_nombre(void)
{
	CHECK_STR(nombre(0), "0", "0");
	CHECK_STR(nombre(999), "999", "999 : sans séparateur");
	CHECK_STR(nombre(1000), "1 000", "1000");
	CHECK_STR(nombre(123456), "123 456", "six chiffres");
	CHECK_STR(nombre(1234567), "1 234 567", "sept chiffres");
	CHECK_STR(nombre(18446744073709551615u), "18 446 744 073 709 551 615",
	          "le plus grand compteur");
}

static void test_mesures(void)
{
	CHECK(sne_stats_mesure_of("ATTENTE") == SNE_STATS_I_ATTENTE, "ATTENTE");
	CHECK(sne_stats_mesure_of("radiation-RADIRR-IRRSEJ") == SNE_STATS_V_RAD_IRR_SEJ,
	      "le volume d'un sous-motif");
	CHECK(sne_stats_mesure_of("attente") == -1, "les codes sont exacts (casse)");
	CHECK(sne_stats_mesure_of("") == -1, "code vide");
	CHECK(sne_stats_fin_seulement(SNE_STATS_I_DOUBLON) && sne_stats_fin_seulement(SNE_STATS_I_CONTROLE) &&
	      !sne_stats_fin_seulement(SNE_STATS_I_ATTENTE),
	      "DOUBLON et CONTROLE à la fin de la période seulement");
	for (int m = 0; m < SNE_STATS_NMESURES; m++)
		if (sne_stats_mesure_of(sne_stats_mesures[m].code) != m)
			CHECK(0, "code %s unique", sne_stats_mesures[m].code);
}

static void test_period(void)
{
	struct sne_stats_options o = { .du = d(2026, 12, 1), .au = d(2027, 2, 28) };
	struct sne_stats *s = sne_stats_new(&o);

	CHECK(sne_stats_nmois(s) == 3, "de décembre à février : trois mois");
	CHECK_STR(mois(sne_stats_mois(s, 0)), "novembre 2026", "l'indice 0 est le mois précédent");
	CHECK_STR(mois(sne_stats_mois(s, 2)), "janvier 2027", "à cheval sur la fin de l'année");
	CHECK_STR(mois(sne_stats_mois(s, 3)), "février 2027", "le dernier mois");
	sne_stats_finish(s);
	CHECK(sne_stats_nlignes(s) == 0 && sne_stats_demandes(s) == 0,
	      "aucune demande : aucune ligne");
	CHECK(sne_stats_valeur(s, 0, 3, SNE_STATS_V_CREATION_GUICHET) == 0, "le total de rien");
	sne_stats_free(s);
	o.du = o.au = d(2026, 1, 31);
	o.du.day = 1;
	s = sne_stats_new(&o);
	CHECK(sne_stats_nmois(s) == 1, "un mois");
	CHECK_STR(mois(sne_stats_mois(s, 0)), "décembre 2025", "le mois précédent de janvier");
	sne_stats_free(s);
}

int main(void)
{
	test_nombre();
	test_mesures();
	test_period();
	return check_done();
}
