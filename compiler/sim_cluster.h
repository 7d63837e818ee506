/*
 * sim_cluster.h - the hook through which bscc-mpi (sim_mpi.c, docs/cluster.md)
 * runs `bscc sim` on many processes.  The plain bscc leaves sim_cluster
 * NULL and never depends on MPI; bscc-mpi sets it before calling sim_main
 * on every rank.
 */
#ifndef BSC_SIM_CLUSTER_H
#define BSC_SIM_CLUSTER_H

#include "sim.h"

/* Where every rank meets the others: the model loaded, the engine ready. */
typedef enum { SIMCL_LOADED, SIMCL_READY } SimClusterPhase;

typedef struct SimCluster {
  int rank, size;
  /* Every rank calls it at each phase, in order: -1 to go on, else the
   * exit status to stop with (some rank failed; the failure is reported). */
  int (*sync)(SimClusterPhase ph);
  /* Ranks > 0, after SIMCL_READY: evaluate what rank 0 sends until it
   * stops; returns the exit status. */
  int (*serve)(const SimModel *m, SimBlockFn fn, const SimConfig *c);
  /* Rank 0's SimConfig.runner. */
  SimRunFn run;
} SimCluster;

extern const SimCluster *sim_cluster;

#endif
