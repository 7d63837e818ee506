/*
 * rollup.h - what the score of an objective and of a theme is made of
 * (docs/semantics.md §5, §5.1, §5.3), written once for every evaluator.
 *
 * An objective's items are its KRs in declaration order, then its scored
 * KPIs in declaration order, then the aligned objectives that count in it
 * (children in load order), each with its weight; a theme's items are its
 * objectives as listed.  Its score is the weighted mean of the items that
 * have data (RollupMean), and it has no data when none has.  Scoring
 * (score.c) aggregates ScoreResults over these items; lowering (lower.c)
 * copies them into the simulation's kr_list / child_list / child_w, which
 * the interpreter and the compiled evaluator sum in the same order.
 */
#ifndef BSC_ROLLUP_H
#define BSC_ROLLUP_H

#include "program.h"

typedef enum { ROLLUP_KR, ROLLUP_KPI, ROLLUP_OBJ } RollupKind;

typedef struct RollupItem {
  RollupKind kind;
  int index;                 /* the KR's or KPI's index (k->index), or the objective's */
  double weight;             /* KR, KPI: its weight; objective: the weight of its
                                alignment (contribution) or of its theme item */
} RollupItem;

/* The items of every node: objectives 0 .. nobjs-1 (o->index, load
 * order), then themes nobjs .. nobjs+nthemes-1 (nobjs + t->index). */
typedef struct Rollup {
  int nobjs, nthemes;
  int *first;                /* node v's items: item[first[v] .. first[v + 1]) */
  RollupItem *item;
} Rollup;

/* Whether an alignment counts in its parent's score (semantics.md §5.1):
 * never when it supports or is unresolved, always when it contributes; a
 * plain `aligns` when the parent has no KRs of its own, or under
 * `--rollup` (the flag `rollup`; `bscc sim` has none). */
bool rollup_counts(const Align *al, bool rollup);

/* Whether o is an item of perspective ps (semantics.md §5): a top-level
 * objective (it aligns to nothing) placed in ps; ps NULL: a top-level
 * objective of an OKR-first file, an item of its scorecard.  In load
 * order, with the objective's weight. */
bool rollup_in_perspective(const Objective *o, const Perspective *ps);

/* The items of every objective and theme of a checked program. */
/* The number of o's own items: its KRs and its scored KPIs (semantics.md
 * §5); an objective with none is scored from its children alone. */
int rollup_own_items(const Objective *o);
void rollup_build(const Program *p, bool rollup, Rollup *out);
void rollup_free(Rollup *r);

/* A weighted mean over the items that have data (semantics.md §5): every
 * item adds its weight to tot; one with data adds w * score to num,
 * w * expected to enu and w to den, in the order of the items. */
typedef struct RollupMean {
  double num, den, tot, enu;
  int n, nd;                 /* items, items with data */
} RollupMean;

void rollup_add(RollupMean *a, double w, bool has, double score, double expected);

#endif
