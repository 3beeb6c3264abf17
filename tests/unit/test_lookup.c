/* Unit tests of lib/lookup.c and lib/fragment.c: records found by key in a
 * small file, keys that are not (end tags, text, other names), prefixes
 * and default namespaces, stopping, strings found outside a record, a
 * DOCTYPE refused, and every record of a 40 MiB stream found across the
 * 16 MiB blocks, mapped and read through gzip. */
#include "sne/lookup.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include <libxml/tree.h>

#include "check.h"
#include "sne/err.h"
#include "sne/fragment.h"

struct seen {
	int count;
	int stop_after;          /* 0: never */
	int in_order;            /* each key greater than the previous one */
	int well_cut;            /* each record starts and ends at its tags */
	int parsed;              /* each record parses with the root's namespaces */
	char last_key[SNE_LOOKUP_KEY_MAX + 1];
	char first_bytes[512];
	const char *wanted;      /* NULL: every key */
};

static int wants(const char *key, void *ctx)
{
	struct seen *seen = ctx;

	return seen->wanted == NULL || strcmp(key, seen->wanted) == 0;
}

static int on_hit(const struct sne_lookup_hit *hit, void *ctx)
{
	struct seen *seen = ctx;
	char why[SNE_WHY_MAX];
	xmlDocPtr doc = sne_fragment_parse(hit->root_tag, hit->root_len, hit->bytes, hit->len, why,
	                                   sizeof why);
	xmlNodePtr record = doc ? sne_fragment_record(doc) : NULL;
	const char *end = memrchr(hit->bytes, '<', hit->len);

	if (seen->count == 0)
		snprintf(seen->first_bytes, sizeof seen->first_bytes, "%.*s", (int)hit->len, hit->bytes);
	if (seen->count > 0 && strcmp(hit->key, seen->last_key) <= 0)
		seen->in_order = 0;
	snprintf(seen->last_key, sizeof seen->last_key, "%s", hit->key);
	if (hit->bytes[0] != '<' || hit->bytes[hit->len - 1] != '>' || end == NULL ||
	    strncmp(end, "</", 2) != 0 ||
	    memmem(end, (size_t)(hit->bytes + hit->len - end), "demande", 7) == NULL)
		seen->well_cut = 0;
	if (record == NULL || record->ns == NULL ||
	    strcmp((const char *)record->ns->href, "http://nuu.application.i2/") != 0)
		seen->parsed = 0;
	sne_fragment_free(doc);
	seen->count++;
	return seen->stop_after && seen->count >= seen->stop_after ? SNE_LOOKUP_STOP : 0;
}

static struct sne_lookup_spec spec_for(struct seen *seen)
{
	struct sne_lookup_spec spec = {
		.record_name = "demande", .key_name = "numUnique",
		.wants = wants, .on_hit = on_hit, .ctx = seen,
	};

	seen->in_order = seen->well_cut = seen->parsed = 1;
	return spec;
}

static char *write_temp(const char *text)
{
	char *path = strdup("/tmp/test_lookup.XXXXXX");
	int fd = mkstemp(path);

	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		abort();
	close(fd);
	return path;
}

static const char small[] =
	"<?xml version=\"1.0\"?>\n<!-- un registre -->\n"
	"<ns1:interfaceNuu versionInterface=\"02.01\" xmlns:ns1=\"http://nuu.application.i2/\">\n"
	"  <ns1:entete><ns1:note>numUnique 0740317000123G0417</ns1:note></ns1:entete>\n"
	"  <ns1:demande>\n"
	"    <ns1:demandeLogement><ns1:numUnique>0740317000001G0417</ns1:numUnique>\n"
	"    </ns1:demandeLogement>\n"
	"  </ns1:demande>\n"
	"  <ns1:demande xmlns:x=\"urn:x\">\n"
	"    <ns1:demandeLogement><ns1:numUnique a=\"1\">\n 0740317000123G0417 </ns1:numUnique>\n"
	"    </ns1:demandeLogement><x:numUniqueAutre>0740317000123G0417</x:numUniqueAutre>\n"
	"  </ns1:demande >\n"
	"  <demande xmlns=\"http://nuu.application.i2/\"><demandeLogement>"
	"<numUnique>0740317000200G0417</numUnique></demandeLogement></demande>\n"
	"</ns1:interfaceNuu>\n";

static void test_small(void)
{
	char *path = write_temp(small);
	struct seen seen = { .wanted = "0740317000123G0417" };
	struct sne_lookup_spec spec = spec_for(&seen);

	CHECK(sne_lookup_keys(path, &spec) == 0, "un petit registre est cherché");
	CHECK(seen.count == 1,
	      "seul l'enregistrement dont la clé est voulue (pas le texte de l'entete)");
	CHECK(strncmp(seen.first_bytes, "<ns1:demande xmlns:x=\"urn:x\">", 29) == 0,
	      "l'enregistrement commence à sa balise ouvrante");
	CHECK(seen.well_cut && seen.parsed,
	      "il finit après sa balise fermante (blancs avant '>'), et se lit avec les espaces "
	      "de noms de la racine");
	seen = (struct seen){ .wanted = "0740317000200G0417" };
	spec = spec_for(&seen);
	CHECK(sne_lookup_keys(path, &spec) == 0 && seen.count == 1 && seen.parsed,
	      "un enregistrement sans préfixe de l'espace de noms par défaut est trouvé");
	seen = (struct seen){ .wanted = NULL };
	spec = spec_for(&seen);
	CHECK(sne_lookup_keys(path, &spec) == 0 && seen.count == 3,
	      "trois clés, balises fermantes ignorées");
	seen = (struct seen){ .wanted = NULL, .stop_after = 1 };
	spec = spec_for(&seen);
	CHECK(sne_lookup_keys(path, &spec) == 0 && seen.count == 1,
	      "SNE_LOOKUP_STOP arrête la lecture");
	unlink(path);
	free(path);
}

