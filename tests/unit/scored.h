/*
 * scored.h - for unit tests: a strategy text loaded, checked (it must be
 * clean) and scored, and freed again.  Shared by the tests that score a
 * small program written in the test (test_modes.c, test_measures.c) and
 * those that simulate one (test_sim.c, test_decide.c).
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

/* Loads text (not taken) as the file `path` and scores it with so (NULL:
 * the defaults); fails the test on any error. */
static inline T *scored_as(const char *path, const char *text, const ScoreOptions *so) {
  T *t = calloc(1, sizeof *t);
  diag_init(&t->de);
  program_init(&t->p, &t->de);
  LoadOptions lo = {0};
  cr_assert(load_program(&t->p, path, text, strlen(text), &lo));
  sema_check(&t->p, NULL);
  if (t->de.nerrors) { diag_render(&t->de, stderr, FMT_TEXT, false); cr_assert_fail("the test program has errors"); }
  const char *why = NULL;
  t->sc = score_eval(&t->p, so, &why);
  cr_assert_not_null(t->sc, "%s", why ? why : "?");
  return t;
}

/* Takes text (malloc'd: freed here). */
static inline T *scored(char *text) {
  T *t = scored_as("t.bsc", text, NULL);
  free(text);
  return t;
}

static inline void done(T *t) {
  score_free(t->sc);
  program_free(&t->p);
  diag_free(&t->de);
  free(t);
}

#endif
