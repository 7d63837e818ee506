score examples/okr_weekly/strategy.bsc --data examples/okr_weekly/checkins.csv --as-of 2026-02 --format=csv
