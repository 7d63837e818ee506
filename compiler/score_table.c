/*
 * score_table.c - `bscc score`'s table for a terminal (docs/score.md): the
 * scorecard as an indented tree with the score, progress bar, plan and
 * status columns, then the no-data list and the dynamic-calibration list.
 */
#include "score_out.h"
#include "actuals.h"
#include "types.h"
#include "sema.h"

#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { C_NONE, C_GREEN, C_YELLOW, C_RED, C_DIM };
static const char *const ansi[] = {"", "\033[32m", "\033[33m", "\033[31m", "\033[2m"};

/* `plan` is the planned score for the as-of period; `vs plan` the status,
 * the score against that plan (semantics.md §6). */
enum { COL_SCORE, COL_BAR, COL_PLAN, COL_STATUS, COL_TREND, COL_DATA, COL_ACTUAL, COL_GOAL, NCOL };
static const char *const col_head[NCOL] = {"score", "progress", "plan", "vs plan", "trend", "data", "actual", "target"};
static const bool col_right[NCOL] = {true, false, true, false, false, true, true, false};

typedef struct TRow {
  int indent;
  char *label;
  char *cell[NCOL];
  int color[NCOL];
  bool bold;
} TRow;

typedef struct Table {
  TRow *rows; int n, cap;
} Table;

static TRow *trow(Table *t, int indent, const char *label) {
  if (t->n == t->cap) {
    t->cap = t->cap ? t->cap * 2 : 64;
    t->rows = bsc_realloc(t->rows, sizeof *t->rows * (size_t)t->cap);
  }
  TRow *r = &t->rows[t->n++];
  memset(r, 0, sizeof *r);
  r->indent = indent;
  r->label = bsc_strdup(label);
  for (int i = 0; i < NCOL; i++) r->cell[i] = bsc_strdup("");
  return r;
}

static void set_cell(TRow *r, int c, int color, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void set_cell(TRow *r, int c, int color, const char *fmt, ...) {
  va_list ap, ap2;
  va_start(ap, fmt);
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap2);      /* sized, never cut: a cell holds any number */
  va_end(ap2);
  char *cell = bsc_malloc(n > 0 ? (size_t)n + 1 : 1);
  if (n > 0) vsnprintf(cell, (size_t)n + 1, fmt, ap);
  else cell[0] = 0;
  va_end(ap);
  free(r->cell[c]);
  r->cell[c] = cell;
  r->color[c] = color;
}

static int width(const char *s) { return utf8_width(s, strlen(s), 1); }

/* s cut to at most w display columns, with "…" when cut. */
static char *fit(const char *s, int w) {
  if (width(s) <= w) return bsc_strdup(s);
  Buf b;
  buf_init(&b);
  int used = 0;
  size_t i = 0, n = strlen(s);
  while (i < n) {
    uint32_t cp;
    int l = utf8_decode(s + i, n - i, &cp);
    if (l <= 0) { l = 1; cp = '?'; }
    int cw = utf8_cp_width(cp);
    if (used + cw > w - 1) break;
    buf_putn(&b, s + i, (size_t)l);
    used += cw;
    i += (size_t)l;
  }
  buf_puts(&b, "…");
  return buf_steal(&b);
}

static void pad(Buf *b, int n) {
  for (int i = 0; i < n; i++) buf_putc(b, ' ');
}

static int status_color(ScoreStatus s) {
  return s == STATUS_GREEN ? C_GREEN : s == STATUS_YELLOW ? C_YELLOW : s == STATUS_RED ? C_RED : C_DIM;
}
static int health_color(KpiHealth h) {
  return h == HEALTH_HEALTHY ? C_GREEN : h == HEALTH_WARNING ? C_YELLOW : h == HEALTH_BREACHED ? C_RED : C_DIM;
}

static void bar(double s, char *out, size_t n) {
  static const char *const part[8] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
  int eighths = score_cells(s, 80);
  Buf b;
  buf_init(&b);
  int full = eighths / 8, rem = eighths % 8, cells = 0;
  for (int i = 0; i < full; i++, cells++) buf_puts(&b, "█");
  if (rem) { buf_puts(&b, part[rem]); cells++; }
  for (; cells < 10; cells++) buf_puts(&b, "░");
  snprintf(out, n, "%s", b.data);
  buf_free(&b);
}

