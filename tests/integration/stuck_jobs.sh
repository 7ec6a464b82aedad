#!/bin/sh
# stuck_jobs: every job can be stopped.  A job stuck in its engine
# (tests/plugins/stuck.c: a reap() that waits in the kernel forever, one
# that spins returning nothing, an open that never returns) ends within
# RUNNER_STOP_WAIT_S (5 s) of a SIGINT: the report comes, the job failed
# with EINTR and one line saying it was stuck, exit 128, and no worker
# process is left.  A second SIGINT (a second or more later) ends plio at
# once, killed by it, with no report and nothing left running; the main
# process dying (SIGKILL, SIGPIPE from `| head`) takes its worker processes
# with it.  A FIFO or a socket as a job's file, and a character device
# without size=, are refused with one line naming filename (fio: "failed
# to get file size"), where a FIFO's open used to wait forever.
. "$TOP_SRCDIR/tests/integration/lib.sh"

BOUND=5		# RUNNER_STOP_WAIT_S, core/run/runner.h
TAG=stuck$$	# in every job name: pgrep -f finds what is left of a run

mkdir "$T/pl"
cp "$TESTPLUGINS/stuck.so" "$T/pl/"

now_ms() {
	date +%s%3N
}

# kids PID: PID's child processes (its worker processes)
kids() {
	pgrep -P "$1" | tr '\n' ' '
}

# stuck_count PID: PID's tasks and its children's that the stuck engines
# named "plio-stuck": the workers that are stuck now
stuck_count() {
	_f="/proc/$1/task/*/comm"
	for _k in $(kids "$1"); do
		_f="$_f /proc/$_k/task/*/comm"
	done
	# shellcheck disable=SC2086
	cat $_f 2>/dev/null | grep -c '^plio-stuck$'
}

# wait_stuck PID N: until N workers of PID are stuck: 0, or 1 when PID
# ended or 20 s went by first
wait_stuck() {
	_i=0
	while kill -0 "$1" 2>/dev/null && [ "$_i" -lt 2000 ]; do
		[ "$(stuck_count "$1")" -ge "$2" ] && return 0
		sleep 0.01
		_i=$((_i + 1))
	done
	return 1
}

# wait_end PID MS: until PID (a child of this shell) ended, at most MS
# milliseconds; then its exit status in $rc and the time taken in $took
# (ms).  One still running then is killed, its processes with it:
# rc=timeout.
wait_end() {
	_t0=$(now_ms)
	while kill -0 "$1" 2>/dev/null; do
		# a zombie (ended, not yet waited for) counts as ended
		case $(cut -d' ' -f3 "/proc/$1/stat" 2>/dev/null) in Z) break ;; esac
		if [ $(($(now_ms) - _t0)) -gt "$2" ]; then
			for _k in $(kids "$1"); do kill -KILL "$_k" 2>/dev/null; done
			kill -KILL "$1" 2>/dev/null
			wait "$1" 2>/dev/null
			rc=timeout
			took=$(($(now_ms) - _t0))
			return 1
		fi
		sleep 0.02
	done
	wait "$1"
	rc=$?
	took=$(($(now_ms) - _t0))
	return 0
}

# gone NAME [MS]: no process of the run whose job is NAME is left (a
# zombie has no command line: pgrep -f does not see it), waiting up to MS
# (default 0) for the kernel to end them; the pids left in $left
gone() {
	_t0=$(now_ms)
	while left=$(pgrep -f -- "--name=$1( |\$)" | tr '\n' ' ') && [ -n "$left" ]; do
		[ $(($(now_ms) - _t0)) -ge "${2:-0}" ] && return 1
		sleep 0.02
	done
	return 0
}

# reap_leftovers NAME: kill what a failed case left running
reap_leftovers() {
	pkill -KILL -f -- "--name=$1( |\$)" 2>/dev/null
}

# ------------------------------------ SIGINT: a stuck job ends within 5 s
# each case: ENGINE MODE NUMJOBS; all run at once, so the script waits
# the bound once
CASES="stuck-reap:process:2 stuck-reap:thread:2 stuck-spin:process:1
stuck-spin:thread:1 stuck-open:process:1"
for c in $CASES; do
	IFS=: read -r eng mode nj <<EOF
$c
EOF
	name=$TAG-$eng-$mode
	extra=
	[ "$mode" = thread ] && extra=--thread
	"$PLIO" --plugin-dir="$T/pl" --name="$name" --ioengine="$eng" --size=1m \
		--numjobs="$nj" $extra --output-format=json >"$T/$name.out" 2>"$T/$name.err" &
	echo $! >"$T/$name.pid"
