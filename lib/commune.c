/* The commune table: a sorted text file mapped once, an index of its
 * lines, bisection over the codes. */
#include "sne/commune.h"

#include "sne/err.h"
#include "sne/paths.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define CODE_LEN 5

struct sne_communes {
	const char *text;
	size_t size;
	uint32_t *lines;  /* offset of each line that starts with a code */
	size_t count;
};

static void *xrealloc(void *p, size_t size)
{
	p = realloc(p, size);
	if (p == NULL)
		abort();
	return p;
}

/* Offsets of the data lines (comments start with '#'); 0, or -1 when the
 * lines are not sorted by code or a line is not "CODE\tCODE\t...". */
static int index_lines(struct sne_communes *t)
{
	size_t cap = 0;

	for (size_t at = 0; at < t->size;) {
		const char *end = memchr(t->text + at, '\n', t->size - at);
		size_t len = end ? (size_t)(end - (t->text + at)) : t->size - at;

		if (t->text[at] != '#') {
			if (len < 2 * CODE_LEN + 2 || t->text[at + CODE_LEN] != '\t' ||
			    t->text[at + 2 * CODE_LEN + 1] != '\t' ||
			    (t->count > 0 &&
			     memcmp(t->text + t->lines[t->count - 1], t->text + at, CODE_LEN) >= 0))
				return -1;
			if (t->count == cap)
				t->lines = xrealloc(t->lines, (cap = cap ? 2 * cap : 65536) * sizeof *t->lines);
			t->lines[t->count++] = (uint32_t)at;
		}
		at += len + 1;
	}
	return 0;
}

static int map_file(struct sne_communes *t, const char *path, char *why, size_t why_size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	void *map;

	if (fd < 0 || fstat(fd, &st) != 0 || st.st_size == 0 || st.st_size > UINT32_MAX) {
		sne_why(why, why_size, "%s: table des communes illisible : %s", path,
		        fd < 0 || errno != 0 ? strerror(errno) : "fichier vide ou trop grand");
		if (fd >= 0)
			close(fd);
		return -1;
	}
	map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED) {
		sne_why(why, why_size, "%s: table des communes illisible : %s", path,
		        strerror(errno));
		return -1;
	}
	t->text = map;
	t->size = (size_t)st.st_size;
	return 0;
}

struct sne_communes *sne_communes_open(const char *path, char *why, size_t why_size)
{
	struct sne_communes *t = calloc(1, sizeof *t);

	if (t == NULL)
		abort();
	errno = 0;
	if (map_file(t, path, why, why_size) != 0) {
		free(t);
		return NULL;
	}
	if (index_lines(t) != 0 || t->count == 0) {
		sne_why(why, why_size, "%s: table des communes mal formée (lignes « code, code "
		        "actuel, nom, codes postaux » triées par code) ; régénérez-la avec "
		        "tools/communes", path);
		sne_communes_close(t);
		return NULL;
	}
	return t;
}

struct sne_communes *sne_communes_open_default(char *why, size_t why_size)
{
	char path[4096];

	snprintf(path, sizeof path, "%s/communes/communes.tsv", sne_share_dir());
	return sne_communes_open(path, why, why_size);
}

void sne_communes_close(struct sne_communes *t)
{
	if (t == NULL)
		return;
	if (t->text != NULL)
		munmap((void *)t->text, t->size);
	free(t->lines);
	free(t);
}

size_t sne_communes_count(const struct sne_communes *t)
{
	return t->count;
}

/* The fields of the line at OFFSET. */
static void read_line(const struct sne_communes *t, size_t offset, struct sne_commune *out)
{
	const char *line = t->text + offset;
	const char *end = memchr(line, '\n', t->size - offset);
	const char *nom = line + 2 * CODE_LEN + 2, *tab;

	if (end == NULL)
		end = t->text + t->size;
	memcpy(out->code, line, CODE_LEN);
	out->code[CODE_LEN] = '\0';
	memcpy(out->actuel, line + CODE_LEN + 1, CODE_LEN);
	out->actuel[CODE_LEN] = '\0';
	tab = memchr(nom, '\t', (size_t)(end - nom));
	out->nom = nom;
	out->nom_len = (size_t)((tab ? tab : end) - nom);
	out->postaux = tab ? tab + 1 : end;
	out->postaux_len = (size_t)(end - out->postaux);
}

