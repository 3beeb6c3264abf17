/* Where the installed data lives. */
#ifndef SNE_PATHS_H
#define SNE_PATHS_H

/* The share directory: $SNE_SHARE when set; the build tree's share/ when
 * the program runs from the build tree (bin/../share/xsd exists); else the
 * installed one.  Static string. */
const char *sne_share_dir(void);

#endif
