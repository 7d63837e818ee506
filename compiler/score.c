/*
 * score.c - the reference evaluator of the scorecard (docs/semantics.md)
 * and `bscc score` (docs/score.md).
 *
 * The evaluator is deliberately plain: one pass per period, doubles only,
 * every sum in a fixed order (KRs in declaration order, objectives in load
 * order, perspectives by ascending rank), no caching of partial sums
 * across periods.  A compiled evaluator must reproduce these numbers bit
 * for bit, so every arithmetic step below is the one the document states.
 */
#define BSC_SEMA_INTERNAL     /* read-only use of the checker's unit table (p->sema->tt) */
#include "score.h"
#include "numfmt.h"
#include "cli.h"
#include "checkin.h"
#include "csvio.h"
#include "sema.h"
#include "types.h"
#include "plan.h"

#include <jansson.h>

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

long score_cents(double x) {
  char b[400];
  snprintf(b, sizeof b, "%.2f", x);
  bool neg = b[0] == '-';
  long v = 0;
  for (const char *c = b + neg; *c; c++)
    if (*c >= '0' && *c <= '9') v = v * 10 + (*c - '0');
  return neg ? -v : v;
}

/* On the printed hundredths S (score), Q (plan), G, Y (thresholds):
 * green when 100 S >= f Q (f = 100 committed, G aspirational), yellow when
 * 100 S >= Y Q, else red; with Q = 0 nothing is due yet unless the target
 * is reached.  Integers, so what the table prints is what is compared. */
ScoreStatus score_status(double score, double plan, bool committed, double green, double yellow) {
  long S = score_cents(score), Q = score_cents(plan);
  long f = committed ? 100 : score_cents(green), y = score_cents(yellow);
  if (Q <= 0) return S >= 100 ? STATUS_GREEN : STATUS_NOT_DUE;
  if (100 * S >= f * Q) return STATUS_GREEN;
  if (100 * S >= y * Q) return STATUS_YELLOW;
  return STATUS_RED;
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
  default: return "no data";
  }
}

/* ---- periods ---------------------------------------------------------- */


/* ---- evaluation -------------------------------------------------------- */

typedef struct Eval {
  ScoreCard *sc;
  Program *p;
  TypeTable *tt;
  int nm;                    /* measures: KRs then KPIs */
  KR **meas;
  ScoreResult *mres;         /* [period * nm + measure] */
  int h_start, cm;           /* first month of the horizon, months per period */
  int age;                   /* the oldest input read by the formula being evaluated */
} Eval;

static int midx(const Eval *X, const KR *k) {
  return k->h.kind == ND_KPI ? X->sc->nkrs + k->index : k->index;
}

static ScoreResult *mres(Eval *X, int per, int mi) { return &X->mres[(size_t)per * (size_t)X->nm + (size_t)mi]; }

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
      if (!r || !r->has) { *why = ND_MISSING_INPUT; *missing = k; return false; }
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

static int measured_values(Eval *X, const ActualSet *as) {
  int np = X->sc->nperiods, h_end = X->h_start + np * X->cm - 1, latest = -1;
  long *last_end = bsc_calloc((size_t)np * (size_t)X->nm + 1, sizeof *last_end);
  for (int i = 0; i < as->n; i++) {
    const Actual *a = &as->items[i];
    int em = sema_period_end(a->period);
    if (em < X->h_start || em > h_end) continue;          /* reported (E042 / E090) */
    long e = end_day(a->period);
    int per = (em - X->h_start) / X->cm, mi = midx(X, a->m);
    size_t slot = (size_t)per * (size_t)X->nm + (size_t)mi;
    ScoreResult *r = &X->mres[slot];
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
    }
  }
  return latest;
}

