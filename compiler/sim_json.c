/*
 * sim_json.c - `bscc sim --format=json` (version 2, docs/simulation.md) and
 * `--dump-model`, with 17 significant digits so every number reads back as
 * the double computed.
 */
#include "sim_out.h"
#include "diag.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>

static json_t *jnum(double v) { return isfinite(v) ? json_real(v) : json_null(); }

/* A scoring mode's segments in each period (simir.h SimSeg): [lo, score]
 * or [lo, c, x, dp, dx] for a piece of points; lo null is -inf. */
static json_t *seg_rows(const SimModel *m, int k) {
  json_t *rows = json_array();
  for (int t = 0; t < m->T; t++) {
    size_t at = (size_t)k * (size_t)m->T + (size_t)t;
    json_t *row = json_array();
    for (int j = m->seg_first[at]; j < m->seg_first[at] + m->seg_n[at]; j++) {
      const SimSeg *g = &m->segs[j];
      json_t *sg = json_array();
      json_array_append_new(sg, jnum(g->lo));
      json_array_append_new(sg, jnum(g->c));
      if (g->lin) {
        json_array_append_new(sg, jnum(g->x));
        json_array_append_new(sg, jnum(g->dp));
        json_array_append_new(sg, jnum(g->dx));
      }
      json_array_append_new(row, sg);
    }
    json_array_append_new(rows, row);
  }
  return rows;
}

/* Each objective's (or theme's: the nodes objs[from .. to)) statistics:
 * name -> {mean, sd, p5, p50, p95, p_green}. */
static json_t *jnodes(const SimModel *m, const SimObjStat *st, int from, int to) {
  json_t *o = json_object();
  for (int j = from; j < to; j++) {
    if (m->objs[j].empty) continue;
    json_t *x = json_object();
    json_object_set_new(x, "mean", jnum(st[j].mean));
    json_object_set_new(x, "sd", jnum(st[j].sd));
    json_object_set_new(x, "p5", jnum(st[j].p5));
    json_object_set_new(x, "p50", jnum(st[j].p50));
    json_object_set_new(x, "p95", jnum(st[j].p95));
    json_object_set_new(x, "p_green", jnum(st[j].p_green));
    json_object_set_new(o, m->objs[j].name, x);
  }
  return o;
}

static json_t *jobjs(const SimModel *m, const SimObjStat *st) { return jnodes(m, st, 0, m->theme_first); }
static json_t *jthemes(const SimModel *m, const SimObjStat *st) {
  return jnodes(m, st, m->theme_first, m->theme_first + m->nthemes);
}

/* name -> chance of green of the nodes objs[from .. to) */
static json_t *jgreen(const SimModel *m, const double *p_green, int from, int to) {
  json_t *o = json_object();
  for (int j = from; j < to; j++)
    if (!m->objs[j].empty) json_object_set_new(o, m->objs[j].name, jnum(p_green[j]));
  return o;
}

static json_t *jmoney(const SimMoneyStat *ms) {
  json_t *o = json_object();
  json_object_set_new(o, "point_value", ms->has_point ? jnum(ms->point_value) : json_null());
  json_object_set_new(o, "kr_value", ms->has_kr ? jnum(ms->kr_value) : json_null());
  json_object_set_new(o, "net", jnum(ms->net));
  json_object_set_new(o, "roi", jnum(ms->roi));
  json_object_set_new(o, "payback", ms->has_kr && ms->payback >= 0 ? json_integer(ms->payback) : json_null());
  return o;
}

static const char *swing_kind(SimSwingKind k) {
  return k == SW_FORECAST ? "forecast" : k == SW_EFFECT ? "effect" : k == SW_LINK ? "link" : k == SW_LAG ? "lag" : "cost";
}

