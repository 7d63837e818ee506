/*
 * test_sema.c - the checker: unit type rules (types.c) directly, and the
 * strategy checks through whole in-memory programs (load_program with
 * text, the embedded prelude included).
 */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>
#include "sema.h"
#include "checkin.h"

/* ---- unit types ----------------------------------------------------------- */

typedef struct TT {
  Arena a;
  Interner *in;
  TypeTable tt;
} TT;

/* The prelude's units, declared by hand. */
static TT *tt_new(void) {
  TT *t = calloc(1, sizeof *t);
  arena_init(&t->a);
  t->in = intern_new(&t->a);
  type_table_init(&t->tt, &t->a, t->in);
  TypeTable *tt = &t->tt;
  type_declare_base(tt, "count");
  type_declare_base(tt, "score");
  Type *ratio = type_declare_base(tt, "ratio");
  type_declare_derived(tt, "percent", 0.01, ratio);
  type_declare_base(tt, "pp");
  Type *hours = type_declare_base(tt, "hours");
  Type *days = type_declare_derived(tt, "days", 24, hours);
  type_declare_derived(tt, "weeks", 7, days);
  Type *months = type_declare_derived(tt, "months", 730, hours);
  type_declare_derived(tt, "quarters", 3, months);
  return t;
}

static void tt_free(TT *t) {
  arena_free(&t->a);
  free(t);
}

#define U(name) type_lookup(&t->tt, name)

/* x in `from` converts to `to`, giving want (within tol). */
static void expect_converts(TT *t, const Type *from, const Type *to, double x, double want, double tol) {
  double v;
  cr_assert(type_convert(&t->tt, from, to, x, &v), "%g %s: does not convert to %s", x, type_str(from), type_str(to));
  cr_expect_float_eq(v, want, tol, "%g %s in %s: %g, want %g", x, type_str(from), type_str(to), v, want);
}

/* x in `from` does not convert to `to`. */
static void expect_refused(TT *t, const Type *from, const Type *to, double x) {
  double v;
  cr_expect_not(type_convert(&t->tt, from, to, x, &v), "%s converts to %s", type_str(from), type_str(to));
}

static const char OPS[] = "+-*/";   /* TypeOp order */

/* The type of `l op r` must be want (NULL: refused). */
static void expect_binop(TT *t, TypeOp op, Type *l, Type *r, const Type *want) {
  Type *got = type_binop(&t->tt, op, l, r, NULL, NULL);
  cr_expect(got == want, "%s %c %s: %s, want %s", type_str(l), OPS[op], type_str(r), type_str(got), type_str(want));
}

/* The same with values: the type must be want and, computed on the values
 * as type_binop converted them, `lv op rv` must give result. */
static void expect_binop_value(TT *t, TypeOp op, Type *l, double lv, Type *r, double rv, const Type *want,
                               double result, double tol) {
  Type *got = type_binop(&t->tt, op, l, r, &lv, &rv);
  cr_expect(got == want, "%s %c %s: %s, want %s", type_str(l), OPS[op], type_str(r), type_str(got), type_str(want));
  double v = op == TOP_ADD ? lv + rv : op == TOP_SUB ? lv - rv : op == TOP_MUL ? lv * rv : lv / rv;
  cr_expect_float_eq(v, result, tol, "%s %c %s: %g, want %g", type_str(l), OPS[op], type_str(r), v, result);
}

Test(types, conversion_within_a_dimension) {
  TT *t = tt_new();
  expect_converts(t, U("weeks"), U("days"), 2, 14, 1e-12);
  expect_converts(t, U("days"), U("weeks"), 21, 3, 1e-12);
  expect_converts(t, U("quarters"), U("hours"), 1, 2190, 1e-9);
  expect_converts(t, U("hours"), U("hours"), 5, 5, 0);
  tt_free(t);
}

Test(types, percent_and_ratio_convert) {
  TT *t = tt_new();
  expect_converts(t, U("%"), U("ratio"), 40, 0.4, 1e-12);
  expect_converts(t, U("ratio"), U("percent"), 0.25, 25, 1e-12);
  cr_expect(U("%") == U("percent"));
  tt_free(t);
}

Test(types, pp_never_converts_to_percent) {
  TT *t = tt_new();
  expect_refused(t, U("pp"), U("percent"), 12);
  expect_refused(t, U("percent"), U("pp"), 12);
  expect_refused(t, U("pp"), U("ratio"), 12);
  tt_free(t);
}

