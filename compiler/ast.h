/*
 * ast.h - the syntax tree of a .bsc file.
 *
 * Plain structs, chibicc style.  Every declaration starts with a Node
 * header (kind + span) so that a file is just an ordered array of Node*.
 * Order and spans are kept exactly, because the formatter and the language
 * server print and point back into the source.  Comments are kept in a
 * side list per file (AstFile.comments), ordered by offset.
 *
 * Fields under "resolved by sema" are zero after parsing and filled in by
 * the checker; the parser never reads them.
 */
#ifndef BSC_AST_H
#define BSC_AST_H

#include "util.h"
#include "rt.h"

/* A half-open byte range [off, end) in source file `file` (an index into
 * the diagnostics engine's source table).  Line and column are computed
 * from the offset when needed. */
typedef struct Span {
  int file;
  uint32_t off, end;
} Span;

typedef struct Ident {
  const char *name;          /* interned; NULL when absent */
  Span span;
} Ident;

typedef struct Str {         /* a string literal, escapes processed */
  const char *text;          /* NULL when absent */
  Span span;
} Str;

/* ---- periods ---------------------------------------------------------- */
/* PER_WEEK (an ISO week, 2025-W07) and PER_DAY (a date, 2025-02-14) name
 * only when a value was measured: they lie inside one month each (a week
 * in the month of its Thursday, docs/semantics.md §2.4). */
typedef enum { PER_NONE, PER_YEAR, PER_HALF, PER_QUARTER, PER_MONTH, PER_WEEK, PER_DAY } PeriodKind;

/* 24 bytes: a KR holds three (small types; kind, year, sub, day stay first
 * for positional initialisers). */
typedef struct Period {
  PeriodKind kind : 8;       /* PER_NONE: not given */
  int year;
  signed char sub;           /* half 1-2, quarter 1-4, month 1-12, ISO week 1-53; 0 for year
                                (the lexer caps a written one at 99) */
  signed char day;           /* PER_DAY: day of the month (sub is the month) */
  bool fiscal;               /* written `FY2025`, `FY2025-Q1`: a fiscal year, half or quarter */
  signed char fy;            /* the first month (1-12) of its fiscal year; 0 until sema
                                resolves it (docs/semantics.md §1.1) */
  Span span;
} Period;

/* How values measured more often than the cadence make one period's value
 * (`every month sum`, docs/semantics.md §2). */
typedef enum { AGG_NONE, AGG_SUM, AGG_MEAN, AGG_LAST } AggRule;

/* A lag written as 1q, 3m, 1y, 1h or 0. */
typedef struct Lag {
  int n;
  /* `lag 1q..3q`: an uncertain lag, any whole number of periods from n to
   * hi_n (in hi_unit), equally likely (docs/language.md §9) */
  int hi_n;
  Span span;
  PeriodKind unit : 8;       /* PER_NONE when written as a bare 0 */
  PeriodKind hi_unit : 8;
  bool present;
  bool range;
} Lag;

/* ---- expressions ------------------------------------------------------ */
typedef enum {
  EX_NUM,                    /* num, optional unit (e.g. 4%  2 weeks  300 CNY) */
  EX_BOOL,                   /* true / false */
  EX_REF,                    /* a name: ref */
  EX_NEG,                    /* -lhs */
  EX_ADD, EX_SUB, EX_MUL, EX_DIV,
  EX_CALL,                   /* fn(args...) */
} ExprKind;

typedef struct Type Type;    /* defined by sema */

/* Distributions (DistKind, Dist) come from the runtime: they are written
 * in `forecast DIST` and `affects KR by DIST`, resolved by sema into the
 * unit of the key result, and sampled by the simulator. */
typedef struct Sym Sym;      /* defined by sema */

