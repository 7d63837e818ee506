/*
 * lsp_nav.c - names across the program's files: the occurrences of each
 * name (collected when a request first needs them), definition,
 * references, document highlight, rename, document and workspace symbols.
 */
#include "lsp_int.h"

/* ---- collecting name occurrences ---------------------------------------- */

static void occ_add(Doc *d, const char *name, Span sp, Ns ns, bool def, int dkind, void *decl) {
  if (!name || sp.file < 0) return;
  if (d->nocc == d->capocc) {
    d->capocc = d->capocc ? d->capocc * 2 : 256;
    d->occ = bsc_realloc(d->occ, sizeof(Occ) * (size_t)d->capocc);
  }
  Occ *o = &d->occ[d->nocc++];
  memset(o, 0, sizeof *o);
  o->name = name;
  o->span = sp;
  o->ns = (unsigned char)ns;
  o->def = def;
  o->dkind = dkind;
  o->decl = decl;
  o->file = -1;
}

static void occ_ident(Doc *d, Ident id, Ns ns) { occ_add(d, id.name, id.span, ns, false, -1, NULL); }

static void occ_expr(Doc *d, const Expr *e) {
  if (!e) return;
  switch (e->kind) {
  case EX_NUM:
    if (e->unit.name && e->unit.span.end > e->unit.span.off) occ_ident(d, e->unit, NS_UNIT);
    if (e->per) occ_ident(d, e->per->unit, NS_UNIT);       /* the `gallon` of 3.5 USD/gallon */
    break;
  case EX_BOOL: break;
  case EX_REF: occ_ident(d, e->ref, NS_NAME); break;
  case EX_CALL:
    for (int i = 0; i < e->nargs; i++) occ_expr(d, e->args[i]);
    break;
  default:
    occ_expr(d, e->lhs);
    occ_expr(d, e->rhs);
  }
}

static void occ_kr(Doc *d, KR *k) {
  occ_add(d, k->name.name, k->name.span, NS_NAME, true, (int)k->h.kind, k);
  if (k->unit.form == UF_NAMED) occ_ident(d, k->unit.name, NS_UNIT);
  if (k->unit.form == UF_CURRENCY) occ_ident(d, k->unit.code, NS_UNIT);
  occ_ident(d, k->unit.per.unit, NS_UNIT);
  occ_expr(d, k->baseline);
  occ_expr(d, k->target);
  occ_expr(d, k->warn);
  occ_expr(d, k->formula);
  occ_expr(d, k->forecast);
  occ_expr(d, k->weight);
  occ_ident(d, k->persp, NS_PERSP);
}

