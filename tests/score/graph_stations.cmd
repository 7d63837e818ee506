graph examples/airline/stations.bsc
