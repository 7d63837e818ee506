/*
 * sim_hand.c - the smart-hardware model (examples/smart_hardware) written
 * by hand in C, as the practical limit for `bscc sim`'s compiled engine
 * (bench/sim_bench.sh).  Same semantics (docs/simulation.md), the same
 * runtime for random numbers (runtime/rt.c), the numbers of the model
 * typed in as constants, per sample the draws once and then every
 * portfolio; compiled with -O2 like any hand-written program.
 *
 *   cc -O2 -ffp-contract=off -Iruntime bench/sim_hand.c runtime/rt.c -lm
 *   ./a.out PORTFOLIOS SAMPLES
 *
 * Portfolio p funds initiative i when bit i of p is set (so 2^16
 * portfolios cycle through the 16 subsets of the 4 initiatives), like
 * tests/sim/simdrv.c; it prints the same figures so the two can be
 * compared.  The model as of examples/smart_hardware/strategy.bsc with
 * its actuals (2025-Q2 latest); `bscc sim FILE --dump-model` shows it.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "rt.h"

enum { T = 4, NIN = 11, NOBJ = 16 };

/* the uncertain inputs: forecasts, then uncertain effects */
static const char *stream_name[NIN] = {
  "kr:智能硬件營收", "kr:高端付費率", "kr:complaint_rate", "kr:老年模式使用率", "kr:中老年投訴佔比",
  "kr:老年模式上線", "kr:專家認證率", "effect:反饋管道:cycle:0", "effect:投訴分流系統:complaint_h:0",
  "effect:專家認證計劃:專家認證率:0", "effect:適老化設計:老年模式使用率:0",
};
static const Dist dist[NIN] = {
  { DIST_PERT, { 950000000, 1040000000, 1120000000 } }, { DIST_NORMAL, { 22, 1.5, 0 } },
  { DIST_UNIFORM, { 2.6, 3.2, 0 } }, { DIST_PERT, { 16.5, 18, 21 } }, { DIST_TRIANGULAR, { 22, 26, 30 } },
  { DIST_BERNOULLI, { 0.7, 0, 0 } }, { DIST_PERT, { 55, 65, 75 } }, { DIST_NORMAL, { -0.5, 0.15, 0 } },
  { DIST_TRIANGULAR, { -18, -12, -4 } }, { DIST_NORMAL, { 20, 5, 0 } }, { DIST_PERT, { 0.05, 0.15, 0.3 } },
};
/* initiatives: 0 feedback pipeline, 1 complaint triage, 2 certification, 3 elderly lab */

static inline double ramp(int t, int due) { return t >= due ? 1.0 : (double)(t + 1) / (double)(due + 1); }
static inline double clamp01(double x) { return x < 0.0 ? 0.0 : x > 1.0 ? 1.0 : x; }
/* a range KR's score at period t from its outcome o */
static inline double lin(int t, double base, double o, int due, double span) {
  double v = base + (o - base) * ramp(t, due);
  return clamp01((v - base) / span);
}
static inline double lin_v(double v, double base, double span) { return clamp01((v - base) / span); }

/* What does not depend on the portfolio is computed once per sample: the
 * scores of the KRs no initiative affects, and the objectives nothing
 * funded reaches (1-7, 13, 15); the rest once per portfolio. */
typedef struct Sample {
  double s[T][41];
  double Q[NOBJ][T];
} Sample;

