/* Radiation for attribution (RADATT): the attributions a bailleur declares,
 * checked, matched against the RPLS reference and applied to the suivi of
 * the demandes they name.  sne-attrib is the program; the rules live here
 * so that a unit test reaches each of them.
 *
 * An attribution is a row of values named like sne-attrib's options and
 * the columns of a batch CSV (sne_attribution_field_names): numero, rpls,
 * bailleur and date-bail are mandatory; date-cal, contingent,
 * accord-collectif and dalo optional; adresse, commune, type, surface,
 * loyer and qpv describe the dwelling, mandatory only when the RPLS
 * reference does not know its number, and are then written as attributes
 * of the attribution's logement element.
 *
 * A lot (struct sne_attribution_lot) owns the attributions of one run and
 * what is learnt about them: in order, sne_attribution_lot_add() or
 * sne_attribution_lot_read() for each source, sne_attribution_lot_index(),
 * sne_attribution_lot_ask_reference(), then for each demande of the
 * register streamed sne_attribution_lot_find() and
 * sne_attribution_lot_apply(), and at the end
 * sne_attribution_lot_report_unmatched().  Each refusal is said with
 * sne_warn_at() ("attribution refusée : ..." for an attribution that
 * cannot be read) and counted in `refused`. */
#ifndef SNE_ATTRIBUTION_H
#define SNE_ATTRIBUTION_H

#include <stddef.h>

#include "sne/date.h"
#include "sne/rpls.h"
#include "sne/stream.h"

/* The fields of an attribution, in the order of sne_attribution_field_names. */
enum sne_attribution_field {
	SNE_ATTRIBUTION_NUMERO, SNE_ATTRIBUTION_RPLS, SNE_ATTRIBUTION_BAILLEUR,
	SNE_ATTRIBUTION_DATE_BAIL, SNE_ATTRIBUTION_DATE_CAL, SNE_ATTRIBUTION_CONTINGENT,
	SNE_ATTRIBUTION_ACCORD, SNE_ATTRIBUTION_DALO,
	/* the dwelling, from here to the end */
	SNE_ATTRIBUTION_ADRESSE, SNE_ATTRIBUTION_COMMUNE, SNE_ATTRIBUTION_TYPE,
	SNE_ATTRIBUTION_SURFACE, SNE_ATTRIBUTION_LOYER, SNE_ATTRIBUTION_QPV,
	SNE_ATTRIBUTION_NFIELDS
};
#define SNE_ATTRIBUTION_FIRST_DWELLING_FIELD SNE_ATTRIBUTION_ADRESSE
/* The fields up to this one are mandatory (numero, rpls, bailleur, date-bail). */
#define SNE_ATTRIBUTION_LAST_MANDATORY_FIELD SNE_ATTRIBUTION_DATE_BAIL

/* Option names without "--" and CSV column names: "numero", "rpls",
 * "bailleur", "date-bail", ... "qpv". */
extern const char *const sne_attribution_field_names[SNE_ATTRIBUTION_NFIELDS];

/* Longest value plus its NUL. */
#define SNE_ATTRIBUTION_TEXT_MAX 256

/* One attribution, checked. */
struct sne_attribution {
	/* normalized values, "" when not given: trimmed, upper case but for
	 * bailleur and adresse, numero canonical, dates ISO, amounts with '.' */
	char values[SNE_ATTRIBUTION_NFIELDS][SNE_ATTRIBUTION_TEXT_MAX];
	struct sne_date date_bail;
	const char *source;         /* batch file (borrowed), or NULL from the command line */
	long line;                  /* its line in the batch file, 0 from the command line */
	int rpls_known;             /* the RPLS reference holds its dwelling */
	int matched;                /* its demande was found in the register */
};

/* Normalizes the amount TEXT in place: "65", "65,5", "412.30" (positive,
 * 1 to 6 digits, at most two decimals) with ',' made '.'.  Returns 0, or
 * SNE_EX_DATAERR when TEXT is not such an amount (TEXT may then have been
 * changed). */
int sne_attribution_normalize_amount(char *text);

/* Fills OUT from VALUES (each NULL or "" when not given), normalizes and
 * checks every value: the mandatory fields first, then each field given.
 * Returns 0, or SNE_EX_DATAERR with a French reason in WHY that starts
 * with the field's name ("dalo « PEUT-ETRE » invalide (attendu OUI, NON
 * ou NONDOC)", "rpls manquant").  source and line are left 0. */
int sne_attribution_parse(struct sne_attribution *out,
                          const char *const values[SNE_ATTRIBUTION_NFIELDS], char *why,
                          size_t why_size);

/* The dwelling fields A lacks, named in WHY (WHY_SIZE bytes, cut when
 * longer): "surface et loyer", "--surface et --loyer" for an attribution
 * of the command line, "adresse, commune, type, surface, loyer et qpv".
 * Returns how many are missing (0: WHY is ""). */
