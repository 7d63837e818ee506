/*
 * sema.c - the checker's driver: collects declarations into namespaces,
 * resolves names, evaluates constants with their units, and checks the
 * strategy block, key results, KPIs, links, initiatives and actuals.  The
 * strategy-level graph checks (alignment, loops, balance, overload) live in
 * checks.c.  docs/checks.md describes every rule.
 *
 * Error discipline: a node whose check failed gets the error type (or a
 * NULL symbol), and every later check skips error types silently, so each
 * mistake is reported once.
 */
#define BSC_SEMA_INTERNAL
#include "sema.h"
#include "plan.h"
#include "actuals.h"
#include "store.h"

#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MASK(k) (1u << (k))

/* ---- small helpers --------------------------------------------------- */

/* Before a check changes a parsed field of a node of file `file`: its
 * bytes as they are, for a caller that checks the node again (sema.h). */
static void undo_note(Sema *S, int file, void *at, size_t n) {
  SemaUndo *u = S->opt.undo;
  if (!u || file != S->p->main_file) return;
  if (n > sizeof u->e->old) abort();       /* a Period or a Str: a programming error */
  if (u->n == u->cap) {
    u->cap = u->cap ? u->cap * 2 : 16;
    u->e = bsc_realloc(u->e, sizeof *u->e * (size_t)u->cap);
  }
  SemaUndoEnt *x = &u->e[u->n++];
  x->at = at;
  x->n = n;
  memcpy(x->old, at, n);
}

void sema_undo_apply(SemaUndo *u) {
  for (int i = u->n - 1; i >= 0; i--) memcpy(u->e[i].at, u->e[i].old, u->e[i].n);
  u->n = 0;
}

void sema_undo_free(SemaUndo *u) {
  free(u->e);
  u->e = NULL;
  u->n = u->cap = 0;
}

const char *sema_sym_kind_name(SymKind k) {
  switch (k) {
  case SYM_OBJECTIVE: return "an objective";
  case SYM_KR: return "a key result";
  case SYM_KPI: return "a KPI";
  case SYM_INITIATIVE: return "an initiative";
  case SYM_PERSPECTIVE: return "a perspective";
  case SYM_UNIT: return "a unit";
  }
  return "a name";
}

static const char *want_noun(unsigned want) {
  if (want == (MASK(SYM_KR) | MASK(SYM_KPI))) return "a key result or KPI";
  if (want == MASK(SYM_OBJECTIVE)) return "an objective";
  if (want == MASK(SYM_KR)) return "a key result";
  if (want == MASK(SYM_KPI)) return "a KPI";
  if (want == MASK(SYM_PERSPECTIVE)) return "a perspective";
  if (want == MASK(SYM_INITIATIVE)) return "an initiative";
  return "a name";
}

static const char *want_bare(unsigned want) {
  const char *n = want_noun(want);
  return n[1] == 'n' && n[2] == ' ' ? n + 3 : n + 2;   /* drop "a " / "an " */
}

int sema_period_months(PeriodKind k) {
  switch (k) {
  case PER_YEAR: return 12;
  case PER_HALF: return 6;
  case PER_QUARTER: return 3;
  case PER_MONTH: return 1;
  default: return 0;
  }
}

/* The first month of year `year` of a fiscal year that starts in month fy
 * (1-12), as year*12 + month-1: a fiscal year is named by the calendar year
 * it ends in, so FY2025 of a July year begins in July 2024 (semantics.md
 * §1.1).  fy 0 or 1: the calendar year. */
static int year_start(int year, int fy) {
  return fy > 1 ? (year - 1) * 12 + fy - 1 : year * 12;
}

int sema_period_start(Period p) {
  int y0 = year_start(p.year, p.fiscal ? p.fy : 0);
  switch (p.kind) {
  case PER_YEAR: return y0;
  case PER_HALF: return y0 + (p.sub - 1) * 6;
  case PER_QUARTER: return y0 + (p.sub - 1) * 3;
  case PER_MONTH: return p.year * 12 + p.sub - 1;
  case PER_WEEK: case PER_DAY: return ast_period_month(p);
  default: return 0;
  }
}

long sema_period_key(Period p) {
  return p.kind == PER_WEEK || p.kind == PER_DAY ? ast_period_last_day(p) : sema_period_start(p);
}

Period sema_period_at(PeriodKind k, int month, int fy) {
  Period p = {0};
  p.kind = k;
  if (k == PER_MONTH || k == PER_NONE) {
    p.year = month / 12;
    p.sub = month % 12 + 1;
    return p;
  }
  p.fiscal = fy > 0;
  p.fy = fy;
  p.year = month / 12;
  if (year_start(p.year + 1, fy) <= month) p.year++;   /* a July year: July 2024 is in FY2025 */
  int r = month - year_start(p.year, fy);
  p.sub = k == PER_QUARTER ? r / 3 + 1 : k == PER_HALF ? r / 6 + 1 : 0;
  return p;
}

static const char *const month_names[12] = {
  "january", "february", "march", "april", "may", "june",
  "july", "august", "september", "october", "november", "december",
};

/* `July`, `jul`, `JULY`: 1-12, or 0. */
static int month_number(const char *w) {
  size_t n = strlen(w);
  if (n < 3) return 0;
  for (int m = 0; m < 12; m++) {
    size_t full = strlen(month_names[m]);
    if (n != 3 && n != full) continue;
    size_t i = 0;
    while (i < n && (w[i] | 0x20) == month_names[m][i]) i++;
    if (i == n) return m + 1;
  }
  return 0;
}

const char *sema_period_naming(const Strategy *st, Period *pd) {
  int fy = st ? st->fiscal_v : 0;
  if (pd->kind == PER_NONE || pd->kind == PER_MONTH) {
    if (pd->kind == PER_MONTH && pd->fiscal) return "a month is a calendar month: it is written without `FY`";
    return NULL;
  }
  if (pd->fiscal && !fy) return "the strategy has no fiscal year";
  if (!pd->fiscal && fy) return "the strategy's years are fiscal years";
  pd->fy = fy;
  return NULL;
}

int sema_period_end(Period p) {
  return sema_period_start(p) + (sema_period_months(p.kind) > 0 ? sema_period_months(p.kind) - 1 : 0);
}

const char *sema_period_str(Sema *S, Period p) {
  const char *fy = p.fiscal ? "FY" : "";
  switch (p.kind) {
  case PER_YEAR: return arena_printf(S->a, "%s%d", fy, p.year);
  case PER_HALF: return arena_printf(S->a, "%s%d-H%d", fy, p.year, p.sub);
  case PER_QUARTER: return arena_printf(S->a, "%s%d-Q%d", fy, p.year, p.sub);
  case PER_WEEK: return arena_printf(S->a, "%d-W%02d", p.year, p.sub);
  case PER_DAY: return arena_printf(S->a, "%d-%02d-%02d", p.year, p.sub, p.day);
  case PER_MONTH: return arena_printf(S->a, "%d-%02d", p.year, p.sub);
  default: return "(none)";
  }
}

static const char *kind_noun(PeriodKind k) {
  switch (k) {
  case PER_YEAR: return "year";
  case PER_HALF: return "half year";
  case PER_QUARTER: return "quarter";
  case PER_MONTH: return "month";
  case PER_WEEK: return "week";
  case PER_DAY: return "day";
  default: return "period";
  }
}


static const char *desc(Sema *S, const Type *t) {
  char buf[128];
  type_describe(&S->tt, t, buf, sizeof buf);
  return arena_strdup(S->a, buf);
}

static const char *fmtv(Sema *S, const Type *t, double v) {
  char buf[96];
  type_fmt_value(t, v, buf, sizeof buf);
  return arena_strdup(S->a, buf);
}

static const char *fmtn(Sema *S, double v) {
  char buf[48];
  type_fmt_num(v, buf, sizeof buf);
  return arena_strdup(S->a, buf);
}

static bool is_error(const Type *t) { return !t || t->kind == TY_ERROR; }
/* A threshold's operator as written (`>=` for anything else). */
static const char *cmp_text(SpecKind k) { return k == SPEC_GT ? ">" : k == SPEC_LE ? "<=" : k == SPEC_LT ? "<" : ">="; }

/* A span for a declaration that may span many lines: its name when it has
 * one, else its first `len` bytes. */
static Span head_span(Span s, uint32_t len) {
  if (s.end > s.off + len) s.end = s.off + len;
  return s;
}

/* ---- namespaces ------------------------------------------------------- */

static Sym *declare(Sema *S, AMap *ns, Vec *list, SymKind k, Ident name, void *decl) {
  if (!name.name) return NULL;
  Sym *old = amap_get(ns, name.name);
  if (old) {
    Diag *d = diag_report(S->de, E011, name.span, "the name `%s` is defined twice", name.name);
    diag_label(d, "`%s` redefined here", name.name);
    diag_note(d, old->span, "`%s` is first defined here, as %s", name.name, sema_sym_kind_name(old->kind));
    if (old->kind != k && ns == &S->names)
      diag_help(d, "objectives, key results, KPIs and initiatives share one namespace: rename one of them");
    else
      diag_help(d, "rename or remove one of the two definitions");
    return NULL;
  }
  Sym *s = arena_alloc(S->a, sizeof *s);
  s->kind = k;
  s->name = name.name;
  s->span = name.span;
  s->decl = decl;
  amap_put(S->a, ns, name.name, s);
  if (list) vec_push(S->a, list, s);
  return s;
}

/* `perspective NAME "TITLE"` with no rank: a new title for the perspective
 * NAME declared before (in the prelude or an import), so that a city can call
 * learning & growth "Develop Employees" and keep its rank.  Returns true when
 * handled (retitled, or E001 without an earlier one); false lets declare()
 * report a second retitle as E011. */
static bool retitle_perspective(Sema *S, Perspective *ps) {
  if (!ps->name.name) return true;
  Sym *old = amap_get(&S->persps, ps->name.name);
  if (!old) {
    Diag *d = diag_report(S->de, E001, ps->h.span, "perspective `%s` has no rank", ps->name.name);
    diag_label(d, "expected `rank N` here");
    diag_help(d, "the rank orders the strategy map from causes (low) to results (high), e.g. `rank 2.5`; without "
                 "one, `perspective NAME \"TITLE\"` renames a perspective declared before, such as the prelude's");
    return true;
  }
  Perspective *op = old->decl;
  if (op->retitled || !ps->title.text) return false;
  undo_note(S, op->h.span.file, &op->title, sizeof op->title);
  op->title = ps->title;
  op->retitled = true;
  return true;
}

Sym *sema_lookup(const Program *p, const char *name) {
  if (!p->sema || !name) return NULL;
  return amap_get(&p->sema->names, intern(p->in, name, strlen(name)));
}

Perspective *sema_lookup_perspective(const Program *p, const char *name) {
  if (!p->sema || !name) return NULL;
  Sym *s = amap_get(&p->sema->persps, intern(p->in, name, strlen(name)));
  return s ? s->decl : NULL;
}

Type *sema_unit_type(const Program *p, const char *name) {
  if (!p->sema || !name) return NULL;
  return type_lookup(&p->sema->tt, name);
}

static const char *suggest(Sema *S, const char *name, unsigned want) {
  if (!name) return NULL;
  int len = utf8_count(name, strlen(name));
  int cap = len / 3 > 1 ? len / 3 : 1;
  const char *best = NULL;
  int bestd = cap + 1;
  Vec *list = want == MASK(SYM_PERSPECTIVE) ? &S->persp_syms : &S->syms;
  Sym *s;
  VEC_EACH(Sym *, s, *list) {
    if (!(want & MASK(s->kind)) || s->name == name) continue;
    int d = edit_distance(name, s->name, cap);
    if (d < bestd) { bestd = d; best = s->name; }
  }
  return best;
}

void sema_suggest_help(Sema *S, Diag *d, const char *name, SymKind want) {
  const char *b = suggest(S, name, MASK(want));
  if (b) diag_help(d, "did you mean `%s`?", b);
}

/* Resolves `id` to a symbol of one of the kinds in `want`; reports E010 or
 * E012 and returns NULL otherwise.  `context` names the place in a
 * sentence: "`aligns`", "a causal link". */
static Sym *resolve(Sema *S, Ident id, unsigned want, const char *context) {
  if (!id.name) return NULL;
  bool persp = want == MASK(SYM_PERSPECTIVE);
  Sym *s = amap_get(persp ? &S->persps : &S->names, id.name);
  if (!s) {
    Sym *other = amap_get(persp ? &S->names : &S->persps, id.name);
    if (other) s = other;
  }
  if (!s) {
    Diag *d = diag_report(S->de, E010, id.span, "cannot find %s `%s`", want_bare(want), id.name);
    diag_label(d, "not defined");
    diag_did_you_mean(d, suggest(S, id.name, want));
    return NULL;
  }
  if (want & MASK(s->kind)) return s;
  Diag *d = diag_report(S->de, E012, id.span, "`%s` is %s, but %s needs %s", id.name,
                        sema_sym_kind_name(s->kind), context, want_noun(want));
  diag_label(d, "not %s", want_noun(want));
  diag_note(d, s->span, "`%s` is defined here", id.name);
  const char *b = suggest(S, id.name, want);
  if (b) diag_did_you_mean(d, b);
  else if ((s->kind == SYM_KR || s->kind == SYM_KPI) && (want & MASK(SYM_OBJECTIVE)) &&
           ((KR *)s->decl)->obj && ((KR *)s->decl)->obj->name.name)
    diag_help(d, "`%s` belongs to objective `%s`; did you mean `%s`?", id.name,
              ((KR *)s->decl)->obj->name.name, ((KR *)s->decl)->obj->name.name);
  else if (s->kind == SYM_OBJECTIVE && (want & MASK(SYM_KR)) && ((Objective *)s->decl)->nkrs > 0) {
    Objective *o = s->decl;
    Buf kb;
    buf_init(&kb);
    int n = 0;
    for (int i = 0; i < o->nkrs && n < 3; i++)
      if (o->krs[i] && o->krs[i]->name.name) buf_printf(&kb, "%s`%s`", n++ ? ", " : "", o->krs[i]->name.name);
    if (n) diag_help(d, "name one of its key results: %s%s", kb.data, o->nkrs > 3 ? ", ..." : "");
    buf_free(&kb);
  }
  return NULL;
}

Sym *sema_resolve(Sema *S, Ident id, SymKind want, const char *context) {
  return resolve(S, id, MASK(want), context);
}

/* ---- constant evaluation and expression typing ------------------------ */

typedef struct TV {
  Type *t;
  double v;
  bool cst;         /* a compile-time constant */
} TV;

static TV tv_err(Sema *S) { return (TV){&S->tt.error, 0, true}; }
static Type *rate_unit(Sema *S, Map *infos, Type *num, const UnitPer *per, Span num_span);
static Type *unit_part(Sema *S, Map *infos, Ident id);

static Type *num_unit(Sema *S, Ident u) {
  if (!u.name) return &S->tt.number;
  Type *t = type_lookup(&S->tt, u.name);
  if (t) return t;
  Diag *d = diag_report(S->de, E020, u.span, "unknown unit `%s`", u.name);
  diag_label(d, "not a unit");
  const char *b = type_suggest(&S->tt, u.name);
  if (!strcmp(u.name, "m") || !strcmp(u.name, "b"))
    diag_help(d, "a million is written `M` and a billion `B` (`3m` is a lag of three months)");
  else if (b && type_is_currency_code(b) && !type_lookup(&S->tt, b))
    diag_help(d, "currency codes are written in capitals: `%s`", b);
  else if (b)
    diag_did_you_mean(d, b);
  else
    diag_help(d, "declare it with `unit %s` (or `unit %s = FACTOR BASE`), or use a currency code such as `CNY`",
              u.name, u.name);
  return &S->tt.error;
}

static const char *op_verb(TypeOp op) {
  switch (op) {
  case TOP_ADD: return "add";
  case TOP_SUB: return "subtract";
  case TOP_MUL: return "multiply";
  case TOP_DIV: return "divide";
  }
  return "combine";
}

static void report_binop(Sema *S, Expr *e, TypeOp op, Type *l, Type *r) {
  const char *dl = desc(S, l), *dr = desc(S, r);
  Diag *d;
  switch (op) {
  case TOP_ADD: d = diag_report(S->de, E021, e->span, "cannot add %s to %s", dr, dl); break;
  case TOP_SUB: d = diag_report(S->de, E021, e->span, "cannot subtract %s from %s", dr, dl); break;
  case TOP_MUL: d = diag_report(S->de, E021, e->span, "cannot multiply %s by %s", dl, dr); break;
  default: d = diag_report(S->de, E021, e->span, "cannot divide %s by %s", dl, dr); break;
  }
  diag_label(d, "cannot %s %s and %s", op_verb(op), type_str(l), type_str(r));
  if (e->rhs) diag_note(d, e->rhs->span, "this is %s", dr);
  Type *pc = S->tt.percent, *pp = S->tt.pp;
  if (pc && pp && ((l == pp && r == pc) || (l == pc && r == pp) || l == pp || r == pp))
    diag_help(d, "`percent - percent` is `pp` and `percent ± pp` is a percent; a change of 12 pp is not a change of 12 %%");
  else if (op == TOP_MUL)
    diag_help(d, "at most one side of `*` may have a unit (percentages scale anything)");
  else if (op == TOP_DIV)
    diag_help(d, "divide by the same unit (giving a plain number), by a `count` (a per-item value) or by a plain number");
  else
    diag_help(d, "both sides of `%s` must measure the same thing", op == TOP_ADD ? "+" : "-");
}

static TV eval(Sema *S, Expr *e, bool formula);
static bool check_range(Sema *S, Expr *e, Type *t, double v, const char *who, Span unit_span, bool delta);

/* prev(m), prev(m, N), prev(m, 1y): the value of measure m N cadence
 * periods earlier (docs/semantics.md §3.1).  Resolves the offset into
 * e->num; E107 for anything else. */
static TV eval_prev(Sema *S, Expr *e, bool formula, TV *args) {
  TV res = tv_err(S);
  Expr *m = e->args[0];
  if (!formula) {
    Diag *d = diag_report(S->de, E107, e->span, "`prev` reads an earlier period: it belongs in a formula");
    diag_label(d, "not a formula");
    diag_help(d, "a target or a plan is a constant; compute growth in a calculated KR: `= revenue / prev(revenue, 1y) - 1`");
    return res;
  }
  if (m->kind != EX_REF || !m->sym || (m->sym->kind != SYM_KR && m->sym->kind != SYM_KPI)) {
    if (is_error(args[0].t)) return res;
    Diag *d = diag_report(S->de, E107, m->span, "`prev` reads a key result or KPI by its name");
    diag_label(d, "not the name of a measure");
    diag_help(d, "write `prev(NAME)` or `prev(NAME, 1y)`; for an expression, make it a calculated KR first");
    return res;
  }
  e->num = 1;
  if (e->nargs == 2) {
    Expr *n = e->args[1];
    int cm = sema_period_months(S->cadence), months = -1;
    if (n->kind == EX_NUM && n->span_unit) months = (int)n->num * sema_period_months(n->span_unit);
    else if (n->kind == EX_NUM && !n->unit.name && n->num >= 1 && n->num <= 1000 && n->num == (int)n->num)
      months = (int)n->num * cm;                /* in range before the conversion: (int)1e20 is undefined */
    if (months <= 0 || cm <= 0 || months % cm || months / cm > 1000) {
      Diag *d = diag_report(S->de, E107, n->span, "`prev` goes back a whole number of %ss, from 1 to 1000",
                            kind_noun(S->cadence));
      diag_label(d, "not a whole number of %ss", kind_noun(S->cadence));
      diag_help(d, "write `prev(%s)` for the period before, `prev(%s, 1y)` for the same period a year earlier",
                m->ref.name, m->ref.name);
      return res;
    }
    e->num = months / cm;
  }
  return (TV){args[0].t, args[0].v, false};
}

/* pow(base, exponent): plain numbers only (a growth factor, a CAGR). */
static TV eval_pow(Sema *S, Expr *e, TV *args, bool cst) {
  for (int i = 0; i < 2; i++)
    if (type_has_unit(args[i].t)) {
      Diag *d = diag_report(S->de, E021, e->args[i]->span, "`pow` takes plain numbers, not %s", desc(S, args[i].t));
      diag_label(d, "this is %s", desc(S, args[i].t));
      diag_help(d, "divide by a value of the same unit first: `pow(revenue / prev(revenue, 3y), 1 / 3) - 1`");
      return tv_err(S);
    }
  return (TV){&S->tt.number, pow(args[0].v, args[1].v), cst};
}

static TV eval_call(Sema *S, Expr *e, bool formula) {
  const char *fn = e->ref.name;
  TV *args = e->nargs > 0 ? malloc(sizeof *args * (size_t)e->nargs) : NULL;
  bool bad = false, cst = true;
  for (int i = 0; i < e->nargs; i++) {
    if (fn == S->s_prev && i == 1 && e->args && e->args[1]) {   /* a count of periods: checked by eval_prev */
      args[i] = (TV){&S->tt.number, e->args[1]->num, true};
      e->args[1]->type = &S->tt.number;
      continue;
    }
    args[i] = e->args && e->args[i] ? eval(S, e->args[i], formula) : tv_err(S);
    if (is_error(args[i].t)) bad = true;
    cst = cst && args[i].cst;
  }
  TV res = tv_err(S);
  int min_args = 0, max_args = 0;
  if (fn == S->s_abs) min_args = max_args = 1;
  else if (fn == S->s_min || fn == S->s_max) { min_args = 2; max_args = 1 << 30; }
  else if (fn == S->s_avg) { min_args = 1; max_args = 1 << 30; }
  else if (fn == S->s_prev) { min_args = 1; max_args = 2; }
  else if (fn == S->s_pow) min_args = max_args = 2;
  if (!fn) goto out;
  if (!min_args) {
    Diag *d = diag_report(S->de, E071, e->ref.span, "unknown function `%s`", fn);
    diag_label(d, "not a function");
    static const char *const names[] = {"min", "max", "abs", "avg", "prev", "pow"};
    static const char *const synonyms[][2] = {
      {"mean", "avg"}, {"average", "avg"}, {"minimum", "min"}, {"maximum", "max"}, {"absolute", "abs"},
    };
    const char *best = NULL;
    int bestd = 3;
    for (size_t i = 0; i < sizeof synonyms / sizeof synonyms[0]; i++)
      if (!strcmp(fn, synonyms[i][0])) { best = synonyms[i][1]; bestd = 0; }
    for (int i = 0; i < 6 && !best; i++) {
      int dd = edit_distance(fn, names[i], 2);
      if (dd < bestd) { bestd = dd; best = names[i]; }
    }
    if (best) diag_help(d, "did you mean `%s`?", best);
    else diag_help(d, "the functions are `min`, `max`, `abs`, `avg`, `prev` and `pow`");
    goto out;
  }
  if (e->nargs < min_args || e->nargs > max_args) {
    Diag *d;
    if (min_args == max_args)
      d = diag_report(S->de, E071, e->span, "`%s` takes %d argument%s but %d %s given", fn, max_args,
                      max_args == 1 ? "" : "s", e->nargs, e->nargs == 1 ? "was" : "were");
    else if (max_args == 2)
      d = diag_report(S->de, E071, e->span, "`%s` takes 1 or 2 arguments but %d %s given", fn, e->nargs,
                      e->nargs == 1 ? "was" : "were");
    else
      d = diag_report(S->de, E071, e->span, "`%s` takes at least %d argument%s but %d %s given", fn, min_args,
                      min_args == 1 ? "" : "s", e->nargs, e->nargs == 1 ? "was" : "were");
    diag_label(d, "wrong number of arguments");
    if (fn == S->s_min || fn == S->s_max) diag_help(d, "write `%s(a, b)`", fn);
    else if (fn == S->s_abs && e->nargs == 2) diag_help(d, "for the distance between two values, write `abs(a - b)`");
    else if (fn == S->s_prev) diag_help(d, "write `prev(NAME)` or `prev(NAME, 1y)`");
    else if (fn == S->s_pow) diag_help(d, "write `pow(base, exponent)`");
    goto out;
  }
  if (bad) goto out;
  if (fn == S->s_prev) { res = eval_prev(S, e, formula, args); goto out; }
  if (fn == S->s_pow) { res = eval_pow(S, e, args, cst); goto out; }
  if (fn == S->s_abs) {
    res = (TV){args[0].t, fabs(args[0].v), cst};
    goto out;
  }
  /* min, max, avg: every argument in one unit (that of the first with a unit) */
  Type *t = &S->tt.number;
  int first = -1;
  for (int i = 0; i < e->nargs; i++)
    if (type_has_unit(args[i].t)) { t = args[i].t; first = i; break; }
  double acc = 0, mn = INFINITY, mx = -INFINITY;
  for (int i = 0; i < e->nargs; i++) {
    double v;
    if (!type_convert(&S->tt, args[i].t, t, args[i].v, &v)) {
      Diag *d = diag_report(S->de, E021, e->args[i]->span, "arguments of `%s` have different units: %s and %s", fn,
                            desc(S, t), desc(S, args[i].t));
      diag_label(d, "this is %s", desc(S, args[i].t));
      diag_note(d, e->args[first]->span, "this is %s", desc(S, t));
      diag_help(d, "every argument of `%s` must measure the same thing", fn);
      goto out;
    }
    acc += v;
    if (v < mn) mn = v;
    if (v > mx) mx = v;
  }
  res.t = t;
  res.cst = cst;
  res.v = fn == S->s_min ? mn : fn == S->s_max ? mx : acc / e->nargs;
out:
  free(args);
  e->type = res.t;
  return res;
}

