/*
 * checks.c - strategy-level checks: alignment (cycles, direction,
 * transmission), due periods against parents, algebraic loops in the
 * strategy map and in formulas, balance across perspectives, orphans and
 * overload.  Every check is linear in the size of the program: graphs are
 * built once as compressed adjacency arrays, cycles are found with an
 * iterative Tarjan SCC, reachability with one reverse BFS.
 */
#define BSC_SEMA_INTERNAL
#include "sema.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PATH_NAMES 8     /* names listed in a cycle message */
#define MAX_NOTES 8          /* notes attached to one cycle */

/* ---- graphs ----------------------------------------------------------- */

typedef struct Graph {
  int n, m;
  int *off;                  /* n+1 */
  int *dst;                  /* m */
  int *eid;                  /* m: caller's edge id */
} Graph;

/* Builds a CSR graph from m edges (src[i] -> dst[i], id i), keeping the
 * edges of each node in input order. */
static void graph_build(Graph *g, int n, int m, const int *src, const int *dst) {
  g->n = n;
  g->m = m;
  g->off = calloc((size_t)n + 1, sizeof *g->off);
  g->dst = malloc(sizeof *g->dst * ((size_t)m + 1));
  g->eid = malloc(sizeof *g->eid * ((size_t)m + 1));
  for (int i = 0; i < m; i++) g->off[src[i] + 1]++;
  for (int i = 0; i < n; i++) g->off[i + 1] += g->off[i];
  int *pos = malloc(sizeof *pos * ((size_t)n + 1));
  memcpy(pos, g->off, sizeof *pos * (size_t)n);
  for (int i = 0; i < m; i++) {
    int k = pos[src[i]]++;
    g->dst[k] = dst[i];
    g->eid[k] = i;
  }
  free(pos);
}

static void graph_free(Graph *g) {
  free(g->off);
  free(g->dst);
  free(g->eid);
}

/* Iterative Tarjan: comp[v] = its strongly connected component; returns
 * the number of components.  size[c] gets each component's size. */
static int tarjan(const Graph *g, int *comp, int **size_out) {
  int n = g->n, counter = 0, ncomp = 0, sp = 0, cs = 0;
  int *idx = malloc(sizeof *idx * ((size_t)n + 1));
  int *low = malloc(sizeof *low * ((size_t)n + 1));
  int *stk = malloc(sizeof *stk * ((size_t)n + 1));
  int *call = malloc(sizeof *call * ((size_t)n + 1));
  int *it = malloc(sizeof *it * ((size_t)n + 1));
  char *on = calloc((size_t)n + 1, 1);
  int *size = calloc((size_t)n + 1, sizeof *size);
  for (int i = 0; i < n; i++) idx[i] = -1;
  for (int s = 0; s < n; s++) {
    if (idx[s] != -1) continue;
    idx[s] = low[s] = counter++;
    stk[sp++] = s; on[s] = 1;
    call[cs] = s; it[cs] = g->off[s]; cs++;
    while (cs > 0) {
      int v = call[cs - 1];
      if (it[cs - 1] < g->off[v + 1]) {
        int w = g->dst[it[cs - 1]++];
        if (idx[w] == -1) {
          idx[w] = low[w] = counter++;
          stk[sp++] = w; on[w] = 1;
          call[cs] = w; it[cs] = g->off[w]; cs++;
        } else if (on[w] && idx[w] < low[v]) {
          low[v] = idx[w];
        }
        continue;
      }
      if (low[v] == idx[v]) {
        int w;
        do {
          w = stk[--sp];
          on[w] = 0;
          comp[w] = ncomp;
          size[ncomp]++;
        } while (w != v);
        ncomp++;
      }
      cs--;
      if (cs > 0) {
        int u = call[cs - 1];
        if (low[v] < low[u]) low[u] = low[v];
      }
    }
  }
  free(idx); free(low); free(stk); free(call); free(it); free(on);
  *size_out = size;
  return ncomp;
}

/* Shortest path from `from` to `to` inside component c; fills edges[] (edge
 * ids, in order) and returns their number, or -1.  `mark` is scratch of
 * size n, all different from `stamp` on entry. */
