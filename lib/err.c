#include "sne/err.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sne/copy.h"
#include "sne/stop.h"

const char *sne_progname = "sne";
/* per thread: a part of a split stream keeps its messages (stream_split.c) */
static _Thread_local FILE *err_stream;
static int err_quiet;
static int err_stopped;

void sne_err_init(const char *argv0)
{
	const char *slash;

	if (argv0 == NULL || *argv0 == '\0')
		return;
	slash = strrchr(argv0, '/');
	sne_progname = slash ? slash + 1 : argv0;
	err_quiet = 0;
	err_stopped = 0;
}

void sne_err_set_stream(FILE *stream) { err_stream = stream; }
void sne_err_set_quiet(int quiet) { err_quiet = quiet; }
void sne_err_set_stopped(void) { err_stopped = 1; }

/* The system errors a program of the toolkit can meet (opening, reading,
 * writing, renaming, locking files), in French whatever the locale. */
static const struct {
	int errnum;
	const char *text;
} errno_texts[] = {
	{ 0, "cause inconnue" },
	{ EPERM, "opération non permise" },
	{ ENOENT, "fichier ou dossier introuvable" },
	{ EINTR, "appel système interrompu" },
	{ EIO, "erreur d'entrée-sortie du disque ou du périphérique" },
	{ ENXIO, "périphérique ou adresse introuvable" },
	{ E2BIG, "liste d'arguments trop longue" },
	{ EBADF, "descripteur de fichier invalide" },
	{ EAGAIN, "ressource temporairement indisponible" },
	{ ENOMEM, "mémoire insuffisante" },
	{ EACCES, "permission refusée" },
	{ EFAULT, "adresse invalide" },
	{ EBUSY, "ressource occupée" },
	{ EEXIST, "le fichier existe déjà" },
	{ EXDEV, "les deux chemins sont sur des systèmes de fichiers différents" },
	{ ENODEV, "périphérique introuvable" },
	{ ENOTDIR, "un élément du chemin n'est pas un dossier" },
	{ EISDIR, "c'est un dossier, pas un fichier" },
	{ EINVAL, "argument invalide" },
	{ ENFILE, "trop de fichiers ouverts sur le système" },
	{ EMFILE, "trop de fichiers ouverts par le programme" },
	{ ETXTBSY, "fichier exécutable occupé" },
	{ EFBIG, "fichier trop gros" },
	{ ENOSPC, "plus de place sur le disque" },
	{ ESPIPE, "déplacement impossible (tube ou terminal)" },
	{ EROFS, "système de fichiers en lecture seule" },
	{ EMLINK, "trop de liens" },
	{ EPIPE, "tube fermé par le programme qui le lisait" },
	{ ERANGE, "valeur hors limites" },
	{ EDEADLK, "interblocage évité" },
	{ ENAMETOOLONG, "nom de fichier trop long" },
	{ ENOLCK, "plus de verrou disponible" },
	{ ENOSYS, "fonction non prise en charge par le système" },
	{ ENOTEMPTY, "dossier non vide" },
	{ ELOOP, "trop de liens symboliques, ou lien symbolique refusé" },
	{ EOVERFLOW, "valeur trop grande pour son type" },
	{ EILSEQ, "séquence d'octets invalide" },
	{ EBADMSG, "données corrompues" },
	{ ENOTSUP, "opération non prise en charge" },
	{ ETIMEDOUT, "délai dépassé" },
	{ ESTALE, "fichier réseau (NFS) périmé" },
	{ EDQUOT, "quota de disque dépassé" },
	{ ECANCELED, "opération annulée" },
};

const char *sne_strerror(int errnum)
{
	static _Thread_local char other[48];

	if (errnum == EWOULDBLOCK)
		errnum = EAGAIN;
	if (errnum == EOPNOTSUPP)
		errnum = ENOTSUP;
	for (size_t i = 0; i < sizeof errno_texts / sizeof errno_texts[0]; i++)
		if (errno_texts[i].errnum == errnum)
			return errno_texts[i].text;
	snprintf(other, sizeof other, "erreur système n° %d", errnum);
	return other;
}

FILE *sne_err_file(void) { return err_stream ? err_stream : stderr; }
static FILE *stream(void) { return sne_err_file(); }

/* Writes TEXT with its control characters made visible (\n, \t, \r,
 * \xHH): a message is one line, and a value read from the input (a numéro,
 * a file name) cannot forge a second one. */
static void put_visible(const char *text)
{
	for (const unsigned char *p = (const unsigned char *)text; *p != '\0'; p++) {
		if (*p >= 0x20 && *p != 0x7f)
			fputc(*p, stream());
		else if (*p == '\n')
			fputs("\\n", stream());
		else if (*p == '\t')
			fputs("\\t", stream());
		else if (*p == '\r')
			fputs("\\r", stream());
		else
			fprintf(stream(), "\\x%02X", *p);
	}
}

static void vprint(const char *fmt, va_list ap)
{
	int saved = errno;
	size_t n = strlen(fmt);
	char *text = sne_vasprintf(fmt, ap);

	put_visible(text);
	free(text);
	if (n > 0 && fmt[n - 1] == ':')
		fprintf(stream(), " %s", sne_strerror(saved));
	fputc('\n', stream());
}

void sne_warn(const char *fmt, ...)
{
	va_list ap;

	fprintf(stream(), "%s: ", sne_progname);
	va_start(ap, fmt);
	vprint(fmt, ap);
	va_end(ap);
}

void sne_warn_at(const char *file, long line, const char *record, const char *fmt, ...)
{
	va_list ap;

	fprintf(stream(), "%s: ", sne_progname);
	if (file != NULL) {
		put_visible(file);
		if (line > 0)
			fprintf(stream(), ":%ld", line);
		fputs(": ", stream());
	}
	if (record != NULL) {
		fputs("demande ", stream());
		put_visible(record);
		fputs(" : ", stream());
	}
	va_start(ap, fmt);
	vprint(fmt, ap);
	va_end(ap);
}

void sne_info(const char *fmt, ...)
{
	va_list ap;

	if (err_quiet)
		return;
	fprintf(stream(), "%s: %s", sne_progname, err_stopped ? "avant l'arrêt : " : "");
	va_start(ap, fmt);
	vprint(fmt, ap);
	va_end(ap);
}

void sne_die(int code, const char *fmt, ...)
{
	va_list ap;

	fprintf(stream(), "%s: ", sne_progname);
	va_start(ap, fmt);
	vprint(fmt, ap);
	va_end(ap);
	sne_stop(code);
}

void sne_why(char *why, size_t size, const char *fmt, ...)
{
	va_list ap;

	if (why == NULL || size == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(why, size, fmt, ap);
	va_end(ap);
}

int sne_exit_worst(int a, int b)
{
	return a > b ? a : b;
}
