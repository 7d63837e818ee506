report examples/quickstart.bsc --sim tests/report/data/sim_v1.json -o /dev/null
