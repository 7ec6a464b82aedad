# lib.sh - shared helpers of the integration tests (sourced, POSIX sh).
#
# Environment from `make check`: PLIO, PLIO_BUILTIN, TOP_SRCDIR, TOP_BUILDDIR,
# TESTPLUGINS.  Each test gets a private temporary directory, removed at exit.
#
# A test that cannot run here calls skip_test WHY (prints SKIP, exits 77,
# automake's skip); one that leaves out a part calls skip_part WHY and goes
# on.  finish fails a test that recorded no pass.

set -u
: "${PLIO:?run through make check, or set PLIO}"
: "${TOP_SRCDIR:?}"
TESTPLUGINS=${TESTPLUGINS:-$TOP_BUILDDIR/tests/plugins/.libs}

# The Python interpreter, resolved once: the checks start it hundreds of
# times, and a python3 on PATH may be a version manager's shim that takes
# ten times longer to start than the interpreter itself.  PLIO_TEST_PYTHON
# overrides; else /usr/bin/python3; else the one on PATH, resolved through
# any shim to its executable.
if [ -n "${PLIO_TEST_PYTHON:-}" ]; then
	PYTHON=$PLIO_TEST_PYTHON
elif [ -x /usr/bin/python3 ]; then
	PYTHON=/usr/bin/python3
elif command -v python3 >/dev/null 2>&1; then
	PYTHON=$(python3 -c 'import sys; print(sys.executable)' 2>/dev/null) ||
		PYTHON=python3
	[ -n "$PYTHON" ] || PYTHON=python3
else
	PYTHON=python3		# absent: every check that needs it fails
fi
PLIO_TEST_PYTHON=$PYTHON
export PLIO_TEST_PYTHON
CHECK_JSON="$PYTHON $TOP_SRCDIR/tests/integration/check_json.py"

# ext4 (or whatever / is) by default; the caller may prefer /dev/shm
T=$(mktemp -d "${TMPDIR:-/tmp}/plio-test.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT INT TERM

fails=0
passes=0

pass() {
	passes=$((passes + 1))
}

# skip_test WHY: this test cannot run here (automake's SKIP)
skip_test() {
	echo "SKIP: $*"
	exit 77
}

# skip_part WHY: a part of the checks is left out; the others go on
skip_part() {
	echo "SKIP: $*"
}

# jset FILE NAME=PATH...: set each NAME to the value at PATH of the JSON in
# FILE, reading them all in one Python start ('' where PATH is missing,
# which is said on stderr); returns 1 when any was missing
jset() {
	_jset=$($CHECK_JSON shell "$@")
	_jrc=$?
	eval "$_jset"
	return $_jrc
}

# jexpect DESC FILE 'PATH OP VALUE'...: one pass, or one fail per
# comparison that does not hold (check_json.py names each on stderr)
jexpect() {
	_jdesc=$1
	shift
	$CHECK_JSON expect "$@" 2>"$T/jexpect.err"
	_jrc=$?
	if [ "$_jrc" -eq 0 ]; then
		pass
		return 0
	fi
	_jn=$fails
	while IFS= read -r _jline; do
		fail "$_jdesc: $_jline"
	done <"$T/jexpect.err"
	[ "$_jn" -ne "$fails" ] || fail "$_jdesc: check_json.py expect exited $_jrc"
	return 1
}

fail() {
	echo "FAIL: $*" >&2
	fails=$((fails + 1))
}

# pyq DESC SCRIPT ARGS...: queue a Python check, a program whose exit
# status is its verdict (SCRIPT a file, or - for one of check_json.py's
# modes), to run with the others queued in one Python start by pyq_run.
# The files it reads must stay until then.  No tabs in the arguments.
: >"$T/pyq"
pyq() {
	(IFS="	"; printf '%s\n' "$*") >>"$T/pyq"
}

# pyq_py DESC FILE [ARG...] <<'PY' ... PY: queue the Python code given on
# stdin as a check of a copy of FILE (say the last run's $T/out), taken now,
# and the ARGs: sys.argv[1] is the copy.  Its exit status is its verdict.
_pyqn=0
pyq_py() {
	_pyqn=$((_pyqn + 1))
	_pd=$1
	_pf=$2
	shift 2
	cat >"$T/pyq.$_pyqn.py"
	cp "$_pf" "$T/pyq.$_pyqn.in" 2>/dev/null
	pyq "$_pd" "$T/pyq.$_pyqn.py" "$T/pyq.$_pyqn.in" "$@"
}

# pyq_run: run the queued checks: a pass, or a fail naming DESC with what
# the check printed, for each
pyq_run() {
	[ -s "$T/pyq" ] || return 0
	$CHECK_JSON batch <"$T/pyq" >"$T/pyq.out" 2>"$T/pyq.err"
	_prc=$?
	_pwant=$(grep -c . "$T/pyq")
	: >"$T/pyq"
	while IFS="	" read -r _pst _pdesc _pwhy; do
		case $_pst in
		ok) pass ;;
		*) fail "$_pdesc${_pwhy:+: $_pwhy}" ;;
		esac
	done <"$T/pyq.out"
	if [ "$_prc" -ne 0 ] || [ "$(wc -l <"$T/pyq.out")" -ne "$_pwant" ]; then
		fail "check_json.py batch: exit $_prc, $(wc -l <"$T/pyq.out") results for $_pwant checks:"
		sed 's/^/    /' "$T/pyq.err" >&2
	fi
}

