/* Unit tests of lib/guichet_saisie.c: territories, telephone numbers,
 * opening hours and kinds as people type them, given back canonical; the
 * edges (Corse, Île-de-France, overseas, 24:00, ranges out of order). */
#include "sne/guichet_saisie.h"

#include <string.h>

#include "check.h"

static void territoire(const char *text, const char *want)
{
	char out[SNE_TERRITOIRE_SIZE] = "", why[256] = "";
	int rc = sne_saisie_territoire(text, out, why, sizeof why);

	if (want == NULL)
		CHECK(rc == -1 && strstr(why, "invalide") != NULL,
		      "territoire « %s » refusé", text);
	else if (CHECK(rc == 0, "territoire « %s » accepté (%s)", text, why))
		CHECK_STR(out, want, "territoire « %s »", text);
}

static void telephone(const char *text, const char *want)
{
	char out[SNE_TELEPHONE_SIZE] = "", why[256] = "";
	int rc = sne_saisie_telephone(text, out, why, sizeof why);

	if (want == NULL)
		CHECK(rc == -1, "téléphone « %s » refusé", text);
	else if (CHECK(rc == 0, "téléphone « %s » accepté (%s)", text, why))
		CHECK_STR(out, want, "téléphone « %s »", text);
}

static void plages(const char *text, const char *want)
{
	char out[SNE_HORAIRES_SIZE] = "", why[256] = "";
	int rc = sne_saisie_plages(text, out, why, sizeof why);

	if (want == NULL)
		CHECK(rc == -1, "plages « %s » refusées", text);
	else if (CHECK(rc == 0, "plages « %s » acceptées (%s)", text, why))
		CHECK_STR(out, want, "plages « %s »", text);
}

int main(void)
{
	char out[SNE_HORAIRES_SIZE], why[256];
	int jour;

	territoire("74", "074");
	territoire("074", "074");
	territoire("1", "001");
	territoire("2a", "02A");
	territoire("02B", "02B");
	territoire("75", "111");
	territoire("077", "111");
	territoire("95", "111");
	territoire("111", "111");
	territoire("971", "971");
	territoire("976", "976");
	territoire("96", NULL); /* no département 96 */
	territoire("20", NULL);
	territoire("977", NULL);
	territoire("970", NULL);
	territoire("0", NULL);
	territoire("", NULL);
	territoire("2C", NULL);
	territoire("0740", NULL);

	telephone("0450338888", "04 50 33 88 88");
	telephone("04.50.33.88.88", "04 50 33 88 88");
	telephone("04-50-33-88-88", "04 50 33 88 88");
	telephone("+33 4 50 33 88 88", "04 50 33 88 88");
	telephone("+33 (0)4 50 33 88 88", "04 50 33 88 88");
	telephone("3975", "3975");
	telephone("0050338888", NULL);
	telephone("045033888", NULL);
	telephone("04503388889", NULL);
	telephone("1234", NULL);
	telephone("04 50 33 88 8a", NULL);

	plages("8h30-12h", "08:30-12:00");
	plages("8h30-12h 13h30-17h", "08:30-12:00 13:30-17:00");
	plages("08:30-12:00, 13:30-17:00", "08:30-12:00 13:30-17:00");
	plages("9-12", "09:00-12:00");
	plages("0h-24h", "00:00-24:00");
	plages("12h-8h", NULL);
	plages("8h-8h", NULL);
	plages("8h-12h 11h-14h", NULL);
	plages("13h-17h 8h-12h", NULL);
	plages("8h60-12h", NULL);
	plages("24h-24h30", NULL);
	plages("", NULL);
	plages("matin", NULL);

	CHECK(sne_saisie_jour("Lundi") == 0 && sne_saisie_jour("mer") == 2 &&
	      sne_saisie_jour("DIMANCHE") == 6, "jours de la semaine tels que tapés");
	CHECK(sne_saisie_jour("lu") == -1 && sne_saisie_jour("monday") == -1,
	      "pas des jours de la semaine");
	CHECK(sne_saisie_horaires("samedi fermé", &jour, out, why, sizeof why) == 0 && jour == 5 &&
	      out[0] == '\0', "« samedi fermé » vide le jour");
	CHECK(sne_saisie_horaires("mardi 9h-12h", &jour, out, why, sizeof why) == 0 && jour == 1 &&
	      strcmp(out, "09:00-12:00") == 0, "un jour puis ses plages");
	CHECK(sne_saisie_horaires("9h-12h", &jour, out, why, sizeof why) == -1 &&
	      strstr(why, "commencez par le jour") != NULL, "le jour vient d'abord");

	CHECK_STR(sne_saisie_type_guichet("Mairie", NULL, 0), "commune", "mairie est une commune");
	CHECK_STR(sne_saisie_type_guichet("services de l'État", NULL, 0), "etat", "État");
	CHECK_STR(sne_saisie_type_guichet("Département", NULL, 0), "departement", "département");
	CHECK_STR(sne_saisie_type_guichet("Action Logement", NULL, 0), "action-logement", "AL");
	CHECK(sne_saisie_type_guichet("banque", why, sizeof why) == NULL &&
	      strstr(why, "attendu bailleur") != NULL, "type inconnu nommé");
	CHECK_STR(sne_saisie_type_contact("téléphone", NULL, 0), "telephone", "téléphone");
	CHECK(sne_saisie_type_contact("fax", NULL, 0) == NULL, "fax refusé");
	return check_done();
}
