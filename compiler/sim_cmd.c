/*
 * sim_cmd.c - `bscc sim` (docs/simulation.md): its options, the model, the
 * portfolios, the engine (interpreter or libgccjit code), the run, the
 * decision numbers, then one renderer.
 */
#include "sim_out.h"
#include "sim_cluster.h"
#include "score_cmd.h"
#include "cli.h"
#include "jit.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { EXIT_OK = 0, EXIT_ERRORS = 1, EXIT_USAGE = 2 };
enum { MAX_EXHAUSTIVE = 20, SIM_DETAIL_ALL = 64 };
#define SIM_DETAIL_WORK 4e8      /* node-evaluations for each objective's statistics at most */

/* Set by bscc-mpi (sim_mpi.c); NULL in bscc: one process. */
const SimCluster *sim_cluster;

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static const char sim_usage[] =
  "usage: bscc sim FILE [--portfolios FILE.csv | --budget X] [options]\n"
  "  --portfolios FILE.csv   portfolios to compare: `name,initiatives` (initiatives separated by `;`)\n"
  "  --budget X              every subset of initiatives costing at most X (a search beyond 20)\n"
  "  --samples N             samples per portfolio (default 1000)\n"
  "  --seed S                random seed (default 1): the same seed gives the same numbers\n"
  "  --threads N             worker threads (default: all cores); results do not depend on it\n"
  "  --engine=auto|jit|interp   evaluator (default auto: compile when the run is large)\n"
  "  --format=table|json|csv output (default table)\n"
  "  --top N                 portfolios shown in the table (default 10)\n"
  "  --frontier[=risk|green] list the efficient frontier: no cheaper portfolio scores as well\n"
  "                          (=risk: nor has as high a 5th percentile; =green: nor as high a\n"
  "                          chance that every committed objective is green)\n"
  "  --contrib               each decision's contribution to the best portfolio: alone,\n"
  "                          leave-one-out, Shapley value (exact up to 12 decisions)\n"
  "  --value-per-point X     money worth of one point (0.01) of the scorecard score: net value,\n"
  "                          return and payback in the costs' currency\n"
  "  --data FILE.csv, --as-of PERIOD   actuals, as for `bscc score`; the decision period\n"
  "                          (default: the latest period with data): actuals up to it are fixed,\n"
  "                          effects' lags count from it\n"
  "  --max-errors N          errors shown at most (default 100, 0: all), as for `bscc check`\n"
  "  --hold-unforecast       a KR without a forecast keeps its last value (default: its plan)\n"
  "  --no-cache              do not use the compiled-code cache\n"
  "  --cache-dir DIR         the compiled-code cache (default $BSCC_CACHE_DIR, else ~/.cache/bscc)\n"
  "  -o, --output FILE       write the output to FILE, atomically (complete or not at all)\n"
  "  --verbose               timings on stderr\n"
  "  --dump-model            print the lowered model as JSON and stop\n";

static int sim_usage_error(const char *fmt, const char *arg) {
  return cli_usage("bscc sim", "Try `bscc sim --help`.", fmt, arg);
}

/* A number, with an optional k / M / B suffix (amount_magnitude) and `_` separators. */
static bool parse_amount(const char *s, double *out) {
  char buf[64];
  size_t n = 0;
  for (; *s && n < sizeof buf - 1; s++) if (*s != '_' && *s != ',') buf[n++] = *s;
  buf[n] = 0;
  char *end;
  double v = strtod(buf, &end);
  if (end == buf) return false;
  double mag = *end ? amount_magnitude(end, strlen(end), true) : 0;   /* the file's rule too */
  if (mag) { *end = 0; v = amount_scaled(buf, mag); end += 1; }
  if (*end || !isfinite(v) || v < 0) return false;
  *out = v;
  return true;
}

/* How many of `want` portfolios get each objective's statistics: as many
 * as SIM_DETAIL_WORK node-evaluations allow (the sensitivity's kind of
 * bound: a pass over the samples each), none when one portfolio's samples
 * would not fit in SIM_DETAIL_BYTES (sim.h). */
