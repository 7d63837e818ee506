/*
 * jit.c - compiles a lowered simulation model (simir.h) to native code
 * with libgccjit.  docs/jit.md describes the design; in short:
 *
 *  - The generated entry point has the SimBlockFn contract and performs
 *    the same double operations in the same order as interp.c (the
 *    reference), so the two agree bit for bit.  The samplers of
 *    runtime/rt.c are generated as always-inline functions, operation by
 *    operation; log/exp/pow are the libm functions the runtime calls.
 *
 *  - Specialised mode (small models): the model is partially evaluated.
 *    Every value of every period is classified as constant (folded here,
 *    with the interpreter's own operations), per-sample (depends on drawn
 *    inputs only: computed once per sample and shared by all portfolios)
 *    or per-portfolio (depends on a funded initiative).  Values nothing
 *    reads are not computed.  What remains is emitted straight-line, in
 *    the interpreter's order, cut into functions of at most ~CHUNK_OPS
 *    operations, because gcc's compile time grows faster than linearly
 *    with the size of one function (/work/shared/notes/libgccjit.md).
 *
 *  - Looped mode (large models): code whose size follows the number of
 *    distinct shapes, not of nodes: one sampler loop per distribution
 *    kind, one loop per group of measures of the same shape, a formula
 *    loop over the op table, loops over effects, objectives and links.
 *    The numbers are read from tables that are built from the model when
 *    the code is first loaded and stored in its cache entry with it.
 *
 *  - The shared object is compiled to the disk cache, named by a hash of
 *    the model, bscc's version, the generator's version and the options,
 *    with a trailer holding that key and a hash of the file's content;
 *    a file whose trailer or exported check symbol does not match is
 *    rebuilt, never trusted.
 */
#include "jit.h"
#include "dl_gccjit.h"        /* libgccjit, loaded when a model is compiled */
#include "util.h"
#include <dlfcn.h>
#include <fcntl.h>
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "version.h"

#define JIT_CODEGEN_VERSION 13     /* 5: decision periods (fixed actuals, ramp start, effect at);
                                      6: the plan table (path, src, objectives with data, green_at);
                                      7: scored KPIs' modes (SK_SEG, the segment table);
                                      8: the all-committed-green count (green stride nobjs + 1);
                                      9: drawn link strengths, link lags and effect lags (DIST_WHOLE);
                                      10: prev and pow in formulas (FOP_PREV, FOP_POW, o_back);
                                      11: tiles, variants, the portfolio loop outside (specialised);
                                      12: the block's objq, each objective's Q(o, T-1) (emit_objq, emit_tail);
                                      13: chunks kept apart (-fno-inline-small-functions), norm_inv and
                                          gamma called in looped mode, the entry written without fsync */
/* a chunk's parameters: keys, n, x, w, f, g, nb, sc, and the objectives'
 * out array (NULL when not wanted), its offset and stride (emit_tail) */
#define CHUNK_ARGS 11
#define CHUNK_OPS 160            /* operations per generated function (soft) */
#define SMALL_MAX_OPS 6000       /* above this estimate: looped mode (~1 s of gcc) */

/* ------------------------------------------------------------------ */
/* small utilities                                                     */

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static char *fmt_err(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char buf[1024];
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  return strdup(buf);
}

static void *xcalloc(size_t n, size_t sz) {
  void *p = calloc(n ? n : 1, sz ? sz : 1);
  if (!p) abort();
  return p;
}

static uint64_t fnv(uint64_t h, const void *p, size_t n) {
  const unsigned char *b = p;
  for (size_t i = 0; i < n; i++) { h ^= b[i]; h *= 0x100000001B3ULL; }
  return h;
}

/* The interpreter's scalar rules, for folding constants here with the
 * very same operations (interp.c). */
static double c_clamp01(double x) { return x < 0.0 ? 0.0 : x > 1.0 ? 1.0 : x; }

/* ------------------------------------------------------------------ */
/* the libgccjit context and the runtime mirrored in generated code     */

enum { LC = 0, LS = 1, LP = 2 };   /* constant, per sample, per portfolio */

enum { VMAX_DEP = 2, VMAX = 1 << VMAX_DEP };   /* variants: a value funded by at most 2 initiatives */

typedef struct Node {
  signed char lvl, lvl_s;    /* LC, LS, LP: of the value, of the score */
  bool need;
  int slot;                  /* in W: value (measures: score at slot + nvar, or + 1) */
  double c, cs;              /* constant value and score */
  uint64_t dep;              /* LP: the initiatives it depends on (bit 63: 63 and above) */
  struct Node *from;         /* a carried period: the node it reads */
  /* nvar > 0: an LP value funded by at most VMAX_DEP initiatives, computed
   * once per sample for each of the nvar fundings of dep (variant a: bit k
   * of a is the k-th initiative of dep), with each variant's level and
   * constants; a portfolio then reads its variant */
  int nvar;
  signed char vlvl[VMAX], vlvl_s[VMAX];
  double vc[VMAX], vcs[VMAX];
  int cbase;                 /* greens of a variant objective: cnt[cbase + a] */
  int pc_chunk[2];           /* the LP chunk holding pc_loc (a variant node all constant) */
  gcc_jit_lvalue *pc_loc[2];
  gcc_jit_lvalue *pc_tbl[2];
} Node;

/* a W cell computed in some chunk: stored to W only when another chunk reads it */
typedef struct Cell { int chunk; gcc_jit_rvalue *rv; bool stored; } Cell;
/* a generated function: its block of W stores (ended once all are emitted) */
typedef struct Chunk { gcc_jit_block *st, *inc; gcc_jit_rvalue *w; } Chunk;

typedef struct G {
  gcc_jit_context *ctx;
  const SimModel *m;
  gcc_jit_type *t_void, *t_int, *t_long, *t_u8, *t_u32, *t_u64, *t_dbl, *t_bool;
  gcc_jit_type *p_dbl, *p_u8, *p_u32, *p_u64, *p_int, *p_void, *p_cu8, *p_cu64;
  gcc_jit_function *f_mix, *f_u01, *f_ninv, *f_gamma, *f_samp[DIST_BERNOULLI + 1];
  gcc_jit_function *f_clamp, *f_div0, *f_min, *f_max, *f_abs, *f_addif;
  gcc_jit_function *f_clamp11;     /* sim_strength: a drawn strength clamped to -1..1 */
  int nlagged;                     /* names of v_lagged's locals */
  gcc_jit_function *f_spow;        /* sim_pow: pow, 0 when not finite (simir.h) */
  gcc_jit_function *f_log, *f_exp, *f_pow, *f_sqrt, *f_fabs, *f_malloc, *f_free, *f_abort;
  int nfuncs;
  long ops;
  bool looped;               /* generating the looped code (sampler_kind) */
  /* specialised mode */
  bool emit;
  int T;
  Node *V, *Q;               /* [k * T + t], [o * T + t] */
  Node total;
  int nslots, ncnt;          /* W cells per sample; green counters (cnt[]) */
  int NB;                    /* samples per tile: W holds W[cell * NB + j] */
  Cell *cell;
  Chunk *ck;
  int capck;
  uint64_t fix_dep, fix_on;  /* emitting a variant: these initiatives fixed, these funded */
  int chunk_id;              /* of the function being emitted */
  gcc_jit_function *fn;
  gcc_jit_block *blk;
  gcc_jit_block *pro, *after;      /* an LP chunk: before and after its loop over the tile */
  gcc_jit_block *start;
  gcc_jit_lvalue *jj;              /* its sample in the tile */
  gcc_jit_rvalue *wr, *xr;         /* this sample's W and x (x[i * NB]) in this chunk */
  gcc_jit_lvalue **f_loc;          /* an LP chunk's f[init] != 0, per initiative */
  int *f_chunk;
  uint64_t dep_key[16];            /* an LP chunk's variant indices, per dependency set */
  gcc_jit_lvalue *dep_loc[16];
  int ndep;
  gcc_jit_param *pk, *pn, *px, *pw, *pf, *pg, *pnb, *psc, *poq, *poqo, *poqs;
  long chunk_ops;
  int section;               /* LS or LP */
  gcc_jit_function **chunks[3];
  int nchunks[3], capchunks[3];
  char name[64];
} G;

#define CTX g->ctx
#define BIN(op, t, a, b) gcc_jit_context_new_binary_op(CTX, NULL, GCC_JIT_BINARY_OP_##op, t, a, b)
#define CMP(op, a, b) gcc_jit_context_new_comparison(CTX, NULL, GCC_JIT_COMPARISON_##op, a, b)
#define RV(l) gcc_jit_lvalue_as_rvalue(l)
#define PRV(p) gcc_jit_param_as_rvalue(p)
#define AT(ptr, i) gcc_jit_context_new_array_access(CTX, NULL, ptr, i)
#define ASSIGN(b, l, r) gcc_jit_block_add_assignment(b, NULL, l, r)
#define CALL(f, n, args) gcc_jit_context_new_call(CTX, NULL, f, n, args)
#define CAST(r, t) gcc_jit_context_new_cast(CTX, NULL, r, t)

static gcc_jit_rvalue *cu64(G *g, uint64_t v);
/* A double constant.  A NaN keeps its sign and payload (libgccjit would
 * not), so that NaN results are bit-identical to the interpreter's. */
static gcc_jit_rvalue *cd(G *g, double v) {
  if (v != v) {
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    return gcc_jit_context_new_bitcast(CTX, NULL, cu64(g, bits), g->t_dbl);
  }
  return gcc_jit_context_new_rvalue_from_double(CTX, g->t_dbl, v);
}
static gcc_jit_rvalue *ci(G *g, int v) { return gcc_jit_context_new_rvalue_from_int(CTX, g->t_int, v); }
static gcc_jit_rvalue *cl(G *g, long v) { return gcc_jit_context_new_rvalue_from_long(CTX, g->t_long, v); }
static gcc_jit_rvalue *cu64(G *g, uint64_t v) {
  /* built from halves so that no conversion of a negative long is involved */
  gcc_jit_rvalue *hi = gcc_jit_context_new_rvalue_from_long(CTX, g->t_u64, (long)(v >> 32));
  gcc_jit_rvalue *lo = gcc_jit_context_new_rvalue_from_long(CTX, g->t_u64, (long)(v & 0xFFFFFFFFULL));
  return BIN(BITWISE_OR, g->t_u64, BIN(LSHIFT, g->t_u64, hi, gcc_jit_context_new_rvalue_from_int(CTX, g->t_u64, 32)), lo);
}

static gcc_jit_param *par(G *g, gcc_jit_type *t, const char *name) { return gcc_jit_context_new_param(CTX, NULL, t, name); }

static gcc_jit_function *fn_new(G *g, enum gcc_jit_function_kind kind, gcc_jit_type *ret, const char *name,
                                int np, gcc_jit_param **ps) {
  g->nfuncs++;
  return gcc_jit_context_new_function(CTX, NULL, kind, ret, name, np, ps, 0);
}

static gcc_jit_function *fn_import(G *g, gcc_jit_type *ret, const char *name, int np, gcc_jit_type **ts) {
  gcc_jit_param *ps[4];
  for (int i = 0; i < np; i++) {
    char nm[16];
    snprintf(nm, sizeof nm, "a%d", i);
    ps[i] = par(g, ts[i], nm);
  }
  return gcc_jit_context_new_function(CTX, NULL, GCC_JIT_FUNCTION_IMPORTED, ret, name, np, ps, 0);
}

static void types_init(G *g) {
  g->t_void = gcc_jit_context_get_type(CTX, GCC_JIT_TYPE_VOID);
  g->t_int = gcc_jit_context_get_type(CTX, GCC_JIT_TYPE_INT);
  g->t_long = gcc_jit_context_get_type(CTX, GCC_JIT_TYPE_LONG);
  g->t_u8 = gcc_jit_context_get_type(CTX, GCC_JIT_TYPE_UNSIGNED_CHAR);
  g->t_u32 = gcc_jit_context_get_type(CTX, GCC_JIT_TYPE_UINT32_T);
  g->t_u64 = gcc_jit_context_get_type(CTX, GCC_JIT_TYPE_UINT64_T);
  g->t_dbl = gcc_jit_context_get_type(CTX, GCC_JIT_TYPE_DOUBLE);
  g->t_bool = gcc_jit_context_get_type(CTX, GCC_JIT_TYPE_BOOL);
  g->p_dbl = gcc_jit_type_get_pointer(g->t_dbl);
  g->p_u8 = gcc_jit_type_get_pointer(g->t_u8);
  g->p_cu8 = gcc_jit_type_get_pointer(gcc_jit_type_get_const(g->t_u8));
  g->p_u32 = gcc_jit_type_get_pointer(g->t_u32);
  g->p_u64 = gcc_jit_type_get_pointer(g->t_u64);
  g->p_cu64 = gcc_jit_type_get_pointer(gcc_jit_type_get_const(g->t_u64));
  g->p_int = gcc_jit_type_get_pointer(gcc_jit_type_get_const(g->t_int));
  g->p_void = gcc_jit_context_get_type(CTX, GCC_JIT_TYPE_VOID_PTR);
  gcc_jit_type *d1[] = { g->t_dbl, g->t_dbl };
  g->f_log = fn_import(g, g->t_dbl, "log", 1, d1);
  g->f_exp = fn_import(g, g->t_dbl, "exp", 1, d1);
  g->f_pow = fn_import(g, g->t_dbl, "pow", 2, d1);
  g->f_sqrt = gcc_jit_context_get_builtin_function(CTX, "__builtin_sqrt");
  g->f_fabs = gcc_jit_context_get_builtin_function(CTX, "__builtin_fabs");
  gcc_jit_type *sz[] = { gcc_jit_context_get_type(CTX, GCC_JIT_TYPE_SIZE_T) };
  g->f_malloc = fn_import(g, g->p_void, "malloc", 1, sz);
  gcc_jit_type *vp[] = { g->p_void };
  g->f_free = fn_import(g, g->t_void, "free", 1, vp);
  g->f_abort = fn_import(g, g->t_void, "abort", 0, vp);
}

/* x ? a : b over doubles, as a small always-inline function body:
 * returns (cond) ? r1 : r2 from block b. */
static void ret_cond(G *g, gcc_jit_function *f, gcc_jit_block *b, gcc_jit_rvalue *cond,
                     gcc_jit_rvalue *r1, gcc_jit_rvalue *r2) {
  gcc_jit_block *bt = gcc_jit_function_new_block(f, NULL), *bf = gcc_jit_function_new_block(f, NULL);
  gcc_jit_block_end_with_conditional(b, NULL, cond, bt, bf);
  gcc_jit_block_end_with_return(bt, NULL, r1);
  gcc_jit_block_end_with_return(bf, NULL, r2);
}

static gcc_jit_rvalue *call1(G *g, gcc_jit_function *f, gcc_jit_rvalue *a) { return CALL(f, 1, &a); }
static gcc_jit_rvalue *call2(G *g, gcc_jit_function *f, gcc_jit_rvalue *a, gcc_jit_rvalue *b) {
  gcc_jit_rvalue *args[] = { a, b };
  return CALL(f, 2, args);
}

/* interp.c's helpers */
static void helpers_init(G *g) {
  gcc_jit_param *p[3];
  gcc_jit_block *b;
  /* clamp01(x) = x < 0 ? 0 : x > 1 ? 1 : x */
  p[0] = par(g, g->t_dbl, "x");
  g->f_clamp = fn_new(g, GCC_JIT_FUNCTION_ALWAYS_INLINE, g->t_dbl, "bscc_clamp01", 1, p);
  {
    gcc_jit_function *f = g->f_clamp;
    gcc_jit_rvalue *x = PRV(p[0]);
    b = gcc_jit_function_new_block(f, NULL);
    gcc_jit_block *b0 = gcc_jit_function_new_block(f, NULL), *b1 = gcc_jit_function_new_block(f, NULL);
    gcc_jit_block_end_with_conditional(b, NULL, CMP(LT, x, cd(g, 0.0)), b0, b1);
    gcc_jit_block_end_with_return(b0, NULL, cd(g, 0.0));
    ret_cond(g, f, b1, CMP(GT, x, cd(g, 1.0)), cd(g, 1.0), x);
  }
  /* div0(a, b) = b == 0 ? 0 : a / b */
  p[0] = par(g, g->t_dbl, "a"); p[1] = par(g, g->t_dbl, "b");
  g->f_div0 = fn_new(g, GCC_JIT_FUNCTION_ALWAYS_INLINE, g->t_dbl, "bscc_div0", 2, p);
  b = gcc_jit_function_new_block(g->f_div0, NULL);
  ret_cond(g, g->f_div0, b, CMP(EQ, PRV(p[1]), cd(g, 0.0)), cd(g, 0.0), BIN(DIVIDE, g->t_dbl, PRV(p[0]), PRV(p[1])));
  /* min(acc, y) = y < acc ? y : acc; max likewise */
  p[0] = par(g, g->t_dbl, "acc"); p[1] = par(g, g->t_dbl, "y");
  g->f_min = fn_new(g, GCC_JIT_FUNCTION_ALWAYS_INLINE, g->t_dbl, "bscc_min", 2, p);
  b = gcc_jit_function_new_block(g->f_min, NULL);
  ret_cond(g, g->f_min, b, CMP(LT, PRV(p[1]), PRV(p[0])), PRV(p[1]), PRV(p[0]));
  p[0] = par(g, g->t_dbl, "acc"); p[1] = par(g, g->t_dbl, "y");
  g->f_max = fn_new(g, GCC_JIT_FUNCTION_ALWAYS_INLINE, g->t_dbl, "bscc_max", 2, p);
  b = gcc_jit_function_new_block(g->f_max, NULL);
  ret_cond(g, g->f_max, b, CMP(GT, PRV(p[1]), PRV(p[0])), PRV(p[1]), PRV(p[0]));
  /* abs(x) = x < 0 ? -x : x */
  p[0] = par(g, g->t_dbl, "x");
  g->f_abs = fn_new(g, GCC_JIT_FUNCTION_ALWAYS_INLINE, g->t_dbl, "bscc_abs", 1, p);
  b = gcc_jit_function_new_block(g->f_abs, NULL);
  ret_cond(g, g->f_abs, b, CMP(LT, PRV(p[0]), cd(g, 0.0)),
           gcc_jit_context_new_unary_op(CTX, NULL, GCC_JIT_UNARY_OP_MINUS, g->t_dbl, PRV(p[0])), PRV(p[0]));
  /* clamp11(x) = x < -1 ? -1 : x > 1 ? 1 : x (sim_strength) */
  p[0] = par(g, g->t_dbl, "x");
  g->f_clamp11 = fn_new(g, GCC_JIT_FUNCTION_ALWAYS_INLINE, g->t_dbl, "bscc_clamp11", 1, p);
  {
    gcc_jit_function *f = g->f_clamp11;
    gcc_jit_rvalue *x = PRV(p[0]);
    b = gcc_jit_function_new_block(f, NULL);
    gcc_jit_block *b0 = gcc_jit_function_new_block(f, NULL), *b1 = gcc_jit_function_new_block(f, NULL);
    gcc_jit_block_end_with_conditional(b, NULL, CMP(LT, x, cd(g, -1.0)), b0, b1);
    gcc_jit_block_end_with_return(b0, NULL, cd(g, -1.0));
    ret_cond(g, f, b1, CMP(GT, x, cd(g, 1.0)), cd(g, 1.0), x);
  }
  /* addif(v, c, sh) = c ? v + sh : v */
  p[0] = par(g, g->t_dbl, "v"); p[1] = par(g, g->t_int, "c"); p[2] = par(g, g->t_dbl, "sh");
  g->f_addif = fn_new(g, GCC_JIT_FUNCTION_ALWAYS_INLINE, g->t_dbl, "bscc_addif", 3, p);
  b = gcc_jit_function_new_block(g->f_addif, NULL);
  ret_cond(g, g->f_addif, b, CMP(NE, PRV(p[1]), ci(g, 0)), BIN(PLUS, g->t_dbl, PRV(p[0]), PRV(p[2])), PRV(p[0]));
  /* spow(a, b): r = pow(a, b); r - r == 0 ? r : 0 (sim_pow) */
  p[0] = par(g, g->t_dbl, "a"); p[1] = par(g, g->t_dbl, "b");
  g->f_spow = fn_new(g, GCC_JIT_FUNCTION_ALWAYS_INLINE, g->t_dbl, "bscc_spow", 2, p);
  {
    gcc_jit_lvalue *r = gcc_jit_function_new_local(g->f_spow, NULL, g->t_dbl, "r");
    b = gcc_jit_function_new_block(g->f_spow, NULL);
    ASSIGN(b, r, call2(g, g->f_pow, PRV(p[0]), PRV(p[1])));
    ret_cond(g, g->f_spow, b, CMP(EQ, BIN(MINUS, g->t_dbl, RV(r), RV(r)), cd(g, 0.0)), RV(r), cd(g, 0.0));
  }
}

/* rt_mix64 */
static void gen_mix(G *g) {
  gcc_jit_param *z = par(g, g->t_u64, "z");
  gcc_jit_function *f = g->f_mix = fn_new(g, GCC_JIT_FUNCTION_ALWAYS_INLINE, g->t_u64, "bscc_mix", 1, &z);
  gcc_jit_block *b = gcc_jit_function_new_block(f, NULL);
  gcc_jit_lvalue *x = gcc_jit_function_new_local(f, NULL, g->t_u64, "x");
  gcc_jit_type *u = g->t_u64;
#define SH(n) gcc_jit_context_new_rvalue_from_int(CTX, u, n)
  ASSIGN(b, x, PRV(z));
  ASSIGN(b, x, BIN(MULT, u, BIN(BITWISE_XOR, u, RV(x), BIN(RSHIFT, u, RV(x), SH(30))), cu64(g, 0xBF58476D1CE4E5B9ULL)));
  ASSIGN(b, x, BIN(MULT, u, BIN(BITWISE_XOR, u, RV(x), BIN(RSHIFT, u, RV(x), SH(27))), cu64(g, 0x94D049BB133111EBULL)));
  gcc_jit_block_end_with_return(b, NULL, BIN(BITWISE_XOR, u, RV(x), BIN(RSHIFT, u, RV(x), SH(31))));
}

/* rt_u01(key, sample, draw) */
static void gen_u01(G *g) {
  gcc_jit_param *p[3] = { par(g, g->t_u64, "key"), par(g, g->t_u64, "n"), par(g, g->t_u64, "d") };
  gcc_jit_function *f = g->f_u01 = fn_new(g, GCC_JIT_FUNCTION_ALWAYS_INLINE, g->t_dbl, "bscc_u01", 3, p);
  gcc_jit_block *b = gcc_jit_function_new_block(f, NULL);
  gcc_jit_type *u = g->t_u64;
  gcc_jit_rvalue *ctr = BIN(PLUS, u, BIN(MULT, u, PRV(p[1]), SH(RT_DRAWS)), PRV(p[2]));
  gcc_jit_rvalue *x = call1(g, g->f_mix, BIN(PLUS, u, PRV(p[0]), BIN(MULT, u, ctr, cu64(g, 0x9E3779B97F4A7C15ULL))));
  gcc_jit_rvalue *r = BIN(MULT, g->t_dbl, BIN(PLUS, g->t_dbl, CAST(BIN(RSHIFT, u, x, SH(11)), g->t_dbl), cd(g, 0.5)),
                          cd(g, 0x1.0p-53));
  gcc_jit_block_end_with_return(b, NULL, r);
}

/* Horner as written in rt.c: (((c0 * r + c1) * r + c2) ... ) */
static gcc_jit_rvalue *horner(G *g, const double *c, int n, gcc_jit_rvalue *r) {
  gcc_jit_rvalue *acc = BIN(PLUS, g->t_dbl, BIN(MULT, g->t_dbl, cd(g, c[0]), r), cd(g, c[1]));
  for (int i = 2; i < n; i++) acc = BIN(PLUS, g->t_dbl, BIN(MULT, g->t_dbl, acc, r), cd(g, c[i]));
  return acc;
}

/* rt_norm_inv (AS 241), coefficients as in rt.c */
static const double A_NUM[] = { 2509.0809287301226727, 33430.575583588128105, 67265.770927008700853,
  45921.953931549871457, 13731.693765509461125, 1971.5909503065514427, 133.14166789178437745, 3.387132872796366608 };
static const double A_DEN[] = { 5226.495278852854561, 28729.085735721942674, 39307.89580009271061,
  21213.794301586595867, 5394.1960214247511077, 687.1870074920579083, 42.313330701600911252, 1.0 };
static const double B_NUM[] = { 7.7454501427834140764e-4, 0.0227238449892691845833, 0.24178072517745061177,
  1.27045825245236838258, 3.64784832476320460504, 5.7694972214606914055, 4.6303378461565452959, 1.42343711074968357734 };
static const double B_DEN[] = { 1.05075007164441684324e-9, 5.475938084995344946e-4, 0.0151986665636164571966,
  0.14810397642748007459, 0.68976733498510000455, 1.6763848301838038494, 2.05319162663775882187, 1.0 };
static const double C_NUM[] = { 2.01033439929228813265e-7, 2.71155556874348757815e-5, 0.0012426609473880784386,
  0.026532189526576123093, 0.29656057182850489123, 1.7848265399172913358, 5.4637849111641143699, 6.6579046435011037772 };
static const double C_DEN[] = { 2.04426310338993978564e-15, 1.4215117583164458887e-7, 1.8463183175100546818e-5,
  7.868691311456132591e-4, 0.0148753612908506148525, 0.13692988092273580531, 0.59983220655588793769, 1.0 };

