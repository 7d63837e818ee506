/*
 * lsp_doc.c - the open documents and their analysis: each document is
 * compiled with the open buffers in place of their files (alone, or as
 * part of the strategy file that imports it), its diagnostics published,
 * the analysis debounced and the open documents that depend on a changed
 * one checked again; the scores that hover, inlay hints and code lenses
 * show; the parameters of a request that names a document.
 */
#include "lsp_int.h"

const Lines *src_lines(Doc *d, int file) {
  if (file < 0 || file >= d->de->nsrcs) return NULL;
  if (file == d->file) return &d->lines;
  if (!d->src_lines || file >= d->nsrc_lines) {
    int n = d->de->nsrcs;
    d->src_lines = bsc_realloc(d->src_lines, sizeof(Lines) * (size_t)n);
    for (int i = d->nsrc_lines; i < n; i++) d->src_lines[i].start = NULL;
    d->nsrc_lines = n;
  }
  Lines *l = &d->src_lines[file];
  if (!l->start) {
    const Source *s = diag_source(d->de, file);
    lines_init(l, s->text, s->len);
  }
  return l;
}

static void analysis_free(Doc *d) {
  if (!d->analysed) return;
  score_free(d->sc);
  d->sc = NULL;
  d->sc_tried = false;
  if (d->act_used) actuals_free(&d->act);
  sim_results_free(d->sim, d->nsim);
  free(d->sim);
  sim_free(d->sim_model);
  free(d->sim_why);
  d->sim = NULL; d->nsim = 0; d->sim_model = NULL; d->sim_why = NULL; d->sim_tried = false;
  d->act_used = false;
  for (int i = 0; i < d->nsrc_lines; i++) lines_free(&d->src_lines[i]);
  free(d->src_lines);
  d->src_lines = NULL;
  d->nsrc_lines = 0;
  free(d->occ);
  d->occ = NULL;
  d->nocc = d->capocc = 0;
  d->occ_built = false;
  free(d->defs);
  d->defs = NULL;
  d->ndefs = 0;
  if (!d->owner) {
    program_free(d->p);
    diag_free(d->de);
    free(d->p);
    free(d->de);
  }
  d->owner = NULL;
  d->p = NULL;
  d->de = NULL;
  free(d->hide);
  d->hide = NULL;
  d->analysed = false;
}

void doc_free(Doc *d) {
  analysis_free(d);
  chunks_free(d->chunks);
  free(d->tok);
  lines_free(&d->lines);
  for (int i = 0; i < d->npublished; i++) free(d->published[i]);
  free(d->published);
  free(d->published_hash);
  free(d->uri);
  free(d->path);
  free(d->real);
  free(d->text);
  free(d->root);
  free(d);
}

static Doc *find_doc(Server *S, const char *uri) {
  for (int i = 0; i < S->ndocs; i++)
    if (!strcmp(S->docs[i]->uri, uri)) return S->docs[i];
  return NULL;
}

static Doc *find_doc_path(Server *S, const char *path) {
  char *r = realpath(path, NULL);
  const char *key = r ? r : path;
  Doc *hit = NULL;
  for (int i = 0; i < S->ndocs && !hit; i++)
    if (!strcmp(S->docs[i]->real, key)) hit = S->docs[i];
  free(r);
  return hit;
}

/* The URI of source `file` of d's program: the client's own URI for an
 * open document; NULL for the built-in prelude. */
char *file_uri(Server *S, Doc *d, int file) {
  const Source *s = diag_source(d->de, file);
  if (!s || s->builtin) return NULL;
  if (file == d->file) return bsc_strdup(d->uri);
  Doc *o = find_doc_path(S, s->path);
  if (o) return bsc_strdup(o->uri);
  return path_to_uri(s->path);
}

/* ---- compiling and publishing diagnostics ------------------------------- */


