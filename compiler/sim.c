/*
 * sim.c - `bscc sim`: Monte Carlo simulation of OKR portfolios
 * (docs/simulation.md sections 4-7).
 *
 * The driver: which portfolios to evaluate (the defaults, a CSV batch,
 * every subset within a budget, or a search beyond 20 initiatives), the
 * engine (interpreter or libgccjit code), threads over chunks of
 * portfolios, the statistics of each portfolio, the sensitivity ranking,
 * and the table / JSON / CSV output.
 *
 * Reproducibility: a portfolio's numbers depend only on the model, the
 * seed and the sample count.  Threads take whole chunks of portfolios,
 * every sample's inputs are a pure function of (seed, input, sample), and
 * each portfolio's statistics are computed from its own samples in sample
 * order, so the thread count changes nothing.
 */
#include "sim.h"
#include "cli.h"
#include "csvio.h"
#include "jit.h"
#include "numfmt.h"
#include "sema.h"
#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { EXIT_OK = 0, EXIT_ERRORS = 1, EXIT_USAGE = 2 };
enum { MAX_EXHAUSTIVE = 20, SAMPLE_BLOCK = 128 };

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* ---- running portfolios ---------------------------------------------------- */

typedef struct Job {
  const SimModel *m;
  SimBlockFn fn;
  const unsigned char *funded;
  int nport, chunk;
  const SimConfig *c;
  const uint64_t *keys;
  SimResult *out;
  atomic_int next;           /* next chunk to take */
  atomic_int done;           /* portfolios finished */
} Job;


/* The k-th smallest of a[0..n) (Hoare's selection, median-of-three
 * pivot); reorders a.  Linear on average, where sorting every portfolio's
 * samples would cost n log n. */
static double select_kth(double *a, int n, int k) {
  int lo = 0, hi = n - 1;
  while (lo < hi) {
    int mid = lo + (hi - lo) / 2;
    double x = a[lo], y = a[mid], z = a[hi];
    double pivot = x < y ? (y < z ? y : x < z ? z : x) : (x < z ? x : y < z ? z : y);
    int i = lo, j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) { double t = a[i]; a[i] = a[j]; a[j] = t; i++; j--; }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}

/* The order statistic at index floor(q (n - 1) + 0.5) (docs/simulation.md §4);
 * q is 0.05, 0.5 or 0.95 and n a sample count, so the index fits an int. */
static double order_stat(double *a, int n, double q) {
  int i = (int)floor(q * (double)(n - 1) + 0.5);
  return select_kth(a, n, i < 0 ? 0 : i >= n ? n - 1 : i);
}

/* What a portfolio costs: its funded initiatives, in file order. */
static double port_cost(const SimModel *m, const unsigned char *f) {
  double c = 0.0;
  for (int i = 0; i < m->ninits; i++) if (f[i]) c = c + m->inits[i].cost;
  return c;
}

/* One chunk of portfolios: all their samples, block by block. */
static void run_chunk(Job *J, int first, int count, double *scores, double *blk, uint32_t *green) {
  const SimModel *m = J->m;
  int N = J->c->samples;
  memset(green, 0, sizeof(uint32_t) * (size_t)count * (size_t)m->nobjs);
  for (int n0 = 0; n0 < N; n0 += SAMPLE_BLOCK) {
    int ns = N - n0 < SAMPLE_BLOCK ? N - n0 : SAMPLE_BLOCK;
    J->fn(m, J->funded + (size_t)first * m->ninits, count, (uint64_t)n0, ns, J->keys, blk, green);
    for (int p = 0; p < count; p++)
      memcpy(scores + (size_t)p * N + n0, blk + (size_t)p * ns, sizeof(double) * (size_t)ns);
  }
  for (int p = 0; p < count; p++) {
    SimResult *r = &J->out[first + p];
    double *s = scores + (size_t)p * N;
    double sum = 0.0;
    for (int j = 0; j < N; j++) sum = sum + s[j];
    r->mean = sum / (double)N;
    r->p5 = order_stat(s, N, 0.05);
    r->p50 = order_stat(s, N, 0.50);
    r->p95 = order_stat(s, N, 0.95);
    for (int o = 0; o < m->nobjs; o++)
      r->p_green[o] = (double)green[(size_t)p * m->nobjs + o] / (double)N;
    r->cost = port_cost(m, J->funded + (size_t)(first + p) * m->ninits);
  }
}

static void *worker(void *arg) {
  Job *J = arg;
  const SimModel *m = J->m;
  int N = J->c->samples;
  double *scores = bsc_malloc(sizeof(double) * (size_t)J->chunk * (size_t)N);
  double *blk = bsc_malloc(sizeof(double) * (size_t)J->chunk * SAMPLE_BLOCK);
  uint32_t *green = bsc_malloc(sizeof(uint32_t) * ((size_t)J->chunk * (size_t)m->nobjs + 1));
  for (;;) {
    int ci = atomic_fetch_add(&J->next, 1);
    int first = ci * J->chunk;
    if (first >= J->nport) break;
    int count = J->nport - first < J->chunk ? J->nport - first : J->chunk;
    run_chunk(J, first, count, scores, blk, green);
    atomic_fetch_add(&J->done, count);
  }
  free(scores);
  free(blk);
  free(green);
  return NULL;
}

static int ncores(void) {
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n < 1 ? 1 : n > 256 ? 256 : (int)n;
}

/* 0 <= done <= total: the conversions below are in 0..100. */
static void progress_bar(int done, int total) {
  int w = 30, f = total ? (int)((double)done / total * w) : w;
  fprintf(stderr, "\r[");
  for (int i = 0; i < w; i++) fputs(i < f ? "#" : " ", stderr);
  fprintf(stderr, "] %3d%% %d/%d portfolios", total ? (int)(100.0 * done / total) : 100, done, total);
  fflush(stderr);
}

void sim_run(const SimModel *m, SimBlockFn fn, const unsigned char *funded, int nport,
             const SimConfig *c, SimResult *out) {
  if (nport <= 0) return;
  uint64_t *keys = bsc_malloc(sizeof(uint64_t) * ((size_t)m->ninputs + 1));
  for (int i = 0; i < m->ninputs; i++) keys[i] = rt_stream_key(c->seed, m->inputs[i].stream);
  for (int p = 0; p < nport; p++) {
    memset(&out[p], 0, sizeof out[p]);
    out[p].p_green = bsc_calloc((size_t)m->nobjs + 1, sizeof(double));
  }
  Job J = { .m = m, .fn = fn, .funded = funded, .nport = nport, .c = c, .keys = keys, .out = out };
  /* chunks of up to 64 portfolios, smaller when samples are many (memory) */
  long per = 4000000L / (c->samples > 0 ? c->samples : 1);
  J.chunk = per < 1 ? 1 : per > 64 ? 64 : (int)per;
  int nchunks = (nport + J.chunk - 1) / J.chunk;
  int nt = c->threads > 0 ? c->threads : ncores();
  if (nt > nchunks) nt = nchunks;
  atomic_init(&J.next, 0);
  atomic_init(&J.done, 0);
  /* nt workers; with a progress bar the calling thread only watches (it
   * draws after a second, on a terminal), else it is one of the workers */
  pthread_t *th = bsc_malloc(sizeof(pthread_t) * (size_t)(nt + 1));
  int first = c->progress ? 0 : 1, started = 0;
  for (int t = first; t < nt; t++) {
    if (pthread_create(&th[started], NULL, worker, &J) != 0) break;
    started++;
  }
  if (!c->progress || started == 0) {
    worker(&J);
  } else {
    double t0 = now_s();
    bool shown = false;
    while (atomic_load(&J.done) < nport) {
      struct timespec ts = { 0, 100000000 };
      nanosleep(&ts, NULL);
      if (now_s() - t0 > 1.0) { progress_bar(atomic_load(&J.done), nport); shown = true; }
    }
    if (shown) { progress_bar(nport, nport); fputs("\n", stderr); }
  }
  for (int t = 0; t < started; t++) pthread_join(th[t], NULL);
  free(th);
  free(keys);
}

