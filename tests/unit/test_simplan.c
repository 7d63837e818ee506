/*
 * test_simplan.c - the simulation's per-period plan table against
 * scoring (docs/simulation.md §3.1): in every period that is all actuals
 * the simulated objectives and scorecard are `bscc score`'s numbers bit
 * for bit, planned scores are scoring's plans, and an objective is green
 * in the last period exactly when scoring's status says green; and the
 * worked example (examples/phased_sim.bsc) by hand.
 */
#include <criterion/criterion.h>
#include <math.h>
#include "../sim/simload.h"

static const char *files[] = {
  "../../examples/quickstart.bsc", "../../examples/retailer.bsc", "../../examples/toymaker.bsc",
  "../../examples/smart_hardware/strategy.bsc", "../../examples/city.bsc", "../../examples/dual_loop.bsc",
  "../../examples/refinery.bsc", "../../examples/survey_quarterly.bsc", "../../examples/phased_sim.bsc",
  "../../examples/airline/strategy.bsc",
  /* scored KPIs and scoring modes (docs/simulation.md §3.4) */
  "../../examples/mobil.bsc", "../../examples/kpi_sim.bsc",
  /* prev and pow in formulas, maintained levels (docs/simulation.md §3.6) */
  "../../examples/growth.bsc", "../../examples/city_measures/strategy.bsc",
  /* strategic themes */
  "../../examples/airline/stations.bsc",
};

/* A period as --as-of reads it. */
static void period_text(Period p, char *buf, size_t n) {
  switch (p.kind) {
  case PER_YEAR: snprintf(buf, n, "%d", p.year); break;
  case PER_HALF: snprintf(buf, n, "%d-H%d", p.year, p.sub); break;
  case PER_QUARTER: snprintf(buf, n, "%d-Q%d", p.year, p.sub); break;
  default: snprintf(buf, n, "%d-%02d", p.year, p.sub); break;
  }
}

/* Every key result and scored KPI running in period t has a value in scoring. */
static bool all_actuals(const SimLoaded *L, int t) {
  KR *k;
  VEC_EACH(KR *, k, L->p.krs) {
    const ScoreResult *r = score_kr(L->sc, t, k);
    if (r->scope == SCOPE_RUNNING && !r->has) return false;
  }
  VEC_EACH(KR *, k, L->p.kpis) {
    const ScoreResult *r = score_kpi(L->sc, t, k);
    if (score_kpi_scored(k) && r->scope == SCOPE_RUNNING && !r->has) return false;
  }
  return true;
}

static bool same(double a, double b) { return !memcmp(&a, &b, sizeof a); }

/* The reference run's inputs (medians), nothing funded: then every link
 * term is exactly 0 and Q is the objectives' own score. */
