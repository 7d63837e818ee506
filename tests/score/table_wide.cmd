score examples/smart_hardware/strategy.bsc --data examples/data/smart_hardware.csv --wide