/* norm_inv and the gamma loop: always inline in specialised mode, where
 * a draw's call would cost ~16 instructions per evaluation of the example
 * (284 against 268, callgrind); called functions in looped mode, where
 * one copy of each serves every sampler (the draw loop of PERT and Beta
 * held four inlined gamma loops and six norm_inv), which cut the compile
 * by a fifth (1.26 G to 1.02 G instructions for 1,000 KRs) for 0.5 % at
 * run time.  The same operations either way, so the same bits. */
static enum gcc_jit_function_kind sampler_kind(const G *g) {
  return g->looped ? GCC_JIT_FUNCTION_INTERNAL : GCC_JIT_FUNCTION_ALWAYS_INLINE;
}

static void gen_ninv(G *g) {
  gcc_jit_param *pp = par(g, g->t_dbl, "p");
  gcc_jit_function *f = g->f_ninv = fn_new(g, sampler_kind(g), g->t_dbl, "bscc_norm_inv", 1, &pp);
  gcc_jit_type *d = g->t_dbl;
  gcc_jit_lvalue *q = gcc_jit_function_new_local(f, NULL, d, "q"), *r = gcc_jit_function_new_local(f, NULL, d, "r"),
                 *x = gcc_jit_function_new_local(f, NULL, d, "x");
  gcc_jit_block *b = gcc_jit_function_new_block(f, NULL), *central = gcc_jit_function_new_block(f, NULL),
                *tail = gcc_jit_function_new_block(f, NULL), *near = gcc_jit_function_new_block(f, NULL),
                *far = gcc_jit_function_new_block(f, NULL), *done = gcc_jit_function_new_block(f, NULL),
                *rp = gcc_jit_function_new_block(f, NULL), *r1 = gcc_jit_function_new_block(f, NULL),
                *rr = gcc_jit_function_new_block(f, NULL);
  ASSIGN(b, q, BIN(MINUS, d, PRV(pp), cd(g, 0.5)));
  gcc_jit_block_end_with_conditional(b, NULL, CMP(LE, call1(g, g->f_fabs, RV(q)), cd(g, 0.425)), central, tail);
  ASSIGN(central, r, BIN(MINUS, d, cd(g, 0.180625), BIN(MULT, d, RV(q), RV(q))));
  gcc_jit_block_end_with_return(central, NULL,
    BIN(DIVIDE, d, BIN(MULT, d, RV(q), horner(g, A_NUM, 8, RV(r))), horner(g, A_DEN, 8, RV(r))));
  /* r = q < 0 ? p : 1 - p */
  gcc_jit_block_end_with_conditional(tail, NULL, CMP(LT, RV(q), cd(g, 0.0)), rp, r1);
  ASSIGN(rp, r, PRV(pp));
  gcc_jit_block_end_with_jump(rp, NULL, rr);
  ASSIGN(r1, r, BIN(MINUS, d, cd(g, 1.0), PRV(pp)));
  gcc_jit_block_end_with_jump(r1, NULL, rr);
  ASSIGN(rr, r, call1(g, g->f_sqrt, gcc_jit_context_new_unary_op(CTX, NULL, GCC_JIT_UNARY_OP_MINUS, d,
                                                                 call1(g, g->f_log, RV(r)))));
  gcc_jit_block_end_with_conditional(rr, NULL, CMP(LE, RV(r), cd(g, 5.0)), near, far);
  ASSIGN(near, r, BIN(MINUS, d, RV(r), cd(g, 1.6)));
  ASSIGN(near, x, BIN(DIVIDE, d, horner(g, B_NUM, 8, RV(r)), horner(g, B_DEN, 8, RV(r))));
  gcc_jit_block_end_with_jump(near, NULL, done);
  ASSIGN(far, r, BIN(MINUS, d, RV(r), cd(g, 5.0)));
  ASSIGN(far, x, BIN(DIVIDE, d, horner(g, C_NUM, 8, RV(r)), horner(g, C_DEN, 8, RV(r))));
  gcc_jit_block_end_with_jump(far, NULL, done);
  ret_cond(g, f, done, CMP(LT, RV(q), cd(g, 0.0)), gcc_jit_context_new_unary_op(CTX, NULL, GCC_JIT_UNARY_OP_MINUS, d, RV(x)),
           RV(x));
}

static gcc_jit_rvalue *u01(G *g, gcc_jit_rvalue *key, gcc_jit_rvalue *n, gcc_jit_rvalue *draw) {
  gcc_jit_rvalue *a[] = { key, n, draw };
  return CALL(g->f_u01, 3, a);
}

/* rt_gamma(alpha, key, sample, draw0) */
static void gen_gamma(G *g) {
  gcc_jit_type *d = g->t_dbl, *u = g->t_u64;
  gcc_jit_param *p[4] = { par(g, d, "alpha0"), par(g, u, "key"), par(g, u, "n"), par(g, u, "draw0") };
  gcc_jit_function *f = g->f_gamma = fn_new(g, sampler_kind(g), d, "bscc_gamma", 4, p);
  gcc_jit_lvalue *alpha = gcc_jit_function_new_local(f, NULL, d, "alpha"), *boost = gcc_jit_function_new_local(f, NULL, d, "boost"),
                 *dd = gcc_jit_function_new_local(f, NULL, d, "d"), *c = gcc_jit_function_new_local(f, NULL, d, "c"),
                 *i = gcc_jit_function_new_local(f, NULL, u, "i"), *z = gcc_jit_function_new_local(f, NULL, d, "z"),
                 *t = gcc_jit_function_new_local(f, NULL, d, "t"), *v = gcc_jit_function_new_local(f, NULL, d, "v"),
                 *uu = gcc_jit_function_new_local(f, NULL, d, "u");
  gcc_jit_block *b = gcc_jit_function_new_block(f, NULL), *small = gcc_jit_function_new_block(f, NULL),
                *setup = gcc_jit_function_new_block(f, NULL), *cond = gcc_jit_function_new_block(f, NULL),
                *body = gcc_jit_function_new_block(f, NULL), *pos = gcc_jit_function_new_block(f, NULL),
                *acc = gcc_jit_function_new_block(f, NULL), *next = gcc_jit_function_new_block(f, NULL),
                *out = gcc_jit_function_new_block(f, NULL);
  ASSIGN(b, alpha, PRV(p[0]));
  ASSIGN(b, boost, cd(g, 1.0));
  gcc_jit_block_end_with_conditional(b, NULL, CMP(LT, RV(alpha), cd(g, 1.0)), small, setup);
  ASSIGN(small, boost, call2(g, g->f_pow, u01(g, PRV(p[1]), PRV(p[2]), BIN(PLUS, u, PRV(p[3]), SH(31))),
                             BIN(DIVIDE, d, cd(g, 1.0), RV(alpha))));
  ASSIGN(small, alpha, BIN(PLUS, d, RV(alpha), cd(g, 1.0)));
  gcc_jit_block_end_with_jump(small, NULL, setup);
  ASSIGN(setup, dd, BIN(MINUS, d, RV(alpha), cd(g, 1.0 / 3.0)));
  ASSIGN(setup, c, BIN(DIVIDE, d, cd(g, 1.0), call1(g, g->f_sqrt, BIN(MULT, d, cd(g, 9.0), RV(dd)))));
  ASSIGN(setup, i, SH(0));
  gcc_jit_block_end_with_jump(setup, NULL, cond);
  gcc_jit_block_end_with_conditional(cond, NULL, CMP(LT, RV(i), SH(15)), body, out);
  gcc_jit_rvalue *d2i = BIN(PLUS, u, PRV(p[3]), BIN(MULT, u, SH(2), RV(i)));
  ASSIGN(body, z, call1(g, g->f_ninv, u01(g, PRV(p[1]), PRV(p[2]), d2i)));
  ASSIGN(body, t, BIN(PLUS, d, cd(g, 1.0), BIN(MULT, d, RV(c), RV(z))));
  gcc_jit_block_end_with_conditional(body, NULL, CMP(LE, RV(t), cd(g, 0.0)), next, pos);
  ASSIGN(pos, v, BIN(MULT, d, BIN(MULT, d, RV(t), RV(t)), RV(t)));
  ASSIGN(pos, uu, u01(g, PRV(p[1]), PRV(p[2]), BIN(PLUS, u, BIN(PLUS, u, PRV(p[3]), BIN(MULT, u, SH(2), RV(i))), SH(1))));
  /* 0.5 * z * z + d - d * v + d * log(v) */
  gcc_jit_rvalue *rhs = BIN(PLUS, d,
    BIN(MINUS, d, BIN(PLUS, d, BIN(MULT, d, BIN(MULT, d, cd(g, 0.5), RV(z)), RV(z)), RV(dd)), BIN(MULT, d, RV(dd), RV(v))),
    BIN(MULT, d, RV(dd), call1(g, g->f_log, RV(v))));
  gcc_jit_block_end_with_conditional(pos, NULL, CMP(LT, call1(g, g->f_log, RV(uu)), rhs), acc, next);
  gcc_jit_block_end_with_return(acc, NULL, BIN(MULT, d, BIN(MULT, d, RV(dd), RV(v)), RV(boost)));
  gcc_jit_block_add_assignment_op(next, NULL, i, GCC_JIT_BINARY_OP_PLUS, SH(1));
  gcc_jit_block_end_with_jump(next, NULL, cond);
  gcc_jit_block_end_with_return(out, NULL, BIN(MULT, d, RV(dd), RV(boost)));
}

/* rt_sample for one kind: samp(key, n, a, b, c, d, e, f) */
static gcc_jit_function *gen_sampler(G *g, int kind) {
  if (g->f_samp[kind]) return g->f_samp[kind];
  gcc_jit_type *d = g->t_dbl, *u = g->t_u64;
  gcc_jit_param *p[8] = { par(g, u, "key"), par(g, u, "n"), par(g, d, "a"), par(g, d, "b"), par(g, d, "c"),
                          par(g, d, "d"), par(g, d, "e"), par(g, d, "f") };
  char name[32];
  snprintf(name, sizeof name, "bscc_sample%d", kind);
  gcc_jit_function *f = fn_new(g, GCC_JIT_FUNCTION_ALWAYS_INLINE, d, name, 8, p);
  gcc_jit_block *b = gcc_jit_function_new_block(f, NULL);
  gcc_jit_rvalue *key = PRV(p[0]), *n = PRV(p[1]), *A = PRV(p[2]), *B = PRV(p[3]), *C = PRV(p[4]), *D = PRV(p[5]),
                 *E = PRV(p[6]), *F = PRV(p[7]);
  switch (kind) {
  case DIST_CONST:
    gcc_jit_block_end_with_return(b, NULL, A);
    break;
  case DIST_NORMAL:
    gcc_jit_block_end_with_return(b, NULL, BIN(PLUS, d, A, BIN(MULT, d, B, call1(g, g->f_ninv, u01(g, key, n, SH(0))))));
    break;
  case DIST_LOGNORMAL:
    gcc_jit_block_end_with_return(b, NULL, call1(g, g->f_exp,
      BIN(PLUS, d, A, BIN(MULT, d, B, call1(g, g->f_ninv, u01(g, key, n, SH(0)))))));
    break;
  case DIST_UNIFORM:
    gcc_jit_block_end_with_return(b, NULL, BIN(PLUS, d, A, BIN(MULT, d, B, u01(g, key, n, SH(0)))));
    break;
  case DIST_TRIANGULAR: {
    gcc_jit_lvalue *uu = gcc_jit_function_new_local(f, NULL, d, "u");
    ASSIGN(b, uu, u01(g, key, n, SH(0)));
    ret_cond(g, f, b, CMP(LT, RV(uu), D), BIN(PLUS, d, A, call1(g, g->f_sqrt, BIN(MULT, d, RV(uu), E))),
             BIN(MINUS, d, C, call1(g, g->f_sqrt, BIN(MULT, d, BIN(MINUS, d, cd(g, 1.0), RV(uu)), F))));
    break;
  }
  case DIST_PERT: case DIST_BETA: {
    gcc_jit_lvalue *x = gcc_jit_function_new_local(f, NULL, d, "x"), *y = gcc_jit_function_new_local(f, NULL, d, "y");
    gcc_jit_rvalue *a1[] = { C, key, n, SH(0) }, *a2[] = { D, key, n, SH(32) };
    ASSIGN(b, x, CALL(g->f_gamma, 4, a1));
    ASSIGN(b, y, CALL(g->f_gamma, 4, a2));
    gcc_jit_block_end_with_return(b, NULL, BIN(PLUS, d, A, BIN(MULT, d, B, BIN(DIVIDE, d, RV(x), BIN(PLUS, d, RV(x), RV(y))))));
    break;
  }
  case DIST_WHOLE: {         /* a + rt_whole_index(b, u): k = (double)(long)(b u), at most b - 1 */
    gcc_jit_lvalue *k = gcc_jit_function_new_local(f, NULL, d, "k");
    ASSIGN(b, k, CAST(CAST(BIN(MULT, d, B, u01(g, key, n, SH(0))), g->t_long), d));
    ret_cond(g, f, b, CMP(GT, RV(k), BIN(MINUS, d, B, cd(g, 1.0))), BIN(PLUS, d, A, BIN(MINUS, d, B, cd(g, 1.0))),
             BIN(PLUS, d, A, RV(k)));
    break;
  }
  case DIST_BERNOULLI:
    ret_cond(g, f, b, CMP(LT, u01(g, key, n, SH(0)), A), cd(g, 1.0), cd(g, 0.0));
    break;
  }
  g->f_samp[kind] = f;
  return f;
}

static void runtime_init(G *g) {
  types_init(g);
  helpers_init(g);
  gen_mix(g);
  gen_u01(g);
  gen_ninv(g);
  gen_gamma(g);
}

static int sampler_cost(int kind) {
  switch (kind) {
  case DIST_CONST: return 1;
  case DIST_UNIFORM: case DIST_BERNOULLI: case DIST_WHOLE: return 15;
  case DIST_TRIANGULAR: return 25;
  case DIST_NORMAL: case DIST_LOGNORMAL: return 60;
  default: return 150;
  }
}

static gcc_jit_rvalue *sample_call(G *g, int kind, gcc_jit_rvalue *key, gcc_jit_rvalue *n, gcc_jit_rvalue *const *prm) {
  gcc_jit_rvalue *args[8] = { key, n, prm[0], prm[1], prm[2], prm[3], prm[4], prm[5] };
  return CALL(gen_sampler(g, kind), 8, args);
}

/* ------------------------------------------------------------------ */
/* specialised mode: a partial evaluator of interp_eval                 */

typedef struct Val {
  int lvl;
  double c;
  gcc_jit_rvalue *rv;
  uint64_t dep;              /* LP: the initiatives it depends on */
} Val;

static Val VC(double c) { Val v = { LC, c, NULL, 0 }; return v; }
static Val VR(int lvl, uint64_t dep) { Val v = { lvl, 0, NULL, dep }; return v; }
static int lmax(int a, int b) { return a > b ? a : b; }
static gcc_jit_rvalue *rvof(G *g, Val v) { return v.lvl == LC ? cd(g, v.c) : v.rv; }

enum { OP_ADD, OP_SUB, OP_MUL, OP_DIV };

static Val v_arith(G *g, int op, Val a, Val b) {
  if (a.lvl == LC && b.lvl == LC) {
    double r = op == OP_ADD ? a.c + b.c : op == OP_SUB ? a.c - b.c : op == OP_MUL ? a.c * b.c : a.c / b.c;
    return VC(r);
  }
  Val r = VR(lmax(a.lvl, b.lvl), a.dep | b.dep);
  if (g->emit) {
    enum gcc_jit_binary_op o = op == OP_ADD ? GCC_JIT_BINARY_OP_PLUS : op == OP_SUB ? GCC_JIT_BINARY_OP_MINUS
                             : op == OP_MUL ? GCC_JIT_BINARY_OP_MULT : GCC_JIT_BINARY_OP_DIVIDE;
    r.rv = gcc_jit_context_new_binary_op(CTX, NULL, o, g->t_dbl, rvof(g, a), rvof(g, b));
    g->chunk_ops++;
  }
  return r;
}

static Val v_call1(G *g, gcc_jit_function *f, Val a, double c) {
  Val r = VR(a.lvl, a.dep);
  if (a.lvl == LC) return VC(c);
  if (g->emit) { r.rv = call1(g, f, a.rv); g->chunk_ops += 3; }
  return r;
}

static Val v_clamp(G *g, Val a) { return v_call1(g, g->f_clamp, a, a.lvl == LC ? c_clamp01(a.c) : 0); }
static Val v_neg(G *g, Val a) {
  if (a.lvl == LC) return VC(-a.c);
  Val r = VR(a.lvl, a.dep);
  if (g->emit) { r.rv = gcc_jit_context_new_unary_op(CTX, NULL, GCC_JIT_UNARY_OP_MINUS, g->t_dbl, a.rv); g->chunk_ops++; }
  return r;
}
static Val v_abs(G *g, Val a) { return v_call1(g, g->f_abs, a, a.lvl == LC ? (a.c < 0.0 ? -a.c : a.c) : 0); }

static Val v_call2(G *g, gcc_jit_function *f, Val a, Val b) {
  Val r = VR(lmax(a.lvl, b.lvl), a.dep | b.dep);
  if (g->emit) { r.rv = call2(g, f, rvof(g, a), rvof(g, b)); g->chunk_ops += 3; }
  return r;
}
static Val v_div0(G *g, Val a, Val b) {
  if (b.lvl == LC) return b.c == 0.0 ? VC(0.0) : v_arith(g, OP_DIV, a, b);
  return v_call2(g, g->f_div0, a, b);
}
static Val v_min(G *g, Val acc, Val y) {
  if (acc.lvl == LC && y.lvl == LC) return VC(y.c < acc.c ? y.c : acc.c);
  return v_call2(g, g->f_min, acc, y);
}
static Val v_max(G *g, Val acc, Val y) {
  if (acc.lvl == LC && y.lvl == LC) return VC(y.c > acc.c ? y.c : acc.c);
  return v_call2(g, g->f_max, acc, y);
}

static Val v_pow(G *g, Val a, Val b) {
  if (a.lvl == LC && b.lvl == LC) return VC(sim_pow(a.c, b.c));
  return v_call2(g, g->f_spow, a, b);
}

/* a 0/1 double of a comparison */
static Val v_cmp(G *g, enum gcc_jit_comparison op, Val v, double x) {
  if (v.lvl == LC) {
    bool r = op == GCC_JIT_COMPARISON_GE ? v.c >= x : op == GCC_JIT_COMPARISON_GT ? v.c > x
           : op == GCC_JIT_COMPARISON_LE ? v.c <= x : v.c < x;
    return VC(r ? 1.0 : 0.0);
  }
  Val r = VR(v.lvl, v.dep);
  if (g->emit) {
    r.rv = CAST(CAST(gcc_jit_context_new_comparison(CTX, NULL, op, v.rv, cd(g, x)), g->t_int), g->t_dbl);
    g->chunk_ops += 2;
  }
  return r;
}

/* sim_seg_score over seg[0 .. n) of a value known only at run time:
 * from the last segment down, the first whose lo v reaches gives the
 * score (sim_seg_value's operations), 0 when none does (a NaN); emitted
 * as a chain of blocks in the current function, which continues after. */
static Val v_seg(G *g, const SimSeg *seg, int n, Val v) {
  if (v.lvl == LC) return VC(sim_seg_score(seg, n, v.c));
  Val r = VR(v.lvl, v.dep);
  if (!g->emit) return r;
  char nm[32];
  snprintf(nm, sizeof nm, "seg%ld", g->ops + g->chunk_ops);
  gcc_jit_lvalue *out = gcc_jit_function_new_local(g->fn, NULL, g->t_dbl, nm);
  snprintf(nm, sizeof nm, "segv%ld", g->ops + g->chunk_ops);
  gcc_jit_lvalue *x = gcc_jit_function_new_local(g->fn, NULL, g->t_dbl, nm);
  ASSIGN(g->blk, x, v.rv);
  gcc_jit_block *cur = g->blk, *join = gcc_jit_function_new_block(g->fn, NULL);
  gcc_jit_type *d = g->t_dbl;
  for (int j = n - 1; j >= 0; j--) {
    const SimSeg *sg = &seg[j];
    gcc_jit_block *hit = gcc_jit_function_new_block(g->fn, NULL), *miss = gcc_jit_function_new_block(g->fn, NULL);
    gcc_jit_block_end_with_conditional(cur, NULL, CMP(GE, RV(x), cd(g, sg->lo)), hit, miss);
    gcc_jit_rvalue *val = sg->lin
      ? BIN(DIVIDE, d, BIN(PLUS, d, cd(g, sg->c), BIN(DIVIDE, d, BIN(MULT, d, cd(g, sg->dp), BIN(MINUS, d, RV(x), cd(g, sg->x))),
                                                          cd(g, sg->dx))), cd(g, 10.0))
      : cd(g, sg->c);
    ASSIGN(hit, out, val);
    gcc_jit_block_end_with_jump(hit, NULL, join);
    cur = miss;
  }
  ASSIGN(cur, out, cd(g, 0.0));
  gcc_jit_block_end_with_jump(cur, NULL, join);
  g->blk = join;
  g->chunk_ops += 2 + 4L * n;
  r.rv = RV(out);
  return r;
}

/* the score of measure ki in period t from its value v */
static Val v_score(G *g, int ki, int t, Val v) {
  const SimModel *m = g->m;
  const SimMeasure *k = &m->meas[ki];
  size_t at = (size_t)ki * (size_t)g->T + (size_t)t;
  switch (k->kind) {
  case SK_SEG: return v_seg(g, &m->segs[m->seg_first[at]], m->seg_n[at], v);
  case SK_NONE: return VC(0.0);
  case SK_LINEAR: return v_clamp(g, v_arith(g, OP_DIV, v_arith(g, OP_SUB, v, VC(k->base)), VC(k->span)));
  case SK_GE: return v_cmp(g, GCC_JIT_COMPARISON_GE, v, k->x);
  case SK_GT: return v_cmp(g, GCC_JIT_COMPARISON_GT, v, k->x);
  case SK_LE: return v_cmp(g, GCC_JIT_COMPARISON_LE, v, k->x);
  case SK_LT: return v_cmp(g, GCC_JIT_COMPARISON_LT, v, k->x);
  case SK_MILESTONE: return v_clamp(g, v_arith(g, OP_DIV, v, VC(k->x)));
  }
  return VC(0.0);
}

static Val v_input(G *g, int i) {
  const SimInput *in = &g->m->inputs[i];
  if (in->d.kind == DIST_CONST) return VC(in->d.a);    /* rt_sample returns d->a */
  Val r = VR(LS, 0);
  if (g->emit) { r.rv = RV(AT(g->xr, ci(g, i * g->NB))); g->chunk_ops++; }
  return r;
}

/* ---- variants and the W cells ---- */

/* the initiative bit of init (63 stands for 63 and above: never a variant) */
static uint64_t init_bit(int init) { return 1ULL << (init < 63 ? init : 63); }
/* variant a of dep as the set of funded initiatives, and back */
static uint64_t var_on(uint64_t dep, int a) {
  uint64_t on = 0;
  int k = 0;
  for (uint64_t d = dep; d; d &= d - 1, k++)
    if ((a >> k) & 1) on |= d & (~d + 1);
  return on;
}
static int var_of(uint64_t dep, uint64_t on) {
  int a = 0, k = 0;
  for (uint64_t d = dep; d; d &= d - 1, k++)
    if (on & d & (~d + 1)) a |= 1 << k;
  return a;
}
static int node_cell(const Node *nd, bool score, int a) { return nd->slot + (score ? (nd->nvar ? nd->nvar : 1) : 0) + a; }

/* W cell c to W, at the end of the chunk that computed it (once) */
static void cell_store(G *g, int c) {
  Cell *cl = &g->cell[c];
  if (cl->stored || !cl->rv) return;
  Chunk *k = &g->ck[cl->chunk];
  ASSIGN(k->st, AT(k->w, ci(g, c * g->NB)), cl->rv);
  cl->stored = true;
}

/* W cell c (plus off cells' worth of samples) read in this chunk: the
 * local it was computed in when this chunk computed it, else W */
static gcc_jit_rvalue *cell_read(G *g, int c, gcc_jit_rvalue *off) {
  Cell *cl = &g->cell[c];
  if (!off && cl->chunk == g->chunk_id) return cl->rv ? cl->rv : cd(g, 0.0);
  cell_store(g, c);
  g->chunk_ops++;
  gcc_jit_rvalue *i = ci(g, c * g->NB);
  if (off) i = BIN(PLUS, g->t_int, i, off);
  return RV(AT(g->wr, i));
}

/* an LP chunk's f[init] != 0, read once before its loop over the tile */
static gcc_jit_rvalue *f_on(G *g, int init) {
  if (g->f_chunk[init] != g->chunk_id) {
    char nm[24];
    snprintf(nm, sizeof nm, "f%d", init);
    gcc_jit_lvalue *l = gcc_jit_function_new_local(g->fn, NULL, g->t_int, nm);
    ASSIGN(g->pro, l, CAST(CMP(NE, RV(AT(PRV(g->pf), ci(g, init))), gcc_jit_context_new_rvalue_from_int(CTX, g->t_u8, 0)),
                           g->t_int));
    g->f_loc[init] = l;
    g->f_chunk[init] = g->chunk_id;
  }
  return RV(g->f_loc[init]);
}

