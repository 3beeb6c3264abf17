/* sne-notice: the postal address block of a letter, from the demandeur's
 * fields (the layout is lib/adresse.c's). */
#include <string.h>

#include "notice.h"

int notice_adresse(struct sne_record *record, const struct sne_communes *communes, char *out,
                   char *why, size_t why_size)
{
	const char *etranger = sne_record_get(record, F_ETRANGER);
	struct sne_adresse a = {
		.civilite = sne_record_get(record, F_CIVILITE),
		.prenom = sne_record_get(record, F_PRENOM),
		.nom = sne_record_get(record, F_NOM),
		.complement = sne_record_get(record, F_ADR_COMPLEMENT),
		.numero = sne_record_get(record, F_ADR_NUMERO),
		.voie = sne_record_get(record, F_ADR_VOIE),
		.lieu_dit = sne_record_get(record, F_ADR_LIEU_DIT),
		.code_postal = sne_record_get(record, F_ADR_CODE_POSTAL),
		.ville = sne_record_get(record, F_ADR_VILLE),
		.commune = sne_record_get(record, F_ADR_COMMUNE),
		.pays = sne_record_get(record, F_ADR_PAYS),
		.etranger = etranger != NULL && (strcmp(etranger, "true") == 0 ||
		                                 strcmp(etranger, "1") == 0),
	};

	return sne_adresse_format(&a, communes, out, why, why_size);
}
