/*
 * interp.c - the reference evaluator of the simulation model
 * (docs/simulation.md, section 3).
 *
 * Kept deliberately plain: one loop per rule, sums in a fixed order, no
 * shortcut.  jit.c emits the same operations in the same order; the
 * differential tests hold the two to bit-for-bit agreement, so a change
 * here must be mirrored there.
 */
#include "simir.h"
#include <stdlib.h>
#include "util.h"

static double clamp01(double x) {
  return x < 0.0 ? 0.0 : x > 1.0 ? 1.0 : x;
}

/* Runs a formula's stack program over this period's values v[] and, for
 * prev, the values h[k * T + s] computed in earlier periods s (read where
 * the period it looks back to shows its value: src). */
static double run_formula(const SimModel *m, const SimFormula *f, const double *v, const double *h, int t,
                          double *stack) {
  int sp = 0;
  for (int i = f->first; i < f->first + f->count; i++) {
    const SimOp *op = &m->ops[i];
    switch (op->op) {
    case FOP_CONST: stack[sp++] = op->c; break;
    case FOP_LOAD: stack[sp++] = v[op->n]; break;
    case FOP_PREV: {
      size_t row = (size_t)op->n * (size_t)m->T;
      stack[sp++] = h[row + (size_t)m->src[row + (size_t)(t - op->back)]];
      break;
    }
    case FOP_POW: sp--; stack[sp - 1] = sim_pow(stack[sp - 1], stack[sp]); break;
    case FOP_SCALE: stack[sp - 1] = stack[sp - 1] * op->c; break;
    case FOP_ADD: sp--; stack[sp - 1] = stack[sp - 1] + stack[sp]; break;
    case FOP_SUB: sp--; stack[sp - 1] = stack[sp - 1] - stack[sp]; break;
    case FOP_MUL: sp--; stack[sp - 1] = stack[sp - 1] * stack[sp]; break;
    case FOP_DIV: sp--; stack[sp - 1] = stack[sp] == 0.0 ? 0.0 : stack[sp - 1] / stack[sp]; break;
    case FOP_NEG: stack[sp - 1] = -stack[sp - 1]; break;
    case FOP_ABS: stack[sp - 1] = stack[sp - 1] < 0.0 ? -stack[sp - 1] : stack[sp - 1]; break;
    case FOP_MIN: case FOP_MAX: case FOP_AVG: {
      int base = sp - op->n;
      double acc = stack[base];
      for (int j = base + 1; j < sp; j++) {
        double y = stack[j];
        if (op->op == FOP_MIN) acc = y < acc ? y : acc;
        else if (op->op == FOP_MAX) acc = y > acc ? y : acc;
        else acc = acc + y;
      }
      if (op->op == FOP_AVG) acc = acc / (double)op->n;
      sp = base;
      stack[sp++] = acc;
      break;
    }
    }
  }
  return stack[0];
}

/* The score of measure ki with value v in period t. */
static double score_of(const SimModel *m, int ki, int t, double v) {
  const SimMeasure *k = &m->meas[ki];
  size_t at = (size_t)ki * (size_t)m->T + (size_t)t;
  switch (k->kind) {
  case SK_NONE: return 0.0;
  case SK_LINEAR: return clamp01((v - k->base) / k->span);
  case SK_GE: return v >= k->x ? 1.0 : 0.0;
  case SK_GT: return v > k->x ? 1.0 : 0.0;
  case SK_LE: return v <= k->x ? 1.0 : 0.0;
  case SK_LT: return v < k->x ? 1.0 : 0.0;
  case SK_MILESTONE: return clamp01(v / k->x);
  case SK_SEG: return sim_seg_score(&m->segs[m->seg_first[at]], m->seg_n[at], v);
  }
  return 0.0;
}

size_t interp_work_size(const SimModel *m) {
  int depth = 1;
  for (int i = 0; i < m->nforms; i++)
    if (m->forms[i].depth > depth) depth = m->forms[i].depth;
  return (size_t)m->nmeas * 2 + (size_t)m->nobjs * (size_t)m->T + (size_t)depth
       + (size_t)m->nmeas * (size_t)m->T;    /* the history h, for prev */
}

/* The weighted mean of the perspectives that have an objective with data
 * in period t, each the weighted mean of those objectives. */
double interp_total(const SimModel *m, const double *Q, int t) {
  int T = m->T;
  double tn = 0.0, td = 0.0;
  for (int i = 0; i < m->npersps; i++) {
    const SimPersp *ps = &m->persps[i];
    double num = 0.0, den = 0.0;
    for (int j = ps->obj_first; j < ps->obj_first + ps->obj_count; j++) {
      int oi = m->persp_objs[j];
      if (!m->ohas[(size_t)oi * T + t]) continue;
      num = num + m->objs[oi].weight * Q[(size_t)oi * T + t];
      den = den + m->objs[oi].weight;
    }
    if (den > 0.0) {
      tn = tn + ps->weight * (num / den);
      td = td + ps->weight;
    }
  }
  return td > 0.0 ? tn / td : 0.0;
}

