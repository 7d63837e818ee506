/* Unit tests for compiler/diag.c: sources, line/column, -W handling and
 * the text, JSON and SARIF renderings. */
#include <criterion/criterion.h>

#include "diag.h"
#include "version.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int add(DiagEngine *de, const char *path, const char *text) {
  size_t n = strlen(text);
  char *t = malloc(n + 1);
  memcpy(t, text, n + 1);
  return diag_add_source(de, path, t, n, false);
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

static const Span NOWHERE = {-1, 0, 0};

/* ---- sources and line/column ------------------------------------------ */
Test(diag_lines, lf_crlf_and_no_final_newline) {
  DiagEngine de;
  diag_init(&de);
  int f = add(&de, "a.bsc", "ab\r\ncd\r\nef");
  const Source *s = diag_source(&de, f);
  cr_assert_eq(s->nlines, 3);
  cr_assert_eq(s->lines[1], 4);
  cr_assert_eq(s->lines[2], 8);
  int line, col;
  diag_linecol(&de, f, 0, &line, &col);
  cr_assert(line == 1 && col == 1);
  diag_linecol(&de, f, 2, &line, &col);       /* the \r */
  cr_assert(line == 1 && col == 3);
  diag_linecol(&de, f, 4, &line, &col);       /* c */
  cr_assert(line == 2 && col == 1);
  diag_linecol(&de, f, 5, &line, &col);
  cr_assert(line == 2 && col == 2);
  diag_linecol(&de, f, 9, &line, &col);       /* f, last line has no newline */
  cr_assert(line == 3 && col == 2);
  diag_linecol(&de, f, 10, &line, &col);      /* end of file */
  cr_assert(line == 3 && col == 3);

  int g = add(&de, "b.bsc", "x\ny\n");
  cr_assert_eq(diag_source(&de, g)->nlines, 2);
  diag_linecol(&de, g, 4, &line, &col);       /* EOF after the final newline */
  cr_assert(line == 2 && col == 2, "got %d:%d", line, col);

  int e = add(&de, "empty.bsc", "");
  cr_assert_eq(diag_source(&de, e)->nlines, 1);
  diag_linecol(&de, e, 0, &line, &col);
  cr_assert(line == 1 && col == 1);

  diag_linecol(&de, -1, 0, &line, &col);
  cr_assert(line == 0 && col == 0);
  cr_assert_null(diag_source(&de, 7));
  diag_free(&de);
}

