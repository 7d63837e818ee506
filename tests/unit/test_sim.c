/*
 * test_sim.c - the simulation model against the worked examples of
 * docs/simulation.md: §8 (one sample by hand, the reference run, the mean
 * over many samples against its exact value; read with
 * --hold-unforecast, as it was written), and §9 (a decision period:
 * actuals fixed, the line restarting from the last actual, lags counting
 * from the decision, "doing nothing").
 */
#include "actuals.h"
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>
#include "sim.h"
#include "sim_decide.h"
#include "sema.h"
#include "scored.h"

static const char tiny[] =
  "strategy \"Tiny\" {\n"
  "  horizon 2025-Q1 .. 2025-Q2\n"
  "  perspectives { customer 50%  financial 50% }\n"
  "}\n"
  "objective c \"Customers\" in customer { kr nps : score 60 -> 80 forecast uniform(60, 80) }\n"
  "objective f \"Finance\" in financial { kr rev : USD 100 -> 200 }\n"
  "c -> f strength 0.5 lag 1q\n"
  "initiative push \"Push\" {\n  cost 1000 USD\n  affects nps by 4 lag 1q\n}\n";

typedef struct Fix {
  T *t;                      /* the program and its scorecard */
  SimModel *m;
} Fix;

/* as_of NULL: the default (the latest period with data) */
static Fix *load_at(const char *text, const char *as_of, bool hold) {
  Fix *f = calloc(1, sizeof *f);
  ScoreOptions so = {0};
  if (as_of) cr_assert(actuals_parse_period(as_of, strlen(as_of), &so.as_of));
  f->t = scored_as("tiny.bsc", text, &so);
  char *err = NULL;
  SimLowerOptions lo = { .hold = hold };
  f->m = sim_lower_with(&f->t->p, f->t->sc, &lo, &err);
  cr_assert(f->m, "%s", err ? err : "");
  return f;
}

/* §8 is read with --hold-unforecast: `rev` stays at its baseline */
static Fix *load(const char *text) { return load_at(text, NULL, true); }

/* one sample with the inputs x, funded or not */
static double eval1(const Fix *f, const double *x, bool funded) {
  double *work = malloc(sizeof(double) * interp_work_size(f->m));
  unsigned char g[16], fund[4] = { funded, funded, funded, funded };
  double r = interp_eval(f->m, fund, x, work, g);
  free(work);
  return r;
}

static void unload(Fix *f) {
  sim_free(f->m);
  done(f->t);
  free(f);
}

static int obj_index(const SimModel *m, const char *name) {
  for (int i = 0; i < m->nobjs; i++) if (!strcmp(m->objs[i].name, name)) return i;
  cr_assert_fail("no objective %s", name);
  return -1;
}

Test(sim, reference_run) {
  Fix *f = load(tiny);
  const SimModel *m = f->m;
  cr_assert_eq(m->T, 2);
  int c = obj_index(m, "c"), fi = obj_index(m, "f");
  /* nps at its median 70: 65 in Q1 (half way), 70 in Q2 */
  cr_expect_float_eq(m->qref[c * 2 + 0], 0.25, 1e-15);
  cr_expect_float_eq(m->qref[c * 2 + 1], 0.5, 1e-15);
  cr_expect_float_eq(m->qref[fi * 2 + 0], 0.0, 1e-15);
  cr_expect_float_eq(m->qref[fi * 2 + 1], 0.0, 1e-15);
  unload(f);
}

Test(sim, one_sample_by_hand) {
  Fix *f = load(tiny);
  const SimModel *m = f->m;
  double x[1] = { 76 };
  double *work = malloc(sizeof(double) * interp_work_size(m));
  unsigned char g[8];
  unsigned char with[1] = { 1 }, without[1] = { 0 };
  /* §8: with `push`: 0.5 * 1.0 + 0.5 * 0.075 */
  cr_expect_float_eq(interp_eval(m, with, x, work, g), 0.5375, 1e-12);
  cr_expect_eq(g[obj_index(m, "c")], 1);
  cr_expect_eq(g[obj_index(m, "f")], 0);
  /* without it: 0.5 * 0.8 + 0.5 * 0.075 */
  cr_expect_float_eq(interp_eval(m, without, x, work, g), 0.4375, 1e-12);
  cr_expect_eq(g[obj_index(m, "c")], 1);
  free(work);
  unload(f);
}

