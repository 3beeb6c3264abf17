/* libyaml's parser messages in French: libyaml reports in English
 * ("mapping values are not allowed in this context"), the toolkit's
 * messages are French whatever the locale. */
#ifndef SNE_YAML_TEXT_H
#define SNE_YAML_TEXT_H

/* The French text of libyaml's PROBLEM (yaml_parser_t.problem, may be
 * NULL): a static string, "erreur de syntaxe" for a text the table does not
 * know.  Never the English text. */
const char *sne_yaml_problem_text(const char *problem);
/* The French text of libyaml's CONTEXT ("while parsing a flow sequence"),
 * as "dans une liste entre crochets"; NULL when CONTEXT is NULL or says
 * nothing a person needs.  Static string. */
const char *sne_yaml_context_text(const char *context);

#endif
