/* Unit tests of lib/doublon.c: the identity index of a register. */
#include "sne/doublon.h"

#include "check.h"

int main(void)
{
	struct sne_doublon *index = sne_doublon_new();
	const struct sne_doublon_entry *e;

	CHECK(sne_doublon_find(index, 42) == NULL, "un index vide ne trouve rien");
	sne_doublon_add(index, 42, "0740317000001G0417", 1);
	sne_doublon_add(index, 42, "0740317000009G0417", 9);
	sne_doublon_add(index, 7, NULL, 3);
	e = sne_doublon_find(index, 42);
	CHECK(e != NULL && e->rank == 1, "la première demande ajoutée avec une clé est trouvée");
	CHECK_STR(e ? e->numero : NULL, "0740317000001G0417", "son numéro");
	e = sne_doublon_find(index, 7);
	CHECK(e != NULL && e->numero[0] == '\0' && e->rank == 3, "une demande sans numéro");
	for (uint64_t k = 1000; k < 101000; k++)
		sne_doublon_add(index, k * 0x9E3779B97F4A7C15ULL, "0740317000001G0417", (size_t)k);
	CHECK(sne_doublon_count(index) == 100003, "nombre après agrandissement");
	e = sne_doublon_find(index, 5000 * 0x9E3779B97F4A7C15ULL);
	CHECK(e != NULL && e->rank == 5000, "trouvée après agrandissement");
	CHECK(sne_doublon_find(index, 99) == NULL, "clé absente");
	CHECK(sizeof(struct sne_doublon_entry) <= 32, "une entrée fait au plus 32 octets");
	sne_doublon_free(index);
	return check_done();
}
