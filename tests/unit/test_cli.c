/* test_cli.c - the option-parsing helpers shared by the commands. */
#include <criterion/criterion.h>
#include <limits.h>
#include "cli.h"

Test(cli, opt_forms) {
  char *argv[] = { "--format=json", "--format", "csv", "--format", "--formats=x", "-A", "W001" };
  int argc = 7, i = 0;
  const char *val = NULL;
  cr_assert(cli_opt("--format", argc, argv, &i, &val));
  cr_expect_str_eq(val, "json");
  cr_expect_eq(i, 0);
  i = 1;
  cr_assert(cli_opt("--format", argc, argv, &i, &val));
  cr_expect_str_eq(val, "csv");
  cr_expect_eq(i, 2);                          /* moved past the value */
  i = 4;
  cr_expect(!cli_opt("--format", argc, argv, &i, &val));   /* a longer name */
  i = 5;
  cr_assert(cli_opt("-A", argc, argv, &i, &val));
  cr_expect_str_eq(val, "W001");
  /* a name with no value left is not an option with a value */
  char *last[] = { "--format" };
  i = 0;
  cr_expect(!cli_opt("--format", 1, last, &i, &val));
  cr_expect_eq(i, 0);
}

Test(cli, bounded_integers) {
  long v = -1;
  cr_expect(cli_long("42", 0, 100, &v) && v == 42);
  cr_expect(!cli_long("", 0, 100, &v));
  cr_expect(!cli_long("4x", 0, 100, &v));
  cr_expect(!cli_long("101", 0, 100, &v));
  cr_expect(!cli_long("-1", 0, 100, &v));
  cr_expect(cli_long("99999999999", 1, LONG_MAX, &v) && v == 99999999999L);
}

Test(cli, colour_modes) {
  int m = 5;
  cr_expect(cli_color("auto", &m) && m == -1);
  cr_expect(cli_color("always", &m) && m == 1);
  cr_expect(cli_color("never", &m) && m == 0);
  cr_expect(!cli_color("sometimes", &m) && m == 0);
}
