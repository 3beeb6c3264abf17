/* Demandes found by numéro (lib/recherche.c): each one asked for handed
 * over once, the search stopping once all are found, an unreadable one
 * said without stopping it; for the others, what they probably meant: the
 * same numéro under another code guichet, the demande it was merged into,
 * or one that names it. */
#include "buf.h"
#include "capture.h"
#include "check.h"
#include "sne/err.h"
#include "sne/recherche.h"
#include "sne/selection.h"
#include "sne/stream.h"

#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>

static char dir[] = "/tmp/sne-test-recherche-XXXXXX";
static char path[300];

#define A "0740324000001G0417"
#define B "0740324000002G0001"
#define B_MISTYPED "0740324000002G0417"
#define C "0740324000003G0417"
#define D "0740324000004G0417"
#define E "0740324000005G0417"
#define F "0740324000006G0417"

static const char head[] = "<?xml version=\"1.0\"?>\n<ns1:interfaceNuu xmlns:ns1=\"" SNE_NS_NUU
                           "\" xmlns:s=\"" SNE_NS_SUIVI "\">\n";

static void demande(struct buf *b, const char *numero, const char *suivi)
{
	buf_printf(b, "<ns1:demande><ns1:demandeLogement><ns1:numUnique>%s</ns1:numUnique>"
	           "</ns1:demandeLogement><s:suivi>%s</s:suivi></ns1:demande>\n", numero, suivi);
}

static void write_register(const char *tail)
{
	struct buf b = { 0 };

	buf_str(&b, head);
	demande(&b, A, "");
	demande(&b, B, "<s:historique><s:evenement type=\"fusion\" demande=\"" C "\"/></s:historique>");
	demande(&b, D, "<s:note>voir " E "</s:note>");
	buf_str(&b, tail);
	snprintf(path, sizeof path, "%s/registre.xml", dir);
	if (buf_save(path, b.data) != 0)
		abort();
	free(b.data);
}

static int on_found(xmlNodePtr demande, void *ctx)
{
	char numero[SNE_NUMERO_SIZE];

	if (sne_is_demande(demande) && sne_demande_numero(demande, numero) == 0)
		buf_printf(ctx, "%s|", numero);
	return 0;
}

static struct sne_selection *select_numeros(const char *const *numeros)
{
	struct sne_selection *s = sne_selection_new();

	for (; *numeros; numeros++)
		if (sne_selection_add(s, *numeros, NULL, 0) != 0)
			abort();
	return s;
}

static void test_found_and_absent(void)
{
	static const char *const asked[] = { A, B_MISTYPED, C, E, F, NULL };
	struct sne_selection *s = select_numeros(asked);
	struct buf found = { 0 };
	struct sne_recherche *r = sne_recherche_new(s, on_found, &found);
	const struct sne_absent *absents;
	size_t n;
	char text[300];

	write_register("</ns1:interfaceNuu>\n");
	CHECK(sne_recherche_run(r, path) == 0, "recherche dans le registre : 0");
	CHECK_STR(found.data, A "|", "seule la demande demandée et présente est rendue");
	CHECK(!sne_recherche_complete(r), "des numéros manquent : incomplet");
	absents = sne_recherche_absents(r, &n);
	CHECK(n == 4 && strcmp(absents[0].numero, B_MISTYPED) == 0 && strcmp(absents[3].numero, F) == 0,
	      "les absents, dans l'ordre demandé");
	CHECK(n == 4 && strcmp(absents[0].proche, B) == 0,
	      "même numéro sous un autre code guichet : noté comme proche");
	CHECK(sne_recherche_mentions(r, path) == 0, "relecture pour les mentions : 0");
	absents = sne_recherche_absents(r, &n);
	CHECK(n == 4 && strcmp(absents[1].citee, B) == 0 && absents[1].fusion,
	      "numéro fusionné : la demande conservée, dans un événement fusion");
	CHECK(n == 4 && strcmp(absents[2].citee, D) == 0 && !absents[2].fusion,
	      "numéro cité dans le texte d'une autre demande");
	CHECK(n == 4 && absents[3].citee[0] == '\0' && absents[3].proche[0] == '\0',
	      "numéro inconnu : rien de plus");
	sne_recherche_explain(&absents[0], text, sizeof text);
	CHECK_STR(text, "vouliez-vous dire " B " (même numéro, autre code guichet) ?", "proche : dit");
	sne_recherche_explain(&absents[1], text, sizeof text);
	CHECK_STR(text, "elle a été fusionnée dans la demande " B ", conservée : consultez celle-ci",
	          "fusion : dite");
	sne_recherche_explain(&absents[2], text, sizeof text);
	CHECK_STR(text, "elle est citée par la demande " D, "citée : dit");
	sne_recherche_explain(&absents[3], text, sizeof text);
	CHECK_STR(text, "vérifiez le numéro et le registre", "rien : vérifiez");
	sne_recherche_free(r);
	sne_selection_free(s);
	free(found.data);
}

