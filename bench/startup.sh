#!/bin/sh
# startup.sh - what a whole short plio command costs, beside fio 3.33:
# start, find and load the engine plugins, parse, run a tiny job, report,
# exit.  It is what scripts that call plio many times (and the test suite)
# pay per call, and where plio's plugin loading shows (every plugin file
# of the search path is loaded, first in a forked child: see
# doc/engine-guide.md, "Loading").
#
# Usage (from the build tree):  bench/startup.sh [RUNS]
#   RUNS   calls per command and round (default 50)
# Env: PLIO (default ./plio), FIO (default fio), ROUNDS (default 3: the
# tools take turns, each round; the figure is the best round's mean).
#
# Cases (each a null-engine job of 1 MiB, terse output to /dev/null): a
# plio job, plio --parse-only and plio --enghelp (which load the same
# plugins), and the same job under fio.
set -u
RUNS=${1:-50}
ROUNDS=${ROUNDS:-3}
PLIO=${PLIO:-./plio}
FIO=${FIO:-fio}
T=$(mktemp -d) || exit 1
trap 'rm -rf "$T"' EXIT INT TERM

# mean milliseconds of RUNS calls of the command
per_call() {
	s=$(date +%s%N)
	i=0
	while [ $i -lt "$RUNS" ]; do
		"$@" >/dev/null 2>&1
		i=$((i + 1))
	done
	e=$(date +%s%N)
	echo $(((e - s) / RUNS / 1000))
}

JOB="--name=t --ioengine=null --size=1m --output-format=terse"
best_plio= best_parse= best_help= best_fio=
r=0
while [ $r -lt "$ROUNDS" ]; do
	p=$(per_call $PLIO $JOB)
	q=$(per_call $PLIO --parse-only $JOB)
	h=$(per_call $PLIO --enghelp)
	f=
	command -v "$FIO" >/dev/null && f=$(per_call "$FIO" $JOB)
	[ -z "$best_plio" ] || [ "$p" -lt "$best_plio" ] && best_plio=$p
	[ -z "$best_parse" ] || [ "$q" -lt "$best_parse" ] && best_parse=$q
	[ -z "$best_help" ] || [ "$h" -lt "$best_help" ] && best_help=$h
	if [ -n "$f" ]; then
		[ -z "$best_fio" ] || [ "$f" -lt "$best_fio" ] && best_fio=$f
	fi
	r=$((r + 1))
done

ms() { printf '%d.%03d ms' $(($1 / 1000)) $(($1 % 1000)); }
echo "startup and a tiny null job, mean of $RUNS calls, best of $ROUNDS rounds"
printf '  %-28s %14s\n' "plio job" "$(ms "$best_plio")"
printf '  %-28s %14s\n' "plio --parse-only" "$(ms "$best_parse")"
printf '  %-28s %14s\n' "plio --enghelp" "$(ms "$best_help")"
if [ -n "$best_fio" ]; then
	printf '  %-28s %14s   plio/fio %s\n' "fio job" "$(ms "$best_fio")" \
		"$(awk -v a="$best_plio" -v b="$best_fio" 'BEGIN { printf "%.3f", a / b }')"
else
	echo "  fio: not installed"
fi