/* The score columns of an aggregate or a key result. */
static void fill_score(TRow *r, const ScoreCard *sc, const ScoreResult *res, int kind, int index, bool aggregate) {
  if (res->scope != SCOPE_RUNNING) {
    set_cell(r, COL_STATUS, C_DIM, "%s", score_scope_name(res->scope));
    return;
  }
  if (!res->has) {
    set_cell(r, COL_STATUS, C_DIM, "no data");
    if (aggregate) set_cell(r, COL_DATA, C_NONE, "0/%d", res->n_items);
    return;
  }
  char b[128];
  set_cell(r, COL_SCORE, C_NONE, "%.2f", res->score);
  bar(res->score, b, sizeof b);
  set_cell(r, COL_BAR, status_color(res->status), "%s", b);
  set_cell(r, COL_PLAN, C_NONE, "%.2f", res->expected);
  set_cell(r, COL_STATUS, status_color(res->status), "%s", score_status_name(res->status));
  int pv = score_prev_with_data(sc, kind, index, sc->as_of);
  if (pv >= 0) {
    const ScoreResult *pr = so_res_at(sc, kind, index, pv);
    double d = res->score - pr->score;
    if (d > 0) set_cell(r, COL_TREND, C_GREEN, "▲ %+.2f", d);
    else if (d < 0) set_cell(r, COL_TREND, C_RED, "▼ %+.2f", d);
    else set_cell(r, COL_TREND, C_NONE, "= 0.00");
  }
  if (aggregate) set_cell(r, COL_DATA, C_NONE, "%d/%d", res->n_data, res->n_items);
}

/* The actual and goal cells of a key result or KPI.  A phased goal names
 * what is planned for the period after the goal: `plan` and the planned
 * value for a KR, `now` and the threshold in force for a KPI. */
static void value_cells(TRow *row, const KR *k, const ScoreResult *r, const char *word, bool has_now, double now) {
  Buf b;
  buf_init(&b);
  if (r->has) {
    if (r->source == SRC_CALCULATED) buf_puts(&b, "= ");
    so_value(&b, k->type, r->value);
    if (r->age > 0) buf_printf(&b, " (stale, %d %s)", r->age, r->age == 1 ? "period" : "periods");
    if (r->closed) buf_puts(&b, " (closed)");
    if (k->margin_v > 0) {
      buf_putc(&b, ' ');
      so_margin(&b, k);
      if (r->within_margin) buf_puts(&b, " (within margin)");
    }
    set_cell(row, COL_ACTUAL, r->age > 0 ? C_DIM : C_NONE, "%s", b.data);
  } else if (r->scope == SCOPE_RUNNING && r->why == ND_STALE) {
    set_cell(row, COL_ACTUAL, C_DIM, "— (stale, %d periods)", r->age);
  } else if (r->scope == SCOPE_RUNNING) {
    set_cell(row, COL_ACTUAL, C_DIM, "—");
  }
  b.len = 0;
  so_goal(&b, k);
  if (word && has_now) {
    buf_printf(&b, ", %s ", word);
    so_short(&b, k->type, now);
  }
  set_cell(row, COL_GOAL, C_NONE, "%s", b.data ? b.data : "");
  buf_free(&b);
}

/* The rows under a measure: its breakdown's members and their gap, and its
 * benchmark, each a value in the actual column (semantics.md §4.2-4.3). */
