/*
 * lsp_int.h - what the language server's modules share (docs/lsp.md):
 * the open documents, the server, and each module's functions.  Not a
 * public interface: lsp.h is.
 *
 *   lsp.c           lifecycle (initialize, options) and the message loop
 *   lsp_rpc.c       JSON-RPC transport, positions, JSON, URIs, timing
 *   lsp_doc.c       open documents, analysis, diagnostics, dependents
 *   lsp_scan.c      where a text's top-level declarations start
 *   lsp_chunk.c     the incremental parse: declarations kept across changes
 *   lsp_hover.c     hover
 *   lsp_nav.c       occurrences, definition, references, highlight,
 *                   rename, document and workspace symbols
 *   lsp_complete.c  completion, signature help
 *   lsp_format.c    formatting, range formatting
 *   lsp_tokens.c    semantic tokens, folding ranges
 *   lsp_actions.c   inlay hints, code lenses, code actions
 */
#ifndef BSC_LSP_INT_H
#define BSC_LSP_INT_H

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
#include "sim.h"
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

/* ---- the incremental parse (lsp_scan.c, lsp_chunk.c) -------------------- */

/* The offsets where the top-level declarations of t start (the first is
 * 0), in *starts (malloc'd); their number, or -1 when the scan cannot be
 * sure (braces unbalanced, a string or block comment left open). */
int chunk_scan(const char *t, size_t n, uint32_t **starts);
/* The same from `from`, a start of the earlier scan before the edit,
 * taking the earlier scan's starts (old, ascending) from the first one at
 * or past `after` that the new scan meets again (moved by delta): the
 * starts from `from` on. */
typedef struct ScanResync { const uint32_t *old; int nold; size_t after; int64_t delta; } ScanResync;
int chunk_rescan(const char *t, size_t n, size_t from, const ScanResync *rs, uint32_t **starts);

typedef struct ChunkCache ChunkCache;
typedef struct ChunkStats {   /* the last chunks_parse, for BSCC_LSP_TRACE */
  bool used;                  /* the program's file is made of the chunks */
  const char *why;            /* why not, when not */
  int chunks, kept, parsed, shifted;
  int reset;                  /* kept chunks whose checker's results were zeroed */
  int undone;                 /* parsed fields the last check changed, written back */
  int verify_bad;             /* with chunks_verify: kept nodes that differed from their parse */
  double parse_ms, fix_ms;    /* CPU to cut and parse; to reset and move the kept chunks */
} ChunkStats;
ChunkCache *chunks_new(void);
void chunks_free(ChunkCache *cc);
/* Checks p (sema_check), noting what the cache must undo before its
 * nodes are checked again when p's main file is made of its chunks.
 * cc may be NULL: a plain sema_check. */
bool chunks_check(ChunkCache *cc, Program *p);
/* A test's (and BSCC_LSP_VERIFY=1's) proof that the undoing is complete:
 * each generation is copied after its parse, and before the next use its
 * memory, once reset, must be the copy's byte for byte (verify_bad counts
 * the differences; the first is printed on stderr).  Slow: for tests. */
void chunks_verify(ChunkCache *cc, bool on);
/* The interner the programs that use the cache must have (Program.in). */
Interner *chunks_interner(ChunkCache *cc);
/* Source `file` (the main file of p) made of kept and newly parsed
 * chunks, or NULL: parse it whole.  chunks_load_parse is the same as a
 * LoadOptions.parse (ctx: the cache). */
AstFile *chunks_parse(ChunkCache *cc, Program *p, int file);
AstFile *chunks_load_parse(void *ctx, Program *p, int file);
const ChunkStats *chunks_stats(const ChunkCache *cc);

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
  /* the simulate lenses (lsp_actions.c): sim_run's results for the model
   * of this analysis, [0] nothing funded, [1 + i] initiative i alone */
  bool sim_tried;
  SimModel *sim_model;
  SimResult *sim; int nsim;
  char *sim_why;             /* why there are none (malloc'd), or NULL */
  struct Server *srv;
  ChunkCache *chunks;        /* the declarations of the last parse of its own text */
  char **published;          /* other files' URIs we published diagnostics to */
  uint64_t *published_hash;  /* a hash of the list each was last sent */
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


typedef struct RpcErr {
  int code;
  char msg[512];
} RpcErr;


typedef enum { RD_OK, RD_EOF, RD_BAD_HEADER, RD_TOO_LARGE, RD_TRUNCATED } ReadStatus;

/* Each module's functions.  A request's handler (h_*) reads the params
 * object, sets *res, and returns true, or fills the error (fail) and
 * returns false. */

