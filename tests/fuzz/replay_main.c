/*
 * replay_main.c - a main for the fuzz targets without libFuzzer: feeds
 * each file named on the command line to LLVMFuzzerTestOneInput, so that
 * the inputs kept under tests/fuzz/regressions/ run in every build (plain,
 * gcc's ASan+UBSan) through `make replay`.  An oracle failure or a
 * sanitizer error aborts, naming the file.
 */
#include <stdio.h>
#include <stdlib.h>
#include "fuzz.h"

int main(int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    size_t len;
    char *data = read_file(argv[i], &len);
    if (!data) { perror(argv[i]); return 2; }
    fprintf(stderr, "replay %s\n", argv[i]);
    LLVMFuzzerTestOneInput((const uint8_t *)data, len);
    free(data);
  }
  return 0;
}
