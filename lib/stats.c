/* Volumes and Suivi Qualité indicators of a register: the table of event
 * types, the état of a demande on a day, and the rows of counters. */
#include "sne/stats.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sne/contact.h"
#include "sne/demande.h"
#include "sne/copy.h"
#include "sne/doublon.h"
#include "sne/err.h"
#include "sne/identite.h"
#include "sne/preavis.h"
#include "sne/rpls.h"

#define DEF(id, code, label, kind) [SNE_STATS_##id] = { code, label, SNE_STATS_##kind },
const struct sne_stats_mesure_def sne_stats_mesures[SNE_STATS_NMESURES] = {
	SNE_STATS_MESURES(DEF)
};
#undef DEF

#define EVT SNE_F_SUIVI "/s:historique/s:evenement/"
#define ENVOI SNE_F_SUIVI "/s:envoi/"
#define RADIATION SNE_F_SUIVI "/s:radiation/"

static const char *fields[SNE_ST_NFIELDS] = {
	[SNE_ST_MOD_GUICHET] = SNE_F_SUIVI "/s:modification/@guichet",
	[SNE_ST_EVT_GUICHET] = EVT "@guichet",
	[SNE_ST_EVT_MOTIF] = EVT "@motif",
	[SNE_ST_EVT_SOUS_MOTIF] = EVT "@sous-motif",
	[SNE_ST_EVT_CANAL] = EVT "@canal",
	[SNE_ST_EVT_MOTIF_RADIATION] = EVT "@motif-radiation",
	[SNE_ST_ENVOI_TYPE] = ENVOI "@type",
	[SNE_ST_ENVOI_DATE] = ENVOI "@date",
	[SNE_ST_ENVOI_CANAUX] = ENVOI "@canaux",
	[SNE_ST_RADIATION_RPLS] = RADIATION "s:attribution/s:logement/@rpls",
	[SNE_ST_RADIATION_LOGEMENT] = RADIATION "s:attribution/s:logement",
	[SNE_ST_RADIATION_LOGEMENT_TYPE] = RADIATION "s:attribution/s:logement/@type",
	[SNE_ST_MOBILE] = SNE_F_TEL_PORTABLE,
	[SNE_ST_ETRANGER] = SNE_F_ADRESSE_ETRANGER,
	[SNE_ST_CODE_POSTAL] = SNE_F_ADRESSE "/n:codePostal",
	[SNE_ST_VOIE] = SNE_F_ADRESSE "/n:voie",
	[SNE_ST_LIEU_DIT] = SNE_F_ADRESSE "/n:lieuDit",
};

/* The fields of sne/check.h the counts read themselves (CONTROLE reads them
 * all: its rules and the schema). */
static const int counted_check_fields[] = {
	SNE_CK_NUM_UNIQUE, SNE_CK_ETAT, SNE_CK_ORIGINE, SNE_CK_DATE_CREATION, SNE_CK_NOM,
	SNE_CK_PRENOM, SNE_CK_DATE_NAISSANCE, SNE_CK_MEL, SNE_CK_COMMUNE, SNE_CK_RADIATION_MOTIF,
	SNE_CK_RADIATION_DATE, SNE_CK_EVENEMENT_TYPE, SNE_CK_EVENEMENT_DATE, SNE_CK_REVENU_FISCAL,
	SNE_CK_REVENU_FISCAL_2, SNE_CK_SITUATION_FAMILIALE, SNE_CK_RESSOURCES,
};

const char *const *sne_stats_fields(unsigned indicateurs)
{
	int controle = (indicateurs & (1u << (SNE_STATS_I_CONTROLE - SNE_STATS_I_ATTENTE))) != 0;

	for (size_t i = 0; i < SNE_CK_NFIELDS; i++)
		fields[i] = controle ? sne_check_fields[i] : NULL;
	for (size_t i = 0; !controle && i < sizeof counted_check_fields / sizeof counted_check_fields[0]; i++)
		fields[counted_check_fields[i]] = sne_check_fields[counted_check_fields[i]];
	return fields;
}

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);

	if (p == NULL)
		abort();
	return p;
}

static void *xrealloc(void *old, size_t size)
{
	void *p = realloc(old, size);

	if (p == NULL)
		abort();
	return p;
}

/* ------------------------------------------------------------------ */
/* the table of event types */

enum condition { ANY, EN_LIGNE, ORIGINE_PGP };
enum attestation { NO_ATTESTATION, ENREGISTREMENT, RENOUVELLEMENT };
#define NO_MEASURE (-1)

/* What an evenement of historique counts for: the first rule whose type,
 * motif, sous-motif (NULL: any) and condition match.  ETAT is the état
 * the evenement leaves the demande in (NULL: unchanged). */
struct event_rule {
	const char *type, *motif, *sous_motif;
	enum condition condition;
	int mesure;
	const char *etat;
	enum attestation attestation;
};

