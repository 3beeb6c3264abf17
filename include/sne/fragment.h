/* One record parsed on its own, out of the stream it was found in.
 *
 * A record found by a byte search (sne/lookup.h) or handed over by the
 * stream (sne/stream.h) is parsed alone into a small libxml2 tree, inside a
 * wrapper element that carries the namespace bindings in scope where the
 * record was: the root's start tag copied as it is in the file, or the
 * declarations the stream gives (sne_record_namespaces()).  Prefixes
 * declared on the root resolve, and namespaces are matched by URI as
 * everywhere else.  The parse is libxml2's, with network access and
 * entities off (XML_PARSE_NONET, never NOENT or DTDLOAD). */
#ifndef SNE_FRAGMENT_H
#define SNE_FRAGMENT_H

#include <stddef.h>

struct _xmlDoc;
struct _xmlNode;

/* Parses RECORD (LEN bytes, one element) inside OPEN_TAG (OPEN_LEN bytes,
 * an element start tag such as the root's '<ns1:interfaceNuu
 * versionInterface="02.01" xmlns:ns1="...">', whose end tag is derived
 * from its name).  Returns the document, freed by the caller with
 * sne_fragment_free(), or NULL with a French reason in WHY (the first
 * error of libxml2, with its line counted from the record's start). */
struct _xmlDoc *sne_fragment_parse(const char *open_tag, size_t open_len, const char *record,
                                   size_t len, char *why, size_t why_size);
/* The same with the declarations NAMESPACES (' xmlns:ns1="..."', as
 * sne_record_namespaces() gives them) on a wrapper element. */
struct _xmlDoc *sne_fragment_parse_ns(const char *namespaces, const char *record, size_t len,
                                      char *why, size_t why_size);
/* The record element of a document made by sne_fragment_parse().
 * Borrowed from DOC. */
struct _xmlNode *sne_fragment_record(struct _xmlDoc *doc);
void sne_fragment_free(struct _xmlDoc *doc);

/* The element name of start tag TAG (LEN bytes, starting with '<'): its
 * length, or 0 when TAG is not a start tag.  *NAME points into TAG. */
size_t sne_fragment_tag_name(const char *tag, size_t len, const char **name);

#endif
