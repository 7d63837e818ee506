/* Unit tests for the language server's incremental parse: the chunk
 * scanner (compiler/lsp_scan.c) and, after many random edits, the
 * incremental analysis (compiler/lsp_chunk.c) against a full parse. */
#include <criterion/criterion.h>
#include <glob.h>

#include "lsp_int.h"

/* ---- the scanner ---------------------------------------------------------- */

static int scan(const char *t, uint32_t **st) { return chunk_scan(t, strlen(t), st); }

Test(lsp_scan, declarations_at_column_zero) {
  const char *t = "// head\nstrategy \"S\" {\n  horizon 2025 .. 2026\n}\nunit hours\nobjective a \"A\" {\n"
                  "  kr k \"K\": percent 1 -> 2\n}\nkpi nps \"NPS\": points 1 -> 2\n  owner \"x\"\na -> b\n";
  uint32_t *st;
  int n = scan(t, &st);
  cr_assert_eq(n, 5, "got %d", n);
  cr_assert_eq(st[0], 0);                                  /* the head comment */
  cr_assert_str_eq(t + st[1], strstr(t, "strategy"));
  cr_assert_str_eq(t + st[2], strstr(t, "unit hours"));
  cr_assert_str_eq(t + st[3], strstr(t, "objective a"));
  cr_assert_str_eq(t + st[4], strstr(t, "kpi nps"));      /* `a -> b` stays with the KPI */
  free(st);
}

Test(lsp_scan, braces_in_strings_and_comments) {
  const char *t = "objective a \"{\" {\n  // }\n  /* }\n}\nobjective b {\n */ kr k \"}\": percent 1 -> 2\n}\n"
                  "objective c \"\\\"}\" {\n}\n";
  uint32_t *st;
  int n = scan(t, &st);
  cr_assert_eq(n, 2, "got %d", n);    /* `objective b` is inside the block comment */
  cr_assert_str_eq(t + st[1], strstr(t, "objective c"));
  free(st);
}

Test(lsp_scan, not_a_boundary) {
  uint32_t *st;
  /* indented, inside braces, or a longer name */
  cr_assert_eq(scan("objective a {\nobjective b {\n}\n}\n  unit x\nunitx = 1\nunit\xE4\xB8\xAD\n", &st), 1);
  free(st);
}

Test(lsp_scan, unsure) {
  uint32_t *st;
  cr_assert_eq(scan("objective a {\n", &st), -1);
  cr_assert_null(st);
  cr_assert_eq(scan("}\nobjective a {\n", &st), -1);
  cr_assert_eq(scan("objective a \"open\n{\n}\n", &st), -1);
  cr_assert_eq(scan("/* open\nobjective a {}\n", &st), -1);
  cr_assert_eq(scan("", &st), 1);
  free(st);
}

/* ---- random edits: incremental against full ------------------------------ */

static char *slurp(const char *path, size_t *len) {
  FileErr fe;
  char *t = file_read(path, 1 << 24, len, &fe);
  cr_assert_not_null(t, "cannot read %s", path);
  return t;
}

typedef struct Res {
  DiagEngine *de;
  Program *p;
} Res;

static Res compile(const char *text, size_t len, ChunkCache *cc) {
  Res r = { bsc_calloc(1, sizeof(DiagEngine)), bsc_calloc(1, sizeof(Program)) };
  diag_init(r.de);
  r.de->max_errors = 1000;
  program_init(r.p, r.de);
  LoadOptions lo = {0};
  if (cc) {
    r.p->in = chunks_interner(cc);
    lo.parse = chunks_load_parse;
    lo.parse_ctx = cc;
  }
  if (load_program(r.p, "/nonexistent/incr/t.bsc", text, len, &lo)) chunks_check(cc, r.p);
  diag_sort(r.de);
  return r;
}

static void res_free(Res r) {
  program_free(r.p);
  diag_free(r.de);
  free(r.p);
  free(r.de);
}

/* Everything a client sees of an analysis: each diagnostic (code,
 * severity, span, message, help, notes, fix), the outline, and the
 * main file's tree. */
