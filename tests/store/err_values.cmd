# Every refusal of an actuals row, for a check-in on the command line:
# located in the arguments, and nothing is stored (the store is not even
# created).
S=examples/checkins/strategy.bsc
"$BSCC" checkin $S --store c.db revenu 10 --period 2025-Q1; echo "exit: $?"
"$BSCC" checkin $S --store c.db grow 10 --period 2025-Q1; echo "exit: $?"
"$BSCC" checkin $S --store c.db revenue 10% --period 2025-Q1; echo "exit: $?"
"$BSCC" checkin $S --store c.db margin 12pp --period 2025-Q1; echo "exit: $?"
"$BSCC" checkin $S --store c.db margin 12% --period 2026-Q1; echo "exit: $?"
"$BSCC" checkin $S --store c.db margin 12% --period 2025; echo "exit: $?"
"$BSCC" checkin $S --store c.db margin 12% --period 2025-Q5; echo "exit: $?"
"$BSCC" checkin $S --store c.db csat 6 --period 2025-Q1; echo "exit: $?"
"$BSCC" checkin $S --store c.db interviews 5 --period 2025-Q1; echo "exit: $?"
"$BSCC" checkin $S --store c.db margin lots --period 2025-Q1; echo "exit: $?"
"$BSCC" checkin $S --store c.db margin 12% --period 2025-Q1 --confidence 11; echo "exit: $?"
"$BSCC" checkin $S --store c.db margin 12% --period 2025-Q1 --confidence high; echo "exit: $?"
"$BSCC" checkin $S --store c.db margin 12% --period 2025-Q1 --note "$(awk 'BEGIN { for (i = 0; i < 2001; i++) printf "x" }')" > o.txt 2>&1; echo "exit: $?"; cut -c1-100 o.txt
ls c.db 2>&1
