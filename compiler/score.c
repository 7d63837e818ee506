/*
 * score.c - the reference evaluator of the scorecard (docs/semantics.md).
 * It fills a ScoreCard and prints nothing: the renderers are score_table.c,
 * score_json.c and score_csv.c, the command is score_cmd.c.
 *
 * The evaluator is deliberately plain: one pass per period, doubles only,
 * every sum in a fixed order (KRs in declaration order, objectives in load
 * order, perspectives by ascending rank), no caching of partial sums
 * across periods.  A compiled evaluator must reproduce these numbers bit
 * for bit, so every arithmetic step below is the one the document states.
 */
#define BSC_SEMA_INTERNAL     /* read-only use of the checker's unit table (p->sema->tt) */
#include "score.h"
#include "sema.h"
#include "types.h"
#include "plan.h"
#include "rollup.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- pure rules ------------------------------------------------------- */

/* x limited to lo..hi; at the bounds the bound itself is returned, so a
 * progress of -0.0 scores +0.0. */
double score_clamp(double x, double lo, double hi) {
  return x <= lo ? lo : x >= hi ? hi : x;
}

/* The range is checked on the double before the conversion: (int) of a
 * NaN or of a huge value is undefined behaviour. */
int score_cells(double x, int n) {
  if (!(x > 0)) return 0;
  if (x >= 1) return n;
  return (int)floor(x * n + 0.5);
}

double score_expected(int i, int d) {
  if (i >= d) return 1.0;
  return (double)(i + 1) / (double)(d + 1);
}

/* The hundredths `%.2f` prints x with, as an integer (-0.00 is 0; past
 * LONG_MAX hundredths, about 9.2e16, saturated to LONG_MAX).  The
 * reference is the printed text (score_cents_printed); for |x| < 2^50 the
 * same integer is computed exactly, without printing: x = m * 2^-s with m
 * a 53-bit integer, so 100x = 100m / 2^s, and printf's round-to-nearest of
 * the exact binary value, ties to even, is that quotient's.  A scorecard
 * calls this four times for every result (score_status): by snprintf it
 * was most of scoring a file with actuals (tests/unit/test_score.c checks
 * the two against each other on millions of values and every tie). */
long score_cents_printed(double x) {
  char b[400];
  snprintf(b, sizeof b, "%.2f", x);
  bool neg = b[0] == '-';
  long v = 0;
  for (const char *c = b + neg; *c; c++) {
    if (*c < '0' || *c > '9') continue;
    if (v > (LONG_MAX - (*c - '0')) / 10) { v = LONG_MAX; break; }   /* beyond 9.2e16: saturated */
    v = v * 10 + (*c - '0');
  }
  return neg ? -v : v;
}

long score_cents(double x) {
  double ax = fabs(x);
  if (!(ax < 0x1p50)) return score_cents_printed(x);   /* huge, inf, NaN: as printed */
  if (ax == 0) return 0;
  int ex;
  double fr = frexp(ax, &ex);                          /* ax = fr * 2^ex, fr in [0.5, 1) */
  uint64_t m = (uint64_t)ldexp(fr, 53);                /* exact: ax = m * 2^(ex - 53) */
  int sh = 53 - ex;                                    /* >= 3, since ax < 2^50 */
  uint64_t n = 100 * m;                                /* < 2^60 */
  uint64_t q;
  if (sh >= 62) {
    q = 0;                                             /* n / 2^sh < 1/4: rounds to 0 */
  } else {
    uint64_t half = (uint64_t)1 << (sh - 1), rem = n & ((half << 1) - 1);
    q = n >> sh;
    if (rem > half || (rem == half && (q & 1))) q++;
  }
  return x < 0 ? -(long)q : (long)q;
}

/* On the printed hundredths S (score), Q (plan), G, Y (thresholds):
 * green when 100 S >= f Q (f = 100 committed, G aspirational), yellow when
 * 100 S >= Y Q, else red; with Q = 0 nothing is due yet unless the target
 * is reached.  Integers, so what the table prints is what is compared. */
ScoreStatus score_status(double score, double plan, bool committed, double green, double yellow) {
  long S = score_cents(score), Q = score_cents(plan);
  long f = committed ? 100 : score_cents(green), y = score_cents(yellow);
  if (Q <= 0) return S >= 100 ? STATUS_GREEN : STATUS_NOT_DUE;
  /* in 128 bits: hundredths saturate at LONG_MAX (score_cents_printed),
   * and their products must not wrap */
  __int128 S100 = (__int128)100 * S;
  if (S100 >= (__int128)f * Q) return STATUS_GREEN;
  if (S100 >= (__int128)y * Q) return STATUS_YELLOW;
  return STATUS_RED;
}

/* The decimals a number is printed with (so_disp): two from 1 on, three
 * significant digits below 1; the exponent is read from "%.2e" so that
 * 0.09999999 counts as the 0.1 it prints as. */
static int shown_decimals(double y) {
  if (y == 0 || fabs(y) >= 1) return 2;
  char b[64];
  snprintf(b, sizeof b, "%.2e", y);
  const char *e = strchr(b, 'e');
  int ex = e ? atoi(e + 1) : 0;
  int d = 2 - ex;
  return d < 2 ? 2 : d > 40 ? 40 : d;
}

static double shown(double y, int d) {
  char b[400];
  snprintf(b, sizeof b, "%.*f", d, y);
  return strtod(b, NULL);
}

int score_value_cmp(double v, double x) {
  if (isfinite(v) && isfinite(x) && fabs(v) < 1e15 && fabs(x) < 1e15) {
    int dv = shown_decimals(v), dx = shown_decimals(x), d = dv > dx ? dv : dx;
    v = shown(v, d);
    x = shown(x, d);
  }
  return v < x ? -1 : v > x ? 1 : 0;
}

double score_points(const double *x, const double *p, int n, double v) {
  if (n <= 0) return 0;
  if (v <= x[0]) return p[0];
  if (v >= x[n - 1]) return p[n - 1];
  int a = 0;
  while (a + 1 < n - 1 && v >= x[a + 1]) a++;
  if (v == x[a]) return p[a];
  return p[a] + ((p[a + 1] - p[a]) * (v - x[a])) / (x[a + 1] - x[a]);
}

/* On the printed hundredths of the points: 6.67 (20/3) and 3.33 (10/3)
 * are the lines, compared in integers as everywhere (semantics.md §6.2). */
