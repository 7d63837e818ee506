# A batch with bad rows stores nothing, and says where each problem is.
S=examples/checkins/strategy.bsc
"$BSCC" checkin $S --store c.db --csv examples/checkins/week.csv > /dev/null; echo "exit: $?"
"$BSCC" checkin $S --store c.db --csv tests/store/data/bad_batch.csv; echo "exit: $?"
"$BSCC" checkin $S --store c.db --csv tests/store/data/bad_header.csv; echo "exit: $?"
"$BSCC" checkin $S --store c.db --csv tests/store/data/nope.csv; echo "exit: $?"
"$BSCC" checkin --store c.db --export csv | wc -l; echo "exit: $?"
