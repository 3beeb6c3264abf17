/* Registration edits (lib/enregistrement.c): numGuichet, numUnique and
 * dateCreationDemande set in place when present, inserted in the
 * interface's order with their siblings' prefix and indentation when not,
 * left alone when NULL; a demandeLogement without content refused; the
 * numbering opened at the first numéro only, sequences per territory and
 * month. */
#include "buf.h"
#include "check.h"
#include "sne/check.h"
#include "sne/config.h"
#include "sne/enregistrement.h"
#include "sne/err.h"
#include "sne/io.h"
#include "sne/stream.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[] = "/tmp/sne-test-enregistrement-XXXXXX";

struct edit {
	const char *guichet, *numero, *date;
	struct sne_output *out;
	int rc, changed;
	char why[256];
};

static void set(struct edit *e, const char *guichet, const char *numero, const char *date)
{
	memset(e, 0, sizeof *e);
	e->guichet = guichet, e->numero = numero, e->date = date;
}

static int edit_record(struct sne_record *record, void *ctx)
{
	struct edit *e = ctx;

	e->rc = sne_enregistrement_set_entete(record, e->guichet, e->numero, e->date, e->why,
	                                      sizeof e->why);
	e->changed = sne_record_changed(record);
	return sne_record_write(record, e->out) == 0 ? 0 : SNE_EX_IOERR;
}

static int write_tail(const char *bytes, size_t len, void *ctx)
{
	return sne_output_write(((struct edit *)ctx)->out, bytes, len) == 0 ? 0 : SNE_EX_IOERR;
}

/* DOC with E applied to its demande; the document written (freed by the
 * caller). */
static char *apply(const char *doc, struct edit *e)
{
	struct sne_stream_spec spec = {
		.record_ns = SNE_NS_NUU, .record_name = "demande",
		.fields = sne_check_fields, .nfields = SNE_CK_NFIELDS,
		.on_record = edit_record, .on_tail = write_tail, .ctx = e,
	};
	char in[300], out[300];
	struct buf got = { 0 };

	snprintf(in, sizeof in, "%s/in.xml", dir);
	snprintf(out, sizeof out, "%s/out.xml", dir);
	buf_save(in, doc);
	e->out = sne_output_create(out);
	if (sne_stream_run_path(in, &spec, "ouverture impossible") != 0)
		abort();
	sne_output_close(e->out);
	buf_load(&got, out);
	return got.data;
}

#define ROOT "<ns1:interfaceNuu xmlns:ns1=\"" SNE_NS_NUU "\">\n"

static void test_insert_all(void)
{
	struct edit e = { .guichet = NULL };
	set(&e, "G0417", "0740324000001G0417", "2024-03-15");
	char *got = apply(ROOT "  <ns1:demande>\n    <ns1:demandeLogement>\n"
	                  "      <ns1:personnePhysique/>\n    </ns1:demandeLogement>\n"
	                  "  </ns1:demande>\n</ns1:interfaceNuu>\n", &e);

	CHECK(e.rc == 0 && e.changed, "trois éléments ajoutés : enregistrement modifié");
	CHECK_STR(got, ROOT "  <ns1:demande>\n    <ns1:demandeLogement>\n"
	               "      <ns1:numGuichet>G0417</ns1:numGuichet>\n"
	               "      <ns1:numUnique>0740324000001G0417</ns1:numUnique>\n"
	               "      <ns1:dateCreationDemande>2024-03-15</ns1:dateCreationDemande>\n"
	               "      <ns1:personnePhysique/>\n    </ns1:demandeLogement>\n"
	               "  </ns1:demande>\n</ns1:interfaceNuu>\n",
	          "ajoutés avant le premier enfant, dans l'ordre, préfixe et retrait des voisins");
	free(got);
}

static void test_after_present(void)
{
	struct edit e = { .guichet = NULL };
	set(&e, "G0417", "0740324000001G0417", NULL);
	char *got = apply("<interfaceNuu xmlns=\"" SNE_NS_NUU "\"><demande><demandeLogement>\n"
	                  "\t<numGuichet>G0001</numGuichet>\n\t<dateCreationDemande>2024-03-01"
	                  "</dateCreationDemande>\n</demandeLogement></demande></interfaceNuu>", &e);

	CHECK_STR(got, "<interfaceNuu xmlns=\"" SNE_NS_NUU "\"><demande><demandeLogement>\n"
	               "\t<numGuichet>G0417</numGuichet>\n\t<numUnique>0740324000001G0417</numUnique>\n"
	               "\t<dateCreationDemande>2024-03-01</dateCreationDemande>\n"
	               "</demandeLogement></demande></interfaceNuu>",
	          "espace de noms par défaut : guichet remplacé, numéro inséré après lui, date NULL "
	          "gardée");
	free(got);
}

