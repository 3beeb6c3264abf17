/* The support team's corrections (lib/correction.c): who may be corrected
 * (an active demande; a radiated one only to be reactivated; a merged one
 * names the demande kept); identity corrected field by field with the
 * civilité's code in place, recorded with its fields, refused when it
 * would make a doublon; date de dépôt within the numéro's month, not in
 * the future, not after the last renewal, the anniversary following;
 * reactivation keeping what the radiation said; nothing done twice. */
#include "buf.h"
#include "check.h"
#include "sne/correction.h"
#include "sne/doublon.h"
#include "sne/err.h"
#include "sne/identite.h"
#include "sne/io.h"
#include "sne/stream.h"

#include <stdlib.h>
#include <string.h>

static char dir[] = "/tmp/sne-test-correction-XXXXXX";

#define NU "0740324000001G0417"

struct run {
	struct sne_correction c;
	struct sne_output *out;
	enum sne_correction_result result;
	char why[512];
};

static int correct_record(struct sne_record *rec, void *ctx)
{
	struct run *run = ctx;

	run->result = sne_correction_apply(&run->c, rec, run->why, sizeof run->why);
	return sne_record_write_bytes(rec, run->out) == 0 ? 0 : SNE_EX_IOERR;
}

/* The demande with identity part IDENTITY and suivi SUIVI, after C; the
 * result in *RESULT, the reason in WHY (512 bytes). */
static char *corrected(const struct sne_correction *c, const char *identity, const char *suivi,
                       enum sne_correction_result *result, char *why)
{
	struct run run;
	struct sne_stream_spec spec = {
		.record_ns = SNE_NS_NUU, .record_name = "demande",
		.fields = sne_correction_fields, .nfields = SNE_CORR_NFIELDS,
		.on_record = correct_record, .ctx = &run,
	};
	struct buf doc = { 0 }, got = { 0 };
	char in[300], out[300];

	memset(&run, 0, sizeof run);
	run.c = *c;
	buf_printf(&doc, "<n:interfaceNuu xmlns:n=\"" SNE_NS_NUU "\" xmlns:s=\"" SNE_NS_SUIVI "\">"
	           "<n:demande><n:demandeLogement><n:numUnique>" NU "</n:numUnique>"
	           "<n:dateCreationDemande>2024-03-05</n:dateCreationDemande><n:personnePhysique>"
	           "%s</n:personnePhysique></n:demandeLogement><s:suivi>%s</s:suivi></n:demande>"
	           "</n:interfaceNuu>", identity, suivi);
	snprintf(in, sizeof in, "%s/in.xml", dir);
	snprintf(out, sizeof out, "%s/out.xml", dir);
	buf_save(in, doc.data);
	free(doc.data);
	run.out = sne_output_create(out);
	if (sne_stream_run_path(in, &spec, "ouverture impossible") != 0)
		abort();
	sne_output_close(run.out);
	buf_load(&got, out);
	*result = run.result;
	memcpy(why, run.why, sizeof run.why);
	return got.data;
}

#define DEMANDEUR "<n:demandeur><n:civilite code=\"2\"/><n:nom>Martin</n:nom><n:prenom>Élodie</n:prenom>" \
	"<n:dateNaissance>1984-11-02</n:dateNaissance></n:demandeur>"
#define ACTIVE "<s:etat>active</s:etat><s:renouvellement prochain=\"2025-03-05\"/>"

static struct sne_correction base(enum sne_correction_kind kind)
{
	struct sne_correction c;

	memset(&c, 0, sizeof c);
	c.kind = kind;
	c.today = (struct sne_date){ 2024, 3, 15 };
	c.guichet = "G0417";
	c.operateur = "agent";
	c.motif = "pièce d'identité";
	return c;
}

static void test_etat(void)
{
	struct sne_correction c = base(SNE_CORRECTION_IDENTITE);
	enum sne_correction_result r;
	char why[512], *got;

	c.nom = "Dupont";
	got = corrected(&c, DEMANDEUR, "<s:etat>radiee</s:etat><s:radiation motif=\"RADATT\"/>", &r, why);
	CHECK(r == SNE_CORRECTION_REFUSEE && strstr(why, "radiée (motif RADATT) : réactivez-la d'abord"),
	      "demande radiée : pas de correction d'identité, dit quoi faire");
	free(got);
	got = corrected(&c, DEMANDEUR, "<s:etat>radiee</s:etat><s:radiation motif=\"fusion\" "
	                "fusion-avec=\"0740324000009G0417\"/>", &r, why);
	CHECK(r == SNE_CORRECTION_REFUSEE && strstr(why, "corrigez la demande 0740324000009G0417"),
	      "demande fusionnée : la demande conservée nommée");
	free(got);
	got = corrected(&c, DEMANDEUR, "<s:etat>brouillon</s:etat>", &r, why);
	CHECK(r == SNE_CORRECTION_REFUSEE && strstr(why, "état « brouillon »"), "brouillon : refusé");
	free(got);
}

