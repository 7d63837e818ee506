/*
 * test_numfmt.c - numfmt_shortest against its definition: the fewest
 * digits (1 to 17) whose correctly rounded decimal reads back through
 * strtod as the same double.  The fast path (compiler/numfmt.c,
 * shortest_fast) rules precisions out and decides most of the others from
 * one conversion; these tests check on millions of doubles that it never
 * rules out the answer nor decides one wrongly.
 *
 * The random doubles number BSCC_NUMFMT_DOUBLES (2,000,000 by default,
 * and 15 % as many again against the plain search); the sanitizer builds
 * set 100,000 (Makefile, NUMFMT_DOUBLES): 2.4 s of CPU under ASan where
 * 2M take 15 s (plain: 1.5 s and 10 s).  What
 * fewer random doubles might miss, the deterministic tests cover every
 * time: the powers of two and of ten with their neighbours, and the
 * doubles nearest to decimals of every length 1 to 17, and to the
 * midpoints between them, across the exponents, where the fast path's
 * margin is thinnest.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "numfmt.h"

/* the definition, searched plainly from one digit up */
static int plain_shortest(double v, char digits[18], int *exp) {
  char buf[40];
  int prec = 1;
  for (; prec < 17; prec++) {
    snprintf(buf, sizeof buf, "%.*e", prec - 1, v);
    if (strtod(buf, NULL) == v) break;
  }
  snprintf(buf, sizeof buf, "%.*e", prec - 1, v);
  int nd = 0;
  const char *q = buf;
  for (; *q && *q != 'e'; q++)
    if (*q >= '0' && *q <= '9') digits[nd++] = *q;
  digits[nd] = 0;
  *exp = atoi(q + 1);
  return nd;
}

