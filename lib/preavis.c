/* The notices due for one demande on a day (see sne/preavis.h). */
#include "sne/preavis.h"

#include <stdio.h>
#include <string.h>

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

static int preavis_due(const struct sne_preavis_faits *f, const struct sne_preavis_rule *rule,
                       struct sne_date today, struct sne_notice *n)
{
	struct sne_date from = sne_date_add_months(f->anniversaire, -rule->mois_avant);

	if (sne_date_cmp(today, from) < 0 || sne_date_cmp(today, f->anniversaire) > 0)
		return 0;
	memset(n, 0, sizeof *n);
	sne_preavis_type(rule->mois_avant, n->type, sizeof n->type);
	if (preavis_sent(f, n->type, f->anniversaire))
		return 0;
	n->preavis = 1;
	n->anniversaire = f->anniversaire;
	if ((rule->canaux & SNE_CANAL_SMS) && !f->etranger)
		add_if_valid(n, SNE_CANAL_SMS, f->mobile);
	if (rule->canaux & SNE_CANAL_COURRIEL)
		add_if_valid(n, SNE_CANAL_COURRIEL, f->courriel);
	if (rule->canaux & SNE_CANAL_COURRIER)
		add_written(n, f, f->origine_pgp || f->renouvele_en_ligne);
	return 1;
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
	for (int i = 0; f->has_anniversaire && i < nrules && i < SNE_PREAVIS_MAX; i++)
		n += (size_t)preavis_due(f, &schedule[i], today, &out[n]);
	n += (size_t)attestation_due(f, 0, today, &out[n]);
	n += (size_t)attestation_due(f, 1, today, &out[n]);
	return n;
}
