score examples/okr_weekly/strategy.bsc --data tests/score/data/weeks_bad.csv
