" Vim indent file
" Language:    bsc (Balanced Scorecard + OKR strategy files, compiled by bscc)
"
" Brace-based: one 'shiftwidth' (2 by default, set by the ftplugin) per open
" `{` or `(`; a line starting with `}` or `)` goes back one level.  Braces in
" strings and comments do not count.  A continuation line of a /* block
" comment */ lines up with the comment's opening: one column in when it
" starts with `*`, three (the text after `/* `) otherwise.

if exists('b:did_indent')
  finish
endif
let b:did_indent = 1

setlocal indentexpr=GetBscIndent(v:lnum)
setlocal indentkeys=0{,0},0),!^F,o,O,*<Return>
setlocal nolisp nosmartindent autoindent

let b:undo_indent = 'setlocal indentexpr< indentkeys< lisp< smartindent< autoindent<'

if exists('*GetBscIndent')
  finish
endif

let s:cpo_save = &cpo
set cpo&vim

" The code of a line with strings and comments blanked out.  a:in_comment
" says whether the line starts inside a block comment; returns [code,
" in_comment at the end of the line].
function! s:Code(line, in_comment) abort
  let s = a:line
  let out = ''
  let i = 0
  let n = strlen(s)
  let in_c = a:in_comment
  while i < n
    if in_c
      let e = stridx(s, '*/', i)
      if e < 0
        return [out, 1]
      endif
      let i = e + 2
      let in_c = 0
      continue
    endif
    let c = s[i]
    if c ==# '"'
      " skip the string; it ends at an unescaped quote or the end of line
      let i += 1
      while i < n && s[i] !=# '"'
        let i += (s[i] ==# '\') ? 2 : 1
      endwhile
      let i += 1
      let out .= '""'
    elseif c ==# '/' && s[i + 1] ==# '/'
      break
    elseif c ==# '/' && s[i + 1] ==# '*'
      let in_c = 1
      let i += 2
    else
      let out .= c
      let i += 1
    endif
  endwhile
  return [out, in_c]
endfunction

" Whether line lnum starts inside a block comment.  A textual scan, so that
" it works with syntax highlighting off and while lines are re-indented.
function! s:InBlockComment(lnum) abort
  return s:CommentStart(a:lnum) > 0
endfunction

" The line of the `/*` that is still open at the start of lnum, or 0.
function! s:CommentStart(lnum) abort
  let l = a:lnum - 1
  let limit = max([1, a:lnum - 200])
  while l >= limit
    let line = getline(l)
    let close = strridx(line, '*/')
    let open = strridx(line, '/*')
    if open >= 0 && open > close
      " an opener after the last closer: is it a real one?
      if s:Code(line, 0)[1]
        return l
      endif
      return 0
    endif
    if close >= 0
      return 0
    endif
    let l -= 1
  endwhile
  return 0
endfunction

function! GetBscIndent(lnum) abort
  let sw = exists('*shiftwidth') ? shiftwidth() : &shiftwidth
  let cur = getline(a:lnum)

  " Inside a block comment: line up with its opening line.
  let start = s:CommentStart(a:lnum)
  if start > 0
    return indent(start) + (cur =~# '^\s*\*' ? 1 : 3)
  endif

  " The previous line with code, skipping blank lines and block comments.
  let prev = prevnonblank(a:lnum - 1)
  while prev > 0 && s:InBlockComment(prev)
    let start = s:CommentStart(prev)
    let prev = start > 0 ? start : prevnonblank(prev - 1)
  endwhile
  if prev == 0
    return 0
  endif

  let code = s:Code(getline(prev), 0)[0]
  " Opens minus closes on the previous line.  Closers at its start have
  " already moved that line left, so they do not count again.
  let lead = matchstr(code, '^\s*[})]*')
  let body = strpart(code, strlen(lead))
  let depth = 0
  for ch in split(body, '\zs')
    if ch ==# '{' || ch ==# '('
      let depth += 1
    elseif ch ==# '}' || ch ==# ')'
      let depth -= 1
    endif
  endfor
  let ind = indent(prev) + depth * sw

  " A line starting with closers goes back one level per closer.
  let ccode = s:Code(cur, 0)[0]
  let closers = strlen(substitute(matchstr(ccode, '^\s*[})]\%(\s*[})]\)*'), '\s', '', 'g'))
  let ind -= closers * sw
  return ind < 0 ? 0 : ind
endfunction

let &cpo = s:cpo_save
unlet s:cpo_save
