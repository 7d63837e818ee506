score examples/quickstart.bsc --format=csv
