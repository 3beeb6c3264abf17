/* Contacts of a household for notices: mobile numbers for SMS and e-mail
 * addresses.  A contact that fails these checks is skipped by sne-notice
 * (and counted), never an error. */
#ifndef SNE_CONTACT_H
#define SNE_CONTACT_H

#include <stddef.h>

/* Room for a mobile number in international form, "+262639123456". */
#define SNE_MOBILE_SIZE 16
/* Longest e-mail address accepted (RFC 5321 path limit), plus the NUL. */
#define SNE_COURRIEL_SIZE 255

/* Whether TEXT is a French mobile number: 06 or 07 then 8 digits, in the
 * national form or as +33 / 0033 followed by 6 or 7 and 8 digits; overseas
 * mobiles in their own codes too: +262/00262 for 0639 (Mayotte) and
 * 0692/0693 (Réunion), +590 for 0690/0691 (Guadeloupe), +594 for 0694
 * (Guyane), +596 for 0696/0697 (Martinique).  Spaces, dots and dashes
 * between digits are tolerated.  On success writes the number in
 * international (E.164) form into OUT (SNE_MOBILE_SIZE bytes: 0612345678
 * gives +33612345678, 0692123456 gives +262692123456) and returns 1;
 * returns 0 otherwise. */
int sne_contact_mobile(const char *text, char *out, size_t size);

/* Whether TEXT is a sensible e-mail address: surrounding blanks ignored,
 * then exactly one '@', a non-empty local part, a domain with at least one
 * dot and no empty label, no blank or control character, at most
 * SNE_COURRIEL_SIZE - 1 bytes.  On success copies the trimmed address into
 * OUT (SNE_COURRIEL_SIZE bytes) and returns 1; returns 0 otherwise. */
int sne_contact_courriel(const char *text, char *out, size_t size);

#endif