static TV eval(Sema *S, Expr *e, bool formula) {
  if (!e) return tv_err(S);
  TV r = tv_err(S);
  switch (e->kind) {
  case EX_NUM:
    if (e->span_unit) {              /* `4q`, `1y` outside prev (eval_call reads it there) */
      Diag *d = diag_report(S->de, E107, e->span, "a span of periods counts only how far `prev` goes back");
      diag_label(d, "not a value");
      diag_help(d, "write a number, or `prev(NAME, %d%c)` for the value of NAME that long ago", (int)e->num,
                ast_period_word(e->span_unit)[0]);
      e->type = &S->tt.error;
      return tv_err(S);
    }
    r = (TV){num_unit(S, e->unit), e->num, true};
    if (e->per && !is_error(r.t)) {
      if (!e->unit.name) {
        Diag *d = diag_report(S->de, E161, e->per->span, "a rate needs its first unit");
        diag_label(d, "per what of what?");
        diag_help(d, "write both units, e.g. `3.5 USD/gallon`, or the number alone (it takes the measure's unit)");
        r.t = &S->tt.error;
      } else {
        Type *rt = rate_unit(S, NULL, r.t, e->per, e->unit.span);
        r.t = rt ? rt : &S->tt.error;
      }
    }
    break;
  case EX_BOOL:
    r = (TV){&S->tt.boolean, e->num, true};
    break;
  case EX_REF:
    if (!formula) {
      if (!e->ref.name) break;
      Diag *d = diag_report(S->de, E022, e->span, "expected a constant value, found the name `%s`", e->ref.name);
      diag_label(d, "not a constant");
      diag_help(d, "write a number with its unit here; only a calculated key result (`= EXPR`) can refer to other key results");
      break;
    }
    {
      Sym *s = resolve(S, e->ref, MASK(SYM_KR) | MASK(SYM_KPI), "a formula");
      if (!s) break;
      e->sym = s;
      KR *k = s->decl;
      r = (TV){k->type ? k->type : &S->tt.error, 0, false};
    }
    break;
  case EX_NEG: {
    TV a = eval(S, e->lhs, formula);
    r = (TV){a.t, -a.v, a.cst};
    break;
  }
  case EX_ADD: case EX_SUB: case EX_MUL: case EX_DIV: {
    TV a = eval(S, e->lhs, formula), b = eval(S, e->rhs, formula);
    if (is_error(a.t) || is_error(b.t)) break;
    TypeOp op = e->kind == EX_ADD ? TOP_ADD : e->kind == EX_SUB ? TOP_SUB : e->kind == EX_MUL ? TOP_MUL : TOP_DIV;
    double lv = a.v, rv = b.v;
    Type *t = type_binop(&S->tt, op, a.t, b.t, &lv, &rv);
    if (!t) { report_binop(S, e, op, a.t, b.t); break; }
    double v = 0;
    switch (op) {
    case TOP_ADD: v = lv + rv; break;
    case TOP_SUB: v = lv - rv; break;
    case TOP_MUL: v = lv * rv; break;
    case TOP_DIV:
      if (b.cst && rv == 0) {
        Diag *d = diag_report(S->de, E022, e->rhs->span, "division by zero");
        diag_label(d, "this is zero");
        t = &S->tt.error;
      } else if (rv != 0) {
        v = lv / rv;
      }
      break;
    }
    r = (TV){t, v, a.cst && b.cst};
    break;
  }
  case EX_CALL:
    return eval_call(S, e, formula);
  }
  e->type = r.t;
  return r;
}

/* Evaluates a constant and converts it into `want`.  `who` names the
 * measure ("`cycle`"), `unit_span` is where its unit is written (for the
 * note).  Returns false (after reporting, unless something was already
 * reported) when the value is unusable. */
static bool value_in(Sema *S, Expr *e, Type *want, const char *who, Span unit_span, double *out) {
  *out = 0;
  if (!e) return false;
  TV r = eval(S, e, false);
  *out = r.v;
  if (is_error(r.t) || is_error(want)) return false;
  S->last_found = r.t;
  if (r.t == S->quiet_found) {        /* the same mistake as the value before */
    double v;
    if (!type_convert(&S->tt, r.t, want, r.v, &v)) return false;
  }
  if (S->tt.count && want->kind == TY_UNIT && want->base == S->tt.count->base &&
      r.t->kind == TY_UNIT && (r.t == S->tt.percent || r.t == S->tt.pp)) {
    Diag *d = diag_report(S->de, E022, e->span, "a count cannot be %s", desc(S, r.t));
    diag_label(d, "%s is not a number of items", fmtv(S, r.t, r.v));
    if (who) diag_note(d, unit_span, "`%s` is measured in %s", who, type_str(want));
    diag_help(d, "write the number of items, or measure `%s` in `percent`", who ? who : "it");
    return false;
  }
  double v;
  if (!type_convert(&S->tt, r.t, want, r.v, &v)) {
    Diag *d = diag_report(S->de, E021, e->span, "mismatched units: expected %s, found %s", desc(S, want), desc(S, r.t));
    diag_label(d, "expected %s", type_str(want));
    if (who) diag_note(d, unit_span, "`%s` is measured in %s", who, type_str(want));
    char fx[64];                           /* the quick fix of a literal: the other unit */
    if (want == S->tt.percent && r.t == S->tt.pp) {
      diag_help(d, "a change of %s is not a change of %s%%: write the value as a percent, e.g. `%s%%`",
                fmtv(S, r.t, r.v), fmtn(S, r.v), fmtn(S, r.v));
      if (e->kind == EX_NUM && snprintf(fx, sizeof fx, "%s%%", fmtn(S, r.v)) > 0) diag_fix(d, e->span, fx);
    } else if (want == S->tt.pp && r.t == S->tt.percent) {
      diag_help(d, "a difference of two percentages is in percentage points: write `%spp`", fmtn(S, r.v));
      if (e->kind == EX_NUM && snprintf(fx, sizeof fx, "%spp", fmtn(S, r.v)) > 0) diag_fix(d, e->span, fx);
    }
    else if (want->kind == TY_CURRENCY && r.t->kind == TY_CURRENCY)
      diag_help(d, "different currencies do not convert: write the amount in %s", want->code);
    else if (want->kind == TY_UNIT || want->kind == TY_CURRENCY)
      diag_help(d, "write the value in %s, or as a bare number (a bare number takes the unit of its context)",
                type_str(want));
    return false;
  }
  *out = v;
  return true;
}

/* ---- distributions (docs/simulation.md) ------------------------------ */

typedef struct DistInfo {
  const char *name;
  DistKind kind;
  int nargs;
  const char *sig;
} DistInfo;

static const DistInfo dist_table[] = {
  {"normal", DIST_NORMAL, 2, "normal(mean, sd)"},
  {"lognormal", DIST_LOGNORMAL, 2, "lognormal(mean, sd)"},
  {"uniform", DIST_UNIFORM, 2, "uniform(low, high)"},
  {"triangular", DIST_TRIANGULAR, 3, "triangular(low, mode, high)"},
  {"pert", DIST_PERT, 3, "pert(low, mode, high)"},
  {"beta", DIST_BETA, 2, "beta(alpha, beta)"},
  {"bernoulli", DIST_BERNOULLI, 1, "bernoulli(p)"},
};
enum { NDIST = sizeof dist_table / sizeof dist_table[0] };

static const DistInfo *dist_find(const char *name) {
  for (int i = 0; name && i < NDIST; i++)
    if (!strcmp(name, dist_table[i].name)) return &dist_table[i];
  return NULL;
}

/* A value in `want`; for a percent measure, percentage points are accepted
 * as the same number when `delta` (a shift of 2pp moves 30% to 32%). */
static bool dist_value(Sema *S, Expr *e, Type *want, bool delta, const char *who, Span uspan, double *out) {
  if (delta && want == S->tt.percent && S->tt.pp) {
    TV r = eval(S, e, false);
    if (r.t == S->tt.pp) { *out = r.v; return true; }
  }
  return value_in(S, e, want, who, uspan, out);
}

/* A plain number (or a percent, as a fraction) for beta/bernoulli. */
static bool dist_number(Sema *S, Expr *e, double *out) {
  TV r = eval(S, e, false);
  if (is_error(r.t)) return false;
  if (!type_convert(&S->tt, r.t, &S->tt.number, r.v, out)) {
    Diag *d = diag_report(S->de, E021, e->span, "expected a plain number, found %s", desc(S, r.t));
    diag_label(d, "a shape parameter or a probability has no unit");
    return false;
  }
  return true;
}

static void dist_bad(Sema *S, Expr *e, const char *fmt, const char *sig) {
  Diag *d = diag_report(S->de, E022, e->span, "%s", fmt);
  diag_label(d, "invalid parameters");
  diag_help(d, "the distribution is `%s`", sig);
}

/* Resolves `e` as an uncertain value of `want` (a KR's unit; plain
 * numbers when the effect is relative): a distribution call, or a
 * constant (DIST_CONST).  `delta`: a shift rather than a level, so that
 * range checks (rating scales, counts) do not apply.  Returns false after
 * reporting. */
static bool eval_dist(Sema *S, Expr *e, Type *want, bool delta, const char *who, Span uspan, Dist *out) {
  memset(out, 0, sizeof *out);
  if (!e || is_error(want)) return false;
  if (e->kind != EX_CALL || (e->ref.name && (e->ref.name == S->s_min || e->ref.name == S->s_max ||
                                             e->ref.name == S->s_abs || e->ref.name == S->s_avg ||
                                             e->ref.name == S->s_prev || e->ref.name == S->s_pow))) {
    out->kind = DIST_CONST;
    if (!dist_value(S, e, want, delta, who, uspan, &out->p[0])) return false;
    return delta || check_range(S, e, want, out->p[0], who, uspan, false);
  }
  const DistInfo *di = dist_find(e->ref.name);
  if (!di) {
    Diag *d = diag_report(S->de, E071, e->ref.span, "unknown distribution `%s`", e->ref.name ? e->ref.name : "?");
    diag_label(d, "not a distribution");
    Closest near = closest_init(e->ref.name ? e->ref.name : "", 2);
    for (int i = 0; i < NDIST; i++) closest_try(&near, dist_table[i].name);
    if (near.best) diag_help(d, "did you mean `%s`?", near.best);
    else diag_help(d, "the distributions are normal, lognormal, uniform, triangular, pert, beta and bernoulli");
    return false;
  }
  if (e->nargs != di->nargs) {
    Diag *d = diag_report(S->de, E071, e->span, "`%s` takes %d argument%s but %d %s given", di->name, di->nargs,
                          di->nargs == 1 ? "" : "s", e->nargs, e->nargs == 1 ? "was" : "were");
    diag_label(d, "wrong number of arguments");
    diag_help(d, "write `%s`", di->sig);
    return false;
  }
  out->kind = di->kind;
  bool ok = true;
  switch (di->kind) {
  case DIST_BETA:
    for (int i = 0; i < 2; i++) ok = dist_number(S, e->args[i], &out->p[i]) && ok;
    if (!ok) return false;
    if (!(out->p[0] > 0 && out->p[1] > 0)) { dist_bad(S, e, "the shape parameters of `beta` must be positive", di->sig); return false; }
    /* beta gives a fraction: its scale into the measure's unit */
    if (!type_convert(&S->tt, S->tt.ratio ? S->tt.ratio : &S->tt.number, want, 1.0, &out->p[2])) {
      Diag *d = diag_report(S->de, E021, e->span, "`beta` gives a fraction, but `%s` is measured in %s", who, type_str(want));
      diag_label(d, "a value between 0 and 1");
      diag_note(d, uspan, "`%s` is measured in %s", who, type_str(want));
      diag_help(d, "use `pert(low, mode, high)` for an estimate in %s", type_str(want));
      return false;
    }
    return true;
  case DIST_BERNOULLI:
    if (!dist_number(S, e->args[0], &out->p[0])) return false;
    if (!(out->p[0] >= 0 && out->p[0] <= 1)) { dist_bad(S, e, "the probability of `bernoulli` must be between 0 and 1", di->sig); return false; }
    if (!delta && want->kind != TY_MILESTONE) {
      Diag *d = diag_report(S->de, E022, e->span, "`bernoulli` is done or not done, but `%s` is measured in %s", who, type_str(want));
      diag_label(d, "gives 0 or 1");
      diag_note(d, uspan, "`%s` is measured in %s", who, type_str(want));
      diag_help(d, "use `bernoulli` for milestones; for a quantity, use `normal`, `pert` or `triangular`");
      return false;
    }
    return true;
  default:
    for (int i = 0; i < di->nargs; i++) ok = dist_value(S, e->args[i], want, delta, who, uspan, &out->p[i]) && ok;
    if (!ok) return false;
    break;
  }
  if (want->kind == TY_MILESTONE && want->steps == 1 && !delta) {
    Diag *d = diag_report(S->de, E022, e->span, "`%s` is done or not done: its forecast is `bernoulli(p)`", who);
    diag_label(d, "a continuous distribution");
    diag_help(d, "write `forecast bernoulli(0.8)` for an 80%% chance of being done");
    return false;
  }
  double a = out->p[0], b = out->p[1], c = out->p[2];
  switch (di->kind) {
  case DIST_NORMAL:
    if (!(b >= 0)) { dist_bad(S, e, "the standard deviation of `normal` must not be negative", di->sig); return false; }
    break;
  case DIST_LOGNORMAL:
    if (!(a > 0 && b >= 0)) { dist_bad(S, e, "`lognormal` needs a positive mean and a standard deviation not below 0", di->sig); return false; }
    break;
  case DIST_UNIFORM:
    if (!(a < b)) { dist_bad(S, e, "`uniform` needs low < high", di->sig); return false; }
    break;
  case DIST_TRIANGULAR: case DIST_PERT:
    if (!(a <= b && b <= c && a < c)) { dist_bad(S, e, "three-point estimates need low <= mode <= high, with low < high", di->sig); return false; }
    break;
  default:
    break;
  }
  return true;
}

/* Value range checks of a converted value in its unit (E022). */
static bool check_range(Sema *S, Expr *e, Type *t, double v, const char *who, Span unit_span, bool delta) {
  if (is_error(t) || !e) return true;
  if (t->kind == TY_RATING && !delta && (v < t->lo || v > t->hi)) {
    Diag *d = diag_report(S->de, E022, e->span, "%s is outside the rating scale %s..%s", fmtn(S, v),
                          fmtn(S, t->lo), fmtn(S, t->hi));
    diag_label(d, "not between %s and %s", fmtn(S, t->lo), fmtn(S, t->hi));
    if (who) diag_note(d, unit_span, "`%s` is rated on the scale %s", who, type_str(t));
    return false;
  }
  if (t->kind == TY_MILESTONE && !delta && (v < 0 || v > t->steps || v != floor(v))) {
    Diag *d = diag_report(S->de, E022, e->span, "%s is not a valid value for %s", fmtn(S, v), type_str(t));
    if (t->steps == 1) {
      diag_label(d, "expected `true` or `false`");
    } else {
      diag_label(d, "expected a whole number of steps from 0 to %d", t->steps);
    }
    if (who) diag_note(d, unit_span, "`%s` is %s", who, desc(S, t));
    return false;
  }
  if (S->tt.count && t->kind == TY_UNIT && t->base == S->tt.count->base && !delta && v < 0) {
    Diag *d = diag_report(S->de, E022, e->span, "a count cannot be negative");
    diag_label(d, "%s items", fmtn(S, v));
    if (who) diag_note(d, unit_span, "`%s` is a count", who);
    return false;
  }
  return true;
}

/* A plain positive number, e.g. a weight (E031).  Percentages count as
 * fractions. */
static bool positive_number(Sema *S, Expr *e, const char *what, double *out) {
  TV r = eval(S, e, false);
  *out = 1;
  if (is_error(r.t)) return false;
  double v;
  if (!type_convert(&S->tt, r.t, &S->tt.number, r.v, &v)) {
    Diag *d = diag_report(S->de, E031, e->span, "%s must be a plain number, found %s", what, desc(S, r.t));
    diag_label(d, "not a number");
    diag_help(d, "write a plain number such as `2`");
    return false;
  }
  if (!(v > 0)) {
    Diag *d = diag_report(S->de, E031, e->span, "%s must be positive, found %s", what, fmtn(S, v));
    diag_label(d, v == 0 ? "zero weight" : "negative weight");
    diag_help(d, "weights are relative importance: use a number above 0 (the default is 1)");
    return false;
  }
  *out = v;
  return true;
}

bool sema_positive(Sema *S, Expr *e, const char *what, double *out) {
  return positive_number(S, e, what, out);
}

/* ---- collection ------------------------------------------------------- */

static void collect_kr(Sema *S, KR *k, Objective *o) {
  Program *p = S->p;
  if (o) k->obj = o;
  if (k->h.kind == ND_KPI) {
    declare(S, &S->names, &S->syms, SYM_KPI, k->name, k);
    k->index = p->kpis.len;
    vec_push(&p->arena, &p->kpis, k);
    if (!o) vec_push(S->a, &S->top_kpis, k);
  } else {
    declare(S, &S->names, &S->syms, SYM_KR, k->name, k);
    k->index = p->krs.len;
    vec_push(&p->arena, &p->krs, k);
  }
}

/* Room for n items in v: the tables of a big file are filled without
 * growing (each growth copies and leaves the old array in the arena). */
static void vec_reserve(Arena *a, Vec *v, int n) {
  if (n <= v->cap) return;
  void **items = arena_alloc(a, sizeof(void *) * (size_t)n);
  if (v->len) memcpy(items, v->items, sizeof(void *) * (size_t)v->len);
  v->items = items;
  v->cap = n;
}

/* Sizes the shared namespace and the lists collect() fills from a count
 * of the declarations, so that a 400,000-KR file never rehashes them. */
static void collect_reserve(Sema *S) {
  Program *p = S->p;
  int nobj = 0, nkr = 0, nkpi = 0, nnames = 0;
  for (int fi = 0; fi < p->nfiles; fi++) {
    AstFile *f = p->files[fi];
    if (!f) continue;
    for (int di = 0; di < f->ndecls; di++) {
      Node *n = f->decls[di];
      if (!n) continue;
      if (n->kind == ND_OBJECTIVE) {
        Objective *o = (Objective *)n;
        nobj++; nkr += o->nkrs; nkpi += o->nkpis;
      } else if (n->kind == ND_KPI) nkpi++;
      else if (n->kind == ND_INITIATIVE) nnames++;
    }
  }
  nnames += nobj + nkr + nkpi;
  amap_reserve(S->a, &S->names, (size_t)nnames);
  vec_reserve(S->a, &S->syms, S->syms.len + nnames);
  vec_reserve(&p->arena, &p->objectives, p->objectives.len + nobj);
  vec_reserve(&p->arena, &p->krs, p->krs.len + nkr);
  vec_reserve(&p->arena, &p->kpis, p->kpis.len + nkpi);
}

static void collect(Sema *S) {
  Program *p = S->p;
  collect_reserve(S);
  for (int fi = 0; fi < p->nfiles; fi++) {
    AstFile *f = p->files[fi];
    if (!f) continue;
    for (int di = 0; di < f->ndecls; di++) {
      Node *n = f->decls[di];
      if (!n) continue;
      switch (n->kind) {
      case ND_IMPORT: break;
      case ND_STRATEGY: vec_push(S->a, &S->strategies, n); break;
      case ND_PERSPECTIVE: {
        Perspective *ps = (Perspective *)n;
        ps->index = -1;
        if (!ps->rank && retitle_perspective(S, ps)) break;
        if (declare(S, &S->persps, &S->persp_syms, SYM_PERSPECTIVE, ps->name, ps))
          vec_push(S->a, &S->all_persps, ps);
        break;
      }
      case ND_UNIT: {
        UnitDecl *u = (UnitDecl *)n;
        if (declare(S, &S->unitsyms, NULL, SYM_UNIT, u->name, u)) vec_push(S->a, &S->unit_decls, u);
        break;
      }
      case ND_OBJECTIVE: {
        Objective *o = (Objective *)n;
        declare(S, &S->names, &S->syms, SYM_OBJECTIVE, o->name, o);
        o->index = p->objectives.len;
        vec_push(&p->arena, &p->objectives, o);
        for (int i = 0; i < o->nkrs; i++)
          if (o->krs[i]) collect_kr(S, o->krs[i], o);
        for (int i = 0; i < o->nkpis; i++)
          if (o->kpis[i]) collect_kr(S, o->kpis[i], o);
        break;
      }
      case ND_KR: case ND_KPI: collect_kr(S, (KR *)n, NULL); break;
      case ND_LINK: vec_push(&p->arena, &p->links, n); break;
      case ND_INITIATIVE: {
        Initiative *in = (Initiative *)n;
        declare(S, &S->names, &S->syms, SYM_INITIATIVE, in->name, in);
        vec_push(&p->arena, &p->initiatives, in);
        break;
      }
      case ND_ACTUALS: vec_push(&p->arena, ((Actuals *)n)->close ? &p->closes : &p->actuals, n); break;
      case ND_THEME:
        ((Theme *)n)->index = p->themes.len;
        vec_push(&p->arena, &p->themes, n);
        break;
      }
    }
  }
}

