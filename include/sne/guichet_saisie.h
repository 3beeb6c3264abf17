/* What people type for a guichet of the register (sne-guichet's options),
 * parsed as typed and given back canonical: a territory as "74" or "2a",
 * a telephone number with dots or +33, opening hours as "8h30-12h".  Each
 * parser returns 0, or -1 with a French reason in WHY (may be NULL). */
#ifndef SNE_GUICHET_SAISIE_H
#define SNE_GUICHET_SAISIE_H

#include <stddef.h>

#include "sne/territoire.h"

#define SNE_TELEPHONE_SIZE 16
#define SNE_HORAIRES_SIZE 128

/* "74", "074" give "074"; "2a", "2A" give "02A"; the départements of
 * Île-de-France ("75", "93") give "111"; "971".."976" as they are. */
int sne_saisie_territoire(const char *text, char out[SNE_TERRITOIRE_SIZE], char *why,
                          size_t why_size);
/* "0450338888", "04.50.33.88.88", "+33 4 50 33 88 88" give
 * "04 50 33 88 88"; a short number "3975" stays. */
int sne_saisie_telephone(const char *text, char out[SNE_TELEPHONE_SIZE], char *why,
                         size_t why_size);
/* Ranges "8h30-12h, 13:30-17:00" give "08:30-12:00 13:30-17:00" (each
 * range starts before it ends, in the order of the day). */
int sne_saisie_plages(const char *text, char out[SNE_HORAIRES_SIZE], char *why,
                      size_t why_size);
/* "Lundi", "lun", "MARDI" give 0 (lundi), 1...; -1 when not a weekday. */
int sne_saisie_jour(const char *text);
/* "lundi 8h30-12h" (a day then ranges, or "lundi fermé") into *JOUR and
 * OUT ("" for fermé). */
int sne_saisie_horaires(const char *text, int *jour, char out[SNE_HORAIRES_SIZE], char *why,
                        size_t why_size);
/* The kind of guichet: "EPCI", "département", "Action Logement",
 * "services de l'État", "mairie" give the schema's "epci", "departement",
 * "action-logement", "etat", "commune".  Static string, or NULL after WHY. */
const char *sne_saisie_type_guichet(const char *text, char *why, size_t why_size);
/* The kind of contact point: "physique" or "telephone" ("téléphone"). */
const char *sne_saisie_type_contact(const char *text, char *why, size_t why_size);

#endif
