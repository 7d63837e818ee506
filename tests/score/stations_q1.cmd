score examples/airline/stations.bsc --as-of 2025-Q1