Test(sim, mean_matches_exact_value) {
  Fix *f = load(tiny);
  const SimModel *m = f->m;
  enum { N = 200000 };
  unsigned char none[1] = { 0 };
  double *scores = malloc(sizeof(double) * N);
  uint32_t green[8] = {0};
  uint64_t keys[1] = { rt_stream_key(12345, m->inputs[0].stream) };
  interp_block(m, none, 1, 0, N, keys, scores, green, NULL);
  double sum = 0, sq = 0;
  for (int i = 0; i < N; i++) { sum += scores[i]; sq += scores[i] * scores[i]; }
  double mean = sum / N, sd = sqrt(sq / N - mean * mean), se = sd / sqrt(N);
  /* E = 0.5 E[(x-60)/20] + 0.5 * 0.5 E[max(0, (x-70)/40)] = 0.25 + 0.015625 */
  cr_expect(fabs(mean - 0.265625) < 4 * se, "mean %.6f, exact 0.265625, se %.6f", mean, se);
  /* c is green when (x - 60) / 20 prints as 0.70 or more (scoring's rule on
   * the printed hundredths), i.e. above 0.695, x > 73.9: probability 0.305 */
  double pg = (double)green[obj_index(m, "c")] / N;
  cr_expect(fabs(pg - 0.305) < 4 * sqrt(0.305 * 0.695 / N), "P(green) %.4f", pg);
  free(scores);
  unload(f);
}

Test(sim, lag_past_horizon_has_no_effect) {
  /* the same model with the effect's lag beyond the horizon */
  char *text = strdup(tiny);
  char *lag = strstr(text, "affects nps by 4 lag 1q");
  cr_assert(lag);
  memcpy(lag, "affects nps by 4 lag 2q", 23);
  Fix *f = load(text);
  double x[1] = { 76 };
  double *work = malloc(sizeof(double) * interp_work_size(f->m));
  unsigned char g[8], with[1] = { 1 };
  cr_expect_float_eq(interp_eval(f->m, with, x, work, g), 0.4375, 1e-12);
  free(work);
  unload(f);
  free(text);
}

Test(sim, default_unforecast_follows_the_plan) {
  /* §8's model without --hold-unforecast: rev has no forecast and no
   * actual, so doing nothing it follows its on-track line to its target:
   * 150 in Q1, 200 in Q2 (scores 0.5, 1) */
  Fix *f = load_at(tiny, NULL, false);
  int fi = obj_index(f->m, "f");
  cr_expect_eq(f->m->decided, 0);
  cr_expect_float_eq(f->m->qref[fi * 2 + 0], 0.5, 1e-15);
  cr_expect_float_eq(f->m->qref[fi * 2 + 1], 1.0, 1e-15);
  double x[1] = { 76 };
  /* 0.5 * 0.8 + 0.5 * clamp(1 + 0.5 * (0.4 - 0.25)) = 0.9 */
  cr_expect_float_eq(eval1(f, x, false), 0.9, 1e-12);
  unload(f);
}

/* §9: decided at 2025-Q2 with two quarters of actuals */
static const char decide[] =
  "strategy \"Decide\" {\n"
  "  horizon 2025-Q1 .. 2025-Q4\n"
  "  perspectives { customer 50%  financial 50% }\n"
  "}\n"
  "objective c \"Customers\" in customer {\n"
  "  kr nps : score 60 -> 80 forecast uniform(60, 80)\n"
  "  kr sat : percent 60% -> 80% by 2025-Q2 forecast normal(71%, 2%)\n"
  "}\n"
  "objective f \"Finance\" in financial { kr rev : USD 100 -> 200 }\n"
  "initiative push \"Push\" {\n  cost 1000 USD\n  affects nps by 4 lag 1q\n  affects sat by 5pp\n}\n"
  "initiative late \"Late\" {\n  cost 1000 USD\n  affects nps by 4 lag 3q\n}\n"
  "actuals 2025-Q1 {\n  nps 62\n  rev 120 USD\n  sat 70%\n}\n"
  "actuals 2025-Q2 {\n  nps 66\n  sat 72%\n}\n";

static int meas_index(const SimModel *m, const char *name) {
  for (int i = 0; i < m->nmeas; i++) if (!strcmp(m->meas[i].name, name)) return i;
  cr_assert_fail("no measure %s", name);
  return -1;
}

