/* sne-notice: the templates of a run, rendering, and the envois stream. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "notice.h"
#include "sne/err.h"
#include "sne/guichets_print.h"
#include "sne/renouvellement.h"

/* Placeholders, in the order of the values given to the templates; the
 * seventh differs between préavis and attestations; the registering
 * guichet (name and address) and its contact points in e-mails and
 * letters, the applicant's adresse only in letters. */
enum { V_NOM, V_PRENOM, V_NUMERO, V_DATE, V_DEPOT, V_ANNIVERSAIRE, V_ECHEANCE_OR_EVENEMENT,
       V_SALUTATION, V_GUICHET, V_CONTACTS, V_ADRESSE, V_COUNT };
#define V_COUNT_SMS V_GUICHET
#define V_COUNT_NO_ADDRESS V_ADRESSE

static const char *const preavis_names[V_COUNT] = {
	"nom", "prenom", "numero", "date", "depot", "anniversaire", "echeance", "salutation",
	"guichet", "contacts", "adresse",
};
static const char *const attestation_names[V_COUNT] = {
	"nom", "prenom", "numero", "date", "depot", "anniversaire", "evenement", "salutation",
	"guichet", "contacts", "adresse",
};
#define SITE "https://www.demande-logement-social.gouv.fr"
#define GUICHET_TEXT_SIZE 1024
#define CONTACTS_TEXT_SIZE 4096
/* The avertissement de radiation: "echeance" is the end of its delay,
 * "motif" what the applicant is told (the sous-motif for RADIRR). */
enum { A_NOM, A_PRENOM, A_NUMERO, A_DATE, A_DEPOT, A_ECHEANCE, A_MOTIF, A_SALUTATION, A_ADRESSE,
       A_COUNT };
static const char *const avertissement_names[A_COUNT] = {
	"nom", "prenom", "numero", "date", "depot", "echeance", "motif", "salutation", "adresse",
};
/* The avertissement motifs, each with its own template
 * "avertissement-radiation-MOTIF.courrier-ar.txt". */
static const char *const avertissement_motifs[] = { "RADIRR", "RADCON" };

static const unsigned canaux[] = { SNE_CANAL_SMS, SNE_CANAL_COURRIEL, SNE_CANAL_COURRIER,
                                   SNE_CANAL_COURRIER_AR };
#define NCANAUX 4

struct modele {
	char type[SNE_NOTICE_TYPE_SIZE];  /* the template's name: the notice type,
	                                     with "-MOTIF" for an avertissement */
	struct sne_template *by_canal[NCANAUX];
};

struct notice_modeles {
	struct modele modeles[SNE_NOTICE_MAX + 1];
	size_t count;
};

const char *notice_canal_name(unsigned canal)
{
	return canal == SNE_CANAL_SMS ? "sms" : canal == SNE_CANAL_COURRIEL ? "courriel"
	       : canal == SNE_CANAL_COURRIER_AR ? SNE_CANAL_NAME_COURRIER_AR : "courrier";
}

static int canal_index(unsigned canal)
{
	return canal == SNE_CANAL_SMS ? 0 : canal == SNE_CANAL_COURRIEL ? 1
	       : canal == SNE_CANAL_COURRIER ? 2 : 3;
}

/* The placeholders a template of M may use: their names and how many. */
static const char *const *names_of(const struct modele *m, unsigned canal, size_t *nnames)
{
	int letter = canal == SNE_CANAL_COURRIER || canal == SNE_CANAL_COURRIER_AR;

	if (strncmp(m->type, SNE_TYPE_AVERTISSEMENT, strlen(SNE_TYPE_AVERTISSEMENT)) == 0) {
		*nnames = letter ? A_COUNT : A_ADRESSE;
		return avertissement_names;
	}
	*nnames = letter ? V_COUNT : canal == SNE_CANAL_SMS ? V_COUNT_SMS : V_COUNT_NO_ADDRESS;
	return strncmp(m->type, "preavis-", 8) == 0 ? preavis_names : attestation_names;
}

