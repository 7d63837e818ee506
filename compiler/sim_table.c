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
  buf_puts(b, R->p_budget ? "   mean     p5    p50    p95  gain/1M  in budget\n" : "   mean     p5    p50    p95  gain/1M\n");
  for (int i = 0; i < shown; i++) {
    const SimRanked *k = &R->ranked[i];
    buf_printf(b, "%4d  ", i + 1);
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
    buf_printf(b, "  %5.3f  %5.3f  %5.3f  %5.3f  ", k->r->mean, k->r->p5, k->r->p50, k->r->p95);
    put_gain(b, sim_gain_per_million(k->r, R->base_mean));
    if (R->p_budget) buf_printf(b, "  %8.1f%%", R->p_budget[k->r - R->res] * 100);
    buf_putc(b, '\n');
  }
  if (R->nranked > shown) buf_printf(b, "      (%d more; --top N shows more)\n", R->nranked - shown);
  if (R->nranked == 0) return;
  const SimRanked *best = &R->ranked[0];
  buf_printf(b, "\nbest: %s\nchance of green by objective:\n", best->p->name);
  int wo = 0;
  for (int o = 0; o < m->nobjs; o++) {
    int w = utf8_width(m->objs[o].name, strlen(m->objs[o].name), 1);
    if (w > wo) wo = w;
  }
  for (int o = 0; o < m->nobjs; o++) {
    if (m->objs[o].empty) continue;
    buf_puts(b, "  ");
    pad_to(b, m->objs[o].name, wo, false);
    double pg = best->r->p_green[o];
    buf_printf(b, "  %5.1f%%  ", pg * 100.0);
    int bars = score_cells(pg, 20);
    for (int i = 0; i < bars; i++) buf_puts(b, "█");
    buf_puts(b, "\n");
  }
  if (R->swings && m->ninputs > 0) {
    buf_printf(b, "\nsensitivity of the scorecard to each uncertain input (10th -> 90th percentile,\nothers at their median), for `%s`:\n", best->p->name);
    int wi = 0, ns = m->ninputs < 10 ? m->ninputs : 10;
    for (int i = 0; i < ns; i++) {
      const char *nm = m->inputs[R->swings[i].input].name;
      int w = utf8_width(nm, strlen(nm), 1);
      if (w > wi) wi = w;
    }
    double maxs = R->swings[0].swing > 0 ? R->swings[0].swing : 1.0;
    for (int i = 0; i < ns; i++) {
      const SimSwing *s = &R->swings[i];
      buf_puts(b, "  ");
      pad_to(b, m->inputs[s->input].name, wi, false);
      buf_printf(b, "  %5.3f -> %5.3f  swing %5.3f  ", s->low, s->high, s->swing);
      int bars = score_cells(s->swing / maxs, 20);
      for (int j = 0; j < bars; j++) buf_puts(b, "█");
      buf_puts(b, "\n");
    }
  }
}
