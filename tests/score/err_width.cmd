score examples/quickstart.bsc --width 5