void collect_occ(Doc *d) {
  Program *p = d->p;
  for (int fi = 0; fi < p->nfiles; fi++) {
    AstFile *f = p->files[fi];
    if (!f) continue;
    for (int i = 0; i < f->ndecls; i++) {
      Node *n = f->decls[i];
      if (!n) continue;
      switch (n->kind) {
      case ND_IMPORT: {
        Import *im = (Import *)n;
        if (im->path.text && im->file >= 0) {
          occ_add(d, im->path.text, im->path.span, NS_FILE, false, -1, NULL);
          d->occ[d->nocc - 1].file = im->file;
        }
        break;
      }
      case ND_STRATEGY: {
        Strategy *s = (Strategy *)n;
        for (int j = 0; j < s->nweights; j++) occ_ident(d, s->weights[j].persp, NS_PERSP);
        break;
      }
      case ND_PERSPECTIVE: {
        Perspective *ps = (Perspective *)n;
        occ_add(d, ps->name.name, ps->name.span, NS_PERSP, true, ND_PERSPECTIVE, ps);
        break;
      }
      case ND_UNIT: {
        UnitDecl *u = (UnitDecl *)n;
        occ_add(d, u->name.name, u->name.span, NS_UNIT, true, ND_UNIT, u);
        occ_ident(d, u->base, NS_UNIT);
        occ_ident(d, u->per.unit, NS_UNIT);
        break;
      }
      case ND_OBJECTIVE: {
        Objective *o = (Objective *)n;
        occ_add(d, o->name.name, o->name.span, NS_NAME, true, ND_OBJECTIVE, o);
        occ_ident(d, o->persp, NS_PERSP);
        occ_ident(d, o->aligns, NS_NAME);
        occ_expr(d, o->weight);
        for (int j = 0; j < o->nkrs; j++) if (o->krs[j]) occ_kr(d, o->krs[j]);
        for (int j = 0; j < o->nkpis; j++) if (o->kpis[j]) occ_kr(d, o->kpis[j]);
        break;
      }
      case ND_KR: case ND_KPI: occ_kr(d, (KR *)n); break;
      case ND_LINK: {
        Link *l = (Link *)n;
        occ_ident(d, l->from, NS_NAME);
        occ_ident(d, l->to, NS_NAME);
        occ_expr(d, l->strength);
        break;
      }
      case ND_INITIATIVE: {
        Initiative *in = (Initiative *)n;
        occ_add(d, in->name.name, in->name.span, NS_NAME, true, ND_INITIATIVE, in);
        occ_expr(d, in->cost);
        for (int j = 0; j < in->nsupports; j++) occ_ident(d, in->supports[j], NS_NAME);
        for (int j = 0; j < in->neffects; j++) {
          occ_ident(d, in->effects[j].kr, NS_NAME);
          occ_expr(d, in->effects[j].by);
        }
        break;
      }
      case ND_ACTUALS: {
        Actuals *a = (Actuals *)n;
        for (int j = 0; j < a->nitems; j++) {
          occ_ident(d, a->items[j].kr, NS_NAME);
          occ_expr(d, a->items[j].value);
        }
        break;
      }
      case ND_THEME: {
        Theme *th = (Theme *)n;
        occ_add(d, th->name.name, th->name.span, NS_NAME, true, ND_THEME, th);
        for (int j = 0; j < th->nitems; j++) {
          occ_ident(d, th->items[j].obj, NS_NAME);
          occ_expr(d, th->items[j].weight);
        }
        break;
      }
      }
    }
  }
}

/* The occurrence under byte offset off of the main file (a cursor right
 * after a name still counts). */
Occ *occ_at(Doc *d, uint32_t off) {
  Occ *best = NULL;
  for (int i = 0; i < d->nocc; i++) {
    Occ *o = &d->occ[i];
    if (o->span.file != d->file || off < o->span.off || off > o->span.end) continue;
    if (!best || (off < o->span.end && best->span.end == off)) best = o;
  }
  return best;
}

/* Names are interned: a definition is found by its pointer and namespace,
 * in a hash built once per analysis (a linear search made the outline,
 * tokens and hints of a 10,000-objective file quadratic). */
static size_t def_hash(const char *name, int ns) {
  return ((size_t)(uintptr_t)name >> 3) * 0x9E3779B97F4A7C15ull + (size_t)ns;
}

Occ *occ_def(Doc *d, const char *name, int ns) {
  if (!d->defs) {
    int n = 16;
    while (n < 2 * d->nocc) n *= 2;
    d->ndefs = n;
    d->defs = bsc_malloc(sizeof(int) * (size_t)n);
    for (int i = 0; i < n; i++) d->defs[i] = -1;
    for (int i = 0; i < d->nocc; i++) {
      Occ *o = &d->occ[i];
      if (!o->def) continue;
      size_t h = def_hash(o->name, o->ns) & (size_t)(n - 1);
      bool dup = false;
      for (; d->defs[h] >= 0; h = (h + 1) & (size_t)(n - 1))
        if (d->occ[d->defs[h]].name == o->name && d->occ[d->defs[h]].ns == o->ns) { dup = true; break; }
      if (!dup) d->defs[h] = i;            /* the first definition wins, as before */
    }
  }
  for (size_t h = def_hash(name, ns) & (size_t)(d->ndefs - 1); d->defs[h] >= 0; h = (h + 1) & (size_t)(d->ndefs - 1))
    if (d->occ[d->defs[h]].name == name && d->occ[d->defs[h]].ns == ns) return &d->occ[d->defs[h]];
  return NULL;
}

