graph tests/score/data/graph_flat_label.bsc
