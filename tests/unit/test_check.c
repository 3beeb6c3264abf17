/* The rules of a demande (lib/check.c), each at its edge: the content a
 * registration needs, the numéro (its territory, month and year, the PGP
 * guichet), the states and their elements, the dates of the suivi (the day
 * before and the day of the dépôt and of today), the avertissement and
 * its legal month, the codes of the interface lists; the e-mail match and
 * the last evenement; the XSD check, which names the element, never the
 * value. */
#include "buf.h"
#include "check.h"
#include "sne/check.h"
#include "sne/io.h"
#include "sne/stream.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[] = "/tmp/sne-test-check-XXXXXX";

static const char base[] =
	"<ns1:interfaceNuu xmlns:ns1=\"" SNE_NS_NUU "\" xmlns:s=\"" SNE_NS_SUIVI "\">\n"
	"<ns1:demande>\n"
	"<ns1:demandeLogement>\n"
	"<ns1:numGuichet>G0417</ns1:numGuichet>\n"
	"<ns1:numUnique>0740324000123G0417</ns1:numUnique>\n"
	"<ns1:dateCreationDemande>2024-03-01</ns1:dateCreationDemande>\n"
	"<ns1:personnePhysique><ns1:demandeur><ns1:civilite code=\"2\"/>"
	"<ns1:nom>Martin</ns1:nom><ns1:prenom>Élodie</ns1:prenom>"
	"<ns1:dateNaissance>1984-11-02</ns1:dateNaissance>"
	"<ns1:mel>elodie.martin@example.org</ns1:mel></ns1:demandeur></ns1:personnePhysique>\n"
	"<ns1:logementRecherche><ns1:demandeElargie>false</ns1:demandeElargie>"
	"<ns1:listeTypeLogement><ns1:typeLogement code=\"T3\"/></ns1:listeTypeLogement>"
	"<ns1:listeLocalisationSouhaite><ns1:localisationSouhaite><ns1:commune code=\"74010\"/>"
	"</ns1:localisationSouhaite></ns1:listeLocalisationSouhaite></ns1:logementRecherche>\n"
	"</ns1:demandeLogement>\n"
	"<s:suivi><s:etat>active</s:etat><s:origine>guichet</s:origine>"
	"<s:renouvellement prochain=\"2025-03-01\"/>SUIVI</s:suivi>\n"
	"</ns1:demande>\n"
	"</ns1:interfaceNuu>\n";

/* The base document with each pair (FROM, TO) of the NULL-ended list
 * replaced once; "SUIVI" is where more suivi children go. */
static char *variant(const char *from, ...)
{
	struct buf doc = { 0 };
	va_list ap;

	buf_str(&doc, base);
	va_start(ap, from);
	for (; from != NULL; from = va_arg(ap, const char *)) {
		const char *to = va_arg(ap, const char *);
		char *at = strstr(doc.data, from);
		struct buf next = { 0 };

		if (at == NULL) {
			fprintf(stderr, "variant: « %s » absent\n", from);
			abort();
		}
		buf_add(&next, doc.data, (size_t)(at - doc.data));
		buf_str(&next, to);
		buf_str(&next, at + strlen(from));
		free(doc.data);
		doc = next;
	}
	va_end(ap);
	return doc.data;
}

enum which { REGLES, CONTENU, CONTENU_FIRST, LAST_RENOUVELLEMENT };

struct run {
	enum which which;
	struct sne_date today;
	struct buf messages;      /* "line:message|" */
	size_t count;
	int rc;
	struct sne_date date;
};

static void collect(void *ctx, long line, const char *message)
{
	struct run *run = ctx;

	buf_printf(&run->messages, "%ld:%s|", line, message);
}

static int on_record(struct sne_record *record, void *ctx)
{
	struct run *run = ctx;
	char why[512] = "";

	switch (run->which) {
	case REGLES:
		run->count = sne_check_regles(record, run->today, collect, run);
		break;
	case CONTENU:
		run->count = sne_check_contenu(record, run->today, collect, run);
		break;
	case CONTENU_FIRST:
		run->rc = sne_check_contenu_first(record, run->today, why, sizeof why);
		buf_str(&run->messages, why);
		break;
	case LAST_RENOUVELLEMENT:
		run->rc = sne_check_last_evenement(record, "renouvellement", &run->date);
		break;
	}
	return 0;
}

