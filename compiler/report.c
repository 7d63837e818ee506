/*
 * report.c - `bscc report` (docs/report.md): loads the strategy like
 * `bscc score`, evaluates the scorecard, lays out the strategy map with
 * graph.c's Graphviz child, reads a saved `bscc sim --format=json` when
 * given, and writes the page that report_html.c renders.
 */
#include "report.h"
#include "score_cmd.h"
#include "graph.h"
#include "sim.h"
#include "cli.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { REPORT_MAP_MAX = 2000 };  /* objectives drawn in the map without --map */

static int usage(const char *fmt, const char *arg) {
  return cli_usage("bscc", "Try `bscc help` for usage (bscc report FILE.bsc [--data FILE.csv] [--sim SIM.json | --sim-run [bscc sim's options]] -o cockpit.html).",
                   fmt, arg);
}

/* Whether the program has an objective named `name` (the sim JSON names
 * objectives as the scorecard does). */
static bool has_objective(const Program *p, const char *name) {
  Objective *o;
  VEC_EACH(Objective *, o, p->objectives)
    if (o->name.name && !strcmp(o->name.name, name)) return true;
  return false;
}

const char *report_sim_check(const char *text, const Program *p, char *why, size_t n) {
  json_error_t e;
  json_t *v = json_loads(text, 0, &e);
  if (!v) {
    snprintf(why, n, "it is not JSON (line %d: %s)", e.line, e.text);
    return why;
  }
  const char *msg = NULL;
  json_t *ports = json_object_get(v, "portfolios");
  if (!json_is_object(v) || json_integer_value(json_object_get(v, "version")) != 2 || !json_is_array(ports))
    msg = "it is not the output of `bscc sim --format=json` (version 2)";
  for (size_t i = 0; !msg && i < json_array_size(ports); i++) {
    json_t *pg = json_object_get(json_array_get(ports, i), "p_green");
    const char *key;
    json_t *x;
    json_object_foreach(pg, key, x) {
      if (!has_objective(p, key)) {
        snprintf(why, n, "it names objective `%s`, which this strategy does not have: it was made from another strategy "
                 "(run `bscc sim` on this one with --format=json)", key);
        msg = why;
        break;
      }
    }
  }
  json_decref(v);
  return msg;
}

/* The whole file ("-": standard input), or NULL. */
static char *slurp(const char *path) {
  FILE *f = !strcmp(path, "-") ? stdin : fopen(path, "rb");
  if (!f) return NULL;
  Buf b;
  buf_init(&b);
  char chunk[65536];
  size_t k;
  while ((k = fread(chunk, 1, sizeof chunk, f)) > 0) buf_putn(&b, chunk, k);
  bool bad = ferror(f);
  if (f != stdin) fclose(f);
  if (bad) { buf_free(&b); return NULL; }
  if (!b.data) buf_puts(&b, "");
  return buf_steal(&b);
}

/* A simulation's JSON text, checked, as compact JSON; NULL and an exit
 * status in *st when it cannot be used.  `from` names it in messages. */
static char *use_sim(char *text, const char *from, const Program *p, int *st) {
  char why[512];
  const char *bad = report_sim_check(text, p, why, sizeof why);
  if (bad) {
    fprintf(stderr, "bscc: %s: %s\n", from, bad);
    free(text);
    *st = 2;
    return NULL;
  }
  json_t *v = json_loads(text, 0, NULL);
  free(text);
  char *s = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17));
  json_decref(v);
  return s;
}

/* The saved simulation (--sim FILE). */
static char *load_sim(const char *path, const Program *p, int *st) {
  char *text = slurp(path);
  if (!text) {
    fprintf(stderr, "bscc: cannot read `%s`\n", path);
    *st = 2;
    return NULL;
  }
  char from[600];
  snprintf(from, sizeof from, "--sim %s", path);
  return use_sim(text, from, p, st);
}

/* --sim-run: `bscc sim` run here with the simulation's options on the
 * strategy, data and store the report has loaded (in), through sim_cmd.c's
 * path: one load, one simulation, never a second evaluator.  Its errors
 * are bscc sim's, and its exit status the report's. */
static char *run_sim(ScoreInput *in, int argc, char **argv, int *st) {
  Buf json;
  buf_init(&json);
  int r = sim_main_json(in, argc, argv, &json);
  if (r != 0 || !json.data) {
    fprintf(stderr, "bscc: --sim-run: the simulation failed (exit %d); the report is not written\n", r);
    buf_free(&json);
    *st = r ? r : 2;
    return NULL;
  }
  return use_sim(buf_steal(&json), "--sim-run", &in->p, st);
}

/* The options of `bscc sim` that --sim-run hands over: with a value, and
 * without. */
static const char *const sim_val_opts[] = { "--portfolios", "--budget", "--samples", "--seed", "--threads",
                                            "--engine", "--cache-dir", NULL };
static const char *const sim_flag_opts[] = { "--no-cache", "--hold-unforecast", NULL };

/* Whether argv[*i] is one of bscc sim's options (moving *i past its value). */
static bool sim_opt(int argc, char **argv, int *i) {
  const char *val;
  for (const char *const *o = sim_val_opts; *o; o++)
    if (cli_opt(*o, argc, argv, i, &val)) return true;
  for (const char *const *o = sim_flag_opts; *o; o++)
    if (!strcmp(argv[*i], *o)) return true;
  return false;
}

/* When the report was made: SOURCE_DATE_EPOCH when set (reproducible
 * builds, the golden tests), else now. */
