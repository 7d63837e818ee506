# ports.sh - sourced by the benchmark scripts: ports N writes a portfolio
# CSV of N portfolios of the smart-hardware example; portfolio p funds
# initiative i when bit i of p is set (so N = 16 is every distinct subset).
ports() {
  awk -v n="$1" 'BEGIN {
    split("反饋管道 投訴分流系統 專家認證計劃 適老化設計", I, " ")
    print "name,initiatives"
    for (p = 0; p < n; p++) {
      s = ""
      for (i = 0; i < 4; i++) if (int(p / 2^i) % 2) s = s (s == "" ? "" : ";") I[i + 1]
      printf "p%d,%s\n", p, s
    }
  }'
}
