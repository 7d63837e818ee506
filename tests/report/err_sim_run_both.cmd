report examples/quickstart.bsc --sim tests/report/data/city_sim.json --sim-run -o /dev/null
