/* sne-notice: the templates of a run, rendering, and the envois stream. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "notice.h"
#include "sne/err.h"
#include "sne/renouvellement.h"

/* Placeholders, in the order of the values given to the templates; the
 * eighth differs between préavis and attestations; adresse only in letters. */
enum { V_NOM, V_PRENOM, V_NUMERO, V_DATE, V_DEPOT, V_ANNIVERSAIRE, V_ECHEANCE_OR_EVENEMENT,
       V_SALUTATION, V_ADRESSE, V_COUNT };
#define V_COUNT_NO_ADDRESS V_ADRESSE

static const char *const preavis_names[V_COUNT] = {
	"nom", "prenom", "numero", "date", "depot", "anniversaire", "echeance", "salutation",
	"adresse",
};
static const char *const attestation_names[V_COUNT] = {
	"nom", "prenom", "numero", "date", "depot", "anniversaire", "evenement", "salutation",
	"adresse",
};

static const unsigned canaux[] = { SNE_CANAL_SMS, SNE_CANAL_COURRIEL, SNE_CANAL_COURRIER };
#define NCANAUX 3

struct modele {
	char type[SNE_NOTICE_TYPE_SIZE];
	struct sne_template *by_canal[NCANAUX];
};

struct notice_modeles {
	struct modele modeles[SNE_NOTICE_MAX];
	size_t count;
};

const char *notice_canal_name(unsigned canal)
{
	return canal == SNE_CANAL_SMS ? "sms" : canal == SNE_CANAL_COURRIEL ? "courriel"
	                                                                     : "courrier";
}

static int canal_index(unsigned canal)
{
	return canal == SNE_CANAL_SMS ? 0 : canal == SNE_CANAL_COURRIEL ? 1 : 2;
}

static int load_one(struct modele *m, const char *dir, unsigned canal)
{
	char path[4096], why[1024];
	int preavis = strncmp(m->type, "preavis-", 8) == 0;
	size_t nnames = canal == SNE_CANAL_COURRIER ? V_COUNT : V_COUNT_NO_ADDRESS;
	struct sne_template **slot = &m->by_canal[canal_index(canal)];

	if (*slot != NULL)
		return 0;
	snprintf(path, sizeof path, "%s/%s.%s.txt", dir, m->type, notice_canal_name(canal));
	*slot = sne_template_load(path, preavis ? preavis_names : attestation_names, nnames,
	                          why, sizeof why);
	if (*slot == NULL) {
		sne_warn("%s ; corrigez le modèle ou la clé « modeles » de la configuration", why);
		return -1;
	}
	/* a router sends an e-mail with its subject; other channels have none */
	if (sne_template_has_subject(*slot) != (canal == SNE_CANAL_COURRIEL)) {
		sne_warn("%s:1: %s", path, canal == SNE_CANAL_COURRIEL
		         ? "un modèle de courriel commence par son sujet, « Sujet : … », puis une "
		           "ligne vide ; ajoutez-le"
		         : "seul un modèle de courriel a un en-tête « Sujet : » ; retirez-le");
		return -1;
	}
	return 0;
}

/* Loads the templates of TYPE for channels CANAUX (a letter may become an
 * e-mail, so courrier needs both). */
static int load_type(struct notice_modeles *all, const char *dir, const char *type,
                     unsigned wanted)
{
	struct modele *m = &all->modeles[all->count++];

	snprintf(m->type, sizeof m->type, "%s", type);
	if (wanted & SNE_CANAL_COURRIER)
		wanted |= SNE_CANAL_COURRIEL;
	for (int i = 0; i < NCANAUX; i++)
		if ((wanted & canaux[i]) && load_one(m, dir, canaux[i]) != 0)
			return -1;
	return 0;
}

struct notice_modeles *notice_modeles_load(const char *dir,
                                           const struct sne_preavis_rule *schedule,
                                           int nrules)
{
	struct notice_modeles *all = calloc(1, sizeof *all);
	char type[SNE_NOTICE_TYPE_SIZE];
	int failed = 0;

	if (all == NULL)
		abort();
	for (int i = 0; i < nrules && i < SNE_PREAVIS_MAX; i++) {
		sne_preavis_type(schedule[i].mois_avant, type, sizeof type);
		failed |= load_type(all, dir, type, schedule[i].canaux);
	}
	failed |= load_type(all, dir, SNE_TYPE_ATTESTATION_ENREGISTREMENT, SNE_CANAL_COURRIER);
	failed |= load_type(all, dir, SNE_TYPE_ATTESTATION_RENOUVELLEMENT, SNE_CANAL_COURRIER);
	if (failed) {
		notice_modeles_free(all);
		return NULL;
	}
	return all;
}

void notice_modeles_free(struct notice_modeles *all)
{
	if (all == NULL)
		return;
	for (size_t i = 0; i < all->count; i++)
		for (int c = 0; c < NCANAUX; c++)
			sne_template_free(all->modeles[i].by_canal[c]);
	free(all);
}

static const struct sne_template *find(const struct notice_modeles *all, const char *type,
                                       unsigned canal)
{
	for (size_t i = 0; i < all->count; i++)
		if (strcmp(all->modeles[i].type, type) == 0)
			return all->modeles[i].by_canal[canal_index(canal)];
	return NULL;
}

int notice_render(const struct notice_modeles *all, const struct sne_notice *notice,
                  unsigned canal, struct sne_record *record, const struct notice_demande *d,
                  struct sne_date today, struct notice_texte *out, const char **missing)
{
	const struct sne_template *t = find(all, notice->type, canal);
	char date[64], depot[64], anniversaire[64], eighth[64];
	struct sne_date depot_date;
	const char *values[V_COUNT];

