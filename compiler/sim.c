/*
 * sim.c - running portfolios: Monte Carlo simulation of OKR portfolios
 * (docs/simulation.md sections 4-7) with an engine (the interpreter or the
 * libgccjit code), threads over chunks of portfolios, and the statistics
 * of each portfolio and, when asked (sim_run_objs), of each of its
 * objectives from the same pass.  The command is sim_cmd.c; the portfolios sim_ports.c;
 * ranking, search and sensitivity sim_decide.c; the output sim_table.c,
 * sim_json.c and sim_csv.c.
 *
 * Reproducibility: a portfolio's numbers depend only on the model, the
 * seed and the sample count.  Threads take whole chunks of portfolios
 * or, when there are too few chunks to keep every thread busy, ranges of
 * one chunk's samples; every sample's inputs are a pure function of
 * (seed, input, sample), each portfolio's statistics (and each
 * objective's) are computed from its own samples, held at their sample
 * index, in sample order, and green counts are integers, so the thread
 * count changes nothing.
 */
#include "sim.h"
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
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
  /* Shared chunks (pieces > 1): all threads run one chunk at a time, its
   * samples in `pieces` ranges of blocks, then its portfolios' statistics,
   * with a barrier after each step. */
  int pieces;
  int nthreads;              /* threads in the barrier */
  pthread_mutex_t gate;      /* held until nthreads is known */
  pthread_barrier_t bar;
  atomic_int tid;            /* next thread number */
  atomic_int piece;          /* next sample range of the current chunk */
  atomic_int stat;           /* next unit of the current chunk's statistics (chunk_unit) */
  double *scores;            /* the current chunk's scores, [chunk * samples] */
  struct Held *held;         /* and its objectives' samples (nq > 0) */
  int *pcls;                 /* and their classes of equal series, [pieces][chunk * nq] (keep_objq) */
  uint32_t *tgreen;          /* each thread's green counts, [nthreads][chunk * (nobjs + 1)] */
  /* each objective's statistics (sim_run_objs): ostat[p] of every portfolio,
   * from the last-period progress the engine writes (objq, simir.h) */
  SimObjStat **ostat;        /* NULL: not wanted */
  int nq;                    /* objectives kept per portfolio: nobjs with ostat, else 0 */
} Job;

/* The room for a chunk's objective samples (up to SIM_DETAIL_BYTES): in
 * huge pages where the system has them on request (transparent huge
 * pages, "madvise"), 1/512 of the page faults of 4 KB pages.  Only what
 * is touched costs (the kernel clears each page it gives), so held_series
 * packs the series that are held at its start.  free() releases it. */
static void *held_alloc(size_t n) {
  enum { PAGE2M = 2 << 20 };
  if (n < 2 * (size_t)PAGE2M) return bsc_malloc(n);
  void *p = aligned_alloc(PAGE2M, (n + PAGE2M - 1) / PAGE2M * PAGE2M);
  if (!p) return bsc_malloc(n);
#ifdef MADV_HUGEPAGE
  madvise(p, (n + PAGE2M - 1) / PAGE2M * PAGE2M, MADV_HUGEPAGE);
#endif
  return p;
}

/* A chunk's objective samples: N doubles for each series held, series i
 * (portfolio p, objective o: p * nq + o) at slot[i], given out in the
 * order first asked for.  Most series equal an earlier portfolio's and
 * are never held (keep_objq): at 16 x 100,000 with 16 objectives, 30 of
 * 256, and packing them keeps the pages touched to theirs (24 MB of the
 * 205 MB reserved: clearing the whole reservation's pages was a third of
 * the command's time).  A slot stays its series' for the next chunks,
 * whose samples overwrite it; slots given out never exceed the series. */
typedef struct Held {
  double *base;              /* [nseries][n] */
  size_t n;
  atomic_int *slot;          /* [nseries]: -1 until asked for */
  int used;                  /* slots given out (under mu) */
  pthread_mutex_t mu;
} Held;

static Held *held_new(int nseries, int N) {
  Held *h = bsc_malloc(sizeof *h);
  h->base = held_alloc(sizeof(double) * (size_t)nseries * (size_t)N);
  h->n = (size_t)N;
  h->slot = bsc_malloc(sizeof(atomic_int) * (size_t)nseries);
  for (int i = 0; i < nseries; i++) atomic_init(&h->slot[i], -1);
  h->used = 0;
  pthread_mutex_init(&h->mu, NULL);
  return h;
}

