/*
 * score_json.c - `bscc score --format=json`, schema bscc-score/2
 * (docs/score.md).
 */
#include "score_out.h"
#include "actuals.h"
#include "diag.h"
#include "types.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>

/* Built with jansson and written with 17 significant digits, so that every
 * number reads back as the very double the evaluator computed (the same
 * convention as `bscc sim --format=json`). */

static json_t *jnum(bool has, double v) { return has && isfinite(v) ? json_real(v) : json_null(); }
static json_t *jstr(const char *s) { return diag_json_str(s); }
static json_t *jbool(bool b) { return b ? json_true() : json_false(); }
static void jset(json_t *o, const char *key, json_t *v) { json_object_set_new(o, key, v); }

static json_t *jperiod(const ScoreCard *sc, int i) {
  char pb[32];
  return i < 0 ? json_null() : jstr(so_period(sc, i, pb, sizeof pb));
}

/* The score fields shared by every scored node, then "history". */
static void jscore(json_t *o, const ScoreCard *sc, int kind, int index, bool aggregate) {
  const ScoreResult *r = so_res_at(sc, kind, index, sc->as_of);
  jset(o, "score", jnum(r->has, r->score));
  if (!aggregate) jset(o, "progress", jnum(r->has, r->progress));
  jset(o, "expected", jnum(r->has, r->expected));
  jset(o, "plan", jnum(r->has, r->expected));
  jset(o, "attainment", jnum(r->has && r->expected > 0, r->attainment));
  if (!aggregate) jset(o, "plan_value", jnum(r->has_plan_value, r->plan_value));
  jset(o, "status", jstr(score_status_name(r->status)));
  jset(o, "track", jstr(score_track_name(r->track)));
  jset(o, "scope", jstr(score_scope_name(r->scope)));
  int pv = r->has ? score_prev_with_data(sc, kind, index, sc->as_of) : -1;
  jset(o, "trend", jnum(pv >= 0, pv >= 0 ? r->score - so_res_at(sc, kind, index, pv)->score : 0));
  jset(o, "trend_from", jperiod(sc, pv));
  if (aggregate) {
    jset(o, "items", json_integer(r->n_items));
    jset(o, "with_data", json_integer(r->n_data));
    jset(o, "coverage", jnum(true, r->has ? r->coverage : 0));
  }
  json_t *h = json_array();
  for (int i = 0; i <= sc->as_of; i++) {
    const ScoreResult *q = so_res_at(sc, kind, index, i);
    json_array_append_new(h, json_pack("{s:o, s:o, s:o, s:s}", "period", jperiod(sc, i), "score", jnum(q->has, q->score),
                                       "plan", jnum(q->has, q->expected), "status", score_status_name(q->status)));
  }
  jset(o, "history", h);
}

/* A KPI's scoring mode and its score (docs/score.md, "KPIs"): every field
 * is present, null when the KPI is not scored. */
static void jkpi_mode(json_t *o, const KR *k, const ScoreResult *r) {
  bool scd = score_kpi_scored(k), pts = k->mode == KM_QUICKSCORE || k->mode == KM_BAND;
  jset(o, "mode", jstr(so_mode_name(k->mode)));
  jset(o, "scored", jbool(scd));
  json_t *items = json_array();
  for (int i = 0; i < k->nmitems; i++) {
    const ModeItem *m = &k->mitems[i];
    json_array_append_new(items, json_pack("{s:o, s:o, s:o, s:o}", "word", jstr(m->word.name),
                                           "op", jstr(m->a ? so_op_ascii(m->cmp == SPEC_NONE ? SPEC_GE : m->cmp) : NULL),
                                           "value", jnum(m->a != NULL, m->a_v), "to", jnum(m->b != NULL, m->b_v)));
    if (m->a && m->cmp == SPEC_NONE)       /* quickscore's `red 88%`: a value, not a comparison */
      json_object_set_new(json_array_get(items, (size_t)i), "op", json_null());
  }
  jset(o, "mode_items", items);
  jset(o, "weight", jnum(scd, k->weight_v));
  jset(o, "score", jnum(scd && r->has, r->score));
  jset(o, "progress", jnum(scd && r->has, r->progress));
  jset(o, "plan", jnum(scd && r->has, r->expected));
  jset(o, "expected", jnum(scd && r->has, r->expected));
  jset(o, "attainment", jnum(scd && r->has && r->expected > 0, r->attainment));
  jset(o, "status", jstr(scd ? score_status_name(r->status) : NULL));
  jset(o, "track", jstr(scd ? score_track_name(r->track) : NULL));
  jset(o, "points", jnum(pts && r->has, r->points));
  jset(o, "rule", k->mode == KM_RULES && r->has && r->rule >= 0 ? json_integer(r->rule) : json_null());
}

