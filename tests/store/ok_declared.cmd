# The strategy names its store (`store "checkins.db"`, examples/checkins):
# no --store is needed, the path is relative to the strategy file (not to
# the current folder), a store not created yet holds no check-ins (a
# note), and --store overrides the strategy's (and must exist).
mkdir s && cp examples/checkins/strategy.bsc examples/checkins/week.csv s/
"$BSCC" score s/strategy.bsc > o.txt 2>&1; echo "exit: $?"; grep note o.txt; grep -v note o.txt | head -2
"$BSCC" checkin s/strategy.bsc revenue 10_400_000 --period 2025-Q1 --confidence 7 --who cfo; echo "exit: $?"
"$BSCC" checkin s/strategy.bsc --csv s/week.csv; echo "exit: $?"
ls s
"$BSCC" checkin s/strategy.bsc --history revenue; echo "exit: $?"
"$BSCC" score s/strategy.bsc --format=json | jq -c '.krs[] | select(.id == "revenue") | {id, value, confidence}'
(cd s && "$BSCC" score strategy.bsc --format=csv | head -3)
"$BSCC" graph s/strategy.bsc > /dev/null; echo "graph exit: $?"
"$BSCC" sim s/strategy.bsc --samples 100 --seed 1 > /dev/null; echo "sim exit: $?"
"$BSCC" score s/strategy.bsc --store other.db; echo "exit: $?"
"$BSCC" checkin s/strategy.bsc --store other.db margin 12% --period 2025-Q1; echo "exit: $?"
"$BSCC" checkin --store other.db --history; echo "exit: $?"
"$BSCC" checkin s/strategy.bsc --history margin; echo "exit: $?"
"$BSCC" checkin --history margin; echo "exit: $?"
