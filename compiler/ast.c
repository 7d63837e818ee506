/*
 * ast.c - printing the syntax tree.
 *
 * ast_dump() writes a span-free, comment-free S-expression of a file.  Two
 * files mean the same thing exactly when their dumps are equal, which is
 * what the formatter's tests check (fmt must never change meaning) and
 * what the parser tests compare against.
 */
#include "ast.h"
#include <stdio.h>
#include <string.h>

static const char *kind_names[] = {
  [ND_IMPORT] = "import", [ND_STRATEGY] = "strategy", [ND_PERSPECTIVE] = "perspective",
  [ND_UNIT] = "unit", [ND_OBJECTIVE] = "objective", [ND_KR] = "kr", [ND_KPI] = "kpi",
  [ND_LINK] = "link", [ND_INITIATIVE] = "initiative", [ND_ACTUALS] = "actuals",
  [ND_THEME] = "theme",
};

const char *ast_kind_name(NodeKind k) { return kind_names[k]; }
const char *ast_oname(const Objective *o) { return o && o->name.name ? o->name.name : "?"; }
const char *ast_kname(const KR *k) { return k && k->name.name ? k->name.name : "?"; }

static void period_buf(char *b, size_t n, Period p) {
  const char *fy = p.fiscal ? "FY" : "";
  switch (p.kind) {
  case PER_WEEK:    snprintf(b, n, "%d-W%02d", p.year, p.sub); break;
  case PER_DAY:     snprintf(b, n, "%d-%02d-%02d", p.year, p.sub, p.day); break;
  case PER_NONE:    snprintf(b, n, "?"); break;
  case PER_YEAR:    snprintf(b, n, "%s%d", fy, p.year); break;
  case PER_HALF:    snprintf(b, n, "%s%d-H%d", fy, p.year, p.sub); break;
  case PER_QUARTER: snprintf(b, n, "%s%d-Q%d", fy, p.year, p.sub); break;
  case PER_MONTH:   snprintf(b, n, "%d-%02d", p.year, p.sub); break;
  }
}

const char *ast_period_adj(PeriodKind k) {
  switch (k) {
  case PER_YEAR: return "yearly";
  case PER_HALF: return "half-yearly";
  case PER_QUARTER: return "quarterly";
  case PER_MONTH: return "monthly";
  case PER_WEEK: return "weekly";
  case PER_DAY: return "daily";
  default: return "";
  }
}

const char *ast_period_word(PeriodKind k) {
  switch (k) {
  case PER_YEAR: return "year";
  case PER_HALF: return "half";
  case PER_QUARTER: return "quarter";
  case PER_MONTH: return "month";
  case PER_WEEK: return "week";
  case PER_DAY: return "day";
  default: return "";
  }
}