/* ---- units ------------------------------------------------------------ */

typedef struct UnitInfo {
  UnitDecl *u;
  int state;        /* 0 new, 1 resolving, 2 done */
  Type *t;          /* NULL: invalid (already reported) */
} UnitInfo;

static Type *resolve_unit(Sema *S, Map *infos, UnitInfo *ui) {
  if (ui->state == 2) return ui->t;
  if (ui->state == 1) return NULL;     /* cycle: reported by the caller */
  ui->state = 1;
  UnitDecl *u = ui->u;
  Type *t = NULL;
  if (u->bad) {
    /* its syntax error is reported: declared invalid below */
  } else if (!u->factor && !u->base.name) {
    t = type_declare_base(&S->tt, u->name.name);
  } else {
    double factor = 1, fdiv = 1;
    bool ok = true;
    if (u->factor && u->factor->kind == EX_DIV && !(u->factor->rhs->num > 0)) {
      Diag *d = diag_report(S->de, E022, u->factor->span, "the factor of unit `%s` must be positive", u->name.name);
      diag_label(d, "divides by %s", fmtn(S, u->factor->rhs->num));
      ok = false;
    } else if (u->factor && u->factor->kind == EX_DIV) {
      /* `1/60 hours`: kept as a fraction, so that conversions stay exact */
      factor = u->factor->lhs->num;
      fdiv = u->factor->rhs->num;
      if (!(factor > 0)) {
        Diag *d = diag_report(S->de, E022, u->factor->span, "the factor of unit `%s` must be positive", u->name.name);
        diag_label(d, "%s", fmtn(S, factor));
        ok = false;
      }
    } else if (u->factor) {
      TV r = eval(S, u->factor, false);
      if (is_error(r.t)) ok = false;
      else if (type_has_unit(r.t)) {
        Diag *d = diag_report(S->de, E022, u->factor->span, "the factor of unit `%s` must be a plain number", u->name.name);
        diag_label(d, "this is %s", desc(S, r.t));
        diag_help(d, "write `unit %s = FACTOR BASE`, e.g. `unit days = 24 hours`", u->name.name);
        ok = false;
      } else if (!(r.v > 0)) {
        Diag *d = diag_report(S->de, E022, u->factor->span, "the factor of unit `%s` must be positive", u->name.name);
        diag_label(d, "%s", fmtn(S, r.v));
        ok = false;
      } else {
        factor = r.v;
      }
    }
    UnitInfo *bi = u->base.name ? map_get(infos, u->base.name) : NULL;
    Type *bt = NULL;
    if (!u->base.name) {
      ok = false;
    } else if (!bi && (u->per.unit.name || type_is_currency_code(u->base.name))) {
      bt = unit_part(S, infos, u->base);   /* the first unit of a rate may be a currency */
      if (!bt) ok = false;
    } else if (!bi) {
      Diag *d = diag_report(S->de, E020, u->base.span, "unknown unit `%s`", u->base.name);
      if (type_is_currency_code(u->base.name)) {
        diag_label(d, "a currency cannot be the base of a declared unit");
        diag_help(d, "write amounts in `%s` directly", u->base.name);
      } else {
        diag_label(d, "not a unit");
        const char *b = type_suggest(&S->tt, u->base.name);
        if (!b) {   /* units declared later are not in the type table yet */
          int len = utf8_count(u->base.name, strlen(u->base.name));
          int cap = len / 3 > 1 ? len / 3 : 1, bestd = cap + 1;
          UnitDecl *o;
          VEC_EACH(UnitDecl *, o, S->unit_decls) {
            int dd = edit_distance(u->base.name, o->name.name, cap);
            if (dd < bestd) { bestd = dd; b = o->name.name; }
          }
        }
        if (b) diag_help(d, "did you mean `%s`?", b);
        else diag_help(d, "declare the base unit first: `unit %s`", u->base.name);
      }
      ok = false;
    } else {
      bt = resolve_unit(S, infos, bi);
      if (!bt && bi->state == 1) {
        Diag *d = diag_report(S->de, E020, u->base.span, "the definition of unit `%s` is circular", u->name.name);
        diag_label(d, "`%s` is defined through `%s`, which leads back to `%s`", u->name.name, u->base.name, u->name.name);
        diag_note(d, bi->u->name.span, "`%s` is defined here", u->base.name);
        diag_help(d, "one unit of each dimension must be a base unit: `unit NAME` with no `=`");
      }
      if (!bt) ok = false;
    }
    if (ok && u->per.unit.name) bt = rate_unit(S, infos, bt, &u->per, u->base.span);
    if (ok && bt) t = type_declare_ratio(&S->tt, u->name.name, factor, fdiv, bt);
  }
  if (!t) {
    type_declare_invalid(&S->tt, u->name.name);
  }
  ui->t = t;
  ui->state = 2;
  return t;
}

/* A unit named in a rate's definition: declared (resolved first, in any
 * order) or a currency; NULL after E020 when it is neither. */
static Type *unit_part(Sema *S, Map *infos, Ident id) {
  UnitInfo *ui = infos ? map_get(infos, id.name) : NULL;
  if (ui) return resolve_unit(S, infos, ui);           /* a cycle is reported by its own declaration */
  Type *t = type_lookup(&S->tt, id.name);
  if (t) return is_error(t) ? NULL : t;
  num_unit(S, id);
  return NULL;
}

/* The rate `num / per` (E161 when its parts make none). */
static Type *rate_unit(Sema *S, Map *infos, Type *num, const UnitPer *per, Span num_span) {
  Type *den = unit_part(S, infos, per->unit);
  if (!num || !den) return NULL;
  const char *why = NULL;
  Type *t = type_rate(&S->tt, num, den, per->n, &why);
  if (t) return t;
  Span at = num_span;
  if (!(per->n > 0) || !isfinite(per->n)) at = per->n_span;
  else if (per->span.end > at.end) at.end = per->span.end;
  char nb[40] = "";
  if (per->has_n) snprintf(nb, sizeof nb, "%s ", fmtn(S, per->n));
  Diag *d = diag_report(S->de, E161, at, "`%s/%s%s` is not a rate unit", type_str(num), nb, type_str(den));
  diag_label(d, "%s", why);
  diag_help(d, "a rate is a quantity or a currency per a quantity or a currency, e.g. `USD/gallon` or `cases/1000 people`");
  return NULL;
}

static void resolve_units(Sema *S) {
  int n = S->unit_decls.len;
  UnitInfo *infos = calloc((size_t)n + 1, sizeof *infos);
  Map m = {0};
  for (int i = 0; i < n; i++) {
    infos[i].u = S->unit_decls.items[i];
    map_put(&m, infos[i].u->name.name, &infos[i]);
  }
  for (int i = 0; i < n; i++) resolve_unit(S, &m, &infos[i]);
  map_free(&m);
  free(infos);
}

static Type *kr_unit_atom(Sema *S, KR *k);

/* The unit of a KR or KPI: its unit, or a rate of it (`USD/gallon`). */
static Type *kr_unit(Sema *S, KR *k) {
  Type *t = kr_unit_atom(S, k);
  if (!k->unit.per.unit.name || is_error(t)) return t;
  Type *r = rate_unit(S, NULL, t, &k->unit.per, k->unit.name.span);
  return r ? r : &S->tt.error;
}

static Type *kr_unit_atom(Sema *S, KR *k) {
  UnitRef *u = &k->unit;
  switch (u->form) {
  case UF_NAMED: {
    if (!u->name.name) return &S->tt.error;
    Type *t = type_lookup(&S->tt, u->name.name);
    if (t) return t;
    return num_unit(S, u->name);        /* reports E020 */
  }
  case UF_CURRENCY: {
    const char *c = u->code.name;
    if (!c) return &S->tt.error;
    if (!type_is_currency_code(c)) {
      Diag *d = diag_report(S->de, E020, u->code.span, "`%s` is not a currency code", c);
      diag_label(d, "expected three capital letters");
      const char *b = type_suggest(&S->tt, c);
      if (b && type_is_currency_code(b)) diag_help(d, "did you mean `%s`?", b);
      else diag_help(d, "use an ISO 4217 code such as `CNY`, `USD` or `EUR`");
      return &S->tt.error;
    }
    return type_currency(&S->tt, c);
  }
  case UF_RATING:
    if (!(u->lo < u->hi)) {
      Diag *d = diag_report(S->de, E022, u->span, "the rating scale %s..%s is empty", fmtn(S, u->lo), fmtn(S, u->hi));
      diag_label(d, "the low end must be below the high end");
      diag_help(d, "write the scale from low to high, e.g. `rating(1..5)`");
      return &S->tt.error;
    }
    return type_rating(&S->tt, u->lo, u->hi);
  case UF_MILESTONE: {
    bool boolean = u->name.name && !strcmp(u->name.name, "boolean");
    if (!boolean && u->steps < 1) {
      Diag *d = diag_report(S->de, E022, u->span, "a milestone needs at least one step");
      diag_label(d, "milestone(%d)", u->steps);
      diag_help(d, "write `milestone` for a single step, or `milestone(N)` with N >= 1");
      return &S->tt.error;
    }
    return type_milestone(&S->tt, boolean ? 1 : u->steps, boolean);
  }
  }
  return &S->tt.error;
}

/* ---- perspectives and the strategy ------------------------------------ */

static int cmp_persp(const void *a, const void *b) {
  const Perspective *x = *(Perspective *const *)a, *y = *(Perspective *const *)b;
  if (x->rank_v < y->rank_v) return -1;
  if (x->rank_v > y->rank_v) return 1;
  return x->index < y->index ? -1 : x->index > y->index;   /* declaration order */
}

static PeriodKind cadence_kind(const char *s) {
  if (!s) return PER_NONE;
  if (!strcmp(s, "quarter")) return PER_QUARTER;
  if (!strcmp(s, "month")) return PER_MONTH;
  if (!strcmp(s, "year")) return PER_YEAR;
  if (!strcmp(s, "half")) return PER_HALF;
  return PER_NONE;
}

static Span first_strategy_span(Strategy *st) {
  return st->title.text ? st->title.span : head_span(st->h.span, 8);
}

/* ---- fiscal years (docs/semantics.md §1.1) ------------------------------ */

/* "July" for month index 6. */
static const char *month_title(Sema *S, int m0) {
  char *t = arena_strdup(S->a, month_names[m0]);
  t[0] = (char)(t[0] - 32);
  return t;
}

/* E105 at a period whose naming does not match the years of st, the
 * strategy (E106 at a week or a date that is not measured). */
static void fix_period_of(Sema *S, const Strategy *st, Period *pd, bool measured) {
  if (!measured && (pd->kind == PER_WEEK || pd->kind == PER_DAY)) {
    Diag *d = diag_report(S->de, E106, pd->span, "%s %s names when a value was measured, not a period of the plan",
                          pd->kind == PER_WEEK ? "week" : "date", sema_period_str(S, *pd));
    diag_label(d, "a %s here", pd->kind == PER_WEEK ? "week" : "date");
    Period m = sema_period_at(PER_MONTH, ast_period_month(*pd), 0);
    diag_help(d, "the finest period of a horizon, a due date, a start or a plan is a month: write `%s`", sema_period_str(S, m));
    undo_note(S, pd->span.file, pd, sizeof *pd);
    pd->kind = PER_NONE;
    return;
  }
  const char *why = sema_period_naming(st, pd);
  if (!why) return;
  const char *was = sema_period_str(S, *pd);
  Diag *d = diag_report(S->de, E105, pd->span, "period %s is named by %s years, but %s", was,
                        pd->fiscal ? "fiscal" : "calendar", why);
  if (pd->kind == PER_MONTH) {
    diag_label(d, "a month with `FY`");
    diag_help(d, "write the calendar month, e.g. `%d-%02d`", pd->year, pd->sub);
  } else if (pd->fiscal) {
    diag_label(d, "no fiscal year is declared");
    diag_help(d, "declare the fiscal year in the strategy (`fiscal year starts July`), or write `%s`", was + 2);
  } else {
    /* the fiscal period of the same months, when there is one */
    int m = sema_period_start(*pd);
    Period f = sema_period_at(pd->kind, m, st->fiscal_v);
    diag_label(d, "a calendar %s", pd->kind == PER_YEAR ? "year" : pd->kind == PER_HALF ? "half year" : "quarter");
    diag_note(d, st->fiscal_span, "the fiscal year starts in %s", month_title(S, st->fiscal_v - 1));
    if (sema_period_start(f) == m)
      diag_help(d, "these months are %s; write the fiscal period, with `FY`", sema_period_str(S, f));
    else {
      int fs = sema_period_start(f), fe = sema_period_end(f);
      diag_help(d, "write a fiscal period (%s is %s %d .. %s %d), or calendar months", sema_period_str(S, f),
                month_title(S, fs % 12), fs / 12, month_title(S, fe % 12), fe / 12);
    }
  }
  undo_note(S, pd->span.file, pd, sizeof *pd);
  pd->kind = PER_NONE;     /* reported: later checks skip it */
}

static void fix_period(Sema *S, Period *pd, bool measured) { fix_period_of(S, S->p->strategy, pd, measured); }

/* The month a fiscal year starts in (1-12), 0 for calendar years or a
 * name that is not a month (E104, reported by resolve_fiscal). */
static int fiscal_month(const Strategy *st) {
  return st->fiscal_month.name ? month_number(st->fiscal_month.name) : 0;
}

/* The periods of a measure, named as st's years are. */
static void fix_measure_periods(Sema *S, const Strategy *st, KR *k) {
  fix_period_of(S, st, &k->due, false);
  fix_period_of(S, st, &k->starts, false);
  for (int i = 0; i < k->nplan; i++) fix_period_of(S, st, &k->plan[i].at, false);
}

/* `fiscal year starts MONTH` (E104), then every period of the program
 * named as the strategy's years are (E105), before anything reads their
 * months. */
static void resolve_fiscal(Sema *S, Strategy *st) {
  Program *p = S->p;
  st->fiscal_v = fiscal_month(st);
  if (st->fiscal_month.name) {
    if (!st->fiscal_v) {
      Diag *d = diag_report(S->de, E104, st->fiscal_month.span, "`%s` is not a month", st->fiscal_month.name);
      diag_label(d, "expected a month name");
      const char *best = NULL;
      for (int m = 0; m < 12 && !best; m++)
        if (edit_distance(st->fiscal_month.name, month_names[m], 2) <= 2) best = month_names[m];
      if (best) diag_help(d, "did you mean `%s`?", month_title(S, month_number(best) - 1));
      else diag_help(d, "write the month the fiscal year starts in, e.g. `fiscal year starts July`");
    }
  }
  fix_period(S, &st->from, false);
  fix_period(S, &st->to, false);
  Objective *o;
  VEC_EACH(Objective *, o, p->objectives) fix_period(S, &o->starts, false);
  if (S->fiscal_de) {              /* checked in check_units' loop */
    diag_append(S->de, S->fiscal_de);
    diag_free(S->fiscal_de);
    S->fiscal_de = NULL;
  } else {
    Vec *lists[2] = {&p->krs, &p->kpis};
    for (int l = 0; l < 2; l++) {
      KR *k;
      VEC_EACH(KR *, k, *lists[l]) fix_measure_periods(S, st, k);
    }
  }
  Actuals *a;
  VEC_EACH(Actuals *, a, p->actuals) fix_period(S, &a->period, true);
  VEC_EACH(Actuals *, a, p->closes) fix_period(S, &a->period, false);
}

/* `store "..."` (docs/store.md): a name bscc can open as a SQLite file or
 * a PostgreSQL server, without a password (the file is shared, and is
 * often in version control).  Anything that is not a server's name is a
 * file's path, so a name that looks like another kind of store is
 * refused here rather than created as an odd file at the first check-in. */
static void check_store(Sema *S, const Strategy *st) {
  const char *w = st->store.text;
  Span sp = st->store.span;
  if (!w) return;
  const char *ctl = w;
  while (*ctl && (unsigned char)*ctl >= 0x20 && *ctl != 0x7F) ctl++;
  const char *scheme = strstr(w, "://");
  const char *eq = strchr(w, '='), *space = strchr(w, ' ');
  Diag *d;
  if (!*w) {
    d = diag_report(S->de, E093, sp, "the store is empty");
    diag_label(d, "names no store");
    diag_help(d, "name a SQLite file, relative to this file (`store \"checkins.db\"`), or a PostgreSQL server (`store \"postgresql://host/db\"`)");
  } else if (*ctl) {
    d = diag_report(S->de, E093, sp, "the store's name holds a control character");
    diag_label(d, "a tab, a line break or another control character");
    diag_help(d, "write the name without escapes such as \\t or \\n");
  } else if (store_is_pg(w)) {
    if (store_has_password(w)) {
      d = diag_report(S->de, E094, sp, "the store's connection string holds a password");
      diag_label(d, "a password in the strategy file");
      diag_help(d, "remove it and give it to libpq outside the file: ~/.pgpass, PGPASSWORD or PGPASSFILE");
    }
  } else if (scheme || !strncmp(w, "sqlite:", 7) || !strncmp(w, "file:", 5)) {
    bool sqlite = !strncmp(w, "sqlite", 6) || !strncmp(w, "file:", 5);
    d = diag_report(S->de, E093, sp, "`%.*s` is not a kind of store bscc can open",
                    scheme ? (int)(scheme - w + 3) : (int)(strchr(w, ':') - w + 1), w);
    diag_label(d, "bscc keeps check-ins in a SQLite file or on a PostgreSQL server");
    if (sqlite) diag_help(d, "a SQLite store is named by its path alone, relative to this file: `store \"checkins.db\"`");
    else diag_help(d, "a PostgreSQL server is `postgresql://user@host/db`; any other name is a SQLite file's path");
  } else if (eq && space && eq < space) {
    d = diag_report(S->de, E093, sp, "`%.*s` reads as a file name, not as a connection string", (int)(space - w), w);
    diag_label(d, "libpq `key=value` pairs, but bscc would open a SQLite file of this name");
    diag_help(d, "start a connection string with host=, dbname=, service= or user=, or write postgresql://...");
  } else if (w[strlen(w) - 1] == '/') {
    d = diag_report(S->de, E093, sp, "the store names a folder");
    diag_label(d, "a SQLite store is a file");
    diag_help(d, "name the file in it: `store \"%scheckins.db\"`", w);
  }
}