void sim_render_json(const SimReport *R, Buf *b) {
  const SimModel *m = R->m;
  json_t *root = json_object();
  json_object_set_new(root, "version", json_integer(2));
  json_object_set_new(root, "file", diag_json_str(R->file));
  json_object_set_new(root, "samples", json_integer(R->c->samples));
  json_object_set_new(root, "seed", json_integer((json_int_t)R->c->seed));
  json_object_set_new(root, "method", json_string(R->method));
  json_object_set_new(root, "currency", m->currency ? json_string(m->currency) : json_null());
  json_object_set_new(root, "budget", R->has_budget ? jnum(R->budget) : json_null());
  /* "doing nothing" from the decision period (docs/simulation.md §9) */
  json_t *dec = json_object();
  json_object_set_new(dec, "period", json_string(R->decided));
  json_object_set_new(dec, "index", json_integer(m->decided));
  json_object_set_new(dec, "default", json_boolean(m->decided_default));
  json_object_set_new(root, "decision", dec);
  json_object_set_new(root, "unforecast", json_string(m->hold ? "hold" : "plan"));
  json_object_set_new(root, "planned", json_integer(m->nplanned));
  json_t *bl = json_object();
  json_object_set_new(bl, "mean", jnum(R->base->mean));
  json_object_set_new(bl, "p5", jnum(R->base->p5));
  json_object_set_new(bl, "p50", jnum(R->base->p50));
  json_object_set_new(bl, "p95", jnum(R->base->p95));
  json_object_set_new(bl, "sd", jnum(R->base->sd));
  if (R->base_ostat) json_object_set_new(bl, "objectives", jobjs(m, R->base_ostat));
  json_object_set_new(bl, "p_green", jgreen(m, R->base->p_green, 0, m->theme_first));
  json_object_set_new(bl, "p_all_green", R->ncommitted ? jnum(R->base->p_all_green) : json_null());
  /* strategic themes, outside the score (docs/simulation.md §3.5) */
  if (m->nthemes && R->base_ostat) json_object_set_new(bl, "themes", jthemes(m, R->base_ostat));
  if (m->nthemes)
    json_object_set_new(bl, "themes_p_green", jgreen(m, R->base->p_green, m->theme_first, m->theme_first + m->nthemes));
  json_object_set_new(root, "baseline", bl);
  json_t *ports = json_array();
  for (int i = 0; i < R->nranked; i++) {
    const SimRanked *k = &R->ranked[i];
    json_t *o = json_object();
    json_object_set_new(o, "rank", json_integer(i + 1));
    json_object_set_new(o, "name", diag_json_str(k->p->name));
    json_t *inits = json_array();
    for (int j = 0; j < m->ninits; j++)
      if (k->p->funded[j]) json_array_append_new(inits, json_string(m->inits[j].name));
    json_object_set_new(o, "initiatives", inits);
    json_object_set_new(o, "cost", jnum(k->r->cost));
    json_object_set_new(o, "mean", jnum(k->r->mean));
    json_object_set_new(o, "p5", jnum(k->r->p5));
    json_object_set_new(o, "p50", jnum(k->r->p50));
    json_object_set_new(o, "p95", jnum(k->r->p95));
    json_object_set_new(o, "sd", jnum(k->r->sd));
    if (R->frontier) json_object_set_new(o, "frontier", json_boolean(R->frontier[i]));
    json_object_set_new(o, "gain_per_million", jnum(sim_gain_per_million(k->r, R->base_mean)));
    if (R->p_budget) json_object_set_new(o, "p_within_budget", jnum(R->p_budget[k->r - R->res]));
    json_t *h = json_array();
    for (int j = 0; j < SIM_HIST_BINS; j++) json_array_append_new(h, json_integer(k->r->hist[j]));
    json_object_set_new(o, "histogram", h);
    json_object_set_new(o, "p_green", jgreen(m, k->r->p_green, 0, m->theme_first));
    json_object_set_new(o, "p_all_green", R->ncommitted ? jnum(k->r->p_all_green) : json_null());
    if (R->ostat && R->ostat[i]) json_object_set_new(o, "objectives", jobjs(m, R->ostat[i]));
    if (m->nthemes && R->ostat && R->ostat[i]) json_object_set_new(o, "themes", jthemes(m, R->ostat[i]));
    if (m->nthemes)
      json_object_set_new(o, "themes_p_green", jgreen(m, k->r->p_green, m->theme_first, m->theme_first + m->nthemes));
    if (R->any_money) json_object_set_new(o, "money", jmoney(&R->money[i]));
    json_array_append_new(ports, o);
  }
  json_object_set_new(root, "portfolios", ports);
  if (R->nranked > 0 && R->frontier) {
    json_t *fr = json_object();
    json_object_set_new(fr, "criteria", json_string(R->frontier_green  ? "cost,mean,p_all_green"
                                                    : R->frontier_risk ? "cost,mean,p5" : "cost,mean"));
    json_t *arr = json_array();
    for (int i = 0; i < R->nranked; i++)
      if (R->frontier[i]) json_array_append_new(arr, json_integer(i + 1));
    json_object_set_new(fr, "ranks", arr);
    json_object_set_new(root, "frontier", fr);
  }
  if (R->contrib) {
    json_t *cb = json_object();
    json_object_set_new(cb, "portfolio", diag_json_str(R->ranked[0].p->name));
    json_t *arr = json_array();
    for (int i = 0; i < R->ncontrib; i++) {
      const SimContrib *c = &R->contrib[i];
      json_t *o = json_object();
      json_object_set_new(o, "initiative", json_string(m->inits[c->init].name));
      json_object_set_new(o, "alone", jnum(c->alone));
      json_object_set_new(o, "alone_se", jnum(c->alone_se));
      json_object_set_new(o, "leave_one_out", jnum(c->loo));
      json_object_set_new(o, "leave_one_out_se", jnum(c->loo_se));
      json_object_set_new(o, "shapley", jnum(c->shapley));
      json_object_set_new(o, "shapley_se", jnum(c->shapley_se));
      json_array_append_new(arr, o);
    }
    json_object_set_new(cb, "initiatives", arr);
    json_object_set_new(root, "contributions", cb);
  }
  if (R->any_money) {
    json_object_set_new(root, "value_per_point", R->has_point ? jnum(R->value_per_point) : json_null());
    json_object_set_new(root, "baseline_money", jmoney(&R->base_money));
    json_t *dm = json_array();
    for (int i = 0; R->dmoney && i < m->ninits; i++) {
      if (!R->dmoney[i].has_kr) continue;
      json_t *o = jmoney(&R->dmoney[i]);
      json_object_set_new(o, "initiative", json_string(m->inits[i].name));
      json_object_set_new(o, "cost", jnum(m->inits[i].cost));
      json_array_append_new(dm, o);
    }
    json_object_set_new(root, "decision_money", dm);
  }
  if (R->has_sens && R->nranked > 0) {
    json_t *sens = json_object();
    json_object_set_new(sens, "portfolio", diag_json_str(R->ranked[0].p->name));
    json_t *arr = json_array();
    for (int i = 0; i < R->sw.n; i++) {
      const SimSwing *s = &R->sw.v[i];
      json_t *o = json_object();
      json_object_set_new(o, "input", json_string(s->name));
      json_object_set_new(o, "kind", json_string(swing_kind(s->kind)));
      json_object_set_new(o, "x10", jnum(s->x10));
      json_object_set_new(o, "x90", jnum(s->x90));
      json_object_set_new(o, "low", jnum(s->low));
      json_object_set_new(o, "high", jnum(s->high));
      json_object_set_new(o, "worse", jnum(s->worse));
      json_object_set_new(o, "better", jnum(s->better));
      json_object_set_new(o, "good_side", json_string(s->good_low ? "low" : "high"));
      json_object_set_new(o, "swing", jnum(s->swing));
      json_array_append_new(arr, o);
    }
    json_object_set_new(sens, "inputs", arr);
    json_object_set_new(root, "sensitivity", sens);
  }
  /* the objectives behind p_all_green (docs/simulation.md §14) */
  json_t *ca = json_array();
  for (int o = 0; o < m->nobjs; o++)
    if (sim_all_green_counts(m, o)) json_array_append_new(ca, json_string(m->objs[o].name));
  json_object_set_new(root, "all_green_of", ca);
  char *s = json_dumps(root, JSON_INDENT(2) | JSON_REAL_PRECISION(17));
  buf_puts(b, s);
  buf_puts(b, "\n");
  free(s);
  json_decref(root);
}

