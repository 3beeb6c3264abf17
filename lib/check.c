/* Rule checks of demande records and XSD validation, record by record. */
#include "sne/check.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>

#include "sne/avertissement.h"
#include "sne/demande.h"
#include "sne/err.h"
#include "sne/guichet.h"
#include "sne/numero.h"
#include "sne/suivi.h"
#include "sne/xsdtable.h"
#include "xml_error.h"

/* Every field but the suivi once: its index, its path, and whether
 * sne_check_regles() reads it (not the demandeLogement element, the e-mail
 * or the historique: a demande has dozens of evenements). */
#define CHECK_FIELDS(X)                                                                   \
	X(SNE_CK_ETAT, SNE_F_ETAT, 1)                                                       \
	X(SNE_CK_ORIGINE, SNE_F_ORIGINE, 1)                                                 \
	X(SNE_CK_DEMANDE_LOGEMENT, "n:demandeLogement", 0)                                  \
	X(SNE_CK_NUM_GUICHET, SNE_F_NUM_GUICHET, 1)                                         \
	X(SNE_CK_NUM_UNIQUE, SNE_F_NUM_UNIQUE, 1)                                           \
	X(SNE_CK_DATE_CREATION, SNE_F_DATE_CREATION, 1)                                     \
	X(SNE_CK_CIVILITE, SNE_F_DEMANDEUR "n:civilite/@code", 1)                           \
	X(SNE_CK_NOM, SNE_F_NOM, 1)                                                         \
	X(SNE_CK_PRENOM, SNE_F_PRENOM, 1)                                                   \
	X(SNE_CK_DATE_NAISSANCE, SNE_F_DATE_NAISSANCE, 1)                                   \
	X(SNE_CK_MEL, SNE_F_MEL, 0)                                                         \
	X(SNE_CK_DEMANDE_ELARGIE, SNE_F_DEMANDE_ELARGIE, 1)                                 \
	X(SNE_CK_TYPE_LOGEMENT, SNE_F_TYPE_LOGEMENT, 1)                                     \
	X(SNE_CK_COMMUNE, SNE_F_COMMUNE_SOUHAITEE, 1)                                       \
	X(SNE_CK_MODIFICATION_DATE, "s:suivi/s:modification/@date", 1)                      \
	X(SNE_CK_PROCHAIN, SNE_F_PROCHAIN, 1)                                               \
	X(SNE_CK_RADIATION_MOTIF, SNE_F_RADIATION_MOTIF, 1)                                 \
	X(SNE_CK_RADIATION_DATE, SNE_F_RADIATION_DATE, 1)                                   \
	X(SNE_CK_INVALIDATION_DATE, "s:suivi/s:invalidation/@date", 1)                      \
	X(SNE_CK_INVALIDATION_MOTIF, "s:suivi/s:invalidation/@motif", 1)                    \
	X(SNE_CK_RADIATION_SOUS_MOTIF, SNE_F_RADIATION_SOUS_MOTIF, 1)                       \
	X(SNE_CK_RADIATION_AVERTISSEMENT, SNE_F_RADIATION_AVERTISSEMENT, 1)                 \
	X(SNE_CK_RADIATION_ECHEANCE, SNE_F_RADIATION_ECHEANCE, 1)                           \
	X(SNE_CK_AVERTISSEMENT_MOTIF, SNE_F_AVERTISSEMENT_MOTIF, 1)                         \
	X(SNE_CK_AVERTISSEMENT_SOUS_MOTIF, SNE_F_AVERTISSEMENT_SOUS_MOTIF, 1)               \
	X(SNE_CK_AVERTISSEMENT_DATE, SNE_F_AVERTISSEMENT_DATE, 1)                           \
	X(SNE_CK_AVERTISSEMENT_ENVOI, SNE_F_AVERTISSEMENT_ENVOI, 1)                         \
	X(SNE_CK_AVERTISSEMENT_ECHEANCE, SNE_F_AVERTISSEMENT_ECHEANCE, 1)                   \
	X(SNE_CK_EVENEMENT_TYPE, "s:suivi/s:historique/s:evenement/@type", 0)               \
	X(SNE_CK_EVENEMENT_DATE, "s:suivi/s:historique/s:evenement/@date", 0)               \
	X(SNE_CK_REVENU_FISCAL, SNE_F_DEMANDEUR "n:revenuFiscal/n:montantMoins1", 0)        \
	X(SNE_CK_REVENU_FISCAL_2, SNE_F_DEMANDEUR "n:revenuFiscal/n:montantMoins2", 0)      \
	X(SNE_CK_SITUATION_FAMILIALE, SNE_F_DEMANDEUR "n:situationFamiliale/@code", 0)      \
	X(SNE_CK_RESSOURCES, SNE_F_DEMANDEUR "n:listeRessourceRecue", 0)                   \
	X(SNE_CK_DEPOT_AVANT, "s:suivi/s:historique/s:evenement/@depot-avant", 1)         \
	/* read by sne_check_adresse(), which --check runs too */                           \
	X(SNE_CK_ADR_ETRANGER, SNE_F_ADRESSE_ETRANGER, 1)                                   \
	X(SNE_CK_ADR_CODE_POSTAL, SNE_F_ADRESSE "/n:codePostal", 1)                         \
	X(SNE_CK_ADR_COMMUNE, SNE_F_ADRESSE "/n:commune/@code", 1)

#define EVERY_FIELD(index, path, read_by_rules) [index] = path,
#define RULE_FIELD(index, path, read_by_rules) [index] = (read_by_rules) ? path : NULL,

/* The suivi: with its children for sne_suivi_load(); the rules only
 * count its elements, which needs no list of children. */
const char *const sne_check_fields[SNE_CK_NFIELDS] = {
	[SNE_CK_SUIVI] = SNE_SUIVI_FIELD, CHECK_FIELDS(EVERY_FIELD)
};
const char *const sne_check_rule_fields[SNE_CK_NFIELDS] = {
	[SNE_CK_SUIVI] = SNE_F_SUIVI, CHECK_FIELDS(RULE_FIELD)
};

