/* Unit tests of lib/xsdregex.c: on every pattern of the shipped schemas
 * and on a few more, the matcher answers as libxml2's XSD regular
 * expressions do, on chosen values and on many generated ones; patterns
 * outside the subset do not compile. */
#include "check.h"
#include "sne/xsdregex.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/xmlregexp.h>

static const char *const schema_files[] = {
	"share/xsd/interfaceNuu.xsd", "share/xsd/suivi.xsd", "share/xsd/rpls.xsd",
	"share/xsd/envoi.xsd",
};

/* Patterns beyond the schemas', in the subset. */
static const char *const extra_patterns[] = {
	"a?b*c+", "[a-c]{2,3}x", "(ab|a)(c|bc)", ".{3}", "[^a-z]+", "\\s*x\\s*", "(x|)y",
	"[0-9]{2,}", "\\.\\-\\|", "é[à-ü]*", "(0[1-9]|[12][0-9]|3[01])",
	/* too many states, too many positions for the automaton */
	"[ab]*a[ab]{7}", "[0-9a]{70}", "a{2,}b?|(c|)",
};

/* Patterns libxml2 takes that the matcher leaves to it. */
static const char *const outside[] = {
	"\\d+", "(ab)+", "[a-z-[aeiou]]", "\\p{Lu}", "a^", "[a-]", "\\w", "(a|b)*", "\\S+",
};

/* Characters the generated values are made of (UTF-8). */
static const char *const alphabet[] = {
	"0", "1", "2", "3", "7", "9", "A", "B", "G", "Z", "a", "b", "c", "x", "y", "@", ".", "-",
	" ", "\t", "\n", "|", "é", "à", "ü", "€", "_",
};

static unsigned long long rng = 88172645463325252ull;

static unsigned next_random(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng >> 11);
}

/* A random value of up to 24 characters, or a mutation of EXAMPLE. */
static void random_value(char *buf, size_t size, const char *example)
{
	size_t len = 0, n = next_random() % 25;

	buf[0] = '\0';
	if (example != NULL && next_random() % 2) {
		size_t at;
		snprintf(buf, size, "%s", example);
		len = strlen(buf);
		at = len ? next_random() % len : 0;
		if ((buf[at] & 0xC0) != 0x80 && (unsigned char)buf[at] < 0x80)
			buf[at] = alphabet[next_random() % 10][0];
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const char *c = alphabet[next_random() % (sizeof alphabet / sizeof alphabet[0])];
		if (len + strlen(c) + 1 > size)
			break;
		memcpy(buf + len, c, strlen(c) + 1);
		len += strlen(c);
	}
}

/* Same answer as libxml2 on VALUE; counts a disagreement. */
static int agrees(const char *pattern, const struct sne_xsdregex *re, xmlRegexpPtr lx,
                  const char *value)
{
	int ours = sne_xsdregex_match(re, value, strlen(value));
	int theirs = xmlRegexpExec(lx, (const xmlChar *)value) == 1;

	if (ours == -1 || ours == theirs)
		return 1;
	printf("#   pattern \"%s\", value \"%s\": ours %d, libxml2 %d\n", pattern, value, ours,
	       theirs);
	return 0;
}

static void compare(const char *pattern, const char *const *examples, size_t nexamples)
{
	struct sne_xsdregex *re = sne_xsdregex_compile(pattern);
	xmlRegexpPtr lx = xmlRegexpCompile((const xmlChar *)pattern);
	size_t disagreements = 0, matched = 0;
	char value[128];

	CHECK(lx != NULL, "libxml2 compile « %s »", pattern);
	if (!CHECK(re != NULL,
	           "le motif « %s » est dans le sous-ensemble", pattern) || lx == NULL) {
		sne_xsdregex_free(re);
		xmlRegFreeRegexp(lx);
		return;
	}
	for (size_t i = 0; i < nexamples; i++)
		disagreements += !agrees(pattern, re, lx, examples[i]);
	for (int i = 0; i < 20000; i++) {
		random_value(value, sizeof value, nexamples ? examples[i % nexamples] : NULL);
		disagreements += !agrees(pattern, re, lx, value);
		matched += sne_xsdregex_match(re, value, strlen(value)) == 1;
	}
	CHECK(disagreements == 0,
	      "« %s » : mêmes réponses que libxml2 (%zu correspondances générées)",
	      pattern, matched);
	sne_xsdregex_free(re);
	xmlRegFreeRegexp(lx);
}

/* Values that match some pattern of the schemas, to mutate. */
static const char *const schema_examples[] = {
	"0740217000001G0417", "02A0217000001G0417", "1110217000001G0417", "9740217000001G0417",
	"G0417", "74010", "2A004", "jean.dupont@example.org", " a@b.fr ", "74000", "74A0001234",
};

/* Every xs:pattern value="..." of FILE (simple scan; the schemas write
 * them on one line). */
static void compare_file(const char *file)
{
	FILE *f = fopen(file, "r");
	char line[1024];
	int found = 0;

	if (!CHECK(f != NULL, "%s lisible", file))
		return;
	while (fgets(line, sizeof line, f)) {
		char *p = strstr(line, "<xs:pattern value=\""), *end;
		if (p == NULL)
			continue;
		p += strlen("<xs:pattern value=\"");
		end = strchr(p, '"');
		if (end == NULL)
			continue;
		*end = '\0';
		found++;
		compare(p, schema_examples, sizeof schema_examples / sizeof schema_examples[0]);
	}
	fclose(f);
	CHECK(found > 0 || strstr(file, "envoi") != NULL, "%s : %d motifs comparés", file, found);
}

static void test_edges(void)
{
	struct sne_xsdregex *re = sne_xsdregex_compile("[0-9]{5}");
	char big[400];

	CHECK(sne_xsdregex_match(re, "74010", 5) == 1, "ancré : la valeur entière");
	CHECK(sne_xsdregex_match(re, "740100", 6) == 0, "ancré : rien de plus");
	CHECK(sne_xsdregex_match(re, "", 0) == 0, "valeur vide");
	memset(big, '7', sizeof big);
	CHECK(sne_xsdregex_match(re, big, sizeof big) == -1,
	      "une valeur longue est laissée à libxml2");
	sne_xsdregex_free(re);

	re = sne_xsdregex_compile("\\s*[^@\\s]+@[^@\\s]+\\.[^@\\s]+\\s*");
	memset(big, '.', 250);
	big[0] = 'a', big[1] = '@', big[249] = '@';
	big[250] = '\0';
	CHECK(sne_xsdregex_match(re, big, 250) == 0,
	      "retour arrière hostile : décidé par l'automate, pas de correspondance");
	big[100] = (char)0xC3, big[101] = (char)0xA9; /* é: the backtracking matcher */
	CHECK(sne_xsdregex_match(re, big, 250) != 1,
	      "retour arrière hostile : borné, pas de correspondance");
	sne_xsdregex_free(re);

	for (size_t i = 0; i < sizeof outside / sizeof outside[0]; i++) {
		struct sne_xsdregex *o = sne_xsdregex_compile(outside[i]);
		CHECK(o == NULL, "« %s » est laissé à libxml2", outside[i]);
		sne_xsdregex_free(o);
	}
}

int main(void)
{
	for (size_t i = 0; i < sizeof schema_files / sizeof schema_files[0]; i++)
		compare_file(schema_files[i]);
	for (size_t i = 0; i < sizeof extra_patterns / sizeof extra_patterns[0]; i++)
		compare(extra_patterns[i], schema_examples,
		        sizeof schema_examples / sizeof schema_examples[0]);
	test_edges();
	return check_done();
}
