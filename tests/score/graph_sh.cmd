graph examples/smart_hardware/strategy.bsc
