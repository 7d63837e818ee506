/*
 * sim_hand.c - the smart-hardware model (examples/smart_hardware) written
 * by hand in C as well as we can: the baseline `bscc sim`'s compiled
 * engine has to beat (bench/baselines.sh).  Same semantics
 * (docs/simulation.md), the same runtime for random numbers (runtime/rt.c),
 * the same order of every floating-point operation as the interpreter, so
 * its scores are bit for bit those of `bscc sim` (`--means` prints them).
 *
 *   cc -O2 -ffp-contract=off -Iruntime bench/sim_hand.c runtime/rt.c -lm
 *   ./a.out PORTFOLIOS SAMPLES            timing line, as tests/sim/simdrv run
 *   ./a.out --means PORTFOLIOS SAMPLES    each portfolio's mean score (%.17g)
 *   ./a.out --verify PORTFOLIOS SAMPLES   the tiled kernel against the plain
 *                                         form below, bit for bit
 *
 * How it is fast (bench/README.md): everything that depends on no input
 * is computed once at start; only the periods something reads are
 * computed; per block of NB samples the inputs are drawn once and each
 * initiative's effect is evaluated funded and unfunded once per sample;
 * then the portfolio loop is outside and the block of samples inside,
 * each portfolio picking its arrays once (no branch on "funded" in the
 * loop), so that score stores are sequential.  Portfolio p funds
 * initiative i when bit i of p is set, like tests/sim/simdrv.c.
 */
#define _POSIX_C_SOURCE 200809L   /* clock_gettime under -std=c11 */
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

/* ---- the plain form: every KR, every objective, every period ----------
 * Used for the reference run (qref), for the constants of the tiled
 * kernel, and by --verify.  Objectives as in `bscc sim --dump-model`:
 * 0-7 the teams', 8 營收結構, 9 nps, 10 功能採納, 11 適老化, 12 iterate,
 * 13 客服時效, 14 用戶研究, 15 協作文化. */
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
static int is_green(int o, double q) { return committed[o] ? q >= 1.0 : q >= 0.7; }

/* ---- the tiled kernel -----------------------------------------------------
 * K: what depends on no input, once at start (the plain form's constants). */
static struct {
  double r[NOBJ][T];              /* the reference run */
  double c15[T], c13[T];          /* link terms of constant drivers */
  double k10[2][T];               /* 功能採納's KR part, [feedback pipeline funded] */
  double q13_3, q15_3, td;
  uint32_t gconst[2][NOBJ];       /* greens of constant objectives, [triage funded] */
} K;

enum { NB = 128 };                /* samples per tile */
/* B: one tile's per-sample arrays; [f] = the effect's initiative unfunded/funded */
static struct {
  double q14[2][T][NB];           /* 用戶研究 (certification) */
  double q11[2][T][NB];           /* 適老化 (elderly lab), t >= 1 */
  double k12[2][T][NB];           /* iterate's KR part (feedback pipeline), t >= 1 */
  double k9[2][T][NB];            /* nps's KR part (triage), t >= 2 */
  double k8[NB];                  /* 營收結構's KR part, t = 3 */
  uint32_t g14[2], g11[2];
} B;

static void consts_init(const double *med, RtDist *rd, const uint64_t *key) {
  static Sample S;
  double Q[NOBJ][T];
  unsigned char none[4] = { 0 };
  eval_sample(med, NULL, &S);
  eval_portfolio(med, none, NULL, &S, K.r);
  for (int t = 0; t < T; t++)
    for (int o = 0; o < NOBJ; o++)
      if (o != 0 && o != 8 && o != 9 && o != 10 && o != 11 && o != 12 && o != 14) K.r[o][t] = S.Q[o][t];
  /* constants: any sample will do, the entries used do not read x */
  double x[NIN];
  for (int i = 0; i < NIN; i++) x[i] = rt_sample(&rd[i], key[i], 0);
  eval_sample(x, (const double (*)[T])K.r, &S);
  for (int t = 1; t < T; t++) K.c15[t] = 0.3 * (S.Q[15][t - 1] - K.r[15][t - 1]);
  for (int t = 0; t < T; t++) K.c13[t] = 0.6 * (S.Q[13][t] - K.r[13][t]);
  for (int f = 0; f < 2; f++) {
    unsigned char fl[4] = { (unsigned char)f, (unsigned char)f, 0, 0 };
    eval_portfolio(x, fl, (const double (*)[T])K.r, &S, Q);
    for (int t = 2; t < T; t++) {
      double v25 = 60.0 + (85.0 - 60.0) * ramp(t, 3);
      if (f) v25 = v25 + 0.1 * 60.0;
      K.k10[f][t] = (lin_v(v25, 60.0, 25.0) + S.s[t][26]) / 2.0;
    }
    for (int o = 0; o < 8; o++) K.gconst[f][o] = is_green(o, o ? S.Q[o][3] : Q[0][3]);
    K.gconst[f][13] = is_green(13, S.Q[13][3]);
    K.gconst[f][15] = is_green(15, S.Q[15][3]);
  }
  K.q13_3 = S.Q[13][3];
  K.q15_3 = S.Q[15][3];
  K.td = 0.2 + 0.2 + 0.35000000000000003 + 0.25;
}

