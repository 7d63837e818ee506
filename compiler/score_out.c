/*
 * score_out.c - what the scorecard's renderers share (score_out.h).
 */
#include "score_out.h"
#include "actuals.h"
#include "numfmt.h"
#include "types.h"
#include "plan.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A number for display: two decimals at most for |v| >= 1 (trailing zeros
 * dropped), three significant digits below 1, digits grouped by
 * thousands, scientific from 1e15 (numfmt).  Display only: JSON and CSV
 * carry the exact doubles. */
void so_disp(Buf *b, double v) {
  if (v == 0 || fabs(v) >= 1 || !isfinite(v)) { numfmt_put(b, v, 2); return; }
  buf_printf(b, "%.3g", v);
}

/* A value with its unit: "1,050,000 CNY", "45%", "3 of 5". */
void so_value(Buf *b, const Type *t, double v) {
  if (t && t->kind == TY_MILESTONE) {
    if (t->steps == 1) buf_puts(b, v >= 1 ? "done" : "not done");
    else { so_disp(b, v); buf_printf(b, " of %d", t->steps); }
    return;
  }
  so_disp(b, v);
  if (!t || t->kind == TY_NUMBER || t->kind == TY_ERROR || t->kind == TY_RATING) return;
  if (t->kind == TY_CURRENCY) buf_printf(b, " %s", t->code);
  else if (!strcmp(t->name, "count") || !strcmp(t->name, "score")) return;
  else if (!strcmp(t->name, "percent")) buf_putc(b, '%');
  else if (!strcmp(t->name, "pp")) buf_puts(b, "pp");
  else buf_printf(b, " %s", t->name);
}

/* A bare number, with % or pp when the unit is written attached. */
void so_short(Buf *b, const Type *t, double v) {
  so_disp(b, v);
  if (t && t->kind == TY_UNIT && !strcmp(t->name, "percent")) buf_putc(b, '%');
  else if (t && t->kind == TY_UNIT && !strcmp(t->name, "pp")) buf_puts(b, "pp");
}

static const char *so_op(SpecKind s) {
  switch (s) {
  case SPEC_GE: return "≥";
  case SPEC_GT: return ">";
  case SPEC_LE: return "≤";
  case SPEC_LT: return "<";
  default: return "";
  }
}

const char *so_op_ascii(SpecKind s) {
  switch (s) {
  case SPEC_GE: return ">=";
  case SPEC_GT: return ">";
  case SPEC_LE: return "<=";
  case SPEC_LT: return "<";
  case SPEC_RANGE: return "->";
  case SPEC_WITHIN: return "..";
  default: return "";
  }
}

/* The block of a KPI's scoring mode: "red 88%, goal 92%, stretch 95%",
 * "green ≥ 95%, yellow ≥ 90%, red". */
static void so_mode_items(Buf *b, const KR *k) {
  for (int i = 0; i < k->nmitems; i++) {
    const ModeItem *m = &k->mitems[i];
    if (i) buf_puts(b, ", ");
    buf_puts(b, m->word.name ? m->word.name : "?");
    if (!m->a) continue;
    if (m->cmp == SPEC_WITHIN) {
      buf_putc(b, ' ');
      so_short(b, k->type, m->a_v);
      buf_puts(b, " .. ");
      so_short(b, k->type, m->b_v);
    } else {
      buf_printf(b, " %s%s", m->cmp ? so_op(m->cmp) : "", m->cmp ? " " : "");
      so_short(b, k->type, m->a_v);
    }
  }
}

void so_points(Buf *b, double points) { buf_printf(b, "%.2f/10", points); }

const char *so_mode_name(KpiMode m) {
  switch (m) {
  case KM_HEALTH: return "scored";
  case KM_QUICKSCORE: return "quickscore";
  case KM_BAND: return "band";
  case KM_RULES: return "rules";
  case KM_CONTEXT: return "context";
  default: return "none";
  }
}