/* days_from_civil of H. Hinnant's date algorithms: exact for every year. */
long ast_days(int y, int m, int d) {
  y -= m <= 2;
  long era = (y >= 0 ? y : y - 399) / 400;
  long yoe = y - era * 400;
  long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void ast_civil(long z, int *y, int *m, int *d) {
  z += 719468;
  long era = (z >= 0 ? z : z - 146096) / 146097;
  long doe = z - era * 146097;
  long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  long mp = (5 * doy + 2) / 153;
  *d = (int)(doy - (153 * mp + 2) / 5 + 1);
  *m = (int)(mp < 10 ? mp + 3 : mp - 9);
  *y = (int)(yoe + era * 400 + (*m <= 2));
}

/* The Thursday of ISO week w of year y: week 1 holds January 4th. */
static long iso_thursday(int y, int w) {
  long jan4 = ast_days(y, 1, 4);
  long wd = ((jan4 % 7) + 7 + 3) % 7;          /* Monday 0: 1970-01-01 was a Thursday */
  return jan4 - wd + (long)(w - 1) * 7 + 3;
}

bool ast_period_valid(Period p) {
  int y, m, d;
  if (p.kind == PER_WEEK) {
    if (p.sub < 1 || p.sub > 53) return false;
    ast_civil(iso_thursday(p.year, p.sub), &y, &m, &d);
    return y == p.year;                         /* week 53 exists in 71 years of 400 */
  }
  if (p.kind == PER_DAY) {
    if (p.sub < 1 || p.sub > 12 || p.day < 1 || p.day > 31) return false;
    ast_civil(ast_days(p.year, p.sub, p.day), &y, &m, &d);
    return m == p.sub && d == p.day;            /* not 2025-02-30 */
  }
  return true;
}

int ast_period_month(Period p) {
  int y = p.year, m = p.sub, d;
  if (p.kind == PER_WEEK) ast_civil(iso_thursday(p.year, p.sub), &y, &m, &d);
  return y * 12 + m - 1;
}

long ast_period_last_day(Period p) {
  if (p.kind == PER_WEEK) return iso_thursday(p.year, p.sub) + 3;   /* its Sunday */
  if (p.kind == PER_DAY) return ast_days(p.year, p.sub, p.day);
  return ast_days(p.year + p.sub / 12, p.sub % 12 + 1, 1) - 1;       /* a month: the day before the next */
}

const char *ast_agg_word(AggRule r) {
  return r == AGG_SUM ? "sum" : r == AGG_MEAN ? "mean" : r == AGG_LAST ? "last" : "";
}

const char *ast_period_str(Arena *a, Period p) {
  char b[32];
  period_buf(b, sizeof b, p);
  return arena_strdup(a, b);
}

/* ---- dump -------------------------------------------------------------- */

static void put_str(Buf *o, const char *s) {
  buf_putc(o, '"');
  for (; *s; s++) {
    if (*s == '"' || *s == '\\') buf_putc(o, '\\');
    if (*s == '\n') { buf_puts(o, "\\n"); continue; }
    buf_putc(o, *s);
  }
  buf_putc(o, '"');
}

static void put_num(Buf *o, double v) { buf_printf(o, "%.17g", v); }

static void dump_per(Buf *o, const UnitPer *p) {
  if (!p || !p->unit.name) return;
  buf_puts(o, "/");
  put_num(o, p->n);
  buf_printf(o, " %s", p->unit.name);
}

static void dump_expr(Buf *o, const Expr *e) {
  static const char *ops[] = { [EX_ADD] = "+", [EX_SUB] = "-", [EX_MUL] = "*", [EX_DIV] = "/" };
  if (!e) { buf_puts(o, "nil"); return; }
  switch (e->kind) {
  case EX_NUM:
    put_num(o, e->num);
    if (e->unit.name) buf_printf(o, "[%s", e->unit.name), dump_per(o, e->per), buf_putc(o, ']');
    if (e->span_unit) buf_printf(o, "[span %s]", ast_period_word(e->span_unit));
    break;
  case EX_BOOL: buf_puts(o, e->num ? "true" : "false"); break;
  case EX_REF:  buf_puts(o, e->ref.name); break;
  case EX_NEG:  buf_puts(o, "(neg "); dump_expr(o, e->lhs); buf_putc(o, ')'); break;
  case EX_ADD: case EX_SUB: case EX_MUL: case EX_DIV:
    buf_printf(o, "(%s ", ops[e->kind]);
    dump_expr(o, e->lhs); buf_putc(o, ' '); dump_expr(o, e->rhs); buf_putc(o, ')');
    break;
  case EX_CALL:
    buf_printf(o, "(call %s", e->ref.name);
    for (int i = 0; i < e->nargs; i++) { buf_putc(o, ' '); dump_expr(o, e->args[i]); }
    buf_putc(o, ')');
    break;
  }
}

static void attr_str(Buf *o, const char *k, Str s) {
  if (!s.text) return;
  buf_printf(o, " (%s ", k); put_str(o, s.text); buf_putc(o, ')');
}
static void attr_id(Buf *o, const char *k, Ident i) {
  if (i.name) buf_printf(o, " (%s %s)", k, i.name);
}
static void attr_expr(Buf *o, const char *k, const Expr *e) {
  if (!e) return;
  buf_printf(o, " (%s ", k); dump_expr(o, e); buf_putc(o, ')');
}
static void attr_period(Buf *o, const char *k, Period p) {
  char b[32];
  if (p.kind == PER_NONE) return;
  period_buf(b, sizeof b, p);
  buf_printf(o, " (%s %s)", k, b);
}
static void attr_lag(Buf *o, Lag l) {
  static const char *u[] = { [PER_NONE] = "", [PER_YEAR] = "y", [PER_HALF] = "h",
                             [PER_QUARTER] = "q", [PER_MONTH] = "m" };
  if (l.present) buf_printf(o, " (lag %d%s)", l.n, u[l.unit]);
}

static const char *commit_str[] = { "", "committed", "aspirational" };
static const char *dir_str[] = { "", "increase", "decrease" };
static const char *level_str[] = { "", "company", "team", "individual" };
static const char *spec_str[] = { "", "->", ">=", ">", "<=", "<", ".." };

static void dump_unit(Buf *o, const UnitRef *u) {
  switch (u->form) {
  case UF_NAMED:     buf_puts(o, u->name.name ? u->name.name : "?"); break;
  case UF_CURRENCY:  buf_printf(o, "currency(%s)", u->code.name ? u->code.name : "?"); break;
  case UF_RATING:    buf_puts(o, "rating("); put_num(o, u->lo); buf_puts(o, ".."); put_num(o, u->hi); buf_putc(o, ')'); break;
  case UF_MILESTONE: buf_printf(o, "milestone(%d)", u->steps); break;
  }
  dump_per(o, &u->per);
}

static void dump_kr(Buf *o, const KR *k, const char *indent) {
  buf_printf(o, "%s(%s %s", indent, k->h.kind == ND_KR ? "kr" : "kpi", k->name.name ? k->name.name : "?");
  attr_str(o, "title", k->title);
  buf_puts(o, " (unit "); dump_unit(o, &k->unit); buf_putc(o, ')');
  if (k->spec) {
    buf_printf(o, " (spec %s", spec_str[k->spec]);
    if (k->spec == SPEC_RANGE) { buf_putc(o, ' '); dump_expr(o, k->baseline); }
    buf_putc(o, ' '); dump_expr(o, k->target);
    if (k->growth) buf_printf(o, " (growth%s per %s)", k->growth_rel ? " relative" : "", k->growth_per.name);
    buf_putc(o, ')');
  }
  if (k->spec != SPEC_RANGE) attr_expr(o, "from", k->baseline);
  attr_expr(o, "warn", k->warn);
  if (!k->cascaded) attr_expr(o, "formula", k->formula);
  attr_expr(o, "forecast", k->forecast);
  attr_period(o, k->during ? "during" : "starts", k->starts);
  if (k->freq != PER_NONE) buf_printf(o, " (every %s%s%s)", ast_period_word(k->freq), k->agg ? " " : "", ast_agg_word(k->agg));
  if (k->carry.present) buf_printf(o, " (carry %d%s)", k->carry.n, k->carry.unit == PER_NONE ? "" : ast_period_word(k->carry.unit));
  attr_period(o, "by", k->due);
  if (k->has_plan) {
    buf_puts(o, k->plan_step ? " (plan step" : " (plan");
    for (int i = 0; i < k->nplan; i++) {
      char b[32];
      period_buf(b, sizeof b, k->plan[i].at);
      buf_printf(o, " (%s ", b);
      dump_expr(o, k->plan[i].value);
      buf_putc(o, ')');
    }
    buf_putc(o, ')');
  }
  for (int i = 0; i < k->nfeeds; i++) {
    buf_printf(o, " (feeds %s", k->feeds[i].to.name ? k->feeds[i].to.name : "?");
    if (k->feeds[i].weight) { buf_putc(o, ' '); dump_expr(o, k->feeds[i].weight); }
    buf_putc(o, ')');
  }
  attr_id(o, "cascade", k->cascade);
  attr_expr(o, "weight", k->weight);
  if (k->commit) buf_printf(o, " (%s)", commit_str[k->commit]);
  if (k->dir) buf_printf(o, " (%s)", dir_str[k->dir]);
  if (k->compensation) buf_puts(o, " (compensation)");
  attr_str(o, "owner", k->owner);
  attr_id(o, "in", k->persp);
  if (k->maintain) buf_puts(o, " (maintain)");
  if (k->has_bench) {
    buf_puts(o, " (benchmark");
    attr_str(o, "label", k->bench_label);
    if (k->bench) { buf_putc(o, ' '); dump_expr(o, k->bench); }
    for (int i = 0; i < k->nbench; i++) {
      char b[32];
      period_buf(b, sizeof b, k->bench_pts[i].at);
      buf_printf(o, " (%s ", b);
      dump_expr(o, k->bench_pts[i].value);
      buf_putc(o, ')');
    }
    buf_putc(o, ')');
  }
  attr_expr(o, "margin", k->margin);
  if (k->bd) {
    buf_printf(o, " (breakdown %s %s", k->bd->dim.name ? k->bd->dim.name : "?", k->bd->rule.name ? k->bd->rule.name : "?");
    for (int i = 0; i < k->bd->n; i++) {
      buf_printf(o, " (%s", k->bd->members[i].name.name ? k->bd->members[i].name.name : "?");
      if (k->bd->members[i].weight) { buf_putc(o, ' '); dump_expr(o, k->bd->members[i].weight); }
      buf_putc(o, ')');
    }
    buf_putc(o, ')');
  }
  buf_puts(o, ")\n");
}

static void dump_node(Buf *o, const Node *n) {
  switch (n->kind) {
  case ND_IMPORT:
    buf_puts(o, "(import "); put_str(o, ((const Import *)n)->path.text); buf_puts(o, ")\n");
    break;
  case ND_STRATEGY: {
    const Strategy *s = (const Strategy *)n;
    buf_puts(o, "(strategy");
    attr_str(o, "title", s->title);
    if (s->from.kind) { attr_period(o, "from", s->from); attr_period(o, "to", s->to); }
    attr_id(o, "cadence", s->cadence);
    attr_id(o, "fiscal", s->fiscal_month);
    if (s->has_perspectives) {
      buf_puts(o, " (perspectives");
      for (int i = 0; i < s->nweights; i++) {
        buf_printf(o, " (%s ", s->weights[i].persp.name);
        dump_expr(o, s->weights[i].weight);
        buf_putc(o, ')');
      }
      buf_putc(o, ')');
    }
    attr_expr(o, "green", s->green);
    attr_expr(o, "yellow", s->yellow);
    attr_expr(o, "objectives_per_owner", s->limits[LIMIT_OBJ_PER_OWNER]);
    attr_expr(o, "krs_per_objective", s->limits[LIMIT_KR_PER_OBJ]);
    attr_str(o, "store", s->store);
    buf_puts(o, ")\n");
    break;
  }
  case ND_PERSPECTIVE: {
    const Perspective *p = (const Perspective *)n;
    buf_printf(o, "(perspective %s", p->name.name);
    attr_str(o, "title", p->title);
    attr_expr(o, "rank", p->rank);
    buf_puts(o, ")\n");
    break;
  }
  case ND_UNIT: {
    const UnitDecl *u = (const UnitDecl *)n;
    buf_printf(o, "(unit %s", u->name.name);
    if (u->base.name) { buf_puts(o, " ="); if (u->factor) buf_putc(o, ' '), dump_expr(o, u->factor); buf_printf(o, " %s", u->base.name); }
    dump_per(o, &u->per);
    if (u->bad) buf_puts(o, " bad");
    buf_puts(o, ")\n");
    break;
  }
  case ND_OBJECTIVE: {
    const Objective *ob = (const Objective *)n;
    buf_printf(o, "(objective %s", ob->name.name);
    attr_str(o, "title", ob->title);
    attr_id(o, "in", ob->persp);
    attr_str(o, "owner", ob->owner);
    if (ob->level) buf_printf(o, " (level %s)", level_str[ob->level]);
    attr_str(o, "group", ob->group);
    for (int i = 0; i < ob->nparents; i++) {
      const Align *al = &ob->parents[i];
      buf_printf(o, " (aligns %s", al->to.name ? al->to.name : "?");
      if (al->mode == ALIGN_CONTRIBUTES) buf_puts(o, " contributes");
      if (al->mode == ALIGN_SUPPORTS) buf_puts(o, " supports");
      if (al->weight) { buf_putc(o, ' '); dump_expr(o, al->weight); }
      buf_putc(o, ')');
    }
    if (ob->commit) buf_printf(o, " (%s)", commit_str[ob->commit]);
    if (ob->compensation) buf_puts(o, " (compensation)");
    attr_expr(o, "weight", ob->weight);
    attr_period(o, ob->during ? "during" : "starts", ob->starts);
    buf_puts(o, "\n");
    for (int i = 0; i < ob->nkrs; i++) dump_kr(o, ob->krs[i], "  ");
    for (int i = 0; i < ob->nkpis; i++) dump_kr(o, ob->kpis[i], "  ");
    buf_puts(o, ")\n");
    break;
  }
  case ND_KR: case ND_KPI:
    dump_kr(o, (const KR *)n, "");
    break;
  case ND_LINK: {
    const Link *l = (const Link *)n;
    buf_printf(o, "(link %s %s", l->from.name, l->to.name);
    attr_expr(o, "strength", l->strength);
    attr_lag(o, l->lag);
    buf_puts(o, ")\n");
    break;
  }
  case ND_INITIATIVE: {
    const Initiative *in = (const Initiative *)n;
    buf_printf(o, "(initiative %s", in->name.name);
    attr_str(o, "title", in->title);
    attr_str(o, "owner", in->owner);
    attr_expr(o, "cost", in->cost);
    attr_expr(o, "forecast", in->cost_forecast);
    attr_id(o, "status", in->status_word);
    attr_expr(o, "spent", in->spent);
    attr_expr(o, "complete", in->complete);
    for (int i = 0; i < in->nsupports; i++) buf_printf(o, " (supports %s)", in->supports[i].name);
    for (int i = 0; i < in->nmilestones; i++) {
      const Milestone *m = &in->milestones[i];
      buf_printf(o, "\n  (milestone %s", m->name.name ? m->name.name : "?");
      attr_str(o, "title", m->title);
      attr_period(o, "by", m->due);
      if (m->done) buf_puts(o, " done");
      attr_expr(o, "weight", m->weight);
      buf_putc(o, ')');
    }
    for (int i = 0; i < in->neffects; i++) {
      const Effect *e = &in->effects[i];
      buf_printf(o, "\n  (affects %s ", e->kr.name);
      dump_expr(o, e->by);
      if (e->relative) buf_puts(o, " relative");
      attr_lag(o, e->lag);
      buf_putc(o, ')');
    }
    buf_puts(o, ")\n");
    break;
  }
  case ND_THEME: {
    const Theme *t = (const Theme *)n;
    buf_printf(o, "(theme %s", t->name.name ? t->name.name : "?");
    attr_str(o, "title", t->title);
    attr_str(o, "owner", t->owner);
    for (int i = 0; i < t->nitems; i++) {
      buf_printf(o, " (%s", t->items[i].obj.name ? t->items[i].obj.name : "?");
      if (t->items[i].weight) { buf_putc(o, ' '); dump_expr(o, t->items[i].weight); }
      buf_putc(o, ')');
    }
    buf_puts(o, ")\n");
    break;
  }
  case ND_ACTUALS: {
    const Actuals *a = (const Actuals *)n;
    char b[32];
    period_buf(b, sizeof b, a->period);
    buf_printf(o, "(%s %s", a->close ? "close" : "actuals", b);
    for (int i = 0; i < a->nitems; i++) {
      buf_printf(o, " (%s%s%s ", a->items[i].kr.name, a->items[i].member.name ? "." : "",
                 a->items[i].member.name ? a->items[i].member.name : "");
      dump_expr(o, a->items[i].value);
      if (a->items[i].carry) buf_puts(o, " carry");
      buf_putc(o, ')');
    }
    buf_puts(o, ")\n");
    break;
  }
  }
}

void ast_dump(Buf *out, const AstFile *f) {
  for (int i = 0; i < f->ndecls; i++) dump_node(out, f->decls[i]);
}
