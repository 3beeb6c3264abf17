/* Byte streams in and out (lib/io.c): gzip recognized by its first bytes
 * whatever the name, members read one after the other, a truncated or
 * corrupt gzip told apart from an I/O failure (EBADMSG) after the bytes
 * before it, output compressed by name, created 0600 without following a
 * link, every write failure reported by close. */
#include "buf.h"
#include "capture.h"
#include "check.h"
#include "sne/err.h"
#include "sne/io.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

static char dir[] = "/tmp/sne-test-io-XXXXXX";

static const char *at(const char *name)
{
	static char path[4][300];
	static int next;
	char *p = path[next++ % 4];

	snprintf(p, sizeof path[0], "%s/%s", dir, name);
	return p;
}

static void save_bytes(const char *path, const void *bytes, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (f == NULL || fwrite(bytes, 1, len, f) != len || fclose(f) != 0)
		abort();
}

/* LEN bytes of TEXT as one gzip member, into OUT (freed by the caller). */
static unsigned char *gzip_bytes(const void *text, size_t len, size_t *out_len)
{
	z_stream z = { 0 };
	size_t cap = compressBound((uLong)len) + 64;
	unsigned char *out = malloc(cap);

	if (out == NULL || deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		abort();
	z.next_in = (unsigned char *)text;
	z.avail_in = (uInt)len;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	if (deflate(&z, Z_FINISH) != Z_STREAM_END)
		abort();
	*out_len = cap - z.avail_out;
	deflateEnd(&z);
	return out;
}

/* Everything IN gives into GOT; the last result of sne_input_read(). */
static ssize_t read_all(struct sne_input *in, struct buf *got)
{
	char chunk[1000];
	ssize_t n;

	while ((n = sne_input_read(in, chunk, sizeof chunk)) > 0)
		buf_add(got, chunk, (size_t)n);
	if (got->data == NULL)
		buf_add(got, "", 0);
	return n;
}

/* A text of LEN bytes that does not compress to nothing. */
static char *sample(size_t len)
{
	char *text = malloc(len + 1);

	if (text == NULL)
		abort();
	for (size_t i = 0; i < len; i++)
		text[i] = (char)('a' + (i * 7 + i / 13) % 26);
	text[len] = '\0';
	return text;
}

static void test_plain_input(void)
{
	struct buf got = { 0 };
	struct sne_input *in;
	const char *path = at("plain.xml");

	save_bytes(path, "<r/>\n", 5);
	in = sne_input_open(path);
	CHECK(in != NULL, "fichier ouvert");
	CHECK_STR(sne_input_name(in), path, "nom : le chemin");
	CHECK(sne_input_size(in) == 5, "taille du fichier connue");
	CHECK(read_all(in, &got) == 0 && got.len == 5 && strcmp(got.data, "<r/>\n") == 0,
	      "fichier lu octet pour octet, puis 0 à la fin");
	CHECK(sne_input_offset(in) == 5, "octets consommés : la taille");
	CHECK(sne_input_close(in) == 0, "fermeture sans erreur");
	free(got.data);

	save_bytes(path, "", 0);
	in = sne_input_open(path);
	got = (struct buf){ 0 };
	CHECK(read_all(in, &got) == 0 && got.len == 0, "fichier vide : 0 d'emblée");
	sne_input_close(in);
	free(got.data);

	save_bytes(path, "\x1f", 1);
	in = sne_input_open(path);
	got = (struct buf){ 0 };
	CHECK(read_all(in, &got) == 0 && got.len == 1 && got.data[0] == 0x1f,
	      "un seul octet 0x1f : lu tel quel (il faut deux octets magiques)");
	sne_input_close(in);
	free(got.data);

	save_bytes(path, "\x1f\x8c<r/>", 6);
	in = sne_input_open(path);
	got = (struct buf){ 0 };
	CHECK(read_all(in, &got) == 0 && got.len == 6, "0x1f 0x8c : pas du gzip, lu tel quel");
	sne_input_close(in);
	free(got.data);
}

static void test_stdin_and_missing(void)
{
	struct sne_input *in = sne_input_open("-");

	CHECK_STR(in ? sne_input_name(in) : NULL, "<entrée standard>", "« - » : l'entrée standard");
	sne_input_close(in);
	in = sne_input_open(NULL);
	CHECK_STR(in ? sne_input_name(in) : NULL, "<entrée standard>", "NULL : l'entrée standard");
	sne_input_close(in);    /* closes descriptor 0: this program reads no standard input */
	errno = 0;
	CHECK(sne_input_open(at("absent.xml")) == NULL && errno == ENOENT,
	      "fichier absent : NULL, errno ENOENT");
}

static void test_pipe_has_no_size(void)
{
	int fds[2];
	struct sne_input *in;
	struct buf got = { 0 };

	if (pipe(fds) != 0)
		abort();
	if (write(fds[1], "abc", 3) != 3)
		abort();
	close(fds[1]);
	in = sne_input_fdopen(fds[0], "tube");
	CHECK(sne_input_size(in) == -1, "tube : taille inconnue (-1)");
	CHECK_STR(sne_input_name(in), "tube", "nom donné copié");
	CHECK(read_all(in, &got) == 0 && got.len == 3, "tube lu");
	sne_input_close(in);
	free(got.data);
}

static void test_gzip_input(void)
{
	size_t len = 700 * 1000, zlen, zlen2;
	char *text = sample(len);
	unsigned char *z = gzip_bytes(text, len, &zlen);
	unsigned char *z2 = gzip_bytes("fin\n", 4, &zlen2);
	struct buf got = { 0 }, both = { 0 };
	struct sne_input *in;
	const char *path = at("sans-extension.xml");

	save_bytes(path, z, zlen);
	in = sne_input_open(path);
	CHECK(read_all(in, &got) == 0 && got.len == len && memcmp(got.data, text, len) == 0,
	      "gzip reconnu à ses premiers octets, quel que soit le nom (700 ko, plusieurs blocs)");
	CHECK(sne_input_size(in) == (long long)zlen, "taille : celle du fichier compressé");
	CHECK(sne_input_offset(in) == (long long)zlen, "octets consommés : tout le fichier compressé");
	sne_input_close(in);
	free(got.data);

	buf_add(&both, z, zlen);
	buf_add(&both, z2, zlen2);
	save_bytes(path, both.data, both.len);
	in = sne_input_open(path);
	got = (struct buf){ 0 };
	CHECK(read_all(in, &got) == 0 && got.len == len + 4 && strcmp(got.data + len, "fin\n") == 0,
	      "deux membres gzip concaténés : lus l'un après l'autre");
	sne_input_close(in);
	free(got.data);

	save_bytes(path, z, zlen - 4);
	in = sne_input_open(path);
	got = (struct buf){ 0 };
	errno = 0;
	CHECK(read_all(in, &got) == -1 && errno == EBADMSG, "gzip tronqué : -1, errno EBADMSG");
	CHECK_STR(sne_input_error(in), "fichier gzip tronqué", "gzip tronqué : dit en français");
	CHECK(got.len == len && memcmp(got.data, text, len) == 0,
	      "gzip tronqué de sa fin : tous les octets d'avant sont rendus");
	sne_input_close(in);
	free(got.data);

	memcpy(both.data, z, zlen);
	both.data[zlen / 2] ^= 0x55;
	both.data[zlen / 2 + 1] ^= 0x55;
	save_bytes(path, both.data, zlen);
	in = sne_input_open(path);
	got = (struct buf){ 0 };
	errno = 0;
	CHECK(read_all(in, &got) == -1 && errno == EBADMSG, "gzip corrompu : -1, errno EBADMSG");
	CHECK(strncmp(sne_input_error(in), "fichier gzip corrompu", 21) == 0,
	      "gzip corrompu : dit en français");
	sne_input_close(in);
	free(got.data);
	free(both.data);
	free(z), free(z2), free(text);
}

static void test_gzip_closed_early(void)
{
	size_t len = 3 * 1000 * 1000, zlen;
	char *text = sample(len);
	unsigned char *z = gzip_bytes(text, len, &zlen);
	char chunk[100];
	struct sne_input *in;

	save_bytes(at("gros.gz"), z, zlen);
	in = sne_input_open(at("gros.gz"));
	CHECK(sne_input_read(in, chunk, sizeof chunk) == 100 && memcmp(chunk, text, 100) == 0,
	      "gzip : premiers octets lus");
	CHECK(sne_input_close(in) == 0, "fermé avant la fin : le fil de décompression s'arrête");
	free(z), free(text);
}

static void test_plain_output(void)
{
	const char *path = at("out.xml");
	struct sne_output *out;
	struct buf got = { 0 };
	struct stat st;
	char *big = sample(200 * 1000);

	save_bytes(path, "ancien contenu plus long", 24);
	chmod(path, 0644);
	out = sne_output_create(path);
	CHECK(out != NULL, "sortie créée");
	CHECK_STR(sne_output_name(out), path, "nom : le chemin");
	sne_output_puts(out, "<a t=\"");
	sne_output_xml_escaped(out, "<&>\"\n\t");
	sne_output_printf(out, "\">%d%s</a>", 42, "");
	sne_output_write(out, big, 200 * 1000);
	CHECK(sne_output_given(out) == 6 + 28 + 8 + 200 * 1000, "octets donnés comptés");
	CHECK(sne_output_close(out) == 0, "fermeture sans erreur");
	buf_load(&got, path);
	CHECK(strncmp(got.data, "<a t=\"&lt;&amp;&gt;&quot;&#10;&#9;\">42</a>", 42) == 0,
	      "texte échappé pour une valeur d'attribut, printf");
	CHECK(got.len == 42 + 200 * 1000 && memcmp(got.data + 42, big, 200 * 1000) == 0,
	      "grande écriture au-delà du tampon : tout écrit, dans l'ordre");
	CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600,
	      "fichier existant en 0644 : tronqué et remis en 0600");
	free(got.data), free(big);
}

