/* The suivi element (namespace urn:sne:suivi:1): the state of a demande in
 * the register.  A program reads suivi fields through the stream (paths
 * "s:suivi/s:etat"...); when it must change a record it loads the suivi,
 * edits it and stores it back.  Loading parses nothing: the stream listed
 * the spans of the suivi's children in its pass (field SNE_SUIVI_FIELD);
 * the edits are kept as they are made and storing splices them into the
 * suivi's bytes, so what no edit touched stays byte for byte (its layout,
 * comments, character references, quotes).  Only new elements and
 * attributes are written, indented as their neighbours; a record without
 * suivi gets a new one at the end of the demande. */
#ifndef SNE_SUIVI_H
#define SNE_SUIVI_H

#include "sne/date.h"
#include "sne/stream.h"

struct sne_suivi;
/* A child of the suivi (or a new element under one).  Borrowed from the
 * suivi, valid until sne_suivi_free(). */
typedef struct sne_suivi_node sne_suivi_node;

/* Field path of the suivi element, to declare in a program's fields so that
 * sne_suivi_load() finds it and its children (sne/stream.h, "..."): the
 * field matches the suivi element as "s:suivi" does. */
#define SNE_SUIVI_FIELD "s:suivi/..."

/* The suivi of RECORD (the match of field SUIVI_FIELD, which must be
 * declared SNE_SUIVI_FIELD: anything else is a programming error, which
 * aborts), or an empty one when the record has none.  Returns NULL and
 * prints why when the record has several suivi.  Free with
 * sne_suivi_free(), before the record callback returns. */
struct sne_suivi *sne_suivi_load(struct sne_record *record, size_t suivi_field);
void sne_suivi_free(struct sne_suivi *suivi);

/* Sets the text of child NAME, creating it in the contract's order. */
void sne_suivi_set_text(struct sne_suivi *suivi, const char *name, const char *text);
/* First child element NAME, or NULL. */
sne_suivi_node *sne_suivi_find(struct sne_suivi *suivi, const char *name);
/* First child NAME, created (in the contract's order) when missing. */
sne_suivi_node *sne_suivi_ensure(struct sne_suivi *suivi, const char *name);
/* Appends a new child NAME (for repeated ones: envoi), in the contract's
 * order (before historique). */
sne_suivi_node *sne_suivi_append(struct sne_suivi *suivi, const char *name);
/* Appends a new child NAME under PARENT (attribution/logement...). */
sne_suivi_node *sne_suivi_append_child(sne_suivi_node *parent, const char *name);
/* Removes and frees child NAME if present (the radiation of a reactivated
 * demande). */
void sne_suivi_remove(struct sne_suivi *suivi, const char *name);
/* Attribute NAME of NODE, or NULL.  Borrowed until the node changes. */
const char *sne_suivi_attr(sne_suivi_node *node, const char *name);
/* Sets (or, with VALUE NULL, removes) attribute NAME of NODE. */
void sne_suivi_set_attr(sne_suivi_node *node, const char *name, const char *value);
/* Sets attribute NAME to DATE in ISO form. */
void sne_suivi_set_date(sne_suivi_node *node, const char *name, struct sne_date date);

/* Appends <evenement date=DATE type=TYPE guichet=GUICHET/> to historique
 * (created when missing) and returns it, for more attributes (operateur,
 * motif...).  GUICHET may be NULL. */
sne_suivi_node *sne_suivi_add_evenement(struct sne_suivi *suivi, struct sne_date date,
                                        const char *type, const char *guichet);
/* Sets <modification date= guichet=/>. */
void sne_suivi_touch(struct sne_suivi *suivi, struct sne_date date, const char *guichet);

/* Splices the edits into RECORD (one edit replacing the old suivi, none
 * when nothing changed), or inserts the new suivi before the end tag of
 * the record with the record's indentation.  Call once per record. */
void sne_suivi_store(struct sne_suivi *suivi, struct sne_record *record);

/* A new suivi for a record that has none, as sne_suivi_load() of an empty
 * suivi then sne_suivi_set_text(etat, origine), sne_suivi_touch(date,
 * guichet), the renouvellement's prochain, one sne_suivi_add_evenement(date,
 * type, guichet) per type and sne_suivi_store() would write it, byte for
 * byte, but written straight as text: no tree, no allocation. */
struct sne_suivi_nouveau {
	const char *etat;
	const char *origine;              /* or NULL: no origine element */
	struct sne_date date;             /* of the modification and evenements */
	const char *guichet;              /* or NULL or "": no guichet attribute */
	const struct sne_date *prochain;  /* or NULL: no renouvellement element */
	const char *const *evenements;    /* types, NULL-terminated (may be empty) */
};
/* Inserts the new suivi N into RECORD, which must have no suivi.  Call once
 * per record. */
void sne_suivi_store_new(struct sne_record *record, const struct sne_suivi_nouveau *n);

#endif
