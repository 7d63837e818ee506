report examples/quickstart.bsc --sim tests/report/data/city_sim.json -o /dev/null
