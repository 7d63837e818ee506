/*
 * test_score.c - the reference scorecard (compiler/score.c) and actuals
 * (compiler/actuals.c), rule by rule as docs/semantics.md states them,
 * through whole in-memory programs (the embedded prelude included).
 * Numbers are compared exactly where the document gives the arithmetic.
 */
#include <criterion/criterion.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "actuals.h"
#include "score.h"
#include "plan.h"
#include "sema.h"

typedef struct T {
  DiagEngine de;
  Program p;
  ActualSet as;
  ScoreCard *sc;
} T;

static T *load_with(const char *path, const char *text, bool expect_clean) {
  T *t = calloc(1, sizeof *t);
  diag_init(&t->de);
  program_init(&t->p, &t->de);
  LoadOptions lo = {0};
  cr_assert(load_program(&t->p, path, text, text ? strlen(text) : 0, &lo), "cannot load %s", path);
  sema_check(&t->p, NULL);
  if (expect_clean && t->de.nerrors) {
    diag_render(&t->de, stderr, FMT_TEXT, false);
    cr_assert_fail("the test program has errors");
  }
  actuals_init(&t->as);
  actuals_add_program(&t->p, &t->as);
  return t;
}

static T *load(const char *text) { return load_with("t.bsc", text, true); }

static void done(T *t) {
  score_free(t->sc);
  actuals_free(&t->as);
  program_free(&t->p);
  diag_free(&t->de);
  free(t);
}

static void csv(T *t, const char *text) { actuals_load_csv_text(&t->p, &t->as, "d.csv", text, strlen(text)); }

static ScoreCard *eval_opt(T *t, double cap, bool rollup, const char *as_of) {
  ScoreOptions o = {0};
  o.cap = cap;
  o.rollup = rollup;
  o.actuals = &t->as;
  if (as_of) cr_assert(actuals_parse_period(as_of, strlen(as_of), &o.as_of));
  score_free(t->sc);
  const char *why = NULL;
  t->sc = score_eval(&t->p, &o, &why);
  cr_assert_not_null(t->sc, "score_eval failed: %s", why ? why : "?");
  return t->sc;
}

static ScoreCard *eval(T *t) { return eval_opt(t, 1.0, false, NULL); }

/* The program `text`, loaded clean and scored with the defaults. */
static T *scored(const char *text) {
  T *t = load(text);
  eval(t);
  return t;
}

static int per(T *t, const char *period) {
  Period pd;
  cr_assert(actuals_parse_period(period, strlen(period), &pd));
  for (int i = 0; i < t->sc->nperiods; i++)
    if (t->sc->periods[i].kind == pd.kind && t->sc->periods[i].year == pd.year && t->sc->periods[i].sub == pd.sub)
      return i;
  cr_assert_fail("no period %s", period);
  return -1;
}

static KR *kr_named(T *t, const char *name) {
  Sym *s = sema_lookup(&t->p, name);
  cr_assert(s && (s->kind == SYM_KR || s->kind == SYM_KPI), "no KR %s", name);
  return s->decl;
}

static const ScoreResult *K(T *t, const char *name, const char *period) {
  return score_kr(t->sc, per(t, period), kr_named(t, name));
}
static const ScoreResult *KPIV(T *t, const char *name, const char *period) {
  return score_kpi(t->sc, per(t, period), kr_named(t, name));
}
static const ScoreResult *O(T *t, const char *name, const char *period) {
  Sym *s = sema_lookup(&t->p, name);
  cr_assert(s && s->kind == SYM_OBJECTIVE, "no objective %s", name);
  return score_obj(t->sc, per(t, period), s->decl);
}
static const ScoreResult *P(T *t, const char *name, const char *period) {
  Perspective *ps = sema_lookup_perspective(&t->p, name);
  cr_assert(ps && ps->index >= 0);
  return score_persp(t->sc, per(t, period), ps);
}
static const ScoreResult *TOTAL(T *t, const char *period) { return score_total(t->sc, per(t, period)); }

/* ---- tables of expected numbers ------------------------------------------
 * Most rules are checked as "this KR, in this period, has exactly this
 * number"; a table of such rows keeps each test to its program and its
 * numbers, and a failing row names its KR, period and field. */

typedef enum { SCORE, PROGRESS, VALUE } Field;
static const char *const FIELD_NAME[] = {"score", "progress", "value"};

typedef struct Want {
  const char *kr, *period;
  Field field;
  double want;
} Want;

static double field_of(const ScoreResult *r, Field f) {
  switch (f) {
  case SCORE: return r->score;
  case PROGRESS: return r->progress;
  case VALUE: return r->value;
  }
  return NAN;
}

/* Compared with ==: the numbers are the document's arithmetic, not
 * approximations of it. */
static void expect_krs(T *t, const Want *w, size_t n) {
  for (size_t i = 0; i < n; i++) {
    double got = field_of(K(t, w[i].kr, w[i].period), w[i].field);
    cr_expect_eq(got, w[i].want, "%s %s: %s is %.17g, want %.17g", w[i].kr, w[i].period,
                 FIELD_NAME[w[i].field], got, w[i].want);
  }
}

/* EXPECT_KRS(t, {kr, period, field, want}, ...): the rows as a literal table. */
#define EXPECT_KRS(t, ...) \
  expect_krs((t), (const Want[]){__VA_ARGS__}, sizeof((const Want[]){__VA_ARGS__}) / sizeof(Want))

static int count_code(T *t, DiagCode c) {
  int n = 0;
  for (int i = 0; i < t->de.ndiags; i++) n += t->de.diags[i].code == c;
  return n;
}

/* The diagnostic whose headline contains `s`, or NULL. */
static const Diag *diag_with(T *t, const char *s) {
  for (int i = 0; i < t->de.ndiags; i++)
    if (strstr(t->de.diags[i].msg, s)) return &t->de.diags[i];
  return NULL;
}

#define HEAD                                                                 \
  "strategy \"S\" {\n  horizon 2025-Q1 .. 2025-Q4\n"                         \
  "  perspectives { financial 40%  customer 30%  process 20%  learning 10% }\n}\n"

/* ---- range key results ----------------------------------------------------- */

Test(range, progress_is_linear_between_baseline_and_target) {
  T *t = scored(HEAD "objective o \"O\" in financial {\n  kr r : count 0 -> 10\n}\n"
                     "actuals 2025-Q1 {\n  r 4\n}\n");
  const ScoreResult *r = K(t, "r", "2025-Q1");
  cr_assert(r->has);
  cr_assert_eq(r->progress, (4.0 - 0.0) / (10.0 - 0.0));
  cr_assert_eq(r->score, 0.4);
  cr_assert_eq(r->source, SRC_MEASURED);
  done(t);
}

Test(range, reversed_direction_uses_the_same_formula) {
  T *t = scored(HEAD "objective o \"O\" in process {\n  kr cycle : weeks 3.5 -> 2\n}\n"
                     "actuals 2025-Q1 {\n  cycle 2.1\n}\n");
  const ScoreResult *r = K(t, "cycle", "2025-Q1");
  cr_assert_eq(r->progress, (2.1 - 3.5) / (2.0 - 3.5));
  cr_assert_float_eq(r->progress, 0.9333333333333333, 1e-15);
  cr_assert_eq(r->score, r->progress);
  done(t);
}

Test(range, target_equal_to_actual_scores_exactly_one) {
  T *t = scored(HEAD "objective o \"O\" in customer {\n  committed\n  kr triage : hours 72 -> 24\n}\n"
                     "actuals 2025-Q1 {\n  triage 24\n}\n");
  const ScoreResult *r = K(t, "triage", "2025-Q1");
  cr_assert_eq(r->progress, 1.0);
  cr_assert_eq(r->score, 1.0);
  cr_assert_eq(r->status, STATUS_GREEN);     /* committed: green only at 1.0 */
  done(t);
}

Test(range, overachievement_is_capped_at_one_by_default) {
  T *t = scored(HEAD "objective o \"O\" in customer {\n  kr nps : score 62 -> 75\n}\n"
                     "actuals 2025-Q1 {\n  nps 78\n}\n");
  const ScoreResult *r = K(t, "nps", "2025-Q1");
  cr_assert_eq(r->progress, 16.0 / 13.0);
  cr_assert_eq(r->score, 1.0);
  eval_opt(t, 1.5, false, NULL);
  r = K(t, "nps", "2025-Q1");
  cr_assert_eq(r->score, 16.0 / 13.0);       /* below the cap: the progress itself */
  eval_opt(t, 1.1, false, NULL);
  cr_assert_eq(K(t, "nps", "2025-Q1")->score, 1.1);
  eval_opt(t, 0.5, false, NULL);              /* a cap below 1 means 1 */
  cr_assert_eq(K(t, "nps", "2025-Q1")->score, 1.0);
  done(t);
}

Test(range, going_backwards_scores_positive_zero) {
  T *t = scored(HEAD "objective o \"O\" in customer {\n  kr nps : score 62 -> 75\n  kr idx : percent 125% -> 100%\n}\n"
                     "actuals 2025-Q1 {\n  nps 60\n  idx 125%\n}\n");
  const ScoreResult *r = K(t, "nps", "2025-Q1");
  cr_assert_eq(r->progress, -2.0 / 13.0);
  cr_assert_eq(r->score, 0.0);
  r = K(t, "idx", "2025-Q1");                 /* progress -0.0 */
  cr_assert_eq(r->score, 0.0);
  cr_assert(!signbit(r->score));
  done(t);
}

