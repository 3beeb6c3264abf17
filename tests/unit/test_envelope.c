/* The envelope of a stream: what the root and the entete may hold, the
 * facts the head carries, and the interface's rule on them. */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "capture.h"
#include "check.h"
#include "sne/envelope.h"
#include "sne/err.h"
#include "sne/io.h"
#include "sne/stream.h"

#define NS1 "xmlns:ns1=\"http://nuu.application.i2/\""

struct seen {
	int heads, records;
	struct sne_head head;      /* its pointers are gone once the run ends */
	int declares_nuu;          /* head.root_namespaces, read in the callback */
};

static int on_head(const struct sne_head *head, void *ctx)
{
	struct seen *seen = ctx;

	seen->heads++;
	seen->head = *head;
	seen->declares_nuu = strstr(head->root_namespaces, "http://nuu.application.i2/") != NULL;
	return 0;
}

static int on_record(struct sne_record *record, void *ctx)
{
	struct seen *seen = ctx;

	(void)record;
	seen->records++;
	return 0;
}

/* Runs the interface envelope over TEXT; returns the status. */
static int run_text(const char *text, struct seen *seen)
{
	struct sne_stream_spec spec = { .record_ns = SNE_NS_NUU, .record_name = "demande",
	                                .envelope = &sne_envelope_interface,
	                                .on_record = on_record, .on_head = on_head, .ctx = seen };
	int fd = memfd_create("enveloppe", 0), rc;
	struct sne_input *in;

	memset(seen, 0, sizeof *seen);
	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text) ||
	    lseek(fd, 0, SEEK_SET) != 0)
		abort();
	in = sne_input_fdopen(fd, "e.xml");
	rc = sne_stream_run(in, &spec);
	sne_input_close(in);
	return rc;
}

static void test_head_facts(void)
{
	struct seen seen;
	int rc = run_text("<?xml version=\"1.0\"?>\n<ns1:interfaceNuu versionInterface=\"02.00\" " NS1
	                  ">\n<ns1:entete><ns1:typeFichier>CRE</ns1:typeFichier>"
	                  "<ns1:dateFichier>2017-03-21T09:12:44.120+01:00</ns1:dateFichier>"
	                  "</ns1:entete>\n<ns1:demande/><ns1:demande/></ns1:interfaceNuu>\n",
	                  &seen);

	CHECK(rc == 0, "un fichier de création passe (obtenu %d)", rc);
	CHECK(seen.heads == 1 && seen.records == 2, "une seule tête, avant les demandes");
	CHECK_STR(sne_head_attribute(&seen.head, "versionInterface"), "02.00", "version gardée");
	CHECK_STR(sne_head_type(&seen.head), "CRE", "typeFichier gardé");
	CHECK_STR(sne_head_field(&seen.head, "dateFichier"), "2017-03-21T09:12:44.120+01:00",
	          "dateFichier gardé");
	CHECK(!seen.head.empty, "demandes : non vide");
	CHECK(seen.head.line == 3, "ligne de l'entete (%ld)", seen.head.line);
}

static void test_empty_roots(void)
{
	struct seen seen;
	const char *closed = "<?xml version=\"1.0\"?>\n<ns1:interfaceNuu " NS1 " />\n";
	const char *open = "<ns1:interfaceNuu " NS1 ">\n  <ns1:entete/>\n</ns1:interfaceNuu>";

	CHECK(run_text(closed, &seen) == 0 && seen.heads == 1, "une racine vide a sa tête");
	CHECK(seen.head.empty && seen.head.self_closing, "auto-fermante, vide");
	CHECK(strncmp(closed + seen.head.close_at, "/>", 2) == 0, "close_at sur « /> »");
	CHECK_STR(seen.head.root_qname, "ns1:interfaceNuu", "le nom de la racine tel qu'écrit");
	CHECK(run_text(open, &seen) == 0 && seen.head.empty && !seen.head.self_closing,
	      "racine ouverte, vide");
	CHECK(strncmp(open + seen.head.close_at, "</ns1:interfaceNuu>", 19) == 0,
	      "close_at sur la balise fermante");
	CHECK(seen.declares_nuu, "les déclarations de la racine");
}

