score examples/airline/stations.bsc --format=json
