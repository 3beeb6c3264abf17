/* Unit tests of the suivi: sne_suivi_store_new() writes byte for byte what
 * the setters and sne_suivi_store() write for a record without suivi,
 * whatever the record's layout; the edits of a suivi read from the record
 * are splices of its bytes, which leave the rest byte for byte. */
#include "check.h"
#include "sne/err.h"
#include "sne/io.h"
#include "sne/stream.h"
#include "sne/suivi.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[] = "/tmp/sne-test-suivi-XXXXXX";

static const char *const fields[] = { SNE_SUIVI_FIELD };

/* One way of making the new suivi, and what goes in it. */
struct run {
	int as_text;
	void (*edit)(struct sne_suivi *suivi);  /* else: a new suivi */
	int changed;                            /* records with edits */
	struct sne_suivi_nouveau nouveau;
	struct sne_output *out;
};

static void store_as_tree(struct sne_record *record, const struct sne_suivi_nouveau *n)
{
	struct sne_suivi *s = sne_suivi_load(record, 0);

	sne_suivi_set_text(s, "etat", n->etat);
	if (n->origine != NULL)
		sne_suivi_set_text(s, "origine", n->origine);
	sne_suivi_touch(s, n->date, n->guichet);
	if (n->prochain != NULL)
		sne_suivi_set_date(sne_suivi_ensure(s, "renouvellement"), "prochain", *n->prochain);
	for (const char *const *type = n->evenements; *type; type++)
		sne_suivi_add_evenement(s, n->date, *type, n->guichet);
	sne_suivi_store(s, record);
	sne_suivi_free(s);
}

static int on_record(struct sne_record *record, void *ctx)
{
	struct run *run = ctx;

	if (run->edit != NULL) {
		struct sne_suivi *suivi = sne_suivi_load(record, 0);
		if (suivi == NULL)
			abort();
		run->edit(suivi);
		sne_suivi_store(suivi, record);
		sne_suivi_free(suivi);
		run->changed += sne_record_changed(record);
	} else if (run->as_text)
		sne_suivi_store_new(record, &run->nouveau);
	else
		store_as_tree(record, &run->nouveau);
	return sne_record_write(record, run->out) == 0 ? 0 : SNE_EX_IOERR;
}

static int on_tail(const char *bytes, size_t len, void *ctx)
{
	struct run *run = ctx;

	return sne_output_write(run->out, bytes, len) == 0 ? 0 : SNE_EX_IOERR;
}

static char *read_all(FILE *file)
{
	long size;
	char *data;
	size_t n;

	fflush(file);
	fseek(file, 0, SEEK_END);
	size = ftell(file);
	rewind(file);
	data = malloc((size_t)size + 1);
	if (data == NULL)
		abort();
	n = fread(data, 1, (size_t)size, file);
	data[n] = '\0';
	return data;
}

/* The output of the stream over PATH, the suivi made one way or the other. */
static char *run_once(const char *path, struct run *run)
{
	struct sne_stream_spec spec = {
		.record_ns = SNE_NS_NUU,
		.record_name = "demande",
		.fields = fields,
		.nfields = 1,
		.on_record = on_record,
		.on_tail = on_tail,
		.ctx = run,
	};
	FILE *out_file = tmpfile();
	struct sne_input *in = sne_input_open(path);
	char *text;

	if (out_file == NULL || in == NULL)
		abort();
	run->out = sne_output_fdopen(dup(fileno(out_file)), "<test>", 0, 0);
	if (sne_stream_run(in, &spec) != 0 || sne_output_close(run->out) != 0)
		abort();
	sne_input_close(in);
	text = read_all(out_file);
	fclose(out_file);
	return text;
}

static const char *write_doc(const char *text)
{
	static char path[512];
	int fd;
	size_t len = strlen(text);

	snprintf(path, sizeof path, "%s/doc.xml", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || write(fd, text, len) != (ssize_t)len)
		abort();
	close(fd);
	return path;
}

static void check_same(const char *what, const char *doc, struct sne_suivi_nouveau nouveau)
{
	const char *path = write_doc(doc);
	struct run tree = { .as_text = 0, .nouveau = nouveau }, text = { .as_text = 1, .nouveau = nouveau };
	char *want = run_once(path, &tree), *got = run_once(path, &text);

	CHECK_STR(got, want, "%s : le suivi texte est celui de l'arbre, octet pour octet", what);
	free(want);
	free(got);
}

