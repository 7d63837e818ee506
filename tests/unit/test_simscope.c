/*
 * test_simscope.c - what `bscc score` scores and the simulation now models
 * too, by hand-worked numbers (docs/simulation.md §3.6):
 *  - formulas over earlier periods (prev) and powers (pow): each period's
 *    value read from the history of simulated values, no data where the
 *    period read is before the horizon;
 * and the same models in both JIT modes, bit for bit with the interpreter.
 */
#include <criterion/criterion.h>
#include <math.h>
#include "jit.h"
#include "../sim/simload.h"

static SimLoaded *loaded(const char *text) {
  const char *why = NULL;
  SimLoaded *L = simload("<test>", text, &why);
  cr_assert(L, "does not load: %s", why ? why : "");
  return L;
}

static int meas_named(const SimModel *m, const char *name) {
  for (int k = 0; k < m->nmeas; k++)
    if (!strcmp(m->meas[k].name, name)) return k;
  cr_assert_fail("no measure %s", name);
  return -1;
}

/* Both JIT modes against the interpreter on the model, bit for bit. */
static void both_modes_agree(const SimModel *m, const char *what) {
  JitMode modes[2] = { JIT_MODE_SPECIALISED, JIT_MODE_LOOPED };
  for (int i = 0; i < 2; i++) {
    JitOptions o = { .opt_level = -1, .no_cache = true, .mode = modes[i] };
    char *err = NULL, msg[256];
    JitCode *c = jit_compile(m, &o, &err);
    cr_assert(c, "%s: jit_compile failed: %s", what, err ? err : "?");
    cr_assert(!simload_compare(m, jit_block(c), 3, 11, 40, 120, msg, sizeof msg), "%s (mode %d): %s", what, i, msg);
    jit_free(c);
  }
}

/* docs/simulation.md §3.6's worked example: decided at 2025-Q4 (t = 3),
 * ARR's line restarts from 12.2 M to its drawn outcome at 2026-Q4. */
static const char prev_model[] =
  "strategy \"Prev\" {\n  horizon 2025-Q1 .. 2026-Q4\n  perspectives { financial 100% }\n}\n"
  "objective scale \"Scale\" in financial {\n"
  "  kr arr : USD 10_000_000 -> 16_000_000 forecast uniform(15_000_000, 17_400_000)\n"
  "  kr yoy : percent 0% -> 40% = arr / prev(arr, 1y) - 1\n"
  "  kr ann : percent 0% -> 40% = pow(arr / prev(arr, 2q), 2) - 1\n"
  "}\n"
  "initiative upsell \"Upsell\" {\n  cost 100 USD\n  affects arr by 1_000_000 lag 2q\n}\n"
  "actuals 2025-Q1 { arr 10_500_000 }\nactuals 2025-Q2 { arr 11_000_000 }\n"
  "actuals 2025-Q3 { arr 11_600_000 }\nactuals 2025-Q4 { arr 12_200_000 }\n";

