graph tests/score/data/nodata.bsc