/* ---- thresholds ------------------------------------------------------------- */

Test(threshold, without_baseline_one_when_met_else_zero) {
  T *t = scored(HEAD "objective o \"O\" in customer {\n  kr csat : rating(1..5) >= 4.5\n  kr wait : hours <= 24\n"
                     "  kr strict : count > 5\n}\n"
                     "actuals 2025-Q1 {\n  csat 4.5\n  wait 30\n  strict 5\n}\n"
                     "actuals 2025-Q2 {\n  csat 4.4\n  wait 24\n  strict 4\n}\n");
  EXPECT_KRS(t, {"csat", "2025-Q1", SCORE, 1.0},        /* v == x meets >= */
                {"csat", "2025-Q2", SCORE, 0.0},
                {"wait", "2025-Q1", SCORE, 0.0},
                {"wait", "2025-Q2", SCORE, 1.0},
                {"strict", "2025-Q1", SCORE, 1.0},      /* `> 5` is scored as `>= 5` */
                {"strict", "2025-Q2", SCORE, 0.0});
  done(t);
}

Test(threshold, with_baseline_partial_progress_as_a_range) {
  T *t = scored(HEAD "objective o \"O\" in customer {\n  kr csat : rating(1..5) >= 4.5 from 4.0\n"
                     "  kr wait : hours <= 24 from 60\n}\n"
                     "actuals 2025-Q1 {\n  csat 4.25\n  wait 22\n}\n"
                     "actuals 2025-Q2 {\n  csat 4.7\n  wait 70\n}\n");
  EXPECT_KRS(t, {"csat", "2025-Q1", SCORE, 0.5},
                {"wait", "2025-Q1", PROGRESS, (22.0 - 60.0) / (24.0 - 60.0)},
                {"wait", "2025-Q1", SCORE, 1.0},
                {"csat", "2025-Q2", SCORE, 1.0},
                {"wait", "2025-Q2", SCORE, 0.0});
  eval_opt(t, 2.0, false, NULL);
  cr_assert_eq(K(t, "csat", "2025-Q2")->score, (4.7 - 4.0) / (4.5 - 4.0));
  done(t);
}

Test(threshold, baseline_already_past_the_threshold_is_not_used) {
  T *t = scored(HEAD "objective o \"O\" in customer {\n  kr csat : rating(1..5) >= 4.5 from 4.8\n}\n"
                     "actuals 2025-Q1 {\n  csat 4.4\n}\nactuals 2025-Q2 {\n  csat 4.6\n}\n");
  EXPECT_KRS(t, {"csat", "2025-Q1", SCORE, 0.0},
                {"csat", "2025-Q2", SCORE, 1.0});
  done(t);
}

/* ---- milestones ----------------------------------------------------------- */

Test(milestone, counted_and_boolean) {
  T *t = scored(HEAD "objective o \"O\" in learning {\n  kr interviews : milestone(5)\n  kr launch : milestone\n"
                     "  kr flag : boolean\n}\n"
                     "actuals 2025-Q1 {\n  interviews 3\n  launch false\n  flag true\n}\n"
                     "actuals 2025-Q2 {\n  interviews 5\n  launch true\n  flag false\n}\n");
  EXPECT_KRS(t, {"interviews", "2025-Q1", SCORE, 3.0 / 5.0},
                {"interviews", "2025-Q1", SCORE, 0.6},
                {"launch", "2025-Q1", SCORE, 0.0},
                {"flag", "2025-Q1", SCORE, 1.0},
                {"interviews", "2025-Q2", SCORE, 1.0},
                {"launch", "2025-Q2", SCORE, 1.0},
                {"flag", "2025-Q2", SCORE, 0.0});
  done(t);
}

/* ---- calculated key results ------------------------------------------------ */

#define CALC HEAD                                                            \
  "objective o \"O\" in financial {\n"                                       \
  "  kr revenue : USD 100 -> 200\n"                                          \
  "  kr share : percent 10% -> 20% = revenue / total\n"                      \
  "  kr gap : pp 15pp -> 0pp = 30% - share\n"                                \
  "  kpi total : USD >= 500\n}\n"

Test(calculated, ratio_read_as_percent_and_percent_difference_as_pp) {
  T *t = scored(CALC "actuals 2025-Q1 {\n  revenue 180\n  total 1000\n}\n");
  const ScoreResult *r = K(t, "share", "2025-Q1");
  cr_assert(r->has);
  cr_assert_eq(r->source, SRC_CALCULATED);
  cr_assert_eq(r->value, (180.0 / 1000.0) * 1.0 / 0.01);   /* ratio -> percent: v * 1 / 0.01 */
  cr_assert_float_eq(r->value, 18.0, 1e-12);
  cr_assert_float_eq(r->score, 0.8, 1e-12);
  const ScoreResult *g = K(t, "gap", "2025-Q1");
  cr_assert(g->has);
  cr_assert_eq(g->value, 30.0 - r->value);
  cr_assert_float_eq(g->score, (12.0 - 15.0) / (0.0 - 15.0), 1e-12);
  done(t);
}

Test(calculated, missing_input_is_no_data_and_names_the_input) {
  T *t = scored(CALC "actuals 2025-Q1 {\n  revenue 180\n}\n");
  const ScoreResult *r = K(t, "share", "2025-Q1");
  cr_assert(!r->has);
  cr_assert_eq(r->why, ND_MISSING_INPUT);
  cr_assert_eq(r->missing, kr_named(t, "total"));
  const ScoreResult *g = K(t, "gap", "2025-Q1");            /* transitively */
  cr_assert(!g->has);
  cr_assert_eq(g->missing, kr_named(t, "share"));
  /* the objective is scored over revenue alone */
  const ScoreResult *o = O(t, "o", "2025-Q1");
  cr_assert_eq(o->n_items, 3);
  cr_assert_eq(o->n_data, 1);
  cr_assert_eq(o->score, 0.8);
  done(t);
}

Test(calculated, division_by_zero_is_no_data) {
  T *t = scored(CALC "actuals 2025-Q1 {\n  revenue 180\n  total 0\n}\n");
  cr_assert(!K(t, "share", "2025-Q1")->has);
  cr_assert_eq(K(t, "share", "2025-Q1")->why, ND_DIV_ZERO);
  done(t);
}

Test(calculated, a_measured_value_wins) {
  T *t = scored(CALC "actuals 2025-Q1 {\n  revenue 180\n  total 1000\n  share 25%\n}\n");
  cr_assert_eq(K(t, "share", "2025-Q1")->source, SRC_MEASURED);
  EXPECT_KRS(t, {"share", "2025-Q1", VALUE, 25.0},
                {"gap", "2025-Q1", VALUE, 5.0});
  done(t);
}

Test(calculated, functions_convert_to_the_first_unit) {
  T *t = scored(HEAD "objective o \"O\" in process {\n  kr a : weeks 4 -> 2\n  kr b : days 28 -> 14\n"
                     "  kr m : weeks 4 -> 2 = max(a, b)\n  kr v : weeks 4 -> 2 = avg(a, b)\n}\n"
                     "actuals 2025-Q1 {\n  a 3\n  b 14\n}\n");
  EXPECT_KRS(t, {"m", "2025-Q1", VALUE, 3.0},
                {"v", "2025-Q1", VALUE, (3.0 + 14.0 * 24.0 / 168.0) / 2});
  done(t);
}

/* ---- units ----------------------------------------------------------------- */

Test(units, check_ins_and_csv_values_are_converted) {
  T *t = load(HEAD "objective o \"O\" in process {\n  kr cycle : weeks 4 -> 2\n  kr rate : percent 0% -> 100%\n}\n"
                   "actuals 2025-Q1 {\n  cycle 21 days\n}\n");
  csv(t, "period,kr,value,unit\n2025-Q2,cycle,14,days\n2025-Q3,cycle,336 hours,\n2025-Q2,rate,0.5,ratio\n"
         "2025-Q3,rate,45%,\n2025-Q4,rate,30,\n");
  cr_assert_eq(t->de.nerrors, 0);
  eval(t);
  EXPECT_KRS(t, {"cycle", "2025-Q1", VALUE, 21.0 * 24.0 / 168.0},
                {"cycle", "2025-Q1", VALUE, 3.0},
                {"cycle", "2025-Q2", VALUE, 2.0},
                {"cycle", "2025-Q3", VALUE, 2.0},
                {"rate", "2025-Q2", VALUE, 0.5 * 1.0 / 0.01},
                {"rate", "2025-Q3", VALUE, 45.0},
                {"rate", "2025-Q4", VALUE, 30.0});    /* a bare number takes the KR's unit */
  done(t);
}

/* ---- objectives, perspectives, scorecard ---------------------------------- */

Test(rollup, objective_is_the_weighted_mean_of_its_krs_with_data) {
  T *t = scored(HEAD "objective o \"O\" in financial {\n  kr a : count 0 -> 10 weight 2\n  kr b : count 0 -> 10\n"
                     "  kr c : count 0 -> 10\n}\n"
                     "actuals 2025-Q1 {\n  a 5\n  b 10\n}\n");
  const ScoreResult *o = O(t, "o", "2025-Q1");
  cr_assert_eq(o->score, (2 * 0.5 + 1 * 1.0) / (2 + 1.0));
  cr_assert_eq(o->n_items, 3);
  cr_assert_eq(o->n_data, 2);
  cr_assert_eq(o->coverage, 3.0 / 4.0);
  cr_assert(!K(t, "c", "2025-Q1")->has);      /* no data, never a silent zero */
  cr_assert_eq(K(t, "c", "2025-Q1")->why, ND_NOT_MEASURED);
  done(t);
}

