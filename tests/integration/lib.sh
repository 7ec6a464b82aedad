# lib.sh - shared helpers of the integration tests (sourced, POSIX sh).
#
# Environment from `make check`: PLIO, PLIO_BUILTIN, TOP_SRCDIR, TOP_BUILDDIR,
# TESTPLUGINS.  Each test gets a private temporary directory, removed at exit.

set -u
: "${PLIO:?run through make check, or set PLIO}"
: "${TOP_SRCDIR:?}"
TESTPLUGINS=${TESTPLUGINS:-$TOP_BUILDDIR/tests/plugins/.libs}
CHECK_JSON="python3 $TOP_SRCDIR/tests/integration/check_json.py"

# ext4 (or whatever / is) by default; the caller may prefer /dev/shm
T=$(mktemp -d "${TMPDIR:-/tmp}/plio-test.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT INT TERM

fails=0
passes=0

pass() {
	passes=$((passes + 1))
}

fail() {
	echo "FAIL: $*" >&2
	fails=$((fails + 1))
}

# sanitized DESC: fail DESC when $T/err holds an ASan/LSan/UBSan report
# (make check in a sanitizer build: a report in a failing run, or UBSan
# without halt_on_error, would otherwise pass unseen)
sanitized() {
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
	if ! "$@" >"$T/out" 2>"$T/err"; then
		fail "$desc: exit $? from: $*"
		sed 's/^/    /' "$T/err" >&2
		return 1
	fi
	sanitized "$desc" && return 1
	pass
	return 0
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

finish() {
	echo "$passes passed, $fails failed"
	[ "$fails" -eq 0 ]
	exit $?
}
