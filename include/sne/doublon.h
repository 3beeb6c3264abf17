/* Index of the identities of a register, to refuse doublons: the same
 * demandeur (sne/identite.h) with a demande active or en attente de
 * validation in the same territory.
 *
 * Memory grows with the register, never with record size: one 32-byte slot
 * per demande (the 64-bit identity key, the numéro, the rank), in an open
 * addressing table kept at most 3/4 full.  An SQLite register is not
 * loaded: it is searched by its identity index (sne/store.h), one query per
 * demande checked, and memory stays flat. */
#ifndef SNE_DOUBLON_H
#define SNE_DOUBLON_H

#include <stddef.h>
#include <stdint.h>

#include "sne/numero.h"

struct sne_doublon;

/* What the index knows of a demande. */
struct sne_doublon_entry {
	uint64_t key;
	char numero[SNE_NUMERO_SIZE]; /* "" for a demande en attente de validation */
	uint32_t rank;                /* rank in the register (1 = first) */
};

/* A new empty index.  Free with sne_doublon_free(). */
struct sne_doublon *sne_doublon_new(void);
void sne_doublon_free(struct sne_doublon *index);
/* Adds KEY for the demande NUMERO (NULL or "" when it has none yet) of RANK. */
void sne_doublon_add(struct sne_doublon *index, uint64_t key, const char *numero, size_t rank);
/* The first demande with KEY (of the register loaded, then of those
 * added), or NULL.  Borrowed until the next add or find.  NULL as well
 * when an SQLite register could not be searched: sne_doublon_error() then
 * says why, and the caller refuses what it checked. */
const struct sne_doublon_entry *sne_doublon_find(struct sne_doublon *index, uint64_t key);
/* Why the last search failed (French), or NULL. */
const char *sne_doublon_error(const struct sne_doublon *index);
/* Number of demandes in the index. */
size_t sne_doublon_count(const struct sne_doublon *index);

/* Reads the register at PATH (gzip or not) and adds every demande active or
 * en-attente-validation, its territory taken from its numéro, else from its
 * communes souhaitées; an SQLite register is searched instead: the run's
 * own (-i, sne_store_current()) or opened for reading until free.  Returns
 * 0, or an SNE_EX_* code after printing why (66 missing file, 65 not
 * well-formed, 74 read error). */
int sne_doublon_load(struct sne_doublon *index, const char *path);

#endif
