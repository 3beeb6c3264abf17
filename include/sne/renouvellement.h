/* Renewal date rules of the contract (section "Dates and renewal"), as pure
 * functions over struct sne_date.  t is the date de dépôt, or the date of
 * the last renewal; every other date derives from the anniversary:
 *
 *   anniversary            = t + 1 year (29 February -> 28 February)
 *   window opening         = anniversary - 2 months (renewal allowed from it)
 *   radiation day          = anniversary + 1 month  (t + 13 months: RADREN
 *                            on that day, arrêté du 23 mars 2015)
 *   last day to renew      = the day before the radiation day (the last
 *                            day a renewal keeps the demande active)
 *   reactivation limit     = anniversary + 6 months (last day a RADREN
 *                            demande can still be renewed)
 *
 * Month arithmetic clamps to the end of the month (sne_date_add_months):
 * 31 January + 1 month = 28/29 February. */
#ifndef SNE_RENOUVELLEMENT_H
#define SNE_RENOUVELLEMENT_H

#include <stddef.h>

#include "sne/date.h"

/* Months before the anniversary when the renewal window opens. */
#define SNE_RENOUVELLEMENT_FENETRE_MOIS 2
/* Months after the anniversary before a non-renewed demande is radiated. */
#define SNE_RENOUVELLEMENT_EXPIRATION_MOIS 1
/* Months after the anniversary during which a RADREN demande can be
 * reactivated by a renewal. */
#define SNE_RENOUVELLEMENT_REACTIVATION_MOIS 6

/* Anniversary of base date T: T + 1 year, clamped (29/02 -> 28/02). */
struct sne_date sne_renouvellement_anniversaire(struct sne_date t);
/* First day a renewal is allowed: ANNIVERSAIRE - 2 months. */
struct sne_date sne_renouvellement_ouverture(struct sne_date anniversaire);
/* The radiation day: ANNIVERSAIRE + 1 month (t + 13 months).  A demande
 * still not renewed is radiated RADREN on that day or any day after. */
struct sne_date sne_renouvellement_expiration(struct sne_date anniversaire);
/* The last day a renewal keeps the demande active: the day before the
 * radiation day (what the préavis call « au plus tard le »). */
struct sne_date sne_renouvellement_dernier_jour(struct sne_date anniversaire);
/* Last day a RADREN demande can be reactivated: ANNIVERSAIRE + 6 months. */
struct sne_date sne_renouvellement_limite_reactivation(struct sne_date anniversaire);

/* Whether a renewal on DATE is allowed (DATE >= window opening; after the
 * anniversary it stays allowed). */
int sne_renouvellement_est_ouvert(struct sne_date anniversaire, struct sne_date date);
/* Whether an active demande must be radiated RADREN on DATE
 * (radiation day <= DATE). */
int sne_renouvellement_est_expire(struct sne_date anniversaire, struct sne_date date);
/* Whether a RADREN demande can be reactivated on DATE (DATE <= limit). */
int sne_renouvellement_peut_reactiver(struct sne_date anniversaire, struct sne_date date);

/* The anniversary of a demande from its suivi and interface texts (each may
 * be NULL or empty): PROCHAIN (renouvellement/@prochain) when set, else
 * DERNIER (renouvellement/@dernier) + 1 year, else DEPOT
 * (dateCreationDemande) + 1 year.  Returns 0, or -1 with a French reason in
 * WHY (may be NULL) when none is usable (missing or not an ISO date). */
int sne_renouvellement_anniversaire_de(const char *prochain, const char *dernier,
                                       const char *depot, struct sne_date *out,
                                       char *why, size_t why_size);

#endif