typedef struct Expr {       /* 128 bytes: a KR has two or three */
  ExprKind kind : 8;
  PeriodKind span_unit : 8;  /* EX_NUM written as a span of periods (`4q`, `1y`: prev's
                                second argument); PER_NONE for a number */
  Span span;
  double num;                /* EX_NUM; EX_BOOL: 0 or 1 */
  Ident unit;                /* EX_NUM: unit written after it ("%" for 4%,
                                "pp" for 12pp), name NULL when bare */
  Ident ref;                 /* EX_REF: the name; EX_CALL: the function */
  struct Expr *lhs, *rhs;    /* unary and binary operators */
  struct Expr **args;        /* EX_CALL */
  int nargs;
  int depth;                 /* height of this tree (1 for a leaf); bounded by the parser */
  struct UnitPer *per;       /* EX_NUM: the rate part of its unit (`3.5 USD/gallon`), or NULL */
  /* resolved by sema */
  Type *type;
  Sym *sym;                  /* EX_REF */
} Expr;

/* ---- unit expressions (the `: UNIT` of a KR or KPI) -------------------- */
/* The denominator of a rate unit (docs/language.md §5): the `/gallon` of
 * `USD/gallon`, the `/1000 people` of `cases/1000 people`. */
typedef struct UnitPer {
  Ident unit;                /* name NULL: not a rate */
  double n;                  /* the 1000 of `/1000 people`; 1 when not written */
  bool has_n;                /* the count was written (fmt keeps `/1 people` as written) */
  Span n_span;               /* the count as written */
  Span span;                 /* from `/` to the unit */
} UnitPer;

typedef enum {
  UF_NAMED,                  /* percent, hours, a user unit, or a currency code */
  UF_CURRENCY,               /* currency(USD) */
  UF_RATING,                 /* rating(lo..hi) */
  UF_MILESTONE,              /* milestone, milestone(N), boolean */
} UnitForm;

typedef struct UnitRef {
  Ident name;                /* UF_NAMED: the name; others: the keyword */
  Ident code;                /* UF_CURRENCY */
  double lo, hi;             /* UF_RATING */
  UnitPer per;               /* a rate: `USD/gallon` */
  Span span;
  UnitForm form : 8;
  int steps;                 /* UF_MILESTONE: N of milestone(N); 1 when plain */
} UnitRef;

/* ---- declarations ------------------------------------------------------ */
typedef enum {
  ND_IMPORT, ND_STRATEGY, ND_PERSPECTIVE, ND_UNIT, ND_OBJECTIVE, ND_KR,
  ND_KPI, ND_LINK, ND_INITIATIVE, ND_ACTUALS,
  ND_THEME,
} NodeKind;

typedef struct Node {
  NodeKind kind;
  Span span;                 /* the whole declaration */
} Node;

typedef struct Import {
  Node h;
  Str path;
  int file;                  /* resolved by the loader: source index, -1 if none */
} Import;

typedef struct PerspWeight {
  Ident persp;
  Expr *weight;              /* 25% or 0.25 */
  Span span;
} PerspWeight;

typedef enum { LIMIT_OBJ_PER_OWNER, LIMIT_KR_PER_OBJ, LIMIT_COUNT } LimitKind;

typedef struct Strategy {
  Node h;
  Str title;
  Period from, to;           /* horizon; kind PER_NONE when not given */
  Span horizon_span;
  Ident cadence;             /* quarter | month | year | half; NULL when not given */
  PerspWeight *weights;
  int nweights;
  bool has_perspectives;
  Span persp_span;
  Expr *green, *yellow;      /* thresholds, NULL when not given */
  Expr *limits[LIMIT_COUNT]; /* NULL when not given */
  Span limit_spans[LIMIT_COUNT];
  Ident fiscal_month;        /* `fiscal year starts July`: the month word; NULL when not given */
  Span fiscal_span;          /* the whole item */
  Str store;                 /* `store "..."`: the check-in store (docs/store.md); text NULL when not given */
  Span store_span;           /* the whole `store "..."` item */
  /* resolved by sema */
  int fiscal_v;              /* first month (1-12) of the fiscal year; 0: calendar years */
  PeriodKind cadence_eff;    /* cadence after defaults */
  double green_v, yellow_v;  /* status thresholds (default 0.7 / 0.4) */
  int limit_v[LIMIT_COUNT];  /* overload limits in force (default 5) */
  bool okr_first;            /* no `perspectives` and no `in`: scored by its objectives (semantics.md §OKR-first) */
} Strategy;

