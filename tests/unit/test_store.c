/* Unit tests of lib/store.c: the SQLite register.  A small register (the
 * shape of share/exemples/registre.xml) imported, recognised, exported
 * byte for byte and verified; a column changed behind its back is found;
 * the doublon index; the rows a selection reads; a writing run that
 * rewrites only what changed (and only the indexed columns that changed),
 * and parses again only the suivi of a record changed in its suivi alone;
 * the lookups of sne-show; a backup; the numéro counters; an unfinished import refused; the
 * columns of sne-notice and the rows a night reads; a store of version 1
 * refused, then brought to this version. */
#include "capture.h"
#include "check.h"
#include "sne/demande.h"
#include "sne/err.h"
#include "sne/identite.h"
#include "sne/inplace.h"
#include "sne/io.h"
#include "sne/lookup.h"
#include "sne/selection.h"
#include "sne/store.h"
#include "sne/stream.h"
#include "sne/suivi.h"

#include <fcntl.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char dir[] = "/tmp/sne-test-store-XXXXXX";

#define GIRARD "0740217000001G0417"
#define FONTAINE "0740217000005G0417"
#define SIMON "1110317000003GDPUB"
#define RADIE "0740316000077G0417"
#define NRECORDS 5

/* Five demandes: two active of 074 (the second with an avertissement in
 * progress), one active of 111, one waiting for validation without a
 * numéro (territory of its commune, 038), one radiée. */
static const char registre[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<ns1:interfaceNuu versionInterface=\"02.01\" xmlns:ns1=\"http://nuu.application.i2/\">\n"
	"  <ns1:entete><ns1:dateFichier>2017-04-01T10:00:00+01:00</ns1:dateFichier></ns1:entete>\n"
	"  <ns1:demande>\n"
	"    <ns1:demandeLogement>\n"
	"      <ns1:numGuichet>G0417</ns1:numGuichet>\n"
	"      <ns1:numUnique>" GIRARD "</ns1:numUnique>\n"
	"      <ns1:dateCreationDemande>2017-02-10</ns1:dateCreationDemande>\n"
	"      <ns1:personnePhysique>\n"
	"        <ns1:demandeur>\n"
	"          <ns1:civilite code=\"2\"/>\n"
	"          <ns1:nom>Girard</ns1:nom>\n"
	"          <ns1:prenom>Paul</ns1:prenom>\n"
	"          <ns1:dateNaissance>1958-03-03</ns1:dateNaissance>\n"
	"          <ns1:mel>p.girard@example.org</ns1:mel>\n"
	"        </ns1:demandeur>\n"
	"      </ns1:personnePhysique>\n"
	"      <ns1:logementRecherche>\n"
	"        <ns1:demandeElargie>false</ns1:demandeElargie>\n"
	"        <ns1:listeTypeLogement><ns1:typeLogement code=\"T2\"/></ns1:listeTypeLogement>\n"
	"        <ns1:listeLocalisationSouhaite>\n"
	"          <ns1:localisationSouhaite><ns1:commune code=\"74010\"/></ns1:localisationSouhaite>\n"
	"        </ns1:listeLocalisationSouhaite>\n"
	"      </ns1:logementRecherche>\n"
	"    </ns1:demandeLogement>\n"
	"    <s:suivi xmlns:s=\"urn:sne:suivi:1\">\n"
	"      <s:etat>active</s:etat>\n"
	"      <s:origine>guichet</s:origine>\n"
	"      <s:modification date=\"2017-02-10\" guichet=\"G0417\"/>\n"
	"      <s:renouvellement prochain=\"2018-02-10\"/>\n"
	"      <s:historique>\n"
	"        <s:evenement date=\"2017-02-10\" type=\"creation\" guichet=\"G0417\"/>\n"
	"      </s:historique>\n"
	"    </s:suivi>\n"
	"  </ns1:demande>\n"
	"  <ns1:demande>\n"
	"    <ns1:demandeLogement>\n"
	"      <ns1:numGuichet>G0417</ns1:numGuichet>\n"
	"      <ns1:numUnique>" FONTAINE "</ns1:numUnique>\n"
	"      <ns1:dateCreationDemande>2017-02-10</ns1:dateCreationDemande>\n"
	"      <ns1:personnePhysique>\n"
	"        <ns1:demandeur>\n"
	"          <ns1:civilite code=\"2\"/>\n"
	"          <ns1:nom>Fontaine</ns1:nom>\n"
	"          <ns1:prenom>Chloé</ns1:prenom>\n"
	"          <ns1:dateNaissance>1992-10-10</ns1:dateNaissance>\n"
	"          <ns1:mel>chloe.fontaine@example.org</ns1:mel>\n"
	"        </ns1:demandeur>\n"
	"      </ns1:personnePhysique>\n"
	"      <ns1:logementRecherche>\n"
	"        <ns1:demandeElargie>false</ns1:demandeElargie>\n"
	"        <ns1:listeTypeLogement><ns1:typeLogement code=\"T1\"/></ns1:listeTypeLogement>\n"
	"        <ns1:listeLocalisationSouhaite>\n"
	"          <ns1:localisationSouhaite><ns1:commune code=\"74281\"/></ns1:localisationSouhaite>\n"
	"        </ns1:listeLocalisationSouhaite>\n"
	"      </ns1:logementRecherche>\n"
	"    </ns1:demandeLogement>\n"
	"    <s:suivi xmlns:s=\"urn:sne:suivi:1\">\n"
	"      <s:etat>active</s:etat>\n"
	"      <s:origine>guichet</s:origine>\n"
	"      <s:modification date=\"2017-02-10\" guichet=\"G0417\"/>\n"
	"      <s:renouvellement prochain=\"2018-02-10\"/>\n"
	"      <s:avertissement date=\"2018-01-20\" motif=\"RADCON\" guichet=\"G0417\"/>\n"
	"      <s:historique>\n"
	"        <s:evenement date=\"2017-02-10\" type=\"creation\" guichet=\"G0417\"/>\n"
	"      </s:historique>\n"
	"    </s:suivi>\n"
	"  </ns1:demande>\n"
	"  <ns1:demande>\n"
	"    <ns1:demandeLogement>\n"
	"      <ns1:numGuichet>GDPUB</ns1:numGuichet>\n"
	"      <ns1:numUnique>" SIMON "</ns1:numUnique>\n"
	"      <ns1:dateCreationDemande>2017-03-12</ns1:dateCreationDemande>\n"
	"      <ns1:personnePhysique>\n"
	"        <ns1:demandeur>\n"
	"          <ns1:civilite code=\"2\"/>\n"
	"          <ns1:nom>Simon</ns1:nom>\n"
	"          <ns1:prenom>Emma</ns1:prenom>\n"
	"          <ns1:dateNaissance>1998-06-06</ns1:dateNaissance>\n"
	"          <ns1:mel>emma.simon@example.org</ns1:mel>\n"
	"        </ns1:demandeur>\n"
	"      </ns1:personnePhysique>\n"
	"      <ns1:logementRecherche>\n"
	"        <ns1:demandeElargie>false</ns1:demandeElargie>\n"
	"        <ns1:listeTypeLogement><ns1:typeLogement code=\"T2\"/></ns1:listeTypeLogement>\n"
	"        <ns1:listeLocalisationSouhaite>\n"
	"          <ns1:localisationSouhaite><ns1:commune code=\"75111\"/></ns1:localisationSouhaite>\n"
	"        </ns1:listeLocalisationSouhaite>\n"
	"      </ns1:logementRecherche>\n"
	"    </ns1:demandeLogement>\n"
	"    <s:suivi xmlns:s=\"urn:sne:suivi:1\">\n"
	"      <s:etat>active</s:etat>\n"
	"      <s:origine>pgp</s:origine>\n"
	"      <s:modification date=\"2017-03-22\" guichet=\"G1104\"/>\n"
	"      <s:renouvellement prochain=\"2018-03-12\"/>\n"
	"      <s:historique>\n"
	"        <s:evenement date=\"2017-03-01\" type=\"creation\" guichet=\"GDPUB\"/>\n"
	"        <s:evenement date=\"2017-03-22\" type=\"validation\" guichet=\"G1104\"/>\n"
	"      </s:historique>\n"
	"    </s:suivi>\n"
	"  </ns1:demande>\n"
	"  <ns1:demande>\n"
	"    <ns1:demandeLogement>\n"
	"      <ns1:numGuichet>GDPUB</ns1:numGuichet>\n"
	"      <ns1:dateCreationDemande>2017-03-12</ns1:dateCreationDemande>\n"
	"      <ns1:personnePhysique>\n"
	"        <ns1:demandeur>\n"
	"          <ns1:civilite code=\"2\"/>\n"
	"          <ns1:nom>Leroy</ns1:nom>\n"
	"          <ns1:prenom>Hugo</ns1:prenom>\n"
	"          <ns1:dateNaissance>2000-01-01</ns1:dateNaissance>\n"
	"          <ns1:mel>Hugo.Leroy@Example.ORG</ns1:mel>\n"
	"        </ns1:demandeur>\n"
	"      </ns1:personnePhysique>\n"
	"      <ns1:logementRecherche>\n"
	"        <ns1:demandeElargie>false</ns1:demandeElargie>\n"
	"        <ns1:listeTypeLogement><ns1:typeLogement code=\"T1\"/></ns1:listeTypeLogement>\n"
	"        <ns1:listeLocalisationSouhaite>\n"
	"          <ns1:localisationSouhaite><ns1:commune code=\"38185\"/></ns1:localisationSouhaite>\n"
	"        </ns1:listeLocalisationSouhaite>\n"
	"      </ns1:logementRecherche>\n"
	"    </ns1:demandeLogement>\n"
	"    <s:suivi xmlns:s=\"urn:sne:suivi:1\">\n"
	"      <s:etat>en-attente-validation</s:etat>\n"
	"      <s:origine>pgp</s:origine>\n"
	"      <s:modification date=\"2017-03-12\" guichet=\"GDPUB\"/>\n"
	"      <s:historique>\n"
	"        <s:evenement date=\"2017-03-01\" type=\"creation\" guichet=\"GDPUB\"/>\n"
	"        <s:evenement date=\"2017-03-12\" type=\"soumission\" guichet=\"GDPUB\"/>\n"
	"      </s:historique>\n"
	"    </s:suivi>\n"
	"  </ns1:demande>\n"
	"  <ns1:demande>\n"
	"    <ns1:demandeLogement>\n"
	"      <ns1:numGuichet>G0417</ns1:numGuichet>\n"
	"      <ns1:numUnique>" RADIE "</ns1:numUnique>\n"
	"      <ns1:dateCreationDemande>2016-03-10</ns1:dateCreationDemande>\n"
	"      <ns1:personnePhysique>\n"
	"        <ns1:demandeur><ns1:nom>Radié</ns1:nom><ns1:prenom>Paul</ns1:prenom>"
	"<ns1:dateNaissance>1970-07-07</ns1:dateNaissance></ns1:demandeur>\n"
	"      </ns1:personnePhysique>\n"
	"    </ns1:demandeLogement>\n"
	"    <s:suivi xmlns:s=\"urn:sne:suivi:1\">\n"
	"      <s:etat>radiee</s:etat>\n"
	"      <s:origine>guichet</s:origine>\n"
	"      <s:modification date=\"2017-04-11\"/>\n"
	"      <s:renouvellement prochain=\"2017-03-10\"/>\n"
	"      <s:radiation date=\"2017-04-11\" motif=\"RADREN\"/>\n"
	"      <s:historique>\n"
	"        <s:evenement date=\"2016-03-10\" type=\"creation\" guichet=\"G0417\"/>\n"
	"        <s:evenement date=\"2017-04-11\" type=\"radiation\" motif=\"RADREN\"/>\n"
	"      </s:historique>\n"
	"    </s:suivi>\n"
	"  </ns1:demande>\n"
	"</ns1:interfaceNuu>\n";

static char *path_in(const char *name)
{
	return check_path(dir, name);
}

static void write_file(const char *path, const char *text, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	if (fd < 0 || write(fd, text, len) != (ssize_t)len)
		exit(2);
	close(fd);
}

/* The whole file at PATH (malloc'ed, *LEN bytes), or NULL. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *text = NULL;
	long n;

	*len = 0;
	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
	    (text = malloc((size_t)n + 1)) != NULL) {
		*len = fread(text, 1, (size_t)n, f);
		text[*len] = '\0';
	}
	fclose(f);
	return text;
}

/* TEXT (a capture, several messages) on one line, for the TAP output. */
static const char *flat(const char *text)
{
	for (char *p = (char *)text; *p != '\0'; p++)
		if (*p == '\n')
			*p = '|';
	return text;
}

/* ------------------------------------------------------------------ */
/* plain sqlite3 on the file, as another program would */

static sqlite3 *db_open(const char *path)
{
	sqlite3 *db;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		printf("# sqlite3_open %s : %s\n", path, sqlite3_errmsg(db));
		exit(2);
	}
	return db;
}

