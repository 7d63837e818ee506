/*
 * fit_out.c - `bscc fit` as a table and as JSON (bscc-fit/1, docs/fit.md).
 */
#include "fit_out.h"
#include "score_out.h"
#include "diag.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static PeriodKind cadence(const FitResult *R) {
  const Strategy *st = R->sc->p->strategy;
  return st && st->cadence_eff != PER_NONE ? st->cadence_eff : PER_QUARTER;
}

/* "%.2f" without a minus sign on a value that prints as zero. */
static void put2(Buf *b, double v) {
  if (!isfinite(v)) { buf_puts(b, "—"); return; }
  if (fabs(v) < 0.005) v = 0;
  buf_printf(b, "%.2f", v);
}

static void put_lag(Buf *b, const FitResult *R, int lag) {
  if (lag == 0) buf_puts(b, "0");
  else buf_printf(b, "%d%s", lag, so_lag_suffix(cadence(R)));
}

/* Pads the cell that started at byte `from` to `w` columns (display width). */
static void pad(Buf *b, size_t from, int w) {
  int have = utf8_width(b->data + from, b->len - from, 1);
  for (int i = have; i < w; i++) buf_putc(b, ' ');
}

static void link_name(Buf *b, const Link *l) {
  buf_printf(b, "%s -> %s", ast_oname(l->src), ast_oname(l->dst));
}

static int name_width(const FitResult *R) {
  int w = (int)strlen("link");
  for (int i = 0; i < R->nlinks; i++) {
    Buf t;
    buf_init(&t);
    link_name(&t, R->links[i].l);
    int lw = utf8_width(t.data, t.len, 1);
    if (lw > w) w = lw;
    buf_free(&t);
  }
  return w;
}

static void table_header(Buf *b, const FitResult *R, const char *file) {
  char p0[32], p1[32];
  const ScoreCard *sc = R->sc;
  if (!sc->any_data)
    buf_printf(b, "%s: no check-ins yet (--data, the store)", file);
  else
    buf_printf(b, "%s: %d period%s of history (%s .. %s)", file, R->periods, R->periods == 1 ? "" : "s",
               so_period(sc, 0, p0, sizeof p0), so_period(sc, R->periods - 1, p1, sizeof p1));
  buf_puts(b, ", lags searched 0 .. ");
  put_lag(b, R, R->max_lag);
  buf_puts(b, "\nmodel: change of an objective's score against its plan = drift + Σ strength × a cause's change, lagged (OLS)\n");
  if (R->max_lag)
    buf_printf(b, "intervals: 95 %% over the %d lags searched (Bonferroni: %.4g %% at the chosen lag); R²: the link's partial R²\n\n",
               R->max_lag + 1, 100 - 5.0 / (R->max_lag + 1));
  else
    buf_puts(b, "intervals: 95 %; R²: the link's partial R²\n\n");
}

static void link_row(Buf *b, const FitResult *R, const FitLink *fl, int nw) {
  size_t at = b->len;
  link_name(b, fl->l);
  pad(b, at, nw + 2);
  at = b->len;
  put2(b, fl->written);
  buf_puts(b, " lag ");
  put_lag(b, R, fl->written_lag);
  pad(b, at, 15);
  if (fl->state != FIT_ESTIMATED) {
    buf_printf(b, "%s (%d period%s)\n", fit_state_name(fl->state), R->effects[fl->effect].n,
               R->effects[fl->effect].n == 1 ? "" : "s");
    return;
  }
  at = b->len;
  put2(b, fl->est);
  pad(b, at, 9);
  at = b->len;
  put2(b, fl->se);
  pad(b, at, 7);
  at = b->len;
  buf_putc(b, '[');
  put2(b, fl->lo);
  buf_puts(b, ", ");
  put2(b, fl->hi);
  buf_putc(b, ']');
  pad(b, at, 16);
  at = b->len;
  put_lag(b, R, fl->lag);
  pad(b, at, 5);
  buf_printf(b, "%3d  ", R->effects[fl->effect].n);
  put2(b, fl->partial_r2);
  buf_printf(b, "  %s\n", fit_verdict_name(fl->verdict));
}

