#!/bin/sh
# runtime_errors: errors met while jobs run end them with one line, the
# job's err= / JSON "error", a non-zero exit and honest figures: a read
# that returns 0 bytes (the file ends before the job's region: /dev/null,
# a file truncated under a time_based job) is an EIO, counted as one
# failed I/O with no bytes, never as a completed read; continue_on_error
# goes on after it.  A report that cannot be written (a full disk) is a
# failure with one line, not a silent exit 0.  A worker killed by a
# signal (kill -KILL, SIGBUS of a mapping whose file shrank) fails its job
# with EIO and is reported with the runtime it had, not 1 msec; mmap's
# SIGBUS says whether the file shrank or its file system is full.  An engine
# that breaks the I/O unit contract (tests/plugins/badengine.c) fails its
# job with one line naming the engine and the rule, never a crash.  The
# layout: mmap with fallocate=none (or keep) gets its new file extended, as
# in fio; a file plio created and could not lay out is removed, one that
# was there is kept.
. "$TOP_SRCDIR/tests/integration/lib.sh"

J="$CHECK_JSON"

# figs NAME=PATH...: values of the last run's JSON report ($T/out), all
# read in one Python start ('' for a missing one: its check then fails)
figs() {
	jset "$T/out" "$@"
}

# the engines built here: libaio and io_uring need their libraries
# (configure --with-libaio=no, --with-liburing=no); what needs a missing
# one is left out with a SKIP line
ENGINES=
for e in psync sync pvsync libaio io_uring mmap; do
	if "$PLIO" --enghelp="$e" >/dev/null 2>&1; then
		ENGINES="$ENGINES $e "
	else
		skip_part "engine $e is not available here: its cases"
	fi
done
# have ENGINE: the engine is built here
have() {
	case $ENGINES in *" $1 "*) return 0 ;; esac
	return 1
}

# ------------------------------------------------ reads that return 0 bytes
EOFPAT="^plio: job 'j': file '/dev/null': read of 4096 bytes at offset [0-9]+ returned 0 bytes: the file ends before the job's region does"
for e in psync sync pvsync libaio io_uring; do
	have $e || continue
	run_fails "$e: read of /dev/null" "$EOFPAT" \
		"$PLIO" --name=j --size=1m --ioengine=$e --filename=/dev/null \
		--iodepth=4 --output-format=json || continue
	n=$(wc -l <"$T/err")
	[ "$n" -eq 1 ] || fail "$e: $n lines on stderr"
	# EIO, no bytes, the failed reads counted as fio counts them (no
	# more than were in flight), none of them short or completed
	figs err=jobs.0.error b=jobs.0.read.io_bytes short=jobs.0.read.short_ios \
		ios=jobs.0.read.total_ios iops=jobs.0.read.iops
	[ "$err" = 5 ] && [ "$b" = 0 ] && [ "$short" = 0 ] &&
		[ "${ios:-0}" -ge 1 ] && [ "$ios" -le 4 ] &&
		[ "$iops" = 0.0 ] && pass ||
		fail "$e: JSON error=$err bytes=$b short=$short ios=$ios iops=$iops"
done
# the normal report names the error as fio's err= field does
"$PLIO" --name=j --size=1m --ioengine=psync --filename=/dev/null >"$T/out" 2>"$T/err"
rc=$?
[ "$rc" -eq 1 ] && grep -q "^j: (groupid=0, jobs=1): err= 5 " "$T/out" && pass ||
	fail "normal output of a read of /dev/null: exit $rc, $(grep err= "$T/out")"

# clones that fail alike: one line with a count, not one line each
run_fails "numjobs=3 reading /dev/null" "$EOFPAT.* \\(and 2 more jobs the same\\)\$" \
	"$PLIO" --name=j --size=64k --ioengine=psync --filename=/dev/null --numjobs=3 \
	--output-format=terse &&
	{ [ "$(wc -l <"$T/err")" -eq 1 ] && [ "$(grep -c '^3;' "$T/out")" -eq 3 ] && pass ||
		fail "numjobs=3 reading /dev/null: $(wc -l <"$T/err") error lines, $(grep -c '^3;' "$T/out") jobs reported"; }

