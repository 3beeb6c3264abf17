/* The merge of two doublons (lib/fusion.c): the demande kept takes the
 * older date de dépôt and says so in its historique; the other is radiated
 * with motif fusion and fusion-avec; a merge done already changes
 * nothing; a demande absent, not active, of another territory or with an
 * unreadable dépôt is refused, saying why. */
#include "buf.h"
#include "check.h"
#include "sne/correction.h"
#include "sne/err.h"
#include "sne/fusion.h"
#include "sne/io.h"
#include "sne/stream.h"

#include <stdlib.h>
#include <string.h>

static char dir[] = "/tmp/sne-test-fusion-XXXXXX";
static char reg_path[300], out_path[300];

#define G "0740324000001G0417"
#define R "0741223000002G0417"
#define X "0740324000003G0417"

static void demande(struct buf *b, const char *numero, const char *depot, const char *suivi)
{
	buf_printf(b, "  <n:demande><n:demandeLogement><n:numUnique>%s</n:numUnique>"
	           "<n:dateCreationDemande>%s</n:dateCreationDemande></n:demandeLogement>"
	           "<s:suivi>%s</s:suivi></n:demande>\n", numero, depot, suivi);
}

#define ACTIVE "<s:etat>active</s:etat>"

static void save_register(const char *g_depot, const char *r_numero, const char *r_depot,
                          const char *r_suivi)
{
	struct buf b = { 0 };

	buf_str(&b, "<n:interfaceNuu xmlns:n=\"" SNE_NS_NUU "\" xmlns:s=\"" SNE_NS_SUIVI "\">\n");
	demande(&b, X, "2024-03-02", ACTIVE);
	demande(&b, G, g_depot, ACTIVE);
	demande(&b, r_numero, r_depot, r_suivi);
	buf_str(&b, "</n:interfaceNuu>\n");
	buf_save(reg_path, b.data);
	free(b.data);
}

static const struct sne_correction who = {
	.today = { 2024, 3, 15 }, .guichet = "G0417", .operateur = "agent", .motif = "doublon vu",
};

static enum sne_correction_result check_register(const char *garde, const char *radiee,
                                                 char *why, size_t size)
{
	struct sne_fusion f;

	sne_fusion_init(&f, garde, radiee, &who);
	if (sne_fusion_lookup(&f, reg_path) != 0)
		abort();
	return sne_fusion_check(&f, why, size);
}

struct rewrite {
	struct sne_fusion f;
	struct sne_output *out;
	int applied;
};

static int rewrite_record(struct sne_record *rec, void *ctx)
{
	struct rewrite *r = ctx;
	char why[512];

	r->applied += sne_fusion_apply(&r->f, rec, why, sizeof why) == 1;
	return sne_record_write(rec, r->out) == 0 ? 0 : SNE_EX_IOERR;
}

static int rewrite_tail(const char *bytes, size_t len, void *ctx)
{
	return sne_output_write(((struct rewrite *)ctx)->out, bytes, len) == 0 ? 0 : SNE_EX_IOERR;
}

/* The register after the merge of GARDE and RADIEE (freed by the caller). */
static char *merged(const char *garde, const char *radiee, int *applied)
{
	struct rewrite r;
	struct sne_stream_spec spec = {
		.record_ns = SNE_NS_NUU, .record_name = "demande",
		.fields = sne_correction_fields, .nfields = SNE_CORR_NFIELDS,
		.on_record = rewrite_record, .on_tail = rewrite_tail, .ctx = &r,
	};
	struct buf got = { 0 };

	memset(&r, 0, sizeof r);
	sne_fusion_init(&r.f, garde, radiee, &who);
	sne_fusion_lookup(&r.f, reg_path);
	r.out = sne_output_create(out_path);
	if (sne_stream_run_path(reg_path, &spec, "ouverture impossible") != 0)
		abort();
	sne_output_close(r.out);
	buf_load(&got, out_path);
	*applied = r.applied;
	return got.data;
}

/* The demande whose numUnique is NUMERO in TEXT (freed by the caller). */
static char *demande_of(const char *text, const char *numero)
{
	char key[64];
	const char *at, *start, *end;
	char *copy;

	snprintf(key, sizeof key, "<n:numUnique>%s<", numero);
	at = strstr(text, key);
	if (at == NULL)
		return strdup("");
	for (start = at; start > text && strncmp(start, "<n:demande>", 11) != 0; start--)
		;
	end = strstr(at, "</n:demande>");
	end = end ? end + 12 : at + strlen(at);
	copy = strndup(start, (size_t)(end - start));
	return copy;
}

