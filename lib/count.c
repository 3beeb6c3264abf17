/* Counts with French agreement (see sne/count.h). */
#include "sne/count.h"

#include <stdio.h>

struct sne_count sne_count(unsigned long n, enum sne_gender gender, const char *one,
                           const char *many)
{
	struct sne_count count;

	if (n == 0)
		snprintf(count.text, sizeof count.text, "%s %s",
		         gender == SNE_FEMININE ? "aucune" : "aucun", one);
	else
		snprintf(count.text, sizeof count.text, "%lu %s", n, n == 1 ? one : many);
	return count;
}
