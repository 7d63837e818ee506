/*
 * test_simkpi.c - scored KPIs and scoring modes in the simulation
 * (docs/simulation.md §3.4):
 *  - each scored KPI's segment table scores every value exactly as
 *    scoring does (score_kpi_at), probed at, just before and just after
 *    every edge, anchor and threshold, and on a grid, in every period;
 *  - the two engines agree bit for bit on a model with every mode and
 *    uncertain values (both code generation modes);
 *  - the worked example (examples/kpi_sim.bsc) by hand.
 * test_simplan.c checks the simulation against `bscc score` period by
 * period on the same models.
 */
#include <criterion/criterion.h>
#include <math.h>
#include "jit.h"
#include "../sim/simload.h"

extern const char simplan_every_mode[];     /* test_simplan.c */

static bool same(double a, double b) { return a == b || !memcmp(&a, &b, sizeof a); }

/* What the simulation scores measure ki at value v in period t. */
static double sim_score(const SimModel *m, int ki, int t, double v) {
  const SimMeasure *k = &m->meas[ki];
  size_t at = (size_t)ki * m->T + t;
  if (k->kind == SK_SEG) return sim_seg_score(&m->segs[m->seg_first[at]], m->seg_n[at], v);
  cr_assert_eq(k->kind, SK_LINEAR, "%s: a scored KPI is segments or a line", k->name);
  double x = (v - k->base) / k->span;
  return x < 0.0 ? 0.0 : x > 1.0 ? 1.0 : x;
}

static int probe(const SimLoaded *L, const KR *k, int t, double v) {
  const SimModel *m = L->m;
  int ki = L->p.krs.len + k->index;
  ScoreResult r;
  score_kpi_at(L->sc, k, t, v, &r);
  double s = sim_score(m, ki, t, v);
  cr_expect(same(s, r.score), "%s at %d, value %.17g: simulated %.17g, scoring %.17g", k->name.name, t, v, s, r.score);
  return 1;
}

/* v, the doubles either side, and the printed neighbours of v */
static int probe_around(const SimLoaded *L, const KR *k, int t, double v) {
  if (!isfinite(v)) return 0;
  int n = probe(L, k, t, v) + probe(L, k, t, nextafter(v, INFINITY)) + probe(L, k, t, nextafter(v, -INFINITY));
  static const double d[] = { 1e-9, 1e-7, 0.004, 0.005, 0.0051, 0.01, 0.5 };
  for (size_t i = 0; i < sizeof d / sizeof *d; i++) n += probe(L, k, t, v + d[i]) + probe(L, k, t, v - d[i]);
  return n;
}

static int probe_model(const char *path, const char *text) {
  const char *why = NULL;
  SimLoaded *L = simload(path, text, &why);
  cr_assert(L, "%s: %s", path, why ? why : "");
  const SimModel *m = L->m;
  int n = 0;
  KR *k;
  VEC_EACH(KR *, k, L->p.kpis) {
    int ki = L->p.krs.len + k->index;
    if (!score_kpi_scored(k)) {
      cr_expect_eq(m->meas[ki].kind, SK_NONE, "%s is not scored", k->name.name);
      continue;
    }
    for (int t = 0; t < m->T; t++) {
      size_t at = (size_t)ki * m->T + t;
      for (int j = m->seg_first[at]; j < m->seg_first[at] + m->seg_n[at]; j++) n += probe_around(L, k, t, m->segs[j].lo);
      for (int j = 0; j < k->qs_n; j++) n += probe_around(L, k, t, k->qs_x[j]);
      for (int j = 0; j < k->nmitems; j++) n += probe_around(L, k, t, k->mitems[j].a_v) + probe_around(L, k, t, k->mitems[j].b_v);
      ScoreResult r;
      score_kpi_at(L->sc, k, t, 0.0, &r);
      double ys[] = { r.threshold, r.warn_at, k->warn_v, k->base_v, k->target_v };
      for (size_t j = 0; j < sizeof ys / sizeof *ys; j++) n += probe_around(L, k, t, ys[j]);
      for (int j = -200; j <= 1200; j++) n += probe(L, k, t, j * 0.173);
      n += probe(L, k, t, -INFINITY) + probe(L, k, t, INFINITY) + probe(L, k, t, -1e300) + probe(L, k, t, 1e300);
    }
  }
  simload_free(L);
  return n;
}