static void detail_rows(Table *t, const KR *k, const ScoreResult *r, int indent) {
  char lab[512];
  Buf b;
  buf_init(&b);
  if (k->bd && r->has && r->members) {
    for (int i = 0; i < k->bd->n; i++) {
      snprintf(lab, sizeof lab, "%s %s", k->bd->dim.name, k->bd->members[i].name.name);
      b.len = 0;
      so_value(&b, k->type, r->members[i]);
      set_cell(trow(t, indent, lab), COL_ACTUAL, C_NONE, "%s", b.data);
    }
    snprintf(lab, sizeof lab, "gap between %ss (max − min)", k->bd->dim.name);
    b.len = 0;
    so_value(&b, k->type, r->gap);
    if (r->has_ratio) buf_printf(&b, " · ratio %.2f", r->ratio);
    TRow *g = trow(t, indent, lab);
    set_cell(g, COL_ACTUAL, C_NONE, "%s", b.data);
    set_cell(g, COL_GOAL, C_DIM, "%s of the %ss", k->bd->rule_v == BD_WEIGHTED ? "weighted mean" : so_bd_rule(k->bd->rule_v),
             k->bd->dim.name);
  }
  if (r->has_bench) {
    snprintf(lab, sizeof lab, "benchmark%s%s", k->bench_label.text ? ": " : "", k->bench_label.text ? k->bench_label.text : "");
    b.len = 0;
    so_value(&b, k->type, r->bench);
    set_cell(trow(t, indent, lab), COL_ACTUAL, C_DIM, "%s", b.data);
  }
  buf_free(&b);
}

static void kr_rows(Table *t, const ScoreCard *sc, const KR *k, int indent) {
  const ScoreResult *r = score_kr(sc, sc->as_of, k);
  TRow *row = trow(t, indent, so_title(k->title.text, k->name.name));
  fill_score(row, sc, r, 0, k->index, false);
  value_cells(row, k, r, "plan", k->nplan && r->has_plan_value, r->plan_value);
  detail_rows(t, k, r, indent + 1);
}

static void kpi_row(Table *t, const ScoreCard *sc, const KR *k, int indent);

static void kpi_rows(Table *t, const ScoreCard *sc, const KR *k, int indent) {
  kpi_row(t, sc, k, indent);
  detail_rows(t, k, score_kpi(sc, sc->as_of, k), indent + 1);
}

static void kpi_row(Table *t, const ScoreCard *sc, const KR *k, int indent) {
  const ScoreResult *r = score_kpi(sc, sc->as_of, k);
  char lab[512];
  snprintf(lab, sizeof lab, "KPI %s", so_title(k->title.text, k->name.name));
  TRow *row = trow(t, indent, lab);
  if (r->scope != SCOPE_RUNNING) {
    set_cell(row, COL_STATUS, C_DIM, "%s", score_scope_name(r->scope));
    value_cells(row, k, r, NULL, false, 0);
    return;
  }
  if (score_kpi_scored(k)) {              /* scored: its score against its plan, as a KR */
    fill_score(row, sc, r, 1, k->index, false);
    value_cells(row, k, r, "now", k->nplan > 0, r->threshold);
    if (r->has && (k->mode == KM_QUICKSCORE || k->mode == KM_BAND)) {   /* the points the status reads */
      Buf pb;
      buf_init(&pb);
      buf_printf(&pb, "%s · ", row->cell[COL_ACTUAL]);
      so_points(&pb, r->points);
      set_cell(row, COL_ACTUAL, C_NONE, "%s", pb.data);
      buf_free(&pb);
    }
    return;
  }
  set_cell(row, COL_STATUS, health_color(r->health), "%s", score_health_name(r->health));
  value_cells(row, k, r, "now", k->nplan > 0, r->threshold);
  int pv = r->has ? score_prev_with_data(sc, 1, k->index, sc->as_of) : -1;
  if (pv >= 0) {
    double d = r->value - score_kpi(sc, pv, k)->value;
    Buf nb;
    buf_init(&nb);
    so_disp(&nb, fabs(d));
    if (d > 0) set_cell(row, COL_TREND, C_NONE, "▲ +%s", nb.data);
    else if (d < 0) set_cell(row, COL_TREND, C_NONE, "▼ -%s", nb.data);
    else set_cell(row, COL_TREND, C_NONE, "= 0");
    buf_free(&nb);
  }
}

/* An objective's rows: itself, its KRs and KPIs, then the objectives
 * aligned to it, each saying whether it counts here (`via`, the
 * alignment it is shown under; NULL at the top). */
