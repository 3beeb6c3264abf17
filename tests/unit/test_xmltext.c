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

	CHECK_STR(escaped("", 1), "", "empty");
	CHECK_STR(escaped("Élodie Martin", 1), "Élodie Martin", "plain text as is");
	CHECK_STR(escaped("a&b<c>d\"e", 1), "a&amp;b&lt;c&gt;d&quot;e", "markup in an attribute");
	CHECK_STR(escaped("a&b<c>d\"e", 0), "a&amp;b&lt;c&gt;d\"e", "markup in text");
	CHECK_STR(escaped("l1\nl2\tfin\r", 1), "l1&#10;l2&#9;fin&#13;",
	          "line feed, tab and carriage return in an attribute read back as themselves");
	CHECK_STR(escaped("l1\nl2\tfin\r", 0), "l1\nl2\tfin&#13;",
	          "in text only the carriage return needs a reference");
	CHECK(sne_xml_escape("a<b", 1, sink, &o) == 7, "the sink's failure is returned");
	CHECK_STR(decoded(""), "", "decode: empty");
	CHECK_STR(decoded("a&amp;b&lt;c&gt;d&quot;e&apos;f"), "a&b<c>d\"e'f", "decode: the five entities");
	CHECK_STR(decoded("l1&#10;l2&#9;fin&#13;"), "l1\nl2\tfin\r",
	          "decode: references to line feed, tab and carriage return are kept as such");
	CHECK_STR(decoded("&#233;&#xE9;&#x20AC;&#x1F600;"), "éé€\xF0\x9F\x98\x80",
	          "decode: decimal and hexadecimal references in UTF-8, 2 to 4 bytes");
	CHECK_STR(decoded("a\r\nb\nc\rd\te"), "a b c d e",
	          "decode: line breaks (CR LF once) and tabs written as such read as spaces");
	CHECK_STR(decoded("Élodie"), "Élodie", "decode: UTF-8 as is");
	CHECK_STR(escaped(decoded("x&#10;&amp;\"y"), 1), "x&#10;&amp;&quot;y",
	          "decode then escape: a value reads back as itself");
	return check_done();
}