static const struct event_rule event_rules[] = {
	{ "creation", NULL, NULL, ORIGINE_PGP, SNE_STATS_V_CREATION_PGP, "brouillon", NO_ATTESTATION },
	{ "creation", NULL, NULL, ANY, SNE_STATS_V_CREATION_GUICHET, "active", ENREGISTREMENT },
	{ "soumission", NULL, NULL, ANY, NO_MEASURE, "en-attente-validation", NO_ATTESTATION },
	{ "validation", NULL, NULL, ANY, SNE_STATS_V_VALIDATION, "active", ENREGISTREMENT },
	{ "invalidation", NULL, NULL, ANY, SNE_STATS_V_INVALIDATION, "invalidee", NO_ATTESTATION },
	{ "renouvellement", NULL, NULL, EN_LIGNE, SNE_STATS_V_REN_PGP, NULL, RENOUVELLEMENT },
	{ "renouvellement", NULL, NULL, ANY, SNE_STATS_V_REN_GUICHET, NULL, RENOUVELLEMENT },
	{ "modification", NULL, NULL, ANY, SNE_STATS_V_MODIFICATION, NULL, NO_ATTESTATION },
	{ "radiation", "RADATT", NULL, ANY, SNE_STATS_V_RAD_ATT, "radiee", NO_ATTESTATION },
	{ "radiation", "RADABA", NULL, ANY, SNE_STATS_V_RAD_ABA, "radiee", NO_ATTESTATION },
	{ "radiation", "RADIRR", "IRRSEJ", ANY, SNE_STATS_V_RAD_IRR_SEJ, "radiee", NO_ATTESTATION },
	{ "radiation", "RADIRR", "IRRRES", ANY, SNE_STATS_V_RAD_IRR_RES, "radiee", NO_ATTESTATION },
	{ "radiation", "RADIRR", NULL, ANY, SNE_STATS_V_RAD_IRR, "radiee", NO_ATTESTATION },
	{ "radiation", "RADCON", NULL, ANY, SNE_STATS_V_RAD_CON, "radiee", NO_ATTESTATION },
	{ "radiation", "RADREN", NULL, ANY, SNE_STATS_V_RAD_REN, "radiee", NO_ATTESTATION },
	{ "radiation", "fusion", NULL, ANY, SNE_STATS_V_RAD_FUSION, "radiee", NO_ATTESTATION },
	{ "radiation", NULL, NULL, ANY, SNE_STATS_V_RAD_AUTRE, "radiee", NO_ATTESTATION },
	{ "reactivation", NULL, NULL, ANY, SNE_STATS_V_REACTIVATION, "active", NO_ATTESTATION },
	{ "fusion", NULL, NULL, ANY, SNE_STATS_V_FUSION, NULL, NO_ATTESTATION },
	{ "avertissement", NULL, NULL, ANY, SNE_STATS_V_AVERTISSEMENT, NULL, NO_ATTESTATION },
	{ "envoi", NULL, NULL, ANY, NO_MEASURE, NULL, NO_ATTESTATION }, /* counted from suivi/envoi */
	{ NULL, NULL, NULL, ANY, SNE_STATS_V_AUTRE, NULL, NO_ATTESTATION },
};

/* What an envoi of suivi counts for, by the start of its type, per canal. */
static const struct {
	const char *type_prefix;
	const char *canal;
	int mesure;
} envoi_rules[] = {
	{ "preavis-", "sms", SNE_STATS_V_PREAVIS_SMS },
	{ "preavis-", "courriel", SNE_STATS_V_PREAVIS_COURRIEL },
	{ "preavis-", "courrier", SNE_STATS_V_PREAVIS_COURRIER },
	{ "attestation-", "courriel", SNE_STATS_V_ATTESTATION_COURRIEL },
	{ "attestation-", "courrier", SNE_STATS_V_ATTESTATION_COURRIER },
};

/* ------------------------------------------------------------------ */
/* the counters */

struct row {
	struct sne_stats_cle cle;
	uint64_t *counts; /* (nmois + 1) × SNE_STATS_NMESURES */
};

struct demande;

struct sne_stats {
	struct sne_stats_options opt;
	int nmois;
	struct sne_date debut[SNE_STATS_MOIS_MAX + 1]; /* first day of each month */
	struct sne_date fin[SNE_STATS_MOIS_MAX + 1];   /* last day */
	struct sne_index *by_key;
	struct row *rows;
	size_t nrows, cap;
	uint64_t *total;
	struct sne_doublon *doublons;
	struct sne_doublon **joined; /* the indexes of the parts joined after the first */
	size_t njoined;
	/* with opt.partie: the first demande of each identity, and its row */
	struct premiere {
		uint64_t key;
		size_t row;
	} *premieres;
	size_t npremieres, premieres_cap;
	uint64_t demandes;
	struct demande *demande; /* the record being counted (a few kilobytes, reused) */
};

int sne_stats_mesure_of(const char *code)
{
	for (int m = 0; m < SNE_STATS_NMESURES; m++)
		if (strcmp(sne_stats_mesures[m].code, code) == 0)
			return m;
	return -1;
}

int sne_stats_fin_seulement(enum sne_stats_mesure m)
{
	return m == SNE_STATS_I_DOUBLON || m == SNE_STATS_I_CONTROLE;
}

static unsigned indicator_bit(int m)
{
	return 1u << (m - SNE_STATS_I_ATTENTE);
}

int sne_stats_mesure_active(const struct sne_stats *s, enum sne_stats_mesure m)
{
	return sne_stats_mesures[m].kind != SNE_STATS_INDICATEUR ||
	       (s->opt.indicateurs & indicator_bit(m)) != 0;
}

