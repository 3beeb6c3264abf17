/* Demandes found by numéro, and the numéros they probably meant. */
#include "sne/recherche.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "sne/demande.h"
#include "sne/err.h"
#include "sne/fragment.h"
#include "sne/lookup.h"
#include "sne/stream.h"

/* Territory, month, year and sequence: unique whatever the code guichet. */
#define PREFIX_LEN (SNE_NUMERO_LEN - 5)
/* Numéros looked for by sne_recherche_mentions() in one reading. */
#define MENTIONS_MAX 16

struct sne_recherche {
	struct sne_selection *selection;
	sne_recherche_fn *found_fn;
	void *ctx;
	size_t found;                    /* takes, to stop once all are found */
	const char *source;              /* the input being read */
	int status;                      /* worst of the records found unreadable */
	char (*prefixes)[SNE_NUMERO_SIZE]; /* the numéros asked for, sorted */
	size_t nprefixes;
	struct sne_absent *absents;
	size_t nabsents;
};

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);

	if (p == NULL)
		sne_die(SNE_EX_SOFTWARE, "mémoire épuisée");
	return p;
}

static int is_nuu(const xmlNode *n, const char *local)
{
	return n->type == XML_ELEMENT_NODE && n->ns != NULL &&
	       strcmp((const char *)n->ns->href, SNE_NS_NUU) == 0 &&
	       strcmp((const char *)n->name, local) == 0;
}

int sne_is_demande(const xmlNode *node)
{
	return node != NULL && is_nuu(node, SNE_DEMANDE_NAME);
}

int sne_demande_numero(const xmlNode *demande, char *out)
{
	struct sne_numero numero;

	for (const xmlNode *dl = demande->children; dl != NULL; dl = dl->next) {
		if (!is_nuu(dl, "demandeLogement"))
			continue;
		for (const xmlNode *n = dl->children; n != NULL; n = n->next) {
			xmlChar *text;
			int rc;

			if (!is_nuu(n, "numUnique"))
				continue;
			text = xmlNodeGetContent(n);
			rc = text ? sne_numero_parse((const char *)text, &numero, NULL, 0) : -1;
			xmlFree(text);
			if (rc == 0)
				sne_numero_format(&numero, out);
			return rc;
		}
	}
	return -1;
}

static int compare_prefix(const void *a, const void *b)
{
	return memcmp(a, b, PREFIX_LEN);
}

static struct sne_absent *absent_of(struct sne_recherche *r, const char *numero)
{
	for (size_t i = 0; i < r->nabsents; i++)
		if (strcmp(r->absents[i].numero, numero) == 0)
			return &r->absents[i];
	return NULL;
}

/* The numéros not found yet, with what was learnt of them so far. */
static void collect_absents(struct sne_recherche *r)
{
	size_t cursor = 0, n = 0;
	const char *numero;
	struct sne_absent *absents = xcalloc(sne_selection_size(r->selection), sizeof *absents);

	while ((numero = sne_selection_next_unseen(r->selection, &cursor)) != NULL) {
		const struct sne_absent *known = absent_of(r, numero);

		if (known != NULL)
			absents[n] = *known;
		else
			memcpy(absents[n].numero, numero, SNE_NUMERO_SIZE);
		n++;
	}
	free(r->absents);
	r->absents = absents;
	r->nabsents = n;
}

struct sne_recherche *sne_recherche_new(struct sne_selection *selection, sne_recherche_fn *found,
                                        void *ctx)
{
	struct sne_recherche *r = xcalloc(1, sizeof *r);
	size_t cursor = 0;
	const char *numero;

	r->selection = selection;
	r->found_fn = found;
	r->ctx = ctx;
	r->prefixes = xcalloc(sne_selection_size(selection), sizeof *r->prefixes);
	while ((numero = sne_selection_next_unseen(selection, &cursor)) != NULL)
		memcpy(r->prefixes[r->nprefixes++], numero, SNE_NUMERO_SIZE);
	qsort(r->prefixes, r->nprefixes, sizeof *r->prefixes, compare_prefix);
	collect_absents(r);
	return r;
}

void sne_recherche_free(struct sne_recherche *r)
{
	if (r == NULL)
		return;
	free(r->prefixes);
	free(r->absents);
	free(r);
}

/* KEY has the prefix of a numéro asked for but another code guichet: it
 * is what that numéro probably meant. */
static void near_miss(struct sne_recherche *r, const char *key)
{
	char (*p)[SNE_NUMERO_SIZE] = bsearch(key, r->prefixes, r->nprefixes, sizeof *r->prefixes,
	                                     compare_prefix);

	if (p == NULL)
		return;
	while (p > r->prefixes && memcmp(p[-1], key, PREFIX_LEN) == 0)
		p--;
	for (; p < r->prefixes + r->nprefixes && memcmp(*p, key, PREFIX_LEN) == 0; p++) {
		struct sne_absent *a = absent_of(r, *p);

		if (a != NULL && a->proche[0] == '\0')
			memcpy(a->proche, key, SNE_NUMERO_SIZE);
	}
}

static int wants(const char *key, void *ctx)
{
	struct sne_recherche *r = ctx;

	if (sne_selection_contains(r->selection, key))
		return 1;
	if (strlen(key) == SNE_NUMERO_LEN)
		near_miss(r, key);
	return 0;
}

int sne_recherche_complete(const struct sne_recherche *r)
{
	size_t cursor = 0;

	return r->found >= sne_selection_size(r->selection) &&
	       sne_selection_next_unseen(r->selection, &cursor) == NULL;
}

