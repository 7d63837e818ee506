/*
 * test_sim.c - the simulation model against the worked example of
 * docs/simulation.md §8: one sample by hand, the reference run, and the
 * mean over many samples against its exact value.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>
#include "sim.h"
#include "sema.h"

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
  DiagEngine de;
  Program p;
  ScoreCard *sc;
  SimModel *m;
} Fix;

static Fix *load(const char *text) {
  Fix *f = calloc(1, sizeof *f);
  diag_init(&f->de);
  program_init(&f->p, &f->de);
  cr_assert(load_program(&f->p, "tiny.bsc", text, strlen(text), NULL));
  sema_check(&f->p, NULL);
  cr_assert_eq(f->de.nerrors, 0, "the model has errors");
  ScoreOptions so = {0};
  const char *why = NULL;
  f->sc = score_eval(&f->p, &so, &why);
  cr_assert(f->sc, "%s", why ? why : "no scorecard");
  char *err = NULL;
  f->m = sim_lower(&f->p, f->sc, &err);
  cr_assert(f->m, "%s", err ? err : "");
  return f;
}

static void done(Fix *f) {
  sim_free(f->m);
  score_free(f->sc);
  program_free(&f->p);
  diag_free(&f->de);
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
  done(f);
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
  done(f);
}

Test(sim, mean_matches_exact_value) {
  Fix *f = load(tiny);
  const SimModel *m = f->m;
  enum { N = 200000 };
  unsigned char none[1] = { 0 };
  double *scores = malloc(sizeof(double) * N);
  uint32_t green[8] = {0};
  uint64_t keys[1] = { rt_stream_key(12345, m->inputs[0].stream) };
  interp_block(m, none, 1, 0, N, keys, scores, green);
  double sum = 0, sq = 0;
  for (int i = 0; i < N; i++) { sum += scores[i]; sq += scores[i] * scores[i]; }
  double mean = sum / N, sd = sqrt(sq / N - mean * mean), se = sd / sqrt(N);
  /* E = 0.5 E[(x-60)/20] + 0.5 * 0.5 E[max(0, (x-70)/40)] = 0.25 + 0.015625 */
  cr_expect(fabs(mean - 0.265625) < 4 * se, "mean %.6f, exact 0.265625, se %.6f", mean, se);
  /* c is green when (x - 60) / 20 >= 0.7, i.e. x >= 74: probability 0.3 */
  double pg = (double)green[obj_index(m, "c")] / N;
  cr_expect(fabs(pg - 0.3) < 4 * sqrt(0.3 * 0.7 / N), "P(green) %.4f", pg);
  free(scores);
  done(f);
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
  done(f);
  free(text);
}
