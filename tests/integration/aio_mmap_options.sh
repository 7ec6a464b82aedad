#!/bin/sh
# aio_mmap_options: the libaio and mmap engines move exactly the bytes asked
# for in every rw mode, on tmpfs (/dev/shm) and on the disk's file system
# (/var/tmp), libaio at iodepth 1 and 32 and with direct=1; written files
# hold data in every block; libaio's nowait, userspace_reap and fsync=N
# work; mmap with direct=1 is refused with one clear line.
. "$TOP_SRCDIR/tests/integration/lib.sh"

SIZE=1048576
BS=4096
SYNCS=

if ! "$PLIO" --enghelp=libaio >/dev/null 2>&1 ||
	! "$PLIO" --enghelp=mmap >/dev/null 2>&1; then
	echo "SKIP: the libaio or mmap engine is not available"
	exit 77
fi

DISK=$(mktemp -d /var/tmp/plio-aio-mmap.XXXXXX) || exit 99
trap 'rm -rf "$T" "$DISK"' EXIT INT TERM
DIRS=$DISK
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
	SHM=$(mktemp -d /dev/shm/plio-aio-mmap.XXXXXX) || exit 99
	trap 'rm -rf "$T" "$DISK" "$SHM"' EXIT INT TERM
	DIRS="$SHM $DISK"
else
	skip_part "/dev/shm is not usable: the tmpfs runs"
fi

# does the disk's file system take O_DIRECT? (tmpfs before Linux 6.6 does not)
direct_ok() {
	$PYTHON - "$1/probe" <<'PY'
import os, sys
fd = os.open(sys.argv[1], os.O_CREAT | os.O_RDWR | os.O_DIRECT, 0o644)
os.close(fd)
os.unlink(sys.argv[1])
PY
}

# check.py JSON RW FILE [SYNCS_MIN SYNCS_MAX] (one_run passes $SYNCS): queued
# by one_run (pyq) and run for many runs in one Python start (checks).  The job moved SIZE bytes in SIZE/BS
# I/Os in the directions RW asks for; FILE has SIZE bytes, and after a
# write-only job no all-zero block (write buffers are random: a block never
# written reads back as zeros); the sync count is in range when given.
cat >"$T/check.py" <<PY
import json, os, sys
size, bs = $SIZE, $BS
doc, rw, path = sys.argv[1], sys.argv[2], sys.argv[3]
with open(doc) as f:
    text = f.read()
job = json.loads(text[text.index("{"):])["jobs"][0]
r, w = job["read"]["io_bytes"], job["write"]["io_bytes"]
def no(why):
    print(why)
    sys.exit(1)
if r + w != size:
    no(f"moved {r} read + {w} written bytes, expected {size}")
if rw in ("read", "randread") and w:
    no(f"wrote {w} bytes")
if rw in ("write", "randwrite") and r:
    no(f"read {r} bytes")
if rw in ("rw", "randrw") and not (r and w):
    no(f"mix of {r}/{w}")
n = job["read"]["total_ios"] + job["write"]["total_ios"]
if n != size // bs:
    no(f"{n} I/Os, expected {size // bs}")
if os.path.getsize(path) != size:
    no(f"file size {os.path.getsize(path)}")
if rw in ("write", "randwrite"):
    data = open(path, "rb").read()
    zero = bytes(bs)
    bad = [i for i in range(0, len(data), bs) if data[i:i + bs] == zero]
    if bad:
        no(f"{len(bad)} blocks never written, the first at {bad[0]}")
if len(sys.argv) > 5:
    s = job["sync"]["total_ios"]
    if not int(sys.argv[4]) <= s <= int(sys.argv[5]):
        no(f"{s} syncs, expected {sys.argv[4]}..{sys.argv[5]}")
PY

# one_run DESC DIR RW OPTIONS...: a fresh file, one job, its check queued
# (the report and the file are kept until checks runs)
n=0
one_run() {
	desc=$1
	dir=$2
	rw=$3
	shift 3
	n=$((n + 1))
	f="$dir/file.$n"
	rm -f "$f"
	run_ok "$desc" "$PLIO" --name=t --rw="$rw" --bs=$BS --size=$SIZE \
		--filename="$f" --output-format=json "$@" || return
	cp "$T/out" "$T/out.$n"
	pyq "$desc" "$T/check.py" "$T/out.$n" "$rw" "$f" ${SYNCS:-}
}
# checks: run the queued checks, then remove their files
checks() {
	pyq_run
	for dir in $DIRS; do
		rm -f "$dir"/file.*
	done
}

for dir in $DIRS; do
	fs=$(stat -f -c %T "$dir")
	for rw in read write randread randwrite randrw; do
		one_run "libaio qd1 $rw on $fs" "$dir" $rw --ioengine=libaio --iodepth=1
		one_run "libaio qd32 $rw on $fs" "$dir" $rw --ioengine=libaio --iodepth=32
		one_run "mmap $rw on $fs" "$dir" $rw --ioengine=mmap
	done
	checks
