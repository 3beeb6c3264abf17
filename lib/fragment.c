/* One record parsed alone, inside a wrapper carrying the namespaces in
 * scope where it was found. */
#include "sne/fragment.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "sne/err.h"

static int is_name_end(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '>' || c == '/';
}

size_t sne_fragment_tag_name(const char *tag, size_t len, const char **name)
{
	size_t n = 1;

	if (len < 2 || tag[0] != '<' || tag[1] == '/' || tag[1] == '?' || tag[1] == '!')
		return 0;
	while (n < len && !is_name_end(tag[n]))
		n++;
	*name = tag + 1;
	return n - 1;
}

static long count_lines(const char *text, size_t len)
{
	long lines = 0;

	for (const char *p = text; (p = memchr(p, '\n', len - (size_t)(p - text))) != NULL; p++)
		lines++;
	return lines;
}

/* The first error of CTXT as French text, its line counted from the
 * record's first line (the wrapper takes WRAPPER_LINES lines). */
static void describe_error(xmlParserCtxtPtr ctxt, long wrapper_lines, char *why, size_t size)
{
	const xmlError *error = xmlCtxtGetLastError(ctxt);
	const char *message = error && error->message ? error->message : "erreur inconnue";
	size_t len = strcspn(message, "\n");
	long line = error ? error->line - wrapper_lines : 0;

	if (line > 0)
		sne_why(why, size, "XML mal formé ligne %ld de la demande : %.*s", line, (int)len,
		        message);
	else
		sne_why(why, size, "XML mal formé : %.*s", (int)len, message);
}

static xmlDocPtr parse_buffer(const char *buf, size_t len, long wrapper_lines, char *why,
                              size_t size)
{
	xmlParserCtxtPtr ctxt;
	xmlDocPtr doc;

	if (len > (size_t)INT32_MAX) {
		sne_why(why, size, "demande trop grande");
		return NULL;
	}
	if ((ctxt = xmlNewParserCtxt()) == NULL) {
		sne_why(why, size, "mémoire épuisée");
		return NULL;
	}
	doc = xmlCtxtReadMemory(ctxt, buf, (int)len, NULL, "UTF-8",
	                        XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (doc == NULL || !ctxt->wellFormed || !ctxt->nsWellFormed ||
	    sne_fragment_record(doc) == NULL) {
		if (doc != NULL && ctxt->wellFormed && ctxt->nsWellFormed)
			sne_why(why, size, "aucun élément dans la demande");
		else
			describe_error(ctxt, wrapper_lines, why, size);
		xmlFreeDoc(doc);
		doc = NULL;
	}
	xmlFreeParserCtxt(ctxt);
	return doc;
}

/* OPEN (OPEN_LEN bytes) + RECORD + "</NAME>" into a new buffer; NULL when
 * out of memory. */
static char *wrap(const char *open, size_t open_len, const char *name, size_t name_len,
                  const char *record, size_t len, size_t *total)
{
	char *buf;

	*total = open_len + len + name_len + 3;
	if ((buf = malloc(*total)) == NULL)
		return NULL;
	memcpy(buf, open, open_len);
	memcpy(buf + open_len, record, len);
	memcpy(buf + open_len + len, "</", 2);
	memcpy(buf + open_len + len + 2, name, name_len);
	buf[*total - 1] = '>';
	return buf;
}

xmlDocPtr sne_fragment_parse(const char *open_tag, size_t open_len, const char *record,
                             size_t len, char *why, size_t why_size)
{
	const char *name;
	size_t name_len = sne_fragment_tag_name(open_tag, open_len, &name), total;
	char *buf;
	xmlDocPtr doc;

	if (name_len == 0 || open_tag[open_len - 1] != '>' || open_tag[open_len - 2] == '/') {
		sne_why(why, why_size, "balise ouvrante de la racine illisible");
		return NULL;
	}
	if ((buf = wrap(open_tag, open_len, name, name_len, record, len, &total)) == NULL) {
		sne_why(why, why_size, "mémoire épuisée");
		return NULL;
	}
	doc = parse_buffer(buf, total, count_lines(open_tag, open_len), why, why_size);
	free(buf);
	return doc;
}

xmlDocPtr sne_fragment_parse_ns(const char *namespaces, const char *record, size_t len,
                                char *why, size_t why_size)
{
	static const char head[] = "<sne-fragment";
	size_t ns_len = strlen(namespaces), open_len = sizeof head - 1 + ns_len + 1;
	char *open = malloc(open_len);
	xmlDocPtr doc;

	if (open == NULL) {
		sne_why(why, why_size, "mémoire épuisée");
		return NULL;
	}
	memcpy(open, head, sizeof head - 1);
	memcpy(open + sizeof head - 1, namespaces, ns_len);
	open[open_len - 1] = '>';
	doc = sne_fragment_parse(open, open_len, record, len, why, why_size);
	free(open);
	return doc;
}

xmlNodePtr sne_fragment_record(xmlDocPtr doc)
{
	xmlNodePtr root = xmlDocGetRootElement(doc);

	for (xmlNodePtr n = root ? root->children : NULL; n != NULL; n = n->next)
		if (n->type == XML_ELEMENT_NODE)
			return n;
	return NULL;
}

void sne_fragment_free(xmlDocPtr doc)
{
	xmlFreeDoc(doc);
}
