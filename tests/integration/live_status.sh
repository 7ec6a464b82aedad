#!/bin/sh
# live_status.sh - while jobs run: fio's status line (--eta, --eta-newline,
# --eta-interval), full reports every --status-interval and on SIGUSR1,
# SIGINT/SIGTERM ending every job with the report of what was done (exit
# 128, as fio) and files left whole, and --bandwidth-log's agg-*_bw.log
# (--latency-log is in stat_logs.sh).
. "$(dirname "$0")/lib.sh"

NULLJOB="--name=x --ioengine=null --size=1g --time_based"

# docs.py FILE: the JSON documents in FILE, one line each:
# "read.io_bytes job_runtime"
cat >"$T/docs.py" <<'EOF'
import json, sys
s = open(sys.argv[1]).read()
dec, i = json.JSONDecoder(), 0
while True:
    while i < len(s) and s[i] != "{":
        i += 1
    if i >= len(s):
        break
    o, i = dec.raw_decode(s, i)
    j = o["jobs"][0]
    d = j["write"] if j["write"]["io_bytes"] else j["read"]
    print(d["io_bytes"], j["job_runtime"])
EOF
docs() {
	$PYTHON "$T/docs.py" "$1"
}

# 1. eta=never and eta=auto print no status line when stdout is no terminal
# (600 ms: two chances at --eta-interval=250ms, here and in 4 and 5)
for w in never auto; do
	if run_ok "eta=$w" $PLIO $NULLJOB --runtime=600ms --eta=$w --eta-interval=250ms; then
		if grep -q 'Jobs:' "$T/out"; then
			fail "eta=$w: a status line on a pipe"
		elif ! grep -q 'Run status group 0' "$T/out"; then
			fail "eta=$w: no report"
		else
			pass
		fi
	fi
done

# 2. eta=always: lines with jobs, run string, percent, rates, IOPS and ETA,
# a fresh line every --eta-newline, one every --eta-interval
LINE='Jobs: 1 \(f=1\): \[R\(1\)\]\[[0-9]+\.[0-9]%\]\[r=[0-9.]+[KMGTP]iB/s\]\[r=[0-9.]+[kMG]? IOPS\]\[eta 00m:0[0-2]s\] *$'
if run_ok "eta=always" $PLIO $NULLJOB --runtime=2 --eta=always \
	--eta-newline=250ms --eta-interval=250ms; then
	tr '\r' '\n' <"$T/out" >"$T/lines"
	n=$(grep -Ec "$LINE" "$T/lines")
	if [ "$n" -lt 4 ] || [ "$n" -gt 9 ]; then
		fail "eta=always: $n full status lines in 2s at 250ms, want 4-8:"
		sed 's/^/    /' "$T/lines" >&2
	else
		pass
	fi
	# eta-newline: the lines are on lines of their own, not only \r
	if [ "$(grep -c '^Jobs: ' "$T/out")" -lt 3 ]; then
		fail "eta-newline: the status lines do not start new lines"
	else
		pass
	fi
	grep -q 'Run status group 0' "$T/out" && pass || fail "eta=always: no report"
fi

# 3. the percentage follows the clock of a time_based job
tr '\r' '\n' <"$T/out" | grep -Eo '\]\[[0-9.]+%\]' | tr -d '][%' >"$T/pct"
if ! awk 'NR > 1 && $1 + 0 < prev { bad = 1 } { prev = $1 } END { exit bad || prev < 60 }' "$T/pct"; then
	fail "percent done does not rise to the end:"
	sed 's/^/    /' "$T/pct" >&2
else
	pass
fi

# 4. no status line into a JSON report on stdout, even with eta=always;
# on stdout beside a JSON --output file
if run_ok "eta=always json" $PLIO $NULLJOB --runtime=600ms --eta=always \
	--eta-interval=250ms --output-format=json; then
	if grep -q 'Jobs:' "$T/out" ||
	   ! $PYTHON -c 'import json,sys; json.load(open(sys.argv[1]))' "$T/out"; then
		fail "eta=always json: the JSON on stdout is not clean"
	else
		pass
	fi
fi
if run_ok "eta=always --output" $PLIO $NULLJOB --runtime=600ms --eta=always \
	--eta-interval=250ms --output-format=json --output="$T/r.json"; then
	grep -q 'Jobs: 1' "$T/out" && pass || fail "eta=always --output: no status line on stdout"
fi

# 5. a terminal: eta=auto updates the line in place
if command -v script >/dev/null 2>&1; then
	script -qc "$PLIO $NULLJOB --runtime=600ms --eta-interval=250ms" /dev/null \
		>"$T/tty" 2>&1 </dev/null
	if tr '\r' '\n' <"$T/tty" | grep -Eq "$LINE"; then
		pass
	else
		fail "eta=auto on a terminal: no status line:"
		sed 's/^/    /' "$T/tty" >&2
	fi
else
	skip_part "script(1) is not installed: eta=auto on a terminal"
fi

