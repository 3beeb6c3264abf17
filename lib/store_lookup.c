/* The SQLite register: the lookups of sne/lookup.h (sne-show). */
#include "store_internal.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sne/copy.h"
#include "sne/err.h"
#include "sne/lookup.h"

/* ------------------------------------------------------------------ */
/* lookups (sne/lookup.h) */

/* The root element's start tag in the stored head (past the prolog), or
 * NULL. */
static const char *root_tag_of(const char *head, size_t len, size_t *tag_len)
{
	const char *p = head, *end = head + len, *q;
	char quote = 0;

	if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	while (p < end) {
		if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') {
			p++;
		} else if (end - p >= 4 && memcmp(p, "<!--", 4) == 0) {
			if ((q = memmem(p, (size_t)(end - p), "-->", 3)) == NULL)
				return NULL;
			p = q + 3;
		} else if (end - p >= 2 && memcmp(p, "<?", 2) == 0) {
			if ((q = memmem(p, (size_t)(end - p), "?>", 2)) == NULL)
				return NULL;
			p = q + 2;
		} else if (*p == '<' && (end - p < 2 || p[1] != '!')) {
			for (q = p; q < end; q++) {
				if (quote != 0)
					quote = *q == quote ? 0 : quote;
				else if (*q == '"' || *q == '\'')
					quote = *q;
				else if (*q == '>') {
					*tag_len = (size_t)(q + 1 - p);
					return p;
				}
			}
			return NULL;
		} else {
			return NULL;
		}
	}
	return NULL;
}

/* Hands over each row of the prepared S (rang, numero, octets) that
 * wants() takes (WANTS 0: every row); 0, the callback's code or an error. */
static int hand_over_rows(struct sne_store *st, sqlite3_stmt *s, const struct sne_lookup_spec *spec,
                          struct sne_lookup_hit *h, int ask)
{
	int rc, cb = 0;

	while (cb == 0 && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *numero = (const char *)sqlite3_column_text(s, 1);

		if (ask && (numero == NULL || !spec->wants(numero, spec->ctx)))
			continue;
		if (ask)
			h->key = numero;
		h->offset = sqlite3_column_int64(s, 0);
		h->bytes = sqlite3_column_blob(s, 2);
		h->len = (size_t)sqlite3_column_bytes(s, 2);
		cb = spec->on_hit(h, spec->ctx);
	}
	sqlite3_reset(s);
	if (cb != 0)
		return cb;
	return rc == SQLITE_DONE ? 0 : store_sql_error(st, "lecture");
}

/* Adds to *RANGS the rows of the prepared S (rang, numero) whose numéro
 * wants() takes. */
static int wanted_rows(struct sne_store *st, sqlite3_stmt *s, const struct sne_lookup_spec *spec,
                       sqlite3_int64 **rangs, size_t *n, size_t *cap)
{
	int rc;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *numero = (const char *)sqlite3_column_text(s, 1);

		if (numero == NULL || !spec->wants(numero, spec->ctx))
			continue;
		*rangs = sne_grow(*rangs, *n, cap, sizeof **rangs, 16);
		(*rangs)[(*n)++] = sqlite3_column_int64(s, 0);
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : store_sql_error(st, "lecture");
}

/* Hands over the rows RANGS (sorted: the register's order). */
static int hand_over_rangs(struct sne_store *st, const struct sne_lookup_spec *spec,
                           struct sne_lookup_hit *h, const sqlite3_int64 *rangs, size_t n)
{
	sqlite3_stmt *s;
	int rc = 0;

	if (sqlite3_prepare_v2(st->db, "SELECT rang, numero, octets FROM demande WHERE rang = ?1",
	                       -1, &s, NULL) != SQLITE_OK)
		return store_sql_error(st, "lecture");
	for (size_t i = 0; i < n && rc == 0; i++) {
		if (i > 0 && rangs[i] == rangs[i - 1])
			continue;
		sqlite3_bind_int64(s, 1, rangs[i]);
		if (sqlite3_step(s) == SQLITE_ROW) {
			h->key = (const char *)sqlite3_column_text(s, 1);
			h->offset = sqlite3_column_int64(s, 0);
			h->bytes = sqlite3_column_blob(s, 2);
			h->len = (size_t)sqlite3_column_bytes(s, 2);
			rc = spec->on_hit(h, spec->ctx);
		}
		sqlite3_reset(s);
	}
	sqlite3_finalize(s);
	return rc;
}

