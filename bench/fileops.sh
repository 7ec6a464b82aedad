#!/bin/sh
# fileops.sh - metadata rates of the fileops engines, plio beside fio 3.33.
#
# Usage (from the build tree):  bench/fileops.sh [NRFILES] [ROUNDS] [ENGINE...]
#   NRFILES  files (or directories) per run (default 2000)
#   ROUNDS   runs per tool and engine, interleaved (default 3)
#   ENGINE   filecreate filestat filedelete dircreate dirstat dirdelete
#            (default: all; fio 3.33 has only the first three)
# Env: PLIO (default ./plio), FIO (default fio), BENCH_DIR (default
# /var/tmp/plio-bench; /dev/shm measures the kernel without a disk).
#
# One job, openfiles=1, filesize=bs=4k: one I/O per file, so the job's IOPS
# is its files per second (the layout of filestat's and filedelete's files
# comes before the job and is not counted).  Prints per engine each tool's
# median files/s and median mean latency of one operation, and the plio/fio
# ratio of the median rates (above 1: plio is faster).
set -eu
NR=${1:-2000}
ROUNDS=${2:-3}
if [ $# -ge 2 ]; then shift 2; else shift $#; fi
PLIO=${PLIO:-./plio}
FIO=${FIO:-fio}
DIR=${BENCH_DIR:-/var/tmp/plio-bench}/fileops
ENGINES=${*:-filecreate filestat filedelete dircreate dirstat dirdelete}
mkdir -p "${DIR%/*}"

# run TOOL ENGINE: "files/s mean-latency-us" of one fresh run
run() {
	rm -rf "$DIR"
	mkdir -p "$DIR"
	"$1" --name=bench --ioengine="$2" --filesize=4k --bs=4k --openfiles=1 \
		--nrfiles="$NR" --directory="$DIR" --output-format=json 2>/dev/null |
		python3 -c 'import json, sys
t = sys.stdin.read(); r = json.loads(t[t.index("{"):])["jobs"][0]["read"]
print("%d %.1f" % (r["iops"], r["clat_ns"]["mean"] / 1000))'
}

median() { sort -n | awk '{v[NR] = $1} END {print NR ? v[int((NR + 1) / 2)] : 0}'; }

printf '%-11s %12s %10s %12s %10s %7s\n' engine "plio files/s" "plio us" "fio files/s" "fio us" ratio
for e in $ENGINES; do
	fio_has=1
	case $e in dir*) fio_has=0 ;; esac
	command -v "$FIO" >/dev/null 2>&1 || fio_has=0
	: >"$DIR.p"
	: >"$DIR.f"
	i=0
	while [ $i -lt "$ROUNDS" ]; do
		run "$PLIO" "$e" >>"$DIR.p"
		[ $fio_has = 0 ] || run "$FIO" "$e" >>"$DIR.f"
		i=$((i + 1))
	done
	pr=$(cut -d' ' -f1 "$DIR.p" | median)
	pl=$(cut -d' ' -f2 "$DIR.p" | median)
	if [ $fio_has = 1 ]; then
		fr=$(cut -d' ' -f1 "$DIR.f" | median)
		fl=$(cut -d' ' -f2 "$DIR.f" | median)
		ratio=$(awk -v p="$pr" -v f="$fr" 'BEGIN {printf "%.2fx", f ? p / f : 0}')
	else
		fr=- fl=- ratio=-
	fi
	printf '%-11s %12s %10s %12s %10s %7s\n' "$e" "$pr" "$pl" "$fr" "$fl" "$ratio"
done
rm -rf "$DIR" "$DIR.p" "$DIR.f"