# 6. --status-interval=1 over 2.5s: two reports while running, then the
# final one, each with more work done
if run_ok "status-interval" $PLIO $NULLJOB --runtime=2500ms --status-interval=1 \
	--output-format=json; then
	docs "$T/out" >"$T/docs"
	n=$(wc -l <"$T/docs")
	if [ "$n" -ne 3 ]; then
		fail "status-interval: $n JSON reports, want 3"
	elif ! awk 'NR > 1 && ($1 <= b || $2 <= r) { bad = 1 } { b = $1; r = $2 }
		    NR == 1 && ($2 < 800 || $2 > 1300) { bad = 1 }
		    END { exit bad || r < 2400 }' "$T/docs"; then
		fail "status-interval: bytes and runtime do not grow as they should:"
		sed 's/^/    /' "$T/docs" >&2
	else
		pass
	fi
fi

# 7. SIGUSR1: one report now, the run goes on to its end (exit 0)
$PLIO $NULLJOB --runtime=2 --output-format=json >"$T/out" 2>"$T/err" &
pid=$!
sleep 1
kill -USR1 $pid
wait $pid
rc=$?
docs "$T/out" >"$T/docs"
if [ $rc -ne 0 ] || [ "$(wc -l <"$T/docs")" -ne 2 ] ||
   ! awk 'NR == 1 { r = $2 } END { exit !(r > 500 && r < 1800 && $2 >= 1900) }' "$T/docs"; then
	fail "SIGUSR1: exit $rc, reports (bytes runtime):"
	sed 's/^/    /' "$T/docs" "$T/err" >&2
else
	pass
fi

# 8. SIGINT during a time_based write: the jobs stop, the report shows the
# work done before, exit 128, "terminating on signal 2"; the file is whole
# (its size, and a full read of it succeeds)
$PLIO --name=w --ioengine=psync --rw=randwrite --bs=64k --size=8m \
	--filename="$T/data" --time_based --runtime=10 --output-format=json \
	>"$T/out" 2>"$T/err" &
pid=$!
sleep 1
kill -INT $pid
wait $pid
rc=$?
docs "$T/out" >"$T/docs"
if [ $rc -ne 128 ] || ! grep -q 'terminating on signal 2' "$T/err" ||
   [ "$(wc -l <"$T/docs")" -ne 1 ] ||
   ! awk '{ exit !($1 > 0 && $2 > 500 && $2 < 5000) }' "$T/docs"; then
	fail "SIGINT: exit $rc, report (bytes runtime):"
	sed 's/^/    /' "$T/docs" "$T/err" >&2
else
	pass
fi
if [ "$(wc -c <"$T/data")" -ne 8388608 ]; then
	fail "SIGINT: the file is $(wc -c <"$T/data") bytes, want 8388608"
elif run_ok "read back after SIGINT" $PLIO --name=r --ioengine=psync --rw=read \
	--bs=64k --size=8m --filename="$T/data" --output-format=json; then
	docs "$T/out" >"$T/docs"
	awk '{ exit $1 != 8388608 }' "$T/docs" && pass ||
		fail "read back after SIGINT: $(cat "$T/docs")"
fi

# 9. SIGTERM stops thread workers the same way
$PLIO $NULLJOB --runtime=10 --thread --numjobs=2 --output-format=json \
	>"$T/out" 2>"$T/err" &
pid=$!
# the workers are well into their I/O: 100 ms of CPU
wait_busy $pid 10
kill -TERM $pid
wait $pid
rc=$?
if [ $rc -ne 128 ] || ! grep -q 'terminating on signal 15' "$T/err" ||
   [ "$(docs "$T/out" | wc -l)" -ne 1 ]; then
	fail "SIGTERM with threads: exit $rc"
	sed 's/^/    /' "$T/err" >&2
else
	pass
fi

# 10. --bandwidth-log: fio's three files, "MSEC, KiB/s, DIR, 0, 0" every
# bwavgtime (500ms), reads and writes both moving, no trims
mkdir "$T/bw"
if (cd "$T/bw" && run_ok "bandwidth-log" $PLIO $NULLJOB --rw=randrw --runtime=2 \
	--bandwidth-log --output=/dev/null); then
	ok=1
	for f in read write trim; do
		l="$T/bw/agg-${f}_bw.log"
		n=$(grep -Ec '^[0-9]+, [0-9]+, [012], 0, 0$' "$l" 2>/dev/null)
		if [ "${n:-0}" -lt 3 ] || [ "$n" -ne "$(wc -l <"$l")" ]; then
			fail "bandwidth-log: $l has ${n:-no} good lines"
			ok=0
		fi
	done
	awk -F', ' '$2 == 0 { bad = 1 } END { exit bad }' "$T/bw/agg-read_bw.log" "$T/bw/agg-write_bw.log" ||
		{ fail "bandwidth-log: a zero read/write bandwidth"; ok=0; }
	awk -F', ' '$2 != 0 || $3 != 2 { bad = 1 } END { exit bad }' "$T/bw/agg-trim_bw.log" ||
		{ fail "bandwidth-log: trims moved"; ok=0; }
	[ $ok -eq 1 ] && pass
fi

finish