static void eval_sample(const double *x, const double (*qref)[T], Sample *S) {
  double (*Q)[T] = S->Q;
  for (int t = 0; t < T; t++) {
    double *s = S->s[t];
    s[1] = lin(t, 70.0, 88.0, 3, 22.0);
    s[2] = lin(t, 58.0, 70.0, 3, 17.0);
    s[3] = lin(t, 14.0, 6.0, 3, -9.0);
    s[4] = clamp01(3.0 / 3.0);
    s[5] = clamp01(2.0 / 5.0);
    s[6] = clamp01(0.0 / 1.0);
    s[7] = lin(t, 72.0, 8.0, 3, -68.0);
    s[8] = lin(t, 20.0, 85.0, 3, 80.0);
    s[9] = lin(t, 30.0, 30.0, 3, 50.0);
    s[10] = lin(t, 45.0, 71.0, 3, 35.0);
    s[11] = lin(t, 4.0, 6.0, 3, 2.0);
    s[12] = lin(t, 10.0, 45.0, 2, 80.0);
    s[13] = clamp01(2.0 / 4.0);
    s[14] = lin(t, 12.0, 15.5, 3, 6.0);
    s[15] = lin(t, 15.0, 22.0, 3, 10.0);
    s[16] = lin(t, 0.0, 12.0, 3, 40.0);
    s[17] = lin(t, 0.0, 45000.0, 3, 200000.0);
    /* revenue (forecast) and its share of total revenue (a formula, in %) */
    double rev = 760000000.0 + (x[0] - 760000000.0) * ramp(t, 3);
    s[18] = lin_v(rev, 760000000.0, 290000000.0);
    double share = (2200000000.0 == 0.0 ? 0.0 : rev / 2200000000.0) * 100.0;
    s[19] = clamp01((share - 38.0) / 7.0);
    s[20] = lin(t, 18.0, x[1], 3, 6.0);
    s[21] = lin(t, 62.0, 78.0, 1, 13.0);
    s[22] = lin(t, 4.1, 4.5, 3, 0.40000000000000036);
    s[24] = lin(t, 4.0, x[2], 3, -1.2000000000000002);
    s[26] = lin(t, 20.0, 9.0, 3, -12.0);
    s[28] = lin(t, 31.0, x[4], 3, -9.0);
    s[29] = clamp01(x[5] / 1.0);
    s[31] = lin(t, 25.0, 52.0, 3, 35.0);
    s[32] = lin(t, 86.0, 94.0, 3, 9.0);
    s[33] = lin(t, 7.0, 3.0, 3, -4.0);
    s[35] = lin(t, 6.0, 12.0, 3, 10.0);
    s[36] = lin(t, 35.0, 88.0, 3, 65.0);
    s[37] = lin(t, 40.0, 72.0, 3, 40.0);
    /* the teams' objectives (KRs only) */
    Q[1][t] = clamp01(s[3] / 1.0);
    Q[2][t] = clamp01((s[4] + s[5] + s[6]) / 3.0);
    Q[3][t] = clamp01((s[7] + s[8] + s[9]) / 3.0);
    Q[4][t] = clamp01((s[10] + s[11]) / 2.0);
    Q[5][t] = clamp01((s[12] + s[13]) / 2.0);
    Q[6][t] = clamp01((s[14] + s[15]) / 2.0);
    Q[7][t] = clamp01((s[16] + s[17]) / 2.0);
    /* 協作文化 and 客服時效, which it drives */
    Q[15][t] = clamp01((s[36] + s[37]) / 2.0);
    double p = (s[32] + s[33]) / 2.0;
    if (qref && t >= 1) p = p + 0.7 * (Q[15][t - 1] - qref[15][t - 1]);
    Q[13][t] = clamp01(p);
  }
}

/* One portfolio of a sample: x the inputs, f the funded flags; Q[o][t]
 * out (from the sample's where the portfolio cannot change them); qref
 * NULL for the reference run (no link terms).  Returns the score. */
static double eval_portfolio(const double *x, const unsigned char *f, const double (*qref)[T], const Sample *S,
                             double (*Q)[T]) {
  for (int t = 0; t < T; t++) {
    const double *s = S->s[t];
    double s0, s23, s25, s27, s30, s34;
    /* triage_h: 72 -> 24 hours, actual 24; triage tooling -24 hours from 1q */
    double v0 = 72.0 + (24.0 - 72.0) * ramp(t, 3);
    if (f[1] && t >= 1) v0 = v0 + -24.0;
    s0 = lin_v(v0, 72.0, -48.0);
    double v23 = 60.0 + (22.0 - 60.0) * ramp(t, 3);
    if (f[1] && t >= 1) v23 = v23 + x[8];
    s23 = lin_v(v23, 60.0, -36.0);
    double v25 = 60.0 + (85.0 - 60.0) * ramp(t, 3);
    if (f[0] && t >= 1) v25 = v25 + 0.1 * 60.0;
    s25 = lin_v(v25, 60.0, 25.0);
    double v27 = 16.0 + (x[3] - 16.0) * ramp(t, 3);
    if (f[3] && t >= 1) v27 = v27 + x[10] * 16.0;
    s27 = lin_v(v27, 16.0, 4.0);
    double v30 = 3.5 + (2.1 - 3.5) * ramp(t, 3);
    if (f[0] && t >= 1) v30 = v30 + x[7];
    s30 = lin_v(v30, 3.5, -1.5);
    double v34 = 30.0 + (x[6] - 30.0) * ramp(t, 3);
    if (f[2] && t >= 1) v34 = v34 + x[9];
    s34 = lin_v(v34, 30.0, 50.0);

    Q[0][t] = clamp01((2.0 * s0 + s[1] + s[2]) / 4.0);
    Q[14][t] = clamp01((s34 + s[35]) / 2.0);
    double p;
    /* 營收結構 */
    p = (s[18] + 2.0 * s[19] + s[20]) / 4.0;
    if (qref && t >= 1) p = p + 0.6 * (Q[9][t - 1] - qref[9][t - 1]);
    if (qref && t >= 1) p = p + 0.4 * (Q[10][t - 1] - qref[10][t - 1]);
    Q[8][t] = clamp01(p);
    /* 功能採納 */
    p = (s25 + s[26]) / 2.0;
    if (qref && t >= 1) p = p + 0.4 * (Q[14][t - 1] - qref[14][t - 1]);
    if (qref && t >= 1) p = p + 0.7 * (Q[12][t - 1] - qref[12][t - 1]);
    Q[10][t] = clamp01(p);
    /* 適老化 */
    Q[11][t] = clamp01((s27 + s[28] + s[29]) / 3.0);
    /* iterate */
    p = (s30 + s[31]) / 2.0;
    if (qref && t >= 1) p = p + 0.6 * (Q[14][t - 1] - qref[14][t - 1]);
    if (qref && t >= 1) p = p + 0.3 * (S->Q[15][t - 1] - qref[15][t - 1]);
    Q[12][t] = clamp01(p);
    /* nps, after what drives it with no lag */
    p = (2.0 * s[21] + s[22] + s23 + s[24]) / 5.0;
    if (qref && t >= 1) p = p + 0.5 * (Q[12][t - 1] - qref[12][t - 1]);
    if (qref) p = p + 0.6 * (S->Q[13][t] - qref[13][t]);
    if (qref) p = p + 0.5 * (Q[10][t] - qref[10][t]);
    if (qref && t >= 1) p = p + 0.3 * (Q[11][t - 1] - qref[11][t - 1]);
    Q[9][t] = clamp01(p);
  }
  /* the scorecard in the last period */
  double learning = (Q[14][3] + S->Q[15][3]) / 2.0;
  double process = (Q[12][3] + S->Q[13][3]) / 2.0;
  double customer = (2.0 * Q[9][3] + Q[10][3] + Q[11][3]) / 4.0;
  double financial = Q[8][3] / 1.0;
  double tn = 0.2 * learning + 0.2 * process + 0.35000000000000003 * customer + 0.25 * financial;
  return tn / (0.2 + 0.2 + 0.35000000000000003 + 0.25);
}

