/* The identity index of a register for the review of doublons, and the
 * pairs it suspects. */
#include "sne/rapprochement.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sne/date.h"
#include "sne/demande.h"
#include "sne/identite.h"
#include "sne/stream.h"
#include "sne/territoire.h"

/* Folded texts are cut at this size (a nom longer than 127 bytes compares
 * on its first 127). */
#define FOLDED_MAX 128

struct entry {
	char numero[SNE_NUMERO_SIZE];
	char territoire[SNE_TERRITOIRE_SIZE];
	uint32_t rank;
	uint32_t naissance;     /* YYYYMMDD */
	uint32_t names;         /* offset in the arena: nom, prénom, patronymique,
	                           each NUL-terminated */
};

struct sne_rapprochement {
	struct entry *entries;
	size_t count, capacity;
	char *arena;
	size_t arena_len, arena_cap;
};

struct sne_rapprochement *sne_rapprochement_new(void)
{
	struct sne_rapprochement *index = calloc(1, sizeof *index);

	if (index == NULL)
		abort();
	return index;
}

void sne_rapprochement_free(struct sne_rapprochement *index)
{
	if (index == NULL)
		return;
	free(index->entries);
	free(index->arena);
	free(index);
}

size_t sne_rapprochement_count(const struct sne_rapprochement *index)
{
	return index->count;
}

static void *grow_array(void *array, size_t *capacity, size_t need, size_t size)
{
	size_t cap = *capacity ? *capacity : 1024;

	if (need <= *capacity)
		return array;
	while (cap < need)
		cap *= 2;
	array = realloc(array, cap * size);
	if (array == NULL)
		abort();
	*capacity = cap;
	return array;
}

/* Appends the folded TEXT (NULL as "") to the arena. */
static void arena_fold(struct sne_rapprochement *index, const char *text)
{
	char folded[FOLDED_MAX];
	size_t n = sne_identite_fold(text ? text : "", folded, sizeof folded);

	index->arena = grow_array(index->arena, &index->arena_cap, index->arena_len + n + 1, 1);
	memcpy(index->arena + index->arena_len, folded, n + 1);
	index->arena_len += n + 1;
}

/* ------------------------------------------------------------------ */
/* loading a register */

enum { F_ETAT, F_NUMERO, F_NOM, F_PRENOM, F_PATRONYMIQUE, F_NAISSANCE, F_COMMUNE, F_COUNT };

static const char *const load_fields[F_COUNT] = {
	[F_ETAT] = SNE_F_ETAT,
	[F_NUMERO] = SNE_F_NUM_UNIQUE,
	[F_NOM] = SNE_F_NOM,
	[F_PRENOM] = SNE_F_PRENOM,
	[F_PATRONYMIQUE] = SNE_F_DEMANDEUR "n:nomPatronymique",
	[F_NAISSANCE] = SNE_F_DATE_NAISSANCE,
	[F_COMMUNE] = SNE_F_COMMUNE_SOUHAITEE,
};

static int is_indexed(const char *etat)
{
	return etat != NULL &&
	       (strcmp(etat, "active") == 0 || strcmp(etat, "en-attente-validation") == 0);
}

/* Territory from the numéro when it has one, else from the communes. */
static int territory_of(const struct sne_record *rec, struct entry *e)
{
	const char *text = sne_record_get(rec, F_NUMERO);
	struct sne_numero parsed;
	const char *communes[64];
	size_t n = sne_record_count(rec, F_COMMUNE);

	e->numero[0] = '\0';
	if (text != NULL && sne_numero_parse(text, &parsed, NULL, 0) == 0) {
		sne_numero_format(&parsed, e->numero);
		memcpy(e->territoire, parsed.territoire, SNE_TERRITOIRE_SIZE);
		return 0;
	}
	if (n > sizeof communes / sizeof communes[0])
		n = sizeof communes / sizeof communes[0];
	for (size_t i = 0; i < n; i++)
		communes[i] = sne_record_value(rec, F_COMMUNE, i)->text;
	return sne_territoire_of_communes(communes, n, e->territoire, NULL, 0);
}

static int index_record(struct sne_record *rec, void *ctx)
{
	struct sne_rapprochement *index = ctx;
	struct sne_date naissance;
	const char *text = sne_record_get(rec, F_NAISSANCE);
	struct entry e;

	if (!is_indexed(sne_record_get(rec, F_ETAT)))
		return 0;
	/* without a date de naissance or a territory nothing can be compared */
	if (text == NULL || sne_date_parse_iso(text, &naissance, NULL, 0) != 0 ||
	    territory_of(rec, &e) != 0)
		return 0;
	e.naissance = (uint32_t)(naissance.year * 10000 + naissance.month * 100 + naissance.day);
	e.rank = sne_record_rank(rec) <= UINT32_MAX ? (uint32_t)sne_record_rank(rec) : UINT32_MAX;
	e.names = (uint32_t)index->arena_len;
	arena_fold(index, sne_record_get(rec, F_NOM));
	arena_fold(index, sne_record_get(rec, F_PRENOM));
	arena_fold(index, sne_record_get(rec, F_PATRONYMIQUE));
	index->entries = grow_array(index->entries, &index->capacity, index->count + 1,
	                            sizeof *index->entries);
	index->entries[index->count++] = e;
	return 0;
}