static void held_free(Held *h) {
  if (!h) return;
  pthread_mutex_destroy(&h->mu);
  free(h->base);
  free(h->slot);
  free(h);
}

/* Series i's samples, from sample 0 (threads may ask at once: the
 * shared chunks' ranges, the statistics' units). */
static double *held_series(Held *h, int i) {
  int s = atomic_load_explicit(&h->slot[i], memory_order_acquire);
  if (s < 0) {
    pthread_mutex_lock(&h->mu);
    s = atomic_load_explicit(&h->slot[i], memory_order_relaxed);
    if (s < 0) {
      s = h->used++;
      atomic_store_explicit(&h->slot[i], s, memory_order_release);
    }
    pthread_mutex_unlock(&h->mu);
  }
  return h->base + (size_t)s * h->n;
}

/* Where a range of blocks puts its numbers: the scores [count][stride]
 * from the range's first sample and, with nq objectives, their samples
 * in held from sample s0 (the range's first); blk and qblk hold one block
 * (the engine's out arrays), qblk NULL when nq is 0. */
typedef struct Sink {
  double *scores;
  Held *held;
  size_t s0;
  size_t stride;
  int nq;
  double *blk, *qblk;
  uint32_t *green;
  /* with objectives: the series of equal samples so far (keep_objq), one
   * class array [count * nq] for each of the nrange ranges of blocks */
  int *cls;
  int nrange;
} Sink;

/* Keeps one block's objective rows (qblk, nb samples from sample n0 of
 * the range k holds) and refines the classes of equal series: cls[p * nq + o]
 * is the first portfolio whose samples of objective o have all been equal
 * to p's in this range, bit for bit.  A class splits where a block's rows
 * differ; p joins the first member of its old class that still leads one
 * and has p's row.  The rows are compared while the block is in cache, and
 * only a class's first member is held: a series equal so far to another
 * is not written, and one that parts from its class gets that class's
 * first member's samples so far, then its own. */
static void keep_objq(const Sink *k, int count, int n0, int nb) {
  int nq = k->nq, old[64];           /* count <= 64 (chunk_size) */
  size_t len = sizeof(double) * (size_t)nb;
  for (int o = 0; o < nq; o++) {
    for (int p = 0; p < count; p++) old[p] = k->cls[(size_t)p * nq + o];
    for (int p = 0; p < count; p++) {
      const double *row = k->qblk + ((size_t)p * nq + o) * (size_t)nb;
      int c = p;
      for (int q = old[p]; q < p && c == p; q++)
        if (old[q] == old[p] && k->cls[(size_t)q * nq + o] == q &&
            !memcmp(row, k->qblk + ((size_t)q * nq + o) * (size_t)nb, len))
          c = q;
      k->cls[(size_t)p * nq + o] = c;
      if (c != p) continue;
      double *dst = held_series(k->held, p * nq + o) + k->s0;
      if (old[p] != p && n0 > 0) memcpy(dst, held_series(k->held, old[p] * nq + o) + k->s0, sizeof(double) * (size_t)n0);
      memcpy(dst + n0, row, len);
    }
  }
}


/* Puts the k-th smallest of a[lo..hi] at a[k] for every k of ks[0..nk)
 * (ascending, all in lo..hi), everything before a[k] being no larger and
 * everything after no smaller: Hoare's selection with a median-of-three
 * pivot, following both sides of a partition when both hold a wanted k.
 * The three percentiles share the first partitions (about 3.6 n
 * comparisons against 8 n for three separate selections), and it is
 * linear on average, where sorting the samples would cost n log n. */
