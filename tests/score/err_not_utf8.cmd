score tests/score/data/rules.bsc --data tests/score/data/not_utf8.csv
