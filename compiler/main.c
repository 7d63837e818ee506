/*
 * main.c - the bscc command line.
 *
 *   bscc check FILE...        report every error and warning
 *   bscc explain CODE         the long explanation of a diagnostic
 *
 * Exit codes, which scripts may rely on: 0 success (warnings allowed),
 * 1 errors found, 2 usage or I/O error.
 */
#include "program.h"
#include "sema.h"
#include "score_cmd.h"
#include "graph.h"
#include "report.h"
#include "fmt.h"
#include "lsp.h"
#include "sim.h"
#include "fit.h"
#include "checkin.h"
#include "cli.h"
#include "root.h"
#include "util.h"
#include "version.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { EXIT_OK = 0, EXIT_ERRORS = 1, EXIT_USAGE = 2 };

static const char usage_text[] =
  "usage: bscc <command> [options] [FILE...]\n"
  "\n"
  "commands:\n"
  "  check FILE...     check strategy files: every type and alignment error\n"
  "  explain CODE      explain a diagnostic code (E010, W004, ...); --list lists them\n"
  "  score FILE        the live scorecard: scores, status, trends (--data CSV, --store DB, --as-of PERIOD,\n"
  "                    --format=table|json|csv, --overachieve CAP (1 to 100), --rollup,\n"
  "                    --fail-on=red|behind, --max-errors N as for check; the table fits the\n"
  "                    terminal: --wide shows titles in full, --width N fits N columns)\n"
  "  graph FILE        the strategy map as Graphviz DOT (--format=dot|svg, --data, --store, --as-of, --max-errors)\n"
  "  report FILE -o OUT.html   the data cockpit: one self-contained HTML page (--data, --store,\n"
  "                    --as-of, --sim SIM.json from `bscc sim --format=json` or --sim-run with\n"
  "                    bscc sim's options, --no-map, --map)\n"
  "  sim FILE          Monte Carlo simulation of initiative portfolios: cost, expected score,\n"
  "                    chances of green (--budget X, --portfolios CSV, --samples N, --seed S,\n"
  "                    --engine=auto|jit|interp, --threads N, --format=table|json|csv)\n"
  "  fit FILE          the strategy map's link strengths and lags estimated from the history of\n"
  "                    check-ins (--data, --store, --as-of, --max-lag N, --format=table|json,\n"
  "                    --diff, -w, -o OUT.bsc, --check: exit 1 when the map disagrees)\n"
  "  checkin FILE KR VALUE [--store DB]   record a measured value in a check-in store: the\n"
  "                    strategy's `store`, or --store (a SQLite file or postgresql://...);\n"
  "                    --period P, --note TEXT, --confidence 1-10, --who NAME; --csv FILE|- a\n"
  "                    batch, --import the file's actuals blocks; --history [KR], --export csv\n"
  "                    [--current] read the store)\n"
  "  fmt FILE...       format files canonically (-w in place, --check for CI; stdin when no FILE)\n"
  "  lsp               run the language server on stdio (for editors)\n"
  "  version           print the version\n"
  "\n"
  "check options:\n"
  "  --format=text|json|sarif   output format (default text)\n"
  "  --color=auto|always|never  colour the text output (default auto; NO_COLOR is respected)\n"
  "  -W no-NAME, -A CODE        allow (silence) a warning, by name or code\n"
  "  -D CODE, -Werror=CODE      deny a warning: report it as an error\n"
  "  -Werror                    report every warning as an error\n"
  "  --max-objectives N         objectives one owner may carry (W006, default 5)\n"
  "  --max-krs N                key results one objective may carry (W007, default 5)\n"
  "  --max-errors N             stop listing errors after N (default 100, 0: no limit)\n"
  "  --allow-import=DIR         allow imports from DIR too (imports stay inside the\n"
  "                             main file's folder otherwise; repeatable)\n"
  "  --no-prelude               do not import the standard prelude\n"
  "  --columns=char|byte        what a text headline's column counts: code points\n"
  "                             (default) or bytes (Vim's errorformat %c)\n"
  "  --no-root                  check a file without a strategy alone, not as part of\n"
  "                             the strategy file that imports it (its root)\n"
  "  --as=PATH                  check FILE's text as if it were PATH (an editor's\n"
  "                             unsaved buffer saved to a temporary FILE)\n"
  "\n"
  "exit status: 0 ok, 1 errors found, 2 usage or I/O error\n";

static int usage_error(const char *fmt, const char *arg) {
  return cli_usage("bscc", "Try `bscc help` for usage.", fmt, arg);
}

/* Options shared by every command that compiles a file. */
typedef struct Opts {
  DiagFormat format;
  int color;                 /* -1 auto, 0 never, 1 always */
  SemaOptions sema;
  LoadOptions load;
  int max_errors;
  const char **files; int nfiles;
  const char **allow;        /* --allow-import folders: o->load.allow */
  bool no_root;              /* --no-root: check each file alone */
  const char *as;            /* --as=PATH: the one FILE's text is PATH's */
} Opts;

