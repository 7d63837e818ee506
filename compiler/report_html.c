/*
 * report_html.c - the HTML page of `bscc report` (docs/report.md): a
 * shell with the built-in style sheet and script, and the data as JSON
 * islands (<script type="application/json">) that the script draws from:
 *
 *   bscc-score  the scorecard, exactly `bscc score --format=json` (score_json.c)
 *   bscc-view   what the page needs beyond it: files, coverage, owner and
 *               team of each objective, its node in the map, and every
 *               measure's values and plan per period (from the ScoreCard)
 *   bscc-sim    the saved `bscc sim --format=json`, when given
 *
 * and the strategy map as inline SVG (graph.c).  The page loads nothing:
 * its Content-Security-Policy forbids every request, so a reference that
 * slipped in would be an error in the browser tests, not a silent fetch.
 */
#include "report.h"
#include "score_out.h"
#include "version.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

extern const char report_css[], report_js[];

static json_t *jnum(bool has, double v) { return has && isfinite(v) ? json_real(v) : json_null(); }
static json_t *jstr(const char *s) { return s ? diag_json_str(s) : json_null(); }

/* Text for HTML content and attribute values. */
static void put_html(Buf *b, const char *s) {
  for (; s && *s; s++) {
    switch (*s) {
    case '&': buf_puts(b, "&amp;"); break;
    case '<': buf_puts(b, "&lt;"); break;
    case '>': buf_puts(b, "&gt;"); break;
    case '"': buf_puts(b, "&quot;"); break;
    default: buf_putc(b, *s);
    }
  }
}

/* JSON text inside <script>: a `<` (only ever inside a JSON string) is
 * written \u003c, so neither `</script>` nor `<!--` can end or bend the
 * script element, and JSON.parse reads the same string back. */
static void put_island(Buf *b, const char *id, const char *json) {
  buf_printf(b, "<script type=\"application/json\" id=\"%s\">", id);
  for (const char *s = json; *s; s++) {
    if (*s == '<') buf_puts(b, "\\u003c");
    else buf_putc(b, *s);
  }
  buf_puts(b, "</script>\n");
}

/* A jansson value as compact JSON, 17 digits (the numbers read back exact). */
static void put_json_island(Buf *b, const char *id, json_t *v) {
  char *s = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17));
  put_island(b, id, s ? s : "null");
  free(s);
}

/* The person who owns an objective: its owner, else an individual
 * objective's person. */
static const char *owner_of(const Objective *o) {
  if (o->owner.text) return o->owner.text;
  return o->level_eff == LEVEL_INDIVIDUAL ? o->group.text : NULL;
}

/* The team an objective belongs to: its own `team`, else the nearest
 * team objective it aligns to (an individual OKR under a team's). */
static const char *team_of(const Objective *o, int max_depth) {
  for (int d = 0; o && d <= max_depth; o = o->parent, d++)
    if (o->level_eff == LEVEL_TEAM && o->group.text) return o->group.text;
  return NULL;
}

/* One measure's values per period of the horizon: null after the as-of
 * period (the report is as of it) and where there is no data. */
static json_t *series_values(const ScoreCard *sc, const KR *k, bool kpi) {
  json_t *a = json_array();
  for (int i = 0; i < sc->nperiods; i++) {
    const ScoreResult *r = kpi ? score_kpi(sc, i, k) : score_kr(sc, i, k);
    json_array_append_new(a, jnum(i <= sc->as_of && r->has, r->value));
  }
  return a;
}

static json_t *series_kr(const ScoreCard *sc, const KR *k) {
  json_t *o = json_object();
  json_object_set_new(o, "id", jstr(ast_kname(k)));
  json_object_set_new(o, "value", series_values(sc, k, false));
  json_t *plan = json_array();
  for (int i = 0; i < sc->nperiods; i++) {
    const ScoreResult *r = score_kr(sc, i, k);
    json_array_append_new(plan, jnum(r->has_plan_value, r->plan_value));
  }
  json_object_set_new(o, "plan", plan);
  return o;
}

static json_t *series_kpi(const ScoreCard *sc, const KR *k) {
  json_t *o = json_object();
  json_object_set_new(o, "id", jstr(ast_kname(k)));
  json_object_set_new(o, "value", series_values(sc, k, true));
  json_t *th = json_array(), *wa = json_array();
  for (int i = 0; i < sc->nperiods; i++) {
    const ScoreResult *r = score_kpi(sc, i, k);
    bool in = r->scope == SCOPE_RUNNING;
    json_array_append_new(th, jnum(in, r->threshold));
    json_array_append_new(wa, jnum(in && k->warn, k->nplan ? r->warn_at : k->warn_v));
  }
  json_object_set_new(o, "threshold", th);
  json_object_set_new(o, "warn", wa);
  return o;
}

