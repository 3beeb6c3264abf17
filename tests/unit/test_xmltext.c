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
	return check_done();
}
