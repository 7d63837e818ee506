/*
 * lsp_chunk.c - the incremental parse of an open document (docs/lsp.md,
 * how the analysis is incremental).
 *
 * The document's text is cut into chunks at its top-level declarations
 * (chunk_scan, lsp_scan.c).  Each chunk is parsed alone (parse_range) into
 * a generation: the arenas of the chunks parsed by one analysis.  On the
 * next change, a chunk whose text lies wholly before the edit is kept as
 * it is, one wholly after it is kept with its spans shifted by the edit's
 * change of length, and only the others are parsed again.  The main
 * file's AstFile of the new program is then the kept and the new chunks'
 * declarations in order: the loader asks for it (LoadOptions.parse), and
 * the checker runs over it as over a full parse.
 *
 * Two things make a kept node differ from a freshly parsed one, and both
 * are undone before it is used again:
 *   - the checker writes its results into the nodes (resolved names,
 *     indexes, values): each generation's arenas are copied right after
 *     the parse (arena_snap) and written back before the next check;
 *   - spans are byte offsets of the whole text: a chunk after the edit is
 *     walked and each of its spans moved (chunk_shift).
 * Names are interned in the cache's own interner, which every program of
 * this document then uses, so that kept names compare equal by pointer.
 *
 * The result must be the full parse's, exactly: when the scan is unsure
 * or any chunk has a syntax error (error recovery may read past a
 * declaration's end, and a file's fatal error stops its parse), the
 * loader parses the whole text instead.  tests/unit/test_lspincr.c
 * compares the two after thousands of random edits.
 */
#include "lsp_int.h"

typedef struct Gen {
  Program p;                 /* only its arenas are used; in: the cache's interner */
  ArenaSnap *snap[3];        /* p.arena, p.kr_arena, p.expr_arena as parsed */
  int live;                  /* chunks of the cache parsed into it */
  int parsed;                /* chunks ever parsed into it */
  bool dirty;                /* a check may have written into it since the snapshot */
  bool doomed;               /* being compacted: its chunks are parsed again */
  unsigned epoch;            /* the parse that last restored it */
} Gen;

typedef struct Chunk {
  uint32_t off, end;         /* in the cache's text */
  uint32_t at;               /* the offset the snapshot's spans have */
  uint32_t cur;              /* the offset the live nodes' spans have */
  Gen *gen;                  /* NULL: not parsed (a syntax error in it) */
  Node **decls; int ndecls;
  Comment *comments; int ncomments;
} Chunk;

struct ChunkCache {
  Arena arena;               /* the interner's strings */
  Interner *in;
  char *text; size_t len;    /* the text the chunks were cut from */
  int file;                  /* the source index their spans name */
  Chunk *c; int n;
  Gen **gens; int ngens;
  Gen **dead; int ndead;     /* no chunk left: freed at the next parse, when the
                                analysis that may still point into them is gone */
  unsigned epoch;
  ChunkStats st;
};

ChunkCache *chunks_new(void) {
  ChunkCache *cc = bsc_calloc(1, sizeof *cc);
  arena_init(&cc->arena);
  cc->in = intern_new(&cc->arena);
  cc->file = -1;
  return cc;
}

Interner *chunks_interner(ChunkCache *cc) { return cc->in; }
const ChunkStats *chunks_stats(const ChunkCache *cc) { return &cc->st; }

static void gen_free(Gen *g) {
  for (int i = 0; i < 3; i++) arena_snap_free(g->snap[i]);
  arena_free(&g->p.arena);
  arena_free(&g->p.kr_arena);
  arena_free(&g->p.expr_arena);
  free(g);
}

static void free_dead(ChunkCache *cc) {
  for (int i = 0; i < cc->ndead; i++) gen_free(cc->dead[i]);
  free(cc->dead);
  cc->dead = NULL;
  cc->ndead = 0;
}

void chunks_free(ChunkCache *cc) {
  if (!cc) return;
  free_dead(cc);
  for (int i = 0; i < cc->ngens; i++) gen_free(cc->gens[i]);
  free(cc->gens);
  free(cc->c);
  free(cc->text);
  arena_free(&cc->arena);
  free(cc);
}

/* ---- moving a chunk's spans ---------------------------------------------- */

typedef struct Shift { int file; int64_t d; } Shift;

