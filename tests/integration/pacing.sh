#!/bin/sh
# pacing: rate, rate_iops, rate_process, rate_min, rate_iops_min,
# thinktime and its options, measured from what the jobs did.
#
# - the achieved rate of a capped job (null engine) within 1% of the cap,
#   from 500 IOPS up to 100k, in bytes (rate) and I/Os (rate_iops), per
#   direction;
# - rate_process=poisson: the gaps between issue times (log_issue_time)
#   are exponential (median deviation near 0.64, linear's near 0);
# - a mixed job whose writes are capped reads at will (fio's switch);
# - rate_min and rate_iops_min fail the job with EIO and one line; a
#   minimum above its cap is refused;
# - thinktime: the gap after every thinktime_blocks I/Os (issue times),
#   thinktime_spin's share of CPU time, thinktime_iotime's cycle with and
#   without rate_ignore_thinktime, thinktime_blocks_type=issue;
# - flow: jobs of one flow_id keep the ratio of their weights;
# - latency_target finds the depth a test engine of known latency
#   allows, ends a window after, fails at depth 1 when even that is slow;
# - max_latency fails the job with ETIMEDOUT on the first I/O above it;
# - io_submit_mode=offload: a submitter thread; the bytes move, and the
#   queueing of a device behind a paced job's rate is measured;
# - ramp_time runs unpaced, and the rate holds after it; steadystate sees
#   a paced job steady and ends it.
# Tolerances hold on a loaded 2-core machine: the schedule is absolute,
# so a late wait is caught up, and a rate is met over the run.
. "$TOP_SRCDIR/tests/integration/lib.sh"
# jobs with verify leave their state file in the current directory
cd "$T" || exit 99

NULLJ="--name=p --ioengine=null --size=100g --bs=4k --time_based --output-format=json"

# paced DESC ARGS...: a 2 s null job with ARGS, its JSON kept as $T/pN.json
_pn=0
paced() {
	_pn=$((_pn + 1))
	_pd=$1
	shift
	# shellcheck disable=SC2086
	run_ok "$_pd" "$PLIO" $NULLJ --runtime=2 "$@" || return 1
	cp "$T/out" "$T/p$_pn.json"
}

# ------------------------------------------------------------ the rate
for r in 500 10000 100000; do
	paced "rate_iops=$r" --rw=randread --rate_iops=$r &&
		jexpect "rate_iops=$r: within 1% over 2 s" "$T/p$_pn.json" 'jobs.0.error == 0' \
			"jobs.0.read.total_ios >= $((r * 2 * 99 / 100))" \
			"jobs.0.read.total_ios <= $((r * 2 * 101 / 100 + 1))"
done
paced "rate=8m" --rw=write --rate=8m &&
	jexpect "rate=8m: 16 MiB within 1%" "$T/p$_pn.json" \
		"jobs.0.write.io_bytes >= $((16777216 * 99 / 100))" \
		"jobs.0.write.io_bytes <= $((16777216 * 101 / 100 + 4096))"
paced "rate=1m,2m on randrw" --rw=randrw --rate=1m,2m &&
	jexpect "rate=1m,2m: each direction its own" "$T/p$_pn.json" \
		"jobs.0.read.io_bytes >= $((2097152 * 98 / 100))" \
		"jobs.0.read.io_bytes <= $((2097152 * 102 / 100 + 4096))" \
		"jobs.0.write.io_bytes >= $((4194304 * 98 / 100))" \
		"jobs.0.write.io_bytes <= $((4194304 * 102 / 100 + 4096))"
paced "rate=,1m on randrw: writes capped, reads not" --rw=randrw --rate=,1m &&
	jexpect "rate=,1m: writes at 1 MiB/s, reads as fast as they go" "$T/p$_pn.json" \
		"jobs.0.write.io_bytes >= $((2097152 * 98 / 100))" \
		"jobs.0.write.io_bytes <= $((2097152 * 102 / 100 + 4096))" \
		"jobs.0.read.io_bytes > 20971520"
paced "rate_iops with a range of sizes: at the smallest (fio's)" --rw=randread \
	--bsrange=4k-12k --rate_iops=1000 &&
	jexpect "rate_iops=1000 bsrange=4k-12k: 4000 KiB a second" "$T/p$_pn.json" \
		"jobs.0.read.io_bytes >= $((8192000 * 98 / 100))" \
		"jobs.0.read.io_bytes <= $((8192000 * 102 / 100 + 12288))"

