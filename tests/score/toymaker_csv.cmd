score examples/toymaker.bsc --data examples/data/toymaker.csv --format=csv