/* Spans of other files (none: the parser's absent spans are zero, file
 * 0, the prelude) stay. */
static void sh_span(const Shift *s, Span *sp) {
  if (sp->file != s->file) return;
  sp->off = (uint32_t)(sp->off + s->d);
  sp->end = (uint32_t)(sp->end + s->d);
}
static void sh_id(const Shift *s, Ident *x) { sh_span(s, &x->span); }
static void sh_str(const Shift *s, Str *x) { sh_span(s, &x->span); }
static void sh_period(const Shift *s, Period *x) { sh_span(s, &x->span); }
static void sh_lag(const Shift *s, Lag *x) { sh_span(s, &x->span); }
static void sh_per(const Shift *s, UnitPer *u) {
  sh_id(s, &u->unit);
  sh_span(s, &u->n_span);
  sh_span(s, &u->span);
}

static void sh_expr(const Shift *s, Expr *e) {
  if (!e) return;
  sh_span(s, &e->span);
  sh_id(s, &e->unit);
  sh_id(s, &e->ref);
  sh_expr(s, e->lhs);
  sh_expr(s, e->rhs);
  for (int i = 0; i < e->nargs; i++) sh_expr(s, e->args[i]);
  if (e->per) sh_per(s, e->per);
}

static void sh_unitref(const Shift *s, UnitRef *u) {
  sh_id(s, &u->name);
  sh_id(s, &u->code);
  sh_per(s, &u->per);
  sh_span(s, &u->span);
}

static void sh_points(const Shift *s, PlanPoint *pt, int n) {
  for (int i = 0; i < n; i++) {
    sh_period(s, &pt[i].at);
    sh_expr(s, pt[i].value);
    sh_span(s, &pt[i].span);
  }
}

static void sh_kr(const Shift *s, KR *k) {
  sh_span(s, &k->h.span);
  sh_id(s, &k->name);
  sh_str(s, &k->title);
  sh_unitref(s, &k->unit);
  sh_span(s, &k->spec_span);
  sh_expr(s, k->baseline);
  sh_expr(s, k->target);
  sh_expr(s, k->warn);
  sh_id(s, &k->growth_per);
  sh_span(s, &k->growth_span);
  sh_expr(s, k->formula);
  sh_expr(s, k->forecast);
  sh_period(s, &k->due);
  sh_period(s, &k->starts);
  sh_span(s, &k->every_span);
  sh_lag(s, &k->carry);
  sh_points(s, k->plan, k->nplan);
  sh_span(s, &k->plan_span);
  sh_expr(s, k->weight);
  sh_span(s, &k->commit_span);
  sh_span(s, &k->dir_span);
  sh_span(s, &k->comp_span);
  sh_str(s, &k->owner);
  sh_id(s, &k->persp);
  for (int i = 0; i < k->nfeeds; i++) {
    sh_id(s, &k->feeds[i].to);
    sh_expr(s, k->feeds[i].weight);
    sh_span(s, &k->feeds[i].span);
  }
  sh_span(s, &k->feeds_span);
  sh_id(s, &k->cascade);
  sh_span(s, &k->mode_span);
  for (int i = 0; i < k->nmitems; i++) {
    ModeItem *m = &k->mitems[i];
    sh_id(s, &m->word);
    sh_expr(s, m->a);
    sh_expr(s, m->b);
    sh_span(s, &m->span);
  }
  sh_span(s, &k->maintain_span);
  sh_str(s, &k->bench_label);
  sh_expr(s, k->bench);
  sh_points(s, k->bench_pts, k->nbench);
  sh_span(s, &k->bench_span);
  sh_expr(s, k->margin);
  if (k->bd) {
    Breakdown *b = k->bd;
    sh_id(s, &b->dim);
    sh_id(s, &b->rule);
    for (int i = 0; i < b->n; i++) {
      sh_id(s, &b->members[i].name);
      sh_expr(s, b->members[i].weight);
      sh_span(s, &b->members[i].span);
    }
    sh_span(s, &b->span);
  }
}