# issue-time gaps: linear's are even, poisson's exponential
# (the median of |gap - mean| / mean: 0 for even gaps, 0.636 for
# exponential ones; a median, so a few gaps a busy host stretched do not
# move it)
cat >"$T/gaps.py" <<'PY'
import statistics, sys
t = sorted(int(l.split(",")[5]) for l in open(sys.argv[1]) if l.strip())
g = [b - a for a, b in zip(t, t[1:])]
mean = statistics.mean(g)
dev = statistics.median(abs(x - mean) for x in g) / mean
lo, hi, want = float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
if not (lo <= dev <= hi) or abs(mean - want) > want * 0.05:
    sys.exit(f"{len(g)} gaps: mean {mean:.0f} ns (want {want:.0f}), median deviation {dev:.3f} (want {lo}-{hi})")
PY
for p in "linear 0 0.1" "poisson 0.5 0.8"; do
	set -- $p
	paced "rate_process=$1" --rw=randread --rate_iops=2000 --rate_process="$1" \
		--write_lat_log="$T/g$1" --log_issue_time=1 --log_avg_msec=0 &&
		cp "$T/g${1}_lat.1.log" "$T/g$1.log" &&
		pyq "rate_process=$1: the gaps between issues" "$T/gaps.py" "$T/g$1.log" "$2" "$3" 500000
done

# ------------------------------------------------------------ minimums
# shellcheck disable=SC2086
run_fails "rate_min not met" "^plio: job 'p': rate_min=107374182400B/s not met for reads, got [0-9]+B/s over the last 2[0-9][0-9] ms" \
	"$PLIO" $NULLJ --runtime=2 --rw=randread --rate_min=100g --rate_cycle=200 &&
	cp "$T/out" "$T/min.json" &&
	jexpect "rate_min not met: EIO, stopped at the first cycle" "$T/min.json" 'jobs.0.error == 5' \
		'jobs.0.read.runtime < 500'
# shellcheck disable=SC2086
run_fails "rate_iops_min not met (think time holds it back)" \
	"^plio: job 'p': rate_iops_min=1000 not met for writes, got [0-9]+ IOPS over the last" \
	"$PLIO" $NULLJ --runtime=2 --rw=write --thinktime=10ms --rate_iops_min=1000 --rate_cycle=300
# shellcheck disable=SC2086
run_ok "rate_min met" "$PLIO" $NULLJ --runtime=1 --rw=randread --rate_iops=2000 --rate_iops_min=1500 \
	--rate_cycle=250 && jexpect "rate_iops_min met: no error" "$T/out" 'jobs.0.error == 0'
# shellcheck disable=SC2086
run_fails "rate_min above rate" "rate_min: 2097152 bytes/s for reads is above rate \\(1048576 bytes/s\\): the job could never meet it" \
	"$PLIO" $NULLJ --runtime=1 --rw=read --rate=1m --rate_min=2m
[ "$(grep -c . "$T/err")" = 1 ] && pass || fail "rate_min above rate: more than one line"
# shellcheck disable=SC2086
run_fails "thinktime_spin above thinktime" "thinktime_spin: 2000 us is longer than thinktime \\(1000 us\\)" \
	"$PLIO" $NULLJ --runtime=1 --rw=read --thinktime=1ms --thinktime_spin=2ms

# ------------------------------------------------------------ thinktime
cat >"$T/think.py" <<'PY'
import sys
t = sorted(int(l.split(",")[5]) for l in open(sys.argv[1]) if l.strip())
g = [b - a for a, b in zip(t, t[1:])]
blocks, think = int(sys.argv[2]), int(sys.argv[3])
long_ = set(i for i, x in enumerate(g) if x >= think * 0.95)
# every blocks-th gap is a think; the others are not, but for a rare one a
# busy machine stretched (at most 1% of them: an AddressSanitizer run once
# had one gap of 2.9 ms among 2315)
missed = [i for i in range(len(g)) if i % blocks == blocks - 1 and i not in long_]
extra = [i for i in range(len(g)) if i % blocks != blocks - 1 and i in long_]
bad = missed + extra
if len(g) < 20 or missed or len(extra) > len(g) // 100:
    sys.exit(f"{len(g)} gaps, {len(bad)} out of pattern, first at {bad[:5]}: {[g[i] for i in bad[:5]]}")
