score tests/score/data/rules.bsc --data tests/score/data/binary.csv
