/*
 * plan.c - phased plans: the planned progress of a key result and the
 * threshold of a KPI in each period (docs/semantics.md §6).
 */
#include "plan.h"
#include "types.h"

#include <math.h>
#include <stdlib.h>

bool plan_line(const KR *k, double *lo, double *hi) {
  const Type *t = k->type;
  if (t && t->kind == TY_MILESTONE) {
    *lo = 0;
    *hi = (double)t->steps;
    return t->steps > 1;
  }
  *lo = k->base_v;
  *hi = k->target_v;
  if (k->maintain) return false;        /* a held level: met or not in every period */
  if (k->spec == SPEC_RANGE) return true;
  bool up = k->spec == SPEC_GE || k->spec == SPEC_GT;
  return k->has_base && (up ? k->base_v < k->target_v : k->base_v > k->target_v);
}

double plan_progress(double v, double lo, double hi) { return (v - lo) / (hi - lo); }

static void push(Plan *p, int at, double q) {
  p->a[p->n].at = at;
  p->a[p->n].q = q;
  p->n++;
}

void plan_kr(const KR *k, int start, int due, Plan *out) {
  double lo, hi;
  const Type *t = k->type;
  bool ms = t && t->kind == TY_MILESTONE;
  out->line = plan_line(k, &lo, &hi);
  out->lo = lo;
  out->hi = hi;
  out->n = 0;
  bool path = k->growth && k->growth_comp && out->line && k->nplan == 0;
  out->a = malloc(sizeof *out->a * (size_t)(k->nplan + 2 + (path && due > start ? due - start : 0)));
  /* Binary KRs and milestones move in steps: a milestone is done or not,
   * and its steps are whole. */
  out->step = k->plan_step || ms || !out->line;
  push(out, start - 1, k->maintain ? 1.0 : 0.0);   /* a held level is planned at 1 throughout */
  for (int j = 0; out->line && j < k->nplan; j++) {
    const PlanPoint *pp = &k->plan[j];
    if (!pp->ok || pp->index < start || pp->index >= due || pp->index <= out->a[out->n - 1].at) continue;
    double q = plan_progress(pp->value_v, lo, hi);
    push(out, pp->index, q < 0 ? 0.0 : q);     /* behind the baseline (W011): progress 0 */
  }
  /* a compound growth target without points: the compound path, one
   * anchor per period, q = ((1 + r)^(x*n) - 1) / ((1 + r)^(x*N) - 1) with
   * n periods done of N (docs/semantics.md §6.7) */
  if (path) {
    double whole = pow(1 + k->growth_r, (double)(due - start + 1) * k->growth_x) - 1;
    for (int i = start; i < due; i++)
      push(out, i, (pow(1 + k->growth_r, (double)(i - start + 1) * k->growth_x) - 1) / whole);
  }
  push(out, due, 1.0);
}

void plan_kpi(const KR *k, int last, Plan *out) {
  out->line = false;
  out->lo = out->hi = 0;
  out->step = k->plan_step;
  out->n = 0;
  out->a = malloc(sizeof *out->a * (size_t)(k->nplan + 1));
  for (int j = 0; j < k->nplan; j++) {
    const PlanPoint *pp = &k->plan[j];
    if (!pp->ok || pp->index > last || (out->n && pp->index <= out->a[out->n - 1].at)) continue;
    push(out, pp->index, pp->value_v);
  }
  if (!out->n || out->a[out->n - 1].at < last) push(out, last, k->target_v);
}

void plan_free(Plan *p) {
  free(p->a);
  p->a = NULL;
  p->n = 0;
}

double plan_at(const Plan *p, int i) {
  if (p->n == 0) return 0;
  if (i <= p->a[0].at) return p->a[0].q;
  for (int j = 1; j < p->n; j++) {
    const PlanAnchor *a = &p->a[j - 1], *b = &p->a[j];
    if (i == b->at) return b->q;
    if (i < b->at) {
      if (p->step) return a->q;
      return a->q + (b->q - a->q) * (double)(i - a->at) / (double)(b->at - a->at);
    }
  }
  return p->a[p->n - 1].q;
}

bool plan_value_at(const Plan *p, int i, double *v) {
  if (!p->line) return false;
  *v = p->lo + (p->hi - p->lo) * plan_at(p, i);
  return true;
}
