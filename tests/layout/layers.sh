#!/bin/sh
# layers.sh - the core's stages include only what lies below them.
#
# core/ has one folder per stage of the data flow, lowest first:
#   base verify input plugin options plan measure run report app
# and main.c above them all.  A file may include headers of its own stage
# and of the stages below, never above (a lower stage knows nothing of
# what is built on it).  Every include of a core header names its stage
# ("run/worker.h"), so this check sees every dependency.  Also: the
# worker's files read the plan, not the job specs it was built from; no
# stage but options reads an option's text; no .c file of the core over
# 1000 lines.
set -u
: "${TOP_SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}"
cd "$TOP_SRCDIR/core" || exit 99

STAGES="base verify input plugin options plan measure run report app"
rank() {
	r=0
	for s in $STAGES; do
		[ "$s" = "$1" ] && { echo $r; return; }
		r=$((r + 1))
	done
	[ "$1" = main ] && { echo $r; return; }
	echo -1
}

TMPF=$(mktemp) || exit 99
trap 'rm -f "$TMPF"' EXIT
fails=0
checked=0
for f in */*.[ch] main.c; do
	case $f in
	*/*) stage=${f%%/*} ;;
	*) stage=main ;;
	esac
	me=$(rank "$stage")
	if [ "$me" -lt 0 ]; then
		echo "FAIL: core/$f: folder '$stage' is not a stage ($STAGES)"
		fails=$((fails + 1))
		continue
	fi
	for inc in $(sed -n 's/^#[ \t]*include[ \t]*"\([^"]*\)".*/\1/p' "$f"); do
		[ "$inc" = config.h ] && continue
		case $inc in
		*/*) dep=${inc%%/*} ;;
		*) dep=none ;;
		esac
		r=$(rank "$dep")
		checked=$((checked + 1))
		if [ "$dep" = none ] || [ "$r" -lt 0 ] || [ ! -f "$inc" ]; then
			echo "FAIL: core/$f includes \"$inc\": name the stage folder of a core header (e.g. \"base/log.h\")"
			fails=$((fails + 1))
		elif [ "$r" -gt "$me" ]; then
			echo "FAIL: core/$f ($stage) includes \"$inc\" of a higher stage ($dep)"
			fails=$((fails + 1))
		fi
	done
done
# the plan is the worker's only input: the worker and what it calls per job
# (its statistics, its process settings) never see a job spec
for f in run/worker.c run/worker.h run/wstate.h run/pick.c run/loop.c run/wbuf.c run/wpace.c run/wiolog.c \
	run/process.c measure/stats.c measure/stats.h; do
	checked=$((checked + 1))
	if grep -n 'job_spec\|->spec\b\|options/' "$f" | grep -v '^[0-9]*: *\*' >"$TMPF"; then
		echo "FAIL: core/$f reads a job spec or the options stage; the worker's input is the plan:"
		sed 's/^/    /' "$TMPF"
		fails=$((fails + 1))
	fi
done
# each option is decoded once, where it is parsed: the text it was given
# (struct job_text) is read by the options stage alone
for f in */*.[ch] main.c; do
	case $f in options/*) continue ;; esac
	checked=$((checked + 1))
	if grep -n '[.>]txt\.' "$f" >"$TMPF"; then
		echo "FAIL: core/$f reads an option's text (js->txt); read what options decoded:"
		sed 's/^/    /' "$TMPF"
		fails=$((fails + 1))
	fi
done
for f in */*.c main.c; do
	n=$(wc -l <"$f")
	if [ "$n" -gt 1000 ]; then
		echo "FAIL: core/$f has $n lines (at most 1000: split it by what it owns)"
		fails=$((fails + 1))
	fi
done
echo "$checked checks, $fails failed"
[ "$checked" -gt 0 ] && [ "$fails" -eq 0 ]
