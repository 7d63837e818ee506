#!/bin/sh
# lsp_bench.sh BSCC [N] - the language server on a generated company file
# of N objectives (default 10,000; bench/gen_company.sh), timed from the
# client's side over the real pipes: what an editor waits for.
#
#   open      didOpen -> its publishDiagnostics
#   change    one edit (a title's text) -> its publishDiagnostics (median of 5)
#   full      the same edit sent as the whole text (what a client sends to
#             a server with full sync, change: 1) (median of 5)
#   symbols   textDocument/documentSymbol (median of 5)
#   complete  completion after `aligns ` and in an objective body (median of 5)
#   hover     ten quick edits sent at once, then a hover: time to the hover
#             answer (does it wait for ten compiles or for one?)
#   team      a team file the company file imports, both open: a change to
#             the company file until the team file's diagnostics (median of 5)
#   s_*       the server's CPU time (from /proc) for change, full, symbols and
#             complete, the mean of the five: its work, whatever the load of
#             the machine (in steps of the clock tick, 10 ms)
#
# Times are milliseconds; machines are shared and noisy, so compare the
# ratios of two binaries run one after the other (BSCC_BEFORE=old-binary
# prints both and their ratio), not absolute times.  A benchmark, not a
# test: nothing is asserted.
set -eu
BSCC=$1
N=${2:-10000}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
sh "$(dirname "$0")/gen_company.sh" "$N" > "$T/company.bsc"
cat > "$T/drive.py" <<'EOF'
import json, os, subprocess, sys, time

def frame(obj):
    b = json.dumps(obj).encode()
    return b"Content-Length: %d\r\n\r\n" % len(b) + b

class Server:
    def __init__(self, bscc):
        self.p = subprocess.Popen([bscc, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.id = 0
    def send(self, obj):
        self.p.stdin.write(frame(obj)); self.p.stdin.flush()
    def recv(self):
        n = None
        while True:
            line = self.p.stdout.readline()
            if not line: raise SystemExit("server closed its output")
            line = line.strip()
            if not line: break
            k, _, v = line.partition(b":")
            if k.lower() == b"content-length": n = int(v)
        body = self.p.stdout.read(n)
        if n < 65536: return json.loads(body)
        # a big answer (the outline): its arrival is what is timed, not
        # this client's JSON parsing; the id and method are at its head
        import re
        head = body[:200].decode("utf-8", "replace")
        m = re.search(r'"id":\s*(\d+)', head)
        return {"id": int(m.group(1)) if m else None, "big": True, "raw": body}
    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})
    def request(self, method, params):
        self.id += 1
        self.send({"jsonrpc": "2.0", "id": self.id, "method": method, "params": params})
        return self.id
    def wait_id(self, i):
        while True:
            m = self.recv()
            if m.get("id") == i: return m
    def wait_diags(self, uri):
        while True:
            m = self.recv()
            if m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri: return m

def ms(t0): return (time.perf_counter() - t0) * 1000

TICK = os.sysconf("SC_CLK_TCK")
def cpu(p):
    """The server's CPU time so far (user + system), in ms: its work,
    whatever the load of the machine."""
    f = open("/proc/%d/stat" % p.pid).read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) * 1000.0 / TICK

def median(xs): xs = sorted(xs); return xs[len(xs) // 2]

bscc, path = sys.argv[1], sys.argv[2]
text = open(path, encoding="utf-8").read()
uri = "file://" + os.path.abspath(path)
lines = text.split("\n")
# the title line of objective o5 and the line after a team objective's `aligns`
tl = next(i for i, l in enumerate(lines) if l.startswith("objective o5 "))
al = next(i for i, l in enumerate(lines) if "aligns o" in l)
S = Server(bscc)
S.wait_id(S.request("initialize", {"processId": None, "rootUri": None, "capabilities": {}}))
S.notify("initialized", {})
t0 = time.perf_counter()
S.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "bsc", "version": 1, "text": text}})
S.wait_diags(uri)
r = {"open": ms(t0)}
ver = 1
def edit(k):
    global ver
    ver += 1
    t = "Objective 5 edit %d\"" % k
    S.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": ver},
              "contentChanges": [{"range": {"start": {"line": tl, "character": 24},
                                            "end": {"line": tl, "character": len(lines[tl])}},
                                  "text": t + " in " + lines[tl].split(" in ")[1]}]})
    lines[tl] = lines[tl][:24] + t + " in " + lines[tl].split(" in ")[1]
xs = []
c0 = cpu(S.p)
for k in range(5):
    t0 = time.perf_counter(); edit(k); S.wait_diags(uri); xs.append(ms(t0))