static void test_printf_long(void)
{
	const char *path = at("long.txt");
	struct sne_output *out = sne_output_create(path);
	char *text = sample(2000);
	struct buf got = { 0 };

	sne_output_printf(out, "[%s]", text);
	sne_output_close(out);
	buf_load(&got, path);
	CHECK(got.len == 2002 && got.data[0] == '[' && memcmp(got.data + 1, text, 2000) == 0,
	      "printf plus long que le petit tampon : écrit entier");
	free(got.data), free(text);
}

static void test_gzip_output(void)
{
	const char *path = at("out.xml.gz");
	struct sne_output *out = sne_output_create(path);
	char *text = sample(300 * 1000);
	struct buf raw = { 0 }, got = { 0 };
	struct sne_input *in;

	sne_output_write(out, text, 300 * 1000);
	CHECK(sne_output_close(out) == 0, ".gz : fermeture sans erreur");
	buf_load(&raw, path);
	CHECK(raw.len > 2 && (unsigned char)raw.data[0] == 0x1f && (unsigned char)raw.data[1] == 0x8b,
	      "nom en .gz : sortie compressée");
	CHECK(raw.len < 300 * 1000, ".gz : plus court que le texte");
	in = sne_input_open(path);
	CHECK(read_all(in, &got) == 0 && got.len == 300 * 1000 && memcmp(got.data, text, got.len) == 0,
	      ".gz relu : le texte entier");
	sne_input_close(in);
	free(raw.data), free(got.data), free(text);
}

