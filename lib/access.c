/* The checks of sne_cli_finish() that say who may act: kept out of cli.c
 * so that the command line and the access rules change apart. */
#include "sne/access.h"

#include <stdio.h>
#include <string.h>

#include "sne/err.h"
#include "sne/guichets.h"
#include "sne/habilitation.h"

static int check_habilitation(struct sne_cli *cli)
{
	struct sne_habilitation h;
	int rc = sne_habilitation_load_user(&h);

	if (rc == 0)
		rc = sne_habilitation_check(&h, &cli->config, cli->config.profil_given, cli->guichet,
		                            cli->anyone);
	sne_habilitation_free(&h);
	return rc;
}

static int check_guichet_register(struct sne_cli *cli)
{
	struct sne_guichets *reg;
	int rc;

	if (cli->config.guichets == NULL || cli->guichet[0] == '\0' || cli->own_register ||
	    strcmp(cli->guichet, SNE_GUICHET_PGP) == 0)
		return 0; /* the portal is no guichet of the register: the programs police it */
	rc = sne_guichets_load(cli->config.guichets, &reg);
	if (rc == 0)
		rc = sne_guichets_check_active(reg, cli->guichet, cli->date);
	if (rc != 0) {
		sne_guichets_free(reg);
		return rc;
	}
	cli->guichets = reg;
	cli->guichet_info = sne_guichets_find(reg, cli->guichet);
	return 0;
}

int sne_access_check(struct sne_cli *cli)
{
	int rc = check_habilitation(cli);

	return rc != 0 ? rc : check_guichet_register(cli);
}

int sne_access_check_territoire(const struct sne_cli *cli, const char *territoire, char *why,
                                size_t why_size)
{
	const struct sne_guichet *g = cli->guichet_info;
	char served[128];
	size_t len = 0, i;

	if (g == NULL || sne_guichet_serves(g, territoire))
		return 0;
	served[0] = '\0';
	for (i = 0; i < g->nterritoires; i++)
		len += (size_t)snprintf(served + len, len < sizeof served ? sizeof served - len : 0,
		                        "%s%s", i ? ", " : "", g->territoires[i]);
	sne_why(why, why_size, "territoire %s hors des territoires du guichet %s (%s) : "
	        "enregistrez la demande à un guichet de ce territoire, ou ajoutez-le au guichet "
	        "(sne-guichet --modifier %s --territoire)", territoire, g->code, served, g->code);
	return -1;
}

int sne_access_load_register(struct sne_cli *cli)
{
	if (cli->guichets != NULL || cli->config.guichets == NULL)
		return 0;
	return sne_guichets_load(cli->config.guichets, &cli->guichets);
}
