/* The monthly Suivi Qualité alert of each code guichet (or territory) that
 * has something to signal in the last month of the counts: one e-mail
 * (RFC 5322, UTF-8, ready for sendmail -t once the router adds To: from
 * the X-SNE-Guichet header) per row, named alerte-TER-GUICHET-AAAA-MM.eml
 * (alerte-TER-AAAA-MM.eml per territory). */
#ifndef SNE_ALERTES_H
#define SNE_ALERTES_H

#include "sne/stats_rendu.h"

/* Whether row ROW has an indicator to signal in the last month (REACTIVATION
 * is shown, never signalled).  Returns their number. */
int sne_alertes_a_signaler(const struct sne_stats *stats, size_t row);
/* One e-mail per row with something to signal into DIR (made when absent);
 * REGISTRE names the register in the commands the e-mail suggests.
 * Returns 0, or an SNE_EX_* code after saying why. */
int sne_alertes_write(const struct sne_stats_rendu *r, const char *dir, const char *registre);

#endif
