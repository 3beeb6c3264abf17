/* XML escaping, once for the whole toolkit: every program writes element
 * text and attribute values through it, so that what it writes reads back
 * as what it meant (a line break in an attribute stays a line break). */
#ifndef SNE_XMLTEXT_H
#define SNE_XMLTEXT_H

#include <stddef.h>

/* Receives runs of escaped output; returns 0, or nonzero to stop. */
typedef int (*sne_xml_sink)(void *ctx, const char *bytes, size_t len);

/* Writes TEXT escaped to SINK: & < > and carriage returns as entities or
 * character references; with ATTRIBUTE (a value written between double
 * quotes) also '"', line feeds and tabs, which a reader would otherwise
 * turn into spaces.  Returns 0 or the sink's first nonzero result. */
int sne_xml_escape(const char *text, int attribute, sne_xml_sink sink, void *ctx);

/* The value of an attribute as a reader sees it, from the LEN bytes RAW
 * written between its quotes in a well-formed document (no DTD): the five
 * entities and character references decoded, each line break (CR LF, CR
 * or LF) and tab written as such turned into a space.  Writes it into OUT
 * (room for LEN + 1 bytes: decoding never lengthens), NUL-terminated, and
 * returns its length. */
size_t sne_xml_attr_decode(const char *raw, size_t len, char *out);

#endif