done
for c in $CASES; do
	IFS=: read -r eng mode nj <<EOF
$c
EOF
	name=$TAG-$eng-$mode
	pid=$(cat "$T/$name.pid")
	if wait_stuck "$pid" "$nj"; then
		kids "$pid" >"$T/$name.kids"
		now_ms >"$T/$name.t0"
		kill -INT "$pid"
	else
		echo stuck-not >"$T/$name.t0"
	fi
done
for c in $CASES; do
	IFS=: read -r eng mode nj <<EOF
$c
EOF
	name=$TAG-$eng-$mode
	d="SIGINT to $nj job(s) stuck in $eng ($mode workers)"
	pid=$(cat "$T/$name.pid")
	t0=$(cat "$T/$name.t0")
	if [ "$t0" = stuck-not ]; then
		wait_end "$pid" 0
		fail "$d: the workers did not get stuck (exit $rc):"
		sed 's/^/    /' "$T/$name.err" >&2
		continue
	fi
	# the bound, and a second for a slow machine
	wait_end "$pid" $(((BOUND + 1) * 1000 - ($(now_ms) - t0)))
	took=$(($(now_ms) - t0))
	cp "$T/$name.out" "$T/out"
	cp "$T/$name.err" "$T/err"
	sanitized "$d" && continue
	pat="^plio: job '$name': still running $BOUND s after signal 2 \\(stuck in engine $eng or in the kernel\\): "
	if [ "$mode" = thread ]; then
		pat="${pat}a thread cannot be killed alone; it ends when plio exits"
	else
		pat="${pat}killed"
	fi
	[ "$nj" -gt 1 ] && pat="$pat \\(and $((nj - 1)) more job"
	if [ "$rc" != 128 ]; then
		fail "$d: exit $rc after $took ms (128 wanted within $(((BOUND + 1) * 1000)) ms), stderr:"
		sed 's/^/    /' "$T/err" >&2
		reap_leftovers "$name"
		continue
	fi
	pass
	echo "$d: ended $took ms after SIGINT"
	# the bound was waited for: a stuck job is not given up on at once
	[ "$took" -ge $(((BOUND - 1) * 1000)) ] && pass ||
		fail "$d: ended after $took ms, before the ${BOUND} s bound"
	if [ "$(wc -l <"$T/err")" -eq 2 ] &&
	   grep -q '^plio: terminating on signal 2$' "$T/err" &&
	   grep -Eq "$pat" "$T/err"; then
		pass
	else
		fail "$d: stderr is not the signal's line and the stuck job's (/$pat/):"
		sed 's/^/    /' "$T/err" >&2
	fi
	# the report: every clone failed with EINTR, none moved a byte
	pyq_py "$d: the report" "$T/out" "$nj" <<'PY'
import json, sys
jobs = json.load(open(sys.argv[1]))["jobs"]
bad = [(j["jobname"], j["error"], j["read"]["io_bytes"]) for j in jobs
       if j["error"] != 4 or j["read"]["io_bytes"] != 0]
if len(jobs) != int(sys.argv[2]) or bad:
    sys.exit("%d jobs reported, these not with error 4 and 0 bytes: %s" % (len(jobs), bad))
PY
	# nothing left: its worker processes are gone (or zombies)
	alive=
	for k in $(cat "$T/$name.kids"); do
		case $(cut -d' ' -f3 "/proc/$k/stat" 2>/dev/null) in
		'' | Z) ;;
		*) alive="$alive $k" ;;
		esac
	done
	if [ -z "$alive" ] && gone "$name"; then
		pass
	else
		fail "$d: processes left:$alive $left"
		reap_leftovers "$name"
	fi
done

