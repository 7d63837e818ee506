/*
 * test_jit.c - the libgccjit back end of `bscc sim` (compiler/jit.c):
 *  - bit-for-bit agreement with interp_block on every example and on
 *    random models (tests/sim/genmodel.h), in both code generation modes;
 *  - models of 10 .. 100,000 KRs compile and run (no time is asserted);
 *  - the disk cache: a hit the second time, a corrupt or foreign file, a
 *    link to /dev/zero or a FIFO rejected and rebuilt; a looped entry's
 *    tables (used in place) checked to the last byte; a changed model a
 *    different hash and a miss;
 *  - a model with a known answer, within the Monte Carlo error.
 * tests/sim/run.sh (make sim-diff) runs the same comparison on hundreds of
 * random models.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include "jit.h"
#include "../sim/simload.h"
#include "../sim/genmodel.h"

/* Removes a test's cache directory (and everything in it). */
static void rm_tree(const char *dir) {
  char cmd[600];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  cr_assert_eq(system(cmd), 0);
}

/* Both engines on the same work, bit for bit (tests/sim/simload.h). */
static void check_same(const SimModel *m, JitCode *c, int samples, const char *what) {
  char msg[256];
  cr_assert(!simload_compare(m, jit_block(c), 7, 5, samples / 3, samples, msg, sizeof msg), "%s: %s", what, msg);
}

static void check_model(const SimModel *m, JitMode mode, int samples, const char *what) {
  JitOptions o = { .opt_level = -1, .no_cache = true, .mode = mode };
  char *err = NULL;
  JitCode *c = jit_compile(m, &o, &err);
  cr_assert(c, "%s: jit_compile failed: %s", what, err ? err : "?");
  cr_assert_eq(jit_stats(c)->mode, mode == JIT_MODE_AUTO ? jit_stats(c)->mode : mode);
  check_same(m, c, samples, what);
  jit_free(c);
}

/* A model loaded and lowered (text NULL: read the file), or the test fails. */
static SimLoaded *loaded(const char *path, const char *text) {
  const char *why;
  SimLoaded *L = simload(path, text, &why);
  cr_assert(L, "%s does not load: %s", path, why);
  return L;
}

static const char *examples[] = {
  "../../examples/quickstart.bsc", "../../examples/retailer.bsc", "../../examples/toymaker.bsc",
  "../../examples/smart_hardware/strategy.bsc",
};

/* Decision periods (docs/simulation.md §9) in both modes: actuals fixed,
 * lines restarting from them, effects landing from the decision on (the
 * city at Q3 fails if the JIT counts lags from period 0).  make sim-diff
 * runs every example at every decision period. */
static void check_at(const char *file, const char *as_of, bool hold) {
  SimLoadOptions lo = { .as_of = as_of, .hold = hold };
  const char *why;
  SimLoaded *L = simload_with(file, NULL, &lo, &why);
  cr_assert(L, "%s at %s: %s", file, as_of, why);
  char what[128];
  snprintf(what, sizeof what, "%s at %s%s", file, as_of, hold ? " (hold)" : "");
  check_model(L->m, JIT_MODE_SPECIALISED, 90, what);
  check_model(L->m, JIT_MODE_LOOPED, 90, what);
  simload_free(L);
}

Test(jit, examples_bit_for_bit, .timeout = 120) {
  for (size_t i = 0; i < sizeof examples / sizeof *examples; i++) {
    SimLoaded *L = loaded(examples[i], NULL);
    check_model(L->m, JIT_MODE_SPECIALISED, 300, examples[i]);
    check_model(L->m, JIT_MODE_LOOPED, 300, examples[i]);
    simload_free(L);
  }
}

Test(jit, random_models_bit_for_bit, .timeout = 300) {
  for (uint64_t seed = 1000; seed < 1024; seed++) {
    char *text = gen_model(seed, 0);
    const char *why;
    char as_of[32];
    SimLoadOptions lo;
    gen_directive(text, as_of, sizeof as_of, &lo.as_of, &lo.hold);
    SimLoaded *L = simload_with("gen.bsc", text, &lo, &why);
    cr_assert(L, "model %llu does not check: %s\n%s", (unsigned long long)seed, why, text);
    char what[64];
    snprintf(what, sizeof what, "random model %llu", (unsigned long long)seed);
    check_model(L->m, seed % 2 ? JIT_MODE_SPECIALISED : JIT_MODE_LOOPED, 120, what);
    simload_free(L);
    free(text);
  }
}