static const struct sne_date today = { 2024, 3, 15 };

/* Runs WHICH over the one demande of DOC (freed here). */
static struct run run_doc(enum which which, char *doc)
{
	struct run run = { .which = which, .today = today };
	struct sne_stream_spec spec = {
		.record_ns = SNE_NS_NUU, .record_name = "demande",
		.fields = sne_check_fields, .nfields = SNE_CK_NFIELDS,
		.on_record = on_record, .ctx = &run,
	};
	char path[300];

	snprintf(path, sizeof path, "%s/doc.xml", dir);
	if (buf_save(path, doc) != 0 || sne_stream_run_path(path, &spec, "ouverture impossible") != 0)
		abort();
	free(doc);
	if (run.messages.data == NULL)
		buf_str(&run.messages, "");
	return run;
}

/* The problems sne_check_regles() finds in DOC (freed here), as text;
 * the count in *COUNT. */
static char *regles(char *doc, size_t *count)
{
	struct run run = run_doc(REGLES, doc);

	*count = run.count;
	return run.messages.data;
}

/* Whether the rules find exactly one problem in DOC, containing WANT. */
static int one_problem(char *doc, const char *want)
{
	size_t n;
	char *text = regles(doc, &n);
	int ok = n == 1 && strstr(text, want) != NULL;

	if (!ok)
		printf("#   %zu problème(s) : %s\n", n, text);
	free(text);
	return ok;
}

static int no_problem(char *doc)
{
	size_t n;
	char *text = regles(doc, &n);

	if (n != 0)
		printf("#   %zu problème(s) : %s\n", n, text);
	free(text);
	return n == 0;
}

static void test_valid(void)
{
	size_t n;
	char *text = regles(variant("SUIVI", "", NULL), &n);

	CHECK(n == 0, "demande active complète : aucun problème (%s)", text);
	free(text);
}

static void test_contenu(void)
{
	CHECK(one_problem(variant("<ns1:nom>Martin</ns1:nom>", "<ns1:nom> \t</ns1:nom>", "SUIVI", "",
	                          NULL), "nom du demandeur (nom) manquant ; complétez la demande"),
	      "nom blanc : manquant");
	CHECK(one_problem(variant("<ns1:prenom>Élodie</ns1:prenom>", "", "SUIVI", "", NULL),
	                  "prénom du demandeur (prenom) manquant"), "prénom absent : manquant");
	CHECK(one_problem(variant("<ns1:dateNaissance>1984-11-02</ns1:dateNaissance>", "", "SUIVI",
	                          "", NULL), "date de naissance du demandeur (dateNaissance) manquante"),
	      "date de naissance absente");
	CHECK(one_problem(variant("1984-11-02", "1983-02-29", "SUIVI", "", NULL),
	                  "date de naissance du demandeur invalide (attendu une date existante AAAA-MM-JJ)"),
	      "29 février d'une année non bissextile : invalide");
	CHECK(no_problem(variant("1984-11-02", "1984-02-29", "SUIVI", "", NULL)),
	      "29 février 1984 : valide");
	CHECK(no_problem(variant("1984-11-02", "2024-03-15", "SUIVI", "", NULL)),
	      "née le jour même : acceptée");
	CHECK(one_problem(variant("1984-11-02", "2024-03-16", "SUIVI", "", NULL),
	                  "date de naissance du demandeur postérieure à la date du jour"),
	      "née le lendemain : refusée");
	CHECK(one_problem(variant(">false<", ">peut-être<", "SUIVI", "", NULL),
	                  "champ demandeElargie invalide (attendu true ou false)"),
	      "demandeElargie hors liste");
	CHECK(no_problem(variant(">false<", ">1<", "SUIVI", "", NULL)), "demandeElargie 1 : accepté");
	CHECK(one_problem(variant("<ns1:typeLogement code=\"T3\"/>", "", "SUIVI", "", NULL),
	                  "aucun type de logement souhaité"), "aucun type de logement");
	CHECK(one_problem(variant("<ns1:localisationSouhaite><ns1:commune code=\"74010\"/>"
	                          "</ns1:localisationSouhaite>", "", "SUIVI", "", NULL),
	                  "aucune commune souhaitée"), "aucune commune");
	CHECK(one_problem(variant("<ns1:commune code=\"74010\"/>",
	                          "<ns1:commune code=\"74010\"/></ns1:localisationSouhaite>"
	                          "<ns1:localisationSouhaite><ns1:commune code=\"73065\"/>",
	                          "SUIVI", "", NULL), "73065"),
	      "communes de deux territoires : refusé, la commune en trop nommée");
	CHECK(one_problem(variant("2024-03-01<", "2024-03-16<", "SUIVI", "", NULL),
	                  "date de dépôt du 16 mars 2024 postérieure à la date du jour, le 15 mars 2024"),
	      "dépôt le lendemain : refusé (et dit les deux dates)");
	CHECK(no_problem(variant("2024-03-01<", "2024-03-15<", "<s:renouvellement prochain=\"2025-03-01\"/>",
	                         "<s:renouvellement prochain=\"2025-03-15\"/>", "SUIVI", "", NULL)),
	      "dépôt le jour même : accepté");
}

