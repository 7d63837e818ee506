/*
 * test_objstats.c - each objective's statistics (docs/simulation.md §4)
 * from the engines' own pass (sim_run_objs, the block function's objq)
 * against a plain reference computed here: interp_eval sample by sample,
 * Q(o, T-1) read from its work, the mean summed in sample order, the
 * standard deviation about it, the percentiles from a sorted copy and
 * p_green from the green flags.  Bit for bit, for the interpreter and
 * both JIT modes (specialised and looped), with one and two threads, on
 * a sample count that ends in a partial block and on more portfolios
 * than one chunk holds.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "../sim/simload.h"
#include "sorted_ref.h"
#include "sim_decide.h"
#include "jit.h"

static SimLoaded *loaded(const char *path) {
  const char *why;
  SimLoaded *L = simload(path, NULL, &why);
  cr_assert(L, "%s does not load: %s", path, why);
  return L;
}

/* The reference: each objective of portfolio f over samples 0..N-1 of seed. */
static SimObjStat *reference(const SimModel *m, const unsigned char *f, uint64_t seed, int N) {
  int no = m->nobjs, T = m->T;
  SimObjStat *st = calloc((size_t)no + 1, sizeof *st);
  uint64_t *keys = sim_keys(m, seed);
  double *x = malloc(sizeof(double) * ((size_t)m->ninputs + 1));
  double *work = malloc(sizeof(double) * interp_work_size(m));
  unsigned char *g = malloc((size_t)no + 1);
  double *q = malloc(sizeof(double) * ((size_t)no * N + 1));
  const double *Q = work + 2 * (size_t)m->nmeas;
  for (int j = 0; j < N; j++) {
    for (int i = 0; i < m->ninputs; i++) x[i] = rt_sample(&m->inputs[i].d, keys[i], (uint64_t)j);
    interp_eval(m, f, x, work, g);
    for (int o = 0; o < no; o++) {
      q[(size_t)o * N + j] = Q[(size_t)o * T + T - 1];
      st[o].p_green += g[o];
    }
  }
  for (int o = 0; o < no; o++) {
    double *a = q + (size_t)o * N, sum = 0.0, ss = 0.0;
    for (int j = 0; j < N; j++) sum = sum + a[j];
    st[o].mean = sum / N;
    for (int j = 0; j < N; j++) ss = ss + (a[j] - st[o].mean) * (a[j] - st[o].mean);
    st[o].sd = N < 2 ? 0.0 : sqrt(ss / (N - 1));
    qsort(a, (size_t)N, sizeof(double), cmp_double);
    st[o].p5 = sorted_q(a, N, 0.05);
    st[o].p50 = sorted_q(a, N, 0.50);
    st[o].p95 = sorted_q(a, N, 0.95);
    st[o].p_green = st[o].p_green / N;
  }
  free(keys); free(x); free(work); free(g); free(q);
  return st;
}

/* nport portfolios: portfolio p funds initiative i when bit i of p % 2^k
 * is set, k = min(ninits, 4) (every subset, repeated past 2^k) */
static unsigned char *subsets(const SimModel *m, int nport) {
  unsigned char *f = calloc((size_t)nport * m->ninits + 1, 1);
  int k = m->ninits < 4 ? m->ninits : 4;
  for (int p = 0; p < nport; p++)
    for (int i = 0; i < k; i++) f[(size_t)p * m->ninits + i] = (unsigned char)(((p % (1 << k)) >> i) & 1);
  return f;
}

static bool same(double a, double b) { return memcmp(&a, &b, sizeof a) == 0; }

static void expect_equal(const SimModel *m, const SimObjStat *got, const SimObjStat *ref, const char *what, int p) {
  for (int o = 0; o < m->nobjs; o++) {
    const SimObjStat *x = &got[o], *y = &ref[o];
    cr_assert(same(x->mean, y->mean) && same(x->sd, y->sd) && same(x->p5, y->p5) && same(x->p50, y->p50) &&
              same(x->p95, y->p95) && same(x->p_green, y->p_green),
              "%s, portfolio %d, objective %s: mean %.17g sd %.17g p5 %.17g p50 %.17g p95 %.17g green %.17g, "
              "expected %.17g %.17g %.17g %.17g %.17g %.17g", what, p, m->objs[o].name, x->mean, x->sd, x->p5,
              x->p50, x->p95, x->p_green, y->mean, y->sd, y->p5, y->p50, y->p95, y->p_green);
  }
}