PY
for b in 1 5; do
	paced "thinktime=2ms thinktime_blocks=$b" --rw=randread --runtime=1 --thinktime=2ms \
		--thinktime_blocks=$b --write_lat_log="$T/t$b" --log_issue_time=1 --log_avg_msec=0 &&
		cp "$T/t${b}_lat.1.log" "$T/t$b.log" &&
		pyq "thinktime=2ms thinktime_blocks=$b: a think after every $b I/Os, none between" \
			"$T/think.py" "$T/t$b.log" $b 2000000
done
paced "thinktime_spin=1ms of thinktime=2ms" --rw=randread --thinktime=2ms --thinktime_spin=1ms &&
	jexpect "thinktime_spin: about half the time busy" "$T/p$_pn.json" 'jobs.0.usr_cpu > 30' \
		'jobs.0.usr_cpu < 75'
paced "thinktime=2ms without spin" --rw=randread --thinktime=2ms &&
	jexpect "thinktime without spin: asleep" "$T/p$_pn.json" 'jobs.0.usr_cpu < 20'
paced "thinktime_iotime=200ms thinktime=200ms rate_iops=1000: catches up" --rw=randread \
	--rate_iops=1000 --thinktime=200ms --thinktime_iotime=200ms &&
	jexpect "thinktime_iotime, the rate caught up after each think (fio's)" "$T/p$_pn.json" \
		'jobs.0.read.total_ios > 1800' 'jobs.0.read.total_ios <= 2002'
paced "thinktime_iotime with rate_ignore_thinktime" --rw=randread --rate_iops=1000 \
	--thinktime=200ms --thinktime_iotime=200ms --rate_ignore_thinktime=1 &&
	jexpect "rate_ignore_thinktime: no catching up: half the I/O" "$T/p$_pn.json" \
		'jobs.0.read.total_ios > 900' 'jobs.0.read.total_ios < 1150'
paced "thinktime_blocks_type=issue at iodepth=8" --rw=randread --iodepth=8 --thinktime=10ms \
	--thinktime_blocks=4 --thinktime_blocks_type=issue &&
	jexpect "thinktime_blocks_type=issue: 4 I/Os per 10 ms" "$T/p$_pn.json" \
		'jobs.0.read.total_ios > 700' 'jobs.0.read.total_ios <= 804'

# ---------------------------------------------------------------- flows
# jobs of one flow_id keep their I/O counts in the ratio of their weights,
# as processes and as threads: given 3:1 of work with flow=3 and flow=1 they
# run in step and end together (alone, the smaller ends at a third of the
# time); a job of another flow_id is not held back; a capped job holds its
# partner to the ratio (flow_sleep between looks), read from each job's
# IOPS log over the middle of the run (the jobs start and end a few ms
# apart, and a job left alone is not held)
for t in 0 1; do
	# shellcheck disable=SC2086
	run_ok "flow=3 and flow=1, thread=$t" "$PLIO" --thread=$t --ioengine=null --rw=randread \
		--bs=4k --output-format=json --flow_id=1 --name=a --flow=3 --size=2400m \
		--name=b --flow=1 --size=800m --name=c --flow_id=2 --flow=1 --size=4g &&
		pyq_py "flow=3:1, thread=$t: 3:1 of work ends together, the other flow_id free" "$T/out" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))["jobs"]
(a, ra), (b, rb), (c, rc) = [(x["read"]["total_ios"], x["read"]["runtime"]) for x in j]
if (a, b) != (614400, 204800) or not 0.85 <= rb / ra <= 1.15 or rc > 0.8 * ra:
    sys.exit(f"I/Os and runtimes: a {a} in {ra} ms, b {b} in {rb} ms, c {c} in {rc} ms")
PY
done
cat >"$T/ratio.py" <<'PY'
import sys
def mid(p):
    return sum(int(l.split(",")[1]) for l in open(p) if 300 <= int(l.split(",")[0]) <= 1700)
