#!/bin/sh
# genmap.sh SEED [OBJECTIVES [LINKS]] - writes to stdout a random but valid
# strategy map (.bsc) for stressing `bscc graph`: objectives spread over the
# four perspectives (some perspectives dense, some nearly empty), team and
# individual objectives aligned to company ones (contributing or supporting, sometimes to two), strategic themes, long Chinese titles and
# long wrapped English ones, links forward, backward (W001) and between
# objectives of one perspective, some lagged, some negative.  The same SEED
# always writes the same map.  Defaults: 16 objectives, 24 links.
#
#   tests/graph/genmap.sh 7 > /tmp/m.bsc && bscc graph --format=svg /tmp/m.bsc
#
# Links with lag 0 only run from a lower-numbered objective to a higher
# one, so there is never an algebraic loop (E060); every other link has a
# lag.  tests/graph/stress.sh runs bscc on many of these.
seed=${1:?usage: genmap.sh SEED [OBJECTIVES [LINKS]]}
exec awk -v seed="$seed" -v nobj="${2:-16}" -v nlink="${3:-24}" '
function pick(n) { return int(rand() * n) }
function cjk(n,   s, i) {
  s = ""
  for (i = 0; i < n; i++) s = s substr(HAN, 1 + 3 * pick(HANLEN), 3)
  return s
}
function words(n,   s, i) {
  s = WORD[pick(NW)]
  for (i = 1; i < n; i++) s = s " " WORD[pick(NW)]
  return s
}
function title(k) {
  k = pick(5)
  if (k == 0) return cjk(4 + pick(30))
  if (k == 1) return cjk(3 + pick(12)) " " words(1 + pick(6))
  if (k == 2) return words(1 + pick(14))
  if (k == 3) return cjk(2 + pick(8)) "「" cjk(2 + pick(6)) "」" words(pick(3) + 1)
  return words(1 + pick(3)) " \\\"" words(1 + pick(2)) "\\\" " cjk(pick(10))
}
BEGIN {
  srand(seed)
  HAN = "營收結構智能硬件佔比提升客戶淨推薦值滿意度研發迭代週期縮短用戶研究專家認證打破部門牆協作文化服務響應時效達標"
  HANLEN = length(HAN) / 3
  if (HANLEN != int(HANLEN)) HANLEN = 40
  NW = split("grow the share of revenue customers recommend us ship faster build user research expertise cross department collaboration reduce churn premium attach rate", WORD)
  for (i = 1; i <= NW; i++) WORD[i - 1] = WORD[i]
  split("learning process customer financial", P)
  print "strategy \"" title() "\" {"
  print "  horizon 2025-Q1 .. 2025-Q4"
  print "  cadence quarter"
  print "  perspectives { financial 25%  customer 35%  process 20%  learning 20% }"
  print "}"
  # weights of the perspectives for this map: some dense, some sparse
  for (p = 1; p <= 4; p++) W[p] = 1 + pick(8)
  tw = W[1] + W[2] + W[3] + W[4]
  ncomp = 0
  for (i = 0; i < nobj; i++) {
    team = (ncomp > 0 && pick(3) == 0)
    print ""
    if (team) {
      par = COMP[pick(ncomp)]
      printf "objective o%d \"%s\" {\n", i, title()
      if (pick(4) == 0) printf "  individual \"person %d\"\n", i
      else printf "  team \"team %d %s\"\n", i, cjk(2)
      # contributions (semantics.md §5.1): a mode, sometimes a second parent
      split(" contributes| contributes 2| supports|", MODE, "|")
      printf "  aligns o%d%s", par, MODE[1 + pick(4)]
      par2 = COMP[pick(ncomp)]
      if (par2 != par && pick(3) == 0) printf ", o%d%s", par2, MODE[1 + pick(4)]
      printf "\n"
      PER[i] = PER[par]
    } else {
      r = pick(tw); p = 1
      while (r >= W[p]) { r -= W[p]; p++ }
      printf "objective o%d \"%s\" in %s {\n", i, title(), P[p]
      printf "  owner \"owner %d\"\n", i
      COMP[ncomp++] = i
      PER[i] = p
    }
    printf "  kr k%d \"%s\" : percent %d%% -> %d%%\n", i, title(), 10 + pick(20), 50 + pick(40)
    print "}"
  }
  # strategic themes: up to two, each naming distinct objectives
  nth = pick(3)
  for (t = 0; t < nth; t++) {
    printf "\ntheme th%d \"%s\" {\n", t, title()
    delete INTH
    for (j = 0; j < 1 + pick(4); j++) {
      o = pick(nobj)
      if (o in INTH) continue
      INTH[o] = 1
      if (pick(3) == 0) printf "  o%d %d\n", o, 1 + pick(3)
      else printf "  o%d\n", o
    }
    print "}"
  }
  print ""
  nl = 0
  for (t = 0; nl < nlink && t < nlink * 20; t++) {
    a = pick(nobj); b = pick(nobj)
    if (a == b || ((a, b) in SEEN)) continue
    SEEN[a, b] = 1
    lag = pick(3)
    if (a > b && lag == 0) lag = 1
    s = (pick(6) == 0 ? "-" : "") "0." (1 + pick(9))
    if (lag > 0) printf "o%d -> o%d  strength %s  lag %dq\n", a, b, s, lag
    else printf "o%d -> o%d  strength %s  lag 0\n", a, b, s
    nl++
  }
}'
