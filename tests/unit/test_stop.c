/* Unit tests of lib/stop.c: a stop from deep under an entry point returns
 * its code there, after the cleanup registered under it (run while the
 * frames it frees are still alive); catches nest; a program that returns
 * runs no cleanup; the code 0 of --help comes back as 0. */
#include "check.h"
#include "sne/stop.h"

#include <stdlib.h>
#include <string.h>

static int cleaned;
static char *owned;

static void free_owned(void *ctx)
{
	cleaned++;
	free(*(char **)ctx);
	*(char **)ctx = NULL;
}

/* Stops with CODE DEPTH calls down (DEPTH >= 0: never returns). */
static int deep(int depth, int code)
{
	if (depth < 0)
		return 0;
	if (depth == 0)
		sne_stop(code);
	return deep(depth - 1, code) + 1;
}

static int stops_deep(int argc, char **argv)
{
	(void)argv;
	owned = strdup("alloué par le programme");
	sne_stop_on_cleanup(free_owned, &owned);
	return deep(50, argc);
}

static int returns(int argc, char **argv)
{
	(void)argv;
	sne_stop_on_cleanup(free_owned, &owned);
	return argc + 1;
}

static int inner_code;

static int nested(int argc, char **argv)
{
	inner_code = sne_stop_catch(stops_deep, 64, argv);
	return deep(3, argc);
}

int main(void)
{
	int rc;

	cleaned = 0;
	rc = sne_stop_catch(stops_deep, 78, NULL);
	CHECK(rc == 78, "un arrêt à 50 appels de profondeur : le point d'entrée rend son code (%d)", rc);
	CHECK(cleaned == 1 && owned == NULL, "le nettoyage enregistré a tourné, une fois");
	rc = sne_stop_catch(stops_deep, 0, NULL);
	CHECK(rc == 0 && cleaned == 2, "un arrêt de code 0 (--help) rend 0 (%d)", rc);
	cleaned = 0;
	rc = sne_stop_catch(returns, 4, NULL);
	CHECK(rc == 5 && cleaned == 0, "un programme qui revient : son code, aucun nettoyage (%d)", rc);
	cleaned = 0;
	rc = sne_stop_catch(nested, 77, NULL);
	CHECK(inner_code == 64 && rc == 77,
	      "imbriqués : l'arrêt intérieur revient au point intérieur (%d), le suivant à "
	      "l'extérieur (%d)", inner_code, rc);
	CHECK(cleaned == 1, "le nettoyage du point intérieur seulement");
	sne_stop_on_cleanup(free_owned, &owned);
	CHECK(1, "hors de tout point d'entrée, rien n'est enregistré (pas de plantage)");
	return check_done();
}
