/*
 * lsp_actions.c - the scorecard and fixes in the editor: inlay hints and
 * code lenses (scores, status, inferred directions) and code actions
 * (quick fixes for diagnostics).
 */
#include "lsp_int.h"
#include <math.h>
#include "numfmt.h"
#include "sim_decide.h"

/* ---- inlay hints and code lenses: the scorecard in the editor ------------- */

/* The byte offset where the line holding off ends (before its newline). */
static uint32_t line_end_at(const Lines *l, uint32_t off) {
  int line, ch;
  off_to_pos(l, off, &line, &ch);
  return (uint32_t)line_content_end(l, line);
}

/* "0.81 · on track" (a KR or objective), "healthy" (a KPI), or NULL
 * without data in the scorecard's period. */
static const char *score_label(char *buf, size_t n, const ScoreResult *r, bool kpi) {
  if (!r || !r->has) return NULL;
  if (kpi) snprintf(buf, n, "%s", score_health_name(r->health));
  else snprintf(buf, n, "%.2f · %s", r->score, score_track_name(r->track));
  return buf;
}

static void hint(json_t *out, Doc *d, uint32_t off, const char *label, int kind) {
  json_array_append_new(out, json_pack("{s:o,s:s,s:i,s:b}", "position", jpos(&d->lines, off), "label", label,
                                       "kind", kind, "paddingLeft", 1));
}

static void kr_hints(json_t *out, Doc *d, ScoreCard *sc, const KR *k, uint32_t a, uint32_t z) {
  if (k->h.span.file != d->file || k->h.span.off > z || k->h.span.end < a) return;
  /* a range KR whose direction is not written: the one inferred */
  if (k->spec == SPEC_RANGE && k->dir == DIR_NONE && k->target && k->dir_eff != DIR_NONE)
    hint(out, d, k->target->span.end, k->dir_eff == DIR_INCREASE ? "↑ increase" : "↓ decrease", 1);
  char buf[96];
  bool kpi = k->h.kind == ND_KPI;
  const char *l = sc ? score_label(buf, sizeof buf, kpi ? score_kpi(sc, sc->as_of, k) : score_kr(sc, sc->as_of, k), kpi)
                     : NULL;
  if (l) hint(out, d, line_end_at(&d->lines, k->h.span.off), l, 1);
}

/* textDocument/inlayHint: each KR's and objective's score and status in
 * the scorecard's period when there are check-ins, and the inferred
 * direction of a range KR that does not say `increase` or `decrease`. */
bool h_inlay(Server *S, json_t *params, json_t **res, RpcErr *e) {
  Doc *d = param_doc(S, params, e);
  if (!d) return false;
  uint32_t a, z;
  if (!param_range(params, &d->lines, &a, &z, e)) return false;
  AstFile *f = doc_ast(d);
  ScoreCard *sc = doc_score(d);
  *res = json_array();
  for (int i = 0; f && i < f->ndecls; i++) {
    Node *n = f->decls[i];
    if (!n) continue;
    if (n->kind == ND_KR || n->kind == ND_KPI) kr_hints(*res, d, sc, (KR *)n, a, z);
    if (n->kind != ND_OBJECTIVE) continue;
    Objective *o = (Objective *)n;
    char buf[96];
    const char *l = sc ? score_label(buf, sizeof buf, score_obj(sc, sc->as_of, o), false) : NULL;
    if (l && n->span.off <= z && n->span.off >= a) hint(*res, d, line_end_at(&d->lines, n->span.off), l, 1);
    for (int j = 0; j < o->nkrs; j++) if (o->krs[j]) kr_hints(*res, d, sc, o->krs[j], a, z);
    for (int j = 0; j < o->nkpis; j++) if (o->kpis[j]) kr_hints(*res, d, sc, o->kpis[j], a, z);
  }
  return true;
}

/* textDocument/codeLens: over each objective, "score 0.81 · on track · 3
 * KRs behind" (behind or at risk), or its number of KRs before any
 * check-in.  The lenses are informative: their command is empty. */
/* The simulate lens over each initiative: bscc sim's engine (the
 * interpreter) on this analysis's model with nothing funded and with each
 * initiative alone, with `bscc sim`'s seed and sample count, so that the
 * lens shows the numbers of the `(none)` and initiative rows that
 * `bscc sim FILE` prints (docs/lsp.md, Code lenses).  Run once per
 * analysis, when a lens request first needs it; a model too large to run
 * between two keystrokes is not run (the lens says to run bscc sim). */
#define LSP_SIM_SAMPLES 1000
/* portfolios x samples x (measures + objectives + 1) x periods: about
 * 100 ms of the interpreter (smart_hardware: 1.2e6 in 30 ms) */
#define LSP_SIM_MAX_WORK 4e6