static const char indented[] =
	"<?xml version=\"1.0\"?>\n"
	"<ns1:interfaceNuu xmlns:ns1=\"http://nuu.application.i2/\">\n"
	"  <ns1:demande>\n"
	"    <ns1:demandeLogement><ns1:nom>A</ns1:nom></ns1:demandeLogement>\n"
	"  </ns1:demande>\n"
	"  <ns1:demande>\n"
	"\t<ns1:demandeLogement/>\n"
	"\t<x:autre xmlns:x=\"urn:x\"/>\n"
	"  </ns1:demande>\n"
	"</ns1:interfaceNuu>\n";

static const char compact[] =
	"<ns1:interfaceNuu xmlns:ns1=\"http://nuu.application.i2/\"><ns1:demande>"
	"<ns1:demandeLogement/></ns1:demande><ns1:demande/></ns1:interfaceNuu>";

static const char empty_records[] =
	"<interfaceNuu xmlns=\"http://nuu.application.i2/\">\n"
	"    <demande/>\n"
	"    <demande></demande>\n"
	"    <demande>\n"
	"    </demande>\n"
	"</interfaceNuu>\n";

/* ------------------------------------------------------------------ */
/* edits of a suivi read from the record */

#define HEAD "<ns1:interfaceNuu xmlns:ns1=\"http://nuu.application.i2/\">\n  <ns1:demande>\n" \
             "    <ns1:demandeLogement/>\n"
#define TAIL "  </ns1:demande>\n</ns1:interfaceNuu>\n"
#define SUIVI_OPEN "    <s:suivi xmlns:s=\"urn:sne:suivi:1\">\n"
#define SUIVI_CLOSE "    </s:suivi>\n"

static const struct sne_date today = { 2026, 3, 16 };

/* Runs EDIT on the suivi of each record of DOC; the output must be WANT
 * and CHANGED records must have edits. */
static void check_edit(const char *what, const char *doc, void (*edit)(struct sne_suivi *),
                       const char *want, int changed)
{
	struct run run = { .edit = edit };
	char *got = run_once(write_doc(doc), &run);

	CHECK_STR(got, want, "%s", what);
	CHECK(run.changed == changed,
	      "%s : %d enregistrements changés (attendu %d)", what, run.changed, changed);
	free(got);
}

static void expire(struct sne_suivi *s)
{
	sne_suivi_node *node = sne_suivi_ensure(s, "radiation");

	sne_suivi_set_date(node, "date", today);
	sne_suivi_set_attr(node, "motif", "RADREN");
	sne_suivi_set_text(s, "etat", "radiee");
	node = sne_suivi_add_evenement(s, today, "radiation", "G0417");
	sne_suivi_set_attr(node, "motif", "RADREN");
	sne_suivi_touch(s, today, "G0417");
}

static void test_expire(void)
{
	check_edit("radiation : état et modification changés, radiation et evenement ajoutés, le "
	           "reste tel qu'il était (commentaire, guillemets, références, espacement)",
	           HEAD SUIVI_OPEN
	           "      <s:etat>active</s:etat> <!-- depuis 2024 -->\n"
	           "      <s:modification date='2025-03-01' guichet=\"G0001\"   note=\"a&#10;b\"/>\n"
	           "      <s:renouvellement prochain=\"2026-02-01\"/>\n"
	           "      <s:historique>\n"
	           "        <s:evenement date=\"2024-03-01\" type=\"creation\" motif=\"x&#10;y\"/>\n"
	           "      </s:historique>\n"
	           SUIVI_CLOSE TAIL,
	           expire,
	           HEAD SUIVI_OPEN
	           "      <s:etat>radiee</s:etat> <!-- depuis 2024 -->\n"
	           "      <s:modification date=\"2026-03-16\" guichet=\"G0417\"   note=\"a&#10;b\"/>\n"
	           "      <s:renouvellement prochain=\"2026-02-01\"/>\n"
	           "      <s:radiation date=\"2026-03-16\" motif=\"RADREN\"/>\n"
	           "      <s:historique>\n"
	           "        <s:evenement date=\"2024-03-01\" type=\"creation\" motif=\"x&#10;y\"/>\n"
	           "        <s:evenement date=\"2026-03-16\" type=\"radiation\" guichet=\"G0417\" "
	           "motif=\"RADREN\"/>\n"
	           "      </s:historique>\n"
	           SUIVI_CLOSE TAIL, 1);
}