static struct sne_date first_of_month(struct sne_date d)
{
	d.day = 1;
	return d;
}

struct sne_stats *sne_stats_new(const struct sne_stats_options *options)
{
	struct sne_stats *s = xcalloc(1, sizeof *s);
	struct sne_date month = sne_date_add_months(first_of_month(options->du), -1);
	struct sne_date last = first_of_month(options->au);

	s->opt = *options;
	for (s->nmois = -1; s->nmois < SNE_STATS_MOIS_MAX; s->nmois++) {
		if (sne_date_cmp(month, last) > 0)
			break;
		s->debut[s->nmois + 1] = month;
		s->fin[s->nmois + 1] = sne_date_add_days(sne_date_add_months(month, 1), -1);
		month = sne_date_add_months(month, 1);
	}
	s->by_key = sne_index_new();
	if (s->opt.indicateurs & indicator_bit(SNE_STATS_I_DOUBLON))
		s->doublons = sne_doublon_new();
	return s;
}

void sne_stats_free(struct sne_stats *s)
{
	if (s == NULL)
		return;
	for (size_t i = 0; i < s->nrows; i++)
		free(s->rows[i].counts);
	free(s->rows);
	free(s->total);
	free(s->demande);
	free(s->premieres);
	sne_index_free(s->by_key);
	if (s->doublons)
		sne_doublon_free(s->doublons);
	for (size_t i = 0; i < s->njoined; i++)
		sne_doublon_free(s->joined[i]);
	free(s->joined);
	free(s);
}

static size_t counts_size(const struct sne_stats *s)
{
	return (size_t)(s->nmois + 1) * SNE_STATS_NMESURES;
}

/* The index of the row of CLE, made when new. */
static size_t row_index_of(struct sne_stats *s, const struct sne_stats_cle *cle)
{
	char key[SNE_TERRITOIRE_SIZE + SNE_GUICHET_SIZE + 1];
	void *found;

	snprintf(key, sizeof key, "%s/%s", cle->territoire, cle->guichet);
	found = sne_index_get(s->by_key, key);
	if (found != NULL)
		return (size_t)found - 1;
	if (s->nrows == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 64;
		s->rows = xrealloc(s->rows, s->cap * sizeof *s->rows);
	}
	s->rows[s->nrows].cle = *cle;
	s->rows[s->nrows].counts = xcalloc(counts_size(s), sizeof(uint64_t));
	sne_index_put(s->by_key, key, (void *)(s->nrows + 1));
	return s->nrows++;
}

/* Index of the month holding DATE (0 = the month before the period), or -1. */
static int month_index(const struct sne_stats *s, struct sne_date date)
{
	int i;

	if (sne_date_cmp(date, s->debut[0]) < 0 || sne_date_cmp(date, s->fin[s->nmois]) > 0)
		return -1;
	i = (date.year - s->debut[0].year) * 12 + (date.month - s->debut[0].month);
	return i >= 0 && i <= s->nmois ? i : -1;
}

/* ------------------------------------------------------------------ */
/* one demande */

#define STATE_EVENTS_MAX 64
#define ENVOIS_MAX 64
#define ATTESTED_MAX 64

struct state_event {
	struct sne_date date;
	const char *etat;
};

struct envoi {
	const char *type;
	struct sne_date date;
};

struct attested {
	struct sne_date date;
	enum attestation kind;
};

/* What the count of one record needs, read once. */
struct demande {
	const struct sne_record *rec;
	const char *etat;           /* current */
	int origine_pgp;
	char numero[SNE_NUMERO_SIZE];
	struct sne_numero num;
	int has_numero;
	int has_depot;
	struct sne_date depot;
	struct state_event states[STATE_EVENTS_MAX];
	size_t nstates;
	struct sne_date soumission[STATE_EVENTS_MAX]; /* dates it became en attente */
	size_t nsoumissions;
	struct envoi envois[ENVOIS_MAX];
	size_t nenvois;
	struct attested attested[ATTESTED_MAX];
	size_t nattested;
	int last_reactivation;      /* a reactivation after RADREN in the last month */
	struct sne_date reactivation;
};

static int is(const char *text, const char *expected)
{
	return text != NULL && strcmp(text, expected) == 0;
}

static int is_blank(const char *text)
{
	return text == NULL || text[strspn(text, " \t\r\n")] == '\0';
}

static int parse_date(const char *text, struct sne_date *out)
{
	return text != NULL && sne_date_parse_iso(text, out, NULL, 0) == 0;
}

static const struct event_rule *rule_of(const char *type, const char *motif,
                                        const char *sous_motif, int en_ligne, int origine_pgp)
{
	const struct event_rule *r = event_rules;

	for (; r->type != NULL; r++) {
		if (!is(type, r->type) || (r->motif && !is(motif, r->motif)) ||
		    (r->sous_motif && !is(sous_motif, r->sous_motif)))
			continue;
		if ((r->condition == EN_LIGNE && !en_ligne) ||
		    (r->condition == ORIGINE_PGP && !origine_pgp))
			continue;
		return r;
	}
	return r;
}

static void count(uint64_t *counts, int month, int mesure)
{
	if (month >= 0 && mesure >= 0)
		counts[(size_t)month * SNE_STATS_NMESURES + (size_t)mesure]++;
}