static int db_exec(const char *path, const char *sql)
{
	sqlite3 *db = db_open(path);
	char *error = NULL;
	int rc = sqlite3_exec(db, sql, NULL, NULL, &error);

	if (rc != SQLITE_OK)
		printf("# %s : %s\n", sql, error ? error : "?");
	sqlite3_free(error);
	sqlite3_close(db);
	return rc == SQLITE_OK ? 0 : -1;
}

/* The first column of the first row of SQL as text ("(null)" for NULL,
 * "(aucune)" for no row). */
static const char *db_text(const char *path, const char *sql)
{
	static char texts[4][512];
	static int next;
	char *text = texts[next++ % 4];
	sqlite3 *db = db_open(path);
	sqlite3_stmt *s;

	snprintf(text, 512, "(erreur)");
	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK) {
		if (sqlite3_step(s) == SQLITE_ROW) {
			const unsigned char *t = sqlite3_column_text(s, 0);
			snprintf(text, 512, "%s", t != NULL ? (const char *)t : "(null)");
		} else {
			snprintf(text, 512, "(aucune)");
		}
		sqlite3_finalize(s);
	} else {
		printf("# %s : %s\n", sql, sqlite3_errmsg(db));
	}
	sqlite3_close(db);
	return text;
}

static long long db_int(const char *path, const char *sql)
{
	return strtoll(db_text(path, sql), NULL, 10);
}

static const char *column_of(const char *path, const char *column, const char *numero)
{
	char sql[256];

	snprintf(sql, sizeof sql, "SELECT %s FROM demande WHERE numero = '%s'", column, numero);
	return db_text(path, sql);
}

static long long identite_of(const char *path, const char *numero)
{
	return strtoll(column_of(path, "identite", numero), NULL, 10);
}

/* ------------------------------------------------------------------ */
/* counting the records of a stream */

struct counted {
	int records;
	char numeros[8][32];
};

static int count_record(struct sne_record *rec, void *ctx)
{
	struct counted *c = ctx;
	const char *numero = sne_record_get(rec, 0);

	if (c->records < 8)
		snprintf(c->numeros[c->records], sizeof c->numeros[0], "%s", numero ? numero : "");
	c->records++;
	return 0;
}

static const char *const numero_field[] = { SNE_F_NUM_UNIQUE };

/* The records the stream IN yields (closed here), or -1 when it fails. */
static int count_records(struct sne_input *in, struct counted *c)
{
	struct sne_stream_spec spec = {
		.record_ns = SNE_NS_NUU,
		.record_name = SNE_DEMANDE_NAME,
		.envelope = &sne_envelope_interface,
		.fields = numero_field,
		.nfields = 1,
		.text_only = 1,
		.on_record = count_record,
		.ctx = c,
	};
	int rc;

	memset(c, 0, sizeof *c);
	if (in == NULL)
		return -1;
	rc = sne_stream_run(in, &spec);
	sne_input_close(in);
	return rc == 0 ? c->records : -1;
}

/* ------------------------------------------------------------------ */