static uint64_t rng = 0x9e3779b97f4a7c15ULL;
static uint64_t next(void) {                    /* SplitMix64 */
  uint64_t z = (rng += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}
static double from_bits(uint64_t b) { double d; memcpy(&d, &b, sizeof d); return d; }

/* digits and exponent back into a double */
static double read_back(const char *d, int nd, int e) {
  char buf[48];
  snprintf(buf, sizeof buf, "%c.%se%d", d[0], nd > 1 ? d + 1 : "", e);
  return strtod(buf, NULL);
}

/* numfmt_shortest(v): reads back as |v|, and one digit fewer does not */
static void check_roundtrip(double v) {
  char d[18];
  int e, nd = numfmt_shortest(v, d, &e);
  cr_assert(nd >= 1 && nd <= 17);
  cr_assert_eq(read_back(d, nd, e), fabs(v), "%.17g: %s e%d does not read back", v, d, e);
  if (nd > 1) {
    char buf[40];
    snprintf(buf, sizeof buf, "%.*e", nd - 2, v);
    cr_assert_neq(strtod(buf, NULL), v, "%.17g: %d digits are not the fewest", v, nd);
  }
}

static void check_plain(double v) {
  char d1[18], d2[18];
  int e1, e2, n1 = numfmt_shortest(v, d1, &e1), n2 = plain_shortest(v, d2, &e2);
  cr_assert(n1 == n2 && e1 == e2 && !strcmp(d1, d2), "%.17g: %s e%d, plainly %s e%d", v, d1, e1, d2, e2);
}

/* random finite doubles: all bit patterns, so every binade and subnormals */
static double random_bits(void) {
  for (;;) {
    double v = from_bits(next());
    if (isfinite(v) && v != 0) return v;
  }
}
/* "nice" numbers: few digits, where the answer is short */
static double random_short(void) {
  double m = (double)(next() % 1000000), s = pow(10.0, (double)((int)(next() % 40) - 20));
  return (m + 1) * s;
}
/* scores and means like bscc sim prints: in [0, 1] */
static double random_unit(void) { return (double)(next() >> 11) * 0x1p-53 + 0x1p-60; }

/* BSCC_NUMFMT_DOUBLES, or 2,000,000; at least 1000 */
static long random_doubles(void) {
  const char *s = getenv("BSCC_NUMFMT_DOUBLES");
  char *end;
  long n = s && *s ? strtol(s, &end, 10) : 2000000;
  cr_assert(!s || !*s || (!*end && n >= 1000), "BSCC_NUMFMT_DOUBLES=%s: a whole number of 1000 or more", s);
  return n;
}

Test(numfmt, shortest_round_trips_on_millions) {
  long n = random_doubles();
  for (long i = 0; i < n / 2; i++) check_roundtrip(random_bits());
  for (long i = 0; i < n / 4; i++) check_roundtrip(random_short());
  for (long i = 0; i < n / 4; i++) check_roundtrip(random_unit());
}

Test(numfmt, shortest_equals_the_plain_search) {
  long n = random_doubles() * 3 / 20 / 3;
  for (long i = 0; i < n; i++) check_plain(random_bits());
  for (long i = 0; i < n; i++) check_plain(random_short());
  for (long i = 0; i < n; i++) check_plain(random_unit());
}

/* v and its two neighbours on each side, against the plain search */
static void check_around(double v) {
  if (!isfinite(v) || v == 0) return;
  double lo = nextafter(v, 0), hi = nextafter(v, INFINITY);
  check_plain(v);
  check_plain(lo);
  check_plain(hi);
  check_plain(nextafter(lo, 0));
  check_plain(nextafter(hi, INFINITY));
}

/* Where shortest_floor decides: a double nearest a decimal of p digits
 * reads back from p digits (distance below the half-gap), one nearest the
 * midpoint of two such decimals does not, and their neighbours lie either
 * side of the margin.  Every p from 1 to 17, mantissas at both ends of
 * the decade and inside it, every 7th decimal exponent over the range,
 * the ends of the fast path (1e-290, 1e290) included. */
Test(numfmt, shortest_near_decimals_of_every_length) {
  char buf[64];
  for (int p = 1; p <= 17; p++) {
    char lead[] = "1234567890123456789", nines[] = "99999999999999999999", fives[] = "5000000000000000000";
    const char *mant[] = { lead, nines, fives, "1000000000000000000", "7142857142857142857" };
    for (size_t k = 0; k < sizeof mant / sizeof mant[0]; k++) {
      for (int e = -323; e <= 308; e += 7) {
        /* d.ddd (p digits) e E, and the midpoint d.ddd5 e E */
        int n = snprintf(buf, sizeof buf, "%c.%.*se%d", mant[k][0], p - 1, mant[k] + 1, e);
        cr_assert(n > 0 && n < (int)sizeof buf);
        check_around(strtod(buf, NULL));
        snprintf(buf, sizeof buf, "%c.%.*s5e%d", mant[k][0], p - 1, mant[k] + 1, e);
        check_around(strtod(buf, NULL));
      }
    }
  }
  check_around(1e-290);
  check_around(1e290);
}

/* the edges: powers of two (where the gap below is half the gap above),
 * their neighbours, powers of ten, subnormals, the extremes */
Test(numfmt, shortest_at_the_edges) {
  for (int k = -1074; k <= 1023; k++) {
    double p = ldexp(1.0, k);
    check_plain(p);
    check_plain(nextafter(p, 0));
    check_plain(nextafter(p, INFINITY));
    check_roundtrip(p);
  }
  for (int k = -323; k <= 308; k++) {
    char buf[16];
    snprintf(buf, sizeof buf, "1e%d", k);
    double p = strtod(buf, NULL);
    if (p == 0 || !isfinite(p)) continue;
    check_plain(p);
    check_plain(nextafter(p, 0));
    check_plain(nextafter(p, INFINITY));
  }
  double edge[] = { 5e-324, 2.2250738585072014e-308, 2.2250738585072009e-308, 1.7976931348623157e308,
                    0.1, 0.3, 1.0 / 3.0, 0.69999999999999996, 1e15, 1e16, 9007199254740993.0, 123456789012345678.0 };
  for (size_t i = 0; i < sizeof edge / sizeof edge[0]; i++) { check_plain(edge[i]); check_plain(-edge[i]); }
}
