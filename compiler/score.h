/*
 * score.h - the live scorecard: scores of key results, objectives,
 * perspectives and the whole strategy, per period, with their status
 * (green / yellow / red), their place against the time-phased on-track
 * line, KPI health, trends, and the dynamic-calibration list.
 *
 * This evaluator is the REFERENCE semantics (docs/semantics.md).  It works
 * in plain doubles, sums in a fixed order (declaration order, perspectives
 * by ascending rank) and takes no shortcut, so that a compiled evaluator
 * can be checked against it bit for bit.  Every number below is exact;
 * rounding happens only when printing (docs/score.md).
 */
#ifndef BSC_SCORE_H
#define BSC_SCORE_H

#include "actuals.h"
#include "program.h"

/* Status is the standing against the plan for the period (semantics.md
 * §6); NOT_DUE: nothing is planned yet (a milestone before its due
 * period, a step plan before its first step). */
typedef enum { STATUS_NODATA, STATUS_RED, STATUS_YELLOW, STATUS_GREEN, STATUS_NOT_DUE } ScoreStatus;
/* The same standing named as a track (kept for the output schemas). */
typedef enum { TRACK_NODATA, TRACK_AT_RISK, TRACK_BEHIND, TRACK_ON_TRACK, TRACK_NOT_DUE } ScoreTrack;
/* HEALTH_CONTEXT: a context measure (`context`), tracked with no threshold. */
typedef enum { HEALTH_NODATA, HEALTH_BREACHED, HEALTH_WARNING, HEALTH_HEALTHY, HEALTH_CONTEXT } KpiHealth;
typedef enum { SRC_NONE, SRC_MEASURED, SRC_CALCULATED } ValueSource;
/* Whether a period is one of a node's own periods (`starts`, `during`):
 * outside them it has no value, no status and counts in no aggregate. */
typedef enum { SCOPE_RUNNING, SCOPE_NOT_STARTED, SCOPE_ENDED } ScoreScope;
/* Why a key result or KPI has no value in a period. */
/* ND_STALE: the last value is older than the measure's carry limit. */
/* ND_NO_EARLIER: prev() reads a period before the horizon, or one where
 * its measure has no data (semantics.md §3.1). */
typedef enum { ND_NONE, ND_NOT_MEASURED, ND_MISSING_INPUT, ND_DIV_ZERO, ND_OVERFLOW, ND_STALE, ND_NO_EARLIER } NoDataReason;

typedef struct ScoreOptions {
  double cap;                /* scores are clamped to 0..cap; cap <= 1 means 1 (no overachievement) */
  bool rollup;               /* objectives with KRs also roll up the objectives aligned to them */
  Period as_of;              /* kind PER_NONE: the latest period with any actual */
  const ActualSet *actuals;  /* NULL: the check-ins of the .bsc files only */
} ScoreOptions;

/* The result of one node (KR, KPI, objective, perspective, total) in one period. */
typedef struct ScoreResult {
  /* Laid out by size (doubles, pointers, ints, then the one-byte enums and
   * flags): 168 bytes instead of 216, and a scorecard of 400,000 KRs holds
   * 1.6 million of them per table (bench/README.md, check and load). */
  /* KRs and KPIs */
  double value;              /* the actual, in the measure's unit */
  /* scores (KRs and aggregates) */
  double progress;           /* KRs: raw progress (unclamped); aggregates: = score */
  double score;
  double expected;           /* the plan for this period: planned score (KRs: planned progress
                                clamped to 0..1; aggregates: weighted mean over items with data) */
  double attainment;         /* score / expected; valid when expected > 0 */
  double plan_value;         /* KRs: the planned value in the KR's unit, when has_plan_value */
  /* KPIs: the threshold and warning level in force in this period (its plan) */
  double threshold, warn_at;
  double coverage;           /* aggregates: weight with data / total weight */
  double points;             /* KPIs, quickscore / band: the 0-10 points (score = points / 10) */
  double bench;              /* the benchmark in force (has_bench), in the measure's unit */
  double gap;                /* a breakdown: max - min of the members */
  double ratio;              /* max / min, when has_ratio (min > 0) */
  const KR *missing;         /* ND_MISSING_INPUT: the first input with no data */
  const double *members;     /* a breakdown: each member's value (KR.bd->n), owned by the card; NULL none */
  const char *note;          /* the check-in's note (docs/store.md), owned by the ActualSet the card
                                was built from; NULL none */
  int age;                   /* periods since the value was measured: > 0 carried forward (stale);
                                ND_STALE: the age of the last value; calculated: the oldest input */
  int parts;                 /* measured: the values aggregated into it (1 but for a finer frequency) */
  /* aggregates: items (KRs, child objectives, objectives, perspectives) */
  int n_items, n_data;
  int rule;                  /* KPIs, rules: the index of the rule that matched, -1 none */
  int confidence;            /* the check-in's confidence, 1..10 (docs/store.md); 0 none */
  ScoreScope scope : 8;      /* not RUNNING: outside its own periods (has is false) */
  ValueSource source : 8;
  NoDataReason why : 8;      /* when !has */
  ScoreStatus status : 8;
  ScoreTrack track : 8;
  KpiHealth health : 8;      /* KPIs */
  bool has;                  /* false: no data (every number above is 0) */
  bool closed;               /* KRs: its period is closed and its score is the frozen final grade
                                (docs/semantics.md §6.8) */
  bool has_plan_value;
  /* what a measure says besides its goal (semantics.md §4.1-4.3) */
  bool has_bench;            /* a benchmark in force in this period */
  bool within_margin;        /* a margin of error: |value - line| <= margin (the line: the planned
                                value, else the threshold in force, or a band's nearer end) */
  bool has_ratio;
} ScoreResult;

