/* XSD patterns (xs:pattern) matched by a deterministic automaton over
 * ASCII, or a small backtracking matcher.
 *
 * libxml2's pattern automaton costs about a microsecond a value for the
 * patterns of our schemas (counted repetitions, alternatives), more than
 * parsing the element.  Ours is built when the pattern is compiled (when
 * it has at most 63 class occurrences, repetitions spelled out, and 64
 * states) and reads an ASCII value with one table lookup a byte; a value
 * with other characters goes to the backtracking matcher.  Both take the
 * common subset of XSD
 * regular expressions: characters, escapes of metacharacters, \n \r \t \s,
 * '.', classes [...] and [^...] with ranges, quantifiers ? * + {n} {n,m}
 * {n,} on them, and unquantified groups of alternatives (a|b).  A pattern
 * outside it does not compile (NULL): keep libxml2's for it.  The tests
 * compare both engines on every pattern of the shipped schemas. */
#ifndef SNE_XSDREGEX_H
#define SNE_XSDREGEX_H

#include <stddef.h>

struct sne_xsdregex;

/* NULL when PATTERN is outside the subset (or malformed). */
struct sne_xsdregex *sne_xsdregex_compile(const char *pattern);
void sne_xsdregex_free(struct sne_xsdregex *re);

/* Whether the whole of TEXT (LEN bytes of valid UTF-8) matches: 1 or 0;
 * -1 when undecided (a value over 256 bytes, or one that would take too
 * much backtracking): ask libxml2. */
int sne_xsdregex_match(const struct sne_xsdregex *re, const char *text, size_t len);

#endif