int sne_communes_find(const struct sne_communes *t, const char *code, struct sne_commune *out)
{
	char key[CODE_LEN];
	size_t low = 0, high = t->count;

	if (code == NULL || strlen(code) != CODE_LEN)
		return -1;
	memcpy(key, code, CODE_LEN);
	if (key[0] == '2' && (key[1] == 'a' || key[1] == 'b'))
		key[1] = (char)(key[1] - 'a' + 'A');
	while (low < high) {
		size_t mid = low + (high - low) / 2;
		int cmp = memcmp(t->text + t->lines[mid], key, CODE_LEN);

		if (cmp == 0) {
			read_line(t, t->lines[mid], out);
			return 0;
		}
		if (cmp < 0)
			low = mid + 1;
		else
			high = mid;
	}
	return -1;
}

int sne_communes_find_actuelle(const struct sne_communes *t, const char *code,
                               struct sne_commune *out)
{
	if (sne_communes_find(t, code, out) != 0)
		return -1;
	if (strcmp(out->code, out->actuel) == 0)
		return 0;
	return sne_communes_find(t, out->actuel, out);
}

/* Calls ON_GROUP for each "cp,cp:LIBELLÉ" group of COMMUNE until it
 * returns non-zero; returns that value, or 0. */
static int each_group(const struct sne_commune *c,
                      int (*on_group)(const char *cps, size_t cps_len, const char *lib,
                                      size_t lib_len, void *ctx), void *ctx)
{
	const char *p = c->postaux, *end = c->postaux + c->postaux_len;

	while (p < end) {
		const char *bar = memchr(p, '|', (size_t)(end - p));
		const char *group_end = bar ? bar : end;
		const char *colon = memchr(p, ':', (size_t)(group_end - p));
		int rc;

		if (colon == NULL)
			return 0;
		rc = on_group(p, (size_t)(colon - p), colon + 1, (size_t)(group_end - colon - 1), ctx);
		if (rc != 0)
			return rc;
		p = group_end + 1;
	}
	return 0;
}

static int lists_code(const char *cps, size_t len, const char *cp)
{
	for (size_t i = 0; i + CODE_LEN <= len; i += CODE_LEN + 1)
		if (memcmp(cps + i, cp, CODE_LEN) == 0)
			return 1;
	return 0;
}

static int group_has(const char *cps, size_t cps_len, const char *lib, size_t lib_len,
                     void *ctx)
{
	(void)lib;
	(void)lib_len;
	return lists_code(cps, cps_len, ctx);
}

int sne_commune_has_code_postal(const struct sne_commune *c, const char *cp)
{
	if (cp == NULL || strlen(cp) != CODE_LEN)
		return 0;
	return each_group(c, group_has, (void *)cp);
}

struct wanted_libelle {
	const char *cp;
	const char *lib;
	size_t len;
};

static int group_libelle(const char *cps, size_t cps_len, const char *lib, size_t lib_len,
                         void *ctx)
{
	struct wanted_libelle *w = ctx;

	if (w->lib == NULL) {  /* the first group: the answer when CP is none of them */
		w->lib = lib;
		w->len = lib_len;
	}
	if (w->cp == NULL || !lists_code(cps, cps_len, w->cp))
		return 0;
	w->lib = lib;
	w->len = lib_len;
	return 1;
}

size_t sne_commune_acheminement(const struct sne_commune *c, const char *cp, char *out,
                                size_t size)
{
	struct wanted_libelle w = { cp != NULL && strlen(cp) == CODE_LEN ? cp : NULL, NULL, 0 };
	size_t n;

	each_group(c, group_libelle, &w);
	n = w.lib == NULL || w.len >= size ? 0 : w.len;
	if (size > 0) {
		memcpy(out, w.lib ? w.lib : "", n);
		out[n] = '\0';
	}
	return n;
}
