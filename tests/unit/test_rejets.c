/* The --rejets stream (lib/rejets.c): a document of the input's vocabulary
 * that reads back as a stream, every record after its reason, a reason
 * that cannot break the comment, an empty stream when nothing was refused,
 * and every write failure reported at close. */
#include "buf.h"
#include "check.h"
#include "sne/io.h"
#include "sne/rejets.h"
#include "sne/stream.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static char dir[] = "/tmp/sne-test-rejets-XXXXXX";
static char path[256];

/* Every record of DOC refused with REASON into REJETS. */
struct refuse {
	struct sne_rejets *rejets;
	const char *reason;
	int rc;
};

static int refuse_record(struct sne_record *record, void *ctx)
{
	struct refuse *r = ctx;

	if (sne_rejets_write(r->rejets, record, r->reason) != 0)
		r->rc = -1;
	return 0;
}

static int run_doc(const char *doc, struct refuse *r)
{
	struct sne_stream_spec spec = {
		.record_ns = SNE_NS_NUU, .record_name = "demande",
		.on_record = refuse_record, .ctx = r,
	};
	char in_path[300];

	snprintf(in_path, sizeof in_path, "%s/in.xml", dir);
	if (buf_save(in_path, doc) != 0)
		return -1;
	return sne_stream_run_path(in_path, &spec, "ouverture impossible");
}

static int count_record(struct sne_record *record, void *ctx)
{
	(void)record;
	++*(int *)ctx;
	return 0;
}

/* The records of the file at P read as a stream, or -1 when it is not one. */
static int records_in(const char *p)
{
	int n = 0;
	struct sne_stream_spec spec = {
		.record_ns = SNE_NS_NUU, .record_name = "demande", .on_record = count_record, .ctx = &n,
	};

	return sne_stream_run_path(p, &spec, "ouverture impossible") == 0 ? n : -1;
}

static const char prefixed[] =
	"<?xml version=\"1.0\"?>\n"
	"<ns1:interfaceNuu xmlns:ns1=\"" SNE_NS_NUU "\" xmlns:s=\"" SNE_NS_SUIVI "\">\n"
	"  <ns1:demande id=\"a\"><ns1:x>1</ns1:x></ns1:demande>\n"
	"  <ns1:demande id=\"b\" xmlns:s=\"" SNE_NS_SUIVI "\"><s:suivi/></ns1:demande>\n"
	"</ns1:interfaceNuu>\n";

static void test_prefixed_records(void)
{
	struct refuse r = { NULL, "numéro inconnu", 0 };
	struct buf got = { 0 };
	const char *p;
	struct stat st;

	snprintf(path, sizeof path, "%s/rejets.xml", dir);
	r.rejets = sne_rejets_open(path, SNE_NS_NUU, "interfaceNuu", " version=\"2\"");
	CHECK(r.rejets != NULL, "fichier de rejets créé");
	if (r.rejets == NULL)
		return;
	CHECK(run_doc(prefixed, &r) == 0 && r.rc == 0, "deux demandes refusées sans erreur");
	CHECK(sne_rejets_close(r.rejets) == 0, "fermeture sans erreur");
	CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600, "fichier en mode 0600");
	buf_load(&got, path);
	CHECK(strncmp(got.data, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ns1:interfaceNuu version=\"2\"",
	              66) == 0, "racine au préfixe des demandes, attributs donnés ajoutés");
	CHECK(strstr(got.data, "<!-- refusée : numéro inconnu -->\n  <ns1:demande id=\"a\">") != NULL,
	      "chaque demande après sa raison");
	CHECK(strstr(got.data, "<ns1:demande id=\"b\" xmlns:s=") != NULL,
	      "la demande écrite telle qu'elle est venue");
	p = strstr(got.data, "xmlns:s=");
	CHECK(p != NULL && strstr(p + 1, "xmlns:s=") == strstr(got.data, "<ns1:demande id=\"b\"") + 20,
	      "racine : chaque préfixe déclaré une fois");
	CHECK(got.len > 20 && strcmp(got.data + got.len - 21, "\n</ns1:interfaceNuu>\n") == 0,
	      "racine fermée avec son préfixe");
	CHECK(records_in(path) == 2, "les rejets se relisent comme un flux de 2 demandes");
	free(got.data);
}

static void test_default_namespace(void)
{
	struct refuse r = { NULL, "x", 0 };
	struct buf got = { 0 };

	snprintf(path, sizeof path, "%s/defaut.xml", dir);
	r.rejets = sne_rejets_open(path, SNE_NS_NUU, "interfaceNuu", NULL);
	run_doc("<interfaceNuu xmlns=\"" SNE_NS_NUU "\"><demande/></interfaceNuu>", &r);
	sne_rejets_close(r.rejets);
	buf_load(&got, path);
	CHECK(strstr(got.data, "<interfaceNuu xmlns=\"" SNE_NS_NUU "\">") != NULL,
	      "espace de noms par défaut : racine sans préfixe, déclarée une fois");
	CHECK(strstr(got.data, "</interfaceNuu>") != NULL, "racine fermée sans préfixe");
	CHECK(records_in(path) == 1, "se relit : 1 demande");
	free(got.data);
}

