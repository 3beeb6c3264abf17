/* The suivi element as a small libxml2 tree, spliced back into its record. */
#include "sne/suivi.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "sne/copy.h"
#include "sne/err.h"
#include "sne/xmltext.h"

struct sne_suivi {
	xmlDocPtr doc;
	xmlNodePtr root;       /* the suivi element */
	int from_record;       /* parsed from the record (else new) */
	struct sne_span span;  /* its bytes in the record, when from_record */
	char *out;             /* serialization buffer */
	size_t out_len, out_cap;
};

/* The contract's order of suivi children; unknown ones rank last. */
static const char *const child_order[] = {
	"etat", "origine", "modification", "renouvellement", "radiation",
	"invalidation", "avertissement", "envoi", "historique",
};

static int rank_of(const xmlChar *name)
{
	size_t n = sizeof child_order / sizeof child_order[0];

	for (size_t i = 0; i < n; i++)
		if (strcmp((const char *)name, child_order[i]) == 0)
			return (int)i;
	return (int)n;
}

static int is_suivi_element(xmlNodePtr node)
{
	return node != NULL && node->type == XML_ELEMENT_NODE && node->ns != NULL &&
	       strcmp((const char *)node->ns->href, SNE_NS_SUIVI) == 0;
}

static struct sne_suivi *suivi_new_empty(void)
{
	struct sne_suivi *s = calloc(1, sizeof *s);

	if (s == NULL)
		abort();
	s->doc = xmlNewDoc(BAD_CAST "1.0");
	s->root = xmlNewDocNode(s->doc, NULL, BAD_CAST "suivi", NULL);
	xmlDocSetRootElement(s->doc, s->root);
	xmlSetNs(s->root, xmlNewNs(s->root, BAD_CAST SNE_NS_SUIVI, BAD_CAST "s"));
	return s;
}

/* One parser context for the run: creating one per record costs more than
 * parsing the few hundred bytes of a suivi. Freed at exit by the OS. */
static xmlParserCtxtPtr suivi_parser(void)
{
	static xmlParserCtxtPtr ctxt;

	if (ctxt == NULL && (ctxt = xmlNewParserCtxt()) == NULL)
		abort();
	return ctxt;
}

/* Parses the suivi bytes inside a wrapper that declares the namespaces in
 * scope at the record, so that prefixes declared on the root resolve. */
