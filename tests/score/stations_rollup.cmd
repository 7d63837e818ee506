score examples/airline/stations.bsc --rollup
