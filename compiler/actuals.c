/*
 * actuals.c - measured values: the check-ins of the .bsc files and CSV
 * files of actuals (libcsv), converted into the units of their measures.
 *
 * CSV spans: libcsv does not report positions, so the text is fed to it
 * one byte at a time and the offset of each field's first byte is tracked
 * here; every diagnostic then points at the field (or the row) it is
 * about.  docs/semantics.md §2 gives the rules; E090/E091 in codes.def.
 */
#define BSC_SEMA_INTERNAL     /* read-only use of the checker's unit table (p->sema->tt) */
#include "actuals.h"
#include "csvio.h"
#include "sema.h"
#include "types.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the set --------------------------------------------------------- */

void actuals_init(ActualSet *s) { memset(s, 0, sizeof *s); }

void actuals_free(ActualSet *s) {
  for (int i = 0; i < s->n; i++) {
    free((char *)s->items[i].note);
    free((char *)s->items[i].who);
  }
  free(s->items);
  free(s->slots);
  for (int i = 0; i < s->nfiles; i++) free((char *)s->files[i]);
  free(s->files);
  memset(s, 0, sizeof *s);
}

static uint64_t key_hash(const KR *m, int member, Period pd) {
  uint64_t h = hash_bytes(&m, sizeof m) ^ (uint64_t)(unsigned)(member + 1) * 0xD6E8FEB86659FD93ull;
  h ^= (uint64_t)sema_period_key(pd) * 0x9E3779B97F4A7C15ull;
  h ^= (uint64_t)pd.kind * 0xC2B2AE3D27D4EB4Full;
  return h;
}

static bool same_key(const Actual *a, const KR *m, int member, Period pd) {
  return a->m == m && a->member == member && a->period.kind == pd.kind && sema_period_key(a->period) == sema_period_key(pd);
}

/* The actual already given for (m, member, pd), or NULL. */
static Actual *find(ActualSet *s, const KR *m, int member, Period pd) {
  if (!s->nslots) return NULL;
  size_t j = key_hash(m, member, pd) & (s->nslots - 1);
  while (s->slots[j]) {
    Actual *a = &s->items[s->slots[j] - 1];
    if (same_key(a, m, member, pd)) return a;
    j = (j + 1) & (s->nslots - 1);
  }
  return NULL;
}

static void rehash(ActualSet *s) {
  size_t n = s->nslots ? s->nslots * 2 : 64;
  free(s->slots);
  s->slots = bsc_calloc(n, sizeof *s->slots);
  s->nslots = n;
  for (int i = 0; i < s->n; i++) {
    size_t j = key_hash(s->items[i].m, s->items[i].member, s->items[i].period) & (n - 1);
    while (s->slots[j]) j = (j + 1) & (n - 1);
    s->slots[j] = i + 1;
  }
}

void actuals_add(ActualSet *s, const Actual *in) {
  Actual a = *in;
  if (a.value == 0) a.value = 0;  /* -0 is 0: a measure has no signed zero (docs/semantics.md, §2) */
  if (a.note) a.note = bsc_strdup(a.note);
  if (a.who) a.who = bsc_strdup(a.who);
  if (s->n == s->cap) {
    s->cap = s->cap ? s->cap * 2 : 64;
    s->items = bsc_realloc(s->items, sizeof *s->items * (size_t)s->cap);
  }
  s->items[s->n++] = a;
  if ((size_t)s->n * 2 > s->nslots) { rehash(s); return; }
  size_t j = key_hash(a.m, a.member, a.period) & (s->nslots - 1);
  while (s->slots[j]) j = (j + 1) & (s->nslots - 1);
  s->slots[j] = s->n;
}

void actuals_add_program(Program *p, ActualSet *s) {
  Actuals *a;
  VEC_EACH(Actuals *, a, p->actuals) {
    if (a->period.kind == PER_NONE) continue;
    for (int i = 0; i < a->nitems; i++) {
      Checkin *c = &a->items[i];
      if (!c->target || !c->value) continue;
      int mb = c->member.name ? c->member_i : -1;
      if (find(s, c->target, mb, a->period)) continue;     /* E011, reported by sema */
      actuals_add(s, &(Actual){c->target, a->period, c->value_v, c->span, c->kr.span, false, NULL, 0, NULL, mb});
    }
  }
}

/* ---- periods ---------------------------------------------------------- */

static bool digits(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (s[i] < '0' || s[i] > '9') return false;
  return n > 0;
}

