/*
 * test_numfmt.c - numfmt_shortest against its definition: the fewest
 * digits (1 to 17) whose correctly rounded decimal reads back through
 * strtod as the same double.  Its digit generation (compiler/numfmt.c,
 * numfmt_shortest_exact; docs/numfmt.md) rules precisions out and decides
 * nearly all the others from 128-bit powers of ten; these tests check on
 * millions of doubles that it never rules out the answer nor decides one
 * wrongly, that every power of ten of its table is exact (big integers of
 * this file's own), and that it leaves few doubles to the round trip.
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
#include "numfmt_pow10.h"

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

/* numfmt_shortest(v) is the plain search's answer, and so is the digit
 * generation's own (numfmt_shortest_exact) where it decides; where it
 * does not, the precisions it ruled out are below the answer */
static long exact_undecided;
static void check_plain(double v) {
  char d1[18], d2[18], d3[18];
  int e1, e2, e3, nd3, n1 = numfmt_shortest(v, d1, &e1), n2 = plain_shortest(v, d2, &e2);
  cr_assert(n1 == n2 && e1 == e2 && !strcmp(d1, d2), "%.17g: %s e%d, plainly %s e%d", v, d1, e1, d2, e2);
  int from = numfmt_shortest_exact(v, d3, &e3, &nd3);
  if (nd3) cr_assert(nd3 == n2 && e3 == e2 && !strcmp(d3, d2), "%.17g: exactly %s e%d, plainly %s e%d", v, d3, e3, d2, e2);
  else {
    exact_undecided++;
    cr_assert(from >= 1 && from <= n2, "%.17g: ruled out %d digits, plainly %s", v, from - 1, d2);
  }
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

/* Where the margins are thinnest: a double nearest a decimal of p digits
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

/* Big unsigned integers, 32-bit limbs, little end first: enough for 10^341
 * times a 128-bit entry (about 1,270 bits).  Independent of the generator
 * (compiler/numfmt_pow10.py), so a wrong entry of the header fails here. */
#define BIG_LIMBS 48
typedef struct { uint32_t l[BIG_LIMBS]; } Big;
static Big big_small(uint32_t x) { Big b; memset(&b, 0, sizeof b); b.l[0] = x; return b; }
static void big_mul_small(Big *a, uint32_t k) {
  uint64_t carry = 0;
  for (int i = 0; i < BIG_LIMBS; i++) { carry += (uint64_t)a->l[i] * k; a->l[i] = (uint32_t)carry; carry >>= 32; }
  cr_assert(carry == 0);
}
static void big_shl(Big *a, int n) {             /* a * 2^n, n >= 0 */
  for (; n >= 16; n -= 16) big_mul_small(a, 1u << 16);
  if (n) big_mul_small(a, 1u << n);
}
static int big_cmp(const Big *a, const Big *b) {
  for (int i = BIG_LIMBS - 1; i >= 0; i--)
    if (a->l[i] != b->l[i]) return a->l[i] < b->l[i] ? -1 : 1;
  return 0;
}
static void big_sub(Big *a, const Big *b) {      /* a - b, a >= b */
  int64_t borrow = 0;
  for (int i = 0; i < BIG_LIMBS; i++) {
    int64_t d = (int64_t)a->l[i] - b->l[i] - borrow;
    borrow = d < 0;
    a->l[i] = (uint32_t)(d + (borrow ? (1LL << 32) : 0));
  }
  cr_assert(borrow == 0);
}
static void big_add(Big *a, const Big *b) {
  uint64_t carry = 0;
  for (int i = 0; i < BIG_LIMBS; i++) { carry += (uint64_t)a->l[i] + b->l[i]; a->l[i] = (uint32_t)carry; carry >>= 32; }
  cr_assert(carry == 0);
}
static Big big_pow10(int n) { Big b = big_small(1); for (int i = 0; i < n; i++) big_mul_small(&b, 10); return b; }
static Big big_pow2(int n) { Big b = big_small(1); big_shl(&b, n); return b; }
static Big big_mul_u128(const Big *a, uint64_t hi, uint64_t lo) {   /* a (hi 2^64 + lo) */
  uint32_t w[4] = { (uint32_t)lo, (uint32_t)(lo >> 32), (uint32_t)hi, (uint32_t)(hi >> 32) };
  Big r = big_small(0);
  for (int j = 3; j >= 0; j--) {
    big_shl(&r, 32);
    Big t = *a;
    big_mul_small(&t, w[j]);
    big_add(&r, &t);
  }
  return r;
}

/* Every entry of numfmt_pow10.h: P in [2^127, 2^128) and P 2^f within
 * half a unit of P of 10^t, that is |2 P L - 2 R| <= L with L = 2^f and
 * R = 10^t (f > 0), L = 10^-t and R = 2^-f (t < 0); exact for small t. */
Test(numfmt, power_table_is_exact) {
  cr_assert_eq(NUMFMT_T_MAX - NUMFMT_T_MIN + 1, (int)(sizeof numfmt_pow10 / sizeof numfmt_pow10[0]));
  for (int t = NUMFMT_T_MIN; t <= NUMFMT_T_MAX; t++) {
    uint64_t hi = numfmt_pow10[t - NUMFMT_T_MIN].hi, lo = numfmt_pow10[t - NUMFMT_T_MIN].lo;
    int f = numfmt_pow10[t - NUMFMT_T_MIN].f;
    cr_assert(hi >> 63, "1e%d: P below 2^127", t);
    Big one = big_small(1), P = big_mul_u128(&one, hi, lo), L, R;
    if (t >= 0 && f <= 0) {                      /* exact: P = 10^t 2^-f */
      R = big_pow10(t);
      big_shl(&R, -f);
      cr_assert(big_cmp(&P, &R) == 0, "1e%d: P is not 10^%d 2^%d", t, t, -f);
      continue;
    }
    if (t >= 0) { L = big_pow2(f); R = big_pow10(t); }
    else { cr_assert(f < 0); L = big_pow10(-t); R = big_pow2(-f); }
    Big a = big_mul_u128(&L, hi, lo), b = R;
    big_shl(&a, 1);
    big_shl(&b, 1);
    if (big_cmp(&a, &b) < 0) { Big x = a; a = b; b = x; }
    big_sub(&a, &b);
    cr_assert(big_cmp(&a, &L) <= 0, "1e%d: P 2^%d is more than half a unit of P from 10^%d", t, f, t);
  }
}

/* 10^k <= 2^E < 10^(k+1) for k = numfmt_floor_log10_pow2(E), every
 * binary exponent of a finite double (subnormals' included) */
Test(numfmt, floor_log10_of_powers_of_two) {
  for (int E = -1074; E <= 1023; E++) {
    int k = numfmt_floor_log10_pow2(E);
    Big two = big_pow2(E >= 0 ? E : -E), lo = big_pow10(k >= 0 ? k : -k), hi = big_pow10(k + 1 >= 0 ? k + 1 : -(k + 1));
    if (E >= 0) cr_assert(big_cmp(&lo, &two) <= 0 && big_cmp(&two, &hi) < 0, "2^%d: log10 is not %d", E, k);
    else cr_assert(big_cmp(&two, &lo) <= 0 && big_cmp(&hi, &two) < 0, "2^%d: log10 is not %d", E, k);
  }
}

/* The hard cases, each against the plain search: subnormals (random and
 * the extremes), random decimals of 15, 16 and 17 digits over the range,
 * exact ties (dyadic n / 2^j: 0.125 lies halfway between 0.12 and 0.13),
 * short decimals among the large integers (2.1813e21 lies exactly on the
 * midpoint between two doubles, so the interval's endpoint decides), the
 * last doubles below and first from each power of ten. */
Test(numfmt, shortest_hard_cases) {
  for (int i = 0; i < 20000; i++) check_plain(from_bits((next() & ((1ULL << 52) - 1)) | 1));
  double sub[] = { 0x1p-1074, 0x2p-1074, 0x3p-1074, 0x1.fffffffffffffp-1023, 0x1.ffffffffffffep-1023,
                   0x1p-1022, 0x1.0000000000001p-1022, 0x1.fffffffffffffp+1023, 0x1.ffffffffffffep+1023 };
  for (size_t i = 0; i < sizeof sub / sizeof sub[0]; i++) { check_plain(sub[i]); check_plain(-sub[i]); }
  char buf[64];
  for (int nd = 15; nd <= 17; nd++)
    for (int i = 0; i < 20000; i++) {
      char dec[20];
      snprintf(dec, sizeof dec, "%016llu", (unsigned long long)(next() % 10000000000000000ULL));
      snprintf(buf, sizeof buf, "%d.%.*se%d", 1 + (int)(next() % 9), nd - 1, dec, (int)(next() % 630) - 323);
      double v = strtod(buf, NULL);
      if (v != 0 && isfinite(v)) check_plain(v);
    }
  for (int j = 1; j <= 30; j++)
    for (int n = 1; n < 4000; n += 2) check_plain(ldexp((double)n, -j));
  for (int j = 0; j <= 30; j++)                 /* odd n 2^j: 1250 is halfway at 2 digits */
    for (int n = 1; n < 4000; n += 2) check_plain(ldexp((double)n, j));
  for (int n = 1; n < 40000; n++) check_plain(n + 0.5);   /* 2.5: halfway at 1 digit */
  /* halfway at 16 digits, and only the odd neighbour reads back: 17 digits */
  char d[18];
  int e;
  cr_assert_eq(numfmt_shortest(0x1p-24, d, &e), 17);
  cr_assert_str_eq(d, "59604644775390625");
  check_plain(0x1p-24);
  for (int i = 0; i < 20000; i++) {
    snprintf(buf, sizeof buf, "%llue%d", (unsigned long long)(1 + next() % 1000000), 14 + (int)(next() % 30));
    check_plain(strtod(buf, NULL));
  }
  for (int k = -307; k <= 308; k++) {
    snprintf(buf, sizeof buf, "1e%d", k);
    double p = strtod(buf, NULL);
    double x = p, y = p;
    for (int i = 0; i < 4; i++, x = nextafter(x, 0), y = nextafter(y, INFINITY)) { check_plain(x); check_plain(y); }
  }
}

/* the digit generation decides nearly every double itself: a wrong bound
 * that made it give up (or ask printf) everywhere would pass the tests of
 * the digits above, and fail here */
Test(numfmt, exact_path_decides_nearly_everything) {
  exact_undecided = 0;
  long n = 0;
  for (int i = 0; i < 100000; i++, n++) check_plain(random_bits());
  for (int i = 0; i < 100000; i++, n++) check_plain(random_unit());
  cr_assert(exact_undecided * 1000 < n, "%ld of %ld doubles undecided", exact_undecided, n);
}
