/* The suspected doublons of a register (lib/rapprochement.c): only active
 * and en-attente demandes with a date de naissance and a territory are
 * indexed; pairs only within one territory and one date de naissance; a
 * group of one identity paired with its first demande only, the first in
 * the register first; near cases named; a group past
 * SNE_RAPPROCHEMENT_GROUPE_MAX compared for the same identity only. */
#include "buf.h"
#include "check.h"
#include "sne/err.h"
#include "sne/rapprochement.h"
#include "sne/stream.h"

#include <stdlib.h>
#include <string.h>

static char dir[] = "/tmp/sne-test-rapprochement-XXXXXX";
static char path[300];

static void demande(struct buf *b, const char *etat, const char *numero, const char *commune,
                    const char *nom, const char *prenom, const char *naissance)
{
	buf_str(b, "<n:demande><n:demandeLogement>");
	if (numero != NULL)
		buf_printf(b, "<n:numUnique>%s</n:numUnique>", numero);
	buf_printf(b, "<n:personnePhysique><n:demandeur><n:nom>%s</n:nom><n:prenom>%s</n:prenom>",
	           nom, prenom);
	if (naissance != NULL)
		buf_printf(b, "<n:dateNaissance>%s</n:dateNaissance>", naissance);
	buf_printf(b, "</n:demandeur></n:personnePhysique><n:logementRecherche>"
	           "<n:listeLocalisationSouhaite><n:localisationSouhaite><n:commune code=\"%s\"/>"
	           "</n:localisationSouhaite></n:listeLocalisationSouhaite></n:logementRecherche>"
	           "</n:demandeLogement><s:suivi><s:etat>%s</s:etat></s:suivi></n:demande>\n",
	           commune, etat);
}

static void save(struct buf *b)
{
	struct buf doc = { 0 };

	buf_str(&doc, "<n:interfaceNuu xmlns:n=\"" SNE_NS_NUU "\" xmlns:s=\"" SNE_NS_SUIVI "\">\n");
	buf_add(&doc, b->data, b->len);
	buf_str(&doc, "</n:interfaceNuu>\n");
	snprintf(path, sizeof path, "%s/registre.xml", dir);
	if (buf_save(path, doc.data) != 0)
		abort();
	free(doc.data);
	free(b->data);
}

static int note_pair(const struct sne_paire *p, void *ctx)
{
	buf_printf(ctx, "%d:%s:%zu/%s-%zu/%s|", (int)p->kind, p->territoire, p->rank[0],
	           p->numero[0][0] ? p->numero[0] : "-", p->rank[1], p->numero[1][0] ? p->numero[1] : "-");
	return 0;
}

static int stop_at_first(const struct sne_paire *p, void *ctx)
{
	(void)p;
	++*(int *)ctx;
	return 42;
}

