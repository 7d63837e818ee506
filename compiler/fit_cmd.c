/*
 * fit_cmd.c - `bscc fit` (docs/fit.md): the strategy map's strengths and
 * lags estimated from the scored history.  The history is loaded exactly
 * as `bscc score` loads it (score_open: the file's actuals, --data CSV
 * files, the check-in store); fit.c estimates, fit_out.c renders,
 * fit_patch.c writes back.
 *
 * Exit status: 0 done; 1 errors in the files, or --check found the map at
 * odds with its history; 2 usage or I/O error.
 */
#include "fit_out.h"
#include "score_cmd.h"
#include "cli.h"
#include "fmt.h"
#include "score_out.h"
#include "sema.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char fit_usage[] =
  "usage: bscc fit FILE.bsc [--data F.csv ...] [--store DB] [--as-of PERIOD] [options]\n"
  "  estimates each causal link's strength and lag from the scored history (docs/fit.md)\n"
  "  --format=table|json   the report (default table)\n"
  "  --max-lag N           the longest lag searched, in periods of the cadence (default 4)\n"
  "  --no-missing          do not look for links the map lacks (W084)\n"
  "  --diff                print the estimates as a unified diff of FILE instead of the report\n"
  "  -w, --write           rewrite FILE's supported links in place (atomically)\n"
  "  -o OUT.bsc            write FILE with the estimates to OUT.bsc (FILE is unchanged)\n"
  "  --check               exit 1 when a written strength lies outside its interval\n"
  "                        or the history shows a link the map lacks\n"
  "  exit status: 0 ok, 1 errors or --check failed, 2 usage or I/O error\n";

typedef struct FitCli {
  ScoreInput in;
  FitOptions fo;
  bool json, diff, write, check;
  const char *out;
} FitCli;

static int usage(const char *fmt, const char *arg) {
  return cli_usage("bscc", "Try `bscc fit --help` for usage.", fmt, arg);
}

static int parse(FitCli *c, int argc, char **argv) {
  for (int i = 0; i < argc; i++) {
    bool handled;
    int st = score_common_opt(&c->in, "fit", argc, argv, &i, &handled);
    if (st >= 0) return st;
    if (handled) continue;
    const char *a = argv[i], *val = NULL;
    if (cli_opt("--format", argc, argv, &i, &val)) {
      if (!strcmp(val, "json")) c->json = true;
      else if (strcmp(val, "table") && strcmp(val, "text")) return usage("unknown format `%s` (table or json)", val);
    } else if (cli_opt("--max-lag", argc, argv, &i, &val)) {
      long n;
      if (!cli_long(val, 0, 100, &n)) return usage("--max-lag needs a number of periods from 0 to 100, not `%s`", val);
      c->fo.max_lag = (int)n;
    } else if (cli_opt("-o", argc, argv, &i, &val) || cli_opt("--output", argc, argv, &i, &val)) {
      c->out = val;
    } else if (!strcmp(a, "--no-missing")) {
      c->fo.missing = false;
    } else if (!strcmp(a, "--diff")) {
      c->diff = true;
    } else if (!strcmp(a, "-w") || !strcmp(a, "--write")) {
      c->write = true;
    } else if (!strcmp(a, "--check")) {
      c->check = true;
    } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      fputs(fit_usage, stdout);
      return 0;
    } else {
      return usage("unknown option `%s`", a);
    }
  }
  if (!c->in.file) return usage("%s", "fit needs a strategy file: bscc fit FILE.bsc");
  if (c->write && c->out) return usage("%s", "-w and -o cannot be combined: -w rewrites FILE, -o writes a new file");
  if (c->diff && c->json) return usage("%s", "--diff and --format=json cannot be combined");
  return -1;
}

