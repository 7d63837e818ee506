score tests/score/data/rules.bsc --data tests/score/data/bad_rows.csv --max-errors=2
