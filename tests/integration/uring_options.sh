#!/bin/sh
# uring_options: the io_uring engine moves exactly the bytes asked for in
# every rw mode at iodepth 1 and 32, buffered on tmpfs (/dev/shm) and with
# direct=1 on the disk's file system (/var/tmp); written files hold data in
# every block; fixedbufs, registerfiles, sqthread_poll, nonvectored, fsync=N,
# fdatasync=N, end_fsync, force_async, cmdprio, nowait and the plio-only
# taskrun/register_ring work; what cannot work is refused with one clear line
# (hipri without direct=1 from the engine; conflicting cmdprio options, core
# options since ABI 1.2, from the core).
# Skips (77) where io_uring is unavailable (no plugin, or the kernel refuses).
. "$TOP_SRCDIR/tests/integration/lib.sh"

SIZE=1048576
BS=4096

if ! "$PLIO" --enghelp=io_uring >/dev/null 2>&1; then
	echo "SKIP: the io_uring engine is not available"
	exit 77
fi

DISK=$(mktemp -d /var/tmp/plio-uring.XXXXXX) || exit 99
trap 'rm -rf "$T" "$DISK"' EXIT INT TERM
DIRS=$DISK
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
	SHM=$(mktemp -d /dev/shm/plio-uring.XXXXXX) || exit 99
	trap 'rm -rf "$T" "$DISK" "$SHM"' EXIT INT TERM
	DIRS="$SHM $DISK"
fi

# can this kernel make a ring at all? (disabled by sysctl, seccomp, old kernel)
if ! "$PLIO" --name=t --ioengine=io_uring --size=64k --filename="$DISK/probe" \
	--output-format=json >"$T/out" 2>"$T/err"; then
	if grep -Eq 'io_uring_setup|io_uring_disabled' "$T/err"; then
		echo "SKIP: io_uring is not usable here: $(head -n 1 "$T/err")"
		exit 77
	fi
fi
rm -f "$DISK/probe"

# does the disk's file system take O_DIRECT?
DIRECT=--direct=1
$PYTHON - "$DISK/odirect" <<'PY' 2>/dev/null || DIRECT=
import os, sys
fd = os.open(sys.argv[1], os.O_CREAT | os.O_RDWR | os.O_DIRECT, 0o644)
os.close(fd)
os.unlink(sys.argv[1])
PY
[ -n "$DIRECT" ] || skip_part "$DISK does not take O_DIRECT: the direct=1 runs (buffered instead) and hipri"
[ "$DIRS" != "$DISK" ] || skip_part "/dev/shm is not usable: the tmpfs runs"

# check.py JSON RW FILE SYNCS: queued (pyq), one Python start for many
# runs (checks: below, after each group of runs).  The job moved SIZE
# bytes in SIZE/BS I/Os in the directions RW asks for, FILE holds SIZE
# bytes, a written file has no all-zero block, and the report counts at
# least SYNCS syncs ('-' = not checked).
cat >"$T/check.py" <<'PY'
import json, sys
doc, rw, path, syncs = sys.argv[1:5]
size, bs = int(sys.argv[5]), int(sys.argv[6])
text = open(doc).read()
j = json.loads(text[text.index("{"):])["jobs"][0]
r, w = j["read"]["io_bytes"], j["write"]["io_bytes"]
bad = []
if j.get("error"):
    bad.append("error %s" % j["error"])
if r + w != size:
    bad.append("moved %d read + %d written bytes, expected %d" % (r, w, size))
if j["read"]["total_ios"] + j["write"]["total_ios"] != size // bs:
    bad.append("%d+%d I/Os" % (j["read"]["total_ios"], j["write"]["total_ios"]))
if rw in ("read", "randread") and w:
    bad.append("wrote %d bytes" % w)
if rw in ("write", "randwrite") and r:
    bad.append("read %d bytes" % r)
if rw in ("rw", "randrw") and not (r and w):
    bad.append("mix of %d/%d" % (r, w))
data = open(path, "rb").read()
if len(data) != size:
    bad.append("file size %d" % len(data))
if w == size:
    zero = bytes(bs)
    holes = [i for i in range(0, len(data), bs) if data[i:i + bs] == zero]
    if holes:
        bad.append("%d blocks never written (first at %d)" % (len(holes), holes[0]))
if syncs != "-" and j.get("sync", {}).get("total_ios", 0) < int(syncs):
    bad.append("%s syncs, expected at least %s" % (j.get("sync", {}).get("total_ios"), syncs))
if bad:
    print("; ".join(bad))
    sys.exit(1)
PY

