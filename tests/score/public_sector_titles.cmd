score tests/check/W062_ok.bsc
