/*
 * fuzz_check.c - libFuzzer target: the whole front end (lexer, parser,
 * checker, and the three diagnostic renderers) on arbitrary bytes.
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

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
  DiagEngine de;
  diag_init(&de);
  Program p;
  program_init(&p, &de);
  if (load_program(&p, "fuzz.bsc", (const char *)data, size, NULL)) {
    SemaOptions so = {0};
    sema_check(&p, &so);
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