void fit_render_table(Buf *b, const FitResult *R, const char *file) {
  table_header(b, R, file);
  int nw = name_width(R);
  size_t at = b->len;
  buf_puts(b, "link");
  pad(b, at, nw + 2);
  buf_puts(b, "written        fitted   s.e.   interval        lag    n  R²    verdict\n");
  for (int i = 0; i < R->nlinks; i++) link_row(b, R, &R->links[i], nw);
  if (!R->nlinks) buf_puts(b, "(the strategy map has no links)\n");
  if (R->neffects) buf_puts(b, "\nmodels (one per objective that links point into):\n");
  char p0[32], p1[32];
  for (int e = 0; e < R->neffects; e++) {
    const FitEffect *fe = &R->effects[e];
    buf_printf(b, "  %s: ", ast_oname(fe->o));
    if (fe->state != FIT_ESTIMATED) {
      buf_printf(b, "%s: %d usable period%s for %d coefficient%s\n", fit_state_name(fe->state), fe->n,
                 fe->n == 1 ? "" : "s", fe->nlinks + 1, fe->nlinks ? "s" : "");
      continue;
    }
    buf_printf(b, "%d periods (%s .. %s), R² ", fe->n, so_period(R->sc, fe->first, p0, sizeof p0),
               so_period(R->sc, fe->last, p1, sizeof p1));
    put2(b, fe->r2);
    buf_printf(b, ", drift %.4f ± %.4f", fabs(fe->alpha) < 0.00005 ? 0 : fe->alpha, fe->alpha_se);
    buf_printf(b, " per period, %ld lag combination%s%s\n", fe->combos, fe->combos == 1 ? "" : "s",
               fe->exhaustive ? "" : " (searched one cause at a time)");
  }
  if (R->tested) {
    buf_printf(b, "\nlinks the map lacks (5 %% after Bonferroni over %d tests):%s\n", R->tested, R->nmissing ? "" : " none");
    for (int i = 0; i < R->nmissing; i++) {
      const FitMissing *m = &R->missing[i];
      buf_printf(b, "  %s -> %s  strength ", ast_oname(m->from), ast_oname(m->to));
      put2(b, m->est);
      buf_puts(b, " ± ");
      put2(b, m->se);
      buf_puts(b, "  lag ");
      put_lag(b, R, m->lag);
      buf_printf(b, "  (p = %.2g)\n", m->p);
    }
  }
}

/* ---- JSON ------------------------------------------------------------- */

static json_t *jnum(double v) { return isfinite(v) ? json_real(v) : json_null(); }

static json_t *json_link(const FitResult *R, const FitLink *fl) {
  json_t *o = json_object();
  json_object_set_new(o, "from", diag_json_str(ast_oname(fl->l->src)));
  json_object_set_new(o, "to", diag_json_str(ast_oname(fl->l->dst)));
  json_object_set_new(o, "written", json_pack("{s:o,s:i}", "strength", jnum(fl->written), "lag", fl->written_lag));
  json_object_set_new(o, "state", json_string(fit_state_name(fl->state)));
  if (fl->state == FIT_ESTIMATED) {
    json_object_set_new(o, "strength", jnum(fl->est));
    json_object_set_new(o, "se", jnum(fl->se));
    json_object_set_new(o, "interval", json_pack("[o,o]", jnum(fl->lo), jnum(fl->hi)));
    json_object_set_new(o, "lag", json_integer(fl->lag));
    json_object_set_new(o, "t", jnum(fl->t));
    json_object_set_new(o, "level", jnum(fl->level));
    json_object_set_new(o, "p", jnum(fl->p));
    json_object_set_new(o, "p_adjusted", jnum(fl->p_adj));
    json_object_set_new(o, "partial_r2", jnum(fl->partial_r2));
    json_object_set_new(o, "verdict", json_string(fit_verdict_name(fl->verdict)));
    json_object_set_new(o, "written_within", json_boolean(fl->within));
    json_object_set_new(o, "suggested", jnum(fl->suggested));
    json_object_set_new(o, "clamped", json_boolean(fl->clamped));
    json_object_set_new(o, "suggested_sd", jnum(fl->suggested_sd));
  } else {
    json_object_set_new(o, "verdict", json_string(fit_verdict_name(FV_NONE)));
  }
  json_object_set_new(o, "n", json_integer(R->effects[fl->effect].n));
  return o;
}

