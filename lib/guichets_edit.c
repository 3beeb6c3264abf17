/* Edits of the register of guichets on its libxml2 tree.  A guichet's
 * element order is the schema's: nom, type, territoire+, adresse,
 * ouverture, fermeture?, contact*, historique.  A change builds the new
 * elements first, from the old values and the new ones, then swaps them
 * in: the strings borrowed from the old elements stay valid while read. */
#include "sne/guichets_edit.h"

#include <libxml/tree.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sne/err.h"

#define TEXT_MAX 200
#define CHAMPS_MAX 128

__attribute__((format(printf, 2, 3)))
static int refuse(char *why, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, SNE_GUICHETS_WHY, fmt, ap);
	va_end(ap);
	return SNE_EX_USAGE;
}

static xmlNsPtr register_ns(struct sne_guichets *reg)
{
	return xmlDocGetRootElement(sne_guichets_doc(reg))->ns;
}

static int is_named(const xmlNode *node, const char *name)
{
	return node->type == XML_ELEMENT_NODE && strcmp((const char *)node->name, name) == 0;
}

static xmlNodePtr child_named(xmlNodePtr parent, const char *name)
{
	xmlNodePtr child;

	for (child = parent->children; child != NULL; child = child->next)
		if (is_named(child, name))
			return child;
	return NULL;
}

/* A new element NAME holding TEXT (copied, never parsed as markup). */
static xmlNodePtr leaf(struct sne_guichets *reg, const char *name, const char *text)
{
	xmlNodePtr node = xmlNewDocNode(sne_guichets_doc(reg), register_ns(reg),
	                                (const xmlChar *)name, NULL);

	if (node == NULL)
		abort();
	if (text != NULL)
		xmlNodeAddContent(node, (const xmlChar *)text);
	return node;
}

static void add_leaf(struct sne_guichets *reg, xmlNodePtr parent, const char *name,
                     const char *text)
{
	xmlAddChild(parent, leaf(reg, name, text));
}

/* Whether TEXT is a text value the schema takes: 1 to 200 characters, no
 * control character.  Else a reason naming OPTION. */
static int check_text(const char *option, const char *text, char *why)
{
	size_t chars = 0;

	for (const unsigned char *p = (const unsigned char *)text; *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7F)
			return refuse(why, "%s : caractère de contrôle refusé", option);
		chars += (*p & 0xC0) != 0x80;
	}
	if (chars == 0 || chars > TEXT_MAX)
		return refuse(why, "%s : attendu 1 à %d caractères (%zu donnés)", option, TEXT_MAX,
		              chars);
	return 0;
}

/* ------------------------------------------------------------------ */
/* addresses */

/* OLD with what NEW gives on top, into OUT. */
static void merge_adresse(const struct sne_guichet_adresse *old,
                          const struct sne_adresse_saisie *new, struct sne_adresse_saisie *out)
{
	size_t i;

	memset(out, 0, sizeof *out);
	if (old != NULL) {
		for (i = 0; i < old->nlignes; i++)
			out->lignes[i] = old->lignes[i];
		out->nlignes = old->nlignes;
		out->code_postal = old->code_postal;
		out->commune = old->commune;
	}
	if (new->nlignes > 0) {
		for (i = 0; i < new->nlignes; i++)
			out->lignes[i] = new->lignes[i];
		out->nlignes = new->nlignes;
	}
	if (new->code_postal != NULL)
		out->code_postal = new->code_postal;
	if (new->commune != NULL)
		out->commune = new->commune;
}

static int adresse_given(const struct sne_adresse_saisie *a)
{
	return a->nlignes > 0 || a->code_postal != NULL || a->commune != NULL;
}

static int check_adresse(const struct sne_adresse_saisie *a, const char *whose, char *why)
{
	size_t i;

	if (a->nlignes == 0 || a->code_postal == NULL || a->commune == NULL)
		return refuse(why, "adresse %s incomplète : donnez --adresse (1 à %d lignes), "
		              "--code-postal et --commune", whose, SNE_GUICHET_LIGNES_MAX);
	for (i = 0; i < a->nlignes; i++)
		if (check_text("--adresse", a->lignes[i], why) != 0)
			return SNE_EX_USAGE;
	if (strlen(a->code_postal) != 5 || strspn(a->code_postal, "0123456789") != 5)
		return refuse(why, "code postal « %.20s » invalide : attendu 5 chiffres (74000)",
		              a->code_postal);
	return check_text("--commune", a->commune, why);
}