static int num(const char *s, size_t n) {
  int v = 0;
  for (size_t i = 0; i < n; i++) v = v * 10 + (s[i] - '0');
  return v;
}

bool actuals_parse_period(const char *s, size_t n, Period *out) {
  memset(out, 0, sizeof *out);
  bool fiscal = n >= 6 && (s[0] == 'F' || s[0] == 'f') && (s[1] == 'Y' || s[1] == 'y');
  if (fiscal) {        /* FY2025, FY2025-Q1: named by the fiscal year (sema_resolve_period) */
    if (!actuals_parse_period(s + 2, n - 2, out) || out->kind == PER_MONTH) return false;
    out->fiscal = true;
    return true;
  }
  if (n < 4 || !digits(s, 4)) return false;
  int year = num(s, 4);
  if (n == 4) { *out = (Period){.kind = PER_YEAR, .year = year}; return true; }
  if (s[4] != '-' || n < 6) return false;
  const char *r = s + 5;
  size_t rn = n - 5;
  if ((r[0] == 'Q' || r[0] == 'q' || r[0] == 'H' || r[0] == 'h') && rn >= 2 && rn <= 3 && digits(r + 1, rn - 1)) {
    int sub = num(r + 1, rn - 1);
    bool q = r[0] == 'Q' || r[0] == 'q';
    if (sub < 1 || sub > (q ? 4 : 2)) return false;
    *out = (Period){.kind = q ? PER_QUARTER : PER_HALF, .year = year, .sub = sub};
    return true;
  }
  if (rn == 2 && digits(r, 2)) {
    int m = num(r, 2);
    if (m < 1 || m > 12) return false;
    *out = (Period){.kind = PER_MONTH, .year = year, .sub = m};
    return true;
  }
  if (rn == 3 && (r[0] == 'W' || r[0] == 'w') && digits(r + 1, 2)) {     /* an ISO week, 2025-W07 */
    *out = (Period){.kind = PER_WEEK, .year = year, .sub = num(r + 1, 2)};
    return ast_period_valid(*out);
  }
  if (rn == 5 && digits(r, 2) && r[2] == '-' && digits(r + 3, 2)) {       /* a date, 2025-02-14 */
    *out = (Period){.kind = PER_DAY, .year = year, .sub = num(r, 2), .day = num(r + 3, 2)};
    return ast_period_valid(*out);
  }
  return false;
}

/* Decimal digits of v into b, at least `width` of them (zero-padded, as
 * printf's %0*d; the sign before them); returns the end. */
static char *put_int(char *b, int v, int width) {
  char d[12];
  int n = 0;
  unsigned u = v < 0 ? 0u - (unsigned)v : (unsigned)v;
  do { d[n++] = (char)('0' + u % 10); u /= 10; } while (u);
  if (v < 0) *b++ = '-';
  for (int i = n; i < width; i++) *b++ = '0';
  while (n) *b++ = d[--n];
  return b;
}

/* Without snprintf: every row of a CSV scorecard prints its period
 * (score_out.c so_period), and at 400,000 KRs the formatting was a
 * noticeable part of the command.  The same text as "%d-Q%d" etc. */
const char *actuals_period_str(Period p, char *buf, size_t n) {
  char t[64], *e = t;
  if (p.fiscal && (p.kind == PER_YEAR || p.kind == PER_HALF || p.kind == PER_QUARTER)) { *e++ = 'F'; *e++ = 'Y'; }
  switch (p.kind) {
  case PER_YEAR: e = put_int(e, p.year, 0); break;
  case PER_HALF: e = put_int(e, p.year, 0); *e++ = '-'; *e++ = 'H'; e = put_int(e, p.sub, 0); break;
  case PER_QUARTER: e = put_int(e, p.year, 0); *e++ = '-'; *e++ = 'Q'; e = put_int(e, p.sub, 0); break;
  case PER_WEEK: e = put_int(e, p.year, 0); *e++ = '-'; *e++ = 'W'; e = put_int(e, p.sub, 2); break;
  case PER_DAY:
    e = put_int(e, p.year, 0); *e++ = '-'; e = put_int(e, p.sub, 2); *e++ = '-'; e = put_int(e, p.day, 2);
    break;
  case PER_MONTH: e = put_int(e, p.year, 0); *e++ = '-'; e = put_int(e, p.sub, 2); break;
  default: memcpy(t, "(none)", 6); e = t + 6; break;
  }
  *e = '\0';
  if (n) {                                  /* cut to n - 1 bytes, as snprintf */
    size_t len = (size_t)(e - t) < n - 1 ? (size_t)(e - t) : n - 1;
    memcpy(buf, t, len);
    buf[len] = '\0';
  }
  return buf;
}

