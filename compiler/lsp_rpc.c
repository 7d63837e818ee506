/*
 * lsp_rpc.c - the language server's transport and coordinates: JSON-RPC
 * messages with LSP's Content-Length framing read from and written to the
 * client, positions (byte offsets <-> LSP's lines and UTF-16 units), URIs,
 * JSON built by jansson or written as text for large answers, timing.
 *
 * Positions: LSP counts lines from 0 and characters in UTF-16 code units;
 * the compiler counts bytes.  off_to_pos()/pos_to_off() convert, using
 * each source's text (so a CJK character is 1 unit and 3 bytes, an emoji
 * 2 units and 4 bytes).
 */
#include "lsp_int.h"

void lines_init(Lines *l, const char *text, size_t len) {
  int cap = 64;
  l->text = text;
  l->len = len;
  l->start = bsc_malloc(sizeof(uint32_t) * (size_t)cap);
  l->n = 0;
  l->start[l->n++] = 0;
  /* memchr, not a loop over the bytes: it is rebuilt for every change of
   * a document, and a 2.2 MB one took 5 ms byte by byte */
  for (const char *p = text, *e = text + len; p < e && (p = memchr(p, '\n', (size_t)(e - p))); p++) {
    if (l->n == cap) { cap *= 2; l->start = bsc_realloc(l->start, sizeof(uint32_t) * (size_t)cap); }
    l->start[l->n++] = (uint32_t)(p - text + 1);
  }
}

void lines_free(Lines *l) { free(l->start); l->start = NULL; l->n = 0; }

/* Bytes of the line's content (without "\n" or "\r\n"). */
size_t line_content_end(const Lines *l, int i) {
  size_t e = i + 1 < l->n ? l->start[i + 1] : l->len;
  if (e > l->start[i] && l->text[e - 1] == '\n') {
    e--;
    if (e > l->start[i] && l->text[e - 1] == '\r') e--;
  }
  return e;
}

void off_to_pos(const Lines *l, uint32_t off, int *line, int *ch) {
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

uint32_t pos_to_off(const Lines *l, long line, long ch) {
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

json_t *jpos(const Lines *l, uint32_t off) {
  int line, ch;
  off_to_pos(l, off, &line, &ch);
  return json_pack("{s:i,s:i}", "line", line, "character", ch);
}

json_t *jrange(const Lines *l, uint32_t off, uint32_t end) {
  if (end < off) end = off;
  return json_pack("{s:o,s:o}", "start", jpos(l, off), "end", jpos(l, end));
}

/* A JSON string of s[0..n), invalid UTF-8 replaced by U+FFFD (text from
 * files on disk may hold anything; JSON strings must be UTF-8). */
json_t *jtext(const char *s, size_t n) {
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
void jw_str(Buf *b, const char *s, size_t n) {
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

void jw_int(Buf *b, int v) {
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

void jw_range(Buf *b, const Lines *l, uint32_t off, uint32_t end) {
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
char *uri_to_path(const char *uri) {
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

char *path_to_uri(const char *path) {
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

double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* The process's CPU time: on a shared machine, the work done, whatever
 * the load. */
double cpu_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* With BSCC_LSP_TRACE set, the time of each analysis and answer goes to
 * stderr (bench/lsp_bench.sh reads it: the server's share of a wait). */
void trace(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void trace(const char *fmt, ...) {
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

Buf *raw_result(Server *S) {
  buf_free(&S->raw);
  buf_init(&S->raw);
  S->has_raw = true;
  return &S->raw;
}

bool fail(RpcErr *e, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
bool fail(RpcErr *e, int code, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  e->code = code;
  vsnprintf(e->msg, sizeof e->msg, fmt, ap);
  va_end(ap);
  return false;
}

/* ---- JSON helpers -------------------------------------------------------- */

const char *jstr(json_t *o, const char *k) {
  return json_string_value(json_object_get(o, k));
}

bool jint(json_t *o, const char *k, long *out) {
  json_t *v = json_object_get(o, k);
  if (!json_is_integer(v)) return false;
  json_int_t x = json_integer_value(v);
  *out = x < 0 ? -1 : x > INT_MAX ? INT_MAX : (long)x;
  return true;
}

/* ---- the message loop ------------------------------------------------------ */

void rpc_send(Server *S, json_t *msg) {
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
void rpc_send_raw(Server *S, json_t *id) {
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

void rpc_error(Server *S, json_t *id, int code, const char *msg) {
  json_t *m = json_pack("{s:s,s:O,s:{s:i,s:s}}", "jsonrpc", "2.0", "id", id ? id : json_null(),
                        "error", "code", code, "message", msg);
  rpc_send(S, m);
}


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

ReadStatus rpc_read(Server *S, char **body, size_t *len) {
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
