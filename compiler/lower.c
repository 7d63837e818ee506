/*
 * lower.c - from a checked program to the simulation model (simir.h):
 * the AST's objectives, key results, effects and links become flat
 * arrays of numbers, in the evaluation orders docs/simulation.md fixes.
 *
 * Everything that does not change from sample to sample is decided here,
 * once: unit conversion factors of formulas, distribution parameters in
 * sampler form (rt_dist_lower), the outcome of KRs without a forecast, the
 * order of evaluation, and what the decision period implies
 * (docs/simulation.md §9): which periods of a measure are fixed actuals,
 * where its line starts, the first period each effect shifts.  The
 * evaluators only do arithmetic.
 */
#define BSC_SEMA_INTERNAL
#include "sim.h"
#include "sema.h"
#include "plan.h"
#include "rollup.h"
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

typedef struct CmpMemo { double y, at; int want; bool set; } CmpMemo;

typedef struct Lower {
  Program *p;
  const ScoreCard *sc;
  SimModel *m;
  Arena *a;
  TypeTable *tt;
  Vec inputs, ops;           /* SimInput*, SimOp* while building */
  int depth, maxdepth;       /* of the formula being compiled */
  double *fixed;             /* SimModel.fixed while building (malloc'd) */
  int nfixed, capfixed;
  SimSeg *segs;              /* SimModel.segs while building (malloc'd) */
  int nsegs, capsegs;
  CmpMemo cmp_cache[256];    /* least_cmp's answers (lower_segs) */
  int h_start, cm;           /* the horizon's first month (year * 12 + month - 1), the cadence's months */
  const char *cur;           /* the measure whose formula is being compiled (messages) */
  char *err;
} Lower;

static void fail(Lower *L, const char *fmt, ...) {
  if (L->err) return;
  va_list ap;
  va_start(ap, fmt);
  char buf[512];
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  L->err = strdup(buf);
}

static int add_input(Lower *L, const Dist *d, const char *stream, const char *name) {
  SimInput *in = arena_alloc(L->a, sizeof *in);
  in->dist = *d;
  in->d = rt_dist_lower(d);
  in->stream = hash_bytes(stream, strlen(stream));
  in->name = arena_strdup(L->a, name);
  vec_push(L->a, &L->inputs, in);
  return L->inputs.len - 1;
}

/* An uncertain lag: a whole number of periods from lo to hi, equally
 * likely (DIST_WHOLE), drawn from its own stream. */
static int lag_input(Lower *L, int lo, int hi, const char *stream, const char *name) {
  Dist d = { DIST_WHOLE, { lo, hi, 0 } };
  return add_input(L, &d, stream, name);
}

/* The draws of link j (docs/simulation.md §15): an uncertain strength from
 * the stream "strength:FROM:TO", a lag range from "lag:FROM:TO" (named, not
 * numbered, so that a link added elsewhere changes no other draw); the
 * strengths as written in link_dist, for the sensitivity. */
static void lower_link_draws(Lower *L, const Link *l, SimLink *sl, int j) {
  SimModel *m = L->m;
  sl->input = sl->lag_input = -1;
  sl->lag_hi = l->lag_hi_periods > sl->lag ? l->lag_hi_periods : sl->lag;
  const char *from = l->src->name.name, *to = l->dst->name.name;
  if (l->strength_d.kind != DIST_CONST) {
    if (!m->link_dist) {
      m->link_dist = arena_alloc(L->a, sizeof(Dist) * ((size_t)L->p->links.len + 1));
      for (int i = 0; i < L->p->links.len; i++) m->link_dist[i] = (Dist){ .kind = DIST_CONST };
    }
    m->link_dist[j] = l->strength_d;
    sl->input = add_input(L, &l->strength_d, arena_printf(L->a, "strength:%s:%s", from, to),
                          arena_printf(L->a, "%s -> %s strength", from, to));
  }
  if (sl->lag_hi > sl->lag && sl->lag < m->T)
    sl->lag_input = lag_input(L, sl->lag, sl->lag_hi, arena_printf(L->a, "lag:%s:%s", from, to),
                              arena_printf(L->a, "%s -> %s lag", from, to));
}

/* ---- formulas: Expr -> stack program ----------------------------------- */

static void emit(Lower *L, SimOpKind op, int n, double c) {
  SimOp *o = arena_alloc(L->a, sizeof *o);
  o->op = op; o->n = n; o->c = c; o->back = 0;
  vec_push(L->a, &L->ops, o);
  if (op == FOP_CONST || op == FOP_LOAD || op == FOP_PREV) {
    if (++L->depth > L->maxdepth) L->maxdepth = L->depth;
  } else if (op >= FOP_ADD && op <= FOP_DIV) {
    L->depth--;
  } else if (op >= FOP_MIN) {
    L->depth -= n - 1;
  }
}

static void emit_scale(Lower *L, double f) {
  if (f != 1.0) emit(L, FOP_SCALE, 0, f);
}

static int measure_index(Lower *L, const KR *k) {
  return k->h.kind == ND_KPI ? L->p->krs.len + k->index : k->index;
}

/* The factor that converts a value of `from` into `to` (1 when sema
 * already accepted them as the same unit). */
static double factor(Lower *L, const Type *from, const Type *to) {
  double f = 1.0;
  type_convert(L->tt, from, to, 1.0, &f);
  return f;
}

static void compile(Lower *L, const Expr *e) {
  switch (e->kind) {
  case EX_NUM: case EX_BOOL:
    emit(L, FOP_CONST, 0, e->num);
    return;
  case EX_REF: {
    const KR *k = e->sym ? e->sym->decl : NULL;
    if (!k) { fail(L, "unresolved name in a formula"); emit(L, FOP_CONST, 0, 0); return; }
    emit(L, FOP_LOAD, measure_index(L, k), 0);
    return;
  }
  case EX_NEG:
    compile(L, e->lhs);
    emit(L, FOP_NEG, 0, 0);
    return;
  case EX_ADD: case EX_SUB: case EX_MUL: case EX_DIV: {
    TypeOp op = e->kind == EX_ADD ? TOP_ADD : e->kind == EX_SUB ? TOP_SUB : e->kind == EX_MUL ? TOP_MUL : TOP_DIV;
    double fl = 1.0, fr = 1.0;
    type_binop(L->tt, op, e->lhs->type, e->rhs->type, &fl, &fr);
    compile(L, e->lhs);
    emit_scale(L, fl);
    compile(L, e->rhs);
    emit_scale(L, fr);
    emit(L, e->kind == EX_ADD ? FOP_ADD : e->kind == EX_SUB ? FOP_SUB : e->kind == EX_MUL ? FOP_MUL : FOP_DIV, 0, 0);
    return;
  }
  case EX_CALL: {
    const char *fn = e->ref.name ? e->ref.name : "";
    /* an earlier period's value (semantics.md §3.1): the value the
     * measure shows e->num periods back, in its own unit, as scoring
     * reads it; whether that period has one is the plan table's (lower_src) */
    if (!strcmp(fn, "prev")) {
      const KR *k = e->args[0]->sym ? e->args[0]->sym->decl : NULL;
      if (!k) { fail(L, "unresolved name in a formula"); emit(L, FOP_CONST, 0, 0); return; }
      emit(L, FOP_PREV, measure_index(L, k), 0);
      ((SimOp *)L->ops.items[L->ops.len - 1])->back = (int)e->num;
      return;
    }
    /* a power of two plain numbers, unconverted, as scoring computes it */
    if (!strcmp(fn, "pow")) {
      compile(L, e->args[0]);
      compile(L, e->args[1]);
      emit(L, FOP_POW, 2, 0);
      return;
    }
    if (!strcmp(fn, "abs")) {
      compile(L, e->args[0]);
      emit(L, FOP_ABS, 0, 0);
      return;
    }
    Type *t = &L->tt->number;
    for (int i = 0; i < e->nargs; i++)
      if (type_has_unit(e->args[i]->type)) { t = e->args[i]->type; break; }
    for (int i = 0; i < e->nargs; i++) {
      compile(L, e->args[i]);
      emit_scale(L, factor(L, e->args[i]->type, t));
    }
    emit(L, !strcmp(fn, "min") ? FOP_MIN : !strcmp(fn, "max") ? FOP_MAX : FOP_AVG, e->nargs, 0);
    return;
  }
  }
}

