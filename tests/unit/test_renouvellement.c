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
	          "anniversary is t + 1 year");
	CHECK_STR(iso(sne_renouvellement_anniversaire(d(2016, 2, 29))), "2017-02-28",
	          "29 February + 1 year is 28 February");
	CHECK_STR(iso(sne_renouvellement_anniversaire(d(2020, 2, 29))), "2021-02-28",
	          "renewal on 29 February 2020 gives 28 February 2021");
	CHECK_STR(iso(sne_renouvellement_anniversaire(d(2015, 2, 28))), "2016-02-28",
	          "28 February stays 28 February in a leap year");
}

static void test_derived_dates(void)
{
	CHECK_STR(iso(sne_renouvellement_ouverture(d(2018, 3, 5))), "2018-01-05",
	          "window opens 2 months before");
	CHECK_STR(iso(sne_renouvellement_ouverture(d(2018, 4, 30))), "2018-02-28",
	          "window opening clamps to the end of February");
	CHECK_STR(iso(sne_renouvellement_expiration(d(2018, 1, 31))), "2018-02-28",
	          "31 January + 1 month = 28 February");
	CHECK_STR(iso(sne_renouvellement_expiration(d(2020, 1, 31))), "2020-02-29",
	          "31 January + 1 month = 29 February in a leap year");
	CHECK_STR(iso(sne_renouvellement_expiration(d(2018, 12, 15))), "2019-01-15",
	          "expiry crosses the year");
	CHECK_STR(iso(sne_renouvellement_limite_reactivation(d(2018, 3, 5))), "2018-09-05",
	          "reactivation limit is anniversary + 6 months");
	CHECK_STR(iso(sne_renouvellement_limite_reactivation(d(2018, 8, 31))), "2019-02-28",
	          "reactivation limit clamps to the end of the month");
}

static void test_predicates(void)
{
	struct sne_date anniversaire = d(2018, 3, 5);

	CHECK(!sne_renouvellement_est_ouvert(anniversaire, d(2018, 1, 4)),
	      "closed the day before the window");
	CHECK(sne_renouvellement_est_ouvert(anniversaire, d(2018, 1, 5)),
	      "open on the first day of the window");
	CHECK(sne_renouvellement_est_ouvert(anniversaire, d(2018, 5, 1)),
	      "still open after the anniversary");
	CHECK(!sne_renouvellement_est_expire(anniversaire, d(2018, 4, 4)),
	      "not expired the day before anniversary + 1 month");
	CHECK(sne_renouvellement_est_expire(anniversaire, d(2018, 4, 5)),
	      "radiated on anniversary + 1 month (t + 13 months)");
	CHECK_STR(iso(sne_renouvellement_dernier_jour(anniversaire)), "2018-04-04",
	          "last day to renew: the day before the radiation");
	CHECK_STR(iso(sne_renouvellement_dernier_jour(d(2020, 1, 31))), "2020-02-28",
	          "last day to renew before 29 February");
	CHECK(sne_renouvellement_peut_reactiver(anniversaire, d(2018, 9, 5)),
	      "reactivation on the last day");
	CHECK(!sne_renouvellement_peut_reactiver(anniversaire, d(2018, 9, 6)),
	      "no reactivation the day after");
	CHECK(!sne_renouvellement_est_expire(d(2018, 1, 31), d(2018, 2, 27)),
	      "31 January: not expired on 27 February");
	CHECK(sne_renouvellement_est_expire(d(2018, 1, 31), d(2018, 2, 28)),
	      "31 January: radiated on 28 February");
}

static void test_anniversaire_de(void)
{
	struct sne_date out = { 0, 0, 0 };
	char why[128] = "";

	CHECK(sne_renouvellement_anniversaire_de("2018-03-05", "2017-01-01", "2016-01-01", &out,
	                                         why, sizeof why) == 0 &&
	      sne_date_cmp(out, d(2018, 3, 5)) == 0, "prochain wins");
	CHECK(sne_renouvellement_anniversaire_de("", "2020-02-29", "2016-01-01", &out, why,
	                                         sizeof why) == 0 &&
	      sne_date_cmp(out, d(2021, 2, 28)) == 0, "else dernier + 1 year");
	CHECK(sne_renouvellement_anniversaire_de(NULL, NULL, "2016-02-29", &out, why,
	                                         sizeof why) == 0 &&
	      sne_date_cmp(out, d(2017, 2, 28)) == 0, "else dépôt + 1 year");
	CHECK(sne_renouvellement_anniversaire_de(NULL, NULL, NULL, &out, why, sizeof why) == -1,
	      "no date at all is an error");
	CHECK(why[0] != '\0', "with a reason");
	why[0] = '\0';
	CHECK(sne_renouvellement_anniversaire_de("05/03/2018", NULL, NULL, &out, why,
	                                         sizeof why) == -1,
	      "prochain must be ISO");
	CHECK(strstr(why, "prochain") != NULL, "the reason names the field");
}

int main(void)
{
	test_anniversaire();
	test_derived_dates();
	test_predicates();
	test_anniversaire_de();
	return check_done();
}
