/*
 * gen.c - the grammar-aware generator of the fuzz targets (fuzz.h): maps
 * fuzz bytes to a .bsc program that is valid but strange, and a CSV file
 * of actuals for it.
 *
 * Byte mutation rarely gets past the parser; here every byte is a choice
 * (which unit, how many objectives, which number format, ...), so that
 * libFuzzer's mutations move through programs that check clean and reach
 * scoring, the strategy map, the formatter and the simulation.  When the
 * bytes run out every choice is 0, the plainest option, so short inputs
 * are small plain programs.  What "strange" means here: deep alignment
 * chains, many links with lags (some past the horizon), CJK, emoji and
 * right-to-left names and titles, escapes, extreme and oddly written
 * numbers (1e300, 0.000001, 1_000_000, 9007199254740993), every unit form
 * of the prelude and of std/public_sector.bsc, units and a perspective of
 * the file's own (CJK names), converted values (`3 days`
 * for a weeks KR), formulas nested deep, distributions of every kind,
 * actuals at both ends of the horizon, monthly to yearly cadences, years
 * from 1900 to 2999, CRLF line ends, comments everywhere, declarations
 * in any order.  Programs are meant to check clean; a few do not (an
 * extreme number can overflow a sum), which is fine: they exercise the
 * diagnostics instead.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz.h"

typedef struct GenM {        /* a measure (KR or KPI) */
  char name[48];
  int unit;                  /* index into units[] */
  int obj;
  bool calc, has_base, kpi;
} GenM;

typedef struct GenO {
  char name[48];
  int parent;                /* -1: a company objective */
  int level;                 /* 0 company, 1 team, 2 individual */
  bool has_kids;
} GenO;

typedef struct G {
  const uint8_t *d; size_t n, i;
  Buf *b;                    /* where text goes now */
  bool crlf, pubsec, custom; /* custom: a unit and a perspective of the file's own */
  const char *persp[7]; int npersp;   /* the perspectives declared */
  int kind;                  /* 0 quarter, 1 month, 2 half, 3 year */
  int y0, s0, nper;          /* the horizon: first year, first sub-period, length */
  GenO os[64]; int no;
  GenM ms[192]; int nm;
  int ninit;
  const char *currency;
} G;

/* ---- choices ---------------------------------------------------------------- */

static unsigned pk(G *g, unsigned k) {
  if (k <= 1) return 0;
  unsigned v = g->i < g->n ? g->d[g->i++] : 0;
  if (k > 256 && g->i < g->n) v = v << 8 | g->d[g->i++];
  return v % k;
}
static bool chance(G *g, unsigned pct) { return g->i < g->n && pk(g, 100) < pct; }
static const char *one(G *g, const char *const *opts, unsigned n) { return opts[pk(g, n)]; }
#define ONE(g, ...) one(g, (const char *const[]){__VA_ARGS__}, sizeof((const char *const[]){__VA_ARGS__}) / sizeof(char *))

static void put(G *g, const char *s) { buf_puts(g->b, s); }
static void nl(G *g) { buf_puts(g->b, g->crlf ? "\r\n" : "\n"); }
static void comment(G *g) {
  if (chance(g, 8)) buf_printf(g->b, "  // %s", ONE(g, "note", "注释 🚀", "é\u0301", "/* not a block */", "עברית"));
  else if (chance(g, 4)) buf_puts(g->b, " /* 块 */");
}

/* A string literal: plain, CJK, emoji, escapes, long. */
static void str(G *g, const char *plain) {
  switch (pk(g, 10)) {
  case 0: case 1: case 2: buf_printf(g->b, "\"%s\"", plain); break;
  case 3: buf_printf(g->b, "\"%s 增长與客戶 🚀\"", plain); break;
  case 4: buf_puts(g->b, "\"\\u{1F600} \\\"quoted\\\" \\\\ tab\\t end\""); break;
  case 5: buf_puts(g->b, "\"\""); break;
  case 6: {
    int r = 1 + (int)pk(g, 40);
    put(g, "\"");
    for (int j = 0; j < r; j++) put(g, "很长的标题 ");
    put(g, "\"");
    break;
  }
  case 7: buf_puts(g->b, "\"👩‍👩‍👧 🇨🇳 zero\\u{200B}width\""); break;
  case 8: buf_puts(g->b, "\"שלום RTL עברית\""); break;
  default: buf_printf(g->b, "\"%s\\n二行\"", plain); break;
  }
}