double interp_eval(const SimModel *m, const unsigned char *funded, const double *x,
                   double *work, unsigned char *green) {
  double *v = work;                          /* each measure's latest value */
  double *s = v + m->nmeas;                  /* and score */
  double *Q = s + m->nmeas;                  /* objective progress [o * T + t] */
  double *h = Q + (size_t)m->nobjs * (size_t)m->T;   /* the value computed in each period [k * T + t] */
  double *stack = h + (size_t)m->nmeas * (size_t)m->T;
  int T = m->T;

  for (int t = 0; t < T; t++) {
    /* key results (and KPIs that formulas read), formulas after their inputs */
    for (int i = 0; i < m->nmeas; i++) {
      int ki = m->meas_order[i];
      const SimMeasure *k = &m->meas[ki];
      if (m->src[(size_t)ki * T + t] != t) continue;   /* carried (v, s keep it) or no data */
      double val;
      if (t < k->nfix && (k->formula < 0 || m->fixed[k->fix_first + t] == m->fixed[k->fix_first + t])) {
        val = m->fixed[k->fix_first + t];      /* an actual, or scoring's value: no draw, no effect */
      } else if (k->formula >= 0) {          /* (a formula's fixed NaN: computed) */
        val = run_formula(m, &m->forms[k->formula], v, h, t, stack);
      } else {
        double o = k->input >= 0 ? x[k->input] : k->outcome;
        val = k->ramp ? k->from + (o - k->from) * m->path[(size_t)ki * T + t] : o;
      }
      for (int j = k->eff_first; j < k->eff_first + k->eff_count; j++) {
        const SimEffect *e = &m->effs[j];
        if (!funded[e->init] || t < e->at) continue;
        if (e->lag_input >= 0 && x[e->lag_input] > (double)(t - m->decided)) continue;   /* a longer lag drawn */
        double sh = e->input >= 0 ? x[e->input] : e->value;
        val = val + (e->relative ? sh * k->base : sh);
      }
      v[ki] = val;
      h[(size_t)ki * T + t] = val;
      s[ki] = score_of(m, ki, t, val);
    }
    /* objectives: children and causes first; one without data in t (no
     * item with data) is 0 and counts nowhere */
    for (int i = 0; i < m->nobjs; i++) {
      int oi = m->obj_order[i];
      const SimObj *o = &m->objs[oi];
      double p = 0.0;
      if (!m->ohas[(size_t)oi * T + t]) { Q[(size_t)oi * T + t] = 0.0; continue; }
      double num = 0.0, den = 0.0;
      /* its KRs with data, then the aligned objectives with data that
       * count in it, each with the weight of its contribution */
      for (int j = o->kr_first; j < o->kr_first + o->kr_count; j++) {
        int ki = m->kr_list[j];
        if (m->src[(size_t)ki * T + t] < 0) continue;
        num = num + m->meas[ki].weight * s[ki];
        den = den + m->meas[ki].weight;
      }
      for (int j = o->child_first; j < o->child_first + o->child_count; j++) {
        int c = m->child_list[j];
        if (!m->ohas[(size_t)c * T + t]) continue;
        num = num + m->child_w[j] * Q[(size_t)c * T + t];
        den = den + m->child_w[j];
      }
      p = den > 0.0 ? num / den : 0.0;
      /* causal links carry the driver's deviation from the reference run */
      for (int j = o->link_first; m->qref && j < o->link_first + o->link_count; j++) {
        const SimLink *l = &m->links[j];
        int lag = l->lag_input >= 0 ? (int)x[l->lag_input] : l->lag;    /* drawn: a whole number */
        if (lag > t) continue;
        size_t at = (size_t)l->src * T + (size_t)(t - lag);
        double st = l->input >= 0 ? sim_strength(x[l->input]) : l->strength;
        p = p + st * (Q[at] - m->qref[at]);
      }
      Q[(size_t)oi * T + t] = clamp01(p);
    }
  }

  /* the scorecard in the last period; green against the plan (green_at) */
  int last = T - 1;
  for (int oi = 0; oi < m->nobjs; oi++)
    green[oi] = m->ohas[(size_t)oi * T + last] && Q[(size_t)oi * T + last] >= m->objs[oi].green_at;
  return interp_total(m, Q, last);
}

void interp_block(const SimModel *m, const unsigned char *funded, int nport,
                  uint64_t n0, int ns, const uint64_t *keys, double *scores, uint32_t *green,
                  double *objq) {
  double xbuf[64], *x = m->ninputs <= 64 ? xbuf : NULL;
  size_t wn = interp_work_size(m);
  double wbuf[512], *work = wn <= 512 ? wbuf : NULL;
  unsigned char gbuf[256], *g = m->nobjs <= 256 ? gbuf : NULL;
  if (!x) x = bsc_malloc((size_t)m->ninputs * sizeof(double));
  if (!work) work = bsc_malloc(wn * sizeof(double));
  if (!g) g = bsc_malloc((size_t)m->nobjs + 1);
  const double *Q = work + 2 * (size_t)m->nmeas;     /* interp_eval's layout of work */
  for (int j = 0; j < ns; j++) {
    uint64_t n = n0 + (uint64_t)j;
    for (int i = 0; i < m->ninputs; i++) x[i] = rt_sample(&m->inputs[i].d, keys[i], n);
    for (int p = 0; p < nport; p++) {
      scores[(size_t)p * ns + j] = interp_eval(m, funded + (size_t)p * m->ninits, x, work, g);
      uint32_t *gp = green + (size_t)p * (size_t)sim_green_stride(m), all = 1;
      for (int o = 0; o < m->nobjs; o++) {
        gp[o] += g[o];
        if (sim_all_green_counts(m, o)) all = all & g[o];
      }
      gp[m->nobjs] += all;
      for (int o = 0; objq && o < m->nobjs; o++)
        objq[((size_t)p * (size_t)m->nobjs + (size_t)o) * (size_t)ns + (size_t)j] = Q[(size_t)o * m->T + m->T - 1];
    }
  }
  if (x != xbuf) free(x);
  if (work != wbuf) free(work);
  if (g != gbuf) free(g);
}
