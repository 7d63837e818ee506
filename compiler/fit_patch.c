/*
 * fit_patch.c - writing `bscc fit`'s estimates back into the strategy
 * file: each supported link's strength (as the distribution of its
 * estimate, `normal(MEAN, SE)`) and lag are replaced in the text
 * (spans from the parse), the result is formatted when the file was
 * canonical, and shown as a unified diff or written by the command.
 */
#include "fit_out.h"
#include "fmt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct Edit {
  uint32_t off, end;         /* the bytes replaced (off == end: an insertion) */
  char text[128];
} Edit;

static int edit_cmp(const void *a, const void *b) {
  const Edit *x = a, *y = b;
  return x->off < y->off ? -1 : x->off > y->off;
}

/* A strength as a file would say it: 0.62, 0.6, 1, -0.35. */
static void strength_text(double v, char *buf, size_t n) {
  snprintf(buf, n, "%.2f", v);
  char *dot = strchr(buf, '.');
  if (!dot) return;
  char *end = buf + strlen(buf);
  while (end > dot + 1 && end[-1] == '0') *--end = 0;
  if (end == dot + 1) *dot = 0;
}

/* A lag of n periods of the cadence, in the lag units the lexer reads
 * (a half year is two quarters). */
static void lag_text(int n, PeriodKind cad, char *buf, size_t sz) {
  if (n == 0) { snprintf(buf, sz, "0"); return; }
  switch (cad) {
  case PER_YEAR: snprintf(buf, sz, "%dy", n); break;
  case PER_HALF: snprintf(buf, sz, "%dq", 2 * n); break;
  case PER_QUARTER: snprintf(buf, sz, "%dq", n); break;
  default: snprintf(buf, sz, "%dm", n); break;
  }
}

/* A fitted strength as the file writes it: the sampling distribution of
 * the estimate, `normal(MEAN, SD)` (docs/fit.md §1), MEAN the estimate
 * rounded and clamped, SD its standard error rounded (at least 0.01). */
static void dist_text(const FitLink *fl, char *buf, size_t n) {
  char m[24], sd[24];
  strength_text(fl->suggested, m, sizeof m);
  strength_text(fl->suggested_sd, sd, sizeof sd);
  snprintf(buf, n, "normal(%s, %s)", m, sd);
}

/* Whether the bytes [off, end) of the source already say `text`. */
static bool says(const Source *src, uint32_t off, uint32_t end, const char *text) {
  size_t n = strlen(text);
  return end - off == n && !memcmp(src->text + off, text, n);
}

/* The edits of one link; returns how many were added to e.  A strength
 * is rewritten when its text differs from the distribution fitted (so a
 * second write changes nothing), a lag when its number of periods does. */
static int link_edits(const FitLink *fl, const Source *src, PeriodKind cad, Edit *e) {
  const Link *l = fl->l;
  char s[80], lg[32];
  dist_text(fl, s, sizeof s);
  lag_text(fl->lag, cad, lg, sizeof lg);
  bool new_s = !l->strength || !says(src, l->strength->span.off, l->strength->span.end, s);
  bool new_l = fl->lag != fl->written_lag;
  int n = 0;
  if (new_s && l->strength) {
    e[n++] = (Edit){l->strength->span.off, l->strength->span.end, ""};
    snprintf(e[n - 1].text, sizeof e[n - 1].text, "%s", s);
  }
  if (new_l && l->lag.present) {
    e[n++] = (Edit){l->lag.span.off, l->lag.span.end, ""};
    snprintf(e[n - 1].text, sizeof e[n - 1].text, "%s", lg);
  }
  /* what the link does not write yet goes after its last attribute */
  uint32_t tail = l->to.span.end;
  if (l->strength && l->strength->span.end > tail) tail = l->strength->span.end;
  if (l->lag.present && l->lag.span.end > tail) tail = l->lag.span.end;
  char ins[128] = "";
  if (new_s && !l->strength) snprintf(ins, sizeof ins, " strength %s", s);
  if (new_l && !l->lag.present) snprintf(ins + strlen(ins), sizeof ins - strlen(ins), " lag %s", lg);
  if (*ins) {
    e[n++] = (Edit){tail, tail, ""};
    snprintf(e[n - 1].text, sizeof e[n - 1].text, "%s", ins);
  }
  return n;
}

char *fit_patch_text(const FitResult *R, bool canonical, int *nchanged) {
  const Program *p = R->sc->p;
  const Source *src = diag_source(p->de, p->main_file);
  const Strategy *st = p->strategy;
  PeriodKind cad = st && st->cadence_eff != PER_NONE ? st->cadence_eff : PER_QUARTER;
  Edit *ed = bsc_calloc((size_t)R->nlinks * 3 + 1, sizeof *ed);
  int ne = 0;
  *nchanged = 0;
  for (int i = 0; i < R->nlinks; i++) {
    const FitLink *fl = &R->links[i];
    if (fl->l->h.span.file != p->main_file || fl->verdict != FV_SUPPORTED) continue;
    int k = link_edits(fl, src, cad, ed + ne);
    if (k) (*nchanged)++;
    ne += k;
  }
  if (!ne) { free(ed); return NULL; }
  qsort(ed, (size_t)ne, sizeof *ed, edit_cmp);
  Buf b;
  buf_init(&b);
  uint32_t at = 0;
  for (int i = 0; i < ne; i++) {
    buf_putn(&b, src->text + at, ed[i].off - at);
    buf_puts(&b, ed[i].text);
    at = ed[i].end;
  }
  buf_putn(&b, src->text + at, src->len - at);
  free(ed);
  char *text = buf_steal(&b);
  if (!canonical) return text;
  DiagEngine de;
  diag_init(&de);
  char *out = NULL, *why = NULL;
  FmtStatus fs = fmt_text(src->path, text, strlen(text), &de, &out, &why);
  diag_free(&de);
  free(why);
  /* a file that does not parse (a parser without distributions of link
   * strengths) is returned as edited: the command's check refuses it */
  if (fs != FMT_OK) return text;
  free(text);
  return out;
}

