/* What registering a demande writes into its interface part, shared by
 * sne-create and sne-validate: the numGuichet / numUnique /
 * dateCreationDemande elements, and numéros uniques allocated lazily from
 * the state directory. */
#ifndef SNE_ENREGISTREMENT_H
#define SNE_ENREGISTREMENT_H

#include <stddef.h>

#include "sne/config.h"
#include "sne/date.h"
#include "sne/numero.h"
#include "sne/stream.h"

/* Sets numGuichet, numUnique and dateCreationDemande of the demandeLogement
 * of REC (a record read with sne_check_fields): an element present gets
 * its text replaced when it differs, a missing one is inserted in the
 * interface's order (numGuichet, numUnique, dateCreationDemande) with the
 * prefix and indentation of its siblings.  A NULL text leaves the element
 * as it is.  Returns 0, or -1 with WHY when the record has no
 * demandeLogement with content. */
int sne_enregistrement_set_entete(struct sne_record *rec, const char *num_guichet,
                                  const char *num_unique, const char *date_creation,
                                  char *why, size_t why_size);

/* Numéros uniques for one run: the allocator (sne/alloc.h) is opened on
 * the state directory of CONFIG at the first number only, so a run that
 * numbers nothing never touches the state. */
struct sne_numeroteur;

/* Never NULL.  CONFIG is borrowed for the life of the numeroteur. */
struct sne_numeroteur *sne_numeroteur_new(const struct sne_config *config);
/* Allocates the next numéro of TERRITOIRE for a dépôt on DEPOT by GUICHET
 * into NUMERO (SNE_NUMERO_SIZE bytes).  Returns 0, or an SNE_EX_* code with
 * WHY: SNE_EX_DATAERR when the sequence of the month is exhausted (refuse
 * the demande), SNE_EX_CONFIG when no state directory is known, otherwise
 * an error that stops the run. */
int sne_numeroteur_next(struct sne_numeroteur *n, const char *territoire, struct sne_date depot,
                        const char *guichet, char *numero, char *why, size_t why_size);
/* For a run whose numéros stay invisible until it commits (-i REGISTRE):
 * the counters are held for the run (sne_alloc_hold), written once each
 * by sne_numeroteur_commit_hook(), which must run before the commit. */
void sne_numeroteur_hold(struct sne_numeroteur *n);
/* The before_commit hook of sne/cli.h for the numeroteur N: writes the
 * held counters durably.  Returns 0, or SNE_EX_IOERR (reported). */
int sne_numeroteur_commit_hook(void *n);
/* Closes the allocator (giving back unused numbers) and frees.  Returns 0
 * or SNE_EX_IOERR (already reported). */
int sne_numeroteur_free(struct sne_numeroteur *n);

#endif