static int comp_path(const Graph *g, const int *comp, int c, int from, int to, int *mark, int stamp,
                     int *prev_node, int *prev_edge, int *queue, int *edges) {
  int qh = 0, qt = 0;
  queue[qt++] = from;
  mark[from] = stamp;
  prev_node[from] = -1;
  while (qh < qt) {
    int v = queue[qh++];
    if (v == to) break;
    for (int k = g->off[v]; k < g->off[v + 1]; k++) {
      int w = g->dst[k];
      if (comp[w] != c || mark[w] == stamp) continue;
      mark[w] = stamp;
      prev_node[w] = v;
      prev_edge[w] = g->eid[k];
      queue[qt++] = w;
    }
  }
  if (mark[to] != stamp) return -1;
  int n = 0;
  for (int v = to; v != from; v = prev_node[v]) edges[n++] = prev_edge[v];
  for (int i = 0; i < n / 2; i++) { int t = edges[i]; edges[i] = edges[n - 1 - i]; edges[n - 1 - i] = t; }
  return n;
}

static const char *ordinal(Sema *S, int n) {
  const char *suf = "th";
  if (n % 100 < 11 || n % 100 > 13) {
    if (n % 10 == 1) suf = "st";
    else if (n % 10 == 2) suf = "nd";
    else if (n % 10 == 3) suf = "rd";
  }
  return arena_printf(S->a, "%d%s", n, suf);
}

static const char *oname(Objective *o) { return o && o->name.name ? o->name.name : "?"; }

static const char *level_name(Level l) {
  switch (l) {
  case LEVEL_TEAM: return "team";
  case LEVEL_INDIVIDUAL: return "individual";
  default: return "company";
  }
}

/* ---- alignment -------------------------------------------------------- */

void chk_alignment(Sema *S) {
  Vec *objs = &S->p->objectives;
  int n = objs->len;
  Objective *o;
  /* one loop over the objectives (they are far larger than the caches):
   * each one's parent, then by index (o->index is o_i, collect) its
   * parent's index (-1: none), its level, and flags: 1 its perspective is
   * its own (`in P`, or a company objective), 2 a team or individual
   * objective that aligns to nothing (W004); the passes below read the
   * nodes only where they report or write */
  int *par = malloc(sizeof *par * ((size_t)n + 1)), *lvl = malloc(sizeof *lvl * ((size_t)n + 1));
  unsigned char *flag = malloc((size_t)n + 1);
  VEC_EACH(Objective *, o, *objs) {
    o->parent = NULL;
    if (o->aligns.name) {
      Sym *s = sema_resolve(S, o->aligns, SYM_OBJECTIVE, "`aligns`");
      if (s) o->parent = s->decl;
    }
    par[o_i] = o->parent ? o->parent->index : -1;
    lvl[o_i] = (int)o->level_eff;
    flag[o_i] = (o->persp.name || o->level_eff == LEVEL_COMPANY ? 1 : 0) |
                (o->level_eff != LEVEL_COMPANY && !o->aligns.name && !o->persp.name && o->name.name ? 2 : 0);
  }
  /* cycles: every objective has at most one parent */
  unsigned char *color = calloc((size_t)n + 1, 1);
  unsigned char *cyc = calloc((size_t)n + 1, 1);
  int *path = malloc(sizeof *path * ((size_t)n + 1));
  for (int i = 0; i < n; i++) {
    if (color[i]) continue;
    int len = 0;
    int v = i;
    while (v >= 0 && color[v] == 0) {
      color[v] = 1;
      path[len++] = v;
      v = par[v];
    }
    if (v >= 0 && color[v] == 1) {
      int j = len - 1;
      while (path[j] != v) j--;
      int first = j;       /* the member that comes first in load order */
      for (int t = j; t < len; t++)
        if (path[t] < path[first]) first = t;
      int k = len - j;
      Objective *start = objs->items[path[first]];
      Diag *d;
      if (k == 1) {
        d = diag_report(S->de, E050, start->aligns.span, "objective `%s` aligns to itself", oname(start));
        diag_label(d, "`%s` aligns to itself", oname(start));
      } else {
        Buf b;
        buf_init(&b);
        for (int t = 0; t <= k && t <= MAX_PATH_NAMES; t++) {
          Objective *x = objs->items[path[j + (first - j + t) % k]];
          buf_printf(&b, "%s`%s`", t ? " -> " : "", oname(x));
        }
        if (k > MAX_PATH_NAMES) buf_puts(&b, " -> ...");
        d = diag_report(S->de, E050, start->aligns.span, "objectives align to each other in a cycle: %s", b.data);
        buf_free(&b);
        diag_label(d, "`%s` aligns to `%s`", oname(start), oname(start->parent));
        for (int t = 1; t < k && t <= MAX_NOTES; t++) {
          Objective *x = objs->items[path[j + (first - j + t) % k]];
          diag_note(d, x->aligns.span, "`%s` aligns to `%s` here", oname(x), oname(x->parent));
        }
      }
      diag_help(d, "alignment runs up, from team and individual objectives to the company objectives they serve: remove one of these `aligns`");
      for (int t = j; t < len; t++) cyc[path[t]] = 1;
      start->parent = NULL;          /* break the cycle for later passes */
      par[path[first]] = -1;
    }
    for (int t = 0; t < len; t++) color[path[t]] = 2;
  }
  /* direction and transmission */
  for (int i = 0; i < n; i++) {
    bool down = par[i] >= 0 && !cyc[i] && lvl[par[i]] > lvl[i];
    if (!down && !(flag[i] & 2)) continue;
    o = objs->items[i];
    if (down) {
      Objective *p = o->parent;
      Diag *d = diag_report(S->de, E051, o->aligns.span, "%s objective `%s` aligns to %s objective `%s`",
                            level_name(o->level_eff), oname(o), level_name(p->level_eff), oname(p));
      diag_label(d, "alignment goes down the hierarchy");
      diag_note(d, p->name.span, "`%s` is %s %s objective", oname(p), p->level_eff == LEVEL_INDIVIDUAL ? "an" : "a",
                level_name(p->level_eff));
      diag_help(d, "alignment goes up or sideways: make `%s` align to `%s` instead", oname(p), oname(o));
    }
    /* a team objective placed in a perspective (`in P`) is a deliberate
     * bottom-up OKR: scored and counted there (semantics.md §5.1) */
    if (flag[i] & 2) {
      Diag *d = diag_report(S->de, W004, o->name.span, "%s objective `%s` aligns to nothing", level_name(o->level_eff),
                            oname(o));
      diag_label(d, "strategy transmission broken: this objective serves no higher objective");
      diag_help(d, "add `aligns OBJECTIVE` naming the objective it contributes to, or `in PERSPECTIVE` for a bottom-up objective");
    }
  }
  /* perspectives of team and individual objectives: their parent's */
  unsigned char *known = color;     /* reuse: every one 2 (visited), set to 3 when known */
  for (int i = 0; i < n; i++)
    if (flag[i] & 1) known[i] = 3;
  for (int i = 0; i < n; i++) {
    if (known[i] == 3) continue;
    int len = 0;
    int v = i;
    while (v >= 0 && known[v] != 3) {
      known[v] = 3;
      path[len++] = v;
      v = par[v];
    }
    Perspective *ps = v >= 0 ? ((Objective *)objs->items[v])->persp_eff : NULL;
    for (int t = 0; t < len; t++) ((Objective *)objs->items[path[t]])->persp_eff = ps;
  }
  free(color);
  free(cyc);
  free(path);
  free(par);
  free(lvl);
  free(flag);
}