static xmlDocPtr parse_wrapped(struct sne_record *record, struct sne_span span)
{
	static const char open_tag[] = "<sne-wrap";
	size_t len;
	const char *bytes = sne_record_bytes(record, &len);
	const char *ns = sne_record_namespaces(record);
	size_t total = sizeof open_tag + strlen(ns) + 1 + (span.end - span.start) + 12;
	char *buf = malloc(total);
	size_t n;
	xmlDocPtr doc;

	if (buf == NULL)
		abort();
	n = (size_t)snprintf(buf, total, "%s%s>", open_tag, ns);
	memcpy(buf + n, bytes + span.start, span.end - span.start);
	n += span.end - span.start;
	memcpy(buf + n, "</sne-wrap>", 11);
	n += 11;
	doc = xmlCtxtReadMemory(suivi_parser(), buf, (int)n, NULL, "UTF-8",
	                        XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	free(buf);
	return doc;
}

struct sne_suivi *sne_suivi_load(struct sne_record *record, size_t suivi_field)
{
	const struct sne_value *v = sne_record_value(record, suivi_field, 0);
	struct sne_suivi *s;
	xmlDocPtr doc;
	xmlNodePtr root;

	if (v == NULL)
		return suivi_new_empty();
	if (sne_record_count(record, suivi_field) > 1) {
		sne_warn_at(sne_record_source(record), sne_record_value(record, suivi_field, 1)->line,
		            NULL, "demande n°%zu : %zu éléments suivi ; une demande n'en a qu'un, "
		            "corrigez-la (sne-validate --check)", sne_record_rank(record),
		            sne_record_count(record, suivi_field));
		return NULL;
	}
	doc = parse_wrapped(record, v->element);
	root = doc ? xmlDocGetRootElement(doc) : NULL;
	if (root == NULL || !is_suivi_element(xmlFirstElementChild(root))) {
		sne_warn_at(sne_record_source(record), v->line, NULL,
		            "élément suivi illisible dans la demande n°%zu", sne_record_rank(record));
		xmlFreeDoc(doc);
		return NULL;
	}
	s = calloc(1, sizeof *s);
	if (s == NULL)
		abort();
	s->doc = doc;
	s->root = xmlFirstElementChild(root);
	s->from_record = 1;
	s->span = v->element;
	return s;
}

void sne_suivi_free(struct sne_suivi *s)
{
	if (s == NULL)
		return;
	xmlFreeDoc(s->doc);
	free(s->out);
	free(s);
}

sne_suivi_node *sne_suivi_find(struct sne_suivi *s, const char *name)
{
	for (xmlNodePtr c = xmlFirstElementChild(s->root); c; c = xmlNextElementSibling(c))
		if (is_suivi_element(c) && strcmp((const char *)c->name, name) == 0)
			return c;
	return NULL;
}

static xmlNodePtr new_child(xmlNodePtr parent, const char *name)
{
	return xmlNewDocNode(parent->doc, parent->ns, BAD_CAST name, NULL);
}

sne_suivi_node *sne_suivi_append(struct sne_suivi *s, const char *name)
{
	xmlNodePtr node = new_child(s->root, name);
	int rank = rank_of(BAD_CAST name);

	for (xmlNodePtr c = xmlFirstElementChild(s->root); c; c = xmlNextElementSibling(c))
		if (is_suivi_element(c) && rank_of(c->name) > rank)
			return xmlAddPrevSibling(c, node);
	return xmlAddChild(s->root, node);
}

sne_suivi_node *sne_suivi_ensure(struct sne_suivi *s, const char *name)
{
	xmlNodePtr node = sne_suivi_find(s, name);

	return node ? node : sne_suivi_append(s, name);
}

sne_suivi_node *sne_suivi_append_child(sne_suivi_node *parent, const char *name)
{
	return xmlAddChild(parent, new_child(parent, name));
}

void sne_suivi_remove(struct sne_suivi *s, const char *name)
{
	xmlNodePtr node = sne_suivi_find(s, name);

	if (node != NULL) {
		xmlUnlinkNode(node);
		xmlFreeNode(node);
	}
}

void sne_suivi_set_text(struct sne_suivi *s, const char *name, const char *text)
{
	xmlNodePtr node = sne_suivi_ensure(s, name);
	xmlChar *escaped = xmlEncodeSpecialChars(s->doc, BAD_CAST text);

	xmlNodeSetContent(node, escaped);
	xmlFree(escaped);
}

const char *sne_suivi_attr(sne_suivi_node *node, const char *name)
{
	xmlAttrPtr attr = node ? xmlHasProp(node, BAD_CAST name) : NULL;

	if (attr == NULL || attr->children == NULL)
		return attr ? "" : NULL;
	return (const char *)attr->children->content;
}

void sne_suivi_set_attr(sne_suivi_node *node, const char *name, const char *value)
{
	if (value == NULL)
		xmlUnsetProp(node, BAD_CAST name);
	else
		xmlSetProp(node, BAD_CAST name, BAD_CAST value);
}

void sne_suivi_set_date(sne_suivi_node *node, const char *name, struct sne_date date)
{
	char iso[SNE_DATE_ISO_SIZE];

	sne_date_format(date, iso);
	sne_suivi_set_attr(node, name, iso);
}

sne_suivi_node *sne_suivi_add_evenement(struct sne_suivi *s, struct sne_date date,
                                        const char *type, const char *guichet)
{
	xmlNodePtr historique = sne_suivi_ensure(s, "historique");
	xmlNodePtr ev = sne_suivi_append_child(historique, "evenement");

	sne_suivi_set_date(ev, "date", date);
	sne_suivi_set_attr(ev, "type", type);
	if (guichet != NULL && *guichet)
		sne_suivi_set_attr(ev, "guichet", guichet);
	return ev;
}

void sne_suivi_touch(struct sne_suivi *s, struct sne_date date, const char *guichet)
{
	xmlNodePtr mod = sne_suivi_ensure(s, "modification");

	sne_suivi_set_date(mod, "date", date);
	sne_suivi_set_attr(mod, "guichet", guichet && *guichet ? guichet : NULL);
}

/* ------------------------------------------------------------------ */
/* serialization: our own vocabulary, indented like the record around it */

static void out_append(struct sne_suivi *s, const char *text, size_t len)
{
	if (s->out_len + len + 1 > s->out_cap) {
		s->out_cap = (s->out_len + len + 1) * 2;
		s->out = realloc(s->out, s->out_cap);
		if (s->out == NULL)
			abort();
	}
	memcpy(s->out + s->out_len, text, len);
	s->out_len += len;
	s->out[s->out_len] = '\0';
}

static void out_str(struct sne_suivi *s, const char *text)
{
	out_append(s, text, strlen(text));
}

static int out_sink(void *ctx, const char *bytes, size_t len)
{
	out_append(ctx, bytes, len);
	return 0;
}

static void out_escaped(struct sne_suivi *s, const char *text, int attribute)
{
	sne_xml_escape(text, attribute, out_sink, s);
}

static void out_qname(struct sne_suivi *s, xmlNsPtr ns, const xmlChar *name)
{
	if (ns != NULL && ns->prefix != NULL) {
		out_str(s, (const char *)ns->prefix);
		out_str(s, ":");
	}
	out_str(s, (const char *)name);
}

static void out_start_tag(struct sne_suivi *s, xmlNodePtr node)
{
	out_str(s, "<");
	out_qname(s, node->ns, node->name);
	for (xmlNsPtr ns = node->nsDef; ns; ns = ns->next) {
		out_str(s, ns->prefix ? " xmlns:" : " xmlns");
		out_str(s, ns->prefix ? (const char *)ns->prefix : "");
		out_str(s, "=\"");
		out_escaped(s, (const char *)ns->href, 1);
		out_str(s, "\"");
	}
	for (xmlAttrPtr a = node->properties; a; a = a->next) {
		xmlChar *value = xmlNodeListGetString(node->doc, a->children, 1);
		out_str(s, " ");
		out_qname(s, a->ns, a->name);
		out_str(s, "=\"");
		out_escaped(s, value ? (const char *)value : "", 1);
		out_str(s, "\"");
		xmlFree(value);
	}
}

/* Whether NODE holds elements and no text: only then may we indent inside
 * it; mixed content ("a <b>c</b>") is written as it is, not re-indented. */
static int has_element_children(xmlNodePtr node)
{
	int elements = 0;

	for (xmlNodePtr c = node->children; c; c = c->next) {
		if (c->type == XML_ELEMENT_NODE || c->type == XML_COMMENT_NODE)
			elements = 1;
		else if (c->type == XML_CDATA_SECTION_NODE ||
		         (c->type == XML_TEXT_NODE && !xmlIsBlankNode(c)))
			return 0;
	}
	return elements;
}

static int is_blank_text(xmlNodePtr node)
{
	return node->type == XML_TEXT_NODE && xmlIsBlankNode(node);
}

static void out_node(struct sne_suivi *s, xmlNodePtr node, const char *indent, const char *unit,
                     int depth);

static void out_newline(struct sne_suivi *s, const char *indent, const char *unit, int depth)
{
	if (*indent == '\0')
		return; /* compact records stay on one line */
	out_str(s, indent);
	for (int i = 0; i < depth; i++)
		out_str(s, unit);
}

static void out_children_nested(struct sne_suivi *s, xmlNodePtr node, const char *indent,
                                const char *unit, int depth)
{
	for (xmlNodePtr c = node->children; c; c = c->next) {
		if (is_blank_text(c))
			continue;
		out_newline(s, indent, unit, depth + 1);
		out_node(s, c, indent, unit, depth + 1);
	}
	out_newline(s, indent, unit, depth);
}

static void out_node(struct sne_suivi *s, xmlNodePtr node, const char *indent, const char *unit,
                     int depth)
{
	if (node->type == XML_COMMENT_NODE) {
		out_str(s, "<!--");
		out_str(s, (const char *)node->content);
		out_str(s, "-->");
		return;
	}
	if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
		out_escaped(s, (const char *)node->content, 0);
		return;
	}
	if (node->type != XML_ELEMENT_NODE)
		return;
	out_start_tag(s, node);
	if (node->children == NULL) {
		out_str(s, "/>");
		return;
	}
	out_str(s, ">");
	if (has_element_children(node))
		out_children_nested(s, node, indent, unit, depth);
	else
		for (xmlNodePtr c = node->children; c; c = c->next)
			out_node(s, c, indent, unit, depth);
	out_str(s, "</");
	out_qname(s, node->ns, node->name);
	out_str(s, ">");
}

