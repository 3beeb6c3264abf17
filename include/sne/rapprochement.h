/* The suspected doublons of a register, for review by the support team
 * (sne-fix --doublons): every pair of demandes of one territory and one
 * date de naissance whose identities are the same once folded, or a near
 * case (sne/ressemblance.h).
 *
 * Memory grows with the identity index only: per demande active or en
 * attente de validation, a 40-byte entry (numéro, rank, territory, date de
 * naissance, where its names are) and its folded nom, prénom and nom
 * patronymique (about 30 bytes), whatever the size of the records.  The
 * pairs are found by sorting the index by territory and date de naissance
 * and comparing the demandes of each such group two by two. */
#ifndef SNE_RAPPROCHEMENT_H
#define SNE_RAPPROCHEMENT_H

#include <stddef.h>

#include "sne/numero.h"
#include "sne/ressemblance.h"

struct sne_rapprochement;

/* A group of demandes born the same day in one territory larger than this
 * is compared for the same identity only (a register where thousands share
 * a date de naissance has a data problem; the run says so). */
#define SNE_RAPPROCHEMENT_GROUPE_MAX 2000

/* One suspected pair; strings borrowed for the callback. */
struct sne_paire {
	enum sne_ressemblance kind;
	const char *territoire;
	const char *numero[2];  /* "" for a demande en attente de validation */
	size_t rank[2];         /* ranks in the register, the first one first */
};

/* An empty index; never NULL.  Free with sne_rapprochement_free(). */
struct sne_rapprochement *sne_rapprochement_new(void);
void sne_rapprochement_free(struct sne_rapprochement *index);
/* Reads the register at PATH (gzip or not) into the index.  Returns 0, or
 * an SNE_EX_* code after printing why (66, 65, 74). */
int sne_rapprochement_load(struct sne_rapprochement *index, const char *path);
/* Number of demandes indexed. */
size_t sne_rapprochement_count(const struct sne_rapprochement *index);
/* Calls EACH for every suspected pair, by territory then date de
 * naissance; a group of demandes of one identity gives the pairs of its
 * first demande with each other one.  Stops at the first non-zero return
 * of EACH and returns it; else 0.  *LARGE_GROUPS (may be NULL) gets the
 * number of groups compared for the same identity only. */
int sne_rapprochement_pairs(struct sne_rapprochement *index,
                            int (*each)(const struct sne_paire *pair, void *ctx), void *ctx,
                            size_t *large_groups);

#endif
