/* Unit tests of lib/stats_rendu.c: the numbers (thousands separator), the
 * shares, the French month names, the row labels, and the renderer in each
 * format (table, TSV, CSV with BOM and ";", JSON, HTML) on a small count
 * of three demandes in two territories (074 and 111), read through lib/stats.c. */
#include "sne/stats_rendu.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "check.h"
#include "sne/err.h"
#include "sne/io.h"
#include "sne/stats.h"
#include "sne/stream.h"

static char dir[] = "/tmp/sne-test-stats-rendu-XXXXXX";

static struct sne_date d(int year, int month, int day)
{
	struct sne_date date = { year, month, day };

	return date;
}

/* ------------------------------------------------------------------ */
/* a small register */

/* One demande: CONTACT says whether it has an e-mail, a mobile and an
 * address (without, it falls into the CONTACT indicator). */
static void demande(struct buf *b, const char *numero, const char *guichet, const char *creation,
                    int contact)
{
	buf_printf(b, "<ns1:demande><ns1:demandeLogement><ns1:numGuichet>%s</ns1:numGuichet>"
	              "<ns1:numUnique>%s</ns1:numUnique>"
	              "<ns1:dateCreationDemande>%s</ns1:dateCreationDemande>",
	           guichet, numero, creation);
	buf_str(b, "<ns1:personnePhysique><ns1:demandeur><ns1:civilite code=\"2\"/>"
	           "<ns1:nom>Durand</ns1:nom><ns1:prenom>Alice</ns1:prenom>"
	           "<ns1:dateNaissance>1980-01-01</ns1:dateNaissance>");
	if (contact)
		buf_str(b, "<ns1:telPortable>0612345678</ns1:telPortable>"
		           "<ns1:mel>test@example.org</ns1:mel><ns1:adressePostale>"
		           "<ns1:etranger>false</ns1:etranger><ns1:numero>12</ns1:numero>"
		           "<ns1:voie>rue des Lilas</ns1:voie><ns1:codePostal>74000</ns1:codePostal>"
		           "<ns1:commune code=\"74010\"/></ns1:adressePostale>");
	buf_str(b, "</ns1:demandeur></ns1:personnePhysique></ns1:demandeLogement>");
	buf_printf(b, "<s:suivi xmlns:s=\"urn:sne:suivi:1\"><s:etat>active</s:etat>"
	              "<s:origine>guichet</s:origine>"
	              "<s:modification date=\"%s\" guichet=\"%s\"/>"
	              "<s:historique><s:evenement date=\"%s\" type=\"creation\" guichet=\"%s\"/>"
	              "</s:historique></s:suivi></ns1:demande>\n",
	           creation, guichet, creation, guichet);
}

static int add_record(struct sne_record *record, void *ctx)
{
	sne_stats_add(ctx, record, -1, NULL);
	return 0;
}

/* November 2026, counted on 2 December, with the CONTACT indicator:
 * 074 G0417 two creations (one without contact), 111 G1104 one. */
static struct sne_stats *small_stats(enum sne_stats_par par)
{
	unsigned contact = 1u << (SNE_STATS_I_CONTACT - SNE_STATS_I_ATTENTE);
	struct sne_stats_options o = { .du = d(2026, 11, 1), .au = d(2026, 11, 30),
		                       .today = d(2026, 12, 2), .par = par, .indicateurs = contact };
	struct sne_stream_spec spec = {
		.record_ns = SNE_NS_NUU,
		.record_name = "demande",
		.fields = sne_stats_fields(contact),
		.nfields = SNE_ST_NFIELDS,
		.on_record = add_record,
	};
	struct sne_stats *s = sne_stats_new(&o);
	struct buf b = { 0 };
	char path[256];