bool is_builtin(Doc *d, int file) {
  const Source *s = diag_source(d->de, file);
  return !s || s->builtin;
}

/* ---- definition, references ---------------------------------------------- */

bool h_definition(Server *S, json_t *params, json_t **res, RpcErr *e) {
  uint32_t off;
  Doc *d = param_pos(S, params, &off, e);
  if (!d) return false;
  Occ *o = occ_at(d, off);
  *res = json_null();
  if (!o) return true;
  if (o->ns == NS_FILE) {
    char *uri = file_uri(S, d, o->file);
    if (uri) {
      json_decref(*res);
      *res = json_pack("{s:s,s:{s:{s:i,s:i},s:{s:i,s:i}}}", "uri", uri, "range", "start", "line", 0,
                       "character", 0, "end", "line", 0, "character", 0);
      free(uri);
    }
    return true;
  }
  Occ *def = occ_def(d, o->name, o->ns);
  if (!def || is_builtin(d, def->span.file)) return true;
  json_t *loc = location(S, d, def->span);
  if (loc) { json_decref(*res); *res = loc; }
  return true;
}

/* Is x an occurrence (outside the prelude) of the symbol o names? */
static bool same_symbol(Doc *d, const Occ *o, const Occ *x) {
  return x->name == o->name && x->ns == o->ns && !is_builtin(d, x->span.file);
}

bool h_references(Server *S, json_t *params, json_t **res, RpcErr *e) {
  uint32_t off;
  Doc *d = param_pos(S, params, &off, e);
  if (!d) return false;
  json_t *ctx = json_object_get(params, "context");
  bool decl = json_is_true(json_object_get(ctx, "includeDeclaration"));
  Occ *o = occ_at(d, off);
  *res = json_array();
  if (!o || o->ns == NS_FILE) return true;
  for (int i = 0; i < d->nocc; i++) {
    Occ *x = &d->occ[i];
    if (!same_symbol(d, o, x) || (x->def && !decl)) continue;
    json_t *loc = location(S, d, x->span);
    if (loc) json_array_append_new(*res, loc);
  }
  return true;
}

/* textDocument/documentHighlight: the occurrences in this document of the
 * name under the cursor; its definition is a Write (3), the others Read (2). */
bool h_highlight(Server *S, json_t *params, json_t **res, RpcErr *e) {
  uint32_t off;
  Doc *d = param_pos(S, params, &off, e);
  if (!d) return false;
  Occ *o = occ_at(d, off);
  *res = json_array();
  if (!o || o->ns == NS_FILE) return true;
  for (int i = 0; i < d->nocc; i++) {
    Occ *x = &d->occ[i];
    if (!same_symbol(d, o, x) || x->span.file != d->file) continue;
    json_array_append_new(*res, json_pack("{s:o,s:i}", "range", jrange(&d->lines, x->span.off, x->span.end),
                                          "kind", x->def ? 3 : 2));
  }
  return true;
}

/* ---- rename --------------------------------------------------------------- */

static const char *const keywords[] = {
  "import", "strategy", "horizon", "cadence", "perspectives", "perspective", "rank", "unit",
  "objective", "in", "owner", "team", "individual", "level", "company", "aligns", "committed",
  "aspirational", "compensation", "kr", "kpi", "by", "weight", "increase", "decrease", "from",
  "warn", "initiative", "cost", "affects", "relative", "supports", "lag", "strength", "actuals",
  "thresholds", "limit", "true", "false", "forecast", "plan", "starts", "during", "every", "carry", "per",
  "close", "contributes", "feeds", "cascade", "theme", "scored", "context", "maintain", "benchmark", "breakdown", NULL,
};

static bool is_keyword(const char *s) {
  for (int i = 0; keywords[i]; i++) if (!strcmp(keywords[i], s)) return true;
  return false;
}

/* Is s one identifier, as the lexer reads it?  Checked with the lexer
 * itself: `objective s {}` must parse cleanly with s as the name. */