static void test_output_failures(void)
{
	struct sne_output *out;
	char *big = sample(100 * 1000);
	const char *message;

	if (symlink(at("cible"), at("lien.xml")) != 0)
		abort();
	errno = 0;
	CHECK(sne_output_create(at("lien.xml")) == NULL && errno == ELOOP,
	      "un lien symbolique n'est pas suivi (ELOOP)");
	CHECK(access(at("cible"), F_OK) != 0, "la cible du lien n'est pas créée");
	errno = 0;
	CHECK(sne_output_create(at("absent/x.xml")) == NULL && errno == ENOENT,
	      "dossier absent : NULL, errno ENOENT");

	out = sne_output_create("/dev/full");
	CHECK(sne_output_write(out, "x", 1) == 0, "disque plein : une petite écriture attend dans le tampon");
	errno = 0;
	CHECK(sne_output_close(out) == -1 && errno == ENOSPC, "disque plein : la fermeture le dit");

	out = sne_output_create("/dev/full");
	capture_start();
	CHECK(sne_output_emit(out, big, 100 * 1000) == SNE_EX_IOERR, "emit : 74 quand l'écriture échoue");
	message = capture_end();
	CHECK(strstr(message, "/dev/full: écriture impossible :") != NULL,
	      "emit : « NOM: écriture impossible : raison »");
	errno = 0;
	CHECK(sne_output_write(out, "x", 1) == -1 && errno == ENOSPC,
	      "après un échec, chaque écriture échoue avec la première erreur");
	CHECK(sne_output_close(out) == -1 && errno == ENOSPC, "fermeture : l'échec est redit");

	out = sne_output_fdopen(open("/dev/full", O_WRONLY), "plein.gz", 1, 9);
	sne_output_write(out, big, 100 * 1000);
	errno = 0;
	CHECK(sne_output_close(out) == -1 && errno == ENOSPC,
	      "gzip sur disque plein : la fin du flux compressé échoue, la fermeture le dit");
	free(big);
}

static void test_path_is_gz(void)
{
	CHECK(sne_path_is_gz("a.gz"), "« a.gz » : gzip");
	CHECK(sne_path_is_gz("/x/registre.xml.gz"), "« registre.xml.gz » : gzip");
	CHECK(!sne_path_is_gz(".gz"), "« .gz » seul : pas un nom gzip");
	CHECK(!sne_path_is_gz("gz"), "« gz » : non");
	CHECK(!sne_path_is_gz("a.GZ"), "« a.GZ » : non (la casse compte)");
	CHECK(!sne_path_is_gz("a.gz.xml"), "« a.gz.xml » : non");
	CHECK(!sne_path_is_gz(NULL), "NULL : non");
}

int main(void)
{
	char command[400];

	if (mkdtemp(dir) == NULL)
		return 99;
	sne_err_init("test_io");
	test_plain_input();
	test_stdin_and_missing();
	test_pipe_has_no_size();
	test_gzip_input();
	test_gzip_closed_early();
	test_plain_output();
	test_printf_long();
	test_gzip_output();
	test_output_failures();
	test_path_is_gz();
	snprintf(command, sizeof command, "rm -rf '%s'", dir);
	if (system(command) != 0)
		return 99;
	return check_done();
}
