score examples/fusion/map_sets_okrs.bsc --as-of 2025-Q2
