/* sne-fix's parts: main.c parses the options and runs the corrections and
 * the merge; doublons.c writes the listing of suspected doublons. */
#ifndef SNE_FIX_H
#define SNE_FIX_H

enum fix_format { FORMAT_XML, FORMAT_TSV };

/* Writes the suspected doublons of the register at PATH on standard
 * output in FORMAT, the summary on standard error.  Returns the exit
 * status. */
int fix_list_doublons(const char *path, enum fix_format format);

#endif