static void doc_simulate(Doc *d) {
  if (d->sim_tried) return;
  d->sim_tried = true;
  doc_score(d);                      /* d->sc: the scorecard bscc sim lowers, data or not */
  if (d->de->nerrors || !d->p->strategy || !d->sc) {
    d->sim_why = bsc_strdup(d->de->nerrors ? "the file has errors" : "no horizon to simulate");
    return;
  }
  char *err = NULL;
  SimModel *m = sim_lower(d->p, d->sc, &err);
  if (!m) {
    Buf b; buf_init(&b);
    buf_printf(&b, "cannot simulate: %s", err ? err : "?");
    free(err);
    d->sim_why = buf_steal(&b);
    return;
  }
  int nport = m->ninits + 1;
  double work = (double)nport * LSP_SIM_SAMPLES * (double)(m->nmeas + m->nobjs + 1) * m->T;
  if (work > LSP_SIM_MAX_WORK) {
    d->sim_why = bsc_strdup("too large to run in the editor: run bscc sim");
    sim_free(m);
    return;
  }
  unsigned char *funded = bsc_calloc((size_t)nport * (size_t)m->ninits + 1, 1);
  for (int i = 0; i < m->ninits; i++) funded[(size_t)(i + 1) * (size_t)m->ninits + (size_t)i] = 1;
  SimConfig c = { .seed = 1, .samples = LSP_SIM_SAMPLES, .threads = 1 };
  double t0 = now_ms();
  d->sim = bsc_calloc((size_t)nport, sizeof *d->sim);
  sim_run(m, interp_block, funded, nport, &c, d->sim);
  d->nsim = nport;
  d->sim_model = m;
  free(funded);
  trace("simulate lenses of %s: %d portfolios x %d samples (work %.3g) in %.1f ms", d->path, nport, LSP_SIM_SAMPLES, work,
        now_ms() - t0);
}

/* "simulate: 0.710 → 0.741 alone (+0.031) · gain/1M 0.3125 · 1000 samples" */
static void sim_title(Buf *b, Doc *d, const Initiative *in) {
  doc_simulate(d);
  const SimModel *m = d->sim_model;
  int k = -1;
  for (int i = 0; m && i < m->ninits && k < 0; i++)
    if (m->inits[i].name && in->name.name && !strcmp(m->inits[i].name, in->name.name)) k = i;
  if (k < 0) {
    buf_printf(b, "simulate: %s", d->sim_why ? d->sim_why : "not in the model");
    return;
  }
  const SimResult *base = &d->sim[0], *r = &d->sim[1 + k];
  double g = sim_gain_per_million(r, base->mean);
  buf_printf(b, "simulate: %.3f → %.3f alone (%+.3f) · gain/1M ", base->mean, r->mean, r->mean - base->mean);
  if (isfinite(g) && fabs(g) < NUMFMT_SCI_FROM) buf_printf(b, "%.4f", g);   /* as bscc sim's table */
  else numfmt_put(b, g, 4);
  buf_printf(b, " · %d samples", LSP_SIM_SAMPLES);
}

static void lens(json_t *out, Doc *d, Span at, const char *title) {
  json_array_append_new(out, json_pack("{s:o,s:{s:s,s:s}}", "range", jrange(&d->lines, at.off, at.end),
                                       "command", "title", title, "command", ""));
}

/* The score lens over each objective's name. */
static void score_lens(json_t *out, Doc *d, ScoreCard *sc, Objective *o) {
  char t[160];
  const ScoreResult *r = sc ? score_obj(sc, sc->as_of, o) : NULL;
  if (r && r->has) {
    int behind = 0;
    for (int j = 0; j < o->nkrs; j++) {
      const ScoreResult *k = o->krs[j] ? score_kr(sc, sc->as_of, o->krs[j]) : NULL;
      behind += k && k->has && (k->track == TRACK_BEHIND || k->track == TRACK_AT_RISK);
    }
    snprintf(t, sizeof t, "score %.2f · %s · %d KR%s behind", r->score, score_track_name(r->track), behind,
             behind == 1 ? "" : "s");
  } else if (sc && r && r->scope != SCOPE_RUNNING)
    snprintf(t, sizeof t, "%s", score_scope_name(r->scope));
  else
    snprintf(t, sizeof t, "%d key result%s · no check-ins", o->nkrs, o->nkrs == 1 ? "" : "s");
  lens(out, d, o->name.span, t);
}

bool h_code_lens(Server *S, json_t *params, json_t **res, RpcErr *e) {
  Doc *d = param_doc(S, params, e);
  if (!d) return false;
  AstFile *f = doc_ast(d);
  ScoreCard *sc = doc_score(d);
  *res = json_array();
  for (int i = 0; f && i < f->ndecls; i++) {
    Node *n = f->decls[i];
    if (n && n->kind == ND_OBJECTIVE) score_lens(*res, d, sc, (Objective *)n);
    if (n && n->kind == ND_INITIATIVE) {
      Initiative *in = (Initiative *)n;
      Buf t; buf_init(&t);
      sim_title(&t, d, in);
      lens(*res, d, in->name.span, t.data);
      buf_free(&t);
    }
  }
  return true;
}

/* ---- code actions ---------------------------------------------------------- */

/* The quick fix of diagnostic g: its fix (compiler/diag.h) written over
 * its span, or over the span the checker named (fix_at: a weight to
 * change, a place to insert a link), as a CodeAction with the diagnostic
 * it answers. */