static bool valid_name(const char *s) {
  size_t n = strlen(s);
  if (!n || n > 200 || is_keyword(s)) return false;
  for (size_t i = 0; i < n; i++)
    if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' || s[i] == '"' || s[i] == '/') return false;
  DiagEngine de;
  diag_init(&de);
  Program p;
  program_init(&p, &de);
  Buf b; buf_init(&b);
  buf_printf(&b, "objective %s {\n}\n", s);
  int f = diag_add_source(&de, "<name>", buf_steal(&b), n + 15, false);
  AstFile *af = parse_source(&p, f);
  bool ok = de.nerrors == 0 && af->ndecls == 1 && af->decls[0]->kind == ND_OBJECTIVE &&
            ((Objective *)af->decls[0])->name.name && !strcmp(((Objective *)af->decls[0])->name.name, s);
  program_free(&p);
  diag_free(&de);
  return ok;
}

static Occ *rename_target(Doc *d, uint32_t off, RpcErr *e) {
  Occ *o = occ_at(d, off);
  if (!o || o->ns == NS_FILE) { fail(e, RPC_REQUEST_FAILED, "there is no name to rename here"); return NULL; }
  Occ *def = occ_def(d, o->name, o->ns);
  if (def && is_builtin(d, def->span.file)) {
    fail(e, RPC_REQUEST_FAILED, "`%s` is defined in the standard prelude and cannot be renamed", o->name);
    return NULL;
  }
  if (o->ns == NS_UNIT && (!strcmp(o->name, "%") || !def)) {
    fail(e, RPC_REQUEST_FAILED, "`%s` is a built-in unit and cannot be renamed", o->name);
    return NULL;
  }
  return o;
}

bool h_prepare_rename(Server *S, json_t *params, json_t **res, RpcErr *e) {
  uint32_t off;
  Doc *d = param_pos(S, params, &off, e);
  if (!d) return false;
  Occ *o = rename_target(d, off, e);
  if (!o) return false;
  *res = json_pack("{s:o,s:s}", "range", jrange(&d->lines, o->span.off, o->span.end), "placeholder", o->name);
  return true;
}

bool h_rename(Server *S, json_t *params, json_t **res, RpcErr *e) {
  uint32_t off;
  Doc *d = param_pos(S, params, &off, e);
  if (!d) return false;
  const char *nn = jstr(params, "newName");
  if (!nn) return fail(e, RPC_INVALID_PARAMS, "missing newName");
  Occ *o = rename_target(d, off, e);
  if (!o) return false;
  if (!valid_name(nn))
    return fail(e, RPC_REQUEST_FAILED, "`%s` is not a valid name%s", nn,
                is_keyword(nn) ? " (it is a keyword)" : "");
  for (int i = 0; i < d->nocc; i++)
    if (d->occ[i].def && d->occ[i].ns == o->ns && !strcmp(d->occ[i].name, nn) && strcmp(nn, o->name))
      return fail(e, RPC_REQUEST_FAILED, "`%s` is already defined", nn);
  json_t *changes = json_object();
  for (int i = 0; i < d->nocc; i++) {
    Occ *x = &d->occ[i];
    if (x->name != o->name || x->ns != o->ns || is_builtin(d, x->span.file)) continue;
    char *uri = file_uri(S, d, x->span.file);
    if (!uri) continue;
    json_t *list = json_object_get(changes, uri);
    if (!list) { list = json_array(); json_object_set_new(changes, uri, list); }
    json_array_append_new(list, json_pack("{s:o,s:s}", "range", jrange(src_lines(d, x->span.file), x->span.off, x->span.end),
                                          "newText", nn));
    free(uri);
  }
  *res = json_pack("{s:o}", "changes", changes);
  return true;
}

/* ---- document symbols ---------------------------------------------------- */

enum { SK_FILE = 1, SK_MODULE = 2, SK_NAMESPACE = 3, SK_CLASS = 5, SK_PROPERTY = 7, SK_FIELD = 8,
       SK_ENUM = 10, SK_VARIABLE = 13, SK_CONSTANT = 14, SK_ARRAY = 18, SK_ENUM_MEMBER = 22,
       SK_EVENT = 24, SK_OPERATOR = 25, SK_TYPE_PARAMETER = 26 };