# continue_on_error=read goes on after each one (EIO is one it ignores):
# every read fails, the job runs to its end and exits 0, as with other
# ignored errors
run_ok "continue_on_error on /dev/null" "$PLIO" --name=j --size=1m --ioengine=psync \
	--filename=/dev/null --continue_on_error=read --output-format=json &&
	{ figs terr=jobs.0.total_err ferr=jobs.0.first_error b=jobs.0.read.io_bytes; :; } &&
	[ "$terr" = 256 ] && [ "$ferr" = 5 ] && [ "$b" = 0 ] && pass ||
	fail "continue_on_error: total_err=${terr:-} first_error=${ferr:-} bytes=${b:-}"

# a file truncated under a time_based random read job: the job stops at
# the first read past the new end, with EIO and only what it really read
f="$T/trunc"
# read_truncated ENGINE [OPTION...]: a time_based randread of a 4 MiB file
# that is truncated under it; the exit status in rc, reports in $T/out, err
read_truncated() {
	"$PLIO" --name=w --size=4m --filename="$f" --rw=write --ioengine=psync >/dev/null 2>&1
	# a sanitizer build would take mmap's SIGBUS for its own error
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}handle_sigbus=0" \
	"$PLIO" --name=j --size=4m --filename="$f" --rw=randread --time_based --runtime=60 \
		--ioengine="$@" --output-format=json >"$T/out" 2>"$T/err" &
	pid=$!
	# truncate once the job is reading (100 ms of CPU: a fixed 0.1 s could
	# fall, on a busy machine, between mmap's layout and its open, which
	# then fails for a file shorter than the region), then until the job
	# notices
	wait_busy $pid 10
	i=0
	while kill -0 $pid 2>/dev/null && [ $i -lt 300 ]; do
		sleep 0.1
		: >"$f"
		i=$((i + 1))
	done
	wait $pid
	rc=$?
}
for e in psync libaio io_uring; do
	have $e || continue
	read_truncated $e --iodepth=8
	if [ "$rc" -ne 1 ]; then
		kill $pid 2>/dev/null
		fail "$e: truncated file: exit $rc"
		continue
	fi
	grep -Eq "^plio: job 'j': file '.*/trunc': read of 4096 bytes at offset [0-9]+ returned 0 bytes" "$T/err" &&
		[ "$(wc -l <"$T/err")" -eq 1 ] && pass ||
		{ fail "$e: truncated file: stderr"; sed 's/^/    /' "$T/err" >&2; }
	figs b=jobs.0.read.io_bytes ios=jobs.0.read.total_ios err=jobs.0.error \
		short=jobs.0.read.short_ios
	# every counted read but the failed ones moved a whole block
	[ "$err" = 5 ] && [ "${short:-9}" -le 8 ] && [ -n "$b" ] && [ -n "$ios" ] &&
		[ $((ios * 4096 - b)) -le $((8 * 4096)) ] && pass ||
		fail "$e: truncated file: error=$err ios=$ios bytes=$b short=$short"
done

# ------------------------------------------------- a worker that is killed
# killed_ok DESC SIGNUM: exit 1, one line naming the signal, EIO in JSON,
# a runtime of the time the job ran, and bandwidth agreeing with it
killed_ok() {
	figs rt=jobs.0.read.runtime b=jobs.0.read.io_bytes bw=jobs.0.read.bw_bytes \
		err=jobs.0.error
	# bandwidth agrees with bytes over runtime to 1%:
	# |b * 1000 / rt - bw| <= bw / 100, in integers (times rt * 100)
	if [ "$rc" -ne 1 ] || [ "$(wc -l <"$T/err")" -ne 1 ] ||
	   ! grep -q "^plio: job 'j': worker killed by signal $2 " "$T/err"; then
		fail "$1: exit $rc, stderr:"
		sed 's/^/    /' "$T/err" >&2
	elif [ "$err" != 5 ] || [ "${rt:-0}" -lt "$3" ] ||
	     [ "$rt" -gt 60000 ] || [ "${b:-0}" -le 0 ] || [ -z "$bw" ] ||
	     [ $(( (b * 1000 - bw * rt) * 100 )) -gt $((bw * rt)) ] ||
	     [ $(( (bw * rt - b * 1000) * 100 )) -gt $((bw * rt)) ]; then
		fail "$1: error=$err runtime=$rt ms bytes=$b bw_bytes=$bw"
	else
		pass
	fi
}
"$PLIO" --name=j --ioengine=null --size=1g --time_based --runtime=60 \
	--output-format=json >"$T/out" 2>"$T/err" &