/* ---- due periods of aligned objectives' KRs ----------------------------- */

void chk_parent_due(Sema *S) {
  Vec *objs = &S->p->objectives;
  int n = objs->len;
  int *latest = malloc(sizeof *latest * ((size_t)n + 1));
  KR **latest_kr = calloc((size_t)n + 1, sizeof *latest_kr);
  Objective *o;
  if (S->due_latest) {                     /* gathered by check_measures: not read again */
    memcpy(latest, S->due_latest, sizeof *latest * (size_t)n);
    memcpy(latest_kr, S->due_latest_kr, sizeof *latest_kr * (size_t)n);
  } else
  VEC_EACH(Objective *, o, *objs) {
    latest[o->index] = -1;
    for (int i = 0; i < o->nkrs; i++) {
      KR *k = o->krs[i];
      if (!k || k->due_eff.kind == PER_NONE) continue;
      int e = sema_period_end(k->due_eff);
      if (e > latest[o->index]) { latest[o->index] = e; latest_kr[o->index] = k; }
    }
  }
  /* every parent of each objective (contrib.c resolved those after the first) */
  VEC_EACH(Objective *, o, *objs)
   for (int ai = 0; ai < (o->nparents ? o->nparents : 1); ai++) {
    Objective *p = ai == 0 ? o->parent : o->parents[ai].obj;
    if (!p || o->level_eff == LEVEL_COMPANY || p->level_eff > o->level_eff || latest[p->index] < 0) continue;
    int pl = latest[p->index];
    if (latest[o->index] <= pl) continue;   /* none of o's KRs is later: not read again */
    KR *pk = latest_kr[p->index];
    for (int i = 0; i < o->nkrs; i++) {
      KR *k = o->krs[i];
      if (!k || k->due_eff.kind == PER_NONE) continue;
      int e = sema_period_end(k->due_eff);
      if (e <= pl) continue;
      if (S->has_horizon && (e > S->h_end || sema_period_start(k->due_eff) < S->h_start)) continue; /* reported */
      const char *due = sema_period_str(S, k->due_eff), *pdue = sema_period_str(S, pk->due_eff);
      bool dflt = k->due.kind == PER_NONE;
      Diag *d = diag_report(S->de, E042, dflt ? k->name.span : k->due.span,
                            "key result `%s` is due in %s, after its parent objective `%s` is achieved (%s)",
                            k->name.name ? k->name.name : "?", due, oname(p), pdue);
      if (dflt) diag_label(d, "due at the end of the horizon (%s) by default", due);
      else diag_label(d, "due in %s", due);
      diag_note(d, pk->due.kind != PER_NONE ? pk->due.span : pk->name.span,
                "the last key result of `%s`, `%s`, is due in %s", oname(p), pk->name.name ? pk->name.name : "?", pdue);
      diag_help(d, "%s %s key result must be done in time to count for the objective it aligns to: %s `by %s` or earlier",
                o->level_eff == LEVEL_INDIVIDUAL ? "an" : "a", level_name(o->level_eff), dflt ? "add" : "write", pdue);
    }
  }
  free(latest);
  free(latest_kr);
}