void sim_results_free(SimResult *r, int n) {
  for (int i = 0; i < n; i++) free(r[i].p_green);
}

/* ---- portfolios -------------------------------------------------------------- */

typedef struct Portfolio {
  char *name;
  unsigned char *funded;     /* [ninits] */
  Span span;                 /* its CSV row (unset when generated) */
} Portfolio;

typedef struct PortSet {
  Portfolio *items;
  int n, cap;
} PortSet;

static Portfolio *port_add(PortSet *s, const SimModel *m, char *name) {
  if (s->n == s->cap) {
    s->cap = s->cap ? s->cap * 2 : 16;
    s->items = bsc_realloc(s->items, sizeof(Portfolio) * (size_t)s->cap);
  }
  Portfolio *p = &s->items[s->n++];
  p->name = name;
  p->funded = bsc_calloc((size_t)m->ninits + 1, 1);
  return p;
}

static void ports_free(PortSet *s) {
  for (int i = 0; i < s->n; i++) { free(s->items[i].name); free(s->items[i].funded); }
  free(s->items);
}

/* "a + b + c", "(none)" */
static char *subset_name(const SimModel *m, const unsigned char *f) {
  Buf b;
  buf_init(&b);
  for (int i = 0; i < m->ninits; i++)
    if (f[i]) { if (b.len) buf_puts(&b, " + "); buf_puts(&b, m->inits[i].name); }
  if (!b.len) buf_puts(&b, "(none)");
  return buf_steal(&b);
}


/* Default: nothing, each initiative alone, everything. */
static void ports_default(PortSet *s, const SimModel *m) {
  port_add(s, m, bsc_strdup("(none)"));
  for (int i = 0; i < m->ninits; i++) {
    Portfolio *p = port_add(s, m, bsc_strdup(m->inits[i].name));
    p->funded[i] = 1;
  }
  if (m->ninits > 1) {
    Portfolio *p = port_add(s, m, bsc_strdup("(all)"));
    memset(p->funded, 1, (size_t)m->ninits);
  }
}

/* ---- the portfolio CSV: name,initiatives ------------------------------------- */

typedef struct PortRead {
  Program *p;
  const SimModel *m;
  PortSet *set;
  int errors;
  Map seen;                  /* interned portfolio name -> 1 + index in firsts */
  Span *firsts; int nfirsts, capfirsts;   /* the row that first gave each name */
  Portfolio scratch;         /* a row read after an error: checked, not kept */
  Span header;               /* the header row */
} PortRead;

static int init_index(const SimModel *m, const char *name, size_t n) {
  for (int i = 0; i < m->ninits; i++)
    if (strlen(m->inits[i].name) == n && !strncmp(m->inits[i].name, name, n)) return i;
  return -1;
}

/* Funds, in pf, the initiative named by bytes [s, s+n) of the initiatives
 * field f; ns is where it stands in the file. */
static void fund(PortRead *c, Portfolio *pf, const char *s, size_t n, Span ns) {
  int ii = init_index(c->m, s, n);
  if (ii >= 0 && !pf->funded[ii]) { pf->funded[ii] = 1; return; }
  c->errors++;
  CsvShown si, sp;
  csvio_shown(s, n, &si);
  csvio_shown(pf->name, strlen(pf->name), &sp);
  if (ii >= 0) {
    Diag *d = diag_report(c->p->de, E092, ns, "initiative `%s` is listed twice in portfolio `%s`", si.s, sp.s);
    diag_label(d, "listed twice");
    return;
  }
  Diag *d = diag_report(c->p->de, E092, ns, "unknown initiative `%s` in portfolio `%s`", si.s, sp.s);
  diag_label(d, "not an initiative of this strategy");
  char *nm = bsc_malloc(n + 1);
  memcpy(nm, s, n);
  nm[n] = 0;
  Closest near = closest_init(nm, 2);
  for (int i = 0; i < c->m->ninits; i++) closest_try(&near, c->m->inits[i].name);
  if (near.best) diag_help(d, "did you mean `%s`?", near.best);
  free(nm);
}

static bool port_row(void *ctx, const CsvRow *r) {
  PortRead *c = ctx;
  Span sp = r->span;
  if (r->index == 0) {
    c->header = sp;
    if (r->nfields < 2 || strcmp(r->f[0].text, "name") || strcmp(r->f[1].text, "initiatives")) {
      Diag *d = diag_report(c->p->de, E092, sp, "the header of a portfolio file must be `name,initiatives`");
      diag_label(d, "not the expected header");
      diag_help(d, "write `name,initiatives` as the first line, then one portfolio per row: `cautious,feedback_loop;elderly_mode`");
      c->errors++;
    }
    return true;
  }
  if (r->nfields != 2) {
    Diag *d = diag_report(c->p->de, E092, sp, "a portfolio row needs 2 fields, found %d", r->nfields);
    diag_label(d, "expected `name,initiatives`");
    diag_help(d, "separate initiatives with `;`, not `,`, or quote the field");
    c->errors++;
    return true;
  }
  const char *name = r->f[0].text;
  const char *key = intern(c->p->in, name, strlen(name));
  intptr_t prev = (intptr_t)map_get(&c->seen, key);
  if (prev) {
    CsvShown sn;
    Diag *d = diag_report(c->p->de, E092, sp, "portfolio `%s` is given twice", csvio_shown(name, r->f[0].len, &sn));
    diag_label(d, "second `%s`", sn.s);
    diag_note(d, c->firsts[prev - 1], "first given here");
    c->errors++;
    return true;
  }
  if (c->nfirsts == c->capfirsts) {
    c->capfirsts = c->capfirsts ? c->capfirsts * 2 : 16;
    c->firsts = bsc_realloc(c->firsts, sizeof *c->firsts * (size_t)c->capfirsts);
  }
  c->firsts[c->nfirsts++] = sp;
  map_put(&c->seen, key, (void *)(intptr_t)c->nfirsts);
  /* once the file has an error nothing is simulated: a row is still
   * checked, in a scratch portfolio, but not kept (a million bad rows
   * keep only their names, to find one given twice) */
  Portfolio *pf = &c->scratch;
  if (!c->errors) pf = port_add(c->set, c->m, bsc_strdup(name));
  else { pf->name = (char *)name; memset(pf->funded, 0, (size_t)c->m->ninits); }
  pf->span = sp;
  /* the initiatives, separated by `;` */
  const CsvField *f = &r->f[1];
  const char *text = diag_source(c->p->de, sp.file)->text;
  const char *from = text + f->span.off;      /* where the next name is looked for */
  for (const char *s = f->text; *s;) {
    while (*s == ' ' || *s == ';') s++;
    const char *e = s;
    while (*e && *e != ';') e++;
    size_t n = (size_t)(e - s);
    while (n > 0 && s[n - 1] == ' ') n--;
    if (n > 0) {
      /* point at the name in the field when it is there as written (not
       * behind a doubled quote), past the names before it */
      Span ns = f->span;
      const char *hit = NULL;
      for (const char *q = from; q + n <= text + f->span.end && !hit; q++)
        if (!memcmp(q, s, n)) hit = q;
      if (hit) { ns.off = (uint32_t)(hit - text); ns.end = ns.off + (uint32_t)n; from = hit + n; }
      fund(c, pf, s, n, ns);
    }
    s = e;
  }
  return true;
}

