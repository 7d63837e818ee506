score tests/score/data/rules.bsc --data tests/score/data/rules_q3.csv --format=json
