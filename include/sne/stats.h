/* Volumes and Suivi Qualité indicators of a register (sne-stats), counted
 * in one pass from the history and the suivi of each demande: no second
 * source of truth.
 *
 * Every measure has a short code, a French label and a kind:
 *   - a volume counts the evenements (historique) and envois (suivi/envoi)
 *     dated in a month, through the table of event types of stats.c;
 *   - a stock counts the demandes in an état (and the active ones by
 *     ancienneté) on the last day of a month, the état on that day being
 *     the current one unless an evenement that changes the état is dated
 *     after it (then the état that evenement left before it);
 *   - an indicator counts the demandes that fall into a Suivi Qualité
 *     indicator on the last day of a month (or, for a monthly one, through
 *     an evenement of the month); DOUBLON and CONTROLE only on the last day
 *     of the period.
 * Each month of the period is counted, plus the month before it (the
 * alerts compare with it).
 *
 * Memory: one row per (territory, code guichet) met, each of
 * (months + 1) × SNE_STATS_NMESURES counters, plus the doublon index
 * (sne/doublon.h, 32 bytes a demande) when DOUBLON is asked; counted in
 * parts, 16 bytes more a demande until the parts are joined. */
#ifndef SNE_STATS_H
#define SNE_STATS_H

#include <stddef.h>
#include <stdint.h>

#include "sne/check.h"
#include "sne/date.h"
#include "sne/guichet.h"
#include "sne/numero.h"
#include "sne/stream.h"
#include "sne/territoire.h"

/* The measures, in the order of the tables.  X(id, code, label, kind) */
#define SNE_STATS_MESURES(X)                                                                  \
	X(V_CREATION_GUICHET, "creation-guichet", "Créations au guichet", VOLUME)              \
	X(V_CREATION_PGP, "creation-pgp", "Créations sur le portail (PGP)", VOLUME)            \
	X(V_VALIDATION, "validation", "Validations PGP", VOLUME)                               \
	X(V_INVALIDATION, "invalidation", "Invalidations PGP", VOLUME)                         \
	X(V_REN_GUICHET, "renouvellement-guichet", "Renouvellements au guichet", VOLUME)       \
	X(V_REN_PGP, "renouvellement-pgp", "Renouvellements en ligne", VOLUME)                 \
	X(V_MODIFICATION, "modification", "Modifications", VOLUME)                             \
	X(V_RAD_ATT, "radiation-RADATT", "Radiations : attribution (RADATT)", VOLUME)          \
	X(V_RAD_ABA, "radiation-RADABA", "Radiations : abandon (RADABA)", VOLUME)              \
	X(V_RAD_IRR_SEJ, "radiation-RADIRR-IRRSEJ", "Radiations : irrecevabilité, séjour (RADIRR IRRSEJ)", VOLUME) \
	X(V_RAD_IRR_RES, "radiation-RADIRR-IRRRES", "Radiations : irrecevabilité, ressources (RADIRR IRRRES)", VOLUME) \
	X(V_RAD_IRR, "radiation-RADIRR", "Radiations : irrecevabilité sans sous-motif (RADIRR)", VOLUME) \
	X(V_RAD_CON, "radiation-RADCON", "Radiations : injoignable (RADCON)", VOLUME)          \
	X(V_RAD_REN, "radiation-RADREN", "Radiations : non-renouvellement (RADREN)", VOLUME)   \
	X(V_RAD_FUSION, "radiation-fusion", "Radiations : fusion de doublons", VOLUME)         \
	X(V_RAD_AUTRE, "radiation-autre", "Radiations : autre motif", VOLUME)                  \
	X(V_REACTIVATION, "reactivation", "Réactivations", VOLUME)                             \
	X(V_FUSION, "fusion", "Fusions (demande gardée)", VOLUME)                              \
	X(V_AVERTISSEMENT, "avertissement", "Avertissements avant radiation", VOLUME)          \
	X(V_AUTRE, "evenement-autre", "Autres événements", VOLUME)                             \
	X(V_PREAVIS_SMS, "preavis-sms", "Préavis envoyés par SMS", VOLUME)                     \
	X(V_PREAVIS_COURRIEL, "preavis-courriel", "Préavis envoyés par courriel", VOLUME)      \
	X(V_PREAVIS_COURRIER, "preavis-courrier", "Préavis envoyés par courrier", VOLUME)      \
	X(V_ATTESTATION_COURRIEL, "attestation-courriel", "Attestations envoyées par courriel", VOLUME) \
	X(V_ATTESTATION_COURRIER, "attestation-courrier", "Attestations envoyées par courrier", VOLUME) \
	X(S_BROUILLON, "stock-brouillon", "Stock : brouillons", STOCK)                         \
	X(S_ATTENTE, "stock-en-attente-validation", "Stock : en attente de validation", STOCK)  \
	X(S_ACTIVE, "stock-active", "Stock : actives", STOCK)                                  \
	X(S_INVALIDEE, "stock-invalidee", "Stock : invalidées", STOCK)                         \
	X(S_RADIEE, "stock-radiee", "Stock : radiées", STOCK)                                  \
	X(S_ANC_0_1, "anciennete-0-1", "Actives de moins d'un an", STOCK)                      \
	X(S_ANC_1_2, "anciennete-1-2", "Actives de 1 à 2 ans", STOCK)                          \
	X(S_ANC_2_3, "anciennete-2-3", "Actives de 2 à 3 ans", STOCK)                          \
	X(S_ANC_3, "anciennete-3-plus", "Actives de 3 ans et plus", STOCK)                     \
	X(I_ATTENTE, "ATTENTE", "Demandes PGP en attente de validation depuis plus d'un mois", INDICATEUR) \
	X(I_CONTACT, "CONTACT", "Demandes actives sans moyen de contact valide", INDICATEUR)   \
	X(I_ATTESTATION, "ATTESTATION", "Attestations dues et non envoyées dans le mois", INDICATEUR) \
	X(I_INCOMPLET, "INCOMPLET", "Demandes actives incomplètes pour une attribution", INDICATEUR) \
	X(I_RPLS_ABSENT, "RPLS-ABSENT", "Attributions sans numéro RPLS", INDICATEUR)           \
	X(I_RPLS_INCONNU, "RPLS-INCONNU", "Attributions à un numéro RPLS inconnu du référentiel", INDICATEUR) \
	X(I_DOUBLON, "DOUBLON", "Doublons présumés (même identité dans le territoire)", INDICATEUR) \
	X(I_REACTIVATION, "REACTIVATION", "Renouvellements après radiation RADREN (réactivations)", INDICATEUR) \
	X(I_CONTROLE, "CONTROLE", "Demandes en erreur au contrôle (sne-validate --check)", INDICATEUR)