static const char *const etats[] = {
	"brouillon", "en-attente-validation", "active", "invalidee", "radiee", NULL
};
static const char *const origines[] = { "guichet", "pgp", NULL };
static const char *const radiation_motifs[] = {
	"RADATT", "RADABA", "RADIRR", "RADCON", "RADREN", "fusion", NULL
};
/* Sous-motifs of RADIRR (CCH R441-2-8): irregular stay, resources. */
static const char *const civilites[] = { "1", "2", NULL };
static const char *const types_logement[] = {
	"CHA", "T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8", "T9P", NULL
};
static const char *const booleens[] = { "true", "false", "1", "0", NULL };

/* A run of checks over one record. */
struct checker {
	const struct sne_record *rec;
	struct sne_date today;
	sne_check_report report;
	void *ctx;
	size_t problems;
	/* the territory of the communes souhaitées, asked twice a record */
	int territoire_known, territoire_rc;
	char territoire[SNE_TERRITOIRE_SIZE], territoire_why[SNE_WHY_MAX];
};

__attribute__((format(printf, 3, 4)))
static void problem(struct checker *c, long line, const char *fmt, ...)
{
	char message[SNE_WHY_MAX * 2];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(message, sizeof message, fmt, ap);
	va_end(ap);
	c->problems++;
	c->report(c->ctx, line > 0 ? line : sne_record_line(c->rec), message);
}

static int in_list(const char *text, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(text, *list) == 0)
			return 1;
	return 0;
}

static int is_blank(const char *text)
{
	return text == NULL || text[strspn(text, " \t\r\n")] == '\0';
}

static long line_of(const struct checker *c, size_t field)
{
	const struct sne_value *v = sne_record_value(c->rec, field, 0);

	return v ? v->line : sne_record_line(c->rec);
}

static const char *get(const struct checker *c, size_t field)
{
	return sne_record_get(c->rec, field);
}

/* sne_check_territoire() of the record, computed once: 0 with the
 * territory in c->territoire, or -1 with the reason in c->territoire_why. */
static int territoire_of(struct checker *c)
{
	if (!c->territoire_known) {
		c->territoire_rc = sne_check_territoire(c->rec, c->territoire, c->territoire_why,
		                                        sizeof c->territoire_why);
		c->territoire_known = 1;
	}
	return c->territoire_rc;
}

/* ------------------------------------------------------------------ */
/* content needed to register */

static void need_text(struct checker *c, size_t field, const char *what)
{
	if (is_blank(get(c, field)))
		problem(c, line_of(c, field), "%s manquant ; complétez la demande", what);
}

/* Parses the date of FIELD when present; 1 when present and valid. */
static int date_field(struct checker *c, size_t field, const char *what, struct sne_date *date)
{
	const char *text = get(c, field);
	char why[SNE_WHY_MAX];

	if (text == NULL)
		return 0;
	if (sne_date_parse_iso(text, date, why, sizeof why) != 0) {
		(void)why; /* it quotes the value: maybe a birth date */
		problem(c, line_of(c, field), "%s invalide (attendu une date existante AAAA-MM-JJ)", what);
		return 0;
	}
	return 1;
}

static void check_naissance(struct checker *c)
{
	struct sne_date naissance;

	if (get(c, SNE_CK_DATE_NAISSANCE) == NULL) {
		problem(c, 0, "date de naissance du demandeur (dateNaissance) manquante ; "
		              "complétez la demande");
		return;
	}
	if (date_field(c, SNE_CK_DATE_NAISSANCE, "date de naissance du demandeur", &naissance) &&
	    sne_date_cmp(naissance, c->today) > 0)
		problem(c, line_of(c, SNE_CK_DATE_NAISSANCE),
		        "date de naissance du demandeur postérieure à la date du jour ; corrigez-la");
}

static void check_elargie(struct checker *c)
{
	const char *text = get(c, SNE_CK_DEMANDE_ELARGIE);

	if (text == NULL)
		problem(c, 0, "champ demandeElargie manquant (true ou false) ; complétez la demande");
	else if (!in_list(text, booleens))
		problem(c, line_of(c, SNE_CK_DEMANDE_ELARGIE),
		        "champ demandeElargie invalide (attendu true ou false)");
}

static void check_depot(struct checker *c)
{
	struct sne_date depot;

	if (!date_field(c, SNE_CK_DATE_CREATION, "date de dépôt (dateCreationDemande)", &depot))
		return;
	if (sne_date_cmp(depot, c->today) > 0)
		problem(c, line_of(c, SNE_CK_DATE_CREATION),
		        "date de dépôt du %s postérieure à la date du jour, le %s ; corrigez "
		        "dateCreationDemande ou l'option --date", sne_date_text(depot).text,
		        sne_date_text(c->today).text);
}

static void check_souhaits(struct checker *c)
{
	if (sne_record_count(c->rec, SNE_CK_TYPE_LOGEMENT) == 0)
		problem(c, 0, "aucun type de logement souhaité (typeLogement) ; complétez la demande");
	if (sne_record_count(c->rec, SNE_CK_COMMUNE) == 0)
		problem(c, 0, "aucune commune souhaitée (localisationSouhaite) ; complétez la demande");
	else if (territoire_of(c) != 0)
		problem(c, line_of(c, SNE_CK_COMMUNE), "%s", c->territoire_why);
}

static void check_contenu(struct checker *c)
{
	need_text(c, SNE_CK_NOM, "nom du demandeur (nom)");
	need_text(c, SNE_CK_PRENOM, "prénom du demandeur (prenom)");
	check_naissance(c);
	check_elargie(c);
	check_souhaits(c);
	check_depot(c);
}

size_t sne_check_contenu(const struct sne_record *rec, struct sne_date today,
                         sne_check_report report, void *ctx)
{
	struct checker c = { .rec = rec, .today = today, .report = report, .ctx = ctx };

	check_contenu(&c);
	return c.problems;
}

