/* Unit tests for compiler/diag.c: sources, line/column, -W handling and
 * the text, JSON and SARIF renderings. */
#include <criterion/criterion.h>

#include "diag.h"
#include "version.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int add(DiagEngine *de, const char *path, const char *text) {
  size_t n = strlen(text);
  char *t = malloc(n + 1);
  memcpy(t, text, n + 1);
  return diag_add_source(de, path, t, n, false);
}

/* A fresh engine holding one source; returns the source's file index. */
static int engine_with(DiagEngine *de, const char *path, const char *text) {
  diag_init(de);
  return add(de, path, text);
}

/* Byte `off` of file f must be at line:col (both 1-based). */
static void expect_linecol(DiagEngine *de, int f, uint32_t off, int line, int col) {
  int l, c;
  diag_linecol(de, f, off, &l, &c);
  cr_assert(l == line && c == col, "byte %u of file %d: got %d:%d, want %d:%d", off, f, l, c, line, col);
}

/* Byte offset of the first occurrence of needle in file f. */
static uint32_t at(DiagEngine *de, int f, const char *needle) {
  const char *p = strstr(diag_source(de, f)->text, needle);
  cr_assert_not_null(p, "`%s` not in the source", needle);
  return (uint32_t)(p - diag_source(de, f)->text);
}

static Span span_of(DiagEngine *de, int f, const char *needle) {
  uint32_t o = at(de, f, needle);
  return (Span){f, o, o + (uint32_t)strlen(needle)};
}

static char *render(DiagEngine *de, DiagFormat fmt, bool color) {
  char *s = NULL;
  size_t n = 0;
  FILE *f = open_memstream(&s, &n);
  diag_render(de, f, fmt, color);
  fclose(f);
  return s;
}

/* The engine's plain-text rendering must be exactly `want`; the engine is
 * freed, as every text test ends with its rendering. */
static void expect_text(DiagEngine *de, const char *want) {
  char *out = render(de, FMT_TEXT, false);
  cr_assert_str_eq(out, want);
  free(out);
  diag_free(de);
}

static const Span NOWHERE = {-1, 0, 0};

/* ---- sources and line/column ------------------------------------------ */
Test(diag_lines, lf_crlf_and_no_final_newline) {
  DiagEngine de;
  int f = engine_with(&de, "a.bsc", "ab\r\ncd\r\nef");
  const Source *s = diag_source(&de, f);
  cr_assert_eq(s->nlines, 3);
  cr_assert_eq(s->lines[1], 4);
  cr_assert_eq(s->lines[2], 8);
  expect_linecol(&de, f, 0, 1, 1);
  expect_linecol(&de, f, 2, 1, 3);            /* the \r */
  expect_linecol(&de, f, 4, 2, 1);            /* c */
  expect_linecol(&de, f, 5, 2, 2);
  expect_linecol(&de, f, 9, 3, 2);            /* f, last line has no newline */
  expect_linecol(&de, f, 10, 3, 3);           /* end of file */

  int g = add(&de, "b.bsc", "x\ny\n");
  cr_assert_eq(diag_source(&de, g)->nlines, 2);
  expect_linecol(&de, g, 4, 2, 2);            /* EOF after the final newline */

  int e = add(&de, "empty.bsc", "");
  cr_assert_eq(diag_source(&de, e)->nlines, 1);
  expect_linecol(&de, e, 0, 1, 1);

  expect_linecol(&de, -1, 0, 0, 0);           /* no file */
  cr_assert_null(diag_source(&de, 7));
  diag_free(&de);
}

Test(diag_lines, cjk_columns_are_code_points) {
  DiagEngine de;
  int f = engine_with(&de, "c.bsc", "// 战略\nobjective 客户满意 \"x\" in customer {\n");
  expect_linecol(&de, f, at(&de, f, "客户满意"), 2, 11);
  expect_linecol(&de, f, at(&de, f, " \"x\""), 2, 15);
  diag_free(&de);
}

Test(diag_lines, many_lines_binary_search) {
  DiagEngine de;
  diag_init(&de);
  Buf b;
  buf_init(&b);
  for (int i = 0; i < 5000; i++) buf_printf(&b, "line %d\n", i + 1);
  size_t n = b.len;
  int f = diag_add_source(&de, "big.bsc", buf_steal(&b), n, false);
  for (int i = 0; i < 5000; i += 123) {
    char needle[32];
    snprintf(needle, sizeof needle, "line %d\n", i + 1);
    expect_linecol(&de, f, at(&de, f, needle) + 5, i + 1, 6);
  }
  diag_free(&de);
}