/* an LP chunk's variant of dep for its portfolio (before the loop) */
static gcc_jit_rvalue *var_idx(G *g, uint64_t dep) {
  for (int i = 0; i < g->ndep; i++)
    if (g->dep_key[i] == dep) return RV(g->dep_loc[i]);
  gcc_jit_rvalue *e = NULL;
  int k = 0;
  for (uint64_t d = dep; d; d &= d - 1, k++) {
    gcc_jit_rvalue *b = BIN(LSHIFT, g->t_int, f_on(g, __builtin_ctzll(d)), ci(g, k));
    e = e ? BIN(BITWISE_OR, g->t_int, e, b) : b;
  }
  char nm[24];
  snprintf(nm, sizeof nm, "vi%d", g->ndep);
  gcc_jit_lvalue *l = gcc_jit_function_new_local(g->fn, NULL, g->t_int, nm);
  ASSIGN(g->pro, l, e);
  if (g->ndep < 16) { g->dep_key[g->ndep] = dep; g->dep_loc[g->ndep++] = l; }
  return RV(l);
}

/* a variant node every variant of which is a constant, in an LP chunk:
 * its portfolio's constant, picked from a table before the loop */
static gcc_jit_rvalue *var_const(G *g, Node *nd, bool score) {
  int s = score;
  if (nd->pc_chunk[s] != g->chunk_id) {
    char nm[32];
    if (!nd->pc_tbl[s]) {
      uint64_t bits[VMAX];
      memcpy(bits, score ? nd->vcs : nd->vc, sizeof(double) * (size_t)nd->nvar);
      snprintf(nm, sizeof nm, "bscc_vc%d", node_cell(nd, score, 0));
      nd->pc_tbl[s] = gcc_jit_context_new_global(CTX, NULL, GCC_JIT_GLOBAL_INTERNAL,
                                                 gcc_jit_context_new_array_type(CTX, NULL, g->t_u64, nd->nvar), nm);
      gcc_jit_global_set_initializer(nd->pc_tbl[s], bits, sizeof(uint64_t) * (size_t)nd->nvar);
    }
    snprintf(nm, sizeof nm, "pc%d", node_cell(nd, score, 0));
    gcc_jit_lvalue *l = gcc_jit_function_new_local(g->fn, NULL, g->t_dbl, nm);
    ASSIGN(g->pro, l, gcc_jit_context_new_bitcast(CTX, NULL, RV(AT(RV(nd->pc_tbl[s]), var_idx(g, nd->dep))), g->t_dbl));
    nd->pc_loc[s] = l;
    nd->pc_chunk[s] = g->chunk_id;
  }
  return RV(nd->pc_loc[s]);
}

/* A computed node's value (or score) as seen from the function being
 * emitted: while a variant is emitted (fix_dep), a variant node's variant
 * of that funding; in a portfolio's chunk, its portfolio's variant. */
static Val v_node(G *g, Node *nd, bool score) {
  while (nd->from) nd = nd->from;
  if ((score ? nd->lvl_s : nd->lvl) == LC) return VC(score ? nd->cs : nd->c);
  if (nd->nvar && g->fix_dep) {
    int a = var_of(nd->dep, g->fix_on);
    if ((score ? nd->vlvl_s[a] : nd->vlvl[a]) == LC) return VC(score ? nd->vcs[a] : nd->vc[a]);
    Val r = VR(LS, 0);
    if (g->emit) r.rv = cell_read(g, node_cell(nd, score, a), NULL);
    return r;
  }
  Val r = VR(nd->lvl, nd->dep);
  if (!g->emit) return r;
  if (!nd->nvar) { r.rv = cell_read(g, node_cell(nd, score, 0), NULL); return r; }
  bool allc = true;
  for (int a = 0; a < nd->nvar; a++) allc = allc && (score ? nd->vlvl_s[a] : nd->vlvl[a]) == LC;
  if (allc) { r.rv = var_const(g, nd, score); return r; }
  for (int a = 0; a < nd->nvar; a++) cell_store(g, node_cell(nd, score, a));
  r.rv = cell_read(g, node_cell(nd, score, 0), BIN(MULT, g->t_int, var_idx(g, nd->dep), ci(g, g->NB)));
  return r;
}

static Val run_formula(G *g, const SimFormula *f, int t) {
  const SimModel *m = g->m;
  Val st[64], *stack = f->depth + 1 <= 64 ? st : xcalloc((size_t)f->depth + 1, sizeof(Val));
  stack[0] = VC(0.0);
  int sp = 0;
  for (int i = f->first; i < f->first + f->count; i++) {
    const SimOp *op = &m->ops[i];
    switch (op->op) {
    case FOP_CONST: stack[sp++] = VC(op->c); break;
    case FOP_LOAD: stack[sp++] = v_node(g, &g->V[(size_t)op->n * g->T + t], false); break;
    case FOP_PREV: stack[sp++] = v_node(g, &g->V[(size_t)op->n * g->T + (t - op->back)], false); break;
    case FOP_POW: sp--; stack[sp - 1] = v_pow(g, stack[sp - 1], stack[sp]); break;
    case FOP_SCALE: stack[sp - 1] = v_arith(g, OP_MUL, stack[sp - 1], VC(op->c)); break;
    case FOP_ADD: sp--; stack[sp - 1] = v_arith(g, OP_ADD, stack[sp - 1], stack[sp]); break;
    case FOP_SUB: sp--; stack[sp - 1] = v_arith(g, OP_SUB, stack[sp - 1], stack[sp]); break;
    case FOP_MUL: sp--; stack[sp - 1] = v_arith(g, OP_MUL, stack[sp - 1], stack[sp]); break;
    case FOP_DIV: sp--; stack[sp - 1] = v_div0(g, stack[sp - 1], stack[sp]); break;
    case FOP_NEG: stack[sp - 1] = v_neg(g, stack[sp - 1]); break;
    case FOP_ABS: stack[sp - 1] = v_abs(g, stack[sp - 1]); break;
    case FOP_MIN: case FOP_MAX: case FOP_AVG: {
      int base = sp - op->n;
      Val acc = stack[base];
      for (int j = base + 1; j < sp; j++) {
        Val y = stack[j];
        if (op->op == FOP_MIN) acc = v_min(g, acc, y);
        else if (op->op == FOP_MAX) acc = v_max(g, acc, y);
        else acc = v_arith(g, OP_ADD, acc, y);
      }
      if (op->op == FOP_AVG) acc = v_arith(g, OP_DIV, acc, VC((double)op->n));
      sp = base;
      stack[sp++] = acc;
      break;
    }
    }
  }
  Val r = stack[0];
  if (stack != st) free(stack);
  return r;
}

/* v(k, t) as interp_eval computes it */
static Val compute_meas(G *g, int ki, int t) {
  const SimModel *m = g->m;
  const SimMeasure *k = &m->meas[ki];
  Val val;
  if (t < k->nfix && (k->formula < 0 || !isnan(m->fixed[k->fix_first + t]))) {
    val = VC(m->fixed[k->fix_first + t]);
  } else if (k->formula >= 0) {          /* (a formula's fixed NaN: computed) */
    val = run_formula(g, &m->forms[k->formula], t);
  } else {
    Val o = k->input >= 0 ? v_input(g, k->input) : VC(k->outcome);
    val = k->ramp ? v_arith(g, OP_ADD, VC(k->from), v_arith(g, OP_MUL, v_arith(g, OP_SUB, o, VC(k->from)),
                                                             VC(m->path[(size_t)ki * g->T + t])))
                  : o;
  }
  for (int j = k->eff_first; j < k->eff_first + k->eff_count; j++) {
    const SimEffect *e = &m->effs[j];
    if (t < e->at) continue;
    Val sh = e->input >= 0 ? v_input(g, e->input) : VC(e->value);
    if (e->relative) sh = v_arith(g, OP_MUL, sh, VC(k->base));
    uint64_t bit = init_bit(e->init);
    bool gated = e->lag_input >= 0 && t - m->decided < e->lag_hi;   /* and not a longer lag drawn: x <= t - a */
    if (g->fix_dep & bit) {              /* a variant: this initiative's funding is known */
      if (!(g->fix_on & bit)) continue;
      if (!gated) { val = v_arith(g, OP_ADD, val, sh); continue; }
      Val r = VR(lmax(LS, lmax(val.lvl, sh.lvl)), val.dep | sh.dep);
      if (g->emit) {
        gcc_jit_rvalue *on = CAST(CMP(LE, v_input(g, e->lag_input).rv, cd(g, (double)(t - m->decided))), g->t_int);
        gcc_jit_rvalue *args[] = { rvof(g, val), on, rvof(g, sh) };
        r.rv = CALL(g->f_addif, 3, args);
        g->chunk_ops += 4;
      }
      val = r;
      continue;
    }
    Val r = VR(LP, val.dep | sh.dep | bit);
    if (g->emit) {
      gcc_jit_rvalue *on = f_on(g, e->init);
      if (gated)
        on = BIN(BITWISE_AND, g->t_int, on, CAST(CMP(LE, v_input(g, e->lag_input).rv, cd(g, (double)(t - m->decided))), g->t_int));
      gcc_jit_rvalue *args[] = { rvof(g, val), on, rvof(g, sh) };
      r.rv = CALL(g->f_addif, 3, args);
      g->chunk_ops += 4;
    }
    val = r;
  }
  return val;
}

/* The longest lag link l may have at period t, fixed or drawn, and none
 * reaching before period 0: its lags run from l->lag to this. */
static int lag_top(const SimLink *l, int t) {
  int hi = l->lag_input >= 0 ? l->lag_hi : l->lag;
  return hi < t ? hi : t;
}

/* p plus the term of a link whose lag is drawn (interp_eval's link
 * loop): for each lag L from l->lag to min(lag_hi, t), when the drawn lag
 * is L, p + st * (Q(src, t - L) - Qref(src, t - L)); p when it is longer
 * than t.  Emitted as a chain of blocks, like v_seg. */
static Val v_lagged(G *g, Val p, Val st, const SimLink *l, int t) {
  const SimModel *m = g->m;
  int T = g->T, hi = lag_top(l, t);
  Val r = VR(lmax(LS, lmax(p.lvl, st.lvl)), p.dep | st.dep);
  bool emit = g->emit;
  g->emit = false;                       /* the levels of the sources, as read here */
  for (int L = l->lag; L <= hi; L++) {
    Val q = v_node(g, &g->Q[(size_t)l->src * T + (size_t)(t - L)], false);
    r.lvl = lmax(r.lvl, q.lvl);
    r.dep |= q.dep;
  }
  g->emit = emit;
  if (!g->emit) return r;
  char nm[32];
  int id = g->nlagged++;
  snprintf(nm, sizeof nm, "lk%d", id);
  gcc_jit_lvalue *out = gcc_jit_function_new_local(g->fn, NULL, g->t_dbl, nm);
  snprintf(nm, sizeof nm, "lkp%d", id);
  gcc_jit_lvalue *pl = gcc_jit_function_new_local(g->fn, NULL, g->t_dbl, nm);
  snprintf(nm, sizeof nm, "lks%d", id);
  gcc_jit_lvalue *sl = gcc_jit_function_new_local(g->fn, NULL, g->t_dbl, nm);
  snprintf(nm, sizeof nm, "lkl%d", id);
  gcc_jit_lvalue *lg = gcc_jit_function_new_local(g->fn, NULL, g->t_dbl, nm);
  ASSIGN(g->blk, pl, rvof(g, p));
  ASSIGN(g->blk, sl, rvof(g, st));
  ASSIGN(g->blk, lg, v_input(g, l->lag_input).rv);
  ASSIGN(g->blk, out, RV(pl));
  Val pv = VR(r.lvl, r.dep), sv = VR(r.lvl, r.dep);
  pv.rv = RV(pl);
  sv.rv = RV(sl);
  gcc_jit_block *cur = g->blk, *join = gcc_jit_function_new_block(g->fn, NULL);
  for (int L = l->lag; L <= hi; L++) {
    gcc_jit_block *hit = gcc_jit_function_new_block(g->fn, NULL), *miss = gcc_jit_function_new_block(g->fn, NULL);
    gcc_jit_block_end_with_conditional(cur, NULL, CMP(EQ, RV(lg), cd(g, (double)L)), hit, miss);
    size_t at = (size_t)l->src * T + (size_t)(t - L);
    Val term = v_arith(g, OP_ADD, pv, v_arith(g, OP_MUL, sv, v_arith(g, OP_SUB, v_node(g, &g->Q[at], false), VC(m->qref[at]))));
    ASSIGN(hit, out, rvof(g, term));
    gcc_jit_block_end_with_jump(hit, NULL, join);
    cur = miss;
  }
  gcc_jit_block_end_with_jump(cur, NULL, join);
  g->blk = join;
  g->chunk_ops += 6 + 6L * (hi - l->lag + 1);
  r.rv = RV(out);
  return r;
}

/* P(o, t) then Q(o, t) as interp_eval computes them */
static Val compute_obj(G *g, int oi, int t) {
  const SimModel *m = g->m;
  const SimObj *o = &m->objs[oi];
  int T = g->T;
  Val p = VC(0.0);
  if (!m->ohas[(size_t)oi * T + t]) return VC(0.0);   /* no data: 0, no link terms */
  {
    Val num = VC(0.0);
    double den = 0.0;
    /* its KRs with data, then the aligned objectives with data that count in it */
    for (int j = o->kr_first; j < o->kr_first + o->kr_count; j++) {
      int ki = m->kr_list[j];
      if (m->src[(size_t)ki * T + t] < 0) continue;
      num = v_arith(g, OP_ADD, num, v_arith(g, OP_MUL, VC(m->meas[ki].weight), v_node(g, &g->V[(size_t)ki * T + t], true)));
      den = den + m->meas[ki].weight;
    }
    for (int j = o->child_first; j < o->child_first + o->child_count; j++) {
      int c = m->child_list[j];
      if (!m->ohas[(size_t)c * T + t]) continue;
      num = v_arith(g, OP_ADD, num, v_arith(g, OP_MUL, VC(m->child_w[j]), v_node(g, &g->Q[(size_t)c * T + t], false)));
      den = den + m->child_w[j];
    }
    p = den > 0.0 ? v_arith(g, OP_DIV, num, VC(den)) : VC(0.0);
  }
  /* causal links carry the driver's deviation from the reference run */
  for (int j = o->link_first; m->qref && j < o->link_first + o->link_count; j++) {
    const SimLink *l = &m->links[j];
    if (l->lag > t) continue;
    Val st = l->input >= 0 ? v_call1(g, g->f_clamp11, v_input(g, l->input), 0) : VC(l->strength);
    if (l->lag_input >= 0) { p = v_lagged(g, p, st, l, t); continue; }
    size_t at = (size_t)l->src * T + (size_t)(t - l->lag);
    p = v_arith(g, OP_ADD, p, v_arith(g, OP_MUL, st, v_arith(g, OP_SUB, v_node(g, &g->Q[at], false), VC(m->qref[at]))));
  }
  return v_clamp(g, p);
}

static Val compute_total(G *g) {
  const SimModel *m = g->m;
  int last = g->T - 1;
  Val tn = VC(0.0);
  double td = 0.0;
  for (int i = 0; i < m->npersps; i++) {
    const SimPersp *ps = &m->persps[i];
    Val num = VC(0.0);
    double den = 0.0;
    for (int j = ps->obj_first; j < ps->obj_first + ps->obj_count; j++) {
      int oi = m->persp_objs[j];
      if (!m->ohas[(size_t)oi * g->T + last]) continue;
      num = v_arith(g, OP_ADD, num, v_arith(g, OP_MUL, VC(m->objs[oi].weight), v_node(g, &g->Q[(size_t)oi * g->T + last], false)));
      den = den + m->objs[oi].weight;
    }
    if (den > 0.0) {
      tn = v_arith(g, OP_ADD, tn, v_arith(g, OP_MUL, VC(ps->weight), v_arith(g, OP_DIV, num, VC(den))));
      td = td + ps->weight;
    }
  }
  return td > 0.0 ? v_arith(g, OP_DIV, tn, VC(td)) : VC(0.0);
}

/* ---- analysis: levels, constants, what is needed ---- */

static void analyse(G *g) {
  const SimModel *m = g->m;
  int T = g->T;
  g->emit = false;
  for (int t = 0; t < T; t++) {
    for (int i = 0; i < m->nmeas; i++) {
      int ki = m->meas_order[i];
      Node *nd = &g->V[(size_t)ki * T + t];
      int sr = m->src[(size_t)ki * T + t];
      if (sr != t) {          /* carried: the node of period sr; no data: never read */
        Node *from = sr >= 0 ? &g->V[(size_t)ki * T + sr] : NULL;
        nd->from = from;
        nd->lvl = from ? from->lvl : LC;
        nd->lvl_s = from ? from->lvl_s : LC;
        nd->dep = from ? from->dep : 0;
        nd->c = from ? from->c : 0.0;
        nd->cs = from ? from->cs : 0.0;
        continue;
      }
      Val v = compute_meas(g, ki, t);
      nd->lvl = (signed char)v.lvl;
      nd->dep = v.dep;
      nd->c = v.c;
      Val s = v_score(g, ki, t, v);
      nd->lvl_s = (signed char)s.lvl;
      nd->cs = s.c;
    }
    for (int i = 0; i < m->nobjs; i++) {
      int oi = m->obj_order[i];
      Node *nd = &g->Q[(size_t)oi * T + t];
      Val q = compute_obj(g, oi, t);
      nd->lvl = (signed char)q.lvl;
      nd->lvl_s = LC;
      nd->dep = q.dep;
      nd->c = q.c;
    }
  }
  Val tot = compute_total(g);
  g->total.lvl = (signed char)tot.lvl;
  g->total.lvl_s = LC;
  g->total.dep = tot.dep;
  g->total.c = tot.c;
  /* needs, backwards: the scorecard and the greens read Q(o, T-1) */
  for (int o = 0; o < m->nobjs; o++) g->Q[(size_t)o * T + T - 1].need = true;
  for (int t = T - 1; t >= 0; t--) {
    for (int i = m->nobjs - 1; i >= 0; i--) {
      int oi = m->obj_order[i];
      const SimObj *o = &m->objs[oi];
      if (!g->Q[(size_t)oi * T + t].need || g->Q[(size_t)oi * T + t].lvl == LC) continue;
      for (int j = o->kr_first; j < o->kr_first + o->kr_count; j++)
        if (m->src[(size_t)m->kr_list[j] * T + t] >= 0) g->V[(size_t)m->kr_list[j] * T + t].need = true;
      for (int j = o->child_first; j < o->child_first + o->child_count; j++)
        if (m->ohas[(size_t)m->child_list[j] * T + t]) g->Q[(size_t)m->child_list[j] * T + t].need = true;
      for (int j = o->link_first; m->qref && j < o->link_first + o->link_count; j++) {
        const SimLink *l = &m->links[j];
        for (int L = l->lag, hi = lag_top(l, t); L <= hi; L++) g->Q[(size_t)l->src * T + (t - L)].need = true;
      }
    }
    for (int i = m->nmeas - 1; i >= 0; i--) {
      int ki = m->meas_order[i];
      const SimMeasure *k = &m->meas[ki];
      int sr = m->src[(size_t)ki * T + t];
      if (!g->V[(size_t)ki * T + t].need || g->V[(size_t)ki * T + t].lvl == LC) continue;
      if (sr != t) {
        if (sr >= 0) g->V[(size_t)ki * T + sr].need = true;
        continue;
      }
      if (k->formula < 0) continue;
      const SimFormula *f = &m->forms[k->formula];
      for (int j = f->first; j < f->first + f->count; j++)
        if (m->ops[j].op == FOP_LOAD) g->V[(size_t)m->ops[j].n * T + t].need = true;
        else if (m->ops[j].op == FOP_PREV) g->V[(size_t)m->ops[j].n * T + (t - m->ops[j].back)].need = true;
    }
  }
}

/* Which LP nodes become variant nodes (funded by at most VMAX_DEP
 * initiatives: cheaper once per sample for each funding than once per
 * portfolio), and each variant's level and constants, in the
 * interpreter's order, each variant computed with its funding fixed. */
static bool make_variant(Node *nd) {
  int d = __builtin_popcountll(nd->dep);
  if (!nd->need || nd->lvl != LP || (nd->dep >> 63) || d > VMAX_DEP) return false;
  nd->nvar = 1 << d;
  return true;
}

static void analyse_variants(G *g) {
  const SimModel *m = g->m;
  int T = g->T;
  g->emit = false;
  for (int t = 0; t < T; t++) {
    for (int i = 0; i < m->nmeas; i++) {
      int ki = m->meas_order[i];
      Node *nd = &g->V[(size_t)ki * T + t];
      if (m->src[(size_t)ki * T + t] != t || !make_variant(nd)) continue;
      for (int a = 0; a < nd->nvar; a++) {
        g->fix_dep = nd->dep;
        g->fix_on = var_on(nd->dep, a);
        Val v = compute_meas(g, ki, t), sc = v_score(g, ki, t, v);
        nd->vlvl[a] = (signed char)v.lvl;
        nd->vc[a] = v.c;
        nd->vlvl_s[a] = (signed char)sc.lvl;
        nd->vcs[a] = sc.c;
      }
    }
    for (int i = 0; i < m->nobjs; i++) {
      int oi = m->obj_order[i];
      Node *nd = &g->Q[(size_t)oi * T + t];
      if (!make_variant(nd)) continue;
      for (int a = 0; a < nd->nvar; a++) {
        g->fix_dep = nd->dep;
        g->fix_on = var_on(nd->dep, a);
        Val q = compute_obj(g, oi, t);
        nd->vlvl[a] = (signed char)q.lvl;
        nd->vc[a] = q.c;
        nd->vlvl_s[a] = LC;
      }
    }
  }
  g->total.need = true;
  if (make_variant(&g->total))
    for (int a = 0; a < g->total.nvar; a++) {
      g->fix_dep = g->total.dep;
      g->fix_on = var_on(g->total.dep, a);
      Val s = compute_total(g);
      g->total.vlvl[a] = (signed char)s.lvl;
      g->total.vc[a] = s.c;
      g->total.vlvl_s[a] = LC;
    }
  g->fix_dep = g->fix_on = 0;
}

/* a rough count of the operations the specialised code would have */
static long estimate_ops(G *g, bool *need_input) {
  const SimModel *m = g->m;
  int T = g->T;
  long ops = 0;
  for (int ki = 0; ki < m->nmeas; ki++) {
    const SimMeasure *k = &m->meas[ki];
    for (int t = 0; t < T; t++) {
      const Node *nd = &g->V[(size_t)ki * T + t];
      if (!nd->need || nd->lvl == LC || m->src[(size_t)ki * T + t] != t) continue;
      ops += 8 + (k->formula >= 0 ? 2 * m->forms[k->formula].count : 0);
      if (k->kind == SK_SEG) ops += 4L * m->seg_n[(size_t)ki * T + t];     /* v_seg's chain */
      if (k->input >= 0 && k->formula < 0 && t >= k->nfix) need_input[k->input] = true;
      for (int j = k->eff_first; j < k->eff_first + k->eff_count; j++) {
        if (t < m->effs[j].at) continue;
        ops += 6;
        if (m->effs[j].input >= 0) need_input[m->effs[j].input] = true;
        if (m->effs[j].lag_input >= 0) need_input[m->effs[j].lag_input] = true;
      }
    }
  }
  for (int oi = 0; oi < m->nobjs; oi++) {
    const SimObj *o = &m->objs[oi];
    for (int t = 0; t < T; t++) {
      const Node *nd = &g->Q[(size_t)oi * T + t];
      if (!nd->need || nd->lvl == LC) continue;
      ops += 6 + 2 * (o->kr_count + o->child_count + o->link_count);
      for (int j = o->link_first; m->qref && m->ohas[(size_t)oi * T + t] && j < o->link_first + o->link_count; j++) {
        const SimLink *l = &m->links[j];
        if (l->lag > t) continue;
        if (l->input >= 0) need_input[l->input] = true;
        if (l->lag_input >= 0) { need_input[l->lag_input] = true; ops += 6L * (l->lag_hi - l->lag + 1); }
      }
    }
  }
  ops += 4L * m->npersp_objs + 3L * m->nobjs;
  for (int kind = DIST_NORMAL; kind <= DIST_BERNOULLI; kind++) {
    int cnt = 0;
    for (int i = 0; i < m->ninputs; i++) cnt += need_input[i] && m->inputs[i].d.kind == kind;
    ops += (long)(cnt >= 3 ? 1 : cnt) * sampler_cost(kind);
  }
  return ops;
}

/* ---- emission ----
 * Per tile of NB samples, the per-sample chunks (LS) run once per sample
 * and keep what the portfolios read in W (W[cell * NB + j]: a cell's
 * samples side by side, so that a portfolio's loop reads and writes them
 * in order); then for each portfolio the per-portfolio chunks (LP) each
 * loop over the tile.  A cell is stored to W only when another chunk
 * reads it (cell_store adds the store to its chunk's store block). */

static void chunk_end(G *g) {
  if (!g->fn) return;
  Chunk *k = &g->ck[g->chunk_id];
  k->st = gcc_jit_function_new_block(g->fn, NULL);
  gcc_jit_block_end_with_jump(g->blk, NULL, k->st);
  if (g->section == LP) {      /* before the loop: j = 0; after it: return */
    gcc_jit_block_end_with_jump(g->pro, NULL, g->start);
    gcc_jit_block_end_with_void_return(g->after, NULL);
  }
  g->fn = NULL;
  g->ops += g->chunk_ops;
}

