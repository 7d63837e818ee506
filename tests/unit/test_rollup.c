/*
 * test_rollup.c - what an objective's and a theme's score is a mean of
 * (compiler/rollup.c, docs/semantics.md §5, §5.1, §5.3): its items in
 * order with their weights, and that scoring and the lowered simulation
 * model read exactly those items.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "rollup.h"
#include "sim.h"
#include "scored.h"

/* grow has a KR: b's plain `aligns` only supports it; hub has no KR (a
 * scored KPI only): a's plain `aligns` counts in it. */
static const char *const PROG =
  "strategy \"S\" { horizon 2025-Q1 .. 2025-Q4  perspectives { financial 50%  customer 20%  process 15%  learning 15% } }\n"
  "objective grow \"G\" in financial { kr revenue : USD 100 -> 200  kpi margin : percent >= 20% scored weight 2"
  "  kpi oil : USD context }\n"
  "objective speed \"P\" in process { kr cycle : weeks 4 -> 2 weight 3 }\n"
  "objective hub \"H\" in process { kpi up : percent >= 99% scored }\n"
  "objective a \"A\" { team \"A\"  aligns grow supports, speed contributes 3, hub  kr a_rev : USD 60 -> 120 }\n"
  "objective b \"B\" { team \"B\"  aligns grow, speed contributes 25%, hub supports  kr b_rev : USD 40 -> 80 }\n"
  "theme t \"T\" { speed 2, grow }\n"
  "actuals 2025-Q1 { revenue 150, margin 25%, oil 80, cycle 3, up 99.5%, a_rev 90, b_rev 50 }\n";

/* The program checked, scored and lowered. */
typedef struct L { T *t; SimModel *m; } L;

static L load(void) {
  L l = {scored_as("t.bsc", PROG, NULL), NULL};
  char *err = NULL;
  l.m = sim_lower_with(&l.t->p, l.t->sc, NULL, &err);
  cr_assert_not_null(l.m, "%s", err ? err : "?");
  return l;
}

static void unload(L *l) {
  sim_free(l->m);
  done(l->t);
}

static int index_of(L *l, const char *name) {
  Sym *s = sema_lookup(&l->t->p, name);
  cr_assert(s, "no %s", name);
  return s->kind == SYM_OBJECTIVE ? ((Objective *)s->decl)->index : ((KR *)s->decl)->index;
}

/* Node v's items are exactly `want` (kind, name, weight), in order. */
typedef struct Want { RollupKind kind; const char *name; double weight; } Want;
static void expect_items(L *l, const Rollup *ru, int v, const Want *want, int n) {
  cr_assert_eq(ru->first[v + 1] - ru->first[v], n, "node %d: %d items, not %d", v, ru->first[v + 1] - ru->first[v], n);
  for (int i = 0; i < n; i++) {
    const RollupItem *x = &ru->item[ru->first[v] + i];
    cr_expect_eq(x->kind, want[i].kind, "node %d item %d", v, i);
    cr_expect_eq(x->index, index_of(l, want[i].name), "node %d item %d is not %s", v, i, want[i].name);
    cr_expect_eq(x->weight, want[i].weight, "node %d item %d (%s)", v, i, want[i].name);
  }
}

Test(rollup_items, items_in_order_with_their_weights) {
  L l = load();
  Rollup ru;
  rollup_build(&l.t->p, false, &ru);
  cr_assert_eq(ru.nobjs, 5);
  cr_assert_eq(ru.nthemes, 1);
  /* its KRs, then its scored KPIs (not the context one); nothing supporting */
  expect_items(&l, &ru, index_of(&l, "grow"), (Want[]){{ROLLUP_KR, "revenue", 1}, {ROLLUP_KPI, "margin", 2}}, 2);
  /* then the contributions, children in load order, with `contributes W` */
  expect_items(&l, &ru, index_of(&l, "speed"),
               (Want[]){{ROLLUP_KR, "cycle", 3}, {ROLLUP_OBJ, "a", 3}, {ROLLUP_OBJ, "b", 0.25}}, 3);
  /* no KR of its own: the plain `aligns` counts, the explicit `supports` not */
  expect_items(&l, &ru, index_of(&l, "hub"), (Want[]){{ROLLUP_KPI, "up", 1}, {ROLLUP_OBJ, "a", 1}}, 2);
  expect_items(&l, &ru, index_of(&l, "a"), (Want[]){{ROLLUP_KR, "a_rev", 1}}, 1);
  /* a theme: its objectives as listed */
  expect_items(&l, &ru, ru.nobjs, (Want[]){{ROLLUP_OBJ, "speed", 2}, {ROLLUP_OBJ, "grow", 1}}, 2);
  rollup_free(&ru);
  unload(&l);
}