static int detail_count(const SimModel *m, int N, int want) {
  double per = (double)N * (double)(m->nmeas + m->nobjs + 1) * m->T, left = SIM_DETAIL_WORK;
  if ((double)N * (m->nobjs + 1) * sizeof(double) > SIM_DETAIL_BYTES) return 0;
  int k = 0;
  while (k < want && !(per > left)) { left -= per; k++; }
  return k;
}

/* Whether the run itself keeps each objective's samples of all n
 * portfolios: a small set whose every portfolio (and doing nothing) gets
 * them (sim_report_objs), on this process's threads (a runner reports no
 * objectives). */
static bool objs_in_run(const SimModel *m, const SimConfig *c, int n) {
  return !c->runner && n <= SIM_DETAIL_ALL && detail_count(m, c->samples, n + 1) == n + 1;
}

/* Whether ranked portfolio i gets each objective's statistics: every one
 * of a small set, else the best and those on the frontier. */
static bool wants_objs(const SimReport *R, int i) {
  return R->nranked <= SIM_DETAIL_ALL || i == 0 || R->frontier[i];
}

/* Each objective's statistics of the portfolios wants_objs names, within
 * detail_count, the best first, then doing nothing (only the done
 * initiatives funded, as the baseline's result).  Those the run kept
 * (run_ostat, by portfolio, or NULL) are copied; the others come from one
 * more pass of the engine over only them (sim_obj_stats). */
static void sim_report_objs(SimReport *R, SimBlockFn fn, SimObjStat *const *run_ostat) {
  const SimModel *m = R->m;
  int n = R->nranked, left = 0;
  for (int i = 0; i < n; i++) left += wants_objs(R, i);
  left = detail_count(m, R->c->samples, left + 1);
  R->ostat = bsc_calloc((size_t)n + 1, sizeof(SimObjStat *));
  SimObjStat ***dst = bsc_malloc(sizeof(SimObjStat **) * ((size_t)n + 2));
  unsigned char *none = bsc_calloc((size_t)m->ninits + 1, 1);
  sim_port_base(m, none);                      /* doing nothing: the done initiatives stay in, as in R->base */
  unsigned char *funded = bsc_malloc((size_t)(n + 1) * (size_t)m->ninits + 1);
  int nrun = 0;
  size_t sz = sizeof(SimObjStat) * ((size_t)m->nobjs + 1);
  for (int i = -1; i < n && left > 0; i++) {
    if (i >= 0 && !wants_objs(R, i)) continue;
    left--;
    int r = i < 0 ? 0 : i;
    const unsigned char *f = i == 0 ? none : R->ranked[r].p->funded;
    SimObjStat **to = i == 0 ? &R->base_ostat : &R->ostat[r];
    int at = !run_ostat ? -1 : i == 0 ? sim_find_subset(R->ports, m, none) : (int)(R->ranked[r].p - R->ports->items);
    if (at >= 0 && run_ostat[at]) {
      *to = bsc_malloc(sz);
      memcpy(*to, run_ostat[at], sz);
      continue;
    }
    memcpy(funded + (size_t)nrun * m->ninits, f, (size_t)m->ninits);
    dst[nrun++] = to;
  }
  if (nrun > 0) {
    SimObjStat **st = sim_obj_stats(m, fn, funded, nrun, R->c);
    for (int k = 0; k < nrun; k++) *dst[k] = st[k];
    free(st);
  }
  free(dst);
  free(none);
  free(funded);
}

/* The decision numbers over the ranked portfolios (sim_decide.c): the
 * sensitivity, each objective's statistics, the frontier, the
 * contributions, the money.  Computed here once, rendered by each format. */