/* ---- the strategy map --------------------------------------------------- */

static Span link_span(Link *l) {
  if (l->from.name && l->to.name && l->from.span.file == l->to.span.file && l->to.span.end > l->from.span.off)
    return (Span){l->from.span.file, l->from.span.off, l->to.span.end};
  return l->h.span;
}

void chk_links(Sema *S) {
  Vec *links = &S->p->links;
  int n = S->p->objectives.len, m = 0;
  Link *l;
  VEC_EACH(Link *, l, *links) if (l->src && l->dst && l->lag_periods == 0) m++;
  if (m > 0) {
    int *src = malloc(sizeof *src * (size_t)m), *dst = malloc(sizeof *dst * (size_t)m);
    Link **edge = malloc(sizeof *edge * (size_t)m);
    int e = 0;
    VEC_EACH(Link *, l, *links) {
      if (!(l->src && l->dst && l->lag_periods == 0)) continue;
      src[e] = l->src->index;
      dst[e] = l->dst->index;
      edge[e] = l;
      e++;
    }
    Graph g;
    graph_build(&g, n, m, src, dst);
    int *comp = malloc(sizeof *comp * ((size_t)n + 1));
    int *size;
    int ncomp = tarjan(&g, comp, &size);
    char *reported = calloc((size_t)ncomp + 1, 1);
    int *mark = calloc((size_t)n + 1, sizeof *mark), *pn = malloc(sizeof *pn * ((size_t)n + 1));
    int *pe = malloc(sizeof *pe * ((size_t)n + 1)), *q = malloc(sizeof *q * ((size_t)n + 1));
    int *path = malloc(sizeof *path * ((size_t)n + 1)), stamp = 0;
    for (int i = 0; i < m; i++) {
      Link *L = edge[i];
      int a = L->src->index, b = L->dst->index, c = comp[a];
      if (comp[b] != c || reported[c] || (size[c] == 1 && a != b)) continue;
      reported[c] = 1;
      Diag *d;
      if (a == b) {
        d = diag_report(S->de, E060, link_span(L), "objective `%s` drives itself with no lag", oname(L->src));
        diag_label(d, "a loop with no lag");
      } else {
        int k = comp_path(&g, comp, c, b, a, mark, ++stamp, pn, pe, q, path);
        if (k < 0) k = 0;
        Buf buf;
        buf_init(&buf);
        buf_printf(&buf, "`%s` -> `%s`", oname(L->src), oname(L->dst));
        for (int t = 0; t < k && t < MAX_PATH_NAMES; t++) buf_printf(&buf, " -> `%s`", oname(edge[path[t]]->dst));
        if (k > MAX_PATH_NAMES) buf_puts(&buf, " -> ...");
        d = diag_report(S->de, E060, link_span(L), "causal links form a loop with no lag: %s", buf.data);
        buf_free(&buf);
        diag_label(d, "this link has no lag");
        for (int t = 0; t < k && t < MAX_NOTES; t++) {
          Link *x = edge[path[t]];
          diag_note(d, link_span(x), "`%s` -> `%s` has no lag either", oname(x->src), oname(x->dst));
        }
      }
      diag_help(d, "give one of these links a lag, e.g. `lag 1q`: a loop of immediate effects cannot be evaluated, "
                   "while a loop with a lag is a feedback loop");
    }
    free(reported); free(mark); free(pn); free(pe); free(q); free(path);
    free(size); free(comp);
    graph_free(&g);
    free(src); free(dst); free(edge);
  }
  /* W001: against the perspective order */
  VEC_EACH(Link *, l, *links) {
    if (!l->src || !l->dst) continue;
    Perspective *a = l->src->persp_eff, *b = l->dst->persp_eff;
    if (!a || !b || !(a->rank_v > b->rank_v)) continue;
    Diag *d = diag_report(S->de, W001, link_span(l), "causal link runs against the strategy map: `%s` (%s) -> `%s` (%s)",
                          oname(l->src), a->title.text ? a->title.text : a->name.name, oname(l->dst),
                          b->title.text ? b->title.text : b->name.name);
    diag_label(d, "from a higher perspective down to a lower one");
    Buf order;
    buf_init(&order);
    Perspective *ps;
    VEC_EACH(Perspective *, ps, S->p->perspectives)
      buf_printf(&order, "%s%s", ps_i ? " -> " : "", ps->name.name);
    /* a lagged link back down is usually a deliberate feedback loop
     * (profits funding training a year later): reversing it would be
     * wrong advice, and so it is when the reverse link is there already */
    bool reverse = false;
    Link *rl;
    VEC_EACH(Link *, rl, *links) reverse = reverse || (rl->src == l->dst && rl->dst == l->src);
    if (l->lag_periods > 0 || reverse)
      diag_help(d, "%s: if the feedback is intended, keep the link and allow the warning with `-W no-backward-link`",
                reverse ? arena_printf(S->a, "`%s -> %s` is a link too, so this one closes a feedback loop",
                                       oname(l->dst), oname(l->src))
                        : "a lagged link back down the map is a feedback loop (results funding the capabilities that cause them)");
    else
      diag_help(d, "causes sit below their effects (%s); did you mean `%s -> %s`?", order.data ? order.data : "",
                oname(l->dst), oname(l->src));
    buf_free(&order);
  }
}