static void test_import(void)
{
	char xml[512], store[512];
	struct sne_store *st = NULL;
	struct sne_input *in;
	const char *said;
	pid_t child;
	int rc, status;

	snprintf(xml, sizeof xml, "%s", path_in("registre.xml"));
	snprintf(store, sizeof store, "%s", path_in("registre.sqlite"));
	write_file(xml, registre, strlen(registre));
	rc = sne_store_create(store, &st);
	CHECK(rc == 0 && st != NULL, "création d'un registre SQLite neuf (rc %d)", rc);
	if (st == NULL)
		exit(1);
	in = sne_input_open(xml);
	rc = in != NULL ? sne_store_import(st, in, NULL) : -1;
	if (in != NULL)
		sne_input_close(in);
	CHECK(rc == 0, "import du registre XML (rc %d)", rc);
	sne_store_close(st);

	CHECK(db_int(store, "SELECT count(*) FROM demande") == NRECORDS,
	      "une ligne par demande (%s)", db_text(store, "SELECT count(*) FROM demande"));
	CHECK(db_int(store, "PRAGMA user_version") == SNE_STORE_VERSION,
	      "l'import fini marque la version du schéma");
	CHECK_STR(db_text(store, "PRAGMA journal_mode"), "wal", "le registre importé est en WAL");
	CHECK_STR(db_text(store, "SELECT group_concat(coalesce(numero, '-'), ' ') FROM "
	                         "(SELECT numero FROM demande ORDER BY rang)"),
	          GIRARD " " FONTAINE " " SIMON " - " RADIE,
	          "les numéros dans l'ordre du registre, aucun pour la demande en attente");
	CHECK_STR(db_text(store, "SELECT substr(CAST(tete AS TEXT), 1, 38) FROM enveloppe"),
	          "<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "l'enveloppe garde le prologue");
	CHECK(strstr(db_text(store, "SELECT CAST(tete AS TEXT) FROM enveloppe"),
	             "<ns1:entete><ns1:dateFichier>") != NULL, "l'enveloppe garde l'entête");
	CHECK_STR(db_text(store, "SELECT CAST(fin AS TEXT) FROM enveloppe"),
	          "\n</ns1:interfaceNuu>\n", "la fin de l'enveloppe");
	CHECK_STR(db_text(store, "SELECT substr(CAST(octets AS TEXT), 1, 13) || '|' || "
	                         "CAST(avant AS TEXT) || '|' FROM demande WHERE rang = 2"),
	          "<ns1:demande>|\n  |", "les octets de la demande et les blancs d'avant");
	CHECK_STR(column_of(store, "territoire || ' ' || guichet || ' ' || etat || ' ' || depot "
	                           "|| ' ' || prochain", GIRARD),
	          "074 G0417 active 2017-02-10 2018-02-10",
	          "colonnes territoire, guichet, état, dépôt, prochain");
	CHECK_STR(column_of(store, "courriel", GIRARD), "p.girard@example.org", "colonne courriel");
	CHECK(identite_of(store, GIRARD) ==
	      (long long)sne_identite_key("Girard", "Paul", "1958-03-03", "074"),
	      "colonne identité : la clé de sne_identite_key");
	CHECK_STR(column_of(store, "avertissement", FONTAINE), "RADCON",
	          "colonne avertissement : le motif de celui en cours");
	CHECK_STR(column_of(store, "avertissement", GIRARD), "(null)",
	          "pas d'avertissement : colonne vide");
	CHECK_STR(column_of(store, "radiation_motif || ' ' || radiation_date", RADIE),
	          "RADREN 2017-04-11", "colonnes de la radiation");
	CHECK_STR(db_text(store, "SELECT territoire || ' ' || etat || ' ' || courriel FROM demande "
	                         "WHERE numero IS NULL"),
	          "038 en-attente-validation hugo.leroy@example.org",
	          "demande sans numéro : territoire de sa commune, courriel en minuscules");

	CHECK(sne_store_is_store(store), "sne_store_is_store : vrai pour le registre SQLite");
	CHECK(!sne_store_is_store(xml), "sne_store_is_store : faux pour le registre XML");
	if (mkfifo(path_in("fifo"), 0600) != 0)
		exit(2);
	/* in a child: a FIFO opened to be read would block it, no writer coming */
	child = fork();
	if (child == 0) {
		alarm(3);
		_exit(sne_store_is_store(path_in("fifo")) ? 1 : 0);
	}
	if (child < 0 || waitpid(child, &status, 0) != child)
		exit(2);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "sne_store_is_store : faux pour une FIFO, sans bloquer (%s)",
	      WIFSIGNALED(status) ? "bloqué" : WEXITSTATUS(status) ? "vrai" : "faux");
	CHECK(!sne_store_is_store(path_in("absent.sqlite")),
	      "sne_store_is_store : faux pour un chemin absent");
	CHECK(!sne_store_is_store(dir), "sne_store_is_store : faux pour un dossier");

	capture_start();
	rc = sne_store_create(store, &st);
	said = flat(capture_end());
	CHECK(rc == SNE_EX_CANTCREAT && st == NULL && strstr(said, "existe déjà") != NULL,
	      "création sur un registre existant refusée : 73 (%s)", said);
	capture_start();
	rc = sne_store_open(path_in("absent.sqlite"), SNE_STORE_READ, &st);
	said = flat(capture_end());
	CHECK(rc == SNE_EX_NOINPUT && st == NULL, "ouverture d'un registre absent : 66 (%s)", said);
	capture_start();
	rc = sne_store_open(xml, SNE_STORE_READ, &st);
	said = flat(capture_end());
	CHECK(rc == SNE_EX_DATAERR && st == NULL && strstr(said, "n'est pas un registre SQLite"),
	      "ouverture d'un fichier XML comme registre SQLite : 65 (%s)", said);
}

/* Import then export gives the file back; FROM is a register file. */
static void round_trip(const char *from, const char *name, const char *what)
{
	char store[600], out_path[600];
	struct sne_store *st = NULL;
	struct sne_output *out;
	struct sne_input *in;
	char *want, *got;
	size_t want_len, got_len;
	int rc;

	snprintf(store, sizeof store, "%s/%s.sqlite", dir, name);
	snprintf(out_path, sizeof out_path, "%s/%s.exporte.xml", dir, name);
	if (sne_store_create(store, &st) != 0)
		exit(1);
	in = sne_input_open(from);
	rc = in != NULL ? sne_store_import(st, in, NULL) : -1;
	if (in != NULL)
		sne_input_close(in);
	sne_store_close(st);
	st = NULL;
	if (rc == 0)
		rc = sne_store_open(store, SNE_STORE_READ, &st);
	out = sne_output_create(out_path);
	if (rc == 0 && out != NULL)
		rc = sne_store_export(st, out);
	if (out != NULL && sne_output_close(out) != 0 && rc == 0)
		rc = -1;
	sne_store_close(st);
	want = slurp(from, &want_len);
	got = slurp(out_path, &got_len);
	CHECK(rc == 0 && want != NULL && got != NULL && got_len == want_len &&
	      memcmp(got, want, want_len) == 0,
	      "%s : l'export redonne exactement les octets importés (rc %d, %zu/%zu octets)", what,
	      rc, got_len, want_len);
	free(want);
	free(got);
}

