/* The guichets' modifications (lib/modification.c): the interface content
 * of a demande replaced under its numéro, the register's own facts kept
 * (numGuichet, numUnique, dépôt, suivi) and the modification recorded;
 * several of one numéro in file order; what already holds is without
 * effect; refused: an unknown numéro (once, at the end), a demande not
 * active, a change of identity, of dépôt or of territory, a file of
 * another type. */
#include "buf.h"
#include "capture.h"
#include "check.h"
#include "sne/err.h"
#include "sne/io.h"
#include "sne/modification.h"
#include "sne/stream.h"

#include <stdlib.h>
#include <string.h>

static char dir[] = "/tmp/sne-test-modification-XXXXXX";
static char mod_path[300], reg_path[300], out_path[300];

#define A "0740324000001G0417"
#define B "0740324000002G0417"
#define C "0740324000003G0417"

/* A demandeLogement: NUMERO (NULL: none), its identity, dépôt, type and commune. */
static void logement(struct buf *b, const char *numero, const char *nom, const char *depot,
                     const char *type, const char *commune)
{
	buf_str(b, "<n:demandeLogement><n:numGuichet>G0001</n:numGuichet>");
	if (numero != NULL)
		buf_printf(b, "<n:numUnique>%s</n:numUnique>", numero);
	buf_printf(b, "<n:dateCreationDemande>%s</n:dateCreationDemande><n:personnePhysique>"
	           "<n:demandeur><n:civilite code=\"2\"/><n:nom>%s</n:nom><n:prenom>Élodie</n:prenom>"
	           "<n:dateNaissance>1984-11-02</n:dateNaissance></n:demandeur></n:personnePhysique>"
	           "<n:logementRecherche><n:demandeElargie>false</n:demandeElargie>"
	           "<n:listeTypeLogement><n:typeLogement code=\"%s\"/></n:listeTypeLogement>"
	           "<n:listeLocalisationSouhaite><n:localisationSouhaite><n:commune code=\"%s\"/>"
	           "</n:localisationSouhaite></n:listeLocalisationSouhaite></n:logementRecherche>"
	           "</n:demandeLogement>", depot, nom, type, commune);
}

static const char root[] = "<n:interfaceNuu xmlns:n=\"http://nuu.application.i2/\" "
                           "xmlns:s=\"urn:sne:suivi:1\">\n";

static void save_mods(const char *type, struct buf *mods)
{
	struct buf b = { 0 };

	buf_str(&b, root);
	if (type != NULL)
		buf_printf(&b, "<n:entete><n:typeFichier>%s</n:typeFichier></n:entete>\n", type);
	buf_add(&b, mods->data, mods->len);
	buf_str(&b, "</n:interfaceNuu>\n");
	buf_save(mod_path, b.data);
	free(b.data);
	free(mods->data);
	*mods = (struct buf){ 0 };
}

static void mod(struct buf *b, const char *numero, const char *nom, const char *depot,
                const char *type, const char *commune)
{
	buf_str(b, "<n:demande>");
	logement(b, numero, nom, depot, type, commune);
	buf_str(b, "</n:demande>\n");
}

static void save_register(void)
{
	struct buf b = { 0 };

	buf_str(&b, root);
	buf_str(&b, "<n:demande>");
	logement(&b, A, "Martin", "2024-03-05", "T3", "74010");
	buf_str(&b, "<s:suivi><s:etat>active</s:etat><s:renouvellement prochain=\"2025-03-05\"/>"
	            "</s:suivi></n:demande>\n<n:demande>");
	logement(&b, B, "Martin", "2024-03-05", "T3", "74010");
	buf_str(&b, "<s:suivi><s:etat>radiee</s:etat><s:radiation motif=\"RADATT\" "
	            "date=\"2024-03-10\"/></s:suivi></n:demande>\n");
	buf_str(&b, "</n:interfaceNuu>\n");
	buf_save(reg_path, b.data);
	free(b.data);
}

static int report(const struct sne_modification_info *info, const char *bytes, size_t len,
                  void *ctx)
{
	(void)bytes, (void)len;
	buf_printf(ctx, "%s:%d:%s|", info->numero[0] ? info->numero : "-", (int)info->issue,
	           info->why ? info->why : "");
	return 0;
}

struct run {
	struct sne_modifications *mods;
	struct sne_output *out;
};

static int apply_record(struct sne_record *rec, void *ctx)
{
	struct run *run = ctx;
	int rc = sne_modifications_apply(run->mods, rec);

	return rc != 0 ? rc : sne_record_write(rec, run->out) == 0 ? 0 : SNE_EX_IOERR;
}

static int write_tail(const char *bytes, size_t len, void *ctx)
{
	return sne_output_write(((struct run *)ctx)->out, bytes, len) == 0 ? 0 : SNE_EX_IOERR;
}

/* Loads the MOD file, applies it to the register; the reports in
 * *REPORTS, the register written returned (both freed by the caller). */
static char *update(char **reports, int *load_rc)
{
	struct buf said = { 0 }, got = { 0 };
	struct run run;
	struct sne_stream_spec spec = {
		.record_ns = SNE_NS_NUU, .record_name = "demande",
		.fields = sne_modification_fields, .nfields = sne_modification_nfields,
		.on_record = apply_record, .on_tail = write_tail, .ctx = &run,
	};

	run.mods = sne_modifications_new((struct sne_date){ 2024, 3, 15 }, "G0417", report, &said);
	capture_start();
	*load_rc = sne_modifications_load(run.mods, mod_path);
	capture_end();
	if (*load_rc == 0) {
		run.out = sne_output_create(out_path);
		if (sne_stream_run_path(reg_path, &spec, "ouverture impossible") != 0)
			abort();
		sne_modifications_finish(run.mods);
		sne_output_close(run.out);
	}
	sne_modifications_free(run.mods);
	buf_load(&got, out_path);
	if (said.data == NULL)
		buf_str(&said, "");
	*reports = said.data;
	return got.data;
}