/* lsp_rpc.c: positions, JSON, URIs, timing (BSCC_LSP_TRACE), messages */
void lines_init(Lines *l, const char *text, size_t len);
void lines_free(Lines *l);
size_t line_content_end(const Lines *l, int i);
void off_to_pos(const Lines *l, uint32_t off, int *line, int *ch);
uint32_t pos_to_off(const Lines *l, long line, long ch);
json_t *jpos(const Lines *l, uint32_t off);
json_t *jrange(const Lines *l, uint32_t off, uint32_t end);
json_t *jtext(const char *s, size_t n);
void jw_str(Buf *b, const char *s, size_t n);
void jw_int(Buf *b, int v);
void jw_range(Buf *b, const Lines *l, uint32_t off, uint32_t end);
char *uri_to_path(const char *uri);
char *path_to_uri(const char *path);
double now_ms(void);
double cpu_ms(void);
void trace(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
Buf *raw_result(Server *S);
bool fail(RpcErr *e, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
const char *jstr(json_t *o, const char *k);
bool jint(json_t *o, const char *k, long *out);
void rpc_send(Server *S, json_t *msg);
void rpc_send_raw(Server *S, json_t *id);
void rpc_error(Server *S, json_t *id, int code, const char *msg);
ReadStatus rpc_read(Server *S, char **body, size_t *len);

/* lsp_doc.c: documents, their analysis and diagnostics, a request's document */
const Lines *src_lines(Doc *d, int file);
void doc_free(Doc *d);
char *file_uri(Server *S, Doc *d, int file);
json_t *diag_json(Server *S, Doc *d, const Diag *g, const Lines *l);
void analyse(Server *S, Doc *d);
ScoreCard *doc_score(Doc *d);
Doc *param_doc(Server *S, json_t *params, RpcErr *e);
Doc *param_pos(Server *S, json_t *params, uint32_t *off, RpcErr *e);
bool param_range(json_t *params, const Lines *l, uint32_t *a, uint32_t *z, RpcErr *e);
json_t *location(Server *S, Doc *d, Span sp);
void put_src(Buf *b, Doc *d, Span sp);
void did_open(Server *S, json_t *params);
void did_change(Server *S, json_t *params);
void flush(Server *S);
void did_close(Server *S, json_t *params);
void did_save(Server *S, json_t *params);

/* lsp_hover.c */
bool h_hover(Server *S, json_t *params, json_t **res, RpcErr *e);

/* lsp_nav.c: name occurrences and the requests over them */
void collect_occ(Doc *d);
Occ *occ_at(Doc *d, uint32_t off);
Occ *occ_def(Doc *d, const char *name, int ns);
bool is_builtin(Doc *d, int file);
bool h_definition(Server *S, json_t *params, json_t **res, RpcErr *e);
bool h_references(Server *S, json_t *params, json_t **res, RpcErr *e);
bool h_highlight(Server *S, json_t *params, json_t **res, RpcErr *e);
bool h_prepare_rename(Server *S, json_t *params, json_t **res, RpcErr *e);
bool h_rename(Server *S, json_t *params, json_t **res, RpcErr *e);
AstFile *doc_ast(Doc *d);
/* d's outline (textDocument/documentSymbol) as JSON text */
void doc_symbols(Buf *b, Doc *d);
bool h_symbols(Server *S, json_t *params, json_t **res, RpcErr *e);
bool h_ws_symbols(Server *S, json_t *params, json_t **res, RpcErr *e);

/* lsp_complete.c */
bool starts_with(const char *s, const char *p, size_t n);
bool h_completion(Server *S, json_t *params, json_t **res, RpcErr *e);
bool h_signature(Server *S, json_t *params, json_t **res, RpcErr *e);

/* lsp_format.c */
bool h_formatting(Server *S, json_t *params, json_t **res, RpcErr *e);
bool h_range_formatting(Server *S, json_t *params, json_t **res, RpcErr *e);

/* lsp_tokens.c */
json_t *sem_legend(void);
bool h_sem_full(Server *S, json_t *params, json_t **res, RpcErr *e);
bool h_sem_delta(Server *S, json_t *params, json_t **res, RpcErr *e);
bool h_folding(Server *S, json_t *params, json_t **res, RpcErr *e);

/* lsp_actions.c */
bool h_inlay(Server *S, json_t *params, json_t **res, RpcErr *e);
bool h_code_lens(Server *S, json_t *params, json_t **res, RpcErr *e);
bool h_code_action(Server *S, json_t *params, json_t **res, RpcErr *e);

#endif
