/*
 * test_decide.c - the decision numbers of `bscc sim` against the worked
 * examples of docs/simulation.md §6 and §11-12: a three-initiative model
 * whose contributions (alone, leave-one-out, Shapley) and efficient
 * frontier are worked by hand, funding levels with analytic means, money
 * figures that are exact, and the sensitivity's direction, link-strength
 * and cost rows.
 */
#include "actuals.h"
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>
#include "sim_decide.h"
#include "jit.h"
#include "sema.h"
#include "scored.h"

typedef struct Fix {
  T *t;                      /* the program and its scorecard */
  SimModel *m;
} Fix;

static Fix *load(const char *text, bool hold) {
  Fix *f = calloc(1, sizeof *f);
  f->t = scored_as("decide.bsc", text, NULL);
  char *err = NULL;
  SimLowerOptions lo = { .hold = hold };
  f->m = sim_lower_with(&f->t->p, f->t->sc, &lo, &err);
  cr_assert(f->m, "%s", err ? err : "");
  return f;
}

static void unload(Fix *f) {
  sim_free(f->m);
  done(f->t);
  free(f);
}

/* §11.3: one KR 0 -> 10 held at 0; a +6, b +4, c +2; the score clamps at 1 */
static const char three[] =
  "strategy \"Three\" {\n"
  "  horizon 2025-Q1 .. 2025-Q4\n"
  "  perspectives { customer 100% }\n"
  "}\n"
  "objective o \"One\" in customer { kr x : score 0 -> 10 }\n"
  "initiative a { cost 300 USD  affects x by 6 }\n"
  "initiative b { cost 200 USD  affects x by 4 }\n"
  "initiative c { cost 100 USD  affects x by 2 }\n";

Test(decide, shapley_by_hand) {
  Fix *f = load(three, true);
  SimConfig c = { .seed = 1, .samples = 300, .threads = 1 };
  unsigned char all[3] = { 1, 1, 1 };
  int k = 0;
  SimContrib *v = sim_contrib(f->m, interp_block, all, &c, &k);
  cr_assert_eq(k, 3);
  cr_assert(v);
  /* alone .6 .4 .2; leave-one-out .4 .2 0; Shapley 8/15 1/3 2/15 */
  double alone[3] = { 0.6, 0.4, 0.2 }, loo[3] = { 0.4, 0.2, 0.0 }, sh[3] = { 8.0 / 15, 1.0 / 3, 2.0 / 15 };
  double sum = 0;
  for (int i = 0; i < 3; i++) {
    cr_expect_eq(v[i].init, i);
    cr_expect(fabs(v[i].alone - alone[i]) < 1e-12, "alone %d: %.17g", i, v[i].alone);
    cr_expect(fabs(v[i].loo - loo[i]) < 1e-12, "loo %d: %.17g", i, v[i].loo);
    cr_expect(fabs(v[i].shapley - sh[i]) < 1e-12, "shapley %d: %.17g", i, v[i].shapley);
    cr_expect(v[i].shapley_se < 1e-9, "no noise: every sample is the same");
    sum += v[i].shapley;
  }
  cr_expect(fabs(sum - 1.0) < 1e-12, "efficiency: the values add up to v(all) - v(none)");
  free(v);
  unload(f);
}

Test(decide, frontier_by_hand) {
  Fix *f = load(three, true);
  SimConfig c = { .seed = 1, .samples = 50, .threads = 1 };
  SimPortSet s = {0};
  sim_ports_subsets(&s, f->m, 1e9);
  cr_assert_eq(s.n, 8);
  SimResult *res = sim_eval_ports(f->m, interp_block, &s, 0, NULL, &c, NULL);
  SimRanked *r = sim_rank(f->m, &s, res);
  unsigned char on[8];
  int nf = sim_frontier(r, s.n, false, on);
  /* (none) c b a a+c a+b; b+c ties a at 300 and ranks after it; a+b+c costs more for 1.0 */
  cr_expect_eq(nf, 6);
  const char *want[] = { "(none)", "c", "b", "a", "a + c", "a + b" };
  for (int w = 0; w < 6; w++) {
    bool found = false;
    for (int i = 0; i < s.n; i++) if (on[i] && !strcmp(r[i].p->name, want[w])) found = true;
    cr_expect(found, "%s on the frontier", want[w]);
  }
  for (int i = 0; i < s.n; i++)
    if (!strcmp(r[i].p->name, "b + c") || !strcmp(r[i].p->name, "a + b + c")) cr_expect(!on[i], "%s dominated", r[i].p->name);
  free(r);
  sim_results_free(res, s.n);
  free(res);
  sim_ports_free(&s);
  unload(f);
}