json_t *diag_json(Server *S, Doc *d, const Diag *g, const Lines *l) {
  static const int sev[] = { [SEV_NOTE] = 3, [SEV_WARNING] = 2, [SEV_ERROR] = 1 };
  Buf m; buf_init(&m);
  buf_puts(&m, g->msg ? g->msg : "");
  json_t *rel = json_array();
  for (int i = 0; i < g->nnotes; i++) {
    const DiagNote *n = &g->notes[i];
    char *uri = n->span.file >= 0 ? file_uri(S, d, n->span.file) : NULL;
    const Lines *nl = uri ? src_lines(d, n->span.file) : NULL;
    if (uri && nl) {
      json_array_append_new(rel, json_pack("{s:{s:s,s:o},s:o}", "location", "uri", uri, "range",
                                           jrange(nl, n->span.off, n->span.end),
                                           "message", jtext(n->msg ? n->msg : "", n->msg ? strlen(n->msg) : 0)));
    } else
      buf_printf(&m, "\nnote: %s", n->msg ? n->msg : "");
    free(uri);
  }
  if (g->help) buf_printf(&m, "\nhelp: %s", g->help);
  uint32_t off = g->span.file >= 0 ? g->span.off : 0, end = g->span.file >= 0 ? g->span.end : 0;
  json_t *j = json_pack("{s:o,s:i,s:s,s:s,s:o}", "range", jrange(l, off, end),
                        "severity", sev[g->sev], "code", diag_code_str(g->code), "source", "bscc",
                        "message", jtext(m.data ? m.data : "", m.len));
  buf_free(&m);
  if (json_array_size(rel)) json_object_set_new(j, "relatedInformation", rel);
  else json_decref(rel);
  return j;
}

static void publish(Server *S, const char *uri, json_t *diags) {
  rpc_send(S, json_pack("{s:s,s:s,s:{s:s,s:o}}", "jsonrpc", "2.0", "method", "textDocument/publishDiagnostics",
                    "params", "uri", uri, "diagnostics", diags));
}

/* Publishes d's diagnostics: its own, and those in imported files that
 * are not open themselves (an open file publishes its own). */
static void publish_doc(Server *S, Doc *d) {
  int nf = d->de->nsrcs;
  json_t **per = bsc_calloc((size_t)nf + 1, sizeof(json_t *));
  for (int i = 0; i < d->de->ndiags; i++) {
    const Diag *g = &d->de->diags[i];
    if (d->hide && d->hide[i]) continue;
    int f = g->span.file;
    if (f < 0 || f >= nf) f = d->file;
    if (f < 0) continue;
    if (f != d->file) {
      if (d->in_root) continue;          /* the root's other files are not ours to report */
      const Source *s = diag_source(d->de, f);
      if (!s || s->builtin || find_doc_path(S, s->path)) continue;
    }
    if (!per[f]) per[f] = json_array();
    Diag copy = *g;
    if (copy.span.file != f) copy.span = (Span){ f, 0, 0 };
    json_array_append_new(per[f], diag_json(S, d, &copy, src_lines(d, f)));
  }
  char **now = bsc_calloc((size_t)nf + 1, sizeof(char *));
  uint64_t *now_hash = bsc_calloc((size_t)nf + 1, sizeof(uint64_t));
  int nnow = 0;
  for (int f = 0; f < nf; f++) {
    if (f == d->file) {
      publish(S, d->uri, per[f] ? per[f] : json_array());
      continue;
    }
    if (!per[f]) continue;
    char *uri = file_uri(S, d, f);
    if (!uri) { json_decref(per[f]); continue; }
    /* An imported file's list is sent again only when it changed: an edit
     * of the importer seldom changes what is reported in its imports. */
    char *txt = json_dumps(per[f], JSON_COMPACT);
    uint64_t h = 1469598103934665603ull;
    for (const char *c = txt ? txt : ""; *c; c++) h = (h ^ (unsigned char)*c) * 1099511628211ull;
    free(txt);
    bool same = false;
    for (int i = 0; i < d->npublished && !same; i++) same = d->published_hash[i] == h && !strcmp(d->published[i], uri);
    if (same) json_decref(per[f]);
    else publish(S, uri, per[f]);
    now_hash[nnow] = h;
    now[nnow++] = uri;
  }
  if (d->file < 0) publish(S, d->uri, json_array());
  /* Clear files that had diagnostics last time and have none now. */
  for (int i = 0; i < d->npublished; i++) {
    bool still = false;
    for (int j = 0; j < nnow; j++) still |= !strcmp(now[j], d->published[i]);
    if (!still && !find_doc(S, d->published[i])) publish(S, d->published[i], json_array());
    free(d->published[i]);
  }
  free(d->published);
  free(d->published_hash);
  d->published = now;
  d->published_hash = now_hash;
  d->npublished = nnow;
  free(per);
}

