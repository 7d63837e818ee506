#!/bin/sh
# run.sh BSCC - tests of `bscc fmt`.
#
#   1. golden pairs: tests/fmt/NAME.bsc formats to NAME.out, and NAME.out
#      is a fixed point (UPDATE=1 rewrites the .out files);
#   2. invariants on every .bsc under examples/ and tests/ (and generated
#      companies): fmt exits 0 (it checks itself that the AST is unchanged
#      and no comment is lost, else it exits 2) or 1 for a file with errors,
#      and fmt(fmt(x)) == fmt(x);
#   3. the command line: stdin, --check, -w (atomic, mode kept, no temp
#      file left, unchanged files not rewritten, a read-only directory
#      fails cleanly), refusal of files with syntax errors, usage errors.
# Prints `fmt: N passed, M failed`.
set -u
BSCC=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
T=$(mktemp -d)
trap 'chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT
pass=0 fail=0
ok() { pass=$((pass+1)); }
ko() { fail=$((fail+1)); echo "FAIL: $*"; }

# ---- 1. golden pairs ------------------------------------------------------
for t in "$HERE"/*.bsc; do
  exp=${t%.bsc}.out
  "$BSCC" fmt "$t" > "$T/out" 2> "$T/err"
  st=$?
  if [ "${UPDATE:-0}" = 1 ]; then cp "$T/out" "$exp"; fi
  if [ $st -eq 0 ] && [ -f "$exp" ] && cmp -s "$T/out" "$exp"; then ok
  else ko "golden $(basename "$t") (exit $st)"; [ -f "$exp" ] && diff -u "$exp" "$T/out" | head -30; cat "$T/err"; fi
  "$BSCC" fmt "$exp" > "$T/out2" 2>&1
  if cmp -s "$T/out2" "$exp"; then ok; else ko "golden $(basename "$exp") is not a fixed point"; diff -u "$exp" "$T/out2" | head -20; fi
done

# ---- 2. invariants ----------------------------------------------------------
invariant() {   # FILE LABEL
  "$BSCC" fmt "$1" > "$T/f1" 2> "$T/e1"
  st=$?
  case $st in
    0) "$BSCC" fmt "$T/f1" > "$T/f2" 2>&1
       if [ $? -eq 0 ] && cmp -s "$T/f1" "$T/f2"; then ok
       else ko "not idempotent: $2"; diff -u "$T/f1" "$T/f2" | head -20; fi ;;
    1) if grep -q 'error\[E' "$T/e1"; then ok; else ko "exit 1 without a diagnostic: $2"; fi ;;
    *) ko "exit $st: $2"; head -20 "$T/e1" ;;
  esac
}
n=0
for f in $(cd "$ROOT" && find examples tests -name '*.bsc' | sort); do
  invariant "$ROOT/$f" "$f"
  n=$((n+1))
done
for size in 1 7 60 400; do
  sh "$ROOT/bench/gen_company.sh" $size > "$T/gen$size.bsc"
  invariant "$T/gen$size.bsc" "generated company of $size objectives"
  # the generated file, with comments sprinkled everywhere
  awk '{ print; if (NR % 3 == 0) print "// note " NR; else if (NR % 5 == 0) print "/* block " NR " */" }' \
    "$T/gen$size.bsc" | sed 's/^\(  kr k[0-9]*_1 .*\)$/\1  \/\/ trailing/' > "$T/genc$size.bsc"
  invariant "$T/genc$size.bsc" "generated company of $size objectives, with comments"
done

# ---- 3. the command line -------------------------------------------------------
cp "$HERE/layout.bsc" "$T/messy.bsc"

# stdin, `-`
if "$BSCC" fmt < "$T/messy.bsc" | cmp -s - "$HERE/layout.out"; then ok; else ko "fmt from stdin"; fi
if "$BSCC" fmt - < "$T/messy.bsc" | cmp -s - "$HERE/layout.out"; then ok; else ko "fmt -"; fi

# --check lists unformatted files and exits 1; formatted ones pass silently
out=$("$BSCC" fmt --check "$T/messy.bsc" "$HERE/layout.out"); st=$?
if [ $st -eq 1 ] && [ "$out" = "$T/messy.bsc" ]; then ok; else ko "--check on an unformatted file: exit $st, output '$out'"; fi
out=$("$BSCC" fmt --check "$HERE/layout.out" 2>&1); st=$?
if [ $st -eq 0 ] && [ -z "$out" ]; then ok; else ko "--check on a formatted file: exit $st, output '$out'"; fi