/* How many of the measures have a value in the as-of period. */
static json_t *coverage(const ScoreCard *sc) {
  int kr = 0, kpi = 0;
  KR *k;
  VEC_EACH(KR *, k, sc->p->krs) if (score_kr(sc, sc->as_of, k)->has) kr++;
  VEC_EACH(KR *, k, sc->p->kpis) if (score_kpi(sc, sc->as_of, k)->has) kpi++;
  return json_pack("{s:i, s:i, s:i, s:i}", "krs", sc->p->krs.len, "krs_with_data", kr,
                   "kpis", sc->p->kpis.len, "kpis_with_data", kpi);
}

static json_t *view(const ReportDoc *d) {
  const ScoreCard *sc = d->sc;
  Program *p = sc->p;
  json_t *v = json_object();
  json_object_set_new(v, "schema", json_string("bscc-report/1"));
  json_object_set_new(v, "bscc", json_string(BSCC_VERSION));
  json_object_set_new(v, "made", jstr(d->made));
  json_t *data = json_array();
  for (int i = 0; d->as && i < d->as->nfiles; i++) json_array_append_new(data, jstr(d->as->files[i]));
  json_object_set_new(v, "files", json_pack("{s:o, s:o, s:o, s:o}", "strategy", jstr(d->file), "data", data,
                                            "store", jstr(d->store), "sim", jstr(d->sim_file)));
  json_object_set_new(v, "coverage", coverage(sc));
  json_t *objs = json_array();
  Objective *o;
  VEC_EACH(Objective *, o, p->objectives) {
    char node[32];
    snprintf(node, sizeof node, "o%d", o->index);  /* graph.c's node name */
    json_array_append_new(objs, json_pack("{s:o, s:o, s:o, s:s}", "id", jstr(ast_oname(o)), "owner", jstr(owner_of(o)),
                                          "team", jstr(team_of(o, p->objectives.len)), "node", node));
  }
  json_object_set_new(v, "objectives", objs);
  json_t *krs = json_array(), *kpis = json_array();
  KR *k;
  VEC_EACH(KR *, k, p->krs) json_array_append_new(krs, series_kr(sc, k));
  VEC_EACH(KR *, k, p->kpis) json_array_append_new(kpis, series_kpi(sc, k));
  json_object_set_new(v, "krs", krs);
  json_object_set_new(v, "kpis", kpis);
  json_object_set_new(v, "map_error", jstr(d->map_error));
  return v;
}

/* The scorecard JSON of score_json.c, made compact: one renderer of the
 * card, and the page carries the very numbers `bscc score` prints. */
static void put_score(Buf *b, const ScoreCard *sc, const ActualSet *as) {
  Buf j;
  buf_init(&j);
  score_render_json(&j, sc, as);
  json_error_t e;
  json_t *v = json_loadb(j.data, j.len, 0, &e);
  buf_free(&j);
  put_json_island(b, "bscc-score", v);
  json_decref(v);
}

/* Graphviz's SVG from its <svg> element on (no XML prolog, no DOCTYPE:
 * inline in HTML). */
static void put_map(Buf *b, const ReportDoc *d) {
  buf_puts(b, "<div id=\"map\" class=\"map\">");
  const char *s = d->map_svg ? strstr(d->map_svg, "<svg") : NULL;
  if (s) buf_puts(b, s);
  buf_puts(b, "</div>\n");
}

void report_render(Buf *b, const ReportDoc *d) {
  const ScoreCard *sc = d->sc;
  const char *title = sc->p->strategy && sc->p->strategy->title.text ? sc->p->strategy->title.text : "Strategy";
  buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
              "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
              "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
              "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n"
              "<meta name=\"generator\" content=\"bscc " BSCC_VERSION "\">\n<title>");
  put_html(b, title);
  buf_puts(b, " · cockpit</title>\n<style>\n");
  buf_puts(b, report_css);
  buf_puts(b, "</style>\n</head>\n<body>\n<noscript><p>This cockpit draws itself with its built-in script; "
              "allow scripts for this file to see it.</p></noscript>\n<main id=\"app\"></main>\n"
              "<template id=\"map-source\">");
  put_map(b, d);
  buf_puts(b, "</template>\n");
  put_score(b, sc, d->as);
  json_t *v = view(d);
  put_json_island(b, "bscc-view", v);
  json_decref(v);
  if (d->sim_json) put_island(b, "bscc-sim", d->sim_json);
  buf_puts(b, "<script>\n");
  buf_puts(b, report_js);
  buf_puts(b, "</script>\n</body>\n</html>\n");
}