struct first_problem {
	char *why;
	size_t size;
	int found;
};

static void keep_first(void *ctx, long line, const char *message)
{
	struct first_problem *first = ctx;

	(void)line;
	if (!first->found && first->why != NULL && first->size > 0)
		snprintf(first->why, first->size, "%s", message);
	first->found = 1;
}

int sne_check_contenu_first(const struct sne_record *rec, struct sne_date today, char *why,
                            size_t why_size)
{
	struct first_problem first = { why, why_size, 0 };

	return sne_check_contenu(rec, today, keep_first, &first) == 0 ? 0 : -1;
}

int sne_check_territoire(const struct sne_record *rec, char territoire[SNE_TERRITOIRE_SIZE],
                         char *why, size_t why_size)
{
	/* a demande lists a few communes: no allocation unless it lists many */
	const char *on_stack[32];
	size_t n = sne_record_count(rec, SNE_CK_COMMUNE);
	const char **communes = n <= 32 ? on_stack : malloc(n * sizeof *communes);
	int rc;

	if (communes == NULL)
		abort();
	for (size_t i = 0; i < n; i++)
		communes[i] = sne_record_value(rec, SNE_CK_COMMUNE, i)->text;
	rc = sne_territoire_of_communes(communes, n, territoire, why, why_size);
	if (communes != on_stack)
		free(communes);
	return rc;
}

/* The communes souhaitées of REC, each looked up in COMMUNES, into CODES
 * (the current commune of a former code).  0, or -1 with WHY naming an
 * unknown code. */
static int current_codes(const struct sne_record *rec, const struct sne_communes *communes,
                         char (*codes)[SNE_COMMUNE_CODE_SIZE], size_t n, char *why,
                         size_t why_size)
{
	char territoire[SNE_TERRITOIRE_SIZE];

	for (size_t i = 0; i < n; i++) {
		const char *code = sne_record_value(rec, SNE_CK_COMMUNE, i)->text;
		struct sne_commune commune;

		/* a malformed code gets the territory's reason, which says how to write one */
		if (sne_territoire_of_commune(code, territoire, why, why_size) != 0 &&
		    sne_communes_find_actuelle(communes, code, &commune) != 0)
			return -1;
		if (sne_communes_find_actuelle(communes, code, &commune) != 0) {
			sne_why(why, why_size, "commune souhaitée « %.40s » inconnue du code officiel "
			        "géographique de l'INSEE ; corrigez son code", code);
			return -1;
		}
		memcpy(codes[i], commune.actuel, SNE_COMMUNE_CODE_SIZE);
	}
	return 0;
}

/* Appends to WHY the first former code of the communes souhaitées that
 * was taken for its current commune: the reason names the current ones. */
static void name_former_code(const struct sne_record *rec,
                             char (*codes)[SNE_COMMUNE_CODE_SIZE], size_t n, char *why,
                             size_t why_size)
{
	size_t len = strlen(why);

	for (size_t i = 0; i < n; i++) {
		const char *given = sne_record_value(rec, SNE_CK_COMMUNE, i)->text;

		if (strcasecmp(given, codes[i]) != 0) {
			snprintf(why + len, why_size - len, " (« %.40s » est l'ancien code de la commune "
			         "« %s »)", given, codes[i]);
			return;
		}
	}
}

int sne_check_territoire_connu(const struct sne_record *rec, const struct sne_communes *communes,
                               char territoire[SNE_TERRITOIRE_SIZE], char *why, size_t why_size)
{
	char on_stack[32][SNE_COMMUNE_CODE_SIZE];
	const char *pointers_on_stack[32];
	size_t n = sne_record_count(rec, SNE_CK_COMMUNE);
	char (*codes)[SNE_COMMUNE_CODE_SIZE] = n <= 32 ? on_stack : calloc(n, sizeof *codes);
	const char **pointers = n <= 32 ? pointers_on_stack : malloc(n * sizeof *pointers);
	int rc;

	if (codes == NULL || pointers == NULL)
		abort();
	rc = current_codes(rec, communes, codes, n, why, why_size);
	for (size_t i = 0; rc == 0 && i < n; i++)
		pointers[i] = codes[i];
	if (rc == 0 && sne_territoire_of_communes(pointers, n, territoire, why, why_size) != 0) {
		name_former_code(rec, codes, n, why, why_size);
		rc = -1;
	}
	if (codes != on_stack) {
		free(codes);
		free(pointers);
	}
	return rc;
}

size_t sne_check_adresse(const struct sne_record *rec, const struct sne_communes *communes,
                         sne_check_report report, void *ctx)
{
	const char *etranger = sne_record_get(rec, SNE_CK_ADR_ETRANGER);
	const char *code_postal = sne_record_get(rec, SNE_CK_ADR_CODE_POSTAL);
	const char *code = sne_record_get(rec, SNE_CK_ADR_COMMUNE);
	const struct sne_value *at = sne_record_value(rec, SNE_CK_ADR_CODE_POSTAL, 0);
	struct sne_commune commune;

	if (is_blank(code_postal) || is_blank(code) ||
	    (etranger != NULL && (strcmp(etranger, "true") == 0 || strcmp(etranger, "1") == 0)))
		return 0;
	if (sne_communes_find_actuelle(communes, code, &commune) != 0) {
		report(ctx, sne_record_value(rec, SNE_CK_ADR_COMMUNE, 0)->line,
		       "avertissement : code commune de l'adresse postale (commune) inconnu du code "
		       "officiel géographique ; vérifiez l'adresse");
		return 1;
	}
	if (sne_commune_has_code_postal(&commune, code_postal))
		return 0;
	report(ctx, at->line, "avertissement : le code postal de l'adresse postale (codePostal) "
	       "n'est pas l'un de ceux de sa commune (commune) ; vérifiez l'adresse");
	return 1;
}

/* ------------------------------------------------------------------ */
/* rules of the register */

