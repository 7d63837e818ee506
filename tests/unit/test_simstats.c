/*
 * test_simstats.c - a portfolio's statistics (sim_stats, sim.c) against a
 * plain reference computed here: the mean summed in sample order, the
 * standard deviation about it (sim_sd's order), the percentiles from a
 * sorted copy and the score bins counted one by one.  Bit for bit, on
 * sample counts large enough that the percentiles are found by bins
 * (sim.c binned_stats: 64 samples a bin, at least 16 bins), and on the
 * shapes that make bins hard: most samples on one value (an objective
 * clamped at 0 or 1), all equal, a handful of values, a range from
 * 1e-300 to 1e300, negative values, NaN and infinities (which go to the
 * selection over all samples), and 0 beside -0 (equal, printed apart:
 * the value must be one of the two zeros the samples hold).
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "sim.h"
#include "sorted_ref.h"

static bool same_bits(double x, double y) { return memcmp(&x, &y, sizeof x) == 0; }

static uint64_t rng = 88172645463325252ull;
static double uniform(void) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return (double)(rng >> 11) / 9007199254740992.0;
}

/* sim_stats of s[0..N) against the reference; zeros: the samples hold
 * both zeros, so a zero percentile is compared by value */
static void check(const char *what, const double *s, int N, bool zeros) {
  SimModel m = {0};
  double pg[1];
  uint32_t green[1] = { 0 };
  SimResult r = { .p_green = pg };
  double *a = malloc(sizeof(double) * (size_t)N), *b = malloc(sizeof(double) * (size_t)N);
  memcpy(a, s, sizeof(double) * (size_t)N);
  memcpy(b, s, sizeof(double) * (size_t)N);
  sim_stats(&m, NULL, a, N, green, &r);
  double sum = 0.0;
  int hist[SIM_HIST_BINS] = {0};
  for (int j = 0; j < N; j++) {
    sum = sum + s[j];
    double x = s[j] * SIM_HIST_BINS;
    hist[!(x >= 0) ? 0 : x >= SIM_HIST_BINS - 1 ? SIM_HIST_BINS - 1 : (int)x]++;
  }
  double mean = sum / (double)N;
  qsort(b, (size_t)N, sizeof(double), cmp_double);
  double p[3] = { sorted_q(b, N, 0.05), sorted_q(b, N, 0.50), sorted_q(b, N, 0.95) }, got[3] = { r.p5, r.p50, r.p95 };
  cr_assert(same_bits(r.mean, mean) || (isnan(r.mean) && isnan(mean)), "%s: mean %.17g, not %.17g", what, r.mean, mean);
  cr_assert(same_bits(r.sd, sim_sd(s, N, mean)) || isnan(mean), "%s: sd %.17g, not %.17g", what, r.sd, sim_sd(s, N, mean));
  for (int k = 0; k < 3 && !isnan(mean); k++) {
    bool ok = zeros && p[k] == 0 ? got[k] == 0 : same_bits(got[k], p[k]);
    cr_assert(ok, "%s: percentile %d is %.17g, not %.17g", what, k, got[k], p[k]);
  }
  cr_assert(!memcmp(hist, r.hist, sizeof hist), "%s: the score bins differ", what);
  free(a);
  free(b);
}

Test(simstats, shapes_bit_for_bit) {
  enum { N = 20000 };
  static double s[N];
  for (int j = 0; j < N; j++) s[j] = uniform();
  check("uniform", s, N, false);
  for (int j = 0; j < N; j++) s[j] = (uniform() + uniform() + uniform() + uniform()) / 4;
  check("peaked", s, N, false);
  for (int j = 0; j < N; j++) { double x = 1.6 * uniform() - 0.3; s[j] = x < 0 ? 0 : x > 1 ? 1 : x; }
  check("clamped at 0 and 1", s, N, false);
  for (int j = 0; j < N; j++) { double x = 3 * uniform(); s[j] = x > 1 ? 1 : x; }
  check("most at 1", s, N, false);
  for (int j = 0; j < N; j++) s[j] = 0.75;
  check("all equal", s, N, false);
  for (int j = 0; j < N; j++) s[j] = (double)(int)(uniform() * 5) / 4;
  check("five values", s, N, false);
  for (int j = 0; j < N; j++) s[j] = uniform() < 0.001 ? 1e300 : uniform() < 0.001 ? 1e-300 : uniform();
  check("1e-300 to 1e300", s, N, false);
  for (int j = 0; j < N; j++) s[j] = uniform() - 0.5;
  check("negative", s, N, false);
  for (int j = 0; j < N; j++) s[j] = j == 77 ? INFINITY : uniform();
  check("an infinity", s, N, false);
  for (int j = 0; j < N; j++) s[j] = j == 5 ? NAN : uniform();
  check("a NaN", s, N, false);
  for (int j = 0; j < N; j++) s[j] = uniform() < 0.3 ? (j & 1 ? -0.0 : 0.0) : uniform();
  check("0 and -0", s, N, true);
  for (int j = 0; j < N; j++) s[j] = uniform() < 0.5 ? 1.0 + uniform() * 1e-12 : 1.0;
  check("within 1e-12", s, N, false);
}

Test(simstats, sample_counts) {
  /* around the bins' threshold (1,024 samples: 16 bins) and odd sizes */
  static double s[5000];
  int ns[] = { 1, 2, 3, 1023, 1024, 1025, 4999 };
  for (size_t i = 0; i < sizeof ns / sizeof ns[0]; i++) {
    for (int j = 0; j < ns[i]; j++) s[j] = uniform();
    check("uniform, small", s, ns[i], false);
  }
}
