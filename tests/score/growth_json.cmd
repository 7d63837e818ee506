score examples/growth.bsc --format=json
