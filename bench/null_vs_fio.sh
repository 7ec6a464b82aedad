#!/bin/sh
# null_vs_fio.sh - the framework's own overhead, plio beside fio.
#
# Runs the same null-engine job (randread, 4 KiB, one job) through plio and
# fio, interleaved, ROUNDS times per iodepth, and prints each run's IOPS and
# the plio/fio ratio of the medians.  Usage (from the build tree):
#   bench/null_vs_fio.sh [SECONDS] [ROUNDS] [IODEPTHS...]
set -eu
PLIO=${PLIO:-./plio}
SECS=${1:-10}
ROUNDS=${2:-3}
shift 2 2>/dev/null || shift $#
DEPTHS=${*:-1 32}

iops() {
	python3 -c 'import json,sys; print(int(json.load(sys.stdin)["jobs"][0]["read"]["iops"]))'
}

job="--name=n --ioengine=null --rw=randread --bs=4k --size=1g --time_based --runtime=$SECS"
printf '%-8s %-6s %12s %12s\n' iodepth round plio fio
for qd in $DEPTHS; do
	p=""
	f=""
	r=1
	while [ $r -le "$ROUNDS" ]; do
		a=$($PLIO $job --iodepth=$qd --output-format=json | iops)
		b=$(fio $job --iodepth=$qd --output-format=json | iops)
		printf '%-8s %-6s %12s %12s\n' "$qd" "$r" "$a" "$b"
		p="$p $a"
		f="$f $b"
		r=$((r + 1))
	done
	python3 - "$qd" "$p" "$f" <<'PY'
import statistics, sys
p = [int(x) for x in sys.argv[2].split()]
f = [int(x) for x in sys.argv[3].split()]
print(f"qd{sys.argv[1]}: plio median {statistics.median(p):,.0f} IOPS, "
      f"fio median {statistics.median(f):,.0f} IOPS, "
      f"ratio {statistics.median(p) / statistics.median(f):.2f}x "
      f"(min {min(p) / max(f):.2f}x, max {max(p) / min(f):.2f}x)")
PY
done
