/* The notices due for one demande on a day (see sne/preavis.h). */
#include "sne/preavis.h"

#include <stdio.h>
#include <string.h>

#include "sne/renouvellement.h"

void sne_preavis_type(int mois, char *out, size_t size)
{
	snprintf(out, size, "preavis-%d-mois", mois);
}

/* Adds channel CANAL when its contact is valid; an invalid one is noted. */
static void add_if_valid(struct sne_notice *n, unsigned canal, enum sne_contact_etat contact)
{
	if (contact == SNE_CONTACT_VALIDE)
		n->canaux |= canal;
	else if (contact == SNE_CONTACT_INVALIDE)
		n->manques |= canal;
}

static int letter_possible(const struct sne_preavis_faits *f)
{
	return f->adresse && !f->etranger;
}

int sne_preavis_injoignable(const struct sne_preavis_faits *f)
{
	return (f->etranger || f->mobile != SNE_CONTACT_VALIDE) &&
	       f->courriel != SNE_CONTACT_VALIDE && !letter_possible(f);
}

/* The written notice: a letter, or an e-mail when ONLINE; the other way
 * when the preferred one is impossible. */
static void add_written(struct sne_notice *n, const struct sne_preavis_faits *f, int online)
{
	if (online && f->courriel == SNE_CONTACT_VALIDE) {
		n->canaux |= SNE_CANAL_COURRIEL;
		return;
	}
	if (online && f->courriel == SNE_CONTACT_INVALIDE)
		n->manques |= SNE_CANAL_COURRIEL;
	if (letter_possible(f)) {
		n->canaux |= SNE_CANAL_COURRIER;
		return;
	}
	if (!f->etranger)
		n->manques |= SNE_CANAL_COURRIER;
	if (!online)
		add_if_valid(n, SNE_CANAL_COURRIEL, f->courriel);
}

/* Whether an envoi of TYPE for ANNIVERSAIRE is recorded; an old envoi
 * without anniversaire counts for the year before A. */
static int preavis_sent(const struct sne_preavis_faits *f, const char *type,
                        struct sne_date anniversaire)
{
	struct sne_date year_before = sne_date_add_years(anniversaire, -1);

	for (size_t i = 0; i < f->nenvois; i++) {
		const struct sne_preavis_envoi *e = &f->envois[i];

		if (e->type == NULL || strcmp(e->type, type) != 0)
			continue;
		if (e->has_anniversaire ? sne_date_cmp(e->anniversaire, anniversaire) == 0
		                        : sne_date_cmp(e->date, year_before) > 0 &&
		                          sne_date_cmp(e->date, anniversaire) <= 0)
			return 1;
	}
	return 0;
}

/* Whether RULE's step is in force on TODAY for anniversary A: from
 * A - its months, up to the radiation day excluded. */
static int step_open(const struct sne_preavis_rule *rule, struct sne_date a,
                     struct sne_date today)
{
	return sne_date_cmp(today, sne_date_add_months(a, -rule->mois_avant)) >= 0 &&
	       sne_date_cmp(today, sne_renouvellement_expiration(a)) < 0;
}

/* The step of SCHEDULE in force on TODAY: the open one nearest to the
 * anniversary (fewest months before); -1 when none is. */
static int step_in_force(const struct sne_preavis_faits *f,
                         const struct sne_preavis_rule *schedule, int nrules,
                         struct sne_date today)
{
	int best = -1;

	for (int i = 0; i < nrules; i++)
		if (step_open(&schedule[i], f->anniversaire, today) &&
		    (best < 0 || schedule[i].mois_avant < schedule[best].mois_avant))
			best = i;
	return best;
}

static void preavis_channels(const struct sne_preavis_faits *f,
                             const struct sne_preavis_rule *rule, struct sne_notice *n)
{
	if ((rule->canaux & SNE_CANAL_SMS) && !f->etranger)
		add_if_valid(n, SNE_CANAL_SMS, f->mobile);
	if (rule->canaux & SNE_CANAL_COURRIEL)
		add_if_valid(n, SNE_CANAL_COURRIEL, f->courriel);
	if (rule->canaux & SNE_CANAL_COURRIER)
		add_written(n, f, f->origine_pgp || f->renouvele_en_ligne);
}

/* Fills N with the préavis of RULE for the demande's anniversary. */
static void preavis_notice(const struct sne_preavis_faits *f,
                           const struct sne_preavis_rule *rule, struct sne_notice *n)
{
	memset(n, 0, sizeof *n);
	sne_preavis_type(rule->mois_avant, n->type, sizeof n->type);
	n->preavis = 1;
	n->anniversaire = f->anniversaire;
}

/* The préavis of the step in force when not sent yet, after the earlier
 * steps never sent, each marked superseded (nothing goes out for them). */
static size_t preavis_dus(const struct sne_preavis_faits *f,
                          const struct sne_preavis_rule *schedule, int nrules,
                          struct sne_date today, struct sne_notice *out)
{
	int current = step_in_force(f, schedule, nrules, today);
	size_t n = 0;

