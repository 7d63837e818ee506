/*
 * sema.h - the checker: name resolution, unit types, and the strategy
 * checks (alignment, balance, the strategy map).
 *
 * sema_check() reports every error and warning it can find in one run; it
 * keeps going after errors, marking bad nodes with an error type so that
 * one mistake is reported once, not once per use.
 *
 * The exact rule behind each diagnostic is documented in docs/checks.md.
 */
#ifndef BSC_SEMA_H
#define BSC_SEMA_H

#include "program.h"
#include "types.h"

/* The parsed fields of the main file's nodes that a check changed, as
 * they were parsed: a period reported unusable (its kind becomes
 * PER_NONE), a perspective's title changed by a later
 * `perspective NAME "TITLE"`.  Every other field the checker writes is
 * one of the "resolved by sema" fields of ast.h, which are zero (or -1,
 * ast.h says) after parsing.  A caller that checks the same nodes again
 * (the language server's kept declarations, lsp_chunk.c) writes these
 * back first with sema_undo_apply and zeroes the resolved fields. */
typedef struct SemaUndoEnt {
  void *at;
  size_t n;
  unsigned char old[32];
} SemaUndoEnt;
typedef struct SemaUndo {
  SemaUndoEnt *e;
  int n, cap;
} SemaUndo;
void sema_undo_apply(SemaUndo *u);   /* newest first; empties it */
void sema_undo_free(SemaUndo *u);

typedef struct SemaOptions {
  int max_objectives_per_owner;  /* <= 0: from the strategy's `limit`, else 5 */
  int max_krs_per_objective;     /* <= 0: from the strategy's `limit`, else 5 */
  SemaUndo *undo;                /* not NULL: note the main file's parsed fields changed */
  bool pass_each;                /* each pass over the measures in a loop of its own (as the
                                    checker does with closes; the units and the fiscal naming
                                    of the measures' periods too, and W060's own pass): for the
                                    test that the joined loops report the same, in the same
                                    order */
} SemaOptions;

/* Returns true when no errors were reported.
 *
 * Fills the Program's tables and every "resolved by sema" field of the AST.
 * KR.index is the position in p->krs for a key result and in p->kpis for a
 * KPI.  Values (base_v, target_v, warn_v, Checkin.value_v, Effect.by_v) are
 * in the unit of their key result; perspective weights are fractions.  The
 * symbol and unit tables live in the compilation's arena and stay valid
 * until program_free(). */
bool sema_check(Program *p, const SemaOptions *opt);

/* ---- symbols ------------------------------------------------------------
 * Objectives, key results, KPIs and initiatives share one namespace;
 * perspectives and units have their own. */
typedef enum {
  SYM_OBJECTIVE, SYM_KR, SYM_KPI, SYM_INITIATIVE, SYM_PERSPECTIVE, SYM_UNIT,
} SymKind;

struct Sym {
  SymKind kind;
  const char *name;          /* interned */
  Span span;                 /* the defining name */
  void *decl;                /* Objective*, KR*, Initiative*, Perspective*, UnitDecl* */
};

/* "an objective", "a key result", ... */
const char *sema_sym_kind_name(SymKind k);
/* After sema_check: the symbol a name (any string) denotes in the shared
 * namespace, or NULL.  For go-to-definition and the like. */
Sym *sema_lookup(const Program *p, const char *name);
/* The declared perspective of that name, or NULL. */
Perspective *sema_lookup_perspective(const Program *p, const char *name);
/* After sema_check: the unit type a unit name denotes (a declared unit,
 * `%`, or a currency code), or NULL; for values from outside the program
 * (CSV actuals), to be converted with type_convert().  An invalid
 * declared unit gives the error type. */
Type *sema_unit_type(const Program *p, const char *name);
/* Number of months a period kind spans (year 12, half 6, quarter 3, month 1). */
int sema_period_months(PeriodKind k);
/* First month of a period, as year*12 + month-1. */
int sema_period_start(Period p);
int sema_period_end(Period p);   /* last month, inclusive (a week: the month of its Thursday) */
/* Tells periods of one kind apart: the first month, or for a week or a
 * date its last day (ast_period_last_day). */
long sema_period_key(Period p);
/* The period of kind k that holds month `month` (year*12 + month-1), named
 * by the fiscal year that starts in month fy (1-12; 0: calendar years). */
Period sema_period_at(PeriodKind k, int month, int fy);
/* Resolves how a period read from outside the file (a CSV row, a check-in,
 * --as-of) is named: in a strategy with a fiscal year every year, half and
 * quarter is written `FY...` (E105).  Sets pd->fy and returns NULL, or
 * returns what is wrong. */
const char *sema_period_naming(const Strategy *st, Period *pd);
/* After sema_check: whether the period of value period pd is closed with
 * a final grade for key result k (docs/semantics.md §6.8). */
