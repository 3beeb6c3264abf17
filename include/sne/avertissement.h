/* The radiations of CCH R441-2-8 other than attribution and
 * non-renewal, and the avertissement that must come before two of them, as
 * pure functions over dates and codes (no XML), so that every rule is
 * tested at its edge:
 *
 *   RADABA  renonciation: radiated at once, dated the applicant's letter;
 *   RADIRR  irrecevabilité (sous-motif IRRSEJ or IRRRES, mandatory) and
 *   RADCON  impossible to contact: radiated only after an avertissement
 *           sent with proof of delivery, once its delay has run.
 *
 * The delay runs from the day the avertissement was sent (recorded by
 * sne-notice -i), not from the day it was asked for:
 *
 *   echeance = envoi + D months (clamped to the end of the month, as
 *              sne_date_add_months: sent on 31 January, one month ends on
 *              28 February, 29 in a leap year)
 *
 * The applicant may answer up to the échéance included; the demande is
 * radiated by the first run after it (echeance < run date).  D is the
 * configuration's "delai-avertissement", never under one month.
 *
 * A RADCON demande can be reactivated up to radiation + 5 months included
 * (cahier des charges 2015, §6.5). */
#ifndef SNE_AVERTISSEMENT_H
#define SNE_AVERTISSEMENT_H

#include <stddef.h>

#include "sne/date.h"
#include "sne/preavis.h"

/* The legal floor and the default of the delay, in months. */
#define SNE_AVERTISSEMENT_DELAI_MIN_MOIS 1
#define SNE_AVERTISSEMENT_DELAI_DEFAUT_MOIS 1
/* The largest delay the configuration accepts. */
#define SNE_AVERTISSEMENT_DELAI_MAX_MOIS 12
/* Months after a RADCON radiation during which it can be reactivated. */
#define SNE_RADCON_REACTIVATION_MOIS 5

/* The envoi type of the avertissement letter, and its channel. */
#define SNE_TYPE_AVERTISSEMENT "avertissement-radiation"
#define SNE_CANAL_NAME_COURRIER_AR "courrier-ar"

/* Room for a motif or sous-motif code ("RADIRR", "IRRSEJ"). */
#define SNE_MOTIF_SIZE 8

enum sne_radiation_motif {
	SNE_MOTIF_INCONNU = 0,
	SNE_MOTIF_RADABA,
	SNE_MOTIF_RADIRR,
	SNE_MOTIF_RADCON
};

/* RADABA, RADIRR or RADCON (exactly); SNE_MOTIF_INCONNU otherwise (NULL
 * included). */
enum sne_radiation_motif sne_radiation_motif_parse(const char *text);
/* Whether MOTIF is radiated only after an avertissement (RADIRR, RADCON). */
int sne_radiation_motif_avertit(enum sne_radiation_motif motif);
/* Whether SOUS_MOTIF fits MOTIF (both codes as in the register; NULL for
 * none): RADIRR needs IRRSEJ or IRRRES, every other motif has none.
 * Returns 0, or -1 with the French reason in WHY. */
int sne_radiation_sous_motif_check(const char *motif, const char *sous_motif, char *why,
                                   size_t why_size);
/* French label of a sous-motif ("ressources supérieures aux plafonds"), or
 * NULL for an unknown one. */
const char *sne_radiation_sous_motif_libelle(const char *sous_motif);

/* The end of the delay of an avertissement sent on ENVOI: ENVOI + MOIS
 * months, clamped. */
struct sne_date sne_avertissement_echeance(struct sne_date envoi, int mois);
/* Whether a demande whose avertissement ends on ECHEANCE is radiated on
 * DATE (ECHEANCE < DATE). */
int sne_avertissement_est_echu(struct sne_date echeance, struct sne_date date);
/* Whether ECHEANCE is at least the legal floor (one month) after ENVOI. */
int sne_avertissement_delai_legal(struct sne_date envoi, struct sne_date echeance);

/* Last day a RADCON demande radiated on RADIATION can be reactivated:
 * RADIATION + 5 months, clamped. */
struct sne_date sne_radcon_limite_reactivation(struct sne_date radiation);
/* Whether it can still be reactivated on DATE (DATE <= limit). */
int sne_radcon_peut_reactiver(struct sne_date radiation, struct sne_date date);

/* What the avertissement rule needs to know of a demande. */
struct sne_avertissement_faits {
	int active;              /* état active */
	const char *motif;       /* avertissement/@motif, NULL when none */
	const char *sous_motif;  /* avertissement/@sous-motif, or NULL */
	int envoye;              /* avertissement/@envoi is set */
	int lettre_possible;     /* a postal address in France */
};

/* The avertissement letter due on TODAY for F (an avertissement asked for
 * and not yet sent on an active demande) into OUT: type
 * SNE_TYPE_AVERTISSEMENT, channel courrier-ar (none, with manques
 * courrier-ar, when no letter is possible: no address, or abroad), its
 * échéance TODAY + DELAI months.  Returns 1 when due, else 0. */
int sne_avertissement_du(const struct sne_avertissement_faits *f, struct sne_date today,
                         int delai, struct sne_notice *out);

#endif
