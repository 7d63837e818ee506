/*
 * score_cmd.c - `bscc score` (docs/score.md), and the loading of a strategy
 * with its check-ins that `bscc graph`, `bscc sim` and `bscc checkin` share.
 */
#include "score_cmd.h"
#include "score_out.h"
#include "checkin.h"
#include "cli.h"
#include "sema.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define SCORE_CAP_MAX 100.0     /* the largest --overachieve */


static int usage(const char *cmd, const char *fmt, const char *arg) {
  char hint[160];
  snprintf(hint, sizeof hint, "Try `bscc help` for usage (bscc %s FILE.bsc [--data FILE.csv] [--as-of PERIOD] ...).", cmd);
  return cli_usage("bscc", hint, fmt, arg);
}

/* The table's width: --wide (-1), --width N, else a terminal's width
 * (COLUMNS, or the terminal's own), else 0: a pipe keeps the stable layout
 * that scripts read. */
static int table_cols(int asked) {
  if (asked) return asked;
  if (!isatty(STDOUT_FILENO)) return 0;
  const char *c = getenv("COLUMNS");
  long n = c ? strtol(c, NULL, 10) : 0;
  struct winsize ws;
  if (n <= 0 && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0) n = ws.ws_col;
  return n >= 20 && n <= 10000 ? (int)n : 0;
}

void score_input_init(ScoreInput *in, int argc) {
  memset(in, 0, sizeof *in);
  in->color = -1;
  in->data = bsc_calloc((size_t)argc + 1, sizeof *in->data);
}

int score_open(ScoreInput *in, const char *cmd) {
  diag_init(&in->de);
  in->de.max_errors = in->max_errors_set ? in->max_errors : CLI_MAX_ERRORS_DEFAULT;
  program_init(&in->p, &in->de);
  actuals_init(&in->act);
  in->open = true;
  LoadOptions lo = {0};
  lo.no_prelude = in->no_prelude;
  lo.allow = in->allow;
  lo.nallow = in->nallow;
  bool io_ok = load_program(&in->p, in->file, NULL, 0, &lo);
  if (io_ok) sema_check(&in->p, NULL);
  bool data_ok = true;
  DiagMark before_data = diag_mark(&in->de);
  if (io_ok) {
    actuals_add_program(&in->p, &in->act);
    for (int i = 0; i < in->ndata && data_ok; i++) {
      FileErr fe;
      char why[96];
      if (!actuals_load_csv(&in->p, &in->act, in->data[i], &fe)) {
        fprintf(stderr, "bscc: cannot read `%s`: %s\n", in->data[i], file_err_text(&fe, why, sizeof why));
        data_ok = false;
      }
    }
    /* the strategy's own store only when the file checked clean: an error
     * in it may be the `store` itself (E093, E094) */
    in->store_used = in->store ? bsc_strdup(in->store) : in->de.nerrors ? NULL : checkin_declared_store(&in->p);
    if (data_ok && in->store_used && !in->store_unread &&
        !checkin_load_store(&in->p, &in->act, in->store_used, !in->store))
      data_ok = false;
    /* every member of a breakdown or none, once every value is in; a
     * check-in adds one member at a time */
    if (data_ok && strcmp(cmd, "checkin")) actuals_check_members(&in->p, &in->act);
  }
  if (in->de.nerrors || !io_ok) {
    diag_sort(&in->de);
    diag_render(&in->de, stderr, FMT_TEXT, diag_use_color(in->color, stderr));
    fprintf(stderr, "bscc: %d error%s, %d warning%s; no %s\n", in->de.nerrors, in->de.nerrors == 1 ? "" : "s",
            in->de.nwarnings, in->de.nwarnings == 1 ? "" : "s", !strcmp(cmd, "graph") ? "strategy map" : !strcmp(cmd, "checkin") ? "check-in stored" : "scorecard");
  }
  if (!io_ok || !data_ok) return 2;
  if (in->de.nerrors) return 1;
  if (in->de.nwarnings > before_data.nwarnings) {
    /* warnings of the data (W016: a value for a closed period) are never
     * silent; the strategy's own are `bscc check`'s */
    DiagEngine view = in->de;
    view.diags += before_data.ndiags;
    view.ndiags -= before_data.ndiags;
    diag_render(&view, stderr, FMT_TEXT, diag_use_color(in->color, stderr));
  }
  return -1;
}

void score_close(ScoreInput *in) {
  free(in->allow);
  in->allow = NULL;
  if (!in->open) return;
  free(in->store_used);
  in->store_used = NULL;
  actuals_free(&in->act);
  program_free(&in->p);
  diag_free(&in->de);
  in->open = false;
}

/* Parses options common to score and graph; returns -1, or an exit code. */
int score_common_opt(ScoreInput *in, const char *cmd, int argc, char **argv, int *i, bool *handled) {
  const char *a = argv[*i], *val = NULL;
  *handled = true;
#define OPTVAL(name) cli_opt(name, argc, argv, i, &val)
  if (a[0] != '-' || !strcmp(a, "-")) {
    if (in->file) return usage(cmd, "%s takes one strategy file", cmd);
    in->file = a;
  } else if (OPTVAL("--data")) {
    in->data[in->ndata++] = val;
  } else if (OPTVAL("--store")) {
    in->store = val;
  } else if (OPTVAL("--as-of")) {
    if (!actuals_parse_period(val, strlen(val), &in->as_of))
      return usage(cmd, "--as-of needs a period such as 2025-Q2, not `%s`", val);
    in->as_of_text = val;
  } else if (OPTVAL("--color") || OPTVAL("--colour")) {
    if (!cli_color(val, &in->color)) return usage(cmd, "unknown colour mode `%s` (auto, always or never)", val);
  } else if (!strcmp(a, "--no-prelude")) {
    in->no_prelude = true;
  } else if (OPTVAL("--allow-import")) {
    if (!cli_folder(val)) return usage(cmd, "--allow-import needs an existing folder, not `%s`", val);
    in->allow = bsc_realloc(in->allow, sizeof *in->allow * (size_t)(in->nallow + 1));
    in->allow[in->nallow++] = val;
  } else if (OPTVAL("--max-errors")) {
    if (!cli_max_errors(val, &in->max_errors)) return usage(cmd, CLI_MAX_ERRORS_USAGE, val);
    in->max_errors_set = true;
  } else {
    *handled = false;
  }
#undef OPTVAL
  return -1;
}

