score examples/survey_quarterly.bsc --as-of 2025-Q3