/* ---- text rendering ------------------------------------------------------ */
Test(diag_text, full_example) {
  DiagEngine de;
  diag_init(&de);
  Buf b;
  buf_init(&b);
  for (int i = 1; i <= 12; i++) {
    if (i == 5) buf_puts(&b, "  kr nps_score : score 62 -> 75\n");
    else if (i == 12) buf_puts(&b, "  kr x : percent = nps_scor / 2\n");
    else buf_puts(&b, "\n");
  }
  size_t n = b.len;
  int f = diag_add_source(&de, "strategy.bsc", buf_steal(&b), n, false);
  Diag *d = diag_report(&de, E010, span_of(&de, f, "nps_scor "), "undefined name `%s`", "nps_scor");
  d->span.end--;   /* just the name */
  diag_label(d, "not defined");
  diag_note(d, span_of(&de, f, "nps_score"), "`nps_score` is defined here");
  diag_note(d, NOWHERE, "a note with no location");
  diag_help(d, "did you mean `%s`?", "nps_score");
  cr_assert_eq(de.nerrors, 1);
  cr_assert_eq(de.nwarnings, 0);
  expect_text(&de,
    "strategy.bsc:12:20: error[E010]: undefined name `nps_scor`\n"
    "   |\n"
    "12 |   kr x : percent = nps_scor / 2\n"
    "   |                    ^^^^^^^^ not defined\n"
    "   |\n"
    "strategy.bsc:5:6: note: `nps_score` is defined here\n"
    "   |\n"
    " 5 |   kr nps_score : score 62 -> 75\n"
    "   |      ^^^^^^^^^\n"
    "   = note: a note with no location\n"
    "   = help: did you mean `nps_score`?\n"
    "\n");
}

Test(diag_text, cjk_carets_two_columns_each) {
  DiagEngine de;
  int f = engine_with(&de, "c.bsc", "objective 客户满意 \"x\" in customer {\n}\n");
  Diag *d = diag_report(&de, E011, span_of(&de, f, "客户满意"), "`%s` is defined twice", "客户满意");
  diag_label(d, "second definition");
  expect_text(&de,
    "c.bsc:1:11: error[E011]: `客户满意` is defined twice\n"
    "  |\n"
    "1 | objective 客户满意 \"x\" in customer {\n"
    "  |           ^^^^^^^^ second definition\n"
    "\n");
}

Test(diag_text, cjk_before_span) {
  DiagEngine de;
  int f = engine_with(&de, "c.bsc", "kr 满意度 : scroe 1 -> 2\n");
  diag_report(&de, E020, span_of(&de, f, "scroe"), "unknown unit `scroe`");
  expect_text(&de,
    "c.bsc:1:10: error[E020]: unknown unit `scroe`\n"
    "  |\n"
    "1 | kr 满意度 : scroe 1 -> 2\n"
    "  |             ^^^^^\n"
    "\n");
}

Test(diag_text, zero_width_span_at_eof) {
  DiagEngine de;
  int f = engine_with(&de, "e.bsc", "objective x \"X\" in customer {\n  kr a : count 1 -> 2\n");
  uint32_t end = (uint32_t)diag_source(&de, f)->len;
  Diag *d = diag_report(&de, E001, (Span){f, end, end}, "unexpected end of file");
  diag_label(d, "expected `}`");
  expect_text(&de,
    "e.bsc:2:22: error[E001]: unexpected end of file\n"
    "  |\n"
    "2 |   kr a : count 1 -> 2\n"
    "  |                      ^ expected `}`\n"
    "\n");
}

Test(diag_text, tabs_expand_to_four) {
  DiagEngine de;
  int f = engine_with(&de, "t.bsc", "\tkr\tx : count 1 -> 1\n");
  diag_report(&de, E040, span_of(&de, f, "1 -> 1"), "target equals baseline");
  expect_text(&de,
    "t.bsc:1:15: error[E040]: target equals baseline\n"
    "  |\n"
    "1 |     kr  x : count 1 -> 1\n"
    "  |                   ^^^^^^\n"
    "\n");
}