static xmlNodePtr build_adresse(struct sne_guichets *reg, const struct sne_adresse_saisie *a)
{
	xmlNodePtr node = leaf(reg, "adresse", NULL);
	size_t i;

	for (i = 0; i < a->nlignes; i++)
		add_leaf(reg, node, "ligne", a->lignes[i]);
	add_leaf(reg, node, "codePostal", a->code_postal);
	add_leaf(reg, node, "commune", a->commune);
	return node;
}

/* ------------------------------------------------------------------ */
/* history */

static void add_evenement(struct sne_guichets *reg, xmlNodePtr guichet, const char *type,
                          const struct sne_guichets_change *change, unsigned contact,
                          const char *champs)
{
	xmlNodePtr historique = child_named(guichet, "historique");
	xmlNodePtr ev = leaf(reg, "evenement", NULL);
	char iso[SNE_DATE_ISO_SIZE], id[24];

	if (historique == NULL)
		historique = xmlAddChild(guichet, leaf(reg, "historique", NULL));
	sne_date_format(change->date, iso);
	xmlSetProp(ev, (const xmlChar *)"date", (const xmlChar *)iso);
	xmlSetProp(ev, (const xmlChar *)"type", (const xmlChar *)type);
	xmlSetProp(ev, (const xmlChar *)"operateur", (const xmlChar *)change->operateur);
	if (contact > 0) {
		snprintf(id, sizeof id, "%u", contact);
		xmlSetProp(ev, (const xmlChar *)"contact", (const xmlChar *)id);
	}
	if (champs != NULL && *champs != '\0')
		xmlSetProp(ev, (const xmlChar *)"champs", (const xmlChar *)champs);
	xmlAddChild(historique, ev);
}

static void add_champ(char champs[CHAMPS_MAX], int given, const char *name)
{
	size_t len = strlen(champs);

	if (given)
		snprintf(champs + len, CHAMPS_MAX - len, "%s%s", len ? " " : "", name);
}

/* ------------------------------------------------------------------ */
/* a guichet's head: nom, type, territoires, adresse, ouverture */

struct head {
	const char *nom, *type;
	const char (*territoires)[SNE_TERRITOIRE_SIZE];
	size_t nterritoires;
	struct sne_adresse_saisie adresse;
	struct sne_date ouverture;
};

static int check_head(const struct head *h, char *why)
{
	if (h->nom == NULL || h->type == NULL || h->nterritoires == 0)
		return refuse(why, "guichet incomplet : donnez --nom, --type et --territoire "
		              "(répétable)");
	if (check_text("--nom", h->nom, why) != 0)
		return SNE_EX_USAGE;
	return check_adresse(&h->adresse, "du guichet", why);
}

/* Inserts the head's elements before ANCHOR (NULL: at the end of G). */
static void insert_head(struct sne_guichets *reg, xmlNodePtr g, xmlNodePtr anchor,
                        const struct head *h)
{
	xmlNodePtr nodes[SNE_GUICHET_TERRITOIRES_MAX + 4];
	char iso[SNE_DATE_ISO_SIZE];
	size_t n = 0, i;

	nodes[n++] = leaf(reg, "nom", h->nom);
	nodes[n++] = leaf(reg, "type", h->type);
	for (i = 0; i < h->nterritoires; i++)
		nodes[n++] = leaf(reg, "territoire", h->territoires[i]);
	nodes[n++] = build_adresse(reg, &h->adresse);
	sne_date_format(h->ouverture, iso);
	nodes[n++] = leaf(reg, "ouverture", iso);
	for (i = 0; i < n; i++)
		if (anchor != NULL)
			xmlAddPrevSibling(anchor, nodes[i]);
		else
			xmlAddChild(g, nodes[i]);
}

static int is_head_element(const xmlNode *node)
{
	static const char *const names[] = { "nom", "type", "territoire", "adresse", "ouverture" };
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (is_named(node, names[i]))
			return 1;
	return 0;
}

/* Replaces G's head with H. */
static void replace_head(struct sne_guichets *reg, xmlNodePtr g, const struct head *h)
{
	xmlNodePtr old[SNE_GUICHET_TERRITOIRES_MAX + 16], child, anchor = NULL;
	size_t n = 0, i;

	for (child = g->children; child != NULL; child = child->next) {
		if (child->type == XML_ELEMENT_NODE && is_head_element(child)) {
			if (n < sizeof old / sizeof old[0])
				old[n++] = child;
		} else if (child->type == XML_ELEMENT_NODE && anchor == NULL)
			anchor = child;
	}
	insert_head(reg, g, anchor, h);
	for (i = 0; i < n; i++) {
		xmlUnlinkNode(old[i]);
		xmlFreeNode(old[i]);
	}
}

