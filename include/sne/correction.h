/* The gestionnaire territorial's corrections of one demande (sne-fix):
 * identity of the demandeur or co-titulaire, date de dépôt, reactivation
 * whatever the motif.  Each is recorded as an evenement with the operator
 * and the motif; one that would change nothing leaves the record as it is
 * and says so.
 *
 * A record is read with the fields of sne_correction_fields (a program
 * declares that table as its stream's fields). */
#ifndef SNE_CORRECTION_H
#define SNE_CORRECTION_H

#include <stddef.h>

#include "sne/date.h"
#include "sne/doublon.h"
#include "sne/stream.h"

enum sne_correction_field {
	SNE_CORR_SUIVI,
	SNE_CORR_NUM_UNIQUE,
	SNE_CORR_DATE_CREATION,
	SNE_CORR_ETAT,
	SNE_CORR_PROCHAIN,
	SNE_CORR_DERNIER,
	SNE_CORR_RADIATION_MOTIF,
	SNE_CORR_RADIATION_DATE,
	SNE_CORR_FUSION_AVEC,       /* s:radiation/@fusion-avec */
	SNE_CORR_CIVILITE,          /* demandeur: civilite/@code, nom, ... */
	SNE_CORR_NOM,
	SNE_CORR_PRENOM,
	SNE_CORR_NAISSANCE,
	SNE_CORR_CO_CIVILITE,       /* the cotitulaires' */
	SNE_CORR_CO_NOM,
	SNE_CORR_CO_PRENOM,
	SNE_CORR_CO_NAISSANCE,
	SNE_CORR_NFIELDS
};

/* The field paths, indexed by enum sne_correction_field. */
extern const char *const sne_correction_fields[SNE_CORR_NFIELDS];

enum sne_correction_kind {
	SNE_CORRECTION_IDENTITE,
	SNE_CORRECTION_DEPOT,
	SNE_CORRECTION_REACTIVER
};

/* What to correct, and who does it. */
struct sne_correction {
	enum sne_correction_kind kind;
	struct sne_date today;
	const char *guichet;       /* acting guichet, or NULL */
	const char *operateur;     /* login (sne_operateur_login()) */
	const char *motif;         /* required, non-empty */
	/* SNE_CORRECTION_IDENTITE: NULL texts are left as they are */
	int cotitulaire;           /* correct the co-titulaire, not the demandeur */
	const char *civilite;      /* "1" or "2" */
	const char *nom, *prenom;
	const char *naissance;     /* ISO date */
	/* a demandeur's new identity already in this index (another numéro,
	 * same territory) is refused, unless doublon_accepte; a corrected
	 * identity is added to it, so that two demandes of one run corrected
	 * to one identity are seen (borrowed, may be NULL) */
	struct sne_doublon *doublons;
	int doublon_accepte;
	/* SNE_CORRECTION_DEPOT */
	struct sne_date depot;
	/* SNE_CORRECTION_REACTIVER: prochain renouvellement, today + 1 year
	 * unless has_prochain */
	int has_prochain;
	struct sne_date prochain;
};

enum sne_correction_result {
	SNE_CORRECTION_FAITE,      /* the record has the correction as edits */
	SNE_CORRECTION_INCHANGEE,  /* it already said so: no edit, no event */
	SNE_CORRECTION_REFUSEE     /* WHY says why and what to do */
};

/* Applies C to REC.  WHY (SNE_WHY_MAX * 2 bytes is enough) gets the
 * French reason of a refusal, or what was already so. */
enum sne_correction_result sne_correction_apply(const struct sne_correction *c,
                                                struct sne_record *rec, char *why,
                                                size_t why_size);

/* Refuses a record every correction must leave alone: not found in a
 * useful state (radiated by a fusion: WHY names the demande kept).
 * Returns 0 when REC may be corrected by KIND, else -1 with WHY. */
int sne_correction_check_etat(const struct sne_record *rec, enum sne_correction_kind kind,
                              char *why, size_t why_size);

/* Appends the evenement TYPE of a support correction (date, guichet,
 * operateur, motif) to SUIVI and returns it for more attributes. */
struct sne_suivi;
struct sne_suivi_node;
struct sne_suivi_node *sne_correction_evenement(struct sne_suivi *suivi,
                                          const struct sne_correction *c, const char *type);

#endif
