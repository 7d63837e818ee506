#!/bin/sh
# mpi_bench.sh BUILD - bscc-mpi on this machine (make bench-mpi;
# bench/README.md, "bscc sim across MPI ranks"):
#   strong scaling  one exhaustive run (32,768 portfolios x 200 samples,
#                   the JIT from a warm cache) on 1, 2 and 4 ranks;
#   weak scaling    1,024 portfolios x 400 samples per rank;
#   the cost model  the serial parts of a run measured one by one (mpirun's
#                   start, the gather at rank 0 per job and per byte, the
#                   ranking and output per portfolio), the model's
#                   prediction for 1, 2 and 4 ranks against the measured
#                   times, then for 64 and 1,024 ranks.
# Best of REPS (3) wall times.  The machine's cores are `nproc`; more ranks
# than cores are oversubscribed (noted), so wall times there measure
# sharing, not scaling; the CPU seconds summed over ranks and the load
# balance (max/mean per rank, CPU) hold either way.
set -eu
B=${1:-build}
REPS=${REPS:-3}
BSCC=$B/bscc MPI=$B/bscc-mpi DRV=$B/simdrv
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
[ "$(id -u)" = 0 ] && export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_pml=ob1 OMPI_MCA_btl=self,vader
CORES=$(nproc)
sh tests/mpi/genport.sh "$DRV" 8 14 > "$T/strong.bsc"     # 15 initiatives: 32,768 portfolios
sh tests/mpi/genport.sh "$DRV" 8 9 > "$T/weak.bsc"        # 10 initiatives: 1,024 portfolios
CACHE="--cache-dir $T/cache --engine=jit"
$BSCC sim "$T/strong.bsc" --budget 100M --samples 10 $CACHE > /dev/null    # compile once: the cache
$BSCC sim "$T/weak.bsc" --budget 100M --samples 10 $CACHE > /dev/null

now() { date +%s.%N; }
# timed N ARGS: best wall of REPS runs of bscc-mpi (N > 0) or bscc --threads 1
# (N = 0); sets wall, cpu (summed over ranks), bal (CPU max/mean), gsec,
# gjobs, gbytes (rank 0's gathering) and run (the run's seconds)
timed() {
  n=$1; shift
  wall=999999
  for r in $(seq "$REPS"); do
    t0=$(now)
    if [ "$n" = 0 ]; then $BSCC sim "$@" --threads 1 --verbose -o "$T/out" 2> "$T/err"
    else timeout 600 mpirun --oversubscribe -n "$n" "$MPI" sim "$@" --verbose -o "$T/out" 2> "$T/err"; fi
    w=$(echo "$(now) - $t0" | bc -l)
    if [ "$(echo "$w < $wall" | bc -l)" = 1 ]; then wall=$w; cp "$T/err" "$T/best"; fi
  done
  cpu=$(awk '/^bscc-mpi: cpu/ { s = 0; for (i = 4; i <= NF - 2; i++) s += $i; print s }' "$T/best")
  bal=$(awk '/^bscc-mpi: cpu/ { print $NF }' "$T/best")
  gsec=$(awk '/^bscc-mpi: rank 0:/ { print $4 }' "$T/best")
  gjobs=$(awk '/^bscc-mpi: rank 0:/ { print $8 }' "$T/best")
  gbytes=$(awk '/^bscc-mpi: rank 0:/ { print $12 }' "$T/best")
  run=$(awk '/^bscc sim: engine/ { print $(NF - 1) }' "$T/best")
  : "${cpu:=-}" "${bal:=-}" "${gsec:=0}" "${gjobs:=0}" "${gbytes:=0}"
}
note() { [ "$1" -gt "$CORES" ] && echo " (oversubscribed: $1 ranks on $CORES cores)" || echo; }

echo "bscc-mpi on $CORES cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the start"
echo
echo "## strong scaling: 32,768 portfolios x 200 samples (jit)"
printf '%-16s %8s %8s %9s %10s %12s\n' ranks "wall s" speedup "CPU s" "CPU bal" "gather s"
timed 0 "$T/strong.bsc" --budget 100M --samples 200 $CACHE
w1=$wall
printf '%-16s %8.3f %8s %9s %10s %12s\n' "bscc (1 thread)" "$wall" 1.00 - - -
for n in 1 2 4; do
  timed "$n" "$T/strong.bsc" --budget 100M --samples 200 $CACHE
  [ "$n" = 1 ] && { m_run=$run; m_cpu=$cpu; }
  [ "$n" = 4 ] && { g4sec=$gsec; g4jobs=$gjobs; g4bytes=$gbytes; }
  eval "sw$n=$wall"
  printf '%-16s %8.3f %8.2f %9s %10s %12s' "$n" "$wall" "$(echo "$w1 / $wall" | bc -l)" "$cpu" "$bal" "$gsec"
  note "$n"