/* ---- calculated key results -------------------------------------------- */

typedef struct FEdges {
  int *src, *dst;
  Expr **ref;
  int n, cap;
} FEdges;

static int kr_node(Sema *S, KR *k) {
  return k->h.kind == ND_KPI ? S->p->krs.len + k->index : k->index;
}

static void collect_refs(Sema *S, FEdges *fe, int from, Expr *e) {
  if (!e) return;
  if (e->kind == EX_REF && e->sym && (e->sym->kind == SYM_KR || e->sym->kind == SYM_KPI)) {
    if (fe->n == fe->cap) {
      fe->cap = fe->cap ? fe->cap * 2 : 64;
      fe->src = realloc(fe->src, sizeof *fe->src * (size_t)fe->cap);
      fe->dst = realloc(fe->dst, sizeof *fe->dst * (size_t)fe->cap);
      fe->ref = realloc(fe->ref, sizeof *fe->ref * (size_t)fe->cap);
    }
    fe->src[fe->n] = from;
    fe->dst[fe->n] = kr_node(S, e->sym->decl);
    fe->ref[fe->n] = e;
    fe->n++;
  }
  collect_refs(S, fe, from, e->lhs);
  collect_refs(S, fe, from, e->rhs);
  for (int i = 0; i < e->nargs; i++)
    if (e->args) collect_refs(S, fe, from, e->args[i]);
}

