score tests/score/data/rules.bsc --data tests/score/data/bad_header.csv