static void test_export(void)
{
	char example[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", example, sizeof example - 64);

	round_trip(path_in("registre.xml"), "aller-retour", "registre du test");
	example[n > 0 ? n : 0] = '\0';
	if (strrchr(example, '/') != NULL)
		*strrchr(example, '/') = '\0';  /* build/tests/ or build-san/tests/ */
	strcat(example, "/../../share/exemples/registre.xml");
	if (access(example, R_OK) == 0)
		round_trip(example, "exemple", "share/exemples/registre.xml");
	else
		CHECK(1, "share/exemples/registre.xml # SKIP introuvable depuis le binaire");
}

static void test_verify(void)
{
	const char *store = path_in("registre.sqlite");
	struct sne_store *st = NULL;
	const char *said;
	int rc;

	rc = sne_store_open(store, SNE_STORE_READ, &st);
	if (st == NULL)
		exit(1);
	capture_start();
	rc = sne_store_verify(st);
	said = flat(capture_end());
	CHECK(rc == 0, "vérification d'un registre intègre (rc %d, %s)", rc, said);
	sne_store_close(st);

	db_exec(store, "UPDATE demande SET etat = 'radiee' WHERE numero = '" SIMON "'");
	sne_store_open(store, SNE_STORE_READ, &st);
	if (st == NULL)
		exit(1);
	capture_start();
	rc = sne_store_verify(st);
	said = flat(capture_end());
	CHECK(rc == SNE_EX_DATAERR, "une colonne changée par sqlite3 : la vérification donne 65 "
	      "(rc %d)", rc);
	CHECK(strstr(said, "demande " SIMON " : la colonne etat dit « radiee », la demande "
	             "« active »") != NULL, "le message nomme la demande et la colonne (%s)", said);
	sne_store_close(st);

	db_exec(store, "UPDATE demande SET etat = 'active' WHERE numero = '" SIMON "'");
	sne_store_open(store, SNE_STORE_READ, &st);
	if (st == NULL)
		exit(1);
	capture_start();
	rc = sne_store_verify(st);
	flat(capture_end());
	CHECK(rc == 0, "la colonne remise : intègre de nouveau (rc %d)", rc);
	sne_store_close(st);
}

static void test_find_identite(void)
{
	const char *store = path_in("registre.sqlite");
	struct sne_store *st = NULL;
	char numero[32] = "?", why[SNE_WHY_MAX] = "";
	long long rang = 0;
	int rc;

	sne_store_open(store, SNE_STORE_READ, &st);
	if (st == NULL)
		exit(1);
	rc = sne_store_find_identite(st, sne_identite_key("Girard", "Paul", "1958-03-03", "074"),
	                             numero, sizeof numero, &rang, why, sizeof why);
	CHECK(rc == 1, "identité d'une demande active trouvée (rc %d, %s)", rc, why);
	CHECK_STR(numero, GIRARD, "son numéro");
	CHECK(rang == 1, "son rang (%lld)", rang);
	rc = sne_store_find_identite(st, sne_identite_key("GIRARD", "paul", "1958-03-03", "074"),
	                             numero, sizeof numero, &rang, why, sizeof why);
	CHECK(rc == 1, "la même identité sans égard à la casse");
	rc = sne_store_find_identite(st, sne_identite_key("Leroy", "Hugo", "2000-01-01", "038"),
	                             numero, sizeof numero, &rang, why, sizeof why);
	CHECK(rc == 1 && numero[0] == '\0' && rang == 4,
	      "une demande en attente de validation : trouvée, sans numéro, rang 4 (%d « %s » %lld)",
	      rc, numero, rang);
	rc = sne_store_find_identite(st, sne_identite_key("Girard", "Pierre", "1958-03-03", "074"),
	                             numero, sizeof numero, &rang, why, sizeof why);
	CHECK(rc == 0, "un autre prénom : pas trouvée (rc %d)", rc);
	rc = sne_store_find_identite(st, sne_identite_key("Girard", "Paul", "1958-03-03", "111"),
	                             numero, sizeof numero, &rang, why, sizeof why);
	CHECK(rc == 0, "un autre territoire : pas trouvée (rc %d)", rc);
	rc = sne_store_find_identite(st, sne_identite_key("Radié", "Paul", "1970-07-07", "074"),
	                             numero, sizeof numero, &rang, why, sizeof why);
	CHECK(rc == 0, "une demande radiée : pas trouvée (rc %d)", rc);
	sne_store_close(st);
}

static void test_selections(void)
{
	const char *store = path_in("registre.sqlite");
	struct sne_selection *numeros = sne_selection_new();
	struct sne_store_select sel = { 0 };
	struct sne_store *st = NULL;
	struct counted c;
	char why[SNE_WHY_MAX];
	int n;

	if (numeros == NULL || sne_selection_add(numeros, SIMON, why, sizeof why) != 0 ||
	    sne_selection_add(numeros, GIRARD, why, sizeof why) != 0 ||
	    sne_selection_add(numeros, "0740217000099G0417", why, sizeof why) != 0)
		exit(2);
	sne_store_open(store, SNE_STORE_READ, &st);
	if (st == NULL)
		exit(1);
	n = count_records(sne_store_input(st, NULL), &c);
	CHECK(n == NRECORDS, "sans sélection : toutes les demandes (%d)", n);
	sel.kind = SNE_STORE_ALL;
	n = count_records(sne_store_input(st, &sel), &c);
	CHECK(n == NRECORDS, "SNE_STORE_ALL : toutes les demandes (%d)", n);
	sel.kind = SNE_STORE_NUMEROS;
	sel.numeros = numeros;
	n = count_records(sne_store_input(st, &sel), &c);
	CHECK(n == 2, "SNE_STORE_NUMEROS : les deux numéros présents des trois choisis (%d)", n);
	CHECK(n == 2 && strcmp(c.numeros[0], GIRARD) == 0 && strcmp(c.numeros[1], SIMON) == 0,
	      "dans l'ordre du registre, pas celui de la sélection");
	sel.kind = SNE_STORE_AUCUNE;
	n = count_records(sne_store_input(st, &sel), &c);
	CHECK(n == 0, "SNE_STORE_AUCUNE : aucune demande (%d), le flux reste un registre", n);
	sel.kind = SNE_STORE_AVERTISSEMENTS;
	n = count_records(sne_store_input(st, &sel), &c);
	CHECK(n == 1 && strcmp(c.numeros[0], FONTAINE) == 0,
	      "SNE_STORE_AVERTISSEMENTS : la seule demande à avertissement (%d, %s)", n,
	      c.numeros[0]);
	sel.kind = SNE_STORE_ACTIVES;
	n = count_records(sne_store_input(st, &sel), &c);
	CHECK(n == 3, "SNE_STORE_ACTIVES : les trois demandes actives (%d)", n);
	sel.kind = SNE_STORE_ECHEANCE;
	sel.borne = (struct sne_date){ 2018, 2, 10 };
	n = count_records(sne_store_input(st, &sel), &c);
	CHECK(n == 2 && strcmp(c.numeros[0], GIRARD) == 0 && strcmp(c.numeros[1], FONTAINE) == 0,
	      "SNE_STORE_ECHEANCE : les actives dont l'échéance est au plus la borne (%d)", n);
	sel.kind = SNE_STORE_COURRIEL;
	sel.courriel = " hugo.LEROY@example.org ";
	n = count_records(sne_store_input(st, &sel), &c);
	CHECK(n == 1 && c.numeros[0][0] == '\0',
	      "SNE_STORE_COURRIEL : le courriel comparé sans casse ni blancs (%d)", n);
	sne_store_close(st);
	sne_selection_free(numeros);
}

/* ------------------------------------------------------------------ */
/* writing runs */

enum { W_NUMERO, W_NOM, W_MEL, W_ETAT, W_PROCHAIN_ELT, W_COUNT };
static const char *const write_fields[W_COUNT] = {
	[W_NUMERO] = SNE_F_NUM_UNIQUE,
	[W_NOM] = SNE_F_NOM,
	[W_MEL] = SNE_F_MEL,
	[W_ETAT] = SNE_F_ETAT,
	[W_PROCHAIN_ELT] = "s:suivi/s:renouvellement",
};

struct edit {
	struct sne_output *out;
	const char *numero;            /* the record edited */
	int radiate;                   /* 0: change nom and mel; 1: radiate, renew */
	int records;
};

static int edit_record(struct sne_record *rec, void *ctx)
{
	struct edit *e = ctx;
	const char *numero = sne_record_get(rec, W_NUMERO);

	e->records++;
	if (numero != NULL && strcmp(numero, e->numero) == 0) {
		if (!e->radiate) {
			sne_record_set_text(rec, sne_record_value(rec, W_NOM, 0), "Girardin");
			sne_record_set_text(rec, sne_record_value(rec, W_MEL, 0),
			                    "Paul.Girardin@Example.ORG");
		} else {
			const struct sne_value *renouv = sne_record_value(rec, W_PROCHAIN_ELT, 0);
			static const char radiation[] =
				"<s:renouvellement prochain=\"2019-02-10\"/>"
				"<s:radiation date=\"2018-03-01\" motif=\"RADREN\"/>";

			sne_record_set_text(rec, sne_record_value(rec, W_ETAT, 0), "radiee");
			if (renouv != NULL)
				sne_record_replace(rec, renouv->element, radiation, strlen(radiation));
		}
	}
	return sne_record_emit(rec, e->out);
}

/* One writing run of SPEC over the store at PATH, reading SEL (NULL: every
 * row); *OUT, where SPEC's callback writes, is the run's output.  The
 * status of the run. */
static int inplace_run(const char *path, const struct sne_store_select *sel,
                       const struct sne_stream_spec *spec, struct sne_output **out)
{
	struct sne_inplace *ip = NULL;
	int rc = sne_inplace_begin(path, 0, &ip);

	if (rc != 0)
		return rc;
	sne_inplace_select(ip, sel, 0);
	*out = sne_inplace_output(ip);
	rc = sne_inplace_status(ip, sne_stream_run(sne_inplace_input(ip), spec));
	if (rc != 0) {
		sne_inplace_abort(ip);
		return rc;
	}
	return sne_inplace_commit(ip);
}

/* One writing run over the store at PATH, reading SEL (NULL: every row),
 * editing NUMERO.  The status of the run. */
static int write_run(const char *path, const struct sne_store_select *sel, const char *numero,
                     int radiate, int *records)
{
	struct edit e = { NULL, numero, radiate, 0 };
	struct sne_stream_spec spec = {
		.record_ns = SNE_NS_NUU,
		.record_name = SNE_DEMANDE_NAME,
		.envelope = &sne_envelope_interface,
		.fields = write_fields,
		.nfields = W_COUNT,
		.on_record = edit_record,
		.ctx = &e,
	};
	int rc = inplace_run(path, sel, &spec, &e.out);

	*records = e.records;
	return rc;
}

#define OLD_TIME "2000-01-01T00:00:00Z"

static void test_write(void)
{
	const char *store = path_in("registre.sqlite");
	struct sne_selection *numeros = sne_selection_new();
	struct sne_store_select sel = { .kind = SNE_STORE_NUMEROS, .numeros = numeros };
	long long fontaine_identite = identite_of(store, FONTAINE);
	char why[SNE_WHY_MAX], numero[32];
	struct sne_store *st = NULL;
	long long rang;
	int rc, records = 0;

	/* every row marked written long ago: a row rewritten gets the time now */
	db_exec(store, "UPDATE demande SET modifie = '" OLD_TIME "'");
	/* which indexed columns each UPDATE sets (an UPDATE OF trigger fires
	 * when its column is set, changed or not) */
	db_exec(store, "CREATE TABLE journal (colonne TEXT, numero TEXT);"
	               "CREATE TRIGGER maj_identite AFTER UPDATE OF identite ON demande BEGIN "
	               "INSERT INTO journal VALUES ('identite', new.numero); END;"
	               "CREATE TRIGGER maj_etat AFTER UPDATE OF etat ON demande BEGIN "
	               "INSERT INTO journal VALUES ('etat', new.numero); END;"
	               "CREATE TRIGGER maj_courriel AFTER UPDATE OF courriel ON demande BEGIN "
	               "INSERT INTO journal VALUES ('courriel', new.numero); END;");

	/* 1. every row read and written back, one of them changed */
	rc = write_run(store, NULL, GIRARD, 0, &records);
	CHECK(rc == 0 && records == NRECORDS, "passage d'écriture sur tout le registre (rc %d, %d "
	      "demandes)", rc, records);
	CHECK(db_int(store, "SELECT count(*) FROM demande") == NRECORDS,
	      "toutes les lignes gardées");
	CHECK(strstr(column_of(store, "CAST(octets AS TEXT)", GIRARD),
	             "<ns1:nom>Girardin</ns1:nom>") != NULL, "les octets de la ligne réécrits");
	CHECK_STR(column_of(store, "courriel", GIRARD), "paul.girardin@example.org",
	          "sa colonne courriel suit le nouveau mel");
	CHECK(identite_of(store, GIRARD) ==
	      (long long)sne_identite_key("Girardin", "Paul", "1958-03-03", "074"),
	      "sa colonne identité suit le nouveau nom");
	CHECK(strcmp(column_of(store, "modifie", GIRARD), OLD_TIME) != 0,
	      "sa date de modification avancée (%s)", column_of(store, "modifie", GIRARD));
	CHECK(db_int(store, "SELECT count(*) FROM demande WHERE modifie = '" OLD_TIME "'") ==
	      NRECORDS - 1, "les demandes réécrites telles quelles ne sont pas réécrites (%s "
	      "gardent leur date)",
	      db_text(store, "SELECT count(*) FROM demande WHERE modifie = '" OLD_TIME "'"));
	CHECK_STR(db_text(store, "SELECT group_concat(colonne || ' ' || numero, ', ') FROM "
	                         "(SELECT * FROM journal ORDER BY colonne)"),
	          "courriel " GIRARD ", identite " GIRARD,
	          "seules les colonnes indexées changées sont écrites : identité, courriel "
	          "(pas l'état)");
	CHECK_STR(column_of(store, "etat || ' ' || prochain", GIRARD), "active 2018-02-10",
	          "état et échéance inchangés");
	db_exec(store, "DELETE FROM journal");

	/* 2. one row read by its numéro, radiated and renewed: état and
	 * échéance change, not the identity */
	if (numeros == NULL || sne_selection_add(numeros, FONTAINE, why, sizeof why) != 0)
		exit(2);
	rc = write_run(store, &sel, FONTAINE, 1, &records);
	CHECK(rc == 0 && records == 1, "passage d'écriture sur un numéro choisi (rc %d, %d demande)",
	      rc, records);
	CHECK(db_int(store, "SELECT count(*) FROM demande") == NRECORDS,
	      "les lignes non lues ne sont pas retirées");
	CHECK_STR(column_of(store, "etat || ' ' || prochain", FONTAINE), "radiee 2019-02-10",
	          "l'état et l'échéance de la ligne mis à jour");
	CHECK_STR(column_of(store, "radiation_motif || ' ' || radiation_date", FONTAINE),
	          "RADREN 2018-03-01", "colonnes de la radiation mises à jour");
	CHECK(identite_of(store, FONTAINE) == fontaine_identite, "l'identité gardée");
	CHECK_STR(db_text(store, "SELECT group_concat(colonne || ' ' || numero, ', ') FROM "
	                         "(SELECT * FROM journal ORDER BY colonne)"),
	          "etat " FONTAINE, "l'UPDATE écrit l'état, pas l'identité ni le courriel");
	CHECK(db_int(store, "SELECT count(*) FROM demande WHERE modifie = '" OLD_TIME "'") ==
	      NRECORDS - 2, "les autres lignes gardent leur date de modification");
	db_exec(store, "DROP TRIGGER maj_identite; DROP TRIGGER maj_etat; DROP TRIGGER maj_courriel;"
	               "DROP TABLE journal");

	sne_store_open(store, SNE_STORE_READ, &st);
	if (st == NULL)
		exit(1);
	capture_start();
	rc = sne_store_verify(st);
	flat(capture_end());
	CHECK(rc == 0, "le registre écrit reste intègre (rc %d)", rc);
	rc = sne_store_find_identite(st, (uint64_t)fontaine_identite, numero, sizeof numero, &rang,
	                             why, sizeof why);
	CHECK(rc == 0, "la demande radiée n'est plus trouvée par son identité (rc %d)", rc);
	rc = sne_store_find_identite(st, sne_identite_key("Girardin", "Paul", "1958-03-03", "074"),
	                             numero, sizeof numero, &rang, why, sizeof why);
	CHECK(rc == 1 && strcmp(numero, GIRARD) == 0,
	      "la demande renommée est trouvée par sa nouvelle identité (rc %d)", rc);
	rc = sne_store_find_identite(st, sne_identite_key("Girard", "Paul", "1958-03-03", "074"),
	                             numero, sizeof numero, &rang, why, sizeof why);
	CHECK(rc == 0, "et plus par l'ancienne (rc %d)", rc);
	sne_store_close(st);
	sne_selection_free(numeros);
}

static void test_backup(void)
{
	const char *store = path_in("registre.sqlite");
	char copy[512];
	struct sne_store *st = NULL;
	struct counted c;
	const char *said;
	int n, rc;

	n = count_records(sne_input_open(store), &c);
	CHECK(n == NRECORDS, "sne_input_open d'un registre SQLite : le flux de toutes ses demandes "
	      "(%d)", n);
	snprintf(copy, sizeof copy, "%s", path_in("copie.sqlite"));
	sne_store_open(store, SNE_STORE_READ, &st);
	if (st == NULL)
		exit(1);
	rc = sne_store_backup(st, copy);
	CHECK(rc == 0 && sne_store_is_store(copy), "sauvegarde dans un fichier neuf (rc %d)", rc);
	capture_start();
	rc = sne_store_backup(st, copy);
	said = flat(capture_end());
	CHECK(rc == SNE_EX_CANTCREAT, "sauvegarde sur un fichier existant refusée : 73 (%s)", said);
	sne_store_close(st);
	CHECK(db_int(copy, "SELECT count(*) FROM demande") == NRECORDS &&
	      db_int(copy, "PRAGMA user_version") == SNE_STORE_VERSION,
	      "la copie a toutes les lignes et la version");
	sne_store_open(copy, SNE_STORE_READ, &st);
	if (st == NULL)
		exit(1);
	capture_start();
	rc = sne_store_verify(st);
	flat(capture_end());
	CHECK(rc == 0, "la copie est intègre (rc %d)", rc);
	sne_store_close(st);
}

static void test_sequence(void)
{
	const char *store = path_in("registre.sqlite");
	char why[SNE_WHY_MAX] = "";
	struct sne_store *st = NULL;
	long seq = 0;
	int rc;

	sne_store_open(store, SNE_STORE_WRITE, &st);
	if (st == NULL)
		exit(1);
	rc = sne_store_next_sequence(st, "074", 2, 17, &seq, why, sizeof why);
	CHECK(rc == 0 && seq == 6, "la séquence continue après le plus haut numéro importé (%ld, "
	      "%s)", seq, why);
	rc = sne_store_next_sequence(st, "074", 2, 17, &seq, why, sizeof why);
	CHECK(rc == 0 && seq == 7, "puis la suivante (%ld)", seq);
	rc = sne_store_next_sequence(st, "111", 3, 17, &seq, why, sizeof why);
	CHECK(rc == 0 && seq == 4, "chaque territoire et mois a son compteur (%ld)", seq);
	rc = sne_store_next_sequence(st, "074", 5, 17, &seq, why, sizeof why);
	CHECK(rc == 0 && seq == 1, "un mois sans demande commence à 1 (%ld)", seq);
	sne_store_close(st); /* not committed */

	sne_store_open(store, SNE_STORE_WRITE, &st);
	if (st == NULL)
		exit(1);
	rc = sne_store_next_sequence(st, "074", 2, 17, &seq, why, sizeof why);
	CHECK(rc == 0 && seq == 6, "sans validation, les numéros pris sont rendus (%ld)", seq);
	CHECK(sne_store_commit(st) == 0, "validation");
	sne_store_close(st);
	sne_store_open(store, SNE_STORE_WRITE, &st);
	if (st == NULL)
		exit(1);
	rc = sne_store_next_sequence(st, "074", 2, 17, &seq, why, sizeof why);
	CHECK(rc == 0 && seq == 7, "validés, ils sont gardés (%ld)", seq);
	sne_store_close(st);
}

/* A file with the schema of the store at FROM and user_version VERSION. */
static void make_with_version(const char *from, const char *path, int version)
{
	sqlite3 *src = db_open(from), *db;
	sqlite3_stmt *s;
	char pragma[64];

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
	    SQLITE_OK)
		exit(2);
	if (sqlite3_prepare_v2(src, "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND "
	                       "name NOT LIKE 'sqlite_%' ORDER BY type = 'index'", -1, &s, NULL) !=
	    SQLITE_OK)
		exit(2);
	while (sqlite3_step(s) == SQLITE_ROW)
		if (sqlite3_exec(db, (const char *)sqlite3_column_text(s, 0), NULL, NULL, NULL) !=
		    SQLITE_OK)
			exit(2);
	sqlite3_finalize(s);
	sqlite3_close(src);
	snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", version);
	if (sqlite3_exec(db, "INSERT INTO enveloppe VALUES (1, X'', X'')", NULL, NULL, NULL) !=
	    SQLITE_OK || sqlite3_exec(db, pragma, NULL, NULL, NULL) != SQLITE_OK)
		exit(2);
	sqlite3_close(db);
}