static int compile_formula(Lower *L, const KR *k, Vec *forms) {
  SimFormula *f = arena_alloc(L->a, sizeof *f);
  f->first = L->ops.len;
  L->depth = L->maxdepth = 0;
  L->cur = k->name.name;
  compile(L, k->formula);
  /* into the measure's unit; a plain number is a ratio for a fraction unit */
  const Type *rt = k->formula->type;
  if (rt && rt->kind == TY_NUMBER && type_is_fraction(L->tt, k->type))
    emit_scale(L, factor(L, L->tt->ratio, k->type));
  else
    emit_scale(L, factor(L, rt, k->type));
  f->count = L->ops.len - f->first;
  f->depth = L->maxdepth;
  vec_push(L->a, forms, f);
  return forms->len - 1;
}

/* ---- measures ------------------------------------------------------------ */

static const ScoreResult *result_at(Lower *L, const KR *k, int per) {
  return k->h.kind == ND_KPI ? score_kpi(L->sc, per, k) : score_kr(L->sc, per, k);
}

/* The actual measured for k in period `per`, or carried there by scoring
 * within its carry limit, if any (a value calculated by scoring is not a
 * measurement). */
static bool actual_at(Lower *L, const KR *k, int per, double *out) {
  const ScoreResult *r = result_at(L, k, per);
  if (!r->has || r->source != SRC_MEASURED) return false;
  *out = r->value;
  return true;
}

static void fixed_push(Lower *L, double v) {
  if (L->nfixed == L->capfixed) {
    L->capfixed = L->capfixed ? 2 * L->capfixed : 64;
    L->fixed = bsc_realloc(L->fixed, sizeof(double) * (size_t)L->capfixed);
  }
  L->fixed[L->nfixed++] = v;
}

/* "Doing nothing" for a KR without a forecast: it reaches its target by
 * its due period, along its plan (the path, lower_plan); with
 * --hold-unforecast, and always for a KPI (a KPI has a threshold to watch,
 * not a plan), it keeps `held`, its last actual or its baseline.  A
 * threshold with neither is not met (NaN fails every comparison). */
static double unforecast_outcome(Lower *L, const KR *k, const SimMeasure *sm, bool measured, double held) {
  bool milestone = k->type && k->type->kind == TY_MILESTONE;
  if (k->h.kind == ND_KR && !L->m->hold) return milestone ? sm->x : k->target_v;
  if (measured) return held;
  return milestone ? 0.0 : sm->has_base ? sm->base : NAN;
}

/* The measure's path against the actuals of periods 0 .. a (the decision
 * period).  Measured at least once by a: periods 0 .. a are fixed: the
 * actual where there is one, the last actual before it where there is
 * none, and before the first actual the line from the baseline to it.
 * After a, the line restarts from the value at a; a KR due by a is fixed
 * for the whole horizon at that value.  Never measured: the line from the
 * baseline at the horizon's start (start -1).  Returns whether it is
 * fixed for the whole horizon (then it draws nothing). */
static bool lower_path(Lower *L, const KR *k, SimMeasure *sm, double *held, bool *measured) {
  int a = L->m->decided, T = L->m->T, first = -1;
  double y1 = 0.0, last = 0.0;
  for (int t = 0; t <= a && first < 0; t++)
    if (actual_at(L, k, t, &y1)) first = t;
  sm->from = sm->base;
  sm->start = -1;
  /* a milestone follows its plan of steps from 0 (its base, 0 here) */
  sm->ramp = sm->has_base || (k->h.kind == ND_KR && sm->kind == SK_MILESTONE);
  *measured = first >= 0;
  if (!*measured) return false;
  bool done = sm->due <= a;
  sm->fix_first = L->nfixed;
  sm->nfix = done ? T : a + 1;
  for (int t = 0; t <= a; t++) {
    double v;
    if (actual_at(L, k, t, &v)) last = v;
    else if (t < first) last = sm->has_base ? sm->base + (y1 - sm->base) * sim_ramp(t, -1, first) : y1;
    fixed_push(L, last);
  }
  for (int t = a + 1; done && t < T; t++) fixed_push(L, last);
  *held = last;
  sm->from = last;
  sm->start = a;
  sm->ramp = true;
  return done;
}

static void lower_measure(Lower *L, const KR *k, SimMeasure *sm, Vec *forms) {
  const Type *t = k->type;
  memset(sm, 0, sizeof *sm);
  sm->name = k->name.name;
  sm->weight = k->weight_v;
  sm->due = L->m->T - 1;
  if (k->h.kind == ND_KR && L->sc->due) {
    sm->due = L->sc->due[k->index];
    if (sm->due < 0) sm->due = 0;
    if (sm->due > L->m->T - 1) sm->due = L->m->T - 1;
  }
  sm->input = -1;
  sm->formula = -1;
  sm->start = -1;
  bool milestone = t && t->kind == TY_MILESTONE;
  /* the scoring rule (docs/semantics.md §3, without overachievement) */
  if (k->h.kind == ND_KPI) {
    /* a scored KPI (semantics.md §7.1): increase to / decrease to is a
     * KR's progress; every other mode is its segment table (lower_segs) */
    bool range = k->mode == KM_HEALTH && k->spec == SPEC_RANGE;
    sm->kind = !score_kpi_scored(k) ? SK_NONE : range ? SK_LINEAR : SK_SEG;
    sm->has_base = k->has_base;
    sm->base = k->base_v;
    if (range) sm->span = k->target_v - k->base_v;
  } else if (milestone) {
    sm->kind = SK_MILESTONE;
    sm->x = t->steps;
  } else if (k->spec == SPEC_RANGE) {
    sm->kind = SK_LINEAR;
    sm->has_base = true;
    sm->base = k->base_v;
    sm->span = k->target_v - k->base_v;
  } else {
    bool up = k->spec == SPEC_GE || k->spec == SPEC_GT;
    bool usable = k->has_base && (up ? k->base_v < k->target_v : k->base_v > k->target_v);
    sm->has_base = k->has_base;
    sm->base = k->base_v;
    sm->x = k->target_v;
    /* a KR's strict threshold reads as the non-strict one, as scoring
     * reads it (docs/semantics.md §4) */
    if (usable) { sm->kind = SK_LINEAR; sm->span = k->target_v - k->base_v; }
    else sm->kind = up ? SK_GE : SK_LE;
    /* a maintained level or band (semantics.md §4.1): scoring's health as
     * segments (lower_maintain_segs), a band on both ends, a warning level
     * at the yellow line; no baseline */
    if (k->maintain) { sm->kind = SK_SEG; sm->has_base = false; sm->base = 0.0; }
  }
  /* the outcome */
  if (k->formula) {
    sm->formula = compile_formula(L, k, forms);
    sm->has_base = false;
    /* up to the decision period it is scoring's value where scoring has
     * one (measured, or calculated in scoring's own arithmetic); NaN in
     * fixed[] elsewhere: computed, over the held values of its inputs */
    sm->fix_first = L->nfixed;
    sm->nfix = L->m->decided + 1;
    for (int per = 0; per < sm->nfix; per++) {
      const ScoreResult *r = result_at(L, k, per);
      fixed_push(L, r->has ? r->value : NAN);
    }
    return;
  }
  double held = 0.0;
  bool measured;
  if (lower_path(L, k, sm, &held, &measured)) {
    sm->outcome = held;              /* due and measured: nothing to draw */
  } else if (k->has_forecast) {
    char *stream = arena_printf(L->a, "kr:%s", k->name.name);
    sm->input = add_input(L, &k->forecast_d, stream, k->name.name);
  } else {
    sm->outcome = unforecast_outcome(L, k, sm, measured, held);
    if (k->h.kind == ND_KR && !L->m->hold) L->m->nplanned++;
    else if (measured && k->margin_v > 0) {
      /* the held value is a survey's reading with a margin of error at 95 %:
       * its true value is drawn, normal around the reading with
       * sd = margin / 1.959963984540054 (docs/simulation.md §9) */
      Dist d = {DIST_NORMAL, {held, k->margin_v / 1.959963984540054, 0}};
      char *stream = arena_printf(L->a, "margin:%s", k->name.name);
      sm->input = add_input(L, &d, stream, k->name.name);
    }
  }
}

/* The first period an effect on sm shifts: lags count from the decision
 * period; a fixed period is never shifted, nor a KR due before the
 * decision (its due period is past: what it reached is history). */
static int effect_at(const SimModel *m, const SimMeasure *sm, int lag) {
  if (sm->due < m->decided || sm->nfix >= m->T) return m->T;
  long at = (long)m->decided + lag;
  if (at < sm->nfix) at = sm->nfix;
  return at > m->T ? m->T : (int)at;
}

