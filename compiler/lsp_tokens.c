/*
 * lsp_tokens.c - the document's structure for the client's display:
 * semantic tokens (full and delta) and folding ranges.
 */
#include "lsp_int.h"

/* ---- semantic tokens --------------------------------------------------------- */

/* The legend: names classified by what they name, which a grammar cannot
 * know (an objective, a KR and a perspective look alike in `a -> b`). */
static const char *const tok_types[] = { "class", "property", "variable", "event", "enumMember", "type", "string", NULL };
static const char *const tok_mods[] = { "declaration", "defaultLibrary", NULL };
enum { TT_OBJECTIVE, TT_KR, TT_KPI, TT_INITIATIVE, TT_PERSPECTIVE, TT_UNIT, TT_IMPORT };

static int tok_type(Doc *d, const Occ *o) {
  if (o->ns == NS_FILE) return TT_IMPORT;
  const Occ *def = o->def ? o : occ_def(d, o->name, o->ns);
  if (!def) return -1;
  switch (def->dkind) {
  case ND_OBJECTIVE: return TT_OBJECTIVE;
  case ND_KR: return TT_KR;
  case ND_KPI: return TT_KPI;
  case ND_INITIATIVE: return TT_INITIATIVE;
  case ND_PERSPECTIVE: return TT_PERSPECTIVE;
  case ND_UNIT: return TT_UNIT;
  }
  return -1;
}

static int occ_cmp(const void *a, const void *b) {
  const Occ *x = *(const Occ *const *)a, *y = *(const Occ *const *)b;
  return x->span.off < y->span.off ? -1 : x->span.off > y->span.off;
}

/* The encoded tokens of d (5 integers each, relative positions), malloc'd. */
static int *sem_tokens(Doc *d, int *n) {
  Occ **v = bsc_malloc(sizeof(Occ *) * ((size_t)d->nocc + 1));
  int k = 0;
  for (int i = 0; i < d->nocc; i++)
    if (d->occ[i].span.file == d->file && d->occ[i].span.end > d->occ[i].span.off) v[k++] = &d->occ[i];
  qsort(v, (size_t)k, sizeof *v, occ_cmp);
  int *t = bsc_malloc(sizeof(int) * 5 * ((size_t)k + 1));
  int m = 0, pl = 0, pc = 0;
  uint32_t last = UINT32_MAX;
  for (int i = 0; i < k; i++) {
    int ty = tok_type(d, v[i]);
    if (ty < 0 || v[i]->span.off == last) continue;
    int l0, c0, l1, c1;
    off_to_pos(&d->lines, v[i]->span.off, &l0, &c0);
    off_to_pos(&d->lines, v[i]->span.end, &l1, &c1);
    if (l1 != l0) continue;
    const Occ *def = v[i]->def ? v[i] : occ_def(d, v[i]->name, v[i]->ns);
    int mods = (v[i]->def ? 1 : 0) | (def && v[i]->ns != NS_FILE && is_builtin(d, def->span.file) ? 2 : 0);
    t[m++] = l0 - pl;
    t[m++] = l0 == pl ? c0 - pc : c0;
    t[m++] = c1 - c0;
    t[m++] = ty;
    t[m++] = mods;
    pl = l0;
    pc = c0;
    last = v[i]->span.off;
  }
  free(v);
  *n = m;
  return t;
}

static void jw_ints(Buf *b, const int *v, int n) {
  buf_putc(b, '[');
  for (int i = 0; i < n; i++) {
    if (i) buf_putc(b, ',');
    jw_int(b, v[i]);
  }
  buf_putc(b, ']');
}

/* textDocument/semanticTokens/full and .../full/delta: the delta against
 * the last answer (previousResultId) is one edit, the span between the
 * common head and the common tail of the two arrays. */
static bool sem_answer(Server *S, json_t *params, bool delta, RpcErr *e) {
  Doc *d = param_doc(S, params, e);
  if (!d) return false;
  int n;
  int *t = sem_tokens(d, &n);
  const char *prev = jstr(params, "previousResultId");
  char id[32];
  bool have_prev = delta && prev && d->tok && (snprintf(id, sizeof id, "%d", d->tok_id), !strcmp(prev, id));
  S->tok_seq++;
  Buf *b = raw_result(S);
  buf_printf(b, "{\"resultId\":\"%d\",", S->tok_seq);
  if (have_prev) {
    int h = 0, tl = 0;
    while (h < n && h < d->ntok && t[h] == d->tok[h]) h++;
    while (tl < n - h && tl < d->ntok - h && t[n - 1 - tl] == d->tok[d->ntok - 1 - tl]) tl++;
    buf_puts(b, "\"edits\":[");
    if (h < n - tl || h < d->ntok - tl) {
      buf_printf(b, "{\"start\":%d,\"deleteCount\":%d,\"data\":", h, d->ntok - tl - h);
      jw_ints(b, t + h, n - tl - h);
      buf_putc(b, '}');
    }
    buf_puts(b, "]}");
  } else {
    buf_puts(b, "\"data\":");
    jw_ints(b, t, n);
    buf_putc(b, '}');
  }
  free(d->tok);
  d->tok = t;
  d->ntok = n;
  d->tok_id = S->tok_seq;
  return true;
}

bool h_sem_full(Server *S, json_t *params, json_t **res, RpcErr *e) { return sem_answer(S, params, false, e); }
bool h_sem_delta(Server *S, json_t *params, json_t **res, RpcErr *e) { return sem_answer(S, params, true, e); }

/* ---- folding ranges -------------------------------------------------------- */

/* A folding range over the lines of [off, end), when that is two lines or more. */
static void fold(json_t *out, const Lines *l, uint32_t off, uint32_t end, const char *kind) {
  int l0, l1, ch;
  off_to_pos(l, off, &l0, &ch);
  off_to_pos(l, end > off ? end - 1 : off, &l1, &ch);
  if (l1 <= l0) return;
  json_t *r = json_pack("{s:i,s:i}", "startLine", l0, "endLine", l1);
  if (kind) json_object_set_new(r, "kind", json_string(kind));
  json_array_append_new(out, r);
}

/* textDocument/foldingRange: every declaration of the document that spans
 * lines (objectives, initiatives, the strategy, actuals blocks ...), and
 * block comments. */
bool h_folding(Server *S, json_t *params, json_t **res, RpcErr *e) {
  Doc *d = param_doc(S, params, e);
  if (!d) return false;
  *res = json_array();
  for (int i = 0; i < d->p->nfiles; i++) {
    const AstFile *f = d->p->files[i];
    if (!f || f->file != d->file) continue;
    for (int j = 0; j < f->ndecls; j++) fold(*res, &d->lines, f->decls[j]->span.off, f->decls[j]->span.end, NULL);
    for (int j = 0; j < f->ncomments; j++)
      if (f->comments[j].block) fold(*res, &d->lines, f->comments[j].span.off, f->comments[j].span.end, "comment");
  }
  return true;
}

/* The legend of initialize's semanticTokensProvider: the names of the
 * token types and modifiers the numbers of sem_tokens index. */
json_t *sem_legend(void) {
  json_t *types = json_array(), *mods = json_array();
  for (int i = 0; tok_types[i]; i++) json_array_append_new(types, json_string(tok_types[i]));
  for (int i = 0; tok_mods[i]; i++) json_array_append_new(mods, json_string(tok_mods[i]));
  return json_pack("{s:o,s:o}", "tokenTypes", types, "tokenModifiers", mods);
}
