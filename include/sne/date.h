/* Calendar dates, without time zones: a date is a (year, month, day)
 * triple and arithmetic is done on those, never through mktime(). */
#ifndef SNE_DATE_H
#define SNE_DATE_H

#include <stddef.h>

struct sne_date {
	int year;  /* 1000..9999 */
	int month; /* 1..12 */
	int day;   /* 1..31, valid for the month */
};

/* Length of "YYYY-MM-DD" plus the terminating NUL. */
#define SNE_DATE_ISO_SIZE 11

/* Parses ISO "YYYY-MM-DD" only (dates inside XML).  Returns 0, or -1 with a
 * French reason in WHY (may be NULL). */
int sne_date_parse_iso(const char *text, struct sne_date *out, char *why, size_t why_size);
/* Parses ISO or "JJ/MM/AAAA" (command line, CSV); surrounding blanks are
 * ignored.  Returns 0 or -1 with a French reason in WHY (may be NULL). */
int sne_date_parse(const char *text, struct sne_date *out, char *why, size_t why_size);
/* Writes "YYYY-MM-DD" into BUF (SNE_DATE_ISO_SIZE bytes). */
void sne_date_format(struct sne_date date, char *buf);
/* Writes the French long form "5 mars 2018" ("1er mars 2018" on the 1st). */
void sne_date_format_fr(struct sne_date date, char *buf, size_t size);
/* A date written for people, held in the value itself so that
 * sne_date_text(d).text can be passed to printf within one expression. */
struct sne_date_text {
	char text[32];
};
/* DATE in the French long form of sne_date_format_fr() («12 mars 2017»,
 * «1er mars 2018»): the form of every date in a message or a listing; ISO
 * stays in XML and CSV. */
struct sne_date_text sne_date_text(struct sne_date date);
/* Whether the triple is a real calendar date. */
int sne_date_is_valid(int year, int month, int day);
int sne_date_is_leap(int year);
int sne_date_days_in_month(int year, int month);
/* DATE plus MONTHS (may be negative); the day is clamped to the end of the
 * target month: 31 January + 1 month = 28/29 February. */
struct sne_date sne_date_add_months(struct sne_date date, int months);
/* DATE plus YEARS, clamped: 29 February + 1 year = 28 February. */
struct sne_date sne_date_add_years(struct sne_date date, int years);
/* DATE plus DAYS (may be negative). */
struct sne_date sne_date_add_days(struct sne_date date, int days);
/* <0, 0, >0 as A is before, equal to, after B. */
int sne_date_cmp(struct sne_date a, struct sne_date b);
/* Days from B to A (A - B). */
long sne_date_diff_days(struct sne_date a, struct sne_date b);
/* Today's date in the local calendar of the machine. */
struct sne_date sne_date_today(void);

#endif