typedef struct Perspective {
  Node h;
  Ident name;
  Str title;
  Expr *rank;                /* NULL when not given (an error) */
  /* resolved by sema */
  double rank_v;
  bool used;                 /* used by the strategy */
  double weight_v;           /* its weight as a fraction (0.25), when used */
  Span weight_span;          /* its entry in `perspectives { }`, or the strategy's title */
  int index;                 /* position in Program.perspectives, -1 when unused */
  bool retitled;             /* its title was changed by a later `perspective NAME "TITLE"` */
} Perspective;

typedef struct UnitDecl {
  Node h;
  Ident name;
  Expr *factor;              /* NULL for a base unit or `= BASE` alone; `1/60` is an EX_DIV */
  Ident base;                /* unit it converts to; NULL for a base unit */
  UnitPer per;               /* `unit per_1k = cases/1000 people`: the base is a rate */
  bool bad;                  /* a syntax error in its definition (reported): declared, unusable */
} UnitDecl;

typedef enum { COMMIT_NONE, COMMIT_COMMITTED, COMMIT_ASPIRATIONAL } Commit;
typedef enum { DIR_NONE, DIR_INCREASE, DIR_DECREASE } Direction;
typedef enum { LEVEL_NONE, LEVEL_COMPANY, LEVEL_TEAM, LEVEL_INDIVIDUAL } Level;

/* How a KR or KPI states its goal. */
typedef enum {
  SPEC_NONE,                 /* only valid for milestones */
  SPEC_RANGE,                /* baseline -> target */
  SPEC_GE, SPEC_GT, SPEC_LE, SPEC_LT,  /* threshold `target`, baseline via `from` */
  SPEC_WITHIN,               /* KPI `A .. B`: stay within (baseline = A, target = B) */
} SpecKind;

/* How a KPI is scored (docs/semantics.md §7.1): KM_NONE is a health
 * measure counted in no score; the others count in their objective. */
typedef enum {
  KM_NONE,
  KM_HEALTH,                 /* `scored`: healthy 1, warning the yellow line, breached 0;
                                a range KPI scores its progress, like a KR */
  KM_QUICKSCORE,             /* `scored quickscore { red R goal G [stretch S] }`: 0-10 points */
  KM_BAND,                   /* `scored band { red A .. B goal C .. D }`: stabilize, 0-10 points */
  KM_RULES,                  /* `scored rules { green >= X, yellow >= Y, red }`: first match */
  KM_CONTEXT,                /* `context`: tracked, shown, never scored nor judged */
} KpiMode;

/* One item of a scoring mode's block: `red 88%`, `goal 80 .. 120`,
 * `green >= 95%`, `red`. */
typedef struct ModeItem {
  Ident word;
  SpecKind cmp;              /* SPEC_NONE: a bare value or nothing; SPEC_WITHIN: `a .. b`;
                                SPEC_GE..SPEC_LT: a comparison with a */
  Expr *a, *b;               /* NULL when not written */
  Span span;
  /* resolved by sema, in the KPI's unit */
  double a_v, b_v;
  bool ok;
} ModeItem;

typedef struct Objective Objective;

/* One stated point of a phased plan: `2027: 90%` in `plan { ... }`
 * (docs/semantics.md §6). */
