score examples/fusion/interactive.bsc --as-of 2025-Q2 --format=json
