/*
 * diag.c - the source table and the diagnostics engine: collecting,
 * -W filtering, sorting, and rendering as rustc-style text, JSON or
 * SARIF 2.1.0.  The text layout is specified in docs/diagnostics.md;
 * golden tests compare it byte for byte.
 */
#include "diag.h"
#include <unistd.h>
#include "version.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- the code table ----------------------------------------------------- */
typedef struct CodeInfo {
  const char *id, *name, *summary, *explanation;
  Severity sev;
} CodeInfo;

static const CodeInfo code_table[CODE_COUNT] = {
#define CODE(id, sev, name, summary, explanation) {#id, name, summary, explanation, sev},
#include "codes.def"
#undef CODE
};

static bool code_ok(DiagCode c) { return (unsigned)c < (unsigned)CODE_COUNT; }

const char *diag_code_str(DiagCode c) { return code_ok(c) ? code_table[c].id : "E???"; }
const char *diag_code_name(DiagCode c) { return code_ok(c) ? code_table[c].name : "unknown"; }
const char *diag_code_summary(DiagCode c) { return code_ok(c) ? code_table[c].summary : ""; }
const char *diag_code_explanation(DiagCode c) {
  return code_ok(c) ? code_table[c].explanation : "";
}
Severity diag_code_severity(DiagCode c) { return code_ok(c) ? code_table[c].sev : SEV_ERROR; }

DiagCode diag_code_lookup(const char *s) {
  if (!s) return CODE_COUNT;
  for (int i = 0; i < CODE_COUNT; i++)
    if (strcasecmp(s, code_table[i].id) == 0 || strcasecmp(s, code_table[i].name) == 0)
      return (DiagCode)i;
  return CODE_COUNT;
}

/* ---- engine and sources ------------------------------------------------- */
void diag_init(DiagEngine *de) { memset(de, 0, sizeof *de); }

static void free_diag(Diag *d) {
  free(d->msg);
  free(d->label);
  free(d->help);
  free(d->fix);
  for (int i = 0; i < d->nnotes; i++) free(d->notes[i].msg);
  free(d->notes);
}

void diag_free(DiagEngine *de) {
  for (int i = 0; i < de->nsrcs; i++) {
    free(de->srcs[i].path);
    free(de->srcs[i].text);
    free(de->srcs[i].lines);
  }
  free(de->srcs);
  for (int i = 0; i < de->ndiags; i++) free_diag(&de->diags[i]);
  free(de->diags);
  memset(de, 0, sizeof *de);
}

/* Line starts: 0, then the offset after every '\n' that is not the last
 * byte.  "\r\n" needs no special case here (the '\r' is stripped from the
 * line's content by line_end).  A file ending without a newline still has
 * its last line; an empty file has one empty line. */
static void compute_lines(Source *s) {
  int cap = 64;
  s->lines = bsc_malloc(sizeof(uint32_t) * (size_t)cap);
  s->nlines = 0;
  s->lines[s->nlines++] = 0;
  const char *p = s->text, *end = s->text + s->len;
  while (p < end) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    if (!nl || nl + 1 >= end) break;
    if (s->nlines == cap) {
      cap *= 2;
      s->lines = bsc_realloc(s->lines, sizeof(uint32_t) * (size_t)cap);
    }
    s->lines[s->nlines++] = (uint32_t)(nl + 1 - s->text);
    p = nl + 1;
  }
}

int diag_add_source(DiagEngine *de, const char *path, char *text, size_t len, bool builtin) {
  if (de->nsrcs == de->capsrcs) {
    de->capsrcs = de->capsrcs ? de->capsrcs * 2 : 8;
    de->srcs = bsc_realloc(de->srcs, sizeof(Source) * (size_t)de->capsrcs);
  }
  Source *s = &de->srcs[de->nsrcs];
  memset(s, 0, sizeof *s);
  s->path = bsc_strdup(path ? path : "");
  if (!text) {
    text = bsc_malloc(1);
    text[0] = '\0';
    len = 0;
  }
  s->text = text;
  s->len = len;
  s->builtin = builtin;
  compute_lines(s);
  return de->nsrcs++;
}