/* What a measure says besides its goal (docs/score.md, "Maintain goals,
 * benchmarks, margins and breakdowns"): each key only on a measure that
 * declares it, so that the objects of other measures are unchanged. */
static void jextras(json_t *o, const KR *k, const ScoreResult *r) {
  if (k->maintain) jset(o, "maintain", json_true());
  if (k->has_bench)
    jset(o, "benchmark", json_pack("{s:o, s:o}", "label", jstr(k->bench_label.text), "value", jnum(r->has_bench, r->bench)));
  if (k->margin_v > 0) {
    jset(o, "margin", jnum(true, k->margin_v));
    jset(o, "within_margin", r->has ? jbool(r->within_margin) : json_null());
  }
  if (!k->bd || !k->bd->ok) return;
  json_t *ms = json_array();
  for (int i = 0; i < k->bd->n; i++)
    json_array_append_new(ms, json_pack("{s:s, s:o, s:o}", "name", k->bd->members[i].name.name,
                                        "weight", jnum(k->bd->rule_v == BD_WEIGHTED, k->bd->members[i].weight_v),
                                        "value", jnum(r->has && r->members, r->members ? r->members[i] : 0)));
  bool h = r->has && r->members;
  jset(o, "breakdown", json_pack("{s:s, s:s, s:o, s:o, s:o}", "dimension", k->bd->dim.name, "rule", so_bd_rule(k->bd->rule_v),
                                 "members", ms, "gap", jnum(h, r->gap), "ratio", jnum(h && r->has_ratio, r->ratio)));
}