/* Reads a portfolio CSV; problems go to the diagnostics engine.  Returns
 * false when the file cannot be read. */
static bool ports_csv(Program *p, const SimModel *m, PortSet *set, const char *path, int *errors, FileErr *e) {
  size_t len;
  char *text = file_read(path, FILE_MAX_TEXT, &len, e);
  if (!text) return false;
  int file = diag_add_source(p->de, path, text, len, false);
  PortRead c = { .p = p, .m = m, .set = set };
  c.scratch.funded = bsc_calloc((size_t)m->ninits + 1, 1);
  int rows = csvio_read(p->de, file, E092, "portfolio file", port_row, &c);
  if (rows < 0) c.errors++;
  if (rows == 0) {
    Diag *d = diag_report(p->de, E092, (Span){file, 0, 0}, "the portfolio file is empty");
    diag_label(d, "no header");
    diag_help(d, "a portfolio file starts with the header `name,initiatives`, then one portfolio per row");
    c.errors++;
  }
  /* a header alone would simulate nothing and say nothing (a good header:
   * a bad one is an error already) */
  if (rows == 1 && !c.errors) {
    Diag *d = diag_report(p->de, E092, c.header, "the portfolio file has a header but no portfolio");
    diag_label(d, "only this header");
    diag_help(d, "add one portfolio per row after the header, e.g. `cautious,feedback_loop;elderly_mode`");
    c.errors++;
  }
  map_free(&c.seen);
  free(c.firsts);
  free(c.scratch.funded);
  *errors += c.errors;
  return true;
}

/* ---- budget: every subset, or a search ------------------------------------- */

static void ports_subsets(PortSet *s, const SimModel *m, double budget) {
  int n = m->ninits;
  unsigned char *f = bsc_calloc((size_t)n + 1, 1);
  for (uint32_t mask = 0; mask < (1u << n); mask++) {
    for (int i = 0; i < n; i++) f[i] = (mask >> i) & 1;
    if (port_cost(m, f) > budget) continue;
    Portfolio *p = port_add(s, m, subset_name(m, f));
    memcpy(p->funded, f, (size_t)n);
  }
  free(f);
}

/* The order of the report: higher mean, then lower cost, then fewer
 * initiatives, then name. */
typedef struct Ranked { const Portfolio *p; const SimResult *r; } Ranked;
static int count_funded(const SimModel *m, const unsigned char *f) {
  int n = 0;
  for (int i = 0; i < m->ninits; i++) n += f[i];
  return n;
}
static const SimModel *rank_model;
static int cmp_rank(const void *a, const void *b) {
  const Ranked *x = a, *y = b;
  if (x->r->mean != y->r->mean) return x->r->mean > y->r->mean ? -1 : 1;
  if (x->r->cost != y->r->cost) return x->r->cost < y->r->cost ? -1 : 1;
  int nx = count_funded(rank_model, x->p->funded), ny = count_funded(rank_model, y->p->funded);
  if (nx != ny) return nx - ny;
  return strcmp(x->p->name, y->p->name);
}

/* Evaluates the portfolios of `s` from index `from` on into res (grown to s->n). */
static SimResult *eval_new(const SimModel *m, SimBlockFn fn, PortSet *s, int from, SimResult *res,
                           const SimConfig *c) {
  res = bsc_realloc(res, sizeof(SimResult) * ((size_t)s->n + 1));
  int n = s->n - from;
  unsigned char *funded = bsc_malloc((size_t)n * (size_t)m->ninits + 1);
  for (int i = 0; i < n; i++) memcpy(funded + (size_t)i * m->ninits, s->items[from + i].funded, (size_t)m->ninits);
  sim_run(m, fn, funded, n, c, res + from);
  free(funded);
  return res;
}

static int find_subset(const PortSet *s, const SimModel *m, const unsigned char *f) {
  for (int i = 0; i < s->n; i++)
    if (!memcmp(s->items[i].funded, f, (size_t)m->ninits)) return i;
  return -1;
}

/* Beyond MAX_EXHAUSTIVE initiatives: greedy by marginal mean gain per
 * cost, then local improvement (add, drop or swap one initiative) while
 * the mean improves.  Every portfolio evaluated stays in the report. */
static SimResult *search(const SimModel *m, SimBlockFn fn, PortSet *s, double budget, const SimConfig *c) {
  int n = m->ninits;
  unsigned char *cur = bsc_calloc((size_t)n + 1, 1), *f = bsc_calloc((size_t)n + 1, 1);
  port_add(s, m, subset_name(m, cur));
  SimResult *res = eval_new(m, fn, s, 0, NULL, c);
  int cur_i = 0;
  /* greedy */
  for (;;) {
    int from = s->n;
    for (int i = 0; i < n; i++) {
      if (cur[i]) continue;
      memcpy(f, cur, (size_t)n);
      f[i] = 1;
      if (port_cost(m, f) > budget || find_subset(s, m, f) >= 0) continue;
      Portfolio *p = port_add(s, m, subset_name(m, f));
      memcpy(p->funded, f, (size_t)n);
    }
    if (s->n == from) break;
    res = eval_new(m, fn, s, from, res, c);
    int best = -1;
    double best_rate = 0.0;
    for (int j = from; j < s->n; j++) {
      double gain = res[j].mean - res[cur_i].mean;
      double dc = res[j].cost - res[cur_i].cost;
      double rate = dc > 0 ? gain / dc : gain > 0 ? INFINITY : 0;
      if (gain > 0 && (best < 0 || rate > best_rate)) { best = j; best_rate = rate; }
    }
    if (best < 0) break;
    cur_i = best;
    memcpy(cur, s->items[best].funded, (size_t)n);
  }
  /* local improvement */
  for (int iter = 0; iter < 100; iter++) {
    int from = s->n;
    for (int i = 0; i < n; i++) {
      for (int j = -1; j < n; j++) {
        memcpy(f, cur, (size_t)n);
        if (j < 0) f[i] = !f[i];                       /* add or drop i */
        else if (cur[i] && !cur[j]) { f[i] = 0; f[j] = 1; }   /* swap i out, j in */
        else continue;
        if (port_cost(m, f) > budget || find_subset(s, m, f) >= 0) continue;
        Portfolio *p = port_add(s, m, subset_name(m, f));
        memcpy(p->funded, f, (size_t)n);
      }
    }
    if (s->n == from) break;
    res = eval_new(m, fn, s, from, res, c);
    int best = cur_i;
    for (int j = from; j < s->n; j++)
      if (res[j].mean > res[best].mean) best = j;
    if (best == cur_i) break;
    cur_i = best;
    memcpy(cur, s->items[best].funded, (size_t)n);
  }
  free(cur);
  free(f);
  return res;
}

