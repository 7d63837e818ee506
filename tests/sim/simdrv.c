/*
 * simdrv.c - a driver over the two engines of `bscc sim`, for the
 * differential tests and the benchmarks (tests/sim/run.sh, bench/).
 *
 *   simdrv diff [--mode=auto|spec|loop] [--samples N] [--as-of P] [--hold-unforecast] FILE...
 *       compiles each model, runs interp_block and the JIT code on several
 *       portfolios (none, all, random subsets) and compares scores and
 *       green counts bit for bit (memcmp); exit 1 on any difference
 *   simdrv gen SEED [N]      prints a random valid model (genmodel.h)
 *   simdrv company N [1]     prints a company of N objectives x 4 KRs
 *                            (1: every KR with a forecast, and initiatives)
 *   simdrv fuzz SEED COUNT [--mode=...]   gen + diff on COUNT models, each
 *                            simulated as its GEN_DIRECTIVE line says
 *   simdrv run --engine=jit|interp [--portfolios P] [--samples S] [--block B] FILE
 *       times one simulation (one thread) and prints a line of figures
 *   simdrv compile [--mode=...] [--opt N] [--no-cache] FILE
 *       prints the compile statistics
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "jit.h"
#include "simload.h"
#include "genmodel.h"

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static JitMode parse_mode(const char *s) {
  if (!strcmp(s, "spec")) return JIT_MODE_SPECIALISED;
  if (!strcmp(s, "loop")) return JIT_MODE_LOOPED;
  return JIT_MODE_AUTO;
}

/* 0: same; 1: differs */
static int diff_model(const SimModel *m, const char *label, JitMode mode, int samples, int verbose) {
  JitOptions o = { .opt_level = -1, .no_cache = true, .mode = mode };
  char *err = NULL;
  JitCode *c = jit_compile(m, &o, &err);
  if (!c) { fprintf(stderr, "%s: jit failed: %s\n", label, err); free(err); return 1; }
  const JitStats *st = jit_stats(c);
  char msg[256];
  int bad = simload_compare(m, jit_block(c), 42, 0, samples / 2, samples, msg, sizeof msg);
  if (bad) fprintf(stderr, "%s: %s\n", label, msg);
  if (verbose || bad)
    fprintf(stderr, "%s: %s (mode %s, %d fns, ~%ld ops, codegen %.1f ms, compile %.1f ms; %d inputs %d measures %d objectives)\n",
            label, bad ? "DIFFERS" : "same", st->mode == JIT_MODE_LOOPED ? "looped" : "specialised", st->functions,
            st->ops, st->codegen_ms, st->compile_ms, m->ninputs, m->nmeas, m->nobjs);
  jit_free(c);
  return bad;
}

