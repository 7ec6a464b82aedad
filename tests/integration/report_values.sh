#!/bin/sh
# report_values: figures of the report that must equal fio 3.33's for the
# same job, value by value (fio_compare.sh checks the structure): I/O
# depth distributions, the normal layout's lines, terse positions.
. "$TOP_SRCDIR/tests/integration/lib.sh"

J="$CHECK_JSON"

# I/O depths count at submission, as fio's: a batch of 8 submitted with 8
# in flight is 8=100% (counting each unit as it is queued would give
# 1,2,4 and 8 their shares of the 1..8 ramp)
if run_ok "depth at submission" "$PLIO" --name=d --ioengine=null --rw=randread \
	--size=4m --iodepth=8 --iodepth_batch=8 --iodepth_batch_complete_min=8 \
	--output-format=json; then
	jset "$T/out" iodepth_level=jobs.0.iodepth_level.8 \
		iodepth_submit=jobs.0.iodepth_submit.8 \
		iodepth_complete=jobs.0.iodepth_complete.8 level1=jobs.0.iodepth_level.1
	for k in iodepth_level iodepth_submit iodepth_complete; do
		eval "v=\$$k"
		if [ "$v" = 100.0 ]; then pass
		else fail "depth at submission: $k.8 is $v, fio: 100.0"
		fi
	done
	if [ "$level1" = 0.0 ]; then pass
	else fail "depth at submission: iodepth_level.1 is $level1, not 0.0"
	fi
fi

# fio's percentile block headings: "    slat", "    clat", "    lat" (the
# lat latency line has one more space, the percentile heading has not)
if run_ok "percentile headings" "$PLIO" --name=p --ioengine=null --size=1m \
	--iodepth=4 --lat_percentiles=1 --slat_percentiles=1 \
	--percentile_list=99.9:50:5.125; then
	got=$(grep -E '^ +(s|c)?lat percentiles|^ +\|' "$T/out" | sed -E 's/\[ *[0-9]+\]/[V]/g')
	want="    slat percentiles (nsec):
     |  5.125th=[V], 50.000th=[V], 99.900th=[V]
    clat percentiles (nsec):
     |  5.125th=[V], 50.000th=[V], 99.900th=[V]
    lat percentiles (nsec):
     |  5.125th=[V], 50.000th=[V], 99.900th=[V]"
	if [ "$got" = "$want" ]; then pass
	else fail "percentile headings: got
$got
fio's:
$want"
	fi
fi

# percentile_list as fio reads it: a 0 ends the list ("50:0:99" is 50 alone,
# "25.123:0" 25.123, "0:50" none: an empty "percentile" object and no
# percentile block); more than 20 are taken with a warning, the first 20
# used (an error with --warnings-fatal)
pcts() {
	$PYTHON -c 'import json, sys
print(" ".join(json.load(open(sys.argv[1]))["jobs"][0]["read"]["clat_ns"]["percentile"]))' "$1"
}
for c in "50:0:99=50.000000" "25.123:0=25.123000" "0:50="; do
	list=${c%%=*}
	want=${c#*=}
	if run_ok "percentile_list=$list" "$PLIO" --name=p --ioengine=null --size=64k \
		--percentile_list="$list" --output-format=json; then
		got=$(pcts "$T/out")
		if [ "$got" = "$want" ]; then pass
		else fail "percentile_list=$list: percentiles '$got', want '$want'"
		fi
	fi
done
if run_ok "percentile_list=0:50 normal" "$PLIO" --name=p --ioengine=null --size=64k \
	--percentile_list=0:50; then
	grep -q 'percentiles' "$T/out" && fail "percentile_list=0:50: a percentile block" || pass
fi
long=$(seq -s: 1 22)
if run_ok "22 percentiles" "$PLIO" --name=p --ioengine=null --size=64k \
	--percentile_list="$long" --output-format=json; then
	got=$(pcts "$T/out")
	if [ "$got" = "$(seq -f '%f' -s' ' 1 20)" ] && [ "$(wc -l <"$T/err")" -eq 1 ] &&
	   grep -q '^plio: warning: command line (argument 4): percentile_list: 22 percentiles given, only the first 20 are used$' "$T/err"; then
		pass
	else
		fail "22 percentiles: got '$got', stderr:"
		sed 's/^/    /' "$T/err" >&2
	fi
fi
run_fails "22 percentiles, warnings fatal" \
	"^plio: command line \(argument 4\): percentile_list: 22 percentiles given, only the first 20 are used \(--warnings-fatal\)$" \
	"$PLIO" --name=p --ioengine=null --size=64k --percentile_list="$long" --warnings-fatal

# minor faults count from the job's start, after its setup, as fio's (about
# 10 for a small null job): writing the statistics' histograms for the
# first time (some 95 pages) belongs to the setup
for m in "" "--thread"; do
	if run_ok "minf $m" "$PLIO" --name=m --ioengine=null --size=1m $m --output-format=json; then
		minf=$($PYTHON -c 'import json,sys; print(json.load(open(sys.argv[1]))["jobs"][0]["minf"])' "$T/out")
		if [ "$minf" -lt 20 ]; then pass; else fail "minf $m: $minf minor faults in a 1 MiB null job"; fi
	fi
done

# a job that ends within ramp_time has nothing measured, its I/O depth
# distributions included
if run_ok "ended in ramp" "$PLIO" --name=r --ioengine=null --size=4m \
	--ramp_time=10 --output-format=json; then
	jset "$T/out" v1=jobs.0.read.io_bytes v2=jobs.0.read.total_ios \
		v3=jobs.0.iodepth_submit.4 v4=jobs.0.iodepth_complete.4 v5=jobs.0.iodepth_level.1
	i=0
	for k in read.io_bytes read.total_ios iodepth_submit.4 iodepth_complete.4 iodepth_level.1; do
		i=$((i + 1))
		eval "v=\$v$i"
		case $v in
		0|0.0) pass ;;
		*) fail "ended in ramp: $k is $v, not 0" ;;
		esac
	done
	# and it says so, once, as a warning (the exit status stays 0)
	[ "$(grep -c "^plio: warning: job 'r': it ended within ramp_time (10000 ms): nothing was measured$" "$T/err")" = 1 ] &&
		pass || fail "ended in ramp: no warning: $(cat "$T/err")"
