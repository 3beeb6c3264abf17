/* XML escaping: what is written reads back as what was meant. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "sne/xmltext.h"

struct out {
	char text[256];
	size_t len;
	int calls_left;
};

static int sink(void *ctx, const char *bytes, size_t len)
{
	struct out *o = ctx;

	if (o->calls_left-- == 0)
		return 7;
	memcpy(o->text + o->len, bytes, len);
	o->len += len;
	o->text[o->len] = '\0';
	return 0;
}

static const char *escaped(const char *text, int attribute)
{
	static struct out o;

	memset(&o, 0, sizeof o);
	o.calls_left = 100;
	if (sne_xml_escape(text, attribute, sink, &o) != 0)
		return NULL;
	return o.text;
}

static const char *decoded(const char *raw)
{
	static char out[256];
	size_t n = sne_xml_attr_decode(raw, strlen(raw), out);

	return n == strlen(out) ? out : NULL;
}

int main(void)
{
	struct out o = { .calls_left = 1 };

	CHECK_STR(escaped("", 1), "", "vide");
	CHECK_STR(escaped("Élodie Martin", 1), "Élodie Martin", "texte simple tel quel");
	CHECK_STR(escaped("a&b<c>d\"e", 1), "a&amp;b&lt;c&gt;d&quot;e",
	          "balisage dans un attribut");
	CHECK_STR(escaped("a&b<c>d\"e", 0), "a&amp;b&lt;c&gt;d\"e", "balisage dans le texte");
	CHECK_STR(escaped("l1\nl2\tfin\r", 1), "l1&#10;l2&#9;fin&#13;",
	          "saut de ligne, tabulation et retour chariot dans un attribut se relisent comme "
	          "eux-mêmes");
	CHECK_STR(escaped("l1\nl2\tfin\r", 0), "l1\nl2\tfin&#13;",
	          "dans le texte seul le retour chariot exige une référence");
	CHECK(sne_xml_escape("a<b", 1, sink, &o) == 7, "l'échec du récepteur est rendu");
	CHECK_STR(decoded(""), "", "décodage : vide");
	CHECK_STR(decoded("a&amp;b&lt;c&gt;d&quot;e&apos;f"), "a&b<c>d\"e'f",
	          "décodage : les cinq entités");
	CHECK_STR(decoded("l1&#10;l2&#9;fin&#13;"), "l1\nl2\tfin\r",
	          "décodage : les références au saut de ligne, à la tabulation et au retour "
	          "chariot sont gardées telles quelles");
	CHECK_STR(decoded("&#233;&#xE9;&#x20AC;&#x1F600;"), "éé€\xF0\x9F\x98\x80",
	          "décodage : références décimales et hexadécimales en UTF-8, de 2 à 4 octets");
	CHECK_STR(decoded("a\r\nb\nc\rd\te"), "a b c d e",
	          "décodage : sauts de ligne (CR LF une fois) et tabulations écrits tels quels se "
	          "lisent comme des espaces");
	CHECK_STR(decoded("Élodie"), "Élodie", "décodage : UTF-8 tel quel");
	CHECK_STR(escaped(decoded("x&#10;&amp;\"y"), 1), "x&#10;&amp;&quot;y",
	          "décodage puis échappement : une valeur se relit telle quelle");
	return check_done();
}