/* ---- objectives ---------------------------------------------------------- */

/* The items of every objective and theme (rollup.c, as scoring counts
 * them without --rollup): its KRs and scored KPIs into kr_list, as
 * measure indices (their weights are the measures' own), then the
 * objectives that count in it into child_list with child_w, node by node
 * so that each node's items are one run of each list. */
static void lower_rollup(Lower *L) {
  SimModel *m = L->m;
  Rollup ru;
  rollup_build(L->p, false, &ru);
  int nn = ru.nobjs + ru.nthemes, nkrs = L->p->krs.len, kp = 0, cp = 0;
  m->kr_list = arena_alloc(L->a, sizeof(int) * ((size_t)ru.first[nn] + 1));
  m->child_list = arena_alloc(L->a, sizeof(int) * ((size_t)ru.first[nn] + 1));
  m->child_w = arena_alloc(L->a, sizeof(double) * ((size_t)ru.first[nn] + 1));
  for (int v = 0; v < nn; v++) {
    SimObj *so = &m->objs[v];
    so->kr_first = kp;
    so->child_first = cp;
    for (int i = ru.first[v]; i < ru.first[v + 1]; i++) {
      const RollupItem *x = &ru.item[i];
      if (x->kind == ROLLUP_OBJ) { m->child_list[cp] = x->index; m->child_w[cp++] = x->weight; }
      else m->kr_list[kp++] = x->kind == ROLLUP_KR ? x->index : nkrs + x->index;
    }
    so->kr_count = kp - so->kr_first;
    so->child_count = cp - so->child_first;
  }
  m->nkr_list = kp;
  m->nchild_list = cp;
  rollup_free(&ru);
}

/* A topological order of objectives where children precede the parents
 * that roll them up, and sources of zero-lag links their destinations.
 * Kahn's algorithm, always taking the lowest ready index, so the order is
 * stable.  Returns false on a cycle (a rollup against a zero-lag link). */
static bool objective_order(Lower *L) {
  SimModel *m = L->m;
  int n = m->nobjs;
  int *indeg = calloc((size_t)n + 1, sizeof(int));
  int *head = malloc(sizeof(int) * ((size_t)n + 1));
  int nedges = m->nlinks + m->nchild_list;
  int *next = malloc(sizeof(int) * ((size_t)nedges + 1)), *to = malloc(sizeof(int) * ((size_t)nedges + 1));
  if (!indeg || !head || !next || !to) abort();
  for (int i = 0; i < n; i++) head[i] = -1;
  int ne = 0;
  for (int o = 0; o < n; o++) {
    const SimObj *so = &m->objs[o];
    for (int j = so->child_first; j < so->child_first + so->child_count; j++) {
      int c = m->child_list[j];              /* the child before the parent it counts in */
      to[ne] = o; next[ne] = head[c]; head[c] = ne++; indeg[o]++;
    }
    for (int j = so->link_first; j < so->link_first + so->link_count; j++) {
      const SimLink *l = &m->links[j];
      if (l->lag != 0) continue;
      to[ne] = o; next[ne] = head[l->src]; head[l->src] = ne++; indeg[o]++;
    }
  }
  /* a binary heap of ready objectives, smallest index first */
  int *heap = malloc(sizeof(int) * ((size_t)n + 1)), hn = 0, done = 0;
  if (!heap) abort();
#define PUSH(x) do { int i_ = hn++; heap[i_] = (x); \
    while (i_ > 0 && heap[(i_ - 1) / 2] > heap[i_]) { int t_ = heap[i_]; heap[i_] = heap[(i_ - 1) / 2]; heap[(i_ - 1) / 2] = t_; i_ = (i_ - 1) / 2; } } while (0)
  for (int o = 0; o < n; o++) if (!indeg[o]) PUSH(o);
  while (hn > 0) {
    int o = heap[0];
    heap[0] = heap[--hn];
    for (int i = 0;;) {
      int l = 2 * i + 1, r = l + 1, s = i;
      if (l < hn && heap[l] < heap[s]) s = l;
      if (r < hn && heap[r] < heap[s]) s = r;
      if (s == i) break;
      int t = heap[i]; heap[i] = heap[s]; heap[s] = t; i = s;
    }
    m->obj_order[done++] = o;
    for (int e = head[o]; e >= 0; e = next[e])
      if (--indeg[to[e]] == 0) PUSH(to[e]);
  }
#undef PUSH
  free(indeg); free(head); free(next); free(to); free(heap);
  return done == n;
}

/* Formulas after the measures they read: a DFS post-order over formula
 * references (acyclic: E070). */
static void measure_order(Lower *L) {
  SimModel *m = L->m;
  int n = m->nmeas, done = 0;
  unsigned char *state = calloc((size_t)n + 1, 1);
  int *stack = malloc(sizeof(int) * ((size_t)n + 1));
  if (!state || !stack) abort();
  for (int s = 0; s < n; s++) {
    if (state[s]) continue;
    /* iterative: push s, visit its formula's loads */
    int sp = 0;
    stack[sp++] = s;
    state[s] = 1;
    while (sp > 0) {
      int k = stack[sp - 1];
      const SimMeasure *sm = &m->meas[k];
      bool pushed = false;
      if (sm->formula >= 0) {
        const SimFormula *f = &m->forms[sm->formula];
        for (int i = f->first; i < f->first + f->count && !pushed; i++) {
          const SimOp *op = &m->ops[i];
          if ((op->op == FOP_LOAD || op->op == FOP_PREV) && !state[op->n]) {
            state[op->n] = 1;
            stack[sp++] = op->n;
            pushed = true;
          }
        }
      }
      if (!pushed) {
        m->meas_order[done++] = k;
        sp--;
      }
    }
  }
  free(state);
  free(stack);
}

/* ---- the per-period plan table (docs/simulation.md §3) ------------------- */

/* Whether period t ends a period of k's frequency: a measure taken less
 * often than the cadence gets a new value only there, as scoring places a
 * value in the period its last month falls in (docs/semantics.md §2.2). */
static bool new_value_at(const Lower *L, const KR *k, int t) {
  int fm = sema_period_months(k->freq_eff);
  if (fm <= L->cm) return true;
  return (L->h_start + (t + 1) * L->cm) % fm == 0;   /* the next month starts a period of fm */
}

/* Whether the plan runs as one straight segment from anchor period s to d. */
static bool plan_straight(const Plan *pl, int s, int d) {
  if (pl->step) return false;
  for (int j = 0; j < pl->n; j++)
    if (pl->a[j].at > s && pl->a[j].at < d) return false;
  return true;
}

/* path[t] of measure sm (simir.h): a KR with a progress line, or a
 * milestone, follows its plan: from the horizon's start the planned
 * progress itself, plan(t); restarted at the decision period a, the rest
 * of the plan rescaled to run from a to the due period,
 * (plan(t) - plan(a)) / (1 - plan(a)).  Where that rest is one straight
 * segment, and for everything else (a binary KR, a KPI), it is the
 * straight line sim_ramp, computed in that form (so a plan without points
 * gives the numbers the line always gave, bit for bit).  mplan[t] gets the
 * KR's planned score, clamp(plan(t), 0, 1), as scoring computes it. */
static void lower_plan(Lower *L, const KR *k, const SimMeasure *sm, double *path, double *mplan) {
  int T = L->m->T;
  bool kr = k->h.kind == ND_KR;
  Plan pl = {0};
  double lo, hi;
  if (kr) plan_kr(k, k->start_i, sm->due, &pl);
  bool planned = kr && (plan_line(k, &lo, &hi) || sm->kind == SK_MILESTONE);
  double pa = planned && sm->start >= 0 ? plan_at(&pl, sm->start) : 0.0;
  bool straight = !planned || (sm->start >= 0 && plan_straight(&pl, sm->start, sm->due));
  for (int t = 0; t < T; t++) {
    mplan[t] = kr ? score_clamp(plan_at(&pl, t), 0.0, 1.0) : 0.0;
    if (straight || t >= sm->due) path[t] = sim_ramp(t, sm->start, sm->due);
    else if (sm->start < 0) path[t] = plan_at(&pl, t);
    else if (t <= sm->start || pa >= 1.0) path[t] = t <= sm->start ? 0.0 : 1.0;
    else path[t] = (plan_at(&pl, t) - pa) / (1.0 - pa);
  }
  if (kr) plan_free(&pl);
}

/* Whether a FOP_PREV op has a value in period t: the period it reads is
 * in the horizon and its measure shows a value there (semantics.md §3.1:
 * else the formula has no data, "no earlier value"). */
