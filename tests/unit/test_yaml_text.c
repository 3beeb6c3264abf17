/* Unit tests of lib/yaml_text.c: libyaml's English messages said in French. */
#include "sne/yaml_text.h"

#include <string.h>

#include "check.h"

int main(void)
{
	static const char *const english[] = {
		"mapping values are not allowed in this context",
		"did not find expected key",
		"found character that cannot start any token",
		"found unexpected end of stream",
		"found a tab character that violates indentation",
		"invalid leading UTF-8 octet",
		"did not find expected ',' or ']'",
	};

	for (size_t i = 0; i < sizeof english / sizeof english[0]; i++) {
		const char *fr = sne_yaml_problem_text(english[i]);
		CHECK(strcmp(fr, english[i]) != 0 && strcmp(fr, "erreur de syntaxe") != 0,
		      "« %s » a son texte français (%s)", english[i], fr);
	}
	CHECK_STR(sne_yaml_problem_text("did not find expected ',' or ']'"), "« , » ou « ] » attendu",
	          "le crochet manquant nommé");
	CHECK_STR(sne_yaml_problem_text("a text of a later libyaml"), "erreur de syntaxe",
	          "un texte inconnu n'est pas montré en anglais");
	CHECK_STR(sne_yaml_problem_text(NULL), "erreur de syntaxe", "aucun texte de problème");
	CHECK_STR(sne_yaml_problem_text("found a tab character where an indentation space is expected"),
	          "tabulation dans l'indentation : indentez avec des espaces",
	          "tabulations dans l'indentation");
	CHECK_STR(sne_yaml_problem_text("incomplete UTF-8 octet sequence"),
	          "encodage invalide : le fichier doit être en UTF-8", "encodage incorrect");
	CHECK_STR(sne_yaml_context_text("while parsing a flow sequence"), "dans une liste entre crochets",
	          "contexte en français");
	CHECK(sne_yaml_context_text("while scanning for the next token") == NULL,
	      "un contexte qui ne dit rien est omis");
	CHECK(sne_yaml_context_text(NULL) == NULL, "aucun contexte");
	return check_done();
}
