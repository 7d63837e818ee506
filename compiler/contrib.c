/*
 * contrib.c - the checks of contribution and strategic themes
 * (docs/language.md §6.1-6.3, docs/semantics.md §5.1-5.3):
 *
 *   - several parents: `aligns grow contributes 2, reliable supports`;
 *     each parent resolved, a repeat (E150), a cycle through any of them
 *     (E050), a weight on a contribution (E031), a parent no aligned
 *     objective counts in (W042);
 *   - KR -> KR cascades: `feeds revenue` on a team KR, `cascade sum` on the
 *     company KR it feeds.  The cascade becomes the fed KR's formula (sum,
 *     mean or weighted mean of its feeders, in load order), so that every
 *     evaluator - scoring, simulation, the compiled simulation - computes
 *     it as it computes any formula; units (E153), the rule (E154), a
 *     formula of its own (E155), unused words (W040, W041);
 *   - themes: their objectives resolved, a repeat (E152), a theme named
 *     twice (E011), an empty theme (W043).
 */
#define BSC_SEMA_INTERNAL
#include "sema.h"
#include "rollup.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *oname(const Objective *o) { return o && o->name.name ? o->name.name : "?"; }
static const char *kname(const KR *k) { return k && k->name.name ? k->name.name : "?"; }

static const char *level_word(Level l) {
  return l == LEVEL_TEAM ? "team" : l == LEVEL_INDIVIDUAL ? "individual" : "company";
}

/* ---- several parents ------------------------------------------------------ */

/* Every alignment edge child -> parent, with Tarjan-free DFS colouring: a
 * back edge closes a cycle, which is reported once and broken by dropping
 * the edge that closes it (the first parent's cycles were reported and
 * broken by chk_alignment already). */
static void parent_cycles(Sema *S) {
  Vec *objs = &S->p->objectives;
  int n = objs->len;
  unsigned char *color = calloc((size_t)n + 1, 1);
  int *stk = malloc(sizeof *stk * ((size_t)n + 1)), *it = malloc(sizeof *it * ((size_t)n + 1));
  for (int s = 0; s < n; s++) {
    if (color[s]) continue;
    int sp = 0;
    stk[sp] = s; it[sp] = 0; sp++;
    color[s] = 1;
    while (sp > 0) {
      Objective *v = objs->items[stk[sp - 1]];
      if (it[sp - 1] < v->nparents) {
        Align *al = &v->parents[it[sp - 1]++];
        Objective *w = al->obj;
        if (!w) continue;
        if (color[w->index] == 1) {
          Diag *d = diag_report(S->de, E050, al->to.span, "objectives align to each other in a cycle: `%s` -> `%s` -> ... -> `%s`",
                                oname(v), oname(w), oname(v));
          diag_label(d, "`%s` aligns to `%s`, which already rolls up into `%s`", oname(v), oname(w), oname(v));
          diag_help(d, "alignment runs up, from team and individual objectives to the company objectives they serve: remove one of these `aligns`");
          al->obj = NULL;
          if (al == &v->parents[0]) v->parent = NULL;
          continue;
        }
        if (color[w->index]) continue;
        color[w->index] = 1;
        stk[sp] = w->index; it[sp] = 0; sp++;
        continue;
      }
      color[v->index] = 2;
      sp--;
    }
  }
  free(color); free(stk); free(it);
}

/* The weight of a contribution, a feed or a theme's item: a positive
 * number, or a percentage (60% = 0.6). */
static bool weight_of(Sema *S, Expr *e, const char *what, double *out) {
  if (e && e->kind == EX_NUM && e->unit.name && !strcmp(e->unit.name, "%")) {
    *out = e->num * 0.01;
    if (*out > 0) return true;
    Diag *d = diag_report(S->de, E031, e->span, "%s must be positive", what);
    diag_label(d, "not above 0");
    diag_help(d, "weights are relative importance: use a number above 0 (the default is 1)");
    *out = 1;
    return false;
  }
  return sema_positive(S, e, what, out);
}

/* o's resolved parents into kids (each parent's aligned objectives) and
 * counted (those that count in it: rollup.c's rule), for W042. */
static void count_kids(const Objective *o, int *kids, int *counted) {
  for (int i = 0; i < o->nparents; i++) {
    const Align *al = &o->parents[i];
    if (!al->obj) continue;
    kids[al->obj->index]++;
    if (rollup_counts(al, false)) counted[al->obj->index]++;   /* the evaluators' rule (rollup.c) */
  }
}