/* A key result (kpi false) or a KPI. */
static json_t *jmeasure(const ScoreCard *sc, const KR *k, bool kpi) {
  char pb[32];
  const ScoreResult *r = kpi ? score_kpi(sc, sc->as_of, k) : score_kr(sc, sc->as_of, k);
  bool ms = k->type && k->type->kind == TY_MILESTONE;
  json_t *o = json_object();
  jset(o, "id", jstr(ast_kname(k)));
  jset(o, "title", jstr(k->title.text));
  jset(o, "objective", jstr(k->obj ? ast_oname(k->obj) : NULL));
  jset(o, "perspective", jstr(k->persp_eff ? k->persp_eff->name.name : NULL));
  jset(o, "unit", jstr(type_str(k->type)));
  jset(o, "kind", jstr(so_kr_kind(k)));
  bool spec = ms || k->spec != SPEC_NONE;    /* quickscore, band, rules, context: the mode holds the goal */
  jset(o, "op", jstr(ms || !spec ? NULL : so_op_ascii(k->spec)));
  jset(o, "baseline", jnum(!ms && k->has_base, k->base_v));
  jset(o, "target", jnum(spec, ms ? (double)k->type->steps : k->target_v));
  if (kpi) {
    jset(o, "warn", jnum(k->warn != NULL, k->warn_v));
  } else {
    jset(o, "due", jstr(actuals_period_str(k->due_eff, pb, sizeof pb)));
    /* a growth target (semantics.md §6.7): the rate per `per` period, a
     * fraction when compounded, an amount of the KR's unit when added */
    jset(o, "growth", !k->growth || k->growth_r == 0 ? json_null()
                      : json_pack("{s:o, s:s, s:b}", "rate", jnum(true, k->growth_r), "per", k->growth_per.name,
                                  "compound", k->growth_comp));
    jset(o, "commitment", jstr(so_commit_name(k->commit_eff)));
    jset(o, "weight", jnum(true, k->weight_v));
  }
  jset(o, "periods", json_pack("[o, o]", jperiod(sc, k->start_i), jperiod(sc, k->end_i < sc->nperiods ? k->end_i : sc->nperiods - 1)));
  jset(o, "plan_mode", jstr(so_plan_mode(k)));
  json_t *pts = json_array();
  for (int i = 0; i < k->nplan; i++)
    if (k->plan[i].ok)
      json_array_append_new(pts, json_pack("{s:o, s:o}", "period", jstr(actuals_period_str(k->plan[i].at, pb, sizeof pb)),
                                           "value", jnum(true, k->plan[i].value_v)));
  jset(o, "plan_points", pts);
  if (kpi) {
    jset(o, "threshold", jnum(spec, r->threshold));
    jset(o, "warn_at", jnum(k->warn != NULL, k->nplan ? r->warn_at : k->warn_v));
  }
  jset(o, "calculated", jbool(k->formula != NULL));
  jset(o, "value", jnum(r->has, r->value));
  jset(o, "source", jstr(!r->has ? NULL : r->source == SRC_CALCULATED ? "calculated" : "measured"));
  jset(o, "no_data", jstr(r->has ? NULL : so_why_name(r->why)));
  jset(o, "confidence", r->confidence ? json_integer(r->confidence) : json_null());
  jset(o, "note", jstr(r->note));
  jset(o, "frequency", jstr(ast_period_adj(k->freq_eff)));
  jset(o, "stale", jbool(r->has && r->age > 0));
  if (!kpi) jset(o, "closed", jbool(r->closed));
  jset(o, "age", r->age > 0 ? json_integer(r->age) : json_null());
  jset(o, "parts", r->has && r->source == SRC_MEASURED ? json_integer(r->parts) : json_null());
  jextras(o, k, r);
  if (!kpi) {
    jscore(o, sc, 0, k->index, false);
    return o;
  }
  jset(o, "health", jstr(score_health_name(r->health)));
  jset(o, "scope", jstr(score_scope_name(r->scope)));
  int pv = r->has ? score_prev_with_data(sc, 1, k->index, sc->as_of) : -1;
  jset(o, "trend", jnum(pv >= 0, pv >= 0 ? r->value - score_kpi(sc, pv, k)->value : 0));
  jset(o, "trend_from", jperiod(sc, pv));
  jkpi_mode(o, k, r);
  bool scd = score_kpi_scored(k);
  json_t *h = json_array();
  for (int i = 0; i <= sc->as_of; i++) {
    const ScoreResult *q = score_kpi(sc, i, k);
    json_array_append_new(h, json_pack("{s:o, s:o, s:o, s:o, s:o, s:o}", "period", jperiod(sc, i), "value", jnum(q->has, q->value),
                                       "health", jstr(score_health_name(q->health)), "threshold", jnum(true, q->threshold),
                                       "score", jnum(scd && q->has, q->score),
                                       "status", jstr(scd ? score_status_name(q->status) : NULL)));
  }
  jset(o, "history", h);
  return o;
}

