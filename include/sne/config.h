/* Configuration (YAML), every key optional; the command line wins.
 * Search order: the -c path, $SNE_CONFIG, ./sne.yaml, /etc/sne/sne.yaml. */
#ifndef SNE_CONFIG_H
#define SNE_CONFIG_H

#include "sne/guichet.h"

enum sne_profil {
	SNE_PROFIL_GUICHET = 0, /* default */
	SNE_PROFIL_BAILLEUR,
	SNE_PROFIL_GESTIONNAIRE
};

/* Notice channels, as bit flags. */
enum sne_canal {
	SNE_CANAL_SMS = 1,
	SNE_CANAL_COURRIEL = 2,
	SNE_CANAL_COURRIER = 4,
	SNE_CANAL_COURRIER_AR = 8  /* recommandé avec accusé de réception:
	                              the avertissement only, not configurable */
};

#define SNE_PREAVIS_MAX 8

/* One step of the préavis schedule: "avant: 2 mois, canaux: [sms, courriel]". */
struct sne_preavis_rule {
	int mois_avant;   /* 1..12 */
	unsigned canaux;  /* enum sne_canal flags */
};

struct sne_config {
	char *path;        /* file loaded, or NULL when none was found */
	char guichet[SNE_GUICHET_SIZE]; /* "" when not set */
	enum sne_profil profil;
	int profil_given;  /* the file said "profil:" (it may only narrow a habilitation) */
	char *repertoire;  /* state directory, NULL when not set */
	char *rpls;        /* RPLS reference path, NULL when not set */
	char *modeles;     /* notice template directory, NULL when not set */
	char *guichets;    /* register of guichets (sne-guichet), NULL when not set */
	struct sne_preavis_rule preavis[SNE_PREAVIS_MAX];
	int npreavis;      /* the contract's schedule when the file has none */
	int delai_avertissement; /* months from the avertissement sent to the
	                            radiation (RADIRR, RADCON): 1..12, default 1 */
};

/* Loads the configuration: EXPLICIT_PATH (from -c; an error if missing),
 * else the search order above (a missing file is skipped).  On a bad key or
 * value prints "prog: file:line:col: message" and returns SNE_EX_CONFIG;
 * returns 0 on success.  Free the strings with sne_config_free() (also
 * after an error: OUT then holds the defaults).  A key with a null value
 * ("rpls:" or "~") keeps its default; "preavis: []" means no préavis; the
 * préavis rules keep the order of the file. */
int sne_config_load(const char *explicit_path, struct sne_config *out);
/* Loads one given file; same errors. */
int sne_config_load_file(const char *path, struct sne_config *out);
/* Fills OUT with the defaults (profil guichet, the contract's préavis). */
void sne_config_defaults(struct sne_config *out);
void sne_config_free(struct sne_config *config);
/* The state directory: repertoire, else the installation's (SNE_STATEDIR,
 * /var/lib/sne by default), whoever runs the program: the numéro counters
 * are one per installation.  Returns a string freed by the caller with
 * free(). */
char *sne_config_state_dir(const struct sne_config *config);
/* Whether that directory is the installation's default (no repertoire). */
int sne_config_state_dir_is_default(const struct sne_config *config);
/* Parses "guichet" | "bailleur" | "gestionnaire"; -1 if unknown. */
int sne_profil_parse(const char *text);
/* French name of a profile ("guichet"...).  Static string. */
const char *sne_profil_name(enum sne_profil profil);
/* Parses "sms" | "courriel" | "courrier"; 0 if unknown. */
unsigned sne_canal_parse(const char *text);

#endif
