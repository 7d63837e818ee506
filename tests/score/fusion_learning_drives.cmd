score examples/fusion/learning_drives.bsc --as-of 2025-Q2