done

if direct_ok "$DISK"; then
	for rw in read write randread randwrite randrw; do
		one_run "libaio direct qd32 $rw" "$DISK" $rw --ioengine=libaio \
			--iodepth=32 --direct=1
	done
	one_run "libaio direct qd1 randrw" "$DISK" randrw --ioengine=libaio \
		--iodepth=1 --direct=1
else
	skip_part "$DISK does not take O_DIRECT: the direct=1 runs"
fi

# userspace_reap=1: completions read from the ring when polling (min 0),
# and through io_getevents otherwise; the same bytes either way
for dir in $DIRS; do
	for min in 0 1; do
		one_run "libaio userspace_reap complete_min=$min" "$dir" randread \
			--ioengine=libaio --iodepth=16 --userspace_reap=1 \
			--iodepth_batch_complete_min=$min
	done
done
one_run "libaio userspace_reap randrw" "$DISK" randrw --ioengine=libaio \
	--iodepth=8 --userspace_reap=1 --iodepth_batch_complete_min=0

# nowait=1 on pages already cached (the layout just wrote them, and
# invalidate=0 keeps them) never has to block
one_run "libaio nowait randread" "$DISK" randread --ioengine=libaio \
	--iodepth=8 --nowait=1 --invalidate=0
checks
# a file system without RWF_NOWAIT for AIO is refused before any I/O
if [ -n "${SHM:-}" ]; then
	rm -f "$SHM/file"
	if "$PLIO" --name=t --ioengine=libaio --rw=randread --bs=$BS --size=$SIZE \
		--filename="$SHM/file" --nowait=1 --invalidate=0 \
		--output-format=json >"$T/out" 2>"$T/err"; then
		why=$($PYTHON "$T/check.py" "$T/out" randread "$SHM/file") &&
			pass || fail "libaio nowait on tmpfs: $why"
	elif grep -q "does not support RWF_NOWAIT" "$T/err"; then
		[ "$(wc -l <"$T/err")" -eq 1 ] && pass ||
			fail "libaio nowait on tmpfs: more than one line"
	else
		fail "libaio nowait on tmpfs: neither ran nor said why"
		sed 's/^/    /' "$T/err" >&2
	fi
fi

# fsync=4: a sync after every 4 writes but the last ones, through the engine:
# 63 for 256 writes (64 if the last writes get one too)
SYNCS="63 64"
for eng in libaio mmap; do
	for dir in $DIRS; do
		one_run "$eng fsync=4 on $(stat -f -c %T "$dir")" "$dir" randwrite \
			--ioengine=$eng --iodepth=4 --fsync=4
	done
done
SYNCS=
one_run "libaio fdatasync=8" "$DISK" randwrite --ioengine=libaio --iodepth=16 \
	--fdatasync=8
checks

# libaio's counters (ABI 1.1): with direct=1 it submits in slices of 4, so
# 256 reads at iodepth 16 take 64 to 256 io_submit calls; buffered, every
# completion is read from the ring in user space or one io_getevents each
if direct_ok "$DISK"; then
	run_ok "libaio counters" "$PLIO" --name=t --ioengine=libaio --rw=randread --bs=$BS \
		--size=$SIZE --filename="$DISK/counters" --direct=1 --iodepth=16 \
		--output-format=json &&
		jexpect "libaio counters" "$T/out" 'jobs.0.read.total_ios == 256' \
			'jobs.0.engine_counters.io_submit_calls >= 64' \
			'jobs.0.engine_counters.io_submit_calls <= 256' \
			'jobs.0.engine_counters.io_getevents_calls <= 256' \
			'jobs.0.engine_counters.eagain_resubmits >= 0'
	run_ok "libaio counters, normal output" "$PLIO" --name=t --ioengine=libaio \
		--rw=randread --bs=$BS --size=$SIZE --filename="$DISK/counters" --direct=1 &&
		{ grep -Eq '^     engine    : libaio: io_submit_calls=256, io_getevents_calls=[0-9]+, eagain_resubmits=0$' "$T/out" &&
			pass || fail "libaio counters: $(grep engine "$T/out")"; }
	rm -f "$DISK/counters"
fi

# mmap cannot do direct I/O: one line saying so, nothing run
run_fails "mmap direct=1" "engine mmap cannot do direct I/O" "$PLIO" --name=t \
	--ioengine=mmap --rw=read --bs=$BS --size=$SIZE --filename="$DISK/direct" \
	--direct=1 && {
	[ "$(wc -l <"$T/err")" -eq 1 ] || fail "mmap direct=1: more than one line"
	[ ! -e "$DISK/direct" ] || fail "mmap direct=1 created its file"
}

finish