/* The loader's overlay: an open document's buffer replaces its file, so
 * an import that is being edited is analysed as the editor shows it. */
static const char *doc_overlay(void *ctx, const char *canonical, size_t *len) {
  Server *S = ctx;
  for (int i = 0; i < S->ndocs; i++)
    if (!strcmp(S->docs[i]->real, canonical)) { *len = S->docs[i]->len; return S->docs[i]->text; }
  return NULL;
}

/* Files load with the open documents in place of their files, and the
 * allowed import folders. */
static LoadOptions load_opts(Server *S) {
  return (LoadOptions){ .overlay = doc_overlay, .overlay_ctx = S,
                        .allow = (const char *const *)S->allow, .nallow = S->nallow };
}

/* Compiles and checks path (text: its contents, or NULL to read it), with
 * the open documents in place of their files. */
static void compile(Server *S, const char *path, const char *text, size_t len, ChunkCache *cc,
                    DiagEngine **dep, Program **pp) {
  DiagEngine *de = bsc_calloc(1, sizeof *de);
  Program *p = bsc_calloc(1, sizeof *p);
  diag_init(de);
  de->max_errors = 1000;
  program_init(p, de);
  LoadOptions lo = load_opts(S);
  if (cc) {                                /* the main file's kept declarations (lsp_chunk.c) */
    p->in = chunks_interner(cc);
    lo.parse = chunks_load_parse;
    lo.parse_ctx = cc;
  }
  double c0 = cpu_ms();
  bool loaded = load_program(p, path, text, text ? len : 0, &lo);
  double c1 = cpu_ms();
  if (loaded) chunks_check(cc, p);
  double c2 = cpu_ms();
  diag_sort(de);
  trace("compile of %s: cpu %.1f ms to read and parse, %.1f ms to check, %.1f ms to sort", path, c1 - c0, c2 - c1,
        cpu_ms() - c2);
  const ChunkStats *cs = cc ? chunks_stats(cc) : NULL;
  if (cs && cs->used)
    trace("  incremental: %d declarations' chunks, %d kept, %d parsed, %d reset, %d shifted, %d fields undone; "
          "cpu %.1f ms to cut and parse, %.1f ms to reset and shift", cs->chunks, cs->kept, cs->parsed, cs->reset,
          cs->shifted, cs->undone, cs->parse_ms, cs->fix_ms);
  else if (cs)
    trace("  parsed whole: %s", cs->why ? cs->why : "?");
  *dep = de;
  *pp = p;
}

static void discard(DiagEngine *de, Program *p) {
  program_free(p);
  diag_free(de);
  free(p);
  free(de);
}

/* The root of d (root.c): an open document that imports it first, else
 * the shared rule of root_find, with the open buffers in place of their
 * files.  Returns its path (malloc'd) or NULL. */
static char *find_root(Server *S, Doc *d) {
  for (int i = 0; i < S->ndocs; i++) {
    Doc *r = S->docs[i];
    if (r == d || !r->analysed || !r->p->strategy || root_source_of(r->de, d->real) < 0) continue;
    const Source *m = diag_source(r->de, r->p->main_file);
    if (m) return bsc_strdup(m->path);
  }
  LoadOptions lo = load_opts(S);
  return root_find(d->real, &lo);
}

/* Is the text of span sp (in de) a name the program p defines? */
static bool defined_in(DiagEngine *de, Span sp, Program *p) {
  const Source *s = diag_source(de, sp.file);
  if (!s || sp.end > s->len || sp.end <= sp.off || sp.end - sp.off > 256) return false;
  char name[257];
  memcpy(name, s->text + sp.off, sp.end - sp.off);
  name[sp.end - sp.off] = 0;
  return sema_lookup(p, name) || sema_lookup_perspective(p, name);
}