a, b = mid(sys.argv[1]), mid(sys.argv[2])
if abs(a / b - 2) > 2 * 0.12:
    sys.exit(f"IOPS from 300 to 1700 ms {a} and {b}: ratio {a / b:.3f}, want 2")
PY
LOGS="--write_iops_log=$T/fl --log_avg_msec=100"
# shellcheck disable=SC2086
run_ok "flow=2 capped at 1000 IOPS, flow=1 free, flow_sleep=100" "$PLIO" --ioengine=null \
	--size=100g --rw=randread --bs=4k --runtime=2 --time_based --output-format=json --flow_id=1 \
	--flow_sleep=100 --name=a --flow=2 --rate_iops=1000 $LOGS --name=b --flow=1 $LOGS &&
	for k in 1 2; do cp "$T/fl_iops.$k.log" "$T/flc.$k.log"; done &&
	pyq "flow with a capped job: its partner held to half of it" "$T/ratio.py" \
		"$T/flc.1.log" "$T/flc.2.log"

# ------------------------------------------------------- latency_target
# the lagged test engine takes lag_per_io (1 ms) per I/O in flight: the
# deepest queue under a target T is about T / 1 ms; the search ends one
# latency_window after it settles (whatever runtime says), and reports it.
# (1 ms, not less: a busy machine's scheduling delays must not count.)
LAGGED="--plugin-dir=$TESTPLUGINS --name=l --ioengine=lagged --lag_per_io=1000 --size=100g --rw=randread --bs=4k --iodepth=32 --latency_window=100ms --runtime=20 --time_based"
for t in "10500us 90 9 10" "50ms 90 32 32" "3500us 50 3 3" "10500us 90 9 10 --iodepth_batch=1"; do
	set -- $t
	# shellcheck disable=SC2086
	run_ok "latency_target=$1 latency_percentile=$2 ${5:-}" "$PLIO" $LAGGED --latency_target="$1" \
		--latency_percentile="$2" ${5:-} --output-format=json,normal &&
		sed -n '/^{/,/^}/p' "$T/out" >"$T/lt.json" &&
		jexpect "latency_target=$1 (${2}%): depth $3 to $4, one window after it settles" "$T/lt.json" \
			'jobs.0.error == 0' "jobs.0.latency_depth >= $3" "jobs.0.latency_depth <= $4" \
			'jobs.0.read.runtime >= 100' 'jobs.0.read.runtime < 1000' &&
		depth=$($PYTHON -c 'import json, sys; print(json.load(open(sys.argv[1]))["jobs"][0]["latency_depth"])' "$T/lt.json") &&
		if grep -q "latency   : target=.*, window=100000, percentile=$2.00%, depth=$depth\$" "$T/out"; then
			pass
		else
			fail "latency_target=$1: the normal output's latency line: $(grep 'latency   :' "$T/out")"
		fi
done
# shellcheck disable=SC2086
run_fails "latency_target unmet at depth 1" "^plio: job 'l': latency of [0-9]+ nsec exceeds latency_target \\(50000 nsec\\) at queue depth 1" \
	"$PLIO" $LAGGED --latency_target=50us --output-format=json &&
	jexpect "latency_target unmet at depth 1: ETIMEDOUT" "$T/out" 'jobs.0.error == 110' \
		'jobs.0.latency_depth == 1'

# --------------------------------------------------------- max_latency
# the faulty test engine's writes take fault_delay each
SLOWW="--plugin-dir=$TESTPLUGINS --ioengine=faulty --name=s --filename=$T/f --rw=write --bs=4k --size=256k --output-format=json"
# shellcheck disable=SC2086
run_fails "max_latency exceeded" "^plio: job 's': latency of [0-9]+ nsec exceeds specified max \\(2000000 nsec\\): write of 4096 bytes at offset 0 of '$T/f'" \
	"$PLIO" $SLOWW --fault_delay=5ms --max_latency=2ms &&
	jexpect "max_latency: ETIMEDOUT at the first I/O (fio's error 110)" "$T/out" 'jobs.0.error == 110' \
		'jobs.0.write.total_ios == 1'
# shellcheck disable=SC2086
run_ok "max_latency on reads only: the slow writes pass" "$PLIO" $SLOWW --fault_delay=3ms \
	--max_latency=1ms, && jexpect "max_latency=1ms,: writes not held to it" "$T/out" \
	'jobs.0.error == 0' 'jobs.0.write.total_ios == 64'
