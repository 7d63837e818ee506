score tests/score/data/rules.bsc