/* §11.4: the seed's bad-loan ratio, funded at 50 %, 100 % or 120 % */
static const char bank[] =
  "strategy \"Bank\" {\n"
  "  horizon 2025-Q1 .. 2025-Q4\n"
  "  perspectives { financial 50%  customer 50% }\n"
  "}\n"
  "objective risk \"Sound lending\" in financial {\n"
  "  kr npl \"Bad-loan ratio\" : percent 30% -> 10% forecast uniform(26%, 30%)\n"
  "}\n"
  "objective cust \"Customers\" in customer { kr nps : score 40 -> 60 forecast normal(50, 4) }\n"
  "initiative ai \"AI risk model\" {\n"
  "  cost 1_000_000 CNY\n"
  "  affects npl by -10pp lag 1q\n"
  "  level 50% cost 500_000 CNY by 40%\n"
  "  level 120% cost 1_200_000 CNY\n"
  "}\n"
  "initiative app \"App\" { cost 400_000 CNY  affects nps by normal(5, 1) lag 1q }\n";

Test(decide, levels_are_exclusive_variants) {
  Fix *f = load(bank, false);
  const SimModel *m = f->m;
  cr_assert_eq(m->ninits, 4);
  cr_assert_eq(m->ngroups, 2);
  cr_expect_str_eq(m->inits[0].name, "ai");
  cr_expect_str_eq(m->inits[1].name, "ai@50%");
  cr_expect_str_eq(m->inits[2].name, "ai@120%");
  cr_expect_eq(m->inits[1].cost, 500000);
  cr_expect_eq(m->inits[2].cost, 1200000);
  cr_expect_eq(m->inits[2].group, 0);
  cr_expect_eq(m->inits[3].group, 1);
  SimPortSet s = {0};
  sim_ports_subsets(&s, m, 1e12);
  cr_expect_eq(s.n, 8, "4 choices for ai (none, 50, 100, 120) x 2 for app");
  SimConfig c = { .seed = 3, .samples = 4000, .threads = 1 };
  SimResult *res = sim_eval_ports(m, interp_block, &s, 0, NULL, &c, NULL);
  /* the ratio ends 16..20 % with ai, 14..18 % at 120 %, 22..26 % at 50 %: never clamped,
   * so every sample gains 0.5 * shift / 20 exactly */
  int none = -1;
  for (int i = 0; i < s.n; i++) if (!strcmp(s.items[i].name, "(none)")) none = i;
  cr_assert(none >= 0);
  for (int i = 0; i < s.n; i++) {
    double want = -1;
    if (!strcmp(s.items[i].name, "ai")) want = 0.25;
    if (!strcmp(s.items[i].name, "ai@120%")) want = 0.30;
    if (!strcmp(s.items[i].name, "ai@50%")) want = 0.10;
    if (want >= 0) cr_expect(fabs(res[i].mean - res[none].mean - want) < 1e-12, "%s: %.17g", s.items[i].name, res[i].mean - res[none].mean);
  }
  /* doing nothing: 0.5 * E[(30 - U(26,30)) / 20] + 0.5 * E[clamp((N(50,4) - 40) / 20)] = 0.05 + 0.25 */
  cr_expect(fabs(res[none].mean - 0.3) < 4 * res[none].sd / sqrt(4000.0), "%.6f", res[none].mean);
  sim_results_free(res, s.n);
  free(res);
  sim_ports_free(&s);
  unload(f);
}

Test(decide, tornado_reads_the_good_side) {
  Fix *f = load(bank, false);
  const SimModel *m = f->m;
  unsigned char onlyai[4] = { 1, 0, 0, 0 }, withapp[4] = { 1, 0, 0, 1 };
  SimSwings s = sim_tornado(m, onlyai, NULL, 0);
  cr_expect_eq(s.n, 2, "npl and nps: app's effect is not in the portfolio");
  for (int i = 0; i < s.n; i++) {
    cr_expect(s.v[i].kind == SW_FORECAST);
    if (!strcmp(s.v[i].name, "npl")) cr_expect(s.v[i].good_low, "a lower bad-loan ratio helps");
    if (!strcmp(s.v[i].name, "nps")) cr_expect(!s.v[i].good_low);
    cr_expect(s.v[i].better >= s.v[i].worse);
  }
  sim_swings_free(&s);
  s = sim_tornado(m, withapp, NULL, 0);
  cr_expect_eq(s.n, 3, "app's uncertain effect is listed when app is funded");
  sim_swings_free(&s);
  unload(f);
}