typedef struct PlanPoint {
  Period at;
  Expr *value;
  Span span;                 /* the whole `PERIOD: VALUE` */
  /* resolved by sema */
  double value_v;            /* in the measure's unit */
  int index;                 /* the cadence period it is placed in; -1 when unusable */
  bool ok;                   /* usable by the evaluator */
} PlanPoint;

typedef struct Feed Feed;

/* How the members of a breakdown make the measure's value
 * (docs/semantics.md §4.2). */
typedef enum { BD_SUM, BD_MEAN, BD_WEIGHTED, BD_MIN, BD_MAX } BdRule;

/* One member of `breakdown DIM RULE { MEMBER [WEIGHT], ... }`. */
typedef struct BdMember {
  Ident name;
  Expr *weight;              /* `weighted`: the member's weight (a population); NULL otherwise */
  Span span;
  double weight_v;           /* resolved by sema */
} BdMember;

/* A measure broken down by a dimension (district, region, product line):
 * one value per member, rolled up by `rule` into the measure's value. */
typedef struct Breakdown {
  Ident dim;                 /* `district` */
  Ident rule;                /* `sum`, `mean`, `weighted`, `min`, `max` */
  BdMember *members; int n;
  Span span;                 /* from `breakdown` to `}` */
  /* resolved by sema */
  BdRule rule_v;
  bool ok;                   /* usable by the evaluator */
} Breakdown;

/* A key result or KPI.  There are hundreds of thousands of these in a big
 * file and every checker pass walks them all, so the fields are grouped by
 * alignment (pointers and doubles, names, spans, counts, then the small
 * enums and flags as bit-fields): 856 bytes instead of 1,120 with the
 * fields in the order one reads them.  Field names and types are those a
 * reader expects; only the layout is packed (docs/lsp.md, "speed"). */
