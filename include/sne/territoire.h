/* Territories of the register: "111" for Île-de-France (75, 77, 78, 91,
 * 92, 93, 94, 95), "001".."095" for the other départements, "02A"/"02B"
 * for Corse, "971".."976" overseas. */
#ifndef SNE_TERRITOIRE_H
#define SNE_TERRITOIRE_H

#include <stddef.h>

#define SNE_TERRITOIRE_SIZE 4
#define SNE_TERRITOIRE_IDF "111"

/* Whether TEXT (exactly 3 characters) is a territory code, in canonical
 * form only: "02a" and "075" (Paris is in "111") are not. */
int sne_territoire_is_valid(const char *text);
/* Territory of INSEE commune code INSEE (5 characters: "74010", "2A004",
 * "97411") into OUT (SNE_TERRITOIRE_SIZE bytes).  Returns 0, or -1 with a
 * French reason in WHY (may be NULL).  "2a"/"2b" are accepted as "2A"/"2B"
 * (OUT is always canonical: "02A"); nothing else is trimmed or changed.
 * Refused: départements 00, 20 (Corse is 2A/2B), 96, 98, 99, 970, 977 and
 * up, and commune number 000 (no commune has it: usually a code postal). */
int sne_territoire_of_commune(const char *insee, char *out, char *why, size_t why_size);
/* Territory of a demande from its N communes souhaitées; refuses an empty
 * list, a bad code, and communes of two territories ("une demande par
 * département"), naming the two communes in WHY. */
int sne_territoire_of_communes(const char *const *insee, size_t n, char *out,
                               char *why, size_t why_size);

#endif
