/* The code lists of the SNE interface (02.00/02.01) and of the suivi. */
#include "sne/libelles.h"

#include <string.h>

const struct sne_libelle sne_libelles_civilite[] = {
	{ "1", "Monsieur" }, { "2", "Madame" }, { NULL, NULL }
};
const struct sne_libelle sne_libelles_nationalite[] = {
	{ "1", "Française" }, { "2", "Union européenne" }, { "3", "Hors Union européenne" },
	{ NULL, NULL }
};
const struct sne_libelle sne_libelles_situation_familiale[] = {
	{ "M", "Marié(e)" }, { NULL, NULL }
};
const struct sne_libelle sne_libelles_sexe[] = {
	{ "M", "Masculin" }, { "F", "Féminin" }, { NULL, NULL }
};
const struct sne_libelle sne_libelles_lien_parente[] = {
	{ "E", "Enfant" }, { NULL, NULL }
};
const struct sne_libelle sne_libelles_coparentalite[] = {
	{ "G", "Garde alternée" }, { "D", "Droit de visite" }, { NULL, NULL }
};
const struct sne_libelle sne_libelles_lien_demandeur[] = {
	{ "M", "Conjoint" }, { NULL, NULL }
};
const struct sne_libelle sne_libelles_contrat[] = {
	{ "CDI", "Contrat à durée indéterminée" }, { "CDD", "Contrat à durée déterminée" },
	{ NULL, NULL }
};
const struct sne_libelle sne_libelles_ressource[] = {
	{ "SAL", "Salaire ou revenu d'activité" },
	{ "RET", "Retraite" },
	{ "CHO", "Allocation chômage" },
	{ "PAR", "Pension alimentaire reçue" },
	{ "PAV", "Pension alimentaire versée" },
	{ "PINV", "Pension d'invalidité" },
	{ "AF", "Allocations familiales" },
	{ "AAH", "Allocation aux adultes handicapés" },
	{ "AEEH", "Allocation d'éducation de l'enfant handicapé" },
	{ "AJPP", "Allocation journalière de présence parentale" },
	{ "RSA", "Revenu de solidarité active" },
	{ "AMV", "Allocation de minimum vieillesse" },
	{ "PAJE", "Prestation d'accueil du jeune enfant" },
	{ "BE", "Bourse étudiant" },
	{ "AUT", "Autre (hors APL ou AL)" },
	{ NULL, NULL }
};
const struct sne_libelle sne_libelles_modele_logement[] = {
	{ "LP", "Locataire dans le privé" }, { NULL, NULL }
};
const struct sne_libelle sne_libelles_categorie_logement[] = {
	{ "A", "Appartement" }, { NULL, NULL }
};
const struct sne_libelle sne_libelles_type_logement[] = {
	{ "CHA", "Chambre" }, { "T1", "1 pièce" }, { "T2", "2 pièces" }, { "T3", "3 pièces" },
	{ "T4", "4 pièces" }, { "T5", "5 pièces" }, { "T6", "6 pièces" }, { "T7", "7 pièces" },
	{ "T8", "8 pièces" }, { "T9P", "9 pièces et plus" }, { NULL, NULL }
};
const struct sne_libelle sne_libelles_origine[] = {
	{ "guichet", "Guichet enregistreur" }, { "pgp", "Portail grand public" }, { NULL, NULL }
};
const struct sne_libelle sne_libelles_canal[] = {
	{ "guichet", "Au guichet" }, { "pgp", "En ligne (portail grand public)" }, { NULL, NULL }
};
const struct sne_libelle sne_libelles_motif_radiation[] = {
	{ "RADATT", "attribution d'un logement" },
	{ "RADABA", "abandon ou renonciation" },
	{ "RADIRR", "irrecevabilité" },
	{ "RADCON", "impossibilité de contacter le demandeur" },
	{ "RADREN", "non-renouvellement" },
	{ "fusion", "fusion de doublons" },
	{ NULL, NULL }
};
const struct sne_libelle sne_libelles_sous_motif[] = {
	{ "IRRSEJ", "irrégularité du séjour" },
	{ "IRRRES", "ressources supérieures aux plafonds" },
	{ NULL, NULL }
};
const struct sne_libelle sne_libelles_contingent[] = {
	{ "COLTER", "Collectivité territoriale" },
	{ "COLACT", "Action Logement" },
	{ "PPRIOR", "Préfet, publics prioritaires" },
	{ "PFONCT", "Préfet, fonctionnaires" },
	{ "AUTRES", "Autres réservataires" },
	{ "AUCUN", "Aucun (bailleur)" },
	{ NULL, NULL }
};
const struct sne_libelle sne_libelles_accord_collectif[] = {
	{ "ACD", "Accord collectif départemental" },
	{ "ACI", "Accord collectif intercommunal" },
	{ "AUCUN", "Aucun" },
	{ "NONDOC", "Non documenté" },
	{ NULL, NULL }
};
const struct sne_libelle sne_libelles_dalo[] = {
	{ "OUI", "Oui" }, { "NON", "Non" }, { "NONDOC", "Non documenté" }, { NULL, NULL }
};
const struct sne_libelle sne_libelles_qpv[] = {
	{ "ZUSOUI", "En QPV/ZUS" }, { "ZUSNON", "Hors QPV/ZUS" }, { "ZUSNSP", "Ne sait pas" },
	{ NULL, NULL }
};
const struct sne_libelle sne_libelles_envoi[] = {
	{ "preavis-2-mois", "Préavis de renouvellement, 2 mois avant" },
	{ "preavis-1-mois", "Préavis de renouvellement, 1 mois avant" },
	{ "attestation-enregistrement", "Attestation d'enregistrement" },
	{ "attestation-renouvellement", "Attestation de renouvellement" },
	{ "avertissement-radiation", "Avertissement avant radiation" },
	{ NULL, NULL }
};
const struct sne_libelle sne_libelles_canal_envoi[] = {
	{ "sms", "SMS" }, { "courriel", "courriel" }, { "courrier", "courrier" },
	{ "courrier-ar", "courrier avec accusé de réception" }, { NULL, NULL }
};
const struct sne_libelle sne_libelles_evenement[] = {
	{ "creation", "Création" },
	{ "soumission", "Soumission sur le portail" },
	{ "validation", "Validation" },
	{ "invalidation", "Invalidation" },
	{ "renouvellement", "Renouvellement" },
	{ "reactivation", "Réactivation" },
	{ "radiation", "Radiation" },
	{ "envoi", "Envoi" },
	{ "modification", "Modification" },
	{ "correction", "Correction" },
	{ "fusion", "Fusion" },
	{ "avertissement", "Avertissement" },
	{ NULL, NULL }
};

const char *sne_libelle(const struct sne_libelle *list, const char *code)
{
	if (code == NULL)
		return NULL;
	for (; list->code != NULL; list++)
		if (strcmp(list->code, code) == 0)
			return list->mots;
	return NULL;
}