static void name(G *g, char *out, size_t n, const char *ascii, int i) {
  static const char *pre[] = { "", "目标", "🎯", "Ω", "x_", "客户满意度_" };
  unsigned k = pk(g, 6);
  snprintf(out, n, "%s%s%d", pre[k], k == 0 ? ascii : "", i);
}

/* ---- numbers ---------------------------------------------------------------- */

/* v written in one of the forms the lexer reads: 42, 3.5, 1e6, 1_000_000,
 * 1.000e+06, 17 significant digits. */
static void num(G *g, double v) {
  char s[64];
  if (v < 0) { put(g, "-"); v = -v; }
  unsigned f = pk(g, 6);
  if (f == 1 && v == floor(v) && v < 1e15) {
    snprintf(s, sizeof s, "%.0f", v);
    int len = (int)strlen(s);
    for (int i = 0; i < len; i++) {
      buf_putc(g->b, s[i]);
      if ((len - 1 - i) % 3 == 0 && i < len - 1) buf_putc(g->b, '_');
    }
    return;
  }
  if (f == 2) snprintf(s, sizeof s, "%.3e", v);
  else if (f == 3) snprintf(s, sizeof s, "%.17g", v);
  else snprintf(s, sizeof s, "%.6g", v);
  if (!strchr(s, '.') && !strchr(s, 'e') && f == 4) strcat(s, ".0");
  put(g, s);
}

/* A magnitude for a measure of no fixed scale, plain or extreme. */
static double magnitude(G *g) {
  static const double x[] = { 10, 100, 3.5, 1000, 1e6, 0.000001, 1e15, 123456.789, 9007199254740993.0, 1e300, 7, 0.25 };
  return x[pk(g, 12)];
}

/* ---- units -------------------------------------------------------------------- */

enum { D_PLAIN, D_COUNT, D_RATIO, D_TIME, D_MONEY, D_RATING, D_MILE, D_PP };

typedef struct Unit {
  const char *decl;          /* as written after `:` */
  int dim;
  double scale;              /* D_TIME: hours per unit; D_RATIO: 1 percent, 100 ratio; D_RATING: the top */
  double low;                /* D_RATING: the bottom; D_MILE: steps */
  bool pubsec;               /* needs std/public_sector.bsc */
  bool custom;               /* needs the file's own units (G.custom) */
} Unit;

static const Unit units[] = {
  { "count", D_COUNT, 1, 0, false, false },       { "score", D_PLAIN, 1, 0, false, false },
  { "percent", D_RATIO, 1, 0, false, false },     { "ratio", D_RATIO, 100, 0, false, false },
  { "hours", D_TIME, 1, 0, false, false },        { "days", D_TIME, 24, 0, false, false },
  { "weeks", D_TIME, 168, 0, false, false },      { "months", D_TIME, 730, 0, false, false },
  { "USD", D_MONEY, 1, 0, false, false },         { "currency(USD)", D_MONEY, 1, 0, false, false },
  { "rating(1..5)", D_RATING, 5, 1, false, false }, { "rating(0..10)", D_RATING, 10, 0, false, false },
  { "milestone", D_MILE, 1, 1, false, false },    { "boolean", D_MILE, 1, 1, false, false },
  { "milestone(5)", D_MILE, 1, 5, false, false }, { "pp", D_PP, 1, 0, false, false },
  { "people", D_COUNT, 1, 0, true, false }, { "cases", D_COUNT, 1, 0, true, false },
  { "件", D_PLAIN, 1, 0, false, true },     { "千件", D_PLAIN, 1, 0, false, true },
};
#define NUNITS (int)(sizeof units / sizeof units[0])