void chk_formula_cycles(Sema *S) {
  Program *p = S->p;
  int nk = p->krs.len, n = nk + p->kpis.len;
  KR **node = NULL;
  FEdges fe = {0};
  KR *k;
  if (!S->nformulas) return;             /* no formula: no edge */
  VEC_EACH(KR *, k, p->krs) if (k->formula) collect_refs(S, &fe, kr_node(S, k), k->formula);
  VEC_EACH(KR *, k, p->kpis) if (k->formula) collect_refs(S, &fe, kr_node(S, k), k->formula);
  if (fe.n == 0) return;
  node = malloc(sizeof *node * ((size_t)n + 1));
  VEC_EACH(KR *, k, p->krs) node[kr_node(S, k)] = k;
  VEC_EACH(KR *, k, p->kpis) node[kr_node(S, k)] = k;
  Graph g;
  graph_build(&g, n, fe.n, fe.src, fe.dst);
  int *comp = malloc(sizeof *comp * ((size_t)n + 1)), *size;
  int ncomp = tarjan(&g, comp, &size);
  char *reported = calloc((size_t)ncomp + 1, 1);
  int *mark = calloc((size_t)n + 1, sizeof *mark), *pn = malloc(sizeof *pn * ((size_t)n + 1));
  int *pe = malloc(sizeof *pe * ((size_t)n + 1)), *q = malloc(sizeof *q * ((size_t)n + 1));
  int *path = malloc(sizeof *path * ((size_t)n + 1)), stamp = 0;
  for (int i = 0; i < fe.n; i++) {      /* edges are in formula order */
    int a = fe.src[i], b = fe.dst[i], c = comp[a];
    if (comp[b] != c || reported[c] || (size[c] == 1 && a != b)) continue;
    reported[c] = 1;
    KR *ka = node[a], *kb = node[b];
    const char *na = ka->name.name ? ka->name.name : "?";
    Diag *d;
    if (a == b) {
      d = diag_report(S->de, E070, fe.ref[i]->span, "calculated key result `%s` depends on itself", na);
      diag_label(d, "`%s` refers to itself", na);
    } else {
      int len = comp_path(&g, comp, c, b, a, mark, ++stamp, pn, pe, q, path);
      if (len < 0) len = 0;
      Buf buf;
      buf_init(&buf);
      buf_printf(&buf, "`%s` -> `%s`", na, kb->name.name ? kb->name.name : "?");
      for (int t = 0; t < len && t < MAX_PATH_NAMES; t++) {
        KR *x = node[fe.dst[path[t]]];
        buf_printf(&buf, " -> `%s`", x->name.name ? x->name.name : "?");
      }
      if (len > MAX_PATH_NAMES) buf_puts(&buf, " -> ...");
      d = diag_report(S->de, E070, fe.ref[i]->span, "calculated key result `%s` depends on itself: %s", na, buf.data);
      buf_free(&buf);
      diag_label(d, "`%s` uses `%s`", na, kb->name.name ? kb->name.name : "?");
      for (int t = 0; t < len && t < MAX_NOTES; t++) {
        int ei = path[t];
        KR *x = node[fe.src[ei]], *y = node[fe.dst[ei]];
        diag_note(d, fe.ref[ei]->span, "`%s` uses `%s` here", x->name.name ? x->name.name : "?",
                  y->name.name ? y->name.name : "?");
      }
    }
    diag_help(d, "a calculated key result must be computed from others that do not depend on it: measure one of them directly");
  }
  free(reported); free(mark); free(pn); free(pe); free(q); free(path);
  free(size); free(comp); free(node);
  graph_free(&g);
  free(fe.src); free(fe.dst); free(fe.ref);
}

/* ---- balance ------------------------------------------------------------ */

