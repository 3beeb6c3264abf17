/* Edits of the suivi shared by every program that radiates a demande
 * (sne-radiate, sne-attrib, sne-renew --expirer): a radiated demande keeps
 * no avertissement in progress, so that a later reactivation does not
 * bring back a stale one (and with it a radiation at the next
 * sne-radiate --echeances). */
#ifndef SNE_RADIATION_H
#define SNE_RADIATION_H

#include "sne/date.h"
#include "sne/suivi.h"

/* Closes the avertissement in progress on SUIVI, if any: the element is
 * removed and an evenement "annulation-avertissement" dated DATE by
 * GUICHET (may be NULL) keeps its motif (motif-radiation), sous-motif,
 * request date (avertissement), sending date (envoi) and WHY (motif).
 * Returns 1 when there was one, else 0. */
int sne_radiation_clore_avertissement(struct sne_suivi *suivi, struct sne_date date,
                                      const char *guichet, const char *why);

#endif