ScoreStatus score_points_status(double points) {
  long P = score_cents(points);
  if (P >= score_cents(20.0 / 3.0)) return STATUS_GREEN;
  if (P >= score_cents(10.0 / 3.0)) return STATUS_YELLOW;
  return STATUS_RED;
}

bool score_kpi_scored(const KR *k) { return k->mode != KM_NONE && k->mode != KM_CONTEXT; }

static bool rule_matches(const ModeItem *m, double v) {
  if (!m->ok) return false;
  if (!m->a) return true;                                 /* the catch-all */
  int c = score_value_cmp(v, m->a_v);
  switch (m->cmp) {
  case SPEC_GE: return c >= 0;
  case SPEC_GT: return c > 0;
  case SPEC_LE: return c <= 0;
  case SPEC_LT: return c < 0;
  case SPEC_WITHIN: return c >= 0 && score_value_cmp(v, m->b_v) <= 0;
  default: return false;
  }
}

int score_rule_match(const KR *k, double v) {
  for (int i = 0; i < k->nmitems; i++)
    if (rule_matches(&k->mitems[i], v)) return i;
  return -1;
}

ScoreTrack score_track(ScoreStatus s) {
  switch (s) {
  case STATUS_GREEN: return TRACK_ON_TRACK;
  case STATUS_YELLOW: return TRACK_BEHIND;
  case STATUS_RED: return TRACK_AT_RISK;
  case STATUS_NOT_DUE: return TRACK_NOT_DUE;
  default: return TRACK_NODATA;
  }
}

const char *score_status_name(ScoreStatus s) {
  switch (s) {
  case STATUS_GREEN: return "green";
  case STATUS_YELLOW: return "yellow";
  case STATUS_RED: return "red";
  case STATUS_NOT_DUE: return "not due";
  default: return "no data";
  }
}

const char *score_track_name(ScoreTrack t) {
  switch (t) {
  case TRACK_ON_TRACK: return "on track";
  case TRACK_BEHIND: return "behind";
  case TRACK_AT_RISK: return "at risk";
  case TRACK_NOT_DUE: return "not due";
  default: return "no data";
  }
}

const char *score_scope_name(ScoreScope s) {
  return s == SCOPE_NOT_STARTED ? "not started" : s == SCOPE_ENDED ? "ended" : "running";
}

const char *score_health_name(KpiHealth h) {
  switch (h) {
  case HEALTH_HEALTHY: return "healthy";
  case HEALTH_WARNING: return "warning";
  case HEALTH_BREACHED: return "breached";
  case HEALTH_CONTEXT: return "context";
  default: return "no data";
  }
}

/* ---- periods ---------------------------------------------------------- */


/* ---- evaluation -------------------------------------------------------- */

typedef struct Eval {
  ScoreCard *sc;
  int *bd_off;               /* per measure: its members' first slot in sc->bd_vals, -1 none */
  Program *p;
  TypeTable *tt;
  int nm;                    /* measures: KRs then KPIs */
  KR **meas;
  int h_start, cm;           /* first month of the horizon, months per period */
  int age;                   /* the oldest input read by the formula being evaluated */
} Eval;

static int midx(const Eval *X, const KR *k) {
  return k->h.kind == ND_KPI ? X->sc->nkrs + k->index : k->index;
}

/* A measure's result in period per.  The measured and calculated values
 * are built in place in the card's own KR and KPI rows, which step 3 of
 * score_eval then completes: no second table of nm x nperiods results
 * (at 400,000 KRs that table was 350 MB of first-touch page faults). */
static ScoreResult *mres(Eval *X, int per, int mi) {
  const ScoreCard *sc = X->sc;
  return mi < sc->nkrs ? &sc->krs[(size_t)per * (size_t)sc->nkrs + (size_t)mi]
                       : &sc->kpis[(size_t)per * (size_t)sc->nkpis + (size_t)(mi - sc->nkrs)];
}

/* Evaluates a formula in period `per` over the values of that period.
 * Mirrors sema's constant evaluation, with the units sema resolved
 * (Expr.type), converting with type_binop / type_convert. */
static bool feval(Eval *X, int per, const Expr *e, double *out, NoDataReason *why, const KR **missing) {
  switch (e->kind) {
  case EX_NUM:
  case EX_BOOL:
    *out = e->num;
    return true;
  case EX_REF: {
    const KR *k = e->sym ? e->sym->decl : NULL;
    if (!k) { *why = ND_MISSING_INPUT; return false; }
    const ScoreResult *r = mres(X, per, midx(X, k));
    if (!r->has) { *why = ND_MISSING_INPUT; *missing = k; return false; }
    if (r->age > X->age) X->age = r->age;
    *out = r->value;
    return true;
  }
  case EX_NEG: {
    double v;
    if (!feval(X, per, e->lhs, &v, why, missing)) return false;
    *out = -v;
    return true;
  }
  case EX_ADD: case EX_SUB: case EX_MUL: case EX_DIV: {
    double lv, rv;
    if (!feval(X, per, e->lhs, &lv, why, missing)) return false;
    if (!feval(X, per, e->rhs, &rv, why, missing)) return false;
    TypeOp op = e->kind == EX_ADD ? TOP_ADD : e->kind == EX_SUB ? TOP_SUB : e->kind == EX_MUL ? TOP_MUL : TOP_DIV;
    type_binop(X->tt, op, e->lhs->type, e->rhs->type, &lv, &rv);
    switch (op) {
    case TOP_ADD: *out = lv + rv; break;
    case TOP_SUB: *out = lv - rv; break;
    case TOP_MUL: *out = lv * rv; break;
    case TOP_DIV:
      if (rv == 0) { *why = ND_DIV_ZERO; return false; }
      *out = lv / rv;
      break;
    }
    return true;
  }
  case EX_CALL: {
    const char *fn = e->ref.name;
    if (e->nargs < 1) { *why = ND_MISSING_INPUT; return false; }
    if (fn && !strcmp(fn, "prev")) {      /* the value e->num periods earlier (semantics.md §3.1) */
      const KR *k = e->args[0]->sym ? e->args[0]->sym->decl : NULL;
      int back = per - (int)e->num;
      const ScoreResult *r = k && back >= 0 ? mres(X, back, midx(X, k)) : NULL;
      if (!r || !r->has) { *why = ND_NO_EARLIER; *missing = k; return false; }
      *out = r->value;
      return true;
    }
    if (fn && !strcmp(fn, "pow")) {
      double a, b;
      if (!feval(X, per, e->args[0], &a, why, missing) || !feval(X, per, e->args[1], &b, why, missing)) return false;
      *out = pow(a, b);                   /* not finite (pow(-1, 0.5)): no data, overflow */
      return true;
    }
    if (fn && !strcmp(fn, "abs")) {
      double v;
      if (!feval(X, per, e->args[0], &v, why, missing)) return false;
      *out = fabs(v);
      return true;
    }
    /* min, max, avg: every argument converted to the unit of the first
     * argument that has one */
    Type *t = &X->tt->number;
    for (int i = 0; i < e->nargs; i++)
      if (type_has_unit(e->args[i]->type)) { t = e->args[i]->type; break; }
    double acc = 0, mn = INFINITY, mx = -INFINITY;
    for (int i = 0; i < e->nargs; i++) {
      double v, cv;
      if (!feval(X, per, e->args[i], &v, why, missing)) return false;
      type_convert(X->tt, e->args[i]->type, t, v, &cv);
      acc += cv;
      if (cv < mn) mn = cv;
      if (cv > mx) mx = cv;
    }
    *out = fn && !strcmp(fn, "min") ? mn : fn && !strcmp(fn, "max") ? mx : acc / e->nargs;
    return true;
  }
  }
  *why = ND_MISSING_INPUT;
  return false;
}

