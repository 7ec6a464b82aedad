#!/bin/sh
# fio_compare: plio's JSON, JSON+ and terse outputs have fio's structure.
# The same small jobs (null engine and files: read, randwrite, a rw mix,
# trim, two jobs with group_reporting, fsync=N for "sync", the reporting
# options) run through plio and through the installed fio (3.33 is the
# reference); the JSON documents must have the same keys in the same
# order, nesting and JSON types (values excluded), JSON+ must have "bins"
# exactly where fio has them, and every terse version must print as many
# fields, of the same kinds, as fio's.
. "$TOP_SRCDIR/tests/integration/lib.sh"

if ! command -v fio >/dev/null 2>&1; then
	skip_test "fio is not installed: this test compares plio's outputs with fio's (Debian: apt-get install fio)"
fi
echo "comparing with $(fio --version)"

# fio takes half a second a run, mostly waiting: every fio run starts in
# the background at once (each case in folders of its own, $T/fio.N.d and
# $T/plio.N.d, for its file), plio's run of the case goes on meanwhile,
# and the comparisons wait for fio at the end (compare_all)
n=0
: >"$T/cases"
# case FORMAT DESC CHECK WHAT OPTIONS...: start fio with
# --output-format=FORMAT into $T/fio.N, run plio into $T/plio.N; CHECK
# (schema, terse or order) compares them at the end, failing "DESC: WHAT"
case_run() {
	fmt=$1
	desc=$2
	chk=$3
	what=$4
	shift 4
	n=$((n + 1))
	mkdir "$T/fio.$n.d" "$T/plio.$n.d"
	(cd "$T/fio.$n.d" && exec fio --name=cmp "$@" --output-format="$fmt") \
		>"$T/fio.$n" 2>"$T/fio.$n.err" &
	echo $! >"$T/fio.$n.pid"
	if ! (cd "$T/plio.$n.d" && exec "$PLIO" --name=cmp "$@" --output-format="$fmt") \
		>"$T/plio.$n" 2>"$T/err"; then
		fail "$desc: plio failed: $(cat "$T/err")"
		return 0
	fi
	sanitized "$desc" && return 0
	printf '%s\t%s\t%s\t%s\n' "$n" "$chk" "$desc" "$what" >>"$T/cases"
}

# json FORMATS DESC OPTIONS...: the JSON (json, json+ or both, as "json
# json+") structure equals fio's.  JSON+ is checked on the cases with the
# most latencies only.
json() {
	fmts=$1
	desc=$2
	shift 2
	for fmt in $fmts; do
		case_run "$fmt" "$desc" schema "$fmt structure differs from fio's" "$@"
	done
}

# terse VERSIONS DESC OPTIONS...: each terse version's fields equal
# fio's in number and kind
terse() {
	versions=$1
	desc=$2
	shift 2
	for v in $versions; do
		case_run terse "$desc" terse "terse version $v differs from fio's" \
			--terse-version=$v "$@"
	done
}

# order FILE: the formats in FILE in the order they come
order() {
	awk '/^[0-9];/ { if (!t++) print "terse" } /^\{/ { print "json" }
	     /^Run status group/ { print "normal" }' "$1" | tr '\n' ' '
}

# compare_all: wait for every fio run; compare each case whose runs both
# succeeded (schema and terse through check_json.py, all in one start)
compare_all() {
	i=0
	while [ $i -lt $n ]; do
		i=$((i + 1))
		wait "$(cat "$T/fio.$i.pid")" || echo $? >"$T/fio.$i.failed"
	done
	while IFS="	" read -r i chk desc what; do
		if [ -e "$T/fio.$i.failed" ]; then
			fail "$desc: fio failed: $(head -3 "$T/fio.$i.err")"
			continue
		fi
		case $chk in
		schema|terse) pyq "$desc: $what" - "$chk" "$T/plio.$i" "$T/fio.$i" ;;
		order)
			if [ "$(order "$T/plio.$i")" = "$(order "$T/fio.$i")" ]; then
				pass
			else
				fail "$desc: order '$(order "$T/plio.$i")', fio's '$(order "$T/fio.$i")'"
			fi ;;
		esac
	done <"$T/cases"
	pyq_run
}

F="--filename=f"
json "json json+" "null randread" --ioengine=null --rw=randread --bs=4k --size=8m
json json "null 2 jobs, group_reporting" --ioengine=null --rw=randread \
	--size=8m --numjobs=2 --group_reporting
json json "psync read" --ioengine=psync $F --rw=read --bs=4k --size=1m
json json "psync randwrite" --ioengine=psync $F --rw=randwrite --bs=4k --size=1m
json json "psync rw mix" --ioengine=psync $F --rw=randrw --rwmixread=60 \
	--bs=4k --size=2m
json "json json+" "fsync=N" --ioengine=psync $F --rw=write --bs=4k --size=1m \
	--fsync=8
json json "null trim" --ioengine=null --rw=randtrim --bs=4k --size=1m
json json "description" --ioengine=null --rw=read --size=1m --description="a job"
json json "unified mixed" --ioengine=null --rw=randrw --size=2m \
	--unified_rw_reporting=mixed
json json "unified both" --ioengine=null --rw=randrw --size=2m \
	--unified_rw_reporting=both
json json+ "all percentiles" --ioengine=null --rw=randrw --size=2m \
	--lat_percentiles=1 --slat_percentiles=1 --clat_percentiles=1
json json "percentile_list" --ioengine=null --rw=read --size=1m \
	--percentile_list=99.9:50:5.125 --clat_percentiles=0 --lat_percentiles=1
json json "percentile_list ended by 0" --ioengine=null --rw=read --size=1m \
	--percentile_list=50:0:99
json "json json+" "percentile_list starting with 0" --ioengine=null --rw=read \
	--size=1m --percentile_list=0:50
json json "percentile_list of 22" --ioengine=null --rw=read --size=1m \
	--percentile_list=$(seq -s: 1 22)

terse "2 3 4 5" "psync rw mix with description" --ioengine=psync $F \
	--rw=randrw --size=1m --description=d
terse 3 "unified both" --ioengine=null --rw=randrw --size=2m \
	--unified_rw_reporting=both

# combined formats come in fio's order: terse, then JSON, then normal
case_run terse,json,normal "combined formats" order "" --ioengine=null --size=1m

compare_all
finish