Test(simscope, prev_and_pow_by_hand) {
  SimLoaded *L = loaded(prev_model);
  const SimModel *m = L->m;
  int T = m->T, arr = meas_named(m, "arr"), yoy = meas_named(m, "yoy"), ann = meas_named(m, "ann");
  cr_assert_eq(T, 8);
  cr_assert_eq(m->decided, 3);
  /* no earlier value: yoy has none in 2025, ann none in its first two quarters */
  for (int t = 0; t < 4; t++) cr_expect_eq(m->src[(size_t)yoy * T + t], -1, "yoy at %d", t);
  for (int t = 4; t < T; t++) cr_expect_eq(m->src[(size_t)yoy * T + t], t, "yoy at %d", t);
  cr_expect_eq(m->src[(size_t)ann * T + 1], -1);
  cr_expect_eq(m->src[(size_t)ann * T + 2], 2);
  /* the outcome 16.2 M, upsell funded: +1 M from 2026-Q2 (lag 2q from the decision) */
  double x[8] = {0};
  cr_assert_eq(m->ninputs, 1);        /* arr's outcome; the effect is a constant */
  x[0] = 16200000.0;
  unsigned char funded[1] = { 1 }, green[4];
  double *work = calloc(interp_work_size(m), sizeof(double));
  double total = interp_eval(m, funded, x, work, green);
  const double *h = work + 2 * (size_t)m->nmeas + (size_t)m->nobjs * T;   /* the history (interp.c) */
  double a[8] = { 10.5e6, 11e6, 11.6e6, 12.2e6, 13.2e6, 15.2e6, 16.2e6, 17.2e6 };
  for (int t = 0; t < T; t++) cr_expect_eq(h[(size_t)arr * T + t], a[t], "arr at %d: %.17g", t, h[(size_t)arr * T + t]);
  /* 13.2 / 10.5 - 1 = 25.714 %, 17.2 / 12.2 - 1 = 40.984 %; (13.2 / 11.6)^2 - 1 = 29.489 %,
   * (17.2 / 16.2)^2 - 1 = 28.047 % */
  cr_expect_float_eq(h[(size_t)yoy * T + 4], 25.714285714285714, 1e-12);
  cr_expect_float_eq(h[(size_t)yoy * T + 7], 40.983606557377049, 1e-12);
  cr_expect_float_eq(h[(size_t)ann * T + 4], 29.488703923900130, 1e-12);
  cr_expect_float_eq(h[(size_t)ann * T + 7], 28.047091412742375, 1e-12);
  /* the objective in 2026-Q4: (1 + 1 + 28.047 / 40) / 3 = 0.90039 (arr and yoy past their targets) */
  cr_expect_float_eq(total, 0.90039242843951980, 1e-12);
  /* unfunded: 16.2 / 12.2 - 1 = 32.787 %, (16.2 / 14.2)^2 - 1 = 30.153 % */
  funded[0] = 0;
  total = interp_eval(m, funded, x, work, green);
  cr_expect_float_eq(h[(size_t)yoy * T + 7], 32.786885245901639, 1e-12);
  cr_expect_float_eq(h[(size_t)ann * T + 7], 30.15274747073995, 1e-12);
  cr_expect_float_eq(total, 0.8578302726386798, 1e-12);   /* (1 + 32.787 / 40 + 30.153 / 40) / 3 */
  free(work);
  both_modes_agree(m, "prev_model");
  simload_free(L);
}

/* pow that is not a finite number is 0 in the simulation (as a division by zero) */
Test(simscope, pow_not_finite_is_zero) {
  cr_expect_eq(sim_pow(2.0, 10.0), 1024.0);
  cr_expect_eq(sim_pow(-1.0, 0.5), 0.0);
  cr_expect_eq(sim_pow(10.0, 400.0), 0.0);
  cr_expect_eq(sim_pow(1.1, 2.0), pow(1.1, 2.0));
}

/* A maintained band and a maintained level with a warning (semantics.md
 * §4.1), yearly, decided at 2026: docs/simulation.md §3.6's second example. */
static const char maintain_model[] =
  "strategy \"Band\" {\n  horizon 2025 .. 2027\n  cadence year\n  perspectives { financial 100% }\n}\n"
  "objective f \"Finance\" in financial {\n"
  "  kr reserve : percent maintain 10% .. 15%\n"
  "  kr bond : rating(1..22) maintain >= 20 warn 21 forecast uniform(18, 22)\n"
  "}\n"
  "initiative cut \"Cut\" {\n  cost 10 USD\n  affects reserve by 2pp lag 1y\n}\n"
  "actuals 2025 { reserve 14.5%, bond 22 }\nactuals 2026 { reserve 14.9%, bond 21 }\n";

static const KR *kr_named(const SimLoaded *L, const char *name) {
  KR *k;
  VEC_EACH(KR *, k, L->p.krs) if (!strcmp(k->name.name, name)) return k;
  cr_assert_fail("no KR %s", name);
  return NULL;
}

