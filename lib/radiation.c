/* Closing the avertissement of a demande (see sne/radiation.h). */
#include "sne/radiation.h"

/* Copies attribute NAME of FROM to TO under the name AS, when set. */
static void copy_attr(sne_suivi_node *from, const char *name, sne_suivi_node *to, const char *as)
{
	const char *value = sne_suivi_attr(from, name);

	if (value != NULL)
		sne_suivi_set_attr(to, as, value);
}

int sne_radiation_clore_avertissement(struct sne_suivi *suivi, struct sne_date date,
                                      const char *guichet, const char *why)
{
	sne_suivi_node *av = sne_suivi_find(suivi, "avertissement");
	sne_suivi_node *event;

	if (av == NULL)
		return 0;
	event = sne_suivi_add_evenement(suivi, date, "annulation-avertissement", guichet);
	copy_attr(av, "motif", event, "motif-radiation");
	copy_attr(av, "sous-motif", event, "sous-motif");
	copy_attr(av, "date", event, "avertissement");
	copy_attr(av, "envoi", event, "envoi");
	sne_suivi_set_attr(event, "motif", why);
	sne_suivi_remove(suivi, "avertissement");
	return 1;
}
