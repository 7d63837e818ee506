score tests/score/data/rules.bsc --data tests/score/data/utf16.csv
