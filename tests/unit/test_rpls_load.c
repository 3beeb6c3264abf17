/* Unit tests of the load of RPLS batches (lib/rpls_batch.c, lib/rpls_load.c):
 * the sorted merge at its edges (a new logement before the first, after
 * the last, a known one replaced or left alone, a number twice in the
 * batch, an empty batch), a CSV row refused with its reason, the
 * reference's untouched records copied byte for byte, the cut-off date,
 * and a reference that is not sorted. */
#include "buf.h"
#include "capture.h"
#include "check.h"
#include "sne/err.h"
#include "sne/rpls_batch.h"
#include "sne/rpls_load.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char dir[] = "/tmp/sne-test-rpls-load-XXXXXX";

static const char header[] =
	"RPLS;DATIMMAT;DEPCOM;NUMVOIE;TYPVOIE;NOMVOIE;CODEPOSTAL;NBPIECE;SURFHAB;FINAN;CONSTRUCT\n";

static char *path_of(const char *name)
{
	static char path[4][512];
	static int turn;

	turn = (turn + 1) % 4;
	snprintf(path[turn], sizeof path[turn], "%s/%s", dir, name);
	return path[turn];
}

/* A CSV row of logement RPLS with SURFACE. */
static const char *row(const char *rpls, const char *surface)
{
	static char text[8][256];
	static int turn;

	turn = (turn + 1) % 8;
	snprintf(text[turn], sizeof text[turn],
	         "%s;2017-01-10;74010;5;RUE;Royale;74000;2;%s;PLUS;2000\n", rpls, surface);
	return text[turn];
}

/* The logement RPLS with SURFACE as a reference holds it, of lot "ancien". */
static void add_logement(struct buf *reference, const char *rpls, const char *surface)
{
	struct sne_rpls_logement l = {
		.rpls = rpls, .commune = "74010", .numero = "5", .type_voie = "RUE",
		.voie = "Royale", .code_postal = "74000", .pieces = "2", .surface = surface,
		.financement = "PLUS", .construction = "2000", .mise_en_service = "2017-01-10",
		.lot_id = "ancien", .lot_date = "2016-01-01",
	};
	size_t len;
	char *text = sne_rpls_render(&l, "r", &len);

	buf_str(reference, "\n  ");
	buf_add(reference, text, len);
	free(text);
}

/* A reference of the COUNT logements RPLS (surface 40 each), in order. */
static void make_reference(struct buf *reference, const char *const *rpls, int count)
{
	buf_str(reference, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	                   "<r:logements xmlns:r=\"urn:sne:rpls:1\">");
	for (int i = 0; i < count; i++)
		add_logement(reference, rpls[i], "40");
	buf_str(reference, "\n</r:logements>\n");
}

/* One load: the batch CSV (its rows after the header) merged into the
 * reference REFERENCE (NULL: none). */
struct run {
	struct sne_rpls_batch batch;
	struct sne_rpls_merge merge;
	int read_rc, merge_rc;
	struct buf out;        /* the new reference */
	char err[4096];        /* what was said */
	char rejets[4096];     /* the --rejets file */
};

/* With CUTOFF ("AAAA-MM-JJ", NULL: none) as --jusqu-au. */
static void run_load_until(struct run *r, const char *reference, const char *rows,
                           const char *cutoff)
{
	struct sne_rpls_batch_options options = { .lot_id = "lot-t", .has_cutoff = cutoff != NULL };
	struct buf batch = { 0 }, rejets = { 0 };
	struct sne_input *in = NULL;
	struct sne_output *out;

	memset(r, 0, sizeof *r);
	buf_str(&batch, header);
	buf_str(&batch, rows);
	if (buf_save(path_of("lot.csv"), batch.data) != 0 ||
	    (reference != NULL && buf_save(path_of("ref.xml"), reference) != 0))
		exit(2);
	free(batch.data);
	sne_date_parse_iso("2017-04-01", &options.lot_date, NULL, 0);
	if (cutoff != NULL)
		sne_date_parse_iso(cutoff, &options.cutoff, NULL, 0);
	sne_rpls_batch_init(&r->batch, &options);
	capture_start();
	if (sne_rpls_batch_open_rejets(&r->batch, path_of("rejets.csv"), 0) != 0)
		exit(2);
	r->read_rc = sne_rpls_batch_read_file(&r->batch, path_of("lot.csv"));
	r->read_rc = sne_exit_worst(r->read_rc, sne_rpls_batch_close_rejets(&r->batch));
	sne_rpls_batch_sort(&r->batch);
	sne_rpls_merge_init(&r->merge, &r->batch, 0);
	if (reference != NULL)
		in = sne_input_open(path_of("ref.xml"));
	out = sne_output_create(path_of("out.xml"));
	if (out == NULL || (reference != NULL && in == NULL))
		exit(2);
	r->merge_rc = sne_rpls_merge_stream(&r->merge, in, path_of("ref.xml"), out);
	if (in != NULL)
		sne_input_close(in);
	if (sne_output_close(out) != 0)
		exit(2);
	snprintf(r->err, sizeof r->err, "%s", capture_end());
	if (buf_load(&r->out, path_of("out.xml")) != 0 || buf_load(&rejets, path_of("rejets.csv")) != 0)
		exit(2);
	snprintf(r->rejets, sizeof r->rejets, "%s", rejets.data);
	free(rejets.data);
}