/* Indentation of the first child element of the record, e.g. "\n        ". */
static const char *child_indent(struct sne_record *record)
{
	size_t len;
	const char *bytes = sne_record_bytes(record, &len);
	struct sne_span content = sne_record_content(record);
	size_t i = content.start;

	while (i < content.end && bytes[i] != '<')
		i++;
	return sne_record_indent_at(record, i);
}

/* The indentation step: the child's indentation minus the record's. */
static void indent_unit(const char *record_indent, const char *child, char *unit, size_t size)
{
	size_t r = strlen(record_indent), c = strlen(child);

	if (c > r && strncmp(record_indent, child, r) == 0)
		sne_copy_cut(unit, size, child + r);
	else
		sne_copy_cut(unit, size, "    ");
}

/* Where a new suivi goes: after the last child, before the blanks that
 * precede the record's end tag. */
static size_t insertion_point(struct sne_record *record)
{
	size_t len;
	const char *bytes = sne_record_bytes(record, &len);
	struct sne_span content = sne_record_content(record);
	size_t i = content.end;

	while (i > content.start && strchr(" \t\r\n", bytes[i - 1]))
		i--;
	return i;
}

/* A record written <demande/>: its "/>" becomes ">suivi</demande>". */
static void store_in_empty_record(struct sne_suivi *s, struct sne_record *record)
{
	size_t len, name_len;
	const char *bytes = sne_record_bytes(record, &len);
	struct sne_span close = { len - 2, len };

	name_len = strcspn(bytes + 1, " \t\r\n/>");
	out_str(s, "</");
	out_append(s, bytes + 1, name_len);
	out_str(s, ">");
	sne_record_replace(record, close, ">", 1);
	sne_record_insert(record, len, s->out, s->out_len);
}