static void made_at(char *buf, size_t n) {
  const char *e = getenv("SOURCE_DATE_EPOCH");
  time_t t = e && *e ? (time_t)strtoll(e, NULL, 10) : time(NULL);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static bool write_file(const char *path, const Buf *b) {
  FILE *f = !strcmp(path, "-") ? stdout : fopen(path, "wb");
  if (!f) return false;
  bool ok = fwrite(b->data, 1, b->len, f) == b->len;
  if (f == stdout) return fflush(f) == 0 && ok;
  return (fclose(f) == 0) && ok;
}

int report_main(int argc, char **argv) {
  ScoreInput in;
  score_input_init(&in, argc);
  const char *out_path = NULL, *sim_path = NULL, *sim_only = NULL;
  bool no_map = false, force_map = false, sim_run = false;
  int status = -1;
  /* the arguments handed to bscc sim by --sim-run: the simulation's own
   * options (it simulates the strategy the report has loaded) */
  char **sargv = bsc_calloc((size_t)argc + 1, sizeof *sargv);
  int sargc = 0;
  Buf sim_args;  /* the simulation's own options, for the page's header */
  buf_init(&sim_args);
  buf_puts(&sim_args, "run by the report (bscc sim");
  for (int i = 0; i < argc && status < 0; i++) {
    bool handled;
    int i0 = i;
    status = score_common_opt(&in, "report", argc, argv, &i, &handled);
    if (status >= 0 || handled) continue;
    const char *a = argv[i], *val = NULL;
    if (cli_opt("-o", argc, argv, &i, &val) || cli_opt("--output", argc, argv, &i, &val)) out_path = val;
    else if (cli_opt("--sim", argc, argv, &i, &val)) sim_path = val;
    else if (!strcmp(a, "--sim-run")) sim_run = true;
    else if (!strcmp(a, "--no-map")) no_map = true;
    else if (!strcmp(a, "--map")) force_map = true;
    else if (sim_opt(argc, argv, &i)) {
      if (!sim_only) sim_only = a;
      for (int j = i0; j <= i; j++) {
        buf_printf(&sim_args, " %s", argv[j]);
        sargv[sargc++] = argv[j];
      }
    }
    else status = usage("unknown option `%s`", a);
  }
  if (status < 0 && !in.file) status = usage("%s", "report needs a strategy file: bscc report FILE.bsc -o cockpit.html");
  if (status < 0 && !out_path) status = usage("%s", "report needs an output file: -o cockpit.html (or -o - for stdout)");
  if (status < 0 && sim_run && sim_path) status = usage("%s", "give either --sim FILE.json (a saved simulation) or --sim-run (run it here), not both");
  if (status < 0 && sim_only && !sim_run) status = usage("`%s` is an option of the simulation: add --sim-run to run it (or give a saved one with --sim FILE.json)", sim_only);
  if (status >= 0) { free(sargv); buf_free(&sim_args); score_close(&in); free(in.data); return status; }
  buf_puts(&sim_args, ")");
  status = score_open(&in, "report");
  if (status >= 0) { score_close(&in); free(in.data); return status; }

  ScoreOptions so = {0};
  so.cap = 1.0;
  so.as_of = in.as_of;
  so.actuals = &in.act;
  const char *why = NULL;
  ScoreCard *sc = score_eval(&in.p, &so, &why);
  char *sim = NULL, *svg = NULL;
  if (!sc) {
    if (in.as_of_text) fprintf(stderr, "bscc: --as-of %s %s\n", in.as_of_text, why ? why : "cannot be used");
    else fprintf(stderr, "bscc: no scorecard: %s\n", why ? why : "?");
    status = 2;
    goto done;
  }
  if (sim_path && !(sim = load_sim(sim_path, &in.p, &status))) goto done;
  if (sim_run && !(sim = run_sim(&in, sargc, sargv, &status))) goto done;
  const char *map_err = "left out (--no-map)";
  char big[160];
  if (!no_map && !force_map && in.p.objectives.len > REPORT_MAP_MAX) {
    /* dot's layout grows faster than the map: 1,000 objectives take 10 to
     * 25 s, 10,000 more than its 30 s limit (bench/README.md) */
    snprintf(big, sizeof big, "left out: %d objectives are more than %d, whose layout takes Graphviz too long "
             "(--map draws it anyway; bscc graph draws it alone)", in.p.objectives.len, REPORT_MAP_MAX);
    map_err = big;
    no_map = true;
  }
  if (!no_map) {
    Buf dot;
    buf_init(&dot);
    graph_dot(&dot, &in.p, sc);
    size_t n = 0;
    svg = graph_render(dot.data, "svg", &n, &map_err);
    buf_free(&dot);
    /* a map Graphviz cannot lay out leaves the rest of the report whole */
    if (!svg) fprintf(stderr, "bscc: %s: the report has no strategy map: %s\n", in.file, map_err);
  }
  char made[32];
  made_at(made, sizeof made);
  ReportDoc d = { .sc = sc, .as = &in.act, .file = in.file, .store = in.store, .sim_file = sim_run ? sim_args.data : sim_path,
                  .sim_json = sim, .map_svg = svg, .map_error = svg ? NULL : map_err, .made = made };
  Buf page;
  buf_init(&page);
  report_render(&page, &d);
  if (!write_file(out_path, &page)) {
    fprintf(stderr, "bscc: cannot write `%s`\n", out_path);
    status = 2;
  } else {
    status = 0;
  }
  buf_free(&page);
done:
  free(sargv);
  buf_free(&sim_args);
  free(svg);
  free(sim);
  score_free(sc);
  score_close(&in);
  free(in.data);
  return status;
}