/* ---- sensitivity --------------------------------------------------------------- */

typedef struct Swing { int input; double low, high, swing; } Swing;

static int cmp_swing(const void *a, const void *b) {
  const Swing *x = a, *y = b;
  if (x->swing != y->swing) return x->swing > y->swing ? -1 : 1;
  return x->input - y->input;
}

/* One-at-a-time swings from the 10th to the 90th percentile, the other
 * inputs at their medians (docs/simulation.md §6). */
static Swing *tornado(const SimModel *m, const unsigned char *funded) {
  int n = m->ninputs;
  Swing *sw = bsc_calloc((size_t)n + 1, sizeof(Swing));
  double *x = bsc_malloc(sizeof(double) * ((size_t)n + 1));
  double *med = bsc_malloc(sizeof(double) * ((size_t)n + 1));
  double *work = bsc_malloc(sizeof(double) * interp_work_size(m));
  unsigned char *g = bsc_malloc((size_t)m->nobjs + 1);
  for (int i = 0; i < n; i++) med[i] = rt_dist_quantile(&m->inputs[i].dist, 0.5);
  for (int i = 0; i < n; i++) {
    memcpy(x, med, sizeof(double) * (size_t)n);
    x[i] = rt_dist_quantile(&m->inputs[i].dist, 0.1);
    sw[i].low = interp_eval(m, funded, x, work, g);
    x[i] = rt_dist_quantile(&m->inputs[i].dist, 0.9);
    sw[i].high = interp_eval(m, funded, x, work, g);
    sw[i].input = i;
    sw[i].swing = fabs(sw[i].high - sw[i].low);
  }
  qsort(sw, (size_t)n, sizeof(Swing), cmp_swing);
  free(x); free(med); free(work); free(g);
  return sw;
}

/* ---- output -------------------------------------------------------------------- */

typedef struct Report {
  const SimModel *m;
  const PortSet *ports;
  const SimResult *res;
  Ranked *ranked;            /* all portfolios, best first */
  int nranked;
  const SimResult *base;     /* the empty portfolio: "doing nothing" */
  double base_mean;          /* its mean */
  const char *decided;       /* the decision period, "2024-Q2" */
  bool any_data;             /* any actual at all */
  const char *method;        /* "default", "batch", "exhaustive", "search" */
  double budget;
  bool has_budget;
  const SimConfig *c;
  const char *engine;
  Swing *swings;
  int top;
  const char *file;
} Report;

static double gain_per_million(const Report *R, const SimResult *r) {
  if (r->cost <= 0.0) return 0.0;
  return (r->mean - R->base_mean) / r->cost * 1e6;
}

/* An amount: whole, grouped by thousands, scientific from 1e15 (numfmt).
 * A cost is a sum of finite costs: when the sum passes the largest double
 * it is not infinite, only too large to hold, and is shown as such. */
static void put_grouped(Buf *b, double v) {
  if (isinf(v)) buf_puts(b, "overflow");
  else numfmt_put(b, v, 0);
}

/* Gain per million: four decimals in a column of 7, scientific when that
 * would take more than 16 digits before the point. */
static void put_gain(Buf *b, double g) {
  if (isfinite(g) && fabs(g) < NUMFMT_SCI_FROM) { buf_printf(b, "%7.4f", g); return; }
  Buf t;
  buf_init(&t);
  numfmt_put(&t, g, 4);
  buf_printf(b, "%7s", t.data);
  buf_free(&t);
}

static void pad_to(Buf *b, const char *s, int w, bool right) {
  int sw = utf8_width(s, strlen(s), 1);
  if (right) for (int i = sw; i < w; i++) buf_putc(b, ' ');
  buf_puts(b, s);
  if (!right) for (int i = sw; i < w; i++) buf_putc(b, ' ');
}

