/*
 * sim.h - Monte Carlo simulation of OKR portfolios (docs/simulation.md):
 * lowering a checked program to the model (lower.c), running portfolios
 * with an engine (the interpreter or the libgccjit code: sim.c), and the
 * `bscc sim` command (sim_cmd.c).
 */
#ifndef BSC_SIM_H
#define BSC_SIM_H

#include "program.h"
#include "score.h"
#include "simir.h"

/* How the lowering reads the actuals (docs/simulation.md §3). */
typedef struct SimLowerOptions {
  bool hold;                 /* --hold-unforecast: a KR without a forecast keeps its last
                                value (else its baseline) instead of reaching its target */
} SimLowerOptions;

/* lower.c.  The decision period is sc->as_of.  Returns NULL and sets *err
 * (malloc'd) when the program cannot be simulated (e.g. costs in two
 * currencies).  sim_lower uses the default options. */
SimModel *sim_lower(Program *p, const ScoreCard *sc, char **err);
SimModel *sim_lower_with(Program *p, const ScoreCard *sc, const SimLowerOptions *o, char **err);
void      sim_free(SimModel *m);
uint64_t  sim_model_hash(const SimModel *m);

typedef enum { ENGINE_AUTO, ENGINE_INTERP, ENGINE_JIT } SimEngineKind;

typedef struct SimConfig {
  uint64_t seed;
  int samples;
  int threads;               /* 0: all cores */
  bool progress;             /* a progress bar on stderr */
} SimConfig;

/* The distribution of a portfolio's scorecard score (`bscc report`):
 * bin i counts the samples with i / SIM_HIST_BINS <= score < (i + 1) /
 * SIM_HIST_BINS; a score of 1 (or above) counts in the last bin, below 0
 * in the first. */
enum { SIM_HIST_BINS = 20 };

/* The outcome of one portfolio. */
typedef struct SimResult {
  double cost;
  double mean, p5, p50, p95;
  double *p_green;           /* [nobjs]: fraction of samples in which it is green */
  int hist[SIM_HIST_BINS];   /* samples per score bin */
} SimResult;

/* Evaluates nport portfolios (funded: [nport * ninits]) with `fn`; fills
 * out[nport] (p_green arrays allocated here; sim_results_free).  The
 * numbers depend only on the model, the seed and the sample count. */
void sim_run(const SimModel *m, SimBlockFn fn, const unsigned char *funded, int nport,
             const SimConfig *c, SimResult *out);
void sim_results_free(SimResult *r, int n);
/* What a portfolio costs: its funded initiatives, in file order. */
double sim_port_cost(const SimModel *m, const unsigned char *f);

/* `bscc sim ARGS`: returns the exit status. */
int sim_main(int argc, char **argv);

#endif
