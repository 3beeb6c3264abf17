/* Unit tests of lib/count.c: French agreement of counts in messages. */
#include "sne/count.h"

#include <stdio.h>
#include <string.h>

#include "check.h"

int main(void)
{
	char two[2 * sizeof(struct sne_count) + 4], longer[300];

	CHECK_STR(sne_count(0, SNE_FEMININE, "demande créée", "demandes créées").text,
	          "aucune demande créée", "zéro d'un nom féminin est « aucune », au singulier");
	CHECK_STR(sne_count(0, SNE_MASCULINE, "courriel", "courriels").text, "aucun courriel",
	          "zéro d'un nom masculin est « aucun »");
	CHECK_STR(sne_count(1, SNE_FEMININE, "demande créée", "demandes créées").text,
	          "1 demande créée", "un prend le singulier");
	CHECK_STR(sne_count(2, SNE_FEMININE, "demande créée", "demandes créées").text,
	          "2 demandes créées", "deux prend le pluriel");
	CHECK_STR(sne_count(1000000, SNE_MASCULINE, "nouveau logement", "nouveaux logements").text,
	          "1000000 nouveaux logements", "un pluriel irrégulier est donné, pas deviné");
	/* two counts in one call: each value holds its own text */
	snprintf(two, sizeof two, "%s, %s", sne_count(3, SNE_MASCULINE, "sms", "sms").text,
	         sne_count(1, SNE_MASCULINE, "courrier", "courriers").text);
	CHECK_STR(two, "3 sms, 1 courrier", "plusieurs nombres dans un message");
	memset(longer, 'x', sizeof longer - 1);
	longer[sizeof longer - 1] = '\0';
	CHECK(strlen(sne_count(5, SNE_MASCULINE, longer, longer).text) == 127,
	      "une phrase trop longue est coupée, sans débordement");
	return check_done();
}
