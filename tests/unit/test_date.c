/* Unit tests of lib/date.c: parsing at its edges, leap years, month-end
 * clamping, day arithmetic across years, French long form. */
#include "sne/date.h"

#include <string.h>

#include "check.h"

static struct sne_date d(int year, int month, int day)
{
	struct sne_date date = { year, month, day };

	return date;
}

/* ISO form of DATE in a static buffer, for CHECK_STR. */
static const char *iso(struct sne_date date)
{
	static char buf[SNE_DATE_ISO_SIZE];

	sne_date_format(date, buf);
	return buf;
}

static void test_leap(void)
{
	CHECK(sne_date_is_leap(2016), "2016 est bissextile");
	CHECK(sne_date_is_leap(2000), "2000 est bissextile (divisible par 400)");
	CHECK(!sne_date_is_leap(1900), "1900 n'est pas bissextile (divisible par 100)");
	CHECK(!sne_date_is_leap(2100), "2100 n'est pas bissextile");
	CHECK(!sne_date_is_leap(2017), "2017 n'est pas bissextile");
	CHECK(sne_date_days_in_month(2016, 2) == 29, "février 2016 a 29 jours");
	CHECK(sne_date_days_in_month(1900, 2) == 28, "février 1900 a 28 jours");
	CHECK(sne_date_days_in_month(2017, 4) == 30, "avril a 30 jours");
	CHECK(sne_date_days_in_month(2017, 12) == 31, "décembre a 31 jours");
	CHECK(sne_date_days_in_month(2017, 13) == 0, "le mois 13 n'a aucun jour");
	CHECK(sne_date_is_valid(2000, 2, 29), "2000-02-29 existe");
	CHECK(!sne_date_is_valid(2100, 2, 29), "2100-02-29 n'existe pas");
	CHECK(!sne_date_is_valid(2017, 4, 31), "2017-04-31 n'existe pas");
	CHECK(!sne_date_is_valid(2017, 1, 0), "le jour 0 n'existe pas");
	CHECK(!sne_date_is_valid(999, 1, 1), "l'an 999 est hors limites");
	CHECK(sne_date_is_valid(1000, 1, 1) && sne_date_is_valid(9999, 12, 31),
	      "les ans 1000 et 9999 sont dans les limites");
	CHECK(!sne_date_is_valid(10000, 1, 1), "l'an 10000 est hors limites");
}

/* Parses TEXT with PARSE and checks the ISO result. */
static void parses(int (*parse)(const char *, struct sne_date *, char *, size_t),
                   const char *text, const char *want)
{
	struct sne_date date = { 0, 0, 0 };
	char why[256] = "";
	int rc = parse(text, &date, why, sizeof why);

	if (!CHECK(rc == 0, "« %s » se lit", text))
		printf("#   why: %s\n", why);
	else
		CHECK_STR(iso(date), want, "« %s » est %s", text, want);
}

/* Checks that PARSE refuses TEXT with a reason containing WANT. */
static void refuses(int (*parse)(const char *, struct sne_date *, char *, size_t),
                    const char *text, const char *want)
{
	struct sne_date date = { 0, 0, 0 };
	char why[256] = "";

	CHECK(parse(text, &date, why, sizeof why) == -1, "« %s » est refusé", text);
	if (!CHECK(strstr(why, want) != NULL, "le motif pour « %s » dit « %s »", text, want))
		printf("#   why: %s\n", why);
}

static void test_parse_iso(void)
{
	parses(sne_date_parse_iso, "2017-03-05", "2017-03-05");
	parses(sne_date_parse_iso, "2016-02-29", "2016-02-29");
	parses(sne_date_parse_iso, "2000-02-29", "2000-02-29");
	refuses(sne_date_parse_iso, "2017-02-30",
	        "« 2017-02-30 » : date inexistante ; format attendu AAAA-MM-JJ");
	refuses(sne_date_parse_iso, "1900-02-29", "date inexistante");
	refuses(sne_date_parse_iso, "2017-13-01", "date inexistante");
	refuses(sne_date_parse_iso, "2017-00-10", "date inexistante");
	refuses(sne_date_parse_iso, "0999-01-01", "date inexistante");
	refuses(sne_date_parse_iso, "2017-3-5", "« 2017-3-5 » : format attendu AAAA-MM-JJ");
	refuses(sne_date_parse_iso, "", "format attendu AAAA-MM-JJ");
	refuses(sne_date_parse_iso, " 2017-03-05", "format attendu");
	refuses(sne_date_parse_iso, "2017-03-05 ", "format attendu");
	refuses(sne_date_parse_iso, "2017-03-055", "format attendu");
	refuses(sne_date_parse_iso, "2017/03/05", "format attendu");
	refuses(sne_date_parse_iso, "+017-03-05", "format attendu");
	refuses(sne_date_parse_iso, "2017-03- 5", "format attendu");
	refuses(sne_date_parse_iso, "05/03/2017", "format attendu AAAA-MM-JJ");
	refuses(sne_date_parse_iso, NULL, "format attendu");
}

