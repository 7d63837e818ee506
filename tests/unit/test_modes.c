/*
 * test_modes.c - the scoring modes of KPIs (docs/semantics.md §7.1) at
 * their edges: at the red flag, at the goal, at the stretch, both sides of
 * a band, first-match order, a value a hair under a threshold; and the
 * hundredths rule that every status follows (§6.2).
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "actuals.h"
#include "score.h"
#include "sema.h"
#include "scored.h"

#define HEAD                                                                 \
  "strategy \"S\" {\n  horizon 2025-Q1 .. 2025-Q4\n"                         \
  "  perspectives { financial 100% }\n}\n"

/* The objective `f` holding `body`, with one check-in per KPI in 2025-Q1. */
static T *run(const char *body, const char *checkins) {
  char *text = NULL;
  cr_assert(asprintf(&text, "%sobjective f \"F\" in financial {\n%s\n}\nactuals 2025-Q1 { %s }\n", HEAD, body, checkins) > 0);
  return scored(text);
}

static const ScoreResult *kpi(T *t, const char *name) {
  Sym *s = sema_lookup(&t->p, name);
  cr_assert(s && s->kind == SYM_KPI, "no KPI %s", name);
  return score_kpi(t->sc, 0, s->decl);
}

static const ScoreResult *obj(T *t) { return score_obj(t->sc, 0, sema_lookup(&t->p, "f")->decl); }

/* One KPI `k` of `spec`, measured at `value`: its result is copied out. */
static ScoreResult one(const char *spec, const char *value) {
  char body[512], ci[128];
  snprintf(body, sizeof body, "  kpi k : percent %s", spec);
  snprintf(ci, sizeof ci, "k %s", value);
  T *t = run(body, ci);
  ScoreResult r = *kpi(t, "k");
  done(t);
  return r;
}

#define QS "scored quickscore { red 88%, goal 92%, stretch 95% }"

Test(quickscore, at_the_red_flag_the_goal_and_the_stretch) {
  ScoreResult r = one(QS, "88%");
  cr_expect_eq(r.points, 10.0 / 3.0);
  cr_expect_eq(r.score, 10.0 / 3.0 / 10.0);
  cr_expect_eq(r.status, STATUS_YELLOW, "the red flag itself is yellow (3.33)");
  r = one(QS, "92%");
  cr_expect_eq(r.points, 20.0 / 3.0);
  cr_expect_eq(r.status, STATUS_GREEN, "the goal itself is green (6.67)");
  r = one(QS, "95%");
  cr_expect_eq(r.points, 10.0);
  cr_expect_eq(r.score, 1.0);
  r = one(QS, "99%");
  cr_expect_eq(r.points, 10.0, "capped at 10 past the stretch");
}

Test(quickscore, linear_between_and_zero_one_gap_below_the_red_flag) {
  ScoreResult r = one(QS, "90%");     /* halfway from red to goal: 10/3 + (10/3) * 2 / 4 */
  cr_expect_eq(r.points, 10.0 / 3.0 + ((20.0 / 3.0 - 10.0 / 3.0) * (90.0 - 88.0)) / (92.0 - 88.0));
  cr_expect_eq(r.points, 5.0);
  r = one(QS, "84%");                 /* 88 - (92 - 88): the zero point */
  cr_expect_eq(r.points, 0.0);
  cr_expect_eq(r.status, STATUS_RED);
  r = one(QS, "80%");
  cr_expect_eq(r.points, 0.0);
}

Test(quickscore, a_hair_under_a_line_follows_its_printed_points) {
  ScoreResult r = one(QS, "91.9999999%");    /* 6.6666666 prints 6.67: green */
  cr_expect_lt(r.points, 20.0 / 3.0);
  cr_expect_eq(score_cents(r.points), 667);
  cr_expect_eq(r.status, STATUS_GREEN);
  r = one(QS, "91.99%");                     /* 6.6583 prints 6.66: yellow */
  cr_expect_eq(score_cents(r.points), 666);
  cr_expect_eq(r.status, STATUS_YELLOW);
  r = one(QS, "87.9999999%");                /* prints 3.33: yellow */
  cr_expect_eq(r.status, STATUS_YELLOW);
  r = one(QS, "87.9%");                      /* 3.25: red */
  cr_expect_eq(r.status, STATUS_RED);
}

