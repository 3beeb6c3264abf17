/* libFuzzer harness: the record stream, whole documents with their
 * envelope.  A copy filter over any input either refuses it (65) or
 * reproduces it byte for byte; then a second run edits every record (a
 * text field set, the suivi rewritten) and what it writes must itself be a
 * well-formed stream with the same records.  An input with NUL bytes (never
 * valid XML) is cut there into several documents read as one merged stream
 * (sne_merge_run): when every part is accepted, the merged output must be
 * an accepted document holding all their records. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "sne/err.h"
#include "sne/io.h"
#include "sne/merge.h"
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
#define MAX_PARTS 4

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

/* The bytes written to the memory file OUT_FD, in *OUT (malloc'ed). */
static void read_output(int out_fd, char **out, size_t *out_len)
{
	off_t len;

	len = lseek(out_fd, 0, SEEK_END);
	*out = malloc((size_t)len + 1);
	if (*out == NULL || pread(out_fd, *out, (size_t)len, 0) != len)
		abort();
	*out_len = (size_t)len;
	close(out_fd);
}

/* Runs the filter over DATA; the output is left in *OUT (malloc'ed). */
static int run_once(const void *data, size_t size, int editing, char **out, size_t *out_len,
                    size_t *records)
{
	struct sne_stream_spec spec = { .record_ns = SNE_NS_NUU, .record_name = "demande",
	                                .envelope = &sne_envelope_interface,
	                                .fields = fields, .nfields = NFIELDS,
	                                .on_record = on_record, .on_tail = on_tail };
	struct run run = { .edit = editing };
	struct sne_input *in = sne_input_fdopen(memfd_with(data, size), "fuzz.xml");
	int out_fd = memfd_create("sortie", MFD_CLOEXEC), rc;

	run.out = sne_output_fdopen(dup(out_fd), "sortie", 0, 0);
	spec.ctx = &run;
	rc = sne_stream_run(in, &spec);
	sne_input_close(in);
	if (sne_output_close(run.out) != 0)
		abort();
	read_output(out_fd, out, out_len);
	*records = run.records;
	return rc;
}

/* The parts of DATA between NUL bytes, as one merged stream. */
struct parts {
	const uint8_t *data;
	size_t size;
	size_t starts[MAX_PARTS], lens[MAX_PARTS];
	int count;
};

static struct sne_input *part_open(int i, void *ctx)
{
	struct parts *p = ctx;

	return sne_input_fdopen(memfd_with(p->data + p->starts[i], p->lens[i]), "partie.xml");
}

static void part_close(struct sne_input *in, int i, void *ctx)
{
	(void)i, (void)ctx;
	sne_input_close(in);
}

static void cut_parts(const uint8_t *data, size_t size, struct parts *p)
{
	size_t start = 0;

	p->data = data;
	p->size = size;
	p->count = 0;
	for (size_t i = 0; i <= size && p->count < MAX_PARTS; i++) {
		if (i < size && data[i] != '\0')
			continue;
		p->starts[p->count] = start;
		p->lens[p->count] = (i < size && p->count == MAX_PARTS - 1 ? size : i) - start;
		p->count++;
		start = i + 1;
	}
}

/* Every part accepted alone: merged, they make an accepted document with
 * all their records. */
static void check_merge(const uint8_t *data, size_t size)
{
	struct sne_stream_spec spec = { .record_ns = SNE_NS_NUU, .record_name = "demande",
	                                .envelope = &sne_envelope_interface,
	                                .fields = fields, .nfields = NFIELDS,
	                                .on_record = on_record, .on_tail = on_tail };
	struct parts p;
	struct sne_merge_inputs inputs = { 0, part_open, part_close, NULL, &p };
	struct run run = { 0 };
	size_t total = 0, len, again_records;
	char *out, *copy;
	int out_fd, rc;

	cut_parts(data, size, &p);
	if (p.count < 2)
		return;
	for (int i = 0; i < p.count; i++) {
		size_t n;
		if (run_once(data + p.starts[i], p.lens[i], 0, &copy, &len, &n) != 0) {
			free(copy);
			return; /* a part refused alone: nothing to say of the merge */
		}
		free(copy);
		total += n;
	}
	inputs.count = p.count;
	out_fd = memfd_create("fusion", MFD_CLOEXEC);
	run.out = sne_output_fdopen(dup(out_fd), "fusion", 0, 0);
	spec.ctx = &run;
	rc = sne_merge_run(&inputs, &spec);
	if (sne_output_close(run.out) != 0 || rc != 0 || run.records != total)
		abort();
	read_output(out_fd, &out, &len);
	if (run_once(out, len, 0, &copy, &len, &again_records) != 0 || again_records != total)
		abort(); /* the merged stream is a document with every record */
	free(copy);
	free(out);
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
	check_merge(data, size);
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