Test(sim, decision_fixes_actuals_and_restarts_the_line) {
  Fix *f = load_at(decide, NULL, false);
  const SimModel *m = f->m;
  cr_expect_eq(m->decided, 1, "the latest period with data is Q2");
  const SimMeasure *nps = &m->meas[meas_index(m, "nps")], *sat = &m->meas[meas_index(m, "sat")],
                   *rev = &m->meas[meas_index(m, "rev")];
  /* nps: Q1 and Q2 are its actuals; from Q2 the line runs to the draw */
  cr_expect_eq(nps->nfix, 2);
  cr_expect_float_eq(m->fixed[nps->fix_first + 0], 62, 0);
  cr_expect_float_eq(m->fixed[nps->fix_first + 1], 66, 0);
  cr_expect_eq(nps->start, 1);
  cr_expect_float_eq(nps->from, 66, 0);
  /* sat: due in Q2 and measured there: fixed for the whole horizon, no draw */
  cr_expect_eq(sat->nfix, 4);
  cr_expect_eq(sat->input, -1);
  cr_expect_eq(m->ninputs, 1, "only nps draws");
  cr_expect_float_eq(m->fixed[sat->fix_first + 3], 72, 0);   /* percent, in its unit */
  /* rev: measured in Q1 only, held in Q2, then on its line to the target */
  cr_expect_eq(rev->nfix, 2);
  cr_expect_float_eq(m->fixed[rev->fix_first + 1], 120, 0);
  cr_expect_float_eq(rev->outcome, 200, 0);
  /* effects: push's lag 1q lands in Q3 (period 2); its effect on sat,
   * due in the past, never; late's lag 3q after the horizon */
  for (int j = 0; j < m->neffs; j++) {
    const SimEffect *e = &m->effs[j];
    const char *in = m->inits[e->init].name;
    if (!strcmp(in, "late")) cr_expect_eq(e->at, 4);
    else if (e->lag == 1) cr_expect_eq(e->at, 2);
    else cr_expect_eq(e->at, 4, "no effect moves a KR due and measured");
  }
  /* one sample, nps drawn at 76: Q3 66 + 10 * 1/2 = 71, Q4 76 (+4 with push).
   * c = (0.8 + 0.6) / 2 = 0.7 without push, (1.0 + 0.6) / 2 = 0.8 with it
   * (sat stays 72 %: 5pp cannot change the past); f = rev 200: 1.0 */
  double x[1] = { 76 };
  unsigned char none[2] = { 0, 0 }, push[2] = { 1, 0 }, late[2] = { 0, 1 }, g[4];
  double *work = malloc(sizeof(double) * interp_work_size(m));
  cr_expect_float_eq(interp_eval(m, none, x, work, g), 0.5 * 0.7 + 0.5 * 1.0, 1e-12);
  cr_expect_float_eq(interp_eval(m, push, x, work, g), 0.5 * 0.8 + 0.5 * 1.0, 1e-12);
  cr_expect_float_eq(interp_eval(m, late, x, work, g), 0.5 * 0.7 + 0.5 * 1.0, 1e-12);
  free(work);
  unload(f);
}

Test(sim, decision_hold_unforecast) {
  /* --hold-unforecast: rev keeps its last actual, 120: score 0.2 */
  Fix *f = load_at(decide, NULL, true);
  double x[1] = { 76 };
  cr_expect_float_eq(eval1(f, x, false), 0.5 * 0.7 + 0.5 * 0.2, 1e-12);
  unload(f);
}

Test(sim, lags_count_from_the_decision_period) {
  /* decided at Q1: late's lag 3q lands in Q4, inside the horizon; push's
   * effect on sat (due Q2, not due before Q1) lands in Q1 but Q1 is
   * measured, so from Q2 */
  Fix *f = load_at(decide, "2025-Q1", false);
  const SimModel *m = f->m;
  cr_expect_eq(m->decided, 0);
  for (int j = 0; j < m->neffs; j++) {
    const SimEffect *e = &m->effs[j];
    if (!strcmp(m->inits[e->init].name, "late")) cr_expect_eq(e->at, 3);
    else if (e->lag == 0) cr_expect_eq(e->at, 1);
  }
  /* Q2's actuals are after the decision: sat is drawn again (it is not
   * due by Q1), from 70 % in Q1 toward the draw in Q2 */
  const SimMeasure *sat = &m->meas[meas_index(m, "sat")];
  cr_expect_eq(sat->nfix, 1);
  cr_expect_geq(sat->input, 0);
  /* nps 76, sat 71 %: nps Q4 76 + 4 with late; sat 71 % + 5pp with push */
  int in_nps = m->meas[meas_index(m, "nps")].input;
  double x[2];
  x[in_nps] = 76;
  x[sat->input] = 71;
  unsigned char late[2] = { 0, 1 }, push[2] = { 1, 0 }, g[4];
  double *work = malloc(sizeof(double) * interp_work_size(m));
  /* c = (1.0 + 0.55) / 2 with late; (1.0 + 0.8) / 2 with push */
  cr_expect_float_eq(interp_eval(m, late, x, work, g), 0.5 * 0.775 + 0.5 * 1.0, 1e-12);
  cr_expect_float_eq(interp_eval(m, push, x, work, g), 0.5 * 0.9 + 0.5 * 1.0, 1e-12);
  free(work);
  unload(f);
}

