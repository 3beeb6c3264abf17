/* The support team's corrections of one demande. */
#include "sne/correction.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sne/demande.h"
#include "sne/err.h"
#include "sne/identite.h"
#include "sne/numero.h"
#include "sne/renouvellement.h"
#include "sne/suivi.h"

#define COTITULAIRE SNE_F_DL "n:personnePhysique/n:listeCotitulaire/n:cotitulaire/"

const char *const sne_correction_fields[SNE_CORR_NFIELDS] = {
	[SNE_CORR_SUIVI] = SNE_SUIVI_FIELD,
	[SNE_CORR_NUM_UNIQUE] = SNE_F_NUM_UNIQUE,
	[SNE_CORR_DATE_CREATION] = SNE_F_DATE_CREATION,
	[SNE_CORR_ETAT] = SNE_F_ETAT,
	[SNE_CORR_PROCHAIN] = SNE_F_PROCHAIN,
	[SNE_CORR_DERNIER] = SNE_F_DERNIER,
	[SNE_CORR_RADIATION_MOTIF] = SNE_F_RADIATION_MOTIF,
	[SNE_CORR_RADIATION_DATE] = SNE_F_RADIATION_DATE,
	[SNE_CORR_FUSION_AVEC] = "s:suivi/s:radiation/@fusion-avec",
	[SNE_CORR_CIVILITE] = SNE_F_DEMANDEUR "n:civilite/@code",
	[SNE_CORR_NOM] = SNE_F_NOM,
	[SNE_CORR_PRENOM] = SNE_F_PRENOM,
	[SNE_CORR_NAISSANCE] = SNE_F_DATE_NAISSANCE,
	[SNE_CORR_CO_CIVILITE] = COTITULAIRE "n:civilite/@code",
	[SNE_CORR_CO_NOM] = COTITULAIRE "n:nom",
	[SNE_CORR_CO_PRENOM] = COTITULAIRE "n:prenom",
	[SNE_CORR_CO_NAISSANCE] = COTITULAIRE "n:dateNaissance",
};

static const char *get(const struct sne_record *rec, size_t field)
{
	return sne_record_get(rec, field);
}

static int is_equal(const char *text, const char *expected)
{
	return text != NULL && strcmp(text, expected) == 0;
}

static const char *fr(struct sne_date date, char *buf, size_t size)
{
	sne_date_format_fr(date, buf, size);
	return buf;
}

int sne_correction_check_etat(const struct sne_record *rec, enum sne_correction_kind kind,
                              char *why, size_t why_size)
{
	const char *etat = get(rec, SNE_CORR_ETAT), *motif = get(rec, SNE_CORR_RADIATION_MOTIF);
	const char *avec = get(rec, SNE_CORR_FUSION_AVEC);

	if (is_equal(etat, "active") || (kind == SNE_CORRECTION_REACTIVER && is_equal(etat, "radiee")))
		return 0;
	if (is_equal(etat, "radiee") && avec != NULL)
		sne_why(why, why_size, "radiée par fusion avec la demande %s, qui est conservée : "
		        "corrigez la demande %s", avec, avec);
	else if (is_equal(etat, "radiee"))
		sne_why(why, why_size, "radiée (motif %s) : réactivez-la d'abord (sne-fix "
		        "--reactiver), puis corrigez-la", motif ? motif : "absent");
	else
		sne_why(why, why_size, "état « %s » : seule une demande enregistrée (active, ou radiée "
		        "pour --reactiver) se corrige", etat ? etat : "absent");
	return -1;
}

sne_suivi_node *sne_correction_evenement(struct sne_suivi *suivi,
                                          const struct sne_correction *c, const char *type)
{
	sne_suivi_node *event = sne_suivi_add_evenement(suivi, c->today, type, c->guichet);

	sne_suivi_set_attr(event, "operateur", c->operateur);
	sne_suivi_set_attr(event, "motif", c->motif);
	return event;
}

static struct sne_suivi *load_suivi(struct sne_record *rec, char *why, size_t why_size)
{
	struct sne_suivi *suivi = sne_suivi_load(rec, SNE_CORR_SUIVI);

	if (suivi == NULL)
		sne_why(why, why_size, "élément suivi illisible ; corrigez la demande à la main");
	return suivi;
}

static void store_suivi(struct sne_suivi *suivi, const struct sne_correction *c,
                        struct sne_record *rec)
{
	sne_suivi_touch(suivi, c->today, c->guichet);
	sne_suivi_store(suivi, rec);
	sne_suivi_free(suivi);
}

/* ------------------------------------------------------------------ */
/* identity */

/* One field of the identity being corrected. */
struct identity_part {
	const char *name;   /* French, for messages and champs="" */
	size_t field;
	const char *text;   /* the new text, or NULL */
};

