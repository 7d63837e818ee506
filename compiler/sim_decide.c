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
                           const SimConfig *c, SimObjStat **ostat) {
  res = bsc_realloc(res, sizeof(SimResult) * ((size_t)s->n + 1));
  int n = s->n - from;
  unsigned char *funded = bsc_malloc((size_t)n * (size_t)m->ninits + 1);
  for (int i = 0; i < n; i++) memcpy(funded + (size_t)i * m->ninits, s->items[from + i].funded, (size_t)m->ninits);
  sim_run_objs(m, fn, funded, n, c, res + from, ostat ? ostat + from : NULL);
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
  SimResult *res = sim_eval_ports(m, fn, s, 0, NULL, c, NULL);
  int cur_i = 0;
  /* greedy */
  for (;;) {
    int from = s->n;
    for (int i = 0; i < n; i++) {
      if (cur[i] || m->inits[i].fixed) continue;
      memcpy(f, cur, (size_t)n);
      sim_fund(m, f, i);             /* another level of a funded initiative: a change of level */
      if (sim_port_cost(m, f) > budget || sim_find_subset(s, m, f) >= 0) continue;
      SimPortfolio *p = sim_port_add(s, m, sim_subset_name(m, f));
      memcpy(p->funded, f, (size_t)n);
    }
    if (s->n == from) break;
    res = sim_eval_ports(m, fn, s, from, res, c, NULL);
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
        if (j < 0 && f[i]) f[i] = 0;                     /* drop i */
        else if (j < 0) sim_fund(m, f, i);               /* add i (or change to level i) */
        else if (cur[i] && !cur[j]) { f[i] = 0; sim_fund(m, f, j); }   /* swap i out, j in */
        else continue;
        if (sim_port_cost(m, f) > budget || sim_find_subset(s, m, f) >= 0) continue;
        SimPortfolio *p = sim_port_add(s, m, sim_subset_name(m, f));
        memcpy(p->funded, f, (size_t)n);
      }
    }
    if (s->n == from) break;
    res = sim_eval_ports(m, fn, s, from, res, c, NULL);
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
  bool cx = x->kind == SW_COST, cy = y->kind == SW_COST;   /* gain per million: after the scores */
  if (cx != cy) return cx ? 1 : -1;
  if (x->swing != y->swing) return x->swing > y->swing ? -1 : 1;
  if (x->kind != y->kind) return (int)x->kind - (int)y->kind;
  return x->index - y->index;
}

/* Fills the outcome side of a swing from its two evaluations. */
static void swing_set(SimSwing *s, double low, double high) {
  s->low = low;
  s->high = high;
  s->good_low = low > high;
  s->worse = s->good_low ? high : low;
  s->better = s->good_low ? low : high;
  s->swing = s->better - s->worse;
}

/* One-at-a-time swings from the 10th to the 90th percentile, the other
 * inputs at their medians (docs/simulation.md §6), reported in the
 * direction that helps: an input whose low side scores better (a
 * lower-is-better measure's forecast, an effect that lowers it) has
 * good_low.  Effects of decisions `funded` does not fund draw nothing that
 * matters to it and are left out; uncertain link strengths are swung in a
 * copy of the model; uncertain costs of funded decisions move its gain per
 * million, not its score. */