/* The looped code computes once per sample what no funded initiative can
 * change, and per portfolio the rest.  Here the split must follow a formula
 * over a funded KR (e1), an alignment (d -> c) and a lagged link that runs
 * against the order of evaluation (c -> a, then a -> b): classifying a or b
 * as per-sample would read c before this portfolio computed it. */
static const char split_model[] =
  "strategy \"Split\" {\n"
  "  horizon 2025-Q1 .. 2025-Q4\n"
  "  perspectives { financial 25%  customer 25%  process 25%  learning 25% }\n"
  "}\n"
  "objective a \"A, driven back by c\" in learning {\n"
  "  kr a1 : percent 10% -> 20% forecast normal(16%, 3%)\n"
  "  kr a2 : percent 20% -> 40% = a1_twin * 2\n"
  "  kr a1_twin : percent 10% -> 20% forecast uniform(12%, 18%)\n"
  "}\n"
  "objective b \"B, untouched\" in process {\n"
  "  kr b1 : hours 72 -> 24 forecast triangular(20, 40, 70)\n"
  "  kr b2 : hours 73 -> 25 = b1 + 1 hours\n"
  "}\n"
  "objective c \"C, funded\" in customer {\n"
  "  kr c1 : count 0 -> 12 forecast pert(2, 8, 14)\n"
  "}\n"
  "objective d \"D, a team under c\" {\n"
  "  team \"Team D\"  aligns c\n"
  "  kr d1 : score 60 -> 73 forecast normal(68, 3)\n"
  "}\n"
  "objective e \"E, aligned to nothing funded\" in financial {\n"
  "  kr e1 : count 0 -> 30 = c1 * 2\n"
  "}\n"
  "a -> b strength 0.5 lag 0q\n"
  "b -> e strength 0.2 lag 0q\n"
  "c -> e strength 0.2 lag 0q\n"
  "b -> c strength 0.4 lag 1q\n"
  "c -> a strength 0.3 lag 1q\n"
  "initiative fund_d \"Fund D\" {\n"
  "  cost 10000 USD\n"
  "  affects d1 by normal(2, 1) lag 1q\n"
  "}\n"
  "initiative fund_c \"Fund C\" {\n"
  "  cost 20000 USD\n"
  "  affects c1 by 3 lag 0q\n"
  "}\n";

Test(jit, looped_per_sample_split_bit_for_bit, .timeout = 120) {
  SimLoaded *L = loaded("split.bsc", split_model);
  check_model(L->m, JIT_MODE_LOOPED, 200, "split.bsc");
  simload_free(L);
}

Test(jit, decision_periods_bit_for_bit, .timeout = 120) {
  check_at("../../examples/city.bsc", "2025-Q3", false);
  check_at("../../examples/retailer.bsc", "2024-Q3", true);
}

/* 10 .. 100,000 KRs: compiles without crashing (code size follows shapes,
 * not nodes) and still agrees with the interpreter.  No time asserted. */
Test(jit, size_scaling, .timeout = 600) {
  int objs[] = { 3, 25, 250, 2500, 25000 };
  for (int i = 0; i < 5; i++) {
    for (int u = 0; u < 2; u++) {
      char *text = gen_company(objs[i], u);
      SimLoaded *L = loaded("company.bsc", text);
      char what[64];
      snprintf(what, sizeof what, "company of %d KRs%s", 4 * objs[i], u ? ", uncertain" : "");
      check_model(L->m, JIT_MODE_AUTO, objs[i] > 1000 ? 2 : 12, what);
      if (objs[i] >= 250) check_model(L->m, JIT_MODE_LOOPED, 2, what);
      simload_free(L);
      free(text);
    }
  }
}

/* A big model's looped compile starts before the analysis that decides
 * the mode (jit.c, SPECULATE_NODES): kept when the analysis says looped
 * (an uncertain company of 10,000 KRs), stopped and replaced by the
 * specialised compile when nearly everything folds (a certain company of
 * 1,600 KRs: 8,000 nodes, ~1,600 operations).  Each the mode expected and
 * bit for bit the interpreter's, in the cache as without it. */
