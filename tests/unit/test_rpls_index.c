/* The RPLS reference's sparse index (lib/rpls_index.c): written only for a
 * strictly sorted reference with a small frame, one sample every
 * SNE_RPLS_INDEX_STEP logements, a crc32 that catches any edit; used only
 * while the reference is the file it names; a lookup reads only the blocks
 * of the numbers asked, refuses a gzip reference, a block that does not
 * match, and more blocks than a full reading would cost. */
#include "buf.h"
#include "check.h"
#include "sne/rpls_index.h"
#include "sne/stream.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define WHY 512

static char dir[] = "/tmp/sne-test-rpls-index-XXXXXX";
static char reference[300], index_file[300];

static const char prolog[] = "<?xml version=\"1.0\"?>\n<r:logements xmlns:r=\"urn:sne:rpls:1\">\n";
static const char epilog[] = "</r:logements>\n";

/* The Ith number of the test references: even numbers, so that odd ones
 * fall between two logements. */
static void number(long i, char out[SNE_RPLS_SIZE])
{
	snprintf(out, SNE_RPLS_SIZE, "74A%07ld", 2 * i);
}

/* Writes a reference of COUNT sorted logements and, through a builder,
 * its index; returns the builder's verdict (0 or -1 with WHY). */
static int write_reference(long count, const char *extra_prolog, char *why)
{
	struct sne_rpls_index_builder *b = sne_rpls_index_builder_new();
	struct buf text = { 0 };
	struct sne_file_id id;
	FILE *f;
	int rc;

	buf_str(&text, prolog);
	buf_str(&text, extra_prolog);
	for (long i = 0; i < count; i++) {
		char rpls[SNE_RPLS_SIZE];
		size_t start = text.len + 2;

		number(i, rpls);
		buf_printf(&text, "  <r:logement rpls=\"%s\"><r:pieces>3</r:pieces></r:logement>", rpls);
		sne_rpls_index_builder_add(b, rpls, start, text.len);
		buf_str(&text, "\n");
	}
	buf_str(&text, epilog);
	f = fopen(reference, "wb");
	if (f == NULL || fwrite(text.data, 1, text.len, f) != text.len || fclose(f) != 0)
		abort();
	if (sne_file_id_of_path(reference, &id) != 0)
		abort();
	rc = sne_rpls_index_write(b, reference, &id, text.len, why, WHY);
	sne_rpls_index_builder_free(b);
	free(text.data);
	return rc;
}

static void test_write(void)
{
	char why[WHY] = "", first[SNE_RPLS_SIZE], third[SNE_RPLS_SIZE];
	struct buf idx = { 0 };
	char expected[200];
	long long start = (long long)strlen(prolog) + 2;

	CHECK(write_reference(2500, "", why) == 0, "référentiel trié : index écrit (%s)", why);
	buf_load(&idx, index_file);
	number(0, first), number(2048, third);
	CHECK(idx.data != NULL && strncmp(idx.data, "sne-rpls-index 1\nreference ", 27) == 0,
	      "index : en-tête et identité du référentiel");
	snprintf(expected, sizeof expected, "\n%s %lld\n", first, start);
	CHECK(strstr(idx.data, expected) != NULL, "premier échantillon : le premier logement, à START");
	snprintf(expected, sizeof expected, "\n%s ", third);
	CHECK(strstr(idx.data, expected) != NULL, "un échantillon tous les 1 024 logements (le 2 049e)");
	CHECK(strstr(idx.data, " 2500 1024\n") != NULL, "ligne logements : nombre et pas");
	{
		int lines = 0;
		for (size_t i = 0; i < idx.len; i++)
			lines += idx.data[i] == '\n';
		CHECK(lines == 3 + 3 + 1, "2 500 logements : 3 échantillons, puis la ligne crc32");
	}
	CHECK(strstr(idx.data, "\ncrc32 ") != NULL, "dernière ligne : crc32");
	free(idx.data);
}

