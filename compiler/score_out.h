/*
 * score_out.h - what the renderers of a scorecard share (internal to
 * score_table.c, score_json.c, score_csv.c and the report): numbers and
 * goals as a manager reads them, names, and the neighbours of an objective
 * in the strategy map.  The evaluator (score.c) knows nothing of these.
 */
#ifndef BSC_SCORE_OUT_H
#define BSC_SCORE_OUT_H

#include "score.h"
#include "util.h"

/* ---- the renderers: one per format ------------------------------------ */
void score_render_table(Buf *out, const ScoreCard *sc, const ActualSet *as, bool color);
/* The same fitted to `cols` display columns (titles shortened with "…"
 * at a character boundary); cols 0: the stable layout of a pipe (as
 * score_render_table), cols < 0: titles in full (--wide). */
void score_render_table_fit(Buf *out, const ScoreCard *sc, const ActualSet *as, bool color, int cols);
void score_render_json(Buf *out, const ScoreCard *sc, const ActualSet *as);
void score_render_csv(Buf *out, const ScoreCard *sc);

/* ---- shared by them ---------------------------------------------------- */
void so_disp(Buf *b, double v);                        /* a number for display */
void so_value(Buf *b, const Type *t, double v);        /* with its unit: "45%", "3 of 5" */
void so_short(Buf *b, const Type *t, double v);        /* bare, % or pp attached */
void so_goal(Buf *b, const KR *k);                     /* "≥ 45%", "3.9 → 4.2", "≥ 4.2 from 3.9", "maintain ≥ 22" */
void so_margin(Buf *b, const KR *k);                   /* "± 3pp" */
const char *so_bd_rule(BdRule r);                      /* "sum", "mean", "weighted", "min", "max" */
const char *so_op_ascii(SpecKind s);
const char *so_plan_mode(const KR *k);                 /* "linear" or "step" */
const char *so_kr_kind(const KR *k);                   /* "milestone", "range", "threshold", "band" */
const char *so_mode_name(KpiMode m);                   /* "none", "scored", "quickscore", ... */
void so_points(Buf *b, double points);                 /* "6.67/10" */
const char *so_period(const ScoreCard *sc, int i, char *buf, size_t n);
const char *so_lag_suffix(PeriodKind k);               /* "q" for quarters: "lag 1q" */
const char *so_title(const char *title, const char *name);
const char *so_commit_name(Commit c);
const char *so_level_name(Level l);
const char *so_why_name(NoDataReason w);
/* Initiatives (semantics.md §20): "2/3 done, 1 late" ("" without
 * milestones); a milestone as "pilot 2025-Q3"; "67%" of a percent. */
void so_ms_summary(Buf *b, const InitResult *r);
void so_milestone(Buf *b, const Milestone *m);
/* The result of node `index` of `kind` (0 KR, 1 KPI, 2 objective,
 * 3 perspective, 4 total) in period per. */
const ScoreResult *so_res_at(const ScoreCard *sc, int kind, int index, int per);

/* One neighbour of an objective in the strategy map, for the calibration
 * list: through a causal link (link set) or through alignment. */
typedef struct SoNb {
  const Objective *o;
  const Link *link;
} SoNb;
/* The objectives o drives (out_dir) or is driven by, links first, then
 * alignment; a malloc'd array of *n entries. */
SoNb *so_neighbours(const ScoreCard *sc, const Objective *o, bool out_dir, int *n);
/* The neighbours as text: "grow (link 0.5, lag 1q), company (aligned to)". */
void so_put_neighbours(Buf *b, const ScoreCard *sc, const Objective *o, bool out_dir);

/* Whether any objective or key result is committed (the table's legend). */
bool so_any_committed(const Program *p);
/* Whether any objective aligns to another (the table's legend). */
bool so_any_aligned(const Program *p);

#endif
