/* Unit tests of lib/err.c: French system errors whatever the locale, and
 * the trailing-':' convention that appends them. */
#include "sne/err.h"

#include <errno.h>
#include <locale.h>
#include <string.h>

#include "capture.h"
#include "check.h"

int main(void)
{
	static const int met[] = { ENOENT, EACCES, EISDIR, ENOTDIR, ENOSPC, EROFS, ELOOP,
	                           EEXIST, EIO, ENOMEM, EMFILE, EPIPE, EAGAIN, EDQUOT,
	                           ENAMETOOLONG, EFBIG, EXDEV, EPERM, EBADMSG, EINVAL };
	const char *text;

	setlocale(LC_ALL, "C");
	sne_err_init("/usr/local/bin/sne-create");
	CHECK_STR(sne_progname, "sne-create", "the program name is the basename of argv[0]");
	CHECK_STR(sne_strerror(ENOENT), "fichier ou dossier introuvable", "ENOENT in French");
	CHECK_STR(sne_strerror(EACCES), "permission refusée", "EACCES in French");
	CHECK_STR(sne_strerror(0), "cause inconnue", "no errno: no «Success»");
	for (size_t i = 0; i < sizeof met / sizeof met[0]; i++) {
		text = sne_strerror(met[i]);
		CHECK(strcmp(text, strerror(met[i])) != 0 && strncmp(text, "erreur système", 14) != 0,
		      "errno %d has its own French text (%s)", met[i], text);
	}
	CHECK_STR(sne_strerror(12345), "erreur système n° 12345", "an unknown errno is numbered");

	capture_start();
	errno = ENOENT;
	sne_warn("%s: ouverture impossible :", "absent.xml");
	CHECK_STR(capture_end(), "sne-create: absent.xml: ouverture impossible : fichier ou "
	          "dossier introuvable", "a trailing ':' appends the French text");
	capture_start();
	errno = ENOENT;
	sne_warn("rien à ajouter");
	CHECK_STR(capture_end(), "sne-create: rien à ajouter", "no ':', nothing appended");
	return check_done();
}