Test(sim, decision_mean_of_doing_nothing) {
  /* §9.3: nps ~ U(60, 80) scores 0.5 on average, sat 0.6 always, rev 1:
   * 0.5 * (0.5 + 0.6) / 2 + 0.5 * 1 = 0.775; held, rev 0.2: 0.375 */
  for (int hold = 0; hold < 2; hold++) {
    Fix *f = load_at(decide, NULL, hold);
    const SimModel *m = f->m;
    enum { N = 100000 };
    unsigned char none[2] = { 0, 0 };
    double *scores = malloc(sizeof(double) * N);
    uint32_t green[4] = {0};
    uint64_t keys[1] = { rt_stream_key(99, m->inputs[0].stream) };
    interp_block(m, none, 1, 0, N, keys, scores, green, NULL);
    double sum = 0, sq = 0;
    for (int i = 0; i < N; i++) { sum += scores[i]; sq += scores[i] * scores[i]; }
    double mean = sum / N, se = sqrt(sq / N - mean * mean) / sqrt(N), exact = hold ? 0.375 : 0.775;
    cr_expect(fabs(mean - exact) < 4 * se, "hold %d: mean %.6f, exact %.3f, se %.6f", hold, mean, exact, se);
    free(scores);
    unload(f);
  }
}

/* ---- drawn strengths and lags (docs/simulation.md §15) ---- */

static int input_index(const SimModel *m, const char *name) {
  for (int i = 0; i < m->ninputs; i++) if (!strcmp(m->inputs[i].name, name)) return i;
  cr_assert_fail("no input %s", name);
  return -1;
}

/* the mean of N samples of portfolio `fund` at seed 12345, within four
 * standard errors of `exact` */
static void expect_mean(const SimModel *m, unsigned char fund, double exact) {
  enum { N = 200000 };
  double *scores = malloc(sizeof(double) * N);
  uint32_t green[8] = {0};
  uint64_t *keys = malloc(sizeof(uint64_t) * (size_t)(m->ninputs + 1));
  for (int i = 0; i < m->ninputs; i++) keys[i] = rt_stream_key(12345, m->inputs[i].stream);
  interp_block(m, &fund, 1, 0, N, keys, scores, green, NULL);
  double sum = 0, sq = 0;
  for (int i = 0; i < N; i++) { sum += scores[i]; sq += scores[i] * scores[i]; }
  double mean = sum / N, se = sqrt(sq / N - mean * mean) / sqrt(N);
  cr_expect(fabs(mean - exact) < 4 * se, "mean %.6f, exact %.6f, se %.6f", mean, exact, se);
  free(scores);
  free(keys);
}

/* src with its first `from` replaced by `to` (malloc'd) */
static char *replaced(const char *src, const char *from, const char *to) {
  char *text = malloc(strlen(src) + strlen(to) + 1);
  const char *at = strstr(src, from);
  cr_assert(at, "no %s", from);
  size_t n = (size_t)(at - src);
  memcpy(text, src, n);
  strcpy(text + n, to);
  strcat(text, at + strlen(from));
  return text;
}

Test(sim, drawn_strength_by_hand) {
  char *text = replaced(tiny, "strength 0.5", "strength uniform(0, 1)");
  Fix *f = load(text);
  const SimModel *m = f->m;
  int in = input_index(m, "c -> f strength");
  cr_expect_eq(m->links[0].input, in);
  cr_assert(m->link_dist);
  cr_expect_eq(m->link_dist[0].kind, DIST_UNIFORM);
  double x[2];
  x[input_index(m, "nps")] = 76;
  /* Q(f, Q2) = s * (0.4 - 0.25): s = 0.8 gives 0.5 * 0.8 + 0.5 * 0.12 */
  x[in] = 0.8;
  cr_expect_float_eq(eval1(f, x, false), 0.46, 1e-12);
  /* a draw outside -1..1 is clamped: 1.3 acts as 1, 0.5 * 0.8 + 0.5 * 0.15 */
  x[in] = 1.3;
  cr_expect_float_eq(eval1(f, x, false), 0.475, 1e-12);
  x[in] = -1.3;                          /* -1: Q(f) = clamp(-0.15) = 0 */
  cr_expect_float_eq(eval1(f, x, false), 0.4, 1e-12);
  /* s and x independent: E[Q(f)] = E[s] E[max(0, (x - 70)/40)] = 0.5 * 0.0625,
   * the mean of the fixed strength 0.5: 0.265625 */
  expect_mean(m, 0, 0.265625);
  unload(f);
  free(text);
}

