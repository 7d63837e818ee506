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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int numfmt_shortest(double v, char digits[18], int *exp) {
  char buf[40];                                 /* "-d.(16 digits)e-308": 24 bytes */
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
