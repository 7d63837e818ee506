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
 * are undone before it is used again, in one walk over its nodes (fix):
 *   - the checker writes its results into the nodes: the fields ast.h
 *     lists as "resolved by sema" (zero or -1 after parsing, so zeroed
 *     again), and a few parsed fields (a period it reported unusable, a
 *     retitled perspective's title), which it notes as they were
 *     (SemaUndo, sema.h) and which are written back first;
 *   - spans are byte offsets of the whole text: a chunk after the edit has
 *     each of its spans moved.
 * Names are interned in the cache's own interner, which every program of
 * this document then uses, so that kept names compare equal by pointer.
 * chunks_verify proves the first complete: the generations' memory is
 * compared, once reset, with a copy taken after the parse.
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
  ArenaSnap *snap[3];        /* chunks_verify: p.arena, p.kr_arena, p.expr_arena as parsed */
  int live;                  /* chunks of the cache parsed into it */
  int parsed;                /* chunks ever parsed into it */
  bool doomed;               /* being compacted: its chunks are parsed again */
} Gen;

typedef struct Chunk {
  uint32_t off, end;         /* in the cache's text */
  uint32_t cur;              /* the offset the nodes' spans have */
  bool checked;              /* served to a program: a check may have written into it */
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
  SemaUndo undo;              /* the parsed fields the last check changed */
  const AstFile *served;      /* the tree the last chunks_parse returned, or NULL */
  bool verify;               /* chunks_verify */
  ChunkStats st;
};

ChunkCache *chunks_new(void) {
  ChunkCache *cc = bsc_calloc(1, sizeof *cc);
  arena_init(&cc->arena);
  cc->in = intern_new(&cc->arena);
  cc->file = -1;
  cc->verify = getenv("BSCC_LSP_VERIFY") && !strcmp(getenv("BSCC_LSP_VERIFY"), "1");
  return cc;
}

void chunks_verify(ChunkCache *cc, bool on) { cc->verify = on; }

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
  sema_undo_free(&cc->undo);
  arena_free(&cc->arena);
  free(cc);
}

bool chunks_check(ChunkCache *cc, Program *p) {
  SemaOptions o = {0};
  /* only when p's main file is the cache's nodes: the notes are written
   * back into them, after p may be gone */
  for (int i = 0; cc && cc->served && i < p->nfiles; i++)
    if (p->files[i] == cc->served) o.undo = &cc->undo;
  return sema_check(p, &o);
}

/* ---- making a kept chunk as parsed: its spans moved, the checker's results zeroed ---- */

/* One walk over a chunk's nodes: each span of the document's file moved
 * by d (spans of other files, none but the parser's absent ones, which are
 * zero: file 0, the prelude, stay), and with reset, every field ast.h
 * lists as resolved by sema set back to its parsed value (zero, or the
 * -1 the parser gives an index: grammar/parser.y).  A resolved
 * field left out here is a difference chunks_verify finds. */
typedef struct Fix { int file; int64_t d; bool reset; } Fix;

/* Zeroes the fields of *p from `field` to the end of its type: ast.h puts
 * each node's resolved fields last. */
#define RESET_TAIL(p, T, field) \
  memset((char *)(p) + offsetof(T, field), 0, sizeof(T) - offsetof(T, field))

static void fx_span(const Fix *s, Span *sp) {
  if (!s->d || sp->file != s->file) return;
  sp->off = (uint32_t)(sp->off + s->d);
  sp->end = (uint32_t)(sp->end + s->d);
}
static void fx_id(const Fix *s, Ident *x) { fx_span(s, &x->span); }
static void fx_str(const Fix *s, Str *x) { fx_span(s, &x->span); }
static void fx_period(const Fix *s, Period *x) {
  fx_span(s, &x->span);
  if (s->reset) x->fy = 0;
}
static void fx_lag(const Fix *s, Lag *x) { fx_span(s, &x->span); }
static void fx_per(const Fix *s, UnitPer *u) {
  fx_id(s, &u->unit);
  fx_span(s, &u->n_span);
  fx_span(s, &u->span);
}

