/* The register of guichets: a small document read whole with libxml2's
 * tree API (no network, no DTD, no entities), validated against
 * share/xsd/guichet.xsd, then indexed by code. */
#include "sne/guichets.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sne/err.h"
#include "sne/io.h"
#include "sne/paths.h"

#define REGISTER_MAX (64 << 20)

#define NEAREST_MAX 3

const char *const sne_guichet_jours[7] = { "lundi", "mardi", "mercredi", "jeudi",
	                                   "vendredi", "samedi", "dimanche" };

struct sne_guichets {
	char *path;
	xmlDocPtr doc;
	struct sne_guichet *items;
	size_t n;
};

static int is_g(const xmlNode *node, const char *name)
{
	return node != NULL && node->type == XML_ELEMENT_NODE && node->ns != NULL &&
	       strcmp((const char *)node->ns->href, SNE_GUICHETS_NS) == 0 &&
	       strcmp((const char *)node->name, name) == 0;
}

/* The text of a leaf element: its first text child, or "" (borrowed). */
static const char *leaf_text(const xmlNode *node)
{
	const xmlNode *child;

	for (child = node->children; child != NULL; child = child->next)
		if (child->type == XML_TEXT_NODE && child->content != NULL)
			return (const char *)child->content;
	return "";
}

static void read_adresse(const xmlNode *node, struct sne_guichet_adresse *out)
{
	const xmlNode *child;

	memset(out, 0, sizeof *out);
	for (child = node->children; child != NULL; child = child->next) {
		if (is_g(child, "ligne") && out->nlignes < SNE_GUICHET_LIGNES_MAX)
			out->lignes[out->nlignes++] = leaf_text(child);
		else if (is_g(child, "codePostal"))
			out->code_postal = leaf_text(child);
		else if (is_g(child, "commune"))
			out->commune = leaf_text(child);
	}
}

static void add_territoire(struct sne_guichet *g, const char *code)
{
	g->territoires = realloc(g->territoires, (g->nterritoires + 1) * sizeof *g->territoires);
	if (g->territoires == NULL)
		abort();
	snprintf(g->territoires[g->nterritoires++], SNE_TERRITOIRE_SIZE, "%s", code);
}

static void read_guichet(xmlNode *node, struct sne_guichet *g)
{
	xmlChar *code = xmlGetProp(node, (const xmlChar *)"code");
	xmlNode *child;

	memset(g, 0, sizeof *g);
	g->node = node;
	snprintf(g->code, sizeof g->code, "%s", code != NULL ? (const char *)code : "");
	xmlFree(code);
	for (child = node->children; child != NULL; child = child->next) {
		if (is_g(child, "nom"))
			g->nom = leaf_text(child);
		else if (is_g(child, "type"))
			g->type = leaf_text(child);
		else if (is_g(child, "territoire"))
			add_territoire(g, leaf_text(child));
		else if (is_g(child, "adresse"))
			read_adresse(child, &g->adresse);
		else if (is_g(child, "ouverture"))
			sne_date_parse_iso(leaf_text(child), &g->ouverture, NULL, 0);
		else if (is_g(child, "fermeture"))
			g->ferme = sne_date_parse_iso(leaf_text(child), &g->fermeture, NULL, 0) == 0;
	}
}

static void free_items(struct sne_guichets *reg)
{
	size_t i;

	for (i = 0; i < reg->n; i++)
		free(reg->items[i].territoires);
	free(reg->items);
	reg->items = NULL;
	reg->n = 0;
}

void sne_guichets_reindex(struct sne_guichets *reg)
{
	xmlNode *root = xmlDocGetRootElement(reg->doc), *child;
	size_t n = 0;

	free_items(reg);
	for (child = root->children; child != NULL; child = child->next)
		n += is_g(child, "guichet");
	reg->items = calloc(n + 1, sizeof *reg->items);
	if (reg->items == NULL)
		abort();
	for (child = root->children; child != NULL; child = child->next)
		if (is_g(child, "guichet"))
			read_guichet(child, &reg->items[reg->n++]);
}

/* ------------------------------------------------------------------ */
/* reading */

