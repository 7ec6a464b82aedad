#!/bin/sh
# signals: SIGINT/SIGTERM delivered twice at once (timeout(1) signals plio
# and then its process group) are one request: the report of what was done
# still comes, with exit 128; signals during the file layout stop it with
# one line (exit 128) and remove the file plio was creating, and SIGUSR1
# there does not kill plio.
. "$TOP_SRCDIR/tests/integration/lib.sh"

J="$CHECK_JSON"
NULLJOB="--name=x --ioengine=null --size=1g --time_based --runtime=30"

# report_ok DESC: $T/out holds one JSON report with bytes moved, $T/err
# exactly "terminating on signal N" once
report_ok() {
	b=$($J get "$T/out" jobs.0.read.io_bytes 2>/dev/null)
	n=$(grep -c '^plio: terminating on signal [0-9]*$' "$T/err")
	if [ "$rc" -ne 128 ] || [ "${b:-0}" -le 0 ] || [ "$n" -ne 1 ] ||
	   [ "$(wc -l <"$T/err")" -ne 1 ]; then
		fail "$1: exit $rc, read bytes '${b:-none}', stderr:"
		sed 's/^/    /' "$T/err" >&2
	else
		pass
	fi
}

# ----------------------------- the same signal twice in a row, to the pid
for sig in INT TERM; do
	for mode in process thread; do
		extra=
		[ $mode = thread ] && extra=--thread
		$PLIO $NULLJOB $extra --numjobs=2 --group_reporting --output-format=json \
			>"$T/out" 2>"$T/err" &
		pid=$!
		# the workers are well into their I/O: 400 ms of CPU, more
		# than all of plio's start (plugin probing, parsing, forking:
		# about 130 ms in a sanitizer build), which a signal would end
		# before the handlers are in place
		wait_busy $pid 40
		kill -$sig $pid
		kill -$sig $pid
		wait $pid
		rc=$?
		report_ok "SIG$sig twice ($mode workers)"
	done
done

# ------------------- timeout(1): to plio, then to its group (the workers)
if command -v timeout >/dev/null 2>&1; then
	timeout --preserve-status -s INT 1 $PLIO $NULLJOB --numjobs=2 --group_reporting \
		--output-format=json >"$T/out" 2>"$T/err"
	rc=$?
	report_ok "timeout -s INT"
else
	skip_part "timeout(1) is not installed: signals from timeout"
fi

# ------------------------------------------------- signals during layout
# wait_layout: until plio has begun to write $T/big (or ended)
wait_layout() {
	i=0
	while kill -0 $pid 2>/dev/null && [ $i -lt 1000 ]; do
		s=$(stat -c %s "$T/big" 2>/dev/null || echo 0)
		[ "$s" -gt 0 ] && return 0
		sleep 0.01
		i=$((i + 1))
	done
	return 1
}
# a 4 GiB file to read: its layout lasts long after the signal
BIGJOB="--name=big --rw=read --size=4g --filename=$T/big --output-format=json"
for sig in INT TERM; do
	$PLIO $BIGJOB >"$T/out" 2>"$T/err" &
	pid=$!
	if ! wait_layout; then
		kill -KILL $pid 2>/dev/null
		wait $pid
		fail "SIG$sig during layout: the layout did not begin"
		continue
	fi
	kill -$sig $pid
	wait $pid
	rc=$?
	n=$(wc -l <"$T/err")
	if [ $rc -ne 128 ] || [ "$n" -ne 1 ] ||
	   ! grep -Eq "^plio: job 'big': laying out '.*/big' stopped at [0-9]+ of 4294967296 bytes: terminating on signal $( [ $sig = INT ] && echo 2 || echo 15)\$" "$T/err"; then
		fail "SIG$sig during layout: exit $rc, stderr:"
		sed 's/^/    /' "$T/err" >&2
	elif [ -e "$T/big" ]; then
		fail "SIG$sig during layout: the half laid out file is left ($(stat -c %s "$T/big") bytes)"
	elif [ -s "$T/out" ]; then
		fail "SIG$sig during layout: a report of a run that did not start"
	else
		pass
	fi
	rm -f "$T/big"
done

# SIGUSR1 during layout: no report yet, plio goes on (here until a SIGINT)
$PLIO $BIGJOB >"$T/out" 2>"$T/err" &
pid=$!
if wait_layout; then
	kill -USR1 $pid
	sleep 0.2
	if kill -0 $pid 2>/dev/null; then
		pass
		kill -INT $pid
	else
		fail "SIGUSR1 during layout ended plio"
	fi
	wait $pid
	rc=$?
	[ $rc -eq 128 ] && grep -q "terminating on signal 2" "$T/err" && pass ||
		fail "SIGUSR1 then SIGINT during layout: exit $rc"
else
	kill -KILL $pid 2>/dev/null
	wait $pid
	fail "SIGUSR1 during layout: the layout did not begin"
fi
rm -f "$T/big"

finish
