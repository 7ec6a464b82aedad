#!/bin/sh
# jobfile_runs: a job file in fio's ini format runs, [global] applies to the
# jobs after it, and the job options of the foundation take effect: numjobs,
# thread, loops, group_reporting, runtime/time_based, ramp_time, fsync,
# end_fsync, direct, rwmixread.  Bad input gives one line with file:line.
. "$TOP_SRCDIR/tests/integration/lib.sh"

cat >"$T/jobs.fio" <<EOF2
; two jobs sharing global options
[global]
ioengine=psync
bs=8k
size=2m
directory=$T

[reader]
rw=read
filename=shared

# a comment
[writer]
rw=randwrite
bs=16k
numjobs=2
loops=2
EOF2
run_ok "job file" "$PLIO" --output-format=json "$T/jobs.fio" || finish
cp "$T/out" "$T/j.json"
pyq_py "job file results" "$T/j.json" <<'PY'
import json, sys
jobs = json.load(open(sys.argv[1]))["jobs"]
names = [j["jobname"] for j in jobs]
assert names == ["reader", "writer", "writer"], names
r = jobs[0]["read"]
assert r["io_bytes"] == 2 << 20 and r["total_ios"] == 256, r["total_ios"]
for w in jobs[1:]:
    # loops=2: the 2 MiB region twice, in 16 KiB blocks
    assert w["write"]["io_bytes"] == 4 << 20, w["write"]["io_bytes"]
    assert w["write"]["total_ios"] == 256
PY
[ -f "$T/shared" ] && [ -f "$T/writer.0.0" ] && [ -f "$T/writer.1.0" ] ||
	fail "files: $(ls "$T")"
pass

# a later job file starts from the defaults: no [global] carries over
# (x only has to be time_based: 300 ms moves far more than its 1 MiB)
printf '[global]\nioengine=null\nsize=1m\ntime_based\nruntime=300ms\n[x]\n' >"$T/a.fio"
printf '[y]\nioengine=null\nsize=2m\n' >"$T/b.fio"
run_ok "two job files" "$PLIO" --output-format=json "$T/a.fio" "$T/b.fio" &&
	pyq_py "globals leaked into the next job file" "$T/out" <<'PY'
import json, sys
jobs = json.load(open(sys.argv[1]))["jobs"]
assert [j["jobname"] for j in jobs] == ["x", "y"]
assert jobs[0]["read"]["io_bytes"] > 1 << 20          # time_based
assert jobs[1]["read"]["io_bytes"] == 2 << 20, jobs[1]["read"]["io_bytes"]
assert jobs[1]["groupid"] == 1                          # implicit stonewall
PY

# group_reporting merges clones exactly; threads work like processes
run_ok "group_reporting" "$PLIO" --name=g --ioengine=null --rw=randread \
	--size=1m --bs=4k --numjobs=4 --thread --group_reporting \
	--output-format=json || finish
pyq_py "group_reporting" "$T/out" <<'PY'
import json, sys
jobs = json.load(open(sys.argv[1]))["jobs"]
assert len(jobs) == 1, len(jobs)
assert jobs[0]["read"]["io_bytes"] == 4 << 20
assert jobs[0]["read"]["total_ios"] == 1024
assert jobs[0]["read"]["clat_ns"]["N"] == 1024
PY
pass

# time_based runs for runtime, ramp_time is not counted
run_ok "time_based" "$PLIO" --name=tb --ioengine=null --rw=read --size=1m \
	--time_based --runtime=1 --ramp_time=1 --output-format=json || finish
pyq_py "time_based/ramp_time" "$T/out" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))["jobs"][0]
rt = j["read"]["runtime"]
assert 900 <= rt <= 1300, rt            # ms, the ramp second excluded
assert j["read"]["io_bytes"] > 16 << 20  # many passes over 1 MiB
PY
pass

# runtime caps a job that would take longer
run_ok "runtime cap" "$PLIO" --name=cap --ioengine=null --rw=read --size=1m \
	--loops=100000000 --runtime=1 --output-format=json || finish
pyq_py "runtime cap" "$T/out" <<'PY'
import json, sys
rt = json.load(open(sys.argv[1]))["jobs"][0]["read"]["runtime"]
assert 900 <= rt <= 1300, rt
PY
pass

