/* Reading the events and envois of a record's suivi (sne/preavis_record.h). */
#include "sne/preavis_record.h"

#include <string.h>

static int is(const char *text, const char *expected)
{
	return text != NULL && strcmp(text, expected) == 0;
}

static int parse_date(const char *text, struct sne_date *out)
{
	return text != NULL && sne_date_parse_iso(text, out, NULL, 0) == 0;
}

size_t sne_preavis_read_evenements(const struct sne_record *record,
                                   const struct sne_preavis_fields *fields,
                                   struct sne_date since, struct sne_preavis_evenement *out,
                                   size_t max, int *renouvele_en_ligne)
{
	const struct sne_value *type;
	size_t n = 0;

	for (size_t i = 0; (type = sne_record_value(record, fields->evt_type, i)) != NULL; i++) {
		struct sne_preavis_evenement e = { { 0, 0, 0 }, 0, 0 };

		if (!is(type->text, "creation") && !is(type->text, "validation") &&
		    !is(type->text, "renouvellement"))
			continue;
		e.renouvellement = is(type->text, "renouvellement");
		e.en_ligne = e.renouvellement &&
		             is(sne_record_attribute_of(record, fields->evt_canal, type), "pgp");
		if (e.en_ligne)
			*renouvele_en_ligne = 1;
		if (!parse_date(sne_record_attribute_of(record, fields->evt_date, type), &e.date) ||
		    sne_date_cmp(e.date, since) < 0 || max == 0)
			continue;
		if (n == max)
			memmove(out, out + 1, --n * sizeof e);
		out[n++] = e;
	}
	return n;
}

size_t sne_preavis_read_envois(const struct sne_record *record,
                               const struct sne_preavis_fields *fields,
                               struct sne_preavis_envoi *out, size_t max)
{
	const struct sne_value *type;
	size_t n = 0;

	for (size_t i = 0; (type = sne_record_value(record, fields->envoi_type, i)) != NULL; i++) {
		struct sne_preavis_envoi e;

		memset(&e, 0, sizeof e);
		e.type = type->text;
		if (!parse_date(sne_record_attribute_of(record, fields->envoi_date, type), &e.date) ||
		    max == 0)
			continue;
		e.has_anniversaire = parse_date(sne_record_attribute_of(record,
		                                                        fields->envoi_anniversaire,
		                                                        type),
		                                &e.anniversaire);
		if (n == max)
			memmove(out, out + 1, --n * sizeof e);
		out[n++] = e;
	}
	return n;
}
