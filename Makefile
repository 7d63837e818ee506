# bscc - build, test and tooling.
#
#   make              build build/bscc
#   make test         unit tests (Criterion) + golden tests
#   make test-asan    the same, built with AddressSanitizer + UBSan (gcc)
#   make test-clang-san   the same, built with clang's ASan + UBSan + float-cast-overflow
#   make fuzz         build the libFuzzer targets (clang)
#   make check-examples   every example must check clean
#   make examples     build, then show `bscc check` on every example
#   make test-all     everything CI runs: test, both sanitizer runs, editors, fuzzing
#
# BUILD selects the output directory, so sanitizer and plain builds do not
# mix objects.

BUILD    ?= build
CC       ?= cc
CFLAGS   ?= -O2 -g
WARN     := -std=c11 -D_GNU_SOURCE -Wall -Wextra -Wno-unused-parameter -Wshadow -Wvla \
            -Werror=incompatible-pointer-types -Werror=implicit-function-declaration
# libgccjit.h lives in gcc's private include directory; putting that whole
# directory on the path would shadow the compiler's own headers (clang's
# stdatomic.h in the fuzz build), so the one header is linked into the build.
GCCJIT_H := $(shell gcc -print-file-name=include)/libgccjit.h
CPPFLAGS += -Icompiler -Igrammar -Iruntime -I$(BUILD) -I$(BUILD)/gccjit $(shell pkg-config --cflags libpq)
# libgccjit, Graphviz and libpq are not linked: bscc loads each the first
# time a command needs it (compiler/dynlib.h says why), by the soname of
# the library found here at build time.  Test programs that call one of
# them themselves link it (TEST_LIBS).
LDLIBS   += -ljansson -lcsv -lsqlite3 -lgsl -lgslcblas -ldl -lm
TEST_LIBS := -lcgraph -lpq
dl_soname = $(shell objdump -p "$$(gcc -print-file-name=lib$(1).so)" 2>/dev/null | awk '/SONAME/ { print $$2 }')
DL_SONAMES = -DDL_SONAME_GCCJIT='"$(call dl_soname,gccjit)"' -DDL_SONAME_GVC='"$(call dl_soname,gvc)"' \
             -DDL_SONAME_PQ='"$(call dl_soname,pq)"'
BISON    ?= bison
FLEX     ?= flex

