/*
 * simir.h - the simulation model in its lowered form: flat arrays of
 * parameters, no AST.  docs/simulation.md defines what it computes.
 *
 * lower.c builds it from a checked Program; interp.c evaluates it (the
 * reference); jit.c compiles it with libgccjit.  Both evaluators implement
 * the same SimBlockFn and must agree bit for bit, so every formula below
 * is written once in interp.c and mirrored operation by operation in
 * jit.c.
 */
#ifndef BSC_SIMIR_H
#define BSC_SIMIR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include "rt.h"

/* How a measure's value becomes a score in 0..1. */
typedef enum {
  SK_NONE,        /* a KPI read by a formula: value only */
  SK_LINEAR,      /* clamp((v - base) / span, 0, 1): range KRs and thresholds with a usable baseline */
  SK_GE, SK_GT,   /* 1 when v >= x (v > x), else 0 */
  SK_LE, SK_LT,   /* 1 when v <= x (v < x), else 0; the lowering gives a KR's strict
                     threshold SK_GE / SK_LE, as scoring reads it (semantics.md §4) */
  SK_MILESTONE,   /* clamp(v / x, 0, 1), x = steps */
  SK_SEG,         /* a scored KPI's mode (semantics.md §7.1): its row of the segment
                     table in period t, sim_seg_score (below) */
} SimScoreKind;

/* One piece of a scoring mode as a function of the value v: from v >= lo
 * (up to the next segment's lo) the score is c, or, when lin, the points
 * of quickscore and band between two anchors, in scoring's own operations
 * (score_points): (c + (dp * (v - x)) / dx) / 10, c the left anchor's
 * points.  lower.c cuts every mode into such pieces, so that a mode is
 * data here and one rule in the evaluators. */
typedef struct SimSeg {
  double lo;
  double c, x, dp, dx;
  bool lin;
} SimSeg;

/* The score of v over segments seg[0 .. n) (lo ascending, seg[0].lo =
 * -inf): the last segment that v reaches; a NaN reaches none and scores
 * 0, as a threshold it cannot meet.  interp.c calls it; jit.c emits the
 * same comparisons from the last segment down and folds constants with
 * it. */
static inline double sim_seg_value(const SimSeg *g, double v) {
  return g->lin ? (g->c + (g->dp * (v - g->x)) / g->dx) / 10.0 : g->c;
}
static inline double sim_seg_score(const SimSeg *seg, int n, double v) {
  for (int j = n - 1; j >= 0; j--)
    if (v >= seg[j].lo) return sim_seg_value(&seg[j], v);
  return 0.0;
}

typedef struct SimInput {
  RtDist d;                  /* lowered distribution (rt.h) */
  uint64_t stream;           /* FNV-1a of its name: "kr:NAME", "effect:INIT:KR:I" */
  const char *name;          /* for reports: "nps_score", "feedback_loop -> cycle" */
  Dist dist;                 /* as written, for quantiles */
} SimInput;

/* The value of a measure k in period t (docs/simulation.md §3), where
 * src = m->src[k * T + t] says which period's value it shows:
 *   src == t:   computed in t (a formula, or):
 *     t < nfix:   fixed[fix_first + t]          (an actual, or held: no draw, no effect)
 *     otherwise:  from + (o - from) * path[k * T + t]   when `ramp`
 *                 o                                    when not
 *   0 <= src < t: carried: the value (and score) it had in period src, effects
 *               included (a measure taken less often than the cadence)
 *   src < 0:    no data: outside its own periods, not measured yet, or
 *               stale beyond its carry limit; it counts in no mean
 * with o = x[input] or `outcome`.  path[] is the plan's share of the way
 * from (start, from) to (due, o), 1 from the due period on; start is -1
 * (from the baseline at the horizon's start) or the decision period (the
 * path restarts from the last actual there). */
