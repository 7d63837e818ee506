report examples/quickstart.bsc --frobnicate -o /dev/null
