score tests/score/data/nodata.bsc