static void run_load(struct run *r, const char *reference, const char *rows)
{
	run_load_until(r, reference, rows, NULL);
}

static void run_free(struct run *r)
{
	sne_rpls_merge_free(&r->merge);
	sne_rpls_batch_free(&r->batch);
	free(r->out.data);
}

/* The RPLS numbers of TEXT's logements, in order, separated by spaces. */
static const char *numbers_in(const char *text)
{
	static char numbers[512];
	const char *p = text;
	size_t n = 0;

	numbers[0] = '\0';
	while ((p = strstr(p, "rpls=\"")) != NULL && n + SNE_RPLS_SIZE < sizeof numbers) {
		p += 6;
		n += (size_t)snprintf(numbers + n, sizeof numbers - n, "%s%.10s", n ? " " : "", p);
	}
	return numbers;
}

/* How many times NEEDLE stands in TEXT. */
static int occurrences(const char *text, const char *needle)
{
	int count = 0;

	for (const char *p = text; (p = strstr(p, needle)) != NULL; p++)
		count++;
	return count;
}

static void test_insert_before_first(void)
{
	const char *const numbers[] = { "74A0000002", "74A0000003" };
	struct buf reference = { 0 };
	struct run r;

	make_reference(&reference, numbers, 2);
	run_load(&r, reference.data, row("74A0000001", "40"));
	CHECK(r.read_rc == 0 && r.merge_rc == 0, "avant le premier : chargé (%d, %d)", r.read_rc,
	      r.merge_rc);
	CHECK_STR(numbers_in(r.out.data), "74A0000001 74A0000002 74A0000003",
	          "un numéro plus petit que tous ceux du référentiel va en premier");
	CHECK(strstr(r.out.data, "\">\n  <r:logement rpls=\"74A0000001\"") != NULL,
	      "après la balise ouvrante de la racine, avec l'indentation et le préfixe du référentiel");
	CHECK(r.merge.counts.fresh == 1 && r.merge.counts.known == 0 && r.merge.counts.updated == 0,
	      "compté nouveau (%ld nouveaux, %ld connus, %ld mis à jour)", r.merge.counts.fresh,
	      r.merge.counts.known, r.merge.counts.updated);
	CHECK(r.batch.nentries == 1 && r.batch.entries[0].placed && !r.batch.entries[0].seen,
	      "son entrée est placée, pas vue");
	run_free(&r);
	free(reference.data);
}

static void test_insert_after_last(void)
{
	const char *const numbers[] = { "74A0000001", "74A0000002" };
	struct buf reference = { 0 };
	struct run r;
	const char *tail;

	make_reference(&reference, numbers, 2);
	run_load(&r, reference.data, row("74A0000009", "40"));
	CHECK_STR(numbers_in(r.out.data), "74A0000001 74A0000002 74A0000009",
	          "un numéro plus grand que tous ceux du référentiel va en dernier");
	tail = strstr(r.out.data, "rpls=\"74A0000009\"");
	tail = tail ? strstr(tail, "</r:logement>") : NULL;
	CHECK_STR(tail, "</r:logement>\n</r:logements>\n",
	          "juste avant la balise fermante de la racine, qui garde sa ligne");
	CHECK(r.merge.counts.fresh == 1, "compté nouveau (%ld)", r.merge.counts.fresh);
	run_free(&r);
	free(reference.data);
}

