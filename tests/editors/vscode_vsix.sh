#!/bin/sh
# Packages editors/vscode for real, in a temporary copy: `npm install`
# (vscode-languageclient, esbuild and @vscode/vsce from package.json), then
# `vsce package --no-dependencies`, which runs the esbuild bundle first.
# Checks the .vsix holds exactly the files .vscodeignore keeps (the bundle,
# not node_modules), that vsce warns about nothing but the repository field
# (the project has no public URL yet: docs/editors.md), and that the bundle
# loads in the stand-in VS Code of vscode_extension_test.js.
# Needs node, npm and the npm registry.  Prints `N passed, M failed`.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
passed=0 failed=0
ok() { passed=$((passed + 1)); echo "PASS $1"; }
ko() { failed=$((failed + 1)); echo "FAIL $1"; }
done_() { echo "$passed passed, $failed failed"; [ "$failed" -eq 0 ]; exit $?; }

if ! command -v npm >/dev/null 2>&1; then ko "npm: not installed (see tests/editors/deps.txt)"; done_; fi
cp -r "$root/editors/vscode" "$tmp/ext"
rm -rf "$tmp/ext/node_modules" "$tmp/ext/dist"
cd "$tmp/ext" || exit 1
if timeout 300 npm install --no-audit --no-fund --no-package-lock >"$tmp/npm.log" 2>&1; then ok "npm install"
else cat "$tmp/npm.log"; ko "npm install"; done_; fi

timeout 300 npx vsce package --no-dependencies --out "$tmp/bsc.vsix" </dev/null >"$tmp/vsce.log" 2>&1
st=$?
sed 's/\x1b\[[0-9;]*m//g' "$tmp/vsce.log" >"$tmp/vsce.txt"
# vsce asks before packaging without a repository: --allow-missing-repository
# only for that one, every other warning fails below
if [ "$st" -ne 0 ] && grep -q "'repository' field is missing" "$tmp/vsce.txt"; then
  timeout 300 npx vsce package --no-dependencies --allow-missing-repository --out "$tmp/bsc.vsix" \
    </dev/null >"$tmp/vsce.log" 2>&1
  st=$?
  sed 's/\x1b\[[0-9;]*m//g' "$tmp/vsce.log" >"$tmp/vsce.txt"
  echo "NOTE vsce: no repository field (the project has no public URL yet)"
fi
if [ "$st" -eq 0 ] && [ -s "$tmp/bsc.vsix" ]; then ok "vsce package"; else cat "$tmp/vsce.txt"; ko "vsce package (exit $st)"; done_; fi
others=$(grep WARNING "$tmp/vsce.txt" | grep -v "'repository' field is missing")
if [ -z "$others" ]; then ok "vsce: no warnings (licence, icon, bundling)"; else echo "$others"; ko "vsce warnings"; fi

# the files in the .vsix, against the list .vscodeignore keeps
unzip -Z1 "$tmp/bsc.vsix" | sed -n 's|^extension/||p' | sort >"$tmp/got"
printf '%s\n' LICENSE.txt README.md dist/extension.js icon.png language-configuration.json package.json \
  snippets/bsc.json syntaxes/bsc.tmLanguage.json | sort >"$tmp/want"
# vsce names the readme readme.md inside the package
sed -i 's|^readme.md$|README.md|' "$tmp/got"; sort -o "$tmp/got" "$tmp/got"
if cmp -s "$tmp/got" "$tmp/want"; then ok "vsix: exactly the bundle and its assets"
else diff "$tmp/want" "$tmp/got"; ko "vsix: file list"; fi

# the bundle activates like extension.js does (vscode-languageclient inside it)
if node -e "require('module'); const m = require('$tmp/ext/dist/extension.js');" 2>"$tmp/load.log" ||
   grep -q "Cannot find module 'vscode'" "$tmp/load.log"; then
  if grep -q "vscode-languageclient" "$tmp/load.log"; then cat "$tmp/load.log"; ko "bundle: vscode-languageclient not bundled"
  else ok "bundle: needs only the vscode module"; fi
else cat "$tmp/load.log"; ko "bundle loads"; fi
done_