/* CAL_CONFIDENCE: the key result's confidence fell between its two
 * latest check-ins that give one (docs/store.md, "Confidence"). */
typedef enum { CAL_KPI, CAL_KR, CAL_CONFIDENCE } CalKind;
typedef struct Calibration {
  CalKind kind;
  const KR *m;               /* the KPI or key result */
  int prev;                  /* CAL_KR: the earlier period it was also off the line; CAL_CONFIDENCE: the earlier check-in's */
  int at;                    /* CAL_CONFIDENCE: the period of the later check-in */
} Calibration;

/* An initiative as a strategy office tracks it, as of the as-of period
 * (docs/semantics.md §20; computed by score_init.c). */
typedef enum { PCT_NONE, PCT_STATED, PCT_MILESTONES, PCT_STATUS } InitPctSource;
typedef struct InitResult {
  const Initiative *in;
  bool has_percent;
  double percent;            /* 0..1 */
  InitPctSource source;      /* how the percent was found */
  int nms, ndone, nlate;     /* milestones: all, done, open and due by the as-of period */
  const Milestone *late;     /* the first late milestone (earliest due), or NULL */
  const Milestone *next;     /* the open milestone due soonest after the as-of period, or NULL */
  bool has_budget;           /* `cost` written */
  double budget;             /* its cost */
  bool has_spent;
  double spent;              /* spend to date */
  bool has_used;             /* has_budget, has_spent and budget > 0 */
  double used;               /* spent / budget */
  bool over;                 /* spent > budget */
  double cost_mean;          /* the mean of the cost's forecast (budget when certain) */
} InitResult;

typedef struct ScoreCard {
  Program *p;
  ScoreOptions opt;
  double cap;                /* in force (>= 1) */
  double green, yellow;      /* thresholds in force */
  int nperiods;
  Period *periods;           /* the cadence periods of the horizon */
  int as_of;                 /* index into periods */
  bool as_of_default;        /* as_of chosen as the latest period with data */
  bool any_data;             /* any actual at all */
  int nkrs, nkpis, nobjs, npersps, nthemes;
  /* results, indexed [period * n + index]; index = KR.index, KPI index,
   * Objective.index, Perspective.index (ascending rank) */
  ScoreResult *krs, *kpis, *objs, *persps, *total;
  ScoreResult *themes;       /* [period * nthemes + Theme.index] (semantics.md §5.3) */
  int *due;                  /* per KR: index of the period its due period ends in */
  double *bd_vals;           /* the breakdowns' member values, which ScoreResult.members point into */
  Calibration *cal; int ncal;
  InitResult *inits; int ninits;   /* every initiative, in file order */
  bool inits_tracked;        /* any initiative is tracked: the outputs show the section */
} ScoreCard;

/* Evaluates the scorecard for every period of the horizon.  The program
 * must have passed sema_check without errors.  Returns NULL when it has no
 * usable strategy (no horizon or cadence), or when o->as_of is set but is
 * not a period of the cadence within the horizon (*why gets a message). */
