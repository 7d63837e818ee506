score examples/survey_quarterly.bsc --as-of 2026-Q2 --format=json
