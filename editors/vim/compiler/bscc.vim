" Vim compiler file
" Compiler:    bscc check (the .bsc strategy compiler)
"
" `bscc check --columns=byte FILE` prints one headline per diagnostic,
"     PATH:LINE:COL: error[E010]: message
"     PATH:LINE:COL: warning[W001]: message
"     PATH:LINE:COL: note: message
" followed by source snippets with `|` gutters, `note:`/`help:` lines and a
" summary; only the headlines become quickfix entries.
"
" The program is g:bscc_command (default 'bscc').

if exists('current_compiler')
  finish
endif
let current_compiler = 'bscc'

if exists(':CompilerSet') != 2
  command -nargs=* CompilerSet setlocal <args>
endif

let s:cpo_save = &cpo
set cpo&vim

" --columns=byte: the column is a byte index, which is what %c reads.
" The program is looked up again before each :make (bsc#Makeprg), so setting
" g:bscc_command later takes effect in buffers already open.
execute 'CompilerSet makeprg=' . escape(bsc#Makeprg(), ' \|"')

" Snippet lines (` 12 | ...`, `   |   ^^^`) are dropped first, so source text
" can never be mistaken for a headline.  `%t` takes the first letter of
" error/warning/note as the entry's type (e, w, n).
CompilerSet errorformat=
      \%-G%\\s%#%\\d%#%\\s%#\|%.%#,
      \%f:%l:%c:\ %trror[%.%#]:\ %m,
      \%f:%l:%c:\ %tarning[%.%#]:\ %m,
      \%f:%l:%c:\ %trror:\ %m,
      \%f:%l:%c:\ %tarning:\ %m,
      \%f:%l:%c:\ %tote:\ %m,
      \%f:%l:\ %trror[%.%#]:\ %m,
      \%f:%l:\ %tarning[%.%#]:\ %m,
      \%f:\ %trror[%.%#]:\ %m,
      \%trror[%.%#]:\ %m,
      \%-G%.%#

let &cpo = s:cpo_save
unlet s:cpo_save
