" Headless tests of editors/vim, run by tests/editors/vim_syntax.sh under
" `vim -es -N -u NONE` and `nvim --headless -u NONE`:
"
"   vim -es -N -u NONE -i NONE --cmd 'let g:root="/path/to/repo"' \
"       --cmd 'let g:out="/tmp/result.txt"' -S tests/editors/vim_tests.vim
"
" Each check writes `PASS name` or `FAIL name: detail` to g:out.

set nocompatible
set encoding=utf-8
scriptencoding utf-8
set nomore shortmess+=A
set noswapfile
let s:root = g:root
let s:results = []
let s:is_nvim = has('nvim')

execute 'set runtimepath^=' . fnameescape(s:root . '/editors/vim')
execute 'set runtimepath+=' . fnameescape(s:root . '/editors/vim/after')
filetype plugin indent on
syntax on

function! s:Pass(name) abort
  call add(s:results, 'PASS ' . a:name)
endfunction

function! s:Fail(name, detail) abort
  call add(s:results, 'FAIL ' . a:name . ': ' . a:detail)
endfunction

function! s:Eq(name, got, want) abort
  if a:got ==# a:want
    call s:Pass(a:name)
  else
    call s:Fail(a:name, 'got ' . string(a:got) . ', want ' . string(a:want))
  endif
endfunction

" ---- filetype detection and ftplugin options --------------------------------
execute 'edit ' . fnameescape(s:root . '/tests/editors/samples/company.bsc')
call s:Eq('ftdetect: *.bsc is filetype bsc', &filetype, 'bsc')
call s:Eq('syntax: b:current_syntax', get(b:, 'current_syntax', ''), 'bsc')
call s:Eq('ftplugin: commentstring', &l:commentstring, '// %s')
call s:Eq('ftplugin: makeprg', &l:makeprg, 'bscc check --columns=byte %')
call s:Eq('ftplugin: formatprg', &l:formatprg, 'bscc fmt -')
call s:Eq('ftplugin: shiftwidth', &l:shiftwidth, 2)
call s:Eq('ftplugin: expandtab', &l:expandtab, 1)
call s:Eq('ftplugin: :BscFmt defined', exists(':BscFmt'), 2)
call s:Eq('indent: indentexpr', &l:indentexpr, 'GetBscIndent(v:lnum)')

" ---- syntax groups at positions ----------------------------------------------
" [description, line, col, expected group]; line and col (bytes, 1-based)
" of the sample company.bsc.  Positions are checked against the text first,
" so a changed sample fails loudly instead of testing the wrong token.
function! s:Group(lnum, col) abort
  return synIDattr(synID(a:lnum, a:col, 1), 'name')
endfunction

" Finds `pat` (very nomagic, literal) on line lnum; returns its byte column.
function! s:Col(lnum, text) abort
  return stridx(getline(a:lnum), a:text) + 1
endfunction

