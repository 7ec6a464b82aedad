#!/bin/sh
# file_engines: the falloc and ftruncate engines (plugins of their own) do
# to the file what fio's do, seen from outside: falloc's writes allocate and
# extend, its reads allocate and keep the size, its trims punch holes (the
# file's size and blocks, and with strace the fallocate(2) mode of each I/O);
# ftruncate's writes set the file's size to their offset (the last one's,
# from the job's own write_iolog), and a job that reads is refused; with fio
# installed, the same files as fio's.
. "$TOP_SRCDIR/tests/integration/lib.sh"
cd "$T" || exit 99

F=$T/f
blocks() { stat -c %b "$1"; }	# 512-byte blocks
size() { stat -c %s "$1"; }
# The file's allocated logical ranges in 512-byte units, merged ("0-127"),
# from FIEMAP: unlike st_blocks, blind to the file system's own metadata
# (an extent index block when the 16 allocations land apart); st_blocks
# where FIEMAP is not available.
ranges() {
	filefrag -e -b512 "$1" 2>/dev/null | awk '
		/^ *[0-9]+:/ { gsub(/\.\./, " "); gsub(/:/, " "); s = $2; e = $3
			if (n && s == pe + 1) { pe = e; next }
			if (n) printf "%s%d-%d", sep, ps, pe; sep = ","; ps = s; pe = e; n = 1 }
		END { if (n) printf "%s%d-%d", sep, ps, pe; if (!NR) exit 1; print "" }' ||
		echo "$(blocks "$1") blocks"
}

# --- falloc
rm -f "$F"
run_ok "falloc writes" "$PLIO" --name=a --ioengine=falloc --filename="$F" --rw=write --bs=64k \
	--size=1m --fallocate=none --output-format=json &&
	jexpect "falloc writes: 1 MiB written" "$T/out" "jobs.0.write.io_bytes == 1048576" \
		"jobs.0.write.total_ios == 16" &&
	[ "$(size "$F")" = 1048576 ] && [ "$(blocks "$F")" -ge 2048 ] && pass ||
	fail "falloc writes: size $(size "$F"), $(blocks "$F") blocks"
run_ok "falloc trims" "$PLIO" --name=a --ioengine=falloc --filename="$F" --rw=trim --bs=64k \
	--size=1m --output-format=json &&
	[ "$(size "$F")" = 1048576 ] && [ "$(blocks "$F")" -eq 0 ] && pass ||
	fail "falloc trims: size $(size "$F"), $(blocks "$F") blocks (holes expected)"
run_ok "falloc reads" "$PLIO" --name=a --ioengine=falloc --filename="$F" --rw=randread \
	--bs=64k --size=1m --output-format=json &&
	jexpect "falloc reads: 1 MiB read" "$T/out" "jobs.0.read.io_bytes == 1048576" &&
	[ "$(size "$F")" = 1048576 ] && [ "$(blocks "$F")" -ge 2048 ] && pass ||
	fail "falloc reads: size $(size "$F"), $(blocks "$F") blocks (allocated, same size)"
if command -v strace >/dev/null 2>&1 && strace -f -o /dev/null true >/dev/null 2>&1; then
	strace -f -e trace=fallocate -o "$T/st" "$PLIO" --name=a --ioengine=falloc --filename="$F" \
		--rw=randrw --bs=4k --size=64k --write_iolog="$T/fa.log" --output=/dev/null &&
		pyq_py "falloc: one fallocate per I/O, its mode by direction" "$T/st" "$T/fa.log" <<'PY'
import re, sys
calls = [(m.group(1), int(m.group(2)), int(m.group(3)))
         for m in (re.search(r"fallocate\(\d+, (\S+), (\d+), (\d+)\)\s+= 0", l) for l in open(sys.argv[1])) if m]
ios = [(f[2], int(f[3]), int(f[4])) for f in (l.split() for l in open(sys.argv[2])) if len(f) == 5]
mode = {"read": "FALLOC_FL_KEEP_SIZE", "write": "0"}
assert calls[-len(ios):] == [(mode[d], o, n) for d, o, n in ios], (calls[-3:], ios[-3:])
PY
else
	skip_part "strace is not installed: fallocate modes not traced"
fi

# --- ftruncate: each write sets the size to its offset
rm -f "$F"
run_ok "ftruncate sequential" "$PLIO" --name=t --ioengine=ftruncate --filename="$F" --rw=write \
	--bs=4k --size=64k --output-format=json &&
	jexpect "ftruncate: 16 writes of 4k counted" "$T/out" "jobs.0.write.total_ios == 16" \
		"jobs.0.write.io_bytes == 65536" &&
	[ "$(size "$F")" = 61440 ] && pass || fail "ftruncate: size $(size "$F"), expected 61440"
rm -f "$F" "$T/ft.log"
run_ok "ftruncate random" "$PLIO" --name=t --ioengine=ftruncate --filename="$F" --rw=randwrite \
	--bs=4k --size=64k --write_iolog="$T/ft.log" --output-format=json &&
	[ "$(size "$F")" = "$(awk 'NF==5 {o=$4} END {print o}' "$T/ft.log")" ] && pass ||
	fail "ftruncate random: size $(size "$F"), last write at $(awk 'NF==5 {o=$4} END {print o}' "$T/ft.log")"
run_fails "ftruncate reading" "engine ftruncate: it only writes" \
	"$PLIO" --name=t --ioengine=ftruncate --filename="$F" --rw=randrw --size=64k

# --- fio: the same files
if command -v fio >/dev/null 2>&1; then
	for e in falloc ftruncate; do
		rm -f "$T/fio.$e" "$T/plio.$e"
		fio --name=t --ioengine=$e --filename="$T/fio.$e" --rw=write --bs=4k --size=64k \
			--fallocate=none --output=/dev/null >/dev/null 2>&1
		"$PLIO" --name=t --ioengine=$e --filename="$T/plio.$e" --rw=write --bs=4k --size=64k \
			--fallocate=none --output=/dev/null
		[ "$(size "$T/fio.$e")" = "$(size "$T/plio.$e")" ] &&
			[ "$(ranges "$T/fio.$e")" = "$(ranges "$T/plio.$e")" ] && pass ||
			fail "$e: fio leaves $(size "$T/fio.$e") bytes allocated at $(ranges "$T/fio.$e"), plio $(size "$T/plio.$e") at $(ranges "$T/plio.$e")"
	done
else
	skip_part "fio is not installed: files not compared"
fi

finish
