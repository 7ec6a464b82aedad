#!/bin/sh
# pacing.sh - how exactly rate_iops is met, plio beside fio 3.33.
#
# For each rate (default 1000, 100000 and 1000000 IOPS) one null-engine
# randread job of RUNTIME seconds (default 3) per tool: the achieved IOPS
# and its error against the cap; then, from a 1 s run with a latency log of
# every I/O (log_avg_msec=0), how evenly the I/Os come: the coefficient of
# variation of the I/Os completed per millisecond (both tools' logs have
# millisecond times; 0 is perfectly even), and for plio the median and
# 99th percentile of how far a gap between two issue times is from 1/rate,
# in microseconds (log_issue_time, which fio 3.33 does not have).
#
# Usage (from the build tree): bench/pacing.sh [RATES]
#   RATES  comma-separated IOPS (default 1000,100000,1000000)
# Env: PLIO (default ./plio), FIO (default fio), RUNTIME (default 3).
set -u
RATES=${1:-1000,100000,1000000}
RUNTIME=${RUNTIME:-3}
PLIO=${PLIO:-./plio}
FIO=${FIO:-fio}
T=$(mktemp -d) || exit 1
trap 'rm -rf "$T"' EXIT INT TERM
command -v "$FIO" >/dev/null 2>&1 || { echo "pacing.sh: $FIO not found (apt-get install fio)" >&2; exit 1; }
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3

JOB="--name=p --ioengine=null --size=100g --rw=randread --bs=4k --time_based"

# iops TOOL RATE: total I/Os over the runtime, from the JSON
iops() {
	# shellcheck disable=SC2086
	"$1" $JOB --runtime="$RUNTIME" --rate_iops="$2" --output-format=json 2>/dev/null |
		$PY -c 'import json, sys
t = sys.stdin.read(); j = json.loads(t[t.index("{"):])["jobs"][0]["read"]
print("%.1f" % (j["total_ios"] * 1000 / j["runtime"]))'
}

# evenness TOOL RATE: "CV_PER_MS P50_US P99_US" from a 1 s run's log:
# the I/Os per millisecond's coefficient of variation, and (plio) the
# median and 99th percentile of how far each gap between issue times is
# from 1/RATE
evenness() {
	rm -f "$T"/l_lat.*.log
	extra=""
	[ "$1" = "$PLIO" ] && extra="--log_issue_time=1"
	# shellcheck disable=SC2086
	"$1" $JOB --runtime=1 --rate_iops="$2" --write_lat_log="$T/l" --log_avg_msec=0 \
		$extra --output=/dev/null >/dev/null 2>&1
	$PY - "$2" "$extra" "$T"/l_lat.*.log <<'PY'
import collections, statistics, sys
rate, plio, path = int(sys.argv[1]), sys.argv[2] != "", sys.argv[3]
ms, t = collections.Counter(), []
for line in open(path):
    f = line.split(", ")
    ms[int(f[0])] += 1
    if plio:
        t.append(int(f[5]))
c = [ms[k] for k in range(50, 951)]
cv = statistics.pstdev(c) / statistics.mean(c)
if not plio:
    print(f"{cv:.3f} - -")
    sys.exit()
d = sorted(abs((b - a) - 1e9 / rate) / 1000 for a, b in zip(t, t[1:]))
print(f"{cv:.3f} {d[len(d) // 2]:.2f} {d[len(d) * 99 // 100]:.2f}")
PY
}

printf '%-9s | %12s %8s %7s %8s %8s | %12s %8s %7s\n' "rate" "plio IOPS" "error" "CV/ms" \
	"gap p50" "gap p99" "fio IOPS" "error" "CV/ms"
echo "$RATES" | tr ',' '\n' | while read -r r; do
	p=$(iops "$PLIO" "$r")
	f=$(iops "$FIO" "$r")
	pe=$(evenness "$PLIO" "$r")
	fe=$(evenness "$FIO" "$r")
	awk -v r="$r" -v p="$p" -v f="$f" -v pe="$pe" -v fe="$fe" 'BEGIN {
		split(pe, a, " "); split(fe, b, " ")
		printf "%-9s | %12.1f %7.2f%% %7s %8s %8s | %12.1f %7.2f%% %7s\n", r, p, (p - r) * 100 / r,
			a[1], a[2], a[3], f, (f - r) * 100 / r, b[1] }'
done
