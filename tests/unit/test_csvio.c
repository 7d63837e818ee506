/* Unit tests for compiler/csvio.c (CSV rows with spans, CSV writing) and
 * for diag_json_str, the JSON string every --format=json writer uses. */
#include <criterion/criterion.h>

#include "csvio.h"
#include "diag.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- reading --------------------------------------------------------------- */

/* Every row of a file, as "index:field|field|..." lines, and the text each
 * field's span covers, as "[text]" per field: what a caller would point at. */
typedef struct Seen {
  const char *src;
  Buf rows, spans;
  int stop_after;            /* 0: read everything */
} Seen;

static bool collect(void *ctx, const CsvRow *r) {
  Seen *s = ctx;
  buf_printf(&s->rows, "%d:", r->index);
  for (int i = 0; i < r->n; i++) {
    buf_printf(&s->rows, "%s%s", i ? "|" : "", r->f[i].text);
    buf_printf(&s->spans, "[%.*s]", (int)(r->f[i].span.end - r->f[i].span.off), s->src + r->f[i].span.off);
  }
  if (r->nfields > r->n) buf_printf(&s->rows, "(+%d)", r->nfields - r->n);
  buf_putc(&s->rows, '\n');
  return !s->stop_after || r->index + 1 < s->stop_after;
}

/* Reads text as a CSV source; returns csvio_read's result, the rows and
 * spans in *s (the caller frees them) and the engine's error count. */
/* A new engine holding text as the source "t.csv"; returns its index. */
static int engine_with(DiagEngine *de, const char *text) {
  diag_init(de);
  size_t n = strlen(text);
  char *t = malloc(n + 1);
  memcpy(t, text, n + 1);
  return diag_add_source(de, "t.csv", t, n, false);
}

static int read_text(const char *text, Seen *s, int *errors) {
  DiagEngine de;
  int f = engine_with(&de, text);
  s->src = diag_source(&de, f)->text;
  buf_init(&s->rows);
  buf_init(&s->spans);
  int rows = csvio_read(&de, f, E090, "test file", collect, s);
  *errors = de.nerrors;
  s->src = NULL;
  diag_free(&de);
  return rows;
}

static void seen_free(Seen *s) {
  buf_free(&s->rows);
  buf_free(&s->spans);
}

Test(csvio_read, fields_spans_and_blank_lines) {
  Seen s = {0};
  int errors;
  int rows = read_text("\xEF\xBB\xBFperiod, kr ,value\r\n\r\n   \r\n2025-Q1,\"a, \"\"b\"\"\",  3 \n", &s, &errors);
  cr_assert_eq(rows, 2);
  cr_assert_eq(errors, 0);
  cr_assert_str_eq(s.rows.data, "0:period|kr|value\n1:2025-Q1|a, \"b\"|3\n");
  /* spans: no byte-order mark, no trimmed spaces, quotes included as written */
  cr_assert_str_eq(s.spans.data, "[period][kr][value][2025-Q1][\"a, \"\"b\"\"\"][3]");
  seen_free(&s);
}

Test(csvio_read, extra_fields_are_counted) {
  Seen s = {0};
  int errors;
  Buf b;
  buf_init(&b);
  for (int i = 0; i < CSVIO_MAX_FIELDS + 3; i++) buf_printf(&b, "%sf%d", i ? "," : "", i);
  read_text(b.data, &s, &errors);
  cr_assert(strstr(s.rows.data, "|f15(+3)\n"), "rows: %s", s.rows.data);
  buf_free(&b);
  seen_free(&s);
}

Test(csvio_read, the_callback_stops_the_reading) {
  Seen s = {.stop_after = 1};
  int errors;
  cr_assert_eq(read_text("a,b\nc,d\ne,f\n", &s, &errors), 1);
  cr_assert_str_eq(s.rows.data, "0:a|b\n");
  seen_free(&s);
}

