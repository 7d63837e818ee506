/*
 * sim_decide.h - what `bscc sim` decides with (docs/simulation.md §5-6):
 * the portfolios ranked, the search beyond exhaustive size, the gain per
 * cost, and the sensitivity of the best portfolio to each input.
 */
#ifndef BSC_SIM_DECIDE_H
#define BSC_SIM_DECIDE_H

#include "sim_ports.h"

/* A portfolio with its result, in the order of the report. */
typedef struct SimRanked { const SimPortfolio *p; const SimResult *r; } SimRanked;
/* One input's swing of the scorecard score, 10th -> 90th percentile. */
typedef struct SimSwing { int input; double low, high, swing; } SimSwing;

/* Evaluates the portfolios of s from index `from` on into res (grown to s->n). */
SimResult *sim_eval_ports(const SimModel *m, SimBlockFn fn, SimPortSet *s, int from, SimResult *res, const SimConfig *c);
/* Greedy by gain per cost then local improvement, within budget; every
 * portfolio evaluated is added to s; returns the results of s. */
SimResult *sim_search(const SimModel *m, SimBlockFn fn, SimPortSet *s, double budget, const SimConfig *c);
/* Higher mean, then lower cost, then fewer initiatives, then name. */
SimRanked *sim_rank(const SimModel *m, const SimPortSet *s, const SimResult *res);
SimSwing *sim_tornado(const SimModel *m, const unsigned char *funded);
double sim_gain_per_million(const SimResult *r, double base_mean);

#endif