static void refs(const Expr *e, Eval *X, int *list, int *n, int cap) {
  if (!e) return;
  if (e->kind == EX_REF && e->sym && (e->sym->kind == SYM_KR || e->sym->kind == SYM_KPI) && *n < cap)
    list[(*n)++] = midx(X, e->sym->decl);
  refs(e->lhs, X, list, n, cap);
  refs(e->rhs, X, list, n, cap);
  for (int i = 0; i < e->nargs; i++) refs(e->args[i], X, list, n, cap);
}

static int count_refs(const Expr *e) {
  if (!e) return 0;
  int n = e->kind == EX_REF;
  n += count_refs(e->lhs) + count_refs(e->rhs);
  for (int i = 0; i < e->nargs; i++) n += count_refs(e->args[i]);
  return n;
}

/* The calculated measures in an order where each comes after the
 * measures its formula reads (iterative post-order DFS; no cycles, E070). */
static int *formula_order(Eval *X, int *nout) {
  int nm = X->nm;
  int *off = bsc_calloc((size_t)nm + 1, sizeof *off);
  for (int i = 0; i < nm; i++) off[i + 1] = off[i] + (X->meas[i]->formula ? count_refs(X->meas[i]->formula) : 0);
  int *adj = bsc_malloc(sizeof *adj * ((size_t)off[nm] + 1));
  for (int i = 0; i < nm; i++) {
    int n = 0;
    if (X->meas[i]->formula) refs(X->meas[i]->formula, X, adj + off[i], &n, off[i + 1] - off[i]);
    for (int j = off[i] + n; j < off[i + 1]; j++) adj[j] = -1;
  }
  char *state = bsc_calloc((size_t)nm + 1, 1);
  int *order = bsc_malloc(sizeof *order * ((size_t)nm + 1)), no = 0;
  int *stk = bsc_malloc(sizeof *stk * ((size_t)nm + 1)), *it = bsc_malloc(sizeof *it * ((size_t)nm + 1));
  for (int s = 0; s < nm; s++) {
    if (state[s] || !X->meas[s]->formula) continue;
    int sp = 0;
    stk[sp] = s; it[sp] = off[s]; sp++;
    state[s] = 1;
    while (sp > 0) {
      int v = stk[sp - 1];
      if (it[sp - 1] < off[v + 1]) {
        int w = adj[it[sp - 1]++];
        if (w < 0 || state[w] || !X->meas[w]->formula) continue;
        state[w] = 1;
        stk[sp] = w; it[sp] = off[w]; sp++;
        continue;
      }
      state[v] = 2;
      order[no++] = v;
      sp--;
    }
  }
  free(off); free(adj); free(state); free(stk); free(it);
  *nout = no;
  return order;
}

/* The measured value of each measure in each period (docs/semantics.md §2):
 * a value of a finer frequency is aggregated into its period by the
 * measure's rule, one of a coarser frequency is placed in the period its
 * last month falls in; then the last value is carried forward, stale with
 * its age, for up to the measure's carry limit.  Returns the latest period
 * with a value measured in it, or -1. */
/* The last day of a value's period (days since 1970): which of the values
 * inside one cadence period is the latest (`last`), down to weeks and
 * dates (semantics.md §2.4). */
static long end_day(Period p) {
  if (p.kind == PER_WEEK || p.kind == PER_DAY) return ast_period_last_day(p);
  int next = sema_period_end(p) + 1;
  return ast_days(next / 12, next % 12 + 1, 1) - 1;
}

/* ---- breakdowns (semantics.md §4.2) ------------------------------------ */

/* Slots: per breakdown measure, nperiods * (members + 1) doubles: each
 * period's member values, then a count of the members given. */
static double *member_row(Eval *X, int mi, int per) {
  int n = X->meas[mi]->bd->n;
  return &X->sc->bd_vals[X->bd_off[mi] + (size_t)per * (size_t)(n + 1)];
}

static void member_slot(Eval *X, int mi, int per, int member, double v) {
  double *row = member_row(X, mi, per);
  row[member] = v;
  row[X->meas[mi]->bd->n] += 1;
}

static void breakdown_slots(Eval *X) {
  int np = X->sc->nperiods;
  size_t total = 0;
  X->bd_off = bsc_malloc(sizeof *X->bd_off * ((size_t)X->nm + 1));
  for (int mi = 0; mi < X->nm; mi++) {
    const Breakdown *b = X->meas[mi]->bd;
    X->bd_off[mi] = b && b->ok ? (int)total : -1;
    if (b && b->ok) total += (size_t)np * (size_t)(b->n + 1);
  }
  X->sc->bd_vals = bsc_calloc(total + 1, sizeof *X->sc->bd_vals);
}

/* The measure's value in period per from its members, when every member
 * has one (E177 otherwise, before scoring): sum, mean, weighted mean, min
 * or max, in member order; and the gap between them. */