/* How the record is laid out: the indentation of the suivi element, the
 * step of one level, and whether the record is written on one line. */
struct layout {
	char indent[128];
	char unit[64];
	int compact;
};

static void layout_of(struct sne_record *record, const struct sne_suivi *s, struct layout *l)
{
	char record_indent[128];
	size_t len;
	const char *bytes = sne_record_bytes(record, &len);

	l->compact = memchr(bytes, '\n', len) == NULL;
	sne_copy_cut(record_indent, sizeof record_indent, sne_record_indent_at(record, 0));
	/* a record of a CRLF file gets CRLF line ends: the indentation starts
	 * at the line feed, the carriage return goes before it */
	l->indent[0] = memmem(bytes, len, "\r\n", 2) != NULL ? '\r' : '\0';
	sne_copy_cut(l->indent + (l->indent[0] != '\0'), sizeof l->indent - 1,
	         s->from_record ? sne_record_indent_at(record, s->span.start) : child_indent(record));
	indent_unit(record_indent, l->indent + (l->indent[0] == '\r'), l->unit, sizeof l->unit);
	if (l->compact)
		l->indent[0] = '\0';
}

/* Splices the serialized suivi (s->out) into the record. */
static void splice(struct sne_suivi *s, struct sne_record *record)
{
	size_t len;
	const char *bytes = sne_record_bytes(record, &len);

	if (s->from_record)
		sne_record_replace(record, s->span, s->out, s->out_len);
	else if (len >= 2 && bytes[len - 2] == '/')
		store_in_empty_record(s, record);
	else
		sne_record_insert(record, insertion_point(record), s->out, s->out_len);
}

void sne_suivi_store(struct sne_suivi *s, struct sne_record *record)
{
	struct layout l;

	layout_of(record, s, &l);
	s->out_len = 0;
	if (!s->from_record)
		out_str(s, l.indent);
	out_node(s, s->root, l.indent, l.unit, 0);
	splice(s, record);
}

