/*
 * rollup.c - the items of every objective's and theme's weighted mean
 * (docs/semantics.md §5): the one place that says what counts in an
 * objective, for scoring (score.c) and for the simulation (lower.c).
 */
#include "rollup.h"
#include "score.h"
#include "util.h"

#include <stdlib.h>

bool rollup_counts(const Align *al, bool rollup) {
  if (!al->obj || al->mode == ALIGN_SUPPORTS) return false;
  return al->mode == ALIGN_CONTRIBUTES || al->obj->nkrs == 0 || rollup;
}

bool rollup_in_perspective(const Objective *o, const Perspective *ps) {
  return !o->parent && (!ps || o->persp_eff == ps);
}

int rollup_own_items(const Objective *o) {
  int n = 0;
  for (int i = 0; i < o->nkrs; i++) if (o->krs[i]) n++;
  for (int i = 0; i < o->nkpis; i++) if (o->kpis[i] && score_kpi_scored(o->kpis[i])) n++;
  return n;
}

void rollup_build(const Program *p, bool rollup, Rollup *out) {
  int no = p->objectives.len, nt = p->themes.len, nn = no + nt;
  int *first = bsc_calloc((size_t)nn + 2, sizeof *first);
  Objective *o;
  Theme *t;
  /* count each node's items into first[v + 1], then sum them up */
  VEC_EACH(Objective *, o, p->objectives) {
    first[o->index + 1] += rollup_own_items(o);
    for (int i = 0; i < o->nparents; i++)
      if (rollup_counts(&o->parents[i], rollup)) first[o->parents[i].obj->index + 1]++;
  }
  VEC_EACH(Theme *, t, p->themes)
    for (int i = 0; i < t->nitems; i++) if (t->items[i].o) first[no + t->index + 1]++;
  for (int v = 0; v < nn; v++) first[v + 1] += first[v];
  RollupItem *item = bsc_malloc(sizeof *item * ((size_t)first[nn] + 1));
  int *at = bsc_malloc(sizeof *at * ((size_t)nn + 1));
  for (int v = 0; v < nn; v++) at[v] = first[v];
  /* its own items first, in declaration order: KRs, then scored KPIs */
  VEC_EACH(Objective *, o, p->objectives) {
    int *a = &at[o->index];
    for (int i = 0; i < o->nkrs; i++)
      if (o->krs[i]) item[(*a)++] = (RollupItem){ROLLUP_KR, o->krs[i]->index, o->krs[i]->weight_v};
    for (int i = 0; i < o->nkpis; i++)
      if (o->kpis[i] && score_kpi_scored(o->kpis[i]))
        item[(*a)++] = (RollupItem){ROLLUP_KPI, o->kpis[i]->index, o->kpis[i]->weight_v};
  }
  /* then the children that count, in load order (each child's parents in
   * the order written; a parent is named once, E150) */
  VEC_EACH(Objective *, o, p->objectives)
    for (int i = 0; i < o->nparents; i++) {
      const Align *al = &o->parents[i];
      if (rollup_counts(al, rollup)) item[at[al->obj->index]++] = (RollupItem){ROLLUP_OBJ, o->index, al->weight_v};
    }
  VEC_EACH(Theme *, t, p->themes)
    for (int i = 0; i < t->nitems; i++)
      if (t->items[i].o) item[at[no + t->index]++] = (RollupItem){ROLLUP_OBJ, t->items[i].o->index, t->items[i].weight_v};
  free(at);
  *out = (Rollup){.nobjs = no, .nthemes = nt, .first = first, .item = item};
}

void rollup_free(Rollup *r) {
  free(r->first);
  free(r->item);
  r->first = NULL;
  r->item = NULL;
}

void rollup_add(RollupMean *a, double w, bool has, double score, double expected) {
  a->tot += w;
  a->n++;
  if (!has) return;
  a->num += w * score;
  a->enu += w * expected;
  a->den += w;
  a->nd++;
}
