report tests/report/data/two_currencies.bsc --sim-run -o /dev/null
