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

typedef struct SimConfig SimConfig;
typedef struct SimResult SimResult;
/* Evaluates portfolios in place of sim_run's threads (the MPI runner of
 * bscc-mpi, sim_mpi.c); the same contract as sim_run. */
typedef void (*SimRunFn)(const SimModel *m, SimBlockFn fn, const unsigned char *funded, int nport,
                         const SimConfig *c, SimResult *out);

struct SimConfig {
  uint64_t seed;
  int samples;
  int threads;               /* 0: all cores */
  bool progress;             /* a progress bar on stderr */
  SimRunFn runner;           /* NULL: this process's threads */
  bool verbose;              /* runners: their statistics on stderr */
};

/* The distribution of a portfolio's scorecard score (`bscc report`):
 * bin i counts the samples with i / SIM_HIST_BINS <= score < (i + 1) /
 * SIM_HIST_BINS; a score of 1 (or above) counts in the last bin, below 0
 * in the first. */
enum { SIM_HIST_BINS = 20 };

/* The outcome of one portfolio. */
struct SimResult {
  double cost;
  double mean, p5, p50, p95;
  double sd;                 /* standard deviation of the scorecard score (N - 1 divisor; 0 when N = 1) */
  double *p_green;           /* [nobjs + 1]: fraction of samples in which each objective is green;
                                [nobjs]: in which every committed one is (sim_all_green_counts) */
  int hist[SIM_HIST_BINS];   /* samples per score bin */
  double p_all_green;        /* = p_green[nobjs]: every committed objective green at once */
};

/* Each objective's score in the last period over the samples of one
 * portfolio (docs/simulation.md §4). */
typedef struct SimObjStat { double mean, sd, p5, p50, p95, p_green; } SimObjStat;

/* Evaluates nport portfolios (funded: [nport * ninits]) with `fn`; fills
 * out[nport] (p_green arrays allocated here; sim_results_free).  The
 * numbers depend only on the model, the seed and the sample count. */
void sim_run(const SimModel *m, SimBlockFn fn, const unsigned char *funded, int nport,
             const SimConfig *c, SimResult *out);
/* sim_run, and each objective's statistics of every portfolio from the
 * same pass of the engine (its objq, simir.h): ostat[p] set to [nobjs],
 * malloc'd.  Their samples are held for the percentiles, N x (nobjs + 1)
 * doubles a portfolio, SIM_DETAIL_BYTES at most for all the portfolios
 * held at once (more only when one portfolio's exceed it).  With a
 * runner (bscc-mpi) the run is the runner's and the objectives come from
 * a second pass of this process's threads. */
void sim_run_objs(const SimModel *m, SimBlockFn fn, const unsigned char *funded, int nport,
                  const SimConfig *c, SimResult *out, SimObjStat **ostat);
/* Only each objective's statistics (ostat as above), from a pass of this
 * process's threads whatever c's runner, without a progress bar. */
void sim_objs_here(const SimModel *m, SimBlockFn fn, const unsigned char *funded, int nport,
                   const SimConfig *c, SimObjStat **ostat);
#define SIM_DETAIL_BYTES 268435456.0   /* 256 MB */
void sim_results_free(SimResult *r, int n);
void sim_results_alloc(const SimModel *m, SimResult *out, int n);   /* zeroed, p_green allocated */

/* The parts of sim_run, for runners that split a run across processes.
 * Samples are evaluated in blocks of SIM_SAMPLE_BLOCK from sample 0. */
enum { SIM_SAMPLE_BLOCK = 128 };
uint64_t *sim_keys(const SimModel *m, uint64_t seed);            /* malloc'd [ninputs] */
void sim_samples(const SimModel *m, SimBlockFn fn, const unsigned char *funded, int count, int s0, int ns,
                 const uint64_t *keys, double *scores, double *blk, uint32_t *green);
void sim_stats(const SimModel *m, const unsigned char *funded, double *s, int N, const uint32_t *green,
               SimResult *r);
double sim_sd(const double *x, int n, double mean);
/* How many objectives count in p_all_green (sim_all_green_counts). */
int sim_ncommitted(const SimModel *m);
/* What a portfolio costs: its funded initiatives, in file order. */
double sim_port_cost(const SimModel *m, const unsigned char *f);

/* Uncertain costs (docs/simulation.md §13): the cost each initiative
 * would take from now in samples 0..N-1, [i * N + j] (a drawn cost less
 * the spend to date, at least 0; a certain cost as it is); NULL when no
 * cost is uncertain.  Drawn from the streams "cost:NAME" of the seed, so
 * that they change nothing else of the run. */
double *sim_cost_draws(const SimModel *m, uint64_t seed, int N);
/* The share of the N samples in which portfolio f costs at most budget. */
double sim_budget_chance(const SimModel *m, const double *draws, int N, const unsigned char *f, double budget);

/* `bscc sim ARGS`: returns the exit status. */
int sim_main(int argc, char **argv);
/* `bscc sim --format=json` with the simulation's own options ARGS on the
 * strategy that `in` has loaded (score_open, score_cmd.h), the JSON added
 * to `json` instead of written (bscc report --sim-run: the strategy is
 * loaded and checked once); the exit status of bscc sim. */
struct ScoreInput;
int sim_main_json(struct ScoreInput *in, int argc, char **argv, Buf *json);

#endif
