/*
 * numfmt.c - numbers for people and for files (see numfmt.h).
 *
 * The bounds are proved, not hoped for: below NUMFMT_SCI_FROM a number
 * has at most 16 integer digits once rounded, so "%.6f" needs at most
 * 16 + 1 + 6 bytes and, with a sign and 5 commas, the result 29; from
 * there on, the shortest form has at most 17 digits, a point, a sign and
 * "e+308": 25.
 */
#include "numfmt.h"
#include "numfmt_pow10.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Does the correctly rounded decimal of v to prec digits read back as v?
 * (glibc's printf and strtod are exact, so this is the definition.) */
static int roundtrips(double v, int prec, char *buf, size_t n) {
  snprintf(buf, n, "%.*e", prec - 1, v);
  return strtod(buf, NULL) == v;
}

/* The shortest digits without printf, decided exactly where it answers
 * (docs/numfmt.md has the whole argument).
 *
 * v = m 2^e (m < 2^53).  glibc's strtod reads a decimal D back as v iff D
 * lies in v's rounding interval: within the half-gap W above v or the
 * half-gap below (W, or W/2 when m = 2^52 above the least normal
 * exponent: a power of two, whose gap below is half the gap above), ends
 * included iff m is even (a midpoint rounds to the even neighbour; at the
 * least subnormal that neighbour is 0, at DBL_MAX infinity: m is odd for
 * both).  printf's p-digit D_p is v rounded half to even at the unit
 * u = 10^(k-p+1), k = floor(log10 v).  So the definition is: the least p
 * whose D_p lies in the interval (p = 17 always does: its unit is below
 * the narrower half-gap).
 *
 * Scaled by 10^t, t = 17 - k', k' = floor(E log10 2), E = floor(log2 v)
 * (k' is k or k - 1), N = v 10^t lies in [10^17, 2 10^18): 18 or 19
 * integer digits, so a unit u >= 10 for every p <= 17.  N and W are
 * computed as 64.64 fixed point from the 128-bit P ~ 10^t 2^-f
 * (numfmt_pow10.h, rounded to nearest, |P - 10^t 2^-f| <= 1/2 with
 * P >= 2^127): N~ = floor(m P / 2^s), W~ = floor(P / 2^(s+1)),
 * s = -(e + f + 64).  Each is below its exact value by less than one
 * 2^-64 plus the table's error carried through, which is at most the
 * value times 2^-128 (relative error of P): N < 2^61 units, so under
 * 2^-3 of a 2^-64; W <= N likewise.  So |N~ - N| < 2 and |W~ - W| < 2 in
 * units of 2^-64, and NUMFMT_SLACK = 8 bounds any sum of two of them.
 *
 * For each p (from the first that can succeed, below): r~ = N~ mod u
 * (in 2^-64s).  If r~ is more than SLACK from u/2 the exact N lies on the same side of the midpoint, so D_p is
 * N rounded up iff r~ > u/2, at distance d~ (u - r~ or r~) within 2 of the
 * true distance d.  d~ + SLACK < W~ (of D_p's side) implies d < W: D_p
 * reads back, p is the answer; d~ > W~ + SLACK implies d > W: p fails.
 * Within SLACK of u/2 (a tie, or nearly), both neighbours lie at least
 * u/2 - SLACK from N; past W~ + SLACK, p fails whichever printf picks
 * (else undecided: 2^-24 is halfway at 16 digits, and only the neighbour
 * printf does not pick reads back).  Anything else (d within SLACK of W: an endpoint, a decimal exactly on a
 * midpoint between doubles, as large integers have) is left undecided:
 * the return is that p with *nd = 0, and numfmt_shortest tries the round
 * trip from there, every smaller p having failed for certain. */

#define NUMFMT_SLACK 8

typedef unsigned __int128 u128;

static const uint64_t P10[20] = {
  1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL, 10000000ULL, 100000000ULL,
  1000000000ULL, 10000000000ULL, 100000000000ULL, 1000000000000ULL, 10000000000000ULL,
  100000000000000ULL, 1000000000000000ULL, 10000000000000000ULL, 100000000000000000ULL,
  1000000000000000000ULL, 10000000000000000000ULL,
};

/* c's p decimal digits (c < 10^p), two at a time, and a NUL */
static void put_digits(char *out, uint64_t c, int p) {
  static const char pairs[] =
    "0001020304050607080910111213141516171819202122232425262728293031323334353637383940414243444546474849"
    "5051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899";
  out[p] = 0;
  for (; p >= 2; p -= 2, c /= 100) memcpy(out + p - 2, pairs + 2 * (c % 100), 2);
  if (p) out[0] = (char)('0' + c);
}

/* floor(E log10 2) for |E| <= 1100: 78913 / 2^18 is log10 2 to 2^-24,
 * off by under 1100 2^-24 < 1e-4, less than E log10 2 comes to an
 * integer for any E in range but 0 (test_numfmt checks every E). */
int numfmt_floor_log10_pow2(int E) {
  int64_t x = (int64_t)E * 78913;
  return (int)(x >= 0 ? x / 262144 : -((-x + 262143) / 262144));
}

int numfmt_shortest_exact(double v, char digits[18], int *exp, int *nd) {
  uint64_t bits;
  memcpy(&bits, &v, sizeof bits);
  uint64_t m = bits & ((1ULL << 52) - 1);
  int be = (int)(bits >> 52 & 0x7ff), e;
  *nd = 0;
  if (be == 0x7ff || (be == 0 && m == 0)) return 1;   /* not finite, or zero: not ours */
  if (be) { m |= 1ULL << 52; e = be - 1075; } else e = -1074;
  int E = e + 63 - __builtin_clzll(m);
  int kq = numfmt_floor_log10_pow2(E), t = 17 - kq;
  const uint64_t ph = numfmt_pow10[t - NUMFMT_T_MIN].hi, pl = numfmt_pow10[t - NUMFMT_T_MIN].lo;
  int s = -(e + numfmt_pow10[t - NUMFMT_T_MIN].f + 64);   /* 5..59 over the doubles (docs/numfmt.md) */
  /* m P: 181 bits at most, in three limbs; then shifted right by s */
  u128 a = (u128)m * pl, b = (u128)m * ph;
  uint64_t l0 = (uint64_t)a;
  u128 mid = (a >> 64) + (uint64_t)b;
  uint64_t l1 = (uint64_t)mid, l2 = (uint64_t)(b >> 64) + (uint64_t)(mid >> 64);
  u128 n = ((((u128)l2 << 64) | l1) << (64 - s)) | (l0 >> s);
  u128 P = ((u128)ph << 64) | pl;
  u128 wup = P >> (s + 1), wdown = (be > 1 && m == 1ULL << 52) ? P >> (s + 2) : wup;
  uint64_t hi = (uint64_t)(n >> 64);
  int len = hi >= P10[18] ? 19 : 18, k = kq + (len == 19);
  /* The first p worth a look: below it no multiple of u at all lies in
   * [N~ - W~ - SLACK, N~ + W~ + SLACK] (W~ the wider half-gap), which holds
   * the interval, so no p-digit decimal reads back, D_p none either.  A
   * multiple of u lies in [a, b] (whole units, a = ceil, b = floor of the
   * ends) iff floor(b/u) > floor((a-1)/u); if none does for u, none does
   * for 10u: digits come off b and a - 1 until they agree (Ryu's loop). */
  u128 lo_end = n - wup - NUMFMT_SLACK, hi_end = n + wup + NUMFMT_SLACK;
  uint64_t xb = (uint64_t)(hi_end >> 64) / P10[len - 17], ya = (uint64_t)((lo_end - 1) >> 64) / P10[len - 17];
  int p0 = 17;
  while (p0 > 1 && xb / 10 > ya / 10) { xb /= 10; ya /= 10; p0--; }
  for (int p = p0; p <= 17; p++) {
    uint64_t u = P10[len - p], q = hi / u;
    u128 r = ((u128)(hi % u) << 64) | (uint64_t)n, half = (u128)(u / 2) << 64;
    if (r + NUMFMT_SLACK >= half && r <= half + NUMFMT_SLACK) {    /* on a midpoint, or nearly */
      if (half > wup + 2 * NUMFMT_SLACK) continue;
      return p;
    }
    int up = r > half;
    u128 d = up ? ((u128)u << 64) - r : r, w = up ? wup : wdown;
    if (p < 17) {
      if (d > w + NUMFMT_SLACK) continue;
      if (!(d + NUMFMT_SLACK < w)) return p;
    }
    uint64_t c = q + (uint64_t)up;
    int ex = k;
    if (c == P10[p]) { c = P10[p - 1]; ex++; }   /* 9.99.. rounded up to 10.0.. */
    put_digits(digits, c, p);
    *exp = ex;
    *nd = p;
    return p;
  }
  return 17;
}

int numfmt_shortest(double v, char digits[18], int *exp) {
  char buf[40];                                 /* "-d.(16 digits)e-308": 24 bytes */
  int nd, prec = numfmt_shortest_exact(v, digits, exp, &nd);
  if (nd) return nd;
  for (; prec < 17; prec++)
    if (roundtrips(v, prec, buf, sizeof buf)) break;
  if (prec == 17) snprintf(buf, sizeof buf, "%.*e", prec - 1, v);
  nd = 0;
  const char *q = buf;
  for (; *q && *q != 'e'; q++)
    if (*q >= '0' && *q <= '9') digits[nd++] = *q;
  digits[nd] = 0;
  *exp = atoi(q + 1);
  return nd;
}

/* digits grouped by thousands: "1234567" as "1,234,567" */
static void put_grouped_digits(Buf *b, const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    buf_putc(b, s[i]);
    size_t left = n - i - 1;
    if (left && left % 3 == 0) buf_putc(b, ',');
  }
}