/* A value of unit u (v in u's own scale), with a unit the checker converts. */
static void value(G *g, int u, double v) {
  const Unit *t = &units[u];
  switch (t->dim) {
  case D_RATIO: {
    double pct = v * t->scale;             /* the value in percent */
    switch (pk(g, 3)) {
    case 0: num(g, pct); put(g, "%"); break;
    case 1: num(g, pct / 100); put(g, " ratio"); break;
    default: num(g, pct); put(g, " percent"); break;
    }
    break;
  }
  case D_TIME: {
    double h = v * t->scale;
    switch (pk(g, 4)) {
    case 0: num(g, v); break;
    case 1: num(g, h); put(g, " hours"); break;
    case 2: num(g, h / 24); put(g, " days"); break;
    default: num(g, v); buf_printf(g->b, " %s", t->decl); break;
    }
    break;
  }
  case D_MONEY: num(g, v); if (chance(g, 50)) put(g, " USD"); break;
  case D_PP: num(g, v); put(g, chance(g, 50) ? "pp" : " pp"); break;
  default: num(g, v); break;
  }
}

/* Two distinct values of u, and whether the second is the larger. */
static void range(G *g, int u, double *a, double *b) {
  const Unit *t = &units[u];
  if (t->dim == D_RATING) { *a = t->low + pk(g, (unsigned)(t->scale - t->low)); *b = *a + 1; }
  else if (t->dim == D_RATIO) { *a = pk(g, 50) / t->scale; *b = (51 + pk(g, 49)) / t->scale; }
  else { double m = magnitude(g); *a = t->dim == D_COUNT ? floor(m / 4) : m / 4; *b = t->dim == D_COUNT ? floor(m) : m; if (*a == *b) *b = *a + 1; }
  if (chance(g, 40)) { double x = *a; *a = *b; *b = x; }
}

/* ---- periods ------------------------------------------------------------------- */

static const int per_sub[] = { 4, 12, 2, 1 };

/* The i-th period of the horizon as written (2025-Q3, 2025-07, 2025-H2, 2025). */
static void period(G *g, int i) {
  int k = g->kind, n = per_sub[k];
  int idx = g->s0 - 1 + i, y = g->y0 + idx / n, s = idx % n + 1;
  switch (k) {
  case 0: buf_printf(g->b, "%d-Q%d", y, s); break;
  case 1: buf_printf(g->b, "%d-%02d", y, s); break;
  case 2: buf_printf(g->b, "%d-H%d", y, s); break;
  default: buf_printf(g->b, "%d", y); break;
  }
}

/* A lag in whole periods of the cadence (halves in years); `zero`: may be 0. */
static void lag(G *g, bool zero) {
  static const char *letter[] = { "q", "m", "y", "y" };
  unsigned k = pk(g, 6);
  if (k == 0 && zero) { put(g, "0"); return; }
  int n = k == 5 ? 40 : k == 0 ? 1 : (int)k;            /* 40: past any horizon */
  int kind = g->kind;
  if (g->kind == 1 && chance(g, 30)) kind = 0;          /* quarters in a monthly cadence */
  buf_printf(g->b, "%d%s", n, letter[kind]);
}

/* ---- declarations --------------------------------------------------------------- */

static int gen_strategy(G *g, int *used, int nused_max) {
  static const int years[] = { 2025, 2024, 1999, 2099, 1900, 2990 };   /* a year is 1900..2999 */
  g->kind = (int)pk(g, 4);
  g->y0 = years[pk(g, 6)];
  g->s0 = 1 + (int)pk(g, (unsigned)per_sub[g->kind]);
  g->nper = 1 + (int)pk(g, g->kind == 1 ? 36 : 10);
  put(g, "strategy ");
  str(g, "Generated");
  put(g, " {"); nl(g);
  put(g, "  horizon "); period(g, 0); put(g, " .. "); period(g, g->nper - 1); comment(g); nl(g);
  static const char *cad[] = { "quarter", "month", "half", "year" };
  if (chance(g, 30)) { buf_printf(g->b, "  cadence %s", cad[g->kind]); nl(g); }
  /* perspectives: the four, maybe the public-sector two, weights adding to 100 */
  int avail = g->npersp, nused = 1 + (int)pk(g, (unsigned)avail);
  if (nused > nused_max) nused = nused_max;
  int off = (int)pk(g, (unsigned)avail);
  for (int i = 0; i < nused; i++) used[i] = (i + off) % avail;
  if (nused < avail || chance(g, 50)) {
    put(g, "  perspectives {");
    bool frac = chance(g, 25);
    int left = 100;
    for (int i = 0; i < nused; i++) {
      int w = i == nused - 1 ? left : 1 + (int)pk(g, (unsigned)(left - (nused - 1 - i)));
      if (w > left - (nused - 1 - i)) w = left - (nused - 1 - i);
      left -= w;
      if (frac) buf_printf(g->b, " %s %g", g->persp[used[i]], w / 100.0);
      else buf_printf(g->b, " %s %d%%", g->persp[used[i]], w);
    }
    put(g, " }"); nl(g);
  } else {
    nused = avail;
    for (int i = 0; i < avail; i++) used[i] = i;
  }
  if (chance(g, 30)) { buf_printf(g->b, "  thresholds { green %g  yellow %g }", 0.5 + pk(g, 50) / 100.0, pk(g, 50) / 100.0); nl(g); }
  if (chance(g, 50)) { put(g, "  limit objectives_per_owner 1000000"); nl(g); }
  if (chance(g, 50)) { put(g, "  limit krs_per_objective 100"); nl(g); }
  put(g, "}"); nl(g);
  return nused;
}