static void test_refusals(void)
{
	static const struct {
		const char *text, *says;
	} cases[] = {
		{ "<foo/>", "racine « foo »" },
		{ "<ns1:interfaceNuu xmlns:ns1=\"urn:x\"/>", "espace de noms urn:x" },
		{ "<ns1:interfaceNuu " NS1 ">x</ns1:interfaceNuu>", "texte « x »" },
		{ "<ns1:interfaceNuu " NS1 "><ns1:z/></ns1:interfaceNuu>", "élément « z » inattendu" },
		{ "<ns1:interfaceNuu " NS1 "><ns1:entete/><ns1:entete/></ns1:interfaceNuu>",
		  "en double" },
		{ "<ns1:interfaceNuu " NS1 "><ns1:demande/><ns1:entete/></ns1:interfaceNuu>",
		  "après les enregistrements" },
		{ "<ns1:interfaceNuu " NS1 "><ns1:demande xmlns:ns1=\"urn:y\"/></ns1:interfaceNuu>",
		  "« demande » de l'espace de noms urn:y" },
		{ "<ns1:interfaceNuu versionInterface=\"99.99\" " NS1 "/>", "« 99.99 » inconnue" },
		{ "<ns1:interfaceNuu " NS1 "><ns1:entete><ns1:typeFichier>ZZZ</ns1:typeFichier>"
		  "</ns1:entete></ns1:interfaceNuu>", "« ZZZ » inconnu" },
		{ "<ns1:interfaceNuu " NS1 "><ns1:entete><ns1:dateFichier>2017-02-30"
		  "</ns1:dateFichier></ns1:entete></ns1:interfaceNuu>", "n'est pas une date" },
		{ "<ns1:interfaceNuu " NS1 "><ns1:entete><ns1:dateFichier>2017-02-03T25:00:00"
		  "</ns1:dateFichier></ns1:entete></ns1:interfaceNuu>", "n'est pas une date" },
	};
	struct seen seen;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *said;
		int rc;
		capture_start();
		rc = run_text(cases[i].text, &seen);
		said = capture_end();
		CHECK(rc == SNE_EX_DATAERR, "refusé : %s (obtenu %d)", cases[i].text, rc);
		CHECK(strstr(said, cases[i].says) != NULL, "dit « %s » (%s)", cases[i].says, said);
	}
	CHECK(run_text("<ns1:interfaceNuu " NS1 "><ns1:entete><ns1:dateFichier>2017-03-05Z"
	               "</ns1:dateFichier><ns1:autre>x</ns1:autre></ns1:entete>\n<!-- c --><?pi x?>"
	               "</ns1:interfaceNuu>", &seen) == 0,
	      "une date avec fuseau, un autre enfant de l'entete, des commentaires et des "
	      "instructions de traitement passent");
}

static void test_require_type(void)
{
	struct sne_head head;
	char why[SNE_WHY_MAX * 2];

	memset(&head, 0, sizeof head);
	CHECK(sne_head_require_type(&head, SNE_TYPE_CREATION, "sne-create", why, sizeof why) == 0,
	      "sans typeFichier : un registre, accepté");
	strcpy(head.fields[0].name, "typeFichier");
	strcpy(head.fields[0].value, "MOD");
	head.nfields = 1;
	CHECK(sne_head_require_type(&head, SNE_TYPE_CREATION, "sne-create", why, sizeof why) != 0,
	      "MOD refusé par un programme de création");
	CHECK(strstr(why, "utilisez sne-update") != NULL, "nomme le programme pour MOD (%s)", why);
	CHECK(sne_head_require_type(&head, SNE_TYPE_MODIFICATION, "sne-update", why,
	                            sizeof why) == 0, "MOD pris par sne-update");
}

int main(void)
{
	sne_err_init("test_envelope");
	test_head_facts();
	test_empty_roots();
	test_refusals();
	test_require_type();
	return check_done();
}