struct schema_errors {
	const char *path;
	int count;
};

/* libxml2's text is English: the element and line are named instead. */
static void schema_error(void *ctx, const xmlError *error)
{
	struct schema_errors *errors = ctx;
	const xmlNode *node = error->node;
	const char *element = node != NULL && node->type == XML_ELEMENT_NODE ?
	                      (const char *)node->name : "?";

	if (errors->count++ >= 5)
		return;
	sne_warn("%s:%d: registre des guichets non conforme à guichet.xsd (élément « %s » : "
	         "valeur, ordre ou élément obligatoire ; voir sne-records(5))", errors->path,
	         error->line, element);
}

int sne_guichets_validate(const char *path, void *tree)
{
	char xsd[4096];
	xmlSchemaParserCtxtPtr parser;
	xmlSchemaPtr schema;
	xmlSchemaValidCtxtPtr valid;
	struct schema_errors errors = { path, 0 };
	xmlDocPtr doc = tree;
	int rc;

	snprintf(xsd, sizeof xsd, "%s/xsd/guichet.xsd", sne_share_dir());
	parser = xmlSchemaNewParserCtxt(xsd);
	schema = parser != NULL ? xmlSchemaParse(parser) : NULL;
	xmlSchemaFreeParserCtxt(parser);
	if (schema == NULL) {
		sne_warn("schéma « %s » illisible : réinstallez sne", xsd);
		return SNE_EX_SOFTWARE;
	}
	valid = xmlSchemaNewValidCtxt(schema);
	xmlSchemaSetValidStructuredErrors(valid, (xmlStructuredErrorFunc)schema_error, &errors);
	rc = xmlSchemaValidateDoc(valid, doc);
	xmlSchemaFreeValidCtxt(valid);
	xmlSchemaFree(schema);
	return rc == 0 && errors.count == 0 ? 0 : SNE_EX_DATAERR;
}

/* Reads all of IN into a buffer (freed by the caller), *LEN its length;
 * NULL after a message when it cannot be read or exceeds REGISTER_MAX. */
static char *slurp(struct sne_input *in, size_t *len)
{
	size_t size = 65536;
	char *buf = malloc(size);
	ssize_t n;

	*len = 0;
	if (buf == NULL)
		abort();
	while ((n = sne_input_read(in, buf + *len, size - *len)) > 0) {
		*len += (size_t)n;
		if (*len == size && size >= REGISTER_MAX) {
			sne_warn("%s: registre des guichets de plus de %d Mio : ce n'est pas un "
			         "registre des guichets", sne_input_name(in), REGISTER_MAX >> 20);
			free(buf);
			return NULL;
		}
		if (*len == size && (buf = realloc(buf, size *= 2)) == NULL)
			abort();
	}
	if (n < 0) {
		sne_warn("%s: lecture impossible : %s", sne_input_name(in), sne_input_error(in));
		free(buf);
		return NULL;
	}
	return buf;
}

static int parse_error(const char *name, xmlParserCtxtPtr ctxt)
{
	const xmlError *error = xmlCtxtGetLastError(ctxt);
	char message[512];
	size_t len;

	snprintf(message, sizeof message, "%s",
	         error != NULL && error->message != NULL ? error->message : "?");
	len = strlen(message);
	while (len > 0 && message[len - 1] == '\n')
		message[--len] = '\0';
	sne_warn("%s:%d: registre des guichets mal formé (%s)", name,
	         error != NULL ? error->line : 0, message);
	return SNE_EX_DATAERR;
}

static int parse_buffer(const char *name, const char *buf, size_t len, xmlDocPtr *doc)
{
	xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
	int rc = 0;

	if (ctxt == NULL)
		abort();
	*doc = xmlCtxtReadMemory(ctxt, buf, (int)len, name, NULL,
	                         XML_PARSE_NONET | XML_PARSE_NOBLANKS);
	if (*doc == NULL)
		rc = parse_error(name, ctxt);
	else if ((*doc)->intSubset != NULL) {
		sne_warn("%s: DOCTYPE refusé dans le registre des guichets : retirez-le", name);
		rc = SNE_EX_DATAERR;
	} else if (!is_g(xmlDocGetRootElement(*doc), "guichets")) {
		sne_warn("%s: ce n'est pas un registre des guichets (racine attendue : "
		         "<guichets xmlns=\"" SNE_GUICHETS_NS "\">)", name);
		rc = SNE_EX_DATAERR;
	}
	if (rc != 0) {
		xmlFreeDoc(*doc);
		*doc = NULL;
	}
	xmlFreeParserCtxt(ctxt);
	return rc;
}

