score tests/score/data/overflow.bsc