static void check_strategy(Sema *S) {
  Program *p = S->p;
  /* ranks */
  Perspective *ps;
  int di = 0;
  VEC_EACH(Perspective *, ps, S->all_persps) {
    ps->index = di++;      /* temporarily: declaration order, for sorting */
    ps->rank_v = 0;
    if (ps->rank) {
      TV r = eval(S, ps->rank, false);
      if (!is_error(r.t) && type_has_unit(r.t)) {
        Diag *d = diag_report(S->de, E022, ps->rank->span, "the rank of perspective `%s` must be a plain number", ps->name.name);
        diag_label(d, "this is %s", desc(S, r.t));
      } else {
        ps->rank_v = r.v;
      }
    }
  }
  S->cadence = PER_NONE;
  S->limit_owner = S->limit_krs = 5;
  if (S->strategies.len == 0) {
    Diag *d = diag_report(S->de, E044, (Span){p->main_file, 0, 0}, "no strategy block");
    diag_label(d, "this compilation has no `strategy`");
    diag_help(d, "add one, e.g. `strategy \"Grow\" { horizon 2025-Q1 .. 2025-Q4 }`, or import the file that has it");
  }
  for (int i = 1; i < S->strategies.len; i++) {
    Strategy *st = S->strategies.items[i];
    Diag *d = diag_report(S->de, E011, first_strategy_span(st), "a second strategy block");
    diag_label(d, "second strategy here");
    diag_note(d, first_strategy_span(S->strategies.items[0]), "the strategy is first defined here");
    diag_help(d, "a compilation has exactly one strategy: remove one of them");
  }
  Strategy *st = S->strategies.len ? S->strategies.items[0] : NULL;
  p->strategy = st;
  bool used_any = false;
  if (st) {
    st->green_v = 0.7;
    st->yellow_v = 0.4;
    resolve_fiscal(S, st);
    /* horizon and cadence */
    PeriodKind cad = st->from.kind;
    if (st->cadence.name) {
      PeriodKind k = cadence_kind(st->cadence.name);
      if (k == PER_NONE) {
        Diag *d = diag_report(S->de, E043, st->cadence.span, "unknown cadence `%s`", st->cadence.name);
        diag_label(d, "expected `quarter`, `month`, `year` or `half`");
        const char *names[] = {"quarter", "month", "year", "half"};
        for (int j = 0; j < 4; j++)
          if (edit_distance(st->cadence.name, names[j], 3) <= 3 &&
              (strncmp(st->cadence.name, names[j], 3) == 0 || edit_distance(st->cadence.name, names[j], 2) <= 2)) {
            diag_help(d, "did you mean `%s`?", names[j]);
            break;
          }
      } else {
        cad = k;
      }
    }
    S->cadence = cad;
    st->cadence_eff = cad;
    check_store(S, st);
    if (st->from.kind == PER_NONE || st->to.kind == PER_NONE) {
      /* A horizon written with a malformed period was reported where the
       * period is: saying there is no horizon too would be a cascade. */
      if (st->horizon_span.end == 0) {
        Diag *d = diag_report(S->de, E043, first_strategy_span(st), "the strategy has no horizon");
        diag_label(d, "no `horizon` in this strategy");
        diag_help(d, "add `horizon FIRST .. LAST`, e.g. `horizon 2025-Q1 .. 2025-Q4`");
      }
    } else {
      bool ok = true;
      Period ends[2] = {st->from, st->to};
      for (int j = 0; j < 2; j++) {
        if (cad != PER_NONE && ends[j].kind != cad) {
          Diag *d = diag_report(S->de, E043, ends[j].span, "the horizon %s with a %s, but the cadence is %s",
                                j == 0 ? "starts" : "ends", kind_noun(ends[j].kind), ast_period_adj(cad));
          diag_label(d, "expected a %s", kind_noun(cad));
          if (st->cadence.name) diag_note(d, st->cadence.span, "the cadence is set here");
          diag_help(d, "write both ends of the horizon as %ss", kind_noun(cad));
          ok = false;
        }
      }
      if (sema_period_start(st->from) > sema_period_start(st->to)) {
        Diag *d = diag_report(S->de, E043, st->horizon_span, "the horizon starts after it ends");
        diag_label(d, "%s is after %s", sema_period_str(S, st->from), sema_period_str(S, st->to));
        diag_help(d, "write the first period first: `horizon %s .. %s`", sema_period_str(S, st->to),
                  sema_period_str(S, st->from));
        ok = false;
      }
      (void)ok;
      S->has_horizon = sema_period_start(st->from) <= sema_period_start(st->to);
      S->h_start = sema_period_start(st->from);
      S->h_end = sema_period_end(st->to);
    }
    /* perspectives and weights */
    if (st->has_perspectives) {
      Map seen = {0};
      bool weights_ok = true;
      double sum = 0;
      for (int j = 0; j < st->nweights; j++) {
        PerspWeight *w = &st->weights[j];
        Sym *s = resolve(S, w->persp, MASK(SYM_PERSPECTIVE), "`perspectives`");
        if (!s) { weights_ok = false; continue; }
        PerspWeight *prev = map_get(&seen, w->persp.name);
        if (prev) {
          Diag *d = diag_report(S->de, E011, w->persp.span, "perspective `%s` is listed twice", w->persp.name);
          diag_label(d, "listed again here");
          diag_note(d, prev->persp.span, "first listed here");
          diag_help(d, "list each perspective once, with its whole weight");
          weights_ok = false;
          continue;
        }
        map_put(&seen, w->persp.name, w);
        Perspective *pp = s->decl;
        double v = 0;
        bool ok = false;
        if (w->weight) {
          TV r = eval(S, w->weight, false);
          if (!is_error(r.t)) {
            Type *ratio = S->tt.ratio ? S->tt.ratio : &S->tt.number;
            if (!type_convert(&S->tt, r.t, ratio, r.v, &v)) {
              Diag *d = diag_report(S->de, E021, w->weight->span, "mismatched units: expected a percent or a fraction, found %s",
                                    desc(S, r.t));
              diag_label(d, "expected a weight such as `25%%` or `0.25`");
            } else if (!(v > 0)) {
              Diag *d = diag_report(S->de, E031, w->weight->span, "the weight of perspective `%s` must be positive",
                                    w->persp.name);
              diag_label(d, "weight %s", fmtv(S, r.t, r.v));
              diag_help(d, "remove `%s` from `perspectives` if the strategy does not use it", w->persp.name);
            } else {
              ok = true;
            }
          }
        }
        if (!ok) weights_ok = false;
        pp->used = true;
        pp->weight_v = ok ? v : 0;
        pp->weight_span = w->span.end > w->span.off ? w->span : w->persp.span;
        sum += v;
        used_any = true;
      }
      map_free(&seen);
      S->weights_bad = !weights_ok || (st->nweights > 0 && fabs(sum - 1) > 1e-9);
      if (weights_ok && st->nweights > 0 && fabs(sum - 1) > 1e-9) {
        char a[48], b[48];
        type_fmt_num(sum * 100, a, sizeof a);
        Diag *d = diag_report(S->de, E030, st->persp_span, "perspective weights add up to %s%%, not 100%%", a);
        diag_label(d, "these add up to %s%%", a);
        double diff = (1 - sum) * 100;
        type_fmt_num(fabs(diff), b, sizeof b);
        if (fabs(sum - 100) < 1e-6)
          diag_help(d, "bare numbers are fractions (0.25 = 25%%): write the weights with `%%`, e.g. `25%%`");
        else if (diff > 0)
          diag_help(d, "add %s%% to one or more weights", b);
        else
          diag_help(d, "take %s%% off one or more weights", b);
        /* the quick fix: the last weight, when written in percent, takes the difference */
        Expr *lw = st->weights[st->nweights - 1].weight;
        if (fabs(sum - 100) >= 1e-6 && lw && lw->kind == EX_NUM && lw->unit.name && !strcmp(lw->unit.name, "%") &&
            lw->num + diff > 0) {
          char fx[48];
          type_fmt_num(lw->num + diff, fx, sizeof fx);
          strcat(fx, "%");
          diag_fix(d, lw->span, fx);
        }
      }
    }
    /* thresholds */
    Expr *th[2] = {st->green, st->yellow};
    double thv[2] = {0.7, 0.4};
    bool thok[2] = {false, false};
    for (int j = 0; j < 2; j++) {
      if (!th[j]) continue;
      double v;
      if (!value_in(S, th[j], S->tt.ratio ? S->tt.ratio : &S->tt.number, NULL, th[j]->span, &v)) continue;
      if (v < 0 || v > 1) {
        Diag *d = diag_report(S->de, E022, th[j]->span, "the %s threshold must be between 0 and 1", j ? "yellow" : "green");
        diag_label(d, "%s is outside 0..1", fmtn(S, v));
        diag_help(d, "thresholds are fractions of a key result's progress, e.g. `green 0.7  yellow 0.4`");
        continue;
      }
      thv[j] = v;
      thok[j] = true;
    }
    if (thv[1] > thv[0] && (thok[0] || thok[1])) {
      Expr *at = thok[1] ? th[1] : th[0];
      Diag *d = diag_report(S->de, E022, at->span, "the yellow threshold (%s) is above the green one (%s)",
                            fmtn(S, thv[1]), fmtn(S, thv[0]));
      diag_label(d, "yellow must not exceed green");
      if (thok[0] && thok[1]) diag_note(d, th[0]->span, "green is set here");
      diag_help(d, "progress at or above green is on track, at or above yellow at risk: yellow <= green");
    } else {
      st->green_v = thv[0];
      st->yellow_v = thv[1];
    }
    /* limits */
    for (int j = 0; j < LIMIT_COUNT; j++) {
      st->limit_v[j] = 5;
      Expr *e = st->limits[j];
      if (!e) continue;
      TV r = eval(S, e, false);
      if (is_error(r.t)) continue;
      if (type_has_unit(r.t) || r.v < 1 || r.v != floor(r.v) || r.v > 1e9) {
        Diag *d = diag_report(S->de, E022, e->span, "a limit must be a positive whole number");
        diag_label(d, "found %s", fmtv(S, r.t, r.v));
        continue;
      }
      st->limit_v[j] = (int)r.v;         /* 1..1e9, whole: checked above */
    }
    S->limit_owner = st->limit_v[LIMIT_OBJ_PER_OWNER];
    S->limit_krs = st->limit_v[LIMIT_KR_PER_OBJ];
  }
  if (S->opt.max_objectives_per_owner > 0) S->limit_owner = S->opt.max_objectives_per_owner;
  if (S->opt.max_krs_per_objective > 0) S->limit_krs = S->opt.max_krs_per_objective;
  /* OKR-first (semantics.md, "OKR-first files"): no `perspectives` block
   * and no objective or KPI in a perspective.  Nothing says the file is a
   * balanced scorecard, so no perspective is used and none is asked for. */
  if (st && !st->has_perspectives) {
    bool any_in = false;
    Objective *o;
    KR *k;
    VEC_EACH(Objective *, o, p->objectives) if (o->persp.name) any_in = true;
    VEC_EACH(KR *, k, S->top_kpis) if (k->persp.name) any_in = true;
    st->okr_first = !any_in && p->objectives.len > 0;
  }
  /* no `perspectives` block (or no strategy): every declared one, equal weights */
  if (!used_any && !(st && st->has_perspectives) && !(st && st->okr_first)) {
    int n = S->all_persps.len;
    VEC_EACH(Perspective *, ps, S->all_persps) {
      ps->used = true;
      ps->weight_v = 1.0 / n;
      ps->weight_span = st ? first_strategy_span(st) : ps->name.span;
    }
  }
  /* the used ones, by ascending rank */
  int nused = 0;
  VEC_EACH(Perspective *, ps, S->all_persps) if (ps->used) nused++;
  Perspective **arr = calloc((size_t)nused + 1, sizeof *arr);
  int k = 0;
  VEC_EACH(Perspective *, ps, S->all_persps) if (ps->used) arr[k++] = ps;
  qsort(arr, (size_t)nused, sizeof *arr, cmp_persp);
  VEC_EACH(Perspective *, ps, S->all_persps) ps->index = -1;
  for (int j = 0; j < nused; j++) {
    arr[j]->index = j;
    vec_push(&p->arena, &p->perspectives, arr[j]);
  }
  S->top = nused ? arr[nused - 1] : NULL;
  free(arr);
  Sym *ls = amap_get(&S->persps, S->s_learning);
  S->learning = ls ? ls->decl : NULL;
}

/* A due period: any kind (a period coarser than the cadence is due in the
 * cadence period its last month falls in, as plan points are), ending
 * within the horizon [E042].  The printf-style subject starts the message
 * ("key result `x` is due in"), formatted only for the error: a big file
 * has a due period on every KR, and formatting subjects no message used
 * cost millions of instructions a compile.  Returns false when reported. */
static bool check_period(Sema *S, Period pd, const char *subject_fmt, ...) __attribute__((format(printf, 3, 4)));
static bool check_period(Sema *S, Period pd, const char *subject_fmt, ...) {
  if (pd.kind == PER_NONE) return true;
  int e = sema_period_end(pd);
  if (S->has_horizon && (e < S->h_start || e > S->h_end)) {
    Strategy *st = S->p->strategy;
    va_list ap, ap2;
    va_start(ap, subject_fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, subject_fmt, ap);
    char *subject = arena_alloc(S->a, n > 0 ? (size_t)n + 1 : 1);
    subject[0] = '\0';
    if (n > 0) vsnprintf(subject, (size_t)n + 1, subject_fmt, ap2);
    va_end(ap2);
    va_end(ap);
    bool after = e > S->h_end;
    Diag *d = diag_report(S->de, E042, pd.span, "%s %s, %s the horizon", subject, sema_period_str(S, pd),
                          after ? "after the end of" : "before the start of");
    diag_label(d, "outside %s .. %s", sema_period_str(S, st->from), sema_period_str(S, st->to));
    diag_note(d, st->horizon_span, "the horizon is set here");
    diag_help(d, "use a period within the horizon, or extend the horizon");
    return false;
  }
  return true;
}

int sema_lag_periods(Sema *S, Lag lag, bool *ok) {
  *ok = true;
  if (!lag.present) return 0;
  if (lag.n < 0) {
    Diag *d = diag_report(S->de, E061, lag.span, "a lag cannot be negative");
    diag_label(d, "negative lag");
    diag_help(d, "a cause precedes its effect: write the lag as a positive span such as `1q`");
    *ok = false;
    return 0;
  }
  if (lag.n == 0) return 0;
  if (lag.unit == PER_NONE) {
    Diag *d = diag_report(S->de, E061, lag.span, "a lag needs a period unit");
    diag_label(d, "%d what?", lag.n);
    diag_help(d, "write `%dq`, `%dm` or `%dy`", lag.n, lag.n, lag.n);
    *ok = false;
    return 0;
  }
  int months = lag.n * sema_period_months(lag.unit);
  int cm = sema_period_months(S->cadence);
  if (cm == 0) return months;        /* no strategy: months */
  if (months % cm != 0) {
    Diag *d = diag_report(S->de, E061, lag.span, "a lag of %d %s%s is not a whole number of %ss", lag.n,
                          kind_noun(lag.unit), lag.n == 1 ? "" : "s", kind_noun(S->cadence));
    diag_label(d, "not a whole number of %ss", kind_noun(S->cadence));
    int whole = months / cm ? months / cm : 1;
    if (S->cadence == PER_HALF)
      diag_help(d, "the strategy is half-yearly: write the lag as a whole number of half years, e.g. `lag %dq`", whole * 2);
    else
      diag_help(d, "the strategy is %s: write the lag in %ss, e.g. `lag %d%c`", ast_period_adj(S->cadence),
                kind_noun(S->cadence), whole, S->cadence == PER_QUARTER ? 'q' : S->cadence == PER_MONTH ? 'm' : 'y');
    *ok = false;
    return 0;
  }
  return months / cm;
}

/* ---- objectives ------------------------------------------------------- */

static const char *used_list(Sema *S) {
  Buf b;
  buf_init(&b);
  Perspective *ps;
  int n = S->p->perspectives.len, i = 0;
  for (int j = n - 1; j >= 0; j--) {
    ps = S->p->perspectives.items[j];
    buf_printf(&b, "%s`%s`", i == 0 ? "" : ", ", ps->name.name);
    i++;
  }
  char *s = arena_strdup(S->a, b.data ? b.data : "");
  buf_free(&b);
  return s;
}

static bool okr_first(Sema *S) { return S->p->strategy && S->p->strategy->okr_first; }

/* Resolves `in PERSPECTIVE` (E010/E012/E080). */
static Perspective *resolve_in(Sema *S, Ident id, const char *what, const char *name) {
  Sym *s = resolve(S, id, MASK(SYM_PERSPECTIVE), "`in`");
  if (!s) return NULL;
  Perspective *ps = s->decl;
  if (!ps->used) {
    Diag *d = diag_report(S->de, E080, id.span, "%s `%s` is in perspective `%s`, which the strategy does not use", what,
                          name ? name : "?", id.name);
    diag_label(d, "not one of the strategy's perspectives");
    if (S->p->strategy && S->p->strategy->has_perspectives)
      diag_note(d, S->p->strategy->persp_span, "the strategy's perspectives are listed here");
    diag_help(d, "use one of the strategy's perspectives (%s), or add `%s` to its `perspectives`", used_list(S), id.name);
    return NULL;
  }
  return ps;
}

static void check_objectives(Sema *S) {
  Objective *o;
  VEC_EACH(Objective *, o, S->p->objectives) {
    o->level_eff = o->level != LEVEL_NONE ? o->level : o->group.text ? LEVEL_TEAM : LEVEL_COMPANY;
    o->weight_v = 1;
    if (o->weight) positive_number(S, o->weight, "the weight of an objective", &o->weight_v);
    if (o->persp.name) {
      o->persp_eff = resolve_in(S, o->persp, "objective", o->name.name);
    } else if (o->level_eff == LEVEL_COMPANY && o->name.name && !okr_first(S)) {
      Diag *d = diag_report(S->de, E080, o->name.span, "company objective `%s` has no perspective", o->name.name);
      diag_label(d, "needs `in PERSPECTIVE`");
      if (S->p->perspectives.len)
        diag_help(d, "write `objective %s \"...\" in PERSPECTIVE`, with one of the strategy's perspectives (%s)",
                  o->name.name, used_list(S));
    }
  }
}

/* ---- key results and KPIs --------------------------------------------- */

static Period horizon_end(Sema *S) {
  Period pd = {0};
  if (S->has_horizon) pd = S->p->strategy->to;
  return pd;
}

/* ---- growth targets (docs/semantics.md §6.7) ---------------------------- */

/* `BASE -> +G per PERIOD [relative]`: what G means for k's unit (E108).
 * A percent of a percent is ambiguous, so a percent or ratio KR grows by
 * pp (added) or by a `relative` percent (compounded); any other KR by a
 * percent (compounded) or by an amount of its own unit (added). */
static bool growth_rate(Sema *S, KR *k) {
  const char *name = k->name.name ? k->name.name : "?";
  PeriodKind per = cadence_kind(k->growth_per.name);
  if (per == PER_NONE) {
    Diag *d = diag_report(S->de, E108, k->growth_per.span, "`per %s` is not a period", k->growth_per.name);
    diag_label(d, "expected `year`, `half`, `quarter` or `month`");
    diag_help(d, "write the period the rate is for, e.g. `+12%% per year`");
    return false;
  }
  if (S->cadence == PER_NONE) return false;
  TV g = eval(S, k->target, false);
  if (is_error(g.t)) return false;
  bool frac = type_is_fraction(&S->tt, k->type);
  bool pct = g.t == S->tt.percent || (g.t->kind == TY_NUMBER && k->growth_rel);
  k->growth_x = (double)sema_period_months(S->cadence) / (double)sema_period_months(per);
  if (frac && !k->growth_rel && pct) {
    Diag *d = diag_report(S->de, E108, k->target->span, "a growth of a percent must say what it adds: pp, or a relative change");
    diag_label(d, "%s of %s", fmtv(S, g.t, g.v), desc(S, k->type));
    diag_note(d, k->unit.span, "`%s` is measured in %s", name, type_str(k->type));
    diag_help(d, "write `+%gpp per %s` for %g points a %s, added, or `+%g%% relative per %s`, compounded",
              g.v, k->growth_per.name, g.v, k->growth_per.name, g.v, k->growth_per.name);
    return false;
  }
  if (pct) {                                         /* compounded: (1 + r)^t */
    k->growth_comp = true;
    k->growth_r = g.t->kind == TY_NUMBER ? g.v : g.v * 0.01;
    if (!(k->base_v > 0) || !(k->growth_r > -1) || k->growth_r == 0) {
      Diag *d = diag_report(S->de, E108, k->growth_r == 0 ? k->target->span : k->baseline->span,
                            k->growth_r == 0 ? "a growth of 0 measures nothing" : "a compound growth needs a positive baseline and a rate above -100%%");
      diag_label(d, k->growth_r == 0 ? "no change" : "cannot compound");
      diag_help(d, "a relative growth multiplies the baseline by (1 + rate) each %s", k->growth_per.name);
      return false;
    }
    return true;
  }
  /* added: an amount of the KR's unit (pp for a percent KR) per period */
  double v = 1;
  Type *from = frac && g.t == S->tt.pp ? S->tt.percent : g.t;
  if (k->growth_rel || (g.t == S->tt.pp && !frac) || !type_convert(&S->tt, from, k->type, g.v, &v) || v == 0) {
    Diag *d = diag_report(S->de, E108, k->target->span, "`%s` cannot grow by %s", name, fmtv(S, g.t, g.v));
    diag_label(d, "%s", v == 0 && !k->growth_rel ? "no change" : "not a rate for this unit");
    diag_note(d, k->unit.span, "`%s` is measured in %s", name, type_str(k->type));
    diag_help(d, frac ? "a percent KR grows by pp (`+2pp per year`) or by a `relative` percent (`+10%% relative per year`)"
                      : "write a relative growth (`+12%% per year`) or an amount of its unit (`+5 %s per year`)",
              type_str(k->type));
    return false;
  }
  k->growth_comp = false;
  k->growth_r = v;
  return true;
}

/* The target of a growth KR that starts in cadence period `start`: the
 * baseline grown over the periods start .. due (docs/semantics.md §6.7). */
static bool growth_target(Sema *S, KR *k, int start) {
  int cm = sema_period_months(S->cadence);
  if (!S->has_horizon || cm <= 0) return false;
  int due = (sema_period_end(k->due_eff) - S->h_start) / cm;
  double t = (double)(due - start + 1) * k->growth_x;
  k->target_v = k->growth_comp ? k->base_v * pow(1 + k->growth_r, t) : k->base_v + k->growth_r * t;
  return isfinite(k->target_v);
}

/* ---- scoring modes of KPIs (docs/semantics.md §7.1) ------------------- */

static const char *mode_name(KpiMode m) {
  switch (m) {
  case KM_QUICKSCORE: return "quickscore";
  case KM_BAND: return "band";
  case KM_RULES: return "rules";
  case KM_CONTEXT: return "context";
  default: return "scored";
  }
}

/* The item `word` of k's mode block, or NULL; a second one is E130. */
static ModeItem *mode_find(Sema *S, KR *k, const char *word) {
  ModeItem *hit = NULL;
  for (int i = 0; i < k->nmitems; i++) {
    ModeItem *m = &k->mitems[i];
    if (!m->word.name || strcmp(m->word.name, word)) continue;
    if (!hit) { hit = m; continue; }
    Diag *d = diag_report(S->de, E130, m->span, "`%s` is given twice in the %s block of `%s`", word,
                          mode_name(k->mode), k->name.name ? k->name.name : "?");
    diag_label(d, "second `%s`", word);
    diag_note(d, hit->span, "first given here");
    diag_help(d, "remove one of them");
  }
  return hit;
}

/* Converts the values of item m into k's unit; `range` says whether the
 * item is `A .. B` (else a single value).  Reports a wrong form (E130). */
static bool mode_values(Sema *S, KR *k, ModeItem *m, bool range) {
  const char *name = k->name.name ? k->name.name : "?";
  if (range ? m->cmp != SPEC_WITHIN : m->cmp != SPEC_NONE || !m->a) {
    Diag *d = diag_report(S->de, E130, m->span, "`%s` in the %s block of `%s` takes %s", m->word.name,
                          mode_name(k->mode), name, range ? "a range `LOW .. HIGH`" : "one value");
    diag_label(d, range ? "expected `%s LOW .. HIGH`" : "expected `%s VALUE`", m->word.name);
    diag_help(d, k->mode == KM_BAND ? "write e.g. `red 40 .. 160, goal 80 .. 120`"
                                    : "write e.g. `red 88%%, goal 92%%, stretch 95%%`");
    return false;
  }
  bool ok = value_in(S, m->a, k->type, name, k->unit.span, &m->a_v) &&
            check_range(S, m->a, k->type, m->a_v, name, k->unit.span, false);
  if (range && ok)
    ok = value_in(S, m->b, k->type, name, k->unit.span, &m->b_v) &&
         check_range(S, m->b, k->type, m->b_v, name, k->unit.span, false);
  if (ok && range && !(m->a_v < m->b_v)) {
    Diag *d = diag_report(S->de, E132, m->span, "the range of `%s` is empty or reversed", m->word.name);
    diag_label(d, "%s is not below %s", fmtv(S, k->type, m->a_v), fmtv(S, k->type, m->b_v));
    diag_help(d, "write the lower end first: `%s LOW .. HIGH`", m->word.name);
    ok = false;
  }
  m->ok = ok;
  return ok;
}

static void mode_unknown_items(Sema *S, KR *k, const char *const *words, const char *list) {
  for (int i = 0; i < k->nmitems; i++) {
    ModeItem *m = &k->mitems[i];
    bool known = false;
    for (const char *const *w = words; *w; w++) if (m->word.name && !strcmp(m->word.name, *w)) known = true;
    if (known) continue;
    Diag *d = diag_report(S->de, E130, m->word.span, "`%s` is not an item of a %s block",
                          m->word.name ? m->word.name : "?", mode_name(k->mode));
    diag_label(d, "unknown here");
    diag_help(d, "a %s block takes %s", mode_name(k->mode), list);
  }
}

static void mode_missing(Sema *S, KR *k, const char *word, const char *example) {
  Diag *d = diag_report(S->de, E130, k->mode_span, "the %s block of `%s` has no `%s`", mode_name(k->mode),
                        k->name.name ? k->name.name : "?", word);
  diag_label(d, "`%s` is needed", word);
  diag_help(d, "add it, e.g. `%s`", example);
}

static void qs_set(KR *k, int n, const double *x, const double *p) {
  for (int i = 0; i < n; i++) { k->qs_x[i] = x[i]; k->qs_p[i] = p[i]; }
  k->qs_n = n;
}

static bool qs_finite(Sema *S, KR *k, const double *x, int n) {
  for (int i = 0; i < n; i++)
    if (!isfinite(x[i])) {
      Diag *d = diag_report(S->de, E132, k->mode_span, "the thresholds of `%s` are too far apart", k->name.name ? k->name.name : "?");
      diag_label(d, "the score's zero point does not fit a double");
      diag_help(d, "measure it in a larger unit");
      return false;
    }
  return true;
}

/* quickscore { red R, goal G [, stretch S] }: points 0 at R - (G - R),
 * 10/3 at R, 20/3 at G, 10 at S (default G + (G - R)), mirrored when
 * lower is better. */