static char *crlf(const char *text)
{
	size_t n = 0;
	char *out = malloc(2 * strlen(text) + 1);

	if (out == NULL)
		abort();
	for (; *text; text++) {
		if (*text == '\n')
			out[n++] = '\r';
		out[n++] = *text;
	}
	out[n] = '\0';
	return out;
}

static void test_crlf(void)
{
	char *doc = crlf(HEAD SUIVI_OPEN
	                 "      <s:etat>active</s:etat>\n"
	                 "      <s:renouvellement prochain=\"2026-02-01\"/>\n"
	                 SUIVI_CLOSE TAIL);
	char *want = crlf(HEAD SUIVI_OPEN
	                  "      <s:etat>radiee</s:etat>\n"
	                  "      <s:modification date=\"2026-03-16\" guichet=\"G0417\"/>\n"
	                  "      <s:renouvellement prochain=\"2026-02-01\"/>\n"
	                  "      <s:radiation date=\"2026-03-16\" motif=\"RADREN\"/>\n"
	                  "      <s:historique>\n"
	                  "        <s:evenement date=\"2026-03-16\" type=\"radiation\" "
	                  "guichet=\"G0417\" motif=\"RADREN\"/>\n"
	                  "      </s:historique>\n"
	                  SUIVI_CLOSE TAIL);

	check_edit("CRLF : les nouvelles lignes finissent par CR LF, comme celles de la demande", doc, expire, want, 1);
	free(doc);
	free(want);
}

static void test_compact(void)
{
	check_edit("une seule ligne : les nouveaux éléments y restent",
	           "<ns1:interfaceNuu xmlns:ns1=\"http://nuu.application.i2/\"><ns1:demande>"
	           "<s:suivi xmlns:s=\"urn:sne:suivi:1\"><s:etat>active</s:etat>"
	           "<s:historique/></s:suivi></ns1:demande></ns1:interfaceNuu>",
	           expire,
	           "<ns1:interfaceNuu xmlns:ns1=\"http://nuu.application.i2/\"><ns1:demande>"
	           "<s:suivi xmlns:s=\"urn:sne:suivi:1\"><s:etat>radiee</s:etat>"
	           "<s:modification date=\"2026-03-16\" guichet=\"G0417\"/>"
	           "<s:radiation date=\"2026-03-16\" motif=\"RADREN\"/>"
	           "<s:historique><s:evenement date=\"2026-03-16\" type=\"radiation\" "
	           "guichet=\"G0417\" motif=\"RADREN\"/></s:historique>"
	           "</s:suivi></ns1:demande></ns1:interfaceNuu>", 1);
}

static void reactivate(struct sne_suivi *s)
{
	sne_suivi_node *radiation = sne_suivi_find(s, "radiation");
	sne_suivi_node *event = sne_suivi_add_evenement(s, today, "reactivation", NULL);

	sne_suivi_set_attr(event, "radiation", sne_suivi_attr(radiation, "date"));
	sne_suivi_set_attr(event, "note", sne_suivi_attr(radiation, "note"));
	sne_suivi_remove(s, "radiation");
	sne_suivi_set_text(s, "etat", "active");
}

static void test_remove(void)
{
	check_edit("retrait : l'élément et les blancs qui le précèdent partent ; ses attributs "
	           "ont été lus décodés ; un historique vide reçoit son premier evenement",
	           HEAD SUIVI_OPEN
	           "      <s:etat>radiee</s:etat>\n"
	           "      <s:radiation date=\"2026-01-02\" note='a&amp;b\r\nc&#10;d'/>\n"
	           "      <s:historique></s:historique>\n"
	           SUIVI_CLOSE TAIL,
	           reactivate,
	           HEAD SUIVI_OPEN
	           "      <s:etat>active</s:etat>\n"
	           "      <s:historique>\n"
	           "        <s:evenement date=\"2026-03-16\" type=\"reactivation\" "
	           "radiation=\"2026-01-02\" note=\"a&amp;b c&#10;d\"/>\n"
	           "      </s:historique>\n"
	           SUIVI_CLOSE TAIL, 1);
}