/* W082-W084, at the links and objectives they are about. */
static void report(DiagEngine *de, const FitResult *R) {
  const Strategy *st = R->sc->p->strategy;
  PeriodKind cad = st && st->cadence_eff != PER_NONE ? st->cadence_eff : PER_QUARTER;
  for (int i = 0; i < R->nlinks; i++) {
    const FitLink *fl = &R->links[i];
    const FitEffect *fe = &R->effects[fl->effect];
    const char *from = fl->l->src->name.name, *to = fl->l->dst->name.name;
    if (fl->state == FIT_TOO_FEW) {
      Diag *d = diag_report(de, W082, fl->l->h.span, "too few periods to estimate `%s -> %s`", from, to);
      diag_label(d, "%d usable period%s for %d coefficient%s", fe->n, fe->n == 1 ? "" : "s", fe->nlinks + 1,
                 fe->nlinks ? "s" : "");
      diag_help(d, "a fit needs at least %d periods where `%s` and each of its causes have a score and one before; "
                   "load earlier check-ins (--data, the store)", fe->nlinks + 1 + FIT_MIN_DF, to);
    } else if (fl->state == FIT_COLLINEAR) {
      Diag *d = diag_report(de, W082, fl->l->h.span, "the history cannot tell `%s -> %s` from the other causes of `%s`",
                            from, to, to);
      diag_label(d, "a cause never moves against its plan, or only as the others do");
      diag_help(d, "fit fewer links into `%s`, or collect periods where its causes move apart", to);
    } else if (fl->verdict == FV_CONTRADICTED) {
      Diag *d = diag_report(de, W083, fl->l->h.span, "the history contradicts `%s -> %s`: strength %.2f, interval [%.2f, %.2f]",
                            from, to, fl->est, fl->lo, fl->hi);
      diag_label(d, "written as %.2f", fl->written);
      diag_help(d, "look for a confounder or a change of measurement; then change or remove the link by hand (-w leaves it)");
    }
  }
  for (int i = 0; i < R->nmissing; i++) {
    const FitMissing *m = &R->missing[i];
    char lag[32] = "";
    if (m->lag) snprintf(lag, sizeof lag, "  lag %d%s", m->lag, so_lag_suffix(cad));
    Diag *d = diag_report(de, W084, m->to->name.span, "the history shows a link `%s -> %s` that the map lacks",
                          m->from->name.name, m->to->name.name);
    diag_label(d, "strength %.2f ± %.2f%s (p = %.2g, %d tests)", m->est, m->se, m->lag ? lag + 1 : " at lag 0", m->p,
               R->tested);
    double sd = m->se > FIT_MIN_SD ? m->se : FIT_MIN_SD;   /* as fit_patch.c writes a strength */
    diag_help(d, "add `%s -> %s  strength normal(%.2f, %.2f)%s` if the strategy says why; it may be a confounder",
              m->from->name.name, m->to->name.name, m->est, sd, lag);
  }
}

/* Whether the main file is in fmt's canonical form. */
static bool canonical(const Source *src) {
  DiagEngine de;
  diag_init(&de);
  char *out = NULL, *why = NULL;
  bool ok = fmt_text(src->path, src->text, src->len, &de, &out, &why) == FMT_OK && strlen(out) == src->len &&
            !memcmp(out, src->text, src->len);
  free(out);
  free(why);
  diag_free(&de);
  return ok;
}

/* The patched text checked like `bscc check` checks a file: a lag of 0
 * written back could close a zero-lag loop (E060).  Returns true when
 * clean; the errors are rendered otherwise. */
static bool recheck(FitCli *c, const char *text) {
  DiagEngine de;
  diag_init(&de);
  Program p;
  program_init(&p, &de);
  LoadOptions lo = {0};
  lo.no_prelude = c->in.no_prelude;
  lo.allow = c->in.allow;
  lo.nallow = c->in.nallow;
  bool ok = load_program(&p, c->in.file, text, strlen(text), &lo);
  if (ok) sema_check(&p, NULL);
  ok = ok && !de.nerrors;
  if (!ok) {
    diag_sort(&de);
    diag_render(&de, stderr, FMT_TEXT, diag_use_color(c->in.color, stderr));
    fprintf(stderr, "bscc: the estimates would make `%s` invalid: nothing written\n", c->in.file);
  }
  program_free(&p);
  diag_free(&de);
  return ok;
}