static void obj_rows(Table *t, const ScoreCard *sc, const Objective *o, const Align *via, int indent, int budget) {
  Program *p = sc->p;
  const ScoreResult *r = score_obj(sc, sc->as_of, o);
  char lab[512];
  const char *lvl = o->level_eff == LEVEL_TEAM ? "team: " : o->level_eff == LEVEL_INDIVIDUAL ? "individual: " : "";
  char how[96] = "";
  if (via && score_counts(sc, via)) {
    if (via->weight) snprintf(how, sizeof how, " (contributes ×%g)", via->weight_v);
    else snprintf(how, sizeof how, " (contributes)");
  } else if (via) {
    snprintf(how, sizeof how, " (supports)");
  }
  snprintf(lab, sizeof lab, "%s%s%s%s", lvl, so_title(o->title.text, o->name.name),
           o->commit == COMMIT_COMMITTED ? " (committed)" : "", how);
  TRow *row = trow(t, indent, lab);
  row->bold = indent <= 1;
  fill_score(row, sc, r, 2, o->index, true);
  for (int i = 0; i < o->nkrs; i++) if (o->krs[i]) kr_rows(t, sc, o->krs[i], indent + 1);
  for (int i = 0; i < o->nkpis; i++) if (o->kpis[i]) kpi_rows(t, sc, o->kpis[i], indent + 1);
  if (budget <= 0) return;
  Objective *c;
  VEC_EACH(Objective *, c, p->objectives)
    for (int i = 0; i < c->nparents; i++)
      if (c->parents[i].obj == o) obj_rows(t, sc, c, &c->parents[i], indent + 1, budget - 1);
}

#define LABEL_MAX 56   /* the label column when the width is not known (a pipe): a stable layout */
#define LABEL_MIN 16   /* the narrowest label column a terminal width leaves */

/* The label column's width: LABEL_MAX for a pipe (cols 0), everything
 * for --wide (cols < 0), else what `cols` leaves beside the other columns. */
static int label_room(const int *cw, int cols) {
  if (cols == 0) return LABEL_MAX;
  if (cols < 0) return INT_MAX / 2;
  int rest = 0;
  for (int c = 0; c < NCOL; c++) rest += 2 + cw[c];
  return cols - rest < LABEL_MIN ? LABEL_MIN : cols - rest;
}

static void render_table(Buf *out, const Table *t, bool color, int cols) {
  int lw = 0, cw[NCOL];
  for (int c = 0; c < NCOL; c++) cw[c] = width(col_head[c]);
  for (int i = 0; i < t->n; i++)
    for (int c = 0; c < NCOL; c++) if (width(t->rows[i].cell[c]) > cw[c]) cw[c] = width(t->rows[i].cell[c]);
  int max = label_room(cw, cols);
  char **labels = bsc_calloc((size_t)t->n + 1, sizeof *labels);
  for (int i = 0; i < t->n; i++) {
    const TRow *r = &t->rows[i];
    int room = max - 2 * r->indent;
    labels[i] = fit(r->label, room < 8 ? 8 : room);
    int w = 2 * r->indent + width(labels[i]);
    if (w > lw) lw = w;
  }
  /* still too wide for the terminal: the last column (the target, free
   * text) is shortened too */
  char **last = NULL;
  int over = lw - cols;
  for (int c = 0; c < NCOL; c++) over += 2 + cw[c];
  if (cols > 0 && over > 0) {
    int room = cw[NCOL - 1] - over < 8 ? 8 : cw[NCOL - 1] - over;
    last = bsc_calloc((size_t)t->n + 1, sizeof *last);
    for (int i = 0; i < t->n; i++) last[i] = fit(t->rows[i].cell[NCOL - 1], room);
    cw[NCOL - 1] = room;
  }
  /* header */
  Buf line;
  buf_init(&line);
  pad(&line, lw);
  for (int c = 0; c < NCOL; c++) {
    buf_puts(&line, "  ");
    int w = width(col_head[c]);
    if (col_right[c]) pad(&line, cw[c] - w);
    buf_puts(&line, col_head[c]);
    if (!col_right[c] && c < NCOL - 1) pad(&line, cw[c] - w);
  }
  while (line.len && line.data[line.len - 1] == ' ') line.len--;
  buf_putn(out, line.data, line.len);
  buf_putc(out, '\n');
  for (int i = 0; i < t->n; i++) {
    const TRow *r = &t->rows[i];
    line.len = 0;
    pad(&line, 2 * r->indent);
    if (color && r->bold) buf_puts(&line, "\033[1m");
    buf_puts(&line, labels[i]);
    if (color && r->bold) buf_puts(&line, "\033[0m");
    pad(&line, lw - 2 * r->indent - width(labels[i]));
    for (int c = 0; c < NCOL; c++) {
      buf_puts(&line, "  ");
      int w = width(last && c == NCOL - 1 ? last[i] : r->cell[c]);
      if (col_right[c]) pad(&line, cw[c] - w);
      const char *cell = last && c == NCOL - 1 ? last[i] : r->cell[c];
      bool col = color && r->color[c] != C_NONE && cell[0];
      if (col) buf_puts(&line, ansi[r->color[c]]);
      buf_puts(&line, cell);
      if (col) buf_puts(&line, "\033[0m");
      if (!col_right[c] && c < NCOL - 1) pad(&line, cw[c] - w);
    }
    while (line.len && line.data[line.len - 1] == ' ') line.len--;
    buf_putn(out, line.data, line.len);
    buf_putc(out, '\n');
  }
  buf_free(&line);
  for (int i = 0; i < t->n; i++) { free(labels[i]); if (last) free(last[i]); }
  free(labels);
  free(last);
}

