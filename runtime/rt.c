/*
 * rt.c - random numbers and samplers for simulation (see rt.h).
 *
 * Written as plain sequences of double operations with no clever
 * reassociation: the libgccjit back end emits the very same operations,
 * and the differential tests compare the two bit for bit.
 */
#include "rt.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* SplitMix64's output function: a bijection of 64-bit words with good
 * avalanche, so consecutive counters give unrelated outputs. */
uint64_t rt_mix64(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

/* Each stream (an uncertain input, named by a hash of its name) gets a key
 * of its own; a stream is then a SplitMix64 sequence started at that key. */
uint64_t rt_stream_key(uint64_t seed, uint64_t stream) {
  return rt_mix64(seed ^ rt_mix64(stream + 0x632BE59BD9B4E019ULL));
}

double rt_u01(uint64_t key, uint64_t sample, unsigned draw) {
  uint64_t ctr = sample * RT_DRAWS + draw;
  uint64_t x = rt_mix64(key + ctr * 0x9E3779B97F4A7C15ULL);
  return ((double)(x >> 11) + 0.5) * 0x1.0p-53;
}

/* AS 241 (Wichura 1988), PPND16. */
double rt_norm_inv(double p) {
  double q = p - 0.5, r, x;
  if (fabs(q) <= 0.425) {
    r = 0.180625 - q * q;
    return q * (((((((2509.0809287301226727 * r + 33430.575583588128105) * r + 67265.770927008700853) * r +
                    45921.953931549871457) * r + 13731.693765509461125) * r + 1971.5909503065514427) * r +
                 133.14166789178437745) * r + 3.387132872796366608) /
           (((((((5226.495278852854561 * r + 28729.085735721942674) * r + 39307.89580009271061) * r +
                21213.794301586595867) * r + 5394.1960214247511077) * r + 687.1870074920579083) * r +
             42.313330701600911252) * r + 1.0);
  }
  r = q < 0 ? p : 1.0 - p;
  r = sqrt(-log(r));
  if (r <= 5.0) {
    r -= 1.6;
    x = (((((((7.7454501427834140764e-4 * r + 0.0227238449892691845833) * r + 0.24178072517745061177) * r +
            1.27045825245236838258) * r + 3.64784832476320460504) * r + 5.7694972214606914055) * r +
          4.6303378461565452959) * r + 1.42343711074968357734) /
        (((((((1.05075007164441684324e-9 * r + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r +
             0.14810397642748007459) * r + 0.68976733498510000455) * r + 1.6763848301838038494) * r +
          2.05319162663775882187) * r + 1.0);
  } else {
    r -= 5.0;
    x = (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r +
            0.026532189526576123093) * r + 0.29656057182850489123) * r + 1.7848265399172913358) * r +
          5.4637849111641143699) * r + 6.6579046435011037772) /
        (((((((2.04426310338993978564e-15 * r + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r +
             7.868691311456132591e-4) * r + 0.0148753612908506148525) * r + 0.13692988092273580531) * r +
          0.59983220655588793769) * r + 1.0);
  }
  return q < 0 ? -x : x;
}

/* Marsaglia and Tsang (2000): for alpha >= 1 a squeeze-free rejection
 * that accepts about 96-99% of candidates; each candidate uses draws
 * 2i (its normal) and 2i + 1 (its uniform).  For alpha < 1,
 * gamma(alpha) = gamma(alpha + 1) * U^(1/alpha), with U the last draw.
 * After 15 rejected candidates (probability below 1e-20) the mode is
 * returned, so the draw count per sample is bounded. */
double rt_gamma(double alpha, uint64_t key, uint64_t sample, unsigned draw0) {
  double boost = 1.0;
  if (alpha < 1.0) {
    boost = pow(rt_u01(key, sample, draw0 + 31), 1.0 / alpha);
    alpha = alpha + 1.0;
  }
  double d = alpha - 1.0 / 3.0;
  double c = 1.0 / sqrt(9.0 * d);
  for (unsigned i = 0; i < 15; i++) {
    double z = rt_norm_inv(rt_u01(key, sample, draw0 + 2 * i));
    double t = 1.0 + c * z;
    if (t <= 0.0) continue;
    double v = t * t * t;
    double u = rt_u01(key, sample, draw0 + 2 * i + 1);
    if (log(u) < 0.5 * z * z + d - d * v + d * log(v)) return d * v * boost;
  }
  return d * boost;
}

/* Which of n whole numbers u in (0, 1] picks: floor(n u) by truncation
 * (n u >= 0), at most n - 1 (n u rounds to n when u is within an ulp of
 * 1).  jit.c emits the same cast and comparison. */
double rt_whole_index(double n, double u) {
  double k = (double)(long)(n * u);
  return k > n - 1.0 ? n - 1.0 : k;
}

RtDist rt_dist_lower(const Dist *d) {
  RtDist r;
  memset(&r, 0, sizeof r);
  r.kind = d->kind;
  double a = d->p[0], b = d->p[1], c = d->p[2];
  switch (d->kind) {
  case DIST_CONST: r.a = a; break;
  case DIST_NORMAL: r.a = a; r.b = b; break;
  case DIST_LOGNORMAL: {
    /* mean m and sd s of the variable give the underlying normal's */
    double s2 = log1p((b / a) * (b / a));
    r.a = log(a) - 0.5 * s2;
    r.b = sqrt(s2);
    break;
  }
  case DIST_UNIFORM: r.a = a; r.b = b - a; break;
  case DIST_TRIANGULAR:
    r.a = a; r.b = c - a; r.c = c; r.d = (b - a) / (c - a);
    r.e = (c - a) * (b - a); r.f = (c - a) * (c - b);
    break;
  case DIST_PERT:
    /* the classic PERT beta: mean (low + 4 mode + high) / 6 */
    r.a = a; r.b = c - a;
    r.c = 1.0 + 4.0 * (b - a) / (c - a);
    r.d = 1.0 + 4.0 * (c - b) / (c - a);
    break;
  case DIST_BETA: r.a = 0.0; r.b = c; r.c = a; r.d = b; break;
  case DIST_WHOLE: r.a = a; r.b = b - a + 1.0; break;
  case DIST_BERNOULLI: r.a = a; break;
  }
  return r;
}

double rt_sample(const RtDist *d, uint64_t key, uint64_t sample) {
  switch (d->kind) {
  case DIST_CONST:
    return d->a;
  case DIST_NORMAL:
    return d->a + d->b * rt_norm_inv(rt_u01(key, sample, 0));
  case DIST_LOGNORMAL:
    return exp(d->a + d->b * rt_norm_inv(rt_u01(key, sample, 0)));
  case DIST_UNIFORM:
    return d->a + d->b * rt_u01(key, sample, 0);
  case DIST_TRIANGULAR: {
    double u = rt_u01(key, sample, 0);
    return u < d->d ? d->a + sqrt(u * d->e) : d->c - sqrt((1.0 - u) * d->f);
  }
  case DIST_PERT: case DIST_BETA: {
    double x = rt_gamma(d->c, key, sample, 0);
    double y = rt_gamma(d->d, key, sample, 32);
    return d->a + d->b * (x / (x + y));
  }
  case DIST_WHOLE:
    return d->a + rt_whole_index(d->b, rt_u01(key, sample, 0));
  case DIST_BERNOULLI:
    return rt_u01(key, sample, 0) < d->a ? 1.0 : 0.0;
  }
  return 0.0;
}

double rt_dist_mean(const Dist *d) {
  double a = d->p[0], b = d->p[1], c = d->p[2];
  switch (d->kind) {
  case DIST_CONST: case DIST_NORMAL: case DIST_LOGNORMAL: case DIST_BERNOULLI: return a;
  case DIST_UNIFORM: return (a + b) / 2.0;
  case DIST_TRIANGULAR: return (a + b + c) / 3.0;
  case DIST_PERT: return (a + 4.0 * b + c) / 6.0;
  case DIST_BETA: return c * a / (a + b);
  case DIST_WHOLE: return (a + b) / 2.0;
  }
  return 0.0;
}

double rt_dist_sd(const Dist *d) {
  double a = d->p[0], b = d->p[1], c = d->p[2];
  switch (d->kind) {
  case DIST_CONST: return 0.0;
  case DIST_NORMAL: case DIST_LOGNORMAL: return b;
  case DIST_UNIFORM: return (b - a) / sqrt(12.0);
  case DIST_TRIANGULAR: return sqrt((a * a + b * b + c * c - a * b - a * c - b * c) / 18.0);
  case DIST_PERT: {
    RtDist r = rt_dist_lower(d);
    double s = r.c + r.d;
    return r.b * sqrt(r.c * r.d / (s * s * (s + 1.0)));
  }
  case DIST_BETA: return c * sqrt(a * b / ((a + b) * (a + b) * (a + b + 1.0)));
  case DIST_BERNOULLI: return sqrt(a * (1.0 - a));
  case DIST_WHOLE: { double n = b - a + 1.0; return sqrt((n * n - 1.0) / 12.0); }
  }
  return 0.0;
}

/* The continued fraction of the regularized incomplete beta function
 * (modified Lentz), convergent for x < (a + 1) / (a + b + 2). */
static double beta_cf(double a, double b, double x) {
  const double tiny = 1e-300;
  double c = 1.0, d = 1.0 - (a + b) * x / (a + 1.0);
  if (fabs(d) < tiny) d = tiny;
  d = 1.0 / d;
  double h = d;
  for (int m = 1; m <= 300; m++) {
    double m2 = 2.0 * m;
    double aa = m * (b - m) * x / ((a + m2 - 1.0) * (a + m2));
    d = 1.0 + aa * d; if (fabs(d) < tiny) d = tiny;
    c = 1.0 + aa / c; if (fabs(c) < tiny) c = tiny;
    d = 1.0 / d;
    h *= d * c;
    aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1.0));
    d = 1.0 + aa * d; if (fabs(d) < tiny) d = tiny;
    c = 1.0 + aa / c; if (fabs(c) < tiny) c = tiny;
    d = 1.0 / d;
    double del = d * c;
    h *= del;
    if (fabs(del - 1.0) < 1e-15) break;
  }
  return h;
}