static void test_parse_any(void)
{
	parses(sne_date_parse, "2017-03-05", "2017-03-05");
	parses(sne_date_parse, "05/03/2017", "2017-03-05");
	parses(sne_date_parse, "29/02/2016", "2016-02-29");
	parses(sne_date_parse, "  05/03/2017\t", "2017-03-05");
	{
		struct sne_date date;

		CHECK(sne_date_parse(" 2017-03-05\r\n", &date, NULL, 0) == 0
		      && sne_date_cmp(date, d(2017, 3, 5)) == 0,
		      "une fin de ligne après la date est aussi un blanc");
	}
	refuses(sne_date_parse, "2017-02-30",
	        "« 2017-02-30 » : date inexistante ; format attendu AAAA-MM-JJ ou JJ/MM/AAAA");
	refuses(sne_date_parse, " 2017-02-30 ", "« 2017-02-30 » : date inexistante");
	refuses(sne_date_parse, "32/01/2017", "« 32/01/2017 » : date inexistante");
	refuses(sne_date_parse, "29/02/2017", "date inexistante");
	refuses(sne_date_parse, "01/13/2017", "date inexistante");
	refuses(sne_date_parse, "2017-3-5",
	        "« 2017-3-5 » : format attendu AAAA-MM-JJ ou JJ/MM/AAAA");
	refuses(sne_date_parse, "5/3/2017", "format attendu AAAA-MM-JJ ou JJ/MM/AAAA");
	refuses(sne_date_parse, "05/03/17", "format attendu");
	refuses(sne_date_parse, "05-03-2017", "format attendu");
	refuses(sne_date_parse, "", "«  » : format attendu");
	refuses(sne_date_parse, "   ", "format attendu");
	refuses(sne_date_parse, "05/03/2017x", "format attendu");
	refuses(sne_date_parse, "demain", "« demain » : format attendu");
}

static void test_why_optional(void)
{
	struct sne_date date;
	char why[16];

	CHECK(sne_date_parse("2017-02-30", &date, NULL, 0) == -1, "WHY peut être NULL");
	CHECK(sne_date_parse("une chaîne bien trop longue pour le tampon", &date, why,
	                     sizeof why) == -1 && strlen(why) < sizeof why,
	      "un petit tampon WHY est coupé, sans débordement");
}

static void test_add_months(void)
{
	CHECK_STR(iso(sne_date_add_months(d(2017, 1, 31), 1)), "2017-02-28",
	          "31 janv. 2017 + 1 mois = 28 févr.");
	CHECK_STR(iso(sne_date_add_months(d(2016, 1, 31), 1)), "2016-02-29",
	          "31 janv. 2016 + 1 mois = 29 févr. (bissextile)");
	CHECK_STR(iso(sne_date_add_months(d(2100, 1, 31), 1)), "2100-02-28",
	          "31 janv. 2100 + 1 mois = 28 févr. (2100 non bissextile)");
	CHECK_STR(iso(sne_date_add_months(d(2017, 3, 31), -2)), "2017-01-31",
	          "31 mars - 2 mois = 31 janv.");
	CHECK_STR(iso(sne_date_add_months(d(2017, 5, 31), -1)), "2017-04-30",
	          "31 mai - 1 mois = 30 avr.");
	CHECK_STR(iso(sne_date_add_months(d(2017, 11, 15), 2)), "2018-01-15",
	          "15 nov. + 2 mois passe l'année");
	CHECK_STR(iso(sne_date_add_months(d(2018, 1, 15), -1)), "2017-12-15",
	          "15 janv. - 1 mois repasse l'année en arrière");
	CHECK_STR(iso(sne_date_add_months(d(2017, 3, 5), 13)), "2018-04-05",
	          "t + 13 mois (radiation RADREN)");
	CHECK_STR(iso(sne_date_add_months(d(2017, 8, 31), 18)), "2019-02-28",
	          "t + 18 mois se borne aussi à la fin du mois");
	CHECK_STR(iso(sne_date_add_months(d(2017, 3, 5), -25)), "2015-02-05",
	          "- 25 mois");
	CHECK_STR(iso(sne_date_add_months(d(2017, 3, 5), 0)), "2017-03-05", "+ 0 mois");
}