static void check_code(struct checker *c, size_t field, const char *const *list,
                       const char *what)
{
	for (size_t i = 0; i < sne_record_count(c->rec, field); i++) {
		const struct sne_value *v = sne_record_value(c->rec, field, i);
		if (!in_list(v->text, list))
			problem(c, v->line, "%s « %s » inconnu de la liste des codes de l'interface",
			        what, v->text);
	}
}

static void check_numero_coherent(struct checker *c, const struct sne_numero *numero)
{
	struct sne_date depot;
	long line = line_of(c, SNE_CK_NUM_UNIQUE);

	if (territoire_of(c) == 0 && strcmp(c->territoire, numero->territoire) != 0)
		problem(c, line, "numéro unique du territoire %s mais communes souhaitées du "
		                 "territoire %s", numero->territoire, c->territoire);
	if (get(c, SNE_CK_DATE_CREATION) == NULL)
		problem(c, line, "date de dépôt (dateCreationDemande) manquante pour une demande "
		                 "enregistrée");
	/* the gestionnaire's corrections (sne-fix --date-depot, --fusionner)
	 * move the dépôt away from the numéro's month, and say so */
	else if (sne_date_parse_iso(get(c, SNE_CK_DATE_CREATION), &depot, NULL, 0) == 0 &&
	         (depot.month != numero->mois || depot.year % 100 != numero->annee) &&
	         sne_record_count(c->rec, SNE_CK_DEPOT_AVANT) == 0)
		problem(c, line, "numéro unique du mois %02d/%02d mais date de dépôt en %02d/%02d",
		        numero->mois, numero->annee, depot.month, depot.year % 100);
	if (strcmp(get(c, SNE_CK_ORIGINE) ? get(c, SNE_CK_ORIGINE) : "", "pgp") == 0 &&
	    strcmp(numero->guichet, SNE_GUICHET_PGP) != 0)
		problem(c, line, "demande du portail grand public dont le numéro unique ne finit "
		                 "pas par %s", SNE_GUICHET_PGP);
}

static void check_numero(struct checker *c, const char *etat)
{
	const char *text = get(c, SNE_CK_NUM_UNIQUE);
	int needs = strcmp(etat, "active") == 0 || strcmp(etat, "radiee") == 0;
	struct sne_numero numero;
	char why[SNE_WHY_MAX];

	if (text == NULL) {
		if (needs)
			problem(c, 0, "demande %s sans numéro unique (numUnique)", etat);
		return;
	}
	if (!needs) {
		problem(c, line_of(c, SNE_CK_NUM_UNIQUE), "demande %s avec un numéro unique : "
		        "seules les demandes actives ou radiées en ont un",
		        etat[0] != '\0' ? etat : "sans état");
		return;
	}
	if (sne_numero_parse(text, &numero, why, sizeof why) != 0 ||
	    strlen(text) != SNE_NUMERO_LEN) {
		problem(c, line_of(c, SNE_CK_NUM_UNIQUE), "numéro unique mal formé : %s",
		        sne_numero_parse(text, &numero, why, sizeof why) != 0
		                ? why : "18 caractères attendus, sans séparateur");
		return;
	}
	check_numero_coherent(c, &numero);
}

static void check_num_guichet(struct checker *c)
{
	const char *text = get(c, SNE_CK_NUM_GUICHET);
	char guichet[SNE_GUICHET_SIZE], why[SNE_WHY_MAX];

	if (text == NULL)
		return;
	if (sne_guichet_parse(text, guichet, why, sizeof why) != 0 || strcmp(guichet, text) != 0)
		problem(c, line_of(c, SNE_CK_NUM_GUICHET), "code guichet (numGuichet) mal formé : %s",
		        "5 caractères [0-9A-Z] attendus, par exemple G0417");
}

/* A suivi date must be valid, not before the dépôt, and not after today
 * unless FUTURE_OK (the prochain renouvellement). */
static void check_suivi_date(struct checker *c, size_t field, const char *what, int future_ok)
{
	struct sne_date date, depot;

	if (!date_field(c, field, what, &date))
		return;
	if (get(c, SNE_CK_DATE_CREATION) != NULL &&
	    sne_date_parse_iso(get(c, SNE_CK_DATE_CREATION), &depot, NULL, 0) == 0 &&
	    sne_date_cmp(date, depot) < (future_ok ? 1 : 0))
		problem(c, line_of(c, field), "%s antérieure à la date de dépôt", what);
	if (!future_ok && sne_date_cmp(date, c->today) > 0)
		problem(c, line_of(c, field), "%s postérieure à la date du jour", what);
}

/* A demande has exactly one suivi: the rules would mix two. */
static void check_suivi_unique(struct checker *c)
{
	if (sne_record_count(c->rec, SNE_CK_SUIVI) > 1)
		problem(c, sne_record_value(c->rec, SNE_CK_SUIVI, 1)->line,
		        "%zu éléments suivi : une demande n'en a qu'un ; gardez le bon et retirez "
		        "les autres", sne_record_count(c->rec, SNE_CK_SUIVI));
}

static void check_etat_elements(struct checker *c, const char *etat)
{
	int radiee = strcmp(etat, "radiee") == 0, invalidee = strcmp(etat, "invalidee") == 0;

	if (strcmp(etat, "active") == 0 && get(c, SNE_CK_PROCHAIN) == NULL)
		problem(c, 0, "demande active sans date de prochain renouvellement "
		              "(renouvellement/@prochain)");
	if (radiee && (get(c, SNE_CK_RADIATION_MOTIF) == NULL || get(c, SNE_CK_RADIATION_DATE) == NULL))
		problem(c, 0, "demande radiée sans radiation (date et motif)");
	if (!radiee && sne_record_count(c->rec, SNE_CK_RADIATION_MOTIF) > 0)
		problem(c, line_of(c, SNE_CK_RADIATION_MOTIF), "radiation dans une demande %s", etat);
	if (invalidee && (is_blank(get(c, SNE_CK_INVALIDATION_MOTIF)) ||
	                  get(c, SNE_CK_INVALIDATION_DATE) == NULL))
		problem(c, 0, "demande invalidée sans invalidation (date et motif)");
	if (!invalidee && sne_record_count(c->rec, SNE_CK_INVALIDATION_DATE) > 0)
		problem(c, line_of(c, SNE_CK_INVALIDATION_DATE), "invalidation dans une demande %s",
		        etat);
}

