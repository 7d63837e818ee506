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
 * The modules are listed in lsp_int.h; this one holds the lifecycle and
 * the message loop.
 */
#include "lsp_int.h"

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
      "textDocumentSync", "openClose", 1, "change", 2, "save", "includeText", 0,
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
  json_object_set_new(caps, "semanticTokensProvider",
                      json_pack("{s:o,s:{s:b},s:b}", "legend", sem_legend(),
                                "full", "delta", 1, "range", 0));
  return true;
}

static bool h_shutdown(Server *S, json_t *params, json_t **res, RpcErr *e) {
  S->shutdown = true;
  *res = json_null();
  return true;
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
    rpc_error(S, NULL, RPC_INVALID_REQUEST, "a message must be a JSON object");
    return -1;
  }
  json_t *id = json_object_get(msg, "id");
  if (id && !json_is_integer(id) && !json_is_string(id) && !json_is_null(id)) {
    rpc_error(S, NULL, RPC_INVALID_REQUEST, "the id must be a number or a string");
    return -1;
  }
  json_t *method = json_object_get(msg, "method");
  if (!method) {
    if (id && (json_object_get(msg, "result") || json_object_get(msg, "error"))) return -1;   /* a response */
    rpc_error(S, id, RPC_INVALID_REQUEST, "missing method");
    return -1;
  }
  const char *jr = jstr(msg, "jsonrpc");
  if (!json_is_string(method) || !jr || strcmp(jr, "2.0")) {
    if (id) rpc_error(S, id, RPC_INVALID_REQUEST, !json_is_string(method) ? "the method must be a string"
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
    rpc_error(S, id, RPC_NOT_INITIALIZED, "the server is not initialized");
    return -1;
  }
  if (S->shutdown) {
    rpc_error(S, id, RPC_INVALID_REQUEST, "the server is shutting down");
    return -1;
  }
  if (!h) {
    char buf[300];
    snprintf(buf, sizeof buf, "unknown method `%.200s`", m);
    rpc_error(S, id, RPC_METHOD_NOT_FOUND, buf);
    return -1;
  }
  if (params && !json_is_object(params) && !json_is_array(params)) {
    rpc_error(S, id, RPC_INVALID_PARAMS, "params must be an object");
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
    rpc_send_raw(S, id);
    json_decref(res);
    trace("%s: %.1f ms to answer, %.1f ms to send; cpu %.1f ms", m, t1 - t0, now_ms() - t1, cpu_ms() - c0);
  } else if (ok) {
    rpc_send(S, json_pack("{s:s,s:O,s:o}", "jsonrpc", "2.0", "id", id, "result", res ? res : json_null()));
    trace("%s: %.1f ms to answer, %.1f ms to send; cpu %.1f ms", m, t1 - t0, now_ms() - t1, cpu_ms() - c0);
  } else {
    json_decref(res);
    buf_free(&S->raw);
    buf_init(&S->raw);
    S->has_raw = false;
    rpc_error(S, id, err.code ? err.code : RPC_INTERNAL_ERROR, err.msg[0] ? err.msg : "request failed");
  }
  json_decref(empty);
  return -1;
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
    ReadStatus r = rpc_read(S, &body, &len);
    if (r == RD_EOF) break;
    if (r == RD_BAD_HEADER) { rpc_error(S, NULL, RPC_PARSE_ERROR, "missing or invalid Content-Length header"); continue; }
    if (r == RD_TOO_LARGE) { rpc_error(S, NULL, RPC_INVALID_REQUEST, "message larger than 64 MiB: skipped"); continue; }
    if (r == RD_TRUNCATED) { rpc_error(S, NULL, RPC_PARSE_ERROR, "truncated message: end of input inside the body"); break; }
    json_error_t jerr;
    json_t *msg = json_loadb(body, len, 0, &jerr);
    free(body);
    if (!msg) {
      char buf[300];
      snprintf(buf, sizeof buf, "invalid JSON: %.200s (line %d, column %d)", jerr.text, jerr.line, jerr.column);
      rpc_error(S, NULL, RPC_PARSE_ERROR, buf);
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
