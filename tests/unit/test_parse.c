/*
 * test_parse.c - the lexer and the parser: what a text parses to (as an
 * ast_dump), and which diagnostics bad text gives.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include "program.h"

typedef struct Parsed {
  DiagEngine de;
  Program p;
  char *dump;
} Parsed;

/* Parses text as a file of its own (no prelude) and dumps it. */
static Parsed *parse(const char *text) {
  Parsed *r = calloc(1, sizeof *r);
  diag_init(&r->de);
  r->de.max_errors = 0;
  program_init(&r->p, &r->de);
  LoadOptions lo = { .no_prelude = true };
  cr_assert(load_program(&r->p, "t.bsc", text, strlen(text), &lo));
  Buf b; buf_init(&b);
  for (int i = 0; i < r->p.nfiles; i++) ast_dump(&b, r->p.files[i]);
  r->dump = b.data ? buf_steal(&b) : strdup("");
  return r;
}

static void done(Parsed *r) {
  free(r->dump);
  program_free(&r->p);
  diag_free(&r->de);
  free(r);
}

/* The codes of all diagnostics, space separated, e.g. "E001 E002". */
static char *codes(Parsed *r) {
  Buf b; buf_init(&b);
  diag_sort(&r->de);
  for (int i = 0; i < r->de.ndiags; i++)
    buf_printf(&b, "%s%s", i ? " " : "", diag_code_str(r->de.diags[i].code));
  return b.data ? buf_steal(&b) : strdup("");
}

static void expect(const char *text, const char *dump, const char *diags) {
  Parsed *r = parse(text);
  char *c = codes(r);
  cr_expect_str_eq(r->dump, dump, "text:\n%s\ngot:\n%s", text, r->dump);
  cr_expect_str_eq(c, diags, "text:\n%s\ngot: %s", text, c);
  free(c);
  done(r);
}

Test(lexer, numbers_with_units) {
  expect("objective o \"T\" in customer {\n"
         "  kr a : percent 4.0% -> 2.8%\n"
         "  kr b : pp 0 -> 12pp\n"
         "  kr c : days 2 weeks -> 1_000\n"
         "  kr d : USD 1e6 -> 2.5e6 USD\n"
         "}\n",
         "(objective o (title \"T\") (in customer)\n"
         "  (kr a (unit percent) (spec -> 4[%] 2.7999999999999998[%]))\n"
         "  (kr b (unit pp) (spec -> 0 12[pp]))\n"
         "  (kr c (unit days) (spec -> 2[weeks] 1000))\n"
         "  (kr d (unit USD) (spec -> 1000000 2500000[USD]))\n"
         ")\n", "");
}

/* Plain decimals skip strtod when the conversion is exact (lexer.l
 * decimal_exact): on both sides of that rule's limits (2^53, 18 digits, 22
 * decimals) every value must be the double strtod gives. */
Test(lexer, decimals_as_strtod_gives_them) {
  static const char *nums[] = {
    "0.1", "0.3", "2.675", "72", "00012.50", "1_000.25", "9007199254740992", "9007199254740993",
    "123456789012345678", "1234567890123456789", "0.0000000000000000000001",
    "0.00000000000000000000001", "1.0000000000000000000001", "3.14159265358979323846",
  };
  Buf b; buf_init(&b);
  buf_puts(&b, "objective o \"T\" in customer {\n");
  int n = (int)(sizeof nums / sizeof *nums);
  for (int i = 0; i < n; i++) buf_printf(&b, "  kr k%d : count %s -> 1e30\n", i, nums[i]);
  buf_puts(&b, "}\n");
  Parsed *r = parse(b.data);
  AstFile *f = r->p.files[r->p.nfiles - 1];
  cr_assert(f->ndecls == 1 && f->decls[0]->kind == ND_OBJECTIVE);
  Objective *o = (Objective *)f->decls[0];
  cr_assert_eq(o->nkrs, n);
  for (int i = 0; i < n; i++) {
    KR *k = o->krs[i];
    char digits[64]; int nd = 0;
    for (const char *c = nums[i]; *c; c++) if (*c != '_') digits[nd++] = *c;
    digits[nd] = 0;
    cr_assert(k->baseline && k->baseline->kind == EX_NUM, "%s", nums[i]);
    cr_expect(k->baseline->num == strtod(digits, NULL), "%s: %.17g, strtod %.17g", nums[i],
              k->baseline->num, strtod(digits, NULL));
  }
  buf_free(&b);
  done(r);
}

