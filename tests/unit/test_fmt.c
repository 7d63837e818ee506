/*
 * test_fmt.c - the formatter: the canonical layout of each construct,
 * where comments go, and the two invariants (the AST is unchanged,
 * formatting is idempotent) on every example and test file and on
 * generated companies.  Run from tests/unit (as `make unit` does).
 */
#include <criterion/criterion.h>
#include <ftw.h>
#include <stdio.h>
#include <string.h>
#include "fmt.h"

/* fmt_text on a fresh engine: the status, the output in *out and the
 * reason in *why (both to free); *nerrors, when asked, the errors it
 * reported. */
static FmtStatus run_fmt(const char *name, const char *text, char **out, char **why, int *nerrors) {
  DiagEngine de;
  diag_init(&de);
  FmtStatus st = fmt_text(name, text, strlen(text), &de, out, why);
  if (nerrors) *nerrors = de.nerrors;
  diag_free(&de);
  return st;
}

/* fmt_text on a string; fails the test on anything but FMT_OK. */
static char *fmt(const char *text) {
  char *out = NULL, *why = NULL;
  FmtStatus st = run_fmt("t.bsc", text, &out, &why, NULL);
  cr_assert_eq(st, FMT_OK, "status %d (%s) for:\n%s", st, why ? why : "", text);
  free(why);
  return out;
}

static void expect_fmt(const char *in, const char *want) {
  char *out = fmt(in);
  cr_expect_str_eq(out, want, "input:\n%s", in);
  char *again = fmt(out);
  cr_expect_str_eq(again, out, "not idempotent:\n%s", out);
  free(again);
  free(out);
}

/* ---- constructs ----------------------------------------------------------- */

Test(fmt, strategy_block) {
  expect_fmt("strategy \"S\"{horizon 2025-q1..2025-Q4 cadence quarter perspectives{financial 25%,customer 75%}"
             " thresholds{yellow 0.4 green 0.7} limit krs_per_objective 3 limit objectives_per_owner 4}",
             "strategy \"S\" {\n"
             "  horizon 2025-Q1 .. 2025-Q4\n"
             "  cadence quarter\n"
             "  perspectives { financial 25%  customer 75% }\n"
             "  thresholds { green 0.7  yellow 0.4 }\n"
             "  limit objectives_per_owner 4\n"
             "  limit krs_per_objective 3\n"
             "}\n");
  expect_fmt("strategy { perspectives { financial 0.5 customer 0.5 } }\n",
             "strategy {\n  perspectives { financial 0.5  customer 0.5 }\n}\n");
}

Test(fmt, objective_items_in_order) {
  expect_fmt("objective o \"T\" in customer {\n  kr a : count 1 -> 2\n  weight 2\n  aligns p\n  owner \"X\"\n"
             "  compensation\n  committed\n  individual \"Ann\"\n}\n",
             "objective o \"T\" in customer {\n  owner \"X\"\n  individual \"Ann\"\n  aligns p\n  committed\n"
             "  compensation\n  weight 2\n  kr a : count 1 -> 2\n}\n");
  expect_fmt("objective o { level team aspirational }", "objective o {\n  level team\n  aspirational\n}\n");
}

Test(fmt, kr_attributes_in_order) {
  expect_fmt("objective o {\n  kr a \"A\" : percent <= 8% = b owner \"z\" compensation committed decrease weight 2 by 2025-Q2 warn 6% from 9%\n}\n",
             "objective o {\n  kr a \"A\" : percent <= 8% from 9% warn 6% by 2025-Q2 weight 2 decrease committed compensation owner \"z\" = b\n}\n");
  expect_fmt("objective o {\n  kr f : percent 1% -> 2% = x forecast normal( 2% ,0.5%) by 2025\n}\n",
             "objective o {\n  kr f : percent 1% -> 2% by 2025 forecast normal(2%, 0.5%) = x\n}\n");
  expect_fmt("objective o {\n  kr m : milestone(1) by 2025\n  kr n : boolean\n  kr r : rating( 1 .. 5 ) > 4\n  kr c : currency( USD ) 0 -> 1\n}\n",
             "objective o {\n  kr m : milestone by 2025\n  kr n : boolean\n  kr r : rating(1..5) > 4\n  kr c : currency(USD) 0 -> 1\n}\n");
}