void chk_balance(Sema *S) {
  Program *p = S->p;
  int np = p->perspectives.len, n = p->objectives.len;
  if (np == 0) return;
  int *count = calloc((size_t)np, sizeof *count);
  Perspective *top = S->top;
  /* one loop over the objectives (they are far larger than the caches):
   * each perspective's count, and for W005 each objective's perspective
   * index (-1: none), its parent's index (-1: none) and its role in the
   * search: 1 in the top perspective (where it starts), 2 a named company
   * objective elsewhere (which must reach one), 0 neither */
  int *persp = malloc(sizeof *persp * ((size_t)n + 1)), *parent = malloc(sizeof *parent * ((size_t)n + 1));
  char *role = malloc((size_t)n + 1);
  int nparents = 0;
  Objective *o;
  VEC_EACH(Objective *, o, p->objectives) {
    int pi = o->persp_eff && o->persp_eff->index >= 0 ? o->persp_eff->index : -1;
    if (pi >= 0) count[pi]++;
    persp[o_i] = pi;                       /* o->index is o_i (collect) */
    parent[o_i] = o->parent ? o->parent->index : -1;
    nparents += o->parent != NULL;
    role[o_i] = top && o->persp_eff == top ? 1 : o->level_eff == LEVEL_COMPANY && pi >= 0 && o->name.name ? 2 : 0;
  }
  Strategy *st = p->strategy;
  /* W002: a used perspective with no objectives (learning: W003 below) */
  Perspective *ps;
  if (st) {
    VEC_EACH(Perspective *, ps, p->perspectives) {
      if (count[ps->index] || ps == S->learning || !(ps->weight_v > 0)) continue;
      char w[48];
      type_fmt_num(ps->weight_v * 100, w, sizeof w);
      Diag *d = diag_report(S->de, W002, ps->weight_span, "perspective `%s` has no objectives", ps->name.name);
      if (st->has_perspectives && !S->weights_bad) diag_label(d, "weighted %s%% here, but no objective is in it", w);
      else if (st->has_perspectives) diag_label(d, "listed here, but no objective is in it");
      else diag_label(d, "this strategy uses every declared perspective, `%s` included", ps->name.name);
      if (st->has_perspectives)
        diag_help(d, "add an objective `in %s`, or remove `%s` from the strategy's `perspectives`", ps->name.name,
                  ps->name.name);
      else
        diag_help(d, "add an objective `in %s`, or list the perspectives the strategy uses in its "
                     "`perspectives { }` block", ps->name.name);
    }
  }
  /* W003: learning & growth neglected */
  if (st && S->learning) {
    Perspective *L = S->learning;
    const char *title = L->title.text ? L->title.text : L->name.name;
    if (!L->used) {
      Diag *d = diag_report(S->de, W003, st->persp_span, "the strategy leaves out %s", title);
      diag_label(d, "no `%s` among these perspectives", L->name.name);
      diag_help(d, "add `%s 10%%` (or more) and an objective in it: %s is the base of the strategy map, the cause of "
                   "every other result", L->name.name, title);
    } else if (L->weight_v > 0) {
      bool light = L->weight_v < 0.10 - 1e-12 && st->has_perspectives && !S->weights_bad;
      bool empty = count[L->index] == 0;
      if (light || empty) {
        char w[48];
        type_fmt_num(L->weight_v * 100, w, sizeof w);
        Diag *d;
        if (light && empty)
          d = diag_report(S->de, W003, L->weight_span, "%s is neglected: weighted only %s%% and no objective is in it",
                          title, w);
        else if (light)
          d = diag_report(S->de, W003, L->weight_span, "%s is neglected: weighted only %s%%", title, w);
        else
          d = diag_report(S->de, W003, L->weight_span, "%s is neglected: no objective is in it", title);
        diag_label(d, light ? "less than 10%%" : "nothing measures it");
        diag_help(d, "%s%s: learning & growth is the base of the strategy map, the cause of every other result",
                  light ? "give it at least 10%" : "", light && empty ? " and an objective" :
                  empty ? "add an objective in it" : "");
      }
    }
  }
  /* W005: no path to the top perspective, through links and alignment */
  if (top && count[top->index] > 0) {
    int m = nparents;
    Link *l;
    VEC_EACH(Link *, l, p->links) if (l->src && l->dst) m++;
    int *src = malloc(sizeof *src * ((size_t)m + 1)), *dst = malloc(sizeof *dst * ((size_t)m + 1));
    int e = 0;
    VEC_EACH(Link *, l, p->links)
      if (l->src && l->dst) { src[e] = l->dst->index; dst[e] = l->src->index; e++; }
    for (int i = 0; i < n; i++)
      if (parent[i] >= 0) { src[e] = parent[i]; dst[e] = i; e++; }
    Graph g;
    graph_build(&g, n, m, src, dst);
    char *seen = calloc((size_t)n + 1, 1);
    int *q = malloc(sizeof *q * ((size_t)n + 1)), qh = 0, qt = 0;
    for (int i = 0; i < n; i++)
      if (role[i] == 1) { seen[i] = 1; q[qt++] = i; }
    while (qh < qt) {
      int v = q[qh++];
      for (int k = g.off[v]; k < g.off[v + 1]; k++)
        if (!seen[g.dst[k]]) { seen[g.dst[k]] = 1; q[qt++] = g.dst[k]; }
    }
    /* for the help: the first connected objective of each perspective */
    Objective **first = calloc((size_t)np, sizeof *first);
    for (int i = 0; i < n; i++)
      if (seen[i] && persp[i] >= 0 && !first[persp[i]]) first[persp[i]] = p->objectives.items[i];
    for (int oi = 0; oi < n; oi++) {
      if (role[oi] != 2 || seen[oi]) continue;   /* only these objectives are read again */
      o = p->objectives.items[oi];
      Sym *self = amap_get(&S->names, o->name.name);
      if (!self || self->decl != o) continue;          /* a duplicate: E011 already */
      Diag *d = diag_report(S->de, W005, o->name.span, "objective `%s` has no path to the %s perspective",
                            o->name.name, top->name.name);
      diag_label(d, "no causal link or alignment leads from here to an objective in `%s`", top->name.name);
      Objective *cand = NULL;
      for (int i = o->persp_eff->index + 1; i < np && !cand; i++) cand = first[i];
      if (cand) {
        diag_help(d, "link it to an objective it drives, e.g. `%s -> %s`", o->name.name, oname(cand));
        char *link = NULL;                 /* the quick fix: that link, after the objective */
        if (asprintf(&link, "\n%s -> %s", o->name.name, oname(cand)) >= 0) {
          diag_fix(d, (Span){ o->h.span.file, o->h.span.end, o->h.span.end }, link);
          free(link);
        }
      }
      else
        diag_help(d, "link it to an objective it drives with `%s -> OBJECTIVE`", o->name.name);
    }
    free(first);
    free(seen);
    free(q);
    graph_free(&g);
    free(src);
    free(dst);
  }
  free(persp);
  free(parent);
  free(role);
  free(count);
}