typedef struct SimMeasure {
  const char *name;
  SimScoreKind kind;
  bool has_base;
  double base;
  double x;                  /* SK_LINEAR: unused; thresholds: the threshold; milestone: steps */
  double span;               /* SK_LINEAR: target - base */
  int due;                   /* period index, 0..T-1 */
  int input;                 /* index into inputs, or -1: the constant `outcome` */
  double outcome;
  bool ramp;                 /* the path runs from (start, from) to (due, o) */
  double from;
  int start;                 /* -1 or the decision period */
  int nfix, fix_first;       /* periods 0 .. nfix-1 are fixed[fix_first ..] */
  int formula;               /* index into forms, or -1 */
  int eff_first, eff_count;  /* its effects in effs[] */
  double weight;
} SimMeasure;

typedef enum {
  FOP_CONST,                 /* push c */
  FOP_LOAD,                  /* push v[n] */
  FOP_SCALE,                 /* top *= c (a unit conversion) */
  FOP_ADD, FOP_SUB, FOP_MUL,
  FOP_DIV,                   /* 0 when the divisor is 0 */
  FOP_NEG, FOP_ABS,
  FOP_MIN, FOP_MAX, FOP_AVG, /* of the top n values (n >= 1), left to right */
  FOP_PREV,                  /* push the value measure n showed `back` periods earlier
                                (semantics.md §3.1): the lowering gives the formula no data
                                where that period is before the horizon or has none */
  FOP_POW,                   /* pow(a, b) of the top two (libm's, in both engines); 0 when it
                                is not a finite number (r - r != 0), as a division by zero */
} SimOpKind;

typedef struct SimOp {
  SimOpKind op;
  int n;
  double c;
  int back;                  /* FOP_PREV: periods back (>= 1) */
} SimOp;

/* pow's value in the simulation: the engines emit these operations */
static inline double sim_pow(double a, double b) {
  double r = pow(a, b);
  return r - r == 0.0 ? r : 0.0;
}

typedef struct SimFormula {
  int first, count;          /* ops[first .. first + count) */
  int depth;                 /* stack depth it needs */
} SimFormula;

typedef struct SimEffect {
  int init;                  /* the initiative that must be funded */
  int input;                 /* index into inputs, or -1: the constant `value` */
  double value;
  bool relative;             /* shift = x * base */
  int lag;                   /* periods, as written (for reports) */
  int at;                    /* the first period it shifts: decision period + lag, never a
                                fixed period; T when it cannot act (the KR is due before
                                the decision, or fixed) */
  /* an uncertain lag (`lag 1q..3q`, docs/simulation.md §15): the lag is
   * x[lag_input], a whole number from lag to lag_hi (DIST_WHOLE), and the
   * effect shifts period t when also t >= decided + x[lag_input]; at is
   * then the first period of the shortest lag.  -1: the lag is `lag` */
  int lag_input;
  int lag_hi;
} SimEffect;

typedef struct SimLink {
  int src;                   /* objective index */
  double strength;
  int lag;
  /* uncertain (docs/simulation.md §15): the strength is x[input] clamped to
   * -1..1 (sim_strength), the lag x[lag_input], a whole number from lag to
   * lag_hi; -1: the constant strength, lag */
  int input;
  int lag_input;
  int lag_hi;
} SimLink;

/* A drawn strength as the engines use it: clamped to -1..1 */
static inline double sim_strength(double s) {
  return s < -1.0 ? -1.0 : s > 1.0 ? 1.0 : s;
}

typedef struct SimObj {
  const char *name;
  int kr_first, kr_count;    /* its KRs, then its scored KPIs: indices into kr_list (measure
                                indices), as scoring's items (semantics.md §7.1) */
  int child_first, child_count;  /* aligned objectives that count in it (semantics.md §5.1), after its KRs */
  int link_first, link_count;    /* links into it, in links[] */
  double weight;
  bool committed;
  double green_at;           /* green in the last period when Q >= green_at: the status
                                rule of scoring against the plan (plan[o * T + T-1]) on the
                                printed hundredths, solved for Q once (lower.c) */
  bool empty;                /* no KRs and no children: score 0, left out of means */
  bool top;                  /* not aligned to another objective: counts in its perspective */
} SimObj;