/* The outline is written as JSON text straight into a buffer (jw_*):
 * tens of thousands of symbols as jansson objects cost a second in
 * allocation, dumping and freeing; the text costs milliseconds. */
static void sym_open(Buf *b, Doc *d, const char *name, const char *detail, int kind, Span range, Span sel) {
  if (sel.off < range.off || sel.end > range.end) sel = range;
  if (b->len && b->data[b->len - 1] == '}') buf_putc(b, ',');
  buf_puts(b, "{\"name\":");
  if (name && *name) jw_str(b, name, strlen(name)); else buf_puts(b, "\"?\"");
  buf_printf(b, ",\"kind\":%d,\"range\":", kind);
  jw_range(b, &d->lines, range.off, range.end);
  buf_puts(b, ",\"selectionRange\":");
  jw_range(b, &d->lines, sel.off, sel.end);
  if (detail) { buf_puts(b, ",\"detail\":"); jw_str(b, detail, strlen(detail)); }
}

static void symbol(Buf *b, Doc *d, const char *name, const char *detail, int kind, Span range, Span sel) {
  sym_open(b, d, name, detail, kind, range, sel);
  buf_putc(b, '}');
}

static void kids_open(Buf *b) { buf_puts(b, ",\"children\":["); }
static void kids_close(Buf *b) { buf_puts(b, "]}"); }

/* A declaration that has a name: the whole declaration is its range, the
 * name its selection. */
static void named(Buf *b, Doc *d, Node *n, Ident name, const char *detail, int kind) {
  symbol(b, d, name.name, detail, kind, n->span, name.span);
}

static void kr_symbol(Buf *b, Doc *d, KR *k) {
  named(b, d, &k->h, k->name, k->title.text, k->h.kind == ND_KPI ? SK_PROPERTY : SK_FIELD);
}

AstFile *doc_ast(Doc *d) {
  for (int i = 0; i < d->p->nfiles; i++)
    if (d->p->files[i] && d->p->files[i]->file == d->file) return d->p->files[i];
  return NULL;
}

static void decl_symbol(Buf *b, Doc *d, Node *n) {
  switch (n->kind) {
  case ND_IMPORT: {
    Import *im = (Import *)n;
    symbol(b, d, im->path.text, "import", SK_FILE, n->span, im->path.span);
    break;
  }
  case ND_STRATEGY: {
    Strategy *st = (Strategy *)n;
    sym_open(b, d, st->title.text ? st->title.text : "strategy", "strategy", SK_NAMESPACE, n->span, st->title.span);
    kids_open(b);
    for (int j = 0; j < st->nweights; j++) {
      Buf w; buf_init(&w);
      put_src(&w, d, st->weights[j].weight->span);
      symbol(b, d, st->weights[j].persp.name, w.data, SK_ENUM_MEMBER, st->weights[j].span, st->weights[j].persp.span);
      buf_free(&w);
    }
    kids_close(b);
    break;
  }
  case ND_PERSPECTIVE: named(b, d, n, ((Perspective *)n)->name, ((Perspective *)n)->title.text, SK_ENUM); break;
  case ND_UNIT: named(b, d, n, ((UnitDecl *)n)->name, "unit", SK_TYPE_PARAMETER); break;
  case ND_OBJECTIVE: {
    Objective *o = (Objective *)n;
    sym_open(b, d, o->name.name, o->title.text, SK_CLASS, n->span, o->name.span);
    kids_open(b);
    for (int j = 0; j < o->nkrs; j++) if (o->krs[j]) kr_symbol(b, d, o->krs[j]);
    for (int j = 0; j < o->nkpis; j++) if (o->kpis[j]) kr_symbol(b, d, o->kpis[j]);
    kids_close(b);
    break;
  }
  case ND_KR: case ND_KPI: kr_symbol(b, d, (KR *)n); break;
  case ND_LINK: {
    Link *l = (Link *)n;
    char name[512];
    snprintf(name, sizeof name, "%s -> %s", l->from.name ? l->from.name : "?", l->to.name ? l->to.name : "?");
    symbol(b, d, name, "causal link", SK_OPERATOR, n->span, n->span);
    break;
  }
  case ND_INITIATIVE: named(b, d, n, ((Initiative *)n)->name, ((Initiative *)n)->title.text, SK_EVENT); break;
  case ND_ACTUALS: {
    Actuals *a = (Actuals *)n;
    char name[64];
    snprintf(name, sizeof name, "actuals %s", ast_period_str(&d->p->arena, a->period));
    sym_open(b, d, name, "check-ins", SK_ARRAY, n->span, a->period.span);
    kids_open(b);
    for (int j = 0; j < a->nitems; j++) {
      Buf v; buf_init(&v);
      if (a->items[j].value) put_src(&v, d, a->items[j].value->span);
      symbol(b, d, a->items[j].kr.name, v.data, SK_VARIABLE, a->items[j].span, a->items[j].kr.span);
      buf_free(&v);
    }
    kids_close(b);
    break;
  }
  case ND_THEME: {
    Theme *th = (Theme *)n;
    named(b, d, n, th->name, th->title.text ? th->title.text : "theme", SK_NAMESPACE);
    break;
  }
  }
}