let s:cases = [
      \ [1, '//', 'bscLineComment'],
      \ [1, '智能硬件', 'bscLineComment'],
      \ [2, 'TODO', 'bscTodo'],
      \ [3, 'import', 'bscInclude'],
      \ [3, '"teams', 'bscString'],
      \ [5, '/*', 'bscBlockComment'],
      \ [6, 'Weights', 'bscBlockComment'],
      \ [7, 'strategy', 'bscDeclaration'],
      \ [7, '用户体验', 'bscString'],
      \ [8, 'horizon', 'bscKeyword'],
      \ [8, '2025-Q1', 'bscPeriod'],
      \ [8, 'Q1', 'bscPeriod'],
      \ [8, '..', 'bscOperator'],
      \ [9, 'cadence', 'bscKeyword'],
      \ [9, 'quarter', 'bscCadence'],
      \ [10, 'perspectives', 'bscKeyword'],
      \ [11, 'financial', 'bscPerspListRef'],
      \ [11, 'learning', 'bscPerspListRef'],
      \ [11, '25%', 'bscNumber'],
      \ [11, '%', 'bscNumber'],
      \ [13, 'thresholds', 'bscKeyword'],
      \ [13, 'green', 'bscThreshold'],
      \ [13, '0.7', 'bscNumber'],
      \ [14, 'limit', 'bscKeyword'],
      \ [14, 'objectives_per_owner', 'bscLimitName'],
      \ [18, 'perspective', 'bscDeclaration'],
      \ [18, 'innovation', 'bscPerspectiveName'],
      \ [18, 'rank', 'bscKeyword'],
      \ [18, '2.5', 'bscNumber'],
      \ [19, 'unit', 'bscDeclaration'],
      \ [19, 'tickets', 'bscUnitName'],
      \ [20, 'sprints', 'bscUnitName'],
      \ [20, '=', 'bscOperator'],
      \ [20, 'weeks', 'bscUnit'],
      \ [22, 'objective', 'bscDeclaration'],
      \ [22, '客户满意度', 'bscObjectiveName'],
      \ [22, '"客户推荐', 'bscString'],
      \ [22, 'in customer', 'bscKeyword'],
      \ [22, 'customer {', 'bscPerspectiveRef'],
      \ [23, 'owner', 'bscKeyword'],
      \ [24, 'committed', 'bscModifier'],
      \ [25, 'Baselines', 'bscBlockComment'],
      \ [26, '2024', 'bscBlockComment'],
      \ [27, 'kr', 'bscDeclaration'],
      \ [27, 'nps_score', 'bscKrName'],
      \ [27, '净推荐值', 'bscString'],
      \ [27, ':', 'bscColon'],
      \ [27, 'score 62', 'bscUnit'],
      \ [27, '62', 'bscNumber'],
      \ [27, '->', 'bscOperator'],
      \ [27, 'by', 'bscKeyword'],
      \ [27, '2025-Q2', 'bscPeriod'],
      \ [27, 'increase', 'bscModifier'],
      \ [28, 'percent', 'bscUnit'],
      \ [28, '4.0%', 'bscNumber'],
      \ [28, '2.8%', 'bscNumber'],
      \ [28, '// lower', 'bscLineComment'],
      \ [29, 'rating', 'bscUnit'],
      \ [29, '(1', 'bscDelimiter'],
      \ [29, '1..5', 'bscNumber'],
      \ [29, '..5', 'bscOperator'],
      \ [29, '>=', 'bscOperator'],
      \ [29, 'from', 'bscKeyword'],
      \ [30, 'hours', 'bscUnit'],
      \ [30, '<=', 'bscOperator'],
      \ [30, 'weight', 'bscKeyword'],
      \ [31, 'kpi', 'bscDeclaration'],
      \ [31, 'on_time', 'bscKrName'],
      \ [31, '{per order}', 'bscString'],
      \ [31, 'warn', 'bscKeyword'],
      \ [36, 'compensation', 'bscModifier'],
      \ [37, '2025-H1', 'bscPeriod'],
      \ [38, 'currency', 'bscUnit'],
      \ [38, 'CNY', 'bscUnit'],
      \ [38, '10_000_000', 'bscNumber'],
      \ [38, '1.2e7', 'bscNumber'],
      \ [38, '2025-03', 'bscPeriod'],
      \ [39, 'max', 'bscFunction'],
      \ [39, 'revenue_share /', 'bscFormulaRef'],
      \ [39, '/ 3', 'bscOperator'],
      \ [40, 'pp 0', 'bscUnit'],
      \ [40, '12pp', 'bscNumber'],
      \ [40, 'pp', 'bscUnit'],
      \ [44, '3.5', 'bscNumber'],
      \ [45, 'milestone', 'bscUnit'],
      \ [46, 'milestone', 'bscUnit'],
      \ [46, 'aspirational', 'bscModifier'],
      \ [45, 'starts', 'bscKeyword'],
      \ [46, 'plan', 'bscKeyword'],
      \ [46, 'step', 'bscModifier'],
      \ [46, '2025-Q2', 'bscPeriod'],
      \ [49, 'cs_triage', 'bscObjectiveName'],
      \ [50, 'team', 'bscKeyword'],
      \ [50, 'aligns', 'bscKeyword'],
      \ [50, '客户满意度', 'bscObjectiveRef'],
      \ [51, 'decrease', 'bscModifier'],
      \ [52, 'tickets', 'bscUnit'],
      \ [52, '"王芳"', 'bscString'],
      \ [55, 'kpi', 'bscDeclaration'],
      \ [55, 'learning', 'bscPerspectiveRef'],
      \ [57, 'iterate', 'bscLinkRef'],
      \ [57, '->', 'bscOperator'],
      \ [57, '客户满意度', 'bscLinkRef'],
      \ [58, '客户满意度', 'bscLinkRef'],
      \ [58, 'revenue', 'bscLinkRef'],
      \ [57, 'strength', 'bscKeyword'],
      \ [57, '0.5', 'bscNumber'],
      \ [57, 'lag', 'bscKeyword'],
      \ [57, '1q', 'bscLag'],
      \ [58, '3m', 'bscLag'],
      \ [60, 'initiative', 'bscDeclaration'],
      \ [60, 'feedback_loop', 'bscInitiativeName'],
      \ [62, 'cost', 'bscKeyword'],
      \ [62, '1_200_000', 'bscNumber'],
      \ [62, 'cost', 'bscKeyword'],
      \ [62, 'CNY', 'bscUnit'],
      \ [63, 'supports', 'bscKeyword'],
      \ [63, 'iterate', 'bscObjectiveRef'],
      \ [64, 'affects', 'bscKeyword'],
      \ [64, '-0.5', 'bscOperator'],
      \ [64, '0.5', 'bscNumber'],
      \ [65, 'relative', 'bscModifier'],
      \ [68, 'actuals', 'bscDeclaration'],
      \ [68, '2025-Q1', 'bscPeriod'],
      \ [69, 'nps_score', 'bscCheckinRef'],
      \ [70, 'complaints', 'bscCheckinRef'],
      \ [72, 'launch', 'bscCheckinRef'],
      \ [71, 'days', 'bscUnit'],
      \ [72, 'true', 'bscBoolean'],
      \ [73, 'false', 'bscBoolean'],
      \ [78, 'USD', 'bscUnit'],
      \ [78, 'gallon', 'bscUnit'],
      \ [79, '1.2M', 'bscNumber'],
      \ [79, 'M', 'bscNumber'],
      \ [79, '300k', 'bscNumber'],
      \ [80, 'seconds', 'bscUnit'],
      \ ]
