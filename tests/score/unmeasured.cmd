score tests/check/W060_unmeasured.bsc
