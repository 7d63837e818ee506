report examples/quickstart.bsc --sim examples/data/toymaker.csv -o /dev/null