ScoreCard *score_eval(Program *p, const ScoreOptions *o, const char **why);
void score_free(ScoreCard *sc);

/* Accessors: the result of a node in period `per`. */
const ScoreResult *score_kr(const ScoreCard *sc, int per, const KR *k);
const ScoreResult *score_kpi(const ScoreCard *sc, int per, const KR *k);
const ScoreResult *score_obj(const ScoreCard *sc, int per, const Objective *o);
const ScoreResult *score_persp(const ScoreCard *sc, int per, const Perspective *ps);
const ScoreResult *score_total(const ScoreCard *sc, int per);

/* The latest period before `per` in which r(period) has data, or -1.
 * `kind`: 0 KR, 1 KPI, 2 objective, 3 perspective, 4 total, 5 theme. */
int score_prev_with_data(const ScoreCard *sc, int kind, int index, int per);

/* The result of a strategic theme in period `per`. */
const ScoreResult *score_theme(const ScoreCard *sc, int per, const Theme *t);
/* Whether an alignment counts in its parent's score (semantics.md §5.1):
 * `contributes` always, `supports` never, a plain `aligns` when the
 * parent has no key results of its own or under --rollup (sc may be
 * NULL: no --rollup). */
bool score_counts(const ScoreCard *sc, const Align *al);
/* "contributes" or "supports", as the alignment is counted. */
const char *score_align_name(const ScoreCard *sc, const Align *al);

/* Names used in every output: "green", "on track", "healthy", ... */
const char *score_status_name(ScoreStatus s);
const char *score_track_name(ScoreTrack t);
const char *score_health_name(KpiHealth h);
const char *score_scope_name(ScoreScope s);

/* Pure scoring rules, exposed for the unit tests and the compiled
 * evaluator's cross-checks. */
double score_clamp(double x, double lo, double hi);
/* Cells of n filled by a fraction x for a bar: 0..n, NaN none. */
int score_cells(double x, int n);
/* Expected progress in period index i for a KR due in period index d
 * without plan points: the straight line (i + 1) / (d + 1), 1 from d on. */
double score_expected(int i, int d);
/* x in hundredths as "%.2f" prints it (0.3999999999999999 -> 40), computed
 * exactly without printing; score_cents_printed is the reference, by
 * snprintf (the two agree on every double: tests/unit/test_score.c). */
long score_cents(double x);
long score_cents_printed(double x);
/* The status of a score against its plan for the period, compared on the
 * printed hundredths (semantics.md §6). */
ScoreStatus score_status(double score, double plan, bool committed, double green, double yellow);
ScoreTrack score_track(ScoreStatus s);

/* KPI scoring modes (semantics.md §7.1). */
/* Whether KPI k counts in its objective's score (`scored`, any mode but context). */
bool score_kpi_scored(const KR *k);
/* v compared with x as the table prints them (semantics.md §6.2): both
 * rounded to the finer of their printed precisions; -1, 0 or 1. */
int score_value_cmp(double v, double x);
/* The 0-10 points of v on the anchors (x ascending, p their points):
 * p[0] at or below x[0], p[n-1] at or above x[n-1], an anchor's own
 * points at it, linear between. */
double score_points(const double *x, const double *p, int n, double v);
/* The status of 0-10 points: green at a printed 6.67, yellow at 3.33. */
ScoreStatus score_points_status(double points);
/* The first rule of a `rules` KPI that value v matches, or -1. */
int score_rule_match(const KR *k, double v);
/* KPI k's result in period per had it the value v: threshold, health,
 * score, plan and status as scoring computes them (semantics.md §7.1);
 * what the simulation reads its scoring modes from (lower.c). */
void score_kpi_at(const ScoreCard *sc, const KR *k, int per, double v, ScoreResult *r);
/* The score of a maintained KR k (semantics.md §4.1) had it the value v:
 * healthy 1, warning the yellow line, breached 0, compared as printed;
 * what the simulation cuts into segments (lower.c). */
double score_maintain_at(const ScoreCard *sc, const KR *k, double v);

/* The initiatives' tracking results at sc->as_of (score_init.c). */
void score_initiatives(ScoreCard *sc);
/* "planned", "in_progress", ...; "in progress" etc for people when `human`. */
const char *score_init_status_name(InitStatus s, bool human);
const char *score_pct_source_name(InitPctSource s);

/* A track off the plan: behind or at risk (the calibration list, --fail-on). */
bool score_off_line(ScoreTrack t);

#endif
