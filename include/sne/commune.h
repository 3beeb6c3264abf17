/* The commune table: INSEE's Code officiel géographique with La Poste's
 * postal codes and libellés d'acheminement (share/communes/communes.tsv,
 * made by tools/communes).  It knows current communes, the arrondissements
 * of Paris, Lyon and Marseille, and the former codes of merged communes
 * (communes déléguées, associées, older codes), each mapped to the
 * current commune.
 *
 * The file is mapped once per run and searched by bisection; a commune
 * looked up points into the mapping (borrowed until sne_communes_close()). */
#ifndef SNE_COMMUNE_H
#define SNE_COMMUNE_H

#include <stddef.h>

#define SNE_COMMUNE_CODE_SIZE 6

struct sne_communes;

/* One line of the table.  NOM and POSTAUX are not NUL-terminated. */
struct sne_commune {
	char code[SNE_COMMUNE_CODE_SIZE];    /* as the table has it: "2A004" */
	char actuel[SNE_COMMUNE_CODE_SIZE];  /* the current commune: CODE itself unless merged */
	const char *nom;                     /* "Annecy-le-Vieux"; may be empty for an old code */
	size_t nom_len;
	const char *postaux;                 /* "74000,74370:ANNECY|20167:MEZZAVIA" */
	size_t postaux_len;
};

/* Opens the table at PATH.  Returns it, closed with sne_communes_close(),
 * or NULL with a French reason in WHY. */
struct sne_communes *sne_communes_open(const char *path, char *why, size_t why_size);
/* The installed table (share/communes/communes.tsv under sne_share_dir()). */
struct sne_communes *sne_communes_open_default(char *why, size_t why_size);
void sne_communes_close(struct sne_communes *communes);
/* Number of codes in the table. */
size_t sne_communes_count(const struct sne_communes *communes);

/* Looks INSEE code CODE up ("2a004" is "2A004"); 0 with *OUT, or -1 when
 * no commune has or had this code. */
int sne_communes_find(const struct sne_communes *communes, const char *code,
                      struct sne_commune *out);
/* Same, then follows a former code to the current commune: *OUT is the
 * current one (74011 gives Annecy 74010).  0, or -1. */
int sne_communes_find_actuelle(const struct sne_communes *communes, const char *code,
                               struct sne_commune *out);
/* Whether postal code CP (5 digits) is one of COMMUNE's. */
int sne_commune_has_code_postal(const struct sne_commune *commune, const char *cp);
/* La Poste's libellé d'acheminement of COMMUNE for postal code CP into OUT
 * ("PARIS" for 75113 and 75013); the first libellé of the commune when CP
 * is not one of its codes.  Returns its length, or 0 when the table gives
 * none (then the name in capitals is the libellé). */
size_t sne_commune_acheminement(const struct sne_commune *commune, const char *cp, char *out,
                                size_t size);

#endif