Test(types, incompatible_dimensions) {
  TT *t = tt_new();
  double v;
  expect_refused(t, U("weeks"), U("percent"), 1);
  expect_refused(t, U("count"), U("score"), 1);
  expect_refused(t, U("CNY"), U("USD"), 1);
  expect_refused(t, U("CNY"), U("count"), 1);
  cr_expect(type_convert(&t->tt, U("CNY"), U("CNY"), 1, &v));
  cr_expect(type_convert(&t->tt, type_rating(&t->tt, 1, 5), type_rating(&t->tt, 1, 5), 4, &v));
  expect_refused(t, type_rating(&t->tt, 1, 5), type_rating(&t->tt, 1, 10), 4);
  tt_free(t);
}

Test(types, plain_numbers_take_the_context_unit) {
  TT *t = tt_new();
  double v;
  expect_converts(t, &t->tt.number, U("weeks"), 3, 3, 0);
  cr_assert(type_convert(&t->tt, &t->tt.error, U("weeks"), 3, &v));   /* errors are silent */
  tt_free(t);
}

Test(types, currency_codes) {
  TT *t = tt_new();
  cr_expect(type_is_currency_code("CNY"));
  cr_expect_not(type_is_currency_code("cny"));
  cr_expect_not(type_is_currency_code("CNYX"));
  cr_expect(U("USD") == type_currency(&t->tt, "USD"));
  cr_expect(U("usd") == NULL);
  cr_expect_str_eq(type_suggest(&t->tt, "usd"), "USD");
  cr_expect_str_eq(type_suggest(&t->tt, "wekks"), "weeks");
  cr_expect_str_eq(type_suggest(&t->tt, "hour"), "hours");
  cr_expect_null(type_suggest(&t->tt, "furlongs"));
  tt_free(t);
}

Test(types, percent_arithmetic) {
  TT *t = tt_new();
  expect_binop_value(t, TOP_SUB, U("percent"), 45, U("percent"), 38, U("pp"), 7, 1e-12);
  expect_binop(t, TOP_ADD, U("percent"), U("pp"), U("percent"));
  expect_binop(t, TOP_SUB, U("percent"), U("pp"), U("percent"));
  expect_binop(t, TOP_ADD, U("percent"), U("percent"), U("percent"));
  expect_binop(t, TOP_ADD, U("pp"), U("pp"), U("pp"));
  expect_binop(t, TOP_SUB, U("pp"), U("percent"), NULL);
  /* percent - ratio: the ratio is converted first */
  expect_binop_value(t, TOP_SUB, U("percent"), 40, U("ratio"), 0.1, U("pp"), 30, 1e-12);
  tt_free(t);
}

Test(types, add_and_subtract_need_one_dimension) {
  TT *t = tt_new();
  TypeTable *tt = &t->tt;
  /* converted to the left unit */
  expect_binop_value(t, TOP_ADD, U("weeks"), 1, U("days"), 7, U("weeks"), 2, 1e-12);
  expect_binop(t, TOP_ADD, U("weeks"), &tt->number, U("weeks"));
  expect_binop(t, TOP_ADD, &tt->number, U("CNY"), U("CNY"));
  expect_binop(t, TOP_ADD, U("weeks"), U("percent"), NULL);
  expect_binop(t, TOP_SUB, U("CNY"), U("USD"), NULL);
  expect_binop(t, TOP_ADD, &tt->error, U("USD"), &tt->error);
  tt_free(t);
}

Test(types, multiply_and_divide) {
  TT *t = tt_new();
  TypeTable *tt = &t->tt;
  expect_binop(t, TOP_MUL, U("CNY"), &tt->number, U("CNY"));
  expect_binop(t, TOP_MUL, U("CNY"), U("weeks"), NULL);
  /* a percentage scales anything */
  expect_binop_value(t, TOP_MUL, U("CNY"), 1000, U("percent"), 45, U("CNY"), 450, 1e-9);
  /* same dimension: a plain number */
  expect_binop_value(t, TOP_DIV, U("weeks"), 2, U("days"), 7, &tt->number, 2, 1e-12);
  expect_binop(t, TOP_DIV, U("CNY"), U("CNY"), &tt->number);
  expect_binop(t, TOP_DIV, U("CNY"), U("count"), U("CNY"));      /* per item */
  expect_binop(t, TOP_DIV, U("hours"), &tt->number, U("hours"));
  /* two quantities make a rate, in their base units: CNY per hour */
  expect_binop_value(t, TOP_DIV, U("CNY"), 1400, U("weeks"), 2, type_rate(tt, U("CNY"), U("hours"), 1, NULL),
                     1400.0 / 336, 1e-12);
  expect_binop(t, TOP_DIV, &tt->number, U("weeks"), NULL);
  tt_free(t);
}

