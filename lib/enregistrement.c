/* Registration edits of the interface part, and lazily opened numbering. */
#include "sne/enregistrement.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sne/alloc.h"
#include "sne/check.h"
#include "sne/copy.h"
#include "sne/err.h"
#include "sne/store.h"

/* Where the next missing element goes: after the last one present, or
 * before the first child of demandeLogement. */
struct placer {
	struct sne_record *rec;
	char prefix[64];      /* "ns1:" or "" */
	char indent[128];     /* "\n            " */
	size_t anchor;
	int at_first_child;
};

/* The prefix written in the start tag "<ns1:demandeLogement", so that new
 * children use the same one. */
static void prefix_of_tag(const char *tag, char *prefix, size_t size)
{
	size_t n = strcspn(tag + 1, ": \t\r\n/>");

	if (tag[1 + n] == ':' && n + 2 <= size) {
		memcpy(prefix, tag + 1, n);
		prefix[n] = ':';
		prefix[n + 1] = '\0';
	} else {
		prefix[0] = '\0';
	}
}

static int placer_init(struct placer *p, struct sne_record *rec, char *why, size_t why_size)
{
	const struct sne_value *dl = sne_record_value(rec, SNE_CK_DEMANDE_LOGEMENT, 0);
	size_t len, i;
	const char *bytes = sne_record_bytes(rec, &len);

	if (dl == NULL || dl->self_closing) {
		snprintf(why, why_size, "élément demandeLogement manquant ou vide ; complétez la demande");
		return -1;
	}
	p->rec = rec;
	prefix_of_tag(bytes + dl->element.start, p->prefix, sizeof p->prefix);
	for (i = dl->content.start; i < dl->content.end && bytes[i] != '<'; i++)
		;
	p->anchor = i;
	p->at_first_child = 1;
	sne_copy_cut(p->indent, sizeof p->indent, sne_record_indent_at(rec, i));
	return 0;
}

/* A bounded piece of text: what does not fit is cut, as snprintf would. */
struct piece {
	char text[256];
	size_t len;
};

static void piece_add(struct piece *pc, const char *text)
{
	size_t n = strlen(text), room = sizeof pc->text - 1 - pc->len;

	if (n > room)
		n = room;
	memcpy(pc->text + pc->len, text, n);
	pc->len += n;
	pc->text[pc->len] = '\0';
}

/* <PREFIX:NAME>TEXT</PREFIX:NAME>, without a format: one per new demande. */
static void piece_element(struct piece *pc, const char *prefix, const char *name,
                          const char *text)
{
	const char *parts[] = { "<", prefix, name, ">", text, "</", prefix, name, ">" };

	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
		piece_add(pc, parts[i]);
}

static void place(struct placer *p, size_t field, const char *name, const char *text)
{
	const struct sne_value *v = sne_record_value(p->rec, field, 0);
	struct piece element = { .len = 0 };

	if (v != NULL) {
		if (text != NULL && strcmp(v->text, text) != 0)
			sne_record_set_text(p->rec, v, text);
		p->anchor = v->element.end;
		p->at_first_child = 0;
		return;
	}
	if (text == NULL)
		return;
	if (!p->at_first_child)
		piece_add(&element, p->indent);
	piece_element(&element, p->prefix, name, text);
	if (p->at_first_child)
		piece_add(&element, p->indent);
	sne_record_insert(p->rec, p->anchor, element.text, element.len);
}

int sne_enregistrement_set_entete(struct sne_record *rec, const char *num_guichet,
                                  const char *num_unique, const char *date_creation,
                                  char *why, size_t why_size)
{
	struct placer p;

	if (placer_init(&p, rec, why, why_size) != 0)
		return -1;
	place(&p, SNE_CK_NUM_GUICHET, "numGuichet", num_guichet);
	place(&p, SNE_CK_NUM_UNIQUE, "numUnique", num_unique);
	place(&p, SNE_CK_DATE_CREATION, "dateCreationDemande", date_creation);
	return 0;
}

/* ------------------------------------------------------------------ */
/* numbering */

struct sne_numeroteur {
	const struct sne_config *config;
	struct sne_alloc *alloc;
	int hold;                /* sne_numeroteur_hold(): counters held for the run */
};

struct sne_numeroteur *sne_numeroteur_new(const struct sne_config *config)
{
	struct sne_numeroteur *n = calloc(1, sizeof *n);

	if (n == NULL)
		abort();
	n->config = config;
	return n;
}

static int open_alloc(struct sne_numeroteur *n, char *why, size_t why_size)
{
	char *dir = sne_config_state_dir(n->config);
	char reason[SNE_WHY_MAX];

	n->alloc = sne_alloc_open(dir, reason, sizeof reason);
	if (n->alloc != NULL && n->hold)
		sne_alloc_hold(n->alloc);
	if (n->alloc == NULL && sne_config_state_dir_is_default(n->config))
		snprintf(why, why_size, "%s ; les compteurs de numéros sont un par installation, "
		         "dans %s : créez ce dossier pour les utilisateurs de sne, ou renseignez la "
		         "clé « repertoire » de la configuration (sne.yaml(5))", reason, dir);
	else if (n->alloc == NULL)
		snprintf(why, why_size, "%s", reason);
	free(dir);
	return n->alloc ? 0 : SNE_EX_CANTCREAT;
}

int sne_numeroteur_next(struct sne_numeroteur *n, const char *territoire, struct sne_date depot,
                        const char *guichet, char *numero, char *why, size_t why_size)
{
	struct sne_numero parts;
	int rc;

	memset(&parts, 0, sizeof parts);
	sne_copy_cut(parts.territoire, sizeof parts.territoire, territoire);
	sne_copy_cut(parts.guichet, sizeof parts.guichet, guichet);
	parts.mois = depot.month;
	parts.annee = depot.year % 100;
	if (sne_store_current() != NULL) /* -i registre.sqlite: its own counters */
		rc = sne_store_next_sequence(sne_store_current(), territoire, parts.mois, parts.annee,
		                             &parts.sequence, why, why_size);
	else if (n->alloc == NULL && (rc = open_alloc(n, why, why_size)) != 0)
		return rc;
	else
		rc = sne_alloc_next(n->alloc, territoire, parts.mois, parts.annee, &parts.sequence,
		                    why, why_size);
	if (rc != 0)
		return rc;
	sne_numero_format(&parts, numero);
	return 0;
}

void sne_numeroteur_hold(struct sne_numeroteur *n)
{
	n->hold = 1;
	if (n->alloc != NULL)
		sne_alloc_hold(n->alloc);
}

int sne_numeroteur_commit_hook(void *numeroteur)
{
	struct sne_numeroteur *n = numeroteur;
	char why[SNE_WHY_MAX];

	if (n->alloc == NULL || sne_alloc_sync(n->alloc, why, sizeof why) == 0)
		return 0;
	sne_warn("%s", why);
	return SNE_EX_IOERR;
}

int sne_numeroteur_free(struct sne_numeroteur *n)
{
	int rc = 0;

	if (n == NULL)
		return 0;
	if (n->alloc != NULL)
		rc = sne_alloc_close(n->alloc);
	free(n);
	return rc;
}
