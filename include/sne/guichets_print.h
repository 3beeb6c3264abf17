/* The register of guichets for people: the listing of sne-guichet
 * --lister (an aligned table, or TSV for a spreadsheet), one guichet in
 * full (sne-guichet CODE), and the lines the letters of sne-notice quote.
 * The writers return 0 or SNE_EX_IOERR after the output's message. */
#ifndef SNE_GUICHETS_PRINT_H
#define SNE_GUICHETS_PRINT_H

#include <stddef.h>

#include "sne/guichets.h"
#include "sne/io.h"

enum sne_guichets_format { SNE_GUICHETS_TABLE, SNE_GUICHETS_TSV };

/* Every guichet of REG, one a line, with its state at DATE. */
int sne_guichets_print_list(const struct sne_guichets *reg, struct sne_date date,
                            enum sne_guichets_format format, struct sne_output *out);
/* G in full: its fields, state at DATE, contact points, historique. */
int sne_guichet_print(const struct sne_guichet *g, struct sne_date date,
                      struct sne_output *out);
/* A's lines, then "code postal commune", joined by SEP ("\n" for a
 * letter, ", " in a sentence), into BUF (SIZE bytes). */
void sne_guichet_adresse_text(const struct sne_guichet_adresse *a, const char *sep, char *buf,
                              size_t size);
/* G's contact points for a letter, one a line: "Accueil logement : Hôtel
 * de ville, 74000 Annecy ; lundi 8h30-12h et 13h30-17h, mercredi 8h30-12h"
 * and "Standard logement : 04 50 33 88 88 ; mardi 9h-12h", into BUF;
 * "" when G has none. */
void sne_guichet_contacts_text(const struct sne_guichet *g, char *buf, size_t size);

#endif
