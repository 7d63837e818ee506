/*
 * lsp.h - the language server (`bscc lsp`): the Language Server Protocol
 * over stdio, JSON-RPC 2.0 with Content-Length framing (docs/lsp.md).
 */
#ifndef BSC_LSP_H
#define BSC_LSP_H

#include <stdio.h>

/* `bscc lsp`; argv holds the arguments after `lsp`.  Serves requests on
 * stdin/stdout until `exit`; returns 0 after a `shutdown`, else 1. */
int lsp_main(int argc, char **argv);

/* The message loop of lsp_main on any pair of streams (the fuzz target
 * drives it in memory); the same return value. */
int lsp_serve(FILE *in, FILE *out);

#endif
