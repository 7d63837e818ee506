/*
 * oracles.c - the checks the fuzz targets share (fuzz.h).
 */
#include <graphviz/cgraph.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz.h"
#include "fmt.h"
#include "graph.h"
#include "lsp.h"
#include "rt.h"
#include "sema.h"
#include "sim.h"

#ifndef FZ_ROOT
#define FZ_ROOT "."
#endif

void fz_fail(const char *file, int line, const char *fmt, ...) {
  va_list ap;
  fprintf(stderr, "\n==fuzz== oracle failed at %s:%d: ", file, line);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
  abort();
}

const char *fz_root(void) {
  const char *r = getenv("BSCC_ROOT");
  return r && *r ? r : FZ_ROOT;
}

char *fz_read(const char *relpath, size_t *len) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", fz_root(), relpath);
  char *t = read_file(path, len);
  FZ_CHECK(t, "cannot read %s (set BSCC_ROOT to the repository)", path);
  return t;
}

static void check_span(const DiagEngine *de, Span sp, int file, const char *what, const Diag *d) {
  if (file >= 0) FZ_CHECK(sp.file == file, "%s of `%s` is in source %d, not in %d", what, d->msg, sp.file, file);
  FZ_CHECK(sp.file >= 0 && sp.file < de->nsrcs, "%s of `%s` names no source (%d)", what, d->msg, sp.file);
  const Source *s = diag_source(de, sp.file);
  FZ_CHECK(sp.off <= sp.end && sp.end <= s->len, "%s of `%s` is %u..%u, outside %s (%zu bytes)", what, d->msg,
           sp.off, sp.end, s->path, s->len);
  int line, col;
  diag_linecol(de, sp.file, sp.off, &line, &col);
  FZ_CHECK(line >= 1 && line <= s->nlines + 1 && col >= 1, "%s of `%s` is at %d:%d, outside %s", what, d->msg, line,
           col, s->path);
}

void fz_check_spans(const DiagEngine *de, int from, int file) {
  for (int i = from; i < de->ndiags; i++) {
    const Diag *d = &de->diags[i];
    check_span(de, d->span, file, "the span", d);
    for (int k = 0; k < d->nnotes; k++)
      if (d->notes[k].span.file >= 0) check_span(de, d->notes[k].span, -1, "a note", d);
  }
}

void fz_render(DiagEngine *de) {
  static FILE *null;
  if (!null) null = fopen("/dev/null", "w");
  FZ_CHECK(null, "cannot open /dev/null");
  diag_sort(de);
  diag_render(de, null, FMT_TEXT, true);
  diag_render(de, null, FMT_JSON, false);
  diag_render(de, null, FMT_SARIF, false);
  fflush(null);
}

void fz_load(FzProg *f, const char *name, const char *text, size_t len) {
  diag_init(&f->de);
  program_init(&f->p, &f->de);
  f->loaded = load_program(&f->p, name, text, len, NULL);
  f->clean = false;
  if (f->loaded) {
    SemaOptions so = {0};
    f->clean = sema_check(&f->p, &so) && f->de.nerrors == 0;
  }
  fz_check_spans(&f->de, 0, -1);
}

void fz_prog_free(FzProg *f) {
  program_free(&f->p);
  diag_free(&f->de);
}

/* ---- fmt ------------------------------------------------------------------ */

void fz_fmt(const char *text, size_t len) {
  DiagEngine de;
  diag_init(&de);
  char *out = NULL, *why = NULL;
  FmtStatus st = fmt_text("fuzz.bsc", text, len, &de, &out, &why);
  FZ_CHECK(st != FMT_INTERNAL, "fmt would change the meaning: %s", why ? why : "?");
  if (st == FMT_SYNTAX) {
    FZ_CHECK(de.nerrors > 0 && !out, "fmt refused the text without an error");
    fz_check_spans(&de, 0, -1);
  } else {
    DiagEngine de2;
    diag_init(&de2);
    char *again = NULL, *why2 = NULL;
    FmtStatus st2 = fmt_text("fuzz.bsc", out, strlen(out), &de2, &again, &why2);
    FZ_CHECK(st2 == FMT_OK, "fmt's output does not format again (status %d: %s):\n%s", st2, why2 ? why2 : "", out);
    FZ_CHECK(!strcmp(again, out), "fmt is not idempotent:\n--- fmt(x)\n%s\n--- fmt(fmt(x))\n%s", out, again);
    free(again);
    free(why2);
    diag_free(&de2);
  }
  free(out);
  free(why);
  diag_free(&de);
}

/* ---- graph ---------------------------------------------------------------- */

