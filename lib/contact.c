/* Contacts for notices: French mobile numbers and e-mail addresses. */
#include "sne/contact.h"

#include <string.h>

/* Longest digit string worth looking at: "00262" + 9 digits. */
#define DIGITS_MAX 16

/* Country code of each overseas mobile range (national prefix); every
 * other 06/07 number is metropolitan (+33). */
static const struct {
	const char *prefix;
	const char *country;
} overseas_ranges[] = {
	{ "0639", "262" }, { "0692", "262" }, { "0693", "262" },
	{ "0690", "590" }, { "0691", "590" }, { "0694", "594" },
	{ "0696", "596" }, { "0697", "596" },
};

static const char *const country_codes[] = { "33", "262", "590", "594", "596" };

/* TEXT without separators into DIGITS ("+" kept only in front, read as
 * "00"); 0 when another character is met or it is too long. */
static int collect_digits(const char *text, char *digits)
{
	size_t n = 0;
	const char *p = text;

	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '+') {
		digits[n++] = '0';
		digits[n++] = '0';
		p++;
	}
	for (; *p != '\0'; p++) {
		if (*p == ' ' || *p == '\t' || *p == '.' || *p == '-')
			continue;
		if (*p < '0' || *p > '9' || n + 1 >= DIGITS_MAX)
			return 0;
		digits[n++] = *p;
	}
	digits[n] = '\0';
	return n > 0;
}

/* The country code serving national mobile number NATIONAL. */
static const char *country_of(const char *national)
{
	for (size_t i = 0; i < sizeof overseas_ranges / sizeof overseas_ranges[0]; i++)
		if (strncmp(national, overseas_ranges[i].prefix, 4) == 0)
			return overseas_ranges[i].country;
	return "33";
}

/* "00CC" + 9 digits into NATIONAL "0" + 9 digits, returning CC; NULL when
 * DIGITS is not in that form. */
static const char *international_to_national(const char *digits, char *national)
{
	for (size_t i = 0; i < sizeof country_codes / sizeof country_codes[0]; i++) {
		size_t cc_len = strlen(country_codes[i]);

		if (strncmp(digits, "00", 2) != 0 ||
		    strncmp(digits + 2, country_codes[i], cc_len) != 0 ||
		    strlen(digits + 2 + cc_len) != 9)
			continue;
		national[0] = '0';
		memcpy(national + 1, digits + 2 + cc_len, 10);
		return country_codes[i];
	}
	return NULL;
}

static int is_national_mobile(const char *national)
{
	return strlen(national) == 10 && national[0] == '0' &&
	       (national[1] == '6' || national[1] == '7');
}

/* "+" COUNTRY SUBSCRIBER into OUT; 0 when it does not fit.  By hand: one
 * call per demande of every notice run. */
static int put_international(char *out, size_t size, const char *country, const char *subscriber)
{
	size_t cc_len = strlen(country), sub_len = strlen(subscriber);

	if (1 + cc_len + sub_len >= size)
		return 0;
	out[0] = '+';
	memcpy(out + 1, country, cc_len);
	memcpy(out + 1 + cc_len, subscriber, sub_len + 1);
	return 1;
}

int sne_contact_mobile(const char *text, char *out, size_t size)
{
	char digits[DIGITS_MAX], national[DIGITS_MAX];
	const char *country = NULL;

	if (text == NULL || !collect_digits(text, digits))
		return 0;
	if (strncmp(digits, "00", 2) == 0) {
		country = international_to_national(digits, national);
		if (country == NULL)
			return 0;
	} else {
		memcpy(national, digits, sizeof national); /* both DIGITS_MAX, NUL-terminated */
	}
	if (!is_national_mobile(national))
		return 0;
	/* +33 reaches every French mobile; an overseas code only its ranges. */
	if (country != NULL && strcmp(country, "33") != 0 &&
	    strcmp(country, country_of(national)) != 0)
		return 0;
	return put_international(out, size, country_of(national), national + 1);
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Labels separated by single dots, none empty, at least two. */
static int is_domain(const char *domain, size_t len)
{
	size_t dots = 0;

	if (len == 0 || domain[0] == '.' || domain[len - 1] == '.')
		return 0;
	for (size_t i = 0; i < len; i++) {
		if (domain[i] != '.')
			continue;
		if (domain[i + 1] == '.')
			return 0;
		dots++;
	}
	return dots > 0;
}

int sne_contact_courriel(const char *text, char *out, size_t size)
{
	const char *start, *end, *at = NULL;
	size_t len;

	if (text == NULL)
		return 0;
	for (start = text; is_blank(*start); start++)
		;
	for (end = start + strlen(start); end > start && is_blank(end[-1]); end--)
		;
	len = (size_t)(end - start);
	if (len == 0 || len >= SNE_COURRIEL_SIZE || len >= size)
		return 0;
	for (const char *p = start; p < end; p++) {
		if ((unsigned char)*p <= ' ' || *p == 0x7f)
			return 0;
		if (*p == '@') {
			if (at != NULL)
				return 0;
			at = p;
		}
	}
	if (at == NULL || at == start || !is_domain(at + 1, (size_t)(end - at - 1)))
		return 0;
	memcpy(out, start, len);
	out[len] = '\0';
	return 1;
}