static void test_unchanged_and_refused(void)
{
	static const char doc[] = ROOT "<ns1:demande><ns1:demandeLogement>"
	                          "<ns1:numGuichet>G0417</ns1:numGuichet></ns1:demandeLogement>"
	                          "</ns1:demande></ns1:interfaceNuu>";
	struct edit e = { .guichet = NULL };
	set(&e, "G0417", NULL, NULL);
	char *got = apply(doc, &e);

	CHECK(e.rc == 0 && !e.changed, "même texte, le reste NULL : rien n'est changé");
	CHECK_STR(got, doc, "demande écrite telle quelle");
	free(got);
	set(&e, "G0417", "0740324000001G0417", "2024-03-15");
	got = apply(ROOT "<ns1:demande><ns1:demandeLogement/></ns1:demande></ns1:interfaceNuu>", &e);
	CHECK(e.rc == -1 && strstr(e.why, "élément demandeLogement manquant ou vide") != NULL,
	      "demandeLogement vide : refusé, dit pourquoi");
	CHECK(!e.changed, "refusé : rien n'est changé");
	free(got);
	set(&e, "G0417", NULL, NULL);
	got = apply(ROOT "<ns1:demande><ns1:autre/></ns1:demande></ns1:interfaceNuu>", &e);
	CHECK(e.rc == -1, "sans demandeLogement : refusé");
	free(got);
}

static void test_numeroteur(void)
{
	struct sne_config config;
	struct sne_numeroteur *n;
	char numero[SNE_NUMERO_SIZE], why[1024] = "", state[300];
	struct stat st;

	sne_config_defaults(&config);
	snprintf(state, sizeof state, "%s/etat", dir);
	config.repertoire = strdup(state);
	n = sne_numeroteur_new(&config);
	CHECK(sne_numeroteur_free(n) == 0 && stat(state, &st) != 0,
	      "aucun numéro demandé : le dossier d'état n'est pas touché");
	n = sne_numeroteur_new(&config);
	CHECK(sne_numeroteur_next(n, "074", (struct sne_date){ 2024, 3, 15 }, "G0417", numero, why,
	                          sizeof why) == 0, "premier numéro (%s)", why);
	CHECK_STR(numero, "0740324000001G0417", "territoire, mois, année, séquence 1, guichet");
	CHECK(stat(state, &st) == 0 && (st.st_mode & 0777) == 0700, "dossier d'état créé en 0700");
	sne_numeroteur_next(n, "074", (struct sne_date){ 2024, 3, 31 }, "G0001", numero, why, sizeof why);
	CHECK_STR(numero, "0740324000002G0001", "même territoire et mois : séquence suivante");
	sne_numeroteur_next(n, "074", (struct sne_date){ 2024, 4, 1 }, "G0417", numero, why, sizeof why);
	CHECK_STR(numero, "0740424000001G0417", "le mois suivant : séquence 1");
	sne_numeroteur_next(n, "02A", (struct sne_date){ 2024, 3, 15 }, "G0417", numero, why, sizeof why);
	CHECK_STR(numero, "02A0324000001G0417", "Corse 02A : son propre compteur");
	sne_numeroteur_next(n, "074", (struct sne_date){ 2124, 3, 15 }, "G0417", numero, why, sizeof why);
	CHECK_STR(numero, "0740324000003G0417", "l'année sur deux chiffres : 2124 compte avec 2024");
	CHECK(sne_numeroteur_free(n) == 0, "fermé sans erreur");
	free(config.repertoire);

	snprintf(state, sizeof state, "%s/fichier", dir);
	buf_save(state, "");
	config.repertoire = strdup(state);
	n = sne_numeroteur_new(&config);
	CHECK(sne_numeroteur_next(n, "074", (struct sne_date){ 2024, 3, 15 }, "G0417", numero, why,
	                          sizeof why) == SNE_EX_CANTCREAT && why[0] != '\0',
	      "dossier d'état qui est un fichier : 73, dit pourquoi");
	CHECK(strstr(why, "repertoire") == NULL,
	      "repertoire donné : pas de conseil sur le dossier de l'installation");
	sne_numeroteur_free(n);
	sne_config_free(&config);
	sne_numeroteur_free(NULL);
}

int main(void)
{
	char command[400];

	if (mkdtemp(dir) == NULL)
		return 99;
	test_insert_all();
	test_after_present();
	test_unchanged_and_refused();
	test_numeroteur();
	snprintf(command, sizeof command, "rm -rf '%s'", dir);
	if (system(command) != 0)
		return 99;
	return check_done();
}
