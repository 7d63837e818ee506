/*
 * sim_mpi.c - bscc-mpi: `bscc sim` across the ranks of an MPI job
 * (docs/cluster.md).  A second binary, built from bscc's objects plus this
 * file, so that the plain bscc never links libmpi.
 *
 * Every rank runs the same sim_main on the same arguments: it loads and
 * lowers the model and compiles it (rank 0 first, so that the others find
 * it in the shared cache).  Rank 0 then runs the command as one process
 * would, with sim_run's evaluation replaced by mpi_run; the other ranks
 * serve evaluation jobs until rank 0 stops them.  So the portfolio search
 * (sim_decide.c) is distributed without a line of its own: each of its
 * steps is one sim_run.
 *
 * The same numbers to the last bit, whatever the rank count: a job is a
 * range of portfolios with all their samples (the worker returns their
 * statistics, computed by sim_stats exactly as one process does) or, when
 * portfolios are fewer than the ranks can share, a range of sample blocks
 * (the worker returns the raw scores and the green counts; rank 0 puts the
 * scores in sample order and computes the statistics with the same
 * sim_stats: the same sum in the same order; green counts are integers).
 *
 * Load balance: jobs are small (about 16 per rank per run), ordered by an
 * estimate of their cost, largest first, and handed out on demand: each
 * worker holds DEPTH jobs so that it never waits for rank 0's reply; rank
 * 0 takes jobs itself between answering.
 *
 * Failures: the ranks meet at three points before the run (model loaded,
 * rank 0's engine ready, every engine ready) and agree there to go on or
 * to stop; a rank that fails before the run is named, with its messages.
 * A rank that dies during the run makes mpirun end the job (it names the
 * rank); rank 0 writes its output only once every result is in, and
 * atomically with -o, so no partial output is ever written.
 */
#include "sim_cluster.h"

#include <mpi.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int sim_main(int argc, char **argv);

enum { TAG_JOB = 1, TAG_RESULT = 2, TAG_STOP = 3 };
enum { DEPTH = 2, JOBS_PER_RANK = 16, HDR = 5 };
enum { CODE_OK = 0, CODE_STOPPED = 256 };   /* else the rank's exit status */
enum { KIND_STATS = 0, KIND_SCORES = 1 };

static int mrank, msize;
static int syncs_done;           /* 0..3 meetings this rank has taken part in */
static bool stopped;             /* a meeting decided to stop */
static FILE *captured;           /* ranks > 0: stderr until the run starts */
static int real_stderr = -1;
static int fail_rank = -1;       /* BSC_TEST_MPI_FAIL=RANK:load|JOBS */
static long fail_after = -1;     /* -1: fails at loading */
static bool verbose;
static long jobs_done;
static double *busy, *cpu;       /* rank 0: seconds computing per rank, wall and CPU */
static long *njobs_of;
static double t_gather, bytes_in;   /* rank 0: seconds sending jobs and taking results in, their bytes */

