# Values are converted into the measure's unit, as in an actuals file;
# a rating on its scale; stdin as a batch; --import of `actuals` blocks.
S=examples/checkins/strategy.bsc
"$BSCC" checkin $S --store c.db margin 11.5 --period 2025-Q1; echo "exit: $?"
"$BSCC" checkin $S --store c.db csat 4.5 --period 2025-Q1 --confidence 10; echo "exit: $?"
printf 'period,kr,value,unit\n2025-Q2,revenue,11000000,USD\n2025-Q2,repeat,24,%%\n' | "$BSCC" checkin $S --store c.db --csv -; echo "exit: $?"
printf 'period,kr,value\n2025-Q2,repeat,25%%\n' | "$BSCC" checkin $S --store c.db --csv - --who ana; echo "exit: $?"
"$BSCC" checkin examples/quickstart.bsc --store q.db --import; echo "exit: $?"
"$BSCC" checkin --store q.db --history cycle; echo "exit: $?"
"$BSCC" checkin --store c.db --history; echo "exit: $?"