static void check_quickscore(Sema *S, KR *k) {
  static const char *const words[] = {"red", "goal", "stretch", NULL};
  mode_unknown_items(S, k, words, "`red`, `goal` and `stretch`");
  ModeItem *r = mode_find(S, k, "red"), *g = mode_find(S, k, "goal"), *st = mode_find(S, k, "stretch");
  if (!r) mode_missing(S, k, "red", "red 88%");
  if (!g) mode_missing(S, k, "goal", "goal 92%");
  bool ok = r && mode_values(S, k, r, false);
  ok = (g && mode_values(S, k, g, false)) && ok;
  bool sok = !st || mode_values(S, k, st, false);
  if (!ok || !sok) return;
  double R = r->a_v, G = g->a_v;
  if (R == G) {
    Diag *d = diag_report(S->de, E132, g->span, "the goal of `%s` equals its red flag", k->name.name);
    diag_label(d, "%s is the red flag too", fmtv(S, k->type, G));
    diag_note(d, r->span, "the red flag is here");
    diag_help(d, "the goal is where the KPI turns green, the red flag where it turns red: they must differ");
    return;
  }
  bool up = G > R;
  double Sv = st ? st->a_v : G + (G - R);
  if (st && (up ? !(Sv > G) : !(Sv < G))) {
    Diag *d = diag_report(S->de, E132, st->span, "the stretch of `%s` is not beyond its goal", k->name.name);
    diag_label(d, "%s is not %s %s", fmtv(S, k->type, Sv), up ? "above" : "below", fmtv(S, k->type, G));
    diag_note(d, g->span, "the goal is here");
    diag_help(d, "a stretch lies past the goal, on the side away from the red flag");
    return;
  }
  double z = R - (G - R);
  double t3 = 10.0 / 3.0, t6 = 20.0 / 3.0;
  double xu[4] = {z, R, G, Sv}, pu[4] = {0, t3, t6, 10};
  double xd[4] = {Sv, G, R, z}, pd[4] = {10, t6, t3, 0};
  if (!qs_finite(S, k, xu, 4)) return;
  qs_set(k, 4, up ? xu : xd, up ? pu : pd);
}

/* band { red A .. B, goal C .. D }: a stabilize measure, best (10) in the
 * middle of the goal band, 20/3 at its ends, 10/3 at the red ends, 0 one
 * red-to-goal distance beyond them. */
static void check_band(Sema *S, KR *k) {
  static const char *const words[] = {"red", "goal", NULL};
  mode_unknown_items(S, k, words, "`red LOW .. HIGH` and `goal LOW .. HIGH`");
  ModeItem *r = mode_find(S, k, "red"), *g = mode_find(S, k, "goal");
  if (!r) mode_missing(S, k, "red", "red 40 .. 160");
  if (!g) mode_missing(S, k, "goal", "goal 80 .. 120");
  bool ok = r && mode_values(S, k, r, true);
  ok = (g && mode_values(S, k, g, true)) && ok;
  if (!ok) return;
  if (!(r->a_v < g->a_v && g->b_v < r->b_v)) {
    Diag *d = diag_report(S->de, E132, r->span, "the red band of `%s` does not enclose its goal band", k->name.name);
    diag_label(d, "%s .. %s", fmtv(S, k->type, r->a_v), fmtv(S, k->type, r->b_v));
    diag_note(d, g->span, "the goal band is here");
    diag_help(d, "the red flags lie outside the goal band on both sides: `red LOW .. HIGH` with LOW below and HIGH above the goal");
    return;
  }
  double t3 = 10.0 / 3.0, t6 = 20.0 / 3.0;
  double x[7] = {r->a_v - (g->a_v - r->a_v), r->a_v, g->a_v, g->a_v + (g->b_v - g->a_v) / 2,
                 g->b_v, r->b_v, r->b_v + (r->b_v - g->b_v)};
  double pts[7] = {0, t3, t6, 10, t6, t3, 0};
  if (!qs_finite(S, k, x, 7)) return;
  qs_set(k, 7, x, pts);
}

/* rules { STATUS CMP X | STATUS LOW .. HIGH | STATUS, ... }: first match. */
static void check_rules(Sema *S, KR *k) {
  static const char *const words[] = {"green", "yellow", "red", NULL};
  mode_unknown_items(S, k, words, "rules `green`, `yellow` or `red`, each with a comparison (`>= X`), a range (`LOW .. HIGH`) or nothing (everything else)");
  if (k->nmitems == 0) { mode_missing(S, k, "rule", "green >= 95%"); return; }
  int catch_all = -1;
  for (int i = 0; i < k->nmitems; i++) {
    ModeItem *m = &k->mitems[i];
    if (catch_all >= 0) {
      Diag *d = diag_report(S->de, W030, m->span, "this rule of `%s` is never reached", k->name.name);
      diag_label(d, "after the catch-all");
      diag_note(d, k->mitems[catch_all].span, "every value matches this rule first");
      diag_help(d, "move the catch-all to the end: rules are read in order, the first that matches wins");
      break;
    }
    if (!m->a) { m->ok = true; catch_all = i; continue; }
    if (m->cmp == SPEC_NONE) {
      Diag *d = diag_report(S->de, E130, m->span, "the rule `%s` of `%s` has a value but no comparison", m->word.name, k->name.name);
      diag_label(d, "expected `%s >= X`, `%s LOW .. HIGH` or a bare `%s`", m->word.name, m->word.name, m->word.name);
      diag_help(d, "say when it matches: `%s >= ...` (also `>`, `<=`, `<`) or a range", m->word.name);
      continue;
    }
    if (m->cmp == SPEC_WITHIN) { mode_values(S, k, m, true); continue; }
    m->ok = value_in(S, m->a, k->type, k->name.name, k->unit.span, &m->a_v) &&
            check_range(S, m->a, k->type, m->a_v, k->name.name, k->unit.span, false);
  }
  if (catch_all < 0) {
    Diag *d = diag_report(S->de, W030, k->mode_span, "the rules of `%s` have no catch-all", k->name.name);
    diag_label(d, "a value no rule matches is red");
    diag_help(d, "end the rules with the status of every other value, e.g. `red`");
  }
}

static void mode_conflict(Sema *S, KR *k, Span at, const char *what, const char *why) {
  Diag *d = diag_report(S->de, E133, at, "%s `%s` has %s", k->mode == KM_CONTEXT ? "context KPI" : "KPI",
                        k->name.name ? k->name.name : "?", what);
  diag_label(d, "%s", why);
  diag_note(d, k->mode_span, "its mode is here");
  diag_help(d, k->mode == KM_CONTEXT ? "remove it: a context measure is tracked without a threshold"
                                      : "remove it: this mode takes its thresholds from its block");
}

static void check_kpi_mode(Sema *S, KR *k) {
  const char *name = k->name.name ? k->name.name : "?";
  if (k->h.kind == ND_KR) {
    if (k->mode) {
      Diag *d = diag_report(S->de, E131, k->mode_span, "key result `%s` cannot be `%s`", name, k->mode == KM_CONTEXT ? "context" : "scored");
      diag_label(d, "%s", k->mode == KM_CONTEXT ? "a key result is a goal, not context" : "a key result is always scored by its progress");
      diag_help(d, "write it as a KPI (`kpi %s ...`) to use a scoring mode or track it as context", name);
    }
    if (k->spec == SPEC_WITHIN && !k->maintain) {
      Diag *d = diag_report(S->de, E131, k->spec_span, "key result `%s` has a band `LOW .. HIGH`", name);
      diag_label(d, "a band is a KPI's goal (stay within)");
      diag_help(d, "write `BASELINE -> TARGET` for a key result, or make it a KPI");
    }
    return;
  }
  bool own = k->mode == KM_QUICKSCORE || k->mode == KM_BAND || k->mode == KM_RULES || k->mode == KM_CONTEXT;
  if (own) {
    if (k->spec != SPEC_NONE) mode_conflict(S, k, k->spec_span, "a threshold", "a second goal");
    if (k->warn) mode_conflict(S, k, k->warn->span, "a warning level", "a second goal");
    if (k->has_plan) mode_conflict(S, k, k->plan_span, "a plan", "a second goal");
  } else if (k->spec == SPEC_WITHIN) {
    if (k->warn) {
      Diag *d = diag_report(S->de, E133, k->warn->span, "KPI `%s` stays within a band and has a warning level", name);
      diag_label(d, "a band has no warning level");
      diag_note(d, k->spec_span, "the band is here");
      diag_help(d, "remove `warn`, or score it as a stabilize measure: `scored band { red LOW .. HIGH, goal LOW .. HIGH }`");
    }
    if (k->has_plan) {
      Diag *d = diag_report(S->de, E133, k->plan_span, "KPI `%s` stays within a band and has a plan", name);
      diag_label(d, "a band's ends do not move");
      diag_help(d, "remove the plan");
    }
    if (k->has_base && !(k->base_v < k->target_v)) {
      Diag *d = diag_report(S->de, E132, k->spec_span, "the band of `%s` is empty or reversed", name);
      diag_label(d, "%s is not below %s", fmtv(S, k->type, k->base_v), fmtv(S, k->type, k->target_v));
      diag_help(d, "write the lower end first: `LOW .. HIGH`");
    }
  }
  if (k->mode == KM_QUICKSCORE || k->mode == KM_BAND) {
    /* the anchors live beside the node: only these KPIs have them */
    k->qs_x = arena_alloc(&S->p->arena, sizeof(double) * 14);
    k->qs_p = k->qs_x + 7;
  }
  switch (k->mode) {
  case KM_QUICKSCORE: check_quickscore(S, k); break;
  case KM_BAND: check_band(S, k); break;
  case KM_RULES: check_rules(S, k); break;
  default: break;
  }
  if (k->mode && k->mode != KM_CONTEXT && !k->obj && k->name.name) {
    Diag *d = diag_report(S->de, W031, k->mode_span, "scored KPI `%s` belongs to no objective", name);
    diag_label(d, "counts in no score");
    diag_help(d, "declare it inside the objective it measures, or remove `scored`");
  }
}

static void check_kr(Sema *S, KR *k) {
  bool kpi = k->h.kind == ND_KPI;
  const char *name = k->name.name ? k->name.name : "?";
  const char *who = name;
  Type *t = k->type;
  Objective *o = k->obj;
  Span uspan = k->unit.span;
  bool ms = t->kind == TY_MILESTONE;

  /* commitment, weight, due period */
  k->commit_eff = k->commit != COMMIT_NONE ? k->commit
                : o && o->commit != COMMIT_NONE ? o->commit : COMMIT_ASPIRATIONAL;
  k->weight_v = 1;
  k->start_i = 0;
  k->end_i = INT_MAX;            /* its own periods: all, until check_kr_periods */
  if (k->weight) positive_number(S, k->weight, kpi ? "the weight of a KPI" : "the weight of a key result", &k->weight_v);
  k->due_eff = k->due.kind != PER_NONE ? k->due : horizon_end(S);
  if (k->due.kind != PER_NONE && !check_period(S, k->due, "%s `%s` is due in", kpi ? "KPI" : "key result", name))
    k->due_eff = k->due;
  if (kpi && !o) {
    if (k->persp.name) k->persp_eff = resolve_in(S, k->persp, "KPI", name);
    else if (k->name.name && !okr_first(S)) {
      Diag *d = diag_report(S->de, E080, k->name.span, "top-level KPI `%s` has no perspective", name);
      diag_label(d, "needs `in PERSPECTIVE`");
      diag_help(d, "add `in PERSPECTIVE` (one of %s), or move the KPI into an objective", used_list(S));
    }
  } else if (o) {
    k->persp_eff = o->persp_eff;
  }

  /* the spec */
  bool base_ok = false, target_ok = false;
  if (ms && k->spec != SPEC_NONE) {
    Span sp = k->spec_span.end > k->spec_span.off ? k->spec_span : (k->target ? k->target->span : k->name.span);
    Diag *d = diag_report(S->de, E022, sp, "a milestone %s takes no target", kpi ? "KPI" : "key result");
    diag_label(d, "%s is done or not done", type_str(t));
    diag_note(d, uspan, "`%s` is %s", who, desc(S, t));
    diag_help(d, t->steps > 1 ? "remove the target: milestone(N) is scored by the number of steps done"
                              : "remove the target, or measure it in a numeric unit");
  } else if (!ms && k->spec == SPEC_NONE) {
    if (!is_error(t) && k->name.name && !k->syntax_bad && !(kpi && (k->mode >= KM_QUICKSCORE || k->mode_bad))) {
      Diag *d = diag_report(S->de, E022, k->name.span, "%s `%s` has no target", kpi ? "KPI" : "key result", name);
      diag_label(d, "nothing to measure progress against");
      diag_help(d, "give it a target: `%s BASELINE -> TARGET`, or a threshold such as `>= X`", type_str(t));
    }
  } else if (!ms) {
    S->last_found = NULL;
    if (k->baseline && value_in(S, k->baseline, t, who, uspan, &k->base_v))
      base_ok = check_range(S, k->baseline, t, k->base_v, who, uspan, false);
    else if (k->baseline)
      S->quiet_found = S->last_found;   /* report a wrong unit once per key result */
    if (k->growth) {
      target_ok = base_ok && growth_rate(S, k);
      if (target_ok && !growth_target(S, k, 0)) {
        Diag *d = diag_report(S->de, E108, k->growth_span, "the growth of `%s` gives a target that does not fit a double", name);
        diag_label(d, "grows past 1e308");
        diag_help(d, "check the rate and its period: `+12%% per year`, not `+12%% per month` over many years");
        target_ok = false;
      }
    }
    else if (k->target && value_in(S, k->target, t, who, uspan, &k->target_v))
      target_ok = check_range(S, k->target, t, k->target_v, who, uspan, false);
    S->quiet_found = NULL;
    k->has_base = k->baseline != NULL;
    Direction inferred = DIR_NONE;
    if (k->spec == SPEC_GE || k->spec == SPEC_GT) inferred = DIR_INCREASE;
    else if (k->spec == SPEC_LE || k->spec == SPEC_LT) inferred = DIR_DECREASE;
    else if (base_ok && target_ok)
      inferred = k->target_v > k->base_v ? DIR_INCREASE : k->target_v < k->base_v ? DIR_DECREASE : DIR_NONE;
    if (base_ok && target_ok && !isfinite(k->target_v - k->base_v)) {
      /* progress divides by target - baseline: an infinite span makes every
       * score NaN (docs/semantics.md §3) */
      Diag *d = diag_report(S->de, E022, k->spec_span, "the baseline and target of `%s` are too far apart", name);
      diag_label(d, "the distance from %s to %s does not fit a double", fmtv(S, t, k->base_v), fmtv(S, t, k->target_v));
      diag_help(d, "measure it in a larger unit, or bring the baseline and target within about 1e308 of each other");
      base_ok = false;
    }
    if (base_ok && target_ok && !k->maintain) {   /* a held band's ends: E172 */
      double scale = fabs(k->base_v) > fabs(k->target_v) ? fabs(k->base_v) : fabs(k->target_v);
      if (fabs(k->target_v - k->base_v) <= 1e-12 * (scale > 1 ? scale : 1)) {
        Span sp = k->spec == SPEC_RANGE ? k->target->span : k->baseline->span;
        Diag *d = diag_report(S->de, E040, sp, "the target of `%s` equals its baseline", name);
        diag_label(d, "%s is the baseline too", fmtv(S, t, k->target_v));
        diag_note(d, k->spec == SPEC_RANGE ? k->baseline->span : k->target->span, "%s is %s",
                  k->spec == SPEC_RANGE ? "the baseline" : "the threshold", fmtv(S, t, k->base_v));
        diag_help(d, "a key result measures a change: set a target that differs from the baseline, or hold the level in "
                     "every period: `maintain %s %s`%s", cmp_text(k->spec), fmtv(S, t, k->target_v),
                  k->spec == SPEC_RANGE ? " (or `<=`)" : "");
        inferred = DIR_NONE;
      }
    }
    k->dir_eff = inferred;
    if (k->dir != DIR_NONE && inferred != DIR_NONE && k->dir != inferred) {
      const char *decl = k->dir == DIR_INCREASE ? "increase" : "decrease";
      Diag *d;
      if (k->spec == SPEC_RANGE) {
        d = diag_report(S->de, E041, k->dir_span, "`%s` is declared `%s`, but its target %s is %s its baseline %s", name,
                        decl, fmtv(S, t, k->target_v), inferred == DIR_INCREASE ? "above" : "below",
                        fmtv(S, t, k->base_v));
        diag_label(d, "declared `%s`", decl);
        diag_note(d, k->spec_span, "from %s to %s is %s", fmtv(S, t, k->base_v), fmtv(S, t, k->target_v),
                  inferred == DIR_INCREASE ? "an increase" : "a decrease");
        diag_help(d, "remove `%s` (the direction is inferred), or swap the baseline and the target", decl);
      } else {
        const char *op = k->spec == SPEC_GE ? ">=" : k->spec == SPEC_GT ? ">" : k->spec == SPEC_LE ? "<=" : "<";
        d = diag_report(S->de, E041, k->dir_span, "`%s` is declared `%s`, but `%s` asks for %s", name, decl, op,
                        inferred == DIR_INCREASE ? "an increase" : "a decrease");
        diag_label(d, "declared `%s`", decl);
        diag_note(d, k->spec_span, "this threshold is met by %s values", inferred == DIR_INCREASE ? "higher" : "lower");
        diag_help(d, "remove `%s`, or write the threshold with `%s`", decl,
                  inferred == DIR_INCREASE ? (k->spec == SPEC_GE ? "<=" : "<") : (k->spec == SPEC_LE ? ">=" : ">"));
      }
    }
    if (k->dir_eff == DIR_NONE) k->dir_eff = k->dir;
  } else {
    k->dir_eff = k->dir != DIR_NONE ? k->dir : DIR_INCREASE;
  }

  /* warning level */
  if (k->warn && value_in(S, k->warn, t, who, uspan, &k->warn_v) &&
      check_range(S, k->warn, t, k->warn_v, who, uspan, false) && target_ok) {
    bool up = k->spec == SPEC_GE || k->spec == SPEC_GT;
    bool down = k->spec == SPEC_LE || k->spec == SPEC_LT;
    if ((up && k->warn_v < k->target_v) || (down && k->warn_v > k->target_v)) {
      Diag *d = diag_report(S->de, E022, k->warn->span, "the warning level %s is past the threshold %s",
                            fmtv(S, t, k->warn_v), fmtv(S, t, k->target_v));
      diag_label(d, "this would warn only after the threshold is breached");
      diag_note(d, k->target->span, "the threshold is here");
      diag_help(d, "for a `%s` threshold, warn at a level %s %s, so that the warning comes before the breach",
                up ? ">=" : "<=", up ? "above" : "below", fmtv(S, t, k->target_v));
    }
  }

  check_kpi_mode(S, k);

  /* the forecast: the uncertain outcome used by simulation */
  if (k->forecast) {
    if (k->formula) {
      Diag *d = diag_report(S->de, E022, k->forecast->span, "calculated key result `%s` takes no forecast", name);
      diag_label(d, "its value comes from its formula");
      diag_note(d, k->formula->span, "the formula is here");
      diag_help(d, "give forecasts to the key results the formula uses");
    } else {
      k->has_forecast = eval_dist(S, k->forecast, t, false, who, uspan, &k->forecast_d);
    }
  }

  if (kpi || is_error(t)) return;
  /* W008: aspirational and tied to pay (the KR's own `compensation`) */
  if (k->compensation && k->commit_eff == COMMIT_ASPIRATIONAL) {
    Diag *d = diag_report(S->de, W008, k->comp_span, "aspirational key result `%s` is tied to compensation", name);
    diag_label(d, "feeds pay decisions");
    if (k->commit == COMMIT_ASPIRATIONAL) diag_note(d, k->commit_span, "declared aspirational here");
    else if (o && o->commit == COMMIT_ASPIRATIONAL) diag_note(d, o->commit_span, "aspirational through its objective");
    diag_help(d, "mark it `committed`, or remove `compensation`: an OKR tied to pay turns into a KPI and people stop aiming high");
  }
  /* W009: committed with no baseline */
  if (k->commit_eff == COMMIT_COMMITTED && !ms && !k->has_base && k->spec != SPEC_NONE && k->spec != SPEC_RANGE &&
      !k->maintain) {
    Span sp = k->spec_span.end > k->spec_span.off ? k->spec_span : k->name.span;
    Diag *d = diag_report(S->de, W009, sp, "committed key result `%s` has no baseline", name);
    diag_label(d, "no `from` value");
    if (k->commit == COMMIT_COMMITTED) diag_note(d, k->commit_span, "committed here");
    else if (o && o->commit == COMMIT_COMMITTED) diag_note(d, o->commit_span, "committed through its objective");
    diag_help(d, "add `from X` with today's value, so that progress toward a commitment can be measured; "
                 "a level to hold in every period (an uptime, a rating) is `maintain %s X`", cmp_text(k->spec));
  }
}

/* ---- phased plans (docs/semantics.md §6) ---------------------------- */

/* The cadence period in which period pd begins (end false) or ends (end
 * true), or -1 after reporting E045: pd must lie in the horizon and begin
 * (end) where a cadence period begins (ends).  `what` starts the message
 * ("plan point 2025-05 of `x`"). */
static int period_place(Sema *S, Period pd, bool end, const char *what) {
  Strategy *st = S->p->strategy;
  int cm = sema_period_months(S->cadence);
  int s = sema_period_start(pd), e = sema_period_end(pd);
  if (s < S->h_start || e > S->h_end) {
    Diag *d = diag_report(S->de, E045, pd.span, "%s is %s the horizon", what,
                          e > S->h_end ? "after the end of" : "before the start of");
    diag_label(d, "outside %s .. %s", sema_period_str(S, st->from), sema_period_str(S, st->to));
    diag_note(d, st->horizon_span, "the horizon is set here");
    diag_help(d, "use periods within the horizon");
    return -1;
  }
  int m = end ? e : s;
  if ((end ? m - S->h_start + 1 : m - S->h_start) % cm != 0) {
    Period in = sema_period_at(S->cadence, m, st->fiscal_v);
    Diag *d = diag_report(S->de, E045, pd.span, "%s %s inside a %s of the cadence", what, end ? "ends" : "begins",
                          kind_noun(S->cadence));
    diag_label(d, "the scorecard is read %s", ast_period_adj(S->cadence));
    diag_help(d, "name the %s it falls in, e.g. `%s`", kind_noun(S->cadence), sema_period_str(S, in));
    return -1;
  }
  return (m - S->h_start) / cm;
}

static int plan_place(Sema *S, const KR *k, const PlanPoint *pp) {
  return period_place(S, pp->at, true, arena_printf(S->a, "plan point %s of `%s`", sema_period_str(S, pp->at),
                                                    k->name.name ? k->name.name : "?"));
}

/* ---- own periods: `starts` and `during` (docs/semantics.md §6.6) -------- */

static int last_index(Sema *S) { return (S->h_end - S->h_start + 1) / sema_period_months(S->cadence) - 1; }

/* The periods [*s, *e] of `starts P` / `during P`; unchanged when P is not
 * given or cannot be placed (reported). */
static void own_periods(Sema *S, Period pd, bool during, const char *who, int *s, int *e) {
  if (pd.kind == PER_NONE) return;
  const char *what = arena_printf(S->a, "`%s %s` of %s", during ? "during" : "starts", sema_period_str(S, pd), who);
  int a = period_place(S, pd, false, what);
  int b = during ? period_place(S, pd, true, what) : *e;
  if (a < 0 || b < 0) return;
  *s = a;
  *e = b;
}

