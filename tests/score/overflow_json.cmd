score tests/score/data/overflow.bsc --format=json