Test(rollup, no_data_anywhere_is_no_data_up_the_tree) {
  T *t = scored(HEAD "objective o \"O\" in financial {\n  kr a : count 0 -> 10\n}\n"
                     "objective l \"L\" in learning {\n  kr b : count 0 -> 10\n}\n"
                     "actuals 2025-Q1 {\n  b 5\n}\n");
  cr_assert(!O(t, "o", "2025-Q1")->has);
  cr_assert(!P(t, "financial", "2025-Q1")->has);
  cr_assert(!P(t, "customer", "2025-Q1")->has);       /* an empty perspective */
  cr_assert_eq(P(t, "customer", "2025-Q1")->n_items, 0);
  const ScoreResult *tot = TOTAL(t, "2025-Q1");       /* learning alone */
  cr_assert_eq(tot->score, 0.5);
  cr_assert_eq(tot->n_items, 4);
  cr_assert_eq(tot->n_data, 1);
  double all = 0;
  for (int i = 0; i < t->p.perspectives.len; i++) all += ((Perspective *)t->p.perspectives.items[i])->weight_v;
  cr_assert_eq(tot->coverage, ((Perspective *)t->p.perspectives.items[0])->weight_v / all);
  done(t);
}

Test(rollup, objective_without_krs_rolls_up_aligned_objectives) {
  T *t = scored(HEAD "objective run \"Run\" in process {\n}\n"
                     "objective a \"A\" {\n  team \"A\"  aligns run\n  kr x : count 0 -> 10\n}\n"
                     "objective b \"B\" {\n  team \"B\"  aligns run  weight 3\n  kr y : count 0 -> 10\n}\n"
                     "objective c \"C\" in process {\n  kr z : count 0 -> 10\n}\n"
                     "objective d \"D\" {\n  team \"D\"  aligns c\n  kr w : count 0 -> 10\n}\n"
                     "actuals 2025-Q1 {\n  x 6\n  y 2\n  z 10\n  w 0\n}\n");
  cr_assert_eq(O(t, "run", "2025-Q1")->score, (1 * 0.6 + 3 * 0.2) / 4.0);
  cr_assert_eq(O(t, "c", "2025-Q1")->score, 1.0);               /* has KRs: children not rolled up */
  /* the perspective counts top-level objectives only */
  cr_assert_eq(P(t, "process", "2025-Q1")->n_items, 2);
  cr_assert_eq(P(t, "process", "2025-Q1")->score, (O(t, "run", "2025-Q1")->score + 1.0) / 2.0);
  eval_opt(t, 1.0, true, NULL);                                 /* --rollup */
  cr_assert_eq(O(t, "c", "2025-Q1")->score, (1 * 1.0 + 1 * 0.0) / 2.0);
  cr_assert_eq(O(t, "c", "2025-Q1")->n_items, 2);
  done(t);
}

Test(rollup, scorecard_weights_the_perspectives) {
  T *t = scored(HEAD "objective f \"F\" in financial {\n  kr a : count 0 -> 10\n}\n"
                     "objective c \"C\" in customer {\n  kr b : count 0 -> 10\n}\n"
                     "objective p \"P\" in process {\n  kr d : count 0 -> 10\n}\n"
                     "objective l \"L\" in learning {\n  kr e : count 0 -> 10\n}\n"
                     "actuals 2025-Q1 {\n  a 10\n  b 5\n  d 0\n  e 10\n}\n");
  /* summed in ascending rank: learning, process, customer, financial */
  const char *names[] = {"learning", "process", "customer", "financial"};
  double scores[] = {1.0, 0.0, 0.5, 1.0};
  double num = 0, den = 0;
  for (int i = 0; i < 4; i++) {
    Perspective *ps = t->p.perspectives.items[i];
    cr_assert_str_eq(ps->name.name, names[i]);
    num += ps->weight_v * scores[i];
    den += ps->weight_v;
  }
  cr_assert_eq(TOTAL(t, "2025-Q1")->score, num / den);
  done(t);
}

/* ---- status and the on-track line ------------------------------------------ */

Test(status, against_the_plan_aspirational_and_committed) {
  /* at the due period the plan is 1 */
  cr_assert_eq(score_status(0.7, 1, false, 0.7, 0.4), STATUS_GREEN);
  cr_assert_eq(score_status(0.69, 1, false, 0.7, 0.4), STATUS_YELLOW);
  cr_assert_eq(score_status(0.4, 1, false, 0.7, 0.4), STATUS_YELLOW);
  cr_assert_eq(score_status(0.39, 1, false, 0.7, 0.4), STATUS_RED);
  cr_assert_eq(score_status(0.99, 1, true, 0.7, 0.4), STATUS_YELLOW);
  cr_assert_eq(score_status(1.0, 1, true, 0.7, 0.4), STATUS_GREEN);
  cr_assert_eq(score_status(0.3, 1, true, 0.7, 0.4), STATUS_RED);
  /* before it, against the planned score: 0.175 = 0.7 * 0.25 */
  cr_assert_eq(score_status(0.18, 0.25, false, 0.7, 0.4), STATUS_GREEN);
  cr_assert_eq(score_status(0.17, 0.25, false, 0.7, 0.4), STATUS_YELLOW);
  cr_assert_eq(score_status(0.10, 0.25, false, 0.7, 0.4), STATUS_YELLOW);
  cr_assert_eq(score_status(0.09, 0.25, false, 0.7, 0.4), STATUS_RED);
  cr_assert_eq(score_status(0.25, 0.25, true, 0.7, 0.4), STATUS_GREEN);
  cr_assert_eq(score_status(0.24, 0.25, true, 0.7, 0.4), STATUS_YELLOW);
  /* nothing planned yet: not due, unless the target is already reached */
  cr_assert_eq(score_status(0.5, 0, false, 0.7, 0.4), STATUS_NOT_DUE);
  cr_assert_eq(score_status(1.0, 0, true, 0.7, 0.4), STATUS_GREEN);
  cr_assert_eq(score_track(STATUS_GREEN), TRACK_ON_TRACK);
  cr_assert_eq(score_track(STATUS_YELLOW), TRACK_BEHIND);
  cr_assert_eq(score_track(STATUS_RED), TRACK_AT_RISK);
  cr_assert_eq(score_track(STATUS_NOT_DUE), TRACK_NOT_DUE);
}

/* Issue 11: the printed number and its colour never disagree. */
Test(status, compared_as_printed) {
  double s = (2.4 - 2.0) / (3.0 - 2.0);            /* 0.3999999999999999 */
  cr_assert(s < 0.4);
  cr_assert_eq(score_cents(s), 40);
  cr_assert_eq(score_status(s, 1, false, 0.7, 0.4), STATUS_YELLOW);   /* prints 0.40: yellow */
  cr_assert_eq(score_cents(0.395), 40);            /* 0.39500000000000001776 prints 0.40 */
  cr_assert_eq(score_status(0.395, 1, false, 0.7, 0.4), STATUS_YELLOW);
  cr_assert_eq(score_cents(0.394999), 39);
  cr_assert_eq(score_status(0.394999, 1, false, 0.7, 0.4), STATUS_RED);
  cr_assert_eq(score_cents(0.6999999999999999), 70);
  cr_assert_eq(score_status(0.6999999999999999, 1, false, 0.7, 0.4), STATUS_GREEN);
  cr_assert_eq(score_status(0.6949, 1, false, 0.7, 0.4), STATUS_YELLOW);  /* prints 0.69 */
  cr_assert_eq(score_cents(0.005), 1);             /* 0.005 is 0.005000000000000000104: rounds up */
  cr_assert_eq(score_cents(0.015), 1);             /* 0.01499999999999999944: rounds down */
  cr_assert_eq(score_cents(-0.0), 0);
  cr_assert_eq(score_cents(1.2307692307692308), 123);
  /* every hundredth: the colour follows the printed digits */
  for (int c = 0; c <= 100; c++) {
    double x = c / 100.0;
    char b[16];
    snprintf(b, sizeof b, "%.2f", x);
    cr_assert_eq(score_cents(x), c, "%s", b);
    cr_assert_eq(score_status(x, 1, false, 0.7, 0.4), c >= 70 ? STATUS_GREEN : c >= 40 ? STATUS_YELLOW : STATUS_RED);
  }
}

Test(status, thresholds_come_from_the_strategy) {
  T *t = scored("strategy \"S\" {\n  horizon 2025-Q1 .. 2025-Q4\n  perspectives { customer 100% }\n"
                "  thresholds { green 0.8  yellow 0.5 }\n}\n"
                "objective o \"O\" in customer {\n  kr a : count 0 -> 100\n  kr b : count 0 -> 100 committed\n}\n"
                "actuals 2025-Q4 {\n  a 75\n  b 95\n}\n");
  cr_assert_eq(t->sc->green, 0.8);
  cr_assert_eq(K(t, "a", "2025-Q4")->status, STATUS_YELLOW);
  cr_assert_eq(K(t, "b", "2025-Q4")->status, STATUS_YELLOW);
  done(t);
}