static void sh_strategy(const Shift *s, Strategy *g) {
  sh_str(s, &g->title);
  sh_period(s, &g->from);
  sh_period(s, &g->to);
  sh_span(s, &g->horizon_span);
  sh_id(s, &g->cadence);
  for (int i = 0; i < g->nweights; i++) {
    sh_id(s, &g->weights[i].persp);
    sh_expr(s, g->weights[i].weight);
    sh_span(s, &g->weights[i].span);
  }
  sh_span(s, &g->persp_span);
  sh_expr(s, g->green);
  sh_expr(s, g->yellow);
  for (int i = 0; i < LIMIT_COUNT; i++) {
    sh_expr(s, g->limits[i]);
    sh_span(s, &g->limit_spans[i]);
  }
  sh_id(s, &g->fiscal_month);
  sh_span(s, &g->fiscal_span);
  sh_str(s, &g->store);
  sh_span(s, &g->store_span);
}

static void sh_objective(const Shift *s, Objective *o) {
  sh_id(s, &o->name);
  sh_str(s, &o->title);
  sh_id(s, &o->persp);
  sh_str(s, &o->owner);
  sh_span(s, &o->level_span);
  sh_str(s, &o->group);
  sh_id(s, &o->aligns);
  for (int i = 0; i < o->nparents; i++) {
    sh_id(s, &o->parents[i].to);
    sh_expr(s, o->parents[i].weight);
    sh_span(s, &o->parents[i].span);
  }
  sh_span(s, &o->commit_span);
  sh_span(s, &o->comp_span);
  sh_expr(s, o->weight);
  sh_period(s, &o->starts);
  for (int i = 0; i < o->nkrs; i++) sh_kr(s, o->krs[i]);
  for (int i = 0; i < o->nkpis; i++) sh_kr(s, o->kpis[i]);
}

static void sh_initiative(const Shift *s, Initiative *n) {
  sh_id(s, &n->name);
  sh_str(s, &n->title);
  sh_str(s, &n->owner);
  sh_expr(s, n->cost);
  sh_expr(s, n->cost_forecast);
  for (int i = 0; i < n->nsupports; i++) sh_id(s, &n->supports[i]);
  for (int i = 0; i < n->neffects; i++) {
    Effect *e = &n->effects[i];
    sh_id(s, &e->kr);
    sh_expr(s, e->by);
    sh_lag(s, &e->lag);
    sh_span(s, &e->span);
  }
  for (int i = 0; i < n->nlevels; i++) {
    FundLevel *l = &n->levels[i];
    sh_expr(s, l->at);
    sh_expr(s, l->cost);
    sh_expr(s, l->by);
    sh_span(s, &l->span);
  }
  sh_id(s, &n->status_word);
  for (int i = 0; i < n->nmilestones; i++) {
    Milestone *m = &n->milestones[i];
    sh_id(s, &m->name);
    sh_str(s, &m->title);
    sh_period(s, &m->due);
    sh_expr(s, m->weight);
    sh_span(s, &m->span);
  }
  sh_expr(s, n->spent);
  sh_expr(s, n->complete);
}

static void sh_decl(const Shift *s, Node *n) {
  switch (n->kind) {
  case ND_IMPORT: sh_str(s, &((Import *)n)->path); break;
  case ND_STRATEGY: sh_strategy(s, (Strategy *)n); break;
  case ND_PERSPECTIVE: {
    Perspective *p = (Perspective *)n;
    sh_id(s, &p->name);
    sh_str(s, &p->title);
    sh_expr(s, p->rank);
    break;
  }
  case ND_UNIT: {
    UnitDecl *u = (UnitDecl *)n;
    sh_id(s, &u->name);
    sh_expr(s, u->factor);
    sh_id(s, &u->base);
    sh_per(s, &u->per);
    break;
  }
  case ND_OBJECTIVE: sh_objective(s, (Objective *)n); break;
  case ND_KR: case ND_KPI: sh_kr(s, (KR *)n); return;   /* its header too */
  case ND_LINK: {
    Link *l = (Link *)n;
    sh_id(s, &l->from);
    sh_id(s, &l->to);
    sh_expr(s, l->strength);
    sh_lag(s, &l->lag);
    break;
  }
  case ND_INITIATIVE: sh_initiative(s, (Initiative *)n); break;
  case ND_ACTUALS: {
    Actuals *a = (Actuals *)n;
    sh_period(s, &a->period);
    for (int i = 0; i < a->nitems; i++) {
      Checkin *c = &a->items[i];
      sh_id(s, &c->kr);
      sh_id(s, &c->member);
      sh_expr(s, c->value);
      sh_span(s, &c->carry_span);
      sh_span(s, &c->span);
    }
    break;
  }
  case ND_THEME: {
    Theme *t = (Theme *)n;
    sh_id(s, &t->name);
    sh_str(s, &t->title);
    sh_str(s, &t->owner);
    for (int i = 0; i < t->nitems; i++) {
      sh_id(s, &t->items[i].obj);
      sh_expr(s, t->items[i].weight);
      sh_span(s, &t->items[i].span);
    }
    break;
  }
  }
  sh_span(s, &n->span);
}

