/* sne-notice: the facts of one demande, read from its stream fields. */
#include <stdio.h>
#include <string.h>

#include "notice.h"

#include "sne/demande.h"
#include "sne/err.h"
#include "sne/preavis_record.h"
#include "sne/renouvellement.h"
#include "sne/suivi.h"

const char *const notice_fields[F_COUNT] = {
	[F_SUIVI] = SNE_SUIVI_FIELD,
	[F_NUMERO] = SNE_F_NUM_UNIQUE,
	[F_NOM] = SNE_F_NOM,
	[F_PRENOM] = SNE_F_PRENOM,
	[F_CIVILITE] = SNE_F_DEMANDEUR "n:civilite/@code",
	[F_DEPOT] = SNE_F_DATE_CREATION,
	[F_MOBILE] = SNE_F_TEL_PORTABLE,
	[F_MEL] = SNE_F_MEL,
	[F_ETRANGER] = SNE_F_ADRESSE_ETRANGER,
	[F_ADRESSE] = SNE_F_ADRESSE,
	[F_ADR_COMPLEMENT] = SNE_F_ADRESSE "/n:complementAdresse",
	[F_ADR_NUMERO] = SNE_F_ADRESSE "/n:numero",
	[F_ADR_VOIE] = SNE_F_ADRESSE "/n:voie",
	[F_ADR_LIEU_DIT] = SNE_F_ADRESSE "/n:lieuDit",
	[F_ADR_CODE_POSTAL] = SNE_F_ADRESSE "/n:codePostal",
	[F_ADR_VILLE] = SNE_F_ADRESSE "/n:ville",
	[F_ADR_COMMUNE] = SNE_F_ADRESSE "/n:commune/@code",
	[F_ADR_PAYS] = SNE_F_ADRESSE "/n:pays",
	[F_ETAT] = SNE_F_ETAT,
	[F_ORIGINE] = SNE_F_ORIGINE,
	[F_PROCHAIN] = SNE_F_PROCHAIN,
	[F_DERNIER] = SNE_F_DERNIER,
	[F_CANAL] = SNE_F_CANAL,
	[F_EVT_TYPE] = SNE_F_PREAVIS_EVT_TYPE,
	[F_EVT_DATE] = SNE_F_PREAVIS_EVT_DATE,
	[F_EVT_CANAL] = SNE_F_PREAVIS_EVT_CANAL,
	[F_ENVOI_TYPE] = SNE_F_PREAVIS_ENVOI_TYPE,
	[F_ENVOI_DATE] = SNE_F_PREAVIS_ENVOI_DATE,
	[F_ENVOI_ANNIVERSAIRE] = SNE_F_PREAVIS_ENVOI_ANNIVERSAIRE,
	[F_AV_MOTIF] = SNE_F_AVERTISSEMENT_MOTIF,
	[F_AV_SOUS_MOTIF] = SNE_F_AVERTISSEMENT_SOUS_MOTIF,
	[F_AV_ENVOI] = SNE_F_AVERTISSEMENT_ENVOI,
};

static int is(const char *text, const char *expected)
{
	return text != NULL && strcmp(text, expected) == 0;
}

static const struct sne_preavis_fields preavis_fields = {
	F_EVT_TYPE, F_EVT_DATE, F_EVT_CANAL, F_ENVOI_TYPE, F_ENVOI_DATE, F_ENVOI_ANNIVERSAIRE
};

/* Creation, validation and renewal events recent enough to be attested
 * (the latest NOTICE_EVENTS_MAX of the last two months), noting whether
 * any renewal, of any year, was done online; the envois recorded (the
 * latest NOTICE_EVENTS_MAX). */
static void read_events_and_envois(struct sne_record *record, struct sne_date today,
                                   struct notice_demande *d)
{
	d->faits.evenements = d->evenements;
	d->faits.nevenements = sne_preavis_read_evenements(record, &preavis_fields,
	                                                   sne_date_add_months(today, -2),
	                                                   d->evenements, NOTICE_EVENTS_MAX,
	                                                   &d->faits.renouvele_en_ligne);
	d->faits.envois = d->envois;
	d->faits.nenvois = sne_preavis_read_envois(record, &preavis_fields, d->envois,
	                                           NOTICE_EVENTS_MAX);
}

