#!/bin/sh
# priorities: cmdprio_percentage, cmdprio_class, cmdprio and cmdprio_bssplit
# give single I/Os of libaio and io_uring jobs a priority of their own:
#
# - what the kernel receives, seen by a preload in front of io_submit()
#   and liburing's submit calls (tests/spy): the share of requests with
#   the priority, its class and level, IOCB_FLAG_IOPRIO on libaio's;
# - the per-priority statistics (JSON "prios", normal output's "clat
#   prio" lines): one entry per priority with exactly as many I/Os as the
#   kernel got with it, and together the job's (I/Os, mean, min, max);
#   lat_percentiles switches them to total latency; a job whose I/Os had
#   one priority has no "prios", as fio's;
# - log_prio in the latency logs, per I/O;
# - refusals in one line; with fio installed, the same keys as fio's.
. "$TOP_SRCDIR/tests/integration/lib.sh"
cd "$T" || exit 99

F=$T/f
SPY=$T/spy
dd if=/dev/zero of="$F" bs=1M count=32 2>/dev/null

# spied ENGINE DESC ARGS...: a job of ENGINE on $F with direct I/O, its
# requests in $SPY, its JSON in $T/out
spied() {
	eng=$1 desc=$2
	shift 2
	lib=$TESTSPY/spy_aio.so
	[ "$eng" = io_uring ] && lib=$TESTSPY/spy_uring.so
	rm -f "$SPY"
	# (an AddressSanitizer build wants its runtime first: the preload
	# comes before it, which is harmless here)
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
	PLIO_SPY_FILE=$SPY LD_PRELOAD=$lib run_ok "$desc" "$PLIO" --name=p --filename="$F" \
		--ioengine="$eng" --direct=1 --bs=4k --size=32m --iodepth=8 --output-format=json "$@"
}

# the check: the spy's requests against the report's prios
cat >"$T/prio.py" <<'PY'
import json, sys, collections
spy, rep, want = sys.argv[1], sys.argv[2], eval(sys.argv[3])
job = json.load(open(rep))["jobs"][0]
reqs = collections.Counter()
for line in open(spy):
    f = line.split()
    if f[0] == "aio":
        assert (f[2] != "0") == (f[3] == "1"), ("IOCB_FLAG_IOPRIO without a priority", line)
    reqs[(f[1], int(f[2]), int(f[-1]))] += 1
for d, dk in (("R", "read"), ("W", "write")):
    sent = collections.Counter()
    for (dd, prio, n), c in reqs.items():
        if dd == d:
            sent[prio] += c
    side = job[dk]
    if d not in want:
        assert not sent and side["total_ios"] == 0, (d, sent)
        continue
    # the kernel got each priority with the share asked (the job's own: 0)
    total = sum(sent.values())
    assert total == side["total_ios"], (d, total, side["total_ios"])
    for prio, (lo, hi) in want[d].items():
        share = sent[prio] / total
        assert lo <= share <= hi, (d, prio, share, sent)
    assert set(sent) <= set(want[d]), (d, sent)
    prios = side.get("prios")
    if len([p for p in sent if sent[p]]) < 2:
        assert prios is None, ("prios with one priority", prios)
        continue
    key = "lat_ns" if "lat_ns" in prios[0] else "clat_ns"
    lat = side[key]
    # one entry per priority the kernel saw, with exactly its I/Os
    got = {p["prioclass"] << 13 | p["prio"]: p[key]["N"] for p in prios}
    assert got == {p: c for p, c in sent.items() if c}, (d, got, sent)
    # together they are the job's
    assert sum(p[key]["N"] for p in prios) == lat["N"]
    mean = sum(p[key]["mean"] * p[key]["N"] for p in prios) / lat["N"]
    assert abs(mean - lat["mean"]) <= 1e-6 * lat["mean"] + 1, (mean, lat["mean"])
    assert min(p[key]["min"] for p in prios) == lat["min"]
    assert max(p[key]["max"] for p in prios) == lat["max"]
    for p in prios:
        pc = p[key]["percentile"]
        vals = [pc[k] for k in sorted(pc, key=float)]
        assert vals == sorted(vals) and p[key]["min"] <= vals[0] and vals[-1] <= p[key]["max"] * 1.02, p
PY
# expect DESC WANT: queue the check of the last spied run
nq=0
expect() {
	nq=$((nq + 1))
	cp "$SPY" "$T/spy.$nq" && cp "$T/out" "$T/out.$nq" &&
		pyq "$1" "$T/prio.py" "$T/spy.$nq" "$T/out.$nq" "$2" ||
		fail "$1: no requests seen"
}

