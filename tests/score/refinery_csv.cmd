score examples/refinery.bsc --format=csv
