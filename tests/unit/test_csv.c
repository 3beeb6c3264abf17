/* Unit tests of lib/csv.c: separator detection, quotes, CRLF, encodings,
 * line numbers, the bounded row; and of lib/rpls.c: numbers, normalizing,
 * the hash index. */
#include "sne/csv.h"
#include "sne/rpls.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"

static struct sne_csv_row row;

/* A reader over TEXT (LEN bytes) through a temporary file. */
static struct sne_csv *csv_of(const char *text, size_t len, struct sne_input **in)
{
	FILE *f = tmpfile();

	fwrite(text, 1, len, f);
	fflush(f);
	lseek(fileno(f), 0, SEEK_SET);
	*in = sne_input_fdopen(dup(fileno(f)), "t.csv");
	fclose(f);
	return sne_csv_open(*in);
}

static void test_separator_and_quotes(void)
{
	static const char text[] = "A,B;C,D\r\n\"x;y\",\"say \"\"hi\"\"\",,\"two\r\nlines\"\r\n\r\nlast,1,2,3";
	struct sne_input *in;
	struct sne_csv *csv = csv_of(text, sizeof text - 1, &in);

	CHECK(sne_csv_next(csv, &row) == 1 && row.nfields == 3, "entête découpée sur ','");
	CHECK(sne_csv_separator(csv) == ',', "',' plus fréquent que ';'");
	CHECK(sne_csv_column(&row, "b;c") == 1 && sne_csv_column(&row, "a") == 0,
	      "colonne par son nom");
	CHECK(sne_csv_next(csv, &row) == 1 && row.nfields == 4 && row.line == 2,
	      "ligne de données à la ligne 2");
	CHECK_STR(row.fields[0], "x;y", "séparateur entre guillemets");
	CHECK_STR(row.fields[1], "say \"hi\"", "guillemets doublés");
	CHECK_STR(row.fields[2], "", "champ vide");
	CHECK_STR(row.fields[3], "two\r\nlines", "saut de ligne entre guillemets");
	CHECK(sne_csv_next(csv, &row) == 1 && row.line == 5, "ligne blanche sautée, ligne comptée");
	CHECK_STR(row.fields[0], "last", "dernière ligne sans fin de ligne");
	CHECK(sne_csv_next(csv, &row) == 0, "fin");
	sne_csv_free(csv);
	sne_input_close(in);
}

static void test_encodings(void)
{
	static const char latin1[] = "NOM;V\nPr\xe9s;1\n";
	static const char utf8[] = "\xEF\xBB\xBFNOM;V\nPr\xc3\xa9s;1\n";
	struct sne_input *in;
	struct sne_csv *csv = csv_of(latin1, sizeof latin1 - 1, &in);

	sne_csv_next(csv, &row);
	sne_csv_next(csv, &row);
	CHECK_STR(row.fields[0], "Pr\xc3\xa9s", "Latin-1 converti en UTF-8");
	CHECK(sne_csv_is_latin1(csv), "Latin-1 détecté");
	sne_csv_free(csv);
	sne_input_close(in);
	csv = csv_of(utf8, sizeof utf8 - 1, &in);
	sne_csv_next(csv, &row);
	CHECK_STR(row.fields[0], "NOM", "indicateur d'ordre des octets (BOM) retiré");
	sne_csv_next(csv, &row);
	CHECK_STR(row.fields[0], "Pr\xc3\xa9s", "UTF-8 gardé");
	CHECK(!sne_csv_is_latin1(csv), "UTF-8 détecté");
	sne_csv_free(csv);
	sne_input_close(in);
}

static void test_bounds(void)
{
	size_t len = SNE_CSV_LINE_MAX + 100;
	char *text = malloc(len + 32);
	struct sne_input *in;
	struct sne_csv *csv;

	memcpy(text, "A;B\n", 4);
	memset(text + 4, 'x', len);
	memcpy(text + 4 + len, "\n\"open;1\n", 9);
	csv = csv_of(text, len + 13, &in);
	sne_csv_next(csv, &row);
	CHECK(sne_csv_next(csv, &row) == 1 && row.error && row.line == 2,
	      "une ligne trop longue est une erreur");
	CHECK(strstr(row.why, "trop longue") != NULL, "le motif dit trop longue");
	CHECK(sne_csv_next(csv, &row) == 1 && row.error && row.line == 3,
	      "la ligne suivante est relue");
	CHECK(strstr(row.why, "guillemet") != NULL, "guillemet non fermé signalé");
	sne_csv_free(csv);
	sne_input_close(in);
	free(text);
}

static void test_rpls(void)
{
	struct sne_rpls_logement raw = { .rpls = " 74a0001234 ", .commune = "74010",
		.pieces = "3", .surface = "65,5", .mise_en_service = "15/01/2017" };
	struct sne_rpls_logement *l;
	char why[SNE_WHY_MAX];

	CHECK(sne_rpls_is_valid("74A0001234"), "10 caractères [0-9A-Z]");
	CHECK(!sne_rpls_is_valid("74A000123"), "9 caractères refusés");
	CHECK(!sne_rpls_is_valid("74A00012345"), "11 caractères refusés");
	CHECK(!sne_rpls_is_valid("74a0001234"), "minuscules refusées telles quelles");
	l = sne_rpls_normalize(&raw, why, sizeof why);
	CHECK(l != NULL, "normalisé");
	CHECK_STR(l->rpls, "74A0001234", "espaces retirés, en majuscules");
	CHECK_STR(l->surface, "65.5", "virgule décimale");
	CHECK_STR(l->mise_en_service, "2017-01-15", "date ISO");
	CHECK(sne_rpls_same(l, l), "égal à lui-même");
	free(l);
	raw.surface = "0";
	CHECK(sne_rpls_normalize(&raw, why, sizeof why) == NULL, "surface 0 refusée");
	raw.surface = "65.555";
	CHECK(sne_rpls_normalize(&raw, why, sizeof why) == NULL, "trois décimales refusées");
}

static void test_index(void)
{
	struct sne_index *index = sne_index_new();
	char key[16];
	int ok = 1;

	for (uintptr_t i = 1; i <= 10000; i++) {
		snprintf(key, sizeof key, "74A%07lu", (unsigned long)i);
		sne_index_put(index, key, (void *)i);
	}
	for (uintptr_t i = 1; i <= 10000; i++) {
		snprintf(key, sizeof key, "74A%07lu", (unsigned long)i);
		ok &= sne_index_get(index, key) == (void *)i;
	}
	CHECK(ok && sne_index_count(index) == 10000, "10000 clés trouvées après agrandissement");
	CHECK(sne_index_get(index, "74A0010001") == NULL, "clé absente");
	CHECK(sne_index_put(index, "74A0000001", (void *)7) == (void *)1,
	      "put rend la valeur précédente");
	sne_index_free(index);
}

int main(void)
{
	test_separator_and_quotes();
	test_encodings();
	test_bounds();
	test_rpls();
	test_index();
	return check_done();
}