Test(quickscore, lower_is_better_when_the_goal_is_below_the_red_flag) {
  ScoreResult r = one("scored quickscore { red 5%, goal 4%, stretch 3.5% }", "4%");
  cr_expect_eq(r.points, 20.0 / 3.0);
  r = one("scored quickscore { red 5%, goal 4%, stretch 3.5% }", "3.5%");
  cr_expect_eq(r.points, 10.0);
  r = one("scored quickscore { red 5%, goal 4%, stretch 3.5% }", "5%");
  cr_expect_eq(r.points, 10.0 / 3.0);
  r = one("scored quickscore { red 5%, goal 4% }", "3%");     /* default stretch: 4 - (5 - 4) */
  cr_expect_eq(r.points, 10.0);
  r = one("scored quickscore { red 5%, goal 4% }", "6%");
  cr_expect_eq(r.points, 0.0);
}

#define BAND "scored band { red 40% .. 160%, goal 80% .. 120% }"

Test(band, best_in_the_middle_and_too_high_as_bad_as_too_low) {
  cr_expect_eq(one(BAND, "100%").points, 10.0);
  cr_expect_eq(one(BAND, "80%").points, 20.0 / 3.0);
  cr_expect_eq(one(BAND, "120%").points, 20.0 / 3.0);
  cr_expect_eq(one(BAND, "80%").status, STATUS_GREEN);
  cr_expect_eq(one(BAND, "120%").status, STATUS_GREEN);
  cr_expect_eq(one(BAND, "40%").points, 10.0 / 3.0);
  cr_expect_eq(one(BAND, "160%").points, 10.0 / 3.0);
  ScoreResult lo = one(BAND, "39%"), hi = one(BAND, "161%");
  cr_expect_eq(lo.status, STATUS_RED);
  cr_expect_eq(hi.status, STATUS_RED);
  cr_expect_eq(score_cents(lo.points), score_cents(hi.points), "%.17g vs %.17g", lo.points, hi.points);
  cr_expect_eq(one(BAND, "0%").points, 0.0);
  cr_expect_eq(one(BAND, "200%").points, 0.0);
  cr_expect_eq(one(BAND, "90%").points, 20.0 / 3.0 + ((10 - 20.0 / 3.0) * (90.0 - 80.0)) / (100.0 - 80.0));
}

Test(rules, first_match_wins) {
  ScoreResult r = one("scored rules { green >= 95%, yellow >= 90%, red }", "96%");
  cr_expect_eq(r.status, STATUS_GREEN);
  cr_expect_eq(r.rule, 0, "the yellow rule matches too, but comes second");
  cr_expect_eq(r.score, 1.0);
  r = one("scored rules { yellow >= 90%, green >= 95%, red }", "96%");
  cr_expect_eq(r.status, STATUS_YELLOW, "written first, yellow wins");
  cr_expect_eq(r.rule, 0);
  cr_expect_eq(r.score, 0.4, "a yellow rule scores the yellow line");
  r = one("scored rules { green >= 95%, yellow >= 90%, red }", "89%");
  cr_expect_eq(r.status, STATUS_RED);
  cr_expect_eq(r.rule, 2);
  cr_expect_eq(r.score, 0.0);
  r = one("scored rules { green >= 95%, yellow 90% .. 95% }", "80%");
  cr_expect_eq(r.rule, -1, "no rule matches");
  cr_expect_eq(r.status, STATUS_RED);
}

Test(rules, values_compare_as_printed) {
  cr_expect_eq(one("scored rules { green >= 95%, red }", "94.999999%").status, STATUS_GREEN, "prints 95%");
  cr_expect_eq(one("scored rules { green >= 95%, red }", "94.99%").status, STATUS_RED);
  cr_expect_eq(score_value_cmp(94.999999, 95), 0);
  cr_expect_eq(score_value_cmp(0.12345, 0.1233), 0, "three significant digits below 1: both print 0.123");
  cr_expect_eq(score_value_cmp(0.1234, 0.1244), -1, "0.123 < 0.124");
  cr_expect_eq(score_value_cmp(0.99999, 1), 0);
}

