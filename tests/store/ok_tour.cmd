# The README's tour: a check-in, a correction, a batch, the history, the
# export and a scorecard that reads the store.
S=examples/checkins/strategy.bsc
"$BSCC" checkin $S --store c.db revenue 10_400_000 --period 2025-Q1 --confidence 7 --note "two big deals slipped" --who cfo; echo "exit: $?"
"$BSCC" checkin $S --store c.db revenue 10.6e6USD --period 2025-Q1 --confidence 5 --note "one deal came back, one is lost" --who cfo; echo "exit: $?"
"$BSCC" checkin $S --store c.db --csv examples/checkins/week.csv; echo "exit: $?"
"$BSCC" checkin $S --store c.db late "20 days" --period 2025-Q2 > o.txt 2>&1; echo "exit: $?"; head -3 o.txt
"$BSCC" checkin $S --store c.db revenue 10_900_000 --period 2025-Q2 --confidence 4 --note "the pipeline for Q3 is thin" --who cfo; echo "exit: $?"
"$BSCC" checkin --store c.db --history revenue; echo "exit: $?"
"$BSCC" checkin --store c.db --export csv --current; echo "exit: $?"
"$BSCC" score $S --store c.db; echo "exit: $?"
"$BSCC" score $S --store c.db --format=json | jq -c '.krs[] | select(.id == "revenue") | {id, value, confidence, note}'
"$BSCC" score $S --store c.db --format=json | jq -c '.calibration[] | select(.kind == "confidence")'
"$BSCC" graph $S --store c.db > /dev/null; echo "graph exit: $?"
"$BSCC" sim $S --store c.db --samples 200 --seed 1 > /dev/null; echo "sim exit: $?"
# (a copy, so that the store it names, checkins.db beside it, is this folder's)
cp $S s.bsc && "$BSCC" checkin --store c.db --export csv --current > cur.csv && "$BSCC" score s.bsc --data cur.csv --format=csv | head -8; echo "exit: $?"