/* A count option: 0 .. 1,000,000. */
static bool parse_int(const char *s, int *out) {
  long v;
  if (!cli_long(s, 0, 1000000, &v)) return false;
  *out = (int)v;
  return true;
}

/* -W/-A/-D style warning control, applied to the engine. */
static int warn_flag(DiagEngine *de, const char *what, bool deny) {
  DiagCode c = diag_code_lookup(what);
  if (c == CODE_COUNT) return usage_error("unknown diagnostic `%s` (see `bscc explain --list`)", what);
  if (diag_code_severity(c) != SEV_WARNING)
    return usage_error("`%s` is an error, not a warning: it cannot be allowed or denied", what);
  if (deny) de->deny[c] = 1; else de->allow[c] = 1;
  return 0;
}

/* Returns -1 on success, or an exit code. */
static int parse_opts(int argc, char **argv, Opts *o, DiagEngine *de) {
  o->color = -1;
  o->max_errors = CLI_MAX_ERRORS_DEFAULT;
  o->files = calloc((size_t)argc + 1, sizeof(char *));
  o->allow = calloc((size_t)argc + 1, sizeof(char *));
  if (!o->files || !o->allow) abort();
  o->load.allow = o->allow;
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i];
    const char *val = NULL;
#define OPTVAL(name) cli_opt(name, argc, argv, &i, &val)
    if (a[0] != '-' || !strcmp(a, "-")) { o->files[o->nfiles++] = a; continue; }
    if (OPTVAL("--format")) {
      if (!strcmp(val, "text")) o->format = FMT_TEXT;
      else if (!strcmp(val, "json")) o->format = FMT_JSON;
      else if (!strcmp(val, "sarif")) o->format = FMT_SARIF;
      else return usage_error("unknown format `%s` (text, json or sarif)", val);
    } else if (OPTVAL("--color") || OPTVAL("--colour")) {
      if (!cli_color(val, &o->color))
        return usage_error("unknown colour mode `%s` (auto, always or never)", val);
    } else if (!strcmp(a, "-Werror")) {
      de->werror = true;
    } else if (!strncmp(a, "-Werror=", 8)) {
      int r = warn_flag(de, a + 8, true); if (r) return r;
    } else if (!strncmp(a, "-Wno-", 5)) {
      int r = warn_flag(de, a + 5, false); if (r) return r;
    } else if (!strcmp(a, "-W") && i + 1 < argc) {
      const char *w = argv[++i];
      int r = !strncmp(w, "no-", 3) ? warn_flag(de, w + 3, false) : warn_flag(de, w, true);
      if (r) return r;
    } else if (OPTVAL("-A")) {
      int r = warn_flag(de, val, false); if (r) return r;
    } else if (OPTVAL("-D")) {
      int r = warn_flag(de, val, true); if (r) return r;
    } else if (OPTVAL("--max-objectives")) {
      if (!parse_int(val, &o->sema.max_objectives_per_owner) || !o->sema.max_objectives_per_owner)
        return usage_error("--max-objectives needs a positive number, not `%s`", val);
    } else if (OPTVAL("--max-krs")) {
      if (!parse_int(val, &o->sema.max_krs_per_objective) || !o->sema.max_krs_per_objective)
        return usage_error("--max-krs needs a positive number, not `%s`", val);
    } else if (OPTVAL("--max-errors")) {
      if (!cli_max_errors(val, &o->max_errors)) return usage_error(CLI_MAX_ERRORS_USAGE, val);
    } else if (!strcmp(a, "--no-prelude")) {
      o->load.no_prelude = true;
    } else if (OPTVAL("--allow-import")) {
      if (!cli_folder(val)) return usage_error("--allow-import needs an existing folder, not `%s`", val);
      o->allow[o->load.nallow++] = val;
    } else if (OPTVAL("--columns")) {
      if (!strcmp(val, "byte")) de->byte_columns = true;
      else if (!strcmp(val, "char")) de->byte_columns = false;
      else return usage_error("unknown column unit `%s` (char or byte)", val);
    } else if (!strcmp(a, "--no-root")) {
      o->no_root = true;
    } else if (OPTVAL("--as")) {
      o->as = val;
    } else if (OPTVAL("--stdlib")) {
      o->load.stdlib_dir = val;
    } else
      return usage_error("unknown option `%s`", a);
#undef OPTVAL
  }
  de->max_errors = o->max_errors;
  return -1;
}


/* --as: the text of FILE stands for the file PATH wherever it is loaded. */
typedef struct AsFile {
  char *real;                /* realpath(PATH) */
  const char *text; size_t len;
} AsFile;

static const char *as_overlay(void *ctx, const char *canonical, size_t *len) {
  const AsFile *a = ctx;
  if (!a->real || strcmp(a->real, canonical)) return NULL;
  *len = a->len;
  return a->text;
}

/* Loads and checks one file into `de`: a file without a strategy that a
 * strategy file imports is checked as part of that root (root.c), so its
 * diagnostics are those of the program it belongs to.  Returns false on
 * an I/O failure. */