static int on_string(const struct sne_lookup_hit *hit, void *ctx)
{
	int *count = ctx;

	(*count)++;
	return hit->string == 0 ? 0 : 70;
}

static void test_strings(void)
{
	char *path = write_temp(small);
	const char *strings[] = { "0740317000123G0417" };
	int count = 0;
	struct sne_lookup_spec spec = { .record_name = "demande", .on_hit = on_string, .ctx = &count };

	CHECK(sne_lookup_strings(path, &spec, strings, 1) == 0, "les chaînes sont cherchées");
	CHECK(count == 1,
	      "une fois par enregistrement (deux fois dedans), jamais hors d'un enregistrement "
	      "(entete)");
	unlink(path);
	free(path);
}

static void test_refusals(void)
{
	char *doctype = write_temp("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"b\">]><x/>");
	char *empty = write_temp("   \n");
	struct seen seen = { 0 };
	struct sne_lookup_spec spec = spec_for(&seen);
	FILE *quiet = fopen("/dev/null", "w");

	sne_err_set_stream(quiet);
	CHECK(sne_lookup_keys(doctype, &spec) == 65, "un DOCTYPE est refusé (65)");
	CHECK(sne_lookup_keys(empty, &spec) == 65, "sans élément racine (65)");
	CHECK(sne_lookup_keys("/nonexistent/registre.xml", &spec) == 66, "sans fichier (66)");
	sne_err_set_stream(NULL);
	fclose(quiet);
	unlink(doctype), unlink(empty);
	free(doctype), free(empty);
}

static void test_fragment(void)
{
	char why[SNE_WHY_MAX];
	const char record[] = "<p:demande>\n<p:a>1</p:b>\n</p:demande>";
	xmlDocPtr doc = sne_fragment_parse_ns(" xmlns:p=\"http://nuu.application.i2/\"", record,
	                                      strlen(record), why, sizeof why);

	CHECK(doc == NULL, "un enregistrement mal formé est refusé");
	CHECK(strstr(why, "ligne 2 de la demande") != NULL,
	      "avec sa ligne dans l'enregistrement : %s", why);
	doc = sne_fragment_parse_ns("", "<p:demande/>", 12, why, sizeof why);
	CHECK(doc == NULL, "un préfixe non déclaré est refusé");
}

/* A stream of N records, each about 1 KB, written plain to PLAIN and
 * gzipped to GZ. */
static void write_big(const char *plain, const char *gz, int n)
{
	FILE *f = fopen(plain, "w");
	gzFile z = gzopen(gz, "wb1");
	char pad[901];

	memset(pad, 'x', sizeof pad - 1);
	pad[sizeof pad - 1] = '\0';
	if (f == NULL || z == NULL)
		abort();
	fputs("<n:interfaceNuu xmlns:n=\"http://nuu.application.i2/\">\n", f);
	gzputs(z, "<n:interfaceNuu xmlns:n=\"http://nuu.application.i2/\">\n");
	for (int i = 0; i < n; i++) {
		char record[1200];

		snprintf(record, sizeof record,
		         "  <n:demande>\n    <n:demandeLogement><n:numUnique>07403%07d%06dG0417"
		         "</n:numUnique></n:demandeLogement>\n    <n:texte>%.*s</n:texte>\n"
		         "  </n:demande>\n", i / 1000000, i % 1000000, i * 7 % 900, pad);
		fputs(record, f);
		gzputs(z, record);
	}
	fputs("</n:interfaceNuu>\n", f);
	gzputs(z, "</n:interfaceNuu>\n");
	fclose(f);
	gzclose(z);
}

static void test_big(void)
{
	const char *plain = "/tmp/test_lookup_big.xml", *gz = "/tmp/test_lookup_big.xml.gz";
	int n = 60000; /* about 40 MiB: records across two 16 MiB block ends */
	struct seen seen = { 0 };
	struct sne_lookup_spec spec = spec_for(&seen);

	int rc;

	write_big(plain, gz, n);
	rc = sne_lookup_keys(plain, &spec);
	CHECK(rc == 0 && seen.count == n,
	      "chaque enregistrement d'un fichier de 40 Mio (projeté en mémoire) est trouvé : %d",
	      seen.count);
	CHECK(seen.in_order && seen.well_cut && seen.parsed,
	      "dans l'ordre, coupés à leurs balises, lus");
	seen = (struct seen){ 0 };
	spec = spec_for(&seen);
	rc = sne_lookup_keys(gz, &spec);
	CHECK(rc == 0 && seen.count == n,
	      "chaque enregistrement du même flux en gzip (lu par blocs) est trouvé : %d", seen.count);
	CHECK(seen.in_order && seen.well_cut && seen.parsed,
	      "dans l'ordre, coupés à leurs balises, lus");
	unlink(plain);
	unlink(gz);
}

int main(void)
{
	sne_err_init("test_lookup");
	test_small();
	test_strings();
	test_refusals();
	test_fragment();
	test_big();
	return check_done();
}
