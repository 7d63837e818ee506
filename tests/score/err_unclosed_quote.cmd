score tests/score/data/rules.bsc --data tests/score/data/unclosed_quote.csv