void chk_contributions(Sema *S) {
  Objective *o;
  int n = S->p->objectives.len, multi = 0;
  int *kids = calloc((size_t)n + 1, sizeof *kids), *counted = calloc((size_t)n + 1, sizeof *counted);
  VEC_EACH(Objective *, o, S->p->objectives) {
    multi += o->nparents > 1;
    for (int i = 0; i < o->nparents; i++) {
      Align *al = &o->parents[i];
      al->from = o;
      al->weight_v = o->weight_v;
      if (al->weight) weight_of(S, al->weight, "the weight of a contribution", &al->weight_v);
      if (i == 0) { al->obj = o->parent; continue; }   /* resolved and checked by chk_alignment */
      Sym *s = sema_resolve(S, al->to, SYM_OBJECTIVE, "`aligns`");
      al->obj = s ? s->decl : NULL;
      if (!al->obj) continue;
      for (int j = 0; j < i; j++)
        if (o->parents[j].to.name == al->to.name) {
          Diag *d = diag_report(S->de, E150, al->to.span, "`%s` aligns to `%s` twice", oname(o), oname(al->obj));
          diag_label(d, "second alignment to `%s`", oname(al->obj));
          diag_note(d, o->parents[j].to.span, "first aligned here");
          diag_help(d, "name each parent once; give its weight with `contributes W`");
          al->obj = NULL;
          break;
        }
      if (al->obj && al->obj->level_eff > o->level_eff) {
        Diag *d = diag_report(S->de, E051, al->to.span, "%s objective `%s` aligns to %s objective `%s`",
                              level_word(o->level_eff), oname(o), level_word(al->obj->level_eff), oname(al->obj));
        diag_label(d, "alignment goes down the hierarchy");
        diag_help(d, "alignment goes up or sideways: make `%s` align to `%s` instead", oname(al->obj), oname(o));
        al->obj = NULL;
      }
    }
    count_kids(o, kids, counted);        /* while o is in the caches */
  }
  /* only first parents, whose cycles chk_alignment broke: no cycle, and
   * no parent that parent_cycles would drop */
  if (multi) {
    parent_cycles(S);
    memset(kids, 0, sizeof *kids * (size_t)n);
    memset(counted, 0, sizeof *counted * (size_t)n);
    VEC_EACH(Objective *, o, S->p->objectives) count_kids(o, kids, counted);
  }
  /* W042: a parent with no items of its own (KRs, scored KPIs) whose aligned
   * objectives all only support it (the arrays first: the nodes are read
   * again only for the few that qualify) */
  for (int oi = 0; oi < n; oi++) {
    if (!kids[oi] || counted[oi]) continue;
    o = S->p->objectives.items[oi];       /* o->index is oi (collect) */
    if (rollup_own_items(o) || !o->name.name) continue;
    Diag *d = diag_report(S->de, W042, o->name.span, "objective `%s` has no key results, and every objective aligned to it only supports it",
                          oname(o));
    diag_label(d, "it can never have a score: nothing is counted in it");
    diag_help(d, "give `%s` key results, or let an aligned objective count: `aligns %s contributes`", oname(o), oname(o));
  }
  free(kids); free(counted);
}

/* ---- KR -> KR cascades -------------------------------------------------- */

static Expr *ex(Sema *S, ExprKind k, Span sp) {
  Expr *e = arena_alloc(S->a, sizeof *e);
  e->kind = k;
  e->span = sp;
  e->depth = 1;
  return e;
}
static Expr *ex_bin(Sema *S, ExprKind k, Expr *l, Expr *r, Span sp) {
  Expr *e = ex(S, k, sp);
  e->lhs = l;
  e->rhs = r;
  e->depth = 1 + (l->depth > r->depth ? l->depth : r->depth);
  return e;
}
static Expr *ex_num(Sema *S, double v, Span sp) {
  Expr *e = ex(S, EX_NUM, sp);
  e->num = v;
  return e;
}

typedef struct FeedIn { KR *from; Feed *f; } FeedIn;

/* The formula of a cascade (docs/semantics.md §5.2), over its feeders in
 * load order: sum f1 + f2 + ... (left to right), mean (f1 + ... + fn) / n,
 * weighted (w1 * f1 + ... + wn * fn) / (w1 + ... + wn). */