for [s:lnum, s:text, s:want] in s:cases
  let s:col = s:Col(s:lnum, s:text)
  let s:name = printf('syntax %d:%s', s:lnum, s:text)
  if s:col == 0
    call s:Fail(s:name, 'text not found on line ' . s:lnum . ': ' . string(getline(s:lnum)))
    continue
  endif
  " `..5` and `-0.5` name the operator before the number; `(1` the paren.
  call s:Eq(s:name . ' (col ' . s:col . ')', s:Group(s:lnum, s:col), s:want)
endfor

" A keyword inside a string or a comment is not a keyword.
enew!
setfiletype bsc
call setline(1, ['objective x "kr in the title" {  // objective kr', '  kr score : score 1 -> 2', '}'])
call s:Eq('syntax: keyword in string', s:Group(1, s:Col(1, 'kr in')), 'bscString')
call s:Eq('syntax: keyword in comment', s:Group(1, s:Col(1, 'objective kr')), 'bscLineComment')
call s:Eq('syntax: kr named like a unit', s:Group(2, 6), 'bscKrName')
call s:Eq('syntax: the unit after it', s:Group(2, 14), 'bscUnit')
bwipeout!
enew!
setfiletype bsc
call setline(1, ['  kr nps : score 62 -> 75 forecast lognormal(70, 5)', '  kr go : milestone forecast bernoulli(0.7)'])
call s:Eq('syntax: forecast', s:Group(1, s:Col(1, 'forecast')), 'bscKeyword')
call s:Eq('syntax: a distribution', s:Group(1, s:Col(1, 'lognormal')), 'bscFunction')
call s:Eq('syntax: bernoulli', s:Group(2, s:Col(2, 'bernoulli')), 'bscFunction')
bwipeout!
enew!
setfiletype bsc
call setline(1, ['initiative i "I" {', '  supports iterate, 客户满意度,research', '  affects cycle by 1', '}'])
call s:Eq('syntax: first name of supports', s:Group(2, s:Col(2, 'iterate')), 'bscObjectiveRef')
call s:Eq('syntax: second name of supports', s:Group(2, s:Col(2, '客户')), 'bscObjectiveRef')
call s:Eq('syntax: third name of supports', s:Group(2, s:Col(2, 'research')), 'bscObjectiveRef')
call s:Eq('syntax: affects target', s:Group(3, s:Col(3, 'cycle')), 'bscKrRef')
bwipeout!
enew!
setfiletype bsc
call setline(1, ['strategy "S" {', '  perspectives { financial 60%  customer 40% }', '}',
      \ '  kr m : percent = a + max(b, 2%) weight 2', '  kr h : hours <= 24 weight 2', 'a -> b'])
