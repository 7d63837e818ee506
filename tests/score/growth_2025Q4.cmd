score examples/growth.bsc --as-of 2025-Q4