/* The "drives" or "driven_by" list of a calibration entry. */
static json_t *jneighbours(const ScoreCard *sc, const Objective *o, bool out_dir) {
  json_t *a = json_array();
  if (!o) return a;
  int n;
  SoNb *v = so_neighbours(sc, o, out_dir, &n);
  for (int i = 0; i < n; i++) {
    json_t *e = json_object();
    jset(e, "objective", jstr(ast_oname(v[i].o)));
    jset(e, "via", jstr(v[i].link ? "link" : "alignment"));
    if (v[i].link) {
      jset(e, "strength", jnum(true, v[i].link->strength_v));
      jset(e, "lag", json_integer(v[i].link->lag_periods));
    }
    json_array_append_new(a, e);
  }
  free(v);
  return a;
}

static json_t *jcalibration(const ScoreCard *sc, const Calibration *c) {
  json_t *e = json_object();
  jset(e, "kind", jstr(c->kind == CAL_KPI ? "kpi" : c->kind == CAL_KR ? "kr" : "confidence"));
  jset(e, "id", jstr(ast_kname(c->m)));
  if (c->kind == CAL_CONFIDENCE) {
    jset(e, "periods", json_pack("[o, o]", jperiod(sc, c->prev), jperiod(sc, c->at)));
    jset(e, "confidences", json_pack("[i, i]", score_kr(sc, c->prev, c->m)->confidence, score_kr(sc, c->at, c->m)->confidence));
  } else if (c->kind == CAL_KPI) {
    jset(e, "health", jstr(score_health_name(score_kpi(sc, sc->as_of, c->m)->health)));
  } else {
    jset(e, "periods", json_pack("[o, o]", jperiod(sc, c->prev), jperiod(sc, sc->as_of)));
    jset(e, "tracks", json_pack("[s, s]", score_track_name(score_kr(sc, c->prev, c->m)->track),
                                score_track_name(score_kr(sc, sc->as_of, c->m)->track)));
  }
  jset(e, "objective", jstr(c->m->obj ? ast_oname(c->m->obj) : NULL));
  jset(e, "drives", jneighbours(sc, c->m->obj, true));
  jset(e, "driven_by", jneighbours(sc, c->m->obj, false));
  return e;
}

static json_t *jperspective(const ScoreCard *sc, const Perspective *ps) {
  json_t *o = json_object();
  jset(o, "id", jstr(ps->name.name));
  jset(o, "title", jstr(ps->title.text));
  jset(o, "rank", jnum(true, ps->rank_v));
  jset(o, "weight", jnum(true, ps->weight_v));
  json_t *objs = json_array();
  Objective *x;
  VEC_EACH(Objective *, x, sc->p->objectives)
    if (!x->parent && x->persp_eff == ps) json_array_append_new(objs, jstr(ast_oname(x)));
  jset(o, "objectives", objs);
  jscore(o, sc, 3, ps->index, true);
  return o;
}

/* The names of the non-NULL entries of krs[0..n). */
static json_t *jnames(KR **krs, int n) {
  json_t *a = json_array();
  for (int i = 0; i < n; i++)
    if (krs[i]) json_array_append_new(a, jstr(ast_kname(krs[i])));
  return a;
}

static json_t *jtheme(const ScoreCard *sc, const Theme *t) {
  json_t *o = json_object();
  jset(o, "id", jstr(t->name.name));
  jset(o, "title", jstr(t->title.text));
  jset(o, "owner", jstr(t->owner.text));
  jset(o, "commitment", jstr("aspirational"));
  json_t *objs = json_array();
  for (int i = 0; i < t->nitems; i++)
    if (t->items[i].o)
      json_array_append_new(objs, json_pack("{s:o, s:o}", "id", jstr(ast_oname(t->items[i].o)), "weight",
                                            jnum(true, t->items[i].weight_v)));
  jset(o, "objectives", objs);
  jscore(o, sc, 5, t->index, true);
  return o;
}

