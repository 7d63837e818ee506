report examples/growth.bsc --sim-run -o /dev/null