/* §6: a link strength and a cost as distributions (the hooks lower.c fills) */
static const char linked[] =
  "strategy \"Tiny\" {\n"
  "  horizon 2025-Q1 .. 2025-Q2\n"
  "  perspectives { customer 50%  financial 50% }\n"
  "}\n"
  "objective c \"Customers\" in customer { kr nps : score 60 -> 80 forecast uniform(60, 80) }\n"
  "objective f \"Finance\" in financial { kr rev : USD 100 -> 200 }\n"
  "c -> f strength 0.5 lag 1q\n"
  "initiative push \"Push\" {\n  cost 1000 USD\n  affects nps by 4\n}\n";

Test(decide, tornado_link_strength_and_cost) {
  Fix *f = load(linked, true);
  SimModel *m = f->m;
  Dist ld = { .kind = DIST_UNIFORM, .p = { 0.3, 0.7 } };
  m->link_dist = &ld;
  m->inits[0].cost_dist = (Dist){ .kind = DIST_UNIFORM, .p = { 800, 1200 } };
  unsigned char push[1] = { 1 };
  SimResult r = { .cost = 1000, .mean = 0.5 };
  SimSwings s = sim_tornado(m, push, &r, 0.4);
  /* nps at its median 70: Q1 65 + 4 = 69 (0.45, 0.2 above the reference), Q2 74 (0.7):
   * score = 0.5 * 0.7 + 0.5 * strength * 0.2 = 0.35 + 0.1 s; s = 0.34 or 0.66 */
  bool link = false, cost = false;
  for (int i = 0; i < s.n; i++) {
    const SimSwing *w = &s.v[i];
    if (w->kind == SW_LINK) {
      link = true;
      cr_expect_str_eq(w->name, "c -> f strength");
      cr_expect(fabs(w->low - 0.384) < 1e-12 && fabs(w->high - 0.416) < 1e-12, "%.17g %.17g", w->low, w->high);
      cr_expect(!w->good_low);
    }
    if (w->kind == SW_COST) {
      cost = true;
      /* gain per million 0.1 / 840 * 1e6 and 0.1 / 1160 * 1e6: the cheap side helps */
      cr_expect(fabs(w->low - 0.1 / 840 * 1e6) < 1e-9 && fabs(w->high - 0.1 / 1160 * 1e6) < 1e-9);
      cr_expect(w->good_low);
      cr_expect_eq(i, s.n - 1, "cost rows come after the score rows");
    }
  }
  cr_expect(link && cost);
  sim_swings_free(&s);
  m->link_dist = NULL;
  unload(f);
}

/* §12: revenue per quarter USD 100 -> 200, held; +10 a quarter from Q2 */
static const char money[] =
  "strategy \"Shop\" {\n"
  "  horizon 2025-Q1 .. 2025-Q4\n"
  "  perspectives { financial 100% }\n"
  "}\n"
  "objective f \"Finance\" in financial { kr rev \"Revenue per quarter\" : USD 100 -> 200 }\n"
  "initiative promo { cost 20 USD  affects rev by 10 USD lag 1q }\n";

Test(decide, money_is_exact) {
  Fix *f = load(money, true);
  unsigned char promo[1] = { 1 };
  /* Q4: rev 110, score 0.1; doing nothing 0 */
  SimResult r = { .cost = 20, .mean = 0.1 };
  SimMoneyStat ms = sim_money(f->m, promo, &r, 0.0, 5.0, true);
  cr_expect(ms.has_kr);
  cr_expect_eq(ms.kr_value, 30.0, "three quarters (Q2..Q4) of +10");
  cr_expect(fabs(ms.point_value - 50.0) < 1e-12, "10 points x 5 USD: %.17g", ms.point_value);
  cr_expect(fabs(ms.net - 60.0) < 1e-12);
  cr_expect(fabs(ms.roi - 3.0) < 1e-12);
  cr_expect_eq(ms.payback, 2, "10 in Q2, 20 in Q3: the cost is repaid two quarters after the decision");
  unload(f);
}

/* §14: the chance that every committed objective is green.  `pa` and `qa`
 * are committed, `ra` aspirational; with KRs held, `pa` is green exactly
 * when `a` is funded (x 0 -> 10 by 10), `qa` in the samples where its
 * milestone is drawn done (bernoulli 0.3), `ra` never counts.  So, exactly:
 * (none) and `b` 0; `a` and `a + b` the share of samples in which `qa` is
 * green (p_green of qa), whatever `ra` does.  `a` and `b` have the same
 * mean ((1 + Bq + 0)/3 = (0 + Bq + 1)/3 in every sample): by mean `a` is
 * dominated by the cheaper `b`, by (mean, all green) it is not. */
