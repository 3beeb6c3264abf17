/* The record handed to a program (lib/record.c): its place, label and
 * namespaces; the prefix bound to a URI; the indentation at an offset;
 * edits written in offset order (at one offset, in the order made); text
 * set on an element, a self-closing one included, its attributes kept. */
#include "buf.h"
#include "check.h"
#include "sne/err.h"
#include "sne/io.h"
#include "sne/stream.h"

#include <stdlib.h>
#include <string.h>

static char dir[] = "/tmp/sne-test-record-XXXXXX";

typedef void (*record_fn)(struct sne_record *record, struct buf *notes);

struct run {
	record_fn fn;
	struct sne_output *out;
	struct buf notes;
};

static int on_record(struct sne_record *record, void *ctx)
{
	struct run *run = ctx;

	run->fn(record, &run->notes);
	return sne_record_write_bytes(record, run->out) == 0 ? 0 : SNE_EX_IOERR;
}

static const char *const fields[] = { "n:a", "n:b", "n:c/@code" };

/* Runs FN on each demande of DOC; what the records became in *WRITTEN,
 * FN's notes returned (both freed by the caller). */
static char *run_doc(const char *doc, record_fn fn, char **written)
{
	struct run run = { fn, NULL, { 0 } };
	struct sne_stream_spec spec = {
		.record_ns = SNE_NS_NUU, .record_name = "demande", .fields = fields, .nfields = 3,
		.on_record = on_record, .ctx = &run,
	};
	char in[300], out[300];
	struct buf got = { 0 };

	snprintf(in, sizeof in, "%s/in.xml", dir);
	snprintf(out, sizeof out, "%s/out.xml", dir);
	buf_save(in, doc);
	run.out = sne_output_create(out);
	if (sne_stream_run_path(in, &spec, "ouverture impossible") != 0)
		abort();
	sne_output_close(run.out);
	buf_load(&got, out);
	*written = got.data;
	if (run.notes.data == NULL)
		buf_str(&run.notes, "");
	return run.notes.data;
}

#define NUU "\"" SNE_NS_NUU "\""

static void note_place(struct sne_record *record, struct buf *notes)
{
	char label[32];
	size_t gap;
	const char *prefix = sne_record_prefix_of(record, SNE_NS_NUU);

	sne_record_gap(record, &gap);
	buf_printf(notes, "%zu@%ld:%s:%s:gap%zu|", sne_record_rank(record), sne_record_line(record),
	           sne_record_label(record, sne_record_get(record, 0), label, sizeof label),
	           prefix ? prefix : "(aucun)", gap);
}

static void test_place(void)
{
	char *written;
	char *notes = run_doc("<n:r xmlns:n=" NUU ">\n  <n:demande><n:a>0740324000001G0417</n:a></n:demande>\n"
	                      "  <m:demande xmlns:m=" NUU "/>\n"
	                      "  <demande xmlns=" NUU "><a></a></demande></n:r>", note_place, &written);

	CHECK_STR(notes, "1@2:0740324000001G0417:n:gap45|2@3:n°2:m:gap3|3@4:n°3::gap3|",
	          "rang, ligne, libellé (le numéro, sinon « n°RANG », numéro vide compris), préfixe "
	          "de l'espace de noms (le plus proche ; vide pour le défaut), intervalle (le premier "
	          "avec le prologue)");
	free(notes), free(written);
}

static void note_indent(struct sne_record *record, struct buf *notes)
{
	const struct sne_value *a = sne_record_value(record, 0, 0), *b = sne_record_value(record, 1, 0);
	const char *s;

	s = sne_record_indent_at(record, a->element.start);
	buf_printf(notes, "a[%zu]|", strlen(s) - 1);
	s = sne_record_indent_at(record, b->element.start);
	buf_printf(notes, "b[%s]|", s[0] == '\0' ? "vide" : "?");
	s = sne_record_indent_at(record, 0);
	buf_printf(notes, "rec[%zu%s]|", strlen(s) - 1, strchr(s + 1, '\t') ? "t" : "");
}