static void fx_expr(const Fix *s, Expr *e) {
  if (!e) return;
  fx_span(s, &e->span);
  fx_id(s, &e->unit);
  fx_id(s, &e->ref);
  fx_expr(s, e->lhs);
  fx_expr(s, e->rhs);
  for (int i = 0; i < e->nargs; i++) fx_expr(s, e->args[i]);
  if (e->per) fx_per(s, e->per);
  if (s->reset) {
    e->type = NULL;
    e->sym = NULL;
    if (e->kind == EX_CALL) e->num = 0;   /* prev(): the lag in periods */
  }
}

static void fx_unitref(const Fix *s, UnitRef *u) {
  fx_id(s, &u->name);
  fx_id(s, &u->code);
  fx_per(s, &u->per);
  fx_span(s, &u->span);
}

static void fx_points(const Fix *s, PlanPoint *pt, int n) {
  for (int i = 0; i < n; i++) {
    fx_period(s, &pt[i].at);
    fx_expr(s, pt[i].value);
    fx_span(s, &pt[i].span);
    if (s->reset) {
      RESET_TAIL(&pt[i], PlanPoint, value_v);
      pt[i].index = -1;                   /* as the parser leaves it */
    }
  }
}

static void fx_kr(const Fix *s, KR *k) {
  if (s->reset) {
    if (k->cascaded) k->formula = NULL;   /* the checker's, in the old program */
    k->cascaded = false;
    k->has_base = k->growth_comp = k->has_forecast = k->bench_ok = false;
    k->freq_eff = PER_NONE;
    k->commit_eff = COMMIT_NONE;
    k->dir_eff = DIR_NONE;
    RESET_TAIL(k, KR, type);
  }
  fx_span(s, &k->h.span);
  fx_id(s, &k->name);
  fx_str(s, &k->title);
  fx_unitref(s, &k->unit);
  fx_span(s, &k->spec_span);
  fx_expr(s, k->baseline);
  fx_expr(s, k->target);
  fx_expr(s, k->warn);
  fx_id(s, &k->growth_per);
  fx_span(s, &k->growth_span);
  fx_expr(s, k->formula);
  fx_expr(s, k->forecast);
  fx_period(s, &k->due);
  fx_period(s, &k->starts);
  fx_span(s, &k->every_span);
  fx_lag(s, &k->carry);
  fx_points(s, k->plan, k->nplan);
  fx_span(s, &k->plan_span);
  fx_expr(s, k->weight);
  fx_span(s, &k->commit_span);
  fx_span(s, &k->dir_span);
  fx_span(s, &k->comp_span);
  fx_str(s, &k->owner);
  fx_id(s, &k->persp);
  for (int i = 0; i < k->nfeeds; i++) {
    fx_id(s, &k->feeds[i].to);
    fx_expr(s, k->feeds[i].weight);
    fx_span(s, &k->feeds[i].span);
    if (s->reset) RESET_TAIL(&k->feeds[i], Feed, target);
  }
  fx_span(s, &k->feeds_span);
  fx_id(s, &k->cascade);
  fx_span(s, &k->mode_span);
  for (int i = 0; i < k->nmitems; i++) {
    ModeItem *m = &k->mitems[i];
    fx_id(s, &m->word);
    fx_expr(s, m->a);
    fx_expr(s, m->b);
    fx_span(s, &m->span);
    if (s->reset) RESET_TAIL(m, ModeItem, a_v);
  }
  fx_span(s, &k->maintain_span);
  fx_str(s, &k->bench_label);
  fx_expr(s, k->bench);
  fx_points(s, k->bench_pts, k->nbench);
  fx_span(s, &k->bench_span);
  fx_expr(s, k->margin);
  if (k->bd) {
    Breakdown *b = k->bd;
    fx_id(s, &b->dim);
    fx_id(s, &b->rule);
    for (int i = 0; i < b->n; i++) {
      fx_id(s, &b->members[i].name);
      fx_expr(s, b->members[i].weight);
      fx_span(s, &b->members[i].span);
      if (s->reset) b->members[i].weight_v = 0;
    }
    fx_span(s, &b->span);
    if (s->reset) RESET_TAIL(b, Breakdown, rule_v);
  }
}

