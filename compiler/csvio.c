/*
 * csvio.c - CSV rows with source spans, over libcsv.
 *
 * libcsv parses and unquotes; it does not say where a field was.  So the
 * file is fed to it in pieces that end at the only bytes where it can
 * call back (a separator or a line end), and the offset of that last byte
 * gives the span.  Between rows it is fed a byte at a time, to see where
 * the next row starts.  (Fed a byte at a time throughout, libcsv's calls
 * were most of reading a file of 400,000 rows.)
 */
#include "csvio.h"
#include "numfmt.h"
#include "util.h"

#include <csv.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct Reader {
  const char *text;
  size_t len;
  int file;
  size_t pos;                /* offset of the byte being fed */
  size_t field_start;        /* offset of the current field's first byte */
  bool in_row;
  CsvRow row;
  int rows;
  bool stop;
  CsvRowFn fn;
  void *ctx;
} Reader;

static bool is_blank(char ch) { return ch == ' ' || ch == '\t'; }

static void on_field(void *data, size_t n, void *ctx) {
  Reader *r = ctx;
  size_t end = r->pos;
  if (r->row.n < CSVIO_MAX_FIELDS) {
    CsvField *f = &r->row.f[r->row.n++];
    f->text = bsc_malloc(n + 1);
    if (n) memcpy(f->text, data, n);
    f->text[n] = 0;
    f->len = n;
    /* the span without what libcsv trimmed or ended the field with */
    uint32_t a = (uint32_t)r->field_start, b = (uint32_t)(end < r->field_start ? r->field_start : end);
    while (a < b && is_blank(r->text[a])) a++;
    while (b > a && (is_blank(r->text[b - 1]) || r->text[b - 1] == '\r' || r->text[b - 1] == '\n')) b--;
    f->span = (Span){r->file, a, b};
  }
  r->row.nfields++;
  r->field_start = end + 1;
}

static void on_row(int term, void *ctx) {
  Reader *r = ctx;
  (void)term;
  size_t end = r->pos;
  r->row.span.end = (uint32_t)(end < r->row.span.off ? r->row.span.off : end);
  /* a line of spaces is a blank line, not a row of one empty field */
  bool blank = r->row.nfields == 1 && r->row.f[0].len == 0;
  if (!r->stop && !blank) {
    r->row.index = r->rows++;
    if (!r->fn(r->ctx, &r->row)) r->stop = true;
  }
  for (int i = 0; i < r->row.n; i++) free(r->row.f[i].text);
  r->row.n = r->row.nfields = 0;
  r->in_row = false;
  r->field_start = end + 1;
}

static void start_row(Reader *r) {
  r->in_row = true;
  r->field_start = r->pos;
  r->row.span = (Span){r->file, (uint32_t)r->pos, (uint32_t)r->pos};
}

/* ---- the file itself ------------------------------------------------------ */

/* UTF-16 (what Excel's "Unicode Text" and many Windows tools write): a
 * UTF-16 byte-order mark, or, in the first bytes, NULs that stand on one
 * parity of offsets only, as the high bytes of ASCII characters do. */
static bool looks_utf16(const char *t, size_t len) {
  if (len >= 2 && ((t[0] == '\xFF' && t[1] == '\xFE') || (t[0] == '\xFE' && t[1] == '\xFF'))) return true;
  size_t n = len < 512 ? len : 512, nul[2] = {0, 0};
  for (size_t i = 0; i < n; i++)
    if (!t[i]) nul[i & 1]++;
  size_t most = nul[0] > nul[1] ? nul[0] : nul[1], least = nul[0] + nul[1] - most;
  return n >= 4 && most * 4 >= n && least * 10 <= most;
}

/* A NUL byte cannot be in a text file, and libcsv would end the field at
 * it without a word (`15<NUL>0` read as 15): the file is refused at the
 * first one, with a guess at what the file really is. */
static bool check_nul(DiagEngine *de, int file, DiagCode code, const char *what, const char *t, size_t len) {
  const char *z = memchr(t, 0, len);
  if (!z) return true;
  uint32_t at = (uint32_t)(z - t);
  size_t nuls = 0;
  for (size_t i = 0; i < len && nuls < 2; i++) nuls += !t[i];
  Diag *d = diag_report(de, code, (Span){file, at, at + 1}, "a NUL byte is not allowed in the %s (byte offset %lu)",
                        what, (unsigned long)at);
  diag_label(d, "NUL byte");
  if (looks_utf16(t, len))
    diag_help(d, "the file looks like UTF-16 text: save it as UTF-8 (e.g. \"CSV UTF-8\" in a spreadsheet's Save As)");
  else if (nuls > 1 || utf8_invalid_at(t, len) >= 0)
    diag_help(d, "the file looks binary, not like CSV text: export the data as CSV, in UTF-8");
  else
    diag_help(d, "remove the NUL byte: a CSV file holds text only (a broken export often leaves one)");
  return false;
}

/* The checks of the whole text before any row is read. */
static bool check_text(DiagEngine *de, int file, DiagCode code, const char *what, const char *t, size_t len) {
  if (!check_nul(de, file, code, what, t, len)) return false;
  long bad = utf8_invalid_at(t, len);
  if (bad < 0) return true;
  Diag *d = diag_report(de, code, (Span){file, (uint32_t)bad, (uint32_t)bad + 1},
                        "the %s is not valid UTF-8 (byte offset %ld)", what, bad);
  diag_label(d, "invalid byte");
  if (looks_utf16(t, len)) diag_help(d, "the file looks like UTF-16 text: save it as UTF-8");
  else diag_help(d, "save the file as UTF-8 (spreadsheets often export in a legacy encoding)");
  return false;
}

/* Bytes fed to libcsv at once inside a row (csvio_read). */
#define CSVIO_FEED 4096

