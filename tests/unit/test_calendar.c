/* Unit tests of the calendar of periods: ISO weeks, dates and fiscal years
 * (compiler/ast.c, compiler/sema.c; docs/semantics.md §1.1, §2.4). */
#include <criterion/criterion.h>

#include "ast.h"
#include "sema.h"

static Period week(int y, int w) { return (Period){.kind = PER_WEEK, .year = y, .sub = w}; }
static Period date(int y, int m, int d) { return (Period){.kind = PER_DAY, .year = y, .sub = m, .day = d}; }

Test(calendar, days_round_trip) {
  cr_assert_eq(ast_days(1970, 1, 1), 0);
  cr_assert_eq(ast_days(2000, 3, 1), 11017);
  for (long z = -800000; z <= 800000; z += 997) {
    int y, m, d;
    ast_civil(z, &y, &m, &d);
    cr_assert_eq(ast_days(y, m, d), z);
  }
}

/* A week belongs to the month of its Thursday. */
Test(calendar, iso_weeks) {
  cr_assert(ast_period_valid(week(2026, 53)));        /* 1 January 2026 is a Thursday */
  cr_assert(!ast_period_valid(week(2025, 53)));
  cr_assert(ast_period_valid(week(2020, 53)));        /* a leap year starting on Wednesday */
  cr_assert(!ast_period_valid(week(2021, 53)));
  cr_assert(!ast_period_valid(week(2026, 0)));
  cr_assert_eq(ast_period_month(week(2026, 1)), 2026 * 12 + 0);   /* Mon 29 Dec 2025 .. Sun 4 Jan */
  cr_assert_eq(ast_period_month(week(2026, 5)), 2026 * 12 + 0);   /* Thursday 29 January */
  cr_assert_eq(ast_period_month(week(2026, 6)), 2026 * 12 + 1);   /* Thursday 5 February */
  cr_assert_eq(ast_period_month(week(2026, 14)), 2026 * 12 + 3);  /* Thursday 2 April */
  cr_assert_eq(ast_period_month(week(2021, 1)), 2021 * 12 + 0);   /* Thursday 7 January */
  cr_assert_eq(ast_period_month(week(2020, 53)), 2020 * 12 + 11); /* Thursday 31 December */
  cr_assert_eq(ast_period_last_day(week(2026, 1)), ast_days(2026, 1, 4));
}

Test(calendar, dates) {
  cr_assert(ast_period_valid(date(2024, 2, 29)));
  cr_assert(!ast_period_valid(date(2025, 2, 29)));
  cr_assert(!ast_period_valid(date(2025, 4, 31)));
  cr_assert_eq(ast_period_month(date(2026, 2, 12)), 2026 * 12 + 1);
}

/* FY2025 of a July year is July 2024 .. June 2025. */
Test(calendar, fiscal_years) {
  Period q1 = {.kind = PER_QUARTER, .year = 2025, .sub = 1, .fiscal = true, .fy = 7};
  cr_assert_eq(sema_period_start(q1), 2024 * 12 + 6);
  cr_assert_eq(sema_period_end(q1), 2024 * 12 + 8);
  Period fy = {.kind = PER_YEAR, .year = 2025, .fiscal = true, .fy = 7};
  cr_assert_eq(sema_period_start(fy), 2024 * 12 + 6);
  cr_assert_eq(sema_period_end(fy), 2025 * 12 + 5);
  Period h2 = {.kind = PER_HALF, .year = 2025, .sub = 2, .fiscal = true, .fy = 7};
  cr_assert_eq(sema_period_start(h2), 2025 * 12 + 0);
  Period at = sema_period_at(PER_QUARTER, 2025 * 12 + 0, 7);     /* January 2025 */
  cr_assert(at.fiscal);
  cr_assert_eq(at.year, 2025);
  cr_assert_eq(at.sub, 3);
  at = sema_period_at(PER_QUARTER, 2024 * 12 + 6, 7);            /* July 2024 */
  cr_assert_eq(at.year, 2025);
  cr_assert_eq(at.sub, 1);
  at = sema_period_at(PER_QUARTER, 2024 * 12 + 1, 2);            /* February 2024: FY2025-Q1 of a February year */
  cr_assert_eq(at.year, 2025);
  cr_assert_eq(at.sub, 1);
  at = sema_period_at(PER_QUARTER, 2025 * 12 + 1, 0);            /* calendar */
  cr_assert(!at.fiscal);
  cr_assert_eq(at.year, 2025);
  cr_assert_eq(at.sub, 1);
}