	buf_str(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ns1:interfaceNuu "
	            "versionInterface=\"02.01\" xmlns:ns1=\"http://nuu.application.i2/\">\n");
	demande(&b, "0741126000001G0417", "G0417", "2026-11-10", 1);
	demande(&b, "0741126000002G0417", "G0417", "2026-11-12", 0);
	demande(&b, "1111126000003G1104", "G1104", "2026-11-05", 1);
	buf_str(&b, "</ns1:interfaceNuu>\n");
	snprintf(path, sizeof path, "%s/registre.xml", dir);
	spec.ctx = s;
	if (buf_save(path, b.data) != 0 || sne_stream_run_path(path, &spec, "illisible") != 0)
		abort();
	free(b.data);
	sne_stats_finish(s);
	return s;
}

/* What sne_stats_rendu_write() writes in FORMAT, into *TEXT (to free);
 * returns its status. */
static int render(const struct sne_stats_rendu *r, enum sne_stats_format format, char **text)
{
	FILE *f = tmpfile();
	struct sne_output *out;
	struct buf b = { 0 };
	char chunk[4096];
	size_t n;
	int rc;

	if (f == NULL)
		abort();
	out = sne_output_fdopen(dup(fileno(f)), "<test>", 0, 0);
	rc = sne_stats_rendu_write(r, format, out);
	rc |= sne_output_close(out);
	rewind(f);
	buf_add(&b, "", 0);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	*text = b.data;
	return rc;
}

static int count_of(const char *text, const char *what)
{
	int n = 0;

	for (const char *p = text; (p = strstr(p, what)) != NULL; p += strlen(what))
		n++;
	return n;
}

/* ------------------------------------------------------------------ */
/* numbers, shares, months */

static const char *nombre(uint64_t n)
{
	static char buf[32];

	sne_stats_nombre(n, buf, sizeof buf);
	return buf;
}

static const char *pourcentage(double part)
{
	static char buf[32];

	sne_stats_pourcentage(part, buf, sizeof buf);
	return buf;
}

static const char *mois(int year, int month)
{
	static char buf[64];

	sne_stats_mois_text(d(year, month, 1), buf, sizeof buf);
	return buf;
}

static void test_nombre(void)
{
	char small[6];

	CHECK_STR(nombre(0), "0", "0 : un chiffre");
	CHECK_STR(nombre(999), "999", "999 : sans séparateur");
	CHECK_STR(nombre(1000), "1 000", "1 000 : une espace ordinaire (U+0020) avant les milliers");
	CHECK(strchr(nombre(1000), '\xC2') == NULL, "pas d'espace insécable (U+00A0) ni fine");
	CHECK_STR(nombre(100000), "100 000", "six chiffres");
	CHECK_STR(nombre(1234567), "1 234 567", "sept chiffres : deux séparateurs");
	sne_stats_nombre(1234567, small, sizeof small);
	CHECK(strlen(small) < sizeof small && strncmp(small, "1 234", strlen(small)) == 0,
	      "tampon trop court : coupé, terminé par NUL (« %s »)", small);
}

static void test_pourcentage(void)
{
	CHECK_STR(pourcentage(0), "0,0 %", "0 : « 0,0 %% », virgule décimale");
	CHECK_STR(pourcentage(1.0 / 3), "33,3 %", "un tiers");
	CHECK_STR(pourcentage(1), "100,0 %", "le tout");
	CHECK_STR(pourcentage(0.0005), "0,1 %", "arrondi au dixième (0,05 %% vers 0,1 %%)");
	CHECK_STR(pourcentage(-1), "—", "négatif (pas de base) : un tiret cadratin");
}

static void test_mois(void)
{
	static const char *const noms[] = { "janvier", "février", "mars", "avril", "mai", "juin",
		                            "juillet", "août", "septembre", "octobre",
		                            "novembre", "décembre" };
	char want[64];

	for (int m = 1; m <= 12; m++) {
		snprintf(want, sizeof want, "%s 2026", noms[m - 1]);
		CHECK_STR(mois(2026, m), want, "mois %d : %s, en minuscules, suivi de l'année", m, want);
	}
	CHECK_STR(mois(1999, 12), "décembre 1999", "une autre année");
	CHECK_STR(mois(2030, 1), "janvier 2030", "l'année telle quelle");
}

/* ------------------------------------------------------------------ */
/* the renderer */