Test(lexer, periods_and_lags) {
  expect("strategy { horizon 2025-Q1 .. 2026-Q4 }\n"
         "a -> b lag 1q\nb -> c lag 3m\nc -> d lag 1y\nd -> e lag 0\n"
         "actuals 2025-03 { x 1 }\nactuals 2025-H2 { x 2 }\nactuals 2025 { x 3 }\n",
         "(strategy (from 2025-Q1) (to 2026-Q4))\n"
         "(link a b (lag 1q))\n(link b c (lag 3m))\n(link c d (lag 1y))\n(link d e (lag 0))\n"
         "(actuals 2025-03 (x 1))\n(actuals 2025-H2 (x 2))\n(actuals 2025 (x 3))\n", "");
}

Test(lexer, bad_periods) {
  expect("strategy { horizon 2025-Q5 .. 2025-13 }\n", "(strategy)\n", "E043 E043");
  expect("a -> b lag 2\n", "(link a b (lag 0))\n", "E061");
}

Test(lexer, utf8_identifiers_and_titles) {
  expect("objective 客户满意度 \"客戶凈推薦值 NPS\" in customer {\n  kr 推荐值 : score 62 -> 75\n}\n",
         "(objective 客户满意度 (title \"客戶凈推薦值 NPS\") (in customer)\n"
         "  (kr 推荐值 (unit score) (spec -> 62 75))\n)\n", "");
}

Test(lexer, fullwidth_punctuation_is_one_error) {
  /* The full-width colon is reported and then read as `:`. */
  expect("objective o \"T\" in customer {\n  kr a ： count 1 -> 2\n}\n",
         "(objective o (title \"T\") (in customer)\n  (kr a (unit count) (spec -> 1 2))\n)\n",
         "E002");
}

Test(lexer, invalid_utf8) {
  Parsed *r = parse("objective o \"\xff\" in customer {\n}\n\xc3\x28\n");
  char *c = codes(r);
  cr_expect_str_eq(c, "E002 E002 E001");
  free(c);
  done(r);
}

Test(lexer, strings_and_escapes) {
  expect("objective o \"a\\\"b\\\\c\\u{4E2D}\" in customer {\n}\n",
         "(objective o (title \"a\\\"b\\\\c中\") (in customer)\n)\n", "");
  expect("objective o \"bad \\q\" in customer {\n}\n",
         "(objective o (title \"bad \") (in customer)\n)\n", "E002");
  expect("objective o \"open\n", "", "E002 E001");
}

Test(lexer, comments_are_kept) {
  Parsed *r = parse("// head\nunit count /* block\n spanning */ unit score\n");
  cr_expect_str_eq(r->dump, "(unit count)\n(unit score)\n");
  AstFile *f = r->p.files[0];
  cr_assert_eq(f->ncomments, 2);
  cr_expect_eq(f->comments[0].span.off, 0);
  cr_expect_eq(f->comments[0].block, false);
  cr_expect_eq(f->comments[1].block, true);
  done(r);
  expect("unit count /* never closed\n", "(unit count)\n", "E002");
}

Test(lexer, bom_is_ignored) {
  expect("\xEF\xBB\xBFunit count\n", "(unit count)\n", "");
}

Test(lexer, unit_word_needs_same_line) {
  /* `66` then a new line: `complaints` starts the next check-in. */
  expect("actuals 2025-Q1 {\n  nps 66\n  complaints 3.6%\n  cycle 20 days\n}\n",
         "(actuals 2025-Q1 (nps 66) (complaints 3.6000000000000001[%]) (cycle 20[days]))\n", "");
  /* Weights without %: names after numbers are entries, not units. */
  expect("strategy { perspectives { financial 0.25 customer 0.75 } }\n",
         "(strategy (perspectives (financial 0.25) (customer 0.75)))\n", "");
}

Test(parser, objective_items_vs_kr_attributes) {
  /* On the KR's line `committed` is the KR's; on a line of its own, the
   * objective's. */
  expect("objective o \"T\" in customer {\n"
         "  kr a : count 1 -> 2 committed weight 2\n"
         "  committed\n"
         "  weight 3\n"
         "}\n",
         "(objective o (title \"T\") (in customer) (committed) (weight 3)\n"
         "  (kr a (unit count) (spec -> 1 2) (weight 2) (committed))\n)\n", "");
}