Test(health, scored_threshold_kpi_at_its_edges) {
  ScoreResult r = one(">= 95% warn 97% scored", "97%");
  cr_expect_eq(r.health, HEALTH_HEALTHY);
  cr_expect_eq(r.score, 1.0);
  cr_expect_eq(r.status, STATUS_GREEN);
  r = one(">= 95% warn 97% scored", "95%");
  cr_expect_eq(r.health, HEALTH_WARNING);
  cr_expect_eq(r.score, 0.4);
  cr_expect_eq(r.status, STATUS_YELLOW);
  r = one(">= 95% warn 97% scored", "94.9999999%");
  cr_expect_eq(r.health, HEALTH_WARNING, "prints 95%: not breached");
  r = one(">= 95% warn 97% scored", "94.99%");
  cr_expect_eq(r.health, HEALTH_BREACHED);
  cr_expect_eq(r.score, 0.0);
  cr_expect_eq(r.status, STATUS_RED);
}

Test(health, stay_within_a_band) {
  cr_expect_eq(one("20% .. 30% scored", "20%").health, HEALTH_HEALTHY);
  cr_expect_eq(one("20% .. 30% scored", "30%").health, HEALTH_HEALTHY);
  cr_expect_eq(one("20% .. 30% scored", "19.99%").health, HEALTH_BREACHED);
  cr_expect_eq(one("20% .. 30% scored", "30.01%").health, HEALTH_BREACHED);
  cr_expect_eq(one("20% .. 30%", "31%").health, HEALTH_BREACHED, "not scored: health only");
}

Test(health, a_range_kpi_scores_its_progress_against_its_line) {
  ScoreResult r = one("60% -> 80% scored", "65%");          /* Q1 of 4: plan 1/4 */
  cr_expect_eq(r.score, 0.25);
  cr_expect_eq(r.expected, 0.25);
  cr_expect_eq(r.status, STATUS_GREEN);
}

Test(objective, measured_only_by_kpis_has_a_score) {
  T *t = run("  kpi y : percent " QS " weight 2\n  kpi o : percent >= 95% scored\n  kpi brent : USD context\n",
             "y 90%, o 96%, brent 80");
  const ScoreResult *r = obj(t);
  cr_assert(r->has);
  cr_expect_eq(r->n_items, 2, "the context KPI is not an item");
  cr_expect_eq(r->score, (2 * 0.5 + 1 * 1.0) / 3);
  cr_expect_eq(r->expected, (2 * ((20.0 / 3.0) / 10.0) + 1 * 1.0) / 3);
  const ScoreResult *b = kpi(t, "brent");
  cr_expect(b->has);
  cr_expect_eq(b->health, HEALTH_CONTEXT);
  cr_expect_eq(b->status, STATUS_NODATA);
  done(t);
}

Test(objective, kpis_beside_krs_in_declaration_order) {
  T *t = run("  kr r : count 0 -> 10\n  kpi o : percent >= 95% warn 97% scored\n  kpi n : percent >= 95%\n",
             "r 4, o 96%, n 10%");
  const ScoreResult *r = obj(t);
  cr_expect_eq(r->n_items, 2, "an unscored KPI counts nowhere");
  cr_expect_eq(r->score, (1 * 0.4 + 1 * 0.4) / 2);
  done(t);
}

Test(hundredths, printed_numbers_and_status_agree) {
  cr_expect_eq(score_status(0.3999999999999999, 1, false, 0.7, 0.4), STATUS_YELLOW, "prints 0.40");
  cr_expect_eq(score_status(0.6999999999999999, 1, false, 0.7, 0.4), STATUS_GREEN, "prints 0.70");
  cr_expect_eq(score_status(0.6949, 1, false, 0.7, 0.4), STATUS_YELLOW, "prints 0.69");
  cr_expect_eq(score_points_status(6.665), score_cents(6.665) >= 667 ? STATUS_GREEN : STATUS_YELLOW);
  cr_expect_eq(score_points_status(3.3299), STATUS_YELLOW, "prints 3.33");
  cr_expect_eq(score_points_status(3.3249), STATUS_RED, "prints 3.32");
}
