/* Field paths of a demande record (see sne/stream.h for the syntax), so that
 * every program names the same data the same way. */
#ifndef SNE_DEMANDE_H
#define SNE_DEMANDE_H

#define SNE_DEMANDE_NS SNE_NS_NUU
#define SNE_DEMANDE_NAME "demande"

#define SNE_F_DL "n:demandeLogement/"
#define SNE_F_DEMANDEUR SNE_F_DL "n:personnePhysique/n:demandeur/"

#define SNE_F_NUM_GUICHET SNE_F_DL "n:numGuichet"
#define SNE_F_NUM_UNIQUE SNE_F_DL "n:numUnique"
#define SNE_F_DATE_CREATION SNE_F_DL "n:dateCreationDemande"
#define SNE_F_NOM SNE_F_DEMANDEUR "n:nom"
#define SNE_F_PRENOM SNE_F_DEMANDEUR "n:prenom"
#define SNE_F_DATE_NAISSANCE SNE_F_DEMANDEUR "n:dateNaissance"
#define SNE_F_TEL_PORTABLE SNE_F_DEMANDEUR "n:telPortable"
#define SNE_F_MEL SNE_F_DEMANDEUR "n:mel"
#define SNE_F_ADRESSE SNE_F_DEMANDEUR "n:adressePostale"
#define SNE_F_ADRESSE_ETRANGER SNE_F_ADRESSE "/n:etranger"
#define SNE_F_DEMANDE_ELARGIE SNE_F_DL "n:logementRecherche/n:demandeElargie"
#define SNE_F_TYPE_LOGEMENT SNE_F_DL "n:logementRecherche/n:listeTypeLogement/n:typeLogement/@code"
#define SNE_F_COMMUNE_SOUHAITEE \
	SNE_F_DL "n:logementRecherche/n:listeLocalisationSouhaite/n:localisationSouhaite/n:commune/@code"

#define SNE_F_SUIVI "s:suivi"
#define SNE_F_ETAT "s:suivi/s:etat"
#define SNE_F_ORIGINE "s:suivi/s:origine"
#define SNE_F_PROCHAIN "s:suivi/s:renouvellement/@prochain"
#define SNE_F_DERNIER "s:suivi/s:renouvellement/@dernier"
#define SNE_F_CANAL "s:suivi/s:renouvellement/@canal"
#define SNE_F_RADIATION_MOTIF "s:suivi/s:radiation/@motif"
#define SNE_F_RADIATION_DATE "s:suivi/s:radiation/@date"
#define SNE_F_RADIATION_SOUS_MOTIF "s:suivi/s:radiation/@sous-motif"
#define SNE_F_RADIATION_GUICHET "s:suivi/s:radiation/@guichet"
#define SNE_F_RADIATION_AVERTISSEMENT "s:suivi/s:radiation/@avertissement"
#define SNE_F_RADIATION_ECHEANCE "s:suivi/s:radiation/@echeance"
#define SNE_F_AVERTISSEMENT "s:suivi/s:avertissement"
#define SNE_F_AVERTISSEMENT_DATE SNE_F_AVERTISSEMENT "/@date"
#define SNE_F_AVERTISSEMENT_MOTIF SNE_F_AVERTISSEMENT "/@motif"
#define SNE_F_AVERTISSEMENT_SOUS_MOTIF SNE_F_AVERTISSEMENT "/@sous-motif"
#define SNE_F_AVERTISSEMENT_GUICHET SNE_F_AVERTISSEMENT "/@guichet"
#define SNE_F_AVERTISSEMENT_ENVOI SNE_F_AVERTISSEMENT "/@envoi"
#define SNE_F_AVERTISSEMENT_ECHEANCE SNE_F_AVERTISSEMENT "/@echeance"

#endif
