/*
 * checkin.c - `bscc checkin`: measured values into a check-in store, and
 * the store's history out of it (docs/store.md).
 *
 * A check-in is checked exactly as a row of an actuals file is
 * (actuals_check): a check-in given on the command line becomes one row
 * whose fields point into a source named `command line` (the arguments
 * joined by spaces), so a refusal shows the argument it is about; a batch
 * is an actuals file.  Nothing is written unless every row passes, and a
 * batch is one transaction.
 *
 * Reading the store back (score, graph, sim) is the export of its current
 * check-ins fed to the actuals reader: one reader, one set of rules, and
 * a problem in a stored row is located at its line of
 * `bscc checkin --export csv --current`.
 */
#include "checkin.h"
#include "cli.h"
#include "csvio.h"
#include "score_cmd.h"
#include "sema.h"
#include "types.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <time.h>
#include <unistd.h>

/* ---- export and reading back ------------------------------------------- */

typedef struct Export {
  Buf *out;
  Program *p;                /* filter: only its measures */
  long skipped;
  char *first_skipped;
} Export;

static bool defines(Program *p, const char *name) {
  const char *dot = strchr(name, '.');         /* `pothole_days.north`: a member of the measure */
  Sym *s = sema_lookup(p, dot ? arena_strndup(&p->arena, name, (size_t)(dot - name)) : name);
  return s && (s->kind == SYM_KR || s->kind == SYM_KPI);
}

static bool export_row(void *ctx, const StoreCheckin *c) {
  Export *x = ctx;
  if (x->p && !defines(x->p, c->measure)) {
    if (!x->skipped++) x->first_skipped = bsc_strdup(c->measure);
    return true;
  }
  Buf *b = x->out;
  csvio_put_field(b, c->period); buf_putc(b, ',');
  csvio_put_field(b, c->measure); buf_putc(b, ',');
  csvio_put_num(b, c->value); buf_putc(b, ',');
  csvio_put_field(b, c->unit); buf_putc(b, ',');
  csvio_put_field(b, c->note); buf_putc(b, ',');
  if (c->confidence) buf_printf(b, "%d", c->confidence);
  buf_putc(b, ',');
  csvio_put_field(b, c->who); buf_putc(b, ',');
  csvio_put_field(b, c->at); buf_putc(b, ',');
  buf_printf(b, "%lld,", c->id);
  csvio_put_field(b, c->source);
  buf_putc(b, '\n');
  return true;
}

bool checkin_export(Store *s, bool current_only, Program *p, Buf *out, long *skipped, char **first_skipped) {
  Export x = {out, p, 0, NULL};
  buf_printf(out, "period,kr,value,unit,note,confidence,who,at,id,source\n");
  bool ok = store_scan(s, NULL, current_only, export_row, &x);
  if (skipped) *skipped = x.skipped;
  if (first_skipped) *first_skipped = x.first_skipped;
  else free(x.first_skipped);
  return ok;
}

/* `bscc: store `NAME`: WHY`, the name without its password; 2. */
static int store_error_exit(const char *where, const char *why, const char *tail) {
  char *name = store_redact(where);
  fprintf(stderr, "bscc: store `%s`: %s%s\n", name, why, tail);
  free(name);
  return 2;
}

char *checkin_declared_store(const Program *p) {
  const Strategy *st = p->strategy;
  const char *w = st ? st->store.text : NULL;
  if (!w || !*w) return NULL;
  if (store_is_pg(w) || w[0] == '/') return bsc_strdup(w);
  char *dir = path_dir(diag_source(p->de, st->h.span.file)->path);
  Buf b;
  buf_init(&b);
  buf_printf(&b, "%s%s", dir, w);
  free(dir);
  return buf_steal(&b);
}