static void table_free(Table *t) {
  for (int i = 0; i < t->n; i++) {
    free(t->rows[i].label);
    for (int c = 0; c < NCOL; c++) free(t->rows[i].cell[c]);
  }
  free(t->rows);
}

/* ---- initiatives (semantics.md §20) ---------------------------------------- */

#define NICOL 6
static const char *const init_head[NICOL] = {"initiative", "status", "complete", "milestones", "next", "spent of budget"};

/* One initiative's cells, each owned by the caller. */
static void init_cells(const ScoreCard *sc, const InitResult *r, char **cell) {
  const Initiative *in = r->in;
  Buf b;
  buf_init(&b);
  buf_puts(&b, so_title(in->title.text, in->name.name));
  cell[0] = buf_steal(&b);
  cell[1] = bsc_strdup(score_init_status_name(in->status, true));
  buf_init(&b);
  if (r->has_percent) {
    so_disp(&b, r->percent * 100); buf_putc(&b, '%');
    buf_printf(&b, " (%s)", score_pct_source_name(r->source));
  } else buf_puts(&b, "—");
  cell[2] = buf_steal(&b);
  buf_init(&b);
  so_ms_summary(&b, r);
  if (r->late) { buf_puts(&b, ": "); so_milestone(&b, r->late); }
  if (!b.len) buf_puts(&b, "—");
  cell[3] = buf_steal(&b);
  buf_init(&b);
  if (r->next) so_milestone(&b, r->next); else buf_puts(&b, "—");
  cell[4] = buf_steal(&b);
  buf_init(&b);
  const Type *money = in->cost && in->cost->type && in->cost->type->kind == TY_CURRENCY ? in->cost->type
                    : in->spent ? in->spent->type : NULL;
  if (r->has_spent) {
    so_value(&b, money, r->spent);
    if (r->has_budget) { buf_puts(&b, " of "); so_value(&b, money, r->budget); }
    if (r->has_used) { buf_puts(&b, " ("); so_disp(&b, r->used * 100); buf_putc(&b, '%'); buf_putc(&b, ')'); }
    if (r->over) buf_puts(&b, " over budget");
  } else if (r->has_budget) {
    buf_puts(&b, "budget ");
    so_value(&b, money, r->budget);
  } else buf_puts(&b, "—");
  if (in->cost_forecast && in->cost_d.kind != DIST_CONST) {
    buf_puts(&b, ", cost forecast mean ");
    so_value(&b, money, r->cost_mean);
  }
  cell[5] = buf_steal(&b);
}