/* ---- the diff ----------------------------------------------------------- */

typedef struct Lines { const char **s; int *len; int n; } Lines;

static Lines split(const char *t) {
  Lines L = {0};
  int cap = 16;
  L.s = bsc_malloc(sizeof *L.s * (size_t)cap);
  L.len = bsc_malloc(sizeof *L.len * (size_t)cap);
  while (*t) {
    const char *nl = strchr(t, '\n');
    int n = nl ? (int)(nl - t) + 1 : (int)strlen(t);
    if (L.n == cap) {
      cap *= 2;
      L.s = bsc_realloc(L.s, sizeof *L.s * (size_t)cap);
      L.len = bsc_realloc(L.len, sizeof *L.len * (size_t)cap);
    }
    L.s[L.n] = t;
    L.len[L.n++] = n;
    t += n;
  }
  return L;
}

static bool same(const Lines *a, int i, const Lines *b, int j) {
  return a->len[i] == b->len[j] && !memcmp(a->s[i], b->s[j], (size_t)a->len[i]);
}

static void put_line(Buf *out, char mark, const Lines *L, int i) {
  buf_putc(out, mark);
  buf_putn(out, L->s[i], (size_t)L->len[i]);
  if (L->s[i][L->len[i] - 1] != '\n') buf_puts(out, "\n\\ No newline at end of file\n");
}

#define CONTEXT 3

/* One hunk: old lines [a0, a1) and new lines [b0, b1), where the lines
 * changed are those that differ position by position (equal counts), or
 * the whole middle [ca, ca_end) / [cb, cb_end) otherwise. */
static void hunk(Buf *out, const Lines *A, const Lines *B, int a0, int a1, int b0, int b1, bool paired) {
  buf_printf(out, "@@ -%d,%d +%d,%d @@\n", a0 + 1, a1 - a0, b0 + 1, b1 - b0);
  if (paired) {
    for (int i = a0; i < a1;) {
      if (same(A, i, B, i - a0 + b0)) { put_line(out, ' ', A, i++); continue; }
      int j = i;
      while (j < a1 && !same(A, j, B, j - a0 + b0)) j++;
      for (int k = i; k < j; k++) put_line(out, '-', A, k);
      for (int k = i; k < j; k++) put_line(out, '+', B, k - a0 + b0);
      i = j;
    }
    return;
  }
  int pre = 0;
  while (a0 + pre < a1 && b0 + pre < b1 && same(A, a0 + pre, B, b0 + pre)) pre++;
  int suf = 0;
  while (a1 - suf > a0 + pre && b1 - suf > b0 + pre && same(A, a1 - 1 - suf, B, b1 - 1 - suf)) suf++;
  for (int i = a0; i < a0 + pre; i++) put_line(out, ' ', A, i);
  for (int i = a0 + pre; i < a1 - suf; i++) put_line(out, '-', A, i);
  for (int i = b0 + pre; i < b1 - suf; i++) put_line(out, '+', B, i);
  for (int i = a1 - suf; i < a1; i++) put_line(out, ' ', A, i);
}

void fit_render_diff(Buf *out, const char *path, const char *old, const char *new_) {
  Lines A = split(old), B = split(new_);
  buf_printf(out, "--- a/%s\n+++ b/%s\n", path, path);
  if (A.n == B.n) {
    /* hunks around runs of changed lines, merged when their contexts meet */
    int i = 0;
    while (i < A.n) {
      while (i < A.n && same(&A, i, &B, i)) i++;
      if (i == A.n) break;
      int start = i > CONTEXT ? i - CONTEXT : 0, end = i;
      for (;;) {
        while (end < A.n && !same(&A, end, &B, end)) end++;
        int next = end;
        while (next < A.n && same(&A, next, &B, next)) next++;
        if (next < A.n && next - end <= 2 * CONTEXT) { end = next; continue; }
        break;
      }
      int stop = end + CONTEXT < A.n ? end + CONTEXT : A.n;
      hunk(out, &A, &B, start, stop, start, stop, true);
      i = stop;
    }
  } else {
    int pre = 0;
    while (pre < A.n && pre < B.n && same(&A, pre, &B, pre)) pre++;
    int suf = 0;
    while (suf < A.n - pre && suf < B.n - pre && same(&A, A.n - 1 - suf, &B, B.n - 1 - suf)) suf++;
    int a0 = pre > CONTEXT ? pre - CONTEXT : 0, b0 = a0;
    int a1 = A.n - suf + (suf > CONTEXT ? CONTEXT : suf), b1 = B.n - suf + (suf > CONTEXT ? CONTEXT : suf);
    hunk(out, &A, &B, a0, a1, b0, b1, false);
  }
  free(A.s); free(A.len); free(B.s); free(B.len);
}