static void render_table(const Report *R, Buf *b) {
  const SimModel *m = R->m;
  int shown = R->nranked < R->top ? R->nranked : R->top;
  buf_printf(b, "%s: %d sample%s x %d portfolio%s, seed %llu, engine %s\n", R->file, R->c->samples,
             R->c->samples == 1 ? "" : "s", R->nranked, R->nranked == 1 ? "" : "s",
             (unsigned long long)R->c->seed, R->engine);
  if (!strcmp(R->method, "exhaustive")) {
    buf_printf(b, "every subset of %d initiatives within the budget of ", m->ninits);
    put_grouped(b, R->budget);
    buf_printf(b, " %s\n", m->currency ? m->currency : "");
  } else if (!strcmp(R->method, "search")) {
    buf_printf(b, "search over %d initiatives within the budget of ", m->ninits);
    put_grouped(b, R->budget);
    buf_printf(b, " %s: greedy by gain per cost, then local improvement;\n"
                  "the best portfolios found, not a proof of the best\n", m->currency ? m->currency : "");
  }
  buf_printf(b, "baseline: doing nothing, decided at %s%s, %5.3f%s\n", R->decided,
             !R->any_data ? " (no actuals yet)" : m->decided_default ? " (the latest period with data)" : "",
             R->base->mean,
             m->hold ? " (KRs without a forecast held at their last value)" : "");
  if (m->nplanned > 0)
    buf_printf(b, "          %d key result%s without a forecast follow%s the plan to %s target "
                  "(--hold-unforecast keeps the last value)\n", m->nplanned, m->nplanned == 1 ? "" : "s",
               m->nplanned == 1 ? "s" : "", m->nplanned == 1 ? "its" : "their");
  buf_puts(b, "\n");
  /* column widths */
  int wn = 9;
  for (int i = 0; i < shown; i++) {
    int w = utf8_width(R->ranked[i].p->name, strlen(R->ranked[i].p->name), 1);
    if (w > wn) wn = w;
  }
  if (wn > 48) wn = 48;
  char costh[32];
  snprintf(costh, sizeof costh, "cost%s%s%s", m->currency ? " (" : "", m->currency ? m->currency : "", m->currency ? ")" : "");
  buf_puts(b, "rank  ");
  pad_to(b, "portfolio", wn, false);
  buf_puts(b, "  ");
  pad_to(b, costh, 14, true);
  buf_puts(b, "   mean     p5    p50    p95  gain/1M\n");
  for (int i = 0; i < shown; i++) {
    const Ranked *k = &R->ranked[i];
    buf_printf(b, "%4d  ", i + 1);
    char *nm = bsc_strdup(k->p->name);
    if (utf8_width(nm, strlen(nm), 1) > wn) {
      /* cut at a character boundary, with an ellipsis */
      size_t cut = 0;
      int w = 0;
      while (nm[cut]) {
        uint32_t cp;
        int l = utf8_decode(nm + cut, strlen(nm + cut), &cp);
        if (l <= 0) l = 1;
        int cw = utf8_cp_width(cp);
        if (w + cw > wn - 1) break;
        w += cw;
        cut += (size_t)l;
      }
      nm[cut] = 0;
      Buf t;
      buf_init(&t);
      buf_puts(&t, nm);
      buf_puts(&t, "…");
      free(nm);
      nm = buf_steal(&t);
    }
    pad_to(b, nm, wn, false);
    free(nm);
    buf_puts(b, "  ");
    Buf cb;
    buf_init(&cb);
    put_grouped(&cb, k->r->cost);
    pad_to(b, cb.data, 14, true);
    buf_free(&cb);
    buf_printf(b, "  %5.3f  %5.3f  %5.3f  %5.3f  ", k->r->mean, k->r->p5, k->r->p50, k->r->p95);
    put_gain(b, gain_per_million(R, k->r));
    buf_putc(b, '\n');
  }
  if (R->nranked > shown) buf_printf(b, "      (%d more; --top N shows more)\n", R->nranked - shown);
  if (R->nranked == 0) return;
  const Ranked *best = &R->ranked[0];
  buf_printf(b, "\nbest: %s\nchance of green by objective:\n", best->p->name);
  int wo = 0;
  for (int o = 0; o < m->nobjs; o++) {
    int w = utf8_width(m->objs[o].name, strlen(m->objs[o].name), 1);
    if (w > wo) wo = w;
  }
  for (int o = 0; o < m->nobjs; o++) {
    if (m->objs[o].empty) continue;
    buf_puts(b, "  ");
    pad_to(b, m->objs[o].name, wo, false);
    double pg = best->r->p_green[o];
    buf_printf(b, "  %5.1f%%  ", pg * 100.0);
    int bars = score_cells(pg, 20);
    for (int i = 0; i < bars; i++) buf_puts(b, "█");
    buf_puts(b, "\n");
  }
  if (R->swings && m->ninputs > 0) {
    buf_printf(b, "\nsensitivity of the scorecard to each uncertain input (10th -> 90th percentile,\nothers at their median), for `%s`:\n", best->p->name);
    int wi = 0, ns = m->ninputs < 10 ? m->ninputs : 10;
    for (int i = 0; i < ns; i++) {
      const char *nm = m->inputs[R->swings[i].input].name;
      int w = utf8_width(nm, strlen(nm), 1);
      if (w > wi) wi = w;
    }
    double maxs = R->swings[0].swing > 0 ? R->swings[0].swing : 1.0;
    for (int i = 0; i < ns; i++) {
      const Swing *s = &R->swings[i];
      buf_puts(b, "  ");
      pad_to(b, m->inputs[s->input].name, wi, false);
      buf_printf(b, "  %5.3f -> %5.3f  swing %5.3f  ", s->low, s->high, s->swing);
      int bars = score_cells(s->swing / maxs, 20);
      for (int j = 0; j < bars; j++) buf_puts(b, "█");
      buf_puts(b, "\n");
    }
  }
}

static json_t *jnum(double v) { return isfinite(v) ? json_real(v) : json_null(); }

static void render_json(const Report *R, Buf *b) {
  const SimModel *m = R->m;
  json_t *root = json_object();
  json_object_set_new(root, "version", json_integer(2));
  json_object_set_new(root, "file", diag_json_str(R->file));
  json_object_set_new(root, "samples", json_integer(R->c->samples));
  json_object_set_new(root, "seed", json_integer((json_int_t)R->c->seed));
  json_object_set_new(root, "method", json_string(R->method));
  json_object_set_new(root, "currency", m->currency ? json_string(m->currency) : json_null());
  json_object_set_new(root, "budget", R->has_budget ? jnum(R->budget) : json_null());
  /* "doing nothing" from the decision period (docs/simulation.md §9) */
  json_t *dec = json_object();
  json_object_set_new(dec, "period", json_string(R->decided));
  json_object_set_new(dec, "index", json_integer(m->decided));
  json_object_set_new(dec, "default", json_boolean(m->decided_default));
  json_object_set_new(root, "decision", dec);
  json_object_set_new(root, "unforecast", json_string(m->hold ? "hold" : "plan"));
  json_object_set_new(root, "planned", json_integer(m->nplanned));
  json_t *bl = json_object();
  json_object_set_new(bl, "mean", jnum(R->base->mean));
  json_object_set_new(bl, "p5", jnum(R->base->p5));
  json_object_set_new(bl, "p50", jnum(R->base->p50));
  json_object_set_new(bl, "p95", jnum(R->base->p95));
  json_t *bg = json_object();
  for (int j = 0; j < m->nobjs; j++)
    if (!m->objs[j].empty) json_object_set_new(bg, m->objs[j].name, jnum(R->base->p_green[j]));
  json_object_set_new(bl, "p_green", bg);
  json_object_set_new(root, "baseline", bl);
  json_t *ports = json_array();
  for (int i = 0; i < R->nranked; i++) {
    const Ranked *k = &R->ranked[i];
    json_t *o = json_object();
    json_object_set_new(o, "rank", json_integer(i + 1));
    json_object_set_new(o, "name", diag_json_str(k->p->name));
    json_t *inits = json_array();
    for (int j = 0; j < m->ninits; j++)
      if (k->p->funded[j]) json_array_append_new(inits, json_string(m->inits[j].name));
    json_object_set_new(o, "initiatives", inits);
    json_object_set_new(o, "cost", jnum(k->r->cost));
    json_object_set_new(o, "mean", jnum(k->r->mean));
    json_object_set_new(o, "p5", jnum(k->r->p5));
    json_object_set_new(o, "p50", jnum(k->r->p50));
    json_object_set_new(o, "p95", jnum(k->r->p95));
    json_object_set_new(o, "gain_per_million", jnum(gain_per_million(R, k->r)));
    json_t *pg = json_object();
    for (int j = 0; j < m->nobjs; j++)
      if (!m->objs[j].empty) json_object_set_new(pg, m->objs[j].name, jnum(k->r->p_green[j]));
    json_object_set_new(o, "p_green", pg);
    json_array_append_new(ports, o);
  }
  json_object_set_new(root, "portfolios", ports);
  if (R->swings && R->nranked > 0) {
    json_t *sens = json_object();
    json_object_set_new(sens, "portfolio", diag_json_str(R->ranked[0].p->name));
    json_t *arr = json_array();
    for (int i = 0; i < m->ninputs; i++) {
      const Swing *s = &R->swings[i];
      json_t *o = json_object();
      json_object_set_new(o, "input", json_string(m->inputs[s->input].name));
      json_object_set_new(o, "low", jnum(s->low));
      json_object_set_new(o, "high", jnum(s->high));
      json_object_set_new(o, "swing", jnum(s->swing));
      json_array_append_new(arr, o);
    }
    json_object_set_new(sens, "inputs", arr);
    json_object_set_new(root, "sensitivity", sens);
  }
  char *s = json_dumps(root, JSON_INDENT(2) | JSON_REAL_PRECISION(17));
  buf_puts(b, s);
  buf_puts(b, "\n");
  free(s);
  json_decref(root);
}