static int check_at(const char *file, const char *text, const char *as_of) {
  const char *why = NULL;
  SimLoadOptions o = { .as_of = as_of };
  SimLoaded *L = simload_with(file, text, &o, &why);
  cr_assert(L, "%s --as-of %s: %s", file, as_of ? as_of : "(default)", why ? why : "");
  const SimModel *m = L->m;
  int T = m->T, checked = 0;
  double *x = calloc((size_t)m->ninputs + 1, sizeof(double));
  for (int i = 0; i < m->ninputs; i++) x[i] = rt_dist_quantile(&m->inputs[i].dist, 0.5);
  unsigned char *none = calloc((size_t)m->ninits + 1, 1), *green = calloc((size_t)m->nobjs + 1, 1);
  double *work = calloc(interp_work_size(m), sizeof(double));
  interp_eval(m, none, x, work, green);
  const double *Q = work + 2 * (size_t)m->nmeas;
  for (int t = 0; t <= m->decided; t++) {
    KR *k;
    VEC_EACH(KR *, k, L->p.krs) {   /* planned scores: scoring's, wherever it has the KR */
      const ScoreResult *r = score_kr(L->sc, t, k);
      if (r->has)
        cr_expect(same(m->mplan[(size_t)k->index * T + t], r->expected), "%s at %d: plan of %s %.17g, scoring %.17g",
                  file, t, k->name.name, m->mplan[(size_t)k->index * T + t], r->expected);
    }
    VEC_EACH(KR *, k, L->p.kpis) {  /* and of scored KPIs */
      const ScoreResult *r = score_kpi(L->sc, t, k);
      size_t at = (size_t)(L->p.krs.len + k->index) * T + t;
      if (r->has && score_kpi_scored(k))
        cr_expect(same(m->mplan[at], r->expected), "%s at %d: plan of KPI %s %.17g, scoring %.17g",
                  file, t, k->name.name, m->mplan[at], r->expected);
    }
    if (!all_actuals(L, t)) continue;
    checked++;
    Objective *ob;
    VEC_EACH(Objective *, ob, L->p.objectives) {
      const ScoreResult *r = score_obj(L->sc, t, ob);
      size_t at = (size_t)ob->index * T + t;
      cr_expect_eq(m->ohas[at], r->has, "%s at %d: %s has data %d, scoring %d", file, t, ob->name.name, m->ohas[at], r->has);
      if (!r->has) continue;
      cr_expect(same(Q[at], r->score), "%s at %d: %s %.17g, scoring %.17g", file, t, ob->name.name, Q[at], r->score);
      cr_expect(same(m->oplan[at], r->expected), "%s at %d: plan of %s %.17g, scoring %.17g", file, t, ob->name.name,
                m->oplan[at], r->expected);
      if (t == T - 1)
        cr_expect_eq(green[ob->index], r->status == STATUS_GREEN, "%s: %s green %d, scoring's status %s", file,
                     ob->name.name, green[ob->index], score_status_name(r->status));
    }
    Theme *th;                      /* themes' nodes (docs/simulation.md §3.5): scoring's score_theme */
    VEC_EACH(Theme *, th, L->p.themes) {
      const ScoreResult *r = score_theme(L->sc, t, th);
      size_t at = (size_t)(m->theme_first + th->index) * T + t;
      cr_expect_eq(m->ohas[at], r->has, "%s at %d: theme %s has data %d, scoring %d", file, t, th->name.name, m->ohas[at], r->has);
      if (!r->has) continue;
      cr_expect(same(Q[at], r->score), "%s at %d: theme %s %.17g, scoring %.17g", file, t, th->name.name, Q[at], r->score);
      cr_expect(same(m->oplan[at], r->expected), "%s at %d: plan of theme %s %.17g, scoring %.17g", file, t,
                th->name.name, m->oplan[at], r->expected);
      if (t == T - 1)
        cr_expect_eq(green[m->theme_first + th->index], r->status == STATUS_GREEN, "%s: theme %s green %d, scoring's %s",
                     file, th->name.name, green[m->theme_first + th->index], score_status_name(r->status));
    }
    const ScoreResult *tot = score_total(L->sc, t);
    if (tot->has)
      cr_expect(same(interp_total(m, Q, t), tot->score), "%s at %d: scorecard %.17g, scoring %.17g", file, t,
                interp_total(m, Q, t), tot->score);
  }
  free(x); free(none); free(green); free(work);
  simload_free(L);
  return checked;
}

/* check_at at the default decision period and at every period */
static int check_every_period(const char *file, const char *text) {
  const char *why = NULL;
  SimLoaded *L = simload(file, text, &why);
  cr_assert(L, "%s: %s", file, why ? why : "");
  int T = L->m->T, checked = 0;
  Period *ps = malloc(sizeof(Period) * (size_t)T);
  memcpy(ps, L->sc->periods, sizeof(Period) * (size_t)T);
  simload_free(L);
  checked += check_at(file, text, NULL);
  for (int t = 0; t < T; t++) {
    char b[32];
    period_text(ps[t], b, sizeof b);
    checked += check_at(file, text, b);
  }
  free(ps);
  return checked;
}

Test(simplan, scored_periods_equal_bscc_score, .timeout = 120) {
  int checked = 0;
  for (size_t i = 0; i < sizeof files / sizeof *files; i++) checked += check_every_period(files[i], NULL);
  /* the test compares something: periods with all actuals exist (the
   * city at Q4, the survey's quarters, ...) */
  cr_expect_gt(checked, 20, "only %d periods with all actuals", checked);
}

/* Every scoring mode at its edges (semantics.md §7.1's table), measured
 * in all four quarters: the simulation without uncertainty is `bscc
 * score` in every period, the last one's greens included. */