static void chunk_begin(G *g) {
  chunk_end(g);
  int s = g->section;
  snprintf(g->name, sizeof g->name, "bscc_%s%d", s == LS ? "s" : "p", g->nchunks[s]);
  gcc_jit_param *ps[CHUNK_ARGS] = { g->pk = par(g, g->p_cu64, "keys"), g->pn = par(g, g->t_u64, "n"),
                                    g->px = par(g, g->p_dbl, "x"), g->pw = par(g, g->p_dbl, "w"),
                                    g->pf = par(g, g->p_cu8, "f"), g->pg = par(g, g->p_u32, "g"),
                                    g->pnb = par(g, g->t_int, "nb"), g->psc = par(g, g->p_dbl, "sc"),
                                    g->poq = par(g, g->p_dbl, "oq"), g->poqo = par(g, g->t_long, "oqo"),
                                    g->poqs = par(g, g->t_long, "oqs") };
  g->fn = fn_new(g, GCC_JIT_FUNCTION_INTERNAL, g->t_void, g->name, CHUNK_ARGS, ps);
  g->blk = gcc_jit_function_new_block(g->fn, NULL);
  g->chunk_id++;
  g->chunk_ops = 0;
  g->ndep = 0;
  if (g->chunk_id >= g->capck) {
    int cap = g->capck ? 2 * g->capck : 64;
    g->ck = realloc(g->ck, sizeof(Chunk) * (size_t)cap);
    if (!g->ck) abort();
    memset(g->ck + g->capck, 0, sizeof(Chunk) * (size_t)(cap - g->capck));
    g->capck = cap;
  }
  Chunk *k = &g->ck[g->chunk_id];
  if (s == LS) {                 /* one sample: x and w point at its column */
    g->wr = PRV(g->pw);
    g->xr = PRV(g->px);
    k->inc = NULL;
  } else {                       /* for (j = 0; j < nb; j++) over the tile, wj = w + j */
    g->pro = g->blk;
    gcc_jit_lvalue *j = gcc_jit_function_new_local(g->fn, NULL, g->t_int, "j");
    gcc_jit_lvalue *wj = gcc_jit_function_new_local(g->fn, NULL, g->p_dbl, "wj");
    gcc_jit_lvalue *xj = gcc_jit_function_new_local(g->fn, NULL, g->p_dbl, "xj");
    gcc_jit_block *start = gcc_jit_function_new_block(g->fn, NULL), *cond = gcc_jit_function_new_block(g->fn, NULL),
                  *inc = gcc_jit_function_new_block(g->fn, NULL);
    g->blk = gcc_jit_function_new_block(g->fn, NULL);
    g->after = gcc_jit_function_new_block(g->fn, NULL);
    ASSIGN(start, j, ci(g, 0));
    gcc_jit_block_end_with_jump(start, NULL, cond);
    gcc_jit_block_end_with_conditional(cond, NULL, CMP(LT, RV(j), PRV(g->pnb)), g->blk, g->after);
    gcc_jit_block_add_assignment_op(inc, NULL, j, GCC_JIT_BINARY_OP_PLUS, ci(g, 1));
    gcc_jit_block_end_with_jump(inc, NULL, cond);
    ASSIGN(g->blk, wj, gcc_jit_lvalue_get_address(AT(PRV(g->pw), RV(j)), NULL));
    ASSIGN(g->blk, xj, gcc_jit_lvalue_get_address(AT(PRV(g->px), RV(j)), NULL));
    g->jj = j;
    g->wr = RV(wj);
    g->xr = RV(xj);
    g->start = start;            /* chunk_end: pro -> start */
    k->inc = inc;                /* the store block -> inc */
  }
  k->w = g->wr;
  if (g->nchunks[s] == g->capchunks[s]) {
    g->capchunks[s] = g->capchunks[s] ? 2 * g->capchunks[s] : 16;
    g->chunks[s] = realloc(g->chunks[s], sizeof(gcc_jit_function *) * (size_t)g->capchunks[s]);
    if (!g->chunks[s]) abort();
  }
  g->chunks[s][g->nchunks[s]++] = g->fn;
}

static void chunk_room(G *g) {
  if (!g->fn || g->chunk_ops >= CHUNK_OPS) chunk_begin(g);
}

/* value v of W cell c, computed in this chunk: a local (a constant as is) */
static void keep(G *g, Val v, int c) {
  Cell *cl = &g->cell[c];
  cl->chunk = g->chunk_id;
  cl->stored = false;
  if (v.lvl == LC) { cl->rv = cd(g, v.c); return; }
  char nm[24];
  snprintf(nm, sizeof nm, "v%d", c);
  gcc_jit_lvalue *l = gcc_jit_function_new_local(g->fn, NULL, g->t_dbl, nm);
  ASSIGN(g->blk, l, v.rv);
  cl->rv = RV(l);
  g->chunk_ops++;
}

/* a counted loop: for (var = 0; var < lim; var++) body; returns the body's
 * first block and sets *after to the block after the loop */
typedef struct Loop { gcc_jit_block *cond, *body, *after; gcc_jit_lvalue *var; } Loop;

static Loop loop_open(G *g, gcc_jit_function *f, gcc_jit_block **cur, gcc_jit_lvalue *var, gcc_jit_rvalue *from,
                      gcc_jit_rvalue *lim) {
  Loop L;
  L.var = var;
  L.cond = gcc_jit_function_new_block(f, NULL);
  L.body = gcc_jit_function_new_block(f, NULL);
  L.after = gcc_jit_function_new_block(f, NULL);
  ASSIGN(*cur, var, from);
  gcc_jit_block_end_with_jump(*cur, NULL, L.cond);
  gcc_jit_block_end_with_conditional(L.cond, NULL, CMP(LT, RV(var), lim), L.body, L.after);
  *cur = L.body;
  return L;
}

static void loop_close(G *g, Loop *L, gcc_jit_block **cur, gcc_jit_rvalue *one) {
  gcc_jit_block_add_assignment_op(*cur, NULL, L->var, GCC_JIT_BINARY_OP_PLUS, one);
  gcc_jit_block_end_with_jump(*cur, NULL, L->cond);
  *cur = L->after;
}

/* greens counted once per sample (per-sample chunks): a constant or
 * per-sample objective in cnt[oi], each variant of a variant objective
 * in cnt[cbase + a] */
static void emit_green(G *g, int oi, Node *q) {
  const SimModel *m = g->m;
  double thr = m->objs[oi].green_at;
  gcc_jit_rvalue *one = gcc_jit_context_new_rvalue_from_int(CTX, g->t_u32, 1);
  for (int a = 0; a < (q->nvar ? q->nvar : 1); a++) {
    gcc_jit_lvalue *cell = AT(PRV(g->pg), ci(g, q->nvar ? q->cbase + a : oi));
    int lvl = q->nvar ? q->vlvl[a] : q->lvl;
    double c = q->nvar ? q->vc[a] : q->c;
    if (lvl == LC) {
      if (c >= thr) gcc_jit_block_add_assignment_op(g->blk, NULL, cell, GCC_JIT_BINARY_OP_PLUS, one);
    } else {
      gcc_jit_rvalue *v = q->nvar ? cell_read(g, node_cell(q, false, a), NULL) : v_node(g, q, false).rv;
      gcc_jit_block_add_assignment_op(g->blk, NULL, cell, GCC_JIT_BINARY_OP_PLUS, CAST(CMP(GE, v, cd(g, thr)), g->t_u32));
    }
    g->chunk_ops += 3;
  }
}

/* a count over an LP chunk's tile: a local, zero before the loop,
 * cond added per sample (or nb when cond is NULL), added to g[at] after */
static void lp_count(G *g, int at, gcc_jit_rvalue *cond) {
  char nm[24];
  snprintf(nm, sizeof nm, "gc%d", at);
  gcc_jit_lvalue *c = gcc_jit_function_new_local(g->fn, NULL, g->t_u32, nm);
  if (cond) {
    ASSIGN(g->pro, c, gcc_jit_context_new_rvalue_from_int(CTX, g->t_u32, 0));
    gcc_jit_block_add_assignment_op(g->blk, NULL, c, GCC_JIT_BINARY_OP_PLUS, CAST(cond, g->t_u32));
  } else {
    ASSIGN(g->pro, c, CAST(PRV(g->pnb), g->t_u32));
  }
  gcc_jit_block_add_assignment_op(g->after, NULL, AT(PRV(g->pg), ci(g, at)), GCC_JIT_BINARY_OP_PLUS, RV(c));
  g->chunk_ops += 3;
}

/* In a portfolio's last chunk, per sample j of the tile, when oq is not
 * NULL: oq[oqo + o * oqs + j] = Q(o, T-1) for every objective o (simir.h's
 * objq, each objective's statistics in sim.c), read as the greens read it:
 * a constant, its portfolio's variant, or the per-portfolio value. */
static void emit_tail_objq(G *g) {
  const SimModel *m = g->m;
  int T = g->T;
  if (m->nobjs == 0) return;
  gcc_jit_type *lt = g->t_long;
  gcc_jit_block *put = gcc_jit_function_new_block(g->fn, NULL), *cont = gcc_jit_function_new_block(g->fn, NULL);
  gcc_jit_block_end_with_conditional(g->blk, NULL, CMP(NE, PRV(g->poq), gcc_jit_context_null(CTX, g->p_dbl)), put, cont);
  g->blk = put;
  gcc_jit_rvalue *row = BIN(PLUS, lt, PRV(g->poqo), CAST(RV(g->jj), lt));
  for (int oi = 0; oi < m->nobjs; oi++) {
    Val v = v_node(g, &g->Q[(size_t)oi * T + T - 1], false);
    ASSIGN(g->blk, AT(PRV(g->poq), BIN(PLUS, lt, row, BIN(MULT, lt, cl(g, oi), PRV(g->poqs)))), rvof(g, v));
    g->chunk_ops++;
  }
  gcc_jit_block_end_with_jump(g->blk, NULL, cont);
  g->blk = cont;
}

/* the end of a portfolio's chunks, per sample: its score stored in order,
 * the greens of its per-portfolio objectives, and (interp_block's `all`)
 * whether every committed objective is green in the last period */
static void emit_tail(G *g) {
  const SimModel *m = g->m;
  int T = g->T;
  Val s = g->total.lvl == LP && !g->total.nvar ? compute_total(g) : v_node(g, &g->total, false);
  ASSIGN(g->blk, AT(PRV(g->psc), RV(g->jj)), rvof(g, s));
  emit_tail_objq(g);
  for (int oi = 0; oi < m->nobjs; oi++) {
    Node *q = &g->Q[(size_t)oi * T + T - 1];
    if (q->lvl != LP || q->nvar || !m->ohas[(size_t)oi * T + T - 1]) continue;
    lp_count(g, oi, CMP(GE, v_node(g, q, false).rv, cd(g, m->objs[oi].green_at)));
  }
  gcc_jit_rvalue *all = NULL;
  for (int oi = 0; oi < m->nobjs; oi++) {
    if (!sim_all_green_counts(m, oi)) continue;
    Val v = v_node(g, &g->Q[(size_t)oi * T + T - 1], false);
    double thr = m->objs[oi].green_at;
    if (v.lvl == LC) { if (!(v.c >= thr)) return; continue; }
    gcc_jit_rvalue *ge = CMP(GE, v.rv, cd(g, thr));
    all = all ? BIN(LOGICAL_AND, g->t_bool, all, ge) : ge;
  }
  lp_count(g, m->nobjs, all);
}

/* Draws every needed input of one kind in a loop over constant tables
 * (indices, and the six parameters as bit patterns: an initializer must
 * be integral), in a function of its own. */
static void emit_draw_loop(G *g, int kind, const bool *need_input) {
  const SimModel *m = g->m;
  int cnt = 0;
  for (int i = 0; i < m->ninputs; i++) cnt += need_input[i] && m->inputs[i].d.kind == kind;
  int *idx = xcalloc((size_t)cnt, sizeof(int));
  uint64_t *prm = xcalloc((size_t)cnt * 6, sizeof(uint64_t));
  int j = 0;
  for (int i = 0; i < m->ninputs; i++) {
    if (!need_input[i] || m->inputs[i].d.kind != kind) continue;
    const RtDist *d = &m->inputs[i].d;
    double v[6] = { d->a, d->b, d->c, d->d, d->e, d->f };
    idx[j] = i;
    memcpy(&prm[6 * j], v, sizeof v);
    j++;
  }
  char nm[32];
  snprintf(nm, sizeof nm, "bscc_draw_idx%d", kind);
  gcc_jit_lvalue *gi = gcc_jit_context_new_global(CTX, NULL, GCC_JIT_GLOBAL_INTERNAL,
                                                  gcc_jit_context_new_array_type(CTX, NULL, g->t_int, cnt), nm);
  gcc_jit_global_set_initializer(gi, idx, sizeof(int) * (size_t)cnt);
  snprintf(nm, sizeof nm, "bscc_draw_prm%d", kind);
  gcc_jit_lvalue *gp = gcc_jit_context_new_global(CTX, NULL, GCC_JIT_GLOBAL_INTERNAL,
                                                  gcc_jit_context_new_array_type(CTX, NULL, g->t_u64, 6 * cnt), nm);
  gcc_jit_global_set_initializer(gp, prm, sizeof(uint64_t) * 6 * (size_t)cnt);
  free(idx);
  free(prm);
  chunk_begin(g);
  gcc_jit_lvalue *i = gcc_jit_function_new_local(g->fn, NULL, g->t_int, "i"),
                 *k = gcc_jit_function_new_local(g->fn, NULL, g->t_int, "k");
  Loop L = loop_open(g, g->fn, &g->blk, i, ci(g, 0), ci(g, cnt));
  ASSIGN(g->blk, k, RV(AT(RV(gi), RV(i))));
  gcc_jit_rvalue *pr[6];
  for (int q = 0; q < 6; q++)
    pr[q] = gcc_jit_context_new_bitcast(CTX, NULL, RV(AT(RV(gp), BIN(PLUS, g->t_int, BIN(MULT, g->t_int, RV(i), ci(g, 6)), ci(g, q)))),
                                        g->t_dbl);
  ASSIGN(g->blk, AT(PRV(g->px), BIN(MULT, g->t_int, RV(k), ci(g, g->NB))),
         sample_call(g, kind, RV(AT(PRV(g->pk), RV(k))), PRV(g->pn), pr));
  loop_close(g, &L, &g->blk, ci(g, 1));
  g->chunk_ops = CHUNK_OPS;          /* what follows goes to a new function */
}

/* Each variant of a variant node (measure ki, objective oi or, both -1,
 * the scorecard), its funding fixed: per sample. */
static void emit_variants(G *g, Node *nd, int ki, int oi, int t) {
  for (int a = 0; a < nd->nvar; a++) {
    chunk_room(g);
    g->fix_dep = nd->dep;
    g->fix_on = var_on(nd->dep, a);
    if (ki >= 0) {
      keep(g, compute_meas(g, ki, t), node_cell(nd, false, a));
      if (g->m->meas[ki].kind != SK_NONE) keep(g, v_score(g, ki, t, v_node(g, nd, false)), node_cell(nd, true, a));
    } else {
      keep(g, oi >= 0 ? compute_obj(g, oi, t) : compute_total(g), node_cell(nd, false, a));
    }
  }
  g->fix_dep = g->fix_on = 0;
}

/* Emits the nodes of one level (LS: with the variants; LP) in the interpreter's order. */
static void emit_section(G *g, int lvl, const bool *need_input) {
  const SimModel *m = g->m;
  int T = g->T;
  g->section = lvl;
  g->emit = true;
  g->fn = NULL;
  chunk_begin(g);
  if (lvl == LS) {
    /* the draws of this sample: inline, parameters folded, for a kind
     * with few inputs; else one loop per kind over a constant table, so
     * that code size follows the kinds, not the inputs */
    for (int kind = DIST_NORMAL; kind <= DIST_BERNOULLI; kind++) {
      int cnt = 0;
      for (int i = 0; i < m->ninputs; i++) cnt += need_input[i] && m->inputs[i].d.kind == kind;
      if (cnt == 0) continue;
      if (cnt >= 3) { emit_draw_loop(g, kind, need_input); continue; }
      for (int i = 0; i < m->ninputs; i++) {
        const SimInput *in = &m->inputs[i];
        if (!need_input[i] || in->d.kind != kind) continue;
        chunk_room(g);
        gcc_jit_rvalue *prm[6] = { cd(g, in->d.a), cd(g, in->d.b), cd(g, in->d.c), cd(g, in->d.d), cd(g, in->d.e), cd(g, in->d.f) };
        gcc_jit_rvalue *key = RV(AT(PRV(g->pk), ci(g, i)));
        ASSIGN(g->blk, AT(PRV(g->px), ci(g, i * g->NB)), sample_call(g, in->d.kind, key, PRV(g->pn), prm));
        g->chunk_ops += sampler_cost(in->d.kind);
      }
    }
  }
  for (int t = 0; t < T; t++) {
    for (int i = 0; i < m->nmeas; i++) {
      int ki = m->meas_order[i];
      Node *nd = &g->V[(size_t)ki * T + t];
      if (!nd->need || m->src[(size_t)ki * T + t] != t) continue;   /* (carried: read where period src's is) */
      if (nd->nvar) { if (lvl == LS) emit_variants(g, nd, ki, -1, t); continue; }
      if (nd->lvl != lvl) continue;
      chunk_room(g);
      keep(g, compute_meas(g, ki, t), node_cell(nd, false, 0));
      if (m->meas[ki].kind != SK_NONE) keep(g, v_score(g, ki, t, v_node(g, nd, false)), node_cell(nd, true, 0));
    }
    for (int i = 0; i < m->nobjs; i++) {
      int oi = m->obj_order[i];
      Node *nd = &g->Q[(size_t)oi * T + t];
      if (!nd->need) continue;
      if (nd->nvar) { if (lvl == LS) emit_variants(g, nd, -1, oi, t); continue; }
      if (nd->lvl != lvl) continue;
      chunk_room(g);
      keep(g, compute_obj(g, oi, t), node_cell(nd, false, 0));
    }
  }
  if (lvl == LS) {
    /* the scorecard, when no portfolio changes it or as variants; the
     * greens counted once per sample (constant ones too) */
    if (g->total.nvar) emit_variants(g, &g->total, -1, -1, T - 1);
    else if (g->total.lvl == LS) { chunk_room(g); keep(g, compute_total(g), node_cell(&g->total, false, 0)); }
    for (int oi = 0; oi < m->nobjs; oi++) {
      Node *q = &g->Q[(size_t)oi * T + T - 1];
      if (q->lvl == LP && !q->nvar) continue;
      if (!m->ohas[(size_t)oi * T + T - 1]) continue;
      chunk_room(g);
      emit_green(g, oi, q);
    }
  } else {
    chunk_room(g);
    emit_tail(g);
  }
  chunk_end(g);
}

/* The block function of the specialised mode: per tile of NB samples,
 * the per-sample chunks for each sample, then for each portfolio its
 * chunks over the tile; the once-per-sample greens added at the end. */
static gcc_jit_rvalue *addr0(G *g, gcc_jit_lvalue *arr) { return gcc_jit_lvalue_get_address(AT(RV(arr), ci(g, 0)), NULL); }

static void gen_block_specialised(G *g) {
  const SimModel *m = g->m;
  gcc_jit_param *ps[9] = { par(g, g->p_void, "m"), par(g, g->p_cu8, "funded"), par(g, g->t_int, "nport"),
                           par(g, g->t_u64, "n0"), par(g, g->t_int, "ns"), par(g, g->p_cu64, "keys"),
                           par(g, g->p_dbl, "scores"), par(g, g->p_u32, "green"), par(g, g->p_dbl, "objq") };
  gcc_jit_function *f = fn_new(g, GCC_JIT_FUNCTION_EXPORTED, g->t_void, "bscc_block", 9, ps);
  gcc_jit_lvalue *cnt = gcc_jit_function_new_local(f, NULL, gcc_jit_context_new_array_type(CTX, NULL, g->t_u32, g->ncnt), "cnt");
  gcc_jit_lvalue *W = gcc_jit_function_new_local(f, NULL, g->p_dbl, "W"), *X = gcc_jit_function_new_local(f, NULL, g->p_dbl, "X");
  gcc_jit_lvalue *j = gcc_jit_function_new_local(f, NULL, g->t_int, "j"), *p = gcc_jit_function_new_local(f, NULL, g->t_int, "p"),
                 *o = gcc_jit_function_new_local(f, NULL, g->t_int, "o"), *n = gcc_jit_function_new_local(f, NULL, g->t_u64, "n"),
                 *j0 = gcc_jit_function_new_local(f, NULL, g->t_int, "j0"), *nb = gcc_jit_function_new_local(f, NULL, g->t_int, "nb");
  gcc_jit_block *b = gcc_jit_function_new_block(f, NULL);
  gcc_jit_rvalue *one = ci(g, 1);
  long cells = (long)(g->nslots + m->ninputs + 1) * g->NB;
  ASSIGN(b, W, CAST(call1(g, g->f_malloc, gcc_jit_context_new_rvalue_from_long(CTX, gcc_jit_context_get_type(CTX, GCC_JIT_TYPE_SIZE_T),
                                                                               cells * (long)sizeof(double))), g->p_dbl));
  {
    gcc_jit_block *oom = gcc_jit_function_new_block(f, NULL), *ok = gcc_jit_function_new_block(f, NULL);
    gcc_jit_block_end_with_conditional(b, NULL, CMP(EQ, RV(W), gcc_jit_context_null(CTX, g->p_dbl)), oom, ok);
    gcc_jit_block_add_eval(oom, NULL, CALL(g->f_abort, 0, NULL));
    gcc_jit_block_end_with_void_return(oom, NULL);
    b = ok;
  }
  ASSIGN(b, X, gcc_jit_lvalue_get_address(AT(RV(W), ci(g, g->nslots * g->NB)), NULL));
  Loop Lo = loop_open(g, f, &b, o, ci(g, 0), ci(g, g->ncnt));
  ASSIGN(b, AT(RV(cnt), RV(o)), gcc_jit_context_new_rvalue_from_int(CTX, g->t_u32, 0));
  loop_close(g, &Lo, &b, one);
  gcc_jit_rvalue *ca = addr0(g, cnt);
  Loop Lt = loop_open(g, f, &b, j0, ci(g, 0), PRV(ps[4]));
  {   /* nb = ns - j0 < NB ? ns - j0 : NB */
    ASSIGN(b, nb, BIN(MINUS, g->t_int, PRV(ps[4]), RV(j0)));
    gcc_jit_block *cap = gcc_jit_function_new_block(f, NULL), *go = gcc_jit_function_new_block(f, NULL);
    gcc_jit_block_end_with_conditional(b, NULL, CMP(GT, RV(nb), ci(g, g->NB)), cap, go);
    ASSIGN(cap, nb, ci(g, g->NB));
    gcc_jit_block_end_with_jump(cap, NULL, go);
    b = go;
  }
  Loop Lj = loop_open(g, f, &b, j, ci(g, 0), RV(nb));
  ASSIGN(b, n, BIN(PLUS, g->t_u64, PRV(ps[3]), CAST(BIN(PLUS, g->t_int, RV(j0), RV(j)), g->t_u64)));
  gcc_jit_rvalue *xj = gcc_jit_lvalue_get_address(AT(RV(X), RV(j)), NULL), *wj = gcc_jit_lvalue_get_address(AT(RV(W), RV(j)), NULL);
  for (int i = 0; i < g->nchunks[LS]; i++) {
    gcc_jit_rvalue *args[CHUNK_ARGS] = { PRV(ps[5]), RV(n), xj, wj, PRV(ps[1]), ca, RV(nb), PRV(ps[6]),
                                         gcc_jit_context_null(CTX, g->p_dbl), cl(g, 0), cl(g, 0) };
    gcc_jit_block_add_eval(b, NULL, CALL(g->chunks[LS][i], CHUNK_ARGS, args));
  }
  loop_close(g, &Lj, &b, one);
  long G_ = sim_green_stride(m);
  Loop Lp = loop_open(g, f, &b, p, ci(g, 0), PRV(ps[2]));
  gcc_jit_rvalue *pl = CAST(RV(p), g->t_long);
  gcc_jit_rvalue *fp = gcc_jit_lvalue_get_address(AT(PRV(ps[1]), BIN(MULT, g->t_long, pl, cl(g, m->ninits))), NULL);
  gcc_jit_rvalue *gp = gcc_jit_lvalue_get_address(AT(PRV(ps[7]), BIN(MULT, g->t_long, pl, cl(g, G_))), NULL);
  gcc_jit_rvalue *sp = gcc_jit_lvalue_get_address(
    AT(PRV(ps[6]), BIN(PLUS, g->t_long, BIN(MULT, g->t_long, pl, CAST(PRV(ps[4]), g->t_long)), CAST(RV(j0), g->t_long))), NULL);
  /* objq[(p * nobjs + o) * ns + j0 + j]: offset p * nobjs * ns + j0, stride ns */
  gcc_jit_rvalue *nsl = CAST(PRV(ps[4]), g->t_long);
  gcc_jit_rvalue *oqo = BIN(PLUS, g->t_long, BIN(MULT, g->t_long, BIN(MULT, g->t_long, pl, cl(g, m->nobjs)), nsl), CAST(RV(j0), g->t_long));
  for (int i = 0; i < g->nchunks[LP]; i++) {
    gcc_jit_rvalue *args[CHUNK_ARGS] = { PRV(ps[5]), PRV(ps[3]), RV(X), RV(W), fp, gp, RV(nb), sp, PRV(ps[8]), oqo, nsl };
    gcc_jit_block_add_eval(b, NULL, CALL(g->chunks[LP][i], CHUNK_ARGS, args));
  }
  loop_close(g, &Lp, &b, one);
  loop_close(g, &Lt, &b, ci(g, g->NB));
  /* green[p * (nobjs + 1) + o] += cnt[o]; a variant objective's: its portfolio's variant's */
  Loop Lp2 = loop_open(g, f, &b, p, ci(g, 0), PRV(ps[2]));
  pl = CAST(RV(p), g->t_long);
  for (int oi = 0; oi < m->nobjs; oi++) {
    const Node *q = &g->Q[(size_t)oi * g->T + g->T - 1];
    if (!q->nvar || !m->ohas[(size_t)oi * g->T + g->T - 1]) continue;
    gcc_jit_rvalue *e = ci(g, q->cbase);
    int k = 0;
    for (uint64_t d = q->dep; d; d &= d - 1, k++) {
      gcc_jit_rvalue *fi = RV(AT(PRV(ps[1]), BIN(PLUS, g->t_long, BIN(MULT, g->t_long, pl, cl(g, m->ninits)), cl(g, __builtin_ctzll(d)))));
      gcc_jit_rvalue *on = CAST(CMP(NE, fi, gcc_jit_context_new_rvalue_from_int(CTX, g->t_u8, 0)), g->t_int);
      e = BIN(PLUS, g->t_int, e, BIN(LSHIFT, g->t_int, on, ci(g, k)));
    }
    gcc_jit_block_add_assignment_op(b, NULL, AT(PRV(ps[7]), BIN(PLUS, g->t_long, BIN(MULT, g->t_long, pl, cl(g, G_)), cl(g, oi))),
                                    GCC_JIT_BINARY_OP_PLUS, RV(AT(RV(cnt), e)));
  }
  Loop Lo2 = loop_open(g, f, &b, o, ci(g, 0), ci(g, m->nobjs));
  gcc_jit_block_add_assignment_op(b, NULL,
    AT(PRV(ps[7]), BIN(PLUS, g->t_long, BIN(MULT, g->t_long, CAST(RV(p), g->t_long), cl(g, G_)), CAST(RV(o), g->t_long))),
    GCC_JIT_BINARY_OP_PLUS, RV(AT(RV(cnt), RV(o))));
  loop_close(g, &Lo2, &b, one);
  loop_close(g, &Lp2, &b, one);
  gcc_jit_block_add_eval(b, NULL, call1(g, g->f_free, CAST(RV(W), g->p_void)));
  gcc_jit_block_end_with_void_return(b, NULL);
}

