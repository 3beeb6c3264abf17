/* The guichets' modification files (interface typeFichier MOD) applied to
 * the register under the same numéro (sne-update).
 *
 * The modifications are read first, all of them, into an index by numéro
 * (memory grows with the modifications given: a copy of each record, never
 * with the register); the register is then read once, and each demande
 * whose numéro is in the index gets its modifications in file order.  A
 * modification replaces the interface content of the demande (its
 * demandeLogement) and keeps the register's own facts: numGuichet,
 * numUnique, dateCreationDemande (the date de dépôt) and the suivi, where
 * it sets modification date, guichet and version and appends an evenement
 * "modification".
 *
 * Refused, the register's demande left as it is: an unknown numéro, a
 * demande not active (radiée: its motif, and that a reactivation comes
 * first), a change of the demandeur's identity (civilité, nom, prénom, date
 * de naissance: sne-fix) or of the date de dépôt, communes souhaitées of
 * another territory, and what the creation rules refuse
 * (sne_check_contenu_first). */
#ifndef SNE_MODIFICATION_H
#define SNE_MODIFICATION_H

#include <stddef.h>

#include "sne/date.h"
#include "sne/stream.h"

struct sne_modifications;

/* What a modification became. */
enum sne_modification_issue {
	SNE_MODIFICATION_EN_ATTENTE,  /* not yet applied */
	SNE_MODIFICATION_APPLIQUEE,
	SNE_MODIFICATION_SANS_EFFET,  /* the demande already said all of it */
	SNE_MODIFICATION_REFUSEE
};

/* One modification, as the caller sees it once decided. */
struct sne_modification_info {
	const char *numero;     /* canonical, or "" when it had none */
	const char *source;     /* the MOD file's name */
	long line;              /* line of its demande element */
	size_t rank;            /* rank in its file */
	enum sne_modification_issue issue;
	const char *why;        /* reason of a refusal or of no effect */
};

/* Called once per modification when it is decided (refused at load,
 * applied, without effect or refused against the register, or refused as
 * unknown at the end).  BYTES is the modification's demande record,
 * standalone (the namespace declarations it uses are on its start tag), for
 * a --rejets file.  Returns 0, or an SNE_EX_* code that stops the run. */
typedef int (*sne_modification_report)(const struct sne_modification_info *info,
                                       const char *bytes, size_t len, void *ctx);

/* A new empty set; TODAY is the run's date (the creation rules), GUICHET
 * the acting guichet (recorded), REPORT and CTX get every decision.
 * Never NULL.  Free with sne_modifications_free(). */
struct sne_modifications *sne_modifications_new(struct sne_date today, const char *guichet,
                                                sne_modification_report report, void *ctx);
void sne_modifications_free(struct sne_modifications *mods);

/* Reads the MOD file PATH (NULL or "-": standard input; gzip or not).  A
 * file whose entete gives another typeFichier than MOD, or whose envelope
 * is refused (sne_envelope_interface: versionInterface 02.00 or 02.01),
 * is a data error (65) that stops the run; a stream without typeFichier
 * (made by a script) is taken as modifications.  Returns 0, or an SNE_EX_*
 * code after printing why (66, 65, 74) or the code of REPORT. */
int sne_modifications_load(struct sne_modifications *mods, const char *path);
/* Fields a register stream must declare for sne_modifications_apply(),
 * and their number. */
extern const char *const sne_modification_fields[];
extern const size_t sne_modification_nfields;

/* Applies to REC (a register record read with sne_modification_fields)
 * its modifications, in file order, each reported.  Returns 0, or the
 * code of REPORT. */
int sne_modifications_apply(struct sne_modifications *mods, struct sne_record *rec);
/* After the register: reports every modification whose numéro was not
 * in it.  Returns 0 or the code of REPORT. */
int sne_modifications_finish(struct sne_modifications *mods);

#endif