static void render_csv(const Report *R, Buf *b) {
  const SimModel *m = R->m;
  buf_puts(b, "rank,name,initiatives,cost,mean,p5,p50,p95,gain_per_million,decided_at,baseline_mean\n");
  for (int i = 0; i < R->nranked; i++) {
    const Ranked *k = &R->ranked[i];
    buf_printf(b, "%d,", i + 1);
    csvio_put_field(b, k->p->name);
    buf_putc(b, ',');
    Buf in;
    buf_init(&in);
    for (int j = 0; j < m->ninits; j++)
      if (k->p->funded[j]) { if (in.len) buf_putc(&in, ';'); buf_puts(&in, m->inits[j].name); }
    csvio_put_field(b, in.data ? in.data : "");
    buf_free(&in);
    double num[] = {k->r->cost, k->r->mean, k->r->p5, k->r->p50, k->r->p95, gain_per_million(R, k->r)};
    for (size_t j = 0; j < sizeof num / sizeof *num; j++) {
      buf_putc(b, ',');
      csvio_put_num(b, num[j]);
    }
    buf_putc(b, ',');
    csvio_put_field(b, R->decided);
    buf_putc(b, ',');
    csvio_put_num(b, R->base->mean);
    buf_putc(b, '\n');
  }
}

/* One row of the plan table (simir.h): T doubles or ints. */
static json_t *plan_row(const double *d, const int *n, const unsigned char *b, int T) {
  json_t *a = json_array();
  for (int t = 0; t < T; t++)
    json_array_append_new(a, d ? jnum(d[t]) : n ? json_integer(n[t]) : json_boolean(b[t]));
  return a;
}

/* The lowered model as JSON (`--dump-model`): for debugging a model, and
 * for tools that want the exact numbers the evaluators use. */
static void dump_model(const SimModel *m, FILE *out) {
  json_t *root = json_object();
  json_object_set_new(root, "periods", json_integer(m->T));
  json_object_set_new(root, "decided", json_integer(m->decided));
  json_object_set_new(root, "hold_unforecast", json_boolean(m->hold));
  json_object_set_new(root, "green", jnum(m->green));
  json_t *a = json_array();
  static const char *kinds[] = {"const", "normal", "lognormal", "uniform", "triangular", "pert", "beta", "bernoulli"};
  for (int i = 0; i < m->ninputs; i++) {
    const SimInput *in = &m->inputs[i];
    json_t *o = json_object();
    json_object_set_new(o, "name", json_string(in->name));
    json_object_set_new(o, "dist", json_string(kinds[in->dist.kind]));
    json_t *ps = json_array();
    for (int j = 0; j < 3; j++) json_array_append_new(ps, jnum(in->dist.p[j]));
    json_object_set_new(o, "params", ps);
    json_array_append_new(a, o);
  }
  json_object_set_new(root, "inputs", a);
  static const char *sk[] = {"none", "linear", ">=", ">", "<=", "<", "milestone"};
  a = json_array();
  for (int i = 0; i < m->nmeas; i++) {
    const SimMeasure *k = &m->meas[i];
    json_t *o = json_object();
    json_object_set_new(o, "name", json_string(k->name ? k->name : "?"));
    json_object_set_new(o, "score", json_string(sk[k->kind]));
    json_object_set_new(o, "base", k->has_base ? jnum(k->base) : json_null());
    json_object_set_new(o, "x", jnum(k->x));
    json_object_set_new(o, "span", jnum(k->span));
    json_object_set_new(o, "due", json_integer(k->due));
    json_object_set_new(o, "input", json_integer(k->input));
    json_object_set_new(o, "outcome", jnum(k->outcome));
    json_object_set_new(o, "formula", json_integer(k->formula));
    json_object_set_new(o, "weight", jnum(k->weight));
    /* the path (simir.h): the line from (start, from), the fixed periods */
    json_object_set_new(o, "ramp", json_boolean(k->ramp));
    json_object_set_new(o, "from", jnum(k->from));
    json_object_set_new(o, "start", json_integer(k->start));
    json_t *fx = json_array();
    for (int j = 0; j < k->nfix; j++) json_array_append_new(fx, jnum(m->fixed[k->fix_first + j]));
    json_object_set_new(o, "fixed", fx);
    size_t row = (size_t)i * (size_t)m->T;
    json_object_set_new(o, "path", plan_row(m->path + row, NULL, NULL, m->T));
    json_object_set_new(o, "src", plan_row(NULL, m->src + row, NULL, m->T));
    json_object_set_new(o, "plan", plan_row(m->mplan + row, NULL, NULL, m->T));
    json_t *ef = json_array();
    for (int j = k->eff_first; j < k->eff_first + k->eff_count; j++) {
      const SimEffect *e = &m->effs[j];
      json_t *eo = json_object();
      json_object_set_new(eo, "initiative", json_string(m->inits[e->init].name));
      json_object_set_new(eo, "input", json_integer(e->input));
      json_object_set_new(eo, "value", jnum(e->value));
      json_object_set_new(eo, "relative", json_boolean(e->relative));
      json_object_set_new(eo, "lag", json_integer(e->lag));
      json_object_set_new(eo, "at", json_integer(e->at));
      json_array_append_new(ef, eo);
    }
    json_object_set_new(o, "effects", ef);
    json_array_append_new(a, o);
  }
  json_object_set_new(root, "measures", a);
  a = json_array();
  for (int i = 0; i < m->nobjs; i++) {
    const SimObj *ob = &m->objs[i];
    json_t *o = json_object();
    json_object_set_new(o, "name", json_string(ob->name));
    json_t *krs = json_array();
    for (int j = ob->kr_first; j < ob->kr_first + ob->kr_count; j++) json_array_append_new(krs, json_integer(m->kr_list[j]));
    json_object_set_new(o, "krs", krs);
    json_t *ch = json_array();
    for (int j = ob->child_first; j < ob->child_first + ob->child_count; j++) json_array_append_new(ch, json_integer(m->child_list[j]));
    json_object_set_new(o, "children", ch);
    json_t *ls = json_array();
    for (int j = ob->link_first; j < ob->link_first + ob->link_count; j++) {
      json_t *lo = json_object();
      json_object_set_new(lo, "src", json_integer(m->links[j].src));
      json_object_set_new(lo, "strength", jnum(m->links[j].strength));
      json_object_set_new(lo, "lag", json_integer(m->links[j].lag));
      json_array_append_new(ls, lo);
    }
    json_object_set_new(o, "links_in", ls);
    json_object_set_new(o, "weight", jnum(ob->weight));
    json_object_set_new(o, "committed", json_boolean(ob->committed));
    json_object_set_new(o, "empty", json_boolean(ob->empty));
    json_object_set_new(o, "top", json_boolean(ob->top));
    size_t row = (size_t)i * (size_t)m->T;
    json_object_set_new(o, "has", plan_row(NULL, NULL, m->ohas + row, m->T));
    json_object_set_new(o, "plan", plan_row(m->oplan + row, NULL, NULL, m->T));
    json_object_set_new(o, "green_at", jnum(ob->green_at));
    json_array_append_new(a, o);
  }
  json_object_set_new(root, "objectives", a);
  a = json_array();
  for (int i = 0; i < m->nobjs; i++) json_array_append_new(a, json_integer(m->obj_order[i]));
  json_object_set_new(root, "objective_order", a);
  a = json_array();
  for (int i = 0; i < m->nmeas; i++) json_array_append_new(a, json_integer(m->meas_order[i]));
  json_object_set_new(root, "measure_order", a);
  a = json_array();
  for (int i = 0; i < m->npersps; i++) {
    const SimPersp *ps = &m->persps[i];
    json_t *o = json_object();
    json_object_set_new(o, "name", json_string(ps->name));
    json_object_set_new(o, "weight", jnum(ps->weight));
    json_t *ob = json_array();
    for (int j = ps->obj_first; j < ps->obj_first + ps->obj_count; j++) json_array_append_new(ob, json_integer(m->persp_objs[j]));
    json_object_set_new(o, "objectives", ob);
    json_array_append_new(a, o);
  }
  json_object_set_new(root, "perspectives", a);
  a = json_array();
  for (int i = 0; i < m->ninits; i++) {
    json_t *o = json_object();
    json_object_set_new(o, "name", json_string(m->inits[i].name));
    json_object_set_new(o, "cost", jnum(m->inits[i].cost));
    json_array_append_new(a, o);
  }
  json_object_set_new(root, "initiatives", a);
  json_t *f = json_array();
  for (int i = 0; i < m->nforms; i++) {
    json_t *ops = json_array();
    static const char *on[] = {"const", "load", "scale", "add", "sub", "mul", "div", "neg", "abs", "min", "max", "avg"};
    for (int j = m->forms[i].first; j < m->forms[i].first + m->forms[i].count; j++) {
      json_t *op = json_array();
      json_array_append_new(op, json_string(on[m->ops[j].op]));
      json_array_append_new(op, json_integer(m->ops[j].n));
      json_array_append_new(op, jnum(m->ops[j].c));
      json_array_append_new(ops, op);
    }
    json_array_append_new(f, ops);
  }
  json_object_set_new(root, "formulas", f);
  json_dumpf(root, out, JSON_INDENT(1) | JSON_REAL_PRECISION(17));
  fputc('\n', out);
  json_decref(root);
}