static void test_add_years(void)
{
	CHECK_STR(iso(sne_date_add_years(d(2016, 2, 29), 1)), "2017-02-28",
	          "29 févr. 2016 + 1 an = 28 févr. 2017");
	CHECK_STR(iso(sne_date_add_years(d(2016, 2, 29), 4)), "2020-02-29",
	          "29 févr. 2016 + 4 ans = 29 févr. 2020");
	CHECK_STR(iso(sne_date_add_years(d(2096, 2, 29), 4)), "2100-02-28",
	          "29 févr. 2096 + 4 ans = 28 févr. 2100");
	CHECK_STR(iso(sne_date_add_years(d(2017, 3, 5), 1)), "2018-03-05",
	          "anniversaire du 5 mars 2017");
	CHECK_STR(iso(sne_date_add_years(d(2017, 3, 5), -1)), "2016-03-05", "- 1 an");
}

static void test_add_days(void)
{
	CHECK_STR(iso(sne_date_add_days(d(2017, 12, 31), 1)), "2018-01-01",
	          "31 déc. + 1 jour = 1er janv.");
	CHECK_STR(iso(sne_date_add_days(d(2018, 1, 1), -1)), "2017-12-31",
	          "1er janv. - 1 jour = 31 déc.");
	CHECK_STR(iso(sne_date_add_days(d(2016, 2, 28), 1)), "2016-02-29",
	          "28 févr. 2016 + 1 = 29 févr.");
	CHECK_STR(iso(sne_date_add_days(d(2017, 2, 28), 1)), "2017-03-01",
	          "28 févr. 2017 + 1 = 1er mars");
	CHECK_STR(iso(sne_date_add_days(d(1900, 2, 28), 1)), "1900-03-01",
	          "28 févr. 1900 + 1 = 1er mars");
	CHECK_STR(iso(sne_date_add_days(d(2000, 2, 28), 1)), "2000-02-29",
	          "28 févr. 2000 + 1 = 29 févr.");
	CHECK_STR(iso(sne_date_add_days(d(2017, 3, 5), 365)), "2018-03-05", "+ 365 jours");
	CHECK_STR(iso(sne_date_add_days(d(2016, 3, 5), 365)), "2017-03-05",
	          "+ 365 jours après un 29 février");
	CHECK_STR(iso(sne_date_add_days(d(2016, 1, 1), 365)), "2016-12-31",
	          "+ 365 jours dans une année bissextile");
	CHECK_STR(iso(sne_date_add_days(d(1970, 1, 1), 0)), "1970-01-01", "+ 0 jour");
	CHECK_STR(iso(sne_date_add_days(d(1969, 12, 31), 1)), "1970-01-01",
	          "franchir l'époque vers l'avant");
	CHECK_STR(iso(sne_date_add_days(d(1000, 3, 1), -1)), "1000-02-28",
	          "1000 n'est pas bissextile");
	CHECK_STR(iso(sne_date_add_days(d(2000, 1, 1), 146097)), "2400-01-01",
	          "une ère de 400 ans fait 146097 jours");
	CHECK_STR(iso(sne_date_add_days(d(9999, 12, 31), -3652058)), "0001-01-01",
	          "retour à l'an 1");
}