static void read_contacts(struct sne_record *record, struct notice_demande *d)
{
	const char *mobile = sne_record_get(record, F_MOBILE);
	const char *mel = sne_record_get(record, F_MEL);

	if (mobile != NULL && mobile[strspn(mobile, " \t\r\n")] != '\0')
		d->faits.mobile = sne_contact_mobile(mobile, d->mobile, sizeof d->mobile)
		                  ? SNE_CONTACT_VALIDE : SNE_CONTACT_INVALIDE;
	if (mel != NULL && mel[strspn(mel, " \t\r\n")] != '\0')
		d->faits.courriel = sne_contact_courriel(mel, d->courriel, sizeof d->courriel)
		                    ? SNE_CONTACT_VALIDE : SNE_CONTACT_INVALIDE;
}

static int read_numero(struct sne_record *record, struct notice_demande *d, char *why,
                       size_t why_size)
{
	const char *text = sne_record_get(record, F_NUMERO);
	struct sne_numero numero;
	char reason[SNE_WHY_MAX];

	if (text == NULL) {
		snprintf(why, why_size, "numéro unique (numUnique) absent d'une demande active");
		return -1;
	}
	if (sne_numero_parse(text, &numero, reason, sizeof reason) != 0) {
		snprintf(why, why_size, "numéro unique (numUnique) invalide : %s", reason);
		return -1;
	}
	sne_numero_format(&numero, d->numero);
	return 0;
}

static int read_anniversary(struct sne_record *record, struct notice_demande *d, char *why,
                            size_t why_size)
{
	char reason[SNE_WHY_MAX];

	if (sne_renouvellement_anniversaire_de(sne_record_get(record, F_PROCHAIN),
	                                       sne_record_get(record, F_DERNIER),
	                                       sne_record_get(record, F_DEPOT),
	                                       &d->faits.anniversaire, reason,
	                                       sizeof reason) != 0) {
		snprintf(why, why_size, "date d'anniversaire introuvable (%s)", reason);
		return -1;
	}
	d->faits.has_anniversaire = 1;
	return 0;
}

int notice_demande_read(struct sne_record *record, struct sne_date today,
                        struct notice_demande *d, char *why, size_t why_size)
{
	memset(&d->faits, 0, sizeof d->faits);
	memset(&d->avertissement, 0, sizeof d->avertissement);
	d->numero[0] = d->mobile[0] = d->courriel[0] = d->adresse[0] = '\0';
	d->faits.active = is(sne_record_get(record, F_ETAT), "active");
	if (!d->faits.active)
		return 0;
	d->faits.etranger = is(sne_record_get(record, F_ETRANGER), "true") ||
	                    is(sne_record_get(record, F_ETRANGER), "1");
	if (read_numero(record, d, why, why_size) != 0 ||
	    read_anniversary(record, d, why, why_size) != 0)
		return -1;
	d->faits.origine_pgp = is(sne_record_get(record, F_ORIGINE), "pgp");
	/* "déjà renouvelé en ligne": the last renewal or any earlier one in
	 * the historique */
	d->faits.renouvele_en_ligne = sne_record_get(record, F_DERNIER) != NULL &&
	                              is(sne_record_get(record, F_CANAL), "pgp");
	read_events_and_envois(record, today, d);
	d->avertissement.active = 1;
	d->avertissement.motif = sne_record_get(record, F_AV_MOTIF);
	d->avertissement.sous_motif = sne_record_get(record, F_AV_SOUS_MOTIF);
	d->avertissement.envoye = sne_record_get(record, F_AV_ENVOI) != NULL;
	return 0;
}

int notice_contacts_read(struct sne_record *record, const struct sne_communes *communes,
                         struct notice_demande *d, char *why, size_t why_size)
{
	/* no letter abroad: a foreign address is never laid out */
	if (!d->faits.etranger && notice_adresse(record, communes, d->adresse, why, why_size) != 0)
		return -1;
	d->faits.adresse = d->adresse[0] != '\0';
	d->avertissement.lettre_possible = d->faits.adresse && !d->faits.etranger;
	read_contacts(record, d);
	return 0;
}
