/*
 * simload.h - test helper: a .bsc file (or text) -> checked program ->
 * scorecard -> lowered SimModel, the way `bscc sim` builds it.
 * Header-only, for tests/unit/test_jit.c and the drivers in tests/sim/.
 */
#ifndef BSC_TESTS_SIMLOAD_H
#define BSC_TESTS_SIMLOAD_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "actuals.h"
#include "diag.h"
#include "program.h"
#include "score.h"
#include "sema.h"
#include "sim.h"

typedef struct SimLoaded {
  DiagEngine de;
  Program p;
  ActualSet act;
  ScoreCard *sc;
  SimModel *m;
} SimLoaded;

static void simload_free(SimLoaded *L) {
  if (!L) return;
  sim_free(L->m);
  if (L->sc) score_free(L->sc);
  actuals_free(&L->act);
  program_free(&L->p);
  diag_free(&L->de);
  free(L);
}

/* Returns NULL with *why set (static or malloc'd text: print, don't free)
 * when the file does not check clean or cannot be lowered. */
static SimLoaded *simload(const char *path, const char *text, const char **why) {
  SimLoaded *L = calloc(1, sizeof *L);
  diag_init(&L->de);
  program_init(&L->p, &L->de);
  actuals_init(&L->act);
  LoadOptions lo = {0};
  *why = NULL;
  if (!load_program(&L->p, path, text, text ? strlen(text) : 0, &lo)) { *why = "cannot read"; goto fail; }
  sema_check(&L->p, NULL);
  if (L->de.nerrors) {
    diag_sort(&L->de);
    diag_render(&L->de, stderr, FMT_TEXT, false);
    *why = "errors";
    goto fail;
  }
  actuals_add_program(&L->p, &L->act);
  ScoreOptions so = {0};
  so.actuals = &L->act;
  L->sc = score_eval(&L->p, &so, why);
  if (!L->sc) goto fail;
  char *err = NULL;
  L->m = sim_lower(&L->p, L->sc, &err);
  if (!L->m) { *why = err; goto fail; }
  return L;
fail:
  simload_free(L);
  return NULL;
}

#endif