static void test_diff_cmp(void)
{
	CHECK(sne_date_diff_days(d(2018, 1, 1), d(2017, 12, 31)) == 1, "1er janv. - 31 déc. = 1");
	CHECK(sne_date_diff_days(d(2017, 12, 31), d(2018, 1, 1)) == -1, "écart négatif");
	CHECK(sne_date_diff_days(d(2017, 1, 1), d(2016, 1, 1)) == 366, "2016 a 366 jours");
	CHECK(sne_date_diff_days(d(1901, 1, 1), d(1900, 1, 1)) == 365, "1900 a 365 jours");
	CHECK(sne_date_diff_days(d(2001, 1, 1), d(2000, 1, 1)) == 366, "2000 a 366 jours");
	CHECK(sne_date_diff_days(d(2017, 3, 1), d(2017, 2, 1)) == 28, "février 2017 fait 28 jours");
	CHECK(sne_date_diff_days(d(1970, 1, 1), d(1970, 1, 1)) == 0, "même jour");
	CHECK(sne_date_diff_days(d(2018, 3, 5), d(1970, 1, 1)) == 17595,
	      "2018-03-05 est le jour 17595 de l'époque Unix");
	CHECK(sne_date_cmp(d(2017, 3, 5), d(2017, 3, 5)) == 0, "cmp égal");
	CHECK(sne_date_cmp(d(2017, 3, 4), d(2017, 3, 5)) < 0, "cmp par jour");
	CHECK(sne_date_cmp(d(2017, 4, 1), d(2017, 3, 31)) > 0, "cmp par mois");
	CHECK(sne_date_cmp(d(2016, 12, 31), d(2017, 1, 1)) < 0, "cmp par année");
}

/* Round trip over every day of 1999..2101: add_days, diff_days and the
 * validity of each date agree. */
static void test_round_trip(void)
{
	struct sne_date start = d(1999, 1, 1), date = start;
	long bad = 0, n;

	for (n = 0; sne_date_cmp(date, d(2101, 12, 31)) <= 0 && bad < 5; n++) {
		struct sne_date next = sne_date_add_days(date, 1);

		if (!sne_date_is_valid(date.year, date.month, date.day)
		    || sne_date_diff_days(date, start) != n || sne_date_diff_days(next, date) != 1
		    || sne_date_cmp(next, date) <= 0)
			bad++;
		date = next;
	}
	CHECK(bad == 0 && n == 37620,
	      "le parcours jour par jour de 1999..2101 est cohérent (%ld jours)", n);
}

static void test_format_fr(void)
{
	char buf[64];

	sne_date_format_fr(d(2018, 3, 5), buf, sizeof buf);
	CHECK_STR(buf, "5 mars 2018", "forme longue française");
	sne_date_format_fr(d(2018, 3, 1), buf, sizeof buf);
	CHECK_STR(buf, "1er mars 2018", "1er le premier du mois");
	sne_date_format_fr(d(2016, 2, 29), buf, sizeof buf);
	CHECK_STR(buf, "29 février 2016", "février avec son accent");
	sne_date_format_fr(d(2017, 8, 15), buf, sizeof buf);
	CHECK_STR(buf, "15 août 2017", "août avec son accent");
	sne_date_format_fr(d(2017, 12, 31), buf, sizeof buf);
	CHECK_STR(buf, "31 décembre 2017", "décembre avec son accent");
	sne_date_format_fr(d(2017, 1, 11), buf, sizeof buf);
	CHECK_STR(buf, "11 janvier 2017", "11 n'est pas 11er");
	sne_date_format_fr(d(2017, 12, 31), buf, 8);
	CHECK_STR(buf, "31 déc", "un petit tampon est coupé, sans débordement");
	sne_date_format_fr(d(2017, 12, 31), buf, 6);
	CHECK_STR(buf, "31 d", "une coupure ne scinde jamais un caractère UTF-8");
	CHECK_STR(sne_date_text(d(2017, 3, 12)).text, "12 mars 2017", "la forme des messages");
	CHECK_STR(sne_date_text(d(2017, 12, 1)).text, "1er décembre 2017",
	          "la forme des messages : 1er, décembre");
}

static void test_format_iso(void)
{
	char buf[SNE_DATE_ISO_SIZE];

	sne_date_format(d(1000, 1, 2), buf);
	CHECK_STR(buf, "1000-01-02", "la forme ISO complète par des zéros");
}

static void test_today(void)
{
	struct sne_date today = sne_date_today();

	CHECK(sne_date_is_valid(today.year, today.month, today.day) && today.year >= 2024,
	      "aujourd'hui est une date valide");
}

int main(void)
{
	test_leap();
	test_parse_iso();
	test_parse_any();
	test_why_optional();
	test_add_months();
	test_add_years();
	test_add_days();
	test_diff_cmp();
	test_round_trip();
	test_format_fr();
	test_format_iso();
	test_today();
	return check_done();
}