static void test_merge(void)
{
	char why[512];
	int applied;
	char *text, *g, *r, *x;

	save_register("2024-03-01", R, "2023-12-15", ACTIVE);
	CHECK(check_register(G, R, why, sizeof why) == SNE_CORRECTION_FAITE,
	      "deux demandes actives du même territoire : fusion possible");
	CHECK_STR(why, "demande " R " radiée par fusion avec la demande " G, "dit ce qui sera fait");
	text = merged(G, R, &applied);
	CHECK(applied == 2, "les deux demandes modifiées, pas la troisième");
	g = demande_of(text, G), r = demande_of(text, R), x = demande_of(text, X);
	CHECK(strstr(g, "<n:dateCreationDemande>2023-12-15</n:dateCreationDemande>") != NULL,
	      "la demande gardée prend la date de dépôt la plus ancienne");
	CHECK(strstr(g, "type=\"fusion\"") != NULL && strstr(g, "radiee=\"" R "\"") != NULL &&
	      strstr(g, "depot-avant=\"2024-03-01\"") != NULL && strstr(g, "depot=\"2023-12-15\"") != NULL,
	      "son historique dit la fusion, l'ancienne et la nouvelle date de dépôt");
	CHECK(strstr(r, "<s:etat>radiee</s:etat>") != NULL &&
	      strstr(r, "motif=\"fusion\"") != NULL && strstr(r, "fusion-avec=\"" G "\"") != NULL &&
	      strstr(r, "date=\"2024-03-15\"") != NULL,
	      "l'autre est radiée ce jour, motif fusion, avec la demande gardée");
	CHECK(strstr(r, "<n:dateCreationDemande>2023-12-15</n:dateCreationDemande>") != NULL,
	      "la radiée garde sa date de dépôt");
	CHECK(strstr(x, "<s:suivi><s:etat>active</s:etat></s:suivi>") != NULL,
	      "la troisième demande est intacte");
	free(g), free(r), free(x);
	buf_save(reg_path, text);
	free(text);
	CHECK(check_register(G, R, why, sizeof why) == SNE_CORRECTION_INCHANGEE &&
	      strstr(why, "aucun changement : la demande " R " est déjà radiée par fusion") != NULL,
	      "fusion déjà faite : aucun changement");
}

static void test_garde_older(void)
{
	int applied;
	char *text, *g;

	save_register("2023-01-10", R, "2023-12-15", ACTIVE);
	text = merged(G, R, &applied);
	g = demande_of(text, G);
	CHECK(strstr(g, "<n:dateCreationDemande>2023-01-10</n:dateCreationDemande>") != NULL &&
	      strstr(g, "depot-avant=") == NULL,
	      "la demande gardée est la plus ancienne : sa date de dépôt ne change pas");
	free(g), free(text);
}

static void test_refused(void)
{
	char why[512];

	save_register("2024-03-01", R, "2023-12-15", ACTIVE);
	CHECK(check_register(G, "0740324000099G0417", why, sizeof why) == SNE_CORRECTION_REFUSEE &&
	      strstr(why, "demande 0740324000099G0417 absente du registre") != NULL,
	      "demande absente : refusé, numéro nommé");
	save_register("2024-03-01", R, "2023-12-15",
	              "<s:etat>radiee</s:etat><s:radiation motif=\"RADATT\" date=\"2024-01-01\"/>");
	CHECK(check_register(G, R, why, sizeof why) == SNE_CORRECTION_REFUSEE &&
	      strstr(why, "demande " R " radiee motif RADATT : une fusion réunit deux demandes actives") &&
	      strstr(why, "sne-fix --reactiver") != NULL, "demande radiée : refusé, dit quoi faire");
	save_register("2024-03-01", "0731223000002G0417", "2023-12-15", ACTIVE);
	CHECK(check_register(G, "0731223000002G0417", why, sizeof why) == SNE_CORRECTION_REFUSEE &&
	      strstr(why, "sont de deux territoires") != NULL, "deux territoires : refusé");
	save_register("2024-03-01", R, "15/12/2023", ACTIVE);
	CHECK(check_register(G, R, why, sizeof why) == SNE_CORRECTION_REFUSEE &&
	      strstr(why, "date de dépôt illisible dans la demande " R) != NULL,
	      "date de dépôt illisible : refusé, la demande nommée");
}

int main(void)
{
	char command[400];

	if (mkdtemp(dir) == NULL)
		return 99;
	sne_xml_silence();
	snprintf(reg_path, sizeof reg_path, "%s/registre.xml", dir);
	snprintf(out_path, sizeof out_path, "%s/sortie.xml", dir);
	test_merge();
	test_garde_older();
	test_refused();
	snprintf(command, sizeof command, "rm -rf '%s'", dir);
	if (system(command) != 0)
		return 99;
	return check_done();
}
