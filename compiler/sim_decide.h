/*
 * sim_decide.h - what `bscc sim` decides with (docs/simulation.md §5-6,
 * §11-12): the portfolios ranked, the search beyond exhaustive size, the
 * gain per cost, the sensitivity of the best portfolio to each input, each
 * objective's statistics, the efficient frontier, each initiative's
 * contribution, and the money figures.
 */
#ifndef BSC_SIM_DECIDE_H
#define BSC_SIM_DECIDE_H

#include "sim_ports.h"

/* A portfolio with its result, in the order of the report. */
typedef struct SimRanked { const SimPortfolio *p; const SimResult *r; } SimRanked;

/* One uncertain input's swing (§6): the input at its 10th and 90th
 * percentile, the others at their medians.  For a forecast, an effect or a
 * link strength the outcome is the scorecard score; for a cost it is the
 * portfolio's gain per million. */
typedef enum { SW_FORECAST, SW_EFFECT, SW_LINK, SW_COST, SW_LAG } SimSwingKind;   /* SW_LAG: an uncertain lag (a link's or an effect's) */
typedef struct SimSwing {
  SimSwingKind kind;
  int index;                 /* inputs[] (forecast, effect), links[] (link), inits[] (cost) */
  const char *name;          /* owned by the model, or by the swing list (links) */
  double x10, x90;           /* the input at its 10th and 90th percentile */
  double low, high;          /* the outcome at x10, at x90 */
  double worse, better;      /* the smaller and the larger of the two */
  bool good_low;             /* the 10th percentile is the side that helps */
  double swing;              /* better - worse */
} SimSwing;
typedef struct SimSwings { SimSwing *v; int n; char **names; int nnames; } SimSwings;

/* One funded decision's contribution to a portfolio P (§11.2), each with
 * its Monte Carlo standard error over the samples. */
typedef struct SimContrib {
  int init;
  double alone, alone_se;    /* mean({i}) - mean({}) */
  double loo, loo_se;        /* mean(P) - mean(P \ {i}) */
  double shapley, shapley_se;
} SimContrib;
enum { SIM_SHAPLEY_MAX = 12 };   /* exact over the 2^k subsets of P up to k = 12 */
#define SIM_CONTRIB_VALUES 3e7       /* k x 3 x samples values kept at most (240 MB) */

/* Money (§12), for one portfolio. */
typedef struct SimMoneyStat {
  bool has_point;            /* --value-per-point given */
  double point_value;        /* expected scorecard gain x 100 x value per point */
  bool has_kr;               /* a funded decision moves a money KR */
  double kr_value;           /* the expected money its effects add within the horizon */
  double net, roi;           /* point_value + kr_value - cost; net / cost (NaN for no cost) */
  int payback;               /* periods after the decision until the money KRs repay the cost; -1 not within the horizon */
} SimMoneyStat;

/* Evaluates the portfolios of s from index `from` on into res (grown to
 * s->n); with ostat ([s->n]), also each objective's statistics of them
 * into ostat[from ..] (sim_run_objs). */
SimResult *sim_eval_ports(const SimModel *m, SimBlockFn fn, SimPortSet *s, int from, SimResult *res, const SimConfig *c,
                          SimObjStat **ostat);
/* Greedy by gain per cost then local improvement, within budget; every
 * portfolio evaluated is added to s; returns the results of s. */
SimResult *sim_search(const SimModel *m, SimBlockFn fn, SimPortSet *s, double budget, const SimConfig *c);
/* Higher mean, then lower cost, then fewer initiatives, then name. */
SimRanked *sim_rank(const SimModel *m, const SimPortSet *s, const SimResult *res);
/* The sensitivity of `funded` (its result r, the baseline's mean for the
 * cost rows), largest swing first; sim_swings_free. */
SimSwings sim_tornado(const SimModel *m, const unsigned char *funded, const SimResult *r, double base_mean);
void sim_swings_free(SimSwings *s);
double sim_gain_per_million(const SimResult *r, double base_mean);
/* Each objective's statistics of n portfolios (funded [n * ninits]) at the
 * seed's samples, in one pass of the engine fn over them all with this
 * process's threads (also under bscc-mpi): [n] of [nobjs], malloc'd. */
SimObjStat **sim_obj_stats(const SimModel *m, SimBlockFn fn, const unsigned char *funded, int n, const SimConfig *c);
/* The criteria of the efficient frontier besides cost and mean. */
enum { SIM_FRONTIER_MEAN = 0, SIM_FRONTIER_RISK = 1, SIM_FRONTIER_GREEN = 2 };
/* The efficient frontier over v[0..n) (ranked): on[i] set for the
 * portfolios that no other portfolio dominates in (cost, mean), with
 * SIM_FRONTIER_RISK (cost, mean, p5), with SIM_FRONTIER_GREEN (cost, mean,
 * p_all_green).  Returns how many. */
int sim_frontier(const SimRanked *v, int n, int crit, unsigned char *on);
/* The contributions of P's funded decisions with `fn` (k <= SIM_SHAPLEY_MAX);
 * *n set to k; NULL when k is 0 or too large. */
SimContrib *sim_contrib(const SimModel *m, SimBlockFn fn, const unsigned char *P, const SimConfig *c, int *n);
/* The money figures of a portfolio; point_value < 0: no value per point. */
SimMoneyStat sim_money(const SimModel *m, const unsigned char *funded, const SimResult *r, double base_mean,
                       double value_per_point, bool has_point);

#endif
