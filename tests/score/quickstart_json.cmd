score examples/quickstart.bsc --format=json