static const struct sne_guichet *find_or_refuse(struct sne_guichets *reg, const char *code,
                                                struct sne_date date, char *why)
{
	const struct sne_guichet *g = sne_guichets_find(reg, code);
	char nearest[64];

	if (g != NULL)
		return g;
	sne_guichets_nearest(reg, code, date, nearest, sizeof nearest);
	refuse(why, "guichet %s absent du registre %s%s%s%s", code, sne_guichets_path(reg),
	       nearest[0] ? " (codes proches : " : "", nearest, nearest[0] ? ")" : "");
	return NULL;
}

int sne_guichets_create(struct sne_guichets *reg, const char *code,
                        const struct sne_guichet_saisie *s,
                        const struct sne_guichets_change *change, char *why)
{
	struct head h = { s->nom, s->type, (const char (*)[SNE_TERRITOIRE_SIZE])s->territoires,
	                  s->nterritoires, s->adresse, s->ouverture_given ? s->ouverture
	                                                                  : change->date };
	xmlNodePtr root = xmlDocGetRootElement(sne_guichets_doc(reg)), g, next = NULL;
	size_t i;

	if (strcmp(code, SNE_GUICHET_PGP) == 0)
		return refuse(why, "le code GDPUB est réservé au portail grand public : choisissez "
		              "un autre code");
	if (sne_guichets_find(reg, code) != NULL)
		return refuse(why, "le guichet %s existe déjà dans %s : changez-le avec --modifier",
		              code, sne_guichets_path(reg));
	if (check_head(&h, why) != 0)
		return SNE_EX_USAGE;
	for (i = 0; i < sne_guichets_count(reg) && next == NULL; i++)
		if (strcmp(sne_guichets_at(reg, i)->code, code) > 0)
			next = sne_guichets_at(reg, i)->node;
	g = leaf(reg, "guichet", NULL);
	xmlSetProp(g, (const xmlChar *)"code", (const xmlChar *)code);
	insert_head(reg, g, NULL, &h);
	if (next != NULL)
		xmlAddPrevSibling(next, g);
	else
		xmlAddChild(root, g);
	add_evenement(reg, g, "creation", change, 0, NULL);
	sne_guichets_reindex(reg);
	return 0;
}

int sne_guichets_modify(struct sne_guichets *reg, const char *code,
                        const struct sne_guichet_saisie *s,
                        const struct sne_guichets_change *change, char *why)
{
	const struct sne_guichet *g = find_or_refuse(reg, code, change->date, why);
	char champs[CHAMPS_MAX] = "";
	struct head h;

	if (g == NULL)
		return SNE_EX_USAGE;
	add_champ(champs, s->nom != NULL, "nom");
	add_champ(champs, s->type != NULL, "type");
	add_champ(champs, s->nterritoires > 0, "territoire");
	add_champ(champs, adresse_given(&s->adresse), "adresse");
	add_champ(champs, s->ouverture_given, "ouverture");
	if (champs[0] == '\0')
		return refuse(why, "--modifier %s : rien à changer ; donnez --nom, --type, "
		              "--territoire, --adresse, --code-postal, --commune ou --ouverture", code);
	h.nom = s->nom != NULL ? s->nom : g->nom;
	h.type = s->type != NULL ? s->type : g->type;
	h.territoires = s->nterritoires > 0 ?
	                (const char (*)[SNE_TERRITOIRE_SIZE])s->territoires :
	                (const char (*)[SNE_TERRITOIRE_SIZE])g->territoires;
	h.nterritoires = s->nterritoires > 0 ? s->nterritoires : g->nterritoires;
	merge_adresse(&g->adresse, &s->adresse, &h.adresse);
	h.ouverture = s->ouverture_given ? s->ouverture : g->ouverture;
	if (check_head(&h, why) != 0)
		return SNE_EX_USAGE;
	if (g->ferme && sne_date_cmp(h.ouverture, g->fermeture) >= 0)
		return refuse(why, "--ouverture : le guichet %s est fermé avant cette date", code);
	replace_head(reg, g->node, &h);
	add_evenement(reg, g->node, "modification", change, 0, champs);
	sne_guichets_reindex(reg);
	return 0;
}