static void test_unfinished_import(void)
{
	struct sne_store *st = NULL;
	const char *said;
	int rc;

	make_with_version(path_in("registre.sqlite"), path_in("inacheve.sqlite"), 0);
	CHECK(sne_store_is_store(path_in("inacheve.sqlite")),
	      "un import inachevé est bien un fichier SQLite");
	capture_start();
	rc = sne_store_open(path_in("inacheve.sqlite"), SNE_STORE_READ, &st);
	said = flat(capture_end());
	CHECK(rc == SNE_EX_DATAERR && st == NULL,
	      "user_version 0 : refusé par sne_store_open, 65 (rc %d)", rc);
	CHECK(strstr(said, "import inachevé") != NULL, "le message dit import inachevé (%s)", said);
	capture_start();
	rc = sne_store_open(path_in("inacheve.sqlite"), SNE_STORE_WRITE, &st);
	flat(capture_end());
	CHECK(rc == SNE_EX_DATAERR && st == NULL, "refusé aussi pour écrire (rc %d)", rc);

	make_with_version(path_in("registre.sqlite"), path_in("version3.sqlite"), 3);
	capture_start();
	rc = sne_store_open(path_in("version3.sqlite"), SNE_STORE_READ, &st);
	said = flat(capture_end());
	CHECK(rc == SNE_EX_DATAERR && st == NULL && strstr(said, "version 3") != NULL,
	      "une autre version du schéma : 65 (%s)", said);
	capture_start();
	rc = sne_store_open(path_in("version3.sqlite"), SNE_STORE_WRITE | SNE_STORE_UPGRADE, &st);
	flat(capture_end());
	CHECK(rc == SNE_EX_DATAERR && st == NULL, "une version inconnue ne se met pas à niveau");
}