static json_t *jobjective(const ScoreCard *sc, const Objective *ob) {
  json_t *o = json_object();
  jset(o, "id", jstr(ast_oname(ob)));
  jset(o, "title", jstr(ob->title.text));
  jset(o, "level", jstr(so_level_name(ob->level_eff)));
  jset(o, "perspective", jstr(ob->persp_eff ? ob->persp_eff->name.name : NULL));
  jset(o, "parent", jstr(ob->parent ? ast_oname(ob->parent) : NULL));
  jset(o, "owner", jstr(ob->owner.text ? ob->owner.text : ob->group.text));
  jset(o, "commitment", jstr(so_commit_name(ob->commit)));
  jset(o, "weight", jnum(true, ob->weight_v));
  jset(o, "krs", jnames(ob->krs, ob->nkrs));
  jset(o, "kpis", jnames(ob->kpis, ob->nkpis));
  json_t *kids = json_array();
  Objective *c;
  VEC_EACH(Objective *, c, sc->p->objectives)
    if (c->parent == ob) json_array_append_new(kids, jstr(ast_oname(c)));
  jset(o, "children", kids);
  /* every parent, and whether it counts there (semantics.md §5.1) */
  json_t *al = json_array();
  for (int i = 0; i < ob->nparents; i++) {
    const Align *a = &ob->parents[i];
    if (!a->obj) continue;
    json_array_append_new(al, json_pack("{s:o, s:s, s:s, s:o}", "parent", jstr(ast_oname(a->obj)), "declared",
                                        a->mode == ALIGN_CONTRIBUTES ? "contributes" : a->mode == ALIGN_SUPPORTS ? "supports" : "aligns",
                                        "counted", score_align_name(sc, a), "weight", jnum(true, a->weight_v)));
  }
  jset(o, "alignment", al);
  json_t *th = json_array();
  Theme *t;
  VEC_EACH(Theme *, t, sc->p->themes)
    for (int i = 0; i < t->nitems; i++)
      if (t->items[i].o == ob) { json_array_append_new(th, jstr(t->name.name)); break; }
  jset(o, "themes", th);
  jscore(o, sc, 2, ob->index, true);
  return o;
}

/* An initiative as tracked (semantics.md §20; docs/score.md "initiatives"). */
static json_t *jmilestone(const ScoreCard *sc, const InitResult *r, const Milestone *m) {
  char pb[32];
  json_t *o = json_object();
  jset(o, "id", jstr(m->name.name));
  jset(o, "title", jstr(m->title.text));
  jset(o, "due", jstr(actuals_period_str(m->due, pb, sizeof pb)));
  jset(o, "due_period", m->due_i >= 0 ? jperiod(sc, m->due_i) : json_null());
  jset(o, "weight", jnum(true, m->weight_v));
  jset(o, "done", jbool(m->done));
  bool live = r->in->status != INIT_DONE && r->in->status != INIT_CANCELLED;
  jset(o, "late", jbool(live && !m->done && m->due_i >= 0 && m->due_i <= sc->as_of));
  return o;
}

static json_t *jinitiative(const ScoreCard *sc, const InitResult *r) {
  const Initiative *in = r->in;
  json_t *o = json_object();
  jset(o, "id", jstr(in->name.name));
  jset(o, "title", jstr(in->title.text));
  jset(o, "owner", jstr(in->owner.text));
  jset(o, "status", jstr(score_init_status_name(in->status, false)));
  json_t *sup = json_array();
  for (int i = 0; i < in->nsupports; i++)
    if (in->supported && in->supported[i]) json_array_append_new(sup, jstr(ast_oname(in->supported[i])));
  jset(o, "supports", sup);
  jset(o, "percent_complete", jnum(r->has_percent, r->percent));
  jset(o, "percent_source", jstr(score_pct_source_name(r->source)));
  json_t *ms = json_array();
  for (int i = 0; i < in->nmilestones; i++) json_array_append_new(ms, jmilestone(sc, r, &in->milestones[i]));
  jset(o, "milestones", ms);
  jset(o, "milestones_done", json_integer(r->ndone));
  jset(o, "milestones_late", json_integer(r->nlate));
  jset(o, "next_milestone", jstr(r->next ? r->next->name.name : NULL));
  const Type *money = in->cost && in->cost->type && in->cost->type->kind == TY_CURRENCY ? in->cost->type
                    : in->spent && in->spent->type && in->spent->type->kind == TY_CURRENCY ? in->spent->type : NULL;
  jset(o, "currency", jstr(money ? money->code : NULL));
  jset(o, "budget", jnum(r->has_budget, r->budget));
  jset(o, "spent", jnum(r->has_spent, r->spent));
  jset(o, "spent_of_budget", jnum(r->has_used, r->used));
  jset(o, "over_budget", jbool(r->over));
  jset(o, "cost_mean", jnum(r->has_budget, r->cost_mean));
  jset(o, "cost_uncertain", jbool(in->cost_forecast && in->cost_d.kind != DIST_CONST));
  return o;
}

