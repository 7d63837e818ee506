/*
 * fuzz_portfolio.c - libFuzzer target: the portfolio reader of `bscc sim
 * --portfolios FILE` on arbitrary bytes, against a fixed model with
 * initiatives (examples/smart_hardware/strategy.bsc).
 *
 * The reader is sim_ports_csv (compiler/sim_ports.c); the bytes go through
 * a file, as in `bscc sim`, since it reads a path: a memfd, named by its
 * /proc/self/fd path, so that nothing is left behind, even by a crash.
 *
 * Oracle:
 *   - every diagnostic points inside the portfolio file (row and column);
 *   - the error count sim_ports_csv returns is zero exactly when no error was
 *     reported;
 *   - an accepted file's rows are made only of bytes that were read (no
 *     NUL byte in them);
 *   - an accepted file round-trips: its portfolios written back (names
 *     RFC 4180 quoted, initiatives joined by `;`) and read again give no
 *     error and the same names and funded initiatives.
 */
#include "sim_ports.h"
#include "csvio.h"
#include "fuzz.h"
#include "simload.h"
#include <sys/mman.h>
#include <unistd.h>

static SimLoaded *fz_model;
static int fz_fd = -1;
static char fz_path[64];

static void fz_write_file(const char *data, size_t size) {
  FZ_CHECK(ftruncate(fz_fd, 0) == 0 && pwrite(fz_fd, data, size, 0) == (ssize_t)size, "cannot write %s", fz_path);
}

/* Reads the text as a portfolio file into set; returns the error count. */
static int fz_read_ports(const char *data, size_t size, DiagEngine *de, Program *p, SimPortSet *set) {
  fz_write_file(data, size);
  diag_init(de);
  program_init(p, de);
  memset(set, 0, sizeof *set);
  int errors = 0;
  FileErr fe = {0};
  FZ_CHECK(sim_ports_csv(p, fz_model->m, set, fz_path, &errors, &fe), "sim_ports_csv cannot read %s", fz_path);
  fz_check_spans(de, 0, 0);
  FZ_CHECK((errors > 0) == (de->nerrors > 0), "sim_ports_csv counts %d errors, %d reported", errors, de->nerrors);
  return errors;
}

static void fz_write_back(const SimPortSet *set, Buf *b) {
  const SimModel *m = fz_model->m;
  buf_puts(b, "name,initiatives\n");
  for (int i = 0; i < set->n; i++) {
    csvio_put_field(b, set->items[i].name);
    buf_putc(b, ',');
    Buf list;
    buf_init(&list);
    for (int k = 0; k < m->ninits; k++)
      if (set->items[i].funded[k]) { if (list.len) buf_putc(&list, ';'); buf_puts(&list, m->inits[k].name); }
    if (list.len) csvio_put_field(b, list.data);
    buf_free(&list);
    buf_putc(b, '\n');
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  (void)simload_compare;                   /* simload.h's other helper, for the JIT target */
  if (!fz_model) {
    size_t len;
    char *model = fz_read("examples/smart_hardware/strategy.bsc", &len);
    char mpath[4096];
    snprintf(mpath, sizeof mpath, "%s/examples/smart_hardware/strategy.bsc", fz_root());
    const char *why = NULL;
    fz_model = simload(mpath, model, &why);
    FZ_CHECK(fz_model && fz_model->m->ninits > 1, "the fixed model cannot be simulated: %s", why ? why : "no initiatives");
    free(model);
    fz_fd = memfd_create("bscc-fuzz-portfolio.csv", 0);
    FZ_CHECK(fz_fd >= 0, "memfd_create failed");
    snprintf(fz_path, sizeof fz_path, "/proc/self/fd/%d", fz_fd);
  }
  DiagEngine de;
  Program p;
  SimPortSet set;
  int errors = fz_read_ports((const char *)data, size, &de, &p, &set);
  if (errors == 0 && set.n > 0) {          /* (a file of no portfolios may be refused) */
    const Source *src = diag_source(&de, 0);
    for (int i = 0; i < set.n; i++) {
      Span sp = set.items[i].span;
      FZ_CHECK(sp.end <= src->len && !memchr(src->text + sp.off, 0, sp.end - sp.off),
               "portfolio `%s` (at byte %u) holds a NUL byte", set.items[i].name, sp.off);
    }
    Buf b;
    buf_init(&b);
    fz_write_back(&set, &b);
    DiagEngine de2;
    Program p2;
    SimPortSet set2;
    int e2 = fz_read_ports(b.data, b.len, &de2, &p2, &set2);
    FZ_CHECK(e2 == 0, "the accepted portfolios, written back, are refused: %s\n%s", de2.diags[0].msg, b.data);
    FZ_CHECK(set2.n == set.n, "%d portfolios accepted, %d after the round trip", set.n, set2.n);
    for (int i = 0; i < set.n; i++) {
      FZ_CHECK(!strcmp(set.items[i].name, set2.items[i].name), "portfolio `%s` reads back as `%s`", set.items[i].name,
               set2.items[i].name);
      FZ_CHECK(!memcmp(set.items[i].funded, set2.items[i].funded, (size_t)fz_model->m->ninits),
               "portfolio `%s` reads back with other initiatives", set.items[i].name);
    }
    sim_ports_free(&set2);
    program_free(&p2);
    diag_free(&de2);
    buf_free(&b);
  }
  fz_render(&de);
  sim_ports_free(&set);
  program_free(&p);
  diag_free(&de);
  return 0;
}