	out->sujet = out->corps = NULL;
	if (t == NULL) {  /* loaded at start for every channel the rules give */
		*missing = "modèle";
		return -1;
	}
	sne_date_format_fr(today, date, sizeof date);
	sne_date_format_fr(d->faits.anniversaire, anniversaire, sizeof anniversaire);
	sne_date_format_fr(notice->preavis ? sne_renouvellement_expiration(d->faits.anniversaire)
	                                   : notice->evenement, eighth, sizeof eighth);
	depot[0] = '\0';
	if (sne_record_get(record, F_DEPOT) != NULL &&
	    sne_date_parse_iso(sne_record_get(record, F_DEPOT), &depot_date, NULL, 0) == 0)
		sne_date_format_fr(depot_date, depot, sizeof depot);
	values[V_NOM] = sne_record_get(record, F_NOM);
	values[V_PRENOM] = sne_record_get(record, F_PRENOM);
	values[V_NUMERO] = d->numero;
	values[V_DATE] = date;
	values[V_DEPOT] = depot;
	values[V_ANNIVERSAIRE] = d->faits.has_anniversaire ? anniversaire : NULL;
	values[V_ECHEANCE_OR_EVENEMENT] = eighth;
	values[V_SALUTATION] = sne_adresse_salutation(sne_record_get(record, F_CIVILITE));
	values[V_ADRESSE] = d->adresse;
	if (sne_template_has_subject(t) &&
	    (out->sujet = sne_template_render_subject(t, values, missing)) == NULL)
		return -1;
	out->corps = sne_template_render(t, values, missing);
	if (out->corps == NULL) {
		notice_texte_free(out);
		return -1;
	}
	return 0;
}

void notice_texte_free(struct notice_texte *texte)
{
	free(texte->sujet);
	free(texte->corps);
	texte->sujet = texte->corps = NULL;
}

/* ------------------------------------------------------------------ */
/* the envois stream */

int notice_write_head(struct sne_output *out, struct sne_date today)
{
	char date[SNE_DATE_ISO_SIZE];

	sne_date_format(today, date);
	return sne_output_printf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	                         "<e:envois xmlns:e=\"%s\" date=\"%s\">\n", SNE_NS_ENVOI, date);
}

int notice_write_tail(struct sne_output *out)
{
	return sne_output_puts(out, "</e:envois>\n");
}

/* <e:NAME>TEXT</e:NAME> on its own line. */
static int element(struct sne_output *out, const char *name, const char *text)
{
	if (sne_output_printf(out, "    <e:%s>", name) != 0 ||
	    sne_output_xml_escaped(out, text) != 0)
		return -1;
	return sne_output_printf(out, "</e:%s>\n", name);
}

static int date_element(struct sne_output *out, const char *name, struct sne_date date)
{
	char iso[SNE_DATE_ISO_SIZE];

	sne_date_format(date, iso);
	return element(out, name, iso);
}

/* The address block, one <e:ligne> per line. */
static int address_lines(struct sne_output *out, const char *block)
{
	char line[SNE_ADRESSE_SIZE];

	if (sne_output_puts(out, "    <e:destinataire>\n") != 0)
		return -1;
	while (*block != '\0') {
		size_t n = strcspn(block, "\n");

		snprintf(line, sizeof line, "%.*s", (int)n, block);
		if (sne_output_puts(out, "  ") != 0 || element(out, "ligne", line) != 0)
			return -1;
		block += n + (block[n] == '\n');
	}
	return sne_output_puts(out, "    </e:destinataire>\n");
}

static int destinataire(struct sne_output *out, unsigned canal, const struct notice_demande *d)
{
	if (canal == SNE_CANAL_COURRIER)
		return address_lines(out, d->adresse);
	return element(out, "destinataire", canal == SNE_CANAL_SMS ? d->mobile : d->courriel);
}

/* An e-mail's subject and body, or the text of an SMS or a letter. */
static int texte_elements(struct sne_output *out, const struct notice_texte *texte)
{
	if (texte->sujet == NULL)
		return element(out, "texte", texte->corps);
	if (element(out, "sujet", texte->sujet) != 0)
		return -1;
	return element(out, "corps", texte->corps);
}

int notice_write_envoi(struct sne_output *out, const struct sne_notice *notice,
                       unsigned canal, const struct notice_demande *d,
                       struct sne_date today, const struct notice_texte *texte)
{
	char parts[16];

	if (sne_output_puts(out, "  <e:envoi>\n") != 0 ||
	    element(out, "type", notice->type) != 0 ||
	    element(out, "canal", notice_canal_name(canal)) != 0 ||
	    element(out, "numUnique", d->numero) != 0 ||
	    destinataire(out, canal, d) != 0 ||
	    date_element(out, "date", today) != 0 ||
	    (notice->preavis && date_element(out, "anniversaire", notice->anniversaire) != 0) ||
	    (!notice->preavis && date_element(out, "evenement", notice->evenement) != 0) ||
	    texte_elements(out, texte) != 0)
		return -1;
	if (canal == SNE_CANAL_SMS) {
		snprintf(parts, sizeof parts, "%d", sne_sms_parts(texte->corps, NULL));
		if (element(out, "nombreSms", parts) != 0)
			return -1;
	}
	return sne_output_puts(out, "  </e:envoi>\n");
}