LIB_SRCS := $(filter-out compiler/main.c compiler/sim_mpi.c,$(wildcard compiler/*.c))
RT_SRCS  := $(wildcard runtime/*.c)
LIB_OBJS := $(patsubst compiler/%.c,$(BUILD)/%.o,$(LIB_SRCS)) \
            $(patsubst runtime/%.c,$(BUILD)/rt_%.o,$(RT_SRCS)) \
            $(BUILD)/parser.o $(BUILD)/lexer.o $(BUILD)/stdlib_embed.o $(BUILD)/report_assets.o
STDLIB   := $(sort $(wildcard stdlib/*.bsc))
TEST_SRCS := $(wildcard tests/unit/*.c)
TEST_OBJS := $(patsubst tests/unit/%.c,$(BUILD)/unit/%.o,$(TEST_SRCS))
HDRS     := $(wildcard compiler/*.h compiler/*.def grammar/*.h runtime/*.h) $(BUILD)/parser.h $(BUILD)/lexer.h $(BUILD)/gccjit/libgccjit.h

.PHONY: all test test-all test-editors examples unit golden expect-errors robust replay sim-engines test-asan test-clang-san fuzz fuzz-run check-examples bench clean
all: $(BUILD)/bscc

$(BUILD):
	mkdir -p $(BUILD)

$(BUILD)/gccjit/libgccjit.h: | $(BUILD)
	mkdir -p $(BUILD)/gccjit
	ln -sf $(GCCJIT_H) $@

$(BUILD)/parser.c $(BUILD)/parser.h: grammar/parser.y | $(BUILD)
	$(BISON) -Wall -Wno-conflicts-sr --defines=$(BUILD)/parser.h -o $(BUILD)/parser.c $<

$(BUILD)/lexer.c $(BUILD)/lexer.h: grammar/lexer.l | $(BUILD)
	$(FLEX) --header-file=$(BUILD)/lexer.h -o $(BUILD)/lexer.c $<

# The stdlib is embedded so that bscc works from any directory.
$(BUILD)/stdlib_embed.c: $(STDLIB) grammar/embed.sh | $(BUILD)
	sh grammar/embed.sh $(STDLIB) > $@

$(BUILD)/parser.o: $(BUILD)/parser.c $(HDRS)
	$(CC) $(CPPFLAGS) $(CFLAGS) -std=c11 -D_GNU_SOURCE -c -o $@ $<
$(BUILD)/lexer.o: $(BUILD)/lexer.c $(HDRS)
	$(CC) $(CPPFLAGS) $(CFLAGS) -std=c11 -D_GNU_SOURCE -Wno-unused-function -c -o $@ $<
$(BUILD)/stdlib_embed.o: $(BUILD)/stdlib_embed.c
	$(CC) $(CFLAGS) -c -o $@ $<
$(BUILD)/%.o: compiler/%.c $(HDRS)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) -c -o $@ $<
# The runtime is compiled without FMA contraction, like the generated
# code, so the interpreter and the JIT round identically.
$(BUILD)/rt_%.o: runtime/%.c $(HDRS)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) -ffp-contract=off -c -o $@ $<

$(BUILD)/dynlib.o: CPPFLAGS += $(DL_SONAMES)

$(BUILD)/bscc: $(BUILD)/main.o $(LIB_OBJS)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# ---- tests -------------------------------------------------------------
$(BUILD)/unit/%.o: tests/unit/%.c $(HDRS) $(wildcard tests/sim/*.h)
	@mkdir -p $(BUILD)/unit
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) -c -o $@ $<
$(BUILD)/unit_tests: $(TEST_OBJS) $(LIB_OBJS)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ -lcriterion $(LDLIBS) $(TEST_LIBS)

# The random doubles of the numfmt unit test (tests/unit/test_numfmt.c):
# 2M take 10 s of CPU plain and 15 s under ASan, 100k 1.5 s and 2.4 s;
# its deterministic edge cases run in full in every build.
NUMFMT_DOUBLES ?= $(if $(findstring san,$(BUILD)),100000,2000000)
# Under the sanitizers the tests run one at a time: with --jobs=2 and all
# 286 tests, Criterion 2.4.1's own runner process loses 48 bytes it callocs
# itself (LeakSanitizer, no bscc frame; any subset of the suites, or one job,
# loses none), and a suppression of libcriterion would hide every leak of a
# test too, since each is called from it.  One job costs about a minute.
UNIT_JOBS ?= $(if $(findstring san,$(BUILD)),1,2)
unit: $(BUILD)/unit_tests
	cd tests/unit && BSCC_NUMFMT_DOUBLES=$(NUMFMT_DOUBLES) ../../$(BUILD)/unit_tests --jobs=$(UNIT_JOBS)

golden: $(BUILD)/bscc
	sh tests/golden.sh $(BUILD)/bscc

test: unit golden check-examples expect-errors robust replay score-test fmt-test lsp-test sim-engines

sim-engines: $(BUILD)/bscc
	sh tests/sim_engines.sh $(BUILD)/bscc

expect-errors: $(BUILD)/bscc
	sh tests/expect_errors.sh $(BUILD)/bscc

robust: $(BUILD)/bscc
	sh tests/robust.sh $(BUILD)/bscc

check-examples: $(BUILD)/bscc
	sh tests/check_examples.sh $(BUILD)/bscc

# The editor integrations, each tested with a real editor or grammar engine.
test-editors: $(BUILD)/bscc
	@set -e; for t in tests/editors/*.sh; do BSCC=$(CURDIR)/$(BUILD)/bscc sh $$t; done

test-all: test test-asan test-clang-san test-editors sim-diff fuzz-run
	@echo "test-all: 6 passed, 0 failed (test, test-asan, test-clang-san, test-editors, sim-diff, fuzz-run)"

examples: $(BUILD)/bscc
	@for f in $$(find examples -name '*.bsc' -not -path '*/teams/*' -not -path 'examples/errors/*' | sort); do \
	  printf '$$ bscc check %s\n' $$f; $(BUILD)/bscc check $$f && echo "  clean"; done
	@echo '$$ bscc score examples/smart_hardware/strategy.bsc'; $(BUILD)/bscc score examples/smart_hardware/strategy.bsc
	@echo '$$ bscc sim examples/smart_hardware/strategy.bsc --budget 3M'; $(BUILD)/bscc sim examples/smart_hardware/strategy.bsc --budget 3M
	@echo '$$ bscc check examples/errors/E010_undefined_name.bsc   (each file in examples/errors shows its diagnostics)'; \
	  $(BUILD)/bscc check examples/errors/E010_undefined_name.bsc || true

# Two sanitizer builds run the whole `make test` suite (docs/robustness.md,
# "Sanitizers" says which checks each has, and why).  gcc's
# -fsanitize=undefined leaves out float-cast-overflow (a double outside an
# int's range converted to int); clang's build has it, and more checks that
# hold for bscc: float-divide-by-zero (bscc tests every divisor: a division
# by zero is a bug, not a way to make inf), implicit-conversion (an implicit
# narrowing or sign change that alters a value), local-bounds.  Left out:
# unsigned-integer-overflow and unsigned-shift-base (the RNG and the hashes
# wrap on purpose: defined C) and nullability (bscc has no _Nonnull).
SAN  := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
CSAN := -fsanitize=address,undefined,float-cast-overflow,float-divide-by-zero,implicit-conversion,local-bounds \
        -fno-omit-frame-pointer -fno-sanitize-recover=all
LSAN_ENV := LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
            UBSAN_OPTIONS=print_stacktrace=1
test-asan:
	$(LSAN_ENV) $(MAKE) BUILD=build-asan CFLAGS="-O1 -g $(SAN)" LDFLAGS="$(SAN)" test
test-clang-san:
	$(LSAN_ENV) $(MAKE) BUILD=build-csan CC=clang CFLAGS="-O1 -g $(CSAN)" LDFLAGS="$(CSAN)" test

# ---- fuzzing (clang + libFuzzer) -----------------------------------------
# One libFuzzer target per tests/fuzz/fuzz_NAME.c (docs/robustness.md,
# "Fuzzing"), sharing the oracles of tests/fuzz/oracles.c and the
# generator of tests/fuzz/gen.c.  `make fuzz` builds them with clang into
# build-fuzz/; `make fuzz-run` runs each for its share of FUZZ_SECONDS
# (tests/fuzz/run.sh).  The same sources linked with replay_main.c instead
# of libFuzzer are the replay binaries, $(BUILD)/replay_NAME, that `make
# replay` feeds every input kept in tests/fuzz/regressions/NAME/, in every
# build.
FUZZ_TARGETS := check gen fmt graph actuals portfolio lsp jit
FUZZ_COMMON  := tests/fuzz/oracles.c tests/fuzz/gen.c
FUZZ_DEPS    := $(FUZZ_COMMON) tests/fuzz/fuzz.h tests/sim/genmodel.h tests/sim/simload.h
FUZZ_CPP      = $(CPPFLAGS) -Itests/fuzz -Itests/sim -DFZ_ROOT='"$(CURDIR)"'
fuzz:
	$(MAKE) BUILD=build-fuzz CC=clang CFLAGS="-O1 -g -fsanitize=fuzzer-no-link,address,undefined" \
	  LDFLAGS="-fsanitize=fuzzer,address,undefined" $(FUZZ_TARGETS:%=build-fuzz/fuzz_%)
$(BUILD)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_DEPS) $(LIB_OBJS)
	$(CC) $(FUZZ_CPP) $(CFLAGS) $(WARN) $(LDFLAGS) -o $@ $< $(FUZZ_COMMON) $(LIB_OBJS) $(LDLIBS) $(TEST_LIBS)
$(BUILD)/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay_main.c $(FUZZ_DEPS) $(LIB_OBJS)
	$(CC) $(FUZZ_CPP) $(CFLAGS) $(WARN) $(LDFLAGS) -o $@ $< tests/fuzz/replay_main.c $(FUZZ_COMMON) $(LIB_OBJS) $(LDLIBS) $(TEST_LIBS)
replay: $(BUILD)/bscc $(FUZZ_TARGETS:%=$(BUILD)/replay_%)
	sh tests/fuzz/replay.sh $(BUILD) $(FUZZ_TARGETS)
FUZZ_SECONDS ?= 280
fuzz-run: fuzz
	sh tests/fuzz/run.sh --self-test
	sh tests/fuzz/run.sh $(FUZZ_SECONDS)

bench: $(BUILD)/bscc
	sh bench/check_bench.sh $(BUILD)/bscc

clean:
	rm -rf build build-asan build-csan build-fuzz

# ---- scorecard and strategy map (bscc score / bscc graph) ------------------
# Golden tests of the scorecards of the examples (table, JSON, CSV), of CSV
# actuals errors and of the DOT strategy maps (each checked with `dot`).
.PHONY: score-test
score-test: $(BUILD)/bscc
	sh tests/score/run.sh $(BUILD)/bscc

# ---- formatter and language server (bscc fmt / bscc lsp) -------------------
# fmt-test: golden pairs, the invariants on every file, -w and --check.
# lsp-test: a scripted JSON-RPC conversation (tests/lsp/lsp_client.c), then
# Neovim's own LSP client end to end (skipped when nvim is not installed).
.PHONY: fmt-test lsp-test
fmt-test: $(BUILD)/bscc
	sh tests/fmt/run.sh $(BUILD)/bscc
# The client is a test driver, built without sanitizers: the server is
# what runs under them (make test-asan).
$(BUILD)/lsp_client: tests/lsp/lsp_client.c | $(BUILD)
	$(CC) -O1 -g -std=c11 -D_GNU_SOURCE -Wall -Wextra -o $@ $< -ljansson
lsp-test: $(BUILD)/bscc $(BUILD)/lsp_client
	$(BUILD)/lsp_client $(BUILD)/bscc tests/lsp/ws
	sh tests/lsp/nvim_e2e.sh $(BUILD)/bscc

# ---- simulation: the libgccjit back end (docs/jit.md) ----------------------
# sim-diff: interp_block vs the JIT, bit for bit, on every example and on
# random models (tests/sim/genmodel.h); bench-sim: bench/sim_bench.sh.
.PHONY: sim-diff bench-sim
$(BUILD)/simdrv: tests/sim/simdrv.c tests/sim/simload.h tests/sim/genmodel.h $(LIB_OBJS)
	$(CC) $(CPPFLAGS) -Itests/sim $(CFLAGS) $(WARN) $(LDFLAGS) -o $@ tests/sim/simdrv.c $(LIB_OBJS) $(LDLIBS)
sim-diff: $(BUILD)/simdrv
	sh tests/sim/run.sh $(BUILD)/simdrv
bench-sim: $(BUILD)/bscc $(BUILD)/simdrv
	sh bench/sim_bench.sh $(BUILD)

# ---- graph: the Graphviz child under hostile maps (tests/graph) ------------
# The test hooks of the Graphviz child (abort, half an SVG, a hang) and a
# seeded stress run of generated maps; part of `make test` (and so of
# test-asan).  GRAPH_MAPS=N sets the number of maps (default 200, 50 under
# ASan).  docs/robustness.md, "Graphviz".
.PHONY: graph-test
graph-test: $(BUILD)/bscc
	sh tests/graph/run.sh $(BUILD)/bscc $(GRAPH_MAPS)
test: graph-test

# ---- bench: the baselines of issue 16 (bench/baselines.sh) -----------------
# The evaluator against tiled hand-written C, vectorised NumPy and Squiggle,
# and the whole command against its evaluator; ratios of medians, callgrind
# instruction counts.  A benchmark, not a test: run by hand.
.PHONY: bench-baselines
bench-baselines: $(BUILD)/bscc $(BUILD)/simdrv
	sh bench/baselines.sh $(BUILD)

# ---- check-in store: SQLite and PostgreSQL (tests/store) -------------------
# The storage unit tests on both engines, golden tests of `bscc checkin`,
# concurrent writers and kill -9 during batch writes, each on SQLite and on
# a throw-away PostgreSQL server that tests/store/pg.sh starts (under
# CI=true a server that cannot start is a failure).  STORE_N=N sets the
# check-ins per writer (default 200, 50 under ASan).  docs/store.md.
.PHONY: store-test bench-store
STORE_N ?= $(if $(findstring asan,$(BUILD)),50,200)
store-test: $(BUILD)/bscc $(BUILD)/unit_tests
	sh tests/store/run.sh $(BUILD)/bscc $(BUILD)/unit_tests $(STORE_N)
test: store-test
bench-store: $(BUILD)/bscc
	sh bench/store_bench.sh $(BUILD)/bscc

# ---- bscc sim on a cluster: bscc-mpi (docs/cluster.md) ---------------------
# A second binary, bscc's objects plus compiler/sim_mpi.c, so that bscc
# itself never links libmpi.  mpi-test: mpirun -n 1, 2, 4 against the
# single-process bscc, byte for byte, and a rank that fails or is killed.
.PHONY: mpi-test bench-mpi
MPI_FLAGS = $(shell pkg-config --cflags ompi-c)
MPI_LIBS  = $(shell pkg-config --libs ompi-c)
$(BUILD)/sim_mpi.o: compiler/sim_mpi.c $(HDRS)
	$(CC) $(CPPFLAGS) $(MPI_FLAGS) $(CFLAGS) $(WARN) -c -o $@ $<
$(BUILD)/bscc-mpi: $(BUILD)/sim_mpi.o $(LIB_OBJS)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(MPI_LIBS) $(LDLIBS)
mpi-test: $(BUILD)/bscc $(BUILD)/bscc-mpi $(BUILD)/simdrv
	sh tests/mpi/run.sh $(BUILD)
test: mpi-test
bench-mpi: $(BUILD)/bscc $(BUILD)/bscc-mpi $(BUILD)/simdrv
	sh bench/mpi_bench.sh $(BUILD)
# ---- the data cockpit (bscc report, docs/report.md) -------------------------
# The page's style sheet and script are built in, as the stdlib is.
# report-test: golden tests of the page's JSON islands, then Debian's
# Chromium opens every example's report (tests/report/run.sh).
REPORT_ASSETS := compiler/report_assets/report.css compiler/report_assets/report.js
$(BUILD)/report_assets.c: $(REPORT_ASSETS) compiler/report_assets/embed.sh | $(BUILD)
	sh compiler/report_assets/embed.sh report_css=compiler/report_assets/report.css report_js=compiler/report_assets/report.js > $@
$(BUILD)/report_assets.o: $(BUILD)/report_assets.c
	$(CC) $(CFLAGS) -c -o $@ $<
.PHONY: report-test bench-report
report-test: $(BUILD)/bscc
	sh tests/report/run.sh $(BUILD)/bscc
test: report-test
bench-report: $(BUILD)/bscc
	sh bench/report_bench.sh $(BUILD)/bscc
# ---- bscc fit: the strategy map learned from history (docs/fit.md) ----------
# fit-test: golden files of the example whose history tests/fit/gen_history.py
# generated from a known map, the write-back (-w, -o, --diff), the store, and
# the recovery of the planted strengths and lags over FIT_SEEDS histories.
.PHONY: fit-test
fit-test: $(BUILD)/bscc
	sh tests/fit/run.sh $(BUILD)/bscc
test: fit-test
