score tests/score/data/rules.bsc --data tests/score/data/empty.csv
