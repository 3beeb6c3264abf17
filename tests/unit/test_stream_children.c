/* Unit tests of lib/stream_children.c: the child elements of a match of a
 * field declared "path/...", collected in the pass that reads the record:
 * their names and namespaces, element and content bytes, self-closing
 * ones, only the direct children (no grandchild), one list per match, a
 * nested "..." match without a list, the list grown past its first
 * allocation, -1 for a field without "...", and the same lists for a
 * text_only spec (a "..." field keeps its spans there: the suivi a
 * program edits). */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "check.h"
#include "sne/err.h"
#include "sne/io.h"
#include "sne/stream.h"

static char dir[] = "/tmp/sne-test-stream-children-XXXXXX";

enum { F_A, F_B, F_H, NFIELDS };

static const char *const fields[NFIELDS] = {
	[F_A] = "n:a/...",
	[F_B] = "n:b",
	[F_H] = "n:a/n:h/...",
};

struct seen {
	struct buf lists;   /* "rank.index: child child ...|" */
	int plain_rc, beyond_rc, unknown_rc;
	size_t beyond_n;
	size_t nested_n, nested_count;
	int spans_ok;       /* every span inside the record, content inside element */
	int a_span_ok;      /* the first "..." match's own element span: <ns1:a k="1">…</ns1:a> */
};

/* One child as "local{uri}[element bytes][content bytes]/" ("/" when
 * self-closing). */
static void describe(struct buf *b, const char *bytes, const struct sne_child *c)
{
	buf_printf(b, "%s{%s}", c->local, c->uri ? c->uri : "-");
	buf_str(b, "[");
	buf_add(b, bytes + c->element.start, c->element.end - c->element.start);
	buf_str(b, "][");
	buf_add(b, bytes + c->content.start, c->content.end - c->content.start);
	buf_str(b, c->self_closing ? "]/ " : "] ");
}

static int on_record(struct sne_record *record, void *ctx)
{
	struct seen *seen = ctx;
	const struct sne_child *children;
	size_t len, n;
	const char *bytes = sne_record_bytes(record, &len);

	for (size_t i = 0; i < sne_record_count(record, F_A); i++) {
		if (sne_record_children(record, F_A, i, &children, &n) != 0)
			continue;
		buf_printf(&seen->lists, "%zu.%zu:", sne_record_rank(record), i);
		if (n > 8) {
			buf_printf(&seen->lists, " %zu enfants, le dernier ", n);
			describe(&seen->lists, bytes, &children[n - 1]);
		} else
			for (size_t k = 0; k < n; k++) {
				buf_str(&seen->lists, " ");
				describe(&seen->lists, bytes, &children[k]);
			}
		for (size_t k = 0; k < n; k++)
			if (children[k].element.end > len || children[k].content.start < children[k].element.start ||
			    children[k].content.end > children[k].element.end ||
			    children[k].content.start > children[k].content.end)
				seen->spans_ok = 0;
		buf_str(&seen->lists, "|");
	}
	seen->plain_rc = sne_record_children(record, F_B, 0, &children, &n);
	seen->unknown_rc = sne_record_children(record, NFIELDS + 3, 0, &children, &n);
	seen->beyond_rc = sne_record_children(record, F_A, sne_record_count(record, F_A), &children, &n);
	seen->beyond_n = n;
	if (sne_record_rank(record) == 1) {
		const struct sne_value *a = sne_record_value(record, F_A, 0);
		seen->a_span_ok = a != NULL && a->element.end > a->element.start &&
		                  a->element.end <= len &&
		                  strncmp(bytes + a->element.start, "<ns1:a k=\"1\">", 13) == 0 &&
		                  strncmp(bytes + a->element.end - 8, "</ns1:a>", 8) == 0;
		seen->nested_count = sne_record_count(record, F_H);
		seen->nested_n = 99;
		if (sne_record_children(record, F_H, 0, &children, &n) == 0)
			seen->nested_n = n;
	}
	return 0;
}

