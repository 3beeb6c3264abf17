#include "sne/xmltext.h"

#include <string.h>

static const char *entity_of(char c, int attribute)
{
	switch (c) {
	case '&': return "&amp;";
	case '<': return "&lt;";
	case '>': return "&gt;";
	case '\r': return "&#13;";
	case '"': return attribute ? "&quot;" : NULL;
	case '\n': return attribute ? "&#10;" : NULL;
	case '\t': return attribute ? "&#9;" : NULL;
	default: return NULL;
	}
}

int sne_xml_escape(const char *text, int attribute, sne_xml_sink sink, void *ctx)
{
	const char *special = attribute ? "&<>\r\"\n\t" : "&<>\r";
	int rc;

	for (;;) {
		size_t plain = strcspn(text, special); /* copied as a run, not byte by byte */
		const char *entity;

		if (plain > 0 && (rc = sink(ctx, text, plain)) != 0)
			return rc;
		text += plain;
		if (*text == '\0')
			return 0;
		entity = entity_of(*text, attribute);
		if ((rc = sink(ctx, entity, strlen(entity))) != 0)
			return rc;
		text++;
	}
}