Test(diag_text, multiline_span_and_crlf) {
  DiagEngine de;
  int f = engine_with(&de, "m.bsc", "objective a \"A\" {\r\n  kr x : count 1 -> 2\r\n}\r\n");
  uint32_t o = at(&de, f, "{");
  uint32_t e = at(&de, f, "}") + 1;
  diag_report(&de, E080, (Span){f, o, e}, "objective has no perspective");
  expect_text(&de,
    "m.bsc:1:17: error[E080]: objective has no perspective\n"
    "  |\n"
    "1 | objective a \"A\" {\n"
    "  |                 ^\n"
    "\n");
}

Test(diag_text, invalid_bytes_and_controls_become_fffd) {
  DiagEngine de;
  int f = engine_with(&de, "u.bsc", "kr \xFF\x1B[31m = 1\n");
  Diag *d = diag_report(&de, E002, (Span){f, 3, 4}, "invalid UTF-8 at byte %d: \xFF", 3);
  diag_label(d, "bad \x1B byte");
  char *out = render(&de, FMT_TEXT, false);
  cr_assert_eq(utf8_invalid_at(out, strlen(out)), -1, "output is not valid UTF-8");
  cr_assert_null(strchr(out, '\x1B'));
  cr_assert_str_eq(out,
    "u.bsc:1:4: error[E002]: invalid UTF-8 at byte 3: \xEF\xBF\xBD\n"
    "  |\n"
    "1 | kr \xEF\xBF\xBD\xEF\xBF\xBD[31m = 1\n"
    "  |    ^ bad \xEF\xBF\xBD byte\n"
    "\n");
  free(out);
  diag_free(&de);
}

Test(diag_text, no_location_and_gutter_width) {
  DiagEngine de;
  diag_init(&de);
  Buf b;
  buf_init(&b);
  for (int i = 1; i < 100; i++) buf_puts(&b, "\n");
  buf_puts(&b, "objective q \"Q\" in customer {}\n");
  size_t n = b.len;
  int f = diag_add_source(&de, "g.bsc", buf_steal(&b), n, false);
  Diag *d = diag_report(&de, E004, NOWHERE, "cannot read `%s`", "missing.bsc");
  diag_help(d, "check the path");
  diag_report(&de, W002, span_of(&de, f, "q"), "perspective `process` has no objectives");
  expect_text(&de,
    "bscc: error[E004]: cannot read `missing.bsc`\n"
    " = help: check the path\n"
    "\n"
    "g.bsc:100:11: warning[W002]: perspective `process` has no objectives\n"
    "    |\n"
    "100 | objective q \"Q\" in customer {}\n"
    "    |           ^\n"
    "\n");
}

Test(diag_text, empty_source_line_has_no_trailing_space) {
  DiagEngine de;
  int f = engine_with(&de, "z.bsc", "a\n\nb\n");
  diag_report(&de, E001, (Span){f, 2, 2}, "blank");
  expect_text(&de,
    "z.bsc:2:1: error[E001]: blank\n"
    "  |\n"
    "2 |\n"
    "  | ^\n"
    "\n");
}

Test(diag_text, colour_only_when_asked) {
  DiagEngine de;
  int f = engine_with(&de, "k.bsc", "nps -> iterate\n");
  Diag *d = diag_report(&de, W001, span_of(&de, f, "nps -> iterate"), "link runs backwards");
  diag_help(d, "swap the ends");
  diag_report(&de, E010, span_of(&de, f, "iterate"), "undefined name `iterate`");
  char *plain = render(&de, FMT_TEXT, false);
  cr_assert_null(strchr(plain, '\033'));
  char *col = render(&de, FMT_TEXT, true);
  cr_assert_not_null(strstr(col, "\033[1;33mwarning[W001]\033[0m"));
  cr_assert_not_null(strstr(col, "\033[1;31merror[E010]\033[0m"));
  cr_assert_not_null(strstr(col, "\033[1;33m^^^^^^^^^^^^^^"));
  cr_assert_not_null(strstr(col, "\033[1;34m1 |\033[0m"));
  cr_assert_not_null(strstr(col, "\033[1;36mhelp\033[0m"));
  cr_assert_not_null(strstr(col, "\033[1mlink runs backwards\033[0m"));
  free(plain);
  free(col);
  diag_free(&de);
}

