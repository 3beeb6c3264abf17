/* Copies of strings and byte runs: the cut at the buffer's size, the NUL
 * always written, the bytes after a NUL kept. */
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

int main(void)
{
	test_copy_cut();
	test_dup_bytes();
	return check_done();
}
