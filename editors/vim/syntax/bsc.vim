" Vim syntax file
" Language:    bsc (Balanced Scorecard + OKR strategy files, compiled by bscc)
" Filenames:   *.bsc
" Reference:   docs/language.md of the bscc repository
"
" Works in Vim 8.2+/9 and Neovim 0.5+.

if exists('b:current_syntax')
  finish
endif

let s:cpo_save = &cpo
set cpo&vim

syn case match
" Identifiers: ASCII letters, digits, '_' and any non-ASCII letter
" (Vim treats code points above 255 that are letters, CJK included, as
" keyword characters).
syn iskeyword @,48-57,_,192-255

" ---- punctuation and operators ---------------------------------------------
" Defined first: items defined later win when they start at the same column,
" so `//` is a comment, not two divisions.
syn match bscOperator  "->\|\.\.\|>=\|<=\|[<>=+*/-]"
syn match bscDelimiter "[(),]"
" `kr NAME "TITLE" : UNIT ...`: the word after the colon is the unit.
syn match bscColon     ":" nextgroup=bscUnit skipwhite

" ---- literals ----------------------------------------------------------------
" 42  3.5  1e6  1_000_000  4.0%  12pp  300k  1.2M  2B (magnitudes)
syn match bscNumber "\<\d[0-9_]*\%(\.\d[0-9_]*\)\=\%([eE][+-]\=\d\+\)\=\%(%\|pp\>\|[kKMB]\>\)\="
" Periods: 2025-Q1 (quarter), 2025-H1 (half), 2025-03 (month).
syn match bscPeriod "\<\d\{4}-\%(Q[1-4]\|H[12]\|0[1-9]\|1[0-2]\)\>"
" Fiscal periods FY2025, FY2025-Q1; ISO weeks 2026-W07; dates 2026-02-12.
syn match bscPeriod "\<FY\d\{4}\%(-\%(Q[1-4]\|H[12]\)\)\=\>"
syn match bscPeriod "\<\d\{4}-W\%(0[1-9]\|[1-4]\d\|5[0-3]\)\>"
syn match bscPeriod "\<\d\{4}-\%(0[1-9]\|1[0-2]\)-\%(0[1-9]\|[12]\d\|3[01]\)\>"
" Spans of periods (lags): 1q 3m 1y 1h.
syn match bscLag    "\<\d\+[qmyh]\>"

syn keyword bscBoolean true false