static void forecast(G *g, int u, double a, double b) {
  const Unit *t = &units[u];
  double lo = a < b ? a : b, hi = a < b ? b : a;
  put(g, " forecast ");
  if (t->dim == D_MILE) {
    if (t->low == 1) buf_printf(g->b, "bernoulli(%g)", pk(g, 101) / 100.0);
    else put(g, "triangular(0, 2, 5)");
    return;
  }
  switch (pk(g, t->dim == D_RATIO ? 6 : 5)) {
  case 0: put(g, "normal("); value(g, u, (lo + hi) / 2); put(g, ", "); value(g, u, (hi - lo) / 4); put(g, ")"); break;
  case 1: put(g, "uniform("); value(g, u, lo); put(g, ", "); value(g, u, hi); put(g, ")"); break;
  case 2: put(g, "triangular("); value(g, u, lo); put(g, ", "); value(g, u, lo); put(g, ", "); value(g, u, hi); put(g, ")"); break;
  case 3: put(g, "pert("); value(g, u, lo); put(g, ", "); value(g, u, (lo + hi) / 2); put(g, ", "); value(g, u, hi); put(g, ")"); break;
  case 4: put(g, "lognormal("); value(g, u, hi + 1); put(g, ", "); value(g, u, (hi - lo) / 4 + 0.1); put(g, ")"); break;
  default: buf_printf(g->b, "beta(%g, %g)", 0.5 + pk(g, 50) / 10.0, 0.5 + pk(g, 50) / 10.0); break;
  }
}

/* `= EXPR` over earlier measures of the same dimension, nested. */
static bool formula(G *g, int u) {
  int same[192], ns = 0;
  for (int q = 0; q < g->nm; q++)
    if (units[g->ms[q].unit].dim == units[u].dim && units[u].dim != D_MILE && units[u].dim != D_RATING &&
        units[u].dim != D_PP && (g->ms[q].has_base || g->ms[q].calc) &&
        (units[u].dim != D_COUNT && units[u].dim != D_PLAIN ? true : g->ms[q].unit == u))
      same[ns++] = q;
  if (ns == 0) return false;
  int depth = chance(g, 5) ? 300 : (int)pk(g, 4);
  put(g, " = ");
  for (int i = 0; i < depth; i++) put(g, "(");
  const char *a = g->ms[same[pk(g, (unsigned)ns)]].name, *b = g->ms[same[pk(g, (unsigned)ns)]].name;
  switch (pk(g, 8)) {
  case 0: buf_printf(g->b, "%s", a); break;
  case 1: buf_printf(g->b, "%s + %s", a, b); break;
  case 2: buf_printf(g->b, "max(%s, %s) - min(%s, %s)", a, b, b, a); break;
  case 3: buf_printf(g->b, "avg(%s, %s, %s)", a, b, a); break;
  case 4: buf_printf(g->b, "abs(%s - %s) + %s", a, b, a); break;
  case 5: buf_printf(g->b, "%s * 1e-300 * 1e300", a); break;
  case 6: buf_printf(g->b, "%s / 3 * 2", a); break;
  default: buf_printf(g->b, "-%s + 2 * %s", a, b); break;
  }
  for (int i = 0; i < depth; i++) put(g, ")");
  return true;
}

