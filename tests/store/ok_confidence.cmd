# A fall in confidence (docs/store.md, "Confidence"): the two latest
# periods whose current check-in gives one, up to the as-of period.
S=examples/checkins/strategy.bsc
c() { "$BSCC" checkin $S --store c.db "$@" > /dev/null || echo "refused: $*"; }
c repeat 21% --period 2025-Q1 --confidence 6
c repeat 23% --period 2025-Q2 --confidence 6          # equal: not a fall
c late 7% --period 2025-Q1 --confidence 8
c late 6% --period 2025-Q2                             # no confidence: skipped
c late 6.5% --period 2025-Q3 --confidence 3 --note "carrier strike"   # 8 -> 3: a fall
c margin 11% --period 2025-Q1 --confidence 7
c margin 10.5% --period 2025-Q1 --confidence 3         # a correction: Q1 is now 3
c margin 11% --period 2025-Q2 --confidence 3           # 3 -> 3: not a fall
c revenue 10_500_000 --period 2025-Q2 --confidence 9
c revenue 10_700_000 --period 2025-Q3 --confidence 8   # 9 -> 8: a fall
"$BSCC" score $S --store c.db | sed -n '/^Dynamic calibration/,$p'
"$BSCC" score $S --store c.db --format=json | jq -c '.calibration[] | select(.kind == "confidence") | [.id, .periods, .confidences]'
echo "-- as of 2025-Q2 only repeat and margin have two; neither fell"
"$BSCC" score $S --store c.db --as-of 2025-Q2 --format=json | jq -c '[.calibration[] | select(.kind == "confidence")] | length'
"$BSCC" score $S --store c.db --as-of 2025-Q2 --format=csv | grep ',kr,late,'