/* ---- -W handling and limits ------------------------------------------------- */
Test(diag_flags, allow_deny_werror) {
  DiagEngine de;
  int f = engine_with(&de, "w.bsc", "abc\n");
  Span sp = {f, 0, 1};

  de.allow[W001] = 1;
  Diag *d = diag_report(&de, W001, sp, "dropped");
  cr_assert_not_null(d);
  diag_label(d, "ignored");            /* harmless on a dropped diagnostic */
  diag_note(d, sp, "ignored");
  diag_help(d, "ignored");
  cr_assert_eq(de.ndiags, 0);
  cr_assert_eq(de.nwarnings, 0);

  /* errors cannot be allowed */
  de.allow[E010] = 1;
  diag_report(&de, E010, sp, "kept");
  cr_assert_eq(de.ndiags, 1);
  cr_assert_eq(de.nerrors, 1);

  diag_report(&de, W002, sp, "plain warning");
  cr_assert_eq(de.diags[1].sev, SEV_WARNING);
  cr_assert_eq(de.nwarnings, 1);

  de.deny[W003] = 1;
  diag_report(&de, W003, sp, "denied");
  cr_assert_eq(de.diags[2].sev, SEV_ERROR);
  cr_assert_eq(de.nerrors, 2);

  de.werror = true;
  diag_report(&de, W004, sp, "werror");
  cr_assert_eq(de.diags[3].sev, SEV_ERROR);
  cr_assert_eq(de.nerrors, 3);
  diag_report(&de, W001, sp, "still allowed");      /* allow beats -Werror */
  cr_assert_eq(de.ndiags, 4);
  de.deny[W001] = 1;                                  /* deny beats allow */
  diag_report(&de, W001, sp, "denied now");
  cr_assert_eq(de.ndiags, 5);
  cr_assert_eq(de.diags[4].sev, SEV_ERROR);
  cr_assert_eq(de.nwarnings, 1);

  char *out = render(&de, FMT_TEXT, false);
  cr_assert_not_null(strstr(out, "w.bsc:1:1: error[W004]: werror\n"));
  cr_assert_not_null(strstr(out, "w.bsc:1:1: warning[W002]: plain warning\n"));
  free(out);
  diag_free(&de);
}

Test(diag_flags, max_errors) {
  DiagEngine de;
  int f = engine_with(&de, "m.bsc", "abc\n");
  de.max_errors = 2;
  for (int i = 0; i < 5; i++) {
    Diag *d = diag_report(&de, E001, (Span){f, 0, 1}, "error %d", i);
    diag_label(d, "here");
  }
  diag_report(&de, W002, (Span){f, 0, 1}, "warnings are still kept");
  cr_assert_eq(de.ndiags, 3);
  cr_assert_eq(de.nerrors, 5);
  cr_assert_eq(de.dropped, 3);
  cr_assert_eq(de.nwarnings, 1);
  char *out = render(&de, FMT_TEXT, false);
  const char *tail = "\nbscc: 3 more errors not shown (--max-errors=0 shows all)\n";
  size_t n = strlen(out), t = strlen(tail);
  cr_assert(n > t && strcmp(out + n - t, tail) == 0, "got:\n%s", out);
  free(out);
  diag_free(&de);
}

Test(diag_flags, sort_is_stable_by_file_offset_code) {
  DiagEngine de;
  diag_init(&de);
  int a = add(&de, "a.bsc", "0123456789\n");
  int b = add(&de, "b.bsc", "0123456789\n");
  diag_report(&de, E010, (Span){b, 1, 2}, "b1");
  diag_report(&de, W001, (Span){a, 5, 6}, "a5-w");
  diag_report(&de, E010, (Span){a, 5, 6}, "a5-e1");
  diag_report(&de, E010, (Span){a, 5, 6}, "a5-e2");
  diag_report(&de, E001, (Span){a, 7, 8}, "a7");
  diag_report(&de, E004, NOWHERE, "none");
  diag_sort(&de);
  const char *want[] = {"none", "a5-e1", "a5-e2", "a5-w", "a7", "b1"};
  cr_assert_eq(de.ndiags, 6);
  for (int i = 0; i < 6; i++) cr_assert_str_eq(de.diags[i].msg, want[i]);
  diag_report(&de, E001, (Span){a, 0, 0}, "after sort");   /* engine still usable */
  cr_assert_eq(de.ndiags, 7);
  diag_free(&de);
}

