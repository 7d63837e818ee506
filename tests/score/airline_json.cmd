score examples/airline/strategy.bsc --format=json
