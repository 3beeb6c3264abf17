/* The sorted merge of a batch into the RPLS reference, on the reference's
 * own bytes, and its index (sne/rpls_load.h). */
#include "sne/rpls_load.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sne/count.h"
#include "sne/envelope.h"
#include "sne/err.h"
#include "sne/inplace.h"

void sne_rpls_merge_init(struct sne_rpls_merge *merge, struct sne_rpls_batch *batch,
                         int verbose)
{
	memset(merge, 0, sizeof *merge);
	merge->batch = batch;
	merge->verbose = verbose;
	snprintf(merge->indent, sizeof merge->indent, "\n  ");
}

void sne_rpls_merge_free(struct sne_rpls_merge *merge)
{
	sne_rpls_index_builder_free(merge->sidecar);
	merge->sidecar = NULL;
}

static void verbose(const struct sne_rpls_merge *merge, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void verbose(const struct sne_rpls_merge *merge, const char *fmt, ...)
{
	char text[1024];
	va_list ap;

	if (!merge->verbose)
		return;
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	sne_info("%s", text);
}

/* Whether the new logements can be merged in order: a valid index vouches
 * that the reference at PATH is sorted; without one, the merge starts in
 * order and checks the order while it reads the reference (once), falling
 * back to appending the rest at the end at the first number out of order. */
static void decide_order(struct sne_rpls_merge *merge, const char *path)
{
	struct sne_rpls_index *index;
	char why[SNE_WHY_MAX];

	merge->in_order = 1;
	merge->verified = 0;
	if (strcmp(path, "-") != 0 && sne_rpls_index_open(path, &index, why, sizeof why) == 0) {
		sne_rpls_index_close(index);
		merge->verified = 1;
		return;
	}
	if (strcmp(path, "-") != 0 && merge->batch->nentries > 0)
		verbose(merge, "%s: %s ; ordre des numéros RPLS vérifié pendant la lecture", path,
		        why);
}

/* ------------------------------------------------------------------ */
/* writing */

/* Writes to the output, counting the bytes (the offsets of the index). */
static int emit(struct sne_rpls_merge *merge, const char *bytes, size_t len)
{
	if (sne_output_write(merge->out, bytes, len) != 0)
		return -1;
	merge->written += len;
	return 0;
}

static int write_failed(const struct sne_rpls_merge *merge)
{
	sne_warn("%s: écriture impossible :", sne_output_name(merge->out));
	return SNE_EX_IOERR;
}

/* A logement written at [START, END) of the output. */
static void note_logement(struct sne_rpls_merge *merge, const char *rpls,
                          unsigned long long start, unsigned long long end)
{
	if (merge->sidecar != NULL)
		sne_rpls_index_builder_add(merge->sidecar, rpls, start, end);
}

/* The prefix and indent of the reference's first logement, for the new
 * ones. */
static void remember_layout(struct sne_rpls_merge *merge, struct sne_record *record)
{
	const char *prefix;

	if (merge->prefix_known)
		return;
	prefix = sne_record_prefix_of(record, SNE_NS_RPLS);
	snprintf(merge->prefix, sizeof merge->prefix, "%s", prefix ? prefix : "");
	snprintf(merge->indent, sizeof merge->indent, "%s", sne_record_indent_at(record, 0));
	merge->prefix_known = 1;
}

/* Writes L rendered with the reference's prefix; *START and *END its
 * bytes in the output.  0, or -1 when the write failed. */
static int write_rendered(struct sne_rpls_merge *merge, const struct sne_rpls_logement *l,
                          unsigned long long *start, unsigned long long *end)
{
	size_t len;
	char *text = sne_rpls_render(l, merge->prefix, &len);
	int rc;

	*start = merge->written;
	rc = emit(merge, text, len);
	*end = *start + len;
	free(text);
	return rc;
}

/* Writes LEAD, then the batch's new logement ENTRY, then TRAIL. */
static int write_new(struct sne_rpls_merge *merge, struct sne_rpls_entry *entry,
                     const char *lead, const char *trail)
{
	unsigned long long start = 0, end = 0;
	int rc = emit(merge, lead, strlen(lead));

	if (rc == 0)
		rc = write_rendered(merge, entry->logement, &start, &end);
	else
		start = end = merge->written;
	if (rc == 0)
		rc = emit(merge, trail, strlen(trail));
	note_logement(merge, entry->logement->rpls, start, end);
	entry->placed = 1;
	merge->counts.fresh++;
	verbose(merge, "logement RPLS %s nouveau (%s:%ld)", entry->logement->rpls, entry->file,
	        entry->line);
	return rc;
}

static int replace_logement(struct sne_rpls_merge *merge, struct sne_record *record,
                            const struct sne_rpls_logement *l)
{
	unsigned long long start, end;
	int rc = write_rendered(merge, l, &start, &end);

	note_logement(merge, l->rpls, start, merge->written);
	merge->counts.updated++;
	sne_info("%s:%ld: logement RPLS %s mis à jour", sne_record_source(record),
	         sne_record_line(record), l->rpls);
	return rc;
}

/* ------------------------------------------------------------------ */
/* the batch's entry of each record */

/* Compares two RPLS numbers of 10 characters (NUL included: a fixed
 * size, cheaper than strcmp on millions of records). */
static int rpls_cmp(const char *a, const char *b)
{
	return memcmp(a, b, SNE_RPLS_SIZE);
}

/* In order: the batch's logements before RPLS are new ones, written before
 * this record; RPLS itself may be the next one. */
static void merge_in_order(struct sne_rpls_merge *merge, const char *rpls)
{
	struct sne_rpls_batch *batch = merge->batch;
	int cmp = 1;

	merge->insert_from = merge->next_new;
	while (merge->next_new < batch->nentries &&
	       (cmp = rpls_cmp(batch->entries[merge->next_new].logement->rpls, rpls)) < 0)
		merge->next_new++;
	merge->insert_to = merge->next_new;
	if (merge->next_new < batch->nentries && cmp == 0 &&
	    !batch->entries[merge->next_new++].refused)
		merge->current = &batch->entries[merge->next_new - 1];
}

/* Whether RPLS follows the reference's previous number; the first one out
 * of order ends the merge in order (the rest is looked up by number). */
static int still_in_order(struct sne_rpls_merge *merge, const char *rpls)
{
	if (rpls != NULL && strnlen(rpls, SNE_RPLS_SIZE) == SNE_RPLS_LEN &&
	    rpls_cmp(merge->last_rpls, rpls) < 0) {
		memcpy(merge->last_rpls, rpls, SNE_RPLS_SIZE);
		return 1;
	}
	merge->in_order = 0;
	if (!merge->verified)
		verbose(merge, "référentiel non trié par numéro RPLS (logement %s) : les nouveaux "
		        "logements suivants sont ajoutés à la fin", rpls ? rpls : "sans numéro");
	return 0;
}

/* Finds the batch's entry of the record numbered RPLS and, in order, the
 * new logements that go before it: once per record, from the record's
 * start tag (in_batch) or at its end. */
static void resolve(struct sne_rpls_merge *merge, const char *rpls)
{
	merge->resolved = 1;
	merge->current = NULL;
	merge->insert_from = merge->insert_to = 0;
	if (merge->in_order && still_in_order(merge, rpls)) {
		merge_in_order(merge, rpls);
		return;
	}
	merge->current = rpls ? sne_rpls_batch_find(merge->batch, rpls) : NULL;
	if (merge->current != NULL && merge->current->refused)
		merge->current = NULL;  /* refused: the reference's logement stays as it is */
}

/* Only the dwellings of the batch are read field by field. */
static int in_batch(const char *rpls, void *ctx)
{
	struct sne_rpls_merge *merge = ctx;

	resolve(merge, rpls);
	return merge->current != NULL;
}

/* ------------------------------------------------------------------ */
/* the reference's records */

/* A logement already written as new turns up further on: the reference
 * was said sorted but is not (changed during the run, or behind an index
 * that still matched it). */
static int out_of_order(struct sne_record *record, const char *rpls)
{
	sne_warn("%s:%ld: logement RPLS %s hors de l'ordre des numéros d'un référentiel vérifié "
	         "trié : il a changé pendant le chargement ; supprimez son index (.idx) et relancez",
	         sne_record_source(record), sne_record_line(record), rpls);
	return SNE_EX_DATAERR;
}

/* Unverified order: a logement written as new at its place turns up
 * further on, past a number out of order.  The batch's version, already
 * written, stands for it: the reference's copy is not written again. */
static int written_before(struct sne_rpls_merge *merge, struct sne_record *record,
                          const char *rpls)
{
	struct sne_rpls_logement current;

	sne_rpls_from_record(record, &current);
	merge->counts.fresh--;
	if (sne_rpls_same(&current, merge->current->logement))
		merge->counts.known++;
	else
		merge->counts.updated++;
	merge->current->seen = 1;
	sne_warn("%s:%ld: logement RPLS %s hors de l'ordre des numéros : le référentiel n'est pas "
	         "trié, le lot l'a déjà écrit à sa place dans l'ordre, avec son contenu",
	         sne_record_source(record), sne_record_line(record), rpls);
	return 0;
}

/* The new logements that go before the current record, each after the
 * reference's indent.  0, or -1 when a write failed. */
static int write_inserts(struct sne_rpls_merge *merge)
{
	int rc = 0;

	for (size_t i = merge->insert_from; rc == 0 && i < merge->insert_to; i++)
		if (!merge->batch->entries[i].refused)
			rc = write_new(merge, &merge->batch->entries[i], "", merge->indent);
	return rc;
}

/* The record as it was read, or the batch's version when it changed. */
static int write_reference_logement(struct sne_rpls_merge *merge, struct sne_record *record,
                                    const char *rpls)
{
	struct sne_rpls_entry *entry = merge->current;
	struct sne_rpls_logement current;
	unsigned long long start = merge->written;
	size_t len;
	const char *bytes = sne_record_bytes(record, &len);
	int rc;

	if (entry != NULL && !entry->seen) {
		entry->seen = 1;
		sne_rpls_from_record(record, &current);
		if (!sne_rpls_same(&current, entry->logement))
			return replace_logement(merge, record, entry->logement);
		merge->counts.known++;
	}
	rc = emit(merge, bytes, len);
	note_logement(merge, rpls, start, merge->written);
	return rc;
}

static int on_reference_record(struct sne_record *record, void *ctx)
{
	struct sne_rpls_merge *merge = ctx;
	const char *rpls = sne_record_get(record, SNE_RPLS_F_RPLS);
	size_t gap_len;
	const char *gap = sne_record_gap(record, &gap_len);
	int rc;

	if (!merge->resolved)
		resolve(merge, rpls);
	merge->resolved = 0;
	if (merge->current != NULL && merge->current->placed)
		return merge->verified ? out_of_order(record, rpls)
		                       : written_before(merge, record, rpls);
	remember_layout(merge, record);
	rc = emit(merge, gap, gap_len);
	if (rc == 0)
		rc = write_inserts(merge);
	if (rc == 0)
		rc = write_reference_logement(merge, record, rpls);
	return rc == 0 ? 0 : write_failed(merge);
}

/* ------------------------------------------------------------------ */
/* the end of the reference */

/* Prefix of the root's closing tag NAME ("r" for "r:logements"). */
static void prefix_from_root(struct sne_rpls_merge *merge, const char *name, size_t len)
{
	const char *colon = memchr(name, ':', len);
	size_t n = colon ? (size_t)(colon - name) : 0;

	if (n >= sizeof merge->prefix)
		n = 0;
	memcpy(merge->prefix, name, n);
	merge->prefix[n] = '\0';
}

/* The batch's logements that the reference did not hold, in order. */
static int write_new_logements(struct sne_rpls_merge *merge)
{
	for (size_t i = 0; i < merge->batch->nentries; i++) {
		struct sne_rpls_entry *entry = &merge->batch->entries[i];
		if (!entry->seen && !entry->placed && !entry->refused &&
		    write_new(merge, entry, merge->indent, "") != 0)
			return -1;
	}
	return 0;
}

/* A root written <r:logements .../>: opened, filled, closed. */
static int tail_self_closing(struct sne_rpls_merge *merge, const char *bytes, size_t len)
{
	const char *slash = NULL, *start = NULL;
	size_t name_len;

	for (size_t i = len; i >= 2 && slash == NULL; i--)
		if (bytes[i - 2] == '/' && bytes[i - 1] == '>')
			slash = bytes + i - 2;
	for (const char *p = slash; p != NULL && p > bytes && start == NULL; p--)
		if (p[-1] == '<')
			start = p;
	if (slash == NULL || start == NULL)
		return emit(merge, bytes, len) == 0 ? 0 : write_failed(merge);
	name_len = strcspn(start, " \t\r\n/>");
	if (!merge->prefix_known)
		prefix_from_root(merge, start, name_len);
	if (emit(merge, bytes, (size_t)(slash - bytes)) != 0 || emit(merge, ">", 1) != 0 ||
	    write_new_logements(merge) != 0 || emit(merge, "\n</", 3) != 0 ||
	    emit(merge, start, name_len) != 0 || emit(merge, ">", 1) != 0 ||
	    emit(merge, slash + 2, len - (size_t)(slash + 2 - bytes)) != 0)
		return write_failed(merge);
	return 0;
}

static int on_reference_tail(const char *bytes, size_t len, void *ctx)
{
	struct sne_rpls_merge *merge = ctx;
	size_t close = len, cut;

	for (size_t i = len; i >= 2 && close == len; i--)
		if (bytes[i - 2] == '<' && bytes[i - 1] == '/')
			close = i - 2;
	if (close == len)
		return tail_self_closing(merge, bytes, len);
	if (!merge->prefix_known)
		prefix_from_root(merge, bytes + close + 2, strcspn(bytes + close + 2, " \t\r\n>"));
	cut = close;
	while (cut > 0 && strchr(" \t\r\n", bytes[cut - 1]))
		cut--;
	if (emit(merge, bytes, cut) != 0 || write_new_logements(merge) != 0 ||
	    emit(merge, bytes + cut, len - cut) != 0)
		return write_failed(merge);
	return 0;
}

/* ------------------------------------------------------------------ */
/* the runs */

static const char empty_reference[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<r:logements xmlns:r=\"urn:sne:rpls:1\">\n"
	"</r:logements>\n";

int sne_rpls_merge_stream(struct sne_rpls_merge *merge, struct sne_input *in, const char *path,
                          struct sne_output *out)
{
	struct sne_stream_spec spec = {
		.record_ns = SNE_NS_RPLS, .record_name = "logement",
		.envelope = &sne_envelope_rpls,
		.fields = sne_rpls_fields, .nfields = SNE_RPLS_NFIELDS,
		.on_record = on_reference_record, .on_tail = on_reference_tail, .ctx = merge,
		.wants_fields = in_batch, .key_field = SNE_RPLS_F_RPLS,
	};

	merge->out = out;
	if (in == NULL)
		return on_reference_tail(empty_reference, sizeof empty_reference - 1, merge);
	decide_order(merge, path);
	return sne_stream_run(in, &spec);
}

/* Writes the index of the reference about to be committed (or removes a
 * former one that no longer applies), under the reference's lock.  The
 * index names the temporary file, which the rename keeps: a crash before
 * that rename leaves an index that no longer matches the reference, which
 * is then ignored.  Never fails the load: without an index, sne-attrib
 * reads the whole reference. */
static void publish_index(struct sne_rpls_merge *merge, struct sne_inplace *ip, const char *path)
{
	struct sne_output *out = sne_inplace_output(ip);
	struct sne_file_id id;
	char why[SNE_WHY_MAX] = "écriture impossible";

	if (sne_output_sync(out) == 0 && sne_file_id_of_path(sne_output_name(out), &id) == 0 &&
	    sne_rpls_index_write(merge->sidecar, path, &id, merge->written, why,
	                         sizeof why) == 0) {
		verbose(merge, "%s: index « %s%s » écrit (%ld logements par bloc)", path, path,
		        SNE_RPLS_INDEX_SUFFIX, (long)SNE_RPLS_INDEX_STEP);
		return;
	}
	if (sne_rpls_index_remove(path) != 0)
		sne_warn("%s%s: suppression impossible :", path, SNE_RPLS_INDEX_SUFFIX);
	verbose(merge, "%s: pas d'index : %s", path, why);
}

int sne_rpls_merge_in_place(struct sne_rpls_merge *merge, const char *path, int wait)
{
	struct sne_inplace *ip;
	int rc = sne_inplace_begin_or_create(path, wait, &ip);

	if (rc != 0)
		return rc;
	if (merge->sidecar == NULL)
		merge->sidecar = sne_rpls_index_builder_new();
	rc = sne_rpls_merge_stream(merge, sne_inplace_input(ip), path, sne_inplace_output(ip));
	if (rc >= SNE_EX_USAGE) {
		sne_inplace_abort(ip);
		sne_warn("« %s » n'a pas été modifié", path);
		return rc;
	}
	publish_index(merge, ip, path);
	return sne_exit_worst(rc, sne_inplace_commit(ip));
}

int sne_rpls_merge_to_stdout(struct sne_rpls_merge *merge, const char *path)
{
	struct sne_input *in = sne_input_open(path);
	struct sne_output *out;
	int rc;

	if (in == NULL && errno != ENOENT) {
		sne_warn("%s: ouverture impossible :", path);
		return SNE_EX_NOINPUT;
	}
	out = sne_output_stdout();
	rc = sne_rpls_merge_stream(merge, in, path, out);
	if (in != NULL)
		sne_input_close(in);
	if (sne_output_close(out) != 0) {
		sne_warn("écriture impossible sur la sortie standard :");
		rc = sne_exit_worst(rc, SNE_EX_IOERR);
	}
	merge->out = NULL;
	return rc;
}

void sne_rpls_load_print_summary(const struct sne_rpls_batch_counts *batch,
                                 const struct sne_rpls_merge_counts *merge)
{
	sne_info("%s, %s, %s, %s, %s, %s",
	         sne_count((unsigned long)batch->read, SNE_FEMININE, "ligne lue", "lignes lues").text,
	         sne_count((unsigned long)merge->fresh, SNE_MASCULINE, "nouveau logement",
	                   "nouveaux logements").text,
	         sne_count((unsigned long)merge->known, SNE_MASCULINE, "déjà connu",
	                   "déjà connus").text,
	         sne_count((unsigned long)merge->updated, SNE_MASCULINE, "mis à jour",
	                   "mis à jour").text,
	         sne_count((unsigned long)batch->excluded, SNE_MASCULINE, "exclu", "exclus").text,
	         sne_count((unsigned long)batch->rejected, SNE_FEMININE, "rejetée",
	                   "rejetées").text);
	if (batch->doubles > 0)
		sne_info("%s", sne_count((unsigned long)batch->doubles, SNE_FEMININE,
		                         "ligne en double, de même contenu, gardée une fois",
		                         "lignes en double, de même contenu, gardées une fois").text);
}
