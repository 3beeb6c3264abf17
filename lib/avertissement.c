/* Radiation motifs, the avertissement's delay and the RADCON
 * reactivation window (see sne/avertissement.h). */
#include "sne/avertissement.h"

#include <stdio.h>
#include <string.h>

#include "sne/libelles.h"

enum sne_radiation_motif sne_radiation_motif_parse(const char *text)
{
	if (text == NULL)
		return SNE_MOTIF_INCONNU;
	if (strcmp(text, "RADABA") == 0)
		return SNE_MOTIF_RADABA;
	if (strcmp(text, "RADIRR") == 0)
		return SNE_MOTIF_RADIRR;
	if (strcmp(text, "RADCON") == 0)
		return SNE_MOTIF_RADCON;
	return SNE_MOTIF_INCONNU;
}

int sne_radiation_motif_avertit(enum sne_radiation_motif motif)
{
	return motif == SNE_MOTIF_RADIRR || motif == SNE_MOTIF_RADCON;
}

const char *sne_radiation_sous_motif_libelle(const char *sous_motif)
{
	return sne_libelle(sne_libelles_sous_motif, sous_motif);
}

int sne_radiation_sous_motif_check(const char *motif, const char *sous_motif, char *why,
                                   size_t why_size)
{
	int irr = motif != NULL && strcmp(motif, "RADIRR") == 0;

	if (irr && sous_motif == NULL) {
		snprintf(why, why_size, "motif RADIRR sans sous-motif : IRRSEJ (irrégularité du "
		         "séjour) ou IRRRES (ressources supérieures aux plafonds) est obligatoire");
		return -1;
	}
	if (irr && sne_radiation_sous_motif_libelle(sous_motif) == NULL) {
		snprintf(why, why_size, "sous-motif « %s » inconnu : RADIRR prend IRRSEJ "
		         "(irrégularité du séjour) ou IRRRES (ressources supérieures aux plafonds)",
		         sous_motif);
		return -1;
	}
	if (!irr && sous_motif != NULL) {
		snprintf(why, why_size, "sous-motif « %s » avec le motif %s : seul RADIRR a un "
		         "sous-motif", sous_motif, motif != NULL ? motif : "absent");
		return -1;
	}
	return 0;
}

struct sne_date sne_avertissement_echeance(struct sne_date envoi, int mois)
{
	return sne_date_add_months(envoi, mois);
}

int sne_avertissement_est_echu(struct sne_date echeance, struct sne_date date)
{
	return sne_date_cmp(echeance, date) < 0;
}

int sne_avertissement_delai_legal(struct sne_date envoi, struct sne_date echeance)
{
	return sne_date_cmp(echeance,
	                    sne_avertissement_echeance(envoi, SNE_AVERTISSEMENT_DELAI_MIN_MOIS)) >= 0;
}

struct sne_date sne_radcon_limite_reactivation(struct sne_date radiation)
{
	return sne_date_add_months(radiation, SNE_RADCON_REACTIVATION_MOIS);
}

int sne_radcon_peut_reactiver(struct sne_date radiation, struct sne_date date)
{
	return sne_date_cmp(date, sne_radcon_limite_reactivation(radiation)) <= 0;
}

int sne_avertissement_du(const struct sne_avertissement_faits *f, struct sne_date today,
                         int delai, struct sne_notice *n)
{
	if (!f->active || f->envoye || !sne_radiation_motif_avertit(sne_radiation_motif_parse(f->motif)))
		return 0;
	memset(n, 0, sizeof *n);
	snprintf(n->type, sizeof n->type, "%s", SNE_TYPE_AVERTISSEMENT);
	n->avertissement = 1;
	snprintf(n->motif, sizeof n->motif, "%s", f->motif);
	snprintf(n->sous_motif, sizeof n->sous_motif, "%s", f->sous_motif ? f->sous_motif : "");
	n->echeance = sne_avertissement_echeance(today, delai);
	if (f->lettre_possible)
		n->canaux = SNE_CANAL_COURRIER_AR;
	else
		n->manques = SNE_CANAL_COURRIER_AR;
	return 1;
}
