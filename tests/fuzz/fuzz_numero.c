/* libFuzzer harness: the numéro, code guichet and date parsers on the same
 * input, with their invariants: what parses re-formats canonically and
 * re-parses to the same value; a refusal always says why. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sne/date.h"
#include "sne/guichet.h"
#include "sne/numero.h"

static void check_why(const char *why, size_t size)
{
	if (memchr(why, '\0', size) == NULL || why[0] == '\0')
		abort(); /* a refusal must carry a NUL-terminated reason */
}

static void fuzz_numero(const char *text)
{
	struct sne_numero numero, again;
	char why[256] = "", canonical[SNE_NUMERO_SIZE], twice[SNE_NUMERO_SIZE];

	if (sne_numero_parse(text, &numero, why, sizeof why) != 0) {
		check_why(why, sizeof why);
		return;
	}
	memset(canonical, 0x7f, sizeof canonical);
	sne_numero_format(&numero, canonical);
	if (strlen(canonical) != SNE_NUMERO_LEN)
		abort();
	if (numero.mois < 1 || numero.mois > 12 || numero.annee < 0 || numero.annee > 99 ||
	    numero.sequence < 1 || numero.sequence > SNE_SEQUENCE_MAX)
		abort();
	if (sne_numero_parse(canonical, &again, why, sizeof why) != 0)
		abort();
	if (strcmp(again.territoire, numero.territoire) != 0 || again.mois != numero.mois ||
	    again.annee != numero.annee || again.sequence != numero.sequence ||
	    strcmp(again.guichet, numero.guichet) != 0)
		abort();
	sne_numero_format(&again, twice);
	if (strcmp(twice, canonical) != 0)
		abort();
}

static void fuzz_guichet(const char *text)
{
	char code[SNE_GUICHET_SIZE], again[SNE_GUICHET_SIZE], why[256] = "";

	if (sne_guichet_parse(text, code, why, sizeof why) != 0) {
		check_why(why, sizeof why);
		return;
	}
	if (strlen(code) != SNE_GUICHET_LEN || strspn(code, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ") !=
	                                           SNE_GUICHET_LEN)
		abort();
	if (sne_guichet_parse(code, again, NULL, 0) != 0 || strcmp(code, again) != 0)
		abort();
}

static void fuzz_date(const char *text)
{
	struct sne_date date, again;
	char why[256] = "", iso[SNE_DATE_ISO_SIZE], fr[64];

	if (sne_date_parse(text, &date, why, sizeof why) != 0) {
		check_why(why, sizeof why);
		if (sne_date_parse_iso(text, &date, NULL, 0) == 0)
			abort(); /* ISO is a subset of what sne_date_parse accepts */
		return;
	}
	if (!sne_date_is_valid(date.year, date.month, date.day))
		abort();
	sne_date_format(date, iso);
	if (strlen(iso) != 10 || sne_date_parse_iso(iso, &again, why, sizeof why) != 0 ||
	    sne_date_cmp(date, again) != 0)
		abort();
	sne_date_format_fr(date, fr, sizeof fr);
	/* arithmetic stays on valid dates near the edges of the range */
	if (date.year > 1001 && date.year < 9998) {
		struct sne_date later = sne_date_add_months(date, 13);
		struct sne_date back = sne_date_add_days(later, (int)-sne_date_diff_days(later, date));
		if (!sne_date_is_valid(later.year, later.month, later.day) ||
		    sne_date_cmp(back, date) != 0)
			abort();
		later = sne_date_add_years(date, 1);
		if (!sne_date_is_valid(later.year, later.month, later.day))
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);

	if (text == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	fuzz_numero(text);
	fuzz_guichet(text);
	fuzz_date(text);
	free(text);
	return 0;
}