/* A record found that cannot be parsed: said, and the search goes on. */
static int unreadable(struct sne_recherche *r, const struct sne_lookup_hit *hit, const char *why)
{
	sne_warn("%s: octet %lld : demande %s illisible : %s ; contrôlez le fichier avec "
	         "sne-validate --check", r->source, hit->offset, hit->key, why);
	r->status = sne_exit_worst(r->status, SNE_EX_DATAERR);
	return 0;
}

static xmlDocPtr parse_hit(const struct sne_lookup_hit *hit, char *why, size_t size)
{
	return sne_fragment_parse(hit->root_tag, hit->root_len, hit->bytes, hit->len, why, size);
}

static int on_key_hit(const struct sne_lookup_hit *hit, void *ctx)
{
	struct sne_recherche *r = ctx;
	char why[SNE_WHY_MAX], numero[SNE_NUMERO_SIZE];
	xmlDocPtr doc = parse_hit(hit, why, sizeof why);
	xmlNodePtr record = doc ? sne_fragment_record(doc) : NULL;
	int rc = 0;

	if (doc == NULL)
		return unreadable(r, hit, why);
	if (sne_is_demande(record) && sne_demande_numero(record, numero) == 0 &&
	    strcmp(numero, hit->key) == 0 && sne_selection_take(r->selection, numero)) {
		r->found++;
		rc = r->found_fn(record, r->ctx);
		if (rc == 0 && sne_recherche_complete(r))
			rc = SNE_LOOKUP_STOP;
	}
	sne_fragment_free(doc);
	return rc;
}

int sne_recherche_run(struct sne_recherche *r, const char *path)
{
	struct sne_lookup_spec spec = {
		.record_name = SNE_DEMANDE_NAME, .key_name = "numUnique",
		.wants = wants, .on_hit = on_key_hit, .ctx = r,
	};
	int rc;

	r->source = path ? path : "<entrée standard>";
	r->status = 0;
	rc = sne_lookup_keys(path, &spec);
	collect_absents(r);
	return sne_exit_worst(rc, r->status);
}

/* Whether NODE (an element or attribute) holds STRING in its text or an
 * attribute; *IN_FUSION is set when it is in an evenement "fusion". */
static int holds(xmlNodePtr node, const char *string, int *in_fusion)
{
	xmlChar *text;
	int found = 0;

	if (node->type == XML_ELEMENT_NODE) {
		for (xmlAttrPtr a = node->properties; a != NULL && !found; a = a->next)
			found = holds((xmlNodePtr)a, string, in_fusion);
		for (xmlNodePtr c = node->children; c != NULL && !found; c = c->next)
			if (c->type == XML_ELEMENT_NODE || c->type == XML_TEXT_NODE)
				found = holds(c, string, in_fusion);
		if (found && strcmp((const char *)node->name, "evenement") == 0) {
			xmlChar *type = xmlGetNoNsProp(node, BAD_CAST "type");

			*in_fusion |= type != NULL && strcmp((const char *)type, "fusion") == 0;
			xmlFree(type);
		}
		return found;
	}
	text = xmlNodeGetContent(node);
	found = text != NULL && strstr((const char *)text, string) != NULL;
	xmlFree(text);
	return found;
}

static int on_mention(const struct sne_lookup_hit *hit, void *ctx)
{
	struct sne_recherche *r = ctx;
	struct sne_absent *a = absent_of(r, hit->key);
	char why[SNE_WHY_MAX], numero[SNE_NUMERO_SIZE];
	xmlDocPtr doc;
	xmlNodePtr record;
	int fusion = 0;

	if (a == NULL || (a->citee[0] != '\0' && a->fusion) || (doc = parse_hit(hit, why, sizeof why)) == NULL)
		return 0;
	record = sne_fragment_record(doc);
	if (sne_is_demande(record) && sne_demande_numero(record, numero) == 0 &&
	    strcmp(numero, a->numero) != 0 && holds(record, a->numero, &fusion)) {
		memcpy(a->citee, numero, SNE_NUMERO_SIZE);
		a->fusion = fusion;
	}
	sne_fragment_free(doc);
	return 0;
}

int sne_recherche_mentions(struct sne_recherche *r, const char *path)
{
	struct sne_lookup_spec spec = {
		.record_name = SNE_DEMANDE_NAME, .on_hit = on_mention, .ctx = r,
	};
	const char *strings[MENTIONS_MAX];
	size_t n = 0;

	for (size_t i = 0; i < r->nabsents && n < MENTIONS_MAX; i++)
		if (r->absents[i].proche[0] == '\0')
			strings[n++] = r->absents[i].numero;
	if (n == 0)
		return 0;
	r->source = path ? path : "<entrée standard>";
	return sne_lookup_strings(path, &spec, strings, n);
}

const struct sne_absent *sne_recherche_absents(struct sne_recherche *r, size_t *count)
{
	*count = r->nabsents;
	return r->absents;
}

void sne_recherche_explain(const struct sne_absent *a, char *buf, size_t size)
{
	if (a->proche[0] != '\0')
		snprintf(buf, size, "vouliez-vous dire %s (même numéro, autre code guichet) ?",
		         a->proche);
	else if (a->citee[0] != '\0' && a->fusion)
		snprintf(buf, size, "elle a été fusionnée dans la demande %s, conservée : "
		         "consultez celle-ci", a->citee);
	else if (a->citee[0] != '\0')
		snprintf(buf, size, "elle est citée par la demande %s", a->citee);
	else
		snprintf(buf, size, "vérifiez le numéro et le registre");
}