/* ---- the command ----------------------------------------------------------------- */

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
  "  --data FILE.csv, --as-of PERIOD   actuals, as for `bscc score`; the decision period\n"
  "                          (default: the latest period with data): actuals up to it are fixed,\n"
  "                          effects' lags count from it\n"
  "  --max-errors N          errors shown at most (default 100, 0: all), as for `bscc check`\n"
  "  --hold-unforecast       a KR without a forecast keeps its last value (default: its plan)\n"
  "  --no-cache              do not use the compiled-code cache\n"
  "  --verbose               timings on stderr\n"
  "  --dump-model            print the lowered model as JSON and stop\n";

static int sim_usage_error(const char *fmt, const char *arg) {
  return cli_usage("bscc sim", "Try `bscc sim --help`.", fmt, arg);
}

/* A number, with an optional k / M / B suffix and `_` separators. */
static bool parse_amount(const char *s, double *out) {
  char buf[64];
  size_t n = 0;
  for (; *s && n < sizeof buf - 1; s++) if (*s != '_' && *s != ',') buf[n++] = *s;
  buf[n] = 0;
  char *end;
  double v = strtod(buf, &end);
  if (end == buf) return false;
  if (*end == 'k' || *end == 'K') { v *= 1e3; end++; }
  else if (*end == 'M' || *end == 'm') { v *= 1e6; end++; }
  else if (*end == 'B' || *end == 'b') { v *= 1e9; end++; }
  if (*end || !isfinite(v) || v < 0) return false;
  *out = v;
  return true;
}

int sim_main(int argc, char **argv) {
  ScoreInput in;
  memset(&in, 0, sizeof in);
  in.color = -1;
  in.data = bsc_calloc((size_t)argc + 1, sizeof(char *));
  SimConfig cfg = { .seed = 1, .samples = 1000, .threads = 0 };
  SimEngineKind engine = ENGINE_AUTO;
  enum { OUT_TABLE, OUT_JSON, OUT_CSV } fmt = OUT_TABLE;
  const char *ports_file = NULL;
  double budget = 0;
  bool has_budget = false, no_cache = false, verbose = false, dump = false;
  SimLowerOptions lopt = {0};
  int top = 10, status = EXIT_OK;
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i], *val = NULL;
    bool handled = false;
    int r = score_common_opt(&in, "sim", argc, argv, &i, &handled);
    if (r >= 0) { status = r; goto out; }
    if (handled) continue;
#define OPTVAL(name) cli_opt(name, argc, argv, &i, &val)
    if (!strcmp(a, "--help") || !strcmp(a, "-h")) { fputs(sim_usage, stdout); goto out; }
    else if (OPTVAL("--portfolios")) ports_file = val;
    else if (OPTVAL("--budget")) {
      if (!parse_amount(val, &budget)) { status = sim_usage_error("--budget needs an amount such as 3000000 or 3M, not `%s`", val); goto out; }
      has_budget = true;
    } else if (OPTVAL("--samples")) {
      long v;
      if (!cli_long(val, 1, 100000000, &v)) { status = sim_usage_error("--samples needs a number from 1 to 100000000, not `%s`", val); goto out; }
      cfg.samples = (int)v;
    } else if (OPTVAL("--seed")) {
      char *end;
      errno = 0;
      unsigned long long v = strtoull(val, &end, 0);
      if (*end || errno || val[0] == '-') { status = sim_usage_error("--seed needs a non-negative integer, not `%s`", val); goto out; }
      cfg.seed = v;
    } else if (OPTVAL("--threads")) {
      long v;
      if (!cli_long(val, 1, 1024, &v)) { status = sim_usage_error("--threads needs a number from 1 to 1024, not `%s`", val); goto out; }
      cfg.threads = (int)v;
    } else if (OPTVAL("--engine")) {
      if (!strcmp(val, "auto")) engine = ENGINE_AUTO;
      else if (!strcmp(val, "jit")) engine = ENGINE_JIT;
      else if (!strcmp(val, "interp")) engine = ENGINE_INTERP;
      else { status = sim_usage_error("unknown engine `%s` (auto, jit or interp)", val); goto out; }
    } else if (OPTVAL("--format")) {
      if (!strcmp(val, "table")) fmt = OUT_TABLE;
      else if (!strcmp(val, "json")) fmt = OUT_JSON;
      else if (!strcmp(val, "csv")) fmt = OUT_CSV;
      else { status = sim_usage_error("unknown format `%s` (table, json or csv)", val); goto out; }
    } else if (OPTVAL("--top")) {
      long v;
      if (!cli_long(val, 1, LONG_MAX, &v)) { status = sim_usage_error("--top needs a positive number, not `%s`", val); goto out; }
      top = v > 1000000 ? 1000000 : (int)v;
    } else if (!strcmp(a, "--no-cache")) no_cache = true;
    else if (!strcmp(a, "--verbose") || !strcmp(a, "-v")) verbose = true;
    else if (!strcmp(a, "--dump-model")) dump = true;
    else if (!strcmp(a, "--hold-unforecast")) lopt.hold = true;
    else { status = sim_usage_error("unknown option `%s`", a); goto out; }
