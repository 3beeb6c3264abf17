/* The envelope of a stream: the root element around the records and the
 * header that may come before them (interfaceNuu's entete).  The stream
 * checks the envelope's shape as it reads (sne_stream_spec.envelope): the
 * root's name and namespace, the header at most once and before any
 * record, nothing else than records and blanks in the root.  What the
 * envelope says (the interface's version, the file's type and date) is
 * gathered into a struct sne_head, checked by the envelope's own rule and
 * then handed to the program (sne_stream_spec.on_head). */
#ifndef SNE_ENVELOPE_H
#define SNE_ENVELOPE_H

#include <stddef.h>

/* Most header fields and root attributes kept; more are ignored. */
#define SNE_HEAD_FIELDS 8
/* Longest header field or root attribute value kept (longer is cut). */
#define SNE_HEAD_VALUE_MAX 256

struct sne_head_field {
	char name[64];                     /* local name */
	char value[SNE_HEAD_VALUE_MAX];    /* text, NUL-terminated */
};

/* What a document says around its records, once its header is read (at
 * its first record, or at the end of the root when it holds none). */
struct sne_head {
	/* The pointers below are borrowed from the stream: valid until its run
	 * ends (the callbacks may read them, a copy of the struct may not). */
	const char *source;            /* input name, for messages */
	long line;                     /* line of the header, else of the root */
	struct sne_head_field attributes[SNE_HEAD_FIELDS]; /* the root's, without namespace */
	size_t nattributes;
	struct sne_head_field fields[SNE_HEAD_FIELDS];     /* the header's simple children */
	size_t nfields;
	const char *root_namespaces;   /* the root's declarations, as
	                                  sne_record_root_namespaces() */
	/* Set only for a document holding no record (the head is then given
	 * at the end of the root): where records would go, as an offset in
	 * the whole document that on_tail receives: the start of the root's
	 * end tag, or of "/>" when the root is written self-closing. */
	int empty;
	size_t close_at;
	int self_closing;
	char root_qname[128];          /* the root's name as written ("ns1:interfaceNuu") */
};

/* Value of root attribute NAME, or NULL.  Borrowed. */
const char *sne_head_attribute(const struct sne_head *head, const char *name);
/* Text of header field NAME, or NULL.  Borrowed. */
const char *sne_head_field(const struct sne_head *head, const char *name);

struct sne_envelope {
	const char *root_name;     /* local name of the root, in the records' namespace */
	const char *header_name;   /* optional element before the records, or NULL */
	/* What the header must say: returns 0, or -1 with a French reason in
	 * WHY (the stream then refuses the document, 65).  May be NULL. */
	int (*check)(const struct sne_head *head, char *why, size_t size);
};

/* interfaceNuu: root "interfaceNuu", header "entete"; versionInterface
 * 02.00 or 02.01 when given, typeFichier a known type when given,
 * dateFichier a date or date-time when given. */
extern const struct sne_envelope sne_envelope_interface;
/* The RPLS reference: root "logements", no header. */
extern const struct sne_envelope sne_envelope_rpls;
/* The notices: root "envois", no header. */
extern const struct sne_envelope sne_envelope_envois;

/* The interface's file types. */
#define SNE_TYPE_CREATION "CRE"
#define SNE_TYPE_MODIFICATION "MOD"

/* The type of the file (typeFichier), or NULL when the header has none
 * (a register, a pipeline's stream).  Borrowed. */
const char *sne_head_type(const struct sne_head *head);
/* Refuses (-1, reason in WHY) a file whose typeFichier is given and is not
 * WANTED; PROGRAM is the program refusing it, for the message, which names
 * the program that takes such files. */
int sne_head_require_type(const struct sne_head *head, const char *wanted, const char *program,
                          char *why, size_t size);

#endif