#define SNE_STATS_ENUM(id, code, label, kind) SNE_STATS_##id,
enum sne_stats_mesure { SNE_STATS_MESURES(SNE_STATS_ENUM) SNE_STATS_NMESURES };
#undef SNE_STATS_ENUM

enum sne_stats_kind { SNE_STATS_VOLUME, SNE_STATS_STOCK, SNE_STATS_INDICATEUR };

struct sne_stats_mesure_def {
	const char *code;
	const char *libelle;
	enum sne_stats_kind kind;
};
/* Indexed by enum sne_stats_mesure. */
extern const struct sne_stats_mesure_def sne_stats_mesures[SNE_STATS_NMESURES];
/* The measure of CODE (exact), or -1. */
int sne_stats_mesure_of(const char *code);
/* Whether M is an indicator counted on the last day of the period only. */
int sne_stats_fin_seulement(enum sne_stats_mesure m);

/* How demandes are grouped into rows. */
enum sne_stats_par {
	SNE_STATS_PAR_GUICHET,      /* the numéro's code guichet (GDPUB without numéro) */
	SNE_STATS_PAR_MODIFICATION, /* the guichet of the last modification */
	SNE_STATS_PAR_TERRITOIRE    /* one row per territory */
};

/* Most months in a period. */
#define SNE_STATS_MOIS_MAX 120

/* The record fields sne-stats reads: sne_check_fields first (the SNE_CK_*
 * indexes), then its own. */
enum sne_stats_field {
	SNE_ST_MOD_GUICHET = SNE_CK_NFIELDS,
	SNE_ST_EVT_GUICHET,
	SNE_ST_EVT_MOTIF,
	SNE_ST_EVT_SOUS_MOTIF,
	SNE_ST_EVT_CANAL,
	SNE_ST_EVT_MOTIF_RADIATION,
	SNE_ST_ENVOI_TYPE,
	SNE_ST_ENVOI_DATE,
	SNE_ST_ENVOI_CANAUX,
	SNE_ST_RADIATION_RPLS,
	SNE_ST_RADIATION_LOGEMENT,
	SNE_ST_RADIATION_LOGEMENT_TYPE,
	SNE_ST_MOBILE,
	SNE_ST_ETRANGER,
	SNE_ST_CODE_POSTAL,
	SNE_ST_VOIE,
	SNE_ST_LIEU_DIT,
	SNE_ST_NFIELDS
};
/* The paths, indexed by enum sne_stats_field (a static table), for the
 * indicators INDICATEURS (bits as in sne_stats_options): without CONTROLE,
 * only what the counts read (the others NULL, not matched). */
