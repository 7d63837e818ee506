/*
 * sim_csv.c - `bscc sim --format=csv`: one row per portfolio, ranked
 * (the columns: docs/simulation.md §10, "The CSV").
 */
#include "sim_out.h"
#include "csvio.h"

#include <math.h>

static void put_opt(Buf *b, bool has, double v) {
  buf_putc(b, ',');
  if (has && isfinite(v)) csvio_put_num(b, v);
}

/* p_green, mean, sd of the nodes objs[from .. to) with data */
static void put_nodes(Buf *b, const SimModel *m, const double *p_green, const SimObjStat *st, int from, int to) {
  for (int o = from; o < to; o++) {
    if (m->objs[o].empty) continue;
    put_opt(b, true, p_green[o]);
    put_opt(b, st != NULL, st ? st[o].mean : 0);
    put_opt(b, st != NULL, st ? st[o].sd : 0);
  }
}

/* the header of put_nodes' columns: PREFIXp_green:NAME, PREFIXmean:NAME,
 * PREFIXsd:NAME */
static void put_node_names(Buf *b, const SimModel *m, const char *prefix, int from, int to) {
  static const char *col[] = {"p_green", "mean", "sd"};
  for (int o = from; o < to; o++) {
    if (m->objs[o].empty) continue;
    for (int c = 0; c < 3; c++) {
      Buf h;
      buf_init(&h);
      buf_printf(&h, "%s%s:%s", prefix, col[c], m->objs[o].name);
      buf_putc(b, ',');
      csvio_put_field(b, h.data);
      buf_free(&h);
    }
  }
}

void sim_render_csv(const SimReport *R, Buf *b) {
  const SimModel *m = R->m;
  buf_puts(b, "rank,name,initiatives,cost,mean,p5,p50,p95,gain_per_million,decided_at,baseline_mean,"
              "sd,frontier,net_value,roi,payback");
  put_node_names(b, m, "", 0, m->theme_first);
  buf_puts(b, R->p_budget ? ",p_within_budget" : "");   /* uncertain costs and a budget */
  buf_puts(b, ",p_all_green");                        /* empty when no objective is committed */
  put_node_names(b, m, "theme_", m->theme_first, m->theme_first + m->nthemes);   /* themes, after */
  buf_putc(b, '\n');
  for (int i = 0; i < R->nranked; i++) {
    const SimRanked *k = &R->ranked[i];
    buf_printf(b, "%d,", i + 1);
    csvio_put_field(b, k->p->name);
    buf_putc(b, ',');
    Buf in;
    buf_init(&in);
    for (int j = 0; j < m->ninits; j++)
      if (k->p->funded[j]) { if (in.len) buf_putc(&in, ';'); buf_puts(&in, m->inits[j].name); }
    csvio_put_field(b, in.data ? in.data : "");
    buf_free(&in);
    double num[] = {k->r->cost, k->r->mean, k->r->p5, k->r->p50, k->r->p95, sim_gain_per_million(k->r, R->base_mean)};
    for (size_t j = 0; j < sizeof num / sizeof *num; j++) {
      buf_putc(b, ',');
      csvio_put_num(b, num[j]);
    }
    buf_putc(b, ',');
    csvio_put_field(b, R->decided);
    buf_putc(b, ',');
    csvio_put_num(b, R->base->mean);
    put_opt(b, true, k->r->sd);
    buf_printf(b, ",%d", R->frontier && R->frontier[i] ? 1 : 0);
    const SimMoneyStat *ms = R->money ? &R->money[i] : NULL;
    put_opt(b, R->any_money && ms, ms ? ms->net : 0);
    put_opt(b, R->any_money && ms, ms ? ms->roi : 0);
    put_opt(b, ms && ms->has_kr && ms->payback >= 0, ms ? ms->payback : 0);
    const SimObjStat *st = R->ostat ? R->ostat[i] : NULL;
    put_nodes(b, m, k->r->p_green, st, 0, m->theme_first);
    if (R->p_budget) { buf_putc(b, ','); csvio_put_num(b, R->p_budget[k->r - R->res]); }
    put_opt(b, R->ncommitted > 0, k->r->p_all_green);
    put_nodes(b, m, k->r->p_green, st, m->theme_first, m->theme_first + m->nthemes);
    buf_putc(b, '\n');
  }
}