/* Keeps the latest N - 1 entries when the array is full (old ones matter
 * least: the état on a day is that of the last evenement before it). */
#define PUSH(array, n, max, value)                                        \
	do {                                                              \
		if ((n) == (max)) {                                       \
			memmove((array), (array) + 1, --(n) * sizeof *(array)); \
		}                                                         \
		(array)[(n)++] = (value);                                 \
	} while (0)

static void note_event(struct sne_stats *s, struct demande *d, uint64_t *counts,
                       const struct sne_value *type)
{
	const struct sne_record *rec = d->rec;
	struct sne_date date;
	const char *canal = sne_record_attribute_of(rec, SNE_ST_EVT_CANAL, type);
	const char *guichet = sne_record_attribute_of(rec, SNE_ST_EVT_GUICHET, type);
	const struct event_rule *r;
	int month;

	if (!parse_date(sne_record_attribute_of(rec, SNE_CK_EVENEMENT_DATE, type), &date))
		return;
	r = rule_of(type->text, sne_record_attribute_of(rec, SNE_ST_EVT_MOTIF, type),
	            sne_record_attribute_of(rec, SNE_ST_EVT_SOUS_MOTIF, type),
	            is(canal, "pgp") || is(guichet, SNE_GUICHET_PGP), d->origine_pgp);
	month = month_index(s, date);
	count(counts, month, r->mesure);
	if (r->etat != NULL)
		PUSH(d->states, d->nstates, STATE_EVENTS_MAX, ((struct state_event){ date, r->etat }));
	if (is(r->etat, "en-attente-validation"))
		PUSH(d->soumission, d->nsoumissions, STATE_EVENTS_MAX, date);
	if (r->attestation != NO_ATTESTATION)
		PUSH(d->attested, d->nattested, ATTESTED_MAX,
		     ((struct attested){ date, r->attestation }));
	if (is(type->text, "reactivation")) {
		const char *motif = sne_record_attribute_of(rec, SNE_ST_EVT_MOTIF_RADIATION, type);

		if (motif == NULL || is(motif, "RADREN")) {
			count(counts, month, SNE_STATS_I_REACTIVATION);
			if (month == s->nmois) {
				d->last_reactivation = 1;
				d->reactivation = date;
			}
		}
	}
}

static int has_canal(const char *canaux, const char *canal)
{
	size_t len = strlen(canal);

	for (const char *p = canaux; p && *p; p += strcspn(p, " ,")) {
		p += strspn(p, " ,");
		if (strncmp(p, canal, len) == 0 && (p[len] == '\0' || p[len] == ' ' || p[len] == ','))
			return 1;
	}
	return 0;
}

static void note_envois(struct sne_stats *s, struct demande *d, uint64_t *counts)
{
	const struct sne_value *type;

	for (size_t i = 0; (type = sne_record_value(d->rec, SNE_ST_ENVOI_TYPE, i)) != NULL; i++) {
		const char *canaux = sne_record_attribute_of(d->rec, SNE_ST_ENVOI_CANAUX, type);
		struct sne_date date;
		int month;

		if (!parse_date(sne_record_attribute_of(d->rec, SNE_ST_ENVOI_DATE, type), &date))
			continue;
		PUSH(d->envois, d->nenvois, ENVOIS_MAX, ((struct envoi){ type->text, date }));
		month = month_index(s, date);
		for (size_t r = 0; r < sizeof envoi_rules / sizeof envoi_rules[0]; r++)
			if (strncmp(type->text, envoi_rules[r].type_prefix,
			            strlen(envoi_rules[r].type_prefix)) == 0 &&
			    has_canal(canaux, envoi_rules[r].canal))
				count(counts, month, envoi_rules[r].mesure);
	}
}

/* The état of the demande on DAY: the current one unless an evenement that
 * changes it is dated after DAY; then the one left by the last such
 * evenement on or before DAY; NULL when there is none (not yet there). */
static const char *etat_on(const struct demande *d, struct sne_date day)
{
	const char *etat = NULL;
	int later = 0;

	for (size_t i = 0; i < d->nstates; i++) {
		if (sne_date_cmp(d->states[i].date, day) > 0)
			later = 1;
		else
			etat = d->states[i].etat;
	}
	if (!later)
		return d->nstates == 0 && d->has_depot && sne_date_cmp(d->depot, day) > 0 ? NULL
		                                                                          : d->etat;
	return etat;
}

static int stock_of(const char *etat)
{
	static const char *const etats[] = { "brouillon", "en-attente-validation", "active",
		                             "invalidee", "radiee" };

	for (int i = 0; i < 5; i++)
		if (is(etat, etats[i]))
			return SNE_STATS_S_BROUILLON + i;
	return NO_MEASURE;
}

static int anciennete_of(const struct demande *d, struct sne_date day)
{
	if (!d->has_depot)
		return NO_MEASURE;
	for (int years = 1; years <= 3; years++)
		if (sne_date_cmp(sne_date_add_years(d->depot, years), day) > 0)
			return SNE_STATS_S_ANC_0_1 + years - 1;
	return SNE_STATS_S_ANC_3;
}

/* The last day it became en attente, on or before DAY (the dépôt when no
 * evenement says). */