Test(parser, kr_specs_and_attributes) {
  expect("objective o \"T\" in customer {\n"
         "  kr a \"A\" : rating(1..5) >= 4.5 from 4.1 by 2025-Q2 increase owner \"x\"\n"
         "  kr b : hours <= 24\n"
         "  kr c : milestone by 2025-Q3\n"
         "  kr d : milestone(5)\n"
         "  kr e : percent 10% -> 15% = profit / revenue * 100%\n"
         "  kr f : currency(CNY) > 5 compensation aspirational decrease\n"
         "  kpi g : percent >= 95% warn 97%\n"
         "}\n",
         "(objective o (title \"T\") (in customer)\n"
         "  (kr a (title \"A\") (unit rating(1..5)) (spec >= 4.5) (from 4.0999999999999996) (by 2025-Q2) (increase) (owner \"x\"))\n"
         "  (kr b (unit hours) (spec <= 24))\n"
         "  (kr c (unit milestone(1)) (by 2025-Q3))\n"
         "  (kr d (unit milestone(5)))\n"
         "  (kr e (unit percent) (spec -> 10[%] 15[%]) (formula (* (/ profit revenue) 100[%])))\n"
         "  (kr f (unit currency(CNY)) (spec > 5) (aspirational) (decrease) (compensation))\n"
         "  (kpi g (unit percent) (spec >= 95[%]) (warn 97[%]))\n"
         ")\n", "");
}

Test(parser, phased_plans) {
  expect("objective o \"T\" in learning {\n"
         "  kr a : percent 0% -> 100% by 2029 plan { 2025: 70%, 2027: 90% }\n"
         "  kr b : milestone(5) plan step {\n    2025-Q2: 1\n    2025-Q3: 3\n  } weight 2\n"
         "  kr c : count 0 -> 9 plan {}\n"
         "}\n",
         "(objective o (title \"T\") (in learning)\n"
         "  (kr a (unit percent) (spec -> 0[%] 100[%]) (by 2029) (plan (2025 70[%]) (2027 90[%])))\n"
         "  (kr b (unit milestone(5)) (plan step (2025-Q2 1) (2025-Q3 3)) (weight 2))\n"
         "  (kr c (unit count) (spec -> 0 9) (plan))\n"
         ")\n", "");
  /* a second plan is E013; an unknown mode is E001 and the plan is kept */
  expect("objective o {\n  kr a : count 0 -> 9 plan { 2025: 1 } plan { 2025: 2 }\n"
         "  kr b : count 0 -> 9 plan stepwise { 2025: 1 }\n}\n",
         "(objective o\n  (kr a (unit count) (spec -> 0 9) (plan (2025 1)))\n"
         "  (kr b (unit count) (spec -> 0 9) (plan (2025 1)))\n)\n", "E013 E001");
}

Test(parser, own_periods) {
  /* `starts` at the start of a line is the objective's; on a KR's line, the KR's */
  expect("objective o {\n  starts 2025-Q3\n  kr a : count 0 -> 9 during 2025-Q4\n  kr b : count 0 -> 9 starts 2025-Q4\n  during 2026\n}\n",
         "(objective o (starts 2025-Q3)\n  (kr a (unit count) (spec -> 0 9) (during 2025-Q4))\n"
         "  (kr b (unit count) (spec -> 0 9) (starts 2025-Q4))\n)\n", "E013");
}

Test(parser, every_and_carry) {
  /* the word after `every FREQ` is its rule only on the same line: on the
   * next line `a` starts a link (sum stays a usable name) */
  expect("kpi k : count >= 1 every quarter\na -> sum\n",
         "(kpi k (unit count) (spec >= 1) (every quarter))\n(link a sum)\n", "");
  expect("objective o {\n  kr a : count 0 -> 9 every month sum carry 0\n  kr b : percent 1% -> 2% every year carry 2q\n}\n",
         "(objective o\n  (kr a (unit count) (spec -> 0 9) (every month sum) (carry 0))\n"
         "  (kr b (unit percent) (spec -> 1[%] 2[%]) (every year) (carry 2quarter))\n)\n", "");
  expect("objective o {\n  kr a : count 0 -> 9 every fortnight\n  kr b : count 0 -> 9 every month total\n}\n",
         "(objective o\n  (kr a (unit count) (spec -> 0 9))\n  (kr b (unit count) (spec -> 0 9) (every month))\n)\n",
         "E100 E100");
}

Test(parser, expressions_precedence) {
  expect("objective o \"T\" in customer {\n  kr e : count = a + b * c - -d / max(x, 2, y)\n}\n",
         "(objective o (title \"T\") (in customer)\n"
         "  (kr e (unit count) (formula (- (+ a (* b c)) (/ (neg d) (call max x 2 y)))))\n)\n", "");
}

Test(parser, duplicate_attributes) {
  expect("objective o \"T\" in customer {\n  owner \"a\"\n  owner \"b\"\n  kr a : count 1 -> 2 by 2025-Q1 by 2025-Q2\n}\n",
         "(objective o (title \"T\") (in customer) (owner \"a\")\n"
         "  (kr a (unit count) (spec -> 1 2) (by 2025-Q1))\n)\n", "E013 E013");
}