static const int committed[NOBJ] = { 1, 1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0 };

static uint64_t fnv(const char *s) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (; *s; s++) { h ^= (unsigned char)*s; h *= 0x100000001b3ULL; }
  return h;
}

int main(int argc, char **argv) {
  int nport = argc > 1 ? atoi(argv[1]) : 16, samples = argc > 2 ? atoi(argv[2]) : 1000;
  RtDist rd[NIN];
  uint64_t key[NIN];
  double med[NIN];
  for (int i = 0; i < NIN; i++) {
    rd[i] = rt_dist_lower(&dist[i]);
    key[i] = rt_stream_key(42, fnv(stream_name[i]));
    med[i] = rt_dist_quantile(&dist[i], 0.5);
  }
  /* the reference run: no initiative, every input at its median */
  static Sample S;
  double qref[NOBJ][T], Q[NOBJ][T];
  unsigned char none[4] = { 0 };
  eval_sample(med, NULL, &S);
  eval_portfolio(med, none, NULL, &S, qref);
  for (int t = 0; t < T; t++)
    for (int o = 0; o < NOBJ; o++)
      if (o != 0 && o != 8 && o != 9 && o != 10 && o != 11 && o != 12 && o != 14) qref[o][t] = S.Q[o][t];

  unsigned char *funded = malloc((size_t)nport * 4);
  for (int p = 0; p < nport; p++)
    for (int i = 0; i < 4; i++) funded[p * 4 + i] = (p >> i) & 1;
  double *sum = calloc((size_t)nport, sizeof(double));
  uint32_t *green = calloc((size_t)nport * NOBJ, sizeof(uint32_t));
  struct timespec a, b;
  clock_gettime(CLOCK_MONOTONIC, &a);
  for (int n = 0; n < samples; n++) {
    double x[NIN];
    for (int i = 0; i < NIN; i++) x[i] = rt_sample(&rd[i], key[i], (uint64_t)n);
    eval_sample(x, (const double (*)[T])qref, &S);
    uint32_t gs[NOBJ] = { 0 };
    static const int per_sample[] = { 1, 2, 3, 4, 5, 6, 7, 13, 15 }, per_portfolio[] = { 0, 8, 9, 10, 11, 12, 14 };
    for (int i = 0; i < 9; i++) {
      int o = per_sample[i];
      gs[o] = committed[o] ? S.Q[o][3] >= 1.0 : S.Q[o][3] >= 0.7;
    }
    for (int p = 0; p < nport; p++) {
      sum[p] += eval_portfolio(x, funded + p * 4, (const double (*)[T])qref, &S, Q);
      uint32_t *g = green + p * NOBJ;
      for (int i = 0; i < 9; i++) g[per_sample[i]] += gs[per_sample[i]];
      for (int i = 0; i < 7; i++) {
        int o = per_portfolio[i];
        g[o] += committed[o] ? Q[o][3] >= 1.0 : Q[o][3] >= 0.7;
      }
    }
  }
  clock_gettime(CLOCK_MONOTONIC, &b);
  double t = (b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9;
  int bp = 0;
  for (int p = 0; p < nport; p++) if (sum[p] > sum[bp]) bp = p;
  printf("engine=hand portfolios=%d samples=%d seconds=%.4f compile_s=0 ns_per_eval=%.1f best=%d mean=%.6f check=%.10g\n",
         nport, samples, t, t * 1e9 / ((double)nport * samples), bp, sum[bp] / samples, sum[0] / samples);
  free(funded); free(sum); free(green);
  return 0;
}
