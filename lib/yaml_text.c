/* libyaml's parser messages in French (see sne/yaml_text.h).  The English
 * texts are those of libyaml 0.2 (scanner.c, parser.c, reader.c). */
#include "sne/yaml_text.h"

#include <stddef.h>
#include <string.h>

struct text_pair {
	const char *english;
	const char *french;
};

static const char *const utf8_invalide = "encodage invalide : le fichier doit être en UTF-8";
static const char *const tabulation =
	"tabulation dans l'indentation : indentez avec des espaces";

static const struct text_pair problems[] = {
	{ "block sequence entries are not allowed in this context",
	  "élément de liste « - » non permis à cet endroit (indentation ?)" },
	{ "control characters are not allowed", "caractère de contrôle interdit" },
	{ "could not find expected ':'", "« : » attendu après la clé" },
	{ "could not find expected directive name", "nom de directive attendu" },
	{ "did not find URI escaped octet", "octet échappé attendu dans l'URI" },
	{ "did not find expected '!'", "« ! » attendu" },
	{ "did not find expected ',' or ']'", "« , » ou « ] » attendu" },
	{ "did not find expected ',' or '}'", "« , » ou « } » attendu" },
	{ "did not find expected '-' indicator", "« - » attendu (élément de liste)" },
	{ "did not find expected <document start>", "début de document attendu" },
	{ "did not find expected <stream-start>", "début de fichier attendu" },
	{ "did not find expected alphabetic or numeric character", "lettre ou chiffre attendu" },
	{ "did not find expected comment or line break", "commentaire ou fin de ligne attendu" },
	{ "did not find expected digit or '.' character", "chiffre ou « . » attendu" },
	{ "did not find expected hexdecimal number", "nombre hexadécimal attendu" },
	{ "did not find expected key", "clé attendue (indentation ?)" },
	{ "did not find expected node content", "valeur attendue" },
	{ "did not find expected tag URI", "URI d'étiquette attendue" },
	{ "did not find expected version number", "numéro de version attendu" },
	{ "did not find expected whitespace", "espace attendu" },
	{ "did not find expected whitespace or line break", "espace ou fin de ligne attendu" },
	{ "did not find the expected '>'", "« > » attendu" },
	{ "duplicate %TAG directive", "directive %TAG en double" },
	{ "expected DOCUMENT-END", "fin de document attendue" },
	{ "expected DOCUMENT-START or STREAM-END", "début de document ou fin de fichier attendu" },
	{ "expected SCALAR, SEQUENCE-START, MAPPING-START, or ALIAS",
	  "valeur, liste ou table attendue" },
	{ "expected STREAM-START", "début de fichier attendu" },
	{ "expected nothing after STREAM-END", "rien n'est permis après la fin du document" },
	{ "found a tab character that violates indentation", NULL },
	{ "found a tab character where an indentation space is expected", NULL },
	{ "found an incorrect leading UTF-8 octet", NULL },
	{ "found an incorrect trailing UTF-8 octet", NULL },
	{ "found an indentation indicator equal to 0", "indicateur d'indentation nul" },
	{ "found character that cannot start any token",
	  "caractère qui ne peut pas commencer une valeur (une tabulation ?)" },
	{ "found duplicate %TAG directive", "directive %TAG en double" },
	{ "found duplicate %YAML directive", "directive %YAML en double" },
	{ "found duplicate anchor; first occurrence", "ancre en double" },
	{ "found extremely long version number", "numéro de version trop long" },
	{ "found incompatible YAML document", "version de YAML non prise en charge" },
	{ "found invalid Unicode character escape code", "échappement Unicode invalide" },
	{ "found undefined alias", "alias non défini" },
	{ "found undefined tag handle", "étiquette non définie" },
	{ "found unexpected ':'", "« : » inattendu" },
	{ "found unexpected document indicator", "marque de document inattendue" },
	{ "found unexpected end of stream",
	  "fin de fichier inattendue (guillemet ou crochet non fermé ?)" },
	{ "found unexpected non-alphabetical character", "caractère non alphabétique inattendu" },
	{ "found unknown directive name", "directive inconnue" },
	{ "found unknown escape character", "échappement inconnu après « \\ »" },
	{ "incomplete UTF-16 character", NULL },
	{ "incomplete UTF-16 surrogate pair", NULL },
	{ "incomplete UTF-8 octet sequence", NULL },
	{ "input error", "erreur de lecture" },
	{ "input is too long", "fichier trop long" },
	{ "invalid Unicode character", "caractère Unicode interdit" },
	{ "invalid leading UTF-8 octet", NULL },
	{ "invalid length of a UTF-8 sequence", NULL },
	{ "invalid trailing UTF-8 octet", NULL },
	{ "mapping keys are not allowed in this context", "clé non permise à cet endroit" },
	{ "mapping values are not allowed in this context",
	  "« : » non permis à cet endroit (valeur mal indentée, ou « : » dans une valeur "
	  "à mettre entre guillemets)" },
	{ "unexpected low surrogate area", NULL },
};

static const struct text_pair contexts[] = {
	{ "while parsing a %TAG directive", "dans une directive" },
	{ "while parsing a block collection", "dans une liste ou une table" },
	{ "while parsing a block mapping", "dans une table" },
	{ "while parsing a block node", "dans une valeur" },
	{ "while parsing a flow mapping", "dans une table entre accolades" },
	{ "while parsing a flow node", "dans une valeur" },
	{ "while parsing a flow sequence", "dans une liste entre crochets" },
	{ "while parsing a node", "dans une valeur" },
	{ "while parsing a quoted scalar", "dans un texte entre guillemets" },
	{ "while parsing a tag", "dans une étiquette" },
	{ "while parsing a tag directive", "dans une directive" },
	{ "while scanning a %TAG directive", "dans une directive" },
	{ "while scanning a %YAML directive", "dans une directive" },
	{ "while scanning a block scalar", "dans un texte en bloc" },
	{ "while scanning a directive", "dans une directive" },
	{ "while scanning a plain scalar", "dans une valeur" },
	{ "while scanning a quoted scalar", "dans un texte entre guillemets" },
	{ "while scanning a simple key", "dans une clé" },
	{ "while scanning a tag", "dans une étiquette" },
	{ "while scanning a tag directive", "dans une directive" },
	{ "while scanning an alias", "dans un alias" },
	{ "while scanning an anchor", "dans une ancre" },
};

/* The entry of TABLE (N entries) for ENGLISH, or NULL. */
static const struct text_pair *find(const struct text_pair *table, size_t n, const char *english)
{
	for (size_t i = 0; english != NULL && i < n; i++)
		if (strcmp(table[i].english, english) == 0)
			return &table[i];
	return NULL;
}

const char *sne_yaml_problem_text(const char *problem)
{
	const struct text_pair *p = find(problems, sizeof problems / sizeof problems[0], problem);

	if (p == NULL)
		return "erreur de syntaxe";
	if (p->french != NULL)
		return p->french;
	return strstr(problem, "tab") != NULL ? tabulation : utf8_invalide;
}

const char *sne_yaml_context_text(const char *context)
{
	const struct text_pair *p = find(contexts, sizeof contexts / sizeof contexts[0], context);

	return p != NULL ? p->french : NULL;
}