fi
# a job that measured something says nothing about the ramp
run_ok "ramp then measured" "$PLIO" --name=m --ioengine=null --size=4m \
	--time_based --ramp_time=10ms --runtime=50ms --output-format=json &&
	{ grep -q "ramp_time" "$T/err" && fail "ramp then measured: $(cat "$T/err")" || pass; }

# CPU use is over the measured time: ramp_time's CPU is not counted (it
# was, over a runtime without the ramp: usr=198% for a busy null job with
# a ramp as long as its runtime)
if run_ok "cpu after ramp" "$PLIO" --name=c --ioengine=null --size=1g \
	--time_based --ramp_time=300ms --runtime=300ms --output-format=json; then
	if cpu=$($PYTHON -c 'import json,sys; j=json.load(open(sys.argv[1]))["jobs"][0]
cpu = j["usr_cpu"] + j["sys_cpu"]
print(cpu)
sys.exit(not (0 < cpu < 150))' "$T/out"); then pass
	else fail "cpu after ramp: usr+sys is $cpu%"
	fi
fi

# JSON "elapsed" counts whole seconds (rounded up) from plio's start, as
# fio's: startdelay and ramp_time included, the same for every job (a
# second job that ended early too); 1.5 s of delay, ramp and runtime: 2
if run_ok "elapsed from the start" "$PLIO" --name=e --ioengine=null --size=1g \
	--time_based --startdelay=500ms --ramp_time=500ms --runtime=500ms \
	--name=f --ioengine=null --size=1m --output-format=json; then
	jset "$T/out" e0=jobs.0.elapsed e1=jobs.1.elapsed
	[ "$e0" = 2 ] && pass || fail "elapsed of a delayed, ramped job: $e0, not 2"
	[ "$e1" = 2 ] && pass || fail "elapsed of a job that ended early: $e1, not 2"
fi

# terse percentile slots: fio's list whenever percentiles are on, zeros
# for a direction without I/O (the reads of a write job); "0%=0" padding
# when they are off (clat_percentiles=0, disable_clat, gtod_reduce,
# stats=0); lat_percentiles takes over even with disable_clat
slots() {
	want=$1
	shift
	if run_ok "terse slots $*" "$PLIO" --name=t --ioengine=null --rw=write \
		--size=1m --minimal "$@"; then
		got=$(cut -d';' -f18-20 "$T/out")
		if [ "$got" = "$want" ]; then pass
		else fail "terse read percentile slots with '$*': '$got', fio: '$want'"
		fi
	fi
}
slots "1.000000%=0;5.000000%=0;10.000000%=0"
slots "50.000000%=0;99.000000%=0;0%=0" --percentile_list=50:99
slots "0%=0;0%=0;0%=0" --clat_percentiles=0
slots "0%=0;0%=0;0%=0" --disable_clat=1
slots "1.000000%=0;5.000000%=0;10.000000%=0" --disable_clat=1 --lat_percentiles=1
slots "0%=0;0%=0;0%=0" --gtod_reduce=1
slots "0%=0;0%=0;0%=0" --stats=0

# logs: log_window_value=both puts each window's max after its mean;
# log_issue_time ends lat and clat lines with the issue time (ns), no
# later than the completion's millisecond
if run_ok "log_window_value=both" "$PLIO" --name=w --ioengine=null \
	--size=16m --rw=randrw --write_lat_log="$T/wv" --log_avg_msec=1 \
	--log_window_value=both; then
	if awk -F', ' 'NF != 6 || $2 > $3 { bad++ } END { exit !(NR > 0 && !bad) }' \
		"$T/wv_clat.1.log"; then pass
	else fail "log_window_value=both: lines not TIME, MEAN, MAX, DIR, BS, PRIO with MEAN <= MAX: $(head -2 "$T/wv_clat.1.log")"
	fi
fi
if run_ok "log_issue_time" "$PLIO" --name=i --ioengine=null \
	--size=1m --iodepth=4 --write_lat_log="$T/it" --log_issue_time=1; then
	if awk -F', ' 'NF != 6 || $6 > ($1 + 1) * 1000000 || $6 + $2 > ($1 + 1) * 1000000 { bad++ }
		END { exit !(NR == 256 && !bad) }' "$T/it_clat.1.log"; then pass
	else fail "log_issue_time: clat lines without a plausible issue time: $(head -2 "$T/it_clat.1.log")"
	fi
fi

# reports taken while the job runs (--status-interval) have real CPU
# figures (they had the start offsets: sys=1845914830756671%,
# ctx=18446744073709551615)
if run_ok "cpu while running" "$PLIO" --name=s --ioengine=null --size=1g \
	--time_based --runtime=2200ms --status-interval=1 --output-format=json; then
	if $PYTHON - "$T/out" <<'PY'; then pass
import json, sys
s, dec, i, n = open(sys.argv[1]).read(), json.JSONDecoder(), 0, 0
while "{" in s[i:]:
    o, i = dec.raw_decode(s, s.index("{", i))
    j = o["jobs"][0]
    assert 0 <= j["usr_cpu"] + j["sys_cpu"] <= 100.5, (j["usr_cpu"], j["sys_cpu"])
    assert j["ctx"] < 1 << 40 and j["minf"] < 1 << 40, (j["ctx"], j["minf"])
    n += 1
assert n >= 2, n
PY
	else fail "cpu while running: a report with impossible CPU figures (above)"
	fi
fi

# group_reporting is the joining job's: b joins a's entry when b has it,
# not when only a has it
entries() {
	want=$1
	shift
	if run_ok "group_reporting $*" "$PLIO" --name=a --ioengine=null --size=1m "$@"; then
		got=$(grep -Eo '^[ab]: \(groupid=0, jobs=[0-9]+\)' "$T/out" | tr '\n' ' ')
		if [ "$got" = "$want" ]; then pass
		else fail "group_reporting $*: entries '$got', fio: '$want'"
		fi
	fi
}
entries "a: (groupid=0, jobs=2) " --name=b --ioengine=null --size=1m --group_reporting
entries "a: (groupid=0, jobs=1) b: (groupid=0, jobs=1) " --group_reporting \
	--name=b --ioengine=null --size=1m --group_reporting=0

# the job line before the run: fio's rw names and each direction's block
# size range
header() {
	want=$1
	shift
	if run_ok "job line $*" "$PLIO" --name=h --ioengine=null --size=1m "$@"; then
		got=$(head -1 "$T/out")
		if [ "$got" = "h: (g=0): $want, ioengine=null, iodepth=1" ]; then pass
		else fail "job line for $*: '$got', fio: 'h: (g=0): $want, ...'"
		fi
	fi
}
header "rw=randtrim, bs=(R) 4096B-4096B, (W) 4096B-4096B, (T) 4096B-4096B" --rw=randtrim
header "rw=trimwrite, bs=(R) 4096B-4096B, (W) 4096B-4096B, (T) 4096B-4096B" --rw=trimwrite
header "rw=rw, bs=(R) 1024KiB-1024KiB, (W) 1024KiB-1024KiB, (T) 1024KiB-1024KiB" \
	--rw=readwrite --bs=1m
header "rw=randrw, bs=(R) 4096B-16.0KiB, (W) 4096B-16.0KiB, (T) 4096B-16.0KiB" \
	--rw=randrw --bsrange=4k-16k
header "rw=randrw, bs=(R) 4096B-4096B, (W) 8192B-8192B, (T) 2048B-2048B" \
	--rw=randrw --bs=4k,8k,2k
header "rw=randrw, bs=(R) 4096B-64.0KiB, (W) 4096B-64.0KiB, (T) 4096B-64.0KiB" \
	--rw=randrw --bssplit=4k/50:64k/50

finish