static int attente_since(const struct demande *d, struct sne_date day, struct sne_date *since)
{
	int found = 0;

	for (size_t i = 0; i < d->nsoumissions; i++)
		if (sne_date_cmp(d->soumission[i], day) <= 0) {
			*since = d->soumission[i];
			found = 1;
		}
	if (!found && d->has_depot) {
		*since = d->depot;
		found = 1;
	}
	return found;
}

static int attente_depassee(const struct demande *d, struct sne_date day, struct sne_date *since)
{
	return is(etat_on(d, day), "en-attente-validation") && attente_since(d, day, since) &&
	       sne_date_cmp(sne_date_add_months(*since, 1), day) < 0;
}

static int is_abroad(const struct sne_record *rec)
{
	const char *etranger = sne_record_get(rec, SNE_ST_ETRANGER);

	return is(etranger, "true") || is(etranger, "1");
}

/* A postal address a letter can be laid out for, as sne/adresse.h says:
 * a postal code (in France) and a street or a lieu-dit. */
static int has_address(const struct sne_record *rec)
{
	const char *cp = sne_record_get(rec, SNE_ST_CODE_POSTAL);

	if (cp == NULL || strlen(cp) != 5 || strspn(cp, "0123456789AB") != 5)
		return 0;
	return !is_blank(sne_record_get(rec, SNE_ST_VOIE)) ||
	       !is_blank(sne_record_get(rec, SNE_ST_LIEU_DIT));
}

static enum sne_contact_etat contact_state(const char *text, int valid)
{
	return text == NULL ? SNE_CONTACT_ABSENT : valid ? SNE_CONTACT_VALIDE : SNE_CONTACT_INVALIDE;
}

/* No channel at all reaches the household, by sne-notice's rule
 * (sne_preavis_injoignable: no SMS abroad, no letter abroad or without an
 * address, no valid e-mail). */
static int sans_contact(const struct sne_record *rec)
{
	char mobile[SNE_MOBILE_SIZE], mel[SNE_COURRIEL_SIZE];
	const char *m = sne_record_get(rec, SNE_ST_MOBILE);
	const char *e = sne_record_get(rec, SNE_CK_MEL);
	struct sne_preavis_faits faits = { 0 };

	faits.etranger = is_abroad(rec);
	faits.adresse = has_address(rec);
	faits.mobile = contact_state(m, m != NULL && sne_contact_mobile(m, mobile, sizeof mobile));
	faits.courriel = contact_state(e, e != NULL && sne_contact_courriel(e, mel, sizeof mel));
	return sne_preavis_injoignable(&faits);
}

/* VALUE into the motif's next slot, cut before a UTF-8 character that
 * would not fit. */
static void add_why(struct sne_stats_motif *why, const char *champ, const char *value)
{
	size_t size = sizeof why->valeur[0], len = strlen(value);

	if (why->n >= 4)
		return;
	if (len >= size)
		for (len = size - 1; len > 0 && ((unsigned char)value[len] & 0xC0) == 0x80; len--)
			;
	why->champ[why->n] = champ;
	memcpy(why->valeur[why->n], value, len);
	why->valeur[why->n][len] = '\0';
	why->n++;
}

static void ignore_problem(void *ctx, long line, const char *message)
{
	(void)ctx, (void)line, (void)message;
}

/* The first problem only, into the motif. */
static void keep_problem(void *ctx, long line, const char *message)
{
	struct sne_stats_motif *why = ctx;

	(void)line;
	if (why != NULL)
		add_why(why, "controle", message);
}

static size_t incomplete(const struct sne_record *rec, struct sne_stats_motif *why)
{
	return sne_check_attribution(rec, why ? keep_problem : ignore_problem, why);
}

/* Whether the attestation of the evenement A was not sent within its month
 * (an envoi of its type dated from the evenement to its deadline). */
static int attestation_missing(const struct demande *d, const struct attested *a,
                               struct sne_date deadline)
{
	const char *type = a->kind == ENREGISTREMENT ? SNE_TYPE_ATTESTATION_ENREGISTREMENT
	                                             : SNE_TYPE_ATTESTATION_RENOUVELLEMENT;

	for (size_t i = 0; i < d->nenvois; i++)
		if (is(d->envois[i].type, type) && sne_date_cmp(d->envois[i].date, a->date) >= 0 &&
		    sne_date_cmp(d->envois[i].date, deadline) <= 0)
			return 0;
	return 1;
}

static const struct sne_date attestation_debut = {
	SNE_ATTESTATION_DEBUT_ANNEE, SNE_ATTESTATION_DEBUT_MOIS, SNE_ATTESTATION_DEBUT_JOUR
};

/* Attestations whose month ended in a month of the period without an envoi,
 * the demande still active then; the latest of the last month into *LAST. */
static int count_attestations(struct sne_stats *s, struct demande *d, uint64_t *counts,
                              struct sne_date *last)
{
	int in_last = 0;

