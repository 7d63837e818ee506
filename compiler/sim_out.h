/*
 * sim_out.h - the renderers of `bscc sim`: one per format, over one plain
 * SimReport (sim_table.c, sim_json.c, sim_csv.c).
 */
#ifndef BSC_SIM_OUT_H
#define BSC_SIM_OUT_H

#include "sim_decide.h"
#include <stdio.h>

/* Everything a renderer needs about one run. */
typedef struct SimReport {
  const SimModel *m;
  const SimPortSet *ports;
  const SimResult *res;
  SimRanked *ranked;            /* all portfolios, best first */
  int nranked;
  const SimResult *base;     /* the empty portfolio: "doing nothing" */
  double base_mean;          /* its mean */
  const char *decided;       /* the decision period, "2024-Q2" */
  bool any_data;             /* any actual at all */
  const char *method;        /* "default", "batch", "exhaustive", "search" */
  double budget;
  bool has_budget;
  const SimConfig *c;
  const char *engine;
  SimSwings sw;              /* the sensitivity of ranked[0] (n = 0: none) */
  bool has_sens;
  SimObjStat **ostat;        /* [nranked]: each objective's statistics, NULL where not computed */
  SimObjStat *base_ostat;    /* doing nothing's */
  unsigned char *frontier;   /* [nranked]: 1 on the efficient frontier */
  int nfrontier;
  bool frontier_risk;        /* the frontier is over (cost, mean, p5), not (cost, mean) */
  bool frontier_green;       /* ... over (cost, mean, chance that every committed objective is green) */
  int ncommitted;            /* objectives in that chance (sim_ncommitted); 0: it is not reported */
  bool show_frontier;        /* --frontier: the table lists it */
  SimContrib *contrib;       /* ranked[0]'s decisions, NULL when not asked or k > SIM_SHAPLEY_MAX */
  int ncontrib;              /* k */
  bool show_contrib;         /* --contrib */
  SimMoneyStat *money;       /* [nranked] */
  SimMoneyStat base_money;
  SimMoneyStat *dmoney;      /* [ninits]: each decision of ranked[0] with a money effect, on its own
                                (its money KRs against its cost; has_kr false elsewhere) */
  bool any_money;            /* --value-per-point given, or a money KR moved by some decision */
  double value_per_point;
  bool has_point;
  SimSwing *swings;
  double *p_budget;          /* [ports->n]: the chance of staying within the budget (uncertain
                                costs and a budget), or NULL */
  int top;
  const char *file;
} SimReport;

void sim_render_table(const SimReport *R, Buf *b);
void sim_render_json(const SimReport *R, Buf *b);
void sim_render_csv(const SimReport *R, Buf *b);
/* The lowered model as JSON (`--dump-model`). */
void sim_render_model(const SimModel *m, FILE *out);

#endif
