/*
 * fuzz_gen.c - libFuzzer target over the grammar-aware generator (gen.c):
 * the fuzz bytes are the generator's choices, so every input is a program
 * that is valid but strange, with a CSV file of actuals.  Each program
 * goes through check, the formatter (fz_fmt), the CSV reader, scoring,
 * the strategy map (fz_graph) and the simulation (fz_simulate), with the
 * oracles of those targets.  One input in four also opens the program in
 * the language server and asks for symbols, hovers, definitions,
 * references, completions, formatting and renames at positions the bytes
 * choose (CJK and emoji make LSP's UTF-16 columns differ from bytes and
 * code points), with the oracle of fuzz_lsp.c.  BSCC_FUZZ_GEN_PRINT=1
 * prints each program and its CSV to stderr (to see what an input means).
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz.h"
#include "actuals.h"

/* A request at a position chosen by two bytes of the input. */
static json_t *at(int id, const char *method, const uint8_t *data, size_t size, int k, int nlines) {
  int line = size > (size_t)k ? data[size - 1 - (size_t)k] % (nlines + 1) : 0;
  int ch = size > (size_t)k + 1 ? data[size - 2 - (size_t)k] % 48 : 0;
  return json_pack("{s:s,s:i,s:s,s:{s:{s:s},s:{s:i,s:i}}}", "jsonrpc", "2.0", "id", id, "method", method, "params",
                   "textDocument", "uri", "file:///tmp/bscc-fuzz-gen/gen.bsc", "position", "line", line, "character", ch);
}

static void lsp_session(const FzGen *gen, const uint8_t *data, size_t size) {
  json_t *text = json_stringn(gen->bsc, gen->bsc_len);
  if (!text) return;                       /* (not UTF-8: the generator writes UTF-8) */
  int nlines = 1;
  for (size_t i = 0; i < gen->bsc_len; i++) nlines += gen->bsc[i] == '\n';
  const char *uri = "file:///tmp/bscc-fuzz-gen/gen.bsc";
  Buf in;
  buf_init(&in);
  json_t *want = json_array();
  fz_lsp_send(&in, json_pack("{s:s,s:i,s:s,s:{}}", "jsonrpc", "2.0", "id", 1, "method", "initialize", "params"), want);
  fz_lsp_send(&in, json_pack("{s:s,s:s,s:{}}", "jsonrpc", "2.0", "method", "initialized", "params"), want);
  fz_lsp_send(&in, json_pack("{s:s,s:s,s:{s:{s:s,s:s,s:i,s:o}}}", "jsonrpc", "2.0", "method", "textDocument/didOpen",
                             "params", "textDocument", "uri", uri, "languageId", "bsc", "version", 1, "text", text), want);
  fz_lsp_send(&in, json_pack("{s:s,s:i,s:s,s:{s:{s:s}}}", "jsonrpc", "2.0", "id", 2, "method",
                             "textDocument/documentSymbol", "params", "textDocument", "uri", uri), want);
  fz_lsp_send(&in, json_pack("{s:s,s:i,s:s,s:{s:{s:s},s:{s:i,s:b}}}", "jsonrpc", "2.0", "id", 3, "method",
                             "textDocument/formatting", "params", "textDocument", "uri", uri, "options", "tabSize", 2,
                             "insertSpaces", 1), want);
  static const char *const methods[] = { "textDocument/hover", "textDocument/definition", "textDocument/references",
                                         "textDocument/completion", "textDocument/prepareRename", "textDocument/hover" };
  for (int k = 0; k < 6; k++) fz_lsp_send(&in, at(4 + k, methods[k], data, size, 2 * k, nlines), want);
  json_t *rn = at(10, "textDocument/rename", data, size, 12, nlines);
  json_object_set_new(json_object_get(rn, "params"), "newName", json_string("新名字_🚀"));
  fz_lsp_send(&in, rn, want);
  fz_lsp_send(&in, json_pack("{s:s,s:i,s:s}", "jsonrpc", "2.0", "id", 11, "method", "shutdown"), want);
  fz_lsp_sentinel(&in);
  fz_lsp_check(&in, want);
  json_decref(want);
  buf_free(&in);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  FzGen gen;
  fz_gen(data, size, &gen);
  const char *pr = getenv("BSCC_FUZZ_GEN_PRINT");
  if (pr && *pr == '1') fprintf(stderr, "---- gen.bsc\n%s---- gen.csv\n%s----\n", gen.bsc, gen.csv);
  FzProg f;
  fz_load(&f, "gen.bsc", gen.bsc, gen.bsc_len);
  fz_fmt(gen.bsc, gen.bsc_len);
  if (f.clean) {
    ActualSet s;
    actuals_init(&s);
    actuals_add_program(&f.p, &s);
    int d0 = f.de.ndiags, file = f.de.nsrcs;
    actuals_load_csv_text(&f.p, &s, "gen.csv", gen.csv, gen.csv_len);
    fz_check_spans(&f.de, d0, file);
    ScoreOptions o = {0};
    o.actuals = &s;
    const char *why = NULL;
    ScoreCard *sc = score_eval(&f.p, &o, &why);
    fz_graph(&f.p, sc);
    if (sc) fz_simulate(&f.p, sc);
    score_free(sc);
    actuals_free(&s);
  }
  if (size > 0 && data[0] % 4 == 1) lsp_session(&gen, data, size);
  if (pr && *pr == '1') { fz_render(&f.de); diag_render(&f.de, stderr, FMT_TEXT, false); }
  fz_render(&f.de);
  fz_prog_free(&f);
  fz_gen_free(&gen);
  return 0;
}