/* One row of the plan table (simir.h): T doubles, ints or flags. */
static json_t *plan_row(const double *d, const int *n, const unsigned char *b, int T) {
  json_t *a = json_array();
  for (int t = 0; t < T; t++)
    json_array_append_new(a, d ? jnum(d[t]) : n ? json_integer(n[t]) : json_boolean(b[t]));
  return a;
}

/* The lowered model as JSON (`--dump-model`): for debugging a model, and
 * for tools that want the exact numbers the evaluators use. */
void sim_render_model(const SimModel *m, FILE *out) {
  json_t *root = json_object();
  json_object_set_new(root, "periods", json_integer(m->T));
  json_object_set_new(root, "decided", json_integer(m->decided));
  json_object_set_new(root, "hold_unforecast", json_boolean(m->hold));
  json_object_set_new(root, "green", jnum(m->green));
  json_t *a = json_array();
  static const char *kinds[] = {"const", "normal", "lognormal", "uniform", "triangular", "pert", "beta", "whole", "bernoulli"};
  for (int i = 0; i < m->ninputs; i++) {
    const SimInput *in = &m->inputs[i];
    json_t *o = json_object();
    json_object_set_new(o, "name", json_string(in->name));
    json_object_set_new(o, "dist", json_string(kinds[in->dist.kind]));
    json_t *ps = json_array();
    for (int j = 0; j < 3; j++) json_array_append_new(ps, jnum(in->dist.p[j]));
    json_object_set_new(o, "params", ps);
    json_array_append_new(a, o);
  }
  json_object_set_new(root, "inputs", a);
  static const char *sk[] = {"none", "linear", ">=", ">", "<=", "<", "milestone", "segments"};
  a = json_array();
  for (int i = 0; i < m->nmeas; i++) {
    const SimMeasure *k = &m->meas[i];
    json_t *o = json_object();
    json_object_set_new(o, "name", json_string(k->name ? k->name : "?"));
    json_object_set_new(o, "score", json_string(sk[k->kind]));
    json_object_set_new(o, "base", k->has_base ? jnum(k->base) : json_null());
    json_object_set_new(o, "x", jnum(k->x));
    json_object_set_new(o, "span", jnum(k->span));
    json_object_set_new(o, "due", json_integer(k->due));
    json_object_set_new(o, "input", json_integer(k->input));
    json_object_set_new(o, "outcome", jnum(k->outcome));
    json_object_set_new(o, "formula", json_integer(k->formula));
    json_object_set_new(o, "weight", jnum(k->weight));
    /* the path (simir.h): the line from (start, from), the fixed periods */
    json_object_set_new(o, "ramp", json_boolean(k->ramp));
    json_object_set_new(o, "from", jnum(k->from));
    json_object_set_new(o, "start", json_integer(k->start));
    json_t *fx = json_array();
    for (int j = 0; j < k->nfix; j++) json_array_append_new(fx, jnum(m->fixed[k->fix_first + j]));
    json_object_set_new(o, "fixed", fx);
    size_t row = (size_t)i * (size_t)m->T;
    json_object_set_new(o, "path", plan_row(m->path + row, NULL, NULL, m->T));
    json_object_set_new(o, "src", plan_row(NULL, m->src + row, NULL, m->T));
    json_object_set_new(o, "plan", plan_row(m->mplan + row, NULL, NULL, m->T));
    if (k->kind == SK_SEG) json_object_set_new(o, "segments", seg_rows(m, i));
    json_t *ef = json_array();
    for (int j = k->eff_first; j < k->eff_first + k->eff_count; j++) {
      const SimEffect *e = &m->effs[j];
      json_t *eo = json_object();
      json_object_set_new(eo, "initiative", json_string(m->inits[e->init].name));
      json_object_set_new(eo, "input", json_integer(e->input));
      json_object_set_new(eo, "value", jnum(e->value));
      json_object_set_new(eo, "relative", json_boolean(e->relative));
      json_object_set_new(eo, "lag", json_integer(e->lag));
      json_object_set_new(eo, "at", json_integer(e->at));
      if (e->lag_input >= 0) {        /* a drawn lag (simulation.md §15): only then, so other dumps read as before */
        json_object_set_new(eo, "lag_input", json_integer(e->lag_input));
        json_object_set_new(eo, "lag_hi", json_integer(e->lag_hi));
      }
      json_array_append_new(ef, eo);
    }
    json_object_set_new(o, "effects", ef);
    json_array_append_new(a, o);
  }
  json_object_set_new(root, "measures", a);
  a = json_array();
  for (int i = 0; i < m->nobjs; i++) {
    const SimObj *ob = &m->objs[i];
    json_t *o = json_object();
    json_object_set_new(o, "name", json_string(ob->name));
    json_t *krs = json_array();
    for (int j = ob->kr_first; j < ob->kr_first + ob->kr_count; j++) json_array_append_new(krs, json_integer(m->kr_list[j]));
    json_object_set_new(o, "krs", krs);
    json_t *ch = json_array();
    for (int j = ob->child_first; j < ob->child_first + ob->child_count; j++) json_array_append_new(ch, json_integer(m->child_list[j]));
    json_object_set_new(o, "children", ch);
    json_t *ls = json_array();
    for (int j = ob->link_first; j < ob->link_first + ob->link_count; j++) {
      json_t *lo = json_object();
      json_object_set_new(lo, "src", json_integer(m->links[j].src));
      json_object_set_new(lo, "strength", jnum(m->links[j].strength));
      json_object_set_new(lo, "lag", json_integer(m->links[j].lag));
      if (m->links[j].input >= 0) json_object_set_new(lo, "input", json_integer(m->links[j].input));
      if (m->links[j].lag_input >= 0) {
        json_object_set_new(lo, "lag_input", json_integer(m->links[j].lag_input));
        json_object_set_new(lo, "lag_hi", json_integer(m->links[j].lag_hi));
      }
      json_array_append_new(ls, lo);
    }
    json_object_set_new(o, "links_in", ls);
    json_object_set_new(o, "weight", jnum(ob->weight));
    json_object_set_new(o, "committed", json_boolean(ob->committed));
    json_object_set_new(o, "empty", json_boolean(ob->empty));
    json_object_set_new(o, "top", json_boolean(ob->top));
    size_t row = (size_t)i * (size_t)m->T;
    json_object_set_new(o, "has", plan_row(NULL, NULL, m->ohas + row, m->T));
    json_object_set_new(o, "plan", plan_row(m->oplan + row, NULL, NULL, m->T));
    json_object_set_new(o, "green_at", jnum(ob->green_at));
    if (i >= m->theme_first) json_object_set_new(o, "theme", json_true());   /* a strategic theme's node */
    json_array_append_new(a, o);
  }
  json_object_set_new(root, "objectives", a);
  a = json_array();
  for (int i = 0; i < m->nobjs; i++) json_array_append_new(a, json_integer(m->obj_order[i]));
  json_object_set_new(root, "objective_order", a);
  a = json_array();
  for (int i = 0; i < m->nmeas; i++) json_array_append_new(a, json_integer(m->meas_order[i]));
  json_object_set_new(root, "measure_order", a);
  a = json_array();
  for (int i = 0; i < m->npersps; i++) {
    const SimPersp *ps = &m->persps[i];
    json_t *o = json_object();
    json_object_set_new(o, "name", json_string(ps->name));
    json_object_set_new(o, "weight", jnum(ps->weight));
    json_t *ob = json_array();
    for (int j = ps->obj_first; j < ps->obj_first + ps->obj_count; j++) json_array_append_new(ob, json_integer(m->persp_objs[j]));
    json_object_set_new(o, "objectives", ob);
    json_array_append_new(a, o);
  }
  json_object_set_new(root, "perspectives", a);
  a = json_array();
  for (int i = 0; i < m->ninits; i++) {
    json_t *o = json_object();
    json_object_set_new(o, "name", json_string(m->inits[i].name));
    json_object_set_new(o, "cost", jnum(m->inits[i].cost));
    json_array_append_new(a, o);
  }
  json_object_set_new(root, "initiatives", a);
  json_t *f = json_array();
  for (int i = 0; i < m->nforms; i++) {
    json_t *ops = json_array();
    static const char *on[] = {"const", "load", "scale", "add", "sub", "mul", "div", "neg", "abs", "min", "max", "avg",
                               "prev", "pow"};
    for (int j = m->forms[i].first; j < m->forms[i].first + m->forms[i].count; j++) {
      json_t *op = json_array();
      json_array_append_new(op, json_string(on[m->ops[j].op]));
      json_array_append_new(op, json_integer(m->ops[j].n));
      json_array_append_new(op, jnum(m->ops[j].c));
      if (m->ops[j].op == FOP_PREV) json_array_append_new(op, json_integer(m->ops[j].back));   /* periods back */
      json_array_append_new(ops, op);
    }
    json_array_append_new(f, ops);
  }
  json_object_set_new(root, "formulas", f);
  json_dumpf(root, out, JSON_INDENT(1) | JSON_REAL_PRECISION(17));
  fputc('\n', out);
  json_decref(root);
}