static void roll_up(Eval *X, int mi, int per) {
  const Breakdown *b = X->meas[mi]->bd;
  const double *v = member_row(X, mi, per);
  if (v[b->n] < b->n) return;                             /* none (or some: E177) */
  double acc = 0, wsum = 0, lo = v[0], hi = v[0];
  for (int i = 0; i < b->n; i++) {
    double w = b->rule_v == BD_WEIGHTED ? b->members[i].weight_v : 1.0;
    acc += w * v[i];
    wsum += w;
    if (v[i] < lo) lo = v[i];
    if (v[i] > hi) hi = v[i];
  }
  ScoreResult *r = mres(X, per, mi);
  switch (b->rule_v) {
  case BD_SUM: r->value = acc; break;
  case BD_MEAN: case BD_WEIGHTED: r->value = acc / wsum; break;
  case BD_MIN: r->value = lo; break;
  case BD_MAX: r->value = hi; break;
  }
  if (!isfinite(r->value)) { r->why = ND_OVERFLOW; return; }
  r->has = true;
  r->source = SRC_MEASURED;
  r->parts = b->n;
  r->members = v;
  r->gap = hi - lo;
  r->has_ratio = lo > 0;
  r->ratio = lo > 0 ? hi / lo : 0;
}

static int measured_values(Eval *X, const ActualSet *as) {
  int np = X->sc->nperiods, h_end = X->h_start + np * X->cm - 1, latest = -1;
  long *last_end = bsc_calloc((size_t)np * (size_t)X->nm + 1, sizeof *last_end);
  for (int i = 0; i < as->n; i++) {
    const Actual *a = &as->items[i];
    int em = sema_period_end(a->period);
    if (em < X->h_start || em > h_end) continue;          /* reported (E042 / E090) */
    long e = end_day(a->period);
    int per = (em - X->h_start) / X->cm, mi = midx(X, a->m);
    if (a->member >= 0) {                                 /* a breakdown member: rolled up below */
      if (X->bd_off[mi] < 0) continue;
      member_slot(X, mi, per, a->member, a->value);
      if (per > latest) latest = per;
      continue;
    }
    size_t slot = (size_t)per * (size_t)X->nm + (size_t)mi;
    ScoreResult *r = mres(X, per, mi);
    if (!r->parts || a->m->agg == AGG_SUM || a->m->agg == AGG_MEAN) r->value = r->parts ? r->value + a->value : a->value;
    else if (e > last_end[slot]) r->value = a->value;     /* AGG_LAST: the latest sub-period */
    if (!r->parts || e > last_end[slot]) {                /* the latest check-in's confidence and note */
      r->confidence = a->confidence;
      r->note = a->note;
    }
    if (e > last_end[slot]) last_end[slot] = e;
    r->parts++;
    r->has = true;
    r->source = SRC_MEASURED;
    if (per > latest) latest = per;
  }
  free(last_end);
  for (int mi = 0; mi < X->nm; mi++)
    if (X->bd_off[mi] >= 0)
      for (int per = 0; per < np; per++) roll_up(X, mi, per);
  for (int mi = 0; mi < X->nm; mi++) {
    const KR *m = X->meas[mi];
    int from = -1;                                        /* the period of the last value */
    for (int per = 0; per < np; per++) {
      ScoreResult *r = mres(X, per, mi);
      if (r->has) {
        if (m->agg == AGG_MEAN) r->value /= r->parts;     /* summed above, in source order */
        from = per;
        continue;
      }
      if (from < 0 || m->carry_n == 0) continue;        /* never carried: not measured */
      const ScoreResult *f = mres(X, from, mi);
      r->age = per - from;
      if (r->age > m->carry_n) { r->why = ND_STALE; continue; }
      r->has = true;
      r->value = f->value;
      r->source = SRC_MEASURED;
      r->parts = f->parts;
      r->members = f->members;                            /* a breakdown is carried whole */
      r->gap = f->gap;
      r->ratio = f->ratio;
      r->has_ratio = f->has_ratio;
    }
  }
  return latest;
}

static KpiHealth kpi_health(const KR *k, double v, double x, double w);

/* Scores a key result from its value (docs/semantics.md §3). */
static void score_value(const ScoreCard *sc, const KR *k, double v, ScoreResult *r) {
  const Type *t = k->type;
  bool ms = t && t->kind == TY_MILESTONE;
  double lo, hi;
  if (k->maintain) {                       /* held: healthy 1, warning Y, breached 0 (§4.1) */
    r->health = kpi_health(k, v, k->target_v, k->warn_v);
    r->score = r->health == HEALTH_HEALTHY ? 1.0 : r->health == HEALTH_WARNING ? sc->yellow : 0.0;
    r->progress = r->score;
    return;
  }
  if (plan_line(k, &lo, &hi) || ms) {
    r->progress = plan_progress(v, lo, hi);
    r->score = score_clamp(r->progress, 0.0, ms ? 1.0 : sc->cap);
    return;
  }
  bool up = k->spec == SPEC_GE || k->spec == SPEC_GT;
  double x = k->target_v;
  r->progress = (up ? v >= x : v <= x) ? 1.0 : 0.0;
  r->score = r->progress;
}

/* Health against the threshold x and warning level w in force, the value
 * compared as printed (score_value_cmp, semantics.md §7). */
static KpiHealth kpi_health(const KR *k, double v, double x, double w) {
  const Type *t = k->type;
  if (t && t->kind == TY_MILESTONE) return v >= (double)t->steps ? HEALTH_HEALTHY : HEALTH_BREACHED;
  bool up;
  bool breached;
  int c = score_value_cmp(v, x);
  switch (k->spec) {
  case SPEC_GE: up = true; breached = c < 0; break;
  case SPEC_GT: up = true; breached = c <= 0; break;
  case SPEC_LE: up = false; breached = c > 0; break;
  case SPEC_LT: up = false; breached = c >= 0; break;
  case SPEC_RANGE:
    up = k->dir_eff != DIR_DECREASE;
    breached = up ? c < 0 : c > 0;
    break;
  case SPEC_WITHIN:                       /* stay within base_v .. x */
    return score_value_cmp(v, k->base_v) < 0 || c > 0 ? HEALTH_BREACHED : HEALTH_HEALTHY;
  default:
    return HEALTH_NODATA;
  }
  if (breached) return HEALTH_BREACHED;
  int cw = score_value_cmp(v, w);
  if (k->warn && (up ? cw < 0 : cw > 0)) return HEALTH_WARNING;
  return HEALTH_HEALTHY;
}

static KpiHealth health_of(ScoreStatus s) {
  return s == STATUS_GREEN ? HEALTH_HEALTHY : s == STATUS_YELLOW ? HEALTH_WARNING : HEALTH_BREACHED;
}

