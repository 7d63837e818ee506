/* Unit tests for compiler/csvio.c (CSV rows with spans, CSV writing) and
 * for diag_json_str, the JSON string every --format=json writer uses. */
#include <criterion/criterion.h>

#include "csvio.h"
#include "diag.h"
#include "numfmt.h"

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
static int engine_with_n(DiagEngine *de, const char *text, size_t n) {
  diag_init(de);
  char *t = malloc(n + 1);
  memcpy(t, text, n);
  t[n] = 0;
  return diag_add_source(de, "t.csv", t, n, false);
}

static int engine_with(DiagEngine *de, const char *text) { return engine_with_n(de, text, strlen(text)); }

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

/* File-level problems: reported once, with the caller's code, and -1;
 * the text is n bytes (it may hold NULs), or a C string when n is 0.
 * Returns the engine (the caller frees it) for more checks. */
static void expect_file_error_n(DiagEngine *out, const char *text, size_t n, const char *msg_part, bool whole) {
  DiagEngine de;
  int f = engine_with_n(&de, text, n ? n : strlen(text));
  Seen s = {.src = diag_source(&de, f)->text};
  buf_init(&s.rows);
  buf_init(&s.spans);
  cr_assert_eq(csvio_read(&de, f, E092, "portfolio file", collect, &s), -1, "%s", text);
  cr_assert_eq(de.ndiags, 1, "%s", text);
  cr_assert_eq(de.diags[0].code, E092);
  cr_assert(strstr(de.diags[0].msg, msg_part), "message `%s` lacks `%s`", de.diags[0].msg, msg_part);
  /* a problem of the whole text is found before any row is passed on */
  if (whole) cr_assert_eq(s.rows.len, 0, "a row was passed on: %s", s.rows.data);
  seen_free(&s);
  if (out) *out = de;
  else diag_free(&de);
}

static void expect_file_error(const char *text, const char *msg_part) { expect_file_error_n(NULL, text, 0, msg_part, false); }

/* A NUL byte anywhere refuses the file at that byte (libcsv would end the
 * field there: `15<NUL>0` read as 15), and the help says what the file
 * probably is. */
static void expect_nul(const char *text, size_t n, int line, int col, const char *help_part) {
  DiagEngine de;
  expect_file_error_n(&de, text, n, "a NUL byte is not allowed in the portfolio file", true);
  int l, c;
  diag_linecol(&de, de.diags[0].span.file, de.diags[0].span.off, &l, &c);
  cr_assert_eq(l, line, "line %d, want %d", l, line);
  cr_assert_eq(c, col, "column %d, want %d", c, col);
  cr_assert(de.diags[0].help && strstr(de.diags[0].help, help_part), "help `%s` lacks `%s`", de.diags[0].help, help_part);
  diag_free(&de);
}

Test(csvio_read, a_nul_byte_refuses_the_file_where_it_stands) {
  static const char value[] = "period,kr,value\n2025-Q3,revenue,15\0" "0\n";
  expect_nul(value, sizeof value - 1, 2, 19, "remove the NUL byte");
  static const char name[] = "name,initiatives\nA,X\0Y\n";
  expect_nul(name, sizeof name - 1, 2, 4, "remove the NUL byte");
  static const char quoted[] = "name,initiatives\nA,\"X\0Y\"\n";
  expect_nul(quoted, sizeof quoted - 1, 2, 5, "remove the NUL byte");
  static const char last[] = "name,initiatives\nA,X\0";
  expect_nul(last, sizeof last - 1, 2, 4, "remove the NUL byte");
  /* UTF-16LE with and without its byte-order mark, UTF-16BE */
  static const char le_bom[] = "\xFF\xFEn\0a\0m\0e\0,\0x\0\n\0";
  expect_nul(le_bom, sizeof le_bom - 1, 1, 4, "UTF-16");
  static const char le[] = "n\0a\0m\0e\0,\0x\0\n\0";
  expect_nul(le, sizeof le - 1, 1, 2, "UTF-16");
  static const char be[] = "\0n\0a\0m\0e\0,\0x\0\n";
  expect_nul(be, sizeof be - 1, 1, 1, "UTF-16");
  /* a zip (an .xlsx renamed .csv) */
  static const char zip[] = "PK\x03\x04\x14\0\x06\0\x08\0\0\0!\0";
  expect_nul(zip, sizeof zip - 1, 1, 6, "binary");
}

Test(csvio_read, a_utf16_file_without_nul_is_named_in_the_utf8_error) {
  /* CJK only: UTF-16 with no NUL byte, but its byte-order mark */
  DiagEngine de;
  expect_file_error_n(&de, "\xFF\xFE\x0D\x54", 4, "not valid UTF-8", true);
  cr_assert(strstr(de.diags[0].help, "UTF-16"), "help: %s", de.diags[0].help);
  diag_free(&de);
}

