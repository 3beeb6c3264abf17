/* Demandes found by numéro unique in registers (sne/lookup.h): each record
 * asked for, parsed on its own and checked, and for the numéros not found
 * what they probably meant: the same numéro under another code guichet
 * (mistyped), or the demande that names it (the one kept by a merge of
 * doublons, sne-fix --fusionner, once the merged one is gone). */
#ifndef SNE_RECHERCHE_H
#define SNE_RECHERCHE_H

#include <stddef.h>

#include "sne/numero.h"
#include "sne/selection.h"

struct _xmlNode;
struct sne_recherche;

/* Called with each demande found (its element, borrowed during the call).
 * Returns 0 or an SNE_EX_* code that stops the search with it. */
typedef int sne_recherche_fn(struct _xmlNode *demande, void *ctx);

/* A search for the numéros of SELECTION (borrowed; numéros found are
 * taken from it, sne_selection_take()).  Free with sne_recherche_free(). */
struct sne_recherche *sne_recherche_new(struct sne_selection *selection, sne_recherche_fn *found,
                                        void *ctx);
void sne_recherche_free(struct sne_recherche *recherche);

/* Searches file PATH (NULL: standard input; gzip or not) for the numéros
 * not found yet, noting the near misses; stops reading once all are
 * found.  Returns 0, the callback's code, or an SNE_EX_* code after a
 * message (no input 66, not a stream or a record found unreadable 65, I/O
 * 74); a record found unreadable does not stop the search. */
int sne_recherche_run(struct sne_recherche *recherche, const char *path);
/* Whether every numéro asked for was found. */
int sne_recherche_complete(const struct sne_recherche *recherche);
/* Reads file PATH again for the demandes that name the numéros still
 * absent with no near miss (at most 16 at a time).  Returns as
 * sne_recherche_run(). */
int sne_recherche_mentions(struct sne_recherche *recherche, const char *path);

/* A numéro not found, and what it probably meant. */
struct sne_absent {
	char numero[SNE_NUMERO_SIZE];
	char proche[SNE_NUMERO_SIZE];  /* same numéro, another code guichet, or "" */
	char citee[SNE_NUMERO_SIZE];   /* a demande that names it, or "" */
	int fusion;                    /* ... in an evenement "fusion" */
};

/* The numéros not found so far, in the order they were asked for.  Borrowed,
 * valid until the next call on RECHERCHE; *COUNT is set. */
const struct sne_absent *sne_recherche_absents(struct sne_recherche *recherche, size_t *count);
/* What ABSENT probably meant, in French, into BUF (SIZE): "vouliez-vous dire
 * … (même numéro, autre code guichet) ?", "elle a été fusionnée dans la
 * demande …, conservée : consultez celle-ci", "elle est citée par la demande
 * …" or "vérifiez le numéro et le registre". */
void sne_recherche_explain(const struct sne_absent *absent, char *buf, size_t size);

/* The canonical numéro unique of demande element DEMANDE (its
 * demandeLogement/numUnique, by namespace URI) into OUT; -1 when it has
 * none that reads. */
int sne_demande_numero(const struct _xmlNode *demande, char *out);
/* Whether NODE is a demande element of the interface's namespace. */
int sne_is_demande(const struct _xmlNode *node);

#endif
