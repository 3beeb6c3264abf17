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
	CHECK(r.read_rc == 0 && r.merge_rc == 0, "before the first: loaded (%d, %d)", r.read_rc,
	      r.merge_rc);
	CHECK_STR(numbers_in(r.out.data), "74A0000001 74A0000002 74A0000003",
	          "a number smaller than every one of the reference goes first");
	CHECK(strstr(r.out.data, "\">\n  <r:logement rpls=\"74A0000001\"") != NULL,
	      "after the root start tag, with the reference's indent and prefix");
	CHECK(r.merge.counts.fresh == 1 && r.merge.counts.known == 0 && r.merge.counts.updated == 0,
	      "counted new (%ld new, %ld known, %ld updated)", r.merge.counts.fresh,
	      r.merge.counts.known, r.merge.counts.updated);
	CHECK(r.batch.nentries == 1 && r.batch.entries[0].placed && !r.batch.entries[0].seen,
	      "its entry is placed, not seen");
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
	          "a number greater than every one of the reference goes last");
	tail = strstr(r.out.data, "rpls=\"74A0000009\"");
	tail = tail ? strstr(tail, "</r:logement>") : NULL;
	CHECK_STR(tail, "</r:logement>\n</r:logements>\n",
	          "just before the root end tag, which keeps its line");
	CHECK(r.merge.counts.fresh == 1, "counted new (%ld)", r.merge.counts.fresh);
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
	          "a batch out of order is merged each at its place");
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
	CHECK(r.merge_rc == 0, "replaced: loaded (%d)", r.merge_rc);
	CHECK_STR(numbers_in(r.out.data), "74A0000001 74A0000002 74A0000003",
	          "a known logement is replaced at its place, not added");
	CHECK(occurrences(r.out.data, "<r:surface>99</r:surface>") == 1 &&
	      occurrences(r.out.data, "<r:surface>40</r:surface>") == 2,
	      "with the batch's content");
	CHECK(occurrences(r.out.data, "<r:lot id=\"lot-t\" date=\"2017-04-01\"/>") == 1,
	      "and the batch's lot");
	CHECK(r.merge.counts.updated == 1 && r.merge.counts.fresh == 0 && r.merge.counts.known == 0,
	      "counted updated (%ld updated, %ld new, %ld known)", r.merge.counts.updated,
	      r.merge.counts.fresh, r.merge.counts.known);
	CHECK(strstr(r.err, "ref.xml:4: logement RPLS 74A0000002 mis à jour") != NULL,
	      "said with the reference's line");
	run_free(&r);

	run_load(&r, reference.data, row("74A0000002", "40"));
	CHECK_STR(r.out.data, reference.data,
	          "the same content: the reference unchanged, its lot kept");
	CHECK(r.merge.counts.known == 1 && r.merge.counts.updated == 0 && r.merge.counts.fresh == 0,
	      "counted known (%ld)", r.merge.counts.known);
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
	      "a number twice with the same content is kept once (%zu entries, %ld doubles)",
	      r.batch.nentries, r.batch.counts.doubles);
	snprintf(want, sizeof want, "test_rpls_load: %s:3: numéro RPLS 74A0000002 déjà lu (%s:2), "
	         "même contenu : gardé une fois", path_of("lot.csv"), path_of("lot.csv"));
	CHECK_STR(r.err, want, "said, naming the first row");
	CHECK_STR(numbers_in(r.out.data), "74A0000001 74A0000002", "written once");
	CHECK(r.merge.counts.fresh == 1, "one new logement (%ld)", r.merge.counts.fresh);
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
	      "two contents: the first row's entry is refused");
	CHECK(r.batch.counts.rejected == 3 && r.read_rc == 0,
	      "both rows rejected, and a third of that number (%ld)", r.batch.counts.rejected);
	CHECK_STR(r.out.data, reference.data, "the reference's logement stays as it was");
	CHECK(r.merge.counts.updated == 0 && r.merge.counts.known == 0 && r.merge.counts.fresh == 0,
	      "nothing counted in the merge");
	snprintf(want, sizeof want,
	         "test_rpls_load: %1$s:2: ligne rejetée : numéro RPLS 74A0000002 en double dans le "
	         "lot (%1$s:3) avec un autre contenu : les deux lignes sont rejetées ; corrigez le "
	         "lot\n"
	         "test_rpls_load: %1$s:3: ligne rejetée : numéro RPLS 74A0000002 en double dans le "
	         "lot (%1$s:2) avec un autre contenu : les deux lignes sont rejetées ; corrigez le "
	         "lot\n"
	         "test_rpls_load: %1$s:4: ligne rejetée : numéro RPLS 74A0000002 déjà rejeté en "
	         "double (%1$s:2) : cette ligne l'est aussi ; corrigez le lot", path_of("lot.csv"));
	CHECK_STR(r.err, want, "each row refused names the other; a third names the first");
	CHECK(occurrences(r.rejets, "74A0000002;") == 3 &&
	      strstr(r.rejets, ";42;PLUS;2000;\"numéro RPLS 74A0000002 en double dans le lot (") != NULL,
	      "all three rows in --rejets, with their reasons");
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
	CHECK(r.read_rc == 0 && r.merge_rc == 0 && r.batch.nentries == 0, "empty batch: loaded");
	CHECK_STR(r.out.data, reference.data, "empty batch: the reference byte for byte");
	CHECK(r.batch.counts.read == 0 && r.merge.counts.fresh == 0 && r.merge.counts.known == 0,
	      "nothing counted");
	run_free(&r);

	run_load(&r, NULL, "");
	CHECK_STR(r.out.data, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	                      "<r:logements xmlns:r=\"urn:sne:rpls:1\">\n</r:logements>\n",
	          "empty batch, no reference: an empty reference");
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
	      "two rows read, both refused (%ld read, %ld rejected)", r.batch.counts.read,
	      r.batch.counts.rejected);
	CHECK(r.read_rc == 0, "a refused row is no error of the batch (%d)", r.read_rc);
	snprintf(want, sizeof want, "test_rpls_load: %s:2: ligne rejetée : surface « quarante » "
	         "invalide (un nombre de m² positif, par exemple 65,5)\n"
	         "test_rpls_load: %s:3: ligne rejetée : ligne incomplète : 3 colonnes au lieu "
	         "d'au moins 11", path_of("lot.csv"), path_of("lot.csv"));
	CHECK_STR(r.err, want, "each said with its line and reason");
	CHECK_STR(r.rejets,
	          "RPLS;DATIMMAT;DEPCOM;NUMVOIE;TYPVOIE;NOMVOIE;CODEPOSTAL;NBPIECE;SURFHAB;FINAN;"
	          "CONSTRUCT;MOTIF_REJET\n"
	          "74A0000001;2017-01-10;74010;5;RUE;Royale;74000;2;quarante;PLUS;2000;"
	          "surface « quarante » invalide (un nombre de m² positif, par exemple 65,5)\n"
	          "74A0000002;2017-01-10;74010;ligne incomplète : 3 colonnes au lieu d'au moins 11\n",
	          "--rejets: the header with MOTIF_REJET, each row with its reason");
	CHECK(occurrences(r.out.data, "<r:logement ") == 0, "no logement written");
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
	      "hand-written reference: loaded (%d)", r.merge_rc);
	if (r.batch.nentries != 2) {
		CHECK(0, "hand-written reference: the batch's logements were read");
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
	          "every byte but the changed logement's as it was, comments and blanks included; "
	          "the new one with the reference's indent");
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
	      "--jusqu-au: the day after is excluded, not rejected (%ld excluded)",
	      r.batch.counts.excluded);
	CHECK_STR(numbers_in(r.out.data), "74A0000001", "the cut-off day itself is kept");
	run_free(&r);
	run_load(&r, NULL, rows.data);
	CHECK(r.batch.counts.excluded == 0 && r.batch.nentries == 2, "without --jusqu-au, both kept");
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
	          "unsorted: 02 merged in order before 03, its later copy dropped; 04, past the "
	          "disorder, at the end");
	CHECK(r.merge.counts.fresh == 1 && r.merge.counts.updated == 1 &&
	      occurrences(r.out.data, "<r:surface>60</r:surface>") == 1,
	      "unsorted: counted one new, one updated (%ld, %ld)", r.merge.counts.fresh,
	      r.merge.counts.updated);
	run_free(&r);
	free(rows.data);

	rows = (struct buf){ 0 };
	buf_str(&rows, row("74A0000002", "60"));
	buf_str(&rows, row("74A0000002", "61"));
	run_load(&r, reference.data, rows.data);
	CHECK_STR(r.out.data, reference.data,
	          "unsorted: a number refused in the batch leaves the reference's logement alone");
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
	          "unsorted: written at its place in order, the reference's later copy is dropped");
	CHECK(r.merge.counts.fresh == 1 && r.merge.counts.updated == 1 &&
	      occurrences(r.out.data, "<r:surface>60</r:surface>") == 1,
	      "counted updated, not new (%ld new, %ld updated)", r.merge.counts.fresh,
	      r.merge.counts.updated);
	CHECK(strstr(r.err, ": logement RPLS 74A0000001 hors de l'ordre des numéros : le "
	                    "référentiel n'est pas trié, le lot l'a déjà écrit à sa place dans "
	                    "l'ordre, avec son contenu") != NULL, "said");
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
