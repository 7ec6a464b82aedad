#!/bin/sh
# engines_rw_modes: every engine of the null and sync plugins runs every rw
# mode on a temporary file, moving exactly the bytes asked for; the record
# engine proves which offsets each mode touches; written data reaches the file.
. "$TOP_SRCDIR/tests/integration/lib.sh"

SIZE=1048576
BS=4096

# run.py JSON ENG RW FILE WHAT: one check of a run (WHAT: bytes, direction,
# ios or file); each run's four are queued (pyq) and all of them run in
# one Python start at the end, a pass or a fail each
cat >"$T/run.py" <<'PY'
import json, os, sys
doc, eng, rw, path, what = sys.argv[1:6]
size, bs = int(sys.argv[6]), int(sys.argv[7])
j = json.load(open(doc))["jobs"][0]
r, w = j["read"]["io_bytes"], j["write"]["io_bytes"]
ios, iow = j["read"]["total_ios"], j["write"]["total_ios"]
if what == "bytes" and r + w != size:
    sys.exit(f"moved {r} read + {w} written bytes, expected {size}")
if what == "direction":
    if rw in ("read", "randread") and w:
        sys.exit(f"wrote {w} bytes")
    if rw in ("write", "randwrite") and r:
        sys.exit(f"read {r} bytes")
    if rw in ("rw", "randrw") and not (r > 0 and w > 0):
        sys.exit(f"mix of {r}/{w}")
if what == "ios" and ios + iow != size // bs:
    sys.exit(f"{ios}+{iow} I/Os")
# the null engine creates no file; the others leave one of the size
if what == "file":
    if eng == "null":
        if os.path.exists(path):
            sys.exit(f"created {path}")
    elif os.path.getsize(path) != size:
        sys.exit(f"file size {os.path.getsize(path)}")
PY
for eng in null sync psync vsync pvsync pvsync2; do
	for rw in read write randread randwrite rw randrw; do
		f="$T/$eng-$rw"
		rm -f "$f"
		run_ok "$eng $rw" "$PLIO" --name=t --ioengine=$eng --rw=$rw --bs=$BS \
			--size=$SIZE --filename="$f" --output-format=json || continue
		cp "$T/out" "$T/out.$eng-$rw"
		for what in bytes direction ios file; do
			pyq "$eng $rw: $what" "$T/run.py" "$T/out.$eng-$rw" $eng $rw "$f" \
				$what $SIZE $BS
		done
	done
done

# written data really lands: a fresh file written by each engine has no
# all-zero 4 KiB block (write buffers hold random data); the files stay,
# their checks queued (pyq) and run in one Python start at the end
cat >"$T/blocks.py" <<'PY'
import sys
data = open(sys.argv[1], "rb").read()
bs = int(sys.argv[2])
zero = bytes(bs)
bad = [i for i in range(0, len(data), bs) if data[i:i + bs] == zero]
sys.exit(1 if bad or not data else 0)
PY
for eng in sync psync vsync pvsync pvsync2; do
	f="$T/content-$eng"
	run_ok "$eng randwrite content" "$PLIO" --name=t --ioengine=$eng \
		--rw=randwrite --bs=$BS --size=$SIZE --filename="$f" \
		--output-format=json || continue
	pyq "$eng: some block was never written" "$T/blocks.py" "$f" $BS
done

# offsets each mode touches, seen through the record engine
for rw in read write randread randwrite rw randrw; do
	f="$T/rec-$rw"
	rm -f "$T/log"*
	run_ok "record $rw" "$PLIO" --plugin-dir "$TESTPLUGINS" --name=t \
		--ioengine=record --record_file="$T/log" --rw=$rw --bs=$BS \
		--size=$SIZE --filename="$f" --output-format=json || continue
	case $rw in
	read|write|rw) mode=seq ;;
	*) mode=perm ;;
	esac
	$CHECK_JSON offsets "$T/log.0.0" $SIZE $BS $mode || fail "record $rw: offsets"
done

# iodepth > 1 goes through queue/commit/reap: the null engine queues
run_ok "null iodepth 32" "$PLIO" --name=t --ioengine=null --rw=randread \
	--bs=$BS --size=$SIZE --iodepth=32 --output-format=json &&
	$CHECK_JSON eq "$T/out" jobs.0.read.io_bytes $SIZE || fail "null qd32 bytes"
# slat is measured only for queued I/O; clat + slat = lat on average
pyq_py "null qd32: slat+clat != lat" "$T/out" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["jobs"][0]["read"]
assert r["slat_ns"]["N"] == 256, r["slat_ns"]
assert abs(r["slat_ns"]["mean"] + r["clat_ns"]["mean"] - r["lat_ns"]["mean"]) <= 1.0
PY

finish
