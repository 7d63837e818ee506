/*
 * lsp_format.c - textDocument/formatting and rangeFormatting: bscc fmt
 * over the buffer, answered as edits.
 */
#include "lsp_int.h"

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

bool h_formatting(Server *S, json_t *params, json_t **res, RpcErr *e) {
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
bool h_range_formatting(Server *S, json_t *params, json_t **res, RpcErr *e) {
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
