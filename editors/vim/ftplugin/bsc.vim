" Vim filetype plugin
" Language:    bsc (Balanced Scorecard + OKR strategy files, compiled by bscc)
"
" Options: g:bscc_command   the bscc program (default 'bscc')
"          g:bsc_fmt_on_save  when 1, :BscFmt runs before each write

if exists('b:did_ftplugin')
  finish
endif
let b:did_ftplugin = 1

let s:cpo_save = &cpo
set cpo&vim

setlocal commentstring=//\ %s
setlocal comments=s1:/*,mb:*,ex:*/,://
" Comments are continued by gq and by typing past 'textwidth' (c, q), not by
" Enter or o (r, o): a header comment must not swallow the code typed after it.
setlocal formatoptions-=t formatoptions-=r formatoptions-=o formatoptions+=cql
setlocal shiftwidth=2 softtabstop=2 expandtab
setlocal suffixesadd=.bsc
setlocal include=^\\s*import
setlocal iskeyword=@,48-57,_,192-255

" :make runs `bscc check` on this file; the errorformat is in compiler/bscc.vim.
compiler bscc

augroup bsc_makeprg
  autocmd! * <buffer>
  " before a typed :make (its makeprg is read before QuickFixCmdPre)
  autocmd CmdlineEnter,BufEnter <buffer> call bsc#RefreshMakeprg()
augroup END

" gq formats with `bscc fmt -` (source on stdin, formatted source on stdout).
let &l:formatprg = get(g:, 'bscc_command', 'bscc') . ' fmt -'

let b:undo_ftplugin = 'setlocal commentstring< comments< formatoptions<'
      \ . ' shiftwidth< softtabstop< expandtab< suffixesadd< include< iskeyword<'
      \ . ' makeprg< errorformat< formatprg<'
      \ . ' | silent! delcommand -buffer BscFmt | silent! delcommand -buffer BscCheck'
      \ . ' | silent! autocmd! bsc_fmt * <buffer> | silent! autocmd! bsc_makeprg * <buffer>'
      \ . ' | unlet! b:current_compiler'

" :BscFmt formats the whole buffer with `bscc fmt -`, keeping the cursor; on
" failure the buffer is left alone and bscc's message is shown.
command! -buffer -bar BscFmt call bsc#Format()
" :BscCheck is :make for this file, then the quickfix window if there is
" anything to see.
command! -buffer -bar BscCheck silent make! | redraw! | cwindow

if get(g:, 'bsc_fmt_on_save', 0)
  augroup bsc_fmt
    autocmd! * <buffer>
    autocmd BufWritePre <buffer> call bsc#Format()
  augroup END
endif

let &cpo = s:cpo_save
unlet s:cpo_save