static void remove_renouvellement(struct sne_suivi *s) { sne_suivi_remove(s, "renouvellement"); }

/* A removal alone writes no text (under UBSan, an edit from a buffer never
 * made was a null pointer handed to memcpy). */
static void test_remove_alone(void)
{
	check_edit("un retrait seul : l'élément et les blancs qui le précèdent partent",
	           HEAD SUIVI_OPEN
	           "      <s:etat>active</s:etat>\n"
	           "      <s:renouvellement prochain=\"2027-01-02\"/>\n"
	           SUIVI_CLOSE TAIL,
	           remove_renouvellement,
	           HEAD SUIVI_OPEN
	           "      <s:etat>active</s:etat>\n"
	           SUIVI_CLOSE TAIL, 1);
}

static void same_values(struct sne_suivi *s)
{
	sne_suivi_set_text(s, "etat", "a&b");
	sne_suivi_set_attr(sne_suivi_find(s, "modification"), "note", "x\ny");
	sne_suivi_set_attr(sne_suivi_find(s, "modification"), "absent", NULL);
	sne_suivi_remove(s, "absent");
}

static void test_unchanged(void)
{
	static const char doc[] =
		HEAD SUIVI_OPEN
		"      <s:etat>a&amp;b</s:etat>\n"
		"      <s:modification note=\"x&#10;y\"/>\n"
		SUIVI_CLOSE TAIL;

	check_edit("les mêmes valeurs remises : aucune modification, les octets tels quels", doc, same_values, doc, 0);
}

static void attribute_edits(struct sne_suivi *s)
{
	sne_suivi_node *r = sne_suivi_find(s, "renouvellement");

	sne_suivi_set_attr(r, "canal", NULL);
	sne_suivi_set_attr(r, "dernier", "2026-03-16");
	sne_suivi_set_attr(r, "prochain", "2027-03-16");
	sne_suivi_set_attr(r, "force", "oui");
}

static void test_attributes(void)
{
	check_edit("attributs : un retiré avec son blanc, un changé en place, les nouveaux à la fin",
	           HEAD SUIVI_OPEN
	           "      <s:etat>active</s:etat>\n"
	           "      <s:renouvellement  prochain=\"2026-03-16\" canal='guichet' x=\"1\"/>\n"
	           SUIVI_CLOSE TAIL,
	           attribute_edits,
	           HEAD SUIVI_OPEN
	           "      <s:etat>active</s:etat>\n"
	           "      <s:renouvellement  prochain=\"2027-03-16\" x=\"1\" dernier=\"2026-03-16\" "
	           "force=\"oui\"/>\n"
	           SUIVI_CLOSE TAIL, 1);
}

static void notice(struct sne_suivi *s)
{
	sne_suivi_node *envoi = sne_suivi_append(s, "envoi");

	sne_suivi_set_attr(envoi, "type", "preavis-1-mois");
	envoi = sne_suivi_append(s, "envoi");
	sne_suivi_set_attr(envoi, "type", "attestation");
	sne_suivi_add_evenement(s, today, "envoi", NULL);
	sne_suivi_set_text(s, "origine", "");
}

static void test_append(void)
{
	check_edit("envois ajoutés : après ceux qui sont là, avant historique, dans l'ordre ; "
	           "un texte vide fait un élément vide ; l'espace de noms par défaut ne donne "
	           "aucun préfixe",
	           HEAD
	           "    <suivi xmlns=\"urn:sne:suivi:1\">\n"
	           "      <etat>active</etat>\n"
	           "      <origine>pgp</origine>\n"
	           "      <envoi type=\"ancien\"/>\n"
	           "      <historique>\n"
	           "        <evenement type=\"creation\"/>\n"
	           "      </historique>\n"
	           "      <x:autre xmlns:x=\"urn:x\"/>\n"
	           "    </suivi>\n" TAIL,
	           notice,
	           HEAD
	           "    <suivi xmlns=\"urn:sne:suivi:1\">\n"
	           "      <etat>active</etat>\n"
	           "      <origine/>\n"
	           "      <envoi type=\"ancien\"/>\n"
	           "      <envoi type=\"preavis-1-mois\"/>\n"
	           "      <envoi type=\"attestation\"/>\n"
	           "      <historique>\n"
	           "        <evenement type=\"creation\"/>\n"
	           "        <evenement date=\"2026-03-16\" type=\"envoi\"/>\n"
	           "      </historique>\n"
	           "      <x:autre xmlns:x=\"urn:x\"/>\n"
	           "    </suivi>\n" TAIL, 1);
}