static void test_reason_cannot_close_comment(void)
{
	struct refuse r = { NULL, "a--b -- c-", 0 };
	struct buf got = { 0 };

	snprintf(path, sizeof path, "%s/tirets.xml", dir);
	r.rejets = sne_rejets_open(path, SNE_NS_NUU, "interfaceNuu", "");
	run_doc(prefixed, &r);
	sne_rejets_close(r.rejets);
	buf_load(&got, path);
	CHECK(strstr(got.data, "<!-- refusée : a- -b - - c-  -->") != NULL,
	      "« -- » et un « - » final séparés d'une espace dans le commentaire");
	CHECK(records_in(path) == 2, "le document reste bien formé");
	free(got.data);
}

static void test_nothing_refused(void)
{
	struct buf got = { 0 };
	struct sne_rejets *rejets;

	snprintf(path, sizeof path, "%s/vide.xml", dir);
	rejets = sne_rejets_open(path, SNE_NS_NUU, "interfaceNuu", " v=\"1\"");
	CHECK(sne_rejets_close(rejets) == 0, "rien de refusé : fermeture sans erreur");
	buf_load(&got, path);
	CHECK_STR(got.data,
	          "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<interfaceNuu v=\"1\" xmlns=\"" SNE_NS_NUU
	          "\"/>\n", "rien de refusé : racine vide");
	CHECK(records_in(path) == 0, "racine vide relue : 0 demande");
	free(got.data);
}

static void test_write_text(void)
{
	struct refuse r = { NULL, "premier", 0 };
	struct buf got = { 0 };
	static const char again[] = "<ns1:demande id=\"c\"/>";
	static const char alone[] = "<ns1:demande xmlns:ns1=\"" SNE_NS_NUU "\" id=\"d\"/>";

	snprintf(path, sizeof path, "%s/texte.xml", dir);
	r.rejets = sne_rejets_open(path, SNE_NS_NUU, "interfaceNuu", "");
	run_doc(prefixed, &r);
	CHECK(sne_rejets_write_text(r.rejets, again, strlen(again), "relu") == 0,
	      "texte après une demande : écrit");
	sne_rejets_close(r.rejets);
	buf_load(&got, path);
	CHECK(strstr(got.data, "<!-- refusée : relu -->\n  <ns1:demande id=\"c\"/>") != NULL,
	      "texte écrit après sa raison");
	CHECK(records_in(path) == 3, "se relit : 3 demandes");
	free(got.data);

	got = (struct buf){ 0 };
	r.rejets = sne_rejets_open(path, SNE_NS_NUU, "interfaceNuu", " v=\"1\"");
	CHECK(sne_rejets_write_text(r.rejets, alone, strlen(alone), "seul") == 0,
	      "texte écrit le premier : écrit");
	sne_rejets_close(r.rejets);
	buf_load(&got, path);
	CHECK(strncmp(got.data, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<interfaceNuu v=\"1\" "
	              "xmlns=\"" SNE_NS_NUU "\">", 87) == 0,
	      "écrit le premier : racine à l'espace de noms par défaut");
	CHECK(got.len > 17 && strcmp(got.data + got.len - 17, "\n</interfaceNuu>\n") == 0,
	      "racine fermée sans préfixe");
	CHECK(records_in(path) == 1, "se relit : la demande, qui déclare son préfixe");
	free(got.data);
}

static void test_gzip(void)
{
	struct refuse r = { NULL, "x", 0 };
	struct buf got = { 0 };

	snprintf(path, sizeof path, "%s/rejets.xml.gz", dir);
	r.rejets = sne_rejets_open(path, SNE_NS_NUU, "interfaceNuu", "");
	run_doc(prefixed, &r);
	CHECK(sne_rejets_close(r.rejets) == 0, ".gz : fermeture sans erreur");
	buf_load(&got, path);
	CHECK(got.len > 2 && (unsigned char)got.data[0] == 0x1f && (unsigned char)got.data[1] == 0x8b,
	      "nom en .gz : fichier compressé");
	CHECK(records_in(path) == 2, ".gz relu : 2 demandes");
	free(got.data);
}

static void test_failures(void)
{
	struct refuse r = { NULL, "x", 0 };

	snprintf(path, sizeof path, "%s/absent/rejets.xml", dir);
	errno = 0;
	CHECK(sne_rejets_open(path, SNE_NS_NUU, "interfaceNuu", "") == NULL && errno == ENOENT,
	      "dossier absent : NULL, errno ENOENT");
	r.rejets = sne_rejets_open("/dev/full", SNE_NS_NUU, "interfaceNuu", "");
	if (r.rejets == NULL) {
		CHECK(0, "/dev/full ouvert");
		return;
	}
	run_doc(prefixed, &r);
	errno = 0;
	CHECK(sne_rejets_close(r.rejets) == -1 && errno == ENOSPC,
	      "disque plein : la fermeture le dit (ENOSPC)");
}

int main(void)
{
	if (mkdtemp(dir) == NULL)
		return 99;
	sne_xml_silence();
	test_prefixed_records();
	test_default_namespace();
	test_reason_cannot_close_comment();
	test_nothing_refused();
	test_write_text();
	test_gzip();
	test_failures();
	snprintf(path, sizeof path, "rm -rf '%s'", dir);
	if (system(path) != 0)
		return 99;
	return check_done();
}