Test(fmt, phased_plans_on_one_line) {
  expect_fmt("objective o {\n  kr a : percent 0% -> 100% weight 2 by 2029 plan {\n    2025 : 70%,\n    2027: 90%\n  }\n}\n",
             "objective o {\n  kr a : percent 0% -> 100% by 2029 plan { 2025: 70%, 2027: 90% } weight 2\n}\n");
  expect_fmt("objective o {\n  kr b : milestone(5) plan step{2025-Q2:1,2025-Q3:3}\n  kr c : count 0 -> 1 plan { }\n}\n",
             "objective o {\n  kr b : milestone(5) plan step { 2025-Q2: 1, 2025-Q3: 3 }\n  kr c : count 0 -> 1 plan {}\n}\n");
}

Test(fmt, own_periods) {
  expect_fmt("objective o {\n  kr a : count 0 -> 9 by 2025-Q4 during 2025-Q4\n  starts 2025-Q3\n  weight 2\n}\n",
             "objective o {\n  weight 2\n  starts 2025-Q3\n  kr a : count 0 -> 9 during 2025-Q4 by 2025-Q4\n}\n");
}

Test(fmt, kr_continued_on_the_next_line) {
  /* `by` on the next line belongs to the KR; `weight` at the start of a
   * line belongs to the objective, and moves up. */
  expect_fmt("objective o {\n  kr a : count 1 -> 2\n    by 2025-Q2\n  weight 3\n}\n",
             "objective o {\n  weight 3\n  kr a : count 1 -> 2 by 2025-Q2\n}\n");
}

Test(fmt, numbers_as_written) {
  expect_fmt("objective o {\n  kr a : percent 4.0% -> 2.80%\n  kr b : USD 1_000_000 -> 1e6\n  kr c : days 2weeks -> 3 days\n"
             "  kr d : pp 0 -> 12 pp\n  kr e : count +1 -> -2\n}\n",
             "objective o {\n  kr a : percent 4.0% -> 2.80%\n  kr b : USD 1_000_000 -> 1e6\n  kr c : days 2 weeks -> 3 days\n"
             "  kr d : pp 0 -> 12pp\n  kr e : count 1 -> -2\n}\n");
  expect_fmt("perspective p \"P\" rank 2.50\nunit u = 1_000 count\n", "perspective p \"P\" rank 2.50\n\nunit u = 1_000 count\n");
}

Test(fmt, strings_re_escaped) {
  expect_fmt("objective o \"a\\\"b\\\\c\\td\\u{4e2d}\\u{7}\\u{200b}\\n\" {\n}\n",
             "objective o \"a\\\"b\\\\c\\td中\\u{7}\\u{200B}\\n\" {\n}\n");
}

Test(fmt, formulas) {
  expect_fmt("objective o {\n  kr a : count 1 -> 2 = x+y*2-(z-1)/-(w)\n}\n",
             "objective o {\n  kr a : count 1 -> 2 = x + y * 2 - (z - 1) / -(w)\n}\n");
  expect_fmt("objective o {\n  kr a : count 1 -> 2 = (x+y)*min( a,b ,2 weeks)\n}\n",
             "objective o {\n  kr a : count 1 -> 2 = (x + y) * min(a, b, 2 weeks)\n}\n");
  expect_fmt("objective o {\n  kr a : count 1 -> 2 = ((x))\n}\n", "objective o {\n  kr a : count 1 -> 2 = x\n}\n");
}

Test(fmt, links_initiatives_actuals) {
  expect_fmt("a->b strength 0.5 lag 1q\nlong_name -> c lag 0\n",
             "a         -> b  strength 0.5  lag 1q\nlong_name -> c  lag 0\n");
  expect_fmt("initiative i \"I\" { affects k by -0.5 weeks lag 1q supports a, b cost 1_000 USD owner \"O\" }",
             "initiative i \"I\" {\n  owner \"O\"\n  cost 1_000 USD\n  supports a, b\n  affects k by -0.5 weeks lag 1q\n}\n");
  expect_fmt("actuals 2025-Q1 { a 1, long_name 20 days\n b true }",
             "actuals 2025-Q1 {\n  a         1\n  long_name 20 days\n  b         true\n}\n");
}