static bool check_one(const char *path, const Opts *o, DiagEngine *de) {
  LoadOptions lo = o->load;
  AsFile as = {0};
  char *text = NULL;
  /* an unreadable FILE is loaded as itself, which reports why */
  if (o->as && (text = file_read(path, FILE_MAX_TEXT, &as.len, NULL))) {
    as.text = text;
    as.real = realpath(o->as, NULL);
    lo.overlay = as_overlay;
    lo.overlay_ctx = &as;
    path = o->as;
  }
  DiagMark mark = diag_mark(de);
  Program p;
  program_init(&p, de);
  bool ok = load_program(&p, path, text, as.len, &lo);
  char *root = NULL;
  if (ok && !o->no_root && !root_has_strategy(&p)) {
    char *real = realpath(path, NULL);
    root = real ? root_find(real, &lo) : NULL;
    free(real);
  }
  if (root) {                            /* the root's program, in place of the file's */
    program_free(&p);
    diag_rewind(de, mark);
    program_init(&p, de);
    ok = load_program(&p, root, NULL, 0, &lo);
  }
  if (ok) sema_check(&p, &o->sema);
  program_free(&p);
  free(root);
  free(as.real);
  free(text);
  return ok;
}

static int cmd_check(int argc, char **argv) {
  DiagEngine de;
  diag_init(&de);
  Opts o = {0};
  int r = parse_opts(argc, argv, &o, &de);
  if (r >= 0) { free(o.files); free(o.allow); diag_free(&de); return r; }
  if (o.nfiles == 0) { free(o.files); free(o.allow); diag_free(&de); return usage_error("%s", "check needs a file: bscc check FILE.bsc"); }
  if (o.as && o.nfiles != 1) { free(o.files); free(o.allow); diag_free(&de); return usage_error("%s", "--as needs exactly one FILE"); }
  bool io_ok = true;
  for (int i = 0; i < o.nfiles; i++) io_ok &= check_one(o.files[i], &o, &de);
  diag_sort(&de);
  FILE *out = o.format == FMT_TEXT ? stderr : stdout;
  diag_render(&de, out, o.format, o.format == FMT_TEXT && diag_use_color(o.color, out));
  if (o.format == FMT_TEXT && (de.nerrors || de.nwarnings)) {
    fprintf(stderr, "bscc: %d error%s, %d warning%s\n", de.nerrors, de.nerrors == 1 ? "" : "s",
            de.nwarnings, de.nwarnings == 1 ? "" : "s");
  }
  int status = !io_ok ? EXIT_USAGE : de.nerrors ? EXIT_ERRORS : EXIT_OK;
  free(o.files); free(o.allow);
  diag_free(&de);
  return status;
}

static int cmd_explain(int argc, char **argv) {
  if (argc == 1 && !strcmp(argv[0], "--list")) {
    for (int c = 0; c < CODE_COUNT; c++)
      printf("%s  %-24s %s\n", diag_code_str(c), diag_code_name(c), diag_code_summary(c));
    return EXIT_OK;
  }
  if (argc != 1) return usage_error("%s", "explain needs one code: bscc explain E010");
  DiagCode c = diag_code_lookup(argv[0]);
  if (c == CODE_COUNT) return usage_error("unknown diagnostic code `%s` (see `bscc explain --list`)", argv[0]);
  printf("%s (%s, %s): %s\n\n%s", diag_code_str(c), diag_code_name(c),
         diag_code_severity(c) == SEV_ERROR ? "error" : "warning",
         diag_code_summary(c), diag_code_explanation(c));
  size_t n = strlen(diag_code_explanation(c));
  if (n && diag_code_explanation(c)[n - 1] != '\n') putchar('\n');
  return EXIT_OK;
}

int main(int argc, char **argv) {
  if (argc < 2) { fputs(usage_text, stderr); return EXIT_USAGE; }
  const char *cmd = argv[1];
  if (!strcmp(cmd, "check")) return cmd_check(argc - 2, argv + 2);
  if (!strcmp(cmd, "sim")) return sim_main(argc - 2, argv + 2);
  if (!strcmp(cmd, "fit")) return fit_main(argc - 2, argv + 2);
  if (!strcmp(cmd, "fmt")) return fmt_main(argc - 2, argv + 2);
  if (!strcmp(cmd, "lsp")) return lsp_main(argc - 2, argv + 2);
  if (!strcmp(cmd, "explain")) return cmd_explain(argc - 2, argv + 2);
  if (!strcmp(cmd, "score")) return score_main(argc - 2, argv + 2);
  if (!strcmp(cmd, "graph")) return graph_main(argc - 2, argv + 2);
  if (!strcmp(cmd, "report")) return report_main(argc - 2, argv + 2);
  if (!strcmp(cmd, "checkin")) return checkin_main(argc - 2, argv + 2);
  if (!strcmp(cmd, "version") || !strcmp(cmd, "--version")) { printf("bscc %s\n", BSCC_VERSION); return EXIT_OK; }
  if (!strcmp(cmd, "help") || !strcmp(cmd, "--help") || !strcmp(cmd, "-h")) { fputs(usage_text, stdout); return EXIT_OK; }
  return usage_error("unknown command `%s`", cmd);
}
