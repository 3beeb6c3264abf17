/* The operator of a support correction: the person running the program,
 * recorded in the evenement of every gestionnaire's change (never a free
 * option: the historique says who did it). */
#ifndef SNE_OPERATEUR_H
#define SNE_OPERATEUR_H

/* The login of the real user running the program (getuid(), so that a
 * setuid installation still names the person), or "uid N" when the
 * passwd database has no entry for it.  Static storage, valid for the
 * run. */
const char *sne_operateur_login(void);

#endif
