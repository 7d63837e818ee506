" Autoloaded helpers of the bsc filetype plugin.

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
