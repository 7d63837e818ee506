/*
 * root.h - the root file of a .bsc file: the strategy file whose program
 * it belongs to.  One rule for `bscc check`, the language server and the
 * editors (docs/lsp.md, "The root file").
 */
#ifndef BSC_ROOT_H
#define BSC_ROOT_H

#include "program.h"

/* The source index of the file whose real path is `real` in de, or -1. */
int root_source_of(const DiagEngine *de, const char *real);

/* Does the loaded (parsed) program have a strategy block in any file? */
bool root_has_strategy(const Program *p);

/* A strategy file that imports the file `real` (a real path), directly or
 * not: a .bsc file in its folder or up to three folders above it, nearest
 * folder first, names in byte order.  lo gives the overlay and allowed
 * folders the candidates are loaded with.  Returns a malloc'd path or NULL. */
char *root_find(const char *real, const LoadOptions *lo);

#endif
