score tests/score/data/rules.bsc --data tests/score/data/no_such_file.csv
