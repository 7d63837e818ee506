#!/bin/sh
# genport.sh SIMDRV SEED NINITS - a generated model (tests/sim/genmodel.h)
# with NINITS more initiatives appended, each of very different cost to
# evaluate: initiative x_j affects 1 + j % 6 of the model's range KRs
# (relative effects, some lagged, some uncertain), so that portfolios
# differ in work as funding levels do.  Beyond 20 initiatives `bscc sim
# --budget` searches instead of enumerating.
set -eu
DRV=$1 SEED=$2 N=$3
$DRV gen "$SEED"
krs=$($DRV gen "$SEED" | sed -n 's/^  kr \(k[0-9]*\) : [^=]*->.*/\1/p' | tr '\n' ' ')
[ -n "$krs" ] || exit 0
set -- $krs
nk=$#
j=0
while [ $j -lt "$N" ]; do
  printf '\ninitiative x%d "Extra %d" {\n  cost %d USD\n' $j $j $(( (j * 7919 % 23 + 1) * 10000 ))
  e=0
  while [ $e -le $(( j % 6 )) ]; do
    k=$(( (j * 5 + e * 3) % nk + 1 ))
    eval kr=\${$k}
    case $(( (j + e) % 3 )) in
      0) printf '  affects %s by %s relative\n' "$kr" "0.0$(( j % 9 + 1 ))" ;;
      1) printf '  affects %s by uniform(0.01, 0.0%d) relative lag 1q\n' "$kr" $(( e % 8 + 2 )) ;;
      2) printf '  affects %s by triangular(-0.01, 0.02, 0.05) relative\n' "$kr" ;;
    esac
    e=$((e + 1))
  done
  printf '}\n'
  j=$((j + 1))
done