static void test_insert_between(void)
{
	const char *const numbers[] = { "74A0000001", "74A0000005" };
	struct buf reference = { 0 }, rows = { 0 };
	struct run r;

	make_reference(&reference, numbers, 2);
	buf_str(&rows, row("74A0000007", "40"));
	buf_str(&rows, row("74A0000003", "40"));
	run_load(&r, reference.data, rows.data);
	CHECK_STR(numbers_in(r.out.data), "74A0000001 74A0000003 74A0000005 74A0000007",
	          "un lot dans le désordre : chacun fusionné à sa place");
	run_free(&r);
	free(reference.data);
	free(rows.data);
}

static void test_replace(void)
{
	const char *const numbers[] = { "74A0000001", "74A0000002", "74A0000003" };
	struct buf reference = { 0 };
	struct run r;

	make_reference(&reference, numbers, 3);
	run_load(&r, reference.data, row("74A0000002", "99"));
	CHECK(r.merge_rc == 0, "remplacé : chargé (%d)", r.merge_rc);
	CHECK_STR(numbers_in(r.out.data), "74A0000001 74A0000002 74A0000003",
	          "un logement connu remplacé à sa place, pas ajouté");
	CHECK(occurrences(r.out.data, "<r:surface>99</r:surface>") == 1 &&
	      occurrences(r.out.data, "<r:surface>40</r:surface>") == 2,
	      "avec le contenu du lot");
	CHECK(occurrences(r.out.data, "<r:lot id=\"lot-t\" date=\"2017-04-01\"/>") == 1,
	      "et l'élément lot du lot chargé");
	CHECK(r.merge.counts.updated == 1 && r.merge.counts.fresh == 0 && r.merge.counts.known == 0,
	      "compté mis à jour (%ld mis à jour, %ld nouveaux, %ld connus)", r.merge.counts.updated,
	      r.merge.counts.fresh, r.merge.counts.known);
	CHECK(strstr(r.err, "ref.xml:4: logement RPLS 74A0000002 mis à jour") != NULL,
	      "dit avec la ligne du référentiel");
	run_free(&r);

	run_load(&r, reference.data, row("74A0000002", "40"));
	CHECK_STR(r.out.data, reference.data,
	          "le même contenu : le référentiel inchangé, son lot gardé");
	CHECK(r.merge.counts.known == 1 && r.merge.counts.updated == 0 && r.merge.counts.fresh == 0,
	      "compté connu (%ld)", r.merge.counts.known);
	run_free(&r);
	free(reference.data);
}

static void test_twice_same_content(void)
{
	const char *const numbers[] = { "74A0000001" };
	struct buf reference = { 0 }, rows = { 0 };
	struct run r;
	char want[1024];

	make_reference(&reference, numbers, 1);
	buf_str(&rows, row("74A0000002", "40"));
	buf_str(&rows, row("74A0000002", "40"));
	run_load(&r, reference.data, rows.data);
	CHECK(r.batch.nentries == 1 && r.batch.counts.doubles == 1 && r.batch.counts.rejected == 0,
	      "un numéro deux fois avec le même contenu est gardé une fois (%zu entrées, %ld doubles)",
	      r.batch.nentries, r.batch.counts.doubles);
	snprintf(want, sizeof want, "test_rpls_load: %s:3: numéro RPLS 74A0000002 déjà lu (%s:2), "
	         "même contenu : gardé une fois", path_of("lot.csv"), path_of("lot.csv"));
	CHECK_STR(r.err, want, "dit, en nommant la première ligne");
	CHECK_STR(numbers_in(r.out.data), "74A0000001 74A0000002", "écrit une fois");
	CHECK(r.merge.counts.fresh == 1, "un logement nouveau (%ld)", r.merge.counts.fresh);
	run_free(&r);
	free(reference.data);
	free(rows.data);
}

