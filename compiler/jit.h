/*
 * jit.h - the libgccjit back end of `bscc sim` (docs/jit.md).
 *
 * jit_compile turns a lowered model (simir.h) into native code whose
 * entry point has the SimBlockFn contract and agrees bit for bit with
 * interp_block.  The code is cached on disk, keyed by the model's hash,
 * bscc's version and the code generator's version.  On any failure it
 * returns NULL with a message: the caller says so once and uses the
 * interpreter.
 */
#ifndef BSC_JIT_H
#define BSC_JIT_H

#include <stdbool.h>
#include "simir.h"

typedef struct JitCode JitCode;

/* How the model is turned into code. */
typedef enum {
  JIT_MODE_AUTO,             /* specialised when small enough, else looped */
  JIT_MODE_SPECIALISED,      /* node by node, constants folded, hoisted per sample */
  JIT_MODE_LOOPED,           /* loops over parameter tables, grouped by shape */
} JitMode;

typedef struct JitOptions {
  int opt_level;             /* -1: the measured default (docs/jit.md) */
  const char *cache_dir;     /* NULL: $BSCC_CACHE_DIR, else $XDG_CACHE_HOME/bscc, else ~/.cache/bscc */
  bool no_cache;             /* compile to a temporary file, neither read nor write the cache */
  JitMode mode;              /* 0 (auto) unless testing */
} JitOptions;

/* What a compile cost, for --verbose and the benchmarks. */
typedef struct JitStats {
  bool cache_hit;            /* loaded from the cache, no compile */
  bool cache_rejected;       /* a cache file was found corrupt or foreign and rebuilt */
  JitMode mode;              /* the mode used */
  int opt_level;
  int functions;             /* generated functions */
  long ops;                  /* estimated operations generated */
  double codegen_ms;         /* building the libgccjit IR */
  double compile_ms;         /* gcc: compile, assemble, link (0 on a hit) */
  double load_ms;            /* verify + dlopen + tables */
  double total_ms;
  char path[600];            /* the shared object */
} JitStats;

JitCode *jit_compile(const SimModel *m, const JitOptions *o, char **err);
SimBlockFn jit_block(const JitCode *c);
const JitStats *jit_stats(const JitCode *c);
void jit_free(JitCode *c);

/* The optimisation level used when JitOptions.opt_level is -1. */
#define JIT_DEFAULT_OPT_LEVEL 2

#endif