static void gen_specialised(G *g, const bool *need_input) {
  const SimModel *m = g->m;
  int T = g->T;
  analyse_variants(g);
  /* W cells for every value computed at run time (a variant node: one per variant) */
  int slot = 0;
  for (size_t i = 0; i < (size_t)m->nmeas * T; i++) {
    Node *nd = &g->V[i];
    if (nd->need && nd->lvl != LC && m->src[i] == (int)(i % (size_t)T)) { nd->slot = slot; slot += 2 * (nd->nvar ? nd->nvar : 1); }
  }
  for (size_t i = 0; i < (size_t)m->nobjs * T; i++)
    if (g->Q[i].need && g->Q[i].lvl != LC) { g->Q[i].slot = slot; slot += g->Q[i].nvar ? g->Q[i].nvar : 1; }
  g->total.slot = slot;
  slot += g->total.nvar ? g->total.nvar : 1;
  g->nslots = slot;
  g->ncnt = m->nobjs + 1;
  for (int oi = 0; oi < m->nobjs; oi++) {
    Node *q = &g->Q[(size_t)oi * T + T - 1];
    if (q->nvar) { q->cbase = g->ncnt; g->ncnt += q->nvar; }
  }
  /* a tile of at most 128 samples (bscc sim's block), W within 1 MiB */
  g->NB = 128;
  while (g->NB > 8 && (long)(g->nslots + m->ninputs + 1) * g->NB * (long)sizeof(double) > (1L << 20)) g->NB /= 2;
  g->cell = xcalloc((size_t)g->nslots + 1, sizeof(Cell));
  g->f_loc = xcalloc((size_t)m->ninits + 1, sizeof(gcc_jit_lvalue *));
  g->f_chunk = xcalloc((size_t)m->ninits + 1, sizeof(int));
  emit_section(g, LS, need_input);
  emit_section(g, LP, need_input);
  /* the store blocks, now that every read is known */
  for (int i = 1; i <= g->chunk_id; i++) {
    Chunk *k = &g->ck[i];
    if (!k->st) continue;
    if (k->inc) gcc_jit_block_end_with_jump(k->st, NULL, k->inc);
    else gcc_jit_block_end_with_void_return(k->st, NULL);
  }
  gen_block_specialised(g);
  free(g->cell);
  free(g->f_loc);
  free(g->f_chunk);
  free(g->ck);
  g->cell = NULL;
  g->ck = NULL;
}

/* ------------------------------------------------------------------ */
/* looped mode: parameter tables and loops grouped by shape             */

/* Table layout: ints I[] and doubles D[], sections at fixed offsets that
 * the generated code has as constants.  Built from the model both when
 * generating the code and when loading it from the cache. */
typedef struct Layout {
  /* per measure */
  long m_input, m_effirst, m_effcount, m_kind, m_ffirst, m_fcount;       /* I */
  long m_nfix, m_fixfirst;                                                      /* I */
  long m_base, m_span, m_x, m_outcome, m_weight, m_from, fixed;                 /* D */
  long m_src, ob_has; long m_path, ob_green;   /* the plan table: I [nmeas * T], [nobjs * T]; D */
  long ob_commit;            /* I [nobjs]: sim_all_green_counts */
  long m_segf, m_segn, seg_lin; long seg_d;    /* SK_SEG rows: I [nmeas * T]; segments: I lin, D lo c x dp dx */
  /* effects */
  long e_init, e_input, e_at, e_rel; long e_value;
  /* ops */
  long o_op, o_n; long o_c;
  long o_back;               /* FOP_PREV: periods back (I) */
  /* objectives */
  long ob_order, ob_krf, ob_krc, ob_chf, ob_chc, ob_lf, ob_lc; long ob_weight;
  long kr_list, child_list, persp_objs; long child_w;
  long l_src, l_lag; long l_str, qref;
  long e_lagin, l_in, l_lagin;   /* drawn lags and strengths: input indices or -1 (I) */
  long ps_first, ps_count; long ps_weight;
  /* inputs by kind: indices; params [6] per entry */
  long in_idx[DIST_BERNOULLI + 1], in_cnt[DIST_BERNOULLI + 1]; long in_prm[DIST_BERNOULLI + 1];
  /* measure groups: indices, those the same for every portfolio of a
   * sample first (g_split of them), then those a funded initiative can
   * change; formula measures and objectives likewise */
  int ngroups;
  int gkey[64]; long g_first[64], g_cnt[64], g_split[64];
  long fm_list, fm_cnt, fm_split;   /* formula measures in meas_order */
  long ob_split;             /* objectives of ob_order per sample */
  long nI, nD;
  int depth;
} Layout;

/* Which measures and objectives a funded initiative can change (pm[k],
 * po[o] set): a measure with effects, a formula that loads one, and every
 * objective that reads one through its KRs, its children or its links'
 * sources, transitively.  The rest is the same for every portfolio of a
 * sample, so the looped code computes it once per sample.  A worklist over
 * the reverse edges (child -> parent, cause -> effect) reaches lagged
 * links that run against obj_order too. */
static void portfolio_level(const SimModel *m, unsigned char *pm, unsigned char *po) {
  for (int i = 0; i < m->nmeas; i++) {      /* formulas load what is before them */
    int ki = m->meas_order[i];
    const SimMeasure *k = &m->meas[ki];
    pm[ki] = k->eff_count > 0;
    if (k->formula < 0) continue;
    const SimFormula *f = &m->forms[k->formula];
    for (int j = f->first; j < f->first + f->count; j++)
      if ((m->ops[j].op == FOP_LOAD || m->ops[j].op == FOP_PREV) && pm[m->ops[j].n]) pm[ki] = 1;
  }
  int no = m->nobjs;
  /* dependents of objective c: dep[start[c] .. start[c + 1]) */
  int *start = xcalloc((size_t)no + 1, sizeof(int)), *fill = xcalloc((size_t)no + 1, sizeof(int));
  for (int o = 0; o < no; o++) {
    const SimObj *ob = &m->objs[o];
    for (int j = ob->child_first; j < ob->child_first + ob->child_count; j++) start[m->child_list[j] + 1]++;
    for (int j = ob->link_first; j < ob->link_first + ob->link_count; j++) start[m->links[j].src + 1]++;
  }
  for (int o = 0; o < no; o++) start[o + 1] += start[o];
  int *dep = xcalloc((size_t)start[no] + 1, sizeof(int)), *stack = xcalloc((size_t)no + 1, sizeof(int));
  memcpy(fill, start, sizeof(int) * (size_t)no);
  for (int o = 0; o < no; o++) {
    const SimObj *ob = &m->objs[o];
    for (int j = ob->child_first; j < ob->child_first + ob->child_count; j++) dep[fill[m->child_list[j]]++] = o;
    for (int j = ob->link_first; j < ob->link_first + ob->link_count; j++) dep[fill[m->links[j].src]++] = o;
  }
  int top = 0;
  for (int o = 0; o < no; o++) {
    const SimObj *ob = &m->objs[o];
    po[o] = 0;
    for (int j = ob->kr_first; j < ob->kr_first + ob->kr_count; j++)
      if (pm[m->kr_list[j]]) po[o] = 1;
    if (po[o]) stack[top++] = o;
  }
  while (top > 0) {           /* each objective is pushed once: stack never overflows */
    int c = stack[--top];
    for (int e = start[c]; e < start[c + 1]; e++)
      if (!po[dep[e]]) { po[dep[e]] = 1; stack[top++] = dep[e]; }
  }
  free(start);
  free(fill);
  free(dep);
  free(stack);
}

/* group key of a non-formula measure: score kind, follows a line, uses an input */
static int meas_key(const SimMeasure *k) { return k->kind * 4 + (k->ramp ? 2 : 0) + (k->input >= 0 ? 1 : 0); }

static void layout_build(const SimModel *m, Layout *L, int **Iout, double **Dout) {
  memset(L, 0, sizeof *L);
  long ni = 0, nd = 0;
#define SEC_I(f, n) (L->f = ni, ni += (n))
#define SEC_D(f, n) (L->f = nd, nd += (n))
  int nm = m->nmeas;
  SEC_I(m_input, nm); SEC_I(m_effirst, nm); SEC_I(m_effcount, nm); SEC_I(m_kind, nm);
  SEC_I(m_ffirst, nm); SEC_I(m_fcount, nm); SEC_I(m_nfix, nm); SEC_I(m_fixfirst, nm);
  SEC_D(m_base, nm); SEC_D(m_span, nm); SEC_D(m_x, nm); SEC_D(m_outcome, nm); SEC_D(m_weight, nm);
  SEC_D(m_from, nm); SEC_D(fixed, m->nfixed);
  SEC_I(m_src, (long)nm * m->T); SEC_D(m_path, (long)nm * m->T);
  SEC_I(m_segf, (long)nm * m->T); SEC_I(m_segn, (long)nm * m->T); SEC_I(seg_lin, m->nsegs); SEC_D(seg_d, 5L * m->nsegs);
  SEC_I(e_init, m->neffs); SEC_I(e_input, m->neffs); SEC_I(e_at, m->neffs); SEC_I(e_rel, m->neffs); SEC_D(e_value, m->neffs);
  SEC_I(o_op, m->nops); SEC_I(o_n, m->nops); SEC_D(o_c, m->nops);
  SEC_I(o_back, m->nops);
  int no = m->nobjs;
  SEC_I(ob_order, no); SEC_I(ob_krf, no); SEC_I(ob_krc, no); SEC_I(ob_chf, no); SEC_I(ob_chc, no); SEC_I(ob_lf, no);
  SEC_I(ob_lc, no); SEC_D(ob_weight, no);
  SEC_I(ob_has, (long)no * m->T); SEC_D(ob_green, no); SEC_I(ob_commit, no);
  SEC_I(kr_list, m->nkr_list); SEC_I(child_list, m->nchild_list); SEC_I(persp_objs, m->npersp_objs);
  SEC_D(child_w, m->nchild_list);
  SEC_I(l_src, m->nlinks); SEC_I(l_lag, m->nlinks); SEC_D(l_str, m->nlinks);
  SEC_D(qref, m->qref ? (long)m->nobjs * m->T : 0);
  SEC_I(e_lagin, m->neffs); SEC_I(l_in, m->nlinks); SEC_I(l_lagin, m->nlinks);
  SEC_I(ps_first, m->npersps); SEC_I(ps_count, m->npersps); SEC_D(ps_weight, m->npersps);
  int cnt[DIST_BERNOULLI + 1] = {0};
  for (int i = 0; i < m->ninputs; i++) cnt[m->inputs[i].d.kind]++;
  for (int k = 0; k <= DIST_BERNOULLI; k++) { L->in_cnt[k] = cnt[k]; SEC_I(in_idx[k], cnt[k]); SEC_D(in_prm[k], 6L * cnt[k]); }
  unsigned char *pm = xcalloc((size_t)nm + 1, 1), *po = xcalloc((size_t)no + 1, 1);
  portfolio_level(m, pm, po);
  int gcount[64] = {0}, gsample[64] = {0};
  long nf = 0, nfs = 0;
  for (int i = 0; i < nm; i++) {
    const SimMeasure *k = &m->meas[i];
    if (k->formula >= 0) { nf++; nfs += !pm[i]; }
    else { gcount[meas_key(k)]++; gsample[meas_key(k)] += !pm[i]; }
  }
  for (int key = 0; key < 64; key++) {
    if (!gcount[key]) continue;
    int gi = L->ngroups++;
    L->gkey[gi] = key;
    L->g_cnt[gi] = gcount[key];
    L->g_split[gi] = gsample[key];
    SEC_I(g_first[gi], gcount[key]);
  }
  L->fm_cnt = nf;
  L->fm_split = nfs;
  SEC_I(fm_list, nf);
  for (int i = 0; i < no; i++) L->ob_split += !po[i];
  L->nI = ni;
  L->nD = nd;
  L->depth = 1;
  for (int i = 0; i < m->nforms; i++) if (m->forms[i].depth > L->depth) L->depth = m->forms[i].depth;
  if (!Iout) { free(pm); free(po); return; }
  int *I = xcalloc((size_t)ni + 1, sizeof(int));
  double *D = xcalloc((size_t)nd + 1, sizeof(double));
  for (int i = 0; i < nm; i++) {
    const SimMeasure *k = &m->meas[i];
    I[L->m_input + i] = k->input; I[L->m_effirst + i] = k->eff_first;
    I[L->m_effcount + i] = k->eff_count; I[L->m_kind + i] = k->kind;
    I[L->m_ffirst + i] = k->formula >= 0 ? m->forms[k->formula].first : 0;
    I[L->m_fcount + i] = k->formula >= 0 ? m->forms[k->formula].count : 0;
    D[L->m_base + i] = k->base; D[L->m_span + i] = k->span; D[L->m_x + i] = k->x;
    D[L->m_outcome + i] = k->outcome; D[L->m_weight + i] = k->weight;
    I[L->m_nfix + i] = k->nfix; I[L->m_fixfirst + i] = k->fix_first;
    D[L->m_from + i] = k->from;
  }
  for (int i = 0; i < m->nfixed; i++) D[L->fixed + i] = m->fixed[i];
  for (long i = 0; i < (long)nm * m->T; i++) { I[L->m_src + i] = m->src[i]; D[L->m_path + i] = m->path[i]; }
  for (long i = 0; i < (long)nm * m->T; i++) { I[L->m_segf + i] = m->seg_first[i]; I[L->m_segn + i] = m->seg_n[i]; }
  for (int i = 0; i < m->nsegs; i++) {
    const SimSeg *sg = &m->segs[i];
    I[L->seg_lin + i] = sg->lin;
    double *q = &D[L->seg_d + 5L * i];
    q[0] = sg->lo; q[1] = sg->c; q[2] = sg->x; q[3] = sg->dp; q[4] = sg->dx;
  }
  for (long i = 0; i < (long)no * m->T; i++) I[L->ob_has + i] = m->ohas[i];
  for (int i = 0; i < no; i++) D[L->ob_green + i] = m->objs[i].green_at;
  for (int i = 0; i < no; i++) I[L->ob_commit + i] = sim_all_green_counts(m, i);
  for (int i = 0; i < m->neffs; i++) {
    const SimEffect *e = &m->effs[i];
    I[L->e_init + i] = e->init; I[L->e_input + i] = e->input; I[L->e_at + i] = e->at; I[L->e_rel + i] = e->relative;
    D[L->e_value + i] = e->value;
  }
  for (int i = 0; i < m->nops; i++) { I[L->o_op + i] = m->ops[i].op; I[L->o_n + i] = m->ops[i].n; D[L->o_c + i] = m->ops[i].c; }
  for (int i = 0; i < m->nops; i++) I[L->o_back + i] = m->ops[i].back;
  for (int i = 0; i < no; i++) {
    const SimObj *o = &m->objs[i];
    I[L->ob_krf + i] = o->kr_first; I[L->ob_krc + i] = o->kr_count; I[L->ob_chf + i] = o->child_first;
    I[L->ob_chc + i] = o->child_count; I[L->ob_lf + i] = o->link_first; I[L->ob_lc + i] = o->link_count;
    D[L->ob_weight + i] = o->weight;
  }
  for (int i = 0; i < m->nkr_list; i++) I[L->kr_list + i] = m->kr_list[i];
  for (int i = 0; i < m->nchild_list; i++) I[L->child_list + i] = m->child_list[i];
  for (int i = 0; i < m->nchild_list; i++) D[L->child_w + i] = m->child_w[i];
  for (int i = 0; i < m->npersp_objs; i++) I[L->persp_objs + i] = m->persp_objs[i];
  for (int i = 0; i < m->nlinks; i++) { I[L->l_src + i] = m->links[i].src; I[L->l_lag + i] = m->links[i].lag; D[L->l_str + i] = m->links[i].strength; }
  for (long i = 0; m->qref && i < (long)m->nobjs * m->T; i++) D[L->qref + i] = m->qref[i];
  for (int i = 0; i < m->neffs; i++) I[L->e_lagin + i] = m->effs[i].lag_input;
  for (int i = 0; i < m->nlinks; i++) { I[L->l_in + i] = m->links[i].input; I[L->l_lagin + i] = m->links[i].lag_input; }
  for (int i = 0; i < m->npersps; i++) {
    I[L->ps_first + i] = m->persps[i].obj_first; I[L->ps_count + i] = m->persps[i].obj_count; D[L->ps_weight + i] = m->persps[i].weight;
  }
  int fill[DIST_BERNOULLI + 1] = {0};
  for (int i = 0; i < m->ninputs; i++) {
    const RtDist *d = &m->inputs[i].d;
    int k = d->kind, j = fill[k]++;
    I[L->in_idx[k] + j] = i;
    double *pp = &D[L->in_prm[k] + 6L * j];
    pp[0] = d->a; pp[1] = d->b; pp[2] = d->c; pp[3] = d->d; pp[4] = d->e; pp[5] = d->f;
  }
  /* each list: the per-sample entries, then the per-portfolio ones, each
   * part in the order of evaluation */
  long of = 0, ff = 0;
  int gfill[64] = {0};
  for (int part = 0; part < 2; part++) {
    for (int i = 0; i < no; i++)
      if (po[m->obj_order[i]] == part) I[L->ob_order + of++] = m->obj_order[i];
    for (int i = 0; i < nm; i++) {
      int ki = m->meas_order[i];
      if (m->meas[ki].formula >= 0 && pm[ki] == part) I[L->fm_list + ff++] = ki;
    }
    for (int ki = 0; ki < nm; ki++) {
      const SimMeasure *k = &m->meas[ki];
      if (k->formula >= 0 || pm[ki] != part) continue;
      int key = meas_key(k);
      for (int gi = 0; gi < L->ngroups; gi++)
        if (L->gkey[gi] == key) { I[L->g_first[gi] + gfill[gi]++] = ki; break; }
    }
  }
  free(pm);
  free(po);
  *Iout = I;
  *Dout = D;
}

typedef struct LG {          /* looped-mode generation state */
  G *g;
  Layout L;
  gcc_jit_lvalue *gI, *gD;   /* the exported table pointers */
  gcc_jit_function *f_score, *f_effects, *f_formula, *f_seg;
} LG;

static gcc_jit_rvalue *Iat(LG *lg, long off, gcc_jit_rvalue *idx) {
  G *g = lg->g;
  return RV(AT(RV(lg->gI), BIN(PLUS, g->t_long, cl(g, off), CAST(idx, g->t_long))));
}
static gcc_jit_rvalue *Dat(LG *lg, long off, gcc_jit_rvalue *idx) {
  G *g = lg->g;
  return RV(AT(RV(lg->gD), BIN(PLUS, g->t_long, cl(g, off), CAST(idx, g->t_long))));
}

/* seg(first, n, v): sim_seg_score over the segments first .. first + n
 * of the table, from the last down */
static void gen_seg(LG *lg) {
  G *g = lg->g;
  gcc_jit_type *d = g->t_dbl, *I = g->t_int;
  gcc_jit_param *p[3] = { par(g, I, "first"), par(g, I, "n"), par(g, d, "v") };
  gcc_jit_function *f = lg->f_seg = fn_new(g, GCC_JIT_FUNCTION_INTERNAL, d, "bscc_seg", 3, p);
  gcc_jit_lvalue *j = gcc_jit_function_new_local(f, NULL, I, "j");
  gcc_jit_rvalue *v = PRV(p[2]);
  gcc_jit_block *b = gcc_jit_function_new_block(f, NULL), *cond = gcc_jit_function_new_block(f, NULL),
                *body = gcc_jit_function_new_block(f, NULL), *hit = gcc_jit_function_new_block(f, NULL),
                *lin = gcc_jit_function_new_block(f, NULL), *cst = gcc_jit_function_new_block(f, NULL),
                *next = gcc_jit_function_new_block(f, NULL), *none = gcc_jit_function_new_block(f, NULL);
  ASSIGN(b, j, BIN(MINUS, I, BIN(PLUS, I, PRV(p[0]), PRV(p[1])), ci(g, 1)));
  gcc_jit_block_end_with_jump(b, NULL, cond);
  gcc_jit_block_end_with_conditional(cond, NULL, CMP(GE, RV(j), PRV(p[0])), body, none);
  gcc_jit_rvalue *j5 = BIN(MULT, I, RV(j), ci(g, 5));
  gcc_jit_block_end_with_conditional(body, NULL, CMP(GE, v, Dat(lg, lg->L.seg_d, j5)), hit, next);
  gcc_jit_block_end_with_conditional(hit, NULL, CMP(NE, Iat(lg, lg->L.seg_lin, RV(j)), ci(g, 0)), lin, cst);
  gcc_jit_rvalue *c = Dat(lg, lg->L.seg_d, BIN(PLUS, I, j5, ci(g, 1))), *x = Dat(lg, lg->L.seg_d, BIN(PLUS, I, j5, ci(g, 2))),
                 *dp = Dat(lg, lg->L.seg_d, BIN(PLUS, I, j5, ci(g, 3))), *dx = Dat(lg, lg->L.seg_d, BIN(PLUS, I, j5, ci(g, 4)));
  gcc_jit_block_end_with_return(lin, NULL,
    BIN(DIVIDE, d, BIN(PLUS, d, c, BIN(DIVIDE, d, BIN(MULT, d, dp, BIN(MINUS, d, v, x)), dx)), cd(g, 10.0)));
  gcc_jit_block_end_with_return(cst, NULL, Dat(lg, lg->L.seg_d, BIN(PLUS, I, j5, ci(g, 1))));
  gcc_jit_block_add_assignment_op(next, NULL, j, GCC_JIT_BINARY_OP_MINUS, ci(g, 1));
  gcc_jit_block_end_with_jump(next, NULL, cond);
  gcc_jit_block_end_with_return(none, NULL, cd(g, 0.0));
}

/* the segment row of measure k in period t, scored for v */
static gcc_jit_rvalue *seg_call(LG *lg, gcc_jit_rvalue *k, gcc_jit_rvalue *t, gcc_jit_rvalue *v) {
  G *g = lg->g;
  gcc_jit_type *I = g->t_int;
  gcc_jit_rvalue *at = BIN(PLUS, I, BIN(MULT, I, k, ci(g, g->m->T)), t);
  gcc_jit_rvalue *args[3] = { Iat(lg, lg->L.m_segf, at), Iat(lg, lg->L.m_segn, BIN(PLUS, I, BIN(MULT, I, k, ci(g, g->m->T)), t)), v };
  return CALL(lg->f_seg, 3, args);
}

/* score(kind, v, k, t) with a switch on the kind (formula measures) */
static void gen_score_generic(LG *lg) {
  G *g = lg->g;
  gcc_jit_param *p[4] = { par(g, g->t_int, "kind"), par(g, g->t_dbl, "v"), par(g, g->t_int, "k"), par(g, g->t_int, "t") };
  gcc_jit_function *f = lg->f_score = fn_new(g, GCC_JIT_FUNCTION_INTERNAL, g->t_dbl, "bscc_score", 4, p);
  gcc_jit_block *b = gcc_jit_function_new_block(f, NULL), *dflt = gcc_jit_function_new_block(f, NULL);
  gcc_jit_rvalue *v = PRV(p[1]), *k = PRV(p[2]);
  gcc_jit_case *cases[SK_SEG + 1];
  gcc_jit_rvalue *X = Dat(lg, lg->L.m_x, k);
  for (int kind = SK_NONE; kind <= SK_SEG; kind++) {
    gcc_jit_block *cb = gcc_jit_function_new_block(f, NULL);
    gcc_jit_rvalue *r = NULL;
    switch (kind) {
    case SK_NONE: r = cd(g, 0.0); break;
    case SK_LINEAR: r = call1(g, g->f_clamp, BIN(DIVIDE, g->t_dbl, BIN(MINUS, g->t_dbl, v, Dat(lg, lg->L.m_base, k)), Dat(lg, lg->L.m_span, k))); break;
    case SK_GE: r = CAST(CAST(CMP(GE, v, X), g->t_int), g->t_dbl); break;
    case SK_GT: r = CAST(CAST(CMP(GT, v, X), g->t_int), g->t_dbl); break;
    case SK_LE: r = CAST(CAST(CMP(LE, v, X), g->t_int), g->t_dbl); break;
    case SK_LT: r = CAST(CAST(CMP(LT, v, X), g->t_int), g->t_dbl); break;
    case SK_MILESTONE: r = call1(g, g->f_clamp, BIN(DIVIDE, g->t_dbl, v, X)); break;
    case SK_SEG: r = seg_call(lg, k, PRV(p[3]), v); break;
    }
    gcc_jit_block_end_with_return(cb, NULL, r);
    cases[kind] = gcc_jit_context_new_case(CTX, ci(g, kind), ci(g, kind), cb);
  }
  gcc_jit_block_end_with_return(dflt, NULL, cd(g, 0.0));
  gcc_jit_block_end_with_switch(b, NULL, PRV(p[0]), dflt, SK_SEG + 1, cases);
}

