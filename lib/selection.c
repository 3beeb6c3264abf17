/* Set of canonical numéros: entries kept in insertion order (for the
 * report of numéros not seen) and indexed by an open-addressing hash table
 * of entry indexes, grown at half load. */
#include "sne/selection.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sne/err.h"
#include "sne/numero.h"

struct selection_entry {
	char numero[SNE_NUMERO_SIZE];
	int seen;
};

struct sne_selection {
	struct selection_entry *entries; /* in insertion order */
	size_t nentries, entries_cap;
	size_t *slots;                   /* entry index + 1; 0 = empty */
	size_t nslots;                   /* a power of two */
};

#define SELECTION_INITIAL_SLOTS 64

struct sne_selection *sne_selection_new(void)
{
	struct sne_selection *selection = calloc(1, sizeof *selection);

	if (selection == NULL)
		return NULL;
	selection->slots = calloc(SELECTION_INITIAL_SLOTS, sizeof *selection->slots);
	if (selection->slots == NULL) {
		free(selection);
		return NULL;
	}
	selection->nslots = SELECTION_INITIAL_SLOTS;
	return selection;
}

void sne_selection_free(struct sne_selection *selection)
{
	if (selection == NULL)
		return;
	free(selection->entries);
	free(selection->slots);
	free(selection);
}

/* FNV-1a over the canonical numéro. */
static uint64_t hash_numero(const char *numero)
{
	uint64_t hash = 14695981039346656037u;

	for (; *numero != '\0'; numero++)
		hash = (hash ^ (unsigned char)*numero) * 1099511628211u;
	return hash;
}

/* The slot holding NUMERO, or the empty slot where it would go. */
static size_t find_slot(const struct sne_selection *selection, const char *numero)
{
	size_t mask = selection->nslots - 1;
	size_t slot = (size_t)hash_numero(numero) & mask;

	while (selection->slots[slot] != 0 &&
	       strcmp(selection->entries[selection->slots[slot] - 1].numero, numero) != 0)
		slot = (slot + 1) & mask;
	return slot;
}

static int grow_slots(struct sne_selection *selection)
{
	size_t old_nslots = selection->nslots;
	size_t *old_slots = selection->slots;
	size_t *slots = calloc(old_nslots * 2, sizeof *slots);

	if (slots == NULL)
		return -1;
	selection->slots = slots;
	selection->nslots = old_nslots * 2;
	for (size_t i = 0; i < old_nslots; i++)
		if (old_slots[i] != 0)
			slots[find_slot(selection, selection->entries[old_slots[i] - 1].numero)] =
				old_slots[i];
	free(old_slots);
	return 0;
}

static int grow_entries(struct sne_selection *selection)
{
	size_t cap = selection->entries_cap ? selection->entries_cap * 2 : 32;
	struct selection_entry *entries = realloc(selection->entries, cap * sizeof *entries);

	if (entries == NULL)
		return -1;
	selection->entries = entries;
	selection->entries_cap = cap;
	return 0;
}

/* Inserts canonical NUMERO unless present.  0, or -1 out of memory. */
static int insert_canonical(struct sne_selection *selection, const char *numero)
{
	size_t slot;

	if (selection->slots[find_slot(selection, numero)] != 0)
		return 0;
	if ((selection->nentries + 1) * 2 > selection->nslots && grow_slots(selection) != 0)
		return -1;
	if (selection->nentries == selection->entries_cap && grow_entries(selection) != 0)
		return -1;
	slot = find_slot(selection, numero);
	memcpy(selection->entries[selection->nentries].numero, numero, SNE_NUMERO_SIZE);
	selection->entries[selection->nentries].seen = 0;
	selection->slots[slot] = ++selection->nentries;
	return 0;
}

/* Canonical form of TEXT into OUT; -1 with WHY when not a numéro. */
static int canonical(const char *text, char *out, char *why, size_t why_size)
{
	struct sne_numero numero;

	if (sne_numero_parse(text, &numero, why, why_size) != 0)
		return -1;
	sne_numero_format(&numero, out);
	return 0;
}

