/* The checker runs each measure's passes (check_kr, its periods, plan,
 * frequency, measure, formula) in one loop over the measures, each pass
 * after the first reporting into an engine of its own (sema.c,
 * check_measures); and each measure's unit with the fiscal naming of its
 * periods in another, the naming's diagnostics appended in the middle of
 * the strategy's (check_units, resolve_fiscal).  These tests compare it with the passes run one after
 * the other (SemaOptions.pass_each): the diagnostics as reported, before
 * diag_sort, in order, and the counts, under several caps on errors,
 * since the cap keeps the first errors reported. */
#include <criterion/criterion.h>
#include <glob.h>
#include <string.h>
#include "sema.h"

static char *slurp(const char *path, size_t *len) {
  FileErr fe;
  char *t = file_read(path, 1 << 24, len, &fe);
  cr_assert_not_null(t, "cannot read %s", path);
  return t;
}

/* Everything the check reported, in the order reported. */
static char *reported(const char *path, const char *text, size_t len, int max_errors, bool pass_each) {
  DiagEngine de;
  Program p;
  diag_init(&de);
  de.max_errors = max_errors;
  program_init(&p, &de);
  LoadOptions lo = {0};
  SemaOptions o = {0};
  o.pass_each = pass_each;
  if (load_program(&p, path, text, len, &lo)) sema_check(&p, &o);
  Buf b;
  buf_init(&b);
  buf_printf(&b, "%d errors, %d warnings, %d dropped\n", de.nerrors, de.nwarnings, de.dropped);
  for (int i = 0; i < de.ndiags; i++) {
    const Diag *g = &de.diags[i];
    buf_printf(&b, "%s %d [%d %u %u] %s | %s | %s\n", diag_code_str(g->code), g->sev, g->span.file, g->span.off,
               g->span.end, g->msg ? g->msg : "", g->label ? g->label : "", g->help ? g->help : "");
    for (int k = 0; k < g->nnotes; k++)
      buf_printf(&b, "  note [%d %u %u] %s\n", g->notes[k].span.file, g->notes[k].span.off, g->notes[k].span.end,
                 g->notes[k].msg ? g->notes[k].msg : "");
  }
  program_free(&p);
  diag_free(&de);
  return b.data ? buf_steal(&b) : bsc_strdup("");
}

static int same_as_passes(const char *path) {
  size_t len;
  char *t = slurp(path, &len);
  static const int caps[] = { 0, 1, 2, 3, 5, 8, 13 };
  int n = 0;
  for (size_t c = 0; c < sizeof caps / sizeof caps[0]; c++) {
    char *joined = reported(path, t, len, caps[c], false), *each = reported(path, t, len, caps[c], true);
    cr_assert_str_eq(joined, each, "%s, --max-errors %d: the joined passes report differently", path, caps[c]);
    n += c == 0 ? (int)(strlen(joined) > 40) : 0;
    free(joined);
    free(each);
  }
  free(t);
  return n;
}

/* The file reports as the separate passes do, and reports each of codes
 * (so that the comparison is not between two empty lists). */
static void same_and_reports(const char *path, const char *const *codes, size_t ncodes) {
  same_as_passes(path);
  size_t len;
  char *t = slurp(path, &len);
  char *all = reported(path, t, len, 0, false);
  for (size_t i = 0; i < ncodes; i++) cr_assert_not_null(strstr(all, codes[i]), "%s reports no %s", path, codes[i]);
  free(all);
  free(t);
}

/* Errors and warnings of every pass, interleaved over the key results. */
Test(passes, joined_loop_reports_as_separate_passes) {
  static const char *const codes[] = { "E040", "E046", "E047", "W012", "E101", "W015", "W008", "E021", "E107", "E071" };
  same_and_reports("measures_mix.bsc", codes, sizeof codes / sizeof codes[0]);
}

/* Units, the strategy's own errors and the naming of the objectives' and
 * the measures' periods, interleaved: an engine appended before the
 * horizon's or the objectives' naming, or after the strategy's check,
 * reports in another order. */
Test(passes, units_and_fiscal_naming_as_separate_passes) {
  static const char *const codes[] = { "E022", "E011", "E105", "E106", "E020", "W075" };
  same_and_reports("units_fiscal.bsc", codes, sizeof codes / sizeof codes[0]);
}

/* The checks over the objectives: W060's facts gathered in chk_overload's
 * loop (the separate passes: chk_unmeasured's own), and each check's
 * warnings in the checks' order, W002 and W005 (chk_balance), W006 and
 * W007 (chk_overload), W060 (chk_unmeasured), each in the objectives'
 * order. */
Test(passes, objective_checks_in_order) {
  same_as_passes("objectives_mix.bsc");
  size_t len;
  char *t = slurp("objectives_mix.bsc", &len);
  char *all = reported("objectives_mix.bsc", t, len, 0, false);
  const char *want[] = { "W002", "W005", "W005", "W005", "W006", "W007", "W007", "W060" };
  const char *names[] = { "process", "lonely", "orphan", "empty", "CFO", "nps", "orphan", "lonely" };
  const char *line = strchr(all, '\n') + 1;
  for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
    while (!strncmp(line, "  note", 6)) line = strchr(line, '\n') + 1;
    cr_assert(!strncmp(line, want[i], 4), "diagnostic %zu is not %s: %.60s", i, want[i], line);
    const char *end = strchr(line, '\n');
    cr_assert_not_null(end);
    cr_assert(memmem(line, (size_t)(end - line), names[i], strlen(names[i])), "%s %zu does not name %s", want[i], i,
              names[i]);
    line = end + 1;
  }
  while (!strncmp(line, "  note", 6)) line = strchr(line, '\n') + 1;
  cr_assert_eq(*line, 0, "more diagnostics than expected: %s", line);
  free(all);
  free(t);
}

Test(passes, every_example, .timeout = 300) {
  const char *globs[] = { "../../examples/*.bsc", "../../examples/*/*.bsc" };
  int nfiles = 0, with = 0;
  for (int g = 0; g < 2; g++) {
    glob_t gl;
    if (glob(globs[g], 0, NULL, &gl)) continue;
    for (size_t i = 0; i < gl.gl_pathc; i++, nfiles++) with += same_as_passes(gl.gl_pathv[i]);
    globfree(&gl);
  }
  cr_assert_gt(nfiles, 100, "only %d examples found", nfiles);
  cr_assert_gt(with, 50, "only %d examples report anything", with);
}