void score_render_json(Buf *b, const ScoreCard *sc, const ActualSet *as) {
  Program *p = sc->p;
  Strategy *st = p->strategy;
  char pf[32], pt[32];
  json_t *root = json_object();
  jset(root, "schema", jstr("bscc-score/2"));
  jset(root, "strategy", jstr(st->title.text));
  jset(root, "cadence", jstr(ast_period_word(st->cadence_eff)));
  jset(root, "horizon", json_pack("[o, o]", jstr(actuals_period_str(st->from, pf, sizeof pf)),
                                  jstr(actuals_period_str(st->to, pt, sizeof pt))));
  json_t *periods = json_array();
  for (int i = 0; i < sc->nperiods; i++) json_array_append_new(periods, jperiod(sc, i));
  jset(root, "periods", periods);
  jset(root, "as_of", jperiod(sc, sc->as_of));
  jset(root, "as_of_default", jbool(sc->as_of_default));
  jset(root, "thresholds", json_pack("{s:o, s:o}", "green", jnum(true, sc->green), "yellow", jnum(true, sc->yellow)));
  jset(root, "options", json_pack("{s:o, s:o}", "cap", jnum(true, sc->cap), "rollup", jbool(sc->opt.rollup)));
  json_t *data = json_array();
  for (int i = 0; as && i < as->nfiles; i++) json_array_append_new(data, jstr(as->files[i]));
  jset(root, "data", data);
  json_t *total = json_object();
  jscore(total, sc, 4, 0, true);
  jset(root, "total", total);
  json_t *a = json_array();
  for (int i = p->perspectives.len - 1; i >= 0; i--) json_array_append_new(a, jperspective(sc, p->perspectives.items[i]));
  jset(root, "perspectives", a);
  a = json_array();
  Objective *o;
  VEC_EACH(Objective *, o, p->objectives) json_array_append_new(a, jobjective(sc, o));
  jset(root, "objectives", a);
  a = json_array();
  Theme *th;
  VEC_EACH(Theme *, th, p->themes) json_array_append_new(a, jtheme(sc, th));
  jset(root, "themes", a);
  KR *k;
  a = json_array();
  VEC_EACH(KR *, k, p->krs) json_array_append_new(a, jmeasure(sc, k, false));
  jset(root, "krs", a);
  a = json_array();
  VEC_EACH(KR *, k, p->kpis) json_array_append_new(a, jmeasure(sc, k, true));
  jset(root, "kpis", a);
  a = json_array();
  for (int i = 0; i < sc->ncal; i++) json_array_append_new(a, jcalibration(sc, &sc->cal[i]));
  jset(root, "calibration", a);
  if (sc->inits_tracked) {                    /* bscc-score/2, optional: only when tracked */
    a = json_array();
    for (int i = 0; i < sc->ninits; i++) json_array_append_new(a, jinitiative(sc, &sc->inits[i]));
    jset(root, "initiatives", a);
  }
  char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17));
  buf_puts(b, text);
  buf_putc(b, '\n');
  free(text);
  json_decref(root);
}