SimSwings sim_tornado(const SimModel *m, const unsigned char *funded, const SimResult *r, double base_mean) {
  int n = m->ninputs;
  SimSwings out = {0};
  out.v = bsc_calloc((size_t)n + (size_t)m->nlinks + (size_t)m->ninits + 1, sizeof(SimSwing));
  out.names = bsc_calloc((size_t)m->nlinks + 1, sizeof(char *));
  double *x = bsc_malloc(sizeof(double) * ((size_t)n + 1));
  double *med = bsc_malloc(sizeof(double) * ((size_t)n + 1));
  double *work = bsc_malloc(sizeof(double) * interp_work_size(m));
  unsigned char *g = bsc_malloc((size_t)m->nobjs + 1);
  int *owner = bsc_malloc(sizeof(int) * ((size_t)n + 1));
  for (int i = 0; i < n; i++) { med[i] = rt_dist_quantile(&m->inputs[i].dist, 0.5); owner[i] = -1; }
  /* what each input is: a forecast, an initiative's effect or effect lag
   * (owner), a link's lag, or a link's strength (swung below, skipped here) */
  unsigned char *what = bsc_calloc((size_t)n + 1, 1);
  enum { IN_FORECAST, IN_EFFECT, IN_LAG, IN_STRENGTH };
  for (int j = 0; j < m->neffs; j++) {
    if (m->effs[j].input >= 0) { owner[m->effs[j].input] = m->effs[j].init; what[m->effs[j].input] = IN_EFFECT; }
    if (m->effs[j].lag_input >= 0) { owner[m->effs[j].lag_input] = m->effs[j].init; what[m->effs[j].lag_input] = IN_LAG; }
  }
  for (int l = 0; l < m->nlinks; l++) {
    if (m->links[l].lag_input >= 0) what[m->links[l].lag_input] = IN_LAG;
    if (m->links[l].input >= 0) what[m->links[l].input] = IN_STRENGTH;
  }
  for (int i = 0; i < n; i++) {
    if (owner[i] >= 0 && !funded[owner[i]]) continue;
    if (what[i] == IN_STRENGTH && m->link_dist) continue;
    SimSwing *s = &out.v[out.n++];
    s->kind = what[i] == IN_LAG ? SW_LAG : what[i] == IN_EFFECT ? SW_EFFECT : SW_FORECAST;
    s->index = i;
    s->name = m->inputs[i].name;
    memcpy(x, med, sizeof(double) * (size_t)n);
    s->x10 = x[i] = rt_dist_quantile(&m->inputs[i].dist, 0.1);
    double lo = interp_eval(m, funded, x, work, g);
    s->x90 = x[i] = rt_dist_quantile(&m->inputs[i].dist, 0.9);
    swing_set(s, lo, interp_eval(m, funded, x, work, g));
  }
  if (m->link_dist) {
    SimModel mc = *m;
    SimLink *links = bsc_malloc(sizeof(SimLink) * ((size_t)m->nlinks + 1));
    memcpy(links, m->links, sizeof(SimLink) * (size_t)m->nlinks);
    mc.links = links;
    for (int l = 0; l < m->nlinks; l++) {
      if (m->link_dist[l].kind == DIST_CONST) continue;
      SimSwing *s = &out.v[out.n++];
      s->kind = SW_LINK;
      s->index = l;
      int dst = 0;
      for (int o = 0; o < m->nobjs; o++)
        if (l >= m->objs[o].link_first && l < m->objs[o].link_first + m->objs[o].link_count) dst = o;
      Buf nb;
      buf_init(&nb);
      buf_printf(&nb, "%s -> %s strength", m->objs[m->links[l].src].name, m->objs[dst].name);
      s->name = out.names[out.nnames++] = buf_steal(&nb);
      /* the strength at its percentile, clamped as the engines clamp a draw */
      links[l].input = -1;
      s->x10 = links[l].strength = sim_strength(rt_dist_quantile(&m->link_dist[l], 0.1));
      double lo = interp_eval(&mc, funded, med, work, g);
      s->x90 = links[l].strength = sim_strength(rt_dist_quantile(&m->link_dist[l], 0.9));
      swing_set(s, lo, interp_eval(&mc, funded, med, work, g));
      links[l] = m->links[l];
    }
    free(links);
  }
  for (int i = 0; r && i < m->ninits; i++) {
    if (!funded[i] || m->inits[i].cost_dist.kind == DIST_CONST) continue;
    SimSwing *s = &out.v[out.n++];
    s->kind = SW_COST;
    s->index = i;
    s->name = m->inits[i].name;
    SimResult rc = *r;
    /* the forecast is of the whole cost; what a decision costs from now is
     * what is left of it after the spend to date (simulation.md §13) */
    double spent = m->inits[i].spent;
    s->x10 = rt_dist_quantile(&m->inits[i].cost_dist, 0.1);
    rc.cost = r->cost - m->inits[i].cost + fmax(0.0, s->x10 - spent);
    double lo = sim_gain_per_million(&rc, base_mean);
    s->x90 = rt_dist_quantile(&m->inits[i].cost_dist, 0.9);
    rc.cost = r->cost - m->inits[i].cost + fmax(0.0, s->x90 - spent);
    swing_set(s, lo, sim_gain_per_million(&rc, base_mean));
  }
  qsort(out.v, (size_t)out.n, sizeof(SimSwing), cmp_swing);
  free(x); free(med); free(work); free(g); free(owner); free(what);
  return out;
}