# sanitized DESC: fail DESC when $T/err holds an ASan/LSan/UBSan report
# (make check in a sanitizer build: a report in a failing run, or UBSan
# without halt_on_error, would otherwise pass unseen)
sanitized() {
	[ -s "$T/err" ] || return 1	# nothing on stderr (most runs): no grep
	if grep -Eq '==[0-9]+==ERROR: [A-Za-z]+Sanitizer|^SUMMARY: [A-Za-z]+Sanitizer|: runtime error: ' "$T/err"; then
		fail "$1: sanitizer report:"
		sed 's/^/    /' "$T/err" >&2
		return 0
	fi
	return 1
}

# run_ok DESC CMD...: the command must exit 0
run_ok() {
	desc=$1
	shift
	"$@" >"$T/out" 2>"$T/err"
	_rc=$?
	if [ "$_rc" -ne 0 ]; then
		fail "$desc: exit $_rc from: $*"
		sed 's/^/    /' "$T/err" >&2
		return 1
	fi
	sanitized "$desc" && return 1
	pass
	return 0
}

# run_bg NAME CMD...: start CMD in the background (a run that mostly
# waits, or one whose checks hold whatever runs beside it), its output in
# $T/NAME.out and $T/NAME.err; wait_ok takes its verdict
run_bg() {
	_bgn=$1
	shift
	"$@" >"$T/$_bgn.out" 2>"$T/$_bgn.err" &
	echo $! >"$T/$_bgn.pid"
}

# wait_ok DESC NAME: run_ok's verdict on the command run_bg started as NAME
# (waiting for it to end); its output is then in $T/out and $T/err too
wait_ok() {
	wait "$(cat "$T/$2.pid")"
	_rc=$?
	cp "$T/$2.out" "$T/out"
	cp "$T/$2.err" "$T/err"
	if [ "$_rc" -ne 0 ]; then
		fail "$1: exit $_rc"
		sed 's/^/    /' "$T/err" >&2
		return 1
	fi
	sanitized "$1" && return 1
	pass
	return 0
}

# cpu_ticks PID: the CPU time (clock ticks) used so far by PID, its threads
# included, and by its child processes (plio's worker processes); one awk
# a call, as a poll loop runs it beside busy workers
cpu_ticks() {
	awk -v p="$1" 'BEGIN {
		f = "/proc/" p "/task/" p "/children"
		kids = ""
		if ((getline kids <f) < 0) {	# no such file in /proc here
			cmd = "pgrep -P " p
			while ((cmd | getline k) > 0)
				kids = kids " " k
			close(cmd)
		}
		close(f)
		n = split(p " " kids, pids, " ")
		for (i = 1; i <= n; i++) {
			s = "/proc/" pids[i] "/stat"
			if ((getline line <s) > 0) {
				sub(/.*\) /, "", line)
				split(line, a, " ")
				t += a[12] + a[13]	# utime, stime
			}
			close(s)
		}
		print t + 0
	}'
}

# caught PID: whether PID catches SIGTERM yet (its SigCgt mask): plio does
# from when its jobs start (after the plugins load and the jobs are planned)
caught() {
	_m=$(sed -n 's/^SigCgt:[ \t]*//p' "/proc/$1/status" 2>/dev/null)
	[ -n "$_m" ] && [ $((0x$_m & 0x4000)) -ne 0 ]
}

# wait_busy PID TICKS: wait (polling) until PID catches signals (its jobs
# have started) and from then on it and its workers have used TICKS clock
# ticks of CPU, i.e. its jobs are well into their I/O rather than starting
# (loading plugins under a sanitizer may take more than that): 0, or 1 when
# PID ended or 60 s went by first
wait_busy() {
	_i=0
	_from=
	while kill -0 "$1" 2>/dev/null && [ "$_i" -lt 3000 ]; do
		if [ -z "$_from" ]; then
			caught "$1" && _from=$(cpu_ticks "$1")
		elif [ "$(cpu_ticks "$1")" -ge $((_from + $2)) ]; then
			return 0
		fi
		sleep 0.02
		_i=$((_i + 1))
	done
	return 1
}

# run_fails DESC PATTERN CMD...: exit status 1..127, and stderr has exactly
# one line, matching the grep -E PATTERN.
run_fails() {
	desc=$1
	pat=$2
	shift 2
	"$@" >"$T/out" 2>"$T/err"
	rc=$?
	if [ "$rc" -eq 0 ] || [ "$rc" -ge 128 ]; then
		fail "$desc: expected a clean failure, got exit $rc"
		sed 's/^/    /' "$T/err" >&2
		return 1
	fi
	sanitized "$desc" && return 1
	if ! grep -Eq -- "$pat" "$T/err"; then
		fail "$desc: stderr does not match /$pat/:"
		sed 's/^/    /' "$T/err" >&2
		return 1
	fi
	pass
	return 0
}

# finish: the verdict.  A test that checked nothing has not passed.
finish() {
	pyq_run			# checks still queued
	echo "$passes passed, $fails failed"
	if [ "$fails" -eq 0 ] && [ "$passes" -eq 0 ]; then
		echo "FAIL: no check passed: this test made no assertion" >&2
		exit 1
	fi
	[ "$fails" -eq 0 ]
	exit $?
}
