score tests/score/data/rules.bsc --data tests/score/data/blank_lines.csv
