/*
 * sim_table.c - `bscc sim`'s table for a terminal: the portfolios ranked,
 * the best one's chance of green by objective, the sensitivity bars.
 */
#include "sim_out.h"
#include "numfmt.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* An amount: whole, grouped by thousands, scientific from 1e15 (numfmt).
 * A cost is a sum of finite costs: when the sum passes the largest double
 * it is not infinite, only too large to hold, and is shown as such. */
static void put_grouped(Buf *b, double v) {
  if (isinf(v)) buf_puts(b, "overflow");
  else numfmt_put(b, v, 0);
}

/* Gain per million: four decimals in a column of 7, scientific when that
 * would take more than 16 digits before the point. */
static void put_gain(Buf *b, double g) {
  if (isfinite(g) && fabs(g) < NUMFMT_SCI_FROM) { buf_printf(b, "%7.4f", g); return; }
  Buf t;
  buf_init(&t);
  numfmt_put(&t, g, 4);
  buf_printf(b, "%7s", t.data);
  buf_free(&t);
}

static void pad_to(Buf *b, const char *s, int w, bool right) {
  int sw = utf8_width(s, strlen(s), 1);
  if (right) for (int i = sw; i < w; i++) buf_putc(b, ' ');
  buf_puts(b, s);
  if (!right) for (int i = sw; i < w; i++) buf_putc(b, ' ');
}

static int name_width(const char *s) { return utf8_width(s, strlen(s), 1); }

static void put_bar(Buf *b, double f) {
  int bars = score_cells(f, 20);
  for (int i = 0; i < bars; i++) buf_puts(b, "█");
}

/* The best portfolio per node of objs[from .. to) (the objectives, or the
 * themes): expected score, its sd, chance of green. */
static void table_nodes(const SimReport *R, Buf *b, int from, int to) {
  const SimModel *m = R->m;
  const SimObjStat *st = R->ostat ? R->ostat[0] : NULL;
  int wo = 0;
  for (int o = 0; o < m->nobjs; o++) if (name_width(m->objs[o].name) > wo) wo = name_width(m->objs[o].name);
  for (int o = from; o < to; o++) {
    if (m->objs[o].empty) continue;
    buf_puts(b, "  ");
    pad_to(b, m->objs[o].name, wo, false);
    if (st) buf_printf(b, "  %5.3f ± %5.3f", st[o].mean, st[o].sd);
    double pg = R->ranked[0].r->p_green[o];
    buf_printf(b, "  %5.1f%%  ", pg * 100.0);
    put_bar(b, pg);
    buf_puts(b, "\n");
  }
  if (R->ncommitted > 0) {
    double pa = R->ranked[0].r->p_all_green;
    buf_printf(b, "  every committed objective (%d) green at once: %5.1f%%  ", R->ncommitted, pa * 100.0);
    put_bar(b, pa);
    buf_puts(b, "\n");
  }
}

/* By objective, then by strategic theme (outside the ranked score:
 * docs/simulation.md §3.5). */
static void table_objectives(const SimReport *R, Buf *b) {
  const SimModel *m = R->m;
  bool st = R->ostat && R->ostat[0];
  buf_puts(b, st ? "by objective: expected score ± sd, chance of green\n" : "chance of green by objective:\n");
  table_nodes(R, b, 0, m->theme_first);
  if (m->nthemes == 0) return;
  buf_puts(b, st ? "by theme (not in the scorecard's score): expected score ± sd, chance of green\n"
                 : "chance of green by theme (not in the scorecard's score):\n");
  table_nodes(R, b, m->theme_first, m->theme_first + m->nthemes);
}

