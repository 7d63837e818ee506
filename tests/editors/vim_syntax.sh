#!/bin/sh
# Headless tests of the Vim/Neovim plugin (editors/vim): syntax groups at
# positions, gg=G indentation, errorformat -> quickfix, ftplugin options, and
# (Neovim) the LSP module against a stand-in server.
# Runs under Vim, and also Neovim when installed.  Prints `N passed, M failed`.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
passed=0
failed=0
export LC_ALL=C.UTF-8 LANG=C.UTF-8

count() { # label file
  if [ ! -s "$2" ]; then
    echo "FAIL $1: the test script wrote no results"
    failed=$((failed + 1))
    return
  fi
  while IFS= read -r line; do
    case $line in
      PASS*) passed=$((passed + 1)) ;;
      *) failed=$((failed + 1)); echo "$1: $line" ;;
    esac
  done < "$2"
  echo "$1: $(grep -c '^PASS' "$2") checks passed"
}

# A built bscc ($BSCC, else build/bscc) adds checks against the real thing:
# :make, the language server, and indenting what `bscc fmt` prints.
bscc=${BSCC:-$root/build/bscc}
extra="let g:no_bscc=1"
if [ -x "$bscc" ]; then
  fmts=
  for f in company indent; do
    if "$bscc" fmt - <"$here/samples/$f.bsc" >"$tmp/fmt_$f.bsc" 2>/dev/null; then
      fmts="$fmts${fmts:+,}'$tmp/fmt_$f.bsc'"
    fi
  done
  extra="let g:bscc='$bscc' | let g:fmt_files=[$fmts]"
  echo "with bscc: $bscc"
else
  echo "no built bscc (set BSCC=path): checks against the real bscc skipped"
fi

if command -v vim >/dev/null 2>&1; then
  # -es: silent Ex mode (no terminal needed); -u NONE: no user config.
  timeout 120 vim -es -N -u NONE -i NONE \
    --cmd "let g:root='$root'" --cmd "let g:out='$tmp/vim.txt'" --cmd "$extra" \
    -S "$here/vim_tests.vim" </dev/null >"$tmp/vim.log" 2>&1
  count vim "$tmp/vim.txt"
  [ -s "$tmp/vim.txt" ] || cat "$tmp/vim.log"
else
  echo "FAIL vim: not installed (see tests/editors/deps.txt)"
  failed=$((failed + 1))
fi

if command -v nvim >/dev/null 2>&1; then
  timeout 120 nvim --headless -u NONE -i NONE \
    --cmd "let g:root='$root'" --cmd "let g:out='$tmp/nvim.txt'" --cmd "$extra" \
    --cmd "let g:fake_lsp='$here/fake_lsp.js'" \
    -S "$here/vim_tests.vim" </dev/null >"$tmp/nvim.log" 2>&1
  count nvim "$tmp/nvim.txt"
  [ -s "$tmp/nvim.txt" ] || cat "$tmp/nvim.log"
else
  echo "nvim: not installed, skipped"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
