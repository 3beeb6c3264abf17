/* A fast schema check for the part of XSD our schemas use.
 *
 * libxml2's streaming validator costs more than parsing itself (callgrind
 * put 55 % of sne-validate --check in its content automata, hashes and
 * match contexts).  Our schemas use a small part of XSD: sequences of
 * elements and wildcards, attributes, string and token restrictions by
 * pattern, enumeration and length, a few built-in types.  This module
 * compiles such a schema into tables and checks each record against them
 * while the stream parses it, as an observer of the stream's events.
 *
 * It only ever answers "valid" or "not shown valid".  It is stricter than
 * XSD where being exact would cost code (whitespace around a date, a
 * decimal of 30 digits, an xsi: attribute, text in an empty element...),
 * and the caller validates the records it does not pass with libxml2,
 * which is the judge and gives the messages.  So a record passed here is
 * valid for libxml2, and every failure is libxml2's.  A schema using a
 * construct outside the subset does not compile here: the caller then
 * validates every record with libxml2. */
#ifndef SNE_XSDTABLE_H
#define SNE_XSDTABLE_H

#include <stddef.h>

#include "sne/stream.h"

struct sne_xsdtable;

/* Compiles the schema at PATH and the schemas it imports.  NULL with the
 * reason in WHY (a construct outside the subset, an unreadable file).
 * Free with sne_xsdtable_free(). */
struct sne_xsdtable *sne_xsdtable_compile(const char *path, char *why, size_t why_size);
void sne_xsdtable_free(struct sne_xsdtable *table);

/* Makes the stream of SPEC run every record through the table. */
void sne_xsdtable_observe(struct sne_xsdtable *table, struct sne_stream_spec *spec);

/* After a record was read: 1 when it is valid, 0 when it was not shown
 * valid (check it with libxml2). */
int sne_xsdtable_record_passed(const struct sne_xsdtable *table);

#endif