static Expr *cascade_formula(Sema *S, const FeedIn *in, int n, int rule, Span at) {
  Expr *acc = NULL;
  double wsum = 0;
  for (int i = 0; i < n; i++) {
    Expr *r = ex(S, EX_REF, in[i].f->span);
    r->ref = in[i].from->name;
    r->ref.span = in[i].f->span;
    if (rule == 2) {
      r = ex_bin(S, EX_MUL, ex_num(S, in[i].f->weight_v, in[i].f->span), r, in[i].f->span);
      wsum += in[i].f->weight_v;
    }
    acc = acc ? ex_bin(S, EX_ADD, acc, r, at) : r;
  }
  if (rule == 1) acc = ex_bin(S, EX_DIV, acc, ex_num(S, (double)n, at), at);
  if (rule == 2) acc = ex_bin(S, EX_DIV, acc, ex_num(S, wsum, at), at);
  return acc;
}

static int rule_of(const char *w) {
  return !w ? -1 : !strcmp(w, "sum") ? 0 : !strcmp(w, "mean") ? 1 : !strcmp(w, "weighted") ? 2 : -1;
}

void chk_cascades(Sema *S) {
  Program *p = S->p;
  if (!S->ncascade_krs) return;       /* counted by check_units: no KR is read again */
  int n = p->krs.len;
  int *cnt = calloc((size_t)n + 1, sizeof *cnt);
  /* the KRs a later loop must see: fed, or with a `cascade` rule (the
   * others are not read again: a program's KRs are far larger than the
   * caches) */
  unsigned char *seen = calloc((size_t)n + 1, 1);
  int nfed = 0;
  KR *k;
  /* resolve, and count the feeders of each KR */
  VEC_EACH(KR *, k, p->krs) {
    if (k->cascade.name) seen[k_i] = 1;
    for (int i = 0; i < k->nfeeds; i++) {
      Feed *f = &k->feeds[i];
      f->weight_v = 1;
      if (f->weight) weight_of(S, f->weight, "the weight of a feed", &f->weight_v);
      Sym *s = sema_resolve(S, f->to, SYM_KR, "`feeds`");
      f->target = s ? s->decl : NULL;
      KR *t = f->target;
      if (!t) continue;
      if (t == k) {
        Diag *d = diag_report(S->de, E070, f->to.span, "key result `%s` feeds itself", kname(k));
        diag_label(d, "a key result cannot roll into itself");
        diag_help(d, "name the key result of the objective `%s` serves", k->obj ? oname(k->obj) : "it");
        f->target = NULL;
        continue;
      }
      for (int j = 0; j < i; j++)
        if (k->feeds[j].target == t) {
          Diag *d = diag_report(S->de, E150, f->to.span, "`%s` feeds `%s` twice", kname(k), kname(t));
          diag_label(d, "second feed into `%s`", kname(t));
          diag_note(d, k->feeds[j].to.span, "first fed here");
          diag_help(d, "name each key result once");
          f->target = NULL;
          break;
        }
      if (!f->target) continue;
      double x;
      if (k->type && t->type && k->type->kind != TY_ERROR && t->type->kind != TY_ERROR &&
          !type_convert(&S->tt, k->type, t->type, 1, &x)) {
        Diag *d = diag_report(S->de, E153, f->to.span, "`%s` is %s and cannot feed `%s`, which is %s", kname(k),
                              type_str(k->type), kname(t), type_str(t->type));
        diag_label(d, "units of different dimensions do not add up");
        diag_note(d, t->unit.span, "`%s` is measured in %s", kname(t), type_str(t->type));
        diag_help(d, "feed a key result measured in a unit that converts to %s, or remove `feeds %s`",
                  type_str(k->type), kname(t));
        f->target = NULL;
        continue;
      }
      cnt[t->index]++;
      seen[t->index] = 1;
      nfed++;
    }
  }
  /* the feeders of each KR, in load order */
  int *off = calloc((size_t)n + 2, sizeof *off);
  for (int i = 0; i < n; i++) off[i + 1] = off[i] + cnt[i];
  FeedIn *in = malloc(sizeof *in * ((size_t)off[n] + 1));
  memset(cnt, 0, sizeof *cnt * (size_t)n);
  if (nfed)
    VEC_EACH(KR *, k, p->krs)
      for (int i = 0; i < k->nfeeds; i++) {
        KR *t = k->feeds[i].target;
        if (t) in[off[t->index] + cnt[t->index]++] = (FeedIn){k, &k->feeds[i]};
      }
  for (int ki = 0; ki < n; ki++) {
    if (!seen[ki]) continue;
    k = p->krs.items[ki];                    /* k->index is ki */
    int m = cnt[ki];
    const FeedIn *mine = in + off[ki];
    if (!m) {
      if (k->cascade.name) {
        Diag *d = diag_report(S->de, W040, k->cascade.span, "key result `%s` has a cascade rule, but no key result feeds it",
                              kname(k));
        diag_label(d, "nothing to roll up");
        diag_help(d, "add `feeds %s` to the team key results that make it up, or remove `cascade`", kname(k));
      }
      continue;
    }
    int rule = rule_of(k->cascade.name);
    if (rule < 0) {
      Span at = k->cascade.name ? k->cascade.span : k->name.span;
      Diag *d = k->cascade.name
        ? diag_report(S->de, E154, at, "unknown cascade rule `%s`", k->cascade.name)
        : diag_report(S->de, E154, at, "key result `%s` is fed by %d key result%s but has no cascade rule", kname(k), m,
                      m == 1 ? "" : "s");
      diag_label(d, k->cascade.name ? "expected `sum`, `mean` or `weighted`" : "how do they make its value?");
      diag_note(d, mine[0].f->span, "`%s` feeds it here", kname(mine[0].from));
      diag_help(d, "add `cascade sum` (regional revenues add up), `cascade mean` or `cascade weighted` to `%s`", kname(k));
      continue;
    }
    if (k->formula) {
      Diag *d = diag_report(S->de, E155, k->formula->span, "key result `%s` is fed by other key results and has a formula too",
                            kname(k));
      diag_label(d, "a second way to compute it");
      diag_note(d, mine[0].f->span, "`%s` feeds it here", kname(mine[0].from));
      diag_help(d, "keep one: remove the formula, or the `feeds %s` of its feeders", kname(k));
      continue;
    }
    if (rule != 2)
      for (int i = 0; i < m; i++)
        if (mine[i].f->weight) {
          Diag *d = diag_report(S->de, W041, mine[i].f->weight->span, "the weight of this feed has no effect: `%s` is `cascade %s`",
                                kname(k), k->cascade.name);
          diag_label(d, "ignored");
          diag_note(d, k->cascade.span, "the rule is here");
          diag_help(d, "write `cascade weighted` on `%s` for a weighted mean, or remove the weight", kname(k));
        }
    k->formula = cascade_formula(S, mine, m, rule, k->cascade.span);
    k->cascaded = true;
  }
  free(cnt); free(off); free(in); free(seen);
}