/* A tile's per-sample work: draws, and each effect funded and unfunded. */
__attribute__((noinline))   /* kept apart, so that callgrind shows the split */
static void tile_fill(const RtDist *rd, const uint64_t *key, uint64_t n0, int nb) {
  static Sample S0;               /* the constant KR scores */
  static int init;
  if (!init) { double z[NIN] = { 0 }; eval_sample(z, NULL, &S0); init = 1; }
  const double (*s)[41] = (const double (*)[41])S0.s;
  B.g14[0] = B.g14[1] = B.g11[0] = B.g11[1] = 0;
  for (int b = 0; b < nb; b++) {
    double x[NIN];
    for (int i = 0; i < NIN; i++) x[i] = rt_sample(&rd[i], key[i], n0 + (uint64_t)b);
    for (int t = 0; t < T; t++) {
      double v34 = 30.0 + (x[6] - 30.0) * ramp(t, 3);
      B.q14[0][t][b] = clamp01((lin_v(v34, 30.0, 50.0) + s[t][35]) / 2.0);
      B.q14[1][t][b] = t < 1 ? B.q14[0][t][b] : clamp01((lin_v(v34 + x[9], 30.0, 50.0) + s[t][35]) / 2.0);
    }
    for (int t = 1; t < T; t++) {
      double v27 = 16.0 + (x[3] - 16.0) * ramp(t, 3);
      double s28 = lin(t, 31.0, x[4], 3, -9.0), s29 = clamp01(x[5] / 1.0);
      B.q11[0][t][b] = clamp01((lin_v(v27, 16.0, 4.0) + s28 + s29) / 3.0);
      B.q11[1][t][b] = clamp01((lin_v(v27 + x[10] * 16.0, 16.0, 4.0) + s28 + s29) / 3.0);
      double v30 = 3.5 + (2.1 - 3.5) * ramp(t, 3);
      B.k12[0][t][b] = (lin_v(v30, 3.5, -1.5) + s[t][31]) / 2.0;
      B.k12[1][t][b] = (lin_v(v30 + x[7], 3.5, -1.5) + s[t][31]) / 2.0;
    }
    for (int t = 2; t < T; t++) {
      double v23 = 60.0 + (22.0 - 60.0) * ramp(t, 3), s24 = lin(t, 4.0, x[2], 3, -1.2000000000000002);
      B.k9[0][t][b] = (2.0 * s[t][21] + s[t][22] + lin_v(v23, 60.0, -36.0) + s24) / 5.0;
      B.k9[1][t][b] = (2.0 * s[t][21] + s[t][22] + lin_v(v23 + x[8], 60.0, -36.0) + s24) / 5.0;
    }
    double rev = 760000000.0 + (x[0] - 760000000.0) * ramp(3, 3);
    double share = (2200000000.0 == 0.0 ? 0.0 : rev / 2200000000.0) * 100.0;
    B.k8[b] = (lin_v(rev, 760000000.0, 290000000.0) + 2.0 * clamp01((share - 38.0) / 7.0) + lin(3, 18.0, x[1], 3, 6.0)) / 4.0;
    for (int f = 0; f < 2; f++) {
      B.g14[f] += is_green(14, B.q14[f][3][b]);
      B.g11[f] += is_green(11, B.q11[f][3][b]);
    }
  }
}

/* One portfolio over the tile: its arrays picked once, then straight-line
 * code per sample; scores stored in order. */