static void test_contenu_alone(void)
{
	struct run run = run_doc(CONTENU, variant("<ns1:nom>Martin</ns1:nom>", "",
	                                           "<ns1:prenom>Élodie</ns1:prenom>", "",
	                                           "<s:etat>active</s:etat>", "<s:etat>bof</s:etat>",
	                                           "SUIVI", "", NULL));

	CHECK(run.count == 2, "contenu seul : nom et prénom (pas l'état) : %s", run.messages.data);
	free(run.messages.data);
	run = run_doc(CONTENU_FIRST, variant("<ns1:nom>Martin</ns1:nom>", "",
	                                     "<ns1:prenom>Élodie</ns1:prenom>", "", "SUIVI", "", NULL));
	CHECK(run.rc == -1, "premier problème : -1");
	CHECK_STR(run.messages.data, "nom du demandeur (nom) manquant ; complétez la demande",
	          "premier problème : le nom, seul");
	free(run.messages.data);
	run = run_doc(CONTENU_FIRST, variant("SUIVI", "", NULL));
	CHECK(run.rc == 0, "contenu complet : 0");
	free(run.messages.data);
}

static void test_numero(void)
{
	static const char numero[] = "<ns1:numUnique>0740324000123G0417</ns1:numUnique>";

	CHECK(one_problem(variant(numero, "", "SUIVI", "", NULL),
	                  "demande active sans numéro unique (numUnique)"), "active sans numéro");
	CHECK(one_problem(variant("0740324000123G0417", "0740224000123G0417", "SUIVI", "", NULL),
	                  "numéro unique du mois 02/24 mais date de dépôt en 03/24"),
	      "numéro d'un autre mois que le dépôt");
	CHECK(one_problem(variant("0740324000123G0417", "0740323000123G0417", "SUIVI", "", NULL),
	                  "numéro unique du mois 03/23 mais date de dépôt en 03/24"),
	      "numéro d'une autre année que le dépôt");
	CHECK(one_problem(variant("0740324000123G0417", "0730324000123G0417", "SUIVI", "", NULL),
	                  "numéro unique du territoire 073 mais communes souhaitées du territoire 074"),
	      "numéro d'un autre territoire que les communes");
	CHECK(no_problem(variant("0740324000123G0417", "02A0324000123G0417", "74010", "2A004",
	                         "SUIVI", "", NULL)), "Corse : numéro 02A, commune 2A004");
	CHECK(one_problem(variant("0740324000123G0417", "02B0324000123G0417", "74010", "2A004",
	                          "SUIVI", "", NULL), "territoire 02B mais communes souhaitées du "
	                  "territoire 02A"), "Corse : 02B n'est pas 02A");
	CHECK(no_problem(variant("0740324000123G0417", "9760324000123G0417", "74010", "97611",
	                         "SUIVI", "", NULL)), "Mayotte : numéro 976, commune 97611");
	CHECK(no_problem(variant("0740324000123G0417", "1110324000123G0417", "74010", "75056",
	                         "SUIVI", "", NULL)), "Île-de-France : numéro 111, Paris 75056");
	CHECK(one_problem(variant("0740324000123G0417", "0750324000123G0417", "74010", "75056",
	                          "SUIVI", "", NULL), "numéro unique mal formé"),
	      "Paris : 075 n'est pas un territoire (111)");
	CHECK(one_problem(variant("0740324000123G0417", "0740324000123G041", "SUIVI", "", NULL),
	                  "numéro unique mal formé"), "numéro de 17 caractères : mal formé");
	CHECK(one_problem(variant("<s:origine>guichet</s:origine>", "<s:origine>pgp</s:origine>",
	                          "SUIVI", "", NULL), "ne finit pas par GDPUB"),
	      "demande PGP : numéro du guichet GDPUB exigé");
	CHECK(no_problem(variant("<s:origine>guichet</s:origine>", "<s:origine>pgp</s:origine>",
	                         "0740324000123G0417", "0740324000123GDPUB", "SUIVI", "", NULL)),
	      "demande PGP au numéro GDPUB : acceptée");
	CHECK(one_problem(variant("<ns1:dateCreationDemande>2024-03-01</ns1:dateCreationDemande>", "",
	                          "SUIVI", "", NULL), "date de dépôt (dateCreationDemande) manquante "
	                  "pour une demande enregistrée"), "demande enregistrée sans date de dépôt");
	CHECK(one_problem(variant(">G0417</ns1:numGuichet>", ">g0417</ns1:numGuichet>", "SUIVI", "",
	                          NULL), "code guichet (numGuichet) mal formé"),
	      "code guichet en minuscules : mal formé");
}