/* --diff, -w, -o.  Returns an exit status, or -1. */
static int write_back(FitCli *c, const FitResult *R, Buf *out) {
  const Source *src = diag_source(&c->in.de, c->in.p.main_file);
  int n = 0;
  char *text = fit_patch_text(R, canonical(src), &n);
  int status = -1;
  if (text && !recheck(c, text)) status = 1;
  else if (c->diff) {
    if (text) fit_render_diff(out, c->in.file, src->text, text);
  } else {
    const char *dest = c->write ? c->in.file : c->out;
    const char *data = text ? text : src->text;
    FileErr fe;
    char why[96];
    if (!c->write || text) {
      if (write_file_atomic(dest, data, strlen(data), &fe) != 0) {
        fprintf(stderr, "bscc: cannot write `%s`: %s\n", dest, file_err_text(&fe, why, sizeof why));
        status = 2;
      }
    }
    if (status < 0 && n)
      fprintf(stderr, "bscc: %s: %d link%s rewritten with %s estimate%s\n", dest, n, n == 1 ? "" : "s",
              n == 1 ? "its" : "their", n == 1 ? "" : "s");
    else if (status < 0)
      fprintf(stderr, "bscc: %s: no link changed (the supported links already say what the history says)\n", dest);
  }
  free(text);
  return status;
}

/* --check: a written strength outside its interval, or a missing link. */
static int check_status(const FitResult *R) {
  int n = R->nmissing;
  for (int i = 0; i < R->nlinks; i++)
    if (R->links[i].state == FIT_ESTIMATED && !R->links[i].within) n++;
  if (n) fprintf(stderr, "bscc: --check: %d link%s at odds with the history\n", n, n == 1 ? "" : "s");
  return n ? 1 : 0;
}

int fit_main(int argc, char **argv) {
  FitCli c;
  memset(&c, 0, sizeof c);
  score_input_init(&c.in, argc);
  c.fo.max_lag = FIT_MAX_LAG_DEFAULT;
  c.fo.missing = true;
  int status = parse(&c, argc, argv);
  if (status < 0) status = score_open(&c.in, "fit");
  if (status >= 0) { score_close(&c.in); free(c.in.data); return status; }

  ScoreOptions so = {0};
  so.cap = 1.0;
  so.as_of = c.in.as_of;
  so.actuals = &c.in.act;
  const char *why = NULL;
  ScoreCard *sc = score_eval(&c.in.p, &so, &why);
  if (!sc) {
    if (c.in.as_of_text) fprintf(stderr, "bscc: --as-of %s %s\n", c.in.as_of_text, why ? why : "cannot be used");
    else fprintf(stderr, "bscc: no scorecard: %s\n", why ? why : "?");
    score_close(&c.in);
    free(c.in.data);
    return 2;
  }
  FitResult *R = fit_run(sc, &c.fo);
  DiagMark before = diag_mark(&c.in.de);
  report(&c.in.de, R);
  if (c.in.de.ndiags > before.ndiags) {
    /* only the fit's own: the strategy's warnings are `bscc check`'s */
    DiagEngine view = c.in.de;
    view.diags += before.ndiags;
    view.ndiags -= before.ndiags;
    diag_render(&view, stderr, FMT_TEXT, diag_use_color(c.in.color, stderr));
  }

  Buf out;
  buf_init(&out);
  status = -1;
  if (c.diff || c.write || c.out) status = write_back(&c, R, &out);
  if (status < 0 && !c.diff) {
    if (c.json) fit_render_json(&out, R, c.in.file);
    else fit_render_table(&out, R, c.in.file);
  }
  fwrite(out.data ? out.data : "", 1, out.len, stdout);
  fflush(stdout);
  buf_free(&out);
  if (status < 0) status = c.check ? check_status(R) : 0;
  fit_free(R);
  score_free(sc);
  score_close(&c.in);
  free(c.in.data);
  return status;
}
