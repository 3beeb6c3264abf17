/* Calendar dates as (year, month, day) triples.  Arithmetic goes through a
 * day number (days since 1970-01-01 in the proleptic Gregorian calendar)
 * computed here, never through mktime(): the result must not depend on the
 * machine's time zone or on daylight saving. */
#include "sne/date.h"

#include "sne/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define DATE_YEAR_MIN 1000
#define DATE_YEAR_MAX 9999
/* Longest input quoted in a reason; garbage can be long. */
#define DATE_QUOTE_MAX 40

static const char *const date_months_fr[12] = {
	"janvier", "février", "mars", "avril", "mai", "juin",
	"juillet", "août", "septembre", "octobre", "novembre", "décembre",
};

int sne_date_is_leap(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int sne_date_days_in_month(int year, int month)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (month < 1 || month > 12)
		return 0;
	if (month == 2 && sne_date_is_leap(year))
		return 29;
	return days[month - 1];
}

int sne_date_is_valid(int year, int month, int day)
{
	if (year < DATE_YEAR_MIN || year > DATE_YEAR_MAX)
		return 0;
	if (month < 1 || month > 12)
		return 0;
	return day >= 1 && day <= sne_date_days_in_month(year, month);
}

/* Value of the N decimal digits at TEXT, or -1 if one is not a digit
 * (strtol would accept signs and blanks). */
static int date_digits(const char *text, int n)
{
	int value = 0;

	for (int i = 0; i < n; i++) {
		if (text[i] < '0' || text[i] > '9')
			return -1;
		value = value * 10 + (text[i] - '0');
	}
	return value;
}

/* Fills OUT from the triple, or explains in WHY why it is no date. */
static int date_set(int year, int month, int day, const char *quoted, const char *expected,
                    struct sne_date *out, char *why, size_t why_size)
{
	if (!sne_date_is_valid(year, month, day)) {
		/* The shape matched, so QUOTED holds exactly 10 meaningful bytes
		 * (blanks may follow them). */
		sne_why(why, why_size, "« %.10s » : date inexistante ; format attendu %s",
		         quoted, expected);
		return -1;
	}
	out->year = year;
	out->month = month;
	out->day = day;
	return 0;
}

/* Parses exactly LEN bytes at TEXT as YYYY-MM-DD; 1 if the shape is not
 * ISO at all, so that the caller can try another form. */
static int date_parse_iso_n(const char *text, size_t len, const char *expected,
                            struct sne_date *out, char *why, size_t why_size)
{
	int year, month, day;

	if (len != 10 || text[4] != '-' || text[7] != '-')
		return 1;
	year = date_digits(text, 4);
	month = date_digits(text + 5, 2);
	day = date_digits(text + 8, 2);
	if (year < 0 || month < 0 || day < 0)
		return 1;
	return date_set(year, month, day, text, expected, out, why, why_size);
}

/* Same for JJ/MM/AAAA. */
static int date_parse_fr_n(const char *text, size_t len, const char *expected,
                           struct sne_date *out, char *why, size_t why_size)
{
	int year, month, day;

	if (len != 10 || text[2] != '/' || text[5] != '/')
		return 1;
	day = date_digits(text, 2);
	month = date_digits(text + 3, 2);
	year = date_digits(text + 6, 4);
	if (year < 0 || month < 0 || day < 0)
		return 1;
	return date_set(year, month, day, text, expected, out, why, why_size);
}

int sne_date_parse_iso(const char *text, struct sne_date *out, char *why, size_t why_size)
{
	static const char expected[] = "AAAA-MM-JJ";
	int rc;

	if (text == NULL)
		text = "";
	rc = date_parse_iso_n(text, strlen(text), expected, out, why, why_size);
	if (rc > 0)
		sne_why(why, why_size, "« %.*s » : format attendu %s", DATE_QUOTE_MAX, text,
		         expected);
	return rc == 0 ? 0 : -1;
}

static int date_is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

int sne_date_parse(const char *text, struct sne_date *out, char *why, size_t why_size)
{
	static const char expected[] = "AAAA-MM-JJ ou JJ/MM/AAAA";
	size_t len;
	int rc;

	if (text == NULL)
		text = "";
	while (date_is_blank(*text))
		text++;
	len = strlen(text);
	while (len > 0 && date_is_blank(text[len - 1]))
		len--;
	rc = date_parse_iso_n(text, len, expected, out, why, why_size);
	if (rc > 0)
		rc = date_parse_fr_n(text, len, expected, out, why, why_size);
	if (rc > 0) {
		int quoted = len < DATE_QUOTE_MAX ? (int)len : DATE_QUOTE_MAX;

		sne_why(why, why_size, "« %.*s » : format attendu %s", quoted, text, expected);
	}
	return rc == 0 ? 0 : -1;
}

/* The N low decimal digits of VALUE (0 <= VALUE) at OUT. */
static void put_digits(char *out, int value, int n)
{
	while (n-- > 0) {
		out[n] = (char)('0' + value % 10);
		value /= 10;
	}
}

void sne_date_format(struct sne_date date, char *buf)
{
	/* A larger scratch buffer: an out-of-range field cannot overflow BUF. */
	char tmp[64];

	/* by hand when in range: dates are written for every record edited
	 * and every notice, and snprintf costs twenty times more */
	if (date.year >= 0 && date.year <= 9999 && date.month >= 0 && date.month <= 99 &&
	    date.day >= 0 && date.day <= 99) {
		put_digits(buf, date.year, 4);
		buf[4] = '-';
		put_digits(buf + 5, date.month, 2);
		buf[7] = '-';
		put_digits(buf + 8, date.day, 2);
		buf[10] = '\0';
		return;
	}
	snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", date.year, date.month, date.day);
	memcpy(buf, tmp, SNE_DATE_ISO_SIZE - 1);
	buf[SNE_DATE_ISO_SIZE - 1] = '\0';
}