/* An open root whose current analysis loaded exactly d's text, so that
 * it is d's analysis as well (shared, not compiled again): analysed, not
 * stale, its own strategy in its own file (a file with a strategy is its
 * own root). */
static Doc *fresh_root(Server *S, Doc *d) {
  for (int i = 0; i < S->ndocs; i++) {
    Doc *r = S->docs[i];
    if (r == d || !r->analysed || r->stale || r->owner || !r->p->strategy ||
        r->p->strategy->h.span.file != r->p->main_file)
      continue;
    int cf = root_source_of(r->de, d->real);
    const Source *cs = cf >= 0 ? diag_source(r->de, cf) : NULL;
    if (cs && cf != r->p->main_file && cs->len == d->len && !memcmp(cs->text, d->text, d->len)) return r;
  }
  return NULL;
}

/* The documents sharing the analysis p of r that is about to be freed lose
 * theirs too: stale, they are analysed again (as r's dependents, or at the
 * next flush), sharing r's new one when it still loads their text. */
static void orphan_borrowers(Server *S, Doc *r, Program *p) {
  for (int i = 0; i < S->ndocs; i++) {
    Doc *t = S->docs[i];
    if (t == r || !t->owner || t->p != p) continue;
    analysis_free(t);
    t->stale = true;
  }
}

/* Compiles the document and publishes its diagnostics.  A file without a
 * strategy that a strategy file imports (a team's OKRs) is analysed as
 * part of that root: when the root's compilation loaded exactly the
 * buffer's text, it becomes this document's analysis; when the buffer has
 * unsaved changes, the document is analysed alone, without the errors the
 * root would resolve (no strategy, names defined elsewhere). */
void analyse(Server *S, Doc *d) {
  double t0 = now_ms(), c0 = cpu_ms();
  /* The old analysis is freed after the new one is published: freeing a
   * big program takes a while, and the editor waits for the diagnostics. */
  Doc old = *d;
  d->analysed = false;
  d->sc = NULL; d->sc_tried = false; d->act_used = false;
  d->sim = NULL; d->nsim = 0; d->sim_model = NULL; d->sim_why = NULL; d->sim_tried = false;
  d->src_lines = NULL; d->nsrc_lines = 0;
  d->occ = NULL; d->nocc = d->capocc = 0; d->occ_built = false;
  d->defs = NULL; d->ndefs = 0;
  d->p = NULL; d->de = NULL; d->hide = NULL; d->owner = NULL;
  d->stale = false;
  Doc *r = fresh_root(S, d);
  if (r) {                                 /* an open root's analysis has this very text: no compile */
    d->owner = r;
    d->de = r->de;
    d->p = r->p;
    d->file = root_source_of(r->de, d->real);
    d->in_root = true;
    d->hide = bsc_calloc((size_t)d->de->ndiags + 1, sizeof(bool));
    if (!d->root) d->root = bsc_strdup(r->real);
  } else {
    if (!d->chunks && !getenv("BSCC_LSP_NO_INCREMENTAL")) d->chunks = chunks_new();
    compile(S, d->path, d->text, d->len, d->chunks, &d->de, &d->p);
    d->file = d->p->main_file;
    d->in_root = false;
    d->hide = bsc_calloc((size_t)d->de->ndiags + 1, sizeof(bool));
  }
  if (!r && !d->p->strategy && d->path[0] == '/') {
    if (!d->root && !d->root_searched) {
      d->root_searched = true;
      d->root = find_root(S, d);
    }
    if (d->root) {
      Doc *rd = find_doc_path(S, d->root);
      DiagEngine *rde;
      Program *rp;
      compile(S, d->root, rd ? rd->text : NULL, rd ? rd->len : 0, NULL, &rde, &rp);
      int cf = root_source_of(rde, d->real);
      const Source *cs = cf >= 0 ? diag_source(rde, cf) : NULL;
      if (!cs || !rp->strategy) {
        free(d->root);                     /* it no longer imports d */
        d->root = NULL;
      } else if (cs->len == d->len && !memcmp(cs->text, d->text, d->len)) {
        discard(d->de, d->p);
        d->de = rde;
        d->p = rp;
        d->file = cf;
        d->in_root = true;
        free(d->hide);
        d->hide = bsc_calloc((size_t)d->de->ndiags + 1, sizeof(bool));
        rde = NULL;
      } else {
        for (int i = 0; i < d->de->ndiags; i++) {
          const Diag *g = &d->de->diags[i];
          d->hide[i] = g->code == E044 ||
                       ((g->code == E010 || g->code == E012) && defined_in(d->de, g->span, rp));
        }
      }
      if (rde) discard(rde, rp);
    }
  }
  d->analysed = true;
  double t1 = now_ms();
  publish_doc(S, d);
  double t2 = now_ms();
  if (old.analysed && !old.owner) orphan_borrowers(S, d, old.p);
  analysis_free(&old);
  trace("analysis of %s%s: %.1f ms to compile, %.1f ms to publish, %.1f ms to free the old one; cpu %.1f ms",
        d->path, d->owner ? " (its open root's)" : "", t1 - t0, t2 - t1, now_ms() - t2, cpu_ms() - c0);
}

