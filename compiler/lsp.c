/*
 * lsp.c - the language server: `bscc lsp` (docs/lsp.md).
 *
 * JSON-RPC 2.0 over stdio with LSP's Content-Length framing; JSON is read
 * and written with jansson.  The server keeps the open documents' text;
 * on open and on every change it compiles the document (its imports are
 * read from disk), runs the checker, publishes the diagnostics, and keeps
 * the compiled Program to answer hover, definition, references, rename,
 * completion and outline requests until the next change.
 *
 * Robustness: every message is validated before use.  A message that is
 * not JSON gets a -32700 error, one that is not a request -32600, an
 * unknown method -32601, bad parameters -32602; the server then reads the
 * next message.  Bodies above 64 MiB are skipped without being stored.
 *
 * Positions: LSP counts lines from 0 and characters in UTF-16 code units;
 * the compiler counts bytes.  off_to_pos()/pos_to_off() convert, using
 * each source's text (so a CJK character is 1 unit and 3 bytes, an emoji
 * 2 units and 4 bytes).
 */
#include "lsp.h"
#include "fmt.h"
#include "program.h"
#include "root.h"
#include "score.h"
#include "sema.h"
#include "version.h"
#include "cli.h"
#include "checkin.h"
#include "store.h"
#include <errno.h>
#include <jansson.h>
#include <limits.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define LSP_MAX_BODY ((size_t)64 << 20)
#define LSP_MAX_HEADER_LINE 8192

enum {
  RPC_PARSE_ERROR = -32700, RPC_INVALID_REQUEST = -32600, RPC_METHOD_NOT_FOUND = -32601,
  RPC_INVALID_PARAMS = -32602, RPC_INTERNAL_ERROR = -32603, RPC_NOT_INITIALIZED = -32002,
  RPC_REQUEST_FAILED = -32803,
};

/* ---- line index: byte offsets <-> LSP positions ------------------------- */

typedef struct Lines {
  const char *text;
  size_t len;
  uint32_t *start;           /* byte offset of each line */
  int n;
} Lines;

static void lines_init(Lines *l, const char *text, size_t len) {
  int cap = 64;
  l->text = text;
  l->len = len;
  l->start = bsc_malloc(sizeof(uint32_t) * (size_t)cap);
  l->n = 0;
  l->start[l->n++] = 0;
  for (size_t i = 0; i < len; i++) {
    if (text[i] != '\n') continue;
    if (l->n == cap) { cap *= 2; l->start = bsc_realloc(l->start, sizeof(uint32_t) * (size_t)cap); }
    l->start[l->n++] = (uint32_t)(i + 1);
  }
}

static void lines_free(Lines *l) { free(l->start); l->start = NULL; l->n = 0; }

/* Bytes of the line's content (without "\n" or "\r\n"). */
static size_t line_content_end(const Lines *l, int i) {
  size_t e = i + 1 < l->n ? l->start[i + 1] : l->len;
  if (e > l->start[i] && l->text[e - 1] == '\n') {
    e--;
    if (e > l->start[i] && l->text[e - 1] == '\r') e--;
  }
  return e;
}

static void off_to_pos(const Lines *l, uint32_t off, int *line, int *ch) {
  if (off > l->len) off = (uint32_t)l->len;
  int lo = 0, hi = l->n - 1;
  while (lo < hi) {
    int mid = lo + (hi - lo + 1) / 2;
    if (l->start[mid] <= off) lo = mid; else hi = mid - 1;
  }
  size_t s = l->start[lo], e = line_content_end(l, lo);
  if (off < e) e = off;
  int units = 0;
  for (size_t i = s; i < e;) {
    if ((unsigned char)l->text[i] < 0x80) { units++; i++; continue; }   /* ASCII: one unit */
    uint32_t cp;
    int n = utf8_decode(l->text + i, e - i, &cp);
    if (n <= 0) { units++; i++; continue; }
    units += cp >= 0x10000 ? 2 : 1;
    i += (size_t)n;
  }
  *line = lo;
  *ch = units;
}

static uint32_t pos_to_off(const Lines *l, long line, long ch) {
  if (line < 0) return 0;
  if (line >= l->n) return (uint32_t)l->len;
  size_t i = l->start[line], e = line_content_end(l, (int)line);
  long units = 0;
  while (i < e && units < ch) {
    uint32_t cp;
    int n = utf8_decode(l->text + i, e - i, &cp);
    if (n <= 0) { units++; i++; continue; }
    units += cp >= 0x10000 ? 2 : 1;
    i += (size_t)n;
  }
  return (uint32_t)i;
}

static json_t *jpos(const Lines *l, uint32_t off) {
  int line, ch;
  off_to_pos(l, off, &line, &ch);
  return json_pack("{s:i,s:i}", "line", line, "character", ch);
}

static json_t *jrange(const Lines *l, uint32_t off, uint32_t end) {
  if (end < off) end = off;
  return json_pack("{s:o,s:o}", "start", jpos(l, off), "end", jpos(l, end));
}

/* A JSON string of s[0..n), invalid UTF-8 replaced by U+FFFD (text from
 * files on disk may hold anything; JSON strings must be UTF-8). */
static json_t *jtext(const char *s, size_t n) {
  if (utf8_invalid_at(s, n) < 0) return json_stringn(s, n);
  Buf b; buf_init(&b);
  for (size_t i = 0; i < n;) {
    uint32_t cp;
    int k = utf8_decode(s + i, n - i, &cp);
    if (k <= 0) { buf_puts(&b, "\xEF\xBF\xBD"); i++; continue; }
    buf_putn(&b, s + i, (size_t)k);
    i += (size_t)k;
  }
  json_t *j = json_stringn(b.data ? b.data : "", b.len);
  buf_free(&b);
  return j;
}

/* ---- JSON written as text (large answers) ------------------------------ */

/* A JSON string of s[0..n) appended to b; invalid UTF-8 becomes U+FFFD. */
static void jw_str(Buf *b, const char *s, size_t n) {
  buf_putc(b, '"');
  for (size_t i = 0; i < n;) {
    size_t run = i;                        /* plain ASCII is copied in one go */
    while (run < n && (unsigned char)s[run] >= 0x20 && (unsigned char)s[run] < 0x80 && s[run] != '"' && s[run] != '\\')
      run++;
    if (run > i) { buf_putn(b, s + i, run - i); i = run; continue; }
    unsigned char c = (unsigned char)s[i];
    if (c == '"' || c == '\\') { buf_putc(b, '\\'); buf_putc(b, (char)c); i++; continue; }
    if (c < 0x20) { buf_printf(b, "\\u%04x", c); i++; continue; }
    if (c < 0x80) { buf_putc(b, (char)c); i++; continue; }
    uint32_t cp;
    int k = utf8_decode(s + i, n - i, &cp);
    if (k <= 0) { buf_puts(b, "\xEF\xBF\xBD"); i++; continue; }
    buf_putn(b, s + i, (size_t)k);
    i += (size_t)k;
  }
  buf_putc(b, '"');
}

static void jw_int(Buf *b, int v) {
  char t[16];
  int n = 16;
  unsigned u = v < 0 ? 0u - (unsigned)v : (unsigned)v;
  do t[--n] = (char)('0' + u % 10); while ((u /= 10) && n > 1);
  if (v < 0) t[--n] = '-';
  buf_putn(b, t + n, (size_t)(16 - n));
}

static void jw_pos(Buf *b, const Lines *l, uint32_t off) {
  int line, ch;
  off_to_pos(l, off, &line, &ch);
  buf_puts(b, "{\"line\":");
  jw_int(b, line);
  buf_puts(b, ",\"character\":");
  jw_int(b, ch);
  buf_putc(b, '}');
}

static void jw_range(Buf *b, const Lines *l, uint32_t off, uint32_t end) {
  if (end < off) end = off;
  buf_puts(b, "{\"start\":");
  jw_pos(b, l, off);
  buf_puts(b, ",\"end\":");
  jw_pos(b, l, end);
  buf_putc(b, '}');
}

/* ---- URIs ---------------------------------------------------------------- */

static int hexval(char c) {
  return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
       : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* The file system path of a file: URI (percent-decoded); any other URI
 * stands for itself. */
static char *uri_to_path(const char *uri) {
  if (strncmp(uri, "file://", 7)) return bsc_strdup(uri);
  const char *p = uri + 7;
  if (*p != '/') {                       /* file://host/path */
    const char *slash = strchr(p, '/');
    p = slash ? slash : p + strlen(p);
  }
  Buf b; buf_init(&b);
  for (; *p; p++) {
    int h, l;
    if (*p == '%' && (h = hexval(p[1])) >= 0 && (l = hexval(p[2])) >= 0) {
      char c = (char)(h * 16 + l);
      if (c == 0) c = '_';
      buf_putc(&b, c);
      p += 2;
    } else
      buf_putc(&b, *p);
  }
  return b.data ? buf_steal(&b) : bsc_strdup("/");
}

static char *path_to_uri(const char *path) {
  char *abs = NULL;
  if (path[0] != '/') {
    char *r = realpath(path, NULL);
    if (r) abs = r;
    else {
      char cwd[PATH_MAX];
      if (getcwd(cwd, sizeof cwd)) {
        abs = bsc_malloc(strlen(cwd) + strlen(path) + 2);
        sprintf(abs, "%s/%s", cwd, path);
      }
    }
  }
  const char *p = abs ? abs : path;
  Buf b; buf_init(&b);
  buf_puts(&b, "file://");
  for (; *p; p++) {
    unsigned char c = (unsigned char)*p;
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
        strchr("/-._~", c))
      buf_putc(&b, (char)c);
    else
      buf_printf(&b, "%%%02X", c);
  }
  free(abs);
  return buf_steal(&b);
}

/* ---- timing ------------------------------------------------------------- */

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* The process's CPU time: on a shared machine, the work done, whatever
 * the load. */