/* ---- overload ------------------------------------------------------------ */

typedef struct OwnerInfo {
  int count, seen;
  Objective *first;
} OwnerInfo;

static const char *owner_of(Objective *o) {
  if (o->owner.text) return o->owner.text;
  if (o->group.text) return o->group.text;
  return NULL;
}

void chk_overload(Sema *S) {
  Program *p = S->p;
  int N = S->limit_owner, K = S->limit_krs;
  int n = p->objectives.len;
  OwnerInfo *infos = calloc((size_t)n + 1, sizeof *infos);
  int ninfos = 0;
  Map m = {0};
  const char **keys = malloc(sizeof *keys * ((size_t)n + 1));
  Objective *o;
  /* one loop over the objectives when nothing is over a limit (they are
   * far larger than the caches): the owners' counts, whether one has more
   * than N, whether an objective has more than K key results, and what
   * W060 needs (chk_unmeasured_note) */
  int most = 0;
  bool over_k = false;
  S->bare_counted = !S->opt.pass_each;
  S->nbare_objs = 0;
  VEC_EACH(Objective *, o, p->objectives) {
    if (S->bare_counted) chk_unmeasured_note(S, o);
    over_k |= o->nkrs > K;
    const char *ow = owner_of(o);
    keys[o->index] = NULL;
    if (!ow) continue;
    const char *key = intern(p->in, ow, strlen(ow));
    keys[o->index] = key;
    OwnerInfo *oi = map_get(&m, key);
    if (!oi) {
      oi = &infos[ninfos++];
      oi->first = o;
      map_put(&m, key, oi);
    }
    if (++oi->count > most) most = oi->count;
  }
  if (most > N) VEC_EACH(Objective *, o, p->objectives) {
    if (!keys[o->index]) continue;
    OwnerInfo *oi = map_get(&m, keys[o->index]);
    if (++oi->seen != N + 1 || !o->name.name) continue;
    Diag *d = diag_report(S->de, W006, o->name.span, "\"%s\" owns %d objectives, more than the limit of %d",
                          keys[o->index], oi->count, N);
    diag_label(d, "%s objective of \"%s\"", ordinal(S, N + 1), keys[o->index]);
    diag_note(d, oi->first->name.span, "the first objective of \"%s\"", keys[o->index]);
    if (S->opt.max_objectives_per_owner > 0)
      diag_help(d, "an owner with too many objectives focuses on none: give some to other owners, or raise the limit "
                   "with `--max-objectives %d`", oi->count);
    else
      diag_help(d, "an owner with too many objectives focuses on none: give some to other owners, or raise the limit "
                   "with `limit objectives_per_owner %d`", oi->count);
  }
  map_free(&m);
  free(keys);
  free(infos);
  if (over_k) VEC_EACH(Objective *, o, p->objectives) {
    if (o->nkrs <= K || !o->krs[K]) continue;
    KR *k = o->krs[K];
    Diag *d = diag_report(S->de, W007, k->name.span, "objective `%s` has %d key results, more than the limit of %d",
                          oname(o), o->nkrs, K);
    diag_label(d, "%s key result", ordinal(S, K + 1));
    diag_note(d, o->name.span, "objective `%s` is defined here", oname(o));
    diag_help(d, "keep the few key results that matter most and track the rest as KPIs (`kpi`), or raise the limit "
                 "with `%s %d`", S->opt.max_krs_per_objective > 0 ? "--max-krs" : "limit krs_per_objective", o->nkrs);
  }
}
