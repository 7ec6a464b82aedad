#!/bin/sh
# latency_sums: for a queued engine, every I/O's total latency is its
# submission latency plus its completion latency, so the reported means
# add up: mean(slat) + mean(clat) == mean(lat) to 1 ns in the JSON, per
# direction, as fio guarantees.  Runs libaio and io_uring at iodepth 16
# on a file (direct=1 under /var/tmp when the file system allows it) and
# the record-async test engine, whichever are available; at least one
# must run.
. "$TOP_SRCDIR/tests/integration/lib.sh"

# O_DIRECT needs a real file system: /var/tmp is one where $T may be tmpfs
D=$(mktemp -d /var/tmp/plio-lat.XXXXXX 2>/dev/null) || D=$T
trap 'rm -rf "$T"; [ "$D" = "$T" ] || rm -rf "$D"' EXIT INT TERM
direct=1
dd if=/dev/zero of="$D/probe" bs=4096 count=1 oflag=direct 2>/dev/null || direct=0

ran=0
# sums DESC OPTIONS...: run a 4 KiB random read/write job, check the sums
sums() {
	desc=$1
	shift
	rm -f "$D/f"
	if ! "$PLIO" --name=lat --rw=randrw --bs=4k --size=4m --iodepth=16 \
		--output-format=json "$@" >"$T/out" 2>"$T/err"; then
		if grep -Eq 'not (loadable|found|available)|cannot load|unknown engine|no engine' "$T/err"; then
			skip_part "$desc: $(head -1 "$T/err")"
			return 0
		fi
		fail "$desc: $(cat "$T/err")"
		return 0
	fi
	sanitized "$desc" && return 0
	ran=$((ran + 1))
	$PYTHON - "$T/out" "$desc" <<'PY' && pass || fail "$desc: latency means do not add up"
import json, sys
job = json.load(open(sys.argv[1]))["jobs"][0]
bad = 0
for d in ("read", "write"):
    s = job[d]
    if not s["total_ios"]:
        continue
    slat, clat, lat = (s[k]["mean"] for k in ("slat_ns", "clat_ns", "lat_ns"))
    n = [s[k]["N"] for k in ("slat_ns", "clat_ns", "lat_ns")]
    if n != [s["total_ios"]] * 3:
        print(f"{sys.argv[2]}: {d}: N of slat, clat, lat {n}, "
              f"total_ios {s['total_ios']}", file=sys.stderr)
        bad += 1
    if abs(slat + clat - lat) > 1.0:
        print(f"{sys.argv[2]}: {d}: slat {slat} + clat {clat} = "
              f"{slat + clat}, lat {lat}", file=sys.stderr)
        bad += 1
sys.exit(1 if bad else 0)
PY
}

sums "libaio" --ioengine=libaio --direct=$direct --filename="$D/f"
sums "io_uring" --ioengine=io_uring --direct=$direct --filename="$D/f"
sums "record-async" --plugin-dir "$TESTPLUGINS" --ioengine=record-async \
	--record_file="$T/rec" --filename="$D/f"
[ "$ran" -gt 0 ] || fail "no queued engine could run"
finish