static void test_indent(void)
{
	char *written;
	char *notes = run_doc("<n:r xmlns:n=" NUU ">\n \t<n:demande>\n      <n:a/> <n:b/>\n"
	                      " \t</n:demande></n:r>", note_indent, &written);

	CHECK_STR(notes, "a[6]|b[vide]|rec[2t]|",
	          "retrait d'une ligne : ses blancs ; après du texte sur la ligne : aucun ; "
	          "l'enregistrement : celui de son intervalle, tabulation comprise");
	free(notes), free(written);
}

static void edit_in_order(struct sne_record *record, struct buf *notes)
{
	const struct sne_value *a = sne_record_value(record, 0, 0), *b = sne_record_value(record, 1, 0);

	(void)notes;
	sne_record_insert(record, b->element.end, "[après b]", strlen("[après b]"));
	sne_record_insert(record, a->element.start, "[1]", 3);
	sne_record_insert(record, a->element.start, "[2]", 3);
	sne_record_replace(record, b->content, "B", 1);
	buf_printf(notes, "%d", sne_record_changed(record));
}

static void no_edit(struct sne_record *record, struct buf *notes)
{
	buf_printf(notes, "%d", sne_record_changed(record));
}

static void test_edits(void)
{
	char *written;
	char *notes = run_doc("<n:r xmlns:n=" NUU "><n:demande><n:a>x</n:a><n:b>y</n:b></n:demande></n:r>",
	                      edit_in_order, &written);

	CHECK_STR(written, "<n:demande>[1][2]<n:a>x</n:a><n:b>B</n:b>[après b]</n:demande>",
	          "modifications écrites dans l'ordre des positions ; à une même position, dans "
	          "l'ordre où elles ont été faites");
	CHECK_STR(notes, "1", "modifié");
	free(notes), free(written);
	notes = run_doc("<n:r xmlns:n=" NUU "><n:demande><n:a>x</n:a><n:b>y</n:b></n:demande></n:r>",
	                no_edit, &written);
	CHECK_STR(written, "<n:demande><n:a>x</n:a><n:b>y</n:b></n:demande>", "sans modification : tel quel");
	CHECK_STR(notes, "0", "non modifié");
	free(notes), free(written);
}

static void set_texts(struct sne_record *record, struct buf *notes)
{
	(void)notes;
	sne_record_set_text(record, sne_record_value(record, 0, 0), "A & <B>");
	sne_record_set_text(record, sne_record_value(record, 1, 0), "");
	if (sne_record_count(record, 2) > 0)
		sne_record_set_text(record, sne_record_value(record, 2, 0), "texte");
}

static void test_set_text(void)
{
	char *written;
	char *notes = run_doc("<n:r xmlns:n=" NUU "><n:demande><n:a>x</n:a><n:b>y</n:b></n:demande></n:r>",
	                      set_texts, &written);

	CHECK_STR(written, "<n:demande><n:a>A &amp; &lt;B&gt;</n:a><n:b></n:b></n:demande>",
	          "texte remplacé, échappé ; texte vide");
	free(notes), free(written);
	notes = run_doc("<n:r xmlns:n=" NUU "><n:demande><n:a/><n:b\n/></n:demande></n:r>", set_texts,
	                &written);
	CHECK_STR(written, "<n:demande><n:a>A &amp; &lt;B&gt;</n:a><n:b\n></n:b></n:demande>",
	          "élément auto-fermant : ouvert et fermé autour du texte, sa balise gardée");
	free(notes), free(written);
	notes = run_doc("<n:r xmlns:n=" NUU "><n:demande><n:a x=\"1\" y='2'/><n:b/></n:demande></n:r>",
	                set_texts, &written);
	CHECK_STR(written, "<n:demande><n:a x=\"1\" y='2'>A &amp; &lt;B&gt;</n:a><n:b></n:b></n:demande>",
	          "élément auto-fermant à attributs : ses attributs gardés");
	free(notes), free(written);
}

int main(void)
{
	char command[400];

	if (mkdtemp(dir) == NULL)
		return 99;
	sne_xml_silence();
	test_place();
	test_indent();
	test_edits();
	test_set_text();
	snprintf(command, sizeof command, "rm -rf '%s'", dir);
	if (system(command) != 0)
		return 99;
	return check_done();
}
