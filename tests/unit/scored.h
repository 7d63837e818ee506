/*
 * scored.h - for unit tests: a strategy text loaded, checked (it must be
 * clean) and scored, and freed again.  Shared by the tests that score a
 * small program written in the test (test_modes.c, test_measures.c).
 */
#ifndef BSC_TEST_SCORED_H
#define BSC_TEST_SCORED_H

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "score.h"
#include "sema.h"

typedef struct T {
  DiagEngine de;
  Program p;
  ScoreCard *sc;
} T;

/* Takes text (malloc'd: freed here); fails the test on any error. */
static inline T *scored(char *text) {
  T *t = calloc(1, sizeof *t);
  diag_init(&t->de);
  program_init(&t->p, &t->de);
  LoadOptions lo = {0};
  cr_assert(load_program(&t->p, "t.bsc", text, strlen(text), &lo));
  free(text);
  sema_check(&t->p, NULL);
  if (t->de.nerrors) { diag_render(&t->de, stderr, FMT_TEXT, false); cr_assert_fail("the test program has errors"); }
  const char *why = NULL;
  t->sc = score_eval(&t->p, NULL, &why);
  cr_assert_not_null(t->sc, "%s", why ? why : "?");
  return t;
}

static inline void done(T *t) {
  score_free(t->sc);
  program_free(&t->p);
  diag_free(&t->de);
  free(t);
}

#endif