static void test_etats(void)
{
	size_t n;
	char *text = regles(variant("<s:etat>active</s:etat>", "", NULL), &n);

	CHECK(strstr(text, "état de la demande (suivi/etat) manquant") != NULL &&
	      strstr(text, "demande sans état avec un numéro unique") != NULL &&
	      strstr(text, "demande  avec") == NULL,
	      "sans état : dit manquant, et le numéro d'une « demande sans état » (%s)", text);
	free(text);
	CHECK(no_problem(variant("<s:etat>active</s:etat>", "<s:etat>brouillon</s:etat>",
	                         "<ns1:numUnique>0740324000123G0417</ns1:numUnique>", "",
	                         "<ns1:nom>Martin</ns1:nom>", "", "<s:renouvellement prochain=\"2025-03-01\"/>",
	                         "", "SUIVI", "", NULL)),
	      "brouillon sans nom, sans numéro : le contenu n'est pas exigé");
	CHECK(one_problem(variant("<s:etat>active</s:etat>", "<s:etat>brouillon</s:etat>",
	                          "<s:renouvellement prochain=\"2025-03-01\"/>", "", "SUIVI", "", NULL),
	                  "demande brouillon avec un numéro unique"), "brouillon avec numéro");
	CHECK(one_problem(variant("<s:etat>active</s:etat>", "<s:etat>Active</s:etat>",
	                          "<ns1:numUnique>0740324000123G0417</ns1:numUnique>", "", "SUIVI", "",
	                          NULL), "état « Active » inconnu"), "état en majuscule : inconnu");
	CHECK(one_problem(variant("<s:etat>active</s:etat>", "",
	                          "<ns1:numUnique>0740324000123G0417</ns1:numUnique>", "", "SUIVI", "",
	                          NULL), "état de la demande (suivi/etat) manquant"), "état absent");
	CHECK(one_problem(variant("<s:origine>guichet</s:origine>", "<s:origine>web</s:origine>",
	                          "SUIVI", "", NULL), "origine « web » inconnue"), "origine inconnue");
	CHECK(one_problem(variant("<s:renouvellement prochain=\"2025-03-01\"/>", "", "SUIVI", "", NULL),
	                  "demande active sans date de prochain renouvellement"),
	      "active sans prochain renouvellement");
	CHECK(one_problem(variant("<s:etat>active</s:etat>", "<s:etat>radiee</s:etat>", "SUIVI", "",
	                          NULL), "demande radiée sans radiation (date et motif)"),
	      "radiée sans radiation");
	CHECK(no_problem(variant("<s:etat>active</s:etat>", "<s:etat>radiee</s:etat>",
	                         "SUIVI", "<s:radiation motif=\"RADATT\" date=\"2024-03-10\"/>", NULL)),
	      "radiée RADATT datée : acceptée");
	CHECK(one_problem(variant("SUIVI", "<s:radiation motif=\"RADATT\" date=\"2024-03-10\"/>", NULL),
	                  "radiation dans une demande active"), "radiation dans une demande active");
	CHECK(one_problem(variant("<s:etat>active</s:etat>", "<s:etat>invalidee</s:etat>",
	                          "<ns1:numUnique>0740324000123G0417</ns1:numUnique>", "",
	                          "SUIVI", "<s:invalidation date=\"2024-03-10\" motif=\" \"/>", NULL),
	                  "demande invalidée sans invalidation"), "invalidée au motif blanc");
	CHECK(one_problem(variant("SUIVI", "<s:invalidation date=\"2024-03-10\" motif=\"x\"/>", NULL),
	                  "invalidation dans une demande active"), "invalidation dans une active");
	CHECK(one_problem(variant("</s:suivi>", "</s:suivi><s:suivi/>", "SUIVI", "", NULL),
	                  "2 éléments suivi : une demande n'en a qu'un"), "deux suivis");
}