int sne_attribution_list_missing(const struct sne_attribution *a, char *why, size_t why_size);

/* The register fields the lot reads from each demande: give them to the
 * struct sne_stream_spec of the register stream. */
enum { SNE_ATTRIBUTION_REGISTER_NFIELDS = 4 };
extern const char *const sne_attribution_register_fields[SNE_ATTRIBUTION_REGISTER_NFIELDS];

/* The attributions of a run.  Zero-initialize it, set the run's facts,
 * free with sne_attribution_lot_free(). */
struct sne_attribution_lot {
	/* the run's facts, set by the caller */
	struct sne_date today;        /* date of the radiations; bail after it is refused */
	const char *guichet;          /* guichet who acts, or NULL; borrowed */
	const char *reference;        /* RPLS reference path, or NULL for none; borrowed */
	int verbose;                  /* say how the reference was read, name each radiation */

	/* owned by the lot */
	struct sne_attribution *attributions;
	size_t count, capacity;
	struct sne_index *by_numero;  /* canonical numéro -> its struct sne_attribution */
	struct sne_index *rpls_asked; /* RPLS number -> (void *)1 asked, (void *)2 known */
	size_t rpls_found;            /* numbers asked that the reference holds */

	/* the outcome */
	long radiated;                /* demandes radiated */
	long refused;                 /* attributions refused, each said with sne_warn_at() */
};

/* Adds the attribution of VALUES (see sne_attribution_parse()) read from
 * line LINE of SOURCE (NULL and 0 for the command line; SOURCE borrowed
 * for the lot's life).  Returns 0, or SNE_EX_DATAERR with the reason in
 * WHY and nothing added; the caller says it and counts it. */
int sne_attribution_lot_add(struct sne_attribution_lot *lot,
                            const char *const values[SNE_ATTRIBUTION_NFIELDS], const char *source,
                            long line, char *why, size_t why_size);

/* Adds the attributions of the batch CSV at PATH (borrowed for the lot's
 * life): a header naming the columns (numero, rpls, bailleur and
 * date-bail must be there), then one attribution a row; a row that cannot
 * be read or checked is refused (said, counted) and the others kept.
 * Returns 0; SNE_EX_NOINPUT when PATH cannot be opened, SNE_EX_DATAERR
 * for a bad header, SNE_EX_IOERR for a failed read, each said with
 * sne_warn(). */
int sne_attribution_lot_read(struct sne_attribution_lot *lot, const char *path);

/* Indexes the attributions by numéro and notes their RPLS numbers; a
 * second attribution for a numéro is refused (said, counted, and not
 * reported as missing later).  Call once, after the last add. */
void sne_attribution_lot_index(struct sne_attribution_lot *lot);

/* Learns which RPLS numbers of the lot the reference knows, and sets each
 * attribution's rpls_known: through the reference's index when it can
 * answer, else by reading the reference from the start until every number
 * is found (with verbose, both said with sne_info()).  Nothing to do
 * without a reference or an attribution.  Returns 0, or the SNE_EX_* code
 * of a reference that cannot be read (said). */
int sne_attribution_lot_ask_reference(struct sne_attribution_lot *lot);

/* Why A cannot be applied to the demande RECORD (read with
 * sne_attribution_register_fields), in French in WHY: not active, bail
 * before the dépôt or after the lot's today, dwelling unknown of the
 * reference and not described in full.  Returns 0 when it can, else
 * SNE_EX_DATAERR. */
int sne_attribution_lot_check(const struct sne_attribution_lot *lot,
                              const struct sne_attribution *a, const struct sne_record *record,
                              char *why, size_t why_size);

/* Writes the radiation of A into the suivi of RECORD: etat radiee, the
 * avertissement in progress closed, radiation RADATT dated of the bail
 * with its attribution and logement elements, an evenement, the suivi
 * touched, all dated the lot's today by its guichet.  Returns 0, or
 * SNE_EX_DATAERR when the record has several suivi (said by
 * sne_suivi_load()). */
int sne_attribution_lot_radiate(const struct sne_attribution_lot *lot,
                                const struct sne_attribution *a, struct sne_record *record);

/* The attribution of the lot that names the demande RECORD, or NULL.
 * Borrowed from the lot. */
struct sne_attribution *sne_attribution_lot_find(const struct sne_attribution_lot *lot,
                                                 const struct sne_record *record);

/* Checks A against RECORD and radiates it, or refuses it (said, counted);
 * A is marked matched either way.  Counts the radiation in `radiated`
 * (with verbose, named with sne_info()). */
void sne_attribution_lot_apply(struct sne_attribution_lot *lot, struct sne_attribution *a,
                               struct sne_record *record);

/* Refuses (says, counts) each attribution whose demande was not found in
 * the register. */
void sne_attribution_lot_report_unmatched(struct sne_attribution_lot *lot);

/* Frees what the lot owns, not the lot itself. */
void sne_attribution_lot_free(struct sne_attribution_lot *lot);

#endif