/* The actuals of d's program: its check-ins, then the server's --data
 * files and --store, read as `bscc score` reads them.  Their diagnostics
 * go to a scratch engine: data that does not fit this program (another
 * strategy's CSV, a bad row) is not used, and the hover says so. */
static const ActualSet *doc_actuals(Doc *d, bool *bad) {
  Server *S = d->srv;
  *bad = false;
  if (!S || (!S->ndata && !S->store)) return NULL;
  actuals_init(&d->act);
  d->act_used = true;
  actuals_add_program(d->p, &d->act);
  DiagEngine scratch, *keep = d->p->de;
  diag_init(&scratch);
  d->p->de = &scratch;
  bool ok = true;
  for (int i = 0; i < S->ndata && ok; i++) {
    FileErr fe;
    ok = actuals_load_csv(d->p, &d->act, S->data[i], &fe);
  }
  /* --store, else the store the strategy names (docs/store.md), as `bscc score` finds it */
  char *store = S->store ? bsc_strdup(S->store) : checkin_declared_store(d->p);
  if (ok && store) ok = checkin_load_store(d->p, &d->act, store, !S->store);
  free(store);
  ok = ok && scratch.nerrors == 0;
  d->p->de = keep;
  diag_free(&scratch);
  if (!ok) trace("the check-in data does not fit %s: not used", d->path);
  *bad = !ok;
  return ok ? &d->act : NULL;
}

ScoreCard *doc_score(Doc *d) {
  if (!d->sc_tried) {
    d->sc_tried = true;
    if (d->de->nerrors == 0 && d->p->sema && d->p->strategy) {
      ScoreOptions o = {0};
      o.as_of.kind = PER_NONE;
      bool bad;
      o.actuals = doc_actuals(d, &bad);
      d->sc = score_eval(d->p, &o, NULL);
    }
  }
  return d->sc && d->sc->any_data && d->sc->nperiods > 0 ? d->sc : NULL;
}

static void doc_set_text(Doc *d, char *text, size_t len) {
  free(d->text);
  d->text = text;
  d->len = len;
  lines_free(&d->lines);
  lines_init(&d->lines, d->text, d->len);
}

Doc *param_doc(Server *S, json_t *params, RpcErr *e) {
  json_t *td = json_object_get(params, "textDocument");
  const char *uri = jstr(td, "uri");
  if (!uri) { fail(e, RPC_INVALID_PARAMS, "missing textDocument.uri"); return NULL; }
  Doc *d = find_doc(S, uri);
  if (!d) { fail(e, RPC_INVALID_PARAMS, "document not open: %s", uri); return NULL; }
  if (!d->analysed) analyse(S, d);
  if (!d->occ_built) { collect_occ(d); d->occ_built = true; }
  return d;
}