Test(csvio_read, empty_file_has_no_rows) {
  Seen s = {0};
  int errors;
  cr_assert_eq(read_text("", &s, &errors), 0);
  cr_assert_eq(read_text("\n\r\n", &s, &errors), 0);
  cr_assert_eq(errors, 0);
  seen_free(&s);
}

/* File-level problems: reported once, with the caller's code, and -1. */
static void expect_file_error(const char *text, const char *msg_part) {
  DiagEngine de;
  int f = engine_with(&de, text);
  Seen s = {.src = diag_source(&de, f)->text};
  buf_init(&s.rows);
  buf_init(&s.spans);
  cr_assert_eq(csvio_read(&de, f, E092, "portfolio file", collect, &s), -1, "%s", text);
  cr_assert_eq(de.ndiags, 1, "%s", text);
  cr_assert_eq(de.diags[0].code, E092);
  cr_assert(strstr(de.diags[0].msg, msg_part), "message `%s` lacks `%s`", de.diags[0].msg, msg_part);
  seen_free(&s);
  diag_free(&de);
}

Test(csvio_read, file_level_errors) {
  expect_file_error("name,initiatives\nx,caf\xE9\n", "the portfolio file is not valid UTF-8 (byte offset 22)");
  expect_file_error("name,initiatives\n\"open,y\nz,w\n", "a quoted field is never closed");
  expect_file_error("name,initiatives\na\"b\",c\n", "a quote in the wrong place");
}

/* ---- writing --------------------------------------------------------------- */

static void expect_field(const char *in, const char *want) {
  Buf b;
  buf_init(&b);
  csvio_put_field(&b, in);
  cr_assert_str_eq(b.data ? b.data : "", want, "field `%s`", in ? in : "(null)");
  buf_free(&b);
}

Test(csvio_write, fields_are_quoted_only_when_they_must_be) {
  expect_field(NULL, "");
  expect_field("", "");
  expect_field("營收結構", "營收結構");
  expect_field("a,b", "\"a,b\"");
  expect_field("say \"hi\"", "\"say \"\"hi\"\"\"");
  expect_field("two\nlines", "\"two\nlines\"");
  expect_field(" padded", "\" padded\"");
  expect_field("tab\t", "\"tab\t\"");
}

static void expect_num(double v, const char *want) {
  Buf b;
  buf_init(&b);
  csvio_put_num(&b, v);
  cr_assert_str_eq(b.data ? b.data : "", want, "number %.17g", v);
  if (*want) cr_assert_eq(strtod(want, NULL), v, "`%s` does not read back as %.17g", want, v);
  buf_free(&b);
}

Test(csvio_write, numbers_are_the_shortest_exact_decimal) {
  expect_num(0, "0");
  expect_num(-0.0, "0");
  expect_num(1, "1");
  expect_num(0.7, "0.7");
  expect_num(0.25, "0.25");
  expect_num(14.0 / 15.0, "0.9333333333333333");
  expect_num(-2.5, "-2.5");
  expect_num(2200000000.0, "2200000000");
  expect_num(1e21, "1e+21");
  expect_num(1.5e-7, "1.5e-7");
  expect_num(0.000001, "0.000001");
  expect_num(0.1 + 0.2, "0.30000000000000004");
  expect_num(INFINITY, "");
  expect_num(NAN, "");
}

/* ---- diag_json_str ------------------------------------------------------------ */

static void expect_json(const char *in, const char *want) {
  json_t *j = diag_json_str(in);
  char *s = json_dumps(j, JSON_ENCODE_ANY);
  cr_assert_str_eq(s, want, "input `%s`", in ? in : "(null)");
  free(s);
  json_decref(j);
}

Test(diag_json, strings_of_any_bytes) {
  expect_json(NULL, "null");
  expect_json("plain", "\"plain\"");
  expect_json("用戶 \"q\"\n", "\"用戶 \\\"q\\\"\\n\"");
  /* jansson refuses invalid UTF-8; the bad bytes become U+FFFD */
  expect_json("caf\xE9.csv", "\"caf\xEF\xBF\xBD.csv\"");
  expect_json("\xC3(", "\"\xEF\xBF\xBD(\"");
}
