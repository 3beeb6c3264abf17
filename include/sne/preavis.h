/* Which notices are due for one demande on a day: the préavis de
 * renouvellement of the configured schedule and the attestations
 * d'enregistrement and de renouvellement (contract, "Préavis de
 * renouvellement").  A pure function over facts read from the demande, so
 * that every rule is tested without XML.
 *
 * Préavis of step "N mois" for anniversary A: the step is open from
 * A - N months (clamped to the end of the month: 31 May - 1 month = 30
 * April) to the radiation day A + 1 month excluded (sne/renouvellement.h),
 * when the demande is active.  On a day, the step in force is the open
 * one nearest to A (fewest months); it is due when no envoi of its type
 * announcing A was recorded.  A missed day is caught up: on any day the
 * step is in force its notice is due until it is sent, after the
 * anniversary too, since the demande can still be renewed.  The earlier
 * steps never sent are superseded: returned with `remplace` set and no
 * channel, to be recorded, not sent (one préavis a day, the latest).  A
 * renewal moves A a year on, so a demande renewed in between gets no
 * further notice for the old A.
 *
 * Attestation for each creation or validation (attestation-enregistrement)
 * and each renewal (attestation-renouvellement) dated 2017-04-01 or later:
 * due from the event to the event + 1 month included, when the demande is
 * active and no envoi of that type is dated on or after the event.  Events
 * of one type due together give one attestation.
 *
 * Channels (enum sne_canal):
 *   - sms: to a valid mobile, never abroad;
 *   - courriel: to a valid address;
 *   - courrier, the written notice: a letter, or an e-mail instead for a
 *     demande deposited or renewed online (préavis: origine pgp or any
 *     renewal on the PGP, the last or an earlier one; attestation: origine pgp, or for a renewal that
 *     renewal on the PGP).  When the preferred way is impossible the other
 *     one is used: a letter when the online household has no valid
 *     address, an e-mail abroad (no letter abroad) or without any postal
 *     address.
 * A channel wanted whose contact is present but invalid is reported in
 * `manques`, so the caller can count skipped contacts; a notice not
 * superseded may end with no channel at all (the caller records it so
 * that it is counted once); when no channel of any step could reach the
 * household (abroad without e-mail...), sne_preavis_injoignable() says so
 * and the caller reports it. */
#ifndef SNE_PREAVIS_H
#define SNE_PREAVIS_H

#include <stddef.h>

#include "sne/config.h"
#include "sne/date.h"

/* First day of the national attestations (guichets sent them before). */
#define SNE_ATTESTATION_DEBUT_ANNEE 2017
#define SNE_ATTESTATION_DEBUT_MOIS 4
#define SNE_ATTESTATION_DEBUT_JOUR 1

#define SNE_TYPE_ATTESTATION_ENREGISTREMENT "attestation-enregistrement"
#define SNE_TYPE_ATTESTATION_RENOUVELLEMENT "attestation-renouvellement"
/* Room for a notice type name, "preavis-12-mois". */
#define SNE_NOTICE_TYPE_SIZE 32
/* Most notices due at once: one per préavis step, two attestations and an
 * avertissement de radiation (sne/avertissement.h). */
#define SNE_NOTICE_MAX (SNE_PREAVIS_MAX + 3)

enum sne_contact_etat {
	SNE_CONTACT_ABSENT = 0,
	SNE_CONTACT_INVALIDE,
	SNE_CONTACT_VALIDE
};

/* An event of historique that calls for an attestation. */
struct sne_preavis_evenement {
	struct sne_date date;
	int renouvellement;   /* 0 creation or validation, 1 renewal */
	int en_ligne;         /* the renewal was done on the PGP */
};

/* An envoi already recorded in suivi. */
struct sne_preavis_envoi {
	const char *type;     /* borrowed */
	struct sne_date date;
	int has_anniversaire;
	struct sne_date anniversaire;
};

/* What the rules need to know of a demande. */
struct sne_preavis_faits {
	int active;                     /* état active */
	int has_anniversaire;           /* renouvellement/@prochain known */
	struct sne_date anniversaire;
	int origine_pgp;                /* deposited on the portail grand public */
	int renouvele_en_ligne;         /* some renewal (any year) on the PGP */
	int etranger;                   /* foreign postal address */
	int adresse;                    /* a postal address is present */
	enum sne_contact_etat mobile;
	enum sne_contact_etat courriel;
	const struct sne_preavis_evenement *evenements;
	size_t nevenements;
	const struct sne_preavis_envoi *envois;
	size_t nenvois;
};

/* One notice due. */
struct sne_notice {
	char type[SNE_NOTICE_TYPE_SIZE];  /* "preavis-2-mois", "attestation-..." */
	int preavis;                      /* 1 préavis, 0 attestation */
	unsigned canaux;                  /* enum sne_canal flags, may be 0 */
	int remplace;                     /* préavis superseded by a later step
	                                     due the same day: record, not send */
	unsigned manques;                 /* channels skipped: contact invalid */
	struct sne_date anniversaire;     /* préavis: the anniversary announced */
	struct sne_date evenement;        /* attestation: the latest event */
	int avertissement;                /* 1 avertissement de radiation */
	char motif[8];                    /* avertissement: RADIRR or RADCON */
	char sous_motif[8];               /* avertissement: IRRSEJ, IRRRES or "" */
	struct sne_date echeance;         /* avertissement: end of its delay */
};

/* Type name of the préavis step MOIS months before: "preavis-2-mois". */
void sne_preavis_type(int mois, char *out, size_t size);
/* Whether no channel at all can reach the household of FAITS: no valid
 * mobile in France, no valid e-mail, no letter (abroad or no address). */
int sne_preavis_injoignable(const struct sne_preavis_faits *faits);
/* Fills OUT (SNE_NOTICE_MAX entries) with the notices due on TODAY for
 * FAITS under SCHEDULE (NRULES steps): the superseded préavis in schedule
 * order, the préavis due, then attestations; returns how many. */
size_t sne_preavis_dus(const struct sne_preavis_faits *faits,
                       const struct sne_preavis_rule *schedule, int nrules,
                       struct sne_date today, struct sne_notice *out);

/* What the SQLite register keeps of FAITS so that a run of sne-notice reads
 * only the demandes a notice can be due to (sne/store.h), whatever the
 * schedule: */
/* the préavis steps recorded for the anniversary of FAITS (as
 * sne_preavis_dus() counts one sent), bit N - 1 for "preavis-N-mois" (N 1
 * to 12); a step of the schedule is due only while its bit is clear; */
unsigned sne_preavis_envoyes(const struct sne_preavis_faits *faits);
/* the latest creation, validation or renewal event of FAITS dated from
 * 2017-04-01 whose attestation is not recorded (no envoi of its type on or
 * after it), into *EVENEMENT, returning 1; 0 when there is none.  An
 * attestation can be due on DAY only if that event is DAY - 1 month or
 * later. */
int sne_attestation_attendue(const struct sne_preavis_faits *faits,
                             struct sne_date *evenement);

#endif
