score tests/score/data/rules.bsc --as-of 2025-Q9