# -------------------------- a second SIGINT ends plio at once, fully
for mode in process thread; do
	name=$TAG-twice-$mode
	d="a second SIGINT to stuck jobs ($mode workers)"
	extra=
	[ "$mode" = thread ] && extra=--thread
	"$PLIO" --plugin-dir="$T/pl" --name="$name" --ioengine=stuck-reap --size=1m \
		--numjobs=2 $extra --output-format=json >"$T/out" 2>"$T/err" &
	pid=$!
	if ! wait_stuck "$pid" 2; then
		wait_end "$pid" 0
		fail "$d: the workers did not get stuck"
		continue
	fi
	k=$(kids "$pid")
	kill -INT "$pid"
	# a second SIGINT within a second is the same request (timeout(1)
	# sends two): wait for the first to be seen, then a second more
	i=0
	while ! grep -q 'terminating on signal 2' "$T/err" && [ $i -lt 500 ]; do
		sleep 0.01
		i=$((i + 1))
	done
	sleep 1.1
	kill -INT "$pid"
	wait_end "$pid" 1500
	echo "$d: ended $took ms after the second SIGINT"
	# killed by SIGINT (the shell's 128 + 2), at once, without a report
	if [ "$rc" = 130 ] && [ ! -s "$T/out" ]; then
		pass
	else
		fail "$d: exit $rc after $took ms (130 wanted at once), $(wc -c <"$T/out") bytes of report"
	fi
	if gone "$name" 2000; then
		pass
	else
		fail "$d: processes left: $left (workers were: $k)"
		reap_leftovers "$name"
	fi
done

# ------------------- the main process dies: its worker processes die too
name=$TAG-sigkill
"$PLIO" --plugin-dir="$T/pl" --name="$name" --ioengine=stuck-reap --size=1m \
	--numjobs=2 --output-format=json >"$T/out" 2>"$T/err" &
pid=$!
if wait_stuck "$pid" 2; then
	kill -KILL "$pid"
	wait "$pid" 2>/dev/null
	if gone "$name" 2000; then
		pass
	else
		fail "SIGKILL to plio: its workers are left: $left"
		reap_leftovers "$name"
	fi
else
	wait_end "$pid" 0
	fail "SIGKILL to plio: the workers did not get stuck"
fi

# `plio | head -c 1`: plio dies of SIGPIPE at its next status line
name=$TAG-sigpipe
{
	"$PLIO" --plugin-dir="$T/pl" --name="$name" --ioengine=stuck-reap --size=1m \
		--numjobs=2 --eta=always --eta-interval=250ms 2>"$T/err"
	echo $? >"$T/rc"
} | head -c 1 >/dev/null
rc=$(cat "$T/rc")
if [ "$rc" = 141 ] && gone "$name" 2000; then
	pass
else
	fail "plio | head -c 1: exit $rc (141, SIGPIPE, wanted), processes left: $left"
	reap_leftovers "$name"
fi

# ---------------- files that cannot be sized: refused, not waited on
mkfifo "$T/fifo" || skip_part "mkfifo failed: the FIFO cases"
# a FIFO's open used to wait for a writer forever: a watchdog
wd=
command -v timeout >/dev/null 2>&1 && wd="timeout -s KILL 20"
if [ -p "$T/fifo" ]; then
	for a in "--rw=read" "--rw=read --size=1m" "--rw=write --size=1m" "--rw=randrw --size=1m"; do
		# shellcheck disable=SC2086
		run_fails "a FIFO as the file ($a)" \
			"^plio: command line \\(argument 2\\): filename: '$T/fifo' is a FIFO, which has no size and whose I/O waits for the other end: name a regular file or a block device\$" \
			$wd "$PLIO" --name=f --filename="$T/fifo" $a
	done
	# filename_format: the job's own name for it
	run_fails "a FIFO from filename_format" \
		"^plio: command line \\(argument 2\\): job 'f': file '$T/fifo' is a FIFO" \
		$wd "$PLIO" --name=f --filename_format="$T/fifo" --rw=read --size=1m
fi
if $PYTHON -c "import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])" "$T/sock" &&
   [ -S "$T/sock" ]; then
	run_fails "a socket as the file" \
		"^plio: command line \\(argument 2\\): filename: '$T/sock' is a socket, which has no size and cannot be opened" \
		$wd "$PLIO" --name=f --filename="$T/sock" --rw=read --size=1m
	[ -S "$T/sock" ] && pass || fail "a socket as the file: the socket was replaced"
else
	skip_part "no Unix socket could be made: the socket case"
fi
if [ -c /dev/zero ]; then
	for a in "" "--size=50%"; do
		# shellcheck disable=SC2086
		run_fails "a character device without size= ($a)" \
			"^plio: command line \\(argument 2\\): filename: '/dev/zero' is a character device, which has no size: set size= \\(in bytes\\) or filesize=\$" \
			"$PLIO" --name=f --filename=/dev/zero --rw=read $a
	done
	# given a size, it is read as before
	run_ok "a character device with size=" "$PLIO" --name=f --filename=/dev/zero \
		--rw=read --size=64k --output-format=json &&
		jexpect "a character device with size=" "$T/out" 'jobs.0.read.io_bytes == 65536'
fi

finish
