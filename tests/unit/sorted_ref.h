/*
 * sorted_ref.h - the plain reference for the simulation's percentiles:
 * sort a copy, then take the rank round(q (n - 1)), as docs/simulation.md
 * §4 defines it.  Shared by the tests that hold the engine's selections
 * (test_objstats.c, test_simstats.c) to it bit for bit.
 */
#ifndef BSCC_TEST_SORTED_REF_H
#define BSCC_TEST_SORTED_REF_H

#include <math.h>

static inline int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static inline double sorted_q(const double *a, int n, double q) {
  int i = (int)floor(q * (double)(n - 1) + 0.5);
  return a[i < 0 ? 0 : i >= n ? n - 1 : i];
}

#endif