Test(jit, speculative_looped_kept_or_stopped, .timeout = 300) {
  struct { int objs; bool u; JitMode want; } cs[] = { { 2500, true, JIT_MODE_LOOPED }, { 400, false, JIT_MODE_SPECIALISED } };
  char dir[64];
  snprintf(dir, sizeof dir, "/tmp/bscc-jit-spec-XXXXXX");
  cr_assert(mkdtemp(dir));
  for (int i = 0; i < 2; i++) {
    char *text = gen_company(cs[i].objs, cs[i].u);
    SimLoaded *L = loaded("company.bsc", text);
    cr_assert_gt(((long)L->m->nmeas + L->m->nobjs) * L->m->T, 6000, "the model is big enough to start looped");
    for (int cached = 0; cached < 2; cached++) {
      JitOptions o = { .opt_level = -1, .no_cache = !cached, .cache_dir = cached ? dir : NULL };
      char *err = NULL;
      JitCode *c = jit_compile(L->m, &o, &err);
      cr_assert(c, "jit_compile: %s", err ? err : "?");
      cr_assert_eq(jit_stats(c)->mode, cs[i].want, "company of %d objectives: mode %d", cs[i].objs, jit_stats(c)->mode);
      cr_assert(!jit_stats(c)->cache_hit);
      check_same(L->m, c, 4, cs[i].u ? "kept looped" : "stopped, specialised");
      jit_free(c);
      if (cached) {                /* and the entry it wrote is a hit of that mode */
        c = jit_compile(L->m, &o, &err);
        cr_assert(c && jit_stats(c)->cache_hit && jit_stats(c)->mode == cs[i].want);
        check_same(L->m, c, 4, "hit");
        jit_free(c);
      }
    }
    simload_free(L);
    free(text);
  }
  rm_tree(dir);
}

static char cache_tmp[256];

static JitCode *compile_cached(const SimModel *m, bool *hit, bool *rejected) {
  JitOptions o = { .opt_level = 1, .cache_dir = cache_tmp, .mode = JIT_MODE_SPECIALISED };
  char *err = NULL;
  JitCode *c = jit_compile(m, &o, &err);
  cr_assert(c, "jit_compile: %s", err ? err : "?");
  *hit = jit_stats(c)->cache_hit;
  *rejected = jit_stats(c)->cache_rejected;
  return c;
}

Test(jit, cache_hit_corrupt_foreign, .timeout = 120) {
  snprintf(cache_tmp, sizeof cache_tmp, "/tmp/bscc-jit-test-XXXXXX");
  cr_assert(mkdtemp(cache_tmp));
  const char *why;
  SimLoaded *A = simload(examples[3], NULL, &why), *B = simload(examples[0], NULL, &why);
  cr_assert(A && B);
  bool hit, rej;
  JitCode *c = compile_cached(A->m, &hit, &rej);
  cr_assert(!hit && !rej, "first compile is a miss");
  char path[700];
  snprintf(path, sizeof path, "%s", jit_stats(c)->path);
  cr_assert(!strncmp(path, cache_tmp, strlen(cache_tmp)), "the object is in the cache dir: %s", path);
  jit_free(c);
  c = compile_cached(A->m, &hit, &rej);
  cr_assert(hit, "second compile is a cache hit");
  check_same(A->m, c, 50, "cache hit");
  jit_free(c);
  /* corrupt: flip a byte in the middle of the file */
  FILE *f = fopen(path, "r+b");
  cr_assert(f);
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, n / 2, SEEK_SET);
  int ch = fgetc(f);
  fseek(f, n / 2, SEEK_SET);
  fputc(ch ^ 0x5A, f);
  fclose(f);
  c = compile_cached(A->m, &hit, &rej);
  cr_assert(!hit && rej, "a corrupt file is rejected and rebuilt");
  check_same(A->m, c, 50, "rebuilt after corruption");
  jit_free(c);
  c = compile_cached(A->m, &hit, &rej);
  cr_assert(hit, "the rebuilt file is a hit");
  jit_free(c);
  /* foreign: another model's object under this model's name */
  JitCode *cb = compile_cached(B->m, &hit, &rej);
  char pb[700];
  snprintf(pb, sizeof pb, "%s", jit_stats(cb)->path);
  jit_free(cb);
  char cmd[1600];
  snprintf(cmd, sizeof cmd, "cp '%s' '%s'", pb, path);
  cr_assert_eq(system(cmd), 0);
  c = compile_cached(A->m, &hit, &rej);
  cr_assert(!hit && rej, "a foreign file is rejected");
  check_same(A->m, c, 50, "rebuilt after a foreign file");
  jit_free(c);
  /* truncated */
  cr_assert_eq(truncate(path, 100), 0);
  c = compile_cached(A->m, &hit, &rej);
  cr_assert(!hit && rej, "a truncated file is rejected");
  jit_free(c);
  simload_free(A);
  simload_free(B);
  rm_tree(cache_tmp);
}

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define BSC_HAS_ASAN 1
#endif
#endif
#ifndef BSC_HAS_ASAN
#define BSC_HAS_ASAN 0
#endif

