/* Codes guichet.  People type them with spaces, dashes or in lower case
 * ("g 1104"); the register only knows the canonical [0-9A-Z]{5}. */
#include "sne/guichet.h"

#include "sne/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Longest input quoted in a reason. */
#define GUICHET_QUOTE_MAX 40

/* Whether C is dropped on input rather than part of the code. */
static int guichet_is_separator(char c)
{
	return c == ' ' || c == '\t' || c == '-';
}

/* ASCII only: toupper() would depend on the locale. */
static char guichet_upper(char c)
{
	return c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
}

static int guichet_is_code_char(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
}

/* Copies the code characters of TEXT, normalised, into CODE; 0 when TEXT
 * holds exactly SNE_GUICHET_LEN of them and nothing else. */
static int guichet_clean(const char *text, char code[SNE_GUICHET_SIZE])
{
	size_t len = 0;

	for (const char *p = text; *p != '\0'; p++) {
		char c = guichet_upper(*p);

		if (guichet_is_separator(c))
			continue;
		if (!guichet_is_code_char(c) || len == SNE_GUICHET_LEN)
			return -1;
		code[len++] = c;
	}
	code[len] = '\0';
	return len == SNE_GUICHET_LEN ? 0 : -1;
}

int sne_guichet_parse(const char *text, char *out, char *why, size_t why_size)
{
	char code[SNE_GUICHET_SIZE];

	if (text == NULL)
		text = "";
	if (guichet_clean(text, code) == 0) {
		memcpy(out, code, SNE_GUICHET_SIZE);
		return 0;
	}
	if (*text == '\0') {
		sne_why(why, why_size, "code guichet vide : attendu 5 caractères, chiffres ou "
		            "lettres, par exemple G0417");
		return -1;
	}
	sne_why(why, why_size,
	            "code guichet « %.*s » invalide : attendu 5 caractères, chiffres ou lettres, "
	            "par exemple G0417",
	            GUICHET_QUOTE_MAX, text);
	return -1;
}