Test(diag_codes, lookups_and_explanations) {
  cr_assert_str_eq(diag_code_str(E010), "E010");
  cr_assert_str_eq(diag_code_str(W001), "W001");
  cr_assert_str_eq(diag_code_name(E010), "undefined-name");
  cr_assert_eq(diag_code_severity(E010), SEV_ERROR);
  cr_assert_eq(diag_code_severity(W003), SEV_WARNING);
  cr_assert_eq(diag_code_lookup("E010"), E010);
  cr_assert_eq(diag_code_lookup("e010"), E010);
  cr_assert_eq(diag_code_lookup("w008"), W008);
  cr_assert_eq(diag_code_lookup("undefined-name"), E010);
  cr_assert_eq(diag_code_lookup("learning-neglected"), W003);
  cr_assert_eq(diag_code_lookup("E999"), CODE_COUNT);
  cr_assert_eq(diag_code_lookup(""), CODE_COUNT);
  for (int c = 0; c < CODE_COUNT; c++) {
    const char *e = diag_code_explanation((DiagCode)c);
    cr_assert(strlen(e) > 200, "%s has no real explanation", diag_code_str((DiagCode)c));
    cr_assert_not_null(strstr(e, "Erroneous example"), "%s", diag_code_str((DiagCode)c));
    cr_assert_not_null(strstr(e, "Corrected"), "%s", diag_code_str((DiagCode)c));
    cr_assert_eq(utf8_invalid_at(e, strlen(e)), -1);
    cr_assert_eq((int)diag_code_lookup(diag_code_name((DiagCode)c)), c);
  }
}

/* ---- JSON and SARIF ------------------------------------------------------------ */
static DiagEngine *sample(void) {
  static DiagEngine de;
  diag_init(&de);
  int f = add(&de, "s.bsc", "objective 客户 \"C\" in customer {\n  kr nps : score 62 -> 75\n}\n");
  Diag *d = diag_report(&de, E010, span_of(&de, f, "customer"), "undefined name `customer`");
  diag_label(d, "not a perspective");
  diag_note(d, span_of(&de, f, "客户"), "in objective `客户`");
  diag_note(d, NOWHERE, "perspectives come from the prelude");
  diag_help(d, "did you mean `customers`?");
  diag_report(&de, W009, span_of(&de, f, "nps"), "committed KR has no baseline");
  diag_report(&de, E004, NOWHERE, "cannot read `x.bsc`");
  return &de;
}

static json_t *parse(const char *s) {
  json_error_t err;
  json_t *j = json_loads(s, 0, &err);
  cr_assert_not_null(j, "invalid JSON: %s at line %d:\n%s", err.text, err.line, s);
  return j;
}

/* The value at a dotted path of member names and array indexes
 * ("runs.0.tool.driver"), or NULL: SARIF nests deep, and one path reads
 * better than a tower of json_object_get calls. */
static json_t *jget(json_t *j, const char *path) {
  char buf[256];
  snprintf(buf, sizeof buf, "%s", path);
  char *save = NULL;
  for (char *k = strtok_r(buf, ".", &save); j && k; k = strtok_r(NULL, ".", &save))
    j = json_is_array(j) ? json_array_get(j, strtoul(k, NULL, 10)) : json_object_get(j, k);
  return j;
}

/* expect_ints(what, j, path, value, ..., NULL): each path in j is that
 * integer.  A failure names `what` and the path. */
static void expect_ints(const char *what, json_t *j, ...) {
  va_list ap;
  va_start(ap, j);
  for (const char *path; (path = va_arg(ap, const char *));) {
    long long want = va_arg(ap, int);
    json_t *v = jget(j, path);
    cr_assert(json_is_integer(v) && json_integer_value(v) == want, "%s: %s is %lld, want %lld", what, path,
              v ? (long long)json_integer_value(v) : -1LL, want);
  }
  va_end(ap);
}

/* expect_strs(what, j, path, string, ..., NULL): each path in j is that
 * string. */