static void sim_report_numbers(SimReport *R, SimBlockFn fn, bool table, SimObjStat *const *run_ostat) {
  const SimModel *m = R->m;
  int n = R->nranked;
  if (n == 0) return;
  /* two evaluations of the whole model per uncertain input: bounded so
   * that a model with 100,000 forecasts does not spend minutes here */
  double sens_work = 2.0 * m->ninputs * (double)(m->nmeas + m->nobjs + 1) * m->T;
  if (sens_work <= 2e8) {
    R->sw = sim_tornado(m, R->ranked[0].p->funded, R->ranked[0].r, R->base_mean);
    R->has_sens = true;
  } else if (m->ninputs > 0 && table)
    fprintf(stderr, "bscc sim: note: sensitivity ranking skipped (%d uncertain inputs in a model this large)\n",
            m->ninputs);
  R->frontier = bsc_calloc((size_t)n + 1, 1);
  R->nfrontier = sim_frontier(R->ranked, n, R->frontier_green ? SIM_FRONTIER_GREEN : R->frontier_risk ? SIM_FRONTIER_RISK : SIM_FRONTIER_MEAN,
                              R->frontier);
  sim_report_objs(R, fn, run_ostat);
  unsigned char *none = bsc_calloc((size_t)m->ninits + 1, 1);
  if (R->show_contrib) R->contrib = sim_contrib(m, fn, R->ranked[0].p->funded, R->c, &R->ncontrib);
  R->money = bsc_calloc((size_t)n + 1, sizeof(SimMoneyStat));
  for (int i = 0; i < n; i++) {
    R->money[i] = sim_money(m, R->ranked[i].p->funded, R->ranked[i].r, R->base_mean, R->value_per_point, R->has_point);
    if (R->money[i].has_kr) R->any_money = true;
  }
  /* doing nothing as the baseline's score and objectives have it: the
   * done initiatives funded, their money KRs counted (docs/simulation.md §12) */
  unsigned char *base = bsc_calloc((size_t)m->ninits + 1, 1);
  sim_port_base(m, base);
  R->base_money = sim_money(m, base, R->base, R->base_mean, R->value_per_point, R->has_point);
  free(base);
  /* each money decision of the best on its own: its money KRs against its
   * own cost.  A done initiative is no decision (§13): its money is in the
   * baseline's already, its cost sunk, so it is not listed. */
  R->dmoney = bsc_calloc((size_t)m->ninits + 1, sizeof(SimMoneyStat));
  for (int i = 0; i < m->ninits; i++) {
    if (!R->ranked[0].p->funded[i] || m->inits[i].fixed || m->inits[i].money_count == 0) continue;
    none[i] = 1;
    SimResult one = { .cost = m->inits[i].cost };
    R->dmoney[i] = sim_money(m, none, &one, 0.0, 0.0, false);
    none[i] = 0;
  }
  if (R->has_point) R->any_money = true;
  free(none);
}

static void sim_report_free(SimReport *R) {
  sim_swings_free(&R->sw);
  for (int i = 0; R->ostat && i < R->nranked; i++) free(R->ostat[i]);
  free(R->ostat);
  free(R->base_ostat);
  free(R->frontier);
  free(R->contrib);
  free(R->money);
  free(R->dmoney);
}

/* The options of one run of `bscc sim`. */
typedef struct SimArgs {
  SimConfig cfg;
  SimEngineKind engine;
  enum { OUT_TABLE, OUT_JSON, OUT_CSV } fmt;
  const char *ports_file, *out_file, *cache_dir;
  double budget, point_value;
  bool has_budget, no_cache, verbose, dump;
  bool show_frontier, frontier_risk, frontier_green, show_contrib, has_point;
  SimLowerOptions lopt;
  int top;
} SimArgs;

/* Reads the options into a; with `in`, also the strategy file and the
 * loading options shared with score (bscc sim), without it only the
 * simulation's own (bscc report --sim-run, which has loaded the strategy).
 * Returns -1, or the exit status (--help, a usage error). */