bool checkin_load_store(Program *p, ActualSet *s, const char *where, bool declared) {
  /* a store the strategy names, before its first check-in: nothing to read
   * yet (a --store that does not exist stays an error: it was asked for) */
  if (declared && !store_is_pg(where) && access(where, F_OK) != 0 && errno == ENOENT) {
    char *name = store_redact(where);
    fprintf(stderr, "bscc: note: the store `%s` that the strategy names does not exist yet: no check-ins read "
            "(`bscc checkin` creates it)\n", name);
    free(name);
    return true;
  }
  char err[600];
  Store *st = store_open(where, STORE_READ, err, sizeof err);
  if (!st) return store_error_exit(where, err, "") == 0;
  Buf b;
  buf_init(&b);
  long skipped = 0;
  char *first = NULL;
  bool ok = checkin_export(st, true, p, &b, &skipped, &first);
  if (!ok) store_error_exit(where, store_error(st), "");
  else actuals_load_csv_text(p, s, store_name(st), b.data ? b.data : "", b.len);
  /* a company store holds the measures of many strategies: the others
   * are not this one's, and are said to be left out, not dropped silently */
  if (ok && skipped)
    fprintf(stderr, "bscc: note: %ld current check-in%s in `%s` %s for measures this strategy does not define "
            "(`%s`%s); not used\n", skipped, skipped == 1 ? "" : "s", store_name(st), skipped == 1 ? "is" : "are",
            first, skipped > 1 ? ", ..." : "");
  free(first);
  buf_free(&b);
  store_close(st);
  return ok;
}

/* ---- the command ---------------------------------------------------------- */


typedef struct Args {
  ScoreInput in;             /* the strategy (loaded by score_open); in.store is --store */
  const char *kr, *value, *period, *note, *confidence, *who;
  const char *csv;           /* --csv FILE or - */
  bool import, history, current;
  const char *history_kr;
  const char *export_fmt;
} Args;

static int usage(const char *fmt, const char *arg) {
  return cli_usage("bscc", "Try `bscc help` for usage (bscc checkin FILE.bsc [--store STORE] KR VALUE [--period P] "
                   "[--note TEXT] [--confidence 1-10] [--who NAME]).", fmt, arg);
}

/* A check-in's time, UTC to the millisecond; SOURCE_DATE_EPOCH (seconds)
 * fixes it, for reproducible examples and tests. */
static void now_utc(char *buf, size_t n) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  const char *sde = getenv("SOURCE_DATE_EPOCH");
  long v;
  if (sde && cli_long(sde, 0, 253402300799L, &v)) { ts.tv_sec = v; ts.tv_nsec = 0; }
  struct tm tm;
  gmtime_r(&ts.tv_sec, &tm);
  char d[24];
  strftime(d, sizeof d, "%Y-%m-%dT%H:%M:%S", &tm);
  snprintf(buf, n, "%s.%03ldZ", d, ts.tv_nsec / 1000000);
}

static const char *default_who(void) {
  const char *w = getenv("USER");
  if (!w || !*w) w = getenv("LOGNAME");
  return w && *w ? w : "unknown";
}

/* The period of the cadence that holds today (UTC). */
static void today_period(const Strategy *st, char *buf, size_t n) {
  time_t t = time(NULL);
  struct tm tm;
  gmtime_r(&t, &tm);
  int y = tm.tm_year + 1900, m = tm.tm_mon + 1;
  PeriodKind k = st && st->cadence_eff != PER_NONE ? st->cadence_eff : PER_QUARTER;
  Period pd = sema_period_at(k, y * 12 + m - 1, st ? st->fiscal_v : 0);
  actuals_period_str(pd, buf, n);
}