	for (size_t i = 0; i < d->nattested; i++) {
		struct sne_date deadline = sne_date_add_months(d->attested[i].date, 1);
		int month = month_index(s, deadline);

		if (month < 0 || sne_date_cmp(d->attested[i].date, attestation_debut) < 0 ||
		    !is(etat_on(d, deadline), "active") ||
		    !attestation_missing(d, &d->attested[i], deadline))
			continue;
		count(counts, month, SNE_STATS_I_ATTESTATION);
		if (month == s->nmois) {
			in_last = 1;
			*last = d->attested[i].date;
		}
	}
	return in_last;
}

static int wanted(const struct sne_stats *s, int m)
{
	return (s->opt.indicateurs & indicator_bit(m)) != 0;
}

static void set_why(struct sne_stats_motif *why, const char *champ, const char *value)
{
	if (why != NULL)
		add_why(why, champ, value ? value : "");
}

static void set_why_date(struct sne_stats_motif *why, const char *champ, struct sne_date date)
{
	char iso[SNE_DATE_ISO_SIZE];

	sne_date_format(date, iso);
	set_why(why, champ, iso);
}

/* Stocks and the indicators of a day, for every month end; returns whether
 * the demande falls into EXTRAIRE on the last one. */
static int count_month_ends(struct sne_stats *s, struct demande *d, uint64_t *counts,
                            int extraire, struct sne_stats_motif *why)
{
	int incomplete_known = 0, is_incomplete = 0, contact_known = 0, no_contact = 0, hit = 0;

	for (int i = 0; i <= s->nmois; i++) {
		struct sne_date day = s->fin[i], since;
		const char *etat = etat_on(d, day);
		int active = is(etat, "active"), last = i == s->nmois;

		count(counts, i, stock_of(etat));
		if (active)
			count(counts, i, anciennete_of(d, day));
		if (wanted(s, SNE_STATS_I_ATTENTE) && attente_depassee(d, day, &since)) {
			count(counts, i, SNE_STATS_I_ATTENTE);
			if (last && extraire == SNE_STATS_I_ATTENTE) {
				hit = 1;
				set_why(why, "etat", etat);
				set_why_date(why, "en-attente-depuis", since);
			}
		}
		if (active && wanted(s, SNE_STATS_I_CONTACT)) {
			if (!contact_known)
				no_contact = sans_contact(d->rec), contact_known = 1;
			count(counts, i, no_contact ? SNE_STATS_I_CONTACT : NO_MEASURE);
			if (last && no_contact && extraire == SNE_STATS_I_CONTACT) {
				hit = 1;
				set_why(why, "telPortable", sne_record_get(d->rec, SNE_ST_MOBILE));
				set_why(why, "mel", sne_record_get(d->rec, SNE_CK_MEL));
				set_why(why, "codePostal", sne_record_get(d->rec, SNE_ST_CODE_POSTAL));
			}
		}
		if (active && wanted(s, SNE_STATS_I_INCOMPLET)) {
			if (!incomplete_known)
				is_incomplete = incomplete(d->rec, NULL) > 0, incomplete_known = 1;
			count(counts, i, is_incomplete ? SNE_STATS_I_INCOMPLET : NO_MEASURE);
			if (last && is_incomplete && extraire == SNE_STATS_I_INCOMPLET) {
				hit = 1;
				incomplete(d->rec, why);
			}
		}
	}
	return hit;
}

/* Attributions of the period without an RPLS number, or with a dwelling
 * unknown to the reference (its fields typed instead). */
static int count_attribution(struct sne_stats *s, struct demande *d, uint64_t *counts,
                             int extraire, struct sne_stats_motif *why)
{
	const char *rpls = sne_record_get(d->rec, SNE_ST_RADIATION_RPLS);
	struct sne_date date;
	int month, absent, inconnu;

	if (!is(sne_record_get(d->rec, SNE_CK_RADIATION_MOTIF), "RADATT") ||
	    !parse_date(sne_record_get(d->rec, SNE_CK_RADIATION_DATE), &date))
		return 0;
	month = month_index(s, date);
	absent = is_blank(rpls);
	inconnu = !absent && sne_record_count(d->rec, SNE_ST_RADIATION_LOGEMENT_TYPE) > 0;
	if (absent && wanted(s, SNE_STATS_I_RPLS_ABSENT))
		count(counts, month, SNE_STATS_I_RPLS_ABSENT);
	if (inconnu && wanted(s, SNE_STATS_I_RPLS_INCONNU))
		count(counts, month, SNE_STATS_I_RPLS_INCONNU);
	if (month != s->nmois || !((absent && extraire == SNE_STATS_I_RPLS_ABSENT) ||
	                           (inconnu && extraire == SNE_STATS_I_RPLS_INCONNU)))
		return 0;
	set_why(why, "radiation", sne_record_get(d->rec, SNE_CK_RADIATION_DATE));
	set_why(why, "rpls", rpls);
	return 1;
}

