#!/bin/sh
# gen_company.sh N - prints a generated company strategy with N objectives
# and 4 KRs each, spread over the four perspectives, with teams aligned to
# company objectives and causal links up the strategy map.  It checks
# clean, so the benchmark measures the normal path, not error reporting.
N=${1:-1000}
awk -v n="$N" 'BEGIN {
  print "strategy \"Generated\" {"
  print "  horizon 2025-Q1 .. 2025-Q4"
  print "  perspectives { financial 25%  customer 25%  process 25%  learning 25% }"
  print "  limit objectives_per_owner 1000000"
  print "}"
  split("learning process customer financial", P, " ")
  split("percent hours count score", U, " ")
  # Company objectives: the first quarter of them, in the four perspectives.
  nc = int(n / 16) * 4; if (nc < 4) nc = 4; if (nc > n) nc = n
  for (i = 0; i < n; i++) {
    if (i < nc) {
      p = P[(i % 4) + 1]
      printf "objective o%d \"Objective %d\" in %s {\n  owner \"Owner %d\"\n", i, i, p, i % 997
    } else {
      printf "objective o%d \"Team objective %d\" {\n  team \"Team %d\"  aligns o%d\n", i, i, i % 499, i % nc
    }
    for (k = 0; k < 4; k++) {
      u = U[k + 1]
      if (u == "percent") printf "  kr k%d_%d : percent %d%% -> %d%% by 2025-Q4\n", i, k, 10 + k, 20 + k
      else if (u == "hours") printf "  kr k%d_%d : hours %d -> %d\n", i, k, 72, 24 + k
      else if (u == "count") printf "  kr k%d_%d : count 0 -> %d weight 2\n", i, k, 10 + k
      else printf "  kr k%d_%d : score 60 -> %d\n", i, k, 70 + k
    }
    print "}"
    # Links from each company objective to one a rank above.
    if (i < nc && (i % 4) < 3 && i + 1 < nc) printf "o%d -> o%d strength 0.5 lag 1q\n", i, i + 1
  }
}'