static void init_section(Buf *out, const ScoreCard *sc) {
  if (!sc->inits_tracked) return;
  char pa[32];
  buf_printf(out, "\nInitiatives as of %s\n", so_period(sc, sc->as_of, pa, sizeof pa));
  int n = sc->ninits;
  char **cells = bsc_calloc((size_t)(n + 1) * NICOL, sizeof *cells);
  int w[NICOL];
  for (int c = 0; c < NICOL; c++) { cells[c] = bsc_strdup(init_head[c]); w[c] = width(cells[c]); }
  for (int i = 0; i < n; i++) {
    init_cells(sc, &sc->inits[i], cells + (size_t)(i + 1) * NICOL);
    for (int c = 0; c < NICOL; c++) {
      int cw = width(cells[(size_t)(i + 1) * NICOL + c]);
      if (cw > w[c]) w[c] = cw;
    }
  }
  for (int i = 0; i <= n; i++) {
    Buf line;
    buf_init(&line);
    buf_puts(&line, "  ");
    for (int c = 0; c < NICOL; c++) {
      const char *t = cells[(size_t)i * NICOL + c];
      buf_puts(&line, t);
      if (c < NICOL - 1) pad(&line, w[c] - width(t) + 2);
    }
    buf_puts(out, line.data);
    buf_putc(out, '\n');
    buf_free(&line);
  }
  for (int i = 0; i < (n + 1) * NICOL; i++) free(cells[i]);
  free(cells);
  buf_puts(out, "  (complete: stated, from milestones done by weight, or by status; late: open and due by the as-of period)\n");
}

void score_render_table(Buf *out, const ScoreCard *sc, const ActualSet *as, bool color) {
  score_render_table_fit(out, sc, as, color, 0);
}