static void test_suivi_dates(void)
{
	CHECK(no_problem(variant("SUIVI", "<s:modification date=\"2024-03-01\"/>", NULL)),
	      "modification le jour du dépôt : acceptée");
	CHECK(one_problem(variant("SUIVI", "<s:modification date=\"2024-02-29\"/>", NULL),
	                  "date de modification antérieure à la date de dépôt"),
	      "modification la veille du dépôt (29 février) : refusée");
	CHECK(no_problem(variant("SUIVI", "<s:modification date=\"2024-03-15\"/>", NULL)),
	      "modification le jour même : acceptée");
	CHECK(one_problem(variant("SUIVI", "<s:modification date=\"2024-03-16\"/>", NULL),
	                  "date de modification postérieure à la date du jour"),
	      "modification le lendemain : refusée");
	CHECK(one_problem(variant("SUIVI", "<s:modification date=\"2024-04-31\"/>", NULL),
	                  "date de modification invalide"), "31 avril : invalide");
	CHECK(one_problem(variant("prochain=\"2025-03-01\"", "prochain=\"2024-03-01\"", "SUIVI", "",
	                          NULL), "date de prochain renouvellement antérieure à la date de dépôt"),
	      "prochain renouvellement le jour du dépôt : refusé");
	CHECK(no_problem(variant("prochain=\"2025-03-01\"", "prochain=\"2024-03-02\"", "SUIVI", "",
	                         NULL)), "prochain renouvellement le lendemain du dépôt : accepté");
	CHECK(no_problem(variant("prochain=\"2025-03-01\"", "prochain=\"2030-01-01\"", "SUIVI", "",
	                         NULL)), "prochain renouvellement dans le futur : accepté");
}

/* A radiée demande of MOTIF radiated on DATE, its avertissement sent on
 * ENVOI with ECHEANCE (NULL: none). */