/* Scores a key result from its value (docs/semantics.md §3). */
static void score_value(const ScoreCard *sc, const KR *k, double v, ScoreResult *r) {
  const Type *t = k->type;
  bool ms = t && t->kind == TY_MILESTONE;
  double lo, hi;
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

/* Health against the threshold x and warning level w in force. */
static KpiHealth kpi_health(const KR *k, double v, double x, double w) {
  const Type *t = k->type;
  if (t && t->kind == TY_MILESTONE) return v >= (double)t->steps ? HEALTH_HEALTHY : HEALTH_BREACHED;
  bool up;
  bool breached;
  switch (k->spec) {
  case SPEC_GE: up = true; breached = v < x; break;
  case SPEC_GT: up = true; breached = v <= x; break;
  case SPEC_LE: up = false; breached = v > x; break;
  case SPEC_LT: up = false; breached = v >= x; break;
  case SPEC_RANGE:
    up = k->dir_eff != DIR_DECREASE;
    breached = up ? v < x : v > x;
    break;
  default:
    return HEALTH_NODATA;
  }
  if (breached) return HEALTH_BREACHED;
  if (k->warn && (up ? v < w : v > w)) return HEALTH_WARNING;
  return HEALTH_HEALTHY;
}

/* Weighted mean of items (docs/semantics.md §4). */
typedef struct Agg {
  double num, den, tot, enu;
  int n, nd;
  int before, after;         /* items outside their own periods: not counted */
} Agg;

static void agg_add(Agg *a, double w, const ScoreResult *r) {
  if (r->scope != SCOPE_RUNNING) {
    if (r->scope == SCOPE_NOT_STARTED) a->before++; else a->after++;
    return;
  }
  a->tot += w;
  a->n++;
  if (!r->has) return;
  a->num += w * r->score;
  a->enu += w * r->expected;
  a->den += w;
  a->nd++;
}

static void agg_finish(const Agg *a, ScoreResult *r, bool committed, double green, double yellow) {
  memset(r, 0, sizeof *r);
  r->n_items = a->n;
  r->n_data = a->nd;
  if (a->n == 0 && (a->before || a->after)) r->scope = a->before ? SCOPE_NOT_STARTED : SCOPE_ENDED;
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

void score_free(ScoreCard *sc) {
  if (!sc) return;
  free(sc->periods);
  free(sc->krs);
  free(sc->kpis);
  free(sc->objs);
  free(sc->persps);
  free(sc->total);
  free(sc->due);
  free(sc->cal);
  free(sc);
}

static bool is_off_line(ScoreTrack t) { return t == TRACK_BEHIND || t == TRACK_AT_RISK; }

/* Whether period `per` is outside the measure's own periods: then its
 * result is empty but for its scope (semantics.md §6.6). */
static bool out_of_scope(const KR *k, int per, ScoreResult *r) {
  if (per >= k->start_i && per <= k->end_i) return false;
  memset(r, 0, sizeof *r);
  r->scope = per < k->start_i ? SCOPE_NOT_STARTED : SCOPE_ENDED;
  return true;
}

/* A key result in period `per` from its value (m) and its plan. */
static void kr_result(ScoreCard *sc, const KR *k, const Plan *pl, int per, const ScoreResult *m) {
  ScoreResult *r = &sc->krs[(size_t)per * sc->nkrs + k->index];
  if (out_of_scope(k, per, r)) return;
  *r = *m;
  r->has_plan_value = plan_value_at(pl, per, &r->plan_value);
  if (!r->has) {
    if (r->why == ND_NONE) r->why = ND_NOT_MEASURED;
    return;
  }
  score_value(sc, k, r->value, r);
  r->expected = score_clamp(plan_at(pl, per), 0.0, 1.0);
  r->attainment = r->expected > 0 ? r->score / r->expected : 0;
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
  X.mres = bsc_calloc((size_t)np * (size_t)X.nm + 1, sizeof *X.mres);

  /* 1. measured values, aggregated and carried by each measure's frequency */
  ActualSet own;
  const ActualSet *as = o->actuals;
  if (!as) {
    actuals_init(&own);
    actuals_add_program(p, &own);
    as = &own;
  }
  int latest = measured_values(&X, as);
  if (as == &own) actuals_free(&own);
  sc->any_data = latest >= 0;

  /* as-of */
  if (o->as_of.kind != PER_NONE) {
    Period as_of = o->as_of;
    if (sema_period_naming(st, &as_of)) {
      *why = st->fiscal_v ? "is not a fiscal period: the strategy's years are fiscal years, written `FY2025-Q1`"
                          : "is a fiscal period, but the strategy has no fiscal year";
      free(X.meas); free(X.mres); score_free(sc);
      return NULL;
    }
    if (as_of.kind != st->cadence_eff) {
      *why = "is not a period of the strategy's cadence";
      free(X.meas); free(X.mres); score_free(sc);
      return NULL;
    }
    int s = sema_period_start(as_of);
    if (s < h_start || s > h_end) {
      *why = "is outside the strategy's horizon";
      free(X.meas); free(X.mres); score_free(sc);
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

  /* 3. key results and KPIs */
  sc->krs = bsc_calloc((size_t)np * (size_t)sc->nkrs + 1, sizeof *sc->krs);
  sc->kpis = bsc_calloc((size_t)np * (size_t)sc->nkpis + 1, sizeof *sc->kpis);
  VEC_EACH(KR *, k, p->krs) {
    Plan pl;
    plan_kr(k, k->start_i, sc->due[k->index], &pl);
    for (int per = 0; per < np; per++) kr_result(sc, k, &pl, per, mres(&X, per, k->index));
    plan_free(&pl);
  }
  VEC_EACH(KR *, k, p->kpis) {
    Plan pl;
    plan_kpi(k, np - 1, &pl);
    for (int per = 0; per < np; per++) {
      ScoreResult *r = &sc->kpis[(size_t)per * sc->nkpis + k->index];
      if (out_of_scope(k, per, r)) continue;
      *r = *mres(&X, per, sc->nkrs + k->index);
      r->threshold = plan_at(&pl, per);
      r->warn_at = k->warn_v + (r->threshold - k->target_v);   /* the warning moves with the threshold */
      if (!r->has) {
        if (r->why == ND_NONE) r->why = ND_NOT_MEASURED;
        continue;
      }
      r->health = kpi_health(k, r->value, r->threshold, k->nplan ? r->warn_at : k->warn_v);
    }
    plan_free(&pl);
  }
  free(X.meas);
  free(X.mres);

  /* 4. objectives: children before parents (by depth, deepest first) */
  int no = sc->nobjs;
  int *depth = bsc_calloc((size_t)no + 1, sizeof *depth);
  int *path = bsc_malloc(sizeof *path * ((size_t)no + 1));
  char *known = bsc_calloc((size_t)no + 1, 1);
  int maxd = 0;
  Objective *ob;
  VEC_EACH(Objective *, ob, p->objectives) {
    int len = 0;
    Objective *v = ob;
    while (v && !known[v->index] && len < no) { path[len++] = v->index; v = v->parent; }
    int d = v && known[v->index] ? depth[v->index] + 1 : 0;
    for (int t = len - 1; t >= 0; t--) { depth[path[t]] = d++; known[path[t]] = 1; }
  }
  for (int i = 0; i < no; i++) if (depth[i] > maxd) maxd = depth[i];
  int *order = bsc_malloc(sizeof *order * ((size_t)no + 1)), n_order = 0;
  for (int d = maxd; d >= 0; d--)
    for (int i = 0; i < no; i++) if (depth[i] == d) order[n_order++] = i;
  /* children lists (load order) */
  int *coff = bsc_calloc((size_t)no + 2, sizeof *coff), *cl = bsc_malloc(sizeof *cl * ((size_t)no + 1));
  VEC_EACH(Objective *, ob, p->objectives) if (ob->parent) coff[ob->parent->index + 1]++;
  for (int i = 0; i < no; i++) coff[i + 1] += coff[i];
  int *cpos = bsc_malloc(sizeof *cpos * ((size_t)no + 1));
  memcpy(cpos, coff, sizeof *cpos * (size_t)no);
  VEC_EACH(Objective *, ob, p->objectives) if (ob->parent) cl[cpos[ob->parent->index]++] = ob->index;
  free(cpos);

  sc->objs = bsc_calloc((size_t)np * (size_t)no + 1, sizeof *sc->objs);
  sc->persps = bsc_calloc((size_t)np * (size_t)sc->npersps + 1, sizeof *sc->persps);
  sc->total = bsc_calloc((size_t)np + 1, sizeof *sc->total);
  for (int per = 0; per < np; per++) {
    ScoreResult *orow = &sc->objs[(size_t)per * no];
    for (int j = 0; j < n_order; j++) {
      Objective *obj = p->objectives.items[order[j]];
      Agg a = {0};
      for (int i = 0; i < obj->nkrs; i++) {
        KR *kk = obj->krs[i];
        if (!kk) continue;
        agg_add(&a, kk->weight_v, &sc->krs[(size_t)per * sc->nkrs + kk->index]);
      }
      if (obj->nkrs == 0 || o->rollup)
        for (int c = coff[obj->index]; c < coff[obj->index + 1]; c++) {
          Objective *ch = p->objectives.items[cl[c]];
          agg_add(&a, ch->weight_v, &orow[ch->index]);
        }
      agg_finish(&a, &orow[obj->index], obj->commit == COMMIT_COMMITTED, sc->green, sc->yellow);
    }
    /* 5. perspectives: their top-level objectives */
    Perspective *ps;
    VEC_EACH(Perspective *, ps, p->perspectives) {
      Agg a = {0};
      VEC_EACH(Objective *, ob, p->objectives)
        if (!ob->parent && ob->persp_eff == ps) agg_add(&a, ob->weight_v, &orow[ob->index]);
      agg_finish(&a, &sc->persps[(size_t)per * sc->npersps + ps->index], false, sc->green, sc->yellow);
    }
    /* 6. the scorecard: perspectives by ascending rank */
    Agg a = {0};
    VEC_EACH(Perspective *, ps, p->perspectives)
      agg_add(&a, ps->weight_v, &sc->persps[(size_t)per * sc->npersps + ps->index]);
    agg_finish(&a, &sc->total[per], false, sc->green, sc->yellow);
  }
  free(depth); free(path); free(known); free(order); free(coff); free(cl);

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
    if (!r->has || !is_off_line(r->track)) continue;
    int pv = score_prev_with_data(sc, 0, k->index, ac);
    if (pv < 0 || !is_off_line(score_kr(sc, pv, k)->track)) continue;
    sc->cal[sc->ncal++] = (Calibration){CAL_KR, k, pv, ac};
  }
  VEC_EACH(KR *, k, p->krs) {
    int at = conf_before(sc, k, ac + 1), pv = at > 0 ? conf_before(sc, k, at) : -1;
    if (pv >= 0 && score_kr(sc, at, k)->confidence < score_kr(sc, pv, k)->confidence)
      sc->cal[sc->ncal++] = (Calibration){CAL_CONFIDENCE, k, pv, at};
  }
  return sc;
}

/* ==== output ============================================================ */

/* A number for display: two decimals at most for |v| >= 1 (trailing zeros
 * dropped), three significant digits below 1, digits grouped by
 * thousands, scientific from 1e15 (numfmt).  Display only: JSON and CSV
 * carry the exact doubles. */
static void put_disp(Buf *b, double v) {
  if (v == 0 || fabs(v) >= 1 || !isfinite(v)) { numfmt_put(b, v, 2); return; }
  buf_printf(b, "%.3g", v);
}

/* A value with its unit: "1,050,000 CNY", "45%", "3 of 5". */
static void put_value(Buf *b, const Type *t, double v) {
  if (t && t->kind == TY_MILESTONE) {
    if (t->steps == 1) buf_puts(b, v >= 1 ? "done" : "not done");
    else { put_disp(b, v); buf_printf(b, " of %d", t->steps); }
    return;
  }
  put_disp(b, v);
  if (!t || t->kind == TY_NUMBER || t->kind == TY_ERROR || t->kind == TY_RATING) return;
  if (t->kind == TY_CURRENCY) buf_printf(b, " %s", t->code);
  else if (!strcmp(t->name, "count") || !strcmp(t->name, "score")) return;
  else if (!strcmp(t->name, "percent")) buf_putc(b, '%');
  else if (!strcmp(t->name, "pp")) buf_puts(b, "pp");
  else buf_printf(b, " %s", t->name);
}

/* A bare number, with % or pp when the unit is written attached. */
static void put_short(Buf *b, const Type *t, double v) {
  put_disp(b, v);
  if (t && t->kind == TY_UNIT && !strcmp(t->name, "percent")) buf_putc(b, '%');
  else if (t && t->kind == TY_UNIT && !strcmp(t->name, "pp")) buf_puts(b, "pp");
}

static const char *op_str(SpecKind s) {
  switch (s) {
  case SPEC_GE: return "≥";
  case SPEC_GT: return ">";
  case SPEC_LE: return "≤";
  case SPEC_LT: return "<";
  default: return "";
  }
}

static const char *op_ascii(SpecKind s) {
  switch (s) {
  case SPEC_GE: return ">=";
  case SPEC_GT: return ">";
  case SPEC_LE: return "<=";
  case SPEC_LT: return "<";
  case SPEC_RANGE: return "->";
  default: return "";
  }
}

/* The goal of a key result or KPI as a manager reads it. */
static void put_goal(Buf *b, const KR *k) {
  const Type *t = k->type;
  if (t && t->kind == TY_MILESTONE) {
    if (t->steps == 1) buf_puts(b, "done");
    else buf_printf(b, "%d of %d", t->steps, t->steps);
  } else if (k->spec == SPEC_RANGE) {
    put_short(b, t, k->base_v);
    buf_puts(b, " → ");
    put_value(b, t, k->target_v);
  } else {
    buf_printf(b, "%s ", op_str(k->spec));
    put_value(b, t, k->target_v);
  }
  if (k->h.kind == ND_KPI && k->warn) {
    buf_puts(b, ", warn ");
    put_value(b, t, k->warn_v);
  }
}

/* How the plan moves between its points: milestones and binary KRs in steps. */
static const char *plan_mode(const KR *k) {
  double lo, hi;
  bool ms = k->type && k->type->kind == TY_MILESTONE;
  if (k->h.kind == ND_KPI) return k->plan_step ? "step" : "linear";
  return k->plan_step || ms || !plan_line(k, &lo, &hi) ? "step" : "linear";
}

static const char *kr_kind(const KR *k) {
  if (k->type && k->type->kind == TY_MILESTONE) return "milestone";
  return k->spec == SPEC_RANGE ? "range" : "threshold";
}

static const char *period_s(const ScoreCard *sc, int i, char *buf, size_t n) {
  return actuals_period_str(sc->periods[i], buf, n);
}

static const char *lag_suffix(PeriodKind k) {
  switch (k) {
  case PER_YEAR: return "y";
  case PER_HALF: return "h";
  case PER_QUARTER: return "q";
  default: return "m";
  }
}

static const char *title_of(const char *title, const char *name) { return title ? title : name ? name : "?"; }
static const char *oname(const Objective *o) { return o && o->name.name ? o->name.name : "?"; }
static const char *kname(const KR *k) { return k && k->name.name ? k->name.name : "?"; }

/* ---- the table ----------------------------------------------------------- */

enum { C_NONE, C_GREEN, C_YELLOW, C_RED, C_DIM };
static const char *const ansi[] = {"", "\033[32m", "\033[33m", "\033[31m", "\033[2m"};

/* `plan` is the planned score for the as-of period; `vs plan` the status,
 * the score against that plan (semantics.md §6). */
enum { COL_SCORE, COL_BAR, COL_PLAN, COL_STATUS, COL_TREND, COL_DATA, COL_ACTUAL, COL_GOAL, NCOL };
static const char *const col_head[NCOL] = {"score", "progress", "plan", "vs plan", "trend", "data", "actual", "target"};
static const bool col_right[NCOL] = {true, false, true, false, false, true, true, false};

typedef struct TRow {
  int indent;
  char *label;
  char *cell[NCOL];
  int color[NCOL];
  bool bold;
} TRow;

typedef struct Table {
  TRow *rows; int n, cap;
} Table;

static TRow *trow(Table *t, int indent, const char *label) {
  if (t->n == t->cap) {
    t->cap = t->cap ? t->cap * 2 : 64;
    t->rows = bsc_realloc(t->rows, sizeof *t->rows * (size_t)t->cap);
  }
  TRow *r = &t->rows[t->n++];
  memset(r, 0, sizeof *r);
  r->indent = indent;
  r->label = bsc_strdup(label);
  for (int i = 0; i < NCOL; i++) r->cell[i] = bsc_strdup("");
  return r;
}

static void set_cell(TRow *r, int c, int color, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void set_cell(TRow *r, int c, int color, const char *fmt, ...) {
  va_list ap, ap2;
  va_start(ap, fmt);
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap2);      /* sized, never cut: a cell holds any number */
  va_end(ap2);
  char *cell = bsc_malloc(n > 0 ? (size_t)n + 1 : 1);
  if (n > 0) vsnprintf(cell, (size_t)n + 1, fmt, ap);
  else cell[0] = 0;
  va_end(ap);
  free(r->cell[c]);
  r->cell[c] = cell;
  r->color[c] = color;
}

static int width(const char *s) { return utf8_width(s, strlen(s), 1); }

/* s cut to at most w display columns, with "…" when cut. */
static char *fit(const char *s, int w) {
  if (width(s) <= w) return bsc_strdup(s);
  Buf b;
  buf_init(&b);
  int used = 0;
  size_t i = 0, n = strlen(s);
  while (i < n) {
    uint32_t cp;
    int l = utf8_decode(s + i, n - i, &cp);
    if (l <= 0) { l = 1; cp = '?'; }
    int cw = utf8_cp_width(cp);
    if (used + cw > w - 1) break;
    buf_putn(&b, s + i, (size_t)l);
    used += cw;
    i += (size_t)l;
  }
  buf_puts(&b, "…");
  return buf_steal(&b);
}

static void pad(Buf *b, int n) {
  for (int i = 0; i < n; i++) buf_putc(b, ' ');
}

static int status_color(ScoreStatus s) {
  return s == STATUS_GREEN ? C_GREEN : s == STATUS_YELLOW ? C_YELLOW : s == STATUS_RED ? C_RED : C_DIM;
}
static int health_color(KpiHealth h) {
  return h == HEALTH_HEALTHY ? C_GREEN : h == HEALTH_WARNING ? C_YELLOW : h == HEALTH_BREACHED ? C_RED : C_DIM;
}

static void bar(double s, char *out, size_t n) {
  static const char *const part[8] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
  int eighths = score_cells(s, 80);
  Buf b;
  buf_init(&b);
  int full = eighths / 8, rem = eighths % 8, cells = 0;
  for (int i = 0; i < full; i++, cells++) buf_puts(&b, "█");
  if (rem) { buf_puts(&b, part[rem]); cells++; }
  for (; cells < 10; cells++) buf_puts(&b, "░");
  snprintf(out, n, "%s", b.data);
  buf_free(&b);
}

/* The score columns of an aggregate or a key result. */
static void fill_score(TRow *r, const ScoreCard *sc, const ScoreResult *res, int kind, int index, bool aggregate) {
  if (res->scope != SCOPE_RUNNING) {
    set_cell(r, COL_STATUS, C_DIM, "%s", score_scope_name(res->scope));
    return;
  }
  if (!res->has) {
    set_cell(r, COL_STATUS, C_DIM, "no data");
    if (aggregate) set_cell(r, COL_DATA, C_NONE, "0/%d", res->n_items);
    return;
  }
  char b[128];
  set_cell(r, COL_SCORE, C_NONE, "%.2f", res->score);
  bar(res->score, b, sizeof b);
  set_cell(r, COL_BAR, status_color(res->status), "%s", b);
  set_cell(r, COL_PLAN, C_NONE, "%.2f", res->expected);
  set_cell(r, COL_STATUS, status_color(res->status), "%s", score_status_name(res->status));
  int pv = score_prev_with_data(sc, kind, index, sc->as_of);
  if (pv >= 0) {
    const ScoreResult *pr = kind == 0 ? &sc->krs[(size_t)pv * sc->nkrs + index]
                          : kind == 2 ? &sc->objs[(size_t)pv * sc->nobjs + index]
                          : kind == 3 ? &sc->persps[(size_t)pv * sc->npersps + index] : &sc->total[pv];
    double d = res->score - pr->score;
    if (d > 0) set_cell(r, COL_TREND, C_GREEN, "▲ %+.2f", d);
    else if (d < 0) set_cell(r, COL_TREND, C_RED, "▼ %+.2f", d);
    else set_cell(r, COL_TREND, C_NONE, "= 0.00");
  }
  if (aggregate) set_cell(r, COL_DATA, C_NONE, "%d/%d", res->n_data, res->n_items);
}

/* The actual and goal cells of a key result or KPI.  A phased goal names
 * what is planned for the period after the goal: `plan` and the planned
 * value for a KR, `now` and the threshold in force for a KPI. */
static void value_cells(TRow *row, const KR *k, const ScoreResult *r, const char *word, bool has_now, double now) {
  Buf b;
  buf_init(&b);
  if (r->has) {
    if (r->source == SRC_CALCULATED) buf_puts(&b, "= ");
    put_value(&b, k->type, r->value);
    if (r->age > 0) buf_printf(&b, " (stale, %d %s)", r->age, r->age == 1 ? "period" : "periods");
    set_cell(row, COL_ACTUAL, r->age > 0 ? C_DIM : C_NONE, "%s", b.data);
  } else if (r->scope == SCOPE_RUNNING && r->why == ND_STALE) {
    set_cell(row, COL_ACTUAL, C_DIM, "— (stale, %d periods)", r->age);
  } else if (r->scope == SCOPE_RUNNING) {
    set_cell(row, COL_ACTUAL, C_DIM, "—");
  }
  b.len = 0;
  put_goal(&b, k);
  if (word && has_now) {
    buf_printf(&b, ", %s ", word);
    put_short(&b, k->type, now);
  }
  set_cell(row, COL_GOAL, C_NONE, "%s", b.data ? b.data : "");
  buf_free(&b);
}

static void kr_rows(Table *t, const ScoreCard *sc, const KR *k, int indent) {
  const ScoreResult *r = score_kr(sc, sc->as_of, k);
  TRow *row = trow(t, indent, title_of(k->title.text, k->name.name));
  fill_score(row, sc, r, 0, k->index, false);
  value_cells(row, k, r, "plan", k->nplan && r->has_plan_value, r->plan_value);
}

static void kpi_rows(Table *t, const ScoreCard *sc, const KR *k, int indent) {
  const ScoreResult *r = score_kpi(sc, sc->as_of, k);
  char lab[512];
  snprintf(lab, sizeof lab, "KPI %s", title_of(k->title.text, k->name.name));
  TRow *row = trow(t, indent, lab);
  if (r->scope != SCOPE_RUNNING) {
    set_cell(row, COL_STATUS, C_DIM, "%s", score_scope_name(r->scope));
    value_cells(row, k, r, NULL, false, 0);
    return;
  }
  set_cell(row, COL_STATUS, health_color(r->health), "%s", score_health_name(r->health));
  value_cells(row, k, r, "now", k->nplan > 0, r->threshold);
  int pv = r->has ? score_prev_with_data(sc, 1, k->index, sc->as_of) : -1;
  if (pv >= 0) {
    double d = r->value - score_kpi(sc, pv, k)->value;
    Buf nb;
    buf_init(&nb);
    put_disp(&nb, fabs(d));
    if (d > 0) set_cell(row, COL_TREND, C_NONE, "▲ +%s", nb.data);
    else if (d < 0) set_cell(row, COL_TREND, C_NONE, "▼ -%s", nb.data);
    else set_cell(row, COL_TREND, C_NONE, "= 0");
    buf_free(&nb);
  }
}

static void obj_rows(Table *t, const ScoreCard *sc, const Objective *o, int indent, int budget) {
  Program *p = sc->p;
  const ScoreResult *r = score_obj(sc, sc->as_of, o);
  char lab[512];
  const char *lvl = o->level_eff == LEVEL_TEAM ? "team: " : o->level_eff == LEVEL_INDIVIDUAL ? "individual: " : "";
  snprintf(lab, sizeof lab, "%s%s", lvl, title_of(o->title.text, o->name.name));
  TRow *row = trow(t, indent, lab);
  row->bold = indent <= 1;
  fill_score(row, sc, r, 2, o->index, true);
  for (int i = 0; i < o->nkrs; i++) if (o->krs[i]) kr_rows(t, sc, o->krs[i], indent + 1);
  for (int i = 0; i < o->nkpis; i++) if (o->kpis[i]) kpi_rows(t, sc, o->kpis[i], indent + 1);
  if (budget <= 0) return;
  Objective *c;
  VEC_EACH(Objective *, c, p->objectives)
    if (c->parent == o) obj_rows(t, sc, c, indent + 1, budget - 1);
}

#define LABEL_MAX 56

static void render_table(Buf *out, const Table *t, bool color) {
  int lw = 0, cw[NCOL];
  for (int c = 0; c < NCOL; c++) cw[c] = width(col_head[c]);
  char **labels = bsc_calloc((size_t)t->n + 1, sizeof *labels);
  for (int i = 0; i < t->n; i++) {
    const TRow *r = &t->rows[i];
    int room = LABEL_MAX - 2 * r->indent;
    labels[i] = fit(r->label, room < 8 ? 8 : room);
    int w = 2 * r->indent + width(labels[i]);
    if (w > lw) lw = w;
    for (int c = 0; c < NCOL; c++) if (width(r->cell[c]) > cw[c]) cw[c] = width(r->cell[c]);
  }
  /* header */
  Buf line;
  buf_init(&line);
  pad(&line, lw);
  for (int c = 0; c < NCOL; c++) {
    buf_puts(&line, "  ");
    int w = width(col_head[c]);
    if (col_right[c]) pad(&line, cw[c] - w);
    buf_puts(&line, col_head[c]);
    if (!col_right[c] && c < NCOL - 1) pad(&line, cw[c] - w);
  }
  while (line.len && line.data[line.len - 1] == ' ') line.len--;
  buf_putn(out, line.data, line.len);
  buf_putc(out, '\n');
  for (int i = 0; i < t->n; i++) {
    const TRow *r = &t->rows[i];
    line.len = 0;
    pad(&line, 2 * r->indent);
    if (color && r->bold) buf_puts(&line, "\033[1m");
    buf_puts(&line, labels[i]);
    if (color && r->bold) buf_puts(&line, "\033[0m");
    pad(&line, lw - 2 * r->indent - width(labels[i]));
    for (int c = 0; c < NCOL; c++) {
      buf_puts(&line, "  ");
      int w = width(r->cell[c]);
      if (col_right[c]) pad(&line, cw[c] - w);
      bool col = color && r->color[c] != C_NONE && r->cell[c][0];
      if (col) buf_puts(&line, ansi[r->color[c]]);
      buf_puts(&line, r->cell[c]);
      if (col) buf_puts(&line, "\033[0m");
      if (!col_right[c] && c < NCOL - 1) pad(&line, cw[c] - w);
    }
    while (line.len && line.data[line.len - 1] == ' ') line.len--;
    buf_putn(out, line.data, line.len);
    buf_putc(out, '\n');
  }
  buf_free(&line);
  for (int i = 0; i < t->n; i++) free(labels[i]);
  free(labels);
}

static void table_free(Table *t) {
  for (int i = 0; i < t->n; i++) {
    free(t->rows[i].label);
    for (int c = 0; c < NCOL; c++) free(t->rows[i].cell[c]);
  }
  free(t->rows);
}

/* One neighbour of an objective in the strategy map, for the calibration
 * section: through a causal link (link set) or through alignment. */
typedef struct Nb {
  const Objective *o;
  const Link *link;
} Nb;

/* The objectives o drives (out_dir) or is driven by, links first, then
 * alignment: its parent when out_dir, else its children.  Returns a
 * malloc'd array of *n entries. */
static Nb *neighbours(const ScoreCard *sc, const Objective *o, bool out_dir, int *n) {
  Program *p = sc->p;
  /* at most every link and every objective (its children or its parent) */
  Nb *v = bsc_malloc(sizeof *v * (size_t)(p->links.len + p->objectives.len + 1));
  int k = 0;
  Link *l;
  VEC_EACH(Link *, l, p->links)
    if (l->src && l->dst && (out_dir ? l->src == o : l->dst == o)) v[k++] = (Nb){out_dir ? l->dst : l->src, l};
  Objective *c;
  if (out_dir && o->parent) v[k++] = (Nb){o->parent, NULL};
  if (!out_dir)
    VEC_EACH(Objective *, c, p->objectives) if (c->parent == o) v[k++] = (Nb){c, NULL};
  *n = k;
  return v;
}

/* The neighbours as text: "grow (link 0.5, lag 1q), company (aligned to)". */
static void put_neighbours(Buf *b, const ScoreCard *sc, const Objective *o, bool out_dir) {
  PeriodKind cad = sc->p->strategy->cadence_eff;
  int n;
  Nb *v = neighbours(sc, o, out_dir, &n);
  for (int i = 0; i < n; i++) {
    buf_printf(b, "%s%s", i ? ", " : "", oname(v[i].o));
    if (v[i].link) {
      char s[48];
      type_fmt_num(v[i].link->strength_v, s, sizeof s);
      if (v[i].link->lag_periods > 0)
        buf_printf(b, " (link %s, lag %d%s)", s, v[i].link->lag_periods, lag_suffix(cad));
      else
        buf_printf(b, " (link %s)", s);
    } else {
      buf_puts(b, out_dir ? " (aligned to)" : " (aligned)");
    }
  }
  if (!n) buf_puts(b, "—");
  free(v);
}

static void render_text(Buf *out, const ScoreCard *sc, const ActualSet *as, bool color) {
  Program *p = sc->p;
  Strategy *st = p->strategy;
  char pa[32], pb[32], pc[32];
  buf_printf(out, "%s%s%s\n", color ? "\033[1m" : "", st->title.text ? st->title.text : "Scorecard", color ? "\033[0m" : "");
  buf_printf(out, "as of %s%s · %s · horizon %s .. %s\n", period_s(sc, sc->as_of, pa, sizeof pa),
             !sc->any_data ? " (no actuals yet)" : sc->as_of_default ? " (the latest period with data)" : "",
             ast_period_adj(st->cadence_eff), actuals_period_str(st->from, pb, sizeof pb),
             actuals_period_str(st->to, pc, sizeof pc));
  if (as && as->nfiles) {
    buf_puts(out, "data: ");
    for (int i = 0; i < as->nfiles; i++) buf_printf(out, "%s%s", i ? ", " : "", as->files[i]);
    buf_putc(out, '\n');
  }
  if (sc->cap > 1.0) {
    char cb[48];
    buf_printf(out, "overachievement counts, up to %s\n", type_fmt_num(sc->cap, cb, sizeof cb));
  }
  if (sc->opt.rollup) buf_puts(out, "objectives roll up the objectives aligned to them\n");
  char gt[48], yt[48];
  type_fmt_num(sc->green, gt, sizeof gt);
  type_fmt_num(sc->yellow, yt, sizeof yt);
  buf_printf(out, "score and progress: toward the final target · plan: the planned score for %s · vs plan: green at %s × plan "
             "(committed: 1 × plan), yellow at %s × plan\n", period_s(sc, sc->as_of, pa, sizeof pa), gt, yt);
  buf_putc(out, '\n');

  Table t = {0};
  TRow *row = trow(&t, 0, "Scorecard");
  row->bold = true;
  fill_score(row, sc, score_total(sc, sc->as_of), 4, 0, true);
  int budget = p->objectives.len;
  for (int i = p->perspectives.len - 1; i >= 0; i--) {
    Perspective *ps = p->perspectives.items[i];
    char lab[512], w[48];
    type_fmt_num(ps->weight_v * 100, w, sizeof w);
    snprintf(lab, sizeof lab, "%s %s%%", title_of(ps->title.text, ps->name.name), w);
    row = trow(&t, 1, lab);
    row->bold = true;
    fill_score(row, sc, score_persp(sc, sc->as_of, ps), 3, ps->index, true);
    Objective *o;
    VEC_EACH(Objective *, o, p->objectives)
      if (!o->parent && o->persp_eff == ps) obj_rows(&t, sc, o, 2, budget);
    KR *k;
    VEC_EACH(KR *, k, p->kpis)
      if (!k->obj && k->persp_eff == ps) kpi_rows(&t, sc, k, 2);
  }
  /* objectives in no perspective (a team objective that aligns to nothing) */
  bool header = false;
  Objective *o;
  VEC_EACH(Objective *, o, p->objectives) {
    if (o->parent || (o->persp_eff && o->persp_eff->index >= 0)) continue;
    if (!header) { trow(&t, 1, "(in no perspective: not scored)"); header = true; }
    obj_rows(&t, sc, o, 2, budget);
  }
  render_table(out, &t, color);
  table_free(&t);

  /* no data */
  int nk = 0, nkp = 0;
  KR *k;
  VEC_EACH(KR *, k, p->krs) if (!score_kr(sc, sc->as_of, k)->has && score_kr(sc, sc->as_of, k)->scope == SCOPE_RUNNING) nk++;
  VEC_EACH(KR *, k, p->kpis) if (!score_kpi(sc, sc->as_of, k)->has && score_kpi(sc, sc->as_of, k)->scope == SCOPE_RUNNING) nkp++;
  if (nk || nkp) {
    buf_printf(out, "\nNo data in %s: %d key result%s, %d KPI%s\n", period_s(sc, sc->as_of, pa, sizeof pa), nk,
               nk == 1 ? "" : "s", nkp, nkp == 1 ? "" : "s");
    Vec *lists[2] = {&p->krs, &p->kpis};
    for (int l = 0; l < 2; l++) {
      VEC_EACH(KR *, k, *lists[l]) {
        const ScoreResult *r = l ? score_kpi(sc, sc->as_of, k) : score_kr(sc, sc->as_of, k);
        if (r->has || r->scope != SCOPE_RUNNING) continue;
        buf_printf(out, "  %s %s", l ? "KPI" : "KR ", kname(k));
        if (k->obj) buf_printf(out, " (%s)", oname(k->obj));
        buf_puts(out, ": ");
        if (r->why == ND_MISSING_INPUT && r->missing) buf_printf(out, "calculated from `%s`, which has no data", kname(r->missing));
        else if (r->why == ND_DIV_ZERO) buf_puts(out, "calculated, but its formula divides by zero");
        else if (r->why == ND_OVERFLOW) buf_puts(out, "calculated, but its formula's value does not fit a double");
        else if (r->why == ND_STALE)
          buf_printf(out, "stale: last measured in %s, %d periods ago, beyond its carry limit of %d",
                     period_s(sc, sc->as_of - r->age, pb, sizeof pb), r->age, k->carry_n);
        else {
          int pv = score_prev_with_data(sc, l, k->index, sc->as_of);
          if (pv >= 0) buf_printf(out, "not measured; last measured in %s", period_s(sc, pv, pb, sizeof pb));
          else buf_puts(out, "never measured");
        }
        buf_putc(out, '\n');
      }
    }
    if (nk) buf_puts(out, "  (a key result with no data is left out of its objective's mean: see the `data` column)\n");
  }

  /* dynamic calibration */
  buf_printf(out, "\nDynamic calibration: ");
  if (!sc->ncal) {
    buf_puts(out, "nothing to revisit (no KPI outside its thresholds, no key result behind its plan two periods in a row)\n");
    return;
  }
  buf_printf(out, "%d to revisit at the review\n", sc->ncal);
  for (int i = 0; i < sc->ncal; i++) {
    const Calibration *c = &sc->cal[i];
    const KR *m = c->m;
    if (c->kind == CAL_CONFIDENCE) {
      const ScoreResult *r = score_kr(sc, c->at, m), *q = score_kr(sc, c->prev, m);
      buf_printf(out, "  KR  %s \"%s\": confidence fell from %d/10 in %s to %d/10 in %s\n", kname(m),
                 title_of(m->title.text, m->name.name), q->confidence, period_s(sc, c->prev, pb, sizeof pb),
                 r->confidence, period_s(sc, c->at, pa, sizeof pa));
      if (r->note) buf_printf(out, "      note       %s\n", r->note);
    } else if (c->kind == CAL_KPI) {
      const ScoreResult *r = score_kpi(sc, sc->as_of, m);
      buf_printf(out, "  KPI %s \"%s\": ", kname(m), title_of(m->title.text, m->name.name));
      put_value(out, m->type, r->value);
      buf_printf(out, ", %s%s%s (target ", color ? ansi[health_color(r->health)] : "", score_health_name(r->health),
                 color ? "\033[0m" : "");
      put_goal(out, m);
      buf_puts(out, ")\n");
    } else {
      const ScoreResult *r = score_kr(sc, sc->as_of, m), *q = score_kr(sc, c->prev, m);
      buf_printf(out, "  KR  %s \"%s\": %s%s%s in %s and %s%s%s in %s (score %.2f against the plan's %.2f)\n", kname(m),
                 title_of(m->title.text, m->name.name), color ? ansi[status_color(q->status)] : "",
                 score_track_name(q->track), color ? "\033[0m" : "", period_s(sc, c->prev, pb, sizeof pb),
                 color ? ansi[status_color(r->status)] : "", score_track_name(r->track), color ? "\033[0m" : "",
                 period_s(sc, sc->as_of, pa, sizeof pa), r->score, r->expected);
    }
    if (m->obj) {
      buf_printf(out, "      objective  %s \"%s\"\n", oname(m->obj), title_of(m->obj->title.text, m->obj->name.name));
      buf_puts(out, "      drives     ");
      put_neighbours(out, sc, m->obj, true);
      buf_puts(out, "\n      driven by  ");
      put_neighbours(out, sc, m->obj, false);
      buf_putc(out, '\n');
    } else {
      buf_printf(out, "      in the %s perspective, outside the strategy map: it drives no objective\n",
                 m->persp_eff ? m->persp_eff->name.name : "?");
    }
  }
}

/* ---- JSON ------------------------------------------------------------------ */

/* Built with jansson and written with 17 significant digits, so that every
 * number reads back as the very double the evaluator computed (the same
 * convention as `bscc sim --format=json`). */

static json_t *jnum(bool has, double v) { return has && isfinite(v) ? json_real(v) : json_null(); }
static json_t *jstr(const char *s) { return diag_json_str(s); }
static json_t *jbool(bool b) { return b ? json_true() : json_false(); }
static void jset(json_t *o, const char *key, json_t *v) { json_object_set_new(o, key, v); }

static json_t *jperiod(const ScoreCard *sc, int i) {
  char pb[32];
  return i < 0 ? json_null() : jstr(period_s(sc, i, pb, sizeof pb));
}

static const ScoreResult *res_at(const ScoreCard *sc, int kind, int index, int per) {
  switch (kind) {
  case 0: return &sc->krs[(size_t)per * sc->nkrs + index];
  case 1: return &sc->kpis[(size_t)per * sc->nkpis + index];
  case 2: return &sc->objs[(size_t)per * sc->nobjs + index];
  case 3: return &sc->persps[(size_t)per * sc->npersps + index];
  default: return &sc->total[per];
  }
}

/* The score fields shared by every scored node, then "history". */
static void jscore(json_t *o, const ScoreCard *sc, int kind, int index, bool aggregate) {
  const ScoreResult *r = res_at(sc, kind, index, sc->as_of);
  jset(o, "score", jnum(r->has, r->score));
  if (!aggregate) jset(o, "progress", jnum(r->has, r->progress));
  jset(o, "expected", jnum(r->has, r->expected));
  jset(o, "plan", jnum(r->has, r->expected));
  jset(o, "attainment", jnum(r->has && r->expected > 0, r->attainment));
  if (!aggregate) jset(o, "plan_value", jnum(r->has_plan_value, r->plan_value));
  jset(o, "status", jstr(score_status_name(r->status)));
  jset(o, "track", jstr(score_track_name(r->track)));
  jset(o, "scope", jstr(score_scope_name(r->scope)));
  int pv = r->has ? score_prev_with_data(sc, kind, index, sc->as_of) : -1;
  jset(o, "trend", jnum(pv >= 0, pv >= 0 ? r->score - res_at(sc, kind, index, pv)->score : 0));
  jset(o, "trend_from", jperiod(sc, pv));
  if (aggregate) {
    jset(o, "items", json_integer(r->n_items));
    jset(o, "with_data", json_integer(r->n_data));
    jset(o, "coverage", jnum(true, r->has ? r->coverage : 0));
  }
  json_t *h = json_array();
  for (int i = 0; i <= sc->as_of; i++) {
    const ScoreResult *q = res_at(sc, kind, index, i);
    json_array_append_new(h, json_pack("{s:o, s:o, s:o, s:s}", "period", jperiod(sc, i), "score", jnum(q->has, q->score),
                                       "plan", jnum(q->has, q->expected), "status", score_status_name(q->status)));
  }
  jset(o, "history", h);
}

static const char *commit_name(Commit c) { return c == COMMIT_COMMITTED ? "committed" : "aspirational"; }
static const char *level_name(Level l) {
  return l == LEVEL_TEAM ? "team" : l == LEVEL_INDIVIDUAL ? "individual" : "company";
}
static const char *why_name(NoDataReason w) {
  return w == ND_MISSING_INPUT ? "missing input" : w == ND_DIV_ZERO ? "division by zero"
       : w == ND_OVERFLOW ? "overflow" : w == ND_STALE ? "stale" : "not measured";
}

/* A key result (kpi false) or a KPI. */
static json_t *jmeasure(const ScoreCard *sc, const KR *k, bool kpi) {
  char pb[32];
  const ScoreResult *r = kpi ? score_kpi(sc, sc->as_of, k) : score_kr(sc, sc->as_of, k);
  bool ms = k->type && k->type->kind == TY_MILESTONE;
  json_t *o = json_object();
  jset(o, "id", jstr(kname(k)));
  jset(o, "title", jstr(k->title.text));
  jset(o, "objective", jstr(k->obj ? oname(k->obj) : NULL));
  jset(o, "perspective", jstr(k->persp_eff ? k->persp_eff->name.name : NULL));
  jset(o, "unit", jstr(type_str(k->type)));
  jset(o, "kind", jstr(kr_kind(k)));
  jset(o, "op", jstr(ms ? NULL : op_ascii(k->spec)));
  jset(o, "baseline", jnum(!ms && k->has_base, k->base_v));
  jset(o, "target", jnum(true, ms ? (double)k->type->steps : k->target_v));
  if (kpi) {
    jset(o, "warn", jnum(k->warn != NULL, k->warn_v));
  } else {
    jset(o, "due", jstr(actuals_period_str(k->due_eff, pb, sizeof pb)));
    jset(o, "commitment", jstr(commit_name(k->commit_eff)));
    jset(o, "weight", jnum(true, k->weight_v));
  }
  jset(o, "periods", json_pack("[o, o]", jperiod(sc, k->start_i), jperiod(sc, k->end_i < sc->nperiods ? k->end_i : sc->nperiods - 1)));
  jset(o, "plan_mode", jstr(plan_mode(k)));
  json_t *pts = json_array();
  for (int i = 0; i < k->nplan; i++)
    if (k->plan[i].ok)
      json_array_append_new(pts, json_pack("{s:o, s:o}", "period", jstr(actuals_period_str(k->plan[i].at, pb, sizeof pb)),
                                           "value", jnum(true, k->plan[i].value_v)));
  jset(o, "plan_points", pts);
  if (kpi) {
    jset(o, "threshold", jnum(true, r->threshold));
    jset(o, "warn_at", jnum(k->warn != NULL, k->nplan ? r->warn_at : k->warn_v));
  }
  jset(o, "calculated", jbool(k->formula != NULL));
  jset(o, "value", jnum(r->has, r->value));
  jset(o, "source", jstr(!r->has ? NULL : r->source == SRC_CALCULATED ? "calculated" : "measured"));
  jset(o, "no_data", jstr(r->has ? NULL : why_name(r->why)));
  jset(o, "confidence", r->confidence ? json_integer(r->confidence) : json_null());
  jset(o, "note", jstr(r->note));
  jset(o, "frequency", jstr(ast_period_adj(k->freq_eff)));
  jset(o, "stale", jbool(r->has && r->age > 0));
  jset(o, "age", r->age > 0 ? json_integer(r->age) : json_null());
  jset(o, "parts", r->has && r->source == SRC_MEASURED ? json_integer(r->parts) : json_null());
  if (!kpi) {
    jscore(o, sc, 0, k->index, false);
    return o;
  }
  jset(o, "health", jstr(score_health_name(r->health)));
  jset(o, "scope", jstr(score_scope_name(r->scope)));
  int pv = r->has ? score_prev_with_data(sc, 1, k->index, sc->as_of) : -1;
  jset(o, "trend", jnum(pv >= 0, pv >= 0 ? r->value - score_kpi(sc, pv, k)->value : 0));
  jset(o, "trend_from", jperiod(sc, pv));
  json_t *h = json_array();
  for (int i = 0; i <= sc->as_of; i++) {
    const ScoreResult *q = score_kpi(sc, i, k);
    json_array_append_new(h, json_pack("{s:o, s:o, s:o, s:o}", "period", jperiod(sc, i), "value", jnum(q->has, q->value),
                                       "health", jstr(score_health_name(q->health)), "threshold", jnum(true, q->threshold)));
  }
  jset(o, "history", h);
  return o;
}

/* The "drives" or "driven_by" list of a calibration entry. */
static json_t *jneighbours(const ScoreCard *sc, const Objective *o, bool out_dir) {
  json_t *a = json_array();
  if (!o) return a;
  int n;
  Nb *v = neighbours(sc, o, out_dir, &n);
  for (int i = 0; i < n; i++) {
    json_t *e = json_object();
    jset(e, "objective", jstr(oname(v[i].o)));
    jset(e, "via", jstr(v[i].link ? "link" : "alignment"));
    if (v[i].link) {
      jset(e, "strength", jnum(true, v[i].link->strength_v));
      jset(e, "lag", json_integer(v[i].link->lag_periods));
    }
    json_array_append_new(a, e);
  }
  free(v);
  return a;
}

static json_t *jcalibration(const ScoreCard *sc, const Calibration *c) {
  json_t *e = json_object();
  jset(e, "kind", jstr(c->kind == CAL_KPI ? "kpi" : c->kind == CAL_KR ? "kr" : "confidence"));
  jset(e, "id", jstr(kname(c->m)));
  if (c->kind == CAL_CONFIDENCE) {
    jset(e, "periods", json_pack("[o, o]", jperiod(sc, c->prev), jperiod(sc, c->at)));
    jset(e, "confidences", json_pack("[i, i]", score_kr(sc, c->prev, c->m)->confidence, score_kr(sc, c->at, c->m)->confidence));
  } else if (c->kind == CAL_KPI) {
    jset(e, "health", jstr(score_health_name(score_kpi(sc, sc->as_of, c->m)->health)));
  } else {
    jset(e, "periods", json_pack("[o, o]", jperiod(sc, c->prev), jperiod(sc, sc->as_of)));
    jset(e, "tracks", json_pack("[s, s]", score_track_name(score_kr(sc, c->prev, c->m)->track),
                                score_track_name(score_kr(sc, sc->as_of, c->m)->track)));
  }
  jset(e, "objective", jstr(c->m->obj ? oname(c->m->obj) : NULL));
  jset(e, "drives", jneighbours(sc, c->m->obj, true));
  jset(e, "driven_by", jneighbours(sc, c->m->obj, false));
  return e;
}

static json_t *jperspective(const ScoreCard *sc, const Perspective *ps) {
  json_t *o = json_object();
  jset(o, "id", jstr(ps->name.name));
  jset(o, "title", jstr(ps->title.text));
  jset(o, "rank", jnum(true, ps->rank_v));
  jset(o, "weight", jnum(true, ps->weight_v));
  json_t *objs = json_array();
  Objective *x;
  VEC_EACH(Objective *, x, sc->p->objectives)
    if (!x->parent && x->persp_eff == ps) json_array_append_new(objs, jstr(oname(x)));
  jset(o, "objectives", objs);
  jscore(o, sc, 3, ps->index, true);
  return o;
}

/* The names of the non-NULL entries of krs[0..n). */
static json_t *jnames(KR **krs, int n) {
  json_t *a = json_array();
  for (int i = 0; i < n; i++)
    if (krs[i]) json_array_append_new(a, jstr(kname(krs[i])));
  return a;
}

static json_t *jobjective(const ScoreCard *sc, const Objective *ob) {
  json_t *o = json_object();
  jset(o, "id", jstr(oname(ob)));
  jset(o, "title", jstr(ob->title.text));
  jset(o, "level", jstr(level_name(ob->level_eff)));
  jset(o, "perspective", jstr(ob->persp_eff ? ob->persp_eff->name.name : NULL));
  jset(o, "parent", jstr(ob->parent ? oname(ob->parent) : NULL));
  jset(o, "owner", jstr(ob->owner.text ? ob->owner.text : ob->group.text));
  jset(o, "commitment", jstr(commit_name(ob->commit)));
  jset(o, "weight", jnum(true, ob->weight_v));
  jset(o, "krs", jnames(ob->krs, ob->nkrs));
  jset(o, "kpis", jnames(ob->kpis, ob->nkpis));
  json_t *kids = json_array();
  Objective *c;
  VEC_EACH(Objective *, c, sc->p->objectives)
    if (c->parent == ob) json_array_append_new(kids, jstr(oname(c)));
  jset(o, "children", kids);
  jscore(o, sc, 2, ob->index, true);
  return o;
}

static void render_json(Buf *b, const ScoreCard *sc, const ActualSet *as) {
  Program *p = sc->p;
  Strategy *st = p->strategy;
  char pf[32], pt[32];
  json_t *root = json_object();
  jset(root, "schema", jstr("bscc-score/2"));
  jset(root, "strategy", jstr(st->title.text));
  jset(root, "cadence", jstr(ast_period_word(st->cadence_eff)));
  jset(root, "horizon", json_pack("[o, o]", jstr(actuals_period_str(st->from, pf, sizeof pf)),
                                  jstr(actuals_period_str(st->to, pt, sizeof pt))));
  json_t *periods = json_array();
  for (int i = 0; i < sc->nperiods; i++) json_array_append_new(periods, jperiod(sc, i));
  jset(root, "periods", periods);
  jset(root, "as_of", jperiod(sc, sc->as_of));
  jset(root, "as_of_default", jbool(sc->as_of_default));
  jset(root, "thresholds", json_pack("{s:o, s:o}", "green", jnum(true, sc->green), "yellow", jnum(true, sc->yellow)));
  jset(root, "options", json_pack("{s:o, s:o}", "cap", jnum(true, sc->cap), "rollup", jbool(sc->opt.rollup)));
  json_t *data = json_array();
  for (int i = 0; as && i < as->nfiles; i++) json_array_append_new(data, jstr(as->files[i]));
  jset(root, "data", data);
  json_t *total = json_object();
  jscore(total, sc, 4, 0, true);
  jset(root, "total", total);
  json_t *a = json_array();
  for (int i = p->perspectives.len - 1; i >= 0; i--) json_array_append_new(a, jperspective(sc, p->perspectives.items[i]));
  jset(root, "perspectives", a);
  a = json_array();
  Objective *o;
  VEC_EACH(Objective *, o, p->objectives) json_array_append_new(a, jobjective(sc, o));
  jset(root, "objectives", a);
  KR *k;
  a = json_array();
  VEC_EACH(KR *, k, p->krs) json_array_append_new(a, jmeasure(sc, k, false));
  jset(root, "krs", a);
  a = json_array();
  VEC_EACH(KR *, k, p->kpis) json_array_append_new(a, jmeasure(sc, k, true));
  jset(root, "kpis", a);
  a = json_array();
  for (int i = 0; i < sc->ncal; i++) json_array_append_new(a, jcalibration(sc, &sc->cal[i]));
  jset(root, "calibration", a);
  char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17));
  buf_puts(b, text);
  buf_putc(b, '\n');
  free(text);
  json_decref(root);
}

/* ---- CSV ------------------------------------------------------------------- */


static void cnum(Buf *b, bool has, double v) { if (has) csvio_put_num(b, v); }

static void csv_row(Buf *b, const ScoreCard *sc, int per, const char *kind, const char *id, const char *parent,
                    const char *persp, const char *title, const KR *m, const ScoreResult *r, bool scored) {
  char pb[32];
  buf_puts(b, period_s(sc, per, pb, sizeof pb));
  buf_printf(b, ",%s,", kind);
  csvio_put_field(b, id); buf_putc(b, ',');
  csvio_put_field(b, parent); buf_putc(b, ',');
  csvio_put_field(b, persp); buf_putc(b, ',');
  csvio_put_field(b, title); buf_putc(b, ',');
  cnum(b, m && r->has, r->value); buf_putc(b, ',');
  if (m) csvio_put_field(b, type_str(m->type));
  buf_putc(b, ',');
  cnum(b, scored && r->has, r->score); buf_putc(b, ',');
  cnum(b, scored && r->has, r->progress); buf_putc(b, ',');
  cnum(b, scored && r->has, r->expected); buf_putc(b, ',');
  if (scored) buf_puts(b, score_status_name(r->status));
  buf_putc(b, ',');
  if (scored) buf_puts(b, score_track_name(r->track));
  buf_putc(b, ',');
  if (!scored) buf_puts(b, score_health_name(r->health));
  buf_putc(b, ',');
  cnum(b, scored && r->has && !m, r->coverage);
  buf_putc(b, ',');
  cnum(b, scored && r->has_plan_value, r->plan_value);
  buf_putc(b, ',');
  cnum(b, scored && r->has && r->expected > 0, r->attainment);
  buf_putc(b, ',');
  cnum(b, !scored && r->scope == SCOPE_RUNNING, r->threshold);
  buf_putc(b, ',');
  buf_puts(b, score_scope_name(r->scope));
  buf_putc(b, ',');
  if (m && r->confidence) buf_printf(b, "%d", r->confidence);
  buf_putc(b, ',');
  if (m) csvio_put_field(b, r->note);
  buf_putc(b, ',');
  if (m && r->age > 0) buf_printf(b, "%d", r->age);
  buf_putc(b, ',');
  if (m && !r->has && r->scope == SCOPE_RUNNING) buf_puts(b, why_name(r->why));
  buf_putc(b, '\n');
}

static void render_csv(Buf *b, const ScoreCard *sc) {
  Program *p = sc->p;
  buf_puts(b, "period,kind,id,parent,perspective,title,value,unit,score,progress,expected,status,track,health,coverage,"
              "plan_value,attainment,threshold,scope,confidence,note,age,no_data\n");
  for (int per = 0; per <= sc->as_of; per++) {
    csv_row(b, sc, per, "total", "scorecard", NULL, NULL, p->strategy->title.text, NULL, score_total(sc, per), true);
    for (int i = p->perspectives.len - 1; i >= 0; i--) {
      Perspective *ps = p->perspectives.items[i];
      csv_row(b, sc, per, "perspective", ps->name.name, NULL, ps->name.name, ps->title.text, NULL,
              score_persp(sc, per, ps), true);
    }
    Objective *o;
    VEC_EACH(Objective *, o, p->objectives)
      csv_row(b, sc, per, "objective", oname(o), o->parent ? oname(o->parent) : NULL,
              o->persp_eff ? o->persp_eff->name.name : NULL, o->title.text, NULL, score_obj(sc, per, o), true);
    KR *k;
    VEC_EACH(KR *, k, p->krs)
      csv_row(b, sc, per, "kr", kname(k), k->obj ? oname(k->obj) : NULL, k->persp_eff ? k->persp_eff->name.name : NULL,
              k->title.text, k, score_kr(sc, per, k), true);
    VEC_EACH(KR *, k, p->kpis)
      csv_row(b, sc, per, "kpi", kname(k), k->obj ? oname(k->obj) : NULL, k->persp_eff ? k->persp_eff->name.name : NULL,
              k->title.text, k, score_kpi(sc, per, k), false);
  }
}

/* ==== the command ========================================================= */

#define SCORE_CAP_MAX 100.0     /* the largest --overachieve */


static int usage(const char *cmd, const char *fmt, const char *arg) {
  char hint[160];
  snprintf(hint, sizeof hint, "Try `bscc help` for usage (bscc %s FILE.bsc [--data FILE.csv] [--as-of PERIOD] ...).", cmd);
  return cli_usage("bscc", hint, fmt, arg);
}

int score_open(ScoreInput *in, const char *cmd) {
  diag_init(&in->de);
  in->de.max_errors = in->max_errors_set ? in->max_errors : CLI_MAX_ERRORS_DEFAULT;
  program_init(&in->p, &in->de);
  actuals_init(&in->act);
  in->open = true;
  LoadOptions lo = {0};
  lo.no_prelude = in->no_prelude;
  lo.allow = in->allow;
  lo.nallow = in->nallow;
  bool io_ok = load_program(&in->p, in->file, NULL, 0, &lo);
  if (io_ok) sema_check(&in->p, NULL);
  bool data_ok = true;
  if (io_ok) {
    actuals_add_program(&in->p, &in->act);
    for (int i = 0; i < in->ndata && data_ok; i++) {
      FileErr fe;
      char why[96];
      if (!actuals_load_csv(&in->p, &in->act, in->data[i], &fe)) {
        fprintf(stderr, "bscc: cannot read `%s`: %s\n", in->data[i], file_err_text(&fe, why, sizeof why));
        data_ok = false;
      }
    }
    if (data_ok && in->store && !checkin_load_store(&in->p, &in->act, in->store)) data_ok = false;
  }
  if (in->de.nerrors || !io_ok) {
    diag_sort(&in->de);
    diag_render(&in->de, stderr, FMT_TEXT, diag_use_color(in->color, stderr));
    fprintf(stderr, "bscc: %d error%s, %d warning%s; no %s\n", in->de.nerrors, in->de.nerrors == 1 ? "" : "s",
            in->de.nwarnings, in->de.nwarnings == 1 ? "" : "s", !strcmp(cmd, "graph") ? "strategy map" : !strcmp(cmd, "checkin") ? "check-in stored" : "scorecard");
  }
  if (!io_ok || !data_ok) return 2;
  if (in->de.nerrors) return 1;
  return -1;
}

void score_close(ScoreInput *in) {
  free(in->allow);
  in->allow = NULL;
  if (!in->open) return;
  actuals_free(&in->act);
  program_free(&in->p);
  diag_free(&in->de);
  in->open = false;
}

/* Parses options common to score and graph; returns -1, or an exit code. */
int score_common_opt(ScoreInput *in, const char *cmd, int argc, char **argv, int *i, bool *handled) {
  const char *a = argv[*i], *val = NULL;
  *handled = true;
#define OPTVAL(name) cli_opt(name, argc, argv, i, &val)
  if (a[0] != '-' || !strcmp(a, "-")) {
    if (in->file) return usage(cmd, "%s takes one strategy file", cmd);
    in->file = a;
  } else if (OPTVAL("--data")) {
    in->data[in->ndata++] = val;
  } else if (OPTVAL("--store")) {
    in->store = val;
  } else if (OPTVAL("--as-of")) {
    if (!actuals_parse_period(val, strlen(val), &in->as_of))
      return usage(cmd, "--as-of needs a period such as 2025-Q2, not `%s`", val);
    in->as_of_text = val;
  } else if (OPTVAL("--color") || OPTVAL("--colour")) {
    if (!cli_color(val, &in->color)) return usage(cmd, "unknown colour mode `%s` (auto, always or never)", val);
  } else if (!strcmp(a, "--no-prelude")) {
    in->no_prelude = true;
  } else if (OPTVAL("--allow-import")) {
    if (!cli_folder(val)) return usage(cmd, "--allow-import needs an existing folder, not `%s`", val);
    in->allow = bsc_realloc(in->allow, sizeof *in->allow * (size_t)(in->nallow + 1));
    in->allow[in->nallow++] = val;
  } else if (OPTVAL("--max-errors")) {
    if (!cli_max_errors(val, &in->max_errors)) return usage(cmd, CLI_MAX_ERRORS_USAGE, val);
    in->max_errors_set = true;
  } else {
    *handled = false;
  }
#undef OPTVAL
  return -1;
}

int score_main(int argc, char **argv) {
  ScoreInput in;
  memset(&in, 0, sizeof in);
  in.color = -1;
  in.data = bsc_calloc((size_t)argc + 1, sizeof *in.data);
  enum { F_TABLE, F_JSON, F_CSV } format = F_TABLE;
  ScoreOptions so = {0};
  so.cap = 1.0;
  int fail_on = 0;             /* 1 red, 2 behind */
  int status = -1;
  for (int i = 0; i < argc && status < 0; i++) {
    bool handled;
    status = score_common_opt(&in, "score", argc, argv, &i, &handled);
    if (status >= 0 || handled) continue;
    const char *a = argv[i], *val = NULL;
#define OPTVAL(name) cli_opt(name, argc, argv, &i, &val)
    if (OPTVAL("--format")) {
      if (!strcmp(val, "table") || !strcmp(val, "text")) format = F_TABLE;
      else if (!strcmp(val, "json")) format = F_JSON;
      else if (!strcmp(val, "csv")) format = F_CSV;
      else status = usage("score", "unknown format `%s` (table, json or csv)", val);
    } else if (OPTVAL("--overachieve") || OPTVAL("--cap")) {
      char *end;
      double v = strtod(val, &end);
      /* 100: a key result at a hundred times its goal is already past any
       * reading of "overachievement"; a bound keeps scores, and the
       * objective means made of them, of a size a table can show */
      if (!*val || *end || !(v >= 1.0) || !(v <= SCORE_CAP_MAX))
        status = usage("score", "--overachieve needs a cap from 1 to 100 (e.g. 1.5), not `%s`", val);
      else so.cap = v;
    } else if (!strcmp(a, "--rollup")) {
      so.rollup = true;
    } else if (OPTVAL("--fail-on")) {
      if (!strcmp(val, "red")) fail_on = 1;
      else if (!strcmp(val, "behind")) fail_on = 2;
      else status = usage("score", "--fail-on takes `red` or `behind`, not `%s`", val);
    } else {
      status = usage("score", "unknown option `%s`", a);
    }
#undef OPTVAL
  }
  if (status < 0 && !in.file) status = usage("score", "%s", "score needs a strategy file: bscc score FILE.bsc");
  if (status >= 0) { score_close(&in); free(in.data); return status; }
  status = score_open(&in, "score");
  if (status >= 0) { score_close(&in); free(in.data); return status; }

  so.as_of = in.as_of;
  so.actuals = &in.act;
  const char *why = NULL;
  ScoreCard *sc = score_eval(&in.p, &so, &why);
  if (!sc) {
    if (in.as_of_text) fprintf(stderr, "bscc: --as-of %s %s\n", in.as_of_text, why ? why : "cannot be used");
    else fprintf(stderr, "bscc: no scorecard: %s\n", why ? why : "?");
    score_close(&in);
    free(in.data);
    return 2;
  }
  Buf out;
  buf_init(&out);
  if (format == F_TABLE) render_text(&out, sc, &in.act, diag_use_color(in.color, stdout));
  else if (format == F_JSON) render_json(&out, sc, &in.act);
  else render_csv(&out, sc);
  fwrite(out.data ? out.data : "", 1, out.len, stdout);
  fflush(stdout);
  buf_free(&out);

  status = 0;
  if (fail_on) {
    int n = 0;
    Program *p = &in.p;
    KR *k;
    Objective *o;
    if (fail_on == 1) {
      VEC_EACH(KR *, k, p->krs) if (score_kr(sc, sc->as_of, k)->has && score_kr(sc, sc->as_of, k)->status == STATUS_RED) n++;
      VEC_EACH(Objective *, o, p->objectives)
        if (score_obj(sc, sc->as_of, o)->has && score_obj(sc, sc->as_of, o)->status == STATUS_RED) n++;
      VEC_EACH(KR *, k, p->kpis) if (score_kpi(sc, sc->as_of, k)->health == HEALTH_BREACHED) n++;
    } else {
      VEC_EACH(KR *, k, p->krs) if (is_off_line(score_kr(sc, sc->as_of, k)->track)) n++;
      VEC_EACH(Objective *, o, p->objectives) if (is_off_line(score_obj(sc, sc->as_of, o)->track)) n++;
    }
    if (n) {
      fprintf(stderr, "bscc: --fail-on=%s: %d %s\n", fail_on == 1 ? "red" : "behind", n,
              fail_on == 1 ? (n == 1 ? "red key result, objective or breached KPI" : "red key results, objectives or breached KPIs")
                           : (n == 1 ? "key result or objective off its on-track line" : "key results or objectives off their on-track line"));
      status = 1;
    }
  }
  score_free(sc);
  score_close(&in);
  free(in.data);
  return status;
}