int sne_guichets_close(struct sne_guichets *reg, const char *code,
                       const struct sne_guichets_change *change, char *why)
{
	const struct sne_guichet *g = find_or_refuse(reg, code, change->date, why);
	char iso[SNE_DATE_ISO_SIZE];
	xmlNodePtr ouverture;

	if (g == NULL)
		return SNE_EX_USAGE;
	if (g->ferme) {
		sne_date_format(g->fermeture, iso);
		return refuse(why, "le guichet %s est déjà fermé (fermeture le %s)", code, iso);
	}
	if (sne_date_cmp(change->date, g->ouverture) <= 0) {
		sne_date_format(g->ouverture, iso);
		return refuse(why, "le guichet %s ouvre le %s : sa fermeture doit suivre ; donnez "
		              "--date", code, iso);
	}
	ouverture = child_named(g->node, "ouverture");
	sne_date_format(change->date, iso);
	xmlAddNextSibling(ouverture, leaf(reg, "fermeture", iso));
	add_evenement(reg, g->node, "fermeture", change, 0, NULL);
	sne_guichets_reindex(reg);
	return 0;
}

/* ------------------------------------------------------------------ */
/* contact points */

struct contact_values {
	const char *type, *libelle, *telephone;
	struct sne_adresse_saisie adresse;
	const char *horaires[7];
};

static int check_contact(const struct contact_values *v, char *why)
{
	if (v->type == NULL || v->libelle == NULL)
		return refuse(why, "point de contact incomplet : donnez --type physique ou telephone "
		              "et --libelle");
	if (check_text("--libelle", v->libelle, why) != 0)
		return SNE_EX_USAGE;
	if (strcmp(v->type, "telephone") == 0 && v->telephone == NULL)
		return refuse(why, "point de contact téléphonique sans --telephone");
	if (strcmp(v->type, "physique") == 0 || adresse_given(&v->adresse))
		return check_adresse(&v->adresse, "du point de contact", why);
	return 0;
}

static xmlNodePtr build_contact(struct sne_guichets *reg, unsigned id,
                                const struct contact_values *v)
{
	xmlNodePtr node = leaf(reg, "contact", NULL);
	char text[24];
	int j;

	snprintf(text, sizeof text, "%u", id);
	xmlSetProp(node, (const xmlChar *)"id", (const xmlChar *)text);
	xmlSetProp(node, (const xmlChar *)"type", (const xmlChar *)v->type);
	add_leaf(reg, node, "libelle", v->libelle);
	if (adresse_given(&v->adresse))
		xmlAddChild(node, build_adresse(reg, &v->adresse));
	if (v->telephone != NULL)
		add_leaf(reg, node, "telephone", v->telephone);
	for (j = 0; j < 7; j++)
		if (v->horaires[j] != NULL) {
			xmlNodePtr h = leaf(reg, "horaires", v->horaires[j]);

			xmlSetProp(h, (const xmlChar *)"jour", (const xmlChar *)sne_guichet_jours[j]);
			xmlAddChild(node, h);
		}
	return node;
}

/* OLD (may be NULL) with C's values on top, into V. */
static void merge_contact(const struct sne_guichet_contact *old,
                          const struct sne_contact_saisie *c, struct contact_values *v)
{
	int j;

	memset(v, 0, sizeof *v);
	if (old != NULL) {
		v->type = old->type;
		v->libelle = old->libelle;
		v->telephone = old->telephone;
		for (j = 0; j < 7; j++)
			v->horaires[j] = old->horaires[j];
	}
	merge_adresse(old != NULL && old->has_adresse ? &old->adresse : NULL, &c->adresse,
	              &v->adresse);
	if (c->type != NULL)
		v->type = c->type;
	if (c->libelle != NULL)
		v->libelle = c->libelle;
	if (c->telephone != NULL)
		v->telephone = *c->telephone != '\0' ? c->telephone : NULL;
	for (j = 0; j < 7; j++)
		if (c->horaires_given[j])
			v->horaires[j] = c->horaires[j][0] != '\0' ? c->horaires[j] : NULL;
}

/* The contact element ID of G, or NULL. */
static xmlNodePtr contact_node(const struct sne_guichet *g, unsigned id,
                               struct sne_guichet_contact *out)
{
	struct sne_guichet_contact contacts[64];
	size_t n = sne_guichet_contacts(g, contacts, 64), i;
	xmlNodePtr child;

	if (n > 64)
		n = 64;
	for (i = 0; i < n; i++)
		if (contacts[i].id == id) {
			*out = contacts[i];
			break;
		}
	if (i == n)
		return NULL;
	for (child = ((xmlNodePtr)g->node)->children; child != NULL; child = child->next)
		if (child->type == XML_ELEMENT_NODE && is_named(child, "contact") && i-- == 0)
			return child;
	return NULL;
}