static const char committed3[] =
  "strategy \"All green\" {\n"
  "  horizon 2025-Q1 .. 2025-Q4\n"
  "  perspectives { customer 100% }\n"
  "}\n"
  "objective pa in customer { committed  kr x : score 0 -> 10 }\n"
  "objective qa in customer { committed  kr launch : milestone by 2025-Q4 forecast bernoulli(0.3) }\n"
  "objective ra in customer { kr z : score 0 -> 10 }\n"
  "initiative a { cost 300 USD  affects x by 10 }\n"
  "initiative b { cost 100 USD  affects z by 10 }\n";

static const SimRanked *named(const SimRanked *r, int n, const char *name) {
  for (int i = 0; i < n; i++) if (!strcmp(r[i].p->name, name)) return &r[i];
  cr_assert_fail("no portfolio %s", name);
  return NULL;
}

Test(decide, all_green_by_hand) {
  Fix *f = load(committed3, true);
  cr_assert_eq(sim_ncommitted(f->m), 2);
  SimConfig c = { .seed = 1, .samples = 1000, .threads = 1 };
  SimPortSet s = {0};
  sim_ports_subsets(&s, f->m, 1e9);
  cr_assert_eq(s.n, 4);
  SimResult *res = sim_eval_ports(f->m, interp_block, &s, 0, NULL, &c, NULL);
  SimRanked *r = sim_rank(f->m, &s, res);
  int qa = 1, ra = 2;
  const SimResult *none = named(r, 4, "(none)")->r, *a = named(r, 4, "a")->r, *b = named(r, 4, "b")->r,
                  *ab = named(r, 4, "a + b")->r;
  cr_expect_eq(none->p_all_green, 0.0);
  cr_expect_eq(b->p_all_green, 0.0);
  cr_expect_eq(a->p_all_green, a->p_green[qa]);
  cr_expect_eq(ab->p_all_green, a->p_green[qa]);
  cr_expect(a->p_green[qa] > 0.25 && a->p_green[qa] < 0.35, "bernoulli(0.3): %g", a->p_green[qa]);
  cr_expect_eq(b->p_green[ra], 1.0);
  cr_expect_eq(a->mean, b->mean);
  unsigned char on[4];
  cr_expect_eq(sim_frontier(r, 4, SIM_FRONTIER_MEAN, on), 3);
  for (int i = 0; i < 4; i++) cr_expect_eq(on[i], strcmp(r[i].p->name, "a") != 0, "%s", r[i].p->name);
  cr_expect_eq(sim_frontier(r, 4, SIM_FRONTIER_GREEN, on), 4);
  free(r);
  sim_results_free(res, s.n);
  free(res);
  sim_ports_free(&s);
  unload(f);
}

/* Both JIT modes count every committed objective green in the same
 * samples as the interpreter (bit for bit: the counts are integers). */
Test(decide, all_green_engines_agree) {
  Fix *f = load(committed3, true);
  SimConfig c = { .seed = 3, .samples = 700, .threads = 1 };
  SimPortSet s = {0};
  sim_ports_subsets(&s, f->m, 1e9);
  SimResult *ri = sim_eval_ports(f->m, interp_block, &s, 0, NULL, &c, NULL);
  for (int mode = JIT_MODE_SPECIALISED; mode <= JIT_MODE_LOOPED; mode++) {
    JitOptions o = { .opt_level = -1, .no_cache = true, .mode = (JitMode)mode };
    char *err = NULL;
    JitCode *jc = jit_compile(f->m, &o, &err);
    cr_assert(jc, "jit_compile: %s", err ? err : "?");
    SimResult *rj = sim_eval_ports(f->m, jit_block(jc), &s, 0, NULL, &c, NULL);
    for (int i = 0; i < s.n; i++) {
      cr_expect_eq(ri[i].p_all_green, rj[i].p_all_green, "mode %d, portfolio %d", mode, i);
      for (int o2 = 0; o2 < f->m->nobjs; o2++) cr_expect_eq(ri[i].p_green[o2], rj[i].p_green[o2]);
    }
    sim_results_free(rj, s.n);
    free(rj);
    jit_free(jc);
  }
  sim_results_free(ri, s.n);
  free(ri);
  sim_ports_free(&s);
  unload(f);
}
