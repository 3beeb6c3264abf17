/* The identity index of a register: an open addressing hash table of
 * 64-bit identity keys, or the identity index of an SQLite register. */
#include "sne/doublon.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sne/demande.h"
#include "sne/err.h"
#include "sne/identite.h"
#include "sne/io.h"
#include "sne/store.h"
#include "sne/stream.h"
#include "sne/territoire.h"

#include <sys/stat.h>

struct sne_doublon {
	struct sne_doublon_entry *slots; /* rank 0 marks an empty slot */
	size_t capacity;                 /* a power of two */
	size_t count;
	struct sne_store *store;         /* an SQLite register searched, or NULL */
	int own_store;                   /* opened here (not the run's -i) */
	struct sne_doublon_entry found;  /* the last row found in STORE */
	char error[2 * SNE_WHY_MAX];     /* why STORE could not be searched, or "" */
};

struct sne_doublon *sne_doublon_new(void)
{
	struct sne_doublon *index = calloc(1, sizeof *index);

	if (index == NULL)
		abort();
	return index;
}

void sne_doublon_free(struct sne_doublon *index)
{
	if (index == NULL)
		return;
	if (index->own_store)
		sne_store_close(index->store);
	free(index->slots);
	free(index);
}

size_t sne_doublon_count(const struct sne_doublon *index)
{
	return index->count;
}

static void put_slot(struct sne_doublon_entry *slots, size_t capacity,
                     const struct sne_doublon_entry *entry)
{
	size_t i = (size_t)entry->key & (capacity - 1);

	while (slots[i].rank != 0)
		i = (i + 1) & (capacity - 1);
	slots[i] = *entry;
}

static void grow(struct sne_doublon *index)
{
	size_t capacity = index->capacity ? index->capacity * 2 : 1024;
	struct sne_doublon_entry *slots = calloc(capacity, sizeof *slots);

	if (slots == NULL)
		abort();
	for (size_t i = 0; i < index->capacity; i++)
		if (index->slots[i].rank != 0)
			put_slot(slots, capacity, &index->slots[i]);
	free(index->slots);
	index->slots = slots;
	index->capacity = capacity;
}

void sne_doublon_add(struct sne_doublon *index, uint64_t key, const char *numero, size_t rank)
{
	struct sne_doublon_entry entry;

	if ((index->count + 1) * 4 > index->capacity * 3)
		grow(index);
	memset(&entry, 0, sizeof entry);
	entry.key = key;
	if (numero != NULL) { /* strncpy would not cut as snprintf does */
		size_t n = strlen(numero);
		memcpy(entry.numero, numero, n < sizeof entry.numero ? n : sizeof entry.numero - 1);
	}
	entry.rank = rank > 0 && rank <= UINT32_MAX ? (uint32_t)rank : UINT32_MAX;
	put_slot(index->slots, index->capacity, &entry);
	index->count++;
}

/* The first row of STORE with KEY, into index->found; NULL when none, or
 * after an error (index->error). */
static const struct sne_doublon_entry *find_in_store(struct sne_doublon *index, uint64_t key)
{
	long long rang = 0;
	int rc = sne_store_find_identite(index->store, key, index->found.numero,
	                                 sizeof index->found.numero, &rang, index->error,
	                                 sizeof index->error);

	if (rc <= 0)
		return NULL;
	index->found.key = key;
	index->found.rank = rang > 0 && rang <= UINT32_MAX ? (uint32_t)rang : UINT32_MAX;
	return &index->found;
}

/* Equal keys sit in one probe run after their home slot, in insertion
 * order, so the first one found is the first added.  A register's rows
 * come before what the run added. */
const struct sne_doublon_entry *sne_doublon_find(struct sne_doublon *index, uint64_t key)
{
	size_t i;

	if (index->store != NULL) {
		const struct sne_doublon_entry *row = find_in_store(index, key);

		if (row != NULL || index->error[0] != '\0')
			return row;
	}
	if (index->capacity == 0)
		return NULL;
	for (i = (size_t)key & (index->capacity - 1); index->slots[i].rank != 0;
	     i = (i + 1) & (index->capacity - 1))
		if (index->slots[i].key == key)
			return &index->slots[i];
	return NULL;
}

