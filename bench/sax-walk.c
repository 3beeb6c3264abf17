/* sax-walk: the bare libxml2 SAX walk over a file, the second floor of the
 * bench (bench/run): libxml2's SAX2 parser with the settings of
 * lib/stream.c (pulled 64 KB at a time through xmlCreateIOParserCtxt,
 * XML_PARSE_NONET, the same SAX2 events handled) and callbacks that do
 * nothing.  What no program reading the stream can go under; xmllint
 * --stream, the first floor, goes through the reader API on top of it.
 *
 * usage: sax-walk FILE    exit 0 for a well-formed document, 65 if not,
 * 66 when FILE cannot be read. */
#include <stdio.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>

#define READ_CHUNK 65536

static void on_start(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri,
                     int nb_namespaces, const xmlChar **namespaces, int nb_attributes,
                     int nb_defaulted, const xmlChar **attributes)
{
	(void)ctx, (void)local, (void)prefix, (void)uri, (void)nb_namespaces, (void)namespaces;
	(void)nb_attributes, (void)nb_defaulted, (void)attributes;
}

static void on_end(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri)
{
	(void)ctx, (void)local, (void)prefix, (void)uri;
}

static void on_characters(void *ctx, const xmlChar *text, int len)
{
	(void)ctx, (void)text, (void)len;
}

#if LIBXML_VERSION >= 21200
static void on_error(void *ctx, const xmlError *error)
#else
static void on_error(void *ctx, xmlErrorPtr error)
#endif
{
	(void)ctx, (void)error;
}

static int on_read(void *ctx, char *buffer, int len)
{
	static char chunk[READ_CHUNK];
	static size_t have, at;
	size_t give;

	if (at == have) {
		have = fread(chunk, 1, sizeof chunk, ctx);
		at = 0;
		if (have == 0)
			return ferror((FILE *)ctx) ? -1 : 0;
	}
	give = have - at < (size_t)len ? have - at : (size_t)len;
	memcpy(buffer, chunk + at, give);
	at += give;
	return (int)give;
}

static int on_close(void *ctx)
{
	(void)ctx;
	return 0;
}

int main(int argc, char **argv)
{
	xmlSAXHandler sax;
	xmlParserCtxtPtr ctxt;
	FILE *file;
	int well_formed;

	if (argc != 2) {
		fprintf(stderr, "usage : sax-walk FICHIER\n");
		return 64;
	}
	if ((file = fopen(argv[1], "rb")) == NULL) {
		perror(argv[1]);
		return 66;
	}
	memset(&sax, 0, sizeof sax);
	sax.initialized = XML_SAX2_MAGIC;
	sax.startElementNs = on_start;
	sax.endElementNs = on_end;
	sax.characters = on_characters;
	sax.ignorableWhitespace = on_characters;
	sax.cdataBlock = on_characters;
	sax.serror = on_error;
	ctxt = xmlCreateIOParserCtxt(&sax, NULL, on_read, on_close, file, XML_CHAR_ENCODING_NONE);
	if (ctxt == NULL)
		return 70;
	xmlCtxtUseOptions(ctxt, XML_PARSE_NONET);
	xmlParseDocument(ctxt);
	well_formed = ctxt->wellFormed;
	xmlFreeParserCtxt(ctxt);
	fclose(file);
	return well_formed ? 0 : 65;
}
