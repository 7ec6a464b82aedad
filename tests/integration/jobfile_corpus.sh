#!/bin/sh
# jobfile_corpus: every job file of corpus/good (globals, includes, ${VAR},
# arithmetic, suffixes, kb_base, ranges, per-direction values, bssplit,
# comments, the engines' options) parses, and its --showcmd line parses to
# the same job specs (--debug=parse lists each job's non-default values)
# and shows the same line again; two files on one command line give two
# lines that each do the same.  Every file of corpus/bad fails with exactly
# the one line of its .err (run from the corpus folder, as plio prints
# relative paths as given).
. "$TOP_SRCDIR/tests/integration/lib.sh"

CORPUS=$TOP_SRCDIR/tests/integration/corpus
PLIO_CORPUS_BS=8k
PLIO_CORPUS_DIR=$T
export PLIO_CORPUS_BS PLIO_CORPUS_DIR

# roundtrip DESC FILES...: --showcmd lines re-parse to the files' specs
roundtrip() {
	desc=$1
	shift
	run_ok "$desc: parse" "$PLIO" --parse-only --debug=parse "$@" || return
	sort "$T/err" >"$T/specs.file"
	if ! grep -q "debug: job " "$T/specs.file"; then
		fail "$desc: no specs listed"
		return
	fi
	run_ok "$desc: showcmd" "$PLIO" --showcmd "$@" || return
	cp "$T/out" "$T/lines"
	: >"$T/specs.cmd"
	while IFS= read -r line; do
		eval "set -- $line"
		shift
		run_ok "$desc: parse the showcmd line" "$PLIO" --parse-only --debug=parse "$@" || return
		cat "$T/err" >>"$T/specs.cmd"
		run_ok "$desc: showcmd the showcmd line" "$PLIO" --showcmd "$@" || return
		if [ "$(cat "$T/out")" = "$line" ]; then pass; else
			fail "$desc: showcmd changed: '$line' became '$(cat "$T/out")'"; fi
	done <"$T/lines"
	sort "$T/specs.cmd" >"$T/specs.cmd.sorted"
	if cmp -s "$T/specs.file" "$T/specs.cmd.sorted"; then pass; else
		fail "$desc: the showcmd line parses to other specs:"
		diff "$T/specs.file" "$T/specs.cmd.sorted" | sed 's/^/    /' >&2
	fi
}

cd "$CORPUS/good" || exit 99
n=0
for f in *.fio; do
	roundtrip "$f" "$f"
	n=$((n + 1))
done
[ "$n" -ge 40 ] && pass || fail "only $n good job files"
roundtrip "two files" multi_a.fio multi_b.fio
[ "$(wc -l <"$T/lines")" -eq 2 ] && pass || fail "two files: not two showcmd lines"

cd "$CORPUS/bad" || exit 99
n=0
for f in *.fio; do
	n=$((n + 1))
	"$PLIO" --parse-only "$f" >"$T/out" 2>"$T/err"
	rc=$?
	if [ "$rc" -eq 0 ] || [ "$rc" -ge 128 ]; then
		fail "$f: expected a clean failure, got exit $rc"
		continue
	fi
	sanitized "$f" && continue
	if cmp -s "$T/err" "${f%.fio}.err"; then pass; else
		fail "$f: expected '$(cat "${f%.fio}.err")', got:"
		sed 's/^/    /' "$T/err" >&2
	fi
done
[ "$n" -ge 15 ] && pass || fail "only $n broken job files"

finish
