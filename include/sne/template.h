/* Notice templates: UTF-8 text files with placeholders "{name}" (letters,
 * digits, '_'), rendered with the values of one demande.  A brace that
 * does not open such a name ("{ x", "{}") is kept as text.  One final
 * newline of the file is dropped, so an SMS does not end with one.
 *
 * An e-mail template starts with its subject, a header line "Sujet : TEXT"
 * (placeholders allowed) then an empty line; the body follows.  The
 * subject is not part of the rendered text.
 *
 * Templates are loaded and checked once at start: a missing file, text
 * that is not UTF-8 or a placeholder that the notice cannot fill is a
 * configuration error, found before anything is sent. */
#ifndef SNE_TEMPLATE_H
#define SNE_TEMPLATE_H

#include <stddef.h>

struct sne_template;

/* Loads PATH, whose placeholders must each be one of the NAMES (NNAMES of
 * them, borrowed for the template's life).  Returns the template, freed
 * with sne_template_free(), or NULL with a French reason in WHY naming the
 * file and, for a bad placeholder, its line and the names allowed. */
struct sne_template *sne_template_load(const char *path, const char *const *names,
                                       size_t nnames, char *why, size_t why_size);
/* Loads from memory TEXT (LEN bytes, NUL-terminated at LEN); NAME is used
 * in messages.  An empty template is refused. */
struct sne_template *sne_template_parse(const char *name, const char *text, size_t len,
                                        const char *const *names, size_t nnames,
                                        char *why, size_t why_size);
void sne_template_free(struct sne_template *template);
/* Whether the template uses placeholder NAMES[INDEX]. */
int sne_template_uses(const struct sne_template *template, size_t index);

/* Renders with VALUES[i] for NAMES[i].  Returns a string freed by the
 * caller with free(), or NULL when a placeholder used has no value (NULL
 * or empty): then *MISSING is its name (borrowed from NAMES). */
char *sne_template_render(const struct sne_template *template, const char *const *values,
                          const char **missing);

/* Whether the template has a "Sujet :" header. */
int sne_template_has_subject(const struct sne_template *template);
/* Renders the subject like sne_template_render(); NULL with *MISSING
 * "sujet" when the template has none. */
char *sne_template_render_subject(const struct sne_template *template,
                                  const char *const *values, const char **missing);

/* Number of SMS needed for UTF-8 TEXT: with the GSM 03.38 alphabet, 160
 * characters in one SMS, else 153 per part (an extension character such as
 * '€' or '{' counts two); with any other character the SMS is sent in
 * UCS-2: 70 characters in one, else 67 per part.  *UNITS (may be NULL)
 * gets the length in the encoding used. */
int sne_sms_parts(const char *text, size_t *units);

#endif