static void gen_measure(G *g, int o, bool kpi) {
  if (g->nm >= (int)(sizeof g->ms / sizeof g->ms[0])) return;
  GenM *m = &g->ms[g->nm];
  memset(m, 0, sizeof *m);
  m->obj = o;
  m->kpi = kpi;
  int u = (int)pk(g, NUNITS);
  if ((units[u].pubsec && !g->pubsec) || (units[u].custom && !g->custom) || (kpi && units[u].dim == D_MILE)) u = 0;
  m->unit = u;
  static const char *pre[] = { "k", "指标", "📈", "kr_" };
  snprintf(m->name, sizeof m->name, "%s%d", pre[pk(g, 4)], g->nm);
  const Unit *t = &units[u];
  buf_printf(g->b, "  %s %s", kpi ? "kpi" : "kr", m->name);
  if (chance(g, 30)) { put(g, " "); str(g, "Measure"); }
  buf_printf(g->b, " : %s", t->decl);
  double a = 0, b = 1;
  bool dir_up = true;
  if (t->dim != D_MILE) {
    range(g, u, &a, &b);
    unsigned form = kpi ? 1 : pk(g, 3);
    if (form == 0) {
      put(g, " "); value(g, u, a); put(g, chance(g, 20) ? " → " : " -> "); value(g, u, b);
      m->has_base = true;
      dir_up = b > a;
    } else {
      /* a threshold: >= the larger, or <= the smaller; `from` the other */
      dir_up = chance(g, 50);
      double x = dir_up ? (a > b ? a : b) : (a < b ? a : b), base = dir_up ? (a < b ? a : b) : (a > b ? a : b);
      buf_printf(g->b, " %s ", dir_up ? ONE(g, ">=", ">", "≥") : ONE(g, "<=", "<", "≤"));
      value(g, u, x);
      if (form == 2) { put(g, " from "); value(g, u, base); m->has_base = true; }
      if (kpi && t->dim != D_RATING && chance(g, 50)) { put(g, " warn "); value(g, u, dir_up ? x + (x - base) / 2 : x - (base - x) / 2); }
    }
  }
  if (!kpi) {
    if (!g->os[o].has_kids && chance(g, 30)) { put(g, " by "); period(g, chance(g, 50) ? 0 : g->nper - 1); }
    if (chance(g, 20)) { put(g, " weight "); num(g, magnitude(g)); }
    if (t->dim != D_MILE && m->has_base && chance(g, 15)) put(g, dir_up ? " increase" : " decrease");
    if (chance(g, 15)) put(g, ONE(g, " committed", " aspirational", " committed compensation"));
    if (chance(g, 10)) { put(g, " owner "); str(g, "Owner"); }
  }
  if (!kpi && chance(g, 30) && formula(g, u)) m->calc = true;
  else if (chance(g, 40)) forecast(g, u, a, b);
  comment(g);
  nl(g);
  g->nm++;
}

static void gen_objectives(G *g, const int *used, int nused) {
  int ncomp = 1 + (int)pk(g, 8), nteam = (int)pk(g, 16);
  bool chain = chance(g, 30);                   /* each aligns to the one before: deep */
  g->no = ncomp + nteam;
  if (g->no > 64) g->no = 64;
  for (int o = 0; o < g->no; o++) {
    GenO *x = &g->os[o];
    name(g, x->name, sizeof x->name, "o", o);
    x->parent = o < ncomp ? -1 : chain ? o - 1 : (int)pk(g, (unsigned)o);
    x->has_kids = false;
    x->level = 0;
    if (x->parent >= 0) {
      g->os[x->parent].has_kids = true;
      /* alignment goes up or sideways: under an individual, individuals only */
      x->level = g->os[x->parent].level == 2 || chance(g, 25) ? 2 : 1;
    }
  }
  for (int o = 0; o < g->no; o++) {
    GenO *x = &g->os[o];
    buf_printf(g->b, "objective %s", x->name);
    if (chance(g, 70)) { put(g, " "); str(g, "Objective"); }
    if (x->parent < 0) buf_printf(g->b, " in %s", g->persp[used[o < nused ? o : (int)pk(g, (unsigned)nused)]]);
    put(g, " {"); comment(g); nl(g);
    if (x->parent >= 0) {
      if (x->level == 2) { put(g, "  individual "); str(g, "Person"); }
      else { put(g, "  team "); str(g, "Team"); }
      nl(g);
      buf_printf(g->b, "  aligns %s", g->os[x->parent].name); nl(g);
    } else if (chance(g, 60)) { put(g, "  owner "); str(g, "Owner"); nl(g); }
    if (chance(g, 20)) { put(g, ONE(g, "  committed", "  aspirational", "  compensation")); nl(g); }
    if (chance(g, 20)) { put(g, "  weight "); num(g, magnitude(g)); nl(g); }
    int nk = (x->parent < 0 && o < nused) ? 1 + (int)pk(g, 4) : (int)pk(g, 5);
    for (int k = 0; k < nk; k++) gen_measure(g, o, false);
    if (chance(g, 15)) gen_measure(g, o, true);
    put(g, "}"); nl(g);
    if (chance(g, 20)) nl(g);
  }
}

