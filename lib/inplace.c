/* In-place rewrite of a register: lock, temporary file, fsync, rename. */
#include "sne/inplace.h"

#include "sne/copy.h"
#include "sne/err.h"
#include "sne/lock.h"
#include "sne/privilege.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define TMP_INFIX ".tmp."
#define TMP_RANDOM "XXXXXX"

struct sne_inplace {
	char *path;
	char *dir;        /* folder of PATH, for the temp file and its fsync */
	char *base;       /* last component of PATH */
	char *tmp_path;   /* NULL once renamed (nothing left to remove) */
	struct sne_lock lock;
	struct sne_input *in;
	struct sne_output *out;
	int may_create;   /* a missing PATH is an empty one, created at commit */
	struct sne_store *store;  /* an SQLite register: no lock file, no temp */
	const struct sne_store_select *select;
};

static void split_path(struct sne_inplace *ip, const char *path)
{
	const char *slash = strrchr(path, '/');

	ip->path = sne_asprintf("%s", path);
	if (slash == NULL) {
		ip->dir = sne_asprintf(".");
		ip->base = sne_asprintf("%s", path);
	} else {
		ip->dir = slash == path ? sne_asprintf("/") : sne_asprintf("%.*s", (int)(slash - path), path);
		ip->base = sne_asprintf("%s", slash + 1);
	}
}

static int refuse_symlink(const char *path)
{
	sne_warn("« %s » est un lien symbolique : réécriture en place refusée ; "
	         "donnez le chemin du fichier lui-même", path);
	return SNE_EX_CANTCREAT;
}

/* Refuses what must never be rewritten: a symlink, a device, a folder, or a
 * file of another user (rewriting it would change its owner), unless in the
 * setgid deployment the file is the group's. */
static int check_stat(const char *path, const struct stat *st)
{
	if (S_ISLNK(st->st_mode))
		return refuse_symlink(path);
	if (!S_ISREG(st->st_mode)) {
		sne_warn("« %s » n'est pas un fichier ordinaire : réécriture en place refusée", path);
		return SNE_EX_CANTCREAT;
	}
	if (!sne_register_writable(st)) {
		sne_warn("« %s » appartient à un autre utilisateur (uid %ld) : réécriture en "
		         "place refusée ; lancez la commande sous ce compte", path, (long)st->st_uid);
		return SNE_EX_CANTCREAT;
	}
	return 0;
}

/* Checked before locking so that a wrong path leaves no "PATH.lock" behind. */
static int precheck(const char *path, int may_create)
{
	struct stat st;

	if (lstat(path, &st) != 0) {
		if (errno == ENOENT && may_create)
			return 0;
		if (errno == ENOENT)
			sne_warn("registre « %s » introuvable ; vérifiez le chemin donné à --in-place", path);
		else
			sne_warn("impossible d'examiner « %s » :", path);
		return SNE_EX_NOINPUT;
	}
	return check_stat(path, &st);
}

static int take_lock(struct sne_inplace *ip, int wait)
{
	char why[SNE_WHY_MAX];
	char *lock_path = sne_asprintf("%s.lock", ip->path);
	int rc = sne_lock_acquire(&ip->lock, lock_path, wait, why, sizeof why);

	if (rc != 0)
		sne_warn("%s", why);
	free(lock_path);
	return rc;
}

/* Opened after locking, and checked again on the descriptor itself: the
 * path may have changed since precheck(). */
static int open_original(struct sne_inplace *ip)
{
	struct stat st;
	int rc, fd = open(ip->path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0) {
		if (errno == ENOENT && ip->may_create)
			return 0; /* ip->in stays NULL: the file starts empty */
		if (errno == ELOOP)
			return refuse_symlink(ip->path);
		sne_warn("impossible d'ouvrir « %s » :", ip->path);
		return errno == ENOENT ? SNE_EX_NOINPUT : SNE_EX_IOERR;
	}
	rc = fstat(fd, &st) != 0 ? SNE_EX_IOERR : check_stat(ip->path, &st);
	if (rc == 0 && fcntl(fd, F_SETFL, 0) != 0)
		rc = SNE_EX_IOERR;
	if (rc != 0) {
		if (rc == SNE_EX_IOERR)
			sne_warn("impossible d'examiner « %s » :", ip->path);
		close(fd);
		return rc;
	}
	ip->in = sne_input_fdopen(fd, ip->path);
	return 0;
}

/* ".BASE.tmp.XXXXXX": a temporary file of ours, left by a killed run. */
static int is_stale_temp(const char *name, const char *base)
{
	size_t nbase = strlen(base), ninfix = strlen(TMP_INFIX);

	return name[0] == '.' && strncmp(name + 1, base, nbase) == 0 &&
	       strncmp(name + 1 + nbase, TMP_INFIX, ninfix) == 0 &&
	       strlen(name + 1 + nbase + ninfix) == strlen(TMP_RANDOM);
}

/* Only called under the lock: no live run can own such a file then. */
static void remove_stale_temps(struct sne_inplace *ip)
{
	DIR *dir = opendir(ip->dir);
	struct dirent *entry;

	if (dir == NULL)
		return;
	while ((entry = readdir(dir)) != NULL) {
		if (!is_stale_temp(entry->d_name, ip->base))
			continue;
		if (unlinkat(dirfd(dir), entry->d_name, 0) == 0)
			sne_info("fichier temporaire abandonné « %s/%s » supprimé", ip->dir, entry->d_name);
	}
	closedir(dir);
}

