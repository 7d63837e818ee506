/*
 * sim_ports.h - the portfolios `bscc sim` compares (docs/simulation.md §5):
 * the default set, a CSV batch (`name,initiatives`), every subset within a
 * budget.
 */
#ifndef BSC_SIM_PORTS_H
#define BSC_SIM_PORTS_H

#include "sim.h"
#include "util.h"

typedef struct SimPortfolio {
  char *name;
  unsigned char *funded;     /* [ninits] */
  Span span;                 /* its CSV row (unset when generated) */
} SimPortfolio;

typedef struct SimPortSet {
  SimPortfolio *items;
  int n, cap;
} SimPortSet;

SimPortfolio *sim_port_add(SimPortSet *s, const SimModel *m, char *name);
void sim_ports_free(SimPortSet *s);
/* "a + b + c", or "(none)"; malloc'd. */
char *sim_subset_name(const SimModel *m, const unsigned char *f);
/* f with the done initiatives funded and the others not (simulation.md §13). */
void sim_port_base(const SimModel *m, unsigned char *f);
/* Nothing, each initiative alone, everything. */
void sim_ports_default(SimPortSet *s, const SimModel *m);
/* Reads a portfolio CSV into set; problems go to p's diagnostics and are
 * counted in *errors.  Returns false when the file cannot be read (*e). */
bool sim_ports_csv(Program *p, const SimModel *m, SimPortSet *set, const char *path, int *errors, FileErr *e);
/* Every subset of the initiatives costing at most budget (n <= 20). */
void sim_ports_subsets(SimPortSet *s, const SimModel *m, double budget);
/* At most one level of each initiative; sim_fund funds i and clears its other levels. */
bool sim_ports_valid(const SimModel *m, const unsigned char *f);
void sim_fund(const SimModel *m, unsigned char *f, int i);
int sim_find_subset(const SimPortSet *s, const SimModel *m, const unsigned char *f);

#endif