if [ ! -f "$TESTSPY/spy_aio.so" ]; then
	skip_test "the libaio engine is not built"
fi

# --- cmdprio_percentage: 30% of reads in class 2, level 3 (16387)
spied libaio "libaio cmdprio_percentage=30" --rw=randread --number_ios=6000 \
	--cmdprio_percentage=30 --cmdprio_class=2 --cmdprio=3 &&
	expect "libaio: 30% of requests at 2/3, the statistics per priority" \
		"{'R': {16387: (0.26, 0.34), 0: (0.66, 0.74)}}"
# per direction on io_uring: reads 30% at 1/0 (8192), writes 60% at 2/5 (16389)
if [ -f "$TESTSPY/spy_uring.so" ]; then
	spied io_uring "io_uring per direction" --rw=randrw --number_ios=8000 \
		--cmdprio_percentage=30,60 --cmdprio_class=1,2 --cmdprio=0,5 &&
		expect "io_uring: each direction its own share and priority" \
			"{'R': {8192: (0.25, 0.35), 0: (0.65, 0.75)}, 'W': {16389: (0.55, 0.65), 0: (0.35, 0.45)}}"
	spied io_uring "io_uring lat_percentiles" --rw=randread --number_ios=3000 \
		--cmdprio_percentage=50 --lat_percentiles=1 &&
		expect "lat_percentiles: the priorities keep total latency" \
			"{'R': {8192: (0.44, 0.56), 0: (0.44, 0.56)}}" &&
		jexpect "lat_percentiles: prios carry lat_ns" "$T/out" \
			"jobs.0.read.prios.0.lat_ns.N > 0"
else
	skip_part "the io_uring engine is not built"
fi
# cmdprio_bssplit, both forms: 4k at 30% in 1/0, 16k at 50% in 2/4
spied libaio "cmdprio_bssplit" --rw=randread --number_ios=6000 --norandommap --bssplit=4k/50:16k/50 \
	--cmdprio_bssplit=4k/30/1/0:16k/50/2/4 &&
	expect "cmdprio_bssplit: each size its share and priority" \
		"{'R': {8192: (0.12, 0.18), 16388: (0.21, 0.29), 0: (0.55, 0.67)}}" &&
	pyq_py "cmdprio_bssplit: 4k requests at 1/0, 16k at 2/4" "$SPY" <<'PY'
import sys
for line in open(sys.argv[1]):
    f = line.split()
    prio, n = int(f[2]), int(f[-1])
    assert prio in (0, 8192 if n == 4096 else 16388), line
PY
spied libaio "cmdprio_bssplit short form" --rw=randread --number_ios=4000 --bs=4k \
	--cmdprio_bssplit=4k/40 --cmdprio_class=3 --cmdprio=7 &&
	expect "cmdprio_bssplit bs/percent: cmdprio_class and cmdprio" \
		"{'R': {24583: (0.35, 0.45), 0: (0.55, 0.65)}}"
# every I/O the same priority, or only the job's: no prios (fio's)
spied libaio "cmdprio_percentage=100" --rw=randread --number_ios=500 --cmdprio_percentage=100 &&
	expect "cmdprio_percentage=100: one priority, no prios" "{'R': {8192: (1, 1)}}"
spied libaio "prio alone" --rw=randread --number_ios=500 --prio=4 --prioclass=2 &&
	expect "prio=4 prioclass=2 alone: the process's, no prios" "{'R': {0: (1, 1)}}"
# the job's own priority names the default bucket
spied libaio "prio with cmdprio" --rw=randread --number_ios=3000 --prio=4 --prioclass=2 \
	--cmdprio_percentage=30 &&
	jexpect "the job's prio names the I/Os without one of their own" "$T/out" \
		"jobs.0.read.prios.0.prioclass == 2" "jobs.0.read.prios.0.prio == 4" \
		"jobs.0.read.prios.1.prioclass == 1" "jobs.0.read.prios.1.prio == 0"

# --- normal output
run_ok "normal output" "$PLIO" --name=p --filename="$F" --ioengine=libaio --direct=1 \
	--rw=randread --bs=4k --size=32m --iodepth=8 --number_ios=3000 --cmdprio_percentage=30