static void test_lignes(void)
{
	struct sne_stats *s = small_stats(SNE_STATS_PAR_GUICHET), *t;
	struct sne_stats_rendu r = { s, d(2026, 11, 1), d(2026, 11, 30), d(2026, 12, 2),
		                     SNE_STATS_PAR_GUICHET, 0 };
	char text[64];

	CHECK(sne_stats_nlignes(s) == 2, "deux guichets : deux lignes (%zu)", sne_stats_nlignes(s));
	sne_stats_ligne_text(&r, 0, text, sizeof text);
	CHECK_STR(text, "074 G0417", "libellé d'une ligne : territoire et guichet");
	sne_stats_ligne_text(&r, 1, text, sizeof text);
	CHECK_STR(text, "111 G1104", "les lignes triées par territoire");
	sne_stats_ligne_text(&r, 2, text, sizeof text);
	CHECK_STR(text, "Total national", "la ligne nlignes : le total");
	CHECK(sne_stats_valeur(s, 0, 1, SNE_STATS_V_CREATION_GUICHET) == 2 &&
	      sne_stats_valeur(s, 2, 1, SNE_STATS_V_CREATION_GUICHET) == 3 &&
	      sne_stats_valeur(s, 0, 1, SNE_STATS_I_CONTACT) == 1,
	      "le comptage de départ : 2 créations à G0417, 3 au total, 1 sans contact");
	t = small_stats(SNE_STATS_PAR_TERRITOIRE);
	r.stats = t;
	r.par = SNE_STATS_PAR_TERRITOIRE;
	sne_stats_ligne_text(&r, 0, text, sizeof text);
	CHECK_STR(text, "074", "par territoire : le territoire seul");
	sne_stats_free(t);
	sne_stats_free(s);
}

static void test_table(void)
{
	struct sne_stats *s = small_stats(SNE_STATS_PAR_GUICHET);
	struct sne_stats_rendu r = { s, d(2026, 11, 1), d(2026, 11, 30), d(2026, 12, 2),
		                     SNE_STATS_PAR_GUICHET, 0 };
	char *text, *line;
	int rc = render(&r, SNE_STATS_TABLE, &text);

	CHECK(rc == 0, "tableau : écrit (%d)", rc);
	CHECK(strncmp(text, "Statistiques du registre du ", 28) == 0, "tableau : le titre d'abord");
	CHECK(strstr(text, "\nnovembre 2026\n") != NULL, "tableau : le mois en intertitre");
	CHECK(count_of(text, "Volumes du mois") == 1 && count_of(text, "Stock au dernier jour du mois") == 1 &&
	      count_of(text, "Suivi qualité") == 1,
	      "tableau : une section par nature de mesure");
	CHECK(count_of(text, "Total national") == 3, "tableau : la colonne du total dans chaque section");
	line = strstr(text, "Volumes du mois");
	if (line != NULL) {
		char *eol = strchr(line, '\n'), *a = strstr(line, "074 G0417"),
		     *b = strstr(line, "111 G1104"), *t = strstr(line, "Total national");

		CHECK(a != NULL && a < b && b < t && t < eol,
		      "tableau : l'intertitre de section nomme les colonnes, le total en dernier");
	}
	line = strstr(text, "Créations au guichet");
	CHECK(line != NULL, "tableau : le libellé d'une mesure");
	if (line != NULL) {
		char *eol = strchr(line, '\n');
		char *two = strstr(line, "  2"), *three = strstr(line, "  3");

		CHECK(two != NULL && three != NULL && two < three && three < eol,
		      "tableau : 2 pour G0417, puis 3 au total, sur la ligne de la mesure");
	}
	CHECK(strstr(text, "Demandes actives sans moyen de contact valide") != NULL &&
	      strstr(text, "Doublons présumés") == NULL,
	      "tableau : seuls les indicateurs demandés");
	free(text);
	r.largeur = 80;
	render(&r, SNE_STATS_TABLE, &text);
	CHECK(count_of(text, "Volumes du mois") > 1,
	      "tableau de 80 colonnes : les lignes en plusieurs blocs, les libellés répétés");
	free(text);
	sne_stats_free(s);
}