#undef OPTVAL
  }
  if (!in.file) { status = sim_usage_error("%s", "needs a strategy file: bscc sim FILE.bsc"); goto out; }
  if (ports_file && has_budget) { status = sim_usage_error("%s", "give either --portfolios or --budget, not both"); goto out; }

  int r = score_open(&in, "sim");
  if (r >= 0) { status = r; goto out; }
  ScoreOptions so = { .as_of = in.as_of, .actuals = &in.act };
  const char *why = NULL;
  ScoreCard *sc = score_eval(&in.p, &so, &why);
  if (!sc) {
    fprintf(stderr, "bscc sim: %s\n", why ? why : "this strategy has no horizon to simulate");
    status = EXIT_ERRORS;
    goto out;
  }
  char *err = NULL;
  SimModel *m = sim_lower_with(&in.p, sc, &lopt, &err);
  if (!m) {
    fprintf(stderr, "bscc sim: cannot simulate %s: %s\n", in.file, err);
    free(err);
    score_free(sc);
    status = EXIT_ERRORS;
    goto out;
  }

  PortSet ports = {0};
  if (dump) {
    dump_model(m, stdout);
    goto done;
  }
  /* the portfolios */
  const char *method = "default";
  if (ports_file) {
    int errors = 0;
    FileErr fe;
    char whyb[96];
    if (!ports_csv(&in.p, m, &ports, ports_file, &errors, &fe)) {
      fprintf(stderr, "bscc sim: cannot read `%s`: %s\n", ports_file, file_err_text(&fe, whyb, sizeof whyb));
      status = EXIT_USAGE;
      goto done;
    }
    if (errors || in.de.nerrors) {
      diag_sort(&in.de);
      diag_render(&in.de, stderr, FMT_TEXT, diag_use_color(in.color, stderr));
      fprintf(stderr, "bscc: %d error%s in the portfolios; nothing simulated\n", in.de.nerrors, in.de.nerrors == 1 ? "" : "s");
      status = EXIT_ERRORS;
      goto done;
    }
    method = "batch";
  } else if (has_budget) {
    method = m->ninits <= MAX_EXHAUSTIVE ? "exhaustive" : "search";
  } else {
    ports_default(&ports, m);
  }

  /* the engine */
  SimBlockFn fn = interp_block;
  const char *engine_name = "interp";
  JitCode *jc = NULL;
  double t0 = now_s();
  {
    double nport_est = !strcmp(method, "exhaustive") ? (double)(1u << m->ninits) : ports.n > 0 ? ports.n : 64;
    double work = nport_est * cfg.samples * (double)(m->nmeas + m->nobjs + 1) * m->T;
    bool want_jit = engine == ENGINE_JIT || (engine == ENGINE_AUTO && work > 2e7);
    if (want_jit) {
      JitOptions jo = { .opt_level = -1, .no_cache = no_cache };
      char *jerr = NULL;
      jc = jit_compile(m, &jo, &jerr);
      if (jc) { fn = jit_block(jc); engine_name = "jit"; }
      else {
        fprintf(stderr, "bscc sim: note: the compiled engine is not available (%s); using the interpreter, with the same results\n",
                jerr ? jerr : "libgccjit failed");
        free(jerr);
      }
    }
  }
  double t_compile = now_s() - t0;
  cfg.progress = isatty(2);

  /* run */
  t0 = now_s();
  SimResult *res = NULL;
  if (!strcmp(method, "exhaustive")) {
    ports_subsets(&ports, m, budget);
    res = eval_new(m, fn, &ports, 0, NULL, &cfg);
  } else if (!strcmp(method, "search")) {
    res = search(m, fn, &ports, budget, &cfg);
  } else {
    res = eval_new(m, fn, &ports, 0, NULL, &cfg);
  }
  /* the empty portfolio, for gain per cost */
  unsigned char *none = bsc_calloc((size_t)m->ninits + 1, 1);
  int none_i = find_subset(&ports, m, none);
  SimResult base;
  if (none_i >= 0) base = res[none_i];
  else { sim_run(m, fn, none, 1, &cfg, &base); }
  double seconds = now_s() - t0;
  if (verbose)
    fprintf(stderr, "bscc sim: engine %s (%.1f ms to prepare), %d portfolios x %d samples in %.3f s\n",
            engine_name, t_compile * 1e3, ports.n, cfg.samples, seconds);

  char decided[32];
  actuals_period_str(sc->periods[m->decided], decided, sizeof decided);
  Report R = { .m = m, .ports = &ports, .res = res, .method = method, .budget = budget, .has_budget = has_budget,
               .c = &cfg, .engine = engine_name, .top = top, .file = in.file,
               .base = &base, .base_mean = base.mean, .decided = decided,
               .any_data = sc->any_data };
  R.nranked = ports.n;
  R.ranked = bsc_malloc(sizeof(Ranked) * ((size_t)ports.n + 1));
  for (int i = 0; i < ports.n; i++) { R.ranked[i].p = &ports.items[i]; R.ranked[i].r = &res[i]; }
  rank_model = m;
  qsort(R.ranked, (size_t)ports.n, sizeof(Ranked), cmp_rank);
  /* two evaluations of the whole model per uncertain input: bounded so
   * that a model with 100,000 forecasts does not spend minutes here */
  double sens_work = 2.0 * m->ninputs * (double)(m->nmeas + m->nobjs + 1) * m->T;
  if (ports.n > 0 && sens_work <= 2e8) R.swings = tornado(m, R.ranked[0].p->funded);
  else if (ports.n > 0 && m->ninputs > 0 && fmt == OUT_TABLE)
    fprintf(stderr, "bscc sim: note: sensitivity ranking skipped (%d uncertain inputs in a model this large)\n",
            m->ninputs);

  Buf outb;
  buf_init(&outb);
  if (fmt == OUT_JSON) render_json(&R, &outb);
  else if (fmt == OUT_CSV) render_csv(&R, &outb);
  else render_table(&R, &outb);
  if (outb.data) fwrite(outb.data, 1, outb.len, stdout);
  buf_free(&outb);

  free(R.swings);
  free(R.ranked);
  if (none_i < 0) sim_results_free(&base, 1);
  free(none);
  sim_results_free(res, ports.n);
  free(res);
  if (jc) jit_free(jc);
done:
  ports_free(&ports);
  sim_free(m);
  score_free(sc);
out:
  score_close(&in);
  free(in.data);
  return status;
}
