/* Identity of a demandeur for doublon detection: nom, prénom and date de
 * naissance compared without case and accents, inside one territory. */
#ifndef SNE_IDENTITE_H
#define SNE_IDENTITE_H

#include <stddef.h>
#include <stdint.h>

/* Folds UTF-8 TEXT for comparison into OUT (SIZE bytes, always
 * NUL-terminated, cut when too small), in every script: case folded and
 * decomposed (libunistring's u8_casefold with NFKD), marks removed ("É"
 * "é" "ê" give "e", "ư" gives "u", "Ș" gives "s", "Σ" "ς" give "σ",
 * "И" gives "и"), letters that Unicode does not decompose spelt with their
 * base ("ł" "l", "ø" "o", "đ" "d", "œ" "oe", "ß" "ss"), and runs of
 * anything that is not a letter or digit (blanks, '-', apostrophes) one
 * blank, trimmed at both ends: "  Jean-PIERRE  d’Arc" gives "jean pierre d
 * arc".  Returns the length written. */
size_t sne_identite_fold(const char *text, char *out, size_t size);

/* 64-bit key of (folded NOM, folded PRENOM, DATE_NAISSANCE trimmed,
 * TERRITOIRE): equal for the same person in the same territory whatever the
 * case and accents.  NULL arguments count as empty. */
uint64_t sne_identite_key(const char *nom, const char *prenom, const char *date_naissance,
                          const char *territoire);

#endif