static ScoreStatus status_of(KpiHealth h) {
  return h == HEALTH_HEALTHY ? STATUS_GREEN : h == HEALTH_WARNING ? STATUS_YELLOW : STATUS_RED;
}

/* The score of a scored KPI with a value (semantics.md §7.1): r->value,
 * r->health (its health against its thresholds) are set; pl is its plan
 * as a key result's (used by a range KPI). */
static void kpi_score(const ScoreCard *sc, const KR *k, const Plan *pl, int per, ScoreResult *r) {
  double Y = sc->yellow;
  bool committed = k->commit_eff == COMMIT_COMMITTED;
  r->rule = -1;
  switch (k->mode) {
  case KM_HEALTH:
    if (k->spec == SPEC_RANGE) {          /* increase to / decrease to: progress, like a KR */
      r->progress = plan_progress(r->value, k->base_v, k->target_v);
      r->score = score_clamp(r->progress, 0.0, 1.0);
      r->expected = score_clamp(plan_at(pl, per), 0.0, 1.0);
      r->status = score_status(r->score, r->expected, committed, sc->green, Y);
      break;
    }
    r->score = r->health == HEALTH_HEALTHY ? 1.0 : r->health == HEALTH_WARNING ? Y : 0.0;
    r->progress = r->score;
    r->expected = 1.0;
    r->status = status_of(r->health);
    break;
  case KM_QUICKSCORE:
  case KM_BAND:
    r->points = score_points(k->qs_x, k->qs_p, k->qs_n, r->value);
    r->score = r->points / 10.0;
    r->progress = r->score;
    r->expected = (20.0 / 3.0) / 10.0;     /* planned at the goal */
    r->status = score_points_status(r->points);
    r->health = health_of(r->status);
    break;
  case KM_RULES: {
    r->rule = score_rule_match(k, r->value);
    const char *w = r->rule >= 0 ? k->mitems[r->rule].word.name : "red";
    r->status = !strcmp(w, "green") ? STATUS_GREEN : !strcmp(w, "yellow") ? STATUS_YELLOW : STATUS_RED;
    r->score = r->status == STATUS_GREEN ? 1.0 : r->status == STATUS_YELLOW ? Y : 0.0;
    r->progress = r->score;
    r->expected = 1.0;
    r->health = health_of(r->status);
    break;
  }
  default:
    return;
  }
  r->attainment = r->expected > 0 ? r->score / r->expected : 0;
  r->track = score_track(r->status);
  r->n_items = r->n_data = 1;
  r->coverage = 1.0;
}

/* KPI k in period per from its value (r->has, r->value): the threshold
 * in force (pl), health and, when scored, its score (kpl: its plan as a
 * key result's). */
static void bench_at(const KR *k, int per, ScoreResult *r);
static void margin_flag(const KR *k, double x, ScoreResult *r);

static void kpi_result(const ScoreCard *sc, const KR *k, const Plan *pl, const Plan *kpl, int per, ScoreResult *r) {
  r->threshold = plan_at(pl, per);
  r->warn_at = k->warn_v + (r->threshold - k->target_v);   /* the warning moves with the threshold */
  r->rule = -1;
  bench_at(k, per, r);
  margin_flag(k, r->threshold, r);
  if (!r->has) {
    if (r->why == ND_NONE) r->why = ND_NOT_MEASURED;
    if (k->mode == KM_CONTEXT) r->health = HEALTH_CONTEXT;
    return;
  }
  if (k->mode == KM_CONTEXT) { r->health = HEALTH_CONTEXT; return; }
  if (k->mode != KM_QUICKSCORE && k->mode != KM_BAND && k->mode != KM_RULES)
    r->health = kpi_health(k, r->value, r->threshold, k->nplan ? r->warn_at : k->warn_v);
  kpi_score(sc, k, kpl, per, r);
}

/* The period index a KPI's `by` ends in (the end of the horizon without one). */
static int kpi_due(const ScoreCard *sc, const KR *k) {
  int np = sc->nperiods, kdue = np - 1;
  if (k->due_eff.kind != PER_NONE && np > 0) {
    int h_start = sema_period_start(sc->periods[0]), cm = sema_period_months(sc->periods[0].kind);
    kdue = (sema_period_end(k->due_eff) - h_start) / cm;
  }
  return kdue < 0 || kdue > np - 1 ? np - 1 : kdue;
}

void score_kpi_at(const ScoreCard *sc, const KR *k, int per, double v, ScoreResult *r) {
  Plan pl, kpl;
  plan_kpi(k, sc->nperiods - 1, &pl);
  plan_kr(k, k->start_i, kpi_due(sc, k), &kpl);
  memset(r, 0, sizeof *r);
  r->has = true;
  r->value = v;
  kpi_result(sc, k, &pl, &kpl, per, r);
  plan_free(&pl);
  plan_free(&kpl);
}

double score_maintain_at(const ScoreCard *sc, const KR *k, double v) {
  ScoreResult r;
  memset(&r, 0, sizeof r);
  score_value(sc, k, v, &r);
  return r.score;
}

/* Weighted mean of items (docs/semantics.md §5: rollup_add), over the
 * items in their own periods. */
typedef struct Agg {
  RollupMean m;
  int before, after;         /* items outside their own periods: not counted */
} Agg;

static void agg_add(Agg *a, double w, const ScoreResult *r) {
  if (r->scope != SCOPE_RUNNING) {
    if (r->scope == SCOPE_NOT_STARTED) a->before++; else a->after++;
    return;
  }
  rollup_add(&a->m, w, r->has, r->score, r->expected);
}

static void agg_finish(const Agg *ag, ScoreResult *r, bool committed, double green, double yellow) {
  const RollupMean *a = &ag->m;
  memset(r, 0, sizeof *r);
  r->n_items = a->n;
  r->n_data = a->nd;
  if (a->n == 0 && (ag->before || ag->after)) r->scope = ag->before ? SCOPE_NOT_STARTED : SCOPE_ENDED;
  if (a->nd == 0) return;
  r->has = true;
  r->score = a->num / a->den;
  r->progress = r->score;
  r->expected = a->enu / a->den;
  r->coverage = a->den / a->tot;
  r->attainment = r->expected > 0 ? r->score / r->expected : 0;
  r->status = score_status(r->score, r->expected, committed, green, yellow);
  r->track = score_track(r->status);
}

