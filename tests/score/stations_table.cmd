score examples/airline/stations.bsc