void numfmt_put(Buf *b, double v, int decimals) {
  if (isnan(v)) { buf_puts(b, "NaN"); return; }
  if (isinf(v)) { buf_puts(b, v < 0 ? "-∞" : "∞"); return; }
  if (v == 0) { buf_putc(b, '0'); return; }    /* also -0 */
  if (fabs(v) >= NUMFMT_SCI_FROM) {
    char d[18];
    int e, nd = numfmt_shortest(v, d, &e);
    if (v < 0) buf_putc(b, '-');
    buf_putc(b, d[0]);
    if (nd > 1) { buf_putc(b, '.'); buf_puts(b, d + 1); }
    buf_printf(b, "e%c%d", e < 0 ? '-' : '+', abs(e));
    return;
  }
  if (decimals < 0) decimals = 0;
  if (decimals > 6) decimals = 6;
  char tmp[32];                                  /* at most 23 bytes, see above */
  snprintf(tmp, sizeof tmp, "%.*f", decimals, fabs(v));
  char *dot = strchr(tmp, '.');
  if (dot) {                                     /* drop trailing zeros, and a bare point */
    char *e = tmp + strlen(tmp) - 1;
    while (e > dot && *e == '0') *e-- = 0;
    if (e == dot) *e = 0;
  }
  if (!strcmp(tmp, "0")) { buf_putc(b, '0'); return; }   /* -0.001 to 0 decimals: no "-0" */
  if (v < 0) buf_putc(b, '-');
  size_t nint = strcspn(tmp, ".");
  put_grouped_digits(b, tmp, nint);
  buf_puts(b, tmp + nint);
}