/* The date of FIELD when present and valid. */
static int date_of(const struct checker *c, size_t field, struct sne_date *date)
{
	const char *text = get(c, field);

	return text != NULL && sne_date_parse_iso(text, date, NULL, 0) == 0;
}

static void check_sous_motif(struct checker *c, size_t motif, size_t sous_motif,
                             const char *what)
{
	char why[SNE_WHY_MAX];

	if (get(c, motif) != NULL &&
	    sne_radiation_sous_motif_check(get(c, motif), get(c, sous_motif), why, sizeof why) != 0)
		problem(c, line_of(c, get(c, sous_motif) ? sous_motif : motif), "%s : %s", what, why);
}

/* A sent avertissement: its échéance at least the legal month after. */
static void check_delai_legal(struct checker *c, size_t envoi_field, size_t echeance_field,
                              const char *what)
{
	struct sne_date envoi, echeance;

	if (!date_of(c, envoi_field, &envoi) || !date_of(c, echeance_field, &echeance) ||
	    sne_avertissement_delai_legal(envoi, echeance))
		return;
	problem(c, line_of(c, echeance_field), "%s : échéance le %s, moins d'un mois après l'envoi "
	        "du %s (CCH R441-2-8 : un mois au moins)", what, sne_date_text(echeance).text,
	        sne_date_text(envoi).text);
}

/* RADIRR and RADCON come after the échéance of a sent avertissement. */
static void check_radiation_avertie(struct checker *c)
{
	const char *motif = get(c, SNE_CK_RADIATION_MOTIF);
	struct sne_date radiation, echeance;

	check_sous_motif(c, SNE_CK_RADIATION_MOTIF, SNE_CK_RADIATION_SOUS_MOTIF, "radiation");
	if (!sne_radiation_motif_avertit(sne_radiation_motif_parse(motif)))
		return;
	if (get(c, SNE_CK_RADIATION_AVERTISSEMENT) == NULL || get(c, SNE_CK_RADIATION_ECHEANCE) == NULL) {
		problem(c, line_of(c, SNE_CK_RADIATION_MOTIF), "radiation %s sans avertissement envoyé "
		        "(attributs avertissement et echeance) : ce motif ne se radie qu'après un "
		        "avertissement en recommandé et son délai (sne-radiate --avertir)", motif);
		return;
	}
	check_suivi_date(c, SNE_CK_RADIATION_AVERTISSEMENT, "date d'envoi de l'avertissement", 0);
	check_delai_legal(c, SNE_CK_RADIATION_AVERTISSEMENT, SNE_CK_RADIATION_ECHEANCE, "radiation");
	if (date_of(c, SNE_CK_RADIATION_DATE, &radiation) &&
	    date_of(c, SNE_CK_RADIATION_ECHEANCE, &echeance) && sne_date_cmp(radiation, echeance) <= 0)
		problem(c, line_of(c, SNE_CK_RADIATION_DATE), "radiation %s du %s avant la fin du délai "
		        "de l'avertissement (échéance le %s, incluse)", motif,
		        sne_date_text(radiation).text, sne_date_text(echeance).text);
}

/* The avertissement in progress: on an active demande, a known motif,
 * its dates in order. */
static void check_avertissement(struct checker *c, const char *etat)
{
	const char *motif = get(c, SNE_CK_AVERTISSEMENT_MOTIF);
	struct sne_date demande, envoi;

	if (sne_record_count(c->rec, SNE_CK_AVERTISSEMENT_DATE) == 0 && motif == NULL)
		return;
	if (strcmp(etat, "active") != 0)
		problem(c, line_of(c, SNE_CK_AVERTISSEMENT_MOTIF), "avertissement de radiation dans "
		        "une demande %s (il est clos quand la demande est radiée)", etat);
	if (!sne_radiation_motif_avertit(sne_radiation_motif_parse(motif)))
		problem(c, line_of(c, SNE_CK_AVERTISSEMENT_MOTIF), "avertissement de motif « %s » "
		        "(attendu RADIRR ou RADCON)", motif != NULL ? motif : "absent");
	check_sous_motif(c, SNE_CK_AVERTISSEMENT_MOTIF, SNE_CK_AVERTISSEMENT_SOUS_MOTIF,
	                 "avertissement");
	check_suivi_date(c, SNE_CK_AVERTISSEMENT_DATE, "date de l'avertissement", 0);
	check_suivi_date(c, SNE_CK_AVERTISSEMENT_ENVOI, "date d'envoi de l'avertissement", 0);
	if (date_of(c, SNE_CK_AVERTISSEMENT_DATE, &demande) &&
	    date_of(c, SNE_CK_AVERTISSEMENT_ENVOI, &envoi) && sne_date_cmp(envoi, demande) < 0)
		problem(c, line_of(c, SNE_CK_AVERTISSEMENT_ENVOI), "avertissement envoyé avant d'être "
		        "demandé");
	if ((get(c, SNE_CK_AVERTISSEMENT_ENVOI) == NULL) != (get(c, SNE_CK_AVERTISSEMENT_ECHEANCE) == NULL))
		problem(c, line_of(c, SNE_CK_AVERTISSEMENT_MOTIF), "avertissement avec une date d'envoi "
		        "sans échéance, ou l'inverse (les deux sont inscrits par sne-notice -i)");
	check_delai_legal(c, SNE_CK_AVERTISSEMENT_ENVOI, SNE_CK_AVERTISSEMENT_ECHEANCE,
	                  "avertissement");
}