static bool prev_has(const SimModel *m, const SimOp *op, int t) {
  int back = t - op->back;
  return back >= 0 && m->src[(size_t)op->n * m->T + back] >= 0;
}

/* src[t] of measure ki (simir.h), its inputs' rows already filled (ki in
 * meas_order): no data outside its own periods; up to the decision period,
 * for a measure measured by then, no data before its first actual and its
 * fixed value from it on (the actual, or the last one: the simulation
 * starts from what is known); after it, and for a measure not measured by
 * then, a new value in
 * each period that ends a period of its frequency, carried (its age
 * counted from the value's period, as scoring counts it) for up to its
 * carry limit, then no data.  A formula has a value where all it reads has
 * one, and up to the decision period wherever scoring has one (its). */
static void lower_src(Lower *L, const KR *k, int ki) {
  SimModel *m = L->m;
  int T = m->T, a = m->decided, lastm = -1;
  const SimMeasure *sm = &m->meas[ki];
  int *src = &m->src[(size_t)ki * T];
  for (int t = 0; t < T; t++) {
    int s = -1;
    if (t < k->start_i || t > k->end_i) {
      s = -1;
    } else if (sm->formula >= 0) {
      const SimFormula *f = &m->forms[sm->formula];
      s = t;
      for (int i = f->first; i < f->first + f->count; i++)
        if (m->ops[i].op == FOP_LOAD && m->src[(size_t)m->ops[i].n * T + t] < 0) s = -1;
        else if (m->ops[i].op == FOP_PREV && !prev_has(m, &m->ops[i], t)) s = -1;
      if (t <= a && result_at(L, k, t)->has) s = t;   /* scoring's value (fixed[]) */
    } else if (t <= a && sm->nfix > 0) {
      const ScoreResult *r = result_at(L, k, t);
      if (r->has && r->age == 0) lastm = t;
      if (r->has || lastm >= 0) s = t;         /* after its first actual: held (fixed[]) */
    } else if (k->h.kind == ND_KPI && sm->input < 0 && sm->nfix == 0 && isnan(sm->outcome)) {
      s = -1;                                  /* a KPI with no forecast, actual or baseline: no value */
    } else if (new_value_at(L, k, t)) {
      s = t;
      lastm = t;
    } else if (t > 0 && src[t - 1] >= 0 && lastm >= 0 && t - lastm <= k->carry_n) {
      s = src[t - 1];
    }
    src[t] = s;
  }
}

/* ---- scoring modes as segments (simir.h SimSeg) ---------------------------- */

/* Doubles in their order as unsigned integers (no NaN in between). */
static uint64_t dkey(double x) {
  uint64_t b;
  memcpy(&b, &x, sizeof b);
  return b >> 63 ? ~b : b | (1ULL << 63);
}
static double dunkey(uint64_t k) {
  uint64_t b = k >> 63 ? k & ~(1ULL << 63) : ~k;
  double x;
  memcpy(&x, &b, sizeof x);
  return x;
}

/* The least double v with score_value_cmp(v, y) >= want (0: v reaches y
 * as printed, 1: v is past it): the comparison of semantics.md §6.2 grows
 * with v, so it is found by bisection over the doubles' order, once, as
 * green_at is, and the evaluators compare raw values with it. */
static double least_cmp(double y, int want) {
  uint64_t lo = dkey(-INFINITY), hi = dkey(INFINITY);
  /* it turns within a printed unit of y (two decimals or finer: 0.005):
   * search there first, the whole line when that bracket does not hold */
  double a = y - (fabs(y) * 1e-9 + 0.02), b = y + (fabs(y) * 1e-9 + 0.02);
  if (score_value_cmp(a, y) < want && score_value_cmp(b, y) >= want) { lo = dkey(a); hi = dkey(b); }
  while (hi - lo > 1) {
    uint64_t mid = lo + (hi - lo) / 2;
    if (score_value_cmp(dunkey(mid), y) >= want) hi = mid; else lo = mid;
  }
  return dunkey(hi);
}

