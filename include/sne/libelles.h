/* The words of the codes of the SNE interface and of the suivi, in French,
 * as the consultation screen shows them. */
#ifndef SNE_LIBELLES_H
#define SNE_LIBELLES_H

/* A code list: the words of each code, NULL-terminated. */
struct sne_libelle {
	const char *code;
	const char *mots;
};

extern const struct sne_libelle sne_libelles_civilite[];
extern const struct sne_libelle sne_libelles_nationalite[];
extern const struct sne_libelle sne_libelles_situation_familiale[];
extern const struct sne_libelle sne_libelles_sexe[];
extern const struct sne_libelle sne_libelles_lien_parente[];
extern const struct sne_libelle sne_libelles_coparentalite[];
extern const struct sne_libelle sne_libelles_lien_demandeur[];
extern const struct sne_libelle sne_libelles_contrat[];
extern const struct sne_libelle sne_libelles_ressource[];
extern const struct sne_libelle sne_libelles_modele_logement[];
extern const struct sne_libelle sne_libelles_categorie_logement[];
extern const struct sne_libelle sne_libelles_type_logement[];
extern const struct sne_libelle sne_libelles_origine[];
extern const struct sne_libelle sne_libelles_canal[];
extern const struct sne_libelle sne_libelles_motif_radiation[];
extern const struct sne_libelle sne_libelles_sous_motif[];
extern const struct sne_libelle sne_libelles_contingent[];
extern const struct sne_libelle sne_libelles_accord_collectif[];
extern const struct sne_libelle sne_libelles_dalo[];
extern const struct sne_libelle sne_libelles_qpv[];
extern const struct sne_libelle sne_libelles_envoi[];
extern const struct sne_libelle sne_libelles_canal_envoi[];
extern const struct sne_libelle sne_libelles_evenement[];

/* The words of CODE in LIST, or NULL when the list does not know it. */
const char *sne_libelle(const struct sne_libelle *list, const char *code);

#endif
