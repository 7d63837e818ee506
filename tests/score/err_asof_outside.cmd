score tests/score/data/rules.bsc --as-of 2026-Q1