/* Every engine and thread count against the reference on nport portfolios. */
static void check_model(const char *path, int nport, int N) {
  SimLoaded *L = loaded(path);
  const SimModel *m = L->m;
  unsigned char *f = subsets(m, nport);
  int nref = nport < 1 ? 1 : nport < 16 ? nport : 16;   /* the distinct ones */
  SimObjStat **ref = calloc((size_t)nref, sizeof *ref);
  for (int p = 0; p < nref; p++) ref[p] = reference(m, f + (size_t)p * m->ninits, 7, N);
  JitCode *jc[2] = { NULL, NULL };
  JitMode modes[2] = { JIT_MODE_SPECIALISED, JIT_MODE_LOOPED };
  for (int k = 0; k < 2; k++) {
    JitOptions o = { .opt_level = -1, .no_cache = true, .mode = modes[k] };
    char *err = NULL;
    jc[k] = jit_compile(m, &o, &err);
    cr_assert(jc[k], "%s: %s", path, err ? err : "?");
    cr_assert_eq(jit_stats(jc[k])->mode, modes[k]);
  }
  SimBlockFn fns[3] = { interp_block, jit_block(jc[0]), jit_block(jc[1]) };
  const char *names[3] = { "interp", "jit specialised", "jit looped" };
  for (int e = 0; e < 3; e++) {
    for (int threads = 1; threads <= 2; threads++) {
      SimConfig c = { .seed = 7, .samples = N, .threads = threads };
      SimResult *res = calloc((size_t)nport, sizeof *res), *plain = calloc((size_t)nport, sizeof *plain);
      SimObjStat **st = calloc((size_t)nport, sizeof *st);
      sim_run_objs(m, fns[e], f, nport, &c, res, st);
      sim_run(m, fns[e], f, nport, &c, plain);
      char what[96];
      snprintf(what, sizeof what, "%s: %s, %d thread%s", path, names[e], threads, threads > 1 ? "s" : "");
      for (int p = 0; p < nport; p++) {
        expect_equal(m, st[p], ref[p % nref], what, p);
        /* keeping the objectives changes nothing of the portfolio's own numbers */
        cr_assert(same(res[p].mean, plain[p].mean) && same(res[p].sd, plain[p].sd) && same(res[p].p5, plain[p].p5) &&
                  same(res[p].p50, plain[p].p50) && same(res[p].p95, plain[p].p95) &&
                  !memcmp(res[p].hist, plain[p].hist, sizeof res[p].hist), "%s, portfolio %d: scores differ", what, p);
        for (int o = 0; o <= m->nobjs; o++) cr_assert(same(res[p].p_green[o], plain[p].p_green[o]));
        free(st[p]);
      }
      sim_results_free(res, nport);
      sim_results_free(plain, nport);
      free(res); free(plain); free(st);
    }
  }
  /* sim_obj_stats: the chosen portfolios' pass of bscc sim */
  SimConfig c = { .seed = 7, .samples = N, .threads = 2 };
  SimObjStat **st = sim_obj_stats(m, fns[1], f, nref, &c);
  for (int p = 0; p < nref; p++) {
    expect_equal(m, st[p], ref[p], "sim_obj_stats", p);
    free(st[p]);
  }
  free(st);
  for (int p = 0; p < nref; p++) free(ref[p]);
  free(ref);
  free(f);
  jit_free(jc[0]);
  jit_free(jc[1]);
  simload_free(L);
}

/* 16 portfolios, objectives constant, shared by several portfolios and
 * drawn; 1,000 samples: seven full blocks and a partial one */
Test(objstats, smart_hardware_engines_threads, .timeout = 300) {
  check_model("../../examples/smart_hardware/strategy.bsc", 16, 1000);
}

Test(objstats, retailer_engines_threads, .timeout = 300) {
  check_model("../../examples/retailer.bsc", 8, 777);
}

/* more portfolios than one chunk (64) and a sample count below a block */
Test(objstats, chunks, .timeout = 300) {
  check_model("../../examples/toymaker.bsc", 70, 100);
}

/* one sample: no spread, every percentile that sample */
Test(objstats, one_sample, .timeout = 300) {
  check_model("../../examples/quickstart.bsc", 4, 1);
}

/* 3,000 samples: enough that the percentiles are found by bins (sim.c
 * binned_stats), with two threads' sample ranges */
Test(objstats, binned_percentiles, .timeout = 300) {
  check_model("../../examples/smart_hardware/strategy.bsc", 4, 3000);
}
