/*
 * sim_csv.c - `bscc sim --format=csv`: one row per portfolio, ranked.
 */
#include "sim_out.h"
#include "csvio.h"

void sim_render_csv(const SimReport *R, Buf *b) {
  const SimModel *m = R->m;
  buf_puts(b, "rank,name,initiatives,cost,mean,p5,p50,p95,gain_per_million,decided_at,baseline_mean");
  buf_puts(b, R->p_budget ? ",p_within_budget\n" : "\n");   /* uncertain costs and a budget */
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
    if (R->p_budget) { buf_putc(b, ','); csvio_put_num(b, R->p_budget[k->r - R->res]); }
    buf_putc(b, '\n');
  }
}