bool h_symbols(Server *S, json_t *params, json_t **res, RpcErr *e) {
  Doc *d = param_doc(S, params, e);
  if (!d) return false;
  doc_symbols(raw_result(S), d);
  return true;
}

void doc_symbols(Buf *b, Doc *d) {
  AstFile *f = doc_ast(d);
  buf_putc(b, '[');
  for (int i = 0; f && i < f->ndecls; i++)
    if (f->decls[i]) decl_symbol(b, d, f->decls[i]);
  buf_putc(b, ']');
}

/* ---- workspace symbols ----------------------------------------------------- */

#define LSP_MAX_WS_SYMBOLS 200

static bool contains_ci(const char *s, const char *q) {
  size_t n = strlen(q);
  if (!n) return true;
  for (; *s; s++) if (starts_with(s, q, n)) return true;
  return false;
}

static int def_symbol_kind(int dkind) {
  switch (dkind) {
  case ND_OBJECTIVE: return SK_CLASS;
  case ND_KR: return SK_FIELD;
  case ND_KPI: return SK_PROPERTY;
  case ND_INITIATIVE: return SK_EVENT;
  case ND_PERSPECTIVE: return SK_ENUM;
  case ND_UNIT: return SK_TYPE_PARAMETER;
  }
  return SK_VARIABLE;
}

/* workspace/symbol: the definitions (objectives, KRs, KPIs, initiatives,
 * perspectives, units) of every open document's program whose name
 * contains the query (case-insensitively), each once, at most 200. */
bool h_ws_symbols(Server *S, json_t *params, json_t **res, RpcErr *e) {
  const char *q = jstr(params, "query");
  if (!q) q = "";
  *res = json_array();
  json_t *seen = json_object();
  for (int di = 0; di < S->ndocs; di++) {
    Doc *d = S->docs[di];
    if (!d->analysed) analyse(S, d);
    if (!d->occ_built) { collect_occ(d); d->occ_built = true; }
    for (int i = 0; i < d->nocc && json_array_size(*res) < LSP_MAX_WS_SYMBOLS; i++) {
      Occ *o = &d->occ[i];
      if (!o->def || is_builtin(d, o->span.file) || !contains_ci(o->name, q)) continue;
      const Source *src = diag_source(d->de, o->span.file);
      char key[PATH_MAX + 64];
      snprintf(key, sizeof key, "%s:%u", src->path, o->span.off);
      if (json_object_get(seen, key)) continue;
      json_object_set_new(seen, key, json_true());
      json_t *loc = location(S, d, o->span);
      if (!loc) continue;
      json_t *sym = json_pack("{s:s,s:i,s:o}", "name", o->name, "kind", def_symbol_kind(o->dkind), "location", loc);
      if ((o->dkind == ND_KR || o->dkind == ND_KPI) && ((KR *)o->decl)->obj)
        json_object_set_new(sym, "containerName", json_string(((KR *)o->decl)->obj->name.name));
      json_array_append_new(*res, sym);
    }
  }
  json_decref(seen);
  return true;
}