static const char doc_head[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<ns1:racine xmlns:ns1=\"http://nuu.application.i2/\">\n"
	"<ns1:demande>\n"
	"  <ns1:a k=\"1\">\n"
	"    <ns1:b x=\"1\">texte</ns1:b>\n"
	"    <!-- commentaire <ns1:z/> -->\n"
	"    <ns1:c/>\n"
	"    <ns1:d></ns1:d>\n"
	"    <e>sans espace de noms<ns1:f>petit-enfant</ns1:f></e>\n"
	"    <ns1:g v=\"&gt;/\"  />\n"
	"    <ns1:h><ns1:j/></ns1:h>\n"
	"    <ns1:i><![CDATA[a<b]]></ns1:i>\n"
	"  </ns1:a>\n"
	"  <ns1:a/>\n"
	"  <ns1:a>  </ns1:a>\n"
	"  <ns1:b>seul</ns1:b>\n"
	"</ns1:demande>\n"
	"<ns1:demande xmlns=\"urn:autre\"><ns1:a><k/><ns1:l>2</ns1:l ></ns1:a></ns1:demande>\n";

static int run(const char *text, int text_only, struct seen *seen)
{
	struct sne_stream_spec spec = {
		.record_ns = SNE_NS_NUU,
		.record_name = "demande",
		.fields = fields,
		.nfields = NFIELDS,
		.on_record = on_record,
		.ctx = seen,
		.text_only = text_only,
	};
	char path[256];
	int rc;

	snprintf(path, sizeof path, "%s/doc.xml", dir);
	if (buf_save(path, text) != 0)
		abort();
	memset(seen, 0, sizeof *seen);
	seen->spans_ok = 1;
	buf_add(&seen->lists, "", 0);
	rc = sne_stream_run_path(path, &spec, "illisible");
	unlink(path);
	return rc;
}

static void test_enfants(void)
{
	struct buf doc = { 0 };
	struct seen seen;
	char *lists;
	const char *l;
	int rc;

	buf_str(&doc, doc_head);
	buf_str(&doc, "</ns1:racine>\n");
	rc = run(doc.data, 0, &seen);
	l = seen.lists.data;
	CHECK(rc == 0, "lu (%d)", rc);
	CHECK(strstr(l, "1.0: b{http://nuu.application.i2/}[<ns1:b x=\"1\">texte</ns1:b>][texte] ") == l,
	      "le premier enfant : nom, espace de noms, octets de l'élément et du contenu");
	CHECK(strstr(l, " c{http://nuu.application.i2/}[<ns1:c/>][]/ ") != NULL,
	      "<c/> : auto-fermant, contenu vide");
	CHECK(strstr(l, " d{http://nuu.application.i2/}[<ns1:d></ns1:d>][] ") != NULL,
	      "<d></d> : contenu vide, pas auto-fermant");
	CHECK(strstr(l, " e{-}[<e>sans espace de noms<ns1:f>petit-enfant</ns1:f></e>][sans espace de "
	                "noms<ns1:f>petit-enfant</ns1:f>] ") != NULL,
	      "un enfant sans espace de noms : uri NULL, son contenu avec le petit-enfant");
	CHECK(strstr(l, "f{") == NULL && strstr(l, "j{") == NULL, "les petits-enfants ne sont pas listés");
	CHECK(strstr(l, "z{") == NULL, "un commentaire n'est pas un enfant");
	CHECK(strstr(l, " g{http://nuu.application.i2/}[<ns1:g v=\"&gt;/\"  />][]/ ") != NULL,
	      "auto-fermant avec « >/ » dans un attribut et des blancs avant « /> »");
	CHECK(strstr(l, " h{http://nuu.application.i2/}[<ns1:h><ns1:j/></ns1:h>][<ns1:j/>] ") != NULL,
	      "un enfant qui finit par un petit-enfant auto-fermant : pas auto-fermant lui-même");
	CHECK(strstr(l, " i{http://nuu.application.i2/}[<ns1:i><![CDATA[a<b]]></ns1:i>][<![CDATA[a<b]]>] |") !=
	              NULL,
	      "un contenu CDATA qui contient « < » : le contenu entier");
	CHECK(strstr(l, "|1.1:|1.2:|") != NULL,
	      "<a/> et <a>  </a> : chaque correspondance a sa liste, vide");
	CHECK(strstr(l, "|2.0: k{urn:autre}[<k/>][]/  l{http://nuu.application.i2/}[<ns1:l>2</ns1:l >][2] |") !=
	              NULL,
	      "le second enregistrement : sa propre liste (espace par défaut, « </l > »)");
	CHECK(seen.spans_ok, "toutes les étendues dans l'enregistrement, le contenu dans l'élément");
	CHECK(seen.a_span_ok, "l'étendue de la correspondance « ... » elle-même");
	CHECK(seen.nested_count == 1 && seen.nested_n == 0,
	      "une correspondance « ... » imbriquée dans une autre : pas de liste (%zu)", seen.nested_n);
	CHECK(seen.plain_rc == -1, "un champ sans « ... » : -1");
	CHECK(seen.unknown_rc == -1, "un champ inconnu : -1");
	CHECK(seen.beyond_rc == 0 && seen.beyond_n == 0, "un indice au-delà des correspondances : 0, aucun enfant");
	lists = seen.lists.data;

	rc = run(doc.data, 1, &seen);
	CHECK(rc == 0 && strcmp(seen.lists.data, lists) == 0 && seen.plain_rc == -1,
	      "text_only : les mêmes listes et étendues pour un champ « ... », -1 sans « ... »");
	CHECK(seen.spans_ok && seen.a_span_ok,
	      "text_only : l'étendue d'un champ « ... » et de ses enfants dans l'enregistrement");
	free(lists);
	free(seen.lists.data);
	free(doc.data);
}

static void test_beaucoup(void)
{
	struct buf doc = { 0 };
	struct seen seen;
	int rc;

	buf_str(&doc, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	              "<ns1:racine xmlns:ns1=\"http://nuu.application.i2/\">\n<ns1:demande><ns1:a>");
	for (int i = 1; i <= 40; i++)
		buf_printf(&doc, "<ns1:i n=\"%d\"/>", i);
	buf_str(&doc, "</ns1:a><ns1:a><ns1:b>x</ns1:b></ns1:a></ns1:demande>\n");
	/* a record of more than 64 KiB: the spans cross the parser's reads */
	buf_str(&doc, "<ns1:demande><ns1:a><ns1:p>");
	for (int i = 0; i < 9000; i++)
		buf_str(&doc, "remplissage ");
	buf_str(&doc, "</ns1:p><ns1:q>fin</ns1:q></ns1:a></ns1:demande>\n</ns1:racine>\n");
	rc = run(doc.data, 0, &seen);
	CHECK(rc == 0, "lu (%d)", rc);
	CHECK(strstr(seen.lists.data, "1.0: 40 enfants, le dernier i{http://nuu.application.i2/}"
	                              "[<ns1:i n=\"40\"/>][]/ |") == seen.lists.data,
	      "quarante enfants : la liste agrandie, le dernier intact");
	CHECK(strstr(seen.lists.data, "|1.1: b{http://nuu.application.i2/}[<ns1:b>x</ns1:b>][x] |") != NULL,
	      "la correspondance suivante : sa liste après les quarante");
	CHECK(strstr(seen.lists.data, "|2.0: p{") != NULL &&
	      strstr(seen.lists.data, " q{http://nuu.application.i2/}[<ns1:q>fin</ns1:q>][fin] |") != NULL,
	      "un enregistrement de plus de 64 Kio : les étendues au bon endroit");
	CHECK(seen.spans_ok, "toutes les étendues dans leur enregistrement");
	free(seen.lists.data);
	free(doc.data);
}

int main(void)
{
	if (mkdtemp(dir) == NULL)
		return 99;
	sne_xml_silence();
	test_enfants();
	test_beaucoup();
	rmdir(dir);
	return check_done();
}