/* The rows whose numéro starts as each key (its NEAR_LEN first bytes),
 * offered to wants() by the numéro index, those taken handed over in the
 * register's order. */
static int lookup_keys(struct sne_store *st, const struct sne_lookup_spec *spec,
                       struct sne_lookup_hit *h)
{
	sqlite3_stmt *s;
	sqlite3_int64 *rangs = NULL;
	size_t nrangs = 0, cap = 0;
	int rc = 0;

	if (sqlite3_prepare_v2(st->db, "SELECT rang, numero FROM demande WHERE "
	                       "numero >= ?1 AND numero < ?2", -1, &s, NULL) != SQLITE_OK)
		return store_sql_error(st, "lecture");
	for (size_t i = 0; i < spec->nkeys && rc == 0; i++) {
		size_t len = strlen(spec->keys[i]);
		char from[SNE_LOOKUP_KEY_MAX + 2], upto[SNE_LOOKUP_KEY_MAX + 2];

		if (spec->near_len > 0 && spec->near_len < len)
			len = spec->near_len;
		if (len == 0 || len > SNE_LOOKUP_KEY_MAX)
			continue;
		memcpy(from, spec->keys[i], len);
		from[len] = '\0';
		memcpy(upto, from, len + 1);
		if (spec->near_len > 0)
			upto[len - 1]++;               /* every numéro with this prefix */
		else
			memcpy(upto + len, "\x01", 2); /* the key alone */
		sqlite3_bind_text(s, 1, from, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(s, 2, upto, -1, SQLITE_TRANSIENT);
		rc = wanted_rows(st, s, spec, &rangs, &nrangs, &cap);
	}
	sqlite3_finalize(s);
	if (nrangs > 0)  /* RANGS is NULL when no row was found */
		qsort(rangs, nrangs, sizeof *rangs, store_cmp_rang);
	if (rc == 0)
		rc = hand_over_rangs(st, spec, h, rangs, nrangs);
	free(rangs);
	return rc;
}

/* Every row's numéro offered to wants(), in the register's order. */
static int lookup_all(struct sne_store *st, const struct sne_lookup_spec *spec,
                      struct sne_lookup_hit *h)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, "SELECT rang, numero, octets FROM demande "
	                       "WHERE numero IS NOT NULL ORDER BY rang", -1, &s, NULL) != SQLITE_OK)
		return store_sql_error(st, "lecture");
	rc = hand_over_rows(st, s, spec, h, 1);
	sqlite3_finalize(s);
	return rc;
}

/* The rows whose bytes hold each string, once per row and string. */
static int lookup_strings(struct sne_store *st, const struct sne_lookup_spec *spec,
                          struct sne_lookup_hit *h, const char *const *strings, size_t n)
{
	sqlite3_stmt *s;
	int rc = 0;

	if (sqlite3_prepare_v2(st->db, "SELECT rang, numero, octets FROM demande "
	                       "WHERE instr(octets, CAST(?1 AS BLOB)) > 0 ORDER BY rang", -1, &s,
	                       NULL) != SQLITE_OK)
		return store_sql_error(st, "lecture");
	for (size_t i = 0; i < n && rc == 0; i++) {
		h->key = strings[i];
		h->string = i;
		sqlite3_bind_text(s, 1, strings[i], -1, SQLITE_STATIC);
		rc = hand_over_rows(st, s, spec, h, 0);
	}
	sqlite3_finalize(s);
	return rc;
}

int sne_store_lookup(const char *path, const struct sne_lookup_spec *spec,
                     const char *const *strings, size_t nstrings)
{
	struct sne_store *st;
	struct sne_lookup_hit h = { 0 };
	int rc = sne_store_open(path, SNE_STORE_READ | SNE_STORE_WAIT, &st);

	if (rc != 0)
		return rc;
	h.root_tag = root_tag_of(st->head, st->head_len, &h.root_len);
	if (h.root_tag == NULL) {
		sne_warn("%s: enveloppe sans élément racine : ce n'est pas un flux XML de demandes",
		         path);
		rc = SNE_EX_DATAERR;
	} else if (strings != NULL) {
		rc = lookup_strings(st, spec, &h, strings, nstrings);
	} else if (spec->keys != NULL) {
		rc = lookup_keys(st, spec, &h);
	} else {
		rc = lookup_all(st, spec, &h);
	}
	sne_store_close(st);
	return rc == SNE_LOOKUP_STOP ? 0 : rc;
}