typedef struct KR {
  Node h;                    /* ND_KR, or ND_KPI for a KPI */
  Expr *baseline;            /* range: left of ->; threshold: `from X`; or NULL */
  Expr *target;              /* range: right of ->; threshold: X */
  Expr *warn;                /* KPI `warn X` */
  Expr *formula;             /* calculated KR: `= EXPR` */
  Expr *forecast;            /* `forecast DIST`: the uncertain outcome, for simulation */
  Expr *weight;
  Expr *bench;               /* `benchmark VALUE`: a constant comparison value */
  Expr *margin;              /* `± M`: a survey's margin of error at 95 % */
  PlanPoint *plan;           /* `plan [step] { PERIOD: VALUE, ... }`, in source order (nplan) */
  PlanPoint *bench_pts;      /* `benchmark { PERIOD: VALUE, ... }`: one per period (nbench) */
  Feed *feeds;               /* `feeds K [W], ...`: the key results this one rolls into (nfeeds) */
  ModeItem *mitems;          /* the mode's block, in source order (nmitems) */
  Breakdown *bd;             /* `breakdown DIM RULE { ... }`; NULL when none */
  Objective *obj;            /* enclosing objective, NULL at top level */
  Ident name;
  Str title;
  Str owner;
  Ident persp;               /* top-level KPI: `in PERSPECTIVE` */
  Ident growth_per;          /* `per year`: the period the rate is for */
  Ident cascade;             /* `cascade sum | mean | weighted`: how the KRs that feed it make its value */
  Str bench_label;           /* `benchmark "Peer cities" ...`; text NULL when none */
  UnitRef unit;
  Period due;                /* `by PERIOD` */
  Period starts;             /* `starts PERIOD` or `during PERIOD`; kind PER_NONE when not given */
  Lag carry;                 /* `carry LAG`: how long a value is carried forward */
  Span spec_span;
  Span growth_span;          /* from the rate to the period word */
  Span every_span;           /* the whole `every ...` */
  Span plan_span;            /* from `plan` to `}` */
  Span commit_span, dir_span, comp_span;
  Span feeds_span;
  Span mode_span;            /* `scored [MODE { ... }]` or `context` */
  Span maintain_span;        /* `maintain >= X`: a level held in every period */
  Span bench_span;
  int nplan, nbench, nfeeds, nmitems;
  SpecKind spec : 8;
  PeriodKind freq : 8;       /* `every FREQ`: how often it is measured; PER_NONE: the cadence */
  AggRule agg : 8;           /* `every FREQ RULE`: how finer values make one period */
  Commit commit : 8;
  Direction dir : 8;
  KpiMode mode : 8;
  bool growth : 1;           /* `BASE -> +12% per year`: target is a growth rate (semantics.md §6.7) */
  bool growth_rel : 1;       /* `relative`: a percent KR's growth compounds (otherwise pp, added) */
  bool during : 1;           /* `during`: only in that period (it is also the due period) */
  bool every_bad : 1;        /* an unknown frequency or rule (reported) */
  bool has_plan : 1, plan_step : 1;
  bool plan_bad : 1;         /* a point was a syntax error (reported): not an empty plan */
  bool compensation : 1;
  bool cascaded : 1;         /* sema: `formula` is the cascade of its feeders, not written */
  bool mode_bad : 1;         /* an unknown mode word (reported, E130) */
  bool syntax_bad : 1;       /* a syntax error on its line (reported): no follow-on "no target" */
  /* issue 12: what a measure says besides its goal (docs/language.md §7.5) */
  bool maintain : 1;
  bool has_bench : 1;
  /* resolved by sema */
  bool has_base : 1;
  bool growth_comp : 1;      /* growth: compounded (false: a constant amount added, the straight line) */
  bool has_forecast : 1;     /* forecast_d is the forecast (otherwise kind DIST_CONST, unused) */
  bool bench_ok : 1;         /* the benchmark (constant or every point) is usable */
  PeriodKind freq_eff : 8;   /* its frequency after defaults (the cadence) */
  Commit commit_eff : 8;
  Direction dir_eff : 8;
  Type *type;
  struct Perspective *persp_eff;
  double *qs_x, *qs_p;       /* KM_QUICKSCORE / KM_BAND: the points' anchors (value, 0-10
                                points), values ascending, qs_n of each (sema; semantics.md §7.1);
                                NULL for other measures */
  double base_v, target_v, warn_v;   /* in the KR's own unit */
  double growth_r;           /* growth: the rate per period of growth_per, a fraction (compound) */
  double growth_x;           /* growth: growth periods per cadence period (cadence months / its months) */
  double weight_v;
  double bench_v;            /* the constant benchmark, in the measure's unit */
  double margin_v;           /* the margin, in the measure's unit; 0: none */
  Dist forecast_d;           /* kind DIST_CONST with has_forecast false: none */
  Period due_eff;            /* due period after defaults */
  int carry_n;               /* cadence periods a value may be carried (semantics.md §2) */
  int start_i, end_i;        /* its own periods (indices of the cadence), start_i..end_i;
                                0 .. last without `starts`/`during` (sema, with a horizon) */
  int qs_n;
  int index;                 /* position among all KRs, for evaluators */
} KR;

typedef KR KPI;

/* How an aligned objective counts in its parent (docs/semantics.md §5.1):
 * `aligns P contributes [W]` rolls its score into P with weight W,
 * `aligns P supports` is shown under P and not counted; plain `aligns P`
 * contributes only when P has no KRs of its own (or with --rollup). */
typedef enum { ALIGN_DEFAULT, ALIGN_CONTRIBUTES, ALIGN_SUPPORTS } AlignMode;

typedef struct Align {
  Ident to;                  /* the parent objective */
  AlignMode mode;
  Expr *weight;              /* `contributes W`; NULL: the objective's own weight */
  Span span;                 /* the whole `P contributes W` */
  /* resolved by sema */
  struct Objective *obj;     /* NULL when unresolved, or dropped (a cycle, a repeat) */
  struct Objective *from;    /* the objective that aligns */
  double weight_v;
} Align;

