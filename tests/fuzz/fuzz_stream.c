/* libFuzzer harness: the record stream.  A copy filter over any input
 * either refuses it (65) or reproduces it byte for byte; then a second run
 * edits every record (a text field set, the suivi rewritten) and what it
 * writes must itself be a well-formed stream with the same records. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "sne/err.h"
#include "sne/io.h"
#include "sne/stream.h"
#include "sne/suivi.h"

static const char *const fields[] = {
	"n:demandeLogement/n:numUnique",
	("n:demandeLogement/n:logementRecherche/n:listeLocalisationSouhaite/"
	 "n:localisationSouhaite/n:commune/@code"),
	"s:suivi/s:etat",
	"s:suivi/s:renouvellement/@prochain",
	".",
	"@id",
	SNE_SUIVI_FIELD,
	"n:demandeLogement/n:numUnique/@code",
};
enum { F_NUMERO = 0, F_SUIVI = 6, NFIELDS = sizeof fields / sizeof fields[0] };

struct run {
	struct sne_output *out;
	int edit;
	size_t records;
};

/* Touches every accessor, so that the sanitizers see every offset used. */
static void inspect(struct sne_record *record)
{
	size_t len, gap_len;
	const char *bytes = sne_record_bytes(record, &len);
	const char *gap = sne_record_gap(record, &gap_len);
	struct sne_span content = sne_record_content(record);
	volatile size_t sum = 0;

	if (content.start > content.end || content.end > len || len == 0 || bytes[0] != '<' ||
	    bytes[len - 1] != '>')
		abort();
	sum += gap_len ? (unsigned char)gap[gap_len - 1] : 0;
	sum += strlen(sne_record_namespaces(record));
	sum += sne_record_prefix_of(record, SNE_NS_NUU) != NULL;
	sum += strlen(sne_record_source(record)) + (size_t)sne_record_line(record);
	for (size_t f = 0; f < NFIELDS; f++) {
		for (size_t i = 0; i < sne_record_count(record, f); i++) {
			const struct sne_value *v = sne_record_value(record, f, i);
			if (v->element.start > v->content.start || v->content.start > v->content.end ||
			    v->content.end > v->element.end || v->element.end > len ||
			    bytes[v->element.start] != '<' || bytes[v->element.end - 1] != '>')
				abort();
			sum += strlen(v->text) + strlen(sne_record_indent_at(record, v->element.start));
		}
	}
	(void)sum;
}

static void edit(struct sne_record *record)
{
	struct sne_suivi *suivi;

	for (size_t i = 0; i < sne_record_count(record, F_NUMERO); i++)
		sne_record_set_text(record, sne_record_value(record, F_NUMERO, i), "0740317000123G0417");
	suivi = sne_suivi_load(record, F_SUIVI);
	if (suivi == NULL)
		return;
	sne_suivi_set_text(suivi, "etat", "radiee");
	sne_suivi_add_evenement(suivi, (struct sne_date){ 2024, 2, 29 }, "radiation", "G0417");
	sne_suivi_store(suivi, record);
	sne_suivi_free(suivi);
}

static int on_record(struct sne_record *record, void *ctx)
{
	struct run *run = ctx;

	run->records++;
	inspect(record);
	if (run->edit)
		edit(record);
	return sne_record_write(record, run->out) == 0 ? 0 : SNE_EX_IOERR;
}

static int on_tail(const char *bytes, size_t len, void *ctx)
{
	struct run *run = ctx;

	return sne_output_write(run->out, bytes, len) == 0 ? 0 : SNE_EX_IOERR;
}

static int memfd_with(const void *data, size_t size)
{
	int fd = memfd_create("flux", MFD_CLOEXEC);

	if (fd < 0 || write(fd, data, size) != (ssize_t)size || lseek(fd, 0, SEEK_SET) != 0)
		abort();
	return fd;
}

/* Runs the filter over DATA; the output is left in *OUT (malloc'ed). */
static int run_once(const void *data, size_t size, int editing, char **out, size_t *out_len,
                    size_t *records)
{
	struct sne_stream_spec spec = { .record_ns = SNE_NS_NUU, .record_name = "demande",
	                                .fields = fields, .nfields = NFIELDS,
	                                .on_record = on_record, .on_tail = on_tail };
	struct run run = { .edit = editing };
	struct sne_input *in = sne_input_fdopen(memfd_with(data, size), "fuzz.xml");
	int out_fd = memfd_create("sortie", MFD_CLOEXEC), rc;
	off_t len;

	run.out = sne_output_fdopen(dup(out_fd), "sortie", 0, 0);
	spec.ctx = &run;
	rc = sne_stream_run(in, &spec);
	sne_input_close(in);
	if (sne_output_close(run.out) != 0)
		abort();
	len = lseek(out_fd, 0, SEEK_END);
	*out = malloc((size_t)len + 1);
	if (*out == NULL || pread(out_fd, *out, (size_t)len, 0) != len)
		abort();
	*out_len = (size_t)len;
	*records = run.records;
	close(out_fd);
	return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *devnull;
	char *copy, *edited, *again;
	size_t copy_len, edited_len, again_len, records, edited_records, again_records;
	int rc;

	if (devnull == NULL) {
		devnull = fopen("/dev/null", "w");
		sne_err_set_stream(devnull);
	}
	rc = run_once(data, size, 0, &copy, &copy_len, &records);
	if (rc != 0 && rc != SNE_EX_DATAERR)
		abort(); /* a memory file: only bad data can fail */
	if (rc == 0 && (copy_len != size || memcmp(copy, data, size) != 0))
		abort(); /* a copy filter must reproduce its input exactly */
	free(copy);
	if (rc != 0)
		return 0;
	/* edits: the result is a stream again, with the same records */
	if (run_once(data, size, 1, &edited, &edited_len, &edited_records) != 0 ||
	    edited_records != records)
		abort();
	rc = run_once(edited, edited_len, 0, &again, &again_len, &again_records);
	if (rc != 0 || again_records != records)
		abort();
	free(edited);
	free(again);
	return 0;
}