/* ------------------------------------------------------------------ */
/* a new suivi written straight as text: what the tree above would give,
 * without building it (sne-create writes one per new demande) */

/* <s:NAME NAME1="VALUE1" [NAME2="VALUE2"]/>, an attribute with a NULL
 * value left out. */
static void out_empty_element(struct sne_suivi *s, const char *name, const char *const *attrs)
{
	out_str(s, "<s:");
	out_str(s, name);
	for (; attrs[0] != NULL; attrs += 2) {
		if (attrs[1] == NULL)
			continue;
		out_str(s, " ");
		out_str(s, attrs[0]);
		out_str(s, "=\"");
		out_escaped(s, attrs[1], 1);
		out_str(s, "\"");
	}
	out_str(s, "/>");
}

/* An empty text makes no text node in the tree: <s:NAME/>. */
static void out_text_element(struct sne_suivi *s, const char *name, const char *text)
{
	if (text[0] == '\0') {
		out_empty_element(s, name, (const char *const[]){ NULL });
		return;
	}
	out_str(s, "<s:");
	out_str(s, name);
	out_str(s, ">");
	out_escaped(s, text, 0);
	out_str(s, "</s:");
	out_str(s, name);
	out_str(s, ">");
}

/* A date and its ISO form: a run writes the same dates in every record,
 * so the last one formatted is kept (sne_date_format goes through printf). */
struct iso_cache {
	struct sne_date date;
	char iso[SNE_DATE_ISO_SIZE];
};

static const char *iso_of(struct sne_date date, struct iso_cache *cache)
{
	if (cache->iso[0] == '\0' || memcmp(&cache->date, &date, sizeof date) != 0) {
		cache->date = date;
		sne_date_format(date, cache->iso);
	}
	return cache->iso;
}

static void out_nouveau(struct sne_suivi *s, const struct sne_suivi_nouveau *n,
                        const struct layout *l)
{
	static struct iso_cache date_cache, prochain_cache;
	const char *date = iso_of(n->date, &date_cache);
	/* no guichet attribute for an empty one, as sne_suivi_touch() and
	 * sne_suivi_add_evenement() do */
	const char *guichet = n->guichet != NULL && n->guichet[0] ? n->guichet : NULL;

	out_str(s, "<s:suivi xmlns:s=\"" SNE_NS_SUIVI "\">");
	out_newline(s, l->indent, l->unit, 1);
	out_text_element(s, "etat", n->etat);
	if (n->origine != NULL) {
		out_newline(s, l->indent, l->unit, 1);
		out_text_element(s, "origine", n->origine);
	}
	out_newline(s, l->indent, l->unit, 1);
	out_empty_element(s, "modification",
	                  (const char *const[]){ "date", date, "guichet", guichet, NULL });
	if (n->prochain != NULL) {
		const char *prochain = iso_of(*n->prochain, &prochain_cache);
		out_newline(s, l->indent, l->unit, 1);
		out_empty_element(s, "renouvellement", (const char *const[]){ "prochain", prochain, NULL });
	}
	if (n->evenements[0] != NULL) {
		out_newline(s, l->indent, l->unit, 1);
		out_str(s, "<s:historique>");
		for (const char *const *type = n->evenements; *type; type++) {
			out_newline(s, l->indent, l->unit, 2);
			out_empty_element(s, "evenement", (const char *const[]){
				"date", date, "type", *type, "guichet", guichet, NULL });
		}
		out_newline(s, l->indent, l->unit, 1);
		out_str(s, "</s:historique>");
	}
	out_newline(s, l->indent, l->unit, 0);
	out_str(s, "</s:suivi>");
}

void sne_suivi_store_new(struct sne_record *record, const struct sne_suivi_nouveau *n)
{
	/* one buffer for the run: a new suivi per record must not cost an
	 * allocation (single-threaded programs, like suivi_parser()) */
	static struct sne_suivi s;
	struct layout l;

	layout_of(record, &s, &l);
	s.out_len = 0;
	out_str(&s, l.indent);
	out_nouveau(&s, n, &l);
	splice(&s, record);
}