static char *render(Res r, const char *text, size_t len) {
  Buf b;
  buf_init(&b);
  for (int i = 0; i < r.de->ndiags; i++) {
    const Diag *g = &r.de->diags[i];
    buf_printf(&b, "%s %d [%d %u %u] %s | %s\n", diag_code_str(g->code), g->sev, g->span.file, g->span.off,
               g->span.end, g->msg ? g->msg : "", g->help ? g->help : "");
    for (int k = 0; k < g->nnotes; k++)
      buf_printf(&b, "  note [%d %u %u] %s\n", g->notes[k].span.file, g->notes[k].span.off, g->notes[k].span.end,
                 g->notes[k].msg ? g->notes[k].msg : "");
  }
  Doc d = {0};
  d.p = r.p;
  d.de = r.de;
  d.file = r.p->main_file;
  lines_init(&d.lines, text, len);
  doc_symbols(&b, &d);
  lines_free(&d.lines);
  buf_putc(&b, '\n');
  for (int i = 0; i < r.p->nfiles; i++)
    if (r.p->files[i]->file == r.p->main_file) {
      ast_dump(&b, r.p->files[i]);
      for (int k = 0; k < r.p->files[i]->ncomments; k++)
        buf_printf(&b, "comment %u %u\n", r.p->files[i]->comments[k].span.off, r.p->files[i]->comments[k].span.end);
    }
  return b.data ? buf_steal(&b) : bsc_strdup("");
}

static uint64_t rng = 88172645463325252ull;
static uint32_t rnd(uint32_t n) {
  rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17;
  return n ? (uint32_t)(rng % n) : 0;
}

static const char *const snippets[] = {
  "x", " ", "\n", "{", "}", "\"", "/*", "*/", "// c\n", "1", "->", ":", "%",
  "objective zz \"Z\" in customer {\n  kr zk \"ZK\": percent 10 -> 20 by 2025-Q4\n}\n",
  "\nobjective yy \"Y\" {\n}\n", "  kr k9 \"t\": percent 1 -> 2\n", "unit widgets\n",
  "kpi kq \"Q\": percent 1 -> 2\n", "\n/* block\n comment */\n", "aligns ", "weight 2\n",
};

/* An edit that keeps the text valid as often as not: a character in a
 * title, a whole declaration inserted, deleted or duplicated at a
 * declaration's start, a blank line. */
static void benign(Buf *b, uint32_t *a, uint32_t *z, Buf *ins) {
  uint32_t *st;
  int n = chunk_scan(b->data, b->len, &st);
  uint32_t len = (uint32_t)b->len, k = rnd(5);
  if (n < 1) { *a = *z = rnd(len + 1); return; }
  int i = (int)rnd((uint32_t)n);
  uint32_t s0 = st[i], s1 = i + 1 < n ? st[i + 1] : len;
  if (k == 0) {                                        /* a letter after a quote */
    const char *q = memchr(b->data + s0, '"', s1 - s0);
    *a = *z = q ? (uint32_t)(q - b->data) + 1 : s0;
    buf_puts(ins, "x");
  } else if (k == 1) {                                 /* a declaration inserted */
    *a = *z = s0;
    buf_puts(ins, snippets[13 + rnd(2)]);
  } else if (k == 2 && n > 2) {                        /* a declaration deleted */
    *a = s0; *z = s1;
  } else if (k == 3) {                                 /* one duplicated (names defined twice) */
    *a = *z = s1;
    buf_putn(ins, b->data + s0, s1 - s0);
  } else {
    *a = *z = s0;
    buf_puts(ins, "\n");
  }
  free(st);
}

/* One random edit of b (a growable text), like an editor's: mostly ones
 * that keep it valid, some that break it (a brace, a quote, a deletion
 * across declarations); `mend` goes back to the last text without syntax
 * errors. */
static void edit(Buf *b, const Buf *good) {
  if (good->len && rnd(6) == 0) {
    buf_free(b);
    buf_init(b);
    buf_putn(b, good->data, good->len);
    return;
  }
  uint32_t len = (uint32_t)b->len, a = rnd(len + 1), k = rnd(10);
  /* near a line start often: where declarations begin and end */
  if (rnd(3) == 0) while (a > 0 && b->data[a - 1] != '\n') a--;
  uint32_t z = a;
  Buf ins;
  buf_init(&ins);
  if (rnd(2)) benign(b, &a, &z, &ins);
  else if (k < 4) buf_puts(&ins, snippets[rnd(sizeof snippets / sizeof snippets[0])]);
  else if (k < 7) z = a + rnd(k == 6 ? 400 : 8);            /* a deletion, sometimes across declarations */
  else if (k < 9) {                                            /* a copy of some other part */
    uint32_t s = rnd(len + 1), n = rnd(300);
    if (s + n > len) n = len - s;
    buf_putn(&ins, b->data + s, n);
  } else {                                                     /* a replacement of a few bytes */
    z = a + rnd(4);
    buf_puts(&ins, snippets[rnd(13)]);
  }
  if (z > len) z = len;
  Buf nb;
  buf_init(&nb);
  buf_putn(&nb, b->data, a);
  if (ins.len) buf_putn(&nb, ins.data, ins.len);
  buf_putn(&nb, b->data + z, len - z);
  buf_free(&ins);
  buf_free(b);
  *b = nb;
  if (!b->data) buf_puts(b, "");
}