Test(rollup_items, the_flag_turns_only_plain_aligns_into_contributions) {
  L l = load();
  Rollup ru;
  rollup_build(&l.t->p, true, &ru);
  expect_items(&l, &ru, index_of(&l, "grow"),
               (Want[]){{ROLLUP_KR, "revenue", 1}, {ROLLUP_KPI, "margin", 2}, {ROLLUP_OBJ, "b", 1}}, 3);
  expect_items(&l, &ru, index_of(&l, "hub"), (Want[]){{ROLLUP_KPI, "up", 1}, {ROLLUP_OBJ, "a", 1}}, 2);
  rollup_free(&ru);
  unload(&l);
}

/* The lowered model's kr_list / child_list / child_w of every node are
 * the roll-up's items, and scoring counted the same number of items. */
Test(rollup_items, scoring_and_the_simulation_read_the_same_items) {
  L l = load();
  const SimModel *m = l.m;
  Rollup ru;
  rollup_build(&l.t->p, false, &ru);
  cr_assert_eq(m->nobjs, ru.nobjs + ru.nthemes);
  int nkrs = l.t->p.krs.len;
  for (int v = 0; v < m->nobjs; v++) {
    const SimObj *so = &m->objs[v];
    int kr = so->kr_first, ch = so->child_first;
    for (int i = ru.first[v]; i < ru.first[v + 1]; i++) {
      const RollupItem *x = &ru.item[i];
      if (x->kind == ROLLUP_OBJ) {
        cr_assert_lt(ch, so->child_first + so->child_count, "node %d: too few children lowered", v);
        cr_expect_eq(m->child_list[ch], x->index);
        cr_expect_eq(m->child_w[ch], x->weight);
        ch++;
      } else {
        cr_assert_lt(kr, so->kr_first + so->kr_count, "node %d: too few measures lowered", v);
        int mi = m->kr_list[kr++];
        cr_expect_eq(mi, x->kind == ROLLUP_KR ? x->index : nkrs + x->index);
        cr_expect_eq(m->meas[mi].weight, x->weight, "a measure item's weight is its measure's");
      }
    }
    cr_expect_eq(kr, so->kr_first + so->kr_count, "node %d: more measures lowered than items", v);
    cr_expect_eq(ch, so->child_first + so->child_count, "node %d: more children lowered than items", v);
    if (v < ru.nobjs)
      cr_expect_eq(score_obj(l.t->sc, 0, l.t->p.objectives.items[v])->n_items, ru.first[v + 1] - ru.first[v]);
  }
  rollup_free(&ru);
  unload(&l);
}

/* Items without data add to the total weight only (the coverage), never
 * to the mean. */
Test(rollup_items, an_item_without_data_is_left_out_of_the_mean) {
  RollupMean a = {0};
  rollup_add(&a, 1, true, 0.5, 0.25);
  rollup_add(&a, 2, false, 0.9, 0.9);
  rollup_add(&a, 3, true, 1.0, 0.5);
  cr_expect_eq(a.n, 3);
  cr_expect_eq(a.nd, 2);
  cr_expect_eq(a.tot, 6.0);
  cr_expect_eq(a.den, 4.0);
  cr_expect_eq(a.num, 1 * 0.5 + 3 * 1.0);
  cr_expect_eq(a.enu, 1 * 0.25 + 3 * 0.5);
}