call s:Eq('syntax: a perspective in perspectives { }', s:Group(2, s:Col(2, 'customer')), 'bscPerspListRef')
call s:Eq('syntax: its weight', s:Group(2, s:Col(2, '40%')), 'bscNumber')
call s:Eq('syntax: a formula reference', s:Group(4, s:Col(4, 'a +')), 'bscFormulaRef')
call s:Eq('syntax: a formula reference in a call', s:Group(4, s:Col(4, 'b,')), 'bscFormulaRef')
call s:Eq('syntax: a keyword after a formula', s:Group(4, s:Col(4, 'weight')), 'bscKeyword')
call s:Eq('syntax: `<=` is no formula', s:Group(5, s:Col(5, '24')), 'bscNumber')
call s:Eq('syntax: link ends', s:Group(6, 1) . ' ' . s:Group(6, 6), 'bscLinkRef bscLinkRef')
bwipeout!

enew!
setfiletype bsc
call setline(1, ['  kr bond : rating(1..22) maintain >= 22', '  kr sat : percent 62% -> 70% ± 3pp benchmark "Peers" 64%',
      \ '  kr days : days 12 -> 6 breakdown district mean { north, south }'])
call s:Eq('syntax: maintain', s:Group(1, s:Col(1, 'maintain')), 'bscKeyword')
call s:Eq('syntax: a margin', s:Group(2, s:Col(2, '±')), 'bscOperator')
call s:Eq('syntax: benchmark', s:Group(2, s:Col(2, 'benchmark')), 'bscKeyword')
call s:Eq('syntax: breakdown', s:Group(3, s:Col(3, 'breakdown')), 'bscKeyword')
bwipeout!

" ---- indentation: gg=G on a flattened copy gives back the sample ------------
function! s:IndentCheck(file) abort
  let want = readfile(a:file)
  enew!
  setfiletype bsc
  call setline(1, map(copy(want), 'substitute(v:val, "^\\s\\+", "", "")'))
  normal! gg=G
  let got = getline(1, '$')
  let name = 'indent gg=G ' . fnamemodify(a:file, ':t')
  if got ==# want
    call s:Pass(name)
  else
    let i = 0
    while i < len(want) && get(got, i, '') ==# want[i]
      let i += 1
    endwhile
    call s:Fail(name, printf('line %d: got %s, want %s', i + 1, string(get(got, i, '<eof>')), string(get(want, i, '<eof>'))))
  endif
  bwipeout!
endfunction
call s:IndentCheck(s:root . '/tests/editors/samples/company.bsc')
call s:IndentCheck(s:root . '/tests/editors/samples/indent.bsc')

" Typing: `o` after a line ending in `{` indents; `}` dedents as typed.
enew!
setfiletype bsc
call setline(1, 'objective x "X" in customer {')
execute "normal! A\<CR>kr a : score 1 -> 2\<CR>}"
call s:Eq('indent while typing', getline(1, '$'), ['objective x "X" in customer {', '  kr a : score 1 -> 2', '}'])
bwipeout!

" ---- errorformat: bscc check output to quickfix --------------------------------
execute 'edit ' . fnameescape(s:root . '/tests/editors/samples/company.bsc')
let s:lines = readfile(s:root . '/tests/editors/samples/check_output.txt')
call setqflist([], ' ', {'lines': s:lines, 'efm': &l:errorformat})
let s:got = []
for s:e in getqflist()
  call add(s:got, [s:e.valid, bufname(s:e.bufnr), s:e.lnum, s:e.col, s:e.type, s:e.text])
endfor
let s:want = [
      \ [1, 'acme.bsc', 5, 10, 'w', 'perspective `process` has no objectives'],
      \ [1, 'acme.bsc', 5, 10, 'w', 'Learning & Growth is neglected: no objective is in it'],
      \ [1, 'acme.bsc', 9, 11, 'e', 'the name `客户满意度` is defined twice'],
      \ [1, 'teams/客户.bsc', 1, 11, 'n', '`客户满意度` is first defined here, as an objective'],
      \ [1, 'acme.bsc', 14, 26, 'e', 'cannot find objective `nps2`'],
      \ [1, 'teams/客户.bsc', 1, 11, 'w', 'objective `客户满意度` has no path to the financial perspective'],
      \ ]