/* The document and byte offset of a TextDocumentPositionParams. */
Doc *param_pos(Server *S, json_t *params, uint32_t *off, RpcErr *e) {
  Doc *d = param_doc(S, params, e);
  if (!d) return NULL;
  json_t *pos = json_object_get(params, "position");
  long line, ch;
  if (!jint(pos, "line", &line) || !jint(pos, "character", &ch)) {
    fail(e, RPC_INVALID_PARAMS, "missing or invalid position");
    return NULL;
  }
  *off = pos_to_off(&d->lines, line, ch);
  return d;
}

/* The byte range [*a, *z] of a request's `range` (the whole document when absent). */
bool param_range(json_t *params, const Lines *l, uint32_t *a, uint32_t *z, RpcErr *e) {
  json_t *range = json_object_get(params, "range");
  *a = 0;
  *z = (uint32_t)l->len;
  if (!range) return true;
  json_t *st = json_object_get(range, "start"), *en = json_object_get(range, "end");
  long l0, c0, l1, c1;
  if (!jint(st, "line", &l0) || !jint(st, "character", &c0) || !jint(en, "line", &l1) || !jint(en, "character", &c1))
    return fail(e, RPC_INVALID_PARAMS, "missing or ill-typed range");
  *a = pos_to_off(l, l0, c0);
  *z = pos_to_off(l, l1, c1);
  if (*z < *a) { uint32_t t = *a; *a = *z; *z = t; }
  return true;
}

json_t *location(Server *S, Doc *d, Span sp) {
  char *uri = file_uri(S, d, sp.file);
  if (!uri) return NULL;
  json_t *j = json_pack("{s:s,s:o}", "uri", uri, "range", jrange(src_lines(d, sp.file), sp.off, sp.end));
  free(uri);
  return j;
}

