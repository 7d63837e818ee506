# A check-in for a closed period is stored, with W016: the closed grade
# stands (docs/semantics.md §6.8); the scorecard read from the store shows
# it, and warns again.
S=examples/okr_close/strategy.bsc
"$BSCC" checkin $S --store c.db nps 37 --period 2025-Q1 --who cto; echo "exit: $?"
printf 'period,kr,value\n2025-Q2,nps,35\n' | "$BSCC" checkin $S --store c.db --csv - --who cto; echo "exit: $?"
"$BSCC" score $S --store c.db --as-of 2025-Q1; echo "exit: $?"