/* ---- rates (docs/language.md §5.1, docs/semantics.md §19) --------------- */

Test(types, fractional_factors_are_exact) {
  TT *t = tt_new();
  TypeTable *tt = &t->tt;
  Type *min = type_declare_ratio(tt, "minutes", 1, 60, U("hours"));
  Type *sec = type_declare_ratio(tt, "seconds", 1, 60, min);
  Type *ms = type_declare_ratio(tt, "milliseconds", 1, 1000, sec);
  expect_converts(t, min, U("hours"), 90, 1.5, 0);          /* 90 * 1 / 60 */
  expect_converts(t, ms, sec, 1500, 1.5, 0);                /* 1500 * 3600 / 3600000 */
  expect_converts(t, U("hours"), min, 2.5, 150, 0);
  expect_converts(t, U("days"), sec, 1, 86400, 0);
  tt_free(t);
}

Test(types, rates_convert_within_their_dimensions) {
  TT *t = tt_new();
  TypeTable *tt = &t->tt;
  Type *people = type_declare_base(tt, "people"), *cases = type_declare_base(tt, "cases");
  Type *per_week = type_rate(tt, U("count"), U("weeks"), 1, NULL);
  Type *per_day = type_rate(tt, U("count"), U("days"), 1, NULL);
  expect_converts(t, per_week, per_day, 70, 10, 0);         /* 70 / 7 days */
  expect_converts(t, per_day, per_week, 10, 70, 0);
  Type *per_1k = type_rate(tt, cases, people, 1000, NULL);
  Type *per_cap = type_rate(tt, cases, people, 1, NULL);
  expect_converts(t, per_1k, per_cap, 4.5, 0.0045, 1e-18);
  expect_converts(t, per_cap, per_1k, 0.0045, 4.5, 1e-12);
  cr_expect_str_eq(type_str(per_1k), "cases/1000 people");
  cr_expect(type_rate(tt, cases, people, 1000, NULL) == per_1k, "rates are shared by shape");
  cr_expect(type_parse(tt, "cases / 1000 people") == per_1k);
  cr_expect(type_parse(tt, "cases/1k people") == per_1k);
  cr_expect(type_parse(tt, "count/days") == per_day);
  cr_expect(type_parse(tt, "count/dayz") == NULL);
  expect_refused(t, per_1k, cases, 1);
  expect_refused(t, per_day, type_rate(tt, cases, U("days"), 1, NULL), 1);
  tt_free(t);
}

Test(types, rate_arithmetic) {
  TT *t = tt_new();
  TypeTable *tt = &t->tt;
  Type *people = type_declare_base(tt, "people"), *cases = type_declare_base(tt, "cases");
  Type *gallon = type_declare_base(tt, "gallon");
  Type *usd_gal = type_rate(tt, U("USD"), gallon, 1, NULL);
  /* 45 cases among 10000 people: 0.0045 cases per person */
  expect_binop_value(t, TOP_DIV, cases, 45, people, 10000, type_rate(tt, cases, people, 1, NULL), 0.0045, 1e-18);
  /* a rate times its denominator, either way round, and an amount by its rate */
  expect_binop_value(t, TOP_MUL, usd_gal, 3.5, gallon, 10, U("USD"), 35, 1e-12);
  expect_binop_value(t, TOP_MUL, gallon, 10, usd_gal, 3.5, U("USD"), 35, 1e-12);
  expect_binop_value(t, TOP_DIV, U("USD"), 35, usd_gal, 3.5, gallon, 10, 1e-12);
  /* 140 count per 2 weeks: 70 a week, 10 a day, in the base: per hour */
  expect_binop_value(t, TOP_MUL, type_rate(tt, U("count"), U("days"), 1, NULL), 10, U("weeks"), 1, U("count"), 70, 1e-12);
  expect_binop(t, TOP_DIV, usd_gal, usd_gal, &tt->number);
  expect_binop(t, TOP_MUL, usd_gal, people, NULL);
  expect_binop(t, TOP_DIV, usd_gal, people, NULL);             /* no rate of a rate */
  tt_free(t);
}

