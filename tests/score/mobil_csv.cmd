score examples/mobil.bsc --format=csv