static void attribution(struct sne_suivi *s)
{
	sne_suivi_node *radiation, *attribution, *logement;

	sne_suivi_set_text(s, "etat", "radiee");
	sne_suivi_remove(s, "radiation");
	radiation = sne_suivi_ensure(s, "radiation");
	sne_suivi_set_attr(radiation, "motif", "RADATT");
	attribution = sne_suivi_append_child(radiation, "attribution");
	sne_suivi_set_attr(attribution, "bailleur", "B<1>");
	logement = sne_suivi_append_child(attribution, "logement");
	sne_suivi_set_attr(logement, "rpls", "R1");
}

static void test_nested(void)
{
	check_edit("un nouvel élément avec enfants, à la place d'un retiré, un niveau "
	           "d'indentation par enfant ; un suivi sans élément enfant les reçoit",
	           HEAD SUIVI_OPEN
	           "      <s:etat>active</s:etat>\n"
	           "      <s:radiation motif=\"RADREN\"/>\n"
	           "      <s:historique/>\n"
	           SUIVI_CLOSE
	           "  </ns1:demande>\n  <ns1:demande>\n"
	           "    <s:suivi xmlns:s=\"urn:sne:suivi:1\"/>\n"
	           TAIL,
	           attribution,
	           HEAD SUIVI_OPEN
	           "      <s:etat>radiee</s:etat>\n"
	           "      <s:radiation motif=\"RADATT\">\n"
	           "        <s:attribution bailleur=\"B&lt;1&gt;\">\n"
	           "          <s:logement rpls=\"R1\"/>\n"
	           "        </s:attribution>\n"
	           "      </s:radiation>\n"
	           "      <s:historique/>\n"
	           SUIVI_CLOSE
	           "  </ns1:demande>\n  <ns1:demande>\n"
	           "    <s:suivi xmlns:s=\"urn:sne:suivi:1\">\n"
	           "      <s:etat>radiee</s:etat>\n"
	           "      <s:radiation motif=\"RADATT\">\n"
	           "        <s:attribution bailleur=\"B&lt;1&gt;\">\n"
	           "          <s:logement rpls=\"R1\"/>\n"
	           "        </s:attribution>\n"
	           "      </s:radiation>\n"
	           "    </s:suivi>\n"
	           TAIL, 2);
}

int main(void)
{
	static const char *const creation[] = { "creation", NULL };
	static const char *const soumission[] = { "creation", "soumission", NULL };
	static const char *const none[] = { NULL };
	static const char *const odd_types[] = { "", "x&y<\"z\">", NULL };
	struct sne_date prochain = { 2027, 3, 16 };
	struct sne_suivi_nouveau active = { "active", "guichet", today, "G0417", &prochain, creation };
	struct sne_suivi_nouveau pgp = { "en-attente-validation", "pgp", today, "GDPUB", NULL,
	                                 soumission };
	struct sne_suivi_nouveau bare = { "brouillon", NULL, today, NULL, NULL, none };
	struct sne_suivi_nouveau odd = { "a<b&\"c\">", "", today, "", &prochain, odd_types };

	if (mkdtemp(dir) == NULL)
		return 2;
	test_remove_alone(); /* first: no suivi has made its buffer yet */
	check_same("indenté, active", indented, active);
	check_same("indenté, pgp", indented, pgp);
	check_same("indenté, sans origine, guichet ni evenement", indented, bare);
	check_same("indenté, textes à échapper, textes vides", indented, odd);
	check_same("compact, active", compact, active);
	check_same("compact, sans evenement", compact, bare);
	check_same("demandes vides, active", empty_records, active);
	check_same("demandes vides, pgp", empty_records, pgp);
	check_same("demandes vides, textes à échapper", empty_records, odd);
	test_expire();
	test_crlf();
	test_compact();
	test_remove();
	test_unchanged();
	test_attributes();
	test_append();
	test_nested();
	unlink(write_doc(""));
	rmdir(dir);
	return check_done();
}
