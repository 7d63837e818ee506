score tests/score/data/rules.bsc --overachieve=1