Test(simscope, maintain_band_by_hand) {
  SimLoaded *L = loaded(maintain_model);
  const SimModel *m = L->m;
  int T = m->T, reserve = meas_named(m, "reserve"), bond = meas_named(m, "bond");
  cr_assert_eq(m->meas[reserve].kind, SK_SEG);
  cr_assert_eq(m->meas[bond].kind, SK_SEG);
  /* the segments are scoring's score at, just under and just over every
   * edge (10, 15; 20, 21 and their printed hundredths) */
  const char *names[2] = { "reserve", "bond" };
  double edges[2][2] = { { 10, 15 }, { 20, 21 } };
  for (int i = 0; i < 2; i++) {
    const KR *k = kr_named(L, names[i]);
    int ki = i ? bond : reserve;
    const SimSeg *sg = &m->segs[m->seg_first[(size_t)ki * T + T - 1]];
    int n = m->seg_n[(size_t)ki * T + T - 1];
    for (int e = 0; e < 2; e++)
      for (double d = -0.01; d <= 0.01; d += 0.0005) {
        double v = edges[i][e] + d;
        cr_expect_eq(sim_seg_score(sg, n, v), score_maintain_at(L->sc, k, v), "%s at %.17g: sim %g, score %g",
                     names[i], v, sim_seg_score(sg, n, v), score_maintain_at(L->sc, k, v));
      }
  }
  /* by hand: doing nothing, reserve reaches 15 % (the band's top: healthy,
   * 1); bond drawn 20.5, under its warning level 21: the yellow line 0.4 */
  double x[4] = {0};
  cr_assert_eq(m->ninputs, 1);
  x[0] = 20.5;
  unsigned char funded[1] = { 0 }, green[4];
  double *work = calloc(interp_work_size(m), sizeof(double));
  cr_expect_float_eq(interp_eval(m, funded, x, work, green), (1.0 + 0.4) / 2, 1e-15);
  /* 19.996 prints 20.00: at the threshold as printed, a warning; 19.994 (19.99) breached */
  x[0] = 19.996;
  cr_expect_float_eq(interp_eval(m, funded, x, work, green), (1.0 + 0.4) / 2, 1e-15);
  x[0] = 19.994;
  cr_expect_float_eq(interp_eval(m, funded, x, work, green), 0.5, 1e-15);
  /* cut: reserve 15 % + 2 pp = 17 %, above the band: breached, 0 (too high is as bad as too low) */
  funded[0] = 1;
  x[0] = 21.0;
  cr_expect_float_eq(interp_eval(m, funded, x, work, green), (0.0 + 1.0) / 2, 1e-15);
  free(work);
  both_modes_agree(m, "maintain_model");
  simload_free(L);
}

/* docs/simulation.md §3.5's worked example: semantics.md §5.3's theme
 * scores in 2025-Q2, read from the themes' nodes of the model. */
Test(simscope, theme_by_hand) {
  const char *why = NULL;
  SimLoaded *L = simload("../../examples/airline/stations.bsc", NULL, &why);
  cr_assert(L, "%s", why ? why : "");
  const SimModel *m = L->m;
  int T = m->T;
  cr_assert_eq(m->nthemes, 2);
  cr_assert_str_eq(m->objs[m->theme_first].name, "efficiency");
  cr_assert_str_eq(m->objs[m->theme_first + 1].name, "journey");
  for (int j = 0; j < m->npersp_objs; j++) cr_expect_lt(m->persp_objs[j], m->theme_first, "a theme in a perspective");
  double *x = calloc((size_t)m->ninputs + 1, sizeof(double));
  for (int i = 0; i < m->ninputs; i++) x[i] = rt_dist_quantile(&m->inputs[i].dist, 0.5);
  unsigned char *none = calloc((size_t)m->ninits + 1, 1), *green = calloc((size_t)m->nobjs + 1, 1);
  double *work = calloc(interp_work_size(m), sizeof(double));
  interp_eval(m, none, x, work, green);
  const double *Q = work + 2 * (size_t)m->nmeas;
  int q2 = 1;
  cr_expect_eq(Q[(size_t)m->theme_first * T + q2], (2 * 0.36250000000000004 + 0.45 + 0.4375) / 4);
  cr_expect_eq(Q[(size_t)m->theme_first * T + q2], 0.403125);
  cr_expect_eq(Q[(size_t)(m->theme_first + 1) * T + q2], 0.4);
  free(x); free(none); free(green); free(work);
  both_modes_agree(m, "stations");
  simload_free(L);
}