/* "o12" -> 12, "band3" -> -4 (band 3), anything else -> INT_MIN */
static int node_id(const char *name) {
  char *end;
  if (name[0] == 'o' && name[1] >= '0' && name[1] <= '9') {
    long v = strtol(name + 1, &end, 10);
    return *end ? -1 - (1 << 30) : (int)v;
  }
  if (!strncmp(name, "band", 4) && name[4] >= '0' && name[4] <= '9') {
    long v = strtol(name + 4, &end, 10);
    return *end ? -1 - (1 << 30) : -1 - (int)v;
  }
  return -1 - (1 << 30);
}

void fz_graph(Program *p, const ScoreCard *sc) {
  Buf b;
  buf_init(&b);
  graph_dot(&b, p, sc);
  FZ_CHECK(b.data, "graph_dot wrote nothing");
  Agraph_t *g = agmemread(b.data);
  FZ_CHECK(g, "Graphviz cannot read the DOT of bscc graph:\n%s", b.data);
  int no = p->objectives.len, np = p->perspectives.len, objs = 0, bands = 0, oo = 0, inits = 0;
  for (Agnode_t *n = agfstnode(g); n; n = agnxtnode(g, n)) {
    const char *nm = agnameof(n);
    if (nm[0] == 'i' && nm[1] >= '0' && nm[1] <= '9') {   /* an initiative: i<index> */
      char *end;
      long ii = strtol(nm + 1, &end, 10);
      FZ_CHECK(!*end && ii < p->initiatives.len, "unexpected initiative node `%s` in:\n%s", nm, b.data);
      Initiative *in = p->initiatives.items[ii];
      const char *tip = agget(n, "tooltip");
      FZ_CHECK(tip && !strcmp(tip, in->name.name ? in->name.name : "?"), "node %s has tooltip `%s`, the initiative is `%s`",
               nm, tip ? tip : "(none)", in->name.name);
      inits++;
      continue;
    }
    if (nm[0] == 't' && nm[1] >= '0' && nm[1] <= '9') {   /* a strategic theme: t<index> */
      char *end;
      long ti = strtol(nm + 1, &end, 10);
      FZ_CHECK(!*end && ti < p->themes.len, "unexpected theme node `%s` in:\n%s", nm, b.data);
      Theme *th = p->themes.items[ti];
      const char *tip = agget(n, "tooltip");
      FZ_CHECK(tip && !strcmp(tip, th->name.name ? th->name.name : "?"), "node %s has tooltip `%s`, the theme is `%s`",
               nm, tip ? tip : "(none)", th->name.name);
      continue;
    }
    int id = node_id(nm);
    FZ_CHECK(id >= -np - 1 && id < no && id != -1 - (1 << 30), "unexpected node `%s` in:\n%s", agnameof(n), b.data);
    if (id < 0) { bands++; continue; }
    objs++;
    Objective *o = p->objectives.items[id];
    const char *tip = agget(n, "tooltip");
    FZ_CHECK(tip && !strcmp(tip, o->name.name ? o->name.name : "?"), "node o%d has tooltip `%s`, the objective is `%s`",
             id, tip ? tip : "(none)", o->name.name);
    for (Agedge_t *e = agfstout(g, n); e; e = agnxtout(g, e))
      if (node_id(agnameof(aghead(e))) >= 0) oo++;
  }
  int want = 0;
  Link *l;
  VEC_EACH(Link *, l, p->links) if (l->src && l->dst) want++;
  Objective *o;
  VEC_EACH(Objective *, o, p->objectives)     /* one edge per resolved parent (E150's several) */
    for (int i = 0; i < o->nparents; i++) if (o->parents[i].obj) want++;
  FZ_CHECK(objs == no, "the DOT has %d objective nodes, the program %d objectives", objs, no);
  FZ_CHECK(bands == np, "the DOT has %d perspective bands, the program %d perspectives", bands, np);
  FZ_CHECK(oo == want, "the DOT has %d edges between objectives, the program %d links and alignments", oo, want);
  int want_inits = graph_shows_initiatives(p) ? p->initiatives.len : 0;   /* every one, once any is tracked */
  FZ_CHECK(inits == want_inits, "the DOT has %d initiative nodes, the program %d initiatives shown", inits, want_inits);
  agclose(g);
  const char *svg = getenv("BSCC_FUZZ_SVG");
  if (svg && *svg == '1') {
    /* twice: the rendering is repeatable (nothing of one render, such as
     * a cache inside Graphviz, leaks into the next) */
    size_t n = 0, n2 = 0;
    const char *err = NULL, *err2 = NULL;
    char *out = graph_render(b.data, "svg", &n, &err);
    FZ_CHECK(out || err, "graph_render failed without a message");
    if (out) FZ_CHECK(n > 0 && strstr(out, "<svg"), "graph_render's output is not SVG");
    char *again = graph_render(b.data, "svg", &n2, &err2);
    FZ_CHECK(!out == !again && (!out || (n == n2 && !memcmp(out, again, n))), "rendering the same map twice differs");
    free(out);
    free(again);
  }
  buf_free(&b);
}

/* ---- sim ------------------------------------------------------------------ */

