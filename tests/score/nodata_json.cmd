score tests/score/data/nodata.bsc --format=json