pid=$!
# two seconds: a sanitizer build on a loaded machine took 0.6 s to start
# the worker, which then ran only 0.4 s of the first second
sleep 2
kill -KILL $(pgrep -P $pid)
wait $pid
rc=$?
# it ran for most of the two seconds before the kill
killed_ok "kill -KILL of a worker" 9 500

# ioengine=mmap on a file truncated under the job: SIGBUS
if have mmap; then
	read_truncated mmap
	killed_ok "mmap of a truncated file" 7 1 &&
		grep -q "a mapped file shrank under the job" "$T/err" || fail "mmap SIGBUS: no hint"
fi

# ioengine=mmap writing a sparse file on a full file system (a 1 MiB tmpfs
# in a mount namespace of its own, gone with it): SIGBUS too, and the line
# says the disk may be full, not that the file shrank
us="unshare -m"
[ "$(id -u)" -eq 0 ] || us="unshare -rm"
mkdir "$T/small"
if ! have mmap; then
	:
elif command -v unshare >/dev/null 2>&1 &&
     $us sh -c 'mount -t tmpfs -o size=1m none "$1"' sh "$T/small" 2>/dev/null; then
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}handle_sigbus=0" \
	$us sh -c 'mount -t tmpfs -o size=1m none "$1" && exec "$2" --name=j --ioengine=mmap \
		--rw=write --size=4m --filename="$1/f" --fallocate=none --output-format=json' \
		sh "$T/small" "$PLIO" >"$T/out" 2>"$T/err"
	rc=$?
	if [ "$rc" -eq 1 ] && [ "$(wc -l <"$T/err")" -eq 1 ] &&
	   grep -Eq "^plio: job 'j': worker killed by signal 7 \(Bus error\): the disk may be full \('$T/small/f' has [0-9]+ bytes not yet allocated, its file system [0-9]+ bytes free\)\$" "$T/err"; then
		pass
	else
		fail "mmap on a full file system: exit $rc, stderr:"
		sed 's/^/    /' "$T/err" >&2
	fi
else
	skip_part "no tmpfs can be mounted here ($us): mmap on a full file system"
fi

# --------------------------------------- engines that break the contract
mkdir "$T/pl"
cp "$TESTPLUGINS/badengine.so" "$T/pl/"
bad() {
	run_fails "engine $1" "$2" "$PLIO" --plugin-dir "$T/pl" --name=j --size=1m \
		--ioengine="$1" --output-format=json || return
	figs err=jobs.0.error b=jobs.0.read.io_bytes ios=jobs.0.read.total_ios
	[ "$(wc -l <"$T/err")" -eq 1 ] && [ "$err" = 71 ] &&
		[ "$b" = "$3" ] && [ "$ios" = "$4" ] && pass ||
		fail "engine $1: $(wc -l <"$T/err") lines on stderr, error=$err bytes=$b ios=$ios"
}
bad bad-queued "^plio: job 'j': engine bad-queued: broke the queue contract: it declares PLIO_CAP_SYNC .*, yet queue\(\) returned PLIO_Q_QUEUED\$" 0 0
bad bad-result "^plio: job 'j': engine bad-result: broke the I/O unit contract: a read of 4096 bytes came back with result 16384, more than it asked for\$" 0 0
bad bad-errno "^plio: job 'j': engine bad-errno: broke the I/O unit contract: a read came back with error -5, not a positive errno\$" 0 0
bad bad-negres "^plio: job 'j': engine bad-negres: broke the I/O unit contract: a read came back with result -5 and no error\$" 0 0
# the 10th I/O breaks it: the 9 before are reported, nothing after
bad bad-late "^plio: job 'j': engine bad-late: broke the I/O unit contract: a read of 4096 bytes came back with result 4097" 36864 9