/* status rules with many items, none of them lost */
static const char many_rules[] =
  "strategy \"Rules\" {\n  horizon 2025-Q1 .. 2025-Q4\n  perspectives { financial 100% }\n}\n"
  "objective f \"F\" in financial {\n  kpi r : count scored rules { green >= 100, yellow 95 .. 96, red 90 .. 94, green 80 .. 89,\n"
  "    yellow >= 79, red > 78.5, green 70 .. 71, yellow 60 .. 61, red 50 .. 51, green 40 .. 41, yellow 30 .. 31,\n"
  "    red 20 .. 21, green 10 .. 11, yellow 5 .. 6, red <= 4, green 4.5 .. 4.6, yellow 4.7 .. 4.8, red }\n}\n"
  "actuals 2025-Q1 { r 4.55 }\n";

Test(simkpi, segments_score_as_scoring, .timeout = 120) {
  int n = probe_model("../../examples/mobil.bsc", NULL) + probe_model("../../examples/kpi_sim.bsc", NULL)
        + probe_model("modes.bsc", simplan_every_mode) + probe_model("rules.bsc", many_rules);
  cr_expect_gt(n, 100000, "only %d values probed", n);
}

/* The threshold that follows a plan has a row per period; the others
 * share one row; a context or unscored KPI has none and is no item. */
Test(simkpi, rows_and_items) {
  const char *why = NULL;
  SimLoaded *L = simload("modes.bsc", simplan_every_mode, &why);
  cr_assert(L, "%s", why ? why : "");
  const SimModel *m = L->m;
  int T = m->T, floor_ = -1, ge = -1, ctx = -1;
  for (int i = 0; i < m->nmeas; i++) {
    if (!strcmp(m->meas[i].name, "floor")) floor_ = i;
    if (!strcmp(m->meas[i].name, "ge")) ge = i;
    if (!strcmp(m->meas[i].name, "ctx")) ctx = i;
  }
  cr_assert(floor_ >= 0 && ge >= 0 && ctx >= 0);
  cr_expect_neq(m->seg_first[(size_t)floor_ * T + 1], m->seg_first[(size_t)floor_ * T + 2]);
  cr_expect_eq(m->seg_first[(size_t)ge * T + 0], m->seg_first[(size_t)ge * T + 3]);
  /* ge >= 95% warn 97%: breached, warning from a printed 95 %, healthy from a printed 97 % */
  const SimSeg *g = &m->segs[m->seg_first[(size_t)ge * T]];
  cr_assert_eq(m->seg_n[(size_t)ge * T], 3);
  cr_expect(g[0].lo == -INFINITY && g[0].c == 0.0);
  cr_expect(g[1].lo < 95 && g[1].lo > 94.99 && g[1].c == m->yellow, "warning from %.17g", g[1].lo);
  cr_expect(g[2].lo < 97 && g[2].lo > 96.99 && g[2].c == 1.0, "healthy from %.17g", g[2].lo);
  cr_expect_eq(m->meas[ctx].kind, SK_NONE);
  for (int j = 0; j < m->nkr_list; j++) cr_expect_neq(m->kr_list[j], ctx, "a context KPI is no item");
  /* p and l are measured by KPIs alone and have items */
  for (int o = 0; o < m->nobjs; o++) cr_expect(!m->objs[o].empty, "%s is not empty", m->objs[o].name);
  simload_free(L);
}

/* Every mode with uncertain values, effects and a link, both engines. */
static const char uncertain[] =
  "strategy \"Uncertain modes\" {\n  horizon 2025-Q1 .. 2025-Q4\n  cadence quarter\n"
  "  perspectives { financial 50%  process 50% }\n}\n"
  "objective f \"F\" in financial {\n"
  "  kpi up : percent 60% -> 80% scored forecast normal(72%, 8%)\n"
  "  kpi ge : percent >= 95% warn 97% scored forecast uniform(93%, 99%)\n"
  "  kpi within : percent 20% .. 30% scored forecast normal(25%, 5%)\n"
  "  kpi floor : percent >= 100% warn 102% scored plan step { 2025-Q2: 104%, 2025-Q3: 108% } forecast normal(103%, 4%)\n"
  "  kpi calc : percent >= 50% scored = (up + within) / 2\n"
  "}\n"
  "objective p \"P\" in process {\n"
  "  kpi qs : percent scored quickscore { red 88%, goal 92%, stretch 95% } forecast triangular(85%, 91%, 97%)\n"
  "  kpi qsd : count scored quickscore { red 42, goal 39 } forecast uniform(34, 46)\n"
  "  kpi band : percent scored band { red 40% .. 160%, goal 80% .. 120% } forecast normal(100%, 40%)\n"
  "  kpi rules : percent scored rules { green >= 95%, yellow 90% .. 94%, red } forecast uniform(88%, 98%)\n"
  "  kpi ship : milestone(3) scored forecast uniform(0, 3)\n"
  "}\n"
  "p -> f strength 0.5 lag 1q\n"
  "initiative push \"Push\" {\n  cost 10 USD\n  affects qs by 2pp lag 1q\n  affects rules by uniform(0pp, 4pp)\n}\n"
  "actuals 2025-Q1 { up 65%, ge 94.9999999%, within 19.99%, floor 93%, qs 87.9999999%, qsd 40, band 39%,\n"
  "  rules 94.999999%, ship 1 }\n";

