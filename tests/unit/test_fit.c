/*
 * test_fit.c - the estimator of `bscc fit` (compiler/fit.c) and its
 * write-back (compiler/fit_patch.c), against docs/fit.md: the worked
 * example's closed-form numbers, exact recovery from a noise-free
 * history, the states a fit refuses in (too few periods, a cause that
 * never moves), and the edits made to a link's text.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actuals.h"
#include "fit.h"
#include "fit_out.h"
#include "sema.h"
#include "util.h"

typedef struct T {
  DiagEngine de;
  Program p;
  ActualSet as;
  ScoreCard *sc;
  FitResult *r;
} T;

static T *fitted(const char *path, const char *text, int max_lag) {
  T *t = calloc(1, sizeof *t);
  diag_init(&t->de);
  program_init(&t->p, &t->de);
  LoadOptions lo = {0};
  cr_assert(load_program(&t->p, path, text, text ? strlen(text) : 0, &lo), "cannot load %s", path);
  sema_check(&t->p, NULL);
  if (t->de.nerrors) {
    diag_render(&t->de, stderr, FMT_TEXT, false);
    cr_assert_fail("the test program has errors");
  }
  actuals_init(&t->as);
  actuals_add_program(&t->p, &t->as);
  ScoreOptions so = {0};
  so.cap = 1.0;
  so.actuals = &t->as;
  const char *why = NULL;
  t->sc = score_eval(&t->p, &so, &why);
  cr_assert_not_null(t->sc, "score_eval: %s", why ? why : "?");
  FitOptions fo = {max_lag, true};
  t->r = fit_run(t->sc, &fo);
  return t;
}

static void done(T *t) {
  fit_free(t->r);
  score_free(t->sc);
  actuals_free(&t->as);
  program_free(&t->p);
  diag_free(&t->de);
  free(t);
}

#define NEAR(x, y) cr_assert(fabs((x) - (y)) < 1e-12, "%s = %.17g, expected %.17g", #x, (double)(x), (double)(y))

/* docs/fit.md §4, by hand: x = Δa, y = Δb in points, n = 7. */
Test(fit, worked_example_closed_form) {
  T *t = fitted("../../examples/fit/worked.bsc", NULL, 0);
  cr_assert_eq(t->r->nlinks, 1);
  const FitLink *l = &t->r->links[0];
  const FitEffect *e = &t->r->effects[0];
  cr_assert_eq(l->state, FIT_ESTIMATED);
  cr_assert_eq(e->n, 7);
  cr_assert_eq(e->df, 5);
  cr_assert_eq(l->lag, 0);
  double sxx = 174.0 / 7, sxy = 101.0 / 7, syy = 68.0 / 7;
  double b = sxy / sxx, rss = syy - b * sxy;
  NEAR(l->est, 101.0 / 174);
  NEAR(l->se, sqrt(rss / 5 / sxx));
  /* t(0.975, 5) = 2.5705818356363 (R: qt(0.975, 5) = 2.570582) */
  NEAR(l->lo, l->est - 2.5705818356363141 * l->se);
  NEAR(l->hi, l->est + 2.5705818356363141 * l->se);
  NEAR(e->r2, 1 - rss / syy);
  NEAR(e->alpha, 112.0 / 1218 / 100);
  NEAR(l->partial_r2, e->r2);   /* one cause: the partial R² is the model's */
  cr_assert_eq(l->verdict, FV_SUPPORTED);
  cr_assert(l->within);
  NEAR(l->suggested, 0.58);
  NEAR(l->suggested_sd, 0.10);   /* se 0.10380, rounded */
  int n = 0;
  char *patched = fit_patch_text(t->r, false, &n);
  cr_assert_eq(n, 1);
  cr_assert_not_null(strstr(patched, "a -> b  strength normal(0.58, 0.1)"), "%s", patched);
  free(patched);
  done(t);
}

/* A history in which b's deviation is exactly 0.4 times a's two quarters
 * earlier: the fit finds 0.4 at lag 2, with (almost) no error. */
