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
  bool raw = false;
  int rec = 0;
  for (size_t i = 0; i <= size;) {
    const uint8_t *e = memchr(data + i, 0x1e, size - i);
    size_t j = e ? (size_t)(e - data) : size, n = j - i;
    const char *r = (const char *)data + i;
    if (!raw && n > 0 && r[0] == '!') { raw = true; fz_lsp_sentinel(in); r++; n--; }
    if (raw) {
      buf_putn(in, r, n);
    } else {
      json_t *m = json_loadb(r, n, 0, NULL);
      if (!(m && is_exit(m))) {
        json_t *id = m ? request_id(m) : NULL;
        if (id) json_array_append(want, id);
        fz_lsp_frame(in, r, n, rec++ % 3);
      }
      json_decref(m);
    }
    i = j + 1;
  }
  if (!raw) fz_lsp_sentinel(in);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  Buf in;
  buf_init(&in);
  json_t *want = json_array();
  build(data, size, &in, want);
  fz_lsp_check(&in, want);
  json_decref(want);
  buf_free(&in);
  return 0;
}
