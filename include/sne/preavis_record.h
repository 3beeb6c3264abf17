/* The facts of sne/preavis.h that come from a record's suivi: the events
 * of historique that call for an attestation and the envois recorded.
 * Shared by sne-notice, which decides the notices due, and the SQLite
 * register, which keeps in two columns when a demande can next have one
 * (sne/store.h). */
#ifndef SNE_PREAVIS_RECORD_H
#define SNE_PREAVIS_RECORD_H

#include <stddef.h>

#include "sne/date.h"
#include "sne/demande.h"
#include "sne/preavis.h"
#include "sne/stream.h"

/* The paths to declare in a stream spec, and where a program put them. */
#define SNE_F_PREAVIS_EVT_TYPE SNE_F_SUIVI "/s:historique/s:evenement/@type"
#define SNE_F_PREAVIS_EVT_DATE SNE_F_SUIVI "/s:historique/s:evenement/@date"
#define SNE_F_PREAVIS_EVT_CANAL SNE_F_SUIVI "/s:historique/s:evenement/@canal"
#define SNE_F_PREAVIS_ENVOI_TYPE SNE_F_SUIVI "/s:envoi/@type"
#define SNE_F_PREAVIS_ENVOI_DATE SNE_F_SUIVI "/s:envoi/@date"
#define SNE_F_PREAVIS_ENVOI_ANNIVERSAIRE SNE_F_SUIVI "/s:envoi/@anniversaire"

struct sne_preavis_fields {
	size_t evt_type, evt_date, evt_canal;
	size_t envoi_type, envoi_date, envoi_anniversaire;
};

/* The creation, validation and renewal events of RECORD dated SINCE or
 * later, the latest MAX of them, into OUT; returns how many.  Sets
 * *RENOUVELE_EN_LIGNE when any renewal, of any date, was done on the PGP
 * (leaves it otherwise). */
size_t sne_preavis_read_evenements(const struct sne_record *record,
                                   const struct sne_preavis_fields *fields,
                                   struct sne_date since, struct sne_preavis_evenement *out,
                                   size_t max, int *renouvele_en_ligne);
/* The envois of RECORD with a valid date, the latest MAX of them, into OUT
 * (types borrowed from the record); returns how many. */
size_t sne_preavis_read_envois(const struct sne_record *record,
                               const struct sne_preavis_fields *fields,
                               struct sne_preavis_envoi *out, size_t max);

#endif
