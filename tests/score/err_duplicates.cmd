score tests/score/data/rules.bsc --data tests/score/data/dup_a.csv --data tests/score/data/dup_b.csv