/* val after the effects of measure k in period t (always inline) */
static void gen_effects(LG *lg) {
  G *g = lg->g;
  gcc_jit_param *p[6] = { par(g, g->t_dbl, "val0"), par(g, g->t_int, "k"), par(g, g->t_int, "t"),
                          par(g, g->p_dbl, "x"), par(g, g->p_cu8, "f"), par(g, g->t_dbl, "base") };
  gcc_jit_function *f = lg->f_effects = fn_new(g, GCC_JIT_FUNCTION_ALWAYS_INLINE, g->t_dbl, "bscc_effects", 6, p);
  gcc_jit_lvalue *val = gcc_jit_function_new_local(f, NULL, g->t_dbl, "val"), *e = gcc_jit_function_new_local(f, NULL, g->t_int, "e"),
                 *end = gcc_jit_function_new_local(f, NULL, g->t_int, "end"), *sh = gcc_jit_function_new_local(f, NULL, g->t_dbl, "sh"),
                 *in = gcc_jit_function_new_local(f, NULL, g->t_int, "in");
  gcc_jit_block *b = gcc_jit_function_new_block(f, NULL);
  ASSIGN(b, val, PRV(p[0]));
  ASSIGN(b, end, BIN(PLUS, g->t_int, Iat(lg, lg->L.m_effirst, PRV(p[1])), Iat(lg, lg->L.m_effcount, PRV(p[1]))));
  Loop Le = loop_open(g, f, &b, e, Iat(lg, lg->L.m_effirst, PRV(p[1])), RV(end));
  gcc_jit_block *on = gcc_jit_function_new_block(f, NULL), *skip = gcc_jit_function_new_block(f, NULL),
                *fromx = gcc_jit_function_new_block(f, NULL), *fromc = gcc_jit_function_new_block(f, NULL),
                *got = gcc_jit_function_new_block(f, NULL), *rel = gcc_jit_function_new_block(f, NULL),
                *abs_ = gcc_jit_function_new_block(f, NULL), *chk = gcc_jit_function_new_block(f, NULL);
  /* if (!funded[init] || at > t) continue */
  gcc_jit_block_end_with_conditional(b, NULL, CMP(EQ, CAST(RV(AT(PRV(p[4]), Iat(lg, lg->L.e_init, RV(e)))), g->t_int), ci(g, 0)), skip, chk);
  gcc_jit_block *dl = gcc_jit_function_new_block(f, NULL), *dlx = gcc_jit_function_new_block(f, NULL);
  gcc_jit_block_end_with_conditional(chk, NULL, CMP(GT, Iat(lg, lg->L.e_at, RV(e)), PRV(p[2])), skip, dl);
  /* a drawn lag: skip while x[lag] > t - decided (interp_eval) */
  ASSIGN(dl, in, Iat(lg, lg->L.e_lagin, RV(e)));
  gcc_jit_block_end_with_conditional(dl, NULL, CMP(GE, RV(in), ci(g, 0)), dlx, on);
  gcc_jit_block_end_with_conditional(dlx, NULL, CMP(GT, RV(AT(PRV(p[3]), RV(in))),
                                                    CAST(BIN(MINUS, g->t_int, PRV(p[2]), ci(g, g->m->decided)), g->t_dbl)), skip, on);
  ASSIGN(on, in, Iat(lg, lg->L.e_input, RV(e)));
  gcc_jit_block_end_with_conditional(on, NULL, CMP(GE, RV(in), ci(g, 0)), fromx, fromc);
  ASSIGN(fromx, sh, RV(AT(PRV(p[3]), RV(in))));
  gcc_jit_block_end_with_jump(fromx, NULL, got);
  ASSIGN(fromc, sh, Dat(lg, lg->L.e_value, RV(e)));
  gcc_jit_block_end_with_jump(fromc, NULL, got);
  gcc_jit_block_end_with_conditional(got, NULL, CMP(NE, Iat(lg, lg->L.e_rel, RV(e)), ci(g, 0)), rel, abs_);
  ASSIGN(rel, val, BIN(PLUS, g->t_dbl, RV(val), BIN(MULT, g->t_dbl, RV(sh), PRV(p[5]))));
  gcc_jit_block_end_with_jump(rel, NULL, skip);
  ASSIGN(abs_, val, BIN(PLUS, g->t_dbl, RV(val), RV(sh)));
  gcc_jit_block_end_with_jump(abs_, NULL, skip);
  b = skip;
  loop_close(g, &Le, &b, ci(g, 1));
  gcc_jit_block_end_with_return(b, NULL, RV(val));
}

/* the formula of measure k over v[], with stack st[] (a small interpreter
 * of the op table: formulas are data here, not code) */
static void gen_formula(LG *lg) {
  G *g = lg->g;
  gcc_jit_type *d = g->t_dbl, *I = g->t_int;
  gcc_jit_param *p[3] = { par(g, I, "k"), par(g, g->p_dbl, "v"), par(g, g->p_dbl, "st") };
  gcc_jit_function *f = lg->f_formula = fn_new(g, GCC_JIT_FUNCTION_INTERNAL, d, "bscc_formula", 3, p);
  gcc_jit_lvalue *i = gcc_jit_function_new_local(f, NULL, I, "i"), *end = gcc_jit_function_new_local(f, NULL, I, "end"),
                 *sp = gcc_jit_function_new_local(f, NULL, I, "sp"), *base = gcc_jit_function_new_local(f, NULL, I, "base"),
                 *acc = gcc_jit_function_new_local(f, NULL, d, "acc"), *jj = gcc_jit_function_new_local(f, NULL, I, "jj"),
                 *y = gcc_jit_function_new_local(f, NULL, d, "y"), *nn = gcc_jit_function_new_local(f, NULL, I, "nn"),
                 *opk = gcc_jit_function_new_local(f, NULL, I, "opk");
  gcc_jit_rvalue *st = PRV(p[2]), *k = PRV(p[0]);
  gcc_jit_block *b = gcc_jit_function_new_block(f, NULL);
  ASSIGN(b, sp, ci(g, 0));
  ASSIGN(b, end, BIN(PLUS, I, Iat(lg, lg->L.m_ffirst, k), Iat(lg, lg->L.m_fcount, k)));
  Loop Li = loop_open(g, f, &b, i, Iat(lg, lg->L.m_ffirst, k), RV(end));
  gcc_jit_block *next = gcc_jit_function_new_block(f, NULL);
  ASSIGN(b, opk, Iat(lg, lg->L.o_op, RV(i)));
  gcc_jit_rvalue *top = RV(AT(st, BIN(MINUS, I, RV(sp), ci(g, 1))));
  gcc_jit_lvalue *topl = AT(st, BIN(MINUS, I, RV(sp), ci(g, 1)));
  gcc_jit_rvalue *cur = RV(AT(st, RV(sp)));
  gcc_jit_case *cases[FOP_POW + 1];
  for (int op = FOP_CONST; op <= FOP_POW; op++) {
    gcc_jit_block *cb = gcc_jit_function_new_block(f, NULL);
    cases[op] = gcc_jit_context_new_case(CTX, ci(g, op), ci(g, op), cb);
    switch (op) {
    case FOP_CONST: case FOP_LOAD:
      ASSIGN(cb, AT(st, RV(sp)), op == FOP_CONST ? Dat(lg, lg->L.o_c, RV(i)) : RV(AT(PRV(p[1]), Iat(lg, lg->L.o_n, RV(i)))));
      gcc_jit_block_add_assignment_op(cb, NULL, sp, GCC_JIT_BINARY_OP_PLUS, ci(g, 1));
      break;
    case FOP_SCALE: ASSIGN(cb, topl, BIN(MULT, d, top, Dat(lg, lg->L.o_c, RV(i)))); break;
    case FOP_ADD: case FOP_SUB: case FOP_MUL: case FOP_DIV:
      gcc_jit_block_add_assignment_op(cb, NULL, sp, GCC_JIT_BINARY_OP_MINUS, ci(g, 1));
      if (op == FOP_DIV) ASSIGN(cb, topl, call2(g, g->f_div0, top, cur));
      else ASSIGN(cb, topl, gcc_jit_context_new_binary_op(CTX, NULL, op == FOP_ADD ? GCC_JIT_BINARY_OP_PLUS : op == FOP_SUB ? GCC_JIT_BINARY_OP_MINUS : GCC_JIT_BINARY_OP_MULT, d, top, cur));
      break;
    case FOP_NEG: ASSIGN(cb, topl, gcc_jit_context_new_unary_op(CTX, NULL, GCC_JIT_UNARY_OP_MINUS, d, top)); break;
    case FOP_ABS: ASSIGN(cb, topl, call1(g, g->f_abs, top)); break;
    case FOP_PREV:           /* period t - back's slice, 2 * nmeas doubles a period earlier each */
      ASSIGN(cb, AT(st, RV(sp)), RV(AT(PRV(p[1]), BIN(MINUS, I, Iat(lg, lg->L.o_n, RV(i)),
                                                      BIN(MULT, I, Iat(lg, lg->L.o_back, RV(i)), ci(g, 2 * g->m->nmeas))))));
      gcc_jit_block_add_assignment_op(cb, NULL, sp, GCC_JIT_BINARY_OP_PLUS, ci(g, 1));
      break;
    case FOP_POW:
      gcc_jit_block_add_assignment_op(cb, NULL, sp, GCC_JIT_BINARY_OP_MINUS, ci(g, 1));
      ASSIGN(cb, topl, call2(g, g->f_spow, top, cur));
      break;
    case FOP_MIN: case FOP_MAX: case FOP_AVG: {
      ASSIGN(cb, nn, Iat(lg, lg->L.o_n, RV(i)));
      ASSIGN(cb, base, BIN(MINUS, I, RV(sp), RV(nn)));
      ASSIGN(cb, acc, RV(AT(st, RV(base))));
      Loop Lj = loop_open(g, f, &cb, jj, BIN(PLUS, I, RV(base), ci(g, 1)), RV(sp));
      ASSIGN(cb, y, RV(AT(st, RV(jj))));
      if (op == FOP_MIN) ASSIGN(cb, acc, call2(g, g->f_min, RV(acc), RV(y)));
      else if (op == FOP_MAX) ASSIGN(cb, acc, call2(g, g->f_max, RV(acc), RV(y)));
      else ASSIGN(cb, acc, BIN(PLUS, d, RV(acc), RV(y)));
      loop_close(g, &Lj, &cb, ci(g, 1));
      if (op == FOP_AVG) ASSIGN(cb, acc, BIN(DIVIDE, d, RV(acc), CAST(RV(nn), d)));
      ASSIGN(cb, sp, RV(base));
      ASSIGN(cb, AT(st, RV(sp)), RV(acc));
      gcc_jit_block_add_assignment_op(cb, NULL, sp, GCC_JIT_BINARY_OP_PLUS, ci(g, 1));
      break;
    }
    }
    gcc_jit_block_end_with_jump(cb, NULL, next);
  }
  gcc_jit_block_end_with_switch(b, NULL, RV(opk), next, FOP_POW + 1, cases);
  b = next;
  loop_close(g, &Li, &b, ci(g, 1));
  gcc_jit_block_end_with_return(b, NULL, RV(AT(st, ci(g, 0))));
}

/* work layout: v[nmeas], s[nmeas], Q[nobjs * T], stack[depth] */
/* Work layout of the looped code: per period t a slice of 2 * nmeas
 * doubles (values, then scores), then Q[nobjs * T], then the formula
 * stack.  Each period keeps its own slice so that what is computed once per
 * sample stays there while each portfolio computes the rest. */

/* The plan table's gate on measure k in period t (simir.h): the block in
 * which k is computed (src == t); *next gets the block the iteration
 * continues in, where a carried value (0 <= src < t) has been copied from
 * its period's slice (slices of 2 * nmeas doubles) and a measure without
 * data left alone. */
static gcc_jit_block *src_gate(LG *lg, gcc_jit_function *fn, gcc_jit_block *b, gcc_jit_lvalue *sr,
                               gcc_jit_rvalue *k, gcc_jit_rvalue *t, gcc_jit_rvalue *w, gcc_jit_block **next) {
  G *g = lg->g;
  gcc_jit_type *I = g->t_int;
  int nv = g->m->nmeas;
  gcc_jit_block *comp = gcc_jit_function_new_block(fn, NULL), *notc = gcc_jit_function_new_block(fn, NULL),
                *copy = gcc_jit_function_new_block(fn, NULL);
  *next = gcc_jit_function_new_block(fn, NULL);
  ASSIGN(b, sr, Iat(lg, lg->L.m_src, BIN(PLUS, I, BIN(MULT, I, k, ci(g, g->m->T)), t)));
  gcc_jit_block_end_with_conditional(b, NULL, CMP(EQ, RV(sr), t), comp, notc);
  gcc_jit_block_end_with_conditional(notc, NULL, CMP(GE, RV(sr), ci(g, 0)), copy, *next);
  gcc_jit_rvalue *back = BIN(MULT, I, BIN(MINUS, I, RV(sr), t), ci(g, 2 * nv));
  ASSIGN(copy, AT(w, k), RV(AT(w, BIN(PLUS, I, back, k))));
  ASSIGN(copy, AT(w, BIN(PLUS, I, k, ci(g, nv))), RV(AT(w, BIN(PLUS, I, back, BIN(PLUS, I, k, ci(g, nv))))));
  gcc_jit_block_end_with_jump(copy, NULL, *next);
  return comp;
}

/* meas_PHASE(t, x, w, f, st): the measures of period t in slice w; phase 0
 * those the same for every portfolio, phase 1 the others */
static gcc_jit_function *gen_measures(LG *lg, int phase) {
  G *g = lg->g;
  const SimModel *m = g->m;
  Layout *L = &lg->L;
  gcc_jit_type *d = g->t_dbl, *I = g->t_int, *lt = g->t_long;
  int nv = m->nmeas;
  gcc_jit_param *mp[5] = { par(g, I, "t"), par(g, g->p_dbl, "x"), par(g, g->p_dbl, "w"), par(g, g->p_cu8, "f"),
                           par(g, g->p_dbl, "st") };
  gcc_jit_function *fm = fn_new(g, GCC_JIT_FUNCTION_INTERNAL, g->t_void, phase ? "bscc_measures_p" : "bscc_measures_s", 5, mp);
  gcc_jit_rvalue *t = PRV(mp[0]), *x = PRV(mp[1]), *w = PRV(mp[2]), *f = PRV(mp[3]);
  gcc_jit_lvalue *i = gcc_jit_function_new_local(fm, NULL, lt, "i"), *k = gcc_jit_function_new_local(fm, NULL, I, "k"),
                 *val = gcc_jit_function_new_local(fm, NULL, d, "val"), *base = gcc_jit_function_new_local(fm, NULL, d, "base"),
                 *from = gcc_jit_function_new_local(fm, NULL, d, "from"),
                 *sr = gcc_jit_function_new_local(fm, NULL, I, "sr");
  gcc_jit_block *b = gcc_jit_function_new_block(fm, NULL), *next;
  for (int gi = 0; gi < L->ngroups; gi++) {
    int key = L->gkey[gi], kind = key / 4;
    bool ramp = key & 2, has_input = key & 1;
    long lo = phase ? L->g_split[gi] : 0, hi = phase ? L->g_cnt[gi] : L->g_split[gi];
    if (lo == hi) continue;
    Loop Lk = loop_open(g, fm, &b, i, cl(g, lo), cl(g, hi));
    ASSIGN(b, k, Iat(lg, L->g_first[gi], RV(i)));
    b = src_gate(lg, fm, b, sr, RV(k), t, w, &next);
    ASSIGN(b, base, Dat(lg, L->m_base, RV(k)));
    /* t < nfix: the fixed value (an actual); else the path */
    gcc_jit_block *bfix = gcc_jit_function_new_block(fm, NULL), *bpath = gcc_jit_function_new_block(fm, NULL),
                  *join = gcc_jit_function_new_block(fm, NULL);
    gcc_jit_block_end_with_conditional(b, NULL, CMP(LT, t, Iat(lg, L->m_nfix, RV(k))), bfix, bpath);
    ASSIGN(bfix, val, RV(AT(RV(lg->gD), BIN(PLUS, lt, cl(g, L->fixed),
                                            CAST(BIN(PLUS, I, Iat(lg, L->m_fixfirst, RV(k)), t), lt)))));
    gcc_jit_block_end_with_jump(bfix, NULL, join);
    gcc_jit_rvalue *o = has_input ? RV(AT(x, Iat(lg, L->m_input, RV(k)))) : Dat(lg, L->m_outcome, RV(k));
    if (ramp) {
      ASSIGN(bpath, from, Dat(lg, L->m_from, RV(k)));
      gcc_jit_rvalue *rp = Dat(lg, L->m_path, BIN(PLUS, I, BIN(MULT, I, RV(k), ci(g, m->T)), t));
      ASSIGN(bpath, val, BIN(PLUS, d, RV(from), BIN(MULT, d, BIN(MINUS, d, o, RV(from)), rp)));
    } else {
      ASSIGN(bpath, val, o);
    }
    gcc_jit_block_end_with_jump(bpath, NULL, join);
    b = join;
    if (phase) {              /* per-sample measures have no effects */
      gcc_jit_rvalue *ea[6] = { RV(val), RV(k), t, x, f, RV(base) };
      ASSIGN(b, val, CALL(lg->f_effects, 6, ea));
    }
    ASSIGN(b, AT(w, RV(k)), RV(val));
    gcc_jit_rvalue *X = Dat(lg, L->m_x, RV(k)), *sc = NULL;
    switch (kind) {
    case SK_NONE: sc = cd(g, 0.0); break;
    case SK_LINEAR: sc = call1(g, g->f_clamp, BIN(DIVIDE, d, BIN(MINUS, d, RV(val), RV(base)), Dat(lg, L->m_span, RV(k)))); break;
    case SK_GE: sc = CAST(CAST(CMP(GE, RV(val), X), I), d); break;
    case SK_GT: sc = CAST(CAST(CMP(GT, RV(val), X), I), d); break;
    case SK_LE: sc = CAST(CAST(CMP(LE, RV(val), X), I), d); break;
    case SK_LT: sc = CAST(CAST(CMP(LT, RV(val), X), I), d); break;
    case SK_MILESTONE: sc = call1(g, g->f_clamp, BIN(DIVIDE, d, RV(val), X)); break;
    case SK_SEG: sc = seg_call(lg, RV(k), t, RV(val)); break;
    }
    ASSIGN(b, AT(w, BIN(PLUS, I, RV(k), ci(g, nv))), sc);
    gcc_jit_block_end_with_jump(b, NULL, next);
    b = next;
    loop_close(g, &Lk, &b, cl(g, 1));
  }
  /* formula measures, in evaluation order */
  long lo = phase ? L->fm_split : 0, hi = phase ? L->fm_cnt : L->fm_split;
  if (lo < hi) {
    Loop Lf = loop_open(g, fm, &b, i, cl(g, lo), cl(g, hi));
    ASSIGN(b, k, Iat(lg, L->fm_list, RV(i)));
    b = src_gate(lg, fm, b, sr, RV(k), t, w, &next);
    /* t < nfix and not NaN: scoring's value; else the formula */
    gcc_jit_block *ffix = gcc_jit_function_new_block(fm, NULL), *frun = gcc_jit_function_new_block(fm, NULL),
                  *fjoin = gcc_jit_function_new_block(fm, NULL), *fchk = gcc_jit_function_new_block(fm, NULL);
    gcc_jit_block_end_with_conditional(b, NULL, CMP(LT, t, Iat(lg, L->m_nfix, RV(k))), fchk, frun);
    ASSIGN(fchk, val, RV(AT(RV(lg->gD), BIN(PLUS, lt, cl(g, L->fixed), CAST(BIN(PLUS, I, Iat(lg, L->m_fixfirst, RV(k)), t), lt)))));
    gcc_jit_block_end_with_conditional(fchk, NULL, CMP(EQ, RV(val), RV(val)), ffix, frun);
    gcc_jit_block_end_with_jump(ffix, NULL, fjoin);
    gcc_jit_rvalue *fa[3] = { RV(k), w, PRV(mp[4]) };
    ASSIGN(frun, val, CALL(lg->f_formula, 3, fa));
    gcc_jit_block_end_with_jump(frun, NULL, fjoin);
    b = fjoin;
    if (phase) {
      gcc_jit_rvalue *ea[6] = { RV(val), RV(k), t, x, f, Dat(lg, L->m_base, RV(k)) };
      ASSIGN(b, val, CALL(lg->f_effects, 6, ea));
    }
    ASSIGN(b, AT(w, RV(k)), RV(val));
    gcc_jit_rvalue *sa[4] = { Iat(lg, L->m_kind, RV(k)), RV(val), RV(k), t };
    ASSIGN(b, AT(w, BIN(PLUS, I, RV(k), ci(g, nv))), CALL(lg->f_score, 4, sa));
    gcc_jit_block_end_with_jump(b, NULL, next);
    b = next;
    loop_close(g, &Lf, &b, cl(g, 1));
  }
  gcc_jit_block_end_with_void_return(b, NULL);
  return fm;
}

/* objs_PHASE(t, w, q): the objectives of period t in ob_order, reading the
 * measures' scores in slice w, writing Q(o, t) = q[o * T + t] */