static int count_doublon(struct sne_stats *s, struct demande *d, const char *territoire,
                         size_t row, int extraire, struct sne_stats_motif *why)
{
	const char *etat = etat_on(d, s->fin[s->nmois]);
	const struct sne_doublon_entry *first;
	uint64_t key;

	if (s->doublons == NULL || (!is(etat, "active") && !is(etat, "en-attente-validation")))
		return 0;
	key = sne_identite_key(sne_record_get(d->rec, SNE_CK_NOM),
	                       sne_record_get(d->rec, SNE_CK_PRENOM),
	                       sne_record_get(d->rec, SNE_CK_DATE_NAISSANCE), territoire);
	first = sne_doublon_find(s->doublons, key);
	if (first == NULL) {
		sne_doublon_add(s->doublons, key, d->numero, sne_record_rank(d->rec));
		if (s->opt.partie) {
			s->premieres = sne_grow(s->premieres, s->npremieres, &s->premieres_cap,
			                        sizeof *s->premieres, 1024);
			s->premieres[s->npremieres++] = (struct premiere){ key, row };
		}
		return 0;
	}
	count(s->rows[row].counts, s->nmois, SNE_STATS_I_DOUBLON);
	if (extraire != SNE_STATS_I_DOUBLON)
		return 0;
	if (first->numero[0] != '\0')
		set_why(why, "doublon-de", first->numero);
	else {
		char rank[32];

		snprintf(rank, sizeof rank, "n°%lu", (unsigned long)first->rank);
		set_why(why, "doublon-de", rank);
	}
	return 1;
}

static int count_controle(struct sne_stats *s, struct demande *d, uint64_t *counts,
                          int extraire, struct sne_stats_motif *why)
{
	struct sne_stats_motif *keep = extraire == SNE_STATS_I_CONTROLE ? why : NULL;
	sne_check_report report = keep ? keep_problem : ignore_problem;
	size_t problems = 0;

	if (s->opt.schema != NULL)
		problems += sne_schema_check(s->opt.schema, d->rec, report, keep);
	problems += sne_check_regles(d->rec, s->opt.today, report, keep);
	if (problems == 0)
		return 0;
	count(counts, s->nmois, SNE_STATS_I_CONTROLE);
	return keep != NULL;
}

static void read_demande(struct demande *d, const struct sne_record *rec)
{
	const char *numero = sne_record_get(rec, SNE_CK_NUM_UNIQUE);

	memset(d, 0, offsetof(struct demande, states));
	d->nstates = d->nsoumissions = d->nenvois = d->nattested = 0;
	d->last_reactivation = 0;
	d->rec = rec;
	d->etat = sne_record_get(rec, SNE_CK_ETAT);
	d->origine_pgp = is(sne_record_get(rec, SNE_CK_ORIGINE), "pgp");
	if (numero != NULL && sne_numero_parse(numero, &d->num, NULL, 0) == 0) {
		d->has_numero = 1;
		sne_numero_format(&d->num, d->numero);
	}
	d->has_depot = parse_date(sne_record_get(rec, SNE_CK_DATE_CREATION), &d->depot);
}

/* The row of the demande under the grouping asked: its territory (from
 * the numéro, else the communes souhaitées) and code guichet. */
static void key_of(const struct sne_stats *s, const struct demande *d, struct sne_stats_cle *cle,
                   char guichet[SNE_GUICHET_SIZE])
{
	const char *modification = sne_record_get(d->rec, SNE_ST_MOD_GUICHET);
	char why[SNE_WHY_MAX], canonical[SNE_GUICHET_SIZE];

	memset(cle, 0, sizeof *cle);
	if (d->has_numero)
		memcpy(cle->territoire, d->num.territoire, SNE_TERRITOIRE_SIZE);
	else if (sne_check_territoire(d->rec, cle->territoire, why, sizeof why) != 0)
		cle->territoire[0] = '\0';
	snprintf(guichet, SNE_GUICHET_SIZE, "%s", d->has_numero ? d->num.guichet
	                                          : d->origine_pgp ? SNE_GUICHET_PGP : "");
	if (s->opt.par == SNE_STATS_PAR_MODIFICATION && modification != NULL &&
	    sne_guichet_parse(modification, canonical, NULL, 0) == 0)
		memcpy(guichet, canonical, SNE_GUICHET_SIZE);
	if (s->opt.par != SNE_STATS_PAR_TERRITOIRE)
		memcpy(cle->guichet, guichet, SNE_GUICHET_SIZE);
}

int sne_stats_add(struct sne_stats *s, const struct sne_record *rec, int extraire,
                  struct sne_stats_motif *why)
{
	struct demande *d = s->demande ? s->demande : (s->demande = xcalloc(1, sizeof *d));
	struct sne_stats_cle cle;
	char guichet[SNE_GUICHET_SIZE];
	const struct sne_value *type;
	uint64_t *counts;
	size_t row;
	struct sne_date attestation;
	int hit = 0;

	if (why != NULL)
		why->n = 0;
	read_demande(d, rec);
	key_of(s, d, &cle, guichet);
	if ((s->opt.guichet != NULL && strcmp(s->opt.guichet, guichet) != 0) ||
	    (s->opt.territoire != NULL && strcmp(s->opt.territoire, cle.territoire) != 0))
		return 0;
	s->demandes++;
	row = row_index_of(s, &cle);
	counts = s->rows[row].counts;
	note_envois(s, d, counts);
	for (size_t i = 0; (type = sne_record_value(rec, SNE_CK_EVENEMENT_TYPE, i)) != NULL; i++)
		note_event(s, d, counts, type);
	hit |= count_month_ends(s, d, counts, extraire, why);
	if (wanted(s, SNE_STATS_I_ATTESTATION) && count_attestations(s, d, counts, &attestation) &&
	    extraire == SNE_STATS_I_ATTESTATION) {
		hit = 1;
		set_why_date(why, "evenement", attestation);
		set_why_date(why, "echeance", sne_date_add_months(attestation, 1));
	}
	hit |= count_attribution(s, d, counts, extraire, why);
	if (wanted(s, SNE_STATS_I_DOUBLON))
		hit |= count_doublon(s, d, cle.territoire, row, extraire, why);
	if (wanted(s, SNE_STATS_I_CONTROLE))
		hit |= count_controle(s, d, counts, extraire, why);
	if (d->last_reactivation && extraire == SNE_STATS_I_REACTIVATION) {
		hit = 1;
		set_why_date(why, "reactivation", d->reactivation);
	}
	return hit;
}