static void test_twice_other_content(void)
{
	const char *const numbers[] = { "74A0000001", "74A0000002" };
	struct buf reference = { 0 }, rows = { 0 };
	struct run r;
	char want[1024];

	make_reference(&reference, numbers, 2);
	buf_str(&rows, row("74A0000002", "41"));
	buf_str(&rows, row("74A0000002", "42"));
	buf_str(&rows, row("74A0000002", "41"));
	run_load(&r, reference.data, rows.data);
	CHECK(r.batch.nentries == 1 && r.batch.entries[0].refused,
	      "deux contenus : l'entrée de la première ligne est refusée");
	CHECK(r.batch.counts.rejected == 3 && r.read_rc == 0,
	      "les deux lignes rejetées, et une troisième de ce numéro (%ld)", r.batch.counts.rejected);
	CHECK_STR(r.out.data, reference.data, "le logement du référentiel reste tel qu'il était");
	CHECK(r.merge.counts.updated == 0 && r.merge.counts.known == 0 && r.merge.counts.fresh == 0,
	      "rien de compté dans la fusion");
	snprintf(want, sizeof want,
	         "test_rpls_load: %1$s:2: ligne rejetée : numéro RPLS 74A0000002 en double dans le "
	         "lot (%1$s:3) avec un autre contenu : les deux lignes sont rejetées ; corrigez le "
	         "lot\n"
	         "test_rpls_load: %1$s:3: ligne rejetée : numéro RPLS 74A0000002 en double dans le "
	         "lot (%1$s:2) avec un autre contenu : les deux lignes sont rejetées ; corrigez le "
	         "lot\n"
	         "test_rpls_load: %1$s:4: ligne rejetée : numéro RPLS 74A0000002 déjà rejeté en "
	         "double (%1$s:2) : cette ligne l'est aussi ; corrigez le lot", path_of("lot.csv"));
	CHECK_STR(r.err, want, "chaque ligne refusée nomme l'autre ; une troisième nomme la première");
	CHECK(occurrences(r.rejets, "74A0000002;") == 3 &&
	      strstr(r.rejets, ";42;PLUS;2000;\"numéro RPLS 74A0000002 en double dans le lot (") != NULL,
	      "les trois lignes dans --rejets, avec leurs motifs");
	run_free(&r);
	free(reference.data);
	free(rows.data);
}

static void test_empty_batch(void)
{
	const char *const numbers[] = { "74A0000001", "74A0000002" };
	struct buf reference = { 0 };
	struct run r;

	make_reference(&reference, numbers, 2);
	run_load(&r, reference.data, "");
	CHECK(r.read_rc == 0 && r.merge_rc == 0 && r.batch.nentries == 0, "lot vide : chargé");
	CHECK_STR(r.out.data, reference.data, "lot vide : le référentiel octet pour octet");
	CHECK(r.batch.counts.read == 0 && r.merge.counts.fresh == 0 && r.merge.counts.known == 0,
	      "rien de compté");
	run_free(&r);

	run_load(&r, NULL, "");
	CHECK_STR(r.out.data, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	                      "<r:logements xmlns:r=\"urn:sne:rpls:1\">\n</r:logements>\n",
	          "lot vide, sans référentiel : un référentiel vide");
	run_free(&r);
	free(reference.data);
}

static void test_refused_row(void)
{
	struct run r;
	char want[1024];

	run_load(&r, NULL, "74A0000001;2017-01-10;74010;5;RUE;Royale;74000;2;quarante;PLUS;2000\n"
	                   "74A0000002;2017-01-10;74010\n");
	CHECK(r.batch.counts.read == 2 && r.batch.counts.rejected == 2 && r.batch.nentries == 0,
	      "deux lignes lues, toutes deux refusées (%ld lues, %ld rejetées)", r.batch.counts.read,
	      r.batch.counts.rejected);
	CHECK(r.read_rc == 0, "une ligne refusée n'est pas une erreur du lot (%d)", r.read_rc);
	snprintf(want, sizeof want, "test_rpls_load: %s:2: ligne rejetée : surface « quarante » "
	         "invalide (un nombre de m² positif, par exemple 65,5)\n"
	         "test_rpls_load: %s:3: ligne rejetée : ligne incomplète : 3 colonnes au lieu "
	         "d'au moins 11", path_of("lot.csv"), path_of("lot.csv"));
	CHECK_STR(r.err, want, "chacune dite avec sa ligne et son motif");
	CHECK_STR(r.rejets,
	          "RPLS;DATIMMAT;DEPCOM;NUMVOIE;TYPVOIE;NOMVOIE;CODEPOSTAL;NBPIECE;SURFHAB;FINAN;"
	          "CONSTRUCT;MOTIF_REJET\n"
	          "74A0000001;2017-01-10;74010;5;RUE;Royale;74000;2;quarante;PLUS;2000;"
	          "surface « quarante » invalide (un nombre de m² positif, par exemple 65,5)\n"
	          "74A0000002;2017-01-10;74010;ligne incomplète : 3 colonnes au lieu d'au moins 11\n",
	          "--rejets : l'en-tête avec MOTIF_REJET, chaque ligne avec son motif");
	CHECK(occurrences(r.out.data, "<r:logement ") == 0, "aucun logement écrit");
	run_free(&r);
}