Test(fit, noise_free_history_is_recovered) {
  Buf b;
  buf_init(&b);
  buf_puts(&b, "strategy \"s\" {\n  horizon 2021-Q1 .. 2025-Q4\n  perspectives { customer 50%  learning 50% }\n}\n"
               "objective a in learning {\n  kr x : percent 0% -> 100%\n}\n"
               "objective b in customer {\n  kr y : percent 0% -> 100%\n}\n"
               "a -> b  strength 0.9  lag 1q\n");
  int P = 20;
  double dev[20];
  unsigned s = 12345;
  for (int i = 0; i < P; i++) {
    s = s * 1103515245u + 12345u;
    dev[i] = ((int)((s >> 16) % 81) - 40) / 2000.0;   /* -2 .. +2 points */
  }
  for (int i = 0; i < P; i++) {
    double plan = (i + 1.0) / P * 0.9;
    double bdev = i >= 2 ? 0.4 * dev[i - 2] : 0;
    buf_printf(&b, "actuals %d-Q%d { x %.17g, y %.17g }\n", 2021 + i / 4, i % 4 + 1, plan + dev[i], plan + bdev);
  }
  char *text = buf_steal(&b);
  T *t = fitted("t.bsc", text, 4);
  const FitLink *l = &t->r->links[0];
  cr_assert_eq(l->state, FIT_ESTIMATED);
  cr_assert_eq(l->lag, 2);
  cr_assert(fabs(l->est - 0.4) < 1e-9, "est %.17g", l->est);
  cr_assert(l->se < 1e-9);
  cr_assert_eq(l->verdict, FV_SUPPORTED);
  cr_assert(!l->within);   /* 0.9 is far outside */
  /* the write-back: the distribution of the estimate, its sd at the
   * floor of 0.01 (an error of ~0 is not written as certainty), lag 2q */
  cr_assert_eq(l->suggested_sd, FIT_MIN_SD);
  int n = 0;
  char *patched = fit_patch_text(t->r, true, &n);
  cr_assert_eq(n, 1);
  cr_assert_not_null(strstr(patched, "a -> b  strength normal(0.4, 0.01)  lag 2q\n"), "%s", patched);
  free(patched);
  done(t);
  free(text);
}

Test(fit, three_quarters_are_too_few) {
  const char *text =
    "strategy \"s\" {\n  horizon 2025-Q1 .. 2025-Q4\n  perspectives { customer 50%  learning 50% }\n}\n"
    "objective a in learning {\n  kr x : percent 0% -> 100%\n}\n"
    "objective b in customer {\n  kr y : percent 0% -> 100%\n}\n"
    "a -> b\n"
    "actuals 2025-Q1 { x 20%, y 30% }\nactuals 2025-Q2 { x 45%, y 52% }\nactuals 2025-Q3 { x 70%, y 71% }\n";
  T *t = fitted("t.bsc", text, 4);
  cr_assert_eq(t->r->links[0].state, FIT_TOO_FEW);
  cr_assert_eq(t->r->links[0].verdict, FV_NONE);
  int n = 0;
  cr_assert_null(fit_patch_text(t->r, true, &n));
  done(t);
}

/* a is exactly on its plan every quarter: its column of changes is all
 * zero, and no strength can be told from it. */
Test(fit, a_cause_that_never_moves_is_collinear) {
  Buf b;
  buf_init(&b);
  buf_puts(&b, "strategy \"s\" {\n  horizon 2023-Q1 .. 2024-Q4\n  perspectives { customer 50%  learning 50% }\n}\n"
               "objective a in learning {\n  kr x : percent 0% -> 100%\n}\n"
               "objective b in customer {\n  kr y : percent 0% -> 100%\n}\n"
               "a -> b  strength 0.5\n");
  static const double y[8] = {0.1, 0.3, 0.35, 0.5, 0.66, 0.7, 0.85, 0.9};
  for (int i = 0; i < 8; i++)
    buf_printf(&b, "actuals %d-Q%d { x %.17g, y %.17g }\n", 2023 + i / 4, i % 4 + 1, (i + 1) / 8.0, y[i]);
  char *text = buf_steal(&b);
  T *t = fitted("t.bsc", text, 0);
  cr_assert_eq(t->r->links[0].state, FIT_COLLINEAR);
  done(t);
  free(text);
}

