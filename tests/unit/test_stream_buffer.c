/* The stream's growing buffers (lib/stream_buffer.c): always ended by a
 * NUL, grown by doubling from 256 bytes, bytes after a NUL kept, text and
 * attribute values escaped as the toolkit writes them. */
#include "../../lib/stream_internal.h"

#include "check.h"

#include <stdlib.h>
#include <string.h>

static void test_grow(void)
{
	struct growbuf b = { 0 };

	stream_grow(&b, 0);
	CHECK(b.cap == 256 && b.data != NULL, "premier agrandissement : 256 octets");
	stream_grow(&b, 255);
	CHECK(b.cap == 256, "255 octets et le NUL tiennent dans 256");
	stream_grow(&b, 256);
	CHECK(b.cap == 512, "256 octets et le NUL : 512 (doublé)");
	b.len = 500;
	stream_grow(&b, 2000);
	CHECK(b.cap == 4096 && b.cap >= b.len + 2000 + 1, "doublé jusqu'à tenir : 4 096");
	free(b.data);
}

static void test_append(void)
{
	struct growbuf b = { 0 };
	char big[1000];

	stream_append(&b, "ab\0cd", 5);
	CHECK(b.len == 5 && memcmp(b.data, "ab\0cd", 5) == 0 && b.data[5] == '\0',
	      "octets après un NUL gardés, NUL final ajouté");
	stream_append_str(&b, "ef");
	CHECK(b.len == 7 && strcmp(b.data + 3, "cdef") == 0, "chaîne ajoutée à la suite");
	memset(big, 'x', sizeof big);
	stream_append(&b, big, sizeof big);
	CHECK(b.len == 1007 && b.data[1006] == 'x' && b.data[1007] == '\0',
	      "ajout plus grand que la place : agrandi, rien de perdu");
	b.len = 0;
	stream_append(&b, "", 0);
	CHECK(b.len == 0 && b.data[0] == '\0', "rien ajouté à un tampon vidé : chaîne vide");
	free(b.data);
}

static void test_escaped(void)
{
	struct growbuf b = { 0 };

	stream_append_text_escaped(&b, "a<b & \"c\"\n");
	CHECK_STR(b.data, "a&lt;b &amp; \"c\"\n", "texte : < et & échappés, guillemets et saut gardés");
	b.len = 0;
	stream_append_attr_escaped(&b, "a<b & \"c\"\n\t");
	CHECK_STR(b.data, "a&lt;b &amp; &quot;c&quot;&#10;&#9;",
	          "attribut : guillemets, saut de ligne et tabulation aussi");
	free(b.data);
}

int main(void)
{
	test_grow();
	test_append();
	test_escaped();
	return check_done();
}