Test(fmt, blank_lines_and_groups) {
  expect_fmt("import \"a.bsc\"\n\n\n\nimport \"b.bsc\"\nunit x\nunit y\nobjective o {\n}\nobjective p {\n}\n",
             "import \"a.bsc\"\n\nimport \"b.bsc\"\n\nunit x\nunit y\n\nobjective o {\n}\n\nobjective p {\n}\n");
}

Test(fmt, alignment_counts_display_width) {
  /* 客户 is 2 characters but 4 columns wide */
  expect_fmt("actuals 2025 {\n  客户 1\n  abcde 2\n}\n", "actuals 2025 {\n  客户  1\n  abcde 2\n}\n");
}

/* ---- comments ---------------------------------------------------------------- */

Test(fmt, comment_trailing_stays_on_its_line) {
  expect_fmt("objective o { // head\n  owner \"x\" // owner\n  kr a : count 1 -> 2 // kr\n} // close\n",
             "objective o {  // head\n  owner \"x\"  // owner\n  kr a : count 1 -> 2  // kr\n}  // close\n");
}

Test(fmt, comment_leading_moves_with_its_item) {
  expect_fmt("objective o {\n  // about a\n  kr a : count 1 -> 2\n  // about the owner\n  owner \"x\"\n}\n",
             "objective o {\n  // about the owner\n  owner \"x\"\n  // about a\n  kr a : count 1 -> 2\n}\n");
}

Test(fmt, comment_inside_an_item_goes_before_it) {
  expect_fmt("objective o {\n  kr a /* was b */ : count 1 -> 2\n}\n",
             "objective o {\n  /* was b */\n  kr a : count 1 -> 2\n}\n");
  expect_fmt("objective o {\n  kr a : count 1 -> 2 // first line\n    by 2025-Q2 // second line\n}\n",
             "objective o {\n  // first line\n  kr a : count 1 -> 2 by 2025-Q2  // second line\n}\n");
}

Test(fmt, comment_before_closing_brace_and_at_end) {
  expect_fmt("objective o {\n  owner \"x\"\n\n  // last\n}\n\n// end of file\n",
             "objective o {\n  owner \"x\"\n\n  // last\n}\n\n// end of file\n");
  expect_fmt("// only a comment", "// only a comment\n");
  expect_fmt("", "");
}

Test(fmt, comment_blank_lines_kept_at_most_one) {
  expect_fmt("// header\n\n\n\n// section\nobjective o {\n}\n",
             "// header\n\n// section\nobjective o {\n}\n");
  expect_fmt("objective o {\n}\n// about p\nobjective p {\n}\n",
             "objective o {\n}\n\n// about p\nobjective p {\n}\n");
}

Test(fmt, comments_consecutive_trailing_aligned) {
  expect_fmt("a -> b // one\nlonger -> c // two\n",
             "a      -> b  // one\nlonger -> c  // two\n");
}

Test(fmt, crlf_and_bom) {
  expect_fmt("\xEF\xBB\xBFobjective o {\r\n  owner \"x\"  // c  \r\n}\r\n", "objective o {\n  owner \"x\"  // c\n}\n");
}

/* ---- refusals ------------------------------------------------------------- */

Test(fmt, syntax_errors_are_refused) {
  const char *bad[] = { "objective {", "objective o {\n  kr a : count 1 ->\n}\n", "strategy { horizon 2025-Q5 .. 2025-Q4 }",
                        "objective o \"\xff\" {}", "a -> b lag 2\n" };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    char *out = (char *)1, *why = NULL;
    int nerrors = 0;
    FmtStatus st = run_fmt("t.bsc", bad[i], &out, &why, &nerrors);
    cr_expect_eq(st, FMT_SYNTAX, "input: %s", bad[i]);
    cr_expect_null(out);
    cr_expect_gt(nerrors, 0);
    free(why);
  }
}

/* ---- invariants on files ------------------------------------------------------ */