static gcc_jit_function *gen_objectives(LG *lg, int phase) {
  G *g = lg->g;
  const SimModel *m = g->m;
  Layout *L = &lg->L;
  gcc_jit_type *d = g->t_dbl, *I = g->t_int, *lt = g->t_long;
  int T = m->T, nv = m->nmeas;
  gcc_jit_param *op[4] = { par(g, I, "t"), par(g, g->p_dbl, "w"), par(g, g->p_dbl, "q"), par(g, g->p_dbl, "x") };
  gcc_jit_function *fo = fn_new(g, GCC_JIT_FUNCTION_INTERNAL, g->t_void, phase ? "bscc_objectives_p" : "bscc_objectives_s", 4, op);
  gcc_jit_rvalue *t = PRV(op[0]), *w = PRV(op[1]), *q = PRV(op[2]);
  gcc_jit_lvalue *i = gcc_jit_function_new_local(fo, NULL, I, "i"), *o = gcc_jit_function_new_local(fo, NULL, I, "o"),
                 *pv = gcc_jit_function_new_local(fo, NULL, d, "p"), *num = gcc_jit_function_new_local(fo, NULL, d, "num"),
                 *den = gcc_jit_function_new_local(fo, NULL, d, "den"), *j = gcc_jit_function_new_local(fo, NULL, I, "j"),
                 *c = gcc_jit_function_new_local(fo, NULL, I, "c"), *lag = gcc_jit_function_new_local(fo, NULL, I, "lag"),
                 *lstr = gcc_jit_function_new_local(fo, NULL, d, "lstr");
  gcc_jit_block *b = gcc_jit_function_new_block(fo, NULL);
  int lo = phase ? (int)L->ob_split : 0, hi = phase ? m->nobjs : (int)L->ob_split;
  Loop Lo = loop_open(g, fo, &b, i, ci(g, lo), ci(g, hi));
  ASSIGN(b, o, Iat(lg, L->ob_order, RV(i)));
  ASSIGN(b, pv, cd(g, 0.0));
  gcc_jit_block *ne = gcc_jit_function_new_block(fo, NULL), *links = gcc_jit_function_new_block(fo, NULL),
                *krs = gcc_jit_function_new_block(fo, NULL), *kids = gcc_jit_function_new_block(fo, NULL),
                *mean = gcc_jit_function_new_block(fo, NULL), *pos = gcc_jit_function_new_block(fo, NULL),
                *nod = gcc_jit_function_new_block(fo, NULL), *endi = gcc_jit_function_new_block(fo, NULL);
  gcc_jit_rvalue *oi = BIN(PLUS, lt, BIN(MULT, lt, CAST(RV(o), lt), cl(g, T)), CAST(t, lt));
  /* no data in t (no item with data): 0, no link terms */
  gcc_jit_block_end_with_conditional(b, NULL, CMP(NE, Iat(lg, L->ob_has, BIN(PLUS, I, BIN(MULT, I, RV(o), ci(g, T)), t)), ci(g, 0)), ne, nod);
  ASSIGN(nod, AT(q, oi), cd(g, 0.0));
  gcc_jit_block_end_with_jump(nod, NULL, endi);
  ASSIGN(ne, num, cd(g, 0.0));
  ASSIGN(ne, den, cd(g, 0.0));
  gcc_jit_block_end_with_jump(ne, NULL, krs);
  Loop Lk = loop_open(g, fo, &krs, j, Iat(lg, L->ob_krf, RV(o)), BIN(PLUS, I, Iat(lg, L->ob_krf, RV(o)), Iat(lg, L->ob_krc, RV(o))));
  ASSIGN(krs, c, Iat(lg, L->kr_list, RV(j)));
  gcc_jit_block *kadd = gcc_jit_function_new_block(fo, NULL), *knext = gcc_jit_function_new_block(fo, NULL);
  gcc_jit_block_end_with_conditional(krs, NULL, CMP(GE, Iat(lg, L->m_src, BIN(PLUS, I, BIN(MULT, I, RV(c), ci(g, T)), t)), ci(g, 0)),
                                     kadd, knext);
  ASSIGN(kadd, num, BIN(PLUS, d, RV(num), BIN(MULT, d, Dat(lg, L->m_weight, RV(c)), RV(AT(w, BIN(PLUS, I, RV(c), ci(g, nv)))))));
  ASSIGN(kadd, den, BIN(PLUS, d, RV(den), Dat(lg, L->m_weight, RV(c))));
  gcc_jit_block_end_with_jump(kadd, NULL, knext);
  krs = knext;
  loop_close(g, &Lk, &krs, ci(g, 1));
  gcc_jit_block_end_with_jump(krs, NULL, kids);       /* its KRs, then its contributing children */
  Loop Lc = loop_open(g, fo, &kids, j, Iat(lg, L->ob_chf, RV(o)), BIN(PLUS, I, Iat(lg, L->ob_chf, RV(o)), Iat(lg, L->ob_chc, RV(o))));
  ASSIGN(kids, c, Iat(lg, L->child_list, RV(j)));
  gcc_jit_rvalue *qi = BIN(PLUS, lt, BIN(MULT, lt, CAST(RV(c), lt), cl(g, T)), CAST(t, lt));
  gcc_jit_block *cadd = gcc_jit_function_new_block(fo, NULL), *cnext = gcc_jit_function_new_block(fo, NULL);
  gcc_jit_block_end_with_conditional(kids, NULL, CMP(NE, Iat(lg, L->ob_has, BIN(PLUS, I, BIN(MULT, I, RV(c), ci(g, T)), t)), ci(g, 0)),
                                     cadd, cnext);
  ASSIGN(cadd, num, BIN(PLUS, d, RV(num), BIN(MULT, d, Dat(lg, L->child_w, RV(j)), RV(AT(q, qi)))));
  ASSIGN(cadd, den, BIN(PLUS, d, RV(den), Dat(lg, L->child_w, RV(j))));
  gcc_jit_block_end_with_jump(cadd, NULL, cnext);
  kids = cnext;
  loop_close(g, &Lc, &kids, ci(g, 1));
  gcc_jit_block_end_with_jump(kids, NULL, mean);
  gcc_jit_block_end_with_conditional(mean, NULL, CMP(GT, RV(den), cd(g, 0.0)), pos, links);
  ASSIGN(pos, pv, BIN(DIVIDE, d, RV(num), RV(den)));
  gcc_jit_block_end_with_jump(pos, NULL, links);
  b = links;
  if (m->qref) {             /* (the reference run itself has no link terms) */
    Loop Ll = loop_open(g, fo, &b, j, Iat(lg, L->ob_lf, RV(o)), BIN(PLUS, I, Iat(lg, L->ob_lf, RV(o)), Iat(lg, L->ob_lc, RV(o))));
    gcc_jit_block *use = gcc_jit_function_new_block(fo, NULL), *skip = gcc_jit_function_new_block(fo, NULL);
    gcc_jit_block *dlag = gcc_jit_function_new_block(fo, NULL), *klag = gcc_jit_function_new_block(fo, NULL),
                  *dstr = gcc_jit_function_new_block(fo, NULL), *kstr = gcc_jit_function_new_block(fo, NULL),
                  *uuse = gcc_jit_function_new_block(fo, NULL);
    gcc_jit_rvalue *xp = PRV(op[3]);
    /* the lag: drawn, (int)x[lag_input], or the constant */
    ASSIGN(b, lag, Iat(lg, L->l_lag, RV(j)));
    ASSIGN(b, c, Iat(lg, L->l_lagin, RV(j)));
    gcc_jit_block_end_with_conditional(b, NULL, CMP(GE, RV(c), ci(g, 0)), dlag, klag);
    ASSIGN(dlag, lag, CAST(RV(AT(xp, RV(c))), I));
    gcc_jit_block_end_with_jump(dlag, NULL, klag);
    gcc_jit_block_end_with_conditional(klag, NULL, CMP(GT, RV(lag), t), skip, uuse);
    /* the strength: drawn, clamp11(x[input]), or the constant */
    ASSIGN(uuse, c, Iat(lg, L->l_in, RV(j)));
    ASSIGN(uuse, lstr, Dat(lg, L->l_str, RV(j)));
    gcc_jit_block_end_with_conditional(uuse, NULL, CMP(GE, RV(c), ci(g, 0)), dstr, kstr);
    ASSIGN(dstr, lstr, call1(g, g->f_clamp11, RV(AT(xp, RV(c)))));
    gcc_jit_block_end_with_jump(dstr, NULL, kstr);
    gcc_jit_block_end_with_jump(kstr, NULL, use);
    gcc_jit_rvalue *si = BIN(PLUS, lt, BIN(MULT, lt, CAST(Iat(lg, L->l_src, RV(j)), lt), cl(g, T)), CAST(BIN(MINUS, I, t, RV(lag)), lt));
    gcc_jit_rvalue *ri = BIN(PLUS, lt, cl(g, L->qref), BIN(PLUS, lt, BIN(MULT, lt, CAST(Iat(lg, L->l_src, RV(j)), lt), cl(g, T)),
                                                          CAST(BIN(MINUS, I, t, RV(lag)), lt)));
    ASSIGN(use, pv, BIN(PLUS, d, RV(pv), BIN(MULT, d, RV(lstr),
                                             BIN(MINUS, d, RV(AT(q, si)), RV(AT(RV(lg->gD), ri))))));
    gcc_jit_block_end_with_jump(use, NULL, skip);
    b = skip;
    loop_close(g, &Ll, &b, ci(g, 1));
  }
  ASSIGN(b, AT(q, oi), call1(g, g->f_clamp, RV(pv)));
  gcc_jit_block_end_with_jump(b, NULL, endi);
  b = endi;
  loop_close(g, &Lo, &b, ci(g, 1));
  gcc_jit_block_end_with_void_return(b, NULL);
  return fo;
}

/* The locals of the block function that emit_periods uses. */
typedef struct PeriodCalls {
  gcc_jit_function *f;
  gcc_jit_lvalue *t, *x, *w, *fp;
  long slice, off_q, off_st;  /* doubles per period slice; where Q and the stack start */
} PeriodCalls;

/* The looped mode's objq[(p * nobjs + o) * ns + j] = Q(o, T-1) for every
 * objective o when objq is not NULL (simir.h: each objective's
 * statistics, sim.c): a loop over the Q section of its work,
 * qw[o * T + T-1].  *b continues after the stores.  (The specialised
 * mode stores them in emit_tail, per portfolio over the tile.) */
static void emit_objq(G *g, gcc_jit_function *f, gcc_jit_block **b, gcc_jit_param *objq, gcc_jit_rvalue *pl,
                      gcc_jit_rvalue *ns, gcc_jit_rvalue *j, gcc_jit_rvalue *qw) {
  const SimModel *m = g->m;
  gcc_jit_type *lt = g->t_long;
  int T = m->T;
  gcc_jit_block *put = gcc_jit_function_new_block(f, NULL), *after = gcc_jit_function_new_block(f, NULL);
  gcc_jit_block_end_with_conditional(*b, NULL, CMP(NE, PRV(objq), gcc_jit_context_null(CTX, g->p_dbl)), put, after);
  gcc_jit_lvalue *row = gcc_jit_function_new_local(f, NULL, lt, "qrow"), *nsl = gcc_jit_function_new_local(f, NULL, lt, "qns");
  ASSIGN(put, nsl, CAST(ns, lt));
  ASSIGN(put, row, BIN(PLUS, lt, BIN(MULT, lt, BIN(MULT, lt, pl, cl(g, m->nobjs)), RV(nsl)), CAST(j, lt)));
  gcc_jit_lvalue *o = gcc_jit_function_new_local(f, NULL, lt, "qo");
  Loop Lo = loop_open(g, f, &put, o, cl(g, 0), cl(g, m->nobjs));
  ASSIGN(put, AT(PRV(objq), BIN(PLUS, lt, RV(row), BIN(MULT, lt, RV(o), RV(nsl)))),
         RV(AT(qw, BIN(PLUS, lt, BIN(MULT, lt, RV(o), cl(g, T)), cl(g, T - 1)))));
  loop_close(g, &Lo, &put, cl(g, 1));
  gcc_jit_block_end_with_jump(put, NULL, after);
  *b = after;
}

/* for (t = 0; t < T; t++) { meas(t, x, slice t, fp, stack); objs(t, slice t, Q); } */
static void emit_periods(G *g, const PeriodCalls *pc, gcc_jit_block **b, gcc_jit_function *meas, gcc_jit_function *objs) {
  gcc_jit_type *lt = g->t_long;
  gcc_jit_rvalue *wq = gcc_jit_lvalue_get_address(AT(RV(pc->w), cl(g, pc->off_q)), NULL);
  gcc_jit_rvalue *wst = gcc_jit_lvalue_get_address(AT(RV(pc->w), cl(g, pc->off_st)), NULL);
  Loop Lt = loop_open(g, pc->f, b, pc->t, ci(g, 0), ci(g, g->m->T));
  gcc_jit_rvalue *wt = gcc_jit_lvalue_get_address(AT(RV(pc->w), BIN(MULT, lt, CAST(RV(pc->t), lt), cl(g, pc->slice))), NULL);
  gcc_jit_rvalue *ma[5] = { RV(pc->t), RV(pc->x), wt, RV(pc->fp), wst };
  gcc_jit_block_add_eval(*b, NULL, CALL(meas, 5, ma));
  gcc_jit_rvalue *oa[4] = { RV(pc->t), wt, wq, RV(pc->x) };
  gcc_jit_block_add_eval(*b, NULL, CALL(objs, 4, oa));
  loop_close(g, &Lt, b, ci(g, 1));
}

static void gen_block_looped(LG *lg) {
  G *g = lg->g;
  const SimModel *m = g->m;
  Layout *L = &lg->L;
  gcc_jit_type *d = g->t_dbl, *I = g->t_int, *lt = g->t_long;
  int T = m->T;
  long nv = m->nmeas, nq = (long)m->nobjs * T;
  long off_q = 2 * nv * T, off_st = off_q + nq, nwork = off_st + L->depth + 1;
  gcc_jit_function *fm[2] = { gen_measures(lg, 0), gen_measures(lg, 1) };
  gcc_jit_function *fo[2] = { gen_objectives(lg, 0), gen_objectives(lg, 1) };

  /* --- final(w, g) -> score: perspectives, total, greens --- */
  gcc_jit_param *fp[2] = { par(g, g->p_dbl, "w"), par(g, g->p_u32, "g") };
  gcc_jit_function *ff = fn_new(g, GCC_JIT_FUNCTION_INTERNAL, d, "bscc_final", 2, fp);
  {
    gcc_jit_rvalue *w = PRV(fp[0]);
    gcc_jit_lvalue *i = gcc_jit_function_new_local(ff, NULL, I, "i"), *j = gcc_jit_function_new_local(ff, NULL, I, "j"),
                   *o = gcc_jit_function_new_local(ff, NULL, I, "o"), *num = gcc_jit_function_new_local(ff, NULL, d, "num"),
                   *den = gcc_jit_function_new_local(ff, NULL, d, "den"), *tn = gcc_jit_function_new_local(ff, NULL, d, "tn"),
                   *td = gcc_jit_function_new_local(ff, NULL, d, "td"), *q = gcc_jit_function_new_local(ff, NULL, d, "q"),
                   *thr = gcc_jit_function_new_local(ff, NULL, d, "thr");
    gcc_jit_lvalue *ge = gcc_jit_function_new_local(ff, NULL, g->t_u32, "ge"), *all = gcc_jit_function_new_local(ff, NULL, g->t_u32, "all");
    gcc_jit_block *b = gcc_jit_function_new_block(ff, NULL);
    ASSIGN(b, tn, cd(g, 0.0));
    ASSIGN(b, td, cd(g, 0.0));
    Loop Lp = loop_open(g, ff, &b, i, ci(g, 0), ci(g, m->npersps));
    ASSIGN(b, num, cd(g, 0.0));
    ASSIGN(b, den, cd(g, 0.0));
    Loop Lj = loop_open(g, ff, &b, j, Iat(lg, L->ps_first, RV(i)), BIN(PLUS, I, Iat(lg, L->ps_first, RV(i)), Iat(lg, L->ps_count, RV(i))));
    ASSIGN(b, o, Iat(lg, L->persp_objs, RV(j)));
    gcc_jit_rvalue *qi = BIN(PLUS, lt, cl(g, off_q), BIN(PLUS, lt, BIN(MULT, lt, CAST(RV(o), lt), cl(g, T)), cl(g, T - 1)));
    gcc_jit_rvalue *hl = Iat(lg, L->ob_has, BIN(PLUS, I, BIN(MULT, I, RV(o), ci(g, T)), ci(g, T - 1)));
    gcc_jit_block *padd = gcc_jit_function_new_block(ff, NULL), *pnext = gcc_jit_function_new_block(ff, NULL);
    gcc_jit_block_end_with_conditional(b, NULL, CMP(NE, hl, ci(g, 0)), padd, pnext);
    ASSIGN(padd, num, BIN(PLUS, d, RV(num), BIN(MULT, d, Dat(lg, L->ob_weight, RV(o)), RV(AT(w, qi)))));
    ASSIGN(padd, den, BIN(PLUS, d, RV(den), Dat(lg, L->ob_weight, RV(o))));
    gcc_jit_block_end_with_jump(padd, NULL, pnext);
    b = pnext;
    loop_close(g, &Lj, &b, ci(g, 1));
    gcc_jit_block *pos = gcc_jit_function_new_block(ff, NULL), *nx = gcc_jit_function_new_block(ff, NULL);
    gcc_jit_block_end_with_conditional(b, NULL, CMP(GT, RV(den), cd(g, 0.0)), pos, nx);
    ASSIGN(pos, tn, BIN(PLUS, d, RV(tn), BIN(MULT, d, Dat(lg, L->ps_weight, RV(i)), BIN(DIVIDE, d, RV(num), RV(den)))));
    ASSIGN(pos, td, BIN(PLUS, d, RV(td), Dat(lg, L->ps_weight, RV(i))));
    gcc_jit_block_end_with_jump(pos, NULL, nx);
    b = nx;
    loop_close(g, &Lp, &b, ci(g, 1));
    /* greens; all: every committed objective's (g[nobjs]) */
    gcc_jit_rvalue *u1 = gcc_jit_context_new_rvalue_from_int(CTX, g->t_u32, 1);
    ASSIGN(b, all, u1);
    Loop Lg = loop_open(g, ff, &b, o, ci(g, 0), ci(g, m->nobjs));
    gcc_jit_block *cnt = gcc_jit_function_new_block(ff, NULL), *skip = gcc_jit_function_new_block(ff, NULL);
    gcc_jit_block_end_with_conditional(b, NULL, CMP(NE, Iat(lg, L->ob_has, BIN(PLUS, I, BIN(MULT, I, RV(o), ci(g, T)), ci(g, T - 1))),
                                                    ci(g, 0)), cnt, skip);
    gcc_jit_rvalue *qo = BIN(PLUS, lt, cl(g, off_q), BIN(PLUS, lt, BIN(MULT, lt, CAST(RV(o), lt), cl(g, T)), cl(g, T - 1)));
    ASSIGN(cnt, q, RV(AT(w, qo)));
    ASSIGN(cnt, thr, Dat(lg, L->ob_green, RV(o)));     /* green_at: the status rule against the plan */
    ASSIGN(cnt, ge, CAST(CMP(GE, RV(q), RV(thr)), g->t_u32));
    gcc_jit_block_add_assignment_op(cnt, NULL, AT(PRV(fp[1]), RV(o)), GCC_JIT_BINARY_OP_PLUS, RV(ge));
    /* all &= ge | !committed */
    gcc_jit_block_add_assignment_op(cnt, NULL, all, GCC_JIT_BINARY_OP_BITWISE_AND,
                                    BIN(BITWISE_OR, g->t_u32, RV(ge), CAST(CMP(EQ, Iat(lg, L->ob_commit, RV(o)), ci(g, 0)), g->t_u32)));
    gcc_jit_block_end_with_jump(cnt, NULL, skip);
    b = skip;
    loop_close(g, &Lg, &b, ci(g, 1));
    gcc_jit_block_add_assignment_op(b, NULL, AT(PRV(fp[1]), ci(g, m->nobjs)), GCC_JIT_BINARY_OP_PLUS, RV(all));
    gcc_jit_block *pos2 = gcc_jit_function_new_block(ff, NULL), *zero = gcc_jit_function_new_block(ff, NULL);
    gcc_jit_block_end_with_conditional(b, NULL, CMP(GT, RV(td), cd(g, 0.0)), pos2, zero);
    gcc_jit_block_end_with_return(pos2, NULL, BIN(DIVIDE, d, RV(tn), RV(td)));
    gcc_jit_block_end_with_return(zero, NULL, cd(g, 0.0));
  }

  /* --- draw(keys, n, x): one loop per distribution kind --- */
  gcc_jit_param *dp[3] = { par(g, g->p_cu64, "keys"), par(g, g->t_u64, "n"), par(g, g->p_dbl, "x") };
  gcc_jit_function *fd = fn_new(g, GCC_JIT_FUNCTION_INTERNAL, g->t_void, "bscc_draw", 3, dp);
  {
    gcc_jit_lvalue *i = gcc_jit_function_new_local(fd, NULL, lt, "i"), *idx = gcc_jit_function_new_local(fd, NULL, I, "idx");
    gcc_jit_block *b = gcc_jit_function_new_block(fd, NULL);
    for (int kind = 0; kind <= DIST_BERNOULLI; kind++) {
      if (!L->in_cnt[kind]) continue;
      Loop Li = loop_open(g, fd, &b, i, cl(g, 0), cl(g, L->in_cnt[kind]));
      ASSIGN(b, idx, Iat(lg, L->in_idx[kind], RV(i)));
      gcc_jit_rvalue *prm[6];
      for (int q = 0; q < 6; q++)
        prm[q] = RV(AT(RV(lg->gD), BIN(PLUS, lt, cl(g, L->in_prm[kind] + q), BIN(MULT, lt, RV(i), cl(g, 6)))));
      ASSIGN(b, AT(PRV(dp[2]), RV(idx)), sample_call(g, kind, RV(AT(PRV(dp[0]), RV(idx))), PRV(dp[1]), prm));
      loop_close(g, &Li, &b, cl(g, 1));
    }
    gcc_jit_block_end_with_void_return(b, NULL);
  }

  /* --- the block function --- */
  gcc_jit_param *ps[9] = { par(g, g->p_void, "m"), par(g, g->p_cu8, "funded"), par(g, g->t_int, "nport"),
                           par(g, g->t_u64, "n0"), par(g, g->t_int, "ns"), par(g, g->p_cu64, "keys"),
                           par(g, g->p_dbl, "scores"), par(g, g->p_u32, "green"), par(g, g->p_dbl, "objq") };
  gcc_jit_function *f = fn_new(g, GCC_JIT_FUNCTION_EXPORTED, g->t_void, "bscc_block", 9, ps);
  gcc_jit_lvalue *x = gcc_jit_function_new_local(f, NULL, g->p_dbl, "x"), *w = gcc_jit_function_new_local(f, NULL, g->p_dbl, "w"),
                 *j = gcc_jit_function_new_local(f, NULL, I, "j"), *p = gcc_jit_function_new_local(f, NULL, I, "p"),
                 *t = gcc_jit_function_new_local(f, NULL, I, "t"), *n = gcc_jit_function_new_local(f, NULL, g->t_u64, "n"),
                 *fpv = gcc_jit_function_new_local(f, NULL, g->p_cu8, "fp");
  gcc_jit_block *b = gcc_jit_function_new_block(f, NULL);
  gcc_jit_type *szt = gcc_jit_context_get_type(CTX, GCC_JIT_TYPE_SIZE_T);
  ASSIGN(b, x, CAST(call1(g, g->f_malloc, gcc_jit_context_new_rvalue_from_long(CTX, szt, 8L * (m->ninputs + 1))), g->p_dbl));
  ASSIGN(b, w, CAST(call1(g, g->f_malloc, gcc_jit_context_new_rvalue_from_long(CTX, szt, 8L * nwork)), g->p_dbl));
  Loop Lj = loop_open(g, f, &b, j, ci(g, 0), PRV(ps[4]));
  ASSIGN(b, n, BIN(PLUS, g->t_u64, PRV(ps[3]), CAST(RV(j), g->t_u64)));
  gcc_jit_rvalue *da[3] = { PRV(ps[5]), RV(n), RV(x) };
  gcc_jit_block_add_eval(b, NULL, CALL(fd, 3, da));
  /* per sample: what no funded initiative changes, every period; then per
   * portfolio the rest, in the same order of evaluation */
  PeriodCalls pc = { f, t, x, w, fpv, 2 * nv, off_q, off_st };
  ASSIGN(b, fpv, PRV(ps[1]));       /* not read: per-sample measures have no effects */
  emit_periods(g, &pc, &b, fm[0], fo[0]);
  Loop Lp = loop_open(g, f, &b, p, ci(g, 0), PRV(ps[2]));
  gcc_jit_rvalue *pl = CAST(RV(p), lt);
  ASSIGN(b, fpv, gcc_jit_lvalue_get_address(AT(PRV(ps[1]), BIN(MULT, lt, pl, cl(g, m->ninits))), NULL));
  emit_periods(g, &pc, &b, fm[1], fo[1]);
  gcc_jit_rvalue *fa[2] = { RV(w), gcc_jit_lvalue_get_address(AT(PRV(ps[7]), BIN(MULT, lt, pl, cl(g, sim_green_stride(m)))), NULL) };
  ASSIGN(b, AT(PRV(ps[6]), BIN(PLUS, lt, BIN(MULT, lt, pl, CAST(PRV(ps[4]), lt)), CAST(RV(j), lt))), CALL(ff, 2, fa));
  emit_objq(g, f, &b, ps[8], pl, PRV(ps[4]), RV(j), gcc_jit_lvalue_get_address(AT(RV(w), cl(g, off_q)), NULL));
  loop_close(g, &Lp, &b, ci(g, 1));
  loop_close(g, &Lj, &b, ci(g, 1));
  gcc_jit_block_add_eval(b, NULL, call1(g, g->f_free, CAST(RV(x), g->p_void)));
  gcc_jit_block_add_eval(b, NULL, call1(g, g->f_free, CAST(RV(w), g->p_void)));
  gcc_jit_block_end_with_void_return(b, NULL);
  g->ops = 600;
}

static void gen_looped(G *g) {
  LG lg = { .g = g };
  layout_build(g->m, &lg.L, NULL, NULL);
  gcc_jit_type *pci = gcc_jit_type_get_pointer(gcc_jit_type_get_const(g->t_int));
  gcc_jit_type *pcd = gcc_jit_type_get_pointer(gcc_jit_type_get_const(g->t_dbl));
  lg.gI = gcc_jit_context_new_global(CTX, NULL, GCC_JIT_GLOBAL_EXPORTED, pci, "bscc_I");
  lg.gD = gcc_jit_context_new_global(CTX, NULL, GCC_JIT_GLOBAL_EXPORTED, pcd, "bscc_D");
  gen_seg(&lg);
  gen_score_generic(&lg);
  gen_effects(&lg);
  gen_formula(&lg);
  gen_block_looped(&lg);
}

/* ------------------------------------------------------------------ */
/* the cache, compiling and loading                                     */

/* the tables of a loaded looped-mode object: in place in the entry's
 * read-only mapping, which lives as long as the object */
typedef struct Shared {
  void *handle;
  void *map;
  size_t map_len;
  int refs;
  struct Shared *next;
} Shared;
static Shared *shared_list;

struct JitCode {
  void *handle;
  SimBlockFn fn;
  Shared *shared;
  JitStats st;
};

/* A cache entry: the shared object, then the looped code's tables (int
 * I[nI] at i_off, double D[nD] at d_off, both 64-byte aligned so that a
 * hit uses them in place from the entry's mapping; none in specialised
 * mode), then this trailer.  The tables are stored so that a cache hit
 * neither analyses the model again (the mode is the entry's) nor rebuilds
 * them (layout_build), nor copies them.  The bytes after the object are
 * not the dynamic loader's concern: it maps what the object's program
 * headers name. */
#define TRAILER_MAGIC "BSCCJIT\x03"
#define TABLE_ALIGN 64
typedef struct Trailer {
  char magic[8];
  uint64_t key;
  uint64_t content;          /* entry_hash: the bytes before the trailer, and the trailer */
  uint64_t size;             /* of those bytes */
  uint64_t so_size;          /* of the shared object, at the start */
  uint64_t nI, nD;           /* the tables' lengths ... */
  uint64_t i_off, d_off;     /* ... and offsets, after the object */
  int64_t ops;               /* the estimate of the compile, for the stats */
  int32_t mode, pad;         /* the mode the compile chose */
} Trailer;

static uint64_t align_up(uint64_t x) { return (x + TABLE_ALIGN - 1) & ~(uint64_t)(TABLE_ALIGN - 1); }

