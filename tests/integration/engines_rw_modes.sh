#!/bin/sh
# engines_rw_modes: every engine of the null and sync plugins runs every rw
# mode on a temporary file, moving exactly the bytes asked for; the record
# engine proves which offsets each mode touches; written data reaches the file.
. "$TOP_SRCDIR/tests/integration/lib.sh"

SIZE=1048576
BS=4096

for eng in null sync psync vsync pvsync pvsync2; do
	for rw in read write randread randwrite rw randrw; do
		f="$T/$eng-$rw"
		rm -f "$f"
		run_ok "$eng $rw" "$PLIO" --name=t --ioengine=$eng --rw=$rw --bs=$BS \
			--size=$SIZE --filename="$f" --output-format=json || continue
		# one Python start for the four figures
		jset "$T/out" r=jobs.0.read.io_bytes w=jobs.0.write.io_bytes \
			ios=jobs.0.read.total_ios iow=jobs.0.write.total_ios ||
			{ fail "$eng $rw: figures missing from the JSON"; continue; }
		if [ $((r + w)) -ne $SIZE ]; then
			fail "$eng $rw: moved $r read + $w written bytes, expected $SIZE"
			continue
		fi
		case $rw in
		read|randread) [ "$w" -eq 0 ] || fail "$eng $rw wrote $w bytes" ;;
		write|randwrite) [ "$r" -eq 0 ] || fail "$eng $rw read $r bytes" ;;
		*) { [ "$r" -gt 0 ] && [ "$w" -gt 0 ]; } || fail "$eng $rw: mix of $r/$w" ;;
		esac
		[ $((ios + iow)) -eq $((SIZE / BS)) ] || fail "$eng $rw: $ios+$iow I/Os"
		# the null engine creates no file; the others leave one of the size
		if [ $eng = null ]; then
			[ ! -e "$f" ] || fail "null $rw created $f"
		else
			[ "$(stat -c %s "$f")" -eq $SIZE ] || fail "$eng $rw: file size $(stat -c %s "$f")"
		fi
		pass
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