static double clock_s(clockid_t id) {
  struct timespec ts;
  clock_gettime(id, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}
static double now_s(void) { return clock_s(CLOCK_MONOTONIC); }

/* Waits for a message without spinning a core: ranks are often more than
 * cores (mpirun --oversubscribe), and a spinning rank 0 slows the workers. */
static void wait_msg(int src, int tag, MPI_Status *st) {
  int flag = 0;
  for (long us = 1;; us = us < 200 ? us * 2 : 200) {
    MPI_Iprobe(src, tag, MPI_COMM_WORLD, &flag, st);
    if (flag) return;
    struct timespec ts = { 0, us * 1000 };
    nanosleep(&ts, NULL);
  }
}

/* Receives the message that st announces into *buf (grown as needed). */
static void recv_msg(const MPI_Status *st, char **buf, size_t *cap) {
  int len;
  MPI_Get_count(st, MPI_BYTE, &len);
  if ((size_t)len + 1 > *cap) {
    *cap = (size_t)len + 1;
    *buf = bsc_realloc(*buf, *cap);
  }
  MPI_Recv(*buf, len, MPI_BYTE, st->MPI_SOURCE, st->MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
}

/* ---- the meetings before the run ----------------------------------------------- */

static void release_stderr(void) {
  if (real_stderr < 0) return;
  fflush(stderr);
  dup2(real_stderr, 2);
  close(real_stderr);
  real_stderr = -1;
}

/* All ranks give a code; all learn everyone's and agree: -1 to go on,
 * else the exit status to stop with.  A failure on rank 0 is everyone's
 * (the same arguments on every rank) and rank 0 has said why; a failure
 * on another rank alone is named by rank 0, the rank's messages after. */
static int meet(int code) {
  int *codes = calloc((size_t)msize, sizeof(int));
  MPI_Allgather(&code, 1, MPI_INT, codes, 1, MPI_INT, MPI_COMM_WORLD);
  syncs_done++;
  int bad = -1;
  for (int r = 0; r < msize && bad < 0; r++) if (codes[r] != CODE_OK) bad = r;
  int status = -1;
  if (bad == 0) status = codes[0] == CODE_STOPPED ? 0 : codes[0];
  else if (bad > 0) {
    status = codes[bad] == CODE_STOPPED ? 1 : codes[bad];
    if (mrank == 0)
      fprintf(stderr, "bscc sim: rank %d of %d failed before the run (its messages are marked [rank %d]); "
              "nothing simulated, nothing written\n", bad, msize, bad);
  }
  if (status >= 0) {
    stopped = true;
    if (captured && real_stderr >= 0) {
      release_stderr();
      if (bad == mrank) {
        rewind(captured);
        char line[1024];
        while (fgets(line, sizeof line, captured)) fprintf(stderr, "[rank %d] %s", mrank, line);
      }
    }
  }
  free(codes);
  return status;
}

static int test_fail_at_load(void) {
  if (mrank != fail_rank || fail_after >= 0) return CODE_OK;
  fprintf(stderr, "bscc sim: cannot read the model on this rank (test failure: BSC_TEST_MPI_FAIL)\n");
  return 2;
}

/* Meetings 1 (loaded) and 2 (rank 0's engine is ready, so the others load
 * its code from the cache instead of compiling it again), 3 (all ready). */
static int mpi_sync(SimClusterPhase ph) {
  int r;
  if (ph == SIMCL_LOADED) {
    if ((r = meet(test_fail_at_load())) >= 0 || mrank == 0) return r;
    return meet(CODE_OK);
  }
  if (mrank == 0 && (r = meet(CODE_OK)) >= 0) return r;
  r = meet(CODE_OK);
  if (r < 0) release_stderr();        /* the run: messages from now on are this rank's own */
  return r;
}

/* ---- jobs ------------------------------------------------------------------------ */

/* A job: portfolios [p0, p0 + np) of the batch, samples [s0, s0 + ns). */
typedef struct Job { int kind, p0, np, s0, ns; double est; } Job;

static void test_kill(void) {
  if (mrank == fail_rank && fail_after >= 0 && jobs_done >= fail_after) raise(SIGKILL);
}

/* Evaluates one job into a result message: HDR ints, the seconds it took
 * (wall clock and this process's CPU: they differ when cores are shared), then statistics (KIND_STATS: cost, mean, p5, p50, p95, sd, p_green, hist per
 * portfolio) or raw scores and green counts (KIND_SCORES). */
static void do_job(const SimModel *m, SimBlockFn fn, const SimConfig *lc, const uint64_t *keys,
                   const int *h, const unsigned char *funded, Buf *out) {
  double t0 = now_s(), c0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
  int np = h[2], ns = h[4], no = sim_green_stride(m);   /* the objectives' greens, then all committed */
  out->len = 0;
  buf_putn(out, (const char *)h, sizeof(int) * HDR);
  double secs[2] = { 0, 0 };
  buf_putn(out, (const char *)secs, sizeof secs);
  if (h[0] == KIND_STATS) {
    SimResult *res = bsc_malloc(sizeof(SimResult) * (size_t)np);
    sim_run(m, fn, funded, np, lc, res);
    for (int p = 0; p < np; p++) {
      double v[6] = { res[p].cost, res[p].mean, res[p].p5, res[p].p50, res[p].p95, res[p].sd };
      buf_putn(out, (const char *)v, sizeof v);
      buf_putn(out, (const char *)res[p].p_green, sizeof(double) * (size_t)no);
      buf_putn(out, (const char *)res[p].hist, sizeof res[p].hist);
    }
    sim_results_free(res, np);
    free(res);
  } else {
    double *scores = bsc_malloc(sizeof(double) * ((size_t)np * (size_t)ns + 1));
    double *blk = bsc_malloc(sizeof(double) * (size_t)np * SIM_SAMPLE_BLOCK);
    uint32_t *green = bsc_calloc((size_t)np * (size_t)no + 1, sizeof(uint32_t));
    sim_samples(m, fn, funded, np, h[3], ns, keys, scores, blk, green);
    buf_putn(out, (const char *)scores, sizeof(double) * (size_t)np * (size_t)ns);
    buf_putn(out, (const char *)green, sizeof(uint32_t) * (size_t)np * (size_t)no);
    free(scores); free(blk); free(green);
  }
  secs[0] = now_s() - t0;
  secs[1] = clock_s(CLOCK_PROCESS_CPUTIME_ID) - c0;
  memcpy(out->data + sizeof(int) * HDR, secs, sizeof secs);
  jobs_done++;
  test_kill();
}

/* The local configuration: this rank's threads only (one per rank unless
 * --threads says otherwise: MPI puts one rank on each core). */
static SimConfig local_config(const SimConfig *c) {
  SimConfig lc = *c;
  lc.runner = NULL;
  lc.progress = false;
  if (lc.threads == 0) lc.threads = 1;
  return lc;
}

/* Ranks > 0: jobs until TAG_STOP. */
static int mpi_serve(const SimModel *m, SimBlockFn fn, const SimConfig *c) {
  SimConfig lc = local_config(c);
  uint64_t *keys = sim_keys(m, c->seed);
  char *in = NULL;
  size_t cap = 0;
  Buf out;
  buf_init(&out);
  for (;;) {
    MPI_Status st;
    wait_msg(0, MPI_ANY_TAG, &st);
    recv_msg(&st, &in, &cap);
    if (st.MPI_TAG == TAG_STOP) break;
    int h[HDR];
    memcpy(h, in, sizeof h);
    do_job(m, fn, &lc, keys, h, (const unsigned char *)in + sizeof h, &out);
    MPI_Send(out.data, (int)out.len, MPI_BYTE, 0, TAG_RESULT, MPI_COMM_WORLD);
  }
  free(in);
  buf_free(&out);
  free(keys);
  return 0;
}

/* ---- rank 0: a batch of jobs --------------------------------------------------- */

typedef struct Batch {
  const SimModel *m;
  const unsigned char *funded;
  SimResult *out;              /* KIND_STATS: results of the batch's portfolios */
  double *scores;              /* KIND_SCORES: [np * N] of the group, from portfolio g0 */
  uint32_t *green;             /* [np * (nobjs + 1)] */
  int g0, N;
} Batch;

/* What a portfolio costs to evaluate, roughly: the model's work per
 * sample and period plus one unit per effect of a funded initiative. */
static double port_est(const SimModel *m, const unsigned char *f) {
  double e = (double)(m->nmeas + m->nobjs + m->nlinks + m->nops + m->ninputs);
  for (int i = 0; i < m->neffs; i++) if (f[m->effs[i].init]) e += 1.0;
  return e;
}

static int cmp_est(const void *a, const void *b) {
  const Job *x = a, *y = b;
  if (x->est != y->est) return x->est > y->est ? -1 : 1;
  return x->p0 != y->p0 ? x->p0 - y->p0 : x->s0 - y->s0;
}

/* Rank 0 never blocks in a send: a worker may be sending it a result at
 * the same moment, and two blocking sends of messages too large for MPI
 * to buffer wait for each other forever.  Each job has its own buffer and
 * request; all are complete once the batch's results are in. */
static void send_job(const Batch *B, const Job *j, int to, Buf *msg, MPI_Request *req) {
  int h[HDR] = { j->kind, j->p0, j->np, j->s0, j->ns };
  buf_init(msg);
  buf_putn(msg, (const char *)h, sizeof h);
  buf_putn(msg, (const char *)B->funded + (size_t)j->p0 * B->m->ninits, (size_t)j->np * (size_t)B->m->ninits);
  MPI_Isend(msg->data, (int)msg->len, MPI_BYTE, to, TAG_JOB, MPI_COMM_WORLD, req);
}

/* A result message into its place in the batch. */
static void absorb(const Batch *B, const char *msg, int from) {
  const SimModel *m = B->m;
  int h[HDR];
  double secs[2];
  memcpy(h, msg, sizeof h);
  memcpy(secs, msg + sizeof h, sizeof secs);
  busy[from] += secs[0];
  cpu[from] += secs[1];
  const char *q = msg + sizeof h + sizeof secs;
  int no = sim_green_stride(m);
  if (h[0] == KIND_STATS) {
    for (int p = 0; p < h[2]; p++) {
      SimResult *r = &B->out[h[1] + p];
      double v[6];
      memcpy(v, q, sizeof v);
      q += sizeof v;
      r->cost = v[0]; r->mean = v[1]; r->p5 = v[2]; r->p50 = v[3]; r->p95 = v[4]; r->sd = v[5];
      memcpy(r->p_green, q, sizeof(double) * (size_t)no);
      r->p_all_green = r->p_green[no - 1];
      q += sizeof(double) * (size_t)no;
      memcpy(r->hist, q, sizeof r->hist);
      q += sizeof r->hist;
    }
    return;
  }
  int np = h[2], s0 = h[3], ns = h[4], lp = h[1] - B->g0;
  for (int p = 0; p < np; p++, q += sizeof(double) * (size_t)ns)
    memcpy(B->scores + (size_t)(lp + p) * B->N + s0, q, sizeof(double) * (size_t)ns);
  for (int p = 0; p < np; p++)
    for (int o = 0; o < no; o++, q += sizeof(uint32_t)) {
      uint32_t g;
      memcpy(&g, q, sizeof g);
      B->green[(size_t)(lp + p) * no + o] += g;
    }
}

/* A batch being handed out: jobs[next .. last] are not taken yet. */
typedef struct Dispatch {
  const Batch *B;
  Job *jobs;
  int next, last, left;
  Buf *msg;                    /* [njobs]: each job's message, kept until sent */
  MPI_Request *req;
  char *in;                    /* the result being taken in */
  size_t cap;
} Dispatch;

/* Takes in every result that has arrived, each answered with the next job. */
static void answer(Dispatch *D) {
  MPI_Status st;
  int flag = 1;
  while (D->left > 0) {
    MPI_Iprobe(MPI_ANY_SOURCE, TAG_RESULT, MPI_COMM_WORLD, &flag, &st);
    if (!flag) return;
    double t1 = now_s();
    int len;
    MPI_Get_count(&st, MPI_BYTE, &len);
    bytes_in += len;
    recv_msg(&st, &D->in, &D->cap);
    absorb(D->B, D->in, st.MPI_SOURCE);
    njobs_of[st.MPI_SOURCE]++;
    D->left--;
    if (D->next <= D->last) {
      send_job(D->B, &D->jobs[D->next], st.MPI_SOURCE, &D->msg[D->next], &D->req[D->next]);
      D->next++;
    }
    t_gather += now_s() - t1;
  }
}

/* Rank 0's own job, in eighths with the workers answered between them:
 * MPI moves a large message only while its sender is inside an MPI call,
 * so a worker's queued job arrives late if rank 0 computes long. */
static void own_job(Dispatch *D, const Job *j, SimBlockFn fn, const SimConfig *lc, const uint64_t *keys, Buf *mine) {
  int step = j->kind == KIND_STATS ? (j->np + 7) / 8
                                   : ((j->ns + 7) / 8 + SIM_SAMPLE_BLOCK - 1) / SIM_SAMPLE_BLOCK * SIM_SAMPLE_BLOCK;
  int end = j->kind == KIND_STATS ? j->np : j->ns;
  for (int a = 0; a < end; a += step) {
    int n = end - a < step ? end - a : step;
    int h[HDR] = { j->kind, j->p0, j->np, j->s0, j->ns };
    if (j->kind == KIND_STATS) { h[1] += a; h[2] = n; }
    else { h[3] += a; h[4] = n; }
    do_job(D->B->m, fn, lc, keys, h, D->B->funded + (size_t)h[1] * D->B->m->ninits, mine);
    absorb(D->B, mine->data, 0);
    answer(D);
  }
  njobs_of[0]++;
}

/* Hands out the jobs on demand, largest first, and takes the smallest
 * itself (from the end of the list), so that it is soon back to answer. */
static void run_jobs(const Batch *B, Job *jobs, int njobs, SimBlockFn fn, const SimConfig *lc) {
  double t0 = now_s();
  qsort(jobs, (size_t)njobs, sizeof *jobs, cmp_est);
  uint64_t *keys = sim_keys(B->m, lc->seed);
  Dispatch D = { .B = B, .jobs = jobs, .next = 0, .last = njobs - 1, .left = njobs,
                 .msg = bsc_calloc((size_t)njobs + 1, sizeof(Buf)),
                 .req = bsc_malloc(sizeof(MPI_Request) * ((size_t)njobs + 1)) };
  for (int i = 0; i < njobs; i++) D.req[i] = MPI_REQUEST_NULL;
  for (int d = 0; d < DEPTH; d++)
    for (int w = 1; w < msize && D.next <= D.last; w++, D.next++)
      send_job(B, &jobs[D.next], w, &D.msg[D.next], &D.req[D.next]);
  t_gather += now_s() - t0;
  Buf mine;
  buf_init(&mine);
  for (;;) {
    answer(&D);
    if (D.left == 0) break;
    if (D.next <= D.last) {
      own_job(&D, &jobs[D.last--], fn, lc, keys, &mine);
      D.left--;
    } else {
      MPI_Status st;
      wait_msg(MPI_ANY_SOURCE, TAG_RESULT, &st);
    }
  }
  MPI_Waitall(njobs, D.req, MPI_STATUSES_IGNORE);
  for (int i = 0; i < njobs; i++) buf_free(&D.msg[i]);
  free(D.msg);
  free(D.req);
  buf_free(&mine);
  free(D.in);
  free(keys);
}

/* sim_run across the ranks (see the top of the file). */
static void mpi_run(const SimModel *m, SimBlockFn fn, const unsigned char *funded, int nport,
                    const SimConfig *c, SimResult *out) {
  SimConfig lc = local_config(c);
  verbose = c->verbose;
  if (msize == 1) {
    double t0 = now_s(), c0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
    sim_run(m, fn, funded, nport, &lc, out);
    busy[0] += now_s() - t0;
    cpu[0] += clock_s(CLOCK_PROCESS_CPUTIME_ID) - c0;
    njobs_of[0]++;
    return;
  }
  sim_results_alloc(m, out, nport);
  int N = c->samples, target = JOBS_PER_RANK * msize;
  Job *jobs = bsc_calloc((size_t)target + (size_t)nport + 1, sizeof(Job));
  Batch B = { .m = m, .funded = funded, .out = out, .N = N };
  if (nport >= 4 * msize || N < 2 * SIM_SAMPLE_BLOCK) {
    /* portfolios: ranges as small as the job count asks, as large as
     * sim_run's memory bound allows */
    long cap = 4000000L / N;
    int per = (nport + target - 1) / target;
    if (per > cap) per = cap < 1 ? 1 : (int)cap;
    int nj = 0;
    for (int p0 = 0; p0 < nport; p0 += per) {
      Job *j = &jobs[nj++];
      *j = (Job){ KIND_STATS, p0, nport - p0 < per ? nport - p0 : per, 0, N, 0 };
      for (int p = 0; p < j->np; p++) j->est += port_est(m, funded + (size_t)(p0 + p) * m->ninits);
    }
    run_jobs(&B, jobs, nj, fn, &lc);
  } else {
    /* few portfolios: groups of them (bounded memory), each split into
     * ranges of whole sample blocks */
    int G = (int)(8000000L / N);
    G = G < 1 ? 1 : G > nport ? nport : G;
    B.scores = bsc_malloc(sizeof(double) * (size_t)G * (size_t)N);
    B.green = bsc_malloc(sizeof(uint32_t) * ((size_t)G * (size_t)sim_green_stride(m) + 1));
    int nblk = (N + SIM_SAMPLE_BLOCK - 1) / SIM_SAMPLE_BLOCK;
    int ranges = target < nblk ? target : nblk;
    int bs = (nblk + ranges - 1) / ranges * SIM_SAMPLE_BLOCK;
    for (int g0 = 0; g0 < nport; g0 += G) {
      int np = nport - g0 < G ? nport - g0 : G, nj = 0;
      B.g0 = g0;
      memset(B.green, 0, sizeof(uint32_t) * (size_t)np * (size_t)sim_green_stride(m));
      for (int s0 = 0; s0 < N; s0 += bs)
        jobs[nj++] = (Job){ KIND_SCORES, g0, np, s0, N - s0 < bs ? N - s0 : bs, 0 };
      run_jobs(&B, jobs, nj, fn, &lc);
      for (int p = 0; p < np; p++)
        sim_stats(m, funded + (size_t)(g0 + p) * m->ninits, B.scores + (size_t)p * N, N,
                  B.green + (size_t)p * sim_green_stride(m), &out[g0 + p]);
    }
    free(B.scores);
    free(B.green);
  }
  free(jobs);
}

/* ---- the program ----------------------------------------------------------------- */

/* One line of the load balance: per rank, and the max over the mean. */
static void print_balance(const char *what, const double *v, const long *l) {
  double sum = 0, max = 0;
  fprintf(stderr, "bscc-mpi: %-9s", what);
  for (int r = 0; r < msize; r++) {
    double x = v ? v[r] : (double)l[r];
    sum += x;
    max = x > max ? x : max;
    fprintf(stderr, v ? " %8.3f" : " %8.0f", x);
  }
  fprintf(stderr, "   max/mean %.3f\n", sum > 0 ? max / (sum / msize) : 1.0);
}

/* After sim_main: the meetings this rank missed (it stopped early), then
 * the workers' release; the statistics of load balance with --verbose. */
static int finish(int status) {
  int code = status == 0 ? CODE_STOPPED : status;
  while (!stopped && syncs_done < 3) {
    int r = meet(code);
    if (r >= 0) status = r;
  }
  release_stderr();
  bool ran = !stopped && syncs_done == 3;
  if (mrank == 0 && ran && msize > 1) {
    for (int w = 1; w < msize; w++) MPI_Send(NULL, 0, MPI_BYTE, w, TAG_STOP, MPI_COMM_WORLD);
  }
  if (mrank == 0 && ran && verbose) {
    long nj = 0;
    for (int r = 0; r < msize; r++) nj += njobs_of[r];
    fprintf(stderr, "bscc-mpi: %d rank%s, %ld jobs\n", msize, msize == 1 ? "" : "s", nj);
    print_balance("jobs", NULL, njobs_of);
    print_balance("busy (s)", busy, NULL);
    print_balance("cpu (s)", cpu, NULL);
    fprintf(stderr, "bscc-mpi: rank 0: %.6f s handing out %ld jobs and gathering %.0f bytes\n",
            t_gather, nj - njobs_of[0], bytes_in);
  }
  return status;
}

static const SimCluster cluster = { .sync = mpi_sync, .serve = mpi_serve, .run = mpi_run };

int main(int argc, char **argv) {
  int provided;
  MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
  MPI_Comm_rank(MPI_COMM_WORLD, &mrank);
  MPI_Comm_size(MPI_COMM_WORLD, &msize);
  if (argc < 2 || strcmp(argv[1], "sim")) {
    if (mrank == 0)
      fputs("usage: mpirun -n N bscc-mpi sim FILE [options of `bscc sim`]  (docs/cluster.md)\n", stderr);
    MPI_Finalize();
    return 2;
  }
  const char *tf = getenv("BSC_TEST_MPI_FAIL");
  if (tf) {
    char *end;
    fail_rank = (int)strtol(tf, &end, 10);
    fail_after = *end == ':' && strcmp(end + 1, "load") ? strtol(end + 1, NULL, 10) : -1;
  }
  busy = bsc_calloc((size_t)msize, sizeof(double));
  cpu = bsc_calloc((size_t)msize, sizeof(double));
  njobs_of = bsc_calloc((size_t)msize, sizeof(long));
  if (mrank > 0) {
    /* one output, rank 0's; the others' messages before the run are
     * shown only when this rank alone fails */
    if (!freopen("/dev/null", "w", stdout)) return 2;
    captured = tmpfile();
    if (captured) {
      fflush(stderr);
      real_stderr = dup(2);
      dup2(fileno(captured), 2);
    }
  }
  SimCluster c = cluster;
  c.rank = mrank;
  c.size = msize;
  sim_cluster = &c;
  int status = finish(sim_main(argc - 2, argv + 2));
  if (captured) fclose(captured);
  free(busy);
  free(cpu);
  free(njobs_of);
  MPI_Finalize();
  return status;
}
