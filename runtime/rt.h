/*
 * rt.h - the simulation runtime: counter-based random numbers and the
 * distribution samplers (docs/simulation.md, "Random numbers").
 *
 * Every random number is a pure function of (seed, stream, sample, draw):
 * no generator state is carried from one sample to the next.  That is what
 * makes a simulation reproducible bit for bit whatever the thread count or
 * block size, and what gives common random numbers across portfolios: an
 * uncertain input draws the same value in sample s of every portfolio.
 *
 * The interpreter calls these functions; the libgccjit back end generates
 * the same operations in the same order, so both agree exactly.
 */
#ifndef BSC_RT_H
#define BSC_RT_H

#include <stdint.h>

/* DIST_WHOLE: a whole number drawn uniformly from low .. high (an
 * uncertain lag, `lag 1q..3q`: docs/simulation.md §15).  DIST_BERNOULLI
 * stays last: tables of kinds are sized DIST_BERNOULLI + 1. */
typedef enum {
  DIST_CONST, DIST_NORMAL, DIST_LOGNORMAL, DIST_UNIFORM, DIST_TRIANGULAR,
  DIST_PERT, DIST_BETA, DIST_WHOLE, DIST_BERNOULLI,
} DistKind;

/* A distribution as written: parameters in the order of its signature
 * (normal(mean, sd), pert(low, mode, high), ...), in the unit of the
 * measure.  DIST_BETA's p[2] is its scale into that unit. */
typedef struct Dist {
  DistKind kind;
  double p[3];
} Dist;

/* The same distribution with its parameters in the form the sampler
 * uses, computed once per model (so the interpreter and the compiled code
 * start from identical doubles):
 *   CONST       a = value
 *   NORMAL      a = mean, b = sd
 *   LOGNORMAL   a = mu, b = sigma            (of the underlying normal)
 *   UNIFORM     a = low, b = high - low
 *   TRIANGULAR  a = low, b = high - low, c = high, d = (mode - low) / (high - low),
 *               e = (high - low) * (mode - low), f = (high - low) * (high - mode)
 *   PERT, BETA  a = low, b = scale, c = alpha, d = beta   (low 0 for BETA)
 *   WHOLE       a = low, b = high - low + 1 (how many whole numbers)
 *   BERNOULLI   a = p */
typedef struct RtDist {
  int kind;
  double a, b, c, d, e, f;
} RtDist;

/* Draws per sample a stream may use (rejection samplers need several). */
#define RT_DRAWS 64

uint64_t rt_mix64(uint64_t z);
uint64_t rt_stream_key(uint64_t seed, uint64_t stream);
/* A uniform number in (0, 1): never 0, never 1. */
double   rt_u01(uint64_t key, uint64_t sample, unsigned draw);
/* The standard normal quantile (Wichura's AS 241, about 1e-16 relative). */
double   rt_norm_inv(double p);
/* A gamma(alpha, 1) variate from draws [draw0, draw0 + 32) of the stream. */
double   rt_gamma(double alpha, uint64_t key, uint64_t sample, unsigned draw0);

RtDist   rt_dist_lower(const Dist *d);
/* DIST_WHOLE's pick: floor(n u), at most n - 1 */
double   rt_whole_index(double n, double u);
double   rt_sample(const RtDist *d, uint64_t key, uint64_t sample);
/* The exact mean and standard deviation of a distribution. */
double   rt_dist_mean(const Dist *d);
double   rt_dist_sd(const Dist *d);
/* Its quantile at probability q, for the reference run and the
 * sensitivity swings (exact up to the last bits; Beta and PERT by bisection
 * on the regularized incomplete beta function). */
double   rt_dist_quantile(const Dist *d, double q);
/* The regularized incomplete beta function I_x(a, b). */
double   rt_beta_cdf(double x, double a, double b);

#endif