static char *radiee(const char *motif, const char *sous, const char *date, const char *envoi,
                    const char *echeance)
{
	char radiation[300];

	snprintf(radiation, sizeof radiation, "<s:radiation motif=\"%s\"%s%s%s date=\"%s\"%s%s%s%s%s%s/>",
	         motif, sous ? " sous-motif=\"" : "", sous ? sous : "", sous ? "\"" : "", date,
	         envoi ? " avertissement=\"" : "", envoi ? envoi : "", envoi ? "\"" : "",
	         echeance ? " echeance=\"" : "", echeance ? echeance : "", echeance ? "\"" : "");
	/* deposited in December: the avertissement comes after the dépôt */
	return variant("<s:etat>active</s:etat>", "<s:etat>radiee</s:etat>", "SUIVI", radiation,
	               "0740324000123G0417", "0741223000123G0417", "2024-03-01<", "2023-12-01<", NULL);
}

static void test_radiation_avertie(void)
{
	CHECK(no_problem(radiee("RADCON", NULL, "2024-03-02", "2024-01-31", "2024-03-01")),
	      "RADCON le lendemain de l'échéance : acceptée");
	CHECK(one_problem(radiee("RADCON", NULL, "2024-03-01", "2024-01-31", "2024-03-01"),
	                  "radiation RADCON du 1er mars 2024 avant la fin du délai de l'avertissement "
	                  "(échéance le 1er mars 2024, incluse)"), "RADCON le jour de l'échéance : refusée");
	CHECK(one_problem(radiee("RADCON", NULL, "2024-03-10", NULL, NULL),
	                  "radiation RADCON sans avertissement envoyé"), "RADCON sans avertissement");
	CHECK(no_problem(radiee("RADIRR", "IRRSEJ", "2024-03-10", "2024-01-31", "2024-02-29")),
	      "envoi le 31 janvier, échéance le 29 février : un mois (fin de mois)");
	CHECK(one_problem(radiee("RADIRR", "IRRRES", "2024-03-10", "2024-01-31", "2024-02-28"),
	                  "échéance le 28 février 2024, moins d'un mois après l'envoi du 31 janvier 2024"),
	      "échéance le 28 février d'une année bissextile : moins d'un mois");
	CHECK(one_problem(radiee("RADIRR", NULL, "2024-03-10", "2024-01-31", "2024-02-29"),
	                  "radiation :"), "RADIRR sans sous-motif");
	CHECK(one_problem(radiee("RADATT", "IRRSEJ", "2024-03-10", NULL, NULL), "radiation :"),
	      "sous-motif sur un autre motif que RADIRR");
	CHECK(no_problem(radiee("RADATT", NULL, "2024-03-10", NULL, NULL)),
	      "RADATT : pas d'avertissement exigé");
	CHECK(one_problem(radiee("RADXXX", NULL, "2024-03-10", NULL, NULL),
	                  "motif de radiation « RADXXX » inconnu de la liste des codes"),
	      "motif de radiation inconnu");
	CHECK(one_problem(radiee("RADCON", NULL, "2024-03-02", "2023-11-30", "2024-01-31"),
	                  "date d'envoi de l'avertissement antérieure à la date de dépôt"),
	      "avertissement envoyé la veille du dépôt");
}

