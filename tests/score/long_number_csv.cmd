score tests/score/data/rules.bsc --data tests/score/data/long_number.csv --format=csv