# -w rewrites atomically, keeping the mode; no temporary file is left
chmod 640 "$T/messy.bsc"
mkdir "$T/w"; cp -p "$T/messy.bsc" "$T/w/a.bsc"
"$BSCC" fmt -w "$T/w/a.bsc"; st=$?
if [ $st -eq 0 ] && cmp -s "$T/w/a.bsc" "$HERE/layout.out"; then ok; else ko "-w: exit $st or wrong content"; fi
if [ "$(stat -c %a "$T/w/a.bsc")" = 640 ]; then ok; else ko "-w: mode not kept ($(stat -c %a "$T/w/a.bsc"))"; fi
if [ "$(ls -A "$T/w")" = a.bsc ]; then ok; else ko "-w left files behind: $(ls -A "$T/w")"; fi
# an unchanged file is not rewritten (same inode, same mtime)
before=$(stat -c '%i %Y' "$T/w/a.bsc"); sleep 1
"$BSCC" fmt -w "$T/w/a.bsc"
if [ "$(stat -c '%i %Y' "$T/w/a.bsc")" = "$before" ]; then ok; else ko "-w rewrote a formatted file"; fi
# through a symbolic link: the target is rewritten, the link stays
cp "$T/messy.bsc" "$T/w/target.bsc"; ln -s target.bsc "$T/w/link.bsc"
"$BSCC" fmt -w "$T/w/link.bsc"
if [ -L "$T/w/link.bsc" ] && cmp -s "$T/w/target.bsc" "$HERE/layout.out"; then ok; else ko "-w through a symlink"; fi

# a read-only directory: -w fails with exit 2, the file is intact, nothing left
mkdir "$T/ro"; cp "$T/messy.bsc" "$T/ro/a.bsc"; chmod 644 "$T/ro/a.bsc"; chmod 555 "$T/ro"
if [ "$(id -u)" = 0 ]; then
  # root ignores permissions: run as nobody (setpriv is in util-linux)
  chmod 755 "$T"; cp "$BSCC" "$T/bscc"; chmod 755 "$T/bscc"
  RUN="setpriv --reuid=nobody --regid=nogroup --clear-groups $T/bscc"
else
  RUN=$BSCC
fi
$RUN fmt -w "$T/ro/a.bsc" 2> "$T/err"; st=$?
if [ $st -eq 2 ] && grep -q "cannot write" "$T/err" && cmp -s "$T/ro/a.bsc" "$HERE/layout.bsc" && [ "$(ls -A "$T/ro")" = a.bsc ]; then ok
else ko "-w in a read-only directory: exit $st, $(cat "$T/err"), files: $(ls -A "$T/ro")"; fi
chmod 755 "$T/ro"

# a file with syntax errors is refused, untouched, with the diagnostics
printf 'objective o "T" in customer {\n  kr a : count 1 -> \n}\nplain garbage ;\n' > "$T/bad.bsc"
cp -p "$T/bad.bsc" "$T/bad.orig"
before=$(stat -c '%i %Y' "$T/bad.bsc")
NO_COLOR=1 "$BSCC" fmt -w "$T/bad.bsc" > "$T/out" 2> "$T/err"; st=$?
if [ $st -eq 1 ] && grep -q 'error\[E001\]' "$T/err" && grep -q 'bad.bsc:3:1:' "$T/err" && [ ! -s "$T/out" ]; then ok
else ko "syntax errors: exit $st"; cat "$T/err"; fi
if cmp -s "$T/bad.bsc" "$T/bad.orig" && [ "$(stat -c '%i %Y' "$T/bad.bsc")" = "$before" ]; then ok; else ko "a file with syntax errors was touched"; fi
"$BSCC" fmt "$T/bad.bsc" > "$T/out" 2>/dev/null; st=$?
if [ $st -eq 1 ] && [ ! -s "$T/out" ]; then ok; else ko "printing a file with syntax errors: exit $st"; fi
# a lexical error (bad UTF-8) too
printf 'objective o "\377" in customer {\n}\n' > "$T/utf.bsc"
"$BSCC" fmt "$T/utf.bsc" > /dev/null 2>&1; st=$?
if [ $st -eq 1 ]; then ok; else ko "invalid UTF-8: exit $st"; fi

# several files: the worst status wins; the good ones are still done
cp "$T/messy.bsc" "$T/w/b.bsc"; cp "$T/bad.orig" "$T/w/c.bsc"
"$BSCC" fmt -w "$T/w/b.bsc" "$T/w/c.bsc" 2>/dev/null; st=$?
if [ $st -eq 1 ] && cmp -s "$T/w/b.bsc" "$HERE/layout.out" && cmp -s "$T/w/c.bsc" "$T/bad.orig"; then ok; else ko "several files: exit $st"; fi

# usage and I/O errors: exit 2
"$BSCC" fmt --frobnicate "$T/messy.bsc" > /dev/null 2>&1; st=$?
if [ $st -eq 2 ]; then ok; else ko "unknown option: exit $st"; fi
"$BSCC" fmt -w --check "$T/messy.bsc" > /dev/null 2>&1; st=$?
if [ $st -eq 2 ]; then ok; else ko "-w with --check: exit $st"; fi
"$BSCC" fmt "$T/does-not-exist.bsc" > /dev/null 2>&1; st=$?
if [ $st -eq 2 ]; then ok; else ko "missing file: exit $st"; fi
"$BSCC" fmt "$T" > /dev/null 2>&1; st=$?
if [ $st -eq 2 ]; then ok; else ko "a directory: exit $st"; fi

echo "fmt: $pass passed, $fail failed ($n files checked for the invariants)"
[ "$fail" -eq 0 ]