__attribute__((noinline))
static void tile_portfolio(const unsigned char *f, int nb, double *out, uint32_t *g) {
  const double (*Q14)[NB] = B.q14[f[2]], (*Q11)[NB] = B.q11[f[3]];
  const double (*K12)[NB] = B.k12[f[0]], (*K9)[NB] = B.k9[f[1]];
  const double (*r)[T] = (const double (*)[T])K.r;
  const double k10_2 = K.k10[f[0]][2], k10_3 = K.k10[f[0]][3];
  uint32_t g8 = 0, g9 = 0, g10 = 0, g12 = 0;
  for (int b = 0; b < nb; b++) {
    double q12_1 = clamp01(K12[1][b] + 0.6 * (Q14[0][b] - r[14][0]) + K.c15[1]);
    double q12_2 = clamp01(K12[2][b] + 0.6 * (Q14[1][b] - r[14][1]) + K.c15[2]);
    double q12_3 = clamp01(K12[3][b] + 0.6 * (Q14[2][b] - r[14][2]) + K.c15[3]);
    double q10_2 = clamp01(k10_2 + 0.4 * (Q14[1][b] - r[14][1]) + 0.7 * (q12_1 - r[12][1]));
    double q10_3 = clamp01(k10_3 + 0.4 * (Q14[2][b] - r[14][2]) + 0.7 * (q12_2 - r[12][2]));
    double q9_2 = clamp01(K9[2][b] + 0.5 * (q12_1 - r[12][1]) + K.c13[2] + 0.5 * (q10_2 - r[10][2])
                          + 0.3 * (Q11[1][b] - r[11][1]));
    double q9_3 = clamp01(K9[3][b] + 0.5 * (q12_2 - r[12][2]) + K.c13[3] + 0.5 * (q10_3 - r[10][3])
                          + 0.3 * (Q11[2][b] - r[11][2]));
    double q8_3 = clamp01(B.k8[b] + 0.6 * (q9_2 - r[9][2]) + 0.4 * (q10_2 - r[10][2]));
    double learning = (Q14[3][b] + K.q15_3) / 2.0, process = (q12_3 + K.q13_3) / 2.0;
    double customer = (2.0 * q9_3 + q10_3 + Q11[3][b]) / 4.0, financial = q8_3 / 1.0;
    double tn = 0.2 * learning + 0.2 * process + 0.35000000000000003 * customer + 0.25 * financial;
    out[b] = tn / K.td;
    g8 += q8_3 >= 1.0; g9 += q9_3 >= 0.7; g10 += q10_3 >= 0.7; g12 += q12_3 >= 1.0;
  }
  g[8] += g8; g[9] += g9; g[10] += g10; g[12] += g12;
  g[14] += B.g14[f[2]]; g[11] += B.g11[f[3]];
  for (int o = 0; o < NOBJ; o++) g[o] += K.gconst[f[1]][o] * (uint32_t)nb;
}

/* The SimBlockFn contract of compiler/simir.h for this one model: samples
 * n0 .. n0+ns-1 of nport portfolios; scores[p * ns + j]; greens added. */
static void hand_block(const RtDist *rd, const uint64_t *key, const unsigned char *funded, int nport,
                       uint64_t n0, int ns, double *scores, uint32_t *green) {
  for (int j0 = 0; j0 < ns; j0 += NB) {
    int nb = ns - j0 < NB ? ns - j0 : NB;
    tile_fill(rd, key, n0 + (uint64_t)j0, nb);
    for (int p = 0; p < nport; p++)
      tile_portfolio(funded + (size_t)p * 4, nb, scores + (size_t)p * ns + j0, green + (size_t)p * NOBJ);
  }
}

/* The plain form over the same samples, for --verify. */
static void plain_block(const RtDist *rd, const uint64_t *key, const unsigned char *funded, int nport,
                        uint64_t n0, int ns, double *scores, uint32_t *green) {
  static Sample S;
  double Q[NOBJ][T];
  for (int j = 0; j < ns; j++) {
    double x[NIN];
    for (int i = 0; i < NIN; i++) x[i] = rt_sample(&rd[i], key[i], n0 + (uint64_t)j);
    eval_sample(x, (const double (*)[T])K.r, &S);
    for (int p = 0; p < nport; p++) {
      scores[(size_t)p * ns + j] = eval_portfolio(x, funded + p * 4, (const double (*)[T])K.r, &S, Q);
      for (int o = 0; o < NOBJ; o++)
        green[(size_t)p * NOBJ + o] += is_green(o, (o == 13 || o == 15 || (o >= 1 && o <= 7)) ? S.Q[o][3] : Q[o][3]);
    }
  }
}

