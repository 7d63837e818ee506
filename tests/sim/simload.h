/*
 * simload.h - test helper: a .bsc file (or text) -> checked program ->
 * scorecard -> lowered SimModel, the way `bscc sim` builds it.
 * Header-only, for tests/unit/test_jit.c and the drivers in tests/sim/.
 */
#ifndef BSC_TESTS_SIMLOAD_H
#define BSC_TESTS_SIMLOAD_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "actuals.h"
#include "diag.h"
#include "program.h"
#include "score.h"
#include "sema.h"
#include "sim.h"
#include "rt.h"
#include <time.h>

static double simload_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

typedef struct SimLoaded {
  DiagEngine de;
  Program p;
  ActualSet act;
  ScoreCard *sc;
  SimModel *m;
  double ms[4];              /* wall ms: read + parse, check, score, lower (bench/bigmodel_bench.sh) */
} SimLoaded;

static void simload_free(SimLoaded *L) {
  if (!L) return;
  sim_free(L->m);
  if (L->sc) score_free(L->sc);
  actuals_free(&L->act);
  program_free(&L->p);
  diag_free(&L->de);
  free(L);
}

/* How to simulate: `bscc sim`'s --as-of (NULL: the default) and
 * --hold-unforecast. */
typedef struct SimLoadOptions { const char *as_of; bool hold; } SimLoadOptions;

/* Returns NULL with *why set (static or malloc'd text: print, don't free)
 * when the file does not check clean or cannot be lowered. */
static SimLoaded *simload_with(const char *path, const char *text, const SimLoadOptions *o, const char **why) {
  SimLoaded *L = calloc(1, sizeof *L);
  diag_init(&L->de);
  program_init(&L->p, &L->de);
  actuals_init(&L->act);
  LoadOptions lo = {0};
  *why = NULL;
  double t0 = simload_ms();
  if (!load_program(&L->p, path, text, text ? strlen(text) : 0, &lo)) { *why = "cannot read"; goto fail; }
  double t1 = simload_ms();
  sema_check(&L->p, NULL);
  double t2 = simload_ms();
  if (L->de.nerrors) {
    diag_sort(&L->de);
    diag_render(&L->de, stderr, FMT_TEXT, false);
    *why = "errors";
    goto fail;
  }
  actuals_add_program(&L->p, &L->act);
  ScoreOptions so = {0};
  so.actuals = &L->act;
  if (o && o->as_of && !actuals_parse_period(o->as_of, strlen(o->as_of), &so.as_of)) { *why = "bad --as-of"; goto fail; }
  L->sc = score_eval(&L->p, &so, why);
  if (!L->sc) goto fail;
  double t3 = simload_ms();
  char *err = NULL;
  SimLowerOptions slo = { .hold = o && o->hold };
  L->m = sim_lower_with(&L->p, L->sc, &slo, &err);
  if (!L->m) { *why = err; goto fail; }
  double t4 = simload_ms();
  L->ms[0] = t1 - t0; L->ms[1] = t2 - t1; L->ms[2] = t3 - t2; L->ms[3] = t4 - t3;
  return L;
fail:
  simload_free(L);
  return NULL;
}

static SimLoaded *simload(const char *path, const char *text, const char **why) {
  return simload_with(path, text, NULL, why);
}

/* Runs interp_block and `fn` on the same work and compares them bit for
 * bit: 6 portfolios (none, all, four random subsets drawn from the model's
 * hash), samples [n0, n0 + samples) in two blocks split after `first`
 * samples (to exercise n0), keys from `seed`.  Returns 0 when scores,
 * green counts and the first block's objective progress (objq) agree, else 1 with the first difference described in msg. */
__attribute__((unused)) static int simload_compare(const SimModel *m, SimBlockFn fn, uint64_t seed, uint64_t n0, int first, int samples,
                           char *msg, size_t msglen) {
  int nport = 6, ni = m->ninits;
  unsigned char *funded = calloc((size_t)nport * ni + 1, 1);
  uint64_t rs = m->hash;
  for (int i = 0; i < ni; i++) funded[(size_t)ni + i] = 1;
  for (int p = 2; p < nport; p++)
    for (int i = 0; i < ni; i++) { rs += 0x9E3779B97F4A7C15ULL; funded[(size_t)p * ni + i] = rt_mix64(rs) & 1; }
  uint64_t *keys = calloc((size_t)m->ninputs + 1, sizeof(uint64_t));
  for (int i = 0; i < m->ninputs; i++) keys[i] = rt_stream_key(seed, m->inputs[i].stream);
  size_t nsc = (size_t)nport * samples, ng = (size_t)nport * sim_green_stride(m);
  double *s1 = calloc(nsc + 1, sizeof(double)), *s2 = calloc(nsc + 1, sizeof(double));
  uint32_t *g1 = calloc(ng + 1, sizeof(uint32_t)), *g2 = calloc(ng + 1, sizeof(uint32_t));
  /* each objective's last-period progress too (objq): the first block's, the second without */
  size_t nq = (size_t)nport * m->nobjs * first;
  double *q1 = calloc(nq + 1, sizeof(double)), *q2 = calloc(nq + 1, sizeof(double));
  interp_block(m, funded, nport, n0, first, keys, s1, g1, q1);
  interp_block(m, funded, nport, n0 + (uint64_t)first, samples - first, keys, s1 + (size_t)nport * first, g1, NULL);
  fn(m, funded, nport, n0, first, keys, s2, g2, q2);
  fn(m, funded, nport, n0 + (uint64_t)first, samples - first, keys, s2 + (size_t)nport * first, g2, NULL);
  int bad = 0;
  for (size_t i = 0; i < nq && !bad; i++)
    if (memcmp(&q1[i], &q2[i], sizeof(double))) {
      snprintf(msg, msglen, "objective progress %zu differs: interp %.17g, jit %.17g", i, q1[i], q2[i]);
      bad = 1;
    }
  for (size_t i = 0; i < nsc && !bad; i++)
    if (memcmp(&s1[i], &s2[i], sizeof(double))) {
      snprintf(msg, msglen, "score %zu differs: interp %.17g, jit %.17g", i, s1[i], s2[i]);
      bad = 1;
    }
  for (size_t i = 0; i < ng && !bad; i++)
    if (g1[i] != g2[i]) {
      snprintf(msg, msglen, "green count %zu differs: interp %u, jit %u", i, g1[i], g2[i]);
      bad = 1;
    }
  free(funded); free(keys); free(s1); free(s2); free(g1); free(g2); free(q1); free(q2);
  return bad;
}

#endif