Test(track, the_expected_line_grows_linearly_to_the_due_period) {
  cr_assert_eq(score_expected(0, 3), 0.25);
  cr_assert_eq(score_expected(1, 3), 0.5);
  cr_assert_eq(score_expected(2, 3), 0.75);
  cr_assert_eq(score_expected(3, 3), 1.0);
  cr_assert_eq(score_expected(5, 3), 1.0);
  cr_assert_eq(score_expected(0, 1), 0.5);
  cr_assert_eq(score_expected(0, 2), 1.0 / 3.0);
}

/* The bars' cells: the range is checked on the double, so NaN and huge
 * values never reach an int conversion (undefined behaviour). */
Test(bar, cells_of_any_double_stay_in_range) {
  cr_assert_eq(score_cells(0.5, 80), 40);
  cr_assert_eq(score_cells(0.81, 80), 65);
  cr_assert_eq(score_cells(0.0, 20), 0);
  cr_assert_eq(score_cells(-0.0, 20), 0);
  cr_assert_eq(score_cells(1.0, 20), 20);
  cr_assert_eq(score_cells(1e300, 20), 20);
  cr_assert_eq(score_cells(INFINITY, 20), 20);
  cr_assert_eq(score_cells(-INFINITY, 20), 0);
  cr_assert_eq(score_cells(-1e300, 20), 0);
  cr_assert_eq(score_cells(NAN, 80), 0);
}

Test(track, krs_and_objectives_against_the_line) {
  T *t = scored(HEAD "objective o \"O\" in financial {\n  kr a : count 0 -> 100\n  kr b : count 0 -> 100 by 2025-Q2\n}\n"
                     "objective c \"C\" in customer {\n  committed\n  kr d : count 0 -> 100\n}\n"
                     "actuals 2025-Q1 {\n  a 20\n  b 20\n  d 20\n}\n");
  const ScoreResult *a = K(t, "a", "2025-Q1"), *b = K(t, "b", "2025-Q1"), *d = K(t, "d", "2025-Q1");
  cr_assert_eq(a->expected, 0.25);
  cr_assert_eq(a->status, STATUS_GREEN);           /* 20 * 100 >= 70 * 25 */
  cr_assert_eq(a->track, TRACK_ON_TRACK);
  cr_assert_eq(b->expected, 0.5);
  cr_assert_eq(b->status, STATUS_YELLOW);          /* 2000 < 70 * 50, >= 40 * 50 */
  cr_assert_eq(d->status, STATUS_YELLOW);          /* committed: 20 < 25 */
  const ScoreResult *o = O(t, "o", "2025-Q1");
  cr_assert_eq(o->expected, (0.25 + 0.5) / 2.0);
  cr_assert_eq(o->status, score_status(0.2, 0.375, false, 0.7, 0.4));   /* 2000 < 70 * 38: yellow */
  cr_assert_eq(o->status, STATUS_YELLOW);
  done(t);
}

/* ---- phased plans (docs/semantics.md §6.1) ------------------------------------ */

Test(plan, interpolation_at_between_before_and_after_points) {
  PlanAnchor a[] = {{-1, 0.0}, {0, 0.7}, {2, 0.9}, {4, 1.0}};
  Plan p = {a, 4, false, true, 0, 100};
  cr_assert_eq(plan_at(&p, 0), 0.7);                     /* at a point: its own value */
  cr_assert_eq(plan_at(&p, 2), 0.9);
  cr_assert_eq(plan_at(&p, 1), 0.7 + (0.9 - 0.7) * 1.0 / 2.0);   /* between: linear */
  cr_assert_eq(plan_at(&p, 3), 0.9 + (1.0 - 0.9) * 1.0 / 2.0);
  cr_assert_eq(plan_at(&p, 4), 1.0);
  cr_assert_eq(plan_at(&p, 7), 1.0);                     /* after the last: the last */
  cr_assert_eq(plan_at(&p, -3), 0.0);                    /* before the first: the first */
  p.step = true;
  cr_assert_eq(plan_at(&p, 1), 0.7);                     /* step: held until the next point */
  cr_assert_eq(plan_at(&p, 3), 0.9);
  cr_assert_eq(plan_at(&p, 2), 0.9);
  double v;
  cr_assert(plan_value_at(&p, 1, &v));
  cr_assert_eq(v, 0 + (100 - 0) * 0.7);
  Plan none = {NULL, 0, false, false, 0, 0};
  cr_assert_eq(plan_at(&none, 3), 0.0);
  cr_assert(!plan_value_at(&none, 3, &v));
}

/* Without points the plan is the straight line, bit for bit. */
Test(plan, no_points_is_the_straight_line) {
  T *t = scored(HEAD "objective o \"O\" in financial {\n  kr a : count 0 -> 100\n  kr b : count 0 -> 100 by 2025-Q3\n}\n"
                     "actuals 2025-Q1 {\n  a 1\n  b 1\n}\n");
  for (int d = 0; d < 4; d++) {
    Plan p;
    KR *k = kr_named(t, "a");
    plan_kr(k, 0, d, &p);
    for (int i = 0; i < 4; i++) cr_assert_eq(plan_at(&p, i), score_expected(i, d), "d %d i %d", d, i);
    plan_free(&p);
  }
  cr_assert_eq(K(t, "b", "2025-Q1")->expected, 1.0 / 3.0);
  done(t);
}

Test(plan, one_period_horizon) {
  T *t = scored("strategy \"S\" {\n  horizon 2025 .. 2025\n  cadence year\n  perspectives { customer 100% }\n}\n"
                "objective o \"O\" in customer {\n  kr a : percent 0% -> 100% plan { 2025: 100% }\n"
                "  kr m : milestone(3) plan { 2025: 3 }\n}\n"
                "actuals 2025 {\n  a 70%\n  m 1\n}\n");
  cr_assert_eq(K(t, "a", "2025")->expected, 1.0);
  cr_assert_eq(K(t, "a", "2025")->status, STATUS_GREEN);   /* 70 * 100 >= 70 * 100 */
  cr_assert_eq(K(t, "m", "2025")->expected, 1.0);
  cr_assert_eq(K(t, "m", "2025")->status, STATUS_RED);     /* 33 < 40: late */
  done(t);
}

/* The airline of examples/airline: crew trained 70 % in year 1, 90 % in year 3. */
Test(plan, yearly_points_linear_and_step) {
  T *t = scored("strategy \"S\" {\n  horizon 2025 .. 2029\n  cadence year\n  perspectives { learning 100% }\n}\n"
                "objective o \"O\" in learning {\n"
                "  kr crew : percent 0% -> 100% plan { 2025: 70%, 2027: 90% }\n"
                "  kr planes : count 60 -> 50 plan step { 2026: 56, 2028: 52 }\n"
                "  kr late : percent 0% -> 100% plan step { 2027: 50% }\n}\n"
                "actuals 2025 {\n  crew 70%\n  planes 59\n  late 0%\n}\n"
                "actuals 2026 {\n  crew 75%\n  planes 56\n  late 0%\n}\n"
                "actuals 2028 {\n  crew 90%\n  planes 55\n  late 40%\n}\n");
  cr_assert_eq(K(t, "crew", "2025")->expected, 0.7);
  cr_assert_eq(K(t, "crew", "2026")->expected, 0.7 + (0.9 - 0.7) * 1.0 / 2.0);   /* 0.8 */
  cr_assert_eq(K(t, "crew", "2026")->plan_value, 0 + (100 - 0) * (0.7 + (0.9 - 0.7) * 1.0 / 2.0));
  cr_assert_eq(K(t, "crew", "2026")->status, STATUS_GREEN);   /* 75 * 100 >= 70 * 80 */
  cr_assert_eq(K(t, "crew", "2028")->expected, 0.9 + (1.0 - 0.9) * 1.0 / 2.0);
  cr_assert_eq(K(t, "planes", "2025")->expected, 0.0);        /* step: nothing before its first point */
  cr_assert_eq(K(t, "planes", "2025")->status, STATUS_NOT_DUE);
  cr_assert_eq(K(t, "planes", "2026")->expected, (56.0 - 60.0) / (50.0 - 60.0));
  cr_assert_eq(K(t, "planes", "2028")->expected, (52.0 - 60.0) / (50.0 - 60.0));
  cr_assert_eq(K(t, "late", "2028")->expected, 0.5);
  cr_assert_eq(K(t, "late", "2028")->status, STATUS_GREEN);   /* 40 * 100 >= 70 * 50 */
  done(t);
}

/* A milestone is judged by its due date; a counted one may follow steps. */
Test(plan, milestones_not_due_then_late) {
  T *t = scored(HEAD "objective o \"O\" in financial {\n  kr ga : milestone by 2025-Q3\n"
                     "  kr steps : milestone(4) by 2025-Q4 plan { 2025-Q2: 1, 2025-Q3: 3 }\n}\n"
                     "actuals 2025-Q1 {\n  ga false\n  steps 0\n}\n"
                     "actuals 2025-Q2 {\n  ga true\n  steps 1\n}\n"
                     "actuals 2025-Q4 {\n  ga false\n  steps 2\n}\n");
  cr_assert_eq(K(t, "ga", "2025-Q1")->status, STATUS_NOT_DUE);
  cr_assert_eq(K(t, "ga", "2025-Q2")->status, STATUS_GREEN);     /* done early */
  cr_assert_eq(K(t, "ga", "2025-Q4")->status, STATUS_RED);       /* past due, undone: late */
  cr_assert_eq(K(t, "steps", "2025-Q1")->status, STATUS_NOT_DUE);
  cr_assert_eq(K(t, "steps", "2025-Q2")->expected, 0.25);
  cr_assert_eq(K(t, "steps", "2025-Q2")->status, STATUS_GREEN);
  cr_assert_eq(K(t, "steps", "2025-Q4")->status, STATUS_YELLOW); /* 50 at the due period */
  /* the objective at Q1: nothing due, nothing planned */
  cr_assert_eq(O(t, "o", "2025-Q1")->status, STATUS_NOT_DUE);
  done(t);
}