Test(types, rates_refused) {
  TT *t = tt_new();
  TypeTable *tt = &t->tt;
  const char *why = NULL;
  cr_expect_null(type_rate(tt, type_rating(tt, 1, 5), U("days"), 1, &why));
  cr_expect_not_null(why);
  cr_expect_null(type_rate(tt, U("USD"), U("count"), 1, &why));         /* per item: USD itself */
  cr_expect_null(type_rate(tt, U("USD"), U("percent"), 1, &why));
  cr_expect_null(type_rate(tt, U("USD"), U("days"), 0, &why));
  cr_expect_null(type_rate(tt, type_rate(tt, U("USD"), U("days"), 1, NULL), U("days"), 1, &why));
  cr_expect_not_null(type_rate(tt, U("USD"), U("days"), 1, &why));
  cr_expect_null(why);
  tt_free(t);
}

Test(types, magnitudes) {
  cr_expect(amount_magnitude("M", 1, false) == 1e6);
  cr_expect(amount_magnitude("k", 1, false) == 1e3);
  cr_expect(amount_magnitude("B", 1, false) == 1e9);
  cr_expect(amount_magnitude("m", 1, false) == 0);   /* a lag of months in a file */
  cr_expect(amount_magnitude("m", 1, true) == 1e6);  /* --budget 3m */
  cr_expect(amount_magnitude("Mi", 2, true) == 0);
  cr_expect(amount_scaled("1.1", 1e6) == 1100000);
  cr_expect(amount_scaled("0.3", 1e3) == 300);
}

Test(types, descriptions) {
  TT *t = tt_new();
  char b[128];
  cr_expect_str_eq(type_describe(&t->tt, U("weeks"), b, sizeof b), "a duration (weeks)");
  cr_expect_str_eq(type_describe(&t->tt, U("percent"), b, sizeof b), "a percent");
  cr_expect_str_eq(type_describe(&t->tt, U("count"), b, sizeof b), "a count");
  cr_expect_str_eq(type_describe(&t->tt, U("CNY"), b, sizeof b), "an amount in CNY");
  cr_expect_str_eq(type_describe(&t->tt, &t->tt.number, b, sizeof b), "a plain number");
  cr_expect_str_eq(type_str(type_rating(&t->tt, 1, 5)), "rating(1..5)");
  cr_expect_str_eq(type_str(type_milestone(&t->tt, 5, false)), "milestone(5)");
  cr_expect_str_eq(type_fmt_value(U("percent"), 45, b, sizeof b), "45%");
  cr_expect_str_eq(type_fmt_value(U("pp"), 12, b, sizeof b), "12pp");
  cr_expect_str_eq(type_fmt_value(U("weeks"), 2, b, sizeof b), "2 weeks");
  cr_expect_str_eq(type_fmt_num(0.1 + 0.2, b, sizeof b), "0.3");
  tt_free(t);
}

/* ---- whole programs ------------------------------------------------------ */

typedef struct Checked {
  DiagEngine de;
  Program p;
  bool ok;
} Checked;

static Checked *check_opts(const char *text, const SemaOptions *opt) {
  Checked *r = calloc(1, sizeof *r);
  diag_init(&r->de);
  r->de.max_errors = 0;
  program_init(&r->p, &r->de);
  LoadOptions lo = {0};
  cr_assert(load_program(&r->p, "t.bsc", text, strlen(text), &lo));
  r->ok = sema_check(&r->p, opt);
  return r;
}

static Checked *check(const char *text) {
  SemaOptions opt = {0};
  return check_opts(text, &opt);
}

static void done(Checked *r) {
  program_free(&r->p);
  diag_free(&r->de);
  free(r);
}

static char *codes(Checked *r) {
  Buf b;
  buf_init(&b);
  diag_sort(&r->de);
  for (int i = 0; i < r->de.ndiags; i++)
    buf_printf(&b, "%s%s", i ? " " : "", diag_code_str(r->de.diags[i].code));
  return b.data ? buf_steal(&b) : strdup("");
}

static void expect_codes(const char *text, const char *want) {
  Checked *r = check(text);
  char *c = codes(r);
  cr_expect_str_eq(c, want, "text:\n%s", text);
  free(c);
  done(r);
}

