/*
 * fuzz_lsp.c - libFuzzer target: the language server's message loop
 * (lsp_serve) on an in-memory stream.
 *
 * The input is a sequence of records separated by the byte 0x1E (the
 * record separator of RFC 7464 JSON text sequences).  Records are message
 * bodies, framed by the target with a correct Content-Length header (every
 * third one with a lower-case header name and a Content-Type header too),
 * until a record that starts with `!`: from it on, records are sent as
 * they are, headers and all (garbage, partial or oversized frames,
 * headers that lie).  A message whose method is "exit" is left out of the
 * framed part, since the server stops there.
 *
 * Oracle: no crash, leak or hang; the output is a sequence of well-framed
 * JSON-RPC 2.0 objects; every message of the framed part with an id (a
 * number or a string) that is not a response (a request, valid or not)
 * gets exactly one response with that id, before the
 * response to a sentinel request the target sends after the framed part,
 * which gets exactly one response too.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz.h"
#include "lsp.h"

#define SENTINEL "\001fuzz-sentinel"

static void frame(Buf *in, const char *body, size_t n, int variant) {
  if (variant == 2) buf_printf(in, "content-length:%zu\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n", n);
  else buf_printf(in, "Content-Length: %zu\r\n\r\n", n);
  buf_putn(in, body, n);
}

/* The request's id when the message is one the server must answer with
 * it: a JSON object with a number or string id that is not a response (a
 * method, or neither a result nor an error: an invalid request). */
static json_t *request_id(json_t *m) {
  if (!json_is_object(m)) return NULL;
  if (!json_object_get(m, "method") && (json_object_get(m, "result") || json_object_get(m, "error"))) return NULL;
  json_t *id = json_object_get(m, "id");
  return json_is_integer(id) || json_is_string(id) ? id : NULL;
}

static bool is_exit(json_t *m) {
  const char *s = json_string_value(json_object_get(m, "method"));
  return s && !strcmp(s, "exit");
}

/* Builds the input stream; the ids of the requests go to want. */
static void build(const uint8_t *data, size_t size, Buf *in, json_t *want) {
  const char sentinel[] = "{\"jsonrpc\":\"2.0\",\"id\":\"\\u0001fuzz-sentinel\",\"method\":\"fuzz/sentinel\"}";
  bool raw = false;
  int rec = 0;
  for (size_t i = 0; i <= size;) {
    const uint8_t *e = memchr(data + i, 0x1e, size - i);
    size_t j = e ? (size_t)(e - data) : size, n = j - i;
    const char *r = (const char *)data + i;
    if (!raw && n > 0 && r[0] == '!') { raw = true; frame(in, sentinel, strlen(sentinel), 0); r++; n--; }
    if (raw) {
      buf_putn(in, r, n);
    } else {
      json_t *m = json_loadb(r, n, 0, NULL);
      if (!(m && is_exit(m))) {
        json_t *id = m ? request_id(m) : NULL;
        if (id) json_array_append(want, id);
        frame(in, r, n, rec++ % 3);
      }
      json_decref(m);
    }
    i = j + 1;
  }
  if (!raw) frame(in, sentinel, strlen(sentinel), 0);
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  Buf in;
  buf_init(&in);
  json_t *want = json_array();
  build(data, size, &in, want);
  FILE *fin = fmemopen(in.data, in.len, "r");
  char *out = NULL;
  size_t outlen = 0;
  FILE *fout = open_memstream(&out, &outlen);
  FZ_CHECK(fin && fout, "cannot open the in-memory streams");
  lsp_serve(fin, fout);
  fclose(fin);
  fclose(fout);
  check_output(out, outlen, want);
  free(out);
  json_decref(want);
  buf_free(&in);
  return 0;
}