static void select_ks(double *a, int lo, int hi, const int *ks, int nk) {
  while (nk > 0 && lo < hi) {
    int mid = lo + (hi - lo) / 2;
    double x = a[lo], y = a[mid], z = a[hi];
    double pivot = x < y ? (y < z ? y : x < z ? z : x) : (x < z ? x : y < z ? z : y);
    int i = lo, j = hi;
    if (x == y || y == z || x == z) {
      /* two of the three equal: likely a value that many samples share (an
       * objective clamped at 0 or 1 in most of them), which Hoare's scheme
       * would halve level after level.  Three ways instead: all of them in
       * the middle, where the ranks they hold are found. */
      int lt = lo, k = lo, gt = hi;
      while (k <= gt) {
        double v = a[k];
        if (v < pivot) { a[k++] = a[lt]; a[lt++] = v; }
        else if (v > pivot) { a[k] = a[gt]; a[gt--] = v; }
        else k++;
      }
      j = lt - 1;
      i = gt + 1;
    } else {
      while (i <= j) {
        while (a[i] < pivot) i++;
        while (a[j] > pivot) j--;
        if (i <= j) { double t = a[i]; a[i] = a[j]; a[j] = t; i++; j--; }
      }
    }
    /* a[lo..j] <= pivot, a[j+1..i-1] == pivot, a[i..hi] >= pivot */
    int nl = 0, nr = 0;
    while (nl < nk && ks[nl] <= j) nl++;
    while (nr < nk - nl && ks[nk - 1 - nr] >= i) nr++;
    if (nl > 0) select_ks(a, lo, j, ks, nl);
    ks += nk - nr;
    nk = nr;
    lo = i;
  }
}

/* The order statistic's index floor(q (n - 1) + 0.5) (docs/simulation.md
 * §4); q is 0.05, 0.5 or 0.95 and n a sample count, so it fits an int. */
static int order_index(int n, double q) {
  int i = (int)floor(q * (double)(n - 1) + 0.5);
  return i < 0 ? 0 : i >= n ? n - 1 : i;
}