#define STRATEGY \
  "strategy \"S\" {\n" \
  "  horizon 2025-Q1 .. 2025-Q4\n" \
  "  perspectives { financial 25%  customer 35%  process 20%  learning 20% }\n" \
  "}\n"

#define FOUR \
  "objective rev \"Revenue\" in financial { owner \"CFO\"\n  kr sales : CNY 100 -> 120\n}\n" \
  "objective nps \"NPS\" in customer { owner \"VP\"\n  kr nps_score : score 62 -> 75 by 2025-Q2\n}\n" \
  "objective it \"Iterate\" in process { owner \"CTO\"\n  kr cycle : weeks 3.5 -> 2\n}\n" \
  "objective res \"Research\" in learning { owner \"HR\"\n  kr cert : percent 30% -> 80%\n}\n" \
  "res -> it lag 1q\nit -> nps lag 1q\nnps -> rev lag 1q\n"

Test(program, clean_strategy_fills_the_tables) {
  Checked *r = check(STRATEGY FOUR
                     "actuals 2025-Q1 {\n  cycle 21 days\n  cert 0.42 ratio\n}\n");
  char *c = codes(r);
  cr_expect_str_eq(c, "");
  cr_expect(r->ok);
  Program *p = &r->p;
  cr_assert_eq(p->objectives.len, 4);
  cr_assert_eq(p->krs.len, 4);
  cr_assert_eq(p->links.len, 3);
  cr_assert_eq(p->perspectives.len, 4);
  cr_expect_str_eq(((Perspective *)p->perspectives.items[0])->name.name, "learning");
  cr_expect_str_eq(((Perspective *)p->perspectives.items[3])->name.name, "financial");
  cr_expect_float_eq(((Perspective *)p->perspectives.items[3])->weight_v, 0.25, 1e-12);
  KR *cycle = p->krs.items[2];
  cr_expect_eq(cycle->index, 2);
  cr_expect_float_eq(cycle->base_v, 3.5, 1e-12);
  cr_expect_float_eq(cycle->target_v, 2, 1e-12);
  cr_expect_eq(cycle->dir_eff, DIR_DECREASE);
  cr_expect_eq(cycle->due_eff.kind, PER_QUARTER);
  cr_expect_eq(cycle->due_eff.sub, 4);
  cr_expect_eq(cycle->commit_eff, COMMIT_ASPIRATIONAL);
  Actuals *a = p->actuals.items[0];
  cr_expect_float_eq(a->items[0].value_v, 3, 1e-12);       /* 21 days in weeks */
  cr_expect_float_eq(a->items[1].value_v, 42, 1e-12);      /* 0.42 ratio in percent */
  Link *l = p->links.items[0];
  cr_expect_eq(l->lag_periods, 1);
  cr_expect(sema_lookup(p, "cycle") && sema_lookup(p, "cycle")->kind == SYM_KR);
  free(c);
  done(r);
}

Test(program, no_strategy) {
  expect_codes("objective a \"A\" in customer {\n  kr k : score 1 -> 2\n}\n", "E044");
}

Test(program, weights_must_add_up) {
  expect_codes("strategy \"S\" {\n  horizon 2025-Q1 .. 2025-Q4\n"
               "  perspectives { financial 25%  customer 35%  process 20%  learning 15% }\n}\n"
               FOUR, "E030");
}

Test(program, one_mistake_one_error) {
  /* an unknown unit: no follow-on mismatch for the values */
  expect_codes(STRATEGY FOUR
               "objective x \"X\" in customer {\n  kr y : wekks 3 -> 2\n}\nx -> rev lag 1q\n"
               "actuals 2025-Q1 {\n  y 3 weeks\n}\n", "E020");
  /* an undefined parent: no W004, no E080 */
  expect_codes(STRATEGY FOUR
               "objective t \"T\" {\n  team \"Ops\"  aligns nsp\n  kr y : score 1 -> 2 by 2025-Q2\n}\n", "E010");
}

Test(program, suggestions) {
  Checked *r = check(STRATEGY FOUR "nps -> revv lag 1q\n");
  cr_assert_eq(r->de.ndiags, 1);
  cr_expect_eq(r->de.diags[0].code, E010);
  cr_expect_str_eq(r->de.diags[0].help, "did you mean `rev`?");
  done(r);
}