Test(diag_lines, cjk_columns_are_code_points) {
  DiagEngine de;
  diag_init(&de);
  int f = add(&de, "c.bsc", "// 战略\nobjective 客户满意 \"x\" in customer {\n");
  int line, col;
  diag_linecol(&de, f, at(&de, f, "客户满意"), &line, &col);
  cr_assert(line == 2 && col == 11, "got %d:%d", line, col);
  diag_linecol(&de, f, at(&de, f, " \"x\""), &line, &col);
  cr_assert(line == 2 && col == 15, "got %d:%d", line, col);
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
    int line, col;
    diag_linecol(&de, f, at(&de, f, needle) + 5, &line, &col);
    cr_assert_eq(line, i + 1);
    cr_assert_eq(col, 6);
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
  char *out = render(&de, FMT_TEXT, false);
  cr_assert_str_eq(out,
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
  free(out);
  cr_assert_eq(de.nerrors, 1);
  cr_assert_eq(de.nwarnings, 0);
  diag_free(&de);
}

Test(diag_text, cjk_carets_two_columns_each) {
  DiagEngine de;
  diag_init(&de);
  int f = add(&de, "c.bsc", "objective 客户满意 \"x\" in customer {\n}\n");
  Diag *d = diag_report(&de, E011, span_of(&de, f, "客户满意"), "`%s` is defined twice", "客户满意");
  diag_label(d, "second definition");
  char *out = render(&de, FMT_TEXT, false);
  cr_assert_str_eq(out,
    "c.bsc:1:11: error[E011]: `客户满意` is defined twice\n"
    "  |\n"
    "1 | objective 客户满意 \"x\" in customer {\n"
    "  |           ^^^^^^^^ second definition\n"
    "\n");
  free(out);
  diag_free(&de);
}

Test(diag_text, cjk_before_span) {
  DiagEngine de;
  diag_init(&de);
  int f = add(&de, "c.bsc", "kr 满意度 : scroe 1 -> 2\n");
  diag_report(&de, E020, span_of(&de, f, "scroe"), "unknown unit `scroe`");
  char *out = render(&de, FMT_TEXT, false);
  cr_assert_str_eq(out,
    "c.bsc:1:10: error[E020]: unknown unit `scroe`\n"
    "  |\n"
    "1 | kr 满意度 : scroe 1 -> 2\n"
    "  |             ^^^^^\n"
    "\n");
  free(out);
  diag_free(&de);
}

Test(diag_text, zero_width_span_at_eof) {
  DiagEngine de;
  diag_init(&de);
  int f = add(&de, "e.bsc", "objective x \"X\" in customer {\n  kr a : count 1 -> 2\n");
  uint32_t end = (uint32_t)diag_source(&de, f)->len;
  Diag *d = diag_report(&de, E001, (Span){f, end, end}, "unexpected end of file");
  diag_label(d, "expected `}`");
  char *out = render(&de, FMT_TEXT, false);
  cr_assert_str_eq(out,
    "e.bsc:2:22: error[E001]: unexpected end of file\n"
    "  |\n"
    "2 |   kr a : count 1 -> 2\n"
    "  |                      ^ expected `}`\n"
    "\n");
  free(out);
  diag_free(&de);
}

Test(diag_text, tabs_expand_to_four) {
  DiagEngine de;
  diag_init(&de);
  int f = add(&de, "t.bsc", "\tkr\tx : count 1 -> 1\n");
  diag_report(&de, E040, span_of(&de, f, "1 -> 1"), "target equals baseline");
  char *out = render(&de, FMT_TEXT, false);
  cr_assert_str_eq(out,
    "t.bsc:1:15: error[E040]: target equals baseline\n"
    "  |\n"
    "1 |     kr  x : count 1 -> 1\n"
    "  |                   ^^^^^^\n"
    "\n");
  free(out);
  diag_free(&de);
}

Test(diag_text, multiline_span_and_crlf) {
  DiagEngine de;
  diag_init(&de);
  int f = add(&de, "m.bsc", "objective a \"A\" {\r\n  kr x : count 1 -> 2\r\n}\r\n");
  uint32_t o = at(&de, f, "{");
  uint32_t e = at(&de, f, "}") + 1;
  diag_report(&de, E080, (Span){f, o, e}, "objective has no perspective");
  char *out = render(&de, FMT_TEXT, false);
  cr_assert_str_eq(out,
    "m.bsc:1:17: error[E080]: objective has no perspective\n"
    "  |\n"
    "1 | objective a \"A\" {\n"
    "  |                 ^\n"
    "\n");
  free(out);
  diag_free(&de);
}

Test(diag_text, invalid_bytes_and_controls_become_fffd) {
  DiagEngine de;
  diag_init(&de);
  int f = add(&de, "u.bsc", "kr \xFF\x1B[31m = 1\n");
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
  char *out = render(&de, FMT_TEXT, false);
  cr_assert_str_eq(out,
    "bscc: error[E004]: cannot read `missing.bsc`\n"
    " = help: check the path\n"
    "\n"
    "g.bsc:100:11: warning[W002]: perspective `process` has no objectives\n"
    "    |\n"
    "100 | objective q \"Q\" in customer {}\n"
    "    |           ^\n"
    "\n");
  free(out);
  diag_free(&de);
}

Test(diag_text, empty_source_line_has_no_trailing_space) {
  DiagEngine de;
  diag_init(&de);
  int f = add(&de, "z.bsc", "a\n\nb\n");
  diag_report(&de, E001, (Span){f, 2, 2}, "blank");
  char *out = render(&de, FMT_TEXT, false);
  cr_assert_str_eq(out,
    "z.bsc:2:1: error[E001]: blank\n"
    "  |\n"
    "2 |\n"
    "  | ^\n"
    "\n");
  free(out);
  diag_free(&de);
}

Test(diag_text, colour_only_when_asked) {
  DiagEngine de;
  diag_init(&de);
  int f = add(&de, "k.bsc", "nps -> iterate\n");
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
  diag_init(&de);
  int f = add(&de, "w.bsc", "abc\n");
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
  diag_init(&de);
  int f = add(&de, "m.bsc", "abc\n");
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
    cr_assert_eq(diag_code_lookup(diag_code_name((DiagCode)c)), c);
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
  cr_assert_eq(json_integer_value(json_object_get(j, "version")), 1);
  cr_assert_eq(json_integer_value(json_object_get(j, "errors")), 2);
  cr_assert_eq(json_integer_value(json_object_get(j, "warnings")), 1);
  json_t *ds = json_object_get(j, "diagnostics");
  cr_assert_eq(json_array_size(ds), 3);

  json_t *d = json_array_get(ds, 0);
  cr_assert_str_eq(json_string_value(json_object_get(d, "file")), "s.bsc");
  cr_assert_eq(json_integer_value(json_object_get(d, "line")), 1);
  cr_assert_eq(json_integer_value(json_object_get(d, "column")), 21);
  cr_assert_eq(json_integer_value(json_object_get(d, "end_line")), 1);
  cr_assert_eq(json_integer_value(json_object_get(d, "end_column")), 29);
  cr_assert_eq(json_integer_value(json_object_get(d, "offset")), 24);
  cr_assert_eq(json_integer_value(json_object_get(d, "end_offset")), 32);
  cr_assert_str_eq(json_string_value(json_object_get(d, "severity")), "error");
  cr_assert_str_eq(json_string_value(json_object_get(d, "code")), "E010");
  cr_assert_str_eq(json_string_value(json_object_get(d, "name")), "undefined-name");
  cr_assert_str_eq(json_string_value(json_object_get(d, "message")), "undefined name `customer`");
  cr_assert_str_eq(json_string_value(json_object_get(d, "label")), "not a perspective");
  cr_assert_str_eq(json_string_value(json_object_get(d, "help")), "did you mean `customers`?");
  json_t *notes = json_object_get(d, "notes");
  cr_assert_eq(json_array_size(notes), 2);
  json_t *n0 = json_array_get(notes, 0);
  cr_assert_eq(json_integer_value(json_object_get(n0, "column")), 11);
  cr_assert_eq(json_integer_value(json_object_get(n0, "end_column")), 13);
  cr_assert_str_eq(json_string_value(json_object_get(n0, "message")), "in objective `客户`");
  json_t *n1 = json_array_get(notes, 1);
  cr_assert_eq(json_object_size(n1), 1);
  cr_assert_str_eq(json_string_value(json_object_get(n1, "message")),
                   "perspectives come from the prelude");

  json_t *w = json_array_get(ds, 1);
  cr_assert_str_eq(json_string_value(json_object_get(w, "severity")), "warning");
  cr_assert_null(json_object_get(w, "label"));
  cr_assert_null(json_object_get(w, "help"));
  cr_assert_eq(json_integer_value(json_object_get(w, "line")), 2);
  cr_assert_eq(json_integer_value(json_object_get(w, "column")), 6);

  json_t *x = json_array_get(ds, 2);
  cr_assert(json_is_null(json_object_get(x, "file")));
  cr_assert(json_is_null(json_object_get(x, "line")));
  cr_assert_str_eq(json_string_value(json_object_get(x, "code")), "E004");
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
  json_t *d = json_array_get(json_object_get(j, "diagnostics"), 0);
  cr_assert_str_eq(json_string_value(json_object_get(d, "message")), "bad byte \xEF\xBF\xBD here");
  json_decref(j);
  free(out);
  diag_free(&de);
}

Test(diag_sarif, structure) {
  DiagEngine *de = sample();
  char *out = render(de, FMT_SARIF, false);
  json_t *j = parse(out);
  cr_assert_str_eq(json_string_value(json_object_get(j, "$schema")),
                   "https://json.schemastore.org/sarif-2.1.0.json");
  cr_assert_str_eq(json_string_value(json_object_get(j, "version")), "2.1.0");
  json_t *runs = json_object_get(j, "runs");
  cr_assert_eq(json_array_size(runs), 1);
  json_t *run = json_array_get(runs, 0);
  cr_assert_str_eq(json_string_value(json_object_get(run, "columnKind")), "unicodeCodePoints");
  json_t *driver = json_object_get(json_object_get(run, "tool"), "driver");
  cr_assert_str_eq(json_string_value(json_object_get(driver, "name")), "bscc");
  cr_assert_str_eq(json_string_value(json_object_get(driver, "version")), BSCC_VERSION);
  json_t *rules = json_object_get(driver, "rules");
  cr_assert_eq(json_array_size(rules), CODE_COUNT);
  json_t *r10 = json_array_get(rules, E010);
  cr_assert_str_eq(json_string_value(json_object_get(r10, "id")), "E010");
  cr_assert_str_eq(json_string_value(json_object_get(r10, "name")), "undefined-name");
  cr_assert_str_eq(json_string_value(json_object_get(json_object_get(r10, "shortDescription"), "text")),
                   "name is not defined");
  cr_assert_str_eq(json_string_value(json_object_get(json_object_get(r10, "fullDescription"), "text")),
                   diag_code_explanation(E010));
  cr_assert_str_eq(json_string_value(json_object_get(
                     json_object_get(json_array_get(rules, W001), "defaultConfiguration"), "level")),
                   "warning");

  json_t *results = json_object_get(run, "results");
  cr_assert_eq(json_array_size(results), 3);
  json_t *r = json_array_get(results, 0);
  cr_assert_str_eq(json_string_value(json_object_get(r, "ruleId")), "E010");
  cr_assert_eq(json_integer_value(json_object_get(r, "ruleIndex")), E010);
  cr_assert_str_eq(json_string_value(json_object_get(r, "level")), "error");
  cr_assert_str_eq(json_string_value(json_object_get(json_object_get(r, "message"), "text")),
                   "undefined name `customer` (help: did you mean `customers`?)");
  json_t *pl = json_object_get(json_array_get(json_object_get(r, "locations"), 0), "physicalLocation");
  cr_assert_str_eq(json_string_value(json_object_get(json_object_get(pl, "artifactLocation"), "uri")),
                   "s.bsc");
  json_t *region = json_object_get(pl, "region");
  cr_assert_eq(json_integer_value(json_object_get(region, "startLine")), 1);
  cr_assert_eq(json_integer_value(json_object_get(region, "startColumn")), 21);
  cr_assert_eq(json_integer_value(json_object_get(region, "endLine")), 1);
  cr_assert_eq(json_integer_value(json_object_get(region, "endColumn")), 29);
  json_t *rel = json_object_get(r, "relatedLocations");
  cr_assert_eq(json_array_size(rel), 1);
  json_t *rl = json_array_get(rel, 0);
  cr_assert_eq(json_integer_value(json_object_get(rl, "id")), 1);
  cr_assert_str_eq(json_string_value(json_object_get(json_object_get(rl, "message"), "text")),
                   "in objective `客户`");
  cr_assert_eq(json_integer_value(json_object_get(
                 json_object_get(json_object_get(rl, "physicalLocation"), "region"), "startColumn")), 11);

  json_t *w = json_array_get(results, 1);
  cr_assert_str_eq(json_string_value(json_object_get(w, "level")), "warning");
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
  json_t *results = json_object_get(json_array_get(json_object_get(j, "runs"), 0), "results");
  const char *want[] = {"file:///home/me/my%20plan.bsc", "std/prelude.bsc", "teams/客服%231.bsc"};
  for (int i = 0; i < 3; i++) {
    json_t *pl = json_object_get(json_array_get(json_object_get(json_array_get(results, (size_t)i),
                                                                "locations"), 0),
                                 "physicalLocation");
    cr_assert_str_eq(json_string_value(json_object_get(json_object_get(pl, "artifactLocation"), "uri")),
                     want[i]);
  }
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
