/*
 * fuzz_jit.c - libFuzzer target: the libgccjit compile path of `bscc sim`
 * on generated models, with the interpreter as the oracle.
 *
 * The first 8 bytes of the input are the seed of tests/sim/genmodel.h's
 * generator (the one `make sim-diff` uses), the next one its size (0:
 * random small) and the next the code generation mode (auto, specialised,
 * looped).  Oracle: the generated model checks and lowers (the generator
 * promises that), compiles, and the compiled code agrees with interp_block
 * bit for bit on six portfolios (simload_compare).  A compile costs about
 * 0.1 to 0.5 s, so this target gets a small share of the fuzzing time.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz.h"
#include "jit.h"
#include "simload.h"
#include "genmodel.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  (void)gen_company;                       /* genmodel.h's other generator */
  uint64_t seed = 0;
  memcpy(&seed, data, size < 8 ? size : 8);
  int gsize = size > 8 ? data[8] % 9 : 0;
  static const JitMode modes[] = { JIT_MODE_AUTO, JIT_MODE_SPECIALISED, JIT_MODE_LOOPED };
  JitMode mode = modes[size > 9 ? data[9] % 3 : 0];
  char *text = gen_model(seed, gsize);
  const char *why = NULL;
  SimLoaded *L = simload("gen.bsc", text, &why);
  FZ_CHECK(L, "generated model %llu/%d cannot be simulated: %s\n%s", (unsigned long long)seed, gsize,
           why ? why : "?", text);
  JitOptions o = { .opt_level = -1, .no_cache = true, .mode = mode };
  char *err = NULL;
  JitCode *c = jit_compile(L->m, &o, &err);
  FZ_CHECK(c, "jit_compile failed on generated model %llu/%d: %s", (unsigned long long)seed, gsize, err ? err : "?");
  char msg[256];
  int bad = simload_compare(L->m, jit_block(c), seed, 3, 5, 16, msg, sizeof msg);
  FZ_CHECK(!bad, "generated model %llu/%d: %s\n%s", (unsigned long long)seed, gsize, msg, text);
  jit_free(c);
  simload_free(L);
  free(text);
  return 0;
}
