/*
 * program.h - a whole compilation: the files (prelude, imports, the main
 * file), the shared arena and interner, and the diagnostics engine.
 *
 * The loader (load.c) fills files[]; the checker (sema.c) resolves names
 * and fills the tables below, which scoring, the formatter and the
 * language server then read.
 */
#ifndef BSC_PROGRAM_H
#define BSC_PROGRAM_H

#include "ast.h"
#include "diag.h"

typedef struct Program {
  Arena arena;
  Arena kr_arena;             /* the KR nodes alone, back to back (parser.y kr_begin) */
  Arena expr_arena;           /* the parsed expressions alone (parser.y ex_new, lexer.l numbers) */
  Interner *in;
  DiagEngine *de;
  AstFile **files; int nfiles; /* in load order: prelude, imports (depth
                                  first, before their importer), main */
  int main_file;             /* source index of the file named on the command line */
  /* filled by sema_check() */
  Strategy *strategy;
  Vec perspectives;          /* Perspective*: the used ones, by ascending rank */
  Vec objectives;            /* Objective*, in load order */
  Vec krs;                   /* KR*: every KR (ND_KR), in load order; KR.index is its position */
  Vec kpis;                  /* KPI*: every KPI (ND_KPI), in load order */
  Vec links;                 /* Link* */
  Vec initiatives;           /* Initiative* */
  Vec actuals;               /* Actuals* */
  Vec closes;                /* Actuals* with close set: closed periods and their grades */
  Vec themes;                /* Theme*, in load order; Theme.index is its position */
  struct Sema *sema;         /* private to sema.c */
} Program;

/* Loader options. */
typedef struct LoadOptions {
  bool no_prelude;           /* --no-prelude: for tests of the prelude itself */
  const char *stdlib_dir;    /* NULL: the embedded stdlib */
  /* Texts that replace files on disk (an editor's unsaved buffers): given
   * a file's canonical path, returns its text and sets *len, or NULL. */
  const char *(*overlay)(void *ctx, const char *canonical, size_t *len);
  void *overlay_ctx;
  /* Imports stay inside the main file's folder tree (docs/language.md,
   * Imports); these folders are allowed too (--allow-import, the LSP's
   * workspace folders).  std/ imports are embedded and always allowed. */
  const char *const *allow; int nallow;
  /* Parses source `file` instead of parse_source when it returns non-NULL
   * (the language server's per-declaration reuse, lsp_chunk.c). */
  AstFile *(*parse)(void *ctx, Program *p, int file);
  void *parse_ctx;
} LoadOptions;

void program_init(Program *p, DiagEngine *de);
void program_free(Program *p);

/* Loads `path` (or the text given, when text != NULL, under that path name:
 * used by the LSP for unsaved buffers), the prelude and all imports, and
 * parses them.  Syntax errors go to p->de.  Returns false only when the
 * main file could not be read at all. */
bool load_program(Program *p, const char *path, const char *text, size_t len,
                  const LoadOptions *opt);

/* Parses one source (already in the diag engine) into an AstFile. */
AstFile *parse_source(Program *p, int file);
/* Parses text[start, end) of source `file` alone, spans in text's offsets
 * (one declaration of a changed buffer: the language server). */
AstFile *parse_range(Program *p, int file, const char *text, uint32_t start, uint32_t end);

/* Is `word` a reserved word of the language (grammar/lexer.l)?  The
 * formatter asks: a unit written attached to its number (`60aligns`) must
 * stay attached when it is one, since a space would make it the keyword. */
bool lex_is_keyword(const char *word);

#endif