/* The goal of a key result or KPI as a manager reads it. */
void so_goal(Buf *b, const KR *k) {
  const Type *t = k->type;
  if (k->mode == KM_CONTEXT) {
    buf_puts(b, "context");
    return;
  }
  if (k->mode == KM_QUICKSCORE || k->mode == KM_BAND || k->mode == KM_RULES) {
    so_mode_items(b, k);
    return;
  }
  if (k->spec == SPEC_WITHIN) {
    if (k->maintain) buf_puts(b, "maintain ");
    so_short(b, t, k->base_v);
    buf_puts(b, " .. ");
    so_value(b, t, k->target_v);
    return;
  }
  if (t && t->kind == TY_MILESTONE) {
    if (t->steps == 1) buf_puts(b, "done");
    else buf_printf(b, "%d of %d", t->steps, t->steps);
  } else if (k->spec == SPEC_RANGE) {
    so_short(b, t, k->base_v);
    buf_puts(b, " → ");
    so_value(b, t, k->target_v);
  } else {
    buf_printf(b, "%s%s ", k->maintain ? "maintain " : "", so_op(k->spec));
    so_value(b, t, k->target_v);
    if (k->has_base) {                  /* the baseline its progress is measured from */
      buf_puts(b, " from ");
      so_value(b, t, k->base_v);
    }
  }
  if ((k->h.kind == ND_KPI || k->maintain) && k->warn) {
    buf_puts(b, ", warn ");
    so_value(b, t, k->warn_v);
  }
}

/* A margin of error: "± 3pp" for a percent, "± 0.2 hours" otherwise. */
void so_margin(Buf *b, const KR *k) {
  const Type *t = k->type;
  buf_puts(b, "± ");
  if (t && t->kind == TY_UNIT && !strcmp(t->name, "percent")) {
    so_disp(b, k->margin_v);
    buf_puts(b, "pp");
  } else {
    so_value(b, t, k->margin_v);
  }
}

const char *so_bd_rule(BdRule r) {
  static const char *const w[] = {"sum", "mean", "weighted", "min", "max"};
  return w[r];
}

/* How the plan moves between its points: milestones and binary KRs in steps. */
const char *so_plan_mode(const KR *k) {
  double lo, hi;
  bool ms = k->type && k->type->kind == TY_MILESTONE;
  if (k->h.kind == ND_KPI) return k->plan_step ? "step" : "linear";
  return k->plan_step || ms || !plan_line(k, &lo, &hi) ? "step" : "linear";
}

const char *so_kr_kind(const KR *k) {
  if (k->type && k->type->kind == TY_MILESTONE) return "milestone";
  return k->spec == SPEC_RANGE ? "range" : k->spec == SPEC_WITHIN ? "band" : k->spec == SPEC_NONE ? "none" : "threshold";
}

const char *so_period(const ScoreCard *sc, int i, char *buf, size_t n) {
  return actuals_period_str(sc->periods[i], buf, n);
}

const char *so_lag_suffix(PeriodKind k) {
  switch (k) {
  case PER_YEAR: return "y";
  case PER_HALF: return "h";
  case PER_QUARTER: return "q";
  default: return "m";
  }
}

const char *so_title(const char *title, const char *name) { return title ? title : name ? name : "?"; }



/* The objectives o drives (out_dir) or is driven by, links first, then
 * alignment: its parent when out_dir, else its children.  Returns a
 * malloc'd array of *n entries. */