static void test_identity(void)
{
	struct sne_correction c = base(SNE_CORRECTION_IDENTITE);
	enum sne_correction_result r;
	char why[512], *got;

	c.civilite = "1", c.nom = "Dupont", c.prenom = "Élodie";
	got = corrected(&c, DEMANDEUR, ACTIVE, &r, why);
	CHECK(r == SNE_CORRECTION_FAITE && strcmp(why, "identité corrigée (civilite nom)") == 0,
	      "civilité et nom corrigés ; le prénom, déjà ainsi, ne compte pas");
	CHECK(strstr(got, "<n:civilite code=\"1\"/><n:nom>Dupont</n:nom><n:prenom>Élodie</n:prenom>"),
	      "le code de civilité remplacé en place, le nom aussi");
	CHECK(strstr(got, "type=\"correction-identite\"") && strstr(got, "champs=\"civilite nom\"") &&
	      strstr(got, "operateur=\"agent\"") && strstr(got, "motif=\"pièce d'identité\""),
	      "l'événement dit les champs, l'opérateur et le motif");
	free(got);
	c.civilite = "2", c.nom = "Martin", c.prenom = NULL;
	got = corrected(&c, DEMANDEUR, ACTIVE, &r, why);
	CHECK(r == SNE_CORRECTION_INCHANGEE && strstr(why, "aucun changement"),
	      "même identité : aucun changement, rien d'écrit");
	CHECK(strstr(got, "correction-identite") == NULL, "aucun événement");
	free(got);
	c.civilite = NULL, c.nom = NULL, c.naissance = "1984-11-03";
	got = corrected(&c, "<n:demandeur><n:nom>Martin</n:nom></n:demandeur>", ACTIVE, &r, why);
	CHECK(r == SNE_CORRECTION_REFUSEE && strstr(why, "élément date-naissance absent"),
	      "élément absent : une correction ne l'ajoute pas");
	free(got);
	c = base(SNE_CORRECTION_IDENTITE);
	c.cotitulaire = 1, c.nom = "Durand";
	got = corrected(&c, DEMANDEUR, ACTIVE, &r, why);
	CHECK(r == SNE_CORRECTION_REFUSEE && strstr(why, "pas de cotitulaire"), "sans cotitulaire : refusé");
	free(got);
	got = corrected(&c, DEMANDEUR "<n:listeCotitulaire><n:cotitulaire><n:nom>Durant</n:nom>"
	                "</n:cotitulaire></n:listeCotitulaire>", ACTIVE, &r, why);
	CHECK(r == SNE_CORRECTION_FAITE && strstr(got, "<n:cotitulaire><n:nom>Durand</n:nom>") &&
	      strstr(got, "<n:nom>Martin</n:nom>") && strstr(got, "cotitulaire=\"oui\""),
	      "le cotitulaire corrigé, le demandeur non");
	free(got);
}

static void test_doublon(void)
{
	struct sne_correction c = base(SNE_CORRECTION_IDENTITE);
	struct sne_doublon *index = sne_doublon_new();
	enum sne_correction_result r;
	char why[512], *got;

	sne_doublon_add(index, sne_identite_key("Dupont", "Élodie", "1984-11-02", "074"),
	                "0740324000007G0417", 7);
	c.doublons = index, c.nom = "Dupont";
	got = corrected(&c, DEMANDEUR, ACTIVE, &r, why);
	CHECK(r == SNE_CORRECTION_REFUSEE && strstr(why, "doublon de la demande 0740324000007G0417"),
	      "identité d'une autre demande du territoire : refusé, doublon nommé");
	free(got);
	c.doublon_accepte = 1;
	got = corrected(&c, DEMANDEUR, ACTIVE, &r, why);
	CHECK(r == SNE_CORRECTION_FAITE, "--doublon-accepte : corrigé");
	free(got);
	c.doublon_accepte = 0, c.nom = "Leroy";
	got = corrected(&c, DEMANDEUR, ACTIVE, &r, why);
	CHECK(r == SNE_CORRECTION_FAITE, "identité nouvelle : corrigée");
	free(got);
	CHECK(sne_doublon_find(index, sne_identite_key("Leroy", "Élodie", "1984-11-02", "074")) != NULL,
	      "l'identité corrigée entre dans l'index (deux corrections d'une exécution se voient)");
	sne_doublon_free(index);
}

