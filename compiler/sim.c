/*
 * sim.c - running portfolios: Monte Carlo simulation of OKR portfolios
 * (docs/simulation.md sections 4-7) with an engine (the interpreter or the
 * libgccjit code), threads over chunks of portfolios, and the statistics
 * of each portfolio.  The command is sim_cmd.c; the portfolios sim_ports.c;
 * ranking, search and sensitivity sim_decide.c; the output sim_table.c,
 * sim_json.c and sim_csv.c.
 *
 * Reproducibility: a portfolio's numbers depend only on the model, the
 * seed and the sample count.  Threads take whole chunks of portfolios,
 * every sample's inputs are a pure function of (seed, input, sample), and
 * each portfolio's statistics are computed from its own samples in sample
 * order, so the thread count changes nothing.
 */
#include "sim.h"
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

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
double sim_port_cost(const SimModel *m, const unsigned char *f) {
  double c = 0.0;
  for (int i = 0; i < m->ninits; i++) if (f[i]) c = c + m->inits[i].cost;
  return c;
}

double *sim_cost_draws(const SimModel *m, uint64_t seed, int N) {
  bool any = false;
  for (int i = 0; i < m->ninits; i++) any = any || m->inits[i].uncertain;
  if (!any || N <= 0) return NULL;
  double *d = bsc_malloc(sizeof(double) * (size_t)m->ninits * (size_t)N + 1);
  for (int i = 0; i < m->ninits; i++) {
    const SimInit *in = &m->inits[i];
    uint64_t key = in->uncertain ? rt_stream_key(seed, in->cost_stream) : 0;
    for (int j = 0; j < N; j++) {
      double c = in->cost;
      if (in->uncertain) {
        c = rt_sample(&in->cost_d, key, (uint64_t)j) - in->spent;
        if (!(c > 0)) c = 0.0;
      }
      d[(size_t)i * N + j] = c;
    }
  }
  return d;
}

double sim_budget_chance(const SimModel *m, const double *draws, int N, const unsigned char *f, double budget) {
  int in = 0;
  for (int j = 0; j < N; j++) {
    double c = 0.0;
    for (int i = 0; i < m->ninits; i++) if (f[i]) c = c + draws[(size_t)i * N + j];
    if (c <= budget) in++;
  }
  return (double)in / (double)N;
}

/* Counts scores into SIM_HIST_BINS bins of [0, 1] (sim.h). */
static void sim_hist(const double *s, int n, int *hist) {
  memset(hist, 0, sizeof(int) * SIM_HIST_BINS);
  for (int j = 0; j < n; j++) {
    double x = s[j] * SIM_HIST_BINS;
    int b = !(x >= 0) ? 0 : x >= SIM_HIST_BINS - 1 ? SIM_HIST_BINS - 1 : (int)x;
    hist[b]++;
  }
}

/* The raw scores of samples [s0, s0 + ns) of count portfolios, block by
 * block from s0 (a multiple of SIM_SAMPLE_BLOCK, so the blocks are those
 * of a whole run): scores[p * ns + j]; green[count * nobjs] incremented;
 * blk holds count * SIM_SAMPLE_BLOCK doubles. */
void sim_samples(const SimModel *m, SimBlockFn fn, const unsigned char *funded, int count, int s0, int ns,
                 const uint64_t *keys, double *scores, double *blk, uint32_t *green) {
  for (int n0 = 0; n0 < ns; n0 += SIM_SAMPLE_BLOCK) {
    int nb = ns - n0 < SIM_SAMPLE_BLOCK ? ns - n0 : SIM_SAMPLE_BLOCK;
    fn(m, funded, count, (uint64_t)s0 + (uint64_t)n0, nb, keys, blk, green);
    for (int p = 0; p < count; p++)
      memcpy(scores + (size_t)p * ns + n0, blk + (size_t)p * nb, sizeof(double) * (size_t)nb);
  }
}

/* The sample standard deviation of x[0..n) about its mean m (two passes,
 * in sample order, divisor n - 1; 0 for one sample). */
double sim_sd(const double *x, int n, double m) {
  if (n < 2) return 0.0;
  double ss = 0.0;
  for (int j = 0; j < n; j++) ss = ss + (x[j] - m) * (x[j] - m);
  return sqrt(ss / (double)(n - 1));
}

/* One portfolio's statistics from all its N scores in sample order (the
 * sum runs j = 0 .. N-1; s is reordered) and its green counts. */
void sim_stats(const SimModel *m, const unsigned char *funded, double *s, int N, const uint32_t *green,
               SimResult *r) {
  double sum = 0.0;
  for (int j = 0; j < N; j++) sum = sum + s[j];
  sim_hist(s, N, r->hist);
  r->mean = sum / (double)N;
  r->sd = sim_sd(s, N, r->mean);
  r->p5 = order_stat(s, N, 0.05);
  r->p50 = order_stat(s, N, 0.50);
  r->p95 = order_stat(s, N, 0.95);
  for (int o = 0; o < m->nobjs; o++) r->p_green[o] = (double)green[o] / (double)N;
  r->cost = sim_port_cost(m, funded);
}

/* One chunk of portfolios: all their samples, then their statistics. */
static void run_chunk(Job *J, int first, int count, double *scores, double *blk, uint32_t *green) {
  const SimModel *m = J->m;
  int N = J->c->samples;
  const unsigned char *f = J->funded + (size_t)first * m->ninits;
  memset(green, 0, sizeof(uint32_t) * (size_t)count * (size_t)m->nobjs);
  sim_samples(m, J->fn, f, count, 0, N, J->keys, scores, blk, green);
  for (int p = 0; p < count; p++)
    sim_stats(m, f + (size_t)p * m->ninits, scores + (size_t)p * N, N, green + (size_t)p * m->nobjs,
              &J->out[first + p]);
}

static void *worker(void *arg) {
  Job *J = arg;
  const SimModel *m = J->m;
  int N = J->c->samples;
  double *scores = bsc_malloc(sizeof(double) * (size_t)J->chunk * (size_t)N);
  double *blk = bsc_malloc(sizeof(double) * (size_t)J->chunk * SIM_SAMPLE_BLOCK);
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

uint64_t *sim_keys(const SimModel *m, uint64_t seed) {
  uint64_t *keys = bsc_malloc(sizeof(uint64_t) * ((size_t)m->ninputs + 1));
  for (int i = 0; i < m->ninputs; i++) keys[i] = rt_stream_key(seed, m->inputs[i].stream);
  return keys;
}

void sim_results_alloc(const SimModel *m, SimResult *out, int n) {
  for (int p = 0; p < n; p++) {
    memset(&out[p], 0, sizeof out[p]);
    out[p].p_green = bsc_calloc((size_t)m->nobjs + 1, sizeof(double));
  }
}

void sim_run(const SimModel *m, SimBlockFn fn, const unsigned char *funded, int nport,
             const SimConfig *c, SimResult *out) {
  if (nport <= 0) return;
  if (c->runner) { c->runner(m, fn, funded, nport, c, out); return; }
  uint64_t *keys = sim_keys(m, c->seed);
  sim_results_alloc(m, out, nport);
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