/* The efficient frontier, cheapest first (docs/simulation.md §11.1). */
static void table_frontier(const SimReport *R, Buf *b) {
  const SimModel *m = R->m;
  int *ord = bsc_malloc(sizeof(int) * ((size_t)R->nranked + 1)), nf = 0;
  for (int i = 0; i < R->nranked; i++) if (R->frontier[i]) ord[nf++] = i;
  /* cheapest first: insertion by cost (the frontier is short) */
  for (int i = 1; i < nf; i++)
    for (int j = i; j > 0 && R->ranked[ord[j]].r->cost < R->ranked[ord[j - 1]].r->cost; j--) {
      int t = ord[j]; ord[j] = ord[j - 1]; ord[j - 1] = t;
    }
  buf_printf(b, "\nefficient frontier (%d of %d portfolios; none cheaper scores as well%s), cheapest first:\n",
             nf, R->nranked, R->frontier_green ? " or has as high a chance that every committed objective is green"
                             : R->frontier_risk ? " or has as high a p5" : "");
  char costh[32];
  snprintf(costh, sizeof costh, "cost%s%s%s", m->currency ? " (" : "", m->currency ? m->currency : "", m->currency ? ")" : "");
  buf_puts(b, "  ");
  pad_to(b, costh, 14, true);
  buf_puts(b, R->ncommitted ? "   mean     p5  +mean/1M  all green  portfolio\n" : "   mean     p5  +mean/1M  portfolio\n");
  for (int j = 0; j < nf; j++) {
    const SimRanked *k = &R->ranked[ord[j]];
    buf_puts(b, "  ");
    Buf cb;
    buf_init(&cb);
    put_grouped(&cb, k->r->cost);
    pad_to(b, cb.data, 14, true);
    buf_free(&cb);
    buf_printf(b, "  %5.3f  %5.3f  ", k->r->mean, k->r->p5);
    /* the step from the previous frontier point: what the extra money buys */
    if (j == 0) buf_puts(b, "        ");
    else {
      const SimResult *p = R->ranked[ord[j - 1]].r;
      double dc = k->r->cost - p->cost;
      if (dc > 0) put_gain(b, (k->r->mean - p->mean) / dc * 1e6), buf_putc(b, ' ');
      else buf_puts(b, "        ");
    }
    if (R->ncommitted) buf_printf(b, "     %5.1f%%", k->r->p_all_green * 100.0);
    buf_printf(b, "  %s%s\n", k->p->name, ord[j] == 0 ? "   <- best" : "");
  }
  free(ord);
}

/* Each decision's contribution to the best portfolio (§11.2). */
static void table_contrib(const SimReport *R, Buf *b) {
  const SimModel *m = R->m;
  if (!R->contrib) {
    if (R->ncontrib > SIM_SHAPLEY_MAX)
      buf_printf(b, "\ncontributions not computed: the best portfolio funds %d decisions (at most %d)\n",
                 R->ncontrib, SIM_SHAPLEY_MAX);
    else if (R->ncontrib > 0)
      buf_printf(b, "\ncontributions not computed: %d decisions x %d samples are too many to keep (fewer --samples)\n",
                 R->ncontrib, R->c->samples);
    return;
  }
  buf_printf(b, "\ncontribution to `%s` (scorecard score; ± one standard error):\n", R->ranked[0].p->name);
  int wn = 10;
  for (int i = 0; i < R->ncontrib; i++) if (name_width(m->inits[R->contrib[i].init].name) > wn) wn = name_width(m->inits[R->contrib[i].init].name);
  buf_puts(b, "  ");
  pad_to(b, "decision", wn, false);
  buf_puts(b, "            alone    leave-one-out          Shapley\n");
  double sum = 0.0;
  for (int i = 0; i < R->ncontrib; i++) {
    const SimContrib *c = &R->contrib[i];
    buf_puts(b, "  ");
    pad_to(b, m->inits[c->init].name, wn, false);
    buf_printf(b, "  %+7.4f ± %6.4f  %+7.4f ± %6.4f  %+7.4f ± %6.4f\n", c->alone, c->alone_se, c->loo, c->loo_se,
               c->shapley, c->shapley_se);
    sum = sum + c->shapley;
  }
  buf_puts(b, "  ");
  pad_to(b, "(sum)", wn, false);
  buf_printf(b, "                                      %+7.4f = %5.3f - %5.3f\n", sum, R->ranked[0].r->mean, R->base_mean);
}

static void put_money(Buf *b, double v, const char *cur) {
  if (v < 0) buf_putc(b, '-');
  put_grouped(b, fabs(v));
  if (cur) buf_printf(b, " %s", cur);
}

static void put_payback(Buf *b, const SimMoneyStat *ms) {
  if (ms->payback >= 0) buf_printf(b, ", payback %d period%s after the decision", ms->payback, ms->payback == 1 ? "" : "s");
  else buf_puts(b, ", not paid back within the horizon");
}