static void test_depot(void)
{
	struct sne_correction c = base(SNE_CORRECTION_DEPOT);
	enum sne_correction_result r;
	char why[512], *got;

	c.depot = (struct sne_date){ 2024, 3, 1 };
	got = corrected(&c, DEMANDEUR, "<s:etat>active</s:etat><s:renouvellement prochain=\"2025-03-05\"/>",
	                &r, why);
	CHECK(r == SNE_CORRECTION_FAITE && strstr(got, ">2024-03-01</n:dateCreationDemande>"),
	      "premier jour du mois du numéro : corrigée");
	CHECK(strstr(got, "depot-avant=\"2024-03-05\"") && strstr(got, "prochain=\"2025-03-01\""),
	      "jamais renouvelée : le prochain renouvellement suit l'anniversaire");
	free(got);
	c.depot = (struct sne_date){ 2024, 2, 29 };
	got = corrected(&c, DEMANDEUR, ACTIVE, &r, why);
	CHECK(r == SNE_CORRECTION_REFUSEE && strstr(why, "antérieure au mois du numéro unique (03/2024"),
	      "la veille du mois du numéro (29 février) : refusée");
	free(got);
	c.depot = (struct sne_date){ 2024, 3, 16 };
	got = corrected(&c, DEMANDEUR, ACTIVE, &r, why);
	CHECK(r == SNE_CORRECTION_REFUSEE && strstr(why, "dans le futur"), "le lendemain : refusée");
	free(got);
	c.depot = (struct sne_date){ 2024, 3, 15 };
	got = corrected(&c, DEMANDEUR, "<s:etat>active</s:etat><s:renouvellement prochain=\"2025-03-05\" "
	                "dernier=\"2024-03-14\"/>", &r, why);
	CHECK(r == SNE_CORRECTION_REFUSEE && strstr(why, "postérieure au dernier renouvellement"),
	      "après le dernier renouvellement : refusée");
	free(got);
	got = corrected(&c, DEMANDEUR, "<s:etat>active</s:etat><s:renouvellement prochain=\"2025-03-05\" "
	                "dernier=\"2024-03-15\"/>", &r, why);
	CHECK(r == SNE_CORRECTION_FAITE && strstr(got, "prochain=\"2025-03-05\""),
	      "le jour du dernier renouvellement : corrigée, le prochain inchangé");
	free(got);
	c.depot = (struct sne_date){ 2024, 3, 5 };
	got = corrected(&c, DEMANDEUR, ACTIVE, &r, why);
	CHECK(r == SNE_CORRECTION_INCHANGEE && strstr(why, "déjà le 5 mars 2024"), "même date : inchangée");
	free(got);
}

static void test_reactivate(void)
{
	struct sne_correction c = base(SNE_CORRECTION_REACTIVER);
	enum sne_correction_result r;
	char why[512], *got;

	got = corrected(&c, DEMANDEUR, "<s:etat>radiee</s:etat><s:radiation date=\"2024-02-01\" "
	                "motif=\"RADCON\"/>", &r, why);
	CHECK(r == SNE_CORRECTION_FAITE && strstr(got, "<s:etat>active</s:etat>") &&
	      strstr(got, "<s:radiation") == NULL, "réactivée : active, radiation retirée");
	CHECK(strstr(got, "type=\"reactivation\"") && strstr(got, "radiation=\"2024-02-01\"") &&
	      strstr(got, "motif-radiation=\"RADCON\""), "l'événement garde ce que disait la radiation");
	CHECK(strstr(got, "prochain=\"2025-03-15\""), "prochain renouvellement : dans un an");
	free(got);
	c.has_prochain = 1, c.prochain = (struct sne_date){ 2024, 9, 30 };
	got = corrected(&c, DEMANDEUR, "<s:etat>radiee</s:etat><s:radiation date=\"2024-02-01\" "
	                "motif=\"RADCON\"/>", &r, why);
	CHECK(strstr(got, "prochain=\"2024-09-30\""), "prochain renouvellement donné : celui-là");
	free(got);
	got = corrected(&c, DEMANDEUR, ACTIVE, &r, why);
	CHECK(r == SNE_CORRECTION_INCHANGEE && strstr(why, "déjà active"), "déjà active : inchangée");
	free(got);
}

int main(void)
{
	char command[400];

	if (mkdtemp(dir) == NULL)
		return 99;
	sne_xml_silence();
	test_etat();
	test_identity();
	test_doublon();
	test_depot();
	test_reactivate();
	snprintf(command, sizeof command, "rm -rf '%s'", dir);
	if (system(command) != 0)
		return 99;
	return check_done();
}