/* One `feeds K [W]` of a key result: its value rolls into the key result K
 * by K's `cascade` rule (a team KR feeding a company KR). */
struct Feed {
  Ident to;
  Expr *weight;              /* NULL: 1 */
  Span span;
  /* resolved by sema */
  struct KR *target;
  double weight_v;
};

struct Objective {
  Node h;
  Ident name;
  Str title;
  Ident persp;               /* `in PERSPECTIVE`, name NULL when absent */
  Str owner;
  Level level; Span level_span;  /* LEVEL_NONE: not written */
  Str group;                 /* `team "X"` or `individual "X"` */
  Ident aligns;              /* the first parent of `aligns`; name NULL when absent */
  Align *parents; int nparents;  /* every `aligns P [contributes W | supports]`, in order */
  Commit commit; Span commit_span;
  bool compensation; Span comp_span;
  Expr *weight;
  Period starts;             /* `starts PERIOD` / `during PERIOD` (kind PER_NONE: not given) */
  bool during;
  KR **krs; int nkrs;
  KR **kpis; int nkpis;
  /* resolved by sema */
  struct Objective *parent;
  struct Perspective *persp_eff;
  Level level_eff;
  double weight_v;
  int start_i, end_i;        /* its own periods (cadence indices), from `starts`/`during` */
  int index;
};

typedef struct Link {
  Node h;
  Ident from, to;
  Expr *strength;            /* NULL: 1 */
  Lag lag;
  /* resolved by sema */
  Objective *src, *dst;
  double strength_v;         /* the strength, or its distribution's mean within -1..1 */
  int lag_periods;           /* the lag, or the shortest of a range */
  Dist strength_d;           /* the strength as a distribution (DIST_CONST: strength_v) */
  int lag_hi_periods;        /* the longest lag of a range (lag_periods when none) */
} Link;

typedef struct Effect {
  Ident kr;
  Expr *by;
  bool relative;
  Lag lag;
  Span span;
  KR *target;                /* resolved by sema */
  /* resolved by sema */
  double by_v;               /* shift in the KR's unit, or a fraction of its baseline when relative */
  int lag_periods;           /* lag in periods of the cadence */
  Dist by_d;                 /* the shift as a distribution (DIST_CONST: by_v) */
  int lag_hi_periods;        /* `lag 1q..3q`: the longest lag (lag_periods, the shortest) */
} Effect;

/* `level P [cost X] [by F]` in an initiative (docs/language.md §10): the
 * initiative funded at P of its written size, costing X (default P times
 * its cost), its effects scaled by F (default P: in proportion). */
typedef struct FundLevel {
  Expr *at, *cost, *by;      /* cost, by: NULL when not written */
  Span span;
  /* resolved by sema */
  double at_v, cost_v, by_v; /* fractions (1.2 for 120%); the cost in the initiative's currency */
} FundLevel;
/* What a strategy office tracks of an initiative (docs/language.md §10.2):
 * its status, milestones, percent complete and spend to date. */
typedef enum { INIT_PLANNED, INIT_IN_PROGRESS, INIT_DONE, INIT_ON_HOLD, INIT_CANCELLED } InitStatus;

/* `milestone NAME ["title"] by PERIOD [weight W] [done]` */
typedef struct Milestone {
  Ident name;
  Str title;
  Period due;                /* a period of any kind, or a date */
  Expr *weight;              /* NULL: 1 */
  bool done;
  Span span;
  /* resolved by sema */
  double weight_v;
  int due_i;                 /* the cadence period its due ends in; -1 unusable */
} Milestone;