void fz_simulate(Program *p, const ScoreCard *sc) {
  char *err = NULL;
  SimModel *m = sim_lower(p, sc, &err);
  if (m && m->ninits < 64) {
    int nport = 2, ns = 2;
    unsigned char funded[128] = {0};
    for (int i = 0; i < m->ninits; i++) funded[m->ninits + i] = 1;
    uint64_t *keys = calloc((size_t)m->ninputs + 1, sizeof(uint64_t));
    for (int i = 0; i < m->ninputs; i++) keys[i] = rt_stream_key(7, m->inputs[i].stream);
    double scores[4];
    uint32_t *green = calloc((size_t)sim_green_stride(m) * nport + 1, sizeof(uint32_t));
    interp_block(m, funded, nport, 0, ns, keys, scores, green, NULL);
    for (int i = 0; i < nport * ns; i++)
      FZ_CHECK(scores[i] >= 0 && scores[i] <= 1, "a simulated scorecard score is %.17g, not in 0..1", scores[i]);
    for (int i = 0; i < sim_green_stride(m) * nport; i++)
      FZ_CHECK(green[i] <= (uint32_t)ns, "an objective is green in %u of %d samples", green[i], ns);
    free(keys);
    free(green);
  }
  free(err);
  sim_free(m);
}

/* ---- lsp ------------------------------------------------------------------ */

#define SENTINEL "\001fuzz-sentinel"

void fz_lsp_frame(Buf *in, const char *body, size_t n, int variant) {
  if (variant == 2) buf_printf(in, "content-length:%zu\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n", n);
  else buf_printf(in, "Content-Length: %zu\r\n\r\n", n);
  buf_putn(in, body, n);
}

void fz_lsp_send(Buf *in, json_t *msg, json_t *want) {
  FZ_CHECK(msg, "a message of the target cannot be built");
  json_t *id = json_object_get(msg, "id");
  if (id) json_array_append(want, id);
  char *body = json_dumps(msg, JSON_COMPACT);
  fz_lsp_frame(in, body, strlen(body), 0);
  free(body);
  json_decref(msg);
}

void fz_lsp_sentinel(Buf *in) {
  const char s[] = "{\"jsonrpc\":\"2.0\",\"id\":\"\\u0001fuzz-sentinel\",\"method\":\"fuzz/sentinel\"}";
  fz_lsp_frame(in, s, strlen(s), 0);
}

/* Checks the server's output against the ids wanted. */
static void check_output(const char *out, size_t len, json_t *want) {
  size_t pos = 0;
  bool sentinel = false;
  while (pos < len) {
    size_t n;
    int hl = 0;
    FZ_CHECK(sscanf(out + pos, "Content-Length: %zu\r\n\r\n%n", &n, &hl) == 1 && hl > 0 && pos + hl + n <= len,
             "the server's output is not framed at byte %zu", pos);
    json_error_t err;
    json_t *m = json_loadb(out + pos + hl, n, 0, &err);
    FZ_CHECK(json_is_object(m), "the server sent invalid JSON: %s", err.text);
    const char *jr = json_string_value(json_object_get(m, "jsonrpc"));
    FZ_CHECK(jr && !strcmp(jr, "2.0"), "the server sent a message without jsonrpc 2.0");
    json_t *id = json_object_get(m, "id");
    if (!json_object_get(m, "method") && !json_is_null(id)) {      /* a response with an id */
      FZ_CHECK(id, "a response without an id");
      FZ_CHECK(json_object_get(m, "result") || json_object_get(m, "error"), "a response with no result or error");
      if (json_is_string(id) && !strcmp(json_string_value(id), SENTINEL)) {
        FZ_CHECK(!sentinel, "the sentinel request has two responses");
        sentinel = true;
      } else if (!sentinel) {
        size_t k = 0;
        while (k < json_array_size(want) && !json_equal(json_array_get(want, k), id)) k++;
        char *s = json_dumps(id, JSON_ENCODE_ANY);
        FZ_CHECK(k < json_array_size(want), "a response to id %s, which no request had (or a second one)", s);
        free(s);
        json_array_remove(want, k);
      }
    }
    json_decref(m);
    pos += (size_t)hl + n;
  }
  FZ_CHECK(sentinel, "the sentinel request has no response");
  if (json_array_size(want)) {
    char *s = json_dumps(json_array_get(want, 0), JSON_ENCODE_ANY);
    FZ_CHECK(false, "the request with id %s has no response", s);
  }
}

void fz_lsp_check(const Buf *in, json_t *want) {
  FILE *fin = fmemopen(in->data, in->len, "r");
  char *out = NULL;
  size_t outlen = 0;
  FILE *fout = open_memstream(&out, &outlen);
  FZ_CHECK(fin && fout, "cannot open the in-memory streams");
  lsp_serve(fin, fout);
  fclose(fin);
  fclose(fout);
  check_output(out, outlen, want);
  free(out);
}