/* The done-when of issue 10: at Q1 of a year-long plan on plan, the board is green. */
Test(plan, on_plan_at_q1_is_green) {
  T *t = load_with("../../examples/refinery.bsc", NULL, true);
  eval_opt(t, 1.0, false, "2025-Q1");
  cr_assert_eq(TOTAL(t, "2025-Q1")->status, STATUS_GREEN);
  Objective *o;
  VEC_EACH(Objective *, o, t->p.objectives) {
    const ScoreResult *r = score_obj(t->sc, 0, o);
    if (r->has) cr_assert_eq(r->status, STATUS_GREEN, "%s", o->name.name);
  }
  KR *k;
  VEC_EACH(KR *, k, t->p.krs) {
    const ScoreResult *r = score_kr(t->sc, 0, k);
    cr_assert(r->status == STATUS_GREEN || r->status == STATUS_NOT_DUE, "%s", k->name.name);
  }
  done(t);
}

/* KPI thresholds follow their plan; the warning level moves with them. */
Test(plan, kpi_threshold_plan) {
  T *t = scored(HEAD "objective o \"O\" in financial {\n  kr a : count 0 -> 1\n"
                     "  kpi vol : percent >= 100% warn 102% plan step { 2025-Q1: 92%, 2025-Q2: 104% }\n}\n"
                     "actuals 2025-Q1 {\n  vol 93%\n}\nactuals 2025-Q2 {\n  vol 105%\n}\n"
                     "actuals 2025-Q4 {\n  vol 101%\n}\n");
  cr_assert_eq(KPIV(t, "vol", "2025-Q1")->threshold, 92.0);
  cr_assert_eq(KPIV(t, "vol", "2025-Q1")->warn_at, 94.0);
  cr_assert_eq(KPIV(t, "vol", "2025-Q1")->health, HEALTH_WARNING);
  cr_assert_eq(KPIV(t, "vol", "2025-Q2")->health, HEALTH_WARNING);   /* 105 < 106 */
  cr_assert_eq(KPIV(t, "vol", "2025-Q3")->threshold, 104.0);         /* step: held */
  cr_assert_eq(KPIV(t, "vol", "2025-Q4")->threshold, 100.0);         /* the KPI's own threshold at the end */
  cr_assert_eq(KPIV(t, "vol", "2025-Q4")->health, HEALTH_WARNING);
  done(t);
}

/* ---- own periods: starts and during (docs/semantics.md §6.6) ------------------- */

Test(periods, starts_and_during_are_scored_only_in_their_own_periods) {
  T *t = load_with("../../examples/dual_loop.bsc", NULL, true);
  eval_opt(t, 1.0, false, "2024-Q2");
  cr_assert_eq(K(t, "coverage", "2024-Q2")->scope, SCOPE_NOT_STARTED);
  cr_assert(!K(t, "coverage", "2024-Q2")->has);
  cr_assert_eq(O(t, "logistics", "2024-Q2")->scope, SCOPE_NOT_STARTED);
  cr_assert_eq(P(t, "process", "2024-Q2")->scope, SCOPE_NOT_STARTED);
  /* not counted: the scorecard is over the three perspectives that run */
  const ScoreResult *tot = TOTAL(t, "2024-Q2");
  cr_assert_eq(tot->n_items, 3);
  cr_assert_eq(tot->coverage, 1.0);
  /* the sprint runs during Q3 only: its objective counts only `repeat` outside it */
  cr_assert_eq(O(t, "experience", "2024-Q2")->n_items, 1);
  cr_assert_eq(K(t, "sprint", "2024-Q4")->scope, SCOPE_ENDED);
  cr_assert_eq(O(t, "experience", "2024-Q4")->n_items, 1);
  cr_assert_eq(O(t, "experience", "2024-Q3")->n_items, 2);
  /* plans start at the start: coverage 55 -> 85 plan { Q3: 70 }, anchors (1, 0) (2, 0.5) (3, 1) */
  cr_assert_eq(K(t, "coverage", "2024-Q3")->expected, (70.0 - 55.0) / (85.0 - 55.0));
  cr_assert_eq(K(t, "hours", "2024-Q3")->expected, 1.0 / 2.0);       /* the line from Q2's end */
  cr_assert_eq(K(t, "sprint", "2024-Q3")->expected, 1.0);            /* due at the end of its quarter */
  /* no trend across the start: nothing before it */
  Objective *lg = sema_lookup(&t->p, "logistics")->decl;
  cr_assert_eq(score_prev_with_data(t->sc, 2, lg->index, per(t, "2024-Q3")), -1);
  done(t);
}

Test(periods, kpis_and_unplaceable_defaults) {
  T *t = scored(HEAD "objective o \"O\" in financial {\n  kr a : count 0 -> 4\n"
                     "  kpi q2 : percent >= 90% during 2025-Q2\n}\n"
                     "actuals 2025-Q2 {\n  a 2\n  q2 85%\n}\nactuals 2025-Q3 {\n  a 3\n}\n");
  cr_assert_eq(KPIV(t, "q2", "2025-Q1")->scope, SCOPE_NOT_STARTED);
  cr_assert_eq(KPIV(t, "q2", "2025-Q2")->health, HEALTH_BREACHED);
  cr_assert_eq(KPIV(t, "q2", "2025-Q3")->scope, SCOPE_ENDED);
  /* a KR without starts/during runs in every period */
  cr_assert_eq(K(t, "a", "2025-Q1")->scope, SCOPE_RUNNING);
  cr_assert_eq(K(t, "a", "2025-Q3")->expected, 0.75);
  done(t);
}

/* ---- periods, as-of, trends ------------------------------------------------- */

Test(periods, as_of_defaults_to_the_latest_period_with_data) {
  T *t = scored(HEAD "objective o \"O\" in financial {\n  kr a : count 0 -> 100\n}\n"
                     "actuals 2025-Q1 {\n  a 10\n}\nactuals 2025-Q3 {\n  a 40\n}\n");
  cr_assert_eq(t->sc->as_of, 2);
  cr_assert(t->sc->as_of_default);
  cr_assert_eq(score_prev_with_data(t->sc, 0, kr_named(t, "a")->index, 2), 0);   /* Q2 has no data */
  eval_opt(t, 1, false, "2025-Q2");
  cr_assert_eq(t->sc->as_of, 1);
  ScoreOptions o = {0};
  o.actuals = &t->as;
  const char *why = NULL;
  actuals_parse_period("2026-Q1", 7, &o.as_of);
  cr_assert_null(score_eval(&t->p, &o, &why));
  cr_assert_not_null(why);
  actuals_parse_period("2025-03", 7, &o.as_of);
  cr_assert_null(score_eval(&t->p, &o, &why));
  done(t);
}

Test(periods, no_actuals_at_all) {
  T *t = scored(HEAD "objective o \"O\" in financial {\n  kr a : count 0 -> 100\n}\n");
  cr_assert(!t->sc->any_data);
  cr_assert_eq(t->sc->as_of, 0);
  cr_assert(!TOTAL(t, "2025-Q1")->has);
  done(t);
}

/* A finer frequency is aggregated by its rule, never by keeping the last
 * sub-period (semantics.md §2); a coarser one is placed at its end and
 * carried, stale with its age, for one interval of its own frequency. */
Test(periods, finer_values_aggregate_by_their_rule) {
  T *t = scored(HEAD "objective o \"O\" in financial {\n  kr a : count 0 -> 100 every month sum\n"
                     "  kr b : count 0 -> 100 every month last\n  kr c : hours 10 -> 5 every month mean\n}\n"
                     "actuals 2025-01 {\n  a 10\n  b 10\n  c 9\n}\nactuals 2025-03 {\n  a 20\n  b 20\n  c 6\n}\n"
                     "actuals 2025-02 {\n  a 5\n  b 30\n  c 8\n}\n");
  EXPECT_KRS(t, {"a", "2025-Q1", VALUE, 35.0},
                {"b", "2025-Q1", VALUE, 20.0},
                {"c", "2025-Q1", VALUE, 23.0 / 3});
  cr_assert_eq(K(t, "a", "2025-Q1")->parts, 3);
  cr_assert(!K(t, "a", "2025-Q2")->has);               /* a sum is never carried */
  done(t);
}

Test(periods, coarser_values_carry_forward_stale) {
  T *t = scored("strategy \"S\" {\n  horizon 2025-Q1 .. 2026-Q4\n  cadence quarter\n"
                "  perspectives { financial 100% }\n}\n"
                "objective o \"O\" in financial {\n  kr s : percent 60% -> 80% every year\n"
                "  kr q : percent 60% -> 80% carry 1\n}\n"
                "actuals 2025 {\n  s 70%\n}\nactuals 2025-Q1 {\n  q 65%\n}\n");
  cr_assert(!K(t, "s", "2025-Q3")->has);               /* not measured before its first value */
  cr_assert_eq(K(t, "s", "2025-Q4")->age, 0);
  for (int q = 1; q <= 4; q++) {                          /* 2026-Q1..Q4: ages 1..4, the carry limit */
    char per[24];
    snprintf(per, sizeof per, "2026-Q%d", q);
    const ScoreResult *r = K(t, "s", per);
    cr_assert(r->has, "%s", per);
    cr_assert_eq(r->age, q, "%s", per);
    cr_assert_float_eq(r->value, 70.0, 1e-12);
  }
  cr_assert_eq(K(t, "q", "2025-Q2")->age, 1);
  cr_assert(!K(t, "q", "2025-Q3")->has);
  cr_assert_eq(K(t, "q", "2025-Q3")->why, ND_STALE);
  cr_assert_eq(K(t, "q", "2025-Q3")->age, 2);
  done(t);
}