# ------------------------------------------------------------ the layout
for fa in none keep; do
	rm -f "$T/m"
	run_ok "mmap, fallocate=$fa, a new file" "$PLIO" --name=j --size=1m --ioengine=mmap \
		--rw=write --fallocate=$fa --filename="$T/m" --output-format=json &&
		{ figs w=jobs.0.write.io_bytes err=jobs.0.error; :; } &&
		[ "$w" = 1048576 ] && [ "$err" = 0 ] &&
		[ "$(stat -c %s "$T/m")" = 1048576 ] && pass ||
		fail "mmap, fallocate=$fa: ${w:-} bytes written, error ${err:-}, file of $(stat -c %s "$T/m" 2>&1)"
done
rm -f "$T/m"
# a layout that fails (RLIMIT_FSIZE at 1 MiB: EFBIG, SIGXFSZ ignored) with
# fallocate=native (allocation) and none (writing the data)
for fa in native none; do
	run_fails "failed layout, fallocate=$fa" \
		"^plio: job 'j': (cannot allocate|laying out) '.*/m'.*: File too large\$" \
		sh -c 'trap "" XFSZ; ulimit -f 1024; exec "$@"' sh \
		"$PLIO" --name=j --size=4m --rw=read --fallocate=$fa --filename="$T/m" &&
		[ ! -e "$T/m" ] && pass || fail "failed layout, fallocate=$fa: '$T/m' left behind"
done
# a file that was there is never removed: it keeps what it held
head -c 524288 /dev/zero >"$T/m"
run_fails "failed layout of an existing file" "File too large\$" \
	sh -c 'trap "" XFSZ; ulimit -f 1024; exec "$@"' sh \
	"$PLIO" --name=j --size=4m --rw=read --fallocate=none --filename="$T/m" &&
	[ -e "$T/m" ] && [ "$(stat -c %s "$T/m")" -ge 524288 ] && pass ||
	fail "failed layout of an existing file: removed or shrunk"
rm -f "$T/m"

# ------------------------------------------------ a report on a full disk
if [ -w /dev/full ]; then
	for f in normal json terse; do
		run_fails "$f report to a full stdout" \
			"^plio: writing the report to standard output failed: No space left on device\$" \
			sh -c '"$1" --name=j --size=1m --ioengine=null --output-format="$2" >/dev/full' \
			sh "$PLIO" $f &&
			[ "$(wc -l <"$T/err")" -eq 1 ] && [ "$rc" -eq 1 ] && pass ||
			fail "$f report to a full stdout: exit $rc, $(wc -l <"$T/err") lines"
		run_fails "$f report to a full --output" \
			"^plio: --output: writing '/dev/full' failed: No space left on device\$" \
			"$PLIO" --name=j --size=1m --ioengine=null --output-format=$f \
			--output=/dev/full &&
			[ "$(wc -l <"$T/err")" -eq 1 ] && [ "$rc" -eq 1 ] &&
			[ ! -s "$T/out" ] && pass ||
			fail "$f report to a full --output: exit $rc"
	done
else
	skip_part "/dev/full is not writable: reports to a full disk"
fi
# and a report that fits is still written whole, exit 0
run_ok "report to --output" "$PLIO" --name=j --size=1m --ioengine=null \
	--output-format=json --output="$T/rep.json" &&
	[ "$($J get "$T/rep.json" jobs.0.read.io_bytes)" = 1048576 ] && [ ! -s "$T/err" ] &&
	pass || fail "report to --output: $(cat "$T/err")"

finish