/* Replaces the value of attribute code="" of the element VALUE by CODE
 * (civilité: an attribute the stream hands as text, not as a span). */
static int set_code(struct sne_record *rec, const struct sne_value *value, const char *code)
{
	size_t len;
	const char *bytes = sne_record_bytes(rec, &len) + value->element.start;
	size_t n = value->element.end - value->element.start;
	const char *end = bytes + n, *p = bytes;

	while ((p = memmem(p, (size_t)(end - p), "code", 4)) != NULL) {
		const char *q = p + 4;
		int boundary = p > bytes && strchr(" \t\r\n", p[-1]) != NULL;

		while (q < end && strchr(" \t\r\n", *q))
			q++;
		if (boundary && q < end && *q == '=') {
			const char *v = q + 1, *close;
			while (v < end && strchr(" \t\r\n", *v))
				v++;
			if (v >= end || (*v != '"' && *v != '\'') ||
			    (close = memchr(v + 1, *v, (size_t)(end - v - 1))) == NULL)
				return -1;
			struct sne_span span = { (size_t)(v + 1 - (bytes - value->element.start)),
			                         (size_t)(close - (bytes - value->element.start)) };
			sne_record_replace(rec, span, code, strlen(code));
			return 0;
		}
		p += 4;
	}
	return -1;
}

/* The identity after the correction: the new text, else the record's. */
static const char *after(const struct sne_record *rec, const struct identity_part *part)
{
	return part->text != NULL ? part->text : get(rec, part->field);
}

/* The identity key of REC once corrected, and its canonical numéro into
 * NUMERO; 0, or -1 when REC has no readable numéro. */
static int key_after(const struct sne_record *rec, const struct identity_part *parts,
                     uint64_t *key, char numero[SNE_NUMERO_SIZE], char *territoire)
{
	const char *text = get(rec, SNE_CORR_NUM_UNIQUE);
	struct sne_numero parsed;

	if (text == NULL || sne_numero_parse(text, &parsed, NULL, 0) != 0)
		return -1;
	sne_numero_format(&parsed, numero);
	memcpy(territoire, parsed.territoire, SNE_TERRITOIRE_SIZE);
	*key = sne_identite_key(after(rec, &parts[1]), after(rec, &parts[2]),
	                        after(rec, &parts[3]), parsed.territoire);
	return 0;
}

static int check_doublon(const struct sne_correction *c, const struct sne_record *rec,
                         const struct identity_part *parts, char *why, size_t why_size)
{
	char canonical[SNE_NUMERO_SIZE], territoire[SNE_TERRITOIRE_SIZE];
	const struct sne_doublon_entry *e;
	uint64_t key;

	if (c->doublons == NULL || c->cotitulaire ||
	    key_after(rec, parts, &key, canonical, territoire) != 0)
		return 0;
	e = sne_doublon_find(c->doublons, key);
	if (e == NULL && sne_doublon_error(c->doublons) != NULL) {
		sne_why(why, why_size, "%s", sne_doublon_error(c->doublons));
		return -1;
	}
	if (e == NULL || strcmp(e->numero, canonical) == 0 || c->doublon_accepte)
		return 0;
	if (e->numero[0] != '\0')
		sne_why(why, why_size, "avec cette identité, la demande serait un doublon de la "
		        "demande %s (même nom, prénom et date de naissance, territoire %s) : "
		        "fusionnez-les (sne-fix --fusionner) ou, si ce sont deux personnes, ajoutez "
		        "--doublon-accepte", e->numero, territoire);
	else
		sne_why(why, why_size, "avec cette identité, la demande serait un doublon de la "
		        "demande n°%u du registre, en attente de validation (territoire %s) : "
		        "invalidez celle-ci ou ajoutez --doublon-accepte", (unsigned)e->rank,
		        territoire);
	return -1;
}

/* The index sees the demandeur's corrected identity. */
static void index_identity(const struct sne_correction *c, const struct sne_record *rec,
                           const struct identity_part *parts)
{
	char canonical[SNE_NUMERO_SIZE], territoire[SNE_TERRITOIRE_SIZE];
	uint64_t key;

	if (c->doublons != NULL && !c->cotitulaire &&
	    key_after(rec, parts, &key, canonical, territoire) == 0)
		sne_doublon_add(c->doublons, key, canonical, sne_record_rank(rec));
}