int sne_selection_add(struct sne_selection *selection, const char *text, char *why,
                      size_t why_size)
{
	char numero[SNE_NUMERO_SIZE];
	char reason[SNE_WHY_MAX];

	if (canonical(text, numero, reason, sizeof reason) != 0) {
		snprintf(why, why_size, "numéro « %s » invalide : %s", text, reason);
		return -1;
	}
	if (insert_canonical(selection, numero) != 0) {
		snprintf(why, why_size, "mémoire épuisée");
		return -1;
	}
	return 0;
}

/* Cuts the line end (LF, CR LF) and returns the line without leading blanks. */
static char *trim_line(char *line)
{
	size_t len = strlen(line);

	while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r' ||
	                   line[len - 1] == ' ' || line[len - 1] == '\t'))
		line[--len] = '\0';
	while (*line == ' ' || *line == '\t')
		line++;
	return line;
}

/* Adds every numéro line of open FILE; the status of sne_selection_add_file. */
static int add_lines(struct sne_selection *selection, FILE *file, char *why, size_t why_size)
{
	char *buf = NULL;
	size_t cap = 0;
	long lineno = 0;
	char reason[SNE_WHY_MAX];
	int status = 0;

	while (status == 0 && getline(&buf, &cap, file) != -1) {
		char *line = trim_line(buf);

		lineno++;
		if (line[0] == '\0' || line[0] == '#')
			continue;
		if (sne_selection_add(selection, line, reason, sizeof reason) != 0) {
			snprintf(why, why_size, "ligne %ld : %s", lineno, reason);
			status = SNE_EX_DATAERR;
		}
	}
	if (status == 0 && ferror(file)) {
		snprintf(why, why_size, "%s", sne_strerror(errno));
		status = SNE_EX_IOERR;
	}
	free(buf);
	return status;
}

int sne_selection_add_file(struct sne_selection *selection, const char *path, char *why,
                           size_t why_size)
{
	FILE *file = fopen(path, "r");
	int status;

	if (file == NULL) {
		snprintf(why, why_size, "%s", sne_strerror(errno));
		return SNE_EX_NOINPUT;
	}
	status = add_lines(selection, file, why, why_size);
	fclose(file);
	return status;
}

size_t sne_selection_size(const struct sne_selection *selection)
{
	return selection->nentries;
}

/* The entry of canonical NUMERO, or NULL. */
static struct selection_entry *lookup(const struct sne_selection *selection,
                                      const char *numero)
{
	size_t index = selection->slots[find_slot(selection, numero)];

	return index != 0 ? &selection->entries[index - 1] : NULL;
}

int sne_selection_take(struct sne_selection *selection, const char *numero)
{
	char canonical_numero[SNE_NUMERO_SIZE];
	struct selection_entry *entry;

	if (numero == NULL || canonical(numero, canonical_numero, NULL, 0) != 0)
		return 0;
	entry = lookup(selection, canonical_numero);
	if (entry == NULL)
		return 0;
	entry->seen = 1;
	return 1;
}

int sne_selection_contains(const struct sne_selection *selection, const char *numero)
{
	return strlen(numero) == SNE_NUMERO_LEN && lookup(selection, numero) != NULL;
}

const char *sne_selection_next_unseen(const struct sne_selection *selection, size_t *cursor)
{
	while (*cursor < selection->nentries) {
		const struct selection_entry *entry = &selection->entries[(*cursor)++];

		if (!entry->seen)
			return entry->numero;
	}
	return NULL;
}

size_t sne_selection_report_unseen(const struct sne_selection *selection, const char *missed)
{
	size_t cursor = 0, count = 0;
	const char *numero;

	if (selection == NULL)
		return 0;
	while ((numero = sne_selection_next_unseen(selection, &cursor)) != NULL) {
		sne_warn("demande %s %s", numero, missed);
		count++;
	}
	return count;
}
