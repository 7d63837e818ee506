/*
 * numfmt.h - numbers written for people and for files, by one set of
 * rules (docs/robustness.md, "Numbers bscc prints").
 *
 * Every renderer that prints a number goes through here (the score and
 * sim tables, every --format=csv), so that no number is cut short by a
 * fixed buffer and the same double always reads the same way.
 */
#ifndef BSC_NUMFMT_H
#define BSC_NUMFMT_H

#include "util.h"

/* From this magnitude on, a table shows a number in scientific notation:
 * a double no longer holds every hundredth there (its spacing passes
 * 0.1 at about 1e15), so fixed decimals would show digits it has not. */
#define NUMFMT_SCI_FROM 1e15

/* The shortest decimal digits that read back as v (finite, not zero):
 * writes them, without sign or point, to digits (NUL-terminated) and
 * returns their count; *exp is the power of ten of the first digit
 * (1234.5 gives "12345", 3). */
int numfmt_shortest(double v, char digits[18], int *exp);

/* numfmt_shortest's own digit generation, without printf (numfmt.c has
 * its proof; exposed for tests/unit/test_numfmt.c): every precision below
 * the return value fails for certain; *nd is the digit count when the
 * return value is decided (digits and *exp filled), 0 when it must be
 * tried by a round trip from there. */
int numfmt_shortest_exact(double v, char digits[18], int *exp, int *nd);
/* floor(E log10 2), for |E| <= 1100 */
int numfmt_floor_log10_pow2(int E);

/* v for a table: at most `decimals` decimals (0 to 6; trailing zeros
 * dropped), integer digits grouped by thousands ("1,050,000.5"); from
 * NUMFMT_SCI_FROM on, the shortest digits that read back as v, as
 * d.ddde+XX ("1e+100").  No "-0"; infinities as "∞" and "-∞", NaN as
 * "NaN".  At most NUMFMT_MAX bytes. */
#define NUMFMT_MAX 32
void numfmt_put(Buf *b, double v, int decimals);

#endif