static void test_avertissement(void)
{
	static const char ok[] =
		"<s:avertissement motif=\"RADCON\" date=\"2024-03-02\" envoi=\"2024-03-04\" "
		"echeance=\"2024-04-04\"/>";

	CHECK(no_problem(variant("SUIVI", ok, NULL)), "avertissement en cours sur une active : accepté");
	CHECK(no_problem(variant("SUIVI", "<s:avertissement motif=\"RADCON\" date=\"2024-03-02\"/>",
	                         NULL)), "avertissement demandé, pas encore envoyé : accepté");
	CHECK(one_problem(variant("SUIVI", "<s:radiation motif=\"RADATT\" date=\"2024-03-10\"/>"
	                          "<s:avertissement motif=\"RADCON\" date=\"2024-03-02\"/>",
	                          "<s:etat>active</s:etat>", "<s:etat>radiee</s:etat>", NULL),
	                  "avertissement de radiation dans une demande radiee (il est clos"),
	      "avertissement resté dans une radiée");
	CHECK(one_problem(variant("SUIVI", "<s:avertissement motif=\"RADCON\" date=\"2024-03-02\" "
	                                   "envoi=\"2024-03-16\" echeance=\"2024-04-16\"/>", NULL),
	                  "date d'envoi de l'avertissement postérieure à la date du jour"),
	      "avertissement envoyé le lendemain d'aujourd'hui");
	{
		size_t n;
		char *text = regles(variant("SUIVI", ok, "<s:etat>active</s:etat>",
		                            "<s:etat>en-attente-validation</s:etat>",
		                            "<ns1:numUnique>0740324000123G0417</ns1:numUnique>", "", NULL),
		                    &n);
		CHECK(n == 1 && strstr(text, "avertissement de radiation dans une demande "
		                             "en-attente-validation"), "avertissement hors d'une active");
		free(text);
	}
	CHECK(one_problem(variant("SUIVI", "<s:avertissement motif=\"RADATT\" date=\"2024-03-02\"/>",
	                          NULL), "avertissement de motif « RADATT » (attendu RADIRR ou RADCON)"),
	      "avertissement RADATT");
	CHECK(one_problem(variant("SUIVI", "<s:avertissement motif=\"RADCON\" date=\"2024-03-04\" "
	                                   "envoi=\"2024-03-03\" echeance=\"2024-04-03\"/>", NULL),
	                  "avertissement envoyé avant d'être demandé"), "envoyé la veille de la demande");
	CHECK(one_problem(variant("SUIVI", "<s:avertissement motif=\"RADCON\" date=\"2024-03-02\" "
	                                   "envoi=\"2024-03-04\"/>", NULL),
	                  "avertissement avec une date d'envoi sans échéance"), "envoi sans échéance");
	CHECK(one_problem(variant("SUIVI", "<s:avertissement motif=\"RADCON\" date=\"2024-03-02\" "
	                                   "envoi=\"2024-03-04\" echeance=\"2024-04-03\"/>", NULL),
	                  "avertissement : échéance le 3 avril 2024, moins d'un mois après l'envoi"),
	      "échéance la veille du mois légal");
}

static void test_codes(void)
{
	CHECK(one_problem(variant("code=\"T3\"", "code=\"T10\"", "SUIVI", "", NULL),
	                  "type de logement « T10 » inconnu"), "type de logement T10 inconnu");
	CHECK(no_problem(variant("code=\"T3\"", "code=\"T9P\"", "SUIVI", "", NULL)),
	      "type de logement T9P connu");
	CHECK(one_problem(variant("<ns1:civilite code=\"2\"/>", "<ns1:civilite code=\"3\"/>", "SUIVI",
	                          "", NULL), "code civilité « 3 » inconnu"), "civilité 3 inconnue");
}

static void test_line_numbers(void)
{
	size_t n;
	char *text = regles(variant("SUIVI", "<s:modification date=\"2024-03-16\"/>", NULL), &n);

	CHECK(n == 1 && strncmp(text, "10:", 3) == 0, "le problème porte la ligne de sa valeur");
	free(text);
	text = regles(variant("<ns1:nom>Martin</ns1:nom>", "<ns1:nom></ns1:nom>", "SUIVI", "", NULL), &n);
	CHECK(n == 1 && strncmp(text, "7:", 2) == 0, "nom vide : la ligne de l'élément");
	free(text);
	text = regles(variant("<ns1:nom>Martin</ns1:nom>", "", "SUIVI", "", NULL), &n);
	CHECK(n == 1 && strncmp(text, "2:", 2) == 0, "nom absent : la ligne où commence la demande");
	free(text);
	text = regles(variant("1984-11-02", "1984-13-02", "SUIVI", "", NULL), &n);
	CHECK(n == 1 && strstr(text, "1984-13-02") == NULL,
	      "date de naissance invalide : la valeur n'est pas citée");
	free(text);
}