static void expect_strs(const char *what, json_t *j, ...) {
  va_list ap;
  va_start(ap, j);
  for (const char *path; (path = va_arg(ap, const char *));) {
    const char *want = va_arg(ap, const char *);
    const char *got = json_string_value(jget(j, path));
    cr_assert(got && !strcmp(got, want), "%s: %s is \"%s\", want \"%s\"", what, path, got ? got : "(none)", want);
  }
  va_end(ap);
}

Test(diag_json, schema) {
  DiagEngine *de = sample();
  char *out = render(de, FMT_JSON, false);
  cr_assert_eq(out[strlen(out) - 1], '\n');
  cr_assert_not_null(strstr(out, "\n  \"version\": 1,\n"), "not indented by 2:\n%s", out);
  /* key order */
  const char *keys[] = {"\"file\"", "\"line\"", "\"column\"", "\"end_line\"", "\"end_column\"",
                        "\"offset\"", "\"end_offset\"", "\"severity\"", "\"code\"", "\"name\"",
                        "\"message\"", "\"label\"", "\"notes\"", "\"help\""};
  const char *p = out;
  for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
    const char *q = strstr(p, keys[i]);
    cr_assert_not_null(q, "key %s out of order", keys[i]);
    p = q;
  }
  json_t *j = parse(out);
  expect_ints("root", j, "version", 1, "errors", 2, "warnings", 1, NULL);
  json_t *ds = json_object_get(j, "diagnostics");
  cr_assert_eq(json_array_size(ds), 3);

  json_t *d = json_array_get(ds, 0);
  expect_strs("error", d, "file", "s.bsc", NULL);
  expect_ints("error", d, "line", 1, "column", 21, "end_line", 1, "end_column", 29, "offset", 24, "end_offset", 32,
              NULL);
  expect_strs("error", d, "severity", "error", "code", "E010", "name", "undefined-name",
              "message", "undefined name `customer`", "label", "not a perspective",
              "help", "did you mean `customers`?", NULL);
  json_t *notes = json_object_get(d, "notes");
  cr_assert_eq(json_array_size(notes), 2);
  expect_ints("note 0", notes, "0.column", 11, "0.end_column", 13, NULL);
  expect_strs("note 0", notes, "0.message", "in objective `客户`", NULL);
  json_t *n1 = json_array_get(notes, 1);
  cr_assert_eq(json_object_size(n1), 1);
  expect_strs("note 1", n1, "message", "perspectives come from the prelude", NULL);

  json_t *w = json_array_get(ds, 1);
  expect_strs("warning", w, "severity", "warning", NULL);
  cr_assert_null(json_object_get(w, "label"));
  cr_assert_null(json_object_get(w, "help"));
  expect_ints("warning", w, "line", 2, "column", 6, NULL);

  json_t *x = json_array_get(ds, 2);
  cr_assert(json_is_null(json_object_get(x, "file")));
  cr_assert(json_is_null(json_object_get(x, "line")));
  expect_strs("no location", x, "code", "E004", NULL);
  json_decref(j);
  free(out);
  diag_free(de);
}

Test(diag_json, invalid_utf8_in_message_is_replaced) {
  DiagEngine de;
  diag_init(&de);
  add(&de, "x.bsc", "x\n");
  diag_report(&de, E002, (Span){0, 0, 1}, "bad byte \xFF here");
  char *out = render(&de, FMT_JSON, false);
  json_t *j = parse(out);
  expect_strs("diagnostic", j, "diagnostics.0.message", "bad byte \xEF\xBF\xBD here", NULL);
  json_decref(j);
  free(out);
  diag_free(&de);
}