/* A cache entry that is not a regular file (a link to /dev/zero, a FIFO)
 * is a miss: rejected without being read or waited on, and rebuilt.  The
 * address space is capped so that a regression (the whole of /dev/zero
 * read) fails on the peak resident size instead of eating the machine; a
 * FIFO that blocked would hit the timeout. */
Test(jit, cache_entry_not_a_regular_file, .timeout = 120) {
  snprintf(cache_tmp, sizeof cache_tmp, "/tmp/bscc-jit-test-XXXXXX");
  cr_assert(mkdtemp(cache_tmp));
#if !defined(__SANITIZE_ADDRESS__) && !BSC_HAS_ASAN  /* ASan needs terabytes of address space */
  struct rlimit rl = { (rlim_t)3 << 30, (rlim_t)3 << 30 };
  cr_assert_eq(setrlimit(RLIMIT_AS, &rl), 0);
#endif
  SimLoaded *A = loaded(examples[0], NULL);
  bool hit, rej;
  JitCode *c = compile_cached(A->m, &hit, &rej);
  char path[700];
  snprintf(path, sizeof path, "%s", jit_stats(c)->path);
  jit_free(c);
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  long before = ru.ru_maxrss;
  for (int bad = 0; bad < 2; bad++) {
    cr_assert_eq(unlink(path), 0);
    if (bad == 0) cr_assert_eq(symlink("/dev/zero", path), 0);
    else cr_assert_eq(mkfifo(path, 0600), 0);
    c = compile_cached(A->m, &hit, &rej);
    cr_assert(!hit && rej, "a %s is rejected", bad ? "FIFO" : "link to /dev/zero");
    check_same(A->m, c, 50, "rebuilt");
    jit_free(c);
    struct stat st;
    cr_assert_eq(lstat(path, &st), 0);
    cr_assert(S_ISREG(st.st_mode), "the entry is a regular file again");
    c = compile_cached(A->m, &hit, &rej);
    cr_assert(hit, "and a hit the next time");
    jit_free(c);
  }
  getrusage(RUSAGE_SELF, &ru);
  cr_assert_lt(ru.ru_maxrss - before, 256L << 10, "the entry was read: %ld KiB more resident", ru.ru_maxrss - before);
  simload_free(A);
  rm_tree(cache_tmp);
}

/* Two models' cache hits held at once: each is loaded from the verified
 * descriptor of its entry (/proc/self/fd/N), and the second must not be
 * taken for the first because its descriptor had the same number. */
Test(jit, cache_two_models_at_once, .timeout = 120) {
  snprintf(cache_tmp, sizeof cache_tmp, "/tmp/bscc-jit-test-XXXXXX");
  cr_assert(mkdtemp(cache_tmp));
  SimLoaded *A = loaded(examples[0], NULL), *B = loaded(examples[2], NULL);
  bool hit, rej;
  jit_free(compile_cached(A->m, &hit, &rej));
  jit_free(compile_cached(B->m, &hit, &rej));
  JitCode *ca = compile_cached(A->m, &hit, &rej);
  cr_assert(hit, "A is a hit");
  JitCode *cb = compile_cached(B->m, &hit, &rej);
  cr_assert(hit && !rej, "B is a hit while A is loaded");
  JitCode *ca2 = compile_cached(A->m, &hit, &rej);
  cr_assert(hit && !rej, "A again, while both are loaded");
  check_same(A->m, ca, 30, "A");
  check_same(B->m, cb, 30, "B");
  check_same(A->m, ca2, 30, "A again");
  jit_free(ca);
  jit_free(cb);
  jit_free(ca2);
  simload_free(A);
  simload_free(B);
  rm_tree(cache_tmp);
}

/* A looped-mode entry, whose tables the hit uses in place from the
 * entry's mapping: a byte flipped anywhere (the object, the tables, the
 * trailer), a cut, or bytes appended are a miss, rebuilt, never a crash;
 * two holders of one loaded entry share its tables, freed in either order. */
