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

/* Writes code point CP as UTF-8 into OUT; returns the bytes written. */
static size_t utf8_put(unsigned long cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* The reference at REF (after its '&', up to its ';' at REF + LEN) into
 * OUT; returns the bytes written. */
static size_t decode_reference(const char *ref, size_t len, char *out)
{
	static const struct { const char *name; char c; } entities[] = {
		{ "lt", '<' }, { "gt", '>' }, { "amp", '&' }, { "quot", '"' }, { "apos", '\'' },
	};
	unsigned long cp = 0;

	if (len > 1 && ref[0] == '#') {
		int hex = ref[1] == 'x';
		for (size_t i = hex ? 2 : 1; i < len; i++) {
			char c = ref[i];
			int digit = c >= '0' && c <= '9' ? c - '0'
			            : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c - 'A' + 10;
			cp = cp * (hex ? 16 : 10) + (unsigned long)digit;
		}
		return utf8_put(cp, out);
	}
	for (size_t i = 0; i < sizeof entities / sizeof entities[0]; i++)
		if (strlen(entities[i].name) == len && memcmp(entities[i].name, ref, len) == 0) {
			out[0] = entities[i].c;
			return 1;
		}
	return 0; /* not in a well-formed document without DTD */
}

size_t sne_xml_attr_decode(const char *raw, size_t len, char *out)
{
	size_t w = 0;

	for (size_t r = 0; r < len; r++) {
		const char *semi;
		switch (raw[r]) {
		case '&':
			semi = memchr(raw + r, ';', len - r);
			if (semi == NULL) {
				out[w++] = '&';
				break;
			}
			w += decode_reference(raw + r + 1, (size_t)(semi - raw) - r - 1, out + w);
			r = (size_t)(semi - raw);
			break;
		case '\r':
			if (r + 1 < len && raw[r + 1] == '\n')
				r++;
			/* fall through */
		case '\n':
		case '\t':
			out[w++] = ' ';
			break;
		default:
			out[w++] = raw[r];
		}
	}
	out[w] = '\0';
	return w;
}
