/* Where the installed data lives. */
#ifndef SNE_PATHS_H
#define SNE_PATHS_H

/* The share directory: $SNE_SHARE when set; the build tree's share/ when
 * the program runs from the build tree (bin/../share/man/sne-records.5
 * exists); PREFIX/share/sne when the program runs from PREFIX/bin and it
 * holds xsd/interfaceNuu.xsd (a tree staged under DESTDIR, or moved); else
 * the DATADIR compiled in (PREFIX/share/sne of make install).  Never a
 * PREFIX/share/xsd of another package.  In a setgid run, never
 * $SNE_SHARE nor a tree the user may write.  Static string. */
const char *sne_share_dir(void);

#endif