/* ---- CSV -------------------------------------------------------------- */

/* The optional check-in columns (note .. source) are the ones `bscc
 * checkin --export csv` writes; `at`, `id` and `source` are the store's
 * own and are not read. */
enum { COL_PERIOD, COL_KR, COL_VALUE, COL_UNIT, COL_NOTE, COL_CONF, COL_WHO, COL_AT, COL_ID, COL_SOURCE, NCOLS };
static const char *const col_names[NCOLS] = {"period", "kr", "value", "unit", "note", "confidence", "who", "at", "id", "source"};

typedef struct Csv {
  Program *p;
  ActualSet *s;
  TypeTable *tt;
  int col[NCOLS];            /* position of each column, -1 when absent */
  int ncols;
} Csv;

static int lower_eq(const char *s, const char *lit) {
  for (; *s && *lit; s++, lit++) {
    char x = *s >= 'A' && *s <= 'Z' ? (char)(*s + 32) : *s;
    if (x != *lit) return 0;
  }
  return !*s && !*lit;
}

/* Reads the header row; false when no row can be read with it. */
static bool header(Csv *c, const CsvRow *r) {
  for (int i = 0; i < NCOLS; i++) c->col[i] = -1;
  c->ncols = r->nfields;
  bool ok = true;
  for (int i = 0; i < r->n; i++) {
    const CsvField *f = &r->f[i];
    int k = -1;
    for (int j = 0; j < NCOLS; j++)
      if (lower_eq(f->text, col_names[j])) k = j;
    if (k < 0 && (lower_eq(f->text, "kpi") || lower_eq(f->text, "measure"))) k = COL_KR;
    if (k < 0) {
      CsvShown sh;
      Diag *d = diag_report(c->p->de, E090, f->span, "unknown column `%s` in the header", csvio_shown(f->text, f->len, &sh));
      diag_label(d, "not a column of an actuals file");
      const char *best = NULL;
      for (int j = 0; j < NCOLS; j++)
        if (edit_distance(f->text, col_names[j], 2) <= 2) { best = col_names[j]; break; }
      if (best) diag_help(d, "did you mean `%s`?", best);
      else diag_help(d, "the columns are `period`, `kr`, `value` and (optionally) `unit`, e.g. `period,kr,value`; "
                        "a check-in may add `note`, `confidence` and `who`");
      ok = false;
      continue;
    }
    if (c->col[k] >= 0) {
      Diag *d = diag_report(c->p->de, E090, f->span, "column `%s` appears twice in the header", col_names[k]);
      diag_label(d, "second `%s` column", col_names[k]);
      diag_note(d, r->f[c->col[k]].span, "first `%s` column here", col_names[k]);
      ok = false;
      continue;
    }
    c->col[k] = i;
  }
  if (r->nfields > r->n) { ok = false; diag_report(c->p->de, E090, r->span, "the header has more than %d columns", CSVIO_MAX_FIELDS); }
  for (int k = 0; k < COL_UNIT && ok; k++) {
    if (c->col[k] >= 0) continue;
    Diag *d = diag_report(c->p->de, E090, r->span, "the header has no `%s` column", col_names[k]);
    diag_label(d, "this header");
    diag_help(d, "an actuals file starts with a header row such as `period,kr,value` (or `period,kr,value,unit`)");
    ok = false;
  }
  return ok;
}

/* Parses `[+-]digits[_digits][.digits][e[+-]digits]` then an optional unit
 * (attached or after spaces).  Every digit counts, however many there are
 * (the number is copied whole, without its `_`, for strtod).  Returns
 * VAL_OK, VAL_NOT_NUMBER, or VAL_RANGE when it is beyond a double's range
 * (about 1.8e308): never a number cut short. */
enum { VAL_OK, VAL_NOT_NUMBER, VAL_RANGE };