int score_prev_with_data(const ScoreCard *sc, int kind, int index, int per) {
  for (int i = per - 1; i >= 0; i--) {
    const ScoreResult *r;
    switch (kind) {
    case 0: r = &sc->krs[(size_t)i * sc->nkrs + index]; break;
    case 1: r = &sc->kpis[(size_t)i * sc->nkpis + index]; break;
    case 2: r = &sc->objs[(size_t)i * sc->nobjs + index]; break;
    case 3: r = &sc->persps[(size_t)i * sc->npersps + index]; break;
    case 5: r = &sc->themes[(size_t)i * sc->nthemes + index]; break;
    default: r = &sc->total[i]; break;
    }
    if (r->has) return i;
  }
  return -1;
}

const ScoreResult *score_kr(const ScoreCard *sc, int per, const KR *k) {
  return &sc->krs[(size_t)per * sc->nkrs + k->index];
}
const ScoreResult *score_kpi(const ScoreCard *sc, int per, const KR *k) {
  return &sc->kpis[(size_t)per * sc->nkpis + k->index];
}
const ScoreResult *score_obj(const ScoreCard *sc, int per, const Objective *o) {
  return &sc->objs[(size_t)per * sc->nobjs + o->index];
}
const ScoreResult *score_persp(const ScoreCard *sc, int per, const Perspective *ps) {
  return &sc->persps[(size_t)per * sc->npersps + ps->index];
}
const ScoreResult *score_total(const ScoreCard *sc, int per) { return &sc->total[per]; }
const ScoreResult *score_theme(const ScoreCard *sc, int per, const Theme *t) {
  return &sc->themes[(size_t)per * sc->nthemes + t->index];
}

bool score_counts(const ScoreCard *sc, const Align *al) { return rollup_counts(al, sc && sc->opt.rollup); }

const char *score_align_name(const ScoreCard *sc, const Align *al) {
  return score_counts(sc, al) ? "contributes" : "supports";
}

void score_free(ScoreCard *sc) {
  if (!sc) return;
  free(sc->periods);
  free(sc->krs);
  free(sc->kpis);
  free(sc->objs);
  free(sc->persps);
  free(sc->total);
  free(sc->themes);
  free(sc->due);
  free(sc->bd_vals);
  free(sc->cal);
  free(sc->inits);
  free(sc);
}

bool score_off_line(ScoreTrack t) { return t == TRACK_BEHIND || t == TRACK_AT_RISK; }

/* Whether period `per` is outside the measure's own periods: then its
 * result is empty but for its scope (semantics.md §6.6). */
static bool out_of_scope(const KR *k, int per, ScoreResult *r) {
  if (per >= k->start_i && per <= k->end_i) return false;
  memset(r, 0, sizeof *r);
  r->scope = per < k->start_i ? SCOPE_NOT_STARTED : SCOPE_ENDED;
  return true;
}

/* The objectives in an order where each comes after the children it
 * counts (a post-order over the roll-up's children): any such order gives
 * the same numbers, since an objective reads only its items. */
static int *objective_order(const Rollup *ru) {
  int no = ru->nobjs, n = 0;
  int *order = bsc_malloc(sizeof *order * ((size_t)no + 1));
  char *state = bsc_calloc((size_t)no + 1, 1);
  int *stk = bsc_malloc(sizeof *stk * ((size_t)no + 1)), *it = bsc_malloc(sizeof *it * ((size_t)no + 1));
  for (int s0 = 0; s0 < no; s0++) {
    if (state[s0]) continue;
    int sp = 0;
    stk[sp] = s0; it[sp] = ru->first[s0]; sp++;
    state[s0] = 1;
    while (sp > 0) {
      int v = stk[sp - 1];
      if (it[sp - 1] < ru->first[v + 1]) {
        const RollupItem *c = &ru->item[it[sp - 1]++];
        if (c->kind != ROLLUP_OBJ || state[c->index]) continue;
        state[c->index] = 1;
        stk[sp] = c->index; it[sp] = ru->first[c->index]; sp++;
        continue;
      }
      order[n++] = v;
      sp--;
    }
  }
  free(state); free(stk); free(it);
  return order;
}

/* The weighted mean of node v's roll-up items in period per: its KRs'
 * and KPIs' results, and those of the objectives in row orow. */
static void rollup_agg(const ScoreCard *sc, const Rollup *ru, int v, int per, const ScoreResult *orow, Agg *a) {
  for (int i = ru->first[v]; i < ru->first[v + 1]; i++) {
    const RollupItem *x = &ru->item[i];
    const ScoreResult *r = x->kind == ROLLUP_KR    ? &sc->krs[(size_t)per * sc->nkrs + x->index]
                           : x->kind == ROLLUP_KPI ? &sc->kpis[(size_t)per * sc->nkpis + x->index]
                                                   : &orow[x->index];
    agg_add(a, x->weight, r);
  }
}

/* A key result in period `per` from its value (m) and its plan. */
/* The final grade of k in a closed period `per`, or NULL (semantics.md §6.8). */
static const Checkin *closed_grade(const Program *p, const KR *k, int per) {
  const Actuals *a;
  VEC_EACH(const Actuals *, a, p->closes)
    if (a->index == per)
      for (int i = 0; i < a->nitems; i++)
        if (a->items[i].target == k) return &a->items[i];
  return NULL;
}

/* The benchmark in force in period per: the constant, or the latest point
 * at or before per (semantics.md §4.3). */
static void bench_at(const KR *k, int per, ScoreResult *r) {
  r->has_bench = false;
  if (!k->has_bench || !k->bench_ok) return;
  if (k->bench) { r->has_bench = true; r->bench = k->bench_v; return; }
  for (int i = 0; i < k->nbench && k->bench_pts[i].index <= per; i++) {
    r->has_bench = true;
    r->bench = k->bench_pts[i].value_v;
  }
}

/* Whether the value is within the margin of error of the line it is
 * judged against (semantics.md §4.4): the planned value, else the
 * threshold in force x (a band: its nearer end). */
static void margin_flag(const KR *k, double x, ScoreResult *r) {
  r->within_margin = false;
  if (!(k->margin_v > 0) || !r->has || k->spec == SPEC_NONE || k->mode >= KM_QUICKSCORE) return;
  double line = r->has_plan_value ? r->plan_value : x;
  if (k->spec == SPEC_WITHIN && !r->has_plan_value)
    line = fabs(r->value - k->base_v) < fabs(r->value - x) ? k->base_v : x;
  r->within_margin = fabs(r->value - line) <= k->margin_v;
}

