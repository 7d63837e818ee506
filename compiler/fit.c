/*
 * fit.c - the estimator of `bscc fit` (docs/fit.md): per objective that
 * links point into, ordinary least squares (GSL's gsl_multifit_linear_tsvd)
 * of the change of its deviation from plan on its causes' lagged changes,
 * the lags chosen by the least residual sum of squares on a common sample.
 */
#include "fit.h"
#include "util.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_multifit.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A design whose smallest singular value is below this fraction of the
 * largest (after GSL's column balancing) is rank-deficient: a cause that
 * never moves, or moves only as the others do. */
#define FIT_RANK_TOL 1e-9
/* The level of the intervals and of the tests. */
#define FIT_LEVEL 0.95

/* The history of one objective: its deviation from plan per period, and
 * its change dd[t] = dev[t] - dev[t-1] where both periods have data. */
typedef struct Series {
  double *dev, *dd;
  bool *ok;                  /* ok[t]: dd[t] is defined (t >= 1) */
} Series;

typedef struct Fitter {
  const ScoreCard *sc;
  int T;                     /* periods of history: 0 .. as_of */
  Series *s;                 /* per objective index */
} Fitter;

/* One regression: y = dd of `effect`, columns 1 and dd of each cause at
 * its lag, over the rows `rows`. */
typedef struct Ols {
  int n, p;
  double rss, tss;
  double coef[1 + 64], se[1 + 64];
  bool full_rank;
} Ols;

static void series_build(Fitter *F) {
  const ScoreCard *sc = F->sc;
  Program *p = sc->p;
  F->s = bsc_calloc((size_t)sc->nobjs, sizeof *F->s);
  Objective *o;
  VEC_EACH(Objective *, o, p->objectives) {
    Series *s = &F->s[o->index];
    s->dev = bsc_calloc((size_t)F->T + 1, sizeof *s->dev);
    s->dd = bsc_calloc((size_t)F->T + 1, sizeof *s->dd);
    s->ok = bsc_calloc((size_t)F->T + 1, sizeof *s->ok);
    bool prev = false;
    for (int t = 0; t < F->T; t++) {
      const ScoreResult *r = score_obj(sc, t, o);
      if (r->has) {
        s->dev[t] = r->score - r->expected;
        if (prev) { s->dd[t] = s->dev[t] - s->dev[t - 1]; s->ok[t] = true; }
      }
      prev = r->has;
    }
  }
}

static void series_free(Fitter *F) {
  for (int i = 0; i < F->sc->nobjs; i++) { free(F->s[i].dev); free(F->s[i].dd); free(F->s[i].ok); }
  free(F->s);
}

/* Row t is usable for causes c[] at lags L[]. */
static bool row_ok(const Fitter *F, int e, const int *c, const int *L, int k, int t) {
  if (!F->s[e].ok[t]) return false;
  for (int j = 0; j < k; j++)
    if (t - L[j] < 1 || !F->s[c[j]].ok[t - L[j]]) return false;
  return true;
}

/* Row t is usable at every lag 0..M of every cause: the common sample on
 * which lag combinations are compared. */
static bool row_common(const Fitter *F, int e, const int *c, int k, int M, int t) {
  if (!F->s[e].ok[t]) return false;
  for (int j = 0; j < k; j++)
    for (int L = 0; L <= M; L++)
      if (t - L < 1 || !F->s[c[j]].ok[t - L]) return false;
  return true;
}

/* OLS of effect e on causes c[] at lags L[] over the rows t in rows[]. */
static void ols(const Fitter *F, int e, const int *c, const int *L, int k, const int *rows, int n, Ols *r) {
  int p = k + 1;
  memset(r, 0, sizeof *r);
  r->n = n;
  r->p = p;
  gsl_matrix *X = gsl_matrix_alloc((size_t)n, (size_t)p);
  gsl_vector *y = gsl_vector_alloc((size_t)n);
  gsl_vector *b = gsl_vector_alloc((size_t)p);
  gsl_matrix *cov = gsl_matrix_alloc((size_t)p, (size_t)p);
  gsl_multifit_linear_workspace *w = gsl_multifit_linear_alloc((size_t)n, (size_t)p);
  double mean = 0;
  for (int i = 0; i < n; i++) {
    int t = rows[i];
    gsl_matrix_set(X, (size_t)i, 0, 1.0);
    for (int j = 0; j < k; j++) gsl_matrix_set(X, (size_t)i, (size_t)j + 1, F->s[c[j]].dd[t - L[j]]);
    gsl_vector_set(y, (size_t)i, F->s[e].dd[t]);
    mean += F->s[e].dd[t];
  }
  mean /= n;
  for (int i = 0; i < n; i++) r->tss += (F->s[e].dd[rows[i]] - mean) * (F->s[e].dd[rows[i]] - mean);
  size_t rank = 0;
  double chisq = 0;
  int st = gsl_multifit_linear_tsvd(X, y, FIT_RANK_TOL, b, cov, &chisq, &rank, w);
  r->full_rank = st == GSL_SUCCESS && rank == (size_t)p;
  r->rss = chisq;
  for (int j = 0; j < p; j++) {
    r->coef[j] = gsl_vector_get(b, (size_t)j);
    /* GSL scales (X'X)^-1 by the residual variance chisq / (n - p) */
    r->se[j] = sqrt(gsl_matrix_get(cov, (size_t)j, (size_t)j));
  }
  gsl_multifit_linear_free(w);
  gsl_matrix_free(cov);
  gsl_vector_free(b);
  gsl_vector_free(y);
  gsl_matrix_free(X);
}

static int collect_rows(const Fitter *F, int e, const int *c, const int *L, int k, int *rows) {
  int n = 0;
  for (int t = 1; t < F->T; t++)
    if (row_ok(F, e, c, L, k, t)) rows[n++] = t;
  return n;
}

static int collect_common(const Fitter *F, int e, const int *c, int k, int M, int *rows) {
  int n = 0;
  for (int t = 1; t < F->T; t++)
    if (row_common(F, e, c, k, M, t)) rows[n++] = t;
  return n;
}

/* RSS of one lag combination on the common rows (a rank-deficient one
 * never wins). */
static double combo_rss(const Fitter *F, int e, const int *c, const int *L, int k, const int *rows, int n) {
  Ols r;
  ols(F, e, c, L, k, rows, n, &r);
  return r.full_rank ? r.rss : INFINITY;
}

/* The lags of effect e's causes: the combination with the least RSS on
 * the common sample, ties to the earlier combination in lexicographic
 * order (smaller lags first).  Exhaustive up to FIT_MAX_COMBOS, else one
 * cause at a time from all-zero lags until no change helps. */
static void choose_lags(const Fitter *F, FitEffect *fe, int e, const int *c, int k, int M, const int *rows, int n,
                        int *best) {
  int L[64];
  long combos = 1;
  for (int j = 0; j < k && combos <= FIT_MAX_COMBOS; j++) combos *= M + 1;
  memset(best, 0, sizeof *best * (size_t)k);
  memset(L, 0, sizeof L);
  double best_rss = INFINITY;
  fe->combos = 0;
  if (combos <= FIT_MAX_COMBOS) {
    fe->exhaustive = true;
    for (;;) {
      double rss = combo_rss(F, e, c, L, k, rows, n);
      fe->combos++;
      if (rss < best_rss) { best_rss = rss; memcpy(best, L, sizeof *L * (size_t)k); }
      int j = k - 1;        /* the odometer: the last cause's lag turns fastest */
      while (j >= 0 && L[j] == M) L[j--] = 0;
      if (j < 0) break;
      L[j]++;
    }
    return;
  }
  fe->exhaustive = false;
  best_rss = combo_rss(F, e, c, best, k, rows, n);
  fe->combos = 1;
  for (bool moved = true; moved;) {
    moved = false;
    for (int j = 0; j < k; j++) {
      memcpy(L, best, sizeof *L * (size_t)k);
      for (int lag = 0; lag <= M; lag++) {
        if (lag == best[j]) continue;
        L[j] = lag;
        double rss = combo_rss(F, e, c, L, k, rows, n);
        fe->combos++;
        if (rss < best_rss) { best_rss = rss; best[j] = lag; moved = true; }
      }
    }
  }
}

/* The two-sided quantile of Student's t for level 1 - alpha. */
static double t_quantile(double alpha, int df) { return gsl_cdf_tdist_Pinv(1 - alpha / 2, df); }
static double p_two_sided(double t, int df) { return 2 * gsl_cdf_tdist_Q(fabs(t), df); }

static double round2(double x) { return round(x * 100) / 100; }

/* The link's estimate, and its interval at the level that holds over the
 * `lags` lags its effect's search compared (Bonferroni: 1 - 0.05 / lags),
 * so that choosing the best of several lags does not make a chance
 * correlation look like a link. */
static void fill_link(FitLink *fl, const Ols *r, int j, int df, int lags) {
  double alpha = (1 - FIT_LEVEL) / lags;
  double q = t_quantile(alpha, df);
  fl->level = 1 - alpha;
  fl->state = FIT_ESTIMATED;
  fl->est = r->coef[j + 1];
  fl->se = r->se[j + 1];
  fl->lo = fl->est - q * fl->se;
  fl->hi = fl->est + q * fl->se;
  fl->t = fl->se > 0 ? fl->est / fl->se : (fl->est == 0 ? 0 : INFINITY);
  fl->p = isfinite(fl->t) ? p_two_sided(fl->t, df) : 0;
  fl->p_adj = fl->p * lags < 1 ? fl->p * lags : 1;
  fl->partial_r2 = isfinite(fl->t) ? fl->t * fl->t / (fl->t * fl->t + df) : 1;
  bool excludes0 = fl->lo > 0 || fl->hi < 0;
  if (!excludes0) fl->verdict = FV_UNSUPPORTED;
  else if (fl->written != 0 && (fl->est > 0) == (fl->written > 0)) fl->verdict = FV_SUPPORTED;
  else fl->verdict = FV_CONTRADICTED;
  fl->within = fl->written >= fl->lo && fl->written <= fl->hi;
  double s = round2(fl->est);
  fl->clamped = s < -1 || s > 1;
  fl->suggested = s < -1 ? -1 : s > 1 ? 1 : s;
  if (fl->suggested == 0) fl->suggested = 0;   /* never write -0 */
  double sd = round2(fl->se);
  fl->suggested_sd = sd > FIT_MIN_SD ? sd : FIT_MIN_SD;
}

/* Fits one effect: the links l[0..k) into objective e. */
static void fit_effect(const Fitter *F, FitResult *R, int ei, const int *li, int k, int max_lag) {
  FitEffect *fe = &R->effects[ei];
  int e = fe->o->index, c[64], L[64] = {0};
  for (int j = 0; j < k; j++) c[j] = R->links[li[j]].l->src->index;
  int *rows = bsc_calloc((size_t)F->T + 1, sizeof *rows);
  /* the lag bound: the asked one, lowered until the common sample has
   * enough rows to compare combinations */
  int M = max_lag, n = 0;
  for (; M >= 0; M--) {
    n = collect_common(F, e, c, k, M, rows);
    if (n - (k + 1) >= FIT_MIN_DF) break;
  }
  fe->max_lag = M < 0 ? 0 : M;
  fe->state = FIT_TOO_FEW;
  if (M < 0) {
    /* even lag 0 leaves too few rows: report the rows the written lags have */
    for (int j = 0; j < k; j++) L[j] = R->links[li[j]].written_lag;
    fe->n = collect_rows(F, e, c, L, k, rows);
    fe->df = fe->n - (k + 1);
    for (int j = 0; j < k; j++) { R->links[li[j]].state = FIT_TOO_FEW; R->links[li[j]].lag = L[j]; }
    free(rows);
    return;
  }
  /* the estimate on the same rows as the search: re-estimated on the
   * longer sample the chosen lags allow, a link's test would depend on
   * the other causes' lags through its rows, and choosing among the
   * (M + 1)^k combinations would no longer cost only the M + 1 lags of
   * its own that the interval pays for (docs/fit.md §2.4) */
  choose_lags(F, fe, e, c, k, M, rows, n, L);
  Ols r;
  ols(F, e, c, L, k, rows, n, &r);
  fe->n = n;
  fe->df = n - (k + 1);
  fe->first = rows[0];
  fe->last = rows[n - 1];
  for (int j = 0; j < k; j++) R->links[li[j]].lag = L[j];
  if (!r.full_rank) {
    fe->state = FIT_COLLINEAR;
    for (int j = 0; j < k; j++) R->links[li[j]].state = FIT_COLLINEAR;
    free(rows);
    return;
  }
  fe->state = FIT_ESTIMATED;
  fe->alpha = r.coef[0];
  fe->alpha_se = r.se[0];
  fe->r2 = r.tss > 0 ? 1 - r.rss / r.tss : NAN;
  fe->sigma = sqrt(r.rss / fe->df);
  for (int j = 0; j < k; j++) fill_link(&R->links[li[j]], &r, j, fe->df, fe->max_lag + 1);
  free(rows);
}

/* ---- links the map lacks ------------------------------------------------ */

/* a and b are on one alignment chain: a child's score is part of its
 * parent's, so their changes move together by construction. */
static bool aligned(const Objective *a, const Objective *b) {
  for (int depth = 0; a && depth < 1000; depth++, a = a->parent)
    if (a == b) return true;
  for (int i = 0; i < b->nparents; i++)
    if (b->parents[i].obj == a) return true;
  return false;
}

static bool linked(const Program *p, const Objective *a, const Objective *b) {
  Link *l;
  VEC_EACH(Link *, l, p->links)
    if ((l->src == a && l->dst == b) || (l->src == b && l->dst == a)) return true;
  return false;
}

static int missing_cmp(const void *a, const void *b) {
  const FitMissing *x = a, *y = b;
  return x->p < y->p ? -1 : x->p > y->p;
}

/* The model of effect eo that a candidate is added to: its estimated
 * links at their chosen lags, then the candidates accepted so far. */
typedef struct Base { int c[64], L[64], k; } Base;

/* Whether objective co may be a missing cause of eo: not itself, not
 * linked either way, not on one alignment chain, not accepted already. */
static bool candidate(const Program *p, const Objective *co, const Objective *eo, const Base *b) {
  if (co == eo || linked(p, co, eo) || aligned(co, eo) || aligned(eo, co)) return false;
  for (int j = 0; j < b->k; j++)
    if (b->c[j] == co->index) return false;
  return true;
}

/* One forward step for effect eo: every candidate at every lag 0..max_lag
 * added to the base model; the one with the least p-value goes to *best.
 * Returns the number of tests made. */
static int forward_step(const Fitter *F, const Objective *eo, Base *b, int max_lag, int *rows, FitMissing *best) {
  const Program *p = F->sc->p;
  int tests = 0;
  best->p = INFINITY;
  if (b->k >= 63) return 0;
  Objective *co;
  VEC_EACH(Objective *, co, p->objectives) {
    if (!candidate(p, co, eo, b)) continue;
    b->c[b->k] = co->index;
    for (int lag = 0; lag <= max_lag; lag++) {
      b->L[b->k] = lag;
      int n = collect_rows(F, eo->index, b->c, b->L, b->k + 1, rows);
      int df = n - (b->k + 2);
      if (df < FIT_MIN_DF) continue;
      Ols r;
      ols(F, eo->index, b->c, b->L, b->k + 1, rows, n, &r);
      if (!r.full_rank || !(r.se[b->k + 1] > 0)) continue;
      tests++;
      double pv = p_two_sided(r.coef[b->k + 1] / r.se[b->k + 1], df);
      if (pv < best->p) *best = (FitMissing){co, eo, lag, r.coef[b->k + 1], r.se[b->k + 1], pv};
    }
  }
  return tests;
}

static void base_init(const FitResult *R, const Objective *eo, Base *b) {
  b->k = 0;
  for (int i = 0; i < R->nlinks && b->k < 64; i++) {
    const FitLink *fl = &R->links[i];
    if (fl->l->dst == eo && fl->state == FIT_ESTIMATED) { b->c[b->k] = fl->l->src->index; b->L[b->k++] = fl->lag; }
  }
}

/* Forward selection per effect: the best candidate (a cause at a lag)
 * added to the effect's model while its coefficient is significant at 5 %
 * after Bonferroni's correction over the tests of the first step of every
 * effect.  Added one at a time, so that a cause that only stands in for
 * an accepted one (an indirect path through it) drops out. */
static void find_missing(const Fitter *F, FitResult *R, int max_lag) {
  Program *p = F->sc->p;
  int *rows = bsc_calloc((size_t)F->T + 1, sizeof *rows);
  Base b;
  FitMissing m;
  int tests = 0;
  Objective *eo;
  VEC_EACH(Objective *, eo, p->objectives) {
    base_init(R, eo, &b);
    tests += forward_step(F, eo, &b, max_lag, rows, &m);
  }
  R->tested = tests;
  int cap = 8;
  R->missing = bsc_calloc((size_t)cap, sizeof *R->missing);
  VEC_EACH(Objective *, eo, p->objectives) {
    base_init(R, eo, &b);
    while (tests && forward_step(F, eo, &b, max_lag, rows, &m) && m.p < (1 - FIT_LEVEL) / tests) {
      if (R->nmissing == cap) R->missing = bsc_realloc(R->missing, sizeof *R->missing * (size_t)(cap *= 2));
      R->missing[R->nmissing++] = m;
      b.c[b.k] = m.from->index;
      b.L[b.k++] = m.lag;
    }
  }
  qsort(R->missing, (size_t)R->nmissing, sizeof *R->missing, missing_cmp);
  free(rows);
}

/* ---- the fit ------------------------------------------------------------ */

FitResult *fit_run(const ScoreCard *sc, const FitOptions *o) {
  gsl_error_handler_t *old = gsl_set_error_handler_off();
  Program *p = sc->p;
  FitResult *R = bsc_calloc(1, sizeof *R);
  R->sc = sc;
  R->max_lag = o->max_lag;
  Fitter F = {sc, sc->as_of + 1, NULL};
  R->periods = F.T;
  series_build(&F);
  R->nlinks = p->links.len;
  R->links = bsc_calloc((size_t)R->nlinks + 1, sizeof *R->links);
  R->effects = bsc_calloc((size_t)R->nlinks + 1, sizeof *R->effects);
  for (int i = 0; i < R->nlinks; i++) {
    FitLink *fl = &R->links[i];
    fl->l = p->links.items[i];
    fl->written = fl->l->strength ? fl->l->strength_v : 1;
    fl->written_lag = fl->l->lag_periods > 0 ? fl->l->lag_periods : 0;
    fl->effect = -1;
    for (int e = 0; e < R->neffects; e++)
      if (R->effects[e].o == fl->l->dst) fl->effect = e;
    if (fl->effect < 0) { fl->effect = R->neffects; R->effects[R->neffects++].o = fl->l->dst; }
    R->effects[fl->effect].nlinks++;
  }
  int *li = bsc_calloc((size_t)R->nlinks + 1, sizeof *li);
  for (int e = 0; e < R->neffects; e++) {
    int k = 0;
    for (int i = 0; i < R->nlinks; i++)
      if (R->links[i].effect == e) li[k++] = i;
    if (k <= 64) { fit_effect(&F, R, e, li, k, o->max_lag); continue; }
    /* more causes than any history of a strategy has periods */
    R->effects[e].state = FIT_TOO_FEW;
    for (int j = 0; j < k; j++) R->links[li[j]].state = FIT_TOO_FEW;
  }
  free(li);
  if (o->missing) find_missing(&F, R, o->max_lag);
  series_free(&F);
  gsl_set_error_handler(old);
  return R;
}

void fit_free(FitResult *r) {
  if (!r) return;
  free(r->links);
  free(r->effects);
  free(r->missing);
  free(r);
}

const char *fit_verdict_name(FitVerdict v) {
  switch (v) {
  case FV_SUPPORTED: return "supported";
  case FV_UNSUPPORTED: return "no evidence";
  case FV_CONTRADICTED: return "contradicted";
  default: return "not estimated";
  }
}

const char *fit_state_name(FitState s) {
  switch (s) {
  case FIT_ESTIMATED: return "estimated";
  case FIT_TOO_FEW: return "too few periods";
  default: return "collinear";
  }
}