/* ---- KPIs and calibration ----------------------------------------------------- */

Test(kpi, healthy_warning_breached) {
  T *t = scored(HEAD "objective o \"O\" in process {\n  kr a : count 0 -> 10\n"
                     "  kpi up : percent >= 90% warn 93%\n  kpi down : percent <= 8% warn 6%\n"
                     "  kpi strict : count > 5\n}\n"
                     "actuals 2025-Q1 {\n  up 95%\n  down 5%\n  strict 6\n}\n"
                     "actuals 2025-Q2 {\n  up 91%\n  down 7%\n  strict 5\n}\n"
                     "actuals 2025-Q3 {\n  up 89%\n  down 9%\n}\n");
  static const struct { const char *kpi, *period; KpiHealth want; } health[] = {
    {"up", "2025-Q1", HEALTH_HEALTHY},
    {"down", "2025-Q1", HEALTH_HEALTHY},
    {"strict", "2025-Q1", HEALTH_HEALTHY},
    {"up", "2025-Q2", HEALTH_WARNING},
    {"down", "2025-Q2", HEALTH_WARNING},
    {"strict", "2025-Q2", HEALTH_BREACHED},     /* a KPI's `>` is strict */
    {"up", "2025-Q3", HEALTH_BREACHED},
    {"down", "2025-Q3", HEALTH_BREACHED},
  };
  for (size_t i = 0; i < sizeof health / sizeof *health; i++) {
    KpiHealth got = KPIV(t, health[i].kpi, health[i].period)->health;
    cr_expect_eq(got, health[i].want, "%s %s: health %d, want %d", health[i].kpi, health[i].period, got,
                 health[i].want);
  }
  cr_assert(!KPIV(t, "strict", "2025-Q3")->has);
  /* KPIs are not part of the OKR score */
  cr_assert_eq(O(t, "o", "2025-Q1")->n_items, 1);
  done(t);
}

Test(calibration, off_line_kpis_and_krs_behind_two_periods_in_a_row) {
  T *t = scored(HEAD "objective o \"O\" in process {\n  kr slow : count 0 -> 100\n  kr once : count 0 -> 100\n"
                     "  kr fine : count 0 -> 100\n  kpi up : percent >= 90% warn 93%\n}\n"
                     "objective p \"P\" in customer {\n  kr q : count 0 -> 100\n}\n"
                     "o -> p  strength 0.5  lag 1q\n"
                     "actuals 2025-Q1 {\n  slow 5\n  once 30\n  fine 30\n  up 95%\n}\n"
                     "actuals 2025-Q2 {\n  slow 10\n  once 10\n  fine 40\n  up 91%\n}\n");
  ScoreCard *sc = t->sc;
  cr_assert_eq(sc->ncal, 2);
  cr_assert_eq(sc->cal[0].kind, CAL_KPI);
  cr_assert_eq(sc->cal[0].m, kr_named(t, "up"));
  cr_assert_eq(sc->cal[1].kind, CAL_KR);
  cr_assert_eq(sc->cal[1].m, kr_named(t, "slow"));
  cr_assert_eq(sc->cal[1].prev, 0);
  eval_opt(t, 1, false, "2025-Q1");       /* one period is not a row */
  cr_assert_eq(t->sc->ncal, 0);
  done(t);
}

/* ---- the seed case: numbers of docs/semantics.md ------------------------------ */

Test(seed, smart_hardware_numbers) {
  T *t = load_with("../../examples/smart_hardware/strategy.bsc", NULL, true);
  eval(t);
  const ScoreResult *nps = K(t, "nps_score", "2025-Q2");
  cr_assert_eq(nps->progress, (78.0 - 62.0) / (75.0 - 62.0));
  cr_assert_float_eq(nps->progress, 1.2307692307692308, 1e-15);
  cr_assert_eq(nps->score, 1.0);
  cr_assert_eq(nps->expected, 1.0);                   /* due 2025-Q2 */
  const ScoreResult *cycle = K(t, "cycle", "2025-Q2");
  cr_assert_eq(cycle->progress, (2.1 - 3.5) / (2.0 - 3.5));
  cr_assert_float_eq(cycle->score, 0.9333333333333333, 1e-15);
  cr_assert_eq(cycle->expected, 0.5);
  cr_assert_eq(cycle->status, STATUS_GREEN);          /* committed, on plan: 93 >= 50 */
  cr_assert_eq(K(t, "營收佔比", "2025-Q2")->source, SRC_CALCULATED);
  EXPECT_KRS(t, {"triage_h", "2025-Q2", SCORE, 1.0},
                {"新功能採納率", "2025-Q2", SCORE, 1.0},
                {"complaint_h", "2025-Q2", SCORE, 1.0},
                {"營收佔比", "2025-Q2", VALUE, (1010000000.0 / 2200000000.0) * 1.0 / 0.01},
                {"長者可用性測試", "2025-Q2", SCORE, 0.5},
                {"核心功能滿意度", "2025-Q1", SCORE, (4.2 - 4.1) / (4.5 - 4.1)});
  const ScoreResult *q1 = K(t, "nps_score", "2025-Q1");
  cr_assert_eq(q1->score, (68.0 - 62.0) / (75.0 - 62.0));
  cr_assert_eq(q1->expected, 0.5);
  cr_assert_eq(q1->status, STATUS_GREEN);             /* 46 * 100 >= 70 * 50 */
  cr_assert_eq(TOTAL(t, "2025-Q2")->score, 0.8095023770928944);
  cr_assert_eq(TOTAL(t, "2025-Q1")->score, 0.3860850923949115);
  cr_assert_eq(P(t, "customer", "2025-Q2")->score, 0.7912037037037036);
  /* the nps objective: weights 2, 1, 1, 1 */
  double n = 0, d = 0;
  const char *krs[] = {"nps_score", "核心功能滿意度", "complaint_h", "complaint_rate"};
  double w[] = {2, 1, 1, 1};
  for (int i = 0; i < 4; i++) { n += w[i] * K(t, krs[i], "2025-Q2")->score; d += w[i]; }
  cr_assert_eq(O(t, "nps", "2025-Q2")->score, n / d);
  cr_assert_float_eq(O(t, "nps", "2025-Q2")->score, 0.9666666666666667, 1e-15);
  done(t);
}

/* ---- CSV actuals ------------------------------------------------------------ */

#define CSVSTRAT HEAD                                                         \
  "objective o \"O\" in process {\n  kr cycle : weeks 4 -> 2\n  kr csat : rating(1..5) >= 4.5\n"   \
  "  kr steps : milestone(5)\n  kr launch : milestone\n  kr defects : count 10 -> 0\n"            \
  "  kr revenue : USD 100 -> 200\n}\n"                                          \
  "actuals 2025-Q1 {\n  revenue 150\n}\n"

static void expect_row_error(const char *row, const char *msg) {
  T *t = load(CSVSTRAT);
  char text[512];
  snprintf(text, sizeof text, "period,kr,value,unit\n%s\n", row);
  csv(t, text);
  cr_expect_eq(count_code(t, E090), 1, "row `%s`: %d E090", row, count_code(t, E090));
  cr_expect_not_null(diag_with(t, msg), "row `%s`: no diagnostic with `%s`", row, msg);
  cr_expect_eq(t->as.n, 1, "row `%s` was added", row);      /* the check-in only */
  done(t);
}

Test(csv, every_bad_row_is_an_error) {
  expect_row_error("2025-Q3,cycl,3,", "unknown key result or KPI `cycl`");
  expect_row_error("2025-Q3,o,3,", "is an objective, not a key result or KPI");
  expect_row_error("2025-Q3,cycle,lots,", "`lots` is not a number");
  expect_row_error("2025-Q3,cycle,3.5.1,", "is not a number");
  expect_row_error("2025-Q3,cycle,40,%", "unit mismatch");
  expect_row_error("2025-Q3,cycle,3,wekks", "unknown unit `wekks`");
  expect_row_error("2025-Q3,cycle,3 weeks,days", "the `unit` column says `days`");
  expect_row_error("2026-Q1,cycle,3,", "outside the horizon");
  expect_row_error("2024-Q4,cycle,3,", "outside the horizon");
  expect_row_error("2025-Q5,cycle,3,", "is not a valid period");
  expect_row_error("2025-Q3,csat,6,", "outside the rating scale 1..5");
  expect_row_error("2025-Q3,steps,7,", "is not a valid value for `steps`");
  expect_row_error("2025-Q3,steps,2.5,", "is not a valid value for `steps`");
  expect_row_error("2025-Q3,defects,-1,", "a count cannot be negative");
  expect_row_error("2025-Q3,defects,12%,", "`defects` is a count, found a percent");
  expect_row_error("2025-Q3,launch,yes,", "`yes` is not a number");
  expect_row_error("2025-Q3,cycle,true,", "is a value for a milestone");
  expect_row_error("2025-Q3,cycle,,", "has no value");
  expect_row_error(",cycle,3,", "the row has no period");
  expect_row_error("2025-Q3,,3,", "names no key result or KPI");
  expect_row_error("2025-Q3,cycle,3", "this row has 3 fields, but the header has 4");
  expect_row_error("2025-Q3,cycle,3,weeks,x", "this row has 5 fields");
  expect_row_error("2025-Q3,revenue,\"190", "a quoted field is never closed");
  expect_row_error("2025-Q3,\"rev\"enue,1,", "a quote in the wrong place");
}