/* The rows set->items[from..n) into the store, in one transaction. */
static int append_set(Args *a, const ActualSet *set, int from, const char *source) {
  int n = set->n - from;
  if (n <= 0) { fprintf(stderr, "bscc: nothing to check in\n"); return 1; }
  char at[40], err[600];
  now_utc(at, sizeof at);
  const char *where = a->in.store_used;
  Store *st = store_open(where, STORE_WRITE, err, sizeof err);
  if (!st) return store_error_exit(where, err, "; nothing stored");
  StoreCheckin *rows = bsc_calloc((size_t)n, sizeof *rows);
  char (*pers)[32] = bsc_calloc((size_t)n, sizeof *pers);
  for (int i = 0; i < n; i++) {
    const Actual *x = &set->items[from + i];
    rows[i] = (StoreCheckin){
      .measure = x->member >= 0 ? arena_printf(&a->in.p.arena, "%s.%s", x->m->name.name,   /* a breakdown member */
                                               x->m->bd->members[x->member].name.name)
                                : x->m->name.name,
      .period = actuals_period_str(x->period, pers[i], sizeof pers[i]),
      .value = x->value, .unit = type_str(x->m->type), .note = x->note, .confidence = x->confidence,
      .who = x->who ? x->who : a->who ? a->who : default_who(), .at = at, .source = source,
    };
  }
  bool ok = store_append(st, rows, n);
  if (!ok) fprintf(stderr, "bscc: store `%s`: %s; nothing stored\n", store_name(st), store_error(st));
  else if (n == 1) {
    char nb[48];
    printf("checked in: %s = %s %s for %s in %s\n", rows[0].measure, type_fmt_num(rows[0].value, nb, sizeof nb),
           rows[0].unit, rows[0].period, store_name(st));
  } else {
    printf("checked in: %d values in %s\n", n, store_name(st));
  }
  free(rows);
  free(pers);
  store_close(st);
  return ok ? 0 : 2;
}

/* Starts set with the values of the file's `actuals` blocks, so that a
 * check-in that a block already gives is refused (E091) now rather than
 * at the next scorecard; returns how many there are. */
static int file_actuals(Program *p, ActualSet *set) {
  actuals_init(set);
  actuals_add_program(p, set);
  return set->n;
}

/* Renders the refusals; 1. */
static int refused(Args *a) {
  DiagEngine *de = &a->in.de;
  diag_sort(de);
  diag_render(de, stderr, FMT_TEXT, diag_use_color(a->in.color, stderr));
  fprintf(stderr, "bscc: %d error%s; nothing stored\n", de->nerrors, de->nerrors == 1 ? "" : "s");
  return 1;
}

/* Renders the warnings reported since m (W016: a check-in for a closed
 * period is stored, and does not change its final grade). */
static void data_warnings(Args *a, DiagMark m) {
  if (a->in.de.nwarnings <= m.nwarnings) return;
  DiagEngine view = a->in.de;
  view.diags += m.ndiags;
  view.ndiags -= m.ndiags;
  diag_render(&view, stderr, FMT_TEXT, diag_use_color(a->in.color, stderr));
}

/* E095 for each value of a calculated measure among set->items[from..n):
 * the store takes measured values only (docs/store.md).  True when there
 * is none. */
static bool none_calculated(Program *p, const ActualSet *set, int from) {
  bool ok = true;
  for (int i = from; i < set->n; i++) {
    const KR *m = set->items[i].m;
    if (!m->formula) continue;
    const char *what = m->h.kind == ND_KPI ? "KPI" : "key result";
    Diag *d = diag_report(p->de, E095, set->items[i].name_span, "`%s` is a calculated %s: it takes no check-in",
                          m->name.name, what);
    diag_label(d, "calculated from its formula");
    diag_note(d, m->formula->span, "`%s` is calculated here", m->name.name);
    diag_help(d, "check in the measures its formula reads; a check-in cannot be removed, and would hide the formula");
    ok = false;
  }
  return ok;
}

/* The check-in of the command line, as one row of a source `command
 * line` that holds the arguments. */