/* The source text of a span, blanks collapsed. */
void put_src(Buf *b, Doc *d, Span sp) {
  const Source *s = diag_source(d->de, sp.file);
  if (!s || sp.end > s->len || sp.off >= sp.end) return;
  bool space = false;
  for (uint32_t i = sp.off; i < sp.end; i++) {
    char c = s->text[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') { space = true; continue; }
    if (space && b->len) buf_putc(b, ' ');
    space = false;
    buf_putc(b, c);
  }
}

/* ---- document synchronisation --------------------------------------------- */

/* Does o's analysis depend on d's text: o's program loaded d (o is a team
 * file and d its root, or o imports d), or d's program loaded o? */
static bool depends_on(Doc *o, Doc *d) {
  return o != d && o->analysed &&
         (root_source_of(o->de, d->real) >= 0 || (d->analysed && root_source_of(d->de, o->real) >= 0));
}

/* d has new text: d and the open documents whose analysis depends on it
 * are checked again, so a name renamed in an unsaved company file shows
 * up at once in the team files that align to it. */
static void analyse_with_dependents(Server *S, Doc *d) {
  int n = S->ndocs;
  bool *dep = bsc_calloc((size_t)n + 1, sizeof(bool)), *done = bsc_calloc((size_t)n + 1, sizeof(bool));
  for (int i = 0; i < n; i++) dep[i] = depends_on(S->docs[i], d);  /* before: what d loaded */
  /* The open roots that load d first: their new compilation, which reads
   * d's buffer, then is d's analysis too (fresh_root), one compile for both. */
  for (int i = 0; i < n; i++) {
    Doc *r = S->docs[i];
    if (dep[i] && r->analysed && !r->owner && r->p->strategy && root_source_of(r->de, d->real) >= 0) {
      analyse(S, r);
      done[i] = true;
    }
  }
  analyse(S, d);
  for (int i = 0; i < n; i++)
    if (!done[i] && S->docs[i] != d && (dep[i] || depends_on(S->docs[i], d)))
      analyse(S, S->docs[i]);  /* and after */
  free(dep);
  free(done);
}

void did_open(Server *S, json_t *params) {
  json_t *td = json_object_get(params, "textDocument");
  const char *uri = jstr(td, "uri");
  json_t *text = json_object_get(td, "text");
  if (!uri || !json_is_string(text)) return;
  Doc *d = find_doc(S, uri);
  if (!d) {
    d = bsc_calloc(1, sizeof *d);
    d->uri = bsc_strdup(uri);
    d->path = uri_to_path(uri);
    char *r = realpath(d->path, NULL);
    d->real = r ? r : bsc_strdup(d->path);
    d->srv = S;
    if (S->ndocs == S->cap) {
      S->cap = S->cap ? S->cap * 2 : 8;
      S->docs = bsc_realloc(S->docs, sizeof(Doc *) * (size_t)S->cap);
    }
    S->docs[S->ndocs++] = d;
  }
  size_t n = json_string_length(text);
  char *copy = bsc_malloc(n + 1);
  memcpy(copy, json_string_value(text), n);
  copy[n] = 0;
  doc_set_text(d, copy, n);
  d->stale = true;
}

void did_change(Server *S, json_t *params) {
  json_t *td = json_object_get(params, "textDocument");
  const char *uri = jstr(td, "uri");
  json_t *changes = json_object_get(params, "contentChanges");
  Doc *d = uri ? find_doc(S, uri) : NULL;
  if (!d || !json_is_array(changes)) return;
  size_t i;
  json_t *ch;
  json_array_foreach(changes, i, ch) {
    json_t *text = json_object_get(ch, "text");
    if (!json_is_string(text)) continue;
    const char *nt = json_string_value(text);
    size_t nl = json_string_length(text);
    json_t *range = json_object_get(ch, "range");
    Buf b; buf_init(&b);
    if (json_is_object(range)) {           /* an incremental change */
      long l0, c0, l1, c1;
      json_t *st = json_object_get(range, "start"), *en = json_object_get(range, "end");
      if (!jint(st, "line", &l0) || !jint(st, "character", &c0) || !jint(en, "line", &l1) || !jint(en, "character", &c1))
        continue;
      uint32_t a = pos_to_off(&d->lines, l0, c0), z = pos_to_off(&d->lines, l1, c1);
      if (z < a) { uint32_t t = a; a = z; z = t; }
      buf_putn(&b, d->text, a);
      buf_putn(&b, nt, nl);
      buf_putn(&b, d->text + z, d->len - z);
    } else
      buf_putn(&b, nt, nl);
    size_t len = b.len;
    doc_set_text(d, b.data ? buf_steal(&b) : bsc_strdup(""), len);
  }
  d->stale = true;
}

/* The analysis is debounced: a change only marks its document stale, and
 * the stale documents are compiled when the server has no message waiting
 * (serve) or when a request needs an answer (param_doc).  Ten edits that
 * arrive together cost one compile, of the newest text, and a hover sent
 * after them waits for that one only. */
void flush(Server *S) {
  for (int i = 0; i < S->ndocs; i++) {
    Doc *d = S->docs[i];
    if (d->stale) analyse_with_dependents(S, d);
  }
}

void did_close(Server *S, json_t *params) {
  const char *uri = jstr(json_object_get(params, "textDocument"), "uri");
  for (int i = 0; uri && i < S->ndocs; i++) {
    if (strcmp(S->docs[i]->uri, uri)) continue;
    Doc *d = S->docs[i];
    publish(S, d->uri, json_array());
    for (int j = 0; j < d->npublished; j++) publish(S, d->published[j], json_array());
    if (d->analysed && !d->owner) orphan_borrowers(S, d, d->p);   /* analysed again at the next flush */
    doc_free(d);
    S->docs[i] = S->docs[--S->ndocs];
    return;
  }
}

/* A saved file may be imported by other open documents, or be the root
 * of some: check every open document again (the saved one too, since its
 * root now reads the saved text). */
void did_save(Server *S, json_t *params) {
  const char *uri = jstr(json_object_get(params, "textDocument"), "uri");
  if (!uri) return;
  flush(S);
  for (int i = 0; i < S->ndocs; i++) {
    if (!S->docs[i]->root) S->docs[i]->root_searched = false;
    analyse(S, S->docs[i]);
  }
}