static json_t *quick_fix(Server *S, Doc *d, const Diag *g) {
  Span at = g->fix_at ? g->fix_span : g->span;
  const Source *src = diag_source(d->de, at.file);
  char *uri = file_uri(S, d, at.file);
  if (!src || !uri || at.end > src->len) { free(uri); return NULL; }
  int n = (int)(at.end - at.off);
  const char *fx = g->fix;
  Buf t; buf_init(&t);
  if (n == 0) {
    while (*fx == '\n') fx++;
    buf_printf(&t, "Insert `%s`", fx);
  } else
    buf_printf(&t, "Replace `%.*s` with `%s`", n, src->text + at.off, g->fix);
  json_t *edit = json_pack("{s:o,s:s}", "range", jrange(src_lines(d, at.file), at.off, at.end), "newText", g->fix);
  json_t *a = json_pack("{s:o,s:s,s:b,s:[o],s:{s:{s:[o]}}}", "title", jtext(t.data, t.len), "kind", "quickfix",
                        "isPreferred", 1, "diagnostics", diag_json(S, d, g, &d->lines),
                        "edit", "changes", uri, edit);
  buf_free(&t);
  free(uri);
  return a;
}

/* The import path from the folder of `from` to `to` (both absolute):
 * relative, with `../` where it must climb. */
static char *rel_path(const char *from, const char *to) {
  const char *fs = strrchr(from, '/');
  size_t dl = fs ? (size_t)(fs - from) + 1 : 0;   /* from's folder, with its '/' */
  size_t common = 0;
  for (size_t i = 0; i < dl && from[i] == to[i]; i++) if (from[i] == '/') common = i + 1;
  Buf b; buf_init(&b);
  for (size_t i = common; i < dl; i++) if (from[i] == '/') buf_puts(&b, "../");
  buf_puts(&b, to + common);
  return buf_steal(&b);
}

/* E010 on a name that another open document's program defines in a file
 * this one does not load: the quick fix imports that file.  The name and
 * the file come from the checker (the diagnostic's span, sema_lookup of
 * the other compilation), not from the message. */
static json_t *import_fix(Server *S, Doc *d, const Diag *g) {
  const Source *src = diag_source(d->de, g->span.file);
  size_t n = g->span.end - g->span.off;
  if (g->code != E010 || !src || n == 0 || n > 200 || d->path[0] != '/') return NULL;
  char name[201];
  memcpy(name, src->text + g->span.off, n);
  name[n] = 0;
  for (int i = 0; i < S->ndocs; i++) {
    Doc *o = S->docs[i];
    if (o == d || !o->analysed || o->stale || !o->p->sema) continue;
    Sym *sym = sema_lookup(o->p, name);
    const Source *def = sym ? diag_source(o->de, sym->span.file) : NULL;
    if (!def || def->builtin || def->path[0] != '/' || !strcmp(def->path, d->real)) continue;
    char *rel = rel_path(d->real, def->path);
    Buf t, ins;
    buf_init(&t); buf_init(&ins);
    buf_printf(&t, "Import `%s` (it defines `%s`)", rel, name);
    buf_printf(&ins, "import \"%s\"\n", rel);
    json_t *a = json_pack("{s:o,s:s,s:[o],s:{s:{s:[{s:o,s:o}]}}}", "title", jtext(t.data, t.len), "kind", "quickfix",
                          "diagnostics", diag_json(S, d, g, &d->lines), "edit", "changes", d->uri,
                          "range", jrange(&d->lines, 0, 0), "newText", jtext(ins.data, ins.len));
    buf_free(&t); buf_free(&ins);
    free(rel);
    return a;
  }
  return NULL;
}

/* textDocument/codeAction: the quick fixes of the diagnostics in range
 * (every "did you mean" is one), from the structured fix the checker
 * attached, never from the message text. */
bool h_code_action(Server *S, json_t *params, json_t **res, RpcErr *e) {
  Doc *d = param_doc(S, params, e);
  if (!d) return false;
  json_t *range = json_object_get(params, "range");
  json_t *st = json_object_get(range, "start"), *en = json_object_get(range, "end");
  long l0, c0, l1, c1;
  if (!jint(st, "line", &l0) || !jint(st, "character", &c0) || !jint(en, "line", &l1) || !jint(en, "character", &c1))
    return fail(e, RPC_INVALID_PARAMS, "missing or ill-typed range");
  uint32_t a = pos_to_off(&d->lines, l0, c0), z = pos_to_off(&d->lines, l1, c1);
  if (z < a) { uint32_t t = a; a = z; z = t; }
  *res = json_array();
  for (int i = 0; i < d->de->ndiags; i++) {
    const Diag *g = &d->de->diags[i];
    if ((d->hide && d->hide[i]) || g->span.file != d->file) continue;
    if (g->span.end < a || g->span.off > z) continue;   /* touches the range */
    json_t *q = g->fix ? quick_fix(S, d, g) : NULL, *im = import_fix(S, d, g);
    if (q) json_array_append_new(*res, q);
    if (im) json_array_append_new(*res, im);
  }
  return true;
}