static double cpu_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* With BSCC_LSP_TRACE set, the time of each analysis and answer goes to
 * stderr (bench/lsp_bench.sh reads it: the server's share of a wait). */
static void trace(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void trace(const char *fmt, ...) {
  static int on = -1;
  if (on < 0) on = getenv("BSCC_LSP_TRACE") != NULL;
  if (!on) return;
  va_list ap;
  va_start(ap, fmt);
  fputs("bscc lsp: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
}

/* ---- documents and their analysis --------------------------------------- */

typedef enum { NS_NAME, NS_PERSP, NS_UNIT, NS_FILE } Ns;

/* One occurrence of a name in some file of the program. */
typedef struct Occ {
  const char *name;          /* interned; NS_FILE: the import path */
  Span span;
  unsigned char ns;
  bool def;
  int dkind;                 /* def: the NodeKind of decl */
  void *decl;                /* def: Objective*, KR*, Initiative*, Perspective*, UnitDecl*;
                                NS_FILE: unused (target in `file`) */
  int file;                  /* NS_FILE: the imported source index */
} Occ;

typedef struct Doc {
  char *uri;                 /* as the client wrote it */
  char *path;
  char *real;                /* realpath(path), or path */
  char *text;
  size_t len;
  Lines lines;
  /* the analysis of the current text: the document compiled on its own,
   * or, for a file imported by a strategy file (its root), the root's
   * compilation when that loaded this very text */
  DiagEngine *de;
  Program *p;
  int file;                  /* this document's source index in p, -1 if none */
  bool in_root;              /* p is the root's compilation */
  struct Doc *owner;         /* de and p are this open root's analysis, shared (not ours to free) */
  bool *hide;                /* per diagnostic of de: not published */
  char *root;                /* the root file's path, when one was found */
  bool root_searched;
  bool analysed;
  bool stale;                /* the text changed since the analysis (debounced) */
  Lines *src_lines;          /* per source index, built on demand */
  int nsrc_lines;
  Occ *occ; int nocc, capocc;
  bool occ_built;            /* occ is collected when a request first needs it */
  int *defs; int ndefs;      /* open hash of occ indexes of definitions, by name and namespace */
  /* semantic tokens: the last answer, for a delta against it */
  int *tok; int ntok; int tok_id;
  ScoreCard *sc;             /* scores, when the program checks clean */
  bool sc_tried;
  ActualSet act;             /* the actuals sc was built from (.bsc check-ins, --data, --store) */
  bool act_used;
  struct Server *srv;
  char **published;          /* other files' URIs we published diagnostics to */
  int npublished;
} Doc;

typedef struct Server {
  FILE *in, *out;
  bool initialized, shutdown;
  Doc **docs; int ndocs, cap;
  bool io_error;
  /* Folders imports may reach besides the root file's own
   * (docs/robustness.md, Imports):
   * --allow-import options, then the workspace folders of initialize. */
  char **allow; int nallow;
  /* Check-ins besides the .bsc files', as `bscc score --data/--store`
   * takes them: `bscc lsp --data=CSV --store=WHERE`, or the client's
   * initializationOptions {"data": [...], "store": "..."} (docs/lsp.md). */
  char **data; int ndata;
  char *store;
  /* A handler's result written as JSON text (raw_result), sent as is. */
  Buf raw;
  bool has_raw;
  int tok_seq;               /* the last semantic tokens resultId */
} Server;

static Buf *raw_result(Server *S) {
  buf_free(&S->raw);
  buf_init(&S->raw);
  S->has_raw = true;
  return &S->raw;
}

typedef struct RpcErr {
  int code;
  char msg[512];
} RpcErr;

static bool fail(RpcErr *e, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static bool fail(RpcErr *e, int code, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  e->code = code;
  vsnprintf(e->msg, sizeof e->msg, fmt, ap);
  va_end(ap);
  return false;
}

static const Lines *src_lines(Doc *d, int file) {
  if (file < 0 || file >= d->de->nsrcs) return NULL;
  if (file == d->file) return &d->lines;
  if (!d->src_lines || file >= d->nsrc_lines) {
    int n = d->de->nsrcs;
    d->src_lines = bsc_realloc(d->src_lines, sizeof(Lines) * (size_t)n);
    for (int i = d->nsrc_lines; i < n; i++) d->src_lines[i].start = NULL;
    d->nsrc_lines = n;
  }
  Lines *l = &d->src_lines[file];
  if (!l->start) {
    const Source *s = diag_source(d->de, file);
    lines_init(l, s->text, s->len);
  }
  return l;
}

static void analysis_free(Doc *d) {
  if (!d->analysed) return;
  score_free(d->sc);
  d->sc = NULL;
  d->sc_tried = false;
  if (d->act_used) actuals_free(&d->act);
  d->act_used = false;
  for (int i = 0; i < d->nsrc_lines; i++) lines_free(&d->src_lines[i]);
  free(d->src_lines);
  d->src_lines = NULL;
  d->nsrc_lines = 0;
  free(d->occ);
  d->occ = NULL;
  d->nocc = d->capocc = 0;
  d->occ_built = false;
  free(d->defs);
  d->defs = NULL;
  d->ndefs = 0;
  if (!d->owner) {
    program_free(d->p);
    diag_free(d->de);
    free(d->p);
    free(d->de);
  }
  d->owner = NULL;
  d->p = NULL;
  d->de = NULL;
  free(d->hide);
  d->hide = NULL;
  d->analysed = false;
}

static void doc_free(Doc *d) {
  analysis_free(d);
  free(d->tok);
  lines_free(&d->lines);
  for (int i = 0; i < d->npublished; i++) free(d->published[i]);
  free(d->published);
  free(d->uri);
  free(d->path);
  free(d->real);
  free(d->text);
  free(d->root);
  free(d);
}

static Doc *find_doc(Server *S, const char *uri) {
  for (int i = 0; i < S->ndocs; i++)
    if (!strcmp(S->docs[i]->uri, uri)) return S->docs[i];
  return NULL;
}

static Doc *find_doc_path(Server *S, const char *path) {
  char *r = realpath(path, NULL);
  const char *key = r ? r : path;
  Doc *hit = NULL;
  for (int i = 0; i < S->ndocs && !hit; i++)
    if (!strcmp(S->docs[i]->real, key)) hit = S->docs[i];
  free(r);
  return hit;
}

/* The URI of source `file` of d's program: the client's own URI for an
 * open document; NULL for the built-in prelude. */
static char *file_uri(Server *S, Doc *d, int file) {
  const Source *s = diag_source(d->de, file);
  if (!s || s->builtin) return NULL;
  if (file == d->file) return bsc_strdup(d->uri);
  Doc *o = find_doc_path(S, s->path);
  if (o) return bsc_strdup(o->uri);
  return path_to_uri(s->path);
}

/* ---- collecting name occurrences ---------------------------------------- */

static void occ_add(Doc *d, const char *name, Span sp, Ns ns, bool def, int dkind, void *decl) {
  if (!name || sp.file < 0) return;
  if (d->nocc == d->capocc) {
    d->capocc = d->capocc ? d->capocc * 2 : 256;
    d->occ = bsc_realloc(d->occ, sizeof(Occ) * (size_t)d->capocc);
  }
  Occ *o = &d->occ[d->nocc++];
  memset(o, 0, sizeof *o);
  o->name = name;
  o->span = sp;
  o->ns = (unsigned char)ns;
  o->def = def;
  o->dkind = dkind;
  o->decl = decl;
  o->file = -1;
}

static void occ_ident(Doc *d, Ident id, Ns ns) { occ_add(d, id.name, id.span, ns, false, -1, NULL); }

static void occ_expr(Doc *d, const Expr *e) {
  if (!e) return;
  switch (e->kind) {
  case EX_NUM:
    if (e->unit.name && e->unit.span.end > e->unit.span.off) occ_ident(d, e->unit, NS_UNIT);
    break;
  case EX_BOOL: break;
  case EX_REF: occ_ident(d, e->ref, NS_NAME); break;
  case EX_CALL:
    for (int i = 0; i < e->nargs; i++) occ_expr(d, e->args[i]);
    break;
  default:
    occ_expr(d, e->lhs);
    occ_expr(d, e->rhs);
  }
}

static void occ_kr(Doc *d, KR *k) {
  occ_add(d, k->name.name, k->name.span, NS_NAME, true, (int)k->h.kind, k);
  if (k->unit.form == UF_NAMED) occ_ident(d, k->unit.name, NS_UNIT);
  occ_expr(d, k->baseline);
  occ_expr(d, k->target);
  occ_expr(d, k->warn);
  occ_expr(d, k->formula);
  occ_expr(d, k->forecast);
  occ_expr(d, k->weight);
  occ_ident(d, k->persp, NS_PERSP);
}

static void collect_occ(Doc *d) {
  Program *p = d->p;
  for (int fi = 0; fi < p->nfiles; fi++) {
    AstFile *f = p->files[fi];
    if (!f) continue;
    for (int i = 0; i < f->ndecls; i++) {
      Node *n = f->decls[i];
      if (!n) continue;
      switch (n->kind) {
      case ND_IMPORT: {
        Import *im = (Import *)n;
        if (im->path.text && im->file >= 0) {
          occ_add(d, im->path.text, im->path.span, NS_FILE, false, -1, NULL);
          d->occ[d->nocc - 1].file = im->file;
        }
        break;
      }
      case ND_STRATEGY: {
        Strategy *s = (Strategy *)n;
        for (int j = 0; j < s->nweights; j++) occ_ident(d, s->weights[j].persp, NS_PERSP);
        break;
      }
      case ND_PERSPECTIVE: {
        Perspective *ps = (Perspective *)n;
        occ_add(d, ps->name.name, ps->name.span, NS_PERSP, true, ND_PERSPECTIVE, ps);
        break;
      }
      case ND_UNIT: {
        UnitDecl *u = (UnitDecl *)n;
        occ_add(d, u->name.name, u->name.span, NS_UNIT, true, ND_UNIT, u);
        occ_ident(d, u->base, NS_UNIT);
        break;
      }
      case ND_OBJECTIVE: {
        Objective *o = (Objective *)n;
        occ_add(d, o->name.name, o->name.span, NS_NAME, true, ND_OBJECTIVE, o);
        occ_ident(d, o->persp, NS_PERSP);
        occ_ident(d, o->aligns, NS_NAME);
        occ_expr(d, o->weight);
        for (int j = 0; j < o->nkrs; j++) if (o->krs[j]) occ_kr(d, o->krs[j]);
        for (int j = 0; j < o->nkpis; j++) if (o->kpis[j]) occ_kr(d, o->kpis[j]);
        break;
      }
      case ND_KR: case ND_KPI: occ_kr(d, (KR *)n); break;
      case ND_LINK: {
        Link *l = (Link *)n;
        occ_ident(d, l->from, NS_NAME);
        occ_ident(d, l->to, NS_NAME);
        occ_expr(d, l->strength);
        break;
      }
      case ND_INITIATIVE: {
        Initiative *in = (Initiative *)n;
        occ_add(d, in->name.name, in->name.span, NS_NAME, true, ND_INITIATIVE, in);
        occ_expr(d, in->cost);
        for (int j = 0; j < in->nsupports; j++) occ_ident(d, in->supports[j], NS_NAME);
        for (int j = 0; j < in->neffects; j++) {
          occ_ident(d, in->effects[j].kr, NS_NAME);
          occ_expr(d, in->effects[j].by);
        }
        break;
      }
      case ND_ACTUALS: {
        Actuals *a = (Actuals *)n;
        for (int j = 0; j < a->nitems; j++) {
          occ_ident(d, a->items[j].kr, NS_NAME);
          occ_expr(d, a->items[j].value);
        }
        break;
      }
      case ND_THEME: {
        Theme *th = (Theme *)n;
        occ_add(d, th->name.name, th->name.span, NS_NAME, true, ND_THEME, th);
        for (int j = 0; j < th->nitems; j++) {
          occ_ident(d, th->items[j].obj, NS_NAME);
          occ_expr(d, th->items[j].weight);
        }
        break;
      }
      }
    }
  }
}

/* The occurrence under byte offset off of the main file (a cursor right
 * after a name still counts). */
static Occ *occ_at(Doc *d, uint32_t off) {
  Occ *best = NULL;
  for (int i = 0; i < d->nocc; i++) {
    Occ *o = &d->occ[i];
    if (o->span.file != d->file || off < o->span.off || off > o->span.end) continue;
    if (!best || (off < o->span.end && best->span.end == off)) best = o;
  }
  return best;
}

/* Names are interned: a definition is found by its pointer and namespace,
 * in a hash built once per analysis (a linear search made the outline,
 * tokens and hints of a 10,000-objective file quadratic). */
static size_t def_hash(const char *name, int ns) {
  return ((size_t)(uintptr_t)name >> 3) * 0x9E3779B97F4A7C15ull + (size_t)ns;
}

static Occ *occ_def(Doc *d, const char *name, int ns) {
  if (!d->defs) {
    int n = 16;
    while (n < 2 * d->nocc) n *= 2;
    d->ndefs = n;
    d->defs = bsc_malloc(sizeof(int) * (size_t)n);
    for (int i = 0; i < n; i++) d->defs[i] = -1;
    for (int i = 0; i < d->nocc; i++) {
      Occ *o = &d->occ[i];
      if (!o->def) continue;
      size_t h = def_hash(o->name, o->ns) & (size_t)(n - 1);
      bool dup = false;
      for (; d->defs[h] >= 0; h = (h + 1) & (size_t)(n - 1))
        if (d->occ[d->defs[h]].name == o->name && d->occ[d->defs[h]].ns == o->ns) { dup = true; break; }
      if (!dup) d->defs[h] = i;            /* the first definition wins, as before */
    }
  }
  for (size_t h = def_hash(name, ns) & (size_t)(d->ndefs - 1); d->defs[h] >= 0; h = (h + 1) & (size_t)(d->ndefs - 1))
    if (d->occ[d->defs[h]].name == name && d->occ[d->defs[h]].ns == ns) return &d->occ[d->defs[h]];
  return NULL;
}

static bool is_builtin(Doc *d, int file) {
  const Source *s = diag_source(d->de, file);
  return !s || s->builtin;
}

/* ---- compiling and publishing diagnostics ------------------------------- */

static void send(Server *S, json_t *msg);

static json_t *diag_json(Server *S, Doc *d, const Diag *g, const Lines *l) {
  static const int sev[] = { [SEV_NOTE] = 3, [SEV_WARNING] = 2, [SEV_ERROR] = 1 };
  Buf m; buf_init(&m);
  buf_puts(&m, g->msg ? g->msg : "");
  json_t *rel = json_array();
  for (int i = 0; i < g->nnotes; i++) {
    const DiagNote *n = &g->notes[i];
    char *uri = n->span.file >= 0 ? file_uri(S, d, n->span.file) : NULL;
    const Lines *nl = uri ? src_lines(d, n->span.file) : NULL;
    if (uri && nl) {
      json_array_append_new(rel, json_pack("{s:{s:s,s:o},s:o}", "location", "uri", uri, "range",
                                           jrange(nl, n->span.off, n->span.end),
                                           "message", jtext(n->msg ? n->msg : "", n->msg ? strlen(n->msg) : 0)));
    } else
      buf_printf(&m, "\nnote: %s", n->msg ? n->msg : "");
    free(uri);
  }
  if (g->help) buf_printf(&m, "\nhelp: %s", g->help);
  uint32_t off = g->span.file >= 0 ? g->span.off : 0, end = g->span.file >= 0 ? g->span.end : 0;
  json_t *j = json_pack("{s:o,s:i,s:s,s:s,s:o}", "range", jrange(l, off, end),
                        "severity", sev[g->sev], "code", diag_code_str(g->code), "source", "bscc",
                        "message", jtext(m.data ? m.data : "", m.len));
  buf_free(&m);
  if (json_array_size(rel)) json_object_set_new(j, "relatedInformation", rel);
  else json_decref(rel);
  return j;
}

static void publish(Server *S, const char *uri, json_t *diags) {
  send(S, json_pack("{s:s,s:s,s:{s:s,s:o}}", "jsonrpc", "2.0", "method", "textDocument/publishDiagnostics",
                    "params", "uri", uri, "diagnostics", diags));
}

/* Publishes d's diagnostics: its own, and those in imported files that
 * are not open themselves (an open file publishes its own). */
static void publish_doc(Server *S, Doc *d) {
  int nf = d->de->nsrcs;
  json_t **per = bsc_calloc((size_t)nf + 1, sizeof(json_t *));
  for (int i = 0; i < d->de->ndiags; i++) {
    const Diag *g = &d->de->diags[i];
    if (d->hide && d->hide[i]) continue;
    int f = g->span.file;
    if (f < 0 || f >= nf) f = d->file;
    if (f < 0) continue;
    if (f != d->file) {
      if (d->in_root) continue;          /* the root's other files are not ours to report */
      const Source *s = diag_source(d->de, f);
      if (!s || s->builtin || find_doc_path(S, s->path)) continue;
    }
    if (!per[f]) per[f] = json_array();
    Diag copy = *g;
    if (copy.span.file != f) copy.span = (Span){ f, 0, 0 };
    json_array_append_new(per[f], diag_json(S, d, &copy, src_lines(d, f)));
  }
  char **now = bsc_calloc((size_t)nf + 1, sizeof(char *));
  int nnow = 0;
  for (int f = 0; f < nf; f++) {
    if (f == d->file) {
      publish(S, d->uri, per[f] ? per[f] : json_array());
      continue;
    }
    if (!per[f]) continue;
    char *uri = file_uri(S, d, f);
    if (uri) { publish(S, uri, per[f]); now[nnow++] = uri; }
    else json_decref(per[f]);
  }
  if (d->file < 0) publish(S, d->uri, json_array());
  /* Clear files that had diagnostics last time and have none now. */
  for (int i = 0; i < d->npublished; i++) {
    bool still = false;
    for (int j = 0; j < nnow; j++) still |= !strcmp(now[j], d->published[i]);
    if (!still && !find_doc(S, d->published[i])) publish(S, d->published[i], json_array());
    free(d->published[i]);
  }
  free(d->published);
  d->published = now;
  d->npublished = nnow;
  free(per);
}

/* The loader's overlay: an open document's buffer replaces its file, so
 * an import that is being edited is analysed as the editor shows it. */
static const char *doc_overlay(void *ctx, const char *canonical, size_t *len) {
  Server *S = ctx;
  for (int i = 0; i < S->ndocs; i++)
    if (!strcmp(S->docs[i]->real, canonical)) { *len = S->docs[i]->len; return S->docs[i]->text; }
  return NULL;
}

/* Files load with the open documents in place of their files, and the
 * allowed import folders. */
static LoadOptions load_opts(Server *S) {
  return (LoadOptions){ .overlay = doc_overlay, .overlay_ctx = S,
                        .allow = (const char *const *)S->allow, .nallow = S->nallow };
}

/* Compiles and checks path (text: its contents, or NULL to read it), with
 * the open documents in place of their files. */
static void compile(Server *S, const char *path, const char *text, size_t len, DiagEngine **dep, Program **pp) {
  DiagEngine *de = bsc_calloc(1, sizeof *de);
  Program *p = bsc_calloc(1, sizeof *p);
  diag_init(de);
  de->max_errors = 1000;
  program_init(p, de);
  LoadOptions lo = load_opts(S);
  if (load_program(p, path, text, text ? len : 0, &lo)) sema_check(p, NULL);
  diag_sort(de);
  *dep = de;
  *pp = p;
}

static void discard(DiagEngine *de, Program *p) {
  program_free(p);
  diag_free(de);
  free(p);
  free(de);
}

/* The root of d (root.c): an open document that imports it first, else
 * the shared rule of root_find, with the open buffers in place of their
 * files.  Returns its path (malloc'd) or NULL. */
static char *find_root(Server *S, Doc *d) {
  for (int i = 0; i < S->ndocs; i++) {
    Doc *r = S->docs[i];
    if (r == d || !r->analysed || !r->p->strategy || root_source_of(r->de, d->real) < 0) continue;
    const Source *m = diag_source(r->de, r->p->main_file);
    if (m) return bsc_strdup(m->path);
  }
  LoadOptions lo = load_opts(S);
  return root_find(d->real, &lo);
}

/* Is the text of span sp (in de) a name the program p defines? */
static bool defined_in(DiagEngine *de, Span sp, Program *p) {
  const Source *s = diag_source(de, sp.file);
  if (!s || sp.end > s->len || sp.end <= sp.off || sp.end - sp.off > 256) return false;
  char name[257];
  memcpy(name, s->text + sp.off, sp.end - sp.off);
  name[sp.end - sp.off] = 0;
  return sema_lookup(p, name) || sema_lookup_perspective(p, name);
}

/* An open root whose current analysis loaded exactly d's text, so that
 * it is d's analysis as well (shared, not compiled again): analysed, not
 * stale, its own strategy in its own file (a file with a strategy is its
 * own root). */
static Doc *fresh_root(Server *S, Doc *d) {
  for (int i = 0; i < S->ndocs; i++) {
    Doc *r = S->docs[i];
    if (r == d || !r->analysed || r->stale || r->owner || !r->p->strategy ||
        r->p->strategy->h.span.file != r->p->main_file)
      continue;
    int cf = root_source_of(r->de, d->real);
    const Source *cs = cf >= 0 ? diag_source(r->de, cf) : NULL;
    if (cs && cf != r->p->main_file && cs->len == d->len && !memcmp(cs->text, d->text, d->len)) return r;
  }
  return NULL;
}

/* The documents sharing the analysis p of r that is about to be freed lose
 * theirs too: stale, they are analysed again (as r's dependents, or at the
 * next flush), sharing r's new one when it still loads their text. */
static void orphan_borrowers(Server *S, Doc *r, Program *p) {
  for (int i = 0; i < S->ndocs; i++) {
    Doc *t = S->docs[i];
    if (t == r || !t->owner || t->p != p) continue;
    analysis_free(t);
    t->stale = true;
  }
}

/* Compiles the document and publishes its diagnostics.  A file without a
 * strategy that a strategy file imports (a team's OKRs) is analysed as
 * part of that root: when the root's compilation loaded exactly the
 * buffer's text, it becomes this document's analysis; when the buffer has
 * unsaved changes, the document is analysed alone, without the errors the
 * root would resolve (no strategy, names defined elsewhere). */
static void analyse(Server *S, Doc *d) {
  double t0 = now_ms(), c0 = cpu_ms();
  /* The old analysis is freed after the new one is published: freeing a
   * big program takes a while, and the editor waits for the diagnostics. */
  Doc old = *d;
  d->analysed = false;
  d->sc = NULL; d->sc_tried = false; d->act_used = false;
  d->src_lines = NULL; d->nsrc_lines = 0;
  d->occ = NULL; d->nocc = d->capocc = 0; d->occ_built = false;
  d->defs = NULL; d->ndefs = 0;
  d->p = NULL; d->de = NULL; d->hide = NULL; d->owner = NULL;
  d->stale = false;
  Doc *r = fresh_root(S, d);
  if (r) {                                 /* an open root's analysis has this very text: no compile */
    d->owner = r;
    d->de = r->de;
    d->p = r->p;
    d->file = root_source_of(r->de, d->real);
    d->in_root = true;
    d->hide = bsc_calloc((size_t)d->de->ndiags + 1, sizeof(bool));
    if (!d->root) d->root = bsc_strdup(r->real);
  } else {
    compile(S, d->path, d->text, d->len, &d->de, &d->p);
    d->file = d->p->main_file;
    d->in_root = false;
    d->hide = bsc_calloc((size_t)d->de->ndiags + 1, sizeof(bool));
  }
  if (!r && !d->p->strategy && d->path[0] == '/') {
    if (!d->root && !d->root_searched) {
      d->root_searched = true;
      d->root = find_root(S, d);
    }
    if (d->root) {
      Doc *rd = find_doc_path(S, d->root);
      DiagEngine *rde;
      Program *rp;
      compile(S, d->root, rd ? rd->text : NULL, rd ? rd->len : 0, &rde, &rp);
      int cf = root_source_of(rde, d->real);
      const Source *cs = cf >= 0 ? diag_source(rde, cf) : NULL;
      if (!cs || !rp->strategy) {
        free(d->root);                     /* it no longer imports d */
        d->root = NULL;
      } else if (cs->len == d->len && !memcmp(cs->text, d->text, d->len)) {
        discard(d->de, d->p);
        d->de = rde;
        d->p = rp;
        d->file = cf;
        d->in_root = true;
        free(d->hide);
        d->hide = bsc_calloc((size_t)d->de->ndiags + 1, sizeof(bool));
        rde = NULL;
      } else {
        for (int i = 0; i < d->de->ndiags; i++) {
          const Diag *g = &d->de->diags[i];
          d->hide[i] = g->code == E044 ||
                       ((g->code == E010 || g->code == E012) && defined_in(d->de, g->span, rp));
        }
      }
      if (rde) discard(rde, rp);
    }
  }
  d->analysed = true;
  double t1 = now_ms();
  publish_doc(S, d);
  double t2 = now_ms();
  if (old.analysed && !old.owner) orphan_borrowers(S, d, old.p);
  analysis_free(&old);
  trace("analysis of %s%s: %.1f ms to compile, %.1f ms to publish, %.1f ms to free the old one; cpu %.1f ms",
        d->path, d->owner ? " (its open root's)" : "", t1 - t0, t2 - t1, now_ms() - t2, cpu_ms() - c0);
}

/* The actuals of d's program: its check-ins, then the server's --data
 * files and --store, read as `bscc score` reads them.  Their diagnostics
 * go to a scratch engine: data that does not fit this program (another
 * strategy's CSV, a bad row) is not used, and the hover says so. */
static const ActualSet *doc_actuals(Doc *d, bool *bad) {
  Server *S = d->srv;
  *bad = false;
  if (!S || (!S->ndata && !S->store)) return NULL;
  actuals_init(&d->act);
  d->act_used = true;
  actuals_add_program(d->p, &d->act);
  DiagEngine scratch, *keep = d->p->de;
  diag_init(&scratch);
  d->p->de = &scratch;
  bool ok = true;
  for (int i = 0; i < S->ndata && ok; i++) {
    FileErr fe;
    ok = actuals_load_csv(d->p, &d->act, S->data[i], &fe);
  }
  /* --store, else the store the strategy names (docs/store.md), as `bscc score` finds it */
  char *store = S->store ? bsc_strdup(S->store) : checkin_declared_store(d->p);
  if (ok && store) ok = checkin_load_store(d->p, &d->act, store, !S->store);
  free(store);
  ok = ok && scratch.nerrors == 0;
  d->p->de = keep;
  diag_free(&scratch);
  if (!ok) trace("the check-in data does not fit %s: not used", d->path);
  *bad = !ok;
  return ok ? &d->act : NULL;
}

static ScoreCard *doc_score(Doc *d) {
  if (!d->sc_tried) {
    d->sc_tried = true;
    if (d->de->nerrors == 0 && d->p->sema && d->p->strategy) {
      ScoreOptions o = {0};
      o.as_of.kind = PER_NONE;
      bool bad;
      o.actuals = doc_actuals(d, &bad);
      d->sc = score_eval(d->p, &o, NULL);
    }
  }
  return d->sc && d->sc->any_data && d->sc->nperiods > 0 ? d->sc : NULL;
}

static void doc_set_text(Doc *d, char *text, size_t len) {
  free(d->text);
  d->text = text;
  d->len = len;
  lines_free(&d->lines);
  lines_init(&d->lines, d->text, d->len);
}

/* ---- JSON helpers -------------------------------------------------------- */

static const char *jstr(json_t *o, const char *k) {
  return json_string_value(json_object_get(o, k));
}

static bool jint(json_t *o, const char *k, long *out) {
  json_t *v = json_object_get(o, k);
  if (!json_is_integer(v)) return false;
  json_int_t x = json_integer_value(v);
  *out = x < 0 ? -1 : x > INT_MAX ? INT_MAX : (long)x;
  return true;
}

static void flush(Server *S);

static Doc *param_doc(Server *S, json_t *params, RpcErr *e) {
  json_t *td = json_object_get(params, "textDocument");
  const char *uri = jstr(td, "uri");
  if (!uri) { fail(e, RPC_INVALID_PARAMS, "missing textDocument.uri"); return NULL; }
  Doc *d = find_doc(S, uri);
  if (!d) { fail(e, RPC_INVALID_PARAMS, "document not open: %s", uri); return NULL; }
  if (!d->analysed) analyse(S, d);
  if (!d->occ_built) { collect_occ(d); d->occ_built = true; }
  return d;
}

/* The document and byte offset of a TextDocumentPositionParams. */
static Doc *param_pos(Server *S, json_t *params, uint32_t *off, RpcErr *e) {
  Doc *d = param_doc(S, params, e);
  if (!d) return NULL;
  json_t *pos = json_object_get(params, "position");
  long line, ch;
  if (!jint(pos, "line", &line) || !jint(pos, "character", &ch)) {
    fail(e, RPC_INVALID_PARAMS, "missing or invalid position");
    return NULL;
  }
  *off = pos_to_off(&d->lines, line, ch);
  return d;
}

/* The byte range [*a, *z] of a request's `range` (the whole document when absent). */
static bool param_range(json_t *params, const Lines *l, uint32_t *a, uint32_t *z, RpcErr *e) {
  json_t *range = json_object_get(params, "range");
  *a = 0;
  *z = (uint32_t)l->len;
  if (!range) return true;
  json_t *st = json_object_get(range, "start"), *en = json_object_get(range, "end");
  long l0, c0, l1, c1;
  if (!jint(st, "line", &l0) || !jint(st, "character", &c0) || !jint(en, "line", &l1) || !jint(en, "character", &c1))
    return fail(e, RPC_INVALID_PARAMS, "missing or ill-typed range");
  *a = pos_to_off(l, l0, c0);
  *z = pos_to_off(l, l1, c1);
  if (*z < *a) { uint32_t t = *a; *a = *z; *z = t; }
  return true;
}

static json_t *location(Server *S, Doc *d, Span sp) {
  char *uri = file_uri(S, d, sp.file);
  if (!uri) return NULL;
  json_t *j = json_pack("{s:s,s:o}", "uri", uri, "range", jrange(src_lines(d, sp.file), sp.off, sp.end));
  free(uri);
  return j;
}

/* The source text of a span, blanks collapsed. */
static void put_src(Buf *b, Doc *d, Span sp) {
  const Source *s = diag_source(d->de, sp.file);
  if (!s || sp.end > s->len || sp.off >= sp.end) return;
  bool space = false;
  for (uint32_t i = sp.off; i < sp.end; i++) {
    char c = s->text[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') { space = true; continue; }
    if (space && b->len) buf_putc(b, ' ');
    space = false;
    buf_putc(b, c);
  }
}

/* ---- hover --------------------------------------------------------------- */

static const char *level_name(Level l) {
  static const char *n[] = { "", "company", "team", "individual" };
  return n[l];
}

static void put_unit_ref(Buf *b, Doc *d, const UnitRef *u) { put_src(b, d, u->span); }

static void put_spec(Buf *b, Doc *d, const KR *k) {
  static const char *cmp[] = { "", "->", ">=", ">", "<=", "<" };
  if (k->spec == SPEC_RANGE && k->baseline && k->target) {
    put_src(b, d, k->baseline->span); buf_puts(b, " -> "); put_src(b, d, k->target->span);
  } else if (k->spec == SPEC_WITHIN && k->baseline && k->target) {   /* stay within */
    put_src(b, d, k->baseline->span); buf_puts(b, " .. "); put_src(b, d, k->target->span);
  } else if (k->spec == SPEC_NONE && k->mode >= KM_QUICKSCORE) {     /* the mode's block is the goal */
    put_src(b, d, k->mode_span);
  } else if (k->spec != SPEC_NONE && k->target) {
    buf_printf(b, "%s ", cmp[k->spec]); put_src(b, d, k->target->span);
    if (k->baseline) { buf_puts(b, " from "); put_src(b, d, k->baseline->span); }
  } else
    buf_puts(b, "done / not done");
}

/* The latest check-in of k in the program's actuals blocks. */
static const Checkin *latest_checkin(Doc *d, const KR *k, const Actuals **in) {
  const Checkin *best = NULL;
  int best_end = INT_MIN;
  for (int fi = 0; fi < d->p->nfiles; fi++) {
    AstFile *f = d->p->files[fi];
    for (int i = 0; f && i < f->ndecls; i++) {
      if (!f->decls[i] || f->decls[i]->kind != ND_ACTUALS) continue;
      const Actuals *a = (const Actuals *)f->decls[i];
      if (a->period.kind == PER_NONE) continue;
      int end = sema_period_end(a->period);
      for (int j = 0; j < a->nitems; j++)
        if (a->items[j].kr.name == k->name.name && end >= best_end) {
          best = &a->items[j]; best_end = end; *in = a;
        }
    }
  }
  return best;
}

/* The latest actual of k from the server's --data files or --store (the
 * .bsc check-ins are latest_checkin's), or NULL. */
static const Actual *latest_data(Doc *d, const KR *k) {
  doc_score(d);
  if (!d->act_used) return NULL;
  const Actual *best = NULL;
  for (int i = 0; i < d->act.n; i++) {
    const Actual *x = &d->act.items[i];
    if (x->m == k && x->csv && (!best || sema_period_end(x->period) >= sema_period_end(best->period))) best = x;
  }
  return best;
}

static void put_score(Buf *b, ScoreCard *sc, const ScoreResult *r) {
  char per[32];
  const char *ps = ast_period_str(&sc->p->arena, sc->periods[sc->as_of]);
  snprintf(per, sizeof per, "%s", ps);
  if (r && r->scope != SCOPE_RUNNING) { buf_printf(b, "score (%s): %s", per, score_scope_name(r->scope)); return; }
  if (!r || !r->has) { buf_printf(b, "score (%s): no data", per); return; }
  buf_printf(b, "score (%s): **%.2f** against the plan's %.2f: %s", per, r->score, r->expected,
             score_status_name(r->status));
}

/* The stated plan of a KR or KPI, and what it plans for the as-of period. */
static void hover_plan(Buf *b, Doc *d, const KR *k, ScoreCard *sc) {
  if (k->has_plan) {
    buf_printf(b, "- plan%s: ", k->plan_step ? " (step)" : "");
    for (int i = 0; i < k->nplan; i++) {
      if (i) buf_puts(b, ", ");
      buf_printf(b, "%s: ", ast_period_str(&d->p->arena, k->plan[i].at));
      put_src(b, d, k->plan[i].value->span);
    }
    buf_putc(b, '\n');
  }
  if (!sc) return;
  const char *per = ast_period_str(&sc->p->arena, sc->periods[sc->as_of]);
  char v[96];
  if (k->h.kind == ND_KPI) {
    if (k->has_plan)
      buf_printf(b, "- threshold in %s: %s\n", per, type_fmt_value(k->type, score_kpi(sc, sc->as_of, k)->threshold, v, sizeof v));
    return;
  }
  const ScoreResult *r = score_kr(sc, sc->as_of, k);
  if (r->has_plan_value)
    buf_printf(b, "- planned for %s: %s\n", per, type_fmt_value(k->type, r->plan_value, v, sizeof v));
}

static void hover_kr_line(Buf *b, Doc *d, const KR *k) {
  buf_printf(b, "- `%s`", k->name.name ? k->name.name : "?");
  if (k->h.kind == ND_KPI) buf_puts(b, " (KPI)");
  buf_puts(b, " — ");
  put_unit_ref(b, d, &k->unit);
  buf_putc(b, ' ');
  put_spec(b, d, k);
  Period due = k->due.kind != PER_NONE ? k->due : k->due_eff;
  if (due.kind != PER_NONE && k->h.kind == ND_KR)
    buf_printf(b, " by %s", ast_period_str(&d->p->arena, due));
  buf_putc(b, '\n');
}

static void hover_objective(Buf *b, Doc *d, Objective *o) {
  buf_printf(b, "**objective** `%s`", o->name.name);
  if (o->title.text) buf_printf(b, " — %s", o->title.text);
  buf_puts(b, "\n\n");
  const char *persp = o->persp.name ? o->persp.name : o->persp_eff ? o->persp_eff->name.name : NULL;
  Level lv = o->level != LEVEL_NONE ? o->level : o->level_eff;
  if (persp) buf_printf(b, "- perspective: %s\n", persp);
  if (lv != LEVEL_NONE) {
    buf_printf(b, "- level: %s", level_name(lv));
    if (o->group.text) buf_printf(b, " (%s)", o->group.text);
    buf_putc(b, '\n');
  }
  if (o->owner.text) buf_printf(b, "- owner: %s\n", o->owner.text);
  if (o->aligns.name) buf_printf(b, "- aligns: `%s`\n", o->aligns.name);
  buf_printf(b, "- %s%s\n", o->commit == COMMIT_COMMITTED ? "committed" : "aspirational",
             o->compensation ? ", tied to compensation" : "");
  if (o->weight) { buf_puts(b, "- weight: "); put_src(b, d, o->weight->span); buf_putc(b, '\n'); }
  if (o->starts.kind != PER_NONE)
    buf_printf(b, "- %s %s\n", o->during ? "during" : "starts", ast_period_str(&d->p->arena, o->starts));
  ScoreCard *sc = doc_score(d);
  if (sc) { buf_puts(b, "- "); put_score(b, sc, score_obj(sc, sc->as_of, o)); buf_putc(b, '\n'); }
  if (o->nkrs) {
    buf_puts(b, "\nkey results:\n\n");
    for (int i = 0; i < o->nkrs; i++) hover_kr_line(b, d, o->krs[i]);
  }
  if (o->nkpis) {
    buf_puts(b, "\nKPIs:\n\n");
    for (int i = 0; i < o->nkpis; i++) hover_kr_line(b, d, o->kpis[i]);
  }
}

static void hover_kr(Buf *b, Doc *d, KR *k) {
  bool kpi = k->h.kind == ND_KPI;
  buf_printf(b, "**%s** `%s`", kpi ? "KPI" : "key result", k->name.name);
  if (k->title.text) buf_printf(b, " — %s", k->title.text);
  buf_puts(b, "\n\n");
  if (k->obj) {
    buf_printf(b, "- objective: `%s`", k->obj->name.name);
    if (k->obj->title.text) buf_printf(b, " (%s)", k->obj->title.text);
    buf_putc(b, '\n');
  } else if (k->persp.name)
    buf_printf(b, "- perspective: %s\n", k->persp.name);
  buf_puts(b, "- unit: "); put_unit_ref(b, d, &k->unit); buf_putc(b, '\n');
  buf_puts(b, "- target: "); put_spec(b, d, k);
  if (k->warn) { buf_puts(b, ", warn at "); put_src(b, d, k->warn->span); }
  buf_putc(b, '\n');
  Period due = k->due.kind != PER_NONE ? k->due : k->due_eff;
  if (!kpi && due.kind != PER_NONE) buf_printf(b, "- due: %s\n", ast_period_str(&d->p->arena, due));
  if (!kpi) {
    buf_puts(b, "- weight: ");
    if (k->weight) put_src(b, d, k->weight->span); else buf_puts(b, "1");
    buf_putc(b, '\n');
  }
  if (k->formula) { buf_puts(b, "- calculated: `= "); put_src(b, d, k->formula->span); buf_puts(b, "`\n"); }
  if (k->forecast) { buf_puts(b, "- forecast: `"); put_src(b, d, k->forecast->span); buf_puts(b, "`\n"); }
  if (k->starts.kind != PER_NONE)
    buf_printf(b, "- %s %s\n", k->during ? "during" : "starts", ast_period_str(&d->p->arena, k->starts));
  if (k->freq != PER_NONE || k->carry.present)   /* frequency and staleness (semantics.md §2) */
    buf_printf(b, "- measured %s%s%s; a value is carried %d period%s, then stale\n", ast_period_adj(k->freq_eff),
               k->agg ? ", " : "", ast_agg_word(k->agg), k->carry_n, k->carry_n == 1 ? "" : "s");
  hover_plan(b, d, k, doc_score(d));
  const Actuals *a = NULL;
  const Checkin *c = latest_checkin(d, k, &a);
  ScoreCard *sc = doc_score(d);
  const Actual *x = latest_data(d, k);
  if (x && (!c || sema_period_end(x->period) > sema_period_end(a->period))) {
    char v[96];
    buf_printf(b, "- latest actual: %s (%s, from the check-in data)\n", type_fmt_value(k->type, x->value, v, sizeof v),
               ast_period_str(&d->p->arena, x->period));
  } else if (c && c->value) {
    buf_puts(b, "- latest actual: ");
    put_src(b, d, c->value->span);
    buf_printf(b, " (%s)\n", ast_period_str(&d->p->arena, a->period));
  }
  if (sc && !kpi) {
    const ScoreResult *r = score_kr(sc, sc->as_of, k);
    buf_puts(b, "- ");
    put_score(b, sc, r);
    buf_putc(b, '\n');
  } else if (sc && kpi) {
    const ScoreResult *r = score_kpi(sc, sc->as_of, k);
    if (r->has) buf_printf(b, "- health (%s): %s\n", ast_period_str(&d->p->arena, sc->periods[sc->as_of]),
                           score_health_name(r->health));
  }
}

static void hover_initiative(Buf *b, Doc *d, Initiative *in) {
  buf_printf(b, "**initiative** `%s`", in->name.name);
  if (in->title.text) buf_printf(b, " — %s", in->title.text);
  buf_puts(b, "\n\n");
  if (in->owner.text) buf_printf(b, "- owner: %s\n", in->owner.text);
  if (in->status_word.name) buf_printf(b, "- status: %s\n", in->status_word.name);
  if (in->cost) { buf_puts(b, "- cost: "); put_src(b, d, in->cost->span); buf_putc(b, '\n'); }
  if (in->cost_forecast) { buf_puts(b, "- cost forecast: "); put_src(b, d, in->cost_forecast->span); buf_putc(b, '\n'); }
  if (in->spent) { buf_puts(b, "- spent to date: "); put_src(b, d, in->spent->span); buf_putc(b, '\n'); }
  /* what the scorecard computes of it (semantics.md §19), as of its as-of period */
  ScoreCard *sc = doc_score(d);
  const InitResult *r = NULL;
  for (int i = 0; sc && i < sc->ninits; i++) if (sc->inits[i].in == in) r = &sc->inits[i];
  if (r && r->has_percent)
    buf_printf(b, "- complete (%s): %.4g%% (%s)\n", ast_period_str(&d->p->arena, sc->periods[sc->as_of]),
               r->percent * 100, score_pct_source_name(r->source));
  else if (in->complete) { buf_puts(b, "- complete: "); put_src(b, d, in->complete->span); buf_putc(b, '\n'); }
  for (int i = 0; i < in->nmilestones; i++) {
    const Milestone *m = &in->milestones[i];
    char pb[32];
    bool late = r && !m->done && m->due_i >= 0 && m->due_i <= sc->as_of && in->status != INIT_DONE &&
                in->status != INIT_CANCELLED;
    buf_printf(b, "- milestone `%s` by %s: %s\n", m->name.name ? m->name.name : "?",
               actuals_period_str(m->due, pb, sizeof pb), m->done ? "done" : late ? "late" : "open");
  }
  for (int i = 0; i < in->nsupports; i++) buf_printf(b, "- supports `%s`\n", in->supports[i].name);
  for (int i = 0; i < in->neffects; i++) {
    buf_printf(b, "- affects `%s` by ", in->effects[i].kr.name);
    if (in->effects[i].by) put_src(b, d, in->effects[i].by->span);
    if (in->effects[i].relative) buf_puts(b, " (relative)");
    buf_putc(b, '\n');
  }
}

static bool hover_def(Buf *b, Doc *d, Occ *def) {
  switch (def->dkind) {
  case ND_OBJECTIVE: hover_objective(b, d, def->decl); return true;
  case ND_KR: case ND_KPI: hover_kr(b, d, def->decl); return true;
  case ND_INITIATIVE: hover_initiative(b, d, def->decl); return true;
  case ND_PERSPECTIVE: {
    Perspective *ps = def->decl;
    buf_printf(b, "**perspective** `%s`", ps->name.name);
    if (ps->title.text) buf_printf(b, " — %s", ps->title.text);
    buf_puts(b, "\n\n");
    if (ps->rank) { buf_puts(b, "- rank: "); put_src(b, d, ps->rank->span); buf_putc(b, '\n'); }
    if (ps->used) buf_printf(b, "- weight: %g%%\n", ps->weight_v * 100);
    return true;
  }
  case ND_UNIT: {
    UnitDecl *u = def->decl;
    buf_printf(b, "**unit** `%s`", u->name.name);
    if (u->factor) { buf_puts(b, " = "); put_src(b, d, u->factor->span); buf_printf(b, " %s", u->base.name); }
    else buf_puts(b, " (a base unit)");
    if (is_builtin(d, def->span.file)) buf_puts(b, "\n\nfrom the standard prelude");
    buf_putc(b, '\n');
    return true;
  }
  }
  return false;
}

static bool h_hover(Server *S, json_t *params, json_t **res, RpcErr *e) {
  uint32_t off;
  Doc *d = param_pos(S, params, &off, e);
  if (!d) return false;
  Occ *o = occ_at(d, off);
  *res = json_null();
  if (!o) return true;
  Buf b; buf_init(&b);
  if (o->ns == NS_FILE) {
    const Source *s = diag_source(d->de, o->file);
    buf_printf(&b, "**import** `%s`", s ? s->path : o->name);
  } else {
    Occ *def = o->def ? o : occ_def(d, o->name, o->ns);
    if (!def || !hover_def(&b, d, def)) {
      if (o->ns == NS_UNIT) {
        if (!strcmp(o->name, "%")) buf_puts(&b, "**unit** `%` — percent");
        else if (!strcmp(o->name, "milestone") || !strcmp(o->name, "boolean"))
          buf_printf(&b, "**unit** `%s` — done / not done (built in)", o->name);
        else buf_printf(&b, "**unit** `%s` — a currency or built-in unit", o->name);
      } else {
        buf_free(&b);
        return true;
      }
    }
  }
  json_decref(*res);
  *res = json_pack("{s:{s:s,s:o},s:o}", "contents", "kind", "markdown", "value", jtext(b.data ? b.data : "", b.len),
                   "range", jrange(&d->lines, o->span.off, o->span.end));
  buf_free(&b);
  return true;
}

/* ---- definition, references ---------------------------------------------- */

static bool h_definition(Server *S, json_t *params, json_t **res, RpcErr *e) {
  uint32_t off;
  Doc *d = param_pos(S, params, &off, e);
  if (!d) return false;
  Occ *o = occ_at(d, off);
  *res = json_null();
  if (!o) return true;
  if (o->ns == NS_FILE) {
    char *uri = file_uri(S, d, o->file);
    if (uri) {
      json_decref(*res);
      *res = json_pack("{s:s,s:{s:{s:i,s:i},s:{s:i,s:i}}}", "uri", uri, "range", "start", "line", 0,
                       "character", 0, "end", "line", 0, "character", 0);
      free(uri);
    }
    return true;
  }
  Occ *def = occ_def(d, o->name, o->ns);
  if (!def || is_builtin(d, def->span.file)) return true;
  json_t *loc = location(S, d, def->span);
  if (loc) { json_decref(*res); *res = loc; }
  return true;
}

/* Is x an occurrence (outside the prelude) of the symbol o names? */
static bool same_symbol(Doc *d, const Occ *o, const Occ *x) {
  return x->name == o->name && x->ns == o->ns && !is_builtin(d, x->span.file);
}

static bool h_references(Server *S, json_t *params, json_t **res, RpcErr *e) {
  uint32_t off;
  Doc *d = param_pos(S, params, &off, e);
  if (!d) return false;
  json_t *ctx = json_object_get(params, "context");
  bool decl = json_is_true(json_object_get(ctx, "includeDeclaration"));
  Occ *o = occ_at(d, off);
  *res = json_array();
  if (!o || o->ns == NS_FILE) return true;
  for (int i = 0; i < d->nocc; i++) {
    Occ *x = &d->occ[i];
    if (!same_symbol(d, o, x) || (x->def && !decl)) continue;
    json_t *loc = location(S, d, x->span);
    if (loc) json_array_append_new(*res, loc);
  }
  return true;
}

/* textDocument/documentHighlight: the occurrences in this document of the
 * name under the cursor; its definition is a Write (3), the others Read (2). */
static bool h_highlight(Server *S, json_t *params, json_t **res, RpcErr *e) {
  uint32_t off;
  Doc *d = param_pos(S, params, &off, e);
  if (!d) return false;
  Occ *o = occ_at(d, off);
  *res = json_array();
  if (!o || o->ns == NS_FILE) return true;
  for (int i = 0; i < d->nocc; i++) {
    Occ *x = &d->occ[i];
    if (!same_symbol(d, o, x) || x->span.file != d->file) continue;
    json_array_append_new(*res, json_pack("{s:o,s:i}", "range", jrange(&d->lines, x->span.off, x->span.end),
                                          "kind", x->def ? 3 : 2));
  }
  return true;
}

/* ---- rename --------------------------------------------------------------- */

static const char *const keywords[] = {
  "import", "strategy", "horizon", "cadence", "perspectives", "perspective", "rank", "unit",
  "objective", "in", "owner", "team", "individual", "level", "company", "aligns", "committed",
  "aspirational", "compensation", "kr", "kpi", "by", "weight", "increase", "decrease", "from",
  "warn", "initiative", "cost", "affects", "relative", "supports", "lag", "strength", "actuals",
  "thresholds", "limit", "true", "false", "forecast", "plan", "starts", "during", "every", "carry", "per",
  "close", "contributes", "feeds", "cascade", "theme", "scored", "context", NULL,
};

static bool is_keyword(const char *s) {
  for (int i = 0; keywords[i]; i++) if (!strcmp(keywords[i], s)) return true;
  return false;
}

/* Is s one identifier, as the lexer reads it?  Checked with the lexer
 * itself: `objective s {}` must parse cleanly with s as the name. */
static bool valid_name(const char *s) {
  size_t n = strlen(s);
  if (!n || n > 200 || is_keyword(s)) return false;
  for (size_t i = 0; i < n; i++)
    if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' || s[i] == '"' || s[i] == '/') return false;
  DiagEngine de;
  diag_init(&de);
  Program p;
  program_init(&p, &de);
  Buf b; buf_init(&b);
  buf_printf(&b, "objective %s {\n}\n", s);
  int f = diag_add_source(&de, "<name>", buf_steal(&b), n + 15, false);
  AstFile *af = parse_source(&p, f);
  bool ok = de.nerrors == 0 && af->ndecls == 1 && af->decls[0]->kind == ND_OBJECTIVE &&
            ((Objective *)af->decls[0])->name.name && !strcmp(((Objective *)af->decls[0])->name.name, s);
  program_free(&p);
  diag_free(&de);
  return ok;
}

static Occ *rename_target(Doc *d, uint32_t off, RpcErr *e) {
  Occ *o = occ_at(d, off);
  if (!o || o->ns == NS_FILE) { fail(e, RPC_REQUEST_FAILED, "there is no name to rename here"); return NULL; }
  Occ *def = occ_def(d, o->name, o->ns);
  if (def && is_builtin(d, def->span.file)) {
    fail(e, RPC_REQUEST_FAILED, "`%s` is defined in the standard prelude and cannot be renamed", o->name);
    return NULL;
  }
  if (o->ns == NS_UNIT && (!strcmp(o->name, "%") || !def)) {
    fail(e, RPC_REQUEST_FAILED, "`%s` is a built-in unit and cannot be renamed", o->name);
    return NULL;
  }
  return o;
}

static bool h_prepare_rename(Server *S, json_t *params, json_t **res, RpcErr *e) {
  uint32_t off;
  Doc *d = param_pos(S, params, &off, e);
  if (!d) return false;
  Occ *o = rename_target(d, off, e);
  if (!o) return false;
  *res = json_pack("{s:o,s:s}", "range", jrange(&d->lines, o->span.off, o->span.end), "placeholder", o->name);
  return true;
}

static bool h_rename(Server *S, json_t *params, json_t **res, RpcErr *e) {
  uint32_t off;
  Doc *d = param_pos(S, params, &off, e);
  if (!d) return false;
  const char *nn = jstr(params, "newName");
  if (!nn) return fail(e, RPC_INVALID_PARAMS, "missing newName");
  Occ *o = rename_target(d, off, e);
  if (!o) return false;
  if (!valid_name(nn))
    return fail(e, RPC_REQUEST_FAILED, "`%s` is not a valid name%s", nn,
                is_keyword(nn) ? " (it is a keyword)" : "");
  for (int i = 0; i < d->nocc; i++)
    if (d->occ[i].def && d->occ[i].ns == o->ns && !strcmp(d->occ[i].name, nn) && strcmp(nn, o->name))
      return fail(e, RPC_REQUEST_FAILED, "`%s` is already defined", nn);
  json_t *changes = json_object();
  for (int i = 0; i < d->nocc; i++) {
    Occ *x = &d->occ[i];
    if (x->name != o->name || x->ns != o->ns || is_builtin(d, x->span.file)) continue;
    char *uri = file_uri(S, d, x->span.file);
    if (!uri) continue;
    json_t *list = json_object_get(changes, uri);
    if (!list) { list = json_array(); json_object_set_new(changes, uri, list); }
    json_array_append_new(list, json_pack("{s:o,s:s}", "range", jrange(src_lines(d, x->span.file), x->span.off, x->span.end),
                                          "newText", nn));
    free(uri);
  }
  *res = json_pack("{s:o}", "changes", changes);
  return true;
}

/* ---- completion ------------------------------------------------------------ */

enum { CK_FUNCTION = 3, CK_FIELD = 5, CK_CLASS = 7, CK_PROPERTY = 10, CK_UNIT = 11, CK_VALUE = 12,
       CK_KEYWORD = 14, CK_ENUM_MEMBER = 20, CK_EVENT = 23 };

/* At most this many items are returned; a longer list says isIncomplete,
 * and the client asks again as the word grows (a 10,000-objective file
 * would otherwise send 40,000 names on every key). */
#define LSP_MAX_ITEMS 100

typedef struct Completions {
  json_t *items;
  json_t *seen;              /* label -> true */
  const char *prefix;        /* the word being typed: only labels starting with it */
  size_t nprefix;
  json_t *range;             /* the range the chosen item's textEdit replaces */
  bool incomplete;           /* items were left out for the bound */
} Completions;

static bool starts_with(const char *s, const char *p, size_t n) {
  for (size_t i = 0; i < n; i++) {
    char a = s[i], b = p[i];
    if (a >= 'A' && a <= 'Z') a = (char)(a - 'A' + 'a');
    if (b >= 'A' && b <= 'Z') b = (char)(b - 'A' + 'a');
    if (a != b || !a) return false;
  }
  return true;
}

/* An item whose textEdit writes `insert` (or the label) over the word typed. */
static json_t *item(Completions *c, const char *label, int kind, const char *detail, const char *insert) {
  if (!label || !starts_with(insert ? insert : label, c->prefix, c->nprefix) || json_object_get(c->seen, label))
    return NULL;
  if (json_array_size(c->items) >= LSP_MAX_ITEMS) { c->incomplete = true; return NULL; }
  json_object_set_new(c->seen, label, json_true());
  json_t *it = json_pack("{s:s,s:i,s:{s:O,s:s}}", "label", label, "kind", kind, "textEdit", "range", c->range,
                         "newText", insert ? insert : label);
  if (detail) json_object_set_new(it, "detail", json_string(detail));
  json_array_append_new(c->items, it);
  return it;
}

static void kw_items(Completions *c, const char *const *kws) {
  for (int i = 0; kws[i]; i++) item(c, kws[i], CK_KEYWORD, NULL, NULL);
}

enum { WANT_OBJ = 1, WANT_KR = 2, WANT_KPI = 4, WANT_INIT = 8, WANT_PERSP = 16, WANT_UNIT = 32 };

static void name_items(Completions *c, Doc *d, unsigned want) {
  for (int i = 0; i < d->nocc; i++) {
    Occ *o = &d->occ[i];
    if (!o->def || !o->name) continue;
    if (o->dkind == ND_OBJECTIVE && (want & WANT_OBJ))
      item(c, o->name, CK_CLASS, ((Objective *)o->decl)->title.text, NULL);
    else if (o->dkind == ND_KR && (want & WANT_KR))
      item(c, o->name, CK_FIELD, ((KR *)o->decl)->title.text ? ((KR *)o->decl)->title.text : "key result", NULL);
    else if (o->dkind == ND_KPI && (want & WANT_KPI))
      item(c, o->name, CK_PROPERTY, ((KR *)o->decl)->title.text ? ((KR *)o->decl)->title.text : "KPI", NULL);
    else if (o->dkind == ND_INITIATIVE && (want & WANT_INIT))
      item(c, o->name, CK_EVENT, ((Initiative *)o->decl)->title.text, NULL);
    else if (o->dkind == ND_PERSPECTIVE && (want & WANT_PERSP))
      item(c, o->name, CK_ENUM_MEMBER, ((Perspective *)o->decl)->title.text, NULL);
    else if (o->dkind == ND_UNIT && (want & WANT_UNIT))
      item(c, o->name, CK_UNIT, "unit", NULL);
  }
  if (want & WANT_UNIT) {
    item(c, "milestone", CK_UNIT, "done / not done", NULL);
    item(c, "milestone(N)", CK_UNIT, "N steps", "milestone(3)");
    item(c, "boolean", CK_UNIT, "done / not done", NULL);
    item(c, "rating(1..5)", CK_UNIT, "a rating scale", "rating(1..5)");
    item(c, "currency(USD)", CK_UNIT, "money", "currency(USD)");
    for (int i = 0; i < d->nocc; i++)      /* currency codes already in use */
      if (d->occ[i].ns == NS_UNIT && !d->occ[i].def && d->occ[i].name[0] >= 'A' && d->occ[i].name[0] <= 'Z' &&
          strlen(d->occ[i].name) == 3 && !occ_def(d, d->occ[i].name, NS_UNIT))
        item(c, d->occ[i].name, CK_UNIT, "currency", NULL);
  }
}

/* After `by` in a KR, `starts`, `during`, `actuals`: the periods of the
 * strategy's horizon (quarters first, then halves and years; months
 * when the cadence is monthly), in time order (sortText). */
static void period_items(Completions *c, Doc *d) {
  const Strategy *st = d->p->strategy;
  if (!st || st->from.kind == PER_NONE || st->to.kind == PER_NONE) return;
  int lo = sema_period_start(st->from), hi = sema_period_end(st->to);
  static const struct { PeriodKind k; int n; const char *rank; } kinds[] = {
    { PER_QUARTER, 4, "1" }, { PER_HALF, 2, "2" }, { PER_YEAR, 1, "3" }, { PER_MONTH, 12, "0" },
  };
  for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
    if (kinds[i].k == PER_MONTH && st->cadence_eff != PER_MONTH) continue;
    for (int y = st->from.year; y <= st->to.year && y - st->from.year < 50; y++)
      for (int sub = kinds[i].k == PER_YEAR ? 0 : 1; sub <= (kinds[i].k == PER_YEAR ? 0 : kinds[i].n); sub++) {
        Period p = { .kind = kinds[i].k, .year = y, .sub = sub };
        if (sema_period_start(p) < lo || sema_period_end(p) > hi) continue;
        const char *label = ast_period_str(&d->p->arena, p);
        json_t *it = item(c, label, CK_VALUE, "period", NULL);
        char key[64];
        snprintf(key, sizeof key, "%s%06d", kinds[i].rank, sema_period_start(p));
        if (it) json_object_set_new(it, "sortText", json_string(key));
      }
  }
}

/* The distributions of `forecast` and of an effect's `by` (language.md
 * 10.1), and the functions of formulas: with their parameters, which
 * signature help shows as they are typed. */
static const struct { const char *name, *params, *doc; bool dist; } callables[] = {
  { "normal", "mean, sd", "normal distribution, in the KR's unit; sd >= 0", true },
  { "lognormal", "mean, sd", "lognormal: mean > 0 and sd of the variable itself", true },
  { "uniform", "low, high", "uniform between low and high (low < high)", true },
  { "triangular", "low, mode, high", "triangular: low <= mode <= high, low < high", true },
  { "pert", "low, mode, high", "a three-point estimate (beta-PERT)", true },
  { "beta", "a, b", "a fraction in 0..1 (percent and ratio KRs); a, b > 0", true },
  { "bernoulli", "p", "done with probability p: the forecast of a milestone", true },
  { "min", "a, b, ...", "the smallest of its arguments", false },
  { "max", "a, b, ...", "the largest of its arguments", false },
  { "abs", "x", "the absolute value", false },
  { "avg", "a, b, ...", "the mean of its arguments", false },
};

static void call_items(Completions *c, bool dist) {
  for (size_t i = 0; i < sizeof callables / sizeof callables[0]; i++) {
    if (callables[i].dist != dist) continue;
    char detail[96];
    snprintf(detail, sizeof detail, "%s(%s)", callables[i].name, callables[i].params);
    item(c, callables[i].name, CK_FUNCTION, detail, NULL);
  }
}

static void dist_items(Completions *c) { call_items(c, true); }
static void fn_items(Completions *c) { call_items(c, false); }

/* After `aligns `: the objectives one may align to, company ones first,
 * then team, then individual (sortText keeps the order in every client),
 * without the objective being edited (aligning to itself is E050). */
static void align_items(Completions *c, Doc *d, uint32_t off) {
  static const char *const rank[] = { "0", "1", "2", "3" };
  for (int lv = LEVEL_COMPANY; lv <= LEVEL_INDIVIDUAL; lv++)
    for (int i = 0; i < d->nocc; i++) {
      Occ *o = &d->occ[i];
      if (!o->def || !o->name || o->dkind != ND_OBJECTIVE) continue;
      Objective *ob = o->decl;
      int l = ob->level_eff ? (int)ob->level_eff : ob->level ? (int)ob->level : LEVEL_COMPANY;
      bool self = ob->h.span.file == d->file && ob->h.span.off <= off && off <= ob->h.span.end;
      if (l != lv || self) continue;
      json_t *it = item(c, o->name, CK_CLASS, ob->title.text, NULL);
      if (it) {
        char key[300];
        snprintf(key, sizeof key, "%s%s", rank[lv], o->name);
        json_object_set_new(it, "sortText", json_string(key));
      }
    }
}

static bool word_char(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c >= 0x80;
}

/* The keyword that opened the innermost `{` still open before off:
 * the first word of that line ("objective", "strategy", ...), or "" at
 * top level.  Skips strings and comments. */
static void enclosing_block(const char *t, size_t off, char *out, size_t n) {
  char stack[16][16];
  int depth = 0;
  char first[16] = "";
  bool line_start = true;
  for (size_t i = 0; i < off; i++) {
    char c = t[i];
    if (c == '\n') { line_start = true; first[0] = 0; continue; }
    if (c == ' ' || c == '\t' || c == '\r') continue;
    if (c == '/' && i + 1 < off && t[i + 1] == '/') { while (i < off && t[i] != '\n') i++; i--; continue; }
    if (c == '/' && i + 1 < off && t[i + 1] == '*') {
      i += 2;
      while (i + 1 < off && !(t[i] == '*' && t[i + 1] == '/')) i++;
      i++;
      continue;
    }
    if (c == '"') {
      for (i++; i < off && t[i] != '"' && t[i] != '\n'; i++) if (t[i] == '\\') i++;
      if (i < off && t[i] == '\n') i--;
      line_start = false;
      continue;
    }
    if (line_start && word_char((unsigned char)c)) {
      size_t j = i;
      while (j < off && word_char((unsigned char)t[j])) j++;
      snprintf(first, sizeof first, "%.*s", (int)(j - i < 15 ? j - i : 15), t + i);
      i = j - 1;
      line_start = false;
      continue;
    }
    line_start = false;
    if (c == '{') {
      if (depth < 16) snprintf(stack[depth], sizeof stack[depth], "%s", first);
      depth++;
    } else if (c == '}' && depth > 0)
      depth--;
  }
  if (depth > 0 && depth <= 16) snprintf(out, n, "%s", stack[depth - 1]);
  else if (depth > 16) snprintf(out, n, "?");
  else out[0] = 0;
}

/* The last word of s[0..n) (after trailing blanks), into w. */
static void last_word(const char *s, size_t n, char *w, size_t wn) {
  while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
  size_t e = n;
  while (n > 0 && word_char((unsigned char)s[n - 1])) n--;
  snprintf(w, wn, "%.*s", (int)(e - n < wn - 1 ? e - n : wn - 1), s + n);
}

static bool h_completion(Server *S, json_t *params, json_t **res, RpcErr *e) {
  static const char *const top_kw[] = { "import", "strategy", "perspective", "unit", "objective", "kpi",
                                        "initiative", "actuals", "close", "theme", NULL };
  static const char *const obj_kw[] = { "owner", "team", "individual", "level", "aligns", "committed",
                                        "aspirational", "compensation", "weight", "starts", "during", "kr", "kpi", NULL };
  static const char *const strat_kw[] = { "horizon", "cadence", "perspectives", "thresholds", "limit", "fiscal", NULL };
  static const char *const init_kw[] = { "owner", "cost", "supports", "affects", "status", "milestone", "spent",
                                         "complete", NULL };
  /* an initiative's tracking words (language.md §10.2) */
  static const char *const status_kw[] = { "planned", "in_progress", "done", "on_hold", "cancelled", NULL };
  static const char *const ms_kw[] = { "by", "done", "weight", NULL };
  static const char *const cost_kw[] = { "forecast", NULL };
  static const char *const kr_kw[] = { "by", "weight", "from", "warn", "increase", "decrease", "committed",
                                       "aspirational", "compensation", "owner", "in", "forecast", "plan", "starts",
                                       "during", "every", "carry", "per", "feeds", "cascade", "scored", "context", NULL };
  static const char *const plan_kw[] = { "step", NULL };
  static const char *const level_kw[] = { "company", "team", "individual", NULL };
  /* the words after `scored` (semantics.md §7.1), `cascade` (§5.2) and `every` (§2.1) */
  static const char *const mode_kw[] = { "quickscore", "band", "rules", NULL };
  static const char *const cascade_kw[] = { "sum", "mean", "weighted", NULL };
  static const char *const every_kw[] = { "day", "week", "month", "quarter", "half", "year", NULL };
  static const char *const cadence_kw[] = { "quarter", "month", "half", "year", NULL };
  static const char *const limit_kw[] = { "objectives_per_owner", "krs_per_objective", NULL };
  static const char *const thr_kw[] = { "green", "yellow", NULL };
  static const char *const link_kw[] = { "strength", "lag", NULL };
  static const char *const eff_kw[] = { "by", "relative", "lag", NULL };
  uint32_t off;
  Doc *d = param_pos(S, params, &off, e);
  if (!d) return false;
  json_t *ctx = json_object_get(params, "context");
  long tk = 1;
  jint(ctx, "triggerKind", &tk);
  const char *t = d->text;
  int line, ch;
  off_to_pos(&d->lines, off, &line, &ch);
  size_t ls = d->lines.start[line];
  size_t ws = off;                       /* start of the word being typed */
  while (ws > ls && word_char((unsigned char)t[ws - 1])) ws--;
  size_t bl = ws;                        /* the line before it, blanks trimmed */
  while (bl > ls && (t[bl - 1] == ' ' || t[bl - 1] == '\t')) bl--;
  char prev[64], first[64], block[16];
  last_word(t + ls, bl - ls, prev, sizeof prev);
  size_t fs = ls;
  while (fs < bl && (t[fs] == ' ' || t[fs] == '\t')) fs++;
  size_t fe = fs;
  while (fe < bl && word_char((unsigned char)t[fe])) fe++;
  snprintf(first, sizeof first, "%.*s", (int)(fe - fs < 63 ? fe - fs : 63), t + fs);
  enclosing_block(t, ls, block, sizeof block);
  char last = bl > ls ? t[bl - 1] : 0;
  bool at_start = bl == ls;
  bool kr_line = !strcmp(first, "kr") || !strcmp(first, "kpi");
  bool has_colon = kr_line && memchr(t + ls, ':', bl - ls);
  /* `= EXPR` after the unit; the `=` of `>=` and `<=` is a comparison */
  bool formula = false;
  for (size_t q = ls; has_colon && q < bl; q++)
    if (t[q] == '=' && (q == ls || (t[q - 1] != '>' && t[q - 1] != '<'))) formula = true;
  /* a period is typed with its '-' (2025-Q): the word before it decides */
  size_t pws = ws;
  while (pws > ls && (word_char((unsigned char)t[pws - 1]) || t[pws - 1] == '-')) pws--;
  char pprev[64];
  size_t pbl = pws;
  while (pbl > ls && (t[pbl - 1] == ' ' || t[pbl - 1] == '\t')) pbl--;
  last_word(t + ls, pbl - ls, pprev, sizeof pprev);
  bool want_period = ((kr_line || !strcmp(first, "milestone")) && !strcmp(pprev, "by")) || !strcmp(pprev, "starts") || !strcmp(pprev, "during") ||
                     (!strcmp(first, "actuals") && !strcmp(pprev, "actuals"));
  if (want_period) ws = pws;
  Completions c = { json_array(), json_object(), t + ws, off - ws, jrange(&d->lines, (uint32_t)ws, off), false };
  /* contextual */
  if (want_period) period_items(&c, d);
  else if (!strcmp(prev, "forecast") || (!strcmp(first, "affects") && !strcmp(prev, "by"))) {
    dist_items(&c);
  } else if (formula) {
    fn_items(&c);
    name_items(&c, d, WANT_KR | WANT_KPI);
  } else if (!strcmp(prev, "in") && bl - ls >= 2 && last == 'n') name_items(&c, d, WANT_PERSP);
  else if (!strcmp(prev, "aligns")) align_items(&c, d, off);
  else if (!strcmp(prev, "supports") || (!strcmp(first, "supports") && last == ','))
    name_items(&c, d, WANT_OBJ);
  else if (last == '>' && bl - ls >= 2 && t[bl - 2] == '-' && !kr_line) name_items(&c, d, WANT_OBJ);
  else if (!strcmp(prev, "affects")) name_items(&c, d, WANT_KR | WANT_KPI);
  else if (!strcmp(prev, "status") && !strcmp(block, "initiative")) kw_items(&c, status_kw);
  else if (!strcmp(first, "milestone") && !strcmp(block, "initiative") && !at_start && strcmp(prev, "milestone"))
    kw_items(&c, ms_kw);
  else if (!strcmp(first, "cost") && !strcmp(block, "initiative") && strcmp(prev, "cost")) kw_items(&c, cost_kw);
  else if (!strcmp(prev, "level") && last == 'l') kw_items(&c, level_kw);
  else if (!strcmp(prev, "cadence")) kw_items(&c, cadence_kw);
  else if (!strcmp(prev, "scored") && kr_line) kw_items(&c, mode_kw);
  else if (!strcmp(prev, "cascade") && kr_line) kw_items(&c, cascade_kw);
  else if (!strcmp(prev, "every") && kr_line) kw_items(&c, every_kw);
  else if (!strcmp(prev, "limit")) kw_items(&c, limit_kw);
  else if (!strcmp(prev, "plan") && kr_line) kw_items(&c, plan_kw);
  else if (kr_line && last == ':') name_items(&c, d, WANT_UNIT);
  else if (!strcmp(block, "perspectives")) name_items(&c, d, WANT_PERSP);
  else if (!strcmp(block, "thresholds")) kw_items(&c, thr_kw);
  else if (!strcmp(block, "actuals") && at_start) name_items(&c, d, WANT_KR | WANT_KPI);
  else if (tk == 2) {
    /* typed a trigger character where nothing in particular fits */
  } else if (at_start) {
    if (!strcmp(block, "objective")) kw_items(&c, obj_kw);
    else if (!strcmp(block, "strategy")) kw_items(&c, strat_kw);
    else if (!strcmp(block, "initiative")) kw_items(&c, init_kw);
    else if (!block[0]) { kw_items(&c, top_kw); name_items(&c, d, WANT_OBJ); }
  } else if (kr_line && has_colon) {
    kw_items(&c, kr_kw);
    name_items(&c, d, WANT_KR | WANT_KPI);
  } else if (!strcmp(first, "affects")) {
    kw_items(&c, eff_kw);
    name_items(&c, d, WANT_KR | WANT_KPI);
  } else if (!block[0] && strstr(t + ls, "->") && (size_t)(strstr(t + ls, "->") - t) < bl) {
    kw_items(&c, link_kw);
  } else {
    name_items(&c, d, WANT_OBJ | WANT_KR | WANT_KPI | WANT_INIT);
  }
  json_decref(c.seen);
  json_decref(c.range);
  *res = json_pack("{s:b,s:o}", "isIncomplete", c.incomplete, "items", c.items);
  return true;
}

/* ---- document symbols ---------------------------------------------------- */

enum { SK_FILE = 1, SK_MODULE = 2, SK_NAMESPACE = 3, SK_CLASS = 5, SK_PROPERTY = 7, SK_FIELD = 8,
       SK_ENUM = 10, SK_VARIABLE = 13, SK_CONSTANT = 14, SK_ARRAY = 18, SK_ENUM_MEMBER = 22,
       SK_EVENT = 24, SK_OPERATOR = 25, SK_TYPE_PARAMETER = 26 };

/* The outline is written as JSON text straight into a buffer (jw_*):
 * tens of thousands of symbols as jansson objects cost a second in
 * allocation, dumping and freeing; the text costs milliseconds. */
static void sym_open(Buf *b, Doc *d, const char *name, const char *detail, int kind, Span range, Span sel) {
  if (sel.off < range.off || sel.end > range.end) sel = range;
  if (b->len && b->data[b->len - 1] == '}') buf_putc(b, ',');
  buf_puts(b, "{\"name\":");
  if (name && *name) jw_str(b, name, strlen(name)); else buf_puts(b, "\"?\"");
  buf_printf(b, ",\"kind\":%d,\"range\":", kind);
  jw_range(b, &d->lines, range.off, range.end);
  buf_puts(b, ",\"selectionRange\":");
  jw_range(b, &d->lines, sel.off, sel.end);
  if (detail) { buf_puts(b, ",\"detail\":"); jw_str(b, detail, strlen(detail)); }
}

static void symbol(Buf *b, Doc *d, const char *name, const char *detail, int kind, Span range, Span sel) {
  sym_open(b, d, name, detail, kind, range, sel);
  buf_putc(b, '}');
}

static void kids_open(Buf *b) { buf_puts(b, ",\"children\":["); }
static void kids_close(Buf *b) { buf_puts(b, "]}"); }

static void kr_symbol(Buf *b, Doc *d, KR *k) {
  symbol(b, d, k->name.name, k->title.text, k->h.kind == ND_KPI ? SK_PROPERTY : SK_FIELD, k->h.span, k->name.span);
}

static AstFile *doc_ast(Doc *d) {
  for (int i = 0; i < d->p->nfiles; i++)
    if (d->p->files[i] && d->p->files[i]->file == d->file) return d->p->files[i];
  return NULL;
}

static void decl_symbol(Buf *b, Doc *d, Node *n) {
  switch (n->kind) {
  case ND_IMPORT: {
    Import *im = (Import *)n;
    symbol(b, d, im->path.text, "import", SK_FILE, n->span, im->path.span);
    break;
  }
  case ND_STRATEGY: {
    Strategy *st = (Strategy *)n;
    sym_open(b, d, st->title.text ? st->title.text : "strategy", "strategy", SK_NAMESPACE, n->span, st->title.span);
    kids_open(b);
    for (int j = 0; j < st->nweights; j++) {
      Buf w; buf_init(&w);
      put_src(&w, d, st->weights[j].weight->span);
      symbol(b, d, st->weights[j].persp.name, w.data, SK_ENUM_MEMBER, st->weights[j].span, st->weights[j].persp.span);
      buf_free(&w);
    }
    kids_close(b);
    break;
  }
  case ND_PERSPECTIVE: {
    Perspective *ps = (Perspective *)n;
    symbol(b, d, ps->name.name, ps->title.text, SK_ENUM, n->span, ps->name.span);
    break;
  }
  case ND_UNIT: {
    UnitDecl *u = (UnitDecl *)n;
    symbol(b, d, u->name.name, "unit", SK_TYPE_PARAMETER, n->span, u->name.span);
    break;
  }
  case ND_OBJECTIVE: {
    Objective *o = (Objective *)n;
    sym_open(b, d, o->name.name, o->title.text, SK_CLASS, n->span, o->name.span);
    kids_open(b);
    for (int j = 0; j < o->nkrs; j++) if (o->krs[j]) kr_symbol(b, d, o->krs[j]);
    for (int j = 0; j < o->nkpis; j++) if (o->kpis[j]) kr_symbol(b, d, o->kpis[j]);
    kids_close(b);
    break;
  }
  case ND_KR: case ND_KPI: kr_symbol(b, d, (KR *)n); break;
  case ND_LINK: {
    Link *l = (Link *)n;
    char name[512];
    snprintf(name, sizeof name, "%s -> %s", l->from.name ? l->from.name : "?", l->to.name ? l->to.name : "?");
    symbol(b, d, name, "causal link", SK_OPERATOR, n->span, n->span);
    break;
  }
  case ND_INITIATIVE: {
    Initiative *in = (Initiative *)n;
    symbol(b, d, in->name.name, in->title.text, SK_EVENT, n->span, in->name.span);
    break;
  }
  case ND_ACTUALS: {
    Actuals *a = (Actuals *)n;
    char name[64];
    snprintf(name, sizeof name, "actuals %s", ast_period_str(&d->p->arena, a->period));
    sym_open(b, d, name, "check-ins", SK_ARRAY, n->span, a->period.span);
    kids_open(b);
    for (int j = 0; j < a->nitems; j++) {
      Buf v; buf_init(&v);
      if (a->items[j].value) put_src(&v, d, a->items[j].value->span);
      symbol(b, d, a->items[j].kr.name, v.data, SK_VARIABLE, a->items[j].span, a->items[j].kr.span);
      buf_free(&v);
    }
    kids_close(b);
    break;
  }
  case ND_THEME: {
    Theme *th = (Theme *)n;
    symbol(b, d, th->name.name, th->title.text ? th->title.text : "theme", SK_NAMESPACE, n->span, th->name.span);
    break;
  }
  }
}

static bool h_symbols(Server *S, json_t *params, json_t **res, RpcErr *e) {
  Doc *d = param_doc(S, params, e);
  if (!d) return false;
  AstFile *f = doc_ast(d);
  Buf *b = raw_result(S);
  buf_putc(b, '[');
  for (int i = 0; f && i < f->ndecls; i++)
    if (f->decls[i]) decl_symbol(b, d, f->decls[i]);
  buf_putc(b, ']');
  return true;
}

/* ---- formatting ----------------------------------------------------------- */

/* The document formatted by bscc fmt (malloc'd into *out). */
static bool format_doc(Doc *d, char **out, RpcErr *e) {
  DiagEngine de;
  diag_init(&de);
  char *why = NULL;
  *out = NULL;
  FmtStatus st = fmt_text(d->path, d->text, d->len, &de, out, &why);
  int nerr = de.nerrors;
  diag_free(&de);
  if (st == FMT_SYNTAX)
    return fail(e, RPC_REQUEST_FAILED, "the document has %d syntax error%s; fix %s to format it",
                nerr, nerr == 1 ? "" : "s", nerr == 1 ? "it" : "them");
  if (st != FMT_OK) {
    bool r = fail(e, RPC_INTERNAL_ERROR, "internal formatter error: %s", why ? why : "");
    free(why);
    free(*out);
    *out = NULL;
    return r;
  }
  return true;
}

static bool h_formatting(Server *S, json_t *params, json_t **res, RpcErr *e) {
  Doc *d = param_doc(S, params, e);
  if (!d) return false;
  char *out;
  if (!format_doc(d, &out, e)) return false;
  *res = json_array();
  if (strlen(out) != d->len || memcmp(out, d->text, d->len)) {
    json_array_append_new(*res, json_pack("{s:o,s:s}", "range", jrange(&d->lines, 0, (uint32_t)d->len),
                                          "newText", out));
  }
  free(out);
  return true;
}

/* The byte offset of the start of the line holding off in t. */
static uint32_t bol(const char *t, uint32_t off) {
  while (off > 0 && t[off - 1] != '\n') off--;
  return off;
}

/* textDocument/rangeFormatting: the top-level declarations the range
 * touches, each replaced, from the start of its first line to its end,
 * by its text in the formatted document (bscc fmt formats declarations
 * one by one, so the i-th declaration of the output is the i-th of the
 * input).  Text outside those declarations is left alone. */
static bool h_range_formatting(Server *S, json_t *params, json_t **res, RpcErr *e) {
  Doc *d = param_doc(S, params, e);
  if (!d) return false;
  uint32_t a, z;
  if (!json_object_get(params, "range")) return fail(e, RPC_INVALID_PARAMS, "missing range");
  if (!param_range(params, &d->lines, &a, &z, e)) return false;
  char *out;
  if (!format_doc(d, &out, e)) return false;
  size_t olen = strlen(out);
  DiagEngine de;
  diag_init(&de);
  Program p;
  program_init(&p, &de);
  int f = diag_add_source(&de, d->path, bsc_strdup(out), olen, false);
  AstFile *nf = parse_source(&p, f), *of = doc_ast(d);
  *res = json_array();
  if (!of || !nf || nf->ndecls != of->ndecls) {
    /* cannot pair the declarations: the whole document */
    if (olen != d->len || memcmp(out, d->text, d->len))
      json_array_append_new(*res, json_pack("{s:o,s:s}", "range", jrange(&d->lines, 0, (uint32_t)d->len), "newText", out));
  } else {
    for (int i = 0; i < of->ndecls; i++) {
      Span os = of->decls[i]->span, ns = nf->decls[i]->span;
      if (os.end < a || os.off > z) continue;
      uint32_t o0 = bol(d->text, os.off), n0 = bol(out, ns.off);
      if (os.end - o0 == ns.end - n0 && !memcmp(d->text + o0, out + n0, os.end - o0)) continue;
      json_array_append_new(*res, json_pack("{s:o,s:o}", "range", jrange(&d->lines, o0, os.end),
                                            "newText", jtext(out + n0, ns.end - n0)));
    }
  }
  program_free(&p);
  diag_free(&de);
  free(out);
  return true;
}

/* ---- document synchronisation --------------------------------------------- */

/* Does o's analysis depend on d's text: o's program loaded d (o is a team
 * file and d its root, or o imports d), or d's program loaded o? */
static bool depends_on(Doc *o, Doc *d) {
  return o != d && o->analysed &&
         (root_source_of(o->de, d->real) >= 0 || (d->analysed && root_source_of(d->de, o->real) >= 0));
}

/* d has new text: d and the open documents whose analysis depends on it
 * are checked again, so a name renamed in an unsaved company file shows
 * up at once in the team files that align to it. */
static void analyse_with_dependents(Server *S, Doc *d) {
  int n = S->ndocs;
  bool *dep = bsc_calloc((size_t)n + 1, sizeof(bool)), *done = bsc_calloc((size_t)n + 1, sizeof(bool));
  for (int i = 0; i < n; i++) dep[i] = depends_on(S->docs[i], d);  /* before: what d loaded */
  /* The open roots that load d first: their new compilation, which reads
   * d's buffer, then is d's analysis too (fresh_root), one compile for both. */
  for (int i = 0; i < n; i++) {
    Doc *r = S->docs[i];
    if (dep[i] && r->analysed && !r->owner && r->p->strategy && root_source_of(r->de, d->real) >= 0) {
      analyse(S, r);
      done[i] = true;
    }
  }
  analyse(S, d);
  for (int i = 0; i < n; i++)
    if (!done[i] && S->docs[i] != d && (dep[i] || depends_on(S->docs[i], d)))
      analyse(S, S->docs[i]);  /* and after */
  free(dep);
  free(done);
}

static void did_open(Server *S, json_t *params) {
  json_t *td = json_object_get(params, "textDocument");
  const char *uri = jstr(td, "uri");
  json_t *text = json_object_get(td, "text");
  if (!uri || !json_is_string(text)) return;
  Doc *d = find_doc(S, uri);
  if (!d) {
    d = bsc_calloc(1, sizeof *d);
    d->uri = bsc_strdup(uri);
    d->path = uri_to_path(uri);
    char *r = realpath(d->path, NULL);
    d->real = r ? r : bsc_strdup(d->path);
    d->srv = S;
    if (S->ndocs == S->cap) {
      S->cap = S->cap ? S->cap * 2 : 8;
      S->docs = bsc_realloc(S->docs, sizeof(Doc *) * (size_t)S->cap);
    }
    S->docs[S->ndocs++] = d;
  }
  size_t n = json_string_length(text);
  char *copy = bsc_malloc(n + 1);
  memcpy(copy, json_string_value(text), n);
  copy[n] = 0;
  doc_set_text(d, copy, n);
  d->stale = true;
}

static void did_change(Server *S, json_t *params) {
  json_t *td = json_object_get(params, "textDocument");
  const char *uri = jstr(td, "uri");
  json_t *changes = json_object_get(params, "contentChanges");
  Doc *d = uri ? find_doc(S, uri) : NULL;
  if (!d || !json_is_array(changes)) return;
  size_t i;
  json_t *ch;
  json_array_foreach(changes, i, ch) {
    json_t *text = json_object_get(ch, "text");
    if (!json_is_string(text)) continue;
    const char *nt = json_string_value(text);
    size_t nl = json_string_length(text);
    json_t *range = json_object_get(ch, "range");
    Buf b; buf_init(&b);
    if (json_is_object(range)) {           /* an incremental change */
      long l0, c0, l1, c1;
      json_t *st = json_object_get(range, "start"), *en = json_object_get(range, "end");
      if (!jint(st, "line", &l0) || !jint(st, "character", &c0) || !jint(en, "line", &l1) || !jint(en, "character", &c1))
        continue;
      uint32_t a = pos_to_off(&d->lines, l0, c0), z = pos_to_off(&d->lines, l1, c1);
      if (z < a) { uint32_t t = a; a = z; z = t; }
      buf_putn(&b, d->text, a);
      buf_putn(&b, nt, nl);
      buf_putn(&b, d->text + z, d->len - z);
    } else
      buf_putn(&b, nt, nl);
    size_t len = b.len;
    doc_set_text(d, b.data ? buf_steal(&b) : bsc_strdup(""), len);
  }
  d->stale = true;
}

/* The analysis is debounced: a change only marks its document stale, and
 * the stale documents are compiled when the server has no message waiting
 * (serve) or when a request needs an answer (param_doc).  Ten edits that
 * arrive together cost one compile, of the newest text, and a hover sent
 * after them waits for that one only. */
static void flush(Server *S) {
  for (int i = 0; i < S->ndocs; i++) {
    Doc *d = S->docs[i];
    if (d->stale) analyse_with_dependents(S, d);
  }
}

static void did_close(Server *S, json_t *params) {
  const char *uri = jstr(json_object_get(params, "textDocument"), "uri");
  for (int i = 0; uri && i < S->ndocs; i++) {
    if (strcmp(S->docs[i]->uri, uri)) continue;
    Doc *d = S->docs[i];
    publish(S, d->uri, json_array());
    for (int j = 0; j < d->npublished; j++) publish(S, d->published[j], json_array());
    if (d->analysed && !d->owner) orphan_borrowers(S, d, d->p);   /* analysed again at the next flush */
    doc_free(d);
    S->docs[i] = S->docs[--S->ndocs];
    return;
  }
}

/* A saved file may be imported by other open documents, or be the root
 * of some: check every open document again (the saved one too, since its
 * root now reads the saved text). */
static void did_save(Server *S, json_t *params) {
  const char *uri = jstr(json_object_get(params, "textDocument"), "uri");
  if (!uri) return;
  flush(S);
  for (int i = 0; i < S->ndocs; i++) {
    if (!S->docs[i]->root) S->docs[i]->root_searched = false;
    analyse(S, S->docs[i]);
  }
}

/* ---- lifecycle ------------------------------------------------------------ */

/* path made absolute: against base (a folder), else the current folder. */
static char *abs_path(const char *base, const char *path) {
  if (path[0] == '/') return bsc_strdup(path);
  char cwd[PATH_MAX];
  if (!base) base = getcwd(cwd, sizeof cwd) ? cwd : ".";
  char *r = bsc_malloc(strlen(base) + strlen(path) + 2);
  sprintf(r, "%s/%s", base, path);
  return r;
}

static void add_data(Server *S, const char *base, const char *path) {
  S->data = bsc_realloc(S->data, sizeof *S->data * (size_t)(S->ndata + 1));
  S->data[S->ndata++] = abs_path(base, path);
}

/* A store is a file path or a postgresql:// connection string. */
static void set_store(Server *S, const char *base, const char *where) {
  free(S->store);
  S->store = store_is_pg(where) ? bsc_strdup(where) : abs_path(base, where);
}

static void server_free(Server *S) {
  for (int i = 0; i < S->nallow; i++) free(S->allow[i]);
  free(S->allow);
  for (int i = 0; i < S->ndata; i++) free(S->data[i]);
  free(S->data);
  free(S->store);
  S->allow = S->data = NULL;
  S->store = NULL;
  S->nallow = S->ndata = 0;
}

/* initializationOptions {"data": [paths], "store": "..."}: relative paths
 * from the first workspace folder; they replace the command line's. */
static void init_options(Server *S, json_t *params) {
  json_t *io = json_object_get(params, "initializationOptions");
  json_t *data = json_object_get(io, "data"), *store = json_object_get(io, "store"), *v;
  const char *uri = jstr(json_array_get(json_object_get(params, "workspaceFolders"), 0), "uri");
  if (!uri) uri = jstr(params, "rootUri");
  char *base = uri ? uri_to_path(uri) : NULL;
  size_t i;
  if (json_is_array(data)) {
    for (int k = 0; k < S->ndata; k++) free(S->data[k]);
    S->ndata = 0;
    json_array_foreach(data, i, v) if (json_is_string(v)) add_data(S, base, json_string_value(v));
  }
  if (json_is_string(store)) set_store(S, base, json_string_value(store));
  free(base);
}

static void allow_folder(Server *S, const char *path) {
  S->allow = bsc_realloc(S->allow, sizeof *S->allow * (size_t)(S->nallow + 1));
  S->allow[S->nallow++] = bsc_strdup(path);
}

/* The workspace folders (or the older rootUri) become allowed import
 * folders: a project's files may import each other across its folders. */
static void allow_workspace(Server *S, json_t *params) {
  json_t *folders = json_object_get(params, "workspaceFolders"), *f;
  size_t i;
  const char *uri;
  json_array_foreach(folders, i, f)
    if ((uri = json_string_value(json_object_get(f, "uri")))) {
      char *path = uri_to_path(uri);
      if (path[0] == '/') allow_folder(S, path);
      free(path);
    }
  if (json_array_size(folders)) return;
  if ((uri = json_string_value(json_object_get(params, "rootUri")))) {
    char *path = uri_to_path(uri);
    if (path[0] == '/') allow_folder(S, path);
    free(path);
  }
}

/* ---- inlay hints and code lenses: the scorecard in the editor ------------- */

/* The byte offset where the line holding off ends (before its newline). */
static uint32_t line_end_at(const Lines *l, uint32_t off) {
  int line, ch;
  off_to_pos(l, off, &line, &ch);
  return (uint32_t)line_content_end(l, line);
}

/* "0.81 · on track" (a KR or objective), "healthy" (a KPI), or NULL
 * without data in the scorecard's period. */
static const char *score_label(char *buf, size_t n, const ScoreResult *r, bool kpi) {
  if (!r || !r->has) return NULL;
  if (kpi) snprintf(buf, n, "%s", score_health_name(r->health));
  else snprintf(buf, n, "%.2f · %s", r->score, score_track_name(r->track));
  return buf;
}

static void hint(json_t *out, Doc *d, uint32_t off, const char *label, int kind) {
  json_array_append_new(out, json_pack("{s:o,s:s,s:i,s:b}", "position", jpos(&d->lines, off), "label", label,
                                       "kind", kind, "paddingLeft", 1));
}

static void kr_hints(json_t *out, Doc *d, ScoreCard *sc, const KR *k, uint32_t a, uint32_t z) {
  if (k->h.span.file != d->file || k->h.span.off > z || k->h.span.end < a) return;
  /* a range KR whose direction is not written: the one inferred */
  if (k->spec == SPEC_RANGE && k->dir == DIR_NONE && k->target && k->dir_eff != DIR_NONE)
    hint(out, d, k->target->span.end, k->dir_eff == DIR_INCREASE ? "↑ increase" : "↓ decrease", 1);
  char buf[96];
  bool kpi = k->h.kind == ND_KPI;
  const char *l = sc ? score_label(buf, sizeof buf, kpi ? score_kpi(sc, sc->as_of, k) : score_kr(sc, sc->as_of, k), kpi)
                     : NULL;
  if (l) hint(out, d, line_end_at(&d->lines, k->h.span.off), l, 1);
}

/* textDocument/inlayHint: each KR's and objective's score and status in
 * the scorecard's period when there are check-ins, and the inferred
 * direction of a range KR that does not say `increase` or `decrease`. */
static bool h_inlay(Server *S, json_t *params, json_t **res, RpcErr *e) {
  Doc *d = param_doc(S, params, e);
  if (!d) return false;
  uint32_t a, z;
  if (!param_range(params, &d->lines, &a, &z, e)) return false;
  AstFile *f = doc_ast(d);
  ScoreCard *sc = doc_score(d);
  *res = json_array();
  for (int i = 0; f && i < f->ndecls; i++) {
    Node *n = f->decls[i];
    if (!n) continue;
    if (n->kind == ND_KR || n->kind == ND_KPI) kr_hints(*res, d, sc, (KR *)n, a, z);
    if (n->kind != ND_OBJECTIVE) continue;
    Objective *o = (Objective *)n;
    char buf[96];
    const char *l = sc ? score_label(buf, sizeof buf, score_obj(sc, sc->as_of, o), false) : NULL;
    if (l && n->span.off <= z && n->span.off >= a) hint(*res, d, line_end_at(&d->lines, n->span.off), l, 1);
    for (int j = 0; j < o->nkrs; j++) if (o->krs[j]) kr_hints(*res, d, sc, o->krs[j], a, z);
    for (int j = 0; j < o->nkpis; j++) if (o->kpis[j]) kr_hints(*res, d, sc, o->kpis[j], a, z);
  }
  return true;
}

/* textDocument/codeLens: over each objective, "score 0.81 · on track · 3
 * KRs behind" (behind or at risk), or its number of KRs before any
 * check-in.  The lenses are informative: their command is empty. */
static bool h_code_lens(Server *S, json_t *params, json_t **res, RpcErr *e) {
  Doc *d = param_doc(S, params, e);
  if (!d) return false;
  AstFile *f = doc_ast(d);
  ScoreCard *sc = doc_score(d);
  *res = json_array();
  for (int i = 0; f && i < f->ndecls; i++) {
    if (!f->decls[i] || f->decls[i]->kind != ND_OBJECTIVE) continue;
    Objective *o = (Objective *)f->decls[i];
    char t[160];
    const ScoreResult *r = sc ? score_obj(sc, sc->as_of, o) : NULL;
    if (r && r->has) {
      int behind = 0;
      for (int j = 0; j < o->nkrs; j++) {
        const ScoreResult *k = o->krs[j] ? score_kr(sc, sc->as_of, o->krs[j]) : NULL;
        behind += k && k->has && (k->track == TRACK_BEHIND || k->track == TRACK_AT_RISK);
      }
      snprintf(t, sizeof t, "score %.2f · %s · %d KR%s behind", r->score, score_track_name(r->track), behind,
               behind == 1 ? "" : "s");
    } else if (sc && r && r->scope != SCOPE_RUNNING)
      snprintf(t, sizeof t, "%s", score_scope_name(r->scope));
    else
      snprintf(t, sizeof t, "%d key result%s · no check-ins", o->nkrs, o->nkrs == 1 ? "" : "s");
    json_array_append_new(*res, json_pack("{s:o,s:{s:s,s:s}}", "range", jrange(&d->lines, o->name.span.off, o->name.span.end),
                                          "command", "title", t, "command", ""));
  }
  return true;
}

/* ---- semantic tokens --------------------------------------------------------- */

/* The legend: names classified by what they name, which a grammar cannot
 * know (an objective, a KR and a perspective look alike in `a -> b`). */
static const char *const tok_types[] = { "class", "property", "variable", "event", "enumMember", "type", "string", NULL };
static const char *const tok_mods[] = { "declaration", "defaultLibrary", NULL };
enum { TT_OBJECTIVE, TT_KR, TT_KPI, TT_INITIATIVE, TT_PERSPECTIVE, TT_UNIT, TT_IMPORT };

static int tok_type(Doc *d, const Occ *o) {
  if (o->ns == NS_FILE) return TT_IMPORT;
  const Occ *def = o->def ? o : occ_def(d, o->name, o->ns);
  if (!def) return -1;
  switch (def->dkind) {
  case ND_OBJECTIVE: return TT_OBJECTIVE;
  case ND_KR: return TT_KR;
  case ND_KPI: return TT_KPI;
  case ND_INITIATIVE: return TT_INITIATIVE;
  case ND_PERSPECTIVE: return TT_PERSPECTIVE;
  case ND_UNIT: return TT_UNIT;
  }
  return -1;
}

static int occ_cmp(const void *a, const void *b) {
  const Occ *x = *(const Occ *const *)a, *y = *(const Occ *const *)b;
  return x->span.off < y->span.off ? -1 : x->span.off > y->span.off;
}

/* The encoded tokens of d (5 integers each, relative positions), malloc'd. */
static int *sem_tokens(Doc *d, int *n) {
  Occ **v = bsc_malloc(sizeof(Occ *) * ((size_t)d->nocc + 1));
  int k = 0;
  for (int i = 0; i < d->nocc; i++)
    if (d->occ[i].span.file == d->file && d->occ[i].span.end > d->occ[i].span.off) v[k++] = &d->occ[i];
  qsort(v, (size_t)k, sizeof *v, occ_cmp);
  int *t = bsc_malloc(sizeof(int) * 5 * ((size_t)k + 1));
  int m = 0, pl = 0, pc = 0;
  uint32_t last = UINT32_MAX;
  for (int i = 0; i < k; i++) {
    int ty = tok_type(d, v[i]);
    if (ty < 0 || v[i]->span.off == last) continue;
    int l0, c0, l1, c1;
    off_to_pos(&d->lines, v[i]->span.off, &l0, &c0);
    off_to_pos(&d->lines, v[i]->span.end, &l1, &c1);
    if (l1 != l0) continue;
    const Occ *def = v[i]->def ? v[i] : occ_def(d, v[i]->name, v[i]->ns);
    int mods = (v[i]->def ? 1 : 0) | (def && v[i]->ns != NS_FILE && is_builtin(d, def->span.file) ? 2 : 0);
    t[m++] = l0 - pl;
    t[m++] = l0 == pl ? c0 - pc : c0;
    t[m++] = c1 - c0;
    t[m++] = ty;
    t[m++] = mods;
    pl = l0;
    pc = c0;
    last = v[i]->span.off;
  }
  free(v);
  *n = m;
  return t;
}

static void jw_ints(Buf *b, const int *v, int n) {
  buf_putc(b, '[');
  for (int i = 0; i < n; i++) {
    if (i) buf_putc(b, ',');
    jw_int(b, v[i]);
  }
  buf_putc(b, ']');
}

/* textDocument/semanticTokens/full and .../full/delta: the delta against
 * the last answer (previousResultId) is one edit, the span between the
 * common head and the common tail of the two arrays. */
static bool sem_answer(Server *S, json_t *params, bool delta, RpcErr *e) {
  Doc *d = param_doc(S, params, e);
  if (!d) return false;
  int n;
  int *t = sem_tokens(d, &n);
  const char *prev = jstr(params, "previousResultId");
  char id[32];
  bool have_prev = delta && prev && d->tok && (snprintf(id, sizeof id, "%d", d->tok_id), !strcmp(prev, id));
  S->tok_seq++;
  Buf *b = raw_result(S);
  buf_printf(b, "{\"resultId\":\"%d\",", S->tok_seq);
  if (have_prev) {
    int h = 0, tl = 0;
    while (h < n && h < d->ntok && t[h] == d->tok[h]) h++;
    while (tl < n - h && tl < d->ntok - h && t[n - 1 - tl] == d->tok[d->ntok - 1 - tl]) tl++;
    buf_puts(b, "\"edits\":[");
    if (h < n - tl || h < d->ntok - tl) {
      buf_printf(b, "{\"start\":%d,\"deleteCount\":%d,\"data\":", h, d->ntok - tl - h);
      jw_ints(b, t + h, n - tl - h);
      buf_putc(b, '}');
    }
    buf_puts(b, "]}");
  } else {
    buf_puts(b, "\"data\":");
    jw_ints(b, t, n);
    buf_putc(b, '}');
  }
  free(d->tok);
  d->tok = t;
  d->ntok = n;
  d->tok_id = S->tok_seq;
  return true;
}

static bool h_sem_full(Server *S, json_t *params, json_t **res, RpcErr *e) { return sem_answer(S, params, false, e); }
static bool h_sem_delta(Server *S, json_t *params, json_t **res, RpcErr *e) { return sem_answer(S, params, true, e); }

/* ---- signature help ------------------------------------------------------- */

static const struct { const char *name, *params, *doc; } unit_calls[] = {
  { "rating", "lo..hi", "a rating scale from lo to hi" },
  { "currency", "CODE", "money in a currency (ISO 4217 code)" },
  { "milestone", "N", "a milestone of N steps" },
};

/* The signature {label, documentation, parameters} of name(params): each
 * parameter's label as [start, end] in the label. */
static json_t *signature(const char *name, const char *ps, const char *doc, int *np) {
  char label[128];
  int k = snprintf(label, sizeof label, "%s(", name);
  json_t *params = json_array();
  const char *p = ps;
  *np = 0;
  while (*p) {
    const char *q = strstr(p, ", ");
    size_t n = q ? (size_t)(q - p) : strlen(p);
    json_array_append_new(params, json_pack("{s:[i,i]}", "label", k, k + (int)n));
    k += snprintf(label + k, sizeof label - (size_t)k, "%.*s%s", (int)n, p, q ? ", " : "");
    (*np)++;
    p = q ? q + 2 : p + n;
  }
  snprintf(label + k, sizeof label - (size_t)k, ")");
  return json_pack("{s:s,s:s,s:o}", "label", label, "documentation", doc, "parameters", params);
}

/* textDocument/signatureHelp: inside the parentheses of a distribution
 * (`forecast pert(`), a formula function (`= max(`) or a unit
 * (`rating(`), its parameters and the one being typed (commas at the
 * same depth, on the cursor's line). */
static bool h_signature(Server *S, json_t *params, json_t **res, RpcErr *e) {
  uint32_t off;
  Doc *d = param_pos(S, params, &off, e);
  if (!d) return false;
  *res = json_null();
  const char *t = d->text;
  int line, ch;
  off_to_pos(&d->lines, off, &line, &ch);
  size_t ls = d->lines.start[line], i = off;
  int depth = 0, commas = 0;
  while (i > ls) {
    char c = t[--i];
    if (c == ')') depth++;
    else if (c == '(' && depth-- == 0) break;
    else if (c == ',' && depth == 0) commas++;
    if (i == ls) return true;            /* no open parenthesis on the line */
  }
  if (t[i] != '(' || depth >= 0) return true;
  size_t ne = i;
  while (ne > ls && (t[ne - 1] == ' ' || t[ne - 1] == '\t')) ne--;
  size_t nb = ne;
  while (nb > ls && word_char((unsigned char)t[nb - 1])) nb--;
  char name[32];
  if (ne == nb || ne - nb >= sizeof name) return true;
  snprintf(name, sizeof name, "%.*s", (int)(ne - nb), t + nb);
  json_t *sig = NULL;
  int np = 0;
  bool variadic = false;
  for (size_t k = 0; !sig && k < sizeof callables / sizeof callables[0]; k++)
    if (!strcmp(callables[k].name, name)) {
      sig = signature(name, callables[k].params, callables[k].doc, &np);
      variadic = strstr(callables[k].params, "...") != NULL;
    }
  for (size_t k = 0; !sig && k < sizeof unit_calls / sizeof unit_calls[0]; k++)
    if (!strcmp(unit_calls[k].name, name)) sig = signature(name, unit_calls[k].params, unit_calls[k].doc, &np);
  if (!sig) return true;
  int active = commas;
  if (variadic && active >= np - 1) active = np - 2;   /* a, b, ...: every later one is like b */
  if (active >= np) active = np - 1;
  json_decref(*res);
  *res = json_pack("{s:[o],s:i,s:i}", "signatures", sig, "activeSignature", 0, "activeParameter", active);
  return true;
}

/* ---- workspace symbols ----------------------------------------------------- */

#define LSP_MAX_WS_SYMBOLS 200

static bool contains_ci(const char *s, const char *q) {
  size_t n = strlen(q);
  if (!n) return true;
  for (; *s; s++) if (starts_with(s, q, n)) return true;
  return false;
}

static int def_symbol_kind(int dkind) {
  switch (dkind) {
  case ND_OBJECTIVE: return SK_CLASS;
  case ND_KR: return SK_FIELD;
  case ND_KPI: return SK_PROPERTY;
  case ND_INITIATIVE: return SK_EVENT;
  case ND_PERSPECTIVE: return SK_ENUM;
  case ND_UNIT: return SK_TYPE_PARAMETER;
  }
  return SK_VARIABLE;
}

/* workspace/symbol: the definitions (objectives, KRs, KPIs, initiatives,
 * perspectives, units) of every open document's program whose name
 * contains the query (case-insensitively), each once, at most 200. */
static bool h_ws_symbols(Server *S, json_t *params, json_t **res, RpcErr *e) {
  const char *q = jstr(params, "query");
  if (!q) q = "";
  *res = json_array();
  json_t *seen = json_object();
  for (int di = 0; di < S->ndocs; di++) {
    Doc *d = S->docs[di];
    if (!d->analysed) analyse(S, d);
    if (!d->occ_built) { collect_occ(d); d->occ_built = true; }
    for (int i = 0; i < d->nocc && json_array_size(*res) < LSP_MAX_WS_SYMBOLS; i++) {
      Occ *o = &d->occ[i];
      if (!o->def || is_builtin(d, o->span.file) || !contains_ci(o->name, q)) continue;
      const Source *src = diag_source(d->de, o->span.file);
      char key[PATH_MAX + 64];
      snprintf(key, sizeof key, "%s:%u", src->path, o->span.off);
      if (json_object_get(seen, key)) continue;
      json_object_set_new(seen, key, json_true());
      json_t *loc = location(S, d, o->span);
      if (!loc) continue;
      json_t *sym = json_pack("{s:s,s:i,s:o}", "name", o->name, "kind", def_symbol_kind(o->dkind), "location", loc);
      if ((o->dkind == ND_KR || o->dkind == ND_KPI) && ((KR *)o->decl)->obj)
        json_object_set_new(sym, "containerName", json_string(((KR *)o->decl)->obj->name.name));
      json_array_append_new(*res, sym);
    }
  }
  json_decref(seen);
  return true;
}

/* ---- code actions ---------------------------------------------------------- */

/* The quick fix of diagnostic g: its fix (compiler/diag.h) written over
 * its span, or over the span the checker named (fix_at: a weight to
 * change, a place to insert a link), as a CodeAction with the diagnostic
 * it answers. */
static json_t *quick_fix(Server *S, Doc *d, const Diag *g) {
  Span at = g->fix_at ? g->fix_span : g->span;
  const Source *src = diag_source(d->de, at.file);
  char *uri = file_uri(S, d, at.file);
  if (!src || !uri || at.end > src->len) { free(uri); return NULL; }
  int n = (int)(at.end - at.off);
  const char *fx = g->fix;
  Buf t; buf_init(&t);
  if (n == 0) {
    while (*fx == '\n') fx++;
    buf_printf(&t, "Insert `%s`", fx);
  } else
    buf_printf(&t, "Replace `%.*s` with `%s`", n, src->text + at.off, g->fix);
  json_t *edit = json_pack("{s:o,s:s}", "range", jrange(src_lines(d, at.file), at.off, at.end), "newText", g->fix);
  json_t *a = json_pack("{s:o,s:s,s:b,s:[o],s:{s:{s:[o]}}}", "title", jtext(t.data, t.len), "kind", "quickfix",
                        "isPreferred", 1, "diagnostics", diag_json(S, d, g, &d->lines),
                        "edit", "changes", uri, edit);
  buf_free(&t);
  free(uri);
  return a;
}

/* The import path from the folder of `from` to `to` (both absolute):
 * relative, with `../` where it must climb. */
static char *rel_path(const char *from, const char *to) {
  const char *fs = strrchr(from, '/');
  size_t dl = fs ? (size_t)(fs - from) + 1 : 0;   /* from's folder, with its '/' */
  size_t common = 0;
  for (size_t i = 0; i < dl && from[i] == to[i]; i++) if (from[i] == '/') common = i + 1;
  Buf b; buf_init(&b);
  for (size_t i = common; i < dl; i++) if (from[i] == '/') buf_puts(&b, "../");
  buf_puts(&b, to + common);
  return buf_steal(&b);
}

/* E010 on a name that another open document's program defines in a file
 * this one does not load: the quick fix imports that file.  The name and
 * the file come from the checker (the diagnostic's span, sema_lookup of
 * the other compilation), not from the message. */
static json_t *import_fix(Server *S, Doc *d, const Diag *g) {
  const Source *src = diag_source(d->de, g->span.file);
  size_t n = g->span.end - g->span.off;
  if (g->code != E010 || !src || n == 0 || n > 200 || d->path[0] != '/') return NULL;
  char name[201];
  memcpy(name, src->text + g->span.off, n);
  name[n] = 0;
  for (int i = 0; i < S->ndocs; i++) {
    Doc *o = S->docs[i];
    if (o == d || !o->analysed || o->stale || !o->p->sema) continue;
    Sym *sym = sema_lookup(o->p, name);
    const Source *def = sym ? diag_source(o->de, sym->span.file) : NULL;
    if (!def || def->builtin || def->path[0] != '/' || !strcmp(def->path, d->real)) continue;
    char *rel = rel_path(d->real, def->path);
    Buf t, ins;
    buf_init(&t); buf_init(&ins);
    buf_printf(&t, "Import `%s` (it defines `%s`)", rel, name);
    buf_printf(&ins, "import \"%s\"\n", rel);
    json_t *a = json_pack("{s:o,s:s,s:[o],s:{s:{s:[{s:o,s:o}]}}}", "title", jtext(t.data, t.len), "kind", "quickfix",
                          "diagnostics", diag_json(S, d, g, &d->lines), "edit", "changes", d->uri,
                          "range", jrange(&d->lines, 0, 0), "newText", jtext(ins.data, ins.len));
    buf_free(&t); buf_free(&ins);
    free(rel);
    return a;
  }
  return NULL;
}

/* textDocument/codeAction: the quick fixes of the diagnostics in range
 * (every "did you mean" is one), from the structured fix the checker
 * attached, never from the message text. */
static bool h_code_action(Server *S, json_t *params, json_t **res, RpcErr *e) {
  Doc *d = param_doc(S, params, e);
  if (!d) return false;
  json_t *range = json_object_get(params, "range");
  json_t *st = json_object_get(range, "start"), *en = json_object_get(range, "end");
  long l0, c0, l1, c1;
  if (!jint(st, "line", &l0) || !jint(st, "character", &c0) || !jint(en, "line", &l1) || !jint(en, "character", &c1))
    return fail(e, RPC_INVALID_PARAMS, "missing or ill-typed range");
  uint32_t a = pos_to_off(&d->lines, l0, c0), z = pos_to_off(&d->lines, l1, c1);
  if (z < a) { uint32_t t = a; a = z; z = t; }
  *res = json_array();
  for (int i = 0; i < d->de->ndiags; i++) {
    const Diag *g = &d->de->diags[i];
    if ((d->hide && d->hide[i]) || g->span.file != d->file) continue;
    if (g->span.end < a || g->span.off > z) continue;   /* touches the range */
    json_t *q = g->fix ? quick_fix(S, d, g) : NULL, *im = import_fix(S, d, g);
    if (q) json_array_append_new(*res, q);
    if (im) json_array_append_new(*res, im);
  }
  return true;
}

/* ---- folding ranges -------------------------------------------------------- */

/* A folding range over the lines of [off, end), when that is two lines or more. */
static void fold(json_t *out, const Lines *l, uint32_t off, uint32_t end, const char *kind) {
  int l0, l1, ch;
  off_to_pos(l, off, &l0, &ch);
  off_to_pos(l, end > off ? end - 1 : off, &l1, &ch);
  if (l1 <= l0) return;
  json_t *r = json_pack("{s:i,s:i}", "startLine", l0, "endLine", l1);
  if (kind) json_object_set_new(r, "kind", json_string(kind));
  json_array_append_new(out, r);
}

/* textDocument/foldingRange: every declaration of the document that spans
 * lines (objectives, initiatives, the strategy, actuals blocks ...), and
 * block comments. */
static bool h_folding(Server *S, json_t *params, json_t **res, RpcErr *e) {
  Doc *d = param_doc(S, params, e);
  if (!d) return false;
  *res = json_array();
  for (int i = 0; i < d->p->nfiles; i++) {
    const AstFile *f = d->p->files[i];
    if (!f || f->file != d->file) continue;
    for (int j = 0; j < f->ndecls; j++) fold(*res, &d->lines, f->decls[j]->span.off, f->decls[j]->span.end, NULL);
    for (int j = 0; j < f->ncomments; j++)
      if (f->comments[j].block) fold(*res, &d->lines, f->comments[j].span.off, f->comments[j].span.end, "comment");
  }
  return true;
}

static bool h_initialize(Server *S, json_t *params, json_t **res, RpcErr *e) {
  if (S->initialized) return fail(e, RPC_INVALID_REQUEST, "initialize was already called");
  S->initialized = true;
  if (json_is_object(params)) {
    allow_workspace(S, params);
    init_options(S, params);
  }
  *res = json_pack(
    "{s:{s:s,s:{s:b,s:i,s:{s:b}},s:b,s:b,s:b,s:{s:[s,s,s],s:b},s:b,s:b,s:{s:b}},s:{s:s,s:s}}",
    "capabilities",
      "positionEncoding", "utf-16",
      "textDocumentSync", "openClose", 1, "change", 1, "save", "includeText", 0,
      "hoverProvider", 1,
      "definitionProvider", 1,
      "referencesProvider", 1,
      "completionProvider", "triggerCharacters", " ", ":", ">", "resolveProvider", 0,
      "documentSymbolProvider", 1,
      "documentFormattingProvider", 1,
      "renameProvider", "prepareProvider", 1,
    "serverInfo", "name", "bscc", "version", BSCC_VERSION);
  json_t *caps = json_object_get(*res, "capabilities");
  json_object_set_new(caps, "codeActionProvider", json_pack("{s:[s]}", "codeActionKinds", "quickfix"));
  json_object_set_new(caps, "foldingRangeProvider", json_true());
  json_object_set_new(caps, "documentHighlightProvider", json_true());
  json_object_set_new(caps, "inlayHintProvider", json_true());
  json_object_set_new(caps, "codeLensProvider", json_pack("{s:b}", "resolveProvider", 0));
  json_object_set_new(caps, "signatureHelpProvider", json_pack("{s:[s,s]}", "triggerCharacters", "(", ","));
  json_object_set_new(caps, "workspaceSymbolProvider", json_true());
  json_object_set_new(caps, "documentRangeFormattingProvider", json_true());
  json_t *types = json_array(), *mods = json_array();
  for (int i = 0; tok_types[i]; i++) json_array_append_new(types, json_string(tok_types[i]));
  for (int i = 0; tok_mods[i]; i++) json_array_append_new(mods, json_string(tok_mods[i]));
  json_object_set_new(caps, "semanticTokensProvider",
                      json_pack("{s:{s:o,s:o},s:{s:b},s:b}", "legend", "tokenTypes", types, "tokenModifiers", mods,
                                "full", "delta", 1, "range", 0));
  return true;
}

static bool h_shutdown(Server *S, json_t *params, json_t **res, RpcErr *e) {
  S->shutdown = true;
  *res = json_null();
  return true;
}

/* ---- the message loop ------------------------------------------------------ */

static void send(Server *S, json_t *msg) {
  if (!msg) return;
  char *body = json_dumps(msg, JSON_COMPACT);
  json_decref(msg);
  if (!body) return;
  size_t n = strlen(body);
  if (fprintf(S->out, "Content-Length: %zu\r\n\r\n", n) < 0 || fwrite(body, 1, n, S->out) != n ||
      fflush(S->out) != 0)
    S->io_error = true;
  free(body);
}

/* The response whose result is the text in S->raw. */
static void send_raw_result(Server *S, json_t *id) {
  char *ids = json_dumps(id, JSON_COMPACT | JSON_ENCODE_ANY);
  Buf b; buf_init(&b);
  buf_printf(&b, "{\"jsonrpc\":\"2.0\",\"id\":%s,\"result\":", ids ? ids : "null");
  buf_putn(&b, S->raw.data ? S->raw.data : "null", S->raw.data ? S->raw.len : 4);
  buf_putc(&b, '}');
  free(ids);
  buf_free(&S->raw);
  buf_init(&S->raw);
  S->has_raw = false;
  if (fprintf(S->out, "Content-Length: %zu\r\n\r\n", b.len) < 0 || fwrite(b.data, 1, b.len, S->out) != b.len ||
      fflush(S->out) != 0)
    S->io_error = true;
  buf_free(&b);
}

static void send_error(Server *S, json_t *id, int code, const char *msg) {
  json_t *m = json_pack("{s:s,s:O,s:{s:i,s:s}}", "jsonrpc", "2.0", "id", id ? id : json_null(),
                        "error", "code", code, "message", msg);
  send(S, m);
}

typedef bool (*Handler)(Server *, json_t *, json_t **, RpcErr *);

static const struct { const char *method; Handler h; } requests[] = {
  { "initialize", h_initialize },
  { "shutdown", h_shutdown },
  { "textDocument/hover", h_hover },
  { "textDocument/definition", h_definition },
  { "textDocument/references", h_references },
  { "textDocument/completion", h_completion },
  { "textDocument/documentSymbol", h_symbols },
  { "textDocument/formatting", h_formatting },
  { "textDocument/prepareRename", h_prepare_rename },
  { "textDocument/rename", h_rename },
  { "textDocument/codeAction", h_code_action },
  { "textDocument/foldingRange", h_folding },
  { "textDocument/documentHighlight", h_highlight },
  { "textDocument/inlayHint", h_inlay },
  { "textDocument/codeLens", h_code_lens },
  { "textDocument/semanticTokens/full", h_sem_full },
  { "textDocument/semanticTokens/full/delta", h_sem_delta },
  { "textDocument/signatureHelp", h_signature },
  { "workspace/symbol", h_ws_symbols },
  { "textDocument/rangeFormatting", h_range_formatting },
};

/* Handles one message; returns 0 or 1 when the server must exit with it,
 * -1 to go on. */
static int handle(Server *S, json_t *msg) {
  if (!json_is_object(msg)) {
    send_error(S, NULL, RPC_INVALID_REQUEST, "a message must be a JSON object");
    return -1;
  }
  json_t *id = json_object_get(msg, "id");
  if (id && !json_is_integer(id) && !json_is_string(id) && !json_is_null(id)) {
    send_error(S, NULL, RPC_INVALID_REQUEST, "the id must be a number or a string");
    return -1;
  }
  json_t *method = json_object_get(msg, "method");
  if (!method) {
    if (id && (json_object_get(msg, "result") || json_object_get(msg, "error"))) return -1;   /* a response */
    send_error(S, id, RPC_INVALID_REQUEST, "missing method");
    return -1;
  }
  const char *jr = jstr(msg, "jsonrpc");
  if (!json_is_string(method) || !jr || strcmp(jr, "2.0")) {
    if (id) send_error(S, id, RPC_INVALID_REQUEST, !json_is_string(method) ? "the method must be a string"
                                                                         : "jsonrpc must be \"2.0\"");
    return -1;
  }
  const char *m = json_string_value(method);
  json_t *params = json_object_get(msg, "params");
  if (json_is_null(params)) params = NULL;               /* as if omitted */
  if (!strcmp(m, "exit")) return S->shutdown ? 0 : 1;
  if (!id) {                                            /* a notification */
    if (!S->initialized || S->shutdown || (params && !json_is_object(params))) return -1;
    if (!strcmp(m, "textDocument/didOpen")) did_open(S, params);
    else if (!strcmp(m, "textDocument/didChange")) did_change(S, params);
    else if (!strcmp(m, "textDocument/didClose")) did_close(S, params);
    else if (!strcmp(m, "textDocument/didSave")) did_save(S, params);
    return -1;                                          /* others are ignored */
  }
  Handler h = NULL;
  for (size_t i = 0; i < sizeof requests / sizeof requests[0]; i++)
    if (!strcmp(requests[i].method, m)) h = requests[i].h;
  if (!S->initialized && strcmp(m, "initialize")) {
    send_error(S, id, RPC_NOT_INITIALIZED, "the server is not initialized");
    return -1;
  }
  if (S->shutdown) {
    send_error(S, id, RPC_INVALID_REQUEST, "the server is shutting down");
    return -1;
  }
  if (!h) {
    char buf[300];
    snprintf(buf, sizeof buf, "unknown method `%.200s`", m);
    send_error(S, id, RPC_METHOD_NOT_FOUND, buf);
    return -1;
  }
  if (params && !json_is_object(params) && !json_is_array(params)) {
    send_error(S, id, RPC_INVALID_PARAMS, "params must be an object");
    return -1;
  }
  json_t *empty = NULL;
  if (!json_is_object(params)) params = empty = json_object();
  flush(S);                              /* a request is answered from the current texts */
  json_t *res = NULL;
  RpcErr err = {0};
  double t0 = now_ms(), c0 = cpu_ms();
  bool ok = h(S, params, &res, &err);
  double t1 = now_ms();
  if (ok && S->has_raw) {
    send_raw_result(S, id);
    json_decref(res);
    trace("%s: %.1f ms to answer, %.1f ms to send; cpu %.1f ms", m, t1 - t0, now_ms() - t1, cpu_ms() - c0);
  } else if (ok) {
    send(S, json_pack("{s:s,s:O,s:o}", "jsonrpc", "2.0", "id", id, "result", res ? res : json_null()));
    trace("%s: %.1f ms to answer, %.1f ms to send; cpu %.1f ms", m, t1 - t0, now_ms() - t1, cpu_ms() - c0);
  } else {
    json_decref(res);
    buf_free(&S->raw);
    buf_init(&S->raw);
    S->has_raw = false;
    send_error(S, id, err.code ? err.code : RPC_INTERNAL_ERROR, err.msg[0] ? err.msg : "request failed");
  }
  json_decref(empty);
  return -1;
}

typedef enum { RD_OK, RD_EOF, RD_BAD_HEADER, RD_TOO_LARGE, RD_TRUNCATED } ReadStatus;

/* Reads one header line (without its "\r\n"); returns false at EOF
 * before any byte.  An over-long line is cut (the rest is skipped). */
static bool read_line(FILE *in, char *buf, size_t n, bool *eof) {
  size_t k = 0;
  int c;
  *eof = false;
  while ((c = getc(in)) != EOF && c != '\n')
    if (k + 1 < n) buf[k++] = (char)c;
  if (c == EOF) { *eof = true; if (k == 0) return false; }
  if (k > 0 && buf[k - 1] == '\r') k--;
  buf[k] = 0;
  return true;
}

static bool parse_length(const char *v, size_t *out) {
  while (*v == ' ' || *v == '\t') v++;
  if (*v < '0' || *v > '9') return false;
  size_t x = 0;
  for (; *v >= '0' && *v <= '9'; v++) {
    if (x > ((size_t)1 << 50)) { x = (size_t)1 << 51; continue; }    /* absurd: saturate */
    x = x * 10 + (size_t)(*v - '0');
  }
  while (*v == ' ' || *v == '\t') v++;
  if (*v) return false;
  *out = x;
  return true;
}

static ReadStatus read_message(Server *S, char **body, size_t *len) {
  char line[LSP_MAX_HEADER_LINE];
  bool have_len = false, bad_len = false, any = false, eof;
  size_t n = 0;
  for (;;) {
    if (!read_line(S->in, line, sizeof line, &eof)) return RD_EOF;
    if (!line[0]) {
      if (eof) return RD_EOF;
      if (!any) continue;                  /* stray blank lines between messages */
      break;
    }
    any = true;
    /* The header may follow garbage on its line: resynchronise on it. */
    char *h = strcasestr(line, "content-length:");
    if (h) {
      if (parse_length(h + 15, &n)) { have_len = true; bad_len = false; }
      else bad_len = true;
    }
    if (eof) return RD_EOF;
  }
  if (!have_len || bad_len) return RD_BAD_HEADER;
  if (n > LSP_MAX_BODY) {
    char chunk[65536];
    while (n > 0) {
      size_t k = fread(chunk, 1, n < sizeof chunk ? n : sizeof chunk, S->in);
      if (k == 0) break;
      n -= k;
    }
    return RD_TOO_LARGE;
  }
  char *b = malloc(n + 1);
  if (!b) return RD_TOO_LARGE;
  size_t got = n ? fread(b, 1, n, S->in) : 0;
  if (got < n) { free(b); return RD_TRUNCATED; }
  b[n] = 0;
  *body = b;
  *len = n;
  return RD_OK;
}

static int serve(Server *S);

/* Is another message already waiting (in the stream's buffer or on its
 * descriptor)?  A stream without a descriptor (the fuzz target's memory
 * stream) is never waited on: its documents are analysed at once. */
static bool input_pending(Server *S) {
  int fd = fileno(S->in);
  if (fd < 0) return false;
#ifdef __GLIBC__
  if (S->in->_IO_read_ptr < S->in->_IO_read_end) return true;
#endif
  struct pollfd pf = { fd, POLLIN, 0 };
  return poll(&pf, 1, 0) > 0 && (pf.revents & POLLIN);
}

int lsp_main(int argc, char **argv) {
  Server S = { .in = stdin, .out = stdout };
  for (int i = 0; i < argc; i++) {
    const char *val;
    if (!strcmp(argv[i], "--stdio")) continue;      /* what some clients pass */
    if (cli_opt("--allow-import", argc, argv, &i, &val)) { allow_folder(&S, val); continue; }
    if (cli_opt("--data", argc, argv, &i, &val)) { add_data(&S, NULL, val); continue; }
    if (cli_opt("--store", argc, argv, &i, &val)) { set_store(&S, NULL, val); continue; }
    if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
      puts("usage: bscc lsp [--stdio] [--allow-import=DIR]... [--data=FILE.csv]... [--store=WHERE]\n"
           "  a Language Server Protocol server on stdin/stdout (docs/lsp.md); --data and\n"
           "  --store: check-ins for hover, inlay hints and code lenses, as `bscc score` takes them");
      server_free(&S);
      return 0;
    }
    /* Clients add options of their own (--clientProcessId=N, ...): a
     * server that refused to start would be worse than one that ignores. */
    fprintf(stderr, "bscc lsp: ignoring option `%s`\n", argv[i]);
  }
  signal(SIGPIPE, SIG_IGN);
#ifdef __GLIBC__
  /* Each analysis allocates a program's worth of memory and frees the
   * last one: kept in the heap rather than given back to the system, the
   * pages are reused instead of faulted in afresh (a quarter of a
   * compile's time on a big file). */
  mallopt(M_MMAP_THRESHOLD, 64 << 20);
  mallopt(M_TRIM_THRESHOLD, 512 << 20);
#endif
  return serve(&S);
}

int lsp_serve(FILE *in, FILE *out) {
  Server S = { .in = in, .out = out };
  return serve(&S);
}

/* The message loop: requests until `exit` or the end of input; frees what
 * the server holds, including the --allow-import folders. */
static int serve(Server *S) {
  int status = 1;
  while (!S->io_error) {
    char *body = NULL;
    size_t len = 0;
    ReadStatus r = read_message(S, &body, &len);
    if (r == RD_EOF) break;
    if (r == RD_BAD_HEADER) { send_error(S, NULL, RPC_PARSE_ERROR, "missing or invalid Content-Length header"); continue; }
    if (r == RD_TOO_LARGE) { send_error(S, NULL, RPC_INVALID_REQUEST, "message larger than 64 MiB: skipped"); continue; }
    if (r == RD_TRUNCATED) { send_error(S, NULL, RPC_PARSE_ERROR, "truncated message: end of input inside the body"); break; }
    json_error_t jerr;
    json_t *msg = json_loadb(body, len, 0, &jerr);
    free(body);
    if (!msg) {
      char buf[300];
      snprintf(buf, sizeof buf, "invalid JSON: %.200s (line %d, column %d)", jerr.text, jerr.line, jerr.column);
      send_error(S, NULL, RPC_PARSE_ERROR, buf);
      continue;
    }
    int ex = handle(S, msg);
    json_decref(msg);
    if (ex >= 0) { status = ex; goto out; }
    if (!input_pending(S)) flush(S);
  }
  status = S->shutdown ? 0 : 1;
out:
  for (int i = 0; i < S->ndocs; i++) doc_free(S->docs[i]);
  free(S->docs);
  server_free(S);
  return status;
}