Test(parser, initiatives_and_links) {
  expect("initiative fb \"Feedback\" {\n  owner \"R&D\"\n  cost 1_200_000 CNY\n  supports a, b\n"
         "  affects cycle by -0.5 weeks lag 1q\n  affects nps by 5% relative\n}\n"
         "a -> b strength 0.5 lag 1q\n",
         "(initiative fb (title \"Feedback\") (owner \"R&D\") (cost 1200000[CNY]) (supports a) (supports b)\n"
         "  (affects cycle (neg 0.5[weeks]) (lag 1q))\n"
         "  (affects nps 5[%] relative))\n"
         "(link a b (strength 0.5) (lag 1q))\n", "");
}

Test(parser, recovery_reports_every_error) {
  /* Three independent mistakes, three errors; the good objective after
   * them is still parsed. */
  Parsed *r = parse("objective a \"A\" in customer {\n  owenr \"x\"\n  kr k : count 1 -> \n}\n"
                    "objective b \"B\" in customer {\n  kr k2 : count 1 -> 2 ; \n}\n"
                    "objective c \"C\" in process {\n  kr k3 : count 1 -> 2\n}\n");
  char *c = codes(r);
  cr_expect_str_eq(c, "E001 E001 E002");
  cr_expect(strstr(r->dump, "(objective c (title \"C\") (in process)\n  (kr k3") != NULL, "%s", r->dump);
  free(c);
  done(r);
}

Test(parser, misspelt_keyword_gets_help) {
  Parsed *r = parse("objective a \"A\" in customer {\n  owenr \"x\"\n}\n");
  cr_assert_eq(r->de.ndiags, 1);
  cr_expect_str_eq(r->de.diags[0].help, "did you mean `owner`?");
  done(r);
}

Test(parser, kr_outside_objective) {
  expect("kr a : count 1 -> 2\n", "", "E001");
}

Test(parser, limits_and_thresholds) {
  expect("strategy \"S\" {\n  thresholds { green 0.8 yellow 0.5 }\n  limit krs_per_objective 7\n  limit bogus 1\n}\n",
         "(strategy (title \"S\") (green 0.80000000000000004) (yellow 0.5) (krs_per_objective 7))\n", "E001");
}

Test(limits, deep_parentheses) {
  char *t = malloc(30000);
  strcpy(t, "objective o \"T\" in customer {\n kr e : count = ");
  for (int i = 0; i < 10000; i++) strcat(t + strlen(t) - 1, "(");
  strcat(t, "1\n}\n");
  Parsed *r = parse(t);
  char *c = codes(r);
  cr_expect(!strncmp(c, "E003", 4), "%s", c);
  free(c);
  done(r);
  free(t);
}

Test(limits, tall_expression) {
  size_t n = 200000;
  char *t = malloc(n * 2 + 100);
  strcpy(t, "objective o \"T\" in customer {\n kr e : count = 1");
  char *p = t + strlen(t);
  for (size_t i = 0; i < n / 2; i++) { *p++ = '+'; *p++ = '1'; }
  strcpy(p, "\n}\n");
  Parsed *r = parse(t);
  char *c = codes(r);
  cr_expect_str_eq(c, "E003");
  free(c);
  done(r);
  free(t);
}

Test(limits, binary_garbage_terminates) {
  char *t = malloc(65536);
  unsigned x = 12345;
  for (int i = 0; i < 65535; i++) { x = x * 1103515245u + 12345u; t[i] = (char)(x >> 16); }
  t[65535] = 0;
  Parsed *r = parse(t);
  cr_expect(r->de.nerrors > 0);
  done(r);
  free(t);
}

Test(limits, empty_file) {
  expect("", "", "");
}

Test(lexer, unicode_arrows) {
  expect("a → b strength 0.5\nobjective o \"T\" in customer {\n  kr x : count ≥ 3\n  kr y : count ≤ 4\n}\n",
         "(link a b (strength 0.5))\n(objective o (title \"T\") (in customer)\n"
         "  (kr x (unit count) (spec >= 3))\n  (kr y (unit count) (spec <= 4))\n)\n", "");
}

Test(lexer, invalid_utf8_in_comments) {
  expect("// bad \xff here\nunit count /* and \xc3 */\n", "(unit count)\n", "E002 E002");
}

Test(parser, aligns_to_several_parents) {
  expect("objective a \"A\" { team \"T\"  aligns grow contributes 2, reliable supports, x }",
         "(objective a (title \"A\") (level team) (group \"T\") (aligns grow contributes 2) (aligns reliable supports) (aligns x)\n)\n", "");
  expect("theme t \"T\" { owner \"O\"  a 2, b\n c }",
         "(theme t (title \"T\") (owner \"O\") (a 2) (b) (c))\n", "");
}