void score_render_table_fit(Buf *out, const ScoreCard *sc, const ActualSet *as, bool color, int cols) {
  Program *p = sc->p;
  Strategy *st = p->strategy;
  char pa[32], pb[32], pc[32];
  buf_printf(out, "%s%s%s\n", color ? "\033[1m" : "", st->title.text ? st->title.text : "Scorecard", color ? "\033[0m" : "");
  buf_printf(out, "as of %s%s · %s · horizon %s .. %s\n", so_period(sc, sc->as_of, pa, sizeof pa),
             !sc->any_data ? " (no actuals yet)" : sc->as_of_default ? " (the latest period with data)" : "",
             ast_period_adj(st->cadence_eff), actuals_period_str(st->from, pb, sizeof pb),
             actuals_period_str(st->to, pc, sizeof pc));
  if (as && as->nfiles) {
    buf_puts(out, "data: ");
    for (int i = 0; i < as->nfiles; i++) buf_printf(out, "%s%s", i ? ", " : "", as->files[i]);
    buf_putc(out, '\n');
  }
  if (sc->cap > 1.0) {
    char cb[48];
    buf_printf(out, "overachievement counts, up to %s\n", type_fmt_num(sc->cap, cb, sizeof cb));
  }
  if (sc->opt.rollup) buf_puts(out, "objectives roll up the objectives aligned to them\n");
  char gt[48], yt[48];
  type_fmt_num(sc->green, gt, sizeof gt);
  type_fmt_num(sc->yellow, yt, sizeof yt);
  buf_printf(out, "score and progress: toward the final target · plan: the planned score for %s · vs plan: green at %s × plan "
             "(committed: 1 × plan), yellow at %s × plan\n", so_period(sc, sc->as_of, pa, sizeof pa), gt, yt);
  if (so_any_aligned(p))
    buf_puts(out, "under an objective, an aligned objective marked (contributes) counts in its score; (supports): shown, not counted\n");
  if (so_any_committed(p))
    buf_printf(out, "commitment does not roll up: perspectives, themes and the scorecard are judged as aspirational "
               "(%s × plan) over committed objectives too\n", gt);
  buf_putc(out, '\n');

  Table t = {0};
  TRow *row = trow(&t, 0, "Scorecard");
  row->bold = true;
  fill_score(row, sc, score_total(sc, sc->as_of), 4, 0, true);
  int budget = p->objectives.len;
  for (int i = p->perspectives.len - 1; i >= 0; i--) {
    Perspective *ps = p->perspectives.items[i];
    char lab[512], w[48];
    type_fmt_num(ps->weight_v * 100, w, sizeof w);
    snprintf(lab, sizeof lab, "%s %s%%", so_title(ps->title.text, ps->name.name), w);
    row = trow(&t, 1, lab);
    row->bold = true;
    fill_score(row, sc, score_persp(sc, sc->as_of, ps), 3, ps->index, true);
    Objective *o;
    VEC_EACH(Objective *, o, p->objectives)
      if (!o->parent && o->persp_eff == ps) obj_rows(&t, sc, o, NULL, 2, budget);
    KR *k;
    VEC_EACH(KR *, k, p->kpis)
      if (!k->obj && k->persp_eff == ps) kpi_rows(&t, sc, k, 2);
  }
  /* objectives in no perspective (a team objective that aligns to nothing):
   * scored, and counted in nothing above them */
  bool header = false;
  Objective *o;
  VEC_EACH(Objective *, o, p->objectives) {
    if (o->parent || (o->persp_eff && o->persp_eff->index >= 0)) continue;
    if (!header) {
      bool okr = p->strategy && p->strategy->okr_first;   /* scored by its objectives */
      trow(&t, 1, okr ? "Objectives (OKR-first, no perspectives)" : "(in no perspective: scored, counted in no perspective)");
      header = true;
    }
    obj_rows(&t, sc, o, NULL, 2, budget);
  }
  /* strategic themes: each a roll-up of its objectives across perspectives */
  Theme *th;
  VEC_EACH(Theme *, th, p->themes) {
    char lab[512];
    snprintf(lab, sizeof lab, "Theme: %s", so_title(th->title.text, th->name.name));
    row = trow(&t, 1, lab);
    row->bold = true;
    fill_score(row, sc, score_theme(sc, sc->as_of, th), 5, th->index, true);
    for (int i = 0; i < th->nitems; i++) {
      const ThemeItem *it = &th->items[i];
      if (!it->o) continue;
      char il[512];
      if (it->weight) snprintf(il, sizeof il, "%s (weight %g)", so_title(it->o->title.text, it->o->name.name), it->weight_v);
      else snprintf(il, sizeof il, "%s", so_title(it->o->title.text, it->o->name.name));
      row = trow(&t, 2, il);
      fill_score(row, sc, score_obj(sc, sc->as_of, it->o), 2, it->o->index, true);
    }
  }
  render_table(out, &t, color, cols);
  table_free(&t);
  init_section(out, sc);

  /* no data */
  int nk = 0, nkp = 0;
  KR *k;
  VEC_EACH(KR *, k, p->krs) if (!score_kr(sc, sc->as_of, k)->has && score_kr(sc, sc->as_of, k)->scope == SCOPE_RUNNING) nk++;
  VEC_EACH(KR *, k, p->kpis) if (!score_kpi(sc, sc->as_of, k)->has && score_kpi(sc, sc->as_of, k)->scope == SCOPE_RUNNING && k->mode != KM_CONTEXT) nkp++;
  /* objectives nothing measures (W060): no KR, no KPI, no aligned child */
  int no = 0;
  char *unmeasured = chk_unmeasured_mask(p);
  VEC_EACH(Objective *, o, p->objectives) no += unmeasured[o->index];
  if (nk || nkp || no) {
    buf_printf(out, "\nNo data in %s: %d key result%s, %d KPI%s", so_period(sc, sc->as_of, pa, sizeof pa), nk,
               nk == 1 ? "" : "s", nkp, nkp == 1 ? "" : "s");
    if (no) buf_printf(out, ", %d objective%s", no, no == 1 ? "" : "s");
    buf_putc(out, '\n');
    VEC_EACH(Objective *, o, p->objectives)
      if (unmeasured[o->index])
        buf_printf(out, "  objective %s: nothing measures it, no key result, KPI or aligned objective (W060)\n",
                   ast_oname(o));
    Vec *lists[2] = {&p->krs, &p->kpis};
    for (int l = 0; l < 2; l++) {
      VEC_EACH(KR *, k, *lists[l]) {
        const ScoreResult *r = l ? score_kpi(sc, sc->as_of, k) : score_kr(sc, sc->as_of, k);
        if (r->has || r->scope != SCOPE_RUNNING || k->mode == KM_CONTEXT) continue;   /* context: never "no data" */
        buf_printf(out, "  %s %s", l ? "KPI" : "KR ", ast_kname(k));
        if (k->obj) buf_printf(out, " (%s)", ast_oname(k->obj));
        buf_puts(out, ": ");
        if (r->why == ND_MISSING_INPUT && r->missing) buf_printf(out, "calculated from `%s`, which has no data", ast_kname(r->missing));
        else if (r->why == ND_NO_EARLIER && r->missing)
          buf_printf(out, "calculated from an earlier period of `%s` (prev), which has no data", ast_kname(r->missing));
        else if (r->why == ND_DIV_ZERO) buf_puts(out, "calculated, but its formula divides by zero");
        else if (r->why == ND_OVERFLOW) buf_puts(out, "calculated, but its formula's value does not fit a double");
        else if (r->why == ND_STALE)
          buf_printf(out, "stale: last measured in %s, %d periods ago, beyond its carry limit of %d",
                     so_period(sc, sc->as_of - r->age, pb, sizeof pb), r->age, k->carry_n);
        else {
          int pv = score_prev_with_data(sc, l, k->index, sc->as_of);
          if (pv >= 0) buf_printf(out, "not measured; last measured in %s", so_period(sc, pv, pb, sizeof pb));
          else buf_puts(out, "never measured");
        }
        buf_putc(out, '\n');
      }
    }
    if (nk) buf_puts(out, "  (a key result with no data is left out of its objective's mean: see the `data` column)\n");
  }
  free(unmeasured);

  /* dynamic calibration */
  buf_printf(out, "\nDynamic calibration: ");
  if (!sc->ncal) {
    buf_puts(out, "nothing to revisit (no KPI outside its thresholds, no key result behind its plan two periods in a row)\n");
    return;
  }
  buf_printf(out, "%d to revisit at the review\n", sc->ncal);
  for (int i = 0; i < sc->ncal; i++) {
    const Calibration *c = &sc->cal[i];
    const KR *m = c->m;
    if (c->kind == CAL_CONFIDENCE) {
      const ScoreResult *r = score_kr(sc, c->at, m), *q = score_kr(sc, c->prev, m);
      buf_printf(out, "  KR  %s \"%s\": confidence fell from %d/10 in %s to %d/10 in %s\n", ast_kname(m),
                 so_title(m->title.text, m->name.name), q->confidence, so_period(sc, c->prev, pb, sizeof pb),
                 r->confidence, so_period(sc, c->at, pa, sizeof pa));
      if (r->note) buf_printf(out, "      note       %s\n", r->note);
    } else if (c->kind == CAL_KPI) {
      const ScoreResult *r = score_kpi(sc, sc->as_of, m);
      buf_printf(out, "  KPI %s \"%s\": ", ast_kname(m), so_title(m->title.text, m->name.name));
      so_value(out, m->type, r->value);
      buf_printf(out, ", %s%s%s (target ", color ? ansi[health_color(r->health)] : "", score_health_name(r->health),
                 color ? "\033[0m" : "");
      so_goal(out, m);
      buf_puts(out, ")\n");
    } else {
      const ScoreResult *r = score_kr(sc, sc->as_of, m), *q = score_kr(sc, c->prev, m);
      buf_printf(out, "  KR  %s \"%s\": %s%s%s in %s and %s%s%s in %s (score %.2f against the plan's %.2f)\n", ast_kname(m),
                 so_title(m->title.text, m->name.name), color ? ansi[status_color(q->status)] : "",
                 score_track_name(q->track), color ? "\033[0m" : "", so_period(sc, c->prev, pb, sizeof pb),
                 color ? ansi[status_color(r->status)] : "", score_track_name(r->track), color ? "\033[0m" : "",
                 so_period(sc, sc->as_of, pa, sizeof pa), r->score, r->expected);
    }
    if (m->obj) {
      buf_printf(out, "      objective  %s \"%s\"\n", ast_oname(m->obj), so_title(m->obj->title.text, m->obj->name.name));
      buf_puts(out, "      drives     ");
      so_put_neighbours(out, sc, m->obj, true);
      buf_puts(out, "\n      driven by  ");
      so_put_neighbours(out, sc, m->obj, false);
      buf_putc(out, '\n');
    } else {
      buf_printf(out, "      in the %s perspective, outside the strategy map: it drives no objective\n",
                 m->persp_eff ? m->persp_eff->name.name : "?");
    }
  }
}