/* Money (§12) for the best portfolio. */
static void table_money(const SimReport *R, Buf *b) {
  const SimModel *m = R->m;
  const SimMoneyStat *ms = &R->money[0];
  const char *cur = m->currency;
  if (!ms->has_kr && !ms->has_point) return;     /* other portfolios move money KRs, not this one */
  buf_printf(b, "\nmoney, for `%s` (expected values; §12 says what is counted):\n", R->ranked[0].p->name);
  if (ms->has_point) {
    buf_printf(b, "  scorecard gain %+.2f points x ", (R->ranked[0].r->mean - R->base_mean) * 100.0);
    put_money(b, R->value_per_point, cur);
    buf_puts(b, " = ");
    put_money(b, ms->point_value, cur);
    buf_puts(b, "\n");
  }
  if (ms->has_kr) {
    buf_puts(b, "  money key results, within the horizon: ");
    put_money(b, ms->kr_value, cur);
    buf_puts(b, "\n");
  }
  buf_puts(b, "  cost ");
  put_money(b, R->ranked[0].r->cost, cur);
  buf_puts(b, ", net value ");
  put_money(b, ms->net, cur);
  if (isfinite(ms->roi)) buf_printf(b, ", return %.1f%%", ms->roi * 100.0);
  if (ms->has_kr) put_payback(b, ms);
  buf_puts(b, "\n");
  for (int i = 0; R->dmoney && i < m->ninits; i++) {
    const SimMoneyStat *d = &R->dmoney[i];
    if (!d->has_kr) continue;
    buf_printf(b, "  %s on its own: money key results ", m->inits[i].name);
    put_money(b, d->kr_value, cur);
    buf_puts(b, " for ");
    put_money(b, m->inits[i].cost, cur);
    if (isfinite(d->roi)) buf_printf(b, ", return %.1f%%", d->roi * 100.0);
    put_payback(b, d);
    buf_puts(b, "\n");
  }
}

/* The tornado, in the direction that helps (§6). */
static void table_sens(const SimReport *R, Buf *b) {
  const SimSwings *S = &R->sw;
  int nscore = 0;
  while (nscore < S->n && S->v[nscore].kind != SW_COST) nscore++;
  int ns = nscore < 10 ? nscore : 10, wi = 0;
  for (int i = 0; i < S->n; i++) if ((i < ns || S->v[i].kind == SW_COST) && name_width(S->v[i].name) > wi) wi = name_width(S->v[i].name);
  if (ns > 0) {
    buf_printf(b, "\nsensitivity of the scorecard to each uncertain input (10th and 90th percentile,\n"
                  "others at their median; worse -> better side), for `%s`:\n", R->ranked[0].p->name);
    double maxs = S->v[0].swing > 0 ? S->v[0].swing : 1.0;
    for (int i = 0; i < ns; i++) {
      const SimSwing *s = &S->v[i];
      buf_puts(b, "  ");
      pad_to(b, s->name, wi, false);
      buf_printf(b, "  %5.3f -> %5.3f  swing %5.3f  %s  ", s->worse, s->better, s->swing,
                 s->swing == 0 ? "          " : s->good_low ? "low helps " : "high helps");
      put_bar(b, s->swing / maxs);
      buf_puts(b, "\n");
    }
  }
  if (nscore < S->n) {
    buf_puts(b, "\nsensitivity of gain per million to each uncertain cost (10th and 90th percentile):\n");
    for (int i = nscore; i < S->n; i++) {
      const SimSwing *s = &S->v[i];
      buf_puts(b, "  ");
      pad_to(b, s->name, wi, false);
      buf_puts(b, "  ");
      put_gain(b, s->worse);
      buf_puts(b, " -> ");
      put_gain(b, s->better);
      buf_puts(b, "\n");
    }
  }
}