int score_main(int argc, char **argv) {
  ScoreInput in;
  score_input_init(&in, argc);
  enum { F_TABLE, F_JSON, F_CSV } format = F_TABLE;
  ScoreOptions so = {0};
  so.cap = 1.0;
  int fail_on = 0;             /* 1 red, 2 behind */
  int cols = 0;                /* the table's width: --wide -1, --width N */
  int status = -1;
  for (int i = 0; i < argc && status < 0; i++) {
    bool handled;
    status = score_common_opt(&in, "score", argc, argv, &i, &handled);
    if (status >= 0 || handled) continue;
    const char *a = argv[i], *val = NULL;
#define OPTVAL(name) cli_opt(name, argc, argv, &i, &val)
    if (OPTVAL("--format")) {
      if (!strcmp(val, "table") || !strcmp(val, "text")) format = F_TABLE;
      else if (!strcmp(val, "json")) format = F_JSON;
      else if (!strcmp(val, "csv")) format = F_CSV;
      else status = usage("score", "unknown format `%s` (table, json or csv)", val);
    } else if (OPTVAL("--overachieve") || OPTVAL("--cap")) {
      char *end;
      double v = strtod(val, &end);
      /* 100: a key result at a hundred times its goal is already past any
       * reading of "overachievement"; a bound keeps scores, and the
       * objective means made of them, of a size a table can show */
      if (!*val || *end || !(v >= 1.0) || !(v <= SCORE_CAP_MAX))
        status = usage("score", "--overachieve needs a cap from 1 to 100 (e.g. 1.5), not `%s`", val);
      else so.cap = v;
    } else if (!strcmp(a, "--wide")) {
      cols = -1;
    } else if (OPTVAL("--width")) {
      long w;
      if (!cli_long(val, 20, 10000, &w)) status = usage("score", "--width needs a number of columns from 20 to 10000, not `%s`", val);
      else cols = (int)w;
    } else if (!strcmp(a, "--rollup")) {
      so.rollup = true;
    } else if (OPTVAL("--fail-on")) {
      if (!strcmp(val, "red")) fail_on = 1;
      else if (!strcmp(val, "behind")) fail_on = 2;
      else status = usage("score", "--fail-on takes `red` or `behind`, not `%s`", val);
    } else {
      status = usage("score", "unknown option `%s`", a);
    }
#undef OPTVAL
  }
  if (status < 0 && !in.file) status = usage("score", "%s", "score needs a strategy file: bscc score FILE.bsc");
  if (status >= 0) { score_close(&in); free(in.data); return status; }
  status = score_open(&in, "score");
  if (status >= 0) { score_close(&in); free(in.data); return status; }

  so.as_of = in.as_of;
  so.actuals = &in.act;
  const char *why = NULL;
  ScoreCard *sc = score_eval(&in.p, &so, &why);
  if (!sc) {
    if (in.as_of_text) fprintf(stderr, "bscc: --as-of %s %s\n", in.as_of_text, why ? why : "cannot be used");
    else fprintf(stderr, "bscc: no scorecard: %s\n", why ? why : "?");
    score_close(&in);
    free(in.data);
    return 2;
  }
  Buf out;
  buf_init(&out);
  if (format == F_TABLE) score_render_table_fit(&out, sc, &in.act, diag_use_color(in.color, stdout), table_cols(cols));
  else if (format == F_JSON) score_render_json(&out, sc, &in.act);
  else score_render_csv(&out, sc);
  fwrite(out.data ? out.data : "", 1, out.len, stdout);
  fflush(stdout);
  buf_free(&out);

  status = 0;
  if (fail_on) {
    int n = 0;
    Program *p = &in.p;
    KR *k;
    Objective *o;
    if (fail_on == 1) {
      VEC_EACH(KR *, k, p->krs) if (score_kr(sc, sc->as_of, k)->has && score_kr(sc, sc->as_of, k)->status == STATUS_RED) n++;
      VEC_EACH(Objective *, o, p->objectives)
        if (score_obj(sc, sc->as_of, o)->has && score_obj(sc, sc->as_of, o)->status == STATUS_RED) n++;
      VEC_EACH(KR *, k, p->kpis) if (score_kpi(sc, sc->as_of, k)->health == HEALTH_BREACHED) n++;
    } else {
      VEC_EACH(KR *, k, p->krs) if (score_off_line(score_kr(sc, sc->as_of, k)->track)) n++;
      VEC_EACH(Objective *, o, p->objectives) if (score_off_line(score_obj(sc, sc->as_of, o)->track)) n++;
    }
    if (n) {
      fprintf(stderr, "bscc: --fail-on=%s: %d %s\n", fail_on == 1 ? "red" : "behind", n,
              fail_on == 1 ? (n == 1 ? "red key result, objective or breached KPI" : "red key results, objectives or breached KPIs")
                           : (n == 1 ? "key result or objective off its on-track line" : "key results or objectives off their on-track line"));
      status = 1;
    }
  }
  score_free(sc);
  score_close(&in);
  free(in.data);
  return status;
}
