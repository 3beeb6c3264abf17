/* Unit tests of lib/selection.c: tolerant parsing, canonical lookup, the
 * report of numéros not seen, files, and a large set. */
#include "sne/selection.h"

#include <stdio.h>
#include <stdlib.h>

#include "capture.h"
#include "check.h"
#include "sne/err.h"

static void test_add_and_take(void)
{
	struct sne_selection *selection = sne_selection_new();
	char why[SNE_WHY_MAX];
	size_t cursor = 0;

	CHECK(sne_selection_add(selection, "074 03 17 000123 g0417", why, sizeof why) == 0,
	      "un numéro avec blancs et minuscules est accepté");
	CHECK(sne_selection_add(selection, "0740317000123G0417", why, sizeof why) == 0,
	      "l'ajouter à nouveau est sans effet");
	CHECK(sne_selection_size(selection) == 1, "gardé une fois, canonique");
	CHECK(sne_selection_add(selection, "1110318016982G1104", why, sizeof why) == 0,
	      "un second numéro");
	CHECK(sne_selection_add(selection, "0741317000123G0417", why, sizeof why) == -1,
	      "le mois 13 est refusé");
	CHECK(strstr(why, "0741317000123G0417") != NULL, "le motif cite le texte");
	CHECK(sne_selection_contains(selection, "0740317000123G0417"),
	      "contient la forme canonique");
	CHECK(!sne_selection_take(selection, "0740317000124G0417"), "un autre n'est pas pris");
	CHECK(!sne_selection_take(selection, "pas un numéro"), "du charabia n'est pas pris");
	CHECK(sne_selection_take(selection, "0740317000123g0417"),
	      "le numéro de la demande est normalisé");
	CHECK_STR(sne_selection_next_unseen(selection, &cursor), "1110318016982G1104",
	          "le numéro jamais pris est signalé");
	CHECK(sne_selection_next_unseen(selection, &cursor) == NULL, "et lui seul");
	sne_selection_free(selection);
}

static void test_many(void)
{
	struct sne_selection *selection = sne_selection_new();
	char text[32], why[SNE_WHY_MAX];
	int ok = 1;

	for (long i = 1; i <= 5000; i++) {
		snprintf(text, sizeof text, "07403170%05ldG0417", i);
		ok &= sne_selection_add(selection, text, why, sizeof why) == 0;
	}
	CHECK(ok && sne_selection_size(selection) == 5000,
	      "5000 numéros à travers l'agrandissement");
	for (long i = 1; i <= 5000; i++) {
		snprintf(text, sizeof text, "07403170%05ldG0417", i);
		ok &= sne_selection_contains(selection, text);
	}
	CHECK(ok, "chacun trouvé après agrandissement");
	CHECK(!sne_selection_contains(selection, "0740317005001G0417"), "le suivant est absent");
	sne_selection_free(selection);
}

static void test_file(void)
{
	struct sne_selection *selection = sne_selection_new();
	char path[] = "/tmp/test_selection_XXXXXX";
	char why[SNE_WHY_MAX];
	int fd = mkstemp(path);
	FILE *file = fdopen(fd, "w");

	fputs("# liste\n\n  0740317000123G0417\r\n1110318016982g1104\n0740317000123X\n", file);
	fclose(file);
	CHECK(sne_selection_add_file(selection, path, why, sizeof why) == SNE_EX_DATAERR,
	      "une ligne incorrecte est une erreur de données");
	CHECK(strncmp(why, "ligne 5 :", 9) == 0, "qui nomme sa ligne (obtenu %s)", why);
	CHECK(sne_selection_size(selection) == 2,
	      "les lignes avant elle ont été lues (CR LF, commentaires)");
	remove(path);
	CHECK(sne_selection_add_file(selection, path, why, sizeof why) == SNE_EX_NOINPUT,
	      "un fichier absent est 66");
	sne_selection_free(selection);
}

/* The numéros never taken, each named once on the error stream. */
static void test_report_unseen(void)
{
	struct sne_selection *selection = sne_selection_new();
	char why[SNE_WHY_MAX];
	const char *text;

	CHECK(sne_selection_report_unseen(NULL, "absente") == 0,
	      "sans sélection : rien à signaler");
	sne_selection_add(selection, "0740317000123G0417", why, sizeof why);
	sne_selection_add(selection, "1110318016982G1104", why, sizeof why);
	sne_selection_take(selection, "0740317000123G0417");
	capture_start();
	CHECK(sne_selection_report_unseen(selection, "absente de l'entrée : rien n'a été fait") == 1,
	      "un numéro jamais pris");
	text = capture_end();
	CHECK(strstr(text, "demande 1110318016982G1104 absente de l'entrée : rien n'a été fait") != NULL,
	      "nommé avec ce qui n'a pas été fait : %s", text);
	CHECK(strstr(text, "0740317000123G0417") == NULL, "celui qui a été pris n'est pas nommé");
	sne_selection_free(selection);
}

int main(void)
{
	test_add_and_take();
	test_report_unseen();
	test_many();
	test_file();
	return check_done();
}
