report examples/quickstart.bsc --budget 3M -o /dev/null
