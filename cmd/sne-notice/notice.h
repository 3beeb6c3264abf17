/* sne-notice, internal interface between its files: reading the facts of
 * a demande, building the postal address block, rendering and writing the
 * envois. */
#ifndef SNE_NOTICE_INTERNAL_H
#define SNE_NOTICE_INTERNAL_H

#include <stddef.h>

#include "sne/adresse.h"
#include "sne/commune.h"
#include "sne/avertissement.h"
#include "sne/contact.h"
#include "sne/numero.h"
#include "sne/preavis.h"
#include "sne/stream.h"
#include "sne/template.h"

/* Fields read from each demande; the order of notice_fields[]. */
enum notice_field {
	F_SUIVI, F_NUMERO, F_NOM, F_PRENOM, F_CIVILITE, F_DEPOT, F_MOBILE, F_MEL,
	F_ETRANGER, F_ADRESSE, F_ADR_COMPLEMENT, F_ADR_NUMERO, F_ADR_VOIE, F_ADR_LIEU_DIT,
	F_ADR_CODE_POSTAL, F_ADR_VILLE, F_ADR_COMMUNE, F_ADR_PAYS, F_ETAT, F_ORIGINE, F_PROCHAIN, F_DERNIER, F_CANAL,
	F_EVT_TYPE, F_EVT_DATE, F_EVT_CANAL, F_ENVOI_TYPE, F_ENVOI_DATE, F_ENVOI_ANNIVERSAIRE,
	F_AV_MOTIF, F_AV_SOUS_MOTIF, F_AV_ENVOI,
	F_COUNT
};
extern const char *const notice_fields[F_COUNT];

/* Most events and envois of one demande looked at (the latest ones). */
#define NOTICE_EVENTS_MAX 32

/* The facts of one demande and the contacts they came from. */
struct notice_demande {
	struct sne_preavis_faits faits;
	struct sne_avertissement_faits avertissement;
	struct sne_preavis_evenement evenements[NOTICE_EVENTS_MAX];
	struct sne_preavis_envoi envois[NOTICE_EVENTS_MAX];
	char numero[SNE_NUMERO_SIZE];
	char mobile[SNE_MOBILE_SIZE];
	char courriel[SNE_COURRIEL_SIZE];
	char adresse[SNE_ADRESSE_SIZE];  /* lines joined by '\n', "" when none */
};

/* Reads the facts of RECORD as of TODAY that say which notices are due:
 * state, numéro, anniversary, events, envois and the avertissement de
 * radiation in progress (no contact yet).
 * Returns 0, or -1 with a French reason in WHY (the record is then
 * refused). */
int notice_demande_read(struct sne_record *record, struct sne_date today,
                        struct notice_demande *out, char *why, size_t why_size);
/* Adds the contacts of RECORD to OUT: address block (towns from
 * COMMUNES), mobile and e-mail, which choose the channels.  Read only when
 * a notice is due (most demandes have none on a day).  Returns 0, or -1
 * with WHY. */
int notice_contacts_read(struct sne_record *record, const struct sne_communes *communes,
                         struct notice_demande *out, char *why, size_t why_size);

/* Builds the address block of RECORD into OUT (SNE_ADRESSE_SIZE bytes)
 * with sne_adresse_format().  Returns 0 ("" when the record has no postal
 * address), or -1 with WHY. */
int notice_adresse(struct sne_record *record, const struct sne_communes *communes, char *out,
                   char *why, size_t why_size);

/* The templates of a run, loaded and checked at start. */
struct notice_modeles;
/* Loads from DIR every template the schedule and attestations may use.
 * Returns NULL after printing why (exit 78). */
struct notice_modeles *notice_modeles_load(const char *dir,
                                           const struct sne_preavis_rule *schedule,
                                           int nrules);
void notice_modeles_free(struct notice_modeles *modeles);

/* The rendered text of one envoi: an e-mail's subject and body, or the
 * text (CORPS) of an SMS or a letter (SUJET NULL).  Owned: freed with
 * notice_texte_free(). */
struct notice_texte {
	char *sujet;
	char *corps;
};
void notice_texte_free(struct notice_texte *texte);

/* Renders NOTICE on channel CANAL for RECORD into *OUT.  Returns 0, or -1
 * when a value is missing: *MISSING names the placeholder. */
int notice_render(const struct notice_modeles *modeles, const struct sne_notice *notice,
                  unsigned canal, struct sne_record *record,
                  const struct notice_demande *demande, struct sne_date today,
                  struct notice_texte *out, const char **missing);

/* Writes the envois stream's head / one envoi / its tail.  0 or -1 (errno). */
int notice_write_head(struct sne_output *out, struct sne_date today);
int notice_write_envoi(struct sne_output *out, const struct sne_notice *notice,
                       unsigned canal, const struct notice_demande *demande,
                       struct sne_date today, const struct notice_texte *texte);
int notice_write_tail(struct sne_output *out);

/* The letters as PDF (sne-notice --pdf), A4 pages for a printing house. */
struct notice_pdf;
/* PATH ending in ".pdf": one file for every letter of the run, written to
 * PATH.tmp and renamed by notice_pdf_close() (none when there is no
 * letter); otherwise a folder that gets one file per letter,
 * NUMERO-TYPE.pdf.  NULL after printing why (exit 73). */
struct notice_pdf *notice_pdf_open(const char *path);
/* Adds one letter to PDF: the address block ADRESSE in the window of the
 * envelope, TEXT (without that block) under the first fold.  0, or -1
 * after printing why (exit 74). */
int notice_pdf_letter(struct notice_pdf *pdf, const char *numero, const char *type,
                      const char *adresse, const char *text);
/* Finishes and frees PDF (may be NULL); the one file is kept only when
 * COMMIT.  0, or -1 after printing why. */
int notice_pdf_close(struct notice_pdf *pdf, int commit);

/* French name of one channel: "sms", "courriel", "courrier". */
const char *notice_canal_name(unsigned canal);

#endif