int sim_ncommitted(const SimModel *m) {
  int n = 0;
  for (int o = 0; o < m->nobjs; o++) n += sim_all_green_counts(m, o);
  return n;
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

/* The raw scores (and objective samples) of samples [s0, s0 + ns) of
 * count portfolios into k, block by block from s0 (a multiple of
 * SIM_SAMPLE_BLOCK, so the blocks are those of a whole run); k->green
 * [count * (nobjs + 1)] incremented. */
static void samples_into(const SimModel *m, SimBlockFn fn, const unsigned char *funded, int count, int s0,
                         int ns, const uint64_t *keys, const Sink *k) {
  for (int n0 = 0; n0 < ns; n0 += SIM_SAMPLE_BLOCK) {
    int nb = ns - n0 < SIM_SAMPLE_BLOCK ? ns - n0 : SIM_SAMPLE_BLOCK;
    fn(m, funded, count, (uint64_t)s0 + (uint64_t)n0, nb, keys, k->blk, k->green, k->qblk);
    for (int p = 0; p < count; p++)
      memcpy(k->scores + (size_t)p * k->stride + n0, k->blk + (size_t)p * nb, sizeof(double) * (size_t)nb);
    if (k->qblk) keep_objq(k, count, n0, nb);
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

void sim_samples(const SimModel *m, SimBlockFn fn, const unsigned char *funded, int count, int s0, int ns,
                 const uint64_t *keys, double *scores, double *blk, uint32_t *green) {
  Sink k = { .scores = scores, .stride = (size_t)ns, .blk = blk, .green = green };
  samples_into(m, fn, funded, count, s0, ns, keys, &k);
}

/* Ranks by bins.  b(x) = (x - lo) * nb / (hi - lo), capped at nb - 1,
 * never decreases as x grows (each rounding is monotone): every value of
 * a lower bin is smaller than every value of a higher one.  So counting
 * the samples of each bin says which bin holds each wanted rank, and
 * select_ks finds the ranks among those bins' few hundred samples, where
 * selecting over all of them moved and compared every sample about four
 * times, mispredicting half the branches (a fifth of the whole command at
 * 16 x 100,000).  A rank's value is the same whatever the method when
 * equal values are equal bits: no NaN (all finite) and no -0 among the
 * samples gathered (0 and -0 are equal but print apart). */
typedef struct Bins { double lo, scale; int nb; } Bins;
enum { BINS_MAX = 4096, BINS_PER = 64 };     /* bins at most; samples a bin, on average */

static int bin_of(const Bins *b, double x) {
  double v = (x - b->lo) * b->scale;
  return v >= b->nb - 1 ? b->nb - 1 : (int)v;
}

/* The values of ranks ks[0..3) (ascending) of s[0..N), all finite, whose
 * bins are bin[N] (counts hist[b->nb]), into at[3]; false when the bins
 * that hold them hold a -0.  The gathering reads the bins (2 bytes a
 * sample, in cache) and only the samples it keeps.  A bin may hold most
 * of the samples (an objective clamped at 0 or 1 in most of them): it is
 * gathered all the same, as cheap as selecting over s. */
static bool binned_ranks(const double *s, int N, const uint16_t *bin, const Bins *b, const int *hist, const int *ks, double *at) {
  int tb[3], kt[3], tr[3], nt = 0, cum = 0, k = 0;
  size_t total = 0;
  for (int i = 0; i < b->nb && k < 3; cum += hist[i], i++)
    for (; k < 3 && ks[k] < cum + hist[i]; k++) {
      if (nt == 0 || tb[nt - 1] != i) { tb[nt++] = i; total += (size_t)hist[i]; }
      kt[k] = nt - 1;
      tr[k] = ks[k] - cum;
    }
  if (k < 3) return false;
  double *buf = bsc_malloc(sizeof(double) * (total + 1));
  int off[3], fill[4];               /* fill[t + 1]: where target t's next sample goes */
  unsigned char mark[BINS_MAX];      /* a bin's target + 1, 0 for the others */
  memset(mark, 0, (size_t)b->nb);
  for (int t = 0, o = 0; t < nt; o += hist[tb[t]], t++) {
    off[t] = fill[t + 1] = o;
    mark[tb[t]] = (unsigned char)(t + 1);
  }
  for (int j = 0; j < N; j++) {
    int t = mark[bin[j]];
    if (t) buf[fill[t]++] = s[j];
  }
  bool negzero = false;
  for (size_t i = 0; i < total; i++) negzero = negzero | (buf[i] == 0 && signbit(buf[i]));
  /* the ranks of one bin together (ks ascending: they are consecutive) */
  for (k = 0; k < 3 && !negzero;) {
    int k1 = k;
    while (k1 < 3 && kt[k1] == kt[k]) k1++;
    select_ks(buf + off[kt[k]], 0, hist[tb[kt[k]]] - 1, tr + k, k1 - k);
    for (; k < k1; k++) at[k] = buf[off[kt[k]] + tr[k]];
  }
  free(buf);
  return !negzero;
}

/* The sd and the percentiles of s[0..N) (N > 1; lo < hi, both finite,
 * the samples' least and greatest, m their mean) by bins; false if the
 * ranks must be selected over s (binned_ranks). */
static bool binned_stats(const double *s, int N, double m, double lo, double hi, const int *ks, double *sd, double *at) {
  int nb = N / BINS_PER;
  Bins b = { .lo = lo, .nb = nb > BINS_MAX ? BINS_MAX : nb };
  b.scale = (double)b.nb / (hi - lo);
  if (b.nb < 16 || !isfinite(b.scale)) return false;
  int cnt[BINS_MAX];
  uint16_t *bin = bsc_malloc(sizeof(uint16_t) * (size_t)N);
  memset(cnt, 0, sizeof(int) * (size_t)b.nb);
  double ss = 0.0;                   /* sim_sd's sum, in its order */
  for (int j = 0; j < N; j++) {
    int c = bin_of(&b, s[j]);
    ss = ss + (s[j] - m) * (s[j] - m);
    bin[j] = (uint16_t)c;
    cnt[c]++;
  }
  *sd = sqrt(ss / (double)(N - 1));
  bool done = binned_ranks(s, N, bin, &b, cnt, ks, at);
  free(bin);
  return done;
}

/* The mean (the sum in sample order, j = 0 .. N-1), the standard
 * deviation and the 5th, 50th and 95th percentiles of s[0..N), which may
 * be reordered: what a portfolio's score and each objective report; with
 * hist, also the score's bins (sim.h), counted in the same pass. */
static void dist_stats(double *s, int N, int *hist, double *mean, double *sd, double *p5, double *p50, double *p95) {
  double sum = 0.0, lo = s[0], hi = s[0];
  if (hist) memset(hist, 0, sizeof(int) * SIM_HIST_BINS);
  for (int j = 0; j < N; j++) {
    double x = s[j];
    sum = sum + x;
    lo = x < lo ? x : lo;
    hi = x > hi ? x : hi;
    if (hist) {
      double h = x * SIM_HIST_BINS;
      hist[!(h >= 0) ? 0 : h >= SIM_HIST_BINS - 1 ? SIM_HIST_BINS - 1 : (int)h]++;
    }
  }
  *mean = sum / (double)N;
  int ks[3] = { order_index(N, 0.05), order_index(N, 0.50), order_index(N, 0.95) };
  double at[3];
  /* a finite sum: every sample finite, and lo == hi says they are all
   * equal (an objective that no uncertain input reaches in this
   * portfolio, or one clamped at 0 or 1 throughout): its percentiles need
   * no selection */
  bool same = !isfinite(sum) || lo == hi;
  for (int j = 0; !isfinite(sum) && j < N; j++) same = same & (s[j] == s[0]);
  if (!same && isfinite(sum) && binned_stats(s, N, *mean, lo, hi, ks, sd, at)) {
    *p5 = at[0];
    *p50 = at[1];
    *p95 = at[2];
    return;
  }
  *sd = sim_sd(s, N, *mean);
  if (!same) select_ks(s, 0, N - 1, ks, 3);
  *p5 = s[ks[0]];                    /* (all equal when same, but 0 and -0 print apart) */
  *p50 = s[ks[1]];
  *p95 = s[ks[2]];
}

/* One portfolio's statistics from all its N scores (s may be reordered)
 * and its green counts. */
void sim_stats(const SimModel *m, const unsigned char *funded, double *s, int N, const uint32_t *green,
               SimResult *r) {
  dist_stats(s, N, r->hist, &r->mean, &r->sd, &r->p5, &r->p50, &r->p95);
  for (int o = 0; o <= m->nobjs; o++) r->p_green[o] = (double)green[o] / (double)N;   /* [nobjs]: all committed */
  r->p_all_green = r->p_green[m->nobjs];
  r->cost = sim_port_cost(m, funded);
}

/* Sample range k of a chunk's J->pieces: the blocks [k nblk / pieces,
 * (k + 1) nblk / pieces), so that blocks start at multiples of
 * SIM_SAMPLE_BLOCK, as in a whole run (one range: all the samples). */
static void sample_range(const Job *J, int k, int *s0, int *s1) {
  int N = J->c->samples;
  long nblk = (N + SIM_SAMPLE_BLOCK - 1) / SIM_SAMPLE_BLOCK;
  long b0 = k * nblk / J->pieces, b1 = (k + 1) * nblk / J->pieces;
  *s0 = (int)(b0 * SIM_SAMPLE_BLOCK);
  *s1 = b1 * SIM_SAMPLE_BLOCK < N ? (int)(b1 * SIM_SAMPLE_BLOCK) : N;
}

/* A chunk's green counts of portfolio p (of the chunk), objective o:
 * the sum over the nt threads' counts g, [nt][chunk * (nobjs + 1)]. */
static uint32_t green_count(const Job *J, const uint32_t *g, int nt, int p, int o) {
  size_t G = (size_t)sim_green_stride(J->m), per = (size_t)J->chunk * G;
  uint32_t c = 0;
  for (int t = 0; t < nt; t++) c += g[t * per + (size_t)p * G + (size_t)o];
  return c;
}

/* Objective o's statistics in every portfolio of the chunk at first,
 * from k's samples.  Where no decision that two portfolios differ in
 * reaches an objective, its samples are the same bit for bit (in a set of
 * all subsets, an objective one initiative reaches has two series): the
 * classes that keep_objq found block by block say which, and the statistics
 * of a distinct series are computed once. */
static void obj_unit(Job *J, int first, int count, int o, const Sink *k, const uint32_t *g, int nt) {
  int N = J->c->samples, nq = J->nq, rep[64];   /* count <= 64 (chunk_size) */
  size_t per = (size_t)J->chunk * (size_t)nq;
  /* equal in every range of blocks (keep_objq): the same series */
  for (int p = 0; p < count; p++) {
    rep[p] = p;
    for (int r = 0; r < p && rep[p] == p; r++) {
      bool eq = rep[r] == r;
      for (int i = 0; eq && i < k->nrange; i++)
        eq = k->cls[i * per + (size_t)p * nq + o] == k->cls[i * per + (size_t)r * nq + o];
      if (eq) rep[p] = r;
    }
  }
  /* a distinct series is held only in the ranges where it led its class
   * (keep_objq), the others are its class's first member's there: all
   * copied in before the first selection reorders a series */
  for (int p = 0; p < count; p++)
    for (int i = 0; rep[p] == p && i < k->nrange; i++) {
      int c = k->cls[i * per + (size_t)p * nq + o], s0, s1;
      if (c == p) continue;
      sample_range(J, i, &s0, &s1);
      memcpy(held_series(k->held, p * nq + o) + s0, held_series(k->held, c * nq + o) + s0, sizeof(double) * (size_t)(s1 - s0));
    }
  for (int p = 0; p < count; p++) {
    SimObjStat *x = &J->ostat[first + p][o];
    if (rep[p] == p) dist_stats(held_series(k->held, p * nq + o), N, NULL, &x->mean, &x->sd, &x->p5, &x->p50, &x->p95);
    else *x = J->ostat[first + rep[p]][o];
    x->p_green = (double)green_count(J, g, nt, p, o) / (double)N;
  }
}

/* Unit u of a chunk's statistics from k's samples and the nt threads'
 * green counts g: for u < nq objective u of every portfolio (obj_unit),
 * then the scores of portfolio u - nq.  Units touch disjoint samples and
 * results, so threads may take them in any order; the objectives' come
 * first because they are the larger (up to a few distinct series each)
 * and the scores' (one series each) even out the threads' last steps.
 * sum holds nobjs + 1 counts. */
static void chunk_unit(Job *J, int first, int count, int u, const Sink *k, const uint32_t *g, int nt, uint32_t *sum) {
  const SimModel *m = J->m;
  int N = J->c->samples;
  if (u < J->nq) { obj_unit(J, first, count, u, k, g, nt); return; }
  u -= J->nq;
  for (int o = 0; o < sim_green_stride(m); o++) sum[o] = green_count(J, g, nt, u, o);
  sim_stats(m, J->funded + (size_t)(first + u) * m->ninits, k->scores + (size_t)u * N, N, sum, &J->out[first + u]);
  atomic_fetch_add(&J->done, 1);
}

/* One chunk of portfolios: all their samples, then their statistics. */
static void run_chunk(Job *J, int first, int count, Sink *k, uint32_t *sum) {
  const SimModel *m = J->m;
  int N = J->c->samples;
  size_t G = (size_t)sim_green_stride(m);
  memset(k->green, 0, sizeof(uint32_t) * (size_t)count * G);
  if (k->cls) memset(k->cls, 0, sizeof(int) * (size_t)count * (size_t)J->nq);   /* one class before any block */
  samples_into(m, J->fn, J->funded + (size_t)first * m->ninits, count, 0, N, J->keys, k);
  for (int u = 0; u < count + J->nq; u++) chunk_unit(J, first, count, u, k, k->green, 1, sum);
}

/* A shared chunk's step: take sample ranges until none is left, each
 * written at its place in the chunk's scores (sample_range). */
static void shared_samples(Job *J, const unsigned char *f, int count, const Sink *mine) {
  for (;;) {
    int k = atomic_fetch_add(&J->piece, 1);
    if (k >= J->pieces) break;
    int s0, s1;
    sample_range(J, k, &s0, &s1);
    Sink at = *mine;
    at.scores = J->scores + s0;
    at.held = J->held;
    at.s0 = (size_t)s0;
    if (J->held) {                     /* this range's classes (keep_objq), from one */
      at.cls = J->pcls + (size_t)k * (size_t)J->chunk * (size_t)J->nq;
      memset(at.cls, 0, sizeof(int) * (size_t)count * (size_t)J->nq);
    }
    samples_into(J->m, J->fn, f, count, s0, s1 - s0, J->keys, &at);
  }
}

/* A shared chunk's second step: take units of its statistics
 * (chunk_unit) until none is left. */
static void shared_stats(Job *J, int first, int count, uint32_t *sum) {
  Sink whole = { .scores = J->scores, .held = J->held, .stride = (size_t)J->c->samples, .nq = J->nq,
                 .cls = J->pcls, .nrange = J->pieces };
  for (;;) {
    int u = atomic_fetch_add(&J->stat, 1);
    if (u >= count + J->nq) break;
    chunk_unit(J, first, count, u, &whole, J->tgreen, J->nthreads, sum);
  }
}

/* A thread's block buffers for J: one block of a chunk's scores and, when
 * objectives are wanted, of their samples. */
static Sink sink_blocks(const Job *J) {
  Sink k = { .nq = J->nq, .stride = (size_t)J->c->samples };
  k.blk = bsc_malloc(sizeof(double) * (size_t)J->chunk * SIM_SAMPLE_BLOCK);
  if (J->nq) k.qblk = bsc_malloc(sizeof(double) * (size_t)J->chunk * (size_t)J->nq * SIM_SAMPLE_BLOCK);
  return k;
}

/* A thread of a run with shared chunks.  The thread that leaves a
 * barrier as its serial thread resets the counter of the step just ended,
 * which no thread reads again before the next barrier. */
static void shared_worker(Job *J) {
  const SimModel *m = J->m;
  pthread_mutex_lock(&J->gate);
  pthread_mutex_unlock(&J->gate);
  int t = atomic_fetch_add(&J->tid, 1);
  size_t per = (size_t)J->chunk * (size_t)sim_green_stride(m);
  Sink k = sink_blocks(J);
  k.green = J->tgreen + (size_t)t * per;
  uint32_t *sum = bsc_malloc(sizeof(uint32_t) * ((size_t)sim_green_stride(m) + 1));
  for (int first = 0; first < J->nport; first += J->chunk) {
    int count = J->nport - first < J->chunk ? J->nport - first : J->chunk;
    memset(k.green, 0, sizeof(uint32_t) * per);
    shared_samples(J, J->funded + (size_t)first * m->ninits, count, &k);
    if (pthread_barrier_wait(&J->bar) == PTHREAD_BARRIER_SERIAL_THREAD) atomic_store(&J->piece, 0);
    shared_stats(J, first, count, sum);
    if (pthread_barrier_wait(&J->bar) == PTHREAD_BARRIER_SERIAL_THREAD) atomic_store(&J->stat, 0);
  }
  free(k.blk);
  free(k.qblk);
  free(sum);
}

static void *worker(void *arg) {
  Job *J = arg;
  const SimModel *m = J->m;
  if (J->pieces > 1) { shared_worker(J); return NULL; }
  size_t held = (size_t)J->chunk * (size_t)J->c->samples;
  Sink k = sink_blocks(J);
  k.scores = bsc_malloc(sizeof(double) * held);
  if (J->nq) k.held = held_new(J->chunk * J->nq, J->c->samples);
  if (J->nq) k.cls = bsc_malloc(sizeof(int) * (size_t)J->chunk * (size_t)J->nq);
  k.nrange = 1;
  k.green = bsc_malloc(sizeof(uint32_t) * ((size_t)J->chunk * (size_t)sim_green_stride(m) + 1));
  uint32_t *sum = bsc_malloc(sizeof(uint32_t) * ((size_t)sim_green_stride(m) + 1));
  for (;;) {
    int ci = atomic_fetch_add(&J->next, 1);
    int first = ci * J->chunk;
    if (first >= J->nport) break;
    int count = J->nport - first < J->chunk ? J->nport - first : J->chunk;
    run_chunk(J, first, count, &k, sum);
  }
  free(sum);
  free(k.scores);
  held_free(k.held);
  free(k.cls);
  free(k.blk);
  free(k.qblk);
  free(k.green);
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
    out[p].p_green = bsc_calloc((size_t)sim_green_stride(m), sizeof(double));
  }
}

/* Portfolios a chunk holds: their scores within 4,000,000 doubles (32 MB),
 * with each objective's samples too within SIM_DETAIL_BYTES; 1 to 64. */
static int chunk_size(const SimModel *m, int N, int nq) {
  double per = (double)(N > 0 ? N : 1) * (1.0 + nq), room = nq ? SIM_DETAIL_BYTES / sizeof(double) : 4e6;
  double c = floor(room / per);
  return c < 1 ? 1 : c > 64 ? 64 : (int)c;
}

void sim_run(const SimModel *m, SimBlockFn fn, const unsigned char *funded, int nport,
             const SimConfig *c, SimResult *out) {
  sim_run_objs(m, fn, funded, nport, c, out, NULL);
}

void sim_objs_here(const SimModel *m, SimBlockFn fn, const unsigned char *funded, int nport,
                   const SimConfig *c, SimObjStat **ostat) {
  if (nport <= 0) return;
  SimConfig here = *c;
  here.runner = NULL;
  here.progress = false;
  SimResult *tmp = bsc_malloc(sizeof(SimResult) * (size_t)nport);
  sim_run_objs(m, fn, funded, nport, &here, tmp, ostat);
  sim_results_free(tmp, nport);
  free(tmp);
}

void sim_run_objs(const SimModel *m, SimBlockFn fn, const unsigned char *funded, int nport,
                  const SimConfig *c, SimResult *out, SimObjStat **ostat) {
  if (nport <= 0) return;
  if (c->runner) {
    c->runner(m, fn, funded, nport, c, out);
    /* the runner reports no objectives: they come from this process's pass */
    if (ostat) sim_objs_here(m, fn, funded, nport, c, ostat);
    return;
  }
  uint64_t *keys = sim_keys(m, c->seed);
  sim_results_alloc(m, out, nport);
  Job J = { .m = m, .fn = fn, .funded = funded, .nport = nport, .c = c, .keys = keys, .out = out,
            .ostat = ostat, .nq = ostat ? m->nobjs : 0 };
  for (int p = 0; ostat && p < nport; p++) ostat[p] = bsc_calloc((size_t)m->nobjs + 1, sizeof(SimObjStat));
  J.chunk = chunk_size(m, c->samples, J.nq);
  int nchunks = (nport + J.chunk - 1) / J.chunk;
  int nt = c->threads > 0 ? c->threads : ncores();
  /* Fewer than four chunks a thread would leave threads idle or unevenly
   * loaded (16 portfolios x 100,000 samples are one chunk): the threads
   * then share each chunk, 16 sample ranges a thread.  So do they when
   * objectives are kept, so that one chunk's samples are held, not one a
   * thread. */
  long nblk = (c->samples + SIM_SAMPLE_BLOCK - 1) / SIM_SAMPLE_BLOCK;
  J.pieces = 1;
  if (nt > 1 && (nchunks < 4 * nt || J.nq) && nblk > 1) J.pieces = nblk < 16L * nt ? (int)nblk : 16 * nt;
  else if (nt > nchunks) nt = nchunks;
  atomic_init(&J.next, 0);
  atomic_init(&J.done, 0);
  atomic_init(&J.tid, 0);
  atomic_init(&J.piece, 0);
  atomic_init(&J.stat, 0);
  if (J.pieces > 1) {
    pthread_mutex_init(&J.gate, NULL);
    pthread_mutex_lock(&J.gate);
    J.scores = bsc_malloc(sizeof(double) * (size_t)J.chunk * (size_t)c->samples);
    if (J.nq) J.held = held_new(J.chunk * J.nq, c->samples);
    if (J.nq) J.pcls = bsc_malloc(sizeof(int) * (size_t)J.pieces * (size_t)J.chunk * (size_t)J.nq);
    J.tgreen = bsc_malloc(sizeof(uint32_t) * ((size_t)nt * (size_t)J.chunk * (size_t)sim_green_stride(m) + 1));
  }
  /* nt workers; with a progress bar the calling thread only watches (it
   * draws after a second, on a terminal), else it is one of the workers */
  pthread_t *th = bsc_malloc(sizeof(pthread_t) * (size_t)(nt + 1));
  int first = c->progress ? 0 : 1, started = 0;
  for (int t = first; t < nt; t++) {
    if (pthread_create(&th[started], NULL, worker, &J) != 0) break;
    started++;
  }
  if (J.pieces > 1) {   /* the barrier counts the threads that did start */
    J.nthreads = started + (!c->progress || started == 0);
    pthread_barrier_init(&J.bar, NULL, (unsigned)J.nthreads);
    pthread_mutex_unlock(&J.gate);
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
  if (J.pieces > 1) {
    pthread_barrier_destroy(&J.bar);
    pthread_mutex_destroy(&J.gate);
    free(J.scores);
    held_free(J.held);
    free(J.pcls);
    free(J.tgreen);
  }
  free(th);
  free(keys);
}

void sim_results_free(SimResult *r, int n) {
  for (int i = 0; i < n; i++) free(r[i].p_green);
}