Test(simkpi, engines_agree_on_every_mode, .timeout = 120) {
  const char *why = NULL;
  SimLoaded *L = simload("uncertain.bsc", uncertain, &why);
  cr_assert(L, "%s", why ? why : "");
  for (int mode = JIT_MODE_SPECIALISED; mode <= JIT_MODE_LOOPED; mode++) {
    JitOptions o = { .opt_level = -1, .no_cache = true, .mode = (JitMode)mode };
    char *err = NULL, msg[256];
    JitCode *c = jit_compile(L->m, &o, &err);
    cr_assert(c, "jit_compile: %s", err ? err : "?");
    cr_assert_eq(jit_stats(c)->mode, (JitMode)mode);
    cr_expect(!simload_compare(L->m, jit_block(c), 11, 3, 100, 400, msg, sizeof msg), "mode %d: %s", mode, msg);
    jit_free(c);
  }
  simload_free(L);
}

static int named(const char *what, int n, const char *(*name)(const SimModel *, int), const SimModel *m, const char *s) {
  for (int i = 0; i < n; i++) if (!strcmp(name(m, i), s)) return i;
  cr_assert_fail("no %s %s", what, s);
  return -1;
}
static const char *input_name(const SimModel *m, int i) { return m->inputs[i].name; }
static const char *obj_name(const SimModel *m, int i) { return m->objs[i].name; }

/* docs/simulation.md §3.4, number by number: the sample at the medians */
Test(simkpi, worked_example) {
  const char *why = NULL;
  SimLoaded *L = simload("../../examples/kpi_sim.bsc", NULL, &why);
  cr_assert(L, "%s", why ? why : "");
  const SimModel *m = L->m;
  int T = m->T;
  cr_assert_eq(T, 4);
  cr_assert_eq(m->decided, 0);
  double x[8];
  cr_assert_eq(m->ninputs, 4);
  x[named("input", 4, input_name, m, "wait")] = 5.5;
  x[named("input", 4, input_name, m, "nps")] = 30;
  x[named("input", 4, input_name, m, "scrap")] = 3.5;
  x[named("input", 4, input_name, m, "stock")] = 27;
  double *work = calloc(interp_work_size(m), sizeof(double));
  unsigned char g[4], off[1] = { 0 }, on[1] = { 1 };
  double t3 = 10.0 / 3, t6 = 20.0 / 3;
  double wait = (t6 + ((t3 - t6) * (5.5 - 5)) / 3) / 10;          /* 0.6111: between goal 5 and red 8 */
  double service = (wait + 0.4 + 0.5) / 3;                         /* uptime warning 0.4, nps (30 - 20) / 20 */
  double stock = (10 + ((t6 - 10) * (27 - 25)) / 5) / 10;          /* 0.8667: from the band's middle 25 */
  double plant = (0.4 + stock) / 2, plant_lean = (1 + stock) / 2;  /* scrap 3.5 %: yellow; 2 %: green */
  cr_expect_float_eq(interp_eval(m, off, x, work, g), 0.4 * service + 0.4 * plant + 0.2 * 1, 1e-12);
  const double *Q = work + 2 * (size_t)m->nmeas;
  int so = named("objective", m->nobjs, obj_name, m, "service"), po = named("objective", m->nobjs, obj_name, m, "plant");
  cr_expect_float_eq(Q[(size_t)so * T + 3], service, 1e-15);
  cr_expect_float_eq(Q[(size_t)po * T + 3], plant, 1e-15);
  cr_expect(!g[so] && g[po], "service is not green (0.50 < 0.7 x 0.89), plant is (0.63 >= 0.7 x 0.83)");
  cr_expect_float_eq(m->oplan[(size_t)so * T + 3], (t6 / 10 + 1 + 1) / 3, 1e-15);
  cr_expect_float_eq(interp_eval(m, on, x, work, g), 0.4 * service + 0.4 * plant_lean + 0.2 * 1, 1e-12);
  free(work);
  simload_free(L);
}