static void test_pairs(void)
{
	struct buf reg = { 0 }, pairs = { 0 }, want = { 0 };
	struct sne_rapprochement *ix = sne_rapprochement_new();
	size_t large = 99;
	int calls = 0;

	demande(&reg, "active", "0740324000001G0417", "74010", "MARTIN", "Élodie", "1984-11-02");
	demande(&reg, "en-attente-validation", NULL, "74010", "martin", "elodie", "1984-11-02");
	demande(&reg, "active", "0740324000003G0417", "74010", "Élodie", "Martin", "1984-11-02");
	demande(&reg, "active", "0730324000004G0417", "73065", "Martin", "Élodie", "1984-11-02");
	demande(&reg, "radiee", "0740324000005G0417", "74010", "Martin", "Élodie", "1984-11-02");
	demande(&reg, "active", "0740324000006G0417", "74010", "Martin", "Élodie", NULL);
	demande(&reg, "active", "0740324000007G0417", "74010", "Martin", "Élodie", "1984-11-03");
	demande(&reg, "brouillon", NULL, "74010", "Martin", "Élodie", "1984-11-02");
	demande(&reg, "active", "0740324000009G0417", "74010", "Martim", "Élodie", "1984-11-02");
	save(&reg);
	CHECK(sne_rapprochement_load(ix, path) == 0, "registre lu");
	CHECK(sne_rapprochement_count(ix) == 6,
	      "indexées : actives et en attente, datées de naissance (6 sur 9)");
	CHECK(sne_rapprochement_pairs(ix, note_pair, &pairs, &large) == 0 && large == 0,
	      "paires cherchées, aucun groupe trop grand");
	buf_printf(&want, "%d:074:1/0740324000001G0417-3/0740324000003G0417|", SNE_RESSEMBLANCE_INVERSION);
	buf_printf(&want, "%d:074:2/--3/0740324000003G0417|", SNE_RESSEMBLANCE_INVERSION);
	buf_printf(&want, "%d:074:1/0740324000001G0417-9/0740324000009G0417|", SNE_RESSEMBLANCE_UNE_LETTRE);
	buf_printf(&want, "%d:074:2/--9/0740324000009G0417|", SNE_RESSEMBLANCE_UNE_LETTRE);
	buf_printf(&want, "%d:074:1/0740324000001G0417-2/-|", SNE_RESSEMBLANCE_IDENTITE);
	CHECK_STR(pairs.data, want.data,
	          "même territoire, même naissance : identité (accents et casse pliés), inversion, "
	          "une lettre ; pas d'autre territoire, pas d'autre jour ; la première dans le "
	          "registre d'abord");
	CHECK(sne_rapprochement_pairs(ix, stop_at_first, &calls, NULL) == 42 && calls == 1,
	      "un retour non nul arrête la recherche et est rendu");
	sne_rapprochement_free(ix);
	free(pairs.data), free(want.data);
}

static void test_identity_group(void)
{
	struct buf reg = { 0 }, pairs = { 0 };
	struct sne_rapprochement *ix = sne_rapprochement_new();

	for (int i = 0; i < 4; i++)
		demande(&reg, "active", NULL, "2A004", "Santoni", "Marie", "1990-02-28");
	save(&reg);
	sne_rapprochement_load(ix, path);
	sne_rapprochement_pairs(ix, note_pair, &pairs, NULL);
	CHECK_STR(pairs.data, "1:02A:1/--2/-|1:02A:1/--3/-|1:02A:1/--4/-|",
	          "quatre fois la même identité (Corse 02A) : 3 paires, chacune avec la première");
	sne_rapprochement_free(ix);
	free(pairs.data);
}

static void test_large_group(void)
{
	struct buf reg = { 0 }, pairs = { 0 };
	struct sne_rapprochement *ix = sne_rapprochement_new();
	size_t large = 0;
	char nom[32];

	for (int i = 0; i < SNE_RAPPROCHEMENT_GROUPE_MAX - 1; i++) {
		snprintf(nom, sizeof nom, "Nom%05d", i);
		demande(&reg, "active", NULL, "97411", nom, "Paul", "1970-01-01");
	}
	demande(&reg, "active", NULL, "97411", "Dupont", "Paul", "1970-01-01");
	demande(&reg, "active", NULL, "97411", "Dupond", "Paul", "1970-01-01");
	demande(&reg, "active", NULL, "97411", "Nom00007", "Paul", "1970-01-01");
	save(&reg);
	sne_rapprochement_load(ix, path);
	CHECK(sne_rapprochement_pairs(ix, note_pair, &pairs, &large) == 0 && large == 1,
	      "%d demandes nées le même jour (La Réunion) : un grand groupe", SNE_RAPPROCHEMENT_GROUPE_MAX + 2);
	CHECK_STR(pairs.data, "1:974:8/--2002/-|",
	          "grand groupe : seule la même identité, pas les noms à une lettre près");
	sne_rapprochement_free(ix);
	free(pairs.data);
}

int main(void)
{
	char command[400];

	if (mkdtemp(dir) == NULL)
		return 99;
	sne_xml_silence();
	test_pairs();
	test_identity_group();
	test_large_group();
	snprintf(command, sizeof command, "rm -rf '%s'", dir);
	if (system(command) != 0)
		return 99;
	return check_done();
}
