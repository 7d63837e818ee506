score tests/score/data/rules.bsc --data tests/score/data/too_large.csv