static enum sne_correction_result correct_identity(const struct sne_correction *c,
                                                   struct sne_record *rec, char *why,
                                                   size_t why_size)
{
	size_t base = c->cotitulaire ? SNE_CORR_CO_CIVILITE : SNE_CORR_CIVILITE;
	const struct identity_part parts[4] = {
		{ "civilite", base, c->civilite }, { "nom", base + 1, c->nom },
		{ "prenom", base + 2, c->prenom }, { "date-naissance", base + 3, c->naissance },
	};
	char champs[64] = "";
	struct sne_suivi *suivi;
	sne_suivi_node *event;

	if (c->cotitulaire && sne_record_count(rec, SNE_CORR_CO_NOM) != 1) {
		sne_why(why, why_size, sne_record_count(rec, SNE_CORR_CO_NOM) == 0
		        ? "la demande n'a pas de cotitulaire (listeCotitulaire) à corriger"
		        : "la demande a plusieurs cotitulaires : corrigez-les par une mise à jour "
		          "du guichet (sne-update), une seule identité se corrige ici");
		return SNE_CORRECTION_REFUSEE;
	}
	for (size_t i = 0; i < 4; i++) {
		const char *now = get(rec, parts[i].field);

		if (parts[i].text == NULL)
			continue;
		if (sne_record_value(rec, parts[i].field, 0) == NULL) {
			sne_why(why, why_size, "élément %s absent de la demande : une correction ne "
			        "l'ajoute pas ; faites une mise à jour du guichet (sne-update)",
			        parts[i].name);
			return SNE_CORRECTION_REFUSEE;
		}
		if (!is_equal(now, parts[i].text))
			snprintf(champs + strlen(champs), sizeof champs - strlen(champs), "%s%s",
			         champs[0] ? " " : "", parts[i].name);
	}
	if (champs[0] == '\0') {
		sne_why(why, why_size, "aucun changement : la demande porte déjà cette identité");
		return SNE_CORRECTION_INCHANGEE;
	}
	if (check_doublon(c, rec, parts, why, why_size) != 0)
		return SNE_CORRECTION_REFUSEE;
	if ((suivi = load_suivi(rec, why, why_size)) == NULL)
		return SNE_CORRECTION_REFUSEE;
	if (c->civilite != NULL && !is_equal(get(rec, base), c->civilite) &&
	    set_code(rec, sne_record_value(rec, base, 0), c->civilite) != 0) {
		sne_suivi_free(suivi);
		sne_why(why, why_size, "élément civilite sans attribut code lisible ; corrigez la "
		        "demande par une mise à jour du guichet");
		return SNE_CORRECTION_REFUSEE;
	}
	for (size_t i = 1; i < 4; i++)
		if (parts[i].text != NULL && !is_equal(get(rec, parts[i].field), parts[i].text))
			sne_record_set_text(rec, sne_record_value(rec, parts[i].field, 0), parts[i].text);
	index_identity(c, rec, parts);
	event = sne_correction_evenement(suivi, c, "correction-identite");
	sne_suivi_set_attr(event, "champs", champs);
	if (c->cotitulaire)
		sne_suivi_set_attr(event, "cotitulaire", "oui");
	store_suivi(suivi, c, rec);
	sne_why(why, why_size, "identité corrigée (%s)", champs);
	return SNE_CORRECTION_FAITE;
}

/* ------------------------------------------------------------------ */
/* date de dépôt */

/* The first day of the month of the numéro, in the century of DEPOT. */
static int numero_month(const struct sne_record *rec, struct sne_date depot,
                        struct sne_date *first)
{
	const char *text = get(rec, SNE_CORR_NUM_UNIQUE);
	struct sne_numero numero;

	if (text == NULL || sne_numero_parse(text, &numero, NULL, 0) != 0)
		return -1;
	first->year = depot.year / 100 * 100 + numero.annee;
	first->month = numero.mois;
	first->day = 1;
	return 0;
}

static int check_new_depot(const struct sne_correction *c, const struct sne_record *rec,
                           struct sne_date old, char *why, size_t why_size)
{
	struct sne_date month, dernier;
	const char *dernier_text = get(rec, SNE_CORR_DERNIER);
	char a[64], b[64];

	if (sne_date_cmp(c->depot, c->today) > 0) {
		sne_why(why, why_size, "date de dépôt du %s dans le futur (aujourd'hui : %s)",
		        fr(c->depot, a, sizeof a), fr(c->today, b, sizeof b));
		return -1;
	}
	if (numero_month(rec, old, &month) != 0) {
		sne_why(why, why_size, "numéro unique illisible : la date de dépôt ne peut pas être "
		        "contrôlée");
		return -1;
	}
	if (sne_date_cmp(c->depot, month) < 0) {
		sne_why(why, why_size, "date de dépôt du %s antérieure au mois du numéro unique "
		        "(%02d/%04d, le mois du premier dépôt) : le numéro ne change pas",
		        fr(c->depot, a, sizeof a), month.month, month.year);
		return -1;
	}
	if (dernier_text != NULL && sne_date_parse_iso(dernier_text, &dernier, NULL, 0) == 0 &&
	    sne_date_cmp(c->depot, dernier) > 0) {
		sne_why(why, why_size, "date de dépôt du %s postérieure au dernier renouvellement "
		        "(le %s)", fr(c->depot, a, sizeof a), fr(dernier, b, sizeof b));
		return -1;
	}
	return 0;
}