Test(program, alignment) {
  expect_codes(STRATEGY FOUR
               "objective a \"A\" {\n  team \"X\" aligns b\n  kr ka : score 1 -> 2 by 2025-Q2\n}\n"
               "objective b \"B\" {\n  team \"X\" aligns a\n  kr kb : score 1 -> 2 by 2025-Q2\n}\n",
               "E050");
  expect_codes(STRATEGY FOUR
               "objective t \"T\" {\n  team \"X\"\n  kr k : score 1 -> 2\n}\n", "W004");
  Checked *r = check(STRATEGY FOUR "objective t \"T\" {\n  team \"X\" aligns nps\n  kr k : score 1 -> 2 by 2025-Q1\n}\n");
  Objective *t = r->p.objectives.items[4];
  cr_expect(r->ok);
  cr_expect_eq(t->level_eff, LEVEL_TEAM);
  cr_expect_str_eq(t->persp_eff->name.name, "customer");     /* inherited */
  cr_expect_str_eq(t->parent->name.name, "nps");
  done(r);
}

Test(program, algebraic_loops) {
  expect_codes(STRATEGY FOUR "rev -> nps\n", "W001");
  expect_codes(STRATEGY FOUR "nps -> it\nit -> nps\n", "E060 W001");
  expect_codes(STRATEGY FOUR "nps -> nps lag 1q\n", "");
}

Test(program, lags_in_periods_of_the_cadence) {
  Checked *r = check("strategy \"S\" {\n  horizon 2025-01 .. 2025-12\n"
                     "  perspectives { financial 25%  customer 35%  process 20%  learning 20% }\n}\n"
                     "objective rev \"R\" in financial {\n  kr sales : CNY 100 -> 120\n}\n"
                     "objective nps \"N\" in customer {\n  kr s : score 1 -> 2\n}\n"
                     "objective it \"I\" in process {\n  kr c : weeks 3 -> 2\n}\n"
                     "objective res \"L\" in learning {\n  kr e : count 1 -> 2\n}\n"
                     "res -> it lag 1q\nit -> nps lag 2m\nnps -> rev lag 1y\n");
  cr_expect(r->ok);
  cr_expect_eq(((Link *)r->p.links.items[0])->lag_periods, 3);
  cr_expect_eq(((Link *)r->p.links.items[1])->lag_periods, 2);
  cr_expect_eq(((Link *)r->p.links.items[2])->lag_periods, 12);
  done(r);
  expect_codes(STRATEGY FOUR "rev -> rev lag 1m\n", "E061");
}

Test(program, formulas) {
  expect_codes(STRATEGY FOUR
               "objective m \"M\" in financial {\n"
               "  kr a : CNY 1 -> 2 = b + 1 CNY\n  kr b : CNY 1 -> 2 = a * 2\n}\n", "E070");
  expect_codes(STRATEGY FOUR
               "objective m \"M\" in financial {\n"
               "  kr margin : percent 10% -> 15% = profit / sales\n"
               "  kr profit : CNY 10 -> 20\n}\n", "");
  expect_codes(STRATEGY FOUR
               "objective m \"M\" in financial {\n"
               "  kr x : weeks 2 -> 1 = median(cycle)\n}\n", "E071");
}

Test(program, overload_limits_from_options) {
  SemaOptions opt = {.max_krs_per_objective = 1};
  Checked *r = check_opts(STRATEGY FOUR "objective m \"M\" in financial {\n  kr a : score 1 -> 2\n  kr b : score 1 -> 2\n}\n", &opt);
  char *c = codes(r);
  cr_expect_str_eq(c, "W007");
  free(c);
  done(r);
}

Test(program, kr_rules) {
  expect_codes(STRATEGY FOUR "objective m \"M\" in financial {\n  kr a : score 5 -> 5\n}\n", "E040");
  expect_codes(STRATEGY FOUR "objective m \"M\" in financial {\n  kr a : score 5 -> 3 increase\n}\n", "E041");
  expect_codes(STRATEGY FOUR "objective m \"M\" in financial {\n  kr a : score 1 -> 3 by 2026-Q1\n}\n", "E042");
  /* a due period coarser than the cadence ends where its last quarter ends */
  expect_codes(STRATEGY FOUR "objective m \"M\" in financial {\n  kr a : score 1 -> 3 by 2025\n}\n", "");
  expect_codes(STRATEGY FOUR "objective m \"M\" in financial {\n  kr a : score 1 -> 3 by 2025-05\n}\n", "");
  expect_codes(STRATEGY FOUR "objective m \"M\" in financial {\n  kr a : rating(1..5) >= 6\n}\n", "E022");
  expect_codes(STRATEGY FOUR "objective m \"M\" in financial {\n  kr a : score 1 -> 3 weight 0\n}\n", "E031");
  expect_codes(STRATEGY FOUR "objective m \"M\" in financial {\n  committed\n  kr a : hours <= 24\n}\n", "W009");
  expect_codes(STRATEGY FOUR "objective m \"M\" in financial {\n  kr a : hours <= 24 compensation\n}\n", "W008");
}