void sim_render_table(const SimReport *R, Buf *b) {
  const SimModel *m = R->m;
  int shown = R->nranked < R->top ? R->nranked : R->top;
  buf_printf(b, "%s: %d sample%s x %d portfolio%s, seed %llu, engine %s\n", R->file, R->c->samples,
             R->c->samples == 1 ? "" : "s", R->nranked, R->nranked == 1 ? "" : "s",
             (unsigned long long)R->c->seed, R->engine);
  int open = 0;                                  /* decisions: the done initiatives are none */
  for (int i = 0; i < m->ninits; i++) open += !m->inits[i].fixed;
  if (!strcmp(R->method, "exhaustive")) {
    buf_printf(b, "every subset of %d initiatives within the budget of ", open);
    put_grouped(b, R->budget);
    buf_printf(b, " %s\n", m->currency ? m->currency : "");
  } else if (!strcmp(R->method, "search")) {
    buf_printf(b, "search over %d initiatives within the budget of ", open);
    put_grouped(b, R->budget);
    buf_printf(b, " %s: greedy by gain per cost, then local improvement;\n"
                  "the best portfolios found, not a proof of the best\n", m->currency ? m->currency : "");
  }
  buf_printf(b, "baseline: doing nothing, decided at %s%s, %5.3f%s\n", R->decided,
             !R->any_data ? " (no actuals yet)" : m->decided_default ? " (the latest period with data)" : "",
             R->base->mean,
             m->hold ? " (KRs without a forecast held at their last value)" : "");
  int nfixed = 0;
  for (int i = 0; i < m->ninits; i++)
    if (m->inits[i].fixed) buf_printf(b, "%s%s", nfixed++ ? ", " : "done, in every portfolio with its cost sunk: ", m->inits[i].name);
  if (nfixed) buf_putc(b, '\n');
  if (R->p_budget)
    buf_puts(b, "some costs are uncertain: `in budget` is the chance that a portfolio's drawn cost stays within the budget\n");
  if (m->nplanned > 0)
    buf_printf(b, "          %d key result%s without a forecast follow%s the plan to %s target "
                  "(--hold-unforecast keeps the last value)\n", m->nplanned, m->nplanned == 1 ? "" : "s",
               m->nplanned == 1 ? "s" : "", m->nplanned == 1 ? "its" : "their");
  buf_puts(b, "\n");
  /* column widths */
  int wn = 9;
  for (int i = 0; i < shown; i++) {
    int w = utf8_width(R->ranked[i].p->name, strlen(R->ranked[i].p->name), 1);
    if (w > wn) wn = w;
  }
  if (wn > 48) wn = 48;
  char costh[32];
  snprintf(costh, sizeof costh, "cost%s%s%s", m->currency ? " (" : "", m->currency ? m->currency : "", m->currency ? ")" : "");
  buf_puts(b, "rank  ");
  pad_to(b, "portfolio", wn, false);
  buf_puts(b, "  ");
  pad_to(b, costh, 14, true);
  buf_puts(b, R->p_budget ? "   mean     sd     p5    p50    p95  gain/1M  in budget\n" : "   mean     sd     p5    p50    p95  gain/1M\n");
  for (int i = 0; i < shown; i++) {
    const SimRanked *k = &R->ranked[i];
    buf_printf(b, "%4d%s ", i + 1, R->show_frontier && R->frontier[i] ? "*" : " ");
    char *nm = bsc_strdup(k->p->name);
    if (utf8_width(nm, strlen(nm), 1) > wn) {
      /* cut at a character boundary, with an ellipsis */
      size_t cut = 0;
      int w = 0;
      while (nm[cut]) {
        uint32_t cp;
        int l = utf8_decode(nm + cut, strlen(nm + cut), &cp);
        if (l <= 0) l = 1;
        int cw = utf8_cp_width(cp);
        if (w + cw > wn - 1) break;
        w += cw;
        cut += (size_t)l;
      }
      nm[cut] = 0;
      Buf t;
      buf_init(&t);
      buf_puts(&t, nm);
      buf_puts(&t, "…");
      free(nm);
      nm = buf_steal(&t);
    }
    pad_to(b, nm, wn, false);
    free(nm);
    buf_puts(b, "  ");
    Buf cb;
    buf_init(&cb);
    put_grouped(&cb, k->r->cost);
    pad_to(b, cb.data, 14, true);
    buf_free(&cb);
    buf_printf(b, "  %5.3f  %5.3f  %5.3f  %5.3f  %5.3f  ", k->r->mean, k->r->sd, k->r->p5, k->r->p50, k->r->p95);
    put_gain(b, sim_gain_per_million(k->r, R->base_mean));
    if (R->p_budget) buf_printf(b, "  %8.1f%%", R->p_budget[k->r - R->res] * 100);
    buf_putc(b, '\n');
  }
  if (R->nranked > shown) buf_printf(b, "      (%d more; --top N shows more)\n", R->nranked - shown);
  if (R->nranked == 0) return;
  const SimRanked *best = &R->ranked[0];
  if (R->show_frontier) buf_puts(b, "      (* on the efficient frontier)\n");
  buf_printf(b, "\nbest: %s\n", best->p->name);
  table_objectives(R, b);
  if (R->show_frontier) table_frontier(R, b);
  if (R->show_contrib) table_contrib(R, b);
  if (R->any_money) table_money(R, b);
  if (R->has_sens && R->sw.n > 0) table_sens(R, b);
}