static void test_delimited(void)
{
	struct sne_stats *s = small_stats(SNE_STATS_PAR_GUICHET);
	struct sne_stats_rendu r = { s, d(2026, 11, 1), d(2026, 11, 30), d(2026, 12, 2),
		                     SNE_STATS_PAR_GUICHET, 0 };
	int active = 0, rc;
	char *text, want[64];

	for (int m = 0; m < SNE_STATS_NMESURES; m++)
		active += sne_stats_mesure_active(s, m);
	rc = render(&r, SNE_STATS_TSV, &text);
	CHECK(rc == 0, "TSV : écrit");
	CHECK(strncmp(text, "mois\tterritoire\tguichet\tcreation-guichet\t", 41) == 0,
	      "TSV : l'en-tête, les codes des mesures");
	CHECK(count_of(text, "\n") == 4 && count_of(text, "\r") == 0,
	      "TSV : l'en-tête et trois lignes (deux guichets et le total), fins de ligne LF");
	CHECK(count_of(text, "\t") == 4 * (2 + active), "TSV : 3 + %d colonnes sur chaque ligne", active);
	CHECK(strstr(text, "\n2026-11\t074\tG0417\t2\t") != NULL, "TSV : la ligne de G0417");
	CHECK(strstr(text, "\n2026-11\ttotal\t\t3\t") != NULL, "TSV : le total, guichet vide, en dernier");
	CHECK(strstr(text, "\ttotal\t") > strstr(text, "\t111\t"), "TSV : le total après les guichets");
	free(text);

	rc = render(&r, SNE_STATS_CSV, &text);
	CHECK(rc == 0, "CSV : écrit");
	CHECK(strncmp(text, "\xEF\xBB\xBFmois;territoire;guichet;", 26) == 0,
	      "CSV : BOM UTF-8 puis l'en-tête séparé par « ; »");
	CHECK(strstr(text, ";Créations au guichet;") != NULL, "CSV : les libellés en en-tête");
	CHECK(count_of(text, "\r\n") == 4 && count_of(text, "\n") == 4, "CSV : 4 lignes, fins CRLF");
	CHECK(count_of(text, "\t") == 0, "CSV : aucune tabulation");
	/* a label holding « ; » would be quoted: none among the measures */
	CHECK(count_of(text, ";") - count_of(text, ";\"") == 4 * (2 + active) &&
	      count_of(text, "\"") == 0,
	      "CSV : 3 + %d champs sur chaque ligne, aucun guillemet", active);
	snprintf(want, sizeof want, "\r\n2026-11;074;G0417;2;");
	CHECK(strstr(text, want) != NULL, "CSV : la ligne de G0417");
	CHECK(strstr(text, "\r\n2026-11;total;;3;") != NULL, "CSV : le total");
	free(text);
	sne_stats_free(s);
}

