/* The load of a batch (sne/rpls_batch.h) into the RPLS reference, the
 * algorithm of sne-rpls-load.
 *
 * The reference is streamed once: a logement of the batch that it already
 * holds is compared and replaced when its content changed; every other
 * logement, and every byte between them, is copied as it was read.  The
 * reference is kept sorted by RPLS number: when it is known sorted (its
 * index says so, or the reading checks it while it goes), the batch's new
 * logements are merged at their place, indented like the first logement
 * and with its prefix; otherwise (a hand-edited reference) those after the
 * first number out of order are written before the closing root tag.
 * In place, the index of the new reference is written beside it
 * (sne/rpls_index.h).  Loading a batch twice changes nothing: a known
 * logement with the same content keeps its bytes (and its lot).  Memory is
 * one record of the reference beyond the batch (and one index entry per
 * SNE_RPLS_INDEX_STEP logements).
 *
 * The merge borrows the batch, sorted with sne_rpls_batch_sort(), and marks
 * its entries seen or placed; it owns the index being built. */
#ifndef SNE_RPLS_LOAD_H
#define SNE_RPLS_LOAD_H

#include "sne/io.h"
#include "sne/rpls_batch.h"
#include "sne/rpls_index.h"

/* What the merge did to the reference, for the bilan. */
struct sne_rpls_merge_counts {
	long fresh;      /* new logements written */
	long known;      /* already there with the same content, left as they were */
	long updated;    /* already there, replaced by the batch's content */
};

struct sne_rpls_merge {
	struct sne_rpls_batch *batch;       /* borrowed, sorted */
	int verbose;                        /* -v: name each new or updated logement,
	                                       say whether the index serves */
	struct sne_output *out;             /* borrowed, where the reference is written */
	unsigned long long written;         /* bytes written to out */
	char prefix[64];                    /* the reference's prefix of SNE_NS_RPLS */
	int prefix_known;                   /* prefix and indent taken from the reference */
	char indent[64];                    /* what precedes a logement */
	int in_order;                       /* the reference is sorted so far: new
	                                       logements merged at their place */
	int verified;                       /* its index vouches for the order (else
	                                       it is checked while it is read) */
	size_t next_new;                    /* in order: first entry neither placed nor seen */
	char last_rpls[SNE_RPLS_SIZE];      /* in order: the reference's previous number */
	int resolved;                       /* current and insert_* are the current record's */
	struct sne_rpls_entry *current;     /* the batch's entry of the current record, or NULL */
	size_t insert_from, insert_to;      /* new entries written before the current record */
	struct sne_rpls_index_builder *sidecar; /* in place: the index of the output, owned,
	                                           or NULL */
	struct sne_rpls_merge_counts counts;
};

/* Sets up MERGE of BATCH (borrowed, sorted); VERBOSE as -v.  Free with
 * sne_rpls_merge_free(). */
void sne_rpls_merge_init(struct sne_rpls_merge *merge, struct sne_rpls_batch *batch,
                         int verbose);
void sne_rpls_merge_free(struct sne_rpls_merge *merge);

/* Merges the batch into the reference read from IN (NULL: none yet, an
 * empty reference), named PATH ("-" for standard input), writing the
 * result to OUT (borrowed, not closed).  Returns 0, or SNE_EX_DATAERR
 * (reference not well-formed, or said sorted and found otherwise),
 * SNE_EX_IOERR (write error), after saying why. */
int sne_rpls_merge_stream(struct sne_rpls_merge *merge, struct sne_input *in, const char *path,
                          struct sne_output *out);
/* Merges into the reference at PATH (created when missing) rewritten in
 * place under its lock (WAIT as --wait), with its index.  Returns the worst
 * status; 64 or more after saying why, PATH then left as it was. */
int sne_rpls_merge_in_place(struct sne_rpls_merge *merge, const char *path, int wait);
/* Merges into the reference at PATH (missing: none yet), the result on
 * standard output.  Returns the worst status, after saying why. */
int sne_rpls_merge_to_stdout(struct sne_rpls_merge *merge, const char *path);

/* The bilan of the load, with sne_info(): rows read, new, known, updated,
 * excluded, rejected, and the doubles kept once when there were some. */
void sne_rpls_load_print_summary(const struct sne_rpls_batch_counts *batch,
                                 const struct sne_rpls_merge_counts *merge);

#endif
