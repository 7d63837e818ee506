/*
 * fuzz_graph.c - libFuzzer target: `bscc graph` on inputs that check
 * clean, without and with a scorecard (node colours).
 *
 * Oracle (fz_graph): Graphviz parses the DOT; one node per objective and
 * per perspective band; one edge per causal link and alignment.  The SVG
 * rendering of `bscc graph --format=svg` is included when BSCC_FUZZ_SVG=1.
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  FzProg f;
  fz_load(&f, "fuzz.bsc", (const char *)data, size);
  if (f.clean) {
    fz_graph(&f.p, NULL);
    ScoreOptions o = {0};
    const char *why = NULL;
    ScoreCard *sc = score_eval(&f.p, &o, &why);
    if (sc) fz_graph(&f.p, sc);
    score_free(sc);
  }
  fz_prog_free(&f);
  return 0;
}