static void test_last_evenement(void)
{
	struct run run = run_doc(LAST_RENOUVELLEMENT, variant(
		"SUIVI", "<s:historique><s:evenement type=\"renouvellement\" date=\"2023-01-10\"/>"
		"<s:evenement type=\"modification\" date=\"2024-02-01\"/>"
		"<s:evenement type=\"renouvellement\" date=\"2024-01-10\"/></s:historique>", NULL));

	CHECK(run.rc == 0 && run.date.year == 2024 && run.date.month == 1 && run.date.day == 10,
	      "dernier renouvellement de l'historique : le 2024-01-10 (pas la modification)");
	free(run.messages.data);
	run = run_doc(LAST_RENOUVELLEMENT, variant(
		"SUIVI", "<s:historique><s:evenement type=\"modification\" date=\"2024-02-01\"/>"
		"</s:historique>", NULL));
	CHECK(run.rc == -1, "aucun renouvellement : -1");
	free(run.messages.data);
}

static void test_same_courriel(void)
{
	CHECK(sne_check_same_courriel(" Elodie.Martin@Example.org\n", "elodie.martin@example.org"),
	      "même adresse, casse et blancs ignorés");
	CHECK(!sne_check_same_courriel("elodie.martin@example.org", "elodie.martin@example.orgx"),
	      "une lettre de plus : autre adresse");
	CHECK(!sne_check_same_courriel(" ", " "), "deux adresses vides : pas la même");
	CHECK(!sne_check_same_courriel(NULL, "a@b.fr"), "adresse absente : pas la même");
}

struct schema_run {
	struct sne_schema *schema;
	struct buf messages;
	size_t count;
};

static void schema_collect(void *ctx, long line, const char *message)
{
	buf_printf(&((struct schema_run *)ctx)->messages, "%ld:%s|", line, message);
}

static int schema_record(struct sne_record *record, void *ctx)
{
	struct schema_run *run = ctx;

	run->count += sne_schema_check(run->schema, record, schema_collect, run);
	return 0;
}

static void test_schema(void)
{
	char why[512] = "", path[300];
	struct schema_run run = { 0 };
	struct sne_stream_spec spec = {
		.record_ns = SNE_NS_NUU, .record_name = "demande",
		.fields = sne_check_fields, .nfields = SNE_CK_NFIELDS,
		.on_record = schema_record, .ctx = &run,
	};
	char *doc = variant("<ns1:nom>Martin</ns1:nom>", "<ns1:nom>Martin</ns1:nom><ns1:codePostal>Dupont"
	                    "</ns1:codePostal>", "SUIVI", "", NULL);

	CHECK(sne_schema_load("share/xsd/absent.xsd", why, sizeof why) == NULL && why[0] != '\0',
	      "schéma absent : NULL, dit pourquoi");
	why[0] = '\0';
	run.schema = sne_schema_load("share/xsd/interfaceNuu.xsd", why, sizeof why);
	CHECK(run.schema != NULL, "schéma de l'interface chargé (%s)", why);
	if (run.schema == NULL) {
		free(doc);
		return;
	}
	snprintf(path, sizeof path, "%s/schema.xml", dir);
	buf_save(path, doc);
	free(doc);
	sne_stream_run_path(path, &spec, "ouverture impossible");
	CHECK(run.count >= 1 && strstr(run.messages.data, "codePostal") != NULL &&
	      strstr(run.messages.data, "5 chiffres") != NULL,
	      "code postal mal formé : l'élément nommé, la forme attendue dite");
	CHECK(run.messages.data != NULL && strstr(run.messages.data, "Dupont") == NULL,
	      "sa valeur n'est pas citée");
	CHECK(run.messages.data != NULL && strncmp(run.messages.data, "7:", 2) == 0,
	      "la ligne de l'élément dans l'entrée");
	sne_schema_free(run.schema);
	free(run.messages.data);
}

int main(void)
{
	char command[400];

	if (mkdtemp(dir) == NULL)
		return 99;
	sne_xml_silence();
	test_valid();
	test_contenu();
	test_contenu_alone();
	test_numero();
	test_etats();
	test_suivi_dates();
	test_radiation_avertie();
	test_avertissement();
	test_codes();
	test_line_numbers();
	test_last_evenement();
	test_same_courriel();
	test_schema();
	snprintf(command, sizeof command, "rm -rf '%s'", dir);
	if (system(command) != 0)
		return 99;
	return check_done();
}