static void flip_at(const char *path, long at) {
  FILE *f = fopen(path, "r+b");
  cr_assert(f);
  cr_assert_eq(fseek(f, at, SEEK_SET), 0);
  int ch = fgetc(f);
  cr_assert_neq(ch, EOF);
  cr_assert_eq(fseek(f, at, SEEK_SET), 0);
  fputc(ch ^ 0x01, f);
  fclose(f);
}

static JitCode *compile_looped(const SimModel *m, bool *hit, bool *rejected) {
  JitOptions o = { .opt_level = 0, .cache_dir = cache_tmp, .mode = JIT_MODE_LOOPED };
  char *err = NULL;
  JitCode *c = jit_compile(m, &o, &err);
  cr_assert(c, "jit_compile: %s", err ? err : "?");
  cr_assert_eq(jit_stats(c)->mode, JIT_MODE_LOOPED);
  *hit = jit_stats(c)->cache_hit;
  *rejected = jit_stats(c)->cache_rejected;
  return c;
}

Test(jit, cache_looped_tables_in_place, .timeout = 300) {
  snprintf(cache_tmp, sizeof cache_tmp, "/tmp/bscc-jit-test-XXXXXX");
  cr_assert(mkdtemp(cache_tmp));
  char *text = gen_company(250, true);
  SimLoaded *A = loaded("company.bsc", text);
  free(text);
  bool hit, rej;
  JitCode *c = compile_looped(A->m, &hit, &rej);
  char path[700];
  snprintf(path, sizeof path, "%s", jit_stats(c)->path);
  jit_free(c);
  struct stat st;
  cr_assert_eq(stat(path, &st), 0);
  long n = (long)st.st_size;
  /* the object's header, its middle and end, the tables, the trailer */
  long at[] = { 20, n / 8, n / 2, n - 300, n - 40, n - 1 };
  for (size_t i = 0; i < sizeof at / sizeof at[0]; i++) {
    flip_at(path, at[i]);
    c = compile_looped(A->m, &hit, &rej);
    cr_assert(!hit && rej, "a byte flipped at %ld of %ld is rejected", at[i], n);
    jit_free(c);
  }
  cr_assert_eq(truncate(path, n - 8), 0);
  c = compile_looped(A->m, &hit, &rej);
  cr_assert(!hit && rej, "a cut entry is rejected");
  jit_free(c);
  FILE *f = fopen(path, "ab");
  cr_assert(f);
  fputs("garbage", f);
  fclose(f);
  c = compile_looped(A->m, &hit, &rej);
  cr_assert(!hit && rej, "an entry with bytes appended is rejected");
  check_same(A->m, c, 6, "rebuilt");
  jit_free(c);
  JitCode *c1 = compile_looped(A->m, &hit, &rej);
  cr_assert(hit, "a hit");
  JitCode *c2 = compile_looped(A->m, &hit, &rej);
  cr_assert(hit && !rej, "a second holder");
  check_same(A->m, c1, 6, "first holder");
  jit_free(c1);
  check_same(A->m, c2, 6, "second holder, the first freed");
  jit_free(c2);
  simload_free(A);
  rm_tree(cache_tmp);
}

/* A model with a known answer: one range KR 0 -> 1000 forecast
 * normal(400, 50), an initiative adding normal(100, 30): the score is
 * (X + Y) / 1000 when funded, X / 1000 when not (far from the clamps). */
static const char *known =
  "strategy \"Known\" {\n  horizon 2025-Q1 .. 2025-Q4\n"
  "  perspectives { financial 25%  customer 25%  process 25%  learning 25% }\n}\n"
  "objective a \"A\" in financial {\n  owner \"A\"\n  kr ka : count 0 -> 1000 forecast normal(400, 50)\n}\n"
  "initiative boost \"Boost\" {\n  owner \"B\"\n  cost 1000 USD\n  affects ka by normal(100, 30)\n}\n";

/* The model's hash (sim_model_hash, the cache key's part from the model)
 * is the same for the same text lowered twice, and differs when any number
 * the generated code or its tables read changes: each variant of `known`
 * changes one, and is a cache miss where `known` is in the cache. */