static void test_json(void)
{
	struct sne_stats *s = small_stats(SNE_STATS_PAR_GUICHET);
	struct sne_stats_rendu r = { s, d(2026, 11, 1), d(2026, 11, 30), d(2026, 12, 2),
		                     SNE_STATS_PAR_GUICHET, 0 };
	int depth = 0, min = 0, in_string = 0, active = 0;
	const char *want;
	char *text;
	int rc = render(&r, SNE_STATS_JSON, &text);

	for (int m = 0; m < SNE_STATS_NMESURES; m++)
		active += sne_stats_mesure_active(s, m);
	CHECK(rc == 0, "JSON : écrit");
	for (const char *p = text; *p; p++) {
		if (in_string) {
			if (*p == '\\')
				p++;
			else if (*p == '"')
				in_string = 0;
			continue;
		}
		in_string = *p == '"';
		depth += *p == '{' || *p == '[';
		depth -= *p == '}' || *p == ']';
		min = depth < min ? depth : min;
	}
	CHECK(depth == 0 && min == 0 && !in_string, "JSON : accolades, crochets et guillemets équilibrés");
	want = "{\"du\":\"2026-11-01\",\"au\":\"2026-11-30\",\"par\":\"guichet\","
	       "\"demandes\":3,\"mesures\":[";
	CHECK(strncmp(text, want, strlen(want)) == 0,
	      "JSON : la période, le regroupement, le nombre de demandes");
	CHECK(count_of(text, "\"code\":") == active, "JSON : une mesure par mesure comptée (%d)", active);
	CHECK(strstr(text, "{\"code\":\"CONTACT\",\"libelle\":\"Demandes actives sans moyen de contact "
	                   "valide\",\"nature\":\"indicateur\"}") != NULL,
	      "JSON : code, libellé et nature d'un indicateur");
	CHECK(count_of(text, "{\"mois\":\"2026-11\"") == 3, "JSON : trois lignes");
	CHECK(strstr(text, "\"territoire\":\"074\",\"guichet\":\"G0417\",\"valeurs\":"
	                   "{\"creation-guichet\":2,") != NULL,
	      "JSON : la ligne de G0417 et ses valeurs");
	CHECK(strstr(text, "\"territoire\":null,\"guichet\":null,\"total\":true,\"valeurs\":"
	                   "{\"creation-guichet\":3,") != NULL,
	      "JSON : le total marqué total, territoire et guichet null");
	CHECK(strstr(text, "\"CONTACT\":1}") != NULL, "JSON : l'indicateur de G0417");
	CHECK(strlen(text) > 4 && strcmp(text + strlen(text) - 4, "\n]}\n") == 0, "JSON : la fin");
	free(text);
	r.par = SNE_STATS_PAR_TERRITOIRE;
	render(&r, SNE_STATS_JSON, &text);
	CHECK(strstr(text, "\"par\":\"territoire\"") != NULL, "JSON : par territoire");
	free(text);
	sne_stats_free(s);
}

static int xpath_count(xmlXPathContextPtr ctx, const char *expr)
{
	xmlXPathObjectPtr o = xmlXPathEvalExpression((const xmlChar *)expr, ctx);
	int n = o != NULL && o->nodesetval != NULL ? o->nodesetval->nodeNr : -1;

	xmlXPathFreeObject(o);
	return n;
}

static char *xpath_text(xmlXPathContextPtr ctx, const char *expr)
{
	xmlXPathObjectPtr o = xmlXPathEvalExpression((const xmlChar *)expr, ctx);
	char *text = (char *)xmlXPathCastToString(o);

	xmlXPathFreeObject(o);
	return text;
}

