score tests/score/data/rules.bsc --overachieve=0.5