static int record_one(Args *a) {
  Program *p = &a->in.p;
  char today[32];
  if (!a->period) today_period(p->strategy, today, sizeof today);
  const char *label[6] = {NULL, NULL, "--period", "--confidence", "--note", "--who"};
  const char *val[6] = {a->kr, a->value, a->period ? a->period : today, a->confidence, a->note, a->who};
  CsvField f[6];
  Buf t;
  buf_init(&t);
  for (int i = 0; i < 6; i++) {
    memset(&f[i], 0, sizeof f[i]);
    if (!val[i]) continue;
    if (utf8_invalid_at(val[i], strlen(val[i])) >= 0) {
      buf_free(&t);
      return usage("the argument `%s` is not valid UTF-8", label[i] ? label[i] : i ? "VALUE" : "KR");
    }
    if (t.len) buf_putc(&t, ' ');
    if (label[i]) buf_printf(&t, "%s ", label[i]);
    f[i].text = (char *)val[i];
    f[i].len = strlen(val[i]);
    f[i].span.off = (uint32_t)t.len;
    buf_printf(&t, "%s", val[i]);
    f[i].span.end = (uint32_t)t.len;
  }
  size_t len = t.len;
  int file = diag_add_source(&a->in.de, "command line", buf_steal(&t), len, false);
  for (int i = 0; i < 6; i++) f[i].span.file = file;
  ActualFields af = {&f[2], &f[0], &f[1], NULL, val[4] ? &f[4] : NULL, val[3] ? &f[3] : NULL, val[5] ? &f[5] : NULL,
                     (Span){file, 0, (uint32_t)len}};
  ActualSet set;
  int from = file_actuals(p, &set);
  Actual x;
  int status;
  DiagMark m = diag_mark(&a->in.de);
  if (!actuals_check(p, &set, &af, &x)) status = refused(a);
  else {
    data_warnings(a, m);
    actuals_add(&set, &x);
    status = none_calculated(p, &set, set.n - 1) ? append_set(a, &set, from, "cli") : refused(a);
  }
  actuals_free(&set);
  return status;
}

static int record_batch(Args *a) {
  Program *p = &a->in.p;
  ActualSet set;
  int from = file_actuals(p, &set);
  int status = -1;
  DiagMark m = diag_mark(&a->in.de);
  if (!strcmp(a->csv, "-")) {
    FileErr fe;
    size_t len;
    char why[128];
    char *text = file_read_fd(0, FILE_MAX_TEXT, &len, &fe);
    if (!text) { fprintf(stderr, "bscc: cannot read standard input: %s\n", file_err_text(&fe, why, sizeof why)); status = 2; }
    else { actuals_load_csv_text(p, &set, "<stdin>", text, len); free(text); }
  } else {
    FileErr fe;
    char why[128];
    if (!actuals_load_csv(p, &set, a->csv, &fe)) {
      fprintf(stderr, "bscc: cannot read `%s`: %s\n", a->csv, file_err_text(&fe, why, sizeof why));
      status = 2;
    }
  }
  if (status < 0 && (!none_calculated(p, &set, from) || a->in.de.nerrors)) status = refused(a);
  if (status < 0) {
    data_warnings(a, m);
    char src[300];
    snprintf(src, sizeof src, "csv %s", strcmp(a->csv, "-") ? a->csv : "<stdin>");
    status = append_set(a, &set, from, src);
  }
  actuals_free(&set);
  return status;
}

static int import_blocks(Args *a) {
  ActualSet set;
  actuals_init(&set);
  actuals_add_program(&a->in.p, &set);
  char src[300];
  snprintf(src, sizeof src, "import %s", a->in.file);
  int status = none_calculated(&a->in.p, &set, 0) ? append_set(a, &set, 0, src) : refused(a);
  actuals_free(&set);
  return status;
}

static bool history_row(void *ctx, const StoreCheckin *c) {
  Buf *b = ctx;
  char nb[48];
  buf_printf(b, "#%lld  %s  %s = %s %s", c->id, c->period, c->measure, type_fmt_num(c->value, nb, sizeof nb), c->unit);
  if (c->confidence) buf_printf(b, "  confidence %d/10", c->confidence);
  buf_printf(b, "  by %s at %s (%s)", c->who, c->at, c->source);
  if (c->superseded_by) buf_printf(b, "  superseded by #%lld", c->superseded_by);
  buf_putc(b, '\n');
  if (c->note) buf_printf(b, "      note: %s\n", c->note);
  return true;
}

static int read_store(Args *a, const char *where) {
  char err[600];
  Store *st = store_open(where, STORE_READ, err, sizeof err);
  if (!st) return store_error_exit(where, err, "");
  Buf b;
  buf_init(&b);
  bool ok = a->export_fmt ? checkin_export(st, a->current, NULL, &b, NULL, NULL)
                          : store_scan(st, a->history_kr, a->current, history_row, &b);
  if (ok && !a->export_fmt && !b.len)
    buf_printf(&b, a->history_kr ? "no check-ins of `%s`\n" : "no check-ins%s\n", a->history_kr ? a->history_kr : "");
  if (ok) fwrite(b.data, 1, b.len, stdout);
  else fprintf(stderr, "bscc: store `%s`: %s\n", store_name(st), store_error(st));
  buf_free(&b);
  store_close(st);
  return ok ? 0 : 2;
}

