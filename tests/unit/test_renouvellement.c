/* Unit tests of lib/renouvellement.c: the renewal dates at their edges
 * (29 February, month ends) and the anniversary taken from the suivi. */
#include "sne/renouvellement.h"

#include "check.h"

static struct sne_date d(int year, int month, int day)
{
	struct sne_date date = { year, month, day };

	return date;
}

/* ISO form of DATE in one of two static buffers, for CHECK_STR. */
static const char *iso(struct sne_date date)
{
	static char bufs[2][SNE_DATE_ISO_SIZE];
	static int next;

	next = !next;
	sne_date_format(date, bufs[next]);
	return bufs[next];
}

static void test_anniversaire(void)
{
	CHECK_STR(iso(sne_renouvellement_anniversaire(d(2017, 3, 5))), "2018-03-05",
	          "l'anniversaire est t + 1 an");
	CHECK_STR(iso(sne_renouvellement_anniversaire(d(2016, 2, 29))), "2017-02-28",
	          "29 février + 1 an donne 28 février");
	CHECK_STR(iso(sne_renouvellement_anniversaire(d(2020, 2, 29))), "2021-02-28",
	          "un renouvellement le 29 février 2020 donne le 28 février 2021");
	CHECK_STR(iso(sne_renouvellement_anniversaire(d(2015, 2, 28))), "2016-02-28",
	          "le 28 février reste le 28 février dans une année bissextile");
}

static void test_derived_dates(void)
{
	CHECK_STR(iso(sne_renouvellement_ouverture(d(2018, 3, 5))), "2018-01-05",
	          "la fenêtre s'ouvre 2 mois avant");
	CHECK_STR(iso(sne_renouvellement_ouverture(d(2018, 4, 30))), "2018-02-28",
	          "l'ouverture de la fenêtre se borne à la fin de février");
	CHECK_STR(iso(sne_renouvellement_expiration(d(2018, 1, 31))), "2018-02-28",
	          "31 janvier + 1 mois = 28 février");
	CHECK_STR(iso(sne_renouvellement_expiration(d(2020, 1, 31))), "2020-02-29",
	          "31 janvier + 1 mois = 29 février dans une année bissextile");
	CHECK_STR(iso(sne_renouvellement_expiration(d(2018, 12, 15))), "2019-01-15",
	          "l'expiration passe l'année");
	CHECK_STR(iso(sne_renouvellement_limite_reactivation(d(2018, 3, 5))), "2018-09-05",
	          "la limite de réactivation est l'anniversaire + 6 mois");
	CHECK_STR(iso(sne_renouvellement_limite_reactivation(d(2018, 8, 31))), "2019-02-28",
	          "la limite de réactivation se borne à la fin du mois");
}

static void test_predicates(void)
{
	struct sne_date anniversaire = d(2018, 3, 5);

	CHECK(!sne_renouvellement_est_ouvert(anniversaire, d(2018, 1, 4)),
	      "fermée la veille de la fenêtre");
	CHECK(sne_renouvellement_est_ouvert(anniversaire, d(2018, 1, 5)),
	      "ouverte le premier jour de la fenêtre");
	CHECK(sne_renouvellement_est_ouvert(anniversaire, d(2018, 5, 1)),
	      "encore ouverte après l'anniversaire");
	CHECK(!sne_renouvellement_est_expire(anniversaire, d(2018, 4, 4)),
	      "pas expirée la veille de l'anniversaire + 1 mois");
	CHECK(sne_renouvellement_est_expire(anniversaire, d(2018, 4, 5)),
	      "radiée à l'anniversaire + 1 mois (t + 13 mois)");
	CHECK_STR(iso(sne_renouvellement_dernier_jour(anniversaire)), "2018-04-04",
	          "dernier jour pour renouveler : la veille de la radiation");
	CHECK_STR(iso(sne_renouvellement_dernier_jour(d(2020, 1, 31))), "2020-02-28",
	          "dernier jour pour renouveler avant un 29 février");
	CHECK(sne_renouvellement_peut_reactiver(anniversaire, d(2018, 9, 5)),
	      "réactivation le dernier jour");
	CHECK(!sne_renouvellement_peut_reactiver(anniversaire, d(2018, 9, 6)),
	      "pas de réactivation le lendemain");
	CHECK(!sne_renouvellement_est_expire(d(2018, 1, 31), d(2018, 2, 27)),
	      "31 janvier : pas expirée le 27 février");
	CHECK(sne_renouvellement_est_expire(d(2018, 1, 31), d(2018, 2, 28)),
	      "31 janvier : radiée le 28 février");
}

static void test_anniversaire_de(void)
{
	struct sne_date out = { 0, 0, 0 };
	char why[128] = "";

	CHECK(sne_renouvellement_anniversaire_de("2018-03-05", "2017-01-01", "2016-01-01", &out,
	                                         why, sizeof why) == 0 &&
	      sne_date_cmp(out, d(2018, 3, 5)) == 0, "prochain l'emporte");
	CHECK(sne_renouvellement_anniversaire_de("", "2020-02-29", "2016-01-01", &out, why,
	                                         sizeof why) == 0 &&
	      sne_date_cmp(out, d(2021, 2, 28)) == 0, "sinon dernier + 1 an");
	CHECK(sne_renouvellement_anniversaire_de(NULL, NULL, "2016-02-29", &out, why,
	                                         sizeof why) == 0 &&
	      sne_date_cmp(out, d(2017, 2, 28)) == 0, "sinon dépôt + 1 an");
	CHECK(sne_renouvellement_anniversaire_de(NULL, NULL, NULL, &out, why, sizeof why) == -1,
	      "aucune date du tout est une erreur");
	CHECK(why[0] != '\0', "avec un motif");
	why[0] = '\0';
	CHECK(sne_renouvellement_anniversaire_de("05/03/2018", NULL, NULL, &out, why,
	                                         sizeof why) == -1,
	      "prochain doit être ISO");
	CHECK(strstr(why, "prochain") != NULL, "le motif nomme le champ");
}

/* Every anniversary expired on a day is on or before the day's bound, and
 * the bound is reached (31 January, expired on 28 February): over six
 * years of days, leap years and month ends included. */
static void test_borne_expiration(void)
{
	struct sne_date day = d(2015, 1, 1);
	int outside = 0, reached = 0;

	for (int i = 0; i < 6 * 366; i++, day = sne_date_add_days(day, 1)) {
		struct sne_date borne = sne_renouvellement_borne_expiration(day);
		for (int back = 0; back <= 62; back++) {
			struct sne_date a = sne_date_add_days(day, -back);
			if (!sne_renouvellement_est_expire(a, day))
				continue;
			outside += sne_date_cmp(a, borne) > 0;
			reached += sne_date_cmp(a, borne) == 0;
		}
	}
	CHECK(outside == 0, "%d anniversaires expirés après la borne", outside);
	CHECK(reached > 0, "la borne n'est jamais un anniversaire expiré (trop large)");
	CHECK_STR(iso(sne_renouvellement_borne_expiration(d(2018, 2, 28))), "2018-01-31",
	          "28 février 2018 : le 31 janvier est le dernier anniversaire expiré");
	CHECK(sne_renouvellement_est_expire(d(2018, 1, 31), d(2018, 2, 28)),
	      "31 janvier + 1 mois = 28 février, expiré ce jour-là");
}

int main(void)
{
	test_borne_expiration();
	test_anniversaire();
	test_derived_dates();
	test_predicates();
	test_anniversaire_de();
	return check_done();
}