/* ------------------------------------------------------------------ */
/* counts made in parts */

/* Whether an identity is in the doublon index of INTO or of a part joined
 * before. */
static int seen_before(struct sne_stats *into, uint64_t key)
{
	if (sne_doublon_find(into->doublons, key) != NULL)
		return 1;
	for (size_t i = 0; i < into->njoined; i++)
		if (sne_doublon_find(into->joined[i], key) != NULL)
			return 1;
	return 0;
}

/* The demandes of PART first of their identity in it: doublons of the
 * parts before when they have the identity.  PART's index is kept for the
 * parts after (looked up, not copied into INTO's). */
static void join_doublons(struct sne_stats *into, struct sne_stats *part, const size_t *row_in_into)
{
	struct sne_doublon *empty = into->doublons;

	if (sne_doublon_count(into->doublons) == 0) { /* the first part: its index */
		into->doublons = part->doublons;
		part->doublons = empty;
		return;
	}
	for (size_t i = 0; i < part->npremieres; i++)
		if (seen_before(into, part->premieres[i].key))
			count(into->rows[row_in_into[part->premieres[i].row]].counts, into->nmois,
			      SNE_STATS_I_DOUBLON);
	into->joined = xrealloc(into->joined, (into->njoined + 1) * sizeof *into->joined);
	into->joined[into->njoined++] = part->doublons;
	part->doublons = NULL;
}

void sne_stats_join(struct sne_stats *into, struct sne_stats *part)
{
	size_t n = counts_size(into), *row_in_into = xcalloc(part->nrows + 1, sizeof *row_in_into);

	for (size_t r = 0; r < part->nrows; r++) {
		uint64_t *counts;

		row_in_into[r] = row_index_of(into, &part->rows[r].cle);
		counts = into->rows[row_in_into[r]].counts;
		for (size_t i = 0; i < n; i++)
			counts[i] += part->rows[r].counts[i];
	}
	into->demandes += part->demandes;
	if (into->doublons != NULL && part->doublons != NULL)
		join_doublons(into, part, row_in_into);
	free(row_in_into);
}

/* ------------------------------------------------------------------ */
/* reading the counts */

static int by_key(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	int c = strcmp(x->cle.territoire, y->cle.territoire);

	return c ? c : strcmp(x->cle.guichet, y->cle.guichet);
}

void sne_stats_finish(struct sne_stats *s)
{
	size_t n = counts_size(s);

	if (s->nrows > 1)
		qsort(s->rows, s->nrows, sizeof *s->rows, by_key);
	s->total = xcalloc(n, sizeof(uint64_t));
	for (size_t r = 0; r < s->nrows; r++)
		for (size_t i = 0; i < n; i++)
			s->total[i] += s->rows[r].counts[i];
}

int sne_stats_nmois(const struct sne_stats *s)
{
	return s->nmois;
}

struct sne_date sne_stats_mois(const struct sne_stats *s, int index)
{
	return s->debut[index];
}

size_t sne_stats_nlignes(const struct sne_stats *s)
{
	return s->nrows;
}

const struct sne_stats_cle *sne_stats_cle(const struct sne_stats *s, size_t row)
{
	return &s->rows[row].cle;
}

uint64_t sne_stats_valeur(const struct sne_stats *s, size_t row, int index,
                          enum sne_stats_mesure m)
{
	const uint64_t *counts = row < s->nrows ? s->rows[row].counts : s->total;

	return counts[(size_t)index * SNE_STATS_NMESURES + (size_t)m];
}

double sne_stats_moyenne_territoire(const struct sne_stats *s, const char *territoire,
                                    int index, enum sne_stats_mesure m)
{
	uint64_t sum = 0;
	size_t n = 0;

	for (size_t r = 0; r < s->nrows; r++)
		if (strcmp(s->rows[r].cle.territoire, territoire) == 0) {
			sum += sne_stats_valeur(s, r, index, m);
			n++;
		}
	return n ? (double)sum / (double)n : 0.0;
}

double sne_stats_part_reactivation(const struct sne_stats *s, size_t row, int index)
{
	uint64_t renewals = sne_stats_valeur(s, row, index, SNE_STATS_V_REN_GUICHET) +
	                    sne_stats_valeur(s, row, index, SNE_STATS_V_REN_PGP);

	if (renewals == 0)
		return -1;
	return (double)sne_stats_valeur(s, row, index, SNE_STATS_I_REACTIVATION) / (double)renewals;
}

uint64_t sne_stats_demandes(const struct sne_stats *s)
{
	return s->demandes;
}