typedef struct Initiative {
  Node h;
  Ident name;
  Str title;
  Str owner;
  Expr *cost;
  Expr *cost_forecast;       /* `cost X forecast DIST`: the uncertain cost */
  Ident *supports; int nsupports;
  Effect *effects; int neffects;
  FundLevel *levels; int nlevels;   /* its funding levels besides the written 100 %, in source order */
  Ident status_word;         /* `status WORD`; name NULL when not written */
  Milestone *milestones; int nmilestones;
  Expr *spent;               /* `spent X`: spend to date */
  Expr *complete;            /* `complete X%`: percent complete as stated */
  /* resolved by sema */
  double cost_v;
  struct Objective **supported;  /* nsupports entries, NULL where unresolved */
  InitStatus status;         /* INIT_PLANNED when not written */
  bool tracked;              /* status, milestones, spend or percent written */
  double spent_v;            /* 0 when not written */
  double complete_v;         /* 0..1, when complete is written */
  Dist cost_d;               /* the cost as a distribution (DIST_CONST: cost_v) */
} Initiative;

typedef struct Checkin {
  Ident kr;
  Ident member;              /* `response.north 7.5`: a breakdown member; name NULL when none */
  Expr *value;               /* in a `close` block: the KR's final grade, 0..1 */
  bool carry;                /* in a `close` block: `carry`, the KR continues next period */
  Span carry_span;
  Span span;
  KR *target;                /* resolved by sema */
  double value_v;            /* in the KR's unit, resolved by sema */
  int member_i;              /* the member's index in target->bd, resolved by sema; -1 none */
} Checkin;

/* `actuals PERIOD { ... }`, or with `close` set, `close PERIOD { NAME GRADE
 * [carry] ... }`: the period is closed with these final grades
 * (docs/semantics.md §6.8). */
typedef struct Actuals {
  Node h;
  bool close;
  int index;                 /* close: the cadence period, resolved by sema; -1 when unusable */
  Period period;
  Checkin *items; int nitems;
} Actuals;

typedef struct Comment {
  Span span;                 /* includes the // or the slash-star delimiters */
  bool block;
} Comment;

/* A strategic theme: objectives across perspectives told as one causal
 * story (Kaplan & Norton's "operating efficiency"), with its own score. */
typedef struct ThemeItem {
  Ident obj;
  Expr *weight;              /* NULL: 1 */
  Span span;
  /* resolved by sema */
  Objective *o;
  double weight_v;
} ThemeItem;

typedef struct Theme {
  Node h;
  Ident name;
  Str title;
  Str owner;
  ThemeItem *items; int nitems;
  /* resolved by sema */
  int index;                 /* position in Program.themes */
} Theme;

/* One parsed file. */
typedef struct AstFile {
  int file;                  /* source index */
  Node **decls; int ndecls;  /* in source order; KRs/KPIs live in objectives */
  Comment *comments; int ncomments;
} AstFile;

/* Printing the tree without spans: two files with the same dump mean the
 * same thing (the formatter's invariant, and the parser tests). */
void ast_dump(Buf *out, const AstFile *f);
const char *ast_kind_name(NodeKind k);
/* an objective's and a KR's name as every output writes it: "?" when it has none */
const char *ast_oname(const Objective *o);
const char *ast_kname(const KR *k);
const char *ast_period_str(Arena *a, Period p);   /* "2025-Q1" etc */
const char *ast_period_adj(PeriodKind k);         /* "quarterly" etc */
const char *ast_period_word(PeriodKind k);        /* as in `every quarter`: "quarter" etc */
const char *ast_agg_word(AggRule r);              /* "sum", "mean", "last"; "" for none */
/* Calendar arithmetic of weeks and dates (proleptic Gregorian, ISO 8601). */
long ast_days(int y, int m, int d);                /* days since 1970-01-01 */
void ast_civil(long days, int *y, int *m, int *d);  /* the inverse */
bool ast_period_valid(Period p);                  /* a real ISO week or date (others: true) */
int  ast_period_month(Period p);                  /* PER_WEEK / PER_DAY: its month, year*12 + m-1 */
long ast_period_last_day(Period p);               /* PER_WEEK / PER_DAY / PER_MONTH: its last day (ast_days) */

#endif