static int load_one(struct modele *m, const char *dir, unsigned canal)
{
	char path[4096], why[1024];
	size_t nnames;
	const char *const *names = names_of(m, canal, &nnames);
	struct sne_template **slot = &m->by_canal[canal_index(canal)];

	if (*slot != NULL)
		return 0;
	snprintf(path, sizeof path, "%s/%s.%s.txt", dir, m->type, notice_canal_name(canal));
	*slot = sne_template_load(path, names, nnames, why, sizeof why);
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
	for (size_t i = 0; i < sizeof avertissement_motifs / sizeof avertissement_motifs[0]; i++) {
		snprintf(type, sizeof type, "%s-%s", SNE_TYPE_AVERTISSEMENT, avertissement_motifs[i]);
		failed |= load_type(all, dir, type, SNE_CANAL_COURRIER_AR);
	}
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

/* The date de dépôt of RECORD in French into DEPOT (64 bytes), "" when
 * unreadable. */
static void depot_fr(struct sne_record *record, char *depot)
{
	struct sne_date depot_date;

	depot[0] = '\0';
	if (sne_record_get(record, F_DEPOT) != NULL &&
	    sne_date_parse_iso(sne_record_get(record, F_DEPOT), &depot_date, NULL, 0) == 0)
		sne_date_format_fr(depot_date, depot, 64);
}

/* What the avertissement tells the applicant of its motif. */
static const char *motif_libelle(const struct sne_notice *notice)
{
	if (strcmp(notice->motif, "RADCON") == 0)
		return "impossibilité de vous contacter";
	return sne_radiation_sous_motif_libelle(notice->sous_motif);
}

/* T with VALUES into OUT: the subject when the template has one, the
 * body.  0, or -1 with *MISSING (OUT then empty). */
static int render_texte(const struct sne_template *t, const char *const *values,
                        struct notice_texte *out, const char **missing)
{
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

static int render_avertissement(const struct sne_template *t, const struct sne_notice *notice,
                                struct sne_record *record, const struct notice_demande *d,
                                struct sne_date today, struct notice_texte *out,
                                const char **missing)
{
	char date[64], depot[64], echeance[64];
	const char *values[A_COUNT];

	sne_date_format_fr(today, date, sizeof date);
	sne_date_format_fr(notice->echeance, echeance, sizeof echeance);
	depot_fr(record, depot);
	values[A_NOM] = sne_record_get(record, F_NOM);
	values[A_PRENOM] = sne_record_get(record, F_PRENOM);
	values[A_NUMERO] = d->numero;
	values[A_DATE] = date;
	values[A_DEPOT] = depot;
	values[A_ECHEANCE] = echeance;
	values[A_MOTIF] = motif_libelle(notice);
	values[A_SALUTATION] = sne_adresse_salutation(sne_record_get(record, F_CIVILITE));
	values[A_ADRESSE] = d->adresse;
	return render_texte(t, values, out, missing);
}

/* The guichet that registered numéro NUMERO (its last 5 characters), as a
 * letter names it: its name and postal address from GUICHETS (may be
 * NULL) into GUICHET, its contact points into CONTACTS.  Without a
 * register, or for a code it does not hold, the code and the site. */
static void guichet_texts(const struct sne_guichets *guichets, const char *numero,
                          char guichet[GUICHET_TEXT_SIZE], char contacts[CONTACTS_TEXT_SIZE])
{
	const char *code = strlen(numero) == SNE_NUMERO_LEN ? numero + SNE_NUMERO_LEN -
	                   SNE_GUICHET_LEN : "";
	const struct sne_guichet *g = guichets != NULL ? sne_guichets_find(guichets, code) : NULL;
	char adresse[GUICHET_TEXT_SIZE / 2];

	if (strcmp(code, SNE_GUICHET_PGP) == 0) {
		snprintf(guichet, GUICHET_TEXT_SIZE, "le portail grand public, " SITE);
		snprintf(contacts, CONTACTS_TEXT_SIZE, "en ligne sur " SITE);
		return;
	}
	if (g == NULL) {
		snprintf(guichet, GUICHET_TEXT_SIZE, "le guichet enregistreur %s", code);
		snprintf(contacts, CONTACTS_TEXT_SIZE, "les coordonnées des guichets enregistreurs "
		         "sont sur " SITE);
		return;
	}
	sne_guichet_adresse_text(&g->adresse, "\n", adresse, sizeof adresse);
	snprintf(guichet, GUICHET_TEXT_SIZE, "%.*s\n%s", GUICHET_TEXT_SIZE / 2 - 2, g->nom, adresse);
	sne_guichet_contacts_text(g, contacts, CONTACTS_TEXT_SIZE);
	if (contacts[0] == '\0')
		snprintf(contacts, CONTACTS_TEXT_SIZE, "à l'adresse ci-dessus");
}

int notice_render(const struct notice_modeles *all, const struct sne_notice *notice,
                  unsigned canal, struct sne_record *record, const struct notice_demande *d,
                  struct sne_date today, const struct sne_guichets *guichets,
                  struct notice_texte *out, const char **missing)
{
	char guichet[GUICHET_TEXT_SIZE], contacts[CONTACTS_TEXT_SIZE];
	char name[SNE_NOTICE_TYPE_SIZE + SNE_MOTIF_SIZE];
	const struct sne_template *t;
	char date[64], depot[64], anniversaire[64], eighth[64];
	const char *values[V_COUNT];

	out->sujet = out->corps = NULL;
	if (notice->avertissement)
		snprintf(name, sizeof name, "%s-%s", notice->type, notice->motif);
	else
		snprintf(name, sizeof name, "%s", notice->type);
	t = find(all, name, canal);
	if (t == NULL) {  /* loaded at start for every channel the rules give */
		*missing = "modèle";
		return -1;
	}
	if (notice->avertissement)
		return render_avertissement(t, notice, record, d, today, out, missing);
	sne_date_format_fr(today, date, sizeof date);
	sne_date_format_fr(d->faits.anniversaire, anniversaire, sizeof anniversaire);
	sne_date_format_fr(notice->preavis ? sne_renouvellement_dernier_jour(d->faits.anniversaire)
	                                   : notice->evenement, eighth, sizeof eighth);
	depot_fr(record, depot);
	values[V_NOM] = sne_record_get(record, F_NOM);
	values[V_PRENOM] = sne_record_get(record, F_PRENOM);
	values[V_NUMERO] = d->numero;
	values[V_DATE] = date;
	values[V_DEPOT] = depot;
	values[V_ANNIVERSAIRE] = d->faits.has_anniversaire ? anniversaire : NULL;
	values[V_ECHEANCE_OR_EVENEMENT] = eighth;
	values[V_SALUTATION] = sne_adresse_salutation(sne_record_get(record, F_CIVILITE));
	guichet_texts(guichets, d->numero, guichet, contacts);
	values[V_GUICHET] = guichet;
	values[V_CONTACTS] = contacts;
	values[V_ADRESSE] = d->adresse;
	return render_texte(t, values, out, missing);
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

/* <e:NAME>TEXT</e:NAME> on its own line (pieces, not a format: a notice
 * writes a dozen of them). */
static int element(struct sne_output *out, const char *name, const char *text)
{
	if (sne_output_puts(out, "    <e:") != 0 || sne_output_puts(out, name) != 0 ||
	    sne_output_puts(out, ">") != 0 || sne_output_xml_escaped(out, text) != 0 ||
	    sne_output_puts(out, "</e:") != 0 || sne_output_puts(out, name) != 0)
		return -1;
	return sne_output_puts(out, ">\n");
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
	if (canal == SNE_CANAL_COURRIER || canal == SNE_CANAL_COURRIER_AR)
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
	    (notice->avertissement && date_element(out, "echeance", notice->echeance) != 0) ||
	    (!notice->preavis && !notice->avertissement &&
	     date_element(out, "evenement", notice->evenement) != 0) ||
	    texte_elements(out, texte) != 0)
		return -1;
	if (canal == SNE_CANAL_SMS) {
		snprintf(parts, sizeof parts, "%d", sne_sms_parts(texte->corps, NULL));
		if (element(out, "nombreSms", parts) != 0)
			return -1;
	}
	return sne_output_puts(out, "  </e:envoi>\n");
}