/* nedits random edits of text t (of file `path`, for the messages),
 * each analysis compared with a full one; with `often`, the incremental
 * path must have been taken in a fifth of them. */
static void random_edits_of(const char *path, const char *t, size_t len, int nedits, uint64_t seed, bool often) {
  rng = seed;
  Buf b;
  buf_init(&b);
  buf_putn(&b, t, len);
  ChunkCache *cc = chunks_new();
  chunks_verify(cc, true);
  Res prev = {0};
  int used = 0;
  Buf good;
  buf_init(&good);
  for (int i = 0; i <= nedits; i++) {
    if (i) edit(&b, &good);
    Res inc = compile(b.data, b.len, cc);
    cr_assert_eq(chunks_stats(cc)->verify_bad, 0, "%s: edit %d: a kept node is not as parsed after the reset "
                 "(the checker wrote a field the reset leaves: lsp_chunk.c, fx_*)", path, i);
    if (chunks_stats(cc)->used) {
      used++;
      buf_free(&good);
      buf_init(&good);
      buf_putn(&good, b.data, b.len);
    }
    if (prev.p) res_free(prev);              /* as the server: the old analysis goes after the new one */
    Res full = compile(b.data, b.len, NULL);
    char *x = render(inc, b.data, b.len), *y = render(full, b.data, b.len);
    if (strcmp(x, y)) {
      FILE *f = fopen("/tmp/lspincr_fail.bsc", "w");
      if (f) { fwrite(b.data, 1, b.len, f); fclose(f); }
      f = fopen("/tmp/lspincr_inc.txt", "w"); if (f) { fputs(x, f); fclose(f); }
      f = fopen("/tmp/lspincr_full.txt", "w"); if (f) { fputs(y, f); fclose(f); }
      cr_assert_fail("%s: edit %d: the incremental analysis differs from a full parse "
                     "(text in /tmp/lspincr_fail.bsc, results in /tmp/lspincr_{inc,full}.txt)", path, i);
    }
    free(x);
    free(y);
    res_free(full);
    prev = inc;
  }
  if (prev.p) res_free(prev);
  chunks_free(cc);
  buf_free(&b);
  buf_free(&good);
  /* the test means something only if the incremental path was taken */
  if (often) cr_assert_gt(used, nedits / 5, "%s: incremental in only %d of %d analyses", path, used, nedits + 1);
}

static void random_edits(const char *path, int nedits, uint64_t seed) {
  size_t len;
  char *t = slurp(path, &len);
  random_edits_of(path, t, len, nedits, seed, true);
  free(t);
}

Test(lsp_incr, random_edits_toymaker, .timeout = 300) { random_edits("../../examples/toymaker.bsc", 600, 1); }
Test(lsp_incr, random_edits_retailer, .timeout = 300) { random_edits("../../examples/retailer.bsc", 600, 2); }
Test(lsp_incr, random_edits_portfolio, .timeout = 300) { random_edits("../../examples/portfolio.bsc", 600, 3); }

/* Every example, the error examples too, a few edits each: each check
 * writes its results into the kept nodes, and chunks_verify requires that
 * the reset makes them as parsed again, whatever the checker reached (a
 * cascade's formula, prev's lag, a quickscore's anchors, a period reported
 * unusable, which is written back from the undo list). */
Test(lsp_incr, reset_after_every_example, .timeout = 300) {
  const char *globs[] = { "../../examples/*.bsc", "../../examples/*/*.bsc" };
  int nfiles = 0;
  for (int g = 0; g < 2; g++) {
    glob_t gl;
    if (glob(globs[g], 0, NULL, &gl)) continue;
    for (size_t i = 0; i < gl.gl_pathc; i++, nfiles++) {
      size_t len;
      char *t = slurp(gl.gl_pathv[i], &len);
      random_edits_of(gl.gl_pathv[i], t, len, 12, 100 + (uint64_t)nfiles, false);
      free(t);
    }
    globfree(&gl);
  }
  cr_assert_gt(nfiles, 100, "only %d examples found", nfiles);
}