	if (current < 0)
		return 0;
	preavis_notice(f, &schedule[current], &out[0]);
	if (preavis_sent(f, out[0].type, f->anniversaire))
		return 0;
	for (int i = 0; i < nrules; i++) {
		if (schedule[i].mois_avant <= schedule[current].mois_avant)
			continue;
		preavis_notice(f, &schedule[i], &out[n]);
		if (preavis_sent(f, out[n].type, f->anniversaire))
			continue;
		out[n++].remplace = 1;
	}
	preavis_notice(f, &schedule[current], &out[n]);
	preavis_channels(f, &schedule[current], &out[n]);
	return n + 1;
}

static int attested(const struct sne_preavis_faits *f, const char *type, struct sne_date event)
{
	for (size_t i = 0; i < f->nenvois; i++)
		if (f->envois[i].type != NULL && strcmp(f->envois[i].type, type) == 0 &&
		    sne_date_cmp(f->envois[i].date, event) >= 0)
			return 1;
	return 0;
}

/* Whether event E of the right kind is still to attest on TODAY. */
static int event_due(const struct sne_preavis_faits *f, const struct sne_preavis_evenement *e,
                     const char *type, struct sne_date today)
{
	struct sne_date start = { SNE_ATTESTATION_DEBUT_ANNEE, SNE_ATTESTATION_DEBUT_MOIS,
	                          SNE_ATTESTATION_DEBUT_JOUR };

	return sne_date_cmp(e->date, start) >= 0 && sne_date_cmp(e->date, today) <= 0 &&
	       sne_date_cmp(today, sne_date_add_months(e->date, 1)) <= 0 &&
	       !attested(f, type, e->date);
}

/* The attestation of one kind (RENEWAL or not), when some event is due. */
static int attestation_due(const struct sne_preavis_faits *f, int renewal,
                           struct sne_date today, struct sne_notice *n)
{
	const char *type = renewal ? SNE_TYPE_ATTESTATION_RENOUVELLEMENT
	                           : SNE_TYPE_ATTESTATION_ENREGISTREMENT;
	const struct sne_preavis_evenement *latest = NULL;

	for (size_t i = 0; i < f->nevenements; i++) {
		const struct sne_preavis_evenement *e = &f->evenements[i];

		if (e->renouvellement == renewal && event_due(f, e, type, today) &&
		    (latest == NULL || sne_date_cmp(e->date, latest->date) >= 0))
			latest = e;
	}
	if (latest == NULL)
		return 0;
	memset(n, 0, sizeof *n);
	snprintf(n->type, sizeof n->type, "%s", type);
	n->evenement = latest->date;
	add_written(n, f, f->origine_pgp || (renewal && latest->en_ligne));
	return 1;
}

size_t sne_preavis_dus(const struct sne_preavis_faits *f,
                       const struct sne_preavis_rule *schedule, int nrules,
                       struct sne_date today, struct sne_notice *out)
{
	size_t n = 0;

	if (!f->active)
		return 0;
	if (f->has_anniversaire)
		n = preavis_dus(f, schedule, nrules < SNE_PREAVIS_MAX ? nrules : SNE_PREAVIS_MAX,
		                today, out);
	n += (size_t)attestation_due(f, 0, today, &out[n]);
	n += (size_t)attestation_due(f, 1, today, &out[n]);
	return n;
}

/* The months of a préavis type "preavis-N-mois", 0 for another type. */
static int preavis_months(const char *type)
{
	char expected[SNE_NOTICE_TYPE_SIZE];
	int months;

	if (type == NULL || sscanf(type, "preavis-%d-mois", &months) != 1 || months <= 0)
		return 0;
	sne_preavis_type(months, expected, sizeof expected);
	return strcmp(expected, type) == 0 ? months : 0;
}

unsigned sne_preavis_envoyes(const struct sne_preavis_faits *f)
{
	unsigned steps = 0;

	if (!f->has_anniversaire)
		return 0;
	for (size_t i = 0; i < f->nenvois; i++) {
		int months = preavis_months(f->envois[i].type);

		if (months >= 1 && months <= 12 && preavis_sent(f, f->envois[i].type, f->anniversaire))
			steps |= 1u << (months - 1);
	}
	return steps;
}

int sne_attestation_attendue(const struct sne_preavis_faits *f, struct sne_date *evenement)
{
	struct sne_date start = { SNE_ATTESTATION_DEBUT_ANNEE, SNE_ATTESTATION_DEBUT_MOIS,
	                          SNE_ATTESTATION_DEBUT_JOUR };
	int found = 0;

	for (size_t i = 0; i < f->nevenements; i++) {
		const struct sne_preavis_evenement *e = &f->evenements[i];
		const char *type = e->renouvellement ? SNE_TYPE_ATTESTATION_RENOUVELLEMENT
		                                     : SNE_TYPE_ATTESTATION_ENREGISTREMENT;

		if (sne_date_cmp(e->date, start) < 0 || attested(f, type, e->date))
			continue;
		if (!found || sne_date_cmp(e->date, *evenement) > 0)
			*evenement = e->date;
		found = 1;
	}
	return found;
}