SoNb *so_neighbours(const ScoreCard *sc, const Objective *o, bool out_dir, int *n) {
  Program *p = sc->p;
  /* at most every link and every objective (its children or its parent) */
  int nal = 0;
  Objective *c;
  VEC_EACH(Objective *, c, p->objectives) nal += c->nparents;
  SoNb *v = bsc_malloc(sizeof *v * (size_t)(p->links.len + nal + 1));
  int k = 0;
  Link *l;
  VEC_EACH(Link *, l, p->links)
    if (l->src && l->dst && (out_dir ? l->src == o : l->dst == o)) v[k++] = (SoNb){out_dir ? l->dst : l->src, l};
  /* alignment: every parent, or every objective aligned to it */
  for (int i = 0; out_dir && i < o->nparents; i++)
    if (o->parents[i].obj) v[k++] = (SoNb){o->parents[i].obj, NULL};
  if (!out_dir)
    VEC_EACH(Objective *, c, p->objectives)
      for (int i = 0; i < c->nparents; i++)
        if (c->parents[i].obj == o) { v[k++] = (SoNb){c, NULL}; break; }
  *n = k;
  return v;
}

/* The neighbours as text: "grow (link 0.5, lag 1q), company (aligned to)". */
void so_put_neighbours(Buf *b, const ScoreCard *sc, const Objective *o, bool out_dir) {
  PeriodKind cad = sc->p->strategy->cadence_eff;
  int n;
  SoNb *v = so_neighbours(sc, o, out_dir, &n);
  for (int i = 0; i < n; i++) {
    buf_printf(b, "%s%s", i ? ", " : "", ast_oname(v[i].o));
    if (v[i].link) {
      char s[48];
      type_fmt_num(v[i].link->strength_v, s, sizeof s);
      if (v[i].link->lag_periods > 0)
        buf_printf(b, " (link %s, lag %d%s)", s, v[i].link->lag_periods, so_lag_suffix(cad));
      else
        buf_printf(b, " (link %s)", s);
    } else {
      buf_puts(b, out_dir ? " (aligned to)" : " (aligned)");
    }
  }
  if (!n) buf_puts(b, "—");
  free(v);
}


const ScoreResult *so_res_at(const ScoreCard *sc, int kind, int index, int per) {
  switch (kind) {
  case 0: return &sc->krs[(size_t)per * sc->nkrs + index];
  case 1: return &sc->kpis[(size_t)per * sc->nkpis + index];
  case 2: return &sc->objs[(size_t)per * sc->nobjs + index];
  case 3: return &sc->persps[(size_t)per * sc->npersps + index];
  case 5: return &sc->themes[(size_t)per * sc->nthemes + index];
  default: return &sc->total[per];
  }
}


const char *so_commit_name(Commit c) { return c == COMMIT_COMMITTED ? "committed" : "aspirational"; }
const char *so_level_name(Level l) {
  return l == LEVEL_TEAM ? "team" : l == LEVEL_INDIVIDUAL ? "individual" : "company";
}
const char *so_why_name(NoDataReason w) {
  return w == ND_MISSING_INPUT ? "missing input" : w == ND_DIV_ZERO ? "division by zero"
       : w == ND_OVERFLOW ? "overflow" : w == ND_STALE ? "stale" : w == ND_NO_EARLIER ? "no earlier value" : "not measured";
}

bool so_any_committed(const Program *p) {
  Objective *o;
  VEC_EACH(Objective *, o, p->objectives) if (o->commit == COMMIT_COMMITTED) return true;
  KR *k;
  VEC_EACH(KR *, k, p->krs) if (k->commit_eff == COMMIT_COMMITTED) return true;
  return false;
}

bool so_any_aligned(const Program *p) {
  Objective *o;
  VEC_EACH(Objective *, o, p->objectives) if (o->parent) return true;
  return false;
}

void so_ms_summary(Buf *b, const InitResult *r) {
  if (!r->nms) return;
  buf_printf(b, "%d/%d done", r->ndone, r->nms);
  if (r->nlate) buf_printf(b, ", %d late", r->nlate);
}

void so_milestone(Buf *b, const Milestone *m) {
  char pb[32];
  buf_printf(b, "%s %s", m->name.name ? m->name.name : "?", actuals_period_str(m->due, pb, sizeof pb));
}