/* Bytes of the UTF-8 character whose lead byte is LEAD. */
static size_t date_utf8_length(unsigned char lead)
{
	if (lead >= 0xF0)
		return 4;
	if (lead >= 0xE0)
		return 3;
	return lead >= 0xC0 ? 2 : 1;
}

/* Drops the partial UTF-8 character that a cut of BUF may have left at its
 * end, so that a short buffer still holds valid text. */
static void date_trim_utf8(char *buf)
{
	size_t len = strlen(buf), lead = len;

	while (lead > 0 && ((unsigned char)buf[lead - 1] & 0xC0) == 0x80)
		lead--;
	if (lead == 0)
		return;
	lead--;
	if (len - lead < date_utf8_length((unsigned char)buf[lead]))
		buf[lead] = '\0';
}

void sne_date_format_fr(struct sne_date date, char *buf, size_t size)
{
	const char *month = "?";
	int len;

	if (buf == NULL || size == 0)
		return;
	if (date.month >= 1 && date.month <= 12)
		month = date_months_fr[date.month - 1];
	if (date.day >= 1 && date.day <= 31 && date.year >= 1000 && date.year <= 9999 &&
	    size >= 32) { /* by hand, as sne_date_format: "1er février 2017" */
		size_t n = 0, mlen = strlen(month);

		if (date.day >= 10)
			buf[n++] = (char)('0' + date.day / 10);
		buf[n++] = (char)('0' + date.day % 10);
		if (date.day == 1) {
			buf[n++] = 'e';
			buf[n++] = 'r';
		}
		buf[n++] = ' ';
		memcpy(buf + n, month, mlen);
		n += mlen;
		buf[n++] = ' ';
		put_digits(buf + n, date.year, 4);
		buf[n + 4] = '\0';
		return;
	}
	len = snprintf(buf, size, "%d%s %s %d", date.day, date.day == 1 ? "er" : "", month,
	               date.year);
	if (len >= 0 && (size_t)len >= size)
		date_trim_utf8(buf);
}

struct sne_date_text sne_date_text(struct sne_date date)
{
	struct sne_date_text text;

	sne_date_format_fr(date, text.text, sizeof text.text);
	return text;
}

/* Days since 1970-01-01.  Years are counted from 1 March so that the leap
 * day is the last day of its year; 400-year eras (146097 days) make the
 * Gregorian rule exact without tables. */
static long date_to_days(struct sne_date date)
{
	long year = date.year - (date.month <= 2);
	long era = (year >= 0 ? year : year - 399) / 400;
	long year_of_era = year - era * 400;                       /* 0..399 */
	long month_from_march = (date.month + 9) % 12;             /* March = 0 */
	long day_of_year = (153 * month_from_march + 2) / 5 + date.day - 1;
	long day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;

	return era * 146097 + day_of_era - 719468; /* 719468: 0000-03-01 to 1970-01-01 */
}

/* The inverse of date_to_days. */
static struct sne_date date_from_days(long days)
{
	long z = days + 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long day_of_era = z - era * 146097;                                  /* 0..146096 */
	long year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524
	                    - day_of_era / 146096) / 365;                    /* 0..399 */
	long day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
	long month_from_march = (5 * day_of_year + 2) / 153;                 /* 0..11 */
	struct sne_date date;

	date.day = (int)(day_of_year - (153 * month_from_march + 2) / 5 + 1);
	date.month = (int)(month_from_march < 10 ? month_from_march + 3 : month_from_march - 9);
	date.year = (int)(year_of_era + era * 400 + (date.month <= 2));
	return date;
}

struct sne_date sne_date_add_months(struct sne_date date, int months)
{
	long index = (long)date.year * 12 + (date.month - 1) + months;
	long year = index >= 0 ? index / 12 : (index - 11) / 12; /* floor division */
	int last;

	date.year = (int)year;
	date.month = (int)(index - year * 12) + 1;
	last = sne_date_days_in_month(date.year, date.month);
	if (date.day > last)
		date.day = last;
	return date;
}

struct sne_date sne_date_add_years(struct sne_date date, int years)
{
	return sne_date_add_months(date, years * 12);
}

struct sne_date sne_date_add_days(struct sne_date date, int days)
{
	return date_from_days(date_to_days(date) + days);
}

int sne_date_cmp(struct sne_date a, struct sne_date b)
{
	if (a.year != b.year)
		return a.year < b.year ? -1 : 1;
	if (a.month != b.month)
		return a.month < b.month ? -1 : 1;
	if (a.day != b.day)
		return a.day < b.day ? -1 : 1;
	return 0;
}

long sne_date_diff_days(struct sne_date a, struct sne_date b)
{
	return date_to_days(a) - date_to_days(b);
}

struct sne_date sne_date_today(void)
{
	time_t now = time(NULL);
	struct tm tm;
	struct sne_date date = { 1970, 1, 1 };

	if (localtime_r(&now, &tm) == NULL)
		return date;
	date.year = tm.tm_year + 1900;
	date.month = tm.tm_mon + 1;
	date.day = tm.tm_mday;
	return date;
}
