score examples/airline/stations.bsc --format=csv