Test(diag_sarif, structure) {
  DiagEngine *de = sample();
  char *out = render(de, FMT_SARIF, false);
  json_t *j = parse(out);
  expect_strs("root", j, "$schema", "https://json.schemastore.org/sarif-2.1.0.json", "version", "2.1.0", NULL);
  json_t *runs = json_object_get(j, "runs");
  cr_assert_eq(json_array_size(runs), 1);
  json_t *run = json_array_get(runs, 0);
  expect_strs("run", run, "columnKind", "unicodeCodePoints", "tool.driver.name", "bscc",
              "tool.driver.version", BSCC_VERSION, NULL);
  json_t *rules = jget(run, "tool.driver.rules");
  cr_assert_eq(json_array_size(rules), CODE_COUNT);
  json_t *r10 = json_array_get(rules, E010);
  expect_strs("rule E010", r10, "id", "E010", "name", "undefined-name", "shortDescription.text", "name is not defined",
              "fullDescription.text", diag_code_explanation(E010), NULL);
  expect_strs("rule W001", json_array_get(rules, W001), "defaultConfiguration.level", "warning", NULL);

  json_t *results = json_object_get(run, "results");
  cr_assert_eq(json_array_size(results), 3);
  json_t *r = json_array_get(results, 0);
  expect_strs("result 0", r, "ruleId", "E010", NULL);
  expect_ints("result 0", r, "ruleIndex", E010, NULL);
  expect_strs("result 0", r, "level", "error",
              "message.text", "undefined name `customer` (help: did you mean `customers`?)",
              "locations.0.physicalLocation.artifactLocation.uri", "s.bsc", NULL);
  expect_ints("result 0", jget(r, "locations.0.physicalLocation.region"),
              "startLine", 1, "startColumn", 21, "endLine", 1, "endColumn", 29, NULL);
  json_t *rel = json_object_get(r, "relatedLocations");
  cr_assert_eq(json_array_size(rel), 1);
  expect_ints("related 0", rel, "0.id", 1, NULL);
  expect_strs("related 0", rel, "0.message.text", "in objective `客户`", NULL);
  expect_ints("related 0", rel, "0.physicalLocation.region.startColumn", 11, NULL);

  json_t *w = json_array_get(results, 1);
  expect_strs("result 1", w, "level", "warning", NULL);
  cr_assert_null(json_object_get(w, "relatedLocations"));
  json_t *x = json_array_get(results, 2);
  cr_assert_null(json_object_get(x, "locations"));
  json_decref(j);
  free(out);
  diag_free(de);
}

Test(diag_sarif, uris) {
  DiagEngine de;
  diag_init(&de);
  char *t1 = strdup("x\n"), *t2 = strdup("y\n"), *t3 = strdup("z\n");
  int a = diag_add_source(&de, "/home/me/my plan.bsc", t1, 2, false);
  int b = diag_add_source(&de, "std/prelude.bsc", t2, 2, true);
  int c = diag_add_source(&de, "teams/客服#1.bsc", t3, 2, false);
  diag_report(&de, E001, (Span){a, 0, 1}, "a");
  diag_report(&de, E001, (Span){b, 0, 1}, "b");
  diag_report(&de, E001, (Span){c, 0, 1}, "c");
  char *out = render(&de, FMT_SARIF, false);
  json_t *j = parse(out);
  json_t *results = jget(j, "runs.0.results");
  const char *want[] = {"file:///home/me/my%20plan.bsc", "std/prelude.bsc", "teams/客服%231.bsc"};
  for (int i = 0; i < 3; i++)
    expect_strs(want[i], json_array_get(results, (size_t)i), "locations.0.physicalLocation.artifactLocation.uri",
                want[i], NULL);
  json_decref(j);
  free(out);
  diag_free(&de);
}

/* A span deep inside a very long line is shown in a window with "...". */
Test(diag_text, long_line_window) {
  DiagEngine de;
  diag_init(&de);
  size_t n = 20000;
  char *text = malloc(n + 2);
  memset(text, 'a', n);
  memcpy(text + 10000, "BAD", 3);
  text[n] = '\n';
  text[n + 1] = 0;
  int f = diag_add_source(&de, "long.bsc", text, n + 1, false);
  Span sp = { f, 10000, 10003 };
  diag_report(&de, E001, sp, "bad");
  char *out = NULL;
  size_t len = 0;
  FILE *m = open_memstream(&out, &len);
  diag_render(&de, m, FMT_TEXT, false);
  fclose(m);
  cr_expect(len < 1000, "snippet of %zu bytes", len);
  cr_expect(strstr(out, "...aaaa") != NULL);
  cr_expect(strstr(out, "BAD") != NULL);
  /* The carets sit under BAD. */
  const char *line = strstr(out, "BAD");
  const char *bol = line; while (bol > out && bol[-1] != '\n') bol--;
  const char *caret = strstr(line, "^^^");
  const char *cbol = caret; while (cbol > out && cbol[-1] != '\n') cbol--;
  cr_expect_eq(line - bol, caret - cbol);
  free(out);
  diag_free(&de);
}