/* Moves every span of chunk c (as parsed: the checker's results are not
 * in it yet) by d bytes. */
static void chunk_shift(Chunk *c, int file, int64_t d) {
  Shift s = { file, d };
  for (int i = 0; i < c->ndecls; i++) sh_decl(&s, c->decls[i]);
  for (int i = 0; i < c->ncomments; i++) sh_span(&s, &c->comments[i].span);
}

/* ---- cutting, matching and parsing ---------------------------------------- */

static Gen *gen_new(ChunkCache *cc, DiagEngine *scratch) {
  Gen *g = bsc_calloc(1, sizeof *g);
  arena_init(&g->p.arena);
  arena_init(&g->p.kr_arena);
  arena_init(&g->p.expr_arena);
  g->p.in = cc->in;
  g->p.de = scratch;
  g->p.main_file = -1;
  cc->gens = bsc_realloc(cc->gens, sizeof(Gen *) * (size_t)(cc->ngens + 1));
  cc->gens[cc->ngens++] = g;
  return g;
}

/* The old chunk that has exactly the text of new chunk [a, b): it lies
 * in the common prefix (same offsets) or the common suffix (moved by
 * delta).  Old chunks are sorted by offset. */
static Chunk *match(ChunkCache *cc, uint32_t a, uint32_t b, size_t prefix, size_t suffix_at, int64_t delta) {
  int64_t oa;
  if (b <= prefix) oa = a;
  else if (a >= suffix_at) oa = (int64_t)a - delta;
  else return NULL;
  int lo = 0, hi = cc->n - 1;
  while (lo <= hi) {
    int mid = (lo + hi) / 2;
    if ((int64_t)cc->c[mid].off < oa) lo = mid + 1;
    else if ((int64_t)cc->c[mid].off > oa) hi = mid - 1;
    else {
      Chunk *o = &cc->c[mid];
      return (int64_t)o->end - oa == (int64_t)(b - a) ? o : NULL;
    }
  }
  return NULL;
}

/* Compaction: a generation whose chunks are mostly dead costs memory and
 * restore time.  When there are many generations, the small ones are
 * parsed again into the new one (a few chunks each); when even the
 * biggest is mostly dead, everything is (a full parse, once). */
static void plan_compaction(ChunkCache *cc) {
  if (cc->ngens <= 16) return;
  Gen *big = NULL;
  for (int i = 0; i < cc->ngens; i++)
    if (!big || cc->gens[i]->live > big->live) big = cc->gens[i];
  for (int i = 0; i < cc->ngens; i++)
    if (cc->gens[i] != big || big->live * 2 < big->parsed) cc->gens[i]->doomed = true;
}

static void drop_gens(ChunkCache *cc) {
  int k = 0;
  for (int i = 0; i < cc->ngens; i++) {
    Gen *g = cc->gens[i];
    if (g->live > 0) { cc->gens[k++] = g; continue; }
    cc->dead = bsc_realloc(cc->dead, sizeof(Gen *) * (size_t)(cc->ndead + 1));
    cc->dead[cc->ndead++] = g;
  }
  cc->ngens = k;
}

static void gen_snap(Gen *g) {
  g->snap[0] = arena_snap(&g->p.arena);
  g->snap[1] = arena_snap(&g->p.kr_arena);
  g->snap[2] = arena_snap(&g->p.expr_arena);
}

