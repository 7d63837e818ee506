/*
 * test_rt.c - statistical checks of the simulation runtime's samplers
 * (runtime/rt.c): 100,000 draws per distribution at a fixed seed; the
 * mean and variance against the exact values (rt_dist_mean/rt_dist_sd)
 * within the Monte Carlo error, and a Kolmogorov-Smirnov test against
 * GSL's CDFs (the triangular CDF by hand).  Deterministic: a fixed seed,
 * thresholds at about 5 standard errors / p = 0.001.
 */
#include <criterion/criterion.h>
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "rt.h"

enum { N = 100000 };

static int cmpd(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static double *draw(const Dist *d, uint64_t stream) {
  RtDist r = rt_dist_lower(d);
  uint64_t key = rt_stream_key(20250101, stream);
  double *xs = malloc(sizeof(double) * N);
  for (int i = 0; i < N; i++) xs[i] = rt_sample(&r, key, (uint64_t)i);
  return xs;
}

static void check_moments(const Dist *d, const double *xs, const char *what) {
  double mean = 0, m2 = 0, m4 = 0;
  for (int i = 0; i < N; i++) mean += xs[i];
  mean /= N;
  for (int i = 0; i < N; i++) {
    double e = xs[i] - mean;
    m2 += e * e;
    m4 += e * e * e * e;
  }
  double var = m2 / (N - 1);
  m4 /= N;
  double mu = rt_dist_mean(d), sd = rt_dist_sd(d);
  cr_assert(fabs(mean - mu) < 5 * sd / sqrt(N), "%s: mean %.6g, exact %.6g (sd %.3g)", what, mean, mu, sd);
  /* the variance of the sample variance is about (m4 - sd^4) / N */
  double se = sqrt(fabs(m4 - var * var) / N);
  cr_assert(fabs(var - sd * sd) < 5 * se + 1e-12, "%s: variance %.6g, exact %.6g (se %.3g)", what, var, sd * sd, se);
}

/* KS distance of the sample from cdf(); sqrt(N) D < 1.95 is p > 0.001 */
static void check_ks(double *xs, double (*cdf)(double, const double *), const double *prm, const char *what) {
  qsort(xs, N, sizeof(double), cmpd);
  double dmax = 0;
  for (int i = 0; i < N; i++) {
    double f = cdf(xs[i], prm);
    double d1 = fabs(f - (double)i / N), d2 = fabs((double)(i + 1) / N - f);
    if (d1 > dmax) dmax = d1;
    if (d2 > dmax) dmax = d2;
  }
  cr_assert(sqrt((double)N) * dmax < 1.95, "%s: KS statistic %.4f (sqrt(N) D = %.3f)", what, dmax, sqrt((double)N) * dmax);
}

/* Draws a distribution at a seed, then checks its moments and its CDF. */
static void check_dist(const Dist *d, uint64_t seed, double (*cdf)(double, const double *),
                       const double *p, const char *what) {
  double *xs = draw(d, seed);
  check_moments(d, xs, what);
  check_ks(xs, cdf, p, what);
  free(xs);
}

static double cdf_normal(double x, const double *p) { return gsl_cdf_gaussian_P(x - p[0], p[1]); }
static double cdf_lognormal(double x, const double *p) { return gsl_cdf_lognormal_P(x, p[0], p[1]); }
static double cdf_uniform(double x, const double *p) { return gsl_cdf_flat_P(x, p[0], p[1]); }
static double cdf_beta_scaled(double x, const double *p) { return gsl_cdf_beta_P((x - p[0]) / p[1], p[2], p[3]); }
static double cdf_triangular(double x, const double *p) {
  double a = p[0], c = p[1], b = p[2];
  if (x <= a) return 0;
  if (x >= b) return 1;
  if (x <= c) return (x - a) * (x - a) / ((b - a) * (c - a));
  return 1 - (b - x) * (b - x) / ((b - a) * (b - c));
}

Test(rt, normal) {
  Dist d = { DIST_NORMAL, { 70, 5, 0 } };
  double p[] = { 70, 5 };
  check_dist(&d, 1, cdf_normal, p, "normal(70, 5)");
  Dist z = { DIST_NORMAL, { 0, 1, 0 } };    /* tails: AS 241's far branch */
  double p1[] = { 0, 1 };
  check_dist(&z, 2, cdf_normal, p1, "normal(0, 1)");
}

Test(rt, lognormal) {
  Dist d = { DIST_LOGNORMAL, { 20, 6, 0 } };
  RtDist r = rt_dist_lower(&d);
  double p[] = { r.a, r.b };
  check_dist(&d, 3, cdf_lognormal, p, "lognormal(20, 6)");
}

Test(rt, uniform) {
  Dist d = { DIST_UNIFORM, { 2.6, 3.2, 0 } };
  double p[] = { 2.6, 3.2 };
  check_dist(&d, 4, cdf_uniform, p, "uniform(2.6, 3.2)");
}

Test(rt, triangular) {
  Dist d = { DIST_TRIANGULAR, { 22, 26, 30 } };
  double p[] = { 22, 26, 30 };
  check_dist(&d, 5, cdf_triangular, p, "triangular(22, 26, 30)");
  Dist e = { DIST_TRIANGULAR, { -18, -12, -4 } };
  double q[] = { -18, -12, -4 };
  check_dist(&e, 6, cdf_triangular, q, "triangular(-18, -12, -4)");
}

Test(rt, pert) {
  Dist d = { DIST_PERT, { 950, 1040, 1120 } };
  RtDist r = rt_dist_lower(&d);
  double p[] = { r.a, r.b, r.c, r.d };
  check_dist(&d, 7, cdf_beta_scaled, p, "pert(950, 1040, 1120)");
}

Test(rt, beta) {
  /* shapes above and below 1 (the boost branch of the gamma sampler) */
  double shapes[][2] = { { 2, 5 }, { 0.5, 0.5 }, { 0.3, 4 } };
  for (int i = 0; i < 3; i++) {
    Dist d = { DIST_BETA, { shapes[i][0], shapes[i][1], 1.0 } };
    double *xs = draw(&d, 8 + (uint64_t)i);
    char what[64];
    snprintf(what, sizeof what, "beta(%g, %g)", shapes[i][0], shapes[i][1]);
    check_moments(&d, xs, what);
    double p[] = { 0, 1, shapes[i][0], shapes[i][1] };
    check_ks(xs, cdf_beta_scaled, p, what);
    free(xs);
  }
}

Test(rt, bernoulli) {
  Dist d = { DIST_BERNOULLI, { 0.7, 0, 0 } };
  double *xs = draw(&d, 20);
  int ones = 0;
  for (int i = 0; i < N; i++) {
    cr_assert(xs[i] == 0.0 || xs[i] == 1.0);
    ones += xs[i] == 1.0;
  }
  check_moments(&d, xs, "bernoulli(0.7)");
  cr_assert(fabs(ones / (double)N - 0.7) < 5 * sqrt(0.21 / N));
  free(xs);
}

/* an uncertain lag 1..3 (docs/simulation.md §15): whole numbers only,
 * each a third of the time; its mean, sd and quantiles exactly */
Test(rt, whole) {
  Dist d = { DIST_WHOLE, { 1, 3, 0 } };
  double *xs = draw(&d, 21);
  int count[3] = {0};
  for (int i = 0; i < N; i++) {
    cr_assert(xs[i] == 1.0 || xs[i] == 2.0 || xs[i] == 3.0, "drew %g", xs[i]);
    count[(int)xs[i] - 1]++;
  }
  for (int k = 0; k < 3; k++)
    cr_assert(fabs(count[k] / (double)N - 1.0 / 3) < 5 * sqrt(2.0 / 9 / N), "%d: %d", k + 1, count[k]);
  check_moments(&d, xs, "whole(1, 3)");
  cr_assert_eq(rt_dist_mean(&d), 2.0);
  cr_assert_float_eq(rt_dist_sd(&d), sqrt(8.0 / 12), 1e-15);
  cr_assert_eq(rt_dist_quantile(&d, 0.1), 1.0);
  cr_assert_eq(rt_dist_quantile(&d, 0.5), 2.0);
  cr_assert_eq(rt_dist_quantile(&d, 0.9), 3.0);
  /* a u that rounds to 1 still picks the last of the n numbers */
  cr_assert_eq(rt_whole_index(3.0, 1.0), 2.0);
  free(xs);
}

Test(rt, u01_open_interval) {
  uint64_t key = rt_stream_key(1, 2);
  for (uint64_t n = 0; n < 100000; n++) {
    double u = rt_u01(key, n, (unsigned)(n % 64));
    cr_assert(u > 0.0 && u < 1.0);
  }
  cr_assert_eq(rt_norm_inv(0.5), 0.0);
  cr_assert(fabs(rt_norm_inv(0.975) - 1.959963984540054) < 1e-14);
  cr_assert(fabs(rt_norm_inv(1e-10) + 6.361340902404056) < 1e-12);
}

/* The incomplete beta function and the quantiles used by the reference run
 * and the sensitivity swings, against GSL. */
Test(rt_quantile, beta_cdf_matches_gsl) {
  const double ab[][2] = { {1, 1}, {2, 5}, {0.5, 0.5}, {3.4, 1.6}, {20, 30}, {1.2, 9} };
  for (size_t i = 0; i < sizeof ab / sizeof ab[0]; i++)
    for (double x = 0.01; x < 1.0; x += 0.07)
      cr_expect(fabs(rt_beta_cdf(x, ab[i][0], ab[i][1]) - gsl_cdf_beta_P(x, ab[i][0], ab[i][1])) < 1e-12,
                "I_%g(%g, %g)", x, ab[i][0], ab[i][1]);
}

Test(rt_quantile, quantiles_match_gsl) {
  const double qs[] = { 0.1, 0.5, 0.9 };
  for (int i = 0; i < 3; i++) {
    double q = qs[i];
    Dist n = { DIST_NORMAL, { 10, 2, 0 } };
    cr_expect(fabs(rt_dist_quantile(&n, q) - (10 + 2 * gsl_cdf_ugaussian_Pinv(q))) < 1e-12);
    Dist u = { DIST_UNIFORM, { 3, 7, 0 } };
    cr_expect(fabs(rt_dist_quantile(&u, q) - gsl_cdf_flat_Pinv(q, 3, 7)) < 1e-12);
    Dist b = { DIST_BETA, { 2, 5, 100 } };
    cr_expect(fabs(rt_dist_quantile(&b, q) - 100 * gsl_cdf_beta_Pinv(q, 2, 5)) < 1e-9);
    /* pert(10, 14, 30): Beta(1 + 4*4/20, 1 + 4*16/20) on [10, 30] */
    Dist p = { DIST_PERT, { 10, 14, 30 } };
    cr_expect(fabs(rt_dist_quantile(&p, q) - (10 + 20 * gsl_cdf_beta_Pinv(q, 1.8, 4.2))) < 1e-9);
  }
}
