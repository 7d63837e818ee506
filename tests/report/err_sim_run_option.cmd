report examples/quickstart.bsc --sim-run --samples 0 -o /dev/null