/* ------------------------------------------------------------------ */
/* the columns of sne-notice: the préavis steps recorded for the
 * anniversary, the attestation awaited, and the rows a night reads */

#define PREAVIS_DONE "0740317000001G0417"  /* A 2018-03-05, 2 months sent */
#define ATTESTER "0740617000001G0417"      /* renewed 2017-06-05, not attested */
#define RADIEE "0740317000002G0417"

static const char notices[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<ns1:interfaceNuu xmlns:ns1=\"http://nuu.application.i2/\">\n"
	"  <ns1:demande><ns1:demandeLogement><ns1:numGuichet>G0417</ns1:numGuichet>"
	"<ns1:numUnique>" PREAVIS_DONE "</ns1:numUnique>"
	"<ns1:dateCreationDemande>2017-03-05</ns1:dateCreationDemande></ns1:demandeLogement>"
	"<s:suivi xmlns:s=\"urn:sne:suivi:1\"><s:etat>active</s:etat>"
	"<s:renouvellement prochain=\"2018-03-05\"/>"
	"<s:historique><s:evenement date=\"2017-03-05\" type=\"creation\"/></s:historique>"
	"<s:envoi type=\"preavis-1-mois\" date=\"2017-02-05\" anniversaire=\"2017-03-05\"/>"
	"<s:envoi date=\"2018-01-05\" type=\"preavis-2-mois\" anniversaire=\"2018-03-05\"/>"
	"</s:suivi></ns1:demande>\n"
	"  <ns1:demande><ns1:demandeLogement><ns1:numGuichet>G0417</ns1:numGuichet>"
	"<ns1:numUnique>" ATTESTER "</ns1:numUnique>"
	"<ns1:dateCreationDemande>2016-06-05</ns1:dateCreationDemande></ns1:demandeLogement>"
	"<s:suivi xmlns:s=\"urn:sne:suivi:1\"><s:etat>active</s:etat>"
	"<s:renouvellement prochain=\"2018-06-05\" dernier=\"2017-06-05\"/>"
	"<s:historique><s:evenement date=\"2016-06-05\" type=\"creation\"/>"
	"<s:evenement date=\"2017-06-05\" type=\"renouvellement\" canal=\"guichet\"/>"
	"</s:historique></s:suivi></ns1:demande>\n"
	"  <ns1:demande><ns1:demandeLogement><ns1:numGuichet>G0417</ns1:numGuichet>"
	"<ns1:numUnique>" RADIEE "</ns1:numUnique>"
	"<ns1:dateCreationDemande>2017-03-05</ns1:dateCreationDemande></ns1:demandeLogement>"
	"<s:suivi xmlns:s=\"urn:sne:suivi:1\"><s:etat>radiee</s:etat>"
	"<s:renouvellement prochain=\"2018-03-05\"/>"
	"<s:historique><s:evenement date=\"2017-06-05\" type=\"renouvellement\"/></s:historique>"
	"</s:suivi></ns1:demande>\n"
	"</ns1:interfaceNuu>\n";

static struct sne_date d(int y, int m, int day)
{
	return (struct sne_date){ y, m, day };
}

/* sne_store_verify() of the store at PATH, its report silenced. */
static int verify_quiet(const char *path)
{
	struct sne_store *st = NULL;
	int rc;

	capture_start();
	rc = sne_store_open(path, SNE_STORE_READ, &st);
	if (rc == 0)
		rc = sne_store_verify(st);
	sne_store_close(st);
	capture_end();
	return rc;
}

static const struct sne_preavis_rule notice_schedule[] = {
	{ 2, SNE_CANAL_SMS | SNE_CANAL_COURRIEL },
	{ 1, SNE_CANAL_COURRIER | SNE_CANAL_SMS },
};

/* The numéros SNE_STORE_NOTICES reads on DAY, "a b", in the register's
 * order. */
static const char *notices_on(struct sne_store *st, struct sne_date day)
{
	static char text[128];
	struct sne_store_select sel = { .kind = SNE_STORE_NOTICES, .borne = day,
	                                .preavis = notice_schedule, .npreavis = 2 };
	struct counted c;
	int n = count_records(sne_store_input(st, &sel), &c);

	text[0] = '\0';
	for (int i = 0; i < n && i < 8; i++)
		snprintf(text + strlen(text), sizeof text - strlen(text), "%s%s", i ? " " : "",
		         c.numeros[i]);
	return n < 0 ? "(erreur)" : text;
}

static void import_text(const char *xml_text, const char *xml, const char *store)
{
	struct sne_store *st = NULL;
	struct sne_input *in;

	write_file(xml, xml_text, strlen(xml_text));
	if (sne_store_create(store, &st) != 0 || (in = sne_input_open(xml)) == NULL ||
	    sne_store_import(st, in, NULL) != 0)
		exit(2);
	sne_input_close(in);
	sne_store_close(st);
}

static void test_notice_columns(void)
{
	char *store = strdup(path_in("notices.sqlite"));
	struct sne_store *st = NULL;

	import_text(notices, path_in("notices.xml"), store);
	CHECK_STR(column_of(store, "preavis", PREAVIS_DONE), "2",
	          "préavis : 2 mois inscrit pour cet anniversaire, bit 1 (1 mois de l'an passé : non)");
	CHECK_STR(column_of(store, "attestation", PREAVIS_DONE), "(null)",
	          "création avant le 1er avril 2017 : aucune attestation attendue");
	CHECK_STR(column_of(store, "preavis", ATTESTER), "0", "aucun préavis inscrit : 0");
	CHECK_STR(column_of(store, "attestation", ATTESTER), "2017-06-05",
	          "renouvellement du 5 juin 2017 sans attestation : attendue");
	CHECK_STR(column_of(store, "coalesce(preavis, attestation)", RADIEE), "(null)",
	          "demande radiée : ni l'une ni l'autre");
	if (sne_store_open(store, SNE_STORE_READ, &st) != 0)
		exit(1);
	CHECK_STR(notices_on(st, d(2018, 1, 4)), "",
	          "la veille du pas d'un mois, 2 mois inscrits, attestation passée : rien à lire");
	CHECK_STR(notices_on(st, d(2018, 2, 5)), PREAVIS_DONE,
	          "le jour du pas d'un mois : la demande de l'anniversaire du 5 mars");
	CHECK_STR(notices_on(st, d(2017, 7, 5)), ATTESTER,
	          "un mois après le renouvellement : la demande dont l'attestation est attendue");
	CHECK_STR(notices_on(st, d(2018, 4, 5)), PREAVIS_DONE " " ATTESTER,
	          "le jour de son pas de 2 mois pour l'une ; l'autre, au jour de sa radiation, lue "
	          "encore (une semaine de marge : sne-notice décide)");
	sne_store_close(st);
	CHECK(verify_quiet(store) == 0, "--verifier : les colonnes disent les octets");
	db_exec(store, "UPDATE demande SET preavis = 3 WHERE numero = '" PREAVIS_DONE "'");
	CHECK(verify_quiet(store) == SNE_EX_DATAERR, "une colonne preavis fausse : --verifier, 65");
	db_exec(store, "UPDATE demande SET preavis = 2 WHERE numero = '" PREAVIS_DONE "'");
	free(store);
}

/* A store of version 1: the table without the two columns, their
 * indexes gone, user_version 1. */
/* The edits of sne-renew and sne-notice: the suivi loaded, changed and
 * stored, the rest of the record left as it was (or not, RENAME). */
enum { SV_NUMERO, SV_SUIVI, SV_NOM, SV_COUNT };
static const char *const suivi_fields[SV_COUNT] = {
	[SV_NUMERO] = SNE_F_NUM_UNIQUE,
	[SV_SUIVI] = SNE_SUIVI_FIELD,
	[SV_NOM] = SNE_F_NOM,
};

struct suivi_edit {
	struct sne_output *out;
	const char *numero;            /* the record edited */
	int rename;                    /* and its nom changed too */
};

static int edit_suivi(struct sne_record *rec, void *ctx)
{
	struct suivi_edit *e = ctx;
	const char *numero = sne_record_get(rec, SV_NUMERO);
	struct sne_suivi *suivi;

	if (numero != NULL && strcmp(numero, e->numero) == 0) {
		if ((suivi = sne_suivi_load(rec, SV_SUIVI)) == NULL)
			exit(2);
		/* without its renouvellement, the anniversary comes from the dépôt */
		sne_suivi_remove(suivi, "renouvellement");
		sne_suivi_store(suivi, rec);
		sne_suivi_free(suivi);
		if (e->rename)
			sne_record_set_text(rec, sne_record_value(rec, SV_NOM, 0), "Simonet");
	}
	return sne_record_emit(rec, e->out);
}

static int suivi_run(const char *path, const char *numero, int rename)
{
	struct suivi_edit e = { NULL, numero, rename };
	struct sne_stream_spec spec = {
		.record_ns = SNE_NS_NUU,
		.record_name = SNE_DEMANDE_NAME,
		.envelope = &sne_envelope_interface,
		.fields = suivi_fields,
		.nfields = SV_COUNT,
		.on_record = edit_suivi,
		.ctx = &e,
	};

	return inplace_run(path, NULL, &spec, &e.out);
}

#define MARQUE "marque@example.org"

/* A record changed in its suivi only has only its suivi parsed again: its
 * other columns stay those of its row (a planted courriel shows it); a
 * record changed elsewhere too has every column computed again. */
static void test_write_suivi(void)
{
	char *store = strdup(path_in("suivi.sqlite"));
	long long identite;
	int rc;

	import_text(registre, path_in("suivi.xml"), store);
	identite = identite_of(store, SIMON);
	db_exec(store, "UPDATE demande SET courriel = '" MARQUE "' WHERE numero = '" SIMON "'");
	rc = suivi_run(store, SIMON, 0);
	CHECK(rc == 0, "passage qui change le suivi d'une demande (rc %d)", rc);
	CHECK(strstr(column_of(store, "CAST(octets AS TEXT)", SIMON), "renouvellement") == NULL,
	      "le suivi réécrit dans les octets");
	CHECK_STR(column_of(store, "prochain", SIMON), "2018-03-12",
	          "l'échéance du suivi changé vient de la date de dépôt de la ligne");
	CHECK_STR(column_of(store, "etat || ' ' || preavis", SIMON), "active 0",
	          "état et préavis du suivi parsé");
	CHECK_STR(column_of(store, "courriel", SIMON), MARQUE,
	          "les colonnes hors du suivi ne sont pas recalculées : celles de la ligne");
	CHECK(identite_of(store, SIMON) == identite, "l'identité de la ligne gardée");
	CHECK_STR(column_of(store, "territoire || ' ' || guichet || ' ' || depot", SIMON),
	          "111 GDPUB 2017-03-12", "territoire, guichet, dépôt de la ligne gardés");
	db_exec(store, "UPDATE demande SET courriel = 'emma.simon@example.org' WHERE numero = '" SIMON
	               "'");
	CHECK(verify_quiet(store) == 0, "le registre reste intègre (colonnes et octets d'accord)");

	db_exec(store, "UPDATE demande SET courriel = '" MARQUE "' WHERE numero = '" SIMON "'");
	rc = suivi_run(store, SIMON, 1);
	CHECK(rc == 0, "passage qui change aussi le nom (rc %d)", rc);
	CHECK_STR(column_of(store, "courriel", SIMON), "emma.simon@example.org",
	          "une demande changée hors du suivi a toutes ses colonnes recalculées");
	CHECK(identite_of(store, SIMON) ==
	      (long long)sne_identite_key("Simonet", "Emma", "1998-06-06", "111"),
	      "son identité suit le nouveau nom");
	CHECK(verify_quiet(store) == 0, "le registre reste intègre");
	free(store);
}

static void downgrade_to_1(const char *store)
{
	if (db_exec(store, "ALTER TABLE demande RENAME TO v2; "
	            "CREATE TABLE demande (rang INTEGER PRIMARY KEY, numero TEXT UNIQUE, "
	            "avant BLOB NOT NULL, octets BLOB NOT NULL, territoire TEXT, guichet TEXT, "
	            "etat TEXT, depot TEXT, prochain TEXT, radiation_motif TEXT, "
	            "radiation_date TEXT, identite INTEGER, courriel TEXT, modifie TEXT NOT NULL, "
	            "avertissement TEXT); "
	            "INSERT INTO demande SELECT rang, numero, avant, octets, territoire, guichet, "
	            "etat, depot, prochain, radiation_motif, radiation_date, identite, courriel, "
	            "modifie, avertissement FROM v2; DROP TABLE v2; "
	            "CREATE INDEX demande_echeance ON demande (etat, prochain); "
	            "PRAGMA user_version = 1") != 0)
		exit(2);
}

static void test_upgrade(void)
{
	char *store = strdup(path_in("ancien.sqlite"));
	struct sne_store *st = NULL;
	const char *said;
	int rc;

	import_text(notices, path_in("notices.xml"), store);
	downgrade_to_1(store);
	capture_start();
	rc = sne_store_open(store, SNE_STORE_WRITE, &st);
	said = flat(capture_end());
	CHECK(rc == SNE_EX_DATAERR && st == NULL &&
	      strstr(said, "version 1, avant les colonnes de sne-notice : mettez-le à niveau avec "
	             "« sne-registre --mettre-a-niveau ") != NULL,
	      "version 1 : refusée, 65, en nommant la mise à niveau (%s)", said);
	capture_start();
	rc = sne_store_open(store, SNE_STORE_READ | SNE_STORE_UPGRADE, &st);
	flat(capture_end());
	CHECK(rc == SNE_EX_DATAERR && st == NULL, "la mise à niveau demande l'écriture");
	rc = sne_store_open(store, SNE_STORE_WRITE | SNE_STORE_UPGRADE, &st);
	CHECK(rc == 0 && st != NULL, "SNE_STORE_UPGRADE : ouvert (%d)", rc);
	if (st != NULL) {
		rc = sne_store_commit(st);
		CHECK(rc == 0, "validé");
		sne_store_close(st);
	}
	CHECK(db_int(store, "PRAGMA user_version") == SNE_STORE_VERSION, "à la version %d",
	      SNE_STORE_VERSION);
	CHECK_STR(column_of(store, "preavis", PREAVIS_DONE), "2", "préavis calculé des octets");
	CHECK_STR(column_of(store, "attestation", ATTESTER), "2017-06-05",
	          "attestation calculée des octets");
	CHECK(db_int(store, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name IN "
	             "('demande_echeance', 'demande_attestation', 'demande_courriel', "
	             "'demande_identite', 'demande_avertissement')") == 5,
	      "les index du schéma, refaits ou ajoutés");
	CHECK(strstr(db_text(store, "SELECT sql FROM sqlite_master WHERE name = 'demande_echeance'"),
	             "preavis") != NULL, "l'index des échéances couvre les préavis");
	CHECK(verify_quiet(store) == 0, "--verifier passe");
	free(store);
}

/* ------------------------------------------------------------------ */
/* lookups (lib/store_lookup.c), as sne-show makes them */

struct looked {
	int asked, hits;
	char keys[4][32];
	int girard_bytes, root;
	size_t string;
};

static int wants_all(const char *key, void *ctx)
{
	struct looked *l = ctx;

	l->asked++;
	return strcmp(key, GIRARD) == 0;
}

static int on_hit(const struct sne_lookup_hit *hit, void *ctx)
{
	struct looked *l = ctx;

	if (l->hits < 4)
		snprintf(l->keys[l->hits], sizeof l->keys[0], "%s", hit->key);
	l->hits++;
	l->girard_bytes |= hit->len > 0 && memmem(hit->bytes, hit->len, "<ns1:nom>Girard</ns1:nom>",
	                                          25) != NULL;
	l->root = hit->root_len > 17 && strncmp(hit->root_tag, "<ns1:interfaceNuu", 17) == 0;
	l->string = hit->string;
	return 0;
}

static void test_lookup(void)
{
	const char *store = path_in("registre.sqlite");
	const char *const wanted[] = { GIRARD, "0740217000099G0417" };
	const char *const strings[] = { "pas là", "chloe.fontaine@example.org" };
	struct looked l = { 0 };
	struct sne_lookup_spec spec = { .record_name = "demande", .key_name = "numUnique",
	                                .wants = wants_all, .on_hit = on_hit, .ctx = &l,
	                                .keys = wanted, .nkeys = 2 };
	int rc = sne_store_lookup(store, &spec, NULL, 0);

	CHECK(rc == 0 && l.hits == 1 && strcmp(l.keys[0], GIRARD) == 0 && l.girard_bytes && l.root,
	      "par la clé : la demande du numéro présent, ses octets et la racine (%d, %d)", rc,
	      l.hits);
	memset(&l, 0, sizeof l);
	spec.keys = NULL;
	spec.nkeys = 0;
	rc = sne_store_lookup(store, &spec, NULL, 0);
	CHECK(rc == 0 && l.asked == 4 && l.hits == 1,
	      "sans clés : chaque numéro du registre demandé (%d sur 4), une demande voulue", l.asked);
	memset(&l, 0, sizeof l);
	rc = sne_store_lookup(store, &spec, strings, 2);
	CHECK(rc == 0 && l.hits == 1 && l.string == 1,
	      "par chaîne : la seule demande qui contient le courriel, la chaîne n°1 (%d)", l.hits);
}

int main(void)
{
	char command[600];

	sne_err_init("test_store");
	sne_err_set_quiet(1);
	sne_xml_silence();
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 2;
	}
	test_import();
	test_export();
	test_verify();
	test_find_identite();
	test_selections();
	test_lookup();
	test_write();
	test_write_suivi();
	test_backup();
	test_sequence();
	test_unfinished_import();
	test_notice_columns();
	test_upgrade();
	snprintf(command, sizeof command, "rm -rf '%s'", dir);
	if (system(command) != 0)
		printf("# could not remove %s\n", dir);
	sqlite3_shutdown();
	return check_done();
}
