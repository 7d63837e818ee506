/*
 * plan.h - the plan of a key result or KPI, period by period
 * (docs/semantics.md §6).
 *
 * A plan is a list of anchors (period index, planned amount) joined
 * linearly or held as steps.  For a key result the amount is a planned
 * PROGRESS (0 at the baseline, 1 at the target); for a KPI it is the
 * threshold in force, in the KPI's unit.  Pure functions of the checked
 * tree: the scorecard, the language server and the simulator all read
 * the same plan.
 */
#ifndef BSC_PLAN_H
#define BSC_PLAN_H

#include "ast.h"

typedef struct PlanAnchor {
  int at;                    /* period index; -1: before the first period */
  double q;
} PlanAnchor;

typedef struct Plan {
  PlanAnchor *a; int n;      /* strictly increasing `at` */
  bool step;                 /* hold each anchor until the next one */
  bool line;                 /* KR: it has a progress line (not binary) */
  double lo, hi;             /* KR: the values at progress 0 and 1 */
} Plan;

/* The progress line of a key result: its values at progress 0 and 1.
 * False for a binary KR (boolean, plain milestone, threshold without a
 * usable baseline), which is met or not. */
bool plan_line(const KR *k, double *lo, double *hi);
/* Progress of value v on k's line: (v - lo) / (hi - lo). */
double plan_progress(double v, double lo, double hi);

/* The plan of key result k, which starts in period `start` and is due in
 * period `due` (indices of the cadence periods). */
void plan_kr(const KR *k, int start, int due, Plan *out);
/* The threshold plan of KPI k over periods 0..last. */
void plan_kpi(const KR *k, int last, Plan *out);
void plan_free(Plan *p);

/* The planned amount in period i: the anchor's own amount at an anchor,
 * the first before the first, the last after the last; between two
 * anchors a and b, a.q + (b.q - a.q) * (i - a.at) / (b.at - a.at)
 * (linear) or a.q (step). */
double plan_at(const Plan *p, int i);
/* KR: the planned value in period i, in the KR's unit; false when the KR
 * has no progress line. */
bool plan_value_at(const Plan *p, int i, double *v);

#endif