AstFile *chunks_parse(ChunkCache *cc, Program *p, int file) {
  if (file != p->main_file || file <= 0 || p->in != cc->in) return NULL;
  double c0 = cpu_ms();
  free_dead(cc);
  ChunkStats *st = &cc->st;
  memset(st, 0, sizeof *st);
  const Source *src = diag_source(p->de, file);
  const char *text = src->text;
  size_t len = src->len;
  if (cc->file != file) {                  /* spans would name another source: start again */
    for (int i = 0; i < cc->n; i++)
      if (cc->c[i].gen) cc->c[i].gen->live--;
    cc->n = 0;
    cc->file = file;
    free(cc->text);
    cc->text = NULL;
    cc->len = 0;
  }
  /* the edit: the common prefix and suffix of the old and new texts */
  size_t prefix = 0, olen = cc->text ? cc->len : 0, m = olen < len ? olen : len, suffix = 0;
  enum { BLK = 4096 };
  const char *ot = cc->text;
  while (prefix + BLK <= m && !memcmp(ot + prefix, text + prefix, BLK)) prefix += BLK;
  while (prefix < m && ot[prefix] == text[prefix]) prefix++;
  while (suffix + BLK <= m - prefix && !memcmp(ot + olen - suffix - BLK, text + len - suffix - BLK, BLK)) suffix += BLK;
  while (suffix < m - prefix && ot[olen - 1 - suffix] == text[len - 1 - suffix]) suffix++;
  int64_t delta = (int64_t)len - (int64_t)olen;
  /* the starts: the earlier scan's up to the edit, a scan from there
   * until it meets the earlier scan's again */
  uint32_t *starts;
  int n, from = 0;
  if (cc->n) {
    uint32_t *old = bsc_malloc(sizeof *old * (size_t)cc->n);
    for (int i = 0; i < cc->n; i++) old[i] = cc->c[i].off;
    while (from + 1 < cc->n && (size_t)old[from + 1] + 16 <= prefix) from++;
    ScanResync rs = { old, cc->n, len - suffix, delta };
    uint32_t *tail;
    int nt = chunk_rescan(text, len, old[from], &rs, &tail);
    n = nt < 0 ? -1 : from + nt;
    starts = NULL;
    if (nt >= 0) {
      starts = bsc_malloc(sizeof *starts * (size_t)(n + 1));
      memcpy(starts, old, sizeof *old * (size_t)from);
      memcpy(starts + from, tail, sizeof *tail * (size_t)nt);
      free(tail);
    }
    free(old);
  } else
    n = chunk_scan(text, len, &starts);
  if (n < 0) {
    st->why = "the scan is unsure (braces, a string or a comment left open)";
    return NULL;
  }
  plan_compaction(cc);

  Chunk *nc = bsc_calloc((size_t)n + 1, sizeof *nc);
  Chunk **olds = bsc_calloc((size_t)n + 1, sizeof *olds);
  int nparse = 0;
  for (int i = 0; i < n; i++) {
    uint32_t a = starts[i], b = i + 1 < n ? starts[i + 1] : (uint32_t)len;
    Chunk *o = match(cc, a, b, prefix, len - suffix, delta);
    olds[i] = o && o->gen && !o->gen->doomed ? o : NULL;
    nparse += !olds[i];
  }
  Gen *g = NULL;
  DiagEngine scratch;
  diag_init(&scratch);
  bool bad = false, whole = false;
  /* Most of the text to parse (the first analysis, a compaction): one
   * parse of the whole text, its declarations then dealt out to the
   * chunks by offset, costs a third of one parse per chunk (a scanner's
   * set-up each).  Without a syntax error it is the chunks' parse. */
  if (nparse > 64 || nparse * 2 > n) {
    g = gen_new(cc, &scratch);
    AstFile *f = parse_range(&g->p, file, text, 0, (uint32_t)len);
    int j = 0, k = 0;
    bool fits = scratch.ndiags == 0;
    for (int i = 0; i < n && fits; i++) {
      uint32_t a = starts[i], b = i + 1 < n ? starts[i + 1] : (uint32_t)len;
      Chunk *c = &nc[i];
      c->off = c->at = c->cur = a;
      c->end = b;
      c->gen = g;
      c->decls = f->decls + j;
      while (fits && j < f->ndecls && f->decls[j] && f->decls[j]->span.off < b) fits = f->decls[j++]->span.off >= a;
      if (j < f->ndecls && !f->decls[j]) fits = false;
      c->ndecls = (int)(f->decls + j - c->decls);
      c->comments = f->comments + k;
      while (fits && k < f->ncomments && f->comments[k].span.off < b) fits = f->comments[k++].span.off >= a;
      c->ncomments = (int)(f->comments + k - c->comments);
    }
    fits = fits && j == f->ndecls && k == f->ncomments;
    if (fits) {
      g->live = g->parsed = n;
      st->parsed = n;
      whole = true;                                 /* the old chunks go */
    } else {                                        /* keep what matched; parse nothing more */
      bad = true;
      memset(nc, 0, sizeof *nc * (size_t)n);
      for (int i = 0; i < n; i++) {
        nc[i].off = starts[i];
        nc[i].end = i + 1 < n ? starts[i + 1] : (uint32_t)len;
      }
    }
  }
  for (int i = 0; i < n && !whole; i++) {
    uint32_t a = starts[i], b = i + 1 < n ? starts[i + 1] : (uint32_t)len;
    Chunk *o = olds[i];
    if (o) {
      nc[i] = *o;
      nc[i].off = a;
      nc[i].end = b;
      o->gen = NULL;                       /* taken: not dropped below */
      st->kept++;
      continue;
    }
    if (bad && g && g->parsed == 0) continue;   /* the whole parse failed: not parsed */
    if (!g) g = gen_new(cc, &scratch);
    int nd = scratch.ndiags;
    AstFile *f = parse_range(&g->p, file, text, a, b);
    g->parsed++;
    st->parsed++;
    nc[i].off = nc[i].at = nc[i].cur = a;
    nc[i].end = b;
    if (scratch.ndiags > nd) { bad = true; continue; }   /* not kept: parsed again next time */
    nc[i].gen = g;
    g->live++;
    nc[i].decls = f->decls; nc[i].ndecls = f->ndecls;
    nc[i].comments = f->comments; nc[i].ncomments = f->ncomments;
  }
  free(olds);
  diag_free(&scratch);
  free(starts);
  for (int i = 0; i < cc->n; i++)
    if (cc->c[i].gen) cc->c[i].gen->live--;
  free(cc->c);
  cc->c = nc;
  cc->n = n;
  free(cc->text);
  cc->text = bsc_malloc(len + 1);
  memcpy(cc->text, text, len);
  cc->text[len] = 0;
  cc->len = len;
  if (g) g->p.de = NULL;
  if (g && g->live) gen_snap(g);
  drop_gens(cc);
  st->chunks = n;
  st->parse_ms = cpu_ms() - c0;
  if (bad) {
    st->why = "a declaration has a syntax error";
    return NULL;
  }
  /* the nodes as parsed, at their new offsets */
  double c1 = cpu_ms();
  cc->epoch++;
  for (int i = 0; i < cc->ngens; i++) {
    Gen *x = cc->gens[i];
    if (!x->dirty) continue;
    for (int a = 0; a < 3; a++) {
      arena_restore(x->snap[a]);
      st->restored += arena_snap_bytes(x->snap[a]);
    }
    x->dirty = false;
    x->epoch = cc->epoch;
  }
  size_t nd = 0, ncm = 0;
  double c2 = cpu_ms();
  for (int i = 0; i < n; i++) {
    Chunk *c = &nc[i];
    if (c->gen->epoch == cc->epoch) c->cur = c->at;
    if (c->cur != c->off) {
      chunk_shift(c, file, (int64_t)c->off - (int64_t)c->cur);
      c->cur = c->off;
      st->shifted++;
    }
    nd += (size_t)c->ndecls;
    ncm += (size_t)c->ncomments;
  }
  st->restore_ms = c2 - c1;
  st->shift_ms = cpu_ms() - c2;
  AstFile *f = arena_alloc(&p->arena, sizeof(AstFile));
  f->file = file;
  f->decls = arena_alloc(&p->arena, sizeof(Node *) * (nd + 1));
  f->comments = arena_alloc(&p->arena, sizeof(Comment) * (ncm + 1));
  for (int i = 0; i < n; i++) {
    Chunk *c = &nc[i];
    memcpy(f->decls + f->ndecls, c->decls, sizeof(Node *) * (size_t)c->ndecls);
    f->ndecls += c->ndecls;
    memcpy(f->comments + f->ncomments, c->comments, sizeof(Comment) * (size_t)c->ncomments);
    f->ncomments += c->ncomments;
    c->gen->dirty = true;                  /* the check writes into it */
  }
  st->used = true;
  return f;
}

/* LoadOptions.parse */
AstFile *chunks_load_parse(void *ctx, Program *p, int file) {
  return chunks_parse(ctx, p, file);
}