static uint64_t fnv(const char *s) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (; *s; s++) { h ^= (unsigned char)*s; h *= 0x100000001b3ULL; }
  return h;
}

typedef void BlockFn(const RtDist *, const uint64_t *, const unsigned char *, int, uint64_t, int, double *, uint32_t *);

/* Runs all samples block by block like simdrv: mean[p] summed in sample order. */
static double run(BlockFn *fn, const RtDist *rd, const uint64_t *key, const unsigned char *funded, int nport,
                  int samples, double *mean, uint32_t *green) {
  enum { BLOCK = 128 };             /* bscc sim's SAMPLE_BLOCK */
  double *scores = malloc(sizeof(double) * (size_t)nport * BLOCK);
  struct timespec a, b;
  clock_gettime(CLOCK_MONOTONIC, &a);
  for (int s0 = 0; s0 < samples; s0 += BLOCK) {
    int ns = samples - s0 < BLOCK ? samples - s0 : BLOCK;
    fn(rd, key, funded, nport, (uint64_t)s0, ns, scores, green);
    for (int p = 0; p < nport; p++)
      for (int j = 0; j < ns; j++) mean[p] += scores[(size_t)p * ns + j];
  }
  clock_gettime(CLOCK_MONOTONIC, &b);
  free(scores);
  return (b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9;
}

int main(int argc, char **argv) {
  int mode = 0;                   /* 0 timing, 1 --means, 2 --verify */
  if (argc > 1 && !strcmp(argv[1], "--means")) mode = 1, argv++, argc--;
  else if (argc > 1 && !strcmp(argv[1], "--verify")) mode = 2, argv++, argc--;
  int nport = argc > 1 ? atoi(argv[1]) : 16, samples = argc > 2 ? atoi(argv[2]) : 1000;
  if (nport < 1 || samples < 1) { fprintf(stderr, "usage: sim_hand [--means|--verify] PORTFOLIOS SAMPLES\n"); return 2; }
  RtDist rd[NIN];
  uint64_t key[NIN];
  double med[NIN];
  for (int i = 0; i < NIN; i++) {
    rd[i] = rt_dist_lower(&dist[i]);
    key[i] = rt_stream_key(42, fnv(stream_name[i]));
    med[i] = rt_dist_quantile(&dist[i], 0.5);
  }
  consts_init(med, rd, key);
  unsigned char *funded = malloc((size_t)nport * 4);
  for (int p = 0; p < nport; p++)
    for (int i = 0; i < 4; i++) funded[p * 4 + i] = (p >> i) & 1;
  double *sum = calloc((size_t)nport, sizeof(double));
  uint32_t *green = calloc((size_t)nport * NOBJ, sizeof(uint32_t));
  double t = run(hand_block, rd, key, funded, nport, samples, sum, green);
  int rc = 0;
  if (mode == 2) {
    double *sum2 = calloc((size_t)nport, sizeof(double));
    uint32_t *green2 = calloc((size_t)nport * NOBJ, sizeof(uint32_t));
    run(plain_block, rd, key, funded, nport, samples, sum2, green2);
    int bad = 0;
    for (int p = 0; p < nport; p++) bad += memcmp(&sum[p], &sum2[p], sizeof(double)) != 0;
    bad += memcmp(green, green2, sizeof(uint32_t) * (size_t)nport * NOBJ) != 0;
    printf("verify: %d portfolios x %d samples: %s\n", nport, samples, bad ? "DIFFERENT" : "tiled == plain, bit for bit");
    rc = bad != 0;
    free(sum2); free(green2);
  } else if (mode == 1) {
    for (int p = 0; p < nport; p++) printf("p%d %.17g\n", p, sum[p] / samples);
  } else {
    int bp = 0;
    for (int p = 0; p < nport; p++) if (sum[p] > sum[bp]) bp = p;
    printf("engine=hand portfolios=%d samples=%d seconds=%.4f compile_s=0 ns_per_eval=%.1f best=%d mean=%.6f check=%.10g\n",
           nport, samples, t, t * 1e9 / ((double)nport * samples), bp, sum[bp] / samples, sum[0] / samples);
  }
  free(funded); free(sum); free(green);
  return rc;
}
