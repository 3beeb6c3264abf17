/* One record parsed alone (lib/fragment.c): inside the root's own start
 * tag or the declarations the stream gives, so that its prefixes resolve;
 * an error's line counted from the record's first line; a record that is
 * not one element, a root tag that cannot wrap, an undeclared prefix or an
 * entity refused. */
#include "check.h"
#include "sne/fragment.h"
#include "sne/stream.h"

#include <libxml/tree.h>
#include <string.h>

#define WHY 512

static void test_tag_name(void)
{
	const char *name = NULL;
	static const char root[] = "<ns1:interfaceNuu versionInterface=\"02.01\">";

	CHECK(sne_fragment_tag_name(root, strlen(root), &name) == 16 && strncmp(name, "ns1:interfaceNuu", 16) == 0,
	      "nom de la balise ouvrante, préfixe compris");
	CHECK(sne_fragment_tag_name("<r>", 3, &name) == 1 && name[0] == 'r', "« <r> » : r");
	CHECK(sne_fragment_tag_name("<r\n a=\"1\">", 10, &name) == 1, "nom suivi d'un saut de ligne");
	CHECK(sne_fragment_tag_name("<r/>", 4, &name) == 1, "« <r/> » : r");
	CHECK(sne_fragment_tag_name("</r>", 4, &name) == 0, "balise fermante : 0");
	CHECK(sne_fragment_tag_name("<?xml version=\"1.0\"?>", 21, &name) == 0, "déclaration XML : 0");
	CHECK(sne_fragment_tag_name("<!-- x -->", 10, &name) == 0, "commentaire : 0");
	CHECK(sne_fragment_tag_name("r>", 2, &name) == 0, "sans « < » : 0");
	CHECK(sne_fragment_tag_name("<", 1, &name) == 0, "« < » seul : 0");
}

static void test_parse_in_root(void)
{
	static const char root[] = "<ns1:interfaceNuu versionInterface=\"02.01\"\n"
	                           "    xmlns:ns1=\"" SNE_NS_NUU "\">";
	static const char record[] = "<ns1:demande id=\"a\"><ns1:numUnique>X</ns1:numUnique></ns1:demande>";
	char why[WHY] = "";
	xmlDocPtr doc = sne_fragment_parse(root, strlen(root), record, strlen(record), why, WHY);
	xmlNodePtr r = doc ? sne_fragment_record(doc) : NULL;

	CHECK(r != NULL, "demande analysée dans la balise de la racine (%s)", why);
	if (r == NULL)
		return;
	CHECK(strcmp((const char *)r->name, "demande") == 0 && r->ns != NULL &&
	      strcmp((const char *)r->ns->href, SNE_NS_NUU) == 0,
	      "préfixe déclaré sur la racine : résolu en l'URI");
	CHECK(r->children != NULL && strcmp((const char *)r->children->name, "numUnique") == 0,
	      "les enfants de la demande sont là");
	sne_fragment_free(doc);
}

static void test_parse_ns(void)
{
	static const char record[] = "<d:demande><s:suivi/></d:demande>";
	char why[WHY] = "";
	xmlDocPtr doc = sne_fragment_parse_ns(" xmlns:d=\"" SNE_NS_NUU "\" xmlns:s=\"" SNE_NS_SUIVI "\"",
	                                      record, strlen(record), why, WHY);
	xmlNodePtr r = doc ? sne_fragment_record(doc) : NULL;

	CHECK(r != NULL && r->children != NULL && r->children->ns != NULL &&
	      strcmp((const char *)r->children->ns->href, SNE_NS_SUIVI) == 0,
	      "déclarations du flux sur l'enveloppe : préfixes résolus (%s)", why);
	sne_fragment_free(doc);
	doc = sne_fragment_parse_ns("", "<demande/>", 10, why, WHY);
	CHECK(doc != NULL && sne_fragment_record(doc) != NULL, "sans déclaration : analysé");
	sne_fragment_free(doc);
}

static void test_refused(void)
{
	static const char root[] = "<r\n  xmlns:n=\"" SNE_NS_NUU "\"\n>";
	char why[WHY] = "";
	static const char bad[] = "<n:demande>\n<n:a>\n</n:demande>";

	CHECK(sne_fragment_parse(root, strlen(root), bad, strlen(bad), why, WHY) == NULL,
	      "balises mal imbriquées : NULL");
	CHECK(strncmp(why, "XML mal formé ligne 3 de la demande : ", 38) == 0,
	      "la ligne comptée depuis la demande, pas depuis l'enveloppe (%s)", why);
	CHECK(sne_fragment_parse(root, strlen(root), "du texte", 8, why, WHY) == NULL &&
	      strcmp(why, "aucun élément dans la demande") == 0, "du texte sans élément : refusé");
	CHECK(sne_fragment_parse("<r/>", 4, "<a/>", 4, why, WHY) == NULL &&
	      strcmp(why, "balise ouvrante de la racine illisible") == 0,
	      "racine auto-fermante : ne peut envelopper");
	CHECK(sne_fragment_parse("<r", 2, "<a/>", 4, why, WHY) == NULL &&
	      strcmp(why, "balise ouvrante de la racine illisible") == 0, "balise non finie : refusée");
	CHECK(sne_fragment_parse("<r>", 3, "<x:a/>", 6, why, WHY) == NULL &&
	      strncmp(why, "XML mal formé", 13) == 0, "préfixe non déclaré : refusé");
	CHECK(sne_fragment_parse("<r>", 3, "<a>&xxe;</a>", 12, why, WHY) == NULL,
	      "entité inconnue : refusée");
	CHECK(sne_fragment_parse("<r>", 3, "<a/></r><b>", 11, why, WHY) == NULL,
	      "une demande qui ferme l'enveloppe : refusée");
}

int main(void)
{
	sne_xml_silence();
	test_tag_name();
	test_parse_in_root();
	test_parse_ns();
	test_refused();
	return check_done();
}