static int parse_value(const char *s, double *v, const char **unit) {
  const char *q = s;
  char *buf = bsc_malloc(strlen(s) + 1);
  size_t n = 0;
  if (*q == '+' || *q == '-') buf[n++] = *q++;
  if (!(*q >= '0' && *q <= '9')) { free(buf); return VAL_NOT_NUMBER; }
  bool digit_before = false;
  while ((*q >= '0' && *q <= '9') || (*q == '_' && digit_before && q[1] >= '0' && q[1] <= '9')) {
    if (*q != '_') { buf[n++] = *q; digit_before = true; }
    q++;
  }
  if (*q == '.' && q[1] >= '0' && q[1] <= '9') {
    buf[n++] = *q++;
    while ((*q >= '0' && *q <= '9') || (*q == '_' && q[1] >= '0' && q[1] <= '9')) {
      if (*q != '_') buf[n++] = *q;
      q++;
    }
  }
  if ((*q == 'e' || *q == 'E') &&
      ((q[1] >= '0' && q[1] <= '9') || ((q[1] == '+' || q[1] == '-') && q[2] >= '0' && q[2] <= '9'))) {
    buf[n++] = *q++;
    if (*q == '+' || *q == '-') buf[n++] = *q++;
    while (*q >= '0' && *q <= '9') buf[n++] = *q++;
  }
  buf[n] = 0;
  char *end;
  double d = strtod(buf, &end);
  bool whole = !*end;
  /* a magnitude, as in the file: `1.2M`, `300k` (amount_magnitude) */
  double mag = *q ? amount_magnitude(q, 1, false) : 0;
  if (whole && mag && (q[1] == 0 || q[1] == ' ' || q[1] == '\t')) { d = amount_scaled(buf, mag); q++; }
  free(buf);
  if (!whole) return VAL_NOT_NUMBER;
  if (!isfinite(d)) return VAL_RANGE;
  while (*q == ' ' || *q == '\t') q++;
  /* the rest is the unit: `%`, a name, or a rate `count/weeks`,
   * `cases/1000 people` (read by type_parse) */
  *unit = *q ? q : NULL;
  if (*q) {
    if (!strcmp(q, "%")) { *v = d == 0 ? 0 : d; return VAL_OK; }
    const char *slash = strchr(q, '/');
    for (const char *t = q; *t; t++) {
      unsigned char ch = (unsigned char)*t;
      bool rate_ch = slash && (ch == '/' || ch == ' ' || ch == '.' || (t > slash && ch == '\t'));
      if (!(rate_ch || ch == '_' || ch >= 0x80 || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')))
        return VAL_NOT_NUMBER;
    }
    if (*q >= '0' && *q <= '9') return VAL_NOT_NUMBER;
  }
  *v = d == 0 ? 0 : d;             /* `-0`, `-1e-400`: 0 (no signed zero, docs/semantics.md, §2) */
  return VAL_OK;
}

static const char *suggest_measure(Program *p, const char *name) {
  int len = utf8_count(name, strlen(name));
  int cap = len / 3 > 1 ? len / 3 : 1, bestd = cap + 1;
  const char *best = NULL;
  Vec *lists[2] = {&p->krs, &p->kpis};
  for (int l = 0; l < 2; l++) {
    KR *k;
    VEC_EACH(KR *, k, *lists[l]) {
      if (!k->name.name) continue;
      int d = edit_distance(name, k->name.name, cap);
      if (d < bestd) { bestd = d; best = k->name.name; }
    }
  }
  return best;
}

static const char *describe(Csv *c, const Type *t, char *buf, size_t n) { return type_describe(c->tt, t, buf, n); }

/* Converts a row's value into m's unit, reporting problems.  */
static bool row_value(Csv *c, KR *m, const CsvField *vf, const CsvField *uf, double *out) {
  const char *mname = m->name.name;
  Type *kt = m->type;
  if (!kt || kt->kind == TY_ERROR) return false;
  if (vf->len == 0) {
    Diag *d = diag_report(c->p->de, E090, vf->span, "the row for `%s` has no value", mname);
    diag_label(d, "missing value");
    diag_help(d, "write the measured value, or remove the row: a missing value is never read as zero");
    return false;
  }
  double v;
  int pv;
  Type *from = &c->tt->number;
  const char *unit = NULL;
  if (lower_eq(vf->text, "true") || lower_eq(vf->text, "false")) {
    if (kt->kind != TY_MILESTONE || kt->steps != 1) {
      Diag *d = diag_report(c->p->de, E090, vf->span, "`%s` is a value for a milestone, but `%s` is measured in %s",
                            vf->text, mname, type_str(kt));
      diag_label(d, "not a number");
      diag_note(d, m->unit.span, "`%s` is measured in %s", mname, type_str(kt));
      return false;
    }
    v = lower_eq(vf->text, "true") ? 1 : 0;
    from = kt;
  } else if ((pv = parse_value(vf->text, &v, &unit)) != VAL_OK) {
    CsvShown sh;
    if (pv == VAL_RANGE) {
      Diag *d = diag_report(c->p->de, E090, vf->span, "`%s` is too large for a number", csvio_shown(vf->text, vf->len, &sh));
      diag_label(d, "beyond the range of numbers");
      diag_help(d, "a value must lie within about ±1.8e308 (the range of a double)");
      return false;
    }
    Diag *d = diag_report(c->p->de, E090, vf->span, "`%s` is not a number", csvio_shown(vf->text, vf->len, &sh));
    diag_label(d, "expected a number such as `3.5`, `40%%` or `20 days`");
    diag_help(d, "write digits with an optional `.` and unit (`1_000` groups digits; `,` would split the field)");
    return false;
  }
  if (uf && uf->len) {
    if (unit && strcmp(unit, uf->text)) {
      CsvShown sv, su, sc;
      Diag *d = diag_report(c->p->de, E090, uf->span, "the value `%s` has the unit `%s`, but the `unit` column says `%s`",
                            csvio_shown(vf->text, vf->len, &sv), csvio_shown(unit, strlen(unit), &su),
                            csvio_shown(uf->text, uf->len, &sc));
      diag_label(d, "a second unit");
      diag_note(d, vf->span, "the value carries its own unit");
      diag_help(d, "give the unit once: in the value or in the `unit` column");
      return false;
    }
    unit = uf->text;
  }
  Span uspan = uf && uf->len ? uf->span : vf->span;
  /* the measure's own type as written by `bscc checkin --export csv`,
   * e.g. `rating(1..5)`: no conversion */
  if (unit && !strcmp(unit, type_str(kt))) {
    from = kt;
  } else if (unit) {
    Type *t = type_parse(c->tt, unit);
    if (!t) {
      CsvShown sh;
      Diag *d = diag_report(c->p->de, E090, uspan, "unknown unit `%s`", csvio_shown(unit, strlen(unit), &sh));
      diag_label(d, "not a unit");
      const char *b = type_suggest(c->tt, unit);
      if (b) diag_help(d, "did you mean `%s`?", b);
      else diag_help(d, "use a unit of the prelude (`weeks`, `percent` or `%%`, `hours`, ...) or a currency code");
      return false;
    }
    if (t->kind == TY_ERROR) return false;
    from = t;
  }
  char da[128], db[128];
  if (c->tt->count && kt->kind == TY_UNIT && kt->base == c->tt->count->base && from->kind == TY_UNIT &&
      (from == c->tt->percent || from == c->tt->pp)) {
    Diag *d = diag_report(c->p->de, E090, vf->span, "unit mismatch: `%s` is a count, found %s", mname,
                          describe(c, from, da, sizeof da));
    diag_label(d, "not a number of items");
    diag_note(d, m->unit.span, "`%s` is measured in %s", mname, type_str(kt));
    return false;
  }
  double conv;
  if (!type_convert(c->tt, from, kt, v, &conv)) {
    Diag *d = diag_report(c->p->de, E090, uspan, "unit mismatch: `%s` is %s, found %s", mname,
                          describe(c, kt, da, sizeof da), describe(c, from, db, sizeof db));
    diag_label(d, "expected %s", type_str(kt));
    diag_note(d, m->unit.span, "`%s` is measured in %s", mname, type_str(kt));
    if (kt == c->tt->percent && from == c->tt->pp)
      diag_help(d, "a change in pp is not a percent: write the measured percentage, e.g. `45%%`");
    else
      diag_help(d, "write the value in %s (or in a unit that converts to it), or leave the unit out", type_str(kt));
    return false;
  }
  char nb[48];
  if (kt->kind == TY_RATING && (conv < kt->lo || conv > kt->hi)) {
    char lo[48], hi[48];
    type_fmt_num(kt->lo, lo, sizeof lo);
    type_fmt_num(kt->hi, hi, sizeof hi);
    Diag *d = diag_report(c->p->de, E090, vf->span, "%s is outside the rating scale %s..%s of `%s`",
                          type_fmt_num(conv, nb, sizeof nb), lo, hi, mname);
    diag_label(d, "not between %s and %s", lo, hi);
    diag_note(d, m->unit.span, "`%s` is rated on the scale %s", mname, type_str(kt));
    return false;
  }
  if (kt->kind == TY_MILESTONE && (conv < 0 || conv > kt->steps || conv != floor(conv))) {
    Diag *d = diag_report(c->p->de, E090, vf->span, "%s is not a valid value for `%s`, %s",
                          type_fmt_num(conv, nb, sizeof nb), mname, describe(c, kt, da, sizeof da));
    if (kt->steps == 1) diag_label(d, "expected `true` or `false` (or 1 or 0)");
    else diag_label(d, "expected a whole number of steps from 0 to %d", kt->steps);
    diag_note(d, m->unit.span, "`%s` is measured in %s", mname, type_str(kt));
    return false;
  }
  if (c->tt->count && kt->kind == TY_UNIT && kt->base == c->tt->count->base && conv < 0) {
    Diag *d = diag_report(c->p->de, E090, vf->span, "a count cannot be negative: `%s` is %s",
                          mname, type_fmt_num(conv, nb, sizeof nb));
    diag_label(d, "negative count");
    return false;
  }
  *out = conv;
  return true;
}

/* The check-in columns (note, confidence, who): present or not, each
 * within its bounds.  Also run for `bscc checkin`'s arguments. */
static bool checkin_fields(Program *p, const ActualFields *f, Actual *a) {
  bool ok = true;
  if (f->confidence && f->confidence->len) {
    const CsvField *cf = f->confidence;
    long v = 0;
    bool num = cf->len <= 3;
    for (size_t i = 0; i < cf->len && num; i++) num = cf->text[i] >= '0' && cf->text[i] <= '9';
    if (num) v = strtol(cf->text, NULL, 10);
    if (!num || v < ACTUALS_CONF_MIN || v > ACTUALS_CONF_MAX) {
      Diag *d = diag_report(p->de, E090, cf->span, "confidence `%s` is not on the scale %d..%d", cf->text,
                            ACTUALS_CONF_MIN, ACTUALS_CONF_MAX);
      diag_label(d, "expected a whole number from %d to %d", ACTUALS_CONF_MIN, ACTUALS_CONF_MAX);
      diag_help(d, "1 means the target will surely be missed, 10 that it will surely be met, 5 a coin toss; "
                   "leave it empty when nobody said");
      ok = false;
    }
    a->confidence = (int)v;
  }
  const CsvField *texts[2] = {f->note, f->who};
  static const size_t max[2] = {ACTUALS_NOTE_MAX, ACTUALS_WHO_MAX};
  static const char *const what[2] = {"note", "name in `who`"};
  for (int i = 0; i < 2; i++) {
    if (!texts[i] || texts[i]->len <= max[i]) continue;
    Diag *d = diag_report(p->de, E090, texts[i]->span, "the %s is %zu bytes long, more than %zu", what[i], texts[i]->len,
                          max[i]);
    diag_label(d, "too long");
    diag_help(d, "keep a check-in's %s short: the details belong in a document it can name", what[i]);
    ok = false;
  }
  if (ok && f->note && f->note->len) a->note = f->note->text;
  if (ok && f->who && f->who->len) a->who = f->who->text;
  return ok;
}

bool actuals_check(Program *p, const ActualSet *s, const ActualFields *f, Actual *out) {
  Csv cv = {.p = p, .s = (ActualSet *)s, .tt = &p->sema->tt}, *c = &cv;
  const CsvField *pf = f->period, *kf = f->kr, *vf = f->value, *uf = f->unit;
  Span row_span = f->span;
  bool ok = true;
  /* the period */
  Period pd = {0};
  char pb[32], hb[32], hb2[32];
  Strategy *st = p->strategy;
  if (pf->len == 0) {
    Diag *d = diag_report(p->de, E090, pf->span, "the row has no period");
    diag_label(d, "missing period");
    ok = false;
  } else if (!actuals_parse_period(pf->text, pf->len, &pd)) {
    CsvShown sh;
    Diag *d = diag_report(p->de, E090, pf->span, "`%s` is not a valid period", csvio_shown(pf->text, pf->len, &sh));
    diag_label(d, "not a period");
    diag_help(d, "write a quarter `2025-Q1`, a month `2025-03`, a half year `2025-H1` or a year `2025` (with a fiscal year: `FY2025-Q1`, `FY2025`), an ISO week `2025-W07` or a date `2025-02-14`");
    ok = false;
  } else if (sema_period_naming(st, &pd)) {
    Diag *d = diag_report(p->de, E105, pf->span, "period %s is named by %s years, but %s",
                          actuals_period_str(pd, pb, sizeof pb), pd.fiscal ? "fiscal" : "calendar",
                          sema_period_naming(st, &pd));
    diag_label(d, pd.fiscal ? "a fiscal period" : "a calendar period");
    if (st && st->fiscal_v) {
      Period fp = sema_period_at(pd.kind, sema_period_start(pd), st->fiscal_v);
      if (sema_period_start(fp) == sema_period_start(pd))
        diag_help(d, "these months are %s; write the fiscal period, with `FY`", actuals_period_str(fp, hb, sizeof hb));
      else
        diag_help(d, "write a fiscal period (`FY2025-Q1`) or a calendar month (`2024-07`)");
    } else
      diag_help(d, "write the calendar period without `FY`, or declare `fiscal year starts MONTH` in the strategy");
    ok = false;
  } else if (st && st->from.kind != PER_NONE && st->to.kind != PER_NONE &&
             (sema_period_end(pd) < sema_period_start(st->from) || sema_period_end(pd) > sema_period_end(st->to))) {
    Diag *d = diag_report(p->de, E090, pf->span, "period %s is outside the horizon %s .. %s",
                          actuals_period_str(pd, pb, sizeof pb), actuals_period_str(st->from, hb, sizeof hb),
                          actuals_period_str(st->to, hb2, sizeof hb2));
    diag_label(d, "%s the horizon", sema_period_end(pd) < sema_period_start(st->from) ? "before" : "after");
    diag_note(d, st->horizon_span, "the horizon is set here");
    ok = false;
  }
  if (ok) pd.span = pf->span;
  /* the measure */
  KR *m = NULL;
  int member = -1;
  if (kf->len == 0) {
    Diag *d = diag_report(p->de, E090, kf->span, "the row names no key result or KPI");
    diag_label(d, "missing name");
    ok = false;
  } else {
    /* `response.north`: a member of response's breakdown */
    const char *dot = memchr(kf->text, '.', kf->len);
    char *mname = dot ? arena_strndup(&p->arena, kf->text, (size_t)(dot - kf->text)) : NULL;
    Sym *sy = sema_lookup(p, mname ? mname : kf->text);
    if (sy && (sy->kind == SYM_KR || sy->kind == SYM_KPI)) {
      m = sy->decl;
      uint32_t n = dot ? (uint32_t)(dot - kf->text) : 0;
      Span ks = kf->span, ms = kf->span;
      if (dot && kf->span.end - kf->span.off == kf->len) { ks.end = ks.off + n; ms.off += n + 1; }
      member = sema_member(p->de, m, m->name.name, dot ? dot + 1 : NULL, ks, ms);
      if (member < -1) { ok = false; m = NULL; }
    } else if (sy) {
      Diag *d = diag_report(p->de, E090, kf->span, "`%s` is %s, not a key result or KPI", kf->text,
                            sema_sym_kind_name(sy->kind));
      diag_label(d, "not a key result or KPI");
      diag_note(d, sy->span, "`%s` is defined here", kf->text);
      const char *b = suggest_measure(p, kf->text);
      if (b) diag_help(d, "did you mean `%s`?", b);
      ok = false;
    } else {
      CsvShown sh;
      Diag *d = diag_report(p->de, E090, kf->span, "unknown key result or KPI `%s`", csvio_shown(kf->text, kf->len, &sh));
      diag_label(d, "not defined");
      const char *b = suggest_measure(p, kf->text);
      if (b) diag_help(d, "did you mean `%s`?", b);
      else diag_help(d, "the `kr` column names a key result or KPI of the strategy");
      ok = false;
    }
  }
  double v = 0;
  if (m && !row_value(c, m, vf, uf, &v)) ok = false;
  Actual a = {m, pd, v, row_span, kf->span, true, NULL, 0, NULL, member};
  if (!checkin_fields(p, f, &a)) ok = false;
  if (!ok) return false;
  if (!sema_check_frequency(p->de, m, pd, pf->span)) return false;
  if (sema_period_closed(p, m, pd)) {    /* a later value for a closed period: kept, never applied */
    Diag *d = diag_report(p->de, W016, pf->span, "%s is closed: this value of `%s` does not change its final grade",
                          actuals_period_str(pd, pb, sizeof pb), m->name.name);
    diag_label(d, "after the close");
    diag_help(d, "the closed grade stands; to change it, edit the `close %s` block of the strategy", pb);
  }
  Actual *first = find(c->s, m, member, pd);
  if (first) {
    Diag *d = diag_report(p->de, E091, kf->span, "`%s%s%s` is given twice for %s", m->name.name, member >= 0 ? "." : "",
                          member >= 0 ? m->bd->members[member].name.name : "", actuals_period_str(pd, pb, sizeof pb));
    diag_label(d, "second value for %s", pb);
    diag_note(d, first->name_span, "first given here%s", first->csv ? "" : ", in an `actuals` block");
    diag_help(d, "keep one value per measure and period");
    return false;
  }
  *out = a;
  return true;
}

/* One row of the file (the header first); false to stop reading. */
static bool row(void *ctx, const CsvRow *r) {
  Csv *c = ctx;
  Program *p = c->p;
  if (r->index == 0) return header(c, r);   /* no row can be read without a header */
  int nf = r->nfields;
  if (nf != c->ncols) {
    Diag *d = diag_report(p->de, E090, r->span, "this row has %d field%s, but the header has %d", nf, nf == 1 ? "" : "s",
                          c->ncols);
    diag_label(d, "%d field%s", nf, nf == 1 ? "" : "s");
    diag_help(d, "each row gives `period,kr,value` in the header's order; quote a field that contains a comma");
    return true;
  }
#define COL(k) (c->col[k] >= 0 ? &r->f[c->col[k]] : NULL)
  ActualFields f = {COL(COL_PERIOD), COL(COL_KR), COL(COL_VALUE), COL(COL_UNIT), COL(COL_NOTE), COL(COL_CONF),
                    COL(COL_WHO), r->span};
#undef COL
  Actual a;
  if (actuals_check(p, c->s, &f, &a)) actuals_add(c->s, &a);
  return true;
}

void actuals_load_csv_text(Program *p, ActualSet *s, const char *path, const char *text, size_t len) {
  char *copy = bsc_malloc(len + 1);
  if (len) memcpy(copy, text, len);
  copy[len] = 0;
  int file = diag_add_source(p->de, path, copy, len, false);
  s->files = bsc_realloc(s->files, sizeof *s->files * (size_t)(s->nfiles + 1));
  s->files[s->nfiles++] = bsc_strdup(path);
  Csv c = {.p = p, .s = s, .tt = p->sema ? &p->sema->tt : NULL};
  if (!c.tt) return;
  if (csvio_read(p->de, file, E090, "actuals file", row, &c) == 0) {
    Diag *d = diag_report(p->de, E090, (Span){file, 0, 0}, "the actuals file is empty");
    diag_label(d, "no header");
    diag_help(d, "an actuals file starts with a header row such as `period,kr,value`");
  }
}

bool actuals_load_csv(Program *p, ActualSet *s, const char *path, FileErr *e) {
  size_t len;
  char *text = file_read(path, FILE_MAX_TEXT, &len, e);
  if (!text) return false;
  actuals_load_csv_text(p, s, path, text, len);
  free(text);
  return true;
}

/* ---- breakdowns: every member or none (docs/semantics.md §4.2) ---------- */

bool actuals_check_members(Program *p, const ActualSet *s) {
  bool ok = true;
  for (int i = 0; i < s->n; i++) {
    const Actual *a = &s->items[i];
    if (a->member < 0 || !a->m->bd) continue;
    /* the group (measure, period) is judged at its first member's value */
    bool first = true;
    for (int j = 0; j < a->member && first; j++) first = !find((ActualSet *)s, a->m, j, a->period);
    if (!first) continue;
    const Breakdown *b = a->m->bd;
    Buf miss;
    buf_init(&miss);
    int nmiss = 0, first_miss = 0;
    for (int j = 0; j < b->n; j++)
      if (j != a->member && !find((ActualSet *)s, a->m, j, a->period)) {
        buf_printf(&miss, "%s`%s`", nmiss ? ", " : "", b->members[j].name.name);
        if (!nmiss++) first_miss = j;
      }
    if (nmiss) {
      char pb[32];
      Diag *d = diag_report(p->de, E177, a->name_span, "%s of `%s` has no value for %s %s", actuals_period_str(a->period, pb, sizeof pb),
                            a->m->name.name, nmiss == 1 ? "member" : "members", miss.data);
      diag_label(d, "%d of %d members given", b->n - nmiss, b->n);
      diag_note(d, b->span, "the breakdown is here");
      diag_help(d, "give every member's value for %s (`%s.%s VALUE`), or none", pb, a->m->name.name,
                b->members[first_miss].name.name);
      ok = false;
    }
    buf_free(&miss);
  }
  return ok;
}