typedef struct SimPersp {
  const char *name;
  double weight;
  int obj_first, obj_count;  /* its top-level non-empty objectives, in persp_objs */
} SimPersp;

/* A decision: an initiative, or one funding level of it (docs/language.md
 * §10).  The levels of one initiative are mutually exclusive variants of
 * the same decision (the same group).  A done initiative is no decision
 * (`fixed`: in every portfolio, its cost sunk, 0); a cancelled one is not
 * in the model (docs/simulation.md §13).  The evaluators read only
 * funded[]; the rest is for sim.c and sim_decide.c. */
typedef struct SimInit {
  const char *name;          /* "ai", or "ai@120%" for a level */
  double cost;               /* what funding it costs from now: its cost less its spend to date, >= 0 */
  int group;                 /* the written initiative (index in file order) */
  double level;              /* its funding, 1 = 100 % (an initiative without levels: 1) */
  Dist cost_dist;            /* the cost as a distribution (DIST_CONST: cost), for the sensitivity */
  int money_first, money_count;   /* its effects on money KRs (SimModel.money) */
  bool fixed;                /* done: funded in every portfolio, not named in it */
  bool uncertain;            /* `cost X forecast DIST`: the cost is drawn */
  RtDist cost_d;             /* uncertain: the cost's distribution, lowered */
  double spent;              /* spend to date, taken from each drawn cost */
  uint64_t cost_stream;      /* uncertain: the stream of its draws, "cost:NAME" */
} SimInit;

/* An effect in money: a funded decision's shift of a KR whose unit is the
 * costs' currency, counted once in every period in which that KR has its own
 * value from the effect's first period on (docs/simulation.md §12). */
typedef struct SimMoney {
  int meas;                  /* the KR */
  double per_period;         /* the expected shift: the effect's mean (times the baseline when relative) */
  int at;                    /* the first period it shifts */
} SimMoney;

typedef struct SimModel {
  int T;                     /* periods in the horizon */
  int decided;               /* the decision period (0..T-1): periods up to it are actuals */
  bool decided_default;      /* chosen as the latest period with data, not --as-of */
  bool hold;                 /* KRs without a forecast are held at their last value,
                                not on their on-track line to the target */
  int nfixed;   double *fixed;   /* the fixed values of measures (SimMeasure.nfix) */
  /* the per-period plan table (docs/simulation.md §3), [index * T + t]: */
  double *path;              /* measures: the path's fraction in t (SimMeasure) */
  int *src;                  /* measures: the period whose value t shows, or -1 (no data) */
  unsigned char *ohas;       /* objectives: 1 when it has data in t (an item with data) */
  int *seg_first, *seg_n;    /* measures: SK_SEG's row in t, segs[seg_first .. + seg_n) (rows
                                of periods alike are shared); 0, 0 for other kinds */
  int nsegs;    SimSeg *segs;
  double *mplan, *oplan;     /* planned scores of measures (KRs, scored KPIs; others 0) and objectives, as
                                scoring plans them; for status and reports, not read by the
                                evaluators (green_at is) */
  int nplanned;              /* KRs without a forecast that follow their plan (for reports) */
  double green, yellow;
  int ninputs;  SimInput *inputs;
  int nmeas;    SimMeasure *meas;
  int *meas_order;           /* evaluation order: formulas after what they read */
  int neffs;    SimEffect *effs;
  int nops;     SimOp *ops;
  int nforms;   SimFormula *forms;
  int nobjs;    SimObj *objs;
  int *obj_order;            /* children and causes first */
  int *kr_list; int nkr_list;
  int *child_list; int nchild_list;
  double *child_w;           /* [nchild_list]: the weight of each child's contribution */
  int nlinks;   SimLink *links;
  int npersps;  SimPersp *persps;
  int *persp_objs; int npersp_objs;
  int ninits;   SimInit *inits;
  int ngroups;               /* written initiatives (SimInit.group < ngroups) */
  int nmoney;   SimMoney *money;
  Dist *link_dist;           /* [nlinks]: a strength as written, for the sensitivity; NULL when
                                every strength is a number.  The evaluators read strength,
                                or x[SimLink.input] when it is drawn */
  double *qref;              /* [nobjs * T]: progress in the reference run (no initiative,
                                every input at its median); links carry deviations from it.
                                NULL while the reference run itself is computed. */
  const char *currency;      /* of the costs, NULL when none */
  int theme_first, nthemes;  /* objs[theme_first ..): one node per strategic theme (lower.c
                                lower_themes), after the objectives; in no perspective */
  uint64_t hash;             /* of everything above that evaluation reads */
  void *arena;               /* owner of the arrays (Arena*) */
} SimModel;

