/* The RPLS reference: dwellings of the bailleurs sociaux, by RPLS number.
 *
 * Reference stream (share/xsd/rpls.xsd), one logement a line:
 *
 *   <r:logements xmlns:r="urn:sne:rpls:1">
 *     <r:logement rpls="74A0001234"><r:commune>74010</r:commune>
 *       <r:adresse><r:numero>12</r:numero><r:type>RUE</r:type>
 *       <r:voie>des Lilas</r:voie><r:codePostal>74000</r:codePostal></r:adresse>
 *       <r:pieces>3</r:pieces><r:surface>65.5</r:surface>
 *       <r:financement>PLUS</r:financement><r:construction>1998</r:construction>
 *       <r:miseEnService>2017-01-15</r:miseEnService>
 *       <r:lot id="lot-2017-03" date="2017-03-01"/></r:logement>
 *   </r:logements>
 *
 * rpls (10 characters [0-9A-Z]), commune (INSEE code), pieces (1..99),
 * surface (habitable, m², '.' decimal) and miseEnService (DATIMMAT, ISO
 * date) are always there; the adresse parts, financement and construction
 * (year) only when known.  lot says which batch loaded or last changed the
 * dwelling; it is not part of the dwelling's content (a batch that brings a
 * known dwelling unchanged leaves its lot alone). */
#ifndef SNE_RPLS_H
#define SNE_RPLS_H

#include <stddef.h>

#include "sne/stream.h"

#define SNE_RPLS_LEN 10
#define SNE_RPLS_SIZE 11

/* Whether TEXT is exactly 10 characters [0-9A-Z]. */
int sne_rpls_is_valid(const char *text);

/* A dwelling, every field a UTF-8 string ("" when unknown, never NULL once
 * normalized). */
struct sne_rpls_logement {
	const char *rpls, *commune;
	const char *numero, *type_voie, *voie, *code_postal;
	const char *pieces, *surface, *financement, *construction;
	const char *mise_en_service;
	const char *lot_id, *lot_date;
};

/* Field ids of a reference record, in the order of sne_rpls_fields. */
enum sne_rpls_field {
	SNE_RPLS_F_RPLS, SNE_RPLS_F_COMMUNE, SNE_RPLS_F_NUMERO, SNE_RPLS_F_TYPE_VOIE,
	SNE_RPLS_F_VOIE, SNE_RPLS_F_CODE_POSTAL, SNE_RPLS_F_PIECES, SNE_RPLS_F_SURFACE,
	SNE_RPLS_F_FINANCEMENT, SNE_RPLS_F_CONSTRUCTION, SNE_RPLS_F_MISE_EN_SERVICE,
	SNE_RPLS_F_LOT_ID, SNE_RPLS_F_LOT_DATE, SNE_RPLS_NFIELDS
};
/* Paths of those fields, for a struct sne_stream_spec on "logement"
 * records of namespace SNE_NS_RPLS. */
extern const char *const sne_rpls_fields[SNE_RPLS_NFIELDS];

/* Fills OUT from a reference record read with sne_rpls_fields (strings
 * borrowed from the record; absent fields are ""). */
void sne_rpls_from_record(const struct sne_record *record, struct sne_rpls_logement *out);

/* Checks IN and returns a normalized copy: blanks trimmed, rpls and commune
 * upper case, surface with '.', the date in ISO form.  NULL with a French
 * reason in WHY when a field is wrong.  One block, freed with free(). */
struct sne_rpls_logement *sne_rpls_normalize(const struct sne_rpls_logement *in, char *why,
                                             size_t why_size);
/* Whether A and B describe the same dwelling (every field but lot). */
int sne_rpls_same(const struct sne_rpls_logement *a, const struct sne_rpls_logement *b);
/* The logement element on one line, element names with PREFIX ("" for
 * none), text escaped.  Freed by the caller with free(); *LEN its length. */
char *sne_rpls_render(const struct sne_rpls_logement *logement, const char *prefix,
                      size_t *len);

/* A hash index of short keys (RPLS numbers, numéros uniques: at most
 * SNE_INDEX_KEY_MAX characters) to borrowed pointers. */
#define SNE_INDEX_KEY_MAX 31
struct sne_index;
/* Never NULL (aborts when out of memory).  Free with sne_index_free(). */
struct sne_index *sne_index_new(void);
/* The value of KEY, or NULL. */
void *sne_index_get(const struct sne_index *index, const char *key);
/* Sets KEY to VALUE (not NULL); returns the previous value or NULL.  A key
 * longer than SNE_INDEX_KEY_MAX is cut. */
void *sne_index_put(struct sne_index *index, const char *key, void *value);
size_t sne_index_count(const struct sne_index *index);
/* Frees the index, not the values. */
void sne_index_free(struct sne_index *index);

#endif
