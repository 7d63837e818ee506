" Autoloaded helpers of the bsc filetype plugin.

" The makeprg of compiler/bscc.vim for the current g:bscc_command.
function! bsc#Makeprg() abort
  return get(g:, 'bscc_command', 'bscc') . ' check --columns=byte %'
endfunction

" When a command line starts or the buffer is entered: a makeprg that compiler/bscc.vim set (the
" user may have set another) follows the current g:bscc_command.
function! bsc#RefreshMakeprg() abort
  if get(b:, 'current_compiler', '') ==# 'bscc' && &l:makeprg =~# ' check --columns=byte %$'
    let &l:makeprg = bsc#Makeprg()
  endif
endfunction

" Formats the current buffer with `bscc fmt -`.
function! bsc#Format() abort
  let cmd = get(g:, 'bscc_command', 'bscc') . ' fmt -'
  let lines = getline(1, '$')
  let out = systemlist(cmd, lines)
  if v:shell_error
    echohl ErrorMsg
    echomsg 'bscc fmt failed: ' . join(out[:2], ' ')
    echohl None
    return
  endif
  if out ==# lines
    return
  endif
  let view = winsaveview()
  " Replace the lines in place: one undo step, marks mostly kept.
  call setline(1, out)
  if line('$') > len(out)
    silent execute (len(out) + 1) . ',$delete _'
  endif
  call winrestview(view)
endfunction