static void test_html(void)
{
	struct sne_stats *s = small_stats(SNE_STATS_PAR_GUICHET);
	struct sne_stats_rendu r = { s, d(2026, 11, 1), d(2026, 11, 30), d(2026, 12, 2),
		                     SNE_STATS_PAR_GUICHET, 0 };
	xmlXPathContextPtr ctx;
	xmlDocPtr doc;
	char *text, *got;
	int rc = render(&r, SNE_STATS_HTML, &text);

	CHECK(rc == 0, "HTML : écrit");
	CHECK(strncmp(text, "<!DOCTYPE html>\n<html lang=\"fr\">", 32) == 0, "HTML : page en français");
	doc = xmlReadMemory(text, (int)strlen(text), "stats.html", "UTF-8",
	                    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	CHECK(doc != NULL, "HTML : bien formé (lu comme XML)");
	if (doc == NULL) {
		free(text);
		sne_stats_free(s);
		return;
	}
	ctx = xmlXPathNewContext(doc);
	xmlXPathRegisterNs(ctx, (const xmlChar *)"svg", (const xmlChar *)"http://www.w3.org/2000/svg");
	CHECK(xpath_count(ctx, "//table[@class='indicateurs']") == 1, "HTML : une table des indicateurs");
	CHECK(xpath_count(ctx, "//table[@class='indicateurs']/tbody/tr") == 3,
	      "HTML : une ligne par guichet et le total");
	got = xpath_text(ctx, "//table[@class='indicateurs']/tbody/tr[last()]/@class");
	CHECK_STR(got, "total", "HTML : le total en dernier, de classe total");
	xmlFree(got);
	got = xpath_text(ctx, "//table[@class='indicateurs']/tbody/tr[last()]/th");
	CHECK_STR(got, "Total national", "HTML : le libellé du total");
	xmlFree(got);
	got = xpath_text(ctx, "//table[@class='indicateurs']/tbody/tr[1]/th");
	CHECK_STR(got, "074 G0417", "HTML : la première ligne");
	xmlFree(got);
	got = xpath_text(ctx, "//table[@class='indicateurs']/thead/tr/th[2]");
	CHECK_STR(got, "CONTACT", "HTML : une colonne par indicateur demandé");
	xmlFree(got);
	CHECK(xpath_count(ctx, "//table[@class='indicateurs']/thead/tr/th") == 2,
	      "HTML : la colonne des lignes et celle du seul indicateur");
	got = xpath_text(ctx, "//table[@class='indicateurs']/tbody/tr[1]/td/@class");
	CHECK_STR(got, "n alerte", "HTML : une valeur non nulle en alerte");
	xmlFree(got);
	got = xpath_text(ctx, "//table[@class='indicateurs']/tbody/tr[2]/td/@class");
	CHECK_STR(got, "n", "HTML : une valeur nulle sans alerte");
	xmlFree(got);
	CHECK(xpath_count(ctx, "//dl[@class='legende']/dt") == 1, "HTML : la légende de l'indicateur");
	CHECK(xpath_count(ctx, "//svg:svg") == 3, "HTML : un graphe par ligne qui a des volumes");
	got = xpath_text(ctx, "//h2[1]");
	CHECK_STR(got, "Suivi qualité, novembre 2026", "HTML : l'intertitre du mois");
	xmlFree(got);
	xmlXPathFreeContext(ctx);
	xmlFreeDoc(doc);
	free(text);
	sne_stats_free(s);
}

static void test_erreur(void)
{
	struct sne_stats *s = small_stats(SNE_STATS_PAR_GUICHET);
	struct sne_stats_rendu r = { s, d(2026, 11, 1), d(2026, 11, 30), d(2026, 12, 2),
		                     SNE_STATS_PAR_GUICHET, 0 };
	FILE *msg = tmpfile();
	FILE *full = fopen("/dev/full", "w");
	struct sne_output *out;
	int rc;

	if (full == NULL || msg == NULL) {
		CHECK(1, "sortie pleine : sans /dev/full # SKIP");
		if (msg != NULL)
			fclose(msg);
		if (full != NULL)
			fclose(full);
		sne_stats_free(s);
		return;
	}
	out = sne_output_fdopen(dup(fileno(full)), "plein", 0, 0);
	sne_err_set_stream(msg);
	/* the output buffers: a page large enough to reach the device */
	for (rc = 0; rc == 0 && sne_output_given(out) < (1u << 20);)
		rc = sne_stats_rendu_write(&r, SNE_STATS_HTML, out);
	sne_err_set_stream(NULL);
	sne_output_close(out);
	CHECK(rc == SNE_EX_IOERR, "une sortie pleine : 74 (%d)", rc);
	{
		char said[512] = "";

		rewind(msg);
		said[fread(said, 1, sizeof said - 1, msg)] = '\0';
		CHECK(strstr(said, "plein: écriture impossible :") != NULL,
		      "une sortie pleine : le nom de la sortie et pourquoi (« %.60s »)", said);
	}
	fclose(full);
	fclose(msg);
	sne_stats_free(s);
}

int main(void)
{
	if (mkdtemp(dir) == NULL)
		return 99;
	sne_xml_silence();
	test_nombre();
	test_pourcentage();
	test_mois();
	test_lignes();
	test_table();
	test_delimited();
	test_json();
	test_html();
	test_erreur();
	{
		char path[256];

		snprintf(path, sizeof path, "%s/registre.xml", dir);
		unlink(path);
		rmdir(dir);
	}
	xmlCleanupParser();
	return check_done();
}