r["change"] = median(xs)
r["s_change"] = (cpu(S.p) - c0) / 5
# the same edit sent as the whole text, as a client does when the server
# asks for full sync (change: 1; bscc asks for incremental, change: 2)
xs = []
c0 = cpu(S.p)
for k in range(5):
    ver += 1
    lines[tl] = lines[tl][:24] + "Objective 5 full %d\" in " % k + lines[tl].split(" in ")[1]
    t0 = time.perf_counter()
    S.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": ver},
                                        "contentChanges": [{"text": "\n".join(lines)}]})
    S.wait_diags(uri); xs.append(ms(t0))
r["full"] = median(xs)
r["s_full"] = (cpu(S.p) - c0) / 5
xs = []
c0 = cpu(S.p)
for k in range(5):
    t0 = time.perf_counter()
    S.wait_id(S.request("textDocument/documentSymbol", {"textDocument": {"uri": uri}}))
    xs.append(ms(t0))
r["symbols"] = median(xs)
r["s_symbols"] = (cpu(S.p) - c0) / 5
xs = []
ncomp = 0
c0 = cpu(S.p)
for k in range(5):
    t0 = time.perf_counter()
    col = lines[al].index("aligns ") + 7
    m = S.wait_id(S.request("textDocument/completion", {"textDocument": {"uri": uri},
                                                       "position": {"line": al, "character": col}}))
    xs.append(ms(t0))
    res = json.loads(m["raw"])["result"] if m.get("big") else m["result"]
    ncomp = len(res["items"] if isinstance(res, dict) else res)
r["complete"] = median(xs)
r["s_complete"] = (cpu(S.p) - c0) / 5
# ten edits at once, then a hover on objective o5's name
t0 = time.perf_counter()
for k in range(10): edit(100 + k)
h = S.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": tl, "character": 11}})
S.wait_id(h)
r["hover"] = ms(t0)
S.wait_id(S.request("shutdown", None)); S.notify("exit", None)
S.p.wait()
# a team file that the company file imports, both open: a change to the
# company file, until the team file's diagnostics (its analysis is its
# root's: compiled again, or shared)
d = os.path.dirname(os.path.abspath(path))
team = os.path.join(d, "team.bsc")
open(team, "w").write('objective t1 "Team" {\n  team "T"\n  aligns o0\n  kr tk : count 0 -> 5\n}\n')
ctext = 'import "team.bsc"\n' + text
S = Server(bscc)
S.wait_id(S.request("initialize", {"processId": None, "rootUri": None, "capabilities": {}}))
turi = "file://" + team
S.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "bsc", "version": 1, "text": ctext}})
S.wait_diags(uri)
S.notify("textDocument/didOpen", {"textDocument": {"uri": turi, "languageId": "bsc", "version": 1,
                                                   "text": open(team).read()}})
S.wait_diags(turi)
xs = []
c0 = cpu(S.p)
for k in range(5):
    t0 = time.perf_counter()
    S.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2 + k},
                                        "contentChanges": [{"text": ctext.replace('"Objective 5"', '"Objective 5 v%d"' % k)}]})
    S.wait_diags(turi)
    xs.append(ms(t0))
r["team"] = median(xs)
r["s_team"] = (cpu(S.p) - c0) / 5
S.wait_id(S.request("shutdown", None)); S.notify("exit", None)
S.p.wait()
r["items"] = ncomp
print(json.dumps(r))
EOF
run() { python3 "$T/drive.py" "$1" "$T/company.bsc"; }
now=$(run "$BSCC")
printf 'objectives: %s (%s bytes)\n' "$N" "$(wc -c < "$T/company.bsc")"
if [ -n "${BSCC_BEFORE:-}" ]; then
  before=$(run "$BSCC_BEFORE")
  python3 - "$before" "$now" <<'EOF'
import json, sys
b, a = json.loads(sys.argv[1]), json.loads(sys.argv[2])
print("%-10s %12s %12s %8s" % ("", "before ms", "after ms", "ratio"))
for k in ["open", "change", "full", "symbols", "complete", "hover", "team", "s_change", "s_full", "s_symbols", "s_complete", "s_team"]:
    print("%-10s %12.1f %12.1f %8.2f" % (k, b[k], a[k], a[k] / b[k] if b[k] else 0))
print("%-10s %12d %12d" % ("items", b["items"], a["items"]))
EOF
else
  python3 - "$now" <<'EOF'
import json, sys
a = json.loads(sys.argv[1])
for k in ["open", "change", "full", "symbols", "complete", "hover", "team", "s_change", "s_full", "s_symbols", "s_complete", "s_team"]:
    print("%-10s %10.1f ms" % (k, a[k]))
print("%-10s %10d" % ("items", a["items"]))
EOF
fi
