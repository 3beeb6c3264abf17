/* Renewal date rules of the contract: every date derives from the
 * anniversary by month arithmetic clamped to the end of the month. */
#include "sne/renouvellement.h"

#include <stdio.h>

struct sne_date sne_renouvellement_anniversaire(struct sne_date t)
{
	return sne_date_add_years(t, 1);
}

struct sne_date sne_renouvellement_ouverture(struct sne_date anniversaire)
{
	return sne_date_add_months(anniversaire, -SNE_RENOUVELLEMENT_FENETRE_MOIS);
}

struct sne_date sne_renouvellement_expiration(struct sne_date anniversaire)
{
	return sne_date_add_months(anniversaire, SNE_RENOUVELLEMENT_EXPIRATION_MOIS);
}

struct sne_date sne_renouvellement_limite_reactivation(struct sne_date anniversaire)
{
	return sne_date_add_months(anniversaire, SNE_RENOUVELLEMENT_REACTIVATION_MOIS);
}

struct sne_date sne_renouvellement_dernier_jour(struct sne_date anniversaire)
{
	return sne_date_add_days(sne_renouvellement_expiration(anniversaire), -1);
}

int sne_renouvellement_est_ouvert(struct sne_date anniversaire, struct sne_date date)
{
	return sne_date_cmp(date, sne_renouvellement_ouverture(anniversaire)) >= 0;
}

int sne_renouvellement_est_expire(struct sne_date anniversaire, struct sne_date date)
{
	return sne_date_cmp(sne_renouvellement_expiration(anniversaire), date) <= 0;
}

int sne_renouvellement_peut_reactiver(struct sne_date anniversaire, struct sne_date date)
{
	return sne_date_cmp(date, sne_renouvellement_limite_reactivation(anniversaire)) <= 0;
}

static int is_set(const char *text)
{
	return text != NULL && text[0] != '\0';
}

/* Parses TEXT (an ISO date) into OUT; on failure says which field in WHY. */
static int parse_field(const char *text, const char *field, struct sne_date *out,
                       char *why, size_t why_size)
{
	char reason[128];

	if (sne_date_parse_iso(text, out, reason, sizeof reason) == 0)
		return 0;
	if (why != NULL)
		snprintf(why, why_size, "%s : %s", field, reason);
	return -1;
}

int sne_renouvellement_anniversaire_de(const char *prochain, const char *dernier,
                                       const char *depot, struct sne_date *out,
                                       char *why, size_t why_size)
{
	struct sne_date base;

	if (is_set(prochain))
		return parse_field(prochain, "renouvellement/@prochain", out, why, why_size);
	if (is_set(dernier)) {
		if (parse_field(dernier, "renouvellement/@dernier", &base, why, why_size) != 0)
			return -1;
	} else if (is_set(depot)) {
		if (parse_field(depot, "dateCreationDemande", &base, why, why_size) != 0)
			return -1;
	} else {
		if (why != NULL)
			snprintf(why, why_size, "ni date de renouvellement ni dateCreationDemande");
		return -1;
	}
	*out = sne_renouvellement_anniversaire(base);
	return 0;
}