# one_run DESC DIR RW SYNCS ARGS...: run a 1 MiB job on a fresh file, queue
# its check (the report and the file are kept until checks runs)
n=0
one_run() {
	desc=$1
	dir=$2
	rw=$3
	syncs=$4
	shift 4
	n=$((n + 1))
	f="$dir/data.$n"
	rm -f "$f"
	run_ok "$desc" "$PLIO" --name=t --ioengine=io_uring --rw="$rw" --bs=$BS \
		--size=$SIZE --filename="$f" --output-format=json "$@" || return
	cp "$T/out" "$T/out.$n"
	pyq "$desc" "$T/check.py" "$T/out.$n" "$rw" "$f" "$syncs" $SIZE $BS
}
# checks: run the queued checks, then remove their files
checks() {
	pyq_run
	for dir in $DIRS; do
		rm -f "$dir"/data.*
	done
}

# every rw mode, iodepth 1 and 32: buffered on tmpfs, direct on the disk
for dir in $DIRS; do
	d=
	[ "$dir" = "$DISK" ] && d=$DIRECT
	for rw in read write randread randwrite randrw; do
		for qd in 1 32; do
			one_run "$rw qd$qd $dir $d" "$dir" $rw - --iodepth=$qd $d
		done
	done
	checks
done

# engine options, each on the disk (buffered) with a mixed job unless noted
for opts in "--fixedbufs=1" "--fixedbufs=1 $DIRECT" "--registerfiles=0" \
	"--registerfiles=1" "--sqthread_poll=1" "--nonvectored=0" \
	"--nonvectored=1" "--force_async=3" "--taskrun=coop" "--taskrun=none" \
	"--register_ring=0" "--cmdprio_percentage=50 --cmdprio_class=2 --cmdprio=4" \
	"--cmdprio_bssplit=4k/25/2/1,4k/75/3/0"; do
	one_run "randrw $opts" "$DISK" randrw - --iodepth=16 $opts
done
one_run "randwrite fixedbufs qd32" "$DISK" randwrite - --iodepth=32 --fixedbufs=1
one_run "randwrite sqthread_poll" "$DISK" randwrite - --iodepth=8 --sqthread_poll=1
checks

# syncs go through the ring (IORING_OP_FSYNC): fsync=4 syncs after every 4
# writes (the report counts them, as fio does, except after the last write);
# fdatasync=4 and end_fsync are not counted in the report, so these runs
# prove only that the engine completes them
one_run "write fsync=4" "$DISK" write $((SIZE / BS / 4 - 1)) --iodepth=8 --fsync=4
one_run "randwrite fdatasync=4" "$DISK" randwrite - --iodepth=8 --fdatasync=4
one_run "write end_fsync" "$DISK" write - --iodepth=8 --end_fsync=1
one_run "randwrite fsync=1 qd1" "$DISK" randwrite $((SIZE / BS - 1)) --fsync=1
checks

# nowait=1 on a file already in the page cache: no read would block
f="$DISK/cached"
dd if=/dev/urandom of="$f" bs=$SIZE count=1 2>/dev/null
cat "$f" >/dev/null
run_ok "randread nowait" "$PLIO" --name=t --ioengine=io_uring --rw=randread \
	--bs=$BS --size=$SIZE --filename="$f" --invalidate=0 --iodepth=16 \
	--nowait=1 --output-format=json &&
	{ $CHECK_JSON eq "$T/out" jobs.0.read.io_bytes $SIZE || fail "nowait: bytes"; }

# uncached=1 (RWF_DONTCACHE) either works (the option taken, every byte
# moved, as the other runs) or is refused by the engine
"$PLIO" --name=t --ioengine=io_uring --rw=randrw --bs=$BS --size=$SIZE \
	--filename="$DISK/unc" --uncached=1 --output-format=json >"$T/out" 2>"$T/err"
rc=$?
if [ $rc -eq 0 ]; then
	if msg=$($PYTHON "$T/check.py" "$T/out" randrw "$DISK/unc" - $SIZE $BS); then
		$CHECK_JSON eq "$T/out" "jobs.0.job options.uncached" 1 && pass ||
			fail "uncached=1: the report's job options do not say uncached=1"
	else
		fail "uncached=1: $msg"
	fi
elif grep -q "io_uring.*uncached=1 is not supported" "$T/err"; then
	pass
else
	fail "uncached=1: exit $rc: $(cat "$T/err")"
fi

