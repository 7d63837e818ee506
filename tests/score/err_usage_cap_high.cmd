score tests/score/data/rules.bsc --overachieve=100.5
