score tests/score/data/rules.bsc --data tests/score/data/rules_q3.csv --overachieve=100
