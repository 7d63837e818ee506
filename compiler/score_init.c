/*
 * score_init.c - what a strategy office tracks of its initiatives, as of
 * the scorecard's as-of period: status, percent complete (stated, or from
 * milestones), milestones late and next, spend against budget.  The rules
 * and a worked example are docs/semantics.md §20.  An evaluator: it fills
 * InitResult, the renderers print it.
 */
#include "score.h"
#include <stdlib.h>

static const char *const status_word[] = {"planned", "in_progress", "done", "on_hold", "cancelled"};
static const char *const status_human[] = {"planned", "in progress", "done", "on hold", "cancelled"};

const char *score_init_status_name(InitStatus s, bool human) {
  return (unsigned)s < 5 ? (human ? status_human : status_word)[s] : "?";
}

const char *score_pct_source_name(InitPctSource s) {
  switch (s) {
  case PCT_STATED: return "stated";
  case PCT_MILESTONES: return "milestones";
  case PCT_STATUS: return "status";
  default: return "none";
  }
}

/* Percent complete (semantics.md §20.1): done is 100%; else a stated
 * `complete`; else the weighted share of milestones done; else a planned
 * initiative is at 0% and any other has none. */
static void init_percent(InitResult *r) {
  const Initiative *in = r->in;
  r->has_percent = true;
  if (in->status == INIT_DONE) { r->percent = 1.0; r->source = PCT_STATUS; return; }
  if (in->complete) { r->percent = in->complete_v; r->source = PCT_STATED; return; }
  double w = 0.0, wd = 0.0;
  for (int i = 0; i < in->nmilestones; i++) {
    w = w + in->milestones[i].weight_v;
    if (in->milestones[i].done) wd = wd + in->milestones[i].weight_v;
  }
  if (in->nmilestones && w > 0) { r->percent = wd / w; r->source = PCT_MILESTONES; return; }
  if (in->status == INIT_PLANNED) { r->percent = 0.0; r->source = PCT_STATUS; return; }
  r->has_percent = false;
  r->percent = 0.0;
  r->source = PCT_NONE;
}

/* Late: open and due by the as-of period; next: open and due after it,
 * the soonest (by cadence period, then as written).  A done or cancelled
 * initiative has neither. */
static void init_milestones(InitResult *r, int as_of) {
  const Initiative *in = r->in;
  bool live = in->status != INIT_DONE && in->status != INIT_CANCELLED;
  r->nms = in->nmilestones;
  for (int i = 0; i < in->nmilestones; i++) {
    const Milestone *m = &in->milestones[i];
    if (m->done) { r->ndone++; continue; }
    if (!live || m->due_i < 0) continue;
    if (m->due_i <= as_of) {
      r->nlate++;
      if (!r->late || m->due_i < r->late->due_i) r->late = m;
    } else if (!r->next || m->due_i < r->next->due_i) {
      r->next = m;
    }
  }
}

void score_initiatives(ScoreCard *sc) {
  Program *p = sc->p;
  sc->ninits = p->initiatives.len;
  sc->inits = calloc((size_t)sc->ninits + 1, sizeof *sc->inits);
  if (!sc->inits) abort();
  for (int i = 0; i < sc->ninits; i++) {
    const Initiative *in = p->initiatives.items[i];
    InitResult *r = &sc->inits[i];
    r->in = in;
    if (in->tracked) sc->inits_tracked = true;
    init_percent(r);
    init_milestones(r, sc->as_of);
    r->has_budget = in->cost != NULL;
    r->budget = in->cost_v;
    r->cost_mean = in->cost_d.kind == DIST_CONST ? in->cost_v : rt_dist_mean(&in->cost_d);
    r->has_spent = in->spent != NULL;
    r->spent = in->spent_v;
    r->has_used = r->has_budget && r->has_spent && r->budget > 0;
    if (r->has_used) r->used = r->spent / r->budget;
    r->over = r->has_budget && r->has_spent && r->spent > r->budget;
  }
}