Test(program, learning_neglected) {
  expect_codes("strategy \"S\" {\n  horizon 2025-Q1 .. 2025-Q4\n"
               "  perspectives { financial 30%  customer 35%  process 30%  learning 5% }\n}\n" FOUR, "W003");
}

/* ---- phased plans (E045-E049, W010-W012) -------------------------------- */

#define PLANNED(KRS) STRATEGY \
  "objective rev \"Revenue\" in financial { owner \"CFO\"\n" KRS "\n}\n" \
  "objective nps \"NPS\" in customer { owner \"VP\"\n  kr nps_score : score 62 -> 75 by 2025-Q2\n}\n" \
  "objective it \"Iterate\" in process { owner \"CTO\"\n  kr cycle : weeks 3.5 -> 2\n}\n" \
  "objective res \"Research\" in learning { owner \"HR\"\n  kr cert : percent 30% -> 80%\n}\n" \
  "res -> it lag 1q\nit -> nps lag 1q\nnps -> rev lag 1q\n"

Test(plans, points_the_cadence_can_place) {
  /* a month that ends a quarter, a half, the year: placed; a month inside a quarter: E045 */
  expect_codes(PLANNED("  kr s : CNY 100 -> 120 plan { 2025-03: 105, 2025-H1: 110 }"), "");
  expect_codes(PLANNED("  kr s : CNY 100 -> 120 plan { 2025-02: 105 }"), "E045");
  expect_codes(PLANNED("  kr s : CNY 100 -> 120 plan { 2025-Q1: 105, 2025-03: 106 }"), "E046");
  expect_codes(PLANNED("  kr s : CNY 100 -> 120 plan { 2025: 120 }"), "");          /* at the due period, = target */
  expect_codes(PLANNED("  kr s : CNY 100 -> 120 plan { 2025: 119 }"), "E045");
  expect_codes(PLANNED("  kr s : CNY 100 -> 120 by 2025-Q2 plan { 2025-Q3: 119 }"), "E045");
}

Test(plans, direction_errors_and_warnings) {
  expect_codes(PLANNED("  kr s : CNY 100 -> 120 plan { 2025-Q1: 121 }"), "E047");
  expect_codes(PLANNED("  kr s : CNY 120 -> 100 plan { 2025-Q1: 99 }"), "E047");   /* decreasing: beyond is below */
  expect_codes(PLANNED("  kr s : CNY 120 -> 100 plan { 2025-Q1: 121 }"), "W011");
  expect_codes(PLANNED("  kr s : CNY 100 -> 120 plan { 2025-Q1: 110, 2025-Q2: 105 }"), "W010");
  /* a KPI's plan moves freely: seasonal thresholds */
  expect_codes(PLANNED("  kr s : CNY 100 -> 120\n  kpi v : percent >= 100% plan { 2025-Q1: 90%, 2025-Q2: 110%, 2025-Q3: 95% }"), "");
  expect_codes(PLANNED("  kr s : CNY 100 -> 120\n  kpi m : milestone plan { 2025-Q1: 1 }"), "E049");
}

Test(plans, units_and_kinds) {
  expect_codes(PLANNED("  kr s : CNY 100 -> 120 plan { 2025-Q1: 5 USD }"), "E048");
  expect_codes(PLANNED("  kr s : CNY 100 -> 120 plan { 2025-Q1: 105 CNY }"), "");
  expect_codes(PLANNED("  kr s : weeks 4 -> 2 plan { 2025-Q1: 21 days }"), "");
  expect_codes(PLANNED("  kr s : CNY >= 120 plan { 2025-Q1: 105 }"), "E049");       /* no baseline */
  expect_codes(PLANNED("  kr s : CNY >= 120 from 100 plan { 2025-Q1: 105 }"), "");
  expect_codes(PLANNED("  kr s : boolean plan { 2025-Q1: true }"), "E049");
  expect_codes(PLANNED("  kr s : milestone(3) plan { 2025-Q1: 4 }"), "E022");      /* not a step count */
  expect_codes(PLANNED("  kr s : CNY 100 -> 120 plan { }"), "W012");
}