static json_t *json_effect(const FitResult *R, const FitEffect *fe) {
  char p0[32], p1[32];
  json_t *o = json_object();
  json_object_set_new(o, "objective", diag_json_str(ast_oname(fe->o)));
  json_object_set_new(o, "state", json_string(fit_state_name(fe->state)));
  json_object_set_new(o, "n", json_integer(fe->n));
  json_object_set_new(o, "df", json_integer(fe->df));
  json_object_set_new(o, "max_lag", json_integer(fe->max_lag));
  if (fe->state == FIT_ESTIMATED) {
    json_object_set_new(o, "first", json_string(so_period(R->sc, fe->first, p0, sizeof p0)));
    json_object_set_new(o, "last", json_string(so_period(R->sc, fe->last, p1, sizeof p1)));
    json_object_set_new(o, "r2", jnum(fe->r2));
    json_object_set_new(o, "sigma", jnum(fe->sigma));
    json_object_set_new(o, "drift", jnum(fe->alpha));
    json_object_set_new(o, "drift_se", jnum(fe->alpha_se));
    json_object_set_new(o, "search", json_string(fe->exhaustive ? "exhaustive" : "coordinate"));
    json_object_set_new(o, "combinations", json_integer(fe->combos));
  }
  return o;
}

void fit_render_json(Buf *b, const FitResult *R, const char *file) {
  char p0[32], p1[32];
  json_t *root = json_object();
  json_object_set_new(root, "schema", json_string("bscc-fit/1"));
  json_object_set_new(root, "file", diag_json_str(file));
  json_object_set_new(root, "periods", json_integer(R->periods));
  json_object_set_new(root, "from", json_string(so_period(R->sc, 0, p0, sizeof p0)));
  json_object_set_new(root, "to", json_string(so_period(R->sc, R->periods - 1, p1, sizeof p1)));
  json_object_set_new(root, "cadence", json_string(so_lag_suffix(cadence(R))));
  json_object_set_new(root, "max_lag", json_integer(R->max_lag));
  json_object_set_new(root, "level", json_real(0.95));
  json_t *links = json_array();
  for (int i = 0; i < R->nlinks; i++) json_array_append_new(links, json_link(R, &R->links[i]));
  json_object_set_new(root, "links", links);
  json_t *effs = json_array();
  for (int e = 0; e < R->neffects; e++) json_array_append_new(effs, json_effect(R, &R->effects[e]));
  json_object_set_new(root, "models", effs);
  json_t *miss = json_array();
  for (int i = 0; i < R->nmissing; i++) {
    const FitMissing *m = &R->missing[i];
    json_array_append_new(miss, json_pack("{s:o,s:o,s:i,s:o,s:o,s:o}", "from", diag_json_str(ast_oname(m->from)),
                                          "to", diag_json_str(ast_oname(m->to)), "lag", m->lag, "strength",
                                          jnum(m->est), "se", jnum(m->se), "p", jnum(m->p)));
  }
  json_object_set_new(root, "missing", miss);
  json_object_set_new(root, "missing_tests", json_integer(R->tested));
  char *s = json_dumps(root, JSON_INDENT(2) | JSON_REAL_PRECISION(17));
  buf_puts(b, s);
  buf_putc(b, '\n');
  free(s);
  json_decref(root);
}
