score tests/score/data/rules.bsc --data tests/score/data/bom_crlf.csv
