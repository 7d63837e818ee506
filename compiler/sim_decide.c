/*
 * sim_decide.c - ranking, search and sensitivity over portfolio results
 * (sim_decide.h).  Plain results; the renderers print them.
 */
#include "sim_decide.h"
#include "rt.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The order of the report: higher mean, then lower cost, then fewer
 * initiatives, then name. */
static int count_funded(const SimModel *m, const unsigned char *f) {
  int n = 0;
  for (int i = 0; i < m->ninits; i++) n += f[i];
  return n;
}
static const SimModel *rank_model;
static int cmp_rank(const void *a, const void *b) {
  const SimRanked *x = a, *y = b;
  if (x->r->mean != y->r->mean) return x->r->mean > y->r->mean ? -1 : 1;
  if (x->r->cost != y->r->cost) return x->r->cost < y->r->cost ? -1 : 1;
  int nx = count_funded(rank_model, x->p->funded), ny = count_funded(rank_model, y->p->funded);
  if (nx != ny) return nx - ny;
  return strcmp(x->p->name, y->p->name);
}

/* Evaluates the portfolios of `s` from index `from` on into res (grown to s->n). */
SimResult *sim_eval_ports(const SimModel *m, SimBlockFn fn, SimPortSet *s, int from, SimResult *res,
                           const SimConfig *c) {
  res = bsc_realloc(res, sizeof(SimResult) * ((size_t)s->n + 1));
  int n = s->n - from;
  unsigned char *funded = bsc_malloc((size_t)n * (size_t)m->ninits + 1);
  for (int i = 0; i < n; i++) memcpy(funded + (size_t)i * m->ninits, s->items[from + i].funded, (size_t)m->ninits);
  sim_run(m, fn, funded, n, c, res + from);
  free(funded);
  return res;
}


/* Beyond MAX_EXHAUSTIVE initiatives: greedy by marginal mean gain per
 * cost, then local improvement (add, drop or swap one initiative) while
 * the mean improves.  Every portfolio evaluated stays in the report. */
SimResult *sim_search(const SimModel *m, SimBlockFn fn, SimPortSet *s, double budget, const SimConfig *c) {
  int n = m->ninits;
  unsigned char *cur = bsc_calloc((size_t)n + 1, 1), *f = bsc_calloc((size_t)n + 1, 1);
  sim_port_base(m, cur);
  sim_port_add(s, m, sim_subset_name(m, cur));
  SimResult *res = sim_eval_ports(m, fn, s, 0, NULL, c);
  int cur_i = 0;
  /* greedy */
  for (;;) {
    int from = s->n;
    for (int i = 0; i < n; i++) {
      if (cur[i] || m->inits[i].fixed) continue;
      memcpy(f, cur, (size_t)n);
      f[i] = 1;
      if (sim_port_cost(m, f) > budget || sim_find_subset(s, m, f) >= 0) continue;
      SimPortfolio *p = sim_port_add(s, m, sim_subset_name(m, f));
      memcpy(p->funded, f, (size_t)n);
    }
    if (s->n == from) break;
    res = sim_eval_ports(m, fn, s, from, res, c);
    int best = -1;
    double best_rate = 0.0;
    for (int j = from; j < s->n; j++) {
      double gain = res[j].mean - res[cur_i].mean;
      double dc = res[j].cost - res[cur_i].cost;
      double rate = dc > 0 ? gain / dc : gain > 0 ? INFINITY : 0;
      if (gain > 0 && (best < 0 || rate > best_rate)) { best = j; best_rate = rate; }
    }
    if (best < 0) break;
    cur_i = best;
    memcpy(cur, s->items[best].funded, (size_t)n);
  }
  /* local improvement */
  for (int iter = 0; iter < 100; iter++) {
    int from = s->n;
    for (int i = 0; i < n; i++) {
      if (m->inits[i].fixed) continue;           /* done: no decision */
      for (int j = -1; j < n; j++) {
        if (j >= 0 && m->inits[j].fixed) continue;
        memcpy(f, cur, (size_t)n);
        if (j < 0) f[i] = !f[i];                       /* add or drop i */
        else if (cur[i] && !cur[j]) { f[i] = 0; f[j] = 1; }   /* swap i out, j in */
        else continue;
        if (sim_port_cost(m, f) > budget || sim_find_subset(s, m, f) >= 0) continue;
        SimPortfolio *p = sim_port_add(s, m, sim_subset_name(m, f));
        memcpy(p->funded, f, (size_t)n);
      }
    }
    if (s->n == from) break;
    res = sim_eval_ports(m, fn, s, from, res, c);
    int best = cur_i;
    for (int j = from; j < s->n; j++)
      if (res[j].mean > res[best].mean) best = j;
    if (best == cur_i) break;
    cur_i = best;
    memcpy(cur, s->items[best].funded, (size_t)n);
  }
  free(cur);
  free(f);
  return res;
}

/* ---- sensitivity --------------------------------------------------------------- */


static int cmp_swing(const void *a, const void *b) {
  const SimSwing *x = a, *y = b;
  if (x->swing != y->swing) return x->swing > y->swing ? -1 : 1;
  return x->input - y->input;
}

/* One-at-a-time swings from the 10th to the 90th percentile, the other
 * inputs at their medians (docs/simulation.md §6). */
SimSwing *sim_tornado(const SimModel *m, const unsigned char *funded) {
  int n = m->ninputs;
  SimSwing *sw = bsc_calloc((size_t)n + 1, sizeof(SimSwing));
  double *x = bsc_malloc(sizeof(double) * ((size_t)n + 1));
  double *med = bsc_malloc(sizeof(double) * ((size_t)n + 1));
  double *work = bsc_malloc(sizeof(double) * interp_work_size(m));
  unsigned char *g = bsc_malloc((size_t)m->nobjs + 1);
  for (int i = 0; i < n; i++) med[i] = rt_dist_quantile(&m->inputs[i].dist, 0.5);
  for (int i = 0; i < n; i++) {
    memcpy(x, med, sizeof(double) * (size_t)n);
    x[i] = rt_dist_quantile(&m->inputs[i].dist, 0.1);
    sw[i].low = interp_eval(m, funded, x, work, g);
    x[i] = rt_dist_quantile(&m->inputs[i].dist, 0.9);
    sw[i].high = interp_eval(m, funded, x, work, g);
    sw[i].input = i;
    sw[i].swing = fabs(sw[i].high - sw[i].low);
  }
  qsort(sw, (size_t)n, sizeof(SimSwing), cmp_swing);
  free(x); free(med); free(work); free(g);
  return sw;
}

/* Every portfolio of s with its result, best first (the order above). */
SimRanked *sim_rank(const SimModel *m, const SimPortSet *s, const SimResult *res) {
  SimRanked *v = bsc_malloc(sizeof *v * ((size_t)s->n + 1));
  for (int i = 0; i < s->n; i++) { v[i].p = &s->items[i]; v[i].r = &res[i]; }
  rank_model = m;
  qsort(v, (size_t)s->n, sizeof *v, cmp_rank);
  return v;
}

/* Scorecard points gained over doing nothing per million of cost; 0 for
 * a portfolio that costs nothing. */
double sim_gain_per_million(const SimResult *r, double base_mean) {
  if (r->cost <= 0.0) return 0.0;
  return (r->mean - base_mean) / r->cost * 1e6;
}