call s:Eq('errorformat: number of entries', len(s:got), len(s:want))
let s:i = 0
for s:w in s:want
  call s:Eq('errorformat: entry ' . (s:i + 1), get(s:got, s:i, []), s:w)
  let s:i += 1
endfor

" :make runs `bscc check FILE`: with a stand-in bscc that prints the sample.
let s:fake = tempname()
call writefile(['#!/bin/sh', 'cat ' . shellescape(s:root . '/tests/editors/samples/check_output.txt'), 'exit 1'], s:fake)
call setfperm(s:fake, 'rwxr-xr-x')
let g:bscc_command = s:fake
unlet! b:current_compiler current_compiler
compiler bscc
call s:Eq('compiler: g:bscc_command in makeprg', &l:makeprg, s:fake . ' check --columns=byte %')
silent! make!
call s:Eq(':make fills the quickfix list', len(getqflist()), len(s:want))
unlet g:bscc_command
" g:bscc_command set after the buffer was opened: :make still uses it
bwipeout!
execute 'edit ' . fnameescape(s:root . '/tests/editors/samples/company.bsc')
call setqflist([])
let g:bscc_command = s:fake
silent! call feedkeys(":make!\<CR>", 'xt')
call s:Eq('g:bscc_command set later: :make uses it', len(getqflist()), len(s:want))
call delete(s:fake)
unlet g:bscc_command