static void fx_strategy(const Fix *s, Strategy *g) {
  fx_str(s, &g->title);
  fx_period(s, &g->from);
  fx_period(s, &g->to);
  fx_span(s, &g->horizon_span);
  fx_id(s, &g->cadence);
  for (int i = 0; i < g->nweights; i++) {
    fx_id(s, &g->weights[i].persp);
    fx_expr(s, g->weights[i].weight);
    fx_span(s, &g->weights[i].span);
  }
  fx_span(s, &g->persp_span);
  fx_expr(s, g->green);
  fx_expr(s, g->yellow);
  for (int i = 0; i < LIMIT_COUNT; i++) {
    fx_expr(s, g->limits[i]);
    fx_span(s, &g->limit_spans[i]);
  }
  fx_id(s, &g->fiscal_month);
  fx_span(s, &g->fiscal_span);
  fx_str(s, &g->store);
  fx_span(s, &g->store_span);
  if (s->reset) RESET_TAIL(g, Strategy, fiscal_v);
}

static void fx_objective(const Fix *s, Objective *o) {
  fx_id(s, &o->name);
  fx_str(s, &o->title);
  fx_id(s, &o->persp);
  fx_str(s, &o->owner);
  fx_span(s, &o->level_span);
  fx_str(s, &o->group);
  fx_id(s, &o->aligns);
  for (int i = 0; i < o->nparents; i++) {
    fx_id(s, &o->parents[i].to);
    fx_expr(s, o->parents[i].weight);
    fx_span(s, &o->parents[i].span);
    if (s->reset) RESET_TAIL(&o->parents[i], Align, obj);
  }
  fx_span(s, &o->commit_span);
  fx_span(s, &o->comp_span);
  fx_expr(s, o->weight);
  fx_period(s, &o->starts);
  if (s->reset) RESET_TAIL(o, Objective, parent);
  for (int i = 0; i < o->nkrs; i++) fx_kr(s, o->krs[i]);
  for (int i = 0; i < o->nkpis; i++) fx_kr(s, o->kpis[i]);
}

static void fx_initiative(const Fix *s, Initiative *n) {
  fx_id(s, &n->name);
  fx_str(s, &n->title);
  fx_str(s, &n->owner);
  fx_expr(s, n->cost);
  fx_expr(s, n->cost_forecast);
  for (int i = 0; i < n->nsupports; i++) fx_id(s, &n->supports[i]);
  for (int i = 0; i < n->neffects; i++) {
    Effect *e = &n->effects[i];
    fx_id(s, &e->kr);
    fx_expr(s, e->by);
    fx_lag(s, &e->lag);
    fx_span(s, &e->span);
    if (s->reset) RESET_TAIL(e, Effect, target);
  }
  for (int i = 0; i < n->nlevels; i++) {
    FundLevel *l = &n->levels[i];
    fx_expr(s, l->at);
    fx_expr(s, l->cost);
    fx_expr(s, l->by);
    fx_span(s, &l->span);
    if (s->reset) RESET_TAIL(l, FundLevel, at_v);
  }
  fx_id(s, &n->status_word);
  for (int i = 0; i < n->nmilestones; i++) {
    Milestone *m = &n->milestones[i];
    fx_id(s, &m->name);
    fx_str(s, &m->title);
    fx_period(s, &m->due);
    fx_expr(s, m->weight);
    fx_span(s, &m->span);
    if (s->reset) {
      RESET_TAIL(m, Milestone, weight_v);
      m->due_i = -1;
    }
  }
  fx_expr(s, n->spent);
  fx_expr(s, n->complete);
  if (s->reset) RESET_TAIL(n, Initiative, cost_v);
}

