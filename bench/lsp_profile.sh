#!/bin/sh
# lsp_profile.sh BSCC [N] - where the time of one edit goes in the language
# server, on gen_company.sh's file of N objectives (default 10,000).
#
# A client opens the file and makes 12 one-character edits of a title, each
# waited for until its publishDiagnostics.  Printed:
#   cpu       the server's own split of each compile (BSCC_LSP_TRACE): CPU ms
#             to read and parse, and to check; the median over the edits
#             (the first compile, didOpen's, is left out)
#   callgrind with CALLGRIND=1: instructions per compile in load_program
#             (lex, parse) and sema_check, counted by valgrind over the open
#             and 3 edits; load does not move them, but they do not show
#             waiting on memory, which the check mostly does
# BSCC_BEFORE=OLD: OLD and BSCC alternate three times (the machine's load
# moves CPU times by tens of percent from one minute to the next; compare
# the runs next to each other).  A benchmark: nothing is asserted.
set -eu
BSCC=$1
N=${2:-10000}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
sh "$(dirname "$0")/gen_company.sh" "$N" > "$T/company.bsc"
cat > "$T/edit.py" <<'EOF'
import json, os, re, statistics, subprocess, sys
cmd, path, nedit = sys.argv[1:-2], sys.argv[-2], int(sys.argv[-1])
env = dict(os.environ, BSCC_LSP_TRACE="1")
p = subprocess.Popen(cmd + ["lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                     stderr=subprocess.PIPE, env=env)
def send(o):
    b = json.dumps(o).encode()
    p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(b) + b); p.stdin.flush()
def recv():
    n = None
    while True:
        l = p.stdout.readline().strip()
        if not l: break
        k, _, v = l.partition(b":")
        if k.lower() == b"content-length": n = int(v)
    return json.loads(p.stdout.read(n))
def wait(pred):
    while True:
        m = recv()
        if pred(m): return m
text = open(path, encoding="utf-8").read()
uri = "file://" + os.path.abspath(path)
tl = next(i for i, l in enumerate(text.split("\n")) if l.startswith("objective o5 "))
isd = lambda m: m.get("method") == "textDocument/publishDiagnostics"
send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": None, "rootUri": None, "capabilities": {}}})
wait(lambda m: m.get("id") == 1)
send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
      "params": {"textDocument": {"uri": uri, "languageId": "bsc", "version": 1, "text": text}}})
wait(isd)
for k in range(nedit):
    send({"jsonrpc": "2.0", "method": "textDocument/didChange",
          "params": {"textDocument": {"uri": uri, "version": 2 + k},
                     "contentChanges": [{"range": {"start": {"line": tl, "character": 24},
                                                   "end": {"line": tl, "character": 24}}, "text": "x"}]}})
    wait(isd)
send({"jsonrpc": "2.0", "id": 9, "method": "shutdown"}); wait(lambda m: m.get("id") == 9)
send({"jsonrpc": "2.0", "method": "exit"})
err = p.stderr.read().decode("utf-8", "replace"); p.wait()
pc = [(float(a), float(b)) for a, b in
      re.findall(r"cpu ([\d.]+) ms to read and parse, ([\d.]+) ms to check", err)][1:]
if pc:
    print("parse %.1f ms  check %.1f ms  (median CPU of %d edits)" %
          (statistics.median(x for x, _ in pc), statistics.median(y for _, y in pc), len(pc)))
EOF
cpu() { printf '%-28s ' "$1"; python3 "$T/edit.py" "$1" "$T/company.bsc" 12; }
printf 'objectives: %s (%s bytes)\n' "$N" "$(wc -c < "$T/company.bsc")"
for r in 1 2 3; do
  [ -n "${BSCC_BEFORE:-}" ] && cpu "$BSCC_BEFORE"
  cpu "$BSCC"
  [ -n "${BSCC_BEFORE:-}" ] || break
done
if [ "${CALLGRIND:-0}" = 1 ]; then
  for b in ${BSCC_BEFORE:-} "$BSCC"; do
    python3 "$T/edit.py" valgrind --tool=callgrind --callgrind-out-file="$T/cg.out" \
      "$b" "$T/company.bsc" 3 >/dev/null 2>&1
    printf '%-28s ' "$b"
    callgrind_annotate --inclusive=yes "$T/cg.out" 2>/dev/null | awk '
      /load\.c:load_program \[/ { gsub(",", "", $1); l = $1 }
      /sema\.c:sema_check \[/   { gsub(",", "", $1); s = $1 }
      END { printf "instructions per compile: parse %.0f M, check %.0f M\n", l / 4e6, s / 4e6 }'
  done
fi