/* I_x(a, b), the CDF of Beta(a, b) at x. */
double rt_beta_cdf(double x, double a, double b) {
  if (x <= 0.0) return 0.0;
  if (x >= 1.0) return 1.0;
  double lbt = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x);
  if (x < (a + 1.0) / (a + b + 2.0)) return exp(lbt) * beta_cf(a, b, x) / a;
  return 1.0 - exp(lbt) * beta_cf(b, a, 1.0 - x) / b;
}

/* The quantile of Beta(a, b) by bisection on its CDF: 60 halvings of
 * [0, 1] reach the resolution of a double near the answer. */
static double beta_quantile(double a, double b, double q) {
  double lo = 0.0, hi = 1.0;
  for (int i = 0; i < 60; i++) {
    double mid = 0.5 * (lo + hi);
    if (rt_beta_cdf(mid, a, b) < q) lo = mid; else hi = mid;
  }
  return 0.5 * (lo + hi);
}

double rt_dist_quantile(const Dist *d, double q) {
  RtDist r = rt_dist_lower(d);
  switch (d->kind) {
  case DIST_CONST: return r.a;
  case DIST_NORMAL: return r.a + r.b * rt_norm_inv(q);
  case DIST_LOGNORMAL: return exp(r.a + r.b * rt_norm_inv(q));
  case DIST_UNIFORM: return r.a + r.b * q;
  case DIST_TRIANGULAR: return q < r.d ? r.a + sqrt(q * r.e) : r.c - sqrt((1.0 - q) * r.f);
  case DIST_BERNOULLI: return q < 1.0 - r.a ? 0.0 : 1.0;
  case DIST_WHOLE: return r.a + rt_whole_index(r.b, q);
  case DIST_PERT: case DIST_BETA:
    return r.a + r.b * beta_quantile(r.c, r.d, q);
  }
  return 0.0;
}