static void check_dates(struct checker *c)
{
	check_suivi_date(c, SNE_CK_MODIFICATION_DATE, "date de modification", 0);
	check_suivi_date(c, SNE_CK_PROCHAIN, "date de prochain renouvellement", 1);
	check_suivi_date(c, SNE_CK_RADIATION_DATE, "date de radiation", 0);
	check_suivi_date(c, SNE_CK_INVALIDATION_DATE, "date d'invalidation", 0);
}

size_t sne_check_regles(const struct sne_record *rec, struct sne_date today,
                        sne_check_report report, void *ctx)
{
	struct checker c = { .rec = rec, .today = today, .report = report, .ctx = ctx };
	const char *etat = get(&c, SNE_CK_ETAT), *origine = get(&c, SNE_CK_ORIGINE);

	if (etat == NULL) {
		problem(&c, 0, "état de la demande (suivi/etat) manquant");
		etat = "";
	} else if (!in_list(etat, etats)) {
		problem(&c, line_of(&c, SNE_CK_ETAT), "état « %s » inconnu (attendu brouillon, "
		        "en-attente-validation, active, invalidee ou radiee)", etat);
	}
	if (origine != NULL && !in_list(origine, origines))
		problem(&c, line_of(&c, SNE_CK_ORIGINE), "origine « %s » inconnue (attendu guichet "
		        "ou pgp)", origine);
	if (strcmp(etat, "brouillon") != 0)
		check_contenu(&c);
	check_numero(&c, etat);
	check_num_guichet(&c);
	check_suivi_unique(&c);
	check_etat_elements(&c, etat);
	check_dates(&c);
	check_radiation_avertie(&c);
	check_avertissement(&c, etat);
	check_code(&c, SNE_CK_RADIATION_MOTIF, radiation_motifs, "motif de radiation");
	check_code(&c, SNE_CK_CIVILITE, civilites, "code civilité");
	check_code(&c, SNE_CK_TYPE_LOGEMENT, types_logement, "type de logement");
	return c.problems;
}

size_t sne_check_attribution(const struct sne_record *rec, sne_check_report report, void *ctx)
{
	struct checker c = { .rec = rec, .report = report, .ctx = ctx };
	long line = sne_record_line(rec);

	if (is_blank(get(&c, SNE_CK_REVENU_FISCAL)) && is_blank(get(&c, SNE_CK_REVENU_FISCAL_2)))
		problem(&c, line, "revenu fiscal de référence (revenuFiscal) absent : "
		        "nécessaire à une attribution");
	if (is_blank(get(&c, SNE_CK_SITUATION_FAMILIALE)))
		problem(&c, line, "composition du ménage (situationFamiliale) absente : "
		        "nécessaire à une attribution");
	if (sne_record_count(rec, SNE_CK_RESSOURCES) == 0)
		problem(&c, line, "ressources (listeRessourceRecue) absentes : "
		        "nécessaires à une attribution");
	return c.problems;
}

int sne_check_last_evenement(const struct sne_record *rec, const char *type,
                             struct sne_date *date)
{
	int found = -1;

	for (size_t i = 0; i < sne_record_count(rec, SNE_CK_EVENEMENT_TYPE); i++) {
		const struct sne_value *t = sne_record_value(rec, SNE_CK_EVENEMENT_TYPE, i);
		if (strcmp(t->text, type) != 0)
			continue;
		for (size_t j = 0; j < sne_record_count(rec, SNE_CK_EVENEMENT_DATE); j++) {
			const struct sne_value *d = sne_record_value(rec, SNE_CK_EVENEMENT_DATE, j);
			if (d->element.start == t->element.start &&
			    sne_date_parse_iso(d->text, date, NULL, 0) == 0)
				found = 0;
		}
	}
	return found;
}

static size_t trim(const char **text)
{
	size_t n;

	while (**text && strchr(" \t\r\n", **text))
		(*text)++;
	n = strlen(*text);
	while (n > 0 && strchr(" \t\r\n", (*text)[n - 1]))
		n--;
	return n;
}

int sne_check_same_courriel(const char *text, const char *address)
{
	size_t a, b;

	if (text == NULL || address == NULL)
		return 0;
	a = trim(&text);
	b = trim(&address);
	return a > 0 && a == b && strncasecmp(text, address, a) == 0;
}

/* ------------------------------------------------------------------ */
/* XSD validation */

/* A schema error of the record being read, kept until its on_record. */
struct pending_error {
	long line;
	char message[SNE_WHY_MAX * 2];
};

struct sne_schema {
	xmlSchemaPtr schema;
	xmlSchemaValidCtxtPtr valid;
	/* per record, tree validation */
	struct checker *current;
	long base_line;
	/* the same schema as tables, when it compiles to them (NULL if not) */
	struct sne_xsdtable *table;
	/* per record, validation in the stream's pass (sne_schema_stream) */
	int streamed;
	struct pending_error *pending;   /* reused from record to record */
	size_t npending, pending_cap;
};

static void ignore_errors(void *ctx, sne_xml_error error)
{
	(void)ctx, (void)error;
}

struct sne_schema *sne_schema_load(const char *path, char *why, size_t why_size)
{
	xmlSchemaParserCtxtPtr parser;
	struct sne_schema *s;

	sne_xml_silence();
	parser = xmlSchemaNewParserCtxt(path);
	if (parser == NULL) {
		snprintf(why, why_size, "schéma « %s » illisible", path);
		return NULL;
	}
	xmlSchemaSetParserStructuredErrors(parser, ignore_errors, NULL);
	s = calloc(1, sizeof *s);
	if (s == NULL)
		abort();
	s->schema = xmlSchemaParse(parser);
	xmlSchemaFreeParserCtxt(parser);
	if (s->schema == NULL) {
		snprintf(why, why_size, "schéma « %s » illisible ou invalide ; réinstallez sne", path);
		free(s);
		return NULL;
	}
	s->valid = xmlSchemaNewValidCtxt(s->schema);
	s->table = sne_xsdtable_compile(path, why, why_size);
	if (s->table == NULL)
		sne_info("schéma %s : contrôle par libxml2 seul (%s)", path, why);
	return s;
}

