score examples/mobil.bsc --format=json