static void check_objective_periods(Sema *S, Objective *o) {
  o->start_i = 0;
  o->end_i = last_index(S);
  if (o->starts.kind != PER_NONE)
    own_periods(S, o->starts, o->during, arena_printf(S->a, "objective `%s`", o->name.name ? o->name.name : "?"),
                &o->start_i, &o->end_i);
}

/* A KR's own periods: its own `starts`/`during` within its objective's
 * (W013 when it reaches outside them); a `during` KR is due at its end. */
/* A measure's frequency, aggregation rule and carry limit (docs/semantics.md
 * §2): E100 (`every` on a calculated measure), E101, E103, W015. */
static void check_frequency(Sema *S, KR *k) {
  const char *name = k->name.name ? k->name.name : "?";
  k->freq_eff = k->freq != PER_NONE ? k->freq : S->cadence;
  k->carry_n = 0;
  if (S->cadence == PER_NONE || k->every_bad) return;
  if (k->formula) {
    if (k->freq != PER_NONE) {
      Diag *d = diag_report(S->de, E100, k->every_span, "`%s` is calculated: it is not measured `every` period", name);
      diag_label(d, "a calculated measure has no frequency of its own");
      diag_help(d, "remove `every`: `%s` has a value wherever its inputs have one", name);
    }
    if (k->carry.present) {
      Diag *d = diag_report(S->de, E103, k->carry.span, "`%s` is calculated: it has no measured value to carry", name);
      diag_label(d, "nothing to carry");
      diag_help(d, "remove `carry`; give the carry limit on the measures its formula reads");
    }
    k->freq_eff = S->cadence;
    return;
  }
  int fm = sema_period_months(k->freq_eff), cm = sema_period_months(S->cadence);
  bool finer = fm < cm, ms = k->type && k->type->kind == TY_MILESTONE;
  if (finer && k->agg == AGG_NONE) {
    Diag *d = diag_report(S->de, E101, k->every_span, "`%s` is measured every %s, more often than the %s cadence, but says "
                          "not how its values make a %s", name, kind_noun(k->freq_eff), ast_period_adj(S->cadence),
                          kind_noun(S->cadence));
    diag_label(d, "several values per %s", kind_noun(S->cadence));
    diag_help(d, ms ? "add `last`: a milestone keeps its latest value"
                    : "add a rule: `sum` for a flow or a count of events, `mean` for a rate or a level, `last` for the "
                      "latest level");
  } else if (finer && ms && k->agg != AGG_LAST) {
    Diag *d = diag_report(S->de, E101, k->every_span, "`%s` is a milestone: its values cannot be %s", name,
                          k->agg == AGG_SUM ? "summed" : "averaged");
    diag_label(d, "done or not done");
    diag_help(d, "write `every %s last`", ast_period_word(k->freq_eff));
  } else if (!finer && k->agg != AGG_NONE) {
    Diag *d = diag_report(S->de, W015, k->every_span, "`%s` has one value per %s at most: its rule has no effect", name,
                          kind_noun(S->cadence));
    diag_label(d, "nothing to aggregate");
    diag_help(d, "a rule is needed only for a measure taken more often than the cadence; remove it");
  }
  /* the default: a coarser value is shown for one interval of its own
   * frequency; a value of the cadence's frequency or finer only with
   * `carry` (a finer `sum` is a flow of its own period: never) */
  k->carry_n = fm > cm ? fm / cm : 0;
  if (!k->carry.present) return;
  Lag c = k->carry;
  int months = c.unit == PER_NONE ? c.n * cm : c.n * sema_period_months(c.unit);
  if (c.n < 0 || months % cm != 0 || months / cm > 1000) {
    Diag *d = diag_report(S->de, E103, c.span, "a carry limit must be a whole number of %ss from 0 to 1000",
                          kind_noun(S->cadence));
    diag_label(d, "not a whole number of %ss", kind_noun(S->cadence));
    diag_help(d, "write a number of periods (`carry 2`) or a span the cadence divides (`carry 1y`, `carry 2q`)");
    return;
  }
  if (finer && k->agg == AGG_SUM && months > 0) {
    Diag *d = diag_report(S->de, E103, c.span, "`%s` sums its %ss: a %s's total cannot stand for the next one", name,
                          kind_noun(k->freq_eff), kind_noun(S->cadence));
    diag_label(d, "a flow is not carried");
    diag_help(d, "remove `carry`, or use `last` or `mean` if `%s` is a level", name);
    return;
  }
  k->carry_n = months / cm;
}

/* E102: a value of measure k for period pd, which is not of its frequency. */
bool sema_check_frequency(DiagEngine *de, const KR *k, Period pd, Span at) {
  if (k->freq_eff == PER_NONE || pd.kind == k->freq_eff || k->formula) return true;
  const char *name = k->name.name ? k->name.name : "?";
  static const int days[] = { [PER_YEAR] = 365, [PER_HALF] = 182, [PER_QUARTER] = 91, [PER_MONTH] = 30,
                               [PER_WEEK] = 7, [PER_DAY] = 1 };   /* weeks and days have no whole months */
  bool finer = days[pd.kind] < days[k->freq_eff];
  char pb[32];
  Diag *d = diag_report(de, E102, at, "a value of `%s` for %s, a %s: `%s` is measured every %s", name,
                        actuals_period_str(pd, pb, sizeof pb), kind_noun(pd.kind), name, kind_noun(k->freq_eff));
  diag_label(d, "%s than its frequency", finer ? "finer" : "coarser");
  if (k->freq != PER_NONE) diag_note(d, k->every_span, "its frequency is set here");
  if (finer)
    diag_help(d, "give one value per %s, or declare `every %s RULE` on `%s` (RULE: sum, mean or last)",
              kind_noun(k->freq_eff), ast_period_word(pd.kind), name);
  else
    diag_help(d, "give a value per %s, or declare `every %s` on `%s`", kind_noun(k->freq_eff), ast_period_word(pd.kind),
              name);
  return false;
}

static void check_kr_periods(Sema *S, KR *k) {
  const char *name = k->name.name ? k->name.name : "?";
  Objective *o = k->obj;
  int os = o ? o->start_i : 0, oe = o ? o->end_i : last_index(S);
  int ks = os, ke = oe;
  if (k->starts.kind != PER_NONE)   /* the name formatted only when there are periods to place */
    own_periods(S, k->starts, k->during, arena_printf(S->a, "%s `%s`", k->h.kind == ND_KPI ? "KPI" : "key result", name),
                &ks, &ke);
  if (k->starts.kind != PER_NONE && (ks < os || ke > oe)) {
    Diag *d = diag_report(S->de, W013, k->starts.span, "`%s` %s outside the periods of its objective `%s`", name,
                          ks < os ? "starts" : "runs", o->name.name ? o->name.name : "?");
    diag_label(d, "scored only while its objective runs");
    diag_note(d, o->starts.span, "the objective %s %s", o->during ? "runs during" : "starts in", sema_period_str(S, o->starts));
    diag_help(d, "start the key result within its objective's periods, or move it to another objective");
  }
  k->start_i = ks > os ? ks : os;
  k->end_i = ke < oe ? ke : oe;
  if (k->start_i > k->end_i) { k->start_i = os; k->end_i = oe; }
  if (k->growth && k->growth_r != 0 && k->start_i > 0) growth_target(S, k, k->start_i);   /* grows from its start */
  if (k->h.kind == ND_KPI) return;
  int cm = sema_period_months(S->cadence);
  if (k->due.kind == PER_NONE) {
    /* due where its own periods end */
    if (k->end_i < last_index(S)) k->due_eff = k->during ? k->starts : o && o->during ? o->starts : k->due_eff;
    return;
  }
  int d = (sema_period_end(k->due) - S->h_start) / cm;
  if (sema_period_end(k->due) < S->h_start || sema_period_end(k->due) > S->h_end) return;   /* E042 */
  if (d < k->start_i || d > k->end_i) {
    Diag *dg = diag_report(S->de, E045, k->due.span, "`%s` is due in %s, %s its own periods", name,
                           sema_period_str(S, k->due), d < k->start_i ? "before" : "after");
    diag_label(dg, d < k->start_i ? "before it starts" : "after it ends");
    Period from = k->starts.kind != PER_NONE ? k->starts : o ? o->starts : k->starts;
    if (from.kind != PER_NONE) diag_note(dg, from.span, "its periods are set here");
    diag_help(dg, "a key result is due within the periods it runs in");
  }
}

/* A plan value in the measure's unit; a unit that does not convert is
 * E048 (not E021: the plan is the place to fix). */
static bool plan_value(Sema *S, KR *k, PlanPoint *pp) {
  TV r = eval(S, pp->value, false);
  if (is_error(r.t) || is_error(k->type)) return false;
  if (!type_convert(&S->tt, r.t, k->type, r.v, &pp->value_v)) {
    Diag *d = diag_report(S->de, E048, pp->value->span, "plan value in %s for `%s`, measured in %s", desc(S, r.t),
                          k->name.name ? k->name.name : "?", type_str(k->type));
    diag_label(d, "expected %s", type_str(k->type));
    diag_note(d, k->unit.span, "`%s` is measured in %s", k->name.name ? k->name.name : "?", type_str(k->type));
    diag_help(d, "write the value in %s, or as a bare number (it takes the measure's unit)", type_str(k->type));
    return false;
  }
  return check_range(S, pp->value, k->type, pp->value_v, k->name.name, k->unit.span, false);
}

/* A KR's point against its line: beyond the target E047, behind the
 * baseline W011, behind the point before W010.  KPIs' plans move freely. */
static void plan_direction(Sema *S, KR *k, PlanPoint *pp, const PlanPoint *prev, double lo, double hi) {
  const char *name = k->name.name ? k->name.name : "?";
  double q = plan_progress(pp->value_v, lo, hi);
  if (q > 1) {
    Diag *d = diag_report(S->de, E047, pp->value->span, "plan point %s of `%s` is beyond its target %s",
                          fmtv(S, k->type, pp->value_v), name, fmtv(S, k->type, hi));
    diag_label(d, "past the target");
    if (k->target) diag_note(d, k->target->span, "the target is %s", fmtv(S, k->type, hi));
    diag_help(d, "the target is where the plan ends: lower the point, or raise the target");
    pp->ok = false;
  } else if (q < 0) {
    Diag *d = diag_report(S->de, W011, pp->value->span, "plan point %s of `%s` is behind its baseline %s",
                          fmtv(S, k->type, pp->value_v), name, fmtv(S, k->type, lo));
    diag_label(d, "worse than the start");
    diag_help(d, "a score cannot be negative: the period is planned at progress 0");
  } else if (prev && q < plan_progress(prev->value_v, lo, hi)) {
    Diag *d = diag_report(S->de, W010, pp->value->span, "the plan of `%s` falls back from %s to %s", name,
                          fmtv(S, k->type, prev->value_v), fmtv(S, k->type, pp->value_v));
    diag_label(d, "less progress than planned for %s", sema_period_str(S, prev->at));
    diag_note(d, prev->span, "planned here");
    diag_help(d, "write the points in time order with their values; a seasonal measure may be a KPI instead");
  }
}

static void check_plan(Sema *S, KR *k) {
  if (!k->has_plan || (k->maintain && k->h.kind == ND_KR)) return;   /* a held level: E172 */
  const char *name = k->name.name ? k->name.name : "?";
  bool kpi = k->h.kind == ND_KPI;
  double lo, hi;
  bool line = !is_error(k->type) && plan_line(k, &lo, &hi);
  if (!is_error(k->type) && (kpi ? k->type->kind == TY_MILESTONE : !line)) {
    Diag *d = diag_report(S->de, E049, k->plan_span, "%s `%s` cannot follow a plan", kpi ? "KPI" : "key result", name);
    diag_label(d, "%s is met or not met", type_str(k->type));
    diag_help(d, k->type->kind == TY_MILESTONE ? "count its steps, `milestone(N)`, to plan them"
                 : k->spec == SPEC_RANGE || k->type->kind == TY_MILESTONE ? "remove the plan"
                 : "give it a baseline (`from X`) so that progress toward the threshold can be planned");
    return;
  }
  if (k->nplan == 0 && !k->plan_bad) {
    Diag *d = diag_report(S->de, W012, k->plan_span, "the plan of `%s` has no points", name);
    diag_label(d, "empty plan");
    diag_help(d, "write `plan { PERIOD: VALUE, ... }`, or remove it");
    return;
  }
  if (k->nplan == 0) return;
  if (!S->has_horizon || S->cadence == PER_NONE) return;
  int cm = sema_period_months(S->cadence);
  int due = k->due_eff.kind != PER_NONE ? (sema_period_end(k->due_eff) - S->h_start) / cm : -1;
  const PlanPoint *prev = NULL;
  for (int j = 0; j < k->nplan; j++) {
    PlanPoint *pp = &k->plan[j];
    if (pp->at.kind == PER_NONE) continue;         /* a malformed period: reported (E043) */
    pp->index = plan_place(S, k, pp);
    bool valued = plan_value(S, k, pp);
    if (pp->index < 0 || !valued) continue;
    pp->ok = true;
    if (pp->index < k->start_i) {
      Diag *d = diag_report(S->de, E045, pp->at.span, "plan point %s of `%s` is before it starts", sema_period_str(S, pp->at), name);
      diag_label(d, "before its own periods");
      diag_help(d, "plan only the periods the measure runs in");
      pp->ok = false;
      continue;
    }
    if (prev && pp->index <= prev->index) {
      Diag *d = pp->index == prev->index
                    ? diag_report(S->de, E046, pp->at.span, "`%s` is planned twice for the %s of %s", name,
                                  kind_noun(S->cadence), sema_period_str(S, pp->at))
                    : diag_report(S->de, E046, pp->at.span, "plan point %s of `%s` is written after the point for %s",
                                  sema_period_str(S, pp->at), name, sema_period_str(S, prev->at));
      diag_label(d, pp->index == prev->index ? "same period again" : "out of time order");
      diag_note(d, prev->span, "planned here");
      diag_help(d, "write one point per period, in time order");
      pp->ok = false;
      continue;
    }
    if (!kpi && due >= 0 && pp->index >= due) {
      bool at_target = pp->index == due && line && plan_progress(pp->value_v, lo, hi) == 1;
      if (!at_target) {
        Diag *d = diag_report(S->de, E045, pp->at.span, pp->index == due ? "plan point %s of `%s` differs from its target"
                                                                        : "plan point %s of `%s` is after its due period",
                              sema_period_str(S, pp->at), name);
        diag_label(d, pp->index == due ? "the target is the plan at the due period" : "after the due period");
        diag_note(d, k->due.kind != PER_NONE ? k->due.span : k->spec_span, "due %s", sema_period_str(S, k->due_eff));
        diag_help(d, pp->index == due ? "remove the point, or make it the target" : "plan periods up to the due period");
        pp->ok = false;
        continue;
      }
    }
    if (!kpi) plan_direction(S, k, pp, prev, lo, hi);
    if (pp->ok) prev = pp;
  }
}

/* W008 for objectives with `compensation`: once per objective. */
static void check_objective_pay(Sema *S, Objective *o) {
  if (!o->compensation) return;
  int n = 0;
  KR *first = NULL;
  for (int i = 0; i < o->nkrs; i++) {
    KR *k = o->krs[i];
    if (!k || k->compensation || is_error(k->type) || k->commit_eff != COMMIT_ASPIRATIONAL) continue;
    if (!first) first = k;
    n++;
  }
  if (!n) return;
  Diag *d;
  if (n == 1)
    d = diag_report(S->de, W008, o->comp_span, "objective `%s` ties an aspirational key result to compensation",
                    o->name.name ? o->name.name : "?");
  else
    d = diag_report(S->de, W008, o->comp_span, "objective `%s` ties %d aspirational key results to compensation",
                    o->name.name ? o->name.name : "?", n);
  diag_label(d, "feeds pay decisions");
  int shown = 0;
  for (int i = 0; i < o->nkrs && shown < 3; i++) {
    KR *k = o->krs[i];
    if (!k || k->compensation || is_error(k->type) || k->commit_eff != COMMIT_ASPIRATIONAL) continue;
    diag_note(d, k->name.span, "`%s` is aspirational", k->name.name ? k->name.name : "?");
    shown++;
  }
  if (n > shown) diag_note(d, (Span){-1, 0, 0}, "and %d more", n - shown);
  diag_help(d, "mark the objective `committed`, or remove `compensation`: an OKR tied to pay turns into a KPI and people stop aiming high");
}

static void check_formula(Sema *S, KR *k) {
  if (!k->formula) return;
  S->nformulas++;
  TV r = eval(S, k->formula, true);
  if (is_error(r.t) || is_error(k->type)) return;
  double v;
  if (type_convert(&S->tt, r.t, k->type, 0, &v)) return;
  const char *name = k->name.name ? k->name.name : "?";
  Diag *d = diag_report(S->de, E021, k->formula->span, "mismatched units: the formula of `%s` gives %s, but `%s` is %s",
                        name, desc(S, r.t), name, desc(S, k->type));
  diag_label(d, "this is %s", desc(S, r.t));
  diag_note(d, k->unit.span, "`%s` is measured in %s", name, type_str(k->type));
  if (k->type == S->tt.percent && r.t == S->tt.pp)
    diag_help(d, "a difference of percentages is in pp; measure `%s` in `pp`", name);
  else
    diag_help(d, "change the unit of `%s` to `%s`, or the formula", name, type_str(r.t));
}

/* ---- links, initiatives, actuals ------------------------------------- */

static int lag_past_horizon(Sema *S, int periods);
static void lag_after_horizon(Sema *S, Lag lag, int periods, int n, const char *what);
static void check_init_tracking(Sema *S, Initiative *in);

/* The share of a normal or lognormal strength's draws outside -1..1,
 * which the simulation clamps (docs/simulation.md §15). */
static double strength_outside(const Dist *d) {
  RtDist r = rt_dist_lower(d);
  if (!(r.b > 0)) {
    double v = d->kind == DIST_LOGNORMAL ? exp(r.a) : r.a;
    return v < -1 || v > 1 ? 1.0 : 0.0;
  }
  if (d->kind == DIST_LOGNORMAL)        /* P(X > 1) = P(Z > -mu / sigma) */
    return 0.5 * erfc((0.0 - r.a) / r.b / sqrt(2.0));
  return 0.5 * erfc((r.a + 1.0) / r.b / sqrt(2.0)) + 0.5 * erfc((1.0 - r.a) / r.b / sqrt(2.0));
}

/* `strength DIST` (docs/language.md §9): a plain-number distribution; a
 * bounded one within -1..1 (E181), an unbounded one mostly within it
 * (W085: the draws outside are clamped).  strength_v is its mean, clamped. */
static void link_strength_dist(Sema *S, Link *l) {
  Expr *e = l->strength;
  if (!eval_dist(S, e, &S->tt.number, true, "the strength", e->span, &l->strength_d)) {
    l->strength_d = (Dist){ .kind = DIST_CONST, .p = { 1 } };
    return;
  }
  const Dist *d = &l->strength_d;
  if (d->kind == DIST_CONST) {         /* min(...), max(...): a number after all */
    if (d->p[0] < -1 || d->p[0] > 1) {
      Diag *dg = diag_report(S->de, E061, e->span, "link strength %s is outside -1..1", fmtn(S, d->p[0]));
      diag_label(dg, "out of range");
      diag_help(dg, "strength is a correlation-like weight: 1 is a full effect, -1 a full opposite effect");
      l->strength_d.p[0] = 1;
    }
    l->strength_v = l->strength_d.p[0];
    return;
  }
  double lo = d->p[0], hi = d->p[1];
  bool bounded = true;
  switch (d->kind) {
  case DIST_TRIANGULAR: case DIST_PERT: hi = d->p[2]; break;
  case DIST_BETA: lo = 0; hi = d->p[2]; break;
  case DIST_BERNOULLI: lo = 0; hi = 1; break;
  case DIST_UNIFORM: break;
  default: bounded = false; break;
  }
  if (bounded && (lo < -1 || hi > 1)) {
    Diag *dg = diag_report(S->de, E181, e->span, "this strength reaches %s, outside -1..1", fmtn(S, lo < -1 ? lo : hi));
    diag_label(dg, "draws from %s to %s", fmtn(S, lo), fmtn(S, hi));
    diag_help(dg, "a strength is in -1..1 (1 a full effect, -1 a full opposite one): keep the distribution within it");
    l->strength_d = (Dist){ .kind = DIST_CONST, .p = { 1 } };
    return;
  }
  if (!bounded) {
    double out = strength_outside(d);
    if (out > 0.01) {
      Diag *dg = diag_report(S->de, W085, e->span, "%.1f%% of this strength's draws fall outside -1..1 and are clamped to it",
                             100.0 * out);
      diag_label(dg, "clamped in %.1f%% of the samples", 100.0 * out);
      diag_help(dg, "narrow the distribution, or move its mean further inside -1..1");
    }
  }
  double mean = rt_dist_mean(d);
  l->strength_v = mean < -1 ? -1 : mean > 1 ? 1 : mean;
}

/* A lag, or a range `LOW..HIGH` of lags (E182 when it is empty): the
 * shortest in periods, *hi the longest; W086 when part of a range falls
 * after the horizon (W075, for the shortest, is the caller's). */
static int lag_range(Sema *S, Lag lag, int *hi, bool *ok) {
  int lo = sema_lag_periods(S, lag, ok);
  *hi = lo;
  if (!*ok || !lag.range) return lo;
  Lag h = lag;
  h.n = lag.hi_n;
  h.unit = lag.hi_unit;
  *hi = sema_lag_periods(S, h, ok);
  if (!*ok) { *hi = lo; return lo; }
  if (*hi < lo) {
    Diag *d = diag_report(S->de, E182, lag.span, "this lag range is empty: %d %s%s down to %d", lo, kind_noun(S->cadence),
                          lo == 1 ? "" : "s", *hi);
    diag_label(d, "the low end comes first");
    diag_help(d, "write the shorter lag first, such as `lag 1q..3q`");
    *hi = lo;
    *ok = false;
    return 0;
  }
  int cm = sema_period_months(S->cadence);
  if (S->has_horizon && cm > 0) {
    int n = (S->h_end - S->h_start + 1) / cm;
    if (*hi >= n && lo < n) {
      Diag *d = diag_report(S->de, W086, lag.span, "lags of %d %ss or more fall after the horizon of %d: in those samples it does nothing",
                            n, kind_noun(S->cadence), n);
      diag_label(d, "%d of these %d lags act within the horizon", n - lo, *hi - lo + 1);
      diag_note(d, S->p->strategy->horizon_span, "the horizon is set here");
      diag_help(d, "shorten the range to at most %d %ss, or extend the horizon", n - 1, kind_noun(S->cadence));
    }
  }
  return lo;
}

