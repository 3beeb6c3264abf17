/* Diagnostics (lib/err.c): "prog: message", the French text of errno
 * (whatever the locale) after a final ':',
 * the place of a record, control characters made visible wherever they
 * come from (a file name or a numéro from the input cannot forge a second
 * line), -q silencing only the summaries, the worst exit code. */
#include "capture.h"
#include "check.h"
#include "sne/err.h"
#include "sne/stop.h"

#include <errno.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void test_strerror(void)
{
	static const int met[] = { ENOENT, EACCES, EISDIR, ENOTDIR, ENOSPC, EROFS, ELOOP,
	                           EEXIST, EIO, ENOMEM, EMFILE, EPIPE, EAGAIN, EDQUOT,
	                           ENAMETOOLONG, EFBIG, EXDEV, EPERM, EBADMSG, EINVAL };
	const char *text;

	CHECK_STR(sne_strerror(ENOENT), "fichier ou dossier introuvable", "ENOENT en français");
	CHECK_STR(sne_strerror(EACCES), "permission refusée", "EACCES en français");
	CHECK_STR(sne_strerror(0), "cause inconnue", "errno 0 : pas de « Success »");
	for (size_t i = 0; i < sizeof met / sizeof met[0]; i++) {
		text = sne_strerror(met[i]);
		CHECK(strcmp(text, strerror(met[i])) != 0 && strncmp(text, "erreur système", 14) != 0,
		      "errno %d a son propre texte français (%s)", met[i], text);
	}
	CHECK_STR(sne_strerror(12345), "erreur système n° 12345", "un errno inconnu est numéroté");
}

static void test_warn(void)
{
	sne_err_init("/usr/bin/sne-test");
	CHECK_STR(sne_progname, "sne-test", "nom du programme : le nom de base d'argv[0]");
	capture_start();
	sne_warn("message %d", 3);
	CHECK_STR(capture_end(), "sne-test: message 3", "« prog: message »");
	capture_start();
	errno = ENOENT;
	sne_warn("lecture de %s impossible :", "x.xml");
	CHECK_STR(capture_end(), "sne-test: lecture de x.xml impossible : fichier ou dossier introuvable",
	          "« : » final : la raison du système ajoutée");
	capture_start();
	errno = ENOENT;
	sne_warn("ratio 3:1");
	CHECK_STR(capture_end(), "sne-test: ratio 3:1", "« : » ailleurs qu'à la fin : rien d'ajouté");
	capture_start();
	sne_warn("%s", "ligne\nforgée\t\r\x01\x7f");
	CHECK_STR(capture_end(), "sne-test: ligne\\nforgée\\t\\r\\x01\\x7F",
	          "caractères de contrôle rendus visibles, l'UTF-8 gardé");
	sne_err_init("");
	CHECK_STR(sne_progname, "sne-test", "argv[0] vide : le nom ne change pas");
	sne_err_init(NULL);
	CHECK_STR(sne_progname, "sne-test", "argv[0] NULL : le nom ne change pas");
	sne_err_init("sne-x");
	CHECK_STR(sne_progname, "sne-x", "argv[0] sans dossier : tel quel");
	sne_err_init("sne-test");
}

static void test_warn_at(void)
{
	capture_start();
	sne_warn_at("r.xml", 12, "0740317000123G0417", "nom manquant");
	CHECK_STR(capture_end(), "sne-test: r.xml:12: demande 0740317000123G0417 : nom manquant",
	          "fichier, ligne, demande, message");
	capture_start();
	sne_warn_at("r.xml", 0, NULL, "vide");
	CHECK_STR(capture_end(), "sne-test: r.xml: vide", "ligne 0 : le fichier seul");
	capture_start();
	sne_warn_at(NULL, 5, "n°12", "x");
	CHECK_STR(capture_end(), "sne-test: demande n°12 : x", "sans fichier : la demande seule");
	capture_start();
	sne_warn_at("a\nsne-test: b.xml", 3, "0740317\n000123", "x");
	CHECK_STR(capture_end(), "sne-test: a\\nsne-test: b.xml:3: demande 0740317\\n000123 : x",
	          "nom de fichier et numéro lus de l'entrée : pas de seconde ligne forgée");
}

static void test_info(void)
{
	capture_start();
	sne_info("%d demandes", 4);
	CHECK_STR(capture_end(), "sne-test: 4 demandes", "bilan écrit");
	sne_err_set_quiet(1);
	capture_start();
	sne_info("%d demandes", 4);
	sne_warn("erreur");
	CHECK_STR(capture_end(), "sne-test: erreur", "-q : le bilan tu, l'erreur dite");
	sne_err_set_quiet(0);
	sne_err_set_stopped();
	capture_start();
	sne_info("%d demandes", 4);
	CHECK_STR(capture_end(), "sne-test: avant l'arrêt : 4 demandes",
	          "après un arrêt : le bilan dit qu'il compte ce qui précède");
}

static int die_config(int argc, char **argv)
{
	(void)argc, (void)argv;
	sne_die(SNE_EX_CONFIG, "configuration invalide");
}

static void test_die(void)
{
	int rc;

	capture_start();
	rc = sne_stop_catch(die_config, 0, NULL);
	CHECK_STR(capture_end(), "sne-test: configuration invalide", "sne_die : son message");
	CHECK(rc == SNE_EX_CONFIG, "sne_die : le point d'entrée rend le code donné (%d)", rc);
}

static void test_why_and_worst(void)
{
	char why[8] = "avant";

	sne_why(NULL, 10, "x");
	sne_why(why, 0, "x");
	CHECK_STR(why, "avant", "taille 0 : rien écrit");
	sne_why(why, sizeof why, "raison %d longue", 1);
	CHECK_STR(why, "raison ", "raison coupée à la taille");
	CHECK(sne_exit_worst(0, 1) == 1 && sne_exit_worst(1, 0) == 1, "refusé l'emporte sur 0");
	CHECK(sne_exit_worst(1, SNE_EX_DATAERR) == 65, "65 l'emporte sur refusé");
	CHECK(sne_exit_worst(SNE_EX_IOERR, SNE_EX_DATAERR) == 74, "le plus grand code l'emporte");
}

int main(void)
{
	setlocale(LC_ALL, "C");
	test_strerror();
	test_warn();
	test_warn_at();
	test_info();
	test_die();
	test_why_and_worst();
	return check_done();
}
