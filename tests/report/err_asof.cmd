report examples/quickstart.bsc --as-of 2031-Q1 -o /dev/null