const char simplan_every_mode[] =
  "strategy \"Every mode\" {\n  horizon 2025-Q1 .. 2025-Q4\n  cadence quarter\n"
  "  perspectives { financial 30%  customer 30%  process 20%  learning 20% }\n}\n"
  "objective f \"F\" in financial {\n  kr roce : percent 6% -> 10%\n"
  "  kpi up : percent 60% -> 80% scored\n  kpi down : count 50 -> 30 scored weight 2\n"
  "  kpi ge : percent >= 95% warn 97% scored\n  kpi gt : count > 10 scored\n}\n"
  "objective c \"C\" in customer {\n  committed\n  kpi le : count <= 2 scored\n"
  "  kpi lt : percent < 5% warn 4% scored\n  kpi within : percent 20% .. 30% scored\n"
  "  kpi floor : percent >= 100% warn 102% scored plan step { 2025-Q2: 104%, 2025-Q3: 108% }\n"
  "  kpi ctx : percent context\n}\n"
  "objective p \"P\" in process {\n  kpi qs : percent scored quickscore { red 88%, goal 92%, stretch 95% }\n"
  "  kpi qsd : count scored quickscore { red 42, goal 39 }\n"
  "  kpi band : percent scored band { red 40% .. 160%, goal 80% .. 120% }\n"
  "  kpi rules : percent scored rules { green >= 95%, yellow 90% .. 94%, red }\n}\n"
  "objective l \"L\" in learning {\n  kpi ship : milestone(3) scored\n  kpi plain : count >= 5\n}\n"
  "actuals 2025-Q1 { roce 7%, up 65%, down 45, ge 94.9999999%, gt 10, le 2, lt 4.5%, within 19.99%, floor 93%,\n"
  "  ctx 1%, qs 87.9999999%, qsd 40, band 39%, rules 94.999999%, ship 1, plain 3 }\n"
  "actuals 2025-Q2 { roce 8%, up 70%, down 40, ge 95%, gt 11, le 3, lt 3%, within 30%, floor 105%, ctx 2%,\n"
  "  qs 91.99%, qsd 36, band 161%, rules 96%, ship 2, plain 6 }\n"
  "actuals 2025-Q3 { roce 9%, up 75%, down 35, ge 97%, gt 12, le 1, lt 5%, within 30.01%, floor 107%, ctx 3%,\n"
  "  qs 92%, qsd 45, band 100%, rules 90%, ship 2, plain 7 }\n"
  "actuals 2025-Q4 { roce 9.5%, up 79%, down 31, ge 98%, gt 9, le 2.0000001, lt 4.9999999%, within 25%,\n"
  "  floor 108%, ctx 4%, qs 95%, qsd 39, band 120%, rules 89%, ship 3, plain 8 }\n";

Test(simplan, every_mode_equals_bscc_score, .timeout = 60) {
  /* at Q4 every period is all actuals: 4; then 3, 2, 1 at Q3 .. Q1 */
  cr_expect_eq(check_every_period("modes.bsc", simplan_every_mode), 4 + 4 + 1 + 2 + 3);
}

static int input_index(const SimModel *m, const char *name) {
  for (int i = 0; i < m->ninputs; i++) if (!strcmp(m->inputs[i].name, name)) return i;
  cr_assert_fail("no input %s", name);
  return -1;
}

static int meas_index(const SimModel *m, const char *name) {
  for (int i = 0; i < m->nmeas; i++) if (!strcmp(m->meas[i].name, name)) return i;
  cr_assert_fail("no measure %s", name);
  return -1;
}