static void fx_decl(const Fix *s, Node *n) {
  switch (n->kind) {
  case ND_IMPORT:
    fx_str(s, &((Import *)n)->path);
    if (s->reset) ((Import *)n)->file = -1;   /* the loader's, as the parser leaves it */
    break;
  case ND_STRATEGY: fx_strategy(s, (Strategy *)n); break;
  case ND_PERSPECTIVE: {
    Perspective *p = (Perspective *)n;
    fx_id(s, &p->name);
    fx_str(s, &p->title);
    fx_expr(s, p->rank);
    if (s->reset) RESET_TAIL(p, Perspective, rank_v);
    break;
  }
  case ND_UNIT: {
    UnitDecl *u = (UnitDecl *)n;
    fx_id(s, &u->name);
    fx_expr(s, u->factor);
    fx_id(s, &u->base);
    fx_per(s, &u->per);
    break;
  }
  case ND_OBJECTIVE: fx_objective(s, (Objective *)n); break;
  case ND_KR: case ND_KPI: fx_kr(s, (KR *)n); return;   /* its header too */
  case ND_LINK: {
    Link *l = (Link *)n;
    fx_id(s, &l->from);
    fx_id(s, &l->to);
    fx_expr(s, l->strength);
    fx_lag(s, &l->lag);
    if (s->reset) RESET_TAIL(l, Link, src);
    break;
  }
  case ND_INITIATIVE: fx_initiative(s, (Initiative *)n); break;
  case ND_ACTUALS: {
    Actuals *a = (Actuals *)n;
    fx_period(s, &a->period);
    for (int i = 0; i < a->nitems; i++) {
      Checkin *c = &a->items[i];
      fx_id(s, &c->kr);
      fx_id(s, &c->member);
      fx_expr(s, c->value);
      fx_span(s, &c->carry_span);
      fx_span(s, &c->span);
      if (s->reset) {
        RESET_TAIL(c, Checkin, target);
        c->member_i = c->member.name ? -1 : 0;   /* the parser gives -1 to a member's only */
      }
    }
    if (s->reset) a->index = a->close ? -1 : 0;
    break;
  }
  case ND_THEME: {
    Theme *t = (Theme *)n;
    fx_id(s, &t->name);
    fx_str(s, &t->title);
    fx_str(s, &t->owner);
    for (int i = 0; i < t->nitems; i++) {
      fx_id(s, &t->items[i].obj);
      fx_expr(s, t->items[i].weight);
      fx_span(s, &t->items[i].span);
      if (s->reset) RESET_TAIL(&t->items[i], ThemeItem, o);
    }
    if (s->reset) t->index = 0;
    break;
  }
  }
  fx_span(s, &n->span);
}

/* Makes chunk c as parsed at its offset: spans moved from where they are
 * (c->cur) to c->off, and, when a check may have written into it, the
 * checker's results zeroed (after sema_undo_apply). */