/* Parses argv into a; -1, or an exit code. */
static int parse(Args *a, int argc, char **argv) {
  const char *pos[3];
  int npos = 0;
  for (int i = 0; i < argc; i++) {
    const char *s = argv[i], *val = NULL;
#define OPTVAL(name) cli_opt(name, argc, argv, &i, &val)
    if (s[0] != '-' || !strcmp(s, "-")) {
      if (npos == 3) return usage("unexpected argument `%s`: checkin takes FILE.bsc KR VALUE", s);
      pos[npos++] = s;
    } else if (OPTVAL("--store")) a->in.store = val;
    else if (OPTVAL("--period")) a->period = val;
    else if (OPTVAL("--note")) a->note = val;
    else if (OPTVAL("--confidence")) a->confidence = val;
    else if (OPTVAL("--who")) a->who = val;
    else if (OPTVAL("--csv")) a->csv = val;
    else if (!strcmp(s, "--import")) a->import = true;
    else if (!strcmp(s, "--current")) a->current = true;
    else if (!strncmp(s, "--history=", 10)) { a->history = true; a->history_kr = s + 10; }
    else if (!strcmp(s, "--history")) {
      a->history = true;
      if (i + 1 < argc && argv[i + 1][0] != '-') a->history_kr = argv[++i];
    } else if (OPTVAL("--export")) {
      if (strcmp(val, "csv")) return usage("--export takes `csv`, not `%s`", val);
      a->export_fmt = val;
    } else if (OPTVAL("--color") || OPTVAL("--colour")) {
      if (!cli_color(val, &a->in.color)) return usage("unknown colour mode `%s` (auto, always or never)", val);
    } else if (!strcmp(s, "--no-prelude")) a->in.no_prelude = true;
    else return usage("unknown option `%s`", s);
#undef OPTVAL
  }
  int modes = (a->csv != NULL) + a->import + a->history + (a->export_fmt != NULL);
  if (modes > 1) return usage("%s", "give one of --csv, --import, --history and --export");
  if (a->history || a->export_fmt) {
    if (npos > 1) return usage("%s", "--history and --export read the store only");
    if (!npos && !a->in.store) return usage("%s", "--history and --export need a store: --store STORE, or the strategy file that names one");
    if (!a->in.store) a->in.file = pos[0];         /* only to find its `store` */
    return -1;
  }
  if (npos == 0) return usage("%s", "checkin needs a strategy file: bscc checkin FILE.bsc [--store STORE] KR VALUE");
  a->in.file = pos[0];
  if (a->csv || a->import) return npos == 1 ? -1 : usage("%s", "--csv and --import take the values from a file, not KR VALUE");
  if (npos != 3) return usage("%s", "checkin needs a key result and a value: bscc checkin FILE.bsc [--store STORE] KR VALUE");
  a->kr = pos[1];
  a->value = pos[2];
  return -1;
}

int checkin_main(int argc, char **argv) {
  Args a;
  memset(&a, 0, sizeof a);
  a.in.color = -1;
  a.in.store_unread = true;                /* written (or listed), never read as actuals */
  int status = parse(&a, argc, argv);
  bool reading = a.history || a.export_fmt;
  if (status < 0 && reading && a.in.store) status = read_store(&a, a.in.store);
  if (status >= 0) { score_close(&a.in); return status; }
  status = score_open(&a.in, "checkin");
  if (status < 0 && !a.in.store_used)
    status = usage("%s", "checkin needs a store: --store FILE.db, --store postgresql://..., or `store \"...\"` in the strategy");
  if (status < 0 && reading) status = read_store(&a, a.in.store_used);
  else if (status < 0) status = a.csv ? record_batch(&a) : a.import ? import_blocks(&a) : record_one(&a);
  score_close(&a.in);
  return status;
}
