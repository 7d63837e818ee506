score examples/smart_hardware/strategy.bsc
