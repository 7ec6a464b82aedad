#!/bin/sh
# instructions.sh - the core's cost per I/O, in instructions, beside fio's.
#
# Usage (from the build tree):  bench/instructions.sh [RW] [BS]
# Env: PLIO (default ./plio), FIO (default fio; FIO=none skips it),
# IODEPTH (default 1; above 1 the null engine queues and is reaped, so the
# asynchronous path is what is counted), EXTRA (more options for both, e.g.
# EXTRA="--random_distribution=zipf:1.2").
#
# callgrind counts instructions, not seconds: the same binary, job and
# environment give the same count whatever else the machine is doing, so
# a change's cost per I/O is read exactly, on a busy machine too.  Each
# tool runs the same null-engine job in one thread twice, 256 MiB and
# 512 MiB of 4 KiB blocks (65536 I/Os apart); the difference of the two
# totals divided by 65536 is what one more I/O costs, start-up and report
# excluded.
set -u
PLIO=${PLIO:-./plio}
FIO=${FIO:-fio}
RW=${1:-randread}
BS=${2:-4k}
IODEPTH=${IODEPTH:-1}
EXTRA=${EXTRA:-}
command -v valgrind >/dev/null 2>&1 || { echo "instructions.sh: valgrind is not installed"; exit 1; }
TMP=$(mktemp -d) || exit 1
trap 'rm -rf "$TMP"' EXIT

# total TOOL SIZE: instructions of the whole run
total() {
	valgrind --tool=callgrind --callgrind-out-file="$TMP/cg.%p.out" \
		"$1" --name=cg --ioengine=null --rw="$RW" --bs="$BS" --size="$2" --iodepth="$IODEPTH" \
		--thread --output-format=terse $EXTRA >/dev/null 2>"$TMP/err" || {
		echo "instructions.sh: $1 failed:" >&2
		cat "$TMP/err" >&2
		exit 1
	}
	# the run's own process (the first to speak), not a child it forked
	# (plio tries its plugins in one): each reports its own total
	pid=$(sed -n '1s/^==\([0-9]*\)==.*/\1/p' "$TMP/err")
	sed -n "s/^==$pid== Collected : //p" "$TMP/err"
}

per_io() {
	a=$(total "$1" 256m)
	b=$(total "$1" 512m)
	n=$(((512 - 256) * 1024 * 1024 / $(numfmt --from=iec "$(echo "$BS" | tr a-z A-Z)")))
	awk -v a="$a" -v b="$b" -v n="$n" 'BEGIN { printf "%12d %12d %10.1f\n", a, b, (b - a) / n }'
}

printf "null engine, rw=%s, bs=%s, one thread %s\n" "$RW" "$BS" "$EXTRA"
printf "%-6s %12s %12s %10s\n" tool "256m run" "512m run" "per I/O"
printf "%-6s %s\n" plio "$(per_io "$PLIO")"
if [ "$FIO" != none ] && command -v "$FIO" >/dev/null 2>&1; then
	printf "%-6s %s\n" fio "$(per_io "$FIO")"
fi