static char *replaced(const char *text, const char *from, const char *to) {
  const char *at = strstr(text, from);
  cr_assert(at, "`%s` is in the model", from);
  size_t n = strlen(text) - strlen(from) + strlen(to);
  char *out = malloc(n + 1);
  snprintf(out, n + 1, "%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
  return out;
}

Test(jit, changed_model_changes_hash_and_misses, .timeout = 300) {
  snprintf(cache_tmp, sizeof cache_tmp, "/tmp/bscc-jit-test-XXXXXX");
  cr_assert(mkdtemp(cache_tmp));
  SimLoaded *A = loaded("known.bsc", known), *A2 = loaded("known.bsc", known);
  cr_assert_eq(A->m->hash, A2->m->hash, "the same model, the same hash");
  simload_free(A2);
  bool hit, rej;
  jit_free(compile_cached(A->m, &hit, &rej));
  jit_free(compile_cached(A->m, &hit, &rej));
  cr_assert(hit, "the model is in the cache");
  static const char *edits[][2] = {
    { "normal(400, 50)", "normal(400, 51)" },     /* a forecast's parameter */
    { "normal(400, 50)", "lognormal(400, 50)" },  /* its family */
    { "0 -> 1000", "0 -> 1001" },                 /* a target */
    { "0 -> 1000", "1 -> 1000" },                 /* a baseline */
    { "normal(100, 30)", "normal(100.5, 30)" },   /* an effect */
    { "by normal(100, 30)", "by 100" },           /* an effect made certain */
    { "by normal(100, 30)", "by normal(100, 30) lag 1q" },  /* its lag */
    { "2025-Q4", "2026-Q1" },                     /* the horizon */
    { "financial 25%  customer 25%", "financial 40%  customer 10%" },  /* a weight */
  };
  for (size_t i = 0; i < sizeof edits / sizeof edits[0]; i++) {
    char *t = replaced(known, edits[i][0], edits[i][1]);
    SimLoaded *B = loaded("known.bsc", t);
    cr_assert_neq(A->m->hash, B->m->hash, "`%s` -> `%s` changes the hash", edits[i][0], edits[i][1]);
    JitCode *c = compile_cached(B->m, &hit, &rej);
    cr_assert(!hit && !rej, "`%s` -> `%s` is a miss", edits[i][0], edits[i][1]);
    check_same(B->m, c, 30, edits[i][1]);
    jit_free(c);
    simload_free(B);
    free(t);
  }
  simload_free(A);
  rm_tree(cache_tmp);
}

Test(jit, known_answer_within_mc_error, .timeout = 120) {
  SimLoaded *L = loaded("known.bsc", known);
  const SimModel *m = L->m;
  cr_assert_eq(m->ninits, 1);
  JitOptions o = { .opt_level = -1, .no_cache = true };
  char *err = NULL;
  JitCode *c = jit_compile(m, &o, &err);
  cr_assert(c, "%s", err ? err : "?");
  enum { N = 20000 };
  unsigned char funded[2] = { 0, 1 };
  uint64_t keys[4];
  for (int i = 0; i < m->ninputs; i++) keys[i] = rt_stream_key(99, m->inputs[i].stream);
  double *s = malloc(sizeof(double) * 2 * N);
  uint32_t green[16] = {0};
  SimBlockFn fns[2] = { interp_block, jit_block(c) };
  for (int e = 0; e < 2; e++) {
    fns[e](m, funded, 2, 0, N, keys, s, green, NULL);
    for (int p = 0; p < 2; p++) {
      double mean = 0, var = 0;
      for (int j = 0; j < N; j++) mean += s[p * N + j];
      mean /= N;
      for (int j = 0; j < N; j++) var += (s[p * N + j] - mean) * (s[p * N + j] - mean);
      var /= N - 1;
      double mu = p ? 0.5 : 0.4, sd = p ? sqrt(50.0 * 50 + 30.0 * 30) / 1000 : 0.05;
      cr_assert(fabs(mean - mu) < 5 * sd / sqrt(N), "engine %d portfolio %d: mean %g, expected %g", e, p, mean, mu);
      cr_assert(fabs(var / (sd * sd) - 1) < 5 * sqrt(2.0 / N), "engine %d portfolio %d: variance %g, expected %g",
                e, p, var, sd * sd);
    }
  }
  free(s);
  jit_free(c);
  simload_free(L);
}

Test(jit, failure_is_reported_not_fatal) {
  SimLoaded *L = loaded(examples[0], NULL);
  /* a cache directory that cannot be created: compiled to a temporary
   * file instead, or NULL with a message; never a crash */
  JitOptions o = { .opt_level = 0, .cache_dir = "/proc/no/such/dir" };
  char *err = NULL;
  JitCode *c = jit_compile(L->m, &o, &err);
  if (c) check_same(L->m, c, 20, "uncacheable");
  else cr_assert(err && *err);
  jit_free(c);
  free(err);
  simload_free(L);
}
