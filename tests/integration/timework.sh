#!/bin/sh
# timework: the core's side of ABI 1.3's engines whose work is not a
# transfer, on the test plugin timework (tests/plugins/timework.c):
# - PLIO_CAP_NOIO (tw_noio, each I/O a 5 ms wait): I/Os of no bytes with
#   that latency, no size needed, the job runs until its runtime or
#   number_ios; io_jobs_running() and job_done() end it when the other
#   jobs of its phase are done (cpuio's exit_on_io_done), not before;
# - PLIO_CAP_FILEOP (tw_open, each open 3 ms and creates the file): every
#   file is opened during the run, once, and each open is one completion
#   latency (N = files, min >= 3 ms); the units count bytes, untimed;
# - an engine with NOIO but not DISKLESS is refused, its plugin's others
#   still load.
. "$TOP_SRCDIR/tests/integration/lib.sh"
cd "$T" || exit 99

TW="--plugin-dir=$TESTPLUGINS"

run_ok "noio: number_ios, no size" "$PLIO" $TW --name=n --ioengine=tw_noio --tw_us=5ms \
	--number_ios=20 --output-format=json &&
	jexpect "noio: 20 I/Os of no bytes, each ~5 ms" "$T/out" "jobs.0.read.total_ios == 20" \
		"jobs.0.read.io_bytes == 0" "jobs.0.read.short_ios == 0" \
		"jobs.0.read.clat_ns.N == 20" "jobs.0.read.clat_ns.min >= 5000000" \
		"jobs.0.read.clat_ns.mean < 50000000" "jobs.0.error == 0"

run_ok "noio: runs until its runtime" "$PLIO" $TW --name=n --ioengine=tw_noio --tw_us=10ms \
	--runtime=1 --output-format=json &&
	jexpect "noio: about a second of 10 ms I/Os" "$T/out" "jobs.0.job_runtime >= 950" \
		"jobs.0.job_runtime <= 3000" "jobs.0.read.total_ios >= 30" \
		"jobs.0.read.total_ios <= 101" "jobs.0.read.io_bytes == 0"

# exit_on_io_done: the waiting job ends soon after the psync job (0.5 s of
# rate-limited writes), long before its 30 s runtime
run_ok "noio: ends when the I/O jobs are done" "$PLIO" $TW --output-format=json \
	--name=w --ioengine=tw_noio --tw_us=5ms --runtime=30 --tw_exit_on_io_done=1 \
	--name=io --ioengine=psync --filename="$T/f" --rw=write --bs=4k --size=512k --rate_iops=256 &&
	jexpect "noio: exit_on_io_done" "$T/out" "jobs.1.write.io_bytes == 524288" \
		"jobs.0.job_runtime >= 300" "jobs.0.job_runtime <= 5000"
run_ok "noio: a job with nothing else running ends at once" "$PLIO" $TW --output-format=json \
	--name=w --ioengine=tw_noio --tw_us=5ms --runtime=30 --tw_exit_on_io_done=1 &&
	jexpect "noio: alone" "$T/out" "jobs.0.job_runtime <= 2000" "jobs.0.read.total_ios <= 2"

mkdir -p "$T/d"
run_ok "fileop: 12 files, openfiles=2" "$PLIO" $TW --name=o --ioengine=tw_open --tw_us=3ms \
	--directory="$T/d" --nrfiles=12 --filesize=4k --bs=4k --openfiles=2 --output-format=json &&
	jexpect "fileop: one latency per open, bytes counted" "$T/out" \
		"jobs.0.read.total_ios == 12" "jobs.0.read.io_bytes == 49152" \
		"jobs.0.read.clat_ns.N == 12" "jobs.0.read.clat_ns.min >= 3000000" \
		"jobs.0.read.lat_ns.N == 0" "jobs.0.read.slat_ns.N == 0" &&
	[ "$(ls "$T/d" | wc -l)" -eq 12 ] && pass || fail "fileop: $(ls "$T/d" | wc -l) files made, 12 expected"
rm -rf "$T/d"; mkdir -p "$T/d"
run_ok "fileop: a writing job's opens are write latencies" "$PLIO" $TW --name=o --ioengine=tw_open \
	--tw_us=1ms --directory="$T/d" --nrfiles=5 --filesize=8k --bs=4k --rw=write --output-format=json &&
	jexpect "fileop: writes" "$T/out" "jobs.0.write.total_ios == 10" \
		"jobs.0.write.clat_ns.N == 5" "jobs.0.read.clat_ns.N == 0"

run_fails "noio without diskless is refused" "tw_badnoio.*PLIO_CAP_NOIO needs PLIO_CAP_DISKLESS" \
	"$PLIO" $TW --name=b --ioengine=tw_badnoio --size=1m
run_ok "its plugin's other engines load" "$PLIO" $TW --enghelp=tw_noio &&
	grep -q "its I/O is time, not data" "$T/out" && pass || fail "--enghelp=tw_noio: no NOIO capability line"
finish
