/* Several inputs read as one stream (sne_cli runs every program's files
 * this way): the first input's prolog, root and header, the records of
 * every input, then the end of the first input, which closes its root.
 * Records of later inputs carry the namespace declarations of their own
 * root, which is not written.  A first input holding no record (an empty
 * register, "<r/>" or not) has its root opened for the records of the
 * later ones: the result is always one well-formed document. */
#ifndef SNE_MERGE_H
#define SNE_MERGE_H

#include "sne/io.h"
#include "sne/stream.h"

struct sne_merge_inputs {
	int count;      /* at least 1 */
	/* Opens input I (from 0), or says why and returns NULL: the run then
	 * stops with SNE_EX_NOINPUT. */
	struct sne_input *(*open)(int i, void *ctx);
	/* Done with input I, opened by open(). */
	void (*close)(struct sne_input *in, int i, void *ctx);
	/* Optional (NULL: none): called for each record before the program. */
	void (*tick)(void *ctx);
	void *ctx;
};

/* Runs SPEC over the inputs as one stream: its on_record for every record
 * in order, its on_head for each input, its on_tail once at the end with
 * the bytes that close the document.  Returns the worst status of the
 * runs and callbacks; stops at the first status of 64 or more. */
int sne_merge_run(const struct sne_merge_inputs *inputs, const struct sne_stream_spec *spec);

#endif