# refusals: one line on stderr, naming the engine and the option, non-zero exit
# Refused while the options are parsed (the engine's check_options), with
# the option's place, before any file is laid out: one line, exit 1.
refuse() {
	desc=$1
	pat=$2
	shift 2
	rm -f "$DISK/refused"
	run_fails "$desc" "$pat" "$PLIO" --name=t --ioengine=io_uring --rw=randread \
		--bs=$BS --size=$SIZE --filename="$DISK/refused" "$@" || return
	n=$(wc -l <"$T/err")
	[ "$n" -eq 1 ] || fail "$desc: $n lines on stderr, expected one"
	[ ! -e "$DISK/refused" ] || fail "$desc: the file was laid out before the refusal"
}
refuse "hipri without direct" \
	"^plio: command line \\(argument 7\\): hipri: hipri=1 needs direct=1" --hipri=1
refuse "cmdprio both ways" \
	"argument 8\\): cmdprio_bssplit: cmdprio_percentage and cmdprio_bssplit exclude" \
	--cmdprio_percentage=10 --cmdprio_bssplit=4k/10
refuse "bad cmdprio_bssplit" "argument 7\\): cmdprio_bssplit: '4q/10'" \
	--cmdprio_bssplit=4q/10
refuse "cmdprio_bssplit garbage" "argument 7\\): cmdprio_bssplit: 'garbage': 'garbage' is not bs/percent or bs/percent/class/level" \
	--cmdprio_bssplit=garbage
refuse "cmdprio_bssplit class" "argument 7\\): cmdprio_bssplit: '4k/10/4/0': class '4' is not 1 to 3" \
	--cmdprio_bssplit=4k/10/4/0
refuse "cmdprio_bssplit 3 fields" "argument 7\\): cmdprio_bssplit: '4k/10/1': '4k/10/1' is not bs/percent or bs/percent/class/level" \
	--cmdprio_bssplit=4k/10/1
refuse "cmdprio_bssplit trims" "argument 7\\): cmdprio_bssplit: '4k/10,4k/20,4k/30': trims take no priority" \
	--cmdprio_bssplit=4k/10,4k/20,4k/30
refuse "cmdprio out of range" "argument 8\\): cmdprio: '9' is out of range \\(0 to 7\\)" \
	--cmdprio_percentage=10 --cmdprio=9
refuse "cmdprio_class out of range" "argument 7\\): cmdprio_class: '4' is out of range \\(1 to 3\\)" \
	--cmdprio_class=4
refuse "cmdprio_percentage trims" "argument 7\\): cmdprio_percentage: '10,20,30': trims take no priority" \
	--cmdprio_percentage=10,20,30

# --parse-only refuses too, and a job file names file:line
cat >"$T/bad.fio" <<EOF
[global]
ioengine=io_uring
filename=$DISK/refused
size=$SIZE

[t]
rw=randread
cmdprio_bssplit=4k/10/1/9
EOF
run_fails "job file split level" "^plio: $T/bad.fio:8: cmdprio_bssplit: '4k/10/1/9': level '9' is not 0 to 7\$" \
	"$PLIO" --parse-only "$T/bad.fio"
run_fails "parse-only garbage" "cmdprio_bssplit: 'garbage'" "$PLIO" --parse-only --name=t \
	--ioengine=io_uring --filename="$DISK/refused" --size=$SIZE --cmdprio_bssplit=garbage

# io_uring's counters (ABI 1.1): the ring holds iodepth SQEs, so queue()
# never finds it full; at least one enter per 16 I/Os, at most one per I/O
# (plus the final waits)
run_ok "io_uring counters" "$PLIO" --name=t --ioengine=io_uring --rw=randread --bs=$BS \
	--size=$SIZE --filename="$DISK/counters" $DIRECT --iodepth=16 --output-format=json &&
	jexpect "io_uring counters" "$T/out" "jobs.0.read.total_ios == $((SIZE / BS))" \
		'jobs.0.engine_counters.enter_calls >= 16' \
		"jobs.0.engine_counters.enter_calls <= $((SIZE / BS + 16))" \
		'jobs.0.engine_counters.sq_full == 0' 'jobs.0.engine_counters.busy_retries >= 0'
rm -f "$DISK/counters"

# hipri=1 with direct=1 polls where the device has poll queues; elsewhere
# the engine says why not
if [ -n "$DIRECT" ]; then
	"$PLIO" --name=t --ioengine=io_uring --rw=randread --bs=$BS --size=$SIZE \
		--filename="$DISK/hipri" --direct=1 --hipri=1 --iodepth=8 \
		--output-format=json >"$T/out" 2>"$T/err"
	rc=$?
	if [ $rc -eq 0 ]; then
		$CHECK_JSON eq "$T/out" jobs.0.read.io_bytes $SIZE || fail "hipri: bytes"
		pass
	elif grep -q "io_uring.*hipri=1 is not supported for" "$T/err" &&
		[ "$(wc -l <"$T/err")" -eq 1 ]; then
		pass
	else
		fail "hipri direct: exit $rc: $(cat "$T/err")"
	fi
fi

finish