static unsigned next_contact_id(const struct sne_guichet *g)
{
	struct sne_guichet_contact contacts[64];
	size_t n = sne_guichet_contacts(g, contacts, 64), i;
	unsigned max = 0;

	for (i = 0; i < n && i < 64; i++)
		if (contacts[i].id > max)
			max = contacts[i].id;
	return max + 1;
}

int sne_guichets_contact_add(struct sne_guichets *reg, const char *code,
                             const struct sne_contact_saisie *c,
                             const struct sne_guichets_change *change, unsigned *id, char *why)
{
	const struct sne_guichet *g = find_or_refuse(reg, code, change->date, why);
	struct contact_values v;
	struct sne_guichet_contact existing[64];

	if (g == NULL)
		return SNE_EX_USAGE;
	if (sne_guichet_contacts(g, existing, 64) >= 64)
		return refuse(why, "le guichet %s a déjà 64 points de contact", code);
	merge_contact(NULL, c, &v);
	if (check_contact(&v, why) != 0)
		return SNE_EX_USAGE;
	*id = next_contact_id(g);
	xmlAddPrevSibling(child_named(g->node, "historique"), build_contact(reg, *id, &v));
	add_evenement(reg, g->node, "contact-ajout", change, *id, NULL);
	sne_guichets_reindex(reg);
	return 0;
}

static int contact_changes(const struct sne_contact_saisie *c, char champs[CHAMPS_MAX])
{
	int j, horaires = 0;

	champs[0] = '\0';
	add_champ(champs, c->type != NULL, "type");
	add_champ(champs, c->libelle != NULL, "libelle");
	add_champ(champs, adresse_given(&c->adresse), "adresse");
	add_champ(champs, c->telephone != NULL, "telephone");
	for (j = 0; j < 7; j++)
		horaires |= c->horaires_given[j];
	add_champ(champs, horaires, "horaires");
	return champs[0] != '\0';
}

int sne_guichets_contact_modify(struct sne_guichets *reg, const char *code, unsigned id,
                                const struct sne_contact_saisie *c,
                                const struct sne_guichets_change *change, char *why)
{
	const struct sne_guichet *g = find_or_refuse(reg, code, change->date, why);
	struct sne_guichet_contact old;
	struct contact_values v;
	char champs[CHAMPS_MAX];
	xmlNodePtr node, fresh;

	if (g == NULL)
		return SNE_EX_USAGE;
	if ((node = contact_node(g, id, &old)) == NULL)
		return refuse(why, "le guichet %s n'a pas de point de contact %u (voir « sne-guichet "
		              "%s »)", code, id, code);
	if (!contact_changes(c, champs))
		return refuse(why, "--contact-modifier : rien à changer ; donnez --type, --libelle, "
		              "--adresse, --telephone ou --horaires");
	merge_contact(&old, c, &v);
	if (check_contact(&v, why) != 0)
		return SNE_EX_USAGE;
	fresh = build_contact(reg, id, &v);
	xmlReplaceNode(node, fresh);
	xmlFreeNode(node);
	add_evenement(reg, g->node, "contact-modification", change, id, champs);
	sne_guichets_reindex(reg);
	return 0;
}

int sne_guichets_contact_remove(struct sne_guichets *reg, const char *code, unsigned id,
                                const struct sne_guichets_change *change, char *why)
{
	const struct sne_guichet *g = find_or_refuse(reg, code, change->date, why);
	struct sne_guichet_contact old;
	xmlNodePtr node;

	if (g == NULL)
		return SNE_EX_USAGE;
	if ((node = contact_node(g, id, &old)) == NULL)
		return refuse(why, "le guichet %s n'a pas de point de contact %u (voir « sne-guichet "
		              "%s »)", code, id, code);
	xmlUnlinkNode(node);
	xmlFreeNode(node);
	add_evenement(reg, g->node, "contact-suppression", change, id, NULL);
	sne_guichets_reindex(reg);
	return 0;
}

/* ------------------------------------------------------------------ */
/* writing */

int sne_guichets_write(struct sne_guichets *reg, struct sne_output *out)
{
	xmlChar *text = NULL;
	int len = 0, rc;

	if ((rc = sne_guichets_validate(sne_guichets_path(reg), sne_guichets_doc(reg))) != 0)
		return rc;
	xmlDocDumpFormatMemoryEnc(sne_guichets_doc(reg), &text, &len, "UTF-8", 1);
	if (text == NULL)
		abort();
	rc = sne_output_emit(out, text, (size_t)len);
	xmlFree(text);
	return rc;
}