# shellcheck disable=SC2086
run_ok "max_latency met" "$PLIO" $SLOWW --fault_delay=1ms --max_latency=1s &&
	jexpect "max_latency=1s: no error" "$T/out" 'jobs.0.error == 0'

# ----------------------------------------------------------------- ramp
paced "ramp_time=1s runtime=1s rate_iops=1000" --rw=randread --runtime=1 --ramp_time=1 \
	--rate_iops=1000 &&
	jexpect "ramp_time: the rate holds after the ramp" "$T/p$_pn.json" \
		'jobs.0.read.total_ios >= 990' 'jobs.0.read.total_ios <= 1011'

# ------------------------------------------------- io_submit_mode=offload
# a submitter thread gives the I/O to the engine: the bytes move as
# inline (verify reads them back), the thread is there, named; a paced job
# on a device slower than its rate keeps its schedule, so the queueing its
# I/Os meet is measured (inline, the job waits and the latency hides it:
# fio's coordinated omission); an engine that reaps its own is refused
rm -f "$T/f"
run_ok "offload: psync writes read back" "$PLIO" --name=o --filename="$T/f" --rw=randwrite --bs=4k \
	--size=2m --ioengine=psync --iodepth=8 --io_submit_mode=offload --verify=crc32c --fsync=5 \
	--output-format=json &&
	jexpect "offload: every block written, read back clean, the syncs done" "$T/out" 'jobs.0.error == 0' \
		'jobs.0.write.io_bytes == 2097152' 'jobs.0.read.io_bytes == 2097152' 'jobs.0.sync.total_ios >= 100'
# shellcheck disable=SC2086
"$PLIO" $SLOWW --thread --fault_delay=50ms --io_submit_mode=offload --iodepth=4 >/dev/null 2>&1 &
pid=$!
sleep 1
n=$(cat /proc/$pid/task/*/comm 2>/dev/null | grep -c '^plio-submit$')
kill -INT $pid 2>/dev/null
wait $pid
[ "$n" = 1 ] && pass || fail "offload: $n threads named plio-submit while the job ran"
for m in inline offload; do
	# shellcheck disable=SC2086
	run_ok "rate_iops=400 on a 250 IOPS device, $m" "$PLIO" $SLOWW --size=64m --fault_delay=4ms \
		--rate_iops=400 --iodepth=16 --runtime=2 --time_based --io_submit_mode=$m &&
		cp "$T/out" "$T/co-$m.json"
done
[ -f "$T/co-inline.json" ] && [ -f "$T/co-offload.json" ] &&
	pyq_py "offload: the queueing of a device behind its rate is measured" "$T/co-inline.json" \
		"$T/co-offload.json" <<'PY'
import json, sys
i, o = (json.load(open(p))["jobs"][0]["write"] for p in sys.argv[1:3])
li, lo = i["lat_ns"]["mean"], o["lat_ns"]["mean"]
# inline: each I/O's own 4 ms; offload: the queue of 16 waits too
if not (3e6 < li < 8e6 and lo > 5 * li and o["clat_ns"]["mean"] < 2 * i["clat_ns"]["mean"]):
    sys.exit(f"lat mean inline {li / 1e3:.0f} us, offload {lo / 1e3:.0f} us")
PY
# shellcheck disable=SC2086
run_fails "offload with an engine that reaps its own" "io_submit_mode: offload hands each I/O to a submitter thread, for engines that complete it there \\(psync, sync, mmap...\\); engine null queues and reaps its own" \
	"$PLIO" $NULLJ --runtime=1 --rw=read --io_submit_mode=offload

# ---------------------------------------------------------- steadystate
# a paced job is as steady as it gets: steady state is seen, and ends it
paced "steadystate with rate_iops" --rw=randread --rate_iops=1000 --steadystate=iops_slope:1% \
	--ss_dur=2s --runtime=20 &&
	jexpect "steadystate with rate_iops: attained, the job ended early at the rate" "$T/p$_pn.json" \
		'jobs.0.steadystate.attained == 1' 'jobs.0.read.runtime < 6000' \
		'jobs.0.read.iops > 990' 'jobs.0.read.iops < 1010'

pyq_run
finish