/* The entry's check against corruption, truncation and foreign files (not
 * an adversary's forgery: the cache directory is the user's own).  Every
 * byte is read, because a flipped index in the tables would send the
 * looped code out of bounds: hash_block (util.h), ~10 instructions for 8
 * bytes, so that the 25 MB of a 100,000-KR model's tables take a few ms;
 * byte-wise FNV-1a took ~5 instructions a byte. */
static uint64_t content_hash(const unsigned char *p, size_t n) { return hash_block(0xCBF29CE484222325ULL, p, n); }

/* The hash of the entry: its bytes before the trailer, then the trailer's
 * own fields (content zeroed), so that no byte of the file goes unchecked. */
static uint64_t entry_hash(const unsigned char *p, const Trailer *tr) {
  Trailer t = *tr;
  t.content = 0;
  return fnv(content_hash(p, tr->size), &t, sizeof t);
}

static uint64_t cache_key(const SimModel *m, int opt, JitMode mode) {
  uint64_t h = 0xCBF29CE484222325ULL;
  h = fnv(h, &m->hash, sizeof m->hash);
  h = fnv(h, BSCC_VERSION, strlen(BSCC_VERSION));
  int v[3] = { JIT_CODEGEN_VERSION, opt, (int)mode };
  return fnv(h, v, sizeof v);
}

static int mkdir_p(const char *path) {
  char buf[512];
  snprintf(buf, sizeof buf, "%s", path);
  for (char *p = buf + 1; *p; p++) {
    if (*p != '/') continue;
    *p = 0;
    if (mkdir(buf, 0755) && errno != EEXIST) return -1;
    *p = '/';
  }
  if (mkdir(buf, 0755) && errno != EEXIST) return -1;
  return 0;
}

static bool cache_dir(const JitOptions *o, char *out, size_t n) {
  const char *e;
  if (o && o->cache_dir) snprintf(out, n, "%s", o->cache_dir);
  else if ((e = getenv("BSCC_CACHE_DIR")) && *e) snprintf(out, n, "%s", e);
  else if ((e = getenv("XDG_CACHE_HOME")) && *e) snprintf(out, n, "%s/bscc", e);
  else if ((e = getenv("HOME")) && *e) snprintf(out, n, "%s/.cache/bscc", e);
  else return false;
  return mkdir_p(out) == 0;
}

/* A compiled model is a few MiB at most; a cache entry over this is not
 * one of ours (a link to /dev/zero is refused long before it). */
#define CACHE_MAX_BYTES ((size_t)1 << 30)

/* The trailer's layout and the entry's hash.  Each length is bounded by n
 * before anything is multiplied, so no sum below overflows. */
static bool trailer_ok(const unsigned char *buf, size_t n, uint64_t key, Trailer *tr) {
  if (n <= sizeof *tr) return false;
  memcpy(tr, buf + n - sizeof *tr, sizeof *tr);
  uint64_t size = n - sizeof *tr;
  if (memcmp(tr->magic, TRAILER_MAGIC, 8) || tr->key != key || tr->size != size) return false;
  if (tr->so_size > size || tr->nI > size || tr->nD > size || tr->i_off > size || tr->d_off > size) return false;
  if (tr->mode != JIT_MODE_SPECIALISED && tr->mode != JIT_MODE_LOOPED) return false;
  bool tables = tr->nI || tr->nD;
  if (tables && (tr->i_off != align_up(tr->so_size) || tr->d_off != align_up(tr->i_off + 4 * tr->nI) ||
                 tr->d_off + 8 * tr->nD != size))
    return false;
  if (!tables && tr->so_size != size) return false;
  return tr->content == entry_hash(buf, tr);
}

/* Opens a cache entry for loading: only a regular file of bounded size
 * (never a link to a device, never a FIFO: file_open_regular neither
 * blocks nor reads those) whose trailer names this key and whose content
 * hash matches.  The file is mapped, not read: the tables are used in
 * place.  Returns the descriptor of the verified file, which is the one
 * dlopen must load (see cache_dlopen), or -1; *map (*map_len bytes) is
 * the file's read-only mapping, *tr its trailer.  The mapping is as
 * exposed to the file's truncation as the code dlopen maps from it. */
static int cache_open(const char *path, uint64_t key, void **map, size_t *map_len, Trailer *tr) {
  *map = NULL;
  int fd = file_open_regular(path, NULL);
  if (fd < 0) return -1;
  struct stat st;
  if (fstat(fd, &st) != 0 || st.st_size <= (off_t)sizeof *tr || (uint64_t)st.st_size > CACHE_MAX_BYTES) {
    close(fd);
    return -1;
  }
  size_t n = (size_t)st.st_size;
  void *p = mmap(NULL, n, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
  if (p == MAP_FAILED || !trailer_ok(p, n, key, tr)) {
    if (p != MAP_FAILED) munmap(p, n);
    close(fd);
    return -1;
  }
  *map = p;
  *map_len = n;
  return fd;
}

/* Whether a loaded object is this model's (the check symbol). */
static bool is_model(void *h, uint64_t key, uint64_t hash) {
  const uint64_t *chk = dlsym(h, "bscc_jit_check");
  return chk && chk[0] == key && chk[1] == hash;
}

/* dlopen of a verified descriptor (closed here): /proc/self/fd/N is the
 * very file that was verified, even if the cache entry is replaced in
 * between.  But glibc looks a name up among the loaded objects before it
 * opens anything, and another model loaded earlier through a descriptor
 * of the same number, still loaded, would be taken for this one: such a
 * name is skipped by moving the descriptor up.  Without /proc, the
 * entry's own path. */
static void *cache_dlopen(int fd, const char *path, uint64_t key, uint64_t hash) {
  if (access("/proc/self/fd", X_OK) != 0) {
    close(fd);
    return dlopen(path, RTLD_NOW | RTLD_LOCAL);
  }
  for (int tries = 0; tries < 64; tries++) {
    char so[64];
    snprintf(so, sizeof so, "/proc/self/fd/%d", fd);
    void *old = dlopen(so, RTLD_NOW | RTLD_LOCAL | RTLD_NOLOAD);
    bool taken = old && !is_model(old, key, hash);
    if (old) dlclose(old);
    if (!taken) {
      void *h = dlopen(so, RTLD_NOW | RTLD_LOCAL);
      close(fd);
      return h;
    }
    int up = fcntl(fd, F_DUPFD_CLOEXEC, fd + 1);
    close(fd);
    if (up < 0) return NULL;
    fd = up;
  }
  close(fd);
  return NULL;
}

/* Writes buf over path (a file of ours, from mkstemp) in place.  No
 * fsync, no second temporary: the entry is a cache, and a file cut short
 * by a crash or a full disk fails the trailer's layout or the entry's
 * hash on the next load and is rebuilt (the checks of `load`), so
 * durability buys nothing here; at 100,000 KRs the fsync of the 24 MB
 * entry was ~50 ms of the cold compile.  Over `ulimit -f` the write fails
 * with EFBIG rather than the process dying of SIGXFSZ (as in
 * write_file_atomic, util.c). */
static int write_plain(const char *path, const char *buf, size_t len) {
  int fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return errno;
  struct sigaction ign = { .sa_handler = SIG_IGN }, old;
  sigemptyset(&ign.sa_mask);
  sigaction(SIGXFSZ, &ign, &old);
  int e = 0;
  while (len > 0) {
    ssize_t k = write(fd, buf, len);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) { e = k < 0 ? errno : EIO; break; }
    buf += k;
    len -= (size_t)k;
  }
  sigaction(SIGXFSZ, &old, NULL);
  if (close(fd) != 0 && !e) e = errno;
  return e;
}

/* Appends the tables (looped mode: I[nI] and D[nD], built from the model
 * by layout_build while the compiler ran; NULL and 0 in specialised
 * mode) and the trailer to the object libgccjit wrote at tmp (a file of
 * ours, from mkstemp); then renames it to dest, when dest is not tmp.  A
 * rename replaces whatever is at dest, a symlink included: nothing is
 * ever written through a link planted in the cache. */
static bool write_entry(const char *tmp, const char *dest, uint64_t key, JitMode mode, long ops, const int *I, long nI,
                        const double *D, long nD, char **err) {
  size_t n;
  FileErr fe;
  char why[96];
  char *buf = file_read(tmp, CACHE_MAX_BYTES, &n, &fe);
  if (!buf) { *err = fmt_err("cannot read `%s`: %s", tmp, file_err_text(&fe, why, sizeof why)); return false; }
  Trailer tr;
  memset(&tr, 0, sizeof tr);
  memcpy(tr.magic, TRAILER_MAGIC, 8);
  tr.key = key;
  tr.so_size = n;
  tr.mode = (int32_t)mode;
  tr.ops = ops;
  tr.nI = (uint64_t)nI;
  tr.nD = (uint64_t)nD;
  tr.size = n;
  if (tr.nI || tr.nD) {
    tr.i_off = align_up(n);
    tr.d_off = align_up(tr.i_off + 4 * tr.nI);
    tr.size = tr.d_off + 8 * tr.nD;
  }
  buf = bsc_realloc(buf, tr.size + sizeof tr);
  memset(buf + n, 0, tr.size - n);
  if (tr.nI) memcpy(buf + tr.i_off, I, 4 * tr.nI);
  if (tr.nD) memcpy(buf + tr.d_off, D, 8 * tr.nD);
  tr.content = entry_hash((const unsigned char *)buf, &tr);
  memcpy(buf + tr.size, &tr, sizeof tr);
  int e = write_plain(tmp, buf, tr.size + sizeof tr);
  free(buf);
  if (e) { *err = fmt_err("cannot write `%s`: %s", tmp, strerror(e)); return false; }
  if (strcmp(tmp, dest) && rename(tmp, dest) != 0) {
    *err = fmt_err("cannot write `%s`: %s", dest, strerror(errno));
    return false;
  }
  return true;
}

static pthread_mutex_t jit_lock = PTHREAD_MUTEX_INITIALIZER;

/* An empty table's pointer: never NULL, never read. */
static const uint64_t no_table[1];

/* dlopen + the check symbol + the tables (the entry's mode in c->st) */
static bool load(JitCode *c, const SimModel *m, const char *path, uint64_t key, char **err) {
  /* dlopen only a verified regular file */
  void *map;
  size_t map_len = 0;
  Trailer tr;
  int fd = cache_open(path, key, &map, &map_len, &tr);
  if (fd < 0) { *err = fmt_err("the compiled model `%s` is not a valid cache entry", path); return false; }
  JitMode mode = (JitMode)tr.mode;
  c->st.mode = mode;
  c->st.ops = tr.ops;
  void *h = cache_dlopen(fd, path, key, m->hash);
  if (!h) {
    munmap(map, map_len);
    const char *why = dlerror();
    *err = fmt_err("cannot load the compiled model: %s", why ? why : strerror(errno));
    return false;
  }
  void *fn = dlsym(h, "bscc_block");
  if (!fn || !is_model(h, key, m->hash)) {
    munmap(map, map_len);
    dlclose(h);
    *err = fmt_err("the compiled model `%s` is not the one expected", path);
    return false;
  }
  if (mode == JIT_MODE_LOOPED) {
    const int **pI = dlsym(h, "bscc_I");
    const double **pD = dlsym(h, "bscc_D");
    if (!pI || !pD) { munmap(map, map_len); dlclose(h); *err = fmt_err("the compiled model `%s` has no tables", path); return false; }
    /* Two JitCodes of one model share one loaded object (dlopen counts
     * references) and so one pair of table pointers: the tables (the
     * first holder's mapping) are shared too, and unmapped with the last
     * holder. */
    Shared *sh = shared_list;
    while (sh && sh->handle != h) sh = sh->next;
    if (!sh) {
      sh = xcalloc(1, sizeof *sh);
      sh->handle = h;
      sh->map = map;
      sh->map_len = map_len;
      map = NULL;
      const unsigned char *b = sh->map;
      *pI = tr.nI ? (const int *)(b + tr.i_off) : (const int *)no_table;
      *pD = tr.nD ? (const double *)(b + tr.d_off) : (const double *)no_table;
      sh->next = shared_list;
      shared_list = sh;
    }
    sh->refs++;
    c->shared = sh;
  }
  if (map) munmap(map, map_len);
  c->handle = h;
  c->fn = (SimBlockFn)fn;
  return true;
}

static int mode_of(const SimModel *m, JitMode want, G *g, bool **need_input, long *est) {
  /* the analysis is cheap and linear; it also sizes the specialised code */
  g->m = m;
  g->T = m->T;
  g->V = xcalloc((size_t)m->nmeas * m->T + 1, sizeof(Node));
  g->Q = xcalloc((size_t)m->nobjs * m->T + 1, sizeof(Node));
  *need_input = xcalloc((size_t)m->ninputs + 1, sizeof(bool));
  analyse(g);
  *est = estimate_ops(g, *need_input);
  if (want != JIT_MODE_AUTO) return want;
  return *est <= SMALL_MAX_OPS ? JIT_MODE_SPECIALISED : JIT_MODE_LOOPED;
}

static void g_free(G *g) {
  free(g->V);
  free(g->Q);
  for (int i = 0; i < 3; i++) free(g->chunks[i]);
}

typedef struct CompileResult {
  bool ok;
  int functions;
  long ops;
  double codegen_ms, compile_ms;
  char err[1024];
} CompileResult;

/* Builds the IR and compiles it to `out`.  Runs in the child. */
static void compile_here(G *g, const SimModel *m, JitMode mode, int opt, uint64_t key, const bool *need_input,
                         const char *out, CompileResult *res) {
  memset(res, 0, sizeof *res);
  double tg = now_ms();
  char *why = NULL;
  if (!dl_gccjit_load(&why)) {     /* a cache hit never gets here: it needs no libgccjit */
    snprintf(res->err, sizeof res->err, "%s", why);
    free(why);
    return;
  }
  g->ctx = gcc_jit_context_acquire();
  if (!g->ctx) { snprintf(res->err, sizeof res->err, "libgccjit: cannot create a context"); return; }
  gcc_jit_context_set_int_option(g->ctx, GCC_JIT_INT_OPTION_OPTIMIZATION_LEVEL, opt);
  gcc_jit_context_set_bool_option(g->ctx, GCC_JIT_BOOL_OPTION_DEBUGINFO, 0);
  gcc_jit_context_set_bool_print_errors_to_stderr(g->ctx, 0);
  gcc_jit_context_add_command_line_option(g->ctx, "-ffp-contract=off");
  /* chunks stay separate functions: inlining them into their one caller
   * would rebuild the huge function that splitting avoids.  Both flags are
   * needed: with the growth limits below raised, the small-function
   * inliner alone put every chunk back into bscc_block (one function of
   * ~4,000 GIMPLE statements for the smart-hardware example, 1.5 times
   * the compile time; docs/jit.md, "Compile time").  Always-inline
   * functions (the samplers, the helpers) are inlined either way. */
  gcc_jit_context_add_command_line_option(g->ctx, "-fno-inline-functions-called-once");
  gcc_jit_context_add_command_line_option(g->ctx, "-fno-inline-small-functions");
  /* the samplers are always-inline and nest (gamma > norm_inv > u01 > mix) */
  gcc_jit_context_add_command_line_option(g->ctx, "--param=max-inline-insns-single=4000");
  gcc_jit_context_add_command_line_option(g->ctx, "--param=large-function-growth=100000");
  gcc_jit_context_add_command_line_option(g->ctx, "--param=inline-unit-growth=100000");
  gcc_jit_context_add_driver_option(g->ctx, "-lm");
  g->looped = mode == JIT_MODE_LOOPED;
  runtime_init(g);
  if (mode == JIT_MODE_SPECIALISED) gen_specialised(g, need_input);
  else gen_looped(g);
  {
    /* the check symbol: { key, model hash } */
    gcc_jit_type *arr = gcc_jit_context_new_array_type(g->ctx, NULL, g->t_u64, 2);
    gcc_jit_lvalue *chk = gcc_jit_context_new_global(g->ctx, NULL, GCC_JIT_GLOBAL_EXPORTED, arr, "bscc_jit_check");
    uint64_t vals[2] = { key, m->hash };
    gcc_jit_global_set_initializer(chk, vals, sizeof vals);
  }
  res->functions = g->nfuncs;
  res->ops = g->ops;
  res->codegen_ms = now_ms() - tg;
  const char *e = gcc_jit_context_get_first_error(g->ctx);
  if (!e) {
    if (getenv("BSCC_JIT_DUMP")) gcc_jit_context_dump_to_file(g->ctx, getenv("BSCC_JIT_DUMP"), 0);
    double tc = now_ms();
    gcc_jit_context_compile_to_file(g->ctx, GCC_JIT_OUTPUT_KIND_DYNAMIC_LIBRARY, out);
    res->compile_ms = now_ms() - tc;
    e = gcc_jit_context_get_first_error(g->ctx);
  }
  if (e) snprintf(res->err, sizeof res->err, "libgccjit: %s", e);
  else res->ok = true;
  gcc_jit_context_release(g->ctx);
  g->ctx = NULL;
}

/* A compile: in a child process (pid > 0, its result to come through
 * the pipe fd), or done here already (pid < 0, no fork possible or
 * BSCC_JIT_INPROCESS). */
typedef struct Compile { pid_t pid; int fd; } Compile;

static void compile_start(G *g, const SimModel *m, JitMode mode, int opt, uint64_t key, const bool *need_input,
                          const char *out, CompileResult *res, Compile *cp) {
  int pfd[2];
  cp->pid = -1;
  cp->fd = -1;
  if (!getenv("BSCC_JIT_INPROCESS") && pipe(pfd) == 0) {
    fflush(NULL);
    cp->pid = fork();
    if (cp->pid < 0) { close(pfd[0]); close(pfd[1]); }
  }
  if (cp->pid < 0) {                 /* no fork: compile here */
    compile_here(g, m, mode, opt, key, need_input, out, res);
    return;
  }
  if (cp->pid == 0) {
    close(pfd[0]);
    CompileResult r;
    compile_here(g, m, mode, opt, key, need_input, out, &r);
    const char *p = (const char *)&r;
    size_t left = sizeof r;
    while (left > 0) {
      ssize_t k = write(pfd[1], p, left);
      if (k <= 0) break;
      p += k;
      left -= (size_t)k;
    }
    _exit(r.ok ? 0 : 1);
  }
  close(pfd[1]);
  cp->fd = pfd[0];
}

/* Waits for the compile's result; a crash of the child is an error. */
static bool compile_finish(Compile *cp, CompileResult *res) {
  if (cp->pid < 0) return res->ok;
  memset(res, 0, sizeof *res);
  char *p = (char *)res;
  size_t got = 0;
  while (got < sizeof *res) {
    ssize_t k = read(cp->fd, p + got, sizeof *res - got);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) break;
    got += (size_t)k;
  }
  close(cp->fd);
  int status = 0;
  while (waitpid(cp->pid, &status, 0) < 0 && errno == EINTR) {}
  cp->pid = -1;
  if (got != sizeof *res) {
    memset(res, 0, sizeof *res);
    if (WIFSIGNALED(status))
      snprintf(res->err, sizeof res->err, "libgccjit crashed while compiling the model (signal %d)", WTERMSIG(status));
    else
      snprintf(res->err, sizeof res->err, "libgccjit: the compiler process failed (status %d)", WEXITSTATUS(status));
    return false;
  }
  return res->ok;
}

/* Stops a compile that is no longer wanted (its output file is
 * overwritten by the next compile). */
static void compile_cancel(Compile *cp) {
  if (cp->pid <= 0) return;
  kill(cp->pid, SIGKILL);
  close(cp->fd);
  while (waitpid(cp->pid, NULL, 0) < 0 && errno == EINTR) {}
  cp->pid = -1;
}

/* A model of more nodes (values x periods) than this is looped unless
 * nearly all of it folds to constants: its compile starts before the
 * analysis that decides (jit_compile). */
#define SPECULATE_NODES SMALL_MAX_OPS

JitCode *jit_compile(const SimModel *m, const JitOptions *o, char **err) {
  double t0 = now_ms();
  *err = NULL;
  JitOptions def = { .opt_level = -1 };
  if (!o) o = &def;
  int opt = o->opt_level < 0 ? JIT_DEFAULT_OPT_LEVEL : o->opt_level > 3 ? 3 : o->opt_level;
  G g;
  memset(&g, 0, sizeof g);
  bool *need_input = NULL;
  long est = 0;
  int *I = NULL;             /* the looped code's tables */
  double *D = NULL;
  long nI = 0, nD = 0;
  /* keyed by the mode asked for: the entry says which one that became,
   * so that a hit needs no analysis of the model */
  uint64_t key = cache_key(m, opt, o->mode);
  JitCode *c = xcalloc(1, sizeof *c);
  c->st.opt_level = opt;

  char dir[400], path[512], tmp[560];
  bool use_cache = !o->no_cache && cache_dir(o, dir, sizeof dir);
  if (o->no_cache || !use_cache) {
    const char *td = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s", td && *td ? td : "/tmp");
  }
  snprintf(path, sizeof path, "%s/%016llx.so", dir, (unsigned long long)key);

  pthread_mutex_lock(&jit_lock);
  if (use_cache && access(path, F_OK) == 0) {
    double tl = now_ms();
    char *lerr = NULL;
    if (load(c, m, path, key, &lerr)) {
      c->st.cache_hit = true;
      c->st.load_ms = now_ms() - tl;
      c->st.total_ms = now_ms() - t0;
      snprintf(c->st.path, sizeof c->st.path, "%s", path);
      pthread_mutex_unlock(&jit_lock);
      free(need_input);
      g_free(&g);
      return c;
    }
    free(lerr);
    c->st.cache_rejected = true;
    unlink(path);
  }
  pthread_mutex_unlock(&jit_lock);

  /* generate and compile; in a child process when possible, because
   * libgccjit keeps state between compiles and can crash (see docs/jit.md):
   * a crash there must cost a message, not the bscc process */
  snprintf(tmp, sizeof tmp, "%s/.bscc-%016llx-XXXXXX", dir, (unsigned long long)key);
  int fd = mkstemp(tmp);
  if (fd < 0) { *err = fmt_err("cannot create a file in `%s`: %s", dir, strerror(errno)); goto fail; }
  close(fd);
  /* The looped code needs no analysis of the model, only its tables.  So
   * when it is asked for, or likely (a big model), its compile starts
   * first, in the child, and this process analyses the model and builds
   * the tables meanwhile, on the other core; should the analysis choose
   * the specialised mode after all, that compile is stopped and the
   * specialised one starts.  The code is the same either way. */
  Compile cp = { -1, -1 };
  CompileResult res;
  bool started = false;
  g.m = m;
  g.T = m->T;
  if (o->mode == JIT_MODE_LOOPED ||
      (o->mode == JIT_MODE_AUTO && !getenv("BSCC_JIT_INPROCESS") &&
       ((long)m->nmeas + m->nobjs) * m->T > SPECULATE_NODES)) {
    compile_start(&g, m, JIT_MODE_LOOPED, opt, key, NULL, tmp, &res, &cp);
    started = true;
  }
  JitMode mode = o->mode == JIT_MODE_LOOPED ? JIT_MODE_LOOPED : mode_of(m, o->mode, &g, &need_input, &est);
  if (started && mode != JIT_MODE_LOOPED) { compile_cancel(&cp); started = false; }
  c->st.mode = mode;
  c->st.ops = est;
  if (mode == JIT_MODE_LOOPED) {
    Layout L;
    layout_build(m, &L, &I, &D);
    nI = L.nI;
    nD = L.nD;
  }
  if (!started) compile_start(&g, m, mode, opt, key, need_input, tmp, &res, &cp);
  if (!compile_finish(&cp, &res)) {
    *err = fmt_err("%s", res.err);
    unlink(tmp);
    goto fail;
  }
  c->st.functions = res.functions;
  c->st.ops = res.ops;
  c->st.codegen_ms = res.codegen_ms;
  c->st.compile_ms = res.compile_ms;
  double tl = now_ms();
  const char *final = use_cache ? path : tmp;
  bool written = write_entry(tmp, final, key, mode, res.ops, I, nI, D, nD, err);
  free(I);
  free(D);
  I = NULL;
  D = NULL;
  if (!written) {
    unlink(tmp);
    goto fail;
  }
  pthread_mutex_lock(&jit_lock);
  bool ok = load(c, m, final, key, err);
  pthread_mutex_unlock(&jit_lock);
  if (!use_cache) unlink(tmp);       /* the mapping stays */
  if (!ok) goto fail;
  c->st.load_ms = now_ms() - tl;
  c->st.total_ms = now_ms() - t0;
  snprintf(c->st.path, sizeof c->st.path, "%s", final);
  free(need_input);
  g_free(&g);
  return c;

fail:
  if (g.ctx) gcc_jit_context_release(g.ctx);
  free(I);
  free(D);
  free(need_input);
  g_free(&g);
  free(c);
  if (!*err) *err = strdup("libgccjit failed");
  return NULL;
}

SimBlockFn jit_block(const JitCode *c) { return c ? c->fn : NULL; }
const JitStats *jit_stats(const JitCode *c) { return c ? &c->st : NULL; }

void jit_free(JitCode *c) {
  if (!c) return;
  pthread_mutex_lock(&jit_lock);
  Shared *sh = c->shared;
  if (sh && --sh->refs == 0) {
    for (Shared **pp = &shared_list; *pp; pp = &(*pp)->next)
      if (*pp == sh) { *pp = sh->next; break; }
    const int **pI = dlsym(c->handle, "bscc_I");
    const double **pD = dlsym(c->handle, "bscc_D");
    if (pI) *pI = NULL;
    if (pD) *pD = NULL;
    munmap(sh->map, sh->map_len);
    free(sh);
  }
  if (c->handle) dlclose(c->handle);
  pthread_mutex_unlock(&jit_lock);
  free(c);
}