/* The straight path's fraction of the way from (s, from) to (d, o) in
 * period t: 1 from the due period on.  With s = -1 it is the on-track line
 * of scoring, (t + 1) / (d + 1).  The lowering fills SimModel.path with it
 * wherever the plan is one straight segment (docs/simulation.md §3). */
static inline double sim_ramp(int t, int s, int d) {
  /* d <= s: decided at (or after) the due period, nothing left to ramp;
   * the periods before it are actuals and read no path: 0, not 0 / 0 */
  if (d <= s) return t >= d ? 1.0 : 0.0;
  return t >= d ? 1.0 : (double)(t - s) / (double)(d - s);
}

/* The green counts of a portfolio: one per objective, then one of the
 * samples in which every committed objective with data in the last
 * period is green (docs/simulation.md §14; 1 in every sample when no
 * objective is committed). */
static inline int sim_green_stride(const SimModel *m) { return m->nobjs + 1; }
static inline bool sim_all_green_counts(const SimModel *m, int o) {
  return m->objs[o].committed && m->ohas[(size_t)o * (size_t)m->T + (size_t)m->T - 1];
}

/* Evaluates a block of samples [n0, n0 + ns) for nport portfolios.
 *   funded  [nport * ninits]  1 when the portfolio funds the initiative
 *   keys    [ninputs]         rt_stream_key(seed, inputs[i].stream)
 *   scores  [nport * ns]      out: the scorecard score of each sample
 *   green   [nport * (nobjs + 1)]  in/out: [p * (nobjs + 1) + o] incremented when
 *                             objective o is green, [p * (nobjs + 1) + nobjs] when
 *                             every committed objective is (sim_all_green_counts)
 *   objq    [nport * nobjs * ns]  out, or NULL: [(p * nobjs + o) * ns + j] the progress
 *                             Q(o, T-1) of objective o in the last period (0 without data
 *                             there), for each objective's statistics (sim.c): one
 *                             objective's samples of a block are contiguous
 * The inputs of a sample are drawn once and shared by all portfolios. */
typedef void (*SimBlockFn)(const SimModel *m, const unsigned char *funded, int nport,
                           uint64_t n0, int ns, const uint64_t *keys,
                           double *scores, uint32_t *green, double *objq);

/* interp.c: the reference evaluator. */
void   interp_block(const SimModel *m, const unsigned char *funded, int nport,
                    uint64_t n0, int ns, const uint64_t *keys, double *scores, uint32_t *green,
                    double *objq);
/* One sample of one portfolio with the inputs given (x[ninputs]); work
 * needs interp_work_size(m) doubles: each measure's latest value and
 * score [2 * nmeas], the objectives' progress Q [nobjs * T], each
 * measure's value in each period it computes one (the history prev reads)
 * [nmeas * T], then the formula stack.  Returns the scorecard score and
 * sets green[o] to 1 or 0. */
size_t interp_work_size(const SimModel *m);
double interp_eval(const SimModel *m, const unsigned char *funded, const double *x,
                   double *work, unsigned char *green);
/* The scorecard's score in period t from the objectives' progress Q
 * (work + 2 * nmeas after interp_eval): what the simulation reads in the
 * last period, and what the tests compare with `bscc score` in the
 * periods that are all actuals. */
double interp_total(const SimModel *m, const double *Q, int t);

#endif
