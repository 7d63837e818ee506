score tests/score/data/no_such_file.bsc
