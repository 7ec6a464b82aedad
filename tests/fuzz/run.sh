#!/bin/sh
# run.sh SECONDS TARGET... - run each libFuzzer target (tests/fuzz/fuzz_*,
# built by `make fuzz`) for SECONDS over its seed corpus, the targets side
# by side, and say what each did.  Exits 1 when any found a crash, a leak,
# undefined behaviour, a hang (an input over 10 s) or an input that needs
# more than 2 GB; the input is then shown and kept in the artifact folder.
#
# Seeds: tests/fuzz/corpus/NAME (fuzz_NAME), and for fuzz_jobfile the job
# files of tests/integration/corpus.  A dictionary of the option names is
# written by the target itself (PLIO_FUZZ_DICT).  New inputs go to a
# temporary folder, or to $FUZZ_WORK/NAME when FUZZ_WORK is set (kept, so
# that a later run starts from them); crash artifacts to $FUZZ_WORK or the
# current directory.  FUZZ_FLAGS: more libFuzzer flags (-use_value_profile=1,
# -jobs=N, ...).
set -u
[ $# -ge 2 ] || { echo "usage: $0 SECONDS TARGET..." >&2; exit 2; }
secs=$1
shift
src=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/plio-fuzz-run.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
work=${FUZZ_WORK:-$tmp}
art=${FUZZ_WORK:-$(pwd)}

for t in "$@"; do
	name=$(basename "$t")
	name=${name#fuzz_}
	mkdir -p "$work/$name" "$tmp/seeds-$name" || exit 1
	[ -d "$src/tests/fuzz/corpus/$name" ] &&
		cp -R "$src/tests/fuzz/corpus/$name/." "$tmp/seeds-$name/"
	if [ "$name" = jobfile ]; then
		for d in good bad; do
			mkdir -p "$tmp/seeds-$name/$d"
			cp -R "$src/tests/integration/corpus/$d/." "$tmp/seeds-$name/$d/"
			rm -f "$tmp/seeds-$name/$d"/*.err
		done
	fi
	PLIO_FUZZ_DICT="$tmp/$name.dict" "$t" >/dev/null 2>&1 ||
		{ echo "FAIL: $t could not write its dictionary" >&2; exit 1; }
	echo "fuzz: $name for ${secs}s ($(find "$tmp/seeds-$name" -type f | wc -l) seeds)"
	# -close_fd_mask=3: the targets' warnings and dumps are not shown
	# (libFuzzer's own output and the sanitizers' reports are)
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=1" \
	"$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
		-close_fd_mask=3 -print_final_stats=1 -dict="$tmp/$name.dict" \
		-artifact_prefix="$art/$name-" ${FUZZ_FLAGS:-} "$work/$name" "$tmp/seeds-$name" \
		>"$tmp/$name.log" 2>&1 &
	echo $! >"$tmp/$name.pid"
done

rc=0
for t in "$@"; do
	name=$(basename "$t")
	name=${name#fuzz_}
	wait "$(cat "$tmp/$name.pid")"
	trc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$tmp/$name.log")
	cov=$(grep -Eo 'cov: [0-9]+ ft: [0-9]+ corp: [0-9]+' "$tmp/$name.log" | tail -1)
	if [ "$trc" -eq 0 ]; then
		echo "fuzz: $name: ok, ${execs:-?} runs in ${secs}s, $cov"
		continue
	fi
	rc=1
	echo "FAIL: fuzz: $name: exit $trc after ${execs:-?} runs" >&2
	grep -v '^#[0-9]' "$tmp/$name.log" | tail -80 >&2
	for a in "$art/$name"-*; do
		[ -f "$a" ] || continue
		echo "--- $a (as text, then its bytes):" >&2
		head -c 2000 "$a" >&2
		echo >&2
		od -c "$a" | head -40 >&2
	done
done
exit $rc
