score examples/quickstart.bsc --color=always