static void chunk_fix(Chunk *c, int file, bool reset) {
  Fix s = { file, (int64_t)c->off - (int64_t)c->cur, reset };
  if (!s.d && !reset) return;
  for (int i = 0; i < c->ndecls; i++) fx_decl(&s, c->decls[i]);
  if (s.d)
    for (int i = 0; i < c->ncomments; i++) fx_span(&s, &c->comments[i].span);
  c->cur = c->off;
  c->checked = false;
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
 * reset time.  When there are many generations, the small ones are
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

/* ---- chunks_verify ---------------------------------------------------- */

/* What holds address x, for the report of a difference: of the nodes and
 * their arrays, the one with the highest address at or below it. */
typedef struct Where { const unsigned char *x, *best; const char *what; } Where;
static void where_try(Where *w, const void *at, const char *what) {
  const unsigned char *p = at;
  if (p && p <= w->x && (!w->best || p > w->best)) { w->best = p; w->what = what; }
}
static void where_kr(Where *w, KR *k) {
  where_try(w, k, "key result");
  where_try(w, k->plan, "plan");
  where_try(w, k->bench_pts, "benchmark points");
  where_try(w, k->feeds, "feeds");
  where_try(w, k->mitems, "mode items");
  where_try(w, k->bd, "breakdown");
}
static void verify_where(ChunkCache *cc, const unsigned char *x) {
  Where w = { x, NULL, "?" };
  for (int i = 0; i < cc->n; i++)
    for (int j = 0; j < cc->c[i].ndecls; j++) {
      Node *n = cc->c[i].decls[j];
      where_try(&w, n, ast_kind_name(n->kind));
      if (n->kind == ND_OBJECTIVE) {
        Objective *o = (Objective *)n;
        where_try(&w, o->parents, "aligns");
        for (int k = 0; k < o->nkrs; k++) where_kr(&w, o->krs[k]);
        for (int k = 0; k < o->nkpis; k++) where_kr(&w, o->kpis[k]);
      } else if (n->kind == ND_KR || n->kind == ND_KPI) where_kr(&w, (KR *)n);
      else if (n->kind == ND_INITIATIVE) {
        Initiative *in = (Initiative *)n;
        where_try(&w, in->effects, "effects");
        where_try(&w, in->levels, "levels");
        where_try(&w, in->milestones, "milestones");
        where_try(&w, in->supports, "supports");
      } else if (n->kind == ND_ACTUALS) where_try(&w, ((Actuals *)n)->items, "check-ins");
      else if (n->kind == ND_THEME) where_try(&w, ((Theme *)n)->items, "theme items");
    }
  fprintf(stderr, "lsp_chunk: a kept node differs from its parse at %p: %td bytes into the %s at %p\n",
          (const void *)x, w.best ? x - w.best : 0, w.what, (const void *)w.best);
}

/* After the undo and the reset of every chunk a check saw: each
 * generation's memory must be its copy. */
static void verify_gens(ChunkCache *cc) {
  for (int i = 0; i < cc->ngens; i++)
    for (int a = 0; a < 3; a++) {
      const void *x = cc->gens[i]->snap[a] ? arena_snap_diff(cc->gens[i]->snap[a]) : NULL;
      if (!x) continue;
      if (!cc->st.verify_bad++) verify_where(cc, x);
    }
}

/* The copies: taken once the nodes are as the next check will see them. */
static void verify_snap(ChunkCache *cc) {
  for (int i = 0; i < cc->ngens; i++) {
    Gen *g = cc->gens[i];
    for (int a = 0; a < 3; a++) arena_snap_free(g->snap[a]);
    g->snap[0] = arena_snap(&g->p.arena);
    g->snap[1] = arena_snap(&g->p.kr_arena);
    g->snap[2] = arena_snap(&g->p.expr_arena);
  }
}

AstFile *chunks_parse(ChunkCache *cc, Program *p, int file) {
  if (file != p->main_file || file <= 0 || p->in != cc->in) return NULL;
  double c0 = cpu_ms();
  ChunkStats *st = &cc->st;
  memset(st, 0, sizeof *st);
  cc->served = NULL;
  /* The last check's changes to parsed fields, while their generations
   * are all alive (the dead ones are freed just below). */
  st->undone = cc->undo.n;
  sema_undo_apply(&cc->undo);
  if (cc->verify) {
    for (int i = 0; i < cc->n; i++)
      if (cc->c[i].gen && cc->c[i].checked) {
        uint32_t off = cc->c[i].off;
        cc->c[i].off = cc->c[i].cur;          /* zeroed where it is */
        chunk_fix(&cc->c[i], cc->file, true);
        cc->c[i].off = off;
      }
    verify_gens(cc);
  }
  free_dead(cc);
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
      c->off = c->cur = a;
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
    nc[i].off = nc[i].cur = a;
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
  drop_gens(cc);
  st->chunks = n;
  st->parse_ms = cpu_ms() - c0;
  if (bad) {
    if (cc->verify) verify_snap(cc);
    st->why = "a declaration has a syntax error";
    return NULL;
  }
  /* the nodes as parsed, at their new offsets */
  double c1 = cpu_ms();
  size_t nd = 0, ncm = 0;
  for (int i = 0; i < n; i++) {
    Chunk *c = &nc[i];
    st->reset += c->checked;
    st->shifted += c->cur != c->off;
    chunk_fix(c, file, c->checked);
    nd += (size_t)c->ndecls;
    ncm += (size_t)c->ncomments;
  }
  st->fix_ms = cpu_ms() - c1;
  if (cc->verify) verify_snap(cc);
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
    c->checked = true;                     /* the check writes into it */
  }
  st->used = true;
  cc->served = f;
  return f;
}

/* LoadOptions.parse */
AstFile *chunks_load_parse(void *ctx, Program *p, int file) {
  return chunks_parse(ctx, p, file);
}