int sne_guichets_read(struct sne_input *in, const char *path, struct sne_guichets **out)
{
	const char *name = sne_input_name(in);
	size_t len;
	char *buf = slurp(in, &len);
	xmlDocPtr doc;
	int rc;

	*out = NULL;
	if (buf == NULL)
		return SNE_EX_IOERR;
	rc = parse_buffer(name, buf, len, &doc);
	free(buf);
	if (rc == 0 && (rc = sne_guichets_validate(name, doc)) != 0)
		xmlFreeDoc(doc);
	if (rc != 0)
		return rc;
	*out = calloc(1, sizeof **out);
	if (*out == NULL || ((*out)->path = strdup(path != NULL ? path : name)) == NULL)
		abort();
	(*out)->doc = doc;
	sne_guichets_reindex(*out);
	return 0;
}

int sne_guichets_load(const char *path, struct sne_guichets **out)
{
	struct sne_input *in = sne_input_open(path);
	int rc;

	*out = NULL;
	if (in == NULL) {
		sne_warn("registre des guichets « %s » illisible :", path);
		return SNE_EX_NOINPUT;
	}
	rc = sne_guichets_read(in, path, out);
	sne_input_close(in);
	return rc;
}

struct sne_guichets *sne_guichets_new(const char *path)
{
	struct sne_guichets *reg = calloc(1, sizeof *reg);
	xmlNodePtr root;

	if (reg == NULL || (reg->path = strdup(path)) == NULL)
		abort();
	reg->doc = xmlNewDoc((const xmlChar *)"1.0");
	root = xmlNewNode(NULL, (const xmlChar *)"guichets");
	xmlSetNs(root, xmlNewNs(root, (const xmlChar *)SNE_GUICHETS_NS, (const xmlChar *)"g"));
	xmlDocSetRootElement(reg->doc, root);
	sne_guichets_reindex(reg);
	return reg;
}

void sne_guichets_free(struct sne_guichets *reg)
{
	if (reg == NULL)
		return;
	free_items(reg);
	xmlFreeDoc(reg->doc);
	free(reg->path);
	free(reg);
}

size_t sne_guichets_count(const struct sne_guichets *reg)
{
	return reg->n;
}

const struct sne_guichet *sne_guichets_at(const struct sne_guichets *reg, size_t i)
{
	return i < reg->n ? &reg->items[i] : NULL;
}

const char *sne_guichets_path(const struct sne_guichets *reg)
{
	return reg->path;
}

void *sne_guichets_doc(struct sne_guichets *reg)
{
	return reg->doc;
}

const struct sne_guichet *sne_guichets_find(const struct sne_guichets *reg, const char *code)
{
	size_t i;

	for (i = 0; i < reg->n; i++)
		if (strcmp(reg->items[i].code, code) == 0)
			return &reg->items[i];
	return NULL;
}

int sne_guichet_is_open(const struct sne_guichet *g, struct sne_date date)
{
	if (sne_date_cmp(date, g->ouverture) < 0)
		return 0;
	return !g->ferme || sne_date_cmp(date, g->fermeture) < 0;
}

int sne_guichet_serves(const struct sne_guichet *g, const char *territoire)
{
	size_t i;

	for (i = 0; i < g->nterritoires; i++)
		if (strcmp(g->territoires[i], territoire) == 0)
			return 1;
	return 0;
}

/* ------------------------------------------------------------------ */
/* refusals */

static int code_distance(const char *a, const char *b)
{
	int d = 0, i;

	for (i = 0; i < SNE_GUICHET_LEN; i++)
		d += a[i] != b[i];
	return d;
}

