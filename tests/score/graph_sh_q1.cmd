graph examples/smart_hardware/strategy.bsc --as-of 2025-Q1