const Source *diag_source(const DiagEngine *de, int file) {
  if (file < 0 || file >= de->nsrcs) return NULL;
  return &de->srcs[file];
}

/* Index of the line containing off (off clamped to the text). */
static int line_index(const Source *s, uint32_t off) {
  int lo = 0, hi = s->nlines - 1;
  while (lo < hi) {
    int mid = lo + (hi - lo + 1) / 2;
    if (s->lines[mid] <= off) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/* End of line i's content: before its "\n" or "\r\n". */
static size_t line_end(const Source *s, int i) {
  size_t e = i + 1 < s->nlines ? s->lines[i + 1] : s->len;
  if (e > s->lines[i] && s->text[e - 1] == '\n') {
    e--;
    if (e > s->lines[i] && s->text[e - 1] == '\r') e--;
  }
  return e;
}

static uint32_t clamp_off(const Source *s, uint32_t off) {
  return off > s->len ? (uint32_t)s->len : off;
}

void diag_linecol(const DiagEngine *de, int file, uint32_t off, int *line, int *col) {
  const Source *s = diag_source(de, file);
  if (!s) {
    if (line) *line = 0;
    if (col) *col = 0;
    return;
  }
  off = clamp_off(s, off);
  int i = line_index(s, off);
  size_t start = s->lines[i], end = line_end(s, i);
  size_t stop = off < end ? off : end;     /* a terminator counts as its line's end */
  if (line) *line = i + 1;
  if (col) *col = 1 + utf8_count(s->text + start, stop - start);
}

/* ---- reporting ------------------------------------------------------------ */
/* Where dropped diagnostics go.  Functions that attach text to a Diag
 * ignore it, so nothing leaks. */
static Diag scratch;

static char *vfmt(const char *fmt, va_list ap) {
  va_list ap2;
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap2);
  va_end(ap2);
  if (n < 0) return bsc_strdup("");
  char *p = bsc_malloc((size_t)n + 1);
  vsnprintf(p, (size_t)n + 1, fmt, ap);
  return p;
}

static Diag *drop(void) {
  memset(&scratch, 0, sizeof scratch);
  return &scratch;
}

Diag *diag_report(DiagEngine *de, DiagCode code, Span span, const char *fmt, ...) {
  Severity sev = diag_code_severity(code);
  if (sev == SEV_WARNING && code_ok(code)) {
    if (de->deny[code]) sev = SEV_ERROR;
    else if (de->allow[code]) return drop();
    else if (de->werror) sev = SEV_ERROR;
  }
  if (sev == SEV_ERROR) {
    int kept = de->nerrors - de->dropped;
    de->nerrors++;
    if (de->max_errors > 0 && kept >= de->max_errors) {
      de->dropped++;
      return drop();
    }
  } else if (sev == SEV_WARNING) {
    de->nwarnings++;
  }
  if (de->ndiags == de->capdiags) {
    de->capdiags = de->capdiags ? de->capdiags * 2 : 16;
    de->diags = bsc_realloc(de->diags, sizeof(Diag) * (size_t)de->capdiags);
  }
  Diag *d = &de->diags[de->ndiags++];
  memset(d, 0, sizeof *d);
  d->code = code;
  d->sev = sev;
  d->span = span;
  va_list ap;
  va_start(ap, fmt);
  d->msg = vfmt(fmt, ap);
  va_end(ap);
  return d;
}

void diag_label(Diag *d, const char *fmt, ...) {
  if (!d || d == &scratch) return;
  va_list ap;
  va_start(ap, fmt);
  char *s = vfmt(fmt, ap);
  va_end(ap);
  free(d->label);
  d->label = s;
}

void diag_note(Diag *d, Span span, const char *fmt, ...) {
  if (!d || d == &scratch) return;
  va_list ap;
  va_start(ap, fmt);
  char *s = vfmt(fmt, ap);
  va_end(ap);
  d->notes = bsc_realloc(d->notes, sizeof(DiagNote) * (size_t)(d->nnotes + 1));
  d->notes[d->nnotes].span = span;
  d->notes[d->nnotes].msg = s;
  d->nnotes++;
}

void diag_help(Diag *d, const char *fmt, ...) {
  if (!d || d == &scratch) return;
  va_list ap;
  va_start(ap, fmt);
  char *s = vfmt(fmt, ap);
  va_end(ap);
  free(d->help);
  d->help = s;
}

DiagMark diag_mark(const DiagEngine *de) {
  return (DiagMark){ de->ndiags, de->nerrors, de->nwarnings, de->dropped };
}

void diag_rewind(DiagEngine *de, DiagMark m) {
  while (de->ndiags > m.ndiags) free_diag(&de->diags[--de->ndiags]);
  de->nerrors = m.nerrors;
  de->nwarnings = m.nwarnings;
  de->dropped = m.dropped;
}

void diag_append(DiagEngine *to, DiagEngine *from) {
  for (int i = 0; i < from->ndiags; i++) {
    Diag *d = &from->diags[i];
    if (d->sev == SEV_ERROR) {
      int kept = to->nerrors - to->dropped;
      to->nerrors++;
      if (to->max_errors > 0 && kept >= to->max_errors) {
        to->dropped++;
        free_diag(d);
        continue;
      }
    } else if (d->sev == SEV_WARNING) {
      to->nwarnings++;
    }
    if (to->ndiags == to->capdiags) {
      to->capdiags = to->capdiags ? to->capdiags * 2 : 16;
      to->diags = bsc_realloc(to->diags, sizeof(Diag) * (size_t)to->capdiags);
    }
    to->diags[to->ndiags++] = *d;
  }
  /* from's own dropped errors came after its kept ones: dropped here too */
  to->nerrors += from->dropped;
  to->dropped += from->dropped;
  from->ndiags = from->nerrors = from->nwarnings = from->dropped = 0;
}

void diag_fix(Diag *d, Span at, const char *text) {
  if (!d || d == &scratch || !text || at.file < 0) return;
  free(d->fix);
  d->fix = strdup(text);
  if (!d->fix) abort();
  d->fix_span = at;
  d->fix_at = true;
}

void diag_did_you_mean(Diag *d, const char *name) {
  if (!d || d == &scratch || !name) return;
  diag_help(d, "did you mean `%s`?", name);
  free(d->fix);
  d->fix = strdup(name);
  if (!d->fix) abort();
  d->fix_at = false;
}

/* ---- sorting ---------------------------------------------------------------- */
typedef struct SortKey {
  int file;
  uint32_t off;
  DiagCode code;
  int idx;
} SortKey;

static int cmp_key(const void *pa, const void *pb) {
  const SortKey *a = pa, *b = pb;
  if (a->file != b->file) return a->file < b->file ? -1 : 1;
  if (a->off != b->off) return a->off < b->off ? -1 : 1;
  if (a->code != b->code) return a->code < b->code ? -1 : 1;
  return a->idx < b->idx ? -1 : a->idx > b->idx;     /* stable */
}

void diag_sort(DiagEngine *de) {
  int n = de->ndiags;
  if (n < 2) return;
  SortKey *keys = bsc_malloc(sizeof(SortKey) * (size_t)n);
  for (int i = 0; i < n; i++) {
    Span sp = de->diags[i].span;
    /* Diagnostics without a location come first. */
    keys[i] = (SortKey){sp.file < 0 ? -1 : sp.file, sp.file < 0 ? 0 : sp.off,
                        de->diags[i].code, i};
  }
  qsort(keys, (size_t)n, sizeof *keys, cmp_key);
  Diag *sorted = bsc_malloc(sizeof(Diag) * (size_t)de->capdiags);
  for (int i = 0; i < n; i++) sorted[i] = de->diags[keys[i].idx];
  free(de->diags);
  de->diags = sorted;
  free(keys);
}

/* ---- text helpers -------------------------------------------------------------- */
static const char REPLACEMENT[] = "\xEF\xBF\xBD";   /* U+FFFD */

/* Code points that must not reach a terminal verbatim: C0/C1 controls
 * (tab is handled by the caller), DEL, line/paragraph separators and the
 * bidirectional overrides and isolates ("Trojan Source"). */
static bool unprintable(uint32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 ||
         (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

/* Appends s with invalid UTF-8 replaced by U+FFFD.  For text output
 * (terminal true) unprintable code points other than tab and newline are
 * replaced too. */
static void put_clean(Buf *b, const char *s, bool terminal) {
  size_t n = strlen(s), i = 0;
  while (i < n) {
    uint32_t cp;
    int k = utf8_decode(s + i, n - i, &cp);
    if (!k) {
      buf_puts(b, REPLACEMENT);
      i++;
      continue;
    }
    if (terminal && cp != '\t' && cp != '\n' && unprintable(cp)) buf_puts(b, REPLACEMENT);
    else buf_putn(b, s + i, (size_t)k);
    i += (size_t)k;
  }
}

static char *clean_dup(const char *s, bool terminal) {
  Buf b;
  buf_init(&b);
  put_clean(&b, s ? s : "", terminal);
  return buf_steal(&b);
}

static void put_spaces(Buf *b, int n) {
  for (int i = 0; i < n; i++) buf_putc(b, ' ');
}

#define TAB_WIDTH 4

/* Lines longer than this many bytes are shown as a window around the span. */
#define SNIPPET_MAX_BYTES 160
#define SNIPPET_CONTEXT 60

/* Appends source bytes [ls, le) for display: tabs expanded to the next
 * multiple of TAB_WIDTH columns, invalid bytes and unprintable code points
 * as U+FFFD.  Reports the display column (0-based) of byte offsets a and
 * b; an offset inside a character gets that character's column, one at or
 * past le gets the line's width. */
static void put_source_line(Buf *out, const char *text, size_t ls, size_t le,
                            size_t a, size_t b, int *ca, int *cb) {
  int col = 0;
  bool have_a = false, have_b = false;
  size_t i = ls;
  while (i < le) {
    unsigned char c = (unsigned char)text[i];
    uint32_t cp = c;
    int k = c < 0x80 ? 1 : utf8_decode(text + i, le - i, &cp);
    bool valid = k > 0;
    if (!valid) k = 1;
    if (!have_a && a < i + (size_t)k) { *ca = col; have_a = true; }
    if (!have_b && b < i + (size_t)k) { *cb = col; have_b = true; }
    if (c == '\t') {
      int n = TAB_WIDTH - col % TAB_WIDTH;
      put_spaces(out, n);
      col += n;
    } else if (!valid || unprintable(cp)) {
      buf_puts(out, REPLACEMENT);
      col += 1;
    } else {
      buf_putn(out, text + i, (size_t)k);
      col += utf8_cp_width(cp);
    }
    i += (size_t)k;
  }
  if (!have_a) *ca = col;
  if (!have_b) *cb = col;
}

/* ANSI styles. */
#define C_RESET "\033[0m"
#define C_BOLD "\033[1m"
#define C_RED "\033[1;31m"
#define C_YELLOW "\033[1;33m"
#define C_CYAN "\033[1;36m"
#define C_BLUE "\033[1;34m"

static void styled(Buf *b, bool color, const char *style, const char *s) {
  if (color) buf_puts(b, style);
  buf_puts(b, s);
  if (color) buf_puts(b, C_RESET);
}

static const char *sev_word(Severity s) {
  return s == SEV_ERROR ? "error" : s == SEV_WARNING ? "warning" : "note";
}

static const char *sev_color(Severity s) {
  return s == SEV_ERROR ? C_RED : s == SEV_WARNING ? C_YELLOW : C_CYAN;
}

static int digits(int n) {
  int d = 1;
  while (n >= 10) {
    n /= 10;
    d++;
  }
  return d;
}

/* The empty gutter line: w+1 spaces and '|'. */
static void put_gutter(Buf *b, int w, bool color) {
  put_spaces(b, w + 1);
  styled(b, color, C_BLUE, "|");
  buf_putc(b, '\n');
}

static void put_location(Buf *b, const DiagEngine *de, Span sp) {
  int line, col;
  diag_linecol(de, sp.file, sp.off, &line, &col);
  if (de->byte_columns && line > 0) {   /* --columns=byte: for Vim's %c */
    const Source *s = diag_source(de, sp.file);
    uint32_t off = clamp_off(s, sp.off);
    size_t start = s->lines[line - 1], end = line_end(s, line - 1);
    col = 1 + (int)((off < end ? off : end) - start);
  }
  put_clean(b, de->srcs[sp.file].path, true);
  buf_printf(b, ":%d:%d: ", line, col);
}

/* A snippet: empty gutter line, the source line, the caret line. */
static void put_snippet(Buf *b, const DiagEngine *de, Span sp, int w, bool color,
                        const char *caret_style, const char *label) {
  const Source *s = &de->srcs[sp.file];
  uint32_t off = clamp_off(s, sp.off);
  uint32_t end = clamp_off(s, sp.end);
  if (end < off) end = off;
  int li = line_index(s, off);
  size_t ls = s->lines[li], le = line_end(s, li);

  /* A very long line (minified or generated input) is shown as a window
   * around the span, so a snippet stays readable and costs O(window). */
  size_t ws = ls, we = le;
  if (le - ls > SNIPPET_MAX_BYTES) {
    if (off > ls + SNIPPET_CONTEXT) ws = off - SNIPPET_CONTEXT;
    if (we > ws + SNIPPET_MAX_BYTES) we = ws + SNIPPET_MAX_BYTES;
    while (ws > ls && ((unsigned char)s->text[ws] & 0xC0) == 0x80) ws--;
    while (we < le && ((unsigned char)s->text[we] & 0xC0) == 0x80) we++;
  }

  put_gutter(b, w, color);

  Buf text;
  buf_init(&text);
  int ca = 0, cb = 0;
  if (ws > ls) buf_puts(&text, "...");
  int shift = ws > ls ? 3 : 0;
  put_source_line(&text, s->text, ws, we, off, end, &ca, &cb);
  ca += shift;
  cb += shift;
  if (we < le) buf_puts(&text, "...");
  if (color) buf_puts(b, C_BLUE);
  buf_printf(b, "%*d |", w, li + 1);
  if (color) buf_puts(b, C_RESET);
  if (text.len) {
    buf_putc(b, ' ');
    buf_putn(b, text.data, text.len);
  }
  buf_putc(b, '\n');
  buf_free(&text);

  put_spaces(b, w + 1);
  styled(b, color, C_BLUE, "|");
  buf_putc(b, ' ');
  put_spaces(b, ca);
  int n = cb > ca ? cb - ca : 1;
  if (color) buf_puts(b, caret_style);
  for (int i = 0; i < n; i++) buf_putc(b, '^');
  if (label && *label) {
    buf_putc(b, ' ');
    put_clean(b, label, true);
  }
  if (color) buf_puts(b, C_RESET);
  buf_putc(b, '\n');
}

static bool has_loc(const DiagEngine *de, Span sp) { return sp.file >= 0 && sp.file < de->nsrcs; }

static void put_headline(Buf *b, const char *what, const char *style, const char *msg,
                         bool color) {
  styled(b, color, style, what);
  buf_puts(b, ": ");
  if (color) buf_puts(b, C_BOLD);
  put_clean(b, msg ? msg : "", true);
  if (color) buf_puts(b, C_RESET);
  buf_putc(b, '\n');
}

static void render_text_one(Buf *b, const DiagEngine *de, const Diag *d, bool color) {
  /* Gutter width: digits of the largest line number shown. */
  int maxline = 0, line;
  if (has_loc(de, d->span)) {
    diag_linecol(de, d->span.file, d->span.off, &line, NULL);
    maxline = line;
  }
  for (int i = 0; i < d->nnotes; i++) {
    if (!has_loc(de, d->notes[i].span)) continue;
    diag_linecol(de, d->notes[i].span.file, d->notes[i].span.off, &line, NULL);
    if (line > maxline) maxline = line;
  }
  int w = maxline ? digits(maxline) : 0;

  char what[64];
  snprintf(what, sizeof what, "%s[%s]", sev_word(d->sev), diag_code_str(d->code));
  const char *style = sev_color(d->sev);
  bool more = d->nnotes > 0 || d->help;

  if (has_loc(de, d->span)) {
    put_location(b, de, d->span);
    put_headline(b, what, style, d->msg, color);
    put_snippet(b, de, d->span, w, color, style, d->label);
    if (more) put_gutter(b, w, color);
  } else {
    buf_puts(b, "bscc: ");
    put_headline(b, what, style, d->msg, color);
  }

  for (int i = 0; i < d->nnotes; i++) {
    const DiagNote *nt = &d->notes[i];
    if (!has_loc(de, nt->span)) continue;
    put_location(b, de, nt->span);
    put_headline(b, "note", C_CYAN, nt->msg, color);
    put_snippet(b, de, nt->span, w, color, C_CYAN, NULL);
  }
  for (int i = 0; i < d->nnotes; i++) {
    const DiagNote *nt = &d->notes[i];
    if (has_loc(de, nt->span)) continue;
    put_spaces(b, w + 1);
    styled(b, color, C_BLUE, "=");
    buf_putc(b, ' ');
    styled(b, color, C_CYAN, "note");
    buf_puts(b, ": ");
    put_clean(b, nt->msg ? nt->msg : "", true);
    buf_putc(b, '\n');
  }
  if (d->help) {
    put_spaces(b, w + 1);
    styled(b, color, C_BLUE, "=");
    buf_putc(b, ' ');
    styled(b, color, C_CYAN, "help");
    buf_puts(b, ": ");
    put_clean(b, d->help, true);
    buf_putc(b, '\n');
  }
  buf_putc(b, '\n');
}

static void render_text(DiagEngine *de, FILE *out, bool color) {
  Buf b;
  buf_init(&b);
  for (int i = 0; i < de->ndiags; i++) render_text_one(&b, de, &de->diags[i], color);
  if (de->dropped > 0)
    buf_printf(&b, "bscc: %d more error%s not shown (--max-errors=0 shows all)\n",
               de->dropped, de->dropped == 1 ? "" : "s");
  if (b.len) fwrite(b.data, 1, b.len, out);
  buf_free(&b);
}

/* ---- JSON ------------------------------------------------------------------- */
json_t *diag_json_str(const char *s) {
  if (!s) return json_null();
  json_t *j = json_string(s);
  if (j) return j;
  char *c = clean_dup(s, false);
  j = json_string(c);
  free(c);
  return j ? j : json_string("");
}

/* Diagnostics never carry null strings: a missing one is "". */
static json_t *jstr(const char *s) { return diag_json_str(s ? s : ""); }

static void set(json_t *o, const char *k, json_t *v) { json_object_set_new(o, k, v); }

typedef struct Loc {
  int line, col, end_line, end_col;
  uint32_t off, end;
} Loc;

static Loc span_loc(const DiagEngine *de, Span sp) {
  const Source *s = &de->srcs[sp.file];
  Loc l;
  l.off = clamp_off(s, sp.off);
  l.end = clamp_off(s, sp.end);
  if (l.end < l.off) l.end = l.off;
  diag_linecol(de, sp.file, l.off, &l.line, &l.col);
  diag_linecol(de, sp.file, l.end, &l.end_line, &l.end_col);
  return l;
}

static void set_range(json_t *o, const DiagEngine *de, Span sp) {
  Loc l = span_loc(de, sp);
  set(o, "file", jstr(de->srcs[sp.file].path));
  set(o, "line", json_integer(l.line));
  set(o, "column", json_integer(l.col));
  set(o, "end_line", json_integer(l.end_line));
  set(o, "end_column", json_integer(l.end_col));
}

static void render_json(DiagEngine *de, FILE *out) {
  json_t *root = json_object();
  set(root, "version", json_integer(1));
  json_t *arr = json_array();
  for (int i = 0; i < de->ndiags; i++) {
    const Diag *d = &de->diags[i];
    json_t *o = json_object();
    if (has_loc(de, d->span)) {
      Loc l = span_loc(de, d->span);
      set_range(o, de, d->span);
      set(o, "offset", json_integer(l.off));
      set(o, "end_offset", json_integer(l.end));
    } else {
      const char *keys[] = {"file", "line", "column", "end_line", "end_column", "offset",
                            "end_offset"};
      for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) set(o, keys[k], json_null());
    }
    set(o, "severity", json_string(sev_word(d->sev)));
    set(o, "code", json_string(diag_code_str(d->code)));
    set(o, "name", json_string(diag_code_name(d->code)));
    set(o, "message", jstr(d->msg));
    if (d->label) set(o, "label", jstr(d->label));
    json_t *notes = json_array();
    for (int k = 0; k < d->nnotes; k++) {
      json_t *n = json_object();
      if (has_loc(de, d->notes[k].span)) set_range(n, de, d->notes[k].span);
      set(n, "message", jstr(d->notes[k].msg));
      json_array_append_new(notes, n);
    }
    set(o, "notes", notes);
    if (d->help) set(o, "help", jstr(d->help));
    if (d->fix) set(o, "fix", jstr(d->fix));
    if (d->fix && d->fix_at && has_loc(de, d->fix_span)) {
      json_t *at = json_object();
      Loc l = span_loc(de, d->fix_span);
      set_range(at, de, d->fix_span);
      set(at, "offset", json_integer(l.off));
      set(at, "end_offset", json_integer(l.end));
      set(o, "fix_at", at);
    }
    json_array_append_new(arr, o);
  }
  set(root, "diagnostics", arr);
  set(root, "errors", json_integer(de->nerrors));
  set(root, "warnings", json_integer(de->nwarnings));
  json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
  fputc('\n', out);
  json_decref(root);
}

/* ---- SARIF 2.1.0 ---------------------------------------------------------------- */
/* artifactLocation.uri: a relative path stays a relative reference, an
 * absolute one becomes a file:// URI; ASCII characters that are not
 * allowed in a URI path are percent-encoded (non-ASCII is kept, making it
 * an IRI).  Builtin sources are given as they are named ("std/..."). */
static json_t *path_uri(const Source *s) {
  if (s->builtin) return jstr(s->path);
  Buf b;
  buf_init(&b);
  const char *p = s->path;
  if (p[0] == '/') buf_puts(&b, "file://");
  for (; *p; p++) {
    unsigned char c = (unsigned char)*p;
    if (c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
        (c >= '0' && c <= '9') || strchr("-._~/!$&'()*+,;=@", c))
      buf_putc(&b, (char)c);
    else
      buf_printf(&b, "%%%02X", c);
  }
  char *u = buf_steal(&b);
  json_t *j = jstr(u);
  free(u);
  return j;
}

static json_t *physical_location(const DiagEngine *de, Span sp) {
  Loc l = span_loc(de, sp);
  json_t *art = json_object();
  set(art, "uri", path_uri(&de->srcs[sp.file]));
  json_t *region = json_object();
  set(region, "startLine", json_integer(l.line));
  set(region, "startColumn", json_integer(l.col));
  set(region, "endLine", json_integer(l.end_line));
  set(region, "endColumn", json_integer(l.end_col));
  json_t *pl = json_object();
  set(pl, "artifactLocation", art);
  set(pl, "region", region);
  return pl;
}

static json_t *text_obj(const char *s) {
  json_t *o = json_object();
  set(o, "text", jstr(s));
  return o;
}

static const char *sarif_level(Severity s) {
  return s == SEV_ERROR ? "error" : s == SEV_WARNING ? "warning" : "note";
}

static void render_sarif(DiagEngine *de, FILE *out) {
  json_t *rules = json_array();
  for (int i = 0; i < CODE_COUNT; i++) {
    json_t *r = json_object();
    set(r, "id", json_string(code_table[i].id));
    set(r, "name", json_string(code_table[i].name));
    set(r, "shortDescription", text_obj(code_table[i].summary));
    const char *full = code_table[i].explanation;
    set(r, "fullDescription", text_obj(full && *full ? full : code_table[i].summary));
    json_t *cfg = json_object();
    set(cfg, "level", json_string(sarif_level(code_table[i].sev)));
    set(r, "defaultConfiguration", cfg);
    json_array_append_new(rules, r);
  }
  json_t *driver = json_object();
  set(driver, "name", json_string("bscc"));
  set(driver, "version", json_string(BSCC_VERSION));
  set(driver, "rules", rules);
  json_t *tool = json_object();
  set(tool, "driver", driver);

  json_t *results = json_array();
  for (int i = 0; i < de->ndiags; i++) {
    const Diag *d = &de->diags[i];
    json_t *r = json_object();
    set(r, "ruleId", json_string(diag_code_str(d->code)));
    set(r, "ruleIndex", json_integer(code_ok(d->code) ? (json_int_t)d->code : -1));
    set(r, "level", json_string(sarif_level(d->sev)));
    Buf msg;
    buf_init(&msg);
    buf_puts(&msg, d->msg ? d->msg : "");
    if (d->help) buf_printf(&msg, " (help: %s)", d->help);
    char *m = buf_steal(&msg);
    set(r, "message", text_obj(m));
    free(m);
    if (has_loc(de, d->span)) {
      json_t *locs = json_array();
      json_t *loc = json_object();
      set(loc, "physicalLocation", physical_location(de, d->span));
      json_array_append_new(locs, loc);
      set(r, "locations", locs);
    }
    json_t *related = json_array();
    int id = 0;
    for (int k = 0; k < d->nnotes; k++) {
      if (!has_loc(de, d->notes[k].span)) continue;
      json_t *rl = json_object();
      set(rl, "id", json_integer(++id));
      set(rl, "physicalLocation", physical_location(de, d->notes[k].span));
      set(rl, "message", text_obj(d->notes[k].msg));
      json_array_append_new(related, rl);
    }
    if (id) set(r, "relatedLocations", related);
    else json_decref(related);
    json_array_append_new(results, r);
  }

  json_t *run = json_object();
  set(run, "tool", tool);
  set(run, "columnKind", json_string("unicodeCodePoints"));
  set(run, "results", results);
  json_t *runs = json_array();
  json_array_append_new(runs, run);

  json_t *root = json_object();
  set(root, "$schema", json_string("https://json.schemastore.org/sarif-2.1.0.json"));
  set(root, "version", json_string("2.1.0"));
  set(root, "runs", runs);
  json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
  fputc('\n', out);
  json_decref(root);
}

bool diag_use_color(int mode, FILE *f) {
  if (mode >= 0) return mode == 1;
  const char *nc = getenv("NO_COLOR");
  if (nc && *nc) return false;
  const char *term = getenv("TERM");
  if (term && !strcmp(term, "dumb")) return false;
  return isatty(fileno(f));
}

void diag_render(DiagEngine *de, FILE *out, DiagFormat fmt, bool color) {
  switch (fmt) {
  case FMT_JSON: render_json(de, out); break;
  case FMT_SARIF: render_sarif(de, out); break;
  default: render_text(de, out, color); break;
  }
  fflush(out);
}