static void test_applied(void)
{
	struct buf mods = { 0 };
	char *reports, *got;
	int rc;

	mod(&mods, A, "Martin", "2024-03-05", "T4", "74010");
	mod(&mods, A, "Martin", "2024-03-05", "T5", "74010");
	mod(&mods, A, "Martin", "2024-03-05", "T5", "74010");
	save_mods("MOD", &mods);
	save_register();
	got = update(&reports, &rc);
	CHECK(rc == 0, "fichier MOD lu");
	CHECK(strncmp(reports, A ":1:|" A ":1:|" A ":2:", strlen(A ":1:|" A ":1:|" A ":2:")) == 0,
	      "trois modifications dans l'ordre du fichier : appliquée, appliquée, sans effet");
	CHECK(strstr(got, "<n:typeLogement code=\"T5\"/>") != NULL && strstr(got, "\"T4\"") == NULL,
	      "le contenu de la dernière l'emporte");
	CHECK(strstr(got, "<s:modification date=\"2024-03-15\" guichet=\"G0417\" version=\"3\"/>") != NULL,
	      "le suivi dit la modification, ce jour, par ce guichet, sa version (3 : deux appliquées)");
	CHECK(strstr(got, "type=\"modification\" guichet=\"G0417\" version=\"2\"/><s:evenement") != NULL &&
	      strstr(got, "type=\"modification\" guichet=\"G0417\" version=\"3\"/></s:historique>") != NULL,
	      "un événement par modification appliquée, aucun pour celle sans effet");
	CHECK(strstr(got, "<s:etat>active</s:etat>") != NULL && strstr(got, "prochain=\"2025-03-05\""),
	      "le suivi du registre gardé");
	free(reports), free(got);
}

/* The one report of a MOD file of one modification of NUMERO. */
static char *one(const char *numero, const char *nom, const char *depot, const char *commune)
{
	struct buf mods = { 0 };
	char *reports, *got;
	int rc;

	mod(&mods, numero, nom, depot, "T4", commune);
	save_mods("MOD", &mods);
	save_register();
	got = update(&reports, &rc);
	free(got);
	return reports;
}

static void test_refused(void)
{
	char *r;

	r = one(B, "Martin", "2024-03-05", "74010");
	CHECK(strncmp(r, B ":3:", strlen(B) + 3) == 0 && strstr(r, "RADATT") != NULL,
	      "demande radiée : refusée, son motif dit (%s)", r);
	free(r);
	r = one(A, "Dupont", "2024-03-05", "74010");
	CHECK(strncmp(r, A ":3:", strlen(A) + 3) == 0 && strstr(r, "sne-fix") != NULL,
	      "changement de nom : refusé, sne-fix nommé (%s)", r);
	free(r);
	r = one(A, "Martin", "2024-03-04", "74010");
	CHECK(strncmp(r, A ":3:", strlen(A) + 3) == 0 && strstr(r, "--date-depot") != NULL,
	      "changement de date de dépôt : refusé (%s)", r);
	free(r);
	r = one(A, "Martin", "2024-03-05", "73065");
	CHECK(strncmp(r, A ":3:", strlen(A) + 3) == 0 && strstr(r, "une demande ne change pas de territoire"),
	      "communes d'un autre territoire : refusé (%s)", r);
	free(r);
	r = one(C, "Martin", "2024-03-05", "74010");
	CHECK(strncmp(r, C ":3:", strlen(C) + 3) == 0 && strchr(r, '|') == r + strlen(r) - 1 &&
	      strstr(r, "absente du registre"), "numéro inconnu : refusé une fois, à la fin (%s)", r);
	free(r);
	r = one(NULL, "Martin", "2024-03-05", "74010");
	CHECK(strncmp(r, "-:3:", 4) == 0, "modification sans numéro : refusée (%s)", r);
	free(r);
}

static void test_file_type(void)
{
	struct buf mods = { 0 };
	char *reports, *got;
	int rc;

	mod(&mods, A, "Martin", "2024-03-05", "T4", "74010");
	save_mods("CRE", &mods);
	got = update(&reports, &rc);
	CHECK(rc == SNE_EX_DATAERR, "fichier de créations : 65");
	free(reports), free(got);
	mod(&mods, A, "Martin", "2024-03-05", "T4", "74010");
	save_mods(NULL, &mods);
	got = update(&reports, &rc);
	CHECK(rc == 0 && strncmp(reports, A ":1:", strlen(A) + 3) == 0,
	      "flux sans typeFichier : pris comme modifications");
	free(reports), free(got);
}

int main(void)
{
	char command[400];

	if (mkdtemp(dir) == NULL)
		return 99;
	sne_xml_silence();
	snprintf(mod_path, sizeof mod_path, "%s/mod.xml", dir);
	snprintf(reg_path, sizeof reg_path, "%s/registre.xml", dir);
	snprintf(out_path, sizeof out_path, "%s/sortie.xml", dir);
	test_applied();
	test_refused();
	test_file_type();
	snprintf(command, sizeof command, "rm -rf '%s'", dir);
	if (system(command) != 0)
		return 99;
	return check_done();
}