static void test_not_indexable(void)
{
	char why[WHY] = "";
	struct sne_rpls_index_builder *b;
	struct sne_file_id id = { 0 };
	char big[70 * 1024];

	b = sne_rpls_index_builder_new();
	sne_rpls_index_builder_add(b, "74A0000002", 10, 20);
	sne_rpls_index_builder_add(b, "74A0000002", 20, 30);
	CHECK(sne_rpls_index_write(b, reference, &id, 40, why, WHY) == -1 &&
	      strcmp(why, "logements hors de l'ordre des numéros RPLS") == 0,
	      "numéro répété : pas strictement croissant, pas d'index");
	sne_rpls_index_builder_free(b);

	b = sne_rpls_index_builder_new();
	sne_rpls_index_builder_add(b, "74A0000004", 10, 20);
	sne_rpls_index_builder_add(b, "74A0000002", 20, 30);
	CHECK(sne_rpls_index_write(b, reference, &id, 40, why, WHY) == -1 &&
	      strstr(why, "hors de l'ordre") != NULL, "numéros décroissants : pas d'index");
	sne_rpls_index_builder_free(b);

	b = sne_rpls_index_builder_new();
	sne_rpls_index_builder_add(b, NULL, 10, 20);
	sne_rpls_index_builder_add(b, "74A0000004", 20, 30);
	CHECK(sne_rpls_index_write(b, reference, &id, 40, why, WHY) == -1 &&
	      strstr(why, "hors de l'ordre") != NULL, "logement sans numéro : pas d'index");
	sne_rpls_index_builder_free(b);

	b = sne_rpls_index_builder_new();
	CHECK(sne_rpls_index_write(b, reference, &id, 40, why, WHY) == -1 &&
	      strcmp(why, "aucun logement") == 0, "aucun logement : pas d'index");
	sne_rpls_index_builder_free(b);

	memset(big, ' ', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	CHECK(write_reference(3, big, why) == -1 && strstr(why, "trop de contenu avant") != NULL,
	      "70 Kio avant le premier logement : pas d'index");
}

static void on_known(const char *rpls, void *ctx)
{
	buf_printf(ctx, "%s|", rpls);
}

static void test_lookup(void)
{
	char why[WHY] = "", n[6][SNE_RPLS_SIZE];
	const char *numbers[7];
	struct sne_rpls_index *ix = NULL;
	struct buf found = { 0 }, want = { 0 };

	write_reference(20 * 1024, "", why);
	CHECK(sne_rpls_index_open(reference, &ix, why, WHY) == 0, "index valide ouvert (%s)", why);
	if (ix == NULL)
		return;
	number(0, n[0]);              /* first of block 0 */
	number(1023, n[1]);           /* last of block 0 */
	number(20 * 1024 - 1, n[2]);  /* last of the last block */
	snprintf(n[3], SNE_RPLS_SIZE, "74A0000003");   /* between two logements */
	snprintf(n[4], SNE_RPLS_SIZE, "00A0000000");   /* before the first */
	snprintf(n[5], SNE_RPLS_SIZE, "ZZZZZZZZZZ");   /* after the last */
	for (int i = 0; i < 6; i++)
		numbers[i] = n[i];
	numbers[6] = "74a";
	CHECK(sne_rpls_index_lookup(ix, numbers, 7, on_known, &found, why, WHY) == 0,
	      "recherche de 7 numéros (%s)", why);
	buf_printf(&want, "%s|%s|%s|", n[0], n[1], n[2]);
	CHECK_STR(found.data, want.data, "seuls les numéros présents sont rapportés");
	CHECK(sne_rpls_index_blocks_read(ix) == 2, "2 blocs lus sur 20 (premier et dernier)");
	CHECK(strcmp(sne_rpls_index_path(ix), index_file) == 0, "nom de l'index : REFERENCE.idx");

	for (int i = 0; i < 3; i++) {
		number(i * 1024 * 5, n[i]);
		numbers[i] = n[i];
	}
	CHECK(sne_rpls_index_lookup(ix, numbers, 3, on_known, &found, why, WHY) == -1 &&
	      strstr(why, "3 blocs à lire : une lecture complète est plus rapide") != NULL,
	      "3 blocs sur 20 (plus d'un huitième) : la lecture complète est demandée");
	sne_rpls_index_close(ix);
	free(found.data), free(want.data);
}

static void test_one_big_block_is_read(void)
{
	char why[WHY] = "", n[SNE_RPLS_SIZE];
	const char *numbers[1] = { n };
	struct sne_rpls_index *ix = NULL;
	struct buf found = { 0 };

	write_reference(1000, "", why);
	sne_rpls_index_open(reference, &ix, why, WHY);
	number(999, n);
	CHECK(ix != NULL && sne_rpls_index_lookup(ix, numbers, 1, on_known, &found, why, WHY) == 0 &&
	      found.data != NULL && strncmp(found.data, n, 10) == 0,
	      "un seul bloc, tout le référentiel : lu par l'index quand même");
	sne_rpls_index_close(ix);
	free(found.data);
}

static void test_stale_and_corrupt(void)
{
	char why[WHY] = "";
	struct sne_rpls_index *ix = NULL;
	struct timespec times[2] = { { 0, UTIME_OMIT }, { 1000000000, 5 } };
	struct buf idx = { 0 };
	FILE *f;

	write_reference(100, "", why);
	utimensat(AT_FDCWD, reference, times, 0);
	CHECK(sne_rpls_index_open(reference, &ix, why, WHY) == -1 && ix == NULL &&
	      strstr(why, "périmé : le référentiel a changé") != NULL,
	      "référentiel modifié (date) : index périmé");

	write_reference(100, "", why);
	buf_load(&idx, index_file);
	idx.data[idx.len / 2] ^= 1;
	f = fopen(index_file, "wb");
	fwrite(idx.data, 1, idx.len, f);
	fclose(f);
	CHECK(sne_rpls_index_open(reference, &ix, why, WHY) == -1 &&
	      strstr(why, "illisible ou corrompu") != NULL, "un bit changé dans l'index : corrompu");
	free(idx.data);

	CHECK(sne_rpls_index_remove(reference) == 0 && access(index_file, F_OK) != 0,
	      "index supprimé");
	CHECK(sne_rpls_index_remove(reference) == 0, "index déjà absent : 0");
	CHECK(sne_rpls_index_open(reference, &ix, why, WHY) == -1 && strstr(why, "pas d'index") != NULL,
	      "pas d'index : dit");
}

/* A block rewritten in place, same size and dates: the index still names
 * the file, the block no longer matches it. */
static void test_block_mismatch(void)
{
	char why[WHY] = "", n[SNE_RPLS_SIZE];
	const char *numbers[1] = { n };
	struct sne_rpls_index *ix = NULL;
	struct buf found = { 0 };
	struct stat st;
	struct timespec times[2];
	int fd;
	long at = (long)strlen(prolog) + 2 + (long)strlen("<r:logement rpls=\"74A");

	write_reference(3000, "", why);
	stat(reference, &st);
	fd = open(reference, O_WRONLY);
	if (fd < 0 || pwrite(fd, "1", 1, at) != 1)
		abort();
	close(fd);
	times[0] = st.st_atim, times[1] = st.st_mtim;
	utimensat(AT_FDCWD, reference, times, 0);
	CHECK(sne_rpls_index_open(reference, &ix, why, WHY) == 0,
	      "même taille, même date : l'index est ouvert (%s)", why);
	number(5, n);
	CHECK(ix != NULL && sne_rpls_index_lookup(ix, numbers, 1, on_known, &found, why, WHY) == -1 &&
	      strstr(why, "le bloc 0 du référentiel ne correspond pas à l'index") != NULL,
	      "premier numéro du bloc changé : le bloc ne correspond pas");
	sne_rpls_index_close(ix);
	free(found.data);
}

static void test_gzip_reference(void)
{
	char why[WHY] = "";
	const char *numbers[1] = { "74A0000002" };
	struct sne_rpls_index_builder *b = sne_rpls_index_builder_new();
	struct sne_rpls_index *ix = NULL;
	struct sne_file_id id;
	FILE *f = fopen(reference, "wb");

	fwrite("\x1f\x8b\x08\x00 pas vraiment du gzip, mais ses octets magiques", 1, 52, f);
	fclose(f);
	sne_file_id_of_path(reference, &id);
	sne_rpls_index_builder_add(b, "74A0000002", 10, 30);
	CHECK(sne_rpls_index_write(b, reference, &id, 52, why, WHY) == 0, "index d'un référentiel .gz");
	sne_rpls_index_builder_free(b);
	CHECK(sne_rpls_index_open(reference, &ix, why, WHY) == 0, "index ouvert");
	CHECK(ix != NULL && sne_rpls_index_lookup(ix, numbers, 1, on_known, NULL, why, WHY) == -1 &&
	      strstr(why, "référentiel compressé (gzip) : pas d'accès direct") != NULL,
	      "référentiel gzip : pas de lecture par blocs");
	sne_rpls_index_close(ix);
}

int main(void)
{
	char command[400];

	if (mkdtemp(dir) == NULL)
		return 99;
	sne_xml_silence();
	snprintf(reference, sizeof reference, "%s/rpls.xml", dir);
	snprintf(index_file, sizeof index_file, "%s/rpls.xml.idx", dir);
	test_write();
	test_not_indexable();
	test_lookup();
	test_one_big_block_is_read();
	test_stale_and_corrupt();
	test_block_mismatch();
	test_gzip_reference();
	snprintf(command, sizeof command, "rm -rf '%s'", dir);
	if (system(command) != 0)
		return 99;
	return check_done();
}