/* ---- themes ---------------------------------------------------------------- */

void chk_themes(Sema *S) {
  Theme *t;
  VEC_EACH(Theme *, t, S->p->themes) {
    for (int j = 0; j < t->index; j++) {
      Theme *u = S->p->themes.items[j];
      if (u->name.name == t->name.name && t->name.name) {
        Diag *d = diag_report(S->de, E011, t->name.span, "theme `%s` is defined twice", t->name.name);
        diag_label(d, "second definition");
        diag_note(d, u->name.span, "first defined here");
        diag_help(d, "rename one of the themes, or merge their objectives");
        break;
      }
    }
    if (!t->nitems) {
      Diag *d = diag_report(S->de, W043, t->name.span, "theme `%s` names no objective", t->name.name ? t->name.name : "?");
      diag_label(d, "an empty theme has no score");
      diag_help(d, "list the objectives of its causal story: `theme %s \"...\" { OBJECTIVE OBJECTIVE ... }`",
                t->name.name ? t->name.name : "NAME");
    }
    for (int i = 0; i < t->nitems; i++) {
      ThemeItem *it = &t->items[i];
      it->weight_v = 1;
      if (it->weight) weight_of(S, it->weight, "the weight of an objective in a theme", &it->weight_v);
      Sym *s = sema_resolve(S, it->obj, SYM_OBJECTIVE, "a theme");
      it->o = s ? s->decl : NULL;
      for (int j = 0; it->o && j < i; j++)
        if (t->items[j].o == it->o) {
          Diag *d = diag_report(S->de, E152, it->obj.span, "theme `%s` names `%s` twice", t->name.name, oname(it->o));
          diag_label(d, "second mention");
          diag_note(d, t->items[j].obj.span, "first named here");
          diag_help(d, "name each objective once; give its weight after its name: `%s 2`", oname(it->o));
          it->o = NULL;
        }
    }
  }
}