/* The score of candidate G for CODE: fewer differences first, open ones
 * before closed ones at equal distance. */
static int nearest_score(const struct sne_guichet *g, const char *code, struct sne_date date)
{
	return code_distance(g->code, code) * 2 + !sne_guichet_is_open(g, date);
}

void sne_guichets_nearest(const struct sne_guichets *reg, const char *code,
                          struct sne_date date, char *buf, size_t size)
{
	int best, found = 0;
	size_t len = 0, i;

	buf[0] = '\0';
	for (best = 0; best <= SNE_GUICHET_LEN * 2 + 1 && found < NEAREST_MAX; best++)
		for (i = 0; i < reg->n && found < NEAREST_MAX; i++) {
			const struct sne_guichet *g = &reg->items[i];

			if (strcmp(g->code, code) == 0 || nearest_score(g, code, date) != best)
				continue;
			len += (size_t)snprintf(buf + len, len < size ? size - len : 0, "%s%s",
			                        found++ ? ", " : "", g->code);
		}
}

int sne_guichets_check_active(const struct sne_guichets *reg, const char *code,
                              struct sne_date date)
{
	const struct sne_guichet *g = sne_guichets_find(reg, code);
	char nearest[64], iso[SNE_DATE_ISO_SIZE];

	if (g != NULL && sne_guichet_is_open(g, date))
		return 0;
	sne_guichets_nearest(reg, code, date, nearest, sizeof nearest);
	if (g == NULL)
		sne_warn("guichet %s inconnu du registre des guichets %s%s%s%s : donnez le code "
		         "de votre guichet (sne-guichet --lister)", code, reg->path,
		         nearest[0] ? " (codes proches : " : "", nearest, nearest[0] ? ")" : "");
	else {
		sne_date_format(sne_date_cmp(date, g->ouverture) < 0 ? g->ouverture : g->fermeture, iso);
		sne_warn("guichet %s %s le %s%s%s%s : il ne peut pas agir à cette date", code,
		         sne_date_cmp(date, g->ouverture) < 0 ? "pas encore ouvert : ouverture"
		                                              : "fermé : fermeture",
		         iso, nearest[0] ? " (codes proches : " : "", nearest, nearest[0] ? ")" : "");
	}
	return SNE_EX_USAGE;
}

/* ------------------------------------------------------------------ */
/* contacts */

static int jour_index(const char *name)
{
	int i;

	for (i = 0; i < 7; i++)
		if (strcmp(name, sne_guichet_jours[i]) == 0)
			return i;
	return -1;
}

static void read_contact(xmlNode *node, struct sne_guichet_contact *c)
{
	xmlChar *id = xmlGetProp(node, (const xmlChar *)"id");
	xmlNode *child;

	memset(c, 0, sizeof *c);
	c->id = id != NULL ? (unsigned)strtoul((const char *)id, NULL, 10) : 0;
	xmlFree(id);
	for (xmlAttr *a = node->properties; a != NULL; a = a->next)
		if (strcmp((const char *)a->name, "type") == 0 && a->children != NULL)
			c->type = (const char *)a->children->content;
	for (child = node->children; child != NULL; child = child->next) {
		if (is_g(child, "libelle"))
			c->libelle = leaf_text(child);
		else if (is_g(child, "adresse")) {
			c->has_adresse = 1;
			read_adresse(child, &c->adresse);
		} else if (is_g(child, "telephone"))
			c->telephone = leaf_text(child);
		else if (is_g(child, "horaires")) {
			xmlAttr *a = child->properties;
			int j = a != NULL && a->children != NULL ?
			        jour_index((const char *)a->children->content) : -1;

			if (j >= 0)
				c->horaires[j] = leaf_text(child);
		}
	}
}

size_t sne_guichet_contacts(const struct sne_guichet *g, struct sne_guichet_contact *out,
                            size_t max)
{
	xmlNode *child;
	size_t n = 0;

	for (child = ((xmlNode *)g->node)->children; child != NULL; child = child->next)
		if (is_g(child, "contact")) {
			if (n < max)
				read_contact(child, &out[n]);
			n++;
		}
	return n;
}