grep -Eq '^    clat prio 0/0 \((n|u|m)sec\): min=' "$T/out" &&
	grep -Eq '^    clat prio 1/0 \((n|u|m)sec\): min=' "$T/out" &&
	grep -Eq '^    clat prio 1/0 \([0-9.]+% of IOs\) percentiles \((n|u|m)sec\):$' "$T/out" &&
	pass || fail "normal output: no clat prio lines: $(grep prio "$T/out")"

# --- log_prio: the I/O's priority in each line (0x%04x), else 1 for real time
rm -f "$T"/lp_*
run_ok "log_prio" "$PLIO" --name=p --filename="$F" --ioengine=libaio --direct=1 \
	--rw=randread --bs=4k --size=32m --number_ios=1000 --cmdprio_percentage=50 \
	--cmdprio_class=2 --cmdprio=3 --write_lat_log="$T/lp" --log_prio=1 \
	--output-format=json &&
	[ "$(cut -d, -f5 "$T"/lp_clat.1.log | sort | uniq -c | awk '{print $2}' | tr '\n' ' ')" = "0x0000 0x4003 " ] &&
	pass || fail "log_prio=1: $(cut -d, -f5 "$T"/lp_clat.1.log | sort | uniq -c | tr '\n' ' ')"
rm -f "$T"/lr_*
run_ok "real-time column" "$PLIO" --name=p --filename="$F" --ioengine=libaio --direct=1 \
	--rw=randread --bs=4k --size=32m --number_ios=1000 --cmdprio_percentage=50 \
	--write_lat_log="$T/lr" --output-format=json &&
	[ "$(cut -d, -f5 "$T"/lr_clat.1.log | sort | uniq -c | awk '{print $2}' | tr '\n' ' ')" = "0 1 " ] &&
	pass || fail "without log_prio: $(cut -d, -f5 "$T"/lr_clat.1.log | sort | uniq -c | tr '\n' ' ')"

# --- refusals
run_fails "psync" "cmdprio_percentage: engine psync cannot give an I/O a priority of its own \(libaio and io_uring can\)" \
	"$PLIO" --name=p --filename="$F" --ioengine=psync --size=1m --cmdprio_percentage=30
run_fails "both ways" "cmdprio_percentage and cmdprio_bssplit exclude each other" \
	"$PLIO" --name=p --filename="$F" --ioengine=libaio --size=1m --cmdprio_percentage=30 \
	--cmdprio_bssplit=4k/50
run_fails "class 4" "cmdprio_class: '4' is out of range \(1 to 3\)" \
	"$PLIO" --name=p --filename="$F" --ioengine=libaio --size=1m --cmdprio_class=4
run_fails "trims" "cmdprio_percentage: '10,20,30': trims take no priority" \
	"$PLIO" --name=p --filename="$F" --ioengine=libaio --size=1m --cmdprio_percentage=10,20,30
run_fails "bssplit class" "cmdprio_bssplit: '4k/50/5/0': class '5' is not 1 to 3" \
	"$PLIO" --name=p --filename="$F" --ioengine=libaio --size=1m --cmdprio_bssplit=4k/50/5/0

# --- fio's keys (fio installed)
if command -v fio >/dev/null 2>&1; then
	fio --name=p --filename="$F" --ioengine=libaio --direct=1 --rw=randread --bs=4k \
		--size=32m --iodepth=8 --number_ios=2000 --cmdprio_percentage=30 \
		--output-format=json --output="$T/fio.json" >/dev/null 2>&1
	run_ok "plio for fio's keys" "$PLIO" --name=p --filename="$F" --ioengine=libaio --direct=1 \
		--rw=randread --bs=4k --size=32m --iodepth=8 --number_ios=2000 \
		--cmdprio_percentage=30 --output-format=json &&
		cp "$T/out" "$T/plio.json" &&
		pyq_py "prios: fio's keys, in fio's place" "$T/fio.json" "$T/plio.json" <<'PY'
import json, sys
f = json.load(open(sys.argv[1]))["jobs"][0]["read"]
p = json.load(open(sys.argv[2]))["jobs"][0]["read"]
keys = lambda d: list(d)
assert keys(f)[keys(f).index("prios") - 1] == keys(p)[keys(p).index("prios") - 1] == "lat_ns"
assert [keys(x) for x in f["prios"]] == [keys(x) for x in p["prios"]], (f["prios"], p["prios"])
assert keys(f["prios"][0]["clat_ns"]) == keys(p["prios"][0]["clat_ns"])
assert [(x["prioclass"], x["prio"]) for x in f["prios"]] == [(x["prioclass"], x["prio"]) for x in p["prios"]]
PY
else
	skip_part "fio is not installed: keys not compared"
fi

finish
