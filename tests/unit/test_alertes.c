/* Unit tests of lib/alertes.c: which rows have something to signal in the
 * last month, and the e-mails written into a folder (made when absent):
 * one per guichet (or territory) with something to signal, none for the
 * others, their headers (MIME, Subject as =?UTF-8?B?...?=, X-SNE-Guichet),
 * the figures and the commands they suggest, and 73 when the folder or a
 * file cannot be made.  The counts come from lib/stats.c on three demandes
 * of November 2026, counted on 2 December. */
#include "sne/alertes.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "capture.h"
#include "check.h"
#include "sne/err.h"
#include "sne/stats.h"
#include "sne/stream.h"

static char dir[] = "/tmp/sne-test-alertes-XXXXXX";

#define BIT(m) (1u << ((m) - SNE_STATS_I_ATTENTE))

static struct sne_date d(int year, int month, int day)
{
	struct sne_date date = { year, month, day };

	return date;
}

/* ------------------------------------------------------------------ */
/* a small register */

/* One active demande, without revenu fiscal (INCOMPLET when asked);
 * without CONTACT, no e-mail, mobile nor address (CONTACT when asked);
 * EXTRA: more evenements of its history. */
static void demande(struct buf *b, const char *numero, const char *guichet, const char *creation,
                    int contact, const char *extra)
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
	              "%s</s:historique></s:suivi></ns1:demande>\n",
	           creation, guichet, creation, guichet, extra);
}

static int add_record(struct sne_record *record, void *ctx)
{
	sne_stats_add(ctx, record, -1, NULL);
	return 0;
}

/* 074 G0417: two demandes, one without contact; 111 G1104: one, reactivated
 * after a RADREN radiation on 20 November (REACTIVATION when asked). */
static struct sne_stats *small_stats(enum sne_stats_par par, unsigned indicateurs)
{
	struct sne_stats_options o = { .du = d(2026, 11, 1), .au = d(2026, 11, 30),
		                       .today = d(2026, 12, 2), .par = par,
		                       .indicateurs = indicateurs };
	struct sne_stream_spec spec = {
		.record_ns = SNE_NS_NUU,
		.record_name = "demande",
		.fields = sne_stats_fields(indicateurs),
		.nfields = SNE_ST_NFIELDS,
		.on_record = add_record,
	};
	struct sne_stats *s = sne_stats_new(&o);
	struct buf b = { 0 };
	char path[256];

	buf_str(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ns1:interfaceNuu "
	            "versionInterface=\"02.01\" xmlns:ns1=\"http://nuu.application.i2/\">\n");
	demande(&b, "0741126000001G0417", "G0417", "2026-11-10", 1, "");
	demande(&b, "0741126000002G0417", "G0417", "2026-11-12", 0, "");
	demande(&b, "1111126000003G1104", "G1104", "2026-11-05", 1,
	        "<s:evenement date=\"2026-11-20\" type=\"reactivation\" guichet=\"G1104\" "
	        "motif-radiation=\"RADREN\"/>");
	buf_str(&b, "</ns1:interfaceNuu>\n");
	snprintf(path, sizeof path, "%s/registre.xml", dir);
	spec.ctx = s;
	if (buf_save(path, b.data) != 0 || sne_stream_run_path(path, &spec, "illisible") != 0)
		abort();
	free(b.data);
	sne_stats_finish(s);
	return s;
}

/* ------------------------------------------------------------------ */
/* helpers */

static int files_in(const char *path)
{
	DIR *dp = opendir(path);
	struct dirent *e;
	int n = 0;

	if (dp == NULL)
		return -1;
	while ((e = readdir(dp)) != NULL)
		n += e->d_name[0] != '.';
	closedir(dp);
	return n;
}

