# A calculated key result takes no check-in (E095): on the command line,
# in a --csv batch (nothing of it is stored) and from --import; an actuals
# file may still give it a value, which wins over the formula.
cat > calc.bsc <<'BSC'
strategy "Calculated" {
  horizon 2025-Q1 .. 2025-Q4
  perspectives { financial 100% }
  store "calc.db"
}
objective o "Sell online" in financial {
  kr revenue : USD 100 -> 200
  kr online  : USD 10 -> 50
  kr share   : percent 10% -> 25% = online / revenue
  kpi gap    : USD <= 150 = revenue - online
}
BSC
cp calc.bsc blocks.bsc && printf 'actuals 2025-Q1 {\n  online 20\n  share 12%%\n}\n' >> blocks.bsc
"$BSCC" checkin calc.bsc share 40% --period 2025-Q2; echo "exit: $?"
printf 'period,kr,value\n2025-Q2,online,30\n2025-Q2,gap,90\n' > b.csv
"$BSCC" checkin calc.bsc --csv b.csv; echo "exit: $?"
"$BSCC" checkin blocks.bsc --import; echo "exit: $?"
ls calc.db 2>&1
"$BSCC" checkin calc.bsc online 30 --period 2025-Q2; echo "exit: $?"
printf 'period,kr,value\n2025-Q2,share,35%%\n' > s.csv
"$BSCC" score calc.bsc --data s.csv --as-of 2025-Q2 --format=json | jq -c '.krs[] | select(.id == "share") | {id, value, source}'