static void check_links(Sema *S) {
  Link *l;
  VEC_EACH(Link *, l, S->p->links) {
    Sym *a = resolve(S, l->from, MASK(SYM_OBJECTIVE), "a causal link");
    Sym *b = resolve(S, l->to, MASK(SYM_OBJECTIVE), "a causal link");
    l->src = a ? a->decl : NULL;
    l->dst = b ? b->decl : NULL;
    l->strength_v = 1;
    l->strength_d = (Dist){ .kind = DIST_CONST, .p = { 1 } };
    if (l->strength && l->strength->kind == EX_CALL) {
      link_strength_dist(S, l);
    } else if (l->strength) {
      TV r = eval(S, l->strength, false);
      double v = r.v;
      if (is_error(r.t)) {
      } else if (!type_convert(&S->tt, r.t, &S->tt.number, r.v, &v)) {
        Diag *d = diag_report(S->de, E061, l->strength->span, "link strength must be a plain number, found %s",
                              desc(S, r.t));
        diag_label(d, "expected a number from -1 to 1");
      } else if (v < -1 || v > 1) {
        Diag *d = diag_report(S->de, E061, l->strength->span, "link strength %s is outside -1..1", fmtn(S, v));
        diag_label(d, "out of range");
        diag_help(d, "strength is a correlation-like weight: 1 is a full effect, -1 a full opposite effect");
      } else {
        l->strength_v = v;
        l->strength_d.p[0] = v;
      }
    }
    bool ok;
    l->lag_periods = lag_range(S, l->lag, &l->lag_hi_periods, &ok);
    if (!ok) l->lag_periods = -1;   /* excluded from the loop check */
    else if (l->from.name && l->to.name) {
      int n = lag_past_horizon(S, l->lag_periods);   /* the words formatted only for W075 */
      if (n >= 0) lag_after_horizon(S, l->lag, l->lag_periods, n, arena_printf(S->a, "the link %s -> %s", l->from.name, l->to.name));
    }
  }
}

/* A funding level's share or scale: a percentage (E178), as a fraction. */
static bool level_share(Sema *S, Expr *e, bool zero_ok, const char *what, double *out) {
  TV r = eval(S, e, false);
  if (is_error(r.t)) return false;
  double v;
  if (r.t != S->tt.percent || !type_convert(&S->tt, r.t, &S->tt.number, r.v, &v) || !(zero_ok ? v >= 0 : v > 0)) {
    Diag *d = diag_report(S->de, E178, e->span, "%s must be a %spercentage, found %s", what,
                          zero_ok ? "non-negative " : "positive ", fmtv(S, r.t, r.v));
    diag_label(d, "expected a percentage such as `120%%`");
    diag_help(d, "a level is a share of the initiative as written (100%%): `level 120%% cost 1_200_000 CNY by 112%%`");
    return false;
  }
  *out = v;
  return true;
}

/* `level P cost X [by F]` (docs/language.md §10): a share other than the
 * written 100 % (E179, once each), a cost in the initiative's currency
 * (E180), effects scaled by F (default P). */
static void check_levels(Sema *S, Initiative *in) {
  const Type *cur = in->cost && in->cost->type && in->cost->type->kind == TY_CURRENCY ? in->cost->type : NULL;
  for (int i = 0; i < in->nlevels; i++) {
    FundLevel *l = &in->levels[i];
    bool ok = level_share(S, l->at, false, "a funding level", &l->at_v);
    if (ok) {
      for (int j = 0; j < i && ok; j++)
        if (in->levels[j].at_v == l->at_v) {
          Diag *d = diag_report(S->de, E179, l->at->span, "funding level %s of `%s` is given twice", fmtv(S, S->tt.percent, l->at_v * 100),
                                in->name.name);
          diag_note(d, in->levels[j].at->span, "first given here");
          diag_help(d, "give each level once");
          ok = false;
        }
      if (ok && l->at_v == 1.0) {
        Diag *d = diag_report(S->de, E179, l->at->span, "funding level 100%% of `%s` is the initiative as written", in->name.name);
        diag_label(d, "its `cost` and `affects` lines are the 100%% level");
        diag_help(d, "remove this level, or change the initiative's own cost and effects");
        ok = false;
      }
    }
    l->by_v = l->at_v;
    if (l->by && !level_share(S, l->by, true, "a level's effect scale", &l->by_v)) ok = false;
    TV r = eval(S, l->cost, false);
    if (is_error(r.t)) continue;
    if (r.t->kind != TY_CURRENCY || r.v < 0 || (cur && r.t != cur)) {
      Diag *d = diag_report(S->de, E180, l->cost->span, "the cost of funding level %s of `%s` must be a non-negative amount%s%s, found %s",
                            ok ? fmtv(S, S->tt.percent, l->at_v * 100) : "?", in->name.name, cur ? " in " : "", cur ? cur->code : "",
                            fmtv(S, r.t, r.v));
      diag_label(d, "expected %s", cur ? type_str(cur) : "an amount of money");
      if (in->cost) diag_note(d, in->cost->span, "the initiative costs this");
      diag_help(d, "write the level's cost in the initiative's currency, e.g. `cost 1_200_000 %s`", cur ? cur->code : "CNY");
      continue;
    }
    l->cost_v = r.v;
  }
}

static void check_initiatives(Sema *S) {
  Initiative *in;
  VEC_EACH(Initiative *, in, S->p->initiatives) {
    const char *name = in->name.name ? in->name.name : "?";
    if (in->cost) {
      TV r = eval(S, in->cost, false);
      if (!is_error(r.t)) {
        if (r.t->kind != TY_CURRENCY) {
          Diag *d = diag_report(S->de, E021, in->cost->span, "mismatched units: expected an amount of money, found %s",
                                desc(S, r.t));
          diag_label(d, "expected a currency amount");
          diag_help(d, "write the currency code after the amount, e.g. `%s CNY`", fmtn(S, r.v));
        } else if (r.v < 0) {
          Diag *d = diag_report(S->de, E022, in->cost->span, "the cost of initiative `%s` is negative", name);
          diag_label(d, "%s", fmtv(S, r.t, r.v));
        } else {
          in->cost_v = r.v;
        }
      }
    }
    check_levels(S, in);
    if (in->nsupports > 0) in->supported = arena_alloc(&S->p->arena, sizeof(Objective *) * (size_t)in->nsupports);
    for (int i = 0; i < in->nsupports; i++) {
      Sym *s = resolve(S, in->supports[i], MASK(SYM_OBJECTIVE), "`supports`");
      in->supported[i] = s ? s->decl : NULL;
    }
    for (int i = 0; i < in->neffects; i++) {
      Effect *ef = &in->effects[i];
      Sym *s = resolve(S, ef->kr, MASK(SYM_KR) | MASK(SYM_KPI), "`affects`");
      ef->target = s ? s->decl : NULL;
      bool ok;
      ef->lag_periods = lag_range(S, ef->lag, &ef->lag_hi_periods, &ok);
      int n = ok && ef->kr.name ? lag_past_horizon(S, ef->lag_periods) : -1;
      if (n >= 0) lag_after_horizon(S, ef->lag, ef->lag_periods, n, arena_printf(S->a, "the effect on `%s`", ef->kr.name));
      if (!ef->by) continue;
      if (ef->relative) {
        /* a fraction of the baseline: plain numbers or percents */
        const char *who = ef->kr.name ? ef->kr.name : "?";
        if (eval_dist(S, ef->by, &S->tt.number, true, who, ef->kr.span, &ef->by_d))
          ef->by_v = rt_dist_mean(&ef->by_d);
        continue;
      }
      if (!ef->target) { eval(S, ef->by, false); continue; }
      Type *t = ef->target->type;
      if (eval_dist(S, ef->by, t, true, ef->kr.name, ef->target->unit.span, &ef->by_d))
        ef->by_v = rt_dist_mean(&ef->by_d);
    }
    check_init_tracking(S, in);
  }
}

static bool checkin_member(Sema *S, Checkin *c, KR *k);
/* ---- initiative tracking (docs/language.md §10.2) --------------------- */

static const char *const init_status_words[] = {"planned", "in_progress", "done", "on_hold", "cancelled"};

static void check_init_status(Sema *S, Initiative *in) {
  in->status = INIT_PLANNED;
  if (!in->status_word.name) return;
  for (int i = 0; i < 5; i++)
    if (!strcmp(in->status_word.name, init_status_words[i])) { in->status = (InitStatus)i; return; }
  Diag *d = diag_report(S->de, E166, in->status_word.span, "`%s` is not a status of an initiative", in->status_word.name);
  diag_label(d, "unknown status");
  Closest near = closest_init(in->status_word.name, 3);
  for (int i = 0; i < 5; i++) closest_try(&near, init_status_words[i]);
  if (near.best) diag_help(d, "did you mean `%s`? (planned, in_progress, done, on_hold or cancelled)", near.best);
  else diag_help(d, "the statuses are planned, in_progress, done, on_hold and cancelled");
}

/* A milestone's due: any period or a date, ending within the horizon
 * [E167], in the cadence period its last month falls in (as a KR's due). */
static void check_milestone(Sema *S, Initiative *in, Milestone *m, int i) {
  m->weight_v = 1;
  m->due_i = -1;
  if (m->weight) positive_number(S, m->weight, "the weight of a milestone", &m->weight_v);
  for (int j = 0; j < i; j++)
    if (m->name.name && in->milestones[j].name.name == m->name.name) {
      Diag *d = diag_report(S->de, E167, m->name.span, "milestone `%s` is given twice in initiative `%s`", m->name.name,
                            in->name.name ? in->name.name : "?");
      diag_label(d, "second `%s`", m->name.name);
      diag_note(d, in->milestones[j].name.span, "first given here");
      diag_help(d, "give each milestone of an initiative its own name");
      return;
    }
  Period pd = m->due;
  if (pd.kind == PER_NONE) return;
  const char *why = sema_period_naming(S->p->strategy, &pd);
  if (why || !ast_period_valid(pd)) {
    Diag *d = diag_report(S->de, E167, pd.span, "milestone `%s` is due in %s, but %s", m->name.name ? m->name.name : "?",
                          sema_period_str(S, pd), why ? why : "that date does not exist");
    diag_label(d, "not a usable due period");
    diag_help(d, "write a quarter, month, half, year or a date such as `2025-05-15`");
    return;
  }
  m->due = pd;
  int e = sema_period_end(pd), cm = sema_period_months(S->cadence);
  if (!S->has_horizon || cm <= 0) return;
  if (e < S->h_start || e > S->h_end) {
    Strategy *st = S->p->strategy;
    Diag *d = diag_report(S->de, E167, pd.span, "milestone `%s` is due in %s, %s the horizon", m->name.name ? m->name.name : "?",
                          sema_period_str(S, pd), e > S->h_end ? "after the end of" : "before the start of");
    diag_label(d, "outside %s .. %s", sema_period_str(S, st->from), sema_period_str(S, st->to));
    diag_note(d, st->horizon_span, "the horizon is set here");
    diag_help(d, "use a period within the horizon, extend the horizon, or drop the milestone once it is history");
    return;
  }
  m->due_i = (e - S->h_start) / cm;
}

/* `spent`, `complete`, the cost's forecast; then the cross-checks W073
 * (over budget) and W074 (done, but not all done). */
static void check_init_tracking(Sema *S, Initiative *in) {
  const char *name = in->name.name ? in->name.name : "?";
  check_init_status(S, in);
  in->tracked = in->status_word.name || in->nmilestones || in->spent || in->complete;
  for (int i = 0; i < in->nmilestones; i++) check_milestone(S, in, &in->milestones[i], i);
  Type *money = in->cost && in->cost->type && in->cost->type->kind == TY_CURRENCY ? in->cost->type : NULL;
  in->cost_d.kind = DIST_CONST;
  in->cost_d.p[0] = in->cost_v;
  if (in->cost_forecast && money)
    eval_dist(S, in->cost_forecast, money, false, arena_printf(S->a, "the cost of `%s`", name), in->cost->span, &in->cost_d);
  else if (in->cost_forecast)
    eval(S, in->cost_forecast, false);
  bool spent_ok = false;
  if (in->spent) {
    double v = 0;
    if (money) spent_ok = value_in(S, in->spent, money, arena_printf(S->a, "the cost of `%s`", name), in->cost->span, &v);
    else {
      TV r = eval(S, in->spent, false);
      v = r.v;
      if (!is_error(r.t) && r.t->kind != TY_CURRENCY) {
        Diag *d = diag_report(S->de, E021, in->spent->span, "mismatched units: expected an amount of money, found %s",
                              desc(S, r.t));
        diag_label(d, "expected a currency amount");
        diag_help(d, "write the currency code after the amount, e.g. `%s USD`", fmtn(S, r.v));
      } else spent_ok = !is_error(r.t);
    }
    if (spent_ok && v < 0) {
      Diag *d = diag_report(S->de, E168, in->spent->span, "the spend to date of initiative `%s` is negative", name);
      diag_label(d, "%s", fmtn(S, v));
      diag_help(d, "`spent` is what has been spent so far: 0 or more");
      spent_ok = false;
    }
    if (spent_ok) in->spent_v = v;
  }
  bool complete_ok = false;
  if (in->complete) {
    TV g = eval(S, in->complete, false);
    if (!is_error(g.t)) {
      double v = g.t == S->tt.percent ? g.v * 0.01 : g.v;
      bool unit = type_has_unit(g.t) && g.t != S->tt.percent;
      if (unit || !(v >= 0 && v <= 1)) {
        Diag *d = unit ? diag_report(S->de, E168, in->complete->span, "percent complete of initiative `%s` must be a percent, found %s",
                                     name, desc(S, g.t))
                       : diag_report(S->de, E168, in->complete->span, "percent complete of initiative `%s` is %s, outside 0%% to 100%%",
                                     name, fmtv(S, g.t, g.v));
        diag_label(d, "not a percent complete");
        diag_help(d, "write how far the work is, e.g. `complete 40%%`");
      } else { in->complete_v = v; complete_ok = true; }
    }
  }
  if (spent_ok && money && in->cost_v > 0 && in->spent_v > in->cost_v) {
    Diag *d = diag_report(S->de, W073, in->spent->span, "initiative `%s` has spent %s of a budget of %s", name,
                          fmtv(S, money, in->spent_v), fmtv(S, money, in->cost_v));
    diag_label(d, "over budget by %s", fmtv(S, money, in->spent_v - in->cost_v));
    diag_note(d, in->cost->span, "the budget is set here");
    diag_help(d, "raise the cost if the budget was re-approved, or correct the spend");
  }
  if (in->status == INIT_DONE) {
    for (int i = 0; i < in->nmilestones; i++) {
      Milestone *m = &in->milestones[i];
      if (m->done) continue;
      Diag *d = diag_report(S->de, W074, m->name.span, "initiative `%s` is done, but milestone `%s` is not", name,
                            m->name.name ? m->name.name : "?");
      diag_label(d, "not done");
      diag_note(d, in->status_word.span, "marked done here");
      diag_help(d, "mark the milestone `done` (or drop it), or set the status back to in_progress");
    }
    if (complete_ok && in->complete_v < 1) {
      Diag *d = diag_report(S->de, W074, in->complete->span, "initiative `%s` is done, but is stated %s complete", name,
                            fmtv(S, S->tt.percent, in->complete_v * 100));
      diag_label(d, "less than 100%%");
      diag_note(d, in->status_word.span, "marked done here");
      diag_help(d, "drop `complete` (a done initiative is 100%% complete), or set the status back to in_progress");
    }
  }
}

/* W075: a lag that reaches past the horizon's last period even from its
 * first: the effect or link never acts within the horizon. */
/* The horizon's periods when a lag of that many never acts within them,
 * else -1. */
static int lag_past_horizon(Sema *S, int periods) {
  int cm = sema_period_months(S->cadence);
  if (!S->has_horizon || cm <= 0 || periods <= 0) return -1;
  int n = (S->h_end - S->h_start + 1) / cm;
  return periods < n ? -1 : n;
}

/* W075 for what, a lag of periods in a horizon of n (lag_past_horizon). */
static void lag_after_horizon(Sema *S, Lag lag, int periods, int n, const char *what) {
  Diag *d = diag_report(S->de, W075, lag.span, "%s acts only after the horizon: a lag of %d %s%s in a horizon of %d", what,
                        periods, kind_noun(S->cadence), periods == 1 ? "" : "s", n);
  diag_label(d, "never acts within the horizon");
  diag_note(d, S->p->strategy->horizon_span, "the horizon is set here");
  diag_help(d, "shorten the lag to less than %d %ss, or extend the horizon", n, kind_noun(S->cadence));
}

typedef struct DupEnt {
  const KR *kr;
  int start, kind;
  Checkin *c;
  int member;                /* a breakdown member's index; -1: the measure itself */
} DupEnt;

/* W014: a check-in outside the measure's own periods is kept but not scored. */
static void checkin_in_own_periods(Sema *S, const Actuals *a, const Checkin *c, const KR *k) {
  bool own = k->starts.kind != PER_NONE || (k->obj && k->obj->starts.kind != PER_NONE);
  if (!own || !S->has_horizon || S->cadence == PER_NONE || a->period.kind == PER_NONE) return;
  int e = sema_period_end(a->period);
  if (e < S->h_start || e > S->h_end) return;   /* E042 */
  int per = (e - S->h_start) / sema_period_months(S->cadence);
  if (per >= k->start_i && per <= k->end_i) return;
  Diag *d = diag_report(S->de, W014, c->kr.span, "check-in of `%s` for %s, %s its own periods", c->kr.name,
                        sema_period_str(S, a->period), per < k->start_i ? "before" : "after");
  diag_label(d, "kept, but not scored");
  Period from = k->starts.kind != PER_NONE ? k->starts : k->obj->starts;
  diag_note(d, from.span, "its periods are set here");
  diag_help(d, "a measure is scored only in the periods it runs in; remove the check-in or move its start");
}

/* The period of an `actuals` block: any kind (each check-in must be of its
 * measure's frequency, E102), ending within the horizon [E042], like a
 * due period: a year that began before the horizon is placed in the
 * period it ends in. */
static void check_actuals_period(Sema *S, Period pd) {
  check_period(S, pd, "these check-ins are for");
}
static void check_actuals(Sema *S) {
  size_t total = 0;
  Actuals *a;
  VEC_EACH(Actuals *, a, S->p->actuals) total += (size_t)a->nitems;
  size_t cap = 16;
  while (cap < total * 2) cap <<= 1;
  DupEnt *tab = calloc(cap, sizeof *tab);
  VEC_EACH(Actuals *, a, S->p->actuals) {
    if (a->period.kind != PER_NONE) check_actuals_period(S, a->period);
    for (int i = 0; i < a->nitems; i++) {
      Checkin *c = &a->items[i];
      Sym *s = resolve(S, c->kr, MASK(SYM_KR) | MASK(SYM_KPI), "a check-in");
      c->target = s ? s->decl : NULL;
      if (!c->target) { if (c->value) eval(S, c->value, false); continue; }
      KR *k = c->target;
      const char *who = c->kr.name;
      if (!checkin_member(S, c, k)) { c->target = NULL; if (c->value) eval(S, c->value, false); continue; }
      if (c->value && value_in(S, c->value, k->type, who, k->unit.span, &c->value_v))
        check_range(S, c->value, k->type, c->value_v, who, k->unit.span, false);
      if (a->period.kind != PER_NONE) sema_check_frequency(S->de, k, a->period, c->kr.span);
      checkin_in_own_periods(S, a, c, k);
      /* the same KR twice in one period */
      if (a->period.kind == PER_NONE) continue;
      int start = (int)sema_period_key(a->period), kind = a->period.kind;
      int mb = c->member.name ? c->member_i : -1;
      uint64_t h = hash_bytes(&k, sizeof k) ^ ((uint64_t)(unsigned)start * 0x9E3779B97F4A7C15ull) ^ (uint64_t)kind ^
                   ((uint64_t)(unsigned)(mb + 1) * 0xC2B2AE3D27D4EB4Full);
      size_t j = h & (cap - 1);
      while (tab[j].kr && !(tab[j].kr == k && tab[j].start == start && tab[j].kind == kind && tab[j].member == mb))
        j = (j + 1) & (cap - 1);
      if (tab[j].kr) {
        Diag *d = diag_report(S->de, E011, c->kr.span, "`%s%s%s` is given twice for %s", c->kr.name,
                              c->member.name ? "." : "", c->member.name ? c->member.name : "", sema_period_str(S, a->period));
        diag_label(d, "second value for %s", sema_period_str(S, a->period));
        diag_note(d, tab[j].c->kr.span, "first given here");
        diag_help(d, "keep one measurement per period");
      } else {
        tab[j] = (DupEnt){k, start, kind, c, mb};
      }
    }
  }
  free(tab);
}

/* ---- what a measure says besides its goal (docs/language.md §7.5) -------- */

/* `maintain`: a level held in every period, with no baseline and no plan
 * (semantics.md §4.1). */
static void check_maintain(Sema *S, KR *k) {
  const char *name = k->name.name ? k->name.name : "?";
  if (!k->maintain) return;
  if (k->h.kind == ND_KPI) {
    Diag *d = diag_report(S->de, E172, k->maintain_span, "KPI `%s` says `maintain`", name);
    diag_label(d, "a KPI's threshold is held in every period already");
    diag_help(d, "remove `maintain`: `kpi %s : ... >= X` stays above X (add `scored` to count it)", name);
    return;
  }
  if (k->spec != SPEC_WITHIN && k->baseline) {
    Diag *d = diag_report(S->de, E172, k->baseline->span, "maintained key result `%s` has a baseline", name);
    diag_label(d, "a held level starts nowhere: it is met or not in each period");
    diag_note(d, k->maintain_span, "held here");
    diag_help(d, "remove `from`; to measure a change toward the level, write `>= X from B` without `maintain`");
  }
  if (k->has_plan) {
    Diag *d = diag_report(S->de, E172, k->plan_span, "maintained key result `%s` has a plan", name);
    diag_label(d, "a held level is planned in every period");
    diag_help(d, "remove the plan, or measure a change (`B -> T`) that the plan phases");
  }
  if (k->spec == SPEC_WITHIN && k->warn) {
    Diag *d = diag_report(S->de, E172, k->warn->span, "maintained band of `%s` has a warning level", name);
    diag_label(d, "a band has no warning level");
    diag_help(d, "remove `warn`, or hold a floor with an early warning: `maintain >= X warn W`");
  }
  if (k->spec == SPEC_WITHIN && k->baseline && k->target && !(k->base_v < k->target_v)) {
    Diag *d = diag_report(S->de, E172, k->spec_span, "the band `%s` maintains is empty or reversed", name);
    diag_label(d, "%s is not below %s", fmtv(S, k->type, k->base_v), fmtv(S, k->type, k->target_v));
    diag_help(d, "write the lower end first: `maintain LOW .. HIGH`");
  }
}

/* `benchmark ["LABEL"] VALUE` or `{ PERIOD: VALUE, ... }`: a comparison
 * value in the measure's unit; points in time order, each once [E173],
 * at ends of cadence periods of the horizon [E045]. */
