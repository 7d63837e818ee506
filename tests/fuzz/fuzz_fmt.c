/*
 * fuzz_fmt.c - libFuzzer target: `bscc fmt` on arbitrary bytes.
 *
 * Oracle (fz_fmt): text that parses formats to text that parses to the
 * same AST, with the same comments (fmt_text compares the ast_dump()s of
 * both, the check `bscc fmt` itself relies on), and formatting the result
 * again changes nothing; text that does not parse is refused with located
 * errors.
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fz_fmt((const char *)data, size);
  return 0;
}
