/* Rule checks of a demande record, shared by the programs that register
 * demandes (sne-create, sne-validate) and by sne-validate --check.
 *
 * The checks read the record through the fields of sne_check_fields: a
 * program declares that table (or a copy starting with it) as its
 * stream's fields and uses the SNE_CK_* indexes.  Every problem is handed
 * to a reporter with its line and a French message that names the field,
 * never its value (no personal data in messages). */
#ifndef SNE_CHECK_RULES_H
#define SNE_CHECK_RULES_H

#include <stddef.h>

#include "sne/commune.h"
#include "sne/date.h"
#include "sne/stream.h"
#include "sne/territoire.h"

enum sne_check_field {
	SNE_CK_SUIVI,            /* must stay 0 for sne_suivi_load() users */
	SNE_CK_ETAT,
	SNE_CK_ORIGINE,
	SNE_CK_DEMANDE_LOGEMENT, /* the element, for insertions */
	SNE_CK_NUM_GUICHET,
	SNE_CK_NUM_UNIQUE,
	SNE_CK_DATE_CREATION,
	SNE_CK_CIVILITE,
	SNE_CK_NOM,
	SNE_CK_PRENOM,
	SNE_CK_DATE_NAISSANCE,
	SNE_CK_MEL,
	SNE_CK_DEMANDE_ELARGIE,
	SNE_CK_TYPE_LOGEMENT,
	SNE_CK_COMMUNE,
	SNE_CK_MODIFICATION_DATE,
	SNE_CK_PROCHAIN,
	SNE_CK_RADIATION_MOTIF,
	SNE_CK_RADIATION_DATE,
	SNE_CK_INVALIDATION_DATE,
	SNE_CK_INVALIDATION_MOTIF,
	SNE_CK_RADIATION_SOUS_MOTIF,
	SNE_CK_RADIATION_AVERTISSEMENT, /* radiation/@avertissement: day it was sent */
	SNE_CK_RADIATION_ECHEANCE,
	SNE_CK_AVERTISSEMENT_MOTIF,
	SNE_CK_AVERTISSEMENT_SOUS_MOTIF,
	SNE_CK_AVERTISSEMENT_DATE,
	SNE_CK_AVERTISSEMENT_ENVOI,
	SNE_CK_AVERTISSEMENT_ECHEANCE,
	SNE_CK_EVENEMENT_TYPE,   /* s:suivi/s:historique/s:evenement/@type */
	SNE_CK_EVENEMENT_DATE,
	SNE_CK_REVENU_FISCAL,    /* what an attribution needs: sne_check_attribution() */
	SNE_CK_REVENU_FISCAL_2,
	SNE_CK_SITUATION_FAMILIALE,
	SNE_CK_RESSOURCES,
	SNE_CK_DEPOT_AVANT,      /* evenement/@depot-avant: a corrected dépôt */
	SNE_CK_ADR_ETRANGER,     /* the demandeur's adressePostale */
	SNE_CK_ADR_CODE_POSTAL,
	SNE_CK_ADR_COMMUNE,
	SNE_CK_NFIELDS
};

/* The field paths, indexed by enum sne_check_field. */
extern const char *const sne_check_fields[SNE_CK_NFIELDS];
/* The same with only what sne_check_regles() reads (the others NULL): for
 * a program that only checks (sne-validate --check). */
extern const char *const sne_check_rule_fields[SNE_CK_NFIELDS];

/* Receives one problem: LINE in the input, MESSAGE in French. */
typedef void (*sne_check_report)(void *ctx, long line, const char *message);

/* The content a demande needs to be registered: nom, prénom, a valid date
 * de naissance, demandeElargie (true/false), at least one type de logement
 * and one commune souhaitée, communes of one territory, a date de dépôt
 * (dateCreationDemande, when given) valid and not after TODAY.  Reports
 * every problem; returns their number. */
size_t sne_check_contenu(const struct sne_record *rec, struct sne_date today,
                         sne_check_report report, void *ctx);
/* Same checks, stopping at the first: returns 0, or -1 with the French
 * reason in WHY. */
int sne_check_contenu_first(const struct sne_record *rec, struct sne_date today, char *why,
                            size_t why_size);
/* Territory of the communes souhaitées into TERRITOIRE.  0, or -1 with WHY. */
int sne_check_territoire(const struct sne_record *rec, char territoire[SNE_TERRITOIRE_SIZE],
                         char *why, size_t why_size);
/* Same, with each commune souhaitée looked up in COMMUNES: a code no
 * commune has or had is refused, naming it; a former code of a merged
 * commune counts as the current commune (74011 as 74010). */
int sne_check_territoire_connu(const struct sne_record *rec, const struct sne_communes *communes,
                               char territoire[SNE_TERRITOIRE_SIZE], char *why, size_t why_size);
/* Warnings, not errors, on the demandeur's postal address in France: a
 * commune code unknown to COMMUNES, or a postal code that is not one of
 * its commune's.  Messages start with "avertissement : ".  Returns their
 * number. */
size_t sne_check_adresse(const struct sne_record *rec, const struct sne_communes *communes,
                         sne_check_report report, void *ctx);
/* Every rule of the contract on a record of the register: the content
 * above (not for a brouillon), the état and origine known, a numéro exactly
 * for active and radiée demandes, well-formed and coherent with the
 * territory and the month and year of the date de dépôt, the dates
 * coherent (dépôt, modification, renouvellement, radiation, invalidation,
 * avertissement), codes from the interface lists; RADIRR with its
 * sous-motif IRRSEJ or IRRRES (and no other motif with one); a RADIRR or
 * RADCON radiation after the échéance of a sent avertissement, itself at
 * least one month (the legal floor) after the sending; an avertissement
 * only on an active demande.  Returns the number of problems. */
size_t sne_check_regles(const struct sne_record *rec, struct sne_date today,
                        sne_check_report report, void *ctx);
/* What a commission d'attribution needs of an active demande and the
 * interface carries: the demandeur's revenu fiscal de référence
 * (revenuFiscal/montantMoins1 or montantMoins2), the composition of the
 * household (situationFamiliale) and the ressources (listeRessourceRecue,
 * even empty: declared without any).  Not part of sne_check_regles(): a
 * demande is registered without them.  Reports each one missing; returns
 * their number. */
size_t sne_check_attribution(const struct sne_record *rec, sne_check_report report, void *ctx);
/* Date of the last evenement of TYPE in the historique into *DATE: 0, or
 * -1 when there is none. */
int sne_check_last_evenement(const struct sne_record *rec, const char *type,
                             struct sne_date *date);
/* Whether TEXT, trimmed, equals ADDRESS, trimmed, ignoring ASCII case. */
int sne_check_same_courriel(const char *text, const char *address);

/* An XSD compiled once for a run. */
struct sne_schema;

/* Compiles the schema at PATH (network off).  NULL with WHY on failure.
 * Free with sne_schema_free(). */
struct sne_schema *sne_schema_load(const char *path, char *why, size_t why_size);
void sne_schema_free(struct sne_schema *schema);
/* Validates the record (its bytes, with the namespaces in scope) against
 * the schema; reports each error with its line in the input and the
 * element or attribute name, never the value.  Returns the number of
 * errors. */
size_t sne_schema_check(struct sne_schema *schema, const struct sne_record *rec,
                        sne_check_report report, void *ctx);
/* Makes the stream of SPEC validate its records against the schema in its
 * own pass (no second parse, no tree); sne_schema_check() then reports the
 * errors the stream met in the record, with the same messages and lines. */
void sne_schema_stream(struct sne_schema *schema, struct sne_stream_spec *spec);

#endif