/* r holds k's value in period per (measured_values, the formulas) and
 * is completed here. */
static void kr_result(ScoreCard *sc, const KR *k, const Plan *pl, int per) {
  ScoreResult *r = &sc->krs[(size_t)per * sc->nkrs + k->index];
  if (out_of_scope(k, per, r)) return;
  r->has_plan_value = plan_value_at(pl, per, &r->plan_value);
  bench_at(k, per, r);
  const Checkin *g = closed_grade(sc->p, k, per);
  if (g) {
    /* closed: the frozen grade is the score, whatever was checked in since;
     * without a value, the value it stands for on the progress line */
    double lo, hi;
    if (!r->has) {
      r->value = plan_line(k, &lo, &hi) || (k->type && k->type->kind == TY_MILESTONE) ? lo + (hi - lo) * g->value_v
                                                                                          : g->value_v;
      r->source = SRC_MEASURED;
      r->parts = 0;
      r->why = ND_NONE;
    }
    r->has = true;
    r->closed = true;
    r->progress = r->score = g->value_v;
  } else if (!r->has) {
    if (r->why == ND_NONE) r->why = ND_NOT_MEASURED;
    return;
  } else
    score_value(sc, k, r->value, r);
  r->expected = score_clamp(plan_at(pl, per), 0.0, 1.0);
  r->attainment = r->expected > 0 ? r->score / r->expected : 0;
  margin_flag(k, k->target_v, r);
  r->status = score_status(r->score, r->expected, k->commit_eff == COMMIT_COMMITTED, sc->green, sc->yellow);
  r->track = score_track(r->status);
  r->n_items = r->n_data = 1;
  r->coverage = 1.0;
}

/* The latest period before `per` whose check-in of k gives a
 * confidence, or -1. */
static int conf_before(const ScoreCard *sc, const KR *k, int per) {
  for (int i = per - 1; i >= 0; i--)
    if (sc->krs[(size_t)i * sc->nkrs + k->index].confidence) return i;
  return -1;
}

