score tests/score/data/rules.bsc --data tests/score/data/stray_quote.csv
