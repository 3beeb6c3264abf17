/* Copies of strings and byte runs: the cut at the buffer's size, the NUL
 * always written, the bytes after a NUL kept, formatted texts. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "sne/copy.h"

static void test_copy_cut(void)
{
	char dst[5];

	memset(dst, 'x', sizeof dst);
	sne_copy_cut(dst, sizeof dst, "abc");
	CHECK_STR(dst, "abc", "chaîne plus courte que la place : copiée entière");
	sne_copy_cut(dst, sizeof dst, "abcd");
	CHECK_STR(dst, "abcd", "chaîne de taille - 1 octets : copiée entière");
	sne_copy_cut(dst, sizeof dst, "abcde");
	CHECK_STR(dst, "abcd", "un octet de trop : coupée à taille - 1");
	CHECK(dst[4] == '\0', "coupée : le NUL final est écrit");
	sne_copy_cut(dst, sizeof dst, "");
	CHECK_STR(dst, "", "chaîne vide : destination vide");
	sne_copy_cut(dst, 1, "abc");
	CHECK_STR(dst, "", "place d'un seul octet : rien que le NUL");
}

static void test_dup_bytes(void)
{
	char *copy = sne_dup_bytes("abc\0def", 7);

	CHECK(memcmp(copy, "abc\0def", 7) == 0 && copy[7] == '\0',
	      "les octets après un NUL sont copiés, un NUL est ajouté");
	free(copy);
	copy = sne_dup_bytes("abcdef", 3);
	CHECK_STR(copy, "abc", "seuls les LEN premiers octets");
	free(copy);
	copy = sne_dup_bytes("", 0);
	CHECK_STR(copy, "", "zéro octet : chaîne vide allouée");
	free(copy);
}

static void test_asprintf(void)
{
	char *text = sne_asprintf("%s n°%d", "demande", 12);
	char big[3000];

	CHECK_STR(text, "demande n°12", "texte formaté alloué");
	free(text);
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	text = sne_asprintf("[%s]", big);
	CHECK(text != NULL && strlen(text) == sizeof big + 1 && text[0] == '[' && text[sizeof big] == ']',
	      "texte de 3 000 octets : entier");
	free(text);
	text = sne_asprintf("%s", "");
	CHECK_STR(text, "", "texte vide : chaîne vide allouée");
	free(text);
}

static void test_grow(void)
{
	long *items = NULL;
	size_t n = 0, cap = 0, grown = 0;

	for (long i = 0; i < 1000; i++) {
		size_t before = cap;

		items = sne_grow(items, n, &cap, sizeof *items, 4);
		grown += cap != before;
		items[n++] = i;
	}
	CHECK(cap == 1024 && grown == 9, "1 000 ajouts : 4 d'abord, doublé huit fois (%zu, %zu)", cap,
	      grown);
	CHECK(items[0] == 0 && items[999] == 999, "les éléments gardés en grandissant");
	CHECK(sne_grow(items, 10, &cap, sizeof *items, 4) == items && cap == 1024,
	      "de la place : rien ne change");
	free(items);
}

int main(void)
{
	test_copy_cut();
	test_dup_bytes();
	test_asprintf();
	test_grow();
	return check_done();
}
