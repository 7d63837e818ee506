score tests/score/data/rules.bsc --format=xml