/* libcsv grows its field buffer by a fixed block (128 bytes by default),
 * which is quadratic on one long field; raising the block to the buffer's
 * size whenever it fills makes the growth geometric. */
static void grow_geometric(struct csv_parser *p) {
  size_t size = csv_get_buffer_size(p);
  if (size > p->blk_size) csv_set_blk_size(p, size);
}

int csvio_read(DiagEngine *de, int file, DiagCode code, const char *what, CsvRowFn fn, void *ctx) {
  const Source *src = diag_source(de, file);
  Reader r;
  memset(&r, 0, sizeof r);
  r.text = src->text;
  r.len = src->len;
  r.file = file;
  r.fn = fn;
  r.ctx = ctx;
  if (!check_text(de, file, code, what, r.text, r.len)) return -1;
  size_t start = r.len >= 3 && !memcmp(r.text, "\xEF\xBB\xBF", 3) ? 3 : 0;   /* byte-order mark */
  struct csv_parser parser;
  if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) abort();
  bool failed = false;
  for (size_t at = start; at < r.len && !r.stop;) {
    char ch = r.text[at];
    size_t n = 1;
    if (r.in_row) {
      /* inside a row only a separator or a line end can end a field or
       * the row (a quote changes what they mean, not where the callbacks
       * can come): feed up to and including the next one, which is then
       * the byte the callbacks see as r.pos; at most CSVIO_FEED bytes, so
       * that grow_geometric still runs often in a long quoted field */
      size_t lim = r.len - at < CSVIO_FEED ? r.len - at : CSVIO_FEED;
      while (n < lim && ch != ',' && ch != '\n' && ch != '\r') ch = r.text[at + n++];
    } else if (ch != '\n' && ch != '\r' && !is_blank(ch)) {
      /* libcsv skips line ends between rows, and a line of blanks; a row
       * starts at anything else (its span then starts there too, not on a
       * blank line above it) */
      r.pos = at;
      start_row(&r);
    }
    r.pos = at + n - 1;
    grow_geometric(&parser);
    size_t done = csv_parse(&parser, &r.text[at], n, on_field, on_row, &r);
    if (done != n) { r.pos = at + done; failed = true; break; }   /* the byte it stopped at */
    at += n;
    r.pos = at;
  }
  if (!failed && !r.stop) {
    r.pos = r.len;
    if (csv_fini(&parser, on_field, on_row, &r) != 0) failed = true;
  }
  if (failed) {
    uint32_t at = (uint32_t)(r.pos < r.len ? r.pos : r.len);
    bool eof = r.pos >= r.len;
    Diag *d = diag_report(de, code, (Span){file, at, at + (eof ? 0 : 1)}, "malformed CSV: %s",
                          eof ? "a quoted field is never closed" : "a quote in the wrong place");
    diag_label(d, eof ? "the file ends inside a quoted field" : "unexpected character around a quoted field");
    diag_note(d, (Span){file, r.row.span.off, r.row.span.off}, "the row starts here");
    diag_help(d, "a quoted field is closed by `\"`, and a `\"` inside it is written twice (`\"\"`), as RFC 4180 says");
  }
  for (int i = 0; i < r.row.n; i++) free(r.row.f[i].text);
  csv_free(&parser);
  return failed ? -1 : r.rows;
}

const char *csvio_shown(const char *text, size_t n, CsvShown *out) {
  size_t cut = 0;
  if (n <= CSVIO_SHOWN_MAX) cut = n;
  else
    while (cut < CSVIO_SHOWN_MAX) {
      int l = utf8_decode(text + cut, n - cut, NULL);
      if (l <= 0) l = 1;
      if (cut + (size_t)l > CSVIO_SHOWN_MAX) break;
      cut += (size_t)l;
    }
  memcpy(out->s, text, cut);
  strcpy(out->s + cut, cut < n ? "…" : "");
  return out->s;
}

/* ---- writing ------------------------------------------------------------- */

/* Quoted when it holds a separator, a quote or a line end, or begins or
 * ends with a space (which a reader such as libcsv would trim). */
void csvio_put_field(Buf *b, const char *s) {
  if (!s) return;
  size_t n = strlen(s);
  bool q = strpbrk(s, ",\"\r\n") != NULL || (n && (is_blank(s[0]) || is_blank(s[n - 1])));
  if (!q) { buf_puts(b, s); return; }
  buf_putc(b, '"');
  for (; *s; s++) {
    if (*s == '"') buf_putc(b, '"');
    buf_putc(b, *s);
  }
  buf_putc(b, '"');
}

/* The shortest decimal that reads back as the same double, written like JavaScript's Number.prototype.toString: plain digits
 * for exponents -7 < e < 21 (30, 0.25, 1050000000), else d.ddde+XX. */
void csvio_put_num(Buf *b, double v) {
  if (v == 0) { buf_puts(b, "0"); return; }          /* no "-0" */
  if (!isfinite(v)) return;                           /* an empty field */
  char digits[18];
  int e, nd = numfmt_shortest(v, digits, &e);
  if (v < 0) buf_putc(b, '-');
  if (e >= 0 && e < 21) {
    for (int i = 0; i <= e || i < nd; i++) {
      if (i == e + 1) buf_putc(b, '.');
      buf_putc(b, i < nd ? digits[i] : '0');
    }
  } else if (e < 0 && e > -7) {
    buf_puts(b, "0.");
    for (int i = 0; i < -e - 1; i++) buf_putc(b, '0');
    buf_puts(b, digits);
  } else {
    buf_putc(b, digits[0]);
    if (nd > 1) { buf_putc(b, '.'); buf_puts(b, digits + 1); }
    buf_printf(b, "e%c%d", e < 0 ? '-' : '+', e < 0 ? -e : e);
  }
}