# fsync every 4 writes and at the end, through the record engine
run_ok "fsync" "$PLIO" --plugin-dir "$TESTPLUGINS" --name=s --ioengine=record \
	--record_file="$T/rec" --rw=write --bs=4k --size=64k --fsync=4 \
	--end_fsync=1 --filename="$T/s" --output-format=json || finish
# fio counts fsync=N's syncs in sync.total_ios, not end_fsync's
$CHECK_JSON eq "$T/out" jobs.0.sync.total_ios 3 || fail "sync total_ios"
pyq_py "fsync pattern" "$T/rec.0.0" <<'PY'
import sys
ops = [l.split()[0] for l in open(sys.argv[1])]
# 16 writes, a sync after every 4th but the last (as fio), then end_fsync
assert ops == (["W"] * 4 + ["S"]) * 3 + ["W"] * 4 + ["S"], ops
PY
pass

# direct=1 on the ext4 disk (skipped where O_DIRECT is refused, e.g. tmpfs)
if $PYTHON -c "import os,sys; os.close(os.open(sys.argv[1], os.O_CREAT|os.O_RDWR|os.O_DIRECT))" "$T/d" 2>/dev/null; then
	run_ok "direct" "$PLIO" --name=d --ioengine=psync --rw=randrw --bs=4k \
		--size=1m --direct=1 --filename="$T/d" --output-format=json &&
		pyq_py "direct=1" "$T/out" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))["jobs"][0]
assert j["read"]["io_bytes"] + j["write"]["io_bytes"] == 1 << 20
assert j["job options"]["direct"] == "1", j["job options"]
PY
fi

# rwmixread=80: about 80% reads
run_ok "rwmixread" "$PLIO" --name=m --ioengine=null --rw=randrw --rwmixread=80 \
	--size=16m --bs=4k --output-format=json &&
	pyq_py "rwmixread" "$T/out" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))["jobs"][0]
r, w = j["read"]["total_ios"], j["write"]["total_ios"]
assert r + w == 4096 and 0.75 < r / 4096 < 0.85, (r, w)
PY

# errors: one line naming where and what, non-zero exit, nothing run
printf '[x]\nioengine=null\nsize=1m\nbs=4q\n' >"$T/bad.fio"
run_fails "bad size" "bad.fio:4: bs: '4q'" "$PLIO" "$T/bad.fio"
printf '[x]\nioengine=nosuchengine\nsize=1m\n' >"$T/bad2.fio"
run_fails "unknown engine" "bad2.fio:2: ioengine: .*nosuchengine.*(null|psync)" "$PLIO" "$T/bad2.fio"
printf '[x]\nsize=1m\nbz=4k\n' >"$T/bad3.fio"
run_fails "typo" "bad3.fio:3: bz: .*bs" "$PLIO" "$T/bad3.fio"
run_fails "missing job file" "nothere.fio" "$PLIO" "$T/nothere.fio"
run_fails "no size, no file" "size" "$PLIO" --name=x --filename="$T/absent"
run_fails "unwritable output" "--output" "$PLIO" --name=x --ioengine=null \
	--size=1m --output=/nonexistent/dir/out
run_fails "bad output format" "output-format" "$PLIO" --name=x --output-format=xml
# a file's missing folders are made for it (mode 0700, as fio makes them);
# a directory= that does not exist is refused, as fio refuses it
run_ok "file in a missing directory" "$PLIO" --name=x --size=1m --rw=write \
	--filename="$T/nodir/sub/f" --output-format=terse
[ "$(stat -c '%a' "$T/nodir" "$T/nodir/sub" | tr '\n' ' ')$(stat -c '%s' "$T/nodir/sub/f")" = "700 700 1048576" ] &&
	pass || fail "missing folders: $(stat -c '%n %a %s' "$T/nodir" "$T/nodir/sub" "$T/nodir/sub/f" 2>&1)"
run_fails "missing directory=" "^plio: command line \(argument 2\): directory: '.*/nodir2' is not a directory$" \
	"$PLIO" --name=x --directory="$T/nodir2" --size=1m
[ ! -e "$T/nodir2" ] && pass || fail "directory=: a missing one was created"
finish