ScoreCard *score_eval(Program *p, const ScoreOptions *o, const char **why) {
  static const char *dummy;
  if (!why) why = &dummy;
  *why = NULL;
  Strategy *st = p->strategy;
  if (!st || !p->sema || st->from.kind == PER_NONE || st->to.kind == PER_NONE || st->cadence_eff == PER_NONE) {
    *why = "the strategy has no horizon";
    return NULL;
  }
  int cm = sema_period_months(st->cadence_eff);
  int h_start = sema_period_start(st->from), h_end = sema_period_end(st->to);
  if (cm <= 0 || h_end < h_start) { *why = "the strategy's horizon is empty"; return NULL; }
  ScoreOptions defaults = {0};
  if (!o) o = &defaults;

  ScoreCard *sc = bsc_calloc(1, sizeof *sc);
  sc->p = p;
  sc->opt = *o;
  sc->cap = o->cap > 1.0 ? o->cap : 1.0;
  sc->green = st->green_v;
  sc->yellow = st->yellow_v;
  int np = (h_end - h_start + 1) / cm;
  sc->nperiods = np;
  sc->periods = bsc_calloc((size_t)np, sizeof *sc->periods);
  for (int i = 0; i < np; i++) sc->periods[i] = sema_period_at(st->cadence_eff, h_start + i * cm, st->fiscal_v);
  sc->nkrs = p->krs.len;
  sc->nkpis = p->kpis.len;
  sc->nobjs = p->objectives.len;
  sc->npersps = p->perspectives.len;
  sc->nthemes = p->themes.len;

  Eval X = {0};
  X.sc = sc;
  X.p = p;
  X.tt = &p->sema->tt;
  X.nm = sc->nkrs + sc->nkpis;
  X.h_start = h_start;
  X.cm = cm;
  X.meas = bsc_malloc(sizeof *X.meas * ((size_t)X.nm + 1));
  KR *k;
  VEC_EACH(KR *, k, p->krs) X.meas[k->index] = k;
  VEC_EACH(KR *, k, p->kpis) X.meas[sc->nkrs + k->index] = k;
  sc->krs = bsc_calloc((size_t)np * (size_t)sc->nkrs + 1, sizeof *sc->krs);
  sc->kpis = bsc_calloc((size_t)np * (size_t)sc->nkpis + 1, sizeof *sc->kpis);

  /* 1. measured values, aggregated and carried by each measure's frequency */
  ActualSet own;
  const ActualSet *as = o->actuals;
  if (!as) {
    actuals_init(&own);
    actuals_add_program(p, &own);
    as = &own;
  }
  breakdown_slots(&X);
  int latest = measured_values(&X, as);
  if (as == &own) actuals_free(&own);
  sc->any_data = latest >= 0;

  /* as-of */
  if (o->as_of.kind != PER_NONE) {
    Period as_of = o->as_of;
    if (sema_period_naming(st, &as_of)) {
      *why = st->fiscal_v ? "is not a fiscal period: the strategy's years are fiscal years, written `FY2025-Q1`"
                          : "is a fiscal period, but the strategy has no fiscal year";
      free(X.meas); free(X.bd_off); score_free(sc);
      return NULL;
    }
    if (as_of.kind != st->cadence_eff) {
      *why = "is not a period of the strategy's cadence";
      free(X.meas); free(X.bd_off); score_free(sc);
      return NULL;
    }
    int s = sema_period_start(as_of);
    if (s < h_start || s > h_end) {
      *why = "is outside the strategy's horizon";
      free(X.meas); free(X.bd_off); score_free(sc);
      return NULL;
    }
    sc->as_of = (s - h_start) / cm;
  } else {
    sc->as_of = latest >= 0 ? latest : 0;
    sc->as_of_default = true;
  }

  /* due periods */
  sc->due = bsc_calloc((size_t)sc->nkrs + 1, sizeof *sc->due);
  VEC_EACH(KR *, k, p->krs) {
    int d = np - 1;
    if (k->due_eff.kind != PER_NONE) d = (sema_period_end(k->due_eff) - h_start) / cm;
    if (d < 0) d = 0;
    if (d > np - 1) d = np - 1;
    sc->due[k->index] = d;
  }

  /* 2. calculated values, in dependency order */
  int nfo;
  int *fo = formula_order(&X, &nfo);
  for (int per = 0; per < np; per++) {
    for (int j = 0; j < nfo; j++) {
      int mi = fo[j];
      ScoreResult *r = mres(&X, per, mi);
      if (r->has) continue;                        /* a measured value wins */
      KR *m = X.meas[mi];
      double v;
      NoDataReason nd = ND_NONE;
      const KR *miss = NULL;
      X.age = 0;
      if (!feval(&X, per, m->formula, &v, &nd, &miss)) {
        r->why = nd;
        r->missing = miss;
        continue;
      }
      /* into the measure's unit: a plain number is a ratio for a fraction unit */
      const Type *rt = m->formula->type;
      double out = v;
      if (rt && rt->kind == TY_NUMBER && type_is_fraction(X.tt, m->type))
        type_convert(X.tt, X.tt->ratio, m->type, v, &out);
      else
        type_convert(X.tt, rt, m->type, v, &out);
      /* inf or NaN (1e200 * 1e200, inf - inf) is no number: no data, never
       * a NaN score (docs/semantics.md §3) */
      if (!isfinite(out)) {
        r->why = ND_OVERFLOW;
        continue;
      }
      r->has = true;
      r->value = out;
      r->source = SRC_CALCULATED;
      r->age = X.age;
    }
  }
  free(fo);

  /* 3. key results and KPIs, completed in place over their values */
  VEC_EACH(KR *, k, p->krs) {
    Plan pl;
    plan_kr(k, k->start_i, sc->due[k->index], &pl);
    for (int per = 0; per < np; per++) kr_result(sc, k, &pl, per);
    plan_free(&pl);
  }
  VEC_EACH(KR *, k, p->kpis) {
    Plan pl, kpl;
    plan_kpi(k, np - 1, &pl);
    plan_kr(k, k->start_i, kpi_due(sc, k), &kpl);  /* a range KPI scored as a KR's progress */
    for (int per = 0; per < np; per++) {
      ScoreResult *r = &sc->kpis[(size_t)per * sc->nkpis + k->index];
      if (out_of_scope(k, per, r)) continue;
      kpi_result(sc, k, &pl, &kpl, per, r);
    }
    plan_free(&pl);
    plan_free(&kpl);
  }
  free(X.meas);
  free(X.bd_off);

  /* 4. objectives: children before every parent they count in, their
   * items as rollup.c lists them */
  int no = sc->nobjs;
  Objective *ob;
  Rollup ru;
  rollup_build(p, sc->opt.rollup, &ru);
  int *order = objective_order(&ru);

  sc->objs = bsc_calloc((size_t)np * (size_t)no + 1, sizeof *sc->objs);
  sc->persps = bsc_calloc((size_t)np * (size_t)sc->npersps + 1, sizeof *sc->persps);
  sc->total = bsc_calloc((size_t)np + 1, sizeof *sc->total);
  sc->themes = bsc_calloc((size_t)np * (size_t)sc->nthemes + 1, sizeof *sc->themes);
  for (int per = 0; per < np; per++) {
    ScoreResult *orow = &sc->objs[(size_t)per * no];
    for (int j = 0; j < no; j++) {
      Objective *obj = p->objectives.items[order[j]];
      Agg a = {0};
      rollup_agg(sc, &ru, obj->index, per, orow, &a);
      agg_finish(&a, &orow[obj->index], obj->commit == COMMIT_COMMITTED, sc->green, sc->yellow);
    }
    /* 5. perspectives: their top-level objectives */
    Perspective *ps;
    VEC_EACH(Perspective *, ps, p->perspectives) {
      Agg a = {0};
      VEC_EACH(Objective *, ob, p->objectives)
        if (rollup_in_perspective(ob, ps)) agg_add(&a, ob->weight_v, &orow[ob->index]);
      agg_finish(&a, &sc->persps[(size_t)per * sc->npersps + ps->index], false, sc->green, sc->yellow);
    }
    /* 6. the scorecard: perspectives by ascending rank; an OKR-first file
     * has none, and is the weighted mean of its top-level objectives */
    Agg a = {0};
    VEC_EACH(Perspective *, ps, p->perspectives)
      agg_add(&a, ps->weight_v, &sc->persps[(size_t)per * sc->npersps + ps->index]);
    if (p->strategy && p->strategy->okr_first)
      VEC_EACH(Objective *, ob, p->objectives)
        if (rollup_in_perspective(ob, NULL)) agg_add(&a, ob->weight_v, &orow[ob->index]);
    agg_finish(&a, &sc->total[per], false, sc->green, sc->yellow);
    /* 7. themes: their objectives, as listed (semantics.md §5.3) */
    Theme *th;
    VEC_EACH(Theme *, th, p->themes) {
      Agg ta = {0};
      rollup_agg(sc, &ru, no + th->index, per, orow, &ta);
      agg_finish(&ta, &sc->themes[(size_t)per * sc->nthemes + th->index], false, sc->green, sc->yellow);
    }
  }
  free(order);
  rollup_free(&ru);

  /* 7. dynamic calibration at the as-of period */
  int ac = sc->as_of;
  sc->cal = bsc_calloc((size_t)(2 * sc->nkrs + sc->nkpis) + 1, sizeof *sc->cal);
  VEC_EACH(KR *, k, p->kpis) {
    const ScoreResult *r = score_kpi(sc, ac, k);
    if (r->has && (r->health == HEALTH_WARNING || r->health == HEALTH_BREACHED))
      sc->cal[sc->ncal++] = (Calibration){CAL_KPI, k, -1, ac};
  }
  VEC_EACH(KR *, k, p->krs) {
    const ScoreResult *r = score_kr(sc, ac, k);
    if (!r->has || !score_off_line(r->track)) continue;
    int pv = score_prev_with_data(sc, 0, k->index, ac);
    if (pv < 0 || !score_off_line(score_kr(sc, pv, k)->track)) continue;
    sc->cal[sc->ncal++] = (Calibration){CAL_KR, k, pv, ac};
  }
  VEC_EACH(KR *, k, p->krs) {
    int at = conf_before(sc, k, ac + 1), pv = at > 0 ? conf_before(sc, k, at) : -1;
    if (pv >= 0 && score_kr(sc, at, k)->confidence < score_kr(sc, pv, k)->confidence)
      sc->cal[sc->ncal++] = (Calibration){CAL_CONFIDENCE, k, pv, at};
  }
  score_initiatives(sc);
  return sc;
}