syn match  bscEscape    +\\\%(["\\nt]\|u{\x\{1,6}}\)+ contained
syn match  bscBadEscape +\\\%(["\\nt]\|u{\x\{1,6}}\)\@!.\=+ contained
syn region bscString start=+"+ skip=+\\\\\|\\"+ end=+"+ oneline contains=bscEscape,bscBadEscape,@Spell

" ---- units -------------------------------------------------------------------
" The prelude's units and the built-in unit forms.  Matches, not keywords, so
" that a declaration name (`kr score ...`) is not taken for a unit.
syn match bscUnit "\<\%(count\|score\|ratio\|percent\|pp\|hours\|minutes\|seconds\|milliseconds\|days\|weeks\|months\|quarters\|years\|milestone\|boolean\)\>"
syn match bscUnit "\<\%(rating\|currency\|milestone\)\ze\s*("
" Currency codes: USD, CNY, EUR ...
syn match bscUnit "\<[A-Z]\{3}\>"
" Any unit name right after a KR's colon.
syn match bscUnit "\k\+" contained
" The denominator of a rate unit, `/` attached to its first unit:
" USD/gallon, cases/1000 people (language.md §5.1).
syn match bscUnit "\%(\k\/\%(\d[0-9_.]*[kKMB]\=\s\+\)\=\)\@<=\k\+"

" ---- keywords ----------------------------------------------------------------
syn keyword bscInclude     import
syn keyword bscDeclaration strategy actuals
syn keyword bscDeclaration objective   nextgroup=bscObjectiveName   skipwhite
syn keyword bscDeclaration kr kpi      nextgroup=bscKrName          skipwhite
syn keyword bscDeclaration initiative  nextgroup=bscInitiativeName  skipwhite
syn keyword bscDeclaration perspective nextgroup=bscPerspectiveName skipwhite
syn keyword bscDeclaration unit        nextgroup=bscUnitName        skipwhite

syn keyword bscKeyword horizon perspectives rank owner team individual level
syn keyword bscKeyword by weight from warn cost lag strength thresholds
syn keyword bscKeyword affects nextgroup=bscKrRef skipwhite
syn keyword bscKeyword forecast plan starts during every carry per close
" `fiscal year` before `starts` in a strategy (not reserved words).
syn match bscKeyword "\<fiscal\s\+year\>"
syn keyword bscKeyword contributes feeds cascade theme
syn keyword bscKeyword scored context
syn keyword bscKeyword maintain benchmark breakdown
" `± 3pp` (or `+/-`): a margin of error
syn match bscOperator "±\|+/-"
syn keyword bscKeyword cadence nextgroup=bscCadence   skipwhite
syn keyword bscKeyword limit   nextgroup=bscLimitName skipwhite
syn keyword bscKeyword in      nextgroup=bscPerspectiveRef skipwhite
syn keyword bscKeyword aligns supports nextgroup=bscObjectiveRef skipwhite
syn keyword bscModifier company committed aspirational compensation
syn keyword bscModifier increase decrease relative
" `step` is a modifier only right after `plan` (not a reserved word).
syn match bscModifier "\(\<plan\s\+\)\@<=step\>"
" An initiative's tracking words at the start of a line, the statuses after
" `status`, and `done` after a milestone's due period (language.md §10.2;
" words of that place, not reserved).
syn match bscKeyword "^\s*\zs\(status\|spent\|complete\|milestone\)\ze\s"
syn match bscModifier "\(\<status\s\+\)\@<=\(planned\|in_progress\|done\|on_hold\|cancelled\)\>"
syn match bscModifier "\(\d\s\+\)\@<=done\>"

" Names being declared, and names in a keyword's slot.
syn match bscObjectiveName   "\k\+" contained
syn match bscKrName          "\k\+" contained
syn match bscInitiativeName  "\k\+" contained
syn match bscPerspectiveName "\k\+" contained
syn match bscUnitName        "\k\+" contained
syn match bscPerspectiveRef  "\k\+" contained
" `supports a, b, c`: every name of the list
syn match bscObjectiveRef    "\k\+" contained nextgroup=bscRefComma skipwhite
syn match bscRefComma        "," contained nextgroup=bscObjectiveRef skipwhite
syn match bscKrRef           "\k\+" contained
syn match bscLimitName       "\k\+" contained
syn keyword bscCadence quarter month year half contained

" Names in reference positions that no keyword precedes (the language
" server's semantic tokens say what each one names; these say where a
" name is expected):
" both ends of a causal link `a -> b`,
syn match bscLinkRef "^\s*\zs\%(\d\)\@!\k\+\ze\s*->"
syn match bscLinkRef "\%(^\s*\%(\d\)\@!\k\+\s*->\s*\)\@<=\k\+"
" a check-in `name VALUE` (keywords win over it: `cost 1_200_000`),
syn match bscCheckinRef "^\s*\zs\%(\d\)\@!\k\+\ze\s\+\%([-+.]\=\d\|\%(true\|false\)\>\)"
" the KRs and KPIs a formula `= a + b` reads (not `<=`/`>=`, not a function),
syn match bscFormulaRef "\%(^\s*\%(kr\|kpi\)\>[^=]*[^<>=]=[^=]*\)\@<=\<\%(\d\)\@!\k\+\>\%(\s*(\)\@!"

" Words with a meaning only in their place.
syn match bscThreshold "\<\%(green\|yellow\)\>\ze\s\+\d"
" functions of formulas and the distributions of `forecast` (language.md 10.1)
syn match bscFunction  "\<\%(min\|max\|abs\|avg\|normal\|lognormal\|uniform\|triangular\|pert\|beta\|bernoulli\)\ze\s*("

" ---- comments ----------------------------------------------------------------
syn keyword bscTodo TODO FIXME XXX NOTE contained
syn region bscLineComment  start="//"   end="$"    keepend contains=bscTodo,@Spell
syn region bscBlockComment start="/\*"  end="\*/"  contains=bscTodo,@Spell fold extend

" Blocks, for foldmethod=syntax.  Transparent: their contents highlight as at
" top level.
syn region bscBlock matchgroup=bscBrace start="{" end="}" transparent fold

" the perspectives of the strategy's `perspectives { financial 25% ... }`
" (defined after bscBlock: at the same `{` it wins)
syn region bscPerspList matchgroup=bscBrace start="\%(\<perspectives\s*\)\@<={" end="}"
      \ contains=bscNumber,bscPerspListRef,bscLineComment,bscBlockComment fold
syn match bscPerspListRef "\<\%(\d\)\@!\k\+" contained

syn sync ccomment bscBlockComment minlines=30

" ---- default highlighting ----------------------------------------------------
hi def link bscLineComment     Comment
hi def link bscBlockComment    Comment
hi def link bscTodo            Todo
hi def link bscString          String
hi def link bscEscape          SpecialChar
hi def link bscBadEscape       Error
hi def link bscNumber          Number
hi def link bscPeriod          Constant
hi def link bscLag             Constant
hi def link bscBoolean         Boolean
hi def link bscOperator        Operator
hi def link bscDelimiter       Delimiter
hi def link bscColon           Delimiter
hi def link bscBrace           Delimiter
hi def link bscInclude         Include
hi def link bscDeclaration     Structure
hi def link bscKeyword         Keyword
hi def link bscModifier        StorageClass
hi def link bscUnit            Type
hi def link bscUnitName        Type
hi def link bscObjectiveName   Function
hi def link bscKrName          Identifier
hi def link bscInitiativeName  Function
hi def link bscPerspectiveName Constant
hi def link bscPerspectiveRef  Constant
hi def link bscObjectiveRef    Identifier
hi def link bscKrRef           Identifier
hi def link bscLinkRef         Identifier
hi def link bscCheckinRef      Identifier
hi def link bscFormulaRef      Identifier
hi def link bscPerspListRef    Constant
hi def link bscLimitName       Identifier
hi def link bscCadence         Constant
hi def link bscThreshold       Constant
hi def link bscFunction        Function

let b:current_syntax = 'bsc'

let &cpo = s:cpo_save
unlet s:cpo_save