int main(int argc, char **argv) {
  if (argc < 2) { fprintf(stderr, "usage: simdrv diff|gen|fuzz|run|compile ...\n"); return 2; }
  const char *cmd = argv[1];
  JitMode mode = JIT_MODE_AUTO;
  int samples = 200, nport = 1, block = 100, opt = -1, verbose = 0;
  bool no_cache = false, jit = true;
  const char *files[256];
  int nfiles = 0;
  SimLoadOptions lo = {0};
  for (int i = 2; i < argc; i++) {
    const char *a = argv[i];
    if (!strncmp(a, "--mode=", 7)) mode = parse_mode(a + 7);
    else if (!strcmp(a, "--samples") && i + 1 < argc) samples = atoi(argv[++i]);
    else if (!strcmp(a, "--portfolios") && i + 1 < argc) nport = atoi(argv[++i]);
    else if (!strcmp(a, "--block") && i + 1 < argc) block = atoi(argv[++i]);
    else if (!strcmp(a, "--opt") && i + 1 < argc) opt = atoi(argv[++i]);
    else if (!strcmp(a, "--no-cache")) no_cache = true;
    else if (!strcmp(a, "--as-of") && i + 1 < argc) lo.as_of = argv[++i];
    else if (!strcmp(a, "--hold-unforecast")) lo.hold = true;
    else if (!strcmp(a, "-v")) verbose = 1;
    else if (!strcmp(a, "--engine=interp")) jit = false;
    else if (!strcmp(a, "--engine=jit")) jit = true;
    else if (nfiles < 256) files[nfiles++] = a;
  }
  if (!strcmp(cmd, "gen")) {
    if (nfiles < 1) return 2;
    char *t = gen_model(strtoull(files[0], NULL, 10), nfiles > 1 ? atoi(files[1]) : 0);
    fputs(t, stdout);
    free(t);
    return 0;
  }
  if (!strcmp(cmd, "company")) {
    if (nfiles < 1) return 2;
    char *t = gen_company(atoi(files[0]), nfiles > 1 && atoi(files[1]));
    fputs(t, stdout);
    free(t);
    return 0;
  }
  if (!strcmp(cmd, "fuzz")) {
    if (nfiles < 2) return 2;
    uint64_t seed = strtoull(files[0], NULL, 10);
    int count = atoi(files[1]), bad = 0, skipped = 0;
    for (int i = 0; i < count; i++) {
      char *t = gen_model(seed + (uint64_t)i, 0);
      const char *why;
      char label[64];
      snprintf(label, sizeof label, "gen:%llu", (unsigned long long)(seed + i));
      char as_of[32];
      SimLoadOptions go;
      gen_directive(t, as_of, sizeof as_of, &go.as_of, &go.hold);
      SimLoaded *L = simload_with("gen.bsc", t, &go, &why);
      if (!L) { fprintf(stderr, "%s: not simulable: %s\n", label, why); skipped++; free(t); continue; }
      int b = diff_model(L->m, label, mode, samples, verbose);
      if (mode == JIT_MODE_AUTO) b |= diff_model(L->m, label, JIT_MODE_LOOPED, samples / 4 + 1, verbose);
      if (b) { bad++; if (verbose) fputs(t, stderr); }
      simload_free(L);
      free(t);
    }
    printf("fuzz: %d models, %d differ, %d not simulable\n", count, bad, skipped);
    return bad || skipped ? 1 : 0;
  }
  if (!strcmp(cmd, "diff")) {
    int bad = 0;
    for (int i = 0; i < nfiles; i++) {
      const char *why;
      SimLoaded *L = simload_with(files[i], NULL, &lo, &why);
      /* a model the simulation refuses to model (docs/simulation.md, "What
       * is not simulated yet") has nothing to compare: said, not counted */
      if (!L && why && strstr(why, "does not model yet")) { fprintf(stderr, "%s: not simulated: %s\n", files[i], why); continue; }
      if (!L) { fprintf(stderr, "%s: %s\n", files[i], why); bad++; continue; }
      if (mode == JIT_MODE_AUTO) {
        bad += diff_model(L->m, files[i], JIT_MODE_SPECIALISED, samples, verbose);
        bad += diff_model(L->m, files[i], JIT_MODE_LOOPED, samples, verbose);
      } else {
        bad += diff_model(L->m, files[i], mode, samples, verbose);
      }
      simload_free(L);
    }
    printf("diff: %d file(s), %d difference(s)\n", nfiles, bad);
    return bad ? 1 : 0;
  }
  if (!strcmp(cmd, "compile")) {
    for (int i = 0; i < nfiles; i++) {
      double t0 = now_s();
      const char *why;
      SimLoaded *L = simload(files[i], NULL, &why);
      if (!L) { fprintf(stderr, "%s: %s\n", files[i], why); return 1; }
      double t1 = now_s();
      JitOptions o = { .opt_level = opt, .no_cache = no_cache, .mode = mode };
      char *err = NULL;
      JitCode *c = jit_compile(L->m, &o, &err);
      if (!c) { fprintf(stderr, "%s: %s\n", files[i], err); return 1; }
      const JitStats *st = jit_stats(c);
      printf("%s: measures %d objectives %d inputs %d | load+lower %.0f ms (parse %.0f, check %.0f, score %.0f, "
             "lower %.0f) | %s -O%d, %d functions, ~%ld ops | codegen %.1f ms, gcc %.1f ms, load %.1f ms, total %.1f ms%s\n",
             files[i], L->m->nmeas, L->m->nobjs, L->m->ninputs, (t1 - t0) * 1e3, L->ms[0], L->ms[1], L->ms[2], L->ms[3],
             st->mode == JIT_MODE_LOOPED ? "looped" : "specialised", st->opt_level, st->functions, st->ops,
             st->codegen_ms, st->compile_ms, st->load_ms, st->total_ms, st->cache_hit ? " (cache hit)" : "");
      jit_free(c);
      simload_free(L);
    }
    return 0;
  }
  if (!strcmp(cmd, "run")) {
    if (nfiles != 1) return 2;
    const char *why;
    SimLoaded *L = simload(files[0], NULL, &why);
    if (!L) { fprintf(stderr, "%s: %s\n", files[0], why); return 1; }
    const SimModel *m = L->m;
    SimBlockFn fn = interp_block;
    JitCode *c = NULL;
    double tc = 0;
    if (jit) {
      double t0 = now_s();
      JitOptions o = { .opt_level = opt, .no_cache = no_cache, .mode = mode };
      char *err = NULL;
      c = jit_compile(m, &o, &err);
      if (!c) { fprintf(stderr, "jit: %s\n", err); return 1; }
      fn = jit_block(c);
      tc = now_s() - t0;
    }
    int ni = m->ninits;
    /* portfolio p funds initiative i when bit i of p is set (every subset
     * when P = 2^ninits) */
    unsigned char *funded = calloc((size_t)nport * ni + 1, 1);
    for (int p = 0; p < nport; p++)
      for (int i = 0; i < ni; i++) funded[(size_t)p * ni + i] = i < 31 ? (p >> i) & 1 : 0;
    uint64_t *keys = calloc((size_t)m->ninputs + 1, sizeof(uint64_t));
    for (int i = 0; i < m->ninputs; i++) keys[i] = rt_stream_key(42, m->inputs[i].stream);
    double *scores = malloc(sizeof(double) * (size_t)nport * block);
    uint32_t *green = calloc((size_t)nport * sim_green_stride(m) + 1, sizeof(uint32_t));
    double *mean = calloc((size_t)nport, sizeof(double));
    double t0 = now_s();
    for (int s0 = 0; s0 < samples; s0 += block) {
      int ns = samples - s0 < block ? samples - s0 : block;
      fn(m, funded, nport, (uint64_t)s0, ns, keys, scores, green, NULL);
      for (int p = 0; p < nport; p++)
        for (int j = 0; j < ns; j++) mean[p] += scores[(size_t)p * ns + j];
    }
    double t = now_s() - t0;
    double best = -1;
    int bp = 0;
    for (int p = 0; p < nport; p++) if (mean[p] > best) { best = mean[p]; bp = p; }
    printf("engine=%s portfolios=%d samples=%d seconds=%.4f compile_s=%.4f ns_per_eval=%.1f best=%d mean=%.6f check=%.10g\n",
           jit ? "jit" : "interp", nport, samples, t, tc, t * 1e9 / ((double)nport * samples), bp, best / samples,
           mean[0] / samples);
    free(funded); free(keys); free(scores); free(green); free(mean);
    jit_free(c);
    simload_free(L);
    return 0;
  }
  fprintf(stderr, "simdrv: unknown command `%s`\n", cmd);
  return 2;
}
