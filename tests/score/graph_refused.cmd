graph tests/score/data/refused.bsc
