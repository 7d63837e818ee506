score examples/city_fiscal/strategy.bsc --data tests/score/data/fiscal_calendar.csv
