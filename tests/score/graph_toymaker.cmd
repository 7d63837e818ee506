graph examples/toymaker.bsc --data examples/data/toymaker.csv
