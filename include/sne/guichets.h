/* The register of guichets enregistreurs (share/xsd/guichet.xsd,
 * sne-records(5)): read whole (a few thousand guichets at most), checked
 * against its schema, looked up by code; edited and written back by
 * sne-guichet(1). */
#ifndef SNE_GUICHETS_H
#define SNE_GUICHETS_H

#include <stddef.h>

#include "sne/date.h"
#include "sne/guichet.h"
#include "sne/io.h"
#include "sne/territoire.h"

#define SNE_GUICHETS_NS "urn:sne:guichet:1"
#define SNE_GUICHET_LIGNES_MAX 4

struct sne_guichet_adresse {
	const char *lignes[SNE_GUICHET_LIGNES_MAX]; /* borrowed from the register */
	size_t nlignes;
	const char *code_postal, *commune;
};

/* One guichet as read; every string is borrowed from the register and
 * lives until sne_guichets_free() or the next edit. */
struct sne_guichet {
	char code[SNE_GUICHET_SIZE];
	const char *nom, *type;
	char (*territoires)[SNE_TERRITOIRE_SIZE];
	size_t nterritoires;
	struct sne_guichet_adresse adresse;
	struct sne_date ouverture;
	int ferme;               /* a closing date is set */
	struct sne_date fermeture; /* the first day it no longer acts */
	void *node;              /* its element in the tree */
};

struct sne_guichets;

/* Reads and validates the register at PATH (gzip or not, NULL or "-" for
 * standard input) into *OUT.  Returns 0, or SNE_EX_NOINPUT, SNE_EX_IOERR,
 * SNE_EX_DATAERR after "prog: PATH:line: message" (*OUT is then NULL; a
 * DOCTYPE, a foreign root, a file over 64 MiB are refused).  Free with
 * sne_guichets_free(). */
int sne_guichets_load(const char *path, struct sne_guichets **out);
/* The same from IN (borrowed, read to its end); PATH (may be NULL: IN's
 * name) is the name kept for messages and sne_guichets_path(). */
int sne_guichets_read(struct sne_input *in, const char *path, struct sne_guichets **out);
/* Validates TREE (an xmlDocPtr) against share/xsd/guichet.xsd; PATH names
 * it in messages.  Returns 0, SNE_EX_DATAERR or SNE_EX_SOFTWARE. */
int sne_guichets_validate(const char *path, void *tree);
/* An empty register, to be written to PATH. */
struct sne_guichets *sne_guichets_new(const char *path);
void sne_guichets_free(struct sne_guichets *reg);
size_t sne_guichets_count(const struct sne_guichets *reg);
/* Guichet I, in the order of the file (borrowed). */
const struct sne_guichet *sne_guichets_at(const struct sne_guichets *reg, size_t i);
/* The guichet CODE (canonical), or NULL (borrowed). */
const struct sne_guichet *sne_guichets_find(const struct sne_guichets *reg, const char *code);
/* Whether G acts on DATE: opened on or before DATE, and DATE before its
 * fermeture (the day of fermeture is the first day it is closed). */
int sne_guichet_is_open(const struct sne_guichet *g, struct sne_date date);
/* Whether G serves TERRITOIRE. */
int sne_guichet_serves(const struct sne_guichet *g, const char *territoire);
/* Up to 3 known codes nearest CODE (fewest differing characters, open at
 * DATE first), "G0417, G0420", into BUF (SIZE bytes); "" when none. */
void sne_guichets_nearest(const struct sne_guichets *reg, const char *code,
                          struct sne_date date, char *buf, size_t size);
/* Returns 0 when CODE is held and open at DATE; else prints why (naming
 * the nearest known codes) and returns SNE_EX_USAGE.  GDPUB, the portal,
 * is never held by the register. */
int sne_guichets_check_active(const struct sne_guichets *reg, const char *code,
                              struct sne_date date);

/* Contact points, for the letters and sne-guichet CODE. */
struct sne_guichet_contact {
	unsigned id;
	const char *type;        /* "physique" | "telephone" */
	const char *libelle;
	int has_adresse;
	struct sne_guichet_adresse adresse;
	const char *telephone;   /* NULL when none */
	const char *horaires[7]; /* lundi..dimanche, NULL when closed */
};
/* The contacts of G, up to MAX into OUT; returns how many G has. */
size_t sne_guichet_contacts(const struct sne_guichet *g, struct sne_guichet_contact *out,
                            size_t max);
/* French weekday names, lundi first. */
extern const char *const sne_guichet_jours[7];

/* The path the register was read from (borrowed). */
const char *sne_guichets_path(const struct sne_guichets *reg);
/* The libxml2 document (xmlDocPtr) for the edits of lib/guichets_edit.c. */
void *sne_guichets_doc(struct sne_guichets *reg);
/* Rebuilds the index after an edit of the tree. */
void sne_guichets_reindex(struct sne_guichets *reg);

#endif