done
echo
echo "## weak scaling: 1,024 portfolios x 400 samples per rank (jit)"
printf '%-16s %8s %10s %9s %10s\n' ranks "wall s" efficiency "CPU s" "CPU bal"
for n in 1 2 4; do
  timed "$n" "$T/weak.bsc" --budget 100M --samples $((400 * n)) $CACHE
  [ "$n" = 1 ] && ww1=$wall
  printf '%-16s %8.3f %10.2f %9s %10s' "$n" "$wall" "$(echo "$ww1 / $wall" | bc -l)" "$cpu" "$bal"
  note "$n"
done

echo
echo "## the serial parts, measured"
# mpirun and MPI_Init: a run with nothing to compute
for n in 1 2 4; do timed "$n" examples/retailer.bsc --samples 1; eval "st$n=$wall"; done
start_log=$(echo "$st2 - $st1" | bc -l)     # 1 -> 2 ranks, each on its own core
# ranking, sensitivity and output: the same 32,768 portfolios with 1
# sample, less a small model's run, in CPU seconds (user + system: what
# the machine's other load does not inflate)
cputime() { /usr/bin/time -f '%U %S' -o "$T/time" "$@" > /dev/null 2>&1; awk '{ print $1 + $2 }' "$T/time"; }
big=$(cputime $BSCC sim "$T/strong.bsc" --budget 100M --samples 1 $CACHE --format=json --threads 1)
load_s=$(cputime $BSCC sim examples/retailer.bsc --samples 1)
out_per_port=$(echo "($big - $load_s) / 32768" | bc -l)
# the gather: per job (the strong run on 4 ranks) and per byte (a few
# portfolios with 1,000,000 samples: their raw scores come to rank 0)
timed 2 examples/smart_hardware/strategy.bsc --portfolios examples/data/smart_hardware_portfolios.csv --samples 1000000 $CACHE
per_byte=$(echo "$gsec / $gbytes" | bc -l)
per_job=$(echo "($g4sec - $g4bytes * $per_byte) / $g4jobs" | bc -l)
[ "$(echo "$per_job < 0.000001" | bc -l)" = 1 ] && per_job=0.000001
per_ps=$(echo "$m_cpu / (32768 * 200)" | bc -l)
printf 'mpirun + MPI_Init   %.3f s with 1 rank, %.3f with 2, %.3f with 4 (oversubscribed)\n' "$st1" "$st2" "$st4"
printf 'load and check      %.3f s CPU (bscc, a small model)\n' "$load_s"
printf 'rank and output     %.2f us per portfolio (JSON, 32,768 portfolios)\n' "$(echo "$out_per_port * 1000000" | bc -l)"
printf 'gather at rank 0    %.1f us per job, %.3f ns per byte (%s bytes in the 2-rank run)\n' \
  "$(echo "$per_job * 1000000" | bc -l)" "$(echo "$per_byte * 1000000000" | bc -l)" "$gbytes"
printf 'evaluation          %.1f ns CPU per portfolio-sample (1 rank)\n' "$(echo "$per_ps * 1000000000" | bc -l)"

# T(n) = start(n) + load + P N e / min(n, cores) + J(n) g_job + bytes g_byte + P out
# with start(n) = start(1) + (start(2) - start(1)) log2 n (mpirun and srun
# launch through a tree), J(n) = 16 n jobs per batch (sim_mpi.c) and
# bytes = P (5 + objectives) 8; on idle cores
model() {   # model N CORES P NSAMP BATCHES OBJS
  echo "$st1 + $start_log * l($1) / l(2) + $load_s + $3 * $4 * $per_ps / $2 + 16 * $1 * $5 * $per_job \
        + $3 * (5 + $6) * 8 * $per_byte + $3 * $out_per_port" | bc -l
}
objs=$(grep -c '^objective' "$T/strong.bsc")
echo
echo "## the model against the measured strong scaling (here: min(n, $CORES) cores; measured wall"
echo "## is inflated by the machine's other load, reported at the top)"
printf '%-6s %10s %10s\n' ranks "model s" "measured s"
for n in 1 2 4; do
  c=$n; [ "$c" -gt "$CORES" ] && c=$CORES
  eval "m=\$sw$n"
  printf '%-6s %10.3f %10.3f\n' "$n" "$(model "$n" "$c" 32768 200 1 "$objs")" "$m"
done
echo
echo "## predicted on a cluster (one rank per core)"
printf '%-40s %6s %10s %8s %10s\n' workload ranks "model s" speedup efficiency
for wl in "32768 200 1 exhaustive,_32,768_x_200" "1048576 100000 1 exhaustive,_2^20_x_100,000" "2000 100000 40 search,_2,000_in_40_steps_x_100,000"; do
  set -- $wl
  t1=$(model 1 1 "$1" "$2" "$3" "$objs")
  for n in 1 64 1024; do
    t=$(model "$n" "$n" "$1" "$2" "$3" "$objs")
    printf '%-40s %6d %10.2f %8.1f %10.2f\n' "$(echo "$4" | tr _ ' ')" "$n" "$t" "$(echo "$t1 / $t" | bc -l)" \
      "$(echo "$t1 / $t / $n" | bc -l)"
  done
done
echo "load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
