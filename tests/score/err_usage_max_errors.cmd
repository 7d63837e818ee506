score tests/score/data/rules.bsc --max-errors=many