" ---- comments ---------------------------------------------------------------
" Enter or o after a header comment starts code, not another comment line
enew!
setfiletype bsc
execute "normal! i// A header comment.\<CR>objective x \"X\" {\<Esc>o}"
call s:Eq('no comment continuation on Enter and o', getline(1, '$'), ['// A header comment.', 'objective x "X" {', '}'])
bwipeout!
enew!
setfiletype bsc
call setline(1, ['objective x "X" {', '  owner "A"', '}'])
" what commentary-style plugins and Neovim's gc do with commentstring
call setline(2, substitute(&commentstring, '%s', trim(getline(2)), ''))
call s:Eq('commentstring comments out a line', getline(2), '// owner "A"')
call s:Eq('comments option has //', &l:comments =~# '://', 1)
bwipeout!

" ---- Neovim: the LSP module ----------------------------------------------------
if s:is_nvim
  try
    let s:lsp_ok = luaeval('pcall(require, "bsc.lsp")')
    call s:Eq('nvim: require("bsc.lsp")', s:lsp_ok, v:true)
    execute 'edit ' . fnameescape(s:root . '/tests/editors/samples/root/teams/support.bsc')
    let s:cfg = luaeval('require("bsc.lsp").config(0)')
    call s:Eq('nvim: lsp root is the file''s folder, not the git repository', s:cfg.root_dir,
          \ s:root . '/tests/editors/samples/root/teams')
    bwipeout!
    call s:Eq('nvim: lsp cmd', s:cfg.cmd, ['bscc', 'lsp'])
    call s:Eq('nvim: lsp name', s:cfg.name, 'bscc')
    let s:cfg2 = luaeval('dofile(_A).cmd', s:root . '/editors/vim/lsp/bscc.lua')
    call s:Eq('nvim: lsp/bscc.lua cmd', s:cfg2, ['bscc', 'lsp'])
    if exists('g:fake_lsp') && executable('node')
      " A stand-in server (tests/editors/fake_lsp.js) logs what it receives.
      let s:log = tempname()
      let $FAKE_LSP_LOG = s:log
      call luaeval('require("bsc.lsp").setup({ cmd = { "node", _A } })', g:fake_lsp)
      execute 'edit ' . fnameescape(s:root . '/tests/editors/samples/company.bsc')
      let s:attached = luaeval('vim.wait(5000, function() return #vim.lsp.buf_get_clients(0) > 0 end, 50)')
      call s:Eq('nvim: client attaches to a bsc buffer', s:attached, v:true)
      let s:opened = luaeval('vim.wait(5000, function() local f = io.open(_A) if not f then return false end local s = f:read("*a") f:close() return s:find("textDocument/didOpen", 1, true) ~= nil end, 50)', s:log)
      call s:Eq('nvim: server gets didOpen', s:opened, v:true)
      let s:text = filereadable(s:log) ? join(readfile(s:log), "\n") : ''
      call s:Eq('nvim: didOpen has languageId bsc', s:text =~# '"languageId":"bsc"', 1)
      call s:Eq('nvim: server was started with cmd', s:text =~# 'initialize', 1)
      call s:Eq('nvim: code lenses refreshed in the buffer',
            \ luaeval('#vim.api.nvim_get_autocmds({ group = "bsc_lsp_buf_" .. vim.api.nvim_get_current_buf(), buffer = 0 })'), 3)
      " done with the stand-in: no more clients for later bsc buffers
      silent! autocmd! bsc_lsp
      call luaeval('vim.lsp.stop_client(vim.lsp.get_active_clients(), true)')
      call luaeval('vim.wait(5000, function() return #vim.lsp.get_active_clients() == 0 end, 50)')
      bwipeout!
      call delete(s:log)
    endif
  catch
    call s:Fail('nvim: lsp module', v:exception)
  endtry
endif

" ---- with a real bscc (g:bscc set by vim_syntax.sh when one is built) -------
if exists('g:bscc')
  " :make on a file with errors: one quickfix entry per headline of bscc's output
  let s:errdir = s:root . '/tests/editors/samples/errors'
  execute 'edit ' . fnameescape(s:errdir . '/acme.bsc')
  execute 'lcd ' . fnameescape(s:errdir)
  let g:bscc_command = g:bscc
  unlet! b:current_compiler current_compiler
  compiler bscc
  let s:heads = filter(systemlist(shellescape(g:bscc) . ' check acme.bsc 2>&1'),
        \ {_, v -> v =~# '^\S\+:\d\+:\d\+: \%(error\|warning\|note\)'})
  silent! make!
  let s:qf = getqflist()
  call s:Eq('real bscc: :make gives one entry per headline', len(filter(copy(s:qf), 'v:val.valid')), len(s:heads))
  call s:Eq('real bscc: no stray entries', len(filter(copy(s:qf), '!v:val.valid')), 0)
  call s:Eq('real bscc: E010 at acme.bsc:14:26',
        \ len(filter(copy(s:qf), {_, e -> bufname(e.bufnr) ==# 'acme.bsc' && e.lnum == 14 && e.col == 26 && e.type ==# 'e'})), 1)
  bwipeout!
  " a line with wide text: the quickfix column is the error's byte
  execute 'edit ' . fnameescape(s:errdir . '/wide.bsc')
  silent! make!
  let s:e010 = filter(getqflist(), {_, e -> e.type ==# 'e'})
  call s:Eq('real bscc: E010 on a CJK line is one entry', len(s:e010), 1)
  if len(s:e010)
    call s:Eq('real bscc: the quickfix column is on the name',
          \ strpart(getline(s:e010[0].lnum), s:e010[0].col - 1, 6), 'nosuch')
  endif
  unlet g:bscc_command
  bwipeout!
  execute 'cd ' . fnameescape(s:root)
  " what `bscc fmt` prints, the indenter leaves alone
  for s:f in get(g:, 'fmt_files', [])
    call s:IndentCheck(s:f)
  endfor
  if s:is_nvim
    " the real language server publishes bscc's diagnostics
    try
      call luaeval('require("bsc.lsp").setup({ cmd = { _A, "lsp" } })', g:bscc)
      execute 'edit ' . fnameescape(s:errdir . '/acme.bsc')
      let s:got = luaeval('vim.wait(10000, function() for _, d in ipairs(vim.diagnostic.get(0)) do if d.message:find("nps2", 1, true) then return true end end return false end, 50)')
      call s:Eq('real bscc lsp: diagnostics reach Neovim', s:got, v:true)
      call luaeval('vim.lsp.stop_client(vim.lsp.get_active_clients())')
      call luaeval('vim.wait(3000, function() return #vim.lsp.get_active_clients() == 0 end, 50)')
      bwipeout!
    catch
      call s:Fail('real bscc lsp', v:exception)
    endtry
  endif
endif

call writefile(s:results, g:out)
qall!