static void test_stops_once_complete(void)
{
	static const char *const just_a[] = { A, NULL };
	static const char *const a_and_broken[] = { A, "0740324000009G0417", NULL };
	static const char broken[] = "<ns1:demande><ns1:demandeLogement><ns1:numUnique>"
	                             "0740324000009G0417</ns1:numUnique><ns1:x></ns1:demande>\n"
	                             "</ns1:interfaceNuu>\n";
	struct sne_selection *s = select_numeros(just_a);
	struct buf found = { 0 };
	struct sne_recherche *r = sne_recherche_new(s, on_found, &found);
	const char *message;

	write_register(broken);
	capture_start();
	CHECK(sne_recherche_run(r, path) == 0 && sne_recherche_complete(r),
	      "tout trouvé : la suite du fichier n'est pas lue (0 malgré une demande cassée)");
	CHECK_STR(capture_end(), "", "rien dit");
	sne_recherche_free(r);
	sne_selection_free(s);
	free(found.data);

	found = (struct buf){ 0 };
	s = select_numeros(a_and_broken);
	r = sne_recherche_new(s, on_found, &found);
	capture_start();
	CHECK(sne_recherche_run(r, path) == SNE_EX_DATAERR, "demande cherchée illisible : 65");
	message = capture_end();
	CHECK(strstr(message, "demande 0740324000009G0417 illisible") != NULL &&
	      strstr(message, "sne-validate --check") != NULL, "dite, avec quoi faire");
	CHECK_STR(found.data, A "|", "la recherche a continué : A trouvée quand même");
	sne_recherche_free(r);
	sne_selection_free(s);
	free(found.data);
}

static void test_demande_numero(void)
{
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr d = xmlNewDocNode(doc, NULL, BAD_CAST "demande", NULL);
	xmlNsPtr ns = xmlNewNs(d, BAD_CAST SNE_NS_NUU, BAD_CAST "n");
	xmlNodePtr dl;
	char numero[SNE_NUMERO_SIZE];

	xmlDocSetRootElement(doc, d);
	CHECK(!sne_is_demande(d), "demande hors de l'espace de noms de l'interface : non");
	xmlSetNs(d, ns);
	CHECK(sne_is_demande(d), "demande de l'interface : oui");
	CHECK(sne_demande_numero(d, numero) == -1, "sans numUnique : -1");
	dl = xmlNewChild(d, ns, BAD_CAST "demandeLogement", NULL);
	xmlNewChild(dl, ns, BAD_CAST "numUnique", BAD_CAST "0740324000001g0417");
	CHECK(sne_demande_numero(d, numero) == 0 && strcmp(numero, A) == 0,
	      "numéro lu et rendu canonique");
	xmlFreeDoc(doc);
}

int main(void)
{
	char command[400];

	if (mkdtemp(dir) == NULL)
		return 99;
	sne_xml_silence();
	sne_err_init("test_recherche");
	test_found_and_absent();
	test_stops_once_complete();
	test_demande_numero();
	snprintf(command, sizeof command, "rm -rf '%s'", dir);
	if (system(command) != 0)
		return 99;
	return check_done();
}