const char *const *sne_stats_fields(unsigned indicateurs);

struct sne_stats_options {
	struct sne_date du, au;       /* the period, whole months */
	struct sne_date today;        /* the run's date, for the --check rules */
	enum sne_stats_par par;
	unsigned indicateurs;         /* bit (1u << (m - SNE_STATS_I_ATTENTE)) per indicator asked */
	const char *guichet;          /* only this code guichet, or NULL */
	const char *territoire;       /* only this territory, or NULL */
	struct sne_schema *schema;    /* for CONTROLE, or NULL: rules only */
	/* counts a part of the register, for sne_stats_join(): keeps the
	 * row of the first demande of each identity (16 bytes a demande) */
	int partie;
};

/* The row a demande counts in. */
struct sne_stats_cle {
	char territoire[SNE_TERRITOIRE_SIZE]; /* "" when unknown */
	char guichet[SNE_GUICHET_SIZE];       /* "" per territory */
};

/* Why a demande falls into an indicator, for --extraire --format tsv: up to
 * four (field, value) pairs, borrowed from the record or the stats. */
struct sne_stats_motif {
	int n;
	const char *champ[4];
	char valeur[4][256]; /* cut at a character's start when longer */
};

struct sne_stats;

/* A new, empty count for OPTIONS (copied; the schema is borrowed).  Free
 * with sne_stats_free(). */
struct sne_stats *sne_stats_new(const struct sne_stats_options *options);
void sne_stats_free(struct sne_stats *stats);
/* Counts one demande record (read with sne_stats_fields).  When
 * EXTRAIRE >= 0 (an indicator), returns 1 and fills *WHY when the record
 * falls into it on the last day of the period and passes the guichet
 * filter, else 0. */
int sne_stats_add(struct sne_stats *stats, const struct sne_record *record, int extraire,
                  struct sne_stats_motif *why);
/* Adds the counts of PART, made with the same options and partie set over
 * the next part of the register (sne_stream_split), into INTO: the rows,
 * and the doublons across the parts (a demande first of its identity in
 * PART is a doublon of INTO's when INTO has the identity).  Before
 * sne_stats_finish(INTO); PART gives INTO its doublon index: free it
 * after. */
void sne_stats_join(struct sne_stats *into, struct sne_stats *part);
/* Number of months of the period (the month before is index 0, the
 * period's months 1..n). */
int sne_stats_nmois(const struct sne_stats *stats);
/* First day of month INDEX (0 = the month before the period). */
struct sne_date sne_stats_mois(const struct sne_stats *stats, int index);
/* Rows, sorted by territory then guichet; with PAR_TERRITOIRE one per
 * territory.  The key of row ROW: borrowed. */
size_t sne_stats_nlignes(const struct sne_stats *stats);
const struct sne_stats_cle *sne_stats_cle(const struct sne_stats *stats, size_t row);
/* Counter of measure M, month INDEX, row ROW; ROW == nlignes gives the
 * national total. */
uint64_t sne_stats_valeur(const struct sne_stats *stats, size_t row, int index,
                          enum sne_stats_mesure m);
/* The average of M over the rows of territory TERRITOIRE, month INDEX. */
double sne_stats_moyenne_territoire(const struct sne_stats *stats, const char *territoire,
                                    int index, enum sne_stats_mesure m);
/* REACTIVATION as a share of the month's renewals (at a guichet and
 * online) of row ROW, month INDEX, from 0 to 1; -1 without renewals. */
double sne_stats_part_reactivation(const struct sne_stats *stats, size_t row, int index);
/* Whether measure M was counted (indicator asked; volumes and stocks
 * always). */
int sne_stats_mesure_active(const struct sne_stats *stats, enum sne_stats_mesure m);
/* Number of demandes read. */
uint64_t sne_stats_demandes(const struct sne_stats *stats);
/* Sorts the rows (call once after the last sne_stats_add). */
void sne_stats_finish(struct sne_stats *stats);

#endif