static int sim_parse(SimArgs *a, ScoreInput *in, int argc, char **argv) {
  *a = (SimArgs){ .cfg = { .seed = 1, .samples = 1000, .threads = 0 }, .engine = ENGINE_AUTO, .fmt = OUT_TABLE, .top = 10 };
  for (int i = 0; i < argc; i++) {
    const char *o = argv[i], *val = NULL;
    if (in) {
      bool handled = false;
      int r = score_common_opt(in, "sim", argc, argv, &i, &handled);
      if (r >= 0) return r;
      if (handled) continue;
    }
#define OPTVAL(name) cli_opt(name, argc, argv, &i, &val)
    if (!strcmp(o, "--help") || !strcmp(o, "-h")) { fputs(sim_usage, stdout); return EXIT_OK; }
    else if (OPTVAL("--portfolios")) a->ports_file = val;
    else if (OPTVAL("--budget")) {
      if (!parse_amount(val, &a->budget)) return sim_usage_error("--budget needs an amount such as 3000000 or 3M, not `%s`", val);
      a->has_budget = true;
    } else if (OPTVAL("--samples")) {
      long v;
      if (!cli_long(val, 1, 100000000, &v)) return sim_usage_error("--samples needs a number from 1 to 100000000, not `%s`", val);
      a->cfg.samples = (int)v;
    } else if (OPTVAL("--seed")) {
      char *end;
      errno = 0;
      unsigned long long v = strtoull(val, &end, 0);
      if (*end || errno || val[0] == '-') return sim_usage_error("--seed needs a non-negative integer, not `%s`", val);
      a->cfg.seed = v;
    } else if (OPTVAL("--threads")) {
      long v;
      if (!cli_long(val, 1, 1024, &v)) return sim_usage_error("--threads needs a number from 1 to 1024, not `%s`", val);
      a->cfg.threads = (int)v;
    } else if (OPTVAL("--engine")) {
      if (!strcmp(val, "auto")) a->engine = ENGINE_AUTO;
      else if (!strcmp(val, "jit")) a->engine = ENGINE_JIT;
      else if (!strcmp(val, "interp")) a->engine = ENGINE_INTERP;
      else return sim_usage_error("unknown engine `%s` (auto, jit or interp)", val);
    } else if (OPTVAL("--format")) {
      if (!strcmp(val, "table")) a->fmt = OUT_TABLE;
      else if (!strcmp(val, "json")) a->fmt = OUT_JSON;
      else if (!strcmp(val, "csv")) a->fmt = OUT_CSV;
      else return sim_usage_error("unknown format `%s` (table, json or csv)", val);
    } else if (OPTVAL("--top")) {
      long v;
      if (!cli_long(val, 1, LONG_MAX, &v)) return sim_usage_error("--top needs a positive number, not `%s`", val);
      a->top = v > 1000000 ? 1000000 : (int)v;
    } else if (!strcmp(o, "--frontier")) a->show_frontier = true;
    else if (!strcmp(o, "--frontier=risk")) a->show_frontier = a->frontier_risk = true;
    else if (!strcmp(o, "--frontier=green")) a->show_frontier = a->frontier_green = true;
    else if (!strcmp(o, "--contrib")) a->show_contrib = true;
    else if (OPTVAL("--value-per-point")) {
      if (!parse_amount(val, &a->point_value)) return sim_usage_error("--value-per-point needs an amount such as 50000 or 2M, not `%s`", val);
      a->has_point = true;
    } else if (OPTVAL("--cache-dir")) a->cache_dir = val;
    else if (OPTVAL("--output") || OPTVAL("-o")) a->out_file = val;
    else if (!strcmp(o, "--no-cache")) a->no_cache = true;
    else if (!strcmp(o, "--verbose") || !strcmp(o, "-v")) a->verbose = true;
    else if (!strcmp(o, "--dump-model")) a->dump = true;
    else if (!strcmp(o, "--hold-unforecast")) a->lopt.hold = true;
    else return sim_usage_error("unknown option `%s`", o);
#undef OPTVAL
  }
  return -1;
}

/* The options that go together: -1, or the usage error. */
static int sim_args_check(const SimArgs *a) {
  if (a->ports_file && a->has_budget) return sim_usage_error("%s", "give either --portfolios or --budget, not both");
  return -1;
}

/* One run of `bscc sim` with the options a on the loaded strategy in;
 * with `into`, the run's JSON is added to it instead of being written
 * (bscc report --sim-run): the same path, one simulation. */