/* ------------------------------------------------------------------ */
/* loading a register */

enum { F_ETAT, F_NUMERO, F_NOM, F_PRENOM, F_NAISSANCE, F_COMMUNE, F_COUNT };

static const char *const load_fields[F_COUNT] = {
	[F_ETAT] = SNE_F_ETAT,
	[F_NUMERO] = SNE_F_NUM_UNIQUE,
	[F_NOM] = SNE_F_NOM,
	[F_PRENOM] = SNE_F_PRENOM,
	[F_NAISSANCE] = SNE_F_DATE_NAISSANCE,
	[F_COMMUNE] = SNE_F_COMMUNE_SOUHAITEE,
};

static int counts_for_doublons(const char *etat)
{
	return etat != NULL &&
	       (strcmp(etat, "active") == 0 || strcmp(etat, "en-attente-validation") == 0);
}

/* Territory from the numéro when it has one, else from the communes. */
static int territory_of(const struct sne_record *rec, char *territoire, char *numero)
{
	const char *text = sne_record_get(rec, F_NUMERO);
	struct sne_numero parsed;
	const char *communes[64];
	size_t n = sne_record_count(rec, F_COMMUNE);

	numero[0] = '\0';
	if (text != NULL && sne_numero_parse(text, &parsed, NULL, 0) == 0) {
		sne_numero_format(&parsed, numero);
		memcpy(territoire, parsed.territoire, SNE_TERRITOIRE_SIZE);
		return 0;
	}
	if (n > sizeof communes / sizeof communes[0])
		n = sizeof communes / sizeof communes[0];
	for (size_t i = 0; i < n; i++)
		communes[i] = sne_record_value(rec, F_COMMUNE, i)->text;
	return sne_territoire_of_communes(communes, n, territoire, NULL, 0);
}

static int index_record(struct sne_record *rec, void *ctx)
{
	struct sne_doublon *index = ctx;
	char territoire[SNE_TERRITOIRE_SIZE], numero[SNE_NUMERO_SIZE];

	if (!counts_for_doublons(sne_record_get(rec, F_ETAT)))
		return 0;
	if (territory_of(rec, territoire, numero) != 0)
		return 0; /* no territory: it cannot be a doublon of anything */
	sne_doublon_add(index,
	                sne_identite_key(sne_record_get(rec, F_NOM), sne_record_get(rec, F_PRENOM),
	                                 sne_record_get(rec, F_NAISSANCE), territoire),
	                numero, sne_record_rank(rec));
	return 0;
}

const char *sne_doublon_error(const struct sne_doublon *index)
{
	return index->error[0] != '\0' ? index->error : NULL;
}

/* Whether PATH is the file of the store ST. */
static int same_file(const char *path, const struct sne_store *st)
{
	struct stat a, b;

	return stat(path, &a) == 0 && stat(sne_store_path(st), &b) == 0 && a.st_dev == b.st_dev &&
	       a.st_ino == b.st_ino;
}

/* An SQLite register is searched by its identity index, not loaded: the
 * run's own (-i), or opened for reading for the whole run. */
static int attach_store(struct sne_doublon *index, const char *path)
{
	struct sne_store *current = sne_store_current();
	int rc;

	if (current != NULL && same_file(path, current)) {
		index->store = current;
		return 0;
	}
	rc = sne_store_open(path, SNE_STORE_READ | SNE_STORE_WAIT, &index->store);
	index->own_store = rc == 0;
	return rc;
}

int sne_doublon_load(struct sne_doublon *index, const char *path)
{
	struct sne_stream_spec spec = {
		.record_ns = SNE_NS_NUU,
		.envelope = &sne_envelope_interface,
		.record_name = SNE_DEMANDE_NAME,
		.fields = load_fields,
		.nfields = F_COUNT,
		.on_record = index_record,
		.ctx = index,
	};

	if (sne_store_is_store(path))
		return attach_store(index, path);
	return sne_stream_run_path(path, &spec, "ouverture du registre impossible");
}
