/*
 * fuzz_check.c - libFuzzer target: the whole front end (lexer, parser,
 * checker, and the three diagnostic renderers) on arbitrary bytes, and,
 * for inputs that check clean, the scorecard and the simulation model
 * (lowering and a few interpreted samples).
 *
 * Built by `make fuzz` with clang, AddressSanitizer and UBSan; run by
 * tests/fuzz/run.sh with the examples as its seed corpus.  Any input that
 * ever crashed it goes to tests/fuzz/regressions/, which `make test`
 * replays through bscc check.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "program.h"
#include "sema.h"
#include "sim.h"

/* Scores the program and runs two samples of two portfolios (nothing
 * funded, everything funded) through the interpreter. */
static void simulate(Program *p) {
  ScoreOptions o = {0};
  const char *why = NULL;
  ScoreCard *sc = score_eval(p, &o, &why);
  if (!sc) return;
  char *err = NULL;
  SimModel *m = sim_lower(p, sc, &err);
  if (m && m->ninits < 64) {
    unsigned char funded[128] = {0};
    for (int i = 0; i < m->ninits; i++) funded[m->ninits + i] = 1;
    uint64_t *keys = calloc((size_t)m->ninputs + 1, sizeof(uint64_t));
    double scores[4];
    uint32_t *green = calloc((size_t)m->nobjs * 2 + 1, sizeof(uint32_t));
    if (keys && green) interp_block(m, funded, 2, 0, 2, keys, scores, green);
    free(keys);
    free(green);
  }
  free(err);
  sim_free(m);
  score_free(sc);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
  DiagEngine de;
  diag_init(&de);
  Program p;
  program_init(&p, &de);
  if (load_program(&p, "fuzz.bsc", (const char *)data, size, NULL)) {
    SemaOptions so = {0};
    if (sema_check(&p, &so)) simulate(&p);
  }
  /* Render to a null sink: the renderers must cope with any span. */
  FILE *null = fopen("/dev/null", "w");
  if (null) {
    diag_sort(&de);
    diag_render(&de, null, FMT_TEXT, true);
    diag_render(&de, null, FMT_JSON, false);
    diag_render(&de, null, FMT_SARIF, false);
    fclose(null);
  }
  program_free(&p);
  diag_free(&de);
  return 0;
}