/* Parses a copy of len bytes of text as file `name` of a new program (the
 * caller frees p, then de); *file is its file index. */
static AstFile *parse_text(DiagEngine *de, Program *p, const char *name, const char *text, size_t len, int *file) {
  diag_init(de);
  program_init(p, de);
  char *copy = malloc(len + 1);
  memcpy(copy, text, len);
  copy[len] = 0;
  *file = diag_add_source(de, name, copy, len, false);
  return parse_source(p, *file);
}

static char *dump_text(const char *text, size_t len, bool *errors, char **comments) {
  DiagEngine de;
  Program p;
  int file;
  AstFile *f = parse_text(&de, &p, "x.bsc", text, len, &file);
  Buf b; buf_init(&b);
  ast_dump(&b, f);
  *errors = de.nerrors > 0;
  if (comments) {
    Buf c; buf_init(&c);
    buf_printf(&c, "%d", f->ncomments);
    *comments = buf_steal(&c);
  }
  char *r = b.data ? buf_steal(&b) : strdup("");
  program_free(&p);
  diag_free(&de);
  return r;
}

static int nfiles_checked;

/* fmt_source (not fmt_text, which checks itself) on the text: the output
 * parses cleanly to the same AST, keeps the number of comments (or joins
 * none away), and is a fixed point. */
static void check_invariants(const char *name, const char *text, size_t len) {
  DiagEngine de;
  Program p;
  int file;
  AstFile *f = parse_text(&de, &p, name, text, len, &file);
  p.files = &f;
  p.nfiles = 1;
  if (de.nerrors) { program_free(&p); diag_free(&de); return; }   /* files with syntax errors are refused */
  char *out = fmt_source(&p, file);
  p.files = NULL;
  program_free(&p);
  diag_free(&de);
  cr_assert_not_null(out);
  bool e1, e2;
  char *c1, *c2;
  char *d1 = dump_text(text, len, &e1, &c1);
  char *d2 = dump_text(out, strlen(out), &e2, &c2);
  cr_expect(!e2, "%s: the formatted text has errors:\n%s", name, out);
  cr_expect_str_eq(d2, d1, "%s: the AST changed", name);
  cr_expect_str_eq(c2, c1, "%s: the number of comments changed", name);
  char *again = NULL, *why = NULL;
  FmtStatus st = run_fmt(name, out, &again, &why, NULL);
  cr_expect_eq(st, FMT_OK, "%s: %s", name, why ? why : "");
  free(why);
  if (again) cr_expect_str_eq(again, out, "%s: not idempotent", name);
  free(again);
  free(d1); free(d2); free(c1); free(c2);
  free(out);
  nfiles_checked++;
}

static int visit(const char *path, const struct stat *sb, int type, struct FTW *ftw) {
  size_t n = strlen(path);
  if (type != FTW_F || n < 4 || strcmp(path + n - 4, ".bsc")) return 0;
  size_t len;
  char *text = read_file(path, &len);
  if (!text) return 0;
  check_invariants(path, text, len);
  free(text);
  return 0;
}

Test(fmt_invariants, every_example_and_test_file) {
  nfiles_checked = 0;
  nftw("../../examples", visit, 16, FTW_PHYS);
  cr_expect_gt(nfiles_checked, 5, "examples not found (run from tests/unit)");
  nftw("../../tests", visit, 16, FTW_PHYS);
  nftw("../../stdlib", visit, 16, FTW_PHYS);
}

Test(fmt_invariants, generated_companies) {
  for (int size = 1; size <= 300; size *= 7) {
    char cmd[128];
    snprintf(cmd, sizeof cmd, "sh ../../bench/gen_company.sh %d", size);
    FILE *f = popen(cmd, "r");
    cr_assert_not_null(f);
    Buf b; buf_init(&b);
    char chunk[4096];
    size_t k;
    while ((k = fread(chunk, 1, sizeof chunk, f)) > 0) buf_putn(&b, chunk, k);
    pclose(f);
    cr_assert_gt(b.len, 0);
    check_invariants("generated.bsc", b.data, b.len);
    buf_free(&b);
  }
}