/* A reference written by hand: other quotes, blanks, comments, a record
 * over several lines.  Only the batch's logement changes. */
static void test_untouched_bytes(void)
{
	static const char first[] =
		"<r:logement  rpls='74A0000001' ><r:commune>74010</r:commune><r:pieces>2</r:pieces>"
		"<r:surface>40</r:surface><r:miseEnService>2017-01-10</r:miseEnService>"
		"<r:lot id='x' date='2016-01-01'/></r:logement>";
	static const char second[] =
		"<r:logement rpls=\"74A0000002\"><r:commune>74010</r:commune><r:pieces>2</r:pieces>"
		"<r:surface>40</r:surface><r:miseEnService>2017-01-10</r:miseEnService>"
		"</r:logement>";
	static const char third[] =
		"<r:logement rpls=\"74A0000003\">\n"
		"\t  <r:commune>74010</r:commune>\n\t  <r:pieces>2</r:pieces>\n"
		"\t  <r:surface>40.0</r:surface>\n"
		"\t  <r:miseEnService>2017-01-10</r:miseEnService>\n"
		"\t</r:logement>";
	static const char head[] =
		"<?xml version='1.0'?>\n<!-- à la main -->\n"
		"<r:logements xmlns:r=\"urn:sne:rpls:1\" xmlns:x=\"urn:x\">\n\t";
	struct buf reference = { 0 }, rows = { 0 }, want = { 0 };
	struct run r;
	size_t len;
	char *rendered[2];

	buf_str(&reference, head);
	buf_str(&reference, first);
	buf_str(&reference, "<!-- vu -->\n\t");
	buf_str(&reference, second);
	buf_str(&reference, "\n\t");
	buf_str(&reference, third);
	buf_str(&reference, "\n</r:logements>\n");
	buf_str(&rows, row("74A0000002", "55"));
	buf_str(&rows, row("74A0000000", "40"));
	run_load(&r, reference.data, rows.data);
	CHECK(r.merge_rc == 0 && r.merge.counts.updated == 1 && r.merge.counts.fresh == 1,
	      "référentiel écrit à la main : chargé (%d)", r.merge_rc);
	if (r.batch.nentries != 2) {
		CHECK(0, "référentiel écrit à la main : les logements du lot ont été lus");
		run_free(&r);
		free(reference.data);
		free(rows.data);
		return;
	}
	rendered[0] = sne_rpls_render(r.batch.entries[0].logement, "r", &len);
	rendered[1] = sne_rpls_render(r.batch.entries[1].logement, "r", &len);
	buf_str(&want, head);
	buf_str(&want, rendered[0]);
	buf_str(&want, "\n\t");
	buf_str(&want, first);
	buf_str(&want, "<!-- vu -->\n\t");
	buf_str(&want, rendered[1]);
	buf_str(&want, "\n\t");
	buf_str(&want, third);
	buf_str(&want, "\n</r:logements>\n");
	CHECK_STR(r.out.data, want.data,
	          "chaque octet hors du logement changé tel qu'il était, commentaires et blancs "
	          "compris ; le nouveau avec l'indentation du référentiel");
	free(rendered[0]);
	free(rendered[1]);
	run_free(&r);
	free(reference.data);
	free(rows.data);
	free(want.data);
}