Test(csv, did_you_mean) {
  T *t = load(CSVSTRAT);
  csv(t, "period,kr,value\n2025-Q3,revenu,190\n");
  const Diag *d = diag_with(t, "unknown key result");
  cr_assert_not_null(d);
  cr_assert_not_null(d->help);
  cr_assert_str_eq(d->help, "did you mean `revenue`?");
  /* the span is the name in the CSV file, line 2 */
  int line, col;
  diag_linecol(&t->de, d->span.file, d->span.off, &line, &col);
  cr_assert_eq(line, 2);
  cr_assert_eq(col, 9);
  cr_assert_eq(d->span.end - d->span.off, 6);
  done(t);
}

Test(csv, header_problems) {
  T *t = load(CSVSTRAT);
  csv(t, "period,kr,valeu\n2025-Q3,revenue,190\n");
  cr_assert_not_null(diag_with(t, "unknown column `valeu`"));
  cr_assert_eq(t->as.n, 1);
  csv(t, "period,kr\n2025-Q3,revenue\n");
  cr_assert_not_null(diag_with(t, "the header has no `value` column"));
  csv(t, "period,kr,value,kr\n");
  cr_assert_not_null(diag_with(t, "column `kr` appears twice"));
  csv(t, "");
  cr_assert_not_null(diag_with(t, "the actuals file is empty"));
  csv(t, "period,kr,value\n2025-Q3,revenue,1\xff\n");
  cr_assert_not_null(diag_with(t, "not valid UTF-8"));
  cr_assert_eq(t->as.n, 1);
  done(t);
}

Test(csv, duplicates_of_csv_rows_and_of_check_ins) {
  T *t = load(CSVSTRAT);
  csv(t, "period,kr,value\n2025-Q3,cycle,3\n2025-Q3,cycle,2.5\n");
  cr_assert_eq(count_code(t, E091), 1);
  csv(t, "period,kr,value\n2025-Q1,revenue,151\n");
  cr_assert_eq(count_code(t, E091), 2);
  const Diag *d = diag_with(t, "`revenue` is given twice for 2025-Q1");
  cr_assert_not_null(d);
  cr_assert_eq(d->nnotes, 1);
  cr_assert_eq(d->notes[0].span.file, t->p.main_file);   /* the note points at the check-in */
  /* a finer period is not a duplicate of its quarter */
  csv(t, "period,kr,value\n2025-03,revenue,152\n");
  cr_assert_eq(count_code(t, E091), 2);
  cr_assert_eq(count_code(t, E090), 0);
  eval(t);
  cr_assert_eq(K(t, "cycle", "2025-Q3")->value, 3.0);     /* the first value stays */
  cr_assert_eq(K(t, "revenue", "2025-Q1")->value, 150.0); /* ties on the end month: the quarter */
  done(t);
}

Test(csv, accepted_forms) {
  T *t = load(CSVSTRAT);
  csv(t, "\xEF\xBB\xBF" "Value,KPI,Period,Unit\r\n\r\n\"1_000\",\"revenue\",2025-q2,USD\r\n"
         " 4.6 , csat , 2025-Q2 ,\r\n3,steps,2025-Q3,\r\ntrue,launch,2025-Q3,\r\n1,launch,2025-Q4,\r\n"
         "14 days,cycle,2025-H2,\n");
  cr_assert_eq(t->de.nerrors, 1);                         /* 2025-H2 is coarser than its frequency */
  cr_assert_eq(count_code(t, E102), 1);
  cr_assert_not_null(diag_with(t, "is measured every quarter"));
  eval(t);
  EXPECT_KRS(t, {"revenue", "2025-Q2", VALUE, 1000.0},
                {"csat", "2025-Q2", VALUE, 4.6},
                {"steps", "2025-Q3", SCORE, 0.6},
                {"launch", "2025-Q3", SCORE, 1.0},
                {"launch", "2025-Q4", SCORE, 1.0});
  done(t);
}

Test(csv, period_parsing) {
  Period p;
  cr_assert(actuals_parse_period("2025-Q1", 7, &p) && p.kind == PER_QUARTER && p.year == 2025 && p.sub == 1);
  cr_assert(actuals_parse_period("2025-h2", 7, &p) && p.kind == PER_HALF && p.sub == 2);
  cr_assert(actuals_parse_period("2025-12", 7, &p) && p.kind == PER_MONTH && p.sub == 12);
  cr_assert(actuals_parse_period("2025", 4, &p) && p.kind == PER_YEAR);
  cr_assert(!actuals_parse_period("2025-13", 7, &p));
  cr_assert(!actuals_parse_period("2025-Q0", 7, &p));
  cr_assert(!actuals_parse_period("2025-H3", 7, &p));
  cr_assert(!actuals_parse_period("25-Q1", 5, &p));
  cr_assert(!actuals_parse_period("2025-Q1x", 8, &p));
  char b[16];
  p = (Period){.kind = PER_MONTH, .year = 2016, .sub = 3};
  cr_assert_str_eq(actuals_period_str(p, b, sizeof b), "2016-03");
}

/* -0 is read as +0 everywhere a value enters (docs/semantics.md, §2):
 * csvio_put_num writes both as `0`, so a signed zero would not survive
 * the fuzz_actuals round trip, and 1 / -0 is -inf. */
Test(csv, a_zero_has_no_sign) {
  T *t = load(HEAD
              "objective o \"O\" in process {\n  kr defects : count 10 -> 0\n  kr revenue : USD -5 -> 200\n"
              "  kr share : percent 1% -> 2%\n}\n"
              "actuals 2025-Q1 {\n  revenue -0\n}\n");
  csv(t, "period,kr,value\n2025-Q2,revenue,-0\n2025-Q3,revenue,-1e-400\n2025-Q4,revenue,-0.000_0e9\n"
         "2025-Q1,defects,-0\n2025-Q2,share,-0%\n2025-Q3,share,-0 %\n");
  cr_assert_eq(t->de.nerrors, 0);
  cr_assert_eq(t->as.n, 7);
  for (int i = 0; i < t->as.n; i++)
    cr_expect(t->as.items[i].value == 0 && !signbit(t->as.items[i].value), "value %d (`%s`) is %g", i,
              t->as.items[i].m->name.name, t->as.items[i].value);
  done(t);
}

/* ---- contribution, cascades, themes (semantics.md §5.1-5.3) ---------------- */

static const char *const CONTRIB =
  "strategy \"S\" { horizon 2025-Q1 .. 2025-Q4  perspectives { financial 50%  customer 20%  process 15%  learning 15% } }\n"
  "objective grow \"G\" in financial { kr revenue : USD 100 -> 200 cascade sum }\n"
  "objective loyal \"L\" in customer { kr churn : percent 10% -> 5%  kr nps : score 40 -> 50 cascade weighted }\n"
  "objective speed \"P\" in process { kr cycle : weeks 4 -> 2 }\n"
  "objective skills \"K\" in learning { kr trained : percent 0% -> 100% }\n"
  "objective hub \"H\" in process { }\n"
  "objective a \"A\" { team \"A\"  aligns grow supports, speed contributes 3, hub\n"
  "  kr a_rev : USD 60 -> 120 feeds revenue  kr a_nps : score 30 -> 40 feeds nps 3 }\n"
  "objective b \"B\" { team \"B\"  aligns grow, speed contributes 25%, hub supports\n"
  "  kr b_rev : USD 40 -> 80 feeds revenue  kr b_nps : score 50 -> 60 feeds nps 1 }\n"
  "theme t \"T\" { speed 2, skills }\n"
  "skills -> speed\nspeed -> loyal\nloyal -> grow\n"
  "actuals 2025-Q1 { a_rev 90, b_rev 50, a_nps 35, b_nps 58, churn 9%, cycle 3, trained 40% }\n";

Test(contribution, weights_modes_and_defaults) {
  T *t = scored(CONTRIB);
  /* a: (a_rev (90-60)/60 = 0.5, a_nps 0.5) = 0.5; b: (0.25, 0.8) = 0.525 */
  cr_expect_eq(O(t, "a", "2025-Q1")->score, (0.5 + 0.5) / 2);
  cr_expect_eq(O(t, "b", "2025-Q1")->score, (0.25 + 0.8) / 2);
  /* speed: its KR 0.5, then a with 3, then b with 0.25, in that order */
  double num = 1 * 0.5 + 3 * 0.5;
  num = num + 0.25 * ((0.25 + 0.8) / 2);
  cr_expect_eq(O(t, "speed", "2025-Q1")->score, num / (1 + 3 + 0.25));
  cr_expect_eq(O(t, "speed", "2025-Q1")->n_items, 3);
  /* grow has a KR: a supports (explicit), b's plain aligns supports too */
  cr_expect_eq(O(t, "grow", "2025-Q1")->n_items, 1);
  /* hub has no KRs: a's plain aligns contributes, b's explicit supports does not */
  cr_expect_eq(O(t, "hub", "2025-Q1")->n_items, 1);
  cr_expect_eq(O(t, "hub", "2025-Q1")->score, 0.5);
  done(t);
}