/* libcsv's buffer grows geometrically: a field of 8 MB is read whole. */
Test(csvio_read, a_long_field_is_read_whole) {
  size_t n = 8u << 20;
  Buf b;
  buf_init(&b);
  buf_puts(&b, "name,initiatives\nA,\"");
  for (size_t i = 0; i < n; i++) buf_putc(&b, (char)('a' + i % 26));
  buf_puts(&b, "\"\n");
  Seen s = {0};
  int errors;
  cr_assert_eq(read_text(b.data, &s, &errors), 2);
  cr_assert_eq(errors, 0);
  cr_assert_eq(s.spans.len, strlen("[name][initiatives][A]") + n + 4, "the span covers the field and its quotes");
  buf_free(&b);
  seen_free(&s);
}

Test(csvio_read, file_level_errors) {
  expect_file_error("name,initiatives\nx,caf\xE9\n", "the portfolio file is not valid UTF-8 (byte offset 22)");
  expect_file_error("name,initiatives\n\"open,y\nz,w\n", "a quoted field is never closed");
  expect_file_error("name,initiatives\na\"b\",c\n", "a quote in the wrong place");
}

/* Text quoted in a message is cut after 40 bytes, at a character boundary. */
Test(csvio_shown, long_text_is_cut_at_a_character) {
  CsvShown sh;
  cr_assert_str_eq(csvio_shown("revenu", 6, &sh), "revenu");
  const char *forty = "0123456789012345678901234567890123456789";
  cr_assert_str_eq(csvio_shown(forty, 40, &sh), forty);
  cr_assert_str_eq(csvio_shown("01234567890123456789012345678901234567890", 41, &sh),
                   "0123456789012345678901234567890123456789…");
  /* 14 characters of 3 bytes: 13 fit in 40 bytes */
  const char *cjk = "營收營收營收營收營收營收營收";
  cr_assert_str_eq(csvio_shown(cjk, strlen(cjk), &sh), "營收營收營收營收營收營收營…");
  /* only the n bytes given count (a name inside a longer field) */
  cr_assert_str_eq(csvio_shown("ab;cd", 2, &sh), "ab");
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

/* ---- numbers for tables (numfmt) ------------------------------------------------ */

static void expect_disp(double v, int decimals, const char *want) {
  Buf b;
  buf_init(&b);
  numfmt_put(&b, v, decimals);
  cr_assert_str_eq(b.data, want, "number %.17g, %d decimals", v, decimals);
  cr_assert(b.len <= NUMFMT_MAX, "%zu bytes", b.len);
  buf_free(&b);
}

Test(numfmt, every_magnitude_right) {
  expect_disp(0, 0, "0");
  expect_disp(-0.0, 2, "0");
  expect_disp(-0.001, 0, "0");
  expect_disp(-0.4, 0, "0");
  expect_disp(1234567.891, 2, "1,234,567.89");
  expect_disp(1050000000, 0, "1,050,000,000");
  expect_disp(-2500.5, 2, "-2,500.5");
  expect_disp(100, 2, "100");
  expect_disp(999999999999999.0, 0, "999,999,999,999,999");
  expect_disp(999999999999999.9, 0, "1,000,000,000,000,000");
  /* from 1e15: the shortest digits that read back as the number */
  expect_disp(1e15, 0, "1e+15");
  expect_disp(1e63, 0, "1e+63");
  expect_disp(1e100, 0, "1e+100");
  expect_disp(-1.5e200, 2, "-1.5e+200");
  expect_disp(1.7976931348623157e308, 0, "1.7976931348623157e+308");
  expect_disp(-1.7976931348623157e308, 6, "-1.7976931348623157e+308");
  expect_disp(INFINITY, 0, "∞");
  expect_disp(-INFINITY, 0, "-∞");
  expect_disp(NAN, 0, "NaN");
  expect_disp(-123456789012345.678, 6, "-123,456,789,012,345.671875");
}

Test(numfmt, shortest_digits_read_back) {
  double vs[] = {1e100, 0.1, 1.0 / 3.0, 5e-324, 1.7976931348623157e308, 123456.789};
  for (size_t i = 0; i < sizeof vs / sizeof *vs; i++) {
    char d[18], buf[48];
    int e, nd = numfmt_shortest(vs[i], d, &e);
    cr_assert(nd >= 1 && nd <= 17);
    snprintf(buf, sizeof buf, "%c.%se%d", d[0], d + 1, e);
    cr_assert_eq(strtod(buf, NULL), vs[i], "%s for %.17g", buf, vs[i]);
  }
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
