/*
 * fit.h - `bscc fit`: the strategy map's link strengths and lags estimated
 * from the scored history (docs/fit.md).
 *
 * fit_run() reads a ScoreCard (the scoring of every past period, built by
 * score_eval from the file's actuals, CSV files and the check-in store,
 * exactly as `bscc score` builds it) and fits, per objective that links
 * point into, one least-squares regression (GSL) of the change of its
 * deviation from plan on the lagged changes of its causes' deviations.
 * The result is a plain structure; renderers (fit_out.c) print it and
 * fit_patch.c writes it back into the strategy file.  Nothing here prints.
 */
#ifndef BSC_FIT_H
#define BSC_FIT_H

#include "score.h"

/* At least this many residual degrees of freedom (rows minus
 * coefficients) before a model says anything (W082 below it). */
#define FIT_MIN_DF 3
/* The default bound of the lag search, in periods of the cadence. */
#define FIT_MAX_LAG_DEFAULT 4
/* Beyond this many lag combinations an effect's lags are searched one
 * cause at a time (coordinate descent) instead of exhaustively. */
#define FIT_MAX_COMBOS 65536
/* The least standard deviation written back (docs/fit.md §1): a
 * strength's s.e. rounded to two decimals is never written as 0, which
 * would claim a certainty no history gives. */
#define FIT_MIN_SD 0.01

typedef enum {
  FIT_ESTIMATED,             /* an estimate with its interval */
  FIT_TOO_FEW,               /* fewer than FIT_MIN_DF residual degrees of freedom (W082) */
  FIT_COLLINEAR,             /* a cause does not move on its own: its column is constant,
                                or a combination of the others' (rank-deficient design) */
} FitState;

typedef enum {
  FV_NONE,                   /* not estimated */
  FV_SUPPORTED,              /* the interval excludes 0, on the written strength's side */
  FV_UNSUPPORTED,            /* the interval holds 0: the history says nothing either way */
  FV_CONTRADICTED,           /* the interval excludes 0 on the other side, or the written
                                strength is 0 (W083) */
} FitVerdict;

typedef struct FitLink {
  const Link *l;
  int effect;                /* index into FitResult.effects */
  FitState state;
  double written;            /* the file's strength (1 when not written) */
  int written_lag;           /* the file's lag, in periods */
  int lag;                   /* the chosen lag, periods */
  double est, se, lo, hi;    /* strength estimate, standard error, interval at `level` */
  double level;              /* 1 - 0.05 / (lags searched): 95 % over the lag search */
  double t, p;               /* t statistic and two-sided p-value at the chosen lag */
  double p_adj;              /* p times the lags searched (at most 1): the test behind the verdict */
  double partial_r2;         /* t^2 / (t^2 + df): the share of what the other causes leave
                                unexplained that this cause explains */
  FitVerdict verdict;
  bool within;               /* the written strength lies in [lo, hi] */
  double suggested;          /* est rounded to 2 decimals and clamped to -1..1 */
  bool clamped;              /* the estimate was outside -1..1 */
  double suggested_sd;       /* se rounded to 2 decimals, at least 0.01: the sd of the
                                `strength normal(suggested, suggested_sd)` written back */
} FitLink;

/* A link the map lacks that the history supports (W084). */
typedef struct FitMissing {
  const Objective *from, *to;
  int lag;
  double est, se, p;
} FitMissing;

typedef struct FitEffect {
  const Objective *o;
  int nlinks;                /* links into it (FitLink.effect == this index) */
  FitState state;
  int n, df;                 /* rows used, residual degrees of freedom */
  int max_lag;               /* the lag bound searched (the asked bound, lowered when the
                                common sample is too short) */
  bool exhaustive;           /* every lag combination tried (else coordinate descent) */
  long combos;               /* lag combinations tried */
  double alpha, alpha_se;    /* intercept: the per-period drift against the plan */
  double r2;                 /* of the model (NaN when the effect never moves) */
  double sigma;              /* residual standard deviation */
  int first, last;           /* the periods (cadence indices) of the first and last row */
} FitEffect;

typedef struct FitOptions {
  int max_lag;               /* the lag search bound, periods */
  bool missing;              /* look for links the map lacks */
} FitOptions;

typedef struct FitResult {
  const ScoreCard *sc;
  FitLink *links; int nlinks;        /* in the order of the program's links */
  FitEffect *effects; int neffects;  /* in the order their first link appears */
  FitMissing *missing; int nmissing; /* strongest evidence first */
  int tested;                /* candidate (pair, lag) tests behind `missing` (Bonferroni) */
  int periods;               /* periods of history read: 0 .. as_of */
  int max_lag;
} FitResult;

/* Fits every link of sc->p.  Never fails: links without enough history
 * are FIT_TOO_FEW.  Free with fit_free. */
FitResult *fit_run(const ScoreCard *sc, const FitOptions *o);
void fit_free(FitResult *r);

const char *fit_verdict_name(FitVerdict v);   /* "supported", "no evidence", ... */
const char *fit_state_name(FitState s);       /* "estimated", "too few periods", "collinear" */

/* `bscc fit ARGS` (fit_cmd.c): returns the exit status. */
int fit_main(int argc, char **argv);

#endif