Test(contribution, rollup_turns_only_plain_aligns_into_contributions) {
  T *t = load(CONTRIB);
  eval_opt(t, 1.0, true, NULL);
  cr_expect_eq(O(t, "grow", "2025-Q1")->n_items, 2);   /* revenue and b (a says supports) */
  cr_expect_eq(O(t, "hub", "2025-Q1")->n_items, 1);    /* b says supports */
  done(t);
}

Test(cascade, sum_and_weighted_mean_of_feeders) {
  T *t = scored(CONTRIB);
  cr_expect_eq(K(t, "revenue", "2025-Q1")->value, 140.0);      /* 90 + 50 */
  cr_expect_eq(K(t, "revenue", "2025-Q1")->score, 0.4);        /* (140 - 100) / 100 */
  double nps = (3 * 35.0 + 1 * 58.0) / 4.0;                    /* weighted, weights 3 and 1 */
  cr_expect_eq(K(t, "nps", "2025-Q1")->value, nps);
  done(t);
}

Test(cascade, a_feeder_without_data_leaves_no_data) {
  T *t = load(CONTRIB);
  csv(t, "period,kr,value\n2025-Q2,a_rev,100\n");
  eval(t);
  const ScoreResult *r = K(t, "revenue", "2025-Q2");
  cr_expect(!r->has);
  cr_expect_eq(r->why, ND_MISSING_INPUT);
  cr_expect_str_eq(r->missing->name.name, "b_rev");
  done(t);
}

Test(theme, weighted_mean_of_its_objectives) {
  T *t = scored(CONTRIB);
  const Theme *th = t->p.themes.items[0];
  double sp = O(t, "speed", "2025-Q1")->score, sk = O(t, "skills", "2025-Q1")->score;
  cr_expect_eq(score_theme(t->sc, per(t, "2025-Q1"), th)->score, (2 * sp + 1 * sk) / 3);
  cr_expect_eq(score_theme(t->sc, per(t, "2025-Q1"), th)->status, STATUS_GREEN);
  done(t);
}

Test(contribution, diagnostics) {
  static const char *const base =
    "strategy \"S\" { horizon 2025-Q1 .. 2025-Q4  perspectives { financial 100% } }\n"
    "objective g \"G\" in financial { kr r : USD 1 -> 2 }\n";
  char text[2048];
  snprintf(text, sizeof text, "%sobjective a \"A\" { team \"A\"  aligns g, g  kr x : count 0 -> 1 }\n", base);
  T *t = load_with("t.bsc", text, false);
  cr_expect_eq(count_code(t, E150), 1);
  done(t);
  snprintf(text, sizeof text, "%sobjective a \"A\" { team \"A\"  aligns g  kr x : hours 0 -> 1 feeds r }\n", base);
  t = load_with("t.bsc", text, false);
  cr_expect_eq(count_code(t, E153), 1);
  cr_expect_eq(count_code(t, E154), 0);     /* the feed was dropped: nothing feeds r */
  done(t);
  snprintf(text, sizeof text, "%sobjective a \"A\" { team \"A\"  aligns g  kr x : USD 0 -> 1 feeds r }\n", base);
  t = load_with("t.bsc", text, false);
  cr_expect_eq(count_code(t, E154), 1);
  done(t);
  snprintf(text, sizeof text, "%sobjective a \"A\" { team \"A\"  aligns g contributes 0  kr x : USD 0 -> 1 }\n", base);
  t = load_with("t.bsc", text, false);
  cr_expect_eq(count_code(t, E031), 1);
  done(t);
  snprintf(text, sizeof text, "%stheme th \"T\" { g, g }\n", base);
  t = load_with("t.bsc", text, false);
  cr_expect_eq(count_code(t, E152), 1);
  done(t);
}

/* score_cents computes what score_cents_printed reads from "%.2f": on the
 * exact ties n + 1/2 hundredths (k/8 for odd k: 0.125 prints 0.12, 0.375
 * 0.38), on their neighbours one ulp either side, on every power of two,
 * on the values a scorecard meets (k/1000, k/3) and on random doubles of
 * every magnitude below and above the 2^50 where it hands over to
 * printing. */
static void cents_agree(double x) {
  long a = score_cents(x), b = score_cents_printed(x);
  if (a != b) cr_assert_fail("score_cents(%a = %.17g) = %ld, printed %ld", x, x, a, b);
}

Test(hundredths, cents_exact_against_printf) {
  for (long k = -20000; k <= 20000; k++) {
    double t = (double)k / 8.0;
    cents_agree(t);
    cents_agree(nextafter(t, INFINITY));
    cents_agree(nextafter(t, -INFINITY));
    cents_agree((double)k / 1000.0);
    cents_agree((double)k / 3.0);
    cents_agree((double)k / 200.0);
  }
  for (int e = -1080; e <= 1030; e++) {
    cents_agree(ldexp(1.0, e));
    cents_agree(-ldexp(1.0, e));
    cents_agree(nextafter(ldexp(1.0, e), 0));
  }
  cents_agree(0.0);
  cents_agree(-0.0);
  cents_agree(0x1p50);
  cents_agree(nextafter(0x1p50, 0));
  cents_agree(INFINITY);
  cents_agree(-INFINITY);
  cents_agree(NAN);
  uint64_t s = 0x9E3779B97F4A7C15ULL;
  for (int i = 0; i < 1000000; i++) {
    s ^= s << 13; s ^= s >> 7; s ^= s << 17;       /* xorshift64 */
    double u = (double)(s >> 11) * 0x1p-53;        /* [0, 1) */
    int e = (int)(s % 70) - 40;                    /* 2^-40 .. 2^29, and 2^50 below */
    double x = ldexp(u, e) * ((s >> 7) & 1 ? -1 : 1);
    cents_agree(x);
    cents_agree(ldexp(u, 50 + (int)(s % 3)));      /* around the hand-over */
    uint64_t bits = s;                             /* any double */
    double y;
    memcpy(&y, &bits, sizeof y);
    if (fabs(y) < 1e20 || !isfinite(y)) cents_agree(y);
  }
}

/* Hundredths past what a long holds saturate, and the status compares
 * their products without wrapping: a score of 1e300 (an actual far beyond
 * a tiny target range) is green, -1e300 red, against any plan. */
Test(hundredths, huge_values_saturate) {
  cr_assert_eq(score_cents(1e300), LONG_MAX);
  cr_assert_eq(score_cents(-1e300), -LONG_MAX);
  cr_assert_eq(score_cents(ldexp(1.0, 1023)), LONG_MAX);
  cr_assert_eq(score_cents(9.2e16), 9200000000000000000L);
  cr_assert_eq(score_status(1e300, 1, false, 0.7, 0.4), STATUS_GREEN);
  cr_assert_eq(score_status(1e300, 1e300, false, 0.7, 0.4), STATUS_GREEN);
  cr_assert_eq(score_status(-1e300, 1, false, 0.7, 0.4), STATUS_RED);
  cr_assert_eq(score_status(0.5, 1e300, false, 0.7, 0.4), STATUS_RED);
}

/* actuals_period_str formats without snprintf: the same text as the
 * printf formats it replaced, for every kind, fiscal or not, negative and
 * five-digit years, and cut to the buffer as snprintf cuts. */
Test(periods, period_str_as_printf) {
  static const PeriodKind kinds[] = {PER_YEAR, PER_HALF, PER_QUARTER, PER_WEEK, PER_DAY, PER_MONTH, PER_NONE};
  static const int years[] = {2025, 1999, 0, 7, -3, 12345};
  for (size_t ki = 0; ki < sizeof kinds / sizeof *kinds; ki++)
    for (size_t yi = 0; yi < sizeof years / sizeof *years; yi++)
      for (int sub = 0; sub <= 53; sub += 1)
        for (int fis = 0; fis < 2; fis++) {
          Period p = {.kind = kinds[ki], .year = years[yi], .sub = (signed char)sub, .day = (signed char)(sub % 32), .fiscal = fis};
          char want[64], got[64], cut[5];
          const char *fy = fis ? "FY" : "";
          switch (p.kind) {
          case PER_YEAR: snprintf(want, sizeof want, "%s%d", fy, p.year); break;
          case PER_HALF: snprintf(want, sizeof want, "%s%d-H%d", fy, p.year, p.sub); break;
          case PER_QUARTER: snprintf(want, sizeof want, "%s%d-Q%d", fy, p.year, p.sub); break;
          case PER_WEEK: snprintf(want, sizeof want, "%d-W%02d", p.year, p.sub); break;
          case PER_DAY: snprintf(want, sizeof want, "%d-%02d-%02d", p.year, p.sub, p.day); break;
          case PER_MONTH: snprintf(want, sizeof want, "%d-%02d", p.year, p.sub); break;
          default: snprintf(want, sizeof want, "(none)"); break;
          }
          cr_assert_str_eq(actuals_period_str(p, got, sizeof got), want);
          char wcut[5];
          size_t wl = strlen(want) < sizeof wcut - 1 ? strlen(want) : sizeof wcut - 1;
          memcpy(wcut, want, wl);
          wcut[wl] = '\0';
          cr_assert_str_eq(actuals_period_str(p, cut, sizeof cut), wcut);
        }
}
