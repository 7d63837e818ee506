/*
 * sema.h - the checker: name resolution, unit types, and the strategy
 * checks (alignment, balance, the strategy map).
 *
 * sema_check() reports every error and warning it can find in one run; it
 * keeps going after errors, marking bad nodes with an error type so that
 * one mistake is reported once, not once per use.
 */
#ifndef BSC_SEMA_H
#define BSC_SEMA_H

#include "program.h"

typedef struct SemaOptions {
  int max_objectives_per_owner;  /* <= 0: from the strategy's `limit`, else 5 */
  int max_krs_per_objective;     /* <= 0: from the strategy's `limit`, else 5 */
} SemaOptions;

/* Returns true when no errors were reported. */
bool sema_check(Program *p, const SemaOptions *opt);

#endif