static int create_temp(struct sne_inplace *ip)
{
	int fd;

	ip->tmp_path = sne_asprintf("%s/.%s%s%s", ip->dir, ip->base, TMP_INFIX, TMP_RANDOM);
	fd = mkostemp(ip->tmp_path, O_CLOEXEC);
	if (fd < 0) {
		sne_warn("impossible de créer un fichier temporaire dans « %s » :", ip->dir);
		free(ip->tmp_path);
		ip->tmp_path = NULL;
		return SNE_EX_CANTCREAT;
	}
	ip->out = sne_output_fdopen(fd, ip->tmp_path, sne_path_is_gz(ip->path), 0);
	if (fchmod(fd, sne_register_file_mode()) != 0) {
		sne_warn("impossible de protéger « %s » :", ip->tmp_path);
		return SNE_EX_CANTCREAT;
	}
	return 0;
}

/* Frees IP; removes the temporary file if it is still there. */
static void destroy(struct sne_inplace *ip)
{
	if (ip->store != NULL) {
		if (ip->in != NULL)
			sne_input_close(ip->in);
		ip->in = NULL;
		if (ip->out != NULL)
			sne_output_close(ip->out);
		ip->out = NULL;
		sne_store_close(ip->store); /* rolls back what is not committed */
	}
	if (ip->out != NULL)
		sne_output_close(ip->out);
	if (ip->tmp_path != NULL)
		unlink(ip->tmp_path);
	if (ip->in != NULL)
		sne_input_close(ip->in);
	sne_lock_release(&ip->lock);
	free(ip->tmp_path);
	free(ip->path);
	free(ip->dir);
	free(ip->base);
	free(ip);
}

static int begin_store(struct sne_inplace *ip, int wait, struct sne_inplace **out)
{
	int rc = sne_store_open(ip->path, SNE_STORE_WRITE | (wait ? SNE_STORE_WAIT : 0),
	                        &ip->store);

	if (rc != 0) {
		destroy(ip);
		return rc;
	}
	sne_store_set_current(ip->store);
	ip->out = sne_store_sink(ip->store);
	*out = ip;
	return 0;
}

void sne_inplace_select(struct sne_inplace *ip, const struct sne_store_select *select,
                        int batches)
{
	ip->select = select;
	if (ip->store != NULL)
		sne_store_set_batches(ip->store, batches);
}

int sne_inplace_status(struct sne_inplace *ip, int rc)
{
	int failure = ip->store != NULL ? sne_store_failure(ip->store) : 0;

	/* the sink's own status replaces the write error it caused */
	return failure ? sne_exit_worst(failure, rc >= SNE_EX_USAGE ? 0 : rc) : rc;
}

int sne_inplace_partial(const struct sne_inplace *ip)
{
	return ip->store != NULL && sne_store_batches(ip->store) > 0;
}

static int begin(const char *path, int wait, int may_create, struct sne_inplace **out)
{
	struct sne_inplace *ip;
	int rc = precheck(path, may_create);

	*out = NULL;
	if (rc != 0)
		return rc;
	ip = calloc(1, sizeof *ip);
	if (ip == NULL)
		abort();
	ip->lock.fd = -1;
	ip->may_create = may_create;
	split_path(ip, path);
	if (sne_store_is_store(path))
		return begin_store(ip, wait, out);
	rc = take_lock(ip, wait);
	if (rc == 0)
		rc = open_original(ip);
	if (rc == 0) {
		remove_stale_temps(ip);
		rc = create_temp(ip);
	}
	if (rc != 0) {
		destroy(ip);
		return rc;
	}
	*out = ip;
	return 0;
}

int sne_inplace_begin(const char *path, int wait, struct sne_inplace **out)
{
	return begin(path, wait, 0, out);
}

int sne_inplace_begin_or_create(const char *path, int wait, struct sne_inplace **out)
{
	return begin(path, wait, 1, out);
}

struct sne_input *sne_inplace_input(struct sne_inplace *ip)
{
	if (ip->store != NULL && ip->in == NULL)
		ip->in = sne_store_input(ip->store, ip->select);
	return ip->in;
}
struct sne_output *sne_inplace_output(struct sne_inplace *ip) { return ip->out; }

static int write_out(struct sne_inplace *ip)
{
	struct sne_output *out = ip->out;

	ip->out = NULL;
	if (sne_output_sync(out) != 0) {
		int saved = errno;

		sne_output_close(out);
		errno = saved;
		return -1;
	}
	return sne_output_close(out);
}

static int commit_store(struct sne_inplace *ip)
{
	int rc;

	sne_input_close(ip->in); /* the rows read are all known */
	ip->in = NULL;
	rc = sne_store_finish(ip->store);
	destroy(ip);
	return rc;
}

int sne_inplace_commit(struct sne_inplace *ip)
{
	if (ip->store != NULL)
		return commit_store(ip);
	if (write_out(ip) != 0) {
		sne_warn("écriture de « %s » impossible, « %s » est inchangé :", ip->tmp_path, ip->path);
		destroy(ip);
		return SNE_EX_IOERR;
	}
	if (rename(ip->tmp_path, ip->path) != 0) {
		sne_warn("impossible de remplacer « %s », qui est inchangé :", ip->path);
		destroy(ip);
		return SNE_EX_IOERR;
	}
	free(ip->tmp_path);
	ip->tmp_path = NULL;
	if (sne_fsync_parent(ip->path) != 0) {
		sne_warn("« %s » a été réécrit mais le dossier « %s » n'a pu être synchronisé :",
		         ip->path, ip->dir);
		destroy(ip);
		return SNE_EX_IOERR;
	}
	destroy(ip);
	return 0;
}

void sne_inplace_abort(struct sne_inplace *ip)
{
	if (ip == NULL)
		return;
	if (sne_inplace_partial(ip))
		sne_warn("« %s » : seuls les %d premiers lots de %d demandes ont été validés ; "
		         "relancez la commande pour finir", ip->path, sne_store_batches(ip->store),
		         (int)sne_store_batch_size());
	destroy(ip);
}