void sne_schema_free(struct sne_schema *s)
{
	if (s == NULL)
		return;
	sne_xsdtable_free(s->table);
	xmlSchemaFreeValidCtxt(s->valid);
	xmlSchemaFree(s->schema);
	free(s->pending);
	free(s);
}

/* What kind of error, in French, from libxml2's code. */
static const char *schema_reason(int code)
{
	switch (code) {
	case XML_SCHEMAV_CVC_COMPLEX_TYPE_2_1:
	case XML_SCHEMAV_CVC_COMPLEX_TYPE_2_3:
		return "contenu non permis ici";
	case XML_SCHEMAV_CVC_COMPLEX_TYPE_2_4:
	case XML_SCHEMAV_ELEMENT_CONTENT:
		return "élément inattendu ou élément obligatoire manquant";
	case XML_SCHEMAV_CVC_COMPLEX_TYPE_3_2_1:
	case XML_SCHEMAV_CVC_COMPLEX_TYPE_3_2_2:
		return "attribut non permis";
	case XML_SCHEMAV_CVC_COMPLEX_TYPE_4:
		return "attribut obligatoire manquant";
	case XML_SCHEMAV_CVC_ELT_1:
		return "élément inconnu du schéma";
	default:
		return "valeur non conforme au schéma (type, format ou liste de codes)";
	}
}

/* The attribute named in a libxml2 message ("attribute 'code'"), if any. */
static void attribute_in(const char *message, char *name, size_t size)
{
	const char *p = message ? strstr(message, "attribute '") : NULL;
	size_t n;

	name[0] = '\0';
	if (p == NULL)
		return;
	p += strlen("attribute '");
	n = strcspn(p, "'");
	snprintf(name, size, "%.*s", (int)(n < size ? n : size - 1), p);
}

/* The text of MESSAGE between AFTER and the next STOP, into OUT. */
static int between(const char *message, const char *after, char stop, char *out, size_t size)
{
	const char *p = message ? strstr(message, after) : NULL;
	size_t n;

	if (p == NULL)
		return 0;
	p += strlen(after);
	n = strcspn(p, (char[]){ stop, '\0' });
	snprintf(out, size, "%.*s", (int)(n < size ? n : size - 1), p);
	return 1;
}

/* The patterns of the toolkit's schemas, in words. */
static const char *pattern_in_words(const char *pattern)
{
	static const struct {
		const char *pattern, *words;
	} known[] = {
		{ "(0[0-9]{2}|02[AB]|111|97[1-6])(0[1-9]|1[0-2])[0-9]{2}[0-9]{6}[0-9A-Z]{5}",
		  "un numéro unique de 18 caractères : territoire, mois, année, séquence de 6 chiffres "
		  "puis code guichet (par exemple 0740317000123G0417)" },
		{ "[0-9A-Z]{5}", "5 chiffres ou lettres majuscules (un code guichet, par exemple G0417)" },
		{ "[0-9][0-9AB][0-9]{3}", "un code INSEE de 5 caractères (par exemple 74010 ou 2A004)" },
		{ "\\s*[^@\\s]+@[^@\\s]+\\.[^@\\s]+\\s*", "une adresse électronique (nom@domaine.fr)" },
		{ "[0-9]{5}", "5 chiffres" },
		{ "[0-9A-Z]{10}", "10 chiffres ou lettres majuscules (un numéro RPLS)" },
	};

	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
		if (strcmp(known[i].pattern, pattern) == 0)
			return known[i].words;
	return NULL;
}

/* XSD built-in types, in words. */
static const char *type_in_words(const char *type)
{
	static const struct {
		const char *type, *words;
	} known[] = {
		{ "xs:date", "une date AAAA-MM-JJ" },
		{ "xs:dateTime", "une date et heure AAAA-MM-JJThh:mm:ss" },
		{ "xs:decimal", "un nombre (point décimal)" },
		{ "xs:integer", "un nombre entier" },
		{ "xs:int", "un nombre entier" },
		{ "xs:nonNegativeInteger", "un nombre entier positif ou nul" },
		{ "xs:positiveInteger", "un nombre entier positif" },
		{ "xs:boolean", "true ou false" },
		{ "xs:gYear", "une année AAAA" },
	};

	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
		if (strcmp(known[i].type, type) == 0)
			return known[i].words;
	return NULL;
}

/* "{urn:x}a, {urn:x}b" as "« a » ou « b »". */
static void names_in_words(const char *list, char *out, size_t size)
{
	size_t used = 0;
	int first = 1;

	out[0] = '\0';
	for (const char *p = list; *p != '\0' && used + 1 < size;) {
		size_t n;
		while (*p == ' ' || *p == ',')
			p++;
		if (*p == '{')
			p += strcspn(p, "}") + (strchr(p, '}') ? 1 : 0);
		n = strcspn(p, ", ");
		if (n == 0)
			break;
		used += (size_t)snprintf(out + used, size - used, "%s« %.*s »", first ? "" : " ou ",
		                         (int)n, p);
		first = 0;
		p += n;
		if (used >= size)
			break;
	}
}

/* What the schema expected, in French, from libxml2's English message
 * (which never reaches the user: it may quote a personal value). */