bool sema_period_closed(const Program *p, const KR *k, Period pd);
/* E102 when a value of measure k is given for period pd, which is not of
 * its frequency (k->freq_eff, after sema_check).  Returns false then. */
bool sema_check_frequency(DiagEngine *de, const KR *k, Period pd, Span at);
/* The index of breakdown member `member` (NULL: none) of k for a check-in
 * of `name`: -1 the measure itself (no breakdown), -2 after an E176. */
int sema_member(DiagEngine *de, const KR *k, const char *name, const char *member, Span kr_at, Span member_at);

/* ---- internal: shared by sema.c and checks.c ---------------------------- */
/* Per objective index, 1 when nothing measures it: no KR, no KPI, no
 * aligned child (W060, and score's no-data list); calloc'd. */
char *chk_unmeasured_mask(const Program *p);

#ifdef BSC_SEMA_INTERNAL

typedef struct Sema {
  Program *p;
  DiagEngine *de;
  Arena *a;
  TypeTable tt;
  SemaOptions opt;
  AMap names;                /* shared namespace: interned name -> Sym* */
  AMap persps;               /* perspectives: name -> Sym* */
  AMap unitsyms;             /* units: name -> Sym* */
  Vec syms;                  /* Sym* of the shared namespace, for suggestions */
  Vec persp_syms;            /* Sym* of perspectives */
  Vec unit_decls;            /* UnitDecl* */
  Vec all_persps;            /* Perspective*: declared ones */
  Vec top_kpis;              /* KPI* declared at top level */
  Vec strategies;            /* Strategy*: all strategy blocks */
  /* the strategy */
  bool has_horizon;
  int h_start, h_end;        /* horizon, in months (inclusive) */
  PeriodKind cadence;        /* PER_NONE without a strategy */
  int limit_owner, limit_krs;
  bool weights_bad;
  Type *last_found, *quiet_found;  /* value_in(): type of the last value; a type not to report again */          /* perspective weights were reported (E030/E031/...) */
  Perspective *top;          /* highest-ranked used perspective */
  Perspective *learning;     /* the perspective named `learning`, if declared */
  /* counted on the way, so that a later pass over every KR can be left
   * out when it has nothing to look at (the nodes are far larger than the
   * caches) */
  int nformulas;             /* measures with a formula (check_formula) */
  int nmilestone_krs;        /* key results of a milestone type (their unit) */
  int ncascade_krs;          /* key results with `feeds` or a `cascade` rule (chk_cascades) */
  /* counted in chk_overload's loop over the objectives for chk_unmeasured
   * (W060): the objectives with no KR and no KPI, when bare_counted */
  bool bare_counted;
  int nbare_objs;
  /* per objective index: the last month its key results are due in (-1:
   * none) and the first KR due then, gathered by check_measures while each
   * KR is in the caches, for chk_parent_due; NULL: not gathered */
  int *due_latest;
  KR **due_latest_kr;
  /* the fiscal naming of the measures' periods (E105, E106), checked in
   * check_units' loop and reported by resolve_fiscal, where its own loop
   * was; NULL: resolve_fiscal checks them itself */
  DiagEngine *fiscal_de;
  const char *s_min, *s_max, *s_abs, *s_avg, *s_learning, *s_prev, *s_pow;
} Sema;

/* sema.c */
Sym *sema_resolve(Sema *S, Ident id, SymKind want, const char *context);
void sema_suggest_help(Sema *S, Diag *d, const char *name, SymKind want);
const char *sema_period_str(Sema *S, Period p);
int  sema_lag_periods(Sema *S, Lag lag, bool *ok);

/* checks.c: strategy-level checks, run after resolution */
void chk_alignment(Sema *S);     /* E050, E051, W004, perspective inheritance */
void chk_parent_due(Sema *S);    /* E042 for aligned objectives' KRs */
void chk_links(Sema *S);         /* E060, W001 */
void chk_balance(Sema *S);       /* W002, W003, W005 */
void chk_overload(Sema *S);      /* W006, W007 */
void chk_formula_cycles(Sema *S);/* E070 */

/* contrib.c: several parents, contributions, KR cascades, themes */
void chk_contributions(Sema *S); /* E150, E050, E051, E031, W042 */
void chk_cascades(Sema *S);      /* E150, E153-E155, E070, W040, W041 */
void chk_themes(Sema *S);        /* E011, E152, E031, W043 */
/* sema.c: a positive plain number (E031 otherwise; *out is 1 then) */
bool sema_positive(Sema *S, Expr *e, const char *what, double *out);
/* okr_checks.c: OKR quality */
void chk_unmeasured(Sema *S);    /* W060 */
void chk_unmeasured_note(Sema *S, const Objective *o);  /* chk_overload's loop, for W060 */
void chk_task_krs(Sema *S);      /* W061 */
void chk_same_rank(Sema *S);     /* W062 */

#endif /* BSC_SEMA_INTERNAL */

#endif
