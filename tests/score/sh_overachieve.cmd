score examples/smart_hardware/strategy.bsc --overachieve=1.5