static void gen_links(G *g) {
  int nl_ = (int)pk(g, (unsigned)(3 * g->no + 1));
  for (int i = 0; i < nl_; i++) {
    int a = (int)pk(g, (unsigned)g->no), c = (int)pk(g, (unsigned)g->no);
    if (a == c) continue;
    buf_printf(g->b, "%s -> %s", g->os[a].name, g->os[c].name);
    static const double st[] = { 0.5, 1, -1, 0, 0.000001, -0.999999, 0.25 };
    if (chance(g, 80)) { put(g, " strength "); num(g, st[pk(g, 7)]); }
    put(g, " lag ");
    lag(g, a < c);                      /* zero lags only forward: no algebraic loop */
    comment(g);
    nl(g);
  }
}

static void gen_initiatives(G *g) {
  g->ninit = g->nm ? (int)pk(g, 6) : 0;
  for (int i = 0; i < g->ninit; i++) {
    buf_printf(g->b, "initiative i%d", i);
    if (chance(g, 70)) { put(g, " "); str(g, "Initiative"); }
    put(g, " {"); nl(g);
    if (chance(g, 50)) { put(g, "  owner "); str(g, "Owner"); nl(g); }
    put(g, "  cost "); num(g, chance(g, 10) ? 1e15 : 1000 * (1 + pk(g, 200))); buf_printf(g->b, " %s", g->currency); nl(g);
    if (chance(g, 40)) { buf_printf(g->b, "  supports %s", g->os[pk(g, (unsigned)g->no)].name); nl(g); }
    int ne = 1 + (int)pk(g, 3);
    for (int e = 0; e < ne; e++) {
      const GenM *m = &g->ms[pk(g, (unsigned)g->nm)];
      if (m->calc || m->kpi) continue;
      const Unit *t = &units[m->unit];
      buf_printf(g->b, "  affects %s by ", m->name);
      if (t->dim == D_MILE) put(g, ONE(g, "1", "bernoulli(0.5)"));
      else if (m->has_base && chance(g, 30)) { put(g, ONE(g, "5%", "normal(0.05, 0.01)", "pert(0, 0.1, 0.3)")); put(g, " relative"); }
      else if (t->dim == D_RATIO && t->scale == 1) put(g, ONE(g, "2pp", "normal(1pp, 0.5pp)"));
      else if (t->dim == D_RATIO) put(g, ONE(g, "2%", "0.01 ratio"));
      else if (t->dim == D_RATING) put(g, "0.5");
      else { double v = magnitude(g) / 10; if (chance(g, 30)) v = -v; if (t->dim == D_PP) { num(g, v); put(g, "pp"); } else value(g, m->unit, v); }
      if (chance(g, 50)) { put(g, " lag "); lag(g, true); }
      nl(g);
    }
    put(g, "}"); nl(g);
  }
}

/* A value as a check-in or a CSV field. */
static void actual(G *g, const GenM *m) {
  const Unit *t = &units[m->unit];
  if (t->dim == D_MILE) {
    if (t->low == 1) put(g, ONE(g, "true", "false", "1", "0"));
    else buf_printf(g->b, "%u", pk(g, 6));
  } else if (t->dim == D_RATING) num(g, t->low + pk(g, (unsigned)(t->scale - t->low + 1)));
  else {
    double a, b;
    range(g, m->unit, &a, &b);
    value(g, m->unit, a);
  }
}

