/* Finding a few records among millions at the speed of the disk.
 *
 * Instead of parsing the whole stream (sne/stream.h), the input is searched
 * as bytes (memmem, several GB/s) for the key element of the records
 * wanted (the numUnique of a demande), or for raw strings; only the record
 * around a hit is handed over, with the root's start tag, to be parsed on
 * its own (sne/fragment.h).  No index to keep true: whoever rewrote the
 * file, the search reads what is there.
 *
 * What it does not do: check that the rest of the document is well-formed
 * (sne-validate --check does), or find a key written with a character
 * reference, a CDATA section or a comment inside it.  A hit is a
 * candidate: the caller parses the record and checks the key by namespace
 * URI before trusting it.
 *
 * A plain file is mapped whole and searched in the page cache, with no
 * copy.  Another input (standard input, a pipe, gzip) is read in 16 MiB
 * blocks, the 4 MiB before the search point kept (SNE_RECORD_MAX) so that a
 * record started there can still be handed over: memory stays flat.  A
 * gzip input is decompressed on the way (no random access): the search
 * then runs at the speed of inflate. */
#ifndef SNE_LOOKUP_H
#define SNE_LOOKUP_H

#include <stddef.h>


/* One record around a hit.  Everything borrowed, valid during the
 * callback. */
struct sne_lookup_hit {
	const char *key;          /* the key's text (NUL-terminated, trimmed);
	                             for sne_lookup_strings(), the string found */
	size_t string;            /* sne_lookup_strings(): index of the string */
	const char *bytes;        /* the record element, tags included */
	size_t len;
	long long offset;         /* of the record in the (decompressed) input */
	const char *root_tag;     /* the root element's start tag, as in the file */
	size_t root_len;
};

struct sne_lookup_spec {
	const char *record_name;  /* local name of a record element: "demande" */
	const char *key_name;     /* local name of its key element: "numUnique" */
	/* Whether the key KEY (trimmed text of a key element) is wanted: 1 to
	 * get its record in on_hit. */
	int (*wants)(const char *key, void *ctx);
	/* A record around a hit.  Returns 0 to go on, SNE_LOOKUP_STOP to stop
	 * reading (all was found), or an SNE_EX_* code to stop the run with it. */
	int (*on_hit)(const struct sne_lookup_hit *hit, void *ctx);
	void *ctx;
};

/* Returned by on_hit: stop reading, successfully. */
#define SNE_LOOKUP_STOP (-1)
/* The longest key text considered (a numéro is 18 characters). */
#define SNE_LOOKUP_KEY_MAX 64

/* Searches the file PATH (NULL: standard input; gzip or not) for key elements "<[p:]KEY_NAME ...>TEXT</...>" whose
 * trimmed TEXT is wanted, and hands over the record element RECORD_NAME
 * around each.  Returns 0, the code on_hit returned, SNE_EX_NOINPUT after
 * "prog: PATH: ouverture impossible : why", SNE_EX_DATAERR after "prog:
 * PATH: message" for input with no root element, a DOCTYPE, or a wanted
 * record with no end within SNE_RECORD_MAX, or SNE_EX_IOERR on a read
 * error. */
int sne_lookup_keys(const char *path, const struct sne_lookup_spec *spec);
/* Searches PATH for each of the NSTRINGS STRINGS (raw bytes, non-empty) and
 * hands over the record element RECORD_NAME around each hit that lies in
 * one, once per record and string (key_name and wants are not used).
 * Returns as sne_lookup_keys(). */
int sne_lookup_strings(const char *path, const struct sne_lookup_spec *spec,
                       const char *const *strings, size_t nstrings);

#endif
