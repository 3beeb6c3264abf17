/* Growing buffers of the stream. */
#include "stream_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sne/err.h"
#include "sne/xmltext.h"

void stream_grow(struct growbuf *b, size_t need)
{
	size_t cap;

	if (b->len + need + 1 <= b->cap)
		return;
	cap = b->cap ? b->cap : 256;
	while (cap < b->len + need + 1)
		cap *= 2;
	b->data = realloc(b->data, cap);
	if (b->data == NULL)
		abort();
	b->cap = cap;
}

/* Not inlined: where a caller bounds LEN (a value is cut at
 * SNE_VALUE_MAX), GCC would expand memcpy as "rep movsq", whose start-up
 * costs more than libc's memcpy takes for the few bytes of a value (it was
 * a fifth of the stream's own time). */
__attribute__((noinline)) void stream_append(struct growbuf *b, const char *bytes, size_t len)
{
	stream_grow(b, len);
	memcpy(b->data + b->len, bytes, len);
	b->len += len;
	b->data[b->len] = '\0';
}

void stream_append_str(struct growbuf *b, const char *text)
{
	stream_append(b, text, strlen(text));
}

static int growbuf_sink(void *ctx, const char *bytes, size_t len)
{
	stream_append(ctx, bytes, len);
	return 0;
}

void stream_append_attr_escaped(struct growbuf *b, const char *text)
{
	sne_xml_escape(text, 1, growbuf_sink, b);
}

void stream_append_text_escaped(struct growbuf *b, const char *text)
{
	sne_xml_escape(text, 0, growbuf_sink, b);
}
