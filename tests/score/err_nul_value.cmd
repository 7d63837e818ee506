score tests/score/data/rules.bsc --data tests/score/data/nul_value.csv
