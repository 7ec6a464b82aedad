#!/bin/sh
# compare.sh - plio beside fio 3.33: the same jobs, interleaved, ROUNDS times.
#
# Usage (from the build tree):  bench/compare.sh [SECONDS] [ROUNDS] [CASE...]
#   SECONDS  runtime of each run (default 5)
#   ROUNDS   runs per tool and case (default 3)
#   CASE     names from the list below (default: all)
# Env: PLIO (default ./plio), FIO (default fio), BENCH_DIR (default
# /var/tmp/plio-bench: must be on a disk file system, not tmpfs).
#
# Prints, per case, each tool's median IOPS and the plio/fio ratio of the
# medians with its range (min plio / max fio .. max plio / min fio).
# Page-cache cases run on a 1 GiB file that is read into the cache first,
# with invalidate=0 on both sides (fio's default invalidate=1 would make them
# disk runs).  Default options otherwise, on both sides.
set -eu
SECS=${1:-5}
ROUNDS=${2:-3}
if [ $# -ge 2 ]; then shift 2; else shift $#; fi
PLIO=${PLIO:-./plio}
FIO=${FIO:-fio}
DIR=${BENCH_DIR:-/var/tmp/plio-bench}
FILE=$DIR/bench.1g

ALL="null-qd1 null-qd32 uring-qd1 uring-qd16 uring-qd64 aio-qd1 aio-qd16 aio-qd64 \
psync-qd1 mmap-qd1 posixaio-qd1 posixaio-qd8 splice-qd1 uring-direct-qd32 aio-direct-qd32"
CASES=${*:-$ALL}

# job CASE: the job options of a case
job() {
	base="--name=bench --rw=randread --bs=4k --time_based --runtime=$SECS"
	cached="--filename=$FILE --size=1g --invalidate=0"
	disk="--filename=$FILE --size=1g --direct=1"
	case $1 in
	null-qd*) echo "$base --ioengine=null --size=1g --iodepth=${1#null-qd}" ;;
	uring-direct-qd*) echo "$base $disk --ioengine=io_uring --iodepth=${1#uring-direct-qd}" ;;
	aio-direct-qd*) echo "$base $disk --ioengine=libaio --iodepth=${1#aio-direct-qd}" ;;
	uring-qd*) echo "$base $cached --ioengine=io_uring --iodepth=${1#uring-qd}" ;;
	aio-qd*) echo "$base $cached --ioengine=libaio --iodepth=${1#aio-qd}" ;;
	psync-qd*) echo "$base $cached --ioengine=psync --iodepth=${1#psync-qd}" ;;
	mmap-qd*) echo "$base $cached --ioengine=mmap --iodepth=${1#mmap-qd}" ;;
	posixaio-qd*) echo "$base $cached --ioengine=posixaio --iodepth=${1#posixaio-qd}" ;;
	splice-qd*) echo "$base $cached --ioengine=splice --iodepth=${1#splice-qd}" ;;
	*) echo "unknown case $1" >&2; exit 2 ;;
	esac
}

iops() {
	python3 -c 'import json,sys; print(int(json.load(sys.stdin)["jobs"][0]["read"]["iops"]))'
}

mkdir -p "$DIR"
if [ ! -f "$FILE" ] || [ "$(stat -c %s "$FILE")" -ne 1073741824 ]; then
	echo "laying out $FILE"
	dd if=/dev/urandom of="$FILE" bs=1M count=1024 status=none
fi

printf '%-18s %14s %14s %8s %s\n' case "plio IOPS" "fio IOPS" ratio range
for c in $CASES; do
	opts=$(job "$c")
	p=""
	f=""
	r=1
	while [ "$r" -le "$ROUNDS" ]; do
		cat "$FILE" >/dev/null	# keep the page cache warm for both
		p="$p $($PLIO $opts --output-format=json | iops)"
		cat "$FILE" >/dev/null
		f="$f $($FIO $opts --output-format=json | iops)"
		r=$((r + 1))
	done
	python3 - "$c" "$p" "$f" <<'PY'
import statistics, sys
p = [int(x) for x in sys.argv[2].split()]
f = [int(x) for x in sys.argv[3].split()]
mp, mf = statistics.median(p), statistics.median(f)
print(f"{sys.argv[1]:<18} {mp:>14,.0f} {mf:>14,.0f} {mp / mf:>7.2f}x "
      f"{min(p) / max(f):.2f}-{max(p) / min(f):.2f}")
PY
done
