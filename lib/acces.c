/* The entries of the habilitations file, edited by sne-acces(1) and
 * written back as one flow mapping a line. */
#include "sne/acces.h"

#include <stdlib.h>
#include <string.h>

void sne_acces_free(struct sne_acces *a)
{
	size_t i;

	for (i = 0; i < a->n; i++)
		free(a->entrees[i].guichets);
	free(a->entrees);
	a->entrees = NULL;
	a->n = 0;
}

struct sne_acces_entree *sne_acces_find(struct sne_acces *a, const char *nom)
{
	size_t i;

	for (i = 0; i < a->n; i++)
		if (strcmp(a->entrees[i].nom, nom) == 0)
			return &a->entrees[i];
	return NULL;
}

struct sne_acces_entree *sne_acces_get(struct sne_acces *a, const char *nom)
{
	struct sne_acces_entree *e = sne_acces_find(a, nom);

	if (e != NULL)
		return e;
	a->entrees = realloc(a->entrees, (a->n + 1) * sizeof *a->entrees);
	if (a->entrees == NULL)
		abort();
	e = &a->entrees[a->n++];
	memset(e, 0, sizeof *e);
	snprintf(e->nom, sizeof e->nom, "%s", nom);
	return e;
}

void sne_acces_remove(struct sne_acces *a, const char *nom)
{
	struct sne_acces_entree *e = sne_acces_find(a, nom);
	size_t i;

	if (e == NULL)
		return;
	i = (size_t)(e - a->entrees);
	free(e->guichets);
	memmove(e, e + 1, (a->n - i - 1) * sizeof *e);
	a->n--;
}

void sne_acces_add_guichet(struct sne_acces_entree *e, const char *code)
{
	size_t i;

	for (i = 0; i < e->nguichets; i++)
		if (strcmp(e->guichets[i], code) == 0)
			return;
	e->guichets = realloc(e->guichets, (e->nguichets + 1) * sizeof *e->guichets);
	if (e->guichets == NULL)
		abort();
	snprintf(e->guichets[e->nguichets++], SNE_GUICHET_SIZE, "%s", code);
}

void sne_acces_remove_guichet(struct sne_acces_entree *e, const char *code)
{
	size_t i;

	for (i = 0; i < e->nguichets; i++)
		if (strcmp(e->guichets[i], code) == 0) {
			memmove(e->guichets[i], e->guichets[i + 1],
			        (e->nguichets - i - 1) * sizeof *e->guichets);
			e->nguichets--;
			return;
		}
}

/* The profiles of E, the default first: "guichet" or "[gestionnaire, guichet]". */
static void profils_text(const struct sne_acces_entree *e, char *buf, size_t size)
{
	size_t len = 0;
	int p, n = 0;

	for (p = 0; p <= SNE_PROFIL_GESTIONNAIRE; p++)
		n += (e->profils >> p) & 1;
	buf[0] = '\0';
	if (n > 1)
		len += (size_t)snprintf(buf, size, "[");
	if (e->profils & (1u << e->premier))
		len += (size_t)snprintf(buf + len, len < size ? size - len : 0, "%s",
		                        sne_profil_name(e->premier));
	for (p = 0; p <= SNE_PROFIL_GESTIONNAIRE; p++)
		if ((e->profils & (1u << p)) && p != (int)e->premier)
			len += (size_t)snprintf(buf + len, len < size ? size - len : 0, "%s%s",
			                        len > 1 ? ", " : "", sne_profil_name((enum sne_profil)p));
	if (n > 1)
		snprintf(buf + len, len < size ? size - len : 0, "]");
}

void sne_acces_describe(const struct sne_acces_entree *e, char *buf, size_t size)
{
	char profils[128];
	size_t len, i;

	profils_text(e, profils, sizeof profils);
	len = (size_t)snprintf(buf, size, "profil: %s", profils);
	if (e->nguichets == 0)
		return;
	len += (size_t)snprintf(buf + len, len < size ? size - len : 0, ", guichets: [");
	for (i = 0; i < e->nguichets; i++)
		len += (size_t)snprintf(buf + len, len < size ? size - len : 0, "%s%s", i ? ", " : "",
		                        e->guichets[i]);
	snprintf(buf + len, len < size ? size - len : 0, "]");
}

/* A name YAML reads back as it is: quoted when it starts with '%' or holds
 * anything but letters, digits, '.', '_' and '-'. */
static int needs_quotes(const char *nom)
{
	return nom[0] == '%' || nom[strspn(nom, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	                                   "0123456789._-")] != '\0';
}

int sne_acces_write(const struct sne_acces *a, FILE *out)
{
	char text[4096];
	size_t i;

	if (fputs("# Habilitations des programmes sne (sne.yaml(5)), tenues par sne-acces(1).\n",
	          out) == EOF)
		return -1;
	for (i = 0; i < a->n; i++) {
		const char *q = needs_quotes(a->entrees[i].nom) ? "\"" : "";

		sne_acces_describe(&a->entrees[i], text, sizeof text);
		if (fprintf(out, "%s%s%s: { %s }\n", q, a->entrees[i].nom, q, text) < 0)
			return -1;
	}
	return 0;
}