/* Check-ins at the ends of the horizon; the CSV at the other periods. */
static void gen_actuals(G *g, Buf *csv) {
  if (!g->nm) return;
  int ends[2] = { 0, g->nper - 1 };
  for (int e = 0; e < 2 && chance(g, 60); e++) {
    if (e == 1 && ends[1] == ends[0]) break;
    put(g, "actuals "); period(g, ends[e]); put(g, " {");
    for (int q = 0, first = 1; q < g->nm; q++) {
      if (g->ms[q].calc || !chance(g, 50)) continue;
      if (!first && chance(g, 20)) put(g, ", "); else { nl(g); put(g, "  "); }
      first = 0;
      buf_printf(g->b, "%s ", g->ms[q].name);
      actual(g, &g->ms[q]);
    }
    nl(g);
    put(g, "}"); nl(g);
  }
  /* the CSV: periods strictly inside the horizon (the ends are taken) */
  Buf *keep = g->b;
  g->b = csv;
  if (chance(g, 20)) put(g, "\xEF\xBB\xBF");
  unsigned h = pk(g, 4);
  bool unitcol = h == 1, swapped = h == 3;
  put(g, (const char *[]){ "period,kr,value", "period,kr,value,unit", "Period,KR,Value", "kr,value,period" }[h]);
  nl(g);
  for (int per = 1; per < g->nper - 1; per++)
    for (int q = 0; q < g->nm; q++) {
      if (g->ms[q].calc || !chance(g, 30)) continue;
      bool quote = chance(g, 20);
      if (!swapped) { period(g, per); put(g, ","); }
      buf_printf(g->b, quote ? "\"%s\"," : "%s,", g->ms[q].name);
      actual(g, &g->ms[q]);
      if (unitcol) put(g, ",");
      if (swapped) { put(g, ","); period(g, per); }
      nl(g);
    }
  g->b = keep;
}

void fz_gen(const uint8_t *data, size_t size, FzGen *out) {
  G g0;
  memset(&g0, 0, sizeof g0);
  G *g = &g0;
  g->d = data;
  g->n = size;
  Buf parts[5], csv;
  for (int i = 0; i < 5; i++) buf_init(&parts[i]);
  buf_init(&csv);
  g->crlf = chance(g, 10);
  g->pubsec = chance(g, 25);
  g->currency = ONE(g, "USD", "CNY");
  g->b = &parts[0];
  g->custom = chance(g, 20);
  static const char *classic[] = { "learning", "process", "customer", "financial" };
  for (int i = 0; i < 4; i++) g->persp[g->npersp++] = classic[i];
  if (g->pubsec) {
    put(g, "import \"std/public_sector.bsc\""); nl(g);
    if (chance(g, 20)) { put(g, "import \"std/public_sector.bsc\"  // twice: harmless"); nl(g); }
    g->persp[g->npersp++] = "mission";
    g->persp[g->npersp++] = "stakeholders";
  }
  if (g->custom) {
    put(g, "unit 件"); nl(g);
    put(g, "unit 千件 = 1_000 件"); comment(g); nl(g);
    put(g, "perspective 创新 \"Innovation 🚀\" rank 2.5"); nl(g);
    g->persp[g->npersp++] = "创新";
  }
  int used[7];
  int nused = gen_strategy(g, used, 7);
  g->b = &parts[1];
  gen_objectives(g, used, nused);
  g->b = &parts[2];
  gen_links(g);
  g->b = &parts[3];
  gen_initiatives(g);
  g->b = &parts[4];
  gen_actuals(g, &csv);
  /* declarations in any order: the strategy last, links first, ... */
  static const int orders[4][5] = { {0, 1, 2, 3, 4}, {2, 1, 3, 4, 0}, {4, 3, 2, 1, 0}, {0, 4, 1, 3, 2} };
  const int *ord = orders[pk(g, 4)];
  Buf all;
  buf_init(&all);
  for (int i = 0; i < 5; i++) {
    if (parts[ord[i]].len) buf_putn(&all, parts[ord[i]].data, parts[ord[i]].len);
    buf_free(&parts[ord[i]]);
  }
  out->bsc_len = all.len;
  out->bsc = all.data ? buf_steal(&all) : calloc(1, 1);
  out->csv_len = csv.len;
  out->csv = csv.data ? buf_steal(&csv) : calloc(1, 1);
}

void fz_gen_free(FzGen *g) {
  free(g->bsc);
  free(g->csv);
}
