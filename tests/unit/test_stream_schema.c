/* libxml2's XSD validator in the stream's pass (lib/stream_schema.c, the
 * path for a schema outside the fast tables): each record validated as it
 * is read, its errors handed over before it with the element being
 * validated and the line of its start tag, an element inside a
 * simple-typed one reported on that parent; a record after a wrong one
 * validated afresh. */
#include "buf.h"
#include "check.h"
#include "sne/err.h"
#include "sne/io.h"
#include "sne/stream.h"

#include <libxml/xmlschemas.h>
#include <stdlib.h>
#include <string.h>

static char dir[] = "/tmp/sne-test-stream-schema-XXXXXX";

static const char xsd[] =
	"<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" targetNamespace=\"urn:t\"\n"
	"           xmlns:t=\"urn:t\" elementFormDefault=\"qualified\">\n"
	"  <xs:element name=\"r\"><xs:complexType><xs:sequence>\n"
	"    <xs:element ref=\"t:rec\" minOccurs=\"0\" maxOccurs=\"unbounded\"/>\n"
	"  </xs:sequence></xs:complexType></xs:element>\n"
	"  <xs:element name=\"rec\"><xs:complexType><xs:sequence>\n"
	"    <xs:element name=\"a\" type=\"xs:int\"/>\n"
	"    <xs:element name=\"b\" type=\"xs:string\" minOccurs=\"0\"/>\n"
	"  </xs:sequence><xs:attribute name=\"id\" type=\"xs:string\" use=\"required\"/>\n"
	"  </xs:complexType></xs:element>\n"
	"</xs:schema>\n";

struct run {
	struct buf events;   /* "E:element@line|" for an error, "R|" for a record */
};

static void on_error(const struct sne_schema_error *e, void *ctx)
{
	buf_printf(&((struct run *)ctx)->events, "E:%s@%ld|", e->element, e->line);
}

static int on_record(struct sne_record *record, void *ctx)
{
	(void)record;
	buf_str(&((struct run *)ctx)->events, "R|");
	return 0;
}

static xmlSchemaPtr schema;

/* The events of a run over DOC; the status in *RC. */
static char *events(const char *doc, int *rc)
{
	struct run run = { { 0 } };
	xmlSchemaValidCtxtPtr valid = xmlSchemaNewValidCtxt(schema);
	struct sne_stream_spec spec = {
		.record_ns = "urn:t", .record_name = "rec", .on_record = on_record, .ctx = &run,
		.schema = valid, .on_schema_error = on_error, .schema_ctx = &run,
	};
	char path[300];

	snprintf(path, sizeof path, "%s/doc.xml", dir);
	buf_save(path, doc);
	*rc = sne_stream_run_path(path, &spec, "ouverture impossible");
	xmlSchemaFreeValidCtxt(valid);
	if (run.events.data == NULL)
		buf_str(&run.events, "");
	return run.events.data;
}

static void test_valid_and_not(void)
{
	int rc;
	char *got = events("<t:r xmlns:t=\"urn:t\">\n"
	                   "<t:rec id=\"1\"><t:a>1</t:a><t:b>x</t:b></t:rec>\n"
	                   "<t:rec id=\"2\">\n  <t:a>un</t:a>\n</t:rec>\n"
	                   "<t:rec id=\"3\"><t:a>3</t:a></t:rec>\n"
	                   "</t:r>\n", &rc);

	CHECK(rc == 0, "flux validé en une passe : 0");
	CHECK_STR(got, "R|E:a@4|R|R|",
	          "seule la demande fautive a une erreur, sur son élément et sa ligne, avant elle ; "
	          "la suivante est validée à neuf");
	free(got);
}

static void test_where_reported(void)
{
	int rc;
	char *got = events("<t:r xmlns:t=\"urn:t\"><t:rec><t:a>1</t:a></t:rec></t:r>", &rc);

	CHECK_STR(got, "E:rec@1|R|", "attribut obligatoire manquant : sur l'enregistrement");
	free(got);
	got = events("<t:r xmlns:t=\"urn:t\">\n<t:rec id=\"1\">\n<t:a>1\n<t:x/></t:a></t:rec></t:r>", &rc);
	CHECK(strncmp(got, "E:a@3|", 6) == 0 && strstr(got, "E:x") == NULL && strstr(got, "R|") != NULL,
	      "élément dans un élément de type simple : l'erreur sur le parent, à sa ligne");
	free(got);
	got = events("<t:r xmlns:t=\"urn:t\">\n<t:rec id=\"1\"><t:b>x</t:b></t:rec></t:r>", &rc);
	CHECK_STR(got, "E:b@2|R|", "élément obligatoire manquant : signalé sur l'élément venu à sa place");
	free(got);
}

static void test_outside_records(void)
{
	int rc;
	char *got = events("<t:r xmlns:t=\"urn:t\"><t:autre/><t:rec id=\"1\"><t:a>1</t:a></t:rec></t:r>",
	                   &rc);

	CHECK_STR(got, "R|", "hors des enregistrements : rien n'est validé");
	free(got);
}

int main(void)
{
	char command[400], path[300];
	xmlSchemaParserCtxtPtr parser;

	if (mkdtemp(dir) == NULL)
		return 99;
	sne_xml_silence();
	snprintf(path, sizeof path, "%s/t.xsd", dir);
	buf_save(path, xsd);
	parser = xmlSchemaNewParserCtxt(path);
	schema = xmlSchemaParse(parser);
	xmlSchemaFreeParserCtxt(parser);
	if (schema == NULL)
		return 99;
	test_valid_and_not();
	test_where_reported();
	test_outside_records();
	xmlSchemaFree(schema);
	snprintf(command, sizeof command, "rm -rf '%s'", dir);
	if (system(command) != 0)
		return 99;
	return check_done();
}
