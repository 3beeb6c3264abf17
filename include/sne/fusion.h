/* The merge of a pair of doublons (sne-fix --fusionner GARDE RADIEE): the
 * demande kept takes the older date de dépôt of the two (CCH R441-2-8 f:
 * the ancienneté of both is kept; its numéro and its renewal dates stay),
 * the other is radiated with motif "fusion" and the attribute
 * fusion-avec="GARDE" on its radiation; both historiques say it.
 *
 * Two passes over the register: sne_fusion_lookup() reads what both
 * demandes say, sne_fusion_apply() edits them in the rewrite. */
#ifndef SNE_FUSION_H
#define SNE_FUSION_H

#include <stddef.h>

#include "sne/correction.h"
#include "sne/date.h"
#include "sne/numero.h"
#include "sne/stream.h"

/* What the first pass found of one of the two demandes. */
struct sne_fusion_demande {
	char numero[SNE_NUMERO_SIZE];
	int found;
	char etat[32];
	char motif[16];                       /* of its radiation, "" */
	char fusion_avec[SNE_NUMERO_SIZE];    /* of its radiation, "" */
	int has_depot;
	struct sne_date depot;
};

struct sne_fusion {
	struct sne_fusion_demande garde, radiee;
	/* who does it: today, guichet, operateur, motif (kind unused) */
	const struct sne_correction *who;
};

/* Sets up F for canonical numéros GARDE and RADIEE; WHO is borrowed. */
void sne_fusion_init(struct sne_fusion *f, const char *garde, const char *radiee,
                     const struct sne_correction *who);
/* First pass: reads the register at PATH for both demandes (stops once
 * both are found).  Returns 0, or an SNE_EX_* code after printing why. */
int sne_fusion_lookup(struct sne_fusion *f, const char *path);
/* After the lookup: SNE_CORRECTION_FAITE when the merge can be done,
 * SNE_CORRECTION_INCHANGEE when it was done already, or
 * SNE_CORRECTION_REFUSEE; WHY says which and why. */
enum sne_correction_result sne_fusion_check(const struct sne_fusion *f, char *why,
                                            size_t why_size);
/* Second pass, on every record of the register read with
 * sne_correction_fields: edits the two demandes of the merge, leaves the
 * others.  Returns 1 when REC was one of them, 0 otherwise, -1 when its
 * suivi cannot be read (REC is left unchanged, WHY says so). */
int sne_fusion_apply(const struct sne_fusion *f, struct sne_record *rec, char *why,
                     size_t why_size);

#endif