/* b follows a's previous quarter at `k` times: a history for the patch. */
static char *follower(double k) {
  Buf b;
  buf_init(&b);
  buf_puts(&b, "strategy \"s\" {\n  horizon 2021-Q1 .. 2025-Q4\n  perspectives { customer 50%  learning 50% }\n}\n"
               "objective a in learning {\n  kr x : percent 0% -> 100%\n}\n"
               "objective b in customer {\n  kr y : percent 0% -> 100%\n}\n"
               "a -> b // the map's first guess\n");
  unsigned s = 99;
  double dev[20];
  for (int i = 0; i < 20; i++) {
    s = s * 1103515245u + 12345u;
    dev[i] = ((int)((s >> 16) % 81) - 40) / 2000.0;
  }
  for (int i = 0; i < 20; i++) {
    double plan = (i + 1.0) / 20 * 0.9;
    buf_printf(&b, "actuals %d-Q%d { x %.17g, y %.17g }\n", 2021 + i / 4, i % 4 + 1, plan + dev[i],
               plan + (i >= 1 ? k * dev[i - 1] : 0));
  }
  return buf_steal(&b);
}

/* A link without strength or lag gets both written after its target, the
 * comment kept; the text is not reformatted when the file was not canonical. */
Test(fit, patch_inserts_missing_attributes) {
  char *text = follower(0.25);
  T *t = fitted("t.bsc", text, 2);
  const FitLink *l = &t->r->links[0];
  cr_assert_eq(l->lag, 1);
  cr_assert(fabs(l->est - 0.25) < 1e-9);
  cr_assert_eq(l->verdict, FV_SUPPORTED);
  int n = 0;
  char *patched = fit_patch_text(t->r, false, &n);
  cr_assert_eq(n, 1);
  cr_assert_not_null(strstr(patched, "\na -> b strength normal(0.25, 0.01) lag 1q // the map's first guess\n"), "%s", patched);
  free(patched);
  done(t);
  free(text);
}

/* Written 1 (the default), moving at -0.25: contradicted, never written back. */
Test(fit, contradicted_link_is_not_written) {
  char *text = follower(-0.25);
  T *t = fitted("t.bsc", text, 2);
  const FitLink *l = &t->r->links[0];
  cr_assert(fabs(l->est + 0.25) < 1e-9);
  cr_assert_eq(l->verdict, FV_CONTRADICTED);
  int n = 0;
  cr_assert_null(fit_patch_text(t->r, false, &n));
  done(t);
  free(text);
}

/* Seven causes at lags 0..4 are 78,125 combinations, past FIT_MAX_COMBOS:
 * the lags are searched one cause at a time (docs/fit.md §2.3), and the
 * one cause that acts is found at its lag. */
Test(fit, many_causes_search_one_at_a_time) {
  Buf b;
  buf_init(&b);
  buf_puts(&b, "strategy \"s\" {\n  horizon 2020-Q1 .. 2025-Q4\n  perspectives { customer 50%  learning 50% }\n}\n"
               "objective e in customer {\n  kr y : percent 0% -> 100%\n}\n");
  for (int j = 0; j < 7; j++) buf_printf(&b, "objective c%d in learning {\n  kr x%d : percent 0%% -> 100%%\n}\nc%d -> e\n", j, j, j);
  unsigned s = 7;
  double dev[7][24];
  for (int j = 0; j < 7; j++)
    for (int i = 0; i < 24; i++) {
      s = s * 1103515245u + 12345u;
      dev[j][i] = ((int)((s >> 16) % 81) - 40) / 2000.0;
    }
  for (int i = 0; i < 24; i++) {
    double plan = (i + 1.0) / 24 * 0.9;
    buf_printf(&b, "actuals %d-Q%d { y %.17g", 2020 + i / 4, i % 4 + 1, plan + (i >= 3 ? 0.5 * dev[2][i - 3] : 0));
    for (int j = 0; j < 7; j++) buf_printf(&b, ", x%d %.17g", j, plan + dev[j][i]);
    buf_puts(&b, " }\n");
  }
  char *text = buf_steal(&b);
  T *t = fitted("t.bsc", text, 4);
  const FitEffect *e = &t->r->effects[0];
  cr_assert_eq(e->nlinks, 7);
  cr_assert_eq(e->state, FIT_ESTIMATED);
  cr_assert(!e->exhaustive);
  cr_assert(e->combos < 78125);
  const FitLink *l = &t->r->links[2];
  cr_assert_str_eq(l->l->src->name.name, "c2");
  cr_assert_eq(l->lag, 3);
  cr_assert(fabs(l->est - 0.5) < 1e-9, "est %.17g", l->est);
  done(t);
  free(text);
}
