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

/* The shortest digits from one 19-digit conversion, where it decides.
 * S, |v| to 19 digits (m, e), is within 0.5 units (of 10^(e-18)) of v.
 * For a precision p, printf's p-digit decimal D is the multiple of u =
 * 10^(e-p+1) nearest to v, at distance dist_p(v), and
 * |dist_p(v) - dist_p(S)| <= 0.5.  Anything further from v than half the
 * gap above it (the wider of its two gaps) reads back as another double,
 * so p fails if dist_p(S) exceeds that half-gap by more than 0.5; anything
 * nearer than half the narrower gap reads back as v, so p succeeds if
 * dist_p(S) + 0.5 is below it.  The half-gaps are computed in floating
 * point, hence the margins (a half-gap is at least |v| 2^-54, above 55
 * units: the margins cost nothing).  D is S rounded to p digits unless S
 * lies within 0.5 units of a midpoint between multiples of u (v might be on
 * the other side).  So the first p that is not certain to fail is either
 * certain to succeed, its digits S's rounded, or undecided: the return is
 * that p, with *nd set (digits and *exp filled) when decided, 0 when the
 * round trip must be tried from p (numfmt_shortest, the plain search).
 * Subnormals and the extremes are left to the plain search (p = 1). */
static int shortest_fast(double v, char digits[18], int *exp, int *nd) {
  static const uint64_t P10[20] = {
    1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL, 10000000ULL, 100000000ULL,
    1000000000ULL, 10000000000ULL, 100000000000ULL, 1000000000000ULL, 10000000000000ULL,
    100000000000000ULL, 1000000000000000ULL, 10000000000000000ULL, 100000000000000000ULL,
    1000000000000000000ULL, 10000000000000000000ULL,
  };
  double a = fabs(v);
  *nd = 0;
  if (!(a >= 1e-290 && a <= 1e290)) return 1;
  char buf[40];
  snprintf(buf, sizeof buf, "%.18e", a);        /* d.(18 digits)e±XX */
  uint64_t m = 0;
  const char *q = buf;
  for (; *q && *q != 'e'; q++)
    if (*q >= '0' && *q <= '9') m = m * 10 + (uint64_t)(*q - '0');
  int e = atoi(q + 1);
  double scale = 1e18 / pow(10.0, e);
  double up = (nextafter(a, INFINITY) - a) / 2 * scale, down = (a - nextafter(a, 0)) / 2 * scale;
  double fail = up * 1.001 + 2.0, pass = (up < down ? up : down) * 0.999 - 2.0;
  for (int p = 1; p <= 17; p++) {
    uint64_t u = P10[19 - p], tail = m % u;
    uint64_t dist = tail < u - tail ? tail : u - tail;
    if (p < 17 && (double)dist > fail) continue;
    /* 17 digits always read back; else succeed for certain, or try */
    if (p < 17 && !((double)dist + 0.5 < pass)) return p;
    uint64_t half = u / 2, off = tail > half ? tail - half : half - tail;
    if (off <= 1) return p;                     /* S near a midpoint: printf decides */
    uint64_t c = m / u + (tail > half);
    int ex = e;
    if (c == P10[p]) { c = P10[p - 1]; ex++; }  /* 9.99.. rounded up to 10.0.. */
    for (int i = p - 1; i >= 0; i--) { digits[i] = (char)('0' + c % 10); c /= 10; }
    digits[p] = 0;
    *exp = ex;
    *nd = p;
    return p;
  }
  return 17;
}

int numfmt_shortest(double v, char digits[18], int *exp) {
  char buf[40];                                 /* "-d.(16 digits)e-308": 24 bytes */
  int nd, prec = shortest_fast(v, digits, exp, &nd);
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
