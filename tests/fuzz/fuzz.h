/*
 * fuzz.h - what the libFuzzer targets of tests/fuzz/ share: the oracle
 * failure (an abort, so that libFuzzer keeps the input), the checks every
 * target makes of diagnostics, and the oracles that several targets run
 * (the formatter, the strategy map, the simulation), so that the
 * grammar-aware generator (fuzz_gen.c) feeds its programs to the very
 * same checks as the byte-level targets.
 *
 * Every target is also linked with replay_main.c instead of libFuzzer:
 * `make replay` feeds it the inputs kept under tests/fuzz/regressions/.
 */
#ifndef BSC_TESTS_FUZZ_H
#define BSC_TESTS_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include "program.h"
#include "score.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* An oracle failed: says what, then aborts. */
_Noreturn void fz_fail(const char *file, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
#define FZ_CHECK(cond, ...) do { if (!(cond)) fz_fail(__FILE__, __LINE__, __VA_ARGS__); } while (0)

/* The repository, for the fixed models some targets read (set by the
 * Makefile; BSCC_ROOT overrides it). */
const char *fz_root(void);
/* A file of the repository, read whole (aborts when missing). */
char *fz_read(const char *relpath, size_t *len);

/* Diagnostics from index `from` on: each span lies inside a source of de
 * (when file >= 0, inside that one), and so does every note's. */
void fz_check_spans(const DiagEngine *de, int from, int file);
/* Sorts, then renders every diagnostic in the three formats to a null
 * sink: the renderers must cope with any span. */
void fz_render(DiagEngine *de);

/* A compilation of one text (prelude and imports loaded as bscc does). */
typedef struct FzProg {
  DiagEngine de;
  Program p;
  bool loaded, clean;        /* clean: checked without errors */
} FzProg;
void fz_load(FzProg *f, const char *name, const char *text, size_t len);
void fz_prog_free(FzProg *f);

/* fmt: text that parses formats to text that parses to the same AST
 * (fmt_text compares ast_dump()s and the comments) and is a fixed point. */
void fz_fmt(const char *text, size_t len);
/* graph: the DOT of a checked program parses with Graphviz (agmemread)
 * with one node per objective (its tooltip the objective's name) and per
 * perspective band, and one edge per causal link and per alignment.  With
 * BSCC_FUZZ_SVG=1 in the environment, the DOT is also rendered to SVG
 * through graph_render, the path of `bscc graph --format=svg`, twice, and
 * both renderings must be the same. */
void fz_graph(Program *p, const ScoreCard *sc);
/* sim: the program lowered and two samples of two portfolios (none, all)
 * interpreted: every scorecard score lies in 0..1 (NaN does not), and no
 * objective is green in more samples than were run. */
void fz_simulate(Program *p, const ScoreCard *sc);

/* lsp: frames of the language server's input (Content-Length, variant 2
 * with a lower-case header and a Content-Type too), a message sent whole
 * (its id, when it has one, goes to the JSON array `want`; msg is
 * consumed), the sentinel request (its response closes what is checked),
 * and the run: lsp_serve on the stream in memory, then its output must be
 * well-framed JSON-RPC 2.0 objects, with exactly one response per id of
 * want before the sentinel's, and one to the sentinel. */
struct json_t;
void fz_lsp_frame(Buf *in, const char *body, size_t n, int variant);
void fz_lsp_send(Buf *in, struct json_t *msg, struct json_t *want);
void fz_lsp_sentinel(Buf *in);
void fz_lsp_check(const Buf *in, struct json_t *want);

/* The grammar-aware generator (gen.c): maps fuzz bytes to a program that
 * is valid but strange, and a CSV file of actuals for it.  Both malloc'd. */
typedef struct FzGen { char *bsc; size_t bsc_len; char *csv; size_t csv_len; } FzGen;
void fz_gen(const uint8_t *data, size_t size, FzGen *out);
void fz_gen_free(FzGen *g);

#endif