/* least_cmp through a small cache: KPIs of one file share thresholds. */
static double least_cmp_cached(Lower *L, double y, int want) {
  uint64_t h;
  memcpy(&h, &y, sizeof h);
  h = (h ^ (h >> 29) ^ (uint64_t)want) * 0x9E3779B97F4A7C15ULL;
  int n = (int)(sizeof L->cmp_cache / sizeof *L->cmp_cache);
  CmpMemo *e = &L->cmp_cache[h >> 56 & (uint64_t)(n - 1)];
  if (!e->set || e->y != y || e->want != want) {
    e->y = y; e->want = want; e->at = least_cmp(y, want); e->set = true;
  }
  return e->at;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static void seg_push(Lower *L, SimSeg g) {
  if (L->nsegs == L->capsegs) {
    L->capsegs = L->capsegs ? 2 * L->capsegs : 64;
    L->segs = bsc_realloc(L->segs, sizeof(SimSeg) * (size_t)L->capsegs);
  }
  L->segs[L->nsegs++] = g;
}

/* The points of quickscore and band (score_points over the anchors qs_x,
 * qs_p): p0 up to the first anchor, linear from each anchor to the next
 * (a zero-width piece dropped: the later anchor wins there, as in
 * score_points), the last anchor's points from it on. */
static void segs_points(Lower *L, const KR *k) {
  const double *x = k->qs_x, *p = k->qs_p;
  int n = k->qs_n;
  seg_push(L, (SimSeg){ .lo = -INFINITY, .c = p[0] / 10.0 });
  for (int a = 0; a + 1 < n; a++)
    if (x[a + 1] > x[a])
      seg_push(L, (SimSeg){ .lo = x[a], .c = p[a], .x = x[a], .dp = p[a + 1] - p[a], .dx = x[a + 1] - x[a], .lin = true });
  seg_push(L, (SimSeg){ .lo = x[n - 1], .c = p[n - 1] / 10.0 });
}

/* A mode whose score is a step function of the value (health against the
 * threshold in force in period t and its warning level, stay within,
 * milestone, status rules): it can change only where a comparison with
 * one of its values changes, as printed (least_cmp) or raw (a
 * milestone's steps); between those points it is scoring's own score
 * (score_kpi_at) at the point, equal neighbours merged. */
typedef double (*SegScore)(Lower *L, const KR *k, int t, double v);
static void segs_cut(Lower *L, const KR *k, int t, double *ys, int ny, SegScore score);

static double kpi_score_at(Lower *L, const KR *k, int t, double v) {
  ScoreResult r;
  score_kpi_at(L->sc, k, t, v, &r);
  return r.score;
}

static double maintain_score_at(Lower *L, const KR *k, int t, double v) {
  (void)t;
  return score_maintain_at(L->sc, k, v);
}

static void segs_steps(Lower *L, const KR *k, int t) {
  ScoreResult r;
  score_kpi_at(L->sc, k, t, 0.0, &r);
  double *ys = bsc_malloc(sizeof(double) * (size_t)(6 + 2 * k->nmitems));
  int ny = 0;
  ys[ny++] = r.threshold; ys[ny++] = r.warn_at; ys[ny++] = k->warn_v;
  ys[ny++] = k->base_v; ys[ny++] = k->target_v;
  if (k->type && k->type->kind == TY_MILESTONE) ys[ny++] = (double)k->type->steps;
  for (int i = 0; i < k->nmitems; i++) {
    ys[ny++] = k->mitems[i].a_v;
    ys[ny++] = k->mitems[i].b_v;
  }
  segs_cut(L, k, t, ys, ny, kpi_score_at);
  free(ys);
}

/* The segments of a step function of the value whose comparisons are with
 * ys[0 .. ny) (sorted here): it can change only where one of them changes,
 * as printed (least_cmp); between those points it is scoring's own score
 * there (score(L, k, t, v)), equal neighbours merged. */
static void segs_cut(Lower *L, const KR *k, int t, double *ys, int ny, SegScore score) {
  qsort(ys, (size_t)ny, sizeof *ys, cmp_double);
  double *bp = bsc_malloc(sizeof(double) * (size_t)(3 * ny + 1));
  int nb = 0;
  for (int i = 0; i < ny; i++) {
    if (!isfinite(ys[i]) || (i > 0 && ys[i] == ys[i - 1])) continue;
    bp[nb++] = ys[i];
    bp[nb++] = least_cmp_cached(L, ys[i], 0);
    bp[nb++] = least_cmp_cached(L, ys[i], 1);
  }
  qsort(bp, (size_t)nb, sizeof *bp, cmp_double);
  SimSeg g = { .lo = -INFINITY, .c = score(L, k, t, -INFINITY) };
  seg_push(L, g);
  for (int i = 0; i < nb; i++) {
    if (i > 0 && bp[i] == bp[i - 1]) continue;
    double c = score(L, k, t, bp[i]);
    if (c == L->segs[L->nsegs - 1].c) continue;
    seg_push(L, (SimSeg){ .lo = bp[i], .c = c });
  }
  free(bp);
}

/* A maintained KR's score as a step function of its value (semantics.md
 * §4.1): healthy 1, warning the yellow line, breached 0, every comparison
 * with its threshold (or band) and warning level as printed; one row for
 * every period (it has no plan). */
static void lower_maintain_segs(Lower *L, const KR *k, int ki) {
  SimModel *m = L->m;
  double ys[3] = { k->target_v, k->warn ? k->warn_v : k->target_v, k->spec == SPEC_WITHIN ? k->base_v : k->target_v };
  int first = L->nsegs;
  segs_cut(L, k, 0, ys, 3, maintain_score_at);
  for (int t = 0; t < m->T; t++) {
    m->seg_first[(size_t)ki * m->T + t] = first;
    m->seg_n[(size_t)ki * m->T + t] = L->nsegs - first;
  }
}

/* The segment rows and planned scores of a scored KPI, measure ki: a row
 * per period where its threshold follows a plan, else one row shared by
 * every period; mplan is scoring's planned score for the KPI. */
static void lower_segs(Lower *L, const KR *k, int ki) {
  SimModel *m = L->m;
  int T = m->T;
  const SimMeasure *sm = &m->meas[ki];
  bool per_period = k->mode == KM_HEALTH && k->nplan > 0;
  for (int t = 0; t < T; t++) {
    ScoreResult r;
    score_kpi_at(L->sc, k, t, 0.0, &r);
    m->mplan[(size_t)ki * T + t] = r.expected;
    if (sm->kind != SK_SEG) continue;
    size_t at = (size_t)ki * T + t;
    if (t > 0 && !per_period) {
      m->seg_first[at] = m->seg_first[at - 1];
      m->seg_n[at] = m->seg_n[at - 1];
      continue;
    }
    m->seg_first[at] = L->nsegs;
    if (k->mode == KM_QUICKSCORE || k->mode == KM_BAND) segs_points(L, k);
    else segs_steps(L, k, t);
    m->seg_n[at] = L->nsegs - m->seg_first[at];
  }
}

/* The least Q at which an objective is green in the last period: the
 * status rule of scoring (score_status: on the printed hundredths S of
 * the score and P of the plan, green when 100 S >= f P, f = 100 committed,
 * else the green threshold's hundredths; when nothing is planned, P = 0,
 * green at S = 100) needs S >= need; S grows with Q, so the least such
 * double is found by bisection over the bit patterns of 0 .. 2 and the
 * evaluators compare Q with it, as they compared it with the threshold.
 * P and G are the plan's and the green threshold's hundredths. */
static long green_need(long P, bool committed, long G) {
  long f = committed ? 100 : G;
  return P <= 0 ? 100 : (f * P + 99) / 100;
}

/* score_cents (a `%.2f` by snprintf, ~1,500 instructions) of the values a
 * model's objectives share (their last plans are a handful of doubles):
 * remembered by bit pattern, direct-mapped; the same results exactly. */
typedef struct CentsMemo { uint64_t key[64]; long val[64]; bool used[64]; } CentsMemo;
static long cents_memo(CentsMemo *c, double x) {
  uint64_t b;
  memcpy(&b, &x, sizeof b);
  unsigned i = (unsigned)(hash_word(0, b) >> 58);
  if (!c->used[i] || c->key[i] != b) { c->key[i] = b; c->val[i] = score_cents(x); c->used[i] = true; }
  return c->val[i];
}

/* The least double of 0 .. 2 whose hundredths reach need (> 0): it
 * depends on need alone, so lower_tables keeps one per need (a company's
 * objectives share a handful: 25,000 bisections of 62 `%.2f` each were a
 * third of lowering 100,000 KRs). */
static double least_with_cents(long need) {
  double x0 = 0.0, x1 = 2.0;
  uint64_t lo, hi;
  memcpy(&lo, &x0, sizeof lo);
  memcpy(&hi, &x1, sizeof hi);
  while (hi - lo > 1) {
    uint64_t mid = lo + (hi - lo) / 2;
    double x;
    memcpy(&x, &mid, sizeof x);
    if (score_cents(x) >= need) hi = mid; else lo = mid;
  }
  memcpy(&x1, &hi, sizeof x1);
  return x1;
}

/* The table: path and src of every measure, then per period which
 * objectives have data and their plans (children first, as scoring
 * aggregates them: over the items with data), then green_at. */
static void lower_tables(Lower *L, const KR **meas) {
  SimModel *m = L->m;
  int T = m->T;
  size_t nm = (size_t)m->nmeas * T, no = (size_t)m->nobjs * T;
  m->path = arena_alloc(L->a, sizeof(double) * (nm + 1));
  m->mplan = arena_alloc(L->a, sizeof(double) * (nm + 1));
  m->src = arena_alloc(L->a, sizeof(int) * (nm + 1));
  m->ohas = arena_alloc(L->a, no + 1);
  m->oplan = arena_alloc(L->a, sizeof(double) * (no + 1));
  m->seg_first = arena_alloc(L->a, sizeof(int) * (nm + 1));
  m->seg_n = arena_alloc(L->a, sizeof(int) * (nm + 1));
  memset(m->seg_first, 0, sizeof(int) * (nm + 1));
  memset(m->seg_n, 0, sizeof(int) * (nm + 1));
  for (int i = 0; i < m->nmeas; i++) {
    int ki = m->meas_order[i];
    lower_plan(L, meas[ki], &m->meas[ki], &m->path[(size_t)ki * T], &m->mplan[(size_t)ki * T]);
    if (meas[ki]->h.kind == ND_KPI && score_kpi_scored(meas[ki])) lower_segs(L, meas[ki], ki);
    else if (m->meas[ki].kind == SK_SEG) lower_maintain_segs(L, meas[ki], ki);
    lower_src(L, meas[ki], ki);
  }
  m->nsegs = L->nsegs;
  m->segs = arena_alloc(L->a, sizeof(SimSeg) * ((size_t)L->nsegs + 1));
  if (L->nsegs) memcpy(m->segs, L->segs, sizeof(SimSeg) * (size_t)L->nsegs);
  free(L->segs);
  for (int t = 0; t < T; t++)
    for (int i = 0; i < m->nobjs; i++) {
      int oi = m->obj_order[i];
      const SimObj *o = &m->objs[oi];
      RollupMean a = {0};          /* its plan: scoring's mean of the items' plans (no scores yet) */
      /* its KRs, then the aligned objectives that count in it (child_w) */
      for (int j = o->kr_first; j < o->kr_first + o->kr_count; j++) {
        int ki = m->kr_list[j];
        rollup_add(&a, m->meas[ki].weight, m->src[(size_t)ki * T + t] >= 0, 0.0, m->mplan[(size_t)ki * T + t]);
      }
      for (int j = o->child_first; j < o->child_first + o->child_count; j++) {
        int c = m->child_list[j];
        rollup_add(&a, m->child_w[j], m->ohas[(size_t)c * T + t], 0.0, m->oplan[(size_t)c * T + t]);
      }
      m->ohas[(size_t)oi * T + t] = a.nd > 0;
      m->oplan[(size_t)oi * T + t] = a.nd > 0 && a.den > 0.0 ? a.enu / a.den : 0.0;
    }
  double memo[201];            /* by need; 0 .. 2 reach at most 200 hundredths */
  for (int i = 0; i <= 200; i++) memo[i] = -1.0;
  CentsMemo *cm = bsc_calloc(1, sizeof *cm);
  long G = score_cents(m->green);
  for (int o = 0; o < m->nobjs; o++) {
    long need = green_need(cents_memo(cm, m->oplan[(size_t)o * T + T - 1]), m->objs[o].committed, G);
    double x = 0.0;
    if (need > 200) x = least_with_cents(need);
    else if (need > 0) x = memo[need] >= 0.0 ? memo[need] : (memo[need] = least_with_cents(need));
    m->objs[o].green_at = x;
  }
  free(cm);
}

/* One node per strategic theme (semantics.md §5.3), after the objectives:
 * its objectives as children (lower_rollup), aspirational, in no
 * perspective and linked to nothing, so the engines score it as any
 * roll-up and count its greens, and the scorecard does not read it
 * (docs/simulation.md §3.5). */
static void lower_themes(Lower *L) {
  SimModel *m = L->m;
  for (int i = 0; i < m->nthemes; i++) {
    const Theme *th = L->p->themes.items[i];
    SimObj *so = &m->objs[m->theme_first + i];
    memset(so, 0, sizeof *so);
    so->name = th->name.name;
    so->weight = 1.0;
  }
}

static bool same_dist(const Dist *d, const Dist *e) {
  return d->kind == e->kind && !memcmp(d->p, e->p, sizeof d->p);
}

/* Every input at its exact median (the reference run).  The median is a
 * pure function of the distribution's kind and parameters, and a PERT or
 * Beta median costs a bisection on the incomplete beta function, so inputs
 * with the same parameters, bit for bit, share one (a generated company of
 * 100,000 forecast KRs has a few distinct ones: 1.8 G instructions were
 * spent recomputing them). */
static void reference_inputs(const SimModel *m, double *x) {
  size_t cap = 16;
  while (cap < 2 * (size_t)m->ninputs) cap *= 2;
  int *slot = bsc_malloc(sizeof(int) * cap);
  for (size_t j = 0; j < cap; j++) slot[j] = -1;
  for (int i = 0; i < m->ninputs; i++) {
    const Dist *d = &m->inputs[i].dist;
    uint64_t h = 0xCBF29CE484222325ULL ^ (uint64_t)(unsigned)d->kind;
    for (int k = 0; k < 3; k++) {
      uint64_t w;
      memcpy(&w, &d->p[k], sizeof w);
      h = (h ^ w) * 0x100000001B3ULL;
      h ^= h >> 29;
    }
    size_t j = (size_t)h & (cap - 1);
    while (slot[j] >= 0 && !same_dist(&m->inputs[slot[j]].dist, d)) j = (j + 1) & (cap - 1);
    if (slot[j] >= 0) { x[i] = x[slot[j]]; continue; }
    slot[j] = i;
    x[i] = rt_dist_quantile(d, 0.5);
  }
  free(slot);
}

SimModel *sim_lower(Program *p, const ScoreCard *sc, char **err) {
  return sim_lower_with(p, sc, NULL, err);
}

/* A funding level's effect: the written distribution scaled by f >= 0 (a
 * location-scale family scales all its parameters; Beta its scale p[2]).
 * A bernoulli draw (0 or 1) has no scaled form: false. */
static bool dist_scale(Dist *d, double f) {
  if (f == 0.0) { *d = (Dist){ .kind = DIST_CONST }; return true; }
  switch (d->kind) {
  case DIST_BERNOULLI: return false;
  case DIST_BETA: d->p[2] = d->p[2] * f; return true;
  default:
    for (int i = 0; i < 3; i++) d->p[i] = d->p[i] * f;
    return true;
  }
}

/* The effects in money (docs/simulation.md §12): an effect that can act on
 * a KR whose unit is the costs' currency, at its expected shift, signed so
 * that a gain is positive (a lower-is-better KR gains by going down). */
static void lower_money(Lower *L, const KR **meas) {
  SimModel *m = L->m;
  size_t cap = 1;
  for (int j = 0; j < m->neffs; j++) cap += (size_t)(m->effs[j].lag_input >= 0 ? m->effs[j].lag_hi - m->effs[j].lag + 1 : 1);
  m->money = arena_alloc(L->a, sizeof(SimMoney) * cap);
  /* grouped by initiative, then by measure and effect in order: a stable
   * counting sort of the (measure, effect) walk, linear where a walk of
   * every measure for every initiative was quadratic (3.5 s of lowering
   * at 100,000 KRs) */
  int *at = bsc_calloc((size_t)m->ninits + 1, sizeof(int));
  for (int pass = 0; pass < 2; pass++) {
    for (int k = 0; m->currency && k < m->nmeas; k++) {
      const KR *kr = meas[k];
      const SimMeasure *sk = &m->meas[k];
      if (!kr->type || kr->type->kind != TY_CURRENCY || strcmp(kr->type->code, m->currency)) continue;
      for (int j = sk->eff_first; j < sk->eff_first + sk->eff_count; j++) {
        const SimEffect *e = &m->effs[j];
        if (e->init < 0 || e->init >= m->ninits || e->at >= m->T) continue;
        int nl = e->lag_input < 0 ? 1 : e->lag_hi - e->lag + 1;
        if (pass == 0) { at[e->init + 1] += nl; continue; }
        double x = e->input >= 0 ? rt_dist_mean(&m->inputs[e->input].dist) : e->value;
        if (e->relative) x = x * sk->base;
        if (kr->dir_eff == DIR_DECREASE) x = -x;
        int *n = &at[e->init];
        if (e->lag_input < 0) { m->money[(*n)++] = (SimMoney){ .meas = k, .per_period = x, .at = e->at }; continue; }
        /* a drawn lag (§15): each of its N lags, 1/N of the shift from its own first period */
        for (int lag = e->lag; lag <= e->lag_hi; lag++)
          m->money[(*n)++] = (SimMoney){ .meas = k, .per_period = x / nl, .at = effect_at(m, sk, lag) };
      }
    }
    if (pass == 1) break;
    for (int i = 0; i < m->ninits; i++) {
      at[i + 1] += at[i];
      m->inits[i].money_first = at[i];
      m->inits[i].money_count = at[i + 1] - at[i];
    }
    m->nmoney = at[m->ninits];
  }
  free(at);
}

SimModel *sim_lower_with(Program *p, const ScoreCard *sc, const SimLowerOptions *opt, char **err) {
  Arena *a = bsc_malloc(sizeof(Arena));
  arena_init(a);
  SimModel *m = arena_alloc(a, sizeof *m);
  m->arena = a;
  Lower L = { .p = p, .sc = sc, .m = m, .a = a, .tt = &p->sema->tt };
  m->T = sc->nperiods > 0 ? sc->nperiods : 1;
  m->green = sc->green;
  m->yellow = sc->yellow;
  m->decided = sc->as_of < 0 ? 0 : sc->as_of >= m->T ? m->T - 1 : sc->as_of;
  m->decided_default = sc->as_of_default;
  m->hold = opt && opt->hold;
  if (sc->nperiods > 0) {
    L.h_start = sema_period_start(sc->periods[0]);
    L.cm = sema_period_months(sc->periods[0].kind);
  }

  /* measures: KRs, then KPIs */
  int nkrs = p->krs.len, nkpis = p->kpis.len;
  m->nmeas = nkrs + nkpis;
  m->meas = arena_alloc(a, sizeof(SimMeasure) * ((size_t)m->nmeas + 1));
  const KR **meas = bsc_malloc(sizeof(KR *) * ((size_t)m->nmeas + 1));
  Vec forms = {0};
  for (int i = 0; i < nkrs; i++) meas[i] = p->krs.items[i];
  for (int i = 0; i < nkpis; i++) meas[nkrs + i] = p->kpis.items[i];
  for (int i = 0; i < m->nmeas; i++) lower_measure(&L, meas[i], &m->meas[i], &forms);

  /* initiatives and their effects, grouped by measure in written order.
   * A cancelled initiative is gone; a done one is in every portfolio with
   * its cost sunk; any other costs what is left of it (simulation.md §13).
   * An open initiative with funding levels (docs/language.md §10) becomes
   * one decision per level, its written 100 % first, each with its cost
   * and its effects scaled, mutually exclusive (one group). */
  int nvar = 0, ngroups = 0;
  for (int i = 0; i < p->initiatives.len; i++) {
    const Initiative *in = p->initiatives.items[i];
    if (in->status == INIT_CANCELLED) continue;
    nvar += 1 + (in->status == INIT_DONE ? 0 : in->nlevels);
    ngroups++;
  }
  m->ninits = nvar;
  m->ngroups = ngroups;
  m->inits = arena_alloc(a, sizeof(SimInit) * ((size_t)nvar + 1));
  const Initiative **vsrc = bsc_malloc(sizeof(Initiative *) * ((size_t)nvar + 1));
  double *vscale = bsc_malloc(sizeof(double) * ((size_t)nvar + 1));
  int neff = 0, vi = 0, gi = 0;
  for (int i = 0; i < p->initiatives.len; i++) {
    const Initiative *in = p->initiatives.items[i];
    if (in->status == INIT_CANCELLED) continue;
    bool done = in->status == INIT_DONE;
    for (int l = -1; l < (done ? 0 : in->nlevels); l++, vi++) {
      SimInit *si = &m->inits[vi];
      const FundLevel *fl = l >= 0 ? &in->levels[l] : NULL;
      si->name = fl ? arena_printf(a, "%s@%.15g%%", in->name.name, fl->at_v * 100.0) : in->name.name;
      si->fixed = done;
      si->spent = in->spent_v;
      double left = (fl ? fl->cost_v : in->cost_v) - in->spent_v;
      si->cost = done || !(left > 0) ? 0.0 : left;
      si->group = gi;
      si->level = fl ? fl->at_v : 1.0;
      /* the written cost's forecast is of the written size: the 100 % decision's */
      si->uncertain = !done && !fl && in->cost_forecast && in->cost_d.kind != DIST_CONST;
      si->cost_dist = si->uncertain ? in->cost_d : (Dist){ .kind = DIST_CONST, .p = { si->cost } };
      if (si->uncertain) {
        si->cost_d = rt_dist_lower(&in->cost_d);
        char *stream = arena_printf(a, "cost:%s", in->name.name);
        si->cost_stream = hash_bytes(stream, strlen(stream));
      }
      vsrc[vi] = in;
      vscale[vi] = fl ? fl->by_v : 1.0;
      for (int j = 0; j < in->neffects; j++) if (in->effects[j].target) neff++;
    }
    gi++;
    if (in->cost && in->cost->type && in->cost->type->kind == TY_CURRENCY) {
      const char *cur = in->cost->type->code;
      if (!m->currency) m->currency = cur;
      else if (strcmp(m->currency, cur))
        fail(&L, "initiative `%s` costs %s but others cost %s: a portfolio's cost needs one currency",
             in->name.name, cur, m->currency);
    }
  }
  m->neffs = neff;
  m->effs = arena_alloc(a, sizeof(SimEffect) * ((size_t)neff + 1));
  int *count = calloc((size_t)m->nmeas + 1, sizeof(int));
  if (!count) abort();
  for (int v = 0; v < nvar; v++) {
    const Initiative *in = vsrc[v];
    for (int j = 0; j < in->neffects; j++)
      if (in->effects[j].target) count[measure_index(&L, in->effects[j].target)]++;
  }
  int pos = 0;
  for (int k = 0; k < m->nmeas; k++) { m->meas[k].eff_first = pos; pos += count[k]; m->meas[k].eff_count = 0; }
  for (int v = 0; v < nvar; v++) {
    const Initiative *in = vsrc[v];
    for (int j = 0; j < in->neffects; j++) {
      const Effect *ef = &in->effects[j];
      if (!ef->target) continue;
      int k = measure_index(&L, ef->target);
      SimEffect *se = &m->effs[m->meas[k].eff_first + m->meas[k].eff_count++];
      se->init = v;
      se->relative = ef->relative;
      se->lag = ef->lag_periods;
      se->at = effect_at(m, &m->meas[k], se->lag);
      se->input = -1;
      se->lag_input = -1;
      se->lag_hi = ef->lag_hi_periods;
      if (se->lag_hi > se->lag && se->at < m->T)
        se->lag_input = lag_input(&L, se->lag, se->lag_hi,
                                  arena_printf(a, "effect-lag:%s:%s:%d", in->name.name, ef->target->name.name, j),
                                  arena_printf(a, "%s -> %s lag", m->inits[v].name, ef->target->name.name));
      Dist d = ef->by_d;
      if (vscale[v] != 1.0 && !dist_scale(&d, vscale[v]))
        fail(&L, "`%s` scales the effect of `%s` on `%s`, a bernoulli draw, which cannot be scaled: "
                 "give that level `by 0%%` or `by 100%%`, or the effect another distribution",
             m->inits[v].name, in->name.name, ef->target->name.name);
      if (se->at >= m->T) se->value = 0.0;     /* it cannot act: nothing to draw */
      else if (d.kind == DIST_CONST) se->value = d.p[0];
      else {
        /* every level draws from the written effect's stream: common random numbers across levels */
        char *stream = arena_printf(a, "effect:%s:%s:%d", in->name.name, ef->target->name.name, j);
        char *nm = arena_printf(a, "%s -> %s", m->inits[v].name, ef->target->name.name);
        se->input = add_input(&L, &d, stream, nm);
      }
    }
  }
  free(vsrc);
  free(vscale);
  free(count);

  /* objectives: KR lists, children, incoming links */
  int no = p->objectives.len;
  /* then one node per strategic theme (lower_themes) */
  m->theme_first = no;
  m->nthemes = p->themes.len;
  m->nobjs = no + m->nthemes;
  m->objs = arena_alloc(a, sizeof(SimObj) * ((size_t)m->nobjs + 1));
  m->obj_order = arena_alloc(a, sizeof(int) * ((size_t)m->nobjs + 1));
  for (int i = 0; i < no; i++) {
    const Objective *o = p->objectives.items[i];
    SimObj *so = &m->objs[i];
    so->name = o->name.name;
    so->weight = o->weight_v;
    so->committed = o->commit == COMMIT_COMMITTED;
    so->top = o->parent == NULL;
  }
  lower_themes(&L);
  lower_rollup(&L);
  /* links into each objective, in file order */
  int nl = p->links.len;
  m->links = arena_alloc(a, sizeof(SimLink) * ((size_t)nl + 1));
  int *lc = calloc((size_t)no + 1, sizeof(int));
  if (!lc) abort();
  for (int i = 0; i < nl; i++) {
    const Link *l = p->links.items[i];
    if (l->src && l->dst) lc[l->dst->index]++;
  }
  int lp = 0;
  for (int i = 0; i < no; i++) { m->objs[i].link_first = lp; lp += lc[i]; m->objs[i].link_count = 0; }
  for (int i = 0; i < nl; i++) {
    const Link *l = p->links.items[i];
    if (!l->src || !l->dst) continue;
    SimObj *so = &m->objs[l->dst->index];
    SimLink *sl = &m->links[so->link_first + so->link_count++];
    sl->src = l->src->index;
    sl->strength = l->strength_v;
    sl->lag = l->lag_periods;
    lower_link_draws(&L, l, sl, so->link_first + so->link_count - 1);
  }
  m->nlinks = lp;
  for (int j = 0; m->link_dist && j < lp; j++)   /* the numbers as constants */
    if (m->link_dist[j].kind == DIST_CONST) m->link_dist[j].p[0] = m->links[j].strength;
  free(lc);
  if (!objective_order(&L))
    fail(&L, "an objective rolls up an aligned objective that it also drives with a zero-lag link; give the link a lag");
  /* emptiness, in one pass: the order puts the children an objective
   * rolls up before it; empty is no KRs and no non-empty child */
  for (int k = 0; !L.err && k < m->nobjs; k++) {
    SimObj *so = &m->objs[m->obj_order[k]];
    so->empty = so->kr_count == 0;
    for (int j = so->child_first; so->empty && j < so->child_first + so->child_count; j++)
      if (!m->objs[m->child_list[j]].empty) so->empty = false;
  }

  /* perspectives: their top-level, non-empty objectives */
  /* An OKR-first file (no perspective) is one perspective of weight 1
   * holding its top-level objectives: w*x/w is x exactly, so the total is
   * the weighted mean of the objectives, bit for bit with score.c. */
  bool okr = p->strategy && p->strategy->okr_first;
  int npz = okr ? 1 : p->perspectives.len;
  m->npersps = npz;
  m->persps = arena_alloc(a, sizeof(SimPersp) * ((size_t)npz + 1));
  m->persp_objs = arena_alloc(a, sizeof(int) * ((size_t)no + 1));
  int pp = 0;
  for (int i = 0; i < npz; i++) {
    const Perspective *ps = okr ? NULL : p->perspectives.items[i];
    SimPersp *sp = &m->persps[i];
    sp->name = okr ? "objectives" : ps->name.name;
    sp->weight = okr ? 1 : ps->weight_v;
    sp->obj_first = pp;
    for (int j = 0; j < no; j++) {
      const Objective *o = p->objectives.items[j];
      if (rollup_in_perspective(o, ps) && !m->objs[j].empty) m->persp_objs[pp++] = j;
    }
    sp->obj_count = pp - sp->obj_first;
  }
  m->npersp_objs = pp;

  /* formulas, inputs and the evaluation order of measures */
  m->nforms = forms.len;
  m->forms = arena_alloc(a, sizeof(SimFormula) * ((size_t)forms.len + 1));
  for (int i = 0; i < forms.len; i++) m->forms[i] = *(SimFormula *)forms.items[i];
  m->nops = L.ops.len;
  m->ops = arena_alloc(a, sizeof(SimOp) * ((size_t)L.ops.len + 1));
  for (int i = 0; i < L.ops.len; i++) m->ops[i] = *(SimOp *)L.ops.items[i];
  m->nfixed = L.nfixed;
  m->fixed = arena_alloc(a, sizeof(double) * ((size_t)L.nfixed + 1));
  if (L.nfixed) memcpy(m->fixed, L.fixed, sizeof(double) * (size_t)L.nfixed);
  free(L.fixed);
  m->ninputs = L.inputs.len;
  m->inputs = arena_alloc(a, sizeof(SimInput) * ((size_t)L.inputs.len + 1));
  for (int i = 0; i < L.inputs.len; i++) m->inputs[i] = *(SimInput *)L.inputs.items[i];
  /* A measure with no forecast, actual or baseline has no value (NaN): a
   * threshold on it is simply not met, but a formula cannot compute with
   * it, so that is refused rather than simulated as NaN. */
  for (int i = 0; i < m->nops; i++) {
    const SimOp *op = &m->ops[i];
    if (op->op != FOP_LOAD && op->op != FOP_PREV) continue;
    const SimMeasure *k = &m->meas[op->n];
    if (k->formula < 0 && k->input < 0 && k->nfix == 0 && isnan(k->outcome))
      fail(&L, "`%s` is read by a formula but has no forecast, no actual and no baseline; "
               "give it `forecast DIST`, an actual, or `from X`%s", k->name,
           m->hold && k->kind != SK_NONE ? ", or simulate without --hold-unforecast (then it reaches its target)" : "");
  }
  m->meas_order = arena_alloc(a, sizeof(int) * ((size_t)m->nmeas + 1));
  measure_order(&L);
  lower_tables(&L, meas);
  lower_money(&L, meas);
  free(meas);
  /* the reference run: no initiative, every input at its median, no link
   * terms (a deviation from itself is zero) */
  if (!L.err) {
    double *x = bsc_malloc(sizeof(double) * ((size_t)m->ninputs + 1));
    reference_inputs(m, x);
    unsigned char *none = bsc_calloc((size_t)m->ninits + 1, 1), *g = bsc_malloc((size_t)m->nobjs + 1);
    double *work = bsc_malloc(sizeof(double) * interp_work_size(m));
    m->qref = NULL;
    interp_eval(m, none, x, work, g);
    size_t nq = (size_t)m->nobjs * (size_t)m->T;
    m->qref = arena_alloc(a, sizeof(double) * (nq + 1));
    memcpy(m->qref, work + 2 * (size_t)m->nmeas, sizeof(double) * nq);
    free(x); free(none); free(g); free(work);
  }
  m->hash = sim_model_hash(m);
  if (L.err) {
    *err = L.err;
    sim_free(m);
    return NULL;
  }
  return m;
}

void sim_free(SimModel *m) {
  if (!m) return;
  Arena *a = m->arena;
  arena_free(a);
  free(a);
}

/* Every number and index evaluation reads, in a fixed order: the key of
 * the compiled-code cache (with the bscc version and the codegen version:
 * jit.c's cache_key), so whatever changes the generated code or its tables
 * changes it.  A field at a time by hash_word, an array at a time by
 * hash_block (util.h: multiply-rotate, 8 bytes a step; stable across runs
 * and builds).  Byte-wise FNV-1a cost ~40 ms at 100,000 KRs. */
typedef struct Hasher { uint64_t h; } Hasher;
static void hfield(Hasher *H, const void *p, size_t n) {
  if (n > 8) { H->h = hash_block(H->h, p, n); return; }
  uint64_t w = 0;
  memcpy(&w, p, n);
  H->h = hash_word(H->h, w);
}
static void harray(Hasher *H, const void *p, size_t n, size_t size) {
  if (p) H->h = hash_block(H->h, p, n * size);
  else H->h = hash_word(H->h, 0);
}
#define HV(H, x) hfield(H, &(x), sizeof(x))
#define HA(H, a, n) harray(H, (a), (size_t)(n), sizeof *(a))

uint64_t sim_model_hash(const SimModel *m) {
  Hasher H = { 0xCBF29CE484222325ULL };
  HV(&H, m->T); HV(&H, m->green); HV(&H, m->yellow); HV(&H, m->decided);
  HV(&H, m->nfixed);
  HA(&H, m->fixed, m->nfixed);
  HV(&H, m->ninputs);
  for (int i = 0; i < m->ninputs; i++) {
    const RtDist *d = &m->inputs[i].d;
    HV(&H, d->kind); HV(&H, d->a); HV(&H, d->b); HV(&H, d->c); HV(&H, d->d); HV(&H, d->e); HV(&H, d->f);
    HV(&H, m->inputs[i].stream);
  }
  HV(&H, m->nmeas);
  for (int i = 0; i < m->nmeas; i++) {
    const SimMeasure *k = &m->meas[i];
    HV(&H, k->kind); HV(&H, k->has_base); HV(&H, k->base); HV(&H, k->x); HV(&H, k->span);
    HV(&H, k->due); HV(&H, k->input); HV(&H, k->outcome); HV(&H, k->formula);
    HV(&H, k->ramp); HV(&H, k->from); HV(&H, k->start); HV(&H, k->nfix); HV(&H, k->fix_first);
    HV(&H, k->eff_first); HV(&H, k->eff_count); HV(&H, k->weight);
  }
  HA(&H, m->meas_order, m->nmeas);
  size_t nmt = (size_t)m->nmeas * (size_t)m->T, nqt = (size_t)m->nobjs * (size_t)m->T;
  HA(&H, m->path, nmt); HA(&H, m->src, nmt); HA(&H, m->seg_first, nmt); HA(&H, m->seg_n, nmt);
  HV(&H, m->nsegs);
  for (int i = 0; i < m->nsegs; i++) {
    const SimSeg *g = &m->segs[i];
    HV(&H, g->lo); HV(&H, g->c); HV(&H, g->x); HV(&H, g->dp); HV(&H, g->dx); HV(&H, g->lin);
  }
  HA(&H, m->ohas, nqt);
  HV(&H, m->neffs);
  for (int i = 0; i < m->neffs; i++) {
    const SimEffect *e = &m->effs[i];
    HV(&H, e->init); HV(&H, e->input); HV(&H, e->value); HV(&H, e->relative); HV(&H, e->lag); HV(&H, e->at);
    HV(&H, e->lag_input); HV(&H, e->lag_hi);
  }
  HV(&H, m->nops);
  for (int i = 0; i < m->nops; i++) { HV(&H, m->ops[i].op); HV(&H, m->ops[i].n); HV(&H, m->ops[i].c); HV(&H, m->ops[i].back); }
  HV(&H, m->nforms);
  for (int i = 0; i < m->nforms; i++) { HV(&H, m->forms[i].first); HV(&H, m->forms[i].count); HV(&H, m->forms[i].depth); }
  HV(&H, m->nobjs);
  for (int i = 0; i < m->nobjs; i++) {
    const SimObj *o = &m->objs[i];
    HV(&H, o->kr_first); HV(&H, o->kr_count); HV(&H, o->child_first); HV(&H, o->child_count);
    HV(&H, o->link_first); HV(&H, o->link_count); HV(&H, o->weight); HV(&H, o->committed);
    HV(&H, o->empty); HV(&H, o->top); HV(&H, o->green_at);
  }
  HA(&H, m->obj_order, m->nobjs);
  HA(&H, m->kr_list, m->nkr_list);
  HA(&H, m->child_list, m->nchild_list); HA(&H, m->child_w, m->nchild_list);
  HV(&H, m->nlinks);
  for (int i = 0; i < m->nlinks; i++) { HV(&H, m->links[i].src); HV(&H, m->links[i].strength); HV(&H, m->links[i].lag); }
  for (int i = 0; i < m->nlinks; i++) { HV(&H, m->links[i].input); HV(&H, m->links[i].lag_input); HV(&H, m->links[i].lag_hi); }
  HV(&H, m->npersps);
  for (int i = 0; i < m->npersps; i++) { HV(&H, m->persps[i].weight); HV(&H, m->persps[i].obj_first); HV(&H, m->persps[i].obj_count); }
  HA(&H, m->persp_objs, m->npersp_objs);
  HV(&H, m->ninits); HV(&H, m->theme_first); HV(&H, m->nthemes);
  HA(&H, m->qref, nqt);
  return H.h;
}