static void schema_expected(const char *m, char *out, size_t size)
{
	char part[192];
	const char *words;

	out[0] = '\0';
	if (between(m, "is not an element of the set {", '}', part, sizeof part)) {
		for (char *q = strchr(part, '\''); q != NULL; q = strchr(q, '\''))
			memmove(q, q + 1, strlen(q));
		snprintf(out, size, " ; codes admis : %s", part);
	} else if (between(m, "accepted by the pattern '", '\'', part, sizeof part)) {
		words = pattern_in_words(part);
		if (words != NULL)
			snprintf(out, size, " ; attendu %s", words);
		else
			snprintf(out, size, " ; attendu la forme %s", part);
	} else if (between(m, "of the atomic type '", '\'', part, sizeof part) &&
	           (words = type_in_words(part)) != NULL) {
		snprintf(out, size, " ; attendu %s", words);
	} else if (between(m, "Expected is one of ( ", ')', part, sizeof part) ||
	           between(m, "Expected is ( ", ')', part, sizeof part)) {
		char names[200];
		names_in_words(part, names, sizeof names);
		snprintf(out, size, " ; attendu ici %s", names);
	} else if (between(m, "allowed maximum length of '", '\'', part, sizeof part)) {
		snprintf(out, size, " ; au plus %s caractères", part);
	} else if (between(m, "allowed minimum length of '", '\'', part, sizeof part)) {
		snprintf(out, size, " ; au moins %s caractères", part);
	} else if (m != NULL && strstr(m, "Character content other than whitespace") != NULL) {
		snprintf(out, size, " ; cet élément ne contient que des éléments, pas de texte");
	}
}

/* The French message of a schema error about ELEMENT. */
static void schema_message(int code, const char *libxml_message, const char *element,
                           char *message, size_t size)
{
	char attribute[64], expected[SNE_WHY_MAX];

	attribute_in(libxml_message, attribute, sizeof attribute);
	schema_expected(libxml_message, expected, sizeof expected);
	if (attribute[0])
		snprintf(message, size, "attribut « %s » de l'élément « %s » : %s%s", attribute,
		         element, schema_reason(code), expected);
	else
		snprintf(message, size, "élément « %s » : %s%s", element, schema_reason(code),
		         expected);
}

static void on_schema_error(void *ctx, sne_xml_error error)
{
	struct sne_schema *s = ctx;
	xmlNodePtr node = error->node;
	const char *element = "?";
	char message[SNE_WHY_MAX * 2];
	long line = error->line;

	if (node != NULL && node->type == XML_ELEMENT_NODE) {
		element = (const char *)node->name;
		line = xmlGetLineNo(node);
	}
	schema_message(error->code, error->message, element, message, sizeof message);
	problem(s->current, s->base_line + (line > 0 ? line - 1 : 0), "%s", message);
}

/* An error met by the stream's validator: kept for the record's check. */
static void keep_stream_error(const struct sne_schema_error *error, void *ctx)
{
	struct sne_schema *s = ctx;
	struct pending_error *p;

	if (s->npending == s->pending_cap) {
		s->pending_cap = s->pending_cap ? 2 * s->pending_cap : 8;
		s->pending = realloc(s->pending, s->pending_cap * sizeof *s->pending);
		if (s->pending == NULL)
			abort();
	}
	p = &s->pending[s->npending++];
	p->line = error->line;
	schema_message(error->code, error->message, error->element, p->message, sizeof p->message);
}

/* With tables, the stream's pass only tells which records are surely
 * valid; libxml2 validates the others alone, and gives the messages. */
void sne_schema_stream(struct sne_schema *s, struct sne_stream_spec *spec)
{
	s->streamed = 1;
	if (s->table != NULL) {
		sne_xsdtable_observe(s->table, spec);
		return;
	}
	spec->schema = s->valid;
	spec->on_schema_error = keep_stream_error;
	spec->schema_ctx = s;
}

/* Reports the errors the stream's validator met in the record. */
static size_t report_stream_errors(struct sne_schema *s, struct checker *c)
{
	for (size_t i = 0; i < s->npending; i++)
		problem(c, s->pending[i].line, "%s", s->pending[i].message);
	s->npending = 0;
	return c->problems;
}

/* The record alone, inside a wrapper declaring the namespaces in scope:
 * the record starts on line 1 of the little document. */
static xmlDocPtr parse_record(const struct sne_record *rec)
{
	static const char open_tag[] = "<sne-wrap", close_tag[] = "</sne-wrap>";
	size_t len;
	const char *bytes = sne_record_bytes(rec, &len);
	const char *ns = sne_record_namespaces(rec);
	size_t total = strlen(open_tag) + strlen(ns) + 1 + len + strlen(close_tag) + 1;
	char *buf = malloc(total);
	int n;
	xmlDocPtr doc;

	if (buf == NULL)
		abort();
	n = snprintf(buf, total, "%s%s>", open_tag, ns);
	memcpy(buf + n, bytes, len);
	memcpy(buf + n + len, close_tag, strlen(close_tag));
	doc = xmlReadMemory(buf, (int)(n + len + strlen(close_tag)), NULL, "UTF-8",
	                    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
	                            XML_PARSE_NOBLANKS);
	free(buf);
	return doc;
}

/* libxml2's validation of the record alone, reporting its errors. */
static size_t validate_alone(struct sne_schema *s, struct checker *c)
{
	const struct sne_record *rec = c->rec;
	xmlDocPtr doc = parse_record(rec);
	xmlNodePtr root, element;

	root = doc ? xmlDocGetRootElement(doc) : NULL;
	element = root ? xmlFirstElementChild(root) : NULL;
	if (element == NULL) {
		problem(c, 0, "demande illisible pour la validation par le schéma");
		xmlFreeDoc(doc);
		return c->problems;
	}
	s->current = c;
	s->base_line = sne_record_line(rec);
	xmlSchemaSetValidStructuredErrors(s->valid, on_schema_error, s);
	if (xmlSchemaValidateOneElement(s->valid, element) != 0 && c->problems == 0)
		problem(c, 0, "demande non conforme au schéma");
	s->current = NULL;
	xmlFreeDoc(doc);
	return c->problems;
}

size_t sne_schema_check(struct sne_schema *s, const struct sne_record *rec,
                        sne_check_report report, void *ctx)
{
	struct checker c = { .rec = rec, .report = report, .ctx = ctx };

	if (s->streamed && s->table != NULL && sne_xsdtable_record_passed(s->table))
		return 0;
	if (s->streamed && s->table == NULL)
		return report_stream_errors(s, &c);
	return validate_alone(s, &c);
}