static int sim_exec(const SimArgs *a, ScoreInput *in, Buf *into) {
  SimConfig cfg = a->cfg;
  int status = EXIT_OK;
  ScoreOptions so = { .as_of = in->as_of, .actuals = &in->act };
  const char *why = NULL;
  ScoreCard *sc = score_eval(&in->p, &so, &why);
  if (!sc) {
    fprintf(stderr, "bscc sim: %s\n", why ? why : "this strategy has no horizon to simulate");
    return EXIT_ERRORS;
  }
  char *err = NULL;
  SimModel *m = sim_lower_with(&in->p, sc, &a->lopt, &err);
  if (!m) {
    fprintf(stderr, "bscc sim: cannot simulate %s: %s\n", in->file, err);
    free(err);
    score_free(sc);
    return EXIT_ERRORS;
  }

  SimPortSet ports = {0};
  if (a->dump) {
    sim_render_model(m, stdout);
    goto done;
  }
  if (a->frontier_green && !sim_ncommitted(m)) {
    fprintf(stderr, "bscc sim: --frontier=green needs a committed objective, and %s has none with data at the horizon's end;\n"
                    "  mark the objectives that must be met `committed` (docs/language.md §6), or use --frontier\n", in->file);
    status = EXIT_USAGE;
    goto done;
  }
  /* the portfolios */
  const char *method = "default";
  if (a->ports_file) {
    int errors = 0;
    FileErr fe;
    char whyb[96];
    if (!sim_ports_csv(&in->p, m, &ports, a->ports_file, &errors, &fe)) {
      fprintf(stderr, "bscc sim: cannot read `%s`: %s\n", a->ports_file, file_err_text(&fe, whyb, sizeof whyb));
      status = EXIT_USAGE;
      goto done;
    }
    if (errors || in->de.nerrors) {
      diag_sort(&in->de);
      diag_render(&in->de, stderr, FMT_TEXT, diag_use_color(in->color, stderr));
      fprintf(stderr, "bscc: %d error%s in the portfolios; nothing simulated\n", in->de.nerrors, in->de.nerrors == 1 ? "" : "s");
      status = EXIT_ERRORS;
      goto done;
    }
    method = "batch";
  } else if (a->has_budget) {
    method = m->ninits <= MAX_EXHAUSTIVE ? "exhaustive" : "search";
  } else {
    sim_ports_default(&ports, m);
  }

  /* every rank has the model and its portfolios (bscc-mpi) */
  int cs;
  if (sim_cluster && (cs = sim_cluster->sync(SIMCL_LOADED)) >= 0) { status = cs; goto done; }

  /* the a->engine */
  SimBlockFn fn = interp_block;
  const char *engine_name = "interp";
  JitCode *jc = NULL;
  double t0 = now_s();
  {
    double nport_est = !strcmp(method, "exhaustive") ? (double)(1u << m->ninits) : ports.n > 0 ? ports.n : 64;
    double work = nport_est * cfg.samples * (double)(m->nmeas + m->nobjs + 1) * m->T;
    bool want_jit = a->engine == ENGINE_JIT || (a->engine == ENGINE_AUTO && work > 2e7);
    if (want_jit) {
      JitOptions jo = { .opt_level = -1, .no_cache = a->no_cache, .cache_dir = a->cache_dir };
      char *jerr = NULL;
      jc = jit_compile(m, &jo, &jerr);
      if (jc) { fn = jit_block(jc); engine_name = "jit"; }
      else {
        fprintf(stderr, "bscc sim: note: the compiled a->engine is not available (%s); using the interpreter, with the same results\n",
                jerr ? jerr : "libgccjit failed");
        free(jerr);
      }
    }
  }
  double t_compile = now_s() - t0;
  cfg.progress = isatty(2);
  cfg.verbose = a->verbose;
  if (sim_cluster) {
    if ((cs = sim_cluster->sync(SIMCL_READY)) >= 0) { status = cs; goto engine_done; }
    if (sim_cluster->rank > 0) { status = sim_cluster->serve(m, fn, &cfg); goto engine_done; }
    cfg.runner = sim_cluster->run;
    cfg.progress = false;
  }

  /* run */
  t0 = now_s();
  SimResult *res = NULL;
  SimObjStat **run_ostat = NULL;     /* a small set's objectives, from the run itself */
  if (!strcmp(method, "search")) {
    res = sim_search(m, fn, &ports, a->budget, &cfg);
  } else {
    if (!strcmp(method, "exhaustive")) sim_ports_subsets(&ports, m, a->budget);
    if (objs_in_run(m, &cfg, ports.n)) run_ostat = bsc_calloc((size_t)ports.n + 1, sizeof(SimObjStat *));
    res = sim_eval_ports(m, fn, &ports, 0, NULL, &cfg, run_ostat);
  }
  /* the empty portfolio, for gain per cost */
  unsigned char *none = bsc_calloc((size_t)m->ninits + 1, 1);
  sim_port_base(m, none);                      /* the done initiatives stay in */
  int none_i = sim_find_subset(&ports, m, none);
  SimResult base;
  if (none_i >= 0) base = res[none_i];
  else { sim_run(m, fn, none, 1, &cfg, &base); }
  double seconds = now_s() - t0;
  if (a->verbose)
    fprintf(stderr, "bscc sim: a->engine %s (%.1f ms to prepare), %d portfolios x %d samples in %.3f s\n",
            engine_name, t_compile * 1e3, ports.n, cfg.samples, seconds);

  char decided[32];
  actuals_period_str(sc->periods[m->decided], decided, sizeof decided);
  SimReport R = { .m = m, .ports = &ports, .res = res, .method = method, .budget = a->budget, .has_budget = a->has_budget,
               .c = &cfg, .engine = engine_name, .top = a->top, .file = in->file,
               .base = &base, .base_mean = base.mean, .decided = decided,
               .any_data = sc->any_data };
  R.nranked = ports.n;
  R.ranked = sim_rank(m, &ports, res);
  double *draws = a->has_budget ? sim_cost_draws(m, cfg.seed, cfg.samples) : NULL;
  if (draws) {
    R.p_budget = bsc_malloc(sizeof(double) * (size_t)ports.n + 1);
    for (int i = 0; i < ports.n; i++) R.p_budget[i] = sim_budget_chance(m, draws, cfg.samples, ports.items[i].funded, a->budget);
    free(draws);
  }
  R.show_frontier = a->show_frontier;
  R.frontier_risk = a->frontier_risk;
  R.frontier_green = a->frontier_green;
  R.ncommitted = sim_ncommitted(m);
  R.show_contrib = a->show_contrib;
  R.has_point = a->has_point;
  R.value_per_point = a->point_value;
  sim_report_numbers(&R, fn, a->fmt == OUT_TABLE, run_ostat);
  for (int i = 0; run_ostat && i < ports.n; i++) free(run_ostat[i]);
  free(run_ostat);

  Buf outb;
  buf_init(&outb);
  if (a->fmt == OUT_JSON) sim_render_json(&R, &outb);
  else if (a->fmt == OUT_CSV) sim_render_csv(&R, &outb);
  else sim_render_table(&R, &outb);
  FileErr fe;
  char whyb[96];
  if (a->out_file && write_file_atomic(a->out_file, outb.data ? outb.data : "", outb.len, &fe) != 0) {
    fprintf(stderr, "bscc sim: cannot write `%s`: %s\n", a->out_file, file_err_text(&fe, whyb, sizeof whyb));
    status = EXIT_USAGE;
  } else if (into && outb.data) buf_putn(into, outb.data, outb.len);
  else if (!a->out_file && outb.data) fwrite(outb.data, 1, outb.len, stdout);
  buf_free(&outb);

  sim_report_free(&R);
  free(R.p_budget);
  free(R.ranked);
  if (none_i < 0) sim_results_free(&base, 1);
  free(none);
  sim_results_free(res, ports.n);
  free(res);
engine_done:
  if (jc) jit_free(jc);
done:
  sim_ports_free(&ports);
  sim_free(m);
  score_free(sc);
  return status;
}

int sim_main(int argc, char **argv) {
  ScoreInput in;
  score_input_init(&in, argc);
  SimArgs a;
  int status = sim_parse(&a, &in, argc, argv);
  if (status < 0 && !in.file) status = sim_usage_error("%s", "needs a strategy file: bscc sim FILE.bsc");
  if (status < 0) status = sim_args_check(&a);
  if (status < 0 && (status = score_open(&in, "sim")) < 0) status = sim_exec(&a, &in, NULL);
  score_close(&in);
  free(in.data);
  return status;
}

int sim_main_json(ScoreInput *in, int argc, char **argv, Buf *json) {
  SimArgs a;
  int status = sim_parse(&a, NULL, argc, argv);
  if (status < 0) status = sim_args_check(&a);
  if (status >= 0) return status;
  a.fmt = OUT_JSON;
  a.out_file = NULL;
  a.dump = false;
  return sim_exec(&a, in, json);
}