static void remove_all(const char *path)
{
	DIR *dp = opendir(path);
	struct dirent *e;
	char file[512];

	if (dp == NULL)
		return;
	while ((e = readdir(dp)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(file, sizeof file, "%s/%s", path, e->d_name);
		unlink(file);
	}
	closedir(dp);
	rmdir(path);
}

/* The value of header NAME in the e-mail TEXT (up to its line's end),
 * into BUF; NULL when absent from the head. */
static const char *header(const char *text, const char *name, char *buf, size_t size)
{
	size_t len = strlen(name);
	const char *end_of_head = strstr(text, "\n\n");

	for (const char *p = text; p != NULL && *p && (end_of_head == NULL || p < end_of_head);) {
		if (strncmp(p, name, len) == 0 && p[len] == ':' && p[len + 1] == ' ') {
			const char *v = p + len + 2, *eol = strchr(v, '\n');
			size_t n = eol ? (size_t)(eol - v) : strlen(v);

			snprintf(buf, size, "%.*s", (int)n, v);
			return buf;
		}
		p = strchr(p, '\n');
		p = p ? p + 1 : NULL;
	}
	return NULL;
}

/* Decodes the RFC 2047 word =?UTF-8?B?...?= into BUF; NULL when it is not
 * one, or not padded as base64 is. */
static const char *decode_word(const char *word, char *buf, size_t size)
{
	static const char alphabet[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t len = strlen(word), o = 0;
	unsigned v = 0;
	int bits = 0;

	if (len < 12 || strncmp(word, "=?UTF-8?B?", 10) != 0 || strcmp(word + len - 2, "?=") != 0)
		return NULL;
	for (const char *p = word + 10; p < word + len - 2 && *p != '='; p++) {
		const char *at = strchr(alphabet, *p);

		if (at == NULL || *p == '\0')
			return NULL;
		v = (v << 6) | (unsigned)(at - alphabet);
		bits += 6;
		if (bits >= 8 && o + 1 < size) {
			bits -= 8;
			buf[o++] = (char)((v >> bits) & 0xFF);
			if (buf[o - 1] == '\0')
				return NULL; /* "A" in place of "=": padding lost */
		}
	}
	buf[o] = '\0';
	/* four characters for every three bytes, "=" padding the last */
	return (len - 12) % 4 == 0 && (len - 12) / 4 == (o + 2) / 3 ? buf : NULL;
}

/* Whether the line after the one starting with CODE holds the figures A,
 * B and AVG right-aligned in 15, 15 and 13 columns after 75 blanks. */
static int figures_line(const char *text, const char *code, const char *a, const char *b,
                        const char *avg)
{
	const char *line = strstr(text, code);
	char want[256];

	if (line == NULL || (line = strchr(line, '\n')) == NULL)
		return 0;
	snprintf(want, sizeof want, "\n%75s%15s%15s%13s\n", "", a, b, avg);
	return strncmp(line, want, strlen(want)) == 0;
}

static char *load(const char *path)
{
	struct buf b = { 0 };

	if (buf_load(&b, path) != 0)
		return NULL;
	return b.data;
}

/* ------------------------------------------------------------------ */
/* tests */

static void test_a_signaler(void)
{
	struct sne_stats *s = small_stats(SNE_STATS_PAR_GUICHET, BIT(SNE_STATS_I_CONTACT));
	struct sne_stats *t;

	CHECK(sne_stats_nlignes(s) == 2, "deux guichets : deux lignes");
	CHECK(sne_alertes_a_signaler(s, 0) == 1, "G0417 : une demande sans contact, un indicateur");
	CHECK(sne_alertes_a_signaler(s, 1) == 0, "G1104 : rien à signaler");
	CHECK(sne_alertes_a_signaler(s, 2) == 1, "le total national : un indicateur");
	sne_stats_free(s);

	s = small_stats(SNE_STATS_PAR_GUICHET, BIT(SNE_STATS_I_CONTACT) | BIT(SNE_STATS_I_INCOMPLET));
	CHECK(sne_alertes_a_signaler(s, 0) == 2,
	      "G0417 : CONTACT et INCOMPLET, deux indicateurs (pas deux demandes)");
	CHECK(sne_alertes_a_signaler(s, 1) == 1, "G1104 : INCOMPLET seul");
	sne_stats_free(s);

	s = small_stats(SNE_STATS_PAR_GUICHET, BIT(SNE_STATS_I_REACTIVATION));
	CHECK(sne_stats_valeur(s, 1, 1, SNE_STATS_I_REACTIVATION) == 1,
	      "G1104 : une réactivation après RADREN en novembre");
	CHECK(sne_alertes_a_signaler(s, 1) == 0 && sne_alertes_a_signaler(s, 2) == 0,
	      "REACTIVATION : montré, jamais signalé");
	sne_stats_free(s);

	s = small_stats(SNE_STATS_PAR_GUICHET, 0);
	CHECK(sne_alertes_a_signaler(s, 0) == 0 && sne_alertes_a_signaler(s, 2) == 0,
	      "aucun indicateur demandé : rien à signaler (les volumes ne sont pas des alertes)");
	sne_stats_free(s);

	t = small_stats(SNE_STATS_PAR_TERRITOIRE, BIT(SNE_STATS_I_CONTACT));
	CHECK(sne_alertes_a_signaler(t, 0) == 1 && sne_alertes_a_signaler(t, 1) == 0,
	      "par territoire : 074 à signaler, 111 non");
	sne_stats_free(t);
}

static void test_write(void)
{
	struct sne_stats *s = small_stats(SNE_STATS_PAR_GUICHET, BIT(SNE_STATS_I_CONTACT));
	struct sne_stats_rendu r = { s, d(2026, 11, 1), d(2026, 11, 30), d(2026, 12, 2),
		                     SNE_STATS_PAR_GUICHET, 0 };
	char out[256], path[512], value[512], subject[512], want[512];
	const char *signature = "L'équipe support du SNE\n", *said;
	char *text;
	int rc;

	snprintf(out, sizeof out, "%s/alertes", dir);
	capture_start();
	rc = sne_alertes_write(&r, out, "registre.xml");
	said = capture_end();
	CHECK(rc == 0, "écrites (%d)", rc);
	CHECK(files_in(out) == 1, "le dossier créé, un seul courriel : G1104 n'a rien à signaler (%d)",
	      files_in(out));
	snprintf(want, sizeof want, "1 alerte écrite dans %s", out);
	CHECK(strstr(said, want) != NULL, "le bilan : « %s »", said);
	snprintf(path, sizeof path, "%s/alerte-074-G0417-2026-11.eml", out);
	text = load(path);
	CHECK(text != NULL, "nommé alerte-TER-GUICHET-AAAA-MM.eml");
	if (text == NULL) {
		sne_stats_free(s);
		return;
	}
	CHECK(strncmp(text, "MIME-Version: 1.0\n", 18) == 0, "l'en-tête MIME d'abord");
	CHECK_STR(header(text, "Content-Type", value, sizeof value), "text/plain; charset=UTF-8",
	          "texte brut en UTF-8");
	CHECK_STR(header(text, "Content-Transfer-Encoding", value, sizeof value), "8bit",
	          "transféré en 8 bits");
	CHECK_STR(header(text, "X-SNE-Guichet", value, sizeof value), "G0417",
	          "X-SNE-Guichet : le code guichet, pour le routeur");
	CHECK_STR(header(text, "X-SNE-Territoire", value, sizeof value), "074", "X-SNE-Territoire");
	CHECK(header(text, "To", value, sizeof value) == NULL, "pas de To : le routeur l'ajoute");
	header(text, "Subject", value, sizeof value);
	CHECK(decode_word(value, subject, sizeof subject) != NULL,
	      "Subject en mot encodé =?UTF-8?B?…?= (« %s »)", value);
	CHECK_STR(subject, "Suivi qualité SNE de novembre 2026 : guichet G0417, 1 indicateur à traiter",
	          "Subject : le mois, le guichet, le nombre d'indicateurs au singulier");
	CHECK(strstr(text, "\n\nBonjour,\n") != NULL, "une ligne vide puis le corps");
	CHECK(strstr(text, "du guichet G0417 (territoire 074) pour novembre 2026, établi le "
	                   "2 décembre 2026") != NULL,
	      "le corps : le guichet, le mois, la date du jour");
	{
		const char *head = strstr(text, "\nCode "), *eol = head ? strchr(head + 1, '\n') : NULL;
		const char *now = head ? strstr(head, "novembre 2026") : NULL;
		const char *before = head ? strstr(head, "octobre 2026") : NULL;
		const char *avg = head ? strstr(head, "moy. territ.") : NULL;

		CHECK(now != NULL && now < before && before < avg && avg < eol,
		      "les colonnes des chiffres : le mois, le précédent, la moyenne du territoire");
		/* the average is over the territory's rows: G0417 alone in 074 */
		CHECK(figures_line(text, "CONTACT ", "1", "0", "1,0"),
		      "CONTACT : 1 ce mois, 0 le mois précédent, 1,0 de moyenne (G0417 seul dans 074)");
	}
	CHECK(strstr(text, "CONTACT        Demandes actives sans moyen de contact valide\n") != NULL,
	      "l'indicateur, son code et son libellé");
	CHECK(strstr(text, "- CONTACT : recueillez une adresse") != NULL, "ce qu'il faut faire");
	CHECK(strstr(text, "  la liste : sne-stats --du 2026-11-01 --au 2026-11-30 --extraire CONTACT "
	                   "--guichet G0417 --format tsv registre.xml\n") != NULL,
	      "la commande qui liste les demandes, sur le registre nommé");
	CHECK(strstr(text, "--par modification") == NULL, "par guichet : sans --par");
	CHECK(strlen(text) > strlen(signature) &&
	      strcmp(text + strlen(text) - strlen(signature), signature) == 0,
	      "la signature à la fin");
	free(text);

	/* again into the folder that now exists */
	capture_start();
	rc = sne_alertes_write(&r, out, "registre.xml");
	capture_end();
	CHECK(rc == 0 && files_in(out) == 1, "un dossier qui existe déjà : réécrit, toujours un courriel");
	remove_all(out);

	r.par = SNE_STATS_PAR_MODIFICATION;
	capture_start();
	rc = sne_alertes_write(&r, out, "-");
	capture_end();
	snprintf(path, sizeof path, "%s/alerte-074-G0417-2026-11.eml", out);
	text = load(path);
	CHECK(rc == 0 && text != NULL && strstr(text, "--extraire CONTACT --par modification --guichet "
	                                              "G0417 --format tsv -\n") != NULL,
	      "par modification : la commande le redit, pour les mêmes demandes");
	free(text);
	remove_all(out);
	sne_stats_free(s);
}

static void test_plusieurs(void)
{
	struct sne_stats *s = small_stats(SNE_STATS_PAR_GUICHET,
	                                  BIT(SNE_STATS_I_CONTACT) | BIT(SNE_STATS_I_INCOMPLET));
	struct sne_stats_rendu r = { s, d(2026, 11, 1), d(2026, 11, 30), d(2026, 12, 2),
		                     SNE_STATS_PAR_GUICHET, 0 };
	char out[256], path[512], value[512], subject[512];
	char *text;
	int rc;

	snprintf(out, sizeof out, "%s/alertes2", dir);
	capture_start();
	rc = sne_alertes_write(&r, out, "registre.xml");
	capture_end();
	CHECK(rc == 0 && files_in(out) == 2, "deux guichets à signaler : deux courriels");
	snprintf(path, sizeof path, "%s/alerte-074-G0417-2026-11.eml", out);
	text = load(path);
	CHECK(text != NULL, "celui de G0417");
	if (text != NULL) {
		header(text, "Subject", value, sizeof value);
		CHECK_STR(decode_word(value, subject, sizeof subject), "Suivi qualité SNE de novembre 2026 : guichet G0417, 2 indicateurs à "
		                   "traiter", "Subject : deux indicateurs, au pluriel");
		CHECK(strstr(text, "- CONTACT : ") != NULL && strstr(text, "- INCOMPLET : ") != NULL,
		      "une action par indicateur signalé");
		free(text);
	}
	snprintf(path, sizeof path, "%s/alerte-111-G1104-2026-11.eml", out);
	text = load(path);
	CHECK(text != NULL, "celui de G1104, dans son territoire");
	if (text != NULL) {
		CHECK(strstr(text, "- INCOMPLET : ") != NULL && strstr(text, "- CONTACT : ") == NULL,
		      "G1104 : l'action d'INCOMPLET seule (CONTACT y vaut 0)");
		free(text);
	}
	remove_all(out);
	sne_stats_free(s);

	s = small_stats(SNE_STATS_PAR_TERRITOIRE, BIT(SNE_STATS_I_CONTACT));
	r.stats = s;
	r.par = SNE_STATS_PAR_TERRITOIRE;
	capture_start();
	rc = sne_alertes_write(&r, out, "registre.xml");
	capture_end();
	snprintf(path, sizeof path, "%s/alerte-074-2026-11.eml", out);
	text = load(path);
	CHECK(rc == 0 && files_in(out) == 1 && text != NULL,
	      "par territoire : alerte-TER-AAAA-MM.eml, une seule");
	if (text != NULL) {
		CHECK_STR(header(text, "X-SNE-Guichet", value, sizeof value), "",
		          "par territoire : X-SNE-Guichet vide");
		header(text, "Subject", value, sizeof value);
		CHECK_STR(decode_word(value, subject, sizeof subject), "Suivi qualité SNE de novembre 2026 : territoire 074, 1 indicateur à "
		                   "traiter", "par territoire : le Subject nomme le territoire");
		CHECK(strstr(text, "--extraire CONTACT --territoire 074 --format tsv") != NULL,
		      "par territoire : la commande avec --territoire");
		free(text);
	}
	remove_all(out);
	sne_stats_free(s);
}

/* REACTIVATION asked with CONTACT: in the figures, with its share, but
 * G1104 that has only it gets no e-mail. */
static void test_reactivation(void)
{
	struct sne_stats *s = small_stats(SNE_STATS_PAR_GUICHET,
	                                  BIT(SNE_STATS_I_CONTACT) | BIT(SNE_STATS_I_REACTIVATION));
	struct sne_stats_rendu r = { s, d(2026, 11, 1), d(2026, 11, 30), d(2026, 12, 2),
		                     SNE_STATS_PAR_GUICHET, 0 };
	char out[256], path[512];
	char *text;
	int rc;

	snprintf(out, sizeof out, "%s/reactivation", dir);
	capture_start();
	rc = sne_alertes_write(&r, out, "registre.xml");
	capture_end();
	CHECK(rc == 0 && files_in(out) == 1, "REACTIVATION seule : pas de courriel pour G1104");
	snprintf(path, sizeof path, "%s/alerte-074-G0417-2026-11.eml", out);
	text = load(path);
	CHECK(text != NULL && strstr(text, "REACTIVATION   Renouvellements après radiation") != NULL &&
	      strstr(text, SNE_STATS_LIBELLE_PART_REACTIVATION) != NULL,
	      "REACTIVATION et sa part dans les chiffres de G0417");
	CHECK(text != NULL && strstr(text, "- REACTIVATION") == NULL, "mais aucune action pour elle");
	free(text);
	remove_all(out);
	sne_stats_free(s);
}

static void test_rien(void)
{
	struct sne_stats *s = small_stats(SNE_STATS_PAR_GUICHET, 0);
	struct sne_stats_rendu r = { s, d(2026, 11, 1), d(2026, 11, 30), d(2026, 12, 2),
		                     SNE_STATS_PAR_GUICHET, 0 };
	char out[256];
	const char *said;
	int rc;

	snprintf(out, sizeof out, "%s/vide", dir);
	capture_start();
	rc = sne_alertes_write(&r, out, "registre.xml");
	said = capture_end();
	CHECK(rc == 0 && files_in(out) == 0, "rien à signaler : le dossier, vide");
	CHECK(strstr(said, "aucune alerte écrite dans ") != NULL, "le bilan dit « aucune » (« %s »)", said);
	remove_all(out);
	sne_stats_free(s);
}

static void test_erreurs(void)
{
	struct sne_stats *s = small_stats(SNE_STATS_PAR_GUICHET, BIT(SNE_STATS_I_CONTACT));
	struct sne_stats_rendu r = { s, d(2026, 11, 1), d(2026, 11, 30), d(2026, 12, 2),
		                     SNE_STATS_PAR_GUICHET, 0 };
	char out[256];
	const char *said;
	int rc;

	snprintf(out, sizeof out, "%s/absent/alertes", dir);
	capture_start();
	rc = sne_alertes_write(&r, out, "registre.xml");
	said = capture_end();
	CHECK(rc == SNE_EX_CANTCREAT, "le dossier parent absent : 73 (%d)", rc);
	CHECK(strstr(said, "dossier des alertes impossible à créer") != NULL && strstr(said, out) != NULL,
	      "le message nomme le dossier et dit pourquoi (« %s »)", said);

	snprintf(out, sizeof out, "%s/registre.xml", dir);
	capture_start();
	rc = sne_alertes_write(&r, out, "registre.xml");
	said = capture_end();
	CHECK(rc == SNE_EX_CANTCREAT, "un fichier à la place du dossier : 73 (%d)", rc);
	CHECK(strstr(said, "alerte impossible à créer") != NULL, "le courriel qui ne peut être créé (« %s »)",
	      said);

	if (geteuid() != 0) {
		snprintf(out, sizeof out, "%s/ferme", dir);
		mkdir(out, 0500);
		capture_start();
		rc = sne_alertes_write(&r, out, "registre.xml");
		capture_end();
		CHECK(rc == SNE_EX_CANTCREAT && files_in(out) == 0,
		      "un dossier en lecture seule : 73, rien d'écrit");
		rmdir(out);
	}
	sne_stats_free(s);
}

int main(void)
{
	char path[256];

	if (mkdtemp(dir) == NULL)
		return 99;
	sne_xml_silence();
	test_a_signaler();
	test_write();
	test_plusieurs();
	test_reactivation();
	test_rien();
	test_erreurs();
	snprintf(path, sizeof path, "%s/registre.xml", dir);
	unlink(path);
	rmdir(dir);
	return check_done();
}