static enum sne_correction_result correct_depot(const struct sne_correction *c,
                                                struct sne_record *rec, char *why,
                                                size_t why_size)
{
	const struct sne_value *v = sne_record_value(rec, SNE_CORR_DATE_CREATION, 0);
	char iso[SNE_DATE_ISO_SIZE];
	struct sne_date old;
	struct sne_suivi *suivi;
	sne_suivi_node *event;

	if (v == NULL || sne_date_parse_iso(v->text, &old, NULL, 0) != 0) {
		sne_why(why, why_size, "date de dépôt (dateCreationDemande) absente ou illisible ; "
		        "faites une mise à jour du guichet");
		return SNE_CORRECTION_REFUSEE;
	}
	if (sne_date_cmp(old, c->depot) == 0) {
		sne_why(why, why_size, "aucun changement : la date de dépôt est déjà le %s",
		        sne_date_text(old).text);
		return SNE_CORRECTION_INCHANGEE;
	}
	if (check_new_depot(c, rec, old, why, why_size) != 0 ||
	    (suivi = load_suivi(rec, why, why_size)) == NULL)
		return SNE_CORRECTION_REFUSEE;
	sne_date_format(c->depot, iso);
	event = sne_correction_evenement(suivi, c, "correction-depot");
	sne_suivi_set_attr(event, "depot-avant", v->text);
	sne_suivi_set_attr(event, "depot", iso);
	sne_record_set_text(rec, v, iso);
	if (get(rec, SNE_CORR_DERNIER) == NULL) /* never renewed: the anniversary follows */
		sne_suivi_set_date(sne_suivi_ensure(suivi, "renouvellement"), "prochain",
		                   sne_renouvellement_anniversaire(c->depot));
	store_suivi(suivi, c, rec);
	sne_why(why, why_size, "date de dépôt corrigée : %s", iso);
	return SNE_CORRECTION_FAITE;
}

/* ------------------------------------------------------------------ */
/* reactivation */

static enum sne_correction_result reactivate(const struct sne_correction *c,
                                             struct sne_record *rec, char *why, size_t why_size)
{
	struct sne_date prochain = c->has_prochain ? c->prochain
	                                           : sne_renouvellement_anniversaire(c->today);
	struct sne_suivi *suivi;
	sne_suivi_node *radiation, *event;

	if (is_equal(get(rec, SNE_CORR_ETAT), "active")) {
		sne_why(why, why_size, "aucun changement : la demande est déjà active");
		return SNE_CORRECTION_INCHANGEE;
	}
	if ((suivi = load_suivi(rec, why, why_size)) == NULL)
		return SNE_CORRECTION_REFUSEE;
	radiation = sne_suivi_find(suivi, "radiation");
	event = sne_correction_evenement(suivi, c, "reactivation");
	if (radiation != NULL) {
		sne_suivi_set_attr(event, "radiation", sne_suivi_attr(radiation, "date"));
		sne_suivi_set_attr(event, "motif-radiation", sne_suivi_attr(radiation, "motif"));
		sne_suivi_set_attr(event, "fusion-avec", sne_suivi_attr(radiation, "fusion-avec"));
	}
	sne_suivi_remove(suivi, "radiation");
	sne_suivi_set_text(suivi, "etat", "active");
	sne_suivi_set_date(sne_suivi_ensure(suivi, "renouvellement"), "prochain", prochain);
	store_suivi(suivi, c, rec);
	sne_why(why, why_size, "réactivée");
	return SNE_CORRECTION_FAITE;
}

enum sne_correction_result sne_correction_apply(const struct sne_correction *c,
                                                struct sne_record *rec, char *why,
                                                size_t why_size)
{
	if (sne_correction_check_etat(rec, c->kind, why, why_size) != 0)
		return SNE_CORRECTION_REFUSEE;
	switch (c->kind) {
	case SNE_CORRECTION_IDENTITE: return correct_identity(c, rec, why, why_size);
	case SNE_CORRECTION_DEPOT: return correct_depot(c, rec, why, why_size);
	case SNE_CORRECTION_REACTIVER: return reactivate(c, rec, why, why_size);
	}
	return SNE_CORRECTION_REFUSEE;
}