void sim_swings_free(SimSwings *s) {
  for (int i = 0; i < s->nnames; i++) free(s->names[i]);
  free(s->names);
  free(s->v);
  memset(s, 0, sizeof *s);
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

/* ---- each objective ----------------------------------------------------------- */

SimObjStat **sim_obj_stats(const SimModel *m, SimBlockFn fn, const unsigned char *funded, int n, const SimConfig *c) {
  SimObjStat **st = bsc_calloc((size_t)n + 1, sizeof(SimObjStat *));
  sim_objs_here(m, fn, funded, n, c, st);   /* a few portfolios: not worth the cluster */
  return st;
}

/* ---- the efficient frontier ------------------------------------------------------ */

static const SimRanked *front_v;
static int front_crit;
static int cmp_front(const void *a, const void *b) {
  int i = *(const int *)a, j = *(const int *)b;
  const SimResult *x = front_v[i].r, *y = front_v[j].r;
  if (x->cost != y->cost) return x->cost < y->cost ? -1 : 1;
  if (x->mean != y->mean) return x->mean > y->mean ? -1 : 1;
  /* the criterion in use before the other, so that a dominating one comes first */
  if (front_crit == SIM_FRONTIER_GREEN && x->p_all_green != y->p_all_green) return x->p_all_green > y->p_all_green ? -1 : 1;
  if (x->p5 != y->p5) return x->p5 > y->p5 ? -1 : 1;
  return i - j;                      /* then the report's order */
}

/* A portfolio is on the frontier when no other is at most as costly and at
 * least as good in every criterion, and strictly better in one; of several
 * equal in all, the first in the report's order.  In the order of cost
 * (then mean, then p5, descending) every portfolio that could dominate one
 * comes before it, so one pass against the frontier so far decides. */
int sim_frontier(const SimRanked *v, int n, int crit, unsigned char *on) {
  int *ord = bsc_malloc(sizeof(int) * ((size_t)n + 1)), *fr = bsc_malloc(sizeof(int) * ((size_t)n + 1));
  for (int i = 0; i < n; i++) { ord[i] = i; on[i] = 0; }
  front_v = v;
  front_crit = crit;
  qsort(ord, (size_t)n, sizeof(int), cmp_front);
  int nf = 0;
  for (int k = 0; k < n; k++) {
    const SimResult *x = v[ord[k]].r;
    bool dominated = false;
    for (int j = 0; j < nf && !dominated; j++) {
      const SimResult *y = v[fr[j]].r;
      dominated = y->mean >= x->mean && (crit != SIM_FRONTIER_RISK || y->p5 >= x->p5) &&
                  (crit != SIM_FRONTIER_GREEN || y->p_all_green >= x->p_all_green);
    }
    if (!dominated) { fr[nf++] = ord[k]; on[ord[k]] = 1; }
  }
  free(ord);
  free(fr);
  return nf;
}

/* ---- contributions ------------------------------------------------------------ */

/* The contributions of P's k funded decisions (docs/simulation.md §11.2):
 * every subset S of P evaluated with fn at the run's samples (so each mean
 * is the run's, bit for bit), then per sample n
 *   alone_i(n)   = x_{i}(n) - x_{}(n)
 *   loo_i(n)     = x_P(n) - x_{P \ i}(n)
 *   shapley_i(n) = sum over S in P \ {i} of |S|! (k - |S| - 1)! / k! (x_{S+i}(n) - x_S(n))
 * each averaged over the samples in sample order; its standard error is
 * the samples' standard deviation over sqrt(N). */
SimContrib *sim_contrib(const SimModel *m, SimBlockFn fn, const unsigned char *P, const SimConfig *c, int *nout) {
  int k = 0, *who = bsc_malloc(sizeof(int) * ((size_t)m->ninits + 1));
  for (int i = 0; i < m->ninits; i++) if (P[i]) who[k++] = i;
  *nout = k;
  /* every sample's three values per decision are kept for their standard error */
  if (k == 0 || k > SIM_SHAPLEY_MAX || (double)k * 3.0 * (double)c->samples > SIM_CONTRIB_VALUES) { free(who); return NULL; }
  int ns = 1 << k, N = c->samples, full = ns - 1;
  unsigned char *funded = bsc_calloc((size_t)ns * (size_t)m->ninits + 1, 1);
  for (int S = 0; S < ns; S++)
    for (int b = 0; b < k; b++) if (S >> b & 1) funded[(size_t)S * m->ninits + who[b]] = 1;
  /* w[s] = s! (k - s - 1)! / k! */
  double w[SIM_SHAPLEY_MAX + 1];
  for (int sz = 0; sz < k; sz++) {
    double f = 1.0;
    for (int j = 1; j <= sz; j++) f = f * (double)j / (double)(k - sz - 1 + j);
    w[sz] = f / (double)k;   /* s! (k-s-1)! / k! = 1 / (k * C(k-1, s)) */
  }
  uint64_t *keys = sim_keys(m, c->seed);
  double *blk = bsc_malloc(sizeof(double) * (size_t)ns * SIM_SAMPLE_BLOCK);
  uint32_t *green = bsc_calloc((size_t)ns * (size_t)sim_green_stride(m) + 1, sizeof(uint32_t));
  /* per decision and measure (alone, loo, shapley): the value of each sample */
  double *acc = bsc_malloc(sizeof(double) * ((size_t)k * 3 * (size_t)N + 1));
  for (int n0 = 0; n0 < N; n0 += SIM_SAMPLE_BLOCK) {
    int nb = N - n0 < SIM_SAMPLE_BLOCK ? N - n0 : SIM_SAMPLE_BLOCK;
    fn(m, funded, ns, (uint64_t)n0, nb, keys, blk, green, NULL);
    for (int j = 0; j < nb; j++) {
      for (int b = 0; b < k; b++) {
        int bit = 1 << b;
        double d[3];
        d[0] = blk[(size_t)bit * nb + j] - blk[j];
        d[1] = blk[(size_t)full * nb + j] - blk[(size_t)(full ^ bit) * nb + j];
        d[2] = 0.0;
        for (int S = 0; S < ns; S++) {
          if (S & bit) continue;
          d[2] = d[2] + w[__builtin_popcount((unsigned)S)] * (blk[(size_t)(S | bit) * nb + j] - blk[(size_t)S * nb + j]);
        }
        for (int q = 0; q < 3; q++) acc[((size_t)b * 3 + (size_t)q) * (size_t)N + (size_t)(n0 + j)] = d[q];
      }
    }
  }
  SimContrib *out = bsc_calloc((size_t)k + 1, sizeof(SimContrib));
  for (int b = 0; b < k; b++) {
    double mean[3], se[3];
    for (int q = 0; q < 3; q++) {
      const double *a = acc + ((size_t)b * 3 + (size_t)q) * (size_t)N;
      double s1 = 0.0;
      for (int j = 0; j < N; j++) s1 = s1 + a[j];
      mean[q] = s1 / (double)N;
      se[q] = sim_sd(a, N, mean[q]) / sqrt((double)N);
    }
    out[b] = (SimContrib){ .init = who[b], .alone = mean[0], .alone_se = se[0], .loo = mean[1], .loo_se = se[1],
                           .shapley = mean[2], .shapley_se = se[2] };
  }
  free(who); free(funded); free(keys); free(blk); free(green); free(acc);
  return out;
}

/* ---- money ------------------------------------------------------------------ */

/* docs/simulation.md §12: the expected money a portfolio's effects on
 * money KRs add in each period after the decision, the value of its
 * scorecard gain at value_per_point per point (0.01 of the score), its net
 * value, return and payback. */
SimMoneyStat sim_money(const SimModel *m, const unsigned char *funded, const SimResult *r, double base_mean,
                       double value_per_point, bool has_point) {
  SimMoneyStat ms = { .has_point = has_point, .payback = -1 };
  int T = m->T;
  double *flow = bsc_calloc((size_t)T + 1, sizeof(double));
  for (int i = 0; i < m->ninits; i++) {
    if (!funded[i]) continue;
    for (int j = m->inits[i].money_first; j < m->inits[i].money_first + m->inits[i].money_count; j++) {
      const SimMoney *mo = &m->money[j];
      ms.has_kr = true;
      for (int t = mo->at; t < T; t++)
        if (m->src[(size_t)mo->meas * T + t] == t) flow[t] = flow[t] + mo->per_period;
    }
  }
  if (has_point) ms.point_value = (r->mean - base_mean) * 100.0 * value_per_point;
  double cum = 0.0;
  for (int t = 0; t < T; t++) {
    cum = cum + flow[t];
    if (ms.has_kr && ms.payback < 0 && r->cost > 0 && cum >= r->cost) ms.payback = t - m->decided;
  }
  ms.kr_value = cum;
  ms.net = ms.point_value + ms.kr_value - r->cost;
  ms.roi = r->cost > 0 ? ms.net / r->cost : NAN;
  free(flow);
  return ms;
}
