" .bsc: Balanced Scorecard + OKR strategy files (bscc).
autocmd BufNewFile,BufRead *.bsc setfiletype bsc