/* One mistake, one diagnostic: a malformed period in a plan is E043 only,
 * and a plan whose point is a syntax error is not also "empty" (W012). */
Test(plans, malformed_points_report_once) {
  expect_codes(PLANNED("  kr s : CNY 100 -> 120 plan { 2025-13: 105 }"), "E043");
  expect_codes(PLANNED("  kr s : CNY 100 -> 120 plan { 2025-Q1 105 }"), "");          /* the colon may be left out */
}

/* ---- the strategy's `store` (docs/store.md) ------------------------------- */

static Checked *with_store(const char *path, const char *store) {
  char text[512];
  snprintf(text, sizeof text, "strategy \"S\" {\n  horizon 2025-Q1 .. 2025-Q4\n  store \"%s\"\n}\n", store);
  Checked *r = calloc(1, sizeof *r);
  diag_init(&r->de);
  program_init(&r->p, &r->de);
  LoadOptions lo = {0};
  cr_assert(load_program(&r->p, path, text, strlen(text), &lo));
  sema_check(&r->p, NULL);
  return r;
}

/* The codes of E093/E094 for a store name ("" when it is accepted). */
static void expect_store(const char *store, const char *want) {
  Checked *r = with_store("t.bsc", store);
  Buf b;
  buf_init(&b);
  for (int i = 0; i < r->de.ndiags; i++) {
    DiagCode c = r->de.diags[i].code;
    if (c == E093 || c == E094) buf_printf(&b, "%s%s", b.len ? " " : "", diag_code_str(c));
  }
  cr_expect_str_eq(b.data ? b.data : "", want, "store \"%s\"", store);
  buf_free(&b);
  done(r);
}

Test(store_decl, names_a_sqlite_file_or_a_server_without_password) {
  const char *ok[] = { "checkins.db", "data/checkins.db", "../okr/checkins.db", "/var/lib/okr/checkins.db",
                       "check-ins 2025.db", "postgresql://okr@db/okr", "postgres://db/okr?sslmode=require",
                       "host=/var/run/postgresql dbname=okr", "dbname=okr", "service=okr", "user=okr host=db",
                       "postgresql://okr@db/okr?password=" };
  for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) expect_store(ok[i], "");
  const char *e093[] = { "", "mysql://okr@db/okr", "sqlite:///checkins.db", "sqlite:checkins.db", "file:checkins.db",
                         "https://example.com/okr", "port=5432 host=db", "data/", "a\\tb.db", "a\\nb.db" };
  for (size_t i = 0; i < sizeof e093 / sizeof *e093; i++) expect_store(e093[i], "E093");
  const char *e094[] = { "postgresql://okr:s3cret@db/okr", "postgres://okr:x@db:5432/okr",
                         "host=db dbname=okr password=s3cret", "postgresql://okr@db/okr?password=s3cret" };
  for (size_t i = 0; i < sizeof e094 / sizeof *e094; i++) expect_store(e094[i], "E094");
}

/* A file's path is relative to the strategy file's folder, not to the
 * current one; a server's name and an absolute path are kept as written. */
Test(store_decl, a_path_is_relative_to_the_strategy_file) {
  struct { const char *file, *store, *want; } c[] = {
    {"t.bsc", "checkins.db", "checkins.db"},
    {"plans/2025/t.bsc", "checkins.db", "plans/2025/checkins.db"},
    {"plans/t.bsc", "../data/c.db", "plans/../data/c.db"},
    {"plans/t.bsc", "/srv/okr/c.db", "/srv/okr/c.db"},
    {"plans/t.bsc", "postgresql://okr@db/okr", "postgresql://okr@db/okr"},
    {"plans/t.bsc", "host=db dbname=okr", "host=db dbname=okr"},
  };
  for (size_t i = 0; i < sizeof c / sizeof *c; i++) {
    Checked *r = with_store(c[i].file, c[i].store);
    char *got = checkin_declared_store(&r->p);
    cr_expect_str_eq(got ? got : "(none)", c[i].want, "%s with store \"%s\"", c[i].file, c[i].store);
    free(got);
    done(r);
  }
  Checked *r = check(STRATEGY);
  cr_expect_null(checkin_declared_store(&r->p), "a strategy without `store` names none");
  done(r);
}
