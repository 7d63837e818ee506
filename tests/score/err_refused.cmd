score tests/score/data/refused.bsc