Test(sim, drawn_effect_lag_by_hand) {
  char *text = replaced(tiny, "affects nps by 4 lag 1q", "affects nps by 4 lag 0..1q");
  Fix *f = load(text);
  const SimModel *m = f->m;
  int in = input_index(m, "push -> nps lag");
  cr_expect_eq(m->effs[0].lag_input, in);
  cr_expect_eq(m->effs[0].at, 0);
  cr_expect_eq(m->effs[0].lag_hi, 1);
  cr_expect_eq(m->inputs[in].dist.kind, DIST_WHOLE);
  double x[2];
  x[input_index(m, "nps")] = 76;
  /* lag 1: §8's sample, 0.5375; lag 0: Q1's nps 68 + 4 scores 0.6, so
   * Q(f, Q2) = 0.5 * (0.6 - 0.25) = 0.175: 0.5 * 1 + 0.5 * 0.175 */
  x[in] = 1;
  cr_expect_float_eq(eval1(f, x, true), 0.5375, 1e-12);
  x[in] = 0;
  cr_expect_float_eq(eval1(f, x, true), 0.5875, 1e-12);
  /* with push: E[c in Q2] = E[min(1, (x - 56)/20)] = 0.68; E[Q(f, Q2)] is
   * 0.5 E[max(0, (x - 62)/40)] = 0.10125 at lag 0 and 0.03125 at lag 1,
   * each half the time: 0.5 * 0.68 + 0.5 * 0.06625 = 0.373125 */
  expect_mean(m, 1, 0.373125);
  /* the sensitivity's lag row: its 10th percentile is lag 0 (0.4 at the
   * medians: 0.5 * 0.7 + 0.5 * 0.5 * 0.2), its 90th lag 1 (0.35) */
  unsigned char with[1] = { 1 };
  SimSwings sw = sim_tornado(m, with, NULL, 0);
  int row = -1;
  for (int i = 0; i < sw.n; i++) if (sw.v[i].kind == SW_LAG) row = i;
  cr_assert(row >= 0, "no lag row");
  cr_expect_eq(sw.v[row].x10, 0.0);
  cr_expect_eq(sw.v[row].x90, 1.0);
  cr_expect_float_eq(sw.v[row].low, 0.4, 1e-12);
  cr_expect_float_eq(sw.v[row].high, 0.35, 1e-12);
  cr_expect(sw.v[row].good_low);
  sim_swings_free(&sw);
  unload(f);
  free(text);
}

Test(sim, drawn_link_lag_by_hand) {
  /* four quarters, c -> f lag 1q..2q: read in Q4 from Q3 or Q2 */
  char *t1 = replaced(tiny, "2025-Q2", "2025-Q3");
  char *text = replaced(t1, "strength 0.5 lag 1q", "strength 0.5 lag 1q..2q");
  Fix *f = load(text);
  const SimModel *m = f->m;
  cr_assert_eq(m->T, 3);
  int in = input_index(m, "c -> f lag");
  cr_expect_eq(m->links[0].lag, 1);
  cr_expect_eq(m->links[0].lag_hi, 2);
  double x[2];
  x[input_index(m, "nps")] = 76;
  /* nps runs 60 + 16 t/3 ... : Q(c) = (1/3, 2/3) * 0.8 in Q1, Q2 against the
   * reference (1/3, 2/3) * 0.5: deviations 0.1 (Q1), 0.2 (Q2).  Q(f, Q3) is
   * 0.5 * 0.2 with lag 1, 0.5 * 0.1 with lag 2 */
  x[in] = 1;
  cr_expect_float_eq(eval1(f, x, false), 0.5 * 0.8 + 0.5 * 0.1, 1e-12);
  x[in] = 2;
  cr_expect_float_eq(eval1(f, x, false), 0.5 * 0.8 + 0.5 * 0.05, 1e-12);
  unload(f);
  free(text);
  free(t1);
}
