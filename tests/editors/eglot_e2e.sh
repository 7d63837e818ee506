#!/bin/sh
# eglot_e2e.sh - `bscc lsp` driven by Eglot (Emacs 28 with Debian's
# elpa-eglot) in `emacs --batch`, on a copy of tests/lsp/ws: Flymake
# diagnostics, a quick fix applied, hover and signature help (eldoc),
# definition and workspace symbols (xref), imenu, completion at point,
# formatting of the buffer and of a range (tests/editors/eglot_e2e.el).
# Needs BSCC (else build/bscc); skipped when Emacs or Eglot is missing.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
BSCC=${BSCC:-$root/build/bscc}
export LC_ALL=C.UTF-8 LANG=C.UTF-8
if ! command -v emacs > /dev/null 2>&1; then
  echo "eglot: skipped (emacs is not installed; sh tests/deps.sh installs it)"
  exit 0
fi
# Eglot: Emacs 29's own, else Debian's elpa-eglot (and the newer project
# and xref it needs), which `emacs -Q` does not activate by itself.
L=
for d in /usr/share/emacs/site-lisp/elpa/eglot-* /usr/share/emacs/site-lisp/elpa/project-* \
         /usr/share/emacs/site-lisp/elpa/xref-* /usr/share/emacs/site-lisp/elpa/seq-*; do
  [ -d "$d" ] && L="$L -L $d"
done
# shellcheck disable=SC2086
if ! emacs --batch -Q $L --eval "(require 'eglot)" > /dev/null 2>&1; then
  echo "eglot: skipped (no eglot; sh tests/deps.sh installs elpa-eglot)"
  exit 0
fi
if [ ! -x "$BSCC" ]; then
  echo "eglot: 0 passed, 1 failed (no bscc at $BSCC)"
  exit 1
fi
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cp "$root"/tests/lsp/ws/*.bsc "$root"/tests/lsp/ws/*.expected "$T"/
BSCC=$(cd "$(dirname "$BSCC")" && pwd)/$(basename "$BSCC")
export BSCC WS="$T" HOME="$T"
# shellcheck disable=SC2086
timeout 120 emacs --batch -Q $L -L "$root/editors/emacs" -l "$here/eglot_e2e.el" > "$T/out" 2>&1
st=$?
grep -v '^\[eglot\]\|^Loading\|^Connected\|^Starting' "$T/out"
if [ $st -ne 0 ] && ! grep -q "eglot: .* passed" "$T/out"; then
  echo "eglot: 0 passed, 1 failed (emacs exited with $st)"
fi
exit $st