static void test_cutoff(void)
{
	struct buf rows = { 0 };
	struct run r;

	buf_str(&rows, "74A0000001;2017-01-10;74010;5;RUE;Royale;74000;2;40;PLUS;2000\n");
	buf_str(&rows, "74A0000002;11/01/2017;74010;5;RUE;Royale;74000;2;40;PLUS;2000\n");
	run_load_until(&r, NULL, rows.data, "2017-01-10");
	CHECK(r.batch.counts.read == 2 && r.batch.counts.excluded == 1 && r.batch.counts.rejected == 0,
	      "--jusqu-au : le lendemain est écarté, pas rejeté (%ld écartés)",
	      r.batch.counts.excluded);
	CHECK_STR(numbers_in(r.out.data), "74A0000001", "le jour d'arrêt lui-même est gardé");
	run_free(&r);
	run_load(&r, NULL, rows.data);
	CHECK(r.batch.counts.excluded == 0 && r.batch.nentries == 2, "sans --jusqu-au, les deux gardés");
	run_free(&r);
	free(rows.data);
}

/* A hand-edited reference, not sorted: the new logements after its first
 * number out of order go at the end; the known ones are found by number. */
static void test_unsorted_reference(void)
{
	const char *const unsorted[] = { "74A0000001", "74A0000003", "74A0000002", "74A0000005" };
	const char *const late[] = { "74A0000005", "74A0000001", "74A0000003" };
	struct buf reference = { 0 }, rows = { 0 };
	struct run r;

	make_reference(&reference, unsorted, 4);
	buf_str(&rows, row("74A0000004", "40"));
	buf_str(&rows, row("74A0000002", "60"));
	run_load(&r, reference.data, rows.data);
	CHECK_STR(numbers_in(r.out.data), "74A0000001 74A0000002 74A0000003 74A0000005 74A0000004",
	          "non trié : 02 fusionné dans l'ordre avant 03, sa copie plus loin écartée ; 04, "
	          "après le désordre, à la fin");
	CHECK(r.merge.counts.fresh == 1 && r.merge.counts.updated == 1 &&
	      occurrences(r.out.data, "<r:surface>60</r:surface>") == 1,
	      "non trié : compté un nouveau, un mis à jour (%ld, %ld)", r.merge.counts.fresh,
	      r.merge.counts.updated);
	run_free(&r);
	free(rows.data);

	rows = (struct buf){ 0 };
	buf_str(&rows, row("74A0000002", "60"));
	buf_str(&rows, row("74A0000002", "61"));
	run_load(&r, reference.data, rows.data);
	CHECK_STR(r.out.data, reference.data,
	          "non trié : un numéro refusé dans le lot laisse le logement du référentiel tel quel");
	run_free(&r);
	free(rows.data);
	free(reference.data);

	reference = (struct buf){ 0 };
	make_reference(&reference, late, 3);
	rows = (struct buf){ 0 };
	buf_str(&rows, row("74A0000001", "60"));
	buf_str(&rows, row("74A0000004", "40"));
	run_load(&r, reference.data, rows.data);
	CHECK_STR(numbers_in(r.out.data), "74A0000001 74A0000004 74A0000005 74A0000003",
	          "non trié : écrit à sa place dans l'ordre, la copie plus loin du référentiel écartée");
	CHECK(r.merge.counts.fresh == 1 && r.merge.counts.updated == 1 &&
	      occurrences(r.out.data, "<r:surface>60</r:surface>") == 1,
	      "compté mis à jour, pas nouveau (%ld nouveaux, %ld mis à jour)", r.merge.counts.fresh,
	      r.merge.counts.updated);
	CHECK(strstr(r.err, ": logement RPLS 74A0000001 hors de l'ordre des numéros : le "
	                    "référentiel n'est pas trié, le lot l'a déjà écrit à sa place dans "
	                    "l'ordre, avec son contenu") != NULL, "dit");
	run_free(&r);
	free(rows.data);
	free(reference.data);
}

int main(void)
{
	char command[512];

	sne_err_init("test_rpls_load");
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 2;
	}
	test_insert_before_first();
	test_insert_after_last();
	test_insert_between();
	test_replace();
	test_twice_same_content();
	test_twice_other_content();
	test_empty_batch();
	test_refused_row();
	test_untouched_bytes();
	test_cutoff();
	test_unsorted_reference();
	snprintf(command, sizeof command, "rm -rf '%s'", dir);
	if (system(command) != 0)
		printf("# could not remove %s\n", dir);
	return check_done();
}
