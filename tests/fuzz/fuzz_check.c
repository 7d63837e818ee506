/*
 * fuzz_check.c - libFuzzer target: the whole front end (lexer, parser,
 * checker, and the three diagnostic renderers) on arbitrary bytes, and,
 * for inputs that check clean, the scorecard and the simulation model
 * (lowering and a few interpreted samples).
 *
 * Oracle: no crash, leak, hang or undefined behaviour; every diagnostic
 * lies inside a source; simulated scores lie in 0..1.
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  FzProg f;
  fz_load(&f, "fuzz.bsc", (const char *)data, size);
  if (f.clean) {
    ScoreOptions o = {0};
    const char *why = NULL;
    ScoreCard *sc = score_eval(&f.p, &o, &why);
    if (sc) fz_simulate(&f.p, sc);
    score_free(sc);
  }
  fz_render(&f.de);
  fz_prog_free(&f);
  return 0;
}