static void check_benchmark(Sema *S, KR *k) {
  const char *name = k->name.name ? k->name.name : "?";
  if (!k->has_bench || is_error(k->type)) return;
  if (k->bench) {
    k->bench_ok = value_in(S, k->bench, k->type, name, k->unit.span, &k->bench_v) &&
                  check_range(S, k->bench, k->type, k->bench_v, name, k->unit.span, false);
    return;
  }
  if (k->nbench == 0) {
    Diag *d = diag_report(S->de, E173, k->bench_span, "the benchmark of `%s` has no values", name);
    diag_label(d, "empty");
    diag_help(d, "give a value, `benchmark 8.4`, or one per period: `benchmark { 2025: 8.4, 2026: 8.1 }`");
    return;
  }
  bool ok = S->has_horizon && S->cadence != PER_NONE;
  const PlanPoint *prev = NULL;
  for (int i = 0; i < k->nbench; i++) {
    PlanPoint *pp = &k->bench_pts[i];
    pp->ok = value_in(S, pp->value, k->type, name, k->unit.span, &pp->value_v) &&
             check_range(S, pp->value, k->type, pp->value_v, name, k->unit.span, false);
    if (!S->has_horizon || S->cadence == PER_NONE) continue;
    pp->index = period_place(S, pp->at, true, arena_printf(S->a, "benchmark point %s of `%s`",
                                                            sema_period_str(S, pp->at), name));
    if (pp->index < 0) { pp->ok = false; ok = false; continue; }
    if (prev && pp->index <= prev->index) {
      Diag *d = diag_report(S->de, E173, pp->at.span, "benchmark point %s of `%s` is %s", sema_period_str(S, pp->at),
                            name, pp->index == prev->index ? "given twice" : "out of order");
      diag_label(d, pp->index == prev->index ? "the same period again" : "before the point ahead of it");
      diag_note(d, prev->at.span, "the point before it");
      diag_help(d, "write one point per period, in time order");
      pp->ok = ok = false;
      continue;
    }
    ok &= pp->ok;
    prev = pp;
  }
  k->bench_ok = ok;
}

/* `± M`: the half-width of a 95 % interval, > 0, in the measure's unit
 * (pp for a percent) [E174]; W077 when it is as wide as the distance from
 * the baseline to the target. */
static void check_margin(Sema *S, KR *k) {
  const char *name = k->name.name ? k->name.name : "?";
  if (!k->margin || is_error(k->type)) return;
  if (k->type->kind == TY_MILESTONE) {
    Diag *d = diag_report(S->de, E174, k->margin->span, "%s `%s` has a margin of error", type_str(k->type), name);
    diag_label(d, "done or not done has no sampling error");
    diag_help(d, "remove the margin");
    return;
  }
  TV r = eval(S, k->margin, false);
  if (is_error(r.t)) return;
  double m;
  if (k->type == S->tt.percent && r.t == S->tt.pp) m = r.v;       /* points of a percent */
  else if (!value_in(S, k->margin, k->type, name, k->unit.span, &m)) return;
  if (!(m > 0) || !isfinite(m)) {
    Diag *d = diag_report(S->de, E174, k->margin->span, "the margin of error of `%s` is not above zero", name);
    diag_label(d, "%s", fmtn(S, m));
    diag_help(d, "give the survey's margin at 95 %%, e.g. `± 3pp`, or remove it");
    return;
  }
  k->margin_v = m;
  double lo, hi;
  if (!k->maintain && k->h.kind == ND_KR && plan_line(k, &lo, &hi) && m >= fabs(hi - lo)) {
    Diag *d = diag_report(S->de, W077, k->margin->span, "the margin of error of `%s` is as wide as its goal", name);
    diag_label(d, "± %s", fmtv(S, k->type, m));
    diag_note(d, k->spec_span, "from %s to %s is %s", fmtv(S, k->type, lo), fmtv(S, k->type, hi),
              fmtv(S, k->type, fabs(hi - lo)));
    diag_help(d, "set a target further than the margin from the baseline, or survey a larger sample");
  }
}

static const char *const bd_words[] = {"sum", "mean", "weighted", "min", "max"};

/* `breakdown DIM RULE { MEMBER [WEIGHT], ... }` [E175]. */
static void check_breakdown(Sema *S, KR *k) {
  Breakdown *b = k->bd;
  const char *name = k->name.name ? k->name.name : "?";
  if (!b) return;
  bool ok = true;
  int rule = -1;
  for (int i = 0; i < 5; i++) if (b->rule.name && !strcmp(b->rule.name, bd_words[i])) rule = i;
  if (rule < 0) {
    Diag *d = diag_report(S->de, E175, b->rule.span, "unknown roll-up rule `%s`", b->rule.name ? b->rule.name : "?");
    diag_label(d, "not a rule");
    diag_help(d, "write `sum`, `mean`, `weighted`, `min` or `max`: `breakdown %s mean { ... }`",
              b->dim.name ? b->dim.name : "DIMENSION");
    ok = false;
  }
  b->rule_v = rule < 0 ? BD_MEAN : (BdRule)rule;
  const char *why = is_error(k->type) ? NULL : k->type->kind == TY_MILESTONE ? "a milestone is done or not, not rolled up"
                  : k->cascaded ? "its value is the cascade of the key results that feed it"
                  : k->formula ? "its value comes from its formula"
                  : k->agg != AGG_NONE ? "its members are measured once per period" : NULL;
  if (why) {
    Diag *d = diag_report(S->de, E175, b->span, "`%s` cannot be broken down", name);
    diag_label(d, "%s", why);
    diag_help(d, k->agg != AGG_NONE ? "remove the `every` rule, or the breakdown" : "remove the breakdown");
    ok = false;
  }
  if (b->n < 2) {
    Diag *d = diag_report(S->de, E175, b->span, "the breakdown of `%s` has %s", name, b->n ? "one member" : "no members");
    diag_label(d, "nothing to compare");
    diag_help(d, "list every member of the %s: `{ north, south, east, west }`", b->dim.name ? b->dim.name : "dimension");
    ok = false;
  }
  for (int i = 0; i < b->n; i++) {
    BdMember *m = &b->members[i];
    for (int j = 0; j < i; j++)
      if (b->members[j].name.name == m->name.name) {
        Diag *d = diag_report(S->de, E175, m->name.span, "member `%s` is listed twice", m->name.name);
        diag_label(d, "second time");
        diag_note(d, b->members[j].name.span, "first listed here");
        ok = false;
        break;
      }
    m->weight_v = 1;
    if (b->rule_v == BD_WEIGHTED && rule >= 0) {
      if (!m->weight) {
        Diag *d = diag_report(S->de, E175, m->name.span, "member `%s` of a weighted breakdown has no weight", m->name.name);
        diag_label(d, "needs its weight");
        diag_help(d, "give each member its weight, e.g. its population: `%s 120_000`", m->name.name);
        ok = false;
      } else if (!positive_number(S, m->weight, "a member's weight", &m->weight_v)) {
        ok = false;
      }
    } else if (m->weight && rule >= 0) {
      Diag *d = diag_report(S->de, E175, m->weight->span, "`%s` takes no weights", bd_words[rule]);
      diag_label(d, "a weight");
      diag_help(d, "remove the weights, or roll the members up with `weighted`");
      ok = false;
    }
  }
  b->ok = ok;
}

static void check_measure(Sema *S, KR *k) {
  check_maintain(S, k);
  check_benchmark(S, k);
  check_margin(S, k);
  check_breakdown(S, k);
}

/* The member `member` (NULL: none given) of k's breakdown that a check-in
 * of `name` names, at kr_at / member_at: its index, -1 for a measure
 * without a breakdown checked in as itself, or -2 after reporting E176
 * (a member of a measure without a breakdown, an unknown member, or a
 * value of a measure that has one).  Shared by `actuals` blocks and CSV rows. */
int sema_member(DiagEngine *de, const KR *k, const char *name, const char *member, Span kr_at, Span member_at) {
  const Breakdown *b = k->bd;
  if (!member && !b) return -1;
  if (!b) {
    Diag *d = diag_report(de, E176, member_at, "`%s` has no breakdown", name);
    diag_label(d, "no member `%s`", member);
    diag_note(d, k->name.span, "`%s` is declared here", name);
    diag_help(d, "check in `%s VALUE`, or declare `breakdown DIMENSION RULE { ... }` on it", name);
    return -2;
  }
  if (!member) {
    Diag *d = diag_report(de, E176, kr_at, "`%s` is checked in per %s", name, b->dim.name ? b->dim.name : "member");
    diag_label(d, "its value is the %s of its members", b->rule.name ? b->rule.name : "roll-up");
    diag_note(d, b->span, "the breakdown is here");
    diag_help(d, "give each member's value: `%s.%s VALUE`", name, b->n ? b->members[0].name.name : "MEMBER");
    return -2;
  }
  for (int i = 0; i < b->n; i++)
    if (b->members[i].name.name && !strcmp(b->members[i].name.name, member)) return i;
  Diag *d = diag_report(de, E176, member_at, "`%s` is not a %s of `%s`", member, b->dim.name ? b->dim.name : "member", name);
  diag_label(d, "unknown member");
  diag_note(d, b->span, "its members are listed here");
  const char *best = NULL;
  int bestd = 3;
  for (int i = 0; i < b->n; i++) {
    int dd = edit_distance(member, b->members[i].name.name, 2);
    if (dd < bestd) { bestd = dd; best = b->members[i].name.name; }
  }
  if (best) diag_help(d, "did you mean `%s.%s`?", name, best);
  else diag_help(d, "use one of the members the breakdown lists");
  return -2;
}

static bool checkin_member(Sema *S, Checkin *c, KR *k) {
  c->member_i = sema_member(S->de, k, c->kr.name, c->member.name, c->kr.span, c->member.span);
  return c->member_i >= -1;
}

/* ---- closed periods (docs/semantics.md §6.8) ------------------------------ */

/* One `close PERIOD { NAME GRADE [carry] }`: E109 for what cannot be closed,
 * W017 for a key result of the period left without a grade.  `carry`
 * extends the KR's own periods by one and moves its due period there. */
static void check_close(Sema *S, Actuals *a) {
  Program *p = S->p;
  int cm = sema_period_months(S->cadence);
  const char *per = sema_period_str(S, a->period);
  a->index = -1;
  if (a->period.kind == PER_NONE) return;           /* reported */
  if (a->period.kind != S->cadence) {
    Diag *d = diag_report(S->de, E109, a->period.span, "%s is not a period of the %s cadence: only a %s can be closed",
                          per, ast_period_adj(S->cadence), kind_noun(S->cadence));
    diag_label(d, "a %s", kind_noun(a->period.kind));
    diag_help(d, "close each %s of it", kind_noun(S->cadence));
    return;
  }
  int s = sema_period_start(a->period);
  if (s < S->h_start || s > S->h_end) {
    Diag *d = diag_report(S->de, E109, a->period.span, "%s is outside the horizon: it cannot be closed", per);
    diag_label(d, "outside the horizon");
    diag_note(d, p->strategy->horizon_span, "the horizon is set here");
    return;
  }
  int idx = (s - S->h_start) / cm;
  Actuals *o;
  VEC_EACH(Actuals *, o, p->closes) {
    if (o == a) break;
    if (o->index == idx) {
      Diag *d = diag_report(S->de, E109, a->period.span, "%s is closed twice", per);
      diag_label(d, "closed again");
      diag_note(d, o->period.span, "first closed here");
      diag_help(d, "a closed period has one set of final grades: merge the two blocks");
      return;
    }
  }
  a->index = idx;
  for (int i = 0; i < a->nitems; i++) {
    Checkin *c = &a->items[i];
    Sym *sy = resolve(S, c->kr, MASK(SYM_KR), "a closed period's grades");
    c->target = sy ? sy->decl : NULL;
    if (!c->target) continue;
    KR *k = c->target;
    for (int j = 0; j < i; j++)
      if (a->items[j].target == k) {
        Diag *d = diag_report(S->de, E011, c->kr.span, "`%s` is graded twice in %s", c->kr.name, per);
        diag_label(d, "second grade");
        diag_note(d, a->items[j].kr.span, "first graded here");
        c->target = NULL;
      }
    if (!c->target) continue;
    TV g = eval(S, c->value, false);
    if (is_error(g.t)) { c->target = NULL; continue; }
    c->value_v = g.t == S->tt.percent ? g.v * 0.01 : g.v;
    if ((type_has_unit(g.t) && g.t != S->tt.percent) || !(c->value_v >= 0 && c->value_v <= 1)) {
      Diag *d = diag_report(S->de, E109, c->value->span, "a final grade is a score from 0 to 1 (or 0%% to 100%%)");
      diag_label(d, "%s is not a grade", fmtv(S, g.t, g.v));
      diag_help(d, "grade `%s` by its score in %s, e.g. `%s 0.7`", c->kr.name, per, c->kr.name);
      c->target = NULL;
      continue;
    }
    if (idx < k->start_i || idx > k->end_i) {
      Diag *d = diag_report(S->de, E109, c->kr.span, "`%s` does not run in %s: it has no grade there", c->kr.name, per);
      diag_label(d, "%s its own periods", idx < k->start_i ? "before" : "after");
      diag_help(d, "grade only the key results that run in the closed period");
      c->target = NULL;
      continue;
    }
    if (!c->carry) continue;
    int due = (sema_period_end(k->due_eff) - S->h_start) / cm;
    int oe = k->obj ? k->obj->end_i : last_index(S);
    if (due != idx || idx + 1 > oe) {
      Diag *d = diag_report(S->de, E109, c->carry_span, due != idx ? "`%s` is not due in %s: there is nothing to carry"
                                                                   : "`%s` cannot be carried past %s", c->kr.name, per);
      diag_label(d, due != idx ? "due in %s" : "%s", due != idx ? sema_period_str(S, k->due_eff)
                                                                 : idx + 1 > last_index(S) ? "the end of the horizon"
                                                                                           : "the end of its objective");
      diag_help(d, "carry an unfinished key result from the period it is due in into the next one");
      continue;
    }
    k->end_i = idx + 1;                                 /* its history stays: the same key result */
    k->due_eff = sema_period_at(S->cadence, S->h_start + (idx + 1) * cm, p->strategy->fiscal_v);
    k->due_eff.span = c->carry_span;
  }
  /* W017: a key result of the period without a grade keeps a live score */
  KR *k;
  VEC_EACH(KR *, k, p->krs) {
    if (idx < k->start_i || idx > k->end_i) continue;
    bool graded = false;
    for (int i = 0; i < a->nitems; i++) graded |= a->items[i].target == k || (a->items[i].kr.name == k->name.name);
    if (graded) continue;
    Diag *d = diag_report(S->de, W017, a->period.span, "%s is closed without a final grade for `%s`", per,
                          k->name.name ? k->name.name : "?");
    diag_label(d, "`%s` is not graded here", k->name.name ? k->name.name : "?");
    diag_note(d, k->name.span, "`%s` runs in %s", k->name.name ? k->name.name : "?", per);
    diag_help(d, "add `%s GRADE` to the block (its score as of the close: it stays live otherwise)",
              k->name.name ? k->name.name : "?");
  }
}

bool sema_period_closed(const Program *p, const KR *k, Period pd) {
  const Strategy *st = p->strategy;
  if (!st || st->cadence_eff == PER_NONE || pd.kind == PER_NONE) return false;
  int cm = sema_period_months(st->cadence_eff);
  int idx = (sema_period_end(pd) - sema_period_start(st->from)) / cm;
  const Actuals *a;
  VEC_EACH(const Actuals *, a, p->closes)
    if (a->index == idx)
      for (int i = 0; i < a->nitems; i++)
        if (a->items[i].target == k) return true;
  return false;
}

/* ---- the driver --------------------------------------------------------- */

/* ---- the passes over every measure ------------------------------------ */

typedef void (*KrPass)(Sema *S, KR *k);

/* An engine for one pass's diagnostics that reports as S->de would: its
 * warning settings, and a cap no larger than its room (an error past that
 * would be dropped there anyway; 0 would mean no cap, so at least 1). */
static void pass_engine(Sema *S, DiagEngine *e) {
  DiagEngine *m = S->de;
  diag_init(e);
  memcpy(e->allow, m->allow, sizeof e->allow);
  memcpy(e->deny, m->deny, sizeof e->deny);
  e->werror = m->werror;
  e->byte_columns = m->byte_columns;
  if (m->max_errors > 0) {
    int room = m->max_errors - (m->nerrors - m->dropped);
    e->max_errors = room > 0 ? room : 1;
  }
}

/* Each measure's own checks: check_kr; with a horizon and a cadence, the
 * objectives' and then the measures' own periods (and the closes); each
 * measure's plan, frequency and measure (`maintain`, benchmark, margin,
 * breakdown); the objectives' W008; each formula.  Each pass over the
 * measures reads only the measure itself and its objective (a formula,
 * the types of the measures it names, known before), except the closes,
 * which move other measures' periods: without closes they run in one loop
 * over the measures.  A program of 40,000 measures is far larger than the
 * caches, and each pass of its own loads every node again (docs/lsp.md,
 * "the check").  The diagnostics come out as from separate passes, in the
 * same order (the cap on errors keeps the first ones, and diag_sort keeps
 * ties in order): the first pass reports directly, each other into an
 * engine of its own, appended in the passes' order (diag_append); the
 * objectives' W008, which reads what check_kr wrote, runs after the loop,
 * before the formulas' diagnostics are appended. */
static void check_measures(Sema *S) {
  Program *p = S->p;
  bool periods = S->has_horizon && S->cadence != PER_NONE;
  KR *k;
  Objective *o;
  if ((periods && p->closes.len) || S->opt.pass_each) {
    VEC_EACH(KR *, k, p->krs) check_kr(S, k);
    VEC_EACH(KR *, k, p->kpis) check_kr(S, k);
    if (periods) {
      VEC_EACH(Objective *, o, p->objectives) check_objective_periods(S, o);
      VEC_EACH(KR *, k, p->krs) check_kr_periods(S, k);
      VEC_EACH(KR *, k, p->kpis) check_kr_periods(S, k);
      Actuals *cl;
      VEC_EACH(Actuals *, cl, p->closes) check_close(S, cl);
    }
    VEC_EACH(KR *, k, p->krs) check_plan(S, k);
    VEC_EACH(KR *, k, p->kpis) check_plan(S, k);
    VEC_EACH(KR *, k, p->krs) check_frequency(S, k);
    VEC_EACH(KR *, k, p->kpis) check_frequency(S, k);
    VEC_EACH(KR *, k, p->krs) check_measure(S, k);
    VEC_EACH(KR *, k, p->kpis) check_measure(S, k);
    VEC_EACH(Objective *, o, p->objectives) check_objective_pay(S, o);
    VEC_EACH(KR *, k, p->krs) check_formula(S, k);
    VEC_EACH(KR *, k, p->kpis) check_formula(S, k);
    return;
  }
  /* pass[0] reports to S->de; eng[0] takes the objectives' periods, which
   * come after check_kr's diagnostics (and before the measures' periods),
   * but which the measures' periods read; the last pass is the formulas' */
  KrPass pass[6];
  int np = 0;
  pass[np++] = check_kr;
  if (periods) pass[np++] = check_kr_periods;
  pass[np++] = check_plan;
  pass[np++] = check_frequency;
  pass[np++] = check_measure;
  pass[np++] = check_formula;
  DiagEngine *top = S->de, eng[6];
  for (int i = 0; i < np; i++) pass_engine(S, &eng[i]);
  if (periods) {
    S->de = &eng[0];
    VEC_EACH(Objective *, o, p->objectives) check_objective_periods(S, o);
  }
  /* chk_parent_due's latest due period of each objective's key results,
   * in the order of o->krs (p->krs has them in that order) */
  int no = p->objectives.len;
  S->due_latest = arena_alloc(S->a, sizeof(int) * ((size_t)no + 1));
  S->due_latest_kr = arena_alloc(S->a, sizeof(KR *) * ((size_t)no + 1));
  for (int i = 0; i < no; i++) S->due_latest[i] = -1;
  Vec *lists[2] = { &p->krs, &p->kpis };
  for (int l = 0; l < 2; l++)
    VEC_EACH(KR *, k, *lists[l]) {
      S->de = top;
      pass[0](S, k);
      for (int i = 1; i < np; i++) {
        S->de = &eng[i];
        pass[i](S, k);
      }
      if (l == 0 && k->obj && k->due_eff.kind != PER_NONE) {
        int e = sema_period_end(k->due_eff), oi = k->obj->index;
        if (e > S->due_latest[oi]) { S->due_latest[oi] = e; S->due_latest_kr[oi] = k; }
      }
    }
  S->de = top;
  for (int i = 0; i < np; i++) {
    if (i == np - 1) VEC_EACH(Objective *, o, p->objectives) check_objective_pay(S, o);
    diag_append(top, &eng[i]);
    diag_free(&eng[i]);
  }
}

/* Each measure's unit, and, when there is a strategy, the naming of its
 * periods by the strategy's years (resolve_fiscal's E105, E106), in one
 * loop over the measures: the naming reads only the measure's own periods
 * and the first strategy block's fiscal year, and nothing reads those
 * periods in between.  Its diagnostics come after the units' and after
 * the strategy's first ones (ranks, E044, E104, the horizon's and the
 * objectives' naming): they go to an engine of their own, which
 * resolve_fiscal appends where its own loop over the measures was. */
static void check_units(Sema *S) {
  Program *p = S->p;
  Strategy *st = S->strategies.len && !S->opt.pass_each ? S->strategies.items[0] : NULL;
  DiagEngine *top = S->de;
  if (st) {
    S->fiscal_de = arena_alloc(S->a, sizeof *S->fiscal_de);
    pass_engine(S, S->fiscal_de);
    st->fiscal_v = fiscal_month(st);      /* what resolve_fiscal sets */
  }
  Vec *lists[2] = {&p->krs, &p->kpis};
  for (int l = 0; l < 2; l++) {
    KR *k;
    VEC_EACH(KR *, k, *lists[l]) {
      k->type = kr_unit(S, k);
      if (l == 0) {
        S->nmilestone_krs += k->type && k->type->kind == TY_MILESTONE;
        S->ncascade_krs += k->nfeeds > 0 || k->cascade.name;
      }
      if (!st) continue;
      S->de = S->fiscal_de;
      fix_measure_periods(S, st, k);
      S->de = top;
    }
  }
}

bool sema_check(Program *p, const SemaOptions *opt) {
  Sema *S = arena_alloc(&p->arena, sizeof *S);
  p->sema = S;
  S->p = p;
  S->de = p->de;
  S->a = &p->arena;
  if (opt) S->opt = *opt;
  type_table_init(&S->tt, &p->arena, p->in);
  S->s_min = intern(p->in, "min", 3);
  S->s_max = intern(p->in, "max", 3);
  S->s_abs = intern(p->in, "abs", 3);
  S->s_avg = intern(p->in, "avg", 3);
  S->s_prev = intern(p->in, "prev", 4);
  S->s_pow = intern(p->in, "pow", 3);
  S->s_learning = intern(p->in, "learning", 8);
  int errors0 = p->de->nerrors;

  collect(S);
  resolve_units(S);
  check_units(S);               /* and the fiscal naming of the measures' periods */
  check_strategy(S);
  check_objectives(S);
  chk_alignment(S);             /* aligns, levels, inherited perspectives */
  chk_contributions(S);         /* several parents, contribution weights */
  chk_cascades(S);              /* KR -> KR cascades become formulas */
  chk_themes(S);
  check_measures(S);
  chk_formula_cycles(S);
  chk_parent_due(S);
  check_links(S);
  chk_links(S);
  check_initiatives(S);
  check_actuals(S);
  chk_balance(S);
  chk_overload(S);
  chk_unmeasured(S);
  chk_task_krs(S);
  chk_same_rank(S);
  return p->de->nerrors == errors0;
}
