/*
 * fuzz_gen.c - libFuzzer target over the grammar-aware generator (gen.c):
 * the fuzz bytes are the generator's choices, so every input is a program
 * that is valid but strange, with a CSV file of actuals.  Each program
 * goes through check, the formatter (fz_fmt), the CSV reader, scoring,
 * the strategy map (fz_graph) and the simulation (fz_simulate), with the
 * oracles of those targets.  BSCC_FUZZ_GEN_PRINT=1 prints each program
 * and its CSV to stderr (to see what an input means).
 */
#include <stdio.h>
#include <stdlib.h>
#include "fuzz.h"
#include "actuals.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  FzGen gen;
  fz_gen(data, size, &gen);
  const char *pr = getenv("BSCC_FUZZ_GEN_PRINT");
  if (pr && *pr == '1') fprintf(stderr, "---- gen.bsc\n%s---- gen.csv\n%s----\n", gen.bsc, gen.csv);
  FzProg f;
  fz_load(&f, "gen.bsc", gen.bsc, gen.bsc_len);
  fz_fmt(gen.bsc, gen.bsc_len);
  if (f.clean) {
    ActualSet s;
    actuals_init(&s);
    actuals_add_program(&f.p, &s);
    int d0 = f.de.ndiags, file = f.de.nsrcs;
    actuals_load_csv_text(&f.p, &s, "gen.csv", gen.csv, gen.csv_len);
    fz_check_spans(&f.de, d0, file);
    ScoreOptions o = {0};
    o.actuals = &s;
    const char *why = NULL;
    ScoreCard *sc = score_eval(&f.p, &o, &why);
    fz_graph(&f.p, sc);
    if (sc) fz_simulate(&f.p, sc);
    score_free(sc);
    actuals_free(&s);
  }
  if (pr && *pr == '1') { fz_render(&f.de); diag_render(&f.de, stderr, FMT_TEXT, false); }
  fz_render(&f.de);
  fz_prog_free(&f);
  fz_gen_free(&gen);
  return 0;
}
