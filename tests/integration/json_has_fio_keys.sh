#!/bin/sh
# json_has_fio_keys: plio's JSON uses fio's key names, nesting and types.
# Every key path plio prints exists in fio 3.33's output for the same job,
# with the same JSON type; the keys scripts rely on are all there; values
# agree with what the job did.
. "$TOP_SRCDIR/tests/integration/lib.sh"

# a job that never started (exitall ended the run during its startdelay)
printf '[fast]\nioengine=null\nsize=1m\nrw=read\nexitall\n[slow]\nioengine=null\nsize=1m\nrw=write\nstartdelay=2\n' \
	>"$T/unstarted.fio"

# fio's runs of the same jobs (half a second each, mostly waiting) go on
# in the background while plio's run; fio_done waits for them
have_fio=0
command -v fio >/dev/null 2>&1 && have_fio=1
if [ $have_fio = 1 ]; then
	fio --name=nulljob --ioengine=null --rw=randread --bs=4k --size=8m \
		--output-format=json >"$T/fio-null.json" 2>/dev/null &
	fio_null=$!
	fio --name=filejob --ioengine=psync --rw=randrw --bs=4k --size=4m \
		--filename="$T/g" --output-format=json >"$T/fio-psync.json" 2>/dev/null &
	fio_psync=$!
	fio "$T/unstarted.fio" --output-format=json >"$T/fio-unstarted.json" 2>/dev/null &
	fio_unstarted=$!
fi

run_ok "null json" "$PLIO" --name=nulljob --ioengine=null --rw=randread \
	--bs=4k --size=8m --output-format=json || finish
cp "$T/out" "$T/plio-null.json"
run_ok "psync json" "$PLIO" --name=filejob --ioengine=psync --rw=randrw \
	--bs=4k --size=4m --filename="$T/f" --output-format=json || finish
cp "$T/out" "$T/plio-psync.json"

pyq_py "required keys or values" "$T/plio-null.json" "$T/plio-psync.json" <<'PY'
import json, sys
need_top = ["fio version", "timestamp", "timestamp_ms", "time", "jobs"]
need_dir = ["io_bytes", "io_kbytes", "bw_bytes", "bw", "iops", "runtime",
            "total_ios", "short_ios", "drop_ios", "slat_ns", "clat_ns",
            "lat_ns", "bw_min", "bw_max", "bw_agg", "bw_mean", "bw_dev",
            "bw_samples", "iops_min", "iops_max", "iops_mean", "iops_stddev",
            "iops_samples"]
need_lat = ["min", "max", "mean", "stddev", "N"]
for path in sys.argv[1:]:
    d = json.load(open(path))
    for k in need_top:
        assert k in d, (path, k)
    assert d["fio version"].startswith("plio-"), d["fio version"]
    j = d["jobs"][0]
    for k in ("jobname", "groupid", "error", "eta", "elapsed", "job options",
              "read", "write", "trim", "sync", "job_runtime", "usr_cpu",
              "sys_cpu", "ctx", "majf", "minf", "iodepth_level",
              "iodepth_submit", "iodepth_complete", "latency_ns", "latency_us",
              "latency_ms", "latency_depth", "latency_target",
              "latency_percentile", "latency_window"):
        assert k in j, (path, k)
    assert j["error"] == 0
    assert list(j["sync"]) == ["total_ios", "lat_ns"], list(j["sync"])
    assert sum(j["iodepth_level"].values()) >= 99.0 or not (
        j["read"]["total_ios"] + j["write"]["total_ios"]), j["iodepth_level"]
    for dname in ("read", "write", "trim"):
        dd = j[dname]
        for k in need_dir:
            assert k in dd, (path, dname, k)
        for k in need_lat:
            assert k in dd["clat_ns"], (path, dname, "clat_ns", k)
        if dd["total_ios"]:
            pct = dd["clat_ns"]["percentile"]
            for p in ("1.000000", "50.000000", "99.000000", "99.990000"):
                assert p in pct, (path, p)
            vals = [pct[k] for k in sorted(pct, key=float)]
            assert vals == sorted(vals), "percentiles not monotonic"
            assert dd["clat_ns"]["min"] <= vals[0] and vals[-1] <= dd["clat_ns"]["max"] * 1.01
            assert dd["io_kbytes"] * 1024 == dd["io_bytes"]
            assert dd["clat_ns"]["N"] == dd["total_ios"]
            assert dd["bw_bytes"] > 0 and dd["iops"] > 0
null = json.load(open(sys.argv[1]))["jobs"][0]
assert null["read"]["io_bytes"] == 8 << 20 and null["read"]["total_ios"] == 2048
assert null["write"]["io_bytes"] == 0
assert null["job options"]["rw"] == "randread", null["job options"]
ps = json.load(open(sys.argv[2]))["jobs"][0]
assert ps["read"]["io_bytes"] + ps["write"]["io_bytes"] == 4 << 20
PY
pass

if [ $have_fio = 1 ]; then
	wait $fio_null || fail "fio null"
	wait $fio_psync || fail "fio psync"
	$CHECK_JSON keys "$T/plio-null.json" "$T/fio-null.json" || fail "null: keys differ from fio's"
	$CHECK_JSON keys "$T/plio-psync.json" "$T/fio-psync.json" || fail "psync: keys differ from fio's"
	pass
else
	skip_part "fio is not installed: the key comparisons with fio's output"
fi

# a job that never started (exitall ended the run during its startdelay):
# fio's entry for it has zeros and no latency target keys; the job that ran
# keeps them
if run_ok "unstarted job" "$PLIO" "$T/unstarted.fio" --output-format=json; then
	pyq_py "unstarted job's entry" "$T/out" <<'PY'
import json, sys
fast, slow = json.load(open(sys.argv[1]))["jobs"]
lat = ["latency_depth", "latency_target", "latency_percentile", "latency_window"]
assert slow["jobname"] == "slow" and fast["jobname"] == "fast"
assert all(k in fast for k in lat), fast.keys()
assert not any(k in slow for k in lat), [k for k in lat if k in slow]
for k in ["job_runtime", "usr_cpu", "sys_cpu", "ctx", "majf", "minf"]:
    assert slow[k] == 0, (k, slow[k])
assert slow["write"]["total_ios"] == 0 and slow["write"]["runtime"] == 0
assert fast["read"]["io_bytes"] == 1 << 20
PY
	if [ $have_fio = 1 ]; then
		wait $fio_unstarted || fail "fio unstarted"
		$CHECK_JSON keys "$T/out" "$T/fio-unstarted.json" && pass ||
			fail "unstarted: keys differ from fio's"
	fi
fi

# --output writes the report to a file, nothing to stdout
run_ok "--output" "$PLIO" --name=o --ioengine=null --size=1m \
	--output-format=json --output="$T/o.json" || finish
[ ! -s "$T/out" ] || fail "--output still printed to stdout"
$CHECK_JSON eq "$T/o.json" jobs.0.read.io_bytes 1048576 || fail "--output content"
finish