/* docs/simulation.md §3.2, number by number */
Test(simplan, worked_example) {
  const char *why = NULL;
  SimLoaded *L = simload("../../examples/phased_sim.bsc", NULL, &why);
  cr_assert(L, "%s", why ? why : "");
  const SimModel *m = L->m;
  int T = m->T;
  cr_assert_eq(T, 6);
  cr_assert_eq(m->decided, 0);
  /* roce: restarted at Q1 from 5.2 %, the rest of its plan rescaled */
  int roce = meas_index(m, "roce"), eng = meas_index(m, "engagement"), coach = meas_index(m, "coaching");
  const double *pr = &m->path[(size_t)roce * T];
  cr_expect_float_eq(pr[1], 1.0 / 7, 1e-15);
  cr_expect_float_eq(pr[2], 5.0 / 7, 1e-15);
  cr_expect_eq(pr[3], 1.0);
  cr_expect_eq(m->meas[roce].from, 5.2);
  cr_expect_eq(m->mplan[(size_t)roce * T + 0], 0.125);
  cr_expect_eq(m->mplan[(size_t)roce * T + 2], 0.75);
  /* engagement: a value only in 2025-Q4 (index 3), carried into 2026 */
  int want_src[6] = { -1, -1, -1, 3, 3, 3 }, want_coach[6] = { -1, -1, 2, 3, 4, 5 };
  for (int t = 0; t < T; t++) {
    cr_expect_eq(m->src[(size_t)eng * T + t], want_src[t], "engagement src[%d]", t);
    cr_expect_eq(m->src[(size_t)coach * T + t], want_coach[t], "coaching src[%d]", t);
  }
  cr_expect_float_eq(m->path[(size_t)eng * T + 3], 4.0 / 6, 1e-15);
  cr_expect_eq(m->path[(size_t)coach * T + 2], 0.25);
  /* people has no data before Q3 */
  int people = -1;
  for (int o = 0; o < m->nobjs; o++) if (!strcmp(m->objs[o].name, "people")) people = o;
  cr_assert_geq(people, 0);
  cr_expect(!m->ohas[(size_t)people * T + 1] && m->ohas[(size_t)people * T + 2]);
  /* samples by hand: medians (margin 12 %, engagement 70 %), and
   * engagement drawn at 64 % */
  double x[2];
  x[input_index(m, "margin")] = 12;
  x[input_index(m, "engagement")] = 70;
  double *work = calloc(interp_work_size(m), sizeof(double));
  unsigned char g[4], off[1] = { 0 }, on[1] = { 1 };
  cr_expect_float_eq(interp_eval(m, off, x, work, g), 0.5 * 0.75 + 0.5 * (1.0 / 3 + 1) / 2, 1e-12);
  cr_expect_float_eq(interp_eval(m, on, x, work, g), 0.5 * 0.8125 + 0.5 * (1.0 / 3 + 1) / 2, 1e-12);
  x[input_index(m, "engagement")] = 64;
  cr_expect_float_eq(interp_eval(m, off, x, work, g), 0.5 * 0.7 + 0.5 * (4.0 / 30 + 1) / 2, 1e-12);
  free(work);
  simload_free(L);
}

/* "Doing nothing" follows the phased plan: a KR without a forecast, never
 * measured, is in every period exactly scoring's planned value (the same
 * expression, lo + (hi - lo) * plan(t)), linear and step plans alike, and
 * from its start when it starts later. */
Test(simplan, doing_nothing_is_the_planned_value) {
  static const char text[] =
    "strategy \"Plan\" {\n  horizon 2025-Q1 .. 2025-Q4\n  perspectives { financial 50%  learning 50% }\n}\n"
    "objective f \"F\" in financial {\n"
    "  kr roce : percent 5% -> 9% plan { 2025-Q1: 6%, 2025-Q2: 7.5%, 2025-Q3: 8% }\n"
    "  kr planes : count 60 -> 50 plan step { 2025-Q2: 56 }\n"
    "}\n"
    "objective l \"L\" in learning {\n  kr late : percent 10% -> 30% starts 2025-Q2 plan { 2025-Q3: 25% }\n}\n";
  const char *why = NULL;
  SimLoaded *L = simload("plan.bsc", text, &why);
  cr_assert(L, "%s", why ? why : "");
  const SimModel *m = L->m;
  int n = 0;
  KR *k;
  VEC_EACH(KR *, k, L->p.krs) {
    const SimMeasure *sm = &m->meas[k->index];
    for (int t = 0; t < m->T; t++) {
      const ScoreResult *r = score_kr(L->sc, t, k);
      if (!r->has_plan_value) continue;
      double v = sm->from + (sm->outcome - sm->from) * m->path[(size_t)k->index * m->T + t];
      cr_expect(same(v, r->plan_value), "%s at %d: %.17g, planned %.17g", k->name.name, t, v, r->plan_value);
      n++;
    }
  }
  cr_expect_eq(n, 4 + 4 + 3);
  simload_free(L);
}