int sne_rapprochement_load(struct sne_rapprochement *index, const char *path)
{
	struct sne_stream_spec spec = {
		.record_ns = SNE_NS_NUU,
		.record_name = SNE_DEMANDE_NAME,
		.envelope = &sne_envelope_interface,
		.fields = load_fields,
		.nfields = F_COUNT,
		.text_only = 1,
		.on_record = index_record,
		.ctx = index,
	};

	return sne_stream_run_path(path, &spec, "ouverture du registre impossible");
}

/* ------------------------------------------------------------------ */
/* the pairs */

static const char *arena_base; /* for the qsort comparison only */

static struct sne_identite_pliee names_of(const char *arena, const struct entry *e)
{
	struct sne_identite_pliee p;

	p.nom = arena + e->names;
	p.prenom = p.nom + strlen(p.nom) + 1;
	p.patronymique = p.prenom + strlen(p.prenom) + 1;
	return p;
}

/* By territory, date de naissance, nom, prénom, then rank. */
static int entry_cmp(const void *pa, const void *pb)
{
	const struct entry *a = pa, *b = pb;
	struct sne_identite_pliee na, nb;
	int c = strcmp(a->territoire, b->territoire);

	if (c != 0)
		return c;
	if (a->naissance != b->naissance)
		return a->naissance < b->naissance ? -1 : 1;
	na = names_of(arena_base, a);
	nb = names_of(arena_base, b);
	if ((c = strcmp(na.nom, nb.nom)) != 0 || (c = strcmp(na.prenom, nb.prenom)) != 0)
		return c;
	return a->rank < b->rank ? -1 : a->rank > b->rank;
}

static int same_group(const struct entry *a, const struct entry *b)
{
	return a->naissance == b->naissance && strcmp(a->territoire, b->territoire) == 0;
}

static int report(const struct entry *a, const struct entry *b, enum sne_ressemblance kind,
                  int (*each)(const struct sne_paire *, void *), void *ctx)
{
	struct sne_paire pair;
	const struct entry *first = a->rank <= b->rank ? a : b, *second = first == a ? b : a;

	pair.kind = kind;
	pair.territoire = a->territoire;
	pair.numero[0] = first->numero;
	pair.numero[1] = second->numero;
	pair.rank[0] = first->rank;
	pair.rank[1] = second->rank;
	return each(&pair, ctx);
}

/* The pairs of group [FROM, TO): sorted by nom and prénom, so the demandes
 * of one identity are neighbours and each is paired with the first of
 * them only.  ALL 0 compares for the same identity only. */
static int group_pairs(const struct sne_rapprochement *index, size_t from, size_t to, int all,
                       int (*each)(const struct sne_paire *, void *), void *ctx)
{
	const struct entry *e = index->entries;
	size_t head = from; /* first demande of the identity of i */
	int rc;

	for (size_t i = from; i < to; i++) {
		struct sne_identite_pliee ni = names_of(index->arena, &e[i]);

		for (size_t j = i + 1; j < to; j++) {
			struct sne_identite_pliee nj = names_of(index->arena, &e[j]);
			enum sne_ressemblance kind = sne_ressemblance_compare(&ni, &nj);

			if (kind == SNE_RESSEMBLANCE_IDENTITE && i != head)
				continue; /* already paired with the head */
			if (!all && kind != SNE_RESSEMBLANCE_IDENTITE)
				break;
			if (kind != SNE_RESSEMBLANCE_AUCUNE && (rc = report(&e[i], &e[j], kind, each, ctx)) != 0)
				return rc;
		}
		if (i + 1 < to) {
			struct sne_identite_pliee next = names_of(index->arena, &e[i + 1]);
			if (sne_ressemblance_compare(&ni, &next) != SNE_RESSEMBLANCE_IDENTITE)
				head = i + 1;
		}
	}
	return 0;
}

int sne_rapprochement_pairs(struct sne_rapprochement *index,
                            int (*each)(const struct sne_paire *pair, void *ctx), void *ctx,
                            size_t *large_groups)
{
	size_t from = 0, large = 0;
	int rc = 0;

	arena_base = index->arena;
	if (index->count > 1)
		qsort(index->entries, index->count, sizeof *index->entries, entry_cmp);
	while (rc == 0 && from < index->count) {
		size_t to = from + 1;

		while (to < index->count && same_group(&index->entries[from], &index->entries[to]))
			to++;
		if (to - from > SNE_RAPPROCHEMENT_GROUPE_MAX)
			large++;
		rc = group_pairs(index, from, to, to - from <= SNE_RAPPROCHEMENT_GROUPE_MAX, each, ctx);
		from = to;
	}
	if (large_groups != NULL)
		*large_groups = large;
	return rc;
}
